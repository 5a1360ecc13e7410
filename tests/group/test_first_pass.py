"""Pair scoring's first pass (``scoring.UpperBound``): a pair it drops could never have
reached ``min_pair_score``, so the scored pairs, and every group, are those of scoring
each pair on its own."""

from __future__ import annotations

import random

import numpy as np

from workbench.group.engine import (
    GroupingConfig,
    Item,
    candidate_codes,
    features,
    pair_score,
    score_pairs,
    story_index,
)
from workbench.group.scoring import UpperBound

TRIGGERS = ["talk", "negotiation", "negotiate", "quake", "earthquake", "say", "be",
            "election", "vote", "strike", "fire", "wildfire", "IR", None]
WORDS = ["talks", "delegation", "rubble", "rescuers", "ballot", "turnout", "flames",
         "injured", "reserve", "agreement", "ceasefire", "magnitude", "voters", "court"]


def varied(docs: int = 36, per_doc: int = 9, seed: int = 5):
    """Items that take every branch of ``pair_score``: light verbs, frames, shared event
    words, dates of every precision that agree and conflict, context dates, publication
    dates, numbers that agree and conflict, repeated sentences, one document's items."""
    rng = random.Random(seed)
    items, texts = [], {}
    for d in range(docs):
        doc = f"doc{d}"
        story = d % 6
        lines = []
        for _ in range(per_doc):
            words = rng.sample(WORDS, rng.randrange(0, 5)) + [f"Place{story}"]
            if rng.random() < 0.1:  # an event word, rare enough to count (``_event_words``)
                words.append(rng.choice(["negotiations", "earthquake", "vote", "wildfire"]))
            text = " ".join(words + [rng.choice(["said", "met", "struck"])])
            if lines and rng.random() < 0.15:
                text = lines[-1]  # two items of one sentence
            lines.append(text)
            day = rng.choice([None, None, f"201{story % 3}", f"201{story % 3}-0{1 + story}",
                              f"201{story % 3}-0{1 + story}-{rng.randrange(10, 13)}"])
            items.append(Item(
                text=text, doc=doc, trigger=rng.choice(TRIGGERS),
                trigger_text=rng.choice([None, "IR", "injured reserve"]),
                entities=[(f"name{rng.randrange(8)}", "PERSON") for _ in range(rng.randrange(3))]
                + [(f"place{story}", "GPE")] * (rng.random() < 0.5),
                numbers=[(float(rng.randrange(3)), rng.choice(["people", ""]))]
                * (rng.random() < 0.4),
                date=day,
                context_date=(f"201{rng.randrange(3)}-05-0{rng.randrange(1, 4)}"
                              if day is None and rng.random() < 0.4 else None),
                published=f"201{story % 3}-0{1 + story}-1{rng.randrange(5)}"))
        texts[doc] = ". ".join(lines) + f" Story{story} Story{story} words{rng.randrange(4)}"
    return items, texts


def prepared(cfg: GroupingConfig):
    items, texts = varied()
    index = story_index(texts, cfg)
    feats = features(items, cfg)
    codes = candidate_codes(items, feats, cfg, index.docsim, index.stories)
    return items, feats, codes, index


def test_the_bound_is_never_below_the_score():
    # few neighbours per document: most document pairs take the bound of the k-th nearest
    cfg = GroupingConfig(story_neighbours=3, max_block=8, doc_neighbours=2)
    items, feats, codes, index = prepared(cfg)
    n = len(items)
    # every pair, not only the candidates
    i, j = np.triu_indices(n, 1)
    bound = UpperBound(items, feats, cfg, index.docsim, index.stories).upper(i, j)
    scores = np.array([
        pair_score(items[a], items[b], feats[a], feats[b], cfg, index.docsim, index.stories)
        for a, b in zip(i.tolist(), j.tolist(), strict=True)])
    assert (scores > 0.3).sum() > 500 and (scores < cfg.min_pair_score).sum() > 5000
    assert (bound >= scores).all()
    # and it is a bound that tells: most pairs that cannot reach the least score are seen
    low = scores < cfg.min_pair_score
    assert (bound[low] < cfg.min_pair_score).mean() > 0.3


def test_the_first_pass_keeps_every_pair_that_scores():
    cfg = GroupingConfig()
    items, feats, codes, index = prepared(cfg)
    fast = score_pairs(items, feats, codes, cfg, index.docsim, index.stories)
    slow = score_pairs(items, feats, codes, cfg, index.docsim, index.stories, first_pass=False)
    assert len(slow) > 100
    assert np.array_equal(fast.codes, slow.codes) and np.array_equal(fast.scores, slow.scores)
