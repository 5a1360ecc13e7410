"""Small dialogs: edit, note, resolve, search, filter, split, confirm, export and a
document's metadata.

Each dialog that changes the database takes an ``apply`` callback that returns an error
message (shown inside the dialog, which stays open) or None (the dialog closes): the
reviewer never loses what they typed because of a typo in a date.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from types import EllipsisType
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option
from textual.widgets.text_area import Selection

from ...review.detail import ClaimView, ConflictView, DocumentView, GroupDetail
from ...review.queue import SORTS, STATUSES, Filter, first_match
from ...text import (
    NOT_A_DISAGREEMENT,
    conflict_subject,
    count_of,
    date_examples,
    one_line,
    safe_text,
)
from ..widgets.boxes import InOrder, TypeAhead, TypedArea, TypedInput, TypedSelect, handed_on
from ..widgets.checks import TextCheckbox, box
from ..widgets.cursor_list import GUTTER, CursorList
from ..widgets.detail import course_line, value_quote
from ..widgets.symbols import CONFLICT

if TYPE_CHECKING:
    from textual import getters

    from ...group.conflicts import RunningCount
    from ..app import WorkbenchApp

Apply = Callable[[dict], str | None]


def dialog_room(width: int) -> int:
    """Columns of text one line of a dialog holds on a screen ``width`` columns wide: the
    ``.dialog`` of app.tcss is 90% of the screen, at most 110, less its border and
    padding (68 at 80 columns)."""
    return min(width * 9 // 10, 110) - 4


class _Dialog(TypeAhead, ModalScreen[bool]):
    if TYPE_CHECKING:  # the app these screens run in, as textual's own MessagePump types it
        app = getters.app(WorkbenchApp)

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel", tooltip="Close without saving"),
    ]

    def _error(self, message: str | None) -> None:
        label = self.query_one(".dialog-error", Label)
        label.update(Text(safe_text(message or "")))  # may quote a title or a search
        label.display = bool(message)
        if message:  # in a dialog scrolled on a short screen, once laid out again
            self.call_after_refresh(label.scroll_visible)

    def on_mount(self) -> None:
        for i in self.query(Input):
            i.cursor_blink = self.app.cursor_blink
        if self.query(TextArea):
            self.query_one(TextArea).cursor_blink = self.app.cursor_blink
        self._error(None)
        self.call_after_refresh(self.open_to_typing)  # once a box has the focus

    def action_cancel(self) -> None:
        self.dismiss(False)

    @on(Input.Changed)
    def _edited(self) -> None:
        # the reason a save was refused goes once the reviewer changes what it was about
        if self.query(".dialog-error"):
            self._error(None)


class TitleBox(InOrder, TextArea):
    """A title in as many lines as it takes, up to the box's height: an :class:`Input`
    showed a long title's end only, and a reviewer edits a title from its start. It is
    still one line of text: enter saves, as in the other boxes, and a line break pasted in
    is a space. As in an Input, focus selects it all, so typing replaces it; the cursor
    stays at its start. ``value`` is the title, as an Input's: the one given, while the
    text shown (control characters made visible, :func:`one_line`) is left as it was."""

    BINDINGS = [
        # not a priority: enter waits behind the keys typed before it (``InOrder``)
        Binding("enter", "submit", "Save", show=False),
        # the whole title: TextArea's own ctrl+u stops at the start of the line on screen,
        # and a tester's end, ctrl+u left half a wrapped title
        Binding("ctrl+u", "clear", "Clear", show=False),
    ]

    class Submitted(Message):
        """Enter pressed: save."""

    def __init__(self, title: str, **kwargs) -> None:
        self.given = title
        super().__init__(one_line(title), soft_wrap=True, tab_behavior="focus", **kwargs)

    def on_focus(self) -> None:
        self.selection = Selection(self.document.end, (0, 0))

    def action_clear(self) -> None:
        self.clear()

    @property
    def value(self) -> str:
        return self.given if self.text == one_line(self.given) else one_line(self.text)

    @value.setter
    def value(self, title: str) -> None:
        self.text = one_line(title)

    def action_submit(self) -> None:
        self.post_message(self.Submitted())


class EditScreen(_Dialog):
    """Title and event date; the precision follows from the date's shape."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="edit.save", tooltip="Save the edit"),
    ]

    def __init__(self, detail: GroupDetail, apply: Apply) -> None:
        super().__init__()
        self.detail = detail
        self.apply = apply
        self.date_typed = False  # the reviewer typed in the date box (even the same date)

    def compose(self) -> ComposeResult:
        with Vertical(id="edit", classes="dialog"):
            yield Label(f"Edit group #{self.detail.id}", classes="dialog-title")
            yield Label("Title")
            yield TitleBox(self.detail.title, id="edit-title")
            # Two short lines: one long one was cut off at 80 columns.
            ex = date_examples(self.detail.event_date, self.app.example_day)
            yield Label(f"Event date: {ex.day} or {ex.words} (a day), {ex.month}")
            yield Label(f"(a month), {ex.year} (a year), or empty for undated")
            yield TypedInput(self.detail.event_date or "", id="edit-date")
            if self.detail.reported:
                yield Label("reported (no source states it): enter with nothing "
                            "changed confirms it", classes="dialog-help")
            yield Label("", classes="dialog-error")
            yield Label("enter save · tab next field · ctrl+u clears · esc cancel",
                        classes="dialog-help")

    @on(Input.Changed, "#edit-date")
    def _date_typed(self, event: Input.Changed) -> None:
        # a date typed again as it was confirms it: it settles the sources' disagreement
        self.date_typed = self.date_typed or event.value != (self.detail.event_date or "")

    @on(Input.Submitted)
    @on(TitleBox.Submitted)
    def action_save(self) -> None:
        title = self.query_one(TitleBox).value
        date: str | None | EllipsisType = (
            self.query_one("#edit-date", Input).value.strip() or None)
        # A reported day kept as shown while the title changes stays reported, as a
        # guessed publication date does in the document dialog: two testers retitled an
        # entry and found its guessed day "set by the reviewer" in the export. Saved with
        # nothing changed, the reviewer looked at the day and found it right: confirmed.
        retitled = " ".join(title.split()) != " ".join((self.detail.title or "").split())
        if self.detail.reported and retitled and not self.date_typed:
            date = ...
        error = self.apply({"title": title, "event_date": date, "date_typed": self.date_typed})
        if error:
            self._error(error)
        else:
            self.dismiss(True)


class DocumentMetaScreen(_Dialog):
    """A document's publication date, title, source and URL, as the reviewer knows them."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="docmeta.save",
                tooltip="Save: the document's claims are dated again"),
    ]

    def __init__(self, document: DocumentView, apply: Apply) -> None:
        super().__init__()
        self.document = document
        self.apply = apply

    def compose(self) -> ComposeResult:
        d = self.document
        # scrolled when the screen is short (at 60x20 the URL, an error and the keys were
        # below its edge, out of reach)
        with VerticalScroll(id="docmeta", classes="dialog", can_focus=False):
            # one line: a headline for a title took two, and the keys fell off 24 lines
            yield Label(one_line(f"About {d.name}", dialog_room(self.app.size.width)),
                        classes="dialog-title", markup=False)
            # "published" once (the date is in the box below), and why it is a guess
            # whole: at most two lines, so the keys stay on a 24-line screen
            if not d.published:
                ex = date_examples(self.app.example_day)
                about = f"Published: unknown (a day, like {ex.day})"
            elif d.published_guess:
                about = f"Published: a guess, inferred from {d.published_guess}"
                if d.text_guess is not None:  # raised from what its text alone gave
                    about += f" (its text alone: {d.text_guess or 'none'})"
            else:
                about = "Published"
            yield Label(Text(one_line(about, 2 * dialog_room(self.app.size.width))))
            yield TypedInput(d.published or "", id="docmeta-published")
            yield Label("Title")
            yield TypedInput(d.title, id="docmeta-title")
            yield Label("Source")
            yield TypedInput(d.source or "", id="docmeta-source")
            yield Label("URL")
            yield TypedInput(d.url or "", id="docmeta-url")
            yield Label("", classes="dialog-error")
            self._keys = ("enter save · unedited: confirms the date · tab next · esc cancel"
                          if d.published and d.published_guess
                          else "enter/ctrl+s save · tab next field · esc cancel")
            yield Label(self._keys, classes="dialog-help")

    @on(Input.Submitted)
    def action_save(self) -> None:
        d = self.document
        values = {k: self.query_one(f"#docmeta-{k}", Input).value.strip()
                  for k in ("published", "title", "source", "url")}
        was = {"published": d.published or "", "title": d.title, "source": d.source or "",
               "url": d.url or ""}
        # only what the reviewer changed; a guessed date kept as shown while something
        # else is edited stays a guess, but enter with nothing edited confirms it: the
        # reviewer looked at the date and found it right
        changes = {k: v for k, v in values.items() if v != was[k]}
        if not changes and d.published and d.published_guess:
            changes = {"published": d.published}
        if "published" not in changes:
            self._save(changes)
            return
        # a new date has the document's claims read again (seconds, the model loading
        # first): said before the screen waits, which showed nothing for 5 seconds; on
        # the keys' line, which a 24-line screen always shows (the error line below the
        # fields was cut off there)
        self._error(None)
        self.query_one(".dialog-help", Label).update(
            "Saving: the document's claims are dated again…")
        self.call_after_refresh(self._save, changes)

    def _save(self, changes: dict[str, str]) -> None:
        error = self.apply(changes)
        if error:
            self.query_one(".dialog-help", Label).update(self._keys)
            self._error(error)
        else:
            self.dismiss(True)


class NoteScreen(_Dialog):
    """A note on a group. Enter saves, as in every other dialog (a tester typed a note,
    pressed enter, then "a" to accept: the "a" went into the note, which the export
    prints); a new line is ctrl+j (shift+enter where the terminal tells it apart)."""

    BINDINGS = [
        Binding("enter,ctrl+s", "save", "Save", id="note.save", tooltip="Save the note"),
        Binding("ctrl+j,shift+enter", "new_line", "New line", id="note.new_line",
                tooltip="Start a new line in the note"),
    ]

    def __init__(self, detail: GroupDetail, apply: Apply) -> None:
        super().__init__()
        self.detail = detail
        self.apply = apply

    def compose(self) -> ComposeResult:
        with Vertical(id="note", classes="dialog"):
            yield Label(f"Note on group #{self.detail.id}", classes="dialog-title")
            yield TypedArea(self.detail.note or "", id="note-text", soft_wrap=True)
            yield Label("", classes="dialog-error")
            yield Label("enter save · ctrl+j new line · esc cancel", classes="dialog-help")

    def action_new_line(self) -> None:
        self.query_one(TextArea).insert("\n")

    def action_save(self) -> None:
        error = self.apply({"note": self.query_one(TextArea).text})
        if error:
            self._error(error)
        else:
            self.dismiss(True)


def _sources_line(sources: tuple[str, ...] | list[str], shown: int = 2) -> str:
    """The documents that give a value, the first ``shown`` named: "a; b and 18 more"."""
    named = "; ".join(sources[:shown])
    more = len(sources) - shown
    return f"{named} and {more} more" if more > 0 else named


def _course_days(course: RunningCount) -> str:
    """A course in two lines of a dialog 66 columns wide: "as many as 50,000-100,000
    people (01-15) → An estimated 200,000 people (01-20 +2)", the year left out when one
    year holds it all (a tester lost the last step's date at 80x24)."""
    days = [d for step in course.steps for d in step.days]
    cut = 5 if len({d[:4] for d in days}) == 1 else 0

    def when(step_days: tuple[str, ...]) -> str:
        more = f" +{len(step_days) - 1}" if len(step_days) > 1 else ""
        return f"{step_days[0][cut:]}{more}" if step_days else "no day"

    return " → ".join(f"{step.text} ({when(step.days)})" for step in course.steps)


NOT_ONE_COUNT = "not one count: counts of other things or times"


class ResolveScreen(_Dialog):
    """Pick, per conflict, the value the chronology will use."""

    def __init__(self, detail: GroupDetail, apply: Apply) -> None:
        super().__init__()
        self.detail = detail
        self.apply = apply
        self._settled: int | None = None  # the conflict the last choice settled

    def _options(self) -> list[Option]:
        options: list[Option] = []
        for conflict in self.detail.conflicts:
            options.append(
                Option(Text(safe_text(self._where(conflict))), id=f"h{conflict.id}",
                       disabled=True)
            )
            if conflict.course:
                # a course settled as counting different things: its figures are no values
                # to choose (a tester chose one, "2 million people", as the toll)
                options.append(Option(Text(safe_text(
                    "  " + " · ".join(v.value for v in conflict.values))),
                    id=f"f{conflict.id}", disabled=True))
                mark = "→" if conflict.resolution == NOT_A_DISAGREEMENT else " "
                options.append(Option(f"{mark} {NOT_ONE_COUNT}", id=f"d{conflict.id}"))
                options.append(Option("  one count after all: show it as grown again",
                                      id=f"n{conflict.id}"))
                continue
            for i, v in enumerate(conflict.values):
                chosen = (
                    "→"
                    if conflict.resolution is not None and str(conflict.resolution) == v.value
                    else " "
                )
                # one line per value (``#resolve-options`` in app.tcss): a value 20
                # sources give named all 20 over eight lines, and the next value fell off
                # a 24-line screen
                # the value the highlight starts on, said in words: a tester took the
                # highlight for the first row, pressed down and chose the third
                now = (" (the entry's date now)" if conflict.kind == "date"
                       and conflict.resolution is None and v.value == self.detail.event_date
                       else f" ({len(v.since)} new)" if v.since else "")
                options.append(
                    Option(Text(safe_text(f"{chosen} {v.value}{now}  — "
                                          f"{_sources_line(v.sources)}")),
                           id=f"v{conflict.id}:{i}")
                )
            if conflict.kind in ("number", "name"):
                mark = "→" if conflict.resolution == NOT_A_DISAGREEMENT else " "
                # what else two values may be: a tester met a name transliterated two ways
                # and a death toll that rose, and found "different things" fitted neither
                why = ("counts of other things or times" if conflict.kind == "number"
                       else "other names, or one spelled two ways")
                options.append(Option(f"{mark} not a disagreement: {why}",
                                      id=f"d{conflict.id}"))
            options.append(Option("  leave unresolved", id=f"n{conflict.id}"))
        # the counts shown as grown (no conflict), each of which the reviewer may find to
        # count different things: a tester read "1 million → 2 million → 40 million" as
        # a course, where each was another pandemic's toll, and could not take it back
        for i, course in enumerate(self.detail.running):
            # its ends, to stay in a dialog 66 columns wide (every step with its days
            # under the list)
            options.append(Option(Text(safe_text(course_line(course))), id=f"c{i}",
                                  disabled=True))
            options.append(Option(f"  {NOT_ONE_COUNT}", id=f"g{i}"))
        return options

    def compose(self) -> ComposeResult:
        options = self._options()
        with Vertical(id="resolve", classes="dialog"):
            yield Label(
                f"Resolve conflicts of #{self.detail.id}: which value is right?"
                if self.detail.conflicts else
                f"Counts of #{self.detail.id} shown as grown: does each count one thing?",
                classes="dialog-title",
            )
            # which conflict the highlight is in, whatever the list shows: three conflicts
            # on "the number of people", and a tester, six rows down, replaced a choice
            # made before, its heading scrolled away
            yield Label("", id="resolve-where")
            # ▶ beside the highlighted option: a tester pressed down, then enter, and
            # chose "leave unresolved", the highlight told by its colour alone
            yield CursorList(*options, id="resolve-options")
            # the words of the highlighted value's best source, where the value stands in
            # them: at 80x24 the dialog covers the conflict's quotes, and a tester chose
            # between two dates by the file names alone
            yield Label("", id="resolve-quote")
            yield Label("", classes="dialog-error")
            yield Label("enter choose · esc close" if self.detail.conflicts else
                        "enter: not one count · esc: one count, as shown", classes="dialog-help")

    def _where(self, conflict: ConflictView) -> str:
        """"2 of 3: the number of people · chosen: As many as 200,000 people" ("· open")."""
        conflicts = self.detail.conflicts
        k = next(i for i, c in enumerate(conflicts) if c.id == conflict.id) + 1
        state = ("open" if conflict.resolution is None
                 else "not one count (was shown as grown)" if conflict.course
                 else f"chosen: {conflict.resolution}")
        if conflict.since:  # reports came in since and say otherwise: a look again
            state += f" · {CONFLICT} {count_of(conflict.since, 'report')} since against it"
        where = f"{k} of {len(conflicts)}: " if len(conflicts) > 1 else ""
        return f"{where}{conflict_subject(conflict.kind, conflict.subject)} · {state}"

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(OptionList).highlighted = self._start()

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        oid = event.option.id or ""
        number = oid[1:].split(":")[0]
        conflict = next((c for c in self.detail.conflicts if str(c.id) == number), None)
        if oid.startswith("g"):  # a course's choice: what it is said of, its every step
            conflict = None
            course = self.detail.running[int(number)]
            self.query_one("#resolve-where", Label).update(Text(safe_text(
                f"{conflict_subject('number', course.subject)} · shown as grown, no "
                "conflict")))
            self.query_one("#resolve-quote", Label).update(Text(safe_text(
                _course_days(course))))
            return
        if conflict is not None:
            self.query_one("#resolve-where", Label).update(
                Text(safe_text(self._where(conflict))))
        quote = ""
        if conflict is not None and oid.startswith("v"):
            quote = value_quote(conflict, conflict.values[int(oid.split(":")[1])],
                                self.detail, dialog_room(self.app.size.width))
        self.query_one("#resolve-quote", Label).update(Text(safe_text(quote)))

    def _start(self) -> int:
        """Where the highlight starts: on the first conflict still open, the value the
        entry shows (an open date conflict's value that is the entry's date: an enter
        confirms what the queue says, where it took the first value, another date), else
        its first value; with every conflict resolved, the value chosen for the first (an
        enter changes nothing), never another value of a settled conflict."""
        options = self.query_one(OptionList)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        conflicts = list(self.detail.conflicts)
        # the first open one after the conflict just settled (the dialog stays for the
        # rest), else the first open one
        after = next((k + 1 for k, c in enumerate(conflicts) if c.id == self._settled), 0)
        open_one = next((c for c in conflicts[after:] + conflicts[:after]
                         if c.resolution is None), None)
        if open_one is None and (argued := next((c for c in conflicts if c.since), None)):
            # settled, but reports came in since against the choice: the one to look at
            return next((ids.index(f"v{argued.id}:{i}") for i, v in enumerate(argued.values)
                         if str(argued.resolution) == v.value), 1)
        wanted = None if open_one is None else next(
            (f"v{open_one.id}:{i}" for i, v in enumerate(open_one.values)
             if open_one.kind == "date" and v.value == self.detail.event_date),
            f"v{open_one.id}:0")
        if wanted is None and not conflicts:  # counts shown as grown alone
            wanted = "g0"
        if wanted is None:
            first = self.detail.conflicts[0]
            wanted = f"d{first.id}" if first.resolution == NOT_A_DISAGREEMENT else next(
                (f"v{first.id}:{i}" for i, v in enumerate(first.values)
                 if str(first.resolution) == v.value), f"n{first.id}")
        return ids.index(wanted) if wanted in ids else 1

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        oid = event.option.id or ""
        if oid.startswith("v"):
            conflict_id, index = (int(x) for x in oid[1:].split(":"))
            conflict = next(c for c in self.detail.conflicts if c.id == conflict_id)
            value: str | None = conflict.values[index].value
        elif oid.startswith("n"):
            conflict_id, value = int(oid[1:]), None
        elif oid.startswith("d"):
            conflict_id, value = int(oid[1:]), NOT_A_DISAGREEMENT
        elif oid.startswith("g"):  # a course found to count different things
            index = int(oid[1:])
            error = self.apply({"course": self.detail.running[index]})
            if error:
                self._error(error)
                return
            still = [c for c in self.detail.conflicts if c.resolution is None]
            if not still:
                self.dismiss(True)
                return
            # conflicts still open: the dialog stays for them, as after a value chosen
            self.detail = replace(self.detail, running=tuple(
                r for k, r in enumerate(self.detail.running) if k != index))
            self._refill(f"{count_of(len(still), 'conflict')} still open: enter chooses · "
                         "esc closes")
            return
        else:
            return
        error = self.apply({"conflict_id": conflict_id, "value": value})
        if error:
            self._error(error)
            return
        conflicts = tuple(replace(c, resolution=value) if c.id == conflict_id else c
                          for c in self.detail.conflicts)
        still = [c for c in conflicts if c.resolution is None]
        if value is None or not still:
            self.dismiss(True)
            return
        # more conflicts open: the dialog stays for them (a tester opened it once for each
        # of three on the quake's entry), the choice made marked, the next one highlighted
        self.detail = replace(self.detail, conflicts=conflicts)
        self._settled = conflict_id
        self._refill(f"{count_of(len(still), 'conflict')} still open: enter chooses · esc "
                     "closes")

    def _refill(self, message: str) -> None:
        """The list again after a choice, the highlight where :meth:`_start` puts it."""
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(self._options())
        options.highlighted = self._start()
        self._error(message)


class SearchScreen(_Dialog):
    """Live full-text search: the queue narrows as you type; esc puts the old search back."""

    def __init__(self, current: str, apply: Apply, example: str = "istanb") -> None:
        super().__init__()
        self.original = current
        self.apply = apply
        self.example = example  # a prefix from the story at hand (text.search_example)

    def compose(self) -> ComposeResult:
        with Vertical(id="search", classes="dialog"):
            yield Label("Search claims, titles and notes", classes="dialog-title")
            yield TypedInput(
                self.original,
                placeholder=f"words (prefixes match: {self.example}), #number or a date",
                id="search-input"
            )
            yield Label("", classes="dialog-error")
            yield Label("enter keep · esc restore · empty = no search", classes="dialog-help")

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self.apply({"search": event.value})

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.apply({"search": self.original})
        self.dismiss(False)


class FilterScreen(_Dialog):
    BINDINGS = [
        Binding("ctrl+s", "save", "Apply", id="filter.apply", tooltip="Apply the filter"),
        # enter applies from a tick box too, as the keys line says (a text box's own
        # enter submits, which applies; a drop-down's opens it)
        Binding("enter", "save", "Apply", show=False, id="filter.apply_enter",
                tooltip="Apply the filter (from a tick box too)"),
    ]

    def __init__(self, flt: Filter, apply: Apply) -> None:
        super().__init__()
        self.flt = flt
        self.apply = apply

    def compose(self) -> ComposeResult:
        f = self.flt
        with Vertical(id="filter", classes="dialog"):
            yield Label("Filter and sort the queue", classes="dialog-title")
            with Horizontal(classes="row"):
                yield TypedSelect(
                    [("any status", "")] + [(s, s) for s in STATUSES],
                    value=f.status or "",
                    allow_blank=False,
                    id="filter-status",
                )
                yield TypedSelect(
                    [(sort.label, key) for key, sort in SORTS.items()],
                    value=f.sort,
                    allow_blank=False,
                    id="filter-sort",
                )
            with Horizontal(classes="row"):
                yield TextCheckbox("conflicts", f.conflicts_only, id="filter-conflicts")
                yield TextCheckbox("2+ sources", f.multi_source, id="filter-multi")
                # decided entries a build sent back (○ pend*): a tester back the next day
                # found no way to list them but the command palette
                yield TextCheckbox("new evidence", f.changed_only, id="filter-changed")
            yield TypedInput(f.source, placeholder="source, title or path contains…",
                             id="filter-source")
            with Horizontal(classes="row"):
                ex = date_examples(self.app.example_day)
                # a month, then a day in it: examples of both shapes that read as a range,
                # said to be examples (a tester took "from 2010-01" for a value set)
                yield TypedInput(f.date_from, placeholder=f"from, e.g. {ex.month}",
                                 id="filter-from")
                yield TypedInput(f.date_to, placeholder=f"to, e.g. {ex.day}", id="filter-to")
            yield Label("", classes="dialog-error")
            yield Label("enter/ctrl+s apply · tab next · esc cancel", classes="dialog-help")

    @on(Input.Submitted)
    def action_save(self) -> None:
        new = replace(
            self.flt,
            # both Selects have no blank (allow_blank=False): their value is an option's str
            status=str(self.query_one("#filter-status", Select).value) or None,
            sort=str(self.query_one("#filter-sort", Select).value),
            conflicts_only=self.query_one("#filter-conflicts", TextCheckbox).value,
            multi_source=self.query_one("#filter-multi", TextCheckbox).value,
            changed_only=self.query_one("#filter-changed", TextCheckbox).value,
            source=self.query_one("#filter-source", Input).value.strip(),
            date_from=self.query_one("#filter-from", Input).value.strip(),
            date_to=self.query_one("#filter-to", Input).value.strip(),
        )
        error = self.apply({"filter": new})
        if error:
            self._error(error)
        else:
            self.dismiss(True)


class ClaimPicker(CursorList):
    """Claims to choose with space: ``[x]`` chosen, ``[ ]`` not, ▶ beside the highlighted
    one (never colour alone). The claim under the highlight whole, wrapped over as many
    lines as it needs; the others on two lines at most (each whole, a 42-claim entry
    showed two claims at a time at 80x24)."""

    BINDINGS = [
        Binding("space", "choose", "Choose", id="split.choose", tooltip="Choose or unchoose"),
        Binding("d", "choose_same('date')", "Same date", id="split.same_date",
                tooltip="Choose (or unchoose) every claim with this claim's date"),
        Binding("o", "choose_same('source')", "Same source", id="split.same_source",
                tooltip="Choose (or unchoose) every claim from this claim's source"),
        Binding("e", "choose_same('event')", "Same event", id="split.same_event",
                tooltip="Choose (or unchoose) every claim that reports what this one does"),
    ]

    def __init__(self, claims: tuple[ClaimView, ...], **kwargs) -> None:
        self.claims = claims
        self.chosen: set[int] = set()
        self._whole: int | None = None  # the index of the claim shown whole
        super().__init__(*[Option(self._prompt(c), id=str(c.id)) for c in claims], **kwargs)

    def watch_highlighted(self, highlighted: int | None) -> None:
        # the claim under the highlight whole, the one it left cut again (before the
        # list scrolls to it: its height is the whole claim's)
        was, self._whole = self._whole, highlighted
        for index in {was, highlighted} - {None}:
            if index is not None and index < len(self.claims):
                self.replace_option_prompt_at_index(index, self._prompt(self.claims[index]))
        super().watch_highlighted(highlighted)

    async def _on_key(self, event: events.Key) -> None:
        screen = self.screen
        held = screen.typed_to_find if isinstance(screen, SplitScreen) else None
        if held is None and event.key == "slash" and isinstance(screen, SplitScreen):
            # the keys after it are the search's: its binding runs once they are read
            screen.typed_to_find = []
        elif held is not None:
            # typed in the burst that opened the search ("/talk"), before the search box
            # had the focus: the search's words, never keys of the list (a "d" in them
            # chose every claim of a date); handed to the box once it has the focus
            event.stop()
            event.prevent_default()
            held.append(handed_on(event))
            return
        await super()._on_key(event)

    def _prompt(self, c: ClaimView) -> Text:
        chosen = c.id in self.chosen
        text, doc = safe_text(c.text), safe_text(c.doc_name)
        whole = self._whole is not None and self.claims[self._whole].id == c.id
        if not whole:  # two lines of the list: its box, the date and the source's name
            doc = one_line(doc, 24)
            # (less a margin: a line wraps at a word's start, not at its last column)
            lines = 2 * (dialog_room(self.app.size.width) - 4 - GUTTER - 8)
            text = one_line(text, max(40, lines - len(f"[ ] move {'':<10}  — {doc}")))
        t = Text()
        t.append(f"{box(chosen)} ", style="bold")
        t.append("move " if chosen else "     ", style="bold")
        t.append(f"{c.date or 'undated':<10} ")
        t.append(text)
        t.append(f" — {doc}", style="italic")
        return t

    class Chosen(Message):
        """The claims chosen changed (the dialog says how many are); ``said``: what the
        change was, when a key chose or unchose several at once."""

        def __init__(self, said: str = "") -> None:
            super().__init__()
            self.said = said

    def action_choose(self) -> None:  # (not action_toggle: that is every DOMNode's own)
        if self.highlighted is None:
            return
        claim = self.claims[self.highlighted]
        self.chosen ^= {claim.id}
        self.replace_option_prompt_at_index(self.highlighted, self._prompt(claim))
        self.post_message(self.Chosen())

    def action_choose_same(self, what: str) -> None:
        """Every claim that shares the highlighted one's date (source, or fine event: the
        claims that report the same thing) at once, or, when all of them are chosen, none:
        a group that mixes occasions is usually cut along dates or along articles, and a
        day's catch-all of a large story along what its claims report."""
        if self.highlighted is None:
            return
        here = self.claims[self.highlighted]

        def key(c: ClaimView) -> object:
            if what == "event":
                return c.event if c.event is not None else ("claim", c.id)
            return c.date if what == "date" else c.document_id

        alike = {c.id for c in self.claims if key(c) == key(here)}
        if alike == {here.id}:
            # nothing else to choose: a tester chose a claim with space, pressed e for
            # the others of its event, and the claim, alone in it, was unchosen unsaid;
            # the key chooses it, never unchooses it (space does)
            self.chosen.add(here.id)
            self.replace_option_prompt_at_index(self.highlighted, self._prompt(here))
            self.post_message(self.Chosen(f"chosen; no other claim here has the same {what}"))
            return
        # all of them chosen already: unchoose them; else choose the rest (a tester chose
        # one claim with space, pressed d for the others of its date, and lost all)
        if alike <= self.chosen:
            self.chosen -= alike
            said = f"{count_of(len(alike), 'claim')} of the same {what} unchosen"
        else:
            # "more" only beside ones chosen before ("20 more" read as 20 beyond the
            # first, where 20 was all of them)
            new = len(alike - self.chosen)
            said = (f"{count_of(new, 'more claim')} of the same {what} chosen, "
                    f"{len(alike)} in all" if alike & self.chosen
                    else f"{count_of(new, 'claim')} of the same {what} chosen")
            self.chosen |= alike
        for index, c in enumerate(self.claims):
            if c.id in alike:
                self.replace_option_prompt_at_index(index, self._prompt(c))
        self.post_message(self.Chosen(said))

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_choose()


class SplitScreen(_Dialog):
    """Choose claims (space), then n = to a new group, g = into another group."""

    BINDINGS = [
        Binding("slash", "find", "Find", id="split.find",
                tooltip="Find a claim by its words; enter jumps to the next one that has them"),
        Binding(
            "n",
            "split_new",
            "To new group",
            id="split.new",
            tooltip="Move the chosen claims to a new group",
        ),
        Binding(
            "g",
            "split_into",
            "Into group…",
            id="split.into",
            tooltip="Move the chosen claims into another group",
        ),
    ]

    def __init__(self, detail: GroupDetail, apply: Apply, at: int = 0) -> None:
        super().__init__()
        self.detail = detail
        self.apply = apply
        self.at = at  # the claim the detail's cursor is on: the list opens highlighting it
        # keys typed after "/" before the search box has the focus (``ClaimPicker._on_key``)
        self.typed_to_find: list[events.Key] | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="split", classes="dialog"):
            yield Label(self._title(0), classes="dialog-title", id="split-title")
            # Nothing is chosen at first: a pre-chosen claim made a quick n move the wrong one.
            yield ClaimPicker(self.detail.claims, id="split-claims")
            # in an entry of 41 claims the ones to move were 29 presses of Down away
            yield TypedInput(placeholder="find: words of a claim, enter for the next",
                             id="split-find")
            yield Label("", classes="dialog-error")
            # two lines, broken between keys (wrapped, it broke "g" from what g does)
            yield Label(
                "space choose · d same date · o same source · e same event · / find\n"
                "n to a new group · g into another group · esc cancel",
                classes="dialog-help",
            )

    def _title(self, chosen: int) -> str:
        # how many are chosen: at 80x24 the list shows three claims of 41
        return (f"Split #{self.detail.id}: choose the claims to move out · {chosen} of "
                f"{len(self.detail.claims)} chosen")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#split-find", Input).display = False  # room for the keys at 80x24
        if 0 < self.at < len(self.detail.claims):
            self.query_one(ClaimPicker).highlighted = self.at

    def on_claim_picker_chosen(self, event: ClaimPicker.Chosen) -> None:
        self.query_one("#split-title", Label).update(
            self._title(len(self.query_one(ClaimPicker).chosen)))
        self._error(event.said or None)

    def action_find(self) -> None:
        find = self.query_one("#split-find", Input)
        find.display = True
        self._error(None)
        # at once, not as ``focus()`` does it (after the keys already typed are handled,
        # by the list, where d and o choose claims); what the list still receives before
        # the box has the focus is held for the box (``ClaimPicker._on_key``)
        if self.typed_to_find is None:
            self.typed_to_find = []
        self.set_focus(find)

    @on(events.DescendantFocus)
    def _focused(self, event: events.DescendantFocus) -> None:
        held, self.typed_to_find = self.typed_to_find, None
        if event.widget is self.query_one("#split-find", Input):
            for key in held or ():
                event.widget._forward_event(key)

    @on(Input.Submitted, "#split-find")
    def _find_next(self, event: Input.Submitted) -> None:
        """The next claim after the highlighted one that has every word typed (as a
        word's start), round to the first; the list takes the keys again, and the search
        box goes away, so that letters typed next are not taken for more words while the
        list reads them as keys (a tester went on typing, and "n" would have moved the
        chosen claims); / and enter find the next."""
        picker = self.query_one(ClaimPicker)
        if not event.value.split():  # enter on nothing typed: "no claim here has: " said
            self._error("type words a claim has, then enter (esc leaves the search)")
            return
        start = (picker.highlighted + 1) if picker.highlighted is not None else 0
        n = len(self.detail.claims)
        order = [(start + k) % n for k in range(n)]
        hit = first_match((self.detail.claims[i].text for i in order), event.value)
        if hit is None:
            self._error(f"no claim here has: {event.value}")
            return
        picker.highlighted = order[hit]
        event.input.display = False
        having = [i for i in range(n)
                  if first_match([self.detail.claims[i].text], event.value) is not None]
        self._error(f"claim {order[hit] + 1} of {n} has it ({having.index(order[hit]) + 1} of "
                    f"{len(having)} that do): space chooses it · / then enter: the next")
        self.set_focus(picker)

    def action_cancel(self) -> None:
        find = self.query_one("#split-find", Input)
        if find.has_focus:  # esc leaves the search, not the dialog
            find.display = False
            self.set_focus(self.query_one(ClaimPicker))
            return
        super().action_cancel()

    def _chosen(self) -> list[int] | None:
        picker = self.query_one(ClaimPicker)
        chosen = [c.id for c in self.detail.claims if c.id in picker.chosen]
        if not chosen:
            self._error("choose at least one claim (space)")
            return None
        return chosen

    def action_split_new(self) -> None:
        chosen = self._chosen()
        if chosen is None:
            return
        error = self.apply({"claims": chosen, "into": None})
        if error:
            self._error(error)
        else:
            self.dismiss(True)

    def action_split_into(self) -> None:
        chosen = self._chosen()
        if chosen is None:
            return
        error = self.apply({"claims": chosen, "into": "pick"})
        if error:
            self._error(error)
        else:
            self.dismiss(True)


class ConfirmScreen(_Dialog):
    """A yes/no question: y = yes, n or esc = no, enter = the ``default`` answer (yes
    before an action on many groups, which undo takes back; no before overwriting a file,
    which nothing takes back)."""

    BINDINGS = [
        Binding("y", "yes", "Yes", id="confirm.yes", tooltip="Do it"),
        Binding("enter", "default", "Default", id="confirm.default",
                tooltip="The answer the dialog names after enter"),
        Binding("n", "cancel", "No", id="confirm.no", tooltip="Do not do it"),
    ]

    def __init__(self, question: str, detail: str = "", *, default: bool = True,
                 keys: str = "y/enter yes · n/esc no · u undoes it afterwards") -> None:
        super().__init__()
        self.question = question
        self.detail = detail
        self.default = default
        self.keys = keys

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm", classes="dialog"):
            yield Label(Text(safe_text(self.question)), classes="dialog-title")
            if self.detail:
                yield Label(Text(safe_text(self.detail, newlines=True)))
            yield Label("", classes="dialog-error")
            yield Label(self.keys, classes="dialog-help")

    def action_yes(self) -> None:
        self.dismiss(True)

    def action_default(self) -> None:
        self.dismiss(self.default)


def _here() -> str:
    """The current directory, the home directory written ~."""
    here, home = Path.cwd(), Path.home()
    if here != home and here.is_relative_to(home):
        return f"~/{here.relative_to(home)}"
    return str(here)


class ExportScreen(_Dialog):
    """Where to write the chronology (the current directory, named, unless told), asking
    before an existing file is replaced; then what the export wrote and every warning it
    found, readable in full."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Write", id="export.write", tooltip="Write the file"),
    ]

    def __init__(self, fmt: str, default_path: str, apply: Apply) -> None:
        super().__init__()
        self.fmt = fmt
        self.default_path = default_path
        self.apply = apply
        self.written = False
        self._checked: list[str] | None = None  # the pre-export check's warnings

    def compose(self) -> ComposeResult:
        with Vertical(id="export", classes="dialog"):
            yield Label(f"Export the chronology ({self.fmt})", classes="dialog-title")
            # which directory "here" is: the app may have been started anywhere
            yield Label(Text(safe_text(f"Write to (a file; relative to {_here()}):")))
            yield TypedInput(self.default_path, id="export-path")
            yield Label("", classes="dialog-error")
            with VerticalScroll(id="export-report"):
                yield Static("", id="export-result")
            yield Label("enter write · esc close", classes="dialog-help", id="export-help")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#export-report").display = False
        if self._checked is not None:  # the check came back before the dialog was up
            self._show_checked()

    @on(Input.Submitted, "#export-path")
    def action_save(self) -> None:
        if self.written:
            self.dismiss(True)
            return
        path = self.query_one("#export-path", Input).value.strip()
        if not path:
            self._error("give a file name, e.g. chronology.md")
            return
        from ...export import DEFAULT_NAMES, guess_format, name_says_otherwise

        named = guess_format(path)
        if named not in (None, self.fmt) and name_says_otherwise(path, self.fmt):
            # "y.html" held Markdown: the name is refused before anything is written
            self._error(f"{path} is a name for {named}; this writes {self.fmt}: name it "
                        f"{Path(path).with_suffix(Path(DEFAULT_NAMES[self.fmt]).suffix)}, "
                        f"or esc and export {named} from the palette")
            return
        self._error(None)
        target = Path(path).expanduser()
        if not (target.exists() and not target.is_dir()):
            # (a directory is refused by the export itself, with its reason)
            self.apply({"path": path, "overwrite": False})
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.apply({"path": path, "overwrite": True})
            else:
                self._error(f"{path} is left as it was: type another name")

        # as the CLI does on a terminal: a file is replaced only when the reviewer says so
        self.app.push_screen(
            ConfirmScreen(f"{path} already exists. Overwrite it?",
                          f"(in {_here()})" if not target.is_absolute() else "",
                          default=False, keys="y overwrite · n/enter/esc keep it"),
            answered)

    def show_check(self, warnings: list[str]) -> None:
        """Called by the app with what the pre-export check finds, while the reviewer is
        still choosing where to write: as the command line prints them before it writes
        (the dialog showed them only under "written to ...", too late to go back)."""
        self._checked = warnings
        if self.is_mounted:
            self._show_checked()
        # (else on_mount shows them: during it the dialog is not yet counted as mounted)

    def _show_checked(self) -> None:
        warnings = self._checked
        if self.written or warnings is None:
            return
        if warnings:
            n = len(warnings)
            text = Text(f"Before you write: {n} warning{'s' if n != 1 else ''} "
                        "(esc goes back to settle them; enter writes as it is)\n",
                        style="bold")
            for w in warnings:
                text.append(f"• {safe_text(w)}\n")
        else:
            text = Text("Checked: no warnings\n")
        self.query_one("#export-result", Static).update(text)
        self.query_one("#export-report").display = True

    def show_result(self, summary: str, warnings: list[str]) -> None:
        """Called by the app when the export has run (the dialog stays open to be read)."""
        self.written = True
        text = Text(summary + "\n", style="bold")
        if warnings:
            n = len(warnings)
            text.append(f"\n{n} warning{'s' if n != 1 else ''}:\n", style="bold")
            for w in warnings:
                text.append(f"• {safe_text(w)}\n")
        else:
            text.append("\nno warnings\n")
        self.query_one("#export-result", Static).update(text)
        self.query_one("#export-report").display = True
        self.query_one("#export-path", Input).disabled = True
        self.query_one("#export-help", Label).update("enter/esc close")

    def show_error(self, message: str) -> None:
        self._error(message)

    def key_enter(self) -> None:
        if self.written:
            self.dismiss(True)
