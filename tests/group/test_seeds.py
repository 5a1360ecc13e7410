"""The seed corpus end to end: what a fact-checker must see in the groups."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from workbench.export.dump import dump_all

pytestmark = pytest.mark.slow

ISTANBUL = "The Istanbul negotiations, which took place on June 2"


def _group_of(dump, text):
    for group in dump["groups"]:
        if any(text in c["text"] for c in group["claims"]):
            return group
    raise AssertionError(f"no group holds {text!r}")


def _seed_file(dump, document_id):
    return next(d["path"] for d in dump["documents"] if d["id"] == document_id).split("/")[-1]


def test_a_quoted_comment_does_not_join_the_first_stage_to_the_may_talks(seed_db):
    # "'... negotiations continue virtually every day,' said Zelensky" is commentary: it
    # no longer joins seed 003's first stage of the exchange (June) to the May 16 talks
    dump = dump_all(seed_db)
    may = _group_of(dump, "The previous meeting between the two parties was held in Istanbul")
    stage = _group_of(dump, "confirmed that the first group of Russian servicemen under 25")
    comment = _group_of(dump, "negotiations continue virtually every day")
    assert stage["id"] != may["id"]
    assert comment["background"] and comment["id"] not in (may["id"], stage["id"])


def test_istanbul_talks_group_spans_sources_and_flags_may_22(seed_db):
    dump = dump_all(seed_db)
    group = _group_of(dump, ISTANBUL)
    files = {_seed_file(dump, c["document_id"]) for c in group["claims"]}
    assert len(files - {"000_081432cf3a4d361b.txt"}) >= 3, files
    assert group["event_date"] == "2025-06-02"
    assert group["date_precision"] == "day"
    dates = [c for c in group["conflicts"] if c["kind"] == "date"]
    assert dates, group["conflicts"]
    assert "2025-05-22" in {v["value"] for v in dates[0]["values"]}
    may22 = [c for c in group["claims"] if c["id"] in dates[0]["claim_ids"]
             and "May 22nd" in c["text"]]
    assert may22, "the conflict names the claim that says May 22nd"


def test_istanbul_group_does_not_swallow_other_events(seed_db):
    dump = dump_all(seed_db)
    group = _group_of(dump, ISTANBUL)
    texts = " ".join(c["text"] for c in group["claims"])
    assert "took place on June 19" not in texts
    assert "479 drones" not in texts


def test_the_talks_of_a_dated_paragraph_stay_apart_from_the_may_talks(seed_db):
    # seed 000: "The Istanbul negotiations, which took place on June 2, ..." then "...,
    # the talks centered on proposals for a ceasefire": those talks are the June 2 ones,
    # not "the initial talks in May" of seed 002, which are the May 16 round
    dump = dump_all(seed_db)
    june = _group_of(dump, "the talks centered on proposals for a ceasefire")
    assert not any("initial talks in May" in c["text"] for c in june["claims"])
    may = _group_of(dump, "initial talks in May")
    assert may["event_date"] == "2025-05-16"


def test_no_boilerplate_line_is_a_claim(seed_db):
    texts = [r[0] for r in seed_db.execute("SELECT text FROM claims")]
    for junk in ("Skip to content", "Hot Posts", "Post a Comment", "0 Comments",
                 "Read also", "recent/ticker-posts", "Gaza"):
        assert not [t for t in texts if junk in t], junk
    # the repeated headline paragraph of seed 001 is one claim at most
    assert sum("Russia-Ukraine Dialogue: No truce" in t for t in texts) <= 1


def test_monday_in_seed_002_is_never_a_guess(seed_db):
    rows = list(seed_db.query(
        "SELECT c.* FROM claims c JOIN documents d ON d.id = c.document_id "
        "WHERE d.path LIKE '%002_%' AND c.date_text LIKE '%Monday%'"))
    assert rows
    for row in rows:
        if row["date"] is None:
            assert row["date_provenance"] == "relative"
            assert row["date_base"] and "2025" in row["date_base"]
        else:
            # resolved only by other sources' evidence, and June 2, 2025 was a Monday; the
            # source's own reading (a weekday, no date) is kept beside the pinned day
            assert row["date"] == "2025-06-02"
            assert row["date_provenance"] == "corroborated"
            assert (row["stated_date"], row["stated_provenance"]) == (None, "relative")
            assert "2025" in row["date_base"]


def test_claim_spans_are_exact(seed_db):
    docs = {r[0]: r[1] for r in seed_db.execute("SELECT id, text FROM documents")}
    for cid, doc_id, start, end, text in seed_db.execute(
            "SELECT id, document_id, char_start, char_end, text FROM claims"):
        assert docs[doc_id][start:end] == text, cid


def test_names_are_keyed_across_spellings(seed_db):
    norms = {}
    for (entities,) in seed_db.execute("SELECT entities FROM claims"):
        for e in json.loads(entities):
            if e["label"] == "PERSON":
                norms.setdefault(e["norm"], set()).add(e["text"])
    assert {"Zelenskyy", "Zelensky"} <= {t.split()[-1] for t in norms.get("zelensky", set())}
    assert {"Vladimir Medinsky", "Volodymyr Medinsky"} <= norms.get("medinsky", set())


def test_document_dates_are_inferred_not_invented(seed_db):
    rows = {r["path"].split("/")[-1][:3]: r for r in seed_db.query("SELECT * FROM documents")}
    for row in rows.values():
        assert row["published_provenance"] in ("inferred", "unknown")
    assert rows["003"]["published"] == "2025-06-08"  # the latest full date it reports


def test_no_seed_reads_as_published_before_the_talks_it_reports(seed_db):
    """Seed 002 names only "May 16" (the talks before) and 001 misdates the June 2 talks
    "May 22nd": guessed from their texts alone, both read as published weeks before the
    talks they report, beside every quote of them. The talks' day, which seed 000 states,
    is the earliest either can have been written (true: June 2 and June 3)."""
    from workbench.dates.published import guessed_from, text_guess

    rows = {r["path"].split("/")[-1][:3]: r for r in seed_db.query("SELECT * FROM documents")}
    for seed, text_alone in (("001", "2025-05-22"), ("002", "2025-05-16")):
        row = rows[seed]
        assert (row["published"], row["published_provenance"]) == ("2025-06-02", "inferred")
        assert guessed_from("inferred", row["published_evidence"]) == (
            "the day other sources give an occasion it reports")
        assert text_guess(row["published"], row["published_evidence"])[0] == text_alone
    # a date the page gives of itself, or one no occasion contradicts, is left as it was
    assert rows["004"]["published_evidence"].startswith("latest date in the text")
    assert rows["003"]["published_evidence"] == "latest full date in the text"
    # "May 16th" was read in the year of the first guess: the detail says the guess moved
    # (a walk read "base: year from 2025-05-22 (inferred)" under "published 2025-06-02")
    from workbench.review.detail import load_detail

    (gid,) = seed_db.execute(
        "SELECT m.group_id FROM group_members m JOIN claims c ON c.id = m.claim_id "
        "WHERE c.text LIKE 'Previous negotiations, held on May 16th%'").fetchone()
    claim = next(c for c in load_detail(seed_db.conn, gid).claims
                 if c.text.startswith("Previous negotiations"))
    assert claim.date_base == "year from 2025-05-22 (inferred; the guess is 2025-06-02 now)"


def test_adding_an_article_leaves_the_raised_guesses_and_reads_no_seed_again(
        seed_db_path, tmp_path):
    """Every extraction guesses the dates again from the texts; a guess the grouping raised
    from the same text guess stays, and its article is not read again for it."""
    import shutil

    from workbench.db import connect
    from workbench.extract import extract_pending
    from workbench.group import regroup
    from workbench.ingest import ingest_paths

    path = tmp_path / "again.db"
    shutil.copyfile(seed_db_path, path)
    (tmp_path / "new.txt").write_text("Ukraine and Russia exchanged the bodies of soldiers "
                                      "at the Belarus border on June 11, 2025.\n")
    db = connect(path)
    try:
        def dates():
            return list(db.query("SELECT id, published, published_evidence FROM documents "
                                 "WHERE path NOT LIKE '%new.txt'"))

        before = dates()
        ingest_paths(db, [tmp_path / "new.txt"])
        assert extract_pending(db).documents == 1
        assert dates() == before
        regroup(db)
        assert dates() == before
    finally:
        db.conn.close()


def test_json_dump_has_the_documented_shape(seed_db_path):
    from click.testing import CliRunner

    from workbench.cli import cli

    result = CliRunner().invoke(cli, ["--db", str(seed_db_path), "export", "--format", "json",
                                      "--all"])
    assert result.exit_code == 0
    dump = json.loads(result.output)
    assert set(dump) == {"documents", "groups"}
    assert set(dump["documents"][0]) == {"id", "path", "title", "source", "url", "published",
                                         "published_provenance", "published_evidence"}
    group = _group_of(dump, ISTANBUL)
    assert {"id", "status", "event_date", "date_precision", "title", "sources", "conflicts",
            "claims"} <= set(group)
    assert {"kind", "values", "claim_ids"} <= set(group["conflicts"][0])
    assert {"id", "document_id", "char_start", "char_end", "text", "date", "date_precision",
            "date_provenance", "date_text", "speaker", "entities", "numbers"} <= set(
        group["claims"][0])


def test_build_if_empty_builds_an_empty_file_once_and_then_leaves_it_alone(tmp_path):
    """`make run` calls `build --if-empty seeds/`: an empty file left behind still gets the
    seeds, and a built database (with a decision in it) is not touched again."""
    from click.testing import CliRunner

    from workbench.cli import cli
    from workbench.db import connect

    path = tmp_path / "workbench.db"
    path.touch()
    seeds = Path(__file__).resolve().parents[2] / "seeds"
    args = ["--db", str(path), "build", "--if-empty", str(seeds)]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output
    # the build says what the review and `status` will say: entries, background apart
    said = re.search(r"(\d+) chronology entries \((\d+) with several sources, \d+ with "
                     r"conflicts\) and (\d+) background groups", first.output)
    assert said, first.output
    status = CliRunner().invoke(cli, ["--db", str(path), "status"]).output
    lines = dict(line.strip().rsplit(None, 1) for line in status.splitlines())
    assert said.groups() == (lines["chronology entries"], lines["entries with several sources"],
                             lines["background groups"])
    db = connect(path)
    groups = db["groups"].count
    assert groups > 20
    db.execute("UPDATE groups SET status = 'accepted' WHERE id = 1")
    db.conn.commit()
    db.conn.close()
    second = CliRunner().invoke(cli, args)
    assert second.exit_code == 0 and "nothing built" in second.output
    db = connect(path)
    assert db["groups"].count == groups
    assert db.execute("SELECT status FROM groups WHERE id = 1").fetchone()[0] == "accepted"
    db.conn.close()


GOLD = Path(__file__).parents[1] / "data" / "seeds_chronology.json"


def test_the_queue_comes_close_to_an_editors_chronology_of_the_seeds(seed_db):
    # an editor's chronology of the five seeds (tests/data/seeds_chronology.json): 12
    # occasions. Before entries, the queue held 93 groups (B3 35.5, 3 of 7 dates right,
    # 155 reviewer actions); the queue a reviewer opens must come close to it.
    from workbench.evaluate.chronology import read_gold, score

    result = score(seed_db.conn, read_gold(GOLD))
    assert not result.unmatched, result.unmatched
    assert result.entries_shown <= 25, result.summary()
    assert result.b3_f1 >= 0.80, result.summary()
    assert result.dates_right >= 5, result.summary()
    # the target: at most 2.5 actions an occasion (29 for 12 since a sentence
    # referring back to the misdated talks goes with them; 31 before)
    assert result.actions_per_event <= 2.5, result.summary()
    # each occasion is titled by a sentence that says what happened (fitted titles: 0.40;
    # titles by centrality were 0.24)
    assert result.title_overlap >= 0.35, result.summary()


TRUE_DATES = {"000": "2025-06-08", "001": "2025-06-02", "002": "2025-06-03",
              "003": "2025-06-09", "004": "2025-06-20"}


@pytest.fixture(scope="module")
def dated_seeds_db(tmp_path_factory):
    """The seeds built with their true publication dates in sidecars."""
    import shutil

    from workbench.db import connect
    from workbench.extract import extract_pending
    from workbench.group import regroup
    from workbench.ingest import ingest_paths

    folder = tmp_path_factory.mktemp("dated-seeds")
    for path in sorted((Path(__file__).parents[2] / "seeds").glob("*.txt")):
        shutil.copy(path, folder / path.name)
        (folder / f"{path.stem}.meta.json").write_text(
            json.dumps({"published": TRUE_DATES[path.name[:3]]}))
    db = connect(folder / "seeds.db")
    ingest_paths(db, [folder])
    extract_pending(db)
    regroup(db)
    yield db
    db.conn.close()


def test_with_true_dates_the_may_22nd_report_sits_on_the_june_2_talks_with_a_conflict(
        dated_seeds_db):
    # seed 001 says the delegations convened "on May 22nd"; four sources report the talks
    # of June 2. Built with the true publication dates, that is one entry and the
    # disagreement is its date conflict: a conflict from the sources, not from a guess.
    dump = dump_all(dated_seeds_db)
    group = _group_of(dump, "having convened for direct discussions")
    assert group["event_date"] == "2025-06-02"
    files = {_seed_file(dump, c["document_id"]) for c in group["claims"]}
    assert len(files - {"001_4492f097607dd5f0.txt"}) >= 2, files
    dates = [c for c in group["conflicts"] if c["kind"] == "date"]
    assert dates and {"2025-05-22", "2025-06-02"} <= {v["value"] for v in dates[0]["values"]}


def test_with_true_dates_the_attack_told_after_meanwhile_is_not_the_swap(dated_seeds_db):
    # seed 004 leads with the swap of June 19, then "Meanwhile, the battlefield remains
    # active and deadly." and an undated attack on Kyiv: another occasion, which the
    # swap's date must not be carried to
    dump = dump_all(dated_seeds_db)
    swap = _group_of(dump, "The swap, which took place on June 19")
    attack = _group_of(dump, "most intense drone and missile attacks on Kyiv")
    assert attack["id"] != swap["id"]
    told = next(c for c in attack["claims"] if "attacks on Kyiv" in c["text"])
    assert told["date"] != "2025-06-19"


def test_with_true_dates_the_queue_still_comes_close_to_the_editors_chronology(
        dated_seeds_db):
    # the same articles with their publication dates given: dates carried from each
    # story's lead must not glue its other occasions together (B3 74.7 before "Meanwhile"
    # stopped the carrying)
    from workbench.evaluate.chronology import read_gold, score

    result = score(dated_seeds_db.conn, read_gold(GOLD))
    assert result.entries_shown <= 25, result.summary()
    assert result.b3_f1 >= 0.80, result.summary()
    assert result.actions_per_event <= 2.5, result.summary()


def test_a_new_report_of_the_accepted_talks_joins_them_and_sends_them_back(
        seed_db_path, tmp_path):
    """`group --help`: new evidence that matches a decided group is attached and the group
    is marked as changed. A new article on the June 2 talks joined the talks' entry while
    it was undecided (the same day, the same kind of event); once the entry was accepted
    its claims stood apart in a new entry, the accepted one never came back to the queue
    and the export lacked the new source."""
    import shutil

    from builders import write_article

    from workbench.db import connect
    from workbench.extract import extract_pending
    from workbench.group import regroup
    from workbench.ingest import ingest_paths
    from workbench.review import actions

    shutil.copy(seed_db_path, tmp_path / "s.db")
    db = connect(tmp_path / "s.db")
    talks = _group_of(dump_all(db), ISTANBUL)
    (version,) = db.execute("SELECT version FROM groups WHERE id = ?", [talks["id"]]).fetchone()
    actions.decide(db.conn, talks["id"], "accept", version=version, reviewer="t")
    new = tmp_path / "new"
    write_article(new, "n1", "Russian and Ukrainian delegations met in Istanbul on June 2, "
                  "2025, for a second round of direct peace talks, agreeing to exchange all "
                  "severely wounded prisoners of war.\nThe meeting at the Ciragan Palace "
                  "lasted just over an hour.\n", "2025-06-03")
    ingest_paths(db, [new])
    extract_pending(db)
    report = regroup(db)
    dump = dump_all(db)
    group = _group_of(dump, "delegations met in Istanbul on June 2, 2025")
    assert group["id"] == talks["id"]
    assert db.execute("SELECT status, changed_since_review FROM groups WHERE id = ?",
                      [talks["id"]]).fetchone() == ("pending", 1)
    assert group["sources"] == talks["sources"] + 1
    assert report.requeued_groups == [talks["id"]]
    db.conn.close()
