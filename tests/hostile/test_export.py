"""Exports escape for their format: CSV cells a spreadsheet would run are neutralised,
Markdown carries no raw HTML, link or terminal escape from an article, warnings on stderr
are shown as text, and a device, FIFO or symbolic link given as --out is never replaced."""

from __future__ import annotations

import csv
import io
import os
import stat
import threading

import pytest
from builders import Builder
from click.testing import CliRunner
from markdown_it import MarkdownIt

from workbench.cli import cli
from workbench.db import connect
from workbench.export import export_chronology

from .inputs import BIDI, OSC52, RAW

IMG = "<img src=x onerror=alert(1)>"
FORMULAS = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+1+cmd|' /C calc'!A0", "-2+3",
            "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]


@pytest.fixture
def evil_path(tmp_path):
    path = tmp_path / "evil.db"
    db = connect(path)
    b = Builder(db)
    for i, formula in enumerate(FORMULAS):
        text = f"{formula} said officials {IMG} on June {i + 2} in Istanbul {OSC52} {BIDI}.\n"
        d = b.document(text, title=f"{formula} {IMG} {OSC52}", path=f"in/{i}{OSC52}.txt",
                       source=formula, published=f"2025-06-{i + 2:02d}")
        db.execute("UPDATE documents SET url = ? WHERE id = ?",
                   [f"https://e.org/{i}){OSC52}[x](javascript:alert(1))", d])
        c = b.claim(d, text.strip(), date=f"2025-06-{i + 2:02d}", date_text=f"June {i + 2}")
        g = b.group([c], title=formula, status="accepted")
        db.execute("UPDATE groups SET note = ? WHERE id = ?", [f"{formula} {IMG}", g])
    b.commit()
    db.conn.close()
    return path


def _export(path, fmt, **options) -> str:
    db = connect(path, create=False)
    try:
        out = io.BytesIO()
        export_chronology(db, fmt, out, **options)
        return out.getvalue().decode("utf-8")
    finally:
        db.conn.close()


@pytest.mark.parametrize("claims", [False, True])
def test_csv_cells_that_would_be_formulas_are_text(evil_path, claims):
    rows = list(csv.reader(io.StringIO(_export(evil_path, "csv", claims=claims), newline="")))
    cells = [cell for row in rows[1:] for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    for formula in FORMULAS[:4]:
        assert "'" + formula in cells  # kept, behind the quote that makes it text
    assert all(row[0].isdigit() for row in rows[1:])  # numbers stay numbers


def test_markdown_has_no_html_link_or_escape_from_an_article(evil_path):
    text = _export(evil_path, "md")
    for ch in RAW:
        assert ch not in text
    html = MarkdownIt("commonmark").render(text)
    assert "<img" not in html and 'href="javascript' not in html
    assert "\x1b" not in html


@pytest.mark.parametrize("fmt,claims", [("html", False), ("csv", False), ("csv", True),
                                         ("timelinejs", False)])
def test_no_terminal_escape_or_bidi_override_from_an_article_in_a_text_export(
        evil_path, fmt, claims):
    # `cat` on the file must neither set the terminal's title nor clear it, and a browser
    # must not reverse what follows
    text = _export(evil_path, fmt, claims=claims)
    for ch in RAW:
        assert ch not in text
    assert "␛]52" in text  # the article's words are there, shown as symbols


def test_html_export_has_no_markup_from_an_article(evil_path):
    page = _export(evil_path, "html")
    assert "<img" not in page and 'href="javascript' not in page


def test_export_warnings_on_stderr_are_text(evil_path):
    result = CliRunner().invoke(cli, ["--db", str(evil_path), "export", "--format", "md",
                                      "-o", "-"])
    assert result.exit_code == 0
    assert "warning:" in result.output
    for ch in RAW:
        assert ch not in result.output
    assert "␛]52" in result.output


def test_a_fifo_as_out_is_written_not_replaced(evil_path, tmp_path):
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = CliRunner().invoke(cli, ["--db", str(evil_path), "export", "--format", "md",
                                      "-o", str(fifo), "--force"])
    reader.join(20)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert got and got[0].startswith(b"# Verified chronology")


def test_a_symlink_as_out_keeps_the_link_and_writes_its_file(evil_path, tmp_path):
    target = tmp_path / "real.md"
    target.write_text("old")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    result = CliRunner().invoke(cli, ["--db", str(evil_path), "export", "-o", str(link),
                                      "--force"])
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text().startswith("# Verified chronology")


@pytest.mark.skipif(os.geteuid() == 0, reason="as root a regression would replace /dev/null")
def test_dev_null_stays_a_device(evil_path):
    result = CliRunner().invoke(cli, ["--db", str(evil_path), "export", "-o", "/dev/null",
                                      "--force"])
    assert result.exit_code == 0
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
