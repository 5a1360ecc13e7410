"""A date expression, however odd, is never an exception."""

from __future__ import annotations

import datetime as dt

import pytest

from workbench.dates.expressions import OUT_OF_RANGE, Base, normalise, unplaceable

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


@pytest.mark.parametrize("expr", ["7000 years ago", "7,000 years ago"])
def test_the_reason_is_kept_however_the_count_is_written(expr):
    assert normalise(expr, GIVEN, "past").base == OUT_OF_RANGE


@pytest.mark.parametrize("expr", [
    "more than 500 years ago", "nearly 200 years ago", "over 20 years ago",
    "about ten years ago", "some 30 years ago",
])
def test_a_round_count_of_years_says_how_long_ago_not_which_year(expr):
    # "When the Europeans first arrived more than 500 years ago" dated a Haiti entry
    # "1510 (year)", which a chronology printed as the year it happened
    value = normalise(expr, GIVEN, "past")
    assert (value.value, value.provenance) == (None, "none")
    assert unplaceable(value.base)  # nor is it the day its page was published


def test_a_short_count_of_years_told_about_is_still_its_year():
    assert normalise("more than three years ago", GIVEN, "past").value == "2008"
    assert normalise("about two years ago", GIVEN, "past").value == "2009"


def test_a_claim_off_the_calendar_is_undated_in_a_build(tmp_path):
    """"The town was founded 7,000 years ago", in an article published 7 March 2012,
    was dated 7 March 2012 (the publication day), and its entry read "7 March 2012
    (reported)"; the docs say no date."""
    from builders import write_article
    from click.testing import CliRunner

    from workbench.cli import cli
    from workbench.db import connect

    folder = tmp_path / "old"
    write_article(folder, "o1", "The town was founded 7,000 years ago, historians said.\n"
                  "The dam collapsed 100000000 days ago, the report said.\n"
                  "The settlement was abandoned 500 years ago, historians said.\n"
                  "The temple fell more than 500 years ago, experts said.\n",
                  "2012-03-07")
    db_path = tmp_path / "w.db"
    result = CliRunner().invoke(cli, ["--db", str(db_path), "-q", "build", str(folder)])
    assert result.exit_code == 0, result.output
    db = connect(db_path, create=False)
    try:
        rows = db.execute(
            "SELECT c.text, c.date, c.date_provenance, g.event_date FROM claims c JOIN "
            "group_members m ON m.claim_id = c.id JOIN groups g ON g.id = m.group_id").fetchall()
    finally:
        db.conn.close()
    got = {text.split()[1]: (date, provenance, entry) for text, date, provenance, entry in rows}
    assert got["town"] == (None, "none", None)
    assert got["dam"] == (None, "none", None)
    assert got["settlement"] == ("1512", "relative", "1512")
    assert got["temple"] == (None, "none", None)  # not 1512, nor the day of the page
