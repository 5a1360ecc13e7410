"""Small dialogs: edit, note, resolve, search, filter and split.

Each dialog that changes the database takes an ``apply`` callback that returns an error
message (shown inside the dialog, which stays open) or None (the dialog closes): the
reviewer never loses what they typed because of a typo in a date.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, OptionList, Select, SelectionList, TextArea
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from ...review.detail import ClaimView, GroupDetail
from ...review.queue import SORTS, STATUSES, Filter
from ...text import safe_text

Apply = Callable[[dict], str | None]


class _Dialog(ModalScreen[bool]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel", tooltip="Close without saving"),
    ]

    def _error(self, message: str | None) -> None:
        label = self.query_one(".dialog-error", Label)
        label.update(Text(safe_text(message or "")))  # may quote a title or a search
        label.display = bool(message)

    def on_mount(self) -> None:
        for i in self.query(Input):
            i.cursor_blink = self.app.cursor_blink  # type: ignore[attr-defined]
        if self.query(TextArea):
            self.query_one(TextArea).cursor_blink = self.app.cursor_blink  # type: ignore[attr-defined]
        self._error(None)

    def action_cancel(self) -> None:
        self.dismiss(False)


class EditScreen(_Dialog):
    """Title and event date; the precision follows from the date's shape."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="edit.save", tooltip="Save the edit"),
    ]

    def __init__(self, detail: GroupDetail, apply: Apply) -> None:
        super().__init__()
        self.detail = detail
        self.apply = apply

    def compose(self) -> ComposeResult:
        with Vertical(id="edit", classes="dialog"):
            yield Label(f"Edit group #{self.detail.id}", classes="dialog-title")
            yield Label("Title")
            yield Input(self.detail.title, id="edit-title")
            yield Label(
                "Event date: 2025-06-02 (day), 2025-06 (month), 2025 (year), empty = undated"
            )
            yield Input(self.detail.event_date or "", id="edit-date")
            yield Label("", classes="dialog-error")
            yield Label("enter/ctrl+s save · tab next field · esc cancel", classes="dialog-help")

    @on(Input.Submitted)
    def action_save(self) -> None:
        error = self.apply(
            {
                "title": self.query_one("#edit-title", Input).value,
                "event_date": self.query_one("#edit-date", Input).value.strip() or None,
            }
        )
        if error:
            self._error(error)
        else:
            self.dismiss(True)


class NoteScreen(_Dialog):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="note.save", tooltip="Save the note"),
    ]

    def __init__(self, detail: GroupDetail, apply: Apply) -> None:
        super().__init__()
        self.detail = detail
        self.apply = apply

    def compose(self) -> ComposeResult:
        with Vertical(id="note", classes="dialog"):
            yield Label(f"Note on group #{self.detail.id}", classes="dialog-title")
            yield TextArea(self.detail.note or "", id="note-text", soft_wrap=True)
            yield Label("", classes="dialog-error")
            yield Label("ctrl+s save · esc cancel", classes="dialog-help")

    def action_save(self) -> None:
        error = self.apply({"note": self.query_one(TextArea).text})
        if error:
            self._error(error)
        else:
            self.dismiss(True)


class ResolveScreen(_Dialog):
    """Pick, per conflict, the value the chronology will use."""

    def __init__(self, detail: GroupDetail, apply: Apply) -> None:
        super().__init__()
        self.detail = detail
        self.apply = apply

    def compose(self) -> ComposeResult:
        options: list[Option] = []
        for conflict in self.detail.conflicts:
            options.append(
                Option(Text(f"{safe_text(conflict.subject)} ({conflict.kind})"),
                       id=f"h{conflict.id}", disabled=True)
            )
            for i, v in enumerate(conflict.values):
                chosen = (
                    "→"
                    if conflict.resolution is not None and str(conflict.resolution) == v.value
                    else " "
                )
                options.append(
                    Option(
                        Text(safe_text(f" {chosen} {v.value}  — {'; '.join(v.sources)}")),
                        id=f"v{conflict.id}:{i}",
                    )
                )
            options.append(Option("   leave unresolved", id=f"n{conflict.id}"))
        with Vertical(id="resolve", classes="dialog"):
            yield Label(
                f"Resolve conflicts of #{self.detail.id}: which value is right?",
                classes="dialog-title",
            )
            yield OptionList(*options, id="resolve-options")
            yield Label("", classes="dialog-error")
            yield Label("enter choose · esc close", classes="dialog-help")

    def on_mount(self) -> None:
        super().on_mount()
        options = self.query_one(OptionList)
        for index in range(options.option_count):
            if not options.get_option_at_index(index).disabled:
                options.highlighted = index
                break

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        oid = event.option.id or ""
        if oid.startswith("v"):
            conflict_id, index = (int(x) for x in oid[1:].split(":"))
            conflict = next(c for c in self.detail.conflicts if c.id == conflict_id)
            value: str | None = conflict.values[index].value
        elif oid.startswith("n"):
            conflict_id, value = int(oid[1:]), None
        else:
            return
        error = self.apply({"conflict_id": conflict_id, "value": value})
        if error:
            self._error(error)
        else:
            self.dismiss(True)


class SearchScreen(_Dialog):
    """Live full-text search: the queue narrows as you type; esc puts the old search back."""

    def __init__(self, current: str, apply: Apply) -> None:
        super().__init__()
        self.original = current
        self.apply = apply

    def compose(self) -> ComposeResult:
        with Vertical(id="search", classes="dialog"):
            yield Label("Search claims, titles and notes", classes="dialog-title")
            yield Input(
                self.original, placeholder="words (prefixes match: istanb)", id="search-input"
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
                yield Select(
                    [("any status", "")] + [(s, s) for s in STATUSES],
                    value=f.status or "",
                    allow_blank=False,
                    id="filter-status",
                )
                yield Select(
                    [(sort.label, key) for key, sort in SORTS.items()],
                    value=f.sort,
                    allow_blank=False,
                    id="filter-sort",
                )
            with Horizontal(classes="row"):
                yield Checkbox("conflicts only", f.conflicts_only, id="filter-conflicts")
                yield Checkbox("2+ sources", f.multi_source, id="filter-multi")
            yield Input(f.source, placeholder="source, title or path contains…", id="filter-source")
            with Horizontal(classes="row"):
                yield Input(f.date_from, placeholder="from 2025-06-01", id="filter-from")
                yield Input(f.date_to, placeholder="to 2025-06", id="filter-to")
            yield Label("", classes="dialog-error")
            yield Label("enter/ctrl+s apply · tab next · esc cancel", classes="dialog-help")

    @on(Input.Submitted)
    def action_save(self) -> None:
        new = replace(
            self.flt,
            status=self.query_one("#filter-status", Select).value or None,  # type: ignore[arg-type]
            sort=str(self.query_one("#filter-sort", Select).value),
            conflicts_only=self.query_one("#filter-conflicts", Checkbox).value,
            multi_source=self.query_one("#filter-multi", Checkbox).value,
            source=self.query_one("#filter-source", Input).value.strip(),
            date_from=self.query_one("#filter-from", Input).value.strip(),
            date_to=self.query_one("#filter-to", Input).value.strip(),
        )
        error = self.apply({"filter": new})
        if error:
            self._error(error)
        else:
            self.dismiss(True)


class SplitScreen(_Dialog):
    """Choose claims (space), then n = to a new group, g = into another group."""

    BINDINGS = [
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

    def __init__(self, detail: GroupDetail, preselect: int | None, apply: Apply) -> None:
        super().__init__()
        self.detail = detail
        self.preselect = preselect
        self.apply = apply

    def compose(self) -> ComposeResult:
        with Vertical(id="split", classes="dialog"):
            yield Label(
                f"Split #{self.detail.id}: choose the claims to move out", classes="dialog-title"
            )
            yield SelectionList[int](
                *[
                    Selection(self._label(c, c.id == self.preselect), c.id, c.id == self.preselect)
                    for c in self.detail.claims
                ],
                id="split-claims",
            )
            yield Label("", classes="dialog-error")
            yield Label(
                "space choose · n to a new group · g into another group · esc cancel",
                classes="dialog-help",
            )

    @staticmethod
    def _label(c: ClaimView, chosen: bool) -> Text:
        # "move" in words as well as the checkbox colour: never colour alone.
        t = Text(no_wrap=True, overflow="ellipsis")
        t.append("move " if chosen else "     ", style="bold")
        t.append(f"{c.date or 'undated':<10} {safe_text(c.text)}")
        t.append(f" — {safe_text(c.doc_name)}", style="italic")
        return t

    @on(SelectionList.SelectionToggled)
    def _toggled(self, event: SelectionList.SelectionToggled) -> None:
        selections = self.query_one(SelectionList)
        chosen = set(selections.selected)
        for index, claim in enumerate(self.detail.claims):
            selections.replace_option_prompt_at_index(index, self._label(claim, claim.id in chosen))

    def _chosen(self) -> list[int] | None:
        chosen = list(self.query_one(SelectionList).selected)
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
