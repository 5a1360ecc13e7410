"""The Ray engine (``build --engine ray``) against the default build: same output, and
what each stage costs, same run, same machine.

    .venv/bin/python bench/bench_ray.py [--copies 1,2,4] [--cpus 2] [--cache DIR] [--no-full]

1. **Full ECB+** (every article of ../shared/data/ecbplus, as ``bench_scale`` reads it):
   built from scratch by the default path (``--jobs`` = ``--cpus``) and by the Ray engine
   on a local instance of ``--cpus`` CPUs; every table of the two databases is compared
   row for row (``db.check.contents``), and the wall time of each stage is printed next
   to a bare single-process ``nlp.pipe`` over the same texts, measured in the same run.
2. **Grouping ECB+ x k** (copies made as ``bench_scale`` makes them, no spaCy): regrouped
   by the default path and by the Ray engine, compared, with the wall time of each stage
   as wall clock, the driver's CPU seconds and the Ray workers' CPU seconds (each task
   reports its own). The exponent of a stage is the least-squares slope of log(CPU
   seconds) over log(claims); its cost per million claims is extrapolated linearly from
   the largest size (an extrapolation: said so).

The machine is shared: wall times move with the other load, so the load average is
printed with each size.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from bench_scale import DATA, STAGES, bare_pipe, copies, slope  # noqa: E402

NAMES = {"score_pairs": "pair scoring", "score_by_story": "pair scoring",
         "_average_linkage": "clustering", "linkage_by_component": "clustering",
         "DocSimilarity.__init__": "document index", "DocSimilarity.cuts": "stories",
         "split_stories": "stories", "_nearest": "placing", "_place": "placing",
         "candidate_codes": "candidate pairs", "_reunite_misdated": "misdated reports",
         "entries": "entries", "_write_all": "writing groups", "features": "features"}


class Timer:
    """Wall-clock seconds per grouping stage, on while ``active`` (the default path calls
    ``score_pairs`` and ``_average_linkage`` itself; the Ray path calls them in workers,
    so in the driver they count only under the partition's name)."""

    def __init__(self):
        self.seconds: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self.depth = 0
        self._install()

    def _install(self) -> None:
        import importlib

        for module, attr in STAGES:
            mod = importlib.import_module(module)
            owner, _, name = attr.rpartition(".")
            holder = getattr(mod, owner) if owner else mod
            label = NAMES[attr]
            wrapped = self._wrap(label, getattr(holder, name))
            setattr(holder, name, wrapped)
            if not owner:  # the name as imported elsewhere in the package
                for other in ("workbench.group.engine", "workbench.group.partition",
                              "workbench.group"):
                    m = importlib.import_module(other)
                    if m is not mod and getattr(m, name, None) is not None:
                        setattr(m, name, wrapped)

    def _wrap(self, label: str, fn):
        def timed(*args, **kwargs):
            if self.depth:  # inside another timed stage (the stand-in path): its own
                return fn(*args, **kwargs)
            self.depth += 1
            t0, c0 = time.perf_counter(), time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                self.depth -= 1
                self.seconds[label] = self.seconds.get(label, 0.0) + time.perf_counter() - t0
                self.cpu[label] = self.cpu.get(label, 0.0) + time.process_time() - c0
        return timed

    def take(self) -> tuple[dict[str, float], dict[str, float]]:
        """(wall seconds, driver CPU seconds) per stage since the last call."""
        out, self.seconds, cpu, self.cpu = self.seconds, {}, self.cpu, {}
        return out, cpu


def _measured(fn):
    """``fn`` returning its result and the CPU seconds it took in the worker (this
    module is ``__main__``, so the function travels by value)."""
    def run(*args):
        c0 = time.process_time()
        out = fn(*args)
        return out, time.process_time() - c0
    return run


def measured_engine(**options):
    """A :class:`RayEngine` that also adds up its workers' CPU seconds per function."""
    from workbench.distributed import RayEngine

    class Measured(RayEngine):
        def __init__(self, **kw):
            super().__init__(**kw)
            self.cpu: dict[str, float] = {}
            self.parts: dict[str, list[int]] = {}

        def map(self, fn, args, setup=None, shared=None, in_flight=None):
            name = STAGE_OF.get(fn.__name__, fn.__name__)
            sizes = self.parts.setdefault(name, [])

            def counted():
                for arg in args:
                    sizes.append(len(getattr(arg, "items", arg)))
                    yield arg

            for out, cpu in super().map(_measured(fn), counted(), setup=setup,
                                        shared=shared, in_flight=in_flight):
                self.cpu[name] = self.cpu.get(name, 0.0) + cpu
                yield out

        def take(self):
            out, parts, self.cpu, self.parts = self.cpu, self.parts, {}, {}
            return out, parts

    return Measured(**options)


STAGE_OF = {"_score": "pair scoring", "_link": "clustering", "extract_chunk": "extraction"}


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def equal(a: Path, b: Path) -> tuple[bool, str]:
    from workbench.db import connect
    from workbench.db.check import contents

    da, db_ = connect(a), connect(b)
    ca, cb = contents(da), contents(db_)
    da.conn.close()
    db_.conn.close()
    same = [t for t in ca if ca[t] == cb.get(t)]
    rows = ", ".join(f"{t} {len(ca[t])}" for t in ca if ca[t])
    differ = [t for t in ca if t not in same]
    return not differ, rows if not differ else f"DIFFER in {', '.join(differ)}"


def fresh(path: Path) -> Path:
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        p.unlink(missing_ok=True)
    return path


def full_ecb(args, engine, timer: Timer) -> Path:
    """Both builds of all of ECB+; returns the default build (the base of the copies)."""
    from workbench.db import connect
    from workbench.evaluate.ecbplus import read_corpus
    from workbench.extract import extract_pending
    from workbench.group import regroup
    from workbench.ingest import ingest_paths

    corpus = read_corpus(DATA / "ecbplus")
    jsonl = args.cache / "ecbplus-all.jsonl"
    texts = [doc.text() for _, doc in sorted(corpus.documents.items())]
    with jsonl.open("w", encoding="utf-8") as out:
        for name, doc in sorted(corpus.documents.items()):
            out.write(json.dumps({"id": name, "text": doc.text()}) + "\n")
    bare = bare_pipe(texts)
    print(f"full ECB+: {len(texts)} articles; bare nlp.pipe (one process) {bare:.1f} s "
          f"(load {load()})", flush=True)
    built = {}
    for name, eng in (("default", None), ("ray", engine)):
        path = fresh(args.cache / f"ecb-full-{name}.db")
        db = connect(path)
        t0 = time.perf_counter()
        ingest_paths(db, [jsonl])
        t1 = time.perf_counter()
        engine.take()
        ext = extract_pending(db, jobs=args.cpus, engine=eng)
        t2 = time.perf_counter()
        worker_cpu, _ = engine.take()
        timer.take()
        rep = regroup(db, engine=eng)
        t3 = time.perf_counter()
        stages, _ = timer.take()
        engine.take()
        db.conn.close()
        built[name] = path
        detail = ", ".join(f"{k} {v:.1f}" for k, v in stages.items())
        spent = (f"; Ray workers' CPU in extraction {worker_cpu['extraction']:.1f} s = "
                 f"{1e6 * worker_cpu['extraction'] / ext.claims / 3600:.2f} CPU-hours per "
                 "million claims" if worker_cpu else "")
        print(f"  {name:<7}: {ext.claims} claims, {rep.groups} groups; ingest {t1 - t0:.1f} s,"
              f" extract {t2 - t1:.1f} s"
              f" wall ({(t2 - t1) / bare:.2f}x bare){spent}; group {t3 - t2:.1f} s wall "
              f"[{detail}] (load {load()})", flush=True)
    same, rows = equal(built["default"], built["ray"])
    print(f"  equal: {'yes' if same else 'NO'} ({rows})", flush=True)
    return built["default"]


def grouping(args, engine, timer: Timer, base: Path) -> None:
    from workbench.db import connect
    from workbench.group import regroup

    results = []
    for k in args.copies:
        one = fresh(args.cache / f"ecb-x{k}-default.db")
        claims = copies(base, one, k)
        other = fresh(args.cache / f"ecb-x{k}-ray.db")
        shutil.copy(one, other)
        row = {"claims": claims, "copies": k}
        for name, path, eng in (("default", one, None), ("ray", other, engine)):
            db = connect(path)
            timer.take()
            engine.take()
            t0 = time.perf_counter()
            regroup(db, engine=eng)
            row[name] = time.perf_counter() - t0
            row[f"{name} wall"], row[f"{name} cpu"] = timer.take()
            row[f"{name} workers"], row[f"{name} parts"] = engine.take()
            db.conn.close()
        same, rows = equal(one, other)
        results.append(row)
        print(f"x{k:<3} {claims:>8} claims: regroup default {row['default']:.1f} s, ray "
              f"{row['ray']:.1f} s wall; equal: {'yes' if same else 'NO'} ({rows}); "
              f"load {load()}", flush=True)
        for name in ("default", "ray"):
            print(f"      {name:<7} wall / driver CPU / workers' CPU: " + ", ".join(
                f"{st} {row[f'{name} wall'][st]:.1f}/{row[f'{name} cpu'][st]:.1f}"
                + (f"/{row[f'{name} workers'][st]:.1f}" if st in row[f"{name} workers"]
                   else "") for st in row[f"{name} wall"]))
        for stage, sizes in row["ray parts"].items():
            what = "items" if stage == "clustering" else "pairs"
            print(f"      ray {stage}: {len(sizes)} parts of {min(sizes)}..{max(sizes)} {what}")
        for p in (one, other):
            fresh(p)
    if len(results) < 2:
        return
    xs = [r["claims"] for r in results]
    big = results[-1]
    print(f"per stage: CPU seconds (driver + Ray workers), exponent over x{results[0]['copies']}"
          f"..x{big['copies']}, and CPU seconds per million claims, linear from the largest "
          "size (an extrapolation):")
    for name in ("default", "ray"):
        total = 0.0
        for stage in big[f"{name} cpu"]:
            ys = [r[f"{name} cpu"].get(stage, 0.0) + r[f"{name} workers"].get(stage, 0.0)
                  for r in results]
            per = 1e6 * ys[-1] / xs[-1]
            total += per
            print(f"  {name:<7} {stage:<18} {slope(xs, ys):5.2f}  {ys[0]:7.1f} s .. "
                  f"{ys[-1]:7.1f} s  -> {per:8.0f} CPU s per million")
        print(f"  {name:<7} {'all stages':<18}        {'':>7}      {'':>7}     -> {total:8.0f}"
              " CPU s per million")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", default="1,2,4",
                        type=lambda s: [int(x) for x in s.split(",") if x])
    parser.add_argument("--cpus", type=int, default=2)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/workbench-bench-ray"))
    parser.add_argument("--base", type=Path, default=None,
                        help="an extracted ECB+ database for the copies (skips the full build)")
    parser.add_argument("--no-full", action="store_true")
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    timer = Timer()
    with ExitStack() as stack:
        t0 = time.perf_counter()
        engine = stack.enter_context(measured_engine(cpus=args.cpus))
        print(f"ray: local instance, {engine.workers} workers, started in "
              f"{time.perf_counter() - t0:.1f} s", flush=True)
        base = args.base
        if not args.no_full:
            base = full_ecb(args, engine, timer)
        if base is not None:
            grouping(args, engine, timer, base)


if __name__ == "__main__":
    main()
