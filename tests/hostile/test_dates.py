"""A date expression, however odd, is never an exception."""

from __future__ import annotations

import datetime as dt

import pytest

from workbench.dates.expressions import OUT_OF_RANGE, Base, normalise

GIVEN = Base(dt.date(2011, 5, 1), "day", "given")


@pytest.mark.parametrize("expr", [
    "7000 years ago", "7,000 years ago", "9000 years from now", "100000000 days ago",
    "500000 months ago", "in 9000 years", "3000000 weeks ago",
])
def test_a_date_off_the_calendar_is_no_date(expr):
    value = normalise(expr, GIVEN, "past")
    assert value.value is None
    assert value.provenance == "none"


def test_the_reason_is_kept():
    assert normalise("7000 years ago", GIVEN, "past").base == OUT_OF_RANGE


def test_ordinary_relative_dates_still_resolve():
    assert normalise("two days ago", GIVEN, "past").value == "2011-04-29"
    assert normalise("500 years ago", GIVEN, "past").value == "1511"
