"""What an ingest run did, for the CLI summary and for tests."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class IngestReport:
    added: int = 0
    duplicates: int = 0
    failed: int = 0
    amended: int = 0  # already present, with metadata changed since it was read
    remarked: int = 0  # already present, with page furniture found anew (extracted again)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    document_ids: list[int] = field(default_factory=list)  # added or already present, in order

    @property
    def ok(self) -> int:
        return self.added + self.duplicates

    def summary(self) -> str:
        text = (
            f"ingest: {self.added} added, {self.duplicates} already present, {self.failed} failed"
        )
        if self.amended:
            text += f"; {self.amended} with changed metadata (sidecar, front matter) updated"
        if self.remarked:
            text += (f"; {self.remarked} with page furniture found by newer rules "
                     "(extracted again)")
        return text
