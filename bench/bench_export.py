"""Export time and peak memory, every format, several sizes, against a bare baseline.

    .venv/bin/python bench/bench_export.py [--copies 1,4,16] [--cache DIR] [--source DIR]

The databases are bench_scale.py's: ECB+ copied k times and grouped (``--cache``, the
same folder; built here the same way when missing, which takes minutes at x16). Each is
copied once with every entry that is not background accepted: the largest chronology a
reviewer could export from it.

Every export runs in a process of its own, writing to /dev/null, so its peak RSS (VmHWM)
is its own; times are CPU seconds of that process (the machine is shared). Two bare
baselines run the same way in the same run, with the same imports:

- ``bare``: one plain SELECT of what the chronology formats read (accepted groups, their
  claims and their documents' metadata), each row written as text;
- ``bare --all``: plain SELECTs of what the full dump reads (documents, groups, claims
  with their members, conflicts), each row written as text.

Ratios are against the baseline of the same kind; the exponent is the least-squares
slope of log(CPU seconds) and of log(peak RSS) over log(claims). ``--source DIR`` runs
the exports with the ``workbench`` package found in DIR (e.g. an older commit unpacked
by ``git archive``), for a before/after in one run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_scale import base_db, copies, rss_mb, run_group, slope  # noqa: E402

CASES = {
    "md": ("md", {}),
    "html": ("html", {}),
    "json": ("json", {}),
    "csv": ("csv", {}),
    "csv --claims": ("csv", {"claims": True}),
    "timelinejs": ("timelinejs", {}),
    "json --all": ("json", {"everything": True}),
}
BARE = {"bare": "chronology", "bare --all": "dump"}

BARE_SQL = {
    "chronology": [
        """SELECT g.id, g.title, g.event_date, g.date_precision, g.note, g.edited,
                  c.id, c.char_start, c.char_end, c.text, c.date_text, c.speaker,
                  d.id, d.path, d.title, d.source, d.url, d.published, d.published_provenance
           FROM groups g JOIN group_members m ON m.group_id = g.id
           JOIN claims c ON c.id = m.claim_id JOIN documents d ON d.id = c.document_id
           WHERE g.status = 'accepted'""",
    ],
    "dump": [
        "SELECT id, path, title, source, url, published, published_provenance, "
        "published_evidence FROM documents",
        "SELECT * FROM groups",
        "SELECT m.group_id, m.similarity, m.event, c.* FROM group_members m "
        "JOIN claims c ON c.id = m.claim_id",
        "SELECT * FROM conflicts",
    ],
}


def export_db(cache: Path, k: int) -> Path:
    """bench_scale's grouped ECB+ x k, copied with every foreground entry accepted."""
    grouped = cache / f"ecbplus-x{k}.db"
    if not grouped.exists():
        copies(base_db(cache), grouped, k)
        run_group(grouped)
    path = cache / f"ecbplus-x{k}-export.db"
    if path.exists():
        return path
    src = sqlite3.connect(grouped)
    src.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    src.close()
    tmp = path.with_suffix(".tmp")
    shutil.copyfile(grouped, tmp)
    conn = sqlite3.connect(tmp)
    with conn:
        conn.execute("UPDATE groups SET status = 'accepted' WHERE background = 0")
    conn.close()
    tmp.rename(path)
    return path


def run_one(case: str, db_path: Path) -> dict:
    """In this process: one export (or one bare baseline) of ``db_path`` to /dev/null."""
    from workbench.db import connect
    from workbench.export import export_chronology

    db = connect(db_path, create=False)
    t0, w0 = time.process_time(), time.perf_counter()
    if case in BARE:
        with open(os.devnull, "w", encoding="utf-8") as out:
            for sql in BARE_SQL[BARE[case]]:
                for row in db.conn.execute(sql):
                    out.write(f"{row}\n")
    else:
        fmt, options = CASES[case]
        export_chronology(db, fmt, os.devnull, **options)
    cpu, wall = time.process_time() - t0, time.perf_counter() - w0
    claims = db.conn.execute("SELECT count(*) FROM claims").fetchone()[0]
    db.conn.close()
    return {"cpu": cpu, "wall": wall, "rss_mb": rss_mb(), "claims": claims}


def measure(case: str, db_path: Path, source: Path | None) -> dict:
    env = dict(os.environ)
    if source is not None:
        env["PYTHONPATH"] = str(source)
    out = subprocess.run([sys.executable, __file__, "--run", case, str(db_path)],
                         capture_output=True, text=True, check=False, env=env)
    if out.returncode:
        sys.exit(f"{case} on {db_path} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", default="1,4,16",
                        type=lambda s: [int(x) for x in s.split(",") if x])
    parser.add_argument("--cache", type=Path, default=Path("/tmp/workbench-bench-scale"))
    parser.add_argument("--source", type=Path, default=None,
                        help="a folder holding the workbench package to measure")
    parser.add_argument("--cases", default=",".join(CASES),
                        type=lambda s: [x for x in s.split(",") if x])
    parser.add_argument("--run", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        print(json.dumps(run_one(args.run[0], Path(args.run[1]))))
        return
    if args.source is not None:
        args.source = args.source.resolve()
    results: dict[str, list[dict]] = {}
    for k in args.copies:
        path = export_db(args.cache, k)
        bare = {name: measure(name, path, None) for name in BARE}
        for name, r in bare.items():
            results.setdefault(name, []).append(r)
            print(f"x{k:<3} {r['claims']:>8} claims  {name:<13} {r['cpu']:7.2f} s CPU "
                  f"{r['wall']:7.2f} s wall  peak {r['rss_mb']:6.0f} MB", flush=True)
        for case in args.cases:
            r = measure(case, path, args.source)
            base = bare["bare --all" if case == "json --all" else "bare"]
            r["time_ratio"], r["rss_ratio"] = r["cpu"] / base["cpu"], r["rss_mb"] / base["rss_mb"]
            results.setdefault(case, []).append(r)
            print(f"x{k:<3} {r['claims']:>8} claims  {case:<13} {r['cpu']:7.2f} s CPU "
                  f"{r['wall']:7.2f} s wall  peak {r['rss_mb']:6.0f} MB   "
                  f"{r['time_ratio']:5.1f}x bare time  {r['rss_ratio']:4.2f}x bare peak",
                  flush=True)
    if len(args.copies) >= 2:
        print("exponent over claims (CPU seconds, peak RSS):")
        for case, rs in results.items():
            xs = [r["claims"] for r in rs]
            print(f"  {case:<13} time {slope(xs, [r['cpu'] for r in rs]):5.2f}"
                  f"  memory {slope(xs, [r['rss_mb'] for r in rs]):5.2f}")


if __name__ == "__main__":
    main()
