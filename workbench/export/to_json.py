"""``--format json``: the verified chronology, described by ``schemas/chronology.schema.json``."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from typing import Any

from .model import Citation, Conflict, Course, Document, Event, TextOut

FORMAT_NAME = "workbench-chronology"
FORMAT_VERSION = 1


def render_json(chronology: Any) -> str:
    out = io.StringIO()
    write_json_chronology(chronology, out)
    return out.getvalue()


def write_json_chronology(chronology: Any, out: TextOut) -> None:
    write_json(chronology_dict(chronology), out)


# what a terminal or a text viewer would act on rather than show, if written raw: DEL,
# the C1 controls (U+009B is an 8-bit CSI), bidi overrides and isolates, and the line and
# paragraph separators. json.dumps escapes C0 (ESC) itself; these only appear inside
# strings, so their escapes decode to the same text.
_UNSAFE = re.compile("[\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _json(value: Any, indent: int | None = None) -> str:
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def dumps(value: Any) -> str:
    """Key order as built (readable), two-space indent, UTF-8 text, final newline; any
    character a terminal would act on is escaped (``_UNSAFE``)."""
    return _json(value, indent=2) + "\n"


def write_json(value: Any, out: TextOut) -> None:
    """What :func:`dumps` gives, written as it goes: an iterator that is a value of a dict
    (``value`` itself, or a dict in it through dicts only) is written as a JSON array
    item by item as it yields, so a list of any length is never held whole."""
    _write(value, out, "")
    out.write("\n")


def _write(value: Any, out: TextOut, pad: str) -> None:
    inner = pad + "  "
    if isinstance(value, dict) and any(isinstance(v, (dict, Iterator)) for v in value.values()):
        sep = "{\n"
        for key, item in value.items():
            out.write(f"{sep}{inner}{_json(str(key))}: ")
            _write(item, out, inner)
            sep = ",\n"
        out.write(f"\n{pad}}}")
    elif isinstance(value, Iterator):
        sep = "[\n"
        for item in value:
            out.write(sep + inner)
            _write(item, out, inner)
            sep = ",\n"
        out.write("[]" if sep == "[\n" else f"\n{pad}]")
    else:
        # json.dumps never writes a newline inside a string (it writes "\\n"), so every
        # newline of its text is a line break to indent to this depth
        out.write(_json(value, indent=2).replace("\n", "\n" + pad))


def chronology_dict(chronology: Any) -> dict[str, Any]:
    """The whole document; its ``events`` an iterator over the chronology's events."""
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "title": chronology.title,
        "last_decision_at": chronology.last_decision_at,
        "counts": {
            "events": chronology.event_count,
            "documents": chronology.document_count,
            "citations": chronology.citation_count,
        },
        "events": (event_dict(event) for event in chronology.iter_events()),
    }


def event_dict(event: Event) -> dict[str, Any]:
    return {
        "id": event.group_id,
        "date": event.date.iso if event.date else None,
        "date_precision": event.date.precision if event.date else None,
        "date_reported": event.date_reported,
        "display_date": event.display_date,
        "title": event.title,
        "note": event.note,
        "sources": event.sources,
        "single_source": event.single_source,
        "unresolved_conflicts": len(event.unresolved),
        "changed_since_review": event.changed_since_review,
        "conflicts": [conflict_dict(c) for c in event.conflicts],
        "courses": [course_dict(c) for c in event.courses],
        "citations": [citation_dict(c) for c in event.citations],
    }


def course_dict(course: Course) -> dict[str, Any]:
    return {
        "subject": course.subject,
        "what": course.what,
        "steps": [{"value": s.value, "number": s.number, "high": s.high,
                   "qualifier": s.qualifier, "days": list(s.days),
                   "claim_ids": list(s.claim_ids), "citations": list(s.citations)}
                  for s in course.steps],
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
        "external_id": document.external_id,
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
