"""Snapshots of the main screen, the help screen and the merge finder at 80x24 and 120x36.

The fixture database has fixed timestamps and ids and the app runs without cursor blink,
so a difference is a real change in what the reviewer sees. After an intended change:
``pytest tests/tui/test_snapshots.py --snapshot-update`` and look at the new SVGs.
"""

from __future__ import annotations

import pytest

from .conftest import make_app, settle

SIZES = [(80, 24), (120, 36)]


def _steps(*keys: str):
    async def run_before(pilot) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_main_screen(snap_compare, sample, size):
    path, _ids = sample
    # on the date-conflict group, so the conflict rendering is in the picture
    assert snap_compare(make_app(path), terminal_size=size, run_before=_steps("down"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help_screen(snap_compare, sample, size):
    path, _ids = sample
    assert snap_compare(make_app(path), terminal_size=size, run_before=_steps("question_mark"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_merge_finder(snap_compare, sample, size):
    path, _ids = sample
    assert snap_compare(make_app(path), terminal_size=size, run_before=_steps("down", "m"))
