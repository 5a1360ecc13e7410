"""Hostile text in titles, notes, quotes and URLs comes out as text in every format."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from workbench.export import export_chronology
from workbench.export.to_md import escape

EVIL_TITLE = '<script>alert("t")</script> *bold* [x](javascript:y) & ``'
EVIL_NOTE = '<img src=x onerror=alert(1)> $x$ @cite ^sup^ ~sub~ | pipe \\ back'


@pytest.fixture
def evil_db(own_db):
    with own_db.conn:
        own_db.execute(
            "UPDATE groups SET title = ?, note = ? WHERE id = 1", [EVIL_TITLE, EVIL_NOTE]
        )
        own_db.execute("UPDATE documents SET url = ? WHERE id = 3", ['https://e.org/"><script>'])
    return own_db


def _export(db, fmt, **options) -> str:
    out = io.BytesIO()
    export_chronology(db, fmt, out, **options)
    return out.getvalue().decode("utf-8")


def test_html_has_no_markup_from_the_data(evil_db):
    page = _export(evil_db, "html")
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert 'href="javascript' not in page
    # only the fixture's safe http(s) URLs became links; the broken one is shown as text
    assert set(re.findall(r'href="([^"#][^"]*)"', page)) == {
        "https://example.org/seeds/000", "https://example.org/seeds/001?ref=feed&amp;lang=en",
    }  # fmt: skip
    assert "https://e.org/&quot;&gt;&lt;script&gt;" in page


def test_html_loads_nothing_and_runs_nothing(review_db):
    page = _export(review_db, "html")
    assert "<script" not in page.lower()
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page.split("<main>")[0])
    assert "default-src 'none'" in page
    assert "@import" not in page and "url(" not in page


def test_markdown_escapes_markup(evil_db):
    text = _export(evil_db, "md")
    assert "\\<script\\>" in text and "\\*bold\\*" in text and "\\[x\\]" in text
    assert "\\$x\\$ \\@cite \\^sup\\^ \\~sub\\~ \\| pipe \\\\ back" in text
    assert "<https://e.org/" not in text  # not a safe URL: not an autolink


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [("a*b", "a\\*b"), ("[1]", "\\[1\\]"), ("line\nbreak", "line break"), ("<b>", "\\<b\\>"),
     ("plain words, 2,000.", "plain words, 2,000.")],
)  # fmt: skip
def test_markdown_escape(raw, escaped):
    assert escape(raw) == escaped


def test_csv_keeps_text_exact(evil_db):
    rows = list(csv.DictReader(io.StringIO(_export(evil_db, "csv"))))
    row = next(r for r in rows if r["event_id"] == "1")
    assert row["title"] == EVIL_TITLE and row["note"] == EVIL_NOTE


def test_a_csv_event_row_reads_without_the_claims_file(review_db):
    """Its citation numbers point into ``--claims``; its ``quotes`` cell quotes each source
    once, under the number the claims file gives that quote (a tester opening the events
    file alone found only "[5] [6] [7]")."""
    events = list(csv.DictReader(io.StringIO(_export(review_db, "csv"))))
    claims = {r["citation"]: r for r in csv.DictReader(io.StringIO(
        _export(review_db, "csv", claims=True)))}
    for event in events:
        lines = event["quotes"].split("\n")
        assert len(lines) == int(event["sources"])
        for line in lines:
            number, quoted = re.match(r"\[(\d+)\] “(.*)” — ", line).groups()
            cited = claims[number]
            assert cited["event_id"] == event["event_id"]
            # word for word, its own quotation marks kept (data, not a page to read)
            assert quoted.strip("…") == cited["quote"].strip()


def test_a_csv_event_row_says_whose_date_it_is(own_db):
    """md says "Date set by the reviewer" and "(reported)"; the CSV had no word of it."""
    with own_db.conn:
        own_db.execute("UPDATE groups SET edited = '[\"event_date\"]' WHERE id = 1")
        own_db.execute("UPDATE groups SET date_basis = 'published' WHERE id = 2")
    rows = {r["event_id"]: r for r in csv.DictReader(io.StringIO(_export(own_db, "csv")))}
    assert rows["1"]["date_from"] == "reviewer"
    assert rows["2"]["date_from"] == "publication" and "(reported)" in rows["2"]["display_date"]
    assert rows["3"]["date_from"] == "sources"
    assert rows["6"]["date_from"] == ""  # undated


def test_json_and_timelinejs(evil_db):
    data = json.loads(_export(evil_db, "json"))
    assert next(e for e in data["events"] if e["id"] == 1)["title"] == EVIL_TITLE
    timeline = json.loads(_export(evil_db, "timelinejs"))
    slide = next(e for e in timeline["events"] if e["unique_id"] == "event-1")
    assert "<script" not in slide["text"]["headline"]
    assert "<img" not in slide["text"]["text"]


def test_json_never_writes_what_a_terminal_acts_on(own_db):
    """`export --format json` writes to the terminal by default: ESC, the 8-bit CSI
    (U+009B) and bidi overrides are escaped, in the chronology and in the full dump, and
    read back as the same text."""
    hostile = "police said \x1b[2J the screen \x9b31m was \u202egnissim\u202c cleared"
    with own_db.conn:
        own_db.execute("UPDATE groups SET title = ?, note = ? WHERE id = 1", [hostile, hostile])
    for options in ({}, {"everything": True}):
        text = _export(own_db, "json", **options)
        assert not re.search("[\x1b\x80-\x9f\u202a-\u202e\u2066-\u2069]", text)
        assert "\\u009b31m" in text and "\\u202egnissim\\u202c" in text
        data = json.loads(text)
        titles = [e["title"] for e in data.get("events", data.get("groups", []))]
        assert hostile in titles
