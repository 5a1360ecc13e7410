"""The main screen: progress, timeline, the queue and the selected group.

Reads run in thread workers on the app's read connection; writes (every reviewer action)
run on the UI thread through the review core, because the reviewer must not see the screen
move on before the decision is committed, and a commit takes a few milliseconds.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from ...dates.expressions import why_not_written, written_date
from ...db import explain
from ...review import actions
from ...review.detail import (
    DetailExtras,
    DocumentView,
    GroupDetail,
    load_detail,
    load_document,
    load_extras,
    ranked,
)
from ...review.outcome import Outcome, ReviewError, StaleGroup
from ...review.queue import (
    SORTS,
    STATUS_ONLY,
    Filter,
    Progress,
    QueueRow,
    Timeline,
    bucket_of,
    count,
    first_match,
    next_matching,
    out_of_view,
    page,
    position,
    progress,
    queue_row,
    shows,
    timeline,
    undecided_versions,
    what_became_of,
)
from ...review.state import save_state
from ...review.suggest import keep_places
from ...text import (
    count_of,
    date_examples,
    one_line,
    safe_text,
    search_example,
    shorten_quotes,
)
from ..widgets.detail import DetailPane
from ..widgets.queue import QueueTable
from ..widgets.symbols import MARK, STATUS_SHORT, STATUS_SYMBOL
from ..widgets.timeline import TimelineStrip
from .dialogs import (
    ConfirmScreen,
    EditScreen,
    FilterScreen,
    NoteScreen,
    ResolveScreen,
    SearchScreen,
    SplitScreen,
    dialog_room,
)
from .document import DocumentScreen
from .finder import FinderScreen

if TYPE_CHECKING:
    from textual import getters

    from ..app import WorkbenchApp

PAGE = 150  # rows held by the queue table at once (filling it is what costs)


@dataclass
class QueueLoad:
    seq: int
    flt: Filter
    offset: int
    rows: list[QueueRow]
    total: int
    select_id: int | None
    progress: Progress | None
    gone: frozenset[int] = frozenset()  # marked groups that no longer exist
    elsewhere: int = 0  # what a search finds in the other list (background / entries)
    # the group worked on, re-sorted (the cursor went with it), and the group that came
    # after it, where its decision goes back to
    moved: tuple[int, int] | None = None
    # the group worked on left the view (or, merged away, the one it went into is out
    # of it): which, why, and how to find it
    left: tuple[int, str] | None = None
    merged: bool = False  # the group worked on is no more (merged into another)


def B(
    key: str,
    action: str,
    description: str,
    tooltip: str,
    *,
    show: bool = False,
    id: str | None = None,  # noqa: A002 - the same name as Binding(id=...)
    key_display: str | None = None,
) -> Binding:
    return Binding(
        key,
        action,
        description,
        show=show,
        id=id or action,
        tooltip=tooltip,
        key_display=key_display,
    )


# how long a message stands before the reviewer's next move to another entry clears it
MESSAGE_HOLD = 2.0


class ReviewScreen(Screen):
    if TYPE_CHECKING:  # the app these screens run in, as textual's own MessagePump types it
        app = getters.app(WorkbenchApp)

    # zoomed (z), the detail keeps the status line, which says what a key just did
    ALLOW_IN_MAXIMIZED_VIEW = "#status, Footer"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (150, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]

    BINDINGS = [
        # first in the footer, so that a narrow window (60 columns cut the footer after
        # "u Undo") still shows the key to every other key
        B("question_mark,f1", "app.help", "Help", "List every key binding", show=True,
          id="help", key_display="?"),
        B(
            "a",
            "decide('accept')",
            "Accept",
            "Accept the group into the chronology and go to the next",
            show=True,
            id="accept",
        ),
        B(
            "x",
            "decide('reject')",
            "Reject",
            "Reject the group (not an event / not relevant) and go on",
            show=True,
            id="reject",
        ),
        B(
            "space",
            "decide('skip')",
            "Skip",
            "Skip for later: it comes back after the pending groups",
            show=True,
            id="skip",
            key_display="␣",
        ),
        B("p", "decide('reopen')", "Reopen", "Set the group back to pending", id="reopen"),
        B(
            "A",
            "decide_many('accept')",
            "Accept many",
            "Accept every marked group, or (none marked) every undecided group the filter "
            "or search shows: one step, one undo",
            id="accept_many",
        ),
        B(
            "X",
            "decide_many('reject')",
            "Reject many",
            "Reject every marked group, or (none marked) every undecided group the filter "
            "or search shows: one step, one undo",
            id="reject_many",
        ),
        B(
            "1",
            "merge_suggested(0)",
            "Merge suggestion 1",
            "Merge the first suggested group (same occasion?) with this one",
            id="merge_suggested_1",
        ),
        B(
            "2",
            "merge_suggested(1)",
            "Merge suggestion 2",
            "Merge the second suggested group with this one",
            id="merge_suggested_2",
        ),
        B(
            "3",
            "merge_suggested(2)",
            "Merge suggestion 3",
            "Merge the third suggested group with this one",
            id="merge_suggested_3",
        ),
        B(
            "m",
            "merge",
            "Merge",
            "Merge this group into another one, chosen with a fuzzy finder",
            show=True,
            id="merge",
        ),
        B(
            "b",
            "toggle_background",
            "Background",
            "Show the background list (claims that report no happening) or the entries",
            id="background",
        ),
        B("v", "mark", "Mark", "Mark or unmark this group for a multi-merge (M)", id="mark"),
        # not in the footer (at 80 columns it pushed "? Help" off): marking says M, and M
        # with nothing marked says what to do (it was disabled then, and did nothing)
        B(
            "M",
            "merge_marked",
            "Merge marked",
            "Merge every marked group into this one",
            id="merge_marked",
        ),
        B(
            "s",
            "split",
            "Split",
            "Move chosen claims out to a new group or into another group",
            show=True,
            id="split",
        ),
        B(
            "e",
            "edit",
            "Edit",
            "Edit the title and the event date (and so its precision)",
            show=True,
            id="edit",
        ),
        B("n", "note", "Note", "Write a free-text note on the group", id="note"),
        B(
            "d",
            "drop(False)",
            "Drop claim",
            "Move the claim under the claim cursor (j/k) out to a group of its own",
            id="drop_claim",
        ),
        B(
            "D",
            "drop(True)",
            "Drop claim, rejected",
            "Move the claim under the claim cursor out and reject it, in one step",
            id="drop_claim_rejected",
        ),
        B(
            "r",
            "resolve",
            "Resolve",
            "Resolve conflicts: choose the value the chronology will use (one after another);"
            " say a count shown as grown counts different things",
            show=True,
            id="resolve",
        ),
        B(
            "u,ctrl+z",
            "undo",
            "Undo",
            "Undo the last action (works after a restart too)",
            show=True,
            id="undo",
        ),
        B("U,ctrl+y", "redo", "Redo", "Redo the last undone action", id="redo"),
        B(
            "slash",
            "search",
            "Search",
            "Full-text search over claims, titles and notes",
            show=True,
            id="search",
        ),
        B(
            "f",
            "filter",
            "Filter",
            "Filter by status, conflicts, sources, source name, date range; sort",
            id="filter",
        ),
        B(
            "c",
            "toggle_conflicts",
            "Conflicts only",
            "Show only groups with conflicts (toggle)",
            id="conflicts_only",
        ),
        B(
            "w",
            "toggle_multi",
            "2+ sources",
            "Show only groups reported by several sources (toggle)",
            id="multi_source",
        ),
        B(
            "t",
            "cycle_sort",
            "Sort",
            "Cycle the order: pending first / by date / most sources / most important",
            id="sort",
        ),
        B(
            "escape",
            "clear_filter",
            "Clear filter",
            "Clear the search (back where it began), then (again) the rest of the filter",
            id="clear_filter",
        ),
        B(
            "right_square_bracket",
            "next_pending",
            "Next pending",
            "Jump to the next pending group",
            id="next_pending",
            key_display="]",
        ),
        B(
            "right_curly_bracket",
            "next_conflict",
            "Next conflict",
            "Jump to the next group with an unresolved conflict, or a settled one that "
            "reports since contradict",
            id="next_conflict",
            key_display="}",
        ),
        B(
            "j",
            "claim(1)",
            "Next claim",
            "Move the claim cursor down in the detail",
            id="next_claim",
        ),
        B(
            "k",
            "claim(-1)",
            "Previous claim",
            "Move the claim cursor up in the detail",
            id="previous_claim",
        ),
        B(
            "J",
            "next_new_claim",
            "Next new claim",
            "Move the claim cursor to the next claim that came in since the entry was decided",
            id="next_new_claim",
        ),
        B(
            "o",
            "open_document",
            "Open source",
            "Open the source document scrolled to the claim",
            id="open_document",
        ),
        B(
            "z",
            "zoom",
            "Zoom",
            "The detail alone, the whole screen to read it (z or esc returns); the keys "
            "still decide and move on",
            id="zoom",
        ),
    ]

    def __init__(self, flt: Filter, start_id: int | None, note: str | None = None,
                 start_claim: int | None = None) -> None:
        super().__init__()
        self.flt = flt
        self.start_id = start_id
        self._start_claim = start_claim  # the claim cursor's place when the reviewer quit
        self.note = note  # said on opening (``review.state.opening_note``)
        self._seq = 0
        self._detail_seq = 0
        self._detail_stale = False  # read the detail again, whatever its version (another process)
        self._zoomed_from: Widget | None = None  # what had the keys before z
        self._search_shown: tuple[int, str] | None = None  # entry and search jumped to
        # an entry and the suggestions merged into it from its list (they keep their places)
        self._merged_in: tuple[int | None, set[int]] = (None, set())
        # an entry an action re-sorted, the cursor with it, and the entry that came after
        # it, where its decision goes back to (``_show_queue``, ``action_decide``)
        self._back: tuple[int, int] | None = None
        self._last_message = ""
        self._said_at = 0.0  # when the last message was said (time.monotonic)
        self._elsewhere = 0  # a search's matches in the other list (background / entries)
        self._progress: Progress | None = None
        self._split_claims: list[int] | None = None
        self._bucket = "day"
        # for the benchmark and tests: when the last decision was committed
        self.last_commit_at: float | None = None
        self.last_detail_at: float | None = None
        # group id -> version our own last write left it at: until the screen shows it,
        # that bump is nobody else's change
        self._own_versions: dict[int, int] = {}
        # the row each list (entries, background) was left on, to come back to it
        self._places: dict[bool, int] = {}
        # the row a search was begun on: esc that clears the search goes back to it (a
        # tester found #3694, accepted it, cleared the search and was left on it, at the
        # queue's end among the decided, 792 of 792)
        self._search_began: int | None = None
        # actions an undo found it could no longer take back (their entry was rebuilt):
        # they stay in force, and the next undo goes on to the ones before them
        self._passed: set[int] = set()
        # decision id -> the entry the cursor was on when the reviewer took it: an undo
        # goes back there (after a merge into the entry at hand, that entry; after one
        # from the finder, the entry that comes back)
        self._taken_on: dict[int, int] = {}
        # a jump (] or }) finds its entry in a thread: the keys typed after it wait for it
        # ("} a" accepted the entry the cursor was leaving)
        self._jump_seq = 0
        self._jumping = False
        self._held: list[events.Key] = []
        self._landing: int | None = None  # the queue load a landed jump waits for

    # -- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="status")
        yield TimelineStrip(id="timeline")
        with Container(id="body"):
            yield QueueTable(id="queue")
            yield DetailPane(id="detail")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.queue.border_title = "Queue"
        self.detail_pane.border_title = "Group"
        self.queue.focus()
        said = []
        if self.flt.describe():
            # the queue opens as it was left: say so, or a narrowed queue looks like all
            said.append(f"filter kept from last time: {self.flt.describe()} (esc clears)")
        if self.note and (not said or "changed since review" in self.note):
            said.append(self.note)
        if said:
            self.say("; ".join(said))
        self.reload(self.start_id, data_changed=True)

    @property
    def queue(self) -> QueueTable:
        return self.query_one(QueueTable)

    @property
    def detail_pane(self) -> DetailPane:
        return self.query_one(DetailPane)

    @property
    def conn(self):
        return self.app.conn

    @property
    def reviewer(self) -> str:
        return self.app.config.reviewer

    # -- loading -------------------------------------------------------------------------

    def reload(
        self, select_id: int | None, *, data_changed: bool = True, stay: bool = False,
        top: bool = False, watch: int | None = None, into: int | None = None,
    ) -> None:
        """Reload the queue window around ``select_id`` (and the counts when data changed).

        ``stay``: ``select_id`` is the group the reviewer was working on. The cursor stays
        on it, at its new row if the order moved it (a date edit re-sorted it; its decision
        then goes to the group that came next, where the reviewer was); if it is gone
        (merged away, out of the filter), the cursor goes to the group that came next.
        ``top``: another list (a search, a filter): without ``select_id`` in it, its first row.
        ``watch``: the group an action was just taken on; if it left the view, the
        status line says so, how to find it, and which entry the cursor is on now (and,
        gone, whether ``into``, where its claims went, is in the view)."""
        self._seq += 1
        keep = self.queue.queue_position if self.queue.rows_loaded and not top else 0
        marked = tuple(self.queue.marked) if data_changed else ()
        after = self.queue.neighbour_id(forward_only=True) if stay else None
        self._load_queue(self._seq, self.flt, select_id, keep, data_changed, marked, after,
                         stay, watch, into)

    @work(thread=True, exclusive=True, group="queue", exit_on_error=False, description="queue")
    def _load_queue(
        self, seq: int, flt: Filter, select_id: int | None, keep: int, data_changed: bool,
        marked: tuple[int, ...] = (), after: int | None = None, stay: bool = False,
        watch: int | None = None, into: int | None = None,
    ) -> None:
        def query(conn) -> QueueLoad:
            total = count(conn, flt)
            pos = position(conn, flt, select_id) if select_id is not None else None
            target = select_id
            moved: tuple[int, int] | None = None
            if stay:
                nxt = position(conn, flt, after) if after is not None else None
                # still in place: right before the group that came next, or at its row
                # with that group still after it (a split's new group may stand between)
                in_place = pos is not None and nxt is not None and (
                    nxt == pos + 1 or (pos == keep and nxt > pos))
                if nxt is not None and not in_place:
                    # (a position is known only for an id, and nxt only for ``after``)
                    if pos is not None and select_id is not None and after is not None:
                        # re-sorted (a date edited, a report merged in): the cursor goes
                        # with it, and its decision goes back to the reviewer's place. Two
                        # testers, moved on to the next row, pressed "a" and "e" meant for
                        # the entry they had just edited or merged into
                        moved = (select_id, after)
                    else:  # gone (merged away): go on with the next
                        pos, target = nxt, after
            if pos is None:
                # The group left the filtered queue (e.g. accepted under "pending"): stay at
                # the same place in the list.
                pos, target = min(keep, max(0, total - 1)), None
            offset = max(0, min(pos - PAGE // 3, total - PAGE))
            rows = page(conn, flt, offset, PAGE)
            if target is None and rows:
                target = rows[min(pos - offset, len(rows) - 1)].id
            prog = progress(conn) if data_changed else None
            # A marked group merged away (here, by another reviewer or by regrouping)
            # would make "merge marked" fail: find them so they can be unmarked.
            alive = {r[0] for r in conn.execute(
                f"SELECT id FROM groups WHERE id IN ({','.join('?' * len(marked))})",
                marked)} if marked else set()
            # a search looks in one list: say what the other holds, one key away
            elsewhere = count(conn, replace(flt, background=not flt.background)) if (
                flt.search) else 0
            merged = watch is not None and conn.execute(
                "SELECT 1 FROM groups WHERE id = ?", [watch]).fetchone() is None
            seen = into if merged else watch
            why = (out_of_view(conn, flt, seen, status_only=not merged) if seen is not None
                   else "")
            left = (seen, why) if seen is not None and why else None
            return QueueLoad(seq, flt, offset, rows, total, target, prog,
                             frozenset(marked) - alive, elsewhere, moved, left, merged)

        result = self.app.read(query)
        self.app.call_from_thread(self._show_queue, result)
        if data_changed:
            # The strip is the slowest query at 100k groups; the queue must not wait for it.
            strip = self.app.read(timeline, "timeline")
            self.app.call_from_thread(self._show_timeline, seq, strip)

    def _show_timeline(self, seq: int, data: Timeline) -> None:
        self._bucket = data.bucket
        self.app.example_day = data.busiest or self.app.example_day
        strip = self.query_one(TimelineStrip)
        strip.set_data(data.bucket, data.buckets, data.earlier, data.later,
                       data.reported_pending, data.reported_accepted)
        row = self.queue.current
        self._mark_on_strip(strip, row)

    def _mark_on_strip(self, strip: TimelineStrip, row: QueueRow | None) -> None:
        """The ▲ under the current entry's bucket, named as the queue names its date."""
        strip.current_reported = row.event_date if row is not None and row.reported else None
        date = row.event_date if row is not None else None
        if date and len(date) == 7 and self._bucket in ("day", "week"):
            strip.current = date  # a month-dated entry is marked over its month
        else:
            strip.current = bucket_of(date, self._bucket)

    def _show_queue(self, load: QueueLoad) -> None:
        if load.seq != self._seq:
            return  # a newer load is on its way
        if load.progress is not None:
            self._progress = load.progress
        gone = [g for g in load.gone if g in self.queue.marked]
        for gid in gone:
            del self.queue.marked[gid]
        if gone:
            self.notify(f"Unmarked {', '.join(f'#{g}' for g in sorted(gone))}: "
                        "no longer a group (merged or regrouped).")
        self._elsewhere = load.elsewhere
        self.queue.show_window(load.offset, load.rows, load.total, load.select_id)
        if self._landing is not None and load.seq >= self._landing and self._jumping:
            self.call_after_refresh(self._let_keys_go, self._jump_seq)  # the cursor is there
        if load.moved is not None:
            # the entry worked on took its new place in the order, the cursor with it; its
            # decision goes back to where the reviewer was (``action_decide``)
            # said first: the status line cuts a long message's end ("#29 edited: event
            # date ...; publication date guessed before it: ..." lost it at 80 columns)
            said = self._last_message or ""
            self._back = load.moved
            self.say(f"#{load.moved[0]} moved, the cursor with it (deciding it returns to "
                     f"#{load.moved[1]})" + (f"; {said}" if said else ""))
        elif load.left is not None or (load.merged and load.select_id is not None):
            # out of the filter (a date edited out of its range, a decision under a status
            # filter) or merged away: said with where the cursor is now, first (the status
            # line cuts a long message's end), or the next key acts on another entry
            # unnoticed (a tester's "a" accepted #875 after editing #869 away)
            said = self._last_message or ""
            now = ("the view is empty now" if load.select_id is None
                   else "" if said.endswith(f"#{load.select_id}")  # "back to the first, #3"
                   else f"now on #{load.select_id}")
            if load.left is not None and load.left[1] == STATUS_ONLY:
                parts = [said, now]  # decided under a status filter: it went, as asked
            elif load.left is not None and not load.merged:
                gid, why = load.left
                parts = [said, f"#{gid} left this view{', ' + now if now else ''} ({why})"]
            else:
                parts = [said, now]
                if load.left is not None:  # where its claims went is out of sight
                    gid, why = load.left
                    parts.append(f"#{gid} is outside this view ({why})")
            self.say("; ".join(part for part in parts if part))
        self._update_status()
        if load.progress is not None and load.select_id is not None:
            # After every action (and on opening): reopening lands here, with this filter.
            save_state(self.app.db, self.flt, load.select_id)
        if not load.rows:
            self.detail_pane.border_title = "Group"  # not the one shown before the search
            if self._all_done() and self.flt.status in ("pending", "skipped"):
                self.detail_pane.show_empty(
                    "All done: every group is decided.\n\n"
                    "esc shows them all · ctrl+p → Export chronology writes it"
                )
            elif self.flt.describe():
                where = "".join(f"{line}.\n" for line in self.app.read(
                    lambda conn: what_became_of(conn, self.flt.search), "detail"))
                self.detail_pane.show_empty(
                    "No group matches the filter.\n"
                    + (f"\n{where}" if where else "")
                    + "\nesc clears the filter · f changes it · / searches"
                )
            else:
                self.detail_pane.show_empty("No groups in this database yet.")

    @on(QueueTable.Current)
    def _current_changed(self, event: QueueTable.Current) -> None:
        row = event.row
        if self._back is not None and (row is None or row.id != self._back[0]):
            self._back = None  # the reviewer went elsewhere: their place is where they are
        if self._last_message and time.monotonic() - self._said_at > MESSAGE_HOLD:
            # the reviewer moved on: what the last key did is no longer news (a tester
            # read the opening message over the counts after 80 moves); the move an
            # action makes itself, to the next entry, keeps its message
            self._last_message = ""
        self._update_status()
        self._refresh_bindings_if_needed()
        if row is None:
            return
        self._mark_on_strip(self.query_one(TimelineStrip), row)
        shown = self.detail_pane.detail
        if (shown is not None and (shown.id, shown.version) == (row.id, row.version)
                and not self._detail_stale):
            self._to_search_match()  # a search that kept this entry: to the claim it found
            return  # already on screen (the queue reload after a decision confirms it)
        self._detail_stale = False
        self._detail_seq += 1
        self._load_detail(self._detail_seq, row.id)

    @on(QueueTable.JumpTo)
    def _jump_to(self, event: QueueTable.JumpTo) -> None:
        self._seq += 1
        self._load_queue(self._seq, self.flt, None, event.index, False)

    @on(QueueTable.NeedWindow)
    def _need_window(self, event: QueueTable.NeedWindow) -> None:
        self.reload(event.group_id, data_changed=False)

    @work(thread=True, exclusive=True, group="detail", exit_on_error=False, description="detail")
    def _load_detail(self, seq: int, group_id: int) -> None:
        detail = self.app.read(lambda conn: load_detail(conn, group_id), "detail")
        self.app.call_from_thread(self._show_detail, seq, detail)

    def _show_detail(self, seq: int, detail: GroupDetail | None) -> None:
        if seq != self._detail_seq:
            return
        if detail is None:
            self.detail_pane.show_empty("This group no longer exists (changed by another process).")
            return
        self.last_detail_at = time.perf_counter()
        pane = self.detail_pane
        same = pane.detail is not None and pane.detail.id == detail.id
        # read again (after a merge into it, a split out of it): the cursor stays on the
        # claim it was on, which the new order may have moved, else at its place; at the
        # head it stays at the head (a tester merged a suggestion in, the first claim moved
        # to 6 of 200, and the title and conflicts scrolled out of sight)
        here = pane.current_claim if same and pane.claim_index else None
        index = next((i for i, c in enumerate(detail.claims) if here and c.id == here.id),
                     pane.claim_index if same else 0)
        resumed = False
        if self._start_claim is not None and not same:  # reopened: where the reviewer was
            if detail.id == self.start_id:
                found = next((i for i, c in enumerate(detail.claims)
                              if c.id == self._start_claim), None)
                if found is not None:
                    resumed, index = True, found
            self._start_claim = None
        if same and pane.detail is not None:
            # keep what the second read found until it is read again; one merged in from
            # the list is marked at once, as that read will mark it (for a second it was
            # still offered, "1 #2528", after "merged #2528 into #1814")
            gid, merged = self._merged_in
            kept = tuple(replace(s, merged=True) if gid == detail.id and s.id in merged
                         else s for s in pane.detail.suggestions)
            detail = replace(detail, suggestions=kept,
                             name_variants=pane.detail.name_variants,
                             ranking=pane.detail.ranking)
        pane.search = self.flt.search
        pane.ranked = self.flt.sort == "importance"
        pane.show(detail, index)
        if resumed and index > 0:
            # in sight, as a search's claim is; the first claim is in sight below the
            # entry's head, which scrolling it to the top would hide (title, date, conflicts)
            pane.move_claim(0)
        self._to_search_match()
        self._load_extras(seq, detail.id)
        pane.title_border()  # "Group #id", and its title while its head is out of sight
        pane.border_subtitle = (
            f"{len(detail.conflicts)} conflict{'s' if len(detail.conflicts) != 1 else ''}"
            if detail.conflicts
            else ""
        )
        self._refresh_bindings_if_needed()

    def _to_search_match(self) -> None:
        """A search found the entry shown: put the claim cursor on the claim it found, once
        per entry and search (j and k then move from there)."""
        pane = self.detail_pane
        if pane.detail is None or not self.flt.search:
            return
        key = (pane.detail.id, self.flt.search)
        if self._search_shown == key:
            return
        self._search_shown = key
        found = first_match((c.text for c in pane.detail.claims), self.flt.search)
        if found is not None:
            # the claim found, in sight even when it is the first: on a tall screen an
            # entry's conflicts and suggestions put claim 1 of 296 below the fold
            pane.move_claim(found - pane.claim_index)

    @work(thread=True, exclusive=True, group="extras", exit_on_error=False, description="extras")
    def _load_extras(self, seq: int, group_id: int) -> None:
        # Holding an arrow key starts one of these per row: only the last one reads.
        if get_current_worker().is_cancelled:
            return
        extras = self.app.read(lambda conn: load_extras(conn, group_id), "extras")
        if get_current_worker().is_cancelled or seq != self._detail_seq:
            return
        self.app.call_from_thread(self._show_extras, seq, extras)

    def _show_extras(self, seq: int, extras: DetailExtras) -> None:
        pane = self.detail_pane
        if seq != self._detail_seq or pane.detail is None or pane.detail.id != extras.group_id:
            return
        gid, merged = self._merged_in
        # read again for the entry shown (after a merge from its list): the numbers stay
        suggestions = keep_places(pane.detail.suggestions, extras.suggestions,
                                  merged if gid == extras.group_id else set())
        pane.show(
            replace(pane.detail, suggestions=suggestions, name_variants=extras.name_variants,
                    ranking=extras.ranking, running=extras.running),
            pane.claim_index,
        )

    def _all_done(self) -> bool:
        p = self._progress
        return bool(p and p.total and not p.pending and not p.skipped)

    def _update_status(self) -> None:
        p = self._progress
        # a message too long for one line goes on to a second, rather than lose its end
        # ("#36 edited: ...; it moved, now on #37, the next" at 80 columns)
        t = Text(overflow="ellipsis")
        if p is not None:
            t.append(f"Reviewed {p.reviewed}/{p.total}", style="bold")
            # Words on a wide screen, symbols and short words on a narrow one: the last
            # action's message must still fit at 80 columns.
            wide = self.size.width >= 110
            counts, bare = Text(), Text()
            for status in ("accepted", "rejected", "pending", "skipped"):
                n = getattr(p, status)
                if status == "skipped" and not n:
                    continue
                word = status if wide else STATUS_SHORT[status]
                counts.append(f"  {STATUS_SYMBOL[status]} {n} {word}")
                bare.append(f"{' ' if bare else '  '}{STATUS_SYMBOL[status]}{n}")
            message = len(self._last_message) + 4 if self._last_message else 0
            # the message goes whole ("moved ... to new #45"), and the counts stay beside
            # it, bare ("✓1 ✗0 ○16") when their words leave it no room on the line
            fits = t.cell_len + counts.cell_len + message <= self.size.width
            t.append_text(counts if fits else bare)
        if self._all_done():
            t.append("  │ ✓ All done", style="bold")
        if self._last_message:
            # three lines at most (the status's max-height): a quoted title gives way
            # first, so "now on #28, the next" at the end is never cut off; the lines
            # break between words, so the room is what the wrapped text takes, measured
            # ("... #45 moved, now on #31, the" lost its end at 80 columns)
            line = max(self.size.width - 2, 20)
            room = 3 * line - t.cell_len - 8
            while True:
                said = t.copy()
                said.append(f"  │ {safe_text(shorten_quotes(self._last_message, room))}",
                            style="italic")
                if room <= line or len(said.wrap(self.app.console, line)) <= 3:
                    break
                room -= 8
            t = said
        self.query_one("#status", Static).update(t)
        q = self.queue
        where = f"{q.queue_position + 1}/{q.window_total}" if q.window_total else "0/0"
        # The queue has only a top border, so everything about it goes in the title.
        other = "the entries" if self.flt.background else "background"
        elsewhere = f"{self._elsewhere} more in {other} (b)" if self._elsewhere else ""
        # the search words are the reviewer's, but markup in them must stay text
        words = safe_text(self.flt.describe(), markup=True)
        marked = f"{MARK} {len(q.marked)} marked (M merges)" if q.marked else ""
        width: int | None = q.size.width - 4 if q.size.width else None
        # On a narrow pane the hints and the order's name give way before the filter's
        # words and what is elsewhere: "filter: /presidential palace …" hid the search.
        for hints, order in ((True, True), (False, True), (False, False)):
            parts = [f"Queue {where}", SORTS[self.flt.sort].short if order else "",
                     elsewhere,
                     f"filter: {words}" + (" (esc clears)" if hints else "") if words else "",
                     marked if hints or not marked else f"{MARK} {len(q.marked)} marked"]
            title = " · ".join(part for part in parts if part)
            if width is None or Text.from_markup(title).cell_len <= width:
                break
        self.queue.border_title = title

    def on_resize(self, event: events.Resize) -> None:
        self._update_status()  # the queue's title and the status fit the new width

    def say(self, message: str) -> None:
        self._last_message = message
        self._said_at = time.monotonic()
        self._update_status()

    # -- bindings that depend on the group -----------------------------------------------

    def _refresh_bindings_if_needed(self) -> None:
        # The footer recomposes on every refresh_bindings(); only do it when what it shows
        # would change, so holding down an arrow key stays smooth.
        d = self.detail_pane.detail
        state = (bool(d and d.conflicts), bool(self.queue.marked))
        if state != getattr(self, "_binding_state", None):
            self._binding_state = state
            self.refresh_bindings()

    # -- the current group ---------------------------------------------------------------

    def _current(self) -> tuple[int, int] | None:
        """(id, version) of the group the reviewer is looking at."""
        row = self.queue.current
        if row is None:
            return None
        d = self.detail_pane.detail
        version = d.version if d is not None and d.id == row.id else row.version
        return row.id, max(version, self._own_versions.get(row.id, version))

    def _detail_now(self) -> tuple[tuple[int, int], GroupDetail] | None:
        """The current group and its detail. A key pressed just after a decision moved the
        cursor, before the detail pane has read the next group, acts on the group the
        cursor is on: its detail is read here and shown, rather than the key being dropped
        and the letters typed after it read as commands."""
        cur = self._current()
        if cur is None:
            return None
        d = self.detail_pane.detail
        if d is None or d.id != cur[0]:
            d = load_detail(self.conn, cur[0])
            if d is None:
                return None
            self._detail_seq += 1
            self._show_detail(self._detail_seq, d)
            cur = self._current()
            if cur is None:
                return None
        return cur, d

    def _run(
        self, change: Callable[[], Outcome], *, focus: int | None = None, stay: int | None = None,
        dialog: bool = False,
    ) -> str | None:
        """Run one core action; say what it did; reload. Returns an error message or None.

        ``focus``: the group to show next (a decision moves on to the next row). ``stay``:
        the group the reviewer works on; the cursor stays on its row (see ``reload``).
        Neither: the group the action names (undo shows what it took back). ``dialog``:
        the action's dialog shows a refusal itself, where it can be corrected; said on the
        status line too, it stayed there after the dialog was closed."""
        here = self.queue.current.id if self.queue.current else None
        try:
            outcome = change()
        except StaleGroup as exc:
            self.notify(safe_text(exc), title="Changed elsewhere", severity="warning",
                        timeout=8, markup=False)
            if not dialog:  # said on the status line too: the toast goes by, and the line
                self.say(str(exc))  # went on showing the last action (undo looked dead)
            self.reload(self.queue.current.id if self.queue.current else None)
            return str(exc)
        except ReviewError as exc:
            if dialog:
                return str(exc)
            self.notify(safe_text(exc), severity="warning", markup=False)
            self.say(str(exc))  # and stays said: "nothing to undo" (a toast goes by)
            return str(exc)
        except sqlite3.Error as exc:
            # read-only, disk full, locked: the action was rolled back; say so and keep
            # what is on screen
            message = explain(self.app.db_path, exc)
            self.notify(safe_text(message), title="Not saved", severity="error", timeout=12,
                        markup=False)
            return message
        self.last_commit_at = time.perf_counter()
        if outcome.decision_id is not None and outcome.action not in ("undo", "redo") \
                and here is not None:
            self._taken_on[outcome.decision_id] = here
        self.app.own_write()
        if outcome.group_ids:
            marks = ", ".join("?" for _ in outcome.group_ids)
            self._own_versions.update(self.conn.execute(
                f"SELECT id, version FROM groups WHERE id IN ({marks})", outcome.group_ids))
        said = outcome.message
        if (outcome.action in ("undo", "redo") and outcome.focus is not None
                and self.flt.describe() and not shows(self.conn, self.flt, outcome.focus)):
            # what was taken back is out of sight: "undid edit of #3693" with a search on
            # #1760 changed nothing a tester could see
            said += f" (#{outcome.focus} is outside the filter: esc clears it)"
        self.say(said)
        self._follow_marks(outcome)
        # the entry the action was taken on (an undo or redo says itself where it went):
        # out of the view, said with where the cursor went (``reload``)
        watched = (None if outcome.action in ("undo", "redo")
                   else stay if stay is not None else here)
        if stay is not None:
            self._rank_later(outcome)
            self.reload(stay, stay=True, watch=watched, into=outcome.focus)
            return None
        target = focus if focus is not None else outcome.focus
        if target is None and not outcome.group_ids and self.queue.current is not None:
            # an action that names no entry (a document's date put back: its claims dated
            # again, the entries regrouped) keeps the reviewer on theirs, not on whichever
            # entry the new order puts in its row
            target = self.queue.current.id
        # Show the next group at once if it is already loaded (or, the entry that took a
        # rejected one's place, in that one's row); the queue reload that follows (counts,
        # new order) only confirms it.
        if target is not None and target == outcome.opens and outcome.group_ids:
            row = queue_row(self.conn, target)
            if row is not None:  # (the rejected entry's row)
                self.queue.put_in_place(outcome.group_ids[0], row)
        self.queue.select_group(target)
        self._rank_later(outcome)
        self.reload(target, watch=watched, into=outcome.focus)
        return None

    def _rank_later(self, outcome: Outcome) -> None:
        """Rank again the days a committed decision left to rank (``Outcome.rank_later``):
        derived, so a failure keeps the decision and says so; the next build ranks them."""
        if not outcome.rank_later:
            return
        try:
            actions.rank_again(self.conn, outcome.rank_later)
        except sqlite3.Error as exc:
            self.say(f"{self._last_message}; its day is not ranked again "
                     f"({explain(self.app.db_path, exc)})")

    def _follow_marks(self, outcome: Outcome) -> None:
        """A marked group this app just changed has a new version, written by us: the mark
        follows it, so a later M is not refused as "changed by another process"."""
        marked = self.queue.marked
        for gid in outcome.group_ids:
            if gid in marked:
                row = self.conn.execute("SELECT version FROM groups WHERE id = ?", [gid]).fetchone()
                if row is not None:
                    marked[gid] = row[0]

    # -- actions -------------------------------------------------------------------------

    def action_decide(self, action: str) -> None:
        cur = self._current()
        if cur is None:
            return
        gid, version = cur
        nxt, said = (self._next_to_decide(gid) if action != "reopen" else (gid, ""))
        if self._back is not None and self._back[0] == gid and action != "reopen":
            # decided where an edit or a merge re-sorted it: back to the reviewer's place
            nxt, said = self._back[1], f"; back to #{self._back[1]}, where you were"
            self._back = None

        was_rejected = self.queue.current is not None and self.queue.current.status == "rejected"

        def change() -> Outcome:
            # a reject's day is ranked again once it is committed and the next entry shown
            # (``_run``: ``rank_again``)
            outcome = actions.decide(self.conn, gid, action, version=version,
                                     reviewer=self.reviewer, rank=action != "reject")
            if was_rejected and action != "reject" and self.flt.sort == "importance":
                # back among its day's entries: where it stands now ("#1814 pending" left
                # a tester asking what became of the entry that had taken its place)
                found = ranked(self.conn, gid)
                if found is not None and found.day is not None:
                    place = ("the first entry" if not found.place
                             else f"entry no. {found.place + 1}")
                    outcome = replace(outcome,
                                      message=f"{outcome.message}, {place} of {found.day}")
            return self._in_its_place(outcome) or replace(
                outcome, message=outcome.message + said, focus=nxt)

        self._run(change)

    def _in_its_place(self, outcome: Outcome) -> Outcome | None:
        """Sorted by importance, the entry that took a rejected one's place among its
        day's rose above the cursor, where a reviewer working down the queue passed it
        over: shown next, and said (None: nothing took a place, or another sort)."""
        opens = outcome.opens
        if (self.flt.sort != "importance" or opens is None
                or not shows(self.conn, self.flt, opens)):
            return None
        return replace(outcome, focus=opens, message=f"{outcome.message}; #{opens} takes "
                       f"its place, {outcome.opens_at} now")

    def _next_to_decide(self, gid: int) -> tuple[int | None, str]:
        """Where a decision on ``gid`` (the current row) moves on to, and what to say of
        it: the next row if it waits for a decision, else the next pending entry below,
        else the first one (said), else, none left, the next row (said). Deciding the
        last pending row of a list landed on an accepted one, and a second ``a`` decided
        that again (a tester had left one pending above)."""
        row = self.queue.current
        nxt = self.queue.neighbour_id()
        loaded = {r.id: r for r in self.queue.rows_loaded}
        if row is None or row.status != "pending" or (
                nxt is not None and nxt in loaded and loaded[nxt].status == "pending"):
            return nxt, ""
        below = next_matching(self.conn, self.flt, gid, pending=True, wrap=False)
        if below is not None:
            return below, ""
        first = next_matching(self.conn, self.flt, None, pending=True)
        if first is None or first == gid:  # nothing else waits: the next row, as before
            return nxt, ("; none left pending" + (" in this view (esc clears the filter)"
                                                   if self.flt.describe() else ""))
        return first, f"; no pending entry below: back to the first, #{first}"

    def action_mark(self) -> None:
        row = self.queue.toggle_mark()
        if row is not None:
            n = len(self.queue.marked)
            self.say(f"#{row.id} marked ({n} marked: M on the entry to merge them into)"
                     if row.id in self.queue.marked
                     else f"#{row.id} unmarked" + (f" ({n} marked)" if n else ""))
            self._refresh_bindings_if_needed()

    def action_merge(self) -> None:
        cur = self._current()
        row = self.queue.current
        if cur is None or row is None:
            return
        gid, version = cur

        def chosen(target: int | None) -> None:
            if target is None:
                return
            tv = self._target_version(target)
            if tv is None:
                return
            self._run(
                lambda: actions.merge(
                    self.conn, {gid: version}, target, target_version=tv, reviewer=self.reviewer
                ),
                # gone: the cursor stays on its row, the next group. Deliberately not the
                # target: jumping there lost the reviewer's place in the queue (README,
                # "After a merge..."; tests/tui/test_app.py, the finder merge test)
                stay=gid,
            )

        # the title shortened so that the sentence ends on the screen ("… into…" was cut
        # off at 80 columns for a 4-digit id)
        frame = f"Merge #{gid} “” into…"
        title = one_line(row.title, dialog_room(self.app.size.width) - len(frame))
        self.app.push_screen(
            FinderScreen(
                f"Merge #{gid} “{title}” into…", exclude={gid}, near=row.event_date, like=gid
            ),
            chosen,
        )

    def action_merge_marked(self) -> None:
        cur = self._current()
        if cur is None:
            return
        gid, version = cur
        sources = {g: v for g, v in self.queue.marked.items() if g != gid}
        if not sources:
            self.say("nothing marked to merge: mark entries with v first, then M on the one "
                     "to merge them into")
            return
        if (
            self._run(
                lambda: actions.merge(
                    self.conn, sources, gid, target_version=version, reviewer=self.reviewer
                ),
                stay=gid,
            )
            is None
        ):
            self.queue.marked.clear()

    def action_split(self) -> None:
        got = self._detail_now()
        if got is None:
            return
        cur, d = got
        gid, version = cur

        def apply(data: dict[str, Any]) -> str | None:
            if data["into"] == "pick":
                self._split_claims = list(data["claims"])
                return None
            return self._run(
                lambda: actions.split(
                    self.conn, gid, data["claims"], version=version, reviewer=self.reviewer
                ),
                stay=gid,
            )

        def closed(_ok: bool | None) -> None:
            claims, self._split_claims = self._split_claims, None
            if not claims:
                return

            def chosen(target: int | None) -> None:
                if target is None:
                    return
                tv = self._target_version(target)
                if tv is None:
                    return
                self._run(
                    lambda: actions.split(
                        self.conn,
                        gid,
                        claims,
                        version=version,
                        reviewer=self.reviewer,
                        into=target,
                        into_version=tv,
                    ),
                    stay=gid,
                )

            self.app.push_screen(
                FinderScreen(
                    f"Move {count_of(len(claims), 'claim')} of #{gid} into…", exclude={gid},
                    near=d.event_date, like=gid,
                ),
                chosen,
            )

        detail = self.detail_pane
        at = detail.claim_index if detail.detail is not None and detail.detail.id == gid else 0
        self.app.push_screen(SplitScreen(d, apply, at), closed)

    def action_edit(self) -> None:
        got = self._detail_now()
        if got is None:
            return
        cur, d = got
        gid, version = cur

        def apply(data: dict[str, Any]) -> str | None:
            error = self._run(
                lambda: actions.edit(
                    self.conn,
                    gid,
                    version=version,
                    reviewer=self.reviewer,
                    title=data["title"],
                    event_date=data["event_date"],
                    # the precision follows the date's shape; no date given, none given
                    date_precision=... if data["event_date"] is ... else None,
                    confirm=data.get("date_typed", False),
                ),
                stay=gid,
                dialog=True,
            )
            if error is None:
                # what was just typed is at the top of the pane: shown (a tester scrolled
                # down to a conflict, retitled, and saw the conflict still)
                self.detail_pane.show_head()
            return error

        self.app.push_screen(EditScreen(d, apply))

    def action_note(self) -> None:
        got = self._detail_now()
        if got is None:
            return
        cur, d = got
        gid, version = cur

        def apply(data: dict[str, Any]) -> str | None:
            return self._run(
                lambda: actions.edit(
                    self.conn, gid, version=version, reviewer=self.reviewer, note=data["note"]
                ),
                stay=gid,
                dialog=True,
            )

        self.app.push_screen(NoteScreen(d, apply))

    def action_resolve(self) -> None:
        got = self._detail_now()
        if got is None:
            return
        cur, d = got
        if not d.conflicts and not d.running:
            self.say(f"#{d.id} has no conflict: its sources agree, nothing to resolve")
            return
        gid, version = cur
        seen = {"version": version}  # the dialog stays for the next conflict: its version

        def apply(data: dict[str, Any]) -> str | None:
            # the cursor stays where it is: on the entry, or, when a first choice re-dated
            # it and it moved, on the row that took its place (a second choice took the
            # cursor on from there, one row past where the reviewer was)
            here = self.queue.current.id if self.queue.current else None
            error = self._run(
                lambda: actions.settle_course(
                    self.conn, gid, data["course"], version=seen["version"],
                    reviewer=self.reviewer,
                ) if "course" in data else actions.resolve(
                    self.conn,
                    gid,
                    data["conflict_id"],
                    data["value"],
                    version=seen["version"],
                    reviewer=self.reviewer,
                ),
                stay=gid if here in (gid, None) else here,
                dialog=True,
            )
            if error is None:  # the version this choice left, read in the same thread
                row = self.conn.execute("SELECT version FROM groups WHERE id = ?",
                                        [gid]).fetchone()
                if row is not None:
                    seen["version"] = row[0]
                # what was settled shows at the entry's head, with its conflicts, and the
                # claim cursor starts there again (resolved with the detail down among the
                # claims, the "✓ resolved" box was out of sight)
                pane = self.detail_pane
                if pane.detail is not None and pane.detail.id == gid:
                    pane.claim_index = 0
                    pane.show_head()
            return error

        self.app.push_screen(ResolveScreen(d, apply))

    def action_decide_many(self, action: str) -> None:
        """Accept or reject many groups as one step: the marked ones, or else every
        undecided group the filter or search shows; asks first, with the count."""
        row = self.queue.current
        verb = {"accept": "Accept", "reject": "Reject"}[action]
        if self.queue.marked:
            groups = dict(self.queue.marked)
            which = f"the {len(groups)} marked group{'s' if len(groups) != 1 else ''}"
            from_marks = True
        else:
            flt = self.flt
            groups = self.app.read(lambda conn: undecided_versions(conn, flt))
            shown = f"the filter shows ({flt.describe()})" if flt.describe() else \
                "the queue holds (no filter)"
            which = (f"the {len(groups)} undecided group{'s' if len(groups) != 1 else ''} "
                     f"{shown}")
            from_marks = False
        if not groups:
            self.say("no group to decide: mark some with v, or filter the queue")
            return

        def confirmed(yes: bool | None) -> None:
            if not yes:
                self.say(f"{verb.lower()} many: cancelled")
                return
            error = self._run(
                lambda: actions.decide_many(self.conn, groups, action, reviewer=self.reviewer),
                stay=row.id if row else None,
            )
            if error is None and from_marks:
                self.queue.marked.clear()
                self._update_status()

        self.app.push_screen(
            ConfirmScreen(f"{verb} {which}?",
                          "Decided groups are left alone." if not from_marks else ""),
            confirmed,
        )

    def action_merge_suggested(self, index: int) -> None:
        got = self._detail_now()
        if got is None:
            return
        cur, d = got
        if index >= len(d.suggestions):
            self.say(f"no suggestion {index + 1} for #{d.id}")
            return
        gid, version = cur
        other = d.suggestions[index].id
        if d.suggestions[index].merged:
            self.say(f"suggestion {index + 1} (#{other}) is merged in already")
            return
        tv = self._target_version(other)
        if tv is None:
            return
        if actions.keeper(self.conn, gid, other) == other:
            # the suggestion was decided on (or edited) and this group was not: this one
            # goes into it, so the decision, title and date the reviewer gave it stay
            self._run(
                lambda: actions.merge(
                    self.conn, {gid: version}, other, target_version=tv, reviewer=self.reviewer
                ),
                # gone into it: the cursor goes on with the row that came next, as after
                # `m` (a tester found the cursor on the accepted entry, among the decided
                # rows, and had to find their place again); the message names the target
                stay=gid,
            )
            return
        done = self._merged_in[1] if self._merged_in[0] == gid else set()
        self._merged_in = (gid, done | {other})
        self._run(
            lambda: actions.merge(
                self.conn, {other: tv}, gid, target_version=version, reviewer=self.reviewer
            ),
            stay=gid,
        )

    def action_drop(self, reject: bool) -> None:
        got = self._detail_now()
        claim = self.detail_pane.current_claim
        if got is None or claim is None:
            return
        cur, d = got
        gid, version = cur
        self._run(
            lambda: actions.drop(
                self.conn, gid, claim.id, version=version, reviewer=self.reviewer, reject=reject
            ),
            stay=gid,
        )

    def action_undo(self) -> None:
        taken = actions.undo_target(self.conn, self._passed)
        self._slow_first(taken, "Undoing", lambda: self._undo(taken))

    def action_redo(self) -> None:
        target = actions.redo_target(self.conn, self._passed)
        # a decision on the entry at hand, done again, moves on as it did the first time
        # (a redone accept followed its entry to the end of the queue, row 790 of 791)
        row = self.conn.execute("SELECT action, group_id FROM decisions WHERE id = ?",
                                [target]).fetchone() if target else None
        here = self.queue.current
        # the action redone, when it was taken on the entry at hand
        action = row[0] if row and here is not None and here.id == row[1] else None
        nxt, said = (self._next_to_decide(here.id)
                     if here is not None and action in actions.DECISIONS and action != "reopen"
                     else (None, ""))

        def redo() -> Outcome:
            # passed over, as undo does: every redo after it said the same refusal
            outcome = self._in_place(self._passing(
                actions.redo, "It stays undone; redo again to redo the action after it"))
            # a reject done again goes where the reject went
            return self._in_its_place(outcome) or (
                outcome if nxt is None
                else replace(outcome, focus=nxt, message=outcome.message + said))

        # an edit done again stays on its row as the edit did (a new date moves the
        # entry: the cursor goes on with the entry that came next)
        self._slow_first(target, "Redoing", redo,
                         stay=here.id if action == "edit" and here is not None else None)

    def _slow_first(self, decision_id: int | None, doing: str,
                    step: Callable[[], Outcome], stay: int | None = None) -> None:
        """Take ``step`` (``stay``: as ``_run``'s); one that dates a document's claims
        again (a corrected publication date: seconds on a large story) is said first, or
        the screen sat still on the last message while it ran."""
        row = self.conn.execute("SELECT action FROM decisions WHERE id = ?",
                                [decision_id]).fetchone() if decision_id else None
        if row is None or not str(row[0]).startswith("doc-"):
            self._run(step, stay=stay)
            return
        self.say(f"{doing}: the document's claims are dated again…")
        self.call_after_refresh(partial(self._run, step, stay=stay))

    def _undo(self, taken: int | None) -> Outcome:
        """Undo (``taken``: the decision it takes back); an action that can no longer be
        taken back is passed over, so that the undo after it reaches the actions before it
        (a reviewer whose entry was rebuilt after an article was re-dated was left unable
        to undo anything older)."""
        outcome = self._passing(
            actions.undo, "It stays as it is; undo again to take back the action before it")
        was = self._taken_on.get(taken) if taken is not None else None
        if was is not None and self.conn.execute(
                "SELECT 1 FROM groups WHERE id = ?", [was]).fetchone():
            # back where the reviewer took the action, whether it changed that entry or
            # not (a bulk accept of marked entries, taken on a third)
            return replace(outcome, focus=was)
        return self._in_place(outcome)

    def _passing(self, step: Callable[..., Outcome], then: str) -> Outcome:
        """Undo or redo (``step``); an action it can no longer take is passed over by the
        next one, and the refusal says so (``then``)."""
        try:
            return step(self.conn, passed=self._passed)
        except StaleGroup as exc:
            if exc.decision_id is None:
                raise
            self._passed.add(exc.decision_id)
            raise StaleGroup(exc.group_ids, f"{exc}. {then}", exc.decision_id) from exc

    def _in_place(self, outcome: Outcome) -> Outcome:
        """A bulk step undone or redone implies no group: the cursor stays on its row (it
        went to the step's lowest group id, 24 rows away), else goes to one it changed."""
        here = self.queue.current.id if self.queue.current else None
        if outcome.focus is None and outcome.group_ids:
            return replace(outcome, focus=here if here in outcome.group_ids
                           else outcome.group_ids[0])
        return outcome

    # -- filters -------------------------------------------------------------------------

    def set_filter(self, flt: Filter, *, save: bool = True, at: int | None = None) -> None:
        """``at``: the row to show in the new list, when it is there (else the current)."""
        if flt == self.flt:
            return
        row = self.queue.current
        target = at if at is not None else row.id if row else None
        if flt.background != self.flt.background:
            # each list keeps its place: back from the background, the entry left there
            if row is not None:
                self._places[self.flt.background] = row.id
            target = self._places.get(flt.background)
        resorted = flt.sort != self.flt.sort
        self.flt = flt
        if self._last_message.startswith("filter cleared") and flt.describe():
            self._last_message = ""  # a new filter: "cleared" is no longer true
        self.reload(target, data_changed=False, top=True)
        pane = self.detail_pane
        if resorted and pane.detail is not None:  # why an entry ranks here: said or not
            pane.ranked = flt.sort == "importance"
            pane.show(pane.detail, pane.claim_index)
        if save:
            self._save_state()

    def _save_state(self) -> None:
        row = self.queue.current
        try:
            save_state(self.app.db, self.flt, row.id if row else None)
        except sqlite3.Error as exc:  # read-only or full: the place is not kept, that is all
            self.notify(safe_text(explain(self.app.db_path, exc)), severity="warning",
                        markup=False)

    def action_search(self) -> None:
        def apply(data: dict[str, Any]) -> str | None:
            # Live while typing; saved for resume once, when the search box closes.
            self.set_filter(replace(self.flt, search=data["search"]), save=False)
            return None

        row = self.queue.current
        if not self.flt.search:
            self._search_began = row.id if row else None
        # a new search lands on the claim it finds, even in the entry the same words found
        # before (searched again in one burst, the entry opened on claim 1, and D rejected
        # a claim the reviewer had not read)
        self._search_shown = None
        example = search_example(row.title if row else None)
        self.app.push_screen(SearchScreen(self.flt.search, apply, example),
                             lambda _ok: self._save_state())

    def action_filter(self) -> None:
        def apply(data: dict[str, Any]) -> str | None:
            new: Filter = data["filter"]
            read: dict[str, str] = {}
            for label, value in (("from", new.date_from), ("to", new.date_to)):
                # as a reviewer writes a date ("June 8"), as the edit dialog reads it: its
                # year the story's; the filter refused what the edit dialog took
                iso = (written_date(value, self.app.example_day) or "") if value else ""
                if value and not iso:
                    ex = date_examples(self.app.example_day)
                    why = why_not_written(value)
                    return (f"{label}: {value!r} is not a date{f' ({why})' if why else ''}: "
                            f"write {ex.day}, {ex.words}, {ex.month} or {ex.year}")
                read[label] = iso
            if read["from"] and read["to"] and read["from"] > read["to"] + "\uffff":
                # (a reversed range showed only the month-dated entries, without a word)
                return f"from {read['from']} is after to {read['to']}"
            self.set_filter(replace(new, date_from=read["from"], date_to=read["to"]))
            return None

        self.app.push_screen(FilterScreen(self.flt, apply))

    def action_toggle_conflicts(self) -> None:
        self.set_filter(replace(self.flt, conflicts_only=not self.flt.conflicts_only))
        self.say(
            "conflicts only" if self.flt.conflicts_only else "all groups, with or without conflicts"
        )

    def action_toggle_multi(self) -> None:
        self.set_filter(replace(self.flt, multi_source=not self.flt.multi_source))
        self.say("2+ sources only" if self.flt.multi_source else "any number of sources")

    def action_toggle_background(self) -> None:
        self.set_filter(replace(self.flt, background=not self.flt.background))
        self.say(
            "background (a: accept it as an entry · m: merge into one)"
            if self.flt.background else "chronology entries"
        )

    def action_cycle_sort(self) -> None:
        names = list(SORTS)
        self.set_filter(
            replace(self.flt, sort=names[(names.index(self.flt.sort) + 1) % len(names)])
        )
        self.say(f"sorted: {SORTS[self.flt.sort].label}")

    def action_zoom(self) -> None:
        """At 80x24 the detail has nine lines: a tester scrolled through a 40-claim entry
        three lines at a time. Zoomed, it has the screen; a, x, j, k ... still work."""
        if self.maximized is not None:
            self.minimize()
        else:
            self._zoomed_from = self.focused
            self.maximize(self.detail_pane, container=False)

    def minimize(self) -> None:
        """Back from the zoom (z, or esc, which the app turns into this), the keys go where
        they went before it: the queue's arrows move the queue again."""
        super().minimize()
        before = self._zoomed_from
        if before is not None and before.is_attached:
            # after the layout that shows it again: a hidden widget cannot take the focus
            self.call_after_refresh(self.set_focus, before)

    def action_clear_filter(self) -> None:
        """esc: a search first, the rest of the filter on the next (a tester's date range
        went with every search they left, about ten keys to set again each time)."""
        if not self.flt.describe():
            return
        new = self.flt.cleared()
        # leaving a search: back to the row it began on, if the list still holds it
        began = self._search_began if self.flt.search else None
        if began is not None and position(self.conn, new, began) is None:
            began = None
        if self.flt.search:
            self._search_began = None
        back = f"; back at #{began}, where the search began" if began is not None else ""
        self.set_filter(new, at=began)
        self.say(f"search cleared{back}; esc again clears the filter" if new.describe()
                 else f"filter cleared{back}")

    def action_next_pending(self) -> None:
        self._start_jump(pending=True)

    def action_next_conflict(self) -> None:
        self._start_jump(conflict=True)

    def _start_jump(self, pending: bool = False, conflict: bool = False) -> None:
        """A jump, the keys typed after it held until it lands (``hold_key``)."""
        self._jump_seq += 1
        self._jumping = True
        self._jump(self._jump_seq, pending, conflict)

    def hold_key(self, key: events.Key) -> bool:
        """Keep a key typed while a jump is on its way (the app asks); True if kept."""
        if self._jumping:
            self._held.append(key)
        return self._jumping

    def _landed(self, seq: int) -> None:
        """The jump ``seq`` found its entry (or failed). The keys typed after it go on, in
        order, once the cursor is there: its queue load (``_show_queue``) lets them go,
        or a second at most, should that load never come."""
        if seq != self._jump_seq:
            return  # a later jump is on its way; its landing lets them go
        if self._landing is None:
            self._let_keys_go(seq)
        else:
            self.set_timer(1.0, partial(self._let_keys_go, seq))

    def _let_keys_go(self, seq: int) -> None:
        if seq != self._jump_seq or not self._jumping:
            return  # let go already, or a later jump holds them
        self._landing = None
        self._jumping = False
        held, self._held = self._held, []
        for key in held:
            self.app.post_message(events.Key(key.key, key.character))

    @work(thread=True, exclusive=True, group="jump", exit_on_error=False, description="jump")
    def _jump(self, seq: int, pending: bool = False, conflict: bool = False) -> None:
        try:
            self._find_and_go(seq, pending, conflict)
        finally:
            self.app.call_from_thread(self._landed, seq)

    def _find_and_go(self, seq: int, pending: bool, conflict: bool) -> None:
        row = self.queue.current
        flt = self.flt

        def find(conn) -> tuple[int | None, bool]:
            after = row.id if row else None
            found = next_matching(conn, flt, after, pending=pending, conflict=conflict,
                                  wrap=False)
            if found is not None or after is None:
                return found, False
            # none below: round to the first, and say so (a tester went from entry 627 to
            # 77 without a word)
            return next_matching(conn, flt, None, pending=pending, conflict=conflict), True

        target, wrapped = self.app.read(find)
        what = "pending entry" if pending else "entry with a conflict to look at"

        def go() -> None:
            if seq != self._jump_seq:
                return  # a later jump goes on from here
            if target is None:
                self.say(f"no {what}")
                return
            self.reload(target, data_changed=False)
            self._landing = self._seq
            if wrapped:
                self.say(f"no {what} below: back to the first, #{target}")

        self.app.call_from_thread(go)

    # -- detail --------------------------------------------------------------------------

    def action_claim(self, delta: int) -> None:
        pane = self.detail_pane
        was = pane.claim_index
        pane.move_claim(delta)
        if delta > 0 and pane.detail is not None and pane.claim_index == was:
            # j on the last claim did nothing a tester could see
            self.say(f"the last claim of #{pane.detail.id} ({len(pane.detail.claims)})")

    def action_next_new_claim(self) -> None:
        """The next claim that new evidence brought in since the entry was decided, round
        to the first (a tester pressed j 225 times to find five in a 340-claim entry)."""
        pane = self.detail_pane
        d = pane.detail
        if d is None:
            return
        new = [i for i, c in enumerate(d.claims) if c.new_since_decided]
        if not new:
            self.say(f"no claim came into #{d.id} since it was decided")
            return
        target = next((i for i in new if i > pane.claim_index), new[0])
        pane.move_claim(target - pane.claim_index)
        # short: the status line holds it beside the counts at 80 columns
        self.say(f"claim {target + 1}/{len(d.claims)}, new {new.index(target) + 1} of "
                 f"{len(new)} (J: next)")

    def action_open_document(self) -> None:
        claim = self.detail_pane.current_claim
        if claim is None:
            return
        doc = self.app.read(lambda conn: load_document(conn, claim.document_id), "detail")
        if doc is None:
            self.notify("The source document is no longer in the database.", severity="warning")
            return
        self.app.push_screen(
            DocumentScreen(doc, claim.char_start, claim.char_end, self._set_document)
        )

    def _set_document(self, doc: DocumentView, values: dict[str, str]) -> DocumentView | str:
        """The source view's correction (``d``): the same core call as ``workbench doc set``;
        the document's claims are dated again and regrouped before it returns."""
        from ...review.documents import set_document

        if not values:
            return doc
        here = self.queue.current.id if self.queue.current else None
        try:
            outcome = set_document(self.conn, doc.id, reviewer=self.reviewer, **values)
        except ReviewError as exc:
            return str(exc)
        self.app.own_write()
        self.say(outcome.message)
        self.reload(here)
        return load_document(self.conn, doc.id) or doc

    def _target_version(self, group_id: int) -> int | None:
        """The version of a merge or split target picked in the finder; None, said to the
        reviewer, when another process removed the group meanwhile."""
        row = self.conn.execute("SELECT version FROM groups WHERE id = ?", [group_id]).fetchone()
        if row is None:
            self.notify(f"group #{group_id} no longer exists", severity="warning")
            return None
        return row[0]

    # -- other processes -----------------------------------------------------------------

    def database_changed(self) -> None:
        """Another process (an ingest or regroup) committed: refresh, keep the place."""
        row = self.queue.current
        self.say("the database changed (another process); refreshed")
        # a build may give an undecided entry claims without a new version: the detail
        # is read again even when the entry's version is the one shown (a tester's
        # detail said "4 sources · 42 claims" beside a row that said 5)
        self._detail_stale = True
        self.reload(row.id if row else None, data_changed=True)

