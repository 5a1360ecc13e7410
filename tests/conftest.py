"""Shared fixtures: the seed corpus built once per test session (it loads spaCy), and a
small hand-built database (no spaCy, no pipeline) for the review core and its measures."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def seed_db_path(tmp_path_factory) -> Path:
    """A database built from seeds/ by the real pipeline (ingest, extract, group)."""
    from workbench.db import connect
    from workbench.extract import extract_pending
    from workbench.group import regroup
    from workbench.ingest import ingest_paths

    path = tmp_path_factory.mktemp("seeds") / "seeds.db"
    db = connect(path)
    ingest_paths(db, [SEEDS])
    extract_pending(db)
    regroup(db)
    db.conn.close()
    return path


@pytest.fixture
def seed_db(seed_db_path):
    from workbench.db import connect

    db = connect(seed_db_path)
    yield db
    db.conn.close()


@pytest.fixture
def db(tmp_path):
    """An empty database; ``ids`` fills it with the hand-built sample."""
    from workbench.db import connect

    db = connect(tmp_path / "review.db")
    yield db
    db.conn.close()


@pytest.fixture
def ids(db):
    from builders import build_sample

    return build_sample(db)


@pytest.fixture
def conn(db, ids):
    return db.conn
