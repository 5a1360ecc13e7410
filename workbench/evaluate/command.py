"""``workbench eval``: measure grouping and dating against annotated corpora."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from ..console import Context, Reporter


@click.group("eval")
def eval_group() -> None:
    """Measure grouping and dating quality on annotated news corpora.

    \b
    Example: workbench eval all ../shared/data --db-dir /tmp/t17
    """


def _reporter() -> Reporter:
    obj = click.get_current_context().find_root().obj
    if isinstance(obj, Context):
        return obj.reporter
    return Reporter()


def _write_report(out: Path, report: dict) -> None:
    """``report`` as indented JSON in ``out``; a file that cannot be written is one line."""
    try:
        out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError as exc:
        raise click.ClickException(f"{out}: cannot write ({exc.strerror})") from None


def _report(result: Any, out: Path | None) -> None:
    """A result's summary on stdout, and its JSON report in ``out`` if asked for."""
    if out is not None:
        _write_report(out, result.as_dict())
    click.echo(result.summary())


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
    help="Write the response, one JSON object per mention: {doc, m_id, cluster}; with "
    "--claims, a JSON report with the counts and examples of wrong and missed pairs.",
)
@click.option(
    "--samples",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Also score this many random pools of --pool-size topics: how much one held-out "
    "set of that size may differ from the whole pool.",
)
@click.option("--pool-size", type=click.IntRange(min=1), default=10, show_default=True,
              help="Topics in each random pool (ECB+ holds out 10).")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Seed for choosing the random pools (and --claims collections).")
@click.option("--claims", "claims_mode", is_flag=True,
              help="Instead: run the articles through ingest, extract and grouping as a "
              "user's would and score the grouped claims, then their entries again with "
              "every article published on one day (about 2 min on the ECB+ dev topics).")
@click.option("--articles", type=click.IntRange(min=2), default=5, show_default=True,
              help="With --claims: articles in each small collection on one occasion.")
def ecbplus(data_dir: Path, topics: str | None, out: Path | None, samples: int,
            pool_size: int, seed: int, claims_mode: bool, articles: int) -> None:
    """Cross-document event coreference on ECB+ (MUC, B3, CEAF-e, CoNLL F1).

    Every gold event mention in the corpus's selected sentences becomes one item for the
    same grouping engine the product uses; all documents are pooled, no gold topic is
    used.

    \b
    Example:
      workbench eval ecbplus ../shared/data/ecbplus --topics 1-35 --out resp.jsonl
    """
    from ..extract.nlp import ModelNotInstalled
    from .ecbplus import EcbError, Spread, parse_topics, run

    if claims_mode and samples:
        raise click.UsageError("--samples scores gold mentions; it does not go with --claims")
    if claims_mode:
        from . import claims

        try:
            found = claims.run(data_dir, parse_topics(topics), reporter=_reporter(),
                               size=articles, seed=seed)
        except (EcbError, ModelNotInstalled) as exc:
            raise click.ClickException(str(exc)) from None
        for line in found.notes:
            click.echo(f"note: {line}")
        for line in found.unreadable:
            click.echo(f"skipped {line}")
        click.echo(f"{found.documents} documents, {found.claims} claims, {found.scored} whose "
                   f"main word is a gold event mention, {found.seconds:.1f} s")
        click.echo("cross-article pairs of those claims, right when their main mentions "
                   "corefer:")
        for count in found.counts:
            click.echo(f"  {count.line()}")
        click.echo("the same claims in chronology entries (an ECB+ sub-topic is one occasion):")
        for occasion in found.occasions:
            click.echo(f"  {occasion.line()}")
        if out is not None:
            _write_report(out, found.as_dict())
        return
    try:
        result = run(data_dir, parse_topics(topics), reporter=_reporter(), samples=samples,
                     pool_size=pool_size, seed=seed)
    except (EcbError, ModelNotInstalled) as exc:
        raise click.ClickException(str(exc)) from None
    if out is not None:
        try:
            with out.open("w", encoding="utf-8") as fh:
                for row in result.rows:
                    fh.write(json.dumps(row) + "\n")
        except OSError as exc:
            raise click.ClickException(f"{out}: cannot write ({exc.strerror})") from None
    for line in result.notes:
        click.echo(f"note: {line}")
    for line in result.unreadable:
        click.echo(f"skipped {line}")
    click.echo(
        f"{result.documents} documents, {result.mentions} mentions, "
        f"{result.gold_clusters} gold clusters, {result.response_clusters} predicted, "
        f"{result.seconds:.1f} s"
    )
    click.echo(result.scores.table())
    if result.pools:
        click.echo(Spread(result.pools).line(result.pool_size))


@eval_group.command("timeline")
@click.argument("data_dir", type=click.Path(path_type=Path))
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the full report (metrics, failure counts, examples) as JSON.",
)
@click.option(
    "--keep-db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Build the workbench database here instead of a temporary file, to inspect it "
    "(the articles it cites are written beside it as .jsonl).",
)
def timeline(data_dir: Path, out: Path | None, keep_db: Path | None) -> None:
    """Dating and cross-document grouping on SemEval-2015 TimeLine data.

    DATA_DIR holds documents/*.tml and timelines/*.txt (or, as the SemEval release has
    them, a folder of .tml articles and one of timeline .txt files), or sub-folders up to
    two levels down that each hold one such corpus (each is then grouped on its own and
    the counts are pooled; --keep-db gets the corpus name added). The articles go through the
    product's own ingest, extract and group stages (their creation time is the published
    date); the gold timelines then say whether each event's claim carries the right date
    and whether mentions of one event in different articles ended in one group.

    \b
    Example:
      workbench eval timeline ../shared/data/semeval2015-timeline-trial
    """
    from .timeline import TimelineError, run

    _build_and_report(run, TimelineError, data_dir, out, keep_db)


def _build_and_report(run: Any, error: type[Exception], data_dir: Path, out: Path | None,
                      keep_db: Path | None) -> None:
    """Run an evaluation that builds its corpus in a database (a new ``keep_db`` if
    given, else a temporary one) and report it; its ``error`` is one line, no traceback."""
    from ..extract.nlp import ModelNotInstalled

    if keep_db is not None and (keep_db.exists() or keep_db.with_suffix(".jsonl").exists()):
        raise click.ClickException(f"{keep_db}: already exists (or its .jsonl does); give a "
                                   "new file for --keep-db")
    try:
        result = run(data_dir, reporter=_reporter(), db_path=keep_db)
    except (error, ModelNotInstalled) as exc:
        raise click.ClickException(str(exc)) from None
    _report(result, out)


@eval_group.command("timeml")
@click.argument("data_dir", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the full report (per half, per provenance, examples) as JSON.")
@click.option("--keep-db", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Build the workbench database here instead of a temporary file.")
def timeml(data_dir: Path, out: Path | None, keep_db: Path | None) -> None:
    """Dating on TimeML news: the events annotators linked to a date.

    DATA_DIR holds .tml files with TLINKs (TimeBank and AQUAINT as TempEval-3 gives them,
    in TBAQ-cleaned/), in sub-folders or not. Each article is built with the product (its
    creation time is the published date); an event linked inside a calendar date must be
    covered by a claim (or a dated part of one) carrying that date. Reported for the whole
    and for two fixed halves of the documents, so that a rule found on one half can be
    checked on the other.

    \b
    Example: workbench eval timeml ~/data/TBAQ-cleaned --out tbaq.json
    """
    from .timeml import TimeMLError, run

    _build_and_report(run, TimeMLError, data_dir, out, keep_db)


@eval_group.command("t17")
@click.argument("data_dir", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write a JSON report (per story and timeline).")
@click.option("--db-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Keep each story's database here (<story>.db, with the articles it "
              "cites as <story>.jsonl) and reuse it next time: articles already extracted "
              "are not read again.")
@click.option("--as-built", is_flag=True,
              help="With --db-dir: score an existing database as it stands (no regroup).")
def t17(data_dir: Path, out: Path | None, db_dir: Path | None, as_built: bool) -> None:
    """Date-F1 of the ranked queue on Timeline17 stories.

    DATA_DIR is one story (InputDocs/YYYY-MM-DD/*.txt and timelines/*.txt) or a folder of
    them. Each story is built with the product (its folder's day is each article's
    published date); the first k distinct days of the queue a large collection opens with
    (importance first, background left out) are scored against each journalist timeline's
    k days, as news-tls does, beside the days with the most articles published; then both
    again with only the days inside each timeline's span (news-tls' own setting).

    \b
    Example: workbench eval t17 ../shared/data/timeline17 --db-dir /tmp/t17
    """
    from ..extract.nlp import ModelNotInstalled
    from .t17 import T17Error, run

    try:
        result = run(data_dir, reporter=_reporter(), db_dir=db_dir,
                     regroup_existing=not as_built)
    except (T17Error, ModelNotInstalled) as exc:
        raise click.ClickException(str(exc)) from None
    _report(result, out)


def _fitted(run, data_dir: Path, db_dir: Path) -> dict:
    try:
        return run(data_dir, db_dir)
    except (ValueError, OSError) as exc:
        raise click.ClickException(str(exc)) from None


def _save_fitted(module, name: str, save_weights, report: dict) -> None:
    """Write the weights fitted on every story beside ``module`` and use them from now."""
    from importlib import resources

    path = Path(str(resources.files(module.__package__).joinpath(name)))
    save_weights(report, path)
    module.weights.cache_clear()
    click.echo(f"saved: {path}")


@eval_group.command("fit-importance")
@click.argument("data_dir", type=click.Path(path_type=Path))
@click.option("--db-dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Where `eval t17 --db-dir` built the stories.")
@click.option("--save", is_flag=True,
              help="Write the weights fitted on every story to workbench/group/importance.json.")
def fit_importance(data_dir: Path, db_dir: Path, save: bool) -> None:
    """Fit the importance weights on built Timeline17 stories; report leave-one-story-out.

    \b
    Example:
      workbench eval fit-importance ../shared/data/timeline17 --db-dir /tmp/t17
    """
    from ..group import rank
    from .fit import run
    from .fit import save as save_weights

    report = _fitted(run, data_dir, db_dir)
    for name, story in report["stories"].items():
        click.echo(f"{name:24} Date-F1 (weights fitted on the other stories): "
                   f"{', '.join(f'{f:.3f}' for f in story['date_f1_held_out'])}")
    click.echo(f"mean, leave one story out: {report['mean_date_f1_held_out']:.3f}")
    click.echo(f"weights on every story: {report['weights']}")
    if save:
        _save_fitted(rank, "importance.json", save_weights, report)


@eval_group.command("fit-suggestions")
@click.argument("data_dir", type=click.Path(path_type=Path))
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The ECB+ articles grouped in one database (built here if missing).")
@click.option("--save", is_flag=True,
              help="Write the weights fitted on every topic to workbench/review/suggest.json.")
def fit_suggestions(data_dir: Path, db_path: Path, save: bool) -> None:
    """Fit the weights of suggested merges on ECB+; report them on topics left out.

    \b
    Example:
      workbench eval fit-suggestions ../shared/data/ecbplus --db /tmp/ecb.db
    """
    from ..review import suggest
    from .suggestions import run
    from .suggestions import save as save_weights

    try:
        report = run(data_dir, db_path)
    except (ValueError, OSError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"weights in use:           {report['before'].line()}")
    click.echo(f"fitted, topics left out:  {report['held_out'].line()}")
    click.echo(f"weights on every topic ({report['examples']} candidates): {report['weights']}")
    if save:
        _save_fitted(suggest, "suggest.json", save_weights, report)


@eval_group.command("fit-titles")
@click.argument("data_dir", type=click.Path(path_type=Path))
@click.option("--db-dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Where `eval t17 --db-dir` built the stories.")
@click.option("--save", is_flag=True,
              help="Write the weights fitted on every story to workbench/group/titles.json.")
def fit_titles(data_dir: Path, db_dir: Path, save: bool) -> None:
    """Fit the weights of entry titles on built Timeline17 stories; report leave-one-story-out.

    A title is scored by its word overlap (ROUGE-1 F) with the journalist's first sentence
    for its day. Takes a minute or two.

    \b
    Example:
      workbench eval fit-titles ../shared/data/timeline17 --db-dir /tmp/t17
    """
    from ..group import titles
    from .fit_titles import run
    from .fit_titles import save as save_weights

    report = _fitted(run, data_dir, db_dir)
    for name, story in report["stories"].items():
        click.echo(f"{name:24} title overlap: as built {story['stored']:.3f}, "
                   f"weights fitted on the other stories {story['held_out']:.3f}")
    click.echo(f"mean: as built {report['mean_stored']:.3f}, leave one story out "
               f"{report['mean_held_out']:.3f} (lead within "
               f"{report['weights']['lead_chars']:.0f} characters; by lead: "
               f"{report['by_lead_chars']})")
    click.echo(f"weights on every story: {report['weights']}")
    if save:
        _save_fitted(titles, "titles.json", save_weights, report)


@eval_group.command("chronology")
@click.argument("gold", type=click.Path(dir_okay=False, exists=True, path_type=Path))
def chronology(gold: Path) -> None:
    """Score the database (--db) against an editor's chronology (JSON).

    Prints the entries the queue shows, B3 over the gold sentences, the entries dated
    right, and the reviewer actions the queue would take to become that chronology.

    \b
    Example:
      workbench eval chronology tests/data/seeds_chronology.json
    """
    from ..db import connect
    from .chronology import read_gold, score

    ctx = click.get_current_context().find_root().find_object(Context)
    assert ctx is not None, "eval runs under the workbench group, which makes the Context"
    try:
        entries = read_gold(gold)
    except (OSError, ValueError) as exc:
        raise click.ClickException(f"{gold}: not a chronology ({exc})") from None
    db = connect(ctx.db_path)
    try:
        click.echo(score(db.conn, entries).summary())
    finally:
        db.conn.close()


@eval_group.command("all")
@click.argument("data_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--seeds", "seeds_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("seeds"), show_default=True, help="The seed articles.")
@click.option("--gold", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("tests/data/seeds_chronology.json"), show_default=True,
              help="The editor's chronology of the seeds.")
@click.option("--db-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Keep the Timeline17 story databases here and reuse them (see eval t17).")
@click.option("--timeml", "timeml_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Also dating on TimeML news in this folder (see eval timeml).")
def all_measures(data_dir: Path, seeds_dir: Path, gold: Path, db_dir: Path | None,
                 timeml_dir: Path | None) -> None:
    """Every dev measure side by side: ECB+ mentions, the SemEval trial, Timeline17 stories,
    the seeds against their editor's chronology and, with --timeml, TimeML news dates.

    DATA_DIR holds ecbplus/, semeval2015-timeline-trial/ and timeline17/ (a missing one is
    said and left out). Takes several minutes on a 300-article story.

    \b
    Example:
      workbench eval all ../shared/data --db-dir /tmp/t17 --timeml TBAQ-cleaned
    """
    import tempfile

    from ..db import connect
    from ..extract import extract_pending
    from ..extract.nlp import ModelNotInstalled
    from ..group import regroup
    from ..ingest import ingest_paths
    from . import chronology, ecbplus, t17, timeline, timeml

    reporter = _reporter()
    rows: list[tuple[str, str]] = []
    gold_entries = None
    if seeds_dir.is_dir() and gold.is_file():
        try:  # before the long runs: a broken chronology is said at once
            gold_entries = chronology.read_gold(gold)
        except (OSError, ValueError) as exc:
            raise click.ClickException(f"{gold}: not a chronology ({exc})") from None
    try:
        if (data_dir / "ecbplus").is_dir():
            ecb = ecbplus.run(data_dir / "ecbplus", reporter=reporter).scores
            rows.append(("ECB+ mentions, CoNLL F1 (MUC / B3 / CEAF-e)",
                         f"{100 * ecb.conll:.2f} ({100 * ecb.muc.f1:.1f} / "
                         f"{100 * ecb.b3.f1:.1f} / {100 * ecb.ceafe.f1:.1f})"))
        else:
            rows.append(("ECB+", f"no {data_dir / 'ecbplus'}"))
        trial = data_dir / "semeval2015-timeline-trial"
        if trial.is_dir():
            tl = timeline.run(trial, reporter=reporter)
            rows.append(("SemEval trial date accuracy",
                         f"{100 * tl.date_correct / max(1, tl.dated_mentions):.1f} % "
                         f"({tl.date_correct}/{tl.dated_mentions})"))
            rows.append(("SemEval trial cross-doc recall / precision",
                         f"{tl.pairs_found}/{tl.pairs_gold} / {tl.pairs_correct}/"
                         f"{tl.pairs_predicted}"))
        else:
            rows.append(("SemEval trial", f"no {trial}"))
        if (data_dir / "timeline17").is_dir():
            stories = t17.run(data_dir / "timeline17", reporter=reporter, db_dir=db_dir)
            rows.append(("Timeline17 Date-F1 of the ranked queue (articles per day)",
                         f"{stories.f1:.3f} ({stories.pubcount_f1:.3f}) over "
                         f"{len(stories.timelines)} timelines"))
            rows.append(("Timeline17 the same in each timeline's span (news-tls' setting)",
                         f"{stories.span_f1:.3f} ({stories.span_pubcount_f1:.3f})"))
            g = stories.guesses
            rows.append(("Timeline17 publication dates guessed: on the day / late / none",
                         f"{g.right} / {g.late} / {g.none} of {g.documents}"))
            rows.append(("Timeline17 title overlap with the journalist's day",
                         f"{stories.title_overlap:.3f}"))
            rows.append(("Timeline17 the journalist's days some entry is dated on",
                         f"{stories.held[0]} of {stories.held[1]}"))
        else:
            rows.append(("Timeline17", f"no {data_dir / 'timeline17'}"))
        if gold_entries is not None:
            with tempfile.TemporaryDirectory(prefix="workbench-seeds-") as tmp:
                db = connect(Path(tmp) / "seeds.db")
                try:
                    ingest_paths(db, [seeds_dir], reporter=reporter)
                    extract_pending(db, reporter=reporter)
                    regroup(db, reporter=reporter)
                    s = chronology.score(db.conn, gold_entries)
                finally:
                    db.conn.close()
            rows.append(("Seeds: entries shown, B3 F1, dates right",
                         f"{s.entries_shown}, {100 * s.b3_f1:.1f}, {s.dates_right}/{s.dated}"))
            rows.append(("Seeds: reviewer actions (per event)",
                         f"{s.actions} ({s.actions_per_event:.1f})"))
            rows.append(("Seeds: title overlap with the editor's words",
                         f"{s.title_overlap:.3f}"))
            if s.suggestions is not None:
                rows.append(("Seeds: merge suggestions right first / in the first three",
                             f"{s.suggestions.first} / {s.suggestions.top3} of "
                             f"{s.suggestions.groups}"))
        else:
            rows.append(("Seeds", f"no {seeds_dir} or {gold}"))
        if timeml_dir is not None:
            tm = timeml.run(timeml_dir, reporter=reporter)
            halves = " / ".join(f"{c}/{n}" for _, (c, n) in sorted(tm.by_half.items()))
            rows.append(("TimeML news date accuracy (half 0 / half 1)",
                         f"{100 * tm.accuracy:.1f} % ({tm.correct}/{tm.events}; {halves})"))
            g = tm.guesses
            rows.append(("TimeML publication dates guessed: on the day / late / none",
                         f"{g.right} / {g.late} / {g.none} of {g.documents}"))
    except (ecbplus.EcbError, timeline.TimelineError, t17.T17Error, timeml.TimeMLError,
            ModelNotInstalled) as exc:
        raise click.ClickException(str(exc)) from None
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        click.echo(f"{name:<{width}}  {value}")
