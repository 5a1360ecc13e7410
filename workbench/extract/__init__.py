"""Stage 2: claims are extracted from documents (spaCy ``en_core_web_sm``).

``extract_pending(db)`` infers missing document dates, then finds the claims of every
document not yet extracted (see ``claims``), each document in its own transaction so an
interrupted run resumes where it stopped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlite_utils

from ..console import SILENT, Reporter
from ..db import dumps, insert_row, loads, now, transaction
from . import docdate
from .claims import Claim, DocumentExtractor, base_for

EXTRACTOR_VERSION = "1"


@dataclass
class ExtractReport:
    documents: int = 0
    claims: int = 0
    dates_inferred: int = 0
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"extract: {self.claims} claims from {self.documents} documents"
                f" ({self.dates_inferred} document dates inferred)")


def infer_document_dates(db: sqlite_utils.Database) -> int:
    """Fill ``published`` (provenance ``inferred``) where metadata gave none."""
    rows = list(db.query("SELECT id, text, published, published_provenance FROM documents"))
    year = docdate.dominant_year(
        (r["text"] for r in rows),
        (r["published"] for r in rows if r["published_provenance"] == "given"),
    )
    if year is not None:
        set_setting_year(db, year)
    changed = 0
    with transaction(db):
        for row in rows:
            if row["published_provenance"] == "given":
                continue
            found = docdate.infer(row["text"], year)
            new = (found.value, found.precision, "inferred", found.evidence) if found else (
                None, None, "unknown", None)
            db.execute(
                "UPDATE documents SET published = ?, published_precision = ?, "
                "published_provenance = ?, published_evidence = ? WHERE id = ?",
                [*new, row["id"]],
            )
            changed += found is not None
    return changed


def set_setting_year(db: sqlite_utils.Database, year: int) -> None:
    db.execute(
        "INSERT INTO settings(key, value) VALUES ('corpus_year', ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [dumps(year)],
    )


def claim_row(document_id: int, claim: Claim, created: str) -> dict:
    d = claim.date
    return {
        "document_id": document_id,
        "char_start": claim.char_start,
        "char_end": claim.char_end,
        "text": claim.text,
        "kind": claim.kind,
        "date": d.value if d else None,
        "date_precision": d.precision if d else None,
        "date_provenance": d.provenance if d else "none",
        "date_text": d.text if d else None,
        "date_base": d.base if d else None,
        "speaker": claim.speaker,
        "speaker_norm": claim.speaker_norm,
        "reporting_verb": claim.reporting_verb,
        "trigger": claim.trigger,
        "entities": dumps(claim.entities),
        "numbers": dumps(claim.numbers),
        "created_at": created,
    }


def apply_document_date(claim: Claim, published: str | None, precision: str | None) -> None:
    """A claim with no date expression of its own falls back on its document's date."""
    from .dates import DateValue

    if claim.date is not None and claim.date.provenance != "none":
        return
    if published:
        claim.date = DateValue(published, precision or "day", "document", None,
                               "document date")
    elif claim.date is None:
        claim.date = DateValue(None, None, "none", None)


def extract_pending(db: sqlite_utils.Database, reporter: Reporter | None = None,
                    nlp=None) -> ExtractReport:
    """Extract claims from every document whose ``extracted_at`` is NULL."""
    from .nlp import load_nlp, model_version

    reporter = reporter or SILENT
    report = ExtractReport()
    pending = [r[0] for r in db.execute(
        "SELECT id FROM documents WHERE extracted_at IS NULL ORDER BY id")]
    if not pending:
        return report
    report.dates_inferred = infer_document_dates(db)
    nlp = nlp or load_nlp()
    version = f"{EXTRACTOR_VERSION}+{model_version()}"
    year = loads((db.execute("SELECT value FROM settings WHERE key='corpus_year'").fetchone()
                  or [None])[0])
    with reporter.progress("extract", len(pending)) as advance:
        for doc_id in pending:
            row = next(db.query("SELECT * FROM documents WHERE id = ?", [doc_id]))
            base = base_for(row["published"], row["published_precision"],
                            row["published_provenance"], year)
            claims = DocumentExtractor(nlp, base).claims(row["text"], loads(row["skipped"], []))
            for claim in claims:
                if row["published_provenance"] == "given":
                    apply_document_date(claim, row["published"], row["published_precision"])
            created = now()
            with transaction(db):
                db.execute("DELETE FROM claims WHERE document_id = ?", [doc_id])
                for c in claims:
                    insert_row(db, "claims", claim_row(doc_id, c, created))
                db.execute(
                    "UPDATE documents SET extracted_at = ?, extractor_version = ? WHERE id = ?",
                    [created, version, doc_id],
                )
            report.documents += 1
            report.claims += len(claims)
            advance(1)
    return report
