"""A fuzzy finder over group titles and dates, used to pick a merge or split target."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from ...review.queue import FinderIndex, FinderItem, finder_index, finder_match, finder_nearest
from ...text import count_of, date_examples, safe_text
from ..widgets.boxes import TypeAhead, TypedInput
from ..widgets.cursor_list import CursorList
from ..widgets.symbols import STATUS_SYMBOL

if TYPE_CHECKING:
    from textual import getters

    from ..app import WorkbenchApp


class FinderScreen(TypeAhead, ModalScreen[int | None]):
    """Type to narrow; up/down to choose; enter to pick; escape to cancel."""

    if TYPE_CHECKING:  # the app these screens run in, as textual's own MessagePump types it
        app = getters.app(WorkbenchApp)

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="finder.cancel", tooltip="Close without choosing"),
        Binding("down", "move(1)", "Next", show=False, id="finder.down", tooltip="Next candidate"),
        Binding(
            "up", "move(-1)", "Previous", show=False, id="finder.up", tooltip="Previous candidate"
        ),
        Binding("enter", "pick", "Choose", id="finder.pick", tooltip="Use the highlighted group"),
        Binding(
            "ctrl+r",
            "toggle_rejected",
            "Rejected too",
            id="finder.rejected",
            tooltip="Show rejected groups as well (hidden by default)",
        ),
    ]

    def __init__(
        self, prompt: str, exclude: set[int], near: str | None, like: int | None = None
    ) -> None:
        super().__init__()
        self.prompt = prompt
        self.exclude = exclude
        self.near = near
        self.like = like
        self.rejected = False
        self._index: FinderIndex | None = None
        # what the list shows results for (words typed, rejected too), and the moves and
        # the pick typed before the results for what is in the box came: "m medinsky
        # enter" typed at once chose the first of the unfiltered list
        self._shown: tuple[str, bool] | None = None
        self._waiting: list[Callable[[], None]] = []
        self._listed: dict[str, FinderItem] = {}  # option id -> its candidate

    def compose(self) -> ComposeResult:
        with Vertical(id="finder", classes="dialog"):
            # the prompt quotes a title: text, never markup ("[/]" crashed the finder)
            yield Label(Text(safe_text(self.prompt)), classes="dialog-title")
            yield TypedInput(
                placeholder="type words of a title, a date "
                f"({date_examples(self.app.example_day).day}) or #number", id="finder-input"
            )
            # ▶ beside the highlighted candidate, never its colour alone
            yield CursorList(id="finder-options")
            # the highlighted candidate's whole title: a row cuts it to the width, and a
            # tester at 80x24 merged the June 19 swap into "Ukrainian officials report
            # that Russi…", a drone strike, for a swap
            yield Static("", id="finder-preview")
            yield Label(
                "enter choose · ↑↓ move · ctrl+r rejected too · esc cancel",
                classes="dialog-help",
                id="finder-help",
            )

    def on_mount(self) -> None:
        self.query_one(Input).cursor_blink = self.app.cursor_blink
        self.search("")
        self.call_after_refresh(self.open_to_typing)  # once the box has the focus

    @on(Input.Changed, "#finder-input")
    def _changed(self, event: Input.Changed) -> None:
        self.search(event.value)

    @on(Input.Submitted, "#finder-input")
    def _submitted(self) -> None:
        self.action_pick()

    @on(OptionList.OptionSelected, "#finder-options")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0) or None)

    @on(OptionList.OptionHighlighted, "#finder-options")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._preview(self._listed.get(event.option.id or ""))

    def _preview(self, item: FinderItem | None) -> None:
        preview = self.query_one("#finder-preview", Static)
        if item is None:
            preview.update("")
            return
        # text, never markup: a title is a document's words
        preview.update(Text.assemble(
            (f"#{item.id} ", "bold"),
            f"{count_of(item.sources, 'source')}: ",
            safe_text(item.title)))

    @work(thread=True, exclusive=True, group="finder", exit_on_error=False, description="finder")
    def search(self, query: str) -> None:
        def read(fn):
            return self.app.read(fn, "finder")

        rejected = self.rejected
        if not query.strip():
            items = read(lambda conn: finder_nearest(
                conn, self.near, exclude=self.exclude, rejected=rejected, like=self.like))
        else:
            if self._index is None:
                self._index = read(finder_index)
            items = finder_match(self._index, query, exclude=self.exclude, rejected=rejected)
        if get_current_worker().is_cancelled:
            return  # a newer keystroke's search is on its way
        self.app.call_from_thread(self._show, query, items, rejected)

    def _stale(self) -> bool:
        """Is the list not yet showing the results for what is in the box?"""
        return self._shown != (self.query_one(Input).value, self.rejected)

    def _show(self, query: str, items: list[FinderItem], rejected: bool = False) -> None:
        if query != self.query_one(Input).value or rejected != self.rejected:
            return  # typed on since; that search will show its own results
        self._shown = (query, rejected)
        options = self.query_one(OptionList)
        options.clear_options()
        self._listed = {str(i.id): i for i in items}
        width = 1 + max((len(str(i.id)) for i in items), default=0)  # "#2319"
        options.add_options(
            Option(
                # One line per group: more candidates fit on an 80x24 screen.
                Text(
                    # "~": a day only the first report's publication gives, as the
                    # queue writes it
                    f"{STATUS_SYMBOL.get(i.status, '?')} "
                    f"{('~' if i.reported else '') + (i.event_date or 'undated'):<11} "
                    # the id: entries of one title told apart, and found again in the
                    # pane's "maybe the same occasion: #2319"
                    f"{'#' + str(i.id):<{width}} {i.sources}src  "
                    f"{'(background) ' if i.background else ''}"
                    f"{safe_text(i.title)}",
                    no_wrap=True,
                    overflow="ellipsis",
                ),
                id=str(i.id),
            )
            for i in items
        )
        if items:
            options.highlighted = 0
        self._preview(items[0] if items else None)
        waiting, self._waiting = self._waiting, []
        for step in waiting:  # typed while these results were on their way
            step()

    def action_move(self, delta: int) -> None:
        if self._stale():
            self._waiting.append(lambda: self.action_move(delta))
            return
        options = self.query_one(OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = max(0, min(options.option_count - 1, current + delta))

    def action_pick(self) -> None:
        if self._stale():
            self._waiting.append(self.action_pick)
            return
        options = self.query_one(OptionList)
        if options.highlighted is None or not options.option_count:
            return
        option = options.get_option_at_index(options.highlighted)
        self.dismiss(int(option.id or 0) or None)

    def action_toggle_rejected(self) -> None:
        self.rejected = not self.rejected
        self.query_one("#finder-help", Label).update(
            "enter choose · ↑↓ move · ctrl+r "
            + ("hide rejected" if self.rejected else "rejected too") + " · esc cancel"
        )
        self.search(self.query_one(Input).value)

    def action_cancel(self) -> None:
        self.dismiss(None)
