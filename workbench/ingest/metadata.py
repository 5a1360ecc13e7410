"""Article metadata: where it comes from (front matter, sidecar, JSON line, HTML meta
tags) and how a publication date given there is normalised."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, fields, replace
from pathlib import Path

from ..dates import address_date
from .errors import IngestError
from .files import open_regular

# Field name -> keys accepted for it in front matter and sidecars (first one is canonical).
ALIASES: dict[str, tuple[str, ...]] = {
    "external_id": ("id", "external_id"),
    "title": ("title", "headline"),
    "source": ("source", "site", "publisher", "outlet"),
    "url": ("url", "link", "canonical"),
    "published": ("published", "date", "published_at", "datePublished", "pubdate"),
}
SIDECAR_SUFFIX = ".meta.json"
MAX_SIDECAR_BYTES = 1_000_000  # metadata is a few hundred bytes


@dataclass(frozen=True)
class Metadata:
    external_id: str | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None  # as written; see normalise_published
    published_origin: str | None = None  # where the date was given, for published_evidence

    def over(self, base: Metadata) -> Metadata:
        """This metadata with gaps filled from ``base`` (self wins)."""
        merged = {f.name: getattr(self, f.name) for f in fields(self)}
        for name, value in merged.items():
            if value is None:
                merged[name] = getattr(base, name)
        if self.published is None:
            merged["published_origin"] = base.published_origin
        return replace(self, **merged)


def dated_by_address(meta: Metadata, path: Path | None) -> Metadata:
    """``meta`` with the publication date its URL or the file's name and folders state
    (``dates.address_date``) when no metadata gives one; its origin is one of
    ``dates.ADDRESS_ORIGINS``: such a date fills a gap, never replaces a stated one."""
    if meta.published is not None:
        return meta
    found = address_date(meta.url, str(path) if path is not None else None)
    if found is None:
        return meta
    return replace(meta, published=found[0], published_origin=found[1])


def from_mapping(data: dict, origin: str, *, strict_keys: bool = False) -> Metadata:
    """Metadata from a JSON object / front matter mapping.

    Values must be strings (an ``id`` may also be an integer); anything else raises
    :class:`IngestError` naming the field. ``strict_keys`` accepts only the canonical keys
    (JSON lines, whose format is fixed).
    """
    values: dict[str, str | None] = {}
    for name, keys in ALIASES.items():
        for key in keys[:1] if strict_keys else keys:
            if key not in data or data[key] is None:
                continue
            value = data[key]
            if name == "external_id" and isinstance(value, int) and not isinstance(value, bool):
                value = str(value)
            if not isinstance(value, str):
                raise IngestError(f"field '{key}' must be a string, not {_json_type(value)}")
            value = value.strip()
            if value:
                values[name] = value
            break
    if "published" in values:
        values["published_origin"] = origin
    return Metadata(**values)


def _json_type(value: object) -> str:
    return {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        list: "a list",
        dict: "an object",
        str: "a string",
    }.get(type(value), type(value).__name__)


def sidecar_path(path: Path) -> Path:
    """``a.txt`` -> ``a.meta.json`` in the same folder, or ``a.txt.meta.json`` when only
    that one is there (the name with its extension: it was ignored without a word)."""
    side = path.with_name(path.stem + SIDECAR_SUFFIX)
    whole = path.with_name(path.name + SIDECAR_SUFFIX)
    return whole if not os.path.lexists(side) and os.path.lexists(whole) else side


def is_sidecar(path: Path) -> bool:
    return path.name.lower().endswith(SIDECAR_SUFFIX)


def read_sidecar(path: Path) -> Metadata:
    """The sidecar next to ``path``, or empty metadata when there is none.

    A sidecar that exists but cannot be used is an error for the article: ingesting it
    without its metadata would store it for good (the same text is a duplicate later).
    """
    side = sidecar_path(path)
    if not os.path.lexists(side):
        return Metadata()

    try:
        with open_regular(side, f"metadata sidecar {side.name}") as handle:
            # the size is checked before reading: a 1 GB sidecar is refused, never read
            if os.fstat(handle.fileno()).st_size > MAX_SIDECAR_BYTES:
                raise IngestError(f"metadata sidecar {side.name} is larger than 1 MB")
            raw = handle.read(MAX_SIDECAR_BYTES + 1)
        if len(raw) > MAX_SIDECAR_BYTES:
            raise IngestError(f"metadata sidecar {side.name} is larger than 1 MB")
        data = json.loads(raw.decode("utf-8-sig"))
    except RecursionError:
        raise IngestError(f"metadata sidecar {side.name} is nested too deeply") from None
    except OSError as exc:
        raise IngestError(f"cannot read metadata sidecar {side.name} ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise IngestError(f"metadata sidecar {side.name} is not valid UTF-8") from None
    except json.JSONDecodeError as exc:
        raise IngestError(
            f"metadata sidecar {side.name} is not valid JSON ({exc.msg} at line {exc.lineno})"
        ) from None
    if not isinstance(data, dict):
        raise IngestError(f"metadata sidecar {side.name} must hold a JSON object")
    try:
        return from_mapping(data, f"sidecar {side.name}")
    except IngestError as exc:
        raise IngestError(f"metadata sidecar {side.name}: {exc}") from None


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_KEY_VALUE = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$")


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """``(mapping, body)`` for Markdown with optional ``---``-fenced ``key: value`` lines.

    Only flat scalar values are understood (which is all article metadata needs); quotes
    around a value are removed, comments and list/nested lines ignored. Text without a
    complete front matter block is returned unchanged as the body.
    """
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    mapping: dict[str, str] = {}
    for line in (match.group(1) or "").splitlines():
        kv = _KEY_VALUE.match(line)
        if not kv or line.startswith((" ", "\t", "#")):
            continue
        key, value = kv.groups()
        if value.startswith("#"):
            value = ""
        elif len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        else:
            value = re.sub(r"\s+#.*$", "", value)
        mapping[key] = value
    return mapping, text[match.end() :]
