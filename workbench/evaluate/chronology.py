"""A built database against an editor's chronology: how close is the queue to done?

The gold (``tests/data/seeds_chronology.json`` for the seeds) lists entries: a date at
the precision the texts allow (or null), and the sentences that report the occasion, each
named by the leading characters of its file's name and words the sentence contains. A
mention is the claim whose text contains those words. Reported:

- **entries shown**: groups in the queue a reviewer opens with (background left out);
- **B³** over the gold mentions: gold entries as the key, the groups holding their claims
  as the response (a mention no claim covers counts as a group of its own);
- **dates right**: dated gold entries whose main group (the one holding most of its
  mentions) carries that date at the gold's precision;
- **reviewer actions** to reach the chronology from the queue: one decision per entry
  shown, a merge for every extra group a gold entry is spread over (a mention in the
  background included), a split for every extra gold entry a group mixes, a date edit for
  every dated gold entry whose main group has the wrong date;
- **merge suggestions**: of the groups that need a merge, those whose first suggested
  merge is right, and those with a right one among the first three (``suggestions``);
- **titles**: the word overlap (``evaluate.titles.overlap``) of each gold entry's main
  group's title with the editor's ``what``, averaged.
"""

from __future__ import annotations

import collections
import json
import re
from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path

from .scoring import b_cubed, clusters_from_labels
from .suggestions import SuggestionHits, hits


@dataclass
class ChronologyScore:
    gold_entries: int
    mentions: int
    unmatched: list[str]
    entries_shown: int
    b3_recall: float
    b3_precision: float
    b3_f1: float
    dated: int
    dates_right: int
    decisions: int
    merges: int
    splits: int
    date_edits: int
    wrong_dates: list[str] = field(default_factory=list)
    title_overlap: float = 0.0
    suggestions: SuggestionHits | None = None

    @property
    def actions(self) -> int:
        return self.decisions + self.merges + self.splits + self.date_edits

    @property
    def actions_per_event(self) -> float:
        return self.actions / self.gold_entries if self.gold_entries else 0.0

    def summary(self) -> str:
        lines = [
            f"gold: {self.gold_entries} entries, {self.mentions} mentions "
            f"({len(self.unmatched)} not found as claims)",
            f"entries shown {self.entries_shown}; B3 R {100 * self.b3_recall:.1f} "
            f"P {100 * self.b3_precision:.1f} F1 {100 * self.b3_f1:.1f}; dates right "
            f"{self.dates_right}/{self.dated}",
            f"reviewer actions {self.actions} ({self.actions_per_event:.1f} per event): "
            f"{self.decisions} decisions, {self.merges} merges, {self.splits} splits, "
            f"{self.date_edits} date edits",
            f"titles: overlap with the editor's words {self.title_overlap:.3f}",
        ]
        if self.suggestions is not None:
            lines.append(self.suggestions.line())
        lines.extend(f"  wrong date: {w}" for w in self.wrong_dates)
        lines.extend(f"  not a claim: {u}" for u in self.unmatched)
        return "\n".join(lines)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


_GOLD_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


def read_gold(path: Path) -> list[dict]:
    """The editor's entries. ``ValueError`` says in one line what is wrong with a file
    that is not such a chronology (an entry with no mentions, a mention that is not a
    pair of a file's leading characters and words, a date that is not ISO)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    entries = data.get("entries") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise ValueError('expected an object with a non-empty list "entries"')
    for n, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):
            raise ValueError(f"entry {n} is not an object")
        mentions = entry.get("mentions")
        if not isinstance(mentions, list) or not mentions:
            raise ValueError(f"entry {n} has no mentions")
        for mention in mentions:
            if (not isinstance(mention, list) or len(mention) != 2
                    or not all(isinstance(part, str) and part.strip() for part in mention)):
                raise ValueError(f"entry {n}: a mention is not [file prefix, words]: "
                                 f"{json.dumps(mention)[:60]}")
        date = entry.get("date")
        if date is not None and not (isinstance(date, str) and _GOLD_DATE.fullmatch(date)):
            raise ValueError(f"entry {n}: date {json.dumps(date)[:30]} is not YYYY, YYYY-MM, "
                             "YYYY-MM-DD or null")
        if not isinstance(entry.get("what"), str):
            raise ValueError(f'entry {n}: "what" (what happened, in words) is missing')
    return entries


def score(conn, gold: list[dict]) -> ChronologyScore:
    from ..review.queue import Filter, count  # the queue a reviewer opens with

    docs = conn.execute("SELECT id, path FROM documents").fetchall()
    claims = conn.execute(
        "SELECT c.id, c.document_id, c.text, m.group_id FROM claims c "
        "LEFT JOIN group_members m ON m.claim_id = c.id").fetchall()
    by_doc: dict[int, list[tuple[int, str, int]]] = collections.defaultdict(list)
    for cid, doc, text, gid in claims:
        by_doc[doc].append((cid, _norm(text), gid))
    from .titles import overlap

    groups = {gid: (date, precision) for gid, date, precision in conn.execute(
        "SELECT id, event_date, date_precision FROM groups")}
    titles = dict(conn.execute("SELECT id, title FROM groups").fetchall())
    key: dict[tuple[int, int], int] = {}
    response: dict[tuple[int, int], Hashable] = {}  # a group id, or a mention alone
    unmatched = []
    gold_of: dict[int, set[Hashable]] = {}  # claim -> the gold entries it is a mention of
    for e, entry in enumerate(gold):
        for m, (prefix, words) in enumerate(entry["mentions"]):
            doc_ids = [d for d, p in docs if Path(p).name.startswith(prefix)]
            found = next(((cid, gid) for d in doc_ids for cid, text, gid in by_doc[d]
                          if _norm(words) in text), None)
            key[(e, m)] = e
            if found is None:
                unmatched.append(f"{prefix}: {words}")
                response[(e, m)] = ("alone", e, m)
            else:
                response[(e, m)] = found[1]
                gold_of.setdefault(found[0], set()).add(e)
    b3 = b_cubed(clusters_from_labels(key), clusters_from_labels(response))
    merges = date_edits = right = dated = 0
    title_scores = []
    wrong = []
    mixes: dict[object, set[int]] = collections.defaultdict(set)
    for e, entry in enumerate(gold):
        held = collections.Counter(response[(e, m)] for m in range(len(entry["mentions"])))
        merges += len(held) - 1
        for gid in held:
            mixes[gid].add(e)
        main = held.most_common(1)[0][0]
        title_scores.append(overlap(titles.get(main) or "", entry["what"]))
        if entry.get("date"):
            dated += 1
            date, _precision = groups.get(main, (None, None))
            if date == entry["date"]:
                right += 1
            else:
                date_edits += 1
                wrong.append(f"{entry['what'][:60]}: {date} for {entry['date']}")
    splits = sum(len(es) - 1 for es in mixes.values())
    shown = count(conn, Filter())
    return ChronologyScore(
        gold_entries=len(gold), mentions=len(key), unmatched=unmatched, entries_shown=shown,
        b3_recall=b3.recall, b3_precision=b3.precision, b3_f1=b3.f1, dated=dated,
        dates_right=right, decisions=shown, merges=merges, splits=splits,
        date_edits=date_edits, wrong_dates=wrong, suggestions=hits(conn, gold_of),
        title_overlap=sum(title_scores) / len(title_scores) if title_scores else 0.0)
