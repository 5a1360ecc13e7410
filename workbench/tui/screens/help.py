"""Every key binding, as currently mapped (config file remaps included)."""

from __future__ import annotations

from dataclasses import replace

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from ...dates import MEANINGS


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding(
            "escape,q,question_mark", "close", "Close", id="help.close", tooltip="Close the help"
        ),
        # j and k move in the review's lists: here they scroll, as the arrows do
        Binding("j", "scroll(1)", "Down", show=False, id="help.down",
                tooltip="Scroll the help down a row"),
        Binding("k", "scroll(-1)", "Up", show=False, id="help.up",
                tooltip="Scroll the help up a row"),
    ]

    def __init__(self, sections: list[tuple[str, list[Binding]]]) -> None:
        super().__init__()
        # a key bound twice under one id (help: the review screen's, first in its footer,
        # and the app's, for the other screens) is listed once, where it comes first
        seen: set[str] = set()
        self.sections = []
        for title, bindings in sections:
            kept = [b for b in bindings if not b.id or b.id not in seen]
            seen |= {b.id for b in kept if b.id}
            self.sections.append((title, kept))

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help", classes="dialog"):
            yield Label(
                # how to leave, where the eye lands first (at 80x24 the last line of
                # the help is twelve screens down)
                'Keys (esc closes) · remap in config.toml \\[keys], e.g. accept = "y"',
                classes="dialog-title",
            )
            for title, bindings in self.sections:
                yield Static(self._table(title, bindings))
            yield Static(self._dates())
            yield Label("esc close · ctrl+p every action by name", classes="dialog-help")

    def action_scroll(self, rows: int) -> None:
        self.query_one("#help", VerticalScroll).scroll_relative(y=rows, animate=False)

    def rows(self, bindings: list[Binding] | None = None) -> list[tuple[str, str, str]]:
        """(keys as shown, description, tooltip) for each binding, keymap applied."""
        keymap = getattr(self.app, "_keymap", {})
        if bindings is None:
            bindings = [b for _title, section in self.sections for b in section]
        out = []
        for b in bindings:
            keys = keymap.get(b.id, b.key) if b.id else b.key
            # Always the real key names here (the footer may abbreviate, e.g. ␣ for space).
            shown = " ".join(
                self.app.get_key_display(replace(b, key=k.strip(), key_display=None))
                for k in keys.split(",")
            )
            out.append((shown, b.description, b.tooltip))
        return out

    def _table(self, title: str, bindings: list[Binding]) -> Table:
        table = Table(title=title, title_justify="left", show_header=False, box=None, expand=True)
        table.add_column("key", no_wrap=True, style="bold", width=10)
        table.add_column("action", no_wrap=True)
        table.add_column("what it does", ratio=1)
        for b, (keys, description, tooltip) in zip(bindings, self.rows(bindings), strict=True):
            what = Text(tooltip)
            if b.id:
                # The id is what a config file remaps: [keys] accept = "y".
                what.append(f"  [{b.id}]", style="dim")
            table.add_row(keys, description, what)
        return table

    @staticmethod
    def _dates() -> Table:
        """The words the detail pane puts after a claim's date, and what each says."""
        table = Table(title="How a date is known (the word after a claim's date)",
                      title_justify="left", show_header=False, box=None, expand=True)
        table.add_column("word", no_wrap=True, style="bold", width=14)
        table.add_column("what it says", ratio=1)
        for word, meaning in MEANINGS.items():
            table.add_row(word, meaning)
        # the queue's and the strip's own mark for a date
        table.add_row("~2025-06-07", "in the queue: no source's words date the entry, only "
                      "the day its first report was published")
        return table

    def action_close(self) -> None:
        self.dismiss(None)
