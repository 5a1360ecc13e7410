"""Suggested merges against a gold: is the group a reviewer should merge with offered?

A group *needs a merge* when most of its gold-labelled claims report a gold event whose
claims are mostly in other groups too; a suggestion is right when it is one of those
groups. Counted: the groups that need a merge, those whose first suggestion is right, and
those with a right one among the first three (what the detail pane shows). The gold is a
mapping claim id → gold events: an editor's chronology (``chronology.gold_claims``) or
ECB+'s coreference (``ecb_gold``).

``examples`` and ``fit`` learn the weights of ``review.suggest.likeness`` from such a gold
(``workbench eval fit-suggestions`` runs them on ECB+ and writes ``review/suggest.json``).
"""

from __future__ import annotations

import collections
import sqlite3
from collections.abc import Hashable
from dataclasses import dataclass
from pathlib import Path

from ..review.suggest import FEATURES, candidates, features, profiles, suggest_merges

Gold = dict[int, set[Hashable]]  # claim id -> the gold events it reports


@dataclass
class SuggestionHits:
    groups: int  # groups that need a merge
    first: int  # ... whose first suggestion is a right one
    top3: int  # ... with a right one among the first three

    def line(self) -> str:
        return (f"merge suggestions: right first for {self.first} of the {self.groups} groups "
                f"that need a merge, among the first three for {self.top3}")


def needed(conn: sqlite3.Connection, gold_of: Gold) -> dict[int, set[int]]:
    """Group → the other groups holding mostly the same gold event."""
    group_of = dict(conn.execute("SELECT claim_id, group_id FROM group_members").fetchall())
    labels: dict[int, collections.Counter] = collections.defaultdict(collections.Counter)
    for cid, events in gold_of.items():
        if cid in group_of:
            for event in events:
                labels[group_of[cid]][event] += 1
    # most claims first; a tie broken the same way every run
    major = {g: min(c.items(), key=lambda kv: (-kv[1], repr(kv[0])))[0]
             for g, c in labels.items()}
    by_event: dict[Hashable, set[int]] = collections.defaultdict(set)
    for g, event in major.items():
        by_event[event].add(g)
    return {g: groups - {g} for groups in by_event.values() if len(groups) > 1
            for g in groups}


def hits(conn: sqlite3.Connection, gold_of: Gold) -> SuggestionHits:
    first = top3 = 0
    wanted = needed(conn, gold_of)
    for gid, right in sorted(wanted.items()):
        offered = [s.id for s in suggest_merges(conn, gid, limit=3)]
        first += bool(offered) and offered[0] in right
        top3 += bool(set(offered) & right)
    return SuggestionHits(len(wanted), first, top3)


def examples(conn: sqlite3.Connection, gold_of: Gold) -> list[tuple[int, list[float], int]]:
    """(group, features, right?) for every candidate ``suggest.candidates`` finds for each
    group that needs a merge, with at least one reason to show."""
    out = []
    for gid, right in sorted(needed(conn, gold_of).items()):
        me = profiles(conn, [gid])[gid]
        for cid, other in sorted(profiles(conn, candidates(conn, me)).items()):
            values, reasons = features(me, other)
            if reasons:
                out.append((gid, [values[f] for f in FEATURES], int(cid in right)))
    return out


def fit(rows: list[tuple[int, list[float], int]], steps: int = 3000, rate: float = 0.5,
        l2: float = 1e-3) -> dict[str, float]:
    """Logistic regression (gradient descent, a little L2), both classes weighing alike:
    right candidates are a few among many."""
    import numpy as np

    x = np.array([r[1] for r in rows], dtype=float)
    y = np.array([r[2] for r in rows], dtype=float)
    n, pos = len(y), max(1.0, y.sum())
    weight = np.where(y == 1, n / (2 * pos), n / (2 * max(1.0, n - pos)))
    w, b = np.zeros(x.shape[1]), 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w + b, -30, 30)))
        g = (p - y) * weight
        w -= rate * (x.T @ g / n + l2 * w)
        b -= rate * float(g.mean())
    return {"bias": round(b, 3), **{f: round(float(v), 3) for f, v in zip(FEATURES, w,
                                                                          strict=True)}}


def ecb_gold(conn: sqlite3.Connection, corpus) -> Gold:
    """ECB+ coreference as claim labels, for a database built from ``corpus``'s articles
    (each ingested under its file name, as ``write_articles`` writes them)."""
    from .claims import claim_gold

    columns = ("id", "trigger", "char_start", "char_end")

    def documents():
        for doc_id, name, text in conn.execute("SELECT id, external_id, text FROM documents"):
            yield str(name), text, [dict(zip(columns, r, strict=True)) for r in conn.execute(
                "SELECT id, trigger, char_start, char_end FROM claims WHERE document_id = ?",
                [doc_id])]

    return {cid: set(events) for cid, events in claim_gold(corpus, documents()).items()}


def ranked_hits(rows: list[tuple[int, list[float], int]], w: dict[str, float]) -> SuggestionHits:
    """``hits`` over ``examples`` ranked with weights ``w``, as ``suggest_merges`` ranks
    (a score of at least ``MIN_SCORE``, the first three)."""
    import math

    from ..review.suggest import MIN_SCORE

    offered: dict[int, list[tuple[float, int, int]]] = collections.defaultdict(list)
    groups: set[int] = set()
    for n, (gid, x, right) in enumerate(rows):
        groups.add(gid)
        z = w["bias"] + sum(w[f] * v for f, v in zip(FEATURES, x, strict=True))
        p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
        if p >= MIN_SCORE:
            offered[gid].append((-p, n, right))
    first = top3 = 0
    for best in offered.values():
        best.sort()
        first += best[0][2]
        top3 += any(r for _p, _n, r in best[:3])
    return SuggestionHits(len(groups), first, top3)


def build_ecb(corpus, db_path: Path, reporter=None) -> None:
    """Every article of an ECB+ ``corpus`` in one database, grouped as a user's would be."""
    import tempfile

    from ..db import connect
    from ..extract import extract_pending
    from ..group import regroup
    from ..ingest import ingest_paths
    from .claims import write_articles

    with tempfile.TemporaryDirectory(prefix="workbench-suggest-") as tmp:
        db = connect(db_path)
        try:
            ingest_paths(db, [write_articles(corpus, Path(tmp) / "ecbplus.jsonl")],
                         reporter=reporter)
            extract_pending(db, reporter=reporter)
            regroup(db, reporter=reporter)
        finally:
            db.conn.close()


def run(root: Path, db_path: Path, folds: int = 5) -> dict:
    """Fit the likeness weights on ECB+ (built into ``db_path`` unless it exists) and say
    how they carry to topics never seen: ``folds`` splits of the topics, each scored with
    weights fitted on the others."""
    import datetime as dt
    import re

    from .ecbplus import read_corpus

    corpus = read_corpus(root, None)
    if not db_path.exists():
        build_ecb(corpus, db_path)
    conn = sqlite3.connect(db_path)
    try:
        gold = ecb_gold(conn, corpus)
        before = hits(conn, gold)
        rows = examples(conn, gold)
        topic = {gid: int(m.group(1)) for gid, name in conn.execute(
            "SELECT m.group_id, d.external_id FROM group_members m JOIN claims c ON "
            "c.id = m.claim_id JOIN documents d ON d.id = c.document_id")
            if (m := re.match(r"(\d+)_", str(name)))}
    finally:
        conn.close()
    topics = sorted({topic.get(g, 0) for g, _x, _y in rows})
    held_out = SuggestionHits(0, 0, 0)
    for k in range(folds):
        test = set(topics[k::folds])
        got = ranked_hits([r for r in rows if topic.get(r[0], 0) in test],
                          fit([r for r in rows if topic.get(r[0], 0) not in test]))
        held_out = SuggestionHits(held_out.groups + got.groups, held_out.first + got.first,
                                  held_out.top3 + got.top3)
    weights = fit(rows)
    return {"before": before, "held_out": held_out, "weights": weights,
            "fitted_on": f"ECB+ ({root.name}, {len(topics)} topics)",
            "fitted_at": dt.date.today().isoformat(), "examples": len(rows)}


def save(report: dict, path: Path) -> None:
    from .fit import write_weights

    h = report["held_out"]
    write_weights(path, "Weights of review.suggest.likeness (workbench/review/suggest.py): "
                  "logistic regression on whether a candidate group holds mostly the same "
                  "ECB+ event as the group it is suggested for (every article in one "
                  "database, candidates as suggest.candidates finds them, both classes "
                  "weighing alike); written by `workbench eval fit-suggestions`.", report,
                  ("right_first_held_out_topics", round(h.first / max(1, h.groups), 4)))
