"""The pre-export check: what a reader of the chronology should not be surprised by.

Each problem is an :class:`Issue` with one line of text; ``workbench export`` prints them as
warnings (errors with ``--strict``), the TUI can list them before it exports.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import sqlite_utils
from rapidfuzz import fuzz, process, utils

from ..dates.expressions import earlier
from ..text import count_of
from .model import Chronology, Date, Document, Event
from .reader import open_chronology

DUPLICATE_SIMILARITY = 85.0
"""rapidfuzz token_set_ratio (0-100) at or above which two same-date titles look like one
event told twice; token_set_ratio forgives one title being a longer wording of the other."""

KINDS = ("conflict", "undated", "reported", "single-source", "changed", "duplicate", "span",
         "published-before", "weekday", "dated-after", "reopened", "contested",
         "after-sources", "before-event")

# A report published this many days or more before the day of the event it is cited for
# could not tell it: a plan told ahead, or a report of another occasion merged in (a day
# less is a time zone, a page dated the evening before)
BEFORE_EVENT_DAYS = 2


@dataclass(frozen=True)
class Issue:
    kind: str
    """One of KINDS."""
    group_ids: tuple[int, ...]
    message: str

    def __str__(self) -> str:
        return self.message


def _dated_after(conflict: Any, cited: dict[int, Any]) -> Iterator[str]:
    """The reports in a date conflict that give a day after their own publication, a
    date their source stated: a plan, or a day misread (Haiti: "almost a day later", told
    on the 28th, read as the 29th). One line for each value and document."""
    for value in conflict.values:
        documents = {cited[n].document.id: cited[n].document
                     for n in value.citations if n in cited}
        for document in documents.values():
            if (document.published and document.published_provenance == "given"
                    and earlier(document.published.iso, str(value.value))):
                yield (f"{document.label} gives {value.display}, after its own publication "
                       f"({document.published.display}); a plan, or a misreading of its "
                       "words")


def _published_before_event(event: Event) -> Iterator[tuple[Document, Date, int]]:
    """The documents an event of a day cites whose publication day, as their source gave
    it, is ``BEFORE_EVENT_DAYS`` or more before that day; with that day and how many days
    before it is."""
    if event.date is None or event.date.precision != "day" or event.date_reported:
        return
    day = dt.date.fromisoformat(event.date.iso)
    for document in event.documents:
        published = document.published
        if (published is None or document.published_provenance != "given"
                or published.precision != "day"):
            continue
        days = (day - dt.date.fromisoformat(published.iso)).days
        if days >= BEFORE_EVENT_DAYS:
            yield document, published, days


def _short_title(title: str) -> str:
    title = " ".join(title.split())
    if len(title) > 60:
        title = title[:59].rstrip() + "…"
    return f"“{title}”"


def _label(event: Event) -> str:
    return f"group {event.group_id} ({event.display_date}) {_short_title(event.title)}"


class IssueLog:
    """Issues kept on disk as they are found (a JSON line each) and read back in order:
    a chronology where most events draw a warning (ECB+ x4: 60,000 of them, 34 MB as
    objects) costs the export no memory. Iterated, sized, and true when not empty."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 (lives as long as the log)
        self._count = 0

    def append(self, issue: Issue) -> None:
        line = json.dumps([issue.kind, list(issue.group_ids), issue.message], ensure_ascii=False)
        self._file.write(line.encode("utf-8") + b"\n")
        self._count += 1

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Issue]:
        position = 0
        while True:
            self._file.seek(position)
            line = self._file.readline()
            if not line:
                self._file.seek(0, os.SEEK_END)
                return
            position = self._file.tell()
            kind, group_ids, message = json.loads(line)
            yield Issue(kind, tuple(group_ids), message)


class IssueFinder:
    """The pre-export check as events go by (:meth:`see` each, in chronology order), so
    that an export checks the events it writes in the same pass; :meth:`issues` at the
    end. It keeps the problems found and the titles of one date's events, nothing more."""

    def __init__(self, similarity: float = DUPLICATE_SIMILARITY):
        self._found = IssueLog()
        self._duplicates = _Duplicates(similarity)
        self._finished = False

    def add(self, issues: Iterable[Issue]) -> None:
        """Issues found outside the events (``reopened``), listed before theirs."""
        for issue in issues:
            self._found.append(issue)

    def see(self, event: Event) -> None:
        label = _label(event)
        found = self._found
        cited = {c.number: c for c in event.citations}
        for conflict in event.unresolved:
            found.append(
                Issue(
                    "conflict",
                    (event.group_id,),
                    f"{label}: unresolved {conflict.kind} conflict over {conflict.describe()}",
                )
            )
            for said in _dated_after(conflict, cited) if conflict.kind == "date" else ():
                found.append(Issue("dated-after", (event.group_id,), f"{label}: {said}"))
        for conflict in event.conflicts:
            if conflict.since:  # settled, then new reports said otherwise
                n = conflict.since
                found.append(Issue(
                    "contested", (event.group_id,),
                    f"{label}: {count_of(n, 'report')} that came after {conflict.what} was "
                    f"settled at {conflict.resolution_display} {'says' if n == 1 else 'say'} "
                    "otherwise"))
        if event.date is None:
            found.append(Issue("undated", (event.group_id,), f"{label}: has no date"))
        elif event.date_reported:
            guess = not any(d.published and d.published.iso == event.date.iso
                            and d.published_provenance == "given" for d in event.documents)
            found.append(Issue("reported", (event.group_id,),
                               f"{label}: no source states its date (the day its first "
                               "report was published" + (", itself a guess"
                                                         if guess else "") + ")"))
        if event.sources == 0:
            found.append(Issue("single-source", (event.group_id,), f"{label}: cites no source"))
        elif event.single_source:
            document = event.documents[0]
            found.append(
                Issue(
                    "single-source",
                    (event.group_id,),
                    f"{label}: single source ({document.label})",
                )
            )
        given = [d.published for d in event.documents
                 if d.published and d.published_provenance == "given"]
        if (event.date is not None and event.date_by_reviewer and given
                and len(given) == len(event.documents)):
            # a reviewer's date after every report was published: no report could tell it
            # (a tester typed 21 January on an entry only a page of the 20th reports)
            latest = max(given, key=lambda p: p.iso)
            if earlier(latest.iso, event.date.iso):
                found.append(Issue(
                    "after-sources", (event.group_id,),
                    f"{label}: the reviewer's date comes after every source was published "
                    f"(the latest {latest.display}); check it"))
        if event.date is not None and not event.date_reported:
            for document in event.documents:
                guessed = document.published
                if (guessed is None or document.published_provenance != "inferred"
                        or not earlier(guessed.iso, event.date.iso)):
                    continue
                # a report cited for an occasion it could not yet have told: its guessed
                # date is wrong (seed 002, guessed 16 May, reports the June 2 talks), and
                # the reader sees the event cited to a page "published" before it
                found.append(Issue(
                    "published-before", (event.group_id,),
                    f"{label}: cites {document.label}, whose publication date "
                    f"({guessed.display}) was guessed from its text and comes before the "
                    "event; set it (d in the source view, or `workbench doc set`)"))
        for document, published, days in _published_before_event(event):
            # a tester merged a background entry of "appeal" reports of 13 to 22 January
            # into the accepted UN appeal of 15 January: the export cited them all, unsaid
            found.append(Issue(
                "before-event", (event.group_id,),
                f"{label}: cites {document.label}, published {published.display}, "
                f"{days} days before the event: a plan told ahead, or a report of another "
                "occasion; check what it says"))
        if event.changed_since_review:
            found.append(
                Issue(
                    "changed",
                    (event.group_id,),
                    f"{label}: changed since it was accepted (claims came in, or its "
                    "claims read another date now); review it again",
                )
            )
        for citation in event.citations:
            if citation.date_slip:
                # "Monday, June 3" when June 3 was a Tuesday: the date or the weekday is
                # wrong, and the chronology may carry the wrong one
                found.append(Issue(
                    "weekday", (event.group_id,),
                    f"{label}: {citation.document.label} {citation.date_slip} "
                    f"(“{citation.date_text}”); check which of the two is right"))
            if not citation.span_ok:
                found.append(
                    Issue(
                        "span",
                        (event.group_id,),
                        f"{label}: claim {citation.claim_id} does not match "
                        f"{citation.document.where} at characters "
                        f"{citation.char_start}-{citation.char_end}",
                    )
                )
        self._duplicates.see(event)

    def watch(self, events: Iterable[Event]) -> Iterator[Event]:
        """``events`` unchanged, each seen on its way through."""
        for event in events:
            self.see(event)
            yield event

    def issues(self) -> IssueLog:
        """Every problem, the events' own first, then the duplicates."""
        if not self._finished:
            self._finished = True
            for issue in self._duplicates.finish():
                self._found.append(issue)
        return self._found


# the decisions that set an entry's status, and the note that new evidence sent it back
_STATUS_ACTIONS = ("accept", "reject", "skip", "reopen", "new-evidence")


def reopened(conn: Any, shown: int = 10) -> list[Issue]:
    """Entries a reviewer accepted that new evidence has sent back to the queue since:
    the chronology leaves them out until they are decided again, and a build followed
    by an export dropped four of a tester's thirteen events without a word. One issue
    naming them (the first ``shown``), or none."""
    ids = [gid for gid, before in conn.execute(
        "SELECT g.id, d.before FROM groups g JOIN decisions d ON d.id = ("
        "  SELECT max(id) FROM decisions WHERE group_id = g.id AND undone = 0 "
        f"  AND action IN ({', '.join('?' * len(_STATUS_ACTIONS))})) "
        "WHERE g.status = 'pending' AND g.changed_since_review = 1 "
        "AND d.action = 'new-evidence' ORDER BY g.id", _STATUS_ACTIONS)
        if json.loads(before or "{}").get("status") == "accepted"]
    if not ids:
        return []
    named = ", ".join(f"#{gid}" for gid in ids[:shown]) + (
        f" and {len(ids) - shown} more" if len(ids) > shown else "")
    many = len(ids) > 1
    return [Issue("reopened", tuple(ids),
                  f"{len(ids)} {'entries' if many else 'entry'} accepted before "
                  f"{'are' if many else 'is'} back in the queue with new evidence and left out "
                  f"until decided again: {named} (review, f: new evidence)")]


def check_chronology(
    source: sqlite_utils.Database | Chronology | Any,
    *,
    similarity: float = DUPLICATE_SIMILARITY,
) -> list[Issue]:
    """Accepted groups with unresolved conflicts, without a date, with a single source,
    changed since they were accepted, or whose claim spans no longer match their
    documents, and pairs of accepted events that look like duplicates; from a database,
    first the accepted entries new evidence sent back to the queue (``reopened``)."""
    finder = IssueFinder(similarity)
    if isinstance(source, sqlite_utils.Database):
        finder.add(reopened(source.conn))
        with open_chronology(source) as chronology:
            for event in chronology.iter_events():
                finder.see(event)
    else:  # a Chronology, or one being streamed (reader.StreamedChronology)
        for event in source.iter_events():
            finder.see(event)
    return list(finder.issues())


class _Duplicates:
    """Events of one date (at one precision) are next to each other in chronology order,
    so only the current date's titles are kept. Undated events are not compared: they
    share no date, and in a collection whose sources seldom give dates (ECB+: 88 % of
    the entries) they are most of the chronology, all pairs of which is hours of work."""

    def __init__(self, similarity: float):
        self.similarity = similarity
        self._key: object = ()
        # (group, title, date shown, claims a fine event, claims)
        self._same_date: list[tuple[int, str, str, dict[int, int], int]] = []
        # on disk as found, as the other issues: held in a list, the pairs of ECB+ x16
        # (one day's events copied sixteen times) were 5 MB of the export's memory
        self._found = IssueLog()

    def see(self, event: Event) -> None:
        key = (event.date.iso, event.date.precision) if event.date else None
        if key != self._key:
            self._compare()
            self._key = key
        if key is not None:
            self._same_date.append((event.group_id, event.title, event.display_date,
                                    event.fine_counts, len(event.citations)))

    def _compare(self) -> None:
        same = self._same_date
        said: set[tuple[int, int]] = set()
        # each title prepared once; rapidfuzz then compares one against the rest in C
        prepared = [utils.default_process(title) for _, title, _, _, _ in same]
        for i, (a_id, a_title, a_date, _a_fine, _a_n) in enumerate(same[:-1]):
            matches = process.extract(prepared[i], prepared[i + 1:], scorer=fuzz.token_set_ratio,
                                      processor=None, score_cutoff=self.similarity, limit=None)
            for _, score, j in sorted(matches, key=lambda m: m[2]):
                b_id, b_title, _, _, _ = same[i + 1 + j]
                said.add((a_id, b_id))
                self._found.append(
                    Issue(
                        "duplicate",
                        (a_id, b_id),
                        f"groups {a_id} and {b_id} ({a_date}) look like "
                        f"the same event ({_alike(a_title, b_title, score)}): "
                        f"{_short_title(a_title)} / {_short_title(b_title)}",
                    )
                )
        # two entries of the day that report one fine event (a background group about
        # "talks in Istanbul on June 2" accepted beside the June 2 talks): titles in other
        # words, one occasion; found through the fine events, never pair by pair. What
        # they share must be most of one of them: one sentence of a drone barrage's four
        # ("claimed the attack on Rivne's base was retaliation for Ukraine's drone
        # operations against Russian airfields") reports the fine event of one of an
        # airbase strike's three, and the two occasions were said to be one
        first: dict[int, int] = {}
        for b, (b_id, b_title, b_date, b_fine, b_n) in enumerate(same):
            shared = sorted({first[f] for f in b_fine if f in first})
            for a in shared:
                a_id, a_title, _, a_fine, a_n = same[a]
                common = set(a_fine) & set(b_fine)
                if not (2 * sum(a_fine[f] for f in common) >= a_n
                        or 2 * sum(b_fine[f] for f in common) >= b_n):
                    continue
                if (a_id, b_id) not in said:
                    said.add((a_id, b_id))
                    self._found.append(Issue(
                        "duplicate", (a_id, b_id),
                        f"groups {a_id} and {b_id} ({b_date}) look like the same event "
                        f"(their claims report one event): {_short_title(a_title)} / "
                        f"{_short_title(b_title)}"))
            for f in b_fine:
                first.setdefault(f, b)
        self._same_date = []

    def finish(self) -> IssueLog:
        self._compare()
        return self._found


def _alike(a: str, b: str, score: float) -> str:
    """How alike two titles are, in words a reader can check: "100% similar" said of two
    titles that differ (the words of one were all in the other) read as a mistake."""
    if " ".join(a.casefold().split()) == " ".join(b.casefold().split()):
        return "the same title"
    if score >= 100:
        return "the words of one title are all in the other"
    return f"titles {score:.0f}% alike"


def find_duplicates(events, *, similarity: float = DUPLICATE_SIMILARITY) -> list[Issue]:
    """Pairs of dated events on the same date (at the same precision) with similar titles
    or claims that report one event; ``events`` in chronology order (where one date's
    events are next to each other)."""
    duplicates = _Duplicates(similarity)
    for event in events:
        duplicates.see(event)
    return list(duplicates.finish())
