"""Fit the weights of ``groups.importance`` (``workbench/group/rank.py``) on Timeline17.

Each day of a built story is one example: the features (``rank.features``) of the entry
``rank.rank_entries`` puts first on it (``rank.order``: dated by its words before dated
only by publication, then most sources; background left out) and whether the day is in one of
the story's journalist timelines. Days, not entries, are the unit, because that is what a
timeline and its Date-F1 count: a big day split into many entries must not outweigh a day
told in one. A logistic regression (plain gradient descent with a little L2, no new
dependency) fits the weights, each kept at zero or above: more coverage never makes an
entry less important (a negative weight fitted on five stories would be their noise). To
say how well they carry to stories never seen, each story is also ranked with weights
fitted on the other stories only (leave one story out), and that Date-F1 is what the
report gives; the weights saved are fitted on every story.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ..dates.entry import PUBLISHED
from ..group.rank import (
    FEATURES,
    day_counts,
    entry_sizes,
    features,
    given_days,
    lead_positions,
    order,
)
from .t17 import date_f1, find_stories, read_timeline


@dataclass
class Example:
    day: str
    x: list[float]
    y: int


def story_examples(db_path: Path, gold_days: set[str]) -> list[Example]:
    """One example a day: the entry ``rank.rank_entries`` puts first among the day's (one
    its words date before one only its reports' publication dates; more sources first)."""
    conn = sqlite3.connect(db_path)
    try:
        mentions, published = day_counts(conn)
        told = lead_positions(conn)
        size = entry_sizes(conn)
        given = given_days(conn)
        first: dict[str, tuple[tuple, int, bool]] = {}
        for gid, date, sources, basis in conn.execute(
                "SELECT id, event_date, sources, date_basis FROM groups "
                "WHERE background = 0 AND date_precision = 'day'"):
            key = order(gid, sources, basis, told, size.get(gid, 0))
            if date not in first or key < first[date][0]:
                first[date] = (key, sources, basis == PUBLISHED)
        out = []
        for date, (_key, sources, only_published) in first.items():
            f = features({"sources": sources, "event_date": date, "date_precision": "day"},
                         mentions, published, only_published and date in given)
            out.append(Example(date, [f[n] for n in FEATURES], int(date in gold_days)))
        return out
    finally:
        conn.close()


def fit(examples: list[Example], steps: int = 3000, rate: float = 0.1,
        l2: float = 1e-3) -> dict[str, float]:
    n = len(FEATURES)
    w = [0.0] * (n + 1)  # bias first
    if not examples:
        return {"bias": 0.0, **{f: 0.0 for f in FEATURES}}
    pos = sum(e.y for e in examples) or 1
    neg = (len(examples) - pos) or 1
    # each class weighs as much as the other: gold days are a few among thousands of entries
    cw = {1: len(examples) / (2 * pos), 0: len(examples) / (2 * neg)}
    for _ in range(steps):
        grad = [0.0] * (n + 1)
        for e in examples:
            z = w[0] + sum(wi * xi for wi, xi in zip(w[1:], e.x, strict=True))
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            g = (p - e.y) * cw[e.y]
            grad[0] += g
            for i, xi in enumerate(e.x):
                grad[i + 1] += g * xi
        for i in range(n + 1):
            reg = l2 * w[i] if i else 0.0
            w[i] -= rate * (grad[i] / len(examples) + reg)
            if i:  # more coverage never makes an entry less important
                w[i] = max(0.0, w[i])
    return {"bias": round(w[0], 4), **{f: round(w[i + 1], 4) for i, f in enumerate(FEATURES)}}


def ranked(examples: list[Example], w: dict[str, float], k: int) -> list[str]:
    scored = sorted(examples, key=lambda e: (-(w["bias"] + sum(
        w[f] * x for f, x in zip(FEATURES, e.x, strict=True))), e.day))
    days: list[str] = []
    for e in scored:
        if e.day not in days:
            days.append(e.day)
            if len(days) == k:
                break
    return days


def run(data_dir: Path, db_dir: Path) -> dict:
    stories = find_stories(Path(data_dir))
    data = {}
    for story in stories:
        db_path = Path(db_dir) / f"{story.name}.db"
        if not db_path.exists():
            continue
        timelines = [read_timeline(p) for p in sorted((story / "timelines").glob("*.txt"))]
        gold = set().union(*timelines) if timelines else set()
        data[story.name] = (story_examples(db_path, gold), timelines)
    if len(data) < 2:
        raise ValueError(f"{db_dir}: need at least two built stories (eval t17 --db-dir)")
    held_out: dict[str, dict[str, list[float]]] = {}
    scores = []
    for name, (examples, timelines) in data.items():
        others = [e for other, (ex, _) in data.items() if other != name for e in ex]
        w = fit(others)
        f1s = [date_f1(ranked(examples, w, len(t)), t) for t in timelines]
        held_out[name] = {"date_f1_held_out": [round(f, 4) for f in f1s]}
        scores.extend(f1s)
    return {
        "stories": held_out,
        "mean_date_f1_held_out": round(sum(scores) / len(scores), 4),
        "weights": fit([e for ex, _ in data.values() for e in ex]),
        "fitted_on": sorted(data),
        "fitted_at": dt.date.today().isoformat(),
    }


def write_weights(path: Path, about: str, report: dict, held_out: tuple[str, float]) -> None:
    """Fitted weights with their provenance: what they are, the stories, the day, and the
    measure leaving one story out (``held_out``: its name and value)."""
    path.write_text(json.dumps({
        "about": about, "fitted_on": report["fitted_on"], "fitted_at": report["fitted_at"],
        held_out[0]: held_out[1], "weights": report["weights"]}, indent=2) + "\n",
        encoding="utf-8")


def save(report: dict, path: Path) -> None:
    write_weights(path, "Weights of groups.importance (workbench/group/rank.py): logistic "
                  "regression on whether a day (by the entry rank_entries puts first on "
                  "it) is in the journalist's timeline, weights kept >= 0; written by "
                  "`workbench eval "
                  "fit-importance`.", report,
                  ("date_f1_leave_one_story_out", report["mean_date_f1_held_out"]))
