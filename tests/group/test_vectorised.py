"""Pair scoring in numpy (``scoring.PairScorer``) gives :func:`pair_score`'s floats, bit
for bit, so the edges, and every group, are those of scoring each pair on its own."""

from __future__ import annotations

import numpy as np
import pytest
from test_first_pass import prepared, varied

from workbench.db import connect
from workbench.group import engine, regroup
from workbench.group.engine import GroupingConfig, features, pair_score, score_pairs
from workbench.group.scoring import PairScorer


def python_scores(items, feats, i, j, cfg, docsim, stories) -> np.ndarray:
    return np.array([
        pair_score(items[a], items[b], feats[a], feats[b], cfg, docsim, stories)
        for a, b in zip(i.tolist(), j.tolist(), strict=True)])


@pytest.mark.parametrize("cfg", [
    GroupingConfig(),
    # few neighbours: most document pairs are off the nearest lists
    GroupingConfig(story_neighbours=3, max_block=8, doc_neighbours=2),
    # the rules that are on by default, off
    GroupingConfig(same_sentence_veto=False, recent_days=0, story_trigger_match=0.0,
                   shared_event_word=0.0),
])
def test_every_pair_scores_the_same_floats_as_pair_score(cfg):
    items, feats, _, index = prepared(cfg)
    i, j = np.triu_indices(len(items), 1)  # every pair, not only the candidates
    want = python_scores(items, feats, i, j, cfg, index.docsim, index.stories)
    got = PairScorer(items, feats, cfg, index.docsim, index.stories).scores(i, j)
    assert (want >= cfg.min_pair_score).sum() > 1000 and (want < cfg.min_pair_score).sum() > 1000
    assert np.array_equal(got, want)


def test_without_stories_or_document_similarity_too():
    items, _ = varied(docs=12)
    cfg = GroupingConfig()
    feats = features(items, cfg)
    i, j = np.triu_indices(len(items), 1)
    want = python_scores(items, feats, i, j, cfg, None, None)
    assert (want >= cfg.min_pair_score).sum() > 100
    assert np.array_equal(PairScorer(items, feats, cfg, None, None).scores(i, j), want)


@pytest.mark.slow
def test_real_claims_score_the_same_and_give_the_same_edges(ecbplus_copy, monkeypatch):
    """Three ECB+ topics grouped as a regroup does, every candidate pair of every unit
    scored both ways (a unit at a time, as grouping scores them)."""
    seen = []
    real = engine.score_pairs

    def both(items, feats, codes, cfg, docsim, stories):
        seen.append((items, feats, codes, cfg, docsim, stories))
        return real(items, feats, codes, cfg, docsim, stories)

    monkeypatch.setattr(engine, "score_pairs", both)
    db = connect(ecbplus_copy("ecbplus.db"))
    regroup(db)
    db.conn.close()
    assert len(seen) >= 3  # scored unit by unit
    pairs = strong = 0
    for items, feats, codes, cfg, docsim, stories in seen:
        assert docsim is not None and stories is not None  # enough documents for stories
        i, j = np.divmod(codes, len(items))
        want = python_scores(items, feats, i, j, cfg, docsim, stories)
        got = PairScorer(items, feats, cfg, docsim, stories).scores(i, j)
        assert np.array_equal(got, want)
        pairs, strong = pairs + len(codes), strong + (want >= cfg.min_pair_score).sum()
        fast = score_pairs(items, feats, codes, cfg, docsim, stories)
        slow = score_pairs(items, feats, codes, cfg, docsim, stories, vectorised=False)
        assert np.array_equal(fast.codes, slow.codes) and np.array_equal(fast.scores,
                                                                          slow.scores)
    assert pairs > 10_000 and strong > 3_000
