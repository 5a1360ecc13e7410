"""The Markdown footnotes number the same way on GitHub, in pandoc and in our other formats."""

from __future__ import annotations

import io
import re
import subprocess

import pytest

from workbench.export import export_chronology
from workbench.export.reader import load_chronology


def _md(db) -> str:
    out = io.BytesIO()
    export_chronology(db, "md", out)
    return out.getvalue().decode("utf-8")


def test_each_footnote_is_referenced_once_in_ascending_order(review_db):
    # Renderers number notes by first reference (GitHub) or make one per reference
    # (pandoc); one reference each, in order, keeps their numbers equal to ours.
    text = _md(review_db)
    body, _, notes = text.partition("\n[^1]: ")
    references = [int(n) for n in re.findall(r"\[\^(\d+)\](?!:)", body)]
    total = len(load_chronology(review_db).citations)
    assert references == list(range(1, total + 1))
    definitions = [int(n) for n in re.findall(r"^\[\^(\d+)\]: ", "[^1]: " + notes, re.M)]
    assert definitions == list(range(1, total + 1))


@pytest.mark.parametrize("reader", ["markdown", "gfm"])
def test_pandoc_renders_every_footnote_and_no_markup_from_the_data(pandoc, review_db, reader):
    done = subprocess.run(
        [pandoc, "-f", reader, "-t", "html"],
        input=_md(review_db), capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    html = done.stdout
    assert done.stderr == ""  # e.g. no "citeproc: citation StratcomCentre not found"
    total = len(load_chronology(review_db).citations)
    assert len(re.findall(r'<li id="fn\d+"', html)) == total
    # the reviewer's note is shown as written, not as HTML, maths or a citation
    assert "&lt;b&gt;not&lt;/b&gt; June 2 &amp; calls them *direct*; ask\n@StratcomCentre" in html
    assert "$100_000 `quote`." in html
