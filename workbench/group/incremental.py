"""Regroup only what new documents touch: the stories they join (an incremental build).

After every grouping, ``grouped_documents`` records each document's extraction stamp and
its stories (both cuts of ``neighbours.story_index``). A build that adds a few documents
(or re-extracts some: a corrected publication date) then:

1. finds the documents that are new or re-extracted since (their stamp differs);
2. places each new document in a story: the words of every document are counted (IDF
   over the whole collection, as a full grouping takes it), and a new document joins the
   story its nearest documents (``story_neighbours`` of them) link to with a mean cosine
   of at least ``story_threshold`` (other documents of the story count 0, as in the
   average linkage that found the stories); new documents that join none are clustered
   among themselves the same way into new stories. The tighter cut likewise;
3. regroups the claims of the stories that gained or changed a document, and only
   those: the engine gets their documents' similarity over the whole collection and
   their stories as stored. Every other group keeps its id, members and decisions; an
   entry that spans a regrouped story and another keeps its members in the other.

What stays global is cheap and recomputed whole: the importance of every entry
(``rank.rank_entries``: the day counts are SQL over the collection).

A full grouping is used instead when there is nothing to build on (no stored stories, an
older grouping, a collection too small for stories), when the new documents are more
than ``MAX_CHANGED_SHARE`` of the collection, or when the stories they touch hold more
than ``MAX_REGROUPED_SHARE`` of the claims: then regrouping everything costs about the
same.

How near a full grouping it comes: the stories, the documents' similarities, the limits
that are shares of the collection and the names the collection is about are the ones a
full grouping takes. What a full grouping takes over every claim and this takes over the
regrouped stories' claims is not: the weights of names, and which words are event words
(a word some claim anywhere has as its trigger). So a full grouping changes groups of
stories that no new document touches (a new trigger word makes it an event word
everywhere), and it may group a touched story a little otherwise. On ECB+ with five
articles of topic 12 held out and added (docs/SCALE.md), 156 of 11,211 claims end in
another group than in a full grouping: 114 in the regrouped stories, 42 in a story the new
articles do not touch. ``tests/group/test_incremental.py`` compares the two on a corpus
split in two, where they are equal.
"""

from __future__ import annotations

import heapq
import json
from collections import defaultdict
from dataclasses import dataclass, field

import sqlite_utils

from .clustering import _agglomerate
from .config import GroupingConfig
from .entries import NAME_LABELS
from .neighbours import DocSimilarity, DocumentCounts, StoryIndex

# The stored stories were made by this way of grouping; another one regroups everything.
BASIS = "stories-1"
BASIS_KEY = "grouping.basis"
# Past these shares a full grouping costs about what an incremental one does.
MAX_CHANGED_SHARE = 0.2  # new or re-extracted documents, of all documents
MAX_REGROUPED_SHARE = 0.5  # claims in the stories they touch, of all claims


@dataclass
class Plan:
    """What an incremental grouping regroups: ``documents`` (ids) and the index the
    engine uses for them; empty when nothing changed."""

    documents: set[int] = field(default_factory=set)
    changed: set[int] = field(default_factory=set)
    index: StoryIndex | None = None
    assigned: dict[int, tuple[int, int]] = field(default_factory=dict)  # new doc -> stories
    subject: set[str] | None = None  # the names the whole collection is about


def plan(db: sqlite_utils.Database, doc_texts: dict[str, str],
         cfg: GroupingConfig) -> Plan | None:
    """The stories to regroup, or None when a full grouping is due (see the module doc)."""
    if len(doc_texts) < cfg.min_docs_for_stories or _basis(db) != BASIS:
        return None
    rows = db.execute(
        "SELECT d.id, d.extracted_at, g.document_id, g.extracted_at, g.story, g.tight "
        "FROM documents d LEFT JOIN grouped_documents g ON g.document_id = d.id").fetchall()
    known: dict[int, tuple[int, int]] = {}
    changed: set[int] = set()
    for doc, stamp, seen, seen_stamp, story, tight in rows:
        if seen is not None and story is not None and tight is not None:
            known[doc] = (story, tight)
            if seen_stamp != stamp:
                changed.add(doc)
        else:
            changed.add(doc)
    if not known:
        return None
    if not changed:
        return Plan()
    if len(changed) > MAX_CHANGED_SHARE * len(rows):
        return None
    collection = DocumentCounts.of(doc_texts)
    new = sorted(d for d in changed if d not in known)
    assigned = _place(new, known, collection, cfg)
    stories = {**known, **assigned}
    touched_loose = {stories[d][0] for d in changed}
    touched_tight = {stories[d][1] for d in changed}
    region = {d for d, (loose, tight) in stories.items()
              if loose in touched_loose or tight in touched_tight}
    total = db.execute("SELECT count(*) FROM claims").fetchone()[0]
    inside = _count_claims(db, region)
    if total and inside > MAX_REGROUPED_SHARE * total:
        return None
    texts = {str(d): doc_texts[str(d)] for d in sorted(region)}
    index = StoryIndex(
        DocSimilarity(texts, k=cfg.story_neighbours, collection=collection),
        {str(d): stories[d][0] for d in region}, {str(d): stories[d][1] for d in region},
        claims=total)
    return Plan(region, changed, index, assigned, subject_names(db))


def subject_names(db: sqlite_utils.Database) -> set[str]:
    """``entries.subject_names`` of the whole collection, counted in SQL: names used by
    more than two documents and more than a tenth of the documents with claims."""
    labels = ", ".join(f"'{label}'" for label in sorted(NAME_LABELS))
    documents = db.execute("SELECT count(DISTINCT document_id) FROM claims").fetchone()[0]
    return {name for name, users in db.execute(
        "SELECT json_extract(e.value, '$.norm') AS name, count(DISTINCT c.document_id) "
        "FROM claims c, json_each(c.entities) e "
        f"WHERE json_extract(e.value, '$.label') IN ({labels}) AND name != '' "
        "GROUP BY name") if users > 2 and users > 0.1 * documents}


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


def _place(new: list[int], known: dict[int, tuple[int, int]], collection: DocumentCounts,
           cfg: GroupingConfig) -> dict[int, tuple[int, int]]:
    """Stories (both cuts) for the ``new`` documents: average linkage over the new
    documents' links to their nearest documents, the stored stories fixed."""
    if not new:
        return {}
    vectors = {d: collection.vector(str(d)) for d in new}
    words = {w for v in vectors.values() for w in v}
    holders: dict[str, list[int]] = defaultdict(list)  # a new document's word -> documents
    for key, counts in collection.counts.items():
        shared = words.intersection(counts)
        for w in shared:
            holders[w].append(int(key))
    candidates = {d for docs in holders.values() for d in docs}
    others = {d: collection.vector(str(d)) for d in candidates if d not in vectors}
    others.update(vectors)
    near: dict[int, list[tuple[float, int]]] = {}
    for d, vec in vectors.items():
        sims: dict[int, float] = defaultdict(float)
        for w, v in vec.items():
            for e in holders[w]:
                if e != d:
                    sims[e] += v * others[e][w]
        near[d] = heapq.nlargest(cfg.story_neighbours,
                                 ((s, e) for e, s in sims.items() if s > 0),
                                 key=lambda se: (se[0], -se[1]))
    out: dict[int, list[int]] = {d: [] for d in new}
    for cut, threshold in enumerate((cfg.story_threshold, cfg.event_word_story_threshold)):
        # the new documents, and every document of a story one of them links to, each
        # stored document labelled with its story: average linkage where the stored
        # stories are fixed (two of them never merge) and new documents join them or
        # one another, as they would have joined the agglomeration that made them
        linked = {known[e][cut] for d in new for _, e in near[d] if e in known}
        nodes = list(new) + sorted(e for e, ids in known.items() if ids[cut] in linked)
        position = {d: i for i, d in enumerate(nodes)}
        edges: dict[tuple[int, int], float] = {}
        for d in new:
            for s, e in near[d]:
                a, b = sorted((position[d], position[e]))
                edges[(a, b)] = s
        labels = [known[d][cut] if d in known else None for d in nodes]
        found = _agglomerate(len(nodes), edges, threshold, labels)
        start = max((ids[cut] for ids in known.values()), default=-1) + 1
        fresh = sorted(sorted(members) for members, label in found if label is None)
        for members, label in found:
            story = label if label is not None else start + fresh.index(sorted(members))
            for i in members:
                if nodes[i] not in known:
                    out[nodes[i]].append(story)
    return {d: (ids[0], ids[1]) for d, ids in out.items()}


def remember(db: sqlite_utils.Database, index: StoryIndex | None,
             documents: set[int] | None = None) -> None:
    """Record what this grouping knew of each document (all of them after a full
    grouping, ``documents`` after an incremental one): the next build starts from it."""
    if documents is None:
        db.execute("DELETE FROM grouped_documents")
        rows = db.execute("SELECT id, extracted_at FROM documents").fetchall()
    else:
        _count_claims(db, documents)  # fills _region
        rows = db.execute("SELECT id, extracted_at FROM documents "
                          "WHERE id IN (SELECT id FROM _region)").fetchall()
    stories = index.stories if index is not None else {}
    tight = index.tight if index is not None else {}
    db.conn.executemany(
        "INSERT INTO grouped_documents(document_id, extracted_at, story, tight) "
        "VALUES (?, ?, ?, ?) ON CONFLICT(document_id) DO UPDATE SET "
        "extracted_at = excluded.extracted_at, story = excluded.story, tight = excluded.tight",
        [(d, stamp, stories.get(str(d)), tight.get(str(d))) for d, stamp in rows])
    db.execute("INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE "
               "SET value = excluded.value", [BASIS_KEY, json.dumps(BASIS)])
