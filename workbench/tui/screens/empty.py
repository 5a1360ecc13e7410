"""Shown when the database has no groups yet: how to build some, instead of an empty grid."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Footer, Static

from ...text import safe_text


class EmptyScreen(Screen):
    BINDINGS = [Binding("q", "app.quit", "Quit", id="empty.quit", tooltip="Quit the workbench")]

    def __init__(self, db_path: str, documents: int) -> None:
        super().__init__()
        self.db_path = db_path
        self.documents = documents

    def compose(self) -> ComposeResult:
        have = (
            f"It has {self.documents} document(s) but no event groups yet."
            if self.documents
            else "It has no documents yet."
        )
        text = (
            f"Nothing to review in {self.db_path}.\n{have}\n\n"
            "Build the groups first, for example from the seed corpus:\n\n"
            f"    workbench --db {self.db_path} build seeds/\n\n"
            "or simply `make run` in the project folder.\n\n"
            "This screen switches to the review queue by itself as soon as groups appear."
        )
        with Middle():
            with Center():
                yield Static(Text(safe_text(text, newlines=True)), id="empty")
        yield Footer(compact=True)
