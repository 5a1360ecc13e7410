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
