"""Writing groups in bulk (``group._write``, ``_refresh_many``: a chunk of groups per
statement) leaves every table as writing one group after another does, a reviewer's
decisions, edits and resolutions included."""

from __future__ import annotations

import pytest

import workbench.group as group
from workbench.db.check import contents
from workbench.group import regroup


@pytest.mark.slow
def test_groups_written_in_bulk_equal_groups_written_one_by_one(ecbplus_copy, reviewed,
                                                                monkeypatch):
    bulk = reviewed(ecbplus_copy("bulk.db"))
    one = reviewed(ecbplus_copy("one.db"))
    # the three topics hold one real date conflict (the Thai trawler sunk on November 18
    # or 19), resolved by the reviewer
    assert bulk.execute("SELECT count(*) FROM conflicts WHERE resolution IS NOT NULL"
                        ).fetchone()[0] >= 1
    regroup(bulk)
    many = group._refresh_many
    monkeypatch.setattr(group, "_refresh_many",
                        lambda db, todo, published, stamp, **kw: many(
                            db, todo, published, stamp, **{**kw, "chunk": 1}))
    regroup(one)
    got, want = contents(bulk), contents(one)
    assert len(got["groups"]) > 500 and len(got["conflicts"]) >= 1
    assert got == want
    bulk.conn.close()
    one.conn.close()
