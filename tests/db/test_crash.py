"""SIGKILL in the middle of a real `workbench build`: the database stays sound and the
same command, run again, finishes the work without duplicating anything."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

pytestmark = pytest.mark.slow

SENTENCE = ("On June {d}, 2025, officials in Kyiv said {n} prisoners were exchanged at the "
            "border after talks in Istanbul, according to the ministry.\n")


def corpus(folder, n):
    folder.mkdir()
    for i in range(n):
        text = "".join(SENTENCE.format(d=1 + (i + k) % 28, n=100 + i * 7 + k) for k in range(12))
        (folder / f"a{i:03d}.txt").write_text(text, encoding="utf-8")


def build(db, folder):
    return subprocess.Popen(
        [sys.executable, "-m", "workbench", "--quiet", "--db", str(db), "build", str(folder)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )


def wait_for(db, sql, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            conn = sqlite3.connect(db, timeout=1)
            n = conn.execute(sql).fetchone()[0]
            conn.close()
            if n:
                return n
        except sqlite3.Error:
            pass
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {sql}")


@pytest.mark.parametrize("stage_sql", [
    "SELECT count(*) FROM documents",                               # mid-ingest / extract
    "SELECT count(*) FROM documents WHERE extracted_at IS NOT NULL",  # mid-extract
])
def test_kill_mid_build_then_resume(tmp_path, stage_sql):
    folder = tmp_path / "articles"
    corpus(folder, 60)
    db = tmp_path / "w.db"
    proc = build(db, folder)
    wait_for(db, stage_sql)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()

    again = build(db, folder)
    out, err = again.communicate(timeout=600)
    assert again.returncode == 0, err.decode()
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 60
    assert conn.execute(
        "SELECT count(*) FROM documents WHERE extracted_at IS NULL").fetchone()[0] == 0
    # every document's claims exactly once, and every claim in one group
    per_doc = conn.execute("SELECT document_id, count(*), count(DISTINCT char_start) FROM claims "
                           "GROUP BY document_id").fetchall()
    assert len(per_doc) == 60 and all(n == distinct for _, n, distinct in per_doc)
    assert conn.execute("SELECT count(*) FROM claims c WHERE NOT EXISTS (SELECT 1 FROM "
                        "group_members m WHERE m.claim_id = c.id)").fetchone()[0] == 0
    conn.close()


def test_kill_during_decisions_keeps_committed_ones(tmp_path):
    """The review core (what the TUI calls on a key press) killed between decisions loses
    none it had committed and leaves no half-written one."""
    from builders import synthetic_database

    db = tmp_path / "w.db"
    synthetic_database(db, 3000)
    script = f"""
import sqlite3
from workbench.review.actions import decide
conn = sqlite3.connect({str(db)!r}, isolation_level=None)
rows = conn.execute(
    "SELECT id, version FROM groups WHERE status = 'pending' ORDER BY id").fetchall()
for gid, version in rows:
    decide(conn, gid, "accept", version=version, reviewer="crash-test")
    print(gid, flush=True)
"""
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    shown = [int(proc.stdout.readline()) for _ in range(150)]
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    accepted = {r[0] for r in conn.execute(
        "SELECT id FROM groups WHERE status = 'accepted' AND id IN "
        "(SELECT group_id FROM decisions WHERE reviewer = 'crash-test')")}
    assert set(shown) <= accepted  # everything shown as decided is decided
    logged = {r[0] for r in conn.execute(
        "SELECT group_id FROM decisions WHERE reviewer = 'crash-test'")}
    assert accepted == logged  # no decision without its log row, no log row without it
    assert conn.execute("SELECT count(*) FROM groups WHERE status = 'accepted'").fetchone()[0] \
        == len(logged)
    conn.close()


def test_kill_mid_group_then_resume(tmp_path):
    """`workbench group` killed at several moments: the database is sound, every claim is
    still in exactly one group or in none (never half-regrouped), and a rerun finishes."""
    import json

    db = tmp_path / "w.db"
    from workbench.db import connect, insert_row, now, transaction

    conn = connect(db)
    with transaction(conn):
        for d in range(400):
            doc = insert_row(conn, "documents", {
                "content_hash": f"h{d}", "path": f"a{d}.txt", "format": "txt", "text": "x",
                "ingested_at": now(), "extracted_at": now(), "extractor_version": "test"})
            for k in range(10):
                day = f"2025-06-{1 + (d + k) % 28:02d}"
                text = (f"Officials in city {k % 7} said {100 + d} prisoners were exchanged "
                        f"on {day}.")
                insert_row(conn, "claims", {
                    "document_id": doc, "char_start": 0, "char_end": len(text), "text": text,
                    "date": day, "date_precision": "day", "date_provenance": "explicit",
                    "trigger": "exchange", "created_at": now(), "numbers": "[]",
                    "entities": json.dumps([{"text": f"City{k % 7}", "label": "GPE",
                                             "norm": f"city{k % 7}", "start": 0, "end": 1}])})
    conn.conn.close()
    cmd = [sys.executable, "-m", "workbench", "--quiet", "--db", str(db), "group"]
    started = time.time()
    full = subprocess.run(cmd, capture_output=True, timeout=600)
    whole = time.time() - started  # how long one run takes here, to kill inside it
    assert full.returncode == 0
    for share in (0.3, 0.6, 0.9):
        delay = whole * share
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(delay)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        check = sqlite3.connect(db)
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        grouped = check.execute("SELECT count(*) FROM group_members").fetchone()[0]
        assert grouped in (0, 4000)  # all or nothing
        check.close()
    done = subprocess.run(cmd, capture_output=True, timeout=600)
    assert done.returncode == 0, done.stderr.decode()
    check = sqlite3.connect(db)
    assert check.execute("SELECT count(*) FROM group_members").fetchone()[0] == 4000
    assert check.execute("SELECT count(*) FROM groups g WHERE NOT EXISTS (SELECT 1 FROM "
                         "group_members m WHERE m.group_id = g.id)").fetchone()[0] == 0
    check.close()


def test_kill_the_tui_mid_review_keeps_every_decision_it_showed(tmp_path):
    """The real review app in its own process, driven by key presses (a, x, space) on a
    100-group database, killed with SIGKILL: every decision the screen had shown (the
    header's count) is in the database, and the log matches the statuses."""
    from builders import synthetic_database

    db = tmp_path / "w.db"
    synthetic_database(db, 100)
    script = f"""
import asyncio, sys
from textual.worker import WorkerCancelled
from workbench.review.config import Config
from workbench.tui.app import WorkbenchApp

async def main():
    app = WorkbenchApp({str(db)!r}, config=Config(reviewer="killed", keys={{}}),
                       cursor_blink=False, poll_interval=60.0)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(4):  # as tests/tui/conftest.settle: a replaced worker is no fault
            try:
                await app.workers.wait_for_complete()
            except WorkerCancelled:
                pass
            await pilot.pause()
        for i in range(10000):
            await pilot.press("axa "[i % 4])
            await pilot.pause()
            print(i, flush=True)

asyncio.run(main())
"""
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "WORKBENCH_CONFIG": str(tmp_path / "none.toml")})
    pressed = -1
    for _ in range(40):
        line = proc.stdout.readline()
        if not line:
            break
        pressed = int(line)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert pressed >= 30, proc.stderr.read()
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    decided = conn.execute("SELECT count(*) FROM groups WHERE status != 'pending'").fetchone()[0]
    logged = conn.execute("SELECT count(DISTINCT group_id) FROM decisions "
                          "WHERE reviewer = 'killed' AND undone = 0").fetchone()[0]
    # each key press that returned had committed its decision before the screen moved on
    assert decided >= pressed + 1 and decided == logged
    conn.close()
