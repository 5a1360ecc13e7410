"""The full machine-readable dump (``workbench export --format json --all``).

Its shape is documented in docs/FORMATS.md ("JSON dump") and is a contract: later formats are
added beside it, and this one only ever gains keys (``stated_date`` and
``stated_provenance`` came with schema 3; ``background``, ``importance`` and a claim's
``event`` and ``aspect`` with schema 4, its ``dated_parts`` with schema 10), never loses or
renames one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

import sqlite_utils

from ..db import loads

DOCUMENT_FIELDS = ("id", "path", "title", "source", "url", "published", "published_provenance",
                   "published_evidence")


def dump_all(db: sqlite_utils.Database) -> dict[str, Any]:
    """The whole dump in memory (tests and small uses); the exporter writes
    :func:`iter_dump` as it reads it."""
    dump = iter_dump(db)
    return {"documents": list(dump["documents"]), "groups": list(dump["groups"])}


def iter_dump(db: sqlite_utils.Database) -> dict[str, Iterator[dict[str, Any]]]:
    """The dump with its two lists as iterators over cursors, read as they are written
    (``to_json.write_json``): one document, or one group with its claims, at a time."""
    return {"documents": _documents(db.conn), "groups": _groups(db.conn)}


def _documents(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    for row in conn.execute(f"SELECT {', '.join(DOCUMENT_FIELDS)} FROM documents ORDER BY id"):
        yield dict(zip(DOCUMENT_FIELDS, row, strict=True))


# Groups by date (undated last), then id; the claims and conflicts cursors are sorted the
# same way first, so each group's rows are next in line when the group is written.
_GROUP_ORDER = "g.event_date IS NULL, g.event_date, g.id"


def _rows(conn: sqlite3.Connection, sql: str) -> sqlite3.Cursor:
    cursor = conn.cursor()
    cursor.row_factory = sqlite3.Row
    return cursor.execute(sql)


def _groups(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    claims = _Next(_rows(conn, f"""
        SELECT m.group_id, m.similarity, m.event, c.* FROM group_members m
        JOIN claims c ON c.id = m.claim_id
        JOIN groups g ON g.id = m.group_id
        ORDER BY {_GROUP_ORDER}, c.document_id, c.char_start, c.id
        """))
    conflicts = _Next(_rows(conn, f"SELECT f.* FROM conflicts f JOIN groups g ON "
                                  f"g.id = f.group_id ORDER BY {_GROUP_ORDER}, f.id"))
    for row in _rows(conn, f"SELECT * FROM groups g ORDER BY {_GROUP_ORDER}"):
        yield {
            "id": row["id"],
            "status": row["status"],
            "event_date": row["event_date"],
            "date_precision": row["date_precision"],
            # how the date is known: "sources" (its claims state it), "published" (none
            # does: the day its first report was published), null when undated; a
            # reviewer's own date is named in "edited"
            "date_basis": row["date_basis"],
            "edited": loads(row["edited"], []),
            "title": row["title"],
            "note": row["note"],
            "sources": row["sources"],
            # background: its claims report no happening (hidden from the default queue)
            "background": bool(row["background"]),
            # new evidence came in after a reviewer decided on it (back in the queue if it
            # had been accepted or rejected) and it has not been decided again
            "changed_since_review": bool(row["changed_since_review"]),
            "importance": row["importance"],
            "conflicts": [_conflict(c) for c in conflicts.take(row["id"])],
            "claims": [_claim(c) for c in claims.take(row["id"])],
        }


class _Next:
    """A cursor sorted like the groups, taken one group's rows at a time."""

    def __init__(self, cursor: sqlite3.Cursor):
        self._rows = iter(cursor)
        self._next = next(self._rows, None)

    def take(self, group_id: int) -> list[sqlite3.Row]:
        out = []
        while self._next is not None and self._next["group_id"] == group_id:
            out.append(self._next)
            self._next = next(self._rows, None)
        return out


def _conflict(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "kind": row["kind"],
        "subject": row["subject"],
        "values": loads(row["values"], []),
        "claim_ids": loads(row["claim_ids"], []),
        "resolution": row["resolution"],
    }


def _claim(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "document_id": row["document_id"],
        "char_start": row["char_start"],
        "char_end": row["char_end"],
        "text": row["text"],
        "date": row["date"],
        "date_precision": row["date_precision"],
        "date_provenance": row["date_provenance"],
        "date_text": row["date_text"],
        # what the source's own words give, when the group changed the date
        "stated_date": row["stated_date"],
        "stated_provenance": row["stated_provenance"],
        "speaker": row["speaker"],
        "entities": loads(row["entities"], []),
        "numbers": loads(row["numbers"], []),
        "similarity": row["similarity"],
        # the fine event of its entry the claim reports (claims of one event are
        # compared for conflicts), and how it tells it: past, present or future
        "event": row["event"],
        "aspect": row["aspect"],
        # phrases of it that a date of their own places ("the 1995 shooting")
        "dated_parts": loads(row["dated_parts"], []),
    }
