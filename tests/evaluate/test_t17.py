"""Timeline17 scoring: reading a story, Date-F1 as news-tls defines it, the ranked days."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.cli import cli
from workbench.db import connect, insert_row, now
from workbench.evaluate.fit import Example, fit, ranked
from workbench.evaluate.t17 import (
    T17Error,
    date_f1,
    find_stories,
    held_days,
    pubcount_days,
    ranked_days,
    read_article,
    read_timeline,
)

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "timeline17"


def test_date_f1_is_the_f1_of_the_predicted_days_against_the_gold_days():
    gold = ["2010-01-12", "2010-01-13", "2010-01-20", "2010-01-23"]
    assert date_f1(gold, gold) == 1.0
    assert date_f1(["2010-01-12", "2010-01-14"], gold) == pytest.approx(2 * 0.5 * 0.25 / 0.75)
    assert date_f1([], gold) == 0.0
    assert date_f1(["2011-01-01"], gold) == 0.0


def test_a_tokenised_article_reads_as_prose_and_a_timeline_as_its_days(tmp_path):
    story = tmp_path / "quake_bbc"
    (story / "InputDocs" / "2010-01-13").mkdir(parents=True)
    (story / "timelines").mkdir()
    article = story / "InputDocs" / "2010-01-13" / "1.htm.txt"
    article.write_text("Aid -LRB- food -RRB- arrived , officials said `` today '' .\n")
    (story / "timelines" / "t.txt").write_text(
        "2010-01-12\nA quake struck .\n--------------------------------\n"
        "2010-01-20\nAn aftershock .\n")
    assert read_article(article) == 'Aid (food) arrived, officials said "today".'
    assert read_timeline(story / "timelines" / "t.txt") == ["2010-01-12", "2010-01-20"]
    assert find_stories(tmp_path) == [story] == find_stories(story)
    (story / "timelines" / "bad.txt").write_text("no dates here\n")
    with pytest.raises(T17Error, match="bad.txt: no YYYY-MM-DD lines"):
        read_timeline(story / "timelines" / "bad.txt")


def test_the_treebank_escapes_read_as_the_characters_they_stand_for(tmp_path):
    article = tmp_path / "1.htm.txt"
    article.write_text("\\* UN agency flights Europe\\/Asia resume , 24\\/7 \\*\\* .\n")
    assert read_article(article) == "* UN agency flights Europe/Asia resume, 24/7 **."


def test_a_figure_the_tokeniser_split_before_its_separator_reads_whole(tmp_path):
    # "45,000-50 ,000 people" was extracted as "000 people", a side of number conflicts
    article = tmp_path / "2.htm.txt"
    article.write_text("Estimates run 45,000-50 ,000 people , a magnitude-4 .5 aftershock .\n")
    assert read_article(article) == ("Estimates run 45,000-50,000 people, a magnitude-4.5 "
                                     "aftershock.")


def test_the_ranked_days_follow_importance_and_leave_background_out(tmp_path):
    db = connect(tmp_path / "w.db")
    with db.conn:
        for day, importance, background in [("2010-01-12", 0.9, 0), ("2010-01-12", 0.8, 0),
                                            ("2010-01-15", 0.95, 1), ("2010-01-20", 0.5, 0),
                                            ("2010-01-22", 0.1, 0)]:
            insert_row(db, "groups", {"title": "t", "event_date": day, "date_precision": "day",
                                      "importance": importance, "background": background,
                                      "created_at": now(), "updated_at": now()})
        for n, day in enumerate(["2010-01-13", "2010-01-13", "2010-01-14"]):
            insert_row(db, "documents", {"content_hash": f"h{n}", "path": "p",
                                         "format": "txt", "text": "x", "published": day,
                                         "ingested_at": now()})
    assert ranked_days(db.conn, 2) == ["2010-01-12", "2010-01-20"]
    assert pubcount_days(db.conn, 1) == ["2010-01-13"]
    # in a timeline's span (news-tls' setting), the days outside it are passed over
    assert ranked_days(db.conn, 2, ("2010-01-13", "2010-01-31")) == ["2010-01-20", "2010-01-22"]
    assert pubcount_days(db.conn, 1, ("2010-01-14", "2010-01-31")) == ["2010-01-14"]
    # however far down: a journalist's day the queue holds only in background is not held
    assert held_days(db.conn, ["2010-01-12", "2010-01-15", "2010-01-22", "2010-01-30"]) == 2
    db.conn.close()


def test_fitted_weights_rank_the_days_journalists_chose_first():
    # the gold days are those many documents name; the others are named once
    # (features: day_mentions, next_day_published, only_published)
    examples = [Example(f"2010-01-{d:02d}", [2.5, 1.0, 0.0], 1) for d in (1, 2, 3)]
    examples += [Example(f"2010-02-{d:02d}", [0.7, 1.0, 0.0], 0) for d in range(1, 20)]
    w = fit(examples, steps=500)
    assert w["day_mentions"] > 0
    assert set(ranked(examples, w, 3)) == {"2010-01-01", "2010-01-02", "2010-01-03"}


@pytest.mark.slow
@pytest.mark.skipif(not (DATA / "H1N1_guardian").is_dir(), reason="no ../shared/data here")
def test_eval_t17_scores_a_real_story_beside_articles_per_day(tmp_path):
    result = CliRunner().invoke(cli, ["--quiet", "eval", "t17", str(DATA / "H1N1_guardian"),
                                      "--out", str(tmp_path / "r.json"),
                                      "--db-dir", str(tmp_path / "dbs")])
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["stories"][0]["documents"] >= 70
    assert 0.0 < report["date_f1"] <= 1.0
    assert "articles per day" in result.output
    # news-tls' setting too: no day outside the journalist's first and last day counts,
    # so the queue can only do as well or better there
    assert report["date_f1"] <= report["span_date_f1"] <= 1.0
    assert "in each timeline's span" in result.output
    # the titles of the days the queue dates say some of what the journalist wrote
    assert 0.0 < report["title_overlap"] <= 1.0
    assert "title overlap" in result.output
    # and how many of the journalist's days the queue holds at all, no fewer than it ranks
    held = report["stories"][0]["timelines"][0]["held"]
    assert report["days_held"] == held and report["days"] == 12
    assert round(report["date_f1"] * 12) <= held <= 12
    assert f"(Held): {held} of 12" in result.output
    # the kept database cites articles that are still there to open, beside it
    cited = tmp_path / "dbs" / "H1N1_guardian.jsonl"
    with sqlite3.connect(tmp_path / "dbs" / "H1N1_guardian.db") as conn:
        (path,) = conn.execute("SELECT path FROM documents LIMIT 1").fetchone()
    assert cited.exists() and path.startswith(str(cited) + ":")
