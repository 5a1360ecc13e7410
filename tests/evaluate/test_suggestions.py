"""Suggested merges measured against a gold, and their weights fitted."""

from __future__ import annotations

from workbench.db import dumps
from workbench.evaluate.suggestions import FEATURES, fit, hits, needed, ranked_hits


def test_a_group_needs_a_merge_with_the_groups_of_its_gold_event(conn, ids):
    # the gold: Fidan's opening is part of the talks; Umerov's list is an event alone
    gold = {ids["c_talks1"]: {"talks"}, ids["c_talks3"]: {"talks"},
            ids["c_fidan"]: {"talks"}, ids["c_umerov"]: {"children"}}
    assert needed(conn, gold) == {ids["talks"]: {ids["fidan"]}, ids["fidan"]: {ids["talks"]}}
    assert (hits(conn, gold).groups, hits(conn, gold).first) == (2, 0)  # a day is not enough
    # the same day, a name and the words of the talks are
    for cid in (ids["c_talks1"], ids["c_fidan"]):
        conn.execute("UPDATE claims SET entities = ?, text = text || ? WHERE id = ?",
                     [dumps([{"text": "Hakan Fidan", "label": "PERSON", "norm": "hakan fidan",
                              "start": 0, "end": 11}]),
                      " He spoke at the second round of direct talks in Istanbul.", cid])
    conn.commit()
    assert hits(conn, gold).first == 2
    assert "right first for 2 of the 2 groups" in hits(conn, gold).line()


def test_the_fit_weighs_what_tells_right_candidates_apart():
    names = FEATURES.index("names")
    rows = []
    for n in range(40):  # right candidates share a name, wrong ones only a day
        x = [0.0] * len(FEATURES)
        x[FEATURES.index("date")] = 1.0
        x[names] = float(n % 2)
        rows.append((n // 4, x, n % 2))
    w = fit(rows, steps=500)
    assert w["names"] > 1.0 and w["names"] > w["date"]
    got = ranked_hits(rows, w)
    assert (got.groups, got.first, got.top3) == (10, 10, 10)
