"""``workbench check``: is this database sound, and does every decision still hold?"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import sqlite_utils

from ..text import one_line
from . import SCHEMA_VERSION, loads

T = TypeVar("T")


@dataclass
class CheckReport:
    lines: list[tuple[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check(db: sqlite_utils.Database, backups: list[str] | None = None) -> CheckReport:
    """Every step on its own: a damaged page makes the steps that read it report it (and
    the check fail), never a traceback, and the other steps still run. ``backups``: the
    backup files beside the database, named when it is damaged."""
    report = CheckReport()
    unreadable: list[str] = []

    def step(label: str, fn: Callable[[], T]) -> T | None:
        try:
            return fn()
        except sqlite3.DatabaseError as exc:
            report.lines.append((label, f"cannot be read ({exc})"))
            unreadable.append(label)
            return None

    def one(sql: str) -> Any:
        return db.execute(sql).fetchone()[0]

    integrity = step("integrity", lambda: [r[0] for r in db.execute("PRAGMA integrity_check")])
    if integrity is not None:
        report.lines.append(("integrity", "; ".join(integrity[:5])))
        if integrity != ["ok"]:
            report.problems.append("integrity check failed: " + "; ".join(integrity[:5]))
    fk = step("foreign keys", lambda: list(db.execute("PRAGMA foreign_key_check")))
    if fk is not None:
        report.lines.append(("foreign keys", "ok" if not fk else f"{len(fk)} broken"))
        if fk:
            report.problems.append(f"{len(fk)} rows point at rows that do not exist")
    version = step("schema version", lambda: one("PRAGMA user_version"))
    if version is not None:
        report.lines.append(("schema version", f"{version} (this workbench: {SCHEMA_VERSION})"))
    # rows of each table: groups and conflicts of background too, where ``status`` counts
    # the entries' (a tester read 9 conflicts there and 18 here without a why)
    said = {"groups": "groups (entries and background)",
            "conflicts": "conflicts (entries and background)",
            # (status counts those in force: a walk read 8 there and 9 here)
            "decisions": "decisions (undone ones too)"}
    for table in ("documents", "claims", "groups", "group_members", "conflicts", "decisions"):
        n = step(table, functools.partial(one, f"SELECT count(*) FROM {table}"))
        if n is not None:
            report.lines.append((said.get(table, table), str(n)))
    orphans = {
        "claims in no group": "SELECT count(*) FROM claims c WHERE NOT EXISTS "
                              "(SELECT 1 FROM group_members m WHERE m.claim_id = c.id)",
        "groups with no claims": "SELECT count(*) FROM groups g WHERE NOT EXISTS "
                                 "(SELECT 1 FROM group_members m WHERE m.group_id = g.id)",
        "documents not extracted": "SELECT count(*) FROM documents WHERE extracted_at IS NULL "
                                   "AND extract_problem IS NULL",
    }
    for label, sql in orphans.items():
        n = step(label, functools.partial(one, sql))
        if n is None:
            continue
        report.lines.append((label, str(n)))
        if n and label != "documents not extracted":
            report.problems.append(f"{n} {label} (run `workbench group`)")
    failed = step("documents that failed", lambda: list(db.execute(
        "SELECT path, extract_problem FROM documents WHERE extract_problem IS NOT NULL "
        "ORDER BY id")))
    if failed is not None:
        report.lines.append(("documents that failed", str(len(failed))))
        # reported, not a problem of the database: the rest is extracted and grouped
        report.lines.extend((f"  {one_line(path)}", one_line(why)) for path, why in failed)
    dangling = step("decisions naming claims that are gone", lambda: _dangling(db))
    if dangling is not None:
        report.lines.append(("decisions naming claims that are gone", str(dangling)))
        if dangling:
            report.problems.append(f"{dangling} decisions name claims that no longer exist "
                                   "(and were not carried over by re-extraction)")
    if unreadable:
        where = ", ".join(backups) if backups else "NAME.bak-vN, none beside it"
        report.problems.append(
            f"the file is damaged: {len(unreadable)} of the checks cannot read it "
            f"({', '.join(unreadable[:3])}{', ...' if len(unreadable) > 3 else ''}); "
            f"restore a backup ({where}) or rebuild it (`workbench build` into a new file)")
    return report


def _dangling(db: sqlite_utils.Database) -> int:
    claim_ids = {r[0] for r in db.execute("SELECT id FROM claims")}
    aliases = {r[0]: r[1] for r in db.execute("SELECT old_id, new_id FROM claim_aliases")}
    dangling = 0
    for row in db.query("SELECT before, after FROM decisions WHERE undone = 0"):
        # reviewer decisions keep {"groups": {"<id>": snapshot with "members" or null}}
        named: set[int] = set()
        for side in ("before", "after"):
            data = loads(row[side], {}) or {}
            groups = data.get("groups", {}) if isinstance(data, dict) else {}
            for snap in groups.values() if isinstance(groups, dict) else ():
                for member in (snap or {}).get("members", []) if isinstance(snap, dict) else ():
                    if isinstance(member, list) and member and isinstance(member[0], int):
                        named.add(member[0])
        gone = {c for c in named if c not in claim_ids and aliases.get(c) not in claim_ids}
        dangling += bool(gone)
    return dangling


def contents(db: sqlite_utils.Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, without the columns that say *when* (``at``, ``*_at``)
    nor the full-text indexes (derived): what two builds of the same input must agree on,
    row for row and in order (``bench/bench_ray.py``, the engine tests)."""
    out = {}
    for table in db.table_names():
        if "_fts" in table:
            continue
        cols = [c.name for c in db[table].columns if c.name != "at" and not c.name.endswith("_at")]
        quoted = ", ".join(f'"{c}"' for c in cols)
        out[table] = db.execute(f'SELECT {quoted} FROM "{table}" ORDER BY rowid').fetchall()
    return out
