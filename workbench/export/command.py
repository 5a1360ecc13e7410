"""``workbench export``: a thin wrapper over :func:`workbench.export.export_chronology`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..console import Context
from . import FORMATS


def _interactive() -> bool:
    """Whether a person can answer a question (patched in tests)."""
    return sys.stdin.isatty() and sys.stderr.isatty()


@click.command()
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="Output format [default: from --out's extension (.md .html .json .csv), else md; "
    "json with --all].",
)
@click.option(
    "-o",
    "--out",
    "out",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=str),
    default="-",
    show_default=True,
    help="File to write; - for standard output.",
)
@click.option("--force", is_flag=True, help="Overwrite --out if it exists, without asking.")
@click.option(
    "--strict",
    is_flag=True,
    help="Fail (exit 1, nothing written) if the pre-export check finds any problem.",
)
@click.option("--claims", is_flag=True, help="csv: one row per citation instead of per event.")
@click.option(
    "--all",
    "everything",
    is_flag=True,
    help="json: dump every document and group, decided or not (the full dump).",
)
@click.option(
    "--title", default=None, help="Title of the chronology [default: Verified chronology]."
)
@click.option(
    "--no-notes",
    "no_notes",
    is_flag=True,
    help="Leave the reviewers' notes out (notes meant for the team, not the readers).",
)
@click.option(
    "--brief",
    is_flag=True,
    help="md: each source quoted once with its footnote; its other claims only counted "
    "(for publication; the full export cites every claim).",
)
@click.pass_obj
def export(
    obj: Context,
    fmt: str | None,
    out: str,
    force: bool,
    strict: bool,
    claims: bool,
    everything: bool,
    title: str | None,
    no_notes: bool,
    brief: bool,
) -> None:
    """Write the chronology of accepted events, in date order, with citations.

    Before writing, a check lists accepted events with unresolved conflicts, without a
    date, with a single source, changed since review, or that look like duplicates of
    each other, and accepted entries that new evidence sent back to the queue (left out
    until decided again); they are warnings, errors with --strict.

    \b
    Examples:
      workbench export --format md --out chronology.md
      workbench export -o chronology.html          # format from the extension
      workbench export --format csv --claims > citations.csv
      workbench export --format json --all > dump.json
      workbench export -o chronology.html --no-notes  # for outside readers
      workbench export -o chronology.md --brief       # one quote a source
    """
    from . import (
        NOTHING_ACCEPTED,
        ExportBlocked,
        ExportError,
        export_chronology,
        guess_format,
        is_database_file,
        name_says_otherwise,
    )

    if no_notes and everything:
        raise click.ClickException("--no-notes does not apply to --all (the full dump)")

    if out != "-" and is_database_file(obj.db_path, Path(out)):
        raise click.ClickException(f"{out}: is the database being exported; choose another "
                                   "file")
    chosen = fmt is not None
    if fmt is None:
        fmt = "json" if everything else guess_format(out) or "md"
    said = name_says_otherwise(out, fmt) if not everything else None
    if said:  # "x.pdf" got Markdown without a word, and so did "y.html" with --format md
        obj.reporter.warning(f"{said} (as --format asks)" if chosen
                             else f"{said} (--format chooses one)")
    # only a file's content is replaced: a device or FIFO (/dev/stdout, a pipe) is
    # written through, as standard output is
    if out != "-" and not force and Path(out).is_file():
        if not _interactive():
            raise click.ClickException(f"{out}: already exists (use --force to overwrite it)")
        if not click.confirm(f"{out} already exists. Overwrite it?", default=False, err=True):
            raise click.ClickException(f"{out}: left as it was")
    db = obj.open_db(create=False)
    reporter = obj.reporter
    try:
        result = export_chronology(
            db,
            fmt,
            out,
            strict=strict,
            claims=claims,
            everything=everything,
            title=title,
            overwrite=True,
            notes=not no_notes,
            brief=brief,
        )
    except ExportBlocked as exc:
        for issue in exc.issues:
            reporter.error(issue.message)
        raise click.ClickException(str(exc)) from None
    except ExportError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        db.conn.close()
    for issue in result.issues:
        reporter.warning(issue.message)
    for line in result.omitted:
        reporter.warning(line)
    if result.empty and not everything:
        reporter.warning(
            f"{NOTHING_ACCEPTED} (accept events with `workbench review`)"
        )
    if out != "-":
        reporter.summary(result.summary())
