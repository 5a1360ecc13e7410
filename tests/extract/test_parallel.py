"""Extraction on several cores, in batches across documents: the same claims, in the
same order, as one process reading one document at a time."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.cli import cli
from workbench.console import Reporter
from workbench.db import connect
from workbench.extract import extract_pending, parallel
from workbench.extract.claims import DocumentExtractor, base_for
from workbench.extract.nlp import load_nlp
from workbench.ingest import ingest_paths

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

pytestmark = pytest.mark.slow

COLUMNS = ("document_id, char_start, char_end, text, kind, date, date_precision, "
           "date_provenance, date_text, date_base, speaker, speaker_norm, reporting_verb, "
           "trigger, entities, numbers")


def claim_rows(path) -> list[tuple]:
    db = connect(path)
    rows = db.execute(f"SELECT {COLUMNS} FROM claims ORDER BY id").fetchall()
    db.conn.close()
    return rows


def build(path, jobs: int) -> list[tuple]:
    db = connect(path)
    ingest_paths(db, [SEEDS])
    report = extract_pending(db, jobs=jobs)
    assert report.documents == 5
    db.conn.close()
    return claim_rows(path)


def test_two_jobs_give_the_claims_of_one(tmp_path, monkeypatch):
    # one document per chunk, so the five seed articles are spread over two workers
    monkeypatch.setattr(parallel, "CHUNK", 1)
    monkeypatch.setattr(parallel, "MIN_PER_JOB", 1)
    started = []
    real_pool = parallel.multiprocessing.get_context

    def spy(method):
        started.append(method)
        return real_pool(method)

    monkeypatch.setattr(parallel.multiprocessing, "get_context", spy)
    one = build(tmp_path / "one.db", jobs=1)
    assert started == []  # one job: no worker process
    two = build(tmp_path / "two.db", jobs=2)
    assert started == ["spawn"]
    assert len(one) > 100
    assert two == one


def test_batching_across_documents_changes_no_claim(tmp_path):
    # the chunked path (pieces of several documents in one nlp.pipe) against each
    # document read on its own, as before batching
    nlp = load_nlp()
    db = connect(tmp_path / "seeds.db")
    ingest_paths(db, [SEEDS])
    works = []
    for row in db.query("SELECT * FROM documents ORDER BY id"):
        base = base_for(row["published"], row["published_precision"],
                        row["published_provenance"], 2025)
        works.append(parallel.Work(row["id"], row["text"], json.loads(row["skipped"]), base))
    db.conn.close()
    batched = parallel.extract_chunk(nlp, works)
    alone = [DocumentExtractor(nlp, w.base).claims(w.text, w.skipped) for w in works]
    assert sum(map(len, alone)) > 100
    assert batched == alone


def test_jobs_option_on_build(tmp_path):
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "x.db"), "-q", "build",
                                      "--jobs", "2", str(SEEDS)])
    assert result.exit_code == 0, result.output
    assert claim_rows(tmp_path / "x.db")
    bad = CliRunner().invoke(cli, ["--db", str(tmp_path / "y.db"), "build", "--jobs", "0",
                                   str(SEEDS)])
    assert bad.exit_code == 2 and "--jobs" in bad.output


def test_a_document_too_long_for_a_batch_is_read_alone_and_after_the_others(
        tmp_path, monkeypatch):
    # a 2 MB paragraph parsed in a batch with the seeds held their claims back for minutes
    monkeypatch.setattr(parallel, "CHUNK_CHARS", 20_000)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "000_long.txt").write_text(
        " ".join(f"On June {d % 28 + 1}, 2025, officials in Kyiv said the talks resumed."
                 for d in range(400)), encoding="utf-8")
    for seed in sorted(SEEDS.glob("*.txt"))[:3]:
        (folder / seed.name).write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    db = connect(tmp_path / "long.db")
    ingest_paths(db, [folder])
    chunks = []
    real = parallel.extract_chunk
    monkeypatch.setattr(parallel, "extract_chunk",
                        lambda nlp, chunk: chunks.append([w.doc_id for w in chunk])
                        or real(nlp, chunk))
    warnings = []
    reporter = Reporter(quiet=True)
    monkeypatch.setattr(reporter, "warning", warnings.append)
    assert extract_pending(db, reporter=reporter).documents == 4
    long_id = db.execute("SELECT id FROM documents WHERE path LIKE '%000_long.txt'").fetchone()[0]
    assert chunks[-1] == [long_id] and all(long_id not in c for c in chunks[:-1])
    assert [w for w in warnings if "000_long.txt" in w and "read after the others" in w]
    db.conn.close()


def test_a_table_is_skipped_and_the_prose_around_it_read(tmp_path):
    """A tester's 200,000-row Markdown table was parsed as prose for six minutes (2.4 GB)
    and gave one claim; judged with its rows, a table of figures and names is refused as
    no English at all."""
    rows = ["| day | place | magnitude |", "|---|---|---|"] + [
        f"| 2010-01-{i % 28 + 1:02d} | Port {i} | {i % 9}.{i % 10} |" for i in range(400)]
    page = tmp_path / "quakes.md"
    page.write_text("# Quakes\n\nThe quake struck Haiti on 12 January 2010, officials said.\n\n"
                    + "\n".join(rows) + "\n")
    db = connect(tmp_path / "t.db")
    ingest_paths(db, [page])
    (row,) = db.query("SELECT * FROM documents")
    skipped = json.loads(row["skipped"])
    assert sum(e - s for s, e, *_ in skipped) > 0.9 * len(row["text"])
    base = base_for(row["published"], row["published_precision"],
                    row["published_provenance"], 2010)
    (claims,) = parallel.extract_chunk(load_nlp(), [parallel.Work(row["id"], row["text"],
                                                                  skipped, base)])
    assert [c.text for c in claims] == [
        "The quake struck Haiti on 12 January 2010, officials said."]
    db.conn.close()


def test_a_batch_holds_about_as_many_characters_whatever_the_pieces():
    """64 pieces of a text with no full stops (3,000 characters each) took 490 MB to
    parse at once; paragraphs of news still go 64 at a time."""
    from workbench.extract.claims import BATCH_CHARS, MAX_PIECE_CHARS, batch_size

    assert batch_size(["A paragraph of news, as long as most are." * 7] * 100) == 64
    long = batch_size(["w" * MAX_PIECE_CHARS] * 100)
    assert 1 <= long and long * MAX_PIECE_CHARS <= BATCH_CHARS
    assert batch_size([]) == 64 and batch_size(["x" * 10 ** 6]) == 1
