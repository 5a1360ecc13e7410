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
