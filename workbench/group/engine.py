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
   (``event_word_story_threshold``). The same agglomeration cut looser
   (``unit_threshold``) makes *units*, and each unit is grouped on its own: steps 1 and
   3-6 read its items alone, the documents' TF-IDF cosine of step 4 takes IDF over its
   documents, and no pair crosses two units. Looser than stories, so that an article
   recalling another story's event still meets it ("its launch in 2003"); on its own, so
   that what a unit becomes depends on its documents only (an incremental build, see
   ``incremental``, regroups the units it changes and gets a full grouping's groups).
   With fewer documents (a user following one story) IDF over documents means nothing,
   document similarity is left out altogether and all items are one unit.
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
6. **Reviewer decisions.** Items sharing a ``fixed`` label start as one cluster for each
   fine event they hold (``Item.part``), merged into one at the end, and two clusters
   with different fixed labels are never merged; a free item never grouped before
   (``Item.grouped`` false) may join a fixed cluster by being like one of its fine
   events, which is how new evidence attaches to a group a reviewer already accepted.

Each step has its module: ``features`` (1), ``neighbours`` (2 and 3), ``scoring`` (4),
``clustering`` (5 and 6); this one is the way in (:func:`cluster`). Every threshold and
weight lives in :class:`GroupingConfig` (``config``); the defaults were set on
ECB+ topics 1-25 (checked on 26-35) and the seed corpus, see ``workbench eval``.
"""

from __future__ import annotations

# The engine's parts, one module per concern; this module is the way in.
from typing import cast

import numpy as np

from .clustering import Cluster, Edges, _agglomerate, _reunite_misdated
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
    UnitSimilarity,
    candidate_codes,
    candidate_pairs,
    story_index,
    unit_index,
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
    "_agglomerate", "UnitSimilarity", "unit_index", "units_of",
]


# ---------------------------------------------------------------------------------------
# Clustering


def cluster(
    items: list[Item],
    config: GroupingConfig | None = None,
    doc_texts: dict[str, str] | None = None,
    index: StoryIndex | None = None,
    engine=None,
    limits: dict[int, tuple[int, int | None, int, int | None]] | None = None,
    joined: dict[int, int] | None = None,
) -> list[Cluster]:
    """Group ``items`` into events; every item ends in exactly one returned cluster.
    ``index``: the documents' units, stories and similarity, when the caller has them
    (an incremental build, for the units it regroups); else found from ``doc_texts``.

    Each unit (``StoryIndex.units``; all items when there are too few documents for
    stories) is grouped on its own: its items' features, event words, candidate pairs
    and misdated reports read that unit's items and documents only, and no pair crosses
    two units. So a unit's clusters depend on nothing outside it, and an incremental
    build that regroups some units gives what a full grouping gives them.

    Clusters come back in order of their first member; members in ascending order.
    ``engine``: a cluster that scores pairs by story block and clusters by component
    (``partition``), with the same result; without one, clustering runs by component in
    this process. ``limits``, when given, receives for each unit the ranges of the two
    limits that are shares of the collection (``GroupingConfig.claim_limits``) its clusters
    would be the same for: event words, then rare words (``features.limit_range``).
    ``joined``, when given, receives for each new item in a cluster a reviewer's label
    holds the fine event (``Item.part``) it joined (:func:`joined_parts`).
    """
    cfg = config or GroupingConfig()
    if not items:
        return []
    if index is None:
        index = story_index(doc_texts, cfg)
    n = len(items)
    collection = index.claims if index is not None and index.claims else n
    parts = units_of([it.doc for it in items], index)
    # scoring asks a document similarity for ``similarity`` alone, which UnitSimilarity
    # answers unit by unit (None across units: no pair crosses two)
    docsim = cast(DocSimilarity, index.docsim) if index is not None else None
    stories = index.stories if index is not None else None
    frames: list[str | None] = [None] * n  # what misdated reports read of the features
    # In this process a unit's features and candidate pairs are held while it is scored
    # and no longer (no pair crosses two units, and a pair's score reads its two items
    # alone); the engine scores every unit's pairs at once and gets them all.
    feats: list[_Feat] | None = None if engine is None else [None] * n  # type: ignore[list-item]
    found: list[np.ndarray] = []  # codes, scored (in this process) or to score (engine)
    scores: list[np.ndarray] = []
    for members in parts:
        sub = [items[i] for i in members]
        bounds: dict[str, tuple[int, int | None]] = {}
        sub_feats = _unit_features(sub, cfg, index, collection, bounds)
        unit = None if index is None else index.units.get(sub[0].doc)
        near = index.docsim.parts.get(unit) if index is not None and unit is not None else None
        local = candidate_codes(sub, sub_feats, cfg, near, stories, collection, bounds)
        if limits is not None and unit is not None:
            limits[unit] = (*bounds["event"], *bounds["rare"])
        for i, f in zip(members, sub_feats, strict=True):
            f.words = ()  # the content words are blocking keys, read by nothing after
            frames[i] = f.frame
            if feats is not None:
                feats[i] = f
        if feats is None:
            scored = score_pairs(sub, sub_feats, local, cfg, docsim, stories)
            local = scored.codes
            scores.append(scored.scores)
        del sub_feats
        m = len(members)
        where = np.asarray(members, dtype=np.int64)  # ascending: codes stay i < j
        found.append(where[local // m] * n + where[local % m])
    codes = np.concatenate(found) if found else np.zeros(0, dtype=np.int64)
    del found
    if feats is None:
        edges = Edges(n, codes, np.concatenate(scores) if scores else np.zeros(0))
    else:
        edges = score_by_story(items, feats, np.sort(codes), cfg, docsim, stories, engine)
    del codes, scores, feats
    # by component of the strong pairs, in this process or on the engine: the clusters
    # of one agglomeration over every pair (``partition``)
    clusters = linkage_by_component(items, edges, cfg, engine)
    if cfg.misdating_min_link > 0:
        clusters = _misdated_by_unit(items, frames, clusters, edges, cfg, parts)
    if joined is not None:
        joined.update(joined_parts(items, clusters, edges))
    return clusters


def joined_parts(items: list[Item], clusters: list[Cluster], edges: Edges) -> dict[int, int]:
    """For each new item (no label) in a cluster a reviewer's label holds: the fine event
    (``Item.part``) of that cluster it is most like, by its mean score to each one's items
    (unscored pairs 0); none when it is like none. New evidence joins a decided entry by
    being like one of the things it reports (``clustering``), and is compared with that
    one: a later report's toll, in an event of its own, was never set against the
    entry's figures."""
    wanted: dict[int, list[int]] = {}  # new item -> the labelled items of its cluster
    for c in clusters:
        if c.fixed is None:
            continue
        old = [m for m in c.members if items[m].part is not None]
        for m in c.members:
            if items[m].fixed is None and old:
                wanted[m] = old
    if not wanted:
        return {}
    n = edges.n
    i, j = np.divmod(edges.codes, n)
    new = np.fromiter(wanted, dtype=np.int64)
    keep = np.isin(i, new) | np.isin(j, new)
    score = {(int(a), int(b)): float(x) for a, b, x in zip(i[keep], j[keep],
                                                          edges.scores[keep], strict=True)}
    out: dict[int, int] = {}
    for m, old in wanted.items():
        by_part: dict[int, list[float]] = {}
        for k in old:
            pair = (m, k) if m < k else (k, m)
            by_part.setdefault(cast(int, items[k].part), []).append(score.get(pair, 0.0))
        mean, part = max((sum(v) / len(v), p) for p, v in by_part.items())
        if mean > 0:
            out[m] = part
    return out


def units_of(docs: list[str], index: StoryIndex | None) -> list[list[int]]:
    """Positions in ``docs`` by unit (``StoryIndex.units``), in order of their first
    position: one part of all of them without an index. A document the index does not
    know (no text) is grouped with the others the index does not know."""
    if index is None:
        return [list(range(len(docs)))] if docs else []
    parts: dict[int | None, list[int]] = {}
    for i, doc in enumerate(docs):
        parts.setdefault(index.units.get(doc), []).append(i)
    return list(parts.values())


def _unit_features(items: list[Item], cfg: GroupingConfig, index: StoryIndex | None,
                   collection: int, bounds: dict[str, tuple[int, int | None]],
                   ) -> list[_Feat]:
    """Features of one unit's items (event words limited within its tighter stories)."""
    feats = features(items, cfg, collection, bounds)
    if cfg.event_word_story_df > 0:
        # too few documents for stories: a user following one story, all of it one story,
        # where an event word two documents share is already the story's (floor 1)
        tight = index.tight if index is not None else None
        _story_event_words(items, feats, tight or {it.doc: 0 for it in items},
                           cfg.event_word_story_df, 2 if tight else 1)
    return feats


def _misdated_by_unit(items: list[Item], frames: list[str | None], clusters: list[Cluster],
                      edges: Edges, cfg: GroupingConfig, parts: list[list[int]],
                      ) -> list[Cluster]:
    """``clustering._reunite_misdated`` unit by unit: which days a kind of event is given
    is counted among the unit's own reports. A cluster a reviewer's label holds across
    units is cut by unit for the pass and put together again after it."""
    if len(parts) == 1:
        return _reunite_misdated(items, frames, clusters, edges, cfg)
    n = len(items)
    unit = np.empty(n, dtype=np.int64)
    local = np.empty(n, dtype=np.int64)
    for u, members in enumerate(parts):
        unit[members] = u
        local[members] = np.arange(len(members))
    pieces: list[list[Cluster]] = [[] for _ in parts]
    for c in clusters:
        by_unit: dict[int, list[tuple[int, float]]] = {}
        for m, s in zip(c.members, c.similarity, strict=True):
            by_unit.setdefault(int(unit[m]), []).append((int(local[m]), s))
        for u, mine in by_unit.items():
            pieces[u].append(Cluster([m for m, _ in mine], [s for _, s in mine], c.fixed))
    first = edges.codes // n
    edge_unit = unit[first]
    order = np.argsort(edge_unit, kind="stable")
    bounds = np.searchsorted(edge_unit[order], np.arange(len(parts) + 1))
    out: list[Cluster] = []
    held: dict[int, Cluster] = {}  # a label's cluster, put together again
    for u, members in enumerate(parts):
        take = order[bounds[u]:bounds[u + 1]]
        i, j = np.divmod(edges.codes[take], n)
        m = len(members)
        sub = Edges(m, local[i] * m + local[j], edges.scores[take])
        for c in _reunite_misdated([items[k] for k in members], [frames[k] for k in members],
                                   pieces[u], sub, cfg):
            members_here = [members[k] for k in c.members]
            if c.fixed is None:
                out.append(Cluster(members_here, c.similarity, None))
            elif c.fixed in held:
                held[c.fixed].members.extend(members_here)
                held[c.fixed].similarity.extend(c.similarity)
            else:
                held[c.fixed] = Cluster(members_here, list(c.similarity), c.fixed)
    for c in held.values():
        pairs = sorted(zip(c.members, c.similarity, strict=True))
        out.append(Cluster([m for m, _ in pairs], [s for _, s in pairs], c.fixed))
    out.sort(key=lambda cl: cl.members[0])
    return out
