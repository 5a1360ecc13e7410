"""Grouping cut into parts (``group/partition.py``) gives the clusters of one run: pair
scoring by story block, average linkage by component of the strong pairs. Run here with
the builtin ``map`` standing in for a cluster; tests/distributed runs it on Ray."""

from __future__ import annotations

import random

import numpy as np
import pytest

from workbench.group import partition
from workbench.group.clustering import Edges, _average_linkage
from workbench.group.engine import (
    GroupingConfig,
    Item,
    candidate_codes,
    cluster,
    features,
    score_pairs,
    story_index,
)

EVENTS = ["earthquake", "election", "merger", "strike", "flood", "trial", "launch", "fire"]
VERBS = ["struck", "won", "announced", "began", "hit", "opened", "unveiled", "spread"]


def collection(topics: int = 8, docs: int = 6, seed: int = 3):
    """Items of ``topics`` stories (each its own names, place and days), ``docs`` reports
    each, with the document texts the items come from."""
    rng = random.Random(seed)
    items, texts = [], {}
    for t in range(topics):
        names = [f"Name{t}x{k}" for k in range(4)]
        place = f"Town{t}"
        days = [f"2013-0{1 + t % 9}-{10 + d:02d}" for d in range(3)]
        for d in range(docs):
            doc = f"t{t}d{d}"
            lines = []
            for s in range(8):
                # mostly the story's own events, names and days, some of another story's:
                # scores spread over the whole range, not only near 0 and 1
                k = rng.randrange(3)
                event = EVENTS[(t + k + (rng.random() < 0.2)) % len(EVENTS)]
                other = rng.randrange(topics) if rng.random() < 0.2 else t
                who = [rng.choice(names), f"Name{other}x{rng.randrange(4)}"]
                text = (f"{who[0]} said the {event} {VERBS[(t + k) % len(VERBS)]} {place} "
                        f"with {who[1]} and {rng.randrange(2, 40)} others " + " ".join(
                            f"word{t}x{rng.randrange(12)}" for _ in range(rng.randrange(1, 6))))
                lines.append(text)
                items.append(Item(
                    text=text, doc=doc, trigger=event,
                    entities=[(n, "PERSON") for n in who] + [(place, "GPE")],
                    numbers=[(float(rng.randrange(2, 40)), "people")],
                    date=days[k] if rng.random() < 0.7 else None,
                    fixed=(t + 1) if s == 0 and d < 2 else None))
            texts[doc] = ". ".join(lines)
    return items, texts


class StandIn:
    """What ``partition`` needs of an engine: an ordered map and a number of workers."""

    workers = 3

    def __init__(self):
        self.parts = {"score": 0, "link": 0}

    def map(self, fn, args, shared=None):
        for arg in args:
            self.parts["score" if fn is partition._score else "link"] += 1
            yield fn(shared, arg) if shared is not None else fn(arg)


@pytest.fixture
def small_parts(monkeypatch):
    monkeypatch.setattr(partition, "MIN_BLOCK_PAIRS", 200)
    monkeypatch.setattr(partition, "MIN_PART_EDGES", 20)


def test_parts_give_the_clusters_of_one_run(small_parts):
    items, texts = collection()
    whole = cluster(items, GroupingConfig(), texts)
    engine = StandIn()
    parted = cluster(items, GroupingConfig(), texts, engine=engine)
    assert engine.parts["score"] >= 4 and engine.parts["link"] >= 2  # really cut up
    assert sum(len(c.members) > 1 for c in whole) >= 20  # events found, not all singletons
    assert [(c.members, c.similarity, c.fixed) for c in parted] == [
        (c.members, c.similarity, c.fixed) for c in whole]


def test_linkage_by_component_equals_one_linkage_at_every_score(small_parts):
    # scores spread evenly over 0.05..1, many just above and below the merge threshold,
    # and dates that disagree: the cut must lose no merge a weaker pair takes part in
    rng = random.Random(11)
    n = 300
    items = [Item(text=f"s{k}", doc=f"d{k % 40}", date=rng.choice([None, "2013-05-01",
                                                                    "2013-05-09", "2013"]),
                  fixed=rng.choice([None] * 30 + [1, 2])) for k in range(n)]
    pairs = sorted({(min(a, b), max(a, b)) for a, b in
                    ((rng.randrange(n), rng.randrange(n)) for _ in range(350)) if a != b})
    codes = np.array([a * n + b for a, b in pairs], dtype=np.int64)
    scores = np.array([round(rng.uniform(0.05, 1.0), 3) for _ in pairs])
    edges = Edges(n, codes, scores)
    cfg = GroupingConfig()
    whole = _average_linkage(items, edges, cfg)
    engine = StandIn()
    parted = partition.linkage_by_component(items, edges, cfg, engine)
    assert engine.parts["link"] >= 2
    assert sum(len(c.members) > 1 for c in whole) >= 30
    assert [(c.members, c.similarity, c.fixed) for c in parted] == [
        (c.members, c.similarity, c.fixed) for c in whole]


def test_reviewer_labels_hold_across_parts(small_parts):
    # every first sentence of the first two reports of a story carries its story's label:
    # they start as one cluster whatever part their pairs fall in
    items, texts = collection()
    parted = cluster(items, GroupingConfig(), texts, engine=StandIn())
    for label in range(1, 9):
        holders = [c for c in parted if c.fixed == label]
        assert len(holders) == 1
        assert {items[i].fixed for i in holders[0].members} <= {label, None}


def test_the_default_path_clusters_by_component_in_parts_with_one_runs_result(
        small_parts, monkeypatch):
    # without an engine, ``cluster`` runs the parts one after the other in this process
    items, texts = collection()
    cfg = GroupingConfig()
    index = story_index(texts, cfg)
    feats = features(items, cfg)
    codes = candidate_codes(items, feats, cfg, index.docsim, index.stories)
    edges = score_pairs(items, feats, codes, cfg, index.docsim, index.stories)
    calls = []
    real = partition._link
    monkeypatch.setattr(partition, "_link", lambda part: calls.append(1) or real(part))
    parted = partition.linkage_by_component(items, edges, cfg)
    whole = _average_linkage(items, edges, cfg)
    assert len(calls) >= 2 and sum(len(c.members) > 1 for c in whole) >= 20
    assert [(c.members, c.similarity, c.fixed) for c in parted] == [
        (c.members, c.similarity, c.fixed) for c in whole]
