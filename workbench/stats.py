"""Corpus counts shown by ``workbench status`` and the TUI header."""

from __future__ import annotations

import sqlite_utils


def corpus_status(db: sqlite_utils.Database) -> list[tuple[str, int]]:
    one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
    rows: list[tuple[str, int]] = [
        ("documents", one("SELECT count(*) FROM documents")),
        ("documents not extracted", one("SELECT count(*) FROM documents WHERE extracted_at IS NULL "
                                        "AND extract_problem IS NULL")),
        ("documents that failed", one("SELECT count(*) FROM documents "
                                      "WHERE extract_problem IS NOT NULL")),
        ("claims", one("SELECT count(*) FROM claims")),
        # the review's own counts: entries (the queue), and background, one key away
        ("chronology entries", one("SELECT count(*) FROM groups WHERE background = 0")),
    ]
    for status in ("pending", "accepted", "rejected", "skipped"):
        n = one(f"SELECT count(*) FROM groups WHERE background = 0 AND status = '{status}'")
        rows.append((f"  {status}", n))
    rows.append(("entries with several sources",
                 one("SELECT count(*) FROM groups WHERE background = 0 AND sources > 1")))
    rows.append(("entries with conflicts", one(
        "SELECT count(DISTINCT group_id) FROM conflicts c JOIN groups g ON g.id = c.group_id "
        "WHERE g.background = 0")))
    for kind in ("date", "number", "name"):
        rows.append((f"  {kind} conflicts", one(
            "SELECT count(*) FROM conflicts c JOIN groups g ON g.id = c.group_id "
            f"WHERE g.background = 0 AND c.kind = '{kind}'")))
    rows.append(("background groups",
                 one("SELECT count(*) FROM groups WHERE background = 1")))
    rows.append(("decisions", one("SELECT count(*) FROM decisions WHERE undone = 0")))
    return rows


def extraction_problems(db: sqlite_utils.Database) -> list[tuple[str, str]]:
    """(path, why) of every document extraction failed on; it is skipped until the
    extractor changes (see ``extract_pending``)."""
    return [(r[0], r[1]) for r in db.execute(
        "SELECT path, extract_problem FROM documents WHERE extract_problem IS NOT NULL "
        "ORDER BY id")]
