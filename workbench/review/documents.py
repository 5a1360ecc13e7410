"""Correcting a document's publication date, title, source or URL during review.

``set_document`` is what ``workbench doc set`` and the source view's key both call: it
writes the correction and logs it (``ingest.amend``), then dates the document's claims
again and regroups (``refresh``), so every date that rested on the publication date
follows it, and decided groups keep their decisions under the regrouping rules. Undo
(``actions.undo``) puts the old values back and refreshes the same way.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import sqlite_utils

from ..ingest.amend import SET_ACTION, amend, example_day, find_document, requested
from ..ingest.errors import IngestError
from ..text import count_of
from ..text import group_ids as named
from .outcome import Outcome, ReviewError


def refresh(db: sqlite_utils.Database | sqlite3.Connection, nlp: Any = None) -> list[int]:
    """Extract the documents due again (a changed publication date) and regroup the
    stories they are in. Returns the decided groups this changed: a member now reads
    another date (marked changed since review) or the group gained claims (back in the
    queue as well)."""
    from ..extract import extract_pending
    from ..group import regroup

    if isinstance(db, sqlite3.Connection):
        db = sqlite_utils.Database(db)
    extracted = extract_pending(db, nlp=nlp)
    if not extracted.documents:
        return []
    grouped = regroup(db, incremental=True)
    return sorted({*extracted.redated, *grouped.requeued_groups, *grouped.redated_groups})


def entries_of(conn: sqlite3.Connection, document_ids: tuple[int, ...]) -> tuple[int, int]:
    """(entries, dated entries) that hold claims of the documents; background left out."""
    ids = ", ".join(str(int(i)) for i in document_ids) or "NULL"
    entries, dated = conn.execute(
        "SELECT count(DISTINCT g.id), count(DISTINCT CASE WHEN g.event_date IS NOT NULL "
        "THEN g.id END) FROM groups g JOIN group_members m ON m.group_id = g.id "
        f"JOIN claims c ON c.id = m.claim_id WHERE g.background = 0 AND c.document_id IN ({ids})"
    ).fetchone()
    return entries, dated


def regrouped_note(before: tuple[int, int], after: tuple[int, int], whose: str) -> str:
    """How a corrected date moved the document's claims between entries: a tester set one
    article's date and saw the day's 28 undated entries fold into 6, with no word why
    (its claims, dated now, joined the occasions other reports give that day)."""
    if before == after:
        return ""
    (was, was_dated), (now, dated) = before, after
    return (f"; {whose} claims now in {now} entr{'y' if now == 1 else 'ies'}, {dated} dated "
            f"(were {was}, {was_dated} dated)")


def refresh_said(conn: sqlite3.Connection, document_ids: tuple[int, ...],
                 nlp: Any = None) -> tuple[list[int], str]:
    """``refresh`` after the documents' dates changed: the decided groups it changed, and
    how the documents' claims moved between entries (``regrouped_note``)."""
    before = entries_of(conn, document_ids)
    changed = refresh(conn, nlp)
    whose = "its" if len(document_ids) == 1 else "their"
    return changed, regrouped_note(before, entries_of(conn, document_ids), whose)


def changed_note(group_ids: list[int]) -> str:
    """What a reviewer is told of the decided groups a refresh changed."""
    if not group_ids:
        return ""
    return (f"; {count_of(len(group_ids), 'decided group')} changed since review: "
            f"{named(group_ids)}")


def set_document(db: sqlite_utils.Database | sqlite3.Connection, ref: str | int, *,
                 reviewer: str, published: str | None = None, title: str | None = None,
                 source: str | None = None, url: str | None = None,
                 nlp: Any = None) -> Outcome:
    """Set what the reviewer knows about a document (``ref``: its id or path). Raises
    :class:`ReviewError` with a one-line message for an unknown document or a bad date."""
    conn = db if isinstance(db, sqlite3.Connection) else db.conn
    try:
        document_id = find_document(conn, str(ref))
        try:
            changes = requested(published=published, title=title, source=source, url=url,
                                origin=f"set by {reviewer}",
                                example=example_day(conn, document_id))
        except IngestError as exc:
            raise IngestError(f"{ref}: {exc}") from None
        if not changes:
            raise ReviewError("nothing to set: give --published, --title, --source or --url")
        done = amend(conn, document_id, changes, reviewer=reviewer, action=SET_ACTION)
    except IngestError as exc:
        raise ReviewError(str(exc)) from None
    message = done.message
    if done.redate:
        changed, moved = refresh_said(conn, (document_id,), nlp)
        message += moved + changed_note(changed)
    return Outcome(done.decision_id, SET_ACTION, (), message)
