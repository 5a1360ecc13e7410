"""Writing groups in bulk (``group._write``, ``_refresh_many``: a chunk of groups per
statement) leaves every table as writing one group after another does, a reviewer's
decisions, edits and resolutions included."""

from __future__ import annotations

import json

import pytest

import workbench.group as group
from workbench.db import connect
from workbench.db.check import contents
from workbench.group import regroup


def reviewed(path):
    """The database at ``path`` grouped, then a reviewer's traces: accepted groups, an
    edited title, resolved conflicts, claims taken out of their groups (to be placed
    again)."""
    db = connect(path)
    regroup(db)
    ids = [r[0] for r in db.execute("SELECT id FROM groups ORDER BY sources DESC, id LIMIT 30")]
    with db.conn:
        for gid in ids[:10]:
            db.execute("UPDATE groups SET status = 'accepted' WHERE id = ?", [gid])
        for gid in ids[10:15]:
            db.execute("UPDATE groups SET edited = '[\"title\"]', title = 'mine' WHERE id = ?",
                       [gid])
        for cid, values in db.execute('SELECT id, "values" FROM conflicts LIMIT 12').fetchall():
            db.execute("UPDATE conflicts SET resolution = ? WHERE id = ?",
                       [str(json.loads(values)[-1]["value"]), cid])
        db.execute("DELETE FROM group_members WHERE claim_id IN "
                   "(SELECT id FROM claims ORDER BY id DESC LIMIT 200)")
    return db


@pytest.mark.slow
def test_groups_written_in_bulk_equal_groups_written_one_by_one(ecbplus_copy, monkeypatch):
    bulk = reviewed(ecbplus_copy("bulk.db"))
    one = reviewed(ecbplus_copy("one.db"))
    assert bulk.execute("SELECT count(*) FROM conflicts WHERE resolution IS NOT NULL"
                        ).fetchone()[0] >= 2
    regroup(bulk)
    many = group._refresh_many
    monkeypatch.setattr(group, "_refresh_many",
                        lambda db, todo, published, stamp: many(db, todo, published, stamp,
                                                                chunk=1))
    regroup(one)
    got, want = contents(bulk), contents(one)
    assert len(got["groups"]) > 500 and len(got["conflicts"]) >= 2
    assert got == want
    bulk.conn.close()
    one.conn.close()
