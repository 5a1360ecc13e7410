"""Stage 5: the verified, cited chronology goes out.

``export_chronology`` is what the CLI, the tests and the TUI's command palette call;
``check_chronology`` is the pre-export check. Neither imports textual, and neither writes
to the database: they only SELECT.
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from importlib import import_module, resources
from pathlib import Path
from typing import IO, Any

import sqlite_utils

from .checks import Issue, IssueFinder, IssueLog, check_chronology, find_duplicates, reopened
from .model import Chronology, DataError, TextOut, count_of
from .reader import StreamedChronology, load_chronology, open_chronology, snapshot

FORMATS = ("md", "html", "json", "csv", "timelinejs")
SUFFIXES = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html",
            ".json": "json", ".csv": "csv"}  # fmt: skip
SCHEMAS = {"json": "chronology.schema.json", "timelinejs": "timelinejs.schema.json"}
DEFAULT_NAMES = {"md": "chronology.md", "html": "chronology.html", "json": "chronology.json",
                 "csv": "chronology.csv", "timelinejs": "chronology.timeline.json"}  # fmt: skip

# said by every way in when no event is accepted yet, each with how to accept one
NOTHING_ACCEPTED = "nothing accepted yet: the chronology is empty"


class ExportError(Exception):
    """An export that cannot be done; the message is one line meant for the user."""


class ExportBlocked(ExportError):
    """``strict`` export refused because the pre-export check found problems."""

    def __init__(self, issues: Sequence[Issue] | IssueLog):
        self.issues = issues
        n = len(issues)
        super().__init__(
            f"{n} problem{'s' if n != 1 else ''} found by the pre-export check; "
            "nothing written (--strict)"
        )


@dataclass
class ExportResult:
    format: str
    events: int = 0
    citations: int = 0
    documents: int = 0
    issues: Sequence[Issue] | IssueLog = field(default_factory=list)
    """What the pre-export check found (an :class:`IssueLog`: read from disk, in order)."""
    omitted: list[str] = field(default_factory=list)
    """What this format could not hold (TimelineJS cannot place an undated event)."""
    target: str = "-"
    background: int = 0
    """Of the full dump (``--all``): its groups that are background, not counted as events."""

    @property
    def empty(self) -> bool:
        return self.events == 0

    def summary(self) -> str:
        left_out = f"; {count_of(len(self.omitted), 'event')} left out" if self.omitted else ""
        # the full dump's background groups are no events ("57 events" counted 26 of them)
        aside = f" and {count_of(self.background, 'background group')}" if self.background else ""
        return (
            f"export: {count_of(self.events, 'event')}{aside}, "
            f"{count_of(self.citations, 'citation')} from "
            f"{count_of(self.documents, 'document')} written to {self.target} "
            f"({self.format}{left_out})"
        )


def guess_format(path: str | os.PathLike[str] | None) -> str | None:
    """The format a file name asks for (``.html`` → html), or None."""
    if path is None or str(path) == "-":
        return None
    return SUFFIXES.get(Path(path).suffix.lower())


def name_says_otherwise(path: str | os.PathLike[str] | None, fmt: str) -> str | None:
    """What a file name says against the format written, or None: "x.pdf" names no format
    written, "y.html" names another than md. (A TimelineJS file is JSON: ".json" is its
    name too.)"""
    if path is None or str(path) == "-" or not Path(path).suffix:
        return None
    suffix, named = Path(path).suffix, guess_format(path)
    if named is None:
        return f"{path}: no format is written as {suffix}; writing {fmt}"
    if named != fmt and not (fmt == "timelinejs" and named == "json"):
        return f"{path}: the name says {named}, the file holds {fmt}"
    return None


def default_output_path(db: sqlite_utils.Database, fmt: str) -> Path:
    """Where an export goes when no ``out`` is given: beside the database file
    (``db/workbench.db`` → ``db/chronology.md``), which is what the TUI's palette uses."""
    row = next((r for r in db.execute("PRAGMA database_list") if r[1] == "main"), None)
    if row is None or not row[2]:
        raise ExportError("an in-memory database has no folder to export into; give a path")
    return Path(row[2]).with_name(DEFAULT_NAMES[fmt])


def schema_path(fmt: str) -> Any:
    """The JSON Schema shipped for ``json`` or ``timelinejs`` output (a Traversable)."""
    return resources.files(__package__).joinpath("schemas", SCHEMAS[fmt])


_WRITERS = {"md": ("to_md", "write_md"), "html": ("to_html", "write_html"),
            "json": ("to_json", "write_json_chronology"), "csv": ("to_csv", "write_csv"),
            "timelinejs": ("to_timelinejs", "write_timelinejs")}  # fmt: skip


def write(chronology: Any, fmt: str, out: TextOut, *, claims: bool = False,
          brief: bool = False) -> list[str]:
    """``chronology`` (streamed or in memory) written to the text stream ``out`` in ``fmt``
    as it is read; returns what the format had to leave out."""
    if fmt not in _WRITERS:
        raise ExportError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    module, name = _WRITERS[fmt]
    writer = getattr(import_module(f"{__package__}.{module}"), name)
    if fmt == "csv":
        omitted = writer(chronology, out, claims=claims)
    elif fmt == "md":
        omitted = writer(chronology, out, brief=brief)
    else:
        omitted = writer(chronology, out)
    return omitted or []


def render(chronology: Any, fmt: str, *, claims: bool = False) -> tuple[str, list[str]]:
    """``chronology`` as text in ``fmt``, and what the format had to leave out."""
    out = io.StringIO()
    omitted = write(chronology, fmt, out, claims=claims)
    return out.getvalue(), omitted


def export_chronology(
    db: sqlite_utils.Database,
    fmt: str = "md",
    out: str | os.PathLike[str] | IO[Any] | None = None,
    *,
    strict: bool = False,
    claims: bool = False,
    everything: bool = False,
    title: str | None = None,
    overwrite: bool = True,
    notes: bool = True,
    brief: bool = False,
) -> ExportResult:
    """Write the chronology of accepted groups to ``out`` in ``fmt``.

    ``out`` is a path (``"-"`` for standard output) or an open stream, text or binary;
    None means :func:`default_output_path` (beside the database file).
    A file is written whole or not at all (temporary file, then rename), and only if
    ``overwrite`` or it does not exist yet. ``strict`` raises :class:`ExportBlocked`
    before writing anything when :func:`check_chronology` finds problems. ``claims``
    (csv) writes one row per citation; ``everything`` (json) writes the full dump of
    every document and group instead, in the unchanged ``dump.py`` shape. ``notes``: False
    leaves the reviewers' notes out (they are often meant for the team only). ``brief``
    (md) quotes each source once with its footnote and only counts its other claims.

    Every format is written as it is read, in memory that does not grow with the
    chronology (``reader.py``); the pre-export check reads the events as they are written
    (with ``strict``, in a pass of its own first).
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    if out is None:
        out = default_output_path(db, fmt)
    if claims and fmt != "csv":
        raise ExportError("--claims only applies to --format csv")
    if everything and fmt != "json":
        raise ExportError("--all only applies to --format json")
    if brief and fmt != "md":
        raise ExportError("--brief only applies to --format md (html folds the other "
                          "claims already)")
    if _is_stdout(out):
        target = "-"
    else:
        target = str(out) if isinstance(out, (str, os.PathLike)) else "stream"
    if isinstance(out, (str, os.PathLike)) and target != "-":
        path = Path(out)
        if path.is_dir():
            raise ExportError(f"{path}: is a directory")
        if _is_the_database(db, path):
            # "-o self.db --force" replaced every decision with a chronology
            raise ExportError(f"{path}: is the database being exported; choose another file")
        if path.is_file() and not overwrite:  # a device or FIFO is written through
            raise ExportError(f"{path}: already exists (use --force to overwrite it)")

    result = ExportResult(format=fmt, target=target)
    if everything:
        _export_dump(db, out, result)
        return result
    try:
        with open_chronology(db, title=title, notes=notes) as chronology:
            if strict and not chronology.event_count:
                raise ExportError(f"{NOTHING_ACCEPTED}; nothing written (--strict)")
            back = reopened(db.conn if hasattr(db, "conn") else db)
            if strict:
                finder = IssueFinder()
                finder.add(back)
                for event in chronology.iter_events():
                    finder.see(event)
                if finder.issues():
                    raise ExportBlocked(finder.issues())
                source: Any = chronology
            else:
                finder = IssueFinder()
                finder.add(back)
                source = _Watched(chronology, finder)
            with _open_target(out) as sink:
                result.omitted = write(source, fmt, sink, claims=claims, brief=brief)
            result.issues = finder.issues()
            # what the file holds: an event the format could not place is not in it
            result.events = chronology.event_count - len(result.omitted)
            result.citations = chronology.citation_count
            result.documents = chronology.document_count
    except DataError as exc:
        raise ExportError(str(exc)) from None
    return result


def _is_the_database(db: Any, path: Path) -> bool:
    """Is ``path`` the database file ``db`` reads, or one of its journals?"""
    conn = db.conn if hasattr(db, "conn") else db
    row = conn.execute("PRAGMA database_list").fetchone()
    return bool(row and row[2]) and is_database_file(Path(row[2]), path)


def is_database_file(database: Path, path: Path) -> bool:
    """Is ``path`` the file ``database`` names, or one of its journals?"""
    try:
        main, wanted = database.resolve(), path.resolve()
    except OSError:
        return False
    return wanted in {main, *(main.with_name(main.name + s) for s in ("-wal", "-shm", "-journal"))}


class _Watched:
    """A chronology whose events the pre-export check sees as the format reads them."""

    def __init__(self, chronology: StreamedChronology, finder: IssueFinder):
        self._chronology = chronology
        self._finder = finder

    def __getattr__(self, name: str) -> Any:
        return getattr(self._chronology, name)

    def iter_events(self):
        return self._finder.watch(self._chronology.iter_events())


def _export_dump(db: sqlite_utils.Database, out: Any, result: ExportResult) -> None:
    from .dump import iter_dump
    from .to_json import write_json

    def counted(items, field: str):
        for item in items:
            if field == "events" and item.get("background"):
                result.background += 1
            else:
                setattr(result, field, getattr(result, field) + 1)
            if field == "events":
                result.citations += len(item["claims"])
            yield item

    with snapshot(db.conn):
        dump = iter_dump(db)
        with _open_target(out) as sink:
            write_json({"documents": counted(dump["documents"], "documents"),
                        "groups": counted(dump["groups"], "events")}, sink)


def _is_stdout(out: Any) -> bool:
    return isinstance(out, str) and out == "-"


class _Sink:
    """Text for ``raw``, passed on in pieces of about 64 KiB: as UTF-8 bytes to a binary
    stream, as text to a text stream."""

    SIZE = 1 << 16

    def __init__(self, raw: IO[Any], binary: bool):
        self._raw = raw
        self._binary = binary
        self._parts: list[str] = []
        self._size = 0

    def write(self, text: str) -> int:
        self._parts.append(text)
        self._size += len(text)
        if self._size >= self.SIZE:
            self.flush()
        return len(text)

    def flush(self) -> None:
        if self._parts:
            text = "".join(self._parts)
            self._parts.clear()
            self._size = 0
            self._raw.write(text.encode("utf-8") if self._binary else text)


@contextlib.contextmanager
def _open_target(out: str | os.PathLike[str] | IO[Any]) -> Iterator[_Sink]:
    """A text stream onto ``out``; a regular file appears (whole, by rename) only if the
    ``with`` ends without an error."""
    if _is_stdout(out):
        # Bytes, so the output is UTF-8 whatever the terminal's locale says.
        stream = getattr(sys.stdout, "buffer", None)
        if stream is None:
            sink = _Sink(sys.stdout, binary=False)
            yield sink
            sink.flush()
            return
        sys.stdout.flush()
        sink = _Sink(stream, binary=True)
        yield sink
        sink.flush()
        stream.flush()
        return
    if not isinstance(out, (str, os.PathLike)):
        text = isinstance(out, io.TextIOBase) or hasattr(out, "encoding")
        sink = _Sink(out, binary=not text)
        yield sink
        sink.flush()
        return
    path = Path(out)
    if isinstance(out, str) and out.endswith(("/", os.sep)):
        # "nope/" names a folder: Path drops the slash, and a file "nope" was written
        what = "a folder, not a file" if path.is_dir() else "no such folder"
        raise ExportError(f"{out}: {what}")
    try:
        if path.is_symlink():
            # the file it names is written; the link stays. /dev/stdout onto a pipe names
            # "pipe:[1037146]", which no path opens: then the link itself is opened
            real = Path(os.path.realpath(path))
            if real.exists():
                path = real
        st = path.stat() if path.exists() else None
        if st is not None and not stat.S_ISREG(st.st_mode):
            # a device, FIFO or terminal (/dev/null, /dev/stdout, a pipe): written to as it
            # is, never replaced by a regular file
            with open(path, "wb") as handle:
                sink = _Sink(handle, binary=True)
                yield sink
                sink.flush()
            return
        mode = st.st_mode & 0o777 if st is not None else 0o644
        if not path.parent.is_dir():
            # a typo in a folder's name made a new tree of folders, said nowhere
            what = "not a folder" if path.parent.exists() else "no such folder"
            raise ExportError(f"{path.parent}: {what}")
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                sink = _Sink(handle, binary=True)
                yield sink
                sink.flush()
            os.chmod(tmp, mode)  # mkstemp's 0600 would hide the file from others
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise ExportError(f"{path}: cannot write ({exc.strerror or exc})") from None


__all__ = [
    "FORMATS",
    "NOTHING_ACCEPTED",
    "Chronology",
    "ExportBlocked",
    "ExportError",
    "ExportResult",
    "Issue",
    "check_chronology",
    "default_output_path",
    "export_chronology",
    "find_duplicates",
    "guess_format",
    "load_chronology",
    "open_chronology",
    "render",
    "write",
    "schema_path",
]
