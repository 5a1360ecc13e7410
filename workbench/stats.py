"""Corpus counts shown by ``workbench status`` and the TUI header."""

from __future__ import annotations

import sqlite_utils

from .text import WANTS_REVIEW_SQL


def corpus_status(db: sqlite_utils.Database) -> list[tuple[str, int, int | None]]:
    """(label, count, how many of them are resolved or None) for each line of ``status``.
    Conflicts are counted as conflicts under their own heading, each kind beside it: an
    entry can hold several (13 entries held 24), so they never read as entries."""
    one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
    rows: list[tuple[str, int, int | None]] = [
        ("documents", one("SELECT count(*) FROM documents"), None),
        ("documents not extracted", one("SELECT count(*) FROM documents WHERE extracted_at IS NULL "
                                        "AND extract_problem IS NULL"), None),
        ("documents that failed", one("SELECT count(*) FROM documents "
                                      "WHERE extract_problem IS NOT NULL"), None),
        ("claims", one("SELECT count(*) FROM claims"), None),
        # the review's own counts: entries (the queue), and background, one key away
        ("chronology entries", one("SELECT count(*) FROM groups WHERE background = 0"), None),
    ]
    for status in ("pending", "accepted", "rejected", "skipped"):
        n = one(f"SELECT count(*) FROM groups WHERE background = 0 AND status = '{status}'")
        rows.append((f"  {status}", n, None))
    # decided entries a build sent back or dated again: what to look at after a build
    rows.append(("entries changed since review",
                 one("SELECT count(*) FROM groups WHERE background = 0 "
                     "AND changed_since_review = 1"), None))
    rows.append(("entries with several sources",
                 one("SELECT count(*) FROM groups WHERE background = 0 AND sources > 1"), None))
    # an entry is resolved when every one of its conflicts is
    entries, settled = db.execute(
        "SELECT count(*), coalesce(sum(open = 0), 0) FROM (SELECT count(*) - "
        "count(c.resolution) AS open FROM conflicts c JOIN groups g ON g.id = c.group_id "
        "WHERE g.background = 0 GROUP BY c.group_id)").fetchone()
    rows.append(("entries with conflicts", entries, settled))
    kinds = {kind: (n, resolved) for kind, n, resolved in db.execute(
        "SELECT c.kind, count(*), count(c.resolution) FROM conflicts c "
        "JOIN groups g ON g.id = c.group_id WHERE g.background = 0 GROUP BY c.kind")}
    rows.append(("conflicts in entries", sum(n for n, _r in kinds.values()),
                 sum(r for _n, r in kinds.values())))
    for kind in ("date", "number", "name"):
        n, resolved = kinds.get(kind, (0, 0))
        rows.append((f"  {kind}", n, resolved))
    # settled, then contradicted by reports a build brought in: to look at again
    rows.append(("  contradicted since settled", one(
        "SELECT count(*) FROM conflicts c JOIN groups g ON g.id = c.group_id "
        f"WHERE g.background = 0 AND c.resolution IS NOT NULL AND {WANTS_REVIEW_SQL}"), None))
    rows.append(("background groups",
                 one("SELECT count(*) FROM groups WHERE background = 1"), None))
    rows.append(("decisions", one("SELECT count(*) FROM decisions WHERE undone = 0"), None))
    return rows


def extraction_problems(db: sqlite_utils.Database) -> list[tuple[str, str]]:
    """(path, why) of every document extraction failed on; it is skipped until the
    extractor changes (see ``extract_pending``)."""
    return [(r[0], r[1]) for r in db.execute(
        "SELECT path, extract_problem FROM documents WHERE extract_problem IS NOT NULL "
        "ORDER BY id")]
