"""``workbench check``."""

from __future__ import annotations

import sys

import click

from ..console import Context


@click.command()
@click.pass_obj
def check(obj: Context) -> None:
    """Report integrity, schema version, counts, orphans and decisions whose claims are gone.

    Exits 1 when something needs attention.

    Example: workbench check
    """
    from .check import check as run_check

    db = obj.open_db(create=False)
    report = run_check(db)
    width = max(len(label) for label, _ in report.lines) + 2
    for label, value in report.lines:
        click.echo(f"{label:<{width}}{value}")
    for problem in report.problems:
        click.echo(f"problem: {problem}", err=True)
    if not report.ok:
        sys.exit(1)
