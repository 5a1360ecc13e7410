"""The full machine-readable dump (``workbench export --format json --all``).

Its shape is documented in docs/FORMATS.md ("JSON dump") and is a contract: later formats are
added beside it, and this one only ever gains keys (``stated_date`` and
``stated_provenance`` came with schema 3; ``background``, ``importance`` and a claim's
``event`` and ``aspect`` with schema 4), never loses or renames one.
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

from ..db import loads

DOCUMENT_FIELDS = ("id", "path", "title", "source", "url", "published", "published_provenance",
                   "published_evidence")


def dump_all(db: sqlite_utils.Database) -> dict[str, Any]:
    documents = [
        dict(zip(DOCUMENT_FIELDS, row, strict=True))
        for row in db.execute(f"SELECT {', '.join(DOCUMENT_FIELDS)} FROM documents ORDER BY id")
    ]
    claims_by_group: dict[int, list[dict[str, Any]]] = {}
    for row in db.query(
        """
        SELECT m.group_id, m.similarity, m.event, c.* FROM group_members m
        JOIN claims c ON c.id = m.claim_id
        ORDER BY m.group_id, c.document_id, c.char_start
        """
    ):
        claims_by_group.setdefault(row["group_id"], []).append(
            {
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
            }
        )
    conflicts_by_group: dict[int, list[dict[str, Any]]] = {}
    for row in db.query("SELECT * FROM conflicts ORDER BY group_id, id"):
        conflicts_by_group.setdefault(row["group_id"], []).append(
            {
                "kind": row["kind"],
                "subject": row["subject"],
                "values": loads(row["values"], []),
                "claim_ids": loads(row["claim_ids"], []),
                "resolution": row["resolution"],
            }
        )
    groups = [
        {
            "id": row["id"],
            "status": row["status"],
            "event_date": row["event_date"],
            "date_precision": row["date_precision"],
            "title": row["title"],
            "note": row["note"],
            "sources": row["sources"],
            # background: its claims report no happening (hidden from the default queue)
            "background": bool(row["background"]),
            "importance": row["importance"],
            "conflicts": conflicts_by_group.get(row["id"], []),
            "claims": claims_by_group.get(row["id"], []),
        }
        for row in db.query(
            "SELECT * FROM groups ORDER BY event_date IS NULL, event_date, id"
        )
    ]
    return {"documents": documents, "groups": groups}
