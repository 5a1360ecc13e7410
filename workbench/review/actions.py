"""Every change a reviewer makes: decisions, edits, merges, splits, undo and redo.

Each action is one ``BEGIN IMMEDIATE`` transaction that (1) checks the versions the reviewer
was shown, (2) writes the change and bumps ``groups.version``, and (3) appends a row to the
``decisions`` log holding full before/after snapshots of every group it touched. Undo and
redo replay those snapshots, which is why they survive a restart: the log is the only
history there is.
"""

from __future__ import annotations

import collections
import dataclasses
import sqlite3
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from types import EllipsisType
from typing import Any

from ..dates.entry import PUBLISHED, REVIEWER, event_date, own_date, stated
from ..dates.expressions import (
    compatible,
    earlier,
    precision_of,
    why_not_written,
    written_date,
)
from ..db import current_claim_ids, dumps, loads, log_decision, new_group_ids, now
from ..group import (
    counts_as_they_grew,
    describe_group,
    group_claims,
    publication_dates,
    settle_dates,
)
from ..group.conflicts import COURSE, RunningCount, course_conflict
from ..group.rank import REJECTED, rank_day, rank_one, taking_place
from ..group.titles import best_title_claim, title_text
from ..text import (
    NOT_A_DISAGREEMENT,
    SINCE_RESOLVED,
    conflict_subject,
    count_of,
    date_examples,
    one_line,
)
from .outcome import Outcome, ReviewError, StaleGroup

DECISIONS = {"accept": "accepted", "reject": "rejected", "skip": "skipped", "reopen": "pending"}
# What the reviewer calls the fields an edit changes (``groups.edited`` keeps column names).
FIELD_WORDS = {
    "title": "title",
    "event_date": "event date",
    "date_precision": "event date",
    "date_basis": "event date",
    "note": "note",
    "members": "claims",  # claims split off: what stays is kept as the reviewer left it
}
PRECISIONS = ("day", "month", "year")
_GROUP_FIELDS = (
    "id",
    "title",
    "title_claim_id",
    "event_date",
    "date_precision",
    "date_basis",
    "sources",
    "status",
    "note",
    "edited",
    "changed_since_review",
    "background",
    "importance",
    "version",
    "created_at",
)
# Fields that say nothing about content: ignored when checking that nobody else changed a
# group between an action and its undo (a regroup ranks every entry again, and one after a
# re-dating writes a group anew with the same members: redo found it "changed since").
_VOLATILE = ("version", "updated_at", "importance", "created_at")


# -- transactions ------------------------------------------------------------------------


@contextmanager
def write(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One IMMEDIATE transaction: takes the write lock up front so the version checks and
    the writes that follow cannot interleave with another writer."""
    if conn.in_transaction:
        conn.commit()
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.rollback()
        raise
    else:
        conn.commit()


# -- snapshots ---------------------------------------------------------------------------


def snapshot(conn: sqlite3.Connection, group_id: int) -> dict[str, Any] | None:
    """Everything about one group that an action can change (None if it does not exist)."""
    row = conn.execute(
        f"SELECT {', '.join(_GROUP_FIELDS)}, updated_at FROM groups WHERE id = ?", [group_id]
    ).fetchone()
    if row is None:
        return None
    snap = dict(zip((*_GROUP_FIELDS, "updated_at"), row, strict=True))
    snap["members"] = [
        list(r)
        for r in conn.execute(
            "SELECT claim_id, similarity, pinned, event FROM group_members WHERE group_id = ? "
            "ORDER BY claim_id",
            [group_id],
        )
    ]
    snap["conflicts"] = [
        {
            "id": r[0],
            "kind": r[1],
            "subject": r[2],
            "values": loads(r[3], []),
            "claim_ids": loads(r[4], []),
            "resolution": r[5],
        }
        for r in conn.execute(
            'SELECT id, kind, subject, "values", claim_ids, resolution FROM conflicts '
            "WHERE group_id = ? ORDER BY id",
            [group_id],
        )
    ]
    return snap


def _content(snap: dict[str, Any] | None) -> dict[str, Any] | None:
    if snap is None:
        return None
    return {k: v for k, v in snap.items() if k not in _VOLATILE}


def _check_versions(conn: sqlite3.Connection, expected: Mapping[int, int]) -> None:
    stale = []
    for gid, version in expected.items():
        row = conn.execute("SELECT version FROM groups WHERE id = ?", [gid]).fetchone()
        if row is None:
            raise StaleGroup([gid], f"group #{gid} no longer exists")
        if row[0] != version:
            stale.append(gid)
    if stale:
        raise StaleGroup(stale)


def _bump(conn: sqlite3.Connection, group_id: int, sets: Mapping[str, Any] | None = None) -> None:
    """Apply ``sets`` and bump the version; the WHERE on version is the optimistic lock."""
    sets = dict(sets or {})
    current = conn.execute("SELECT version FROM groups WHERE id = ?", [group_id]).fetchone()
    if current is None:
        raise StaleGroup([group_id], f"group #{group_id} no longer exists")
    cols = "".join(f"{k} = ?, " for k in sets)
    cur = conn.execute(
        f"UPDATE groups SET {cols}version = version + 1, updated_at = ? "
        "WHERE id = ? AND version = ?",
        [*sets.values(), now(), group_id, current[0]],
    )
    if cur.rowcount != 1:
        raise StaleGroup([group_id])


def _log(
    conn: sqlite3.Connection,
    reviewer: str,
    action: str,
    group_id: int | None,
    before: dict[int, Any],
    after: dict[int, Any],
    extra: dict[str, Any] | None = None,
) -> int:
    payload_before = {"groups": {str(k): v for k, v in before.items()}}
    payload_after = {"groups": {str(k): v for k, v in after.items()}, **(extra or {})}
    return log_decision(conn, reviewer, action, group_id, payload_before, payload_after)


# -- derived group fields ----------------------------------------------------------------


def _refresh_derived(conn: sqlite3.Connection, group_id: int,
                     gained: bool = False, outweighed: bool = True) -> dict[str, Any]:
    """Fields that follow from membership (sources, conflicts, and title/date unless the
    reviewer edited them), by the group stage's own rules, so a merged or split group says
    what a regroup would say. ``gained``: claims came in (a merge, a move into it); if
    they were ``outweighed`` (what came in had more sources than the group), the title is
    chosen again among all of them (the story's main entry merged into a one-sentence one
    kept that sentence as its title); else the group keeps its own (two testers merged a
    one-source entry into another and found the target renamed). Returns the columns to
    set."""
    claims, sims = group_claims(conn, group_id)
    consensus = describe_group(conn, group_id, claims)  # also rebuilds the conflicts
    row = conn.execute(
        "SELECT edited, title_claim_id, status, event_date FROM groups WHERE id = ?", [group_id]
    ).fetchone()
    edited = set(loads(row[0], []))
    sets: dict[str, Any] = {"sources": len({c["document_id"] for c in claims})}
    # the title stays unless its claim left the group, or its own date now says another
    # time than the group's ("On June 7, Russian forces arrived ..." titled an entry a
    # merge had dated June 2)
    titled = next((c for c in claims if c["id"] == row[1]), None)
    # ... and a decided entry keeps the title and the date it was decided under when
    # claims come in (a background fragment merged into the accepted talks retitled them
    # "…a move that had been negotiated during a second …"; the May 16 round merged into
    # them dated them May 16): the sources' disagreement is its date conflict to resolve
    kept = gained and row[2] in ("accepted", "rejected")
    date = row[3] if kept or "event_date" in edited else consensus[0]
    stale = ((gained and outweighed and not kept) or titled is None
             or (own_date(titled) and compatible(stated(titled)["date"], date) is False))
    if "title" not in edited and claims and stale:
        title = best_title_claim(claims, date)
        sets["title"] = title_text(title)
        sets["title_claim_id"] = title["id"]
    if "event_date" not in edited and claims and not kept:
        sets["event_date"], sets["date_precision"], sets["date_basis"] = consensus
    return sets


def _outweighed(target: dict[str, Any] | None, incoming: list[dict[str, Any] | None]) -> bool:
    """Does a group that came into ``target`` have more sources than it had?"""
    has = target["sources"] if target is not None else 0
    return any(g is not None and g["sources"] > has for g in incoming)


def _carry_resolutions(conn: sqlite3.Connection, from_group: int, to_group: int) -> None:
    """Copy the resolved conflicts of ``from_group`` to ``to_group``, so that
    ``describe_group``, which rebuilds a group's conflicts and gives each the resolution
    of the old one over its subject whose claims it shares most, carries the reviewer's
    choice across a merge or a split (both groups' choices over one subject: each to the
    disagreement it settled)."""
    conn.execute(
        'INSERT INTO conflicts(group_id, kind, subject, "values", claim_ids, resolution) '
        'SELECT ?, kind, subject, "values", claim_ids, resolution FROM conflicts '
        "WHERE group_id = ? AND resolution IS NOT NULL",
        [to_group, from_group],
    )


# -- actions -----------------------------------------------------------------------------


def decide(
    conn: sqlite3.Connection, group_id: int, action: str, *, version: int, reviewer: str,
    rank: bool = True,
) -> Outcome:
    """accept / reject / skip / reopen one group. A reject (or a rejected entry decided
    otherwise) ranks its day again (``rank_day``); ``rank=False`` leaves that to the
    caller, after the decision is committed (``Outcome.rank_later``, ``rank_again``: on
    100,000 groups with 500 entries a day, rewriting a day's shares made the decision
    take 30 ms and more)."""
    if action not in DECISIONS:
        raise ReviewError(f"unknown decision {action!r}")
    with write(conn):
        _check_versions(conn, {group_id: version})
        now_ = conn.execute("SELECT status, changed_since_review FROM groups WHERE id = ?",
                            [group_id]).fetchone()
        if (now_ is not None and now_[0] == DECISIONS[action] and not now_[1]
                and action != "skip"):
            # nothing to decide: a second "a" on an accepted entry logged a decision that
            # changed nothing (new evidence since is another matter: deciding answers it).
            # A skip is a reviewer passing over an entry: skipped again, it moves on still
            raise ReviewError(f"#{group_id} is {now_[0]} already")
        if action == "skip" and now_ is not None and now_[0] in (DECISIONS["accept"], REJECTED):
            # a skip passes over an entry for later; one decided is not for later (a
            # tester's space on an accepted entry set it back among the undecided, unsaid):
            # passed over, nothing decided, nothing logged
            return Outcome(None, action, (), f"#{group_id} stays {now_[0]}: a skip is for "
                           "undecided entries (p reopens it)")
        before = snapshot(conn, group_id)
        # A decision answers "new evidence arrived" too, so the flag is cleared.
        sets: dict[str, Any] = {"status": DECISIONS[action], "changed_since_review": 0}
        promoted = action == "accept" and bool(before and before.get("background"))
        if promoted:  # accepted for the chronology: an entry now, counted and exported as one
            sets["background"] = 0
        _bump(conn, group_id, sets)
        grew: dict[int, int] = {}
        if promoted:
            grew = _rank(conn, group_id)
        later: tuple[tuple[str, int | None], ...] = ()
        if (not promoted and now_ is not None
                and (now_[0] == REJECTED) != (sets["status"] == REJECTED)
                and (day := _day_of(before)) is not None):
            # a rejected entry is none of its day's: the next takes its place, and back
            later = ((day, group_id if sets["status"] == REJECTED else None),)
            if rank:
                grew = rank_day(conn, day, rejected=later[0][1])
            elif later[0][1] is not None:
                grew = taking_place(conn, day, group_id)
        after = snapshot(conn, group_id)
        did = _log(conn, reviewer, action, group_id, {group_id: before}, {group_id: after})
    said = f"#{group_id} {DECISIONS[action]}" + (", now an entry" if promoted else "")
    opens, opens_at = (_opens(conn, grew, group_id, _day_of(before)) if action == "reject"
                       else (None, ""))
    if action == "accept":
        # said now, not first at the export: accepted is not settled
        open_ = conn.execute("SELECT count(*) FROM conflicts WHERE group_id = ? "
                             "AND resolution IS NULL", [group_id]).fetchone()[0]
        if open_:  # ⚠ as the queue marks them; short: at 80 columns a longer one wrapped
            said += f", ⚠{open_} not settled (r settles)"
    return Outcome(did, action, (group_id,), said, opens=opens, opens_at=opens_at,
                   rank_later=() if rank else later)


def rank_again(conn: sqlite3.Connection, days: Iterable[tuple[str, int | None]]) -> None:
    """Rank again the days a decision taken with ``rank=False`` left (``Outcome.
    rank_later``: each day, with the entry just rejected on it, if one was), in a
    transaction of their own."""
    with write(conn):
        for day, rejected in days:
            rank_day(conn, day, rejected=rejected)


def _opens(conn: sqlite3.Connection, grew: Mapping[int, int], rejected: int,
           day: str | None) -> tuple[int | None, str]:
    """Of the entries whose share of their day grew as ``rejected`` was rejected (queue
    order, with their places), the first that waits for a decision: it stands in the
    rejected one's place; and where that is ("the first entry of 2010-01-12")."""
    for g, place in grew.items():
        if g != rejected and conn.execute(
                "SELECT status FROM groups WHERE id = ?", [g]).fetchone()[0] == "pending":
            return g, f"{'the first entry' if not place else f'entry no. {place + 1}'} of {day}"
    return None, ""


def _check_date(conn: sqlite3.Connection, value: str | None, precision: str | None,
                own: str | None) -> None:
    """Refuse a date that is none, with examples from the story at hand: the entry's
    ``own`` date, else the latest day of the collection's entries."""
    import datetime as dt

    if not value:
        if precision:
            raise ReviewError("a precision needs a date")
        return
    shapes = {"day": (10, "%Y-%m-%d"), "month": (7, "%Y-%m"), "year": (4, "%Y")}
    if precision is not None and precision not in shapes:
        raise ReviewError("precision must be day, month or year")
    if precision is not None:
        length, fmt = shapes[precision]
        try:
            if len(value) != length:
                raise ValueError
            dt.datetime.strptime(value, fmt)
            return
        except ValueError:
            pass
    latest = conn.execute("SELECT max(event_date) FROM groups WHERE background = 0 "
                          "AND date_precision = 'day'").fetchone()[0]
    ex = date_examples(own, latest)
    if precision is None:
        # why, when it looks like one ("30 Feb 2010": February 2010 has 28 days)
        why = why_not_written(value)
        raise ReviewError(f"{value!r} is not a date{f' ({why})' if why else ''}: write "
                          f"{ex.day} or {ex.words}, {ex.year} (a day), {ex.month} (a month) "
                          f"or {ex.year}")
    example = {"day": ex.day, "month": ex.month, "year": ex.year}[precision]
    why = why_not_written(value)
    raise ReviewError(f"{value!r} is not a {precision} date ({f'{why}; ' if why else ''}"
                      f"like {example})")


def edit(
    conn: sqlite3.Connection,
    group_id: int,
    *,
    version: int,
    reviewer: str,
    title: str | None = None,
    event_date: str | None | EllipsisType = ...,
    date_precision: str | None | EllipsisType = ...,
    note: str | None | EllipsisType = ...,
    confirm: bool = False,
) -> Outcome:
    """Change the title, event date/precision and/or note. ``...`` means "leave as is".
    A date given for an entry dated only by its first report's day (basis ``published``)
    is the reviewer's even when it is that day: saving it confirms it. With ``confirm``
    (the reviewer typed the date, even as it was) an unchanged date is theirs too, and
    settles the sources' disagreement on it.

    Edited fields are recorded in ``groups.edited`` so regrouping never overwrites them.
    """
    sets: dict[str, Any] = {}
    with write(conn):
        _check_versions(conn, {group_id: version})
        before = snapshot(conn, group_id)
        assert before is not None
        edited = list(loads(before["edited"], []))
        if title is not None:
            title = " ".join(title.split())
            if not title:
                raise ReviewError("the title cannot be empty")
            # compared as shown: a title ending in a no-break space (as some claims do)
            # comes back from the dialog without it, and is not an edit
            if title != " ".join((before["title"] or "").split()):
                sets["title"] = title
        if isinstance(event_date, str) and event_date.strip():
            # "June 10", "10 June 2025": as a reviewer writes a date, its year the entry's
            event_date = written_date(event_date, before["event_date"]) or event_date.strip()
        if event_date is not ... or date_precision is not ...:
            new_date = before["event_date"] if event_date is ... else (event_date or None)
            new_prec = None if date_precision is ... else (date_precision or None)
            if date_precision is ... and event_date is ...:
                new_prec = before["date_precision"]
            if new_date and not new_prec:
                # The precision follows from the shape: 2025-06-02 day, 2025-06 month, 2025 year.
                new_prec = precision_of(new_date)
            if not new_date:
                new_prec = None
            _check_date(conn, new_date, new_prec, before["event_date"])
            # a reported day the reviewer saves unchanged is confirmed: theirs from now on
            # and so is a date the reviewer typed, even as it was, while it is not yet
            # theirs or the sources still dispute it
            disputed = confirm and conn.execute(
                "SELECT 1 FROM conflicts WHERE group_id = ? AND kind = 'date' "
                "AND resolution IS NULL", [group_id]).fetchone() is not None
            confirmed = bool(new_date) and (
                before["date_basis"] == PUBLISHED
                or confirm and (before["date_basis"] != REVIEWER or disputed))
            if confirmed or (new_date, new_prec) != (before["event_date"],
                                                     before["date_precision"]):
                sets["event_date"] = new_date
                sets["date_precision"] = new_prec
                sets["date_basis"] = REVIEWER if new_date else None
        if note is not ...:
            new_note = (note or "").strip() or None
            if new_note != before["note"]:
                sets["note"] = new_note
        if not sets:
            return Outcome(None, "edit", (group_id,), "nothing changed")
        for fld in sets:
            name = "event_date" if fld in ("date_precision", "date_basis") else fld
            if name not in edited:
                edited.append(name)
        sets["edited"] = dumps(sorted(edited))
        _bump(conn, group_id, sets)
        if "event_date" in sets:
            # the reviewer's date settles what the sources disagree on (None: the
            # sources' consensus again, and the conflict open)
            conn.execute("UPDATE conflicts SET resolution = ? WHERE group_id = ? "
                         "AND kind = 'date'", [sets["event_date"], group_id])
        after = snapshot(conn, group_id)
        action = "note" if set(sets) == {"note", "edited"} else "edit"
        did = _log(conn, reviewer, action, group_id, {group_id: before}, {group_id: after})
    # a date typed as it was is confirmed, not changed (a tester read "edited: event
    # date" after typing June 19 again): it is the reviewer's now, and regrouping keeps it
    kept = "event_date" in sets and (sets["event_date"], sets["date_precision"]) == (
        before["event_date"], before["date_precision"])
    changed = ", ".join(dict.fromkeys(
        FIELD_WORDS.get(k, k) for k in sets
        if k != "edited" and not (kept and FIELD_WORDS.get(k) == "event date")))
    if "event_date" in sets and not kept:
        # the date as it was read ("June 2" on a 2010 entry: said, a tester found 2009)
        changed = changed.replace("event date", f"event date {sets['event_date'] or '(none)'}")
    said = [f"edited: {changed}"] if changed else []
    if kept:
        said.append(f"event date {sets['event_date']} confirmed")
    if "event_date" in sets and sets["event_date"]:
        early = guessed_before(conn, group_id, sets["event_date"])
        if early:
            # a report cannot tell what had not happened yet: its guessed date is wrong
            # (the export's check warned of it; the review said nothing)
            said.append("publication date guessed before it: "
                        f"{', '.join(early[:2])}{' …' if len(early) > 2 else ''} "
                        "(d in the source view sets it)")
    return Outcome(did, action, (group_id,), f"#{group_id} " + "; ".join(said))


def guessed_before(conn: sqlite3.Connection, group_id: int, date: str) -> list[str]:
    """The group's documents whose publication date, guessed from their text, comes before
    ``date``: "001_4492f097607dd5f0.txt (2025-05-22)"."""
    out = []
    for name, path, published in conn.execute(
            "SELECT DISTINCT coalesce(d.title, d.external_id), d.path, d.published "
            "FROM documents d JOIN claims c ON c.document_id = d.id "
            "JOIN group_members m ON m.claim_id = c.id WHERE m.group_id = ? "
            "AND d.published_provenance = 'inferred' AND d.published IS NOT NULL "
            "ORDER BY d.id", [group_id]):
        if earlier(published, date):
            out.append(f"{name or path.rsplit('/', 1)[-1]} ({published})")
    return out


def resolve(
    conn: sqlite3.Connection,
    group_id: int,
    conflict_id: int,
    value: str | None,
    *,
    version: int,
    reviewer: str,
) -> Outcome:
    """Choose the value the chronology uses for one conflict (None = unresolved again)."""
    with write(conn):
        _check_versions(conn, {group_id: version})
        row = conn.execute(
            'SELECT "values", subject, kind, resolution FROM conflicts '
            "WHERE id = ? AND group_id = ?",
            [conflict_id, group_id],
        ).fetchone()
        if row is None:
            raise StaleGroup([group_id], f"that conflict is no longer part of group #{group_id}")
        allowed = {str(v.get("value")) for v in loads(row[0], [])}
        if row[2] in ("number", "name"):
            allowed.add(NOT_A_DISAGREEMENT)  # they count or name different things
        if value is not None and str(value) not in allowed:
            raise ReviewError(f"{value!r} is not one of the values the sources give")
        values = loads(row[0], [])
        course = any(isinstance(v, dict) and v.get(COURSE) for v in values)
        if course and value not in (None, NOT_A_DISAGREEMENT):
            # one figure of a count told as it grew is no value of it: it counts
            # different things, or it is the course again
            raise ReviewError("a count's course is settled as counting different things or "
                              "left unresolved (shown as grown again), not by one figure")
        since = sum(len(v.get(SINCE_RESOLVED, [])) for v in values if isinstance(v, dict))
        if (None if value is None else str(value)) == row[3] and not since:
            # "leave unresolved" on a conflict never resolved was logged, and the next
            # undo spent itself on it with nothing to show
            return Outcome(None, "resolve", (group_id,), "nothing changed")
        before = snapshot(conn, group_id)
        if course and value is None:
            # a settled course left unresolved is the count's course again, no conflict
            conn.execute("DELETE FROM conflicts WHERE id = ?", [conflict_id])
        else:  # choosing again answers the reports that came after the last choice
            conn.execute('UPDATE conflicts SET resolution = ?, "values" = ? WHERE id = ?',
                         [value, dumps([{k: x for k, x in v.items() if k != SINCE_RESOLVED}
                                        if isinstance(v, dict) else v for v in values]),
                          conflict_id])
        sets: dict[str, Any] = {}
        edited = set(loads(conn.execute("SELECT edited FROM groups WHERE id = ?",
                                        [group_id]).fetchone()[0], []))
        if row[2] == "date" and (value is not None or "event_date" not in edited):
            # the chosen date is the event's date, over a date the reviewer typed before;
            # unresolved, the consensus is again (or the date typed stays)
            claims, _ = group_claims(conn, group_id)
            sets["event_date"], sets["date_precision"], sets["date_basis"] = event_date(
                claims, value, publication_dates(conn, claims))
            if "event_date" in edited:
                sets["edited"] = dumps(sorted(edited - {"event_date"}))
        _bump(conn, group_id, sets)
        after = snapshot(conn, group_id)
        did = _log(conn, reviewer, "resolve", group_id, {group_id: before}, {group_id: after})
    what = conflict_subject(row[2], row[1])
    said = f"{what}: {value}" if value is not None else (
        f"{what} shown as grown again" if course else f"{what} unresolved again")
    if row[3] is not None and value is not None and str(value) != row[3]:
        said += f" (was {row[3]})"  # a choice made before, replaced: said, not silent
    elif since and value is not None:
        said += f", kept over {count_of(since, 'report')} that came after it"
    return Outcome(did, "resolve", (group_id,), f"#{group_id} {said}")


def settle_course(
    conn: sqlite3.Connection,
    group_id: int,
    course: RunningCount,
    *,
    version: int,
    reviewer: str,
) -> Outcome:
    """Say a count the entry shows as grown from report to report is no one count: its
    figures count different things ("an estimated 1 million people" killed in 1968's
    pandemic, "2 million" in 1957's). The course becomes one of the entry's number
    conflicts, settled as not a disagreement (``group.conflicts.course_conflict``): it
    is no longer shown or exported as a course, and choosing "leave unresolved" on it
    shows the course again."""
    with write(conn):
        _check_versions(conn, {group_id: version})
        claims, _ = group_claims(conn, group_id)
        now_shown = [c for c in counts_as_they_grew(conn, group_id, claims)
                     if (c.subject, [s.text for s in c.steps])
                     == (course.subject, [s.text for s in course.steps])]
        if not now_shown:
            raise StaleGroup([group_id], f"that count is no longer shown as grown in "
                                         f"group #{group_id}")
        row = course_conflict(now_shown[0], claims)
        before = snapshot(conn, group_id)
        conn.execute('INSERT INTO conflicts(group_id, kind, subject, "values", claim_ids, '
                     "resolution) VALUES (?, ?, ?, ?, ?, ?)",
                     [group_id, row["kind"], row["subject"], dumps(row["values"]),
                      dumps(row["claim_ids"]), NOT_A_DISAGREEMENT])
        _bump(conn, group_id)
        after = snapshot(conn, group_id)
        did = _log(conn, reviewer, "resolve", group_id, {group_id: before}, {group_id: after})
    return Outcome(did, "resolve", (group_id,),
                   f"#{group_id} {conflict_subject('number', course.subject)}: settled as "
                   "not one count")


def merge(
    conn: sqlite3.Connection,
    sources: Mapping[int, int],
    target: int,
    *,
    target_version: int,
    reviewer: str,
) -> Outcome:
    """Move every claim of the ``sources`` groups ({id: shown version}) into ``target``.

    Moved claims are pinned (regrouping never moves them back); the emptied groups are
    deleted; the target's conflicts are recomputed, keeping the sources' resolutions where
    the target has not resolved the same conflict itself.
    """
    sources = {g: v for g, v in sources.items() if g != target}
    if not sources:
        raise ReviewError("choose at least one other group to merge")
    with write(conn):
        _check_versions(conn, {**sources, target: target_version})
        ids = [target, *sorted(sources)]
        before = {g: snapshot(conn, g) for g in ids}
        dropped = _carry_edits(conn, before, target, sorted(sources))
        _one_occasion(conn, target, sorted(sources))
        for g in sorted(sources):
            conn.execute(
                "UPDATE group_members SET group_id = ?, pinned = 1 WHERE group_id = ?", [target, g]
            )
            _carry_resolutions(conn, g, target)
            conn.execute("DELETE FROM groups WHERE id = ?", [g])
        sets = _refresh_derived(conn, target, gained=True, outweighed=_outweighed(
            before[target], [before[g] for g in sorted(sources)]))
        row = conn.execute("SELECT event_date, date_basis, edited FROM groups WHERE id = ?",
                           [target]).fetchone()
        if row[1] == REVIEWER and "event_date" in loads(row[2], []):
            # the reviewer's date settles what the merged sources disagree on, as an edit does
            conn.execute("UPDATE conflicts SET resolution = ? WHERE group_id = ? "
                         "AND kind = 'date' AND resolution IS NULL", [row[0], target])
        if any(b is not None and not b.get("background") for b in before.values()):
            sets["background"] = 0  # background merged with an entry is part of the entry
        _bump(conn, target, sets)
        # ranked as what it now is: the 20-source entry merged into a one-source one
        # (the finder's first choice) took that one's place, 425th of 781, or a
        # background group's 0, last
        _rank(conn, target)
        after = {g: snapshot(conn, g) for g in ids}
        did = _log(conn, reviewer, "merge", target, before, after)
    n = sum(len(b["members"]) for g in sources if (b := before[g]) is not None)
    kept = after.get(target)
    total = len(kept["members"]) if kept is not None else n
    names = ", ".join(f"#{g}" for g in sorted(sources))
    # how many moved and how many the group holds now ("(42 claims)" read as the total)
    # a merge may give the target another title or date (chosen again among all the
    # claims): said, as a tester took the renamed target for another entry
    return Outcome(
        did, "merge", (target,),
        # what the reviewer must look at again first: at 80 columns the status line has
        # two rows, and the dates went with the end of the message
        f"merged {names} into #{target}: {count_of(n, 'claim')} moved, {total} in all"
        + _dated_apart(before, after.get(target))
        + (f"; not kept: {', '.join(dropped)} (#{target}'s own stay; u undoes)" if dropped
           else "")
        + _now_reads(target, before, after),
        focus=target,
    )


# what a reviewer typed, by the name ``groups.edited`` keeps it under: its columns
_EDITED_COLUMNS = {"title": ("title", "title_claim_id"),
                   "event_date": ("event_date", "date_precision", "date_basis")}


def _carry_edits(conn: sqlite3.Connection, before: dict[int, Any], target: int,
                 sources: list[int]) -> list[str]:
    """Give ``target`` what the reviewer typed on the merged ``sources`` and not on it: a
    title, a date (a merge is no reason to lose them); notes are joined. Returns what was
    typed on a source and not kept, the target having its own ("#28's title")."""
    kept = before[target]
    assert kept is not None
    edited = set(loads(kept["edited"], []))
    # a decided entry's title and date are what the reviewer decided on, typed or not (a
    # title typed on a group merged into the accepted talks replaced theirs)
    decided = kept["status"] in ("accepted", "rejected")
    sets: dict[str, Any] = {}
    dropped = []
    notes = [kept["note"]] if kept["note"] else []
    for g in sources:
        snap = before[g]
        if snap is None:
            continue
        theirs = set(loads(snap["edited"], []))
        for name, columns in _EDITED_COLUMNS.items():
            if name not in theirs:
                continue
            if name in edited or decided:
                if snap[columns[0]] != sets.get(columns[0], kept[columns[0]]):
                    dropped.append(f"#{g}'s {FIELD_WORDS.get(name, name)}")
                continue
            sets.update({c: snap[c] for c in columns})
            edited.add(name)
        if snap["note"] and snap["note"] not in notes:
            notes.append(snap["note"])
            edited.add("note")
    if len(notes) > (1 if kept["note"] else 0):
        sets["note"] = "\n".join(notes)
    if sets:
        sets["edited"] = dumps(sorted(edited))
        conn.execute(f"UPDATE groups SET {', '.join(f'{c} = ?' for c in sets)} WHERE id = ?",
                     [*sets.values(), target])
    return dropped


def _dating_event(claims: list[dict[str, Any]], date: str | None) -> tuple[Any, list[int]]:
    """(the fine event whose claims state a group's date, those claims): what the group's
    date stands on, in the sources' own words."""
    backing = [c for c in claims if date and own_date(c)
               and compatible(stated(c)["date"], date) and c.get("event") is not None]
    if not backing:
        return None, []
    event = collections.Counter(c["event"] for c in backing).most_common(1)[0][0]
    return event, [c["id"] for c in backing if c["event"] == event]


def _one_occasion(conn: sqlite3.Connection, target: int, sources: list[int]) -> None:
    """A merge says two entries are one occasion: the claims that date a source
    (``_dating_event``) join the fine event that dates the target, so that where their
    dates differ the entry holds a date conflict the reviewer settles with ``r`` (a tester
    merged "broke down on May 28" into "collapsed on May 27" and the entry took one date
    without a word of the other; conflicts compare like with like, one fine event)."""
    row = conn.execute("SELECT event_date FROM groups WHERE id = ?", [target]).fetchone()
    mine, _ = _dating_event(group_claims(conn, target)[0], row[0] if row else None)
    if mine is None:
        return
    for g in sources:
        row = conn.execute("SELECT event_date FROM groups WHERE id = ?", [g]).fetchone()
        theirs, ids = _dating_event(group_claims(conn, g)[0], row[0] if row else None)
        if theirs is not None and theirs != mine:
            conn.executemany("UPDATE group_members SET event = ? WHERE claim_id = ?",
                             [(mine, cid) for cid in ids])


def _dated_apart(before: dict[int, Any], kept: dict[str, Any] | None) -> str:
    """"; they were dated 2025-05-16 and 2025-06-07 (e sets the date)": the entry keeps
    one date of the two, and a tester merged May 16 into June 7 without a word about it
    (where sources state both dates, the entry also holds a date conflict now:
    ``_one_occasion``; two dates only publication days give make none)."""
    dates = sorted({d for b in before.values() if b is not None and (d := b["event_date"])})
    apart = [d for d in dates if any(compatible(d, o) is False for o in dates)]
    if len(apart) < 2 or kept is None or kept["date_basis"] == REVIEWER:
        return ""
    # a date no source states, only the day a report was published, is marked as the
    # queue marks it ("~2025-05-16"): a tester read it as a source's
    guessed = {b["event_date"] for b in before.values()
               if b is not None and b.get("date_basis") == PUBLISHED}
    shown = [f"~{d}" if d in guessed else d for d in apart]
    return (f"; they were dated {', '.join(shown[:-1])} and {shown[-1]}"
            f" (e sets the date)")


def keeper(conn: sqlite3.Connection, current: int, other: int) -> int:
    """Which of two groups to merge into when the reviewer did not say (a suggestion's
    key): the one a reviewer decided on, so that its decision, title and date survive;
    else an entry rather than a background group (a tester merged the main entry into a
    background fragment from the background list: it lost its number and took the
    fragment's title); otherwise ``current``, the group being reviewed (whose
    suggestions the reviewer goes through, 1, 2, 3)."""
    def state(gid: int) -> tuple[bool, bool]:
        # decided first, then an entry over background; what the reviewer typed is no
        # reason (it is carried over, ``_carry_edits``): a pending group with a typed title
        # swallowed the accepted talks, which lost their acceptance, and a retitled
        # background fragment kept its number over the 42-claim entry
        row = conn.execute("SELECT status, background FROM groups WHERE id = ?",
                           [gid]).fetchone()
        if row is None:
            return False, False
        return row[0] not in ("pending", "skipped"), not row[1]

    return other if state(other) > state(current) else current


def _move_claims(
    conn: sqlite3.Connection,
    group_id: int,
    claim_ids: list[int],
    *,
    version: int,
    into: int | None,
    into_version: int | None,
) -> tuple[dict[int, Any], int]:
    """The body of a split, inside the caller's transaction: returns the snapshots taken
    before and the group the claims went to."""
    if not claim_ids:
        raise ReviewError("select at least one claim to move")
    if into == group_id:
        raise ReviewError("the claims are already in that group")
    expected = {group_id: version}
    if into is not None:
        if into_version is None:
            raise ReviewError("the target group's version is needed")
        expected[into] = into_version
    _check_versions(conn, expected)
    members = {
        r[0]
        for r in conn.execute("SELECT claim_id FROM group_members WHERE group_id = ?", [group_id])
    }
    missing = [c for c in claim_ids if c not in members]
    if missing:
        raise StaleGroup([group_id], f"claim {missing[0]} is no longer in group #{group_id}")
    if into is None and len(claim_ids) == len(members):
        raise ReviewError(
            "moving every claim to a new group changes nothing; leave one claim behind, "
            "or move them into another group"
        )
    before: dict[int, Any] = {group_id: snapshot(conn, group_id)}
    if into is not None:
        before[into] = snapshot(conn, into)
        target = into
    else:
        first = conn.execute(
            "SELECT text, date, date_precision FROM claims WHERE id = ?", [claim_ids[0]]
        ).fetchone()
        stamp = now()
        # split from background, background still; from an entry, an entry
        background = before[group_id]["background"] if before[group_id] else 0
        (target,) = new_group_ids(conn, 1)
        conn.execute(
            "INSERT INTO groups(id, title, title_claim_id, event_date, date_precision, "
            "sources, status, background, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, 0, 'pending', ?, ?, ?)",
            [target, first[0], claim_ids[0], first[1], first[2], background, stamp, stamp],
        )
        before[target] = None
    conn.executemany(
        "UPDATE group_members SET group_id = ?, pinned = 1 WHERE claim_id = ?",
        [(target, c) for c in claim_ids],
    )
    _carry_resolutions(conn, group_id, target)
    # claims moved into another group: its title stays unless they bring more sources
    # than it had
    moved = len({d for (d,) in conn.execute(
        f"SELECT DISTINCT document_id FROM claims WHERE id IN ({', '.join('?' * len(claim_ids))})",
        claim_ids)})
    _bump(conn, target, _refresh_derived(
        conn, target, gained=into is not None,
        outweighed=into is None or moved > (before[into] or {}).get("sources", 0)))
    if len(members) == len(claim_ids):
        conn.execute("DELETE FROM groups WHERE id = ?", [group_id])
    else:
        # the claims that stay are the reviewer's call too: the group is kept as they left
        # it through a rebuild (two claims split off the June 2 talks, the next build cut
        # the other 40 into six entries, and the split could not be undone)
        edited = sorted({*loads((before[group_id] or {}).get("edited"), []), "members"})
        _bump(conn, group_id, {**_refresh_derived(conn, group_id), "edited": dumps(edited)})
    if into is None:  # beside the group it left as that group is now
        _rank(conn, target)
    return before, target


def _rank(conn: sqlite3.Connection, group_id: int, days: dict[str, Any] | None = None
          ) -> dict[int, int]:
    """An entry the reviewer made (a split's new group, background accepted, a merge's
    target) ranked as the build ranks one, not left at 0 below them all, and the other
    entries of its day with it (``rank_day``: they share the day's weight in queue order).
    Returns the entries of the day whose share grew."""
    row = conn.execute("SELECT event_date, date_precision FROM groups WHERE id = ?",
                       [group_id]).fetchone()
    if row is not None and row[1] == "day" and row[0]:
        return rank_day(conn, row[0], days)
    conn.execute("UPDATE groups SET importance = ? WHERE id = ?",
                 [rank_one(conn, group_id, days), group_id])
    return {}


def _day_of(snap: Mapping[str, Any] | None) -> str | None:
    return snap["event_date"] if snap and snap.get("date_precision") == "day" else None


def _now_reads(group_id: int, before: dict[int, Any], after: dict[int, Any]) -> str:
    """What a group that lost or gained claims became, when its title or date changed with
    them ("; #1751 now reads “About 6,000 Canadian citizens …”, 2010-01, still accepted"):
    half of an accepted entry's claims split off changed the accepted event without a
    word, and a merge's target renamed itself."""
    was, now_ = before.get(group_id), after.get(group_id)
    if not was or not now_ or (was["title"], was["event_date"]) == (
            now_["title"], now_["event_date"]):
        return ""
    status = f", still {now_['status']}" if now_["status"] in ("accepted", "rejected") else ""
    return (f"; #{group_id} now reads “{one_line(now_['title'], 48)}”, "
            f"{now_['event_date'] or 'undated'}{status}")


def split(
    conn: sqlite3.Connection,
    group_id: int,
    claim_ids: Iterable[int],
    *,
    version: int,
    reviewer: str,
    into: int | None = None,
    into_version: int | None = None,
) -> Outcome:
    """Move ``claim_ids`` out of ``group_id`` to a new group, or into group ``into``.

    The moved claims are pinned. A group left without claims is deleted.
    """
    claim_ids = sorted(set(claim_ids))
    with write(conn):
        before, target = _move_claims(
            conn, group_id, claim_ids, version=version, into=into, into_version=into_version
        )
        after = {g: snapshot(conn, g) for g in before}
        did = _log(conn, reviewer, "split", group_id, before, after)
    where = f"new group #{target}" if into is None else f"#{target}"
    # claims moved into an entry decided on change what was decided: said (a tester moved
    # a claim of the June 2 talks into the accepted June 19 swap without a word)
    decided = (after.get(target) or {}).get("status") if into is not None else None
    if decided in ("accepted", "rejected"):
        where += f", still {decided} (u undoes)"
    return Outcome(
        did,
        "split",
        tuple(g for g in after if after[g] is not None),
        f"moved {count_of(len(claim_ids), 'claim')} from #{group_id} to {where}"
        + _now_reads(group_id, before, after)
        # ... and what the entry they went into became (a tester saw its title change
        # without a word)
        + (_now_reads(target, before, after) if into is not None else ""),
        focus=target,
    )


def drop(
    conn: sqlite3.Connection,
    group_id: int,
    claim_id: int,
    *,
    version: int,
    reviewer: str,
    reject: bool,
) -> Outcome:
    """Take one claim out of a group in one step: to a group of its own (``reject`` False)
    or to a group of its own that is rejected at once (``reject`` True) — what a split and
    a reject did in two, logged as one action so one undo takes it back.

    The last claim of a group cannot go to a group of its own (it is in one); rejecting it
    rejects the group."""
    with write(conn):
        members = conn.execute(
            "SELECT count(*) FROM group_members WHERE group_id = ?", [group_id]
        ).fetchone()[0]
        if members <= 1:
            if not reject:
                raise ReviewError(f"that claim is already the only one in #{group_id}")
            _check_versions(conn, {group_id: version})
            before = {group_id: snapshot(conn, group_id)}
            _bump(conn, group_id, {"status": "rejected", "changed_since_review": 0})
            target = group_id
        else:
            before, target = _move_claims(
                conn, group_id, [claim_id], version=version, into=None, into_version=None
            )
            if reject:
                _bump(conn, target, {"status": "rejected"})
        after = {g: snapshot(conn, g) for g in before}
        did = _log(conn, reviewer, "drop", group_id, before, after)
    # the claim's words, not only its number: the claim cursor may be off screen
    (text,) = conn.execute("SELECT text FROM claims WHERE id = ?", [claim_id]).fetchone()
    which = f"claim “{one_line(text, 40)}” of #{group_id}"
    said = (f"{which} rejected" if reject
            else f"{which} moved to an entry of its own, #{target}")
    message = (f"#{group_id} rejected (its only claim)" if target == group_id
               else said + _now_reads(group_id, before, after))
    return Outcome(did, "drop", tuple(g for g in after if after[g] is not None), message,
                   focus=group_id if group_id in after and after[group_id] else None)


def decide_many(
    conn: sqlite3.Connection, groups: Mapping[int, int], action: str, *, reviewer: str
) -> Outcome:
    """accept / reject / skip / reopen many groups ({id: shown version}) as ONE action:
    one transaction, one row in the decision log, so one undo takes all of it back.
    Groups already in that state are left alone (and not counted)."""
    if action not in DECISIONS:
        raise ReviewError(f"unknown decision {action!r}")
    if not groups:
        raise ReviewError("no group to decide")
    status = DECISIONS[action]
    with write(conn):
        _check_versions(conn, groups)
        ids = sorted(
            g for g in groups
            if conn.execute("SELECT status FROM groups WHERE id = ?", [g]).fetchone()[0] != status
        )
        if not ids:
            raise ReviewError(f"nothing to do: the {len(groups)} group(s) are already {status}")
        before = {g: snapshot(conn, g) for g in ids}
        days: dict[str, Any] = {}  # the day counts the ranking reads, once a day
        ranked: set[str | None] = set()  # the days whose entries share anew
        for g in ids:
            sets: dict[str, Any] = {"status": status, "changed_since_review": 0}
            promoted = action == "accept" and bool((before[g] or {}).get("background"))
            if promoted:
                sets["background"] = 0  # accepted for the chronology: an entry now
            _bump(conn, g, sets)
            if promoted:
                _rank(conn, g, days)
            elif ((before[g] or {}).get("status") == REJECTED) != (status == REJECTED):
                ranked.add(_day_of(before[g]))
        _rank_days(conn, ranked, days)
        after = {g: snapshot(conn, g) for g in ids}
        did = _log(conn, reviewer, f"{action}-many", ids[0], before, after)
    return Outcome(did, f"{action}-many", tuple(ids), _many_said(before, action, status))


def _many_said(before: Mapping[int, Any], action: str, status: str) -> str:
    """"4 groups rejected", saying what of them is background: the counts the review shows
    are of the chronology's entries, and a tester who rejected 4 background groups read
    "✗ 3 rejected" unchanged beside "4 groups rejected"."""
    n = len(before)
    background = sum(1 for snap in before.values() if (snap or {}).get("background"))
    said = f"{count_of(n, 'group')} {status}"
    if not background:
        return said
    if action == "accept":  # accepted for the chronology: entries now
        return said + f" ({background} from background: entries now)"
    if background == n:
        return f"{count_of(n, 'background group')} {status} (not among the entries counted)"
    entries = n - background
    return (f"{entries} entr{'y' if entries == 1 else 'ies'} and "
            f"{count_of(background, 'background group')} {status}")


# -- undo / redo -------------------------------------------------------------------------

# Only the reviewer's own actions are undone and redone; other stages log too (a regroup
# writes "new-evidence" rows), and those are history, not something to take back.
# "doc-set" / "doc-file": a document's metadata corrected by the reviewer or by its changed
# sidecar (``ingest.amend``); undoing one dates the document's claims again.
REVIEWER_ACTIONS = (
    *DECISIONS, *(f"{d}-many" for d in DECISIONS), "edit", "note", "resolve", "merge", "split",
    "drop", "doc-set", "doc-file",
)
# "a decisions row the reviewer made", for a WHERE clause (the queue's resume uses it too)
REVIEWER_ACTION_SQL = f"action IN ({', '.join(repr(a) for a in REVIEWER_ACTIONS)})"


def _restore(conn: sqlite3.Connection, states: dict[str, Any]) -> dict[int, int]:
    """Make the database hold exactly ``states`` ({group id: snapshot or None}). Returns
    the entries whose share of their day grew (``rank_day``)."""
    wanted = {int(k): v for k, v in states.items()}
    was_on = [d for (d,) in conn.execute(
        f"SELECT event_date FROM groups WHERE date_precision = 'day' AND id IN "
        f"({', '.join(str(g) for g in wanted)})")]
    # Recreate groups that must exist before claims are moved into them.
    for gid, snap in wanted.items():
        if snap is None:
            continue
        exists = conn.execute("SELECT 1 FROM groups WHERE id = ?", [gid]).fetchone()
        # a snapshot logged before a field was kept (background) leaves it as it is
        fields = [f for f in _GROUP_FIELDS if f != "id" and f in snap]
        if not exists:
            conn.execute(
                f"INSERT INTO groups(id, {', '.join(fields)}, updated_at) "
                f"VALUES (?, {', '.join('?' for _ in fields)}, ?)",
                [gid, *[snap[f] for f in fields], now()],
            )
        else:
            version = conn.execute("SELECT version FROM groups WHERE id = ?", [gid]).fetchone()[0]
            # Versions only ever go up, even on undo, so a stale writer is always caught.
            sets = {f: snap[f] for f in fields if f != "version"}
            conn.execute(
                f"UPDATE groups SET {', '.join(f'{k} = ?' for k in sets)}, version = ?, "
                "updated_at = ? WHERE id = ?",
                [*sets.values(), version + 1, now(), gid],
            )
    for gid, snap in wanted.items():
        if snap is None:
            continue
        # (a member's fine event too, which a merge may change: logged since session 50)
        conn.executemany(
            "UPDATE group_members SET group_id = ?, similarity = ?, pinned = ?, "
            "event = coalesce(?, event) WHERE claim_id = ?",
            [(gid, sim, pinned, rest[0] if rest else None, cid)
             for cid, sim, pinned, *rest in snap["members"]],
        )
        conn.execute("DELETE FROM conflicts WHERE group_id = ?", [gid])
        for c in snap["conflicts"]:
            # its old number, unless another group's conflict has it now (a regroup after
            # a re-dating numbers them anew): that one stays, this one takes a new number
            taken = conn.execute("SELECT 1 FROM conflicts WHERE id = ?", [c["id"]]).fetchone()
            conn.execute(
                "INSERT INTO conflicts"
                '(id, group_id, kind, subject, "values", claim_ids, resolution) '
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    None if taken else c["id"],
                    gid,
                    c["kind"],
                    c["subject"],
                    dumps(c["values"]),
                    dumps(c["claim_ids"]),
                    c["resolution"],
                ],
            )
    for gid, snap in wanted.items():
        if snap is not None:  # the dates a group gives its claims follow its members back
            settle_dates(conn, group_claims(conn, gid)[0])
    days: dict[str, Any] = {}
    for gid, snap in wanted.items():
        if snap is not None and "importance" not in snap and _day_of(snap) is None:
            # logged before importance was kept: a group made again would stand at 0,
            # below every entry (an undone merge's source sank to the queue's end); a
            # dated one is ranked with its day below
            _rank(conn, gid, days)
    for gid, snap in wanted.items():
        if snap is None:
            left = conn.execute(
                "SELECT count(*) FROM group_members WHERE group_id = ?", [gid]
            ).fetchone()[0]
            if left:
                raise StaleGroup([gid], f"group #{gid} gained claims since; cannot undo that")
            conn.execute("DELETE FROM groups WHERE id = ?", [gid])
    # the entries of the days the groups left and came back to share them anew (a
    # rejected entry back to pending is its day's first again)
    return _rank_days(conn, [*was_on, *(_day_of(s) for s in wanted.values())], days)


def _rank_days(conn: sqlite3.Connection, days_: Iterable[str | None],
               days: dict[str, Any] | None = None) -> dict[int, int]:
    """``rank_day`` of each day named: the entries whose share grew, with their places."""
    grew: dict[int, int] = {}
    for day in sorted({d for d in days_ if d}):
        grew.update(rank_day(conn, day, days))
    return grew


def _conflict_claims(snap: dict[str, Any],
                     ids: Callable[[list[int]], list[int]]) -> list[dict[str, Any]]:
    """``snap``'s conflicts with every list of claim ids passed through ``ids``."""
    return [{**c, "claim_ids": ids(c["claim_ids"]),
             "values": [{**v, "claim_ids": ids(v["claim_ids"])}
                        if isinstance(v, dict) and "claim_ids" in v else v
                        for v in c["values"]]}
            for c in snap["conflicts"]]


def _in_current_claims(snap: dict[str, Any] | None,
                       now_id: Callable[[int], int]) -> dict[str, Any] | None:
    """``snap`` naming its claims by their ids of now (``db.current_claim_ids``)."""
    if snap is None:
        return None
    out = dict(snap)
    out["members"] = [[now_id(cid), *rest] for cid, *rest in snap["members"]]
    if snap.get("title_claim_id") is not None:
        out["title_claim_id"] = now_id(snap["title_claim_id"])
    out["conflicts"] = _conflict_claims(snap, lambda ids: [now_id(i) for i in ids])
    return out


def _same_content(a: dict[str, Any] | None, b: dict[str, Any] | None) -> bool:
    """Do two snapshots (claims named by their ids of now) hold the same, whatever order
    new ids put the claims in? A member's similarity is a score a regroup computes again
    (it wrote 0 for a decided entry's members), not something anybody decided."""
    def key(snap: dict[str, Any] | None) -> dict[str, Any] | None:
        content = _content(snap)
        if content is None:
            return None
        content["members"] = sorted([cid, pinned]
                                    for cid, _sim, pinned, *_event in content["members"])
        # a conflict's row number is no content: a regroup after a re-dating writes the
        # same disagreements under new numbers ("cannot undo accept of #1760")
        # (in an order their content fixes, whatever order their keys come in: a logged
        # snapshot's are sorted, a fresh one's are not, and #1788's two conflicts sorted
        # apart, so that its accept could never be undone)
        content["conflicts"] = sorted(
            ({k: v for k, v in c.items() if k != "id"}
             for c in _conflict_claims(content, sorted)),
            key=dumps)
        return content

    return key(a) == key(b)


# What an action changes that no regroup or new extraction writes, by action: an edit's
# words; a decision's status (and the "changed since review" flag it answered).
_WORDS = frozenset({"title", "note", "edited"})
_STATUS = frozenset({"status", "changed_since_review"})
_ALONE = {"edit": _WORDS, "note": _WORDS, **dict.fromkeys(DECISIONS, _STATUS)}


def _fields_replay(conn: sqlite3.Connection, action: str, expect: dict[str, Any],
                   target: dict[str, Any]) -> bool:
    """Undo (or redo) an edit of an entry's title or note, or a decision on it, by those
    fields alone, when they still read as the action left them, whatever else changed
    since: a tester's build of the next day's articles dated every document anew, and
    no title edited or entry accepted the day before could be undone. True when done;
    an edit of the date, a decision that made background an entry, or the fields
    changed since, is not (the entry as a whole must be as the action left it,
    ``_same_content``). A "changed since review" flag raised by new evidence since stays
    on an entry still decided (a redone decision has not seen it), and is the flag as
    it was on one undecided again."""
    alone = _ALONE.get(action)
    if alone is None or len(expect) != 1:
        return False
    ((gid, then),) = expect.items()
    back = target.get(gid)
    if then is None or back is None:
        return False
    changed = {k for k in {*then, *back} - set(_VOLATILE) if then.get(k) != back.get(k)}
    now = snapshot(conn, int(gid))
    if not changed or not changed <= alone or now is None or any(
            now.get(k) != then.get(k) for k in changed - {"changed_since_review"}):
        return False
    sets = {k: back[k] for k in sorted(changed)}
    if "status" in sets and back["status"] == "pending":
        # undecided again: nothing was decided for evidence to have come since (a tester
        # saw "○ pend*, dated again since decided" on entries whose decisions were undone)
        sets["changed_since_review"] = back["changed_since_review"]
    elif "changed_since_review" in sets or "status" in sets:
        sets["changed_since_review"] = int(bool(back["changed_since_review"])
                                           or bool(now["changed_since_review"]))
    _bump(conn, int(gid), sets)
    return True


def _replay(conn: sqlite3.Connection, decision_id: int, *, undo: bool) -> Outcome:
    row = conn.execute(
        "SELECT action, group_id, before, after FROM decisions WHERE id = ?", [decision_id]
    ).fetchone()
    action, group_id, before_json, after_json = row
    documents = loads(before_json, {}).get("documents")
    if documents is not None:
        return _replay_documents(conn, decision_id, action, before_json, after_json, undo=undo)
    now_id = current_claim_ids(conn)
    before, after = ({gid: _in_current_claims(snap, now_id)
                      for gid, snap in loads(side, {}).get("groups", {}).items()}
                     for side in (before_json, after_json))
    expect, target = (after, before) if undo else (before, after)
    stale = [
        int(gid)
        for gid, snap in expect.items()
        if not _same_content(snapshot(conn, int(gid)), snap)
    ]
    if stale and not _fields_replay(conn, action, expect, target):
        verb = "undo" if undo else "redo"
        raise StaleGroup(
            stale,
            f"cannot {verb} {action} of #{group_id}: group "
            f"{', '.join(f'#{g}' for g in stale)} changed since (by another action or "
            "process, or its articles were extracted again)",
            decision_id,
        )
    # (fields replayed on a group a regroup rewrote: its day shares anew all the same)
    grew = (_restore(conn, target) if not stale
            else _rank_days(conn, [_day_of(snapshot(conn, int(g))) for g in target]))
    conn.execute("UPDATE decisions SET undone = ? WHERE id = ?", [1 if undo else 0, decision_id])
    alive = tuple(int(g) for g, s in target.items() if s is not None)
    # the decided group; a step over many groups implies none of them (the caller keeps
    # its place)
    focus = (
        None if action.endswith("-many")
        else group_id if group_id is not None and str(group_id) in target and target[str(group_id)]
        else (alive[0] if alive else None)
    )
    verb = "undid" if undo else "redid"
    # a reject done again: the entry that takes its place, as the reject said
    opens, opens_at = (_opens(conn, grew, group_id, _day_of(target.get(str(group_id))))
                       if action == "reject" and not undo else (None, ""))
    # a merge or a split changed other groups too: name them ("undid merge of #1660" left
    # a tester asking which group came back)
    others = [f"#{g}" for g in sorted(target, key=int) if int(g) != group_id]
    also = (" and " + ", ".join(others[:3]) + ("…" if len(others) > 3 else "")) if others else ""
    what = (f"{action.removesuffix('-many')} of {len(target)} groups"
            if action.endswith("-many") else f"{action} of #{group_id}{also}")
    if action == "merge" and others:  # as the merge said it: "merged #26 into #41"
        what = (f"merge of {', '.join(others[:3])}{'…' if len(others) > 3 else ''} "
                f"into #{group_id}")
    return Outcome(
        decision_id,
        "undo" if undo else "redo",
        alive,
        f"{verb} {what}",
        focus=focus,
        opens=opens,
        opens_at=opens_at,
    )


def _replay_documents(conn: sqlite3.Connection, decision_id: int, action: str,
                      before_json: str, after_json: str, *, undo: bool) -> Outcome:
    """Undo or redo a document correction: its fields go back; a document whose date
    changed is due for extraction again (``_step`` refreshes after the commit)."""
    from ..ingest import amend

    before = loads(before_json, {}).get("documents", {})
    after = loads(after_json, {}).get("documents", {})
    expect, target = (after, before) if undo else (before, after)
    verb = "undo" if undo else "redo"
    redated = []
    said = []
    for key, fields in target.items():
        current = amend.snapshot(conn, int(key))
        if current is None or not amend.same(current, expect[key]):
            raise StaleGroup((), f"cannot {verb} that change of document {key}: it was "
                             "changed since (by another action or a changed sidecar)",
                             decision_id)
        said.append(amend.described(conn, int(key), current, fields))
        if amend.restore(conn, int(key), fields):
            redated.append(int(key))
    conn.execute("UPDATE decisions SET undone = ? WHERE id = ?", [1 if undo else 0, decision_id])
    # what the document reads now ("undid doc-set of document 3" left a tester asking
    # which article, and what its date is now)
    what = {amend.SET_ACTION: "doc set", amend.FILE_ACTION: "the file's new metadata"}.get(
        action, action)
    return Outcome(decision_id, verb, (),
                   f"{'undid' if undo else 'redid'} {what}: {'; '.join(said)}",
                   redated=tuple(redated))


def undo_target(conn: sqlite3.Connection, passed: Collection[int] = ()) -> int | None:
    """The reviewer's last action still in force, but for those ``passed`` over (actions
    an undo found it could no longer take back: they stay in force)."""
    skip = ", ".join(str(int(i)) for i in passed)
    row = conn.execute(
        f"SELECT max(id) FROM decisions WHERE undone = 0 AND {REVIEWER_ACTION_SQL}"
        + (f" AND id NOT IN ({skip})" if skip else "")
    ).fetchone()
    decision_id: int | None = row[0]
    return decision_id


def redo_target(conn: sqlite3.Connection, passed: Collection[int] = ()) -> int | None:
    """The earliest undone decision after the last one still in force (``undo_target``),
    of those no new action has ended (``db.log_decision``), but for those ``passed`` over
    (a redo that found its groups changed: the ones after it can still be redone)."""
    last = undo_target(conn, passed) or 0
    skip = ", ".join(str(int(i)) for i in passed)
    row = conn.execute(
        f"SELECT min(id) FROM decisions WHERE undone = 1 AND id > ? AND {REVIEWER_ACTION_SQL}"
        + (f" AND id NOT IN ({skip})" if skip else ""),
        [last],
    ).fetchone()
    decision_id: int | None = row[0]
    return decision_id


def _flagged_by(conn: sqlite3.Connection, decision_id: int) -> set[int]:
    """The decided groups a document correction (``decision_id``) marked changed since
    review by dating their claims again, that were not marked before it."""
    return {gid for gid, before, after in conn.execute(
        "SELECT group_id, before, after FROM decisions WHERE id > ? "
        "AND action = 'new-evidence' AND reviewer = 'workbench'", [decision_id])
        if loads(before, {}).get("changed_since_review") == 0
        and ({"redated_claims", "date_was"} & loads(after, {}).keys())}


def _as_decided(conn: sqlite3.Connection, group_ids: Collection[int]) -> set[int]:
    """Undoing a correction dates its claims as they were when the groups it marked were
    decided: they are no longer changed since review (a tester's accepted entry stayed
    marked, and the undo of its accept was refused as "changed since"), unless they
    gained claims since (a regroup sent them back to the queue)."""
    done = set()
    stamp = now()
    with write(conn):
        for gid in group_ids:
            row = conn.execute("SELECT status, changed_since_review FROM groups WHERE id = ?",
                               [gid]).fetchone()
            if row is None or row[0] not in ("accepted", "rejected") or not row[1]:
                continue
            conn.execute("UPDATE groups SET changed_since_review = 0, version = version + 1, "
                         "updated_at = ? WHERE id = ?", [stamp, gid])
            # a note of the workbench's, as a regroup logs one: it must not end the redo
            # chain as a reviewer's action does (``log_decision``), so a redo still can
            conn.execute(
                "INSERT INTO decisions(at, reviewer, action, group_id, before, after) "
                "VALUES (?, 'workbench', 'new-evidence', ?, ?, ?)",
                [stamp, gid, dumps({"changed_since_review": 1}),
                 dumps({"changed_since_review": 0, "dated_as_decided": True})])
            done.add(gid)
    return done


def _step(conn: sqlite3.Connection, *, undo: bool, passed: Collection[int]) -> Outcome:
    with write(conn):
        target = undo_target(conn, passed) if undo else redo_target(conn, passed)
        if target is None:
            raise ReviewError(f"nothing to {'undo' if undo else 'redo'}")
        outcome = _replay(conn, target, undo=undo)
        flagged = _flagged_by(conn, target) if undo and outcome.redated else set()
    if outcome.redated:  # a publication date went back: its claims are dated again
        from .documents import changed_note, refresh_said

        changed, note = refresh_said(conn, outcome.redated)
        back = _as_decided(conn, flagged)
        note += changed_note([g for g in changed if g not in back])
        if note:
            outcome = dataclasses.replace(outcome, message=outcome.message + note)
    return outcome


def undo(conn: sqlite3.Connection, passed: Collection[int] = ()) -> Outcome:
    """Take back the reviewer's last action still in force (of those not ``passed`` over:
    a caller that met an action it could no longer take back, ``StaleGroup.decision_id``,
    may go on to the ones before it)."""
    return _step(conn, undo=True, passed=passed)


def redo(conn: sqlite3.Connection, passed: Collection[int] = ()) -> Outcome:
    """Do again the action undone last (see ``redo_target``)."""
    return _step(conn, undo=False, passed=passed)
