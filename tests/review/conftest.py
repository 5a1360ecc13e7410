"""Fixtures for the review core: a small hand-built database (no spaCy, no pipeline)."""

from __future__ import annotations

import pytest
from builders import build_sample

from workbench.db import connect


@pytest.fixture
def db(tmp_path):
    db = connect(tmp_path / "review.db")
    yield db
    db.conn.close()


@pytest.fixture
def ids(db):
    return build_sample(db)


@pytest.fixture
def conn(db, ids):
    return db.conn
