"""Pilot tests for issue 21's defects and the faster review keys."""

from __future__ import annotations

import sqlite3

import pytest

from workbench.review import actions
from workbench.review.queue import Filter

from .conftest import make_app, screen_text, settle
from .test_app import SIZE, current, goto, q, status


async def test_merge_marked_after_a_split_into_the_marked_group_is_not_refused(sample):
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, ids["talks"])
        await pilot.press("v")  # mark A
        await goto(pilot, ids["prisoners"])
        moving = app.review_screen.detail_pane.detail.claims[0].id
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("space", "g")
        await settle(pilot)
        await pilot.press(*"second round of direct talks")
        await settle(pilot)
        await pilot.press("enter")  # split one claim into the marked group A
        await settle(pilot)
        assert q(path, "SELECT group_id FROM group_members WHERE claim_id = ?",
                 moving) == [(ids["talks"],)]
        await goto(pilot, ids["fidan"], "M")
        titles = " ".join(str(n.title) for n in app._notifications)
        assert "Changed elsewhere" not in titles
        assert q(path, "SELECT count(*) FROM groups WHERE id = ?", ids["talks"]) == [(0,)]
        assert q(path, "SELECT group_id FROM group_members WHERE claim_id = ?",
                 moving) == [(ids["fidan"],)]


async def test_the_place_is_kept_in_a_search_after_merging_the_4th_hit(sample):
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.review_screen.set_filter(Filter(search="june"))
        await settle(pilot)
        queue = app.review_screen.queue
        hits = [r.id for r in queue.rows_loaded]
        assert len(hits) >= 6
        await goto(pilot, hits[3], "m")
        await pilot.press(*"second round of direct talks")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert q(path, "SELECT count(*) FROM groups WHERE id = ?", hits[3]) == [(0,)]
        assert current(app) == hits[4]  # the next hit, not the first one nor the target
        assert queue.queue_position == 3


async def _edit_date(pilot, app, value: str) -> None:
    """``e`` on the current entry, its date set to ``value``, saved."""
    await pilot.press("e")
    await settle(pilot)
    await pilot.press("tab")
    app.screen.query_one("#edit-date").value = value
    await pilot.press("enter")
    await settle(pilot)


@pytest.mark.parametrize("size", [SIZE, (80, 24)])
async def test_a_date_edit_keeps_the_entry_and_its_decision_the_place(sample, size):
    """An edited date re-sorts the entry: the cursor goes with it (two testers, moved on
    to the next row as it was, pressed "a" and "e" meant for the entry they had just
    edited or merged into), and deciding it goes back to where the reviewer was."""
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await goto(pilot, ids["fidan"])
        nxt = app.review_screen.queue.neighbour_id()
        await _edit_date(pilot, app, "2025-06-20")
        assert q(path, "SELECT event_date FROM groups WHERE id = ?", ids["fidan"]) == [
            ("2025-06-20",)]
        assert current(app) == ids["fidan"]
        message = app.review_screen._last_message
        # said first, where a long message is never cut
        assert message.startswith(f"#{ids['fidan']} moved, the cursor with it (deciding it "
                                  f"returns to #{nxt}); #{ids['fidan']} edited: event date "
                                  "2025-"), message
        shown = screen_text(app).splitlines()[0]
        assert f"#{ids['fidan']} moved, the cursor with it" in shown, shown
        await pilot.press("a")
        await settle(pilot)
        assert q(path, "SELECT status FROM groups WHERE id = ?", ids["fidan"]) == [
            ("accepted",)]
        assert current(app) == nxt
        assert app.review_screen._last_message.endswith(f"; back to #{nxt}, where you were")


async def test_a_reviewer_who_moves_on_after_an_edit_decides_from_where_they_are(sample):
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, ids["fidan"])
        await _edit_date(pilot, app, "2025-06-20")
        assert current(app) == ids["fidan"]
        await pilot.press("up")  # elsewhere: the place is where they are now
        await settle(pilot)
        here = current(app)
        assert here != ids["fidan"]
        await pilot.press("a")
        await settle(pilot)
        assert q(path, "SELECT status FROM groups WHERE id = ?", here) == [("accepted",)]
        assert "where you were" not in app.review_screen._last_message


async def test_a_long_message_is_read_to_its_end_at_80_columns(sample):
    """A merge that joined two dates and retitled its target was cut at "#35 now reads
    “The swap,": what it became was lost."""
    path, _ids = sample
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        message = ("merged #41 into #35: 1 claim moved, 6 in all; they were dated 2025-06-08 "
                   "and 2025-06-19 (e sets the date); #35 now reads “The swap, which took "
                   "place on June 19, involved…”, 2025-06-19")
        app.review_screen.say(message)
        await settle(pilot)
        lines = app.review_screen.query_one("#status").size.height
        shown = " ".join(row.strip() for row in screen_text(app).splitlines()[:lines])
        assert shown.endswith("involved…”, 2025-06-19"), shown


async def test_retyping_the_date_as_it_was_settles_the_date_conflict(sample):
    # a tester retyped the majority's date in the edit dialog and saw "nothing changed"
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, ids["talks"])
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("tab")
        await pilot.press(*["backspace"] * 10, *"2025-06-02")
        await pilot.press("enter")
        await settle(pilot)
        assert q(path, "SELECT event_date, date_basis FROM groups WHERE id = ?",
                 ids["talks"]) == [("2025-06-02", "reviewer")]
        assert q(path, "SELECT resolution FROM conflicts WHERE group_id = ? AND kind = 'date'",
                 ids["talks"]) == [("2025-06-02",)]
        # the title alone, saved with the date untouched, leaves a dispute open
        await goto(pilot, ids["talks"], "u")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        await pilot.press(*"again")  # the title box starts with its text selected
        await pilot.press("enter")
        await settle(pilot)
        assert q(path, "SELECT title FROM groups WHERE id = ?", ids["talks"]) == [("again",)]
        assert q(path, "SELECT resolution FROM conflicts WHERE group_id = ? AND kind = 'date'",
                 ids["talks"]) == [(None,)]


async def test_reopening_restores_the_row_and_the_filter(sample):
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for _ in range(9):
            await pilot.press("a")
            await settle(pilot)
        assert q(path, "SELECT count(*) FROM groups WHERE status != 'accepted'") == [(0,)]
        await pilot.press("t")  # sort by date: a saved filter/sort too
        await settle(pilot)
        await pilot.press("home")
        await settle(pilot)
        for _ in range(6):
            await pilot.press("down")
        await settle(pilot)
        row7 = current(app)
        await pilot.press("q")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.review_screen.flt.sort == "date"
        assert current(app) == row7
        assert app.review_screen.queue.queue_position == 6


async def test_boxes_show_their_state_without_colour(sample):
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        conflicts = app.screen.query_one("#filter-conflicts")
        assert str(conflicts.render()).startswith("[ ]")
        conflicts.value = True
        await pilot.pause()
        assert str(conflicts.render()).startswith("[x]")
        await pilot.press("escape")
        await goto(pilot, ids["talks"], "s")
        picker = app.screen.query_one("#split-claims")
        prompts = [str(picker.get_option_at_index(i).prompt)
                   for i in range(picker.option_count)]
        # nothing chosen at first (a chosen claim under the cursor made n move it)
        assert all(p.startswith("[ ]") for p in prompts), prompts
        await pilot.press("space")
        assert str(picker.get_option_at_index(0).prompt).startswith("[x] move")


async def test_split_dialog_shows_whole_claims(sample):
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await goto(pilot, ids["talks"], "s")
        svg = app.export_screenshot()
        assert "delegation" in svg and "member." in svg  # the end of the longest claim


async def test_the_edit_hint_fits_at_80_columns(sample):
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        room = app.screen.query_one("#edit").content_region.width
        for label in app.screen.query("Label"):
            text = str(label.render())
            width = max((len(line) for line in text.splitlines()), default=0)
            assert width <= room, (text, room)


async def test_resolve_without_a_conflict_says_so(sample):
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, ids["fidan"], "r")
        assert "nothing to resolve" in app.review_screen._last_message


async def test_all_done_when_nothing_is_left_to_decide(sample):
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.review_screen.set_filter(Filter(status="pending"))
        await settle(pilot)
        await pilot.press("X")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        status_line = str(app.review_screen.query_one("#status").render())
        assert "All done" in status_line
        assert "All done" in str(app.review_screen.detail_pane.query(".slot").first().render())


async def test_bulk_reject_of_what_the_filter_shows_is_one_undo(sample):
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("X")
        await settle(pilot)
        question = str(app.screen.query(".dialog-title").first().render())
        assert "Reject the 8 undecided groups" in question
        await pilot.press("y")
        await settle(pilot)
        assert status(path, ids["drones"]) == "accepted"
        assert q(path, "SELECT count(*) FROM groups WHERE status = 'rejected'") == [(8,)]
        await pilot.press("u")
        await settle(pilot)
        assert q(path, "SELECT count(*) FROM groups WHERE status = 'rejected'") == [(0,)]


async def test_undoing_a_bulk_step_keeps_the_cursor_on_its_row(sample):
    """A tester on row 3 pressed A, y, then u: the cursor jumped to row 27, the lowest
    group id of the 34 taken back."""
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "down")
        await settle(pilot)
        here = app.review_screen.queue.current.id
        lowest = min(g for (g,) in q(path, "SELECT id FROM groups WHERE status = 'pending'"))
        assert here != lowest
        await pilot.press("X", "y")
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert q(path, "SELECT count(*) FROM groups WHERE status = 'rejected'") == [(0,)]
        assert app.review_screen.queue.current.id == here


async def test_bulk_accept_of_marked_groups(sample):
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for g in (ids["fidan"], ids["umerov"]):
            await goto(pilot, g)
            await pilot.press("v")
        await goto(pilot, ids["border"])  # taken on a third entry
        await pilot.press("A")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert status(path, ids["fidan"]) == status(path, ids["umerov"]) == "accepted"
        assert not app.review_screen.queue.marked
        # taken back, the cursor is where the bulk accept was taken (a tester was sent to
        # the first of the marked ones)
        await pilot.press("u")
        await settle(pilot)
        assert status(path, ids["fidan"]) == "pending"
        assert current(app) == ids["border"]


def _share_a_name(path, ids) -> None:
    """The talks, Fidan's opening and Umerov's list name one person and tell the talks in
    their words, as reports of one occasion do: a shared day alone is too little for a
    suggestion, and so is a day and a name (``review/suggest.json``)."""
    with sqlite3.connect(path) as conn:
        for cid in (ids["c_talks1"], ids["c_fidan"], ids["c_umerov"]):
            conn.execute("UPDATE claims SET entities = ?, text = text || ? WHERE id = ?", [
                '[{"text": "Rustem Umerov", "label": "PERSON", "norm": "rustem umerov", '
                '"start": 0, "end": 13}]',
                " It was said at the second round of direct talks in Istanbul.", cid])


async def _on_talks_with_a_suggestion(app, pilot, ids) -> int:
    """Open the talks group; the id of the first group suggested beside it."""
    await settle(pilot)
    await goto(pilot, ids["talks"])
    await settle(pilot)
    suggestions = app.review_screen.detail_pane.detail.suggestions
    assert suggestions, "suggestions beside the group"
    return suggestions[0].id


async def test_suggested_merge_in_one_key(sample):
    path, ids = sample
    _share_a_name(path, ids)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        first = await _on_talks_with_a_suggestion(app, pilot, ids)
        shown = " ".join(str(w.render()) for w in app.review_screen.detail_pane.query(".suggest"))
        assert f"#{first}" in shown and "same day" in shown
        await pilot.press("1")
        await settle(pilot)
        assert q(path, "SELECT count(*) FROM groups WHERE id = ?", first) == [(0,)]
        assert current(app) == ids["talks"]


async def test_drop_the_claim_under_the_cursor_rejected(sample):
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await goto(pilot, ids["talks"])
        claims = [c.id for c in app.review_screen.detail_pane.detail.claims]
        for _ in range(claims.index(ids["c_talks2"])):
            await pilot.press("j")
        await pilot.press("D")
        await settle(pilot)
        (gid,) = q(path, "SELECT group_id FROM group_members WHERE claim_id = ?",
                   ids["c_talks2"])[0]
        assert gid != ids["talks"] and status(path, gid) == "rejected"
        assert current(app) == ids["talks"]


async def test_queue_titles_are_cut_with_an_ellipsis(sample):
    path, ids = sample
    conn = sqlite3.connect(path)
    conn.execute("UPDATE groups SET title = ? WHERE id = ?", ["word " * 40, ids["talks"]])
    conn.commit()
    conn.close()
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await goto(pilot, ids["talks"])
        queue = app.review_screen.queue
        title = str(queue.get_cell(str(ids["talks"]), "title"))
        assert title.endswith("…") and len(title) < 60


async def test_a_suggested_merge_never_swallows_a_decision(sample):
    # the suggestion had been accepted and retitled; the group under the cursor had not:
    # the key merges this group into it, and the acceptance and the title stay
    path, ids = sample
    _share_a_name(path, ids)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        first = await _on_talks_with_a_suggestion(app, pilot, ids)
        (version,) = q(path, "SELECT version FROM groups WHERE id = ?", first)[0]
        with sqlite3.connect(path) as conn:
            actions.edit(conn, first, version=version, reviewer="t", title="The agreed swap")
            actions.decide(conn, first, "accept", version=version + 1, reviewer="t")
        app.review_screen.reload(ids["talks"])
        await settle(pilot)
        rows = [int(r.key.value) for r in app.review_screen.queue.ordered_rows]
        after = next(g for g in rows[rows.index(ids["talks"]) + 1:] if g != first)
        await pilot.press("1")
        await settle(pilot)
        assert q(path, "SELECT count(*) FROM groups WHERE id = ?", ids["talks"]) == [(0,)]
        assert q(path, "SELECT title, status FROM groups WHERE id = ?", first) == [
            ("The agreed swap", "accepted")]
        assert q(path, "SELECT group_id FROM group_members WHERE claim_id = ?",
                 ids["c_talks2"]) == [(first,)]
        # the cursor goes on with the row that came next, as after a merge with m (it
        # went to the accepted entry, among the decided rows); the message names it
        assert current(app) == after
        assert f"#{first}" in screen_text(app)


async def test_z_gives_the_detail_the_screen_and_the_keys_still_decide(sample):
    # at 80x24 the detail had nine lines: a tester scrolled a 40-claim entry three lines
    # at a time
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.review_screen
        detail = screen.detail_pane
        normal = detail.size.height
        first = current(app)
        before = app.focused
        await pilot.press("z")
        await settle(pilot)
        assert screen.maximized is detail and detail.size.height >= 2 * normal
        assert screen.query_one("#status").display  # it still says what a key did
        await pilot.press("a")
        await settle(pilot)
        assert status(path, first) == "accepted"
        assert screen.maximized is detail and detail.detail.id == current(app) != first
        await pilot.press("escape")  # leaves the zoom, not the filter
        await settle(pilot)
        assert screen.maximized is None and detail.size.height == normal
        # the keys go where they went before: the queue's arrows move the queue
        assert app.focused is before is screen.queue


async def test_undo_with_nothing_to_undo_says_so_on_the_status_line(sample):
    path, _ids = sample
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        status_line = screen_text(app).splitlines()[0]  # not only the toast, which goes by
        assert "nothing to undo" in status_line, status_line


@pytest.mark.slow
async def test_a_split_whose_new_group_sorts_next_keeps_the_place(seed_db_path, tmp_path):
    """A claim split off into a new group of the same date sorted right after the group
    split: the cursor jumped past both, saying the group had "moved to its new place",
    and the next key acted on a third entry."""
    import shutil

    path = tmp_path / "seeds.db"
    shutil.copyfile(seed_db_path, path)
    (gid,) = q(path, "SELECT m.group_id FROM group_members m JOIN claims c ON c.id = m.claim_id "
                     "WHERE c.text LIKE 'Meanwhile, Ukraine stepped up its military efforts%'")[0]
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await goto(pilot, gid)
        claims = app.review_screen.detail_pane.detail.claims
        assert len(claims) >= 2
        await pilot.press("s")
        await settle(pilot)
        for _ in range(len(claims) - 1):
            await pilot.press("down")
        await pilot.press("space", "n")
        await settle(pilot)
        assert current(app) == gid
        assert "it moved, now on" not in app.review_screen._last_message
        assert q(path, "SELECT count(*) FROM group_members WHERE group_id = ?", gid) == [
            (len(claims) - 1,)]


async def test_reopening_puts_the_claim_cursor_where_it_was_left(sample):
    """A tester left an entry on its claim 3 of 42 and reopened it on claim 1: the place
    in a long entry is part of where the reviewer was."""
    from .test_at_80x24 import add_entry

    path, _ids = sample
    gid = add_entry(path, 12)
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await goto(pilot, gid)
        pane = app.review_screen.detail_pane
        for _ in range(8):
            await pilot.press("j")
        await settle(pilot)
        left_on = pane.current_claim.id
        assert pane.claim_index == 8
        await pilot.press("q")
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        pane = app.review_screen.detail_pane
        assert current(app) == gid and pane.current_claim.id == left_on
        claim = next(w for w in pane.query(".claim") if "-current" in w.classes)
        top = pane.scroll_offset.y
        assert top <= claim.virtual_region.y < top + pane.size.height  # and in sight


async def test_reopening_on_the_first_claim_keeps_the_entrys_head_in_sight(sample):
    """Reopened on an entry's first claim, the pane scrolled it to the top and hid the
    title, date and conflicts above it; only a claim further down is scrolled to."""
    from .test_at_80x24 import add_entry

    path, _ids = sample
    gid = add_entry(path, 12)
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await goto(pilot, gid)
        assert app.review_screen.detail_pane.claim_index == 0
        await pilot.press("q")
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        pane = app.review_screen.detail_pane
        assert current(app) == gid and pane.claim_index == 0
        assert pane.scroll_offset.y == 0  # the head: title, date, sources
