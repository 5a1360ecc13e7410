"""Stage 1: articles come in. (Being written: see ingest_paths.)"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class IngestReport:
    added: int = 0
    duplicates: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> int:
        return self.added + self.duplicates

    def summary(self) -> str:
        return f"ingest: {self.added} added, {self.duplicates} already present, {self.failed} failed"


def ingest_paths(db, paths, reporter=None) -> IngestReport:  # pragma: no cover - placeholder
    raise NotImplementedError
