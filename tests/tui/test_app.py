"""Pilot tests: drive every action with keys, then check the database (not only the screen)."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from builders import Builder, synthetic_database

from workbench.db import connect
from workbench.review import actions
from workbench.review.queue import Filter

from .conftest import make_app, screen_text, settle

SIZE = (100, 30)


def q(path, sql, *params):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def status(path, gid):
    return q(path, "SELECT status FROM groups WHERE id = ?", gid)[0][0]


def current(app):
    row = app.review_screen.queue.current
    return row.id if row else None


async def goto(pilot, gid, *keys):
    """Put the cursor on group ``gid``, then press ``keys`` there (opening a dialog)."""
    pilot.app.review_screen.reload(gid)
    await settle(pilot)
    assert current(pilot.app) == gid
    if keys:
        await pilot.press(*keys)
        await settle(pilot)


async def test_opens_on_first_pending_and_shows_the_group(sample):
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.review_screen
        assert current(app) == ids["talks"]  # the first day (June as a whole after its days)
        assert screen.detail_pane.detail.id == ids["talks"]
        status_line = str(screen.query_one("#status").render())
        assert "Reviewed 1/9" in status_line and "○ 8 pend" in status_line


async def test_accept_reject_skip_commit_and_advance(sample):
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = current(app)
        await pilot.press("a")
        assert status(path, first) == "accepted"  # committed before the screen moved on
        await settle(pilot)
        second = current(app)
        assert (first, second) == (ids["talks"], ids["prisoners"])
        await pilot.press("x")
        assert status(path, second) == "rejected"
        await settle(pilot)
        third = current(app)
        assert third == ids["fidan"]
        await pilot.press("space")
        assert status(path, third) == "skipped"
        await settle(pilot)
        assert current(app) == ids["umerov"]
        rows = q(path, "SELECT action, group_id, reviewer FROM decisions ORDER BY id")
        assert rows == [
            ("accept", first, "tester"),
            ("reject", second, "tester"),
            ("skip", third, "tester"),
        ]



async def test_space_on_a_decided_entry_moves_on_and_keeps_the_decision(sample):
    # space set an accepted entry back to skipped without a word, and the cursor landed
    # on the next accepted one, for the next space to do the same
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = current(app)
        await pilot.press("a")
        await settle(pilot)
        await goto(pilot, first)
        below = app.review_screen.queue.neighbour_id()
        await pilot.press("space")
        await settle(pilot)
        assert status(path, first) == "accepted"
        assert current(app) == below
        assert f"#{first} stays accepted" in " ".join(screen_text(app).split())
        assert [a for (a,) in q(path, "SELECT action FROM decisions")] == ["accept"]



async def test_deciding_the_last_pending_row_goes_back_to_one_left_above(sample):
    # a tester left one entry pending near the top and decided the rest: the last "a"
    # landed on an accepted row, and the next "a" decided that one again
    path, ids = sample
    pending = q(path, "SELECT count(*) FROM groups WHERE status = 'pending'")[0][0]
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:

        async def press(*keys: str) -> str:
            """Each key in turn, each let finish; what the screen then says."""
            for key in keys:
                await pilot.press(key)
                await settle(pilot)
            return " ".join(screen_text(app).split())

        await settle(pilot)
        left = current(app)
        said = await press("down", *"a" * (pending - 1))
        assert current(app) == left and f"back to the first, #{left}" in said
        # undone and redone, the decision moves on as it did (a redo landed on a decided
        # row, and the next "a" decided that one again)
        said = await press("u", "U")
        assert current(app) == left and f"back to the first, #{left}" in said
        assert "none left pending" in await press("a")
        # an "a" on an entry accepted already changes nothing and logs nothing: said
        accepted = current(app)
        assert status(path, accepted) == "accepted"
        assert f"#{accepted} is accepted already" in await press("a")
    decided = q(path, "SELECT group_id, count(*) FROM decisions WHERE action = 'accept' "
                      "GROUP BY group_id")
    assert len(decided) == pending and all(n == 1 for _, n in decided), decided
    assert status(path, left) == "accepted"

async def test_merge_into_a_group_chosen_in_the_finder(sample):
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, ids["swap"], "m")
        await pilot.press(*"border june 7")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert q(path, "SELECT count(*) FROM groups WHERE id = ?", ids["swap"]) == [(0,)]
        moved = q(
            path, "SELECT group_id, pinned FROM group_members WHERE claim_id = ?", ids["c_swap"]
        )
        assert moved == [(ids["border"], 1)]
        # The place is kept: the cursor is on the row "swap" held, now the next group
        # (it used to jump to the merge target, losing the reviewer's place).
        assert current(app) == ids["ceasefire"]
        # undone, the cursor is back where the merge was taken: on "swap", back again
        await pilot.press("u")
        await settle(pilot)
        assert current(app) == ids["swap"]


async def mark(pilot, *gids):
    for gid in gids:
        await goto(pilot, gid)
        await pilot.press("v")


async def test_mark_several_and_merge_them_into_the_current(sample):
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("M")  # nothing marked: said, where M used to do nothing at all
        await settle(pilot)
        assert app.review_screen._last_message.startswith("nothing marked to merge")
        await mark(pilot, ids["fidan"], ids["umerov"])
        assert app.review_screen._last_message == (
            f"#{ids['umerov']} marked (2 marked: M on the entry to merge them into)")
        queue = app.review_screen.queue
        await goto(pilot, ids["fidan"])
        # a marked row under the cursor shows both: where the cursor is, and the mark
        assert queue._mark_cell(ids["fidan"]) == "▶●"
        assert queue._mark_cell(ids["umerov"]) == " ●"
        await goto(pilot, ids["talks"])
        assert queue._mark_cell(ids["talks"]) == "▶"
        await pilot.press("M")
        await settle(pilot)
        gids = {
            r[0]
            for r in q(
                path,
                "SELECT group_id FROM group_members WHERE claim_id IN (?, ?)",
                ids["c_fidan"],
                ids["c_talks1"],
            )
        }
        assert gids == {ids["talks"]}
        assert q(
            path, "SELECT count(*) FROM groups WHERE id IN (?, ?)", ids["fidan"], ids["umerov"]
        ) == [(0,)]
        assert app.review_screen.queue.marked == {}


async def test_a_marked_group_merged_away_elsewhere_is_unmarked(sample):
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await mark(pilot, ids["fidan"], ids["umerov"])
        # another reviewer merges "fidan" into "talks" meanwhile
        db = connect(path)
        try:
            version = q(path, "SELECT version FROM groups WHERE id = ?", ids["fidan"])[0][0]
            target = q(path, "SELECT version FROM groups WHERE id = ?", ids["talks"])[0][0]
            actions.merge(db.conn, {ids["fidan"]: version}, ids["talks"],
                          target_version=target, reviewer="other")
        finally:
            db.conn.close()
        pilot.app.review_screen.reload(ids["umerov"])
        await settle(pilot)
        assert set(app.review_screen.queue.marked) == {ids["umerov"]}
        # the merge of what is still marked goes through
        await goto(pilot, ids["talks"], "M")
        assert q(path, "SELECT count(*) FROM groups WHERE id = ?", ids["umerov"]) == [(0,)]
        assert app.review_screen.queue.marked == {}


async def test_split_selected_claim_to_a_new_group(sample):
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, ids["talks"])
        detail = app.review_screen.detail_pane.detail
        may = [c.id for c in detail.claims].index(ids["c_talks2"])
        await pilot.press("s")
        await settle(pilot)
        for _ in range(may):
            await pilot.press("down")
        await pilot.press("space")
        await pilot.press("n")
        await settle(pilot)
        (new_group,) = q(
            path, "SELECT group_id FROM group_members WHERE claim_id = ?", ids["c_talks2"]
        )[0]
        assert new_group != ids["talks"]
        assert q(path, "SELECT pinned FROM group_members WHERE claim_id = ?", ids["c_talks2"]) == [
            (1,)
        ]
        assert q(path, "SELECT event_date FROM groups WHERE id = ?", new_group) == [("2025-05-22",)]
        assert current(app) == ids["talks"]  # the reviewer's place: the group being split


async def test_split_chooses_every_claim_of_a_date_or_a_source_at_once(sample):
    """A tester cutting a mixed 40-claim entry pressed space 14 times: d chooses every claim
    with the highlighted claim's date, o every claim from its source (after one is chosen
    too); again unchooses."""
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, ids["talks"])
        claims = app.review_screen.detail_pane.detail.claims
        here = claims[1]
        same_date = {c.id for c in claims if c.date == here.date}
        same_source = {c.id for c in claims if c.document_id == here.document_id}
        assert 1 < len(same_date) < len(claims) and same_source == {here.id}
        await pilot.press("s")
        await settle(pilot)
        picker = app.screen.query_one("#split-claims")
        await pilot.press("down", "o")
        assert picker.chosen == same_source
        # alone in its source, the claim stays chosen, and the dialog says why nothing
        # else was (a tester's e unchose the claim chosen with space, unsaid)
        await pilot.press("o")
        await settle(pilot)
        assert picker.chosen == same_source
        assert "no other claim here has the same source" in screen_text(app)
        await pilot.press("space")
        assert picker.chosen == set()
        await pilot.press("space", "d")  # one chosen, then d: the rest of its date join it
        await settle(pilot)
        assert picker.chosen == same_date
        assert (f"{len(same_date) - 1} more claim{'s' if len(same_date) > 2 else ''} of the "
                f"same date chosen, {len(same_date)} in all") in " ".join(
                    screen_text(app).split())
        await pilot.press("d")  # all of them chosen: d again unchooses them, and says so
        await settle(pilot)
        assert picker.chosen == set()
        assert f"{len(same_date)} claims of the same date unchosen" in screen_text(app)
        await pilot.press("d")  # and once more chooses them all, to move them out: none was
        await settle(pilot)     # chosen before, so none is "more" (a tester read "20 more")
        assert picker.chosen == same_date
        assert f"{len(same_date)} claims of the same date chosen" in " ".join(
            screen_text(app).split())
        await pilot.press("n")
        await settle(pilot)
        moved = {r[0] for r in q(path, "SELECT claim_id FROM group_members WHERE group_id = "
                                       "(SELECT group_id FROM group_members WHERE claim_id = ?)",
                                 here.id)}
        assert moved == same_date


async def test_split_opens_on_the_claim_the_reviewer_was_reading(sample):
    """A tester on claim 7 of 25 pressed s and found the list at claim 1."""
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, ids["talks"])
        pane = app.review_screen.detail_pane
        pane.move_claim(2)
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        picker = app.screen.query_one("#split-claims")
        assert picker.highlighted == 2 and picker.claims[2] == pane.current_claim
        assert picker.chosen == set()  # highlighted, not chosen: a quick n moves nothing


async def test_split_chooses_the_claims_that_report_one_thing_at_once(seed_db_path, tmp_path):
    """A large story's day entry holds hundreds of claims of several happenings: e chooses
    every claim of the highlighted claim's fine event (what the engine found they all
    report), so one happening moves out in three keys."""
    import collections
    import shutil

    path = tmp_path / "s.db"
    shutil.copy(seed_db_path, path)
    conn = sqlite3.connect(path)
    sizes = collections.Counter(conn.execute(
        "SELECT group_id, event FROM group_members").fetchall())
    gid, event = next(k for k, n in sizes.most_common() if n >= 2 and sum(
        m for (g, _e), m in sizes.items() if g == k[0]) > n)
    same_event = {r[0] for r in conn.execute(
        "SELECT claim_id FROM group_members WHERE group_id = ? AND event = ?", [gid, event])}
    conn.close()
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, gid, "s")
        picker = app.screen.query_one("#split-claims")
        index = next(i for i, c in enumerate(picker.claims) if c.id in same_event)
        picker.highlighted = index
        await pilot.press("e")
        assert picker.chosen == same_event
        assert "e same event" in " ".join(
            str(w.render()) for w in app.screen.query(".dialog-help"))
        await pilot.press("n")
        await settle(pilot)
    moved = {r[0] for r in q(path, "SELECT claim_id FROM group_members WHERE group_id = "
                                   "(SELECT group_id FROM group_members WHERE claim_id = ?)",
                             min(same_event))}
    assert moved == same_event


async def _split_talks(pilot, ids):
    """The split dialog open on the sample's talks: their claims, the place of the one
    that names the exchange agreement, and the list of claims."""
    await settle(pilot)
    await goto(pilot, ids["talks"])
    claims = pilot.app.review_screen.detail_pane.detail.claims
    target = [c.id for c in claims].index(ids["c_talks3"])
    await pilot.press("s")
    await settle(pilot)
    return claims, target, pilot.app.screen.query_one("#split-claims")


async def test_split_shows_the_highlighted_claim_whole_and_the_others_on_two_lines(seeds):
    # at 80x24 each claim whole, wrapped with its source's long title, let the dialog
    # show two of a 42-claim entry's claims at a time
    path = seeds
    (gid,) = q(path, "SELECT id FROM groups WHERE background = 0 ORDER BY sources DESC, "
                     "id LIMIT 1")[0]
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await goto(pilot, gid, "s")
        picker = app.screen.query_one("#split-claims")
        assert len(picker.claims) > 30
        shown = screen_text(app)
        assert shown.count("[ ]") >= 4, shown
        for index in (0, 1):
            if index:
                await pilot.press("down")
                await settle(pilot)
            assert picker.highlighted == index
            # the claim under the highlight whole (its last words on the screen), the
            # others cut
            lines = " ".join(str(picker.get_option_at_index(i).prompt)
                             for i in range(len(picker.claims)))
            whole = picker.claims[index].text
            assert whole in lines
            cut = [c.text for i, c in enumerate(picker.claims)
                   if i != index and len(c.text) > 100]
            assert cut and not any(t in lines for t in cut)
            words = " ".join(screen_text(app).replace("▎", " ").replace("▊", " ").split())
            assert " ".join(whole.split()[-3:]) in words, words


async def test_split_search_typed_in_one_burst_is_the_searchs(sample):
    """"/", words and enter delivered at once (a fast typist, a paste, tmux): the words
    reached the list before the search box had the focus and were lost, and a "d" or an
    "e" among them chose every claim of a date or of an event."""
    from textual import events

    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        claims, target, picker = await _split_talks(pilot, ids)
        for ch in "/produced exchange":
            app.post_message(events.Key("slash" if ch == "/" else "space" if ch == " " else ch,
                                        ch))
        app.post_message(events.Key("enter", "\r"))
        await settle(pilot)
        assert picker.chosen == set()  # no "d" nor "e" of the words chose anything
        assert app.screen.query_one("#split-find").value == "produced exchange"
        assert picker.highlighted == target and picker.has_focus


async def test_split_finds_the_claims_to_move_by_their_words(sample):
    """A tester cutting a 41-claim entry pressed Down 29 times to reach the claims about
    another occasion: / and words jump to the next claim that has them, typed letters
    are not keys of the dialog, and esc leaves the search, not the dialog."""
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        claims, target, picker = await _split_talks(pilot, ids)
        assert target > 0 and "exchange agreement" in claims[target].text
        # the "n" and "g" typed are words, not "to a new group" nor "into another group"
        await pilot.press("slash", *"exchange agreem", "enter")
        await settle(pilot)
        assert picker.highlighted == target and picker.has_focus
        # the search box goes: what is typed next is a key of the list, and it says so
        find = app.screen.query_one("#split-find")
        assert not find.display
        said = str(app.screen.query_one(".dialog-error").render())
        # which claim, and how many have the words (a tester read "found 3 of 330" as
        # three matches)
        assert f"claim {target + 1} of {len(claims)} has it (1 of 1 that do): space chooses it" \
            in said
        await pilot.press("space")
        assert picker.chosen == {ids["c_talks3"]}
        await pilot.press("slash")  # the words are kept: enter finds the next one
        await settle(pilot)
        assert find.display and find.value == "exchange agreem"
        assert not app.screen.query_one(".dialog-error").display
        await pilot.press("enter")
        await settle(pilot)
        # the only claim with those words: the search comes round to it again
        assert picker.highlighted == target and not find.display and picker.has_focus
        await pilot.press("slash", *"tsunami", "enter")
        await settle(pilot)
        assert "no claim here has: tsunami" in str(app.screen.query_one(".dialog-error").render())
        find.value = ""  # enter on nothing typed asks for words (it said "no claim has: ")
        await pilot.press("enter")
        await settle(pilot)
        assert "type words a claim has" in str(app.screen.query_one(".dialog-error").render())
        await pilot.press("escape")  # leaves the search; the dialog and the choice stay
        await settle(pilot)
        assert app.screen.query_one("#split-claims") is picker and picker.has_focus
        await pilot.press("n")
        await settle(pilot)
        (new_group,) = q(path, "SELECT group_id FROM group_members WHERE claim_id = ?",
                         ids["c_talks3"])[0]
        assert new_group != ids["talks"]


async def test_split_into_another_group(sample):
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, ids["prisoners"])
        moving = app.review_screen.detail_pane.detail.claims[0].id
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("space", "g")
        await settle(pilot)
        await pilot.press(*"prisoner exchange began")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert q(path, "SELECT group_id, pinned FROM group_members WHERE claim_id = ?", moving) == [
            (ids["swap"], 1)
        ]
        # what is left of "prisoners" now sorts later (its date came from the moved claim):
        # the cursor goes with it, not to the target or row 1, and deciding it goes back
        # to the group that came next
        assert current(app) == ids["prisoners"]
        await pilot.press("a")
        await settle(pilot)
        assert current(app) == ids["fidan"]


@pytest.mark.parametrize("keys", [["m"], ["s", "space", "g"]], ids=["merge", "split"])
async def test_a_finder_target_removed_meanwhile_is_said_to_no_longer_exist(sample, keys):
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, ids["prisoners"])
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        await pilot.press(*"prisoner exchange began")
        await settle(pilot)
        # another process merges the highlighted target away before enter
        other = connect(path)
        actions.merge(other.conn, {ids["swap"]: 1}, ids["border"], target_version=1, reviewer="b")
        other.conn.close()
        await pilot.press("enter")
        await settle(pilot)
        messages = " ".join(n.message for n in app._notifications)
        assert f"group #{ids['swap']} no longer exists" in messages
        still = q(
            path,
            "SELECT group_id FROM group_members WHERE claim_id IN (?, ?)",
            ids["c_pow1"],
            ids["c_pow2"],
        )
        assert still == [(ids["prisoners"],)] * 2


async def test_edit_title_and_date_and_reject_a_bad_date(sample):
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, ids["swap"], "e")
        app.screen.query_one("#edit-title").value = "Prisoner exchange, first stage"
        app.screen.query_one("#edit-date").value = "next week"
        await pilot.press("enter")
        await settle(pilot)
        error = str(app.screen.query_one(".dialog-error").render())
        # open, with the reason and the entry's own date as the example
        assert "not a date" in error and "June 9, 2025" in error
        assert (
            q(path, "SELECT title FROM groups WHERE id = ?", ids["swap"])[0][0]
            != "Prisoner exchange, first stage"
        )
        app.screen.query_one("#edit-date").value = "2025-06"
        await pilot.press("enter")
        await settle(pilot)
        row = q(
            path,
            "SELECT title, event_date, date_precision, edited FROM groups WHERE id = ?",
            ids["swap"],
        )
        assert row == [
            ("Prisoner exchange, first stage", "2025-06", "month", '["event_date", "title"]')
        ]


async def test_after_an_edit_the_pane_shows_the_new_title(sample):
    """A tester scrolled down to a conflict, retitled the entry, and still saw the
    conflict: the new title was above, out of sight."""
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await goto(pilot, ids["talks"])
        pane = app.review_screen.detail_pane
        pane.scroll_end(animate=False)
        await settle(pilot)
        assert pane.scroll_y > 0
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#edit-title").value = "Second round of talks in Istanbul"
        await pilot.press("enter")
        await settle(pilot)
        assert pane.scroll_y == 0
        assert "Second round of talks in Istanbul" in screen_text(app)


LONG_TITLE = ("Second round of talks in Istanbul: the sides agree to exchange severely "
              "wounded prisoners and those under 25, and to return 6,000 bodies each")


async def test_edit_shows_a_long_title_whole_from_its_start(sample):
    """A one-line box showed a long title's end only (a tester could not see what they
    were editing): at 80 columns the title wraps, its first and last words on screen."""
    path, ids = sample
    long = LONG_TITLE
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await goto(pilot, ids["swap"], "e")
        app.screen.query_one("#edit-title").value = long
        await settle(pilot)
        shown = screen_text(app)
        assert "Second round of talks" in shown and "6,000 bodies each" in shown
        await pilot.press("left", "N", "e", "w", ":", "space")  # left: to the start
        await pilot.press("enter")  # saves: a title is one line
        await settle(pilot)
        assert q(path, "SELECT title FROM groups WHERE id = ?", ids["swap"]) == [
            ("New: " + long,)]


async def test_ctrl_u_clears_a_wrapped_title(sample):
    """A tester cleared a long title with end and ctrl+u: only its last line on screen
    went, half the old title stayed. The dialog says ctrl+u clears."""
    path, ids = sample
    long = LONG_TITLE
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await goto(pilot, ids["swap"], "e")
        box = app.screen.query_one("#edit-title")
        box.value = long
        await settle(pilot)
        assert "ctrl+u clears" in screen_text(app)
        await pilot.press("end", "ctrl+u")
        assert box.text == ""
        await pilot.press(*"Swap", "enter")
        await settle(pilot)
        assert q(path, "SELECT title FROM groups WHERE id = ?", ids["swap"]) == [("Swap",)]


async def test_a_title_with_escape_codes_and_markup_is_shown_as_text_and_kept(sample):
    path, ids = sample
    title = "Talks \x1b[31mresumed [bold]in Istanbul[/bold]"
    db = connect(path)
    with db.conn:
        db.conn.execute("UPDATE groups SET title = ? WHERE id = ?", [title, ids["swap"]])
    db.conn.close()
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await goto(pilot, ids["swap"], "e")
        shown = screen_text(app)
        assert "\x1b" not in shown and "␛[31mresumed [bold]in Istanbul[/bold]" in shown
        await pilot.press("enter")  # saved as shown: the title is the source's, unchanged
        await settle(pilot)
    assert q(path, "SELECT title FROM groups WHERE id = ?", ids["swap"]) == [(title,)]


async def test_keys_typed_before_the_next_groups_detail_is_read_edit_that_group(sample):
    """A reviewer accepts and types on at once: "e" came before the detail pane had read
    the next group, was dropped, and the title typed after it ran as commands (space
    skipped, "f" opened the filter). Here the pane never reads on its own."""
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.review_screen
        screen._load_detail = lambda seq, group_id: None  # a read that has not come back
        first = screen.queue.current.id
        await pilot.press("a", "e", *"Talks end", "enter")
        await settle(pilot)
        second = screen.queue.current.id
        assert second != first
    assert q(path, "SELECT action, group_id FROM decisions ORDER BY id") == [
        ("accept", first), ("edit", second)]
    assert q(path, "SELECT title FROM groups WHERE id = ?", second) == [("Talks end",)]


def _typed_at_once(app, keys: list[str]) -> None:
    """Keys as a terminal delivers a burst (a fast typist, a slow link): all of them
    queued before the first is handled, where ``pilot.press`` waits after each."""
    from textual import events

    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))


async def test_keys_typed_in_one_burst_take_effect_in_the_order_typed(sample):
    """A tester typed "tab ctrl+u January 15 enter" quickly in the edit dialog: the keys
    after tab went to the title box, the date became the title, and another try saved
    the entry undated (ctrl+u in the date box ran after the date was typed)."""
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, ids["swap"], "e")
        await settle(pilot)
        _typed_at_once(app, ["ctrl+u", *"New title", "tab", "ctrl+u", *"2025-06-12",
                             "backspace", "1", "enter"])
        await settle(pilot)
        assert q(path, "SELECT title, event_date FROM groups WHERE id = ?", ids["swap"]) == [
            ("New title", "2025-06-11")]
        # and back: shift+tab, then the title's own clearing key, in one burst
        await pilot.press("e")
        await settle(pilot)
        _typed_at_once(app, ["tab", "shift+tab", "ctrl+u", *"Swap", "enter"])
        await settle(pilot)
        assert q(path, "SELECT title FROM groups WHERE id = ?", ids["swap"]) == [("Swap",)]
        # the date, then back to the title (a second tester lost the title this way)
        await pilot.press("e")
        await settle(pilot)
        _typed_at_once(app, ["tab", "ctrl+u", *"2025-06-04", "shift+tab", "ctrl+u", *"T2",
                             "enter"])
        await settle(pilot)
    assert q(path, "SELECT title, event_date FROM groups WHERE id = ?", ids["swap"]) == [
        ("T2", "2025-06-04")]


async def test_keys_typed_with_the_key_that_opens_a_dialog_go_into_it(sample):
    """ "e" and a title typed at once: the title reached the review screen before the
    dialog opened, and was lost (the tester's dialog opened empty, "the title cannot be
    empty"); "/" and a search, "m" and words, "f" and a filter the same."""
    from textual.widgets import OptionList

    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, ids["swap"])
        _typed_at_once(app, ["e", "ctrl+u", *"T4", "tab", "ctrl+u", *"2025-06-06", "enter"])
        await settle(pilot)
        assert q(path, "SELECT title, event_date FROM groups WHERE id = ?", ids["swap"]) == [
            ("T4", "2025-06-06")]
        assert q(path, "SELECT count(*) FROM decisions") == [(1,)]  # nothing else ran
        # the merge finder: its words, then up and down in its list from the box
        _typed_at_once(app, ["m", *"border"])
        await settle(pilot)
        assert app.screen.query_one("#finder-input").value == "border"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("down", "down", "down")
        options = app.screen.query_one(OptionList)
        assert options.highlighted == 3
        fourth = int(options.get_option_at_index(3).id)
        await pilot.press("escape")
        await settle(pilot)
        # and at once: enter takes the fourth, not the first the downs had not left yet
        here = current(app)
        _typed_at_once(app, ["m", "down", "down", "down", "enter"])
        await settle(pilot)
        assert q(path, "SELECT action, group_id FROM decisions ORDER BY id DESC LIMIT 1") == [
            ("merge", fourth)]
        assert q(path, "SELECT count(*) FROM groups WHERE id = ?", here) == [(0,)]
        await pilot.press("u")
        await settle(pilot)
        # the filter: past two drop-downs, ticking the first box, past the other two,
        # into its three fields
        _typed_at_once(app, ["f", "tab", "tab", "space", "tab", "tab", "tab", *"002", "tab",
                             *"2025-06-01", "tab", *"2025-06-1x", "backspace", "0", "enter"])
        await settle(pilot)
        flt = app.review_screen.flt
        assert (flt.conflicts_only, flt.multi_source) == (True, False)
        assert (flt.source, flt.date_from, flt.date_to) == ("002", "2025-06-01", "2025-06-10")
        await pilot.press("escape")  # the filter cleared
        await settle(pilot)
        # enter on a tick box applies the filter, as the keys line says (it ticked it)
        await pilot.press("f", "tab", "tab", "tab", "space", "enter")
        await settle(pilot)
        flt = app.review_screen.flt
        assert (flt.conflicts_only, flt.multi_source) == (False, True)
        await pilot.press("escape")
        await settle(pilot)
        # words typed into the finder with the enter that picks: the first of what they
        # find, not of the list the finder opened with
        wanted = ids["border"]
        title = q(path, "SELECT title FROM groups WHERE id = ?", wanted)[0][0]
        here = current(app)
        assert here != wanted
        _typed_at_once(app, ["m", *title.split()[0].lower(), *" border", "enter"])
        await settle(pilot)
        assert q(path, "SELECT action, group_id FROM decisions ORDER BY id DESC LIMIT 1") == [
            ("merge", wanted)]
        await pilot.press("u")
        await settle(pilot)
        # a key typed after the enter that saves is not typed into the title
        _typed_at_once(app, ["e", "ctrl+u", *"abc", "enter", "a"])
        await settle(pilot)
        assert q(path, "SELECT title FROM groups WHERE id = ?", here) == [("abc",)]


async def test_a_key_typed_after_a_jump_acts_where_the_jump_lands(sample):
    """ "} a" typed at once accepted the entry the cursor was leaving: the jump finds its
    entry in a thread, and "a" ran first."""
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        start = current(app)
        await pilot.press("right_curly_bracket")
        await settle(pilot)
        target = current(app)
        assert target != start
        app.review_screen.reload(start)
        await settle(pilot)
        _typed_at_once(app, ["right_curly_bracket", "a"])
        await settle(pilot)
        assert q(path, "SELECT action, group_id FROM decisions") == [("accept", target)]
        await pilot.press("u")
        await settle(pilot)
        # two jumps, then a decision: the second jump goes on from where the first landed
        app.review_screen.reload(start)
        await settle(pilot)
        for _ in range(2):
            await pilot.press("right_square_bracket")
            await settle(pilot)
        second = current(app)
        app.review_screen.reload(start)
        await settle(pilot)
        _typed_at_once(app, ["right_square_bracket", "right_square_bracket", "x"])
        await settle(pilot)
        assert q(path, "SELECT action, group_id FROM decisions WHERE undone = 0") == [
            ("reject", second)]


async def test_note(sample):
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"ask the desk")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert q(path, "SELECT note FROM groups WHERE id = ?", ids["talks"]) == [
            ("ask the desk",)
        ]
        # enter saves, as in every other dialog: a tester's enter then "a" (accept) put
        # the "a" into the note; a new line is ctrl+j
        await pilot.press("n")
        await settle(pilot)
        assert "enter save · ctrl+j new line" in screen_text(app)
        await pilot.press("ctrl+e", *" twice", "ctrl+j", *"by noon", "enter")
        await settle(pilot)
        assert q(path, "SELECT note FROM groups WHERE id = ?", ids["talks"]) == [
            ("ask the desk twice\nby noon",)
        ]
        assert type(app.screen).__name__ != "NoteScreen"


async def test_resolve_a_conflict(sample):
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, ids["talks"], "r")
        # the value the highlight starts on says why: it is the entry's date now (a
        # tester took the highlight for the first row, pressed down, chose another)
        from textual.widgets import OptionList
        options = app.screen.query_one(OptionList)
        start = str(options.get_option_at_index(options.highlighted).prompt)
        assert start.strip().startswith("2025-06-02 (the entry's date now)  — ")
        await pilot.press("enter")  # first value: 2025-06-02, said by two sources
        await settle(pilot)
        assert q(path, "SELECT resolution FROM conflicts WHERE group_id = ?", ids["talks"]) == [
            ("2025-06-02",)
        ]
        # the detail pane heads it as settled, without the warning sign of an open one
        await goto(pilot, ids["talks"])
        text = screen_text(app)
        assert "✓ resolved the event date: 2025-06-02" in text and "⚠" not in text.split(
            "resolved")[0].splitlines()[-1]
        # at the claims: the chosen date is no longer flagged, another is said settled (a
        # tester read "⚠ the event date: 2010-01-16" on claims after choosing the 22nd)
        detail = app.review_screen.detail_pane.detail
        notes = app.review_screen.detail_pane._conflict_notes(detail)
        (conflict,) = [c for c in detail.conflicts if c.kind == "date"]
        assert {v.value for v in conflict.values} - {"2025-06-02"}  # another date to flag
        for value in conflict.values:
            for cid in value.claim_ids:
                if value.value == "2025-06-02":
                    assert "the event date" not in notes.get(cid, "")
                else:
                    assert f"the event date: {value.value}, settled as 2025-06-02" in notes[cid]


async def test_a_choice_reports_came_in_against_says_so_and_the_resolve_starts_there(sample):
    # a tester's merged-in report against the chosen date showed in the detail pane, but
    # the dialog said only "chosen: 2025-06-02" and started on another, open conflict
    import json

    from textual.widgets import OptionList

    path, ids = sample
    gid = ids["talks"]
    (cid, values), = q(path, 'SELECT id, "values" FROM conflicts WHERE group_id = ?', gid)
    marked = [{**v, "since_resolved": v["claim_ids"]} if v["value"] == "2025-05-22" else v
              for v in json.loads(values)]
    with sqlite3.connect(path) as conn:  # as a regroup that brought that report marks it
        conn.execute('UPDATE conflicts SET resolution = ?, "values" = ? WHERE id = ?',
                     ["2025-06-02", json.dumps(marked), cid])
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, gid)
        flat = " ".join(screen_text(app).split())
        assert "✓ resolved the event date: 2025-06-02 ⚠ 1 report since says otherwise" in flat
        await pilot.press("r")
        await settle(pilot)
        options = app.screen.query_one(OptionList)
        assert options.highlighted_option.id == f"v{cid}:0"  # the value chosen, 2025-06-02
        where = str(app.screen.query_one("#resolve-where").render())
        assert where.endswith("chosen: 2025-06-02 · ⚠ 1 report since against it"), where
        assert any("2025-05-22 (1 new)" in str(options.get_option_at_index(i).prompt)
                   for i in range(options.option_count))
        await pilot.press("enter")  # the same choice again answers the new report
        await settle(pilot)
        assert "kept over 1 report that came after it" in " ".join(screen_text(app).split())
        assert "since_resolved" not in q(path, 'SELECT "values" FROM conflicts WHERE id = ?',
                                         cid)[0][0]


async def test_a_resolve_shows_the_settled_conflict_at_the_entrys_head(seed_db_path, tmp_path):
    """A tester resolved a conflict with the detail scrolled down its claims: the new "✓
    resolved" box stood above the pane, out of sight."""
    import shutil

    path = tmp_path / "seeds.db"
    shutil.copyfile(seed_db_path, path)
    (gid,) = q(path, "SELECT group_id FROM conflicts WHERE kind = 'date'")[0]
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, gid)
        pane = app.review_screen.detail_pane
        await pilot.press(*"jjjjjjjjjj")
        await settle(pilot)
        assert pane.scroll_y > 0
        await pilot.press("r", "enter", "escape")  # the name conflict left open
        await settle(pilot)
        assert pane.scroll_y == 0 and "✓ resolved" in screen_text(app)
        assert pane.claim_index == 0  # j goes on from the first claim


async def test_a_second_choice_in_the_resolve_dialog_keeps_the_cursor_where_it_is(seeds):
    # a first choice re-dated the entry and it moved: the cursor went on to the row that
    # took its place; the second choice took it on one row more, skipping that one
    path = seeds
    gid, conflict = q(path, "SELECT group_id, id FROM conflicts WHERE kind = 'date'")[0]
    other = q(path, "SELECT id FROM conflicts WHERE group_id = ? AND kind = 'name'", gid)[0][0]
    values = [v["value"] for v in json.loads(
        q(path, 'SELECT "values" FROM conflicts WHERE id = ?', conflict)[0][0])]
    shown = q(path, "SELECT event_date FROM groups WHERE id = ?", gid)[0][0]
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, gid, "r")
        options = app.screen.query_one("#resolve-options")
        ids_ = [options.get_option_at_index(i).id for i in range(options.option_count)]
        options.highlighted = ids_.index(
            f"v{conflict}:{next(i for i, v in enumerate(values) if v != shown)}")
        await pilot.press("enter")
        await settle(pilot)
        place = current(app)
        assert place == gid  # the entry moved; the cursor went with it
        options.highlighted = ids_.index(f"d{other}")
        await pilot.press("enter")
        await settle(pilot)
        assert q(path, "SELECT count(*) FROM conflicts WHERE group_id = ? AND resolution "
                       "IS NULL", gid) == [(0,)]
        assert current(app) == place


async def test_a_count_of_different_things_is_settled_as_no_disagreement(sample):
    """The dialog offers it for a count (not for a date, which the entry must have)."""
    from textual.widgets import OptionList

    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, ids["talks"], "r")  # a date conflict
        options = app.screen.query_one(OptionList)
        assert not any(str(options.get_option_at_index(i).prompt).strip().startswith(
            "not a disagreement") for i in range(options.option_count))
        await pilot.press("escape")
        await goto(pilot, ids["prisoners"], "r")  # a count: 1,000 against 1,200
        options = app.screen.query_one(OptionList)
        prompts = [str(options.get_option_at_index(i).prompt).strip()
                   for i in range(options.option_count)]
        options.highlighted = next(i for i, p in enumerate(prompts)
                                   if p.startswith("not a disagreement"))
        # said for a count: a toll that rose is no disagreement either (a tester found
        # "different things" fitted neither that nor a name transliterated two ways)
        assert "other things or times" in prompts[options.highlighted]
        await pilot.press("enter")
        await settle(pilot)
        assert q(path, "SELECT resolution FROM conflicts WHERE group_id = ?",
                 ids["prisoners"]) == [("not a disagreement",)]


async def test_enter_on_a_date_conflict_confirms_the_date_the_entry_shows(seed_db_path, tmp_path):
    # the seeds' talks: 001's May 22nd is listed first, the entry shows June 2; a tester
    # pressed r and enter and settled on May 22nd
    import shutil

    path = tmp_path / "seeds.db"
    shutil.copyfile(seed_db_path, path)
    gid, cid, shown, values = q(
        path, 'SELECT c.group_id, c.id, g.event_date, c."values" FROM conflicts c '
              "JOIN groups g ON g.id = c.group_id WHERE c.kind = 'date'")[0]
    assert json.loads(values)[0]["value"] != shown
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, gid, "r")
        await pilot.press("enter")
        await settle(pilot)
    assert q(path, "SELECT resolution FROM conflicts WHERE id = ?", cid) == [(shown,)]


async def test_the_resolve_dialog_quotes_the_highlighted_value(seeds):
    # at 80x24 the dialog covers the conflict's quotes: a tester chose between June 2 and
    # May 22nd by the file names alone. Under the list, the words of the highlighted
    # value's source, where the date stands in them; nothing on "leave unresolved"
    from textual.widgets import OptionList

    path = seeds
    conflict, gid, values = q(
        path, 'SELECT id, group_id, "values" FROM conflicts WHERE kind = \'date\'')[0]
    texts = {v["value"]: [q(path, "SELECT text FROM claims WHERE id = ?", c)[0][0]
                          for c in v["claim_ids"]] for v in json.loads(values)}
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await goto(pilot, gid, "r")
        options = app.screen.query_one(OptionList)
        seen = {}
        for i in range(options.option_count):
            oid = options.get_option_at_index(i).id
            options.highlighted = i
            await settle(pilot)
            seen[oid] = " ".join(str(app.screen.query_one("#resolve-quote").render()).split())
            if oid.startswith("n"):
                assert seen[oid] == "", seen[oid]
        by_value = [(prompt, seen[o.id]) for i in range(options.option_count)
                    if (o := options.get_option_at_index(i)).id.startswith(f"v{conflict}:")
                    and (prompt := str(o.prompt))]
        assert len(by_value) == 2
        for prompt, quote in by_value:
            value = next(v for v in texts if v in prompt)
            # the words of a claim that gives this value, not the other's
            words = quote.split("“", 1)[1].strip("”…")[:40].strip("…")
            assert any(words in t for t in texts[value]), (value, quote)
            assert not any(words in t for other, ts in texts.items() if other != value
                           for t in ts), (value, quote)
        assert "May 22nd" in " ".join(q for p, q in by_value if "2025-05-22" in p)
        # the dialog keeps its height whatever is highlighted: the list does not jump
        assert app.screen.query_one("#resolve-quote").size.height == 2


async def test_a_second_resolve_starts_on_the_conflict_still_open(seed_db_path, tmp_path):
    # a tester settled the first of two conflicts and pressed r again: the highlight sat
    # on a value of the settled one, and an enter would have silently settled it again
    import shutil

    from textual.widgets import OptionList

    from workbench.tui.screens.dialogs import ResolveScreen

    path = tmp_path / "seeds.db"
    shutil.copyfile(seed_db_path, path)
    gid, first, second = q(
        path, "SELECT group_id, min(id), max(id) FROM conflicts GROUP BY group_id "
              "HAVING count(*) = 2 ORDER BY group_id LIMIT 1")[0]
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, gid, "r")
        opened = app.screen.query_one(OptionList).highlighted_option.id
        settled = int(opened[1:].split(":")[0])
        await pilot.press("enter")
        await settle(pilot)
        assert q(path, "SELECT resolution IS NOT NULL FROM conflicts WHERE id = ?",
                 settled) == [(1,)]
        # the dialog stays for the conflict still open, highlighted (a tester opened it
        # once for each of three conflicts)
        assert isinstance(app.screen, ResolveScreen)
        assert "1 conflict still open" in screen_text(app)
        again = app.screen.query_one(OptionList).highlighted_option.id
        assert again.startswith(f"v{({first, second} - {settled}).pop()}:"), again
        # the line above the list says which conflict the highlight is in, and what was
        # chosen for it: a tester, six rows down, replaced an earlier choice unawares
        where = str(app.screen.query_one("#resolve-where").render())
        assert where.startswith("2 of 2: ") and where.endswith("· open"), where
        chosen = q(path, "SELECT resolution FROM conflicts WHERE id = ?", settled)[0][0]
        options = app.screen.query_one(OptionList)
        ids_ = [options.get_option_at_index(i).id for i in range(options.option_count)]
        other = next(i for i, o in enumerate(ids_) if o.startswith(f"v{settled}:")
                     and o != opened)
        options.highlighted = other
        await settle(pilot)
        where = str(app.screen.query_one("#resolve-where").render())
        assert where.startswith("1 of 2: ") and where.endswith(f"· chosen: {chosen}"), where
        await pilot.press("enter")  # a choice made before, replaced: the status says so
        await settle(pilot)
        assert f"(was {chosen})" in " ".join(screen_text(app).split())
        # the other one is still open: the dialog stays; settled, it closes
        assert isinstance(app.screen, ResolveScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, ResolveScreen)
        assert q(path, "SELECT count(*) FROM conflicts WHERE group_id = ? AND resolution IS "
                       "NULL", gid) == [(0,)]


async def test_undo_and_redo_across_a_restart(sample):
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, ids["talks"], "x")
        await pilot.press("q")
    assert status(path, ids["talks"]) == "rejected"

    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert status(path, ids["talks"]) == "pending"
        assert current(app) == ids["talks"]  # undo takes you back to the group
        await pilot.press("U")
        await settle(pilot)
        assert status(path, ids["talks"]) == "rejected"
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert status(path, ids["talks"]) == "pending"
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert status(path, ids["talks"]) == "rejected"


async def test_a_redone_decision_moves_on_as_the_decision_did(sample):
    """A tester undid an accept, pressed U, and the cursor followed the entry to the end
    of the queue (row 790 of 791) where the accept itself had gone to the next row."""
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, ids["talks"], "a")
        await settle(pilot)
        after_accept = current(app)
        assert after_accept != ids["talks"]
        await pilot.press("u")
        await settle(pilot)
        assert current(app) == ids["talks"] and status(path, ids["talks"]) == "pending"
        await pilot.press("U")
        await settle(pilot)
        assert status(path, ids["talks"]) == "accepted"
        assert current(app) == after_accept
        # an edit that moves its entry: done again, the cursor goes where the edit sent it
        await goto(pilot, ids["swap"], "e")
        app.screen.query_one("#edit-date").value = "2025-01-02"
        await pilot.press("enter")
        await settle(pilot)
        after_edit = current(app)
        assert after_edit == ids["swap"]  # it moved, the cursor with it
        await pilot.press("u")
        await settle(pilot)
        assert current(app) == ids["swap"]
        await pilot.press("U")
        await settle(pilot)
        assert q(path, "SELECT event_date FROM groups WHERE id = ?", ids["swap"]) == [
            ("2025-01-02",)]
        assert current(app) == after_edit


async def test_an_accepted_entry_back_with_new_evidence_says_so_and_marks_what_came_in(
        sample):
    """A tester built the next day's articles into a reviewed database: the accepted
    entries back in the queue looked like new ones ("○ pend", the "*" cut off), and
    nothing said which claims came in, what had been decided, or that the date moved."""
    path, ids = sample
    talks, came_in = ids["talks"], ids["c_talks3"]
    with sqlite3.connect(path) as regrouped:  # what a regroup writes (``group._requeue``)
        regrouped.execute("UPDATE groups SET status = 'pending', changed_since_review = 1 "
                          "WHERE id = ?", [talks])
        regrouped.execute(
            "INSERT INTO decisions(at, reviewer, action, group_id, before, after) "
            "VALUES ('2025-07-02', 'workbench', 'new-evidence', ?, ?, ?)",
            [talks, json.dumps({"status": "accepted"}),
             json.dumps({"status": "pending", "changed_since_review": 1,
                         "added_claims": [came_in], "date_was": ["2025-05-22", "day"]})])
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, talks)
        text = " ".join(screen_text(app).split())
        assert "○ pend* " in text
        assert ("(new evidence since accepted: 1 claim came in, marked; dated 2025-05-22 "
                "(day) then)") in text
        claims = app.review_screen.detail_pane.detail.claims
        assert [c.id for c in claims if c.new_since_decided] == [came_in]
        # J goes to it (a tester pressed j 225 times to find five of 340), and round again
        pane = app.review_screen.detail_pane
        for _ in range(2):
            await pilot.press("J")
            await settle(pilot)
            assert pane.current_claim is not None and pane.current_claim.id == came_in
        assert app.review_screen._last_message.endswith(", new 1 of 1 (J: next)")
        await goto(pilot, ids["swap"], "J")
        assert app.review_screen._last_message == (
            f"no claim came into #{ids['swap']} since it was decided")


async def test_undoing_what_the_filter_hides_says_where_it_is(sample):
    """A tester accepted an entry found by a search, searched for another and pressed u:
    "undid accept of #3693", and nothing on the screen changed."""
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, ids["talks"], "a")
        await settle(pilot)
        screen = app.review_screen
        screen.set_filter(replace(screen.flt, search=f"#{ids['swap']}"))
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert status(path, ids["talks"]) == "pending"
        assert screen._last_message == (f"undid accept of #{ids['talks']} (#{ids['talks']} "
                                        "is outside the filter: esc clears it)")


async def test_undo_passes_over_an_action_it_can_no_longer_take_back(sample):
    path, ids = sample
    other = sqlite3.connect(path)  # another reviewer's process: it skips the entry
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for gid, key in ((ids["swap"], "x"), (ids["talks"], "a")):
            await goto(pilot, gid, key)
        other.execute("UPDATE groups SET status = 'skipped', version = version + 1 "
                      "WHERE id = ?", [ids["talks"]])
        other.commit()
        other.close()
        await pilot.press("u")
        await settle(pilot)
        assert status(path, ids["talks"]) == "skipped"
        # said where the last message stood, not only in a toast that goes by (the
        # line still read the action before, and the key looked dead)
        line = str(app.review_screen.query_one("#status").render())
        assert f"cannot undo accept of #{ids['talks']}" in line
        await pilot.press("u")  # not trapped: the reject before it is taken back
        await settle(pilot)
        assert status(path, ids["swap"]) == "pending"
        assert status(path, ids["talks"]) == "skipped"
        await pilot.press("U")
        await settle(pilot)
        assert status(path, ids["swap"]) == "rejected"


async def test_undo_a_merge_restores_both_groups(sample):
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, ids["fidan"])
        await pilot.press("v")
        await goto(pilot, ids["talks"], "M")
        await pilot.press("u")
        await settle(pilot)
        assert q(
            path, "SELECT group_id, pinned FROM group_members WHERE claim_id = ?", ids["c_fidan"]
        ) == [(ids["fidan"], 0)]
        # the cursor stays where the merge was taken, on the entry merged into (a tester
        # was sent 36 rows away, to the group that came back)
        assert app.review_screen.queue.current.id == ids["talks"]


async def test_a_search_that_finds_nothing_names_no_group(sample):
    """The detail pane said "No group matches the filter" under the heading of the group
    shown before the search."""
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, ids["talks"])
        assert app.review_screen.detail_pane.border_title == f"Group #{ids['talks']}"
        app.review_screen.set_filter(replace(app.review_screen.flt, search="zzzqqq"))
        await settle(pilot)
        assert "No group matches the filter" in screen_text(app)
        assert app.review_screen.detail_pane.border_title == "Group"


async def test_search_and_filters_persist_and_resume(sample):
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        await pilot.press(*"istanbul")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        queue = app.review_screen.queue
        assert [r.id for r in queue.rows_loaded] == [ids["talks"]]
        await pilot.press("escape")  # clears the filter
        await settle(pilot)
        assert queue.window_total == 9
        status = app.review_screen.query_one("#status")
        assert "filter cleared" in str(status.render())
        app.review_screen.set_filter(replace(app.review_screen.flt, search="june"))
        await settle(pilot)  # a new filter (as the dialog sets one): no longer "cleared"
        assert "filter cleared" not in str(status.render())
        app.review_screen.set_filter(replace(app.review_screen.flt, search=""))
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert {r.id for r in queue.rows_loaded} == {ids["talks"], ids["prisoners"]}
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("q")

    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.review_screen.flt == Filter(conflicts_only=True)
        # first pending after the last decision (talks, 2025-06-02): prisoners
        assert current(app) == ids["prisoners"]
        # a queue narrowed by the last session says so, or it would look like all there is
        assert "filter kept from last time: conflicts (esc clears)" in screen_text(app)


async def test_a_large_collection_says_why_it_opens_important_first(sample):
    """A tester could not tell why the seeds opened "pending first" and a 300-article story
    "important first": the first opening of a large collection says so, once."""
    from workbench.db import insert_row, now

    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)  # a few articles: pending first, nothing to explain
        assert "changes the order" not in screen_text(app)
        await pilot.press("q")
    db = connect(path)
    with db.conn:
        db.conn.execute("DELETE FROM settings")  # as if never opened
        for i in range(25):
            insert_row(db, "documents", {"content_hash": f"h{i}", "path": f"n{i}.txt",
                                         "format": "txt", "text": "A line.", "ingested_at": now()})
    docs = db.conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    db.conn.close()
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        shown = " ".join(screen_text(app).split())
        assert "important first" in shown
        entries = q(path, "SELECT count(*) FROM groups WHERE background = 0")[0][0]
        assert (f"{docs} documents, {entries} entries: the days a chronology most likely "
                "needs, one entry each first") in shown
        assert "t changes the order" in shown
        await pilot.press("q")
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)  # the reviewer has been here: the queue as it was left
        assert "changes the order" not in screen_text(app)


async def test_suggestions_keep_their_numbers_after_one_is_merged(seed_db_path, tmp_path):
    """A tester merged suggestion 1, then pressed 3 for the third they had read: the list
    had moved up, and 3 was another group. Merged, a suggestion keeps its place."""
    import shutil

    from workbench.review.suggest import suggest_merges

    path = tmp_path / "s.db"
    shutil.copy(seed_db_path, path)
    conn = sqlite3.connect(path)
    gid, first, second = next(
        (g, found[0].id, found[1].id) for (g,) in conn.execute(
            "SELECT id FROM groups WHERE background = 0 ORDER BY id")
        if len(found := suggest_merges(conn, g)) >= 2)
    conn.close()
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await goto(pilot, gid)
        await settle(pilot)
        assert [s.id for s in app.review_screen.detail_pane.detail.suggestions][:2] == [
            first, second]
        await pilot.press("j", "j")
        reading = app.review_screen.detail_pane.current_claim.id
        await pilot.press("1")
        await settle(pilot)
        assert current(app) == gid
        # the claim cursor stays on the claim the reviewer was reading, wherever the
        # merged claims put it
        assert app.review_screen.detail_pane.current_claim.id == reading
        assert q(path, "SELECT count(*) FROM groups WHERE id = ?", first) == [(0,)]
        shown = app.review_screen.detail_pane.detail.suggestions
        assert (shown[0].id, shown[0].merged) == (first, True)
        assert (shown[1].id, shown[1].merged) == (second, False)
        listed = " ".join(str(w.render()) for w in app.review_screen.detail_pane.query(".suggest"))
        assert f"#{first} merged into this entry" in listed
        await pilot.press("1")  # said, not merged again
        await settle(pilot)
        assert "is merged in already" in screen_text(app)
        await pilot.press("2")
        await settle(pilot)
        assert q(path, "SELECT count(*) FROM groups WHERE id IN (?, ?)", first, second) == [
            (0,)]


async def test_a_suggestion_merged_in_is_marked_before_the_list_is_read_again(
        seed_db_path, tmp_path, monkeypatch):
    # for a second after "merged #2528 into #1814" the list still offered "1 #2528": the
    # kept list waited for the second read to mark it
    import shutil
    import threading

    import workbench.tui.screens.review as review_screen
    from workbench.review.suggest import suggest_merges

    path = tmp_path / "s.db"
    shutil.copy(seed_db_path, path)
    conn = sqlite3.connect(path)
    gid, first = next((g, found[0].id) for (g,) in conn.execute(
        "SELECT id FROM groups WHERE background = 0 ORDER BY id")
        if (found := suggest_merges(conn, g)))
    conn.close()
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await goto(pilot, gid)
        await settle(pilot)
        assert app.review_screen.detail_pane.detail.suggestions[0].id == first
        held = threading.Event()
        read = review_screen.load_extras

        def slow(conn, group_id):  # the second read, held back until looked at
            held.wait(10)
            return read(conn, group_id)

        monkeypatch.setattr(review_screen, "load_extras", slow)
        await pilot.press("1")
        for _ in range(20):  # the merge and the first read, not the second
            await pilot.pause()
            if app.review_screen.detail_pane.detail.claims and q(
                    path, "SELECT count(*) FROM groups WHERE id = ?", first) == [(0,)]:
                break
        await pilot.pause(0.2)
        shown = app.review_screen.detail_pane.detail.suggestions
        assert (shown[0].id, shown[0].merged) == (first, True)
        held.set()
        await settle(pilot)
        shown = app.review_screen.detail_pane.detail.suggestions
        assert (shown[0].id, shown[0].merged) == (first, True)


async def test_a_merge_from_the_entrys_head_leaves_the_pane_at_its_head(seeds):
    # a tester merged a suggestion in from the head: the claims that came in sort before
    # the first one, the cursor followed it to claim 6 of 200, and the title and conflicts
    # scrolled out of sight. (Down among the claims, it stays on the claim: above.)
    path = seeds
    (gid,) = q(path, "SELECT id FROM groups WHERE title LIKE 'On June 7, Russian forces%'")[0]
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, gid)
        pane = app.review_screen.detail_pane
        head = pane.current_claim.id
        assert pane.claim_index == 0 and pane.detail.suggestions
        await pilot.press("1")
        await settle(pilot)
        assert pane.detail.id == gid and len(pane.detail.claims) > 15
        # the claim that headed the entry is further down now; the pane is at the head
        assert [c.id for c in pane.detail.claims].index(head) > 0
        assert pane.claim_index == 0
        assert pane.detail.title[:30] in " ".join(screen_text(app).split())


async def test_multi_source_toggle_and_next_pending_and_conflict(sample):
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert current(app) == ids["talks"]
        await pilot.press("right_curly_bracket")
        await settle(pilot)
        assert current(app) == ids["prisoners"]
        await pilot.press("right_curly_bracket")  # the last conflict: round to the first
        await settle(pilot)
        assert current(app) == ids["talks"]
        assert app.review_screen._last_message == (
            f"no entry with a conflict to look at below: back to the first, #{ids['talks']}")
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert current(app) == ids["prisoners"]
        await pilot.press("w")
        await settle(pilot)
        assert app.review_screen.queue.window_total == 2


async def test_filter_dialog(sample):
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        app.screen.query_one("#filter-from").value = "2025-06-07"
        app.screen.query_one("#filter-to").value = "nonsense"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "not a date" in str(app.screen.query_one(".dialog-error").render())
        # a date the calendar does not have, and a range the wrong way round, are refused
        # too (a tester's "2010-13-45" and 20..10 January filtered without a word)
        for bad, said in (("2025-13-45", "not a date"),
                          ("31 June 2025", "not a date (June 2025 has 30 days): write"),
                          ("2025-06-01", "from 2025-06-07 is after to 2025-06-01")):
            app.screen.query_one("#filter-to").value = bad
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert said in str(app.screen.query_one(".dialog-error").render())
        app.screen.query_one("#filter-to").value = "2025-06-09"
        await settle(pilot)
        # the refusal goes as soon as the field it was about changes
        assert not app.screen.query_one(".dialog-error").display
        await pilot.press("ctrl+s")
        await settle(pilot)
        got = {r.id for r in app.review_screen.queue.rows_loaded}
        assert got == {ids["swap"], ids["border"], ids["ceasefire"]}


async def test_the_status_list_of_the_filter_dialog_is_chosen_from_with_the_keys(sample):
    """A tester opened the status list (down) and moved in it (down): the app hung, every
    key after it lost, its CPU spinning (the key went round between the list and its box).
    """
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert app.screen.focused.id == "filter-status"
        for key in ("down", "down", "down", "enter"):  # open, pending, accepted, choose
            await asyncio.wait_for(pilot.press(key), 5)
            await asyncio.wait_for(settle(pilot), 5)
        assert app.screen.query_one("#filter-status").value == "accepted"
        # and enter applies, as the keys line says (it opened the list again)
        await pilot.press("enter")
        await settle(pilot)
        rows = app.review_screen.queue.rows_loaded
        assert rows and {r.status for r in rows} == {"accepted"}


async def test_opening_says_how_many_decided_entries_changed_since_review(sample):
    """A tester reopened after building the next day's articles: nothing on the screen
    said that three accepted entries had come back to the queue."""
    path, ids = sample
    with sqlite3.connect(path) as regrouped:
        regrouped.execute("UPDATE groups SET status = 'pending', changed_since_review = 1 "
                          "WHERE id IN (?, ?)", [ids["talks"], ids["swap"]])
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.review_screen._last_message == (
            "2 decided entries changed since review (○ pend*, ✓ acc*): f, new evidence, "
            "lists them")


async def test_the_filter_dialog_lists_the_entries_back_with_new_evidence(sample):
    """A tester back the next day found no way to list the decided entries a build sent
    back (○ pend*) but the command palette."""
    path, ids = sample
    with sqlite3.connect(path) as regrouped:
        regrouped.execute("UPDATE groups SET status = 'pending', changed_since_review = 1 "
                          "WHERE id = ?", [ids["talks"]])
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        box = app.screen.query_one("#filter-changed")
        box.focus()
        await pilot.press("space", "enter")
        await settle(pilot)
        assert [r.id for r in app.review_screen.queue.rows_loaded] == [ids["talks"]]
        assert "new evidence" in screen_text(app)


async def test_the_dialogs_show_example_dates_from_the_story_at_hand(sample):
    # a story of January 2010: the examples are days of that story, not the seeds' 2025
    path, ids = sample
    moved = sqlite3.connect(path)
    moved.execute("UPDATE groups SET event_date = '2010-01-1' || substr(event_date, 10) "
                  "WHERE length(event_date) = 10")
    moved.execute("UPDATE groups SET event_date = NULL WHERE length(event_date) < 10")
    moved.commit()
    moved.close()
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        placeholders = [app.screen.query_one(f"#filter-{w}").placeholder for w in ("from", "to")]
        # examples of the story's dates, in an order that reads as a range
        # (said to be examples: a tester took "from 2010-01" for a value already set)
        assert placeholders[0] == "from, e.g. 2010-01"
        assert placeholders[1].startswith("to, e.g. 2010-01-1")
        app.screen.query_one("#filter-to").value = "nonsense"
        await pilot.press("ctrl+s")
        await settle(pilot)
        error = str(app.screen.query_one(".dialog-error").render())
        assert "not a date: write 2010-01-1" in error and "2025" not in error
        # a date as the edit dialog takes it ("January 14"), its year the story's
        app.screen.query_one("#filter-to").value = "January 14"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.review_screen.flt.date_to == "2010-01-14"


async def test_stale_group_is_not_overwritten(sample):
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        gid = current(app)
        other = sqlite3.connect(path)
        other.execute(
            "UPDATE groups SET title = 'edited elsewhere', version = version + 1 WHERE id = ?",
            [gid],
        )
        other.commit()
        other.close()
        await pilot.press("a")
        await settle(pilot)
        assert status(path, gid) == "pending"
        assert any("another process" in n.message for n in app._notifications)
        # the screen refreshed, so a second try works on what is now shown
        assert app.review_screen.detail_pane.detail.title == "edited elsewhere"
        await pilot.press("a")
        assert status(path, gid) == "accepted"


async def test_notices_changes_from_another_process(sample):
    path, ids = sample
    app = make_app(path, poll=0.1)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        here = current(app)
        db = connect(path)
        b = Builder(db)
        doc = b.document("A new report about talks on June 20 in Geneva.", title="New report")
        b.group([b.claim(doc, "A new report about talks on June 20 in Geneva.", date="2025-06-20")])
        b.commit()
        db.conn.close()
        await pilot.pause(0.4)
        await settle(pilot)
        assert app.review_screen.queue.window_total == 10
        assert current(app) == here  # the reviewer's place is kept


async def test_open_source_document_at_the_claim(sample):
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, ids["border"], "o")
        from textual.widgets import TextArea

        area = app.screen.query_one(TextArea)
        assert area.selected_text.startswith("Russian forces arrived at the border on June 7")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is app.review_screen


async def test_help_lists_every_binding_with_remapped_keys(sample):
    path, ids = sample
    app = make_app(path, keys={"accept": "y"})
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        gid = current(app)
        await pilot.press("y")
        assert status(path, gid) == "accepted"
        await pilot.press("question_mark")
        await settle(pilot)
        from workbench.tui.screens.help import HelpScreen
        from workbench.tui.screens.review import ReviewScreen

        assert isinstance(app.screen, HelpScreen)
        rows = {description: (keys, tooltip) for keys, description, tooltip in app.screen.rows()}
        for b in ReviewScreen.BINDINGS:
            assert b.id and b.tooltip
            assert rows[b.description][1] == b.tooltip
        assert rows["Accept"][0] == "y"  # the remapped key, not the default
        await pilot.press("escape")


async def test_j_and_k_scroll_the_help(sample):
    """j and k move through the review's lists; in the help they did nothing."""
    from textual.containers import VerticalScroll

    path, _ids = sample
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        box = app.screen.query_one("#help", VerticalScroll)
        # how to leave is said where the help opens, not only twelve screens down
        assert "Keys (esc closes)" in screen_text(app).splitlines()[2]
        await pilot.press("j", "j", "j")
        await settle(pilot)
        assert box.scroll_y == 3
        await pilot.press("k")
        await settle(pilot)
        assert box.scroll_y == 2


async def test_f1_opens_the_help_as_question_mark_does(sample):
    """F1, the help key of most programs, reached the app and did nothing."""
    from workbench.tui.screens.help import HelpScreen

    path, _ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        # the words the detail pane puts after a date are explained there ("carried" was
        # jargon to a tester)
        await pilot.press("end")
        await settle(pilot)
        shown = " ".join(screen_text(app).split())
        for word in ("explicit", "relative", "carried", "document", "corroborated"):
            assert word in shown
        assert "the day its article was published" in shown
        # the queue's "~" and the dating of a sentence by its entry's other sources (a
        # tester read "carried (base: ... 2 other sources date it)" against the help)
        assert "~2025-06-07 in the queue: no source's words date the entry" in shown
        assert "or, in its entry, other" in shown


async def test_command_palette_runs_filters(sample):
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Filter: conflicts only")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert app.review_screen.flt.conflicts_only


async def test_empty_database_says_how_to_build_one(tmp_path):
    path = tmp_path / "empty.db"
    connect(path).conn.close()
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = str(app.screen.query_one("#empty").render())
        assert "build seeds/" in text and "make run" in text


async def test_queue_pages_through_a_large_database(tmp_path):
    path = tmp_path / "big.db"
    synthetic_database(path, 2000)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        queue = app.review_screen.queue
        assert queue.row_count <= 150 and queue.window_total == 2000
        await pilot.press("end")  # the end of the whole queue, not of the loaded window
        await settle(pilot)
        assert queue.window_offset > 0 and queue.row_count <= 150
        assert queue.queue_position == 1999
        queue.move_cursor(row=1)  # near the top edge of the loaded window
        await settle(pilot)
        assert queue.queue_position == 1851
        await pilot.press("up")  # reaches the edge: the window is reloaded around the cursor
        await settle(pilot)
        assert queue.window_offset < 1850 and queue.queue_position == 1850
        await pilot.press("up")
        await settle(pilot)
        assert queue.queue_position == 1849
        here = queue.current.id
        await pilot.press("a")
        assert status(path, here) == "accepted"


async def test_a_key_typed_right_after_home_or_end_moves_from_there(tmp_path):
    """A tester typed End then Up and landed on the last of 781 entries, not the one
    before: the Up moved the old window while the last one loaded, which then put the
    cursor back on its end. Home then Down lost the Down the same way."""
    path = tmp_path / "big.db"
    synthetic_database(path, 2000)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        queue = app.review_screen.queue
        await pilot.press("down", "down", "down")
        # one burst, as a fast typist sends them: the keys reach the table before the
        # last window is read (pilot.press would wait for each)
        queue.action_jump(-1)
        queue.action_cursor_up()
        await settle(pilot)
        assert queue.queue_position == 1998
        queue.action_jump(0)
        queue.action_cursor_down()
        queue.action_cursor_down()
        await settle(pilot)
        assert queue.queue_position == 2
        queue.action_jump(0)  # within the loaded window: there at once
        queue.action_cursor_down()
        await settle(pilot)
        assert queue.queue_position == 1


@pytest.mark.parametrize("fmt", ["md", "html", "timelinejs"])
async def test_export_from_the_palette_asks_where_and_writes_into_the_current_directory(
    sample, fmt, tmp_path, monkeypatch
):
    from workbench.tui.screens.dialogs import ExportScreen

    path, ids = sample
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.action_export(fmt)
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        name = {"md": "chronology.md", "html": "chronology.html",
                "timelinejs": "chronology.timeline.json"}[fmt]
        assert app.screen.query_one("#export-path").value == name  # the default: here
        await pilot.press("enter")
        await settle(pilot)  # the workers, a replaced one tolerated
        await settle(pilot)
        assert (here / name).exists()
        assert not list(path.parent.glob(f"*{Path(name).suffix}"))  # nothing beside the db
        # the result and every warning, in full, in the dialog (not a cut-off toast)
        report = str(app.screen.query_one("#export-result").render())
        assert "export: 1 event, 1 citation from 1 document written to " in report
        assert "warning" in report
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is app.review_screen



async def test_the_export_dialog_shows_the_checks_warnings_before_anything_is_written(
        sample, tmp_path, monkeypatch):
    # a tester read the nine warnings only under "written to ...", too late to go back
    from workbench.export.checks import check_chronology
    from workbench.tui.screens.dialogs import ExportScreen

    path, _ids = sample
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.action_export("md")
        await settle(pilot)  # the workers, a replaced one tolerated
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen) and not app.screen.written
        report = str(app.screen.query_one("#export-result").render())
        found = [str(i) for i in check_chronology(app.db)]
        assert found and report.startswith(f"Before you write: {len(found)} warning")
        flat = " ".join(report.split())
        assert all(" ".join(w.split())[:40] in flat for w in found), (found, flat)
        assert not list(here.iterdir())  # nothing written yet
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is app.review_screen and not list(here.iterdir())


async def test_the_checks_warnings_show_when_the_check_returns_before_the_dialog_is_up(sample):
    # on a small database the check came back before the dialog was mounted, and its
    # warnings were dropped (CI saw an empty report)
    from workbench.tui.screens.dialogs import ExportScreen

    path, _ids = sample
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = ExportScreen("md", "chronology.md", lambda data: None)
        screen.show_check(["group 4: single source"])
        app.push_screen(screen)
        await settle(pilot)
        report = str(screen.query_one("#export-result").render())
        assert report.startswith("Before you write: 1 warning") and "group 4" in report


async def write_export_as(app, pilot, name: str) -> None:
    """Type ``name`` into the open export dialog and press enter, the export run."""
    app.screen.query_one("#export-path").value = name
    await pilot.press("enter")
    await settle(pilot)  # the workers, a replaced one tolerated
    await settle(pilot)

async def test_export_to_a_folder_by_its_slash_writes_into_it_or_says_it_is_not_there(
        sample, tmp_path, monkeypatch):
    """"nope2/" in the export dialog wrote a Markdown file named "nope2"."""
    from workbench.tui.screens.dialogs import ExportScreen

    path, _ids = sample
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.action_export("md")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        await write_export_as(app, pilot, "nope2/")
        assert "nope2/: no such folder" in str(app.screen.query_one(".dialog-error").render())
        assert not (tmp_path / "nope2").exists()
        await write_export_as(app, pilot, "out/")
        assert (tmp_path / "out" / "chronology.md").exists()


async def test_export_asks_before_overwriting_a_file_and_the_answer_is_no_by_default(
        sample, tmp_path, monkeypatch):
    """A tester exported twice: the second export replaced the first file without a word.
    The CLI refuses; the TUI asks, naming the file, and enter (or n, esc) keeps it."""
    from workbench.tui.screens.dialogs import ConfirmScreen, ExportScreen

    path, _ids = sample
    monkeypatch.chdir(tmp_path)
    mine = tmp_path / "chronology.md"
    mine.write_text("my own notes\n")
    with sqlite3.connect(path) as conn:  # every group: a report of many warnings
        conn.execute("UPDATE groups SET status = 'accepted'")
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.action_export("md")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "chronology.md already exists" in screen_text(app)
        await pilot.press("enter")  # the default: no
        await settle(pilot)  # the workers, a replaced one tolerated
        await settle(pilot)
        assert mine.read_text() == "my own notes\n"
        assert isinstance(app.screen, ExportScreen) and not app.screen.written
        assert "left as it was" in screen_text(app)
        for key in ("n", "escape"):
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, ConfirmScreen)
            await pilot.press(key)
            await settle(pilot)  # the workers, a replaced one tolerated
            await settle(pilot)
            assert mine.read_text() == "my own notes\n"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)  # the workers, a replaced one tolerated
        await settle(pilot)
        assert mine.read_text().startswith("# ")  # the chronology now
        assert isinstance(app.screen, ExportScreen) and app.screen.written
        assert "enter/esc close" in screen_text(app)  # below the report, at 80x24 too


async def test_the_export_dialog_names_the_current_directory(sample, tmp_path, monkeypatch):
    path, _ids = sample
    here = tmp_path / "exports"
    here.mkdir()
    monkeypatch.chdir(here)
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.action_export("md")
        await settle(pilot)
        label = next(w for w in app.screen.query("Label") if "relative to" in str(w.render()))
        text = str(label.render())
        assert f"relative to {here}" in text
        # a long directory wraps inside the dialog, never cut off at its edge
        room = app.screen.query_one("#export").content_region.width
        assert label.region.width <= room and label.region.height * room >= len(text)


async def exported_md(app, pilot) -> str:
    """Export md from the palette to its default name; the report the dialog shows."""
    await settle(pilot)
    app.action_export("md")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)  # the workers, a replaced one tolerated
    await settle(pilot)
    return str(app.screen.query_one("#export-result").render())


async def test_export_warnings_are_listed_whole(sample, tmp_path, monkeypatch):
    path, ids = sample
    monkeypatch.chdir(tmp_path)
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        report = await exported_md(app, pilot)
        from workbench.export import check_chronology

        db = connect(path)
        issues = [str(i) for i in check_chronology(db)]
        db.conn.close()
        assert issues and all(i in report for i in issues), (issues, report)


async def test_an_empty_export_says_so_as_the_command_line_does(sample, tmp_path,
                                                                 monkeypatch):
    """Nothing accepted: the dialog said "no warnings" over an empty chronology."""
    path, _ids = sample
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE groups SET status = 'pending'")
    monkeypatch.chdir(tmp_path)
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        report = await exported_md(app, pilot)
        assert "nothing accepted yet" in report and "no warnings" not in report


async def test_an_export_the_database_refuses_says_so(sample, tmp_path, monkeypatch):
    """A tester's export wrote nothing and said nothing (a build was writing the same
    database): an SQLite error killed the export's worker without a word."""
    import workbench.export as export

    def locked(*_args, **_kwargs):
        raise sqlite3.OperationalError("database is locked")

    path, _ids = sample
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(export, "export_chronology", locked)
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.action_export("md")
        await settle(pilot)
        await write_export_as(app, pilot, "x.md")
        said = str(app.screen.query_one(".dialog-error").render())
        assert "export failed" in said and "in use by another process" in said


async def test_a_name_for_another_format_is_refused_before_writing(sample, tmp_path,
                                                                  monkeypatch):
    """The md export wrote Markdown into "y.html"; "x.pdf" is written, with the warning
    the command line gives."""
    path, _ids = sample
    monkeypatch.chdir(tmp_path)
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.action_export("md")
        await settle(pilot)
        await write_export_as(app, pilot, "y.html")
        assert not (tmp_path / "y.html").exists()
        said = screen_text(app)
        assert "y.html is a name for html; this writes md: name it y.md" in said
        await write_export_as(app, pilot, "x.pdf")
        report = str(app.screen.query_one("#export-result").render())
        assert "x.pdf: no format is written as .pdf; writing md" in report
        assert (tmp_path / "x.pdf").read_text().startswith("# ")


async def test_empty_screen_turns_into_the_queue_when_groups_appear(tmp_path):
    from builders import build_sample

    from workbench.tui.screens.empty import EmptyScreen

    path = tmp_path / "later.db"
    connect(path).conn.close()
    app = make_app(path, poll=0.1)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, EmptyScreen)
        db = connect(path)
        build_sample(db)  # a `workbench build` finishing in another terminal
        db.conn.close()
        await pilot.pause(0.4)
        await settle(pilot)
        assert app.review_screen is not None and app.screen is app.review_screen
        assert app.review_screen.queue.window_total == 9


async def test_unknown_binding_id_in_config_is_reported(sample):
    path, ids = sample
    app = make_app(path, keys={"acept": "y"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert any("acept" in n.message for n in app._notifications)


async def test_a_very_large_entry_is_laid_out_a_window_of_claims_at_a_time(sample, monkeypatch):
    """A 765-claim entry took seconds to open and each j re-drew every claim: the pane lays
    out a window of claims around the claim cursor, and says how many are above and below.
    A click on a claim puts the claim cursor on it, in any window. Paging goes on into the
    next window (a walk's PageDown stopped at "… claims 61–185 of 185 below (j goes on)")
    and back."""
    from workbench.tui.widgets import detail as detail_widget

    monkeypatch.setattr(detail_widget, "CLAIM_WINDOW", 2)
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        await goto(pilot, ids["talks"])
        pane = app.review_screen.detail_pane
        claims = pane.detail.claims
        assert len(claims) == 3

        def shown() -> str:
            return " ".join(str(w.render()) for w in pane.query(".slot") if w.display)

        assert len([w for w in pane.query(".claim") if w.display]) == 2
        assert "claims 3–3 of 3 below (j goes on)" in shown()
        await pilot.press("j")
        assert pane.current_claim == claims[1]
        await pilot.press("j")  # into the next window
        await settle(pilot)
        assert pane.current_claim == claims[2]
        assert "claims 1–2 of 3 above (k goes back)" in shown()
        visible = [w for w in pane.query(".claim") if w.display]
        assert len(visible) == 1 and "-current" in visible[0].classes
        await pilot.press("j")  # the last claim stays the last: no wrapping round
        await settle(pilot)
        assert pane.current_claim == claims[2]
        assert app.review_screen._last_message == f"the last claim of #{pane.detail.id} (3)"
        await pilot.press("k")
        await settle(pilot)
        assert pane.current_claim == claims[1] and "below" in shown()
        first = [w for w in pane.query(".claim") if w.display][0]
        await pilot.click(first)
        await settle(pilot)
        assert pane.claim_index == 0 and "-current" in first.classes
        # k on the first claim goes back to the entry's head (a tester on a 267-claim
        # entry pressed it and landed on 267/267)
        await pilot.press("k")
        await settle(pilot)
        assert pane.claim_index == 0 and pane.scroll_y == 0
        await pilot.press("z")
        for key, end in (("pagedown", 2), ("pageup", 0)):
            for _ in range(4):
                await pilot.press(key)
                await settle(pilot)
            assert pane._start == end and (pane.claim_index == 2) == (end == 2)
        assert "claims 3–3 of 3 below (j goes on)" in shown()


@pytest.mark.slow
async def test_reviews_the_real_seed_corpus(seed_db_path, tmp_path):
    """The pipeline's own output (spaCy, grouping) opens and takes decisions."""
    import shutil

    path = tmp_path / "seeds.db"
    shutil.copy(seed_db_path, path)
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.review_screen
        assert screen.queue.window_total > 0
        first = current(app)
        detail = screen.detail_pane.detail
        for claim in detail.claims:
            assert claim.context[claim.context_start : claim.context_end] == claim.text
        await pilot.press("a")
        assert status(path, first) == "accepted"
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert status(path, first) == "pending"


def test_every_binding_has_an_id_and_a_tooltip():
    from textual.binding import Binding

    from workbench.tui.app import WorkbenchApp
    from workbench.tui.screens import dialogs, document, empty, finder, review
    from workbench.tui.screens.help import HelpScreen
    from workbench.tui.widgets.queue import QueueTable

    owners = [
        WorkbenchApp,
        QueueTable,
        review.ReviewScreen,
        finder.FinderScreen,
        HelpScreen,
        document.DocumentScreen,
        empty.EmptyScreen,
        dialogs._Dialog,
        dialogs.EditScreen,
        dialogs.NoteScreen,
        dialogs.FilterScreen,
        dialogs.SplitScreen,
        dialogs.DocumentMetaScreen,
    ]
    actions: dict[str, set[str]] = {}
    for owner in owners:
        ids = []
        for b in owner.BINDINGS:
            assert isinstance(b, Binding) and b.id and b.tooltip, (owner.__name__, b)
            ids.append(b.id)
            # one id, one action wherever it is bound ("help": the app's, for dialogs,
            # and the review screen's, first in its footer): a remap moves them together
            actions.setdefault(b.id, set()).add(b.action.removeprefix("app."))
        assert len(ids) == len(set(ids)), "binding ids must be unique to be remappable"
    assert all(len(a) == 1 for a in actions.values()), actions


async def test_reopen_and_sort_cycle(sample):
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, ids["drones"], "p")
        assert status(path, ids["drones"]) == "pending"
        assert current(app) == ids["drones"]
        await pilot.press("t")
        await settle(pilot)
        assert app.review_screen.flt.sort == "date"
        order = [r.id for r in app.review_screen.queue.rows_loaded]
        # pure date order, whatever the status: the accepted June 1 strike is no longer last;
        # a month-precision "June" sorts after the days of June, as the export has it
        assert order[:2] == [ids["drones"], ids["talks"]]
        dated = [r.id for r in app.review_screen.queue.rows_loaded if r.event_date]
        assert dated[-1] == ids["ceasefire"]
        await pilot.press("t")
        await settle(pilot)
        assert app.review_screen.queue.rows_loaded[0].id == ids["talks"]  # most sources


@pytest.fixture
def one_background(sample):
    """The sample, with the ceasefire group handed to the reviewer as background."""
    path, ids = sample
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE groups SET background = 1 WHERE id = ?", [ids["ceasefire"]])
    conn.close()
    return path, ids


async def test_b_shows_the_background_list_and_back(one_background):
    path, ids = one_background
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.review_screen
        assert current(app) != ids["ceasefire"]
        await pilot.press("b")
        await settle(pilot)
        assert current(app) == ids["ceasefire"]
        assert screen.flt.background
        assert "background" in str(screen.query_one("#status").render())
        await pilot.press("b")
        await settle(pilot)
        assert not screen.flt.background and current(app) != ids["ceasefire"]


async def test_searching_a_merged_group_by_number_says_where_it_went(sample):
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, ids["swap"], "m")
        await settle(pilot)
        await pilot.press(*f"#{ids['border']}")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert q(path, "SELECT count(*) FROM groups WHERE id = ?", ids["swap"]) == [(0,)]
        await pilot.press("slash")
        await settle(pilot)
        await pilot.press(*f"#{ids['swap']}")
        await pilot.press("enter")
        await settle(pilot)
        shown = screen_text(app)
        assert f"#{ids['swap']} was merged into #{ids['border']}" in shown


async def test_a_long_search_stays_whole_in_the_queue_title_on_a_narrow_screen(
        one_background):
    """At 160x48 on a big story "filter: /presidential palace …" cut off the reviewer's
    own words; the hints and the order's name give way first."""
    path, _ids = one_background
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.review_screen
        words = "ceasefire"  # one match, in background: the title is long at 80 columns
        await pilot.press("slash")
        await settle(pilot)
        await pilot.press(*words)
        await pilot.press("enter")
        await settle(pilot)
        title = screen.queue.border_title
        assert f"filter: /{words}" in title and "more in background (b)" in title
        assert "(esc clears)" not in title  # the hint gave way
        assert len(title) <= screen.queue.size.width - 4
        await pilot.resize_terminal(200, 24)
        await settle(pilot)
        assert f"filter: /{words} (esc clears)" in screen.queue.border_title


async def test_a_search_says_what_background_holds_and_accepting_it_makes_an_entry(
        one_background):
    """A tester searched for a hotel, found only part of it, and did not know the rest sat
    in background; accepting a background item then left the header's counts behind."""
    path, ids = one_background
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.review_screen
        await pilot.press("slash")
        await settle(pilot)
        await pilot.press(*"ceasefire")
        await pilot.press("enter")
        await settle(pilot)
        assert "1 more in background (b)" in screen.queue.border_title
        accepted = screen._progress.accepted
        await pilot.press("b")
        await settle(pilot)
        assert current(app) == ids["ceasefire"]
        assert "more in the entries (b)" in screen.queue.border_title
        await pilot.press("a")
        await settle(pilot)
        assert "accepted, now an entry" in str(screen.query_one("#status").render())
        assert screen._progress.accepted == accepted + 1  # the header counts it
        assert q(path, "SELECT background FROM groups WHERE id = ?", ids["ceasefire"]) == [(0,)]


async def test_a_new_list_opens_at_its_top_and_the_entries_keep_their_place(sample):
    # a tester's search landed on its last hit and the background list on row 18 of 24:
    # the place of the list they came from, not of the new one
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        queue = app.review_screen.queue
        await pilot.press("end")
        await settle(pilot)
        left = current(app)
        assert queue.queue_position == queue.window_total - 1 > 1
        await pilot.press("b")
        await settle(pilot)
        assert queue.queue_position == 0
        await pilot.press("b")
        await settle(pilot)
        assert current(app) == left  # back in the entries, on the one left
        await pilot.press("slash")
        await settle(pilot)
        await pilot.press(*"the")
        await pilot.press("enter")
        await settle(pilot)
        hits = [r.id for r in queue.rows_loaded]
        assert len(hits) > 1 and left not in hits
        assert current(app) == hits[0]


def seed_group(path, seed: str, text: str = "%") -> int:
    """The group of the first claim of seed file ``seed`` whose text is LIKE ``text``."""
    return q(path, "SELECT m.group_id FROM group_members m JOIN claims c ON c.id = m.claim_id "
                   "JOIN documents d ON d.id = c.document_id WHERE d.path LIKE ? "
                   "AND c.text LIKE ? ORDER BY c.char_start LIMIT 1", seed, text)[0][0]


async def source_view_of(app, pilot, gid: int, claim_is) -> None:
    """Open group ``gid``, put the claim cursor on the first claim ``claim_is`` picks, and
    open its source view (``o``)."""
    await goto(pilot, gid)
    pane = app.review_screen.detail_pane
    for _ in pane.detail.claims:
        if claim_is(pane.current_claim):
            break
        pane.move_claim(1)
    await pilot.press("o")
    await settle(pilot)


@pytest.mark.slow
async def test_source_view_corrects_the_publication_date_and_u_undoes_it(seed_db_path, tmp_path):
    """``o`` then ``d``: the seed's guessed date is corrected through the same core call as
    ``workbench doc set`` (claims dated again, regrouped), logged, and ``u`` takes it back."""
    import shutil

    path = tmp_path / "seeds.db"
    shutil.copyfile(seed_db_path, path)
    seed = "%001_4492f097607dd5f0.txt"
    gid = seed_group(path, seed, "%Ciragan Palace on May 22nd%")
    app = make_app(path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await source_view_of(app, pilot, gid, lambda c: "May 22nd" in c.text)
        meta = str(app.screen.query_one("#document-meta").render())
        # guessed from its text (May 22nd), raised to the day other sources give the talks
        assert ("published 2025-06-02 (inferred from the day other sources give an occasion "
                "it reports") in meta
        await pilot.press("d")
        await settle(pilot)
        # the dialog says what the text alone gave, before other sources raised it
        from textual.widgets import Label

        about = " ".join(str(label.render()) for label in app.screen.query(Label))
        assert "reports (its text alone: 2025-05-22)" in about, about
        app.screen.query_one("#docmeta-published").value = "June 2"
        await pilot.press("enter")
        await settle(pilot)
        assert "not a date" in str(app.screen.query_one(".dialog-error").render())
        app.screen.query_one("#docmeta-published").value = "2025-06-02"
        dialog, shown = app.screen, []
        real_save = dialog._save

        def spy(changes):  # what the screen showed while the claims were dated again
            shown.append(str(dialog.query_one(".dialog-help").render()))
            real_save(changes)

        dialog._save = spy
        await pilot.press("enter")
        await settle(pilot)
        assert shown == ["Saving: the document's claims are dated again…"]
        meta = str(app.screen.query_one("#document-meta").render())
        assert "published 2025-06-02" in meta and "inferred" not in meta
        assert q(path, "SELECT published, published_provenance FROM documents WHERE path LIKE ?",
                 seed) == [("2025-06-02", "given")]
        assert q(path, "SELECT action, reviewer FROM decisions") == [("doc-set", "tester")]
        assert q(path, "SELECT DISTINCT c.date_base FROM claims c JOIN documents d "
                       "ON d.id = c.document_id WHERE d.path LIKE ? AND c.date_text = 'May 22nd'",
                 seed) == [("year from 2025-06-02 (given)",)]
        await pilot.press("escape")
        await settle(pilot)
        review, said = app.review_screen, []
        real_run = review._run

        def said_first(step, **kw):  # what the status line said while the undo ran
            said.append(review._last_message)
            return real_run(step, **kw)

        review._run = said_first
        await pilot.press("u")
        await settle(pilot)
        assert said == ["Undoing: the document's claims are dated again…"]
        assert q(path, "SELECT published, published_provenance FROM documents WHERE path LIKE ?",
                 seed) == [("2025-06-02", "inferred")]
        assert q(path, "SELECT undone FROM decisions") == [(1,)]


async def test_undoing_a_documents_date_keeps_the_reviewer_on_their_entry(seed_db_path,
                                                                         tmp_path):
    """A tester corrected seed 002's guessed date from the June 2 talks' entry and undid
    it: the entries were regrouped and the cursor went to another entry, the one the new
    order put in the row."""
    import shutil

    path = tmp_path / "seeds.db"
    shutil.copyfile(seed_db_path, path)
    seed = "%002_9b731e4ab5608c78.txt"
    gid = seed_group(path, seed, "%After the talks, chief Ukrainian negotiator%")
    app = make_app(path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await source_view_of(app, pilot, gid, lambda c: "After the talks" in c.text)
        await pilot.press("d")
        await settle(pilot)
        app.screen.query_one("#docmeta-published").value = "2025-06-03"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        review = app.review_screen
        here = review.queue.current.id
        await pilot.press("u")
        await settle(pilot)
        assert q(path, "SELECT published FROM documents WHERE path LIKE ?",
                 seed) == [("2025-06-02",)]
        assert q(path, "SELECT count(*) FROM groups WHERE id = ?", here) == [(1,)]
        assert review.queue.current.id == here


@pytest.mark.slow
async def test_enter_on_the_unedited_dialog_confirms_a_guessed_date(seed_db_path, tmp_path):
    """A reviewer who checked a guessed date and found it right had no way to say so:
    enter on the unedited dialog closed it and the date stayed a guess. Now it is stated
    (the keys say so), the claims are dated against it, and ``u`` makes it a guess again."""
    import shutil

    path = tmp_path / "seeds.db"
    shutil.copyfile(seed_db_path, path)
    seed = "%000_081432cf3a4d361b.txt"
    ((guessed, provenance),) = q(path, "SELECT published, published_provenance FROM documents "
                                       "WHERE path LIKE ?", seed)
    assert provenance == "inferred"
    gid = seed_group(path, seed)
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await source_view_of(app, pilot, gid, lambda c: c.document_id == 1)
        await pilot.press("d")
        await settle(pilot)
        assert "unedited: confirms the date" in str(app.screen.query_one(".dialog-help").render())
        await pilot.press("enter")
        await settle(pilot)
        meta = str(app.screen.query_one("#document-meta").render())
        assert f"published {guessed}" in meta and "inferred" not in meta
    assert q(path, "SELECT published, published_provenance FROM documents WHERE path LIKE ?",
             seed) == [(guessed, "given")]
    assert q(path, "SELECT count(*) FROM documents WHERE extracted_at IS NULL") == [(0,)]
    assert q(path, "SELECT action FROM decisions") == [("doc-set",)]


async def test_a_date_only_the_report_gives_reads_as_reported(seed_db_path, tmp_path):
    """003 dates its drone strikes nowhere: the queue shows the day its report was
    published as "~2025-06-08", after the days the sources state, and the detail says
    how that day is known; typing the date makes it the reviewer's."""
    import shutil

    from workbench.tui.widgets.detail import DetailPane

    path = tmp_path / "seeds.db"
    shutil.copyfile(seed_db_path, path)
    (gid,) = q(path, "SELECT m.group_id FROM group_members m JOIN claims c ON c.id = "
                     "m.claim_id WHERE c.text LIKE 'Russia launched a record 479 drones%'")[0]
    assert q(path, "SELECT date_basis FROM groups WHERE id = ?", gid) == [("published",)]
    app = make_app(path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        queue = app.review_screen.queue
        dates = [(r.reported, r.event_date + "~") for r in queue.rows_loaded if r.event_date]
        # stated days first, then the reported ones, by date (a month after its days)
        assert dates == sorted(dates)
        await goto(pilot, gid)
        row = queue.current
        assert row.reported and str(queue._cells(row)[2]) == f"~{row.event_date}"
        header = DetailPane._header(app.review_screen.detail_pane.detail).plain
        assert "reported: no source states it" in header
        # the seeds carry no metadata: the day of that first report is itself a guess
        assert "itself a guess" in header
        assert "stories place" not in header  # its claims' articles name no day
        # a claim split off an entry keeps the day its article's lead gives: said
        told = replace(app.review_screen.detail_pane.detail, story_days=("2025-06-07",))
        assert ("its claims' own stories place them on 2025-06-07 (d dates it)"
                in DetailPane._header(told).plain)
    with sqlite3.connect(path) as conn:
        from workbench.review.actions import edit
        version = conn.execute("SELECT version FROM groups WHERE id = ?", [gid]).fetchone()[0]
        edit(conn, gid, version=version, reviewer="t", event_date="2025-06-09")
    assert q(path, "SELECT date_basis, event_date FROM groups WHERE id = ?", gid) == [
        ("reviewer", "2025-06-09")]
    with sqlite3.connect(path) as conn:
        from workbench.review.actions import undo
        undo(conn)
    assert q(path, "SELECT date_basis, event_date FROM groups WHERE id = ?", gid) == [
        ("published", "2025-06-08")]


async def test_the_strip_counts_the_entries_only_a_report_dates(seed_db_path, tmp_path):
    """The seeds at 80x24 once the entries their sources date are accepted: the strip's
    pending row has no bar left, yet most of the queue is pending, dated "~" by their
    first report; the row says how many it leaves out, and a decision moves the count."""
    import shutil

    from workbench.tui.widgets.timeline import TimelineStrip

    path = tmp_path / "seeds.db"
    shutil.copyfile(seed_db_path, path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE groups SET status = 'accepted' WHERE background = 0 "
                     "AND coalesce(date_basis, '') != 'published'")
    (left_out,) = q(path, "SELECT count(*) FROM groups WHERE background = 0 "
                          "AND date_basis = 'published' AND status = 'pending'")[0]
    assert left_out > 5
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        strip = app.review_screen.query_one(TimelineStrip)
        pending, accepted, _axis = strip.render().plain.splitlines()
        assert pending.split(" · ")[0].strip() == "pending"  # not one bar
        assert pending.rstrip().endswith(f" · {left_out} dated by first report")
        assert " · " not in accepted
        assert app.review_screen.queue.current.reported
        await pilot.press("a")
        await settle(pilot)
        pending, accepted, _axis = strip.render().plain.splitlines()
        assert pending.rstrip().endswith(f" · {left_out - 1} dated by first report")
        assert accepted.rstrip().endswith(" · 1 dated by first report")


async def test_a_new_title_leaves_a_reported_day_reported_and_enter_alone_confirms_it(
        seed_db_path, tmp_path):
    """The edit dialog of a "~" entry shows its day in the box. Two testers retitled such
    an entry and found its guessed day "set by the reviewer" in the export: a new title
    leaves the day reported, as the document dialog leaves a guessed date; enter with
    nothing changed confirms it (the reviewer looked at the day and found it right)."""
    import shutil

    path = tmp_path / "seeds.db"
    shutil.copyfile(seed_db_path, path)
    (gid,) = q(path, "SELECT m.group_id FROM group_members m JOIN claims c ON c.id = "
                     "m.claim_id WHERE c.text LIKE 'Russia launched a record 479 drones%'")[0]
    day = q(path, "SELECT event_date FROM groups WHERE id = ?", gid)[0][0]
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await goto(pilot, gid, "e")
        labels = " ".join(str(w.render()) for w in app.screen.query(".dialog-help"))
        assert "enter with nothing changed confirms it" in labels
        app.screen.query_one("#edit-title").value = "Record drone attack on Rivne"
        await pilot.press("enter")
        await settle(pilot)
        assert q(path, "SELECT title, event_date, date_basis FROM groups WHERE id = ?",
                 gid) == [("Record drone attack on Rivne", day, "published")]
        assert app.review_screen._last_message == f"#{gid} edited: title"
        await goto(pilot, gid, "e")
        await pilot.press("enter")
        await settle(pilot)
        assert q(path, "SELECT event_date, date_basis FROM groups WHERE id = ?",
                 gid) == [(day, "reviewer")]
        # (a confirmed day is no longer a reported one: the entry moves, the cursor with it)
        assert f"#{gid} event date {day} confirmed" in app.review_screen._last_message
        assert current(app) == gid


async def test_at_80_columns_the_last_message_is_shown_beside_the_counts(sample):
    # the counts gave way to nothing: "moved 1 claim from #29 to new" hid the new group
    path, _ids = sample
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        status = app.review_screen.query_one("#status")
        assert "pend" in str(status.render())  # the counts, while there is room
        message = "moved 2 claims from #29 to new group #45, dated 2025-06-08"
        app.review_screen.say(message)
        await settle(pilot)
        shown = str(status.render())
        assert message in shown and shown.startswith("Reviewed")
        assert "○" in shown  # the counts stay beside it, bare: how many are left to do
        # a message of three lines and more: its quoted title gives way, not its end
        long = ("claim 47 of #31 moved to an entry of its own, #43; #31 now reads “In the "
                "political realm, the war in Ukraine has spurred conflicting interests "
                "between major powers …”, 2025-05-22; it moved, now on "
                "#28, the next")
        app.review_screen.say(long)
        await settle(pilot)
        shown = str(status.render())
        assert shown.endswith("now on #28, the next") and "“In the political" in shown
        assert "○" in shown and status.size.height <= 3


async def test_at_80_columns_a_long_message_ends_on_screen_where_it_ends(sample):
    # its lines break between words: "... #45 moved, now on #31, the" lost its end
    path, _ids = sample
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        status = app.review_screen.query_one("#status")
        for n in range(12):  # words of every length, so lines break at every place
            app.review_screen.say(
                f"merged #57 into #45: 1 claim moved, 2 in all; they were dated {'x' * n} "
                "2025-05-28 and 2025-06-08 (e sets the date); #45 now reads “Talks between "
                "the regional government and Velstrom Energy collapsed on May 27, 2025, "
                "officials said on Sunday.”, 2025-06-08; #45 moved, now on #31, the next")
            await settle(pilot)
            shown = [strip.text.rstrip()
                     for strip in status.render_lines(status.region.reset_offset)]
            assert len(shown) <= 3 and shown[-1].endswith("now on #31, the next"), shown
            assert "merged #57 into #45" in shown[0]


async def test_another_session_moving_its_cursor_does_not_refresh_this_one(sample):
    # two reviewers on one file: the other one's place (a settings write) is no change to
    # show; their decision is
    from workbench.db import connect
    from workbench.review.queue import Filter
    from workbench.review.state import save_state

    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        status_line = app.review_screen.query_one("#status")
        # this session's own decision, then the other's place: a tester saw their own
        # accept reported as "the database changed (another process)"
        await pilot.press("a")
        await settle(pilot)
        other = connect(path)
        save_state(other, Filter(), ids["border"])
        app._poll()
        await settle(pilot)
        assert "accepted" in str(status_line.render())
        assert "another process" not in str(status_line.render())
        other.execute("UPDATE groups SET status = 'rejected', version = version + 1, "
                      "updated_at = '2099-01-01' WHERE id = ?", [ids["swap"]])
        other.conn.commit()
        other.conn.close()
        app._poll()
        await settle(pilot)
        assert "another process" in str(status_line.render())


async def test_a_build_that_gives_the_shown_entry_a_claim_is_shown_in_its_detail(sample):
    # a build gave an undecided entry a claim without a new version: the row said 5
    # sources, the detail still "4 sources · 42 claims" until the reviewer moved away
    from workbench.db import connect

    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, ids["talks"])
        before = len(app.review_screen.detail_pane.detail.claims)
        other = connect(path)
        (claim,), = other.execute(
            "SELECT c.id FROM claims c WHERE c.id NOT IN "
            "(SELECT claim_id FROM group_members WHERE group_id = ?) LIMIT 1",
            [ids["talks"]]).fetchall()
        other.execute("UPDATE group_members SET group_id = ? WHERE claim_id = ?",
                      [ids["talks"], claim])
        other.execute("UPDATE groups SET updated_at = '2099-01-01' WHERE id = ?", [ids["talks"]])
        other.conn.commit()
        other.conn.close()
        app._poll()
        await settle(pilot)
        assert "another process" in str(app.review_screen.query_one("#status").render())
        shown = app.review_screen.detail_pane.detail
        assert shown.id == ids["talks"] and len(shown.claims) == before + 1


def test_claims_of_one_paragraph_print_it_once():
    # a tester saw #39's four claims reprint their one paragraph four times
    from workbench.review.detail import ClaimView
    from workbench.tui.widgets.detail import _same_paragraph, claim_text

    fields = {f: None for f in ClaimView.__dataclass_fields__}
    para = "Haring spoke. She said it was big. Then she left."

    def view(cid, start, end, doc=1, offset=100):
        return ClaimView(**{**fields, "id": cid, "document_id": doc, "context": para,
                            "context_start": start, "context_end": end, "doc_path": "a.txt",
                            "text": para[start:end], "pinned": False, "dated_parts": (),
                            "char_start": offset + start, "char_end": offset + end})

    claims = [view(1, 0, 13), view(2, 14, 34), view(3, 0, 13, doc=2), view(4, 0, 13, doc=2,
                                                                         offset=900)]
    # the second stands in the first's paragraph; another document's, or another
    # paragraph of it, print their own
    assert [_same_paragraph(claims, i) for i in range(4)] == [False, True, False, False]
    from rich.console import Console

    def plain(renderable):
        console = Console(width=200, record=True)
        console.print(renderable)
        return console.export_text()

    first, second = (plain(claim_text(c, i + 1, 3, False, "", _same_paragraph(claims, i)))
                     for i, c in enumerate(claims[:2]))
    assert para in first
    assert "(same paragraph) She said it was big." in second and "Then she left" not in second


async def test_a_hung_up_terminal_ends_the_app_and_a_live_one_does_not(sample, monkeypatch):
    # `make run` in a tmux window that is killed: make keeps the hangup to itself, and
    # the terminal the app reads from stops being one
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app._terminal is None  # the test has no terminal: nothing to watch
        app._poll()
        assert app.is_running
        app._terminal = 0
        monkeypatch.setattr("workbench.tui.app.os.isatty", lambda fd: True)
        app._poll()
        assert app.is_running
        monkeypatch.setattr("workbench.tui.app.os.isatty", lambda fd: False)
        app._poll()
        await pilot.pause()
    assert app.return_code == 1
    # nothing was lost: the queue is as it was
    assert status(path, ids["ceasefire"]) == "pending"


async def test_a_bad_event_date_is_answered_with_the_storys_own(tmp_path):
    """On a 2010 story a bad date was answered 'write 2025-06-02 or June 2, 2025' (the
    filter's examples are the story's too: see the 2010 filter test above)."""
    path = tmp_path / "haiti.db"
    db = connect(path)
    b = Builder(db)
    doc = b.document("The quake struck on January 12. Aid arrived on January 20.",
                     title="Quake", published="2010-01-21")
    quake = b.group([b.claim(doc, "The quake struck on January 12.", date="2010-01-12")])
    b.group([b.claim(doc, "Aid arrived on January 20.", date="2010-01-20")])
    b.commit()
    db.conn.close()
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await goto(pilot, quake, "e")
        app.screen.query_one("#edit-date").value = "Jan 32"
        await pilot.press("enter")
        await settle(pilot)
        error = str(app.screen.query_one(".dialog-error").render())
        assert error == ("'Jan 32' is not a date: write 2010-01-12 or January 12, 2010 "
                         "(a day), 2010-01 (a month) or 2010")
        assert "(a month) or 2010" in screen_text(app)  # wrapped, not cut off
        await pilot.press("escape")  # the dialog said it; closed, nothing says it still
        await settle(pilot)
        assert "is not a date" not in screen_text(app)


def test_a_value_names_two_sources_and_counts_the_rest():
    from workbench.tui.screens.dialogs import _sources_line

    assert _sources_line(("a.txt",)) == "a.txt"
    assert _sources_line(("a.txt", "b.txt")) == "a.txt; b.txt"
    assert _sources_line(tuple(f"{i}.txt" for i in range(20))) == "0.txt; 1.txt and 18 more"


async def test_each_value_to_resolve_takes_one_line(sample):
    # a value 20 sources gave named them all over eight lines at 80x24: the next value was
    # off screen and one Down chose the wrong one
    from textual.widgets import OptionList

    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await goto(pilot, ids["talks"], "r")
        options = app.screen.query_one(OptionList)
        values = [options.get_option_at_index(i) for i in range(options.option_count)]
        values = [o for o in values if (o.id or "").startswith("v")]
        assert values
        # and drawn so: as many rows as options (a source's long title wrapped, and its
        # end read as another value)
        assert options.virtual_size.height == options.option_count


async def test_a_search_opens_its_entry_on_the_claim_it_found(sample):
    # a search for "rubble" found a 270-claim entry, and the detail opened on claim 1
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"produced ex", "enter")
        await settle(pilot)
        assert current(app) == ids["talks"]
        claim = app.review_screen.detail_pane.current_claim
        assert claim is not None and claim.id == ids["c_talks3"]


async def test_the_same_search_again_opens_its_entry_on_the_claim_it_found(sample):
    """A tester searched words, left the search, moved on and searched them again: the
    entry opened on claim 1, not the one found, and D rejected a claim never read."""
    from textual import events

    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for _ in range(2):
            # in one burst, as a terminal delivers a paste (typed key by key, the search
            # showed the entry at each prefix, and the last one counted as new)
            for key, ch in [("slash", "/"), *((c if c != " " else "space", c)
                                              for c in "produced ex"), ("enter", "\r")]:
                app.post_message(events.Key(key, ch))
            await settle(pilot)
            assert current(app) == ids["talks"]
            claim = app.review_screen.detail_pane.current_claim
            assert claim is not None and claim.id == ids["c_talks3"]
            await pilot.press("escape")  # the search left: back to where it began
            await settle(pilot)
            await pilot.press("down")
            await settle(pilot)


async def test_the_claim_cursor_is_in_sight_after_a_new_window_is_laid_out(sample, monkeypatch):
    # a search that found claim 526 of 584 laid out its window and scrolled to where the
    # old window had put it: the pane showed claims 535-537, the cursor out of sight
    from workbench.tui.widgets import detail as detail_widget

    monkeypatch.setattr(detail_widget, "CLAIM_WINDOW", 2)
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await goto(pilot, ids["talks"])
        pane = app.review_screen.detail_pane
        await pilot.press("j", "j")  # into the next window
        await settle(pilot)
        await pilot.press("k")  # back: the last claim of the first window, far down
        await settle(pilot)
        assert pane.claim_index == 1
        current = next(w for w in pane.query(".claim") if "-current" in w.classes)
        top = current.virtual_region.y
        assert pane.scroll_offset.y <= top < pane.scroll_offset.y + pane.size.height


@pytest.mark.parametrize("size, shown", [((160, 48), True), ((80, 24), False)])
async def test_a_queue_sorted_by_importance_says_why_an_entry_is_where_it_is(
        seed_db_path, tmp_path, size, shown):
    """Sorted by importance, the detail says why the entry stands there (its day's counts,
    in words) where the pane has room; by date it does not, nor at 80x24, where the claim
    under review comes first."""
    import shutil

    path = tmp_path / "seeds.db"
    shutil.copyfile(seed_db_path, path)
    app = make_app(path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        pane = app.review_screen.detail_pane
        assert "importance" not in str(pane.query_one(".header").render())
        for _ in range(3):  # pending first → date → sources → importance
            await pilot.press("t")
            await settle(pilot)
        assert app.review_screen.flt.sort == "importance"
        header = str(pane.query_one(".header").render())
        (importance,) = q(path, "SELECT importance FROM groups WHERE id = ?",
                          pane.detail.id)[0]
        assert (f"importance {importance:.2f}: " in header) is shown
        assert ("is named by" in header or "no report names" in header) is shown


async def test_rejecting_a_days_first_entry_shows_the_one_that_takes_its_place(seeds):
    """Sorted by importance, a rejected entry's day-mate rose above the cursor, where a
    reviewer working down the queue never met it: the decision goes to it, and says so."""
    app = make_app(seeds)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        for _ in range(3):  # pending first → date → sources → importance
            await pilot.press("t")
            await settle(pilot)
        assert app.review_screen.flt.sort == "importance"
        day = "2025-06-02"  # the talks, and a second entry below May 16's
        first, second = (g for (g,) in q(
            seeds, "SELECT id FROM groups WHERE background = 0 AND event_date = ? "
            "ORDER BY importance DESC, id LIMIT 2", day))
        await goto(pilot, first)
        assert app.review_screen.queue.neighbour_id() != second  # it stood further down
        await pilot.press("x")
        await settle(pilot)
        assert status(seeds, first) == "rejected"
        assert current(app) == second
        assert (f"#{second} takes its place, the first entry of {day} now"
                in app.review_screen._last_message)
        # undone and done again, it goes there again
        await pilot.press("u")
        await settle(pilot)
        assert current(app) == first
        # (reopened, rather, it says where it stands)
        await pilot.press("x")
        await settle(pilot)
        await goto(pilot, first, "p")
        assert f"#{first} pending, the first entry of {day}" in app.review_screen._last_message
        await pilot.press("u", "u")
        await settle(pilot)
        await pilot.press("U")
        await settle(pilot)
        assert current(app) == second and "takes its place" in app.review_screen._last_message
        await pilot.press("u")
        await settle(pilot)
        # the day's second entry rejected: the third takes its place, second of the day
        many = "2025-06-08"
        _, two, three = (g for (g,) in q(
            seeds, "SELECT id FROM groups WHERE background = 0 AND event_date = ? "
            "ORDER BY importance DESC, id LIMIT 3", many))
        await goto(pilot, two)
        await pilot.press("x")
        await settle(pilot)
        assert current(app) == three
        assert (f"#{three} takes its place, entry no. 2 of {many} now"
                in app.review_screen._last_message)
        await pilot.press("u")
        await settle(pilot)
        # a date sort moves on to the next row, as before
        await pilot.press("t")
        await settle(pilot)
        await goto(pilot, first)
        row_after = app.review_screen.queue.neighbour_id()
        await pilot.press("x")
        await settle(pilot)
        assert current(app) == row_after


async def test_help_is_first_in_the_footer_and_remaps_as_one_key(sample):
    """At 60 columns the footer was cut after "u Undo": the key to every other key was
    the one left out. It comes first, and a remap of "help" moves it (the app's binding,
    for the other screens, shares its id)."""
    from textual.widgets import Footer

    from workbench.tui.screens.help import HelpScreen

    def shown(app):
        return [(k.key_display, k.description)
                for k in app.screen.query_one(Footer).query("FooterKey")]

    path, _ids = sample
    app = make_app(path)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        assert shown(app)[0] == ("?", "Help")
    app = make_app(path, keys={"help": "h"})
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        assert [d for d in shown(app) if d[1] == "Help"] == [("h", "Help")]
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        listed = [d for _k, d, _t in app.screen.rows()]
        assert listed.count("Help") == 1


async def test_a_message_stays_through_the_move_its_action_makes_then_goes(sample,
                                                                          monkeypatch):
    """A tester read the opening message over the header's counts after 80 moves, and a
    merge's message while reading other entries: once the reviewer moves on, it goes."""
    from workbench.tui.screens import review

    path, _ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.review_screen
        await pilot.press("x")  # rejected, and on to the next entry: the message stays
        await settle(pilot)
        line = str(screen.query_one("#status").render())
        assert "│" in line and "rejected" in line.split("│", 1)[1]
        monkeypatch.setattr(review, "MESSAGE_HOLD", 0.0)  # (as if the reviewer had read it)
        await pilot.press("down")
        await settle(pilot)
        line = str(screen.query_one("#status").render())
        assert "rejected" not in line and "│" not in line and "○" in line


async def test_the_merge_finder_marks_a_day_only_a_report_gives_as_the_queue_does(sample):
    """The finder listed "○ 2025-06-07 1src Meanwhile, Belarus's role ..." where the queue
    shows "~2025-06-07": it read as a day a source states."""
    from textual.widgets import OptionList

    path, ids = sample
    with sqlite3.connect(path) as con:  # (committed on leaving)
        con.execute("UPDATE groups SET date_basis = 'published' WHERE id = ?", [ids["border"]])
    con.close()
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, ids["swap"], "m", *"border june 7")
        listed = [str(o.prompt) for o in app.screen.query_one(OptionList)._options]
        border = next(t for t in listed if "June 7" in t or "border" in t.lower())
        assert "~2025-06-07" in border
        assert not any("~" in t for t in listed if t is not border)


async def _merge_finder(pilot, gid: int):
    """The merge finder opened on group ``gid``: its list of candidates."""
    from textual.widgets import OptionList

    await settle(pilot)
    await goto(pilot, gid, "m")
    await settle(pilot)
    return pilot.app.screen.query_one(OptionList)


async def test_the_merge_finder_lists_a_candidate_a_row_with_its_id(sample):
    """A tester at 80x24 saw three candidates, each title wrapped over three lines, and
    could not tell two entries of one title apart: a row each, "#id" beside the date."""
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        options = await _merge_finder(pilot, ids["swap"])
        assert options.option_count >= 3
        assert options.virtual_size.height == options.option_count
        listed = [(o.id, str(o.prompt)) for o in options._options]
        assert all(f"#{oid} " in text for oid, text in listed)


async def test_the_merge_finder_shows_the_highlighted_candidates_whole_title(sample):
    """A row cuts a title to the width ("Ukrainian officials report that Russi…"): a tester
    at 80x24 merged the June 19 swap into a drone strike's entry. Under the rows, the
    highlighted candidate's whole title, and the next one's when the highlight moves."""
    from textual.widgets import Static

    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        options = await _merge_finder(pilot, ids["swap"])
        preview = app.screen.query_one("#finder-preview", Static)
        with sqlite3.connect(path) as con:
            titles = dict(con.execute("SELECT id, title FROM groups").fetchall())
        con.close()
        seen = []
        for _ in range(2):
            gid = int(options.get_option_at_index(options.highlighted).id)
            shown = " ".join(str(preview.render()).split())
            assert shown.endswith(" ".join(titles[gid].split())), (gid, shown)
            assert shown.startswith(f"#{gid} ")
            seen.append(gid)
            await pilot.press("down")
            await settle(pilot)
        assert seen[0] != seen[1]


async def _document_field_saved(pilot, gid: int, field: str, value: str) -> None:
    """Open group ``gid``'s first source (o), its document dialog (d), and save
    ``value`` in ``field`` (enter)."""
    await goto(pilot, gid, "o")
    await pilot.press("d")
    await settle(pilot)
    pilot.app.screen.query_one(f"#docmeta-{field}").value = value
    await pilot.press("enter")
    await settle(pilot)


async def test_the_document_dialog_scrolls_to_its_error_on_a_short_screen(sample):
    """At 60x20 the document dialog ended at its URL label: the field, a refusal and the
    keys were below the screen's edge, and Enter seemed to do nothing."""
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        await _document_field_saved(pilot, ids["talks"], "published", "2025-13-01")
        error = app.screen.query_one(".dialog-error")
        assert "not a date" in str(error.render())
        dialog = app.screen.query_one("#docmeta")
        assert dialog.region.contains_region(error.region)  # on screen, not below it


async def test_a_documents_new_title_heads_its_view_at_once(sample):
    """A tester retitled a page with d: the message named the new title, the heading of
    the source view kept the old one until it was opened again."""
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _document_field_saved(pilot, ids["talks"], "title", "Talks resume in Istanbul")
        heading = app.screen.query_one("#document-name")
        assert "Talks resume in Istanbul" in str(heading.render())


async def test_esc_clears_a_search_before_the_rest_of_the_filter(sample):
    """A tester's date range went with every search they left with esc: about ten keys
    to set it again, three times in one session."""
    path, _ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.review_screen
        screen.set_filter(replace(screen.flt, date_from="2025-06", date_to="2025-06-10",
                                  search="istanbul"))
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert (screen.flt.search, screen.flt.date_from) == ("", "2025-06")
        assert "esc again clears the filter" in str(screen.query_one("#status").render())
        await pilot.press("escape")
        await settle(pilot)
        assert (screen.flt.search, screen.flt.date_from, screen.flt.date_to) == ("", "", "")


async def test_esc_after_a_search_goes_back_to_where_the_search_began(sample):
    """A tester searched "#3694", accepted it, pressed esc and was left on it, now at the
    queue's end among the decided (792 of 792): they had to find their place again."""
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, ids["border"])
        await pilot.press("slash", *f"#{ids['talks']}", "enter")
        await settle(pilot)
        assert current(app) == ids["talks"]
        await pilot.press("a")
        await settle(pilot)
        assert status(path, ids["talks"]) == "accepted"
        await pilot.press("escape")
        await settle(pilot)
        assert current(app) == ids["border"]
        assert f"back at #{ids['border']}, where the search began" in " ".join(
            screen_text(app).split())
        # a second search begins where the reviewer is now
        await goto(pilot, ids["prisoners"])
        await pilot.press("slash", *"istanbul", "enter")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert current(app) == ids["prisoners"]


async def test_a_course_said_to_count_different_things_is_settled_and_undone(tmp_path):
    """r on an entry whose only finding is a count shown as grown lists the course: "not
    one count" settles it (no longer shown as grown, a settled conflict instead, saved at
    once), and u shows the course again."""
    from builders import toll_database
    from textual.widgets import OptionList

    path = toll_database(tmp_path / "toll")
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        dialog = app.screen
        assert "does each count one thing?" in screen_text(app)
        options = dialog.query_one(OptionList)
        chosen = options.get_option_at_index(options.highlighted)
        assert "not one count" in str(chosen.prompt)
        await pilot.press("enter")
        await settle(pilot)
        pane = app.review_screen.detail_pane
        assert pane.detail.running == ()
        (conflict,) = pane.detail.conflicts
        assert conflict.resolution == "not a disagreement"
        assert screen_text(app).splitlines()[0].endswith(
            "│ #1 the number of people: settled as not one count    ")  # one line at 80
        # r again: the settled course, its figures no values to choose, the highlight on
        # the choice made (an enter changes nothing)
        await pilot.press("r")
        await settle(pilot)
        options = app.screen.query_one(OptionList)
        rows = [str(options.get_option_at_index(i).prompt)
                for i in range(options.option_count)]
        assert rows[0].endswith("the number of people · not one count (was shown as grown)")
        assert "45,000 to 50,000 people · up to 200,000 people" in rows[1]
        assert not any("— a.txt" in row for row in rows)
        assert "→ not one count" in str(options.get_option_at_index(options.highlighted).prompt)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert pane.detail.conflicts == ()
        assert len(pane.detail.running) == 1
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM conflicts").fetchone()[0] == 0


async def test_a_course_settled_with_a_conflict_still_open_keeps_the_dialog(tmp_path):
    """r on an entry with an open conflict and a course: settling the course leaves the
    dialog open for the conflict, as choosing a value does (a tester found the one kept
    and the other closed)."""
    from builders import toll_database
    from textual.widgets import OptionList

    from workbench.db import dumps
    from workbench.tui.screens.dialogs import ResolveScreen

    path = toll_database(tmp_path / "toll")
    conn = sqlite3.connect(path)
    with conn:
        conn.execute('INSERT INTO conflicts(group_id, kind, subject, "values", claim_ids) '
                     "VALUES (1, 'name', 'byrs', ?, '[1, 2]')",
                     [dumps([{"value": "Elisabeth Byrs", "claim_ids": [1], "document_ids": [1]},
                             {"value": "Elizabeth Byrs", "claim_ids": [2],
                              "document_ids": [2]}])])
    conn.close()
    app = make_app(path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        options = app.screen.query_one(OptionList)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        options.highlighted = ids.index("g0")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ResolveScreen)
        assert "1 conflict still open" in screen_text(app)
        options = app.screen.query_one(OptionList)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert "g0" not in ids
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM conflicts WHERE resolution IS NOT NULL"
                        ).fetchone()[0] == 1


async def test_a_toll_that_grew_from_report_to_report_shows_its_course(tmp_path):
    """The Haiti quake's toll, "45,000 to 50,000 people" on 15 January and "up to 200,000
    people" on the 18th, is no conflict: the detail shows the count's course instead."""
    from builders import toll_database

    path = toll_database(tmp_path / "toll")
    app = make_app(path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        pane = app.review_screen.detail_pane
        listed = " ".join(str(w.render()) for w in pane.query(".running"))
        assert ("↗ the number of people grew from report to report (no conflict; r if they "
                "count different things): 45,000 to 50,000 people (2010-01-15) → up to "
                "200,000 people (2010-01-18)") in " ".join(listed.split())
        assert pane.detail.conflicts == ()
        assert app.review_screen.queue.current.conflicts == 0
    # at 80x24 one line under the header, the course's ends, so that the claim under
    # review stays in sight
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        pane = app.review_screen.detail_pane
        assert not pane.query(".running")
        (header,) = pane.query(".header")
        assert str(header.render()).splitlines()[-1] == (
            "↗ grew: 45,000 to 50,000 people → up to 200,000 people  (z: when)")
        assert "▶ 1/2" in screen_text(app)
