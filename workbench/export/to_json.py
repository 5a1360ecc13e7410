"""``--format json``: the verified chronology, described by ``schemas/chronology.schema.json``."""

from __future__ import annotations

import json
from typing import Any

from .model import Chronology, Citation, Conflict, Document, Event

FORMAT_NAME = "workbench-chronology"
FORMAT_VERSION = 1


def render_json(chronology: Chronology) -> str:
    return dumps(chronology_dict(chronology))


def dumps(value: Any) -> str:
    """Key order as built (readable), two-space indent, UTF-8 text, final newline."""
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def chronology_dict(chronology: Chronology) -> dict[str, Any]:
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "title": chronology.title,
        "last_decision_at": chronology.last_decision_at,
        "counts": {
            "events": len(chronology.events),
            "documents": len(chronology.documents),
            "citations": len(chronology.citations),
        },
        "events": [event_dict(event) for event in chronology.events],
    }


def event_dict(event: Event) -> dict[str, Any]:
    return {
        "id": event.group_id,
        "date": event.date.iso if event.date else None,
        "date_precision": event.date.precision if event.date else None,
        "display_date": event.display_date,
        "title": event.title,
        "note": event.note,
        "sources": event.sources,
        "single_source": event.single_source,
        "unresolved_conflicts": len(event.unresolved),
        "changed_since_review": event.changed_since_review,
        "conflicts": [conflict_dict(c) for c in event.conflicts],
        "citations": [citation_dict(c) for c in event.citations],
    }


def conflict_dict(conflict: Conflict) -> dict[str, Any]:
    return {
        "kind": conflict.kind,
        "subject": conflict.subject,
        "resolved": conflict.resolved,
        "resolution": conflict.resolution,
        "resolution_display": conflict.resolution_display,
        "values": [
            {
                "value": value.value,
                "display": value.display,
                "claim_ids": list(value.claim_ids),
                "document_ids": list(value.document_ids),
                "citations": list(value.citations),
            }
            for value in conflict.values
        ],
    }


def document_dict(document: Document) -> dict[str, Any]:
    return {
        "id": document.id,
        "title": document.title,
        "source": document.source,
        "url": document.url,
        "path": document.path,
        "published": document.published.iso if document.published else None,
        "published_provenance": document.published_provenance,
        "published_inferred_from": document.published_from,
    }


def citation_dict(citation: Citation) -> dict[str, Any]:
    return {
        "number": citation.number,
        "claim_id": citation.claim_id,
        "quote": citation.quote,
        "speaker": citation.speaker,
        "date_text": citation.date_text,
        "document": document_dict(citation.document),
        "location": {
            "path": citation.document.path,
            "char_start": citation.char_start,
            "char_end": citation.char_end,
            "line": citation.line,
            "paragraph": citation.paragraph,
        },
    }
