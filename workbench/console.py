"""How the core talks to a person on a terminal: progress bars, one-line errors, summaries.

Core functions take a ``Reporter`` (or none) instead of printing, so tests and the TUI can
call them silently. Progress bars appear only on a terminal and never with ``--quiet``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click
import sqlite_utils
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from . import db as dbmod
from .text import safe_text


def _no_progress(n: int) -> None:
    """``advance`` where no bar is drawn."""


class Reporter:
    def __init__(self, quiet: bool = False, console: Console | None = None):
        self.quiet = quiet
        self.err = console or Console(stderr=True, highlight=False, soft_wrap=True)
        self.errors: list[str] = []

    @property
    def interactive(self) -> bool:
        return not self.quiet and self.err.is_terminal

    def error(self, message: str) -> None:
        """One line naming the file and the problem; always shown, never a traceback."""
        self.errors.append(message)
        # messages quote input (titles, quotes, paths): shown, never obeyed by the terminal
        self.err.print(f"error: {safe_text(message)}", markup=False, highlight=False)

    def warning(self, message: str) -> None:
        if not self.quiet:
            self.err.print(f"warning: {safe_text(message)}", markup=False, highlight=False)

    def summary(self, message: str) -> None:
        if not self.quiet and message:
            print(message)

    @contextmanager
    def progress(self, description: str, total: int | None) -> Iterator[Callable[[int], None]]:
        """Yield ``advance(n)``; draws a bar only on an interactive terminal."""
        if not self.interactive:
            yield _no_progress
            return
        with Progress(
            TextColumn("{task.description:<10}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=self.err,
            transient=True,
        ) as bar:
            task = bar.add_task(description, total=total)
            yield lambda n: bar.advance(task, n)


SILENT = Reporter(quiet=True, console=Console(file=sys.stderr, quiet=True))


class Context:
    """What every command gets: where the database is and how loud to be. Defined here, at
    the ground, so the commands each stage owns (``workbench/*/command.py``) can name it."""

    def __init__(self, db_path: Path, quiet: bool):
        self.db_path = db_path
        self.quiet = quiet
        self.reporter = Reporter(quiet=quiet)

    def open_db(self, create: bool = True) -> sqlite_utils.Database:
        try:
            return dbmod.connect(self.db_path, create=create)
        except dbmod.DatabaseError as exc:
            raise click.ClickException(str(exc)) from None


pass_ctx = click.make_pass_decorator(Context)
