"""A database that fails under the work: a one-line message naming the file and what to
do, a non-zero exit, a notice in the TUI, and nothing written half."""

from __future__ import annotations

import sqlite3

import pytest
from builders import sample_database
from click.testing import CliRunner
from tui.conftest import make_app, settle

import workbench.db as dbmod
from workbench.cli import cli
from workbench.db import DatabaseError, connect
from workbench.db.schema import SCHEMA_VERSION


def _rows(path, sql):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _snapshot(path):
    return {t: _rows(path, f"SELECT * FROM {t} ORDER BY 1") for t in
            ("documents", "claims", "groups", "group_members", "decisions")}


def _opened_with(monkeypatch, *pragmas):
    """Every connection the commands open gets ``pragmas`` (read-only, a size limit)."""
    real = dbmod.connect

    def connect_limited(path, **kwargs):
        db = real(path, **kwargs)
        for pragma in pragmas:
            db.conn.execute(pragma)
        return db

    monkeypatch.setattr(dbmod, "connect", connect_limited)


def _one_clean_line(result, *words):
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(lines) == 1, result.output
    for word in words:
        assert word in lines[0]
    return lines[0]


@pytest.fixture
def built(tmp_path):
    path = tmp_path / "w.db"
    sample_database(path)
    return path


@pytest.fixture
def article(tmp_path):
    a = tmp_path / "new.txt"
    a.write_text("Delegates met in Istanbul on June 2, 2025 for talks that ended quickly.\n")
    return a


def test_build_on_a_read_only_database_says_so(built, article, monkeypatch):
    before = _snapshot(built)
    _opened_with(monkeypatch, "PRAGMA query_only = 1")
    result = CliRunner().invoke(cli, ["--db", str(built), "build", str(article)])
    assert result.exit_code == 1
    line = _one_clean_line(result, str(built), "read-only")
    assert "permissions" in line
    assert _snapshot(built) == before


@pytest.mark.slow
def test_disk_full_during_extraction_rolls_back_and_says_so(built, tmp_path, monkeypatch):
    from workbench.extract import current_version

    from .inputs import story

    folder = tmp_path / "new"
    folder.mkdir()
    for i in range(3):
        (folder / f"{i}.txt").write_text(story(f"Talks number {i} were held on June {i + 4}."))
    conn = sqlite3.connect(built)  # the sample's documents count as extracted by this version
    conn.execute("UPDATE documents SET extractor_version = ?", [current_version()])
    conn.commit()
    conn.close()
    assert CliRunner().invoke(cli, ["--db", str(built), "ingest", str(folder)]).exit_code == 0
    before = _snapshot(built)
    pages = _rows(built, "PRAGMA page_count")[0][0]
    _opened_with(monkeypatch, f"PRAGMA max_page_count = {pages}")  # the disk is full now
    result = CliRunner().invoke(cli, ["--db", str(built), "build", str(folder)])
    assert result.exit_code == 1
    _one_clean_line(result, str(built), "disk is full", "nothing is written half")
    # each document extracted whole (claims and extracted_at) or not at all; the groups
    # and decisions untouched (their inferred dates, a step committed before the disk
    # filled, may be kept)
    after = _snapshot(built)
    for table in ("groups", "group_members", "decisions"):
        assert after[table] == before[table]
    rows = _rows(built, "SELECT id, extracted_at FROM documents ORDER BY id")
    assert [r[0] for r in rows] == [r[0] for r in before["documents"]]
    waiting = [doc for doc, at in rows if at is None]
    assert waiting  # the disk filled before the last one
    for doc in waiting:
        assert not _rows(built, f"SELECT 1 FROM claims WHERE document_id = {doc}")


def test_a_corrupted_page_is_reported_by_check(built):
    conn = sqlite3.connect(built)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'claims'").fetchone()[0]
    conn.close()
    with open(built, "r+b") as f:
        f.seek((root - 1) * page_size)
        f.write(b"\xde\xad\xbe\xef" * (page_size // 4))
    result = CliRunner().invoke(cli, ["--db", str(built), "check"])
    assert "Traceback" not in result.output and result.exception is None or \
        isinstance(result.exception, SystemExit)
    assert result.exit_code == 1
    assert "malformed" in result.output or "damaged" in result.output
    assert "documents" in result.output  # the steps that could run still report


def test_check_reads_a_file_too_damaged_to_open_and_names_its_backups(built):
    """Every command on a damaged file said "run `workbench check`", and `check` said the
    same line again: it now reads what the file still holds, in one problem line, and
    names the backups beside it."""
    backup = built.with_name(built.name + ".bak-v10")
    backup.write_bytes(built.read_bytes())
    data = built.read_bytes()
    built.write_bytes(data[:2000])
    status = CliRunner().invoke(cli, ["--db", str(built), "status"])
    assert "run `workbench check`" in status.output
    result = CliRunner().invoke(cli, ["--db", str(built), "check"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    problems = [line for line in result.output.splitlines() if line.startswith("problem:")]
    assert len(problems) == 1, result.output
    assert "the file is damaged" in problems[0] and str(backup) in problems[0]
    assert "run `workbench check`" not in result.output


@pytest.mark.parametrize("version, words", [
    (1, "schema 1 but the tables do not match it (they are those of schema"),
    # the schema before the last, whose tables are the last's: only an index tells them
    # apart (it was migrated, and failed on "index claim_aliases_new already exists")
    (SCHEMA_VERSION - 1, f"they are those of schema {SCHEMA_VERSION}"),
    (-1, "unknown schema version -1"),
    (99, "newer workbench"),
])
def test_a_wrong_schema_version_is_refused_and_nothing_migrated(built, version, words):
    before = _snapshot(built)
    conn = sqlite3.connect(built)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.close()
    with pytest.raises(DatabaseError, match=words.replace("(", r"\(")):
        connect(built)
    result = CliRunner().invoke(cli, ["--db", str(built), "status"])
    assert result.exit_code == 1
    _one_clean_line(result, str(built))
    assert _snapshot(built) == before
    assert _rows(built, "PRAGMA user_version")[0][0] == version
    assert not list(built.parent.glob("*.bak-v*"))  # nothing was migrated, nothing copied


async def test_accepting_in_a_read_only_database_is_a_notice(built):
    before = _snapshot(built)
    app = make_app(built)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.conn.execute("PRAGMA query_only = 1")
        shown = app.review_screen.queue.current.id
        await pilot.press("a")
        await settle(pilot)
        assert app.is_running
        notices = [n.message for n in app._notifications]
        assert any("read-only" in n for n in notices), notices
        assert app.review_screen.queue.current.id == shown  # the reviewer keeps the screen
        await pilot.press("q")
    assert _snapshot(built)["groups"] == before["groups"]


def _read_only_storage(monkeypatch):
    """Storage nobody may write (a read-only mount): SQLite cannot make the WAL's files
    beside the database, so a plain open fails; only a read-only open (a URI) reads it."""
    real = sqlite3.connect

    def connect(database, *args, **kwargs):
        if not kwargs.get("uri"):
            raise sqlite3.OperationalError("unable to open database file")
        return real(database, *args, **kwargs)

    monkeypatch.setattr(dbmod.sqlite3, "connect", connect)


def test_a_database_on_read_only_storage_is_read_and_refuses_writes(built, monkeypatch):
    """A tester bind-mounted a folder read-only: status, check, export and review all
    said "unable to open database file"."""
    before = _snapshot(built)
    _read_only_storage(monkeypatch)
    runner = CliRunner()
    status = runner.invoke(cli, ["--db", str(built), "status"])
    assert status.exit_code == 0, status.output
    assert "documents" in status.output
    export = runner.invoke(cli, ["--db", str(built), "export", "--all"])
    assert export.exit_code == 0 and '"groups"' in export.stdout
    db = connect(built, create=False)
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        db.conn.execute("UPDATE groups SET status = 'accepted'")
    result = runner.invoke(cli, ["--db", str(built), "doc", "set", "1", "--published",
                                 "2025-06-02"])
    assert result.exit_code == 1
    _one_clean_line(result, str(built), "read-only")
    monkeypatch.undo()
    assert _snapshot(built) == before


async def test_reviewing_on_read_only_storage_draws_the_queue_and_the_strip(
        built, monkeypatch):
    """The review opened, but the place it saves failed and stopped the queue's load:
    the timeline said "no dated groups yet"."""
    _read_only_storage(monkeypatch)
    app = make_app(built)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        from workbench.tui.widgets.timeline import TimelineStrip
        assert app.review_screen.query_one(TimelineStrip).buckets
        await pilot.press("a")
        await settle(pilot)
        notices = [n.message for n in app._notifications]
        assert any("read-only" in n for n in notices), notices
        await pilot.press("q")
