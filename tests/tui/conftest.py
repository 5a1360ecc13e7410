"""Fixtures for the app tests: a deterministic sample database and an isolated config."""

from __future__ import annotations

import asyncio
import inspect

import pytest
from builders import sample_database

from workbench.review.config import Config


@pytest.fixture(autouse=True)
def isolated_config(tmp_path, monkeypatch):
    # Never read the developer's own ~/.config/workbench/config.toml in tests.
    monkeypatch.setenv("WORKBENCH_CONFIG", str(tmp_path / "no-config.toml"))
    monkeypatch.setenv("USER", "tester")


@pytest.fixture
def seeds(seed_db_path, tmp_path):
    """A copy of the database built from seeds/, for a test to change."""
    import shutil

    path = tmp_path / "seeds.db"
    shutil.copyfile(seed_db_path, path)
    return path


@pytest.fixture
def sample(tmp_path):
    path = tmp_path / "review.db"
    ids = sample_database(path)
    return path, ids


def make_app(path, keys=None, poll=60.0):
    from workbench.tui.app import WorkbenchApp

    return WorkbenchApp(
        path,
        config=Config(reviewer="tester", keys=keys or {}),
        cursor_blink=False,
        poll_interval=poll,
    )


def screen_text(app) -> str:
    """The terminal as the reviewer sees it, one line a row, a dialog over the screen
    below it: text cut off by a dialog's edge or its height is not in it."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def settle(pilot, rounds: int = 4) -> None:
    """Let thread workers finish and their call_from_thread callbacks run."""
    from textual.worker import WorkerCancelled

    for _ in range(rounds):
        try:
            await pilot.app.workers.wait_for_complete()
        except WorkerCancelled:
            pass  # an exclusive worker replaced by a newer one: expected while paging
        await pilot.pause()


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    """Run ``async def`` tests in a fresh event loop (no asyncio plugin needed)."""
    if inspect.iscoroutinefunction(pyfuncitem.obj):
        args = {name: pyfuncitem.funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}
        asyncio.run(pyfuncitem.obj(**args))
        return True
    return None
