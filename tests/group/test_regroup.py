"""Regrouping on a database with reviewer decisions: nothing decided is silently changed."""

from __future__ import annotations

import json

import pytest

from workbench.dates import entry as dates_entry
from workbench.dates.grouping import grouping_dates, occasions
from workbench.db import connect, insert_row, now
from workbench.group import group_claims, regroup, to_item
from workbench.group.frames import frame_of
from workbench.review.detail import load_detail

TALKS = "Russian and Ukrainian delegations met for peace talks in Istanbul on June 2, 2025."
TALKS_2 = "Delegations of Russia and Ukraine held peace talks in Istanbul on June 2, 2025."
TALKS_3 = "Russia and Ukraine delegations sat down for peace talks in Istanbul on June 2, 2025."
DRONES = "A record 479 drones were launched at the Rivne region overnight on June 9, 2025."


def add_doc(db, text, name):
    return insert_row(db, "documents", {
        "content_hash": name, "path": name, "format": "txt", "text": text,
        "ingested_at": now(), "extracted_at": now()})


def add_claim(db, doc_id, text, date):
    ents = [{"text": "Istanbul", "label": "GPE", "norm": "istanbul", "start": 0, "end": 8}] \
        if "Istanbul" in text else [{"text": "Rivne", "label": "GPE", "norm": "rivne",
                                     "start": 0, "end": 5}]
    return insert_row(db, "claims", {
        "document_id": doc_id, "char_start": 0, "char_end": len(text), "text": text,
        "date": date, "date_precision": "day", "date_provenance": "explicit",
        "date_text": date, "trigger": "talk" if "talks" in text else "launch",
        "entities": json.dumps(ents), "numbers": "[]", "created_at": now()})


@pytest.fixture
def db(tmp_path):
    db = connect(tmp_path / "w.db")
    with db.conn:
        for i, text in enumerate([TALKS, TALKS_2, DRONES]):
            doc = add_doc(db, text, f"d{i}")
            add_claim(db, doc, text, "2025-06-09" if text == DRONES else "2025-06-02")
    regroup(db)
    yield db
    db.conn.close()


def group_of(db, text):
    return db.execute("SELECT m.group_id FROM group_members m JOIN claims c ON c.id = m.claim_id "
                      "WHERE c.text = ?", [text]).fetchone()[0]


def test_same_event_grouped_other_event_apart(db):
    assert group_of(db, TALKS) == group_of(db, TALKS_2) != group_of(db, DRONES)
    sources, date = db.execute("SELECT sources, event_date FROM groups WHERE id = ?",
                               [group_of(db, TALKS)]).fetchone()
    assert (sources, date) == (2, "2025-06-02")


def test_regroup_twice_keeps_ids(db):
    before = {r[0]: r[1] for r in db.execute("SELECT claim_id, group_id FROM group_members")}
    regroup(db)
    after = {r[0]: r[1] for r in db.execute("SELECT claim_id, group_id FROM group_members")}
    assert before == after


@pytest.mark.parametrize("accepted", [False, True])
def test_a_resolved_conflict_keeps_its_entry_and_marks_a_new_report_that_says_otherwise(
        db, accepted):
    """A tester resolved the talks' date on a pending entry; the next build regrouped it
    and the resolution was gone. Accepted, the new report of the other date stood apart.
    Now the entry is kept, the new report joins it (the disagreement it already holds),
    the choice stands and the report is marked as come in since."""
    from workbench.review import actions
    from workbench.review.detail import load_detail

    with db.conn:
        doc = add_doc(db, TALKS_3.replace("June 2", "May 22"), "d9")
        add_claim(db, doc, TALKS_3.replace("June 2", "May 22"), "2025-05-22")
    regroup(db)
    gid = group_of(db, TALKS)
    (cid,) = db.execute("SELECT id FROM conflicts WHERE group_id = ? AND kind = 'date'",
                        [gid]).fetchone()
    version = lambda: db.execute("SELECT version FROM groups WHERE id = ?",  # noqa: E731
                                 [gid]).fetchone()[0]
    actions.resolve(db.conn, gid, cid, "2025-06-02", version=version(), reviewer="t")
    if accepted:
        actions.decide(db.conn, gid, "accept", version=version(), reviewer="t")
    late = "Delegations of Russia and Ukraine held peace talks in Istanbul on May 22, 2025."
    with db.conn:
        add_claim(db, add_doc(db, late, "d10"), late, "2025-05-22")
    regroup(db)
    regroup(db)  # and again: the mark stays until the reviewer chooses again
    assert group_of(db, TALKS) == group_of(db, late) == gid
    (conflict,) = [c for c in load_detail(db.conn, gid).conflicts if c.kind == "date"]
    assert conflict.resolution == "2025-06-02" and conflict.since == 1
    new = db.execute("SELECT id FROM claims WHERE text = ?", [late]).fetchone()[0]
    assert [v.since for v in conflict.values if v.value == "2025-05-22"] == [(new,)]


def test_new_evidence_requeues_an_accepted_group_and_keeps_its_edits(db):
    gid = group_of(db, TALKS)
    with db.conn:
        db.execute("UPDATE groups SET status='accepted', title='Istanbul talks', note='checked', "
                   "edited='[\"title\"]' WHERE id = ?", [gid])
    version = db.execute("SELECT version FROM groups WHERE id = ?", [gid]).fetchone()[0]
    with db.conn:
        add_claim(db, add_doc(db, TALKS_3, "d3"), TALKS_3, "2025-06-02")
    report = regroup(db)
    assert report.requeued == 1
    assert group_of(db, TALKS_3) == gid
    row = db.execute("SELECT status, title, note, changed_since_review, version, sources "
                     "FROM groups WHERE id = ?", [gid]).fetchone()
    assert row[:4] == ("pending", "Istanbul talks", "checked", 1)
    assert row[4] > version and row[5] == 3
    log = db.execute("SELECT action, before, after FROM decisions WHERE group_id = ?",
                     [gid]).fetchall()
    assert log[-1][0] == "new-evidence"
    assert json.loads(log[-1][1])["status"] == "accepted"
    # the reviewer back the next day is told which entry, what they had decided, and
    # which claims came in (a tester found the accepted talks among new pending rows)
    assert report.summary().endswith("1 decided group got new evidence and is back in "
                                     f"the queue: #{gid}")
    detail = load_detail(db.conn, gid)
    assert detail.was_status == "accepted" and not detail.only_redated
    assert [c.text for c in detail.claims if c.new_since_decided] == [TALKS_3]


def test_the_claims_that_came_in_stay_marked_until_the_entry_is_decided_again(db):
    """A tester dropped one of five claims that came in: the other four lost their "new
    since decided" mark, and the header its count, though nothing was decided yet."""
    from workbench.review import actions

    gid = group_of(db, TALKS)
    with db.conn:
        db.execute("UPDATE groups SET status = 'accepted' WHERE id = ?", [gid])
        insert_row(db, "decisions", {"at": now(), "reviewer": "a", "action": "accept",
                                     "group_id": gid, "before": "{}", "after": "{}"})
    later = "Delegations from Moscow and Kyiv resumed peace talks in Istanbul on June 2, 2025."
    with db.conn:
        for i, text in enumerate([TALKS_3, later]):
            add_claim(db, add_doc(db, text, f"n{i}"), text, "2025-06-02")
    regroup(db)
    assert {c.text for c in load_detail(db.conn, gid).claims if c.new_since_decided} == {
        TALKS_3, later}
    (cid,) = db.execute("SELECT id FROM claims WHERE text = ?", [later]).fetchone()
    version = db.execute("SELECT version FROM groups WHERE id = ?", [gid]).fetchone()[0]
    actions.drop(db.conn, gid, cid, version=version, reviewer="a", reject=True)
    detail = load_detail(db.conn, gid)
    assert [c.text for c in detail.claims if c.new_since_decided] == [TALKS_3]
    assert detail.was_status == "accepted"
    version = db.execute("SELECT version FROM groups WHERE id = ?", [gid]).fetchone()[0]
    actions.decide(db.conn, gid, "accept", version=version, reviewer="a")
    assert not any(c.new_since_decided for c in load_detail(db.conn, gid).claims)


def test_an_export_names_the_accepted_entries_new_evidence_sent_back(db, tmp_path):
    """A tester built the next day's articles and exported: four of thirteen accepted
    events were back in the queue and the chronology left them out without a word."""
    from workbench.export import ExportBlocked, check_chronology, export_chronology

    gid = group_of(db, TALKS)
    drones = group_of(db, DRONES)
    with db.conn:
        db.execute("UPDATE groups SET status = 'accepted' WHERE id IN (?, ?)", [gid, drones])
        insert_row(db, "decisions", {"at": now(), "reviewer": "a", "action": "accept",
                                     "group_id": gid, "before": "{}", "after": "{}"})
    assert not [i for i in check_chronology(db) if i.kind == "reopened"]
    with db.conn:
        add_claim(db, add_doc(db, TALKS_3, "d3"), TALKS_3, "2025-06-02")
    regroup(db)
    (issue,) = [i for i in check_chronology(db) if i.kind == "reopened"]
    assert issue.group_ids == (gid,)
    assert str(issue) == (f"1 entry accepted before is back in the queue with new evidence "
                          f"and left out until decided again: #{gid} (review, f: new evidence)")
    result = export_chronology(db, "md", tmp_path / "c.md")
    assert result.events == 1 and str(issue) in [str(i) for i in result.issues]
    with pytest.raises(ExportBlocked) as blocked:
        export_chronology(db, "md", tmp_path / "d.md", strict=True)
    assert str(issue) in [str(i) for i in blocked.value.issues]
    # decided again: nothing to say
    with db.conn:
        db.execute("UPDATE groups SET status = 'accepted' WHERE id = ?", [gid])
        insert_row(db, "decisions", {"at": now(), "reviewer": "a", "action": "accept",
                                     "group_id": gid, "before": "{}", "after": "{}"})
    assert not [i for i in check_chronology(db) if i.kind == "reopened"]


@pytest.mark.parametrize("date, joins", [
    ("2025-06-02", True),  # a new report of the day: new evidence
    (None, True),  # nothing says it is of another time
    ("2025-06-05", False),  # another day's (a later article's undated recap, its day)
    ("2025-06", False),  # only the month: no evidence of the day
])
def test_a_decided_entry_takes_new_claims_of_its_time_only(db, date, joins):
    """A tester's accepted entries came back to the queue holding reports of other days
    (the WHO's alert of 29 April in a count of 10 May, a later column's paragraphs): 92
    claims in 8 of 30 accepted H1N1_reuters entries, 91 of which an undecided build puts
    elsewhere."""
    gid = group_of(db, TALKS)
    with db.conn:
        db.execute("UPDATE groups SET status = 'accepted' WHERE id = ?", [gid])
    text = "Russia and Ukraine delegations sat down for peace talks in Istanbul."
    with db.conn:
        cid = add_claim(db, add_doc(db, text, "d3"), text, date)
    report = regroup(db)
    assert (group_of(db, text) == gid) is joins
    assert report.requeued == int(joins)
    status, = db.execute("SELECT status FROM groups WHERE id = ?", [gid]).fetchone()
    assert status == ("pending" if joins else "accepted")
    assert db.execute("SELECT count(*) FROM group_members WHERE claim_id = ?",
                      [cid]).fetchone()[0] == 1


def test_rejected_group_keeps_members_and_status_without_new_evidence(db):
    gid = group_of(db, DRONES)
    with db.conn:
        db.execute("UPDATE groups SET status='rejected' WHERE id = ?", [gid])
    regroup(db)
    assert db.execute("SELECT status FROM groups WHERE id = ?", [gid]).fetchone()[0] == "rejected"
    assert group_of(db, DRONES) == gid


def test_groups_whose_claims_all_vanished_disappear_unless_decided(db):
    # re-extraction can drop every claim of a group (newer rules find a comment thread)
    drones, talks = group_of(db, DRONES), group_of(db, TALKS)
    with db.conn:
        db.execute("UPDATE groups SET status='accepted' WHERE id = ?", [talks])
        db.execute("DELETE FROM claims")
    regroup(db)
    # nothing left to review in the pending one; the reviewer's accepted one stays
    assert [r[0] for r in db.execute("SELECT id FROM groups")] == [talks]
    assert drones != talks


def test_a_claim_the_reviewer_moved_stays_where_it_was_put(db):
    talks, drones = group_of(db, TALKS_2), group_of(db, DRONES)
    cid = db.execute("SELECT id FROM claims WHERE text = ?", [TALKS_2]).fetchone()[0]
    with db.conn:
        db.execute("UPDATE group_members SET group_id = ?, pinned = 1 WHERE claim_id = ?",
                   [drones, cid])
    regroup(db)
    assert group_of(db, TALKS_2) == drones
    assert group_of(db, TALKS) == talks


def test_dates_conflict_is_flagged_and_resolution_survives_regroup(db):
    with db.conn:
        add_claim(db, add_doc(db, TALKS_3.replace("June 2", "May 22"), "d4"),
                  TALKS_3.replace("June 2", "May 22"), "2025-05-22")
    regroup(db)
    gid = group_of(db, TALKS)
    kind, values = db.execute("SELECT kind, \"values\" FROM conflicts WHERE group_id = ?",
                              [gid]).fetchone()
    assert kind == "date"
    assert {v["value"] for v in json.loads(values)} == {"2025-06-02", "2025-05-22"}
    with db.conn:
        db.execute("UPDATE conflicts SET resolution = '2025-06-02' WHERE group_id = ?", [gid])
        db.execute("UPDATE groups SET edited = '[\"title\"]' WHERE id = ?", [gid])
    regroup(db)
    assert db.execute("SELECT resolution FROM conflicts WHERE group_id = ?",
                      [gid]).fetchone()[0] == "2025-06-02"


def test_a_decision_made_while_clustering_is_not_overwritten(db, monkeypatch):
    """The reviewer accepts a group while regroup is clustering: regroup starts over."""
    import workbench.group as group_mod

    gid = group_of(db, DRONES)
    real = group_mod.cluster
    calls = []

    def cluster_while_reviewer_decides(*args, **kwargs):
        result = real(*args, **kwargs)
        if not calls:
            with db.conn:
                db.execute("UPDATE groups SET status = 'accepted', version = version + 1 "
                           "WHERE id = ?", [gid])
        calls.append(1)
        return result

    monkeypatch.setattr(group_mod, "cluster", cluster_while_reviewer_decides)
    regroup(db)
    assert len(calls) == 2
    assert db.execute("SELECT status FROM groups WHERE id = ?", [gid]).fetchone()[0] == "accepted"


def test_a_weekday_other_sources_pin_down_is_dated_but_not_evidence(db):
    # "on Monday" in an article without a usable base, grouped with two sources that date
    # the talks June 2, 2025 (a Monday): it takes that day, marked as corroborated
    monday = "Russian and Ukrainian delegations held peace talks in Istanbul on Monday."
    doc = add_doc(db, monday, "d-monday")
    with db.conn:
        cid = insert_row(db, "claims", {
            "document_id": doc, "char_start": 0, "char_end": len(monday), "text": monday,
            "date": None, "date_precision": None, "date_provenance": "relative",
            "date_text": "Monday", "trigger": "talk", "entities": json.dumps(
                [{"text": "Istanbul", "label": "GPE", "norm": "istanbul", "start": 0,
                  "end": 8}]), "numbers": "[]", "created_at": now()})
    regroup(db)
    assert group_of(db, monday) == group_of(db, TALKS)
    date, provenance = db.execute(
        "SELECT date, date_provenance FROM claims WHERE id = ?", [cid]).fetchone()
    assert (date, provenance) == ("2025-06-02", "corroborated")
    # it is shown, but the group still counts two sources' dates, not three
    claims, _ = group_claims(db, group_of(db, TALKS))
    assert len(dates_entry.evidence_dates(claims)) == 2
    # the sources that gave the day are gone: the claim is the unplaced "Monday" again
    with db.conn:
        db.execute("DELETE FROM claims WHERE text IN (?, ?)", [TALKS, TALKS_2])
    regroup(db)
    assert db.execute("SELECT date, date_provenance, stated_provenance FROM claims "
                      "WHERE id = ?", [cid]).fetchone() == (None, "relative", None)


def test_regroup_dates_a_group_by_its_resolved_date_conflict(db):
    doc = add_doc(db, TALKS_3, "d-misdated")
    with db.conn:
        add_claim(db, doc, TALKS_3.replace("June 2", "May 22"), "2025-05-22")
    regroup(db)
    gid = group_of(db, TALKS)
    conflict = db.execute("SELECT id FROM conflicts WHERE group_id = ? AND kind = 'date'",
                          [gid]).fetchone()
    assert conflict, "the misdated report should join the event with a date conflict"
    assert db.execute("SELECT event_date FROM groups WHERE id = ?", [gid]).fetchone()[0] == (
        "2025-06-02")
    with db.conn:
        db.execute("UPDATE conflicts SET resolution = '2025-05-22' WHERE id = ?", [conflict[0]])
    regroup(db)
    assert db.execute("SELECT event_date FROM groups WHERE id = ?", [gid]).fetchone()[0] == (
        "2025-05-22")


@pytest.mark.parametrize("provenance,date,context", [
    ("explicit", "2010-06-07", None), ("carried", "2010-06-07", "2010-06-07"),
    ("document", "2010-08-09", None), ("none", None, None),
])
def test_only_a_date_carried_from_the_lead_is_a_claims_context_date(provenance, date, context):
    claim = {"id": 1, "text": "Jobs demoed the phone.", "document_id": 1, "trigger": "demo",
             "entities": [], "numbers": [], "date": date, "date_precision": "day" if date else None,
             "date_provenance": provenance}
    item = to_item(claim)
    assert item.context_date == context
    # a context date never stands in for the claim's own date
    assert item.date == (date if provenance == "explicit" else None)
    # the publication date is kept, apart, for a claim that has no date of its own
    assert item.published == (date if provenance == "document" else None)


def test_a_day_carried_from_the_sentence_before_is_shown_but_grouped_as_undated():
    from workbench.dates.entry import NEARBY_NOTE

    claim = {"id": 1, "text": "Primerica closed at $28.25.", "document_id": 1,
             "trigger": "close", "entities": [], "numbers": [], "date": "1989-11-01",
             "date_precision": "day", "date_provenance": "carried",
             "date_base": f"{NEARBY_NOTE}: 'yesterday' = 1989-11-01"}
    item = to_item(claim, published="1989-11-02")
    # neither evidence nor a context date: the engine sees an undated report published
    # on 1989-11-02
    assert item.date is None and item.context_date is None
    assert item.published == "1989-11-02"


def test_a_later_article_recalling_the_event_takes_its_day_and_gives_it_back(tmp_path):
    db = connect(tmp_path / "w.db")
    later = "Russian and Ukrainian delegations held peace talks in Istanbul, it recalled."
    with db.conn:
        for i, text in enumerate([TALKS, TALKS_2]):
            add_claim(db, add_doc(db, text, f"d{i}"), text, "2025-06-02")
        doc = add_doc(db, later, "late")
        db.execute("UPDATE documents SET published = '2025-09-01', "
                   "published_provenance = 'given' WHERE id = ?", [doc])
        recall = add_claim(db, doc, later, "2025-09-01")
        db.execute("UPDATE claims SET date_provenance = 'document', date_text = NULL, "
                   "date_base = 'document date' WHERE id = ?", [recall])
    regroup(db)
    assert group_of(db, later) == group_of(db, TALKS)
    date, provenance, base = db.execute(
        "SELECT date, date_provenance, date_base FROM claims WHERE id = ?", [recall]).fetchone()
    assert (date, provenance) == ("2025-06-02", "corroborated")
    assert "not the publication date 2025-09-01" in base and "2 other source" in base
    # shown, never evidence: the group is still dated by the two sources that say so
    assert db.execute("SELECT event_date, sources FROM groups WHERE id = ?",
                      [group_of(db, later)]).fetchone() == ("2025-06-02", 3)
    # the sources that gave the day are gone: the claim is dated by its article again
    with db.conn:
        db.execute("DELETE FROM claims WHERE text IN (?, ?)", [TALKS, TALKS_2])
    regroup(db)
    assert db.execute("SELECT date, date_provenance FROM claims WHERE id = ?",
                      [recall]).fetchone() == ("2025-09-01", "document")
    db.conn.close()


def test_a_year_takes_the_day_its_group_states_and_gives_it_back(db):
    # "talks in Istanbul in 2025", grouped with two sources that say June 2, 2025
    year = "Russian and Ukrainian delegations held peace talks in Istanbul in 2025."
    with db.conn:
        cid = add_claim(db, add_doc(db, year, "d-year"), year, "2025")
        db.execute("UPDATE claims SET date_precision = 'year', date_text = 'in 2025' "
                   "WHERE id = ?", [cid])
    regroup(db)
    assert group_of(db, year) == group_of(db, TALKS)
    row = db.execute("SELECT date, date_precision, date_provenance, stated_date, "
                     "stated_provenance FROM claims WHERE id = ?", [cid]).fetchone()
    assert row == ("2025-06-02", "day", "corroborated", "2025", "explicit")
    shown = next(c for c in load_detail(db.conn, group_of(db, year)).claims if c.id == cid)
    assert (shown.date, shown.stated_date, shown.date_text) == ("2025-06-02", "2025", "in 2025")
    assert shown.stated_by == 2  # the two other sources that say June 2
    # a second regroup sees the source's year, not the day it was given, and keeps it
    regroup(db)
    assert db.execute("SELECT date, stated_date FROM claims WHERE id = ?",
                      [cid]).fetchone() == ("2025-06-02", "2025")
    # the sources that stated the day are gone: the claim says 2025 again, as its source does
    with db.conn:
        db.execute("DELETE FROM claims WHERE text IN (?, ?)", [TALKS, TALKS_2])
    regroup(db)
    assert db.execute("SELECT date, date_precision, date_provenance, stated_date FROM claims "
                      "WHERE id = ?", [cid]).fetchone() == ("2025", "year", "explicit", None)


def _row(cid, doc, start, text, trigger, date=None):
    return {"id": cid, "document_id": doc, "char_start": start, "text": text,
            "trigger": trigger, "date": date, "date_provenance": "explicit" if date else "none",
            "date_precision": "day" if date else None}


def test_a_definite_mention_refers_back_to_the_dated_event_before_it():
    claims = [
        _row(1, 1, 0, "The Istanbul negotiations, which took place on June 2, were tense.",
             "negotiation", "2025-06-02"),
        _row(2, 1, 70, "Lasting over an hour, the talks centered on a ceasefire.", "center"),
        _row(3, 1, 130, "A key agreement reached during the meeting included a swap.", "include"),
        _row(4, 1, 200, "Ukrainian officials dismissed Russia's claims.", "dismiss"),
        _row(5, 1, 250, "Officials spoke again after the talks.", "speak"),
        # another article: the occasion does not cross documents
        _row(6, 2, 0, "The talks resumed.", "resume"),
    ]
    # the talks, then the meeting, are that occasion; a sentence on something else ends
    # the run, and "after the talks" dates something else by them
    assert occasions(claims, {}, frame_of) == {2: "2025-06-02", 3: "2025-06-02"}
    # a month names no one occasion; nor does a day the corpus suggests
    month = [dict(claims[0], date="2025-06"), claims[1]]
    assert occasions(month, {}, frame_of) == {}
    assert occasions(claims[:2], {1: ("2025-06-02", "day")}, frame_of) == {}
    # grouping sees it as the claim's occasion, never as its date
    item = to_item({**claims[1], "entities": [], "numbers": []}, context="2025-06-02")
    assert (item.date, item.context_date) == (None, "2025-06-02")


def test_a_month_the_source_names_takes_its_articles_one_day_of_that_kind():
    # "after the May discussions" in an article that dates the May talks to May 16
    talks = _row(1, 1, 0, "The talks on May 16 ended early.", "talk", "2025-05-16")
    may = dict(_row(2, 1, 40, "After the May discussions, both sides drafted memoranda.",
                    "discussion", "2025-05"), date_precision="month")
    assert grouping_dates([talks, may], {1: "2025-06-01"}, frame_of) == {2: ("2025-05-16", "day")}
    # a month that is only where "less than two weeks ago" fell is no such month: the
    # article's day of that kind (a release slated for the 24th) is not its day
    release = _row(3, 2, 0, "It is slated for release on June 24.", "release", "2010-06-24")
    ago = dict(_row(4, 2, 40, "The phone was introduced less than two weeks ago.",
                    "introduce", "2010-06"), date_precision="month", date_provenance="relative")
    assert grouping_dates([release, ago], {2: "2010-06-16"}, frame_of) == {}


def test_a_full_regroup_leaves_every_group_findable_by_its_title_and_later_edits_too(db):
    # a full regroup rebuilds the groups' search index once instead of row by row
    def found(word):
        return {r[0] for r in db.execute(
            "SELECT rowid FROM groups_fts WHERE groups_fts MATCH ?", [word])}

    regroup(db)
    titles = dict(db.execute("SELECT id, title FROM groups").fetchall())
    assert found("drones") == {gid for gid, t in titles.items() if "drones" in t} != set()
    assert found("delegations") == {gid for gid, t in titles.items() if "elegations" in t}
    db.execute("INSERT INTO groups_fts(groups_fts, rank) VALUES ('integrity-check', 1)")
    # the index is kept up to date row by row again: a reviewer's new title is found
    gid = group_of(db, DRONES)
    with db.conn:
        db.execute("UPDATE groups SET title = 'Overnight barrage on Rivne' WHERE id = ?", [gid])
    assert found("barrage") == {gid}
    assert found("drones") == set()


@pytest.mark.slow
@pytest.mark.parametrize("accepted", ["The swap, which took place on June 19%",
                                      "The Istanbul negotiations, which took place on June 2%",
                                      # shares a fine event with two of 003's sentences
                                      "Ukrainian officials report that Russia has launched%"])
def test_accepting_an_entry_never_regroups_the_entries_nobody_decided_on(
        tmp_path, seed_db_path, accepted):
    """Seed 004's Kyiv attack (three sentences told after "Meanwhile, ...") was one entry;
    once the June 19 swap its article leads with was accepted, a regroup (a build, a
    re-dated article) cut it into three: the accepted entry had left its article, and with
    it the lead its other sentences follow. Accepting the June 2 talks joined seed 001's
    drone strikes to its Trump paragraph: its "convened on May 22nd", read on its own day
    once decided, no longer let "in May" open an occasion of its own. Accepting 004's
    attack on Kyiv took it out of the fine event it shared with two of 003's sentences:
    read as 003 telling one happening twice, they joined its drone and airbase strikes."""
    import shutil

    from workbench.review import actions

    path = tmp_path / "seeds.db"
    shutil.copyfile(seed_db_path, path)
    db = connect(path, create=False)
    try:
        def entries():
            rows = db.conn.execute(
                "SELECT g.id, group_concat(m.claim_id) FROM groups g JOIN group_members m "
                "ON m.group_id = g.id WHERE g.background = 0 GROUP BY g.id").fetchall()
            return {gid: sorted(int(c) for c in ids.split(",")) for gid, ids in rows}

        before = entries()
        swap, version = db.conn.execute(
            "SELECT g.id, g.version FROM groups g JOIN group_members m ON m.group_id = g.id "
            "JOIN claims c ON c.id = m.claim_id "
            "WHERE c.text LIKE ?", [accepted]).fetchone()
        actions.decide(db.conn, swap, "accept", version=version, reviewer="ana")
        regroup(db)
        after = entries()
        assert after == before
        attack = next(ids for ids in after.values() if any(
            text.startswith("The assault involved more than 400 drones") for (text,) in
            db.conn.execute(f"SELECT text FROM claims WHERE id IN ({','.join(map(str, ids))})")))
        assert len(attack) == 3
    finally:
        db.conn.close()


def test_an_accepted_entry_keeps_its_fine_events_through_regroups(tmp_path, seed_db_path):
    """The accepted June 2 talks came out of their first regroup as 42 fine events of one
    claim each (29 before): what new evidence is compared with, and what a regroup after
    that or the export's duplicate check read, was gone."""
    import shutil

    from workbench.review import actions

    path = tmp_path / "seeds.db"
    shutil.copyfile(seed_db_path, path)
    db = connect(path, create=False)
    try:
        talks, version = db.conn.execute(
            "SELECT g.id, g.version FROM groups g JOIN group_members m ON m.group_id = g.id "
            "JOIN claims c ON c.id = m.claim_id WHERE c.text LIKE "
            "'The Istanbul negotiations, which took place on June 2%'").fetchone()

        def fine_events():
            return db.conn.execute("SELECT count(DISTINCT event), count(*) FROM group_members "
                                   "WHERE group_id = ?", [talks]).fetchone()

        built = fine_events()
        assert built[0] < built[1]  # several claims report one fine event
        actions.decide(db.conn, talks, "accept", version=version, reviewer="ana")
        regroup(db)
        regroup(db)
        assert fine_events() == built
    finally:
        db.conn.close()


def test_a_new_report_of_a_decided_entry_is_compared_with_the_fine_event_it_joined(tmp_path):
    """The Haiti toll, "45,000 to 50,000" and "up to 200,000" people from one day's
    reports, a conflict; the entry accepted; a third report of that day says 20,000. It
    joined the entry, but as a fine event of its own, so its figure was never set against
    the others: the entry came back "changed since review" with no word of the new
    figure. It now takes the fine event it joined by, and the conflict holds it."""
    import sqlite3

    from builders import toll_database, write_article
    from click.testing import CliRunner

    from workbench.cli import cli
    from workbench.review import actions
    from workbench.review.detail import load_detail

    path = toll_database(tmp_path, "2010-01-15")
    conn = sqlite3.connect(path)
    actions.decide(conn, 1, "accept", version=load_detail(conn, 1).version, reviewer="t")
    conn.close()
    write_article(tmp_path, "c", "The Haiti earthquake of January 12 killed 20,000 people, "
                  "the government says.\n", "2010-01-15")
    result = CliRunner().invoke(cli, ["--db", str(path), "-q", "build", str(tmp_path)])
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(DISTINCT event), count(*) FROM group_members "
                        "WHERE group_id = 1").fetchone() == (1, 3)
    (conflict,) = load_detail(conn, 1).conflicts
    assert {v.value for v in conflict.values} == {
        "20,000 people", "45,000 to 50,000 people", "up to 200,000 people"}
    assert load_detail(conn, 1).changed_since_review
