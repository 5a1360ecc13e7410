"""Fuzzing ingest and extraction with hypothesis: random bytes, random HTML and random
Unicode never raise anything but the one-line ``IngestError``, and no input grows any
stage's cost faster than its size (a random unit repeated at two lengths: the time ratio).

CI runs a short budget (40 examples a test). ``WORKBENCH_FUZZ=long`` runs 5,000 a test
(about 6 minutes on a busy 2-core machine):
    WORKBENCH_FUZZ=long .venv/bin/python -m pytest tests/hostile/test_fuzz.py
"""

from __future__ import annotations

import datetime as dt
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.dates import published as docdate
from workbench.dates.expressions import Base, normalise
from workbench.extract.claims import segments
from workbench.ingest import IngestError, find_boilerplate
from workbench.ingest.html_extract import extract_html
from workbench.ingest.readers import _jsonl_article, markdown_to_text, read_html, read_md, read_txt
from workbench.text import safe_text

from .timing import assert_linear

settings.register_profile("hostile-ci", max_examples=40, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("hostile-long", max_examples=5_000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
FUZZ = settings.get_profile("hostile-long" if os.environ.get("WORKBENCH_FUZZ") == "long"
                            else "hostile-ci")
SLOW = settings(FUZZ, max_examples=max(8, FUZZ.max_examples // 10))

TAGS = ["html", "body", "div", "p", "span", "article", "main", "section", "br", "script",
        "style", "nav", "li", "ul", "h1", "title", "meta", "a", "b", "table", "td", "tr"]
_text = st.text(st.characters(codec="utf-8"), max_size=40)
_piece = st.one_of(
    _text,
    st.builds(lambda t, a: f"<{t} {a}>", st.sampled_from(TAGS),
              st.sampled_from(["", 'class="share"', 'charset="undefined"', "hidden",
                               'property="article:published_time" content="2025-06-02"'])),
    st.builds(lambda t: f"</{t}>", st.sampled_from(TAGS)),
    st.sampled_from(["<!--", "-->", "<![CDATA[", "&amp;", "&#0;", "&#x110000;", "<", ">",
                     "<meta charset=\"utf-16\">", "\x00", "\ufeff"]),
)
HTML = st.lists(_piece, max_size=60).map("".join)
UNICODE = st.text(st.characters(codec="utf-8"), max_size=400)
GIVEN = Base(dt.date(2025, 6, 5), "day", "given", 2025)


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes_are_read_or_refused_in_one_line(data):
    for reader in (read_txt, read_md, read_html):
        try:
            article = reader(data, "fuzz")
        except IngestError as exc:
            assert "\n" not in str(exc)
        else:
            assert isinstance(article.text, str) and article.text.strip()
    try:
        _jsonl_article(data.split(b"\n")[0], "fuzz:1", {}, 1)
    except IngestError:
        pass


@FUZZ
@given(HTML)
def test_random_html_is_read_or_refused(markup):
    page = extract_html(markup)
    assert isinstance(page.text, str)
    try:
        read_html(markup.encode("utf-8", "surrogatepass"), "fuzz")
    except IngestError:
        pass


@FUZZ
@given(UNICODE)
def test_random_unicode_goes_through_every_text_stage(text):
    markdown_to_text(text)
    skipped = find_boilerplate(text)
    for start, end in segments(text, [list(r) for r in skipped]):
        assert 0 <= start < end <= len(text) and text[start:end].strip()
    docdate.infer(text, 2025)
    normalise(text, GIVEN, "past")
    shown = safe_text(text)
    assert not any(ch in shown for ch in "\x1b\x9b\u202e\n\r\x07")
    assert len(safe_text(text, keep_offsets=True)) == len(text)


@FUZZ
@given(st.from_regex(r"(?:(?:about|some|over) )?\d{1,9}(?:,\d{3})? (?:days?|weeks?|months?|"
                     r"years?|decades?) (?:ago|later|earlier|from now)", fullmatch=True))
def test_random_relative_dates_are_dates_or_none(expr):
    value = normalise(expr, GIVEN, "past")
    assert value.value is None or 1 <= int(value.value[:4]) <= 9999


@pytest.mark.slow
@SLOW
@given(st.text(st.characters(codec="utf-8"), max_size=600))
def test_random_unicode_is_extracted_without_an_exception(text):
    from workbench.extract.claims import DocumentExtractor
    from workbench.extract.nlp import load_nlp

    for claim in DocumentExtractor(load_nlp(), GIVEN).claims(text, []):
        assert text[claim.char_start:claim.char_end] == claim.text


STAGES = {
    "markdown": markdown_to_text,
    "html": extract_html,
    "boilerplate": find_boilerplate,
    "segments": lambda text: list(segments(text, [list(r) for r in find_boilerplate(text)])),
    "dates": lambda text: docdate.infer(text, 2025),
}


@SLOW
@given(st.text(st.sampled_from("#*_[]()!<>/\\`- \n\tab.,:;\"'=&1"), min_size=1, max_size=8),
       st.sampled_from(sorted(STAGES)))
def test_no_repeated_unit_makes_a_stage_super_linear(unit, stage):
    assert_linear(lambda n: unit * max(1, n // len(unit)), STAGES[stage], 10_000)
