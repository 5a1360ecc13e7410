"""Fit the weights of entry titles (``group/titles``) on Timeline17 (``eval fit-titles``).

Each Timeline17 day the queue dates is one example, the members of its most important
entry the candidates, each with its overlap (``titles.overlap``) with the journalist's
first sentence for the day. The weights maximise the expected overlap of the member a
softmax over their scores picks (plain gradient ascent with a little L2, no new
dependency); ``lead_chars`` is chosen among a few values by leaving one story out, and
that held-out overlap is what the report gives. The weights saved are fitted on every
story.
"""

from __future__ import annotations

import datetime as dt
import math
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..group import group_claims
from ..group.titles import FEATURES, best_title_claim, features, sharing, title_text
from .fit import write_weights
from .t17 import find_stories
from .titles import day_entries, first_sentences, overlap

LEAD_CHARS = (300, 600, 1000, 2000)


@dataclass
class Example:
    date: str
    claims: list[dict[str, Any]]
    targets: list[float]  # each member's overlap with the editor's sentence
    title_id: int  # the member the database has as the title


def story_examples(db_path: Path, story: Path) -> list[Example]:
    timelines = [first_sentences(p) for p in sorted((story / "timelines").glob("*.txt"))]
    conn = sqlite3.connect(db_path)
    try:
        days = set().union(*timelines) if timelines else set()
        out = []
        for day, (gid, date, _title) in sorted(day_entries(conn, days).items()):
            claims, _sims = group_claims(conn, gid)
            refs = [t[day] for t in timelines if day in t]
            targets = [sum(overlap(title_text(c), r) for r in refs) / len(refs) for c in claims]
            title_id = conn.execute("SELECT title_claim_id FROM groups WHERE id = ?",
                                    [gid]).fetchone()[0]
            out.append(Example(date, claims, targets, title_id))
        return out
    finally:
        conn.close()


def _vectors(examples: list[Example], lead_chars: float) -> list[list[list[float]]]:
    out = []
    for e in examples:
        shared = sharing(e.claims)
        out.append([features(c, e.date, lead_chars, shared[c["id"]]) for c in e.claims])
    return out


def fit(examples: list[Example], lead_chars: float, steps: int = 400, rate: float = 0.5,
        l2: float = 0.01) -> dict[str, float]:
    """Weights that maximise the expected overlap of a softmax pick (see the module doc)."""
    xs = _vectors(examples, lead_chars)
    n = len(FEATURES)
    w = [0.0] * n
    for _ in range(steps):
        grad = [0.0] * n
        for x, e in zip(xs, examples, strict=True):
            s = [sum(wi * xi for wi, xi in zip(w, row, strict=True)) for row in x]
            top = max(s)
            p = [math.exp(v - top) for v in s]
            total = sum(p)
            p = [v / total for v in p]
            expected = sum(pi * ri for pi, ri in zip(p, e.targets, strict=True))
            for pi, ri, row in zip(p, e.targets, x, strict=True):
                g = pi * (ri - expected)
                if g:
                    for k in range(n):
                        grad[k] += g * row[k]
        w = [wi + rate * (gi / max(1, len(examples)) - l2 * wi)
             for wi, gi in zip(w, grad, strict=True)]
    return {**{f: round(wi, 4) for f, wi in zip(FEATURES, w, strict=True)},
            "lead_chars": float(lead_chars)}


def picked(examples: list[Example], w: dict[str, float]) -> list[float]:
    """The overlap of the title each example gets under ``w``."""
    out = []
    for e in examples:
        best = best_title_claim(e.claims, e.date, w)
        out.append(e.targets[e.claims.index(best)])
    return out


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def run(data_dir: Path, db_dir: Path) -> dict:
    data: dict[str, list[Example]] = {}
    for story in find_stories(Path(data_dir)):
        db_path = Path(db_dir) / f"{story.name}.db"
        if db_path.exists():
            data[story.name] = story_examples(db_path, story)
    if len(data) < 2:
        raise ValueError(f"{db_dir}: need at least two built stories (eval t17 --db-dir)")
    stored = {name: _mean([e.targets[[c["id"] for c in e.claims].index(e.title_id)]
                           for e in ex if e.title_id in {c["id"] for c in e.claims}])
              for name, ex in data.items()}
    by_lead: dict[float, dict[str, float]] = {}
    for lead in LEAD_CHARS:
        by_lead[lead] = {}
        for name, examples in data.items():
            others = [e for other, ex in data.items() if other != name for e in ex]
            by_lead[lead][name] = _mean(picked(examples, fit(others, lead)))
    lead = max(LEAD_CHARS, key=lambda c: (_mean(list(by_lead[c].values())), -c))
    return {
        "stories": {name: {"stored": round(stored[name], 4),
                           "held_out": round(by_lead[lead][name], 4)} for name in data},
        "mean_stored": round(_mean(list(stored.values())), 4),
        "mean_held_out": round(_mean(list(by_lead[lead].values())), 4),
        "by_lead_chars": {str(c): round(_mean(list(v.values())), 4)
                          for c, v in by_lead.items()},
        "weights": fit([e for ex in data.values() for e in ex], lead),
        "fitted_on": sorted(data),
        "fitted_at": dt.date.today().isoformat(),
    }


def save(report: dict, path: Path) -> None:
    write_weights(path, "Weights of an entry's title (workbench/group/titles.py): the member "
                  "whose weighted features score highest titles the entry; fitted on "
                  "Timeline17 to the journalist's first sentence for a day by `workbench "
                  "eval fit-titles`.", report,
                  ("title_overlap_leave_one_story_out", report["mean_held_out"]))
