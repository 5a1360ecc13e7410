"""Tests that need Chromium, pandoc or TimelineJS skip without them, with the reason, and
fail instead when WORKBENCH_REQUIRE_CLIENTS is set (as CI does, so none is skipped there)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from . import clients

HERE = Path(__file__).resolve().parent


@pytest.fixture
def bare_path(tmp_path, monkeypatch) -> Path:
    """A PATH with nothing on it, and no TimelineJS: a machine without any client."""
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.delenv("TIMELINEJS_DIST", raising=False)
    return empty


MISSING = [
    (clients.chromium, "no chromium on this machine"),
    (clients.pandoc, "no pandoc on this machine"),
    (clients.timelinejs_dist, "set TIMELINEJS_DIST to run TimelineJS itself"),
]


@pytest.mark.parametrize("value", [None, "", "0"])
@pytest.mark.parametrize("find, reason", MISSING)
def test_a_missing_client_skips_with_its_reason(bare_path, monkeypatch, find, reason, value):
    if value is None:
        monkeypatch.delenv(clients.REQUIRE, raising=False)
    else:
        monkeypatch.setenv(clients.REQUIRE, value)
    with pytest.raises(pytest.skip.Exception, match=f"^{reason}$"):
        find()


@pytest.mark.parametrize("find, reason", MISSING)
def test_a_missing_client_fails_when_clients_are_required(bare_path, monkeypatch, find, reason):
    monkeypatch.setenv(clients.REQUIRE, "1")
    with pytest.raises(pytest.fail.Exception) as failed:
        find()
    assert str(failed.value) == f"{reason}, and WORKBENCH_REQUIRE_CLIENTS is set"


@pytest.mark.parametrize("name, find", [("chromium", clients.chromium),
                                        ("chromium-browser", clients.chromium),
                                        ("pandoc", clients.pandoc)])  # fmt: skip
def test_a_client_on_the_path_is_found(bare_path, monkeypatch, name, find):
    monkeypatch.setenv(clients.REQUIRE, "1")
    program = bare_path / name
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    assert find() == str(program)


def test_timelinejs_dist_must_hold_timeline_js(bare_path, monkeypatch, tmp_path):
    dist = tmp_path / "dist"
    (dist / "js").mkdir(parents=True)
    monkeypatch.setenv("TIMELINEJS_DIST", str(dist))
    monkeypatch.delenv(clients.REQUIRE, raising=False)
    with pytest.raises(pytest.skip.Exception, match="has no js/timeline.js"):
        clients.timelinejs_dist()
    monkeypatch.setenv(clients.REQUIRE, "1")
    with pytest.raises(pytest.fail.Exception, match=f"^TIMELINEJS_DIST={dist} has no js/"):
        clients.timelinejs_dist()
    (dist / "js" / "timeline.js").write_text("")
    assert clients.timelinejs_dist() == str(dist)


@pytest.mark.parametrize("require, code, outcome", [(None, 0, "2 skipped"),
                                                    ("1", 1, "2 errors")])  # fmt: skip
def test_the_pandoc_tests_in_a_run_without_pandoc(bare_path, require, code, outcome):
    """The whole way: a pytest run without pandoc passes skipping them, or fails (CI)."""
    env = {k: v for k, v in os.environ.items() if k != clients.REQUIRE}
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"  # textual's snapshot plugin is 5 s of start-up
    if require:
        env[clients.REQUIRE] = require
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider",
         str(HERE / "test_markdown.py"), "-k", "pandoc"],
        env=env, cwd=HERE.parents[1], capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == code, done.stdout[-2000:]
    assert "no pandoc on this machine" in done.stdout
    assert outcome in done.stdout.splitlines()[-1]
