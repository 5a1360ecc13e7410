"""The verified chronology as plain data: the one thing every export format renders.

Only accepted groups are in it, in a stable order (date, then precision, then group id),
and citations are numbered once, in that order, so that a footnote number means the same
claim in the Markdown, the HTML, the JSON and the CSV. ``reader.py`` reads it from the
database, one event at a time.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from ..dates.published import published_label
from ..db import loads
from ..text import conflict_subject, count_of, since_said

PRECISION_RANK = {"year": 0, "month": 1, "day": 2}


class TextOut(Protocol):
    """Where a format writes its text: a text file, a StringIO, or the export's sink that
    passes text on in pieces."""

    def write(self, text: str, /) -> int: ...
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
UNDATED = "Date unknown"
DEFAULT_TITLE = "Verified chronology"

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class Date:
    """An ISO date at its precision: ``2025-06-02``/day, ``2025-06``/month, ``2025``/year."""

    iso: str
    precision: str
    year: int
    month: int | None = None
    day: int | None = None

    @property
    def display(self) -> str:
        if self.precision == "day" and self.month is not None:
            return f"{self.day} {MONTHS[self.month - 1]} {self.year}"
        if self.precision == "month" and self.month is not None:
            return f"{MONTHS[self.month - 1]} {self.year}"
        return str(self.year)


def parse_date(value: Any, precision: Any = None) -> Date | None:
    """``value`` as a :class:`Date`, cut to ``precision`` when that is coarser than the text.

    A precision finer than the text (``2025-06`` said to be ``day``) cannot be honoured, so
    the text wins. Anything that is not an ISO date gives None.
    """
    if not isinstance(value, str):
        return None
    return _parse_date(value, precision if isinstance(precision, str) else None)


@functools.lru_cache(maxsize=128)  # events come in date order: the same dates recur
def _parse_date(value: str, precision: str | None) -> Date | None:
    match = _ISO.match(value.strip())
    if not match:
        return None
    year_text, month_text, day_text = match.groups()
    year = int(year_text)
    month = int(month_text) if month_text else None
    day = int(day_text) if day_text else None
    try:
        _dt.date(year, month or 1, day or 1)
    except ValueError:
        return None
    written = "day" if day else "month" if month else "year"
    if precision in PRECISION_RANK and PRECISION_RANK[precision] < PRECISION_RANK[written]:
        written = precision
    # (a month or day precision is one the text writes, so its month and day are there)
    if written == "year" or month is None:
        return Date(f"{year:04d}", "year", year)
    if written == "month" or day is None:
        return Date(f"{year:04d}-{month:02d}", "month", year, month)
    return Date(f"{year:04d}-{month:02d}-{day:02d}", "day", year, month, day)


def format_number(value: Any) -> str:
    """1000.0 → "1,000"; 2.5 → "2.5"; anything else as written."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    if number != number or number in (float("inf"), float("-inf")):
        return str(value)
    if number.is_integer():
        return f"{int(number):,}"
    return f"{number:,}"


def format_value(kind: str, value: Any) -> str:
    """A conflict value or resolution the way a reader expects to see it."""
    if kind == "date":
        date = parse_date(value)
        return date.display if date else str(value)
    if kind == "number":
        return format_number(value)
    return str(value)


@dataclass(frozen=True)
class Document:
    id: int
    path: str
    title: str | None
    source: str | None
    url: str | None
    published: Date | None
    published_provenance: str = "given"  # given | inferred | unknown
    # what a guessed (inferred) date was guessed from, in words; None for a stated one
    published_from: str | None = None
    # the record's own id in a JSON Lines file ({"id": ...}), which outlives line numbers
    external_id: str | None = None
    format: str = "txt"  # as read: txt, md, html, jsonl

    def location(self, line: int, paragraph: int, start: int, end: int) -> str:
        """Where a quote stands: "line 16, paragraph 7, characters 1376–1476" in a text
        file, whose text is the file's; in any other, the paragraph and characters of the
        text read from it (a Markdown file's front matter, a page's markup are not in it:
        "line 2" of the text was line 8 of a tester's file)."""
        if self.format == "txt":
            return f"line {line}, paragraph {paragraph}, characters {start}–{end}"
        return f"paragraph {paragraph}, characters {start}–{end} of the text read from it"

    @property
    def where(self) -> str:
        """Where the document was read: its path, and a JSON Lines record's own id
        ("feed.jsonl:205 (id reuters-0412)")."""
        return f"{self.path} (id {self.external_id})" if self.external_id else self.path

    def published_once(self, told: set[int]) -> str | None:
        """``published_text``, its guess explained only the first time a document is cited
        (its id then added to ``told``); later: "published 22 May 2025 (inferred)"."""
        if not self.published:
            return None
        if self.published_from:  # (only a guess is kept: a stated date needs no telling)
            if self.id in told:
                return f"published {self.published.display} (inferred)"
            told.add(self.id)
        return self.published_text

    @property
    def published_text(self) -> str | None:
        """"published 22 May 2025", a guess marked: "published 22 May 2025 (inferred
        from the latest date the text mentions)"; None without a date."""
        if not self.published:
            return None
        return published_label(self.published.iso, self.published_provenance, None,
                               self.published.display, self.published_from)

    @property
    def label(self) -> str:
        """What to call the document when it has no title: its record's id in a JSON Lines
        file, as the review screen calls it ("2010-01-13/1042.htm.txt", not
        "haiti_bbc.jsonl:30"), else its path."""
        return self.title or self.external_id or self.path

    @property
    def outlet(self) -> str:
        """Who says it and when, named beside each quote: the outlet, else the title (a
        record's id, as the review screen names it), else the file name (never the path
        alone), with the publication date, a guessed one marked so (a reader weighs a
        report by when it came out)."""
        name = (self.source or self.title or self.external_id
                or self.path.rsplit("/", 1)[-1])
        if not self.published:
            return name
        guess = " (inferred)" if self.published_provenance != "given" else ""
        return f"{name}, {self.published.display}{guess}"

    @property
    def web_url(self) -> str | None:
        """The URL if it is safe to make a link of it: http/https only (no javascript:),
        and only the characters a URL may hold (RFC 3986, "%" escapes): no control
        character, space, quote, angle bracket or backslash can end the link early and
        let the rest be read as markup."""
        if self.url and re.match(r"^https?://[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+$",
                                 self.url, re.IGNORECASE):
            return self.url
        return None


@dataclass(frozen=True)
class Citation:
    number: int
    claim_id: int
    quote: str
    document: Document
    char_start: int
    char_end: int
    line: int
    paragraph: int
    date_text: str | None
    speaker: str | None
    span_ok: bool
    """False when the document text at the span is not the quote (the database is damaged)."""
    cut_before: bool = False
    cut_after: bool = False
    """The quote is a piece of its sentence, which goes on before or after it (``cut_of``)."""
    fine_event: int | None = None
    """The fine event the claim reports inside its entry (``group_members.event``): two
    accepted entries of one day that share one are likely one occasion (``checks``).
    None for a claim a reviewer placed (``pinned``: split or moved there, judged another
    occasion than the one it came from)."""
    lead: bool = True
    """The claim its source is quoted by in its event (``telling``); the others of that
    source are numbered after it (``by_source``)."""
    date_slip: str | None = None
    """The quote names a weekday its date does not fall on ("says Monday, but 2025-06-03
    is a Tuesday"; ``dates.expressions.weekday_slip``): the check warns."""

    @property
    def quoted(self) -> str:
        """The quote as it reads inside quotation marks: its own double quotation marks
        become single ones, a quotation within a quotation (“‘The process is complicated,’
        said Zelensky.”), where they would have doubled (““The process ...); an ellipsis
        where its sentence goes on (“Mr Bertolaso, who arrived in Haiti on Friday…”)."""
        return ("…" * self.cut_before + nested_quotes(self.quote).strip()
                + "…" * self.cut_after)


_CLOSERS = "\"'”’)]»"
_SENTENCE_END = ".!?…"


def cut_of(text: str, start: int, end: int) -> int:
    """Whether a claim's span cuts its sentence: 1 when the sentence began before it, 2
    when it goes on after it (both: 3). A claim is a sentence or a piece of one (a
    sentence told as two events is split at "and", "while", ...); quoted alone, a piece
    reads as the whole of what the source said unless the cut is shown. Only text on the
    same line counts (a headline or a list item ends at its line), and only a comma, a
    semicolon or a small letter carries a sentence on."""
    cut = 0
    before = text[text.rfind("\n", 0, start) + 1:start].rstrip()
    quote = text[start:end].strip()
    if before and quote and (before[-1] in ",;" or (before[-1].isalnum()
                                                    and quote[0].islower())):
        cut |= 1
    line_end = text.find("\n", end)
    after = text[end:len(text) if line_end < 0 else line_end].lstrip()
    quote = quote.rstrip(_CLOSERS)
    # a capital after a sentence without its full stop is the next one (a caption run
    # into the text), not the rest of this one
    if after and quote and quote[-1] not in _SENTENCE_END and (
            after[0].islower() or after[0] in ",;"):
        cut |= 2
    return cut


_DOUBLE_QUOTES = str.maketrans({"“": "‘", "”": "’"})


_OPENS_AFTER = "([{-–—/‘"  # a straight mark after a space or these, before a word, opens


def nested_quotes(text: str) -> str:
    """``text`` to stand inside double quotation marks: curly double marks turn single,
    and straight ones single, each turned as it stands: first, or after a space or an
    opening bracket, and before a word, it opens; else it closes ("... and today I found
    her. \"" ends a quotation a sentence before opened: alternating, it read ‘, an
    opening mark at the end)."""
    out = text.translate(_DOUBLE_QUOTES)
    chars = list(out)
    for i, c in enumerate(chars):
        if c != '"':
            continue
        before = out[i - 1] if i else " "
        after = out[i + 1] if i + 1 < len(out) else " "
        opens = (before.isspace() or before in _OPENS_AFTER) and not after.isspace()
        chars[i] = "‘" if opens else "’"
    return "".join(chars)


@dataclass(frozen=True)
class ConflictValue:
    value: Any
    display: str
    claim_ids: tuple[int, ...]
    document_ids: tuple[int, ...]
    citations: tuple[int, ...]
    """Citation numbers, in this chronology, of the claims that report this value."""
    since: tuple[int, ...] = ()
    """Its claims that came after the reviewer's resolution chose another value."""


@dataclass(frozen=True)
class Conflict:
    id: int
    kind: str
    subject: str
    values: tuple[ConflictValue, ...]
    claim_ids: tuple[int, ...]
    resolution: str | None

    @property
    def resolved(self) -> bool:
        return self.resolution is not None

    @property
    def since(self) -> int:
        """Reports that came after the resolution and give another value."""
        return sum(len(v.since) for v in self.values) if self.resolved else 0

    @property
    def since_display(self) -> str:
        """"⚠ 1 report since says otherwise" for a resolution reports came in against."""
        return f"⚠ {since_said(self.since)}" if self.since else ""

    @property
    def what(self) -> str:
        """What the sources disagree on, in words: "the event date", "the spelling of a
        name (Zelensky)" (``subject`` is the stored matching key: "zelensky")."""
        return conflict_subject(self.kind, self.subject)

    @property
    def resolution_display(self) -> str | None:
        return None if self.resolution is None else format_value(self.kind, self.resolution)

    def describe(self) -> str:
        """One line: "event date: 2 June 2025 vs 22 May 2025" or "...: 2 June 2025 (resolved)"."""
        if self.resolved:
            return f"{self.what}: {self.resolution_display} (resolved)"
        return f"{self.what}: " + " vs ".join(v.display for v in self.values)


@dataclass(frozen=True)
class CourseStep:
    """One figure of a count's course: as written, the days its reports were published
    (shown), the claims and this event's citations that give it."""
    value: str
    days: tuple[str, ...]
    claim_ids: tuple[int, ...]
    citations: tuple[int, ...]
    # the figure as read: its number, a range's top, a qualifier ("up to", "at least")
    number: float | None = None
    high: float | None = None
    qualifier: str | None = None

    @property
    def days_display(self) -> str:
        return ", ".join(d.display if (d := parse_date(day)) else day for day in self.days)


@dataclass(frozen=True)
class Course:
    """A count the event's reports give larger day by day: the count as it grew, no
    conflict (``group.conflicts.running_counts``)."""
    subject: str
    steps: tuple[CourseStep, ...]

    @property
    def what(self) -> str:
        """"the number of people"."""
        return conflict_subject("number", self.subject)


_WORD = re.compile(r"[^\W\d_]{4,}")  # words of four letters or more: the ones that say what
_COMMON = frozenset(
    "that this these those they them their there then than with from have been were "
    "will would could should which what when where while into over also about after "
    "before said says some such only other more most very just like".split())
# the words of a date say when, which ``on_day`` weighs already, not what: "a plan
# overnight Tuesday" shares "Tuesday" with "The quake ... struck on Tuesday", no more
_CALENDAR = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march "
    "april june july august september october november december today yesterday "
    "tomorrow morning evening night overnight week month year".split())


def _words(text: str) -> frozenset[str]:
    """The words that say what a text is about, a plural as its singular ("prisoners"
    is "prisoner")."""
    return frozenset(w.removesuffix("s") for w in map(str.lower, _WORD.findall(text))
                     if w not in _COMMON)


@dataclass(frozen=True)
class SourceQuotes:
    """One source's claims in an event: the one a reader is shown, and the others (still
    cited, numbered and located: in the Markdown's footnotes, under the HTML's "more")."""

    shown: Citation
    more: tuple[Citation, ...]


def telling(quote: str, on_day: bool, title: str) -> tuple[bool, int, bool]:
    """How well a claim tells its event, to quote it for its source: whether its own words
    give the entry's date (``on_day``: a chronology cites a source for when, and 000's
    "The Istanbul negotiations, which took place on June 2" beat "A key agreement reached
    during the meeting") while saying some of what the title says, then how many of the
    title's words it says (words of four letters or more, but the commonest and those of
    dates), then whether it gives the date. The export numbers each source's most telling
    claim first (``reader``), so that the one quoted has the first of the source's
    numbers."""
    shared = len(_words(quote) & _title_words(title) - _CALENDAR)
    # on the day and about what the title says first: of a 25-source quake entry, one
    # source was quoted for "President Obama asked his national security team to work
    # out a plan overnight Tuesday", on the day but about another thing
    return on_day and shared > 0, shared, on_day


@functools.lru_cache(maxsize=4)  # an event's claims are weighed against its title in turn
def _title_words(title: str) -> frozenset[str]:
    return _words(title)


def by_source(citations: Iterable[Citation]) -> tuple[SourceQuotes, ...]:
    """An event's citations a source at a time, in the order the sources are first cited,
    each showing its first citation: the most ``telling`` claim, which the reader numbers
    first. A 28-source entry of 259 claims reads as 28 quotes, not 259, and none of them
    is lost."""
    of: dict[int, list[Citation]] = {}
    for citation in citations:
        of.setdefault(citation.document.id, []).append(citation)
    return tuple(SourceQuotes(first, tuple(rest)) for first, *rest in of.values())


@dataclass(frozen=True)
class Event:
    group_id: int
    title: str
    date: Date | None
    note: str | None
    citations: tuple[Citation, ...]
    conflicts: tuple[Conflict, ...]
    changed_since_review: bool
    edited: tuple[str, ...]
    # no source states the date: it is the day the event's first report was published
    date_reported: bool = False
    # counts its reports give larger day by day: their course, no conflict
    courses: tuple[Course, ...] = ()

    @property
    def date_by_reviewer(self) -> bool:
        """The reviewer typed the date (or confirmed a reported day): the sources do not
        state it as shown, so the chronology says whose it is."""
        return self.date is not None and "event_date" in self.edited

    @property
    def display_date(self) -> str:
        if self.date is None:
            return UNDATED
        return f"{self.date.display} (reported)" if self.date_reported else self.date.display

    @functools.cached_property  # asked for by every format and the check, several times
    def documents(self) -> tuple[Document, ...]:
        seen: dict[int, Document] = {}
        for citation in self.citations:
            seen.setdefault(citation.document.id, citation.document)
        return tuple(seen.values())

    @functools.cached_property
    def fine_events(self) -> frozenset[int]:
        """The fine events its claims report (see ``Citation.fine_event``)."""
        return frozenset(self.fine_counts)

    @functools.cached_property
    def fine_counts(self) -> dict[int, int]:
        """How many of its claims report each fine event."""
        counts: dict[int, int] = {}
        for c in self.citations:
            if c.fine_event is not None:
                counts[c.fine_event] = counts.get(c.fine_event, 0) + 1
        return counts

    @functools.cached_property
    def by_source(self) -> tuple[SourceQuotes, ...]:
        """The citations a source at a time, one shown each (:func:`by_source`)."""
        return by_source(self.citations)

    @property
    def sources(self) -> int:
        """Distinct documents cited (recounted here: ``groups.sources`` may lag a regroup)."""
        return len(self.documents)

    @property
    def single_source(self) -> bool:
        return self.sources == 1

    @property
    def unresolved(self) -> tuple[Conflict, ...]:
        return tuple(c for c in self.conflicts if not c.resolved)

    @property
    def anchor(self) -> str:
        return f"event-{self.group_id}"


@dataclass(frozen=True)
class Chronology:
    """A whole chronology held in memory (:func:`workbench.export.reader.load_chronology`),
    for tests and small uses. Every format reads any chronology the way it reads the
    streamed one (``reader.StreamedChronology``): the counts, then ``iter_events()``."""

    title: str
    events: tuple[Event, ...]
    last_decision_at: str | None
    """When the last (not undone) review decision was taken: the chronology's "as of"."""

    @property
    def citations(self) -> tuple[Citation, ...]:
        return tuple(c for event in self.events for c in event.citations)

    @property
    def documents(self) -> tuple[Document, ...]:
        seen: dict[int, Document] = {}
        for citation in self.citations:
            seen.setdefault(citation.document.id, citation.document)
        return tuple(sorted(seen.values(), key=lambda d: d.id))

    @property
    def event_count(self) -> int:
        return len(self.events)

    @property
    def guessed_dates(self) -> bool:
        """Is a source cited with a guessed publication date ("(inferred)" beside it)?"""
        return any(d.published and d.published_provenance != "given" for d in self.documents)

    @property
    def unsettled_count(self) -> int:
        """Events with a conflict the reviewer has not settled."""
        return sum(1 for e in self.events if e.unresolved)

    @property
    def document_count(self) -> int:
        return len(self.documents)

    @property
    def citation_count(self) -> int:
        return len(self.citations)

    @property
    def lead_count(self) -> int:
        """Citations that are their source's most telling in their event (--brief's)."""
        return sum(1 for c in self.citations if c.lead)

    def iter_events(self) -> Iterator[Event]:
        return iter(self.events)

    def iter_citations(self) -> Iterator[Citation]:
        return iter(self.citations)


def order_key(group_id: int, date: Date | None) -> tuple:
    """Date order; an undated event goes last; ties broken by precision, then group id.

    A coarser date sorts after the finer ones it contains ("June 2025" after "30 June
    2025", "2025" after "December 2025"): a reader meets the month-only event where the
    month's dated ones are done, as every format (and the review queue's readers) expects.
    """
    if date is None:
        return (1, "", -1, group_id)
    # '\uffff' sorts after '-' and every digit, so "2025-06" + it follows "2025-06-30".
    return (0, date.iso + "\uffff", PRECISION_RANK[date.precision], group_id)


def order_text(date: Date | None) -> str:
    """:func:`order_key` without the group id, as text SQLite sorts the same way (its
    binary collation is code point order): ``ORDER BY order_text, id`` is chronology order.
    "~" follows "-" and every digit as '\uffff' does in :func:`order_key`."""
    if date is None:
        return "1"
    return f"0{date.iso}~{PRECISION_RANK[date.precision]}"


def event_date(
    value: Any, precision: str | None, edited: Any, resolutions: Iterable[Any]
) -> Date | None:
    """The date an event is shown at: the group's, unless a resolved date conflict
    (``resolutions``: its date conflicts' resolutions, in conflict id order) decides
    it. conflicts.resolution is "the value the chronology will use", so it wins even if
    the group row was not updated (a database older than that rule), unless the reviewer
    typed the date by hand (``edited`` names ``event_date``)."""
    date = parse_date(value, precision)
    if isinstance(edited, (list, tuple, str, dict)) and "event_date" in edited:
        return date
    for resolution in resolutions:
        if resolution is not None:
            resolved = parse_date(resolution)
            if resolved:
                return resolved
    return date


def _paragraph_starts(text: str) -> list[int]:
    """Offsets where paragraphs start. Texts that use blank lines between paragraphs are
    split there; texts without any blank line put one paragraph on each line."""
    blank_line_style = re.search(r"\n[^\S\n]*\n", text) is not None
    separator = r"\n[^\S\n]*\n\s*" if blank_line_style else r"\n\s*"
    first = len(text) - len(text.lstrip())
    starts = {first} | {m.end() for m in re.finditer(separator, text) if m.end() < len(text)}
    return sorted(starts)


class _DocumentText:
    """A document's text with the line and paragraph of any offset, computed once."""

    def __init__(self, text: str):
        self.text = text
        self._lines = [m.start() for m in re.finditer("\n", text)]
        self._paragraphs = _paragraph_starts(text)

    def line(self, offset: int) -> int:
        return bisect.bisect_left(self._lines, offset) + 1

    def paragraph(self, offset: int) -> int:
        return max(1, bisect.bisect_right(self._paragraphs, offset))


class DataError(ValueError):
    """A row the export cannot read; the message names it (one line for the user)."""


def _json(text: str | None, what: str) -> Any:
    try:
        return loads(text, [])
    except ValueError as exc:
        raise DataError(f"database: {what} is not valid JSON ({exc})") from None


def _clean(value: str | None) -> str | None:
    """Empty or blank text means "not known"."""
    if value is None:
        return None
    value = value.strip()
    return value or None


def format_timestamp(value: str | None) -> str | None:
    """``2025-06-24T10:00:00.000+00:00`` → ``24 June 2025, 10:00 UTC`` (as written if odd)."""
    if not value:
        return None
    try:
        moment = _dt.datetime.fromisoformat(value)
    except ValueError:
        return value
    if moment.tzinfo is not None:
        moment = moment.astimezone(_dt.timezone.utc)
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}, {moment:%H:%M} UTC"


# Said in a legend when a day beside a quote is marked "(inferred)" (``guessed_dates``).
INFERRED_LEGEND = (" A publication date marked (inferred) is a guess: its source gave none.")


def summary_line(chronology: Any, brief: bool = False) -> str:
    """"5 events · 6 documents · 14 citations · as of the last review decision on …";
    ``brief``: "… · 6 of 14 citations quoted · …", the footnotes a brief export holds."""
    cited = count_of(chronology.citation_count, "citation")
    parts = [
        count_of(chronology.event_count, "event"),
        count_of(chronology.document_count, "document"),
        f"{chronology.lead_count} of {cited} quoted" if brief else cited,
    ]
    if chronology.unsettled_count:
        # accepted is not settled: say at the top what the ⚠ below will show
        parts.append(f"{chronology.unsettled_count} with conflicts not settled (⚠)")
    when = format_timestamp(chronology.last_decision_at)
    if when:
        parts.append(f"as of the last review decision, {when}")
    return " · ".join(parts)
