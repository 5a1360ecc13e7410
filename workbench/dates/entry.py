"""An entry's date: what its members' own words support, and the dates it gives them back.

Pure functions over claim rows (dicts as read from the ``claims`` table). The sources' own
dates (``explicit``/``relative``: the claim states them) are the only evidence; a
publication date never is. From them:

- ``consensus_date``: the date most sources support (the entry's date); with no source
  stating one, ``event_date`` gives the day the entry was first reported, marked so
  (basis ``published``): shown, never evidence;
- ``settle``: the dates an entry gives members that do not state one at its precision:
  a bare weekday pinned to the entry's day, a publication date replaced by the earlier
  day other sources give, a year or month sharpened to the day inside it, an undated
  sentence told as part of the occasion. Each is marked (provenance ``corroborated`` or
  ``carried``, with a note) and never counts as evidence; each is given back when the
  entry no longer says so.
"""

from __future__ import annotations

import collections
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from .expressions import (
    DOCUMENT_DATE_NOTE,
    RECENT_DAYS,
    compatible,
    in_part,
    no_calendar_day,
    precision_of,
    to_date,
    unplaceable,
    weekday_of,
)

# Provenances of a date the claim's own words give.
EVIDENCE = ("explicit", "relative")
BACKGROUND_NOTE = "not the publication date"


def _sources(n: int) -> str:
    """"1 other source", "2 other sources" (a note said "1 other source(s)")."""
    return f"{n} other source{'s' if n != 1 else ''}"


def stated(claim: dict[str, Any]) -> dict[str, Any]:
    """The claim as its source dates it. A claim whose group made its date sharper keeps
    what its source gives in ``stated_date``/``stated_provenance``: a year or month
    (``refine_resolutions``), or no date for a bare weekday (``weekday_resolutions``)."""
    if not claim.get("stated_provenance"):
        return claim
    return {**claim, "date": claim["stated_date"],
            "date_precision": precision_of(claim["stated_date"]),
            "date_provenance": claim["stated_provenance"]}


def refined(claim: dict[str, Any]) -> bool:
    """Is the claim's date one its group made sharper than its source gives?"""
    return bool(claim.get("stated_provenance"))


def own_date(claim: dict[str, Any]) -> bool:
    """Does the claim state its date itself? (A date ``carried`` from the story's lead or
    ``corroborated`` by other sources' evidence never counts as evidence; a date its group
    made sharper counts at the precision its source gives.)"""
    c = stated(claim)
    return bool(c["date"]) and c["date_provenance"] in EVIDENCE


_GIVEN_BASE = re.compile(r"(\d{4}-\d{2}-\d{2}) \(given\)")


def days_news(claim: dict[str, Any]) -> bool:
    """Does the claim date itself to its publication day or the day before, read against a
    publication date its source gave ("told the court on Thursday", published on
    Thursday)? A report of the day's news: its day is what its publication makes it, the
    one day no reading of the story mistakes."""
    c = stated(claim)
    if c["date_provenance"] not in EVIDENCE or not c["date"] or len(c["date"]) != 10:
        return False
    found = _GIVEN_BASE.search(claim.get("date_base") or "")
    if found is None:
        return False
    try:
        lag = (dt.date.fromisoformat(found.group(1)) - dt.date.fromisoformat(c["date"])).days
    except ValueError:
        return False
    return 0 <= lag <= 1


def evidence_dates(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The claims that state their date, each with the date as its source states it."""
    return [stated(c) for c in claims if own_date(c)]


def consensus_date(claims: list[dict[str, Any]]) -> tuple[str | None, str | None]:
    """The date most sources support: day-level values are backed by compatible coarser ones."""
    dated = evidence_dates(claims)
    if not dated:
        return None, None
    support: dict[str, set[int]] = collections.defaultdict(set)
    for c in dated:
        support[c["date"]].add(c["document_id"])
    # a source that says only "on Monday" cannot date the event, but it says which weekday
    weekdays = {(c["document_id"], wd) for c in claims if c["date"] is None
                and c["date_provenance"] == "relative" and c.get("date_text")
                and (wd := weekday_of(c["date_text"])) is not None}
    said = collections.Counter(c["date"] for c in dated)
    placed = collections.Counter(c["date"] for c in claims if c["date"])

    def backing(value: str) -> tuple[int, int, int, int, int]:
        """Documents whose date agrees with ``value``, then the finer value, then the other
        documents that name its weekday (June 2 against May 22nd, one source each: the
        report of "the talks on Monday" settles it), then how often the sources say it,
        then how many of the entry's sentences are told on it, dated by their own words or
        by their story (one sentence on the May 16 talks moved into the June 19 swap's
        entry, one source against one, dated it May 16)."""
        docs = set()
        for other, ds in support.items():
            if compatible(value, other):
                docs |= ds
        day = to_date(value) if len(value) == 10 else None
        named = {d for d, wd in weekdays if day is not None and day.weekday() == wd} - docs
        told = sum(n for d, n in placed.items() if compatible(value, d))
        return (len(docs), len(value), len(named), said[value], told)

    best = max(sorted(support), key=backing)
    # A coarser value is backed by every finer one, so one source giving another day made
    # the month win over the day nine others give. It is made sharper again while one
    # finer value has most of the sources that state a finer one: the dissent stays a
    # conflict, shown as one, and the entry keeps the day most sources give.
    while len(best) < 10:
        children: dict[str, set[int]] = collections.defaultdict(set)
        for value, ds in support.items():
            if len(value) > len(best) and compatible(value, best):
                children[value[:len(best) + 3]] |= ds  # "2010" -> "2010-01" -> "2010-01-12"
        stating = set().union(*children.values())
        leader = max(sorted(children), key=lambda v: len(children[v]), default=None)
        if leader is None or 2 * len(children[leader]) <= len(stating):
            break
        best = leader
    precision = precision_of(best)
    return best, precision


def reported_day(claims: list[dict[str, Any]],
                 published: dict[int, str | None]) -> str | None:
    """The day an entry was first reported: the earliest publication day of its sources.
    News tells what just happened without saying when ("Russia launched a record 479
    drones"): an occasion no source dates happened on or just before that day. A claim
    whose time no calendar day holds ("founded 7,000 years ago") was not."""
    days = [d for c in claims if (d := published.get(c["document_id"])) and len(d) == 10
            and not no_calendar_day(c.get("date_base"))]
    return min(days, default=None)


# How an entry's date is known (``groups.date_basis``): its sources state it; none does and
# it is the day its first report was published; the reviewer typed it.
SOURCES, PUBLISHED, REVIEWER = "sources", "published", "reviewer"


def event_date(claims: list[dict[str, Any]], chosen: str | None,
               published: dict[int, str | None] | None = None,
               ) -> tuple[str | None, str | None, str | None]:
    """A group's event (date, precision, basis): the value a reviewer chose for its date
    conflict ("the value the chronology uses"), else the sources' consensus, else (given
    the publication dates) the day it was first reported (``reported_day``)."""
    if chosen:
        return chosen, precision_of(chosen), SOURCES
    date, precision = consensus_date(claims)
    if date is not None:
        return date, precision, SOURCES
    day = reported_day(claims, published or {})
    return (day, "day", PUBLISHED) if day else (None, None, None)


def weekday_resolutions(claims: list[dict[str, Any]], consensus: str | None,
                        precision: str | None,
                        published: dict[int, str | None]) -> dict[int, str | None]:
    """Claims whose unresolved weekday ("on Monday") the group's evidence pins down.

    The group's day-level date must fall on that weekday, be given by another document,
    and not lie before the document's (inferred) date lower bound minus a week. A pinned
    claim keeps its source's own reading (``stated_provenance`` 'relative', no date) and
    goes back to it once the group no longer gives such a day. Returns claim id → the day
    to show, or None to unpin.
    """
    day = to_date(consensus) if precision == "day" and consensus else None
    others = ({c["document_id"] for c in evidence_dates(claims) if compatible(c["date"], consensus)}
              if day else set())
    out: dict[int, str | None] = {}
    for claim in claims:
        c = stated(claim)
        if c["date"] or c["date_provenance"] != "relative" or not c["date_text"]:
            continue
        wd = weekday_of(c["date_text"])
        floor = to_date(published.get(c["document_id"]))
        pinned = (day is not None and wd == day.weekday() and bool(others - {c["document_id"]})
                  and not (floor and day < floor - dt.timedelta(days=7)))
        if pinned and claim["date"] != consensus:
            out[c["id"]] = consensus
        elif not pinned and refined(claim):
            out[c["id"]] = None
    return out


def recalled(claim: dict[str, Any]) -> bool:
    """Was the claim's publication date replaced by its group's day (see below)?"""
    return claim["date_provenance"] == "corroborated" and (
        claim["date_base"] or "").startswith(BACKGROUND_NOTE)


def background_resolutions(claims: list[dict[str, Any]], consensus: str | None,
                           precision: str | None,
                           published: dict[int, str | None]) -> dict[int, tuple[str, str, str]]:
    """Undated claims dated only by their article's publication date whose event other
    sources date to a day well before it: "This was Jobs' third period of medical leave",
    published in August, in a group another source dates to January 17.

    The day must be the group's consensus, stated by another document, and more than
    ``RECENT_DAYS`` before publication (a report without a date tells recent news; one
    grouped with an event months earlier recalls it). A claim set this way goes back to
    its publication date once its group no longer says so.
    Returns claim id → (date, provenance, note).
    """
    day = to_date(consensus) if precision == "day" and consensus else None
    others = ({c["document_id"] for c in evidence_dates(claims) if c["date"] == consensus}
              if day else set())
    out: dict[int, tuple[str, str, str]] = {}
    for c in claims:
        own_pub = published.get(c["document_id"])
        background = recalled(c)
        if c["date_provenance"] != "document" and not background:
            continue
        pub_day = to_date(own_pub) if own_pub and precision_of(own_pub) == "day" else None
        support = others - {c["document_id"]}
        if (consensus and day and pub_day and support
                and day <= pub_day - dt.timedelta(days=RECENT_DAYS + 1)):
            note = (f"{BACKGROUND_NOTE} {own_pub}: {_sources(len(support))} date this "
                    f"event to {consensus}")
            if (c["date"], c["date_base"]) != (consensus, note):
                out[c["id"]] = (consensus, "corroborated", note)
        elif background and own_pub:
            out[c["id"]] = (own_pub, "document", DOCUMENT_DATE_NOTE)
    return out


OCCASION_NOTE = "the occasion its entry reports"
# a date carried from the day a sentence just before names (``extract.claims``): shown,
# never used to group
NEARBY_NOTE = "the day a sentence just before names"


def from_nearby(claim: dict[str, Any]) -> bool:
    """Was the claim dated by the day a sentence just before it names?"""
    return claim["date_provenance"] == "carried" and (
        claim.get("date_base") or "").startswith(NEARBY_NOTE)


def from_occasion(claim: dict[str, Any]) -> bool:
    """Was the claim dated by its entry's occasion (see below)?"""
    return claim["date_provenance"] == "carried" and (
        claim.get("date_base") or "").startswith(OCCASION_NOTE)


def occasion_resolutions(claims: list[dict[str, Any]], consensus: str | None,
                         precision: str | None) -> dict[int, tuple[str | None, str, str | None]]:
    """Claims with no date at all in an entry dated to a day ("The discussions lasted just
    over an hour", in the entry of the June 2 talks): their article tells them as part of
    that occasion (``entries``), so they are dated to its day, provenance ``carried``
    (shown, never evidence), with the note saying who dates it: the claim's own article,
    or other sources. Given back once the entry no longer has that day.
    Returns claim id → (date, provenance, note)."""
    day = consensus if precision == "day" and consensus else None
    backers = ({c["document_id"] for c in evidence_dates(claims) if c["date"] == day}
               if day else set())
    out: dict[int, tuple[str | None, str, str | None]] = {}
    for c in claims:
        ours = from_occasion(c)
        if not ours and (c["date"] is not None or c["date_provenance"] != "none"
                         or unplaceable(c["date_base"])):
            continue
        if day and backers:
            who = ("its article dates it" if c["document_id"] in backers
                   else f"{_sources(len(backers))} date{'s' if len(backers) == 1 else ''} it")
            note = f"{OCCASION_NOTE}: {who} {day}"
            if (c["date"], c["date_base"]) != (day, note):
                out[c["id"]] = (day, "carried", note)
        elif ours:
            out[c["id"]] = (None, "none", None)
    return out


def refine_resolutions(claims: list[dict[str, Any]], consensus: str | None,
                       precision: str | None) -> dict[int, tuple[str, str, str | None,
                                                                 str | None]]:
    """Claims whose source gives a year or a month ("launched the store in 2003") in a
    group where another source states the day inside it ("launched on April 28, 2003"):
    the claim is dated to that day, ``corroborated``, and keeps its source's own date in
    ``stated_date`` (still the evidence it gives: it never backs the day itself). A claim
    set this way goes back to its own date once its group no longer states the day.
    Returns claim id → (date, provenance, stated_date, stated_provenance)."""
    day = consensus if precision == "day" and consensus else None
    backers = ({c["document_id"] for c in evidence_dates(claims) if c["date"] == day}
               if day else set())
    out: dict[int, tuple[str, str, str | None, str | None]] = {}
    for claim in claims:
        c = stated(claim)
        if not own_date(c):
            continue
        sharper = (day is not None and len(c["date"]) < len(day) and compatible(c["date"], day)
                   and in_part(c["date_text"], c["date"], day)  # "late October": not the 10th
                   and bool(backers - {c["document_id"]}))
        if sharper and day is not None and claim["date"] != day:
            out[c["id"]] = (day, "corroborated", c["date"], c["date_provenance"])
        elif not sharper and refined(claim):
            out[c["id"]] = (c["date"], c["date_provenance"], None, None)
    return out


@dataclass
class Settlement:
    """What ``settle`` finds for one entry: its (date, precision, basis), and the
    columns of ``claims`` to change, claim id → {column: value} (empty when nothing moves)."""

    date: str | None
    precision: str | None
    basis: str | None  # SOURCES or PUBLISHED (see ``event_date``), None when undated
    changes: dict[int, dict[str, Any]] = field(default_factory=dict)

    def _set(self, claim_id: int, **columns: Any) -> None:
        self.changes.setdefault(claim_id, {}).update(columns)


def settle(claims: list[dict[str, Any]], published: dict[int, str | None]) -> Settlement:
    """The dates an entry gives its claims, from its members as they are now (see the
    resolutions above), each within the claim's fine event (``event``: the claims the
    engine found to report the same thing); then undated sentences told as part of the
    occasion, at the entry's level. ``published``: document id → publication date. The
    sources' own dates, and so the consensus and the conflicts, are never changed."""
    entry = Settlement(*event_date(claims, None, published))
    events: dict[Any, list[dict[str, Any]]] = collections.defaultdict(list)
    for c in claims:
        events[c.get("event")].append(c)
    for members in events.values():
        date, precision = consensus_date(members)
        for claim_id, value in weekday_resolutions(members, date, precision,
                                                   published).items():
            # the weekday pinned to the group's day, or given back
            entry._set(claim_id, date=value, date_precision=value and "day",
                       date_provenance="corroborated" if value else "relative",
                       stated_provenance="relative" if value else None)
        for claim_id, (value, provenance, note) in background_resolutions(
                members, date, precision, published).items():
            entry._set(claim_id, date=value, date_precision=precision_of(value),
                       date_provenance=provenance, date_base=note)
        for claim_id, (value, provenance, own, own_provenance) in refine_resolutions(
                members, date, precision).items():
            entry._set(claim_id, date=value, date_precision=precision_of(value),
                       date_provenance=provenance, stated_date=own,
                       stated_provenance=own_provenance)
    stated_day = entry.date if entry.basis == SOURCES else None
    for claim_id, (day, how, why) in occasion_resolutions(
            claims, stated_day, entry.precision).items():
        entry._set(claim_id, date=day, date_precision=day and precision_of(day),
                   date_provenance=how, date_base=why)
    return entry
