"""Stage 3: claims about the same event are grouped across sources; conflicts are flagged.

``regroup(db)`` reads every claim, asks the engine (``engine.cluster``, rapidfuzz plus
entity, date and number agreement, with blocking) for clusters and writes groups back,
respecting the reviewer:

- a group that is accepted or rejected, has a member a reviewer placed (``pinned``) or a
  field a reviewer edited is *kept*: its id, status, title, date, note and members stay;
  its members enter the engine with a fixed label, so new claims can join it but its own
  claims never leave. A kept, decided group that gains claims is re-queued (status
  ``pending``, ``changed_since_review`` = 1) and the change is logged in ``decisions``;
- other (pending, untouched) groups are rebuilt; a rebuilt cluster reuses the id of the old
  group it overlaps most, so ids stay stable across runs.

Everything is written in one transaction: an interrupted run leaves the previous grouping.
"""

from __future__ import annotations

import collections
import contextlib
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from ..console import SILENT, Reporter
from ..db import dumps, insert_row, loads, now, transaction, update_row
from ..extract.dates import precision_of, to_date, weekday_of
from . import conflicts as cf
from .engine import GroupingConfig, Item, cluster
from .entries import Entry, entries, happening
from .frames import frame_of
from .rank import rank_entries

DECIDED = ("accepted", "rejected")
# Provenances of a date a claim does not state but its article gives it (see
# ``Item.context_date``): enough to tell two occasions apart, never to join them. Not
# ``document``: the publication date says when a report was written, and background
# ("this was his third medical leave") is as often months older: used as a context date,
# it lost 9 of the 14 gold pairs grouped across documents on the SemEval trial.
CONTEXT = ("carried",)


@dataclass
class GroupReport:
    claims: int = 0
    groups: int = 0
    multi_source: int = 0
    with_conflicts: int = 0
    requeued: int = 0

    def summary(self) -> str:
        text = (f"group: {self.claims} claims in {self.groups} groups, "
                f"{self.multi_source} with several sources, {self.with_conflicts} with conflicts")
        if self.requeued:
            text += f"; {self.requeued} decided groups got new evidence and are back in the queue"
        return text


def load_claims(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    rows = []
    for row in db.query("SELECT * FROM claims ORDER BY id"):
        row["entities"] = loads(row["entities"], [])
        row["numbers"] = loads(row["numbers"], [])
        rows.append(row)
    return rows


def to_item(claim: dict[str, Any], fixed: int | None = None,
            hint: tuple[str, str] | None = None, published: str | None = None,
            context: str | None = None) -> Item:
    """The engine's view of a claim. ``published`` is its document's date: a claim whose
    publication date its group replaced (``conflicts.recalled``) is grouped as before.
    ``hint``: a sharper date (``grouping_dates``); ``context``: the occasion it refers
    back to (``occasions``); both for grouping only."""
    dated = cf.own_date(claim)
    date = cf.stated(claim)["date"] if dated else None
    if hint is not None:
        date = hint[0]  # the engine reads a date's precision from its length
    if (context is None and not dated and claim["date_provenance"] in CONTEXT
            and not cf.from_occasion(claim)):  # a date its entry gave is not its own
        context = claim["date"]
    return Item(
        text=claim["text"],
        doc=str(claim["document_id"]),
        trigger=claim["trigger"],
        entities=[(e["norm"], e["label"]) for e in claim["entities"] if e.get("norm")],
        numbers=[(float(n["value"]), cf.unit_of(n) or "") for n in claim["numbers"]],
        date=date,
        fixed=fixed,
        context_date=context if date is None else None,
        published=claim["date"] if claim["date_provenance"] == "document"
        else published if cf.recalled(claim) else None,
    )


def grouping_dates(claims: list[dict[str, Any]],
                   published: dict[int, str | None]) -> dict[int, tuple[str, str]]:
    """Sharper dates for grouping only (never stored, never evidence in conflicts):

    - "after the May discussions" in an article that dates one discussion in May to the
      day (May 16) is about that day (a month the source names: "less than two weeks ago"
      on June 16 fell in June, but not on the June 24 release the article announces);
    - "talks in Istanbul on Monday" in an article without a usable base: if the corpus
      dates that kind of event (``frames``) on exactly one day that is a Monday, not before
      the article's own dates, the Monday is that day.
    """
    claims = [cf.stated(c) for c in claims]  # a date the group sharpened is not evidence
    by_doc: dict[tuple[int, str], set[str]] = collections.defaultdict(set)
    by_frame: dict[str, set[str]] = collections.defaultdict(set)
    for c in claims:
        frame = frame_of(c["trigger"])
        if frame and cf.own_date(c) and c["date_precision"] == "day":
            by_doc[(c["document_id"], frame)].add(c["date"])
            by_frame[frame].add(c["date"])
    hints: dict[int, tuple[str, str]] = {}
    for c in claims:
        frame = frame_of(c["trigger"])
        if not frame:
            continue
        if (cf.own_date(c) and c["date_precision"] == "month"
                and c["date_provenance"] == "explicit"):
            days = {d for d in by_doc.get((c["document_id"], frame), ()) if d.startswith(c["date"])}
            if len(days) == 1:
                hints[c["id"]] = (days.pop(), "day")
        elif not c["date"] and c["date_provenance"] == "relative" and c["date_text"]:
            wd = weekday_of(c["date_text"])
            floor = to_date(published.get(c["document_id"]))
            days = {d for d in by_frame.get(frame, ()) if wd is not None
                    and to_date(d).weekday() == wd
                    and (floor is None or to_date(d) >= floor - dt.timedelta(days=7))}
            if len(days) == 1:
                hints[c["id"]] = (days.pop(), "day")
    return hints


# "the talks", "this meeting": a definite mention of an event the sentence before named
# ("before the talks", "since the meeting" date something else by it: not a mention)
_DEFINITE = re.compile(r"(?<!\bbefore )(?<!\bafter )(?<!\bprior to )(?<!\bfollowing )"
                       r"(?<!\bsince )(?<!\buntil )(?<!\bahead of )"
                       r"\b(?:the|this|these|those)\s+([a-z-]+)(?:\s+([a-z]+))?")


def occasions(claims: list[dict[str, Any]],
              hints: dict[int, tuple[str, str]]) -> dict[int, str]:
    """The occasion an undated claim refers back to, for grouping only (a context date:
    never evidence, only a sign of two different occasions): "The Istanbul negotiations,
    which took place on June 2, were tense." / "... the talks centered on a ceasefire."
    The claim must mention the kind of event the claim just before it in the same document
    reports, with a definite article or a demonstrative (not "before the talks"), and that
    claim must be dated to a day by its own words (or by this rule, so a run of such
    sentences stays on the occasion)."""
    out: dict[int, str] = {}
    doc = None
    occasion: tuple[str, str | None, str | None] | None = None  # date, trigger, its class
    for c in sorted(claims, key=lambda c: (c["document_id"], c["char_start"])):
        if c["document_id"] != doc:
            doc, occasion = c["document_id"], None
        if c["id"] in hints:  # a day the corpus suggests: no occasion to refer back to
            occasion = None
            continue
        if cf.own_date(c):
            day = cf.stated(c)["date"]
            # only a day names one occasion ("a previous swap in May" may be another)
            occasion = (day, c["trigger"], frame_of(c["trigger"])) if len(day) == 10 else None
            continue
        if occasion is not None:
            date, trigger, kind = occasion
            named = {form for m in _DEFINITE.finditer(c["text"].lower()) for w in m.groups()
                     if w for form in (w, w.removesuffix("s"))}  # "talks": talk
            if trigger in named or (kind and any(frame_of(w) == kind for w in named)):
                out[c["id"]] = date
                continue
        occasion = None
    return out


def protected_groups(db: sqlite_utils.Database) -> dict[int, dict[str, Any]]:
    """Groups the reviewer has touched: they keep their identity through regrouping."""
    return {
        row["id"]: row
        for row in db.query(
            """
            SELECT * FROM groups g
            WHERE status IN ('accepted', 'rejected') OR edited != '[]'
               OR EXISTS (SELECT 1 FROM group_members m WHERE m.group_id = g.id AND m.pinned)
            """
        )
    }


def _fingerprint(db: sqlite_utils.Database) -> tuple:
    """Changes whenever a reviewer (or another process) changes groups or claims."""
    return tuple(db.execute(
        "SELECT (SELECT coalesce(max(id), 0) FROM decisions), "
        "(SELECT coalesce(sum(version), 0) FROM groups), (SELECT count(*) FROM groups), "
        "(SELECT coalesce(max(id), 0) FROM claims), (SELECT count(*) FROM claims), "
        "(SELECT count(*) FROM group_members WHERE pinned = 1)").fetchone())


def regroup(db: sqlite_utils.Database, reporter: Reporter | None = None,
            config: GroupingConfig | None = None, attempts: int = 5,
            engine=None) -> GroupReport:
    """Regroup every claim. Clustering runs without holding the write lock (a reviewer in
    the TUI can go on deciding); if anything changed meanwhile, it starts again, so a
    decision made during a regroup is never overwritten. ``engine``: a Ray cluster
    (``workbench.distributed``) the costly steps run on, the groups the same."""
    reporter = reporter or SILENT
    report = GroupReport()
    docs = db.execute("SELECT id, text, published FROM documents").fetchall()
    doc_texts = {str(doc_id): text for doc_id, text, _ in docs}
    published = {doc_id: value for doc_id, _, value in docs}
    with reporter.progress("group", None) as advance:
        for attempt in range(attempts + 1):
            # After ``attempts`` tries that others' decisions overtook, the last one holds
            # the write lock from reading to writing: their writes wait for it (or are told
            # the database is busy) and every claim ends in a group.
            last = attempt == attempts
            with transaction(db) if last else contextlib.nullcontext():
                seen = _fingerprint(db)
                claims = load_claims(db)
                kept = protected_groups(db)
                membership = {r[0]: r[1] for r in
                              db.execute("SELECT claim_id, group_id FROM group_members")}
                hints = grouping_dates(claims, published)
                context = occasions(claims, hints)
                items = [to_item(c, membership.get(c["id"]) if membership.get(c["id"]) in kept
                                 else None, hints.get(c["id"]), published.get(c["document_id"]),
                                 context.get(c["id"]))
                         for c in claims]
                clusters = cluster(items, config, doc_texts, engine) if items else []
                day_hint = {cid: value for cid, (value, precision) in hints.items()
                            if precision == "day"}
                day_hint.update({cid: value for cid, value in context.items()
                                 if len(value) == 10})
                day_hint.update({c["id"]: c["date"] for c in claims  # the story's lead, not
                                 if c["date_provenance"] == "carried"  # a date an entry gave
                                 and c["date_precision"] == "day" and not cf.from_occasion(c)})
                found = entries(clusters, claims, day_hint, doc_texts)
                if last:
                    _write(db, found, claims, kept, membership, published, now(), report)
                    rank_entries(db)
                    break
            with transaction(db):
                if _fingerprint(db) != seen:
                    continue  # someone decided meanwhile: cluster again on what they left
                _write(db, found, claims, kept, membership, published, now(), report)
                rank_entries(db)
            break
        advance(1)
    report.claims = len(claims)
    report.groups = db.execute("SELECT count(*) FROM groups").fetchone()[0]
    report.multi_source = db.execute("SELECT count(*) FROM groups WHERE sources > 1").fetchone()[0]
    report.with_conflicts = db.execute(
        "SELECT count(DISTINCT group_id) FROM conflicts").fetchone()[0]
    return report


def _write(db, clusters: list[Entry], claims, kept, membership, published, stamp,
           report: GroupReport) -> None:
    old_members: dict[int, set[int]] = collections.defaultdict(set)
    for claim_id, group_id in membership.items():
        old_members[group_id].add(claim_id)
    reusable = {gid: members for gid, members in old_members.items() if gid not in kept}
    used: set[int] = set()
    # (group id or -1 for a new one, claim ids, similarities, background)
    wanted: list[tuple[int, list[int], list[float], bool]] = []
    event_of = {claims[i]["id"]: e for cl in clusters
                for i, e in zip(cl.members, cl.events, strict=True)}
    for cl in _respect_splits(clusters, claims, membership, kept):
        ids = [claims[i]["id"] for i in cl.members]
        if cl.fixed is not None:
            wanted.append((cl.fixed, ids, cl.similarity, False))
            continue
        is_background = not any(happening(claims[i]) for i in cl.members)
        best, overlap = None, 0.0
        for gid in {membership.get(cid) for cid in ids} - {None} - used - set(kept):
            inter = len(reusable.get(gid, set()) & set(ids))
            union = len(reusable.get(gid, set()) | set(ids))
            if union and inter / union > overlap:
                best, overlap = gid, inter / union
        if best is not None and overlap >= 0.5:
            used.add(best)
            wanted.append((best, ids, cl.similarity, is_background))
        else:
            wanted.append((-1, ids, cl.similarity, is_background))
    # Pending, untouched groups that no cluster reuses disappear.
    stale = set(reusable) - used
    for gid in stale:
        db.execute("DELETE FROM groups WHERE id = ?", [gid])
    by_id = {c["id"]: c for c in claims}
    for gid, ids, sims, is_background in wanted:
        if gid == -1:
            gid = insert_row(db, "groups", {
                "title": by_id[ids[0]]["text"], "status": "pending", "created_at": stamp,
                "updated_at": stamp})
        if gid not in kept:
            db.execute("UPDATE groups SET background = ? WHERE id = ?", [int(is_background), gid])
        previous = old_members.get(gid, set())
        gained = [cid for cid in ids if cid not in previous]
        for cid, sim in zip(ids, sims, strict=True):
            db.execute(
                "INSERT INTO group_members(claim_id, group_id, similarity, pinned, event) "
                "VALUES (?, ?, ?, 0, ?) ON CONFLICT(claim_id) DO UPDATE SET "
                "group_id = excluded.group_id, similarity = excluded.similarity, "
                "event = coalesce(excluded.event, group_members.event) "
                "WHERE group_members.pinned = 0 OR group_members.group_id = excluded.group_id",
                [cid, gid, round(float(sim), 4), event_of.get(cid)],
            )
        group = kept.get(gid)
        if group is not None and gained and group["status"] in DECIDED:
            _requeue(db, group, gained, stamp)
            report.requeued += 1
        _refresh(db, gid, kept.get(gid), published, stamp,
                 changed=bool(gained) or gid not in old_members)


def _respect_splits(clusters: list[Entry], claims, membership, kept) -> list[Entry]:
    """Only claims never grouped before may join a group a reviewer touched.

    A claim already sitting in an untouched group that the engine now pulls into a
    reviewed group stays with its old group-mates instead: the reviewer may have split
    it off on purpose, and a decided group should only ever gain *new* evidence.
    """
    out: list[Entry] = []
    for cl in clusters:
        if cl.fixed is None:
            out.append(cl)
            continue
        keep: list[tuple[int, float, int]] = []
        detached: dict[int, list[tuple[int, int]]] = collections.defaultdict(list)
        for i, sim, event in zip(cl.members, cl.similarity, cl.events, strict=True):
            old = membership.get(claims[i]["id"])
            if old is None or old in kept:
                keep.append((i, sim, event))
            else:
                detached[old].append((i, event))
        out.append(Entry([i for i, _, _ in keep], [s for _, s, _ in keep], cl.fixed,
                         [e for _, _, e in keep]))
        for members in detached.values():
            out.append(Entry([i for i, _ in members], [1.0] * len(members), None,
                             [e for _, e in members]))
    return out


def _requeue(db, group: dict[str, Any], gained: list[int], stamp: str) -> None:
    db.execute(
        "UPDATE groups SET status = 'pending', changed_since_review = 1, version = version + 1, "
        "updated_at = ? WHERE id = ?",
        [stamp, group["id"]],
    )
    insert_row(db, "decisions", {
        "at": stamp, "reviewer": "workbench", "action": "new-evidence", "group_id": group["id"],
        "before": dumps({"status": group["status"]}),
        "after": dumps({"status": "pending", "changed_since_review": 1, "added_claims": gained}),
    })


def group_claims(conn, group_id: int) -> tuple[list[dict], dict[int, float]]:
    """A group's claims (JSON columns decoded) and each one's similarity. ``conn`` is a
    sqlite3 connection or a sqlite-utils Database: the review core calls this too."""
    cur = conn.execute(
        "SELECT c.*, m.similarity, m.event FROM claims c JOIN group_members m ON m.claim_id = c.id "
        "WHERE m.group_id = ? ORDER BY c.document_id, c.char_start", [group_id])
    names = [d[0] for d in cur.description]
    rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    for row in rows:
        row["entities"] = loads(row["entities"], [])
        row["numbers"] = loads(row["numbers"], [])
    return rows, {r["id"]: r["similarity"] for r in rows}


def settle_dates(conn, claims: list[dict[str, Any]],
                 published: dict[int, str | None] | None = None,
                 ) -> tuple[str | None, str | None]:
    """Dates a group gives its claims, from its members as they are now: a weekday pinned
    to the group's day, a publication date replaced by an earlier day, a year or month
    sharpened to a day (see ``conflicts``), each within the claim's fine event; each one
    given back when the group no longer says so. ``published``: document id → publication
    date, read here if not given. The sources' own dates, and so the consensus and the
    conflicts, are never changed. Returns the entry's consensus (date, precision)."""
    if published is None:
        docs = sorted({c["document_id"] for c in claims})
        published = dict(conn.execute(
            f"SELECT id, published FROM documents WHERE id IN ({', '.join('?' * len(docs))})",
            docs).fetchall())
    entry = cf.consensus_date(claims)
    # a date given by other sources is given within one fine event of the entry (the
    # claims the engine found to report the same thing), as it was before entries
    events: dict[Any, list[dict[str, Any]]] = collections.defaultdict(list)
    for c in claims:
        events[c.get("event")].append(c)
    for members in events.values():
        _settle_event(conn, members, published)
    for claim_id, (value, provenance, note) in cf.occasion_resolutions(
            claims, *entry).items():
        conn.execute(
            "UPDATE claims SET date = ?, date_precision = ?, date_provenance = ?, date_base = ? "
            "WHERE id = ?", [value, value and precision_of(value), provenance, note, claim_id])
    return entry


def _settle_event(conn, claims: list[dict[str, Any]], published: dict[int, str | None]) -> None:
    date, precision = cf.consensus_date(claims)
    for claim_id, value in cf.weekday_resolutions(claims, date, precision, published).items():
        conn.execute(  # the weekday pinned to the group's day, or given back
            "UPDATE claims SET date = ?, date_precision = ?, date_provenance = ?, "
            "stated_provenance = ? WHERE id = ?",
            [value, value and "day", "corroborated" if value else "relative",
             "relative" if value else None, claim_id],
        )
    for claim_id, (value, provenance, note) in cf.background_resolutions(
            claims, date, precision, published).items():
        conn.execute(
            "UPDATE claims SET date = ?, date_precision = ?, date_provenance = ?, date_base = ? "
            "WHERE id = ?",
            [value, precision_of(value), provenance, note, claim_id],
        )
    for claim_id, (value, provenance, own, own_provenance) in cf.refine_resolutions(
            claims, date, precision).items():
        conn.execute(
            "UPDATE claims SET date = ?, date_precision = ?, date_provenance = ?, "
            "stated_date = ?, stated_provenance = ? WHERE id = ?",
            [value, precision_of(value), provenance, own, own_provenance, claim_id],
        )


def describe_group(conn, group_id: int, claims: list[dict[str, Any]] | None = None,
                   published: dict[int, str | None] | None = None,
                   ) -> tuple[str | None, str | None]:
    """Recompute what follows from a group's claims as they are now (after a reviewer's
    merge or split, say): the dates it gives its claims (``settle_dates``) and its
    conflicts. Returns its event (date, precision): the value a reviewer chose for its date
    conflict, else the sources' consensus. ``claims``: the group's claims from
    :func:`group_claims`, if the caller has them already."""
    if claims is None:
        claims, _ = group_claims(conn, group_id)
    date, precision = settle_dates(conn, claims, published)
    store_conflicts(conn, group_id, cf.all_conflicts(claims, date))
    chosen = conn.execute(
        "SELECT resolution FROM conflicts WHERE group_id = ? AND kind = 'date' "
        "AND resolution IS NOT NULL", [group_id]).fetchone()
    return cf.event_date(claims, chosen[0]) if chosen else (date, precision)


def _refresh(db, group_id: int, kept: dict[str, Any] | None, published, stamp: str,
             changed: bool) -> None:
    """Recompute what a group says from its members, leaving reviewer-edited fields alone."""
    claims, sims = group_claims(db, group_id)
    if not claims:
        db.execute("DELETE FROM groups WHERE id = ?", [group_id])
        return
    row = db.execute("SELECT edited FROM groups WHERE id = ?", [group_id]).fetchone()
    edited = set(loads(row[0], [])) if row else set()
    date, precision = describe_group(db, group_id, claims, published)
    title = cf.best_title_claim(claims, sims)
    updates: dict[str, Any] = {"sources": len({c["document_id"] for c in claims})}
    if "title" not in edited:
        updates["title"] = title["text"]
        updates["title_claim_id"] = title["id"]
    if "event_date" not in edited:
        updates["event_date"] = date
        updates["date_precision"] = precision
    current = db.execute(
        f"SELECT {', '.join(updates)} FROM groups WHERE id = ?", [group_id]).fetchone()
    if changed or tuple(current) != tuple(updates.values()):
        updates["updated_at"] = stamp
        if kept is not None:
            db.execute("UPDATE groups SET version = version + 1 WHERE id = ?", [group_id])
    update_row(db, "groups", group_id, updates)


def store_conflicts(conn, group_id: int, found: list[dict[str, Any]]) -> None:
    """Replace a group's conflicts, keeping a reviewer's resolution where the same
    disagreement remains and the chosen value is still one of its values."""
    resolved = {
        (r[0], r[1]): r[2]
        for r in conn.execute(
            "SELECT kind, subject, resolution FROM conflicts WHERE group_id = ? "
            "AND resolution IS NOT NULL", [group_id])
    }
    conn.execute("DELETE FROM conflicts WHERE group_id = ?", [group_id])
    for c in found:
        resolution = resolved.get((c["kind"], c["subject"]))
        if resolution not in {str(v.get("value")) for v in c["values"]}:
            resolution = None
        insert_row(conn, "conflicts", {
            "group_id": group_id, "kind": c["kind"], "subject": c["subject"],
            "values": dumps(c["values"]), "claim_ids": dumps(c["claim_ids"]),
            "resolution": resolution,
        })
