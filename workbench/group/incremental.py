"""Regroup only what new documents touch: the units they join (an incremental build).

Grouping works unit by unit (``engine.cluster``): a *unit* is a story at the loose cut
(``story_threshold``) before it is split into occasions, and everything grouping takes
of a unit's claims (features, event words, document similarity, candidate pairs,
misdated reports, the dates a corpus suggests, entries) is read from that unit alone.
So regrouping the units whose documents changed, with the units found as a full
grouping finds them, gives what a full grouping gives.

After every grouping, ``grouped_documents`` records each document's extraction stamp,
its unit and its story at the tighter cut (``event_word_story_threshold``), both before
splitting; ``settings`` the number of claims grouped. A build that adds a few documents
(or re-extracts some: a corrected publication date) then:

1. finds the documents that are new or re-extracted since (their stamp differs), and
   the units that lost a document;
2. finds the units as the full grouping's agglomeration would: the changed documents'
   nearest documents in the whole collection (``story_neighbours`` of them, IDF over
   the whole collection, as a full grouping takes it) name the units they link to; the
   documents of those units and the changed ones are agglomerated again (average
   linkage over their links to their nearest documents, both cuts from one run). A new
   document may thus join a unit, start one, or bridge two units into one; a unit
   that comes out as it was stored (the same documents, the same tighter stories) is
   left alone;
3. regroups the claims of every unit that changed, and of every unit a limit that is a
   share of the collection may have moved for (``GroupingConfig.claim_limits``: only a
   unit with more claims than the limit can feel it): each unit's stories split into
   occasions again and its document similarity computed again, all from its own
   documents. Every other group keeps its id, members and decisions.

What stays global is cheap and recomputed whole: the importance of every entry
(``rank.rank_entries``: the day counts are SQL over the collection).

A full grouping is used instead when there is nothing to build on (no stored units, an
older grouping, a collection too small for stories), when the new documents are more
than ``MAX_CHANGED_SHARE`` of the collection, or when the units they touch hold more
than ``MAX_REGROUPED_SHARE`` of the claims: then regrouping everything costs about the
same.

Where it can still differ from a full grouping: the units themselves. Which documents
are each other's nearest, and so the units, come from IDF over the whole collection;
each new document moves every word's weight a little, and a full grouping could join or
cut stories the new documents do not link to. Given the same units, the groups are the
same (``tests/group/test_incremental.py`` compares the two on ECB+ split in two).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
import sqlite_utils

from .config import GroupingConfig
from .neighbours import DocumentCounts, StoryIndex, agglomerate_cuts, unit_index

# The stored units were made by this way of grouping; another one regroups everything.
BASIS = "units-1"
BASIS_KEY = "grouping.basis"
LIMITS_KEY = "grouping.limits"  # unit -> the ranges its limits may move in (see plan)
# Past these shares a full grouping costs about what an incremental one does.
MAX_CHANGED_SHARE = 0.2  # new or re-extracted documents, of all documents
MAX_REGROUPED_SHARE = 0.5  # claims in the units they touch, of all claims


@dataclass
class Plan:
    """What an incremental grouping regroups: ``documents`` (ids, whole units) and the
    index the engine uses for them; empty when nothing changed."""

    documents: set[int] = field(default_factory=set)
    changed: set[int] = field(default_factory=set)
    index: StoryIndex | None = None


def plan(db: sqlite_utils.Database, doc_texts: dict[str, str],
         cfg: GroupingConfig) -> Plan | None:
    """The units to regroup, or None when a full grouping is due (see the module doc)."""
    if len(doc_texts) < cfg.min_docs_for_stories or _basis(db) != BASIS:
        return None
    rows = db.execute(
        "SELECT d.id, d.extracted_at, g.document_id, g.extracted_at, g.unit, g.story, g.tight "
        "FROM documents d LEFT JOIN grouped_documents g ON g.document_id = d.id").fetchall()
    known: dict[int, tuple[int, int, int]] = {}  # document -> unit, story, tighter story
    changed: set[int] = set()
    dropped: set[int] = set()  # units that lose a document (it was re-extracted)
    for doc, stamp, seen, seen_stamp, *cuts in rows:
        if seen is not None and None not in cuts:
            if seen_stamp != stamp:
                changed.add(doc)
                dropped.add(cuts[0])
            else:
                known[doc] = (cuts[0], cuts[1], cuts[2])
        else:
            changed.add(doc)
    if not known:
        return None
    total = db.execute("SELECT count(*) FROM claims").fetchone()[0]
    shifted = _shifted_units(db, cfg, total)
    if not changed and not dropped and not shifted:
        return Plan()
    if len(changed) > MAX_CHANGED_SHARE * len(rows):
        return None
    collection = DocumentCounts.of(doc_texts)
    cuts, touched = _place(sorted(changed), known, dropped, collection, cfg)
    touched |= shifted
    region = {d for d, ids in cuts.items() if ids[0] in touched}
    if total and _count_claims(db, region) > MAX_REGROUPED_SHARE * total:
        return None
    texts = {str(d): doc_texts[str(d)] for d in sorted(region)}
    units, whole, clusters = ({str(d): cuts[d][c] for d in region} for c in range(3))
    index = unit_index(texts, units, whole, clusters, cfg, claims=total)
    return Plan(region, changed, index)


def _shifted_units(db: sqlite_utils.Database, cfg: GroupingConfig, total: int) -> set[int]:
    """Stored units whose clusters the limits that are shares of the collection
    (``GroupingConfig.claim_limits``) may change now that it holds ``total`` claims:
    those for which a limit left the range the last grouping found it could move in
    without changing them (``engine.cluster``'s ``limits``)."""
    row = db.execute("SELECT value FROM settings WHERE key = ?", [LIMITS_KEY]).fetchone()
    if row is None:
        return set()
    event, rare = cfg.claim_limits(total)

    def inside(value: int, lo: int, hi: int | None) -> bool:
        return lo <= value and (hi is None or value < hi)

    return {int(unit) for unit, (elo, ehi, rlo, rhi) in json.loads(row[0]).items()
            if not (inside(event, elo, ehi) and inside(rare, rlo, rhi))}


def _basis(db: sqlite_utils.Database) -> str | None:
    row = db.execute("SELECT value FROM settings WHERE key = ?", [BASIS_KEY]).fetchone()
    return json.loads(row[0]) if row else None


def _count_claims(db: sqlite_utils.Database, documents: set[int]) -> int:
    if not documents:
        return 0
    db.execute("CREATE TEMP TABLE IF NOT EXISTS _region(id INTEGER PRIMARY KEY)")
    db.execute("DELETE FROM _region")
    db.conn.executemany("INSERT INTO _region(id) VALUES (?)", [(d,) for d in documents])
    return db.execute(
        "SELECT count(*) FROM claims WHERE document_id IN (SELECT id FROM _region)").fetchone()[0]


def _nearest(keys: list[str], collection: DocumentCounts, k: int, order: dict[str, int],
             vectors: dict[str, dict[str, float]]) -> dict[str, list[tuple[str, float]]]:
    """Each of ``keys``' ``k`` most similar documents of the whole collection, as
    ``neighbours.DocSimilarity`` finds them (TF-IDF over the rarer words, positive
    cosines only, ties by document order). ``vectors``: the documents' TF-IDF vectors
    computed so far, kept for the next call."""
    from scipy import sparse

    if not keys:
        return {}
    for key in keys:
        if key not in vectors:
            vectors[key] = collection.vector(key)
    words = {w for key in keys for w in vectors[key]}
    mine = set(keys)
    others = [key for key, counts in collection.counts.items()
              if key not in mine and not words.isdisjoint(counts)]
    for key in others:
        if key not in vectors:
            vectors[key] = collection.vector(key)
    columns = list(keys) + others
    vocab: dict[str, int] = {}

    def matrix(rows: list[str]):
        r, c, v = [], [], []
        for i, key in enumerate(rows):
            for w, x in vectors[key].items():
                r.append(i)
                c.append(vocab.setdefault(w, len(vocab)))
                v.append(x)
        return r, c, v

    ra, ca, va = matrix(list(keys))
    rb, cb, vb = matrix(columns)
    width = len(vocab)
    a = sparse.csr_matrix((va, (ra, ca)), shape=(len(keys), width))
    b = sparse.csr_matrix((vb, (rb, cb)), shape=(len(columns), width))
    product = (a @ b.T).tocsr()
    position = np.asarray([order[key] for key in columns])
    out: dict[str, list[tuple[str, float]]] = {}
    for r, key in enumerate(keys):
        lo, hi = product.indptr[r], product.indptr[r + 1]
        idx, sims = product.indices[lo:hi], product.data[lo:hi]
        keep = (idx != r) & (sims > 0)
        idx, sims = idx[keep], sims[keep]
        best = np.lexsort((position[idx], -sims))[:k]
        out[key] = [(columns[int(idx[j])], float(sims[j])) for j in best]
    return out


def _place(changed: list[int], known: dict[int, tuple[int, int, int]], dropped: set[int],
           collection: DocumentCounts, cfg: GroupingConfig,
           ) -> tuple[dict[int, tuple[int, int, int]], set[int]]:
    """Every document's unit and stories (before splitting) once the ``changed``
    documents are placed, and the units that changed (their numbers in the result).

    The changed documents and every document of a unit one of them links to (or of a
    unit that lost a document) are agglomerated again as a full grouping would, over
    their links to their nearest documents in the whole collection. A unit that comes
    out with the same documents and the same stories keeps its numbers and is not
    touched; every other one is numbered anew."""
    order = {key: i for i, key in enumerate(collection.counts)}
    k = cfg.story_neighbours
    vectors: dict[str, dict[str, float]] = {}
    near = _nearest([str(d) for d in changed], collection, k, order, vectors)
    linked = set(dropped)
    for links in near.values():
        linked |= {known[int(e)][0] for e, _ in links if int(e) in known}
    members: dict[int, list[int]] = defaultdict(list)
    for d, ids in known.items():
        if ids[0] in linked:
            members[ids[0]].append(d)
    stored = [d for docs in members.values() for d in docs]
    near.update(_nearest([str(d) for d in stored], collection, k, order, vectors))
    nodes = sorted(set(changed) | set(stored), key=lambda d: order[str(d)])
    at = {d: i for i, d in enumerate(nodes)}
    edges: dict[tuple[int, int], float] = {}
    for d in nodes:
        for e, s in near[str(d)]:
            j = at.get(int(e))
            if j is not None:
                i = at[d]
                edges[(i, j) if i < j else (j, i)] = s
    found = agglomerate_cuts(len(nodes), edges, [
        cfg.unit_threshold, cfg.story_threshold, cfg.event_word_story_threshold])
    # each node's cluster at the story cuts
    inner = [{nodes[i]: g for g, mem in enumerate(cut) for i in mem} for cut in found[1:]]
    out = dict(known)
    start = [max((ids[c] for ids in known.values()), default=-1) + 1 for c in range(3)]
    touched: set[int] = set()
    for mem in found[0]:
        docs = [nodes[i] for i in mem]
        was = {known[d][0] if d in known else None for d in docs}
        unit = next(iter(was))
        if (len(was) == 1 and unit is not None and unit not in dropped
                and len(members[unit]) == len(docs)
                and all(_same_partition(docs, cut, {d: known[d][c + 1] for d in docs})
                        for c, cut in enumerate(inner))):
            continue  # as stored: the same documents, the same stories
        touched.add(start[0])
        fresh: list[dict[int, int]] = [{}, {}]
        for d in docs:
            labels = [start[0]]
            for c, cut in enumerate(inner):
                if cut[d] not in fresh[c]:
                    fresh[c][cut[d]] = start[c + 1]
                    start[c + 1] += 1
                labels.append(fresh[c][cut[d]])
            out[d] = (labels[0], labels[1], labels[2])
        start[0] += 1
    return out, touched


def _same_partition(docs: list[int], a: dict[int, int], b: dict[int, int]) -> bool:
    """Do the labels ``a`` and ``b`` cut ``docs`` the same way?"""
    pairs = {(a[d], b[d]) for d in docs}
    return len(pairs) == len({x for x, _ in pairs}) == len({y for _, y in pairs})


def remember(db: sqlite_utils.Database, index: StoryIndex | None,
             documents: set[int] | None = None,
             limits: dict[int, tuple[int, int | None, int, int | None]] | None = None,
             ) -> None:
    """Record what this grouping knew of each document (all of them after a full
    grouping, ``documents`` after an incremental one) and of each unit it grouped (the
    ranges its ``limits`` may move in): the next build starts from it."""
    if documents is None:
        db.execute("DELETE FROM grouped_documents")
        rows = db.execute("SELECT id, extracted_at FROM documents").fetchall()
    else:
        _count_claims(db, documents)  # fills _region
        rows = db.execute("SELECT id, extracted_at FROM documents "
                          "WHERE id IN (SELECT id FROM _region)").fetchall()
    cuts = (index.units, index.whole, index.clusters) if index is not None else ({}, {}, {})
    db.conn.executemany(
        "INSERT INTO grouped_documents(document_id, extracted_at, unit, story, tight) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT(document_id) DO UPDATE SET "
        "extracted_at = excluded.extracted_at, unit = excluded.unit, story = excluded.story, "
        "tight = excluded.tight",
        [(d, stamp, *(cut.get(str(d)) for cut in cuts)) for d, stamp in rows])
    ranges: dict[str, list] = {}
    row = db.execute("SELECT value FROM settings WHERE key = ?", [LIMITS_KEY]).fetchone()
    if documents is not None and row is not None:
        present = {str(r[0]) for r in db.execute(
            "SELECT DISTINCT unit FROM grouped_documents WHERE unit IS NOT NULL")}
        ranges = {u: r for u, r in json.loads(row[0]).items() if u in present}
    ranges.update((str(u), list(r)) for u, r in (limits or {}).items())
    for key, value in ((BASIS_KEY, BASIS), (LIMITS_KEY, ranges)):
        db.execute("INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO "
                   "UPDATE SET value = excluded.value", [key, json.dumps(value)])
