"""``workbench eval``: measure grouping and dating against annotated corpora."""

from __future__ import annotations

import click


@click.group("eval")
def eval_group() -> None:
    """Measure grouping and dating quality on annotated news corpora."""
