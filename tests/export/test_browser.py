"""The HTML export in a real headless Chromium, when one is installed (skipped otherwise)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from workbench.export import export_chronology
from workbench.export.model import load_chronology

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium on this machine")


def _chromium(tmp_path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={profile}", *args],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_every_event_and_citation_renders(review_db, tmp_path):
    page = tmp_path / "chronology.html"
    export_chronology(review_db, "html", page)
    done = _chromium(tmp_path, "--dump-dom", page.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    chronology = load_chronology(review_db)
    assert re.findall(r'<li class="event" id="(event-\d+)"', dom) == [
        e.anchor for e in chronology.events
    ]
    assert len(re.findall(r'<li id="cite-\d+"', dom)) == len(chronology.citations)
    assert dom.count("⚠ Unresolved conflict") == 1
    assert "<script" not in dom


@pytest.mark.parametrize("size", ["1200,1600", "390,2000"])
def test_screenshot(review_db, tmp_path, size):
    page = tmp_path / "chronology.html"
    export_chronology(review_db, "html", page)
    shot = tmp_path / "shot.png"
    done = _chromium(tmp_path, f"--screenshot={shot}", f"--window-size={size}", page.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert f"{width},{height}" == size
