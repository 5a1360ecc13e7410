"""Grouping holds the whole collection from reading to writing, so it holds it compactly
(``load_claims(lean=True)``) and keeps a unit's features only while the unit is scored:
the same groups as with whole claim rows and every pair scored at once, a reviewer's
traces included."""

from __future__ import annotations

import pytest

import workbench.group as group
from workbench.db import connect
from workbench.db.check import contents
from workbench.group import grouping_hints, load_claims, regroup, to_item
from workbench.group.engine import GroupingConfig, cluster, story_index, units_of
from workbench.group.entries import happening


@pytest.mark.slow
def test_lean_claim_rows_read_as_whole_rows_do(ecbplus_claims):
    db = connect(ecbplus_claims)
    whole, lean = load_claims(db), load_claims(db, lean=True)
    db.conn.close()
    assert len(whole) == len(lean) > 500
    assert any(c["numbers"] for c in lean) and any(c["entities"] for c in lean)
    for w, c in zip(whole, lean, strict=True):
        assert {k: v for k, v in w.items() if k in c and k not in ("entities", "numbers")} \
            == {k: v for k, v in c.items() if k not in ("entities", "numbers")}
        assert to_item(c, 3, ("2025-06-02", "day"), "2025-06-03", None) \
            == to_item(w, 3, ("2025-06-02", "day"), "2025-06-03", None)
        assert to_item(c) == to_item(w)
        assert happening(c) == happening(w)
        assert ({(e["norm"], e["label"]) for e in c["entities"]}
                == {(e["norm"], e["label"]) for e in w["entities"]})
    assert grouping_hints(lean, {}) == grouping_hints(whole, {})


@pytest.mark.slow
def test_grouping_lean_rows_equals_grouping_whole_rows(ecbplus_copy, reviewed, monkeypatch):
    lean = reviewed(ecbplus_copy("lean.db"))
    whole = reviewed(ecbplus_copy("whole.db"))
    regroup(lean)
    read = group.load_claims
    monkeypatch.setattr(group, "load_claims",
                        lambda db, documents=None, lean=False: read(db, documents))
    regroup(whole)
    got, want = contents(lean), contents(whole)
    assert len(got["groups"]) > 300
    assert got == want
    lean.conn.close()
    whole.conn.close()


class _AllAtOnce:
    """An engine in this process (``partition``'s ordered map): it scores every unit's
    pairs in one go, as grouping did before it scored unit by unit."""

    workers = 1

    def map(self, fn, args, shared=None):
        return (fn(shared, a) if shared is not None else fn(a) for a in args)


@pytest.mark.slow
def test_scoring_unit_by_unit_gives_the_clusters_of_scoring_every_pair_at_once(
        ecbplus_claims):
    # in this process a unit's features and pairs are dropped once it is scored
    db = connect(ecbplus_claims)
    claims = load_claims(db, lean=True)
    texts = {str(d): t for d, t in db.execute("SELECT id, text FROM documents")}
    db.conn.close()
    cfg = GroupingConfig()
    index = story_index(texts, cfg)
    items = [to_item(c) for c in claims]
    assert len(units_of([it.doc for it in items], index)) >= 3
    by_unit = cluster(items, cfg, texts, index)
    at_once = cluster(items, cfg, texts, index, engine=_AllAtOnce())
    assert sum(len(c.members) > 1 for c in by_unit) >= 50
    assert [(c.members, c.similarity, c.fixed) for c in by_unit] == [
        (c.members, c.similarity, c.fixed) for c in at_once]
