"""The TUI starts on a database whose every text is hostile and shows that text inert:
markup is not parsed (no MarkupError, no clickable action), escapes never reach the screen."""

from __future__ import annotations

from rich.text import Text
from tui.conftest import make_app, settle

from .inputs import MARKUP_TITLE, RAW

SIZE = (120, 36)


def _screen_text(app) -> str:
    return app.export_screenshot()


def _no_raw(text: str) -> None:
    for ch in RAW:
        assert ch not in text, f"{ch!r} reached the terminal"


async def test_markup_in_titles_and_claims_is_text(hostile_db):
    path, ids = hostile_db
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.review_screen
        assert screen is not None and app.is_running
        table = screen.queue
        titles = {}
        for gid in ids.values():
            cell = table.get_cell(str(gid), "title")
            assert isinstance(cell, Text)
            assert not any("@click" in str(span.style) for span in cell.spans)
            titles[gid] = cell.plain
        assert titles[ids["markup"]] == MARKUP_TITLE
        screen.reload(ids["markup"])
        await settle(pilot)
        shown = _screen_text(app)
        assert "[@click=app.quit]delegates[/]" in shown.replace("&#160;", " ")
        _no_raw(shown)
        # the source view of the claim, its title and path
        await pilot.press("o")
        await settle(pilot)
        _no_raw(_screen_text(app))
        assert "[@click=app.quit]" in _screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert app.is_running


async def test_a_click_action_in_a_title_does_nothing(hostile_db):
    path, ids = hostile_db
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # click on the title cell of every row: [@click=app.quit] must stay words
        for row in range(2):
            await pilot.click("QueueTable", offset=(30, 1 + row))
            await settle(pilot)
        assert app.is_running and app.return_code is None


async def test_escapes_are_shown_not_sent(hostile_db):
    path, ids = hostile_db
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.review_screen.reload(ids["escapes"])
        await settle(pilot)
        shown = _screen_text(app)
        _no_raw(shown)
        assert "␛]52;c;" in shown  # visible, so the reviewer sees the article is odd
        assert "&lt;U+202E&gt;" in shown or "<U+202E>" in shown
        await pilot.press("r")  # the resolve dialog lists the hostile values
        await settle(pilot)
        _no_raw(_screen_text(app))
        await pilot.press("escape")
        await pilot.press("o")
        await settle(pilot)
        _no_raw(_screen_text(app))


async def test_markup_typed_into_search_is_searched_for(hostile_db):
    path, ids = hostile_db
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        for key in ["left_square_bracket", "slash"]:
            await pilot.press(key)
            await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.is_running
        assert app.review_screen.flt.search == "[/"
        assert "[/" in _screen_text(app)  # the filter line shows the words typed
