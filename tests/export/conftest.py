"""Fixtures for the export tests: the hand-built review database (see fixture.py) and the
real programs some tests run (see clients.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from workbench.db import connect

from . import clients
from .fixture import build


@pytest.fixture(scope="session")
def review_db_path(tmp_path_factory) -> Path:
    """Built once; tests that only read share it (export must not change it anyway)."""
    return build(tmp_path_factory.mktemp("review") / "review.db")


@pytest.fixture
def review_db(review_db_path):
    db = connect(review_db_path, create=False)
    yield db
    db.conn.close()


@pytest.fixture
def own_db_path(review_db_path, tmp_path) -> Path:
    """A private copy for a test that changes the data before exporting."""
    path = tmp_path / "own.db"
    shutil.copyfile(review_db_path, path)
    return path


@pytest.fixture
def own_db(own_db_path):
    db = connect(own_db_path, create=False)
    yield db
    db.conn.close()


@pytest.fixture
def chromium() -> str:
    """The Chromium executable (skips without one; see clients.py)."""
    return clients.chromium()


@pytest.fixture
def pandoc() -> str:
    return clients.pandoc()


@pytest.fixture
def timelinejs_dist() -> str:
    return clients.timelinejs_dist()
