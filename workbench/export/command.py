"""``workbench export``."""

from __future__ import annotations

import json
import sys

import click


@click.command()
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
@click.option("--all", "everything", is_flag=True, help="Dump every document and group, decided or not.")
@click.pass_obj
def export(obj, fmt: str, everything: bool) -> None:
    """Write the chronology.

    Example: workbench export --format json --all > dump.json
    """
    from .dump import dump_all

    if not everything:
        raise click.UsageError("only --all is available so far")
    db = obj.open_db(create=False)
    json.dump(dump_all(db), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
