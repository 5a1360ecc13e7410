"""Chronology entries: occasions built from articles, background set apart, importance."""

from __future__ import annotations

import json

import pytest

from workbench.db import connect, insert_row, now
from workbench.group import regroup
from workbench.group.entries import happening
from workbench.review.queue import Filter, count, default_sort, page


def add_article(db, name, sentences, published=None):
    """One document, one claim a line: (text, date or None, trigger, aspect, names)."""
    text = "\n".join(s[0] for s in sentences)
    doc = insert_row(db, "documents", {
        "content_hash": name, "path": name, "format": "txt", "text": text,
        "published": published, "published_provenance": "given" if published else "unknown",
        "ingested_at": now(), "extracted_at": now()})
    ids, start = [], 0
    for sentence, date, trigger, aspect, names in sentences:
        ents = [{"text": n, "label": "GPE", "norm": n.lower(), "start": start,
                 "end": start + len(n)} for n in names]
        ids.append(insert_row(db, "claims", {
            "document_id": doc, "char_start": start, "char_end": start + len(sentence),
            "text": sentence, "date": date, "date_precision": "day" if date else None,
            "date_provenance": "explicit" if date else "none", "date_text": date,
            "trigger": trigger, "aspect": aspect, "entities": json.dumps(ents),
            "numbers": "[]", "created_at": now()}))
        start += len(sentence) + 1
    return ids


def group_of(db, claim_id):
    return db.execute("SELECT group_id FROM group_members WHERE claim_id = ?",
                      [claim_id]).fetchone()[0]


@pytest.fixture
def db(tmp_path):
    db = connect(tmp_path / "w.db")
    yield db
    db.conn.close()


def test_a_claim_told_in_the_present_is_background_hidden_from_the_queue(db):
    with db.conn:
        ids = add_article(db, "a", [
            ("Negotiators met in Geneva on June 2, 2025 and signed a truce.", "2025-06-02",
             "meet", "past", ["Geneva"]),
            ("Peace remains elusive as the war enters its third year.", None, "remain",
             "present", []),
            ("Observers say the next round will decide everything.", None, "decide",
             "future", []),
        ])
    regroup(db)
    background = db.execute("SELECT id FROM groups WHERE background = 1").fetchall()
    assert {group_of(db, ids[1]), group_of(db, ids[2])} == {g for (g,) in background}
    # the default queue shows the entry only; the background list is one filter away
    assert [r.id for r in page(db.conn, Filter(), 0, 10)] == [group_of(db, ids[0])]
    assert count(db.conn, Filter(background=True)) == 2
    dump_flags = db.execute("SELECT background FROM groups ORDER BY id").fetchall()
    assert sorted(f for (f,) in dump_flags) == [0, 1, 1]


def test_an_article_tells_its_occasion_in_a_block_until_another_opens(db):
    with db.conn:
        ids = add_article(db, "a", [
            ("On June 7, Russian forces arrived at the exchange point in the north.",
             "2025-06-07", "arrive", "past", []),
            ("Ukrainian representatives failed to appear at the handover.", None, "fail",
             "past", []),
            ("Peskov said Moscow remained committed to the agreements.", None, "say", "past",
             ["Moscow"]),
            ("Meanwhile, drones struck an airbase in the Nizhny Novgorod region.", None,
             "strike", "past", ["Nizhny Novgorod"]),
            ("Two aircraft were damaged in the strike on the airbase.", None, "strike",
             "past", []),
            ("Russia had earlier accused Kyiv of delaying the swap of bodies.", None,
             "accuse", "earlier", ["Kyiv"]),
        ])
    regroup(db)
    lead = group_of(db, ids[0])
    # undated sentences after the lead belong to its occasion ...
    assert group_of(db, ids[1]) == lead == group_of(db, ids[2])
    # ... until "Meanwhile" opens another, which the next sentence of its kind continues
    assert group_of(db, ids[3]) != lead
    assert group_of(db, ids[4]) == group_of(db, ids[3])
    # a past perfect tells what happened before the occasion
    assert group_of(db, ids[5]) not in (lead, group_of(db, ids[3]))
    assert db.execute("SELECT event_date FROM groups WHERE id = ?", [lead]).fetchone() == (
        "2025-06-07",)


def test_blocks_of_one_day_and_one_kind_of_event_are_one_entry_across_articles(db):
    with db.conn:
        a = add_article(db, "a", [
            ("The delegations held talks in Istanbul on June 2, 2025.", "2025-06-02", "talk",
             "past", ["Istanbul"]),
            ("The talks lasted just over an hour.", None, "talk", "past", []),
        ])
        b = add_article(db, "b", [
            ("Negotiators met for a second round on June 2, 2025 and agreed a swap.",
             "2025-06-02", "meet", "past", []),
        ])
        c = add_article(db, "c", [
            ("A record 479 drones were launched at Rivne on June 9, 2025.", "2025-06-09",
             "launch", "past", ["Rivne"]),
        ])
    regroup(db)
    talks = group_of(db, a[0])
    assert group_of(db, a[1]) == talks == group_of(db, b[0])  # talk and meet: one kind
    assert group_of(db, c[0]) != talks
    # every claim keeps its fine event inside the entry
    events = db.execute("SELECT count(DISTINCT event) FROM group_members WHERE group_id = ?",
                        [talks]).fetchone()[0]
    assert events >= 1


def test_a_report_other_sources_date_otherwise_joins_their_occasion_with_a_conflict(db):
    # three sources date the talks June 2; a fourth says May 22nd: one entry, one conflict
    text = "Russian and Ukrainian delegations met for peace talks in Istanbul on {}."
    with db.conn:
        for i, day in enumerate(["2025-06-02", "2025-06-02", "2025-06-02", "2025-05-22"]):
            add_article(db, f"d{i}", [(text.format(day), day, "talk", "past", ["Istanbul"])])
    regroup(db)
    groups = db.execute("SELECT id, event_date FROM groups WHERE background = 0").fetchall()
    assert len(groups) == 1 and groups[0][1] == "2025-06-02"
    conflict = db.execute("SELECT \"values\" FROM conflicts WHERE kind = 'date'").fetchone()
    assert {v["value"] for v in json.loads(conflict[0])} == {"2025-06-02", "2025-05-22"}


def test_what_refers_back_to_a_misdated_occasion_goes_where_the_occasion_goes(db):
    # the fourth source misdates the talks (May 22nd) and goes on about "these talks": the
    # sentence refers back to the occasion, which the other sources place on June 2, so
    # it is on June 2 too, not alone on the day its article wrongly gave
    text = "Russian and Ukrainian delegations met for peace talks in Istanbul on {}."
    with db.conn:
        for i, day in enumerate(["2025-06-02", "2025-06-02", "2025-06-02"]):
            add_article(db, f"d{i}", [(text.format(day), day, "talk", "past", ["Istanbul"])])
        misdated, back = add_article(db, "d3", [
            (text.format("May 22nd"), "2025-05-22", "talk", "past", ["Istanbul"]),
            ("Shelling overshadowed these talks, officials said.", None, "overshadow",
             "past", [])])
    regroup(db)
    assert group_of(db, back) == group_of(db, misdated)
    assert db.execute("SELECT event_date FROM groups WHERE id = ?",
                      [group_of(db, back)]).fetchone()[0] == "2025-06-02"
    assert db.execute("SELECT count(*) FROM groups WHERE background = 0").fetchone()[0] == 1


def quake_and_ferry(db, quakes: int = 4, ferries: int = 1) -> list[int]:
    """A story: ``quakes`` reports of the January 12 earthquake, published the day after,
    and ``ferries`` of a ferry sinking on January 20; regrouped. The ferry's claim ids."""
    ferry: list[int] = []
    with db.conn:
        for i in range(quakes):
            add_article(db, f"q{i}", [
                (f"The earthquake struck Port-au-Prince on January 12, 2010, report {i}.",
                 "2010-01-12", "strike", "past", ["Port-au-Prince"])], published="2010-01-13")
        for i in range(ferries):
            ferry += add_article(db, f"f{i}", [
                (f"A ferry sank off Jacmel on January 20, 2010{f', {i}' if i else ''}.",
                 "2010-01-20", "sink", "past", ["Jacmel"])], published="2010-01-21")
    regroup(db)
    return ferry


def test_importance_ranks_the_day_many_articles_report_first(db):
    odd = quake_and_ferry(db)
    ranked = db.execute("SELECT id, event_date FROM groups WHERE background = 0 "
                        "ORDER BY importance DESC").fetchall()
    assert ranked[0][1] == "2010-01-12"
    assert ranked[-1][0] == group_of(db, odd[0])


def test_one_entry_is_ranked_as_the_build_ranks_it_and_a_split_is_ranked_so(db):
    """A split's new entry stood at importance 0, below ~700 single-source entries of a
    300-article story: the reviewer lost the entry just made. One entry ranked alone gets
    what the build gives it; a split's new entry and a background group accepted are
    ranked so."""
    from workbench.group.rank import rank_one
    from workbench.review import actions

    quake_and_ferry(db)
    for gid, importance in db.execute("SELECT id, importance FROM groups").fetchall():
        assert rank_one(db.conn, gid) == pytest.approx(importance)
    quake = db.execute("SELECT id, version FROM groups WHERE background = 0 "
                       "ORDER BY importance DESC").fetchone()
    claims = [c for (c,) in db.execute("SELECT claim_id FROM group_members WHERE group_id = ? "
                                       "ORDER BY claim_id", [quake[0]])]
    out = actions.split(db.conn, quake[0], claims[:2], version=quake[1], reviewer="t")
    new = db.execute("SELECT importance FROM groups WHERE id = ?", [out.focus]).fetchone()[0]
    least = db.execute("SELECT min(importance) FROM groups WHERE background = 0 AND id != ?",
                       [out.focus]).fetchone()[0]
    assert new > 0 and new == pytest.approx(rank_one(db.conn, out.focus))
    assert new >= least  # two sources of the story's main day: not last in the queue
    # a background group the reviewer accepts is an entry now, ranked as one
    ferry = db.execute("SELECT id FROM groups WHERE event_date = '2010-01-20'").fetchone()[0]
    with db.conn:
        db.execute("UPDATE groups SET background = 1, importance = 0 WHERE id = ?", [ferry])
    version = db.execute("SELECT version FROM groups WHERE id = ?", [ferry]).fetchone()[0]
    actions.decide(db.conn, ferry, "accept", version=version, reviewer="t")
    got = db.execute("SELECT importance FROM groups WHERE id = ?", [ferry]).fetchone()[0]
    assert got > 0 and got == pytest.approx(rank_one(db.conn, ferry))


def test_undo_and_redo_give_an_entry_back_its_place_in_the_queue(db):
    """An undone merge made its source again at importance 0, and a redone split its new
    entry: a tester found them at the end of a 780-entry queue, below every entry."""
    from workbench.review import actions

    quake_and_ferry(db, quakes=3, ferries=2)

    def importance():
        return dict(db.execute("SELECT id, importance FROM groups").fetchall())

    quake, ferry = (db.execute("SELECT id, version FROM groups WHERE event_date = ?",
                               [day]).fetchone() for day in ("2010-01-12", "2010-01-20"))
    ranked = importance()
    assert ranked[ferry[0]] > 0
    actions.merge(db.conn, {ferry[0]: ferry[1]}, quake[0], target_version=quake[1],
                  reviewer="t")
    actions.undo(db.conn)
    assert importance() == pytest.approx(ranked)
    version = db.execute("SELECT version FROM groups WHERE id = ?", [quake[0]]).fetchone()[0]
    claims = [c for (c,) in db.execute("SELECT claim_id FROM group_members WHERE group_id = ? "
                                       "ORDER BY claim_id", [quake[0]])]
    out = actions.split(db.conn, quake[0], claims[:1], version=version, reviewer="t")
    split = importance()
    assert split[out.focus] > 0
    actions.undo(db.conn)
    actions.redo(db.conn)
    assert importance() == pytest.approx(split)
    # a merge logged before importance was kept: the group made again is ranked anew
    ferry_version = db.execute("SELECT version FROM groups WHERE id = ?",
                               [ferry[0]]).fetchone()[0]
    version = db.execute("SELECT version FROM groups WHERE id = ?", [quake[0]]).fetchone()[0]
    actions.merge(db.conn, {ferry[0]: ferry_version}, quake[0], target_version=version,
                  reviewer="t")
    with db.conn:
        db.execute("UPDATE decisions SET before = json_remove(json_remove(before, "
                   "'$.groups.\"%d\".importance'), '$.groups.\"%d\".importance') "
                   "WHERE id = (SELECT max(id) FROM decisions)" % (ferry[0], quake[0]))
    assert "importance" not in db.execute(
        "SELECT json_extract(before, '$.groups.\"%d\"') FROM decisions "
        "WHERE id = (SELECT max(id) FROM decisions)" % ferry[0]).fetchone()[0]
    actions.undo(db.conn)
    assert importance()[ferry[0]] == pytest.approx(split[ferry[0]])


def test_an_entry_merged_into_a_lesser_one_keeps_its_rank(db):
    """A tester merged the queue's first entry (20 sources) into the finder's first choice,
    a one-source entry 426th in the queue, and the merged entry stayed 425th; merged into
    a background group it went last. The merged entry is ranked as what it now is."""
    from workbench.group.rank import rank_one
    from workbench.review import actions

    quake_and_ferry(db)
    big, small = (db.execute("SELECT id, version, importance FROM groups WHERE event_date = ?",
                             [day]).fetchone() for day in ("2010-01-12", "2010-01-20"))
    assert big[2] > small[2]
    actions.merge(db.conn, {big[0]: big[1]}, small[0], target_version=small[1], reviewer="t")
    merged = db.execute("SELECT importance FROM groups WHERE id = ?", [small[0]]).fetchone()[0]
    assert merged == pytest.approx(rank_one(db.conn, small[0])) and merged > small[2]
    actions.undo(db.conn)  # and back as they were
    assert db.execute("SELECT importance FROM groups WHERE id = ?",
                      [big[0]]).fetchone()[0] == pytest.approx(big[2])


def day_order(db, day: str) -> list[int]:
    """The entries of ``day``, as the queue sorted by importance shows them."""
    return [g for (g,) in db.execute(
        "SELECT id FROM groups WHERE background = 0 AND event_date = ? "
        "ORDER BY importance DESC", [day]).fetchall()]


def test_a_day_opens_with_a_report_of_it_not_a_readers_comment(db):
    # a page of readers' comments and a report, one source each, of one day: the report
    # leads the day in the queue, whichever was stored first
    with db.conn:
        comment = add_article(db, "comments", [
            ("I arrived in Mexico City on April 25, 2009 and my hotel was closed.",
             "2009-04-25", "arrive", "past", ["Mexico City"])], published="2009-04-26")
        report = add_article(db, "report", [
            ("Mexico closed its schools on April 25, 2009 to slow the outbreak.",
             "2009-04-25", "close", "past", ["Mexico"])], published="2009-04-26")
    regroup(db)
    assert day_order(db, "2009-04-25") == [group_of(db, report[0]), group_of(db, comment[0])]


def test_of_a_days_entries_with_as_many_sources_the_fuller_account_leads(db):
    # one source each, one day: a remark stored first and a report three sentences tell;
    # the report leads the day, as the build ranks it and as one entry is ranked again
    from workbench.group.rank import ranking

    with db.conn:
        remark = add_article(db, "remark", [
            ("A columnist wrote on April 29, 2009 that the media whipped up a panic.",
             "2009-04-29", "write", "past", ["Guardian"])], published="2009-04-29")
        report = add_article(db, "report", [
            ("Confirmed cases in the US rose to 109 in 11 states on April 29, 2009.",
             "2009-04-29", "rise", "past", ["US"]),
            ("Japan reported its first suspected case.", None, "report", "past", ["Japan"]),
            ("Health officials traced it to a flight.", None, "trace", "past", [])],
            published="2009-04-29")
    regroup(db)
    assert day_order(db, "2009-04-29") == [group_of(db, report[0]), group_of(db, remark[0])]
    assert ranking(db.conn, group_of(db, remark[0])).place == 1
    assert ranking(db.conn, group_of(db, report[0])).place == 0


def test_rejecting_a_days_first_entry_puts_the_next_in_its_place_and_undo_back(db):
    """A tester rejected the catch-all that opened a busy day of a 286-article story; the
    day's next entry kept half the day's weight, hundreds of rows down the queue. Rejected,
    an entry takes no share from the next; reopened or undone, it leads the day again,
    and the build ranks a rejected entry so too."""
    from workbench.group.rank import rank_entries, ranking
    from workbench.review import actions

    with db.conn:
        report = add_article(db, "report", [
            ("Confirmed cases in the US rose to 109 in 11 states on April 29, 2009.",
             "2009-04-29", "rise", "past", ["US"]),
            ("Japan reported its first suspected case.", None, "report", "past", ["Japan"])],
            published="2009-04-29")
        remark = add_article(db, "remark", [
            ("A columnist wrote on April 29, 2009 that the media whipped up a panic.",
             "2009-04-29", "write", "past", ["Guardian"])], published="2009-04-29")
    regroup(db)
    first, second = group_of(db, report[0]), group_of(db, remark[0])

    def importance(gid):
        return db.execute("SELECT importance FROM groups WHERE id = ?", [gid]).fetchone()[0]

    def version(gid):
        return db.execute("SELECT version FROM groups WHERE id = ?", [gid]).fetchone()[0]

    whole, half = importance(first), importance(second)
    assert half == pytest.approx(whole / 2, abs=1e-6)
    out = actions.decide(db.conn, first, "reject", version=version(first), reviewer="t")
    assert importance(second) == pytest.approx(whole) and out.opens == second
    assert ranking(db.conn, second).place == 0
    # rejected, it is ranked 0, as background is, and the detail has no rank to explain
    assert importance(first) == 0 and ranking(db.conn, first) is None
    # the build ranks it as the decision left it
    rank_entries(db)
    assert importance(second) == pytest.approx(whole)
    actions.undo(db.conn)
    assert (importance(first), importance(second)) == pytest.approx((whole, half))
    assert actions.redo(db.conn).opens == second
    assert importance(second) == pytest.approx(whole)
    out = actions.decide(db.conn, first, "reopen", version=version(first), reviewer="t")
    assert (importance(first), importance(second)) == pytest.approx((whole, half))
    assert out.opens is None
    # accepted, the first entry is the day's still; many rejected at once count too
    actions.decide(db.conn, first, "accept", version=version(first), reviewer="t")
    assert importance(second) == pytest.approx(half)
    actions.decide_many(db.conn, {first: version(first)}, "reject", reviewer="t")
    assert importance(second) == pytest.approx(whole)
    actions.undo(db.conn)
    assert importance(second) == pytest.approx(half)


def test_a_reject_ranks_its_day_as_a_build_would_whichever_way_it_is_ranked(db):
    """A reject shifts the places after it from the importances as they stand (a day of
    500 entries read again made a decision 30 ms); a decision the TUI ranks after it is
    committed (``rank=False``, ``rank_again``) ends the same; stored importances that are
    not a build's are ranked whole."""
    from workbench.group import rank
    from workbench.review import actions

    quake_and_ferry(db, quakes=1)
    with db.conn:
        for i, (text, trigger, name) in enumerate([  # four more of the day, one source each
                ("The airport of the capital closed to flights on January 12, 2010.", "close",
                 "Toussaint Louverture"),
                ("A hospital collapsed in Jacmel on January 12, 2010.", "collapse", "Jacmel"),
                ("Telephone networks failed across the south on January 12, 2010.", "fail",
                 "Digicel"),
                ("The cathedral lost its roof on January 12, 2010.", "lose", "Cathedral")]):
            add_article(db, f"x{i}", [(text, "2010-01-12", trigger, "past", [name])],
                        published="2010-01-13")
    regroup(db)
    day = "2010-01-12"

    def shares():
        return dict(db.execute("SELECT id, importance FROM groups WHERE event_date = ? "
                               "AND background = 0", [day]).fetchall())

    built = shares()
    order = sorted(built, key=lambda g: -built[g])
    assert len(order) >= 4
    second = order[1]
    version = db.execute("SELECT version FROM groups WHERE id = ?", [second]).fetchone()[0]
    out = actions.decide(db.conn, second, "reject", version=version, reviewer="t", rank=False)
    assert shares() == built  # nothing ranked yet; the caller is told what to rank
    assert out.rank_later == ((day, second),) and out.opens == order[2]
    assert out.opens_at == f"entry no. 2 of {day}"
    actions.rank_again(db.conn, out.rank_later)
    quick = shares()
    rank.rank_entries(db)
    assert shares() == quick and quick[second] == 0 and quick[order[2]] == built[second]
    # the shortcut only where the importances are a build's
    with db.conn:
        db.execute("UPDATE groups SET importance = 0.5 WHERE id = ?", [order[0]])
        db.execute("UPDATE groups SET status = 'rejected' WHERE id = ?", [order[3]])
    assert rank._after_reject(db.conn, day, order[3]) is None
    rank.rank_day(db.conn, day, rejected=order[3])
    ranked = shares()
    rank.rank_entries(db)
    assert shares() == ranked


@pytest.mark.parametrize("text, speaker, expected", [
    ("I arrived in Mexico City on Saturday.", None, True),
    ("Yesterday I had a good chat with the chief economist.", None, True),
    ("When the quake hit, my house fell down.", None, True),
    # a quotation, or somebody quoted: the speaker's words, told by the reporter
    ('He said "I am happy with the deal" on Monday.', None, False),
    ("``I give you my word,'' he said.", None, False),
    ("I will not resign, the minister told parliament.", "minister", False),
    # a name, not the writer
    ("World War I ended in November 1918.", None, False),
    ("The ministry said it would act.", None, False),
])
def test_a_writers_own_experience_is_told_in_the_first_person(text, speaker, expected):
    from workbench.group.rank import first_person

    assert first_person({"text": text, "speaker_norm": speaker}) is expected


def test_a_large_collection_opens_sorted_by_importance(db):
    with db.conn:
        for i in range(3):
            add_article(db, f"s{i}", [("Talks were held in Oslo on May 2, 2024.", "2024-05-02",
                                        "talk", "past", ["Oslo"])])
    assert default_sort(db.conn) == "queue"
    with db.conn:
        for i in range(20):
            add_article(db, f"l{i}", [("Talks were held in Oslo on May 2, 2024.", "2024-05-02",
                                        "talk", "past", ["Oslo"])])
    assert default_sort(db.conn) == "importance"


@pytest.mark.parametrize("aspect,expected", [
    ("past", True), ("earlier", True), (None, True), ("present", False), ("future", False)])
def test_only_what_is_told_in_the_past_is_a_happening(aspect, expected):
    assert happening({"aspect": aspect}) is expected


def test_an_undated_claim_shows_its_occasions_day_and_says_who_dates_it(db):
    with db.conn:
        ids = add_article(db, "a", [
            ("The delegations held talks in Istanbul on June 2, 2025.", "2025-06-02", "talk",
             "past", ["Istanbul"]),
            ("The discussions lasted just over an hour.", None, "last", "past", []),
        ])
    regroup(db)
    row = db.execute("SELECT date, date_provenance, date_base FROM claims WHERE id = ?",
                     [ids[1]]).fetchone()
    assert row[:2] == ("2025-06-02", "carried")
    assert "its article dates it 2025-06-02" in row[2]
    # shown, never evidence: the entry is still dated by the one sentence that says so
    from workbench.dates import entry as dates_entry
    from workbench.group import group_claims

    claims, _ = group_claims(db, group_of(db, ids[1]))
    assert len(dates_entry.evidence_dates(claims)) == 1
    # the dated sentence is gone: the day is given back
    with db.conn:
        db.execute("DELETE FROM claims WHERE id = ?", [ids[0]])
    regroup(db)
    assert db.execute("SELECT date, date_provenance FROM claims WHERE id = ?",
                      [ids[1]]).fetchone() == (None, "none")


def test_a_side_story_opened_by_meanwhile_keeps_its_next_paragraphs(db):
    with db.conn:
        ids = add_article(db, "a", [
            ("The swap, which took place on June 19, involved hundreds of soldiers.",
             "2025-06-19", "swap", "past", []),
            ("Zelenskyy shared images of the returning troops.", None, "share", "past", []),
            ("Meanwhile, the battlefield remains active and deadly.", None, "remain",
             "present", []),
        ])
        # the background sentence opened the paragraph; the report in it, and the next
        # paragraph, tell the side story
        text = db.execute("SELECT text FROM documents").fetchone()[0]
        more = (" Officials report that Russia has launched an intense attack on Kyiv."
                "\nThe assault involved more than 400 drones.")
        db.execute("UPDATE documents SET text = ?", [text + more])
        start = len(text) + 1
        first = insert_row(db, "claims", {
            "document_id": 1, "char_start": start, "char_end": start + 66,
            "text": more[1:67], "date_provenance": "none", "trigger": "attack",
            "aspect": "past", "entities": "[]", "numbers": "[]", "created_at": now()})
        start = len(text) + len(more) - 41
        second = insert_row(db, "claims", {
            "document_id": 1, "char_start": start, "char_end": start + 41,
            "text": more[-41:], "date_provenance": "none", "trigger": "involve",
            "aspect": "past", "entities": "[]", "numbers": "[]", "created_at": now()})
    regroup(db)
    swap = group_of(db, ids[0])
    assert group_of(db, ids[1]) == swap
    assert group_of(db, first) != swap
    assert group_of(db, second) == group_of(db, first)


def _claim(cid, doc, start, text, *, date=None, trigger=None, speaker=None):
    return {"id": cid, "document_id": doc, "char_start": start, "text": text,
            "date": date, "date_precision": "day" if date else None,
            "date_provenance": "explicit" if date else "none", "stated_provenance": None,
            "trigger": trigger, "aspect": "past", "entities": [], "speaker_norm": speaker}


def _lines(*sentences):
    text, starts = "", []
    for s in sentences:
        starts.append(len(text))
        text += s + "\n"
    return text, starts


def test_paragraphs_quoting_one_speaker_are_one_block_of_an_undated_article():
    from workbench.group.clustering import Cluster
    from workbench.group.entries import entries

    said = ("Melinda Haring emphasized the significance of this development.",
            "The exchange is a big deal for both sides.",
            "\u201cThese exchanges have gone off pretty seamlessly,\u201d noted Melinda Haring.",
            "Families gathered near the border hoping for news.")
    text, starts = _lines(*said)
    claims = [_claim(1, 1, starts[0], said[0], trigger="emphasize", speaker="haring"),
              {**_claim(2, 1, starts[1], said[1], trigger="be"), "aspect": "present"},
              _claim(3, 1, starts[2], said[2], trigger="note", speaker="haring"),
              _claim(4, 1, starts[3], said[3], trigger="gather")]
    fine = [Cluster([i], [1.0], None) for i in range(4)]
    out = [sorted(e.members) for e in entries(fine, claims, {}, {"1": text})]
    # no sentence dates the article: a paragraph would stand alone, but the second quote
    # of Haring continues her first (the present-tense aside is background); the families
    # (another paragraph, another kind of event, nobody quoted) stand apart
    assert sorted(out) == [[0, 2], [1], [3]]


def test_a_fine_event_split_between_two_occasions_does_not_glue_an_undated_claim():
    from workbench.group.clustering import Cluster
    from workbench.group.entries import entries

    first = "The first round of talks was held in Istanbul on May 16."
    second = "The second round of talks was held in Istanbul on June 2."
    more = ("An earlier round of negotiations ended without a ceasefire.",
            "Negotiations of the second round lasted an hour.")
    loose = "Negotiations continue virtually every day, Zelensky said."
    docs = {"1": _lines(first, more[0])[0], "2": _lines(second, more[1])[0],
            "3": _lines(loose)[0]}
    claims = [_claim(1, 1, 0, first, date="2025-05-16", trigger="hold"),
              _claim(2, 1, len(first) + 1, more[0], trigger="negotiate"),
              _claim(3, 2, 0, second, date="2025-06-02", trigger="hold"),
              _claim(4, 2, len(second) + 1, more[1], trigger="negotiate"),
              _claim(5, 3, 0, loose, trigger="negotiate", speaker="zelensky")]

    def built(fine_events):
        fine = [Cluster(m, [1.0] * len(m), None) for m in fine_events]
        return [sorted(e.members) for e in entries(fine, claims, {}, docs)]

    # "negotiations" clustered with both rounds' reports: two links into each round,
    # but the event is split between them, so it says nothing about which one: alone
    out = built([[0, 1, 2, 3, 4]])
    assert [4] in out
    # the same two links into one occasion only glue it there
    out = built([[0, 1, 4], [2], [3]])
    assert [0, 1, 4] in out


def test_articles_that_give_no_date_at_all_tell_one_occasion_as_one_entry():
    from workbench.group.clustering import Cluster
    from workbench.group.entries import entries

    # three web reports with no date anywhere (no dateline, no metadata): each tells the
    # check-in in one paragraph, two of them twice (a quote, then the lead again)
    one = "Tara Reid has checked herself into Promises Treatment Center, her rep told Us."
    two = ("Tara Reid has checked herself into the Promises Treatment Center, her rep says.",
           "The actress decided to check in last week, after years of partying.")
    three = ("The actress finally checked into rehab in Malibu.",
             "A statement from her people confirmed she checked herself in.")
    docs = {"1": one + "\n", "2": " ".join(two) + "\n", "3": " ".join(three) + "\n"}
    claims = [_claim(1, 1, 0, one, trigger="check"),
              _claim(2, 2, 0, two[0], trigger="check"),
              _claim(3, 2, len(two[0]) + 1, two[1], trigger="decide"),
              _claim(4, 3, 0, three[0], trigger="check"),
              _claim(5, 3, len(three[0]) + 1, three[1], trigger="confirm")]
    fine = [Cluster([0, 1, 2, 3, 4], [1.0] * 5, None)]
    out = sorted(sorted(e.members) for e in entries(fine, claims, {}, docs))
    # no day places any of them, so no occasion splits the fine event: one entry, not
    # one per article
    assert out == [[0, 1, 2, 3, 4]]


def test_three_articles_with_no_date_that_tell_one_event_once_each_are_one_entry():
    from workbench.group.clustering import Cluster
    from workbench.group.entries import entries

    told = ("Tara Reid has checked into Promises Treatment Center in Malibu.",
            "Tara Reid has checked herself into Promises Treatment Center, her rep said.",
            "The American Pie actress has entered Promises, People reported.")
    docs = {str(d): t + "\n" for d, t in enumerate(told, 1)}
    claims = [_claim(d, d, 0, t, trigger="check") for d, t in enumerate(told, 1)]
    fine = [Cluster([0, 1, 2], [1.0] * 3, None)]

    def built(dateless):
        return sorted(sorted(e.members) for e in entries(fine, claims, {}, docs, dateless))

    # each report links once to each of the others: two other articles are two witnesses
    # when no date can tell their occasions apart
    assert built(frozenset({1, 2, 3})) == [[0, 1, 2]]
    # articles with publication dates (given or guessed) are kept apart by one link each:
    # the seeds' 479-drone attack, its airbase strikes and the Kyiv attack eleven days
    # later share "launched" and nothing else
    assert built(frozenset()) == [[0], [1], [2]]


def test_one_copy_that_names_the_day_dates_the_undated_copies_of_one_event():
    from workbench.group.clustering import Cluster
    from workbench.group.entries import entries

    told = ("Tara Reid has checked into Promises Treatment Center in Malibu.",
            "Tara Reid has checked herself into Promises Treatment Center, her rep said.",
            "The American Pie actress has entered Promises, People reported.",
            "Reid checked herself in on Tuesday, December 9, 2008.")
    other = "Lindsay Lohan checked into the Betty Ford Center on Friday, May 3, 2013."
    docs = {str(d): t + "\n" for d, t in enumerate((*told, other), 1)}
    claims = [_claim(d, d, 0, t, trigger="check", date="2008-12-09" if d == 4 else None)
              for d, t in enumerate(told, 1)]

    def built(members, dateless=frozenset({1, 2, 3, 4, 5})):
        fine = [Cluster(members, [1.0] * len(members), None)]
        return sorted(sorted(e.members) for e in entries(fine, claims, {}, docs, dateless))

    # three web copies with no date link to each other and to the one that names the
    # day: one occasion with it (which its day then dates), not three undated entries
    # beside a dated one
    assert built([0, 1, 2, 3]) == [[0, 1, 2, 3]]
    # when the event's reports reach two dated occasions (a check-in of 2008 and one of
    # 2013), the undated copies cannot say which they tell: they stay apart
    claims.append(_claim(5, 5, 0, other, date="2013-05-03", trigger="check"))
    out = built([0, 1, 2, 3, 4])
    assert [3] in out and [4] in out and [0, 1, 2, 3] not in out
    # copies in articles with a publication date are kept apart by time, as before
    assert built([0, 1, 2, 3], dateless=frozenset()) == [[0], [1], [2], [3]]


def test_web_copies_without_dates_take_the_day_one_of_them_names(db):
    # four copies of one report, none with a publication date; one names the day
    told = "Tara Reid has checked herself into Promises Treatment Center, her rep said"
    names = ["Tara Reid", "Promises Treatment Center"]
    with db.conn:
        ids = [add_article(db, name, [(f"{told}{tail}.", None, "check", "past", names)])[0]
               for name, tail in (("a", ""), ("b", " on Friday"), ("c", " in a statement"))]
        ids += add_article(db, "d", [(f"{told} on Tuesday, December 9, 2008.", "2008-12-09",
                                      "check", "past", names)])
    regroup(db)
    groups = {group_of(db, i) for i in ids}
    assert len(groups) == 1, groups
    date = db.execute("SELECT event_date FROM groups WHERE id = ?", [groups.pop()]).fetchone()[0]
    assert date == "2008-12-09"


def test_two_undated_reports_of_one_event_on_the_same_weekday_are_one_occasion():
    from workbench.group.clustering import Cluster
    from workbench.group.entries import entries

    told = ("Courthouse killer Brian Nichols was sentenced Saturday to seven life terms.",
            "A judge sentenced Brian Nichols on Saturday to multiple life sentences.")
    docs = {str(d): t + "\n" for d, t in enumerate(told, 1)}

    def built(weekdays):
        named = zip(told, weekdays, strict=True)
        claims = [{**_claim(d, d, 0, t, trigger="sentence"), "date_provenance": "relative",
                   "date_text": wd} for d, (t, wd) in enumerate(named, 1)]
        fine = [Cluster([0, 1], [1.0, 1.0], None)]
        return sorted(sorted(e.members) for e in entries(fine, claims, {}, docs,
                                                         frozenset({1, 2})))

    # no publication date places "Saturday", but two reports of one sentencing that both
    # name it are two witnesses: one entry, where one link alone glues nothing
    assert built(("Saturday", "Saturday")) == [[0, 1]]
    assert built(("Saturday", "Monday")) == [[0], [1]]
    assert built((None, None)) == [[0], [1]]


def test_a_history_told_beside_the_news_stays_out_of_the_news_entry():
    from workbench.group.clustering import Cluster
    from workbench.group.entries import entries

    news = ("A magnitude 7 earthquake hit Haiti on 12 January 2010.",
            "The earthquake destroyed much of the capital.")
    history = ("A quake and tsunami killed 1,600 people in Puerto Rico in 1918.",
               "The quake also struck the island's west coast.")
    # the history is one paragraph: one block of its article
    docs = {"1": _lines(*news)[0], "2": " ".join(history) + "\n"}
    claims = [_claim(1, 1, 0, news[0], date="2010-01-12", trigger="hit"),
              _claim(2, 1, len(news[0]) + 1, news[1], trigger="destroy"),
              {**_claim(3, 2, 0, history[0], trigger="kill"), "date": "1918",
               "date_precision": "year", "date_provenance": "explicit"},
              _claim(4, 2, len(history[0]) + 1, history[1], trigger="strike")]
    # the engine put both quakes' sentences in fine events together (same words)
    fine = [Cluster([0, 2], [1.0, 1.0], None), Cluster([1, 3], [1.0, 1.0], None)]
    out = sorted(sorted(e.members) for e in entries(fine, claims, {}, docs))
    # two links would glue the 1918 block to the 2010 entry; its own year says otherwise
    assert out == [[0, 1], [2, 3]]
    # a year that holds the entry's day is no objection
    claims[2] = {**claims[2], "date": "2010"}
    out = sorted(sorted(e.members) for e in entries(fine, claims, {}, docs))
    assert out == [[0, 1, 2, 3]]


def test_a_follow_up_tells_what_happened_since_its_old_lead():
    from workbench.group.clustering import Cluster
    from workbench.group.entries import entries

    news = ("A magnitude 7 earthquake hit Haiti on 12 January 2010.",
            "Rescuers pulled survivors from the rubble of the capital.")
    later = ("Haiti was devastated by the earthquake of 12 January.",
             "Rescuers pulled a man from the rubble of a shop after 11 days.",
             "Aid flights now land at the airport every hour.")

    def undated(cid, doc, start, text, trigger, published):
        return {**_claim(cid, doc, start, text, trigger=trigger), "date": published,
                "date_precision": "day", "date_provenance": "document"}

    def built(published, quake_elsewhere="2010-01-12"):
        docs = {"1": _lines(*news)[0], "2": " ".join(later) + "\n"}
        starts = [0, len(later[0]) + 1, len(later[0]) + len(later[1]) + 2]
        claims = [_claim(1, 1, 0, news[0], date=quake_elsewhere, trigger="hit"),
                  undated(2, 1, len(news[0]) + 1, news[1], "pull", "2010-01-13"),
                  _claim(3, 2, starts[0], later[0], date="2010-01-12", trigger="devastate"),
                  undated(4, 2, starts[1], later[1], "pull", published),
                  undated(5, 2, starts[2], later[2], "land", published)]
        # the engine put both rescues in one fine event (same words), and both quakes
        fine = [Cluster([0, 2], [1.0, 1.0], None), Cluster([1, 3], [1.0, 1.0], None),
                Cluster([4], [1.0], None)]
        return sorted(sorted(e.members) for e in entries(fine, claims, {}, docs))

    # told the next day, the article's undated sentences continue the quake
    assert built("2010-01-13") == [[0, 1, 2, 3, 4]]
    # told eleven days on (a tester found a 584-claim quake entry holding such weeks):
    # they are the follow-up's own news, apart from the quake it recalls
    assert built("2010-01-23") == [[0, 1, 2], [3, 4]]
    # an old lead that no other report tells may be the article misdating its own news
    # (001 of the seeds: "convened ... on May 22nd" for the June 2 talks): still its lead
    (mine,) = [e for e in built("2010-01-23", quake_elsewhere="2010-01-13") if 2 in e]
    assert {2, 3, 4} <= set(mine)


def test_a_follow_up_stays_apart_from_its_old_lead_through_a_third_article():
    """Haiti's entry of 22 January held all 84 undated sentences of a roundup published on
    the 28th: they joined an undated article that tells the same rescues, and that article
    then joined the old entry. What joined a follow-up tells what happened since, too."""
    from workbench.group.clustering import Cluster
    from workbench.group.entries import entries

    sentences = {
        1: ["A magnitude 7 earthquake hit Haiti on 12 January 2010.",
            "Rescuers pulled survivors from the rubble of the capital.",
            "Aid flights began landing at the airport.",
            "The quake destroyed the national palace."],
        2: ["Haiti was devastated by the earthquake of 12 January.",
            "Rescuers pulled a man from the rubble of a shop after 11 days.",
            "Aid flights now land at the airport every hour."],
        3: ["A man was pulled from the rubble of a shop.",
            "Flights land at the airport every hour.",
            "The quake destroyed the palace."],
    }
    published = {1: "2010-01-13", 2: "2010-01-23", 3: None}
    docs, claims = {}, []
    for doc, lines in sentences.items():
        text, starts = _lines(*lines)
        if doc == 3:  # one paragraph: one block
            text = " ".join(lines) + "\n"
            starts = [text.index(line) for line in lines]
        docs[str(doc)] = text
        for n, (line, start) in enumerate(zip(lines, starts, strict=True)):
            dated = "2010-01-12" if n == 0 and doc != 3 else None
            claim = _claim(len(claims) + 1, doc, start, line, date=dated,
                           trigger=line.split()[1])
            if not dated and published[doc]:
                claim.update(date=published[doc], date_precision="day",
                             date_provenance="document")
            claims.append(claim)
    # quake, rubble, flights, palace: the engine's fine events across the three
    fine = [Cluster(m, [1.0] * len(m), None)
            for m in ([0, 4], [1, 5, 7], [2, 6, 8], [3, 9])]
    out = sorted(sorted(e.members) for e in entries(fine, claims, {}, docs))
    # the follow-up's own news, with the article that tells it too, not the quake's
    assert out == [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]]


def _one_claim_articles(*told):
    """(claims, documents) for articles of one claim each: (text, day, trigger)."""
    claims, docs = [], {}
    for n, (text, day, trigger) in enumerate(told, start=1):
        docs[str(n)] = text + "\n"
        claims.append(_claim(n, n, 0, text, date=day, trigger=trigger))
    return claims, docs


def test_one_days_blocks_join_by_a_fine_event_not_by_a_kind_or_a_name():
    """On a busy day many occasions of one kind are told, naming the same people: a kind
    or a name two blocks share joined them (Haiti's blocks of one day into one entry of
    281 claims; ECB+ published on one day kept 70 % of its entries' pairs on one
    occasion). Blocks of one day join when they report one fine event."""
    from workbench.group.clustering import Cluster
    from workbench.group.entries import entries

    claims, docs = _one_claim_articles(
        ("Delegations met in Istanbul on June 2, 2025.", "2025-06-02", "meet"),
        ("Trade ministers held talks in Geneva on June 2, 2025.", "2025-06-02", "talk"),
        ("Ministers met in Geneva on June 2, 2025 to talk trade.", "2025-06-02", "meet"))
    for c in claims:
        c["entities"] = [{"text": "Ministers", "norm": "ministers", "label": "ORG"}]
    apart = [Cluster([0], [1.0], None), Cluster([1], [1.0], None)]
    two = {k: docs[k] for k in ("1", "2")}
    found = sorted(sorted(e.members) for e in entries(apart, claims[:2], {}, two))
    assert found == [[0], [1]]  # one kind, one name, one day: two occasions yet
    # the engine found the Geneva reports to tell one event: one occasion
    geneva = [Cluster([0], [1.0], None), Cluster([1, 2], [1.0, 1.0], None)]
    found = sorted(sorted(e.members) for e in entries(geneva, claims, {}, docs))
    assert found == [[0], [1, 2]]


def test_two_days_other_articles_tell_are_two_occasions_however_alike():
    """A source that dates an occasion apart from the others is one misdating (seed 001's
    "May 22nd" for the June 2 talks); but Haiti's 13 and 21 January, each told by several
    articles, were joined as one because two of their claims shared fine events."""
    from workbench.group.clustering import Cluster
    from workbench.group.entries import entries

    told = [("Rescuers pulled survivors from the rubble on January 13, 2010.", "2010-01-13"),
            ("Aid flights landed at the airport on January 13, 2010.", "2010-01-13"),
            ("Rescuers pulled a woman from the rubble on January 21, 2010.", "2010-01-21"),
            ("Aid flights landed at the port on January 21, 2010.", "2010-01-21")]

    def built(articles):
        docs, claims, fine = {}, [], []
        for n, sentences in enumerate(articles, start=1):
            text, starts = _lines(*(told[i][0] for i in sentences))
            docs[str(n)] = text
            claims += [_claim(10 * n + k, n, start, told[i][0], date=told[i][1],
                              trigger="pull" if i % 2 == 0 else "land")
                       for k, (i, start) in enumerate(zip(sentences, starts, strict=True))]
        # the engine put the rescues in one fine event, and the flights in another
        fine = [Cluster([k for k, c in enumerate(claims) if c["trigger"] == t],
                        [1.0] * sum(c["trigger"] == t for c in claims), None)
                for t in ("pull", "land")]
        return {frozenset(claims[k]["date"] for k in e.members)
                for e in entries(fine, claims, {}, docs)}

    # each day told by two articles: two occasions
    assert built([[0, 1], [0, 1], [2, 3], [2, 3]]) == {
        frozenset({"2010-01-13"}), frozenset({"2010-01-21"})}
    # one article alone on the 13th, the three others on the 21st: its misdating
    assert built([[0, 1], [2, 3], [2, 3], [2, 3]]) == {frozenset({"2010-01-13", "2010-01-21"})}


def _told_apart(articles, lone_base=None):
    """Entries (as sets of their claims' days) of articles each telling one day: a list of
    (day, [(text, trigger), ...]); the engine puts every claim of one trigger in one fine
    event. ``lone_base``: the last article's claims were read against this base."""
    from workbench.group.clustering import Cluster
    from workbench.group.entries import entries

    docs, claims = {}, []
    for n, (day, sentences) in enumerate(articles, start=1):
        text, starts = _lines(*(t for t, _ in sentences))
        docs[str(n)] = text
        claims += [_claim(10 * n + k, n, start, t, date=day, trigger=trigger)
                   for k, ((t, trigger), start) in enumerate(zip(sentences, starts, strict=True))]
    if lone_base:
        for c in claims:
            if c["document_id"] == len(articles):
                c.update(date_provenance="relative", date_base=lone_base)
    triggers = sorted({c["trigger"] for c in claims})
    fine = [Cluster([k for k, c in enumerate(claims) if c["trigger"] == t],
                    [1.0] * sum(c["trigger"] == t for c in claims), None) for t in triggers]
    return {frozenset(claims[k]["date"] for k in e.members)
            for e in entries(fine, claims, {}, docs)}


def test_a_misdated_article_joins_one_occasion_not_every_one_it_shares_events_with():
    """One article alone on its day is one occasion misdated, the one its claims report
    most: an article dating a school closure "until May 6" shared fine events with the
    reports of 24 April, 4 May and 7 May, and joined all three into one entry dated May."""
    # each day is told by two articles, each fine event by one (a fine event two other
    # articles date takes their day before any block is read as a misdating)
    rescue, flights = ("Rescuers pulled survivors from the rubble.", "pull"), (
        "Aid flights landed at the airport.", "land")
    found = _told_apart([
        ("2010-01-13", [rescue]), ("2010-01-13", [("Schools closed in the capital.", "close")]),
        ("2010-01-21", [flights]), ("2010-01-21", [("The port reopened.", "reopen")]),
        ("2010-01-17", [rescue] * 3 + [flights] * 2)])
    assert {"2010-01-13", "2010-01-17"} in found and {"2010-01-21"} in found


def test_the_days_news_is_no_misdating():
    """A day read against the publication date its source gave, that day or the one
    before, is what the article reports as news: a trial's testimony "on Thursday", told
    on Thursday, names the same people and acts as Tuesday's and stayed one entry with it
    (the timeline has both days)."""
    testimony = ("The doctor told the court about the drug.", "testify")
    tuesday = [("2011-10-25", [testimony]),
               ("2011-10-25", [("The judge adjourned the hearing.", "adjourn")])]
    thursday = ("2011-10-27", [testimony] * 2)
    found = _told_apart([*tuesday, thursday], lone_base="2011-10-27 (given)")
    assert {"2011-10-27"} in found and {"2011-10-25"} in found
    for base in ("2011-10-27 (inferred)", "2011-10-29 (given)"):
        assert {"2011-10-25", "2011-10-27"} in _told_apart([*tuesday, thursday],
                                                            lone_base=base)


def test_a_day_only_publication_dates_is_ranked_as_a_day_after_the_entries_words_date(db):
    """An article's lead tells what happened on or just before its publication day, though
    it names no day ("A key aide has told the trial ..."): its entry is ranked with that day
    (the fitted ``only_published``), not as an undated entry. On a day a report names in
    its own words, that report's entry comes first."""
    from workbench.group.rank import rank_one

    with db.conn:
        worded = add_article(db, "a", [
            ("Rescuers pulled a girl from the rubble in Leogane on January 13, 2010.",
             "2010-01-13", "pull", "past", ["Leogane"])], published="2010-01-14")
        same_day = add_article(db, "b", [
            ("Aid workers reached the stadium with water and tents.", None, "reach", "past",
             ["Port-au-Prince"])], published="2010-01-13")
        lead = add_article(db, "c", [
            ("Doctors have amputated limbs in a tent hospital near the airport.", None,
             "amputate", "past", ["Haiti"])], published="2010-01-16")
        undated = add_article(db, "d", [
            ("Volunteers have collected blankets for the survivors in Miami.", None,
             "collect", "past", ["Miami"])])
        guessed = add_article(db, "e", [
            ("Engineers have restored power to the port of Cap-Haitien.", None,
             "restore", "past", ["Cap-Haitien"])], published="2010-01-18")
        # a day guessed from the article's own dates, not given by its source
        db.execute("UPDATE documents SET published_provenance = 'inferred' "
                   "WHERE content_hash = 'e'")
    regroup(db)
    row = {c: db.execute("SELECT g.event_date, g.date_basis, g.importance FROM groups g "
                         "WHERE g.id = ?", [group_of(db, c)]).fetchone()
           for c in (worded[0], same_day[0], lead[0], undated[0])}
    assert row[same_day[0]][:2] == ("2010-01-13", "published")
    assert row[lead[0]][:2] == ("2010-01-16", "published")
    # the day's report in its own words first, then the one its publication dates
    assert row[worded[0]][2] > row[same_day[0]][2]
    # a day a report was published on counts: above an entry nothing dates
    assert row[lead[0]][2] > row[undated[0]][2]
    # ... when its source gave that day: a day guessed from the text adds nothing to it
    basis, importance = db.execute("SELECT date_basis, importance FROM groups WHERE id = ?",
                                   [group_of(db, guessed[0])]).fetchone()
    assert basis == "published" and importance < row[lead[0]][2]
    for gid, importance in db.execute("SELECT id, importance FROM groups").fetchall():
        assert rank_one(db.conn, gid) == pytest.approx(importance)


def test_an_entry_is_titled_without_the_page_stamp_its_first_sentence_was_printed_with(db):
    # a scraped BBC page prints its date, stamp and help link into the first sentence: the
    # claim keeps the page's words (its citation), the queue's title reads the sentence
    stamped = ("24 June 2010 Last updated at 14:59 GMT Help A year on from the death of "
               "Michael Jackson, his fans gathered in Los Angeles.")
    with db.conn:
        (cid,) = add_article(db, "bbc", [(stamped, "2010-06-24", "gather", "past",
                                          ["Los Angeles"])], published="2010-06-24")
    regroup(db)
    title = db.execute("SELECT title FROM groups WHERE id = ?", [group_of(db, cid)]).fetchone()
    assert title[0] == ("A year on from the death of Michael Jackson, his fans gathered in "
                        "Los Angeles.")
    assert db.execute("SELECT text FROM claims WHERE id = ?", [cid]).fetchone()[0] == stamped


def test_a_fine_event_keeps_its_key_through_a_regrouping():
    """A fine event goes on under the key it had, with the new one holding most of its
    claims; the others get a key no fine event going on keeps."""
    from workbench.group.entries import stable_keys

    assert stable_keys([[3, 4], [7]], {}) == [3, 7]  # no grouping before: first claims
    # {3, 4, 5} was fine event 3 (3 is now decided, kept out); 4 and 5 go on under 3
    assert stable_keys([[4, 5], [7]], {4: 3, 5: 3, 7: 7}) == [3, 7]
    # split in two: the part with more of its claims keeps it, the other a new key
    assert stable_keys([[4], [5, 6]], {4: 3, 5: 3, 6: 3}) == [4, 3]
    # a new key never repeats a kept one, whichever claims it holds
    keys = stable_keys([[3], [4, 5]], {3: 9, 4: 3, 5: 3})
    assert keys == [9, 3] and len(set(keys)) == 2
    keys = stable_keys([[3, 9], [4, 5]], {4: 3, 5: 3, 9: 3})
    assert len(set(keys)) == 2 and 3 in keys


def test_a_collection_pages_pieces_are_not_its_leads_occasion():
    """A page of readers' comments (a forum, listings, a live page) runs longer than any
    report: its lead says nothing of the pieces after it. A tester met one entry of 738
    claims, readers' sentences on idioms, ninth in a story's queue."""
    from workbench.group.clustering import Cluster
    from workbench.group.entries import COLLECTION_CLAIMS, entries

    lead = ("Health officials confirmed the first death on April 26, 2009.", "2009-04-26")

    def page(doc, pieces):
        """One paragraph a piece; each piece one or more sentences."""
        text, claims = "", []
        for paragraph in [[lead], *pieces]:
            for sentence, date in paragraph:
                claims.append(_claim(doc * 1000 + len(claims), doc, len(text), sentence,
                                     date=date))
                text += sentence + " "
            text += "\n"
        return text, claims

    def alone(claims):
        return [Cluster([i], [1.0], None) for i in range(len(claims))]

    comment = [("A reader wrote that her neighbour fell ill.", None)]
    # a report: its undated paragraphs continue its lead's occasion
    text, claims = page(1, [comment] * 5)
    (report,) = entries(alone(claims), claims, {}, {"1": text})
    assert sorted(report.members) == list(range(6)) and not report.background

    # a collection: the lead is an entry alone; each piece is background, one key away,
    # but a piece two of whose sentences report another article's occasion joins it
    told = [("A reader wrote that the WHO raised its alert.", None),
            ("Mexico then shut its schools, she wrote.", None)]
    n = COLLECTION_CLAIMS + 20
    text, claims = page(2, [comment] * 7 + [told] + [comment] * (n - 8))
    other, starts = _lines("The WHO raised its alert level on April 27, 2009.",
                           "Mexico closed its schools after the alert.")
    claims += [_claim(3000, 3, starts[0], "The WHO raised its alert level on April 27, 2009.",
                      date="2009-04-27"),
               _claim(3001, 3, starts[1], "Mexico closed its schools after the alert.")]
    alert, schools, theirs = 8, 9, len(claims) - 2
    fine = [Cluster([i, theirs + k], [1.0, 1.0], None) if (k := i - alert) in (0, 1)
            else Cluster([i], [1.0], None) for i in range(theirs)]
    out = entries(fine, claims, {}, {"2": text, "3": other})
    entry_of = {i: e for e in out for i in e.members}
    assert entry_of[0].members == [0] and not entry_of[0].background
    joined = entry_of[theirs]
    assert {alert, schools, theirs, theirs + 1} <= set(joined.members)
    assert not joined.background
    pieces = [e for e in out if e is not entry_of[0] and e is not joined]
    assert len(pieces) == n - 1 and all(e.background for e in pieces)

    # counted in claims: a page of opinions told in the present, with a few happenings
    opinion = [("Readers say the media is whipping up a panic.", None)]
    text, claims = page(4, [comment] * 3 + [opinion] * COLLECTION_CLAIMS)
    for c in claims[4:]:
        c["aspect"] = "present"
    out = entries(alone(claims), claims, {}, {"4": text})
    entry_of = {i: e for e in out for i in e.members}
    assert entry_of[0].members == [0]
    assert all(entry_of[i].background for i in (1, 2, 3))
