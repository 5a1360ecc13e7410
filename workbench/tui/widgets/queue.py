"""The queue: a DataTable holding one window of rows paged from SQLite.

The table never holds the whole queue; when the cursor reaches either edge of the window it
asks for a new window centred on the row under the cursor. That is what keeps 100,000
groups as quick as 100.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey

from ...review.queue import QueueRow
from ...text import safe_text
from .symbols import CONFLICT, CURSOR, MARK, STATUS_SYMBOL, status_label

TITLE_CHARS = 140
# how long a jump's window may take to load while Up and Down wait for it: keys pressed
# right after Home or End were lost (the loaded window put the cursor back on its end)
JUMP_WAIT = 2.0
# mark, status ("○ pend*": new evidence since decided), date, src, conflict: the title gets
# the rest. A date no source states (the day its first report was published) reads
# "~2025-06-08".
FIXED_COLUMNS = (2, 7, 11, 3, 3)


def fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells with an ellipsis, so a cut title shows it is cut."""
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


class QueueTable(DataTable):
    """Rows are groups; the row key is the group id as a string."""

    BINDINGS = [
        Binding(
            "home,ctrl+home",
            "jump(0)",
            "Top",
            show=False,
            id="queue.top",
            tooltip="First group of the whole queue",
        ),
        Binding(
            "end,ctrl+end",
            "jump(-1)",
            "Bottom",
            show=False,
            id="queue.bottom",
            tooltip="Last group of the whole queue",
        ),
    ]

    @dataclass
    class Current(Message):
        """The highlighted group changed (None when the queue is empty)."""

        row: QueueRow | None

    @dataclass
    class JumpTo(Message):
        """Load the window holding queue index ``index`` and put the cursor on it."""

        index: int

    @dataclass
    class NeedWindow(Message):
        """The cursor reached the edge of the loaded window; load one around ``group_id``."""

        group_id: int

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)
        self.rows_loaded: list[QueueRow] = []
        self.window_offset = 0
        self.window_total = 0
        self.marked: dict[int, int] = {}  # group id -> version shown when marked
        self._index: dict[int, int] = {}
        self._cursor_id: int | None = None
        self._title_width = TITLE_CHARS
        # while Home or End loads a window not in memory: when it started, and the rows
        # Up and Down have moved since (applied once the window is there)
        self._jumped_at: float | None = None
        self._moves = 0

    def on_mount(self) -> None:
        for (label, key), width in zip(
            ((" ", "mark"), ("status", "status"), ("date", "date"), ("src", "src"),
             (CONFLICT, "conflict")), FIXED_COLUMNS, strict=True,
        ):
            self.add_column(label, width=width, key=key)
        self.add_column("title", key="title")

    def on_resize(self) -> None:
        # The title column gets what the fixed ones and the vertical scrollbar leave (a
        # column too many made a horizontal scrollbar of a row); a longer title ends in "…".
        fixed = (sum(FIXED_COLUMNS) + 2 * self.cell_padding * (len(FIXED_COLUMNS) + 1)
                 + self.styles.scrollbar_size_vertical)
        width = max(8, min(TITLE_CHARS, self.size.width - fixed))
        if width != self._title_width:
            self._title_width = width
            widest = len("title")
            for r in self.rows_loaded:
                title = fit(safe_text(r.title), width)
                widest = max(widest, len(title))
                self.update_cell(str(r.id), "title", Text(title))
            # the column follows: a window widened kept its titles cut at the old width
            column = self.columns.get(ColumnKey("title"))
            if column is not None:
                column.content_width = widest
                self.refresh()

    def _mark_cell(self, group_id: int) -> str:
        # ▶ points at the current row without relying on the cursor's colour; ● = marked;
        # both side by side, so that a marked row under the cursor still shows the cursor
        cursor = CURSOR if group_id == self._cursor_id else " "
        return (cursor + (MARK if group_id in self.marked else "")).rstrip()

    def _point_at(self, row: QueueRow | None) -> None:
        old, self._cursor_id = self._cursor_id, (row.id if row else None)
        for gid in (old, self._cursor_id):
            if gid is not None and gid in self._index:
                self.update_cell(str(gid), "mark", self._mark_cell(gid))

    def _cells(self, row: QueueRow) -> list[object]:
        if row.unresolved:
            conflict = Text(f"{CONFLICT}{row.unresolved}", style="bold")
        elif row.conflicts:
            conflict = Text(f"{CONFLICT}✓")
        else:
            conflict = Text("")
        status = Text(status_label(row.status, row.changed))
        if row.status == "pending":
            status.stylize("bold")
        # a title is document text: shown, never obeyed
        title = fit(safe_text(row.title), self._title_width)
        return [
            self._mark_cell(row.id),
            status,
            Text(f"~{row.event_date}" if row.reported else safe_text(row.event_date or "undated")),
            str(row.sources),
            conflict,
            Text(title),
        ]

    def show_window(
        self, offset: int, rows: list[QueueRow], total: int, select_id: int | None
    ) -> None:
        self.rows_loaded = rows
        self.window_offset = offset
        self.window_total = total
        self._index = {r.id: i for i, r in enumerate(rows)}
        self._cursor_id = select_id
        self.clear()
        for r in rows:
            self.add_row(*self._cells(r), key=str(r.id))
        index = self._index.get(select_id, 0) if select_id is not None else 0
        if self._jumping():  # "End Up": the Up pressed while the last window loaded
            index = max(0, index + self._moves)
        self._jumped_at, self._moves = None, 0
        if rows:
            self.move_cursor(row=min(index, len(rows) - 1), animate=False, scroll=True)
            self._point_at(self.current)
            # move_cursor to the row already under the cursor posts nothing; say it anyway.
            self.post_message(self.Current(self.current))
        else:
            self.post_message(self.Current(None))

    @property
    def current(self) -> QueueRow | None:
        if not self.rows_loaded:
            return None
        row = self.cursor_row
        return self.rows_loaded[row] if 0 <= row < len(self.rows_loaded) else None

    @property
    def queue_position(self) -> int:
        """Index of the highlighted group in the whole filtered queue."""
        return self.window_offset + max(0, self.cursor_row)

    def neighbour_id(self, *, forward_only: bool = False) -> int | None:
        """The group to land on after the current one is decided: the next row, else the
        previous one (unless ``forward_only``)."""
        row = self.cursor_row
        if row + 1 < len(self.rows_loaded):
            return self.rows_loaded[row + 1].id
        if row - 1 >= 0 and self.rows_loaded and not forward_only:
            return self.rows_loaded[row - 1].id
        return None

    def put_in_place(self, old_id: int, row: QueueRow) -> None:
        """Show ``row`` in ``old_id``'s row, the cursor on it, until the next window is
        read (an entry that took a rejected one's place in the order: the reload that
        puts it there took most of a second on 100,000 groups). Nothing when ``old_id``
        is not loaded or ``row`` is already shown."""
        if old_id not in self._index or row.id in self._index:
            return
        rows = list(self.rows_loaded)
        rows[self._index[old_id]] = row
        self.show_window(self.window_offset, rows, self.window_total, row.id)

    def select_group(self, group_id: int | None) -> None:
        if group_id is not None and group_id in self._index:
            self.move_cursor(row=self._index[group_id], animate=False)

    def action_jump(self, index: int) -> None:
        # home/end mean the whole queue, which is usually not all loaded.
        target = index if index >= 0 else max(0, self.window_total - 1)
        if 0 <= target - self.window_offset < len(self.rows_loaded):
            # in the window already: there at once, so a key typed next moves from there
            self.move_cursor(row=target - self.window_offset, animate=False, scroll=True)
            return
        self._jumped_at, self._moves = time.monotonic(), 0
        self.post_message(self.JumpTo(target))

    def _jumping(self) -> bool:
        return self._jumped_at is not None and time.monotonic() - self._jumped_at < JUMP_WAIT

    def action_cursor_down(self) -> None:
        if self._jumping():
            self._moves += 1
            return
        super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self._jumping():
            self._moves -= 1
            return
        super().action_cursor_up()

    def toggle_mark(self) -> QueueRow | None:
        row = self.current
        if row is None:
            return None
        if row.id in self.marked:
            del self.marked[row.id]
        else:
            self.marked[row.id] = row.version
        self.update_cell(str(row.id), "mark", self._mark_cell(row.id))
        return row

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if not self.rows_loaded:
            return
        index = event.cursor_row
        if index != self.cursor_row:
            # Posted while a new window was being filled (clear() puts the cursor on row 0
            # before it moves to the target): acting on it would page in a loop.
            return
        at_bottom = (
            index >= len(self.rows_loaded) - 1
            and self.window_offset + len(self.rows_loaded) < self.window_total
        )
        at_top = index <= 0 and self.window_offset > 0
        if at_bottom or at_top:
            self.post_message(self.NeedWindow(self.rows_loaded[index].id))
        self._point_at(self.current)
        self.post_message(self.Current(self.current))


__all__ = ["QueueTable", "STATUS_SYMBOL"]
