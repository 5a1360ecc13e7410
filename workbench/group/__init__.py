"""Stage 3: claims about the same event are grouped across sources; conflicts are flagged.

``regroup(db)`` reads every claim, asks the engine (``engine.cluster``, rapidfuzz plus
entity, date and number agreement, with blocking) for clusters and writes groups back,
respecting the reviewer:

- a group that is accepted or rejected, has a member a reviewer placed (``pinned``) or a
  field a reviewer edited (``members``: claims split off it) is *kept*: its id, status,
  title (while nothing new joins it, or, decided, while its title's claim stays), date,
  note and members stay;
  its members enter the engine with a fixed label, so new claims can join it but its own
  claims never leave. A kept, decided group that gains claims is re-queued (status
  ``pending``, ``changed_since_review`` = 1) and the change is logged in ``decisions``;
- other (pending, untouched) groups are rebuilt; a rebuilt cluster reuses the id of the old
  group it overlaps most, so ids stay stable across runs.

A publication date guessed from the latest date an article names is raised to the day
of an occasion it reports as done, when another source states that day
(``dates.published.reporting_floors``), and the entries are built once more with it.

Everything is written in one transaction: an interrupted run leaves the previous grouping.
``regroup(db, incremental=True)`` (what ``workbench build`` does) regroups only the claims
of the stories that new or re-extracted documents touch (see ``incremental``).
"""

from __future__ import annotations

import collections
import contextlib
import sqlite3
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from ..console import SILENT, Reporter
from ..dates import event_date, grouping_dates, occasions, settle
from ..dates.entry import SOURCES, from_nearby, from_occasion, own_date, recalled, stated
from ..dates.expressions import compatible
from ..dates.published import lower_bound, raised_evidence, reporting_floors, text_guess
from ..db import (
    current_claim_ids,
    dumps,
    insert_row,
    loads,
    new_group_ids,
    now,
    search_index_deferred,
    transaction,
)
from ..text import NOT_A_DISAGREEMENT, SINCE_RESOLVED, count_of, group_ids
from . import conflicts as cf
from .engine import Cluster, GroupingConfig, Item, cluster, story_index, units_of
from .entries import Entry, entries, happening
from .frames import frame_of
from .incremental import plan as incremental_plan
from .incremental import remember
from .rank import rank_entries
from .titles import best_title_claim, title_text

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
    multi_source: int = 0  # entries (not background) with several sources
    with_conflicts: int = 0  # entries with conflicts
    background: int = 0
    requeued: int = 0
    requeued_groups: list[int] = field(default_factory=list)
    # decided entries whose date moved with their reports' (a publication date corrected)
    redated_groups: list[int] = field(default_factory=list)
    regrouped: int = 0  # claims given to the engine
    incremental: bool = False  # only the stories new documents touch were regrouped

    def summary(self) -> str:
        # counted as the review and ``status`` count them: entries, and background apart
        entries = self.groups - self.background
        text = (f"group: {count_of(self.claims, 'claim')} in {entries} chronology "
                f"entr{'y' if entries == 1 else 'ies'} ({self.multi_source} with several "
                f"sources, {self.with_conflicts} with conflicts) and "
                f"{count_of(self.background, 'background group')}")
        if self.incremental:
            text += (f"; {self.regrouped} claims regrouped, in the stories new or "
                     "re-extracted documents touch")
        if self.requeued:
            # named: a reviewer back the next day looks for the entries they decided
            text += (f"; {count_of(self.requeued, 'decided group')} got new evidence and "
                     f"{'is' if self.requeued == 1 else 'are'} back in the queue: "
                     f"{group_ids(self.requeued_groups)}")
        if self.redated_groups:
            text += (f"; {count_of(len(self.redated_groups), 'decided group')} dated again "
                     f"(changed since review): {group_ids(self.redated_groups)}")
        return text


# What grouping reads of a claim (``to_item``, ``grouping_hints``, ``entries``,
# ``_write``): the other columns (the span's end, the speaker as written, the reporting
# verb, the kind, when it was extracted) are read again where a group's claims are
# described (``groups_claims``).
_GROUPING_COLUMNS = ("id", "document_id", "char_start", "text", "date", "date_precision",
                     "date_provenance", "date_text", "date_base", "speaker_norm", "trigger",
                     "entities", "numbers", "stated_date", "stated_provenance", "aspect")
_SHARED_COLUMNS = frozenset(_GROUPING_COLUMNS) - {"id", "char_start", "text", "entities",
                                                   "numbers"}


def load_claims(db: sqlite_utils.Database, documents: set[int] | None = None,
                lean: bool = False) -> list[dict[str, Any]]:
    """Every claim, or those of ``documents`` (ids; an incremental grouping's stories).

    ``lean``: only what grouping reads, held as compactly as a row can be (grouping
    holds every claim of the collection from reading to writing): the columns of
    ``_GROUPING_COLUMNS``; one object for each value many claims share (a date, a
    provenance, a trigger, a document id); an entity as its ``norm`` and ``label``
    alone and a number as its ``value`` and ``unit``, each one dict shared by every
    claim that names it (read only), in a tuple."""
    where = "" if documents is None else f" WHERE document_id IN {_id_list(documents)}"
    if not lean:
        rows = []
        for row in db.query(f"SELECT * FROM claims{where} ORDER BY id"):
            row["entities"] = loads(row["entities"], [])
            row["numbers"] = loads(row["numbers"], [])
            rows.append(row)
        return rows
    shared: dict[Any, Any] = {}
    entities: dict[tuple[str, str], dict[str, Any]] = {}
    numbers: dict[tuple[Any, Any], dict[str, Any]] = {}
    share = [name in _SHARED_COLUMNS for name in _GROUPING_COLUMNS]
    out = []
    cur = _sqlite(db).execute(f"SELECT {', '.join(_GROUPING_COLUMNS)} FROM claims{where} "
                              "ORDER BY id")
    for values in cur:
        row = {name: shared.setdefault(v, v) if one and v is not None else v
               for name, v, one in zip(_GROUPING_COLUMNS, values, share, strict=True)}
        row["entities"] = tuple(
            entities.get(key) or entities.setdefault(key, {"norm": key[0], "label": key[1]})
            for e in loads(row["entities"], []) if e.get("norm")
            for key in [(shared.setdefault(e["norm"], e["norm"]),
                         shared.setdefault(e["label"], e["label"]))])
        row["numbers"] = tuple(
            numbers.get(key) or numbers.setdefault(key, {"value": key[0], "unit": key[1]})
            for n in loads(row["numbers"], [])
            for key in [(n["value"], n.get("unit"))])
        out.append(row)
    return out


def to_item(claim: dict[str, Any], fixed: int | None = None,
            hint: tuple[str, str] | None = None, published: str | None = None,
            context: str | None = None, part: int | None = None,
            grouped: bool = False) -> Item:
    """The engine's view of a claim. ``published`` is its document's date: a claim whose
    publication date its group replaced (``dates.entry.recalled``) is grouped as before.
    ``hint``: a sharper date (``grouping_dates``); ``context``: the occasion it refers
    back to (``occasions``); both for grouping only."""
    dated = own_date(claim)
    date = stated(claim)["date"] if dated else None
    if hint is not None:
        date = hint[0]  # the engine reads a date's precision from its length
    nearby = from_nearby(claim)  # shown, never used to group: read as undated
    if (context is None and not dated and claim["date_provenance"] in CONTEXT
            and not from_occasion(claim) and not nearby):  # nor a date its entry gave
        context = claim["date"]
    return Item(
        text=claim["text"],
        doc=str(claim["document_id"]),
        trigger=claim["trigger"],
        entities=[(e["norm"], e["label"]) for e in claim["entities"] if e.get("norm")],
        numbers=[(float(n["value"]), cf.unit_of(n) or "") for n in claim["numbers"]],
        date=date,
        fixed=fixed,
        part=part if fixed is not None else None,
        grouped=grouped and fixed is None,
        context_date=context if date is None else None,
        published=claim["date"] if claim["date_provenance"] == "document"
        else published if recalled(claim) or nearby else None,
    )


def grouping_hints(claims: list[dict[str, Any]], published: dict[int, str | None],
                   parts: list[list[int]] | None = None,
                   ) -> tuple[dict[int, tuple[str, str]], dict[int, str]]:
    """Sharper dates and the occasions undated claims refer back to, for grouping only
    (``dates.grouping``, reading kinds of event with this stage's ``frames``). With
    ``parts`` (positions in ``claims`` by unit, ``engine.units_of``), what the corpus
    dates is read unit by unit, as the engine reads everything else."""
    hints: dict[int, tuple[str, str]] = {}
    context: dict[int, str] = {}
    for members in parts if parts is not None else [list(range(len(claims)))]:
        mine = [claims[i] for i in members]
        found = grouping_dates(mine, published, frame_of)
        hints.update(found)
        context.update(occasions(mine, found, frame_of))
    return hints, context


def entries_by_unit(clusters: list[Cluster], claims: list[dict[str, Any]],
                    day_hint: dict[int, str], doc_texts: dict[str, str],
                    parts: list[list[int]],
                    dateless: frozenset[int] = frozenset(),
                    events: dict[int, int] | None = None) -> list[Entry]:
    """``entries`` unit by unit (``parts``: positions in ``claims`` by unit): an occasion
    is made of one unit's fine events, and the names a unit is about (not marks of one
    occasion) are counted among its own documents. The engine's clusters never cross
    units but for one a reviewer's label holds, which stays as it is, its claims in the
    fine events they had (``events``: claim id -> fine event; written as one claim each,
    a decided entry lost them at its first regrouping, and with them what new evidence
    and a later regrouping compare it by)."""
    events = events or {}
    out: list[Entry] = []
    decided: dict[int, Entry] = {}  # group id -> the entry a reviewer decided on
    unit_of = {i: u for u, members in enumerate(parts) for i in members}
    mine: list[list[Cluster]] = [[] for _ in parts]
    for cl in clusters:
        if cl.fixed is not None:
            out.append(Entry(list(cl.members), list(cl.similarity), cl.fixed,
                             [events.get(claims[i]["id"], claims[i]["id"])
                              for i in cl.members]))
            decided[cl.fixed] = out[-1]
            # its claims, unit by unit, stand in their articles beside the others
            # (``entries``: a decision never regroups the entries nobody decided on)
            for u in {unit_of[i] for i in cl.members if i in unit_of}:
                mine[u].append(cl)
        else:
            mine[unit_of[cl.members[0]]].append(cl)
    for members, found in zip(parts, mine, strict=True):
        local = {i: k for k, i in enumerate(members)}
        sub = [claims[i] for i in members]
        texts = {str(c["document_id"]): doc_texts[str(c["document_id"])] for c in sub
                 if str(c["document_id"]) in doc_texts}
        fine = [Cluster([local[i] for i in cl.members if i in local],
                        [s for i, s in zip(cl.members, cl.similarity, strict=True)
                         if i in local], cl.fixed) for cl in found]
        for e in entries(fine, sub, day_hint, texts, dateless, events):
            if e.fixed is not None:  # a decided entry is in ``out`` already, whole
                continue
            e.members = [members[k] for k in e.members]
            if e.joins is not None and e.joins in decided:  # new reports of it
                whole = decided[e.joins]
                whole.members += e.members
                whole.similarity += e.similarity
                whole.events += e.events
            else:
                out.append(e)
    return out


def build_entries(claims: list[dict[str, Any]], published: dict[int, str | None],
                  texts: dict[str, str], index, config: GroupingConfig | None = None,
                  fixed: dict[int, int] | None = None, engine=None,
                  limits: dict | None = None, events: dict[int, int] | None = None,
                  grouped: set[int] | None = None,
                  decided_dates: dict[int, str | None] | None = None,
                  disputed: dict[int, set[str]] | None = None) -> list[Entry]:
    """The chronology entries of ``claims`` (dicts of ``load_claims``): fine events
    (``engine.cluster``) unit by unit, then occasions (``entries``). ``published``:
    document id -> publication date; ``texts``: document id (a string) -> text; ``index``:
    ``engine.story_index`` of the texts; ``fixed``: claim id -> the group a reviewer
    decided it is in, ``events`` -> its fine event there (new evidence joins a decided
    group by being like one of its fine events); ``grouped``: claims that sit in an
    untouched group already, which never join a decided one. What ``regroup`` writes,
    and what ``eval ecbplus --claims`` scores."""
    fixed = fixed or {}
    events = events or {}
    grouped = grouped or set()
    parts = units_of([str(c["document_id"]) for c in claims], index)
    hints, context = grouping_hints(claims, published, parts)
    items = [to_item(c, fixed.get(c["id"]), hints.get(c["id"]), published.get(c["document_id"]),
                     context.get(c["id"]), events.get(c["id"]), c["id"] in grouped)
             for c in claims]
    joined: dict[int, int] = {}
    clusters = cluster(items, config, texts, index, engine, limits, joined) if items else []
    # new reports of a decided entry take the fine event they joined it by
    events = {**events, **{claims[m]["id"]: part for m, part in joined.items()}}
    day_hint = {cid: value for cid, (value, precision) in hints.items() if precision == "day"}
    day_hint.update({cid: value for cid, value in context.items() if len(value) == 10})
    day_hint.update({c["id"]: c["date"] for c in claims  # the story's lead, not a date an
                     if c["date_provenance"] == "carried"  # entry gave
                     and c["date_precision"] == "day" and not from_occasion(c)
                     and not from_nearby(c)})
    # articles with no publication date, given or guessed (``entries``: time cannot
    # tell their occasions apart)
    dateless = frozenset(c["document_id"] for c in claims if not published.get(c["document_id"]))
    found = entries_by_unit(clusters, claims, day_hint, texts, parts, dateless, events)
    return _of_their_time(found, claims, fixed, decided_dates or {}, disputed or {})


def _of_their_time(found: list[Entry], claims: list[dict[str, Any]], fixed: dict[int, int],
                   decided_dates: dict[int, str | None],
                   disputed: dict[int, set[str]] | None = None) -> list[Entry]:
    """A decided entry takes a new claim only when the claim is of its time: dated (by its
    words, its article's lead, or the day it was published) inside the entry's date and
    as finely, or not at all. A decided entry holds more than its occasion (a recalled
    fact, a reader's remark), and new reports of those took it back to the queue with
    them (a tester's accepted count of US cases of 10 May took two reports of the WHO's
    alert of 29 April, and a later column's paragraphs); an undecided build puts such
    claims elsewhere (docs/QUALITY.md, session 48). The others go on as entries of their
    own, one an article; but for a claim dated on a day the entry's sources already
    dispute its date with (``disputed``: the values of its date conflict): a new report of
    that disagreement, which the reviewer must see beside the others (a tester's new
    source for "May 22nd" stood apart from the June 2 talks that 001 already misdated so)."""
    disputed = disputed or {}
    out: list[Entry] = []
    for e in found:
        date = decided_dates.get(e.fixed) if e.fixed is not None else None
        if date is None:
            out.append(e)
            continue
        keep: list[int] = []
        stray: dict[int, list[int]] = collections.defaultdict(list)
        argued = disputed.get(e.fixed, set()) if e.fixed is not None else set()
        for k, i in enumerate(e.members):
            c = claims[i]
            if c["id"] in fixed or not c["date"] or (
                    compatible(c["date"], date) and len(c["date"]) >= len(date)) or (
                    c["date"] in argued):
                keep.append(k)
            else:
                stray[c["document_id"]].append(k)
        if not stray:
            out.append(e)
            continue
        out.append(Entry([e.members[k] for k in keep], [e.similarity[k] for k in keep],
                         e.fixed, [e.events[k] for k in keep]))
        for ks in stray.values():
            members = [e.members[k] for k in ks]
            out.append(Entry(members, [e.similarity[k] for k in ks], None,
                             [e.events[k] for k in ks],
                             background=not any(happening(claims[i]) for i in members)))
    return out


def protected_groups(db: sqlite_utils.Database) -> dict[int, dict[str, Any]]:
    """Groups the reviewer has touched: they keep their identity through regrouping
    (decided, edited, a claim placed, or a conflict resolved: a tester's resolution of a
    pending entry's date was lost when the next build regrouped the entry)."""
    return {
        row["id"]: row
        for row in db.query(
            """
            SELECT * FROM groups g
            WHERE status IN ('accepted', 'rejected') OR edited != '[]'
               OR EXISTS (SELECT 1 FROM group_members m WHERE m.group_id = g.id AND m.pinned)
               OR EXISTS (SELECT 1 FROM conflicts c
                          WHERE c.group_id = g.id AND c.resolution IS NOT NULL)
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
            incremental: bool = False, engine=None) -> GroupReport:
    """Regroup every claim. Clustering runs without holding the write lock (a reviewer in
    the TUI can go on deciding); if anything changed meanwhile, it starts again, so a
    decision made during a regroup is never overwritten.

    ``incremental``: regroup only the stories that documents new or re-extracted since the
    last grouping touch (see ``incremental``), when there is a last grouping to build on
    and the change is small; else everything. ``engine``: a Ray cluster
    (``workbench.distributed``) the costly steps run on, the groups the same."""
    reporter = reporter or SILENT
    report = GroupReport()
    cfg = config or GroupingConfig()
    docs = db.execute("SELECT id, text, published, published_provenance, published_evidence "
                      "FROM documents").fetchall()
    doc_texts = {str(doc_id): text for doc_id, text, *_ in docs}
    stored = {doc_id: value for doc_id, _, value, _, _ in docs}
    told = {doc_id: evidence for doc_id, *_, evidence in docs}  # how each date is known
    # documents dated only by the latest date their text names: (value, evidence) of it
    guesses: dict[int, tuple[str, str]] = {}
    for doc_id, _, value, how, evidence in docs:
        day, why = text_guess(value, evidence)
        if how == "inferred" and day and why and lower_bound(why):
            guesses[doc_id] = (day, why)
    with reporter.progress("group", None) as advance:
        for attempt in range(attempts + 1):
            # After ``attempts`` tries that others' decisions overtook, the last one holds
            # the write lock from reading to writing: their writes wait for it (or are told
            # the database is busy) and every claim ends in a group.
            last = attempt == attempts
            with transaction(db) if last else contextlib.nullcontext():
                seen = _fingerprint(db)
                scope = incremental_plan(db, doc_texts, cfg) if incremental else None
                if scope is not None and not scope.documents:
                    break  # nothing new since the last grouping
                region = scope.documents if scope is not None else None
                texts = doc_texts if region is None else {
                    str(d): doc_texts[str(d)] for d in sorted(region)}
                claims = load_claims(db, region, lean=True)
                kept = protected_groups(db)
                membership, events = _membership(db, region)
                index = scope.index if scope is not None else story_index(texts, cfg)
                fixed = {c["id"]: g for c in claims
                         if (g := membership.get(c["id"])) is not None and g in kept}
                limits: dict[int, tuple[int, int | None, int, int | None]] = {}
                rest = (texts, index, config, fixed, engine, limits, events,
                        {cid for cid, g in membership.items() if g not in kept},
                        {g: row["event_date"] for g, row in kept.items()},
                        _disputed_dates(db, set(kept)))
                found = build_entries(claims, stored, *rest)
                moved = _raised_guesses(found, claims, guesses, stored, told)
                published = {**stored, **{d: row[0] for d, row in moved.items()}}
                if published != stored:  # an article dated anew is placed anew
                    found = build_entries(claims, published, *rest)
                if last:
                    _write_guesses(db, moved)
                    _write_all(db, found, claims, kept, membership, published, now(), report,
                               region)
                    remember(db, index, region, limits)
                    rank_entries(db)
                    break
            with transaction(db):
                if _fingerprint(db) != seen:
                    continue  # someone decided meanwhile: cluster again on what they left
                _write_guesses(db, moved)
                _write_all(db, found, claims, kept, membership, published, now(), report,
                           region)
                remember(db, index, region, limits)
                rank_entries(db)
            break
        advance(1)
    report.claims = db.execute("SELECT count(*) FROM claims").fetchone()[0]
    report.regrouped = len(claims) if scope is None or scope.documents else 0
    report.incremental = scope is not None
    report.groups = db.execute("SELECT count(*) FROM groups").fetchone()[0]
    report.background = db.execute(
        "SELECT count(*) FROM groups WHERE background = 1").fetchone()[0]
    report.multi_source = db.execute(
        "SELECT count(*) FROM groups WHERE background = 0 AND sources > 1").fetchone()[0]
    report.with_conflicts = db.execute(
        "SELECT count(DISTINCT group_id) FROM conflicts c JOIN groups g ON g.id = c.group_id "
        "WHERE g.background = 0").fetchone()[0]
    return report


def _raised_guesses(found: list[Entry], claims: list[dict[str, Any]],
                    guesses: dict[int, tuple[str, str]],
                    stored: dict[int, str | None], told: dict[int, str | None],
                    ) -> dict[int, tuple[str, str]]:
    """The guessed publication dates the occasions found move (``dates.published.
    reporting_floors``: no earlier than what an article reports as done, by the day other
    sources give it), and those a floor raised before that no longer holds, which go back
    to their text's guess: document id -> (published, evidence).
    Only for documents whose claims were grouped (``claims``)."""
    mine = {c["document_id"] for c in claims} & set(guesses)
    floors = reporting_floors(
        ([claims[i] for i in e.members] for e in found if not e.background),
        {d: guesses[d][0] for d in mine})
    moved: dict[int, tuple[str, str]] = {}
    for doc in mine:
        value, evidence = guesses[doc]
        if doc in floors:
            day, sources = floors[doc]
            value, evidence = day, raised_evidence(day, sources, value, evidence)
        if (value, evidence) != (stored.get(doc), told.get(doc)):
            moved[doc] = (value, evidence)
    return moved


def _write_guesses(db: sqlite_utils.Database, moved: dict[int, tuple[str, str]]) -> None:
    """A moved guess stays a guess, of a day."""
    _sqlite(db).executemany(
        "UPDATE documents SET published = ?, published_precision = 'day', "
        "published_provenance = 'inferred', published_evidence = ? WHERE id = ? "
        "AND published_provenance != 'given'",  # (a date set meanwhile is the reviewer's)
        [[*row, doc] for doc, row in moved.items()])


def _disputed_dates(db: sqlite_utils.Database, groups: set[int]) -> dict[int, set[str]]:
    """The dates each of ``groups`` has a date conflict over (its values)."""
    out: dict[int, set[str]] = collections.defaultdict(set)
    if not groups:
        return out
    for gid, values in db.execute(
            'SELECT group_id, "values" FROM conflicts WHERE kind = \'date\' '
            f"AND group_id IN {_id_list(groups)}"):
        out[gid].update(str(v.get("value")) for v in loads(values, []) if isinstance(v, dict))
    return out


def _membership(db: sqlite_utils.Database, documents: set[int] | None
                ) -> tuple[dict[int, int], dict[int, int]]:
    """(claim -> group, claim -> its fine event there), for every claim or those of
    ``documents``."""
    rows = db.execute(
        "SELECT claim_id, group_id, event FROM group_members" if documents is None else
        "SELECT m.claim_id, m.group_id, m.event FROM group_members m "
        f"JOIN claims c ON c.id = m.claim_id WHERE c.document_id IN {_id_list(documents)}"
    ).fetchall()
    return ({c: g for c, g, _ in rows},
            {c: e for c, _, e in rows if e is not None})


def _write_all(db, clusters: list[Entry], claims, kept, membership, published, stamp,
               report: GroupReport, region: set[int] | None = None) -> None:
    """:func:`_write`; a full regroup rewrites nearly every group, and rebuilds the groups'
    search index once instead of row by row."""
    if region is not None:
        _write(db, clusters, claims, kept, membership, published, stamp, report, region)
        return
    with search_index_deferred(db, "groups"):
        _write(db, clusters, claims, kept, membership, published, stamp, report, region)


def _write(db, clusters: list[Entry], claims, kept, membership, published, stamp,
           report: GroupReport, region: set[int] | None = None) -> None:
    """Write the entries found for ``claims`` (every claim, or those of the ``region``'s
    documents) as groups, respecting the reviewer (see the module doc)."""
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
        # (an entry of a collection's pieces no other report joined is background too)
        is_background = cl.background or not any(happening(claims[i]) for i in cl.members)
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
    # Pending, untouched groups that no cluster reuses disappear, and so do those whose
    # every claim is gone (re-extraction found no counterpart: ``extract.remap``).
    stale = set(reusable) - used
    stale |= {gid for (gid,) in db.execute(
        "SELECT id FROM groups g WHERE NOT EXISTS "
        "(SELECT 1 FROM group_members m WHERE m.group_id = g.id)")} - set(kept)
    # ... unless claims outside the regrouped region are in it too: it keeps those
    spanning = _spanning(db, stale, region) if region is not None else set()
    _sqlite(db).executemany("DELETE FROM groups WHERE id = ?", [[gid] for gid in stale - spanning])
    wanted = _new_groups(db, wanted, claims, stamp)
    _sqlite(db).executemany("UPDATE groups SET background = ? WHERE id = ?",
                        [[int(bg), gid] for gid, _, _, bg in wanted if gid not in kept])
    # one statement for every member of every group, in the groups' order: a claim a
    # reviewer placed stays where it is
    _sqlite(db).executemany(
        "INSERT INTO group_members(claim_id, group_id, similarity, pinned, event) "
        "VALUES (?, ?, ?, 0, ?) ON CONFLICT(claim_id) DO UPDATE SET "
        "group_id = excluded.group_id, similarity = excluded.similarity, "
        "event = coalesce(excluded.event, group_members.event) "
        "WHERE group_members.pinned = 0 OR group_members.group_id = excluded.group_id",
        [[cid, gid, round(float(sim), 4), event_of.get(cid)]
         for gid, ids, sims, _ in wanted for cid, sim in zip(ids, sims, strict=True)])
    refresh: list[tuple[int, dict[str, Any] | None, bool]] = []
    notes: dict[int, int] = {}  # requeued group → the note that says so
    brought: dict[int, set[int]] = {}  # group → the claims this regroup brought into it
    for gid, ids, _, _ in wanted:
        previous = old_members.get(gid, set())
        gained = [cid for cid in ids if cid not in previous]
        brought[gid] = set(gained)
        group = kept.get(gid)
        if group is not None and gained and group["status"] in DECIDED:
            notes[gid] = _requeue(db, group, gained, stamp)
            report.requeued += 1
            report.requeued_groups.append(gid)
        refresh.append((gid, group, bool(gained) or gid not in old_members))
    # once every claim sits in its group: a group written early may lose claims to one
    # written after it; then the groups that lost their claims of the region, kept
    # their others
    moved = _refresh_many(db, refresh + [(gid, None, True) for gid in spanning], published,
                          stamp, gained=brought)
    for gid, was in moved.items():
        if gid in notes:  # the note that sent it back says the date it was decided under
            (after,) = db.execute("SELECT after FROM decisions WHERE id = ?",
                                  [notes[gid]]).fetchone()
            db.execute("UPDATE decisions SET after = ? WHERE id = ?",
                       [dumps({**loads(after, {}), "date_was": was}), notes[gid]])
        elif gid not in report.requeued_groups:
            _redated(db, gid, was, stamp)
            report.redated_groups.append(gid)


def _redated(db, group_id: int, was: list[str | None], stamp: str) -> None:
    """A decided entry whose date moved though no claim came in: its reports' dates did
    (a publication date corrected: an entry dated by the day its first report was
    published follows it). Marked changed since review, the old date noted."""
    (flag,) = db.execute("SELECT changed_since_review FROM groups WHERE id = ?",
                         [group_id]).fetchone()
    db.execute("UPDATE groups SET changed_since_review = 1, version = version + 1 "
               "WHERE id = ?", [group_id])
    insert_row(db, "decisions", {
        "at": stamp, "reviewer": "workbench", "action": "new-evidence", "group_id": group_id,
        "before": dumps({"changed_since_review": flag}),
        "after": dumps({"changed_since_review": 1, "date_was": was}),
    })


def _new_groups(db, wanted: list[tuple[int, list[int], list[float], bool]], claims,
                stamp: str) -> list[tuple[int, list[int], list[float], bool]]:
    """``wanted`` with an id for each new group (-1), the new groups inserted in one
    statement, in order, each with an id no group had before (``db.new_group_ids``)."""
    by_id = {c["id"]: c for c in claims}
    new = [ids for gid, ids, _, _ in wanted if gid == -1]
    if not new:
        return wanted
    fresh = iter(new_group_ids(db, len(new)))
    out = [(next(fresh) if gid == -1 else gid, ids, sims, bg) for gid, ids, sims, bg in wanted]
    _sqlite(db).executemany(
        "INSERT INTO groups(id, title, status, created_at, updated_at) "
        "VALUES (?, ?, 'pending', ?, ?)",
        [[gid, by_id[ids[0]]["text"], stamp, stamp]
         for (gid, ids, _, _), (was, _, _, _) in zip(out, wanted, strict=True) if was == -1])
    return out


def _spanning(db, groups: set[int], region: set[int]) -> set[int]:
    """The ``groups`` with a claim from a document outside ``region``."""
    if not groups:
        return set()
    return {r[0] for r in db.execute(
        "SELECT DISTINCT m.group_id FROM group_members m JOIN claims c ON c.id = m.claim_id "
        f"WHERE m.group_id IN {_id_list(groups)} AND c.document_id NOT IN {_id_list(region)}")}


def _sqlite(conn) -> sqlite3.Connection:
    """The sqlite3 connection of ``conn`` (itself, or a sqlite-utils Database's)."""
    return conn.conn if isinstance(conn, sqlite_utils.Database) else conn


def _id_list(ids) -> str:
    """An SQL list of integer ids ("(1, 2, 3)"), for sets a query cannot bind one by one."""
    return f"({', '.join(str(int(i)) for i in sorted(ids))})"


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


def _requeue(db, group: dict[str, Any], gained: list[int], stamp: str) -> int:
    """Send a decided group that ``gained`` claims back to the queue; the note's id."""
    db.execute(
        "UPDATE groups SET status = 'pending', changed_since_review = 1, version = version + 1, "
        "updated_at = ? WHERE id = ?",
        [stamp, group["id"]],
    )
    return insert_row(db, "decisions", {
        "at": stamp, "reviewer": "workbench", "action": "new-evidence", "group_id": group["id"],
        "before": dumps({"status": group["status"]}),
        "after": dumps({"status": "pending", "changed_since_review": 1, "added_claims": gained}),
    })


def group_claims(conn, group_id: int) -> tuple[list[dict], dict[int, float]]:
    """A group's claims (JSON columns decoded) and each one's similarity. ``conn`` is a
    sqlite3 connection or a sqlite-utils Database: the review core calls this too."""
    return groups_claims(conn, [group_id]).get(group_id, ([], {}))


def groups_claims(conn, group_ids: list[int]) -> dict[int, tuple[list[dict], dict[int, float]]]:
    """:func:`group_claims` of several groups in one query (a group without claims is
    left out)."""
    cur = conn.execute(
        "SELECT c.*, m.similarity, m.event, m.group_id AS group_id_ FROM claims c "
        "JOIN group_members m ON m.claim_id = c.id "
        f"WHERE m.group_id IN {_id_list(group_ids)} "
        "ORDER BY m.group_id, c.document_id, c.char_start, c.id")
    names = [d[0] for d in cur.description]
    out: dict[int, tuple[list[dict], dict[int, float]]] = {}
    for r in cur.fetchall():
        row = dict(zip(names, r, strict=True))
        row["entities"] = loads(row["entities"], [])
        row["numbers"] = loads(row["numbers"], [])
        rows, sims = out.setdefault(row.pop("group_id_"), ([], {}))
        rows.append(row)
        sims[row["id"]] = row["similarity"]
    return out


def publication_dates(conn, claims: list[dict[str, Any]]) -> dict[int, str | None]:
    """Document id → publication date, for the documents of ``claims``."""
    docs = sorted({c["document_id"] for c in claims})
    return dict(conn.execute(
        f"SELECT id, published FROM documents WHERE id IN ({', '.join('?' * len(docs))})",
        docs).fetchall())


def counts_as_they_grew(conn, group_id: int, claims: list[dict[str, Any]] | None = None,
                        ) -> list[cf.RunningCount]:
    """The counts a group's reports give larger day by day (``conflicts.running_counts``):
    no conflict, their course shown by the review's detail and the exports; but for those
    that are the group's stored conflicts (``conflicts.covered``: a reviewer found the
    figures count different things, or a conflict stored by an earlier version holds
    them). ``claims``: the group's claims from :func:`group_claims`, if the caller has
    them."""
    if claims is None:
        claims, _ = group_claims(conn, group_id)
    if not claims:
        return []
    stored = [(subject, loads(values, [])) for subject, values in conn.execute(
        'SELECT subject, "values" FROM conflicts WHERE group_id = ? AND kind = ?',
        [group_id, "number"])]
    return [c for c in cf.running_counts(claims, publication_dates(conn, claims))
            if not cf.covered(c, stored)]


def settle_dates(conn, claims: list[dict[str, Any]],
                 published: dict[int, str | None] | None = None,
                 ) -> tuple[str | None, str | None, str | None]:
    """Write the dates an entry gives its claims (``dates.entry.settle``) and return the
    entry's (date, precision, basis). ``published``: document id → publication date,
    read here if not given."""
    if published is None:
        published = publication_dates(conn, claims)
    settled = settle(claims, published)
    for sql, rows in _claim_updates(settled.changes).items():
        _sqlite(conn).executemany(sql, rows)
    return settled.date, settled.precision, settled.basis


def _claim_updates(changes: dict[int, dict[str, Any]]) -> dict[str, list[list[Any]]]:
    """Statements that write ``settle``'s changes, with their rows (one statement per set
    of columns)."""
    out: dict[str, list[list[Any]]] = {}
    for claim_id, columns in changes.items():
        sql = f"UPDATE claims SET {', '.join(f'{k} = ?' for k in columns)} WHERE id = ?"
        out.setdefault(sql, []).append([*columns.values(), claim_id])
    return out


def describe_group(conn, group_id: int, claims: list[dict[str, Any]] | None = None,
                   published: dict[int, str | None] | None = None,
                   ) -> tuple[str | None, str | None, str | None]:
    """Recompute what follows from a group's claims as they are now (after a reviewer's
    merge or split, say): the dates it gives its claims (``settle_dates``) and its
    conflicts. Returns its event (date, precision, basis): the value a reviewer chose for
    its date conflict, else the sources' consensus, else the day it was first reported.
    ``claims``: the group's claims from :func:`group_claims`, if the caller has them."""
    if claims is None:
        claims, _ = group_claims(conn, group_id)
    if published is None:
        published = publication_dates(conn, claims)
    date, precision, basis = settle_dates(conn, claims, published)
    rows = store_conflicts(conn, group_id, cf.all_conflicts(
        claims, date if basis == SOURCES else None, published))
    return _event(claims, rows, (date, precision, basis))


def _event(claims: list[dict[str, Any]], conflicts: list[dict[str, Any]],
           consensus: tuple[str | None, str | None, str | None],
           ) -> tuple[str | None, str | None, str | None]:
    """A group's event: the value a reviewer chose for its date conflict (``conflicts``,
    the rows stored), else ``consensus``."""
    chosen = next((c["resolution"] for c in conflicts
                   if c["kind"] == "date" and c["resolution"] is not None), None)
    return event_date(claims, chosen) if chosen else consensus


def _refresh_many(db, todo: list[tuple[int, dict[str, Any] | None, bool]], published,
                  stamp: str, chunk: int = 1000,
                  gained: dict[int, set[int]] | None = None) -> dict[int, list[str | None]]:
    """:func:`_refresh` of each (group, kept row or None, changed) in ``todo``, a chunk of
    groups at a time: their claims, rows and resolutions read in one query each, what
    follows from their claims computed as :func:`describe_group` does, and written in
    one statement per kind of change (the conflicts' ids are those that writing one
    group after another gives). Returns the decided groups (or those back in the queue
    since) whose date moved (group → its date and precision before). ``gained``: the
    claims a regroup brought into each group (see :func:`_with_resolutions`)."""
    moved: dict[int, list[str | None]] = {}
    gained = gained or {}
    for start in range(0, len(todo), chunk):
        part = todo[start:start + chunk]
        ids = _id_list(gid for gid, _, _ in part)
        members = groups_claims(db, [gid for gid, _, _ in part])
        rows = {r[0]: r[1:] for r in db.execute(
            "SELECT id, edited, sources, title, title_claim_id, event_date, date_precision, "
            f"date_basis FROM groups WHERE id IN {ids}")}
        decided = {r[0] for r in db.execute(
            f"SELECT id FROM groups WHERE id IN {ids} "
            f"AND (status IN {DECIDED} OR changed_since_review = 1)")}
        resolved: dict[int, Resolutions] = collections.defaultdict(
            lambda: collections.defaultdict(list))
        had_conflicts: set[int] = set()
        now_id: Callable[[int], int] | None = None  # read once a resolution needs it
        for gid, kind, subject, resolution, claim_ids, values in db.execute(
                'SELECT group_id, kind, subject, resolution, claim_ids, "values" FROM conflicts '
                f"WHERE group_id IN {ids}"):
            had_conflicts.add(gid)
            if resolution is not None:
                now_id = now_id or current_claim_ids(_sqlite(db))
                resolved[gid][(kind, subject)].append(
                    _resolution(resolution, claim_ids, values, now_id))
        gone: list[list[int]] = []
        claim_rows: dict[str, list[list[Any]]] = collections.defaultdict(list)
        conflicts = _ConflictWriter(db)
        bumps: list[list[int]] = []
        updates: dict[str, list[list[Any]]] = collections.defaultdict(list)
        for gid, kept, changed in part:
            claims, _sims = members.get(gid, ([], {}))
            if not claims:
                gone.append([gid])
                continue
            settled = settle(claims, published)
            for sql, changes in _claim_updates(settled.changes).items():
                claim_rows[sql].extend(changes)
            row = rows[gid]
            found = _with_resolutions(gid, cf.all_conflicts(
                claims, settled.date if settled.basis == SOURCES else None, published),
                resolved[gid],
                row[4] if "event_date" in loads(row[0], []) else None, gained.get(gid, ()))
            conflicts.replace(gid, found, gid in had_conflicts)
            date, precision, basis = _event(claims, found, (settled.date, settled.precision,
                                                            settled.basis))
            # an entry a reviewer decided on (back in the queue with new evidence or not)
            # keeps the title it was decided under while that claim stays; one they shaped
            # (merged into, split, a claim placed) keeps it while nothing new joins it: a
            # rebuild retitled a merged entry, and the merge could no longer be undone
            kept_title = row[3] if (gid in decided or (kept is not None and not changed)) \
                and any(c["id"] == row[3] for c in claims) else None
            values = _group_updates(claims, set(loads(row[0], [])), date, precision, basis,
                                    kept_title)
            if gid in decided and "event_date" in values and (
                    values["event_date"], values["date_precision"]) != (row[4], row[5]):
                moved[gid] = [row[4], row[5]]
            if changed or _differs(row, values):
                values["updated_at"] = stamp
                if kept is not None:
                    bumps.append([gid])
            updates[f"UPDATE groups SET {', '.join(f'{k} = ?' for k in values)} "
                    "WHERE id = ?"].append([*values.values(), gid])
        _sqlite(db).executemany("DELETE FROM groups WHERE id = ?", gone)
        for sql, batch in claim_rows.items():
            _sqlite(db).executemany(sql, batch)
        conflicts.flush()
        _sqlite(db).executemany("UPDATE groups SET version = version + 1 WHERE id = ?", bumps)
        for sql, batch in updates.items():
            _sqlite(db).executemany(sql, batch)
    return moved


_GROUP_FIELDS = ["sources", "title", "title_claim_id", "event_date", "date_precision",
                 "date_basis"]


def _differs(row: tuple, values: dict[str, Any]) -> bool:
    """Whether ``values`` differ from the group's stored ``row`` (``edited`` then
    ``_GROUP_FIELDS``)."""
    stored = dict(zip(_GROUP_FIELDS, row[1:], strict=True))
    return any(stored[k] != v for k, v in values.items())


def _group_updates(claims: list[dict[str, Any]], edited: set[str],
                   date: str | None, precision: str | None, basis: str | None,
                   kept_title: int | None = None) -> dict[str, Any]:
    """What a group's row says of its claims: sources, and the title and the date unless
    a reviewer edited them (``kept_title``: the title's claim stays the title)."""
    updates: dict[str, Any] = {"sources": len({c["document_id"] for c in claims})}
    if "title" not in edited and kept_title is None:
        title = best_title_claim(claims, date)
        updates["title"] = title_text(title)
        updates["title_claim_id"] = title["id"]
    if "event_date" not in edited:
        updates["event_date"] = date
        updates["date_precision"] = precision
        updates["date_basis"] = basis
    return updates


def _refresh(db, group_id: int, kept: dict[str, Any] | None, published, stamp: str,
             changed: bool) -> None:
    """Recompute what a group says from its members, leaving reviewer-edited fields alone."""
    _refresh_many(db, [(group_id, kept, changed)], published, stamp)


class _ConflictWriter:
    """Conflicts replaced group after group, inserted in as few statements as give the
    same rows and ids as one group at a time: a group's old conflicts are deleted just
    before its new ones go in (a deleted id may be taken again)."""

    SQL = ('INSERT INTO conflicts(group_id, kind, subject, "values", claim_ids, resolution) '
           "VALUES (?, ?, ?, ?, ?, ?)")

    def __init__(self, conn):
        self.conn = _sqlite(conn)
        self.pending: list[list[Any]] = []

    def replace(self, group_id: int, rows: list[dict[str, Any]], had: bool) -> None:
        if had:
            self.flush()
            self.conn.execute("DELETE FROM conflicts WHERE group_id = ?", [group_id])
        self.pending.extend([r["group_id"], r["kind"], r["subject"], r["values"],
                             r["claim_ids"], r["resolution"]] for r in rows)

    def flush(self) -> None:
        if self.pending:
            self.conn.executemany(self.SQL, self.pending)
            self.pending = []


# a group's resolved conflicts: (kind, subject) -> [(the value chosen, the claims the
# conflict held, those of them marked as come in since the choice, saying otherwise)]
Resolutions = dict[tuple[str, str], list[tuple[str, set[int], set[int]]]]


def _resolution(chosen: str, claim_ids: str, values: str,
                now_id: Callable[[int], int]) -> tuple[str, set[int], set[int]]:
    """A stored resolution's entry in :data:`Resolutions`, its claims by their ids now (a
    re-extracted document's claims have new ids: they are not new reports)."""
    since = {now_id(i) for v in loads(values, []) if isinstance(v, dict)
             for i in v.get(SINCE_RESOLVED, [])}
    return chosen, {now_id(i) for i in loads(claim_ids, [])}, since


def _with_resolutions(group_id: int, found: list[dict[str, Any]],
                      resolved: Resolutions,
                      reviewer_date: str | None = None,
                      gained: Collection[int] = ()) -> list[dict[str, Any]]:
    """The conflict rows of ``found``, keeping a reviewer's resolution where the same
    disagreement remains and the chosen value is still one of its values: of an entry's
    conflicts over one subject (two counts of people, one fine event each), the one
    whose claims the new one shares most (one resolution kept a subject, and a merge gave
    the other's choice, 122 people, to the conflict a tester had settled at 132). A date
    the reviewer gave the entry (``reviewer_date``: edited) resolves its date conflict,
    whatever the sources say.

    A report a regroup brought into the group (``gained``: new evidence, not claims a
    reviewer moved) that gives another value than the one chosen is marked on its value
    (``SINCE_RESOLVED``): the choice stands, but a fact-checker who settled "3 June" on
    two sources against one must learn that a fourth says 2 June (a tester's resolved
    conflict still read "✓ resolved" with a new source against it). The mark stays until
    the reviewer chooses again."""
    rows = []
    for c in found:
        values = {str(v.get("value")) for v in c["values"]}
        ids = set(c["claim_ids"])
        fitting = [(len(claims & ids), -n, chosen, since) for n, (chosen, claims, since)
                   in enumerate(resolved.get((c["kind"], c["subject"]), ()))
                   if chosen in values or (chosen == NOT_A_DISAGREEMENT and claims & ids)]
        best = max(fitting) if fitting else None
        if c.get(cf.COURSE) and best is None:
            continue  # a course no reviewer settled is no conflict: shown as a course
        resolution = best[2] if best is not None else None
        shown = c["values"]
        if best is not None and resolution != NOT_A_DISAGREEMENT:
            marked = best[3] | set(gained)
            shown = [{**v, SINCE_RESOLVED: new} if (new := [
                i for i in v.get("claim_ids", []) if i in marked])
                and str(v.get("value")) != resolution else v for v in c["values"]]
        if c["kind"] == "date" and reviewer_date:
            resolution = reviewer_date
        rows.append({
            "group_id": group_id, "kind": c["kind"], "subject": c["subject"],
            "values": dumps(shown), "claim_ids": dumps(c["claim_ids"]),
            "resolution": resolution,
        })
    return rows


def reviewer_date(conn, group_id: int) -> str | None:
    """The date a reviewer gave the group (``edited``), if any."""
    row = conn.execute("SELECT edited, event_date FROM groups WHERE id = ?",
                       [group_id]).fetchone()
    return row[1] if row and "event_date" in loads(row[0], []) else None


def store_conflicts(conn, group_id: int, found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Replace a group's conflicts, keeping a reviewer's resolution where the same
    disagreement remains and the chosen value is still one of its values (a date the
    reviewer gave resolves a date conflict). Returns the rows stored."""
    resolved: Resolutions = collections.defaultdict(list)
    now_id: Callable[[int], int] | None = None  # read once a resolution needs it
    for kind, subject, resolution, claim_ids, values in conn.execute(
            'SELECT kind, subject, resolution, claim_ids, "values" FROM conflicts '
            "WHERE group_id = ? AND resolution IS NOT NULL", [group_id]):
        now_id = now_id or current_claim_ids(_sqlite(conn))
        resolved[(kind, subject)].append(_resolution(resolution, claim_ids, values, now_id))
    rows = _with_resolutions(group_id, found, resolved, reviewer_date(conn, group_id))
    writer = _ConflictWriter(conn)
    writer.replace(group_id, rows, True)
    writer.flush()
    return rows
