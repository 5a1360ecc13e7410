"""The verified chronology as plain data: the one thing every export format renders.

Only accepted groups are in it, in a stable order (date, then precision, then group id),
and citations are numbered once here so that a footnote number means the same claim in
the Markdown, the HTML, the JSON and the CSV. Loading only SELECTs: export never writes.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import re
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from ..dates.published import guessed_from, published_label
from ..db import loads

PRECISION_RANK = {"year": 0, "month": 1, "day": 2}
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


def parse_date(value: Any, precision: str | None = None) -> Date | None:
    """``value`` as a :class:`Date`, cut to ``precision`` when that is coarser than the text.

    A precision finer than the text (``2025-06`` said to be ``day``) cannot be honoured, so
    the text wins. Anything that is not an ISO date gives None.
    """
    if not isinstance(value, str):
        return None
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
        """What to call the document when it has no title."""
        return self.title or self.path

    @property
    def outlet(self) -> str:
        """Who says it, named beside each quote: the outlet, else the title, else the file
        name with the publication date (never the path alone)."""
        if self.source or self.title:
            return self.source or self.title or ""
        name = self.path.rsplit("/", 1)[-1]
        return f"{name}, {self.published.display}" if self.published else name

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


@dataclass(frozen=True)
class ConflictValue:
    value: Any
    display: str
    claim_ids: tuple[int, ...]
    document_ids: tuple[int, ...]
    citations: tuple[int, ...]
    """Citation numbers, in this chronology, of the claims that report this value."""


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
    def resolution_display(self) -> str | None:
        return None if self.resolution is None else format_value(self.kind, self.resolution)

    def describe(self) -> str:
        """One line: "event date: 2 June 2025 vs 22 May 2025" or "...: 2 June 2025 (resolved)"."""
        if self.resolved:
            return f"{self.subject}: {self.resolution_display} (resolved)"
        return f"{self.subject}: " + " vs ".join(v.display for v in self.values)


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

    @property
    def display_date(self) -> str:
        return self.date.display if self.date else UNDATED

    @property
    def documents(self) -> tuple[Document, ...]:
        seen: dict[int, Document] = {}
        for citation in self.citations:
            seen.setdefault(citation.document.id, citation.document)
        return tuple(seen.values())

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
        self._lines = [i for i, ch in enumerate(text) if ch == "\n"]
        self._paragraphs = _paragraph_starts(text)

    def line(self, offset: int) -> int:
        return bisect.bisect_left(self._lines, offset) + 1

    def paragraph(self, offset: int) -> int:
        return max(1, bisect.bisect_right(self._paragraphs, offset))


def load_chronology(db: sqlite_utils.Database, title: str | None = None) -> Chronology:
    """Every accepted group with its claims, documents and conflicts (SELECTs only)."""
    groups = list(
        db.query(
            "SELECT id, title, event_date, date_precision, note, edited, changed_since_review "
            "FROM groups WHERE status = 'accepted' ORDER BY id"
        )
    )
    members: dict[int, list[dict[str, Any]]] = {}
    for row in db.query(
        """
        SELECT m.group_id, c.id, c.document_id, c.char_start, c.char_end, c.text,
               c.date_text, c.speaker
        FROM group_members m
        JOIN claims c ON c.id = m.claim_id
        JOIN groups g ON g.id = m.group_id
        WHERE g.status = 'accepted'
        """
    ):
        members.setdefault(row["group_id"], []).append(row)
    conflicts: dict[int, list[dict[str, Any]]] = {}
    for row in db.query(
        """
        SELECT f.* FROM conflicts f JOIN groups g ON g.id = f.group_id
        WHERE g.status = 'accepted' ORDER BY f.group_id, f.id
        """
    ):
        conflicts.setdefault(row["group_id"], []).append(row)

    document_ids = sorted({row["document_id"] for rows in members.values() for row in rows})
    documents: dict[int, Document] = {}
    texts: dict[int, _DocumentText] = {}
    for start in range(0, len(document_ids), 500):  # SQLite's bound-parameter limit
        chunk = document_ids[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        for row in db.query(
            "SELECT id, path, title, source, url, published, published_precision, text, "
            f"published_provenance, published_evidence FROM documents WHERE id IN ({marks})",
            chunk,
        ):
            documents[row["id"]] = Document(
                id=row["id"],
                path=row["path"],
                title=_clean(row["title"]),
                source=_clean(row["source"]),
                url=_clean(row["url"]),
                published=parse_date(row["published"], row["published_precision"]),
                published_provenance=row["published_provenance"],
                published_from=guessed_from(row["published_provenance"],
                                            row["published_evidence"]),
            )
            texts[row["id"]] = _DocumentText(row["text"])

    drafts = []
    for group in groups:
        rows = sorted(members.get(group["id"], []), key=_citation_key)
        group_conflicts = conflicts.get(group["id"], [])
        date = parse_date(group["event_date"], group["date_precision"])
        # conflicts.resolution is "the value the chronology will use": a resolved date
        # conflict decides the event's date even if the group row was not updated (a
        # database older than that rule), unless the reviewer typed the date by hand.
        typed = "event_date" in (_json(group["edited"], f"group {group['id']} edited") or [])
        for conflict in () if typed else group_conflicts:
            if conflict["kind"] == "date" and conflict["resolution"] is not None:
                resolved = parse_date(conflict["resolution"])
                if resolved:
                    date = resolved
                    break
        drafts.append((group, rows, group_conflicts, date))

    drafts.sort(key=lambda d: order_key(d[0]["id"], d[3]))
    events = []
    number = 0
    for group, rows, group_conflicts, date in drafts:
        citations = []
        for row in rows:
            number += 1
            text = texts[row["document_id"]]
            citations.append(
                Citation(
                    number=number,
                    claim_id=row["id"],
                    quote=row["text"],
                    document=documents[row["document_id"]],
                    char_start=row["char_start"],
                    char_end=row["char_end"],
                    line=text.line(row["char_start"]),
                    paragraph=text.paragraph(row["char_start"]),
                    date_text=row["date_text"],
                    speaker=row["speaker"],
                    span_ok=text.text[row["char_start"] : row["char_end"]] == row["text"],
                )
            )
        by_claim = {c.claim_id: c.number for c in citations}
        events.append(
            Event(
                group_id=group["id"],
                # A blank title (possible in the schema) would leave a bare date heading.
                title=_clean(group["title"]) or (citations[0].quote if citations else "(untitled)"),
                date=date,
                note=_clean(group["note"]),
                citations=tuple(citations),
                conflicts=tuple(_conflict(row, by_claim) for row in group_conflicts),
                changed_since_review=bool(group["changed_since_review"]),
                edited=tuple(_json(group["edited"], f"group {group['id']} edited") or []),
            )
        )
    last = db.execute("SELECT max(at) FROM decisions WHERE undone = 0").fetchone()[0]
    return Chronology(title=title or DEFAULT_TITLE, events=tuple(events), last_decision_at=last)


def _citation_key(row: dict[str, Any]) -> tuple:
    """Corpus order: by document, then by position in its text."""
    return (row["document_id"], row["char_start"], row["id"])


def _conflict(row: dict[str, Any], by_claim: dict[int, int]) -> Conflict:
    values = []
    for item in _json(row["values"], f"conflict {row['id']} values") or []:
        if not isinstance(item, dict):
            item = {"value": item}
        claim_ids = tuple(int(i) for i in item.get("claim_ids") or [])
        values.append(
            ConflictValue(
                value=item.get("value"),
                display=format_value(row["kind"], item.get("value")),
                claim_ids=claim_ids,
                document_ids=tuple(int(i) for i in item.get("document_ids") or []),
                citations=tuple(sorted(by_claim[i] for i in claim_ids if i in by_claim)),
            )
        )
    return Conflict(
        id=row["id"],
        kind=row["kind"],
        subject=row["subject"],
        values=tuple(values),
        claim_ids=tuple(int(i) for i in _json(row["claim_ids"], f"conflict {row['id']}") or []),
        resolution=row["resolution"],
    )


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


def summary_line(chronology: Chronology) -> str:
    """"5 events · 6 documents · 14 citations · as of the last review decision on …"."""
    parts = [
        count_of(len(chronology.events), "event"),
        count_of(len(chronology.documents), "document"),
        count_of(len(chronology.citations), "citation"),
    ]
    when = format_timestamp(chronology.last_decision_at)
    if when:
        parts.append(f"as of the last review decision, {when}")
    return " · ".join(parts)


def count_of(n: int, noun: str) -> str:
    """'1 event', '2 events': a count with its noun in the right number."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
