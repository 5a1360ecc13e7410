"""The pre-export check: what it finds on the scripted review, and duplicates."""

from __future__ import annotations

import datetime as dt

import pytest

from workbench.export import ExportBlocked, check_chronology, export_chronology, find_duplicates
from workbench.export.reader import load_chronology


def test_finds_each_kind_of_problem_once(review_db):
    found = sorted((issue.kind, issue.group_ids) for issue in check_chronology(review_db))
    assert found == [
        ("changed", (3,)),
        ("conflict", (2,)),  # the resolved conflicts of groups 3 and 5 are not problems
        ("single-source", (4,)),
        ("undated", (6,)),
    ]


def _add_group(db, gid, title, date, precision, claim_id, status="accepted"):
    with db.conn:
        db.execute(
            "INSERT INTO groups (id, title, event_date, date_precision, status, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, 'x', 'x')",
            [gid, title, date, precision, status],
        )
        db.execute("UPDATE group_members SET group_id = ? WHERE claim_id = ?", [gid, claim_id])


def test_same_date_similar_titles_are_duplicates(own_db):
    # Claim 18 (seed 004) moved into a second accepted group on June 19 worded like group 4.
    _add_group(own_db, 10, "The swap took place on June 19 and involved hundreds of soldiers "
               "from both sides", "2025-06-19", "day", 18)  # fmt: skip
    duplicates = [i for i in check_chronology(own_db) if i.kind == "duplicate"]
    assert [i.group_ids for i in duplicates] == [(4, 10)]
    assert "groups 4 and 10 (19 June 2025) look like the same event" in duplicates[0].message
    # how alike, in words a reader can check ("100% similar titles" of two that differ)
    from workbench.export.checks import _alike
    assert _alike("The quake struck on Tuesday.", "The quake struck Haiti on Tuesday.",
                  100) == "the words of one title are all in the other"
    assert _alike("The quake struck.", "the  quake struck.", 100) == "the same title"
    assert _alike("The quake struck.", "A quake hit.", 91.4) == "titles 91% alike"


@pytest.mark.parametrize(
    ("title", "date", "precision"),
    [
        # similar title, another day
        ("The swap took place on June 19 and involved hundreds of soldiers", "2025-06-20", "day"),
        # same day, another event
        ("Russia launched a record 479 drones at Ukraine", "2025-06-19", "day"),
        # same day at month precision is not the same date
        ("The swap took place on June 19 and involved hundreds of soldiers", "2025-06", "month"),
    ],
)
def test_not_duplicates(own_db, title, date, precision):
    _add_group(own_db, 10, title, date, precision, 18)
    assert not [i for i in check_chronology(own_db) if i.kind == "duplicate"]


def test_same_date_entries_reporting_one_fine_event_are_duplicates(own_db):
    """A background group on "talks in Istanbul on June 2", accepted beside the June 2
    entry, was no duplicate to the check: its title is in other words. Its claim and the
    entry's report one fine event."""
    _add_group(own_db, 10, "A deal had been struck at the talks", "2025-06-19", "day", 18)
    duplicates = [i for i in check_chronology(own_db) if i.kind == "duplicate"]
    assert duplicates == []  # other words, and no fine event known
    with own_db.conn:
        own_db.execute("UPDATE group_members SET event = 7 WHERE group_id IN (4, 10)")
    duplicates = [i for i in check_chronology(own_db) if i.kind == "duplicate"]
    assert [i.group_ids for i in duplicates] == [(4, 10)]
    assert "(their claims report one event)" in duplicates[0].message
    with own_db.conn:  # another day: not compared
        own_db.execute("UPDATE groups SET event_date = '2025-06-20' WHERE id = 10")
    assert [i for i in check_chronology(own_db) if i.kind == "duplicate"] == []


def test_one_sentence_in_common_among_many_is_no_sign_of_one_event(own_db):
    """A drone barrage and an airbase strike of one day, three sentences each, shared one
    fine event, one sentence each, and the export said they "look like the same event"."""
    claims = [c for (c,) in own_db.execute(
        "SELECT claim_id FROM group_members ORDER BY claim_id LIMIT 6")]
    assert len(claims) == 6
    for gid, title in ((10, "Drones struck the western region overnight"),
                       (11, "An airbase in the north was attacked")):
        _add_group(own_db, gid, title, "2025-07-01", "day", claims[0])
    with own_db.conn:
        for cid, gid, event in zip(
                claims, (10, 10, 10, 11, 11, 11), (7, 901, 902, 7, 903, 904), strict=True):
            own_db.execute("UPDATE group_members SET group_id = ?, event = ?, pinned = 0 "
                           "WHERE claim_id = ?", [gid, event, cid])
    duplicates = [i for i in check_chronology(own_db) if i.kind == "duplicate"]
    assert [i.group_ids for i in duplicates if 10 in i.group_ids] == []
    # most of one of them reporting the other's event: one occasion told twice
    with own_db.conn:
        own_db.execute("UPDATE group_members SET event = 7 WHERE claim_id = ?", [claims[4]])
    duplicates = [i for i in check_chronology(own_db) if i.kind == "duplicate"]
    assert [i.group_ids for i in duplicates if 10 in i.group_ids] == [(10, 11)]


def test_claims_a_reviewer_moved_apart_are_no_sign_of_one_event(own_db):
    """A reviewer split claims of one fine event out of an entry, judging them another
    occasion; the export's check then said the two "look like the same event" (their
    claims report one event), on every export (a tester splitting Haiti's entries)."""
    _add_group(own_db, 10, "A deal had been struck at the talks", "2025-06-19", "day", 18)
    with own_db.conn:
        own_db.execute("UPDATE group_members SET event = 7 WHERE group_id IN (4, 10)")
        own_db.execute("UPDATE group_members SET pinned = 1 WHERE group_id = 10")
    assert [i for i in check_chronology(own_db) if i.kind == "duplicate"] == []


def test_rejected_groups_are_not_compared(own_db):
    _add_group(own_db, 10, "The swap took place on June 19 and involved hundreds of soldiers",
               "2025-06-19", "day", 18, status="rejected")  # fmt: skip
    assert not find_duplicates(load_chronology(own_db).events)


def test_broken_span_is_reported(own_db):
    with own_db.conn:
        own_db.execute("UPDATE claims SET char_start = char_start + 1 WHERE id = 1")
    spans = [i for i in check_chronology(own_db) if i.kind == "span"]
    assert [i.group_ids for i in spans] == [(1,)]
    assert "claim 1 does not match seeds/002_9b731e4ab5608c78.txt" in spans[0].message


def test_strict_export_writes_nothing(review_db, tmp_path):
    out = tmp_path / "chronology.md"
    with pytest.raises(ExportBlocked) as info:
        export_chronology(review_db, "md", out, strict=True)
    assert len(info.value.issues) == 4
    assert "nothing written (--strict)" in str(info.value)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []  # no temporary file left either


def test_strict_export_of_a_clean_chronology_writes(own_db, tmp_path):
    with own_db.conn:
        own_db.execute("UPDATE groups SET status = 'pending' WHERE id IN (2, 4, 6)")
        own_db.execute("UPDATE groups SET changed_since_review = 0 WHERE id = 3")
    assert check_chronology(own_db) == []
    result = export_chronology(own_db, "md", tmp_path / "c.md", strict=True)
    assert result.events == 3 and (tmp_path / "c.md").read_text().startswith("# Verified")


def test_undated_events_are_not_compared_with_each_other(own_db):
    # They share no date; in a collection of undated reports (ECB+: 88 % of the entries)
    # all their pairs would take hours. Two dated ones worded alike still are.
    for gid, claim_id in ((10, 18), (11, 17)):
        _add_group(own_db, gid, "The swap took place and involved hundreds of soldiers",
                   None, None, claim_id)
    assert not [i for i in check_chronology(own_db) if i.kind == "duplicate"]


def test_a_date_no_source_states_is_marked_reported_everywhere(own_db):
    """An accepted event dated only by the day its first report was published is shown
    "(reported)" in every format, flagged in the JSON, and named by the check; once the
    reviewer types the date, it is the reviewer's and no longer marked."""
    of_six = ("id IN (SELECT c.document_id FROM claims c JOIN group_members m "
              "ON m.claim_id = c.id WHERE m.group_id = 6)")
    with own_db.conn:
        own_db.execute("UPDATE groups SET event_date = '2025-06-08', date_precision = 'day', "
                       "date_basis = 'published' WHERE id = 6")
        own_db.execute("UPDATE documents SET published = '2025-06-08', published_precision = "
                       f"'day', published_provenance = 'given' WHERE {of_six}")
    reported = [i for i in check_chronology(own_db) if i.kind == "reported"]
    assert [i.group_ids for i in reported] == [(6,)]
    assert "no source states its date" in reported[0].message
    assert "itself guessed" not in reported[0].message
    with own_db.conn:  # the reports of that day: their date now a guess from the text
        own_db.execute(f"UPDATE documents SET published_provenance = 'inferred' WHERE {of_six}")
    guessed = [i for i in check_chronology(own_db) if i.kind == "reported"]
    assert "itself a guess" in guessed[0].message
    event = next(e for e in load_chronology(own_db).events if e.group_id == 6)
    assert event.date_reported and event.display_date == "8 June 2025 (reported)"
    from workbench.review.actions import edit

    version = own_db.execute("SELECT version FROM groups WHERE id = 6").fetchone()[0]
    edit(own_db.conn, 6, version=version, reviewer="t", event_date="2025-06-09")
    event = next(e for e in load_chronology(own_db).events if e.group_id == 6)
    assert not event.date_reported and event.display_date == "9 June 2025"
    assert not [i for i in check_chronology(own_db) if i.kind == "reported"]


def test_saving_a_reported_day_unchanged_confirms_it(own_db):
    """The reviewer who checked the day the first report was published keeps it without
    typing another day: the date is then theirs, no longer marked reported."""
    from workbench.review.actions import edit, undo

    with own_db.conn:
        own_db.execute("UPDATE groups SET event_date = '2025-06-08', date_precision = 'day', "
                       "date_basis = 'published' WHERE id = 6")
    version = own_db.execute("SELECT version FROM groups WHERE id = 6").fetchone()[0]
    done = edit(own_db.conn, 6, version=version, reviewer="t", event_date="2025-06-08")
    assert done.decision_id is not None
    event = next(e for e in load_chronology(own_db).events if e.group_id == 6)
    assert not event.date_reported and event.display_date == "8 June 2025"
    assert not [i for i in check_chronology(own_db) if i.kind == "reported"]
    # a day that is already the reviewer's saved again changes nothing
    version = own_db.execute("SELECT version FROM groups WHERE id = 6").fetchone()[0]
    again = edit(own_db.conn, 6, version=version, reviewer="t", event_date="2025-06-08")
    assert again.decision_id is None
    undo(own_db.conn)
    event = next(e for e in load_chronology(own_db).events if e.group_id == 6)
    assert event.date_reported


def test_a_source_whose_guessed_date_comes_before_the_event_is_named(own_db):
    """Seed 002, its date guessed 16 May from the text, reports the June 2 talks: the
    export cited the talks to a page "published 16 May 2025 (inferred)" without a word."""
    group = own_db.execute("SELECT g.id, g.event_date, c.document_id FROM groups g JOIN "
                           "group_members m ON m.group_id = g.id JOIN claims c ON c.id = "
                           "m.claim_id WHERE g.status = 'accepted' AND g.date_precision = 'day' "
                           "AND coalesce(g.date_basis, 'sources') = 'sources'").fetchone()
    gid, day, doc = group
    with own_db.conn:
        own_db.execute("UPDATE documents SET published = '2025-01-16', published_precision = "
                       "'day', published_provenance = 'inferred' WHERE id = ?", [doc])
    assert day > "2025-01-16"
    found = [i for i in check_chronology(own_db) if i.kind == "published-before"]
    assert (gid,) in [i.group_ids for i in found]
    assert "16 January 2025" in found[0].message and "guessed" in found[0].message
    with own_db.conn:  # stated by the reviewer: a fact, not a guess to check
        own_db.execute("UPDATE documents SET published_provenance = 'given' WHERE id = ?", [doc])
    assert not [i for i in check_chronology(own_db) if i.kind == "published-before"]


def test_a_source_that_dates_the_event_after_its_own_publication_is_named(own_db):
    """In a date conflict, a report that gives a day after the day it was published tells
    a plan or was misread ("almost a day later", told on 28 January, read as the 29th):
    a tester found "29 January 2010" cited from a page of the 28th without a word."""
    (gid,) = own_db.execute(
        "SELECT group_id FROM conflicts WHERE kind = 'date' AND resolution IS NULL").fetchone()
    assert not [i for i in check_chronology(own_db) if i.kind == "dated-after"]
    event = next(e for e in load_chronology(own_db).events if e.group_id == gid)
    value = max(event.unresolved[0].values, key=lambda v: str(v.value))  # the later day
    doc = value.document_ids[0]
    with own_db.conn:
        own_db.execute("UPDATE documents SET published = '2025-05-20', published_precision = "
                       "'day', published_provenance = 'given' WHERE id = ?", [doc])
    (found,) = [i for i in check_chronology(own_db) if i.kind == "dated-after"]
    assert found.group_ids == (gid,)
    assert f"gives {value.display}, after its own publication (20 May 2025)" in found.message


def test_a_quote_whose_weekday_contradicts_its_date_is_named(own_db):
    """"Monday, June 3" when June 3, 2025 was a Tuesday: the reader of the chronology
    would get one of them wrong, so the check names the source and both."""
    cid, gid = own_db.execute(
        "SELECT m.claim_id, g.id FROM groups g JOIN group_members m ON m.group_id = g.id "
        "WHERE g.status = 'accepted' ORDER BY m.claim_id").fetchone()
    assert not [i for i in check_chronology(own_db) if i.kind == "weekday"]
    with own_db.conn:
        own_db.execute("UPDATE claims SET date_text = 'Monday, June 3', date_base = "
                       "'year from 2025-06-10 (given); says Monday, but 2025-06-03 is a "
                       "Tuesday' WHERE id = ?", [cid])
    (found,) = [i for i in check_chronology(own_db) if i.kind == "weekday"]
    assert found.group_ids == (gid,)
    assert "says Monday, but 2025-06-03 is a Tuesday (“Monday, June 3”)" in found.message


def test_a_reviewers_date_after_every_source_was_published_is_named(own_db):
    """A tester typed 21 January on an entry only a page of 20 January reports, and the
    export said only "single source"."""
    from workbench.review.actions import edit

    gid, version = own_db.execute(
        "SELECT id, version FROM groups WHERE status = 'accepted' AND date_precision = 'day' "
        "ORDER BY id LIMIT 1").fetchone()
    docs = [d for (d,) in own_db.execute(
        "SELECT DISTINCT c.document_id FROM group_members m JOIN claims c ON c.id = m.claim_id "
        "WHERE m.group_id = ?", [gid])]
    with own_db.conn:
        own_db.execute(f"UPDATE documents SET published = '2025-06-10', published_precision = "
                       f"'day', published_provenance = 'given' WHERE id IN "
                       f"({', '.join('?' * len(docs))})", docs)
    edit(own_db.conn, gid, version=version, reviewer="t", event_date="2025-06-11")
    found = [i for i in check_chronology(own_db) if i.kind == "after-sources"]
    assert [i.group_ids for i in found] == [(gid,)]
    assert "after every source was published (the latest 10 June 2025)" in found[0].message
    # a day on or before the latest publication is what a source could tell: no warning
    version = own_db.execute("SELECT version FROM groups WHERE id = ?", [gid]).fetchone()[0]
    edit(own_db.conn, gid, version=version, reviewer="t", event_date="2025-06-10")
    assert not [i for i in check_chronology(own_db) if i.kind == "after-sources"]


def test_a_report_published_days_before_the_event_it_is_cited_for_is_named(own_db):
    """A tester merged a background entry of "appeal" reports of 13 to 22 January into
    the accepted UN appeal of 15 January: the export cited reports of the 13th and 14th
    for it without a word. A report published two days or more before an event's day
    could not tell it: a plan, or another occasion merged in."""
    gid, day, doc = own_db.execute(
        "SELECT g.id, g.event_date, c.document_id FROM groups g JOIN group_members m ON "
        "m.group_id = g.id JOIN claims c ON c.id = m.claim_id WHERE g.status = 'accepted' "
        "AND g.date_precision = 'day' AND coalesce(g.date_basis, 'sources') = 'sources' "
        "ORDER BY g.id").fetchone()

    def published(days_before: int, provenance: str = "given") -> list:
        when = (dt.date.fromisoformat(day) - dt.timedelta(days=days_before)).isoformat()
        with own_db.conn:
            own_db.execute("UPDATE documents SET published = ?, published_precision = 'day', "
                           "published_provenance = ? WHERE id = ?", [when, provenance, doc])
        return [i for i in check_chronology(own_db)
                if i.kind == "before-event" and i.group_ids == (gid,)]

    found = published(10)
    assert len(found) == 1
    assert "10 days before the event" in found[0].message
    assert "a plan told ahead, or a report of another occasion" in found[0].message
    assert published(2)
    assert not published(1)  # the evening before, another time zone
    assert not published(0)
    assert not published(10, "inferred")  # a guess: ``published-before`` says so
