"""The chronology read from SQLite one event at a time, in constant memory.

Every format writes each event as it is read (:func:`open_chronology`); nothing holds the
whole chronology. What a format needs that is not in the event's own rows stays in a
database, never in Python objects:

- **Order.** ``ORDER BY`` the text of :func:`model.order_text`, computed by a function
  registered on the connection, then the group id: SQLite sorts (on disk when large).
- **Where each quote is.** Its line and paragraph need its document's text. A first pass
  reads the cited claims in document order, so each text is read once and only one is
  held at a time, and stages every citation with its location in a *scratch* database: a
  private temporary file on a connection of its own (the reader's connection only
  SELECTs, so ``total_changes`` stays 0 and a read-only database exports).
- **Counts** (the header every format writes before its events) come from that pass.

The events are then three cursors walked side by side in the same order: the accepted
groups and their conflicts from the database, the citations from the scratch. All of it
runs in one read transaction, so a writer committing meanwhile changes nothing seen.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import sqlite3
from collections.abc import Iterator
from typing import Any

import sqlite_utils

from ..dates.entry import PUBLISHED
from ..dates.expressions import compatible, weekday_slip
from ..dates.published import guessed_from
from ..group import counts_as_they_grew
from ..group.conflicts import RunningCount
from ..ingest.boilerplate import page_stamp_end
from ..text import SINCE_RESOLVED
from .model import (
    DEFAULT_TITLE,
    Chronology,
    Citation,
    Conflict,
    ConflictValue,
    Course,
    CourseStep,
    DataError,
    Document,
    Event,
    _clean,
    _DocumentText,
    _json,
    cut_of,
    event_date,
    format_value,
    order_text,
    parse_date,
    telling,
)

_ORDER_FN = "workbench_export_order"
_IS_DATE_FN = "workbench_export_is_date"
# The group's place in the chronology; the first resolution of a date conflict that reads
# as a date may decide the event's date (model.event_date).
_ORDER = f"""{_ORDER_FN}(g.event_date, g.date_precision, g.edited, (
    SELECT f.resolution FROM conflicts f
    WHERE f.group_id = g.id AND f.kind = 'date' AND f.resolution IS NOT NULL
      AND {_IS_DATE_FN}(f.resolution)
    ORDER BY f.id LIMIT 1))"""

_DOCUMENT_FIELDS = ("id", "path", "title", "source", "url", "published", "published_precision",
                    "published_provenance", "published_evidence", "external_id",
                    "format")  # fmt: skip
_CITE_FIELDS = ("k", "group_id", "document_id", "char_start", "claim_id", "char_end", "quote",
                "date_text", "speaker", "line", "paragraph", "span_ok", "cut",
                "fine_event", "date_slip")  # fmt: skip
# citation order: an event's sources in turn, each source's most telling claim first
# (model.telling: the one a reader is shown), then its others as its text has them
_CITE_ORDER = "k, group_id, document_id, later, char_start, claim_id"


def _edits(edited: Any, what: str) -> Any:
    """``groups.edited`` read; most groups were never edited by hand ("[]")."""
    return [] if edited == "[]" else _json(edited, what) or []


def _order(value: Any, precision: Any, edited: Any, resolution: Any) -> str:
    # only whether the reviewer typed the date matters here
    typed = isinstance(edited, str) and "event_date" in edited
    try:
        edits = _edits(edited, "") if typed else []
    except DataError:
        edits = []  # checked before any query sorts (``_check_rows``) and reported there
    return order_text(event_date(value, precision, edits, [resolution]))


def _is_date(value: Any) -> bool:
    return parse_date(value) is not None


class StreamedChronology:
    """The accepted events of a database, read in order each time :meth:`iter_events` is
    called; the counts are known before the first event (every header needs them)."""

    def __init__(self, db: sqlite_utils.Database, title: str | None, scratch: sqlite3.Connection,
                 notes: bool = True):
        self.conn = db.conn
        self.notes = notes  # the reviewers' notes (False: kept in, e.g. "verify with Reuters")
        self.scratch = scratch
        self.title = title or DEFAULT_TITLE
        self.last_decision_at = self.conn.execute(
            "SELECT max(at) FROM decisions WHERE undone = 0").fetchone()[0]
        self.event_count = self.conn.execute(
            "SELECT count(*) FROM groups WHERE status = 'accepted'").fetchone()[0]
        self.citation_count, self.document_count = _stage_citations(self.conn, scratch)
        # each source's most telling claim in each event: what --brief quotes
        self.lead_count = scratch.execute("SELECT count(*) FROM cite WHERE later = 0").fetchone()[0]
        self.unsettled_count = self.conn.execute(
            "SELECT count(DISTINCT g.id) FROM groups g JOIN conflicts f ON f.group_id = g.id "
            "WHERE g.status = 'accepted' AND f.resolution IS NULL").fetchone()[0]
        # a source cited with a guessed publication date: the legend says what "(inferred)"
        # means (only then: a chronology of dated pages has no such mark to explain)
        self.guessed_dates = scratch.execute(
            "SELECT 1 FROM doc WHERE published IS NOT NULL AND published_provenance != 'given' "
            "LIMIT 1").fetchone() is not None

    def _citation_rows(self) -> Iterator[tuple]:
        names = ", ".join(f"c.{n}" for n in _CITE_FIELDS)
        docs = ", ".join(f"d.{n}" for n in _DOCUMENT_FIELDS)
        yield from self.scratch.execute(
            f"SELECT {names}, c.later, {docs} FROM cite c JOIN doc d ON d.id = c.document_id "
            f"ORDER BY {', '.join(f'c.{n}' for n in _CITE_ORDER.split(', '))}")

    def iter_citations(self) -> Iterator[Citation]:
        """Every citation, numbered, in chronology order (the footnotes), from the scratch
        alone."""
        for number, row in enumerate(self._citation_rows(), start=1):
            yield _citation(number, row)

    def iter_events(self) -> Iterator[Event]:
        groups = self.conn.execute(
            "SELECT g.id, g.title, g.event_date, g.date_precision, g.note, g.edited, "
            f"g.changed_since_review, g.date_basis FROM groups g WHERE g.status = 'accepted' "
            f"ORDER BY {_ORDER}, g.id")
        conflicts = _Rows(self.conn.execute(
            'SELECT f.id, f.group_id, f.kind, f.subject, f."values", f.claim_ids, f.resolution '
            "FROM conflicts f JOIN groups g ON g.id = f.group_id "
            f"WHERE g.status = 'accepted' ORDER BY {_ORDER}, g.id, f.id"), 1)
        cites = _Rows(self._citation_rows(), 1)
        number = 0
        for gid, title, date_value, precision, note, edited, changed, basis in groups:
            group_conflicts = conflicts.take(gid)
            edits = _edits(edited, f"group {gid} edited")
            date = event_date(date_value, precision, edits,
                              (c[6] for c in group_conflicts if c[2] == "date"))
            citations = []
            for row in cites.take(gid):
                number += 1
                citations.append(_citation(number, row))
            by_claim = {c.claim_id: c.number for c in citations}
            yield Event(
                group_id=gid,
                # A blank title (possible in the schema) would leave a bare date heading.
                title=_clean(title) or (citations[0].quote if citations else "(untitled)"),
                date=date,
                note=_clean(note) if self.notes else None,
                citations=tuple(citations),
                conflicts=tuple(_conflict(row, by_claim) for row in group_conflicts),
                changed_since_review=bool(changed),
                edited=tuple(edits),
                date_reported=date is not None and basis == PUBLISHED,
                courses=tuple(_course(r, by_claim) for r in counts_as_they_grew(self.conn, gid)),
            )
        if conflicts.left() or cites.left():
            # the orders disagree: impossible inside one read transaction, so say so loudly
            raise RuntimeError("export: conflicts or citations left over after the last event")


class _Rows:
    """A cursor sorted like the groups, taken one group's rows at a time."""

    def __init__(self, rows, key: int):
        self._rows = iter(rows)
        self._key = key
        self._next = next(self._rows, None)

    def take(self, group_id: int) -> list[tuple]:
        out = []
        while self._next is not None and self._next[self._key] == group_id:
            out.append(self._next)
            self._next = next(self._rows, None)
        return out

    def left(self) -> bool:
        return self._next is not None


def _citation(number: int, row: tuple) -> Citation:
    (_k, _gid, _doc, char_start, claim_id, char_end, quote, date_text, speaker, line,
     paragraph, span_ok, cut, fine, slip, later, *doc) = row  # fmt: skip
    return Citation(number=number, claim_id=claim_id, quote=quote,
                    document=_document(tuple(doc)), char_start=char_start, char_end=char_end,
                    line=line, paragraph=paragraph, date_text=date_text, speaker=speaker,
                    span_ok=bool(span_ok), cut_before=bool(cut & 1), cut_after=bool(cut & 2),
                    fine_event=fine, lead=not later, date_slip=slip)


@functools.lru_cache(maxsize=64)  # a document cited by an event is often cited again soon
def _document(doc: tuple) -> Document:
    fields = dict(zip(_DOCUMENT_FIELDS, doc, strict=True))
    return Document(
        id=fields["id"],
        path=fields["path"],
        title=_clean(fields["title"]),
        source=_clean(fields["source"]),
        url=_clean(fields["url"]),
        published=parse_date(fields["published"], fields["published_precision"]),
        published_provenance=fields["published_provenance"],
        published_from=guessed_from(fields["published_provenance"],
                                    fields["published_evidence"]),
        external_id=_clean(fields["external_id"]),
        format=fields["format"] or "txt",
    )


def _course(found: RunningCount, by_claim: dict[int, int]) -> Course:
    return Course(found.subject, tuple(
        CourseStep(s.text, s.days, s.claim_ids,
                   tuple(sorted({by_claim[i] for i in s.claim_ids if i in by_claim})),
                   s.value, s.high, s.qualifier)
        for s in found.steps))


def _conflict(row: tuple, by_claim: dict[int, int]) -> Conflict:
    cid, _gid, kind, subject, values_json, claim_ids, resolution = row
    values = []
    for item in _json(values_json, f"conflict {cid} values") or []:
        if not isinstance(item, dict):
            item = {"value": item}
        ids = tuple(int(i) for i in item.get("claim_ids") or [])
        values.append(
            ConflictValue(
                value=item.get("value"),
                display=format_value(kind, item.get("value")),
                claim_ids=ids,
                document_ids=tuple(int(i) for i in item.get("document_ids") or []),
                citations=tuple(sorted(by_claim[i] for i in ids if i in by_claim)),
                since=tuple(int(i) for i in item.get(SINCE_RESOLVED) or []),
            )
        )
    return Conflict(
        id=cid,
        kind=kind,
        subject=subject,
        values=tuple(values),
        claim_ids=tuple(int(i) for i in _json(claim_ids, f"conflict {cid}") or []),
        resolution=resolution,
    )


def _check_rows(conn: sqlite3.Connection) -> None:
    """Raise :class:`DataError` for the first accepted row whose JSON cannot be read, before
    anything is written (a stream cannot take back what it wrote)."""
    for gid, edited in conn.execute(
        "SELECT id, edited FROM groups WHERE status = 'accepted' ORDER BY id"
    ):
        _edits(edited, f"group {gid} edited")
    for cid, values, claim_ids in conn.execute(
        'SELECT f.id, f."values", f.claim_ids FROM conflicts f JOIN groups g '
        "ON g.id = f.group_id WHERE g.status = 'accepted' ORDER BY f.group_id, f.id"
    ):
        _json(values, f"conflict {cid} values")
        _json(claim_ids, f"conflict {cid}")


def _stage_citations(conn: sqlite3.Connection, scratch: sqlite3.Connection) -> tuple[int, int]:
    """Copy every citation of an accepted group into the scratch, with its line, paragraph
    and whether its span still matches; returns (citations, documents cited)."""
    scratch.executescript(
        f"""
        CREATE TABLE doc ({", ".join(_DOCUMENT_FIELDS)}, PRIMARY KEY (id));
        CREATE TABLE cite ({", ".join(_CITE_FIELDS)}, on_day INTEGER NOT NULL,
                           later INTEGER NOT NULL DEFAULT 1);
        """
    )
    rows = conn.execute(
        f"""
        SELECT ev.k, m.group_id, c.document_id, c.char_start, c.id, c.char_end, c.text,
               c.date_text, c.speaker, coalesce(c.stated_date, c.date), ev.event_date,
               CASE WHEN m.pinned THEN NULL ELSE m.event END, c.date_base
        FROM (SELECT g.id, g.event_date, {_ORDER} AS k FROM groups g
              WHERE g.status = 'accepted') ev
        JOIN group_members m ON m.group_id = ev.id
        JOIN claims c ON c.id = m.claim_id
        ORDER BY c.document_id, c.char_start, c.id
        """
    )
    counts = [0, 0]  # citations, documents

    def staged() -> Iterator[tuple]:
        current: int | None = None
        text: _DocumentText | None = None
        for (k, gid, doc_id, start, claim_id, end, quote, date_text, speaker, own, day,
             fine, base) in rows:
            if doc_id != current:
                current = doc_id
                found = conn.execute(
                    f"SELECT {', '.join(_DOCUMENT_FIELDS)}, text FROM documents WHERE id = ?",
                    [doc_id]).fetchone()
                text = None if found is None else _DocumentText(found[-1])
                if found is not None:
                    counts[1] += 1
                    scratch.execute(f"INSERT INTO doc VALUES ({', '.join('?' * len(found[:-1]))})",
                                    found[:-1])
            if text is None:
                continue  # a claim of a document that is gone cannot be cited
            counts[0] += 1
            # a page's stamp the claim opens with ("7 November 2011 Last updated at 21:40
            # GMT Help Michael Jackson's former doctor has been found guilty"): the claim
            # keeps it (its day is the page's), the quote leaves it out as the title does,
            # cited from where the sentence starts and marked as cut
            stamp = page_stamp_end(quote)
            trimmed = 0 < stamp < len(quote) and bool(rest := quote[stamp:].lstrip())
            if trimmed:
                start, quote = start + len(quote) - len(rest), rest
            yield (k, gid, doc_id, start, claim_id, end, quote, date_text, speaker,
                   text.line(start), text.paragraph(start), int(text.text[start:end] == quote),
                   cut_of(text.text, start, end) | int(trimmed), fine,
                   weekday_slip(base)[1],
                   # its own words give the entry's date: the source's word on when
                   int(date_text is not None and bool(compatible(own, day))))

    # row by row, as they are read (a batch would be memory growing with its size)
    scratch.executemany(f"INSERT INTO cite ({', '.join(_CITE_FIELDS)}, on_day) "
                        f"VALUES ({', '.join('?' * (len(_CITE_FIELDS) + 1))})", staged())
    _mark_telling(conn, scratch)
    scratch.execute(f"CREATE INDEX cite_order ON cite ({_CITE_ORDER})")
    return counts[0], counts[1]


def _mark_telling(conn: sqlite3.Connection, scratch: sqlite3.Connection) -> None:
    """``later = 0`` on each source's most telling claim in each event (``model.telling``,
    the first of equals in the text), which the citation order puts first; in the source
    the entry's title is taken from, that claim (002's lead, which titles the June 2 talks,
    gave way to "Russia did not disclose its proposals ... during Monday's discussions")."""
    scratch.execute("CREATE TEMP TABLE telling (claim_id INTEGER PRIMARY KEY)")

    def best() -> Iterator[tuple[int]]:
        # both in group order, read in step: no table of every title held at once
        titles = conn.execute(
            "SELECT id, title, CASE WHEN edited LIKE '%\"title\"%' THEN NULL "
            "ELSE title_claim_id END FROM groups WHERE status = 'accepted' ORDER BY id")
        gid, title, titled = -1, "", None
        rows = scratch.execute("SELECT group_id, document_id, claim_id, quote, on_day "
                               "FROM cite ORDER BY group_id, document_id, char_start, claim_id")
        for (group, _doc), cited in itertools.groupby(rows, key=lambda r: r[:2]):
            while gid < group:
                gid, title, titled = next(titles, (group, "", None))
            rows_of = list(cited)
            if len(rows_of) == 1:  # one claim of the source (most): nothing to weigh
                yield (rows_of[0][2],)
                continue
            said = (title or "") if gid == group else ""  # (a blank title: the first wins)
            # the title's own claim, unless the reviewer wrote it (by its id: a title
            # leaves out a connective or a page's heading the claim keeps)
            own = titled if gid == group else None
            top = max(rows_of, key=lambda r: (r[2] == own, *telling(r[3], r[4], said)))
            yield (top[2],)

    scratch.executemany("INSERT OR IGNORE INTO telling VALUES (?)", best())
    scratch.execute("UPDATE cite SET later = 0 WHERE claim_id IN (SELECT claim_id FROM telling)")


@contextlib.contextmanager
def open_chronology(
    db: sqlite_utils.Database, title: str | None = None, notes: bool = True
) -> Iterator[StreamedChronology]:
    """The chronology of ``db``'s accepted groups, to be read while the ``with`` lasts.

    Raises :class:`DataError` (one line for the user) for a row it cannot read, before
    the first event. Only SELECTs on ``db``; the scratch is deleted on leaving.
    """
    conn = db.conn
    conn.create_function(_ORDER_FN, 4, _order, deterministic=True)
    conn.create_function(_IS_DATE_FN, 1, _is_date, deterministic=True)
    # "": a private temporary database on disk, deleted when closed; its page cache is
    # its memory, whatever the size of the chronology
    scratch = sqlite3.connect("", isolation_level=None)
    try:
        scratch.execute("PRAGMA journal_mode = OFF")
        scratch.execute("PRAGMA synchronous = OFF")
        with snapshot(conn):
            _check_rows(conn)
            yield StreamedChronology(db, title, scratch, notes)
    finally:
        scratch.close()


@contextlib.contextmanager
def snapshot(conn: sqlite3.Connection) -> Iterator[None]:
    """One read transaction around several queries, so that they all see the database as
    it was at the first (a build or the TUI may commit meanwhile); nothing is written."""
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN")
    try:
        yield
    finally:
        if own and conn.in_transaction:
            conn.execute("COMMIT")


def load_chronology(db: sqlite_utils.Database, title: str | None = None) -> Chronology:
    """Every accepted group with its claims, documents and conflicts, held in memory (for
    tests and small uses; the exporter streams :func:`open_chronology` instead)."""
    with open_chronology(db, title) as chronology:
        return Chronology(title=chronology.title, events=tuple(chronology.iter_events()),
                          last_decision_at=chronology.last_decision_at)
