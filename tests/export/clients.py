"""The real programs some export tests hand our output to: Chromium, pandoc, TimelineJS.

None is a project dependency. Where one is missing its tests skip with the reason, so
`make test` works anywhere; CI installs all three (.ci/run) and sets
WORKBENCH_REQUIRE_CLIENTS=1, which turns those skips into failures so a missing client
cannot pass there unnoticed. The fixtures in conftest.py are the only callers.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REQUIRE = "WORKBENCH_REQUIRE_CLIENTS"


def require(found: str | None, reason: str) -> str:
    """`found`, or a skip with `reason` (a failure when WORKBENCH_REQUIRE_CLIENTS is set)."""
    if found:
        return found
    if os.environ.get(REQUIRE, "") not in ("", "0"):
        pytest.fail(f"{reason}, and {REQUIRE} is set", pytrace=False)
    pytest.skip(reason)


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    return require(found, "no chromium on this machine")


def pandoc() -> str:
    return require(shutil.which("pandoc"), "no pandoc on this machine")


def timelinejs_dist() -> str:
    """dist/ of the npm package @knight-lab/timelinejs (``npm install
    @knight-lab/timelinejs`` somewhere, then TIMELINEJS_DIST=…/node_modules/@knight-lab/
    timelinejs/dist; .ci/run does this)."""
    dist = os.environ.get("TIMELINEJS_DIST", "")
    if not dist:
        return require(None, "set TIMELINEJS_DIST to run TimelineJS itself")
    found = (Path(dist) / "js" / "timeline.js").is_file()
    return require(dist if found else None, f"TIMELINEJS_DIST={dist} has no js/timeline.js")
