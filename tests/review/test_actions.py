"""Reviewer actions against the database: what they write, the log, undo/redo, versions."""

from __future__ import annotations

import json
import sqlite3

import pytest
from builders import log_new_evidence

from workbench.db import connect, loads
from workbench.review import actions
from workbench.review.outcome import ReviewError, StaleGroup


def group(conn, gid):
    row = conn.execute(
        "SELECT status, title, event_date, date_precision, sources, note, edited, version "
        "FROM groups WHERE id = ?",
        [gid],
    ).fetchone()
    if row is None:
        return None
    keys = (
        "status",
        "title",
        "event_date",
        "date_precision",
        "sources",
        "note",
        "edited",
        "version",
    )
    return dict(zip(keys, row, strict=True))


def members(conn, gid):
    return {
        r[0]: r[1]
        for r in conn.execute(
            "SELECT claim_id, pinned FROM group_members WHERE group_id = ?", [gid]
        )
    }


def last_decision(conn):
    row = conn.execute(
        "SELECT action, group_id, reviewer, before, after, undone, at FROM decisions "
        "ORDER BY id DESC"
    ).fetchone()
    keys = ("action", "group_id", "reviewer", "before", "after", "undone", "at")
    return dict(zip(keys, row, strict=True))


@pytest.mark.parametrize(
    "action, status", [("accept", "accepted"), ("reject", "rejected"), ("skip", "skipped")]
)
def test_decide_commits_and_logs(conn, ids, action, status, db):
    gid = ids["talks"]
    actions.decide(conn, gid, action, version=1, reviewer="ana")
    # visible to another connection at once: it is committed, not just written
    other = sqlite3.connect(db.conn.execute("PRAGMA database_list").fetchone()[2])
    assert other.execute("SELECT status, version FROM groups WHERE id = ?", [gid]).fetchone() == (
        status,
        2,
    )
    other.close()
    d = last_decision(conn)
    assert (d["action"], d["group_id"], d["reviewer"], d["undone"]) == (action, gid, "ana", 0)
    assert loads(d["before"])["groups"][str(gid)]["status"] == "pending"
    assert loads(d["after"])["groups"][str(gid)]["status"] == status
    assert d["at"].startswith("20")


def test_stale_version_is_refused_and_nothing_is_written(conn, ids):
    gid = ids["talks"]
    actions.decide(conn, gid, "accept", version=1, reviewer="a")
    with pytest.raises(StaleGroup) as err:
        actions.decide(conn, gid, "reject", version=1, reviewer="b")  # shown before the accept
    assert "another process" in str(err.value)
    assert group(conn, gid)["status"] == "accepted"
    assert conn.execute("SELECT count(*) FROM decisions").fetchone()[0] == 1


def test_change_by_another_process_is_detected(db, conn, ids):
    path = conn.execute("PRAGMA database_list").fetchone()[2]
    other = connect(path)
    actions.edit(other.conn, ids["swap"], version=1, reviewer="other", title="Exchange starts")
    other.conn.close()
    with pytest.raises(StaleGroup):
        actions.decide(conn, ids["swap"], "accept", version=1, reviewer="me")
    assert group(conn, ids["swap"])["status"] == "pending"


def test_a_date_edit_keeps_a_title_that_ends_in_a_no_break_space(conn, ids):
    # the dialog gives the title back without its trailing no-break space: saving only a
    # new date must not record the title as the reviewer's too
    gid = ids["talks"]
    title = group(conn, gid)["title"] + "\xa0"
    conn.execute("UPDATE groups SET title = ? WHERE id = ?", [title, gid])
    conn.commit()
    outcome = actions.edit(conn, gid, version=1, reviewer="a", title=title.strip(),
                           event_date="June 17")
    assert outcome.message == f"#{gid} edited: event date 2025-06-17"
    assert loads(group(conn, gid)["edited"]) == ["event_date"]


def test_edit_records_edited_fields_and_validates_dates(conn, ids):
    gid = ids["talks"]
    actions.edit(
        conn,
        gid,
        version=1,
        reviewer="a",
        title="  Istanbul talks,   round two ",
        event_date="2025-06",
        date_precision=None,
    )
    g = group(conn, gid)
    assert (g["title"], g["event_date"], g["date_precision"]) == (
        "Istanbul talks, round two",
        "2025-06",
        "month",
    )
    assert loads(g["edited"]) == ["event_date", "title"]
    for bad in ("2025-13-01", "2025-6-2", "yesterday", "10/06/2025", "the talks"):
        with pytest.raises(ReviewError):
            actions.edit(conn, gid, version=2, reviewer="a", event_date=bad, date_precision=None)
    with pytest.raises(ReviewError):
        actions.edit(conn, gid, version=2, reviewer="a", title="   ")
    assert group(conn, gid)["version"] == 2  # failed edits changed nothing
    # a date as people write it, its year the entry's when it gives none
    actions.edit(conn, gid, version=2, reviewer="a", event_date="June 2", date_precision=None)
    assert (group(conn, gid)["event_date"], group(conn, gid)["date_precision"]) == (
        "2025-06-02", "day")
    actions.edit(conn, gid, version=3, reviewer="a", event_date="10 May 2024")
    assert group(conn, gid)["event_date"] == "2024-05-10"


def test_note_is_its_own_action(conn, ids):
    actions.edit(conn, ids["swap"], version=1, reviewer="a", note="check the border date")
    assert group(conn, ids["swap"])["note"] == "check the border date"
    assert last_decision(conn)["action"] == "note"


def test_resolve_conflict(conn, ids):
    gid = ids["talks"]
    cid = conn.execute("SELECT id FROM conflicts WHERE group_id = ?", [gid]).fetchone()[0]
    actions.resolve(conn, gid, cid, "2025-06-02", version=1, reviewer="a")
    assert (
        conn.execute("SELECT resolution FROM conflicts WHERE id = ?", [cid]).fetchone()[0]
        == "2025-06-02"
    )
    assert group(conn, gid)["version"] == 2
    with pytest.raises(ReviewError):
        actions.resolve(conn, gid, cid, "2024-01-01", version=2, reviewer="a")
    actions.undo(conn)
    assert (
        conn.execute("SELECT resolution FROM conflicts WHERE id = ?", [cid]).fetchone()[0] is None
    )


def test_leaving_a_conflict_as_it_is_logs_nothing(conn, ids):
    """"Leave unresolved" on a conflict never resolved was logged as a decision, and the
    next undo spent itself on it with nothing to show."""
    gid = ids["talks"]
    cid = conn.execute("SELECT id FROM conflicts WHERE group_id = ?", [gid]).fetchone()[0]
    outcome = actions.resolve(conn, gid, cid, None, version=1, reviewer="a")
    assert outcome.message == "nothing changed"
    assert conn.execute("SELECT count(*) FROM decisions").fetchone() == (0,)
    assert group(conn, gid)["version"] == 1
    actions.resolve(conn, gid, cid, "2025-06-02", version=1, reviewer="a")
    again = actions.resolve(conn, gid, cid, "2025-06-02", version=2, reviewer="a")
    assert again.message == "nothing changed"
    assert conn.execute("SELECT count(*) FROM decisions").fetchone() == (1,)


def test_a_resolved_date_is_the_events_date_in_the_queue_too(conn, ids):
    # the export dates the event by the resolution; the queue and detail must say the same
    gid = ids["talks"]
    cid = conn.execute("SELECT id FROM conflicts WHERE group_id = ? AND kind = 'date'",
                       [gid]).fetchone()[0]
    assert group(conn, gid)["event_date"] == "2025-06-02"  # what most sources say
    actions.resolve(conn, gid, cid, "2025-05-22", version=1, reviewer="a")
    assert (group(conn, gid)["event_date"], group(conn, gid)["date_precision"]) == (
        "2025-05-22", "day")
    actions.resolve(conn, gid, cid, None, version=2, reviewer="a")  # unresolved again
    assert group(conn, gid)["event_date"] == "2025-06-02"
    # a date the reviewer types settles the dispute: no open conflict is left, and the
    # export's "resolved" line and its heading say the same day
    actions.edit(conn, gid, version=3, reviewer="a", event_date="2025-06-03",
                 date_precision="day")
    assert group(conn, gid)["event_date"] == "2025-06-03"
    assert resolution(conn, cid) == "2025-06-03"
    # a value chosen afterwards is the reviewer's latest word: it is the date now
    actions.resolve(conn, gid, cid, "2025-05-22", version=4, reviewer="a")
    assert (group(conn, gid)["event_date"], resolution(conn, cid)) == (
        "2025-05-22", "2025-05-22")
    assert "event_date" not in loads(group(conn, gid)["edited"])
    actions.undo(conn)
    assert resolution(conn, cid) == "2025-06-03"
    # the typed date keeps the conflict settled when the group stage looks again
    from workbench.group import describe_group
    describe_group(conn, gid)
    assert conn.execute("SELECT resolution FROM conflicts WHERE group_id = ? AND "
                        "kind = 'date'", [gid]).fetchall() == [("2025-06-03",)]


def test_the_date_typed_again_as_it_was_settles_the_sources_disagreement(conn, ids):
    # a tester retyped the date the sources' majority gives (e, the date, enter) and saw
    # "nothing changed" with the conflict still open
    gid = ids["talks"]
    cid = conn.execute("SELECT id FROM conflicts WHERE group_id = ? AND kind = 'date'",
                       [gid]).fetchone()[0]
    same = group(conn, gid)["event_date"]
    untyped = actions.edit(conn, gid, version=1, reviewer="a", title="Talks", event_date=same)
    assert resolution(conn, cid) is None  # a new title alone leaves the dispute open
    assert untyped.message == f"#{gid} edited: title"
    typed = actions.edit(conn, gid, version=2, reviewer="a", event_date=same, confirm=True)
    assert typed.message == f"#{gid} event date {same} confirmed"  # not "edited"
    assert (group(conn, gid)["event_date"], resolution(conn, cid)) == (same, same)
    # once settled, typing it again is nothing new
    again = actions.edit(conn, gid, version=3, reviewer="a", event_date=same, confirm=True)
    assert again.message == "nothing changed"
    actions.undo(conn)
    assert resolution(conn, cid) is None


def resolution(conn, cid):
    return conn.execute("SELECT resolution FROM conflicts WHERE id = ?", [cid]).fetchone()[0]


def test_accepting_an_entry_with_a_conflict_not_settled_says_so(conn, ids):
    """A tester accepted an entry with ⚠1 and heard of it first at the export."""
    gid = ids["talks"]
    n = conn.execute("SELECT count(*) FROM conflicts WHERE group_id = ? "
                     "AND resolution IS NULL", [gid]).fetchone()[0]
    assert n == 1
    out = actions.decide(conn, gid, "accept", version=1, reviewer="a")
    assert out.message == f"#{gid} accepted, ⚠1 not settled (r settles)"
    conn.execute("UPDATE conflicts SET resolution = '2025-06-02' WHERE group_id = ?", [gid])
    conn.commit()
    actions.decide(conn, gid, "reopen", version=2, reviewer="a")
    out = actions.decide(conn, gid, "accept", version=3, reviewer="a")
    assert out.message == f"#{gid} accepted"


def test_a_decision_that_changes_nothing_is_refused_and_not_logged(conn, ids):
    # a second "a" on an accepted entry logged a decision that changed nothing; with new
    # evidence since, accepting it again answers the evidence and is logged
    gid = ids["talks"]
    actions.decide(conn, gid, "accept", version=1, reviewer="a")
    logged = conn.execute("SELECT count(*) FROM decisions").fetchone()[0]
    with pytest.raises(ReviewError, match=f"#{gid} is accepted already"):
        actions.decide(conn, gid, "accept", version=2, reviewer="a")
    assert conn.execute("SELECT count(*) FROM decisions").fetchone()[0] == logged
    conn.execute("UPDATE groups SET changed_since_review = 1 WHERE id = ?", [gid])
    conn.commit()
    actions.decide(conn, gid, "accept", version=2, reviewer="a")
    assert conn.execute("SELECT count(*), max(action) FROM decisions").fetchone() == (
        logged + 1, "accept")
    assert conn.execute("SELECT changed_since_review FROM groups WHERE id = ?",
                        [gid]).fetchone()[0] == 0
    # a skip is passing over: skipped again, it is taken (the screen moves on)
    other = ids["prisoners"]
    actions.decide(conn, other, "skip", version=1, reviewer="a")
    assert actions.decide(conn, other, "skip", version=2, reviewer="a").action == "skip"


def test_a_skip_leaves_a_decided_entry_as_it_is(conn, ids):
    # a tester's space on an accepted entry set it back among the undecided, unsaid
    gid = ids["talks"]
    actions.decide(conn, gid, "accept", version=1, reviewer="a")
    logged = conn.execute("SELECT count(*) FROM decisions").fetchone()[0]
    out = actions.decide(conn, gid, "skip", version=2, reviewer="a")
    assert out.decision_id is None and out.group_ids == ()
    assert out.message == f"#{gid} stays accepted: a skip is for undecided entries (p reopens it)"
    assert conn.execute("SELECT status FROM groups WHERE id = ?", [gid]).fetchone()[0] == \
        "accepted"
    assert conn.execute("SELECT count(*) FROM decisions").fetchone()[0] == logged
    actions.decide(conn, gid, "reopen", version=2, reviewer="a")
    assert actions.decide(conn, gid, "skip", version=3, reviewer="a").action == "skip"


def test_accepting_background_makes_it_an_entry_and_undo_puts_it_back(conn, ids):
    gid = ids["talks"]
    conn.execute("UPDATE groups SET background = 1 WHERE id = ?", [gid])
    conn.commit()
    out = actions.decide(conn, gid, "accept", version=1, reviewer="a")
    assert out.message.startswith(f"#{gid} accepted, now an entry")
    assert conn.execute("SELECT background, status FROM groups WHERE id = ?",
                        [gid]).fetchone() == (0, "accepted")
    actions.undo(conn)
    assert conn.execute("SELECT background, status FROM groups WHERE id = ?",
                        [gid]).fetchone() == (1, "pending")
    # rejected, it stays in the background
    actions.decide(conn, gid, "reject", version=3, reviewer="a")
    assert conn.execute("SELECT background FROM groups WHERE id = ?", [gid]).fetchone() == (1,)


def test_an_entry_merged_into_background_is_an_entry_still(conn, ids):
    src, dst = ids["swap"], ids["border"]
    conn.execute("UPDATE groups SET background = 1 WHERE id = ?", [dst])
    conn.commit()
    actions.merge(conn, {src: 1}, dst, target_version=1, reviewer="a")
    assert conn.execute("SELECT background FROM groups WHERE id = ?", [dst]).fetchone() == (0,)
    actions.undo(conn)
    assert conn.execute("SELECT background FROM groups WHERE id = ?", [dst]).fetchone() == (1,)
    # background merged into background stays there, and a split from it too
    conn.execute("UPDATE groups SET background = 1 WHERE id = ?", [src])
    conn.commit()
    actions.merge(conn, {src: 1}, dst, target_version=3, reviewer="a")
    assert conn.execute("SELECT background FROM groups WHERE id = ?", [dst]).fetchone() == (1,)
    out = actions.split(conn, dst, [ids["c_swap"]], version=4, reviewer="a")
    assert conn.execute("SELECT background FROM groups WHERE id = ?",
                        [out.focus]).fetchone() == (1,)


def test_a_suggestion_merges_into_the_entry_a_reviewer_decided_or_that_is_an_entry(conn, ids):
    """From the background list a tester pressed a suggestion's key on a fragment: the
    main entry went into the fragment, lost its number and took the fragment's title."""
    fragment, entry = ids["swap"], ids["border"]
    conn.execute("UPDATE groups SET background = 1 WHERE id = ?", [fragment])
    conn.commit()
    assert actions.keeper(conn, fragment, entry) == entry  # an entry over background
    assert actions.keeper(conn, entry, fragment) == entry
    # what the reviewer typed on it is no reason (a retitled fragment kept its number
    # over the 42-claim talks; its title goes with it all the same)
    actions.edit(conn, fragment, version=group(conn, fragment)["version"], reviewer="a",
                 title="Fourth exchange since the talks")
    assert actions.keeper(conn, fragment, entry) == entry
    # ... but what a reviewer decided on goes first, before what one only edited (a
    # pending group with a typed title swallowed the accepted talks, their acceptance lost)
    actions.decide(conn, fragment, "accept", version=group(conn, fragment)["version"],
                   reviewer="a")
    actions.edit(conn, entry, version=group(conn, entry)["version"], reviewer="a",
                 title="Russian forces reach the border")
    assert actions.keeper(conn, entry, fragment) == fragment
    assert actions.keeper(conn, ids["talks"], ids["umerov"]) == ids["talks"]  # at hand


def test_a_decided_entry_keeps_its_title_when_claims_come_in(conn, ids):
    """An accepted entry was retitled by the background fragment merged into it ("#28 now
    reads “…a move that had been negotiated …”, still accepted")."""
    src, dst = ids["talks"], ids["prisoners"]
    title = group(conn, dst)["title"]
    # pending, the entry takes the better title among all its claims now
    actions.merge(conn, {src: 1}, dst, target_version=1, reviewer="a")
    assert group(conn, dst)["title"] != title
    actions.undo(conn)
    assert group(conn, dst)["title"] == title
    # accepted under its title, it keeps it
    actions.decide(conn, dst, "accept", version=group(conn, dst)["version"], reviewer="a")
    out = actions.merge(conn, {src: group(conn, src)["version"]}, dst,
                        target_version=group(conn, dst)["version"], reviewer="a")
    assert (group(conn, dst)["title"], group(conn, dst)["status"]) == (title, "accepted")
    assert "now reads" not in out.message
    # ... and its date: three claims of June 2 merged into the accepted June 7 entry leave
    # it June 7 (pending, it took June 2), the sources' disagreement its date conflict
    border = ids["border"]
    actions.decide(conn, border, "accept", version=group(conn, border)["version"],
                   reviewer="a")
    actions.merge(conn, {dst: group(conn, dst)["version"]}, border,
                  target_version=group(conn, border)["version"], reviewer="a")
    assert group(conn, border)["event_date"] == "2025-06-07"
    assert conn.execute("SELECT count(*) FROM conflicts WHERE group_id = ? AND kind = 'date'",
                        [border]).fetchone()[0] == 1
    # ... even when what comes in was retitled and redated by the reviewer (merged with
    # `m`, a typed title and date replaced the accepted entry's): said as not kept
    swap = ids["swap"]
    actions.edit(conn, swap, version=group(conn, swap)["version"], reviewer="a",
                 title="Russian forces arrive for the exchange", event_date="2025-06-09")
    out = actions.merge(conn, {swap: group(conn, swap)["version"]}, border,
                        target_version=group(conn, border)["version"], reviewer="a")
    g = group(conn, border)
    assert (g["event_date"], g["status"]) == ("2025-06-07", "accepted")
    assert g["title"] != "Russian forces arrive for the exchange"
    assert f"not kept: #{swap}'s title" in out.message


def test_merge_moves_and_pins_claims_and_deletes_the_source(conn, ids):
    src, dst = ids["swap"], ids["border"]
    out = actions.merge(conn, {src: 1}, dst, target_version=1, reviewer="a")
    # two occasions a reviewer joins are no conflict of sources, but the entry keeps one
    # of their dates: said (a tester merged May 16 into June 7 without a word about it)
    assert out.focus == dst and out.message == (
        f"merged #{src} into #{dst}: 1 claim moved, 2 in all; they were dated "
        "2025-06-07 and 2025-06-09 (e sets the date)")
    assert group(conn, src) is None
    assert members(conn, dst) == {ids["c_border"]: 0, ids["c_swap"]: 1}
    g = group(conn, dst)
    assert g["version"] == 2 and g["sources"] == 1
    # undone and redone, the message names the group that came back (or went again)
    # ... in the order the merge said it ("undid merge of #41 and #26" read backwards)
    assert actions.undo(conn).message == f"undid merge of #{src} into #{dst}"
    assert actions.redo(conn).message == f"redid merge of #{src} into #{dst}"


def test_a_merge_of_two_dated_occasions_holds_a_date_conflict_undo_takes_back(conn, ids):
    # a tester merged "broke down on May 28" into "collapsed on May 27": the entry took
    # one date, and the other's source disagreed without a conflict to settle
    talks, border = ids["talks"], ids["border"]
    conn.execute("UPDATE group_members SET event = ? WHERE group_id = ?", [ids["c_talks1"], talks])
    conn.execute("UPDATE group_members SET event = ? WHERE group_id = ?", [ids["c_border"], border])

    def date_values():
        row = conn.execute("SELECT \"values\" FROM conflicts WHERE group_id = ? AND kind = 'date'",
                           [talks]).fetchone()
        return sorted(v["value"] for v in loads(row[0], [])) if row else []

    before = date_values()
    actions.merge(conn, {border: 1}, talks, target_version=1, reviewer="a")
    assert date_values() == sorted({*before, "2025-06-07"})  # a side of its own now
    assert conn.execute("SELECT event FROM group_members WHERE claim_id = ?",
                        [ids["c_border"]]).fetchone()[0] == ids["c_talks1"]
    actions.undo(conn)  # ... and undone, the claim is its own occasion's again
    assert conn.execute("SELECT group_id, event FROM group_members WHERE claim_id = ?",
                        [ids["c_border"]]).fetchone() == (border, ids["c_border"])


def test_a_merge_names_a_date_no_source_states_as_the_queue_does(conn, ids):
    # "they were dated 2025-05-16 and 2025-06-07": the first was only a report's
    # publication day, shown "~" in the queue, and read here as a source's
    src, dst = ids["swap"], ids["border"]
    conn.execute("UPDATE groups SET date_basis = 'published' WHERE id = ?", [src])
    out = actions.merge(conn, {src: 1}, dst, target_version=1, reviewer="a")
    assert "; they were dated 2025-06-07 and ~2025-06-09 (e sets the date)" in out.message


def test_a_merge_that_redates_the_target_retitles_it_with_a_claim_of_that_day(conn, ids):
    # a tester merged the June 2 talks into the June 7 border group: the row read
    # "2025-06-02 ... On June 7, Russian forces arrived ..."
    src, dst = ids["talks"], ids["border"]
    out = actions.merge(conn, {src: 1}, dst, target_version=1, reviewer="a")
    g = group(conn, dst)
    assert g["event_date"] == "2025-06-02"
    assert "June 2" in g["title"] and "June 7" not in g["title"]
    # and the message says so: the target reads otherwise now
    # (what to look at again first: at 80 columns the status line has two rows)
    assert out.message.startswith(
        f"merged #{src} into #{dst}: 3 claims moved, 4 in all; they were dated 2025-06-02 "
        f"and 2025-06-07 (e sets the date); #{dst} now reads “")
    assert out.message.endswith(", 2025-06-02")
    # a title the reviewer typed stays, whatever the date
    actions.undo(conn)
    actions.edit(conn, dst, version=group(conn, dst)["version"], reviewer="a",
                 title="Border standoff")
    actions.merge(conn, {src: group(conn, src)["version"]}, dst,
                  target_version=group(conn, dst)["version"], reviewer="a")
    assert group(conn, dst)["title"] == "Border standoff"


def test_what_the_reviewer_typed_on_a_merged_group_survives_the_merge(conn, ids):
    # a tester typed a title, a date and a note on the June 2 talks, then merged them into
    # the border group: all three were gone, and the date conflict open again
    src, dst = ids["talks"], ids["border"]
    actions.edit(conn, src, version=1, reviewer="a", title="Talks in Istanbul",
                 event_date="2025-06-03", note="check the length")
    out = actions.merge(conn, {src: group(conn, src)["version"]}, dst,
                        target_version=1, reviewer="a")
    g = group(conn, dst)
    assert (g["title"], g["event_date"], g["note"]) == (
        "Talks in Istanbul", "2025-06-03", "check the length")
    assert set(loads(g["edited"], [])) == {"title", "event_date", "note"}
    assert conn.execute("SELECT count(*) FROM conflicts WHERE group_id = ? AND kind = 'date' "
                        "AND resolution IS NULL", [dst]).fetchone() == (0,)
    assert "not kept" not in out.message
    # undone, both groups are as they were
    actions.undo(conn)
    assert group(conn, src)["title"] == "Talks in Istanbul"
    assert group(conn, dst)["note"] is None and group(conn, dst)["event_date"] == "2025-06-07"
    # where the target has its own, its own stay, the message says what went, notes join
    actions.edit(conn, dst, version=group(conn, dst)["version"], reviewer="a",
                 title="Border standoff", note="Russian account only")
    out = actions.merge(conn, {src: group(conn, src)["version"]}, dst,
                        target_version=group(conn, dst)["version"], reviewer="a")
    g = group(conn, dst)
    assert (g["title"], g["event_date"]) == ("Border standoff", "2025-06-03")
    assert g["note"] == "Russian account only\ncheck the length"
    assert f"; not kept: #{src}'s title (#{dst}'s own stay; u undoes)" in out.message


def test_merge_several_marked_groups_brings_their_conflicts(conn, ids):
    out = actions.merge(
        conn, {ids["prisoners"]: 1, ids["fidan"]: 1}, ids["talks"], target_version=1, reviewer="a"
    )
    assert set(out.group_ids) == {ids["talks"]}
    assert len(members(conn, ids["talks"])) == 6
    kinds = {
        r[0] for r in conn.execute("SELECT kind FROM conflicts WHERE group_id = ?", [ids["talks"]])
    }
    assert kinds == {"date", "number"}
    assert group(conn, ids["talks"])["sources"] == 3


def test_merge_keeps_a_sources_resolution(conn, ids):
    cid = conn.execute(
        "SELECT id FROM conflicts WHERE group_id = ?", [ids["prisoners"]]
    ).fetchone()[0]
    actions.resolve(conn, ids["prisoners"], cid, "1,000", version=1, reviewer="a")
    actions.merge(conn, {ids["prisoners"]: 2}, ids["fidan"], target_version=1, reviewer="a")
    assert conn.execute(
        "SELECT kind, resolution FROM conflicts WHERE group_id = ?", [ids["fidan"]]
    ).fetchall() == [("number", "1,000")]


def test_a_group_that_loses_its_title_claim_gets_the_group_stages_best_title(conn, ids):
    (c_umerov,) = members(conn, ids["umerov"])
    actions.merge(
        conn, {ids["planned"]: 1, ids["umerov"]: 1}, ids["swap"], target_version=1, reviewer="a"
    )
    actions.split(conn, ids["swap"], [ids["c_swap"]], version=2, reviewer="a")
    # both left have similarity 1; the dated one is the better title (best_title_claim),
    # not the one that comes first
    title, title_claim = conn.execute(
        "SELECT title, title_claim_id FROM groups WHERE id = ?", [ids["swap"]]
    ).fetchone()
    assert title_claim == c_umerov
    assert title.startswith("Ukraine's defence minister Rustem Umerov")


def test_merge_refuses_a_stale_source(conn, ids):
    actions.decide(conn, ids["swap"], "accept", version=1, reviewer="a")
    with pytest.raises(StaleGroup):
        actions.merge(conn, {ids["swap"]: 1}, ids["border"], target_version=1, reviewer="a")
    assert members(conn, ids["swap"])  # untouched


def test_split_to_new_group_drops_the_conflict_neither_side_still_has(conn, ids):
    gid = ids["talks"]
    out = actions.split(conn, gid, [ids["c_talks2"]], version=1, reviewer="a")
    new = out.focus
    assert new not in (None, gid)
    assert members(conn, new) == {ids["c_talks2"]: 1}
    assert group(conn, new)["event_date"] == "2025-05-22"
    assert ids["c_talks2"] not in members(conn, gid)
    # each side now holds one date only, so the date conflict is gone from both
    assert (
        conn.execute(
            "SELECT count(*) FROM conflicts WHERE group_id IN (?, ?)", [gid, new]
        ).fetchone()[0]
        == 0
    )
    assert group(conn, gid)["sources"] == 2


def test_split_to_new_group_keeps_a_resolved_conflict_and_its_resolution(conn, ids):
    # fidan + both prisoner claims: the 1,000 vs 1,200 conflict, resolved, then the two
    # prisoner claims move to a new group, which still disagrees on that number
    actions.merge(conn, {ids["prisoners"]: 1}, ids["fidan"], target_version=1, reviewer="a")
    cid, subject = conn.execute(
        "SELECT id, subject FROM conflicts WHERE group_id = ? AND kind = 'number'", [ids["fidan"]]
    ).fetchone()
    actions.resolve(conn, ids["fidan"], cid, "1,200", version=2, reviewer="a")
    out = actions.split(
        conn, ids["fidan"], [ids["c_pow1"], ids["c_pow2"]], version=3, reviewer="a"
    )
    new = out.focus
    assert new != ids["fidan"]
    assert conn.execute(
        "SELECT kind, subject, resolution FROM conflicts WHERE group_id = ?", [new]
    ).fetchall() == [("number", subject, "1,200")]
    assert conn.execute(
        "SELECT count(*) FROM conflicts WHERE group_id = ?", [ids["fidan"]]
    ).fetchone()[0] == 0


def test_split_into_another_group(conn, ids):
    out = actions.split(
        conn,
        ids["talks"],
        [ids["c_talks3"]],
        version=1,
        reviewer="a",
        into=ids["swap"],
        into_version=1,
    )
    assert out.focus == ids["swap"]
    assert members(conn, ids["swap"]) == {ids["c_swap"]: 0, ids["c_talks3"]: 1}
    assert out.message.startswith(f"moved 1 claim from #{ids['talks']} to #{ids['swap']}")
    assert "still" not in out.message
    # into an entry decided on: the decision stays, and the message says so
    actions.decide(conn, ids["swap"], "accept", version=2, reviewer="a")
    out = actions.split(conn, ids["talks"], [ids["c_talks2"]], version=2, reviewer="a",
                        into=ids["swap"], into_version=3)
    assert f"to #{ids['swap']}, still accepted (u undoes)" in out.message


def test_claims_moved_into_an_entry_say_what_that_entry_became(conn, ids):
    # a tester moved four claims into another entry and its title changed without a word
    before = conn.execute("SELECT title FROM groups WHERE id = ?", [ids["swap"]]).fetchone()[0]
    out = actions.split(conn, ids["talks"], [ids["c_talks3"], ids["c_talks2"]], version=1,
                        reviewer="a", into=ids["swap"], into_version=1)
    title, date = conn.execute("SELECT title, event_date FROM groups WHERE id = ?",
                               [ids["swap"]]).fetchone()
    assert title != before
    assert f"; #{ids['swap']} now reads “{title[:20]}" in out.message
    assert out.message.endswith(f", {date}")


@pytest.mark.parametrize("how", ["merge", "split"])
def test_a_target_that_vanished_is_said_to_no_longer_exist(conn, ids, how):
    actions.merge(conn, {ids["border"]: 1}, ids["umerov"], target_version=1, reviewer="a")
    with pytest.raises(StaleGroup, match=f"group #{ids['border']} no longer exists"):
        if how == "merge":
            actions.merge(conn, {ids["swap"]: 1}, ids["border"], target_version=1, reviewer="a")
        else:
            actions.split(
                conn,
                ids["talks"],
                [ids["c_talks3"]],
                version=1,
                reviewer="a",
                into=ids["border"],
                into_version=1,
            )


def test_split_everything_to_a_new_group_is_refused(conn, ids):
    with pytest.raises(ReviewError, match="changes nothing"):
        actions.split(conn, ids["swap"], [ids["c_swap"]], version=1, reviewer="a")
    assert conn.execute("SELECT count(*) FROM decisions").fetchone()[0] == 0


def test_a_report_marked_as_come_in_since_a_resolution_is_said_until_chosen_again(
        db, conn, ids):
    # a tester settled a date on two sources against one; a third source came in with the
    # other date (a regroup marks it: tests/group/test_regroup.py), and the conflict still
    # read "resolved"
    from builders import Builder

    from workbench.export.checks import check_chronology
    from workbench.group import describe_group
    from workbench.review.detail import load_detail
    from workbench.text import SINCE_RESOLVED

    gid = ids["talks"]

    def conflict():
        return next(c for c in load_detail(conn, gid).conflicts if c.kind == "date")

    actions.resolve(conn, gid, conflict().id, "2025-06-02", version=1, reviewer="a")
    actions.decide(conn, gid, "accept", version=2, reviewer="a")
    b = Builder(db)
    text = "The talks in Istanbul were held on May 22nd, a second delegate said."
    new = b.claim(b.document(text, title="Late wire", published="2025-06-04"), text,
                  date="2025-05-22", date_text="May 22nd")
    conn.execute("INSERT INTO group_members(claim_id, group_id, similarity, pinned) "
                 "VALUES (?, ?, 0.9, 0)", [new, gid])
    describe_group(conn, gid)  # a reviewer's merge or split brings nothing "since"
    assert conflict().since == 0
    values = [{**v, SINCE_RESOLVED: [new]} if v["value"] == "2025-05-22" else v
              for v in loads(conn.execute('SELECT "values" FROM conflicts WHERE id = ?',
                                          [conflict().id]).fetchone()[0])]
    conn.execute('UPDATE conflicts SET "values" = ? WHERE id = ?',
                 [json.dumps(values), conflict().id])  # as a regroup that brought it marks it
    describe_group(conn, gid)  # ... and the mark stays through what follows
    assert conflict().resolution == "2025-06-02"  # the choice stands
    assert [(v.value, v.since) for v in conflict().values if v.since] == [("2025-05-22", (new,))]
    assert any(i.kind == "contested" and i.message.endswith(
        "1 report that came after the event date was settled at 2 June 2025 says otherwise")
        for i in check_chronology(db))
    # choosing again, the same value, answers it
    version = group(conn, gid)["version"]
    out = actions.resolve(conn, gid, conflict().id, "2025-06-02", version=version, reviewer="a")
    assert out.message.endswith("event date: 2025-06-02, kept over 1 report that came after it")
    describe_group(conn, gid)
    assert conflict().since == 0
    assert not any(i.kind == "contested" for i in check_chronology(db))
    # undone, the mark is back
    actions.undo(conn)
    assert conflict().since == 1


def test_a_new_group_never_takes_the_number_of_one_merged_away(conn, ids):
    # a tester merged #57 away, split a claim out of #44 into "new group #57", and the
    # history then named two entries #57
    last = conn.execute("SELECT max(id) FROM groups").fetchone()[0]
    into = ids["border"] if last != ids["border"] else ids["swap"]
    actions.merge(conn, {last: 1}, into, target_version=1, reviewer="a")
    out = actions.split(conn, ids["talks"], [ids["c_talks2"]], version=1, reviewer="a")
    assert out.focus == last + 1
    assert out.message.startswith(f"moved 1 claim from #{ids['talks']} to new group #{last + 1}")
    # undone and done again, the split's group keeps its number; the next one is new
    assert actions.undo(conn).message == f"undid split of #{ids['talks']} and #{last + 1}"
    actions.redo(conn)
    assert group(conn, last + 1) is not None
    actions.undo(conn)
    again = actions.split(conn, ids["talks"], [ids["c_talks2"]],
                          version=group(conn, ids["talks"])["version"], reviewer="a")
    assert again.focus == last + 2


def test_a_database_from_before_keeps_the_numbers_its_log_names(conn, ids):
    # no high-water mark stored: the ids its groups and its decisions name are taken
    from workbench.db import GROUP_IDS_KEY, new_group_ids

    last = conn.execute("SELECT max(id) FROM groups").fetchone()[0]
    actions.merge(conn, {last: 1}, ids["swap"] if last != ids["swap"] else ids["border"],
                  target_version=1, reviewer="a")
    conn.execute("DELETE FROM settings WHERE key = ?", [GROUP_IDS_KEY])
    assert new_group_ids(conn, 2) == [last + 1, last + 2]
    assert new_group_ids(conn, 1) == [last + 3]


def test_split_everything_out_deletes_the_group(conn, ids):
    actions.split(
        conn,
        ids["swap"],
        [ids["c_swap"]],
        version=1,
        reviewer="a",
        into=ids["border"],
        into_version=1,
    )
    assert group(conn, ids["swap"]) is None
    actions.undo(conn)
    assert members(conn, ids["swap"]) == {ids["c_swap"]: 0}


def snapshot_all(conn):
    return (
        conn.execute(
            "SELECT id, title, event_date, status, note, edited, sources FROM groups ORDER BY id"
        ).fetchall(),
        conn.execute(
            "SELECT claim_id, group_id, pinned FROM group_members ORDER BY claim_id"
        ).fetchall(),
        conn.execute(
            'SELECT id, group_id, "values", resolution FROM conflicts ORDER BY id'
        ).fetchall(),
    )


def test_undo_redo_every_action_restores_exactly(conn, ids):
    start = snapshot_all(conn)
    cid = conn.execute("SELECT id FROM conflicts WHERE group_id = ?", [ids["talks"]]).fetchone()[0]
    steps = [
        lambda: actions.decide(conn, ids["talks"], "accept", version=1, reviewer="a"),
        lambda: actions.resolve(conn, ids["talks"], cid, "2025-05-22", version=2, reviewer="a"),
        lambda: actions.edit(
            conn, ids["talks"], version=3, reviewer="a", title="T", event_date="2025"
        ),
        lambda: actions.merge(
            conn, {ids["fidan"]: 1}, ids["talks"], target_version=4, reviewer="a"
        ),
        lambda: actions.split(
            conn, ids["talks"], [ids["c_talks2"], ids["c_fidan"]], version=5, reviewer="a"
        ),
    ]
    states = [start]
    for step in steps:
        step()
        states.append(snapshot_all(conn))
    for expected in reversed(states[:-1]):
        actions.undo(conn)
        assert snapshot_all(conn) == expected
    with pytest.raises(ReviewError, match="nothing to undo"):
        actions.undo(conn)
    for expected in states[1:]:
        actions.redo(conn)
        assert snapshot_all(conn) == expected
    with pytest.raises(ReviewError, match="nothing to redo"):
        actions.redo(conn)


def test_undo_works_after_a_restart(tmp_path):
    from builders import sample_database

    path = tmp_path / "r.db"
    ids = sample_database(path)
    db = connect(path)
    actions.decide(db.conn, ids["talks"], "reject", version=1, reviewer="a")
    db.conn.close()
    db = connect(path)  # a new process, as far as the log is concerned
    out = actions.undo(db.conn)
    assert out.focus == ids["talks"]
    assert group(db.conn, ids["talks"])["status"] == "pending"
    actions.redo(db.conn)
    assert group(db.conn, ids["talks"])["status"] == "rejected"
    db.conn.close()


def test_a_new_action_after_undo_ends_the_redo_chain(conn, ids):
    actions.decide(conn, ids["talks"], "accept", version=1, reviewer="a")
    actions.undo(conn)
    actions.decide(conn, ids["swap"], "reject", version=1, reviewer="a")
    with pytest.raises(ReviewError, match="nothing to redo"):
        actions.redo(conn)
    actions.undo(conn)
    assert group(conn, ids["swap"])["status"] == "pending"
    assert group(conn, ids["talks"])["status"] == "pending"  # the first accept stays undone
    # ... and redo brings back the new action only, never the abandoned accept (a tester
    # undid three decisions, split, undid the split: redo replayed the old decisions)
    out = actions.redo(conn)
    assert out.message == f"redid reject of #{ids['swap']}"
    with pytest.raises(ReviewError, match="nothing to redo"):
        actions.redo(conn)
    assert group(conn, ids["talks"])["status"] == "pending"


def test_undo_refuses_when_the_group_changed_since(conn, ids):
    actions.decide(conn, ids["talks"], "accept", version=1, reviewer="a")
    # another reviewer's process rejects it, and a regroup attaches new evidence
    conn.execute(
        "UPDATE groups SET status = 'rejected', changed_since_review = 1, "
        "version = version + 1 WHERE id = ?", [ids["talks"]])
    conn.commit()
    with pytest.raises(StaleGroup, match="cannot undo"):
        actions.undo(conn)
    assert group(conn, ids["talks"])["status"] == "rejected"


def test_a_title_edit_undoes_after_the_entry_was_dated_anew(conn, ids):
    """A tester edited a title, built the next day's articles (every document dated
    anew, the entry's date with them), and "cannot undo edit of #30" answered every u."""
    gid = ids["talks"]
    title = group(conn, gid)["title"]
    version = group(conn, gid)["version"]
    actions.edit(conn, gid, version=version, reviewer="a", title="Talks in Istanbul")
    # a new extraction dates the entry's claims anew; the regroup dates the entry
    conn.execute("UPDATE groups SET event_date = '2025-06-03', changed_since_review = 1, "
                 "version = version + 1 WHERE id = ?", [gid])
    conn.commit()
    out = actions.undo(conn)
    assert out.message == f"undid edit of #{gid}"
    after = group(conn, gid)
    assert after["title"] == title and loads(after["edited"], []) == []
    assert after["event_date"] == "2025-06-03"  # what the build did stays
    actions.redo(conn)
    assert group(conn, gid)["title"] == "Talks in Istanbul"
    assert group(conn, gid)["event_date"] == "2025-06-03"
    # a title written over since is the reviewer's or a regroup's: not undone
    conn.execute("UPDATE groups SET title = 'Other words', version = version + 1 "
                 "WHERE id = ?", [gid])
    conn.commit()
    with pytest.raises(StaleGroup, match="cannot undo edit"):
        actions.undo(conn)
    assert group(conn, gid)["title"] == "Other words"
    # an edit of the date is the entry's as a whole: not undone by its words alone
    other = ids["swap"]
    actions.edit(conn, other, version=group(conn, other)["version"], reviewer="a",
                 title="The swap", event_date="2025-06-01")
    conn.execute("UPDATE groups SET changed_since_review = 1, version = version + 1 "
                 "WHERE id = ?", [other])
    conn.commit()
    with pytest.raises(StaleGroup, match=f"cannot undo edit of #{other}"):
        actions.undo(conn)
    assert group(conn, other)["title"] == "The swap"


def test_a_decision_undoes_after_the_entry_got_new_evidence(conn, ids):
    """The same tester's accept of the day before: "cannot undo accept of #13"."""
    gid = ids["border"]
    actions.decide(conn, gid, "accept", version=group(conn, gid)["version"], reviewer="a")
    conn.execute("UPDATE groups SET event_date = '2025-06-08', changed_since_review = 1, "
                 "version = version + 1 WHERE id = ?", [gid])
    conn.commit()
    assert actions.undo(conn).message == f"undid accept of #{gid}"
    row = conn.execute("SELECT status, changed_since_review, event_date FROM groups "
                       "WHERE id = ?", [gid]).fetchone()
    # undecided again, as it was (nothing decided, nothing changed since); the new date
    # stays
    assert row == ("pending", 0, "2025-06-08")
    actions.redo(conn)
    assert conn.execute("SELECT status, changed_since_review FROM groups WHERE id = ?",
                        [gid]).fetchone() == ("accepted", 0)
    # a decision taken back to another decision keeps the flag new evidence raised
    actions.decide(conn, gid, "reject", version=group(conn, gid)["version"], reviewer="a")
    conn.execute("UPDATE groups SET changed_since_review = 1, version = version + 1 "
                 "WHERE id = ?", [gid])
    conn.commit()
    assert actions.undo(conn).message == f"undid reject of #{gid}"
    assert conn.execute("SELECT status, changed_since_review FROM groups WHERE id = ?",
                        [gid]).fetchone() == ("accepted", 1)


def test_an_action_that_can_no_longer_be_undone_can_be_passed_over(conn, ids):
    actions.decide(conn, ids["swap"], "reject", version=1, reviewer="a")
    actions.decide(conn, ids["talks"], "accept", version=1, reviewer="a")
    conn.execute("UPDATE groups SET status = 'skipped', version = version + 1 "
                 "WHERE id = ?", [ids["talks"]])  # another reviewer's process
    conn.commit()
    with pytest.raises(StaleGroup) as err:
        actions.undo(conn)
    stuck = err.value.decision_id
    assert stuck is not None
    # the reviewer is not trapped: passing it over reaches the reject before it
    out = actions.undo(conn, passed={stuck})
    assert out.message == f"undid reject of #{ids['swap']}"
    assert group(conn, ids["swap"])["status"] == "pending"
    assert group(conn, ids["talks"])["status"] == "skipped"  # the other's stays in force
    actions.redo(conn, passed={stuck})
    assert group(conn, ids["swap"])["status"] == "rejected"


def test_an_action_that_can_no_longer_be_redone_can_be_passed_over(conn, ids):
    """After a corrected date was undone and redone, every redo said "cannot redo accept
    of #43": nothing after it in the redo chain could be reached."""
    actions.decide(conn, ids["swap"], "reject", version=1, reviewer="a")
    actions.decide(conn, ids["talks"], "accept", version=1, reviewer="a")
    actions.undo(conn)
    actions.undo(conn)
    conn.execute("UPDATE groups SET status = 'skipped', version = version + 1 "
                 "WHERE id = ?", [ids["swap"]])  # another reviewer's process
    conn.commit()
    with pytest.raises(StaleGroup, match="cannot redo") as err:
        actions.redo(conn)
    stuck = err.value.decision_id
    out = actions.redo(conn, passed={stuck})
    assert out.message == f"redid accept of #{ids['talks']}"
    assert group(conn, ids["swap"])["status"] == "skipped"  # the other's stays
    # a group written anew with the same members and fields is no change
    conn.execute("UPDATE groups SET created_at = '2099-01-01T00:00:00' WHERE id = ?",
                 [ids["talks"]])
    conn.commit()
    assert actions.undo(conn, passed={stuck}).message == f"undid accept of #{ids['talks']}"


def test_a_conflict_numbered_anew_is_no_change_and_undo_takes_no_other_groups(conn, ids):
    """After a re-dating was undone on Haiti, "cannot undo accept of #1760": the regroup
    had written its conflict under a new number; and restoring a conflict under its old
    number deleted whichever conflict had taken it."""
    prisoners = ids["prisoners"]
    (old,) = conn.execute("SELECT id FROM conflicts WHERE group_id = ?", [prisoners]).fetchone()
    actions.decide(conn, prisoners, "accept", version=1, reviewer="a")
    conn.execute("UPDATE conflicts SET id = id + 1000 WHERE id = ?", [old])
    conn.execute('INSERT INTO conflicts(id, group_id, kind, subject, "values", claim_ids) '
                 "VALUES (?, ?, 'number', 'bodies', '[]', '[]')", [old, ids["talks"]])
    conn.commit()
    assert actions.undo(conn).message == f"undid accept of #{prisoners}"
    assert group(conn, prisoners)["status"] == "pending"
    assert conn.execute("SELECT group_id FROM conflicts WHERE id = ?", [old]).fetchone() == (
        ids["talks"],)
    assert conn.execute("SELECT count(*) FROM conflicts WHERE group_id = ?",
                        [prisoners]).fetchone() == (1,)


def test_versions_only_go_up_even_on_undo(conn, ids):
    actions.decide(conn, ids["talks"], "accept", version=1, reviewer="a")
    actions.undo(conn)
    assert group(conn, ids["talks"])["version"] == 3
    with pytest.raises(StaleGroup):
        actions.decide(conn, ids["talks"], "accept", version=2, reviewer="a")


def test_merge_flags_new_disagreement_with_the_group_stage_rules(conn, ids):
    """Merging June 7 into June 9 leaves a group whose sources disagree on the date."""
    actions.merge(conn, {ids["border"]: 1}, ids["swap"], target_version=1, reviewer="a")
    rows = conn.execute(
        'SELECT kind, subject, "values" FROM conflicts WHERE group_id = ?', [ids["swap"]]
    ).fetchall()
    assert [(k, s) for k, s, _v in rows] == [("date", "event date")]
    assert {v["value"] for v in loads(rows[0][2])} == {"2025-06-07", "2025-06-09"}
    actions.undo(conn)
    assert (
        conn.execute("SELECT count(*) FROM conflicts WHERE group_id = ?", [ids["swap"]]).fetchone()[
            0
        ]
        == 0
    )


def test_a_resolution_survives_a_merge_when_the_dispute_does(conn, ids):
    cid = conn.execute("SELECT id FROM conflicts WHERE group_id = ?", [ids["talks"]]).fetchone()[0]
    actions.resolve(conn, ids["talks"], cid, "2025-06-02", version=1, reviewer="a")
    actions.merge(conn, {ids["fidan"]: 1}, ids["talks"], target_version=2, reviewer="a")
    (resolution,) = conn.execute(
        "SELECT resolution FROM conflicts WHERE group_id = ? AND kind = 'date'", [ids["talks"]]
    ).fetchone()
    assert resolution == "2025-06-02"


def test_undo_skips_what_other_stages_logged(conn, ids):
    actions.decide(conn, ids["talks"], "accept", version=1, reviewer="a")
    # a regroup attached new evidence to another group and logged it
    log_new_evidence(conn, ids["swap"])
    out = actions.undo(conn)
    assert out.focus == ids["talks"]
    assert group(conn, ids["talks"])["status"] == "pending"


def test_the_day_a_group_gives_a_claim_follows_merge_undo_redo_and_split(conn, ids):
    # "No ceasefire was agreed" in June, merged into the June 2 talks, which two other
    # outlets date to the day: the claim shows June 2, and gives it back when it leaves
    cid = ids["c_noceasefire"]
    conn.execute("UPDATE claims SET date_provenance = 'explicit', date_text = 'in June' "
                 "WHERE id = ?", [cid])
    conn.commit()

    def date_of():
        return conn.execute("SELECT date, date_provenance, stated_date FROM claims "
                            "WHERE id = ?", [cid]).fetchone()

    sharpened, own = ("2025-06-02", "corroborated", "2025-06"), ("2025-06", "explicit", None)
    actions.merge(conn, {ids["ceasefire"]: 1}, ids["talks"], target_version=1, reviewer="a")
    assert date_of() == sharpened
    assert group(conn, ids["talks"])["event_date"] == "2025-06-02"
    actions.undo(conn)
    assert date_of() == own
    actions.redo(conn)
    assert date_of() == sharpened
    actions.split(conn, ids["talks"], [cid], version=group(conn, ids["talks"])["version"],
                  reviewer="a")
    assert date_of() == own


def _haiti(db, *, dated: bool = True):
    """A 2010 story: an entry of January 13 (if ``dated``), one of January 20, an undated one."""
    from builders import Builder

    b = Builder(db)
    doc = b.document("The quake struck on January 12. Aid arrived on January 20. Help came.",
                     title="Quake", published="2010-01-21" if dated else None)
    quake = b.group([b.claim(doc, "The quake struck on January 12.",
                             date="2010-01-13" if dated else None)])
    aid = b.group([b.claim(doc, "Aid arrived on January 20.",
                           date="2010-01-20" if dated else None)])
    undated = b.group([b.claim(doc, "Help came.")])
    b.commit()
    return quake, aid, undated


def test_a_bad_date_is_answered_with_dates_of_the_story_at_hand(db):
    """On a 2010 story, 'Jan 32' was answered 'write 2025-06-02 or June 2, 2025'."""
    quake, _aid, undated = _haiti(db)

    def said(gid: int, value: str) -> str:
        with pytest.raises(ReviewError) as refused:
            actions.edit(db.conn, gid, version=1, reviewer="a", event_date=value)
        return str(refused.value)

    # the entry's own date
    assert said(quake, "Jan 32") == ("'Jan 32' is not a date: write 2010-01-13 or "
                                     "January 13, 2010 (a day), 2010-01 (a month) or 2010")
    # an undated entry: the story's latest day
    assert "write 2010-01-20 or January 20, 2010" in said(undated, "Jan 32")
    assert said(quake, "2010-13") == ("'2010-13' is not a month date (a year has 12 months, "
                                      "not 13; like 2010-01)")
    # what looks like a date is told why it is none (a tester typed "30 Feb 2010")
    assert said(quake, "30 Feb 2010").startswith(
        "'30 Feb 2010' is not a date (February 2010 has 28 days): write 2010-01-13")


def test_a_day_typed_without_its_year_takes_the_entrys_year_and_is_said(db):
    """A tester typed "June 2" on an entry of January 2010: it was read as 2 June 2009
    (the last June 2 before the entry) and the message said only "edited: event date"."""
    quake, _aid, _undated = _haiti(db)
    out = actions.edit(db.conn, quake, version=1, reviewer="a", event_date="June 2")
    assert out.message == f"#{quake} edited: event date 2010-06-02"
    assert group(db.conn, quake)["event_date"] == "2010-06-02"


def test_with_no_dated_entry_a_bad_date_is_answered_with_the_shapes(db):
    _quake, _aid, undated = _haiti(db, dated=False)
    with pytest.raises(ReviewError) as refused:
        actions.edit(db.conn, undated, version=1, reviewer="a", event_date="soon")
    assert str(refused.value) == ("'soon' is not a date: write YYYY-MM-DD or Month D, YYYY "
                                  "(a day), YYYY-MM (a month) or YYYY")


def test_a_bad_publication_date_is_answered_with_the_documents_own(db):
    from workbench.review.documents import set_document

    _haiti(db)
    with pytest.raises(ReviewError) as refused:
        set_document(db, 1, reviewer="a", published="Jan 32")
    assert str(refused.value) == "1: publication date 'Jan 32' is not a date like 2010-01-21"


def test_a_count_of_different_things_is_resolved_as_no_disagreement(conn, ids):
    """'1.5 million people [homeless]' against 'about 200,000 people [left the city]':
    a tester could only leave it unresolved, and the export warned of it on an accepted
    entry. 'not a disagreement' settles it, and it stays settled through a regroup."""
    from workbench.group import describe_group
    from workbench.text import NOT_A_DISAGREEMENT

    cid, kind = conn.execute("SELECT id, kind FROM conflicts WHERE group_id = ?",
                             [ids["prisoners"]]).fetchone()
    assert kind == "number"
    out = actions.resolve(conn, ids["prisoners"], cid, NOT_A_DISAGREEMENT, version=1,
                          reviewer="a")
    assert out.message.endswith(": not a disagreement")
    describe_group(conn, ids["prisoners"])  # the conflicts computed again, as a regroup does
    assert conn.execute("SELECT resolution FROM conflicts WHERE group_id = ?",
                        [ids["prisoners"]]).fetchall() == [(NOT_A_DISAGREEMENT,)]
    # a date is no count: the entry has one date, a reviewer chooses it
    date_conflict, gid = conn.execute(
        "SELECT id, group_id FROM conflicts WHERE kind = 'date'").fetchone()
    with pytest.raises(ReviewError, match="not one of the values"):
        actions.resolve(conn, gid, date_conflict, NOT_A_DISAGREEMENT,
                        version=group(conn, gid)["version"], reviewer="a")


def test_an_entry_with_two_conflicts_can_have_its_accept_undone(db):
    """Haiti's #1788 holds a name conflict (Byrs) and a number conflict (people): its
    accept, reject or resolve could never be undone ("group #1788 changed since"), nor an
    accept-all of the queue it stood in. The log keeps a conflict's keys in one order and
    the database gives them in another: compared, the two conflicts sorted apart."""
    from builders import Builder

    b = Builder(db)
    doc = b.document("Two people were pulled out alive. Elizabeth Byrs said 132 people were "
                     "rescued. Elisabeth Byrs said so again.", title="A", published="2010-01-20")
    two = b.claim(doc, "Two people were pulled out alive.", date="2010-01-20")
    said = b.claim(doc, "Elizabeth Byrs said 132 people were rescued.", date="2010-01-20")
    again = b.claim(doc, "Elisabeth Byrs said so again.", date="2010-01-20")
    # the number conflict names the lower claim ids, the name conflict the lower kind
    gid = b.group([two, said, again], conflicts=[
        {"kind": "name", "subject": "byrs",
         "values": [{"value": "Elizabeth Byrs", "claim_ids": [said]},
                    {"value": "Elisabeth Byrs", "claim_ids": [again]}]},
        {"kind": "number", "subject": "people",
         "values": [{"value": "Two people", "claim_ids": [two]},
                    {"value": "132 people", "claim_ids": [said]}]}])
    b.commit()
    for action in ("accept", "reject"):
        version = group(db.conn, gid)["version"]
        actions.decide(db.conn, gid, action, version=version, reviewer="a")
        assert actions.undo(db.conn).message == f"undid {action} of #{gid}"
        assert group(db.conn, gid)["status"] == "pending"



def test_a_date_typed_after_a_reports_guessed_publication_date_says_so(seed_db_path, tmp_path):
    """A tester dated the record drone attack 9 June 2025; its report, seed 003, has a
    publication date guessed from its text (8 June 2025, a post it quotes): the export's
    check warned that the page is cited for an occasion after it, the review said
    nothing."""
    import shutil

    path = tmp_path / "seeds.db"
    shutil.copyfile(seed_db_path, path)
    conn = sqlite3.connect(path)
    (gid, version), = conn.execute(
        "SELECT g.id, g.version FROM groups g JOIN group_members m ON m.group_id = g.id "
        "JOIN claims c ON c.id = m.claim_id WHERE c.text LIKE "
        "'Russia launched a record 479 drones%'").fetchall()
    (published,) = conn.execute(
        "SELECT published FROM documents WHERE path LIKE '%003_d2fe5184c3e43d4c.txt'"
    ).fetchone()
    assert published == "2025-06-08"
    out = actions.edit(conn, gid, version=version, reviewer="t", event_date="2025-06-09")
    assert out.message.endswith(
        f"; publication date guessed before it: 003_d2fe5184c3e43d4c.txt ({published}) "
        "(d in the source view sets it)")
    # a date its reports could tell says nothing of them
    (version,) = conn.execute("SELECT version FROM groups WHERE id = ?", [gid]).fetchone()
    out = actions.edit(conn, gid, version=version, reviewer="t", event_date=published)
    assert "guessed" not in out.message


def test_a_merge_and_a_split_stay_as_left_and_undoable_after_a_rebuild(seed_db_path, tmp_path):
    """A rebuild retitled the entry a merge went into (the best title of its claims, not
    the one the reviewer saw), and cut the 40 claims left after a split off the June 2
    talks into six entries; then neither action could be undone ("group #32 changed
    since"). What the reviewer shaped stays as they left it, title and claims, while
    nothing new joins it, and both actions are undone after the rebuild."""
    import shutil

    from workbench.group import regroup

    path = tmp_path / "seeds.db"
    shutil.copyfile(seed_db_path, path)
    db = connect(path)
    conn = db.conn

    def version(gid):
        return conn.execute("SELECT version FROM groups WHERE id = ?", [gid]).fetchone()[0]

    def title(gid):
        return conn.execute("SELECT title FROM groups WHERE id = ?", [gid]).fetchone()[0]

    def best(gid):  # the title a build gives the entry's claims
        from workbench.group import group_claims
        from workbench.group.titles import best_title_claim, title_text

        claims, _ = group_claims(db, gid)
        return title_text(best_title_claim(claims, conn.execute(
            "SELECT event_date FROM groups WHERE id = ?", [gid]).fetchone()[0]))

    # two entries whose merge keeps the target's title where a build would title the
    # merged claims otherwise (the moved claims bring fewer sources), and an entry to split
    entries = [g for (g,) in conn.execute(
        "SELECT id FROM groups WHERE background = 0 AND status = 'pending' ORDER BY id")]
    for source, target in zip(entries, entries[1:], strict=False):
        before = title(target)
        point = conn.execute("SELECT max(id) FROM decisions").fetchone()[0] or 0
        actions.merge(conn, {source: version(source)}, target,
                      target_version=version(target), reviewer="t")
        if title(target) == before and best(target) != before:
            break
        actions.undo(conn)
        conn.execute("DELETE FROM decisions WHERE id > ?", [point])
    else:
        pytest.fail("no merge in the seeds keeps a title a build would change")
    cut = next(g for g in entries if g not in (source, target) and len(members(conn, g)) > 3)
    split = actions.split(conn, cut, sorted(members(conn, cut))[:2], version=version(cut),
                          reviewer="t")
    seen = {g: (title(g), members(conn, g)) for g in (target, cut, split.focus)}
    regroup(db)
    assert {g: (title(g), members(conn, g)) for g in seen} == seen
    assert "members" in json.loads(conn.execute("SELECT edited FROM groups WHERE id = ?",
                                                [cut]).fetchone()[0])
    assert actions.undo(conn).message.startswith(f"undid split of #{cut}")
    assert actions.undo(conn).message.startswith(f"undid merge of #{source} into #{target}")
    assert title(target) == before
    db.conn.close()
