"""Showing one entry whose claims all come from one huge paragraph, several sizes.

    .venv/bin/python bench/bench_detail.py [--claims 100,200,400,800] [--source DIR]

A tester pasted a 2.4 MB page with no blank line: one entry of 914 claims, and the review
screen froze 25 s at 9-12 GB while it read the entry. Here the entry is built
(``tests/builders.one_paragraph_entry``: N claims of 2,600 characters, the article N x
2.6 KB) and read by ``review.detail.load_detail`` in a process of its own, beside a bare
baseline in the same run: one plain SELECT of the entry's claims and its article's text,
once. Printed: CPU seconds and peak RSS of each, their ratios, and the exponent (the
least-squares slope of log cost over log claims; 1 is linear, and the article grows with
the claims, so reading each claim's paragraph from the whole text was 2). ``--source DIR``
reads with the ``workbench`` package found in DIR (an older commit unpacked by ``git
archive``), for a before/after in one run.
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_CHILD = r"""
import json, resource, sqlite3, sys, time
kind, path = sys.argv[1], sys.argv[2]
from workbench.review.detail import load_detail
conn = sqlite3.connect(path)
start = time.process_time()
if kind == "bare":
    rows = conn.execute("SELECT c.id, c.text, c.char_start, c.char_end FROM group_members m "
                        "JOIN claims c ON c.id = m.claim_id WHERE m.group_id = 1").fetchall()
    (text,) = conn.execute("SELECT text FROM documents WHERE id = 1").fetchone()
    shown = [text[max(0, s - 350):e + 350] for _, _, s, e in rows]
else:
    shown = load_detail(conn, 1).claims
cpu = time.process_time() - start
print(json.dumps({"cpu": cpu, "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "n": len(shown)}))
"""


def measure(kind: str, db: Path, source: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", _CHILD, kind, str(db)], cwd=source,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def slope(xs: list[float], ys: list[float]) -> float:
    lx, ly = [math.log(x) for x in xs], [math.log(y) for y in ys]
    mx, my = sum(lx) / len(lx), sum(ly) / len(ly)
    return (sum((a - mx) * (b - my) for a, b in zip(lx, ly, strict=True))
            / sum((a - mx) ** 2 for a in lx))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", default="100,200,400,800")
    parser.add_argument("--source", type=Path, default=ROOT)
    args = parser.parse_args()
    sizes = [int(n) for n in args.claims.split(",")]
    sys.path.insert(0, str(ROOT / "tests"))
    from builders import one_paragraph_entry

    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-detail-") as tmp:
        for n in sizes:
            db = Path(tmp) / f"e{n}.db"
            one_paragraph_entry(db, claims=n)
            bare, detail = measure("bare", db, args.source), measure("detail", db, args.source)
            rows.append((n, bare, detail))
    print(f"{'claims':>7} {'article MB':>10} {'bare s':>7} {'detail s':>8} {'ratio':>6} "
          f"{'bare MB':>8} {'detail MB':>9} {'ratio':>6}")
    for n, bare, detail in rows:
        print(f"{n:7} {n * 2.6 / 1000:10.1f} {bare['cpu']:7.3f} {detail['cpu']:8.3f} "
              f"{detail['cpu'] / max(bare['cpu'], 1e-3):6.1f} {bare['rss']:8.0f} "
              f"{detail['rss']:9.0f} {detail['rss'] / bare['rss']:6.2f}")
    ns = [float(n) for n, _, _ in rows]
    detail_time = slope(ns, [max(d["cpu"], 1e-3) for _, _, d in rows])
    bare_time = slope(ns, [max(b["cpu"], 1e-3) for _, b, _ in rows])
    print(f"exponent over claims: detail time {detail_time:.2f} (bare {bare_time:.2f}), "
          f"detail peak RSS {slope(ns, [d['rss'] for _, _, d in rows]):.2f}")


if __name__ == "__main__":
    main()
