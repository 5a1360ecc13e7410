"""A key acts on what the reviewer sees, at 80x24: the option a dialog's highlight is on
shows without colour (▶), an entry an action takes out of the filtered view is said to
have gone and where the cursor is now, and the claim cursor follows the detail as it
scrolls."""

from __future__ import annotations

import re
from contextlib import asynccontextmanager
from dataclasses import replace

from textual import events

from workbench.review.queue import Filter

from .conftest import make_app, screen_text, settle
from .test_app import current, goto, q, status
from .test_at_80x24 import add_entry

SMALL = (80, 24)


def pointed(app) -> list[str]:
    """The rows of the dialog on top that ▶ points at, as the screen shows them (the
    queue's own ▶, left of the dialog's edge, left out)."""
    rows = []
    for line in screen_text(app).splitlines():
        inside = line.split("│", 1)[1] if "│" in line else ""
        if "▶" in inside:
            # to the list's right edge
            rows.append(inside.split("▶", 1)[1].split("▎")[0].strip(" …"))
    return rows


def said(app) -> str:
    """The status line, its lines joined."""
    return " ".join(str(app.review_screen.query_one("#status").render()).split())


# -- 1. the highlighted option of a dialog, without colour --------------------------------


async def test_the_resolve_dialog_points_at_the_option_enter_chooses(sample):
    """A tester pressed down, then enter, and chose "leave unresolved" unseen: the
    highlight starts on the entry's date, not on the first row, and showed by its colour
    alone."""
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await goto(pilot, ids["talks"], "r")
        assert len(pointed(app)) == 1 and pointed(app)[0].startswith(
            "2025-06-02 (the entry's date now)"), screen_text(app)
        for _ in range(5):  # down to the last row: ▶ on each in turn
            await pilot.press("down")
            await settle(pilot)
            (row,) = pointed(app)
            highlighted = app.screen.query_one("#resolve-options").highlighted_option
            assert row.startswith(str(highlighted.prompt).strip()[:30]), (row, highlighted)
        assert pointed(app) == ["leave unresolved"]


async def test_the_merge_finder_and_the_split_dialog_point_at_their_highlight(sample):
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await goto(pilot, ids["talks"], "m")
        await settle(pilot)
        first = pointed(app)
        assert len(first) == 1 and "#" in first[0], screen_text(app)
        await pilot.press("down")
        await settle(pilot)
        (second,) = pointed(app)
        assert second != first[0]
        options = app.screen.query_one("#finder-options")
        assert f"#{options.highlighted_option.id} " in second
        await pilot.press("escape")
        await settle(pilot)
        await goto(pilot, ids["talks"], "s")
        (claim,) = pointed(app)
        assert claim.startswith("[ ]"), screen_text(app)
        await pilot.press("down", "space")
        await settle(pilot)
        (claim,) = pointed(app)
        assert claim.startswith("[x] move"), screen_text(app)


async def test_the_filters_drop_down_points_at_its_highlight(sample):
    path, _ids = sample
    app = make_app(path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("down")  # opens the status list
        await settle(pilot)
        assert pointed(app) == ["any status"], screen_text(app)
        await pilot.press("down")
        await settle(pilot)
        assert pointed(app) == ["pending"]


# -- 2. an entry an action takes out of the view ------------------------------------------


async def test_an_edit_that_dates_an_entry_out_of_the_filter_says_so_and_where_the_cursor_is(
        sample):
    """A tester edited an entry's date out of the filter's range: "#869 edited: ..." and
    nothing else, the cursor on the next entry, and the next "a" accepted that one."""
    path, ids = sample
    gid = ids["talks"]
    app = make_app(path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.review_screen.set_filter(replace(Filter(), date_from="2025-06-01",
                                             date_to="2025-06-02"))
        await goto(pilot, gid, "e")
        await pilot.press("tab", "ctrl+u", *"2025-06-09", "enter")
        await settle(pilot)
        now = current(app)
        assert now is not None and now != gid
        line = said(app)
        assert (f"#{gid} left this view, now on #{now} (its date 2025-06-09 is not in "
                f"2025-06-01..2025-06-02; esc clears the filter, then /#{gid} finds it)"
                ) in line, line
        assert f"now on #{now}" in " ".join(screen_text(app).split())  # whole on screen
        await pilot.press("a")
        await settle(pilot)
        assert status(path, now) == "accepted" and status(path, gid) == "pending"
        # and the way back it names finds it
        await pilot.press("escape", "slash", *f"#{gid}", "enter")
        await settle(pilot)
        assert current(app) == gid


async def test_a_decision_under_a_status_filter_says_where_the_cursor_is(sample):
    """Deciding entries under "pending", each decided one goes, as the reviewer asked:
    only where the cursor went is news, in a few words (the whole way back, on every
    "a", took two lines at 100 columns)."""
    path, ids = sample
    app = make_app(path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.review_screen.set_filter(replace(Filter(), status="pending"))
        await goto(pilot, ids["talks"], "a")
        now = current(app)
        assert now != ids["talks"]
        assert said(app).endswith(f"; now on #{now}") and "left" not in said(app), said(app)
        # a reopen under "accepted": the entry goes, said, the cursor on another
        app.review_screen.set_filter(replace(Filter(), status="accepted"))
        await goto(pilot, ids["talks"], "p")
        now = current(app)
        assert now != ids["talks"] and status(path, now) == "accepted"
        assert said(app).endswith(f"; now on #{now}") and "left" not in said(app), said(app)


async def test_a_merge_away_says_where_the_cursor_is_and_that_the_target_is_out_of_view(
        sample):
    """Merged into an entry the filter hides (an accepted one, the queue showing the
    pending): the claims went out of sight, and the cursor on to the next row."""
    path, ids = sample
    target = ids["drones"]  # accepted
    app = make_app(path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.review_screen.set_filter(replace(Filter(), status="pending"))
        await goto(pilot, ids["fidan"], "m")
        await pilot.press(*f"#{target}")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        now = current(app)
        assert q(path, "SELECT count(*) FROM groups WHERE id = ?", ids["fidan"]) == [(0,)]
        line = said(app)
        assert f"merged #{ids['fidan']} into #{target}" in line, line
        assert (f"; now on #{now}; #{target} is outside this view (it is accepted now; esc "
                "clears the filter") in line, line


# -- 3. the claim cursor follows the detail as it scrolls ---------------------------------


def _pointed_claim(app) -> int | None:
    """The number of the claim whose ▶ the detail pane shows ("▶ 5/12 ..."), if any."""
    found = re.findall(r"▶ (\d+)/\d+ ", screen_text(app))
    return int(found[-1]) if found else None


@asynccontextmanager
async def on_an_entry_of_twelve_claims(path):
    """The review at 80x24 on a new entry of twelve claims: (app, pilot, its id)."""
    gid = add_entry(path, 12)
    app = make_app(path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await goto(pilot, gid)
        yield app, pilot, gid


async def test_paging_the_detail_moves_the_claim_cursor_with_it_and_d_drops_that_claim(sample):
    """After PageDown the claim cursor stayed on a claim scrolled out of sight, and "d"
    moved a claim the tester could not see to an entry of its own."""
    path, _ids = sample
    async with on_an_entry_of_twelve_claims(path) as (app, pilot, gid):
        pane = app.review_screen.detail_pane
        pane.focus()
        await settle(pilot)
        seen = []
        for _ in range(4):
            await pilot.press("pagedown")
            await settle(pilot)
            seen.append(_pointed_claim(app))
            assert seen[-1] == pane.claim_index + 1, (seen, screen_text(app))
        assert seen == sorted(seen) and seen[-1] > 2  # it went down with the pane
        claim = pane.current_claim
        words = claim.text[:30]
        await pilot.press("d")
        await settle(pilot)
        assert words[:20] in said(app), said(app)  # the message quotes the claim seen
        (moved,) = q(path, "SELECT group_id FROM group_members WHERE claim_id = ?", claim.id)
        assert moved[0] != gid
        # back up to the entry's head: the cursor on its first claim again, as on opening
        pane.focus()
        await pilot.press("home")
        await settle(pilot)
        assert pane.claim_index == 0


async def test_the_wheel_moves_the_claim_cursor_too_and_j_goes_on_from_there(sample):
    path, _ids = sample
    async with on_an_entry_of_twelve_claims(path) as (app, pilot, _gid):
        pane = app.review_screen.detail_pane
        for _ in range(12):  # the wheel over the pane, as a terminal sends it
            pane.post_message(events.MouseScrollDown(pane, 5, 5, 0, 1, 0, False, False, False))
            await settle(pilot, 1)
        at = _pointed_claim(app)
        assert at is not None and at == pane.claim_index + 1 and at > 1, screen_text(app)
        await pilot.press("j")
        await settle(pilot)
        assert _pointed_claim(app) == at + 1
