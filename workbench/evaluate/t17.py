"""Timeline17 (Tran et al. 2013) as a test of the ranked queue: are the days a reviewer
meets first the days a journalist put in the story's timeline?

A story folder holds ``InputDocs/YYYY-MM-DD/*.txt`` (tokenised articles published on the
day their folder names, the only metadata) and ``timelines/*.txt`` (blocks of a
``YYYY-MM-DD`` line and summary sentences, separated by a line of dashes). The articles go
through the product's own ingest, extract and group stages in a throw-away database (one
per story), with their folder's day as the published date. Then, as news-tls measures
Date-F1: walk the queue a large collection opens with (importance first, background left
out), take its first k distinct day-dates, k = the number of dates in the journalist's
timeline, and score them against that timeline's dates (exact day). Beside it the same
measure for the plain baseline that ranks days by the number of articles published on them
(news-tls' PubCount), computed from the same documents. And how well the titles say what
the journalist's days were: the word overlap of each dated day's first entry's title with
the journalist's first sentence for that day (``evaluate.titles``).

Both are also given *in each timeline's span*: news-tls' experiments (``evaluate.py``)
give a method only the articles and days from the timeline's first to its last day, so
the days a collection reports after the journalist stopped writing, or before, never
count against it. Its published figures (PubCount about 0.49, DATEWISE 0.544 on
Timeline17) are in that setting. Here the story is still built whole (the counts behind
importance come from every article); only the days scored are those inside the span.
The queue a reviewer walks knows no such span, so the first figure is the product's.
"""

from __future__ import annotations

import json
import re
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ..ingest.tokenized import untokenize
from .published import GuessScore, score_guesses

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class T17Error(Exception):
    """A problem with the data directory; the message names the file."""


def _mean(timelines: list[dict], key: str) -> float:
    return sum(t[key] for t in timelines) / len(timelines) if timelines else 0.0


class _HasTimelines(Protocol):
    @property
    def timelines(self) -> list[dict]: ...


class _Scored:
    """Date-F1, the articles-per-day baseline and the title overlap, averaged over
    ``timelines`` (a field of one subclass, a property of the other)."""

    @property
    def f1(self: _HasTimelines) -> float:
        return _mean(self.timelines, "f1")

    @property
    def pubcount_f1(self: _HasTimelines) -> float:
        return _mean(self.timelines, "pubcount_f1")

    @property
    def title_overlap(self: _HasTimelines) -> float:
        return _mean(self.timelines, "title")

    @property
    def held(self: _HasTimelines) -> tuple[int, int]:
        """(the journalist's days some entry of the queue is dated on, all their days)."""
        return (sum(t["held"] for t in self.timelines), sum(t["k"] for t in self.timelines))

    @property
    def span_f1(self: _HasTimelines) -> float:
        return _mean(self.timelines, "span_f1")

    @property
    def span_pubcount_f1(self: _HasTimelines) -> float:
        return _mean(self.timelines, "span_pubcount_f1")


@dataclass
class StoryResult(_Scored):
    story: str
    documents: int
    groups: int
    timelines: list[dict] = field(default_factory=list)  # name, k, f1, pubcount_f1, title
    seconds: float = 0.0
    guesses: GuessScore = field(default_factory=GuessScore)


@dataclass
class T17Result(_Scored):
    stories: list[StoryResult]
    unreadable: list[str] = field(default_factory=list)

    @property
    def timelines(self) -> list[dict]:
        return [t for s in self.stories for t in s.timelines]

    @property
    def guesses(self) -> GuessScore:
        """Each story's publication dates guessed from its texts alone, summed."""
        return sum((s.guesses for s in self.stories), GuessScore())

    def summary(self) -> str:
        lines = [f"{'':24} {'':5} {'':7} {'':34} {'':3} {'':7} {'':8} {'in span':>16}",
                 f"{'story':24} {'docs':>5} {'groups':>7} {'timeline':34} {'k':>3} "
                 f"{'Date-F1':>7} {'PubCount':>8} {'Date-F1':>7} {'PubCount':>8} "
                 f"{'Title':>6} {'Held':>5}"]
        for s in self.stories:
            for t in s.timelines:
                lines.append(f"{s.story:24} {s.documents:5} {s.groups:7} {t['name'][:34]:34} "
                             f"{t['k']:3} {t['f1']:7.3f} {t['pubcount_f1']:8.3f} "
                             f"{t['span_f1']:7.3f} {t['span_pubcount_f1']:8.3f} "
                             f"{t['title']:6.3f} {t['held']:5}")
        lines.append(f"mean over {len(self.timelines)} timelines: Date-F1 {self.f1:.3f} "
                     f"(articles per day: {self.pubcount_f1:.3f}); title overlap with the "
                     f"journalist's first sentence of a day {self.title_overlap:.3f}")
        lines.append(f"in each timeline's span (news-tls' setting, its first to its last "
                     f"day): Date-F1 {self.span_f1:.3f} (articles per day: "
                     f"{self.span_pubcount_f1:.3f})")
        held, days = self.held
        lines.append(f"the journalist's days some entry of the queue is dated on, however "
                     f"far down (Held): {held} of {days}")
        lines.append(self.guesses.summary())
        lines.extend(f"skipped: {u}" for u in self.unreadable)
        return "\n".join(lines)

    def as_dict(self) -> dict:
        return {"date_f1": round(self.f1, 4), "pubcount_date_f1": round(self.pubcount_f1, 4),
                "span_date_f1": round(self.span_f1, 4),
                "span_pubcount_date_f1": round(self.span_pubcount_f1, 4),
                "published_guesses": self.guesses.as_dict(),
                "title_overlap": round(self.title_overlap, 4),
                "days_held": self.held[0], "days": self.held[1],
                "stories": [{"story": s.story, "documents": s.documents, "groups": s.groups,
                             "seconds": round(s.seconds, 1), "timelines": s.timelines}
                            for s in self.stories],
                "unreadable": self.unreadable}


def read_article(path: Path) -> str:
    """A tokenised article as prose, one line a paragraph; the tokeniser's brackets, quotes
    and escapes (``\\/``, ``\\*``) read as the characters they stand for."""
    try:
        raw = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise T17Error(f"{path}: cannot be read ({exc.strerror})") from None
    return "\n".join(line for line in untokenize(raw).splitlines() if line.strip())


def read_timeline(path: Path) -> list[str]:
    """The distinct days of one journalist's timeline."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise T17Error(f"{path}: cannot be read ({exc.strerror})") from None
    days = sorted({line.strip() for line in text.splitlines() if _DAY.match(line.strip())})
    if not days:
        raise T17Error(f"{path}: no YYYY-MM-DD lines: not a timeline")
    return days


def find_stories(root: Path) -> list[Path]:
    """``root`` itself if it is a story (InputDocs/ and timelines/), else its sub-folders
    that are."""
    def is_story(p: Path) -> bool:
        return (p / "InputDocs").is_dir() and (p / "timelines").is_dir()

    if is_story(root):
        return [root]
    return sorted(p for p in root.iterdir() if p.is_dir() and is_story(p))


def date_f1(predicted: list[str], gold: list[str]) -> float:
    """news-tls' date F1: the F1 of the predicted days against the gold days."""
    if not predicted or not gold:
        return 0.0
    right = len(set(predicted) & set(gold))
    if not right:
        return 0.0
    p, r = right / len(set(predicted)), right / len(set(gold))
    return 2 * p * r / (p + r)


def ranked_days(conn, k: int, span: tuple[str, str] | None = None) -> list[str]:
    """The first ``k`` distinct days of the queue a large collection opens with; with
    ``span`` (first and last day, ISO), only days inside it."""
    from ..review.queue import SORTS

    order = ", ".join(SORTS["importance"].terms)
    days: list[str] = []
    seen: set[str] = set()
    for (day,) in conn.execute(
            f"SELECT g.event_date FROM groups g WHERE g.background = 0 "
            f"AND g.date_precision = 'day' ORDER BY {order}"):
        if day not in seen and (span is None or span[0] <= day <= span[1]):
            seen.add(day)
            days.append(day)
            if len(days) == k:
                break
    return days


def held_days(conn, gold: list[str]) -> int:
    """How many of the ``gold`` days some entry of the queue (background left out) is
    dated on, however far down: what a reviewer could build the timeline from at all."""
    days = set(gold)
    return sum(1 for (day,) in conn.execute(
        "SELECT DISTINCT event_date FROM groups WHERE background = 0 "
        "AND date_precision = 'day'") if day in days)


def pubcount_days(conn, k: int, span: tuple[str, str] | None = None) -> list[str]:
    """The ``k`` days most articles were published on (ties: the earlier first); with
    ``span``, only days inside it."""
    counts = Counter(d for (d,) in conn.execute(
        "SELECT published FROM documents WHERE length(published) = 10")
        if span is None or span[0] <= d <= span[1])
    return [d for d, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:k]]


def _articles(story: Path, unreadable: list[str]) -> list[tuple[str, str, str]]:
    """(id, text, the day its folder names) of each article of a story with text; one
    that cannot be read is said in ``unreadable``."""
    pages = []
    for day in sorted((story / "InputDocs").iterdir()):
        if not (day.is_dir() and _DAY.match(day.name)):
            continue
        for path in sorted(day.iterdir()):
            try:
                text = read_article(path)
            except T17Error as exc:
                unreadable.append(str(exc))
                continue
            if text.strip():
                pages.append((f"{day.name}/{path.name}", text, day.name))
    return pages


def _write_jsonl(pages: list[tuple[str, str, str]], out: Path) -> None:
    with out.open("w", encoding="utf-8") as fh:
        for page_id, text, day in pages:
            fh.write(json.dumps({"id": page_id, "text": text, "published": day},
                                ensure_ascii=False) + "\n")


def run(root: Path, reporter=None, db_dir: Path | None = None, config=None,
        regroup_existing: bool = True) -> T17Result:
    """Build every story under ``root`` with the product and score its queue. With
    ``db_dir``, each story's database is kept there (``<story>.db``) and reused: articles
    already ingested and extracted are not read again (``regroup_existing=False``: an
    existing database is scored as it stands)."""
    from ..db import connect
    from ..extract import extract_pending
    from ..group import regroup
    from ..ingest import ingest_paths
    from .titles import first_sentences, story_title_overlap

    root = Path(root)
    if not root.is_dir():
        raise T17Error(f"{root}: not a directory")
    stories = find_stories(root)
    if not stories:
        raise T17Error(f"{root}: no story folder (InputDocs/ and timelines/) here")
    result = T17Result([])
    for story in stories:
        started = time.perf_counter()
        timelines = []
        for path in sorted((story / "timelines").glob("*.txt")):
            try:
                timelines.append((path.stem, read_timeline(path), path))
            except T17Error as exc:
                result.unreadable.append(str(exc))
        if not timelines:
            result.unreadable.append(f"{story}: no readable timeline")
            continue
        pages = _articles(story, result.unreadable)  # read once: built, and guessed
        with tempfile.TemporaryDirectory(prefix="workbench-t17-") as tmp:
            folder = Path(db_dir) if db_dir else Path(tmp)
            folder.mkdir(parents=True, exist_ok=True)
            db_path = folder / f"{story.name}.db"
            existed = db_path.exists()
            db = connect(db_path)
            try:
                if not existed or regroup_existing:
                    # beside a kept database, so that the sources it cites can be opened
                    jsonl = folder / f"{story.name}.jsonl"
                    _write_jsonl(pages, jsonl)
                    ingest_paths(db, [jsonl], reporter=reporter)
                    extract_pending(db, reporter=reporter)
                    regroup(db, reporter=reporter, config=config)
                docs = db.execute("SELECT count(*) FROM documents").fetchone()[0]
                groups = db.execute("SELECT count(*) FROM groups").fetchone()[0]
                scored = StoryResult(story.name, docs, groups)
                for name, gold, path in timelines:
                    k = len(gold)
                    span = (gold[0], gold[-1])
                    scored.timelines.append({
                        "name": name, "k": k,
                        "f1": round(date_f1(ranked_days(db.conn, k), gold), 4),
                        "pubcount_f1": round(date_f1(pubcount_days(db.conn, k), gold), 4),
                        "span_f1": round(date_f1(ranked_days(db.conn, k, span), gold), 4),
                        "span_pubcount_f1": round(
                            date_f1(pubcount_days(db.conn, k, span), gold), 4),
                        "title": round(story_title_overlap(db.conn, first_sentences(path)),
                                       4),
                        "held": held_days(db.conn, gold)})
            finally:
                db.conn.close()
        scored.guesses = score_guesses((text, day) for _, text, day in pages)
        scored.seconds = time.perf_counter() - started
        result.stories.append(scored)
    return result
