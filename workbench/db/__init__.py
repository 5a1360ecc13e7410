"""The one SQLite file that holds all state: opening it, migrating it, small helpers.

Nothing here runs at import time; callers open the database with :func:`connect`.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import functools
import json
import os
import re
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import sqlite_utils

from .schema import MIGRATIONS, SCHEMA_VERSION

DEFAULT_DB = Path("db/workbench.db")
BUSY_TIMEOUT_MS = 5000


class DatabaseError(Exception):
    """A database the workbench cannot use; the message is meant for the user."""


def explain(path: str | os.PathLike[str], exc: sqlite3.Error | OSError) -> str:
    """One line for the user about a database that failed under us: which file, what is
    wrong, what to do. Every write is one transaction, so nothing was written half."""
    text = str(exc)
    low = text.lower()
    if "readonly" in low or "read-only" in low or getattr(exc, "errno", None) in (13, 30):
        what = ("is read-only; nothing was changed (check the permissions of the file and "
                "its folder, or work on a copy)")
    elif "disk is full" in low or getattr(exc, "errno", None) == 28:
        what = ("the disk is full; the step that was running was rolled back, nothing is "
                "written half (free some space and run it again)")
    elif "locked" in low or "busy" in low:
        what = ("is in use by another process (a build or another workbench); try again "
                "when it has finished")
    elif "malformed" in low or "not a database" in low or "corrupt" in low:
        what = (f"is damaged ({text}); run `workbench check` and restore a backup "
                "(NAME.bak-vN) or rebuild it")
    else:
        what = f"database error ({text})"
    return f"{path}: {what}"


def default_db_path() -> Path:
    """Where the database lives unless ``--db`` says otherwise."""
    return Path(os.environ.get("WORKBENCH_DB") or DEFAULT_DB)


def now() -> str:
    """UTC timestamp as ISO text, the form every ``*_at`` column uses."""
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="milliseconds")


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def loads(text: str | None, default: Any = None) -> Any:
    if text is None or text == "":
        return default
    return json.loads(text)


def connect(path: str | os.PathLike[str], *, create: bool = True) -> sqlite_utils.Database:
    """Open (and if needed create and migrate) the workbench database at ``path``.

    WAL mode lets a reader (the TUI) and a writer (an ingest) work at once; the busy
    timeout makes a writer wait for the other rather than fail. Each write goes through
    :func:`transaction` so that it is one transaction, taken at once.
    """
    path = Path(path)
    if str(path) != ":memory:":
        if not path.exists():
            if not create:
                raise DatabaseError(f"{path}: no such database (build one with `workbench build`)")
            path.parent.mkdir(parents=True, exist_ok=True)
        elif path.is_dir():
            raise DatabaseError(f"{path}: is a directory, not a database file")
    read_only = False
    try:
        conn = sqlite3.connect(str(path), check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        if str(path) != ":memory:":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        if "not a database" in str(exc):
            raise DatabaseError(f"{path}: not a workbench database ({exc})") from None
        # storage nobody may write ("unable to open" the WAL's files beside it), not a
        # busy or damaged file: those are said as they are
        readable = _read_only(path) if path.is_file() and _unwritable(exc) else None
        if readable is None:
            raise DatabaseError(explain(path, exc)) from None
        conn, read_only = readable, True
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version < 0:
        conn.close()
        raise DatabaseError(
            f"{path}: unknown schema version {version} (PRAGMA user_version); no workbench "
            "writes that: restore a backup (NAME.bak-vN) or rebuild it")
    if version > SCHEMA_VERSION:
        conn.close()
        raise DatabaseError(
            f"{path}: written by a newer workbench (schema {version}, this one knows "
            f"{SCHEMA_VERSION}); upgrade workbench to open it"
        )
    if version == 0 and _has_foreign_tables(conn):
        conn.close()
        raise DatabaseError(f"{path}: not a workbench database (it has other tables)")
    if 0 < version < SCHEMA_VERSION:
        try:
            problem = _mismatch(conn, version)
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise DatabaseError(explain(path, exc)) from None
        if problem:
            conn.close()
            raise DatabaseError(f"{path}: {problem}; nothing was migrated")
    if version < SCHEMA_VERSION and read_only:
        conn.close()
        raise DatabaseError(f"{path}: is read-only, and this workbench must upgrade it "
                            f"(schema {version} to {SCHEMA_VERSION}); work on a copy")
    if version < SCHEMA_VERSION:
        if version > 0 and str(path) != ":memory:":
            backup = path.with_name(f"{path.name}.bak-v{version}")
            conn.execute("PRAGMA wal_checkpoint(FULL)")
            shutil.copy2(path, backup)
        _migrate(conn, version)
    return sqlite_utils.Database(conn)


def open_reader(path: str | os.PathLike[str]) -> sqlite3.Connection:
    """A second connection to the database for reads only (the review screen keeps one
    per kind of work), also on storage nobody may write (``_read_only``)."""
    try:
        conn = sqlite3.connect(str(path), check_same_thread=False,
                               timeout=BUSY_TIMEOUT_MS / 1000)
        conn.execute("PRAGMA user_version").fetchone()
    except sqlite3.Error as exc:
        readable = _read_only(Path(path)) if _unwritable(exc) else None
        if readable is None:
            raise DatabaseError(explain(path, exc)) from None
        conn = readable
    conn.execute("PRAGMA query_only = ON")
    return conn


def _unwritable(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return "unable to open" in text or "readonly" in text or "read-only" in text


def _read_only(path: Path) -> sqlite3.Connection | None:
    """The database on storage nobody may write (a read-only mount, an archive): SQLite
    cannot make the WAL's shared-memory file beside it, so it is read as it is, and a
    write says the file is read-only. None when it cannot be read that way either."""
    for query in ("mode=ro", "mode=ro&immutable=1"):
        try:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?{query}", uri=True,
                                   check_same_thread=False)
            conn.execute("PRAGMA user_version").fetchone()
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error:
            continue
        conn.execute("PRAGMA foreign_keys = ON")
        return conn
    return None


def _columns(conn: sqlite3.Connection) -> dict[str, tuple[str, ...]]:
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    return {n: tuple(r[1] for r in conn.execute(f'PRAGMA table_info("{n}")')) for n in names}


_TOKENIZE = re.compile(r"tokenize\s*=\s*'([^']*)'")


def _signature(conn: sqlite3.Connection) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The tables with their columns, the indexes with their tables and the full-text
    tables with their tokenizers: what a schema version is recognised by (migration 11
    adds an index and nothing else, 12 changes how the search tables read words)."""
    indexes = {f"index {name}": (table,) for name, table in conn.execute(
        "SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' "
        "AND name NOT LIKE 'sqlite_%'")}
    tokenizers = {f"tokenize {name}": (m.group(1),) for name, sql in conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' "
        "AND sql LIKE 'CREATE VIRTUAL TABLE%'") if (m := _TOKENIZE.search(sql or ""))}
    return tuple(sorted({**_columns(conn), **indexes, **tokenizers}.items()))


@functools.lru_cache(maxsize=None)
def _schema(version: int) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The tables, columns and indexes that migrations 1..``version`` make."""
    conn = sqlite3.connect(":memory:")
    try:
        for script in MIGRATIONS[:version]:
            conn.executescript(script)
        return _signature(conn)
    finally:
        conn.close()


def _mismatch(conn: sqlite3.Connection, version: int) -> str | None:
    """Why the tables are not those of schema ``version`` (``user_version`` was set by
    hand, or copied from another file), or None. Running the later migrations over
    tables that already have their columns would fail half-way or apply twice."""
    found = _signature(conn)
    if found == _schema(version):
        return None
    same = [v for v in range(1, SCHEMA_VERSION + 1) if _schema(v) == found]
    looks = f"they are those of schema {same[0]}" if same else "they match no schema"
    return (f"PRAGMA user_version says schema {version} but the tables do not match it "
            f"({looks}); restore a backup (NAME.bak-vN) or set the right user_version")


def _has_foreign_tables(conn: sqlite3.Connection) -> bool:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return bool(rows)


def _migrate(conn: sqlite3.Connection, current: int) -> None:
    for number, script in enumerate(MIGRATIONS[current:], start=current + 1):
        # executescript commits first; wrap each migration so it applies wholly or not at all.
        try:
            conn.executescript(
                f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;"
            )
        except sqlite3.Error:
            if conn.in_transaction:
                conn.rollback()
            raise


@contextlib.contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One write transaction, taken at once (``BEGIN IMMEDIATE``) so two writers queue on the
    busy timeout instead of failing half-way. Inside it use plain SQL or :func:`insert_row`:
    sqlite-utils' table methods commit on their own."""
    conn = db.conn
    if conn.in_transaction:
        conn.commit()
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        conn.rollback()
        raise
    conn.commit()


@contextlib.contextmanager
def search_index_deferred(db: sqlite_utils.Database, table: str) -> Iterator[None]:
    """Inside a transaction: ``table``'s full-text index (``<table>_fts``) is not kept up
    to date row by row but rebuilt in one pass at the end, its triggers dropped meanwhile
    and put back as they were. For a write that rewrites most of the table (a full
    regroup): an FTS5 delete and insert per changed row cost more than the rest of the
    write and grow faster than the table. If the body fails, the transaction's rollback
    restores the triggers."""
    conn = db.conn
    triggers = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? "
        "AND name LIKE ? ORDER BY name", [table, f"{table}_fts_%"]).fetchall()
    for name, _ in triggers:
        conn.execute(f'DROP TRIGGER "{name}"')
    yield
    for _, sql in triggers:
        conn.execute(sql)
    conn.execute(f'INSERT INTO "{table}_fts"("{table}_fts") VALUES (\'rebuild\')')


def insert_row(db: sqlite_utils.Database, table: str, row: dict[str, Any]) -> int:
    columns = ", ".join(f'"{k}"' for k in row)
    marks = ", ".join("?" for _ in row)
    cur = db.execute(f'INSERT INTO "{table}" ({columns}) VALUES ({marks})', list(row.values()))
    return inserted_id(cur)


def inserted_id(cur: sqlite3.Cursor) -> int:
    """The id of the row the INSERT just run on ``cur`` stored. (sqlite3 leaves
    ``lastrowid`` None only on a cursor that never inserted.)"""
    if cur.lastrowid is None:
        raise sqlite3.InterfaceError("the statement inserted no row")
    return cur.lastrowid


def log_decision(conn: sqlite3.Connection, reviewer: str, action: str, group_id: int | None,
                 before: dict[str, Any], after: dict[str, Any]) -> int:
    """A ``decisions`` row for an action of the reviewer's (one that undo can take back).
    A new action ends the redo chain, as in any editor: what was undone before it stays
    undone (``undone`` 2) and redo never brings it back. (Undoing that new action must not
    open the old chain again: a tester undid three decisions, split, undid the split, and
    redo replayed the abandoned decisions.)"""
    cur = conn.execute(
        "INSERT INTO decisions(at, reviewer, action, group_id, before, after) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [now(), reviewer, action, group_id, dumps(before), dumps(after)])
    conn.execute("UPDATE decisions SET undone = 2 WHERE undone = 1")
    return inserted_id(cur)


GROUP_IDS_KEY = "groups.last_id"  # the highest id a group was ever given


def new_group_ids(conn: sqlite3.Connection | sqlite_utils.Database, n: int) -> list[int]:
    """Ids for ``n`` new groups, each above every id a group ever had: an id names one
    entry for good, in the messages and the decision log. (SQLite gives a new row the
    highest id plus one, so a group made after the last one was merged away took its
    number: "merged #57 into #45", then "moved 2 claims from #44 to new group #57", and
    undo said "undid split of #44 and #57".) The highest is kept in ``settings``; a
    database made before it was kept starts from the ids its groups and its decision log
    name. Called inside the write that inserts them."""
    row = conn.execute("SELECT value FROM settings WHERE key = ?", [GROUP_IDS_KEY]).fetchone()
    last = int(loads(row[0])) if row else conn.execute(
        "SELECT max(coalesce((SELECT max(group_id) FROM decisions), 0), coalesce(("
        "SELECT max(CAST(j.key AS INTEGER)) FROM decisions d, "
        "json_each(d.before, '$.groups') j WHERE json_valid(d.before) "
        "AND j.key GLOB '[0-9]*'), 0))").fetchone()[0]
    top = max(last, conn.execute("SELECT coalesce(max(id), 0) FROM groups").fetchone()[0])
    conn.execute("INSERT INTO settings(key, value) VALUES (?, ?) "
                 "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                 [GROUP_IDS_KEY, dumps(top + n)])
    return list(range(top + 1, top + n + 1))


def update_row(db: sqlite_utils.Database, table: str, row_id: int, values: dict[str, Any]) -> None:
    if values:
        sets = ", ".join(f'"{k}" = ?' for k in values)
        db.execute(f'UPDATE "{table}" SET {sets} WHERE id = ?', [*values.values(), row_id])


def get_setting(db: sqlite_utils.Database, key: str, default: Any = None) -> Any:
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return loads(row[0]) if row else default


def set_setting(db: sqlite_utils.Database, key: str, value: Any) -> None:
    """Store one setting, as its own transaction."""
    with transaction(db):
        db.execute(
            "INSERT INTO settings(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, dumps(value)],
        )


__all__ = [
    "DEFAULT_DB",
    "DatabaseError",
    "SCHEMA_VERSION",
    "connect",
    "current_claim_ids",
    "default_db_path",
    "dumps",
    "explain",
    "get_setting",
    "insert_row",
    "transaction",
    "update_row",
    "loads",
    "new_group_ids",
    "now",
    "set_setting",
]


def current_claim_ids(conn: sqlite3.Connection) -> Callable[[int], int]:
    """A claim id as it is now: re-extraction (a document re-dated, and the re-dating
    undone) gives a document's claims new ids and keeps the old ones as aliases
    (``extract.remap``)."""
    aliases = dict(conn.execute("SELECT old_id, new_id FROM claim_aliases").fetchall())

    def now_id(claim_id: int) -> int:
        seen = set()
        while claim_id in aliases and claim_id not in seen:
            seen.add(claim_id)
            claim_id = aliases[claim_id]
        return claim_id

    return now_id
