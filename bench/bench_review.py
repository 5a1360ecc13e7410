"""Review at scale: 100,000 synthetic groups.

Prints the time to the first usable screen (queue filled and the first group's detail
shown) and the latency from a key press to the committed decision, median and p95; with
the queue queries, the time of the suggestions beside a group against reading the group
alone (a bare baseline of the same run).
Targets: first screen under 1 s; decision under 50 ms p95.

    .venv/bin/python bench/bench_review.py [--groups 100000] [--decisions 200] [--queries-only]
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

# The synthetic database is built by the test fixtures' builder (tests/builders.py).
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


async def first_screen(path: Path) -> tuple[float, float]:
    from workbench.review.config import Config
    from workbench.tui.app import WorkbenchApp

    start = time.perf_counter()
    app = WorkbenchApp(path, config=Config(reviewer="bench"), cursor_blink=False)
    async with app.run_test(size=(120, 36)) as pilot:
        queue_at = None
        while True:
            screen = app.review_screen
            if screen is not None and screen.is_mounted:
                if queue_at is None and screen.queue.rows_loaded:
                    queue_at = time.perf_counter()
                if screen.detail_pane.detail is not None:
                    break
            await pilot.pause(0.005)
        usable = time.perf_counter()
    return (queue_at or usable) - start, usable - start


async def decisions(path: Path, n: int) -> tuple[list[float], list[float], list[float]]:
    from textual.worker import WorkerCancelled

    from workbench.review.config import Config
    from workbench.tui.app import WorkbenchApp

    app = WorkbenchApp(path, config=Config(reviewer="bench"), cursor_blink=False)
    to_commit: list[float] = []
    to_next: list[float] = []
    to_idle: list[float] = []
    async with app.run_test(size=(120, 36)) as pilot:

        async def settle() -> None:
            for _ in range(3):
                try:
                    await app.workers.wait_for_complete()
                except WorkerCancelled:
                    pass
                await pilot.pause()

        await settle()
        screen = app.review_screen
        for i in range(n):
            before = screen.queue.current.id
            key = "a" if i % 3 else "x"
            t0 = time.perf_counter()
            await pilot.press(key)
            committed = screen.last_commit_at
            assert committed is not None and committed >= t0, "the key did not commit"
            to_commit.append(committed - t0)
            # until the next group's detail is on screen
            while not (
                screen.detail_pane.detail is not None and screen.detail_pane.detail.id != before
            ):
                await pilot.pause(0.001)
            to_next.append(screen.last_detail_at - t0)
            # and until the queue, counts and timeline are refreshed too
            while any(w.is_running for w in app.workers):
                await pilot.pause(0.001)
            to_idle.append(time.perf_counter() - t0)
            screen.last_commit_at = None
    conn = sqlite3.connect(path)
    decided = conn.execute("SELECT count(*) FROM decisions").fetchone()[0]
    conn.close()
    assert decided == n, f"{decided} decisions logged for {n} key presses"
    return to_commit, to_next, to_idle


def core_decisions(path: Path, n: int) -> list[float]:
    from workbench.db import connect
    from workbench.review import actions

    db = connect(path)
    ids = [
        r[0]
        for r in db.execute(
            "SELECT id, version FROM groups WHERE status = 'pending' ORDER BY id DESC LIMIT ?", [n]
        )
    ]
    out = []
    for gid in ids:
        version = db.execute("SELECT version FROM groups WHERE id = ?", [gid]).fetchone()[0]
        t0 = time.perf_counter()
        actions.decide(db.conn, gid, "accept", version=version, reviewer="bench")
        out.append(time.perf_counter() - t0)
    db.conn.close()
    return out


def startup_imports() -> float:
    """Seconds a fresh interpreter needs to import the app (what `workbench review` pays
    before its first screen, on top of the in-process time measured below)."""
    import subprocess
    import sys

    code = (
        "import time; t = time.perf_counter(); import workbench.tui.app; "
        "print(time.perf_counter() - t)"
    )
    runs = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(3)
    ]
    return min(runs)


def queue_queries(path: Path) -> list[tuple[str, float]]:
    """What one queue reload costs in SQLite for a few filters (the worker's share)."""
    from workbench.review.queue import Filter, count, page, position

    conn = sqlite3.connect(path)
    out = []
    for label, flt in [
        ("no filter", Filter()),
        ("conflicts only", Filter(conflicts_only=True)),
        ("2+ sources", Filter(multi_source=True)),
        ("search 'ceasefire border'", Filter(search="ceasefire border")),
        ("date range 2025-03", Filter(date_from="2025-03", date_to="2025-03")),
    ]:
        t0 = time.perf_counter()
        total = count(conn, flt)
        rows = page(conn, flt, 0, 150)
        if rows:
            position(conn, flt, rows[-1].id)
        out.append((f"{label} ({total:,} groups)", time.perf_counter() - t0))
    # Scrolling far down: a page deep in the queue must cost about what the first one does.
    total = count(conn, Filter())
    for sort in ("queue", "sources"):
        t0 = time.perf_counter()
        page(conn, Filter(sort=sort), total // 2, 150)
        out.append((f"page at offset {total // 2:,}, sort {sort}", time.perf_counter() - t0))
    conn.close()
    return out


def suggestion_lists(path: Path, n: int = 60) -> tuple[list[float], list[float]]:
    """Seconds for the suggestions beside a group (``suggest_merges``), and, as the bare
    baseline of the same run, for reading that group's own claims (``profiles``)."""
    from workbench.review.suggest import profiles, suggest_merges

    conn = sqlite3.connect(path)
    ids = [r[0] for r in conn.execute(
        "SELECT id FROM groups WHERE background = 0 ORDER BY importance DESC, id LIMIT ?", [n])]
    suggest_merges(conn, ids[0])  # warm
    lists, bare = [], []
    for gid in ids:
        t0 = time.perf_counter()
        profiles(conn, [gid])
        bare.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        suggest_merges(conn, gid)
        lists.append(time.perf_counter() - t0)
    conn.close()
    return lists, bare


def print_queue_queries(path: Path) -> None:
    for label, seconds in queue_queries(path):
        print(f"queue reload queries, {label}: {seconds * 1000:.0f} ms")
    lists, bare = suggestion_lists(path)
    print(f"suggestions beside a group ({len(lists)} groups): median "
          f"{statistics.median(lists) * 1000:.1f} ms, p95 {pct(lists, 95) * 1000:.1f} ms; "
          f"{statistics.median(lists) / statistics.median(bare):.0f}x reading the group alone")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=100_000)
    parser.add_argument("--decisions", type=int, default=200)
    parser.add_argument(
        "--queries-only", action="store_true", help="only the queue queries, not the app"
    )
    args = parser.parse_args()

    from builders import synthetic_database

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        t0 = time.perf_counter()
        synthetic_database(path, args.groups)
        # ranked as a build leaves every database (``group.rank``): a decision ranks its
        # day again, and over the builder's importance 0 it rewrote the whole day
        from workbench.db import connect
        from workbench.group.rank import rank_entries

        db = connect(path)
        with db.conn:
            rank_entries(db)
        db.conn.close()
        print(f"built {args.groups:,} groups in {time.perf_counter() - t0:.1f} s")
        if args.queries_only:
            print_queue_queries(path)
            return

        print(f"importing the app in a fresh interpreter: {startup_imports() * 1000:.0f} ms")
        runs = [asyncio.run(first_screen(path)) for _ in range(3)]
        queue_t = [q for q, _u in runs]
        usable_t = [u for _q, u in runs]
        print(
            f"first usable screen: {min(usable_t) * 1000:.0f} ms best, "
            f"{max(usable_t) * 1000:.0f} ms worst "
            f"of 3 (queue rows shown after {min(queue_t) * 1000:.0f} ms)  target < 1000 ms"
        )

        to_commit, to_next, to_idle = asyncio.run(decisions(path, args.decisions))
        print(
            "key press -> decision committed: median "
            f"{statistics.median(to_commit) * 1000:.1f} ms, "
            f"p95 {pct(to_commit, 95) * 1000:.1f} ms over {len(to_commit)} decisions  "
            "target p95 < 50 ms"
        )
        print(
            "key press -> next group on screen: median "
            f"{statistics.median(to_next) * 1000:.1f} ms, "
            f"p95 {pct(to_next, 95) * 1000:.1f} ms"
        )
        print(
            f"key press -> queue, counts and timeline refreshed: median "
            f"{statistics.median(to_idle) * 1000:.1f} ms, p95 {pct(to_idle, 95) * 1000:.1f} ms"
        )
        print_queue_queries(path)
        core = core_decisions(path, args.decisions)
        print(
            f"core decide() alone: median {statistics.median(core) * 1000:.2f} ms, "
            f"p95 {pct(core, 95) * 1000:.2f} ms"
        )


if __name__ == "__main__":
    main()
