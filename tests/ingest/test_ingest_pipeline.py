from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.db import connect, loads
from workbench.ingest import content_hash, find_boilerplate, ingest_paths

STORY = "Officials confirmed the exchange of prisoners on Monday after talks in Istanbul.\n"
OTHER = "A second, different article about the ceasefire proposal and its conditions.\n"


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def error_lines(reporter) -> list[str]:
    return [line for line in reporter.output.splitlines() if line.startswith("error: ")]


# --- formats and metadata ----------------------------------------------------------------


def test_every_format_with_its_metadata(db, tmp_path, reporter):
    folder = tmp_path / "in"
    write(folder / "a.txt", "Ceasefire Talks Stall in Istanbul\n\n" + STORY)
    write(folder / "b.md", "---\ntitle: From front matter\npublished: 2025-06\n---\n" + OTHER)
    write(
        folder / "c.html",
        '<meta property="og:site_name" content="Wire"><article><p>Page paragraph one is '
        "here.</p><p>Page paragraph two is here.</p></article>",
    )
    write(
        folder / "d.jsonl",
        json.dumps(
            {
                "text": "Line article text.",
                "id": "x-1",
                "title": "JL",
                "url": "https://e.org/1",
                "source": "Agency",
                "published": "2025-06-02T09:00:00Z",
            }
        )
        + "\n",
    )
    report = ingest_paths(db, [folder], reporter=reporter)
    assert (report.added, report.duplicates, report.failed) == (4, 0, 0)
    assert reporter.errors == []
    docs = {Path(r["path"].split(":")[0]).name: r for r in db.query("SELECT * FROM documents")}
    assert [d["format"] for d in docs.values()] == ["txt", "md", "html", "jsonl"]

    txt = docs["a.txt"]
    assert txt["title"] == "Ceasefire Talks Stall in Istanbul"
    assert txt["text"] == "Ceasefire Talks Stall in Istanbul\n\n" + STORY
    assert txt["content_hash"] == content_hash(txt["text"])
    assert (txt["published"], txt["published_precision"], txt["published_provenance"]) == (
        None,
        None,
        "unknown",
    )

    md = docs["b.md"]
    assert (md["title"], md["published"], md["published_precision"]) == (
        "From front matter",
        "2025-06",
        "month",
    )
    assert md["published_provenance"] == "given"
    assert md["published_evidence"] == "front matter: 2025-06"
    assert md["text"] == OTHER

    html = docs["c.html"]
    assert html["text"] == "Page paragraph one is here.\n\nPage paragraph two is here."
    assert html["source"] == "Wire"

    line = docs["d.jsonl"]
    assert line["path"].endswith("d.jsonl:1")
    assert (line["external_id"], line["title"], line["url"], line["source"]) == (
        "x-1",
        "JL",
        "https://e.org/1",
        "Agency",
    )
    assert (line["published"], line["published_precision"]) == ("2025-06-02", "day")
    assert line["extracted_at"] is None


def test_sidecar_metadata_wins_over_the_file(db, tmp_path):
    write(tmp_path / "a.html", '<meta property="og:title" content="Page"><p>Body text here.</p>')
    write(
        tmp_path / "a.meta.json",
        json.dumps({"title": "Sidecar", "id": 42, "published": "June 2, 2025", "source": "S"}),
    )
    report = ingest_paths(db, [tmp_path])
    assert report.added == 1 and report.failed == 0  # the sidecar is not ingested itself
    row = next(db.query("SELECT * FROM documents"))
    assert (row["title"], row["external_id"], row["source"]) == ("Sidecar", "42", "S")
    assert (row["published"], row["published_provenance"]) == ("2025-06-02", "given")
    assert row["published_evidence"] == "sidecar a.meta.json: June 2, 2025"


def test_a_sidecar_with_no_article_of_its_name_is_said_and_the_rest_goes_on(db, tmp_path):
    # a misnamed sidecar was never read, and nothing said so
    write(tmp_path / "orphan-1.txt", "Police said the bridge was closed on May 27, 2025.")
    write(tmp_path / "orphan.meta.json", json.dumps({"published": "2025-05-28"}))
    write(tmp_path / "b.txt.meta.json", json.dumps({"title": "B"}))  # a.txt.meta.json form
    write(tmp_path / "b.txt", "Talks collapsed on May 27, 2025, officials said.")
    report = ingest_paths(db, [tmp_path])
    assert report.added == 2 and report.failed == 0
    assert report.warnings == [
        f"{tmp_path / 'orphan.meta.json'}: a metadata sidecar with no article beside it of "
        "that name (.txt, .md, .html or .jsonl): not read"]


def test_an_archive_filed_by_day_gives_each_article_its_date(db, tmp_path):
    """Folders named by the day (news-tls corpora, wire archives), a URL with its day: each
    article is published then, as if a sidecar said so; metadata that states a date wins."""
    write(tmp_path / "InputDocs" / "2010-01-13" / "1.txt", STORY)
    write(tmp_path / "InputDocs" / "2010-01-14" / "2.txt", OTHER)
    write(tmp_path / "web" / "page.txt", "A third article, on the aid convoys reaching Jacmel.\n")
    write(tmp_path / "web" / "page.meta.json",
          json.dumps({"url": "https://www.nytimes.com/2010/01/15/world/americas/15aid.html"}))
    write(tmp_path / "InputDocs" / "2010-01-16" / "4.txt", "A fourth article, a rescue.\n")
    write(tmp_path / "InputDocs" / "2010-01-16" / "4.meta.json",
          json.dumps({"published": "2010-01-17"}))
    write(tmp_path / "lines.jsonl", json.dumps(
        {"text": "A fifth article, on debt relief.", "url": "https://e.org/2010/01/18/debt"}))
    report = ingest_paths(db, [tmp_path])
    assert report.added == 5 and report.failed == 0
    rows = {Path(r["path"]).name: (r["published"], r["published_provenance"],
                                   r["published_evidence"])
            for r in db.query("SELECT * FROM documents")}
    assert rows == {
        "1.txt": ("2010-01-13", "given", "folder name: 2010-01-13"),
        "2.txt": ("2010-01-14", "given", "folder name: 2010-01-14"),
        "page.txt": ("2010-01-15", "given", "url: 2010-01-15"),
        "4.txt": ("2010-01-17", "given", "sidecar 4.meta.json: 2010-01-17"),
        "lines.jsonl:1": ("2010-01-18", "given", "url: 2010-01-18"),
    }


def test_same_content_twice_is_one_document(db, tmp_path, reporter):
    write(tmp_path / "one.txt", STORY)
    write(tmp_path / "copy" / "two.txt", STORY)
    report = ingest_paths(db, [tmp_path], reporter=reporter)
    assert (report.added, report.duplicates, report.failed) == (1, 1, 0)
    again = ingest_paths(db, [tmp_path / "one.txt"])
    assert (again.added, again.duplicates) == (0, 1)
    assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
    assert reporter.errors == []


def test_seeds_are_stored_with_their_boilerplate_marked(db, seeds, tmp_path):
    report = ingest_paths(db, [seeds])
    assert (report.added, report.failed) == (5, 0)
    for row in db.query("SELECT * FROM documents ORDER BY path"):
        disk = (seeds / Path(row["path"]).name).read_text(encoding="utf-8")
        assert row["text"] == disk  # the seeds are LF-only UTF-8: stored byte for byte
        ranges = loads(row["skipped"])
        assert [tuple(r) for r in ranges] == find_boilerplate(row["text"])
    skipped_001 = loads(
        db.execute("SELECT skipped FROM documents WHERE path LIKE '%001_%'").fetchone()[0]
    )
    assert skipped_001[0] == [0, 15, "widget"]  # "Skip to content"


def test_page_furniture_found_by_newer_rules_is_marked_on_the_next_ingest(db, tmp_path):
    page = write(tmp_path / "blog.txt", STORY + (
        "At 11:35 am on 18 Jan 2010, Nikolas wrote: The army arrived far too late.\n"
        "At 12:00 pm on 18 Jan 2010, art600 wrote: I agree.\n"))
    ingest_paths(db, [page])
    # as an older version stored it: no comment thread marked, already extracted
    with db.conn:
        db.execute("UPDATE documents SET skipped = '[]', extractor_version = 'old'")
    report = ingest_paths(db, [page])
    assert (report.added, report.duplicates, report.remarked) == (0, 1, 1)
    assert "1 with page furniture found by newer rules (extracted again)" in report.summary()
    skipped, version = db.execute("SELECT skipped, extractor_version FROM documents").fetchone()
    assert [r[2] for r in loads(skipped)] == ["comments"]
    assert version is None  # the next extract reads it again
    # the same rules again: nothing to do
    assert ingest_paths(db, [page]).remarked == 0


def test_folders_are_walked_sorted_and_filtered(db, tmp_path, reporter):
    write(tmp_path / "b" / "z.txt", "Zed article text, long enough to be real.\n")
    write(tmp_path / "a.txt", "Alpha article text, long enough to be real.\n")
    write(tmp_path / "b" / "m.md", "Em article text, long enough to be real.\n")
    write(tmp_path / ".hidden.txt", "Hidden article text.\n")
    write(tmp_path / ".git" / "x.txt", "Inside a hidden folder.\n")
    write(tmp_path / "notes.pdf", b"%PDF-1.4")
    write(tmp_path / "readme.rst", "Not an article type.\n")
    report = ingest_paths(db, [tmp_path], reporter=reporter)
    assert (report.added, report.failed) == (3, 0)
    assert reporter.output == ""  # unknown types inside a folder are skipped quietly
    names = [Path(r[0]).name for r in db.execute("SELECT path FROM documents ORDER BY id")]
    assert names == ["a.txt", "m.md", "z.txt"]


def test_malformed_published_is_a_warning_and_ignored(db, tmp_path, reporter):
    write(tmp_path / "a.md", "---\npublished: last Tuesday\n---\n" + STORY)
    report = ingest_paths(db, [tmp_path / "a.md"], reporter=reporter)
    assert (report.added, report.failed) == (1, 0)
    warnings = [line for line in reporter.output.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == 1 and "a.md" in warnings[0] and "last Tuesday" in warnings[0]
    row = next(db.query("SELECT * FROM documents"))
    assert (row["published"], row["published_provenance"]) == (None, "unknown")


def test_a_page_of_only_furniture_is_stored_with_a_warning(db, tmp_path, reporter):
    write(tmp_path / "menu.txt", "Skip to content\n\nHome\n\nPost a Comment\n")
    report = ingest_paths(db, [tmp_path], reporter=reporter)
    assert (report.added, report.failed) == (1, 0)
    assert reporter.output.strip() == (
        f"warning: {tmp_path / 'menu.txt'}: every line looks like page furniture; "
        "nothing in it can be a claim"
    )


def test_progress_is_reported_per_file(db, tmp_path):
    write(tmp_path / "a.txt", STORY)
    write(tmp_path / "b.txt", OTHER)
    calls = []

    class Recorder:
        def error(self, message):
            calls.append(("error", message))

        def warning(self, message):
            calls.append(("warning", message))

        from contextlib import contextmanager

        @contextmanager
        def progress(self, description, total):
            calls.append(("start", description, total))
            yield lambda n=1: calls.append(("advance", n))

    ingest_paths(db, [tmp_path], reporter=Recorder())
    assert calls == [("start", "ingest", 2), ("advance", 1), ("advance", 1)]


# --- bad input: one line naming the file; the rest ingested; nothing else changes -------


def _bad_cases():
    big = 50 * 1024 * 1024
    return {
        "missing": (lambda d: d / "nope.txt", "no such file or folder"),
        "empty": (lambda d: write(d / "empty.txt", ""), "empty file"),
        "blank": (lambda d: write(d / "blank.md", " \n\n\t\n"), "empty file"),
        "binary": (lambda d: write(d / "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00"), "binary"),
        "latin1": (lambda d: write(d / "old.txt", b"Caf\xe9 owners protest.\n"), "not valid UTF-8"),
        "html_scripts_only": (
            lambda d: write(d / "s.html", "<html><script>var x = 1;</script></html>"),
            "no article text",
        ),
        "unsupported_explicit": (
            lambda d: write(d / "paper.pdf", b"%PDF"),
            "unsupported file type",
        ),
        "sidecar_named": (
            lambda d: write(d / "a.meta.json", "{}"),
            "is a metadata sidecar",
        ),
        "bad_sidecar": (
            lambda d: (write(d / "s.meta.json", "{oops"), write(d / "s.txt", OTHER))[1],
            "metadata sidecar s.meta.json is not valid JSON",
        ),
        "sidecar_wrong_type": (
            lambda d: (write(d / "t.meta.json", '{"title": 5}'), write(d / "t.txt", OTHER))[1],
            "field 'title' must be a string",
        ),
        "too_large": (
            lambda d: write(d / "huge.txt", b"a" * big),
            "file is too large (50.0 MiB; the limit is 10.0 MiB per article)",
        ),
        "empty_jsonl": (lambda d: write(d / "e.jsonl", ""), "empty file"),
        "binary_jsonl": (lambda d: write(d / "b.jsonl", b'{"text": "a\x00"}'), "binary"),
        "newline_name": (lambda d: write(d / "bad\nname.txt", ""), "empty file"),
    }


@pytest.mark.parametrize("case", list(_bad_cases()))
def test_bad_input_is_one_line_and_changes_nothing(case, db, tmp_path, reporter, rows):
    write(tmp_path / "before.txt", "An article that was ingested before this run began.\n")
    ingest_paths(db, [tmp_path / "before.txt"])
    before = rows(db)
    make, problem = _bad_cases()[case]
    bad = make(tmp_path / "bad")
    good = write(tmp_path / "good" / "good.txt", STORY)

    report = ingest_paths(db, [bad, good], reporter=reporter)

    assert (report.added, report.failed) == (1, 1)
    lines = error_lines(reporter)
    assert len(lines) == 1, reporter.output
    assert bad.name.replace("\n", "\\n") in lines[0]
    assert problem in lines[0]
    assert "Traceback" not in reporter.output
    after = rows(db)
    assert after[: len(before)] == before
    assert [r["text"] for r in after[len(before) :]] == [STORY]


def test_bad_jsonl_lines_name_file_and_line_and_others_are_kept(db, tmp_path, reporter):
    path = write(
        tmp_path / "feed.jsonl",
        "\n".join(
            [
                json.dumps({"text": STORY, "id": "1"}),
                '{"text": "unterminated',
                json.dumps({"id": "3"}),
                json.dumps({"text": ["not", "a", "string"]}),
                json.dumps({"text": OTHER, "id": "1"}),
                json.dumps({"text": OTHER, "id": "6", "published": "soon"}),
                json.dumps({"text": "\ud800 lone surrogate"}),
            ]
        ),
    )
    report = ingest_paths(db, [path], reporter=reporter)
    assert (report.added, report.failed) == (2, 5)
    lines = error_lines(reporter)
    assert [line.split(": ", 2)[1].rsplit(":", 1)[1] for line in lines] == ["2", "3", "4", "5", "7"]
    assert all(f"{path}:" in line for line in lines)
    assert "duplicate id '1' (first used on line 1)" in lines[3]
    assert "not valid Unicode" in lines[4]
    ids = [r[0] for r in db.execute("SELECT external_id FROM documents ORDER BY id")]
    assert ids == ["1", "6"]


def test_only_bad_input_leaves_database_empty(db, tmp_path, reporter):
    report = ingest_paths(db, [tmp_path / "missing", write(tmp_path / "e.txt", "")], reporter)
    assert (report.ok, report.failed) == (0, 2)
    assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == 0


def test_empty_folder_is_reported(db, tmp_path, reporter):
    (tmp_path / "nothing").mkdir()
    write(tmp_path / "nothing" / "x.csv", "a,b\n")
    report = ingest_paths(db, [tmp_path / "nothing"], reporter=reporter)
    assert report.failed == 1
    assert "nothing: folder has no .txt, .md, .html or .jsonl files" in error_lines(reporter)[0]


def test_large_jsonl_is_streamed_with_bounded_memory(db, tmp_path, monkeypatch):
    # A 12 MiB line in a feed with a normal one after it: the long line is refused and
    # the read never holds much more than the per-line limit.
    monkeypatch.setattr("workbench.ingest.readers.MAX_DOCUMENT_BYTES", 1024 * 1024)
    path = tmp_path / "feed.jsonl"
    with open(path, "w", encoding="utf-8") as handle:
        handle.write('{"text": "' + "a" * (12 * 1024 * 1024) + '"}\n')
        handle.write(json.dumps({"text": STORY}) + "\n")
    tracemalloc.start()
    try:
        report = ingest_paths(db, [path])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (report.added, report.failed) == (1, 1)
    assert peak < 6 * 1024 * 1024


def test_too_large_file_is_refused_without_being_read(db, tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MiB of NUL bytes, cheap to make
    tracemalloc.start()
    try:
        report = ingest_paths(db, [path])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # Had it been read, the NUL bytes would make it "binary", and the peak would be 50 MiB.
    assert report.failed == 1 and "too large" in report.errors[0]
    assert peak < 1024 * 1024


# --- awkward paths -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["with spaces.txt", "ünïcødé ✓ — Київ.txt", "new\nline.txt", "tab\there.md", "-dash.txt"],
)
def test_unusual_file_names_are_ingested(db, tmp_path, name, reporter):
    path = write(tmp_path / name, STORY + name + "\n")
    report = ingest_paths(db, [tmp_path], reporter=reporter)
    assert (report.added, report.failed) == (1, 0), reporter.output
    assert db.execute("SELECT path FROM documents").fetchone()[0] == str(path)


@pytest.mark.skipif(sys.platform != "linux", reason="needs a file system that allows any bytes")
def test_undecodable_file_name_is_stored_escaped(db, tmp_path, reporter):
    raw = os.path.join(os.fsencode(tmp_path), b"caf\xe9.txt")
    with open(raw, "wb") as handle:
        handle.write(STORY.encode())
    report = ingest_paths(db, [tmp_path], reporter=reporter)
    assert (report.added, report.failed) == (1, 0)
    stored_path = db.execute("SELECT path FROM documents").fetchone()[0]
    assert stored_path.endswith("caf\\xe9.txt")


def test_symlink_loops_terminate_without_duplicates(db, tmp_path, reporter):
    root = tmp_path / "corpus"
    write(root / "a.txt", STORY)
    write(root / "sub" / "b.txt", OTHER)
    (root / "sub" / "loop").symlink_to(root, target_is_directory=True)
    (root / "sub" / "self").symlink_to(root / "sub", target_is_directory=True)
    (root / "alias.txt").symlink_to(root / "a.txt")
    (root / "dangling.txt").symlink_to(root / "gone.txt")
    report = ingest_paths(db, [root, root / "sub", root / "a.txt"], reporter=reporter)
    assert (report.added, report.duplicates) == (2, 0)
    assert report.failed == 1 and "dangling.txt: broken symbolic link" in error_lines(reporter)[0]


@pytest.mark.skipif(shutil.which("mkfifo") is None, reason="needs mkfifo")
def test_fifo_named_explicitly_is_refused_without_blocking(db, tmp_path, reporter):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    report = ingest_paths(db, [fifo], reporter=reporter)
    assert report.failed == 1 and "not a regular file" in error_lines(reporter)[0]


def test_deeply_nested_json_line_is_one_error(db, tmp_path, reporter):
    path = write(tmp_path / "deep.jsonl", "[" * 100_000 + "\n" + json.dumps({"text": STORY}))
    report = ingest_paths(db, [path], reporter=reporter)
    assert (report.added, report.failed) == (1, 1)
    assert error_lines(reporter) == [f"error: {path}:1: malformed JSON (nested too deeply)"]


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from([".txt", ".md", ".html", ".jsonl"]),
    st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode)),
)
def test_ingest_never_raises_and_accounts_for_every_file(suffix, data):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"any{suffix}"
        path.write_bytes(data)
        database = connect(Path(folder) / "w.db")
        try:
            report = ingest_paths(database, [path])
            stored = database.execute("SELECT count(*) FROM documents").fetchone()[0]
        finally:
            database.conn.close()
    assert report.added == stored
    assert report.ok + report.failed >= 1
    assert all("\n" not in message for message in report.errors)


def test_front_matter_changed_after_ingest_is_read_logged_and_due_for_extraction(
        db, tmp_path, reporter):
    write(tmp_path / "a.md", "---\ntitle: Talks\n---\n" + STORY)
    ingest_paths(db, [tmp_path])
    db.execute("UPDATE documents SET extracted_at = '2025-06-01T00:00:00.000+00:00'")
    db.conn.commit()
    unchanged = ingest_paths(db, [tmp_path])
    assert (unchanged.duplicates, unchanged.amended) == (1, 0)
    write(tmp_path / "a.md", "---\ntitle: Talks\npublished: 2025-06-02\nsource: Wire\n---\n"
          + STORY)
    report = ingest_paths(db, [tmp_path], reporter=reporter)
    assert (report.added, report.duplicates, report.amended) == (0, 1, 1)
    assert "1 with changed metadata" in report.summary()
    row = next(db.query("SELECT * FROM documents"))
    assert (row["published"], row["published_provenance"], row["source"]) == (
        "2025-06-02", "given", "Wire")
    assert row["extracted_at"] is None  # its claims are dated again by the next extract
    (action, reviewer, before, after), = db.execute(
        "SELECT action, reviewer, before, after FROM decisions").fetchall()
    assert (action, reviewer) == ("doc-file", "workbench")
    assert loads(before)["documents"]["1"]["published"] is None
    assert loads(after)["documents"]["1"]["published"] == "2025-06-02"
    # a date the file gives that is no date: one warning, the document left as it was
    write(tmp_path / "a.md", "---\npublished: soon\n---\n" + STORY)
    ingest_paths(db, [tmp_path], reporter=reporter)
    assert "a.md: publication date 'soon' is not a date" in reporter.output
    assert next(db.query("SELECT published FROM documents"))["published"] == "2025-06-02"


def test_a_copy_from_another_file_leaves_the_first_documents_metadata(db, tmp_path, reporter):
    """A wire story filed again on a later day (the same text in the next day's JSON
    Lines, under another date) re-dated the story first read: the build called it a
    changed sidecar. The first keeps what its own file says; the copy's date is told."""
    write(tmp_path / "day1" / "a.md", "---\npublished: 2009-05-07\n---\n" + STORY)
    write(tmp_path / "day2" / "b.md", "---\npublished: 2009-06-11\n---\n" + STORY)
    ingest_paths(db, [tmp_path / "day1"])
    report = ingest_paths(db, [tmp_path / "day2"], reporter=reporter)
    assert (report.added, report.duplicates, report.amended) == (0, 1, 0)
    assert next(db.query("SELECT published FROM documents"))["published"] == "2009-05-07"
    assert not db.execute("SELECT count(*) FROM decisions").fetchone()[0]
    assert ("b.md: the same text as " in reporter.output
            and "not this copy's publication date 2009-06-11" in reporter.output)
    # the same file read again with a new date is still a correction
    write(tmp_path / "day1" / "a.md", "---\npublished: 2009-05-08\n---\n" + STORY)
    assert ingest_paths(db, [tmp_path / "day1"]).amended == 1
    assert next(db.query("SELECT published FROM documents"))["published"] == "2009-05-08"


@pytest.mark.slow
def test_the_seeds_credit_line_is_stored_skipped_and_never_a_claim(seed_db):
    """Seed 002 ends "Reporting by Reuters contributed to this article.": kept in the text,
    marked skipped as a credit, and no claim (so no export) quotes it."""
    credit = "Reporting by Reuters contributed to this article."
    (doc_id, text, skipped), = seed_db.execute(
        "SELECT id, text, skipped FROM documents WHERE path LIKE '%002_9b731e4ab5608c78.txt'")
    start = text.index(credit)
    assert [start, start + len(credit), "credit"] in loads(skipped)
    assert not seed_db.execute(
        "SELECT count(*) FROM claims WHERE text LIKE '%contributed to this article%' "
        "OR (document_id = ? AND char_end > ?)", (doc_id, start)).fetchone()[0]
