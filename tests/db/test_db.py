"""Opening databases: migrations with a backup, refusal of newer or foreign files, `check`."""

from __future__ import annotations

import sqlite3

import pytest
from click.testing import CliRunner

import workbench.db as dbmod
from workbench.cli import cli


def test_new_database_is_migrated_and_in_wal_mode(tmp_path):
    db = dbmod.connect(tmp_path / "w.db")
    assert db.execute("PRAGMA user_version").fetchone()[0] == dbmod.SCHEMA_VERSION
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert {"documents", "claims", "groups", "decisions"} <= set(db.table_names())


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "w.db"
    dbmod.connect(path).conn.close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(dbmod.DatabaseError, match="newer workbench"):
        dbmod.connect(path)
    result = CliRunner().invoke(cli, ["--db", str(path), "status"])
    assert result.exit_code == 1
    assert "newer workbench" in result.output and "Traceback" not in result.output


def test_older_schema_is_migrated_after_a_backup(tmp_path, monkeypatch):
    path = tmp_path / "w.db"
    db = dbmod.connect(path)
    with db.conn:
        db.execute("INSERT INTO settings(key, value) VALUES ('keep', '1')")
    db.conn.close()
    extra = "ALTER TABLE groups ADD COLUMN flagged INTEGER NOT NULL DEFAULT 0;"
    migrations = [*dbmod.MIGRATIONS, extra]
    monkeypatch.setattr(dbmod, "MIGRATIONS", migrations)
    monkeypatch.setattr(dbmod, "SCHEMA_VERSION", len(migrations))
    db = dbmod.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == dbmod.SCHEMA_VERSION
    assert "flagged" in db["groups"].columns_dict
    backup = tmp_path / f"w.db.bak-v{dbmod.SCHEMA_VERSION - 1}"
    assert backup.exists()
    old = sqlite3.connect(backup)
    assert old.execute("SELECT value FROM settings WHERE key='keep'").fetchone() == ("1",)
    old.close()


def test_a_file_that_is_not_a_database_is_one_line(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"this is not sqlite at all" * 100)
    result = CliRunner().invoke(cli, ["--db", str(path), "status"])
    assert result.exit_code == 1
    assert "not a workbench database" in result.output
    assert "Traceback" not in result.output


def test_missing_database_for_status_says_how_to_build(tmp_path):
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "none.db"), "status"])
    assert result.exit_code == 1 and "workbench build" in result.output


def test_check_reports_counts_and_orphans(tmp_path):
    path = tmp_path / "w.db"
    db = dbmod.connect(path)
    with db.conn:
        db.execute("INSERT INTO groups(title, created_at, updated_at) VALUES ('empty', 'x', 'x')")
    db.conn.close()
    result = CliRunner().invoke(cli, ["--db", str(path), "check"])
    assert result.exit_code == 1
    assert "integrity" in result.output and "ok" in result.output
    assert "1 groups with no claims" in result.output
    # its counts are of whole tables: said so, beside status's entries-only counts
    assert "conflicts (entries and background)" in result.output
    assert "decisions (undone ones too)" in result.output  # status: those in force


def test_check_names_decisions_whose_claims_are_gone(tmp_path):
    import json

    path = tmp_path / "w.db"
    db = dbmod.connect(path)
    snap = {"groups": {"1": {"members": [[41, 1.0, 0], [42, 1.0, 1]]}}}
    with db.conn:
        db.execute("INSERT INTO decisions(at, reviewer, action, group_id, before, after) "
                   "VALUES ('t', 'ana', 'split', 1, '{}', ?)", [json.dumps(snap)])
    db.conn.close()
    result = CliRunner().invoke(cli, ["--db", str(path), "check"])
    assert result.exit_code == 1
    assert "1 decisions name claims that no longer exist" in result.output


def test_a_version_2_weekday_pin_becomes_a_bare_weekday_its_group_can_give_back(tmp_path,
                                                                               monkeypatch):
    path = tmp_path / "w.db"
    monkeypatch.setattr(dbmod, "MIGRATIONS", dbmod.MIGRATIONS[:2])
    monkeypatch.setattr(dbmod, "SCHEMA_VERSION", 2)
    db = dbmod.connect(path)
    with db.conn:
        doc = db.execute("INSERT INTO documents(content_hash, path, format, text, ingested_at) "
                         "VALUES ('h', 'a.txt', 'txt', 'Talks on Monday.', 'now')").lastrowid
        for provenance, base in [("corroborated", "weekday matches the date 2 other source(s) "
                                  "give this event: Monday 2025-06-02"),
                                 ("corroborated", "not the publication date 2025-09-01: ..."),
                                 ("explicit", None)]:
            db.execute("INSERT INTO claims(document_id, char_start, char_end, text, date, "
                       "date_provenance, date_base, created_at) VALUES (?, 0, 16, "
                       "'Talks on Monday.', '2025-06-02', ?, ?, 'now')", [doc, provenance, base])
    db.conn.close()
    monkeypatch.undo()
    db = dbmod.connect(path)
    assert [r[0] for r in db.execute("SELECT stated_provenance FROM claims ORDER BY id")] == [
        "relative", None, None]
    db.conn.close()


def test_status_counts_entries_as_the_review_does_and_background_apart(tmp_path):
    """The review's header counts entries; `status` says the same, with background apart."""
    from builders import build_sample

    path = tmp_path / "w.db"
    db = dbmod.connect(path)
    ids = build_sample(db)
    with db.conn:
        db.execute("UPDATE groups SET background = 1 WHERE id = ?", [ids["fidan"]])
        db.execute("UPDATE groups SET status = 'accepted' WHERE id = ?", [ids["talks"]])
        # a decided entry a build sent back: what to look at after a build
        db.execute("UPDATE groups SET status = 'pending', changed_since_review = 1 "
                   "WHERE id = ?", [ids["swap"]])
    total = db.execute("SELECT count(*) FROM groups").fetchone()[0]
    accepted = db.execute("SELECT count(*) FROM groups WHERE status = 'accepted' "
                          "AND background = 0").fetchone()[0]
    db.conn.close()
    out = CliRunner().invoke(cli, ["--db", str(path), "status"]).output
    lines = dict(line.strip().rsplit(None, 1) for line in out.splitlines())
    assert int(lines["chronology entries"]) == total - 1
    assert int(lines["background groups"]) == 1
    assert accepted >= 1 and int(lines["accepted"]) == accepted
    assert sum(int(lines[s]) for s in ("pending", "accepted", "rejected", "skipped")) == total - 1
    assert int(lines["entries changed since review"]) == 1


def test_status_counts_conflicts_as_conflicts_and_says_how_many_are_resolved(tmp_path):
    """`entries with conflicts 13` was followed by indented `date 9 / number 13 / name 2`,
    which count conflicts (24), not entries; and a resolved conflict counted as before."""
    from builders import build_sample

    from workbench.review import actions

    path = tmp_path / "w.db"
    db = dbmod.connect(path)
    ids = build_sample(db)  # a date conflict (the talks) and a number conflict
    cid = db.execute("SELECT id FROM conflicts WHERE kind = 'date'").fetchone()[0]
    actions.resolve(db.conn, ids["talks"], cid, "2025-06-02", version=1, reviewer="a")
    db.conn.close()
    out = CliRunner().invoke(cli, ["--db", str(path), "status"]).output
    lines = [line.split(None, 1) if line.startswith("  ") else line.rsplit("  ", 1)
             for line in out.splitlines()]
    said = {k.strip(): v.strip() for k, v in lines}
    assert said["entries with conflicts"] == "2 (1 resolved)"
    assert said["conflicts in entries"] == "2 (1 resolved)"
    assert said["date"] == "1 (1 resolved)" and said["number"] == "1" and said["name"] == "0"
    # the kinds are listed under what they count
    text = out.splitlines()
    below = text[text.index(next(x for x in text if x.startswith("conflicts "))) + 1:]
    assert [x.split()[0] for x in below[:3]] == ["date", "number", "name"]
    assert "  contradicted since settled  0" in text


def test_a_settled_conflict_reports_since_contradict_wants_the_reviewer_again(tmp_path):
    """A tester's new report against a settled date read "⚠✓" in the queue, as settled as
    any other, and `status` did not count it: it is counted, shown "⚠1" and jumped to."""
    import json

    from builders import build_sample

    from workbench.review import actions
    from workbench.review.queue import Filter, next_matching, page

    path = tmp_path / "w.db"
    db = dbmod.connect(path)
    ids = build_sample(db)
    cid, values = db.execute('SELECT id, "values" FROM conflicts WHERE kind = \'date\'').fetchone()
    actions.resolve(db.conn, ids["talks"], cid, "2025-06-02", version=1, reviewer="a")

    def talks_row():
        return next(r for r in page(db.conn, Filter(), 0, 100) if r.id == ids["talks"])

    assert (talks_row().conflicts, talks_row().unresolved) == (1, 0)
    assert next_matching(db.conn, Filter(), None, conflict=True) != ids["talks"]
    marked = [dict(v, since_resolved=v["claim_ids"][:1]) if v["value"] != "2025-06-02" else v
              for v in json.loads(values)]
    with db.conn:
        db.execute('UPDATE conflicts SET "values" = ? WHERE id = ?', [json.dumps(marked), cid])
    assert talks_row().unresolved == 1
    assert next_matching(db.conn, Filter(), None, conflict=True) == ids["talks"]
    db.conn.close()
    out = CliRunner().invoke(cli, ["--db", str(path), "status"]).output
    assert "  contradicted since settled  1" in out.splitlines()


def test_every_command_takes_the_database_after_its_name_too(tmp_path):
    """The README says every command takes --db and -q; `workbench status --db x` said "No
    such option"."""
    from builders import build_sample

    from workbench.cli import _hoisted

    path = tmp_path / "w.db"
    db = dbmod.connect(path)
    build_sample(db)
    db.conn.close()
    before = CliRunner().invoke(cli, ["--db", str(path), "status"])
    assert before.exit_code == 0 and "chronology entries" in before.output
    for args in (["status", "--db", str(path)], ["-q", "status", f"--db={path}"],
                 ["status", "-q", "--db", str(path)]):
        after = CliRunner().invoke(cli, args)
        assert (after.exit_code, after.output) == (0, before.output), args
    # a command with an option of that name keeps it
    own = ["eval", "fit-suggestions", "ecb", "--db", "e.db"]
    assert _hoisted(cli, own) == own
    assert _hoisted(cli, ["doc", "set", "2", "--db", "w.db", "--title", "T"]) == [
        "--db", "w.db", "doc", "set", "2", "--title", "T"]
