"""Date normalisation on real expressions from news text."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.dates.expressions import (
    Base,
    compatible,
    earlier,
    in_part,
    normalise,
    weekday_of,
)

GIVEN = Base(dt.date(2025, 6, 3), "day", "given")  # a Tuesday
INFERRED = Base(dt.date(2025, 6, 8), "day", "inferred")
CORPUS_YEAR = Base(None, None, "unknown", 2025)
NOTHING = Base()


@pytest.mark.parametrize(
    "expr, base, tense, value, precision, provenance",
    [
        ("June 7", CORPUS_YEAR, None, "2025-06-07", "day", "explicit"),
        ("May 22nd", CORPUS_YEAR, "past", "2025-05-22", "day", "explicit"),
        ("on May 16th", GIVEN, "past", "2025-05-16", "day", "explicit"),
        ("June 2, 2025", NOTHING, None, "2025-06-02", "day", "explicit"),
        ("June 8, 2025", INFERRED, None, "2025-06-08", "day", "explicit"),
        ("2 June 2025", NOTHING, None, "2025-06-02", "day", "explicit"),
        ("January 09 , 2008", NOTHING, None, "2008-01-09", "day", "explicit"),
        ("April 28 , 2003", NOTHING, None, "2003-04-28", "day", "explicit"),
        ("in May", GIVEN, "past", "2025-05", "month", "explicit"),
        ("late June", GIVEN, "future", "2025-06", "month", "explicit"),
        ("December", GIVEN, "past", "2024-12", "month", "explicit"),
        ("June 2025", NOTHING, None, "2025-06", "month", "explicit"),
        ("2022", GIVEN, None, "2022", "year", "explicit"),
        ("in 2006", NOTHING, None, "2006", "year", "explicit"),
        ("the first quarter of 2008", NOTHING, None, "2008", "year", "explicit"),
        ("the second half of 2008", NOTHING, None, "2008", "year", "explicit"),
        ("the final quarter of 2008", NOTHING, None, "2008", "year", "explicit"),
        ("the first three months of 2008", NOTHING, None, "2008", "year", "explicit"),
        ("the last six weeks of 2007", NOTHING, None, "2007", "year", "explicit"),
        ("Q3 2008", NOTHING, None, "2008", "year", "explicit"),
        ("H1 2008", NOTHING, None, "2008", "year", "explicit"),
        ("2025-06-19", NOTHING, None, "2025-06-19", "day", "explicit"),
        ("on Monday", GIVEN, "past", "2025-06-02", "day", "relative"),
        ("Monday's", GIVEN, "past", "2025-06-02", "day", "relative"),
        ("on Sunday", GIVEN, "past", "2025-06-01", "day", "relative"),
        ("Thursday", GIVEN, "future", "2025-06-05", "day", "relative"),
        # "will be in Haiti later on Tuesday", told on a Tuesday: that day, not a week on
        ("later on Tuesday", GIVEN, "future", "2025-06-03", "day", "relative"),
        ("next Tuesday", GIVEN, "future", "2025-06-10", "day", "relative"),
        ("yesterday", GIVEN, "past", "2025-06-02", "day", "relative"),
        # "last Monday" told on a Tuesday is not yesterday but the Monday before ("died in
        # last Tuesday's quake", told eight days after it); two days back it is that day
        ("last Monday", GIVEN, "past", "2025-05-26", "day", "relative"),
        ("last Sunday", GIVEN, "past", "2025-06-01", "day", "relative"),
        ("last Tuesday", GIVEN, "past", "2025-05-27", "day", "relative"),
        ("today", GIVEN, None, "2025-06-03", "day", "relative"),
        ("this morning", GIVEN, "past", "2025-06-03", "day", "relative"),
        ("two days ago", GIVEN, "past", "2025-06-01", "day", "relative"),
        ("a month ago", GIVEN, "past", "2025-05", "month", "relative"),
        ("next week", GIVEN, "future", "2025-06", "month", "relative"),
        ("earlier this month", GIVEN, "past", "2025-06", "month", "relative"),
        ("last year", GIVEN, "past", "2024", "year", "relative"),
        ("next month", GIVEN, "future", "2025-07", "month", "relative"),
    ],
)
def test_normalise(expr, base, tense, value, precision, provenance):
    got = normalise(expr, base, tense)
    assert (got.value, got.precision, got.provenance) == (value, precision, provenance)
    assert got.text == expr


@pytest.mark.parametrize("expr", ["on Monday", "next week", "yesterday", "a month ago"])
def test_relative_dates_are_not_resolved_against_a_guessed_base(expr):
    got = normalise(expr, INFERRED, "past")
    assert got.value is None
    assert got.provenance == "relative"
    assert "2025-06-08" in got.base and "inferred" in got.base


@pytest.mark.parametrize("expr", ["a day after", "the weekend", "three-day", "every day",
                                  "the age of 25", "30-day", "the 1950's", "the 1950s"])
def test_expressions_that_place_nothing(expr):
    assert normalise(expr, GIVEN, "past").value is None


def test_year_less_date_without_any_base_stays_unplaced():
    got = normalise("June 7", NOTHING)
    assert got.value is None and got.provenance == "explicit"


def test_ambiguous_numeric_date_keeps_only_the_year():
    assert normalise("6/7/2025", NOTHING).precision == "year"
    assert normalise("19/6/2025", NOTHING).value == "2025-06-19"


def test_weekday_of():
    assert weekday_of("on Monday") == 0
    assert weekday_of("June 2") is None


@pytest.mark.parametrize("a, b, same", [("2025-06", "2025-06-02", True),
                                         ("2025-05-22", "2025-06-02", False),
                                         ("2025", "2025-06-02", True),
                                         (None, "2025", None)])
def test_compatible(a, b, same):
    assert compatible(a, b) is same


@pytest.mark.parametrize("a, b, before", [("2025-05-22", "2025-06", True),
                                           ("2025-05-22", "2025-06-01", True),
                                           ("2025-06", "2025-06-01", False),  # they agree
                                           ("2025-06-02", "2025-06-01", False),
                                           ("2024", "2025-06-01", True)])
def test_earlier_at_the_precision_both_give(a, b, before):
    assert earlier(a, b) is before


@given(st.text(max_size=60))
def test_normalise_never_raises_and_values_are_iso(text):
    got = normalise(text, GIVEN, None)
    if got.value is not None:
        assert got.precision in ("day", "month", "year")
        assert len(got.value) == {"day": 10, "month": 7, "year": 4}[got.precision]


@pytest.mark.parametrize("tense, value", [("past", "2006-03"), ("future", None)])
def test_this_week_counts_the_part_its_tense_points_at(tense, value):
    # 2006-03-28 is a Tuesday: the week runs into April, the days before it do not
    base = Base(dt.date(2006, 3, 28), "day", "given")
    assert normalise("this week", base, tense).value == value


JAN_2007 = Base(dt.date(2007, 1, 18), "day", "given")  # a Thursday


@pytest.mark.parametrize(
    "expr, tense, value, precision",
    [
        # parts of the year, quarters, seasons: placed at year precision
        ("the end of the year", "future", "2007", "year"),
        ("the beginning of next month", None, "2007-02", "month"),
        ("the last quarter", "past", "2006", "year"),
        ("the fourth quarter", "past", "2006", "year"),  # told in January: last year's
        ("next summer", None, "2007", "year"),
        ("last summer", None, "2006", "year"),
        # a named month counted from the base
        ("January of this year", "past", "2007-01", "month"),
        ("last March", None, "2006-03", "month"),
        ("next June", None, "2007-06", "month"),
        # ... with its day: the latest such day before the base, or the first after
        ("last Oct. 23", "past", "2006-10-23", "day"),  # "shot to death last Oct. 23"
        ("last January 18", None, "2006-01-18", "day"),  # told on January 18: a year ago
        ("next March 12", None, "2007-03-12", "day"),
        ("this past Dec. 3", None, "2006-12-03", "day"),
        # holidays: the one the tense points at
        ("Christmas", "past", "2006-12-25", "day"),
        ("Thanksgiving", "past", "2006-11-23", "day"),
        ("next Christmas", None, "2007-12-25", "day"),
        # qualified counts: no finer than the unit allows
        ("less than two weeks ago", "past", "2007-01", "month"),
        ("more than a year ago", "past", "2006", "year"),
        # times of day and weekdays with "early"/"late"
        ("yesterday morning", "past", "2007-01-17", "day"),
        ("Monday night", "past", "2007-01-15", "day"),
        ("late Tuesday", "past", "2007-01-16", "day"),
        # a time within a day: the day ("Earlier Friday, lawyers filed a petition")
        ("Earlier Tuesday", "past", "2007-01-16", "day"),
        ("Later Wednesday", "past", "2007-01-17", "day"),
        ("late yesterday", "past", "2007-01-17", "day"),
        ("earlier yesterday", "past", "2007-01-17", "day"),
        ("the early hours of Monday", "past", "2007-01-15", "day"),
        # a weekday beside the date it falls on: the date, which needs no counting
        ("Monday, Oct. 26", "past", "2006-10-26", "day"),
        ("on Saturday, January 13", "past", "2007-01-13", "day"),
        # a weekend is Saturday and Sunday: its month
        ("over the weekend", "past", "2007-01", "month"),
        ("last weekend", None, "2007-01", "month"),
        ("this weekend", "future", "2007-01", "month"),
        # a day of the month with no month named: the nearest one the tense allows
        ("on the 12th", "past", "2007-01-12", "day"),
        ("the 26th", "past", "2006-12-26", "day"),
        ("the 26th", "future", "2007-01-26", "day"),
        ("the 30th", None, "2007-01-30", "day"),  # no tense: nearer than December 30
        ("the 3rd of next month", None, "2007-02-03", "day"),
        # a hedge says how sure the writer is, not which time ("Sometime next year,
        # Control Data will develop ...", "born around 1650": no date was read)
        ("Sometime next year", "future", "2008", "year"),
        ("some time next month", "future", "2007-02", "month"),
        ("around 1650", "past", "1650", "year"),
        ("approximately two weeks ago", "past", "2007-01", "month"),
    ],
)
def test_more_relative_expressions(expr, tense, value, precision):
    got = normalise(expr, JAN_2007, tense)
    assert (got.value, got.precision) == (value, precision)


def test_less_than_a_span_ago_is_placed_by_the_span_up_to_now():
    # told on June 16: two weeks back is June 2, whose week runs into May, but the whole
    # span "less than two weeks ago" lies in June
    june_16 = Base(dt.date(2010, 6, 16), "day", "given")
    assert normalise("less than two weeks ago", june_16, "past").value == "2010-06"
    assert normalise("less than a month ago", june_16, "past").value == "2010"
    assert normalise("under a year ago", june_16, "past").value is None  # two years
    assert normalise("about two weeks ago", june_16, "past").value is None  # either side


@pytest.mark.parametrize("expr, value", [
    # the span that ends on the day told (April 9), placed where all of it lies
    ("the past week", "2008-04"),  # April 2-9
    ("past week", "2008-04"),
    ("the last week", "2008-04"),
    ("the past 48 hours", "2008-04"),
    ("the last two days", "2008-04"),
    ("the past month", "2008"),  # March 9 - April 9: only the year is sure
    ("the past three months", "2008"),
    ("the past few weeks", "2008"),  # "few" counted as many as it may mean
    ("the past year", None),  # April 2007 - April 2008
    ("the last several years", None),
    # the calendar unit before: Monday to Sunday of the week before, the month before
    ("last week", None),  # March 31 - April 6
    ("last month", "2008-03"),
    ("last year", "2007"),
    # "the last day" is mostly the final day of something
    ("the last day", None),
])
def test_the_past_week_is_the_span_up_to_the_day_told(expr, value):
    assert normalise(expr, Base(dt.date(2008, 4, 9), "day", "given"), "past").value == value


def test_february_29_without_a_year_is_the_leap_year_it_must_be():
    dec_2009 = Base(dt.date(2009, 12, 12), "day", "given")
    assert normalise("February 29", dec_2009, "past").value == "2008-02-29"
    assert normalise("February 29", dec_2009, "future").value == "2012-02-29"
    assert normalise("February 29, 2009", dec_2009, "past").value is None  # never was


def test_fiscal_quarter_without_a_year_is_not_placed():
    # fiscal years start in any month: Apple's first quarter of 2007 was late 2006
    assert normalise("the first quarter of the financial year", JAN_2007, "past").value is None


@pytest.mark.parametrize(
    "expr, anchor, value, precision",
    [
        ("One year later", "1984", "1985", "year"),
        ("two years earlier", "1984", "1982", "year"),
        ("the following year", "in 2001", "2002", "year"),
        ("the previous month", "March 2006", "2006-02", "month"),
        ("the next day", "June 2, 2025", "2025-06-03", "day"),
        ("three days later", "June 2, 2025", "2025-06-05", "day"),
        ("that day", "June 2, 2025", "2025-06-02", "day"),
        ("the next day", "1984", None, None),  # the year alone cannot place a day
        # spaCy sometimes takes a word before the expression into the date
        ("bankruptcy three months later", "March 2006", "2006-06", "month"),
        # parts of a day count as that day
        ("the next morning", "June 2, 2025", "2025-06-03", "day"),
        ("that evening", "June 2, 2025", "2025-06-02", "day"),
        ("the previous night", "June 2, 2025", "2025-06-01", "day"),
        ("earlier in the day", "June 2, 2025", "2025-06-02", "day"),
        ("later that day", "June 2, 2025", "2025-06-02", "day"),
        # a week is a week: its month when it lies in one, nothing when it straddles two
        ("the following week", "June 2, 2025", "2025-06", "month"),
        ("that week", "June 30, 2025", None, None),
        ("three weeks later", "June 2, 2025", "2025-06-23", "day"),
        # "In May the talks stalled; on the 26th ...": the month named before
        ("on the 26th", "in May 2025", "2025-05-26", "day"),
        ("the 30th", "February 2008", "2006-12-30", "day"),  # no such day: counted from
        #                                                      the base (past) instead
    ],
)
def test_anaphoric_expressions_count_from_the_date_named_before(expr, anchor, value, precision):
    got = normalise(expr, JAN_2007, "past", normalise(anchor, NOTHING))
    assert (got.value, got.precision) == (value, precision)


def test_anaphoric_expressions_without_an_earlier_date():
    # nothing named before: "one year later" places nothing, "the following year" is deictic
    assert normalise("One year later", JAN_2007, "past").value is None
    assert normalise("the following year", JAN_2007, None).value == "2008"


@pytest.mark.parametrize("expr,value,day,inside", [
    ("late October", "2011-10", "2011-10-10", False),
    ("late October", "2011-10", "2011-10-31", True),
    ("early December", "2010-12", "2010-12-08", True),
    ("mid-June", "2025-06", "2025-06-02", False),
    ("the end of May", "2025-05", "2025-05-30", True),
    ("early 2005", "2005", "2005-05-30", False),
    ("late 1972", "1972", "1972-11-07", True),
    ("in 2005", "2005", "2005-05-30", True),  # no part named: the whole year
])
def test_the_part_of_a_month_or_year_a_date_names(expr, value, day, inside):
    assert in_part(expr, value, day) is inside


def test_a_date_as_a_reviewer_writes_it():
    from workbench.dates.expressions import written_date

    assert written_date("June 10", "2025-06-08") == "2025-06-10"
    assert written_date("10 June 2024", None) == "2024-06-10"
    assert written_date("June 2025", None) == "2025-06"
    assert written_date("2025-06", "2024-01-01") == "2025-06"
    assert written_date("2010-13-45", None) is None  # ISO the calendar does not have
    assert written_date("2025-02-30", "2025-06-08") is None
    # no year to take, relative words, an order of day and month nobody can tell
    assert written_date("June 10", None) is None
    assert written_date("yesterday", "2025-06-08") is None
    assert written_date("10/06/2025", "2025-06-08") is None


@pytest.mark.parametrize(("typed", "why"), [
    ("30 Feb 2010", "February 2010 has 28 days"),
    ("February 29, 2009", "February 2009 has 28 days"),
    ("31 April 2009", "April 2009 has 30 days"),
    ("12/01/2010", "it could be 12 January or 1 December; write the month's name"),
    ("13/01/2010", "write the month's name: 13 January 2010"),
    ("2010-02-30", "February 2010 has 28 days"),
    ("2010-13", "a year has 12 months, not 13"),
    ("2010-02-28", None),
    # nothing more to say than that it is not a date
    ("next week", None),
    ("29 February 2008", None),
])
def test_why_a_typed_date_is_none(typed, why):
    """A reviewer who typed "30 Feb 2010" was told to write another day, not why."""
    from workbench.dates.expressions import why_not_written

    assert why_not_written(typed) == why


def test_precision_is_read_from_an_iso_value_only():
    from workbench.dates.expressions import precision_of

    assert [precision_of(v) for v in ("2025", "2025-06", "2025-06-02")] == [
        "year", "month", "day"]
    # seven characters are not a month: "June 10" was refused as "not a month date"
    assert [precision_of(v) for v in ("June 10", "2025-6-2", "10 June 2025", "")] == [
        None, None, None, None]


@pytest.mark.parametrize("expr, value", [
    ("The Aug. 7, 1998", "1998-08-07"),  # "The Aug. 7, 1998, bombings killed 224 people"
    ("the Dec. 21, 1988", "1988-12-21"),
    ("the January 2010", "2010-01"),
])
def test_a_date_naming_a_thing_is_read_with_its_article(expr, value):
    assert normalise(expr, GIVEN, None).value == value


AUTUMN_1989 = Base(dt.date(1989, 11, 2), "day", "given")


@pytest.mark.parametrize("expr, tense, value", [
    # no tense to go by: the coming month when it is at most four months ahead
    ("Jan. 2", None, "1990-01-02"),       # "The dividend is payable Jan. 2"
    ("February", None, "1990-02"),        # "agreed to purchase the line ... in February"
    ("April", None, "1989-04"),           # five months ahead: last April
    ("May", None, "1989-05"),
    # a tense decides: a past event in January is last January
    ("Jan. 2", "past", "1989-01-02"),
    ("in January", "future", "1990-01"),
])
def test_a_month_without_a_year_or_a_tense_is_the_nearest_one_ahead(expr, tense, value):
    assert normalise(expr, AUTUMN_1989, tense).value == value


@pytest.mark.parametrize("expr, value", [
    ("the quarter ended Sept. 30", "1989-09-30"),   # "Sales increased in the quarter ended ..."
    ("the six months ended Aug. 12", "1989-08-12"),
    ("the nine months ended Sept. 30", "1989-09-30"),
    ("the fiscal year ending June 30", "1989-06-30"),
])
def test_a_reporting_period_reads_as_the_day_it_ends(expr, value):
    got = normalise(expr, AUTUMN_1989, "past")
    assert (got.value, got.precision) == (value, "day")


def test_a_weekday_the_date_does_not_fall_on_is_noted_and_the_date_kept():
    """A fact-checker wants to know when a source says "Monday, June 3" and June 3 was a
    Tuesday: one of the two is wrong. The date stands (it is the more carefully written)
    and its base says what the weekday contradicts; a weekday that fits says nothing."""
    from workbench.dates.expressions import weekday_slip

    slipped = normalise("on Monday, June 3", GIVEN, "past")
    assert (slipped.value, slipped.precision) == ("2025-06-03", "day")
    rest, slip = weekday_slip(slipped.base)
    assert slip == "says Monday, but 2025-06-03 is a Tuesday"
    assert rest == "year from 2025-06-03 (given)"  # what the base said before is kept
    full = normalise("Monday, June 3, 2025", NOTHING, "past")
    assert weekday_slip(full.base) == (None, "says Monday, but 2025-06-03 is a Tuesday")
    for right in ("Tuesday, June 3", "June 3", "on Monday"):
        assert weekday_slip(normalise(right, GIVEN, "past").base)[1] is None, right
    assert weekday_slip("relative to what it says on Monday") == (
        "relative to what it says on Monday", None)


def test_a_base_read_against_a_guess_raised_since_says_the_guess_moved():
    from workbench.dates.expressions import base_as_now

    assert base_as_now("year from 2025-05-22 (inferred)", "2025-06-02") == (
        "year from 2025-05-22 (inferred; the guess is 2025-06-02 now)")
    assert base_as_now("year from 2025-06-02 (inferred)", "2025-06-02") == (
        "year from 2025-06-02 (inferred)")
    assert base_as_now("year from 2025-06-02 (given)", "2025-06-03") == (
        "year from 2025-06-02 (given)")
    assert base_as_now(None, "2025-06-02") is None
