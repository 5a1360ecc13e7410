"""Which files a list of command-line paths means.

Folders are walked recursively in sorted order (so ingest order, and document ids, are
the same on every machine). Hidden files and folders and ``*.meta.json`` sidecars are
skipped, as are files of other types inside folders; a file named explicitly must be of
a supported type. Symbolic links are followed, but every folder and file is visited once
(by device and inode), so a link loop ends and a linked file is not ingested twice.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .metadata import SIDECAR_SUFFIX, is_sidecar
from .readers import FORMATS, format_of


def hidden(path: Path) -> bool:
    """A hidden file or one inside a hidden folder (".git", macOS's "._x.tml" resource
    forks): never a document."""
    return any(part.startswith(".") and part not in (".", "..") for part in path.parts)


@dataclass(frozen=True)
class Found:
    path: Path
    fmt: str


@dataclass(frozen=True)
class Problem:
    path: Path
    message: str
    warning: bool = False  # said, but no failure: nothing that was asked for is lost


def display(path: Path | str) -> str:
    """A path as one printable line: control characters (a newline in a file name) and
    undecodable bytes are shown escaped, never written raw to the terminal or log."""
    text = os.fsdecode(path) if not isinstance(path, str) else path
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return "".join(
        ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode("ascii")
        for ch in text
    )


def stored(path: Path) -> str:
    """The path as it goes into ``documents.path``: valid UTF-8 whatever the file name."""
    return os.fsdecode(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def expand(paths: list[Path]) -> Iterator[Found | Problem]:
    seen: set[tuple[int, int]] = set()
    for path in paths:
        yield from _expand_one(Path(path), seen)


def _identity(st: os.stat_result) -> tuple[int, int]:
    return (st.st_dev, st.st_ino)


def _expand_one(path: Path, seen: set[tuple[int, int]]) -> Iterator[Found | Problem]:
    try:
        st = path.stat()
    except FileNotFoundError:
        kind = "broken symbolic link" if path.is_symlink() else "no such file or folder"
        yield Problem(path, kind)
        return
    except OSError as exc:
        yield Problem(path, f"cannot open ({exc.strerror or exc})")
        return
    if stat.S_ISDIR(st.st_mode):
        if _identity(st) in seen:
            return  # the same folder named twice, or reached through a link already
        candidates = [0]
        yield from _walk(path, seen, candidates)
        if not candidates[0]:
            yield Problem(path, "folder has no .txt, .md, .html or .jsonl files")
        return
    if is_sidecar(path):
        yield Problem(path, "is a metadata sidecar; name the article file next to it instead")
        return
    fmt = format_of(path)
    if fmt is None:
        supported = ", ".join(sorted(set(FORMATS)))
        yield Problem(path, f"unsupported file type {path.suffix or '(none)'!r} (use {supported})")
        return
    if not stat.S_ISREG(st.st_mode):
        yield Problem(path, "not a regular file")
        return
    if _identity(st) in seen:
        return
    seen.add(_identity(st))
    yield Found(path, fmt)


def _walk(
    folder: Path, seen: set[tuple[int, int]], candidates: list[int]
) -> Iterator[Found | Problem]:
    """Depth-first, sorted by name, without recursion (folder depth is unbounded).

    ``candidates[0]`` counts supported files met, including ones already seen through
    another path, so that "no files here" is only said of a folder that has none.
    """
    stack: list[Iterator[os.DirEntry]] = []
    opened = _open_folder(folder, seen)
    if isinstance(opened, Problem):
        yield opened
        return
    if opened is not None:
        stack.append(opened)
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        if hidden(Path(entry.name)):
            continue
        child = Path(entry.path)
        try:
            is_dir = entry.is_dir()  # follows symbolic links
            is_file = entry.is_file()
        except OSError:
            is_dir = is_file = False
        if is_dir:
            opened = _open_folder(child, seen)
            if isinstance(opened, Problem):
                yield opened
            elif opened is not None:
                stack.append(opened)
            continue
        fmt = format_of(child)
        if is_sidecar(child):
            if is_file and not _article_of(child):
                # a misnamed sidecar ("orphan.meta.json" beside "orphan-1.txt") is
                # otherwise never read, and nothing says so
                yield Problem(child, "a metadata sidecar with no article beside it of "
                              "that name (.txt, .md, .html or .jsonl): not read", warning=True)
            continue
        if is_file and fmt is None:
            continue
        if not is_file or fmt is None:  # (a file that gets here has a format)
            if entry.is_symlink() and not child.exists():
                yield Problem(child, "broken symbolic link")
            elif fmt is not None:
                # a FIFO named like an article is said, and never opened (it would block)
                yield Problem(child, "not a regular file (a FIFO, device or socket)")
            continue  # other sockets, fifos and the like are not articles
        candidates[0] += 1
        try:
            identity = _identity(child.stat())
        except OSError as exc:
            yield Problem(child, f"cannot open ({exc.strerror or exc})")
            continue
        if identity in seen:
            continue
        seen.add(identity)
        yield Found(child, fmt)


def _article_of(sidecar: Path) -> bool:
    """Is there an article ``sidecar`` gives the metadata of (``a.meta.json``: ``a.txt``,
    ``a.md``, ...; ``a.txt.meta.json``: ``a.txt``)?"""
    name = sidecar.name[: -len(SIDECAR_SUFFIX)]
    if format_of(Path(name)) is not None and os.path.lexists(sidecar.with_name(name)):
        return True
    return any(os.path.lexists(sidecar.with_name(name + suffix)) for suffix in FORMATS)


def _open_folder(
    folder: Path, seen: set[tuple[int, int]]
) -> Iterator[os.DirEntry] | Problem | None:
    """Sorted entries of a folder not visited before; ``None`` for one already visited."""
    try:
        identity = _identity(folder.stat())
        if identity in seen:
            return None
        seen.add(identity)
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda e: e.name)
    except OSError as exc:
        return Problem(folder, f"cannot list folder ({exc.strerror or exc})")
    return iter(entries)
