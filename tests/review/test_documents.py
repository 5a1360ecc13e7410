"""Publication dates corrected after a build: by a sidecar that arrives later, by
``workbench doc set``; logged, undoable, decisions kept (real pipeline: slow)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.cli import cli
from workbench.db import connect
from workbench.export.dump import dump_all
from workbench.review import actions

pytestmark = pytest.mark.slow

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
TRUE_DATES = {"000": "2025-06-08", "001": "2025-06-02", "002": "2025-06-03",
              "003": "2025-06-09", "004": "2025-06-20"}
CIRAGAN = "at the Ciragan Palace on May 22nd"
SEED_001 = "001_4492f097607dd5f0.txt"


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder


def build(db_path: Path, folder: Path):
    result = run("--db", str(db_path), "build", str(folder))
    assert result.exit_code == 0, result.output
    return result


def documents(db_path: Path) -> dict[str, dict]:
    db = connect(db_path, create=False)
    try:
        return {Path(d["path"]).name[:3]: d for d in dump_all(db)["documents"]}
    finally:
        db.conn.close()


def accept_group_of(db_path: Path, text: str) -> int:
    db = connect(db_path, create=False)
    try:
        gid, version = db.conn.execute(
            "SELECT g.id, g.version FROM groups g JOIN group_members m ON m.group_id = g.id "
            "JOIN claims c ON c.id = m.claim_id WHERE c.text LIKE ?", [f"%{text}%"]).fetchone()
        actions.decide(db.conn, gid, "accept", version=version, reviewer="ana")
        return gid
    finally:
        db.conn.close()


def test_sidecars_added_after_the_first_build_are_honoured_and_the_decision_kept(
        tmp_path, corpus):
    db_path = tmp_path / "w.db"
    build(db_path, corpus)
    assert {d["published_provenance"] for d in documents(db_path).values()} == {"inferred"}
    gid = accept_group_of(db_path, CIRAGAN)
    for prefix, day in TRUE_DATES.items():
        (text,) = corpus.glob(f"{prefix}_*.txt")
        text.with_name(text.stem + ".meta.json").write_text(json.dumps({"published": day}))
    again = build(db_path, corpus)
    assert "5 with changed metadata" in again.stdout
    docs = documents(db_path)
    assert {p: d["published"] for p, d in docs.items()} == TRUE_DATES
    assert {d["published_provenance"] for d in docs.values()} == {"given"}
    db = connect(db_path, create=False)
    try:
        status = db.conn.execute("SELECT status FROM groups WHERE id = ?", [gid]).fetchone()
        assert status == ("accepted",)
        # each change is in the log, and the claims were dated against the new dates
        logged = db.conn.execute(
            "SELECT count(*) FROM decisions WHERE action = 'doc-file'").fetchone()[0]
        assert logged == 5
        bases = {r[0] for r in db.conn.execute(
            "SELECT c.date_base FROM claims c JOIN documents d ON d.id = c.document_id "
            "WHERE d.path LIKE ? AND c.date_text = 'May 22nd'", [f"%{SEED_001}"])}
        assert bases == {"year from 2025-06-02 (given)"}
    finally:
        db.conn.close()
    # an unchanged sidecar is not read again: the next build changes nothing
    third = build(db_path, corpus)
    assert "changed metadata" not in third.stdout


def test_doc_set_redates_logs_and_undoes(tmp_path, corpus):
    db_path = tmp_path / "w.db"
    build(db_path, corpus)
    gid = accept_group_of(db_path, CIRAGAN)
    result = run("--db", str(db_path), "doc", "set", f"{corpus}/{SEED_001}",
                 "--published", "2025-06-02", "--source", "Seed News")
    assert result.exit_code == 0, result.output
    doc = documents(db_path)["001"]
    assert (doc["published"], doc["published_provenance"], doc["source"]) == (
        "2025-06-02", "given", "Seed News")
    assert f"{SEED_001} (document " in result.output and "published 2025-06-02" in result.output
    db = connect(db_path, create=False)
    try:
        conn = db.conn
        row = conn.execute("SELECT action, reviewer, group_id FROM decisions "
                           "ORDER BY id DESC LIMIT 1").fetchone()
        assert row[0] == "doc-set" and row[2] is None
        assert conn.execute("SELECT status FROM groups WHERE id = ?", [gid]).fetchone() == (
            "accepted",)
        outcome = actions.undo(conn)
        assert "doc set" in outcome.message
        back = conn.execute("SELECT published, published_provenance, source, extracted_at "
                            "FROM documents WHERE path LIKE ?", [f"%{SEED_001}"]).fetchone()
        # the guess again: 22 May from its text, raised to the talks' day it reports
        assert back[:3] == ("2025-06-02", "inferred", None)
        assert back[3] is not None, "the claims were dated again after the undo"
        actions.redo(conn)
        assert conn.execute("SELECT published FROM documents WHERE path LIKE ?",
                            [f"%{SEED_001}"]).fetchone() == ("2025-06-02",)
    finally:
        db.conn.close()


def corrected(db_path: Path, document: str, published: str):
    """``workbench doc set DOCUMENT --published DAY``, then the database opened again."""
    assert run("--db", str(db_path), "doc", "set", document,
               "--published", published).exit_code == 0
    return connect(db_path, create=False)


def talks_entry(conn: sqlite3.Connection) -> tuple[int, int]:
    """The entry holding 001's misdated talks ("on May 22nd"), and its version."""
    gid, version = conn.execute(
        "SELECT g.id, g.version FROM groups g JOIN group_members m ON m.group_id = g.id "
        "JOIN claims c ON c.id = m.claim_id WHERE c.text LIKE ?", [f"%{CIRAGAN}%"]).fetchone()
    return gid, version


def test_undoing_a_redating_lets_the_actions_before_it_be_undone(tmp_path, corpus):
    """Re-dating an article extracts its claims again under new ids; once that is undone,
    an earlier resolve on the entry holding them is undone too (a tester found every
    undo after it refused: "group changed since")."""
    db_path = tmp_path / "w.db"
    build(db_path, corpus)
    db = connect(db_path, create=False)
    try:
        conn = db.conn
        gid, version = talks_entry(conn)
        cid = conn.execute("SELECT id FROM conflicts WHERE group_id = ? AND kind = 'date'",
                           [gid]).fetchone()[0]
        actions.resolve(conn, gid, cid, "2025-06-02", version=version, reviewer="ana")
        moved = conn.execute(  # seed 002's claims in that entry get new ids below
            "SELECT count(*) FROM group_members m JOIN claims c ON c.id = m.claim_id "
            "JOIN documents d ON d.id = c.document_id WHERE m.group_id = ? "
            "AND d.path LIKE '%002_%'", [gid]).fetchone()[0]
        assert moved > 0
    finally:
        conn.close()
    db = corrected(db_path, f"{corpus}/002_9b731e4ab5608c78.txt", "2025-06-03")
    try:
        conn = db.conn
        assert "doc set" in actions.undo(conn).message
        assert actions.undo(conn).message.startswith(f"undid resolve of #{gid}")
        assert conn.execute("SELECT resolution FROM conflicts WHERE id = ?",
                            [cid]).fetchone() == (None,)
        # every claim the entry had is still in it, under its id of now
        assert conn.execute("SELECT count(*) FROM group_members m LEFT JOIN claims c "
                            "ON c.id = m.claim_id WHERE c.id IS NULL").fetchone() == (0,)
        actions.redo(conn)
        assert conn.execute("SELECT resolution FROM conflicts WHERE id = ?",
                            [cid]).fetchone() == ("2025-06-02",)
    finally:
        conn.close()


def test_undoing_a_redating_gives_back_the_accepted_entry_as_it_was_decided(tmp_path, corpus):
    """A tester accepted the talks, corrected 002's publication date and undid the
    correction: the entry stayed "changed since review" and the undo of the accept was
    refused ("group #28 changed since"), as was every undo before it."""
    db_path = tmp_path / "w.db"
    build(db_path, corpus)
    db = connect(db_path, create=False)
    try:
        conn = db.conn
        gid, version = talks_entry(conn)
        actions.decide(conn, gid, "accept", version=version, reviewer="ana")
    finally:
        conn.close()
    db = corrected(db_path, f"{corpus}/002_9b731e4ab5608c78.txt", "2025-06-03")
    try:
        conn = db.conn
        from workbench.review.detail import load_detail
        # said for what it is: no claim came in, its claims read other dates
        detail = load_detail(conn, gid)
        assert detail.changed_since_review and detail.only_redated
        assert "doc set" in actions.undo(conn).message
        # back as it was decided: nothing changed since review
        assert conn.execute("SELECT status, changed_since_review FROM groups WHERE id = ?",
                            [gid]).fetchone() == ("accepted", 0)
        assert actions.undo(conn).message.startswith(f"undid accept of #{gid}")
        assert conn.execute("SELECT status FROM groups WHERE id = ?", [gid]).fetchone() == (
            "pending",)
        # and both come back with redo, the correction marking the entry once more
        assert actions.redo(conn).message.startswith(f"redid accept of #{gid}")
        assert "doc set" in actions.redo(conn).message
        assert conn.execute("SELECT status, changed_since_review FROM groups WHERE id = ?",
                            [gid]).fetchone() == ("accepted", 1)
    finally:
        conn.close()


def test_an_edit_before_a_redating_is_undone_after_it(tmp_path, corpus):
    """A tester retitled an entry of 001, corrected 001's publication date and undid the
    correction: the undo of the retitling was refused ("group #30 changed since"), the
    title's claim emptied when its claim was extracted again."""
    db_path = tmp_path / "w.db"
    build(db_path, corpus)
    db = connect(db_path, create=False)
    try:
        conn = db.conn
        gid, version, titled = conn.execute(
            "SELECT id, version, title_claim_id FROM groups WHERE title LIKE ?",
            ["Ukraine stepped up%"]).fetchone()
        actions.edit(conn, gid, version=version, reviewer="ana", title="Drone strikes")
    finally:
        conn.close()
    db = corrected(db_path, f"{corpus}/{SEED_001}", "2025-06-02")
    try:
        conn = db.conn
        # the title's claim followed its claim to its new id
        (now,) = conn.execute("SELECT title_claim_id FROM groups WHERE id = ?",
                              [gid]).fetchone()
        assert now is not None and now != titled
        assert "doc set" in actions.undo(conn).message
        assert actions.undo(conn).message == f"undid edit of #{gid}"
        title, edited = conn.execute("SELECT title, edited FROM groups WHERE id = ?",
                                     [gid]).fetchone()
        assert title.startswith("Ukraine stepped up") and edited == "[]"
    finally:
        conn.close()


def test_a_correction_changed_since_is_passed_over_by_undo(tmp_path, corpus):
    """A document's date the reviewer set, then changed by another process: that
    correction cannot be undone, and an undo passing over it reaches the decision before
    it (it stood in the way of every undo)."""
    db_path = tmp_path / "w.db"
    build(db_path, corpus)
    gid = accept_group_of(db_path, "The swap, which took place on June 19")  # seed 004's
    db = corrected(db_path, f"{corpus}/{SEED_001}", "2025-06-02")
    try:
        conn = db.conn
        conn.execute("UPDATE documents SET source = 'Wire' WHERE path LIKE ?",
                     [f"%{SEED_001}"])
        conn.commit()
        with pytest.raises(actions.StaleGroup) as err:
            actions.undo(conn)
        assert "changed since" in str(err.value) and err.value.decision_id is not None
        out = actions.undo(conn, passed={err.value.decision_id})
        assert out.message.startswith(f"undid accept of #{gid}")
        assert documents(db_path)["001"]["published"] == "2025-06-02"  # it stays
    finally:
        conn.close()


def test_a_correction_is_undone_after_the_machine_moved_the_documents_guessed_date(
        tmp_path, corpus):
    """The grouping raises a guessed publication date when other sources date what the
    article reports; a source name set before that must still be undone, and the guess
    is left as the grouping has it (nobody but the machine moved it)."""
    db_path = tmp_path / "w.db"
    build(db_path, corpus)
    result = run("--db", str(db_path), "doc", "set", f"{corpus}/{SEED_001}",
                 "--source", "Seed News")
    assert result.exit_code == 0, result.output
    db = connect(db_path, create=False)
    try:
        conn = db.conn
        moved = "reported: 2025-06-07, by 2 other sources; text: 2025-05-22, latest date"
        conn.execute("UPDATE documents SET published = '2025-06-07', published_evidence = ? "
                     "WHERE path LIKE ?", [moved, f"%{SEED_001}"])
        conn.commit()
        assert actions.undo(conn).message.startswith("undid doc set")
        assert conn.execute(
            "SELECT source, published, published_provenance, published_evidence "
            "FROM documents WHERE path LIKE ?", [f"%{SEED_001}"]).fetchone() == (
            None, "2025-06-07", "inferred", moved)
    finally:
        db.conn.close()


def test_a_corrected_date_says_how_the_articles_claims_moved_between_entries(
        tmp_path, corpus):
    """A tester set one article's date and saw a day's 28 undated entries fold into 6,
    with no word why: the correction now says where the article's claims are."""
    import re

    from workbench.review.documents import entries_of

    db_path = tmp_path / "w.db"
    build(db_path, corpus)
    seed = f"{corpus}/003_d2fe5184c3e43d4c.txt"
    db = connect(db_path, create=False)
    try:
        (doc,) = db.conn.execute("SELECT id FROM documents WHERE path LIKE ?",
                                 ["%003_d2fe5184c3e43d4c.txt"]).fetchone()
        was = entries_of(db.conn, (doc,))
    finally:
        db.conn.close()
    result = run("--db", str(db_path), "doc", "set", seed, "--published", "2025-06-10")
    assert result.exit_code == 0, result.output
    said = re.search(r"its claims now in (\d+) entr(?:y|ies), (\d+) dated \(were (\d+), "
                     r"(\d+) dated\)", result.output)
    assert said, result.output
    db = connect(db_path, create=False)
    try:
        now = entries_of(db.conn, (doc,))
        assert now != was
        assert tuple(map(int, said.groups())) == (*now, *was)
        undone = actions.undo(db.conn).message
        assert f"its claims now in {was[0]} entries, {was[1]} dated" in undone, undone
    finally:
        db.conn.close()


def test_an_unchanged_sidecar_never_overrides_the_reviewer(tmp_path, corpus):
    db_path = tmp_path / "w.db"
    (corpus / "001_4492f097607dd5f0.meta.json").write_text('{"published": "2025-06-01"}')
    build(db_path, corpus)
    assert run("--db", str(db_path), "doc", "set", "2", "--published", "2025-06-02").exit_code == 0
    build(db_path, corpus)
    assert documents(db_path)["001"]["published"] == "2025-06-02"
    (corpus / "001_4492f097607dd5f0.meta.json").write_text('{"published": "2025-06-03"}')
    build(db_path, corpus)
    assert documents(db_path)["001"]["published"] == "2025-06-03"


@pytest.mark.parametrize(("args", "said"), [
    (["nope.txt", "--published", "2025-06-02"], "nope.txt: no such document"),
    (["2", "--published", "2025-13-02"], "2: publication date '2025-13-02' is not a date "
     "(a year has 12 months, not 13)"),
    (["2", "--published", "2025-02-30"], "(February 2025 has 28 days) like"),
    (["2"], "nothing to set"),
    (["2", "--title", "  "], "the title cannot be empty"),
    (["2", "--published", "2099-01-01"], "2: publication date '2099-01-01' is after today"),
])
def test_doc_set_refuses_in_one_line(tmp_path, seed_db_path, args, said):
    db_path = tmp_path / "w.db"
    shutil.copyfile(seed_db_path, db_path)
    result = run("--db", str(db_path), "doc", "set", *args)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and said in lines[0], result.output
    assert "Traceback" not in result.output


def test_doc_set_finds_an_article_by_its_records_id(tmp_path, seed_db_path):
    """The review names an untitled JSON Lines article by its record's id; `doc set`
    refused that id ("no such document")."""
    db_path = tmp_path / "w.db"
    shutil.copyfile(seed_db_path, db_path)
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE documents SET external_id = '2025-06-03/1004.htm.txt' "
                     "WHERE path LIKE '%002_%'")
    result = run("--db", str(db_path), "doc", "set", "2025-06-03/1004.htm.txt",
                 "--published", "2025-06-03")
    assert result.exit_code == 0, result.output
    assert documents(db_path)["002"]["published"] == "2025-06-03"


def test_a_folder_date_fills_a_gap_and_never_replaces_the_reviewers(tmp_path):
    """A database built before dates were read from folder names: the next build dates the
    documents nobody dated, and leaves alone the one the reviewer set."""
    folder = tmp_path / "clips" / "2025-06-10"
    shutil.copytree(SEEDS, folder)
    db_path = tmp_path / "w.db"
    build(db_path, tmp_path / "clips")
    assert {d["published"] for d in documents(db_path).values()} == {"2025-06-10"}
    db = connect(db_path, create=False)
    try:  # as an older version stored them: nothing read from the path
        with db.conn:
            db.conn.execute("UPDATE documents SET file_meta = NULL, published = NULL, "
                            "published_precision = NULL, published_evidence = NULL, "
                            "published_provenance = 'unknown', extracted_at = NULL")
    finally:
        db.conn.close()
    assert run("--db", str(db_path), "doc", "set", "2", "--published", "2025-06-02"
               ).exit_code == 0
    again = build(db_path, tmp_path / "clips")
    assert "4 with changed metadata" in again.stdout
    docs = documents(db_path)
    assert {p: d["published"] for p, d in docs.items()} == {
        "000": "2025-06-10", "001": "2025-06-02", "002": "2025-06-10", "003": "2025-06-10",
        "004": "2025-06-10"}
    assert docs["000"]["published_evidence"] == "folder name: 2025-06-10"
    assert docs["001"]["published_evidence"].startswith("set by")


def test_a_corrected_date_marks_a_decided_group_whose_member_reads_another_day(
        tmp_path, corpus):
    # 002 tells "talks in Istanbul on Monday", which a guessed publication date does not
    # place. Published on June 3, it is June 2, and "Zelensky said on Sunday" June 1: the
    # accepted entry holding those claims now says more than when it was accepted. The
    # decision stands; the entry is marked changed since review and the reviewer told.
    db_path = tmp_path / "w.db"
    build(db_path, corpus)
    monday = "renewed peace talks in Istanbul on Monday"
    gid = accept_group_of(db_path, monday)
    result = run("--db", str(db_path), "doc", "set", f"{corpus}/002_9b731e4ab5608c78.txt",
                 "--published", "2025-06-03")
    assert result.exit_code == 0, result.output
    assert f"changed since review: #{gid}" in result.output
    db = connect(db_path, create=False)
    try:
        conn = db.conn
        assert conn.execute("SELECT status, changed_since_review FROM groups WHERE id = ?",
                            [gid]).fetchone() == ("accepted", 1)
        date, = conn.execute("SELECT date FROM claims WHERE text LIKE ?",
                             [f"%{monday}%"]).fetchone()
        assert date == "2025-06-02"
        action, after = conn.execute(
            "SELECT action, after FROM decisions WHERE group_id = ? ORDER BY id DESC LIMIT 1",
            [gid]).fetchone()
        assert action == "new-evidence" and json.loads(after)["redated_claims"]
    finally:
        db.conn.close()


def test_doc_set_confirms_a_guessed_date_as_it_stands(tmp_path, seed_db_path):
    """Setting the very date that was guessed made the guess a stated date, then stopped
    on a traceback (KeyError) before the claims were dated against it."""
    db_path = tmp_path / "w.db"
    shutil.copyfile(seed_db_path, db_path)
    guessed = documents(db_path)["000"]
    assert guessed["published_provenance"] == "inferred"
    result = run("--db", str(db_path), "doc", "set", "000_081432cf3a4d361b.txt",
                 "--published", guessed["published"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == (
        "000_081432cf3a4d361b.txt (document 1): "
        f"published {guessed['published']}, no longer a guess")
    after = documents(db_path)["000"]
    assert (after["published"], after["published_provenance"]) == (guessed["published"], "given")
    with sqlite3.connect(db_path) as conn:  # dated against it, nothing left to extract
        assert conn.execute("SELECT count(*) FROM documents WHERE extracted_at IS NULL"
                            ).fetchone() == (0,)


def test_doc_set_finds_a_file_however_its_path_is_spelled(tmp_path, monkeypatch):
    """Built as `workbench build seeds/`, the path is stored as "seeds/x.txt";
    `doc set ./seeds/x.txt` or its absolute path said "no such document"."""
    from workbench.db import insert_row, now
    from workbench.ingest.amend import find_document

    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "x.txt").write_text("On June 2, 2025 talks were held.")
    db = connect(tmp_path / "w.db")
    try:
        doc = insert_row(db, "documents", {
            "content_hash": "h", "path": "seeds/x.txt", "format": "txt",
            "text": "On June 2, 2025 talks were held.", "ingested_at": now()})
        monkeypatch.chdir(tmp_path)
        for ref in ("seeds/x.txt", "./seeds/x.txt", str(tmp_path / "seeds" / "x.txt"),
                    "seeds/../seeds/x.txt"):
            assert find_document(db.conn, ref) == doc, ref
        monkeypatch.chdir(tmp_path / "seeds")
        assert find_document(db.conn, "x.txt") == doc
    finally:
        db.conn.close()


def test_an_entry_dated_by_its_report_follows_a_corrected_publication_date_said(
        tmp_path, corpus):
    """004's Kyiv attack is dated only by the day 004 was published (guessed 19 June).
    Accepted, then 004 corrected to 20 June: the entry's date moves with it, and the
    reviewer is told so (marked changed since review, the old date shown), not left with
    an accepted date nobody saw (a tester's accepted entry moved a day in silence)."""
    db_path = tmp_path / "w.db"
    build(db_path, corpus)
    gid = accept_group_of(db_path, "one of the most intense drone and missile attacks")
    db = connect(db_path, create=False)
    try:
        assert db.conn.execute("SELECT event_date, date_basis FROM groups WHERE id = ?",
                               [gid]).fetchone() == ("2025-06-19", "published")
    finally:
        db.conn.close()
    result = run("--db", str(db_path), "doc", "set", "004_60732702eb292203.txt",
                 "--published", "2025-06-20")
    assert result.exit_code == 0, result.output
    assert f"#{gid}" in result.output and "changed since review" in result.output
    db = connect(db_path, create=False)
    try:
        conn = db.conn
        assert conn.execute("SELECT status, event_date, changed_since_review FROM groups "
                            "WHERE id = ?", [gid]).fetchone() == ("accepted", "2025-06-20", 1)
        from workbench.review.detail import load_detail
        detail = load_detail(conn, gid)
        assert detail.only_redated and detail.date_was == "2025-06-19 (day)"
        # undone, the entry is back on its day, as it was decided, and the reviewer told
        # which article reads which day again
        assert actions.undo(conn).message == (
            "undid doc set: 004_60732702eb292203.txt (document 5): published 2025-06-19, "
            "a guess")
        assert conn.execute("SELECT event_date, changed_since_review FROM groups "
                            "WHERE id = ?", [gid]).fetchone() == ("2025-06-19", 0)
    finally:
        conn.close()
