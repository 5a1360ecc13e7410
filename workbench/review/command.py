"""``workbench doc``: correct what is known about a document. (``workbench review``, which
opens the TUI, is wired in ``workbench/cli.py``: the review core never imports the screen.)"""

from __future__ import annotations

import click

from ..console import Context


@click.group("doc")
def doc_group() -> None:
    """Correct what is known about a document.

    \b
    Example:
      workbench doc set seeds/001_4492f097607dd5f0.txt --published 2025-06-02
    """


@doc_group.command("set")
@click.argument("document")
@click.option("--published", metavar="YYYY-MM-DD",
              help="The publication date (also YYYY-MM or YYYY).")
@click.option("--title", help="The title.")
@click.option("--source", help="The outlet that published it.")
@click.option("--url", help="Its address.")
@click.pass_obj
def doc_set(obj: Context, document: str, published: str | None, title: str | None,
            source: str | None, url: str | None) -> None:
    """Set DOCUMENT's (its number, its path, or its JSON Lines record's id) publication
    date, title, source or URL. A number is the document's number in the database before
    it is a record's id.

    A new date is stated, no longer a guess: the document's claims are dated again against
    it and the claims regrouped, decisions kept. Logged like a decision; `u` in the review
    undoes it.

    \b
    Example:
      workbench doc set seeds/001_4492f097607dd5f0.txt --published 2025-06-02
    """
    from .config import ConfigError, load_config
    from .documents import set_document
    from .outcome import ReviewError

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
