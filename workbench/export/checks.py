"""The pre-export check: what a reader of the chronology should not be surprised by.

Each problem is an :class:`Issue` with one line of text; ``workbench export`` prints them as
warnings (errors with ``--strict``), the TUI can list them before it exports.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import sqlite_utils
from rapidfuzz import fuzz, utils

from .model import Chronology, Event, load_chronology

DUPLICATE_SIMILARITY = 85.0
"""rapidfuzz token_set_ratio (0-100) at or above which two same-date titles look like one
event told twice; token_set_ratio forgives one title being a longer wording of the other."""

KINDS = ("conflict", "undated", "single-source", "changed", "duplicate", "span")


@dataclass(frozen=True)
class Issue:
    kind: str
    """One of KINDS."""
    group_ids: tuple[int, ...]
    message: str

    def __str__(self) -> str:
        return self.message


def _short_title(event: Event) -> str:
    title = " ".join(event.title.split())
    if len(title) > 60:
        title = title[:59].rstrip() + "…"
    return f"“{title}”"


def _label(event: Event) -> str:
    return f"group {event.group_id} ({event.display_date}) {_short_title(event)}"


def check_chronology(
    source: sqlite_utils.Database | Chronology,
    *,
    similarity: float = DUPLICATE_SIMILARITY,
) -> list[Issue]:
    """Accepted groups with unresolved conflicts, without a date, with a single source,
    changed since they were accepted, or whose claim spans no longer match their
    documents, and pairs of accepted events that look like duplicates."""
    chronology = source if isinstance(source, Chronology) else load_chronology(source)
    issues: list[Issue] = []
    for event in chronology.events:
        label = _label(event)
        for conflict in event.unresolved:
            issues.append(
                Issue(
                    "conflict",
                    (event.group_id,),
                    f"{label}: unresolved {conflict.kind} conflict over {conflict.describe()}",
                )
            )
        if event.date is None:
            issues.append(Issue("undated", (event.group_id,), f"{label}: has no date"))
        if event.sources == 0:
            issues.append(Issue("single-source", (event.group_id,), f"{label}: cites no source"))
        elif event.single_source:
            document = event.documents[0]
            issues.append(
                Issue(
                    "single-source",
                    (event.group_id,),
                    f"{label}: single source ({document.label})",
                )
            )
        if event.changed_since_review:
            issues.append(
                Issue(
                    "changed",
                    (event.group_id,),
                    f"{label}: new evidence arrived after it was accepted; review it again",
                )
            )
        for citation in event.citations:
            if not citation.span_ok:
                issues.append(
                    Issue(
                        "span",
                        (event.group_id,),
                        f"{label}: claim {citation.claim_id} does not match "
                        f"{citation.document.path} at characters "
                        f"{citation.char_start}-{citation.char_end}",
                    )
                )
    issues.extend(find_duplicates(chronology.events, similarity=similarity))
    return issues


def find_duplicates(events, *, similarity: float = DUPLICATE_SIMILARITY) -> list[Issue]:
    """Pairs of events on the same date (at the same precision) with similar titles."""
    by_date: dict[tuple[str, str] | None, list[Event]] = {}
    for event in events:
        key = (event.date.iso, event.date.precision) if event.date else None
        by_date.setdefault(key, []).append(event)
    issues = []
    for same_date in by_date.values():
        for a, b in combinations(same_date, 2):
            score = fuzz.token_set_ratio(a.title, b.title, processor=utils.default_process)
            if score >= similarity:
                issues.append(
                    Issue(
                        "duplicate",
                        (a.group_id, b.group_id),
                        f"groups {a.group_id} and {b.group_id} ({a.display_date}) look like "
                        f"the same event ({score:.0f}% similar titles): "
                        f"{_short_title(a)} / {_short_title(b)}",
                    )
                )
    return issues
