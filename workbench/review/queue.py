"""The review queue: which groups, in what order, one page at a time.

Everything here is a read; the TUI calls it from thread workers with its own connection.
Pages are fetched with LIMIT/OFFSET so the screen never holds more than a window of rows,
which is what keeps a 100,000-group corpus as quick to open as a 100-group one.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import asdict, dataclass, replace
from typing import Any, NamedTuple

from ..dates.entry import PUBLISHED
from ..dates.expressions import RECENT_DAYS
from ..text import WANTS_REVIEW_SQL
from .actions import REVIEWER_ACTION_SQL

STATUSES = ("pending", "accepted", "rejected", "skipped")
# "Skip for later" means after the pending ones, but before what is already decided.
# decided last, what the chronology keeps (accepted) before what it leaves out
_STATUS_RANK = ("CASE g.status WHEN 'pending' THEN 0 WHEN 'skipped' THEN 1 "
                "WHEN 'accepted' THEN 2 ELSE 3 END")


class Sort(NamedTuple):
    label: str  # in menus: "Sort: <label>"
    short: str  # in the queue's title and the status line
    # Ascending SQL terms, NULL-free so that they compare as a row value (position() and
    # next_matching() ask "ordered before this group?"); the id last so paging is stable.
    terms: tuple[str, ...]


# A date in the chronology's order: a month after its days, a year after its months, as
# the export orders them (``export.model.order_text``, where "~" sorts after "-" and every
# digit): "2025-05" after "2025-05-31", not before "2025-05-16".
_IN_ORDER = "coalesce(g.event_date, '') || '~'"
# dates the sources state (or the reviewer set) first, then those only the publication of
# the first report gives ("~2025-06-08": each needs its date checked), then the undated
_BY_DATE = ("g.event_date IS NULL", f"coalesce(g.date_basis, '') = '{PUBLISHED}'",
            _IN_ORDER, "g.id")
# the chronology's order, a reported day among the stated ones ("t" to "by date": a tester
# met ~2025-05-22 after 2025-06-19 there), the undated last
_CHRONOLOGICAL = ("g.event_date IS NULL", _IN_ORDER, "g.id")
SORTS: dict[str, Sort] = {
    "queue": Sort("pending first, by date", "pending first", (_STATUS_RANK, *_BY_DATE)),
    "date": Sort("by date", "by date", _CHRONOLOGICAL),
    "sources": Sort("most sources first", "most sources", ("-g.sources", *_BY_DATE)),
    # what a large collection opens with: pending first, the entries a chronology most
    # likely needs first (``group.rank``), background last
    "importance": Sort("most important first (each day's best entry, then the next)",
                       "important first",
                       ("g.background", _STATUS_RANK, "-g.importance", "-g.sources",
                        *_BY_DATE)),
}
# A collection of at least this many documents opens sorted by importance: a reviewer
# cannot read thousands of candidate entries in date order.
LARGE_COLLECTION = 20


def default_sort(conn: sqlite3.Connection) -> str:
    """The order a collection opens with: by importance when it is large, else by date."""
    docs = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    return "importance" if docs >= LARGE_COLLECTION else "queue"


def _order_by(sort: str) -> str:
    return ", ".join(SORTS[sort].terms)


@dataclass(frozen=True)
class Filter:
    """What the reviewer wants to see; saved in settings so a reopened database resumes."""

    status: str | None = None  # one of STATUSES, or None for all
    conflicts_only: bool = False
    multi_source: bool = False
    changed_only: bool = False  # decided groups that got new evidence since
    source: str = ""  # substring of a member document's source, title or path
    date_from: str = ""  # ISO prefix, inclusive
    date_to: str = ""  # ISO prefix, inclusive (2025-06 includes every June day)
    search: str = ""  # full-text over claims and titles/notes
    sort: str = "queue"
    # the background list (claims that report no happening) instead of the entries
    background: bool = False

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Any) -> Filter:
        if not isinstance(data, dict):
            return cls()
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        try:
            flt = cls(**known)
        except TypeError:
            return cls()
        if flt.status not in (None, *STATUSES):
            flt = replace(flt, status=None)
        if flt.sort not in SORTS:
            flt = replace(flt, sort="queue")
        return flt

    def describe(self) -> str:
        """A short line for the status bar; empty when nothing narrows the queue."""
        parts = []
        if self.background:
            parts.append("background")
        if self.status:
            parts.append(self.status)
        if self.conflicts_only:
            parts.append("conflicts")
        if self.multi_source:
            parts.append("2+ sources")
        if self.changed_only:
            parts.append("new evidence")
        if self.source:
            parts.append(f"source~{self.source}")
        if self.date_from or self.date_to:
            parts.append(f"{self.date_from or '…'}..{self.date_to or '…'}")
        if self.search:
            # punctuation alone finds nothing to narrow by: said, not shown as a search
            # that somehow matched every entry
            parts.append(f"/{self.search}" + ("" if _WORD.search(self.search)
                                              else " (no word to find: all shown)"))
        return ", ".join(parts)

    def cleared(self) -> Filter:
        """The filter after one esc: the search, the rest kept, else all of it (a tester's
        date range went with every search they left); the order stays."""
        rest = replace(self, search="")
        return rest if self.search and rest.describe() else Filter(sort=self.sort)


@dataclass(frozen=True)
class QueueRow:
    id: int
    status: str
    event_date: str | None
    date_precision: str | None
    sources: int
    conflicts: int
    unresolved: int
    changed: bool
    title: str
    version: int
    reported: bool = False  # dated only by the day its first report was published


@dataclass
class Progress:
    total: int = 0
    pending: int = 0
    accepted: int = 0
    rejected: int = 0
    skipped: int = 0

    @property
    def reviewed(self) -> int:
        return self.accepted + self.rejected


_WORD = re.compile(r"\w+", re.UNICODE)  # a word as the search index (FTS5) splits text
_ABBREVIATION = re.compile(r"[^\W\d_](?:\.[^\W\d_])+\.?")  # "U.N.", "U.S"
# what a search looks for: a word, a number written with separators ("1,000", which the
# index holds as the words "1" and "000": searched as one, it is no "9-10,000") or an
# abbreviation written with dots (searched as one, "U.N." is no "U need")
_TERM = re.compile(r"\d+(?:[,.]\d+)+|" + _ABBREVIATION.pattern + r"|\w+", re.UNICODE)
_BARE_NUMBER = re.compile(r"\d{4,}")  # "200000", which reports write "200,000"
# a group's number, as messages name it ("moved 3 claims from #1786 to new group #3694"):
# a search for it finds that group, whatever its words
_GROUP_ID = re.compile(r"(?<!\w)#(\d+)\b")
# a day or a month as the queue shows them ("2010-01-12"): a search for it finds the
# groups of that date, as the finder and the filter's dates do (a tester typed one and got
# nothing, with no word why)
_SEARCH_DATE = re.compile(r"(?<![\w-])(\d{4}-\d{2}(?:-\d{2})?)(?![\w-])")


def search_ids(text: str) -> list[int]:
    """The group numbers a search names ("#3694")."""
    return [int(n) for n in _GROUP_ID.findall(text)]


def what_became_of(conn: sqlite3.Connection, search: str) -> list[str]:
    """What became of the groups a search names by number that no longer exist ("#28 was
    merged into #29"): a tester searched "/#28" after a merge and read only "no group
    matches"."""
    said = []
    for gid in search_ids(search):
        if conn.execute("SELECT 1 FROM groups WHERE id = ?", [gid]).fetchone():
            continue
        row = conn.execute(
            "SELECT group_id FROM decisions WHERE action = 'merge' AND undone = 0 "
            "AND json_type(before, '$.groups.\"' || ? || '\"') IS NOT NULL "
            "AND json_type(after, '$.groups.\"' || ? || '\"') = 'null' "
            "ORDER BY id DESC LIMIT 1", [gid, gid]).fetchone()
        said.append(f"#{gid} was merged into #{row[0]}" if row
                    else f"there is no group #{gid} now")
    return said


def search_dates(text: str) -> list[str]:
    """The days and months a search names ("2010-01-12")."""
    return _SEARCH_DATE.findall(text)


def _terms(text: str) -> list[str]:
    """The words, numbers and abbreviations a search looks for in the text (not the group
    numbers or the dates it names)."""
    return _TERM.findall(_SEARCH_DATE.sub(" ", _GROUP_ID.sub(" ", text)))


def _grouped(number: str) -> str:
    """"200000" -> "200 000": a number's parts as the index has "200,000"."""
    head = len(number) % 3 or 3
    return " ".join([number[:head], *(number[i:i + 3] for i in range(head, len(number), 3))])


def fts_query(text: str) -> str:
    """Turn what a person types into a safe FTS5 query: every word must match, as a prefix,
    a number written with separators as a phrase of its parts ("1,000": "1" then a word
    starting "000"), an abbreviation with dots as a phrase of its letters, whole ("U.N.":
    the words "u" then "n"). A number typed without separators ("200000") finds it
    written with them too.

    Quoting each token means punctuation or FTS operators in the input can never raise a
    syntax error in the middle of typing.
    """
    terms = []
    for t in _terms(text):
        star = "" if _ABBREVIATION.fullmatch(t) else "*"
        phrase = f'"{" ".join(_WORD.findall(t))}"{star}'
        if _BARE_NUMBER.fullmatch(t):
            phrase = f'({phrase} OR "{_grouped(t)}"*)'
        terms.append(phrase)
    return " AND ".join(terms)


def _forms(term: str) -> tuple[str, ...]:
    """The ways a word of the text may start for a search ``term`` to find it: case
    folded, and a number typed without separators as reports write it too ("200000":
    "200,000")."""
    term = term.casefold()
    if _BARE_NUMBER.fullmatch(term):
        return (term, _grouped(term).replace(" ", ","))
    return (term,)


def _words(text: str) -> list[re.Match[str]]:
    """The words of ``text`` a search term may start, as the index has them, and its
    numbers written with separators and abbreviations written with dots whole."""
    return [*_WORD.finditer(text),
            *(m for m in _TERM.finditer(text) if not m.group().isalnum())]


def first_match(texts: Iterable[str], search: str) -> int | None:
    """The index of the first text the search finds (every word it types starts a word of
    the text, as ``fts_query`` asks of the index), or None: in an entry of 270 claims the
    one a search found is where a reviewer wants to start."""
    tokens = [_forms(t) for t in _terms(search)]
    if not tokens:
        return None
    for i, text in enumerate(texts):
        words = [w.group().casefold() for w in _words(text)]
        if all(any(w.startswith(t) for w in words) for t in tokens):
            return i
    return None


def match_spans(text: str, search: str) -> list[tuple[int, int]]:
    """Where in ``text`` the words a search found are, as (start, end): each word that
    starts with one the search types (as ``fts_query`` asks of the index), so that the
    detail pane can show why a claim matched."""
    tokens = [_forms(t) for t in _terms(search)]
    if not tokens:
        return []
    found = {(m.start(), m.end()) for m in _words(text)
             if any(m.group().casefold().startswith(t) for t in tokens)}
    # a word inside a number found whole ("1" of "1,000") is marked once, with it
    return sorted(s for s in found
                  if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in found))


def _where(flt: Filter) -> tuple[str, list[Any]]:
    clauses: list[str] = ["g.background = ?"]
    params: list[Any] = [int(flt.background)]
    if flt.status:
        clauses.append("g.status = ?")
        params.append(flt.status)
    if flt.conflicts_only:
        clauses.append("EXISTS (SELECT 1 FROM conflicts c WHERE c.group_id = g.id)")
    if flt.multi_source:
        clauses.append("g.sources > 1")
    if flt.changed_only:
        clauses.append("g.changed_since_review = 1")
    if flt.source.strip():
        like = f"%{flt.source.strip()}%"
        clauses.append(
            "EXISTS (SELECT 1 FROM group_members m JOIN claims cl ON cl.id = m.claim_id "
            "JOIN documents d ON d.id = cl.document_id WHERE m.group_id = g.id AND "
            "(d.source LIKE ? OR d.title LIKE ? OR d.path LIKE ?))"
        )
        params += [like, like, like]
    # A group's date is an interval at its precision ("2025-06" is all of June): keep the
    # groups whose interval overlaps the range; '\uffff' sorts after every ISO suffix.
    if flt.date_from.strip():
        clauses.append("g.event_date || '\uffff' >= ?")
        params.append(flt.date_from.strip())
    if flt.date_to.strip():
        clauses.append("g.event_date <= ?")
        params.append(flt.date_to.strip() + "\uffff")
    if ids := search_ids(flt.search):
        clauses.append(f"g.id IN ({', '.join('?' * len(ids))})")
        params += ids
    for day in search_dates(flt.search):  # overlapping it, as a date range does
        clauses.append("g.event_date || '\uffff' >= ? AND g.event_date <= ?")
        params += [day, day + "\uffff"]
    query = fts_query(flt.search)
    if query:
        clauses.append(
            "g.id IN (SELECT rowid FROM groups_fts WHERE groups_fts MATCH ? "
            "UNION SELECT m.group_id FROM claims_fts JOIN group_members m "
            "ON m.claim_id = claims_fts.rowid WHERE claims_fts MATCH ?)"
        )
        params += [query, query]
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


# ``unresolved`` (the seventh): the conflicts that want the reviewer, open or settled and
# contradicted since (the queue's "⚠2", the jump to the next conflict)
_COLUMNS = f"""
    g.id, g.status, g.event_date, g.date_precision, g.sources,
    (SELECT count(*) FROM conflicts c WHERE c.group_id = g.id),
    (SELECT count(*) FROM conflicts c WHERE c.group_id = g.id AND {WANTS_REVIEW_SQL}),
    g.changed_since_review, g.title, g.version, g.date_basis
"""


def _row(r: tuple[Any, ...]) -> QueueRow:
    return QueueRow(
        id=r[0],
        status=r[1],
        event_date=r[2],
        date_precision=r[3],
        sources=r[4],
        conflicts=r[5],
        unresolved=r[6],
        changed=bool(r[7]),
        title=r[8],
        version=r[9],
        reported=r[10] == PUBLISHED,
    )


def queue_row(conn: sqlite3.Connection, group_id: int) -> QueueRow | None:
    """One group as the queue shows it (None if it is gone)."""
    r = conn.execute(f"SELECT {_COLUMNS} FROM groups g WHERE g.id = ?", [group_id]).fetchone()
    return _row(r) if r is not None else None


def count(conn: sqlite3.Connection, flt: Filter) -> int:
    where, params = _where(flt)
    return int(conn.execute(f"SELECT count(*) FROM groups g{where}", params).fetchone()[0])


def shows(conn: sqlite3.Connection, flt: Filter, group_id: int) -> bool:
    """Does the queue under ``flt`` hold group ``group_id``?"""
    where, params = _where(flt)
    return conn.execute(f"SELECT 1 FROM groups g{where} AND g.id = ?",
                        [*params, group_id]).fetchone() is not None


def _hidden_by(conn: sqlite3.Connection, flt: Filter,
               group_id: int) -> list[tuple[str, str]]:
    """What of ``flt`` leaves group ``group_id`` out of the queue: (the condition, in
    words) for each, its status first."""
    row = conn.execute("SELECT status, event_date, background FROM groups WHERE id = ?",
                       [group_id]).fetchone()
    if row is None:
        return []
    status, date, background = row
    base = Filter(sort=flt.sort, background=flt.background)
    said: list[tuple[str, str]] = []
    if bool(background) != flt.background:
        said.append(("background", "it is in the background list now" if background
                     else "it is an entry now, not background"))
        base = replace(base, background=bool(background))  # the rest, in its own list
    checks: list[tuple[Filter, str, str]] = [
        (replace(base, status=flt.status), "status", f"it is {status} now"),
        (replace(base, conflicts_only=flt.conflicts_only), "conflicts", "it has no conflict now"),
        (replace(base, multi_source=flt.multi_source), "sources", "it has one source now"),
        (replace(base, changed_only=flt.changed_only), "changed", "no new evidence marks it now"),
        (replace(base, source=flt.source), "source", f"no source of it matches “{flt.source}”"),
        (replace(base, date_from=flt.date_from, date_to=flt.date_to), "date",
         f"its date {date or '(undated)'} is not in "
         f"{flt.date_from or '…'}..{flt.date_to or '…'}"),
        (replace(base, search=flt.search), "search", f"/{flt.search} does not find it now"),
    ]
    said += [(what, why) for narrowed, what, why in checks
             if narrowed != base and not shows(conn, narrowed, group_id)]
    return said


# ``out_of_view`` when the status filter alone leaves the entry out: a reviewer who
# decides entries under "pending" sees each decided one go, as they asked
STATUS_ONLY = "its status"


def out_of_view(conn: sqlite3.Connection, flt: Filter, group_id: int,
                status_only: bool = False) -> str:
    """Why the queue under ``flt`` does not hold group ``group_id`` (the entry an action
    was just taken on, or the one its claims went to) and how to find it again: "its date
    2009-04-29 is not in 2009-03..2009-04-24; esc clears the filter, then /#869 finds it";
    "" when the queue holds it or it is gone. An edited date took an entry out of a date
    range, the cursor went on to the next row unsaid, and the next "a" accepted that.
    ``status_only``: :data:`STATUS_ONLY` when its status alone leaves it out (a decision
    under a status filter does what the reviewer asked: only where the cursor went is
    news)."""
    if shows(conn, flt, group_id):
        return ""
    hidden = _hidden_by(conn, flt, group_id)
    if status_only and [what for what, _ in hidden] == ["status"]:
        return STATUS_ONLY
    if not hidden:
        return ""
    find = f"/#{group_id} finds it"
    other = replace(flt, background=not flt.background)
    if shows(conn, other, group_id):  # the other list ("b"), the filter kept, holds it
        how = f"b shows {'the entries' if flt.background else 'the background'}, then {find}"
    else:
        # as many esc as it takes (a search goes first, the rest of the filter next)
        cleared, presses = flt, 0
        while cleared.describe() and not shows(conn, cleared, group_id):
            cleared, presses = cleared.cleared(), presses + 1
        esc = f"esc{' twice' if presses > 1 else ''} clears the filter"
        how = (f"{esc}, then {find}" if shows(conn, cleared, group_id)
               else f"{esc}, b shows the background, then {find}")
    return f"{'; '.join(why for _, why in hidden)}; {how}"


def page(conn: sqlite3.Connection, flt: Filter, offset: int, limit: int) -> list[QueueRow]:
    # The page's ids first, then their columns: the conflict counts in _COLUMNS are
    # subqueries, and SQLite would run them for every row it skips over before OFFSET.
    where, params = _where(flt)
    order = _order_by(flt.sort)
    sql = (
        f"SELECT {_COLUMNS} FROM groups g WHERE g.id IN ("
        f"SELECT g.id FROM groups g{where} ORDER BY {order} LIMIT ? OFFSET ?) ORDER BY {order}"
    )
    return [_row(r) for r in conn.execute(sql, [*params, limit, max(0, offset)])]


def _sort_key_clause(flt: Filter, group_id: int) -> tuple[str, list[Any]]:
    """SQL that is true for rows ordered strictly before ``group_id`` in ``flt.sort``."""
    terms = SORTS[flt.sort].terms
    mine = [t.replace("g.", "x.") for t in terms]
    lhs = "(" + ", ".join(terms) + ")"
    rhs = "(SELECT " + ", ".join(mine) + " FROM groups x WHERE x.id = ?)"
    return f"{lhs} < {rhs}", [group_id]


def position(conn: sqlite3.Connection, flt: Filter, group_id: int) -> int | None:
    """Index of ``group_id`` in the filtered, sorted queue (None if it is not in it)."""
    where, params = _where(flt)
    found = conn.execute(
        f"SELECT 1 FROM groups g{where}{' AND' if where else ' WHERE'} g.id = ?",
        [*params, group_id],
    ).fetchone()
    if not found:
        return None
    before, bparams = _sort_key_clause(flt, group_id)
    sql = f"SELECT count(*) FROM groups g{where}{' AND' if where else ' WHERE'} {before}"
    return int(conn.execute(sql, [*params, *bparams]).fetchone()[0])


def next_matching(
    conn: sqlite3.Connection,
    flt: Filter,
    after_id: int | None,
    *,
    pending: bool = False,
    conflict: bool = False,
    wrap: bool = True,
) -> int | None:
    """The next group after ``after_id`` in queue order that is pending / has a conflict
    that wants the reviewer (unresolved, or settled and contradicted since: ``text.
    WANTS_REVIEW_SQL``); wraps around to the top when ``wrap``."""
    where, params = _where(flt)
    extra = []
    if pending:
        extra.append("g.status = 'pending'")
    if conflict:
        extra.append(
            f"EXISTS (SELECT 1 FROM conflicts c WHERE c.group_id = g.id AND {WANTS_REVIEW_SQL})"
        )
    base = where + (" AND " if where else " WHERE ") + " AND ".join(extra or ["1"])
    order = _order_by(flt.sort)
    if after_id is not None:
        before, bparams = _sort_key_clause(flt, after_id)
        sql = (
            f"SELECT g.id FROM groups g{base} AND NOT ({before}) AND g.id != ? "
            f"ORDER BY {order} LIMIT 1"
        )
        row = conn.execute(sql, [*params, *bparams, after_id]).fetchone()
        if row or not wrap:
            return row[0] if row else None
    row = conn.execute(
        f"SELECT g.id FROM groups g{base} ORDER BY {order} LIMIT 1", params
    ).fetchone()
    return row[0] if row else None


def undecided_versions(conn: sqlite3.Connection, flt: Filter) -> dict[int, int]:
    """{id: version} of every pending or skipped group the filter shows: what a bulk
    decision "on everything shown" acts on (decided groups are never swept up)."""
    where, params = _where(flt)
    sql = (f"SELECT g.id, g.version FROM groups g{where}{' AND' if where else ' WHERE'} "
           "g.status IN ('pending', 'skipped')")
    return dict(conn.execute(sql, params).fetchall())


def progress(conn: sqlite3.Connection) -> Progress:
    # the chronology's entries: background is not to be reviewed, only looked through
    counts = dict(conn.execute(
        "SELECT status, count(*) FROM groups WHERE background = 0 GROUP BY status").fetchall())
    return Progress(
        total=sum(counts.values()),
        pending=counts.get("pending", 0),
        accepted=counts.get("accepted", 0),
        rejected=counts.get("rejected", 0),
        skipped=counts.get("skipped", 0),
    )


def resume_group(conn: sqlite3.Connection, flt: Filter) -> int | None:
    """Where a reopened session lands: the first pending group after the last decision.

    "After" is in date order (the order a reviewer works through a chronology), falling
    back to the first pending group, then to the top of the queue.
    """
    last = conn.execute(
        "SELECT d.group_id FROM decisions d JOIN groups g ON g.id = d.group_id "
        f"WHERE d.undone = 0 AND d.{REVIEWER_ACTION_SQL} "
        "ORDER BY d.id DESC LIMIT 1"
    ).fetchone()
    where, params = _where(flt)
    pend = where + (" AND " if where else " WHERE ") + "g.status = 'pending'"
    if last:
        # date order as the queue's (stated days, then reported ones, then undated)
        mine = ", ".join(t.replace("g.", "x.") for t in _BY_DATE)
        row = conn.execute(
            f"SELECT g.id FROM groups g{pend} AND ({', '.join(_BY_DATE)}) > "
            f"(SELECT {mine} FROM groups x WHERE x.id = ?) "
            f"ORDER BY {', '.join(_BY_DATE)} LIMIT 1",
            [*params, last[0]],
        ).fetchone()
        if row:
            return int(row[0])
    row = conn.execute(
        f"SELECT g.id FROM groups g{pend} ORDER BY {_order_by(flt.sort)} LIMIT 1", params
    ).fetchone()
    if row:
        return int(row[0])
    row = conn.execute(
        f"SELECT g.id FROM groups g{where} ORDER BY {_order_by(flt.sort)} LIMIT 1", params
    ).fetchone()
    return row[0] if row else None


@dataclass(frozen=True)
class TimelineBucket:
    key: str  # ISO first day of the bucket: the day, the week's Monday, the 1st of the month...
    pending: int
    accepted: int
    other: int
    # events dated only to a month that holds (part of) this bucket: they have no day, so
    # they are drawn over their whole month rather than left out
    month_pending: int = 0
    month_accepted: int = 0

    @property
    def total(self) -> int:
        return self.pending + self.accepted + self.other


@dataclass(frozen=True)
class Timeline:
    """What the strip draws: the bucket size, the buckets in order, how many dated
    entries lie too far before or after the story to be drawn (``story_span``), and how
    many pending and accepted entries it leaves out because only their first report's
    day dates them (``date_basis`` = published, "~" in the queue)."""

    bucket: str
    buckets: list[TimelineBucket]
    earlier: int = 0
    later: int = 0
    reported_pending: int = 0  # (skipped ones with them, as the strip's pending row)
    reported_accepted: int = 0

    @property
    def busiest(self) -> str | None:
        """The first day of the bucket with the most entries (the dialogs' example date)."""
        best = max(self.buckets, key=lambda b: b.total, default=None)
        return best.key if best is not None and best.total else None


# at most this share of the dated entries is counted off the strip's ends (``story_span``)
OFF_STRIP_SHARE = 0.1


def story_span(counts: dict[dt.date, int]) -> tuple[dt.date, dt.date]:
    """The days the strip runs over: every dated entry's, unless a few (at most
    ``OFF_STRIP_SHARE`` of them) lie further from the rest than the rest's own span, and
    more than ``RECENT_DAYS`` from it (a 1918 quake recalled in a 2010 story; a founder's
    birth in a company's news). Those are counted at the strip's ends, not drawn, so the
    story's weeks are not squeezed into one column of a century."""
    days = sorted(counts)
    each = [day for day in days for _ in range(counts[day])]  # every entry's day, in order
    keep = len(each) - int(len(each) * OFF_STRIP_SHARE)
    # the narrowest run of ``keep`` consecutive entries: the story's core
    lo, hi = min(((each[i], each[i + keep - 1]) for i in range(len(each) - keep + 1)),
                 key=lambda w: w[1] - w[0])
    # never closer than the fortnight news reports a happening within
    reach = max(hi - lo, dt.timedelta(days=RECENT_DAYS))
    # (a date a reviewer typed may sit at the calendar's ends: 0001-01-01, 9999-12-31)
    low = lo - reach if lo - dt.date.min > reach else dt.date.min
    high = hi + reach if dt.date.max - hi > reach else dt.date.max
    inside = [d for d in days if low <= d <= high]
    return inside[0], inside[-1]


def timeline(conn: sqlite3.Connection, bucket: str = "auto") -> Timeline:
    """Entries per day, week, month or year over the corpus (background left out; days
    only a report's publication gives counted as ``reported_pending`` /
    ``reported_accepted``, not drawn); a
    month-dated group is counted in every bucket of its month (``month_pending`` /
    ``month_accepted``), apart from the day-dated ones.

    ``bucket`` is one of those or "auto": days when the story spans under a year (the
    strip folds them into columns of several days when the screen is narrower),
    weeks under ~2 years, months under ~150 years, else years, so that every dated event
    has its place however long the story (a profile runs from a birth in 1955 to 2011).
    The buckets run in order, gaps included so the strip is a true time axis, over the
    story's span (``story_span``); entries outside it are counted as ``earlier`` and
    ``later``.
    """
    # (one pass over the day-dated entries: those a report's day dates are only counted)
    dated = conn.execute(
        "SELECT substr(event_date, 1, 10) AS d, status, "
        f"coalesce(date_basis, '') = '{PUBLISHED}' AS reported, count(*) FROM groups "
        "WHERE length(event_date) >= 10 AND background = 0 GROUP BY d, status, reported"
    ).fetchall()
    rows = [(d, status, n) for d, status, by_report, n in dated if not by_report]
    reported: dict[str, int] = {}
    for _d, status, by_report, n in dated:
        if by_report:
            reported[status] = reported.get(status, 0) + n
    reported_pending = reported.get("pending", 0) + reported.get("skipped", 0)
    reported_accepted = reported.get("accepted", 0)
    month_rows = conn.execute(
        "SELECT event_date, status, count(*) FROM groups WHERE length(event_date) = 7 "
        "AND background = 0 GROUP BY event_date, status"
    ).fetchall()
    days: dict[dt.date, dict[str, int]] = {}
    for d, status, n in rows:
        try:
            day = dt.date.fromisoformat(d)
        except ValueError:
            continue
        days.setdefault(day, {})[status] = days.get(day, {}).get(status, 0) + n
    months: dict[tuple[dt.date, dt.date], dict[str, int]] = {}
    for m, status, n in month_rows:
        try:
            start = dt.date.fromisoformat(f"{m}-01")
        except ValueError:
            continue
        end = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1) \
            - dt.timedelta(days=1)
        slot = months.setdefault((start, end), {})
        slot[status] = slot.get(status, 0) + n
    if not days and not months:
        return Timeline("day", [], reported_pending=reported_pending,
                        reported_accepted=reported_accepted)
    entries: dict[dt.date, int] = {day: sum(c.values()) for day, c in days.items()}
    for (start, _end), c in months.items():  # a month-dated entry counts at its 1st
        entries[start] = entries.get(start, 0) + sum(c.values())
    low, high = story_span(entries)
    # a month the span begins inside is drawn over its days, not counted off the strip
    earlier = (sum(sum(c.values()) for day, c in days.items() if day < low)
               + sum(sum(c.values()) for (_start, end), c in months.items() if end < low))
    later = (sum(sum(c.values()) for day, c in days.items() if day > high)
             + sum(sum(c.values()) for (start, _end), c in months.items() if start > high))
    # entries dated by their year alone, outside the span's years, are off the strip too
    # (a tester counted 72 entries of 2009 and before where the strip said "8 earlier")
    for year, n in conn.execute(
            "SELECT event_date, count(*) FROM groups WHERE length(event_date) = 4 "
            "AND background = 0 GROUP BY event_date"):
        if str(year).isdigit():
            earlier += n if int(year) < low.year else 0
            later += n if int(year) > high.year else 0
    days = {day: c for day, c in days.items() if low <= day <= high}
    months = {(start, end): c for (start, end), c in months.items()
              if not (end < low or start > high)}
    if days:
        first, last = min(days), max(days)
    else:
        first, last = min(s for s, _e in months), max(e for _s, e in months)
    for start, end in months:
        if end < first or start > last:  # a month no dated day falls in: make room for it
            first, last = min(first, start), max(last, end)
    if bucket == "auto":
        span = (last - first).days
        bucket = ("day" if span <= 366 else "week" if span <= 730
                  else "month" if span <= 150 * 365 else "year")

    def after(day: dt.date) -> dt.date:
        if bucket in ("day", "week"):
            return day + dt.timedelta(days=1 if bucket == "day" else 7)
        if bucket == "month":
            return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
        return dt.date(day.year + 1, 1, 1)

    merged: dict[dt.date, dict[str, int]] = {}
    for day, counts in days.items():
        slot = merged.setdefault(_bucket_start(day, bucket), {})
        for status, n in counts.items():
            slot[status] = slot.get(status, 0) + n
    out: list[TimelineBucket] = []
    cur, end = _bucket_start(first, bucket), _bucket_start(last, bucket)
    while cur <= end:
        c = merged.get(cur, {})
        try:
            nxt = after(cur)
        except ValueError:  # past 9999-12-31
            nxt = dt.date.max
        over = [n for (start, stop), n in months.items() if start < nxt and stop >= cur]
        out.append(
            TimelineBucket(
                key=cur.isoformat(),
                pending=c.get("pending", 0) + c.get("skipped", 0),
                accepted=c.get("accepted", 0),
                other=c.get("rejected", 0),
                month_pending=sum(n.get("pending", 0) + n.get("skipped", 0) for n in over),
                month_accepted=sum(n.get("accepted", 0) for n in over),
            )
        )
        if nxt == dt.date.max:
            break
        cur = nxt
    return Timeline(bucket, out, earlier, later, reported_pending, reported_accepted)


def bucket_of(event_date: str | None, bucket: str) -> str | None:
    """The timeline bucket key a group's date falls in: the ISO first day of its day,
    week (Monday), month or year; a month-dated group's is its first day's (None for a
    year)."""
    if not event_date or len(event_date) < 7:
        return None
    try:
        day = dt.date.fromisoformat(event_date[:10] if len(event_date) >= 10
                                    else f"{event_date[:7]}-01")
    except ValueError:
        return None
    return _bucket_start(day, bucket).isoformat()


def _bucket_start(day: dt.date, bucket: str) -> dt.date:
    if bucket == "week":
        return day - dt.timedelta(days=day.weekday())
    if bucket == "month":
        return day.replace(day=1)
    if bucket == "year":
        return day.replace(month=1, day=1)
    return day


class FinderItem(NamedTuple):  # a tuple: building 100,000 of them must be quick
    id: int
    title: str
    event_date: str | None
    status: str
    sources: int
    background: int = 0  # 1: background (merging an entry into it makes it an entry)
    reported: int = 0  # 1: dated only by its first report's day ("~2025-06-07" in the queue)


class FinderIndex(NamedTuple):
    items: list[FinderItem]
    keys: list[str]  # "date title" of each item, already through rapidfuzz's processor


def finder_index(conn: sqlite3.Connection) -> FinderIndex:
    """Every group, once per finder session; matching then runs in memory per keystroke,
    over strings processed here once rather than on every keystroke."""
    from rapidfuzz import utils

    items = [
        FinderItem(*r)
        for r in conn.execute(
            "SELECT id, title, event_date, status, sources, background, "
            f"coalesce(date_basis, '') = '{PUBLISHED}' FROM groups ORDER BY id"
        )
    ]
    keys = [utils.default_process(f"{it.event_date or ''} {it.title}") for it in items]
    return FinderIndex(items, keys)


# How far below the best a finder match may score and still count as a good one (of 100).
GOOD_MATCH = 15.0


def finder_match(
    index: FinderIndex,
    query: str,
    *,
    exclude: AbstractSet[int] = frozenset(),
    limit: int = 50,
    rejected: bool = False,
) -> list[FinderItem]:
    """Fuzzy match over "date title". Words in any order ("border june 7") are served by
    token_set_ratio in one C-speed pass; the shortlist is reranked with WRatio, which
    forgives typos ("istambul")."""
    from rapidfuzz import fuzz, process, utils

    items = index.items
    # "#41" is group 41, as the messages and the pane's suggestions name groups: it comes
    # first, whatever its title (a tester typed "#26" and merged into #28, the top row)
    wanted = set(search_ids(query))
    named = [it for it in items if it.id in wanted and it.id not in exclude
             and (rejected or it.status != "rejected")] if wanted else []
    if wanted:
        query = _GROUP_ID.sub(" ", query)
        if not query.strip():
            return named[:limit]
    q = utils.default_process(query)
    # Excluded groups are dropped from the shortlist, not from the choices: a few marked
    # groups are cheaper to skip afterwards than 100,000 choices to copy on each keystroke.
    shortlist = [
        hit
        for hit in process.extract(
            q,
            index.keys,
            scorer=fuzz.token_set_ratio,
            processor=None,
            limit=limit * 4 + len(exclude),
        )
        if items[hit[2]].id not in exclude and (rejected or items[hit[2]].status != "rejected")
    ][: limit * 4]

    scores = {i: 0.7 * first + 0.3 * fuzz.WRatio(q, text, processor=None)
              for text, first, i in shortlist}
    best = max(scores.values(), default=0.0)
    typed = " ".join(query.split()).casefold()

    def rank(i: int) -> tuple[bool, int, bool, float, int]:
        # Among the good matches (near the best), the entries come before the background,
        # as with nothing typed: "talks" matched a one-line background fragment ("The talks
        # ended.") above the occasion it was to be merged into; and a title that begins
        # with what was typed before the others (a tester typed the start of an accepted
        # title word for word and found it second or lower, three times). Weaker follow.
        opens = len(typed) >= 3 and " ".join(items[i].title.split()).casefold().startswith(typed)
        return (scores[i] < best - GOOD_MATCH, items[i].background, not opens, -scores[i],
                items[i].id)

    return (named + [items[i] for i in sorted(scores, key=rank)
                     if items[i].id not in wanted])[:limit]


def finder_nearest(
    conn: sqlite3.Connection,
    near: str | None,
    *,
    exclude: AbstractSet[int] = frozenset(),
    limit: int = 50,
    rejected: bool = False,
    like: int | None = None,
) -> list[FinderItem]:
    """With nothing typed: the groups most like group ``like`` first (the suggested
    merges' likeness), then the groups nearest in date (merges are nearly always between
    events close in time), or the first groups by date; in each, the entries before the
    background (a reviewer merges into an occasion far more often than into commentary).
    Rejected groups only if asked."""
    from .suggest import suggest_merges

    cols = ("id, title, event_date, status, sources, background, "
            f"coalesce(date_basis, '') = '{PUBLISHED}'")
    first: list[FinderItem] = []
    if like is not None:
        suggested = [s for s in suggest_merges(conn, like, limit=10, include_rejected=rejected)
                     if s.id not in exclude]
        flags = {r[0]: (r[1], r[2]) for r in conn.execute(
            f"SELECT id, background, coalesce(date_basis, '') = '{PUBLISHED}' FROM groups "
            f"WHERE id IN ({','.join('?' * len(suggested))})", [s.id for s in suggested])}
        first = sorted((FinderItem(s.id, s.title, s.event_date, s.status, s.sources,
                                   *flags.get(s.id, (0, 0))) for s in suggested),
                       key=lambda f: f.background)
    exclude = set(exclude) | {f.id for f in first}
    hide = "" if rejected else " AND status != 'rejected'"
    if near:
        rows = conn.execute(
            f"SELECT {cols} FROM groups WHERE event_date IS NOT NULL{hide} "
            "ORDER BY background, abs(julianday(substr(event_date || '-01-01', 1, 10)) - "
            "julianday(substr(? || '-01-01', 1, 10))), id LIMIT ?",
            [near, limit + len(exclude)],
        ).fetchall()
    else:
        rows = conn.execute(
            f"SELECT {cols} FROM groups WHERE 1{hide} "
            "ORDER BY background, event_date IS NULL, event_date, id LIMIT ?",
            [limit + len(exclude)],
        ).fetchall()
    return (first + [FinderItem(*r) for r in rows if r[0] not in exclude])[:limit]
