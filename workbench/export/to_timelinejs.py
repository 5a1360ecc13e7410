"""``--format timelinejs``: the TimelineJS 3 JSON format (``schemas/timelinejs.schema.json``).

Dates are numbers, as TimelineJS's JSON documentation asks (its parser accepts numeric
strings too), and only the parts known are given, so TimelineJS shows "June 2025" for a
month-precision event; ``display_date`` carries our own wording. Headline and text are HTML
to TimelineJS, so everything from the data is escaped, and ``autolink`` is off because the
links are already made (TimelineJS would otherwise wrap them a second time).
"""

from __future__ import annotations

import io
from typing import Any

from ..text import count_of
from .model import Event, TextOut, summary_line
from .to_html import conflict_html, esc
from .to_json import write_json

GROUP_CONFLICT = "Unresolved conflict"
GROUP_SINGLE = "Single source"
GROUP_CORROBORATED = "Several sources"


def render_timelinejs(chronology: Any) -> tuple[str, list[str]]:
    """The JSON text, and a line for each event TimelineJS cannot show (it needs a date)."""
    out = io.StringIO()
    omitted = write_timelinejs(chronology, out)
    return out.getvalue(), omitted


def write_timelinejs(chronology: Any, out: TextOut) -> list[str]:
    """Each slide written as its event is read; returns a line for each event TimelineJS
    cannot show (it needs a date)."""
    omitted: list[str] = []

    def slides():
        for event in chronology.iter_events():
            if event.date is None:
                omitted.append(
                    f"group {event.group_id} has no date: left out of the TimelineJS timeline"
                )
                continue
            yield _slide(event)

    data: dict[str, Any] = {
        "title": {
            "text": {
                "headline": esc(chronology.title),
                "text": f"<p>{esc(summary_line(chronology))}</p>",
            }
        },
        "events": slides(),
    }
    write_json(data, out)
    return omitted


def _group(event: Event) -> str:
    if event.unresolved:
        return GROUP_CONFLICT
    if event.sources <= 1:
        return GROUP_SINGLE
    return GROUP_CORROBORATED


def _slide(event: Event) -> dict[str, Any]:
    assert event.date is not None
    start: dict[str, Any] = {"year": event.date.year}
    if event.date.month:
        start["month"] = event.date.month
    if event.date.day:
        start["day"] = event.date.day
    start["display_date"] = event.display_date
    return {
        "unique_id": event.anchor,
        "start_date": start,
        "text": {"headline": esc(event.title), "text": _text(event)},
        "group": _group(event),
        "autolink": False,
    }


def _text(event: Event) -> str:
    parts = []
    if event.note:
        # a note's lines kept as the reviewer typed them (ctrl+j), as Markdown keeps them
        parts.append("<p><strong>Note:</strong> "
                     f'{"<br>".join(esc(line) for line in event.note.splitlines())}</p>')
    if event.conflicts:
        items = "".join(f"<li>{conflict_html(c, link=False)}</li>" for c in event.conflicts)
        parts.append(f"<p><strong>Conflicts</strong></p><ul>{items}</ul>")
    # a slide quotes one claim a source, as md and html do, and every claim a conflict
    # above cites (a side of "as many as 50,000-100,000 people" stood with no words)
    cited = {n for c in event.conflicts for v in c.values for n in v.citations}
    shown = {s.shown.number for s in event.by_source} | cited
    sources = []
    for citation in event.citations:
        if citation.number not in shown:
            continue
        document = citation.document
        # untitled: the location after it names the document (a path said twice)
        where = ", ".join(part for part in (
            f"<cite>{esc(document.title)}</cite>" if document.title else "",
            esc(document.source or ""), esc(document.published_text or "")) if part)
        if document.web_url:
            link = where or esc(document.web_url)
            where = f'<a href="{esc(document.web_url)}" target="_blank" rel="noopener">{link}</a>'
        # citation numbers run on across the chronology: value= keeps each in step
        sources.append(
            f'<li value="{citation.number}">“{esc(citation.quoted)}” — '
            + (f"{where} " if where else "")
            + f"({esc(document.where)}, characters {citation.char_start}–{citation.char_end})"
            "</li>"
        )
    if sources:
        parts.append(f'<ol>{"".join(sources)}</ol>')
    rest = [c for c in event.citations if c.number not in shown]
    if rest:
        # (the slide is what a timeline's readers see: no word of the tool's exports; a
        # tester read "quoted in the Markdown and HTML exports" on a published slide)
        whose = ("this source" if len({c.document.id for c in rest}) == 1
                 else "these sources")
        parts.append(f"<p>{count_of(len(rest), 'more claim')} from {whose}</p>")
    return "".join(parts)
