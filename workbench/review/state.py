"""What the TUI remembers between sessions, kept in the database's settings table so a
reopened database (on any machine) resumes with the same filter and sort."""

from __future__ import annotations

import sqlite3

import sqlite_utils

from ..db import get_setting, set_setting
from .queue import LARGE_COLLECTION, Filter, default_sort

STATE_KEY = "review.state"


def load_filter(db: sqlite_utils.Database) -> Filter:
    """The filter the reviewer left; a first opening sorts a large collection by
    importance (``queue.default_sort``)."""
    state = get_setting(db, STATE_KEY, {}) or {}
    saved = state.get("filter") if isinstance(state, dict) else None
    if not isinstance(saved, dict):
        return Filter(sort=default_sort(db.conn))
    return Filter.from_json(saved)


def opening_note(db: sqlite_utils.Database) -> str | None:
    """What the review says on opening: the decided entries a build sent back since
    (a tester reopened after adding the next day's articles, and nothing on the screen
    said three accepted entries had come back); else, on a first opening of a large
    collection, its order (a tester could not tell why the seeds opened "pending first"
    and a 300-article story "important first"). None once the reviewer has a saved
    queue, or for a small collection, with nothing sent back."""
    back = db.conn.execute("SELECT count(*) FROM groups WHERE background = 0 "
                           "AND changed_since_review = 1").fetchone()[0]
    if back:
        return (f"{back} decided entr{'y' if back == 1 else 'ies'} changed since review "
                "(○ pend*, ✓ acc*): f, new evidence, lists them")
    state = get_setting(db, STATE_KEY, {}) or {}
    if isinstance(state, dict) and isinstance(state.get("filter"), dict):
        return None
    docs = db.conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    if docs < LARGE_COLLECTION:
        return None
    entries = db.conn.execute("SELECT count(*) FROM groups WHERE background = 0").fetchone()[0]
    # (both counts: "Reviewed 0/728" beside "286 documents" read as a riddle)
    return (f"{docs} documents, {entries} entr{'y' if entries == 1 else 'ies'}: "
            "the days a chronology most likely needs, one entry each first · t changes "
            "the order")


def save_state(db: sqlite_utils.Database, flt: Filter, group_id: int | None,
               claim_id: int | None = None) -> None:
    """The queue's filter and the entry under the cursor; on quitting, the claim the claim
    cursor is on as well (a tester reopened on claim 1 of 42, having left it on 3). A
    database nobody may write (a read-only mount) keeps no place, and the screen goes on:
    the failed write stopped the queue's load, and the timeline was never drawn."""
    try:
        set_setting(db, STATE_KEY, {"filter": flt.to_json(), "group_id": group_id,
                                    "claim_id": claim_id})
    except sqlite3.Error:
        if db.conn.in_transaction:
            db.conn.rollback()


def _saved(db: sqlite_utils.Database, key: str) -> int | None:
    state = get_setting(db, STATE_KEY, {}) or {}
    value = state.get(key) if isinstance(state, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def saved_group(db: sqlite_utils.Database) -> int | None:
    return _saved(db, "group_id")


def saved_claim(db: sqlite_utils.Database) -> int | None:
    """The claim the claim cursor was on when the reviewer quit (in ``saved_group``)."""
    return _saved(db, "claim_id")
