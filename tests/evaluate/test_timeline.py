"""SemEval-2015 TimeLine reader and scoring (real data read from ../shared/data)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.cli import cli
from workbench.evaluate.timeline import (
    GoldMention,
    TimelineError,
    TimelineResult,
    _gold_date,
    _locate,
    _score,
    corpus_parts,
    find_corpora,
    read_timelines,
    read_tml,
)

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
TRIAL = DATA / "semeval2015-timeline-trial"
needs_data = pytest.mark.skipif(not TRIAL.is_dir(), reason="../shared/data timeline trial absent")

TML = """<?xml version='1.0' encoding='utf-8'?>
<TimeML><DOCID>{docid}</DOCID>
<DCT><TIMEX3 functionInDocument="CREATION_TIME" tid="t0" type="DATE" value="{dct}">x</TIMEX3></DCT>
<EXTRAINFO>A title</EXTRAINFO>
<TEXT><s id="1">January 09 , 2008</s>
<s id="2">Apple <EVENT eid="e1">launched</EVENT> the `` store '' , on April 28 , 2003 .</s>
<s id="3">It {verb} the court case .</s></TEXT>
</TimeML>
"""


def _doc(tmp_path: Path, docid: str, dct: str = "2008-01-09", verb: str = "lost"):
    path = tmp_path / f"{docid}_x.tml"
    path.write_text(TML.format(docid=docid, dct=dct, verb=verb), encoding="utf-8")
    return read_tml(path)


@pytest.mark.parametrize(
    "value,expected",
    [("2006-03-28", "2006-03-28"), ("2006-03", "2006-03"), ("2008-03-XX", "2008-03"),
     ("1989", "1989"), ("XXXX-XX-XX", None), ("XXX-XX-XX", None)],
)
def test_gold_date_keeps_known_parts(value, expected):
    assert _gold_date(value) == expected


def test_tml_text_is_prose_and_token_offsets_point_into_it(tmp_path):
    doc = _doc(tmp_path, "100")
    assert doc.dct == "2008-01-09" and doc.title == "A title"
    assert 'Apple launched the "store", on April 28, 2003.' in doc.text
    for tokens in doc.tokens.values():
        for word, start, end in tokens:
            assert doc.text[start:end] == word
    mention = GoldMention("100", 3, "court_case", "2008", ("t", 1))
    at = _locate(doc, mention)
    assert doc.text[at:].startswith("court case")


@pytest.mark.parametrize("docid,name,expected", [
    ("16844", "16844-Apple_unveils.tml", "16844"),
    ("16844_Apple_unveils_iPhone_4", "x.tml", "16844"),  # the number the timelines cite
    ("", "16844_Apple_unveils.tml", "16844"),
    ("", "article.tml", "article"),
])
def test_a_document_is_known_by_the_number_timelines_cite(tmp_path, docid, name, expected):
    path = tmp_path / name
    path.write_text(TML.format(docid=docid, dct="2010-06-08", verb="lost"), encoding="utf-8")
    assert read_tml(path).docid == expected


def test_timeline_lines_are_read_with_their_dates(tmp_path):
    (tmp_path / "apple.txt").write_text(
        "Apple\n0\tXXXX-XX-XX\t1-2-sued\n1\t2006-03\t1-3-filed\t2-4-lawsuit\n", encoding="utf-8"
    )
    mentions = read_timelines(tmp_path)
    # a mention's line is the line of the file it is on: mentions on one line are one event
    assert [(m.docid, m.token, m.date, m.line) for m in mentions] == [
        ("1", "sued", None, ("apple", 2)),
        ("1", "filed", "2006-03", ("apple", 3)),
        ("2", "lawsuit", "2006-03", ("apple", 3)),
    ]


def test_rows_sharing_an_order_number_are_different_events(tmp_path):
    # Every undated event sits at order 0, and simultaneous events share an order: only
    # mentions on one row of the file are the same event.
    (tmp_path / "jobs.txt").write_text(
        "Steve Jobs\n0\tXXXX-XX-XX\t1-2-said\n0\tXXXX-XX-XX\t2-3-know\n"
        "5\t2010-07-16\t1-4-said\t2-5-said\n5\t2010-07-16\t2-6-acknowledged\n",
        encoding="utf-8")
    lines = {m.token: m.line for m in read_timelines(tmp_path)}
    assert lines["know"] != lines["said"]
    assert lines["acknowledged"] != lines["said"]
    mentions = read_timelines(tmp_path)
    pairs = {(a.token, b.token) for a in mentions for b in mentions
             if a.line == b.line and a.docid < b.docid}
    assert pairs == {("said", "said")}


def test_bad_timeline_line_names_file_and_line(tmp_path):
    (tmp_path / "bad.txt").write_text("T\n0\t2006\tnot-a-mention\n", encoding="utf-8")
    with pytest.raises(TimelineError, match=r"bad.txt:2"):
        read_timelines(tmp_path)


def test_scoring_dates_and_pairs(tmp_path):
    a, b = _doc(tmp_path, "1"), _doc(tmp_path, "2", dct="2008-02-01")
    docs = {"1": a, "2": b}
    s2a = a.tokens[2][0][1]
    s3a = a.tokens[3][0][1]
    s2b = b.tokens[2][0][1]
    s3b = b.tokens[3][0][1]

    def claim(cid, start, end, date, group):
        return {"id": cid, "char_start": start, "char_end": end, "text": "t", "date": date,
                "date_precision": None, "date_provenance": "explicit", "date_text": None,
                "group_id": group}

    claims = {
        "1": [claim(1, s2a, s3a - 1, "2003-04-28", 10), claim(2, s3a, len(a.text), None, 11)],
        "2": [claim(3, s2b, s3b - 1, "2003-04", 10), claim(4, s3b, len(b.text), "2008", 12)],
    }
    gold = [
        GoldMention("1", 2, "launched", "2003-04-28", ("t", 1)),
        GoldMention("2", 2, "launched", "2003-04-28", ("t", 1)),  # claim too coarse
        GoldMention("1", 3, "lost", "2008", ("t", 2)),  # claim has no date
        GoldMention("2", 3, "lost", "2008", ("t", 2)),  # right at year precision
    ]
    r = _score(docs, gold, claims, 0.0)
    assert (r.dated_mentions, r.date_correct) == (4, 2)
    assert r.date_failures["claim has no date"] == 1
    assert r.date_failures["too coarse (explicit)"] == 1
    # line 1 pair grouped (10 == 10), line 2 pair not (11 != 12)
    assert (r.pairs_gold, r.pairs_found) == (2, 1)
    assert (r.pairs_predicted, r.pairs_correct) == (1, 1)
    assert r.recall == 0.5 and r.precision == 1.0
    # the report names the pair it missed, with both claims and their groups
    (miss,) = r.as_dict()["missed_pair_examples"]
    assert miss["line"] == "t.txt:2"
    assert (miss["a"]["mention"], miss["a"]["group"]) == ("1-3-lost", 11)
    assert (miss["b"]["mention"], miss["b"]["group"]) == ("2-3-lost", 12)
    assert r.as_dict()["wrong_pair_examples"] == []

    # put document 1's "lost" claim with the "launched" ones: one more pair, on no line
    claims["1"][1]["group_id"] = 10
    r = _score(docs, gold, claims, 0.0)
    assert (r.pairs_predicted, r.pairs_correct) == (2, 1)
    (wrong,) = r.as_dict()["wrong_pair_examples"]
    assert wrong["group"] == 10
    assert [(c["document"], c["lines"]) for c in wrong["claims"]] == [
        ("1", ["t.txt:2"]), ("2", ["t.txt:1"])]


def test_the_narrowest_claim_covering_a_mention_scores_it(tmp_path):
    # A clause that is a claim of its own inside a longer claim ("... later revealing he had
    # undergone a transplant") says more about its mention than the whole sentence does.
    a = _doc(tmp_path, "1")
    s2 = a.tokens[2]
    word, at, _ = s2[1]
    claims = {"1": [
        {"id": 1, "char_start": s2[0][1], "char_end": s2[-1][2], "text": "whole",
         "date": "2008", "date_precision": "year", "date_provenance": "explicit",
         "date_text": None, "group_id": 1},
        {"id": 2, "char_start": at, "char_end": s2[-1][2], "text": "clause",
         "date": "2003-04-28", "date_precision": "day", "date_provenance": "explicit",
         "date_text": None, "group_id": 2},
    ]}
    gold = [GoldMention("1", 2, word, "2003-04-28", ("t", 1))]
    r = _score({"1": a}, gold, claims, 0.0)
    assert (r.dated_mentions, r.date_correct) == (1, 1)
    # listed the other way round, the same claim is chosen
    claims["1"].reverse()
    assert _score({"1": a}, gold, claims, 0.0).date_correct == 1


def _corpus(folder: Path, docid: str) -> Path:
    (folder / "documents").mkdir(parents=True)
    (folder / "timelines").mkdir()
    _doc(folder / "documents", docid)
    (folder / "timelines" / "t.txt").write_text(
        f"T\n1\t2003-04-28\t{docid}-2-launched\n", encoding="utf-8")
    return folder


def test_a_folder_of_corpora_is_found_corpus_by_corpus(tmp_path):
    one = _corpus(tmp_path / "airbus", "1")
    assert find_corpora(one) == [one]
    two = _corpus(tmp_path / "gm", "2")
    (tmp_path / "notes").mkdir()  # neither documents/ nor timelines/: not a corpus
    assert find_corpora(tmp_path) == [one, two]
    with pytest.raises(TimelineError, match="sub-folders"):
        find_corpora(tmp_path / "notes")


def test_the_semeval_release_layout_is_found_by_its_contents(tmp_path):
    # The SemEval release names its folders otherwise: per corpus, raw articles in
    # corpus_trackA_TimeML/ (annotated ones in corpus_trackB_TimeML/) and the gold in
    # TimeLines_Gold_Standard/; a notes folder of other .txt files is no timeline.
    root = tmp_path / "SemEval_Task4_data"
    for n, docid in ((1, "11"), (2, "22")):
        corpus = root / f"corpus_{n}"
        for track in ("corpus_trackB_TimeML", "corpus_trackA_TimeML"):
            (corpus / track).mkdir(parents=True)
            _doc(corpus / track, docid)
        (corpus / "notes").mkdir()
        (corpus / "notes" / "readme.txt").write_text("About\nthese files\n", encoding="utf-8")
        (corpus / "TimeLines_Gold_Standard").mkdir()
        (corpus / "TimeLines_Gold_Standard" / "airbus.txt").write_text(
            f"airbus\n1\t2003-04-28\t{docid}-2-launched\n", encoding="utf-8")
    assert find_corpora(tmp_path) == [root / "corpus_1", root / "corpus_2"]
    assert corpus_parts(root / "corpus_1") == (
        root / "corpus_1" / "corpus_trackA_TimeML",
        root / "corpus_1" / "TimeLines_Gold_Standard")
    assert corpus_parts(root / "corpus_1" / "notes") is None


def test_corpora_run_apart_are_counted_together():
    a = TimelineResult(documents=2, gold_mentions=10, dated_mentions=8, date_correct=6,
                       uncovered=1, pairs_gold=4, pairs_found=1, pairs_predicted=2,
                       pairs_correct=2, seconds=1.0)
    b = TimelineResult(documents=3, gold_mentions=5, dated_mentions=2, date_correct=2,
                       uncovered=0, pairs_gold=6, pairs_found=5, pairs_predicted=8,
                       pairs_correct=4, seconds=2.0)
    a.missed_pairs.append({"line": "t.txt:2"})
    total = TimelineResult.pooled({"airbus": a, "gm": b})
    assert (total.documents, total.date_correct, total.dated_mentions) == (5, 8, 10)
    assert total.recall == 6 / 10 and total.precision == 6 / 10  # pooled, not averaged
    report = total.as_dict()
    assert report["corpora"]["gm"]["cross_document_grouping"]["recall"] == round(5 / 6, 4)
    assert report["missed_pair_examples"] == [{"corpus": "airbus", "line": "t.txt:2"}]
    text = total.summary()
    assert text.index("airbus:") < text.index("gm:") < text.index("all 2 corpora")


def test_keep_db_keeps_the_database_and_the_articles_its_claims_cite(tmp_path):
    import sqlite3

    corpus = _corpus(tmp_path / "c", "1")
    kept = tmp_path / "kept.db"
    result = CliRunner().invoke(cli, ["eval", "timeline", str(corpus), "--keep-db", str(kept)])
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(kept)
    try:
        (path,) = conn.execute("SELECT path FROM documents").fetchone()
        assert conn.execute("SELECT count(*) FROM claims").fetchone()[0] >= 1
    finally:
        conn.close()
    assert path.startswith(str(tmp_path / "kept.jsonl"))
    assert (tmp_path / "kept.jsonl").read_text(encoding="utf-8").count("\n") == 1
    again = CliRunner().invoke(cli, ["eval", "timeline", str(corpus), "--keep-db", str(kept)])
    assert again.exit_code == 1 and "already exists" in again.output


def test_a_broken_article_is_named_and_the_rest_is_scored(tmp_path):
    corpus = _corpus(tmp_path / "c", "1")
    (corpus / "documents" / "2_broken.tml").write_text("<TimeML><DOCID>2", encoding="utf-8")
    out = tmp_path / "report.json"
    result = CliRunner().invoke(cli, ["eval", "timeline", str(corpus), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "skipped" in result.output and "2_broken.tml: not well-formed XML" in result.output
    assert "Traceback" not in result.output
    report = json.loads(out.read_text())
    assert report["documents"] == 1 and len(report["unreadable_documents"]) == 1


def test_cli_rejects_a_folder_without_the_layout(tmp_path):
    result = CliRunner().invoke(cli, ["eval", "timeline", str(tmp_path)])
    assert result.exit_code == 1
    assert "expected documents/ and timelines/" in result.output
    assert "Traceback" not in result.output


@pytest.mark.slow
@needs_data
def test_trial_corpus_end_to_end(tmp_path):
    out = tmp_path / "report.json"
    result = CliRunner().invoke(cli, ["eval", "timeline", str(TRIAL), "--out", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text())
    assert report["documents"] == 30
    # one gold mention cites a document the trial folder lacks: left out, not failed
    assert report["gold_mentions_outside_documents"] == 1
    assert report["date"]["mentions_with_year"] == 156
    # a floor far below today's numbers, to catch a broken pipeline rather than drift
    assert report["date"]["accuracy"] >= 0.4
    assert report["date"]["no_covering_claim"] <= 15
