"""Keeping decisions through re-extraction.

When the extractor changes, a document's claims are extracted again. Its new claims are
mapped to the old ones through the document (same content hash, so the same text) and
character overlap: each old claim that sat in a group hands its place (group, pinned flag,
similarity) to the new claim overlapping it most, if they share at least half of the
shorter span. Old ids are kept as aliases so decisions that name them can still be read.
What cannot be mapped is reported, never dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..dates.entry import EVIDENCE, stated

MIN_OVERLAP = 0.5


@dataclass
class Unmapped:
    claim_id: int
    group_id: int
    text: str

    def describe(self, path: str) -> str:
        excerpt = self.text if len(self.text) <= 60 else self.text[:57] + "..."
        return (f"{path}: claim {self.claim_id} of group {self.group_id} has no counterpart "
                f"after re-extraction: {excerpt!r}")


def own_date(claim: dict[str, Any]) -> str | None:
    """The date a claim's own words gave it when it was extracted ("on Monday", "June 2"),
    as its source states it (``dates.entry.stated``: not a day its group sharpened it
    to). None for a date it only inherits (its publication day, its story's lead): those
    move with the document and say nothing new."""
    c = stated(claim)
    return c["date"] if c["date_provenance"] in EVIDENCE else None


def overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    shorter = min(a[1] - a[0], b[1] - b[0])
    return inter / shorter if inter > 0 and shorter > 0 else 0.0


def match(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> dict[int, int]:
    """old claim id → new claim id, best overlap first, each new claim used once."""
    pairs = []
    for o in old:
        for n in new:
            score = overlap((o["char_start"], o["char_end"]), (n["char_start"], n["char_end"]))
            if score >= MIN_OVERLAP:
                pairs.append((score, -abs(o["char_start"] - n["char_start"]), o["id"], n["id"]))
    pairs.sort(reverse=True)
    mapping: dict[int, int] = {}
    used: set[int] = set()
    for _, _, oid, nid in pairs:
        if oid not in mapping and nid not in used:
            mapping[oid] = nid
            used.add(nid)
    return mapping
