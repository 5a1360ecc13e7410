"""The full source document, scrolled to the claim and with the claim selected."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, TextArea

from ...review.detail import DocumentView
from ...text import safe_text


def _location(text: str, offset: int) -> tuple[int, int]:
    """(row, column) of a character offset, as TextArea counts them."""
    before = text[:offset]
    row = before.count("\n")
    return row, offset - (before.rfind("\n") + 1)


class DocumentScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,o", "close", "Close", id="document.close", tooltip="Back to the group"),
    ]

    def __init__(self, document: DocumentView, start: int, end: int) -> None:
        super().__init__()
        self.document = document
        self.start = start
        self.end = end

    def compose(self) -> ComposeResult:
        d = self.document
        meta = " · ".join(
            x for x in (d.path, d.source, d.published and f"published {d.published}", d.url) if x
        )
        with Vertical(id="document", classes="dialog"):
            yield Label(Text(safe_text(d.name)), classes="dialog-title")
            yield Label(Text(safe_text(meta)), classes="dialog-help")
            yield TextArea(
                # character for character, so the claim's offsets still select it
                safe_text(d.text, keep_offsets=True), read_only=True, soft_wrap=True, show_line_numbers=False, id="document-text"
            )
            line = _location(d.text, self.start)[0] + 1
            yield Label(
                f"the claim is selected, on line {line} · ↑↓ pgup pgdn move · esc back",
                classes="dialog-help",
            )

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.cursor_blink = self.app.cursor_blink  # type: ignore[attr-defined]
        text = self.document.text
        from textual.widgets.text_area import Selection

        area.selection = Selection(_location(text, self.start), _location(text, self.end))
        area.focus()
        self.call_after_refresh(area.scroll_cursor_visible, center=True, animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
