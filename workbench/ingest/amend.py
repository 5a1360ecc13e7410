"""Correcting a stored document's metadata: its publication date, title, source and URL.

Two ways in, one function (``amend``): the reviewer (``workbench doc set``, the source
view's key) and a sidecar or front matter added or changed after the document was first
ingested (``file_changes``: what the file says now against what it said when last read,
``documents.file_meta``; an unchanged file never overrides the reviewer's correction).

A changed publication date makes the document due for extraction again
(``extracted_at`` NULL): the next extract re-dates its claims, carrying their group
places over (``extract.remap``), and the next regroup follows. Each change is one row in
the ``decisions`` log (``before``/``after`` hold ``{"documents": {"<id>": fields}}``), so
the review's undo takes it back like any decision.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from ..dates import ADDRESS_ORIGINS, DateError, normalise_published
from ..dates.expressions import why_not_written
from ..db import dumps, loads, log_decision
from ..text import date_examples
from .errors import IngestError
from .metadata import Metadata
from .paths import display

# The document columns a correction can change, as a decision's snapshot holds them.
FIELDS = ("title", "source", "url", "published", "published_precision",
          "published_provenance", "published_evidence")
# What the file's own metadata is compared on (``documents.file_meta``).
FILE_FIELDS = ("title", "source", "url", "published")
# Log actions: the reviewer's correction, and a changed sidecar or front matter.
SET_ACTION = "doc-set"
FILE_ACTION = "doc-file"


@dataclass(frozen=True)
class Amendment:
    document_id: int
    decision_id: int | None  # None when nothing changed
    changed: tuple[str, ...]  # title, source, url, published
    redate: bool  # the publication date changed: claims are due for extraction again
    message: str


def find_document(conn: sqlite3.Connection, ref: str) -> int:
    """A document by its number in the database ("3"), by path as stored or as given
    ("seeds/001_x.txt"), or by the id its record gave it (a JSON Lines article's "id", as
    the review screen names it: "2010-01-13/1004.htm.txt"); an :class:`IngestError`
    saying so when there is none."""
    ref = ref.strip()
    if ref.isdigit():
        row = conn.execute("SELECT id FROM documents WHERE id = ?", [int(ref)]).fetchone()
        if row:
            return row[0]
    plain = os.path.normpath(ref) if ref else ref  # "./seeds/x.txt" is "seeds/x.txt"
    rows = conn.execute("SELECT id FROM documents WHERE path IN (?, ?) OR path LIKE ? "
                        "ESCAPE '\\' ORDER BY id",
                        [ref, plain, "%/" + _like(plain.lstrip("./"))]).fetchall()
    if not rows and os.path.exists(ref):
        # the same file however the build and this command spelled it: absolute, relative
        # to another folder, through a symbolic link
        real = os.path.realpath(ref)
        rows = [(doc_id,) for doc_id, path in conn.execute(
            "SELECT id, path FROM documents WHERE path LIKE ? ESCAPE '\\' ORDER BY id",
            ["%" + _like(os.path.basename(real))]) if os.path.realpath(path) == real]
    if not rows:
        rows = conn.execute("SELECT id FROM documents WHERE external_id = ? ORDER BY id",
                            [ref]).fetchall()
    if len(rows) == 1:
        return rows[0][0]
    if len(rows) > 1:
        raise IngestError(f"{display(ref)}: {len(rows)} documents match; give the document's "
                          "number in the database")
    raise IngestError(f"{display(ref)}: no such document in the database (give its number, "
                      "its path as ingested, or its record's id)")


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def snapshot(conn: sqlite3.Connection, document_id: int) -> dict[str, Any] | None:
    row = conn.execute(f"SELECT {', '.join(FIELDS)} FROM documents WHERE id = ?",
                       [document_id]).fetchone()
    return dict(zip(FIELDS, row, strict=True)) if row else None


# A publication date no source gave is the machine's guess, and moves without anyone's
# action: grouping raises a guess to the day of an occasion the article reports
# (``dates.published.reporting_floors``).
_GUESS_FIELDS = frozenset({"published", "published_precision", "published_provenance",
                           "published_evidence"})


def _guesses(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return all(f.get("published_provenance") in ("inferred", "unknown") for f in (a, b))


def same(current: dict[str, Any], expected: dict[str, Any]) -> bool:
    """Does a document read as a correction left it? A guessed date that moved since
    (the guess is the machine's, never a person's) is no change: an undo of a title set
    before a build raised the guess went on being refused."""
    keys = [k for k in FIELDS if not (k in _GUESS_FIELDS and _guesses(current, expected))]
    return all(current.get(k) == expected.get(k) for k in keys)


def published_fields(raw: str, origin: str, example: str | None = None) -> dict[str, Any]:
    """The publication-date columns for a date stated by ``origin`` ("set by ana",
    "sidecar a.meta.json"); :class:`IngestError` for a value that is not a date, shown
    with ``example`` (the document's own date: never another story's)."""
    try:
        normal = normalise_published(raw)
    except DateError:
        why = why_not_written(raw)  # "2025-02-30": February 2025 has 28 days
        raise IngestError(f"publication date {raw!r} is not a date "
                          f"{f'({why}) ' if why else ''}like {date_examples(example).day}"
                          ) from None
    return {"published": normal.value, "published_precision": normal.precision,
            "published_provenance": "given", "published_evidence": f"{origin}: {raw.strip()}"}


def example_day(conn: sqlite3.Connection, document_id: int) -> str | None:
    """A day to show in a refusal: the document's publication date, else the latest of
    the collection's."""
    return conn.execute("SELECT coalesce((SELECT published FROM documents WHERE id = ?), "
                        "(SELECT max(published) FROM documents))", [document_id]).fetchone()[0]


def requested(*, published: str | None = None, title: str | None = None,
              source: str | None = None, url: str | None = None,
              origin: str, example: str | None = None) -> dict[str, Any]:
    """The columns a correction asks for (None = leave as is), checked; ``example``: a
    date to show with a refused one (see :func:`published_fields`)."""
    changes: dict[str, Any] = {}
    for name, value in (("title", title), ("source", source), ("url", url)):
        if value is not None:
            value = " ".join(value.split()) if name == "title" else value.strip()
            if not value:
                raise IngestError(f"the {name} cannot be empty")
            changes[name] = value
    if published is not None:
        fields = published_fields(published, origin, example)
        # a reviewer's date after today is a slip of the keyboard ("2099-01-01" was taken
        # silently, and re-dated five decided entries)
        today = dt.date.today().isoformat()
        if fields["published"] > today[:len(fields["published"])]:
            raise IngestError(f"publication date {published.strip()!r} is after today "
                              f"({today})")
        changes.update(fields)
    return changes


def amend(conn: sqlite3.Connection, document_id: int, changes: dict[str, Any], *,
          reviewer: str, action: str = SET_ACTION,
          file_meta: dict[str, Any] | None = None) -> Amendment:
    """Write ``changes`` (columns of ``FIELDS``) to the document in one transaction, log
    the decision, and make the document due for extraction again when its date changed.
    ``file_meta``: what the file says now, stored with it (``file_changes``)."""
    if conn.in_transaction:
        conn.commit()
    conn.execute("BEGIN IMMEDIATE")
    try:
        before = snapshot(conn, document_id)
        if before is None:
            raise IngestError(f"document {document_id} is no longer in the database")
        sets = {k: v for k, v in changes.items() if k in FIELDS and before[k] != v}
        redate = any(k.startswith("published") for k in sets)
        if file_meta is not None:
            conn.execute("UPDATE documents SET file_meta = ? WHERE id = ?",
                         [dumps(file_meta), document_id])
        decision = None
        if sets:
            if redate:
                sets["extracted_at"] = None
            conn.execute(f"UPDATE documents SET {', '.join(f'{k} = ?' for k in sets)} "
                         "WHERE id = ?", [*sets.values(), document_id])
            after = snapshot(conn, document_id)
            decision = log(conn, reviewer, action, {document_id: before},
                           {document_id: after})
    except BaseException:
        conn.rollback()
        raise
    conn.commit()
    said = described(conn, document_id, before, sets)
    return Amendment(document_id, decision, _changed(sets), redate, said)


def _changed(sets: dict[str, Any]) -> tuple[str, ...]:
    """The fields ``sets`` changes, as said: "published" for its date, precision and
    provenance alike."""
    return tuple(dict.fromkeys("published" if k.startswith("published") else k
                               for k in sets if k in FIELDS))


def described(conn: sqlite3.Connection, document_id: int, before: dict[str, Any],
              sets: dict[str, Any]) -> str:
    """What setting ``sets`` on a document that was ``before`` does, in words: "002_…txt
    (document 3): published 2025-06-03" (a correction, its undo and its redo)."""
    # named by its file: "document 3" was taken for seed 003 when the file was 002
    path = conn.execute("SELECT path FROM documents WHERE id = ?", [document_id]).fetchone()
    who = f"{display(PurePath(path[0]).name) if path else 'document'} (document {document_id})"
    sets = {k: v for k, v in sets.items() if before.get(k) != v}
    changed = _changed(sets)
    if not changed:
        return f"{who}: nothing changed"
    said = ", ".join(_published_said(before, sets) if k == "published"
                     else f"{k} {sets[k]!r}" for k in changed)
    return f"{who}: {said}"


def _published_said(before: dict[str, Any], sets: dict[str, Any]) -> str:
    """The new publication date in words; a guess confirmed as it was ("published
    2025-06-07, no longer a guess") changes the provenance, not the date."""
    if "published" in sets:
        if sets["published"] is None:
            return "no publication date"
        guess = sets.get("published_provenance", "given") != "given"
        return f"published {sets['published']}" + (", a guess" if guess else "")
    if sets.get("published_provenance") not in (None, "given"):
        return f"published {before['published']}, a guess again"
    return f"published {before['published']}, no longer a guess"


def log(conn: sqlite3.Connection, reviewer: str, action: str,
        before: dict[int, Any], after: dict[int, Any]) -> int:
    """A decisions row for a document change (no group: ``group_id`` NULL)."""
    return log_decision(
        conn, reviewer, action, None,
        {"groups": {}, "documents": {str(k): v for k, v in before.items()}},
        {"groups": {}, "documents": {str(k): v for k, v in after.items()}})


def restore(conn: sqlite3.Connection, document_id: int, fields: dict[str, Any]) -> bool:
    """Put a snapshot's fields back (undo/redo; inside the caller's transaction). Whether
    the publication date changed (the document is then due for extraction again)."""
    current = snapshot(conn, document_id)
    if current is None:
        raise IngestError(f"document {document_id} is no longer in the database")
    keep_guess = _guesses(current, fields)  # (one guess for another: the machine's)
    sets = {k: fields[k] for k in FIELDS if k in fields and current[k] != fields[k]
            and not (keep_guess and k in _GUESS_FIELDS)}
    redate = any(k.startswith("published") for k in sets)
    if redate:
        sets["extracted_at"] = None
    if sets:
        conn.execute(f"UPDATE documents SET {', '.join(f'{k} = ?' for k in sets)} WHERE id = ?",
                     [*sets.values(), document_id])
    return redate


def _stated(conn: sqlite3.Connection, document_id: int) -> bool:
    row = conn.execute("SELECT published_provenance FROM documents WHERE id = ?",
                       [document_id]).fetchone()
    return bool(row) and row[0] == "given"


def file_record(meta: Metadata) -> dict[str, Any]:
    """What a file's metadata says, as ``documents.file_meta`` keeps it."""
    return {name: getattr(meta, name) for name in FILE_FIELDS}


def file_changes(conn: sqlite3.Connection, document_id: int,
                 meta: Metadata) -> tuple[dict[str, Any], dict[str, Any]]:
    """(columns to change, file record) for a document ingested before whose file now says
    something new: each field the file gives that differs from what it gave when last
    read. Before ``file_meta`` was kept, what was last read is what the document holds.
    :class:`IngestError` for a publication date that is not a date."""
    now_says = file_record(meta)
    row = conn.execute("SELECT file_meta FROM documents WHERE id = ?", [document_id]).fetchone()
    last = loads(row[0], None) if row else None
    if last is None:
        current = snapshot(conn, document_id) or {}
        last = {k: current.get(k) for k in ("title", "source", "url")}
        evidence = current.get("published_evidence") or ""
        given = current.get("published_provenance") == "given" and ": " in evidence
        last["published"] = evidence.split(": ", 1)[1] if given else None
    new = {k: v for k, v in now_says.items() if v is not None and v != last.get(k)}
    if "published" in new and meta.published_origin in ADDRESS_ORIGINS and _stated(
            conn, document_id):
        del new["published"]  # an address only fills a gap (a build before it was read)
    changes: dict[str, Any] = {k: v for k, v in new.items() if k != "published"}
    if "published" in new:
        changes.update(published_fields(new["published"], meta.published_origin or "metadata",
                                        example_day(conn, document_id)))
    return changes, now_says
