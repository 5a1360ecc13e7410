"""Readers: a file on disk -> the articles in it, or :class:`IngestError`.

Every reader is total over arbitrary bytes: bad input raises ``IngestError`` (one line,
no traceback needed) and nothing else. A JSON lines file is read line by line, so one
bad line costs only that line; its problems are yielded as ``LineProblem`` items.
"""

from __future__ import annotations

import codecs
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import IngestError
from .files import open_regular
from .html_extract import extract_html
from .metadata import ALIASES, Metadata, from_mapping, split_front_matter

# Articles are a few kilobytes; 10 MiB is far past any real article and small enough to
# hold in memory. Larger .txt/.md/.html files are refused from their size alone, without
# being read. JSON lines files may be any size: they are streamed, and the limit applies
# to each line.
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024

FORMATS = {
    ".txt": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
}


@dataclass(frozen=True)
class Article:
    text: str
    format: str
    meta: Metadata
    where: str  # "path" or "path:line", for documents.path and messages
    guess_title: bool = False  # plain text: take a headline-like first line as the title
    line: int | None = None  # JSON lines: the line number


@dataclass(frozen=True)
class LineProblem:
    line: int
    message: str


def format_of(path: Path) -> str | None:
    return FORMATS.get(path.suffix.lower())


def _size_text(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MiB"


def read_limited(path: Path) -> bytes:
    """The file's bytes, refusing anything over :data:`MAX_DOCUMENT_BYTES` unread."""
    try:
        with open_regular(path) as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_DOCUMENT_BYTES:
                raise IngestError(
                    f"file is too large ({_size_text(size)}; the limit is "
                    f"{_size_text(MAX_DOCUMENT_BYTES)} per article)"
                )
            data = handle.read(MAX_DOCUMENT_BYTES + 1)
    except IsADirectoryError:
        raise IngestError("is a directory") from None
    except OSError as exc:
        raise IngestError(f"cannot read file ({exc.strerror or exc})") from None
    if len(data) > MAX_DOCUMENT_BYTES:  # grew while we looked
        raise IngestError(f"file is too large (the limit is {_size_text(MAX_DOCUMENT_BYTES)})")
    return data


# Byte order marks of the wide encodings, the four-byte ones first (UTF-32 LE starts
# with UTF-16 LE's mark).
_WIDE_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
              (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def _narrow_after_a_wide_mark(body: bytes) -> bool:
    """Bytes after a UTF-16/32 mark that are plain one-byte text: no NUL (English in
    UTF-16 is every other byte NUL) and nearly all printable ASCII. Read as UTF-16 they
    are a page of CJK signs, which the extract then took for page furniture."""
    if not body or b"\x00" in body:
        return False
    plain = sum(32 <= b < 127 or b in (9, 10, 13) for b in body)
    return plain >= 0.9 * len(body)


def decode(data: bytes, *, fallback: str | None = None) -> str:
    """UTF-8 text, or UTF-16/32 that starts with its byte order mark (a BOM is dropped;
    CRLF/CR line ends become LF).

    Bytes that are not UTF-8 are an error rather than a guess: a wrong guess would put
    mojibake into quotations. ``fallback`` is an encoding the file itself declared
    (an HTML ``<meta charset>``), used only when UTF-8 fails.
    """
    for bom, encoding in _WIDE_BOMS:
        if data.startswith(bom):  # Windows' "Unicode" text: UTF-16 with its mark
            if _narrow_after_a_wide_mark(data[len(bom):]):
                raise IngestError(f"starts with a {encoding.upper()[:6]} byte order mark, but "
                                  "what follows is one-byte text, not "
                                  f"{encoding.upper()[:6]}; save it as UTF-8 without the mark")
            try:
                text = data[len(bom):].decode(encoding)
            except UnicodeDecodeError as exc:
                raise IngestError(f"not valid {encoding.upper()[:6]} (offset "
                                  f"{exc.start + len(bom)}); save it as UTF-8") from None
            if "\x00" in text:
                raise IngestError("binary file (contains NUL characters), not text")
            return text.replace("\r\n", "\n").replace("\r", "\n")
    if b"\x00" in data:
        raise IngestError("binary file (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if fallback is None:
            raise IngestError(
                f"not valid UTF-8 (byte 0x{data[exc.start]:02X} at offset {exc.start}); "
                "save it as UTF-8"
            ) from None
        try:
            text = data.decode(fallback)
        except (UnicodeError, LookupError):  # "undefined" raises a bare UnicodeError
            raise IngestError(
                f"not valid UTF-8 nor the declared {fallback} (byte 0x{data[exc.start]:02X} "
                f"at offset {exc.start})"
            ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _require_text(text: str) -> str:
    if not text.strip():
        raise IngestError("empty file (no text)")
    return text


# every key a metadata block may name (``metadata.ALIASES``)
_METADATA_KEYS = frozenset(key for keys in ALIASES.values() for key in keys)


def read_txt(data: bytes, where: str) -> Article:
    """Plain text; a ``---`` block of metadata lines opening it is read as a Markdown
    file's front matter is, when every key in it is one metadata has (a tester's
    "published: 2025-06-05" in a .txt was cited as the article's first words and its date
    guessed): a block with any other key is text."""
    text = decode(data)
    front, body = split_front_matter(text)
    if front and set(front) <= _METADATA_KEYS:
        meta = from_mapping(front, "front matter")
        return Article(_require_text(body), "txt", meta, where, guess_title=meta.title is None)
    return Article(_require_text(text), "txt", Metadata(), where, guess_title=True)


# No pattern can run past the place where the next one of its kind could start (link
# text stops at "[", a target at "(", bold at "**"), and none looks more than 1,000
# characters ahead, so stripping markup stays linear in the size of the file: before,
# 25,000 "**a " took 75 s and 1.45 GB.
_MD_IMAGE = re.compile(r"!\[([^\[\]\n]{0,1000})\]\([^()\n]{0,1000}\)")
_MD_LINK = re.compile(
    r"\[([^\[\]\n]{1,1000})\]\((?:[^()\n]|\([^()\n]{0,1000}\)){0,1000}\)")
_MD_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+([^\n]*)$", re.MULTILINE)
_MD_EMPHASIS = re.compile(
    r"\*\*(?=\S)((?:[^*\n]|\*(?!\*)){1,1000}?)(?<=\S)\*\*"
    r"|__(?=\S)((?:[^_\n]|_(?!_)){1,1000}?)(?<=\S)__"
    r"|(?<![\w*])\*(?=\S)([^*\n]{1,1000}?)(?<=\S)\*")
_MD_CODE = re.compile(r"`([^`\n]+)`")


def _heading_text(match: re.Match[str]) -> str:
    """A heading's words: its closing ``#`` run (after a space) and trailing blanks go."""
    text = match.group(1).rstrip(" \t")
    bare = text.rstrip("#")
    if bare != text and bare and bare[-1] in " \t":
        text = bare.rstrip(" \t")
    return text


def markdown_to_text(body: str) -> str:
    """Markdown with its inline markup removed, so that claims quote words, not syntax.

    Headings lose their ``#``, links keep their text, images and emphasis markers go;
    paragraphs and line breaks are kept as written.
    """
    body = _MD_IMAGE.sub("", body)
    body = _MD_LINK.sub(r"\1", body)
    body = _MD_HEADING.sub(_heading_text, body)
    body = _MD_CODE.sub(r"\1", body)
    return _MD_EMPHASIS.sub(lambda m: m.group(1) or m.group(2) or m.group(3) or "", body)


def read_md(data: bytes, where: str) -> Article:
    front, body = split_front_matter(decode(data))
    meta = from_mapping(front, "front matter") if front else Metadata()
    text = _require_text(markdown_to_text(body))
    heading = _MD_HEADING.search(body)
    if meta.title is None and heading and heading.start() == len(body) - len(body.lstrip()):
        meta = Metadata(title=_heading_text(heading).strip()).over(meta)
    return Article(text, "md", meta, where, guess_title=meta.title is None)


_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)


def read_html(data: bytes, where: str) -> Article:
    declared = _CHARSET.search(data[:4096])
    fallback = None
    if declared:
        try:
            codec = codecs.lookup(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeError):
            codec = None  # an unknown name: UTF-8, as a browser would
        # only a real text encoding that an ASCII <meta> can be written in: not "undefined"
        # (always fails), "idna" or "punycode" (host names), "rot13"/"base64" (transforms),
        # nor UTF-16/32 (a page whose <meta> we could read as ASCII is not in them)
        if codec is not None and getattr(codec, "_is_text_encoding", True) and not (
            codec.name in ("undefined", "idna", "punycode")
            or codec.name.startswith(("utf-16", "utf-32"))
        ):
            fallback = codec.name
    if fallback == "utf-8":
        fallback = None
    markup = _require_text(decode(data, fallback=fallback))
    page = extract_html(markup)
    if not page.text.strip():
        raise IngestError("no article text found in the page (only markup, scripts or menus)")
    meta = Metadata(
        title=page.title,
        source=page.source,
        url=page.url,
        published=page.published,
        published_origin=page.published_origin,
    )
    return Article(page.text, "html", meta, where)




def read_jsonl(path: Path, where: str) -> Iterator[Article | LineProblem]:
    """One article per line: ``{"text": ..., "id", "title", "url", "source", "published"}``.

    Streams the file (bounded memory whatever its size). Raises ``IngestError`` only for
    a problem with the whole file (unreadable, binary, empty); a bad line is yielded as
    a :class:`LineProblem` and the next line is read.
    """
    handle = open_regular(path)
    with handle:
        head = handle.read(8192)
        if b"\x00" in head:
            raise IngestError("binary file (contains NUL bytes), not JSON lines")
        if not head.strip():
            raise IngestError("empty file (no JSON lines)")
        handle.seek(0)
        seen_ids: dict[str, int] = {}
        number = 0
        while True:
            try:
                raw = handle.readline(MAX_DOCUMENT_BYTES + 1)
            except OSError as exc:
                raise IngestError(f"cannot read file ({exc.strerror or exc})") from None
            if not raw:
                return
            number += 1
            if len(raw) > MAX_DOCUMENT_BYTES and not raw.endswith(b"\n"):
                _skip_rest_of_line(handle)
                yield LineProblem(number, f"line is longer than {_size_text(MAX_DOCUMENT_BYTES)}")
                continue
            if not raw.strip():
                continue
            try:
                yield _jsonl_article(raw, f"{where}:{number}", seen_ids, number)
            except IngestError as exc:
                yield LineProblem(number, str(exc))


def _skip_rest_of_line(handle) -> None:
    while chunk := handle.readline(1024 * 1024):
        if chunk.endswith(b"\n"):
            return


def _jsonl_article(raw: bytes, where: str, seen_ids: dict[str, int], number: int) -> Article:
    if number == 1:
        raw = raw.removeprefix(codecs.BOM_UTF8)
    try:
        line = raw.decode("utf-8").rstrip("\r\n")  # so error columns fall inside the line
    except UnicodeDecodeError as exc:
        raise IngestError(f"not valid UTF-8 (byte 0x{raw[exc.start]:02X})") from None
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        # "Unterminated string starting at": Python's message ends where its position goes
        what = exc.msg.removesuffix(" at")
        raise IngestError(f"malformed JSON ({what} at column {exc.colno})") from None
    except RecursionError:
        raise IngestError("malformed JSON (nested too deeply)") from None
    if not isinstance(data, dict):
        raise IngestError('a JSON line must be an object with a "text" field')
    text = data.get("text")
    if text is None:
        raise IngestError("missing field 'text'")
    if not isinstance(text, str):
        raise IngestError("field 'text' must be a string")
    if "\x00" in text:
        raise IngestError("field 'text' contains NUL characters")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise IngestError("field 'text' is empty")
    meta = from_mapping(data, "JSON line", strict_keys=True)
    if meta.external_id is not None:
        first = seen_ids.get(meta.external_id)
        if first is not None:
            raise IngestError(f"duplicate id {meta.external_id!r} (first used on line {first})")
        seen_ids[meta.external_id] = number
    return Article(text, "jsonl", meta, where, guess_title=meta.title is None, line=number)


def read_document(path: Path, fmt: str, where: str) -> Article:
    """A single-article file (txt, md, html) -> its article."""
    data = read_limited(path)
    if not data.strip():
        raise IngestError("empty file")
    reader = {"txt": read_txt, "md": read_md, "html": read_html}[fmt]
    return reader(data, where)
