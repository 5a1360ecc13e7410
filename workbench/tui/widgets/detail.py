"""The selected group in full: what it is, where sources disagree, and every claim in the
paragraph it came from."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual import events
from textual.actions import SkipAction
from textual.containers import VerticalScroll
from textual.scrollbar import ScrollDown, ScrollTo, ScrollUp
from textual.widgets import Static

from ...export.model import telling
from ...review.actions import FIELD_WORDS
from ...review.detail import (
    ClaimView,
    ConflictValue,
    ConflictView,
    GroupDetail,
    ranking_words,
    readable_context,
)
from ...review.queue import match_spans
from ...text import (
    NOT_A_DISAGREEMENT,
    conflict_subject,
    count_of,
    excerpt,
    one_line,
    since_said,
)
from ...text import safe_text as _s
from .symbols import CONFLICT, GREW, STATUS_SYMBOL

if TYPE_CHECKING:
    from ...group.conflicts import RunningCount


def course_line(course: RunningCount) -> str:
    """"↗ grew: 45,000 to 50,000 people → … → 300,000 people": a course's ends on one
    line (the pane at 80x24, the resolve dialog), a mark where steps are left out."""
    steps = [step.text for step in course.steps]
    ends = steps if len(steps) < 3 else [steps[0], "…", steps[-1]]
    return f"{GREW} grew: {' → '.join(ends)}"


SUGGESTION_KEYS = ("1", "2", "3")  # the keys that merge the suggested groups, in order

QUOTE_CHARS = 140
PART_CHARS = 70  # a dated part of a claim is quoted up to this many characters
CLAIM_WINDOW = 60  # claims laid out at once: a 700-claim entry opens as fast as a small one
# a detail pane lower than this shows what may be the same occasion on one line (at 80x24
# it has 9 rows)
COMPACT_BELOW = 14


def outlet(claim: ClaimView) -> str:
    """Who says it, beside the quote: the outlet, else the title, else the file name."""
    return claim.doc_source or claim.doc_name


SIDE_BY_SIDE = 3  # values a conflict shows in columns; more go one row each
QUOTES_PER_VALUE = 3  # the claims quoted for one value, then how many more


def _quoted(v: ConflictValue, claims: dict[int, ClaimView], title: str) -> list[ClaimView]:
    """The claims that give value ``v``, the ones that tell the entry best first, as the
    export quotes a source: "…plan overnight Tuesday" led the quake's 25 sources, before
    "The quake struck on Tuesday"."""
    quoted = [c for cid in v.claim_ids if (c := claims.get(cid)) is not None]
    quoted.sort(key=lambda c: telling(c.text, False, title), reverse=True)
    return quoted


def _quote(conflict: ConflictView, v: ConflictValue, claim: ClaimView,
           limit: int = QUOTE_CHARS) -> str:
    """The claim's words where the value stands in them: a date as the source wrote it."""
    words = claim.date_text if conflict.kind == "date" else v.value
    return excerpt(_s(claim.text), words, limit)


def value_quote(conflict: ConflictView, v: ConflictValue, detail: GroupDetail,
                width: int = 68) -> str:
    """Who gives value ``v`` and in what words, its best source only, in two lines of
    ``width`` columns: "Reuters: “…killed at least 200 people…” (+2 more)" ("" when no
    claim of the entry gives it)."""
    quoted = _quoted(v, {c.id: c for c in detail.claims}, detail.title)
    if not quoted:
        return ""
    more = f" (+{len(quoted) - 1} more)" if len(quoted) > 1 else ""
    who = one_line(outlet(quoted[0]), 30)
    # (less a margin: a line wraps at a word's start, not at its last column)
    room = max(40, 2 * (width - 8) - len(who) - len(more) - 4)
    return f"{who}: “{_quote(conflict, v, quoted[0], room)}”{more}"


def _conflict_text(conflict: ConflictView, claims: dict[int, ClaimView],
                   title: str = "", compact: bool = False) -> RenderableType:
    """The disagreement side by side: one column per value, under it who says so and the
    words they use, so the reviewer compares the sources without scrolling between claims.
    With more values than fit side by side (a big story's death tolls), one row per value,
    each with its first ``QUOTES_PER_VALUE`` quotes. ``compact`` (a short pane): a settled
    conflict no report has come in against since is its line alone, the sides zoomed (z)."""
    t = Text()
    what = conflict_subject(conflict.kind, conflict.subject)
    if conflict.resolution is None:
        t.append(f"{CONFLICT} CONFLICT ", style="bold reverse")
        t.append(f" {_s(what)} — sources disagree, r chooses", style="bold")
    else:
        t.append("✓ resolved ", style="bold")  # a settled conflict: no warning sign
        t.append(f"{_s(what)}: {_s(conflict.resolution)}")
        if conflict.since:
            # ... but reports that came after the choice say otherwise
            t.append(f"  {CONFLICT} {since_said(conflict.since)}, r looks again", style="bold")
        elif compact:
            # settled, nothing since: at 80x24 its sides took a screen each, and a tester
            # paged eight times past four settled conflicts to reach the claims
            t.append("  (z: the sides)", style="dim")
            return t
    rows = len(conflict.values) > SIDE_BY_SIDE
    table = Table(box=box.SIMPLE_HEAD, expand=True, show_edge=False, pad_edge=False,
                  show_header=not rows)
    # a word longer than its column is folded, not cut: "haiti_bbc.jsonl:205:" cut to
    # "haiti_bbc.jsonl:20…" lost the line that says which article it is
    if rows:
        table.add_column(ratio=1, overflow="fold")
        table.add_column(ratio=4, overflow="fold")
    cells: list[Text] = []
    for v in conflict.values:
        chosen = conflict.resolution is not None and v.value == str(conflict.resolution)
        n = len(v.sources)
        head = Text(("→ " if chosen else "") + _s(v.value), style="bold")
        head.append(("\n" if rows else "  ") + f"{n} source{'s' if n != 1 else ''}",
                    style="dim")
        if v.since:
            head.append(f" ({len(v.since)} new)", style="bold")
        quoted = _quoted(v, claims, title)
        cell = Text()
        # the first few quotes of a value, side by side too: Haiti's 12 January, backed by
        # 33 claims, made a column of 33 quotes that pushed the suggestions 13 pages down
        for claim in quoted[:QUOTES_PER_VALUE]:
            if cell:
                cell.append("\n")
            cell.append(_s(outlet(claim)), style="italic")
            cell.append(f": “{_quote(conflict, v, claim)}”")
        if len(quoted) > QUOTES_PER_VALUE:
            cell.append(f"\n… {len(quoted) - QUOTES_PER_VALUE} more", style="dim")
        if not cell:
            cell.append(_s("; ".join(v.sources or ("?",))), style="italic")
        if rows:
            table.add_row(head, cell)
        else:
            table.add_column(head, ratio=1, overflow="fold")
            cells.append(cell)
    if not rows:
        table.add_row(*cells)
    return Group(t, table)


def _same_paragraph(claims: Sequence[ClaimView], i: int) -> bool:
    """Does claim ``i`` stand inside the text the claim before it showed already (its
    paragraph, from the same document)?"""
    if i == 0:
        return False
    before, claim = claims[i - 1], claims[i]
    shown_from = before.char_start - before.context_start
    shown_to = shown_from + len(before.context)
    return (before.document_id == claim.document_id
            and shown_from <= claim.char_start and claim.char_end <= shown_to)


def _document_told(claims: Sequence[ClaimView], i: int, first_shown: int) -> int | None:
    """The number (from 1) of the first claim shown above claim ``i`` (from ``first_shown``
    on) that comes from its document, whose header said how its publication date was
    guessed; None when there is none."""
    doc = claims[i].document_id
    return next((k + 1 for k in range(first_shown, i) if claims[k].document_id == doc), None)


def _too_early(claims: Sequence[ClaimView], i: int, first_shown: int) -> str | None:
    """Claim ``i``'s warning that its article's guessed publication date is too early
    (``published_too_early``), unless a claim of its document shown above gave it."""
    claim = claims[i]
    if not claim.published_too_early:
        return None
    if any(c.document_id == claim.document_id and c.published_too_early
           for c in claims[first_shown:i]):
        return None
    return claim.published_too_early


def claim_text(
    claim: ClaimView, index: int, total: int, current: bool, conflict_note: str,
    paragraph_shown: bool = False, heading: str | None = None, search: str = "",
    document_told: int | None = None, too_early: str | None = None,
) -> RenderableType:
    """One claim: where it is from, how it is dated, and its paragraph with the claim
    marked; only the claim when ``paragraph_shown`` (the claim before it is from the same
    paragraph, which it printed whole). The words a ``search`` found stand out: reversed
    in the paragraph, not reversed inside the claim (which is). ``document_told``: the
    number of a claim above it from its document, which said how its publication date
    was guessed: not said again (at 80x24 it took two of the claim's rows each time), the
    claim named instead (a tester read "as above" 36 claims below it)."""
    head = Text()
    head.append("▶ " if current else "  ", style="bold")
    head.append(f"{index}/{total} ", style="dim")
    # The outlet (else the title, else the file name) beside the quote; the path follows.
    head.append(_s(outlet(claim)), style="bold")
    # the file's name, not its whole path (o opens the document, which gives it): at 80
    # columns the path took a line of the few the claim has; none when the outlet is it
    name = claim.doc_path.rsplit("/", 1)[-1]
    meta = [name] if name != outlet(claim) else []
    if claim.doc_source and claim.doc_title:
        meta.append(claim.doc_title)
    if claim.doc_published:
        meta.append(f"published {claim.doc_published}, guessed: see claim {document_told}"
                    if claim.doc_published_guessed and document_told
                    else claim.doc_published_label or f"published {claim.doc_published}")
    if meta:
        head.append(f"  ({_s(', '.join(meta))})", style="dim")
    how = Text()
    # all of it quotes the source (its date words, speaker, base): shown, never obeyed
    how_start = 0
    if claim.date:
        how.append("date ")
        how.append(f"{claim.date}", style="bold")
        how.append(f" ({claim.date_precision or '?'})")
        said = claim.date_provenance
        if claim.stated_provenance:
            # a day the group gave a coarser date: say what the source itself gives
            own = (f"{claim.stated_date} ({claim.stated_provenance})" if claim.stated_date
                   else "no day")
            who = (count_of(claim.stated_by, 'other source') if claim.stated_by
                   else "other sources")
            state = "states" if claim.stated_by == 1 else "state"
            said += (f': "{claim.date_text}" is {own} in the source, the day is the one '
                     f"{who} in this group {state}")
        elif claim.date_text:
            said = f'"{claim.date_text}", {said}'
        if claim.date_base:
            said += f" (base: {claim.date_base})"
        how.append(f" · {said}")
        if claim.date_slip:  # a weekday that contradicts the date: one of them is wrong
            how.append(f" · ⚠ {claim.date_slip}", style="bold")
        if too_early:  # the guessed publication date cannot be right (once a document)
            how.append(f" · ⚠ {too_early}", style="bold")
    else:
        how.append("undated", style="bold")
    if claim.speaker:
        how.append(f" · speaker {claim.speaker}")
        if claim.reporting_verb:
            how.append(f" ({claim.reporting_verb})")
    if claim.pinned:
        how.append(" · moved here by a reviewer (regrouping keeps it here)")
    if claim.new_since_decided:
        how.append(" · new since decided", style="bold")
    if conflict_note:
        how.append(f"  {CONFLICT} {conflict_note}", style="bold")
    for part in claim.dated_parts:
        # "charged him Monday in the 1995 shooting": what else the sentence dates (a part
        # on the claim's own date says nothing the line above does not)
        if part.date == claim.date:
            continue
        words = part.words if len(part.words) <= PART_CHARS else part.words[:PART_CHARS] + "…"
        if part.saying:  # "said" in "said that his company sold ... last year"
            how.append(f"\n  “{words}” on ")
            how.append(part.date, style="bold")
            how.append(f" ({part.saying})")
            continue
        how.append(f"\n  also dates “{words}” ")
        how.append(part.date, style="bold")
        how.append(f' ("{part.date_text}", {part.provenance})' if part.date_text
                   else f" ({part.provenance})")
    _sanitise(how, how_start)
    # newlines kept, one character for one: the claim's offsets in its paragraph still hold
    ctx = _s(readable_context(claim.context), newlines=True, keep_offsets=True)
    context = Text()
    cut_before, cut_after = claim.context_cut or (False, False)
    if paragraph_shown:
        context.append("(same paragraph) ", style="dim")
    else:
        # where a long paragraph is cut to the claim's surroundings, an ellipsis says so
        # (a tester read "receiving psychological and medical" as its end)
        context.append("…" if cut_before else "", style="dim")
        context.append(ctx[: claim.context_start])
    # The claim is bold, underlined and reversed: visible without colour.
    context.append(ctx[claim.context_start : claim.context_end], style="bold underline reverse")
    if not paragraph_shown:
        context.append(ctx[claim.context_end :])
        context.append("…" if cut_after else "", style="dim")
    # where the text starts in ``context`` (after "(same paragraph) ", only the claim; after
    # the ellipsis, the paragraph)
    shift = (len(context) - (claim.context_end - claim.context_start) if paragraph_shown
             else int(cut_before))
    for start, end in match_spans(ctx, search):
        inside = claim.context_start <= start and end <= claim.context_end
        if paragraph_shown and not inside:
            continue
        context.stylize(Style(reverse=not inside, bold=True),
                        start - claim.context_start + shift if paragraph_shown else start + shift,
                        end - claim.context_start + shift if paragraph_shown else end + shift)
    # A hanging indent keeps wrapped lines under their claim.
    body: list[RenderableType] = [head, Padding(how, (0, 0, 0, 4)),
                                  Padding(context, (0, 0, 0, 4))]
    if heading is None and claim.report_claims:
        heading = report_heading(claim)
    if heading:
        body.insert(0, Text(heading, style="bold"))
    return Group(*body)


def section_heading(claims: Sequence[ClaimView], i: int, first_shown: int) -> str | None:
    """The heading above claim ``i``: its section's when it opens one, and its section's
    again, continued, when it is the first claim laid out (``first_shown``) of a window
    that begins inside a section (a 268-claim entry is laid out 60 claims at a time)."""
    if claims[i].report_claims:
        return report_heading(claims[i])
    if i != first_shown:
        return None
    for j in range(i - 1, -1, -1):
        head = claims[j]
        if head.report_claims:
            if head.report_claims == 1 or i < j + head.report_claims:
                return report_heading(head) + " (continued)"
            return None
    return None


def _told_with(d: GroupDetail) -> str:
    """What a reported date's claims' own stories say ("; its claims' own stories place
    them on 2010-01-16 (d dates it)"), or nothing."""
    if not d.story_days:
        return ""
    days = ", ".join(d.story_days[:3]) + (" …" if len(d.story_days) > 3 else "")
    return f"; its claims' own stories place them on {days} (d dates it)"


def _came_in(d: GroupDetail) -> str:
    """"3 claims came in, marked": what the new evidence of a decided group is."""
    n = sum(c.new_since_decided for c in d.claims)
    return f"{count_of(n, 'claim')} came in, marked" if n else "claims came in"


def report_heading(claim: ClaimView) -> str:
    """The line above the first claim of a fine event inside a bigger entry
    (``review.detail.by_report``): how many claims and sources report it."""
    if claim.report_claims == 1:
        return "── the rest, each told by one claim"
    sources = ("one source" if claim.report_sources == 1
               else f"{claim.report_sources} sources")
    return f"── {claim.report_claims} claims from {sources} report this"


def _sanitise(text: Text, start: int) -> None:
    """Make the characters of ``text`` from ``start`` on safe, one for one, styles kept."""
    plain = text.plain
    safe = _s(plain[start:], keep_offsets=True)
    if safe != plain[start:]:
        text.plain = plain[:start] + safe


class DetailPane(VerticalScroll):
    """One Static for the header and conflicts, one per claim (so the pane can scroll to
    the claim under the claim cursor), for at most ``CLAIM_WINDOW`` claims at a time: the
    window that holds the claim cursor, with a line saying how many are above or below."""

    can_focus = True
    ALLOW_MAXIMIZE = True  # z: the whole screen to read it (a scrolling container may not)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.detail: GroupDetail | None = None
        self.claim_index = 0
        self._head = 0  # the slots above the claims (header, conflicts, suggestions)
        self._start = 0  # the first claim laid out (a window of CLAIM_WINDOW)
        self._shown = 0  # slots in use
        self._sight: int | None = None  # the claim (index) kept at the top of the pane
        self._placed = 0  # counts the claim cursor's placings by j/k, a search, an entry
        self.search = ""  # what the queue's search types: its words stand out in the claims
        self.ranked = False  # the queue is sorted by importance: say why an entry is here

    def _slots(self, n: int) -> list[Static]:
        """``n`` Statics to render into, reused from group to group: updating a Static is
        much cheaper than removing and mounting widgets on every cursor move."""
        slots = list(self.query("Static.slot").results(Static))
        if len(slots) < n:
            new = [Static(classes="slot") for _ in range(n - len(slots))]
            self.mount_all(new)
            slots += new
        for i, w in enumerate(slots):
            w.display = i < n
        return slots[:n]

    def show_empty(self, message: str) -> None:
        self.detail = None
        self._sight = None
        (slot,) = self._slots(1)
        slot.set_classes("slot empty")
        slot.update(Text(_s(message, newlines=True)))

    def show(self, detail: GroupDetail, claim_index: int = 0) -> None:
        self._placed += 1
        before = self.detail
        same_group = before is not None and before.id == detail.id
        self.detail = detail
        old_index = self.claim_index
        self.claim_index = min(max(0, claim_index), max(0, len(detail.claims) - 1))
        header = self._header(detail)
        if (self.ranked and detail.ranking is not None
                and not 0 < self.size.height < COMPACT_BELOW):
            # why it ranks where it does, in a queue sorted so, where the pane has room for
            # it (at 80x24 the claim under review comes first)
            header.append("\n" + ranking_words(detail.ranking), style="dim")
        compact = 0 < self.size.height < COMPACT_BELOW
        if detail.running and compact:
            # a short pane: a line under the header, not a block of its own (at 80x24 the
            # block and its margin pushed the claim under review out of sight)
            header.append("\n")
            header.append_text(self._courses(detail, self._suggestion_room(), compact=True))
        parts: list[tuple[RenderableType, str]] = [(header, "header")]
        by_id = {c.id: c for c in detail.claims}
        for conflict in detail.conflicts:
            parts.append((_conflict_text(conflict, by_id, detail.title, compact), "conflict"))
        if detail.running and not compact:
            parts.append((self._courses(detail, self._suggestion_room()), "running"))
        if detail.suggestions or detail.name_variants:
            parts.append((self._suggestions(detail, self._suggestion_room(),
                                            0 < self.size.height < COMPACT_BELOW), "suggest"))
        head = len(parts)
        if (same_group and before is not None and before.claims == detail.claims
                and old_index == self.claim_index and before.conflicts == detail.conflicts
                and head == self._head):
            # the same claims again (what the second read found arrived): only the parts
            # above them change; a 700-claim entry is not laid out twice
            for slot, (text, classes) in zip(self._slots(self._shown)[:head], parts,
                                             strict=True):
                slot.set_classes(f"slot {classes}")
                slot.update(text)
            return
        self._head = head
        # at most CLAIM_WINDOW claims are laid out, a window that holds the claim cursor
        total = len(detail.claims)
        self._start = (self.claim_index // CLAIM_WINDOW) * CLAIM_WINDOW
        window = range(self._start, min(total, self._start + CLAIM_WINDOW))
        if self._start:
            parts.append((Text(f"… claims 1–{self._start} of {total} above (k goes back)",
                               style="italic"), "more"))
        notes = self._conflict_notes(detail)
        for i in window:
            text = claim_text(
                detail.claims[i], i + 1, total, i == self.claim_index,
                notes.get(detail.claims[i].id, ""), _same_paragraph(detail.claims, i),
                section_heading(detail.claims, i, self._start), self.search,
                _document_told(detail.claims, i, self._start),
                _too_early(detail.claims, i, self._start),
            )
            parts.append((text, "claim -current" if i == self.claim_index else "claim"))
        if window.stop < total:
            parts.append((Text(f"… claims {window.stop + 1}–{total} of {total} below "
                               "(j goes on)", style="italic"), "more"))
        self._shown = len(parts)
        for slot, (text, classes) in zip(self._slots(len(parts)), parts, strict=True):
            slot.set_classes(f"slot {classes}")
            slot.update(text)
        if not same_group:
            self._sight = None
            self.scroll_home(animate=False)
        elif self.claim_index:
            # laid out again above the claims (what the second read found, suggestions):
            # the claim cursor moves down with them, kept in sight (a search's next hit
            # showed the claim before it, the one found below the pane)
            self._sight = self.claim_index
            self.call_after_refresh(self._bring_into_sight)

    def on_click(self, event) -> None:
        # Clicking a claim puts the claim cursor on it (for o and s), as j/k do.
        claims = [w for w in self.query(".claim").results(Static) if w.display]
        widget = event.widget
        if widget in claims and self.detail is not None:
            self.move_claim(self._start + claims.index(widget) - self.claim_index)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self.title_border()

    def title_border(self) -> None:
        """The pane's border names the entry; while its head (title, date) is scrolled out
        of sight it says them too (a search at 80x24 opened a 58-claim entry on its 33rd
        claim, and nothing on the screen said which entry or day that was)."""
        d = self.detail
        if d is None:
            return
        # (every scroll asks: the first slot is the header, and the title is set only
        # when it changes)
        head = next(iter(self.query("Static.slot").results(Static)), None)
        below = head is not None and round(self.scroll_y) >= max(1, head.virtual_region.height)
        date = d.event_date or "undated"
        # a border title is markup: the entry's words are escaped, shown as written
        title = (f"#{d.id} {date} · {_s(one_line(d.title, 200), markup=True)}" if below
                 else f"Group #{d.id}")
        if title != self.border_title:
            self.border_title = title

    def show_head(self) -> None:
        """Scroll to the entry's head: its title, date and conflicts."""
        self._sight = None
        self.scroll_home(animate=False)

    def move_claim(self, delta: int) -> ClaimView | None:
        if self.detail is None or not self.detail.claims:
            return None
        self._placed += 1
        old = self.claim_index
        if old + delta < 0:
            # k on the first claim goes back to the entry's head (title, conflicts), not
            # round to the last of 267 claims
            self.show_head()
            return self.current_claim
        new = min(old + delta, len(self.detail.claims) - 1)
        relaid = not self._start <= new < self._start + CLAIM_WINDOW
        if relaid:
            self.show(self.detail, new)  # the next window of a very large entry
        claims = self._point_at(new, old)
        if claims:
            if not relaid:
                target = claims[self.claim_index - self._start]
                self.scroll_to_widget(target, animate=False, top=True)
            # the window was laid out anew, or the entry was just shown (a search put the
            # cursor on the claim it found): where the claim sits is known only after the
            # next refresh (scrolling now went to where the old layout had it)
            self._sight = self.claim_index
            self.call_after_refresh(self._bring_into_sight)
        return self.current_claim

    def _claim_slots(self) -> list[Static]:
        """The claims laid out, in order (the window from ``_start``)."""
        return [w for w in self.query(".claim").results(Static) if w.display]

    def _point_at(self, new: int, old: int) -> list[Static]:
        """The claim cursor from claim ``old`` to ``new`` (both laid out), the pane left
        where it is; returns the claims laid out."""
        assert self.detail is not None
        self.claim_index = new
        claims = self._claim_slots()
        notes = self._conflict_notes(self.detail)
        # only the claim the cursor left and the one it is on change
        for i in {old, new}:
            if not 0 <= i - self._start < len(claims):
                continue
            w, claim = claims[i - self._start], self.detail.claims[i]
            w.set_class(i == new, "-current")
            w.update(
                claim_text(
                    claim, i + 1, len(self.detail.claims), i == new, notes.get(claim.id, ""),
                    _same_paragraph(self.detail.claims, i),
                    section_heading(self.detail.claims, i, self._start), self.search,
                    _document_told(self.detail.claims, i, self._start),
                    _too_early(self.detail.claims, i, self._start),
                )
            )
        return claims

    # -- the reviewer scrolls the pane (keys, wheel, scroll bar) ---------------------------
    # The claim cursor goes with what is in sight: paged past, it stayed on a claim out of
    # sight, and "d" dropped a claim the tester could not see. The pane's own scrolling (to
    # the claim j/k moved to, to the head of a new entry) does not move it.

    def _scrolled(self) -> None:
        """After a scroll the reviewer made: the claim it left in sight is no longer the
        pane's anchor, and the claim cursor follows what is in sight."""
        self._sight = None
        self._follow_scroll()
        # (a scroll the scroll bar asks for is done after the next refresh), unless the
        # cursor was moved or another entry shown since ("PageDown j" typed at once)
        self.call_after_refresh(self._follow_scroll, self._placed)

    def _follow_scroll(self, placed: int | None = None) -> None:
        """Keep ▶ in sight: when the claim cursor's line is out of the pane, it goes to the
        first claim whose ▶ line is in it, else to the claim the pane shows a part of,
        else (the head alone in sight) to the window's first claim, as on opening.
        ``placed``: the cursor's placing this follows (none, if it was placed since)."""
        d = self.detail
        if d is None or not d.claims or placed not in (None, self._placed):
            return
        claims = self._claim_slots()
        if not claims:
            return
        top = round(self.scroll_target_y)  # where a scroll under way ends
        bottom = top + self.scrollable_content_region.height

        def mark(k: int) -> int:  # the row of claim k's ▶, under its heading if any
            heading = section_heading(d.claims, self._start + k, self._start)
            return claims[k].virtual_region.y + (1 if heading else 0)

        here = self.claim_index - self._start
        if 0 <= here < len(claims) and top <= mark(here) < bottom:
            return
        in_sight = [k for k in range(len(claims)) if top <= mark(k) < bottom]
        part = [k for k, w in enumerate(claims)
                if w.virtual_region.y < bottom and w.virtual_region.bottom > top]
        k = (in_sight[0] if in_sight else part[0] if part
             else 0 if claims[0].virtual_region.y >= bottom else len(claims) - 1)
        if self._start + k != self.claim_index:
            self._point_at(self._start + k, self.claim_index)

    # the keys' scrolls done at once, not after the next refresh: a key typed right after
    # (PageDown d) acts on the claim ▶ is on once the pane has scrolled
    def action_scroll_up(self) -> None:
        self._scroll_by(-1)

    def action_scroll_down(self) -> None:
        self._scroll_by(1)

    def action_page_up(self) -> None:
        self._scroll_by(-self.scrollable_content_region.height)

    def action_page_down(self) -> None:
        self._scroll_by(self.scrollable_content_region.height)

    def action_scroll_home(self) -> None:
        self._scroll_by(-round(self.scroll_target_y))

    def action_scroll_end(self) -> None:
        self._scroll_by(round(self.max_scroll_y - self.scroll_target_y))

    def _scroll_by(self, rows: int) -> None:
        d = self.detail
        if d is not None and d.claims and rows:
            # paged to the end of the claims laid out, the next ``CLAIM_WINDOW`` follow, as
            # j would lay them out (a walk's PageDown stopped at "… claims 61–185 of 185
            # below (j goes on)"); paged back past the first, the window before
            stop = min(len(d.claims), self._start + CLAIM_WINDOW)
            if rows > 0 and stop < len(d.claims) and (
                    not self.allow_vertical_scroll
                    or round(self.scroll_target_y) >= self.max_scroll_y):
                self.move_claim(stop - self.claim_index)
                return
            if rows < 0 and self._start and round(self.scroll_target_y) <= 0:
                self.move_claim(self._start - 1 - self.claim_index)
                return
        if not self.allow_vertical_scroll:
            raise SkipAction()
        self.scroll_to(y=round(self.scroll_target_y) + rows, animate=False, immediate=True)
        self._scrolled()
        # _scrolled asked where the claims are before the screen laid out the scroll (the
        # compositor's map is then built at the new offset) and moved ▶ (a layout): that
        # layout found nothing moved and repainted only the two claims, leaving the rest of
        # the pane as before the scroll (a walk's PageDown x3 on #28, zoomed, at 80x24
        # showed two ▶ rows and pieces of the merge box). Repaint all of it.
        self.refresh()

    def _on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        super()._on_mouse_scroll_down(event)
        self._scrolled()

    def _on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        super()._on_mouse_scroll_up(event)
        self._scrolled()

    def _on_scroll_to(self, message: ScrollTo) -> None:
        super()._on_scroll_to(message)
        self._scrolled()

    def _on_scroll_up(self, event: ScrollUp) -> None:
        super()._on_scroll_up(event)
        self._scrolled()

    def _on_scroll_down(self, event: ScrollDown) -> None:
        super()._on_scroll_down(event)
        self._scrolled()

    def _bring_into_sight(self, frames: int = 10) -> None:
        """Scroll the claim ``_sight`` to the top of the pane. While it is not there (the
        new text is not laid out yet, so the pane cannot scroll that far) try again after
        the next refresh, at most ``frames`` times. The claim stays the pane's anchor:
        whenever what the pane holds is laid out again (text added above it, a busy
        machine laying it out later still, a resize) it is brought back, until another
        entry is shown or k goes back to the head."""
        claims = [w for w in self.query(".claim").results(Static) if w.display]
        at = -1 if self._sight is None else self._sight - self._start
        if not 0 <= at < len(claims):
            self._sight = None
            return
        target = claims[at]
        self.scroll_to_widget(target, animate=False, top=True, immediate=True)
        where, top = target.virtual_region, self.scroll_offset.y
        there = where.height and (where.y == top or (  # or as far as the pane scrolls
            top == self.max_scroll_y and top <= where.y < top + self.size.height))
        if frames and not there:
            self.call_after_refresh(self._bring_into_sight, frames - 1)

    def watch_virtual_size(self) -> None:
        if self._sight is not None:
            self.call_after_refresh(self._bring_into_sight, 0)

    @property
    def current_claim(self) -> ClaimView | None:
        if self.detail is None or not self.detail.claims:
            return None
        return self.detail.claims[self.claim_index]

    def _suggestion_room(self) -> int:
        """Columns a suggestion's line has inside its block (its bar and padding taken,
        and the scrollbar, there or to come): a title cut to a fixed 44 let its "…" wrap
        onto a line of its own at 160x48, and stayed cut with 150 columns free, zoomed."""
        width = self.scrollable_content_region.width
        if not self.show_vertical_scrollbar:
            width -= self.styles.scrollbar_size_vertical
        return width - 3 if width > 20 else 60

    def on_resize(self) -> None:
        # a suggestion's title is cut to the pane's width, the block one line in a short
        # pane: laid out again at the new size (zoomed, z, the whole block)
        if self.detail is not None and self.detail.suggestions:
            self.show(self.detail, self.claim_index)

    @staticmethod
    def _suggestions(d: GroupDetail, room: int = 60, compact: bool = False) -> Text:
        """What may be the same occasion, with the reasons; ``compact`` (a short pane: at
        80x24 the block took every row, and an entry opened with none of its claims in
        sight) one line of keys, ids and dates, the whole block zoomed (z)."""
        t = Text()
        if d.suggestions and compact:
            t.append("Maybe the same occasion:", style="bold")
            for key, s in zip(SUGGESTION_KEYS, d.suggestions, strict=False):
                t.append("  ")
                if s.merged:
                    t.append(f"#{s.id} merged", style="dim")
                    continue
                t.append(f" {key} ", style="bold reverse")
                # (a tester took a background group for an entry: said here too)
                # a decided one said by its queue symbol: its key merges this entry into
                # it (a tester at 80x24 read "1 #381 2009-06-25" and merged the vigil into
                # the accepted death, not the other way)
                decided = s.status in ("accepted", "rejected")
                t.append(f" #{s.id} {s.event_date or 'undated'}"
                         + (" (background)" if s.background else "")
                         + (f" {STATUS_SYMBOL[s.status]}" if decided else ""))
            t.append("  (z: why)\n", style="dim")
        elif d.suggestions:
            t.append("Maybe the same occasion", style="bold")
            how = " (its key merges it in, or this entry into a decided one)"
            t.append((how if len(how) + 23 <= room else " (its key merges it in)") + "\n",
                     style="dim")
            for key, s in zip(SUGGESTION_KEYS, d.suggestions, strict=False):
                if s.merged:  # its place kept, so the others keep their keys
                    t.append(f" {key} ", style="dim reverse")
                    t.append(f" #{s.id} merged into this entry\n", style="dim")
                    continue
                t.append(f" {key} ", style="bold reverse")
                said = f" #{s.id} {s.event_date or 'undated'} "
                t.append(said, style="bold")
                title, fits = _s(s.title), max(12, room - len(key) - 2 - len(said))
                # (the key's chip is the key and a space each side)
                t.append(title if len(title) <= fits else title[:fits - 1] + "…")
                where = " · background (not in the queue)" if s.background else ""
                t.append(f"\n     {STATUS_SYMBOL.get(s.status, '?')} {s.status}{where} · "
                         f"{s.likeness.why}\n", style="italic")
        for v in d.name_variants:
            t.append(f"{CONFLICT} name spelled otherwise elsewhere: ", style="bold")
            t.append(_s(v.describe()) + "\n")
        t.rstrip()
        return t

    @staticmethod
    def _courses(d: GroupDetail, room: int = 60, compact: bool = False) -> Text:
        """The counts its reports give larger day by day: their course, no conflict;
        ``compact`` (a short pane, as for suggestions) the first and last figures alone,
        a line each, the whole course zoomed (z)."""
        t = Text()
        for r in d.running:
            if compact:  # one line: the course's ends, cut so that the hint stays
                line, hint = course_line(r), "  (z: when)"
                fits = max(12, room - len(hint))
                t.append(_s(line if len(line) <= fits else line[:fits - 1] + "…"),
                         style="bold")
                t.append(hint + "\n", style="dim")
                continue
            t.append(f"{GREW} {conflict_subject('number', r.subject)} grew from report to "
                     "report", style="bold")
            t.append(" (no conflict; r if they count different things): ", style="dim")
            # "45,000-50,000 people (2010-01-15) → up to 200,000 people (2010-01-18)"
            t.append(_s(" → ".join(f"{step.text} ({', '.join(step.days)})"
                                   for step in r.steps)) + "\n")
        t.rstrip()
        return t

    @staticmethod
    def _conflict_notes(detail: GroupDetail) -> dict[int, str]:
        """For claims on a side of a conflict: which value they give, so the reviewer sees
        the disagreement at the claim as well as in the summary; for a claim that names a
        person other groups spell otherwise, those spellings and where."""
        notes: dict[int, list[str]] = {}
        for conflict in detail.conflicts:
            what = conflict_subject(conflict.kind, conflict.subject)
            settled = conflict.resolution
            if settled == NOT_A_DISAGREEMENT:
                continue  # the reviewer found no disagreement: nothing to flag at a claim
            for v in conflict.values:
                if settled is not None and v.value == settled:
                    continue  # the value chosen (a tester read "⚠" on it after settling)
                said = f"{what}: {v.value}" + (f", settled as {settled}" if settled else "")
                for cid in v.claim_ids:
                    notes.setdefault(cid, []).append(said)
        for variant in detail.name_variants:
            others = "; ".join(
                f"{s.text} in {', '.join(f'#{g}' for g in s.group_ids[:3])}"
                for s in variant.elsewhere
            )
            for claim in detail.claims:
                if any(h in claim.text for h in variant.here):
                    notes.setdefault(claim.id, []).append(f"also spelled {others}")
        return {cid: "; ".join(n) for cid, n in notes.items()}

    @staticmethod
    def _header(d: GroupDetail) -> Text:
        t = Text()
        t.append(f"#{d.id} ", style="dim")
        t.append(_s(d.title), style="bold")
        t.append("\n")
        t.append(f"{STATUS_SYMBOL.get(d.status, '?')} {d.status}", style="bold")
        if d.changed_since_review:
            decided = d.was_status or "decided"
            t.append((f" (dated again since decided: was {d.date_was})" if d.date_was
                      else " (claims dated again since decided)") if d.only_redated
                     else f" (new evidence since {decided}: {_came_in(d)}"
                     + (")" if not d.date_was else "; undated then)" if d.date_was == "undated"
                        else f"; dated {d.date_was} then)"), style="bold")
        date = f"{d.event_date} ({d.date_precision})" if d.event_date else "undated"
        t.append(f" · event date {date}")
        if d.reported:
            t.append(" — reported: no source states it; the day its first report was published"
                     + (", itself a guess" if d.reported_guess else "")
                     + _told_with(d), style="italic")
        t.append(f" · {d.sources} source{'s' if d.sources != 1 else ''}")
        t.append(f" · {len(d.claims)} claim{'s' if len(d.claims) != 1 else ''}")
        if d.edited:
            edited = ", ".join(dict.fromkeys(FIELD_WORDS.get(f, f) for f in d.edited))
            t.append(f" · edited by a reviewer: {_s(edited)}", style="italic")
        if d.note:
            t.append("\nnote: ", style="bold")
            t.append(_s(d.note, newlines=True), style="italic")
        return t
