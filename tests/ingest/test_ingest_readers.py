from __future__ import annotations

import codecs
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.ingest import IngestError
from workbench.ingest.html_extract import extract_html
from workbench.ingest.metadata import (
    Metadata,
    from_mapping,
    read_sidecar,
    sidecar_path,
    split_front_matter,
)
from workbench.ingest.readers import (
    LineProblem,
    decode,
    markdown_to_text,
    read_html,
    read_jsonl,
    read_md,
    read_txt,
)

# --- published dates ---------------------------------------------------------------------


# --- metadata sources --------------------------------------------------------------------


def test_front_matter_simple_key_values():
    text = (
        "---\n"
        'title: "Swap agreed: what we know"\n'
        "source: Example News  # the outlet\n"
        "published: 2025-06-02\n"
        "tags:\n  - war\n"
        "---\n"
        "Body line.\n"
    )
    front, body = split_front_matter(text)
    assert front["title"] == "Swap agreed: what we know"
    assert front["source"] == "Example News"
    assert front["published"] == "2025-06-02"
    assert "  - war" not in front.values()
    assert body == "Body line.\n"


def test_text_without_closed_front_matter_is_all_body():
    text = "---\ntitle: never closed\nBody.\n"
    assert split_front_matter(text) == ({}, text)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_split_front_matter_never_raises_and_body_is_a_suffix(text):
    front, body = split_front_matter(text)
    assert text.endswith(body)
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in front.items())


def test_from_mapping_types_and_aliases():
    meta = from_mapping({"id": 7, "headline": "T", "link": "u", "date": "2025"}, "sidecar x")
    assert meta == Metadata(
        external_id="7", title="T", url="u", published="2025", published_origin="sidecar x"
    )
    with pytest.raises(IngestError, match="'title' must be a string"):
        from_mapping({"title": ["a"]}, "x")
    with pytest.raises(IngestError, match="'id' must be a string, not a boolean"):
        from_mapping({"id": True}, "x")


def test_metadata_over_prefers_self_and_fills_gaps():
    sidecar = Metadata(title="From sidecar")
    embedded = Metadata(title="Embedded", url="u", published="2025", published_origin="html")
    merged = sidecar.over(embedded)
    assert (merged.title, merged.url, merged.published, merged.published_origin) == (
        "From sidecar",
        "u",
        "2025",
        "html",
    )


def test_sidecar_path():
    assert sidecar_path(Path("dir/a.txt")) == Path("dir/a.meta.json")
    assert sidecar_path(Path("dir/a.b.html")) == Path("dir/a.b.meta.json")


def test_a_sidecar_named_with_the_articles_extension_is_read(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Talks in Istanbul ended on Monday.\n", encoding="utf-8")
    (tmp_path / "a.txt.meta.json").write_text('{"published": "2025-06-02"}', encoding="utf-8")
    assert sidecar_path(article) == tmp_path / "a.txt.meta.json"
    assert read_sidecar(article).published == "2025-06-02"
    (tmp_path / "a.meta.json").write_text('{"published": "2025-06-03"}', encoding="utf-8")
    assert read_sidecar(article).published == "2025-06-03"  # the documented name first


# --- decoding ----------------------------------------------------------------------------


def test_decode_drops_bom_and_normalises_line_ends():
    assert decode(b"\xef\xbb\xbfone\r\ntwo\rthree\n") == "one\ntwo\nthree\n"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_text_saved_as_utf16_or_32_with_its_byte_order_mark_is_read(encoding):
    # Windows Notepad's "Unicode" is UTF-16 with a BOM: it was refused as a binary file
    text = "Talks in Istanbul ended on June 2.\r\nCafé owners said so.\n"
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    assert decode(data) == "Talks in Istanbul ended on June 2.\nCafé owners said so.\n"


def test_a_utf16_mark_before_one_byte_text_is_refused_as_such():
    """A tester's file began FF FE and went on in plain ASCII: read as UTF-16 it was a
    page of CJK signs, and the only word was "every line looks like page furniture"."""
    data = codecs.BOM_UTF16_LE + b"On June 8, 2025 the bridge reopened.\n"
    with pytest.raises(IngestError, match="starts with a UTF-16 byte order mark, but what "
                                          "follows is one-byte text"):
        decode(data)
    # Chinese in UTF-16 has no NUL byte either, and is still read as UTF-16
    assert decode(codecs.BOM_UTF16_LE + "北京会谈".encode("utf-16-le")) == "北京会谈"


def test_a_broken_utf16_file_is_refused_as_such():
    with pytest.raises(IngestError, match="not valid UTF-16"):
        decode(codecs.BOM_UTF16_LE + b"\x00\xd8a")  # a lone high surrogate


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PNG\x00\x00data", "binary file"),
        (b"caf\xe9 au lait", "not valid UTF-8 (byte 0xE9 at offset 3)"),
    ],
)
def test_decode_refuses_binary_and_non_utf8(data, message):
    with pytest.raises(IngestError, match=message.replace("(", r"\(").replace(")", r"\)")):
        decode(data)


def test_html_declared_charset_is_used_when_utf8_fails():
    page = b'<meta charset="windows-1252"><article><p>Caf\xe9 owners protested.</p></article>'
    assert read_html(page, "p.html").text == "Café owners protested."


# --- formats -----------------------------------------------------------------------------


def test_txt_keeps_text_exactly():
    data = "Headline Here\n\n  Indented   spacing stays.  \n".encode()
    article = read_txt(data, "a.txt")
    assert article.text == "Headline Here\n\n  Indented   spacing stays.  \n"
    assert article.format == "txt" and article.guess_title


def test_a_txt_opening_with_a_metadata_block_is_read_as_front_matter():
    # a tester's .txt began "---\npublished: 2025-06-05\n---": it was cited as the
    # article's first words, its title was "---" and its date a guess
    article = read_txt(b"---\npublished: 2025-06-05\nsource: Wire\n---\nTalks ended.\n", "a.txt")
    assert (article.meta.published, article.meta.source) == ("2025-06-05", "Wire")
    assert article.meta.published_origin == "front matter"
    assert article.text == "Talks ended.\n" and article.guess_title
    # a block with a key no metadata has is the article's own text, kept as written
    text = "---\nRound one: Istanbul\n---\nTalks ended.\n"
    article = read_txt(text.encode(), "b.txt")
    assert article.text == text and article.meta.published is None


def test_md_front_matter_title_and_markup_removed():
    data = (
        "---\ntitle: Given title\npublished: 2025-06-02\n---\n"
        "# A heading\n\nTalks [in Istanbul](https://x.org/a_(b)) ended **without** a *truce*.\n"
        "![photo](p.jpg)\n"
    ).encode()
    article = read_md(data, "a.md")
    assert article.meta.title == "Given title"
    assert article.meta.published == "2025-06-02"
    assert article.meta.published_origin == "front matter"
    assert article.text == "A heading\n\nTalks in Istanbul ended without a truce.\n\n"


def test_md_heading_is_title_without_front_matter():
    article = read_md(b"# Ceasefire talks stall\n\nThe talks stalled on Monday.\n", "a.md")
    assert article.meta.title == "Ceasefire talks stall"
    assert article.text.startswith("Ceasefire talks stall\n")


def test_markdown_keeps_underscores_inside_words():
    assert markdown_to_text("snake_case_name and 2*3*4") == "snake_case_name and 2*3*4"


REALISTIC_PAGE = """<!doctype html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Prisoner swap agreed | Daily Example</title>
<meta property="og:title" content="Russia and Ukraine agree new prisoner swap">
<meta property="og:site_name" content="Daily Example">
<meta property="article:published_time" content="2025-06-02T18:30:00+03:00">
<link rel="canonical" href="https://example.org/news/swap">
<style>body { font-family: serif }</style>
<script>window.dataLayer = [{"page": "article"}]; function track(){}</script>
</head><body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header"><nav><ul><li><a href="/">Home</a></li>
<li><a href="/world">World</a></li></ul></nav></header>
<div class="ticker">Breaking: markets fall</div>
<main id="main">
<article class="post">
  <h1>Russia and Ukraine agree new prisoner swap</h1>
  <div class="share-buttons"><a>Share on Facebook</a> <a>Tweet</a></div>
  <p>Russia and Ukraine agreed on Monday to exchange more prisoners of war
     after talks in Istanbul lasting just over an hour.</p>
  <p>The delegations also agreed to return the bodies of 6,000 soldiers, Ukraine&#39;s
     defence minister said.<br>He called it &ldquo;a step&rdquo;.
  <figure><img src="x.jpg"><figcaption>Delegates in Istanbul. Photo: Agency</figcaption></figure>
  <p>No ceasefire was agreed.
  <aside class="related"><h3>Related</h3><ul><li><a>Earlier talks collapse</a></li></ul></aside>
  <section id="comments" class="comments"><h3>3 Comments</h3><p>Great article!</p></section>
  <div class="social-share"><button>Copy link</button><a>WhatsApp</a></div>
</article>
</main>
<aside class="sidebar"><p>Most read stories of the week in one long paragraph.</p></aside>
<footer><p>&copy; 2025 Daily Example. All rights reserved.</p></footer>
<script>track();</script>
</body></html>
"""


def test_html_realistic_page_gives_only_the_article_paragraphs():
    article = read_html(REALISTIC_PAGE.encode(), "page.html")
    assert article.text == (
        "Russia and Ukraine agree new prisoner swap\n\n"
        "Russia and Ukraine agreed on Monday to exchange more prisoners of war after talks in "
        "Istanbul lasting just over an hour.\n\n"
        "The delegations also agreed to return the bodies of 6,000 soldiers, Ukraine's defence "
        "minister said.\nHe called it “a step”.\n\n"
        "No ceasefire was agreed."
    )
    meta = article.meta
    assert meta.title == "Russia and Ukraine agree new prisoner swap"
    assert meta.source == "Daily Example"
    assert meta.url == "https://example.org/news/swap"
    assert meta.published == "2025-06-02T18:30:00+03:00"
    assert meta.published_origin == "html meta article:published_time"


def test_html_without_article_or_main_takes_the_densest_block():
    page = (
        "<html><body><div class='menu'><p>Home</p><p>World</p></div>"
        "<div id='x'><p>First paragraph of the story, long enough to count.</p>"
        "<p>Second paragraph of the story.</p></div>"
        "<div><p>Short.</p></div></body></html>"
    )
    assert extract_html(page).text == (
        "First paragraph of the story, long enough to count.\n\nSecond paragraph of the story."
    )


def test_html_opening_paragraph_outside_the_densest_block_is_kept():
    """An unclosed <p> before a <div> (tag soup a tester saved) left the opening sentence,
    the one that dates the story, outside the block chosen as the body: it was dropped
    without a word."""
    page = ("<html><body><p>On May 5, 2025 the <div>council <p>voted &amp; &bogus; "
            "<script>alert(1)</script> to close the <i>bridge")
    assert extract_html(page).text == (
        "On May 5, 2025 the\n\ncouncil\n\nvoted & &bogus; to close the bridge")


def test_html_json_ld_date_and_headline():
    page = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "H", '
        '"datePublished": "2025-06-02", "publisher": {"name": "Pub"}}</script>'
        "<article><p>Body.</p></article>"
    )
    article = read_html(page.encode(), "p.html")
    assert (article.meta.title, article.meta.published, article.meta.source) == (
        "H",
        "2025-06-02",
        "Pub",
    )


def test_html_scripts_only_is_an_error():
    page = (
        b"<html><head><script>var a = 1;</script></head><body><script>go()</script></body></html>"
    )
    with pytest.raises(IngestError, match="no article text"):
        read_html(page, "p.html")


def test_html_deeply_nested_does_not_overflow():
    page = "<div>" * 5000 + "<p>Deep text survives.</p>" + "</div>" * 5000
    assert extract_html(page).text == "Deep text survives."


def _jsonl(tmp_path: Path, lines: list[str]) -> list:
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return list(read_jsonl(path, "batch.jsonl"))


def test_jsonl_good_and_bad_lines(tmp_path):
    items = _jsonl(
        tmp_path,
        [
            json.dumps(
                {"text": "First article.", "id": "a1", "title": "One", "published": "2025-06"}
            ),
            "{not json",
            "",
            json.dumps({"title": "no text"}),
            json.dumps({"text": 5}),
            json.dumps({"text": "Typed badly.", "url": 3}),
            json.dumps(["text"]),
            json.dumps({"text": "Second article.", "id": "a1"}),
            json.dumps({"text": "Third article.", "id": 2, "source": "Wire"}),
        ],
    )
    problems = {p.line: p.message for p in items if isinstance(p, LineProblem)}
    articles = [a for a in items if not isinstance(a, LineProblem)]
    assert [a.where for a in articles] == ["batch.jsonl:1", "batch.jsonl:9"]
    assert articles[0].meta.external_id == "a1" and articles[0].meta.title == "One"
    assert articles[1].meta.external_id == "2" and articles[1].meta.source == "Wire"
    assert problems[2].startswith("malformed JSON")
    # Python's own message ends "starting at": said once ("starting at at column 10")
    (cut,) = _jsonl(tmp_path, ['{"text": "broken'])
    assert cut.message == "malformed JSON (Unterminated string starting at column 10)"
    assert problems[4] == "missing field 'text'"
    assert problems[5] == "field 'text' must be a string"
    assert problems[6] == "field 'url' must be a string, not a number"
    assert "object" in problems[7]
    assert problems[8] == "duplicate id 'a1' (first used on line 1)"
    assert set(problems) == {2, 4, 5, 6, 7, 8}


def test_jsonl_over_long_line_is_skipped_with_bounded_reads(tmp_path, monkeypatch):
    monkeypatch.setattr("workbench.ingest.readers.MAX_DOCUMENT_BYTES", 100)
    path = tmp_path / "big.jsonl"
    path.write_text(
        json.dumps({"text": "x" * 500}) + "\n" + json.dumps({"text": "small"}) + "\n",
        encoding="utf-8",
    )
    items = list(read_jsonl(path, "big.jsonl"))
    assert isinstance(items[0], LineProblem) and "longer than" in items[0].message
    assert items[1].text == "small" and items[1].where == "big.jsonl:2"


# --- readers are total: any bytes give an article or IngestError -------------------------

ANY_BYTES = st.one_of(
    st.binary(max_size=400),
    st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.sampled_from([b"\xef\xbb\xbf", b"---\n---\n", b"<p>", b"{}", b'{"text": "\\ud800"}']),
)


@settings(max_examples=300, deadline=None)
@given(ANY_BYTES)
def test_single_document_readers_raise_only_ingest_error(data):
    for reader in (read_txt, read_md, read_html):
        try:
            article = reader(data, "x")
        except IngestError as exc:
            assert str(exc) and "\n" not in str(exc)
            continue
        assert isinstance(article.text, str) and article.text.strip()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ANY_BYTES, max_size=6))
def test_jsonl_reader_raises_only_ingest_error(lines):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.jsonl"
        path.write_bytes(b"\n".join(lines))
        try:
            items = list(read_jsonl(path, "x.jsonl"))
        except IngestError as exc:
            assert str(exc) and "\n" not in str(exc)
            return
        for item in items:
            if isinstance(item, LineProblem):
                assert item.line >= 1 and "\n" not in item.message
            else:
                assert item.text.strip()


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>/=\"' abpdivscrtyle&;#x0-9\n!")), max_size=300))
def test_html_extraction_never_raises_on_tag_soup(markup):
    assert isinstance(extract_html(markup).text, str)


WORDPRESS_PAGE = """<html><head><title>Swap | Blog</title></head><body>
<div id="page"><div class="site-branding"><p class="site-title">My Blog</p></div>
<div id="primary" class="content-area"><div class="entry-content">
<p>The first group of prisoners crossed the border on Tuesday morning.</p>
<div class="sharedaddy sd-sharing-enabled"><h3>Share this:</h3><ul><li>Twitter</li></ul></div>
<p>Families waited for hours at the checkpoint, officials said.</p>
<div class="jp-relatedposts"><p>Related posts about the war that are long enough.</p></div>
</div>
<div id="comments" class="comments-area"><ol class="comment-list">
<li><article class="comment-body"><p>First comment with a long opinion about the swap and more.</p>
</article></li></ol></div>
</div></div>
<div id="secondary" class="widget-area"><p>Recent posts widget text, long enough.</p></div>
</body></html>"""


def test_html_blog_layout_keeps_only_the_entry_paragraphs():
    article = read_html(WORDPRESS_PAGE.encode(), "blog.html")
    assert article.text == (
        "The first group of prisoners crossed the border on Tuesday morning.\n\n"
        "Families waited for hours at the checkpoint, officials said."
    )
    assert article.meta.title == "Swap | Blog"


def test_html_comment_articles_are_not_the_story():
    page = (
        "<article class='story'><p>The story paragraph that matters here.</p>"
        "<article class='comment'><p>A reader's comment that is much longer than the story "
        "paragraph and would win on length alone.</p></article></article>"
    )
    assert extract_html(page).text == "The story paragraph that matters here."


@pytest.mark.parametrize(
    ("attrs", "kept"),
    [
        ('class="post-share"', False),
        ('class="entry-content has-header-image"', True),
        ('class="commentary"', True),
        ('id="related-stories"', False),
        ('class="navy-blue"', True),
        ('aria-hidden="true"', False),
        ('style="display: none"', False),
        ('role="navigation"', False),
    ],
)
def test_html_class_and_role_hints(attrs, kept):
    page = (
        "<article><p>The story paragraph.</p>"
        f"<div {attrs}><p>Second block of words.</p></div></article>"
    )
    assert ("Second block of words." in extract_html(page).text) is kept
