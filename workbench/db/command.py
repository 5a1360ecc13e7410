"""``workbench check``."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import click
import sqlite_utils

from ..console import Context


def _raw(path: Path) -> sqlite_utils.Database | None:
    """The damaged file, read only and as it is (no migration, no schema check)."""
    try:
        return sqlite_utils.Database(sqlite3.connect(f"file:{path}?mode=ro", uri=True))
    except sqlite3.Error:
        return None


@click.command()
@click.pass_obj
def check(obj: Context) -> None:
    """Report integrity, schema version, counts, orphans and decisions whose claims are gone.

    Exits 1 when the database needs attention; documents that could not be extracted
    are listed (the rest of the work went on) but are no fault of the database.

    \b
    Example: workbench check
    """
    from .check import check as run_check

    try:
        db = obj.open_db(create=False)
    except click.ClickException as exc:
        # a damaged file cannot be opened for work (the error sends the user here): read
        # what it still holds, as it is, and say which backups lie beside it
        raw = _raw(obj.db_path) if "is damaged" in exc.message else None
        if raw is None:
            raise
        db = raw
    report = run_check(db, backups=sorted(
        str(p) for p in obj.db_path.parent.glob(obj.db_path.name + ".bak-v*")))
    width = max(len(label) for label, _ in report.lines) + 2
    for label, value in report.lines:
        click.echo(f"{label:<{width}}{value}")
    for problem in report.problems:
        click.echo(f"problem: {problem}", err=True)
    if not report.ok:
        sys.exit(1)
