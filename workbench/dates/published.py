"""Publication dates: read from metadata, or inferred from the text when it gives none.

``normalise_published`` reads a date that metadata states (ISO, RFC 2822, "June 2, 2025")
at the precision it was given with; :class:`DateError` for anything else.
``address_date`` reads the day an article's URL or file path states (``/2010/01/13/``, a
folder ``2010-01-13/``), which ingest takes as stated when metadata gives none.

When the metadata gives none, ``infer`` guesses, in order: a dateline at the top ("KYIV,
June 3, 2025 (Reuters) -", "January 09 , 2008"; the latest full date of the head, since a
photo caption's can come first), then the latest fully specified date the
text reports, then the latest year-less date read in the article's own year (a date the
text tells ahead, "will begin returning to school on 7 May", is neither: ``planned``)
(``article_year``: in a collection spanning years, the year it names of itself; else the
corpus' dominant year). A full date years before the corpus, in a text that names a later
year, is history the piece tells (a birth), never its date. The result is stored with
provenance ``inferred`` and the evidence; it is a lower bound on when the piece was
written, which is why relative dates are not resolved against it (see ``expressions``).
So is the day of every occasion the piece tells as done: once grouped, a latest-date
guess earlier than an occasion another source dates is raised to its day
(``reporting_floors``; the guess from the text is kept in the evidence, ``text_guess``).
However it is shown, it reads as a guess (``published_label``).
"""

from __future__ import annotations

import collections
import datetime as dt
import email.utils
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .entry import consensus_date, evidence_dates
from .expressions import MONTH_RE as _M
from .expressions import month_number as _month

FULL_MDY = re.compile(rf"\b{_M}\s+(\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s+(\d{{4}})\b", re.I)
FULL_DMY = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_M}\s*,?\s+(\d{{4}})\b", re.I)
FULL_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
YEARLESS_MD = re.compile(rf"\b{_M}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*,?\s*\d{{4}})", re.I)
YEARLESS_DM = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_M}\b(?!\s*,?\s*\d{{4}})", re.I)
DATELINE_CHARS = 160


@dataclass(frozen=True)
class InferredDate:
    value: str
    precision: str
    evidence: str


def _mk(year: int, month: int | None, day: int) -> dt.date | None:
    if month is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def full_dates(text: str) -> list[tuple[int, dt.date]]:
    """(offset, date) for every fully specified date in the text that could be a
    publication date (years ``MIN_YEAR`` to ``MAX_YEAR``, as for metadata): "June 2, 0001"
    in one article made year 1 the collection's, and every year-less date of the others
    was read in it."""
    found: list[tuple[int, dt.date]] = []
    for m in FULL_MDY.finditer(text):
        d = _mk(int(m[3]), _month(m[1]), int(m[2]))
        if d:
            found.append((m.start(), d))
    for m in FULL_DMY.finditer(text):
        d = _mk(int(m[3]), _month(m[2]), int(m[1]))
        if d:
            found.append((m.start(), d))
    for m in FULL_ISO.finditer(text):
        d = _mk(int(m[1]), int(m[2]), int(m[3]))
        if d:
            found.append((m.start(), d))
    return sorted((at, d) for at, d in found if MIN_YEAR <= d.year <= MAX_YEAR)


def yearless_dates(text: str) -> list[tuple[int, int, int]]:
    """(offset, month, day) for dates given without a year."""
    out = []
    for m in YEARLESS_MD.finditer(text):
        month = _month(m[1])
        if month and 1 <= int(m[2]) <= 31:
            out.append((m.start(), month, int(m[2])))
    for m in YEARLESS_DM.finditer(text):
        month = _month(m[2])
        if month and 1 <= int(m[1]) <= 31:
            out.append((m.start(), month, int(m[1])))
    return sorted(out)


def dominant_year(dated: Iterable[list[tuple[int, dt.date]]],
                  given: Iterable[str | None] = ()) -> int | None:
    """The year most fully specified dates (``full_dates`` of each document) and given
    publication dates of a corpus fall in."""
    counts: collections.Counter[int] = collections.Counter()
    for dates in dated:
        counts.update(d.year for _, d in dates)
    for value in given:
        if value and value[:4].isdigit():
            counts[int(value[:4])] += 2
    if not counts:
        return None
    return max(counts.items(), key=lambda kv: (kv[1], kv[0]))[0]


YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")


def _history_only(date: dt.date, corpus_year: int | None, latest_year: int) -> bool:
    """An obituary's only full date is the birth ("born April 22, 1923"): a full date
    years before the rest of the corpus, in a text that itself names a later year
    (``latest_year``: "came out of hiding in 2003"), is history the piece tells, not its
    date."""
    return corpus_year is not None and date.year < corpus_year - 1 and latest_year > date.year


def article_year(text: str, corpus_year: int | None,
                 dated_years: Iterable[int] = ()) -> tuple[int | None, str]:
    """The year a year-less date is read in when its text has no full date of its own,
    and where it comes from ("corpus" or "text"). A collection can span several years
    (``dated_years``: the years its documents are dated in, by metadata, dateline or full
    date): a text that names some of them, all two years or more before the corpus'
    dominant year and never that year, is of its own time, the latest of those it names
    (a 2008 report on "the 2009 ceremony" among reports of 2013). Otherwise the dominant
    year: a report naming "the films of 2008" in a collection of 2009 may well be of 2009,
    and a 2008 obituary that names 1923 and 2003 (years no document is dated in) is of
    2008."""
    named = {int(y) for y in YEAR.findall(text)}
    own = named & set(dated_years)
    if corpus_year is None or corpus_year in named or not own or max(own) >= corpus_year - 1:
        return corpus_year, "corpus"
    return max(own), "text"


HEAD = "a date in its first lines"
_STAMP_WORDS = re.compile(r"\b(?:updated|published|posted|added|last|at|on|am|pm|gmt|utc)\b",
                          re.I)
_CONTINUES = re.compile(r"\s*(?:,\s*(?!\d{1,2}[:.]\d{2})\S|[a-z])")


def _dateline_at(text: str, at: int) -> bool:
    """Is the full date at ``at`` a dateline or a page's time stamp: on its line, only
    capitals, punctuation or stamp words before it ("GENEVA | Thu", "Page last updated
    at 23:19 GMT,"), and no sentence going on after it ("(AP) -", "11:39 am", a line's
    end; not ", officials said")?"""
    for pattern in (FULL_MDY, FULL_DMY, FULL_ISO):
        if found := pattern.match(text, at):
            break
    else:
        return False
    start = text.rfind("\n", 0, at) + 1
    before = _STAMP_WORDS.sub("", text[start:at])
    if re.search(r"\b[a-z]{2,}\b", before):
        return False
    return not _CONTINUES.match(text, found.end())


def stated(text: str, corpus_year: int | None,
           dates: list[tuple[int, dt.date]] | None = None) -> InferredDate | None:
    """The date a text states of itself, if any: its dateline, else its latest full date
    that is not history (``_history_only``)."""
    dates = full_dates(text) if dates is None else dates
    latest_year = max((int(y) for y in YEAR.findall(text)), default=0)
    dates = [(off, d) for off, d in dates if not _history_only(d, corpus_year, latest_year)]
    # the latest date of the head: a photo caption ("... in Mexico City April 27, 2009.")
    # or the lead's first day ("On March 3, 2024, three bridges collapsed ... On March 4,
    # 2024, 45 people were found") can come before the dateline, never after the day the
    # piece was written (on Timeline17 the first date of the head was the day for 194 of
    # 207 articles, the latest for 198)
    head = [d for off, d in dates if off < DATELINE_CHARS]
    if head:
        day = max(head)
        # what it is called: a dateline ("NASHVILLE, December 12, 2008 (AP) -"), or a date
        # the lead tells ("The bridge reopened on June 5, 2012, officials said"), which is
        # the weakest kind of guess and must not read as the strongest
        kind = "dateline" if any(_dateline_at(text, off) for off, d in dates
                                 if off < DATELINE_CHARS and d == day) else HEAD
        return InferredDate(day.isoformat(), "day", f"{kind}: {day.isoformat()}")
    told = [(off, d) for off, d in dates if not planned(text, off)]
    if told:
        latest = max(d for _, d in told)
        return InferredDate(latest.isoformat(), "day", "latest full date in the text")
    return None


# Words that make a date one told ahead of its page, or the end of a span, not a day the
# page reports: "will begin returning to school on 7 May", "due to stage 50 concerts ...
# beginning on 13 July", "takes place at ... on 8 October", "closed until 6 May". Each
# kept for what it does on Timeline17's and TimeML's pages (``eval t17``, ``eval timeml``:
# fewer guesses late, none fewer on the day); "by", "from", "before" cost days guessed
# right, "next", "plans", "start" changed nothing or one corpus only.
_PLAN = re.compile(
    r"\b(?:will|would|shall|'ll|due|expected|scheduled|set to|slated|planned|upcoming|"
    r"begin|begins|beginning|takes place|take place|is to|are to|until|till)\b", re.I)
_PLAN_REACH = 100  # characters of its clause before the date that are read, at most


def planned(text: str, at: int) -> bool:
    """Is the date at ``at`` told as a plan or a span's end (``_PLAN``) in its clause,
    before it ("closed until 6 May, and some bars shut on 24 April": 24 April is not)?
    Such a date is after the day the page was written as often as not: of Timeline17's
    pages guessed by their latest date, 69 of 220 were guessed two days or more after
    the day they were published, nearly all by a date told so."""
    start = max(text.rfind(c, 0, at) for c in ".!?\n,;") + 1
    return _PLAN.search(text, max(start, at - _PLAN_REACH), at) is not None


def infer(text: str, corpus_year: int | None,
          dates: list[tuple[int, dt.date]] | None = None,
          dated_years: Iterable[int] = ()) -> InferredDate | None:
    """The document's date: what it ``stated``, else its latest year-less date in its
    ``article_year``. ``dates``: ``full_dates(text)``, if already known."""
    found = stated(text, corpus_year, dates)
    if found:
        return found
    year, origin = article_year(text, corpus_year, dated_years)
    if year:
        candidates = [c for at, m, d in yearless_dates(text)
                      if (c := _mk(year, m, d)) and not planned(text, at)]
        if candidates:
            latest = max(candidates)
            where = "the corpus" if origin == "corpus" else "the years its text names"
            return InferredDate(
                latest.isoformat(), "day", f"latest date in the text, year {year} from {where}"
            )
    return None


# --- a guess raised by what other sources say ---------------------------------------

REPORTED = "reported"  # the evidence of a guess raised to an occasion's day
_RAISED = re.compile(r"^reported: (\d{4}-\d{2}-\d{2}), by (\d+) other sources?; "
                     r"text: (\S+?), (.*)$", re.S)


def raised_evidence(day: str, sources: int, text_value: str, text_evidence: str) -> str:
    """How a guess raised by ``reporting_floors`` is kept: the day, how many other
    sources give it, and the guess from the text alone it replaces (``text_guess``)."""
    return (f"{REPORTED}: {day}, by {sources} other source{'s' if sources != 1 else ''}; "
            f"text: {text_value}, {text_evidence}")


def lower_bound(evidence: str | None) -> bool:
    """Is a guess of this ``evidence`` only the latest date its text names (a lower
    bound on the day it was written), not a date the page states of itself (a dateline,
    a date in its first lines)?"""
    return (evidence or "").startswith(("latest full date", "latest date"))


def text_guess(value: str | None, evidence: str | None) -> tuple[str | None, str | None]:
    """(value, evidence) of the guess from the text alone behind an inferred date: the
    stored one, unless ``reporting_floors`` raised it (then the one its evidence keeps)."""
    found = _RAISED.match(evidence or "")
    if not found:
        return value, evidence
    return found[3], found[4]


def _told_ahead(claim: dict) -> bool:
    """Is the claim's date told as a plan or a span's end ("schools closed until May 6",
    ``planned``)? Its day is no day the article reports as done."""
    text, words = claim.get("text") or "", claim.get("date_text")
    at = text.find(words) if words else -1
    return at >= 0 and planned(text, at)


def reporting_floors(entries: Iterable[list[dict]], guessed: dict[int, str | None],
                     ) -> dict[int, tuple[str, int]]:
    """An article was written no earlier than the occasions it reports as done: a guess
    from its text alone is only a lower bound (the latest date it names), and one that
    names none of the right days (seed 002 names "May 16", the talks before, and tells
    the talks of June 2 without their date; seed 001 misdates them "May 22nd") reads as
    published before what it reports. ``entries``: the claim rows of each occasion;
    ``guessed``: document id -> the date guessed from its text (None: none), for the
    documents whose publication date no source gave. For each of those that tells an
    occasion as having happened (a claim of aspect past or earlier in the entry), the
    entry's day (``entry.consensus_date``, at day precision) when another document
    states it in its own words and it is later than the guess. Returns document id ->
    (the latest such day, how many other documents state it)."""
    out: dict[int, tuple[str, int]] = {}
    for claims in entries:
        telling = {c["document_id"] for c in claims
                   if c["document_id"] in guessed and c.get("aspect") in ("past", "earlier")}
        if not telling:
            continue
        day, precision = consensus_date(claims)
        if precision != "day" or day is None:
            continue
        stating = {c["document_id"] for c in evidence_dates(claims) if c["date"] == day
                   and not _told_ahead(c)}
        for doc in telling:
            have = guessed[doc]
            if (have is not None and day <= have[:10]) or not stating - {doc} or (
                    doc in out and out[doc][0] >= day):
                continue
            out[doc] = (day, len(stating - {doc}))
    return out


def guessed_from(provenance: str | None, evidence: str | None) -> str | None:
    """What an inferred publication date was guessed from, in words ("the latest date the
    text mentions, its year from the collection"); None for a stated (``given``) or
    unknown date. Every place that shows a publication date marks a guess with this."""
    if provenance != "inferred":
        return None
    evidence = evidence or ""
    if evidence.startswith(f"{REPORTED}: "):
        return "the day other sources give an occasion it reports"
    if evidence.startswith("dateline"):
        return "its dateline"
    if evidence.startswith(HEAD):
        return HEAD
    if evidence.startswith("latest full date"):
        return "the latest full date the text mentions"
    if "from the corpus" in evidence:
        return "the latest date the text mentions, its year from the collection"
    if "from the years its text names" in evidence:
        return "the latest date the text mentions, its year the latest the text names"
    return evidence or "the text"


def published_label(value: str | None, provenance: str | None, evidence: str | None,
                    shown: str | None = None, guessed: str | None = None) -> str | None:
    """"published 2025-06-02", or for a guess "published 2025-05-22 (inferred from the
    latest date the text mentions, ...)". ``shown``: the date as the caller writes it
    (default ``value``); ``guessed``: ``guessed_from`` if already known. None without a
    date."""
    if not value:
        return None
    text = f"published {shown or value}"
    source = guessed or guessed_from(provenance, evidence)
    return f"{text} (inferred from {source})" if source else text


# --- a date in the article's address --------------------------------------------------

# Publishers put the day of publication in their URLs (/2010/01/13/, /2010/jan/13/,
# -2010-01-13-, _20100113.html), and archives file articles under it (2010-01-15/x.txt,
# 2010/01/15/x.txt, 2010-01-15-haiti.txt). A date that is part of a longer number or word
# (idUSTRE60C0ZN20100113, a hash, v2010-01-15b) is not read.
_SEP_YMD = re.compile(r"(?<![0-9A-Za-z])((?:19|20)\d\d)([/_-])(0?[1-9]|1[0-2])\2"
                      r"(0?[1-9]|[12]\d|3[01])(?![0-9])")
_NAMED_YMD = re.compile(rf"(?<![0-9A-Za-z])((?:19|20)\d\d)/{_M}/(0?[1-9]|[12]\d|3[01])(?![0-9])",
                        re.I)
_COMPACT_YMD = re.compile(r"(?<![0-9A-Za-z])((?:19|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])"
                          r"(?![0-9A-Za-z])")
_SLASH_YM = re.compile(r"/((?:19|20)\d\d)/(0[1-9]|1[0-2])/(?!\d)")
_ADDRESS_FOLDERS = 3  # enough for 2010/01/15/
ADDRESS_ORIGINS = ("url", "file name", "folder name", "folder names")


def _address_day(text: str) -> dt.date | None:
    """The last day a URL path or file name writes, if any."""
    found: list[tuple[int, dt.date]] = []
    for pattern in (_SEP_YMD, _COMPACT_YMD):
        for m in pattern.finditer(text):
            day = _mk(int(m[1]), int(m[3] if pattern is _SEP_YMD else m[2]),
                      int(m[4] if pattern is _SEP_YMD else m[3]))
            if day:
                found.append((m.start(), day))
    for m in _NAMED_YMD.finditer(text):
        if day := _mk(int(m[1]), _month(m[2]), int(m[3])):
            found.append((m.start(), day))
    return max(found)[1] if found else None


def address_date(url: str | None, path: str | None) -> tuple[str, str] | None:
    """``(date, origin)`` for a publication date the article's address states, when its
    metadata gives none: its URL's path first (day, else ``/2010/01/`` as a month), then
    its file name, then the folders it is filed in when a folder's whole name is a day
    (``2010-01-15/``, ``20100115/``) or the last three are one (``2010/01/15/``). A folder
    named partly by a date (``backup-2023-01-01``) says when it was made, not the article,
    and is not read; nor are the folders above the last three."""
    if url:
        address = re.sub(r"^[a-z][a-z0-9+.-]*://[^/?#]*", "", url.strip(), flags=re.I)
        address = re.split(r"[?#]", address, maxsplit=1)[0]
        if day := _address_day(address):
            return day.isoformat(), "url"
        if m := _SLASH_YM.search(address + "/"):
            return f"{m[1]}-{m[2]}", "url"
    if not path:
        return None
    parts = re.split(r"[/\\]", path)
    name, folders = parts[-1], [p for p in parts[:-1] if p][-_ADDRESS_FOLDERS:]
    if day := _address_day(name.split(".", 1)[0]):
        return day.isoformat(), "file name"
    for folder in reversed(folders):
        if (day := _address_day(folder)) and _whole(folder):
            return day.isoformat(), "folder name"
    if len(folders) == 3 and (day := _address_day("/".join(folders))) and all(
            f.isdigit() for f in folders):
        return day.isoformat(), "folder names"
    return None


def _whole(folder: str) -> bool:
    return bool(_SEP_YMD.fullmatch(folder) or _COMPACT_YMD.fullmatch(folder))


class DateError(ValueError):
    """A publication date that cannot be read; ``str(exc)`` says why, in one line."""


# --- publication dates ------------------------------------------------------------------

_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{2})")
_ISO_BASIC = re.compile(r"(\d{4})(\d{2})(\d{2})(?:T\d{2,6}.*)?")  # 20071015, 20071015T0800
_YEAR = re.compile(r"\d{4}")
_WRITTEN = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d", "%B %Y", "%b %Y")
MIN_YEAR, MAX_YEAR = 1800, 2100


@dataclass(frozen=True)
class Published:
    value: str  # 2025-06-02 | 2025-06 | 2025
    precision: str  # day | month | year


def normalise_published(raw: str) -> Published:
    """An ISO date at the precision the value was given with.

    Accepts ISO 8601 dates and datetimes (the date is taken as written, not converted
    to UTC: a late-evening timestamp in Kyiv is that day in Kyiv) in the extended or the
    basic form (``20250602``, as some TimeML DCTs give it), ``YYYY-MM``, ``YYYY``,
    RFC 2822 (feeds) and "June 2, 2025" / "2 June 2025" / "June 2025". Anything else
    raises :class:`DateError`.
    """
    text = raw.strip()
    if match := _ISO_DAY.fullmatch(text):
        if "T" in text or " " in text:
            _check_datetime(text)
        return Published(_day(*map(int, match.groups())).isoformat(), "day")
    if match := _ISO_BASIC.fullmatch(text):
        return Published(_day(*map(int, match.groups())).isoformat(), "day")
    if match := _ISO_MONTH.fullmatch(text):
        year, month = map(int, match.groups())
        _day(year, month, 1)
        return Published(f"{year:04d}-{month:02d}", "month")
    if _YEAR.fullmatch(text):
        _day(int(text), 1, 1)
        return Published(text, "year")
    for fmt in _WRITTEN:
        try:
            parsed = dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
        _day(parsed.year, parsed.month, parsed.day)
        if "%d" in fmt:
            return Published(parsed.date().isoformat(), "day")
        return Published(f"{parsed.year:04d}-{parsed.month:02d}", "month")
    sent: dt.datetime | None  # the form of an e-mail's Date header
    try:
        sent = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        sent = None
    if sent is not None:
        return Published(_day(sent.year, sent.month, sent.day).isoformat(), "day")
    raise DateError(f"published date {raw!r} is not a date this tool understands")


def _day(year: int, month: int, day: int) -> dt.date:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DateError(f"published year {year} is outside {MIN_YEAR}-{MAX_YEAR}")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateError(
            f"published date {year:04d}-{month:02d}-{day:02d} does not exist"
        ) from None


def _check_datetime(text: str) -> None:
    try:
        dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise DateError(f"published date {text!r} is not a valid ISO date-time") from None
