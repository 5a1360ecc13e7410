"""The full source document, scrolled to the claim and with the claim selected."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, TextArea

from ...review.detail import DocumentView
from ...text import safe_text

if TYPE_CHECKING:
    from textual import getters

    from ..app import WorkbenchApp


def _location(text: str, offset: int) -> tuple[int, int]:
    """(row, column) of a character offset, as TextArea counts them."""
    before = text[:offset]
    row = before.count("\n")
    return row, offset - (before.rfind("\n") + 1)


# A line longer than this is not shown whole: a pasted page of one 2.4 MB line took 3-10 s
# a key in the text view (every scroll wraps the line again). Such a text is shown as a
# window of whole words around the claim, said so.
LONG_LINE = 20_000
WINDOW = 8_000  # characters shown on each side of the claim in such a text


def window(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The part of ``text`` to show around ``[start, end)`` when a line of it is longer
    than ``LONG_LINE`` (None: show it all), cut between words."""
    if max(map(len, text.split("\n")), default=0) <= LONG_LINE:
        return None
    lo, hi = max(0, start - WINDOW), min(len(text), end + WINDOW)
    if lo > 0:
        space = text.find(" ", lo, start)
        lo = space + 1 if space >= 0 else lo
    if hi < len(text):
        space = text.rfind(" ", end, hi)
        hi = space if space >= 0 else hi
    return lo, hi


# Sets the document's metadata ({"published"|"title"|"source"|"url": value}); returns the
# document as it now is, or an error message for the reviewer.
SetMeta = Callable[[DocumentView, dict], "DocumentView | str"]


def _meta(d: DocumentView) -> str:
    # an article with no date to read it against leaves its "on Monday" and "June 7"
    # undated: said where the reviewer can give one (a tester saw no publication line)
    published = d.published_label or "publication date unknown: d gives one"
    return " · ".join(x for x in (d.path, d.source, published, d.url) if x)


class DocumentScreen(ModalScreen[None]):
    if TYPE_CHECKING:  # the app these screens run in, as textual's own MessagePump types it
        app = getters.app(WorkbenchApp)

    BINDINGS = [
        Binding("escape,q,o", "close", "Close", id="document.close", tooltip="Back to the group"),
        Binding("d", "set_meta", "Date, title…", id="document.set",
                tooltip="Correct the publication date, title, source or URL"),
    ]

    def __init__(self, document: DocumentView, start: int, end: int,
                 set_meta: SetMeta | None = None) -> None:
        super().__init__()
        self.document = document
        self.start = start
        self.end = end
        self.set_meta = set_meta
        # the text shown, and where it starts in the document's
        self.shown = window(document.text, start, end)

    def compose(self) -> ComposeResult:
        d = self.document
        with Vertical(id="document", classes="dialog"):
            yield Label(safe_text(d.name), classes="dialog-title", id="document-name",
                        markup=False)
            yield Label(safe_text(_meta(d)), classes="dialog-help", id="document-meta",
                        markup=False)
            lo, hi = self.shown or (0, len(d.text))
            yield TextArea(
                # character for character, so the claim's offsets still select it
                safe_text(d.text[lo:hi], keep_offsets=True), read_only=True, soft_wrap=True,
                show_line_numbers=False, id="document-text",
            )
            where = (f"on line {_location(d.text, self.start)[0] + 1}" if self.shown is None
                     else f"characters {lo + 1:,}-{hi:,} of {len(d.text):,} shown (a line of "
                     f"over {LONG_LINE:,})")
            yield Label(
                f"the claim is selected, {where} · ↑↓ pgup pgdn move · "
                "d date, title… · esc back",
                classes="dialog-help",
            )

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.cursor_blink = self.app.cursor_blink
        lo, hi = self.shown or (0, len(self.document.text))
        text = self.document.text[lo:hi]
        from textual.widgets.text_area import Selection

        area.selection = Selection(_location(text, self.start - lo),
                                   _location(text, self.end - lo))
        area.focus()
        self.call_after_refresh(area.scroll_cursor_visible, center=True, animate=False)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_set_meta(self) -> None:
        from .dialogs import DocumentMetaScreen

        if self.set_meta is None:
            return
        set_meta = self.set_meta

        def apply(values: dict) -> str | None:
            result = set_meta(self.document, values)
            if isinstance(result, str):
                return result
            self.document = result
            # the heading too: a new title showed below the old one until reopened
            self.query_one("#document-name", Label).update(safe_text(result.name))
            self.query_one("#document-meta", Label).update(safe_text(_meta(result)))
            return None

        self.app.push_screen(DocumentMetaScreen(self.document, apply))
