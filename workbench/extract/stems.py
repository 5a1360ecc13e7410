"""One stem for a verb and its nominalisation ("negotiated", "negotiations": "negoti"),
shared by extraction (an event named again, ``claims._named_before``) and grouping (trigger
and event-word matches, ``group.features``)."""

from __future__ import annotations

import functools

# Inflectional and derivational endings, longest first: "negotiations", "negotiated" and
# "negotiating" all become "negotiat"; "exchanges"/"exchanged" become "exchang".
_SUFFIXES = (
    "ations", "ation", "ments", "ment", "ings", "ing", "ions", "ion", "ers", "er",
    "ied", "ies", "ed", "es", "s", "e", "y",
)


@functools.lru_cache(maxsize=1 << 18)
def stem(word: str) -> str:
    """A crude suffix-stripping stem, enough to match a verb with its nominalisation.
    (Cached: a collection has far fewer distinct words than claims, and every claim's
    stems then share one string each.)"""
    w = word.lower().strip()
    for suf in _SUFFIXES:
        if len(w) - len(suf) >= 3 and w.endswith(suf):
            w = w[: -len(suf)]
            break
    # "negotiat(ed)" and "negoti(ation)" meet at "negoti"
    if len(w) >= 6 and w.endswith("at"):
        w = w[:-2]
    # doubled final consonant left by -ing/-ed ("stopped" -> "stopp" -> "stop")
    if len(w) >= 4 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        w = w[:-1]
    return w
