"""Article text out of a saved web page, with the standard library's ``html.parser``.

The page is parsed into a small tree (forgiving: unclosed ``<p>``/``<li>`` close at the
next block, stray end tags are ignored). Page furniture is dropped: scripts, styles,
navigation, header/footer, asides, forms and buttons, figures, hidden elements, and
anything whose class/id/role names a share bar, comment widget, related list, newsletter,
ad, cookie banner, menu, sidebar or breadcrumb. The body is the ``<article>`` with the
most paragraph text, else ``<main>``, else the element whose own ``<p>`` children hold
the most text, else the whole ``<body>``. Blocks become paragraphs separated by a blank
line; ``<br>`` becomes a line break; other whitespace is collapsed.

Metadata comes from ``<meta>`` tags (Open Graph / ``article:published_time`` and common
``name=`` dates), ``<link rel=canonical>``, JSON-LD ``datePublished``/``headline``, the
first ``<h1>`` and ``<title>``. A ``<time>`` element in the text is *not* taken as the
publication date: that is the extract stage's inference to make.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser

VOID = frozenset(
    "area base br col embed hr img input link meta param source track wbr keygen".split()
)
DROP_TAGS = frozenset(
    "script style noscript template svg math iframe object embed canvas video audio map "
    "form button select input textarea label nav header footer aside figure dialog menu "
    "head title".split()
)
BLOCK_TAGS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd blockquote pre section article main body "
    "table thead tbody tfoot tr td th caption figcaption address hr center details summary "
    "hgroup".split()
)
# Elements that implicitly close an open <p> when they start (HTML's own rule, abridged).
_CLOSES_P = BLOCK_TAGS - {"body"}
# Class/id tokens of page furniture. The first group also matches as the start of a
# compound ("jp-relatedposts", "sharedaddy", "sidebar-left"); the second only as a whole
# dash/underscore part, because "commentary", "navy" or "address" are not furniture.
_FURNITURE = re.compile(
    r"(?:^|[-_])(?:related|share|sharing|social|sidebar|newsletter|subscri|breadcrumb|cookie"
    r"|consent|taboola|outbrain|promo|advert|sponsor|recommend|widget|disqus)"
    r"|(?:^|[-_])(?:comment|comments|nav|navbar|navigation|menu|footer|header|masthead|popup"
    r"|modal|banner|toolbar|ad|ads|adslot|tags|author-bio|paywall|hidden|sr-only|skip-link"
    r"|ticker|trending|most-read|more-stories|read-more|print|byline-tools)(?:$|[-_])",
    re.IGNORECASE,
)
_NOT_THE_STORY = re.compile(
    r"(?:^|[-_])(?:comment|comments|related|share|social|promo|sponsored|advert|recommended"
    r"|teaser|card|sidebar)(?:$|[-_])",
    re.IGNORECASE,
)
_CONTENT_TOKEN = re.compile(r"^(?:article|content|main|story|post|entry|body)(?:$|[-_])", re.I)
_FURNITURE_ROLES = frozenset(
    "navigation banner contentinfo complementary search dialog alertdialog menu menubar "
    "toolbar".split()
)
_PUBLISHED_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "dcterms.created",
    "article.published",
    "sailthru.date",
)
_SPACE = re.compile(r"[ \t\r\n\f\v\u00a0]+")
# Elements nest at most this deep; deeper ones are read as part of the element that holds
# them (their text is kept). Real pages nest a few dozen levels; without a limit 10,000
# nested <main> took minutes, as did 100,000 <div> closed by one stray </span>.
MAX_DEPTH = 128


class _Node:
    __slots__ = ("tag", "attrs", "children", "parent")

    def __init__(self, tag: str, attrs: dict[str, str], parent: _Node | None):
        self.tag = tag
        self.attrs = attrs
        self.children: list[_Node | str] = []
        self.parent = parent


@dataclass
class HtmlArticle:
    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None
    published_origin: str | None = None


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("#root", {}, None)
        self.stack: list[_Node] = [self.root]
        self.meta: dict[str, str] = {}
        self.title_parts: list[str] = []
        self.json_ld: list[str] = []
        self._in: str | None = None  # "title" or "ld" while inside those elements
        self._pushed: _Node | None = None  # the element the last start tag opened

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = values.get("property") or values.get("name") or values.get("itemprop") or ""
            if key and values.get("content") and key.lower() not in self.meta:
                self.meta[key.lower()] = values["content"].strip()
        elif tag == "link" and "canonical" in values.get("rel", "").lower().split():
            self.meta.setdefault("canonical", values.get("href", "").strip())
        if tag == "title":
            self._in = "title"
        elif tag == "script" and values.get("type", "").lower() == "application/ld+json":
            self._in = "ld"
            self.json_ld.append("")
        top = self.stack[-1]
        if tag in _CLOSES_P and top.tag == "p":
            self.stack.pop()
        elif tag == "li" and top.tag == "li":
            self.stack.pop()
        elif tag in ("dt", "dd") and top.tag in ("dt", "dd"):
            self.stack.pop()
        self._pushed = None
        if len(self.stack) > MAX_DEPTH and tag not in VOID:
            return  # its content goes to the element at the limit
        node = _Node(tag, values, self.stack[-1])
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)
            self._pushed = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if self._pushed is not None and self.stack[-1] is self._pushed:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag in ("title", "script"):
            self._in = None
        if tag == "p" and not any(n.tag == "p" for n in self.stack[1:]):
            # A stray </p> is an empty paragraph in HTML; it still separates blocks.
            self.stack[-1].children.append(_Node("p", {}, self.stack[-1]))
            return
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        if self._in == "title":
            self.title_parts.append(data)
        elif self._in == "ld":
            self.json_ld[-1] += data
        self.stack[-1].children.append(data)


def _is_furniture(node: _Node) -> bool:
    if node.tag in DROP_TAGS:
        return True
    attrs = node.attrs
    if "hidden" in attrs or attrs.get("aria-hidden", "").lower() == "true":
        return True
    if re.search(r"display\s*:\s*none|visibility\s*:\s*hidden", attrs.get("style", ""), re.I):
        return True
    if attrs.get("role", "").lower() in _FURNITURE_ROLES:
        return True
    if node.tag in ("body", "html"):
        return False
    tokens = (attrs.get("class", "") + " " + attrs.get("id", "")).split()
    if node.tag in ("article", "main"):
        # Sites mark up each comment or teaser card as an <article> too.
        return any(_NOT_THE_STORY.search(t) for t in tokens)
    furniture = [t for t in tokens if _FURNITURE.search(t)]
    if not furniture:
        return False
    # "entry-content has-header-image": a content container wins over a weak hint, but
    # never over a comment/related/share block ("post-share" is furniture).
    content = any(_CONTENT_TOKEN.match(t) and not _FURNITURE.search(t) for t in tokens)
    return not content or any(_NOT_THE_STORY.search(t) for t in furniture)


def _walk(node: _Node):
    """Every element under ``node`` that is not furniture (iterative: pages nest deeply)."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        for child in reversed(current.children):
            if isinstance(child, _Node) and not _is_furniture(child):
                stack.append(child)


def _text_len(node: _Node) -> int:
    total = 0
    for element in _walk(node):
        for child in element.children:
            if isinstance(child, str):
                total += len(child.strip())
    return total


def _choose_body(root: _Node) -> _Node:
    articles = [n for n in _walk(root) if n.tag == "article"]
    if articles:
        return max(articles, key=_paragraph_text)
    mains = [n for n in _walk(root) if n.tag == "main"]
    if mains:
        return max(mains, key=_text_len)
    scores: dict[int, tuple[int, _Node]] = {}
    for node in _walk(root):
        if node.tag == "p" and node.parent is not None:
            score, _ = scores.get(id(node.parent), (0, node.parent))
            scores[id(node.parent)] = (score + _text_len(node), node.parent)
    if scores:
        best_score, best = max(scores.values(), key=lambda item: item[0])
        if best_score > 0:
            return _with_the_rest(best)
    bodies = [n for n in _walk(root) if n.tag == "body"]
    return bodies[0] if bodies else root


def _with_the_rest(node: _Node) -> _Node:
    """``node`` or the ancestor that also holds the story's paragraphs beside it: while its
    parent's paragraphs outside it hold a quarter as much text again, the parent (a
    page's opening paragraph left outside the ``<div>`` the rest is in, as an unclosed tag
    leaves it, lost the sentence that dated the story)."""
    here = _paragraph_text(node)
    while node.parent is not None and node.tag not in ("body", "html"):
        up = _paragraph_text(node.parent)
        if 4 * (up - here) < here:
            break
        node, here = node.parent, up
    return node


def _paragraph_text(node: _Node) -> int:
    return sum(_text_len(p) for p in _walk(node) if p.tag == "p") or _text_len(node) // 4


def _render(node: _Node) -> str:
    """Blocks separated by blank lines; inline whitespace collapsed; ``<br>`` kept."""
    blocks: list[str] = []
    buffer: list[str] = []

    def flush() -> None:
        lines = [_SPACE.sub(" ", part).strip() for part in "".join(buffer).split("\n")]
        block = "\n".join(line for line in lines if line)
        if block:
            blocks.append(block)
        buffer.clear()

    # Explicit stack of (node-or-marker); the marker flushes when a block element ends.
    stack: list[_Node | str | None] = [node]
    while stack:
        item = stack.pop()
        if item is None:
            flush()
        elif isinstance(item, str):
            buffer.append(item.replace("\n", " "))
        elif item.tag == "br":
            buffer.append("\n")
        elif item is not node and _is_furniture(item):
            continue
        else:
            block = item.tag in BLOCK_TAGS
            if block:
                flush()
                stack.append(None)
            stack.extend(reversed(item.children))
    flush()
    return "\n\n".join(blocks)


def _first_h1(root: _Node) -> str | None:
    stack: list[_Node] = [root]
    while stack:
        node = stack.pop()
        if node.tag == "h1":
            text = _SPACE.sub(" ", _render(node)).strip()
            if text:
                return text
            continue
        if node.tag in ("script", "style", "nav", "template"):
            continue
        stack.extend(c for c in reversed(node.children) if isinstance(c, _Node))
    return None


def _json_ld_fields(blobs: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for blob in blobs:
        try:
            data = json.loads(blob)
        except ValueError:
            continue
        items = data if isinstance(data, list) else [data]
        if isinstance(data, dict) and isinstance(data.get("@graph"), list):
            items = data["@graph"]
        for item in items:
            if not isinstance(item, dict):
                continue
            for key in ("datePublished", "headline", "url"):
                if isinstance(item.get(key), str) and key not in found:
                    found[key] = item[key].strip()
            publisher = item.get("publisher")
            if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
                found.setdefault("publisher", publisher["name"].strip())
    return found


def _defuse(markup: str) -> str:
    """``markup`` with every "<" that cannot start a tag made text ("&lt;"): one that has
    no ">" before the next "<" ("<b<b<b...", "<a b=<a b=..."), or a "<!--" never closed.
    html.parser rescans from each such "<" to the end of the page, so a few thousand of
    them took minutes (quadratic); this pass is linear and leaves real tags alone (a "<"
    inside a quoted attribute value is read as text too: browsers disagree on it anyway).
    """
    out: list[str] = []
    pos = 0
    gt = -2  # the next ">" at or after the "<" being looked at (-1: there is none)
    i = markup.find("<")
    while i != -1:
        if markup.startswith("<!--", i):
            close = markup.find("-->", i + 4)
            if close == -1:  # never closed: the rest of the page is text
                out += [markup[pos:i], markup[i:].replace("<", "&lt;")]
                return "".join(out)
            i = markup.find("<", close + 3)
            continue
        if gt != -1 and gt <= i:
            gt = markup.find(">", i + 1)
        after = markup.find("<", i + 1)
        if gt == -1 or (after != -1 and after < gt):
            out += [markup[pos:i], "&lt;"]
            pos = i + 1
        i = after
    out.append(markup[pos:])
    return "".join(out)


def extract_html(markup: str) -> HtmlArticle:
    """The article text and page metadata of ``markup``; ``text`` may be empty."""
    markup = _defuse(markup)
    builder = _TreeBuilder()
    builder.feed(markup)
    builder.close()
    meta = builder.meta
    ld = _json_ld_fields(builder.json_ld)
    text = _render(_choose_body(builder.root))

    published, origin = None, None
    for key in _PUBLISHED_META:
        if meta.get(key):
            published, origin = meta[key], f"html meta {key}"
            break
    if published is None and ld.get("datePublished"):
        published, origin = ld["datePublished"], "html JSON-LD datePublished"
    page_title = _SPACE.sub(" ", "".join(builder.title_parts)).strip() or None
    title = meta.get("og:title") or ld.get("headline") or _first_h1(builder.root) or page_title
    return HtmlArticle(
        text=text,
        title=title or None,
        source=meta.get("og:site_name") or ld.get("publisher") or None,
        url=meta.get("canonical") or meta.get("og:url") or ld.get("url") or None,
        published=published,
        published_origin=origin,
    )
