"""The JSON and TimelineJS outputs against the schemas shipped in the package."""

from __future__ import annotations

import io
import json

import pytest
from jsonschema import Draft202012Validator

from workbench.export import export_chronology, schema_path


def _validator(fmt: str) -> Draft202012Validator:
    schema = json.loads(schema_path(fmt).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _export(db, fmt) -> dict:
    out = io.BytesIO()
    export_chronology(db, fmt, out)
    return json.loads(out.getvalue().decode("utf-8"))


@pytest.mark.parametrize("fmt", ["json", "timelinejs"])
def test_output_is_valid(review_db, fmt):
    data = _export(review_db, fmt)
    errors = sorted(_validator(fmt).iter_errors(data), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


@pytest.mark.parametrize("fmt", ["json", "timelinejs"])
def test_empty_output_is_valid(db, fmt):
    data = _export(db, fmt)
    assert data["events"] == []
    assert not list(_validator(fmt).iter_errors(data))


@pytest.mark.parametrize(
    ("fmt", "breakage"),
    [
        ("json", lambda d: d["events"][0].update(date="June 2025")),
        ("json", lambda d: d["events"][0]["citations"][0]["location"].pop("char_start")),
        ("timelinejs", lambda d: d["events"][0]["start_date"].update(month="5")),
        ("timelinejs", lambda d: d["events"][0]["start_date"].pop("year")),
        ("timelinejs", lambda d: d["events"][0]["start_date"].pop("month")),  # day without month
    ],
)
def test_schemas_reject_broken_output(review_db, fmt, breakage):
    data = _export(review_db, fmt)
    breakage(data)
    assert list(_validator(fmt).iter_errors(data))


def test_timelinejs_dates_at_their_precision(review_db):
    events = _export(review_db, "timelinejs")["events"]
    dates = {e["unique_id"]: e["start_date"] for e in events}
    assert dates["event-5"] == {"year": 2025, "month": 5, "display_date": "May 2025"}
    assert dates["event-2"] == {"year": 2025, "month": 6, "day": 2, "display_date": "2 June 2025"}
    assert "event-6" not in dates  # undated: TimelineJS cannot place it
    assert len({e["unique_id"] for e in events}) == len(events)
    groups = {e["group"] for e in events}
    assert groups == {"Unresolved conflict", "Single source", "Several sources"}


def test_timelinejs_reports_what_it_left_out(review_db):
    out = io.BytesIO()
    result = export_chronology(review_db, "timelinejs", out)
    assert result.omitted == ["group 6 has no date: left out of the TimelineJS timeline"]
    # the summary counts the events the file holds (a tester counted one fewer slides)
    slides = len(json.loads(out.getvalue())["events"])
    assert result.events == slides
    assert f"export: {slides} events," in result.summary()
    assert "(timelinejs; 1 event left out)" in result.summary()


def test_json_citations_quote_their_location(review_db):
    data = _export(review_db, "json")
    for event in data["events"]:
        for citation in event["citations"]:
            text = review_db.execute(
                "SELECT text FROM documents WHERE id = ?", [citation["document"]["id"]]
            ).fetchone()[0]
            where = citation["location"]
            assert text[where["char_start"] : where["char_end"]] == citation["quote"]
