"""Export never writes to the database: same bytes, same mtime, no changes counted."""

from __future__ import annotations

import hashlib
import io
import os

import pytest
from click.testing import CliRunner

from workbench.cli import cli
from workbench.db import connect
from workbench.export import FORMATS, export_chronology


def _state(path):
    return hashlib.sha256(path.read_bytes()).hexdigest(), os.stat(path).st_mtime_ns


@pytest.mark.parametrize("fmt", FORMATS)
def test_core_export_changes_nothing(own_db_path, fmt):
    before = _state(own_db_path)
    db = connect(own_db_path, create=False)
    try:
        export_chronology(db, fmt, io.BytesIO())
        export_chronology(db, "json", io.BytesIO(), everything=True)
        assert db.conn.total_changes == 0
    finally:
        db.conn.close()
    assert _state(own_db_path) == before


def test_cli_export_changes_nothing(own_db_path, tmp_path):
    before = _state(own_db_path)
    for fmt in FORMATS:
        result = CliRunner().invoke(
            cli, ["--db", str(own_db_path), "export", "-f", fmt, "-o", str(tmp_path / fmt)]
        )
        assert result.exit_code == 0, result.output
    assert _state(own_db_path) == before
