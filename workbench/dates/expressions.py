"""Date normalisation: a date expression as written → ISO text at a precision, with how it
was derived.

Rules, in order of trust:
- ``explicit``: the expression names the date ("June 2, 2025", "May 22nd", "in 2006"). A
  missing year is taken from the base date (the document's date, or the corpus' dominant
  year), moved back a year when that would put a past event well after the base.
- ``relative``: the expression needs a base ("on Monday", "next week", "yesterday",
  "two days ago"). It is resolved only against a base that is *given* (publication date from
  metadata or a dateline). Against an inferred base it stays unresolved, with the base shown,
  so a guessed base never turns into a confident day.
- ``none``: not a date we can place on a calendar ("a day after").

Pure functions; no spaCy. Publication dates from metadata are normalised at ingest
(``ingest.metadata.normalise_published``), not here.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_WEEKDAY_NAMES = "|".join(WEEKDAYS)  # "monday|tuesday|...", for patterns
COUNT_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}
# with the words that say "more than one" and no number
NUMBER_WORDS: dict[str, int | None] = {**COUNT_WORDS, "several": None, "few": None,
                                       "a few": None}

# A month name, full or abbreviated, as one group (``published`` uses it unnamed).
MONTH_RE = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_MONTH_RE = MONTH_RE.replace("(", "(?P<month>", 1)


def month_number(name: str) -> int | None:
    """"June", "Jun." or "Sept" → 6, 6, 9; None for anything else."""
    name = name.lower().rstrip(".")
    return MONTHS.get(name) or MONTHS.get(name[:3])


def _named_month(m: re.Match[str]) -> int:
    """The month that ``m``'s ``month`` group names: the group is MONTH_RE, so there is one."""
    month = month_number(m.group("month"))
    if month is None:
        raise ValueError(f"not a month: {m.group('month')!r}")
    return month
_DAY_RE = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR_RE = r"(?P<year>\d{4})"
# a part of a month or a year: "late June", "the end of 2005"
_PARTS = "early|mid|late|the end of|the beginning of|the start of|end of|beginning of|start of"
_PART_RE = rf"(?:(?P<part>{_PARTS})[\s-]+)?"

_PATTERNS = [
    # 2025-06-02, 2025-06
    re.compile(r"^(?P<year>\d{4})-(?P<mnum>\d{2})(?:-(?P<day>\d{2}))?$"),
    # June 2, 2025 / June 2nd 2025 / June 2 / "the Aug. 7, 1998, bombings" (a date naming
    # a thing takes its article: spaCy's entity is "the Aug. 7, 1998")
    re.compile(rf"^(?:the\s+)?{_PART_RE}{_MONTH_RE}\s+{_DAY_RE}(?:,?\s+{_YEAR_RE})?$"),
    # 2 June 2025 / the 2nd of June / 2 June
    re.compile(rf"^(?:the\s+)?{_DAY_RE}\s+(?:of\s+)?{_MONTH_RE}(?:,?\s+{_YEAR_RE})?$"),
    # (late) June 2025 / June of 2025 / June / "the January 2010 earthquake"
    re.compile(rf"^(?:the\s+)?{_PART_RE}{_MONTH_RE}(?:,?\s+(?:of\s+)?{_YEAR_RE})?$"),
    # 2025
    re.compile(rf"^(?:the\s+)?(?:year\s+)?{_YEAR_RE}$"),
]
_NUMERIC = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{2,4})$")


@dataclass(frozen=True)
class Base:
    """What relative and year-less expressions are resolved against."""

    date: dt.date | None = None
    precision: str | None = None  # day | month | year
    provenance: str = "unknown"  # given | inferred | unknown
    # the year of a base with no date: the corpus' dominant year ("corpus"), or the year
    # the article names of itself ("text", docdate.article_year)
    year_hint: int | None = None
    hint_from: str = "corpus"

    @property
    def confident(self) -> bool:
        return self.provenance == "given" and self.date is not None and self.precision == "day"

    @property
    def year(self) -> int | None:
        return self.date.year if self.date else self.year_hint

    def describe(self) -> str:
        if self.date is None:
            return f"year {self.year_hint} ({self.hint_from})" if self.year_hint else "no base date"
        return f"{iso(self.date, self.precision or 'day')} ({self.provenance})"


@dataclass(frozen=True)
class DateValue:
    value: str | None
    precision: str | None
    provenance: str  # explicit | relative | document | none
    text: str | None  # the words the date was read from; None when not read from words
    base: str | None = None

    @property
    def resolved(self) -> bool:
        return self.value is not None


_ISO_SHAPE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def precision_of(value: str | None) -> str | None:
    """The precision of an ISO value as ``iso`` writes it: "2025" year, "2025-06" month,
    "2025-06-02" day; None for no value or any other shape."""
    if not value or not _ISO_SHAPE.match(value):
        return None
    return {4: "year", 7: "month", 10: "day"}[len(value)]


def iso(day: dt.date, precision: str) -> str:
    if precision == "year":
        return f"{day.year:04d}"
    if precision == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


# "the quarter ended Sept. 30", "the six months ending June 30": a reporting period, read
# as the day it ends (the day its results are counted to)
_PERIOD_ENDED = re.compile(
    r"^(?:the\s+)?(?:(?:first|second|third|fourth|latest|last|current|fiscal|financial)\s+)?"
    r"(?:(?:fiscal|financial)\s+)?(?:year|quarter|half|period|(?:\w+\s+)?(?:months|weeks))\s+"
    r"(?:that\s+)?(?:ended|ending|ends)\s+(?=\S)")


def clean(expr: str) -> str:
    """Lower-case, tidy tokenised punctuation ("January 09 , 2008"), drop leading filler."""
    s = expr.strip().lower().replace("\u2019", "'")
    s = re.sub(r"\s+([,.])", r"\1", s)
    s = re.sub(r"\s+", " ", s).strip(" .,;:")
    s = re.sub(r"(?<=\d),(?=\d{3}\b)", "", s)  # "7,000 years ago" counts 7000 years
    s = re.sub(r"(?<!\d)'s$", "", s)  # "Monday's"; "the 1950's" is a decade, not 1950
    # a hedge says how sure the writer is, not which time: "sometime next year" is 1990
    s = re.sub(r"^(?:sometime|some time|around|approximately|roughly)\s+(?=\S)", "", s)
    s = re.sub(r"^(?:on|in|at|by|since|from|until|till|during|of|as of|before|after)\s+", "", s)
    s = re.sub(r"^over\s+(?=the\s)", "", s)  # "over the weekend", not "over 30 years ago"
    s = re.sub(r"^(?:the\s+)?(?:day|evening|morning|night|afternoon)\s+of\s+", "", s)
    # "the early hours of Thursday", "earlier Friday", "late yesterday": a time within
    # the day the rest names
    s = re.sub(r"^(?:the\s+)?(?:early|late|small|wee)\s+hours\s+of\s+", "", s)
    s = _PERIOD_ENDED.sub("", s)
    return _WITHIN_DAY.sub("", s)


_DAY_WORDS = f"today|yesterday|tomorrow|tonight|{_WEEKDAY_NAMES}"
_WITHIN_DAY = re.compile(rf"^(?:earlier|later|early|late)\s+(?=(?:{_DAY_WORDS})\b)")
# "Monday, Oct. 26", "Saturday, April 25": a weekday named beside the date it falls on
_WEEKDAY_THEN_DATE = re.compile(
    rf"^(?:{_WEEKDAY_NAMES}),?\s+(?P<date>.+)$")


def _shift_months(day: dt.date, months: int) -> dt.date:
    total = day.year * 12 + (day.month - 1) + months
    year, month = divmod(total, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


AHEAD_DAYS = 120  # how far ahead a year-less month with no tense may lie (``_pick_year``)


def _pick_year(month: int, day: int | None, base: Base, tense: str | None) -> int | None:
    """Year for a year-less month/day: the base's, unless that lands a past event far after it."""
    year = base.year
    if year is None:
        return None
    if base.date is not None:
        try:
            candidate = dt.date(year, month, day or 1)
        except ValueError:
            if (month, day) != (2, 29):
                return year
            # "February 29" in a common year: the leap year it must mean, back for a past
            # event (forward for a future one)
            step = 1 if tense == "future" else -1
            while not calendar.isleap(year):
                year += step
            return year
        ahead = (candidate - base.date).days
        if tense is None:
            # no tense to go by ("payable Jan. 2", "the NATO summit in April", told in
            # the autumn): the coming one when it lies at most four months ahead, else
            # the last one ("the flood in November", told in May)
            if ahead > AHEAD_DAYS:
                return year - 1
            if ahead < AHEAD_DAYS - 365:
                return year + 1
            return year
        if tense != "future" and ahead > 62:
            return year - 1
        if tense == "future" and -ahead > 62:
            return year + 1
    return year


def _explicit(s: str, text: str, base: Base, tense: str | None) -> DateValue | None:
    for pattern in _PATTERNS:
        m = pattern.match(s)
        if not m:
            continue
        g = m.groupdict()
        year = int(g["year"]) if g.get("year") else None
        month: int | None
        if g.get("mnum"):
            month = int(g["mnum"])
        elif g.get("month"):
            month = _named_month(m)
        else:
            month = None
        day = int(g["day"]) if g.get("day") else None
        if month is None:
            if year is None or not 1000 <= year <= 2999:
                return None
            return DateValue(f"{year:04d}", "year", "explicit", text)
        note = None
        if year is None:
            year = _pick_year(month, day, base, tense)
            if year is None:
                return DateValue(None, None, "explicit", text, "no year: no base date")
            note = f"year from {base.describe()}"
        try:
            when = dt.date(year, month, day or 1)
        except ValueError:
            return DateValue(None, None, "none", text, "not a calendar date")
        precision = "day" if day else "month"
        return DateValue(iso(when, precision), precision, "explicit", text, note)
    m = _NUMERIC.match(s)
    if m:
        return _numeric(m, text)
    return None


def _numeric(m: re.Match[str], text: str) -> DateValue | None:
    a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if year < 100:
        year += 2000
    # 6/7/2025 is ambiguous between US and European order: only trust it when one reading
    # is impossible.
    if a > 12 >= b:
        month, day = b, a
    elif b > 12 >= a:
        month, day = a, b
    elif a == b:
        month = day = a
    else:
        return DateValue(f"{year:04d}", "year", "explicit", text, "day/month order ambiguous")
    try:
        return DateValue(dt.date(year, month, day).isoformat(), "day", "explicit", text)
    except ValueError:
        return None


_REL_DAY = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "now": 0}
_REL_UNIT = re.compile(
    r"^(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|"
    r"several|few)\s+(?P<unit>day|week|month|year)s?\s+(?P<dir>ago|earlier|before|later|after|"
    r"from now|hence)$"
)
_THIS_PERIOD = re.compile(
    r"^(?:(?P<mod>earlier|later|late|early)\s+)?(?P<rel>this|last|next|the past|the previous|"
    r"the coming|the following|past|coming|previous|following)\s+(?P<unit>week|month|year|"
    r"weekend|quarter|spring|summer|autumn|fall|winter)$"
)
# Anaphoric expressions count from the date the story last named, not from the day it was
# published: "In 1984 the Mac was released. One year later he was fired" is 1985;
# "the following year", "the previous day", "the next month" likewise. (Deictic "next year",
# "last month" count from the publication date; see ``_relative``.)
_ANAPHORIC_UNIT = re.compile(
    r"^(?:only\s+|just\s+|some\s+|about\s+)?(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|"
    r"nine|ten|eleven|twelve)\s+(?P<unit>day|week|month|year)s?\s+(?P<dir>later|earlier)$"
)
# the same expression at the end of a longer span: "bankruptcy three months later"
_ANAPHORIC_TAIL = re.compile(
    r"(?:^|\s)(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
    r"\s+(?:day|week|month|year)s?\s+(?:later|earlier)$"
)
_ANAPHORIC_PERIOD = re.compile(
    r"^(?:(?:the|that)\s+(?P<rel>following|next|previous|preceding|prior|same)|that)\s+"
    r"(?P<unit>day|week|month|year|morning|afternoon|evening|night)$"
    # "earlier in the day", "later that day", "later that evening": the day named before
    r"|^(?:earlier|later)\s+(?:in\s+the|that)\s+(?P<unit2>day|morning|afternoon|evening|night)$"
)
_PART_OF_DAY = frozenset({"morning", "afternoon", "evening", "night"})
_QUALIFIED_AGO = re.compile(
    r"^(?:less than|more than|fewer than|just over|just under|over|under|about|around|nearly|"
    r"almost|roughly|some|as early as|as long as|as recently as|only|just)\s+(?P<rest>.+\sago)$"
)
# "the past week", "the last two months", "the past few days": the span that ends at the
# base, not the calendar unit before it ("last week" is Monday to Sunday of the week before)
_SPAN_TO_BASE = re.compile(
    r"^(?:the\s+)?(?:past|last)\s+(?:(?P<n>\d+|a few|few|several|one|two|three|four|"
    r"five|six|seven|eight|nine|ten|eleven|twelve)\s+)?(?P<unit>hour|day|week|month|year)s?$"
)
_SPAN_COUNT = {"a few": 4, "few": 4, "several": 7}  # the most such words can mean: a place
#   only counts when the whole span lies in it
_MONTH_OF_YEAR = re.compile(
    rf"^{_MONTH_RE}(?:,?\s+(?:of\s+)?(?P<rel>this|last|next|the same|that)\s+year)$"
)
_REL_MONTH = re.compile(
    rf"^(?P<rel>this|last|next|this past|this coming|past|coming)\s+{_MONTH_RE}"
    r"(?:\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?)?$"
)
_PART_OF_PERIOD = re.compile(
    r"^(?:the\s+)?(?P<part>beginning|start|end|middle|close|rest|remainder|first half|"
    r"second half|first part|last part)\s+of\s+(?:the|this|(?P<rel>last|next|the current|"
    r"the coming|the past))\s+(?:calendar\s+|fiscal\s+|financial\s+)?(?P<unit>year|month)$"
)
_QUARTER = re.compile(
    r"^(?:the\s+)?(?P<which>first|second|third|fourth|1st|2nd|3rd|4th|last|latest|current|"
    r"previous|past|next|final|coming|recent|most recent)\s+(?:(?:fiscal|financial|calendar)\s+)?"
    r"(?P<unit>quarter|half)(?:\s+of\s+(?:the\s+)?(?:(?P<rel>this|last|next|current)\s+)?"
    r"(?:(?:fiscal|financial|calendar)\s+)?year)?$"
)
_SEASON = re.compile(
    r"^(?:(?P<mod>early|late|mid)[\s-]+)?(?P<rel>this|last|next|this past|this coming|the coming|"
    r"the past|past|coming)\s+(?P<season>spring|summer|autumn|fall)$"
)
_SEASON_MONTHS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11)}
# Holidays on a fixed day, and US holidays on the nth (or last, -1) weekday of a month
_HOLIDAYS = {
    "christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
    "boxing day": (12, 26), "new year's eve": (12, 31), "new year's day": (1, 1),
    "new year's": (1, 1), "new year": (1, 1), "halloween": (10, 31),
    "valentine's day": (2, 14), "independence day": (7, 4), "the fourth of july": (7, 4),
    "veterans day": (11, 11), "bastille day": (7, 14),
}
_MOVING_HOLIDAYS = {  # (month, weekday, nth)
    "thanksgiving": (11, 3, 4), "thanksgiving day": (11, 3, 4), "labor day": (9, 0, 1),
    "memorial day": (5, 0, -1), "martin luther king day": (1, 0, 3), "presidents day": (2, 0, 3),
    "presidents' day": (2, 0, 3), "columbus day": (10, 0, 2),
}
_WEEKDAY = re.compile(
    r"^(?:(?:early|late|earlier|later)\s+(?:on\s+)?)?"
    r"(?:(?P<rel>last|next|this|coming|past|previous)\s+)?"
    rf"(?P<wd>{_WEEKDAY_NAMES})"
    r"(?:\s+(?P<tod>morning|afternoon|evening|night))?$"
)
_DAY_OF_MONTH = re.compile(
    r"^(?:the\s+)?(?P<day>[12]?\d|3[01])(?:st|nd|rd|th)"
    r"(?:\s+of\s+(?P<rel>this|the|last|next)\s+month)?$"
)
_TIME_OF_DAY = re.compile(
    r"^(?:(?:earlier|later)\s+)?(?:this|today's|today|last|tonight)\s*"
    r"(?:morning|afternoon|evening|night)?$|^(?:earlier|later) today$|^tonight$"
)


def _relative(s: str, text: str, base: Base, tense: str | None) -> DateValue | None:
    """Resolve a relative expression, or say why it stays unresolved."""

    def done(day: dt.date | None, precision: str | None) -> DateValue:
        if not base.confident:
            why = f"relative to {base.describe()}: not resolved against a guessed base"
            return DateValue(None, None, "relative", text, why)
        if day is None:
            return DateValue(None, None, "relative", text, base.describe())
        return DateValue(iso(day, precision or "day"), precision, "relative", text, base.describe())

    b = base.date
    if s in _REL_DAY:
        return done(b and b + dt.timedelta(days=_REL_DAY[s]), "day")
    m = re.match(r"^(yesterday|tomorrow|today)(?:'s)?\s+(?:morning|afternoon|evening|night)$", s)
    if m:
        return done(b and b + dt.timedelta(days=_REL_DAY[m.group(1)]), "day")
    if s in ("last night", "overnight"):
        return done(b and b - dt.timedelta(days=1), "day")
    if _TIME_OF_DAY.match(s):
        return done(b, "day")
    m = _REL_UNIT.match(s)
    if m:
        if m.group("dir") in ("earlier", "before", "later", "after"):
            # "a day after" counts from another event, not from the publication date.
            return DateValue(None, None, "none", text, "relative to another event")
        n = (NUMBER_WORDS.get(m.group("n"), None) if not m.group("n").isdigit()
             else int(m.group("n")))
        if n is None or b is None:
            return done(None, None)
        sign = -1 if m.group("dir") == "ago" else 1
        unit = m.group("unit")
        if unit == "day":
            return done(b + dt.timedelta(days=sign * n), "day")
        if unit == "week":
            return done(*_week_value(b + dt.timedelta(weeks=sign * n)))
        if unit == "month":
            return done(_shift_months(b, sign * n), "month")
        return done(dt.date(b.year + sign * n, 1, 1), "year")
    m = _SPAN_TO_BASE.match(s)
    if m and (m.group("n") or s.startswith(("the past", "past"))
              or s.startswith("the last") and m.group("unit") in ("week", "month", "year")):
        # "the past week", "the last two weeks", "the past 24 hours": up to the base ("last
        # week" alone is the calendar week before, below; "the last day" is most often the
        # final day of something)
        n_text = m.group("n") or "one"
        n = int(n_text) if n_text.isdigit() else _SPAN_COUNT.get(n_text) or NUMBER_WORDS[n_text]
        if b is None or not n:
            return done(None, None)
        return done(*_span_back(b, n, m.group("unit")))
    m = _THIS_PERIOD.match(s)
    if m:
        rel = m.group("rel").replace("the ", "")
        step = {"this": 0, "last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1,
                "following": 1}[rel]
        unit = m.group("unit")
        if b is None:
            return done(None, None)
        if unit == "week":
            if step == 0:  # "this week": the part of it the tense points at
                start = b - dt.timedelta(days=b.weekday())
                lo, hi = (start, b) if tense == "past" else (
                    (b, start + dt.timedelta(days=6)) if tense == "future"
                    else (start, start + dt.timedelta(days=6)))
                return done(lo if lo.month == hi.month else None,
                            "month" if lo.month == hi.month else None)
            return done(*_week_value(b + dt.timedelta(weeks=step)))
        if unit == "month":
            return done(_shift_months(b, step), "month")
        if unit in ("year", "quarter", "spring", "summer", "autumn", "fall", "winter"):
            if unit == "year":
                return done(dt.date(b.year + step, 1, 1), "year")
            if step != 0:  # "last quarter", "next summer": which year depends on the season
                return _relative_more(s, text, base, tense, done) or done(None, None)
            return done(dt.date(b.year, 1, 1), "year")
        return done(*_weekend(b, rel, tense))
    if s == "the weekend":  # "over the weekend": the one its tense points at
        return done(*_weekend(b, "last" if tense == "past" else "this", tense)
                    if b else (None, None))
    m = _DAY_OF_MONTH.match(s)
    if m and b is not None:  # "the 26th" (no month named): the nearest one its tense allows
        return done(*_day_of_month(int(m.group("day")), m.group("rel"), b, tense))
    m = _WEEKDAY.match(s)
    if m:
        if b is None:
            return done(None, None)
        target = WEEKDAYS[m.group("wd")]
        rel = m.group("rel")
        delta = (target - b.weekday()) % 7  # days forward to the next such weekday (0 = today)
        if rel in ("next", "coming"):
            day = b + dt.timedelta(days=delta or 7)
        elif rel is None and tense == "future":
            # "will be in Haiti later on Thursday", told on a Thursday: that day (a week
            # ahead is "next Thursday")
            day = b + dt.timedelta(days=delta)
        elif rel in ("last", "past", "previous") or tense == "past":
            day = b - dt.timedelta(days=(7 - delta) % 7)
            if rel and day == b:
                day -= dt.timedelta(days=7)
            elif rel == "last" and (b - day).days == 1:
                # yesterday is "yesterday" or "on Tuesday": "last Tuesday", told on a
                # Wednesday, is the Tuesday of the week before (Timeline17's Haiti: "died
                # in last Tuesday's quake", told eight days after it; TimeML's seven
                # "last <weekday>" are all two days back or more)
                day -= dt.timedelta(days=7)
        else:  # no tense: the nearest such day
            day = b + dt.timedelta(days=delta) if delta <= 3 else b - dt.timedelta(days=7 - delta)
        return done(day, "day")
    return _relative_more(s, text, base, tense, done)


def _weekend(b: dt.date, rel: str, tense: str | None) -> tuple[dt.date | None, str | None]:
    """Saturday and Sunday as one span: month precision when both lie in one month."""
    saturday = b - dt.timedelta(days=(b.weekday() - 5) % 7)  # the latest on or before b
    if rel in ("last", "past", "previous"):
        if b.weekday() >= 5:  # told on a weekend, "last weekend" is the one before
            saturday -= dt.timedelta(days=7)
    elif rel in ("next", "coming", "following"):
        saturday = b + dt.timedelta(days=(5 - b.weekday()) % 7 or 7)
    elif tense != "past" and b.weekday() < 5:  # "this weekend", not yet past: the coming one
        saturday = b + dt.timedelta(days=5 - b.weekday())
    sunday = saturday + dt.timedelta(days=1)
    if saturday.month == sunday.month:
        return saturday, "month"
    return None, None


def _day_of_month(day: int, rel: str | None, b: dt.date,
                  tense: str | None) -> tuple[dt.date | None, str | None]:
    """"The 26th": in the base's month, or the month before or after as the tense says."""

    def in_month(months: int) -> dt.date | None:
        first = _shift_months(b.replace(day=1), months)
        if day > calendar.monthrange(first.year, first.month)[1]:
            return None
        return first.replace(day=day)

    if rel:  # "the 3rd of next month"
        return in_month({"this": 0, "the": 0, "last": -1, "next": 1}[rel]), "day"
    here = in_month(0)
    if tense == "past":
        when = here if here and here <= b else in_month(-1)
    elif tense == "future":
        when = here if here and here >= b else in_month(1)
    else:  # no tense: the nearest of the three
        options = [d for d in (in_month(-1), here, in_month(1)) if d]
        when = min(options, key=lambda d: abs((d - b).days)) if options else None
    return when, "day"


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> dt.date:
    if nth > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def _holiday(name: str, year: int) -> dt.date | None:
    if name in _HOLIDAYS:
        return dt.date(year, *_HOLIDAYS[name])
    if name in _MOVING_HOLIDAYS:
        return _nth_weekday(year, *_MOVING_HOLIDAYS[name])
    if name == "black friday":
        return _nth_weekday(year, 11, 3, 4) + dt.timedelta(days=1)
    return None


def _span_back(end: dt.date, n: int, unit: str) -> tuple[dt.date | None, str | None]:
    """The ``n`` hours, days, weeks, months or years up to ``end``, placed as
    :func:`_span_until` places them."""
    if unit in ("hour", "day", "week"):
        days = {"hour": -(-n // 24), "day": n, "week": 7 * n}[unit]
        start = end - dt.timedelta(days=days)
    elif unit == "month":
        start = _shift_months(end, -n)
    else:
        start = dt.date(end.year - n, end.month, min(end.day, 28))
    return _span_until(start, end)


def _span_until(start: dt.date, end: dt.date) -> tuple[dt.date | None, str | None]:
    """Some time between ``start`` and ``end``, placed at the finest precision the whole span
    shares (June 2-16 is June; May 10-June 9 is the year; December-January is nowhere)."""
    if (start.year, start.month) == (end.year, end.month):
        return start, "month"
    return (start, "year") if start.year == end.year else (None, None)


def _relative_more(s, text, base: Base, tense, done) -> DateValue | None:
    """Named months, parts of a year, quarters, seasons and holidays counted from the base."""
    b = base.date
    m = _QUALIFIED_AGO.match(s)
    unit = _REL_UNIT.match(m.group("rest")) if m else None
    if m and unit and b is not None and s.startswith(("less than", "fewer than", "under",
                                                      "just under")):
        # "less than two weeks ago": some time between then and now, placed at the
        # precision that span shares (June 2-16 is June)
        n_text = unit.group("n")
        n = int(n_text) if n_text.isdigit() else NUMBER_WORDS.get(n_text)
        if n is None:
            return done(None, None)
        return done(*_span_back(b, n, unit.group("unit")))
    count = unit and (int(unit.group("n")) if unit.group("n").isdigit()
                      else NUMBER_WORDS.get(unit.group("n")))
    if m and unit and unit.group("unit") == "year" and count and count >= ROUND_YEARS:
        # "more than 500 years ago", "nearly 200 years ago", "over 20 years ago": a round
        # figure, or a bound, that says how long ago, not which year (read as one, "when
        # the Europeans first arrived more than 500 years ago" dated a Haiti entry 1510)
        return DateValue(None, None, "none", text, ROUND_FIGURE)
    if m:  # "about two weeks ago": the same count, told no finer than its unit allows
        inner = _relative(m.group("rest"), text, base, "past")
        day = to_date(inner.value) if inner is not None else None
        if inner is None or day is None or inner.precision != "day":
            return inner
        return done(*_week_value(day))
    m = _MONTH_OF_YEAR.match(s)
    if m:  # "January of this year": the year is the base's, whatever the tense
        if base.year is None:
            return DateValue(None, None, "explicit", text, "no year: no base date")
        step = {"last": -1, "next": 1}.get(m.group("rel"), 0)
        month = _named_month(m)
        return DateValue(f"{base.year + step:04d}-{month:02d}", "month", "explicit", text,
                         f"year from {base.describe()}")
    m = _REL_MONTH.match(s)
    if m:  # "last January": the latest January before the base; "next June": the first
        # after; "last Oct. 23", "next March 12": the latest or first such day
        if b is None:
            return done(None, None)
        month = _named_month(m)
        rel = m.group("rel")
        nth = int(m.group("day")) if m.group("day") else None
        at = (month, nth or 1)
        if rel in ("last", "past", "this past"):
            year = b.year if (at < (b.month, b.day) if nth else month < b.month) else b.year - 1
        elif rel in ("next", "coming", "this coming"):
            year = b.year if (at > (b.month, b.day) if nth else month > b.month) else b.year + 1
        else:  # "this June": the one in the base's year
            year = b.year
        if nth is None:
            return done(dt.date(year, month, 1), "month")
        try:
            return done(dt.date(year, month, nth), "day")
        except ValueError:
            return done(None, None)
    m = _PART_OF_PERIOD.match(s)
    if m:  # "the end of the year", "the beginning of next month"
        if b is None:
            return done(None, None)
        step = {"last": -1, "the past": -1, "next": 1, "the coming": 1}.get(m.group("rel"), 0)
        if m.group("unit") == "year":
            return done(dt.date(b.year + step, 1, 1), "year")
        return done(_shift_months(b, step), "month")
    m = _QUARTER.match(s)
    if m:  # a quarter or half of a (calendar or fiscal) year: placed at year precision
        if b is None:
            return done(None, None)
        which, rel = m.group("which"), m.group("rel")
        year = b.year + {"last": -1, "next": 1}.get(rel or "", 0)
        span = 3 if m.group("unit") == "quarter" else 6
        current = (b.month - 1) // span
        if which in ("last", "latest", "previous", "past", "recent", "most recent") and not rel:
            year = b.year if current > 0 else b.year - 1
        elif which in ("next", "coming") and not rel:
            year = b.year if (current + 1) * span < 12 else b.year + 1
        elif "fiscal" in s or "financial" in s:
            # "the first quarter of the financial year": fiscal years start in any month
            if which not in ("current", "final"):
                return DateValue(None, None, "none", text, "a fiscal period")
        elif which[:1] in "1234fst" and which not in ("final", "current") and not rel:
            number = {"f": 1, "1": 1, "s": 2, "2": 2, "t": 3, "3": 3}.get(which[0], 4)
            if which.startswith("fourth") or which == "4th":
                number = 4
            if tense == "past" and (number - 1) * span >= b.month:
                year = b.year - 1  # "in the fourth quarter" told in March: last year's
        return done(dt.date(year, 1, 1), "year")
    m = _SEASON.match(s)
    if m:
        if b is None:
            return done(None, None)
        first, last = _SEASON_MONTHS[m.group("season")]
        rel = m.group("rel").replace("the ", "").replace("this ", "")
        if rel in ("last", "past"):
            year = b.year if b.month > last else b.year - 1
        elif rel in ("next", "coming"):
            year = b.year if b.month < first else b.year + 1
        else:
            year = b.year
        return done(dt.date(year, 1, 1), "year")
    name = re.sub(r"^(?:this|last|next)\s+", "", s)
    this_year = _holiday(name, b.year) if b is not None else None
    if b is not None and this_year is not None:
        rel = s.split()[0] if name != s else None
        if rel == "next" or (rel is None and tense == "future"):
            day = this_year if this_year > b else _holiday(name, b.year + 1)
        elif rel == "last" or (rel is None and tense == "past"):
            day = this_year if this_year <= b else _holiday(name, b.year - 1)
        elif rel == "this" or abs((this_year - b).days) <= 183:
            day = this_year
        else:
            day = _holiday(name, b.year + (1 if this_year < b else -1))
        return done(day, "day")
    return None


def _week_value(day: dt.date) -> tuple[dt.date | None, str | None]:
    """A week is placed at month precision when it lies in one month, else left unplaced."""
    start = day - dt.timedelta(days=day.weekday())
    end = start + dt.timedelta(days=6)
    if start.month == end.month:
        return start, "month"
    return None, None


def _anaphoric(s: str, text: str, anchor: DateValue | None) -> DateValue | None:
    """"One year later", "the following day": counted from ``anchor``, the date the text
    named last. None when ``s`` is not such an expression or the anchor is too coarse."""
    m = _ANAPHORIC_UNIT.match(s)
    if m:
        n_text = m.group("n")
        n = int(n_text) if n_text.isdigit() else COUNT_WORDS[n_text]
        sign = 1 if m.group("dir") == "later" else -1
        counted = True  # "three weeks later": a day, as written
    else:
        counted = False  # "that week", "the following week": the week
        m = _ANAPHORIC_PERIOD.match(s)
        if not m:
            return None
        n = 1
        sign = {"following": 1, "next": 1, "same": 0, None: 0}.get(m.group("rel"), -1)
    if anchor is None or not anchor.value:
        return DateValue(None, None, "none", text, "relative to another event")
    start = to_date(anchor.value)
    if start is None:
        return None
    unit, have = m.group("unit") or m.groupdict().get("unit2") or "day", anchor.precision or "day"
    if unit in _PART_OF_DAY:
        unit = "day"  # "the next morning": the day after
    rank = {"year": 0, "month": 1, "day": 2}
    need = {"year": "year", "month": "month", "week": "day", "day": "day"}[unit]
    if rank[have] < rank[need]:
        return DateValue(None, None, "none", text, f"relative to {anchor.text!r} = {anchor.value}")
    step = sign * n
    if unit == "year":
        when, precision = dt.date(start.year + step, 1, 1), "year"
    elif unit == "month":
        when, precision = _shift_months(start, step), "month"
    else:
        days = step * (7 if unit == "week" else 1)
        when, precision = start + dt.timedelta(days=days), "day"
        if unit == "week" and not counted:
            # a week is placed at month precision when it lies in one month
            week_start, week_precision = _week_value(when)
            if week_start is None or week_precision is None:
                return DateValue(None, None, "none", text,
                                 f"a week across two months, relative to {anchor.text!r}")
            when, precision = week_start, week_precision
    how = "after" if step > 0 else "before" if step < 0 else "the same as"
    return DateValue(iso(when, precision), precision, "relative", text,
                     f"{abs(step) or ''} {unit}{'s' if abs(step) > 1 else ''} {how} "
                     f"{anchor.text!r} = {anchor.value}".strip())


OUT_OF_RANGE = "outside the calendar (years 1 to 9999)"
# A count of years told about or as a bound, of ``ROUND_YEARS`` or more ("more than 500
# years ago"): no year, nor the page's day
ROUND_FIGURE = "a round count of years: how long ago, not which year"
ROUND_YEARS = 10


def no_calendar_day(reason: str | None) -> bool:
    """Does a date's ``base`` say its time is one no calendar day holds ("founded 7,000
    years ago", "first arrived more than 500 years ago")?"""
    return reason in (OUT_OF_RANGE, ROUND_FIGURE)


def unplaceable(reason: str | None) -> bool:
    """Does a date's ``base`` say the claim has a time of its own that cannot be placed
    ("three months later" after an event we cannot place, a relative date whose base is a
    guess; "7,000 years ago"; "more than 500 years ago")? Its page's publication day is
    not its date."""
    return reason is not None and (reason.startswith("relative to") or no_calendar_day(reason))


def normalise(expr: str, base: Base | None = None, tense: str | None = None,
              anchor: DateValue | None = None) -> DateValue:
    """Normalise one date expression. ``tense`` is "past", "future" or None (from the verb).
    ``anchor`` is the date the text named last, for "one year later", "the next day".

    Total: an expression whose value falls off the calendar ("founded 7,000 years ago")
    is no date (provenance ``none``, the reason as its base), never an exception."""
    try:
        return _weekday_checked(_normalise(expr, base, tense, anchor))
    except (ValueError, OverflowError):
        return DateValue(None, None, "none", expr, OUT_OF_RANGE)


def _weekday_checked(found: DateValue) -> DateValue:
    """A date named with its weekday ("Monday, June 3") that does not fall on it: one of
    the two is a slip, and the reviewer is told which day the date really is (its base
    says so, shown beside the claim's date). The date is kept: a writer copies a date
    more carefully than the weekday put in front of it."""
    if found.precision != "day" or found.provenance != "explicit" or not found.text:
        return found
    m = re.match(rf"^({_WEEKDAY_NAMES})\b", clean(found.text))
    day = to_date(found.value)
    if m is None or day is None or day.weekday() == WEEKDAYS[m.group(1)]:
        return found
    note = (f"says {m.group(1).capitalize()}, but {found.value} is a "
            f"{calendar.day_name[day.weekday()]}")
    return replace(found, base=f"{found.base}; {note}" if found.base else note)


_SLIP = re.compile(r"(?:^|; )(says [A-Z][a-z]+day, but \d{4}-\d{2}-\d{2} is a [A-Z][a-z]+day)$")


def weekday_slip(base: str | None) -> tuple[str | None, str | None]:
    """A date's ``base`` split into the rest and the weekday slip ``_weekday_checked``
    recorded, if any: ("year from 2025-06-10 (given)", "says Monday, but 2025-06-03 is
    a Tuesday")."""
    m = _SLIP.search(base or "")
    if m is None:
        return base, None
    return (base or "")[:m.start()] or None, m.group(1)


_GUESSED_BASE = re.compile(r"year from (\d{4}-\d{2}-\d{2}) \(inferred\)")


def base_as_now(base: str | None, published: str | None) -> str | None:
    """A date's ``base`` as read beside its document's publication date now: a guess the
    grouping raised since ("year from 2025-05-22 (inferred)" beside "published 2025-06-02
    (inferred from the day other sources give ...)") is said to have moved, so that the
    day it was read against does not read as a second date of the page."""
    m = _GUESSED_BASE.fullmatch(base or "")
    if m is None or not published or published == m.group(1):
        return base
    return f"year from {m.group(1)} (inferred; the guess is {published} now)"


def _normalise(expr: str, base: Base | None, tense: str | None,
               anchor: DateValue | None) -> DateValue:
    base = base or Base()
    s = clean(expr)
    if not s:
        return DateValue(None, None, "none", expr)
    tail = _ANAPHORIC_TAIL.search(s)
    if tail and tail.start() > 0:
        s = s[tail.start():].strip()  # spaCy's "bankruptcy three months later"
    found = _anaphoric(s, expr, anchor)
    if found and (found.value or anchor is not None):
        return found  # with no date named before, "the following year" counts from the base
    found = _explicit(s, expr, base, tense)
    if found:
        return found
    m = _WEEKDAY_THEN_DATE.match(s)
    found = _explicit(m.group("date"), expr, base, tense) if m else None
    if found and found.value:
        return found
    m = _DAY_OF_MONTH.match(s)
    if m and not m.group("rel") and anchor is not None and anchor.precision in ("month", "day"):
        # "In May the talks stalled; on the 26th ..." : the month the text named last
        start = to_date(anchor.value)
        if start and int(m.group("day")) <= calendar.monthrange(start.year, start.month)[1]:
            when = start.replace(day=int(m.group("day")))
            return DateValue(iso(when, "day"), "day", "relative", expr,
                             f"in the month of {anchor.text!r} = {anchor.value}")
    m = (re.match(r"^(?:the\s+)?(?:first|second|third|fourth|final|1st|2nd|3rd|4th)\s+"
                  r"(?:quarter|half)\s+of\s+(\d{4})$", s)
         or re.match(r"^(?:q[1-4]|h[12])\s+(\d{4})$", s)
         # "the first three months of 2008", "the last six weeks of 2007"
         or re.match(r"^(?:the\s+)?(?:first|last|final|closing|opening)\s+(?:[\w-]+\s+)?"
                     r"(?:months|weeks|days)\s+of\s+(\d{4})$", s))
    if m:
        return DateValue(m.group(1), "year", "explicit", expr)
    m = re.match(rf"^(?:{_PARTS}|"
                 r"the summer of|the spring of|the fall of|the autumn of|the winter of|"
                 r"summer|spring|fall|autumn|winter|fiscal)[\s-]+(\d{4})$", s)
    if m:
        return DateValue(m.group(1), "year", "explicit", expr)
    rel = _relative(s, expr, base, tense)
    if rel:
        return rel
    # "Monday's discussions", "May 16th talks": spaCy sometimes includes a trailing noun.
    head = re.match(rf"^(?:{_MONTH_RE}\s+{_DAY_RE}|{_WEEKDAY_NAMES})\b", s)
    if head and head.group(0) != s:
        return _normalise(head.group(0), base, tense, None)
    return DateValue(None, None, "none", expr)


def weekday_of(expr: str) -> int | None:
    """The weekday a relative expression names ("on Monday" → 0), else None."""
    m = _WEEKDAY.match(clean(expr))
    return WEEKDAYS[m.group("wd")] if m else None


# The ``base`` of a claim dated only by its document's date (provenance ``document``).
DOCUMENT_DATE_NOTE = "document date"

# News reports what just happened: the event a story leads with, and whatever a report
# tells without a date, most likely happened at most this many days before publication.
RECENT_DAYS = 14
# A story tells the rest of its lead event when that event is this many days old at most;
# an older lead ("the quake struck on Tuesday", told a week later) is the background of a
# follow-up, whose undated sentences tell what happened since. Chosen on the two dating
# corpora (docs/QUALITY.md): 3, 4 and 5 days score alike on both; 2 or less costs the
# SemEval trial, more costs TimeML news.
LEAD_DAYS = 4

# Words that turn a story to another occasion ("Meanwhile, the battlefield remains active
# and deadly." / "Separately, ..."): what follows is not on the lead's day, until a sentence
# dates itself. Grouping opens a block at one anywhere in a sentence ("Ukraine, meanwhile,
# struck ..."); extraction stops carrying the lead's date only at one that opens the
# sentence: "Rihanna, meanwhile, performed ..." in a report of a concert is the same
# occasion told from another side (measured in docs/QUALITY.md, session 29).
_TURN = (r"(?:meanwhile|separately|elsewhere|in other news|in a separate|on another front|"
         r"in other developments)\b")
_OPENS_WITH_TURN = re.compile(r"^\W*" + _TURN, re.I)
_TURN_ANYWHERE = re.compile(r"^\W*" + _TURN + r"|\bmeanwhile\b", re.I)


def opens_another_occasion(text: str, anywhere: bool = True) -> bool:
    """Does the sentence turn the story to another occasion ("Meanwhile, ...")? With
    ``anywhere`` false, only a sentence that opens with the turn does."""
    return (_TURN_ANYWHERE if anywhere else _OPENS_WITH_TURN).search(text) is not None


def to_date(value: str | None) -> dt.date | None:
    """ISO text at any precision → the first day it covers."""
    if not value:
        return None
    parts = value.split("-")
    try:
        return dt.date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1,
                       int(parts[2]) if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None


def written_date(text: str, near: str | None) -> str | None:
    """A date as a reviewer types it ("June 10", "10 June 2025", "June 2025", "June 10th")
    as ISO, a year it leaves out taken from ``near`` (the entry's date; with none, a date
    must give its year); ISO text as it is; None for anything else, relative words
    ("yesterday") and ambiguous numbers ("10/06/2025") included."""
    text = text.strip()
    if precision_of(text):
        # ISO as it is, if the calendar has it ("2010-13-45" is no date)
        return text if to_date(text) is not None else None
    day = to_date(near)
    if day is None and not re.search(r"\b\d{4}\b", text):
        return None  # "June 10" of an undated entry: no year to take
    read = normalise(text, Base(day, "day", "given") if day else None)
    if read.provenance != "explicit" or not read.value or "ambiguous" in (
            read.base or "") or clean(text) != clean(read.text or ""):
        return None
    if day is not None and not re.search(r"\b\d{4}\b", text):
        # the entry's year, as said: "June 2" typed on an entry of January 2010 is
        # 2010-06-02 (read as the last June 2 before it, it was 2009's, in silence)
        return f"{day.year:04d}{read.value[4:]}"
    return read.value


_ISO_LIKE = re.compile(r"^\s*(\d{4})-(\d{1,2})(?:-(\d{1,2}))?\s*$")
_NUMERIC_DATE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})\s*$")
_DAY_MONTH_YEAR = re.compile(
    r"^\s*(?:(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?|([A-Za-z]+)\.?\s+(\d{1,2})"
    r"(?:st|nd|rd|th)?,?)\s+(\d{4})\s*$")


def why_not_written(text: str) -> str | None:
    """Why a date a reviewer typed is none, when it looks like one: a day its month does
    not have ("30 Feb 2010", "2010-02-30": February 2010 has 28 days), a month the year
    does not have ("2010-13"), or numbers whose order says nothing ("12/01/2010": 12
    January or 1 December). None when there is nothing more to say than that it is not a
    date."""
    m = _ISO_LIKE.match(text)
    if m:
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3) or 1)
        if not 1 <= month <= 12:
            return f"a year has 12 months, not {month}"
        last = calendar.monthrange(year, month)[1]
        return f"{calendar.month_name[month]} {year} has {last} days" if day > last else None
    m = _NUMERIC_DATE.match(text)
    if m:
        a, b = int(m.group(1)), int(m.group(2))
        readings = []
        for day, month in ((a, b), (b, a)):
            if 1 <= month <= 12 and 1 <= day <= 31:
                readings.append(f"{day} {calendar.month_name[month]}")
        if len(set(readings)) == 2:
            return f"it could be {readings[0]} or {readings[1]}; write the month's name"
        if readings:
            return f"write the month's name: {readings[0]} {m.group(3)}"
        return None
    m = _DAY_MONTH_YEAR.match(text)
    if m:
        day = int(m.group(1) or m.group(4))
        named = MONTHS.get((m.group(2) or m.group(3)).lower())
        year = int(m.group(5))
        if named is not None:
            last = calendar.monthrange(year, named)[1]
            if day > last:
                return f"{calendar.month_name[named]} {year} has {last} days"
    return None


def compatible(a: str | None, b: str | None) -> bool | None:
    """Do two ISO values at any precision agree? None when either is missing.

    "2025-06" and "2025-06-02" agree (one is coarser); "2025-05-22" and "2025-06-02" do not.
    """
    if not a or not b:
        return None
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def earlier(a: str, b: str) -> bool:
    """Is ISO value ``a`` before ``b`` at the precision both give? ("2025-05-22" is before
    "2025-06" and "2025-06-01"; "2025-06" is not before "2025-06-01": they agree.)"""
    n = min(len(a), len(b))
    return a[:n] < b[:n]


_PART = re.compile(rf"\b(?P<part>{_PARTS})[\s-]", re.IGNORECASE)
# the thirds of a month (days) and of a year (months) that "early", "mid" and "late" mean
_THIRDS = {"early": 0, "beginning of": 0, "start of": 0, "mid": 1, "late": 2, "end of": 2}


def in_part(expr: str | None, value: str, day: str) -> bool:
    """Does ``day`` (ISO) fall in the part of ``value`` (a month or a year) that ``expr``
    names? "late October" holds October 25, not October 10; "early 2005" holds March, not
    May. True when the expression names no part."""
    m = _PART.search(expr or "")
    when = to_date(day)
    if not m or when is None or len(value) not in (4, 7):
        return True
    third = _THIRDS[m.group("part").lower().removeprefix("the ")]
    position = when.day if len(value) == 7 else when.month
    size = 31 if len(value) == 7 else 12
    return third * size / 3 < position <= (third + 1) * size / 3 + (third == 2)
