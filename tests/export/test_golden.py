"""Every format, byte for byte, against tests/export/golden/.

Regenerate after an intended change with ``UPDATE_GOLDEN=1 pytest tests/export``, then read
the diff before committing it.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from workbench.export import check_chronology, export_chronology

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"

CASES = [
    ("chronology.md", "md", {}),
    ("chronology.html", "html", {}),
    ("chronology.json", "json", {}),
    ("chronology.csv", "csv", {}),
    ("claims.csv", "csv", {"claims": True}),
    ("timelinejs.json", "timelinejs", {}),
    ("dump.json", "json", {"everything": True}),
]


def check_golden(name: str, data: bytes) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_bytes(data)
        return
    assert path.exists(), f"no golden {path}; run with UPDATE_GOLDEN=1 to create it"
    expected = path.read_bytes()
    if data != expected:
        # Show the first differing line rather than two walls of text.
        got, want = data.decode().splitlines(), expected.decode().splitlines()
        for number, (a, b) in enumerate(zip(got, want, strict=False), start=1):
            if a != b:
                pytest.fail(f"{name} line {number} differs:\n got: {a!r}\nwant: {b!r}")
        pytest.fail(f"{name}: {len(got)} lines, golden has {len(want)}")


@pytest.mark.parametrize(("name", "fmt", "options"), CASES, ids=[c[0] for c in CASES])
def test_format_matches_golden(review_db, tmp_path, name, fmt, options):
    out = tmp_path / name
    export_chronology(review_db, fmt, out, **options)
    check_golden(name, out.read_bytes())


@pytest.mark.parametrize(("name", "fmt", "options"), CASES, ids=[c[0] for c in CASES])
def test_same_database_same_bytes(review_db, name, fmt, options):
    first, second = io.BytesIO(), io.BytesIO()
    export_chronology(review_db, fmt, first, **options)
    export_chronology(review_db, fmt, second, **options)
    assert first.getvalue() == second.getvalue()
    assert first.getvalue()


def test_precheck_matches_golden(review_db):
    text = "".join(f"{issue.kind}: {issue.message}\n" for issue in check_chronology(review_db))
    check_golden("checks.txt", text.encode())


@pytest.mark.parametrize(
    ("name", "fmt", "options"),
    [
        ("empty.md", "md", {}),
        ("empty.html", "html", {}),
        ("empty.json", "json", {}),
        ("empty.csv", "csv", {}),
        ("empty.timelinejs.json", "timelinejs", {}),
    ],
)
def test_nothing_accepted_gives_empty_but_valid_output(db, tmp_path, name, fmt, options):
    out = tmp_path / name
    result = export_chronology(db, fmt, out, **options)
    assert result.empty
    check_golden(name, out.read_bytes())
