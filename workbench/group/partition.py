"""Grouping cut into independent parts, for an engine that runs them on a cluster
(``workbench build --engine ray``; see ``workbench.distributed``).

The two costly steps of ``engine.cluster`` split without changing a single result:

- **Pair scoring by story block.** A pair's score depends on the two items, their
  features, their documents' similarity and stories, nothing else. Candidate pairs go to
  the story of their first item, and stories are packed into blocks of about equal
  numbers of pairs. What scoring reads (items, features, document index, stories) goes
  to the workers once (``shared``); a block is only its pair codes. A block's pairs
  reach most of the collection (names, days and rare words cross stories: on ECB+ a
  block of an eighth of the pairs touched 20-80 % of the items), so shipping each block
  what it reads cost as much as scoring it. A block's scores are those one process
  would give.
- **Clustering by component.** Average linkage merges two clusters when the mean score
  between them is at least ``merge_threshold``; a mean is never above its largest term
  (unscored pairs count 0), so two clusters merge only if some pair between them scores
  that much. Every cluster therefore stays inside one connected component of the
  *strong* pairs (those at the threshold, or items a reviewer's label joins), and each
  component is clustered on its own with every scored pair inside it, weak ones
  included (they count in the means). Pairs between components never reach the
  threshold, so they never make a merge. Items are renumbered in their order, which
  keeps every tie broken as in one run (lower cluster numbers first, merged ones after
  the originals, in merge order), and sums of scores are added in the same order.

What stays in the driver (features, stories, candidate pairs, misdated reports, writing)
reads the whole collection. ``engine`` is anything with ``map(fn, args, shared=None)``
that yields ``fn(arg)`` (``fn(shared, arg)``) in order and a number of ``workers``; a
one-process stand-in gives the same clusters (``tests/group/test_partition.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from .clustering import Cluster, Edges, _average_linkage
from .config import GroupingConfig
from .features import Item, _Feat
from .neighbours import DocSimilarity
from .scoring import score_pairs

BLOCKS_PER_WORKER = 4  # blocks per worker: an uneven block still leaves the others busy
MIN_BLOCK_PAIRS = 20_000  # fewer pairs in a block than this cost more to ship than to score
MIN_PART_EDGES = 20_000  # the same for clustering


@dataclass
class _Scoring:
    """What scoring any pair reads: shared by every block."""

    items: list[Item]
    feats: list[_Feat]
    cfg: GroupingConfig
    docsim: DocSimilarity | None
    stories: dict[str, int] | None


def _score(ctx: _Scoring, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    edges = score_pairs(ctx.items, ctx.feats, codes, ctx.cfg, ctx.docsim, ctx.stories)
    return edges.codes, edges.scores


def _bins(keys: np.ndarray, weights: np.ndarray, target: int) -> list[np.ndarray]:
    """Keys (sorted, distinct) packed in order into bins of about ``target`` weight."""
    out, start, total = [], 0, 0
    for k in range(len(keys)):
        total += int(weights[k])
        if total >= target:
            out.append(keys[start:k + 1])
            start, total = k + 1, 0
    if start < len(keys):
        out.append(keys[start:])
    return out


def _local(codes: np.ndarray, n: int, needed: np.ndarray) -> np.ndarray:
    """Pair codes over ``n`` items as codes over ``needed`` (sorted item numbers) alone."""
    i, j = np.divmod(codes, n)
    m = len(needed)
    return np.searchsorted(needed, i) * m + np.searchsorted(needed, j)


def score_by_story(items: list[Item], feats: list[_Feat], codes: np.ndarray,
                   cfg: GroupingConfig, docsim: DocSimilarity | None,
                   stories: dict[str, int] | None, engine) -> Edges:
    """:func:`scoring.score_pairs` over ``codes``, block by block on ``engine``."""
    n = len(items)
    if not len(codes):
        return score_pairs(items, feats, codes, cfg, docsim, stories)
    story_of = stories or {}
    # stories are numbered from 0; an item in no story (no document text) is in -1
    item_story = np.fromiter((story_of.get(it.doc, -1) for it in items), dtype=np.int64,
                             count=n)
    pair_story = item_story[codes // n]
    keys, counts = np.unique(pair_story, return_counts=True)
    target = max(MIN_BLOCK_PAIRS, -(-len(codes) // (BLOCKS_PER_WORKER * engine.workers)))

    blocks = (codes[np.isin(pair_story, block)] for block in _bins(keys, counts, target))
    shared = _Scoring(items, feats, cfg, docsim, stories)
    found_codes, found_scores = [], []
    for block_codes, scores in engine.map(_score, blocks, shared=shared):
        found_codes.append(block_codes)
        found_scores.append(scores)
    return Edges(n, np.concatenate(found_codes), np.concatenate(found_scores))


@dataclass
class _Linkage:
    items: list[Item]
    edges: Edges
    cfg: GroupingConfig


def _link(part: _Linkage) -> list[Cluster]:
    return _average_linkage(part.items, part.edges, part.cfg)


def components(items: list[Item], edges: Edges, threshold: float) -> np.ndarray:
    """Each item's component: items joined by a pair scoring at least ``threshold`` or by
    a reviewer's label. The cut sits a hair below the threshold, so that no sum of weaker
    scores can reach it by rounding."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    n = len(items)
    strong = edges.codes[edges.scores >= threshold * (1 - 1e-9)]
    i, j = np.divmod(strong, n)
    first: dict[int, int] = {}
    li, lj = [], []
    for k, it in enumerate(items):
        if it.fixed is not None:
            f = first.setdefault(it.fixed, k)
            if f != k:
                li.append(f)
                lj.append(k)
    rows = np.concatenate([i, np.asarray(li, dtype=np.int64)])
    cols = np.concatenate([j, np.asarray(lj, dtype=np.int64)])
    graph = coo_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(n, n))
    return connected_components(graph, directed=False)[1]


class InProcess:
    """The engine of one process: the parts one after the other. Clustering by component
    pays here too: items alone in their component and the pairs between components never
    enter the agglomeration (half the time on ECB+), and only one part's links are held
    at a time (a fifth of the memory)."""

    workers = 16  # parts of about 1/64 of the pairs: small, and few enough to cost nothing

    @staticmethod
    def map(fn, args, shared=None):
        for arg in args:
            yield fn(shared, arg) if shared is not None else fn(arg)


def linkage_by_component(items: list[Item], edges: Edges, cfg: GroupingConfig,
                         engine=None) -> list[Cluster]:
    """:func:`clustering._average_linkage`, its components packed into parts run on
    ``engine`` (this process if None); an item alone in its component is a cluster of
    its own."""
    engine = engine or InProcess()
    n = len(items)
    comp = components(items, edges, cfg.merge_threshold) if n else np.zeros(0, dtype=np.int64)
    sizes = np.bincount(comp) if n else np.zeros(0, dtype=np.int64)
    out = [Cluster([k], [1.0], items[k].fixed) for k in np.flatnonzero(sizes[comp] == 1).tolist()]
    # a pair between components is left out: it can make no merge (see the docstring)
    first, second = np.divmod(edges.codes, n) if n else (edges.codes, edges.codes)
    inside = comp[first] == comp[second]
    edge_comp = np.where(inside, comp[first], -1)
    keys, counts = np.unique(edge_comp[inside], return_counts=True)
    # a component of two or more items joined only by a label has no edge: weigh it 1
    grouped = np.flatnonzero(sizes >= 2)
    weights = np.ones(len(grouped), dtype=np.int64)
    weights[np.searchsorted(grouped, keys)] += counts
    target = max(MIN_PART_EDGES, -(-len(edges) // (BLOCKS_PER_WORKER * engine.workers)))
    needs: list[np.ndarray] = []

    def parts() -> Iterator[_Linkage]:
        for part in _bins(grouped, weights, target):
            needed = np.flatnonzero(np.isin(comp, part))
            take = np.isin(edge_comp, part)
            sub = Edges(len(needed), _local(edges.codes[take], n, needed), edges.scores[take])
            needs.append(needed)
            yield _Linkage([items[k] for k in needed.tolist()], sub, cfg)

    for clusters in engine.map(_link, parts()):
        needed = needs.pop(0)
        for c in clusters:
            out.append(Cluster(needed[c.members].tolist(), c.similarity, c.fixed))
    out.sort(key=lambda cl: cl.members[0])
    return out
