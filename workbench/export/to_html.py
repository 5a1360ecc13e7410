"""``--format html``: one self-contained page (inline CSS, no script, nothing fetched).

A Content-Security-Policy forbids scripts and remote loads outright, so a hostile string
that somehow escaped escaping still could not run. Readable on a phone (one column that
narrows), printable (print CSS: no tinted backgrounds, a citation never split across pages),
and the badges say what they mean in words, not only in colour. Links show their URL
as their text, so a printout keeps them.
"""

from __future__ import annotations

import io
from html import escape as _escape
from typing import Any

from ..text import count_of, safe_text
from .model import INFERRED_LEGEND, Citation, Conflict, Course, Event, TextOut, summary_line

LEGEND = (
    "“Unresolved conflict” marks reports that disagree where the reviewer has not settled "
    "which is right; “Single source” marks an event that rests on one document only; a "
    "date marked (reported) is stated by no source: it is the day the first report was "
    "published."
)

CSS = """
:root { --ink: #1b1b1b; --muted: #555; --rule: #d0d0d0; --line: #9a9a9a;
  --warn: #8a3b00; --warn-bg: #fff1e0; --one: #2f3a8f; --one-bg: #edf0ff;
  --ok: #1f5c2b; --ok-bg: #e7f4e9; --note-bg: #f5f5f2; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 17px/1.55 Georgia, "Times New Roman", serif; }
main { max-width: 46rem; margin: 0 auto; padding: 2.5rem 1.25rem 4rem; }
h1 { font-size: 2rem; line-height: 1.2; margin: 0 0 .5rem; }
.meta, .legend, .date, .badges, .cite, .conflicts h3, .sources h3 {
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.meta { color: var(--muted); margin: 0 0 .4rem; font-size: .95rem; }
.legend { color: var(--muted); margin: 0; font-size: .85rem; }
.events { list-style: none; margin: 2rem 0 0; padding: 0; }
.event { position: relative; margin: 0; padding: 0 0 2rem 1.5rem;
  border-left: 2px solid var(--line); }
.event:last-child { border-left-color: transparent; }
.event::before { content: ""; position: absolute; left: -8px; top: .3rem; width: 14px;
  height: 14px; border-radius: 50%; background: #fff; border: 3px solid var(--ink); }
.date { margin: 0; font-size: .9rem; font-weight: 700; letter-spacing: .03em;
  text-transform: uppercase; color: var(--muted); }
.event h2 { font-size: 1.3rem; line-height: 1.3; margin: .2rem 0 .5rem; }
.badges { display: flex; flex-wrap: wrap; gap: .4rem; margin: 0 0 .8rem; padding: 0;
  list-style: none; font-size: .8rem; }
.badge { display: inline-block; padding: .1rem .5rem; border: 1px solid currentColor;
  border-radius: .25rem; font-weight: 600; white-space: nowrap; }
.badge-conflict { color: var(--warn); background: var(--warn-bg); }
.badge-single { color: var(--one); background: var(--one-bg); }
.badge-sources { color: var(--ok); background: var(--ok-bg); }
.badge-changed, .badge-resolved { color: var(--muted); background: var(--note-bg); }
.badge-reviewer { color: var(--muted); background: var(--note-bg); }
.note { background: var(--note-bg); border-left: 4px solid var(--line); margin: 0 0 .8rem;
  padding: .5rem .75rem; }
.conflicts, .sources { margin: 0 0 .8rem; }
.conflicts h3, .sources h3 { font-size: .8rem; text-transform: uppercase;
  letter-spacing: .05em; color: var(--muted); margin: 0 0 .3rem; }
.conflicts ul { margin: 0; padding-left: 1.2rem; }
.conflicts li { margin: 0 0 .3rem; }
.unresolved { color: var(--warn); }
.sources ol { list-style: none; margin: 0; padding: 0; }
.sources li { display: flex; gap: .6rem; margin: 0 0 .7rem; }
.sources summary { cursor: pointer; color: var(--muted); font-family: system-ui, sans-serif;
  font-size: .85rem; margin: 0 0 .7rem; }
.num { flex: none; min-width: 2.2rem; font-family: system-ui, sans-serif; font-size: .85rem;
  color: var(--muted); padding-top: .15rem; }
.source { min-width: 0; flex: 1; }
blockquote { margin: 0; padding: 0 0 0 .7rem; border-left: 3px solid var(--rule); }
blockquote p { margin: 0; }
.cite { margin: .2rem 0 0; font-size: .85rem; color: var(--muted); overflow-wrap: anywhere; }
.loc { display: block; }
a { color: #1a4d8f; }
sup a { text-decoration: none; }
.empty { font-style: italic; color: var(--muted); }
@media (max-width: 34rem) {
  body { font-size: 16px; }
  main { padding: 1.25rem .9rem 3rem; }
  h1 { font-size: 1.6rem; }
  .event { padding-left: 1rem; }
  .event h2 { font-size: 1.15rem; }
  .sources li { display: block; }
  .num { display: block; min-width: 0; padding: 0; }
}
@media print {
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0 0 0 10px; }
  .badge, .note { background: none !important; }
  .date, .event h2, .badges, .conflicts h3, .sources h3 { break-after: avoid; }
  .event h2 { break-inside: avoid; }
  .sources li, .conflicts li, .note { break-inside: avoid; }
  .cite { font-size: 8.5pt; }
  a { color: inherit; text-decoration: none; }
}
"""


def esc(text: object) -> str:
    """Text from the data as HTML text: markup escaped, and control characters and bidi
    overrides shown as symbols (``text.safe_text``), so that neither a browser (U+202E
    reverses what follows) nor a terminal showing the file (ESC, BEL) obeys them."""
    return _escape(safe_text(text, newlines=True), quote=True)


def render_html(chronology: Any) -> str:
    out = io.StringIO()
    write_html(chronology, out)
    return out.getvalue()


def write_html(chronology: Any, out: TextOut) -> None:
    """The page, each event written as it is read."""

    def put(lines: list[str]) -> None:
        out.write("".join(line + "\n" for line in lines))

    title = esc(chronology.title)
    put([
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">",
        '<meta name="referrer" content="no-referrer">',
        '<meta name="generator" content="workbench export">',
        f"<title>{title}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        "<header>",
        f"<h1>{title}</h1>",
        f'<p class="meta">{esc(summary_line(chronology))}</p>',
    ])
    if not chronology.event_count:
        put(["</header>", '<p class="empty">No accepted events yet.</p>'])
    else:
        legend = LEGEND + (INFERRED_LEGEND if chronology.guessed_dates else "")
        put([f'<p class="legend">{esc(legend)}</p>', "</header>", '<ol class="events">'])
        told: set[int] = set()  # documents whose guessed date a citation has explained
        for event in chronology.iter_events():
            put(_event(event, told))
        put(["</ol>"])
    put(["</main>", "</body>", "</html>"])


def _refs(numbers, link: bool = True) -> str:
    if not link:
        return "".join(f"<sup>[{n}]</sup>" for n in numbers)
    return "".join(f'<sup><a href="#cite-{n}">[{n}]</a></sup>' for n in numbers)


def _badges(event: Event) -> str:
    badges = []
    if event.unresolved:
        n = len(event.unresolved)
        label = "Unresolved conflict" if n == 1 else f"{n} unresolved conflicts"
        badges.append(("conflict", f"⚠ {label}"))
    elif event.conflicts:
        badges.append(("resolved", "✓ Conflict resolved"))
    if event.sources == 1:
        badges.append(("single", "Single source"))
    else:
        # no check mark: beside "⚠ Unresolved conflict" a tester read it as "verified"
        badges.append(("sources", f"{event.sources} sources"))
    if event.changed_since_review:
        badges.append(("changed", "Changed since review"))
    if event.date_by_reviewer:
        badges.append(("reviewer", "Date set by the reviewer"))
    items = "".join(f'<li class="badge badge-{kind}">{esc(text)}</li>' for kind, text in badges)
    return f'<ul class="badges" aria-label="Verification">{items}</ul>'


def _event(event: Event, told: set[int]) -> list[str]:
    if event.date:
        date = f'<time datetime="{esc(event.date.iso)}">{esc(event.display_date)}</time>'
    else:
        date = esc(event.display_date)
    out = [
        f'<li class="event" id="{esc(event.anchor)}">',
        "<article>",
        f'<p class="date">{date}</p>',
        f"<h2>{esc(event.title)}</h2>",
        _badges(event),
    ]
    if event.note:
        # a note's lines kept as the reviewer typed them (ctrl+j), as Markdown keeps them
        out.append('<p class="note"><strong>Note:</strong> '
                   f'{"<br>".join(esc(line) for line in event.note.splitlines())}</p>')
    if event.conflicts:
        out += ['<section class="conflicts">', "<h3>Conflicts</h3>", "<ul>"]
        out += [f"<li>{conflict_html(c)}</li>" for c in event.conflicts]
        out += ["</ul>", "</section>"]
    if event.courses:
        out += ['<section class="conflicts courses">', "<h3>Counts over time (no conflict)</h3>",
                "<ul>"]
        out += [f"<li>{course_html(c)}</li>" for c in event.courses]
        out += ["</ul>", "</section>"]
    if event.citations:
        # a source an item, quoting the claim that tells the event best; the sources'
        # other claims folded under "more" (a link to one opens it)
        sources = event.by_source
        out += ['<section class="sources">', "<h3>Sources</h3>", "<ol>"]
        out += [_citation(s.shown, told) for s in sources]
        out.append("</ol>")
        more = [c for s in sources for c in s.more]
        if more:
            whose = ("this source" if len({c.document.id for c in more}) == 1
                     else "these sources")
            out += [f"<details><summary>{count_of(len(more), 'more claim')} from {whose}"
                    "</summary>", "<ol>"]
            out += [_citation(c, told) for c in sorted(more, key=lambda c: c.number)]
            out += ["</ol>", "</details>"]
        out.append("</section>")
    out += ["</article>", "</li>"]
    return out


def conflict_html(conflict: Conflict, link: bool = True) -> str:
    """A conflict as inline HTML, its values linked to the citations that report them."""
    subject = esc(conflict.what)
    if conflict.resolved:
        reports = "; ".join(f"{esc(v.display)}{_refs(v.citations, link)}" for v in conflict.values)
        since = (f' — <strong class="unresolved">{esc(conflict.since_display)}</strong>'
                 if conflict.since else "")
        return (
            f"Resolved — {subject}: <strong>{esc(conflict.resolution_display)}</strong> "
            f"(reports: {reports}){since}"
        )
    versus = " <em>vs</em> ".join(
        f"{esc(v.display)}{_refs(v.citations, link)}" for v in conflict.values
    )
    return f'<strong class="unresolved">⚠ Unresolved</strong> — {subject}: {versus}'


def course_html(course: Course, link: bool = True) -> str:
    """A count's course as inline HTML, each figure linked to the citations that give it."""
    return f"{esc(course.what)}: " + " → ".join(
        f"{esc(s.value)}{_refs(s.citations, link)} ({esc(s.days_display)})"
        for s in course.steps)


def _citation(citation: Citation, told: set[int]) -> str:
    document = citation.document
    # The credit beside the quote (``outlet``) names the source, else the title, and the
    # day (a guess marked): the line below adds what it leaves out (the title beside a
    # source; how a guessed day was found, the first time the document is cited) instead
    # of naming them twice. Untitled: the location line's path names the document.
    parts = [f"<cite>{esc(document.title)}</cite>"] if document.title and document.source else []
    if document.published and document.published_from and document.id not in told:
        told.add(document.id)
        parts.append(esc(f"publication date inferred from {document.published_from}"))
    if document.web_url:
        parts.append(f'<a href="{esc(document.web_url)}">{esc(document.web_url)}</a>')
    elif document.url:
        parts.append(esc(document.url))
    location = f"{esc(document.where)}, " + esc(document.location(
        citation.line, citation.paragraph, citation.char_start, citation.char_end))
    return (
        f'<li id="cite-{citation.number}"><span class="num">[{citation.number}]</span>'
        f'<div class="source"><blockquote><p>“{esc(citation.quoted)}” '
        f'<cite>— {esc(document.outlet)}</cite></p></blockquote>'
        f'<p class="cite">{" · ".join(parts)}<span class="loc">{location}</span></p>'
        "</div></li>"
    )
