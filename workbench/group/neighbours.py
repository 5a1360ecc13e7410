"""Who is compared with whom: documents' nearest documents and stories (step 2 of
``engine``) and the claims' candidate pairs (blocking, step 3). Everything here is
sparse: no dense matrix over the collection, no loop over all pairs."""

from __future__ import annotations

import heapq
import math
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from .clustering import _agglomerate
from .config import GroupingConfig
from .features import _STOP, _WORD, Item, _Feat, limit_range, stem

# ---------------------------------------------------------------------------------------
# Document similarity


def _term_counts(text: str) -> dict[str, int]:
    """Content words of a document and how often each occurs; capitalised ones (names)
    count twice, since two stories of the same kind (two earthquakes) differ mostly in
    who and where."""
    c: dict[str, int] = defaultdict(int)
    for word in _WORD.findall(text):
        # one string for a word in every document (the units' vectors keep them)
        low = sys.intern(word.lower())
        if len(low) < 3 or low in _STOP:
            continue
        c[low] += 2 if word[0].isupper() else 1
    return c


def _tfidf(tf: int, df: int, n: int) -> float:
    """Sublinear term frequency times smoothed IDF over ``n`` documents."""
    return (1.0 + math.log(tf)) * math.log((1 + n) / (1 + df) + 1.0)


def _vector(counts: dict[str, int], df: dict[str, int], n: int,
            max_df: int) -> dict[str, float]:
    """A document's unit TF-IDF vector over ``n`` documents, restricted to the rarer words
    (in at most ``max_df`` documents, or half of them): the common ones only normalise."""
    cap = min(0.5 * n, max_df) if n > 20 else math.inf
    vec = {w: _tfidf(tf, df[w], n) for w, tf in counts.items() if df[w] < n or n == 1}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {w: v / norm for w, v in vec.items() if df[w] <= cap}


@dataclass
class DocumentCounts:
    """Every document's words (``counts``: key -> word -> count) and in how many
    documents each word is (``df``, over ``n`` documents)."""

    counts: dict[str, dict[str, int]]
    df: dict[str, int]
    n: int

    @classmethod
    def of(cls, doc_texts: dict[str, str]) -> DocumentCounts:
        counts = {key: _term_counts(text) for key, text in doc_texts.items()}
        df: dict[str, int] = defaultdict(int)
        for c in counts.values():
            for w in c:
                df[w] += 1
        return cls(counts, df, len(counts))

    def vector(self, key: str, max_df: int = 200) -> dict[str, float]:
        return _vector(self.counts[key], self.df, self.n, max_df)


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

    def __init__(self, doc_texts: dict[str, str], max_df: int = 200, k: int = 40,
                 collection: DocumentCounts | None = None):
        """``collection``: the words of a larger collection these documents are part of
        (an incremental build regroups a few stories): weights are then taken over it,
        so any two of these documents are as similar as in the whole collection."""
        self.max_df = max_df
        self.k = k
        self.keys = list(doc_texts)
        self.index = {key: i for i, key in enumerate(self.keys)}
        self._texts = doc_texts  # the story split counts words again, one story at a time
        if collection is not None:
            counts = [collection.counts.get(key) or _term_counts(doc_texts[key])
                      for key in self.keys]
            df, n = collection.df, collection.n
        else:
            counts = [_term_counts(doc_texts[key]) for key in self.keys]
            df = defaultdict(int)
            for c in counts:
                for w in c:
                    df[w] += 1
            n = len(self.keys)
        vocab: dict[str, int] = {}
        self.vectors: list[dict[str, float]] = []  # per document: rarer word -> weight
        rows, cols, vals = [], [], []
        for i, c in enumerate(counts):
            kept = _vector(c, df, n, max_df)
            self.vectors.append(kept)
            for w, v in kept.items():
                rows.append(i)
                cols.append(vocab.setdefault(w, len(vocab)))
                vals.append(v)
        del counts
        self._near = self._top_neighbours(rows, cols, vals, len(vocab))

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
                near[i] = {int(j): float(s) for j, s in zip(idx, sims, strict=True)}
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
            # summed in the smaller vector's own order, not a set's: a set of words
            # iterates in an order that differs between processes (string hashing), and
            # a sum in another order may differ in its last digit
            va, vb = self.vectors[ia], self.vectors[ib]
            shared = va.keys() & vb.keys()
            if len(shared) <= 2:  # two terms add up the same in either order
                s = sum(va[w] * vb[w] for w in shared)
            else:
                small, big = (va, vb) if len(va) <= len(vb) else (vb, va)
                s = sum(v * big[w] for w, v in small.items() if w in big)
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
        return [split_stories(whole, self._texts, split_ratio, split_min_docs, split_max_docs)
                for whole in self.cuts(thresholds)]

    def cuts(self, thresholds: list[float]) -> list[dict[str, int]]:
        """The stories at each threshold before any is split into occasions (document ->
        story number), from one agglomeration. A cut at a higher threshold is an
        earlier state of the same run, so each of its stories lies inside one story of a
        lower cut."""
        return [{self.keys[i]: g for g, mem in enumerate(groups) for i in mem}
                for groups in agglomerate_cuts(len(self.keys), self._edges(), thresholds)]

    def neighbours(self, k: int) -> dict[str, set[str]]:
        """Each document's ``k`` most similar documents (and itself)."""
        out = {}
        for i, key in enumerate(self.keys):
            best = heapq.nlargest(k, self._near[i].items(), key=lambda kv: kv[1])
            out[key] = {key} | {self.keys[j] for j, _ in best}
        return out


def agglomerate_cuts(n: int, edges: dict[tuple[int, int], float],
                     thresholds: list[float]) -> list[list[list[int]]]:
    """Average linkage of ``n`` documents over ``edges`` (other pairs count 0), cut at
    each threshold from one run: the clusters (ascending members, in order of their
    first member) at each."""
    log: list[tuple[float, int, int]] = []
    _agglomerate(n, edges, min(thresholds), [None] * n, merges=log)
    out = []
    for threshold in thresholds:
        parent = list(range(n))

        def find(x: int, parent: list[int] = parent) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for avg, a, b in log:
            if avg < threshold:
                break
            parent[find(b)] = find(a)
        groups: dict[int, list[int]] = defaultdict(list)
        for i in range(n):
            groups[find(i)].append(i)
        out.append(list(groups.values()))
    return out


def split_stories(whole: dict[str, int], texts: dict[str, str], ratio: float,
                  min_docs: int = 3, max_docs: int = 400) -> dict[str, int]:
    """Each story of ``whole`` (document -> story) split into its occasions
    (:func:`split_story`) when it holds ``2 * min_docs`` to ``max_docs`` documents; the
    parts numbered anew in the order of their first document in ``texts``. A story's
    parts depend on its own documents alone."""
    order = {key: i for i, key in enumerate(texts)}
    groups: dict[int, list[str]] = defaultdict(list)
    for key in sorted(whole, key=order.__getitem__):
        groups[whole[key]].append(key)
    out: dict[str, int] = {}
    number = 0
    for docs in groups.values():
        parts = (split_story(docs, texts, ratio, min_docs)
                 if ratio > 0 and 2 * min_docs <= len(docs) <= max_docs else [docs])
        for part in parts:
            out.update((key, number) for key in part)
            number += 1
    return out


def split_story(docs: list[str], texts: dict[str, str], ratio: float, min_docs: int,
                counts: dict[str, dict[str, int]] | None = None) -> list[list[str]]:
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
        counts = {key: _term_counts(texts[key]) for key in docs}
    df: dict[str, int] = defaultdict(int)
    for key in docs:
        for w in counts[key]:
            df[w] += 1
    vocab = {w: k for k, w in enumerate(w for w, c in df.items() if c >= 2)}
    matrix = np.zeros((n, len(vocab)), dtype=np.float32)
    for x, key in enumerate(docs):
        for w, tf in counts[key].items():
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
    return (split_story([docs[i] for i in left], texts, ratio, min_docs, counts)
            + split_story([docs[i] for i in right], texts, ratio, min_docs, counts))


class UnitSimilarity:
    """Document similarity inside *units* (see :class:`StoryIndex`): one
    :class:`DocSimilarity` per unit,
    IDF taken over the unit's own documents, so that how alike two documents of a unit
    are depends on that unit alone. Documents of two units are never compared (None)."""

    def __init__(self, doc_texts: dict[str, str], units: dict[str, int], k: int = 40):
        by_unit: dict[int, dict[str, str]] = defaultdict(dict)
        for key, text in doc_texts.items():
            by_unit[units[key]][key] = text
        self.unit = units
        self.k = k
        self.parts = {u: DocSimilarity(texts, k=k) for u, texts in by_unit.items()}
        # every unit's documents numbered one after another, with each one's nearest
        # documents in that numbering: what the pair scorer's first pass reads of a
        # DocSimilarity (``scoring.UpperBound``); no document is near one of another unit
        self.index: dict[str, int] = {}
        self._near: list[dict[int, float]] = []
        for part in self.parts.values():
            offset = len(self._near)
            self.index.update((key, offset + i) for key, i in part.index.items())
            self._near.extend({offset + j: s for j, s in near.items()} for near in part._near)

    def similarity(self, a: str, b: str) -> float | None:
        unit = self.unit.get(a)
        if unit is None or self.unit.get(b) != unit:
            return None
        return self.parts[unit].similarity(a, b)

    def neighbours(self, k: int) -> dict[str, set[str]]:
        """Each document's ``k`` most similar documents of its unit (and itself)."""
        out: dict[str, set[str]] = {}
        for part in self.parts.values():
            out.update(part.neighbours(k))
        return out


@dataclass
class StoryIndex:
    """What grouping knows of whole documents: each one's *unit* (documents clustered at
    the loosest cut, ``unit_threshold``: grouping a unit reads that unit's documents and
    claims only), its story at the loose cut (``story_threshold``) and at the tighter one
    (``event_word_story_threshold``), before (``whole``, ``clusters``) and after
    (``stories``, ``tight``) they are split into occasions, and the similarity of
    documents inside a unit (``docsim``). Each cut nests in the looser ones."""

    docsim: UnitSimilarity
    units: dict[str, int]
    whole: dict[str, int]
    clusters: dict[str, int]
    stories: dict[str, int]
    tight: dict[str, int]
    claims: int | None = None  # claims in the whole collection, when these are a few
    #   of its units: limits that are shares of the collection are taken of it


def story_index(doc_texts: dict[str, str] | None, cfg: GroupingConfig) -> StoryIndex | None:
    """The collection's :class:`StoryIndex`; None with fewer than ``min_docs_for_stories``
    documents: IDF over a handful of documents (one story followed by a user) is
    meaningless, and every document would look unrelated to the others."""
    if not doc_texts or len(doc_texts) < cfg.min_docs_for_stories:
        return None
    # both cuts from one agglomeration over the collection (the tighter one is an
    # earlier state of it)
    # every cut from one agglomeration over the collection (a tighter one is an earlier
    # state of it)
    units, whole, clusters = DocSimilarity(doc_texts, k=cfg.story_neighbours).cuts(
        [cfg.unit_threshold, cfg.story_threshold, cfg.event_word_story_threshold])
    return unit_index(doc_texts, units, whole, clusters, cfg)


def unit_index(doc_texts: dict[str, str], units: dict[str, int], whole: dict[str, int],
               clusters: dict[str, int], cfg: GroupingConfig,
               claims: int | None = None) -> StoryIndex:
    """The :class:`StoryIndex` of the documents of some units, given their cuts before
    splitting (``units``; ``whole`` and ``clusters``, their stories at the loose and the
    tighter cut): each story split into occasions and the documents' similarity, all of
    it taken unit by unit. A full grouping and an incremental one build it the same way."""
    return StoryIndex(
        UnitSimilarity(doc_texts, units, cfg.story_neighbours), units, whole, clusters,
        split_stories(whole, doc_texts, cfg.story_split_ratio, cfg.story_split_min_docs),
        split_stories(clusters, doc_texts, cfg.story_split_ratio, cfg.story_split_min_docs),
        claims)


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
    return {divmod(int(c), n) for c in candidate_codes(items, feats, cfg, docsim, stories)}


def candidate_codes(
    items: list[Item],
    feats: list[_Feat],
    cfg: GroupingConfig,
    docsim: DocSimilarity | None,
    stories: dict[str, int] | None = None,
    collection: int | None = None,
    bounds: dict[str, tuple[int, int | None]] | None = None,
) -> np.ndarray:
    """:func:`candidate_pairs` as sorted ``i * len(items) + j`` codes: eight bytes a pair
    rather than a set of tuples (the pairs are the largest thing grouping holds).
    ``bounds["rare"]``, when given, receives the range of the rare-word limit the pairs
    would be the same for (``features.limit_range``)."""
    n = len(items)
    df: dict[str, int] = defaultdict(int)
    for f in feats:
        for w in f.words:
            if len(w) >= cfg.min_token_len:
                df[w] += 1
    size = collection or n  # a share of the collection, when these items are part of one
    max_df = cfg.claim_limits(size)[1]
    rare = {w for w, c in df.items() if 2 <= c <= max_df}
    if bounds is not None:
        bounds["rare"] = limit_range(df.values(), max_df)

    blocks: dict[str, list[int]] = defaultdict(list)
    for i, f in enumerate(feats):
        for key in set(_blocking_keys(f, rare, cfg)):
            blocks[key].append(i)
        if stories is not None and f.trig and not f.light and cfg.story_trigger_match > 0:
            # the same event word within one story (split like any block when too large)
            blocks[f"st:{stories.get(items[i].doc)}:{f.trig}"].append(i)

    neighbours = docsim.neighbours(cfg.doc_neighbours) if docsim is not None else None
    found = _Codes()
    for members in blocks.values():
        if len(members) < 2:
            continue
        if len(members) <= cfg.max_block:
            m = np.asarray(members, dtype=np.int64)  # ascending: appended in item order
            x, y = np.triu_indices(len(m), 1)
            found.add(m[x] * n + m[y])
        elif neighbours is not None:
            by_doc: dict[str, list[int]] = defaultdict(list)
            for i in members:
                by_doc[items[i].doc].append(i)
            for doc, mine in by_doc.items():
                near = neighbours.get(doc, {doc})
                a = np.asarray(mine, dtype=np.int64)[:, None]
                for other in near:
                    if other < doc or other not in by_doc:
                        continue
                    b = np.asarray(by_doc[other], dtype=np.int64)[None, :]
                    lo, hi = np.minimum(a, b), np.maximum(a, b)
                    keep = lo != hi
                    found.add(lo[keep] * n + hi[keep])
        else:
            order = sorted(members, key=lambda i: (feats[i].date or "", items[i].doc, i))
            codes = []
            for x_, i in enumerate(order):
                for j in order[x_ + 1 : x_ + 1 + cfg.window]:
                    codes.append(min(i, j) * n + max(i, j))
            found.add(np.asarray(codes, dtype=np.int64))
    return found.done()


class _Codes:
    """Pair codes gathered block by block, duplicates folded away as they pile up."""

    def __init__(self, fold_at: int = 1_000_000):
        self.parts: list[np.ndarray] = []
        self.size = 0
        self.fold_at = fold_at

    def add(self, codes: np.ndarray) -> None:
        if len(codes):
            self.parts.append(codes.ravel())
            self.size += len(codes)
            if self.size >= self.fold_at:
                folded = _unique(np.concatenate(self.parts))
                self.parts = [folded]
                self.size = len(folded)
                self.fold_at = max(self.fold_at, 2 * len(folded))

    def done(self) -> np.ndarray:
        if not self.parts:
            return np.zeros(0, dtype=np.int64)
        return _unique(np.concatenate(self.parts))


def _unique(codes: np.ndarray) -> np.ndarray:
    """Sorted distinct codes (a sort: numpy's hash-based ``unique`` is slower here)."""
    codes.sort()
    if len(codes) < 2:
        return codes
    return codes[np.concatenate(([True], codes[1:] != codes[:-1]))]
