from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner

from workbench.cli import cli

STORY = "Officials confirmed the exchange of prisoners on Monday after talks in Istanbul.\n"


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def count(db_path) -> int:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("SELECT count(*) FROM documents").fetchone()[0]


def test_ingest_seeds_exits_0_and_summarises(tmp_path, seeds):
    db_path = tmp_path / "w.db"
    result = run("--db", str(db_path), "ingest", str(seeds))
    assert result.exit_code == 0, result.output
    assert "ingest: 5 added, 0 already present, 0 failed" in result.stdout
    assert result.stderr == ""
    again = run("--db", str(db_path), "ingest", str(seeds))
    assert again.exit_code == 0
    assert "ingest: 0 added, 5 already present, 0 failed" in again.stdout
    assert count(db_path) == 5


def test_some_bad_input_still_exits_0_with_one_error_line(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(STORY, encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00binary")  # a PNG header
    result = run("--db", str(tmp_path / "w.db"), "ingest", str(good), str(bad))
    assert result.exit_code == 0
    errors = result.stderr.strip().splitlines()
    assert errors == [f"error: {bad}: binary file (contains NUL bytes), not text"]
    assert "ingest: 1 added, 0 already present, 1 failed" in result.stdout
    assert "Traceback" not in result.output


def test_nothing_ingested_exits_1(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"title": "no text"}\nnot json\n', encoding="utf-8")
    result = run("--db", str(tmp_path / "w.db"), "ingest", str(tmp_path / "missing.txt"), str(feed))
    assert result.exit_code == 1
    errors = result.stderr.strip().splitlines()
    assert errors == [
        f"error: {tmp_path / 'missing.txt'}: no such file or folder",
        f"error: {feed}:1: missing field 'text'",
        f"error: {feed}:2: malformed JSON (Expecting value at column 1)",
    ]
    assert "ingest: 0 added, 0 already present, 3 failed" in result.stdout
    assert count(tmp_path / "w.db") == 0


@pytest.mark.parametrize("command", ["ingest", "build"])
def test_a_path_that_is_not_there_makes_no_database(tmp_path, command):
    """`build /no/such/path` said so and exited 1, but left an empty database file."""
    db_path = tmp_path / "typo.db"
    result = run("--db", str(db_path), command, str(tmp_path / "no" / "such"))
    assert result.exit_code == 1
    assert result.stderr.strip() == f"error: {tmp_path / 'no' / 'such'}: no such file or folder"
    assert not db_path.exists()


def test_a_document_that_gives_no_claim_is_named(tmp_path):
    """A tester's file of spreadsheet formulas and markup gave nothing to review, and
    nothing said so."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "story.txt").write_text(STORY, encoding="utf-8")
    empty = tmp_path / "in" / "formula.txt"
    empty.write_text('=HYPERLINK("http://evil","x") On June 7, 2025 the mayor said +1 '
                     "and @home.\n", encoding="utf-8")
    result = run("--db", str(tmp_path / "w.db"), "build", str(tmp_path / "in"))
    assert result.exit_code == 0, result.output
    # ... and why, when it has a link: a sentence with one is a post's, not a report
    lines = result.stderr.strip().splitlines()
    assert lines[0] == (
        f"warning: {empty}: no claim found: no sentence in it reads as a report of "
        "something that happened (a sentence with a web address or an @handle is not read "
        "as a report) (the document is kept)")
    # (the story names no year: its "on Monday" cannot be placed, and that is said)
    assert len(lines) == 2 and "1 document has no publication date" in lines[1]
    assert "1 with no claim in them" in result.stdout
    assert count(tmp_path / "w.db") == 2


def test_articles_that_name_no_year_are_said_undated_with_the_way_to_date_them(tmp_path):
    """A tester's first three articles named "June 7" and "on Monday" but no year: 28
    entries, every one undated, and nothing said why."""
    (tmp_path / "day1").mkdir()
    (tmp_path / "day1" / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "day1" / "b.txt").write_text(
        "On June 7, Russian forces arrived at the border to exchange prisoners.\n",
        encoding="utf-8")
    db = str(tmp_path / "w.db")
    result = run("--db", db, "build", str(tmp_path / "day1"))
    assert result.exit_code == 0, result.output
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("warning: 2 documents have no publication date, given or found "
                           "in the text (")
    assert "a.txt" in line and "b.txt" in line and "stays undated" in line
    assert "workbench doc set PATH --published YYYY-MM-DD" in line
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM groups WHERE event_date IS NOT NULL"
                            ).fetchone() == (0,)
    # an article that names its year dates the others, and nothing is said any more
    (tmp_path / "day2").mkdir()
    (tmp_path / "day2" / "c.txt").write_text(
        "On June 8, 2025, Ukraine said the exchange would go ahead next week.\n",
        encoding="utf-8")
    result = run("--db", db, "build", str(tmp_path / "day2"))
    assert result.exit_code == 0, result.output
    assert "no publication date" not in result.stderr
    with sqlite3.connect(db) as conn:
        dated = {d for (d,) in conn.execute("SELECT event_date FROM groups")}
    assert "2025-06-07" in dated


def test_a_page_of_only_furniture_is_named_once(tmp_path):
    # ingest said "every line looks like page furniture" and extract "no claim found"
    # of the same file: two lines where the README promises one
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "story.txt").write_text(STORY, encoding="utf-8")
    menu = tmp_path / "in" / "menu.txt"
    menu.write_text("Skip to content\n\nHome\n\nPost a Comment\n", encoding="utf-8")
    result = run("--db", str(tmp_path / "w.db"), "build", str(tmp_path / "in"))
    assert result.exit_code == 0, result.output
    lines = result.stderr.strip().splitlines()
    assert lines[0] == (
        f"warning: {menu}: every line looks like page furniture; nothing in it can be a claim")
    # (the story, which names no year, is said undated; the menu, with nothing to date, not)
    assert len(lines) == 2 and str(menu) not in lines[1] and "story.txt" in lines[1]
    assert "1 with no claim in them" in result.stdout


def test_no_paths_is_a_usage_error_exit_2(tmp_path):
    result = run("--db", str(tmp_path / "w.db"), "ingest")
    assert result.exit_code == 2
    assert "Missing argument 'PATHS...'" in result.stderr


def test_quiet_keeps_errors_but_drops_the_summary(tmp_path):
    good = tmp_path / "a.jsonl"
    good.write_text(json.dumps({"text": STORY}) + "\n" + "{" + "\n", encoding="utf-8")
    result = run("--db", str(tmp_path / "w.db"), "-q", "ingest", str(good))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr.strip() == f"error: {good}:2: malformed JSON " + (
        "(Expecting property name enclosed in double quotes at column 2)"
    )
