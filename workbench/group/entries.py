"""Chronology entries: the engine's fine events joined into occasions, background set apart.

The engine (``engine.cluster``) finds *fine events*: claims that report the same thing
("the sides agreed to swap 6,000 bodies"; "the talks lasted over an hour"). A reviewer
builds a chronology of *occasions* ("2 June 2025: second round of talks in Istanbul"), so
the reviewer's unit, a group, is an **entry**: the fine events of one occasion. Each claim
keeps its fine event (``group_members.event``) so conflicts still compare like with like
and ``eval ecbplus`` still scores the finer level.

Three properties of English news decide it, none fitted to one example:

- **A happening is told in the past.** A claim told in the present or the future ("the
  stakes have never been higher", "Istanbul committees reach agreement", "peace remains
  elusive") is commentary, a headline or a plan; a fine event none of whose claims is
  told in the past (``Claim.aspect``) is **background**: kept, hidden from the default
  queue, one key away.
- **One day, one occasion per participant or kind of event.** Two fine events dated to
  the same day (by their own words, by the day the corpus gives a weekday or a month, or
  by the dated occasion the sentence refers back to: ``grouping_dates``, ``occasions``)
  are one occasion when one article tells both, or when they share the kind of event
  (``frames``) or a name that is not the collection's subject (a name more than two
  documents and more than a tenth of them use is what the story is about).
- **A paragraph tells one occasion.** An undated sentence that follows a sentence of the
  same paragraph and shares a name or the kind of event with it continues that occasion.

Everything here is a pure function of the claims; ``group.regroup`` calls ``entries``.
"""

from __future__ import annotations

import bisect
import collections
from dataclasses import dataclass, field
from typing import Any

from . import conflicts as cf
from .engine import Cluster
from .frames import frame_of

NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT"})


@dataclass
class Entry:
    """An occasion: indices into the claims, with each member's fine event."""

    members: list[int]
    similarity: list[float]
    fixed: int | None = None
    events: list[int] = field(default_factory=list)  # per member: its fine event's key
    background: bool = False


def happening(claim: dict[str, Any]) -> bool:
    """Is the claim told as something that happened? (``aspect`` is null for claims
    extracted before aspects were kept: they count as happenings until re-extracted.)"""
    return claim.get("aspect") in (None, "past")


def _kind(claim: dict[str, Any]) -> str | None:
    trigger = claim.get("trigger")
    return (frame_of(trigger) or trigger) if trigger else None


def _names(claim: dict[str, Any]) -> set[str]:
    return {e["norm"] for e in claim["entities"] if e.get("norm") and e["label"] in NAME_LABELS}


def subject_names(claims: list[dict[str, Any]]) -> set[str]:
    """Names the collection is about: used by more than two documents and more than a
    tenth of them (the rule ``engine`` applies to event words inside a story)."""
    docs = {c["document_id"] for c in claims}
    users: dict[str, set[int]] = collections.defaultdict(set)
    for c in claims:
        for name in _names(c):
            users[name].add(c["document_id"])
    return {n for n, ds in users.items() if len(ds) > 2 and len(ds) > 0.1 * len(docs)}


def occasion_day(claims: list[dict[str, Any]], day_hint: dict[int, str]) -> str | None:
    """The day a fine event happened on: its sources' consensus when that is a day, else
    the day most of its claims are given for grouping (``day_hint``: a weekday or month the
    corpus pins, the dated occasion a sentence refers back to)."""
    date, precision = cf.consensus_date(claims)
    if date and precision == "day":
        return date
    if date:  # a month or a year of its own: a hint may only sharpen it
        hinted = [day_hint[c["id"]] for c in claims if c["id"] in day_hint
                  and day_hint[c["id"]].startswith(date)]
    else:
        hinted = [day_hint[c["id"]] for c in claims if c["id"] in day_hint]
    if not hinted:
        return None
    return collections.Counter(hinted).most_common(1)[0][0]


class _Union:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _paragraphs(doc_texts: dict[str, str]) -> dict[str, list[int]]:
    """Where each document's lines start: a claim's paragraph is the line it starts on."""
    out = {}
    for doc, text in doc_texts.items():
        starts = [0]
        pos = text.find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = text.find("\n", pos + 1)
        out[doc] = starts
    return out


def entries(clusters: list[Cluster], claims: list[dict[str, Any]],
            day_hint: dict[int, str], doc_texts: dict[str, str]) -> list[Entry]:
    """Join the engine's fine events into occasions (see the module doc). A cluster the
    reviewer fixed stays as it is; background fine events stay apart, one group each."""
    out: list[Entry] = []
    fine: list[Cluster] = []
    for cl in clusters:
        if cl.fixed is not None:
            out.append(Entry(list(cl.members), list(cl.similarity), cl.fixed,
                             [claims[i]["id"] for i in cl.members]))
        else:
            fine.append(cl)
    keys = [min(claims[i]["id"] for i in cl.members) for cl in fine]
    background = [not any(happening(claims[i]) for i in cl.members) for cl in fine]
    subject = subject_names(claims)
    union = _Union(len(fine))

    # one day: the same article, or the same kind of event, or a name that is not the subject
    by_key: dict[tuple, int] = {}
    for f, cl in enumerate(fine):
        if background[f]:
            continue
        members = [claims[i] for i in cl.members]
        day = occasion_day(members, day_hint)
        if day is None:
            continue
        marks = {("doc", c["document_id"]) for c in members}
        marks |= {("kind", k) for c in members if happening(c) and (k := _kind(c))}
        marks |= {("name", n) for c in members for n in _names(c) if n not in subject}
        for mark in marks:
            first = by_key.setdefault((day, *mark), f)
            union.join(first, f)

    # a paragraph: an undated sentence continues the occasion of the one before it
    where = {i: f for f, cl in enumerate(fine) for i in cl.members}
    lines = _paragraphs(doc_texts)
    order = sorted(where, key=lambda i: (claims[i]["document_id"], claims[i]["char_start"]))
    previous = None
    for i in order:
        c = claims[i]
        doc = str(c["document_id"])
        line = bisect.bisect_right(lines.get(doc, [0]), c["char_start"])
        if background[where[i]] or not happening(c):
            continue
        if previous is not None:
            p, p_doc, p_line = previous
            q = claims[p]
            if (p_doc, p_line) == (doc, line) and not cf.own_date(c) and c["id"] not in day_hint:
                shares = (_names(c) & _names(q)) or (_kind(c) and _kind(c) == _kind(q))
                if shares:
                    union.join(where[p], where[i])
        previous = (i, doc, line)

    joined: dict[int, list[int]] = collections.defaultdict(list)
    for f in range(len(fine)):
        joined[union.find(f)].append(f)
    for parts in joined.values():
        entry = Entry([], [], None, [], all(background[f] for f in parts))
        for f in sorted(parts, key=lambda f: keys[f]):
            entry.members.extend(fine[f].members)
            entry.similarity.extend(fine[f].similarity)
            entry.events.extend([keys[f]] * len(fine[f].members))
        out.append(entry)
    return out
