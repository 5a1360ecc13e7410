"""The HTML export in a real headless Chromium, when one is installed (see clients.py)."""

from __future__ import annotations

import html
import io
import json
import re
import subprocess
from pathlib import Path

import pytest

from workbench.export import export_chronology
from workbench.export.reader import load_chronology


def _chromium(chromium, tmp_path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    return subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={profile}", *args],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_every_event_and_citation_renders(chromium, review_db, tmp_path):
    page = tmp_path / "chronology.html"
    export_chronology(review_db, "html", page)
    done = _chromium(chromium, tmp_path, "--dump-dom", page.as_uri())
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
def test_screenshot(chromium, review_db, tmp_path, size):
    page = tmp_path / "chronology.html"
    export_chronology(review_db, "html", page)
    shot = tmp_path / "shot.png"
    done = _chromium(chromium, tmp_path, f"--screenshot={shot}", f"--window-size={size}",
                     page.as_uri())  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert f"{width},{height}" == size


HARNESS = """<!DOCTYPE html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="{dist}/css/timeline.css">
<script src="{dist}/js/timeline.js"></script></head>
<body><div id="timeline-embed" style="width:1000px;height:700px"></div><pre id="log"></pre>
<script>
var errors = [];
window.onerror = function (m) {{ errors.push(String(m)); }};
var tl = new TL.Timeline("timeline-embed", {data});
setTimeout(function () {{
  document.getElementById("log").textContent = "RESULT " + JSON.stringify({{
    markers: document.querySelectorAll(".tl-timemarker").length,
    dates: Array.from(document.querySelectorAll(".tl-headline-date")).map(e => e.textContent),
    configErrors: tl.config ? tl.config.messages.errors : ["no config"],
    errors: errors
  }});
}}, 3000);
</script></body></html>"""


def test_timelinejs_loads_the_export(chromium, timelinejs_dist, review_db, tmp_path):
    out = io.BytesIO()
    export_chronology(review_db, "timelinejs", out)
    page = tmp_path / "harness.html"
    dist = Path(timelinejs_dist).resolve().as_uri()
    page.write_text(HARNESS.format(dist=dist, data=out.getvalue().decode("utf-8")))
    done = _chromium(chromium, tmp_path, "--allow-file-access-from-files",
                     "--virtual-time-budget=10000", "--dump-dom", page.as_uri())  # fmt: skip
    match = re.search(r"RESULT (\{.*?\})</pre>", done.stdout)
    assert match, done.stdout[-2000:]
    result = json.loads(html.unescape(match.group(1)))
    assert result["configErrors"] == [] and result["errors"] == []
    dated = [e for e in load_chronology(review_db).events if e.date]
    assert result["markers"] == len(dated)
    # The title slide has no date; then ours, in our wording. TimelineJS orders slides by
    # where each date starts, so a month-only date comes before the days inside it (our
    # own exports put it after them: see model.order_key).
    by_start = sorted(dated, key=lambda e: e.date.iso)
    assert result["dates"] == [""] + [e.display_date for e in by_start]
