"""The CoNLL scorer against the scorch reference implementation."""

from __future__ import annotations

import random

import pytest
from scorch import scores as ref

from workbench.evaluate import scoring

HAND = [
    # (key, response)
    ([{1, 2, 3}, {4, 5}], [{1, 2}, {3, 4, 5}]),
    ([{1, 2, 3, 4, 5}], [{1}, {2}, {3}, {4}, {5}]),
    ([{1}, {2}, {3}], [{1, 2, 3}]),
    ([{1, 2}, {3, 4}, {5, 6, 7}], [{1, 2}, {3, 4}, {5, 6, 7}]),
    ([{"a", "b", "c"}, {"d"}, {"e", "f"}], [{"a", "b"}, {"c", "d"}, {"e"}, {"f"}]),
    # the Pradhan et al. (2014) running example
    ([{"a", "b", "c"}, {"d", "e", "f", "g"}], [{"a", "b"}, {"c", "d"}, {"f", "g", "h", "i"}]),
]


def _close(ours: scoring.PRF, theirs: tuple[float, float, float]) -> bool:
    return all(
        abs(a - b) < 1e-9
        for a, b in zip((ours.recall, ours.precision, ours.f1), theirs, strict=True)
    )


@pytest.mark.parametrize("key,response", HAND)
def test_matches_scorch_on_hand_examples(key, response):
    ours = scoring.score(key, response)
    assert _close(ours.muc, ref.muc(key, response))
    assert _close(ours.b3, ref.b_cubed(key, response))
    assert _close(ours.ceafe, ref.ceaf_e(key, response))
    assert abs(ours.conll - ref.conll2012(key, response)) < 1e-9


def test_matches_scorch_on_random_partitions():
    rng = random.Random(7)
    for _ in range(150):
        n = rng.randint(1, 40)
        key = scoring.clusters_from_labels(
            {i: rng.randint(0, rng.randint(1, 12)) for i in range(n)}
        )
        resp = scoring.clusters_from_labels(
            {i: rng.randint(0, rng.randint(1, 12)) for i in range(n)}
        )
        ours = scoring.score(key, resp)
        assert _close(ours.muc, ref.muc(key, resp))
        assert _close(ours.b3, ref.b_cubed(key, resp))
        assert _close(ours.ceafe, ref.ceaf_e(key, resp))


def test_perfect_response_scores_one_and_table_prints_it():
    key = [{1, 2}, {3}, {4, 5, 6}]
    s = scoring.score(key, [set(c) for c in key])
    assert s.conll == pytest.approx(1.0)
    assert "CoNLL" in s.table() and "100.0" in s.table()


def test_clusters_from_labels_groups_by_label():
    got = sorted(sorted(c) for c in scoring.clusters_from_labels({1: "x", 2: "y", 3: "x"}))
    assert got == [[1, 3], [2]]
