"""Text for a reader: text from documents made safe to show (the one place that decides
how), and the few words every screen and export says alike (``count_of``: "1 claim";
``conflict_subject``: "the number of prisoners"; ``date_examples``: how to write a date,
shown with a day of the story at hand).

Articles come from anywhere, so a title or a claim may hold terminal escape sequences
(ESC, OSC 52 clipboard writes, OSC 8 links), bidi overrides that reorder what the eye
reads (U+202E), or text that Rich/Textual markup would interpret (``[/]`` crashes the
parser, ``[@click=app.quit]`` becomes a clickable action). :func:`safe_text` turns any
string into one that shows exactly its characters: every widget, toast and terminal
message that carries document text goes through it.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

# C0 controls (but tab and newline, handled below), DEL and the C1 controls (0x80-0x9F:
# CSI, OSC and ST have one-byte forms there) are shown as what they are, never sent.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Bidi embeddings, overrides and isolates reorder the text around them ("Trojan Source"):
# shown by name. The plain marks (LRM, RLM, ALM) cannot reorder a span and stay.
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029\x85\x0b\x0c]")
_BRACKET = re.compile(r"(\\*)\[")
_SURROGATE = re.compile("[\ud800-\udfff]")


_UNSAFE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
_ONE_FOR_ONE = {chr(c): chr(0x2400 + c) for c in range(0x20) if c != 0x0A}
_ONE_FOR_ONE.update({"\t": " ", "\x7f": "\u2421", "\u2028": "\n", "\u2029": "\n"})
_ONE_FOR_ONE.update({chr(c): "\ufffd" for c in [*range(0x80, 0xA0), *range(0x202A, 0x202F),
                                                  *range(0x2066, 0x206A)]})


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    if code < 0x20:
        return chr(0x2400 + code)  # control pictures: ESC is ␛, BEL is ␇
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"


def escape_markup(text: str) -> str:
    """``text`` as Textual markup that renders as itself: one backslash added before every
    ``[`` (Textual reads ``\\[`` as a literal bracket and drops one backslash before it).
    Put it in markup only where nothing follows it directly; better still, hand widgets a
    ``rich.text.Text`` or turn their markup off."""
    return _BRACKET.sub(lambda m: m.group(1) + "\\[", text)


def safe_text(text: object, *, markup: bool = False, newlines: bool = False,
              keep_offsets: bool = False) -> str:
    """Any value as text that a terminal shows as characters and never obeys.

    Control characters (ESC, BEL, C1) become visible symbols (ESC is ``␛``), bidi
    overrides and isolates become ``<U+202E>``, and line breaks are folded into one space
    unless ``newlines`` keeps them (a paragraph shown as a paragraph). ``markup=True``
    also escapes Textual markup (:func:`escape_markup`), for text placed inside a markup
    string; text given to a ``rich.text.Text`` or to a widget with markup off needs none.
    ``keep_offsets`` replaces character for character (C1 controls and bidi overrides by
    U+FFFD, newlines kept), so offsets into the text (a claim's span) still hold.
    """
    text = "" if text is None else str(text)
    if keep_offsets:
        if _UNSAFE.search(text):
            text = "".join(_ONE_FOR_ONE.get(ch, ch) for ch in text)
    else:
        text = _LINE_BREAKS.sub("\n" if newlines else " ", text)
        text = text.replace("\t", " ")
        text = _CONTROL.sub(_visible, text)
        text = _BIDI.sub(_visible, text)
    if _SURROGATE.search(text):
        # lone surrogates (a JSON "\ud800", an undecodable file name) cannot be written
        text = _SURROGATE.sub("\ufffd", text)
    if markup:
        text = escape_markup(text)
    return text


def one_line(text: object, limit: int | None = None) -> str:
    """:func:`safe_text` on one line, cut to ``limit`` characters with an ellipsis: for
    error messages that quote input."""
    line = safe_text(text)
    if limit is not None and len(line) > limit:
        line = line[: limit - 1] + "…"
    return line


_QUOTED = re.compile(r"“([^”]*)”")


def shorten_quotes(message: str, limit: int) -> str:
    """``message`` in at most ``limit`` characters, its quoted titles (“...”) cut first,
    the longest first, so what a message says after a title ("now on #28, the next")
    stays; only then is its end cut."""
    while len(message) > limit:
        quotes = [m for m in _QUOTED.finditer(message) if len(m.group(1)) > 12]
        if not quotes:
            return one_line(message, max(limit, 2))
        longest = max(quotes, key=lambda m: len(m.group(1)))
        inner = longest.group(1).rstrip("…").rstrip()
        keep = max(11, len(inner) - (len(message) - limit) - 1)
        message = (message[:longest.start(1)] + inner[:keep].rstrip() + "…"
                   + message[longest.end(1):])
    return message


def excerpt(text: str, words: str | None, limit: int) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis, so that ``words`` (found
    without regard to case) are in it: its start when they lie there, else a window that
    opens a little before them on a word's start. A conflict quotes each source at the
    words that disagree ("... the return of Zelensky's ..."), which a cut at the start
    left out of long sentences."""
    if len(text) <= limit:
        return text
    at = text.lower().find(words.lower()) if words else -1
    if at < 0 or at + len(words or "") <= limit:
        return text[:limit] + "…"
    start = text.rfind(" ", 0, max(0, at - limit // 3)) + 1
    end = start + limit
    return (("…" if start else "") + text[start:end]
            + ("…" if end < len(text) else ""))


def count_of(n: int, noun: str) -> str:
    """'1 event', '2 events': a count with its noun in the right number."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def group_ids(ids: list[int], shown: int = 8) -> str:
    """"#28, #32 and 3 more": groups named in a message, the first ``shown`` of them."""
    more = f" and {len(ids) - shown} more" if len(ids) > shown else ""
    return ", ".join(f"#{g}" for g in ids[:shown]) + more


# a reviewer's resolution of a number or name conflict that is no disagreement: the
# sources count or name different things ("1.5 million homeless" beside "200,000 have
# left the city"), so there is no value to choose
NOT_A_DISAGREEMENT = "not a disagreement"
# a conflict value's claims that came after a reviewer's resolution chose another value
# (kept in the stored value until the reviewer chooses again: ``group._with_resolutions``)
SINCE_RESOLVED = "since_resolved"
# SQL: the conflict (a ``conflicts`` row named ``c``) wants the reviewer: unresolved, or
# settled and contradicted by reports that came in since (a tester's new report against a
# settled date read "⚠✓" in the queue, as settled as any other)
WANTS_REVIEW_SQL = f"""(c.resolution IS NULL OR c."values" LIKE '%"{SINCE_RESOLVED}"%')"""


def since_said(n: int) -> str:
    """"1 report since says otherwise": the reports that came after a resolution and give
    another value, as the detail pane and the exports say it."""
    return f"{count_of(n, 'report')} since {'says' if n == 1 else 'say'} otherwise"


def conflict_subject(kind: str, subject: str) -> str:
    """What a conflict is about, in words for a reader: "the event date", "the number of
    prisoners", "the spelling of a name (medinsky)". The stored ``subject`` is a matching
    key (a name key, a unit), meant for the program, not for the screen or an export."""
    if kind == "date":
        return "the event date"
    if kind == "number":
        if subject.startswith("nth "):
            return f"which {subject[4:]}"  # "the second round" vs "the third round"
        if "(" in subject:
            return f"the {subject}"  # a sum of money: "the loss ($)"
        if subject == "%":
            return "the percentage"
        if subject in MEASURES:
            return MEASURES[subject]  # "7.0 magnitude" measures; it counts no magnitudes
        return f"the number of {_plural(subject)}"
    if kind == "name":
        return f"the spelling of a name ({subject.title()})"
    return subject


# units that measure rather than count, and what they measure
MEASURES = {"magnitude": "the magnitude", "mile": "the distance", "km": "the distance",
            "kilometre": "the distance", "kilometer": "the distance", "metre": "the distance",
            "meter": "the distance", "foot": "the distance", "feet": "the distance",
            "tonne": "the weight", "ton": "the weight", "kg": "the weight",
            "kilogram": "the weight"}
# nouns whose lemma is already plural (a unit is a lemma: "people" counts persons)
PLURAL_NOUNS = {"people", "police", "personnel", "staff", "cattle", "livestock", "clergy",
                "poultry", "offspring", "aircraft", "sheep", "deer", "fish"}


def _plural(unit: str) -> str:
    if unit in PLURAL_NOUNS or unit.endswith(("s", "x", "ch", "sh")):
        return unit
    if unit.endswith("y") and unit[-2:-1] not in "aeiou":
        return unit[:-1] + "ies"
    return unit + "s"


class DateExamples(NamedTuple):
    day: str  # "2010-01-12"
    words: str  # "January 12"
    month: str  # "2010-01"
    year: str  # "2010"


# what a collection with no dated entry is shown: the shapes, never another story's day
SHAPES = DateExamples("YYYY-MM-DD", "Month D", "YYYY-MM", "YYYY")


def date_examples(*days: str | None) -> DateExamples:
    """How dates are written in the dialogs and their refusals, shown with the first of
    ``days`` that is a day (one of the story at hand, so a reviewer of 2010 coverage is
    not shown 2025), else the first month or year (at its first day): ISO day, day in
    words, month, year. With none, the shapes themselves (``SHAPES``)."""
    found = [when for when in map(_first_day, days) if when is not None]
    days_given = [when for when, exact in found if exact]
    when = days_given[0] if days_given else found[0][0] if found else None
    if when is None:
        return SHAPES
    return DateExamples(when.isoformat(), f"{when:%B} {when.day}", when.isoformat()[:7],
                        f"{when.year:04d}")


def _first_day(value: str | None) -> tuple[dt.date, bool] | None:
    """An ISO day, month or year as a date (its first day), and whether it was a day."""
    value = (value or "").strip()
    for text, exact in ((value, True), (f"{value}-01", False), (f"{value}-01-01", False)):
        try:
            return dt.date.fromisoformat(text), exact
        except ValueError:
            continue
    return None


def search_example(*titles: str | None) -> str:
    """A word prefix to show in the search box, from the story at hand (the first of
    ``titles`` that has a name of five letters or more): "metrop" for a title about the
    Metropark hotel. Searching matches prefixes; the example shows that."""
    for title in titles:
        names = re.findall(r"[A-Z][a-z]{4,}", title or "")
        if names:
            return max(names, key=len)[:6].lower()
    return "istanb"
