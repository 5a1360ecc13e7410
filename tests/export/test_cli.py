"""``workbench export`` through click's CliRunner: exit codes, stdout, overwriting, --strict."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading

import pytest
from click.testing import CliRunner

from workbench.cli import cli
from workbench.export import command

from .test_golden import GOLDEN


def run(db_path, *args, typed=None):
    runner = CliRunner()
    return runner.invoke(cli, ["--db", str(db_path), "export", *args], input=typed)


def test_stdout_by_default_is_markdown(review_db_path):
    result = run(review_db_path)
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == (GOLDEN / "chronology.md").read_bytes()
    assert "warning: group 2 (2 June 2025)" in result.stderr
    assert "export:" not in result.stdout  # no summary mixed into the chronology


@pytest.mark.parametrize(
    ("args", "golden"),
    [
        (["--format", "html", "--out", "-"], "chronology.html"),
        (["-f", "csv", "--claims"], "claims.csv"),
        (["-f", "timelinejs"], "timelinejs.json"),
        (["--all"], "dump.json"),
        (["--format", "json", "--all"], "dump.json"),
    ],
)
def test_stdout_formats(review_db_path, args, golden):
    result = run(review_db_path, *args)
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == (GOLDEN / golden).read_bytes()


@pytest.mark.parametrize(
    ("name", "golden"),
    [("out.html", "chronology.html"), ("out.json", "chronology.json"),
     ("out.csv", "chronology.csv"), ("out.md", "chronology.md"), ("out.txt", "chronology.md")],
)  # fmt: skip
def test_format_follows_the_file_extension(review_db_path, tmp_path, name, golden):
    out = tmp_path / name
    result = run(review_db_path, "--out", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == (GOLDEN / golden).read_bytes()
    assert f"written to {out}" in result.stdout


def test_an_extension_no_format_has_is_said(review_db_path, tmp_path):
    """"x.pdf" was written as Markdown without a word."""
    target = tmp_path / "x.pdf"
    result = run(review_db_path, "--out", str(target))
    assert result.exit_code == 0
    assert f"{target}: no format is written as .pdf; writing md" in result.stderr
    assert target.read_text().startswith("# ")


def test_existing_file_is_refused_without_force(review_db_path, tmp_path):
    out = tmp_path / "c.md"
    out.write_text("keep me")
    result = run(review_db_path, "--out", str(out))
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: {out}: already exists (use --force to overwrite it)"
    ]
    assert out.read_text() == "keep me"


def test_a_device_or_fifo_is_written_through_without_force(review_db_path, tmp_path):
    """`export -o /dev/null` in a script, or onto a named pipe a viewer reads: nothing is
    overwritten there, so nothing is asked or refused."""
    result = run(review_db_path, "--out", os.devnull)
    assert result.exit_code == 0, result.output
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    result = run(review_db_path, "--out", str(fifo))
    reader.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert got == [(GOLDEN / "chronology.md").read_bytes()]
    # /dev/stdout onto a pipe, as in `export -o /dev/stdout | head`: its link names
    # "pipe:[N]", which no path opens ("cannot write (No such file or directory)")
    piped = subprocess.run(
        [sys.executable, "-m", "workbench", "--db", str(review_db_path), "-q", "export",
         "-o", "/dev/stdout"], capture_output=True, check=False)
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout == (GOLDEN / "chronology.md").read_bytes()


def test_force_overwrites(review_db_path, tmp_path):
    out = tmp_path / "c.md"
    out.write_text("old")
    result = run(review_db_path, "--out", str(out), "--force")
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == (GOLDEN / "chronology.md").read_bytes()


def test_the_database_itself_is_never_the_output(own_db_path):
    """"-o self.db --force" replaced every decision with a Markdown chronology."""
    before = own_db_path.read_bytes()
    for target in (own_db_path, own_db_path.with_name(own_db_path.name + "-wal")):
        result = run(own_db_path, "--out", str(target), "--force")
        assert result.exit_code == 1
        assert result.stderr.strip().splitlines() == [
            f"Error: {target}: is the database being exported; choose another file"]
    assert own_db_path.read_bytes() == before


def test_strict_with_nothing_accepted_fails(own_db_path, tmp_path):
    """An empty chronology is a problem for --strict, which exited 0 and wrote it."""
    import sqlite3

    with sqlite3.connect(own_db_path) as conn:
        conn.execute("UPDATE groups SET status = 'pending'")
    out = tmp_path / "c.md"
    result = run(own_db_path, "--strict", "--out", str(out))
    assert result.exit_code == 1 and not out.exists()
    assert "nothing accepted yet" in result.stderr


@pytest.mark.parametrize(("answer", "code", "content"), [("y\n", 0, None), ("n\n", 1, "old")])
def test_terminal_asks_before_overwriting(
    review_db_path, tmp_path, monkeypatch, answer, code, content
):
    monkeypatch.setattr(command, "_interactive", lambda: True)
    out = tmp_path / "c.md"
    out.write_text("old")
    result = run(review_db_path, "--out", str(out), typed=answer)
    assert result.exit_code == code, result.output
    assert "already exists. Overwrite it?" in result.stderr
    expected = content if content is not None else (GOLDEN / "chronology.md").read_text()
    assert out.read_text() == expected


def test_strict_fails_and_writes_nothing(review_db_path, tmp_path):
    out = tmp_path / "c.md"
    result = run(review_db_path, "--strict", "--out", str(out))
    assert result.exit_code == 1
    assert not out.exists()
    lines = result.stderr.strip().splitlines()
    assert lines[-1] == (
        "Error: 4 problems found by the pre-export check; nothing written (--strict)"
    )
    assert sum(line.startswith("error: ") for line in lines) == 4


def test_strict_to_stdout_prints_nothing(review_db_path):
    result = run(review_db_path, "--strict")
    assert result.exit_code == 1
    assert result.stdout == ""


def test_quiet_hides_warnings_but_not_output(review_db_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["--db", str(review_db_path), "-q", "export", "-f", "json"])
    assert result.exit_code == 0
    assert result.stderr == ""
    assert json.loads(result.stdout)["counts"]["events"] == 6


def test_missing_database_is_one_line(tmp_path):
    result = run(tmp_path / "nope.db")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: {tmp_path / 'nope.db'}: no such database (build one with `workbench build`)"
    ]
    assert not (tmp_path / "nope.db").exists()


def test_nothing_accepted_says_so_and_writes_valid_output(tmp_path):
    from workbench.db import connect

    connect(tmp_path / "empty.db").conn.close()
    result = run(tmp_path / "empty.db", "-f", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["events"] == []
    assert "nothing accepted yet" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-f", "md", "--claims"], "--claims only applies to --format csv"),
        (["-f", "html", "--all"], "--all only applies to --format json"),
        (["-f", "csv", "--brief"], "--brief only applies to --format md (html folds the "
                                   "other claims already)"),
    ],
)
def test_option_mistakes_are_one_line(review_db_path, args, message):
    result = run(review_db_path, *args)
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [f"Error: {message}"]


def test_unknown_format_is_a_usage_error(review_db_path):
    result = run(review_db_path, "-f", "pdf")
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_out_is_a_directory(review_db_path, tmp_path):
    result = run(review_db_path, "--out", str(tmp_path))
    assert result.exit_code == 2  # click's own check on --out
    assert "is a directory" in result.stderr


def test_unwritable_target_is_one_line(review_db_path, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = run(review_db_path, "--out", str(blocker / "c.md"))
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith(f"Error: {blocker}: not a folder")


def test_a_folder_that_is_not_there_is_refused_not_made(review_db_path, tmp_path):
    """A typo in a folder's name (``~/Dcouments/c.md``) made a new tree of folders and
    said "written to", as if nothing were odd."""
    target = tmp_path / "nope" / "b" / "c.md"
    result = run(review_db_path, "--out", str(target))
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: {tmp_path / 'nope' / 'b'}: no such folder"
    assert not (tmp_path / "nope").exists()
    result = run(review_db_path, "--out", f"{tmp_path / 'nope'}/")  # a folder, by its slash
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: {tmp_path / 'nope'}/: no such folder"
    assert not (tmp_path / "nope").exists()


def test_title_option(review_db_path):
    result = run(review_db_path, "--title", "Istanbul talks, 2025")
    assert result.exit_code == 0
    assert result.stdout.startswith("# Istanbul talks, 2025\n")


def test_all_is_the_unchanged_full_dump(review_db_path, review_db):
    from workbench.export.dump import dump_all

    # exactly what the command wrote before the chronology formats existed
    before = json.dumps(dump_all(review_db), ensure_ascii=False, indent=2) + "\n"
    result = run(review_db_path, "--all")
    assert result.exit_code == 0
    assert result.stdout_bytes == before.encode("utf-8")
    groups = json.loads(result.stdout)["groups"]
    assert {g["status"] for g in groups} == {"accepted", "rejected", "pending", "skipped"}


def test_a_resolution_reports_came_in_against_says_so_in_md_and_html(own_db_path, own_db,
                                                                      tmp_path):
    # the export read "Resolved — the event date: 2 June 2025" with a new source against
    # it, which only the pre-export check named
    row = own_db.execute(
        'SELECT c.id, c."values" FROM conflicts c JOIN groups g ON g.id = c.group_id '
        "WHERE g.status = 'accepted' ORDER BY c.id LIMIT 1").fetchone()
    values = json.loads(row[1])
    marked = [values[0], *({**v, "since_resolved": v["claim_ids"][:1]} for v in values[1:])]
    own_db.execute('UPDATE conflicts SET resolution = ?, "values" = ? WHERE id = ?',
                   [str(values[0]["value"]), json.dumps(marked), row[0]])
    own_db.conn.commit()
    for fmt in ("md", "html"):
        result = run(own_db_path, "-f", fmt, "-o", str(tmp_path / f"c.{fmt}"))
        assert result.exit_code == 0, result.output
        n = len(marked) - 1
        said = f"⚠ {n} report{'s' if n > 1 else ''} since {'say' if n > 1 else 'says'} otherwise"
        assert said in (tmp_path / f"c.{fmt}").read_text(), fmt
        # and the check before writing names it
        assert "that came after the " in result.output and " was settled at " in result.output


def test_the_full_dumps_summary_does_not_count_background_as_events(own_db_path, own_db,
                                                                    tmp_path):
    # "57 events" counted 26 background groups among them
    own_db.execute("UPDATE groups SET background = 1 WHERE id = (SELECT max(id) FROM groups)")
    own_db.conn.commit()
    total = own_db.execute("SELECT count(*) FROM groups").fetchone()[0]
    result = run(own_db_path, "--all", "-o", str(tmp_path / "dump.json"))
    assert result.exit_code == 0, result.output
    assert f"export: {total - 1} events and 1 background group, " in result.output


def test_core_defaults_write_markdown_beside_the_database(own_db, own_db_path):
    # What the TUI's command palette calls: export_chronology(db) and nothing else.
    from workbench.export import export_chronology

    result = export_chronology(own_db)
    written = own_db_path.with_name("chronology.md")
    assert result.target == str(written)
    assert written.read_bytes() == (GOLDEN / "chronology.md").read_bytes()
    export_chronology(own_db, "timelinejs")
    assert own_db_path.with_name("chronology.timeline.json").exists()


def test_in_memory_database_needs_a_path():
    from workbench.db import connect
    from workbench.export import ExportError, export_chronology

    db = connect(":memory:")
    with pytest.raises(ExportError, match="in-memory database"):
        export_chronology(db)
    db.conn.close()


def test_unreadable_row_is_one_line(own_db, own_db_path):
    with own_db.conn:
        own_db.execute("""UPDATE conflicts SET "values" = '[{"value": ' WHERE group_id = 2""")
    result = run(own_db_path)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Error: database: conflict 1 values is not valid JSON")


def test_all_keeps_the_date_a_source_states_when_its_group_sharpened_it(own_db, own_db_path):
    # "a previous swap in May", dated to the day another source in its group states: the
    # dump must still say that the source itself only gave the month
    own_db.execute(
        "UPDATE claims SET date = '2025-05-16', date_precision = 'day', "
        "date_provenance = 'corroborated', stated_date = '2025-05', "
        "stated_provenance = 'explicit' WHERE id = 12")
    own_db.conn.commit()
    result = run(own_db_path, "--all")
    assert result.exit_code == 0
    claims = {c["id"]: c for g in json.loads(result.stdout)["groups"] for c in g["claims"]}
    assert (claims[12]["date"], claims[12]["date_provenance"]) == ("2025-05-16", "corroborated")
    assert (claims[12]["stated_date"], claims[12]["stated_provenance"]) == ("2025-05", "explicit")
    assert claims[13]["stated_date"] is None and claims[13]["stated_provenance"] is None


@pytest.mark.parametrize("fmt", ["md", "html", "csv", "json", "timelinejs"])
def test_no_notes_leaves_the_reviewers_notes_out(review_db_path, fmt):
    from .fixture import NOTE

    kept = run(review_db_path, "-f", fmt)
    assert kept.exit_code == 0, kept.output
    words = "before publishing"
    assert words in NOTE and words in kept.stdout  # the note is there by default
    left = run(review_db_path, "-f", fmt, "--no-notes")
    assert left.exit_code == 0, left.output
    assert words not in left.stdout


@pytest.mark.parametrize("fmt", ["html", "timelinejs"])
def test_a_notes_lines_stay_lines(own_db, own_db_path, fmt):
    """A note typed on two lines (ctrl+j) came out of the HTML export as one: the line
    break, inside a <p>, is a space to a browser."""
    own_db.execute("UPDATE groups SET note = ? WHERE id = 2",
                   ["Ask Reuters for the time.\nSecond source: <b>pending</b>"])
    own_db.conn.commit()
    result = run(own_db_path, "-f", fmt)
    assert result.exit_code == 0, result.output
    text = (" ".join(e["text"]["text"] for e in json.loads(result.stdout)["events"])
            if fmt == "timelinejs" else result.stdout)
    assert "Ask Reuters for the time.<br>Second source: &lt;b&gt;pending&lt;/b&gt;" in text


def test_no_notes_does_not_apply_to_the_full_dump(review_db_path):
    result = run(review_db_path, "--all", "--no-notes")
    assert result.exit_code != 0 and "--no-notes does not apply to --all" in result.output


def test_a_date_the_reviewer_typed_says_so(own_db_path):
    import sqlite3

    conn = sqlite3.connect(own_db_path)
    (version,) = conn.execute("SELECT version FROM groups WHERE id = 2").fetchone()
    conn.close()
    before = run(own_db_path)
    assert "Date set by the reviewer" not in before.stdout
    from workbench.review import actions

    with sqlite3.connect(own_db_path) as conn:
        actions.edit(conn, 2, version=version, reviewer="t", event_date="2025-06-03")
    for fmt, mark in (("md", "Date set by the reviewer"),
                      ("html", '<li class="badge badge-reviewer">Date set by the reviewer</li>')):
        result = run(own_db_path, "-f", fmt)
        assert result.exit_code == 0, result.output
        assert result.stdout.count(mark) == 1


def test_a_name_for_another_format_is_said_when_the_format_is_chosen(review_db_path, tmp_path):
    """`--format md -o y.html` wrote Markdown into y.html without a word."""
    target = tmp_path / "y.html"
    result = run(review_db_path, "--format", "md", "--out", str(target))
    assert result.exit_code == 0
    assert f"{target}: the name says html, the file holds md (as --format asks)" in result.stderr
    assert target.read_text().startswith("# ")
    # a TimelineJS file is JSON: its name may say so without a word
    quiet = run(review_db_path, "--format", "timelinejs", "--out", str(tmp_path / "t.json"))
    assert quiet.exit_code == 0 and "the name says" not in quiet.stderr
