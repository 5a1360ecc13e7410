"""A scripted review of the seed corpus to a finished chronology, counting key presses:
the old way (one a / x per group, m + enter to merge) against the new one (a per event,
1/2/3 to merge a suggested group, X to reject everything left undecided in one step).
Both end with the same chronology; the new way must take at most half the presses."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from .conftest import make_app, settle

pytestmark = pytest.mark.slow


def _plan(path):
    """The finished chronology: every entry its sources date is an event; entries dated
    the same day are one occasion (merged into the lowest id); the rest (dated only by the
    day it was reported, which the queue puts after them, or undated) is rejected. (The
    background list is another list, reviewed or not the same both ways.)"""
    conn = sqlite3.connect(path)
    dated = conn.execute(
        "SELECT id, event_date FROM groups WHERE date_basis = 'sources' AND background = 0 "
        "ORDER BY id").fetchall()
    conn.close()
    into: dict[int, int] = {}
    by_day: dict[str, int] = {}
    for gid, date in dated:
        if len(date) == 10 and date in by_day:
            into[gid] = by_day[date]
        else:
            by_day.setdefault(date, gid)
    return {gid for gid, _ in dated} - set(into), into


def _chronology(path):
    conn = sqlite3.connect(path)
    try:
        accepted = sorted(
            (gid, tuple(r[0] for r in conn.execute(
                "SELECT claim_id FROM group_members WHERE group_id = ? ORDER BY claim_id",
                [gid])))
            for (gid,) in conn.execute("SELECT id FROM groups WHERE status = 'accepted'")
        )
        left = conn.execute(
            "SELECT count(*) FROM groups WHERE status IN ('pending', 'skipped') "
            "AND background = 0").fetchone()[0]
        return accepted, left
    finally:
        conn.close()


class Keys:
    def __init__(self, pilot):
        self.pilot, self.count = pilot, 0

    async def __call__(self, *keys: str) -> None:
        for key in keys:
            self.count += 1
            await self.pilot.press(key)
            await settle(self.pilot)


def _current(app):
    row = app.review_screen.queue.current
    return row.id if row else None


async def _old_way(path, events, into) -> int:
    app = make_app(path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        press = Keys(pilot)
        for _ in range(400):
            gid = _current(app)
            pending = app.review_screen.queue.current.status == "pending"
            if not pending:
                break
            if gid in into:
                await press("m", "enter")  # the finder offers the same day's group first
            else:
                await press("a" if gid in events else "x")
        return press.count


async def _new_way(path, events, into) -> int:
    app = make_app(path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        press = Keys(pilot)
        for _ in range(100):
            gid = _current(app)
            if gid not in events and gid not in into:
                break  # the events are done; everything left undecided is rejected at once
            if gid in events:
                while True:
                    await settle(pilot)
                    shown = [s.id for s in app.review_screen.detail_pane.detail.suggestions]
                    mine = [i for i, s in enumerate(shown) if into.get(s) == gid]
                    if not mine:
                        break
                    await press(str(mine[0] + 1))
                await press("a")
            else:
                await press("m", "enter")  # not suggested from its target: the old way
        await press("X", "y")
        return press.count


async def test_the_seed_review_takes_at_most_half_the_key_presses(seed_db_path, tmp_path):
    old, new = tmp_path / "old.db", tmp_path / "new.db"
    shutil.copy(seed_db_path, old)
    shutil.copy(seed_db_path, new)
    events, into = _plan(old)
    assert events, "the seeds give dated events"
    old_keys = await _old_way(old, events, into)
    new_keys = await _new_way(new, events, into)
    old_result, new_result = _chronology(old), _chronology(new)
    assert old_result == new_result  # the same finished chronology ...
    assert old_result[1] == 0  # ... with nothing left undecided
    assert len(old_result[0]) == len(events)
    print(f"key presses: old way {old_keys}, new way {new_keys}, "
          f"ratio {new_keys / old_keys:.2f}")
    assert new_keys <= old_keys / 2, (old_keys, new_keys)
