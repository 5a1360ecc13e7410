"""Where new evidence goes when entries are decided: a reviewer's decisions should not
pull the next day's claims into them.

    .venv/bin/python bench/new_evidence.py [T17_DIR] [--stories MJ_bbc,H1N1_reuters] [-n 30]

For each Timeline17 story: the first 60 % of its articles (by day) are built, the ``n``
most important entries accepted, the rest built in (``workbench build``, as a reviewer
adds tomorrow's articles); the whole story is also built with no decision. Prints, per
story, the accepted entries sent back to the queue, the claims they took in, and how
many of those the undecided build puts with the entry's own claims (in the group that
holds most of them). Session 48 (docs/QUALITY.md): H1N1_reuters 8 sent back, 92 taken,
1 with them undecided; MJ_bbc 10, 94, 26; then 3, 3, 0 and 3, 3, 2.
"""

from __future__ import annotations

import argparse
import collections
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_T17 = ROOT.parent / "shared" / "data" / "timeline17"


def build(db: Path, *paths: Path) -> None:
    subprocess.run([sys.executable, "-m", "workbench", "-q", "--db", str(db), "build",
                    *map(str, paths)], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def members(conn: sqlite3.Connection, gid: int) -> list[tuple[str, int]]:
    return [(h, s) for h, s in conn.execute(
        "SELECT d.content_hash, c.char_start FROM group_members m "
        "JOIN claims c ON c.id = m.claim_id JOIN documents d ON d.id = c.document_id "
        "WHERE m.group_id = ?", [gid])]


def one_story(story: Path, n: int, work: Path) -> dict[str, int | str]:
    from workbench.evaluate.t17 import _write_jsonl
    from workbench.review.actions import decide

    whole = work / "story.jsonl"
    _write_jsonl(story, whole, [])
    lines = whole.read_text(encoding="utf-8").splitlines()
    cut = int(len(lines) * 0.6)
    for name, part in (("day1", lines[:cut]), ("day2", lines[cut:])):
        (work / name).mkdir()
        (work / name / f"{name}.jsonl").write_text("\n".join(part) + "\n", encoding="utf-8")
    decided, undecided = work / "decided.db", work / "undecided.db"
    build(decided, work / "day1")
    conn = sqlite3.connect(decided)
    top = [gid for (gid,) in conn.execute(
        "SELECT id FROM groups WHERE background = 0 ORDER BY importance DESC, id LIMIT ?", [n])]
    before = {}
    for gid in top:
        (version,) = conn.execute("SELECT version FROM groups WHERE id = ?", [gid]).fetchone()
        decide(conn, gid, "accept", version=version, reviewer="bench")
        before[gid] = set(members(conn, gid))
    conn.close()
    build(decided, work / "day2")
    build(undecided, work / "day1", work / "day2")
    a, b = sqlite3.connect(decided), sqlite3.connect(undecided)
    where = {(h, s): gid for gid in (r[0] for r in b.execute("SELECT id FROM groups"))
             for h, s in members(b, gid)}
    back = taken = home = 0
    for gid in top:
        gained = [m for m in members(a, gid) if m not in before[gid]]
        if not gained:
            continue
        back += 1
        taken += len(gained)
        own = collections.Counter(where.get(m) for m in before[gid]).most_common(1)[0][0]
        home += sum(where.get(m) == own for m in gained)
    return {"story": story.name, "accepted": len(top), "sent back": back, "claims taken": taken,
            "with them undecided": home}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_T17)
    parser.add_argument("--stories", default="H1N1_reuters,MJ_bbc")
    parser.add_argument("-n", type=int, default=30, help="entries accepted (most important)")
    args = parser.parse_args()
    for name in args.stories.split(","):
        with tempfile.TemporaryDirectory() as tmp:
            row = one_story(args.data / name, args.n, Path(tmp))
        print("  ".join(f"{k} {v}" for k, v in row.items()), flush=True)


if __name__ == "__main__":
    main()
