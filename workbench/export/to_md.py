"""``--format md``: a readable chronology with numbered footnotes ``[^1]``.

Written for both GitHub (CommonMark + footnotes) and pandoc's markdown: every character
either of them could read as markup in the data (``*``, ``_``, ``[``, ``<``, ``$`` for
pandoc's maths, ``@`` for its citations, …) is backslash-escaped, which both accept.
"""

from __future__ import annotations

import io
import re
from typing import Any

from ..text import NOT_A_DISAGREEMENT, count_of, safe_text
from .model import INFERRED_LEGEND, Citation, Conflict, Course, Event, TextOut, summary_line

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~&$^@!])")
LEGEND = (
    "⚠ marks reports that disagree where the reviewer has not settled which is right; "
    "a single-source event rests on one document only; a date marked (reported) is stated "
    "by no source: it is the day the first report was published."
)
BRIEF = (" Each source is quoted once, by the claim that tells the event best; its other "
         "claims are counted, and cited in the full chronology.")


def escape(text: str) -> str:
    """Inline-safe Markdown: markup characters escaped, line breaks folded to spaces, and
    control characters (ESC, OSC ...) and bidi overrides shown, never written raw."""
    return _SPECIAL.sub(r"\\\1", safe_text(" ".join(text.split())))


def _code(text: str) -> str:
    """An inline code span (paths); falls back to escaped text if the path has a backtick."""
    text = safe_text(" ".join(text.split()))
    return escape(text) if "`" in text else f"`{text}`"


def _refs(numbers) -> str:
    return "".join(f"[^{n}]" for n in numbers)


def render_md(chronology: Any) -> str:
    out = io.StringIO()
    write_md(chronology, out)
    return out.getvalue()


def write_md(chronology: Any, out: TextOut, *, brief: bool = False) -> None:
    """Each event as it is read, then the footnotes from a second pass over the
    citations alone. ``brief``: each source quoted once with its footnote, its other
    claims only counted, and a conflict's reports named by their sources (a 16-event
    chronology of a 286-article story held 1,368 footnotes, 407 KB)."""

    def put(lines: list[str]) -> None:
        out.write("".join(line + "\n" for line in lines))

    put([f"# {escape(chronology.title)}", "", escape(summary_line(chronology, brief)), ""])
    if not chronology.event_count:
        put(["No accepted events yet."])
        return
    legend = (LEGEND + (INFERRED_LEGEND if chronology.guessed_dates else "")
              + (BRIEF if brief else ""))
    put([f"*{escape(legend)}*", ""])
    for event in chronology.iter_events():
        put(_event(event, brief))
    told: set[int] = set()  # documents whose guessed date a footnote has explained
    for citation in chronology.iter_citations():
        # a claim its source is not quoted by in the event: its footnote quotes it
        if citation.lead or not brief:
            put([_footnote(citation, told, quote=not citation.lead)])


def _badges(event: Event) -> str:
    parts = []
    if event.unresolved:
        parts.append("**⚠ Unresolved conflict**")
    if event.sources == 1:
        parts.append("**Single source**")
    else:
        parts.append(f"{event.sources} sources")
    if event.changed_since_review:
        parts.append("**Changed since review**")
    if event.date_by_reviewer:
        parts.append("Date set by the reviewer")
    return " · ".join(parts)


def _event(event: Event, brief: bool = False) -> list[str]:
    lines = [f"## {escape(event.display_date)} — {escape(event.title)}", "", _badges(event), ""]
    if event.note:
        # the reviewer's lines kept: a backslash before a line end is a hard break in
        # CommonMark and pandoc both ("…comma⏎second line" ran into one line)
        kept = "\\\n".join(escape(line) for line in event.note.splitlines() if line.strip())
        lines += [f"**Note:** {kept}", ""]
    # brief: a report the reviewer found no disagreement in is no news to its readers
    # (three "Resolved — the number of people: not a disagreement" on a quake's entry)
    conflicts = [c for c in event.conflicts
                 if not brief or c.resolution != NOT_A_DISAGREEMENT]
    if conflicts:
        lines += ["Conflicts:", ""]
        named = {c.number: c.document.outlet for c in event.citations} if brief else None
        lines += [f"- {_conflict(c, named)}" for c in conflicts]
        lines.append("")
    if event.courses:
        named = {c.number: c.document.outlet for c in event.citations} if brief else None
        lines += ["Counts over time (no conflict):", ""]
        lines += [f"- {_course(c, named)}" for c in event.courses]
        lines.append("")
    if event.citations:
        # a source a line: the claim that tells the event best, quoted; its other claims
        # in the event as footnotes that quote them
        lines += ["Sources:", ""]
        for source in event.by_source:
            c = source.shown
            line = f"- “{escape(c.quoted)}” — {escape(c.document.outlet)}{_refs([c.number])}"
            if source.more:
                line += (f" · {count_of(len(source.more), 'more claim')} from this source"
                         + ("" if brief else _refs(m.number for m in source.more)))
            lines.append(line)
        lines.append("")
    return lines


def _cited(numbers) -> str:
    """Citation numbers as plain text ("[5, 7]"), not footnote references: see _conflict."""
    return f" \\[{', '.join(map(str, numbers))}\\]" if numbers else ""


def _cited_or_named(numbers, named: dict[int, str] | None) -> str:
    """Citation numbers (:func:`_cited`), or with ``named`` (citation → its outlet) the
    outlets that report them."""
    if named is None:
        return _cited(numbers)
    outlets = list(dict.fromkeys(named[n] for n in numbers if n in named))
    # in brackets, as citation numbers are: an outlet's guessed date is in parentheses
    # already ("22 May 2025 (001_….txt, 22 May 2025 (inferred))" nested them)
    return f" \\[{escape('; '.join(outlets))}\\]" if outlets else ""


def _conflict(conflict: Conflict, named: dict[int, str] | None = None) -> str:
    # Each footnote is referenced once, from its quote, in ascending order: pandoc makes a
    # new note for every repeated reference and GitHub numbers notes by first reference,
    # so only then do both show the same numbers as the JSON, CSV and HTML. ``named``
    # (brief: most of the claims have no footnote): a report by its sources instead.
    def cited(numbers) -> str:
        return _cited_or_named(numbers, named)

    reports = "; ".join(f"{escape(v.display)}{cited(v.citations)}" for v in conflict.values)
    resolution = conflict.resolution_display  # None while unresolved
    if resolution is not None:
        since = f" — **{escape(conflict.since_display)}**" if conflict.since else ""
        return (
            f"Resolved — {escape(conflict.what)}: **{escape(resolution)}** "
            f"(reports: {reports}){since}"
        )
    versus = " vs ".join(f"{escape(v.display)}{cited(v.citations)}" for v in conflict.values)
    return f"**⚠ Unresolved** — {escape(conflict.what)}: {versus}"


def _course(course: Course, named: dict[int, str] | None = None) -> str:
    """"the number of people: 45,000-50,000 people \\[3\\] (15 January 2010) → up to
    200,000 people \\[7\\] (18 January 2010)", citations as plain text (see _conflict)."""
    def cited(numbers) -> str:
        return _cited_or_named(numbers, named)

    # named by its sources (brief), a figure is dated by theirs: "(BBC, 15 January 2010)"
    return f"{escape(course.what)}: " + " → ".join(
        f"{escape(s.value)}{cited(s.citations)}"
        + (f" ({escape(s.days_display)})" if named is None else "") for s in course.steps)


def _footnote(citation: Citation, told: set[int], quote: bool = False) -> str:
    """Where a citation is, and (``quote``: the event did not quote it) what it says."""
    document = citation.document
    head = [escape(part) for part in (document.title, document.source) if part]
    published = document.published_once(told)
    if published:
        head.append(escape(published))
    text = ", ".join(head) + "." if head else ""
    if document.web_url:
        text += f" <{document.web_url}>"
    elif document.url:
        text += f" {escape(document.url)}"
    location = (f"{_code(document.where)}, " + document.location(
        citation.line, citation.paragraph, citation.char_start, citation.char_end) + ".")
    said = f"“{escape(citation.quoted)}” — " if quote else ""
    if not text:
        return f"[^{citation.number}]: {said}{location}"
    return f"[^{citation.number}]: {said}{text.strip()} — {location}"
