"""Quitting while a worker is still reading must not crash the interpreter.

The suggestions beside a group take tens of milliseconds on a large database; closing a
read connection another thread was using crashed Python (a segfault) when the app quit
right after the first group appeared. Here the read is made slow on purpose (a long SQL
query) so the quit always lands in the middle of it. Run in a subprocess so a crash fails
the test instead of killing the test run."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

from builders import sample_database
from textual import events

from .conftest import make_app, settle

PROBE = """
import asyncio, sys
import workbench.tui.screens.review as review
from workbench.review.config import Config
from workbench.tui.app import WorkbenchApp

def slow_extras(conn, group_id):
    conn.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                 "WHERE i < 50000000) SELECT count(*) FROM n").fetchone()
    raise AssertionError("the read should have been stopped")

review.load_extras = slow_extras

async def main(path):
    app = WorkbenchApp(path, config=Config(reviewer="t"), cursor_blink=False)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = None
        while screen is None or not screen.is_mounted or screen.detail_pane.detail is None:
            await pilot.pause(0.01)
            screen = app.review_screen
        await pilot.pause(0.2)  # the slow read is under way

asyncio.run(main(sys.argv[1]))
print("quit cleanly")
"""


def test_quitting_during_a_read_does_not_crash(tmp_path):
    path = tmp_path / "review.db"
    sample_database(path)
    done = subprocess.run([sys.executable, "-c", PROBE, str(path)], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, (done.returncode, done.stderr[-2000:])
    assert "quit cleanly" in done.stdout


async def test_keys_typed_after_quit_are_not_carried_out(tmp_path):
    """A tester typed "q" and then "a" (or "e") before the app had closed: the entry was
    accepted on the way out, and the edit dialog, opened as the app came down, ended in a
    traceback. A key after "quit" is dropped."""
    path = tmp_path / "review.db"
    sample_database(path)
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        first = app.review_screen.queue.current.id
        # typed in one burst, as a person types: none waits for the one before
        for key in ("q", "a", "e", "x"):
            app.post_message(events.Key(key, key))
        await pilot.pause(0.3)
    con = sqlite3.connect(path)
    try:
        status = con.execute("SELECT status FROM groups WHERE id = ?", [first]).fetchone()[0]
        decisions = con.execute("SELECT count(*) FROM decisions").fetchone()[0]
    finally:
        con.close()
    assert (status, decisions) == ("pending", 0)
    assert app.return_code in (None, 0)
