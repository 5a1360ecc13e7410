"""Suggested merges: the few groups most likely to report the same occasion as this one.

``likeness`` compares two groups' profiles (date, names, event words, wording) and says
why; it is a pure function so any grouping of groups (the merge finder, a later coarser
"entry" level) can rank with the same measure. ``suggest_merges`` finds the candidates
cheaply — groups of the same day or month, and groups whose claims share a name or an
event word, found through the full-text index — scores them, and returns a page.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any

from ..dates.entry import PUBLISHED
from ..db import loads
from ..group.frames import frame_of

CANDIDATES = 200  # groups scored at most per suggestion list (a cost bound, not a quality one)
MIN_SCORE = 0.3  # below this a pair is not worth a reviewer's look
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


def _date_likeness(a: str | None, b: str | None) -> tuple[float, str | None]:
    if not a or not b:
        return 0.0, None
    if a == b:
        return 1.0, "same day" if len(a) == 10 else "same month" if len(a) == 7 else "same year"
    if a[:7] == b[:7] and len(a) >= 7 and len(b) >= 7:
        return 0.6, "same month"  # a day inside the other's month, or two days of it
    if a[:4] == b[:4] and (len(a) == 4 or len(b) == 4):
        return 0.3, "same year"
    return 0.0, None


def likeness(a: Profile, b: Profile) -> Likeness:
    """How likely two groups report one occasion, with the reasons: same day or month,
    names and event words they share, and one source's wording of another's."""
    from rapidfuzz import fuzz

    date, date_reason = _date_likeness(a.event_date, b.event_date)
    reported = a.reported or b.reported
    if reported and date_reason:
        # a day no source states says when the news came, not when it happened
        date, date_reason = date / 2, f"{date_reason} reported"
    reasons = [date_reason] if date_reason else []
    shared = sorted(a.names & b.names)
    names = len(shared) / max(1, min(len(a.names), len(b.names))) if shared else 0.0
    if shared:
        shown = [a.name_text.get(k) or b.name_text.get(k) or k for k in shared[:3]]
        reasons.append("names: " + ", ".join(shown) + ("…" if len(shared) > 3 else ""))
    events = (a.events & b.events) - NO_EVENT
    if events:
        reasons.append("event: " + ", ".join(sorted(e for e in events if not e.isupper())[:2]
                                              or sorted(events)[:1]))
    wording = 0.0
    for x in a.texts[:8]:
        for y in b.texts[:8]:
            wording = max(wording, fuzz.token_set_ratio(x, y))
    if wording >= WORDING:
        reasons.append(f"wording {int(wording)}% alike")
    score = (0.35 * date + 0.25 * min(1.0, names) + 0.15 * bool(events)
             + 0.25 * max(0.0, (wording - 40) / 60))
    if a.event_date and b.event_date and not date and not reported:
        score *= 0.5  # dated apart: rarely one occasion (a misdated report is a conflict)
    return Likeness(round(score, 3), tuple(reasons))


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
                        "texts": [], "documents": set()}
        for gid, text, entities, trigger, doc in conn.execute(
            "SELECT m.group_id, c.text, c.entities, c.trigger, c.document_id "
            "FROM group_members m JOIN claims c ON c.id = m.claim_id "
            f"WHERE m.group_id IN ({marks})",
            chunk,
        ):
            p = out.get(gid)
            if p is None:
                continue
            p["texts"].append(text)
            p["documents"].add(doc)
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
            documents=frozenset(p["documents"]),
        )
        for gid, p in out.items()
    }


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
