"""Export of a database built by the real pipeline (spaCy): the contract between stages.

Slow (loads the model). Whatever extraction and grouping currently produce, accepting
every group must give outputs that validate and quotes that are exact spans.
"""

from __future__ import annotations

import io
import json
import shutil

import pytest
from jsonschema import Draft202012Validator

from workbench.db import connect
from workbench.export import FORMATS, export_chronology, schema_path
from workbench.export.model import load_chronology

pytestmark = pytest.mark.slow


@pytest.fixture
def accepted_seed_db(seed_db_path, tmp_path):
    path = tmp_path / "seeds.db"
    shutil.copyfile(seed_db_path, path)
    db = connect(path, create=False)
    with db.conn:
        db.execute("UPDATE groups SET status = 'accepted'")
    yield db
    db.conn.close()


def test_every_format_from_the_real_pipeline(accepted_seed_db):
    db = accepted_seed_db
    chronology = load_chronology(db)
    assert chronology.events, "the pipeline made no groups from seeds/"
    assert all(c.span_ok for c in chronology.citations)
    for fmt in FORMATS:
        out = io.BytesIO()
        result = export_chronology(db, fmt, out)
        assert result.events == len(chronology.events)
        if fmt in ("json", "timelinejs"):
            schema = json.loads(schema_path(fmt).read_text(encoding="utf-8"))
            data = json.loads(out.getvalue())
            errors = list(Draft202012Validator(schema).iter_errors(data))
            assert not errors, errors[0].message
