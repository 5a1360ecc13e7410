"""``workbench check``: is this database sound, and does every decision still hold?"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlite_utils

from . import SCHEMA_VERSION, loads


@dataclass
class CheckReport:
    lines: list[tuple[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check(db: sqlite_utils.Database) -> CheckReport:
    report = CheckReport()
    one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
    integrity = [r[0] for r in db.execute("PRAGMA integrity_check")]
    report.lines.append(("integrity", ", ".join(integrity)))
    if integrity != ["ok"]:
        report.problems.append("integrity check failed: " + "; ".join(integrity[:5]))
    fk = list(db.execute("PRAGMA foreign_key_check"))
    report.lines.append(("foreign keys", "ok" if not fk else f"{len(fk)} broken"))
    if fk:
        report.problems.append(f"{len(fk)} rows point at rows that do not exist")
    version = one("PRAGMA user_version")
    report.lines.append(("schema version", f"{version} (this workbench: {SCHEMA_VERSION})"))
    for table in ("documents", "claims", "groups", "group_members", "conflicts", "decisions"):
        report.lines.append((table, str(one(f"SELECT count(*) FROM {table}"))))
    orphans = {
        "claims in no group": "SELECT count(*) FROM claims c WHERE NOT EXISTS "
                              "(SELECT 1 FROM group_members m WHERE m.claim_id = c.id)",
        "groups with no claims": "SELECT count(*) FROM groups g WHERE NOT EXISTS "
                                 "(SELECT 1 FROM group_members m WHERE m.group_id = g.id)",
        "documents not extracted": "SELECT count(*) FROM documents WHERE extracted_at IS NULL",
    }
    for label, sql in orphans.items():
        n = one(sql)
        report.lines.append((label, str(n)))
        if n and label != "documents not extracted":
            report.problems.append(f"{n} {label} (run `workbench group`)")
    claim_ids = {r[0] for r in db.execute("SELECT id FROM claims")}
    group_ids = {r[0] for r in db.execute("SELECT id FROM groups")}
    dangling = 0
    for row in db.query("SELECT id, group_id, before, after FROM decisions WHERE undone = 0"):
        if row["group_id"] is not None and row["group_id"] not in group_ids:
            after = loads(row["after"], {}) or {}
            if not isinstance(after, dict) or not after.get("merged_into"):
                dangling += 1
                continue
        for side in ("before", "after"):
            data = loads(row[side], {}) or {}
            ids = data.get("claim_ids") or data.get("claims") or [] if isinstance(data, dict) else []
            if any(isinstance(i, int) and i not in claim_ids for i in ids):
                dangling += 1
                break
    report.lines.append(("decisions on missing groups/claims", str(dangling)))
    if dangling:
        report.problems.append(f"{dangling} decisions refer to groups or claims that no longer exist")
    return report
