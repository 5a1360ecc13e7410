"""``workbench eval``: measure grouping and dating against annotated corpora."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.group("eval")
def eval_group() -> None:
    """Measure grouping and dating quality on annotated news corpora."""


def _reporter() -> object:
    ctx = click.get_current_context()
    obj = ctx.find_root().obj
    if obj is not None and hasattr(obj, "reporter"):
        return obj.reporter
    from ..console import Reporter

    return Reporter()


@eval_group.command("ecbplus")
@click.argument("data_dir", type=click.Path(path_type=Path))
@click.option(
    "--topics",
    default=None,
    metavar="SPEC",
    help="Topics to pool, e.g. 1-35 or 1,3,36-45 [default: every topic found].",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the response, one JSON object per mention: {doc, m_id, cluster}.",
)
def ecbplus(data_dir: Path, topics: str | None, out: Path | None) -> None:
    """Cross-document event coreference on ECB+ (MUC, B3, CEAF-e, CoNLL F1).

    Every gold event mention in the corpus's selected sentences becomes one item for the
    same grouping engine the product uses; all documents are pooled, no gold topic is
    used.

    Example: workbench eval ecbplus ../shared/data/ecbplus --topics 1-35 --out resp.jsonl
    """
    from ..extract.nlp import ModelNotInstalled
    from .ecbplus import EcbError, parse_topics, run

    try:
        result = run(data_dir, parse_topics(topics), reporter=_reporter())
    except (EcbError, ModelNotInstalled) as exc:
        raise click.ClickException(str(exc)) from None
    if out is not None:
        try:
            with out.open("w", encoding="utf-8") as fh:
                for row in result.rows:
                    fh.write(json.dumps(row) + "\n")
        except OSError as exc:
            raise click.ClickException(f"{out}: cannot write ({exc.strerror})") from None
    click.echo(
        f"{result.documents} documents, {result.mentions} mentions, "
        f"{result.gold_clusters} gold clusters, {result.response_clusters} predicted, "
        f"{result.seconds:.1f} s"
    )
    click.echo(result.scores.table())
