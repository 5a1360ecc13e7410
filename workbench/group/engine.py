"""Decide which claims are about the same event: pair scoring, blocking and clustering.

Pure Python on plain data (``Item``); no database and no spaCy, so the product's regroup
step and ``workbench eval`` call the very same :func:`cluster` with the same defaults.

How it works
------------
1. **Features.** Every item gets a trigger stem (a crude suffix stemmer, so "negotiated"
   and "negotiations" meet; an event word written as initials, "IR", takes the stem of
   the words some article spells out, "injured reserve"), its content words, its entity
   norms (names only: dates and quantities are compared separately; a short name some
   article spells out stands for the long one, "GM" for "General Motors", see
   :func:`acronyms`) weighted by IDF over
   the items (the story's protagonist, named everywhere, says little; a rarer place or
   person says much), its numbers, its date and, for a claim (an item alone in its
   sentence), its *event words*:
   the words of its sentence that are some other claim's trigger, unless they occur in
   more than ``event_word_max_df`` of the sentences or in more than a few of the
   documents of its story (step 2; ``event_word_story_df``), a small collection being
   one story.
2. **Stories.** With ``doc_texts`` for at least ``min_docs_for_stories`` documents, the
   documents get TF-IDF vectors (capitalised words count twice: two earthquakes differ
   in where and who) and are clustered by average linkage into *stories*. A story of
   one kind of event often holds two occasions (two earthquakes, two keynotes): inside
   it the kind's words are everywhere, so each story is weighed again with IDF over its
   own documents and cut in two where the documents are clearly more alike within each
   side than across (``story_split_ratio``). The cut is loose (``story_threshold``):
   in a collection of one topic, IDF over its own documents weighs the topic's words to
   nothing, and a stricter cut leaves most reports of one occasion in stories of their
   own. The event-word limit (step 1) uses stories cut tighter
   (``event_word_story_threshold``). With fewer documents (a user following one story)
   IDF over documents means nothing, and document similarity is left out altogether.
3. **Blocking.** Comparing every claim with every other grows with the square of the
   corpus, so only pairs that share a *blocking key* are scored. Keys are: the trigger stem,
   its event class (``frames``), the story and trigger stem together, each entity norm,
   the exact day and the month of the date, and each *rare* content word (in at most
   ``rare_token_max_df`` of the items and at most ``rare_token_max_count``).
   A block (the items sharing one key) of up to ``max_block`` items yields all its pairs.
   A larger block would be quadratic again, so it is split: with document texts, an item
   is only paired with items of its own document and of its ``doc_neighbours`` most
   similar documents; without them, items are sorted by date and document and each is
   paired with its ``window`` next neighbours in that order. Every item thus meets a
   bounded number of candidates per key, and the cost grows about linearly with the
   number of items (bench/bench_eval.py measures it).
4. **Pair score** (0..1): the weighted mean of the features both items have — sentence
   text similarity (rapidfuzz ``token_set_ratio`` over stems), trigger similarity, entity
   overlap, date compatibility (same day 1, a month or year containing the day 0.8/0.5,
   incompatible 0), number agreement for the same unit and document similarity. A
   feature one side lacks is left out of the mean rather than counted as disagreement.
   Then:
   - *trigger evidence for claims*: a shared event word (a word some claim has as its
     trigger, in both sentences, and not common in the corpus) counts as a (weaker)
     trigger match ("reached an agreement after the talks" / "the talks made little
     progress"). Never for items that share their sentence with other items (gold
     mentions): their triggers are exact. A word common in the corpus is not enough,
     even as the other claim's own trigger ("the absence of Kyiv's delegation raised
     questions" / "his delegation would proceed"; measured with ``eval ecbplus
     --claims``, see the README);
   - *light verbs*: two equal triggers that are copular, light or reporting verbs ("be",
     "remain", "say"; ``LIGHT_TRIGGERS``, general English) count only
     ``light_trigger_match``, and such verbs are never event words;
   - *corroboration*: the same day and a shared name make different trigger words
     ("the Istanbul round" / "talks in Istanbul", both on June 2) a match, since that is
     evidence words cannot give;
   - different triggers otherwise scale the score by ``trigger_mismatch_factor``;
   - two mentions in one sentence with different triggers are different events (0);
   - incompatible dates scale it by ``date_conflict_factor``, but only by the milder
     ``date_conflict_agreeing_factor`` when the triggers match and the text or the names
     agree strongly: a source that misdates an event still reports the same event;
   - numbers that disagree for the same unit scale it by ``number_conflict_factor``;
   - *one event word within one story*: two items of one story (step 2) whose triggers
     match score at least ``story_trigger_match``, unless their dates conflict. Reports
     of one story word the same event differently and name different people and places
     ("rescuers searched the rubble after it struck" / "the tremor struck before dawn"),
     so the text and names say little once the story is known; within a story the same
     event word is the best single sign of the same event (on ECB+ the same stem within
     a gold sub-topic alone scores 77.6 CoNLL F1). Every item has a blocking key for its
     story and trigger, so such pairs are scored unless that block is split (step 3);
     within one document the floor is then scaled by ``same_doc_factor`` like any pair;
   - *context dates*: an item whose sentence states no date but whose article places it
     on an occasion (a date carried from the story's lead, ``Item.context_date``) is
     scaled by ``context_conflict_factor`` when that occasion is incompatible with the
     other item's date: the June 2010 keynote and the June 2011 keynote are two events,
     however alike their words. As with misdated reports, a pair whose trigger and words
     or names agree strongly is let off most of that penalty, but only when the dates
     are at most ``recent_days`` apart: a background sentence carries its article's
     lead date without being about it. A context date is never evidence of agreement;
   - documents of different stories scale it by ``other_story_factor`` unless the two
     items' dates agree at least ``other_story_date`` (the same year where one side
     gives only the year): an article on the store's sales that recalls "its launch in
     2003" is in another story than the launch report, yet names the same event. So is
     an undated report (``Item.published``) published at most ``recent_days`` after the
     day the other item gives;
   - pairs from one document are scaled by ``same_doc_factor``: articles repeat
     themselves, so they may group, but corroboration across sources is favoured.
5. **Clustering.** Average-linkage agglomeration over the scored pairs: the two clusters
   whose *mean* pairwise score is highest are merged while that mean is at least
   ``merge_threshold``. Pairs never scored count as 0 in the mean, so a cluster only grows
   by an item that is similar to most of it: one weak link cannot chain two unrelated
   events together, as it would with connected components. Two clusters whose dates all
   disagree need ``date_conflict_margin`` more, so undated claims cannot bridge two dated
   events. Each member's ``similarity`` is its mean score to the rest of its cluster.
6. **Reviewer decisions.** Items sharing a ``fixed`` label start as one cluster, and two
   clusters with different fixed labels are never merged; free items may join a fixed
   cluster, which is how new evidence attaches to a group a reviewer already accepted.

Every threshold and weight lives in :class:`GroupingConfig`; the defaults were set on
ECB+ topics 1-25 (checked on 26-35) and the seed corpus, see ``workbench eval``.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz

from ..extract.dates import RECENT_DAYS, compatible, to_date
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
    # A date the item does not state but its article places it at (carried from the
    # story's lead): never evidence that two items agree, only that they differ.
    context_date: str | None = None
    # For an item with no date at all: its article's publication date. What a report
    # tells without a date most likely happened in the days just before it was published.
    published: str | None = None


@dataclass
class Cluster:
    members: list[int]
    similarity: list[float]
    fixed: int | None


@dataclass
class GroupingConfig:
    """Every knob of the engine, with the defaults used by the product and by ``eval``."""

    # -- pair score: weights of the weighted mean (only features both items have count)
    w_text: float = 0.20  # rapidfuzz similarity of the two sentences' content words
    w_trigger: float = 0.30  # same event word (lemma, stem or close spelling)
    w_entities: float = 0.20  # named entities shared: IDF-weighted cosine of their norms
    w_date: float = 0.10  # date compatibility (same day 1, month/day 0.8, same year 0.5)
    w_numbers: float = 0.05  # agreement of numbers with the same unit
    w_doc: float = 0.30  # TF-IDF cosine of the two whole documents
    # -- stories: documents clustered by TF-IDF (average linkage); mentions in documents
    #    of different stories are rarely the same event
    story_threshold: float = 0.08  # mean document cosine to be one story
    event_word_story_threshold: float = 0.12  # ... and to be one story for the event-word
    #   limit (``event_word_story_df``), drawn tighter
    story_split_ratio: float = 0.6  # a story splits in two where the mean cosine across
    #   is below this share of the mean within each side, IDF taken inside the story (0 = off)
    story_split_min_docs: int = 3  # ... each side holding at least this many documents
    other_story_factor: float = 0.5  # pair from documents of different stories
    other_story_date: float = 0.5  # ... unless their dates agree at least this much,
    recent_days: int = RECENT_DAYS  # ... or one is undated in an article published at
    #   most this many days after the other's day (0 = off; the lead-date rule's window)
    story_trigger_match: float = 0.6  # least score of two mentions of one story whose
    #   triggers match (0 = off)
    min_docs_for_stories: int = 20  # fewer documents: no document similarity at all
    story_neighbours: int = 40  # a document links to its this many most similar
    #   documents for stories (other pairs count as 0 in the mean): linear, not n²
    # -- multiplicative adjustments
    trigger_mismatch_factor: float = 0.6  # both have triggers and they differ
    corroboration_forgives: float = 1.0  # share of that penalty a same-day + shared-name
    #   pair is let off (0 = never, 1 = fully)
    shared_event_word: float = 0.75  # both sentences name one event word (0 = off)
    event_word_max_df: float = 0.05  # ... unless it is in more than this share of them
    event_word_story_df: float = 0.1  # ... or in more than this share (and more than
    #   two) of the documents of its story: the story's subject, not one event (0 = off)
    light_trigger_match: float = 0.5  # two equal light verbs ("say"/"say") count this much
    # -- misdated reports (see _reunite_misdated); 0 switches the pass off
    misdating_min_link: float = 0.3  # best pair score to the event it would join
    misdating_min_support: int = 2  # documents that must give the event's day
    same_frame_match: float = 0.8  # two triggers of one event class (``frames``)
    trigger_match_min: float = 0.75  # trigger similarity from which triggers "match"
    date_conflict_factor: float = 0.45  # two incompatible dates ...
    date_conflict_agreeing_factor: float = 0.85  # ... when trigger and text/names agree
    date_conflict_rescue: float = 0.6  # text or entity similarity that counts as agreeing
    context_conflict_factor: float = 0.45  # dates that differ where one is only a
    #   context date (see ``Item.context_date``; 1 = off)
    number_conflict_factor: float = 0.9  # same unit, different value
    same_doc_factor: float = 0.85  # favour corroboration across documents
    same_sentence_veto: bool = True  # one sentence, two different triggers = two events
    # -- clustering
    merge_threshold: float = 0.4  # average-linkage: merge while mean pair score >= this
    date_conflict_margin: float = 0.05  # extra mean score two clusters whose dates all
    #   disagree need to merge
    min_pair_score: float = 0.15  # pairs below this are dropped before clustering
    # -- blocking
    max_block: int = 60  # a block larger than this is split (see module doc)
    doc_neighbours: int = 8  # similar documents an item may pair with in large blocks
    window: int = 25  # sorted-neighbourhood window when no document texts are given
    rare_token_max_df: float = 0.01  # share of items a word may appear in to be a key
    rare_token_max_count: int = 40  # ... and never more items than this
    min_token_len: int = 4  # shorter words are not blocking keys


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

# Inflectional and derivational endings, longest first: "negotiations", "negotiated" and
# "negotiating" all become "negotiat"; "exchanges"/"exchanged" become "exchang".
_SUFFIXES = (
    "ations", "ation", "ments", "ment", "ings", "ing", "ions", "ion", "ers", "er",
    "ied", "ies", "ed", "es", "s", "e", "y",
)


def stem(word: str) -> str:
    """A crude suffix-stripping stem, enough to match a verb with its nominalisation."""
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


def content_words(text: str) -> list[str]:
    return [
        w for w in (m.group(0).lower() for m in _WORD.finditer(text)) if w not in _STOP
    ]


@dataclass
class _Feat:
    words: frozenset[str]
    text_key: str  # the sorted stems, for rapidfuzz
    trig: str | None  # stem of the trigger
    ents: frozenset[str]
    nums: dict[str, set[float]]
    values: frozenset[float]
    date: str | None
    stems: frozenset[str] = frozenset()
    evec: dict[str, float] = field(default_factory=dict)  # IDF-weighted entity norms
    solo: bool = True  # the only item for its sentence (a claim, not one of many mentions)
    events: frozenset[str] = frozenset()  # stems in the text that are some item's trigger
    light: bool = False  # the trigger is a light, copular or reporting verb
    frame: str | None = None  # the trigger's event class (see ``frames``)
    name_stems: frozenset[str] = frozenset()  # stems of the words of its names


def _features(item: Item, alias: dict[str, str]) -> _Feat:
    """One item's own features; ``alias`` maps a short name to its long one (``acronyms``)."""
    words = content_words(item.text)
    trig_word = item.trigger or item.trigger_text
    trig = None
    raw = None
    if trig_word:
        raw = trig_word.lower().strip()
        trig = " ".join(stem(t) for t in raw.split()) or None
    ents = frozenset(alias.get(n.lower(), n.lower()) for n, label in item.entities
                     if n and label not in _NON_NAME_LABELS)
    nums: dict[str, set[float]] = defaultdict(set)
    for value, unit in item.numbers:
        nums[(unit or "").lower()].add(float(value))
    light = bool(raw) and raw in LIGHT_TRIGGERS
    stems = frozenset(stem(w) for w in words)
    return _Feat(
        words=frozenset(words),
        text_key=" ".join(sorted(stems)),
        trig=trig,
        ents=ents,
        nums=dict(nums),
        values=frozenset(v for vs in nums.values() for v in vs),
        date=item.date,
        stems=stems,
        light=light,
        frame=None if light else frame_of(raw),
        name_stems=frozenset(stem(w) for n in ents for w in n.split()),
    )


def features(items: list[Item], cfg: GroupingConfig | None = None) -> list[_Feat]:
    """Every item's features, with what depends on the whole set: entity weights, whether
    an item is alone in its sentence, and event words."""
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
    _event_words(feats, cfg)
    return feats


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
    longs = _spelled_out(({_compact(n) for n in names} - {None},
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


def _event_words(feats: list[_Feat], cfg: GroupingConfig) -> None:
    """Each claim's event words: its trigger plus the words of its sentence that are the
    trigger of some other claim in the corpus, leaving out words so common in the corpus
    (in more than ``event_word_max_df`` of the sentences) that they name no one event."""
    triggers = {f.trig for f in feats if f.trig and not f.light}
    df: dict[str, int] = defaultdict(int)
    for f in feats:
        for w in f.stems:
            if w in triggers:
                df[w] += 1
    limit = max(2, int(cfg.event_word_max_df * len(feats)))
    for f in feats:
        # "city" in "New York City" is part of a name, not an event the sentence names
        words = {w for w in f.stems if w in triggers and df[w] <= limit
                 and w not in f.name_stems}
        if f.trig and not f.light:
            words.add(f.trig)
        f.events = frozenset(words)


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
        f.events = frozenset(w for w in f.events
                             if w == f.trig or len(holders[(story, w)]) <= limit)


# ---------------------------------------------------------------------------------------
# Pairwise features


def trigger_similarity(a: str | None, b: str | None) -> float | None:
    """1 for the same stem, a graded spelling similarity otherwise; None if one is missing."""
    if not a or not b:
        return None
    if a == b:
        return 1.0
    # "negotiat" vs "negotiation": one stem a prefix of the other
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 4 and long_.startswith(short):
        return 0.9
    # "quake" vs "earthquake", "fire" vs "wildfire": a compound and its head
    if len(short) >= 4 and long_.endswith(short) and " " not in long_:
        return 0.8
    r = fuzz.ratio(a, b) / 100.0
    return r if r >= 0.8 else 0.0


def date_compatibility(a: str | None, b: str | None) -> float | None:
    """1 same day; 0.8 month-level vs a day in that month; 0.5 year-level compatible;
    0 conflicting. None when either side has no date."""
    if not a or not b:
        return None
    n = min(len(a), len(b))
    if a[:n] != b[:n]:
        return 0.0
    if len(a) == len(b):
        return 1.0
    return 0.8 if n >= 7 else 0.5


def date_conflict(a: str | None, b: str | None) -> bool:
    """Two dates that cannot both be right (different at their common precision)."""
    return compatible(a, b) is False


def number_agreement(fa: _Feat, fb: _Feat) -> tuple[float | None, bool]:
    """(share of shared units whose values agree or None, whether some unit conflicts)."""
    shared = set(fa.nums) & set(fb.nums)
    agree = conflict = 0
    for unit in shared:
        if fa.nums[unit] & fb.nums[unit]:
            agree += 1
        else:
            conflict += 1
    if not shared:
        if fa.values and fb.values and fa.values & fb.values:
            return 1.0, False
        return None, False
    return agree / (agree + conflict), conflict > 0 and agree == 0


# ---------------------------------------------------------------------------------------
# Document similarity


def _document_terms(text: str) -> list[str]:
    """Content words of a document; capitalised ones (names) count twice, since two
    stories of the same kind (two earthquakes) differ mostly in who and where."""
    out = []
    for m in _WORD.finditer(text):
        word = m.group(0)
        low = word.lower()
        if len(low) < 3 or low in _STOP:
            continue
        out.append(low)
        if word[0].isupper():
            out.append(low)
    return out


def _term_counts(text: str) -> dict[str, int]:
    c: dict[str, int] = defaultdict(int)
    for w in _document_terms(text):
        c[w] += 1
    return c


def _tfidf(tf: int, df: int, n: int) -> float:
    """Sublinear term frequency times smoothed IDF over ``n`` documents."""
    return (1.0 + math.log(tf)) * math.log((1 + n) / (1 + df) + 1.0)


class DocSimilarity:
    """TF-IDF cosine between whole documents (sublinear tf, content words only), through
    a sparse index: never a dense matrix nor every pair.

    A word in more than ``max_df`` documents (or half of them) adds little to a story and
    would cost quadratically, so the cosine counts only the rarer words (the vectors are
    still normalised over all of a document's words). Each document keeps its ``k`` most
    similar documents (from the inverted index, computed block by block as a sparse
    product); stories are clustered over those links alone, and the similarity of any
    other pair is computed when asked (a dot product of two sparse vectors). Memory and
    time follow the number of documents times ``k`` plus the postings of the rarer words.
    """

    def __init__(self, doc_texts: dict[str, str], max_df: int = 200, k: int = 40):
        self.max_df = max_df
        self.k = k
        self.keys = list(doc_texts)
        self.index = {key: i for i, key in enumerate(self.keys)}
        self._texts = doc_texts  # the story split counts words again, one story at a time
        n = len(self.keys)
        counts = []
        df: dict[str, int] = defaultdict(int)
        for key in self.keys:
            c = _term_counts(doc_texts[key])
            counts.append(c)
            for w in c:
                df[w] += 1
        cap = min(0.5 * n, max_df) if n > 20 else math.inf
        vocab: dict[str, int] = {}
        self.vectors: list[dict[str, float]] = []  # per document: rarer word -> weight
        rows, cols, vals = [], [], []
        for i, c in enumerate(counts):
            vec = {w: _tfidf(tf, df[w], n) for w, tf in c.items() if df[w] < n or n == 1}
            norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
            kept = {w: v / norm for w, v in vec.items() if df[w] <= cap}
            self.vectors.append(kept)
            for w, v in kept.items():
                rows.append(i)
                cols.append(vocab.setdefault(w, len(vocab)))
                vals.append(v)
        del counts
        self._near = self._top_neighbours(rows, cols, vals, len(vocab))
        self._asked: dict[tuple[int, int], float] = {}

    def _top_neighbours(self, rows, cols, vals, width: int) -> list[dict[int, float]]:
        """Each document's ``k`` most similar documents (positive cosine only)."""
        from scipy import sparse

        n = len(self.keys)
        near: list[dict[int, float]] = [{} for _ in range(n)]
        if not n or not width:
            return near
        x = sparse.csr_matrix((np.asarray(vals, dtype=np.float64),
                               (np.asarray(rows), np.asarray(cols))), shape=(n, width))
        xt = x.T.tocsc()
        step = 256
        for start in range(0, n, step):
            block = (x[start:start + step] @ xt).tocsr()
            for r in range(block.shape[0]):
                i = start + r
                lo, hi = block.indptr[r], block.indptr[r + 1]
                idx, sims = block.indices[lo:hi], block.data[lo:hi]
                keep = (idx != i) & (sims > 0)
                idx, sims = idx[keep], sims[keep]
                if len(idx) > self.k:
                    # the k largest, ties broken by document order (stable across runs)
                    order = np.lexsort((idx, -sims))[: self.k]
                    idx, sims = idx[order], sims[order]
                near[i] = {int(j): float(s) for j, s in zip(idx, sims)}
        return near

    def similarity(self, a: str, b: str) -> float | None:
        ia, ib = self.index.get(a), self.index.get(b)
        if ia is None or ib is None:
            return None
        if ia == ib:
            return 1.0
        s = self._near[ia].get(ib)
        if s is None:
            s = self._near[ib].get(ia)
        if s is None:
            key = (ia, ib) if ia < ib else (ib, ia)
            s = self._asked.get(key)
            if s is None:
                va, vb = self.vectors[ia], self.vectors[ib]
                s = sum(va[w] * vb[w] for w in va.keys() & vb.keys())
                self._asked[key] = s
        return min(1.0, s)

    def _edges(self) -> dict[tuple[int, int], float]:
        edges = {}
        for i, row in enumerate(self._near):
            for j, s in row.items():
                edges[(i, j) if i < j else (j, i)] = s
        return edges

    def stories(self, threshold: float, split_ratio: float = 0.0, split_min_docs: int = 3,
                split_max_docs: int = 400) -> dict[str, int]:
        """Documents grouped into stories: average-linkage clusters of documents whose mean
        TF-IDF cosine is at least ``threshold`` (over each document's ``k`` nearest
        documents; other pairs count as 0). With ``split_ratio``, each story is then split
        where it holds two clearly distinct occasions (see :meth:`_split`).
        Returns document -> story number."""
        return self.stories_at([threshold], split_ratio, split_min_docs, split_max_docs)[0]

    def stories_at(self, thresholds: list[float], split_ratio: float = 0.0,
                   split_min_docs: int = 3, split_max_docs: int = 400) -> list[dict[str, int]]:
        """:meth:`stories` at several thresholds from one agglomeration: average linkage
        merges in decreasing order of mean similarity, so the stories at a higher
        threshold are the state of the run at a lower one when its merges reached it."""
        log: list[tuple[float, int, int]] = []
        _agglomerate(len(self.keys), self._edges(), min(thresholds),
                     [None] * len(self.keys), merges=log)
        out = []
        for threshold in thresholds:
            parent = list(range(len(self.keys)))

            def find(x: int) -> int:
                while parent[x] != x:
                    parent[x] = parent[parent[x]]
                    x = parent[x]
                return x

            for avg, a, b in log:
                if avg < threshold:
                    break
                parent[find(b)] = find(a)
            groups: dict[int, list[int]] = defaultdict(list)
            for i in range(len(self.keys)):
                groups[find(i)].append(i)
            parts: list[list[int]] = []
            for mem in groups.values():
                if split_ratio > 0 and 2 * split_min_docs <= len(mem) <= split_max_docs:
                    parts.extend(self._split(sorted(mem), split_ratio, split_min_docs))
                else:
                    parts.append(mem)
            out.append({self.keys[i]: g for g, mem in enumerate(parts) for i in mem})
        return out

    def _split(self, docs: list[int], ratio: float, min_docs: int,
               counts: dict[int, dict[str, int]] | None = None) -> list[list[int]]:
        """One story's documents, split into occasions.

        Two earthquakes, two rehab admissions, two patches of one browser: a story of one
        kind of event often holds reports of two occasions, and what the corpus' TF-IDF
        sees first is the kind ("quake", "magnitude", "rubble"). Inside the story those
        words are everywhere, so the documents are weighed again with IDF taken over the
        story alone (words of one document only left out): now the place, the names and the
        figures of each occasion carry the weight. Average linkage cuts the story in two,
        and the cut stands when the mean similarity across it is below ``ratio`` times the
        mean within either side, each side holding at least ``min_docs`` documents. Each
        side is then split the same way."""
        n = len(docs)
        if n < 2 * min_docs:
            return [docs]
        if counts is None:
            counts = {i: _term_counts(self._texts[self.keys[i]]) for i in docs}
        df: dict[str, int] = defaultdict(int)
        for i in docs:
            for w in counts[i]:
                df[w] += 1
        vocab = {w: k for k, w in enumerate(w for w, c in df.items() if c >= 2)}
        matrix = np.zeros((n, len(vocab)), dtype=np.float32)
        for x, i in enumerate(docs):
            for w, tf in counts[i].items():
                k = vocab.get(w)
                if k is not None:
                    matrix[x, k] = _tfidf(tf, df[w], n)
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        matrix /= np.where(norms > 0, norms, 1.0)
        sim = (matrix @ matrix.T).astype(float)
        np.fill_diagonal(sim, 0.0)
        left, right = _two_way(sim)
        if min(len(left), len(right)) < min_docs:
            return [docs]
        cross = sim[np.ix_(left, right)].mean()
        within = min(_mean_within(sim, left), _mean_within(sim, right))
        if cross >= ratio * within:
            return [docs]
        return (self._split([docs[i] for i in left], ratio, min_docs, counts)
                + self._split([docs[i] for i in right], ratio, min_docs, counts))

    def neighbours(self, k: int) -> dict[str, set[str]]:
        """Each document's ``k`` most similar documents (and itself)."""
        out = {}
        for i, key in enumerate(self.keys):
            best = heapq.nlargest(k, self._near[i].items(), key=lambda kv: kv[1])
            out[key] = {key} | {self.keys[j] for j, _ in best}
        return out


def _two_way(sim: np.ndarray) -> tuple[list[int], list[int]]:
    """Average-linkage agglomeration of a dense similarity matrix down to two clusters."""
    n = len(sim)
    total = sim.astype(float)  # summed similarity between clusters (a copy)
    size = np.ones(n)
    alive = np.ones(n, dtype=bool)
    members = [[i] for i in range(n)]
    for _ in range(n - 2):
        mean = total / np.outer(size, size)
        mean[~alive, :] = -np.inf
        mean[:, ~alive] = -np.inf
        np.fill_diagonal(mean, -np.inf)
        a, b = divmod(int(np.argmax(mean)), n)
        a, b = min(a, b), max(a, b)
        total[a, :] += total[b, :]
        total[:, a] += total[:, b]
        size[a] += size[b]
        alive[b] = False
        members[a] += members[b]
        members[b] = []
    left, right = (sorted(m) for m in members if m)
    return left, right


def _mean_within(sim: np.ndarray, part: list[int]) -> float:
    """Mean similarity between the members of ``part`` (``sim`` has a zero diagonal)."""
    if len(part) < 2:
        return 1.0
    return float(sim[np.ix_(part, part)].sum() / (len(part) * (len(part) - 1)))


# ---------------------------------------------------------------------------------------
# Blocking


def _blocking_keys(f: _Feat, rare: set[str], cfg: GroupingConfig) -> Iterable[str]:
    if f.trig:
        yield "t:" + f.trig
    if f.frame:
        yield "f:" + f.frame
    for e in f.ents:
        yield "e:" + e
    if f.date:
        if len(f.date) == 10:
            yield "d:" + f.date
        if len(f.date) >= 7:
            yield "m:" + f.date[:7]
    for w in f.words:
        if w in rare:
            yield "w:" + stem(w)


def candidate_pairs(
    items: list[Item],
    feats: list[_Feat],
    cfg: GroupingConfig,
    docsim: DocSimilarity | None,
    stories: dict[str, int] | None = None,
) -> set[tuple[int, int]]:
    """Pairs (i < j) worth scoring; see the module docstring for the rules."""
    n = len(items)
    df: dict[str, int] = defaultdict(int)
    for f in feats:
        for w in f.words:
            if len(w) >= cfg.min_token_len:
                df[w] += 1
    max_df = max(2, min(cfg.rare_token_max_count, int(cfg.rare_token_max_df * n)))
    rare = {w for w, c in df.items() if 2 <= c <= max_df}

    blocks: dict[str, list[int]] = defaultdict(list)
    for i, f in enumerate(feats):
        for key in set(_blocking_keys(f, rare, cfg)):
            blocks[key].append(i)
        if stories is not None and f.trig and not f.light and cfg.story_trigger_match > 0:
            # the same event word within one story (split like any block when too large)
            blocks[f"st:{stories.get(items[i].doc)}:{f.trig}"].append(i)

    neighbours = docsim.neighbours(cfg.doc_neighbours) if docsim is not None else None
    pairs: set[tuple[int, int]] = set()
    for members in blocks.values():
        if len(members) < 2:
            continue
        if len(members) <= cfg.max_block:
            for x in range(len(members)):
                for y in range(x + 1, len(members)):
                    pairs.add((members[x], members[y]))
        elif neighbours is not None:
            by_doc: dict[str, list[int]] = defaultdict(list)
            for i in members:
                by_doc[items[i].doc].append(i)
            for doc, mine in by_doc.items():
                near = neighbours.get(doc, {doc})
                for other in near:
                    if other < doc or other not in by_doc:
                        continue
                    theirs = by_doc[other]
                    for i in mine:
                        for j in theirs:
                            if i != j:
                                pairs.add((min(i, j), max(i, j)))
        else:
            order = sorted(members, key=lambda i: (feats[i].date or "", items[i].doc, i))
            for x, i in enumerate(order):
                for j in order[x + 1 : x + 1 + cfg.window]:
                    pairs.add((min(i, j), max(i, j)))
    return pairs


# ---------------------------------------------------------------------------------------
# Scoring


def pair_score(
    a: Item,
    b: Item,
    fa: _Feat,
    fb: _Feat,
    cfg: GroupingConfig,
    docsim: DocSimilarity | None = None,
    stories: dict[str, int] | None = None,
) -> float:
    """How likely ``a`` and ``b`` report the same event (0..1)."""
    trig = trigger_similarity(fa.trig, fb.trig)
    if trig is not None and trig < cfg.same_frame_match and fa.frame and fa.frame == fb.frame:
        trig = cfg.same_frame_match  # "talks" / "negotiations": one kind of event
    if trig is not None and trig >= cfg.trigger_match_min and fa.light and fb.light:
        # "remains elusive" / "remains active", "said" / "said": the verb names no event
        trig = min(trig, cfg.light_trigger_match)
    same_doc = a.doc == b.doc
    # the event words themselves match (same stem or event class), before the weaker
    # evidence below: only this is "the same event word" for the one-story rule
    same_word = trig is not None and trig >= cfg.trigger_match_min
    if (
        cfg.same_sentence_veto
        and same_doc
        and trig is not None
        and trig < cfg.trigger_match_min
        and a.text == b.text
    ):
        return 0.0
    if (
        trig is not None
        and trig < cfg.trigger_match_min
        and cfg.shared_event_word > 0
        and fa.solo
        and fb.solo
        and fa.events & fb.events
    ):
        # Both sentences name the same event word, though neither as its main verb
        # ("reached an agreement ... following talks" / "the talks made little progress").
        trig = max(trig, cfg.shared_event_word)

    total = weight = 0.0

    def add(w: float, value: float | None) -> None:
        nonlocal total, weight
        if value is not None and w > 0:
            total += w * value
            weight += w

    text = None
    if fa.text_key and fb.text_key:
        text = (fuzz.token_set_ratio(fa.text_key, fb.text_key) / 100.0
                if not same_doc or a.text != b.text else 1.0)
        add(cfg.w_text, text)
    ents = entity_cosine(fa, fb)
    date = date_compatibility(fa.date, fb.date)
    dates_conflict = date == 0.0
    # Undated in its sentence, but its article places it on another occasion: the June
    # keynote and the October keynote are two events, however alike the words.
    context_conflict = date is None and bool(a.context_date or b.context_date) and (
        date_conflict(a.date or a.context_date, b.date or b.context_date))
    # Same day and a shared name: corroboration the words cannot give ("the Istanbul
    # round" on June 2 / "talks" on June 2 in Istanbul); with it, different trigger words
    # count as a weak match rather than a mismatch.
    corroborated = 0.0
    if date is not None and ents:
        corroborated = 1.0 if date == 1.0 else 0.5 if date >= 0.8 else 0.0
    if trig is not None and trig < cfg.trigger_match_min and corroborated:
        trig = max(trig, cfg.corroboration_forgives * corroborated * cfg.trigger_match_min)
    add(cfg.w_trigger, trig)
    add(cfg.w_entities, ents)
    add(cfg.w_date, date)
    nums, num_conflict = number_agreement(fa, fb)
    add(cfg.w_numbers, nums)
    if docsim is not None:
        add(cfg.w_doc, docsim.similarity(a.doc, b.doc))
    if weight == 0:
        return 0.0
    score = total / weight

    if trig is not None and trig < cfg.trigger_match_min:
        # different words for the event: forgiven as far as the pair is corroborated
        mismatch = cfg.trigger_mismatch_factor
        score *= mismatch + (1.0 - mismatch) * cfg.corroboration_forgives * corroborated
    if dates_conflict or context_conflict:
        # Two different dates: usually two events (the May 16 round and the June 2 round),
        # but one source may have misdated the event, so a pair whose words, names and
        # trigger agree strongly is let off most of the penalty. A context date is the
        # date of the article's lead, which a background sentence ("the delegations met
        # in Istanbul") shares without being about it: it is let off the same way, but
        # only days from the other date, not months (the June and the October keynote).
        agree = (trig or 0.0) >= cfg.trigger_match_min and max(text or 0.0, ents or 0.0) >= (
            cfg.date_conflict_rescue
        ) and (dates_conflict or _days_apart(a.date or a.context_date,
                                             b.date or b.context_date) <= cfg.recent_days)
        score *= cfg.date_conflict_agreeing_factor if agree else (
            cfg.date_conflict_factor if dates_conflict else cfg.context_conflict_factor)
    if num_conflict:
        score *= cfg.number_conflict_factor
    sa = sb = None
    if stories is not None:
        sa, sb = stories.get(a.doc), stories.get(b.doc)
    if (cfg.story_trigger_match > 0 and sa is not None and sa == sb
            and not (dates_conflict or context_conflict)
            and not (fa.light or fb.light) and same_word):
        score = max(score, cfg.story_trigger_match)
    if same_doc:
        score *= cfg.same_doc_factor
    elif (sa is not None and sb is not None and sa != sb and (date or 0.0) < cfg.other_story_date
          and not _reported_soon_after(a, b, cfg) and not _reported_soon_after(b, a, cfg)):
        # Agreeing dates (the same day; a day and its month; a day and its year) are
        # evidence of their own that the two documents' stories meet at this event.
        score *= cfg.other_story_factor
    return max(0.0, min(1.0, score))


def _days_apart(a: str | None, b: str | None) -> float:
    """Days between two dates' first days (infinite when either cannot be read)."""
    da, db = to_date(a), to_date(b)
    return abs((da - db).days) if da and db else math.inf


def _reported_soon_after(a: Item, b: Item, cfg: GroupingConfig) -> bool:
    """``a`` gives no date, and its article was published within ``recent_days`` after
    the day ``b`` gives ("Jobs resigned in a letter ...", published August 25 / "On August
    24, Jobs resigned"): as good a sign that the two stories meet as an agreeing date."""
    if not cfg.recent_days or a.date or a.context_date or not b.date or len(b.date) != 10:
        return False
    published, day = to_date(a.published), to_date(b.date)
    if published is None or day is None:
        return False
    return 0 <= (published - day).days <= cfg.recent_days


# ---------------------------------------------------------------------------------------
# Clustering


def cluster(
    items: list[Item],
    config: GroupingConfig | None = None,
    doc_texts: dict[str, str] | None = None,
) -> list[Cluster]:
    """Group ``items`` into events; every item ends in exactly one returned cluster.

    Clusters come back in order of their first member; members in ascending order.
    """
    cfg = config or GroupingConfig()
    if not items:
        return []
    feats = features(items, cfg)
    # With a handful of documents (one story followed by a user) IDF over documents is
    # meaningless and every document looks unrelated to the others: leave it out.
    use_docs = doc_texts and len(doc_texts) >= cfg.min_docs_for_stories
    docsim = DocSimilarity(doc_texts, k=cfg.story_neighbours) if use_docs else None
    stories = tight = None
    if docsim is not None:
        # both cuts from one agglomeration (the tighter one is an earlier state of it)
        stories, tight = docsim.stories_at(
            [cfg.story_threshold, cfg.event_word_story_threshold], cfg.story_split_ratio,
            cfg.story_split_min_docs)
    if cfg.event_word_story_df > 0:
        # too few documents for stories: a user following one story, all of it one story,
        # where an event word two documents share is already the story's (floor 1)
        _story_event_words(items, feats, tight or {it.doc: 0 for it in items},
                           cfg.event_word_story_df, 2 if tight else 1)

    edges: dict[tuple[int, int], float] = {}
    for i, j in candidate_pairs(items, feats, cfg, docsim, stories):
        s = pair_score(items[i], items[j], feats[i], feats[j], cfg, docsim, stories)
        if s >= cfg.min_pair_score:
            edges[(i, j)] = s

    clusters = _average_linkage(items, edges, cfg)
    if cfg.misdating_min_link > 0:
        clusters = _reunite_misdated(items, feats, clusters, edges, cfg)
    return clusters


def _reunite_misdated(
    items: list[Item],
    feats: list[_Feat],
    clusters: list[Cluster],
    edges: dict[tuple[int, int], float],
    cfg: GroupingConfig,
) -> list[Cluster]:
    """Bring a misdated report back to the event it misdates.

    A source that puts a well-corroborated event on the wrong day ("the talks on May
    22nd" where four sources say June 2) scores low against the event's other reports:
    its date conflicts and its words differ. It is moved to that event when all of this
    holds, and only then:
    - its day for its kind of event (``frames``) is given by no other document;
    - the event's day for that kind is given by at least ``misdating_min_support``
      documents, none of them the claim's own document, and the claim's document never
      gives that day for that kind of event (it is not telling two events apart);
    - it links to the event by at least ``misdating_min_link`` (its best pair score);
    - exactly one event (kind and day) qualifies; of the clusters holding its reports, the
      one the claim links to best receives it.
    The move keeps the conflicting date, so the group shows a date conflict to review.
    """
    day = [it.date if it.date and len(it.date) == 10 else None for it in items]
    support: dict[tuple[str, str], set[str]] = defaultdict(set)  # (frame, day) -> docs
    holders: dict[tuple[str, str], list[int]] = defaultdict(list)  # (frame, day) -> items
    per_doc: dict[tuple[str, str], set[str]] = defaultdict(set)  # (doc, frame) -> days
    for i, f in enumerate(feats):
        if f.frame and day[i]:
            support[(f.frame, day[i])].add(items[i].doc)
            holders[(f.frame, day[i])].append(i)
            per_doc[(items[i].doc, f.frame)].add(day[i])
    owner = {i: k for k, c in enumerate(clusters) for i in c.members}
    # frame -> [(a day enough documents give it, the clusters holding its reports)]
    targets: dict[str, list[tuple[str, set[int]]]] = defaultdict(list)
    for (frame, d), docs in support.items():
        if len(docs) >= cfg.misdating_min_support:
            targets[frame].append((d, {owner[i] for i in holders[(frame, d)]}))
    neighbours: dict[int, dict[int, float]] = defaultdict(dict)
    for (i, j), s in edges.items():
        neighbours[i][j] = s
        neighbours[j][i] = s
    moves: dict[int, int] = {}
    for i, f in enumerate(feats):
        if not f.frame or not day[i] or items[i].fixed is not None:
            continue
        if support[(f.frame, day[i])] != {items[i].doc}:
            continue  # another source gives this day too: not an isolated misdating
        mine = per_doc[(items[i].doc, f.frame)]
        candidates: dict[str, tuple[float, int]] = {}  # event day -> (best link, cluster)
        for d, ks in targets[f.frame]:
            if d in mine or d == day[i]:
                continue
            for k in ks:
                if k == owner[i]:
                    continue
                best = max((neighbours[i].get(m, 0.0) for m in clusters[k].members), default=0.0)
                if best >= cfg.misdating_min_link and best > candidates.get(d, (0.0, -1))[0]:
                    candidates[d] = (best, k)
        if len(candidates) == 1:
            moves[i] = next(iter(candidates.values()))[1]
    # The other way round: a report whose day is corroborated by another source belongs
    # with the other reports of that day, not in an event most of whose sources give
    # another day (average linkage can pull it there through undated members).
    for i, f in enumerate(feats):
        if i in moves or not f.frame or not day[i] or items[i].fixed is not None:
            continue
        if len(support[(f.frame, day[i])]) < cfg.misdating_min_support:
            continue
        here = clusters[owner[i]].members
        days_here: dict[str, set[str]] = defaultdict(set)
        for m in here:
            if day[m]:
                days_here[day[m]].add(items[m].doc)
        top = max(days_here, key=lambda d: (len(days_here[d]), d))
        if top == day[i] or len(days_here[top]) <= len(days_here[day[i]]):
            continue
        same = defaultdict(float)
        for j in holders[(f.frame, day[i])]:
            if j != i and owner[j] != owner[i]:
                same[owner[j]] = max(same[owner[j]], neighbours[i].get(j, 0.0))
        if same:
            k, best = max(same.items(), key=lambda kv: kv[1])
            if best >= cfg.misdating_min_link:
                moves[i] = k
    if not moves:
        return clusters
    out: list[Cluster] = []
    for k, c in enumerate(clusters):
        keep = [(m, s) for m, s in zip(c.members, c.similarity, strict=True) if m not in moves]
        extra = [(m, max(neighbours[m].get(x, 0.0) for x in c.members)) for m, t in moves.items()
                 if t == k]
        members = sorted(keep + extra)
        if members:
            out.append(Cluster([m for m, _ in members], [round(s, 4) for _, s in members],
                               c.fixed))
    return out


def _agglomerate(
    n: int,
    edges: dict[tuple[int, int], float],
    threshold: float,
    labels: list[int | None],
    dates: list[str | None] | None = None,
    conflict_margin: float = 0.0,
    docs: list[str] | None = None,
    merges: list[tuple[float, int, int]] | None = None,
) -> list[tuple[list[int], int | None]]:
    """Average-linkage clustering of ``n`` nodes over sparse ``edges`` (i < j -> score;
    missing pairs count as 0). Nodes sharing a label start together; clusters with
    different labels never merge. Two clusters whose dates all disagree (none of A's
    dates is compatible with any of B's) need ``threshold + conflict_margin``: undated
    members must not bridge the June 7 and the June 19 exchange into one event.
    With ``docs``, two clusters that would put two incompatible dates from one document
    into one event never merge: an article that dates two events differently is telling
    two events apart (the May 16 talks and the later round; a model who began in 1950 and
    posed again in 2003), whatever their words share. A year and a day within it agree.
    With ``merges``, each merge is appended to it as (mean score, a member of one side, a
    member of the other), in the order made (mean scores never increase along it).
    Returns (members, label) per cluster."""
    members: dict[int, list[int]] = {}
    when: dict[int, frozenset[str]] = {}
    fixed: dict[int, int | None] = {}
    owner: list[int] = [0] * n
    by_label: dict[int, int] = {}
    for i in range(n):
        lab = labels[i]
        if lab is not None and lab in by_label:
            c = by_label[lab]
            members[c].append(i)
        else:
            c = i
            members[c] = [i]
            fixed[c] = lab
            if lab is not None:
                by_label[lab] = c
        owner[i] = c
    for c, mem in members.items():
        when[c] = frozenset(d for d in (dates[i] for i in mem) if d) if dates else frozenset()
    # per cluster: document -> the dates (any precision) its members from it state
    dated: dict[int, dict[str, frozenset[str]]] = {}
    for c, mem in members.items():
        per: dict[str, set[str]] = defaultdict(set)
        if docs and dates:
            for i in mem:
                if dates[i]:
                    per[docs[i]].add(dates[i])
        dated[c] = {k: frozenset(v) for k, v in per.items()}

    def same_doc_other_day(c: int, d: int) -> bool:
        """One document gives the two clusters incompatible dates (June 2 / June 7, 1950 /
        2003): it is telling two events apart."""
        dc, dd = dated[c], dated[d]
        if len(dc) > len(dd):
            dc, dd = dd, dc
        return any(doc in dd and any(date_conflict(x, y) for x in v for y in dd[doc])
                   for doc, v in dc.items())

    def corroborated(c: int) -> frozenset[str]:
        """Days two or more of the cluster's documents give (kept per cluster: asked on
        every candidate merge)."""
        count: dict[str, int] = defaultdict(int)
        for v in dated[c].values():
            for day_ in v:
                if len(day_) == 10:  # days only
                    count[day_] += 1
        return frozenset(day_ for day_, n in count.items() if n >= 2)

    corr = {c: corroborated(c) for c in members}

    def two_corroborated_days(c: int, d: int) -> bool:
        """Two sources on one day and two on another: two events, not a misdating."""
        cc, cd = corr[c], corr[d]
        return bool(cc) and bool(cd) and not (cc & cd)

    def disagree(c: int, d: int) -> bool:
        wc, wd = when[c], when[d]
        if not wc or not wd or len(wc) * len(wd) > 64:
            return False
        return all(date_conflict(x, y) for x in wc for y in wd)

    # links[c][d] = sum of pair scores between clusters c and d
    links: dict[int, dict[int, float]] = defaultdict(dict)
    for (i, j), s in edges.items():
        ci, cj = owner[i], owner[j]
        if ci == cj:
            continue
        links[ci][cj] = links[ci].get(cj, 0.0) + s
        links[cj][ci] = links[cj].get(ci, 0.0) + s

    version: dict[int, int] = {c: 0 for c in members}
    heap: list[tuple[float, int, int, int, int]] = []

    def push(c: int, d: int) -> None:
        fc, fd = fixed[c], fixed[d]
        if fc is not None and fd is not None and fc != fd:
            return
        if fc is None and fd is None and (same_doc_other_day(c, d)
                                           or two_corroborated_days(c, d)):
            return
        avg = links[c][d] / (len(members[c]) * len(members[d]))
        need = threshold + conflict_margin if conflict_margin and disagree(c, d) else threshold
        if avg >= need:
            a, b = (c, d) if c < d else (d, c)
            heapq.heappush(heap, (-avg, a, b, version[a], version[b]))

    for c, row in links.items():
        for d in row:
            if c < d:
                push(c, d)

    next_id = n
    while heap:
        neg, a, b, va, vb = heapq.heappop(heap)
        if a not in members or b not in members or version[a] != va or version[b] != vb:
            continue
        if merges is not None:
            merges.append((-neg, members[a][0], members[b][0]))
        new = next_id
        next_id += 1
        members[new] = members.pop(a) + members.pop(b)
        fa, fb = fixed.pop(a), fixed.pop(b)
        fixed[new] = fa if fa is not None else fb
        when[new] = when.pop(a) | when.pop(b)
        merged = {k: set(v) for k, v in dated.pop(a).items()}
        for k, v in dated.pop(b).items():
            merged.setdefault(k, set()).update(v)
        dated[new] = {k: frozenset(v) for k, v in merged.items()}
        corr.pop(a)
        corr.pop(b)
        corr[new] = corroborated(new)
        version[new] = 0
        row: dict[int, float] = {}
        for old in (a, b):
            for d, s in links.pop(old, {}).items():
                if d in (a, b):
                    continue
                row[d] = row.get(d, 0.0) + s
                del links[d][old]
        links[new] = row
        for d, s in row.items():
            links[d][new] = s
            push(new, d)
    return [(sorted(mem), fixed[c]) for c, mem in members.items()]


def _average_linkage(
    items: list[Item], edges: dict[tuple[int, int], float], cfg: GroupingConfig
) -> list[Cluster]:
    groups = _agglomerate(
        len(items),
        edges,
        cfg.merge_threshold,
        [it.fixed for it in items],
        [it.date for it in items],
        cfg.date_conflict_margin,
        [it.doc for it in items],
    )
    # Each member's similarity: mean score to the rest of its cluster (unscored pairs = 0).
    out: list[Cluster] = []
    for mem, label in groups:
        if len(mem) == 1:
            sims = [1.0]
        else:
            sims = []
            for i in mem:
                tot = 0.0
                for j in mem:
                    if i != j:
                        tot += edges.get((min(i, j), max(i, j)), 0.0)
                sims.append(round(tot / (len(mem) - 1), 4))
        out.append(Cluster(members=mem, similarity=sims, fixed=label))
    out.sort(key=lambda cl: cl.members[0])
    return out
