"""Fixtures of the grouping tests: real claims of a few ECB+ topics, extracted once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench.db import connect

ECBPLUS = Path(__file__).resolve().parents[3] / "shared" / "data" / "ecbplus"
# a celebrity entering rehab, an escaped prisoner caught, pirates captured by a navy: each
# topic two occasions of its kind
SPLIT_TOPICS = {"1", "3", "12"}


@pytest.fixture(scope="session")
def ecbplus_claims(tmp_path_factory):
    """Three ECB+ topics ingested and extracted once (spaCy): a database without groups."""
    from workbench.evaluate.ecbplus import read_corpus
    from workbench.extract import extract_pending
    from workbench.ingest import ingest_paths

    if not ECBPLUS.is_dir():
        pytest.skip(f"no {ECBPLUS}")
    folder = tmp_path_factory.mktemp("ecbplus")
    corpus = read_corpus(ECBPLUS, SPLIT_TOPICS)
    jsonl = folder / "ecbplus.jsonl"
    jsonl.write_text("".join(json.dumps({"id": name, "text": doc.text()}) + "\n"
                             for name, doc in sorted(corpus.documents.items())),
                     encoding="utf-8")
    db = connect(folder / "base.db")
    ingest_paths(db, [jsonl])
    extract_pending(db)
    db.conn.close()
    return folder / "base.db"


@pytest.fixture
def ecbplus_copy(ecbplus_claims, tmp_path):
    """A function making a copy of the ``ecbplus_claims`` database at ``tmp_path / name``
    and returning its path."""
    import sqlite3

    def copy(name: str) -> Path:
        path = tmp_path / name
        src, dst = sqlite3.connect(ecbplus_claims), sqlite3.connect(path)
        src.backup(dst)
        src.close()
        dst.close()
        return path

    return copy


@pytest.fixture
def reviewed():
    """A function grouping the database at a path and leaving a reviewer's traces in it
    (for tests that regroup it two ways and compare every table)."""
    from workbench.group import regroup

    def review(path):
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

    return review
