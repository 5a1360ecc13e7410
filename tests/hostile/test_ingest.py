"""Ingest: one bad file never stops the others, sizes are checked before reading, nothing
but a regular file is read, and every parser is linear in the size of its input."""

from __future__ import annotations

import os
import threading

import pytest

from workbench.db import connect
from workbench.ingest import ingest_paths
from workbench.ingest.html_extract import extract_html
from workbench.ingest.readers import markdown_to_text, read_html

from .inputs import emphasis_bomb, nested_html, story, stray_close_html
from .timing import assert_linear

ARTICLE = ("<html><head><meta charset=\"{charset}\"><title>Talks</title></head><body>"
           "<article><p>Officials said on June 2, 2025 that the talks in Istanbul had ended "
           "after an hour. Caf\xe9 owners nearby closed early.</p></article></body></html>")


@pytest.mark.parametrize("charset", ["undefined", "idna", "punycode", "rot13", "base64",
                                     "utf-16", "utf-32", "no-such-charset", "x-user-defined"])
def test_an_unknown_or_unusable_charset_is_a_one_line_error_or_read(charset):
    data = ARTICLE.format(charset=charset).encode("latin-1")
    from workbench.ingest import IngestError

    try:
        article = read_html(data, "page.html")
    except IngestError as exc:
        assert "UTF-8" in str(exc)
    else:
        assert "Istanbul" in article.text


def test_a_page_with_charset_undefined_does_not_stop_the_folder(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.html").write_bytes(ARTICLE.format(charset="undefined").encode("latin-1"))
    (folder / "b.txt").write_text(story())
    (folder / "c.md").write_text("# Talks\n\n" + story())
    db = connect(tmp_path / "w.db")
    report = ingest_paths(db, [folder])
    assert report.added == 2 and report.failed == 1
    assert report.errors[0].startswith(str(folder / "a.html"))
    db.conn.close()


def test_an_unexpected_failure_is_one_file_s_error(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.html").write_text("<html><body><article><p>x</p></article></body></html>")
    (folder / "b.txt").write_text(story())

    def broken(markup):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr("workbench.ingest.readers.extract_html", broken)
    db = connect(tmp_path / "w.db")
    report = ingest_paths(db, [folder])
    assert report.added == 1 and report.failed == 1
    assert "could not be read (RecursionError" in report.errors[0]
    db.conn.close()


def _html_text(markup):
    return extract_html(markup).text


def test_deeply_nested_main_and_article_are_linear():
    # 10,000 nested <main> took 113 s
    for tag in ("main", "article", "div"):
        assert_linear(lambda n, tag=tag: nested_html(n, tag), _html_text, 2_500)
    assert "talks in Istanbul" in _html_text(nested_html(10_000, "main"))


@pytest.mark.parametrize("unit", ["<b", "</b", "<a b=", "<x y='", "<!--", "<p>a"])
def test_unclosed_tags_are_linear(unit):
    # found by the fuzzer: 20,000 "<b" took 2.8 s, 80,000 "<a b=" minutes (html.parser
    # rescans from every unclosed "<" to the end of the page)
    assert_linear(lambda n: unit * n, _html_text, 20_000 // len(unit), repeat=2)


def test_a_stray_end_tag_under_many_divs_is_linear():
    assert_linear(stray_close_html, _html_text, 10_000)
    closes = lambda n: "<html><body>" + "<div>" * n + "</span></p>" * n + "<p>x</p>"  # noqa: E731
    assert_linear(closes, _html_text, 2_000)


@pytest.mark.parametrize("unit", ["**a ", "__a ", "[a](", "![", "![a](", "*a ", "[", "# #"])
def test_markdown_markup_stripping_is_linear(unit):
    # 25,000 "**a " took 75 s and 1.45 GB
    assert_linear(lambda n: unit * n, markdown_to_text, 100_000)


def test_an_emphasis_bomb_is_ingested(tmp_path):
    (tmp_path / "bomb.md").write_text(emphasis_bomb(25_000))
    db = connect(tmp_path / "w.db")
    report = ingest_paths(db, [tmp_path / "bomb.md"])
    assert report.added == 1
    db.conn.close()


def test_a_huge_sidecar_is_refused_without_being_read(tmp_path):
    import tracemalloc

    (tmp_path / "a.txt").write_text(story())
    with open(tmp_path / "a.meta.json", "wb") as f:
        f.truncate(200 * 1024 ** 2)  # 200 MB, sparse (a 1 GB one was read whole: 1.1 GB RSS)
    db = connect(tmp_path / "w.db")
    tracemalloc.start()
    try:
        report = ingest_paths(db, [tmp_path / "a.txt"])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert report.failed == 1 and "a.meta.json is larger than 1 MB" in report.errors[0]
    assert peak < 20 * 1024 ** 2
    db.conn.close()


def _with_timeout(fn, seconds=20):
    done = []
    thread = threading.Thread(target=lambda: done.append(fn()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert done, "blocked"
    return done[0]


def test_a_fifo_named_like_a_sidecar_is_an_error_not_a_wait(tmp_path):
    (tmp_path / "a.txt").write_text(story())
    os.mkfifo(tmp_path / "a.meta.json")
    db = connect(tmp_path / "w.db")
    report = _with_timeout(lambda: ingest_paths(db, [tmp_path / "a.txt"]))
    assert report.failed == 1 and "not a regular file" in report.errors[0]
    db.conn.close()


def test_a_fifo_named_like_an_article_is_never_read(tmp_path):
    os.mkfifo(tmp_path / "b.txt")
    (tmp_path / "c.txt").write_text(story())
    db = connect(tmp_path / "w.db")
    in_folder = _with_timeout(lambda: ingest_paths(db, [tmp_path]))
    assert in_folder.added == 1
    named = _with_timeout(lambda: ingest_paths(db, [tmp_path / "b.txt"]))
    assert named.failed == 1 and "not a regular file" in named.errors[0]
    db.conn.close()
