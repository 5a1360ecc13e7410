"""One person spelled two ways across the chronology, not only inside one group.

A group's own conflicts catch "Vladimir" and "Volodymyr Medinsky" when both spellings sit
in it; when they sit in different groups (seeds 002 and 003) only a look across the whole
chronology sees them. The same rule as the group stage's name conflicts decides what is a
variant (``group.conflicts.spelling_variants``); this module only finds the other claims that
could hold one, through the full-text index, so it stays cheap on a large database.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from ..db import loads
from ..group.conflicts import name_conflicts, spelling_variants
from ..text import NOT_A_DISAGREEMENT

PREFIX = 5  # letters of a name key searched as a prefix ("zelen" finds Zelensky, Zelenskyy)


@dataclass(frozen=True)
class Spelling:
    text: str  # the spelling ("Volodymyr Medinsky")
    group_ids: tuple[int, ...]  # groups whose claims use it


@dataclass(frozen=True)
class NameVariants:
    key: str  # the name key ("medinsky")
    here: tuple[str, ...]  # the spellings this group uses
    elsewhere: tuple[Spelling, ...]  # other spellings, and where

    def describe(self) -> str:
        others = "; ".join(
            f"{s.text} in " + ", ".join(f"#{g}" for g in s.group_ids[:4])
            + ("…" if len(s.group_ids) > 4 else "")
            for s in self.elsewhere
        )
        return f"{' / '.join(self.here)} here; {others}"


def _claims(conn: sqlite3.Connection, where: str, params: list[int | str]
            ) -> list[dict[str, Any]]:
    return [
        {"id": cid, "document_id": doc, "entities": loads(ents, []), "group_id": gid}
        for cid, doc, ents, gid in conn.execute(
            "SELECT c.id, c.document_id, c.entities, m.group_id FROM claims c "
            f"JOIN group_members m ON m.claim_id = c.id WHERE {where}",
            params,
        )
    ]


def name_variants(conn: sqlite3.Connection, group_id: int) -> list[NameVariants]:
    """Names of people in ``group_id`` that other groups spell differently."""
    mine = _claims(conn, "m.group_id = ?", [group_id])
    keys = sorted({
        e["norm"] for c in mine for e in c["entities"]
        if isinstance(e, dict) and e.get("label") == "PERSON" and e.get("norm")
    })
    if not keys:
        return []
    query = " OR ".join(f'"{k[:PREFIX]}"*' for k in keys if k.strip())
    others = _claims(
        conn,
        "m.group_id != ? AND c.id IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?)",
        [group_id, query],
    )
    group_of = {c["id"]: c["group_id"] for c in mine + others}
    mine_ids = {c["id"] for c in mine}
    # a group whose own name conflict the reviewer resolved spells the name as chosen:
    # after "Zelensky" was chosen in #27, other entries still said "also spelled
    # Volodymyr Zelenskyy in #27"
    # ("not a disagreement" chooses no spelling: a tester read "not a disagreement here;
    # Zelenskyy in #30")
    chosen = {(g, key): value for g, key, value in conn.execute(
        "SELECT group_id, subject, resolution FROM conflicts WHERE kind = 'name' "
        "AND resolution IS NOT NULL AND resolution != ?", [NOT_A_DISAGREEMENT])}
    out = []
    for conflict in name_conflicts(mine + others):
        key = conflict["subject"]
        if key not in keys:
            continue
        if (group_id, key) in chosen:
            ours = [chosen[(group_id, key)]]
        else:
            ours = [v["value"] for v in conflict["values"]
                    if any(c in mine_ids for c in v["claim_ids"])]
        elsewhere = []
        for v in conflict["values"]:
            if v["value"] in ours:
                continue
            groups = sorted({g for c in v["claim_ids"] if c not in mine_ids
                             if chosen.get((g := group_of[c], key), v["value"]) == v["value"]})
            # a conflict holds every spelling that is a variant of another one: "Volodymyr
            # Zelenskyy" is a side beside "Zelensky", but only the same name with a given
            # name added to this group's "Zelenskyy"
            if groups and any(spelling_variants(v["value"], h) for h in ours):
                elsewhere.append(Spelling(v["value"], tuple(groups)))
        here = [h for h in ours if any(spelling_variants(h, s.text) for s in elsewhere)]
        if here and elsewhere:
            out.append(NameVariants(conflict["subject"], tuple(here), tuple(elsewhere)))
    return out
