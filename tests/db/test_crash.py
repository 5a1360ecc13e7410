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
    assert conn.execute("SELECT count(*) FROM documents WHERE extracted_at IS NULL").fetchone()[0] == 0
    # every document's claims exactly once, and every claim in one group
    per_doc = conn.execute("SELECT document_id, count(*), count(DISTINCT char_start) FROM claims "
                           "GROUP BY document_id").fetchall()
    assert len(per_doc) == 60 and all(n == distinct for _, n, distinct in per_doc)
    assert conn.execute("SELECT count(*) FROM claims c WHERE NOT EXISTS (SELECT 1 FROM "
                        "group_members m WHERE m.claim_id = c.id)").fetchone()[0] == 0
    conn.close()


def test_kill_during_decisions_keeps_committed_ones(tmp_path):
    """A writer killed between decisions loses none it committed."""
    db = tmp_path / "w.db"
    script = f"""
import sys
from workbench.db import connect, insert_row, now, transaction
db = connect({str(db)!r})
for i in range(100000):
    with transaction(db):
        gid = insert_row(db, "groups", {{"title": f"g{{i}}", "created_at": now(), "updated_at": now()}})
        insert_row(db, "decisions", {{"at": now(), "reviewer": "t", "action": "accept", "group_id": gid}})
        db.execute("UPDATE groups SET status = 'accepted' WHERE id = ?", [gid])
    print(gid, flush=True)
"""
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    last = None
    for _ in range(200):
        last = int(proc.stdout.readline())
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    accepted = conn.execute("SELECT count(*) FROM groups WHERE status = 'accepted'").fetchone()[0]
    decisions = conn.execute("SELECT count(*) FROM decisions").fetchone()[0]
    assert accepted >= last and accepted == decisions
    assert conn.execute("SELECT count(*) FROM groups WHERE status != 'accepted'").fetchone()[0] == 0
