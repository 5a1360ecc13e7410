"""Stage 5: the verified, cited chronology goes out.

``export_chronology`` is what the CLI, the tests and the TUI's command palette call;
``check_chronology`` is the pre-export check. Neither imports textual, and neither writes
to the database: they only SELECT.
"""

from __future__ import annotations

import io
import os
import stat
import sys
import tempfile
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import IO, Any

import sqlite_utils

from .checks import Issue, check_chronology, find_duplicates
from .model import Chronology, DataError, count_of, load_chronology

FORMATS = ("md", "html", "json", "csv", "timelinejs")
SUFFIXES = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html",
            ".json": "json", ".csv": "csv"}  # fmt: skip
SCHEMAS = {"json": "chronology.schema.json", "timelinejs": "timelinejs.schema.json"}
DEFAULT_NAMES = {"md": "chronology.md", "html": "chronology.html", "json": "chronology.json",
                 "csv": "chronology.csv", "timelinejs": "chronology.timeline.json"}  # fmt: skip


class ExportError(Exception):
    """An export that cannot be done; the message is one line meant for the user."""


class ExportBlocked(ExportError):
    """``strict`` export refused because the pre-export check found problems."""

    def __init__(self, issues: list[Issue]):
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
    issues: list[Issue] = field(default_factory=list)
    omitted: list[str] = field(default_factory=list)
    """What this format could not hold (TimelineJS cannot place an undated event)."""
    target: str = "-"

    @property
    def empty(self) -> bool:
        return self.events == 0

    def summary(self) -> str:
        return (
            f"export: {count_of(self.events, 'event')}, "
            f"{count_of(self.citations, 'citation')} from "
            f"{count_of(self.documents, 'document')} written to {self.target} ({self.format})"
        )


def guess_format(path: str | os.PathLike[str] | None) -> str | None:
    """The format a file name asks for (``.html`` → html), or None."""
    if path is None or str(path) == "-":
        return None
    return SUFFIXES.get(Path(path).suffix.lower())


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


def render(
    chronology: Chronology, fmt: str, *, claims: bool = False
) -> tuple[str, list[str]]:
    """``chronology`` as text in ``fmt``, and what the format had to leave out."""
    if fmt == "md":
        from .to_md import render_md

        return render_md(chronology), []
    if fmt == "html":
        from .to_html import render_html

        return render_html(chronology), []
    if fmt == "json":
        from .to_json import render_json

        return render_json(chronology), []
    if fmt == "csv":
        from .to_csv import render_csv

        return render_csv(chronology, claims=claims), []
    if fmt == "timelinejs":
        from .to_timelinejs import render_timelinejs

        return render_timelinejs(chronology)
    raise ExportError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")


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
) -> ExportResult:
    """Write the chronology of accepted groups to ``out`` in ``fmt``.

    ``out`` is a path (``"-"`` for standard output) or an open stream, text or binary;
    None means :func:`default_output_path` (beside the database file).
    A file is written whole or not at all (temporary file, then rename), and only if
    ``overwrite`` or it does not exist yet. ``strict`` raises :class:`ExportBlocked`
    before writing anything when :func:`check_chronology` finds problems. ``claims``
    (csv) writes one row per citation; ``everything`` (json) writes the full dump of
    every document and group instead, in the unchanged ``dump.py`` shape.
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    if out is None:
        out = default_output_path(db, fmt)
    if claims and fmt != "csv":
        raise ExportError("--claims only applies to --format csv")
    if everything and fmt != "json":
        raise ExportError("--all only applies to --format json")
    if _is_stdout(out):
        target = "-"
    else:
        target = str(out) if isinstance(out, (str, os.PathLike)) else "stream"
    if isinstance(out, (str, os.PathLike)) and target != "-":
        path = Path(out)
        if path.is_dir():
            raise ExportError(f"{path}: is a directory")
        if path.exists() and not overwrite:
            raise ExportError(f"{path}: already exists (use --force to overwrite it)")

    result = ExportResult(format=fmt, target=target)
    if everything:
        from .dump import dump_all
        from .to_json import dumps

        dump = dump_all(db)
        text = dumps(dump)
        result.events = len(dump["groups"])
        result.documents = len(dump["documents"])
        result.citations = sum(len(g["claims"]) for g in dump["groups"])
    else:
        try:
            chronology = load_chronology(db, title=title)
        except DataError as exc:
            raise ExportError(str(exc)) from None
        result.issues = check_chronology(chronology)
        if strict and result.issues:
            raise ExportBlocked(result.issues)
        text, result.omitted = render(chronology, fmt, claims=claims)
        result.events = len(chronology.events)
        result.citations = len(chronology.citations)
        result.documents = len(chronology.documents)
    _write(text, out)
    return result


def _is_stdout(out: Any) -> bool:
    return isinstance(out, str) and out == "-"


def _write(text: str, out: str | os.PathLike[str] | IO[Any]) -> None:
    data = text.encode("utf-8")
    if _is_stdout(out):
        # Bytes, so the output is UTF-8 whatever the terminal's locale says.
        stream = getattr(sys.stdout, "buffer", None)
        if stream is None:
            sys.stdout.write(text)
        else:
            sys.stdout.flush()
            stream.write(data)
            stream.flush()
        return
    if not isinstance(out, (str, os.PathLike)):
        if isinstance(out, io.TextIOBase) or hasattr(out, "encoding"):
            out.write(text)
        else:
            out.write(data)
        return
    path = Path(out)
    try:
        if path.is_symlink():
            path = Path(os.path.realpath(path))  # the file it names is written; the link stays
        st = path.stat() if path.exists() else None
        if st is not None and not stat.S_ISREG(st.st_mode):
            # a device, FIFO or terminal (/dev/null, /dev/stdout, a pipe): written to as it
            # is, never replaced by a regular file
            with open(path, "wb") as handle:
                handle.write(data)
            return
        mode = st.st_mode & 0o777 if st is not None else 0o644
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(tmp, mode)  # mkstemp's 0600 would hide the file from others
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise ExportError(f"{path}: cannot write ({exc.strerror or exc})") from None


__all__ = [
    "FORMATS",
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
    "render",
    "schema_path",
]
