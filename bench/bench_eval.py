"""Timing of ``workbench eval ecbplus`` and of the grouping engine alone.

    .venv/bin/python bench/bench_eval.py [ECB_DIR] [--topics 1-35]

Prints the wall time of each phase of the ECB+ evaluation (read, spaCy parse, cluster,
score) — the brief asks for the 5,053-mention dev pool in under 30 s on 2 cores — and the
engine's time on synthetic corpora of growing size, to show that blocking keeps the cost
close to linear in the number of claims.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_ECB = ROOT.parent / "shared" / "data" / "ecbplus"


def bench_ecbplus(data: Path, topics: str) -> None:
    from workbench.evaluate.ecbplus import parse_topics, run

    result = run(data, parse_topics(topics))
    print(f"ECB+ topics {topics}: {result.documents} documents, {result.mentions} mentions")
    for name, sec in [*result.phases.items(), ("total", result.seconds)]:
        print(f"  {name:<11}{sec:6.2f} s")
    print(f"  CoNLL F1   {100 * result.scores.conll:6.1f}")


def synthetic(n: int, rng: random.Random):
    from workbench.group.engine import Item

    verbs = [f"verb{i}" for i in range(200)]
    names = [f"name{i}" for i in range(400)]
    items = []
    for _ in range(n):
        event = rng.randrange(max(1, n // 5))
        r = random.Random(event)
        ents = [(r.choice(names), "PERSON"), (r.choice(names), "GPE")]
        day = f"2025-{1 + r.randrange(12):02d}-{1 + r.randrange(28):02d}"
        words = " ".join(r.choice(names) for _ in range(6))
        items.append(Item(text=f"{words} {r.choice(verbs)} story {rng.randrange(10**6)}",
                          doc=f"d{rng.randrange(max(1, n // 20))}", trigger=r.choice(verbs),
                          entities=ents, date=day))
    return items


def bench_scaling() -> None:
    from workbench.group.engine import cluster

    rng = random.Random(1)
    print("engine on synthetic claims (5 claims per event, 20 per document):")
    for n in (1000, 2000, 4000, 8000, 16000):
        items = synthetic(n, rng)
        t = time.perf_counter()
        out = cluster(items)
        sec = time.perf_counter() - t
        print(f"  {n:>6} claims  {sec:6.2f} s  ({1e6 * sec / n:5.0f} µs/claim, {len(out)} groups)")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_ECB)
    parser.add_argument("--topics", default="1-35")
    parser.add_argument("--no-scaling", action="store_true")
    args = parser.parse_args(argv)
    if args.data.is_dir():
        bench_ecbplus(args.data, args.topics)
    else:
        print(f"{args.data}: not found, skipping the ECB+ timing")
    if not args.no_scaling:
        bench_scaling()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
