"""How well entry titles say what happened (the fit of their weights: ``fit_titles``).

A title is scored by its word overlap with what an editor wrote for the occasion: ROUGE-1
F over content words (stop words left out, words stemmed), the measure news-tls reports
for timeline summaries. On Timeline17 the editor's words are the journalist's first
sentence for a day (the sentence that says what the day was), and the title scored is
that of the day's most important entry; on the seeds they are the gold chronology's
``what``.
"""

from __future__ import annotations

import collections
import re
import sqlite3
from functools import cache
from pathlib import Path

from ..extract.stems import stem

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+|\d[\d,.]*")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@cache
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def _words(text: str) -> collections.Counter[str]:
    stop = _stop_words()
    return collections.Counter(stem(w) for w in _WORD.findall(text.lower()) if w not in stop)


def overlap(title: str, reference: str) -> float:
    """ROUGE-1 F of ``title`` against ``reference``, over content-word stems."""
    a, b = _words(title), _words(reference)
    common = sum((a & b).values())
    if not common:
        return 0.0
    p, r = common / sum(a.values()), common / sum(b.values())
    return 2 * p * r / (p + r)


def first_sentences(path: Path) -> dict[str, str]:
    """Each day of one journalist's timeline and the first sentence written under it."""
    out: dict[str, str] = {}
    day = None
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        text = line.strip()
        if _DAY.match(text):
            day = text
        elif text.startswith("---"):
            day = None
        elif day and text and day not in out:
            out[day] = text
    return out


def day_entries(conn: sqlite3.Connection, days: set[str]) -> dict[str, tuple[int, str, str]]:
    """Each of ``days`` the queue dates: its most important entry (id, date, title)."""
    out: dict[str, tuple[int, str, str]] = {}
    for gid, date, title in conn.execute(
            "SELECT id, event_date, title FROM groups WHERE background = 0 "
            "AND date_precision = 'day' ORDER BY importance DESC, id"):
        if date in days and date not in out:
            out[date] = (gid, date, title or "")
    return out


def story_title_overlap(conn: sqlite3.Connection, sentences: dict[str, str]) -> float:
    """Mean overlap of the titles of the days the queue dates with one timeline."""
    found = day_entries(conn, set(sentences))
    scores = [overlap(title, sentences[day]) for day, (_gid, _date, title) in found.items()]
    return sum(scores) / len(scores) if scores else 0.0
