"""Build and review together: a regroup that a reviewer's decisions keep overtaking still
finishes with every claim in a group and every decision kept."""

from __future__ import annotations

import sqlite3

from builders import sample_database

import workbench.group as group
from workbench.db import connect
from workbench.review import actions


def test_a_regroup_overtaken_by_decisions_finishes_and_keeps_them(tmp_path, monkeypatch):
    path = tmp_path / "w.db"
    sample_database(path)
    reviewer = sqlite3.connect(path, timeout=0.2, check_same_thread=False)
    pending = [r[0] for r in reviewer.execute(
        "SELECT id FROM groups WHERE status = 'pending' ORDER BY id")]
    decided, busy = [], []
    real = group.cluster

    def cluster_while_someone_decides(*args, **kwargs):
        result = real(*args, **kwargs)
        gid = pending[len(decided) + len(busy)]
        version = reviewer.execute("SELECT version FROM groups WHERE id = ?", [gid]).fetchone()[0]
        try:
            actions.decide(reviewer, gid, "accept", version=version, reviewer="tester")
            decided.append(gid)
        except sqlite3.OperationalError:  # the last try holds the lock: "in use", retried later
            busy.append(gid)
        return result

    monkeypatch.setattr(group, "cluster", cluster_while_someone_decides)
    db = connect(path)
    group.regroup(db, attempts=3)  # was: RuntimeError "the database kept changing"
    assert len(decided) == 3 and len(busy) == 1
    orphans = db.execute("SELECT count(*) FROM claims c WHERE NOT EXISTS "
                         "(SELECT 1 FROM group_members m WHERE m.claim_id = c.id)").fetchone()[0]
    assert orphans == 0
    statuses = dict(db.execute("SELECT id, status FROM groups").fetchall())
    assert all(statuses[g] == "accepted" for g in decided)
    db.conn.close()
    reviewer.close()


async def test_the_tui_s_own_writes_are_not_changes_by_someone_else(tmp_path):
    from tui.conftest import make_app, settle

    path = tmp_path / "w.db"
    sample_database(path)
    app = make_app(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.review_screen
        gid, version = screen._current()
        # a note, then at once (before the screen has reloaded) an accept: a burst of keys
        screen._run(lambda: actions.edit(app.conn, gid, version=version, reviewer="tester",
                                         note="checked"), focus=gid)
        screen.action_decide("accept")
        await settle(pilot)
        assert not [n for n in app._notifications if n.title == "Changed elsewhere"]
        assert app.conn.execute("SELECT status, note FROM groups WHERE id = ?",
                                [gid]).fetchone() == ("accepted", "checked")
        # a change by another process is still caught
        screen.reload(gid)
        await settle(pilot)
        assert screen._current()[0] == gid
        other = sqlite3.connect(path)
        other.execute("UPDATE groups SET version = version + 1 WHERE id = ?", [gid])
        other.commit()
        other.close()
        screen.action_decide("reject")
        await settle(pilot)
        assert [n for n in app._notifications if n.title == "Changed elsewhere"]
        assert app.conn.execute("SELECT status FROM groups WHERE id = ?",
                                [gid]).fetchone() == ("accepted",)
