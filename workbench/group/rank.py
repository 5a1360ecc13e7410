"""How much a chronology needs an entry: ``groups.importance``, higher first.

A reviewer of a 300-article story meets thousands of candidate entries; the queue for a
large collection walks them by importance. What makes an occasion one a journalist puts
in a timeline is how much of the coverage it draws (news-tls' DATEWISE ranks days by the
same kinds of counts), measured by what the fit kept of five counts (session 55: leaving
one story out, Date-F1 0.6315 with five, 0.6423 with these three; in each timeline's span
0.8087 and 0.8195):

- ``day_mentions``: documents in the whole collection whose sentences name the entry's
  day in their own words (an occasion later reports keep coming back to);
- ``next_day_published``: documents published on the day after (news breaks on the day
  and is written up the next);
- ``only_published``: no entry of the day is dated by its own words, only by the day its
  reports were published (``dates.entry.reported_day``: an article's lead tells what
  happened on or just before its publication day, though it names no day), and a source
  gave that day (``given_days``; a day guessed from an article's own dates adds nothing
  to them).

The entry's sources and the documents published on its day added nothing held out
(weight 0, or a loss on one story): the counts of a day's entries already order them
within it (``order``).

Each count enters as log(1 + n); an undated entry has no day counts. The weights are fitted
(``workbench eval fit-importance``: logistic regression on whether a day is in the
journalist's timeline, each day represented by the entry ``order`` puts first on it) and
kept with their provenance in
``importance.json`` beside this file. Background is ranked 0.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from ..dates.entry import PUBLISHED

FEATURES = ("day_mentions", "next_day_published", "only_published")
# (day → documents naming it in their own words, day → documents published on it)
DayCounts = tuple[dict[str, int], dict[str, int]]


@cache
def weights() -> dict[str, float]:
    data = json.loads(resources.files(__package__).joinpath("importance.json").read_text())
    return {name: float(data["weights"][name]) for name in ("bias", *FEATURES)}


def day_counts(conn) -> DayCounts:
    """(day → documents naming it in their own words, day → documents published on it)."""
    mentions = dict(conn.execute(
        "SELECT coalesce(stated_date, date), count(DISTINCT document_id) FROM claims "
        "WHERE coalesce(stated_provenance, date_provenance) IN ('explicit', 'relative') "
        "AND length(coalesce(stated_date, date)) = 10 GROUP BY 1").fetchall())
    published = dict(conn.execute(
        "SELECT published, count(*) FROM documents WHERE length(published) = 10 "
        "GROUP BY published").fetchall())
    return mentions, published


def given_days(conn, day: str | None = None) -> set[str]:
    """The days (``day`` alone, when given) a document whose publication date its source
    gave was published on: a day guessed from an article's own dates is no evidence of
    what its lead tells beyond those dates."""
    only = " AND published = ?" if day is not None else ""
    return {d for (d,) in conn.execute(
        "SELECT DISTINCT published FROM documents WHERE published_provenance = 'given' "
        f"AND length(published) = 10{only}", [day] if day is not None else []).fetchall()}


def _day(group: dict[str, Any]) -> dt.date | None:
    if group["date_precision"] != "day" or not group["event_date"]:
        return None
    try:
        return dt.date.fromisoformat(group["event_date"])
    except ValueError:
        return None


def features(group: dict[str, Any], mentions: dict[str, int],
             published: dict[str, int], only_published: bool = False) -> dict[str, float]:
    """The entry's values of ``FEATURES``; ``only_published``: no entry of its day is
    dated by its own words."""
    day = _day(group)
    if day is None:
        return {"day_mentions": 0.0, "next_day_published": 0.0, "only_published": 0.0}
    after = (day + dt.timedelta(days=1)).isoformat()
    return {
        "day_mentions": math.log1p(mentions.get(day.isoformat(), 0)),
        "next_day_published": math.log1p(published.get(after, 0)),
        "only_published": float(only_published),
    }


def score(values: dict[str, float], w: dict[str, float] | None = None) -> float:
    w = w or weights()
    return w["bias"] + sum(w[name] * values[name] for name in FEATURES)


def _day_weight(values: dict[str, float]) -> float:
    """The weight a day's entries share: the score as a logistic, so that 0 (background,
    rejected) ranks below every entry."""
    return 1.0 / (1.0 + math.exp(-score(values)))


_QUOTED = re.compile(r"[\"“][^\"”]*[\"”]|``.*?''")
_FIRST_PERSON = frozenset({"I", "I'm", "I've", "I'd", "I'll", "me", "my", "myself"})
# one of them as a word of the text, quoted or not (what is read word by word after)
_MAYBE_FIRST = re.compile(
    rf"(?<![^\s,.;:!?()])(?:{'|'.join(sorted(_FIRST_PERSON, key=len, reverse=True))})"
    r"(?![^\s,.;:!?()])")


def first_person(claim: dict[str, Any]) -> bool:
    """Is the claim its writer's own experience ("I arrived in Mexico City on Saturday",
    "I had a good chat with ... yesterday")? News reports in the third person; what a
    page tells in the first person singular, outside quotation marks and with nobody
    quoted, is a reader's comment, a diary or a blog: testimony, not the report of an
    occasion. ("World War I", "Elizabeth I": a name, not the writer.)"""
    if claim.get("speaker_norm") or not _MAYBE_FIRST.search(claim["text"]):
        return False
    words = [w.strip(",.;:!?()") for w in _QUOTED.sub(" ", claim["text"]).split()]
    return any(w in _FIRST_PERSON and not (w == "I" and k > 1 and words[k - 1][:1].isupper())
               for k, w in enumerate(words))


def writers_own(conn, ids: list[int] | None = None) -> set[int]:
    """The entries only their writers' own experience tells (``first_person``:
    "I am booked to fly out tomorrow evening", a reader's comment), of ``ids`` when given:
    among the entries of a day they come after those that report it, so that the queue
    does not open a day with a comment."""
    # (one day's entries are read by their members' index; every entry's by the groups')
    where = (f"m.group_id IN ({', '.join(str(int(i)) for i in ids)})" if ids is not None
             else "m.group_id IN (SELECT id FROM groups WHERE background = 0)")
    told: dict[int, bool] = {}
    for gid, text, speaker in conn.execute(
            "SELECT m.group_id, c.text, c.speaker_norm FROM group_members m "
            f"JOIN claims c ON c.id = m.claim_id WHERE {where}"):
        told[gid] = told.get(gid, True) and first_person({"text": text, "speaker_norm": speaker})
    return {gid for gid, only in told.items() if only}


def order(gid: int, sources: int, basis: str | None,
          told: dict[int, tuple[int, int]], size: int = 0) -> tuple[bool, int, int, int, int]:
    """Where an entry stands among its day's (``told``: ``lead_positions``): first those
    its words date, more sources first, then the one more of their sentences tell
    (``size``, its claims: the fuller account of the day; the tie went to the first made,
    and a reader's remark that three pages repeat opened a day before the 21-claim report
    of the same three sources), then the first made; then those only its reports'
    publication dates, the one whose title sentence stands nearest the top of its article
    first (an article's lead tells its news, what a recalled fact repeated further down
    several reports does not), then more sources and more sentences, then the one read
    first (group ids depend on how the collection was grouped, whole or bit by bit)."""
    if basis == PUBLISHED:
        start, first = told.get(gid, (0, 0))
        return (True, start, -sources, -size, first)
    return (False, 0, -sources, -size, gid)


def entry_sizes(conn, ids: list[int] | None = None) -> dict[int, int]:
    """How many claims each entry holds (of ``ids``, when given)."""
    only = f" WHERE group_id IN ({', '.join(str(int(i)) for i in ids)})" if ids is not None else ""
    return dict(conn.execute(
        f"SELECT group_id, count(*) FROM group_members{only} GROUP BY group_id").fetchall())


def lead_positions(conn, ids: list[int] | None = None) -> dict[int, tuple[int, int]]:
    """Each entry dated only by its reports' publication (of ``ids``, when given): where
    the sentence that titles it starts in its article, and its first claim."""
    only = f" AND g.id IN ({', '.join(str(int(i)) for i in ids)})" if ids is not None else ""
    return {gid: (start if start is not None else 0, first) for gid, start, first in conn.execute(
        "SELECT g.id, (SELECT t.char_start FROM claims t WHERE t.id = g.title_claim_id), "
        "min(m.claim_id) FROM groups g JOIN group_members m ON m.group_id = g.id "
        f"WHERE g.date_basis = ?{only} GROUP BY g.id", [PUBLISHED]).fetchall()}


# what the reviewer rejected is no entry of its day: the next one takes its place
REJECTED = "rejected"


def _counts_of(conn, day: str) -> DayCounts:
    """``day_counts`` for one day (and the day after), found by index (schema 13)."""
    after = (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()
    mentions = conn.execute(
        "SELECT count(DISTINCT document_id) FROM claims WHERE coalesce(stated_date, date) = ? "
        "AND coalesce(stated_provenance, date_provenance) IN ('explicit', 'relative')",
        [day]).fetchone()[0]
    published = dict(conn.execute(
        "SELECT published, count(*) FROM documents WHERE published IN (?, ?) "
        "GROUP BY published", [day, after]).fetchall())
    return {day: mentions}, published


def _importances(conn, day: str | None = None,
                 counts: DayCounts | None = None) -> dict[int, tuple[float, int, dict[str, float]]]:
    """{group: (importance, place, feature values)} of every group, or, with ``day``, of
    that day's entries: ``rank_entries``' one computation, whole or for one day.
    ``counts``: that day's ``_counts_of``, read already."""
    if day is None:
        mentions, published = day_counts(conn)
        rows = conn.execute("SELECT id, sources, event_date, date_precision, background, "
                            "date_basis, status FROM groups").fetchall()
    else:
        mentions, published = counts or _counts_of(conn, day)
        rows = conn.execute("SELECT id, sources, event_date, date_precision, background, "
                            "date_basis, status FROM groups WHERE event_date = ? "
                            "AND date_precision = 'day'", [day]).fetchall()
    ids = [r[0] for r in rows] if day is not None else None
    own = writers_own(conn, ids)
    # among the entries of a day, those its words date come before those only its
    # reports' publication dates (and they say whether the day is ``only_published``)
    worded = {r[2] for r in rows if not r[4] and r[3] == "day" and r[5] != PUBLISHED}
    given = given_days(conn, day)
    told = lead_positions(conn, ids)
    size = entry_sizes(conn, ids)
    rows.sort(key=lambda r: (r[0] in own, *order(r[0], r[1], r[5], told, size.get(r[0], 0))))
    out: dict[int, tuple[float, int, dict[str, float]]] = {}
    seen: dict[str, int] = {}  # entries of each day placed so far, but rejected ones
    # the values and score of each kind of entry of a day (its entries share them)
    valued: dict[tuple[str | None, str | None, bool], tuple[dict[str, float], float]] = {}
    for gid, _sources, date, precision, background, basis, status in rows:
        kind = (date, precision, basis == PUBLISHED and date not in worded and date in given)
        if kind not in valued:
            values = features({"event_date": date, "date_precision": precision}, mentions,
                              published, only_published=kind[2])
            valued[kind] = (values, _day_weight(values))
        values, base = valued[kind]
        if background or status == REJECTED:  # no entry of the chronology, nor of its day
            out[gid] = (0.0, 0, values)
            continue
        place = seen.get(date, 0) if precision == "day" else 0
        if precision == "day":
            seen[date] = place + 1
        out[gid] = (round(base / (1 + place), 6), place, values)
    return out


def _write(conn, ranked: dict[int, tuple[float, int, dict[str, float]]]) -> None:
    raw = getattr(conn, "conn", conn)  # a sqlite-utils Database or a sqlite3 connection
    # in the order of the rows (a day's entries spread over the table)
    raw.executemany("UPDATE groups SET importance = ? WHERE id = ?",
                    [(ranked[gid][0], gid) for gid in sorted(ranked)])


def rank_entries(conn) -> None:
    """Set every group's importance from the collection as it is now.

    The fitted score says how much a chronology needs the entry's day; among the entries
    of one day, the one most sources report (one that reports it before one only its
    writers' own experience tells: ``writers_own``) keeps it whole, the next half, the next a
    third: the queue meets the best entry of each important day before the second of any,
    as a timeline is written (one entry a day first, then the detail). An entry the
    reviewer rejected is ranked 0, as background is, and takes no share of its day:
    rejecting a day's first entry (a catch-all, a reader's comment) puts the next one
    where it stood."""
    _write(conn, _importances(conn))


def rank_day(conn, day: str | None, days: dict[str, DayCounts] | None = None,
             rejected: int | None = None) -> dict[int, int]:
    """Rank the entries of one ``day`` again (``rank_entries`` for that day alone), as a
    decision or an undo leaves them; nothing for no day. Returns the entries whose share
    of the day grew, in queue order (the one that took a rejected entry's place first),
    each with its place among the day's entries now (0: the first).
    ``days``: the day counts read so far (``ranking``). ``rejected``: the one entry that
    has just been rejected, nothing else changed (``_after_reject``)."""
    if not day or len(day) != 10:
        return {}
    raw = getattr(conn, "conn", conn)
    if rejected is not None and (moved := _after_reject(raw, day, rejected)) is not None:
        return moved
    if days is not None and day not in days:
        days[day] = _counts_of(raw, day)
    was = dict(raw.execute("SELECT id, importance FROM groups WHERE event_date = ? "
                           "AND date_precision = 'day'", [day]).fetchall())
    ranked = _importances(raw, day, days.get(day) if days is not None else None)
    # written where it changed: a reject moves the entries after it, not the day
    _write(raw, {g: r for g, r in ranked.items() if r[0] != was.get(g)})
    grew = [g for g, (importance, _, _) in ranked.items()
            if importance > (was.get(g) or 0.0) + 1e-9]
    return {g: ranked[g][1] for g in sorted(grew, key=lambda g: -ranked[g][0])}


def _live(rows: list[tuple[Any, ...]], rejected: int) -> list[tuple[float, int]]:
    """(importance, id) of a day's entries in queue order, the one just rejected among
    them (``rows``: id, importance, status, background, ...)."""
    return sorted(((row[1], row[0]) for row in rows
                   if not row[3] and (row[2] != REJECTED or row[0] == rejected)),
                  key=lambda r: (-r[0], r[1]))


def taking_place(conn, day: str, rejected: int) -> dict[int, int]:
    """The entries of ``day`` after ``rejected``, each with the place it takes once the
    day is ranked again (``rank_day``), read from the importances as they stand: what a
    reject tells before the day is ranked (``actions.decide(rank=False)``)."""
    rows = conn.execute("SELECT id, importance, status, background FROM groups "
                        "WHERE event_date = ? AND date_precision = 'day'", [day]).fetchall()
    live = _live(rows, rejected)
    at = next((i for i, (_, gid) in enumerate(live) if gid == rejected), len(live))
    return {gid: i - 1 for i, (_, gid) in enumerate(live) if i > at}


def _after_reject(conn, day: str, rejected: int) -> dict[int, int] | None:
    """``rank_day`` when only ``rejected``'s status changed, from the day's importances as
    they stand (a reject on a day of 500 entries read their claims and texts again: 30 ms
    of a decision). A status moves no entry in the order of its day; the entries after
    the rejected one go one place up. The entries of a day share one score (its counts;
    ``only_published`` holds for all of them or none), so entry ``i`` of the order holds
    score / (1 + i). None when the stored importances are not that (a day no build ranked
    whole): then the day is ranked as a build ranks it."""
    rows = conn.execute("SELECT id, importance, status, background, date_basis FROM groups "
                        "WHERE event_date = ? AND date_precision = 'day'", [day]).fetchall()
    live = _live(rows, rejected)
    if rejected not in {gid for _, gid in live}:
        return {}  # background: no share of the day to give
    if next(row[2] for row in rows if row[0] == rejected) != REJECTED:
        return None  # (not rejected now: undone meanwhile)
    mentions, published = _counts_of(conn, day)
    worded = any(not background and basis != PUBLISHED
                 for _, _, _, background, basis in rows)
    base = _day_weight(features({"event_date": day, "date_precision": "day"}, mentions,
                                published,
                                only_published=not worded and bool(given_days(conn, day))))
    if any(importance != round(base / (1 + i), 6) for i, (importance, _) in enumerate(live)):
        return None
    at = next(i for i, (_, gid) in enumerate(live) if gid == rejected)
    moved = {gid: i - 1 for i, (_, gid) in enumerate(live) if i > at}
    _write(conn, {rejected: (0.0, 0, {}),
                  **{gid: (round(base / (1 + place), 6), place, {})
                     for gid, place in moved.items()}})
    return moved


@dataclass(frozen=True)
class Ranking:
    """Why an entry ranks where it does: its importance and the counts behind it."""

    importance: float
    day: str | None  # the day its counts are of; None: ranked as undated
    sources: int
    mentions: int  # documents that name the day in their own words
    published_on: int  # documents published on the day
    published_after: int  # ... and on the day after
    only_published: bool  # no entry of the day is dated by its words, and a source gave it
    given: bool  # a source gave the day as a publication date (not guessed from a text)
    place: int  # entries of its day before it, but rejected ones (it shares the day's weight)


def ranking(conn, group_id: int, days: dict[str, DayCounts] | None = None) -> Ranking | None:
    """How ``rank_entries`` would rank one entry, from the collection as it is now, without
    ranking the other days again (None for background, or no such group): its score,
    shared as its day's entries share theirs (None for a rejected one too: ranked 0).
    ``days``: the day counts read so far, kept for the next call (many groups accepted at
    once)."""
    raw = getattr(conn, "conn", conn)
    row = raw.execute("SELECT sources, event_date, date_precision, background, status "
                      "FROM groups WHERE id = ?", [group_id]).fetchone()
    if row is None or row[3] or row[4] == REJECTED:
        return None
    sources, date, precision, _background, _status = row
    day = date if precision == "day" and date and len(date) == 10 else None
    if day is None:
        values = features({"event_date": None, "date_precision": None}, {}, {})
        return Ranking(importance=round(_day_weight(values), 6),
                       day=None, sources=sources, mentions=0, published_on=0,
                       published_after=0, only_published=False, given=False, place=0)
    days = {} if days is None else days
    if day not in days:  # (a scan of the claims: read once a day)
        days[day] = _counts_of(raw, day)
    mentions, published = days[day]
    importance, place, values = _importances(raw, day, days[day])[group_id]
    after = (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()
    return Ranking(
        importance=importance, day=day, sources=sources, mentions=mentions.get(day, 0),
        published_on=published.get(day, 0), published_after=published.get(after, 0),
        only_published=bool(values["only_published"]), given=bool(given_days(raw, day)),
        place=place)


def rank_one(conn, group_id: int, days: dict[str, DayCounts] | None = None) -> float:
    """The importance ``rank_entries`` would give one entry the reviewer made (a split's
    new group, a background group accepted), without ranking the others again
    (``ranking``). A new group stood at 0, below every entry, and a tester lost the entry
    a split had just made."""
    found = ranking(conn, group_id, days)
    return found.importance if found is not None else 0.0
