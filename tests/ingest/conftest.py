from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from workbench import db as dbmod
from workbench.console import Reporter

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture
def db(tmp_path):
    database = dbmod.connect(tmp_path / "ingest-test.db")
    yield database
    database.conn.close()


class CapturingReporter(Reporter):
    """A real Reporter whose terminal is a string buffer, so tests read what a user sees."""

    def __init__(self) -> None:
        self.buffer = io.StringIO()
        super().__init__(console=Console(file=self.buffer, width=400, highlight=False))

    @property
    def output(self) -> str:
        return self.buffer.getvalue()


@pytest.fixture
def reporter():
    return CapturingReporter()


def _rows(database) -> list[dict]:
    cursor = database.conn.execute("SELECT * FROM documents ORDER BY id")
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


@pytest.fixture
def rows():
    """``rows(db)``: every stored document as a dict, for before/after comparisons."""
    return _rows


@pytest.fixture
def seeds() -> Path:
    return SEEDS
