"""``--format csv``: one row per event, or with ``--claims`` one row per citation.

An event's row numbers its citations (the ``citation`` column of ``--claims``) and quotes
each source once, its most telling claim (``quotes``: a line a source, “quote” — outlet,
the quote as written, "…" where its sentence goes on), so that it reads without the other
file. ``date_from`` says whose the date is: the ``sources``' words, the first report's
``publication`` day (no source states it), or the ``reviewer``'s.

UTF-8, a header row, RFC 4180 quoting and CRLF line ends (what spreadsheets expect).
Cells hold the data as reviewed, except that a text cell beginning with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return gets a leading ``'`` (OWASP's advice against
formula injection): a spreadsheet shows it as text instead of running
``=HYPERLINK(...)`` or ``=cmd|...`` from an article; and control characters and bidi
overrides are shown as symbols (ESC as ``␛``, U+202E as ``<U+202E>``, ``text.safe_text``),
so that ``cat`` on the file neither clears the screen nor sets the terminal's title.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from ..text import safe_text
from .model import TextOut

EVENT_COLUMNS = (
    "event_id", "date", "date_precision", "display_date", "title", "note", "sources",
    "single_source", "unresolved_conflicts", "conflicts", "changed_since_review",
    "citations", "documents", "urls", "date_from", "quotes",
)  # fmt: skip

CLAIM_COLUMNS = (
    "citation", "event_id", "event_date", "event_display_date", "event_title", "claim_id",
    "quote", "speaker", "date_text", "document_id", "document_title", "document_source",
    "document_url", "document_published", "path", "char_start", "char_end", "line",
    "paragraph", "document_published_provenance", "document_published_inferred_from",
    "document_external_id",
)  # fmt: skip


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> object:
    """A text cell a spreadsheet will not read as a formula, and that a terminal showing
    the file will not obey; numbers stay numbers."""
    if not isinstance(value, str):
        return value
    value = safe_text(value, newlines=True)
    return "'" + value if value.startswith(_FORMULA_START) else value


def _row(values) -> list[object]:
    return [_cell(v) for v in values]


def _verbatim(citation: Any) -> str:
    """The quote as its source wrote it (data: its own quotation marks are kept, not made
    single as md and html make them), "…" where its sentence goes on."""
    return "…" * citation.cut_before + citation.quote.strip() + "…" * citation.cut_after


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def render_csv(chronology: Any, *, claims: bool = False) -> str:
    buffer = io.StringIO()
    write_csv(chronology, buffer, claims=claims)
    return buffer.getvalue()


def write_csv(chronology: Any, out: TextOut, *, claims: bool = False) -> None:
    """A row written for each event (or citation) as it is read."""
    writer = csv.writer(out, lineterminator="\r\n")
    if claims:
        writer.writerow(CLAIM_COLUMNS)
        for event in chronology.iter_events():
            for c in event.citations:
                d = c.document
                writer.writerow(_row(
                    (
                        c.number, event.group_id, event.date.iso if event.date else "",
                        event.display_date, event.title, c.claim_id, c.quote, c.speaker or "",
                        c.date_text or "", d.id, d.title or "", d.source or "", d.url or "",
                        d.published.iso if d.published else "", d.path, c.char_start,
                        c.char_end, c.line, c.paragraph, d.published_provenance,
                        d.published_from or "", d.external_id or "",
                    )  # fmt: skip
                ))
        return
    writer.writerow(EVENT_COLUMNS)
    for event in chronology.iter_events():
        urls = []
        for document in event.documents:
            if document.url and document.url not in urls:
                urls.append(document.url)
        writer.writerow(_row(
            (
                event.group_id,
                event.date.iso if event.date else "",
                event.date.precision if event.date else "",
                event.display_date,
                event.title,
                event.note or "",
                event.sources,
                _yes(event.single_source),
                len(event.unresolved),
                "; ".join(c.describe() for c in event.conflicts),
                _yes(event.changed_since_review),
                " ".join(f"[{c.number}]" for c in event.citations),
                " | ".join(d.label for d in event.documents),
                " ".join(urls),
                # whose date it is, as md and html say it ("Date set by the reviewer")
                "reviewer" if event.date_by_reviewer else "publication"
                if event.date_reported else "sources" if event.date else "",
                # the citations' numbers point into the --claims CSV; the quotes make this
                # file read on its own: each source's most telling claim, word for word
                "\n".join(f"[{q.shown.number}] “{_verbatim(q.shown)}” — "
                          f"{q.shown.document.outlet}" for q in event.by_source),
            )
        ))
