"""Fixtures for the hostile corpus: a review database whose every text is an attack."""

from __future__ import annotations

import pytest
from builders import Builder
from tui.conftest import (  # noqa: F401
    isolated_config,
    make_app,
    pytest_pyfunc_call,  # noqa: F401  (runs the async tests)
    settle,
)

from workbench.db import connect

from .inputs import HOSTILE_TITLE, MARKUP_CLAIM, MARKUP_TITLE, OSC8, OSC52


@pytest.fixture
def hostile_db(tmp_path):
    """Two groups: one titled with Rich/Textual markup, one with terminal escapes, each
    claim quoting the same, from documents whose path and source are attacks too."""
    path = tmp_path / "hostile.db"
    db = connect(path)
    b = Builder(db)
    text1 = f"{MARKUP_CLAIM}\n\nMore [/] text {OSC52} follows.\n"
    d1 = b.document(text1, title=MARKUP_TITLE, path="feeds/[/]odd[@click=app.quit].txt",
                    source="[b]Wire", published="2025-06-02")
    c1 = b.claim(d1, MARKUP_CLAIM, date="2025-06-02", date_text="on June 2 [/]",
                 speaker="[@click=app.quit]Ukraine")
    text2 = f"Talks ended on June 3 {OSC52} after {OSC8} an hour.\n"
    d2 = b.document(text2, title=HOSTILE_TITLE, source=f"Wire{OSC52}", published="2025-06-03")
    c2 = b.claim(d2, text2.strip(), date="2025-06-03", date_text="June 3")
    ids = {
        "markup": b.group([c1], title=MARKUP_TITLE),
        "escapes": b.group([c2], title=HOSTILE_TITLE,
                           conflicts=[{"subject": f"date {OSC52}", "values": [
                               {"value": "2025-06-03 [/]", "claim_ids": [c2], "sources": ["[/]x"]},
                               {"value": f"2025-06-04{OSC52}", "claim_ids": [c2],
                                "sources": [f"y{OSC52}"]}]}]),
    }
    db.execute("UPDATE groups SET note = ? WHERE id = ?", [f"note [/] {OSC52}", ids["markup"]])
    b.commit()
    db.conn.close()
    return path, ids
