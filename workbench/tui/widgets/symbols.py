"""Status and conflict markers: a symbol *and* a word, so nothing depends on colour."""

from __future__ import annotations

STATUS_SYMBOL = {"pending": "○", "accepted": "✓", "rejected": "✗", "skipped": "↷"}
STATUS_SHORT = {"pending": "pend", "accepted": "acc", "rejected": "rej", "skipped": "skip"}
CONFLICT = "⚠"
GREW = "↗"  # a count told again as it grew: no conflict
MARK = "●"
CURSOR = "▶"


def status_label(status: str, changed: bool = False) -> str:
    # "*" flags new evidence that arrived after the group was decided.
    short = STATUS_SHORT.get(status, status)
    return f"{STATUS_SYMBOL.get(status, '?')} {short}{'*' if changed else ''}"

