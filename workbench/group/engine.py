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

Each step has its module: ``features`` (1), ``neighbours`` (2 and 3), ``scoring`` (4),
``clustering`` (5 and 6); this one is the way in (:func:`cluster`). Every threshold and
weight lives in :class:`GroupingConfig` (``config``); the defaults were set on
ECB+ topics 1-25 (checked on 26-35) and the seed corpus, see ``workbench eval``.
"""

from __future__ import annotations

# The engine's parts, one module per concern; this module is the way in.
from .clustering import Cluster, _agglomerate, _reunite_misdated
from .config import GroupingConfig
from .features import (
    LIGHT_TRIGGERS,
    Item,
    _Feat,
    _story_event_words,
    acronyms,
    content_words,
    entity_cosine,
    features,
    stem,
)
from .neighbours import (
    DocSimilarity,
    StoryIndex,
    candidate_codes,
    candidate_pairs,
    story_index,
)
from .partition import linkage_by_component, score_by_story
from .scoring import (
    date_compatibility,
    date_conflict,
    number_agreement,
    pair_score,
    score_pairs,
    trigger_similarity,
)

__all__ = [
    "LIGHT_TRIGGERS", "Cluster", "DocSimilarity", "GroupingConfig", "Item", "acronyms",
    "candidate_codes", "candidate_pairs", "cluster", "content_words", "date_compatibility",
    "date_conflict", "entity_cosine", "features", "number_agreement", "pair_score",
    "score_pairs", "stem", "StoryIndex", "story_index", "trigger_similarity", "_Feat",
    "_agglomerate",
]


# ---------------------------------------------------------------------------------------
# Clustering


def cluster(
    items: list[Item],
    config: GroupingConfig | None = None,
    doc_texts: dict[str, str] | None = None,
    index: StoryIndex | None = None,
    engine=None,
) -> list[Cluster]:
    """Group ``items`` into events; every item ends in exactly one returned cluster.
    ``index``: the documents' similarity and stories, when the caller has them (an
    incremental build keeps the collection's); else found from ``doc_texts``.

    Clusters come back in order of their first member; members in ascending order.
    ``engine``: a cluster that scores pairs by story block and clusters by component
    (``partition``), with the same result; without one, clustering runs by component in
    this process.
    """
    cfg = config or GroupingConfig()
    if not items:
        return []
    if index is None:
        index = story_index(doc_texts, cfg)
    collection = index.claims if index is not None else None
    feats = features(items, cfg, collection)
    docsim = index.docsim if index is not None else None
    stories = index.stories if index is not None else None
    tight = index.tight if index is not None else None
    if cfg.event_word_story_df > 0:
        # too few documents for stories: a user following one story, all of it one story,
        # where an event word two documents share is already the story's (floor 1)
        _story_event_words(items, feats, tight or {it.doc: 0 for it in items},
                           cfg.event_word_story_df, 2 if tight else 1)

    codes = candidate_codes(items, feats, cfg, docsim, stories, collection)
    for f in feats:  # the content words are blocking keys, read by nothing after
        f.words = ()
    if engine is None:
        edges = score_pairs(items, feats, codes, cfg, docsim, stories)
    else:
        edges = score_by_story(items, feats, codes, cfg, docsim, stories, engine)
    del codes
    # by component of the strong pairs, in this process or on the engine: the clusters
    # of one agglomeration over every pair (``partition``)
    clusters = linkage_by_component(items, edges, cfg, engine)
    if cfg.misdating_min_link > 0:
        clusters = _reunite_misdated(items, feats, clusters, edges, cfg)
    return clusters
