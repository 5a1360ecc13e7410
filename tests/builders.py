"""Build review databases without the pipeline: for tests, snapshots and the benchmark.

Rows are inserted directly, with fixed timestamps, so a fixture database is byte-for-byte
the same on every run (snapshot tests depend on that).
"""

from __future__ import annotations

import hashlib
import json
import random
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from workbench.dates.expressions import precision_of
from workbench.db import connect, dumps, inserted_id

FIXED_AT = "2025-07-01T09:00:00.000+00:00"


@dataclass
class Builder:
    """Small imperative builder: add documents, claims cut from them, and groups."""

    db: sqlite_utils.Database
    at: str = FIXED_AT
    _claims: dict[int, tuple[int, str, str | None]] = field(default_factory=dict)

    @property
    def conn(self) -> sqlite3.Connection:
        return self.db.conn

    def document(
        self,
        text: str,
        *,
        title: str,
        path: str | None = None,
        source: str | None = None,
        published: str | None = None,
    ) -> int:
        digest = hashlib.sha256(text.encode()).hexdigest()
        prec = precision_of(published)
        cur = self.conn.execute(
            "INSERT INTO documents(content_hash, path, format, title, source, published, "
            "published_precision, published_provenance, text, ingested_at, extracted_at) "
            "VALUES (?, ?, 'txt', ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                digest,
                path or f"seeds/{title.lower().replace(' ', '_')}.txt",
                title,
                source,
                published,
                prec,
                "given" if published else "unknown",
                text,
                self.at,
                self.at,
            ],
        )
        return inserted_id(cur)

    def claim(
        self,
        document_id: int,
        sentence: str,
        *,
        date: str | None = None,
        date_text: str | None = None,
        provenance: str | None = None,
        speaker: str | None = None,
        numbers: list[dict[str, Any]] | None = None,
        occurrence: int = 0,
    ) -> int:
        text = self.conn.execute(
            "SELECT text FROM documents WHERE id = ?", [document_id]
        ).fetchone()[0]
        start = -1
        for _ in range(occurrence + 1):
            start = text.find(sentence, start + 1)
        if start < 0:
            raise ValueError(f"{sentence!r} is not in document {document_id}")
        prec = precision_of(date)
        cur = self.conn.execute(
            "INSERT INTO claims(document_id, char_start, char_end, text, date, date_precision, "
            "date_provenance, date_text, speaker, speaker_norm, numbers, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                document_id,
                start,
                start + len(sentence),
                sentence,
                date,
                prec,
                provenance or ("explicit" if date_text else "none" if not date else "document"),
                date_text,
                speaker,
                speaker.split()[-1].lower() if speaker else None,
                dumps(numbers or []),
                self.at,
            ],
        )
        cid = inserted_id(cur)
        self._claims[cid] = (document_id, sentence, date)
        return cid

    def group(
        self,
        claim_ids: list[int],
        *,
        title: str | None = None,
        event_date: str | None = None,
        status: str = "pending",
        conflicts: list[dict[str, Any]] | None = None,
    ) -> int:
        first = self._claims[claim_ids[0]]
        date = event_date if event_date is not None else first[2]
        prec = precision_of(date)
        sources = len({self._claims[c][0] for c in claim_ids})
        # the claim a given title is taken from, as regrouping records it (none: the
        # title is not a member's sentence)
        titled = claim_ids[0] if title is None else next(
            (c for c in claim_ids if self._claims[c][1] == title), None)
        cur = self.conn.execute(
            "INSERT INTO groups(title, title_claim_id, event_date, date_precision, sources, "
            "status, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [title or first[1], titled, date, prec, sources, status, self.at, self.at],
        )
        gid = inserted_id(cur)
        self.conn.executemany(
            "INSERT INTO group_members(claim_id, group_id, similarity) VALUES (?, ?, ?)",
            [(c, gid, round(1.0 - 0.05 * i, 2)) for i, c in enumerate(claim_ids)],
        )
        for conflict in conflicts or []:
            values = conflict["values"]
            for v in values:
                v.setdefault("document_ids", sorted({self._claims[c][0] for c in v["claim_ids"]}))
            self.conn.execute(
                'INSERT INTO conflicts(group_id, kind, subject, "values", claim_ids, resolution) '
                "VALUES (?, ?, ?, ?, ?, ?)",
                [
                    gid,
                    conflict.get("kind", "date"),
                    conflict["subject"],
                    dumps(values),
                    dumps(sorted({c for v in values for c in v["claim_ids"]})),
                    conflict.get("resolution"),
                ],
            )
        return gid

    def commit(self) -> None:
        self.conn.commit()


# The documents of the sample corpus: four outlets reporting the same weeks of talks.
_DOCS = [
    (
        "Talks resume in Istanbul",
        "wire/istanbul-talks.txt",
        "Wire",
        "2025-06-03",
        "Delegations from Russia and Ukraine met in Istanbul on June 2 for a second round of "
        "direct talks.\nThe meeting lasted a little over an hour, officials said.\n\n"
        "Vladimir Medinsky said the sides agreed to exchange 1,000 prisoners of war.\n"
        "The exchange is expected to take place in the coming weeks.\n\n"
        "Turkish Foreign Minister Hakan Fidan opened the session on June 2 with a call for a "
        "ceasefire.",
    ),
    (
        "Second round ends without ceasefire",
        "daily/second-round.txt",
        "Daily Ledger",
        "2025-06-02",
        "The second round of talks in Istanbul took place on May 22nd, according to one "
        "delegation member.\nNo ceasefire was agreed.\n\n"
        "Volodymyr Medinsky told reporters that 1,200 prisoners would be swapped.\n\n"
        "Ukraine's defence minister Rustem Umerov said on June 2 that Kyiv handed over a list "
        "of children to be returned.",
    ),
    (
        "Prisoner exchange begins",
        "news/exchange.txt",
        "Evening Post",
        "2025-06-10",
        "The first stage of the prisoner exchange began on June 9 at the Belarus border.\n"
        "Both sides released wounded soldiers under 25 first.\n\n"
        "Russian forces arrived at the border on June 7, but the Ukrainian side did not "
        "appear, the defence ministry said.\n\n"
        "Talks in Istanbul on June 2 produced the exchange agreement.",
    ),
    (
        "Drone strikes on airfields",
        "post/airfields.txt",
        "Evening Post",
        "2025-06-01",
        "Ukraine struck four Russian airfields with drones on June 1 in an operation it called "
        "Spiderweb.\nThe strikes hit aircraft at bases in Murmansk and Irkutsk regions.\n\n"
        "Officials in Kyiv said the operation was planned for more than a year.",
    ),
]


def build_sample(db: sqlite_utils.Database) -> dict[str, int]:
    """A small, fixed corpus that exercises every part of the review screen: a date
    conflict (May 22nd vs June 2), a number conflict, multi-source groups, a decided group,
    a month-precision group and an undated one. Returns names -> ids for tests."""
    b = Builder(db)
    d = [b.document(text, title=t, path=p, source=s, published=pub) for t, p, s, pub, text in _DOCS]
    ids: dict[str, int] = {}
    c_talks1 = b.claim(
        d[0],
        "Delegations from Russia and Ukraine met in Istanbul on June 2 for a "
        "second round of direct talks.",
        date="2025-06-02",
        date_text="June 2",
    )
    c_talks2 = b.claim(
        d[1],
        "The second round of talks in Istanbul took place on May 22nd, "
        "according to one delegation member.",
        date="2025-05-22",
        date_text="May 22nd",
    )
    c_talks3 = b.claim(
        d[2],
        "Talks in Istanbul on June 2 produced the exchange agreement.",
        date="2025-06-02",
        date_text="June 2",
    )
    c_fidan = b.claim(
        d[0],
        "Turkish Foreign Minister Hakan Fidan opened the session on June 2 "
        "with a call for a ceasefire.",
        date="2025-06-02",
        date_text="June 2",
        speaker="Hakan Fidan",
    )
    c_pow1 = b.claim(
        d[0],
        "Vladimir Medinsky said the sides agreed to exchange 1,000 prisoners of war.",
        date="2025-06-02",
        provenance="document",
        speaker="Vladimir Medinsky",
        numbers=[{"value": 1000.0, "text": "1,000", "unit": "prisoner", "qualifier": None}],
    )
    c_pow2 = b.claim(
        d[1],
        "Volodymyr Medinsky told reporters that 1,200 prisoners would be swapped.",
        date="2025-06-02",
        provenance="document",
        speaker="Volodymyr Medinsky",
        numbers=[{"value": 1200.0, "text": "1,200", "unit": "prisoner", "qualifier": None}],
    )
    c_swap = b.claim(
        d[2],
        "The first stage of the prisoner exchange began on June 9 at the Belarus border.",
        date="2025-06-09",
        date_text="June 9",
    )
    c_border = b.claim(
        d[2],
        "Russian forces arrived at the border on June 7, but the Ukrainian "
        "side did not appear, the defence ministry said.",
        date="2025-06-07",
        date_text="June 7",
    )
    c_drones = b.claim(
        d[3],
        "Ukraine struck four Russian airfields with drones on June 1 in an "
        "operation it called Spiderweb.",
        date="2025-06-01",
        date_text="June 1",
    )
    c_planned = b.claim(
        d[3],
        "Officials in Kyiv said the operation was planned for more than a year.",
        date=None,
        provenance="none",
    )
    c_umerov = b.claim(
        d[1],
        "Ukraine's defence minister Rustem Umerov said on June 2 that Kyiv "
        "handed over a list of children to be returned.",
        date="2025-06-02",
        date_text="June 2",
        speaker="Rustem Umerov",
    )
    c_noceasefire = b.claim(d[1], "No ceasefire was agreed.", date="2025-06", provenance="document")

    ids["talks"] = b.group(
        [c_talks1, c_talks2, c_talks3],
        event_date="2025-06-02",
        conflicts=[
            {
                "kind": "date",
                "subject": "event date",
                "values": [
                    {"value": "2025-06-02", "claim_ids": [c_talks1, c_talks3]},
                    {"value": "2025-05-22", "claim_ids": [c_talks2]},
                ],
            }
        ],
    )
    ids["prisoners"] = b.group(
        [c_pow1, c_pow2],
        conflicts=[
            {
                "kind": "number",
                "subject": "prisoner",
                "values": [
                    {"value": "1,000", "claim_ids": [c_pow1]},
                    {"value": "1,200", "claim_ids": [c_pow2]},
                ],
            }
        ],
    )
    ids["fidan"] = b.group([c_fidan])
    ids["drones"] = b.group([c_drones], status="accepted")
    ids["swap"] = b.group([c_swap])
    ids["border"] = b.group([c_border])
    ids["umerov"] = b.group([c_umerov])
    ids["ceasefire"] = b.group([c_noceasefire])
    ids["planned"] = b.group([c_planned])
    b.commit()
    ids.update(
        c_talks1=c_talks1,
        c_talks2=c_talks2,
        c_talks3=c_talks3,
        c_pow1=c_pow1,
        c_pow2=c_pow2,
        c_fidan=c_fidan,
        c_umerov=c_umerov,
        c_swap=c_swap,
        c_border=c_border,
        c_noceasefire=c_noceasefire,
    )
    return ids


def log_new_evidence(conn: sqlite3.Connection, group_id: int) -> None:
    """What a regroup writes when it attaches new evidence to a group: a decision by
    another stage, which undo and resume must pass over."""
    conn.execute(
        "INSERT INTO decisions(at, reviewer, action, group_id, before, after) "
        "VALUES ('2025-07-02', 'workbench', 'new-evidence', ?, '{}', '{}')",
        [group_id],
    )
    conn.commit()


def sample_database(path: str | Path) -> dict[str, int]:
    db = connect(path)
    try:
        return build_sample(db)
    finally:
        db.conn.close()


def synthetic_database(path: str | Path, groups: int, *, seed: int = 7) -> None:
    """A large corpus for the benchmark: ``groups`` groups of 1-3 claims over ~200 days."""
    rng = random.Random(seed)
    db = connect(path)
    conn = db.conn
    words = (
        "talks delegation ceasefire prisoners exchange drone strike border minister "
        "sanctions summit energy grain port shelling convoy agreement memorandum"
    ).split()
    ndocs = max(1, groups // 20)
    with conn:
        conn.executemany(
            "INSERT INTO documents(id, content_hash, path, format, title, text, ingested_at) "
            "VALUES (?, ?, ?, 'txt', ?, ?, ?)",
            [
                (i, f"h{i}", f"synthetic/{i}.txt", f"Synthetic report {i}", "x" * 4000, FIXED_AT)
                for i in range(1, ndocs + 1)
            ],
        )
        claims, groups_rows, members, conflicts = [], [], [], []
        cid = 0
        for gid in range(1, groups + 1):
            day = 1 + rng.randrange(200)
            date = f"2025-{1 + day // 30 % 12:02d}-{1 + day % 28:02d}"
            title = " ".join(rng.choice(words) for _ in range(8)).capitalize() + "."
            n = rng.choice((1, 1, 2, 3))
            docs = set()
            for k in range(n):
                cid += 1
                doc = rng.randrange(1, ndocs + 1)
                docs.add(doc)
                start = rng.randrange(0, 3800)
                claims.append(
                    (cid, doc, start, start + 60, title, date, "day", "explicit", FIXED_AT)
                )
                members.append((cid, gid, 1.0 - 0.1 * k))
            groups_rows.append((gid, title, date, "day", len(docs), FIXED_AT, FIXED_AT))
            if n > 1 and rng.random() < 0.2:
                conflicts.append(
                    (
                        gid,
                        "date",
                        "event date",
                        dumps(
                            [
                                {"value": date, "claim_ids": [cid]},
                                {"value": "2025-01-01", "claim_ids": [cid - 1]},
                            ]
                        ),
                        dumps([cid - 1, cid]),
                    )
                )
        conn.executemany(
            "INSERT INTO claims(id, document_id, char_start, char_end, text, date, date_precision, "
            "date_provenance, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            claims,
        )
        conn.executemany(
            "INSERT INTO groups(id, title, event_date, date_precision, sources, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            groups_rows,
        )
        conn.executemany(
            "INSERT INTO group_members(claim_id, group_id, similarity) VALUES (?, ?, ?)", members
        )
        conn.executemany(
            'INSERT INTO conflicts(group_id, kind, subject, "values", claim_ids) '
            "VALUES (?, ?, ?, ?, ?)",
            conflicts,
        )
    conn.close()


def one_paragraph_entry(path: str | Path, claims: int, chars: int = 2600) -> int:
    """A pasted page of one paragraph, no blank line in megabytes, whose ``claims``
    sentences of about ``chars`` characters each are all one entry (a hostile input a
    tester built): the entry's id."""
    sentence = ("Officials said residents were evacuated as the flood water rose and the "
                "mayor promised aid ")
    piece = (sentence * (chars // len(sentence) + 1))[:chars - 1].rstrip() + "."
    text = " ".join([piece] * claims)
    db = connect(path)
    conn = db.conn
    with conn:
        conn.execute(
            "INSERT INTO documents(id, content_hash, path, format, title, text, ingested_at) "
            "VALUES (1, 'h1', 'pasted/page.txt', 'txt', 'A pasted page', ?, ?)", [text, FIXED_AT])
        conn.execute(
            "INSERT INTO groups(id, title, event_date, date_precision, sources, created_at, "
            "updated_at) VALUES (1, ?, '2025-06-03', 'day', 1, ?, ?)", [piece, FIXED_AT, FIXED_AT])
        step = len(piece) + 1
        conn.executemany(
            "INSERT INTO claims(id, document_id, char_start, char_end, text, date, "
            "date_precision, date_provenance, created_at) "
            "VALUES (?, 1, ?, ?, ?, '2025-06-03', 'day', 'explicit', ?)",
            [(k + 1, k * step, k * step + len(piece), piece, FIXED_AT) for k in range(claims)])
        conn.executemany(
            "INSERT INTO group_members(claim_id, group_id, similarity) VALUES (?, 1, 1.0)",
            [(k + 1,) for k in range(claims)])
    conn.close()
    return 1


def write_article(folder: Path, name: str, text: str, published: str | None = None) -> Path:
    """``folder/name.txt`` holding ``text``, with a sidecar giving its publication date;
    the folder made if need be."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    if published is not None:
        (folder / f"{name}.meta.json").write_text(json.dumps({"published": published}))
    return path


def toll_database(folder: Path, second_day: str = "2010-01-18") -> Path:
    """A database built by the real pipeline from two reports of the Haiti quake's toll:
    "45,000 to 50,000 people" published 15 January, "up to 200,000 people" published on
    ``second_day``; one entry."""
    from click.testing import CliRunner

    from workbench.cli import cli

    write_article(folder, "a", "The Haiti earthquake of January 12 killed 45,000 to 50,000 "
                  "people, the Red Cross estimates.\n", "2010-01-15")
    write_article(folder, "b", "The Haiti earthquake of January 12 killed up to 200,000 "
                  "people, a US general estimates.\n", second_day)
    path = folder / "w.db"
    result = CliRunner().invoke(cli, ["--db", str(path), "-q", "build", str(folder)])
    assert result.exit_code == 0, result.output
    return path
