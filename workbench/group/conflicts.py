"""What a group says, and where its sources disagree: consensus date, title, conflicts.

Pure functions over claim rows (dicts as read from the ``claims`` table, JSON columns
decoded). Conflicts come in three kinds:

- ``date``: sources place the event on incompatible dates (day vs other day, or a month
  that excludes the day). Only dates a claim states (``explicit``/``relative``) count;
  a document's publication date is never evidence about when an event happened.
- ``number``: two sources give counts of the same thing, or sums of money for the same
  thing in one currency ("lost $30.9 billion" / "a loss of $2.5 billion"), whose ranges
  cannot both be true ("at least 1,000" vs "hundreds"); qualifiers and rounding widen a
  number into a range first. A date or a clock ("02 Jun", "10.30 pm") and a sign ("#")
  count nothing; one claim's figures that differ count different things.
- ``name``: one person spelled differently ("Vladimir" / "Volodymyr Medinsky"), never two
  people who share a surname ("La Toya" / "Tito Jackson").
"""

from __future__ import annotations

import collections
import dataclasses
import itertools
import math
import re
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from ..dates.entry import evidence_dates
from ..dates.expressions import MONTHS, compatible
from ..extract.claims import written_figure
from ..extract.money import WORDS
from ..extract.names import SUFFIXES, TITLES, fold
from .engine import stem
from .frames import frame_of, kind_of
from .rank import first_person

# Words for the same counted thing, folded to one unit so that their numbers are compared.
UNIT_SYNONYMS = {
    "captive": "prisoner", "detainee": "prisoner", "pow": "prisoner", "prisoners": "prisoner",
    "corpse": "body", "remains": "body", "remain": "body", "troop": "soldier",
    "serviceman": "soldier", "servicemen": "soldier", "fighter": "soldier",
    "person": "people", "individual": "people", "percent": "%", "pct": "%",
}


def date_conflict(claims: list[dict[str, Any]], consensus: str | None) -> dict[str, Any] | None:
    """The dates sources give against the entry's ``consensus``, when one of them leaves it
    out. A coarser date that holds the consensus ("2010-01" beside "2010-01-12") agrees
    with it and is no side of the disagreement: it is left out of the values."""
    # like with like: a date is a side only where another source gives another date for
    # the same fine event or the same kind of event ("sank on November 18" against "sank
    # on November 19"); a sentence alone on its own thing ("Since 1982, the city's
    # population has grown", in the quake's entry), or two sources agreeing on a thing of
    # their own (Obama "speaking on Thursday", in the quake's entry), dispute nothing
    evidence = evidence_dates(claims)
    said: dict[Any, dict[str, set[int]]] = collections.defaultdict(
        lambda: collections.defaultdict(set))
    for c in evidence:
        for key in _likes(c):
            said[key][c["date"]].add(c["document_id"])

    def disputes(c: dict[str, Any]) -> bool:
        if c.get("event") is None:
            return True  # nothing says what it is of: it stands against the entry's date
        return any(compatible(date, c["date"]) is False and docs - {c["document_id"]}
                   for key in _likes(c) for date, docs in said[key].items())

    if not consensus:
        return None
    # a reader's own account ("I last spoke to her on Skype on January 12") is testimony,
    # not a report of the occasion: it stands against no date, as it counts no figure
    against = [c for c in evidence if compatible(c["date"], consensus) is False and disputes(c)
               and not first_person(c)]
    if not against:
        return None
    # against them, every source that gives the entry's date (the count a reviewer weighs)
    backing = [c for c in evidence if compatible(c["date"], consensus)
               and len(c["date"]) >= len(consensus)]
    return _conflict("date", "event date", [(c["date"], c) for c in backing + against])


def _likes(c: dict[str, Any]) -> list[tuple[str, Any]]:
    """What a dated claim is compared with: its fine event, and its kind of event."""
    likes: list[tuple[str, Any]] = [("event", c.get("event"))]
    if (kind := kind_of(c)) is not None:
        likes.append(("kind", kind))
    return likes


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


# Words after a figure that make it a date or a clock time, not a count: "02 Jun",
# "13 September", "10.30 pm", "00.38 BST". ("march" and "may" count marches and nothing.)
NOT_COUNTED = ({m for m in MONTHS if m not in ("march", "mar", "may")}
               | {"am", "pm", "a.m.", "p.m.", "gmt", "bst", "utc", "est", "edt", "pst", "pdt",
                  "cet", "cest"})
# currency signs: a figure written with one and no unit is a sum of money whose measure is
# unknown, never a count. "#" stands for "£" in text that lost it (the British variant of
# ISO 646 puts "£" where ASCII has "#"; Timeline17's BBC articles read "# 133m").
CURRENCY_SIGNS = re.compile(r"[$£€¥₹₽₴#]")


def counted_unit(number: dict[str, Any]) -> str | None:
    """The thing a figure counts, for comparing counts: :func:`unit_of`, but None for a
    unit that names nothing counted: a sign ("#" before "133m" is a pound sign; only "%"
    is a unit of its own), a month or a clock ("02 Jun", "10.30 pm")."""
    unit = unit_of(number)
    if unit is None or unit in NOT_COUNTED:
        return None
    if unit != "%" and not any(ch.isalpha() for ch in unit):
        return None
    return unit


def _elliptic(number: dict[str, Any]) -> bool:
    """A figure with no counted noun that is no sum of money: "and 250,000 to 500,000
    globally" after "about 36,000 people die in the United States" counts people too,
    the noun left out as English leaves out a repeated one."""
    text = number.get("text") or ""
    return (number.get("unit") is None and not CURRENCY_SIGNS.search(text)
            and not any(w.rstrip("s") in WORDS for w in text.lower().split()))


Figure = tuple[dict[str, Any], dict[str, Any]]  # a number and its claim


PLACE_LABELS = frozenset({"GPE", "LOC"})


def number_conflicts(claims: list[dict[str, Any]],
                     published: dict[int, str | None] | None = None,
                     grew: list[tuple[Figure, Figure]] | None = None) -> list[dict[str, Any]]:
    """Counts (or sums) of one thing that two sources give and that cannot both be true.

    Two claims disagree when none of their comparable figures agree: a claim may give
    several figures of one unit ("at least $160 million and possibly as much as $180
    million"), and a figure whose counted noun is left out ("36,000 people die in the US,
    and 250,000 to 500,000 globally") may be the one that agrees, though it is never a
    side by itself. The sides are figures that plausibly count the same thing: one claim's
    figures of one unit that differ count different things ("Twenty six people have
    died ... the roughly 80 million people" of Egypt), so each is paired with at most one
    figure of the other claim, a count of the same known happening before one whose
    happening is unknown, then the nearest (a count whose verb is left out is of the
    happening its claim's other counts are of, :func:`_verb_left_out`). One conflict
    holds the figures so paired that count one happening (a count of unknown happening
    may stand in two), and the same reading written two ways ("between 250,000 and
    500,000 people", "250,000 to 500,000 people") is one side. Figures of claims dated to
    two different years count two things ("Last year 34,000 people in the US died" of
    flu, beside "nine people have died" of this one), as do those of two places. A count
    that a later day's report gives larger (``published``: document id → publication
    date) is the count told again as it grew, not a disagreement (:func:`grown`), unless
    the same count also falls or differs within a day: the pairs of a count that only
    grew go to ``grew``, when given, for :func:`running_counts`."""
    by_unit: dict[str, list[Figure]] = collections.defaultdict(list)
    elliptic: dict[tuple[int, str], list[dict[str, Any]]] = {}
    places: dict[int, set[str]] = {}  # what each claim names, read once, not once a pair
    added: set[int] = set()  # the figures (their id()) that add to an earlier count
    for c in claims:
        if first_person(c):
            continue  # "I helped get five people out": a reader's own account, no report
        places[c["id"]] = _places(c)
        units = set()
        for n in _verb_left_out(_originals(c)):
            unit = counted_unit(n)
            if unit:
                by_unit[unit].append((n, c))
                units.add(unit)
                if _increment(n, c):
                    added.add(id(n))
        bare = [n for n in c["numbers"] if _elliptic(n)]
        if len(units) == 1 and bare:
            elliptic[(c["id"], units.pop())] = bare
    out = []
    for unit, found in sorted(by_unit.items()):
        # Only figures of one happening are compared: "killed 10 people" and "injured 612
        # people" count two things.
        figures: dict[int, list[Figure]] = collections.defaultdict(list)
        for n, c in found:
            figures[c["id"]].append((n, c))
        ids = sorted(figures)
        clashes: list[tuple[Figure, Figure]] = []
        for i, x in enumerate(ids):
            for y in ids[i + 1:]:
                if figures[x][0][1]["document_id"] == figures[y][0][1]["document_id"]:
                    continue
                if places[x] and places[y] and not places[x] & places[y]:
                    continue  # "26 have died in Egypt", "killed 159 in Mexico": two counts
                if None not in (years := {_year(figures[x][0][1]), _year(figures[y][0][1])}
                                ) and len(years) == 2:
                    continue  # "Last year 34,000 people died" of flu, "nine have died" now
                comparable = [(a, b) for a in figures[x] for b in figures[y]
                              if same_happening(a[0].get("event"), b[0].get("event"))
                              and (id(a[0]) in added) == (id(b[0]) in added)
                              and same_owner(a[0].get("by"), b[0].get("by"))]
                if not comparable or any(_overlap(a[0], b[0]) for a, b in comparable):
                    continue
                echoes = ([(e, b[0]) for e in elliptic.get((x, unit), []) for b in figures[y]]
                          + [(a[0], e) for a in figures[x] for e in elliptic.get((y, unit), [])])
                if any(_overlap(a, b) for a, b in echoes):
                    continue
                clashes += _paired(comparable)
        # one conflict a happening: a count whose happening is unknown, paired with the
        # dead here and the homeless there, must not join the two into one disagreement
        by_happening: dict[str | None, list[tuple[Figure, Figure]]] = collections.defaultdict(
            list)
        for a, b in clashes:
            by_happening[_happening(a[0]) or _happening(b[0])].append((a, b))
        for _h, pairs in sorted(by_happening.items(), key=lambda kv: kv[0] or ""):
            for part, joined in _connected_pairs(pairs):
                # a count that only grew from one day's reports to a later day's is its
                # course; one that anywhere fell or differed within a day is disputed,
                # every figure of it a side (a figure both in a course and in a conflict
                # read as "no conflict" and as "sources disagree" at once)
                if all(grown(a, b, published) for a, b in joined):
                    if grew is not None:
                        grew.extend(joined)
                else:
                    out.append(_conflict("number", unit, _sides(part)))
    return out


def grown(a: Figure, b: Figure, published: dict[int, str | None] | None) -> bool:
    """Is one of two counts that disagree the other told again on a later day, grown? A
    news count of the dead, the cases, the rescued or the displaced is a running total:
    each day's reports give it as it stands ("Mexico has now confirmed 19 fatalities" on 3
    May, 25 on 4 May; a toll "may be 50,000" on 15 January, "up to 200,000" on the 18th),
    so a later report's larger figure updates the earlier one. A later report's smaller
    figure, or two figures of one day, are a disagreement; so are shares ("%") and sums of
    money, which fall as readily as they rise. Days are the reports' publication days;
    a report without one is of no known day."""
    if not published:
        return False
    unit = counted_unit(a[0])
    if unit is None or unit == "%" or "(" in unit:
        return False
    day_a, day_b = published.get(a[1]["document_id"]), published.get(b[1]["document_id"])
    if not day_a or not day_b or len(day_a) != 10 or len(day_b) != 10 or day_a == day_b:
        return False
    earlier, later = (a, b) if day_a < day_b else (b, a)
    return number_range(later[0])[0] > number_range(earlier[0])[1]


@dataclass(frozen=True)
class CountStep:
    """One figure of a count's course: as written, as read (``value``, a range's ``high``,
    its ``qualifier``), the publication days of the reports that give it and their claims."""
    text: str
    value: float
    high: float | None
    qualifier: str | None
    days: tuple[str, ...]
    claim_ids: tuple[int, ...]


@dataclass(frozen=True)
class RunningCount:
    """A count an entry's reports give larger day by day (:func:`grown`), its figures in
    the order they were first told."""
    subject: str
    steps: tuple[CountStep, ...]


def running_counts(claims: list[dict[str, Any]],
                   published: dict[int, str | None]) -> list[RunningCount]:
    """The counts an entry's reports tell again as they grow, which are therefore no
    conflict: shown to the reviewer as the count's course ("45,000-50,000 people" on 15
    January, "up to 200,000 people" on the 18th), figures compared within one fine event
    as :func:`all_conflicts` compares them. Each figure is given with every report of the
    event that gives it (a figure copied into a later day's report is still first told on
    its own day; a report of no known day adds its claim, not a day). Figures that join
    into no course that only grows, in the order first told (a count in one place grown
    into another place's), show none."""
    out = []
    for members in _by_event(claims).values():
        grew: list[tuple[Figure, Figure]] = []
        number_conflicts(members, published, grew)
        out.extend(_courses(members, grew, published))
    return out


def _courses(members: list[dict[str, Any]], grew: list[tuple[Figure, Figure]],
             published: dict[int, str | None] | None) -> list[RunningCount]:
    """:func:`running_counts` of one fine event's ``members``, the pairs that grew given."""
    if not grew:
        return []
    published = published or {}

    def day(c: dict[str, Any]) -> str | None:
        d = published.get(c["document_id"])
        return d if d and len(d) == 10 else None

    giving: dict[tuple[str | None, str], list[dict[str, Any]]] = collections.defaultdict(
        list)  # (unit, figure as written) → the claims that give it
    for c in members:
        for n in _originals(c):
            giving[(counted_unit(n), n["text"].lower())].append(c)
    out = []
    for part in _connected(grew):
        unit = counted_unit(part[0][0])
        firsts: dict[str, dict[str, Any]] = {}  # each figure as written, once
        for n, _c in part:
            firsts.setdefault(n["text"].lower(), n)
        steps = []
        for key, n in firsts.items():
            told = giving[(unit, key)]
            steps.append((number_range(n), CountStep(
                n["text"], n["value"], n.get("high"), n.get("qualifier"),
                tuple(sorted({d for c in told if (d := day(c))})),
                tuple(sorted({c["id"] for c in told})))))
        # every figure of a grown pair has a day: the first is when it was first told
        steps.sort(key=lambda s: (s[1].days[0], s[0]))
        steps = _same_readings_folded(steps)
        # a count that fell, or two figures first told on one day (one article's "1
        # million" killed by one pandemic and "2 million" by another, never compared as
        # they are one source's), is no course
        if any(b[0][1] < a[0][0] or b[1].days[0] == a[1].days[0]
               for a, b in itertools.pairwise(steps)):
            continue
        out.append(RunningCount(unit or "", tuple(step for _range, step in steps)))
    return out


def _same_readings_folded(steps: list[tuple[tuple[float, float], CountStep]],
                          ) -> list[tuple[tuple[float, float], CountStep]]:
    """A course's steps, each figure that reads as the one before it ("An estimated
    200,000 people" on 20 January, "As many as 200,000 people" on the 28th) folded into
    it: the count told again, not grown (its reports and days join the earlier
    wording's)."""
    out: list[tuple[tuple[float, float], CountStep]] = []
    for reading, step in steps:
        if out and out[-1][0][0] <= reading[1] and reading[0] <= out[-1][0][1]:
            kept = out[-1][1]
            out[-1] = (out[-1][0], dataclasses.replace(
                kept, days=tuple(sorted({*kept.days, *step.days})),
                claim_ids=tuple(sorted({*kept.claim_ids, *step.claim_ids}))))
        else:
            out.append((reading, step))
    return out


COURSE = "course"  # the mark on the values of a course a reviewer settled (a conflict row)


def course_conflict(course: RunningCount, claims: list[dict[str, Any]]) -> dict[str, Any]:
    """A course as a number conflict whose values are its figures, each marked
    :data:`COURSE`: what a reviewer who finds its figures count different things ("1
    million" killed in 1968's pandemic, "2 million" in 1957's) settles as not a
    disagreement, stored with the entry's conflicts so that it is no longer shown as a
    course."""
    doc = {c["id"]: c["document_id"] for c in claims}
    values = [{"value": s.text, "claim_ids": list(s.claim_ids),
               "document_ids": sorted({doc[i] for i in s.claim_ids if i in doc}),
               COURSE: True} for s in course.steps]
    return {"kind": "number", "subject": course.subject, "values": values,
            "claim_ids": sorted({i for s in course.steps for i in s.claim_ids}),
            COURSE: True}


def covered(course: RunningCount, rows: list[tuple[str, list[dict[str, Any]]]]) -> bool:
    """Is ``course`` one of the entry's stored number conflicts (``rows``: (subject,
    values))? So it is when a reviewer settled it (values marked :data:`COURSE`), or when
    one of its figures, from the same report, is a side of a conflict stored before the
    rules read the count as grown (a database built by an earlier version): a figure is
    never shown as "no conflict" and "sources disagree" at once."""
    told = {(s.text.lower(), i) for s in course.steps for i in s.claim_ids}
    ids = {i for _text, i in told}
    for subject, values in rows:
        if subject != course.subject:
            continue
        for v in values:
            claims = set(v.get("claim_ids", ()))
            if (v.get(COURSE) and ids & claims) or any(
                    (str(v.get("value", "")).lower(), i) in told for i in claims):
                return True
    return False


def _by_event(claims: list[dict[str, Any]]) -> dict[Any, list[dict[str, Any]]]:
    """An entry's claims by their fine event: figures are compared within one ("6,000
    bodies" in the agreement and "1,000 bodies" brought to the exchange point are not one
    count)."""
    events: dict[Any, list[dict[str, Any]]] = collections.defaultdict(list)
    for c in claims:
        events[c.get("event")].append(c)
    return events


# words that make a count an addition to an earlier one ("four other people were rescued",
# "43 more cases", "another 48 people have died", "a further 20")
_ADDED_AFTER = frozenset({"other", "more", "additional", "further", "extra", "new"})
_ADDED_BEFORE = re.compile(r"\b(?:another|(?:an|a) (?:extra|further|additional))\s*$", re.I)


def _increment(number: dict[str, Any], claim: dict[str, Any]) -> bool:
    """Is the count an addition to an earlier count, not a total? "Four other people were
    rescued during the day" adds to the rescued, and "More than 120 people altogether"
    counts them all: two different quantities, never two readings of one."""
    text = str(number.get("text") or "")
    # lower case only: "New" in "17 New Zealand soldiers" is a name's
    words = {w.strip(",.") for w in text.split()[1:]}
    if words & _ADDED_AFTER:
        return True
    at = str(claim.get("text") or "").find(text)
    return at > 0 and _ADDED_BEFORE.search(claim["text"][:at]) is not None


_WORLD = re.compile(r"\b(?:world|worldwide|globally|countries)\b", re.I)


def _places(claim: dict[str, Any]) -> set[str]:
    """The places a claim names (countries, cities, regions), by their keys; "the world"
    when it counts across countries ("4,379 people across the world", "in 42 countries")."""
    found = {e["norm"] for e in claim.get("entities", ()) if e.get("label") in PLACE_LABELS
             and e.get("norm")}
    if _WORLD.search(str(claim.get("text") or "")):
        found.add("the world")
    return found


def _year(claim: dict[str, Any]) -> str | None:
    """The year a claim is dated to, None when undated."""
    date = claim.get("date")
    return str(date)[:4] if date else None


def _happening(number: dict[str, Any]) -> str | None:
    """The class of a count's happening (:func:`same_happening`), None when unknown."""
    event = number.get("event")
    return (frame_of(event) or stem(event)) if event else None


def _originals(claim: dict[str, Any]) -> list[dict[str, Any]]:
    """A claim's figures less those that restate the figure just before them in another
    unit, in brackets ("about 19km (12 miles) west of Port-au-Prince", "$562m (£346m)"):
    the conversion is the outlet's arithmetic, not another report, so it is never a side
    ("19km (18 miles)" in one source and "19km (12 miles)" in another agree on 19km)."""
    numbers = claim["numbers"]
    text = str(claim.get("text") or "")
    out = numbers[:1]
    at = 0  # the figures in the order they are written: each looked for after the last
    for before, n in itertools.pairwise(numbers):
        found = text.find(before["text"], at)
        at = found if found >= 0 else text.find(before["text"])
        after = text[at + len(before["text"]):].lstrip() if at >= 0 else ""
        at = max(at, 0)
        restated = after.startswith("(") and after[1:].lstrip().startswith(n["text"])
        if not restated or counted_unit(before) == counted_unit(n):
            out.append(n)
    return out


def _verb_left_out(numbers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A claim's figures, a count whose happening is unknown taking the one happening its
    claim's other counts of that unit are of: English leaves out a repeated verb as it
    leaves out a repeated noun ("121 people had been rescued ... an extra 31 people on
    Tuesday"; "about 45,000-50,000 people have died"), so the count is of that happening,
    not of any (a rescue is no death toll)."""
    known: dict[str | None, set[str]] = collections.defaultdict(set)
    for n in numbers:
        if n.get("event"):
            known[counted_unit(n)].add(_happening(n) or "")
    out = []
    for n in numbers:
        events = known.get(counted_unit(n), set())
        if not n.get("event") and len(events) == 1:
            event = next(e["event"] for e in numbers
                         if e.get("event") and counted_unit(e) == counted_unit(n))
            n = {**n, "event": event}
        out.append(n)
    return out


def _paired(comparable: list[tuple[Figure, Figure]]) -> list[tuple[Figure, Figure]]:
    """Each figure of two claims with at most one of the other's: a count of the same known
    happening first ("died" / "killed", before a count whose happening is unknown), then
    the nearest in size."""
    def likeness(pair: tuple[Figure, Figure]) -> tuple[int, float]:
        (a, _), (b, _) = pair
        known = bool(a.get("event")) and bool(b.get("event"))
        return (0 if known else 1, abs(_size(a) - _size(b)))

    used: set[int] = set()
    out = []
    for a, b in sorted(comparable, key=likeness):
        if id(a[0]) in used or id(b[0]) in used:
            continue
        used |= {id(a[0]), id(b[0])}
        out.append((a, b))
    return out


def _size(number: dict[str, Any]) -> float:
    lo, hi = number_range(number)
    return math.log1p(max(lo if math.isinf(hi) else (lo + hi) / 2, 0.0))


def _connected_pairs(pairs: list[tuple[Figure, Figure]],
                     ) -> list[tuple[list[Figure], list[tuple[Figure, Figure]]]]:
    """:func:`_connected`, each part with the pairs that join it."""
    parts = _connected(pairs)
    where = {id(f[0]): k for k, part in enumerate(parts) for f in part}
    joined: list[list[tuple[Figure, Figure]]] = [[] for _ in parts]
    for a, b in pairs:
        joined[where[id(a[0])]].append((a, b))
    return list(zip(parts, joined, strict=True))


def _connected(pairs: list[tuple[Figure, Figure]]) -> list[list[Figure]]:
    """The figures of ``pairs`` in parts that pairs connect: each part is one counted thing
    that sources disagree on, in the order the pairs first name them."""
    parent: dict[int, int] = {}
    figure: dict[int, Figure] = {}

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for a, b in pairs:
        for f in (a, b):
            parent.setdefault(id(f[0]), id(f[0]))
            figure.setdefault(id(f[0]), f)
        parent[root(id(a[0]))] = root(id(b[0]))
    parts: dict[int, list[Figure]] = {}
    for k, f in figure.items():
        parts.setdefault(root(k), []).append(f)
    return list(parts.values())


def _sides(part: list[Figure]) -> list[tuple[str, dict[str, Any]]]:
    """(value, claim) for each figure of a conflict, one value for one reading: figures read
    as the same range ("between 250,000 and 500,000 people" / "250,000 to 500,000 people",
    "Two cases" / "two cases") show the words most of them use."""
    texts: dict[tuple[float, float], collections.Counter[str]] = collections.defaultdict(
        collections.Counter)
    for n, _ in part:
        texts[number_range(n)][n["text"]] += 1
    shown = {key: min(count, key=lambda t: (-count[t], t)) for key, count in texts.items()}
    return [(shown[number_range(n)], c) for n, c in part]


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
                if a < b and spelling_variants(a, b):
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


SHORT_NAME = 4  # letters below which a surname spelled otherwise is another surname


def spelling_variants(a: str, b: str) -> bool:
    """Two spellings of one person's name: "Vladimir"/"Volodymyr Medinsky", "Zelensky"/
    "Zelenskyy". Not a part beside the whole ("Felt"/"W. Mark Felt", "W. Mark Felt Sr."),
    an initial beside the name ("W. Mark Felt"/"William Mark Felt"), nor two people of
    one family ("Audrey Felt"/"Mark Felt", "La Toya"/"Tito Jackson": given names that
    are not alike, even when the surname is spelled otherwise too, "Andrea Phillips"/"John
    Philipps"), nor the same spelling with a given name added ("Zelenskyy"/"Volodymyr
    Zelenskyy")."""
    wa, wb = _name_words(a), _name_words(b)
    if not wa or not wb:
        return False
    # the surname itself spelled two ways (its key is the same), if it is long enough
    # for a letter more to be a spelling: "Le" and "Lee", "Wu" and "Wuu" are other names
    spelled_apart = wa[-1] != wb[-1]
    if spelled_apart and min(len(wa[-1]), len(wb[-1])) < SHORT_NAME:
        return False
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
        # "y" is a consonant before a vowel or at the start ("Toya", "Yuri"), else a vowel
        # ("Sergey", "Volodymyr")
        w = w[:1] + re.sub(r"y(?![aeiou])", "", w[1:])
        return re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiou]", "", w))

    # Consonants in their order are the name across transliterations, but one consonant
    # says too little: "Toya"/"Tito" or "Ali"/"Eli" are two people.
    if len(skeleton(x)) >= 2 and skeleton(x) == skeleton(y):
        return True
    # a long name nearly the same, from the same letter ("Herbert"/"Robert" are two)
    return min(len(x), len(y)) >= 5 and x[0] == y[0] and fuzz.ratio(x, y) >= 75


def all_conflicts(claims: list[dict[str, Any]], consensus: str | None,
                  published: dict[int, str | None] | None = None) -> list[dict[str, Any]]:
    """Every conflict of an entry's ``claims``: its date against ``consensus``, counts
    (``published``: document id → publication date, to tell a running count's days) and
    names; and each count's course (:func:`course_conflict`, marked :data:`COURSE`: the
    caller keeps one only where a reviewer settled it, ``group._with_resolutions``)."""
    found = []
    date = date_conflict(claims, consensus)
    if date:
        found.append(date)
    for members in _by_event(claims).values():
        grew: list[tuple[Figure, Figure]] = []
        found.extend(number_conflicts(members, published, grew))
        found.extend(course_conflict(c, members) for c in _courses(members, grew, published))
    found.extend(name_conflicts(claims))
    return found
