"""``workbench review``: open the review TUI."""

from __future__ import annotations

import click


@click.command()
@click.pass_obj
def review(obj) -> None:
    """Open the review workbench on the database.

    Example: workbench review
    """
    from ..stats import corpus_status

    db = obj.open_db(create=False)
    for label, value in corpus_status(db):
        click.echo(f"{label:<28}{value}")
