"""``workbench review``: open the review TUI."""

from __future__ import annotations

import click


def _nothing_to_review(db_path) -> str:
    return (
        f"{db_path}: no such database yet. Build one first, e.g.\n"
        f"  workbench --db {db_path} build seeds/\n"
        "or run `make run` in the project folder (builds db/workbench.db from seeds/ and opens it)."
    )


@click.command()
@click.pass_obj
def review(obj) -> None:
    """Open the review workbench on the database.

    Keys: a accept, x reject, space skip, m merge, s split, e edit, u undo, / search,
    ? every key, ctrl+p every action, q quit. Every decision is saved as it is made.

    Example: workbench review
    """
    from ..db import DatabaseError
    from .config import ConfigError, load_config

    if not obj.db_path.exists():
        raise click.ClickException(_nothing_to_review(obj.db_path))
    try:
        config = load_config()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    # textual is imported here, not at module level: the CLI and the core stay headless.
    from ..tui.app import WorkbenchApp

    try:
        app = WorkbenchApp(obj.db_path, config=config)
    except DatabaseError as exc:
        raise click.ClickException(str(exc)) from None
    app.run()


@click.group("doc")
def doc_group() -> None:
    """Correct what is known about a document."""


@doc_group.command("set")
@click.argument("document")
@click.option("--published", metavar="YYYY-MM-DD",
              help="The publication date (also YYYY-MM or YYYY).")
@click.option("--title", help="The title.")
@click.option("--source", help="The outlet that published it.")
@click.option("--url", help="Its address.")
@click.pass_obj
def doc_set(obj, document: str, published: str | None, title: str | None,
            source: str | None, url: str | None) -> None:
    """Set DOCUMENT's (its id or path) publication date, title, source or URL.

    A new date is stated, no longer a guess: the document's claims are dated again against
    it and the claims regrouped, decisions kept. Logged like a decision; `u` in the review
    undoes it.

    Example: workbench doc set seeds/001_4492f097607dd5f0.txt --published 2025-06-02
    """
    from .actions import ReviewError
    from .config import ConfigError, load_config
    from .documents import set_document

    try:
        reviewer = load_config().reviewer
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    db = obj.open_db(create=False)
    try:
        outcome = set_document(db, document, reviewer=reviewer, published=published,
                               title=title, source=source, url=url)
    except ReviewError as exc:
        raise click.ClickException(str(exc)) from None
    obj.reporter.summary(outcome.message)
