"""Suggested merges: the few groups most likely to report the same occasion as this one.

``likeness`` compares two groups' profiles (date, names, event words, figures, wording,
the words all their claims use, sentences next to each other in an article) and says
why: a logistic score whose weights are fitted on ECB+ (``suggest.json``). It is a pure
function so any grouping of groups (the merge finder, a later coarser "entry" level) can
rank with the same measure.
``suggest_merges`` finds the candidates cheaply — groups of the same day or month, and
groups whose claims share a name or an event word, found through the full-text index —
scores them, and returns a page.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import sqlite3
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from typing import Any

from ..dates.entry import PUBLISHED
from ..dates.expressions import RECENT_DAYS
from ..db import loads
from ..group.features import content_stems
from ..group.frames import frame_of

CANDIDATES = 200  # groups scored at most per suggestion list (a cost bound, not a quality one)
# below this a pair is not worth a reviewer's look: the weights are fitted with both
# classes weighing alike, so 0.5 is "more like a pair to merge than not"
MIN_SCORE = 0.5
TEXTS = 8  # claims of each group compared for wording
WORDING = 60  # rapidfuzz partial_token_set_ratio from which one claim reads as another's words


# a copula or an auxiliary left as a claim's trigger names no event: two groups "alike" by
# "be" share nothing (a tester saw "event: be" offered as a reason)
NO_EVENT = frozenset({"be", "have", "do"})


@dataclass(frozen=True)
class Profile:
    """What likeness compares about one group."""

    id: int
    title: str
    event_date: str | None
    status: str
    sources: int
    reported: bool = False  # dated only by the day its first report was published
    background: bool = False  # not in the default queue (told in the present: commentary)
    names: frozenset[str] = frozenset()  # entity keys ("medinsky", "istanbul")
    name_text: dict[str, str] = field(default_factory=dict)  # key -> a spelling, for reasons
    events: frozenset[str] = frozenset()  # triggers and their event classes
    texts: tuple[str, ...] = ()  # the members' claim texts
    documents: frozenset[int] = frozenset()
    claims: frozenset[tuple[int, int]] = frozenset()  # (document, claim id) of the members
    figures: frozenset[float] = frozenset()  # the members' figures ("6,000 bodies": 6000)
    words: frozenset[str] = frozenset()  # the members' content words, stemmed


@dataclass(frozen=True)
class Likeness:
    score: float  # 0..1
    reasons: tuple[str, ...]  # short, for the reviewer: "same day", "names: Medinsky"

    @property
    def why(self) -> str:
        return " · ".join(self.reasons)


@dataclass(frozen=True)
class Suggestion:
    id: int
    title: str
    event_date: str | None
    status: str
    sources: int
    likeness: Likeness
    background: bool = False
    merged: bool = False  # merged in from this list (``keep_places``)


def keep_places(shown: tuple[Suggestion, ...], found: list[Suggestion] | tuple[Suggestion, ...],
                merged: set[int]) -> tuple[Suggestion, ...]:
    """The suggestions ``found`` anew for an entry, at the places the reviewer saw them
    (``shown``): a suggestion merged in from the list (``merged``) keeps its place, marked
    merged, and the others keep their numbers, so "1 then 3" merges the first and third
    the reviewer read, not the third of a list that moved up. A place whose group is gone
    otherwise takes the best new suggestion; at most as many places as were shown, or
    as ``found`` holds if more."""
    fresh = {s.id: s for s in found}
    places: list[Suggestion | None] = []
    for s in shown:
        if s.id in merged and s.id not in fresh:  # (a merge that failed leaves it found)
            places.append(replace(s, merged=True))
        else:
            places.append(fresh.pop(s.id, None))
    rest = [s for s in found if s.id in fresh]
    out = [s if s is not None else rest.pop(0) if rest else None for s in places]
    kept = [s for s in out if s is not None]
    return tuple(kept + rest[:max(0, len(found) - len(kept))])


def _date_likeness(a: str | None, b: str | None) -> tuple[float, str | None]:
    if not a or not b:
        return 0.0, None
    if a == b:
        return 1.0, "same day" if len(a) == 10 else "same month" if len(a) == 7 else "same year"
    if a[:7] == b[:7] and len(a) == len(b) == 10:
        # two days of one month: said as the days apart, so that a new report dating an
        # occasion a reviewer decided otherwise reads as the disagreement it is
        days = abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days)
        return 0.6, f"same month, {days} day{'s' if days > 1 else ''} apart"
    if a[:7] == b[:7] and len(a) >= 7 and len(b) >= 7:
        return 0.6, "same month"  # a day inside the other's month
    if a[:4] == b[:4] and (len(a) == 4 or len(b) == 4):
        return 0.3, "same year"
    return 0.0, None


def _reported_likeness(reported: str, stated: str) -> tuple[float, str | None]:
    """A day no source states (the day a report was published) against a stated day: news
    tells what happened that day or the days before, so the nearer before, the likelier."""
    if len(reported) != 10 or len(stated) != 10:
        return _date_likeness(reported, stated)
    days = (dt.date.fromisoformat(reported) - dt.date.fromisoformat(stated)).days
    if days == 0:
        return 0.5, "same day reported"
    if 0 < days <= RECENT_DAYS:
        return 0.5 / days, f"reported {days} day{'s' if days > 1 else ''} after"
    return 0.0, None


def _neighbours(a: Profile, b: Profile) -> bool:
    """Does one group hold the claim right before or after one of the other's in an article
    (claims are numbered in reading order within a document)?"""
    return any((doc, cid + 1) in b.claims or (doc, cid - 1) in b.claims for doc, cid in a.claims)


def features(a: Profile, b: Profile) -> tuple[dict[str, float], list[str]]:
    """What two groups share, as numbers for the score and as reasons for the reviewer."""
    from rapidfuzz import fuzz

    if a.reported and not b.reported and a.event_date and b.event_date:
        date, date_reason = _reported_likeness(a.event_date, b.event_date)
    elif b.reported and not a.reported and a.event_date and b.event_date:
        date, date_reason = _reported_likeness(b.event_date, a.event_date)
    else:
        date, date_reason = _date_likeness(a.event_date, b.event_date)
        if a.reported and b.reported and date_reason:
            date, date_reason = date / 2, f"{date_reason} reported"
    reasons = [date_reason] if date_reason else []
    shared = sorted(a.names & b.names)
    names = len(shared) / max(1, min(len(a.names), len(b.names))) if shared else 0.0
    if shared:
        shown = [a.name_text.get(k) or b.name_text.get(k) or k for k in shared[:3]]
        reasons.append("names: " + ", ".join(shown) + ("…" if len(shared) > 3 else ""))
    events = (a.events & b.events) - NO_EVENT
    if events:
        words = sorted(e for e in events if not e.isupper())[:2]
        # only a class in common ("ATTACK" for "struck" and "shelled"): said as a kind, in
        # the reader's case (a tester read "event: ATTACK" as shouting)
        reasons.append("event: " + ", ".join(words) if words
                       else "event kind: " + sorted(events)[0].lower())
    wording = 0.0
    for x in a.texts[:TEXTS]:
        for y in b.texts[:TEXTS]:
            wording = max(wording, fuzz.token_set_ratio(x, y))
    if wording >= WORDING:
        reasons.append(f"wording {int(wording)}% alike")
    figures = sorted(a.figures & b.figures)
    if figures:
        reasons.append("figures: " + ", ".join(f"{v:,.0f}" for v in figures[:3]))
    beside = _neighbours(a, b)
    if beside:
        reasons.append("next to it in an article")
    apart = bool(a.event_date and b.event_date and not date and not a.reported
                 and not b.reported)
    return {"date": date, "names": min(1.0, names), "events": float(bool(events)),
            "wording": max(0.0, (wording - 40) / 60), "figures": float(bool(figures)),
            "beside": float(beside), "apart": float(apart),
            # the words all their claims use, as a share of the smaller group's: "wording"
            # compares a few claims, one with another; this, everything they say
            "words": (len(a.words & b.words) / min(len(a.words), len(b.words))
                      if a.words and b.words else 0.0)}, reasons


FEATURES = ("date", "names", "events", "wording", "figures", "beside", "apart", "words")


@cache
def weights() -> dict[str, float]:
    """The likeness weights, fitted on ECB+ (``workbench eval fit-suggestions``) and kept with
    their provenance in ``suggest.json`` beside this file."""
    data = json.loads(resources.files(__package__).joinpath("suggest.json").read_text())
    return {name: float(data["weights"][name]) for name in ("bias", *FEATURES)}


def years_apart(a: Profile, b: Profile) -> bool:
    """Do the sources date the two groups more than a year apart? Reports of one occasion
    may disagree on its day or month, never by years: a 1510 landing was suggested for a
    January 2010 rescue ("arrive"), a marriage in 1850 for a birth in 1880 (Timeline17 dev
    stories: 437 of 3,710 suggestions, 25 of 25 read all wrong). A day no source states (the
    day a report was published) says nothing about that."""
    if not (a.event_date and b.event_date) or a.reported or b.reported:
        return False
    return abs(int(a.event_date[:4]) - int(b.event_date[:4])) > 1


def likeness(a: Profile, b: Profile, w: dict[str, float] | None = None) -> Likeness:
    """How likely two groups report one occasion (a logistic score over ``features``), with
    the reasons: same day or month, names, event words and figures they share, one source's
    wording of another's, and sentences that stand next to each other in an article; none
    for groups the sources date years apart."""
    if years_apart(a, b):
        return Likeness(0.0, ())
    values, reasons = features(a, b)
    w = w or weights()
    z = w["bias"] + sum(w[name] * values[name] for name in FEATURES)
    return Likeness(round(1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))), 3),
                    tuple(reasons))


# -- reading profiles --------------------------------------------------------------------


def profiles(conn: sqlite3.Connection, group_ids: list[int]) -> dict[int, Profile]:
    """Profiles of ``group_ids`` in two queries (chunked for SQLite's parameter limit)."""
    out: dict[int, dict[str, Any]] = {}
    for start in range(0, len(group_ids), 500):
        chunk = group_ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for gid, title, date, status, sources, basis, background in conn.execute(
            "SELECT id, title, event_date, status, sources, date_basis, background FROM groups "
            f"WHERE id IN ({marks})",
            chunk,
        ):
            out[gid] = {"id": gid, "title": title, "event_date": date, "status": status,
                        "sources": sources, "reported": basis == PUBLISHED,
                        "background": bool(background),
                        "names": set(), "name_text": {}, "events": set(),
                        "texts": [], "documents": set(), "claims": set(),
                        "figures": set()}
        for gid, cid, text, entities, numbers, trigger, doc in conn.execute(
            "SELECT m.group_id, c.id, c.text, c.entities, c.numbers, c.trigger, c.document_id "
            "FROM group_members m JOIN claims c ON c.id = m.claim_id "
            f"WHERE m.group_id IN ({marks})",
            chunk,
        ):
            p = out.get(gid)
            if p is None:
                continue
            p["texts"].append(text)
            p["documents"].add(doc)
            p["claims"].add((doc, cid))
            for n in loads(numbers, []):
                if isinstance(n, dict) and isinstance(n.get("value"), (int, float)) and (
                        n["value"] >= FIGURE_FLOOR):
                    p["figures"].add(float(n["value"]))
            for e in loads(entities, []):
                if isinstance(e, dict) and e.get("norm") and e.get("label") in NAME_LABELS:
                    p["names"].add(e["norm"])
                    p["name_text"].setdefault(e["norm"], str(e.get("text", e["norm"])))
            if trigger:
                p["events"].add(trigger.lower())
                frame = frame_of(trigger)
                if frame:
                    p["events"].add(frame.upper())  # a class, never shown as a word
    return {
        gid: Profile(
            id=p["id"], title=p["title"], event_date=p["event_date"], status=p["status"],
            sources=p["sources"], reported=p["reported"], background=p["background"],
            names=frozenset(p["names"]),
            name_text=p["name_text"],
            events=frozenset(p["events"]), texts=tuple(p["texts"]),
            documents=frozenset(p["documents"]), claims=frozenset(p["claims"]),
            figures=frozenset(p["figures"]),
            words=frozenset().union(*(content_stems(t) for t in p["texts"])),
        )
        for gid, p in out.items()
    }


# figures below this ("two rounds", "three people") are too common to say which occasion
FIGURE_FLOOR = 20

# Names that say which occasion: people, places, organisations, named events. Countries
# and nationalities ("Russia", "Ukrainian") are in nearly every claim of a story, so they
# say nothing about which occasion.
NAME_LABELS = ("PERSON", "ORG", "FAC", "LOC", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT")


def _fts_words(p: Profile) -> list[str]:
    words = [w for key in sorted(p.names) for w in key.split() if len(w) > 2]
    words += sorted(e for e in p.events if not e.isupper() and len(e) > 2)
    return list(dict.fromkeys(words))[:12]


def candidates(
    conn: sqlite3.Connection, me: Profile, *, include_rejected: bool = False
) -> list[int]:
    """Groups worth scoring against ``me``: the same day or month, or claims that share a
    name or an event word (through the full-text index). At most ``CANDIDATES``."""
    found: dict[int, None] = {}
    status = "" if include_rejected else " AND g.status != 'rejected'"
    if me.event_date:
        # status IN (...) and a range on event_date: the (status, event_date) index serves
        # it, where substr() on the date would read every group
        wanted = ("pending", "skipped", "accepted") + (("rejected",) if include_rejected else ())
        month = me.event_date[:7]
        for (gid,) in conn.execute(
            f"SELECT g.id FROM groups g WHERE g.status IN ({','.join('?' * len(wanted))}) "
            "AND g.event_date >= ? AND g.event_date < ? AND g.id != ? "
            "ORDER BY g.event_date = ? DESC, g.id LIMIT ?",
            [*wanted, month, month + "\uffff", me.id, me.event_date, CANDIDATES],
        ):
            found[gid] = None
    words = _fts_words(me)
    if words and len(found) < CANDIDATES:
        query = " OR ".join(f'"{w}"' for w in words)
        for (gid,) in conn.execute(
            "SELECT m.group_id FROM claims_fts JOIN group_members m ON m.claim_id = "
            f"claims_fts.rowid JOIN groups g ON g.id = m.group_id WHERE claims_fts MATCH ? "
            f"AND m.group_id != ?{status} ORDER BY claims_fts.rank LIMIT ?",
            [query, me.id, CANDIDATES * 3],
        ):
            found[gid] = None
            if len(found) >= CANDIDATES:
                break
    return list(found)


def suggest_merges(
    conn: sqlite3.Connection,
    group_id: int,
    *,
    limit: int = 3,
    offset: int = 0,
    include_rejected: bool = False,
) -> list[Suggestion]:
    """The groups most likely to be the same occasion as ``group_id``, best first, a page
    of ``limit`` from ``offset``; rejected groups only when asked."""
    mine = profiles(conn, [group_id]).get(group_id)
    if mine is None:
        return []
    ids = candidates(conn, mine, include_rejected=include_rejected)
    if not ids:
        return []
    scored = []
    for gid, p in profiles(conn, ids).items():
        like = likeness(mine, p)
        if like.score >= MIN_SCORE and like.reasons:
            scored.append((-like.score, p.event_date or "\uffff", gid, p, like))
    scored.sort(key=lambda t: t[:3])
    return [
        Suggestion(p.id, p.title, p.event_date, p.status, p.sources, like, p.background)
        for _s, _d, _g, p, like in scored[offset : offset + limit]
    ]
