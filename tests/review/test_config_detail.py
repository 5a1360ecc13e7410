"""Config file parsing, the detail view, and the CLI command's friendly messages."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

import pytest
from builders import one_paragraph_entry
from click.testing import CliRunner

from workbench.review.config import ConfigError, load_config
from workbench.review.detail import (
    MAX_CONTEXT,
    load_detail,
    load_document,
    paragraph,
    paragraph_cut,
    readable_context,
)


def test_config_reviewer_and_keys(tmp_path, monkeypatch):
    path = tmp_path / "config.toml"
    path.write_text('reviewer = "ana"\n[keys]\naccept = "y"\nreject = "n,x"\n')
    monkeypatch.setenv("WORKBENCH_CONFIG", str(path))
    cfg = load_config()
    assert (cfg.reviewer, cfg.keys) == ("ana", {"accept": "y", "reject": "n,x"})


def test_missing_config_uses_user(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setenv("USER", "bo")
    assert load_config().reviewer == "bo"


@pytest.mark.parametrize(
    "text, problem",
    [
        ("reviewer = ", "not valid TOML"),
        ("[keys]\naccept = 1\n", "[keys]"),
        ("reviewer = 3", "string"),
    ],
)
def test_bad_config_is_one_clear_line(tmp_path, text, problem):
    path = tmp_path / "c.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as err:
        load_config(path)
    message = str(err.value)
    assert str(path) in message and problem in message and "\n" not in message


def test_paragraph_finds_the_claim_span():
    text = "First para.\n\nSecond para starts. The claim is here. It ends.\n\nThird."
    start = text.index("The claim")
    ctx, s, e = paragraph(text, start, start + len("The claim is here."))
    assert ctx == "Second para starts. The claim is here. It ends."
    assert ctx[s:e] == "The claim is here."


def test_paragraph_falls_back_to_a_window_of_lines():
    lines = [f"Sentence number {i} of a long article without blank lines." for i in range(60)]
    text = "\n".join(lines)
    start = text.index("Sentence number 30 ")
    end = start + len(lines[30])
    ctx, s, e = paragraph(text, start, end)
    assert ctx[s:e] == lines[30]
    assert len(ctx) <= 800
    assert ctx.startswith("Sentence") and ctx.endswith(".")  # whole lines only


def test_a_paragraph_cut_to_the_claims_surroundings_says_where_it_goes_on():
    # a tester read "receiving psychological and medical" as the end of a paragraph that
    # went on: one long line cut to the words around the claim
    words = [f"word{i}" for i in range(400)]
    text = "Intro.\n\n" + " ".join(words) + "\n\nOutro."
    start = text.index("word200 ")
    end = start + len("word200 word201")
    ctx, s, e, cut = paragraph_cut(text, start, end)
    assert ctx[s:e] == "word200 word201" and cut == (True, True)
    assert not ctx.startswith("word0 ") and not ctx.endswith("word399")
    # a claim near the start: cut after only; a short paragraph: not cut
    start = text.index("word1 ")
    assert paragraph_cut(text, start, start + 5)[3] == (False, True)
    start = text.index("Outro")
    assert paragraph_cut(text, start, start + 6)[3] == (False, False)


def test_an_entry_of_a_pasted_megabyte_paragraph_shows_each_claim_in_a_window(tmp_path):
    # a tester's 2.4 MB page of one paragraph made one entry of 914 claims; showing it
    # took 25 s and 9-12 GB (every claim read its article's whole text, and searched it)
    gid = one_paragraph_entry(tmp_path / "w.db", claims=400)
    with closing(sqlite3.connect(tmp_path / "w.db")) as db:
        detail = load_detail(db, gid)
    assert detail is not None and len(detail.claims) == 400
    for c in detail.claims:
        assert c.context[c.context_start:c.context_end] == c.text
        assert len(c.context) < 2 * len(c.text) + MAX_CONTEXT
    first, middle, last = detail.claims[0], detail.claims[200], detail.claims[-1]
    assert first.context_cut == (False, True)
    assert middle.context_cut == (True, True)
    assert last.context_cut == (True, False)


def test_detail_quotes_the_phrase_each_dated_part_covers(conn, ids):
    talks = next(c for c in load_detail(conn, ids["talks"]).claims if c.date == "2025-05-22")
    words = "according to one delegation member"
    at = talks.char_start + talks.text.index(words)
    part = {"start": at, "end": at + len(words), "date": "2025-05", "precision": "month",
            "provenance": "explicit", "text": "May"}
    conn.execute("UPDATE claims SET dated_parts = ? WHERE id = ?", [json.dumps([part]),
                                                                    talks.id])
    again = next(c for c in load_detail(conn, ids["talks"]).claims if c.id == talks.id)
    assert [(p.date, p.words, p.date_text) for p in again.dated_parts] == [
        ("2025-05", words, "May")]


def test_context_keeps_real_line_breaks_and_joins_soft_wraps():
    one_per_line = ("Budanov confirmed the exchange will proceed.\n"
                    "\u2014 SPRAVDI \u2014 Stratcom Centre (@StratcomCentre) June 8, 2025\n"
                    "- Russia launched a record 479 drones at Ukraine overnight, officials said\n"
                    "Exchange to Proceed Despite Conflicting Reports\n"
                    "Ukrainian intelligence chief Kyrylo Budanov spoke on Monday.")
    shown = readable_context(one_per_line)
    assert shown == one_per_line  # sentence end, signature, list item, heading: all kept
    wrapped = ("The talks in Istanbul ended without a ceasefire, but both sides agreed to\n"
               "exchange prisoners in stages over the coming weeks, officials from both\n"
               "delegations said.")
    shown = readable_context(wrapped)
    assert "\n" not in shown and len(shown) == len(wrapped)
    assert "agreed to exchange prisoners" in shown


def test_detail_has_everything_the_reviewer_needs(conn, ids):
    d = load_detail(conn, ids["talks"])
    assert d.sources == 3 and len(d.claims) == 3
    conflict = d.conflicts[0]
    assert conflict.subject == "event date"
    said = {v.value: v.sources for v in conflict.values}
    assert said["2025-05-22"] == ("Second round ends without ceasefire",)
    assert set(said["2025-06-02"]) == {"Talks resume in Istanbul", "Prisoner exchange begins"}
    for c in d.claims:
        assert c.context[c.context_start : c.context_end] == c.text
        assert c.doc_title and c.doc_path
    may = next(c for c in d.claims if c.date == "2025-05-22")
    assert (may.date_text, may.date_provenance) == ("May 22nd", "explicit")
    doc = load_document(conn, may.document_id)
    assert doc.text[may.char_start : may.char_end] == may.text
    assert load_detail(conn, 999) is None


def test_an_untitled_record_is_named_by_its_id_beside_its_line(conn, ids):
    """A JSON Lines article with no title read "haiti_bbc.jsonl:214" everywhere: its
    record's id says which article that is."""
    talks = next(c for c in load_detail(conn, ids["talks"]).claims if c.date == "2025-05-22")
    conn.execute("UPDATE documents SET title = NULL, external_id = '2025-05-23/1042.htm.txt', "
                 "path = 'story.jsonl:214' WHERE id = ?", [talks.document_id])
    again = next(c for c in load_detail(conn, ids["talks"]).claims if c.id == talks.id)
    assert (again.doc_name, again.doc_path) == ("2025-05-23/1042.htm.txt", "story.jsonl:214")
    assert load_document(conn, talks.document_id).name == "2025-05-23/1042.htm.txt"
    conn.execute("UPDATE documents SET external_id = NULL WHERE id = ?", [talks.document_id])
    plain = next(c for c in load_detail(conn, ids["talks"]).claims if c.id == talks.id)
    assert plain.doc_name == "story.jsonl:214"


def test_review_command_without_a_database_says_how_to_build_one(tmp_path):
    from workbench.cli import cli

    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "none.db"), "review"])
    assert result.exit_code == 1
    assert "workbench --db" in result.output and "build seeds/" in result.output
    assert "make run" in result.output
    assert "Traceback" not in result.output


def test_review_command_with_a_bad_config_is_one_line(tmp_path, monkeypatch):
    from builders import sample_database

    from workbench.cli import cli

    sample_database(tmp_path / "r.db")
    bad = tmp_path / "c.toml"
    bad.write_text("[keys\n")
    monkeypatch.setenv("WORKBENCH_CONFIG", str(bad))
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "r.db"), "review"])
    assert result.exit_code == 1
    assert f"{bad}: not valid TOML" in result.output


def test_review_command_without_a_terminal_says_so(tmp_path):
    """`review </dev/null` drew the full screen into the pipe and hung."""
    from builders import sample_database

    from workbench.cli import cli

    sample_database(tmp_path / "r.db")
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "r.db"), "review"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "Error: review needs a terminal: standard input and output are not one here "
        "(run it in a terminal window)"]


def test_detail_gives_a_weekday_slip_apart_from_the_dates_base(conn, ids):
    """The base a claim's date was read against and the weekday it contradicts reach the
    detail pane apart: the one is a note, the other a warning."""
    (claim,) = [c.id for c in load_detail(conn, ids["border"]).claims]
    conn.execute("UPDATE claims SET date_base = 'year from 2025-06-10 (given); says "
                 "Monday, but 2025-06-03 is a Tuesday' WHERE id = ?", [claim])
    (view,) = load_detail(conn, ids["border"]).claims
    assert view.date_base == "year from 2025-06-10 (given)"
    assert view.date_slip == "says Monday, but 2025-06-03 is a Tuesday"


def test_the_detail_says_why_an_entry_ranks_where_it_does(seed_db):
    """In a queue sorted by importance the reviewer reads why an entry is where it is:
    its importance as the queue has it, and the counts behind it, in words."""
    from workbench.review.detail import load_extras, ranking_words

    conn = seed_db.conn
    rows = conn.execute("SELECT id, importance, event_date FROM groups "
                        "WHERE background = 0").fetchall()
    for gid, importance, day in rows:
        ranking = load_extras(conn, gid).ranking
        assert ranking is not None and ranking.importance == importance
        words = ranking_words(ranking)
        assert words.startswith(f"importance {importance:.2f}: ")
        if day is None or len(day) != 10:
            # a month or a year is no day, but no "undated" under an entry dated 2007
            assert "no day, ranked by its" in words and "undated" not in words
        elif ranking.mentions:
            assert f"{day} is named by " in words
            own = "its" if ranking.mentions == 1 else "their"
            assert f"in {own} own words" in words
        else:
            assert f"no report names {day} in its own words; " in words
    # the June 2 talks: named by the three reports that date them
    talks = next(g for g, _, day in rows if day == "2025-06-02")
    assert "2025-06-02 is named by 3 articles in their own words" in ranking_words(
        load_extras(conn, talks).ranking)
    # 003's drone strikes: no report names their day, which is 003's publication day,
    # guessed (as every seed's) from the article's own dates
    (drones,) = conn.execute(
        "SELECT m.group_id FROM group_members m JOIN claims c ON c.id = m.claim_id "
        "WHERE c.text LIKE 'Russia launched a record 479 drones%'").fetchone()
    assert ("no report names 2025-06-08 in its own words; 1 article was published that "
            "day (a day guessed from their text)") in ranking_words(
                load_extras(conn, drones).ranking)
    # background is ranked 0: nothing to explain
    quiet = conn.execute("SELECT id FROM groups WHERE background = 1").fetchone()[0]
    assert load_extras(conn, quiet).ranking is None


def _toll_reports(tmp_path, second_day):
    """The two reports of the Haiti quake's toll, the second published on ``second_day``."""
    import sqlite3

    from builders import toll_database

    return sqlite3.connect(toll_database(tmp_path / second_day, second_day))


def test_a_toll_a_later_report_gives_larger_is_its_course_not_a_conflict(tmp_path):
    """A tester resolved "45,000 to 50,000 people" against "up to 200,000 people" in the
    Haiti quake's entry: the Red Cross's figure of 15 January and a US general's of the
    18th, the toll as it grew. It is no conflict to resolve; the detail shows its course.
    Given on one day, the two figures are a disagreement."""
    from workbench.review.detail import load_extras

    conn = _toll_reports(tmp_path, "2010-01-18")
    (gid,) = [g for (g,) in conn.execute("SELECT id FROM groups")]
    assert conn.execute("SELECT count(*) FROM conflicts").fetchone()[0] == 0
    (course,) = load_extras(conn, gid).running
    assert [(step.text, step.days) for step in course.steps] == [
        ("45,000 to 50,000 people", ("2010-01-15",)),
        ("up to 200,000 people", ("2010-01-18",))]
    conn = _toll_reports(tmp_path, "2010-01-15")
    (gid,) = [g for (g,) in conn.execute("SELECT id FROM groups")]
    assert conn.execute("SELECT kind, subject FROM conflicts").fetchall() == [
        ("number", "people")]
    assert load_extras(conn, gid).running == ()


def test_a_course_the_reviewer_finds_counts_two_things_is_settled_and_stays_settled(tmp_path):
    """A fact-checker met "an estimated 1 million people" → "2 million" → "40 million"
    shown as a toll's course (no conflict), where the figures were three pandemics' tolls.
    Said to count different things, the course is no longer shown (nor exported) but
    kept as a settled conflict of the entry; a later report regrouped into the entry
    leaves the decision in force; "leave unresolved" and undo each show the course again."""
    import sqlite3

    from builders import write_article

    from workbench.cli import cli
    from workbench.review import actions
    from workbench.review.detail import load_detail, load_extras
    from workbench.review.outcome import ReviewError, StaleGroup
    from workbench.text import NOT_A_DISAGREEMENT

    conn = _toll_reports(tmp_path, "2010-01-18")
    (gid,) = [g for (g,) in conn.execute("SELECT id FROM groups")]
    (course,) = load_extras(conn, gid).running
    version = conn.execute("SELECT version FROM groups WHERE id = ?", [gid]).fetchone()[0]
    out = actions.settle_course(conn, gid, course, version=version, reviewer="t")
    assert out.message == "#1 the number of people: settled as not one count"
    assert load_extras(conn, gid).running == ()
    (conflict,) = load_detail(conn, gid).conflicts
    assert (conflict.kind, conflict.resolution) == ("number", NOT_A_DISAGREEMENT)
    assert [v.value for v in conflict.values] == ["45,000 to 50,000 people",
                                                  "up to 200,000 people"]
    assert conflict.course
    # one of its figures is no value of the count (a tester stored "2 million" as a toll)
    with pytest.raises(ReviewError, match="not by one figure"):
        actions.resolve(conn, gid, conflict.id, "up to 200,000 people",
                        version=load_detail(conn, gid).version, reviewer="t")
    # acting on a course no longer shown is refused, not applied twice
    version = conn.execute("SELECT version FROM groups WHERE id = ?", [gid]).fetchone()[0]
    with pytest.raises(StaleGroup):
        actions.settle_course(conn, gid, course, version=version, reviewer="t")
    # a third report, a later day and larger: regrouped into the entry, the decision holds
    folder = tmp_path / "2010-01-18"
    write_article(folder, "c", "The Haiti earthquake of January 12 killed 300,000 "
                  "people, the government says.\n", "2010-01-25")
    conn.close()
    result = CliRunner().invoke(cli, ["--db", str(folder / "w.db"), "-q", "build",
                                      str(folder)])
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(folder / "w.db")
    (gid,) = [g for (g,) in conn.execute("SELECT id FROM groups")]
    assert len(load_detail(conn, gid).claims) == 3
    assert load_extras(conn, gid).running == ()
    (conflict,) = load_detail(conn, gid).conflicts
    assert conflict.resolution == NOT_A_DISAGREEMENT
    assert [v.value for v in conflict.values][-1] == "300,000 people"  # the new report's
    # "leave unresolved": the count's course again, three figures now, and no conflict
    out = actions.resolve(conn, gid, conflict.id, None, version=load_detail(conn, gid).version,
                          reviewer="t")
    assert "shown as grown again" in out.message
    assert load_detail(conn, gid).conflicts == ()
    (course,) = load_extras(conn, gid).running
    assert [s.text for s in course.steps] == [
        "45,000 to 50,000 people", "up to 200,000 people", "300,000 people"]
    # settled again, then undone: the course is back
    actions.settle_course(conn, gid, course, version=load_detail(conn, gid).version,
                          reviewer="t")
    assert load_extras(conn, gid).running == ()
    actions.undo(conn)
    assert len(load_extras(conn, gid).running) == 1
    assert load_detail(conn, gid).conflicts == ()


def test_a_figure_a_stored_conflict_holds_is_never_also_shown_as_grown(tmp_path):
    """A database built by an earlier version holds the toll's two figures as a number
    conflict; the rules now read them as the toll grown. Until the entry is regrouped
    the detail shows the stored conflict alone, never the course beside it ("no
    conflict" and "sources disagree" of one figure, a tester's walk)."""
    from workbench.db import dumps
    from workbench.review.detail import load_detail, load_extras

    conn = _toll_reports(tmp_path, "2010-01-18")
    (gid,) = [g for (g,) in conn.execute("SELECT id FROM groups")]
    assert len(load_extras(conn, gid).running) == 1
    with conn:
        conn.execute('INSERT INTO conflicts(group_id, kind, subject, "values", claim_ids) '
                     "VALUES (?, 'number', 'people', ?, '[1, 2]')",
                     [gid, dumps([{"value": "45,000 to 50,000 people", "claim_ids": [1],
                                   "document_ids": [1]},
                                  {"value": "up to 200,000 people", "claim_ids": [2],
                                   "document_ids": [2]}])])
    assert load_extras(conn, gid).running == ()
    assert [c.resolution for c in load_detail(conn, gid).conflicts] == [None]
    # the same figures from other reports (a figure as written, of another claim) do not
    with conn:
        conn.execute('UPDATE conflicts SET "values" = ?', [dumps([
            {"value": "45,000 to 50,000 people", "claim_ids": [7], "document_ids": [7]}])])
    assert len(load_extras(conn, gid).running) == 1


def test_a_day_of_first_report_says_whether_that_day_was_itself_guessed(conn, ids):
    """"the day its first report was published, itself a guess": said only
    when no source of the entry gave that day as its publication date."""
    gid = ids["talks"]
    (doc,) = conn.execute("SELECT c.document_id FROM group_members m JOIN claims c "
                          "ON c.id = m.claim_id WHERE m.group_id = ? LIMIT 1", [gid]).fetchone()
    conn.execute("UPDATE groups SET date_basis = 'published', event_date = '2025-06-03', "
                 "date_precision = 'day' WHERE id = ?", [gid])
    conn.execute("UPDATE documents SET published = '2025-06-03', published_provenance = "
                 "'inferred' WHERE id = ?", [doc])
    conn.commit()
    detail = load_detail(conn, gid)
    assert detail.reported and detail.reported_guess
    conn.execute("UPDATE documents SET published_provenance = 'given' WHERE id = ?", [doc])
    conn.commit()
    detail = load_detail(conn, gid)
    assert detail.reported and not detail.reported_guess


def test_a_reported_date_names_the_days_its_claims_stories_place_them_on(conn, ids):
    """A claim split off an entry kept "carried ... 'Saturday' = 2010-01-16" from its
    article's lead, while its new entry read "2010-01-17, reported: no source states
    it": the detail names the day its story gives, for the reviewer to date it by."""
    gid = ids["talks"]
    members = [c for (c,) in conn.execute(
        "SELECT claim_id FROM group_members WHERE group_id = ? ORDER BY claim_id", [gid])]
    conn.execute("UPDATE groups SET date_basis = 'published', event_date = '2025-06-03', "
                 "date_precision = 'day' WHERE id = ?", [gid])
    conn.execute("UPDATE claims SET date = '2025-06-02', date_precision = 'day', "
                 "date_provenance = 'carried', date_base = ? WHERE id = ?",
                 ["the date of the story's lead event: 'Monday' = 2025-06-02", members[0]])
    conn.commit()
    assert load_detail(conn, gid).story_days == ("2025-06-02",)
    # a day carried from this entry's own date is no story's: nothing to say
    conn.execute("UPDATE claims SET date_base = 'the occasion its entry reports: ...' "
                 "WHERE id = ?", [members[0]])
    conn.commit()
    assert load_detail(conn, gid).story_days == ()
    # dated by its sources, there is nothing to explain
    conn.execute("UPDATE groups SET date_basis = 'sources' WHERE id = ?", [gid])
    conn.commit()
    assert load_detail(conn, gid).story_days == ()
