"""Sharper dates for grouping only: never stored, never evidence in conflicts.

``grouping_dates`` reads a month or a bare weekday as the one day the corpus gives that kind
of event; ``occasions`` finds the day an undated sentence refers back to ("the talks"). Both
need the kind of event a trigger names (``kind_of``: the grouping stage's frames), which is
the caller's: dates sit below every stage and know no event vocabulary.
"""

from __future__ import annotations

import collections
import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from .entry import own_date, stated
from .expressions import to_date, weekday_of

KindOf = Callable[[str | None], str | None]


def grouping_dates(claims: list[dict[str, Any]], published: dict[int, str | None],
                   kind_of: KindOf) -> dict[int, tuple[str, str]]:
    """Sharper dates for grouping only (never stored, never evidence in conflicts):

    - "after the May discussions" in an article that dates one discussion in May to the
      day (May 16) is about that day (a month the source names: "less than two weeks ago"
      on June 16 fell in June, but not on the June 24 release the article announces);
    - "talks in Istanbul on Monday" in an article without a usable base: if the corpus
      dates that kind of event (``frames``) on exactly one day that is a Monday, not before
      the article's own dates, the Monday is that day.
    """
    claims = [stated(c) for c in claims]  # a date the group sharpened is not evidence
    by_doc: dict[tuple[int, str], set[str]] = collections.defaultdict(set)
    by_frame: dict[str, set[str]] = collections.defaultdict(set)
    for c in claims:
        frame = kind_of(c["trigger"])
        if frame and own_date(c) and c["date_precision"] == "day":
            by_doc[(c["document_id"], frame)].add(c["date"])
            by_frame[frame].add(c["date"])
    hints: dict[int, tuple[str, str]] = {}
    for c in claims:
        frame = kind_of(c["trigger"])
        if not frame:
            continue
        if (own_date(c) and c["date_precision"] == "month"
                and c["date_provenance"] == "explicit"):
            days = {d for d in by_doc.get((c["document_id"], frame), ()) if d.startswith(c["date"])}
            if len(days) == 1:
                hints[c["id"]] = (days.pop(), "day")
        elif not c["date"] and c["date_provenance"] == "relative" and c["date_text"]:
            wd = weekday_of(c["date_text"])
            floor = to_date(published.get(c["document_id"]))
            days = {d for d in by_frame.get(frame, ()) if wd is not None
                    and (on := to_date(d)) is not None and on.weekday() == wd
                    and (floor is None or on >= floor - dt.timedelta(days=7))}
            if len(days) == 1:
                hints[c["id"]] = (days.pop(), "day")
    return hints


# "the talks", "this meeting": a definite mention of an event the sentence before named
# ("before the talks", "since the meeting" date something else by it: not a mention)
_DEFINITE = re.compile(r"(?<!\bbefore )(?<!\bafter )(?<!\bprior to )(?<!\bfollowing )"
                       r"(?<!\bsince )(?<!\buntil )(?<!\bahead of )"
                       r"\b(?:the|this|these|those)\s+([a-z-]+)(?:\s+([a-z]+))?")


def occasions(claims: list[dict[str, Any]], hints: dict[int, tuple[str, str]],
              kind_of: KindOf) -> dict[int, str]:
    """The occasion an undated claim refers back to, for grouping only (a context date:
    never evidence, only a sign of two different occasions): "The Istanbul negotiations,
    which took place on June 2, were tense." / "... the talks centered on a ceasefire."
    The claim must mention the kind of event the claim just before it in the same document
    reports, with a definite article or a demonstrative (not "before the talks"), and that
    claim must be dated to a day by its own words (or by this rule, so a run of such
    sentences stays on the occasion)."""
    out: dict[int, str] = {}
    doc = None
    occasion: tuple[str, str | None, str | None] | None = None  # date, trigger, its class
    for c in sorted(claims, key=lambda c: (c["document_id"], c["char_start"])):
        if c["document_id"] != doc:
            doc, occasion = c["document_id"], None
        if c["id"] in hints:  # a day the corpus suggests: no occasion to refer back to
            occasion = None
            continue
        if own_date(c):
            day = stated(c)["date"]
            # only a day names one occasion ("a previous swap in May" may be another)
            occasion = (day, c["trigger"], kind_of(c["trigger"])) if len(day) == 10 else None
            continue
        if occasion is not None:
            date, trigger, kind = occasion
            named = {form for m in _DEFINITE.finditer(c["text"].lower()) for w in m.groups()
                     if w for form in (w, w.removesuffix("s"))}  # "talks": talk
            if trigger in named or (kind and any(kind_of(w) == kind for w in named)):
                out[c["id"]] = date
                continue
        occasion = None
    return out
