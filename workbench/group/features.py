"""What the engine knows of each item (step 1 of ``engine``): trigger stem, content
words, entity norms weighed by IDF, numbers, dates and event words."""

from __future__ import annotations

import math
import re
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..extract.stems import stem
from .config import GroupingConfig
from .frames import frame_of


@dataclass
class Item:
    """One thing to group: a claim (product) or an event mention (evaluation)."""

    text: str
    doc: str
    trigger: str | None = None
    trigger_text: str | None = None
    entities: list[tuple[str, str]] = field(default_factory=list)
    numbers: list[tuple[float, str]] = field(default_factory=list)
    date: str | None = None  # ISO text; its length is its precision (2025, 2025-06, 2025-06-02)
    fixed: int | None = None
    part: int | None = None  # a fixed item's fine event within its decided group
    grouped: bool = False  # it sits in an untouched group already: never joins a fixed one
    # A date the item does not state but its article places it at (carried from the
    # story's lead): never evidence that two items agree, only that they differ.
    context_date: str | None = None
    # For an item with no date at all: its article's publication date. What a report
    # tells without a date most likely happened in the days just before it was published.
    published: str | None = None


# Words too common to say anything about which event a sentence reports. General English
# function words only (nothing taken from any corpus).
_STOP = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers herself him himself his how i if
    in into is it its itself just me more most my myself no nor not now of off on once only
    or other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your yours
    yourself yourselves said says say told according since still would may might must shall
    one two three four five six seven eight nine ten new last first year years week weeks
    day days month months time monday tuesday wednesday thursday friday saturday sunday
    january february march april june july august september october november december
    mr mrs ms people""".split()
)

_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)

# Verbs that carry no event of their own (copulas, light and reporting verbs): two claims
# sharing one are not thereby about the same event. General English, no corpus behind it.
LIGHT_TRIGGERS = frozenset(
    """be have do get make take give go come become seem remain stay keep continue say
    tell add note state report claim confirm describe mention include involve""".split()
)

_NON_NAME_LABELS = frozenset(
    {"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY"}
)

def content_words(text: str) -> list[str]:
    return [
        w for w in (m.group(0).lower() for m in _WORD.finditer(text)) if w not in _STOP
    ]


def content_stems(text: str) -> set[str]:
    """The stems of a text's content words: what an entry's title and a suggested merge
    compare of two texts' wording."""
    return {stem(w) for w in content_words(text)}


_EMPTY: frozenset = frozenset()


def _frozen(values: Iterable) -> frozenset:
    """``frozenset(values)``, the one empty set when there are none: most claims state
    no number, and an empty frozenset is 216 bytes each (grouping holds one per claim)."""
    out = frozenset(values)
    return out if out else _EMPTY


@dataclass(slots=True)
class _Feat:
    # ``words`` and ``stems`` are only ever gone through, never looked up: tuples of the
    # distinct ones, a fifth of a frozenset's memory (grouping holds one per claim)
    words: tuple[str, ...]  # emptied once the blocking keys are taken (``engine.cluster``)
    text_key: str  # the sorted stems, for rapidfuzz
    trig: str | None  # stem of the trigger
    ents: frozenset[str]
    nums: dict[str, set[float]]
    values: frozenset[float]
    date: str | None
    stems: tuple[str, ...] = ()  # emptied once the event words are found
    evec: dict[str, float] = field(default_factory=dict)  # IDF-weighted entity norms
    solo: bool = True  # the only item for its sentence (a claim, not one of many mentions)
    events: frozenset[str] = frozenset()  # stems in the text that are some item's trigger
    light: bool = False  # the trigger is a light, copular or reporting verb
    frame: str | None = None  # the trigger's event class (see ``frames``)
    name_stems: frozenset[str] = frozenset()  # stems of the words of its names (ditto)


def _features(item: Item, alias: dict[str, str]) -> _Feat:
    """One item's own features; ``alias`` maps a short name to its long one (``acronyms``)."""
    words = [sys.intern(w) for w in content_words(item.text)]
    trig_word = item.trigger or item.trigger_text
    trig = None
    raw = None
    if trig_word:
        raw = trig_word.lower().strip()
        trig = " ".join(stem(t) for t in raw.split()) or None
    ents = _frozen(alias.get(n.lower(), n.lower()) for n, label in item.entities
                   if n and label not in _NON_NAME_LABELS)
    nums: dict[str, set[float]] = defaultdict(set)
    for value, unit in item.numbers:
        nums[(unit or "").lower()].add(float(value))
    light = bool(raw) and raw in LIGHT_TRIGGERS
    stems = tuple(dict.fromkeys(stem(w) for w in words))
    return _Feat(
        words=tuple(dict.fromkeys(words)),
        text_key=" ".join(sorted(stems)),
        trig=trig,
        ents=ents,
        nums=dict(nums),
        values=_frozen(v for vs in nums.values() for v in vs),
        date=item.date,
        stems=stems,
        light=light,
        frame=None if light else frame_of(raw),
        name_stems=_frozen(stem(w) for n in ents for w in n.split()),
    )


def features(items: list[Item], cfg: GroupingConfig | None = None,
             collection: int | None = None,
             bounds: dict[str, tuple[int, int | None]] | None = None) -> list[_Feat]:
    """Every item's features, with what depends on the whole set: entity weights, whether
    an item is alone in its sentence, and event words. ``collection``: how many claims
    the whole collection holds, when ``items`` are a few of its stories (the limits
    that are shares of the collection are taken of it). ``bounds["event"]``, when given,
    receives the range of that limit the event words would be the same for
    (:func:`limit_range`)."""
    cfg = cfg or GroupingConfig()
    alias = acronyms(items)
    feats = [_features(it, alias) for it in items]
    _spell_out_triggers(items, feats)
    _weigh_entities(feats)
    per_sentence: dict[tuple[str, str], int] = defaultdict(int)
    for it in items:
        per_sentence[(it.doc, it.text)] += 1
    for it, f in zip(items, feats, strict=True):
        f.solo = per_sentence[(it.doc, it.text)] == 1
    span = _event_words(feats, cfg, collection or len(feats))
    if bounds is not None:
        bounds["event"] = span
    for f in feats:  # read only to find the event words: not held for the whole grouping
        f.stems, f.name_stems = (), _EMPTY
    return feats


def limit_range(counts: Iterable[int], limit: int) -> tuple[int, int | None]:
    """The limits ``l`` with ``lo <= l < hi`` that keep the same of ``counts`` as
    ``limit`` does (those at most the limit): a result that depends on the counts only
    through that cut stays the same while the limit stays in the range (``hi`` None:
    no upper end)."""
    lo, hi = 0, None
    for c in counts:
        if c <= limit:
            lo = max(lo, c)
        elif hi is None or c < hi:
            hi = c
    return lo, hi


def _spell_out_triggers(items: list[Item], feats: list[_Feat]) -> None:
    """An event word written as its initials ("placed on IR", "arrested for DUI") takes
    the trigger of the words they stand for ("injured reserve", "driving under the
    influence"), by the rule :func:`acronyms` applies to names. Only items whose trigger
    is known as written (``trigger_text``) can be read this way."""
    written: dict[str, dict[str, str]] = defaultdict(dict)  # doc -> trigger text -> stem
    for it, f in zip(items, feats, strict=True):
        if it.trigger_text and f.trig:
            written[it.doc][it.trigger_text.strip()] = f.trig
    longs = _spelled_out(
        ({t.lower() for t in texts if 2 <= len(t) <= 5 and t.isalpha() and t.isupper()},
         {t.lower(): trig for t, trig in texts.items()}) for texts in written.values())
    for it, f in zip(items, feats, strict=True):
        short = (it.trigger_text or "").strip()
        if short.isupper() and len(longs.get(short.lower(), ())) == 1:
            f.trig = next(iter(longs[short.lower()]))


_ACRONYM_SKIP = frozenset({"of", "and", "for", "the", "de", "on", "in", "at", "to"})


def _spelled_out(documents: Iterable[tuple[set[str], dict[str, str]]]) -> dict[str, set[str]]:
    """Short form -> what the long forms it abbreviates stand for. ``documents`` gives,
    for each document, its short forms ("gm") and its long forms ("general motors") with
    what each stands for; a long form counts for a short one when one document uses both
    and the long form's initials (small words aside) spell the short one."""
    longs: dict[str, set[str]] = defaultdict(set)
    for shorts, long_forms in documents:
        for text, value in long_forms.items():
            words = [w for w in text.split() if w not in _ACRONYM_SKIP]
            if len(words) >= 2 and "".join(w[0] for w in words) in shorts:
                longs["".join(w[0] for w in words)].add(value)
    return longs


def _compact(name: str) -> str | None:
    """A short name's letters ("gm", "u s" -> "us"), or None for a name of words."""
    words = name.split()
    if len(words) == 1:
        return name
    return "".join(words) if all(len(w) == 1 for w in words) else None


def acronyms(items: list[Item]) -> dict[str, str]:
    """Short names to the long names they abbreviate ("gm" -> "general motors"), where
    some document names both, so that a report saying "GM" and one saying "General
    Motors" share a name. Only when the initials spell the short name and the collection
    offers one long name for it ("bc": "boston celtics" or "bergen county" is left alone).
    People are not abbreviated this way."""
    per_doc: dict[str, set[str]] = defaultdict(set)
    for it in items:
        for norm, label in it.entities:
            if norm and label not in _NON_NAME_LABELS and label != "PERSON":
                per_doc[it.doc].add(norm.lower())
    longs = _spelled_out(({c for n in names if (c := _compact(n)) is not None},
                          {n: n for n in names if _compact(n) is None})
                         for names in per_doc.values())
    alias: dict[str, str] = {}
    for names in per_doc.values():
        for n in names:
            short = _compact(n)
            if short is not None and len(longs.get(short, ())) == 1:
                alias[n] = next(iter(longs[short]))
    return alias


def _idf_vectors(bags: list[frozenset[str]]) -> list[dict[str, float]]:
    """Unit-length IDF vectors, IDF taken over the bags themselves."""
    df: dict[str, int] = defaultdict(int)
    for bag in bags:
        for w in bag:
            df[w] += 1
    n = len(bags)
    out = []
    for bag in bags:
        vec = {w: math.log((1 + n) / (1 + df[w])) + 1.0 for w in bag}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        out.append({w: v / norm for w, v in vec.items()})
    return out


def _weigh_entities(feats: list[_Feat]) -> None:
    """Entity norms as IDF vectors: the story's protagonist, named in every claim, says
    little about which event; a place or person only some claims name says much."""
    for f, vec in zip(feats, _idf_vectors([f.ents for f in feats]), strict=True):
        f.evec = vec


def entity_cosine(fa: _Feat, fb: _Feat) -> float | None:
    if not fa.evec or not fb.evec:
        return None
    small, big = (fa.evec, fb.evec) if len(fa.evec) <= len(fb.evec) else (fb.evec, fa.evec)
    return sum(v * big.get(e, 0.0) for e, v in small.items())


def _event_words(feats: list[_Feat], cfg: GroupingConfig,
                 collection: int) -> tuple[int, int | None]:
    """Each claim's event words: its trigger plus the words of its sentence that are the
    trigger of some other claim in the corpus, leaving out words so common in the corpus
    (in more than ``event_word_max_df`` of the sentences) that they name no one event."""
    triggers = {f.trig for f in feats if f.trig and not f.light}
    df: dict[str, int] = defaultdict(int)
    for f in feats:
        for w in f.stems:
            if w in triggers:
                df[w] += 1
    limit = cfg.claim_limits(collection)[0]
    for f in feats:
        # "city" in "New York City" is part of a name, not an event the sentence names
        words = {w for w in f.stems if w in triggers and df[w] <= limit
                 and w not in f.name_stems}
        if f.trig and not f.light:
            words.add(f.trig)
        f.events = _frozen(words)
    return limit_range(df.values(), limit)


def _story_event_words(
    items: list[Item], feats: list[_Feat], stories: dict[str, int], max_share: float,
    floor: int = 2) -> None:
    """Drop from each claim's event words those its story names everywhere.

    Inside one story (documents clustered in ``DocSimilarity.stories``) the story's
    subject is in most documents: "election" in every report of one election, "rehab" in
    every report of one check-in. Two sentences sharing such a word are not thereby about
    one event ("the election ended Sunday" / "the law on the election was adopted"). A word
    stays an event word only if at most ``floor`` documents of the story, or at most
    ``max_share`` of them, hold it; a claim's own trigger always stays. Across stories the
    rule is unchanged: an article on the store's sales that recalls "its launch" names the
    launch another story reports. A collection too small for stories is one story, and
    the caller gives it a floor of one document: among a handful of reports of one
    occasion, a word two of them use is already the occasion's, not one event's.
    """
    docs_in: dict[int | None, set[str]] = defaultdict(set)
    holders: dict[tuple[int | None, str], set[str]] = defaultdict(set)  # (story, word) -> docs
    for it, f in zip(items, feats, strict=True):
        story = stories.get(it.doc)
        docs_in[story].add(it.doc)
        for w in f.events:
            holders[(story, w)].add(it.doc)
    for it, f in zip(items, feats, strict=True):
        story = stories.get(it.doc)
        if story is None:  # a document without text is in no story
            continue
        limit = max(floor, max_share * len(docs_in[story]))
        f.events = _frozen(w for w in f.events
                           if w == f.trig or len(holders[(story, w)]) <= limit)
