"""How grouping (and a whole build) grows with the collection, same run, same machine.

    .venv/bin/python bench/bench_scale.py [--copies 1,2,4,8,16] [--story] [--cache DIR]

ECB+ (topics 1-35 from ../shared/data/ecbplus, about 11k claims) is built once (ingest and
extraction with spaCy; cached in ``--cache`` by extractor version). Each size ``k`` is
then made *without* running spaCy again: the documents and their claim rows are copied
``k`` times into a fresh database, copy ``c`` with

- every date (claims' dates, documents' publication dates) shifted ``28 * c`` years (the
  calendar repeats every 28 years, so weekdays and February 29 survive), and
- every capitalised word of the texts and every entity norm tagged with the copy
  (``Obama`` -> ``Obama_qb``): copies are other stories of the same kinds of event
  (another earthquake, another election), not duplicates of the same ones.

Grouping then runs in a subprocess per size (so its peak RSS is its own), with the CPU
time of each engine stage (CPU, not wall-clock: the machine is shared, and grouping runs
on one core). The fitted exponent of a stage is the least-squares slope of
log(seconds) over log(claims). Last, the incremental case: 5 articles of a new copy
added to the largest database and grouped as a build does (only the stories they touch),
with how many claims were regrouped and how many groups changed.

``--split TOPIC`` instead holds out 5 articles of an ECB+ topic, groups the rest, adds
them incrementally and counts the claims whose group differs from a full grouping's.

``--story`` also builds a ~300-article story (the Timeline17 dev story ``haiti_bbc``,
publication dates from its folder names) from scratch, and prints the full build's time
next to a bare single-process ``nlp.pipe`` over the same texts (the ratio the issue sets),
with one job and with every core; each build runs in a process of its own, so its peak
RSS is its own (spawned workers hold one model each, about 0.3 GB).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"

_CAPITAL = re.compile(r"\b([A-Z][\w'’-]*)")
_DATE = re.compile(r"^(\d{4})(-\d\d)?(-\d\d)?$")


def tag(c: int) -> str:
    letters = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        letters = chr(ord("a") + r) + letters
    return "_q" + letters


def retag(text: str | None, c: int) -> str | None:
    if not text or c == 0:
        return text
    t = tag(c)
    return _CAPITAL.sub(lambda m: m.group(1) + t, text)


def shift(value: str | None, c: int) -> str | None:
    """A date (YYYY, YYYY-MM or YYYY-MM-DD) moved 28 * c years."""
    if not value or c == 0:
        return value
    m = _DATE.match(value)
    if not m:
        return value
    year = int(m.group(1)) + 28 * c
    rest = value[4:]
    if rest == "-02-29":
        try:
            dt.date(year, 2, 29)
        except ValueError:
            rest = "-02-28"
    return f"{year:04d}{rest}"


def rss_mb() -> float:
    """This process's peak RSS. On Linux ``VmHWM``: ``ru_maxrss`` survives exec, so a
    process started from a big one would report its parent's peak."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ---------------------------------------------------------------------------------------
# The base database: ECB+ ingested and extracted once


def base_db(cache: Path) -> Path:
    from workbench.db import connect
    from workbench.evaluate.ecbplus import read_corpus
    from workbench.extract import current_version, extract_pending
    from workbench.ingest import ingest_paths

    path = cache / f"ecbplus-{current_version()}.db"
    if path.exists():
        return path
    cache.mkdir(parents=True, exist_ok=True)
    corpus = read_corpus(DATA / "ecbplus")
    jsonl = cache / "ecbplus.jsonl"
    with jsonl.open("w", encoding="utf-8") as out:
        for name, doc in sorted(corpus.documents.items()):
            out.write(json.dumps({"id": name, "text": doc.text()}) + "\n")
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    db = connect(tmp)
    t0 = time.perf_counter()
    ingest_paths(db, [jsonl])
    extract_pending(db)
    print(f"base: ECB+ extracted once in {time.perf_counter() - t0:.0f} s", flush=True)
    db.conn.close()
    tmp.rename(path)
    return path


def copies(base: Path, target: Path, k: int, first: int = 0, limit: int | None = None) -> int:
    """Write copies ``first .. first + k - 1`` of ``base``'s documents and claims into
    ``target`` (created if needed); ``limit``: only that many documents per copy.
    Returns the number of claims written."""
    from workbench.db import connect, dumps, loads

    src = connect(base)
    dst = connect(target)
    doc_cols = [r[1] for r in src.execute("PRAGMA table_info(documents)").fetchall()]
    claim_cols = [r[1] for r in src.execute("PRAGMA table_info(claims)").fetchall()]
    docs = src.execute(f"SELECT {', '.join(doc_cols)} FROM documents ORDER BY id").fetchall()
    if limit is not None:
        docs = docs[:limit]
    written = 0
    with dst.conn:
        for c in range(first, first + k):
            for row in docs:
                d = dict(zip(doc_cols, row, strict=True))
                old = d.pop("id")
                d["text"] = retag(d["text"], c)
                d["title"] = retag(d.get("title"), c)
                d["published"] = shift(d.get("published"), c)
                d["content_hash"] = f"{d['content_hash']}:{c}"
                d["path"] = f"{d['path']}#copy{c}"
                cur = dst.conn.execute(
                    f"INSERT INTO documents({', '.join(d)}) VALUES ({', '.join('?' * len(d))})",
                    list(d.values()))
                new_doc = cur.lastrowid
                rows = src.execute(
                    f"SELECT {', '.join(claim_cols)} FROM claims WHERE document_id = ? "
                    "ORDER BY id", [old]).fetchall()
                for crow in rows:
                    cl = dict(zip(claim_cols, crow, strict=True))
                    cl.pop("id")
                    cl["document_id"] = new_doc
                    cl["text"] = retag(cl["text"], c)
                    cl["date"] = shift(cl["date"], c)
                    if c:
                        ents = loads(cl["entities"], [])
                        for e in ents:
                            if e.get("norm"):
                                e["norm"] = e["norm"] + tag(c)
                            if e.get("text"):
                                e["text"] = retag(e["text"], c)
                        cl["entities"] = dumps(ents)
                        cl["speaker"] = retag(cl.get("speaker"), c)
                        if cl.get("speaker_norm"):
                            cl["speaker_norm"] = cl["speaker_norm"] + tag(c)
                    dst.conn.execute(
                        f"INSERT INTO claims({', '.join(cl)}) VALUES ({', '.join('?' * len(cl))})",
                        list(cl.values()))
                    written += 1
    src.conn.close()
    dst.conn.close()
    return written


# ---------------------------------------------------------------------------------------
# One grouping run, in its own process


STAGES = [  # (module, attribute) timed when present; a stage may be called more than once
    ("workbench.group.features", "features"),
    ("workbench.group.neighbours", "DocSimilarity.__init__"),
    ("workbench.group.neighbours", "DocSimilarity.cuts"),  # stories, before splitting
    ("workbench.group.neighbours", "split_stories"),
    ("workbench.group.incremental", "_nearest"),  # an incremental build's placing
    ("workbench.group.incremental", "_place"),
    ("workbench.group.neighbours", "candidate_codes"),
    ("workbench.group.scoring", "score_pairs"),
    ("workbench.group.clustering", "_average_linkage"),
    ("workbench.group.partition", "score_by_story"),  # the Ray engine's (bench_ray.py)
    ("workbench.group.partition", "linkage_by_component"),
    ("workbench.group.clustering", "_reunite_misdated"),
    ("workbench.group.entries", "entries"),
    ("workbench.group", "_write_all"),  # writing groups, with the search index
]


PEAKS: dict[str, float] = {}  # stage -> peak RSS (MB) at its end: where the peak is reached


def _timed(seconds: dict[str, float], name: str, fn):
    def wrapper(*args, **kwargs):
        t0 = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            seconds[name] = seconds.get(name, 0.0) + time.process_time() - t0
            PEAKS[name] = rss_mb()
    return wrapper


def group_once(db_path: Path, incremental: bool = False) -> dict:
    import importlib

    from workbench.db import connect
    from workbench.group import regroup

    seconds: dict[str, float] = {}
    for module, attr in STAGES:
        try:
            mod = importlib.import_module(module)
        except ImportError:
            continue
        owner, _, name = attr.rpartition(".")
        holder = getattr(mod, owner) if owner else mod
        if not hasattr(holder, name):
            continue
        label = name if not owner else f"{owner}.{name}"
        setattr(holder, name, _timed(seconds, label, getattr(holder, name)))
        if not owner:  # the name as imported elsewhere in the package
            for other in ("workbench.group", "workbench.group.engine",
                          "workbench.group.neighbours", "workbench.group.clustering",
                          "workbench.group.scoring", "workbench.group.partition"):
                try:
                    m = importlib.import_module(other)
                except ImportError:
                    continue
                if getattr(m, name, None) is not None and m is not mod:
                    setattr(m, name, getattr(holder, name))
    db = connect(db_path)
    t0, w0 = time.process_time(), time.perf_counter()
    report = regroup(db, incremental=incremental)
    total, wall = time.process_time() - t0, time.perf_counter() - w0
    db.conn.close()
    return {"claims": report.claims, "groups": report.groups, "seconds": total, "wall": wall,
            "stages": seconds, "rss_mb": rss_mb(), "peaks": PEAKS,
            "regrouped": report.regrouped, "incremental": report.incremental}


def run_group(db_path: Path, incremental: bool = False) -> dict:
    out = subprocess.run([sys.executable, __file__, "--group-only", str(db_path)]
                         + (["--incremental"] if incremental else []),
                         capture_output=True, text=True, check=False)
    if out.returncode:
        sys.exit(f"grouping {db_path} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def slope(xs: list[float], ys: list[float]) -> float:
    pts = [(math.log(x), math.log(y)) for x, y in zip(xs, ys, strict=True) if x > 0 and y > 0]
    if len(pts) < 2:
        return float("nan")
    mx = sum(p[0] for p in pts) / len(pts)
    my = sum(p[1] for p in pts) / len(pts)
    num = sum((x - mx) * (y - my) for x, y in pts)
    den = sum((x - mx) ** 2 for x, _ in pts)
    return num / den if den else float("nan")


def scale(args) -> None:
    base = base_db(args.cache)
    results = []
    largest = None
    for k in args.copies:
        path = args.cache / f"ecbplus-x{k}.db"
        for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            p.unlink(missing_ok=True)
        claims = copies(base, path, k)
        r = run_group(path)
        r["copies"] = k
        results.append(r)
        largest = (path, k)
        stages = " ".join(f"{n}={s:.1f}s/{r['peaks'].get(n, 0):.0f}MB"
                          for n, s in r["stages"].items())
        print(f"x{k:<3} {claims:>8} claims  {r['groups']:>7} groups  "
              f"grouping {r['seconds']:7.1f} s CPU"
              f"  peak {r['rss_mb']:6.0f} MB  [{stages}]", flush=True)
    if len(results) >= 2:
        xs = [r["claims"] for r in results]
        print(f"exponent (claims -> seconds), x{results[0]['copies']}..x{results[-1]['copies']}:"
              f" grouping {slope(xs, [r['seconds'] for r in results]):.2f},"
              f" peak RSS {slope(xs, [r['rss_mb'] for r in results]):.2f}")
        for name in results[-1]["stages"]:
            ys = [r["stages"].get(name, 0.0) for r in results]
            print(f"  {name:<28} {slope(xs, ys):5.2f}  ({ys[0]:.2f} s .. {ys[-1]:.2f} s)")
    if largest is not None and not args.no_incremental:
        path, k = largest
        before = group_rows(path)
        added = copies(base, path, 1, first=k, limit=5)
        r = run_group(path, incremental=True)
        after = group_rows(path)
        changed = {g for g in before if after.get(g) != before[g]}
        moved = sum(len(before[g][1]) for g in changed)
        print(f"incremental: 5 articles ({added} claims) into x{k} ({r['claims']} claims): "
              f"{r['seconds']:.1f} s CPU ({r['wall']:.1f} s wall), peak {r['rss_mb']:.0f} MB; "
              f"{'stories they touch' if r['incremental'] else 'everything'} regrouped: "
              f"{r['regrouped']} claims ({100 * r['regrouped'] / r['claims']:.2f} %); "
              f"{len(changed)} of {len(before)} groups changed or gone ({moved} claims), "
              f"{len(set(after) - set(before))} new", flush=True)
        print("  stages: " + " ".join(f"{n}={s:.2f}s" for n, s in r["stages"].items()))


def group_rows(db_path: Path) -> dict[int, tuple]:
    """Every group as a reviewer sees it: its fields and its members."""
    import sqlite3

    conn = sqlite3.connect(db_path)
    members: dict[int, list[int]] = {}
    for claim, group in conn.execute("SELECT claim_id, group_id FROM group_members "
                                     "ORDER BY claim_id"):
        members.setdefault(group, []).append(claim)
    rows = {r[0]: (r[1:], tuple(members.get(r[0], ()))) for r in conn.execute(
        "SELECT id, title, event_date, date_precision, status, background, sources, version, "
        "updated_at FROM groups")}
    conn.close()
    return rows


# ---------------------------------------------------------------------------------------
# ECB+ split in two: incremental against a full grouping


def split(args) -> None:
    """ECB+ without ``--split-docs`` articles of topic ``--split``, grouped; those added
    and grouped incrementally; against a full grouping of all of it (same insertion order,
    so the same claim ids)."""
    import sqlite3

    from workbench.db import connect
    from workbench.group import regroup

    base = base_db(args.cache)
    src = sqlite3.connect(base)
    doc_cols = [r[1] for r in src.execute("PRAGMA table_info(documents)")]
    claim_cols = [r[1] for r in src.execute("PRAGMA table_info(claims)")]
    docs = src.execute(f"SELECT {', '.join(doc_cols)} FROM documents ORDER BY id").fetchall()
    ext = doc_cols.index("external_id")
    held = [d for d in docs if (d[ext] or "").startswith(f"{args.split}_")][:args.split_docs]
    rest = [d for d in docs if d not in held]

    def put(dst, rows) -> None:
        with dst.conn:
            for row in rows:
                d = dict(zip(doc_cols, row, strict=True))
                old = d.pop("id")
                new = dst.conn.execute(
                    f"INSERT INTO documents({', '.join(d)}) VALUES ({', '.join('?' * len(d))})",
                    list(d.values())).lastrowid
                for crow in src.execute(f"SELECT {', '.join(claim_cols)} FROM claims "
                                        "WHERE document_id = ? ORDER BY id", [old]).fetchall():
                    c = dict(zip(claim_cols, crow, strict=True))
                    c.pop("id")
                    c["document_id"] = new
                    dst.conn.execute(
                        f"INSERT INTO claims({', '.join(c)}) VALUES ({', '.join('?' * len(c))})",
                        list(c.values()))

    work = args.cache / "split"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    inc, full = connect(work / "inc.db"), connect(work / "full.db")
    put(inc, rest)
    regroup(inc)
    put(full, rest + held)
    t0 = time.process_time()
    regroup(full)
    t_full = time.process_time() - t0
    put(inc, held)
    t0 = time.process_time()
    report = regroup(inc, incremental=True)
    t_inc = time.process_time() - t0
    mine, theirs = _members(inc), _members(full)
    differ = [c for c in theirs if mine.get(c) != theirs[c]]
    print(f"split: {len(held)} articles of topic {args.split} added to {len(rest)}: full "
          f"grouping {t_full:.1f} s CPU, incremental {t_inc:.1f} s CPU, "
          f"{report.regrouped} of {report.claims} claims regrouped; {len(differ)} claims "
          "in another group than the full grouping's", flush=True)


def _members(db) -> dict[int, frozenset[int]]:
    """Claim -> the claims of its group (what a reviewer sees, whatever the ids)."""
    groups: dict[int, set[int]] = {}
    for claim, group in db.execute("SELECT claim_id, group_id FROM group_members"):
        groups.setdefault(group, set()).add(claim)
    return {c: frozenset(m) for m in groups.values() for c in m}


# ---------------------------------------------------------------------------------------
# A 300-article story, built from scratch


def bare_pipe(texts: list[str]) -> float:
    """Seconds of a bare single-process ``nlp.pipe`` over ``texts`` (the model loaded and
    warmed first): the baseline a build's extraction is measured against."""
    from workbench.extract.nlp import load_nlp

    nlp = load_nlp()
    list(nlp.pipe(texts[:3]))
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=64):
        pass
    return time.perf_counter() - t0


def story(args) -> None:
    from workbench.extract.parallel import default_jobs

    root = DATA / "timeline17" / args.story_name / "InputDocs"
    records = []
    for path in sorted(root.glob("*/*")):
        text = path.read_text(encoding="utf-8", errors="replace")
        records.append({"id": f"{path.parent.name}/{path.name}", "text": text,
                        "published": path.parent.name})
    work = args.cache / "story"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    jsonl = work / "story.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    bare = bare_pipe([r["text"] for r in records])
    print(f"story {args.story_name}: {len(records)} articles; bare nlp.pipe (one process) "
          f"{bare:.1f} s, peak {rss_mb():.0f} MB", flush=True)
    extract_seconds = {}
    for jobs in sorted({1, default_jobs()}):
        out = subprocess.run([sys.executable, __file__, "--story-build", str(jobs),
                              "--cache", str(args.cache)],
                             capture_output=True, text=True, check=False)
        if out.returncode:
            sys.exit(f"building the story failed:\n{out.stderr}")
        r = json.loads(out.stdout.strip().splitlines()[-1])
        extract_seconds[jobs] = r["extract"]
        print(f"  --jobs {jobs}: {r['claims']} claims, {r['groups']} groups; build "
              f"{r['total']:.1f} s (ingest {r['ingest']:.1f}, extract {r['extract']:.1f}, group "
              f"{r['group']:.1f}); build/bare {r['total'] / bare:.2f}; peak {r['rss_mb']:.0f} MB"
              f" (the building process{'; workers apart' if jobs > 1 else ''})", flush=True)
    if len(extract_seconds) > 1:
        n = max(extract_seconds)
        print(f"  extraction, {n} jobs against 1: {extract_seconds[1] / extract_seconds[n]:.2f}x"
              f" faster (wall clock; the machine's other load counts)")


def story_build(cache: Path, jobs: int) -> dict:
    """One build of the story (written by :func:`story`), in this process."""
    from workbench.db import connect
    from workbench.extract import extract_pending
    from workbench.group import regroup
    from workbench.ingest import ingest_paths

    work = cache / "story"
    path = work / f"story-{jobs}.db"
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        p.unlink(missing_ok=True)
    db = connect(path)
    t0 = time.perf_counter()
    ingest_paths(db, [work / "story.jsonl"])
    t1 = time.perf_counter()
    ext = extract_pending(db, jobs=jobs)
    t2 = time.perf_counter()
    rep = regroup(db)
    t3 = time.perf_counter()
    db.conn.close()
    return {"claims": ext.claims, "groups": rep.groups, "ingest": t1 - t0, "extract": t2 - t1,
            "group": t3 - t2, "total": t3 - t0, "rss_mb": rss_mb()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", default="1,2,4,8,16",
                        type=lambda s: [int(x) for x in s.split(",") if x])
    parser.add_argument("--cache", type=Path, default=Path("/tmp/workbench-bench-scale"))
    parser.add_argument("--story", action="store_true", help="also build a 300-article story")
    parser.add_argument("--story-only", action="store_true")
    parser.add_argument("--story-name", default="haiti_bbc")
    parser.add_argument("--no-incremental", action="store_true")
    parser.add_argument("--split", type=int, metavar="TOPIC",
                        help="only: ECB+ without some articles of TOPIC, then those added "
                             "incrementally, against a full grouping")
    parser.add_argument("--split-docs", type=int, default=5)
    parser.add_argument("--group-only", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--incremental", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--story-build", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.story_build:
        print(json.dumps(story_build(args.cache, args.story_build)))
        return
    if args.group_only:
        print(json.dumps(group_once(args.group_only, args.incremental)))
        return
    if args.split is not None:
        split(args)
        return
    if not args.story_only:
        scale(args)
    if args.story or args.story_only:
        story(args)


if __name__ == "__main__":
    main()
