"""An entry's title: the member a reviewer reads first, in the queue and in the export.

A good title reads like a news lead: it says what happened, when, and by or to whom. Six
properties of a member sentence, each a general property of English news leads, decide it:

- ``own_date``: its own words give a date;
- ``entry_day``: that date is the entry's day;
- ``lead``: it stands near the top of its article (news is told lead first, the inverted
  pyramid), within ``lead_chars`` characters;
- ``names``: the people, places and bodies it names (up to three);
- ``numbers``: it gives a figure;
- ``quote``: it quotes someone (a quotation is a voice, not the summary of an occasion);
- ``shared``: how much of its wording the entry's other sources also use (the words of
  the occasion recur in every report of it; a caption, an aside or a reader's view is
  one source's own): for each of its content words, the share of the entry's other
  articles that use it, averaged.

(A seventh, a sentence that cannot be read alone because it opens with a personal pronoun
or is a clause cut from its sentence, was fitted to a weight of about 0 and left out. A
piece cut from its sentence, "…a move that had been negotiated during a second round",
titles an entry only when no whole sentence can (``piece``): no measure moves, 12 of
Timeline17's 3,000 entry titles change, and a reader is never handed a title that begins
mid-sentence.)

Their weights and ``lead_chars`` are fitted (``workbench eval fit-titles``: on Timeline17,
the title a weighting picks is scored by its word overlap with the journalist's first
sentence for that day, ``lead_chars`` chosen by leaving one story out) and kept with their
provenance in ``titles.json`` beside this file. A member whose own date says another time
than the entry's (a source that misdates the occasion, a history told beside it) titles it
only if every member does.
"""

from __future__ import annotations

import collections
import json
import re
from functools import cache
from importlib import resources
from typing import Any

from ..dates.entry import own_date, stated
from ..dates.expressions import MONTH_RE, compatible
from ..ingest.boilerplate import page_stamp_end
from .features import content_stems

# the entity labels that name a participant or a place (a title that names one says who)
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT"})
FEATURES = ("own_date", "entry_day", "lead", "names", "numbers", "quote", "shared")
_QUOTE = re.compile(r"[\"\u201c\u201d]")


@cache
def weights() -> dict[str, float]:
    """The fitted weights, and ``lead_chars``."""
    data = json.loads(resources.files(__package__).joinpath("titles.json").read_text())
    return {name: float(data["weights"][name]) for name in (*FEATURES, "lead_chars")}


def sharing(claims: list[dict[str, Any]]) -> dict[int, float]:
    """Each member's ``shared``: for each of its content words (stemmed), the share of the
    entry's other articles whose members use it, averaged over its words. 0 in an entry
    of one article. Linear in the members' words."""
    words: dict[int, set[str]] = {}
    articles: dict[str, set[int]] = collections.defaultdict(set)
    for c in claims:
        words[c["id"]] = content_stems(c["text"])
        for w in words[c["id"]]:
            articles[w].add(c["document_id"])
    others = len({c["document_id"] for c in claims}) - 1
    if others < 1:
        return dict.fromkeys(words, 0.0)
    return {cid: sum(len(articles[w]) - 1 for w in ws) / (len(ws) * others) if ws else 0.0
            for cid, ws in words.items()}


def features(claim: dict[str, Any], date: str | None, lead_chars: float,
             shared: float = 0.0) -> list[float]:
    """The member's values of ``FEATURES``, in order (``shared`` from :func:`sharing`)."""
    text = claim["text"]
    dated = own_date(claim)
    names = {e["norm"] for e in claim.get("entities") or ()
             if e.get("norm") and e.get("label") in NAME_LABELS}
    values = {
        "own_date": float(dated),
        "entry_day": float(dated and date is not None and stated(claim)["date"] == date),
        "lead": float(claim.get("char_start", 0) < lead_chars),
        "names": min(3, len(names)) / 3,
        "numbers": float(bool(claim.get("numbers"))),
        "quote": float(bool(_QUOTE.search(text))),
        "shared": shared,
    }
    return [values[name] for name in FEATURES]


def score(claim: dict[str, Any], date: str | None, w: dict[str, float],
          shared: float = 0.0) -> float:
    return sum(w[name] * x for name, x in
               zip(FEATURES, features(claim, date, w["lead_chars"], shared), strict=True))


# a word that ties a sentence to the one before it ("Meanwhile, Ukraine stepped up ...",
# "But the talks made little progress"): a title is read alone, in the queue and in the
# chronology, where there is no sentence before it
_CONNECTIVE = re.compile(
    r"(?:(?:however|additionally|in addition|also|separately|moreover|"
    r"furthermore|nevertheless|nonetheless|in the meantime|meantime|besides|still|"
    r"in a recent development|in another development|elsewhere),\s+"
    r"|(?:meanwhile|but|and|yet),?\s+)(?=[A-Za-z\u201c\"])", re.IGNORECASE)


# a day the line opens with, as a timeline page prints each of its lines ("8 October 2011
# Dr Murray reveals in a recorded interview ..."): the entry's date says it already
_OPENING_DAY = re.compile(
    rf"(?:\d{{1,2}}\s+(?i:{MONTH_RE})|(?i:{MONTH_RE})\s+\d{{1,2}},?)\s+\d{{4}}\s*[-–—:,]?\s+"
    r"(?=[\"“‘']?[A-Z])")


# The longest title shown: a news sentence runs to about 300 characters (of Timeline17's
# 15,000 entries, 1 % have a longer title sentence: captions run into it).
TITLE_CHARS = 300


def title_text(claim: dict[str, Any]) -> str:
    """The words of the member that titles an entry, without the page furniture a scraped
    page runs into its first sentence ("24 June 2010 Last updated at 14:59 GMT Help A
    year on from ...": ``ingest.boilerplate.page_stamp_end``), which the claim keeps as
    the source printed it, and without a word that ties it to the sentence before
    ("Meanwhile, ...", "But ...")."""
    text = claim["text"]
    end = page_stamp_end(text)
    text = text[end:].lstrip() if end and text[end:].strip() else text
    day = _OPENING_DAY.match(text)
    if day and len(text) > day.end() + 20:
        text = text[day.end():]
    tie = _CONNECTIVE.match(text)
    if tie and len(text) > tie.end() + 20:
        rest = text[tie.end():]
        word = rest.split(maxsplit=1)[0]
        # "the talks" begins the title now; "iPhone", "eBay" keep their letters
        text = rest[0].upper() + rest[1:] if word[1:] == word[1:].lower() else rest
    elif text[:1].islower() and (first := text.split(maxsplit=1)[0])[1:] == first[1:].lower():
        # a piece of a sentence ("helped out until the next day."): marked as the export
        # marks a quote whose sentence began before it
        text = "…" + text
    if len(text) > TITLE_CHARS:
        # a sentence that runs on for pages (a scraped page's run of captions, a paragraph
        # with no full stop in megabytes) titles with its opening words, cut between words
        cut = text.rfind(" ", TITLE_CHARS // 2, TITLE_CHARS)
        text = text[:cut if cut > 0 else TITLE_CHARS].rstrip(" ,;:") + "…"
    if text[-1:].isalnum():
        # one that stops short ("Mr Bertolaso, who arrived in Haiti on Friday", before
        # what he said): marked where its sentence goes on
        text += "…"
    return text


def best_title_claim(claims: list[dict[str, Any]], date: str | None = None,
                     w: dict[str, float] | None = None) -> dict[str, Any]:
    """The member that titles the entry (see the module doc); ``date``: the entry's."""
    w = w or weights()
    shared = sharing(claims)

    def agrees(c: dict[str, Any]) -> bool:
        return not own_date(c) or compatible(stated(c)["date"], date) is not False

    # among equals, the member told earliest in its article (the lead first), then the
    # first one read
    return max(sorted(claims, key=lambda c: c["id"]),
               key=lambda c: (agrees(c), not piece(c),
                              round(score(c, date, w, shared[c["id"]]), 9),
                              -c.get("char_start", 0)))


def piece(claim: dict[str, Any]) -> bool:
    """Is the member a piece cut from its sentence ("a move that had been negotiated
    during a second round ...", "described it as ..."), which cannot be read alone?"""
    text = claim["text"].lstrip("\"“‘'( ")
    first = text.split(maxsplit=1)[0] if text else ""
    return text[:1].islower() and first[1:] == first[1:].lower()
