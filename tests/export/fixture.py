"""A small review database built by hand from the real seed texts, for the export tests.

No spaCy and no grouping engine: those are being tuned elsewhere and would move the
goldens. Documents are the seeds/*.txt texts as they are; every claim is a sentence found
by exact search in its document (so ``text[char_start:char_end] == claims.text``); groups,
conflicts and the reviewer's decisions are scripted. Every timestamp is fixed, so the
same build gives the same bytes.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from workbench.db import connect

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
T0 = "2025-06-20T09:00:00.000+00:00"


def _j(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


# id, file prefix, title, source, url, published, precision, provenance
DOCUMENTS = [
    (1, "000", "Late-breaking developments in the Russia-Ukraine conflict", "Seed Wire",
     "https://example.org/seeds/000", "2025-06-08", "day", "given"),
    (2, "001", "Russia-Ukraine Dialogue: No truce, but prison swap negotiations yield at "
     "least 1,000 detainees exchange agreement", "Seed News",
     "https://example.org/seeds/001?ref=feed&lang=en", "2025-06", "month", "inferred"),
    (3, "002", "New Developments in Russia-Ukraine Talks: Prisoner Exchange Agreed, Yet "
     "Ceasefire Remains Elusive", "Seed Daily (with Reuters)",
     "https://example.org/seeds/002", "2025-06-02", "day", "given"),
    # No title, source, URL or date: the export must fall back to the path.
    (4, "003", None, None, None, None, None, "unknown"),
    # A URL that must never become a link.
    (5, "004", "Ukraine and Russia Conduct Major POW Exchange Amid Ongoing Conflict and "
     "Rising Casualties", "Seed Blog", "javascript:alert(1)", "2025", "year", "inferred"),
]  # fmt: skip
# what the inferred dates above were guessed from, as ``dates.published.infer`` records it
EVIDENCE = {2: "latest date in the text, year 2025 from the corpus",
            5: "latest full date in the text"}

# id, document id, sentence, date, precision, provenance, date_text, speaker, numbers
CLAIMS = [
    (1, 3, "The previous meeting between the two parties was held in Istanbul on May 16, "
     "when an agreement was made to exchange 1,000 prisoners each.",
     "2025-05-16", "day", "explicit", "May 16", None,
     [{"value": 1000.0, "text": "1,000", "unit": "prisoner", "qualifier": None}]),
    (2, 2, "Previous negotiations, held on May 16th, resulted in a commitment to a prisoner "
     "exchange without any significant progress towards ending the war.",
     "2025-05-16", "day", "explicit", "May 16th", None, []),
    (3, 1, "The Istanbul negotiations, which took place on June 2, were marked by tense but "
     "focused discussions.", "2025-06-02", "day", "explicit", "June 2", None, []),
    (4, 2, "The rival delegations, having convened for direct discussions at the Ciragan "
     "Palace on May 22nd, verified that both sides will be engaging in a mass exchange of "
     "prisoners of war and the remains of fallen soldiers.",
     "2025-05-22", "day", "explicit", "May 22nd", None, []),
    (5, 3, "Russia and Ukraine have reached an agreement for a new prisoner exchange "
     "following a second round of renewed peace talks in Istanbul on Monday.",
     "2025-06-02", "day", "relative", "on Monday", None, []),
    (6, 4, "Russian delegation head Vladimir Medinsky shared the key outcomes of the "
     "negotiations with Ukrainian representatives in Istanbul.",
     "2025-06-02", "day", "document", None, None, []),
    (7, 5, "This exchange marks the fourth such operation since the June 2 peace talks in "
     "Istanbul, which—despite failing to produce a ceasefire—have yielded a series of "
     "humanitarian agreements.", "2025-06-02", "day", "explicit", "June 2", None, []),
    (8, 1, "On June 7, Russian forces arrived at a designated border location in eastern "
     "Ukraine to facilitate the exchange of prisoners of war and civilians, a move that had "
     "been negotiated during a second round of talks in Istanbul on June 2.",
     "2025-06-07", "day", "explicit", "On June 7", None, []),
    (9, 4, "Russian officials claimed they had brought over 1,000 bodies of Ukrainian "
     "soldiers to the exchange point and provided a list of 640 prisoners of war, but "
     "alleged Ukrainian negotiators failed to appear.", None, None, "none", None, None,
     [{"value": 1000.0, "text": "1,000", "unit": "body", "qualifier": "over"},
      {"value": 640.0, "text": "640", "unit": "prisoner", "qualifier": None}]),
    (10, 4, "⛔️ Lie: “Ukraine disrupted the prisoner exchange and refused to take the bodies "
     "of the dead,” claimed Volodymyr Medinsky, head of the Russian negotiating team.",
     "2025-06-08", "day", "document", "June 8, 2025", "Volodymyr Medinsky", []),
    (11, 5, "The swap, which took place on June 19, involved hundreds of soldiers from both "
     "sides—many of whom were seriously wounded or ill, and some held captive since the "
     "early days of the 2022 invasion.", "2025-06-19", "day", "explicit", "June 19", None, []),
    (12, 4, "This exchange follows a previous swap in May that involved 390 soldiers and "
     "civilians from both sides.", "2025-05", "month", "explicit", "in May", None,
     [{"value": 390.0, "text": "390", "unit": "soldier", "qualifier": None}]),
    (13, 2, "Ukrainian lead negotiator and Defense Minister Rustem Umerov revealed that the "
     "swap would involve at least 1,000 on each side, surpassing the 1,000 for 1,000 POW "
     "exchange agreed at talks in May.", "2025-05", "month", "explicit", "in May",
     "Rustem Umerov", [{"value": 1000.0, "text": "1,000", "unit": None, "qualifier": None}]),
    (14, 2, "Zelenskyy also presented a list of nearly 400 abducted Ukrainian children to the "
     "Russian delegation, requesting their return to Ukraine, but the Russian counterparts "
     "agreed only to work on returning ten of them.", None, None, "none", None, None, []),
    (15, 3, "After the talks, chief Ukrainian negotiator and Defense Minister Rustem Umerov "
     "informed reporters that his delegation provided the Russian representatives with a "
     "list of children Ukraine claims were forcibly relocated to Russia and that they seek "
     "to have returned.", None, None, "none", None, "Rustem Umerov", []),
    (16, 1, "Meanwhile, Belarus’s role as a staging ground for Russian military operations "
     "has drawn international scrutiny, with analysts noting the country’s strategic "
     "position between Russia and NATO territories.", None, None, "none", None, None, []),
    (17, 4, "Russia launched a record 479 drones at Ukraine, primarily targeting the Rivne "
     "region.", None, None, "none", None, None, []),
    (18, 5, "Ukrainian officials report that Russia has launched one of the most intense "
     "drone and missile attacks on Kyiv in recent months, killing at least 23 people and "
     "injuring over 130.", None, None, "none", None, None, []),
]  # fmt: skip

NOTE = (
    "Seed 001 dates the talks to May 22nd <b>not</b> June 2 & calls them *direct*; "
    "ask @StratcomCentre before publishing [check] $100_000 `quote`."
)

# id, title, event date, precision, status, note, edited, changed, members (claim ids)
GROUPS = [
    (1, CLAIMS[0][2], "2025-05-16", "day", "accepted", None, [], 0, [1, 2]),
    (2, CLAIMS[4][2], "2025-06-02", "day", "accepted", NOTE, ["note"], 0, [3, 4, 5, 6, 7]),
    (3, CLAIMS[7][2], "2025-06-07", "day", "accepted", None, [], 1, [8, 9, 10]),
    (4, CLAIMS[10][2], "2025-06-19", "day", "accepted", None, [], 0, [11]),
    (5, "Prisoner swap agreed at the first round of Istanbul talks", "2025-05", "month",
     "accepted", None, ["title"], 0, [12, 13]),
    (6, CLAIMS[13][2], None, None, "accepted", None, [], 0, [14, 15]),
    (7, CLAIMS[15][2], None, None, "rejected", None, [], 0, [16]),
    (8, CLAIMS[16][2], None, None, "pending", None, [], 0, [17]),
    (9, CLAIMS[17][2], None, None, "skipped", None, [], 0, [18]),
]  # fmt: skip

# group id, kind, subject, values, resolution
CONFLICTS = [
    (2, "date", "event date",
     [{"value": "2025-06-02", "claim_ids": [3, 5, 6, 7], "document_ids": [1, 3, 4, 5]},
      {"value": "2025-05-22", "claim_ids": [4], "document_ids": [2]}], None),
    (3, "date", "event date",
     [{"value": "2025-06-07", "claim_ids": [8], "document_ids": [1]},
      {"value": "2025-06-08", "claim_ids": [10], "document_ids": [4]}], "2025-06-07"),
    (5, "number", "prisoner",
     [{"value": 390.0, "claim_ids": [12], "document_ids": [4]},
      {"value": 1000.0, "claim_ids": [13], "document_ids": [2]}], "1000"),
    # Conflicts of groups that are not accepted must never show.
    (7, "name", "belarus", [{"value": "Belarus", "claim_ids": [16], "document_ids": [1]}], None),
    (8, "number", "drone", [{"value": 479.0, "claim_ids": [17], "document_ids": [4]}], None),
]  # fmt: skip

# at (minute past 10:00 on 21 June 2025), action, group id, undone
DECISIONS = [
    (0, "accept", 1, 0), (5, "accept", 2, 0), (6, "note", 2, 0), (10, "accept", 3, 0),
    (11, "resolve", 3, 0), (15, "accept", 4, 0), (20, "edit", 5, 0), (21, "resolve", 5, 0),
    (22, "accept", 5, 0), (25, "accept", 6, 0), (28, "skip", 9, 0), (30, "reject", 7, 0),
    (31, "accept", 8, 1),  # undone: the latest decision that still counts is 10:30
]  # fmt: skip


def seed_text(prefix: str) -> tuple[Path, str]:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    with open(path, encoding="utf-8", newline="") as handle:
        return path, handle.read()


def span(text: str, sentence: str) -> tuple[int, int]:
    """Where ``sentence`` is in ``text``; it must be there exactly once."""
    start = text.find(sentence)
    if start < 0:
        raise ValueError(f"not in the seed text: {sentence[:60]!r}")
    if text.find(sentence, start + 1) >= 0:
        raise ValueError(f"more than once in the seed text: {sentence[:60]!r}")
    return start, start + len(sentence)


def build(path: Path) -> Path:
    """Create the database at ``path`` (which must not exist yet) and return the path."""
    db = connect(path)
    conn = db.conn
    texts: dict[int, str] = {}
    with conn:
        for doc_id, prefix, title, source, url, published, precision, provenance in DOCUMENTS:
            file, text = seed_text(prefix)
            texts[doc_id] = text
            conn.execute(
                "INSERT INTO documents (id, content_hash, path, format, title, source, url, "
                "published, published_precision, published_provenance, published_evidence, "
                "text, ingested_at, extracted_at, extractor_version) "
                "VALUES (?, ?, ?, 'txt', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'fixture')",
                (doc_id, hashlib.sha256(text.encode("utf-8")).hexdigest(),
                 f"seeds/{file.name}", title, source, url, published, precision, provenance,
                 EVIDENCE.get(doc_id), text, T0, T0),
            )  # fmt: skip
        for claim in CLAIMS:
            claim_id, doc_id, sentence, date, precision, provenance, date_text = claim[:7]
            speaker, numbers = claim[7:]
            start, end = span(texts[doc_id], sentence)
            conn.execute(
                "INSERT INTO claims (id, document_id, char_start, char_end, text, date, "
                "date_precision, date_provenance, date_text, speaker, speaker_norm, numbers, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (claim_id, doc_id, start, end, sentence, date, precision, provenance, date_text,
                 speaker, speaker.split()[-1].lower() if speaker else None, _j(numbers), T0),
            )  # fmt: skip
        claim_doc = {c[0]: c[1] for c in CLAIMS}
        for gid, title, date, precision, status, note, edited, changed, members in GROUPS:
            conn.execute(
                "INSERT INTO groups (id, title, title_claim_id, event_date, date_precision, "
                "sources, status, note, edited, changed_since_review, version, created_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 2, ?, ?)",
                (gid, title, None if "title" in edited else members[0], date, precision,
                 len({claim_doc[m] for m in members}), status, note, _j(edited), changed,
                 T0, T0),
            )  # fmt: skip
            for claim_id in members:
                conn.execute(
                    "INSERT INTO group_members (claim_id, group_id, similarity, pinned) "
                    "VALUES (?, ?, ?, ?)",
                    (claim_id, gid, 1.0 if claim_id == members[0] else 0.8, 0),
                )
        for gid, kind, subject, values, resolution in CONFLICTS:
            claim_ids = sorted(i for v in values for i in v["claim_ids"])
            conn.execute(
                'INSERT INTO conflicts (group_id, kind, subject, "values", claim_ids, resolution) '
                "VALUES (?, ?, ?, ?, ?, ?)",
                (gid, kind, subject, _j(values), _j(claim_ids), resolution),
            )
        for minute, action, gid, undone in DECISIONS:
            conn.execute(
                "INSERT INTO decisions (at, reviewer, action, group_id, before, after, undone) "
                "VALUES (?, 'fixture', ?, ?, '{}', '{}', ?)",
                (f"2025-06-21T10:{minute:02d}:00.000+00:00", action, gid, undone),
            )
    # Fold the WAL into the file so that a copy of the one file is the whole database.
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path
