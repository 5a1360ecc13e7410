"""Grouping's document index stays sparse, and one agglomeration gives every story cut."""

from __future__ import annotations

import random

from workbench.group.engine import DocSimilarity


def corpus(n_topics: int = 6, per_topic: int = 15, seed: int = 7) -> dict[str, str]:
    rng = random.Random(seed)
    common = [f"common{k}" for k in range(40)]
    texts = {}
    for t in range(n_topics):
        own = [f"topic{t}word{k}" for k in range(25)]
        names = [f"Name{t}x{k}" for k in range(6)]
        for d in range(per_topic):
            words = (rng.sample(own, 12) + rng.sample(common, 10) + rng.sample(names, 3)
                     + [f"doc{t}x{d}w{k}" for k in range(5)])
            texts[f"t{t}d{d}"] = " ".join(words)
    return texts


def test_stories_at_several_thresholds_equal_one_agglomeration_each():
    sim = DocSimilarity(corpus())
    loose, tight = sim.stories_at([0.08, 0.3])
    assert loose == sim.stories(0.08) and tight == sim.stories(0.3)
    # the tighter cut refines the looser one, and both cuts are real
    assert all(loose[a] == loose[b] for a in tight for b in tight if tight[a] == tight[b])
    assert len(set(tight.values())) > len(set(loose.values())) >= 6


def test_each_document_keeps_at_most_k_neighbours_and_other_pairs_are_still_known():
    texts = corpus()
    full = DocSimilarity(texts, k=len(texts))
    sparse = DocSimilarity(texts, k=5)
    assert max(len(row) for row in sparse._near) == 5
    assert max(len(row) for row in full._near) > 5
    for a in ("t0d0", "t1d3", "t5d14"):
        for b in texts:
            assert abs(sparse.similarity(a, b) - full.similarity(a, b)) < 1e-9
