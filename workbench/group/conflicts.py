"""What a group says, and where its sources disagree: consensus date, title, conflicts.

Pure functions over claim rows (dicts as read from the ``claims`` table, JSON columns
decoded). Conflicts come in three kinds:

- ``date``: sources place the event on incompatible dates (day vs other day, or a month
  that excludes the day). Only dates a claim states (``explicit``/``relative``) count;
  a document's publication date is never evidence about when an event happened.
- ``number``: two sources give counts of the same thing, or sums of money for the same
  thing in one currency ("lost $30.9 billion" / "a loss of $2.5 billion"), whose ranges
  cannot both be true ("at least 1,000" vs "hundreds"); qualifiers and rounding widen a
  number into a range first.
- ``name``: one person spelled differently ("Vladimir" / "Volodymyr Medinsky").
"""

from __future__ import annotations

import collections
import datetime as dt
import math
import re
from typing import Any

from rapidfuzz import fuzz

from ..extract.claims import written_figure
from ..extract.dates import (
    DOCUMENT_DATE_NOTE,
    RECENT_DAYS,
    compatible,
    in_part,
    precision_of,
    to_date,
    weekday_of,
)
from ..extract.names import SUFFIXES, TITLES, fold
from .engine import stem
from .frames import frame_of

EVIDENCE = ("explicit", "relative")
# Words for the same counted thing, folded to one unit so that their numbers are compared.
UNIT_SYNONYMS = {
    "captive": "prisoner", "detainee": "prisoner", "pow": "prisoner", "prisoners": "prisoner",
    "corpse": "body", "remains": "body", "remain": "body", "troop": "soldier",
    "serviceman": "soldier", "servicemen": "soldier", "fighter": "soldier",
    "person": "people", "individual": "people", "percent": "%", "pct": "%",
}
BACKGROUND_NOTE = "not the publication date"


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

    def backing(value: str) -> tuple[int, int, int, int]:
        """Documents whose date agrees with ``value``, then the finer value, then the other
        documents that name its weekday (June 2 against May 22nd, one source each: the
        report of "the talks on Monday" settles it), then how often the sources say it."""
        docs = set()
        for other, ds in support.items():
            if compatible(value, other):
                docs |= ds
        day = to_date(value) if len(value) == 10 else None
        named = {d for d, wd in weekdays if day is not None and day.weekday() == wd} - docs
        return (len(docs), len(value), len(named), said[value])

    best = max(sorted(support), key=backing)
    precision = precision_of(best)
    return best, precision


def event_date(claims: list[dict[str, Any]],
               chosen: str | None) -> tuple[str | None, str | None]:
    """A group's event (date, precision): the value a reviewer chose for its date conflict
    ("the value the chronology uses"), else the sources' consensus."""
    if chosen:
        return chosen, precision_of(chosen)
    return consensus_date(claims)


def date_conflict(claims: list[dict[str, Any]], consensus: str | None) -> dict[str, Any] | None:
    dated = evidence_dates(claims)
    if not consensus or not dated:
        return None
    if all(compatible(c["date"], consensus) for c in dated):
        return None
    return _conflict("date", "event date", [(c["date"], c) for c in dated])


def _conflict(kind: str, subject: str, pairs: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    by_value: dict[str, dict[str, Any]] = {}
    for value, claim in pairs:
        entry = by_value.setdefault(value, {"value": value, "claim_ids": [], "document_ids": []})
        if claim["id"] not in entry["claim_ids"]:
            entry["claim_ids"].append(claim["id"])
        if claim["document_id"] not in entry["document_ids"]:
            entry["document_ids"].append(claim["document_id"])
    values = sorted(by_value.values(), key=lambda v: (-len(v["document_ids"]), v["value"]))
    claim_ids = sorted({cid for v in values for cid in v["claim_ids"]})
    return {"kind": kind, "subject": subject, "values": values, "claim_ids": claim_ids}


def number_range(number: dict[str, Any]) -> tuple[float, float]:
    value = float(number["value"])
    if number.get("high") is not None:  # "between $140 million and $150 million"
        return value, float(number["high"])
    q = number.get("qualifier")
    if q in ("hundreds", "thousands", "millions", "billions", "dozens", "scores", "tens"):
        return value * 2, value * 10 - 1
    if q in ("at least", "over"):
        return value, math.inf
    if q in ("nearly", "up to", "under"):
        return value * 0.7, value
    if q == "about":
        return value * 0.8, value * 1.2
    # A figure stands for everything that rounds to it: "7.3%" may be 7.33, "2.5 billion"
    # 2.53 billion and "$31 billion" $30.9 billion. The boundary belongs to one side only,
    # so "7.3%" and "7.4%" (or "2 million" and "3 million") still disagree. A whole number
    # with no multiplier is taken at its word: 390 and 307 soldiers are two counts.
    scale, decimals = written_figure(number)
    if decimals or scale > 1.5:
        half = 0.4999 * 10 ** -decimals * scale
        return value - half, value + half
    return value, value


def unit_of(number: dict[str, Any]) -> str | None:
    unit = number.get("unit")
    if not unit:
        return None
    return UNIT_SYNONYMS.get(unit, unit)


def number_conflicts(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    by_unit: dict[str, list[tuple[dict[str, Any], dict[str, Any]]]] = collections.defaultdict(list)
    for c in claims:
        for n in c["numbers"]:
            unit = unit_of(n)
            if unit:
                by_unit[unit].append((n, c))
    out = []
    for unit, found in sorted(by_unit.items()):
        # A claim may give several figures of one unit ("at least $160 million and possibly
        # as much as $180 million"): two claims disagree when none of their figures agree.
        # Only figures of one happening are compared: "killed 10 people" and "injured 612
        # people" count two things.
        figures: dict[int, list[tuple[dict[str, Any], dict[str, Any]]]] = (
            collections.defaultdict(list))
        for n, c in found:
            figures[c["id"]].append((n, c))
        ids = sorted(figures)
        clashing: list[tuple[dict[str, Any], dict[str, Any]]] = []
        for i, x in enumerate(ids):
            for y in ids[i + 1:]:
                if figures[x][0][1]["document_id"] == figures[y][0][1]["document_id"]:
                    continue
                comparable = [(a, b) for a in figures[x] for b in figures[y]
                              if same_happening(a[0].get("event"), b[0].get("event"))
                              and same_owner(a[0].get("by"), b[0].get("by"))]
                if comparable and not any(_overlap(a[0], b[0]) for a, b in comparable):
                    for a, b in comparable:
                        clashing += [f for f in (a, b) if not any(f is g for g in clashing)]
        if clashing:
            out.append(_conflict("number", unit, [(n["text"], c) for n, c in clashing]))
    return out


def _overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    lo_a, hi_a = number_range(a)
    lo_b, hi_b = number_range(b)
    return lo_a <= hi_b and lo_b <= hi_a


def same_owner(a: str | None, b: str | None) -> bool:
    """Are two counts the same one's (``by`` of a number: "charles" in "Charles' 226
    yards")? Unknown on either side counts as yes."""
    return not a or not b or a == b


def same_happening(a: str | None, b: str | None) -> bool:
    """Do two counts' events (``event`` of a number: "kill" in "killed 10 people") name one
    happening? Unknown on either side counts as yes; "killed" and "died" are one class."""
    if not a or not b or a == b or stem(a) == stem(b):
        return True
    return frame_of(a) is not None and frame_of(a) == frame_of(b)


def _spelling(text: str) -> str:
    words = [w for w in text.split() if fold(w) not in TITLES]
    return " ".join(words)


def name_conflicts(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One person spelled differently across sources (titles aside; a bare surname beside
    the full name is not a variant, nor are two people who share a surname)."""
    spellings: dict[str, list[tuple[str, dict[str, Any]]]] = collections.defaultdict(list)
    for c in claims:
        for e in c["entities"]:
            if e.get("label") == "PERSON" and e.get("norm"):
                spellings[e["norm"]].append((_spelling(e["text"]), c))
    out = []
    for norm, found in sorted(spellings.items()):
        forms = {s for s, _ in found}
        variants = set()
        for a in forms:
            for b in forms:
                if a < b and _variants(a, b):
                    variants |= {a, b}
        if variants:
            out.append(_conflict("name", norm, [(s, c) for s, c in found if s in variants]))
    return out


def _name_words(name: str) -> list[str]:
    """Folded words, suffixes dropped, initials joined ("A.J." and "AJ" are one word)."""
    words: list[str] = []
    for w in fold(name).split():
        if len(w) == 1 and words and len(words[-1]) < 3 and words[-1].isalpha():
            words[-1] += w
        else:
            words.append(w)
    while words and words[-1] in SUFFIXES:
        words.pop()
    return words


def _variants(a: str, b: str) -> bool:
    """Two spellings of one person's name: "Vladimir"/"Volodymyr Medinsky", "Zelensky"/
    "Zelenskyy". Not a part beside the whole ("Felt"/"W. Mark Felt", "W. Mark Felt Sr."),
    an initial beside the name ("W. Mark Felt"/"William Mark Felt"), nor two people of
    one family ("Audrey Felt"/"Mark Felt": given names that are not alike)."""
    wa, wb = _name_words(a), _name_words(b)
    if not wa or not wb:
        return False
    if wa[-1] != wb[-1]:
        return True  # the surname itself spelled two ways (its key is the same)
    spelled_apart = False
    for x, y in zip(reversed(wa[:-1]), reversed(wb[:-1]), strict=False):
        if x == y or (min(len(x), len(y)) == 1 and x[0] == y[0]):
            continue
        if not _alike(x, y):
            return False  # another given name: another person
        spelled_apart = True
    return spelled_apart


def _alike(x: str, y: str) -> bool:
    """Two transliterations of one given name: the same consonants ("Vladimir"/
    "Volodymyr", "Sergei"/"Sergey", "Mohammed"/"Muhammad"), or long and nearly the same
    ("Alexander"/"Aleksandr"). "Mark"/"Mary" or "Audrey"/"Mark" are two people."""
    def skeleton(w: str) -> str:
        return re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiouy]", "", w))

    if skeleton(x) == skeleton(y):
        return True
    return min(len(x), len(y)) >= 5 and fuzz.ratio(x, y) >= 75


def all_conflicts(claims: list[dict[str, Any]], consensus: str | None) -> list[dict[str, Any]]:
    found = []
    date = date_conflict(claims, consensus)
    if date:
        found.append(date)
    # figures are compared within one fine event of an entry: "6,000 bodies" in the
    # agreement and "1,000 bodies" brought to the exchange point are not one count
    events: dict[Any, list[dict[str, Any]]] = collections.defaultdict(list)
    for c in claims:
        events[c.get("event")].append(c)
    for members in events.values():
        found.extend(number_conflicts(members))
    found.extend(name_conflicts(claims))
    return found


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
            note = (f"{BACKGROUND_NOTE} {own_pub}: {len(support)} other source(s) date this "
                    f"event to {consensus}")
            if (c["date"], c["date_base"]) != (consensus, note):
                out[c["id"]] = (consensus, "corroborated", note)
        elif background and own_pub:
            out[c["id"]] = (own_pub, "document", DOCUMENT_DATE_NOTE)
    return out


OCCASION_NOTE = "the occasion its entry reports"


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
                         or (c["date_base"] or "").startswith("relative to")):
            continue
        if day and backers:
            who = ("its article dates it" if c["document_id"] in backers
                   else f"{len(backers)} other source(s) date it")
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


def best_title_claim(claims: list[dict[str, Any]], similarity: dict[int, float]) -> dict[str, Any]:
    """The member that best represents the group: central, dated, a plain-length sentence,
    and in an entry of several fine events, from the event most of its sources report."""
    docs = len({c["document_id"] for c in claims}) or 1
    event_docs: dict[Any, set[int]] = collections.defaultdict(set)
    for c in claims:
        event_docs[c.get("event")].add(c["document_id"])

    def score(c: dict[str, Any]) -> float:
        length = len(c["text"])
        fit = 1.0 if 50 <= length <= 220 else 0.6
        # a whole sentence reads as a title; a trailing clause ("a move that had been
        # negotiated ...") does not
        whole = c["text"][:1].isupper() or c["text"][:1] in "\"“‘'"
        shared = len(event_docs[c.get("event")]) / docs if docs > 1 else 0.0
        return (similarity.get(c["id"], 0.5) + 0.25 * own_date(c)
                + 0.5 * shared + 0.1 * (c["kind"] == "event") + 0.2 * fit + 0.1 * whole)

    return max(sorted(claims, key=lambda c: c["id"]), key=score)


def conflict_subject(kind: str, subject: str) -> str:
    """What a conflict is about, in words for a reader: "the event date", "the number of
    prisoners", "the spelling of a name (medinsky)". The stored ``subject`` is a matching
    key (a name key, a unit), meant for the program, not for the screen or an export."""
    if kind == "date":
        return "the event date"
    if kind == "number":
        if subject.startswith("nth "):
            return f"which {subject[4:]}"  # "the second round" vs "the third round"
        if "(" in subject:
            return f"the {subject}"  # a sum of money: "the loss ($)"
        return f"the number of {_plural(subject)}"
    if kind == "name":
        return f"the spelling of a name ({subject.title()})"
    return subject


def _plural(unit: str) -> str:
    if unit.endswith(("s", "x", "ch", "sh")):
        return unit
    if unit.endswith("y") and unit[-2:-1] not in "aeiou":
        return unit[:-1] + "ies"
    return unit + "s"
