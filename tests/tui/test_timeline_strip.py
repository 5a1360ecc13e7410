"""The timeline strip on its own: what its axis says for short and long stories."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from textual.app import App, ComposeResult

from workbench.review.queue import TimelineBucket
from workbench.tui.widgets.timeline import TimelineStrip


class StripApp(App):
    def compose(self) -> ComposeResult:
        yield TimelineStrip()


def buckets(*keys: str) -> list[TimelineBucket]:
    return [TimelineBucket(key=k, pending=1, accepted=0, other=0) for k in keys]


async def axis(bucket: str, data: list[TimelineBucket], current: str | None = None,
               width: int = 80) -> str:
    app = StripApp()
    async with app.run_test(size=(width, 5)) as pilot:
        strip = app.query_one(TimelineStrip)
        strip.set_data(bucket, data)
        strip.current = current
        await pilot.pause()
        return strip.render().plain.splitlines()[2]


async def test_one_year_is_labelled_by_day():
    line = await axis("day", buckets("2025-06-01", "2025-06-02", "2025-06-03"))
    assert line.startswith("06-01 →") and line.rstrip().endswith("06-03 per day")


async def test_decades_are_labelled_with_their_years_and_the_end_stays_in_view():
    months = [f"{y}-{m:02d}-01" for y in range(1955, 2012) for m in range(1, 13)]
    line = await axis("month", buckets(*months), current="2003-04-01")
    assert line.startswith("1955-01 →")
    # 684 months folded into the width left once the end label has its place, and the
    # label says how many months a column holds
    assert re.search(r"2011-12 per (\d+) months", line)
    assert line.index("▲") < line.index("2011-12")
    # the current group is named by its month, not by the month's first day, and within
    # the 80 columns (beside its ▲ under the bars when there is no room after the end)
    assert "▲ 2003-04" in line[:80] or "2003-04 ▲" in line[:80]


async def test_weeks_across_a_new_year_show_the_year():
    line = await axis("week", buckets("2024-12-23", "2024-12-30", "2025-01-06"))
    assert line.startswith("2024-12 →") and "2025-01 per week" in line


async def test_month_dated_events_show_over_their_month():
    data = [TimelineBucket(key=f"2025-06-{d:02d}", pending=int(d == 2), accepted=0, other=0,
                           month_pending=1) for d in range(1, 5)]
    app = StripApp()
    async with app.run_test(size=(80, 5)) as pilot:
        strip = app.query_one(TimelineStrip)
        strip.set_data("day", data)
        await pilot.pause()
        pending = strip.render().plain.splitlines()[0]
    assert pending.startswith("pending  ·█··")


async def test_entries_off_the_strip_are_counted_and_the_current_one_is_named():
    app = StripApp()
    async with app.run_test(size=(120, 5)) as pilot:
        strip = app.query_one(TimelineStrip)
        strip.set_data("day", buckets("2010-01-12", "2010-01-13", "2010-01-14"),
                       earlier=3, later=1)
        strip.current = "1918-10-11"
        await pilot.pause()
        line = strip.render().plain.splitlines()[2]
    assert "01-14 per day · 3 earlier, 1 later off the strip" in line
    assert "▲" not in line and "1918-10-11 is off the strip" in line


async def test_at_80_columns_the_off_strip_counts_are_short():
    app = StripApp()
    async with app.run_test(size=(80, 5)) as pilot:
        strip = app.query_one(TimelineStrip)
        strip.set_data("day", buckets("2010-01-12", "2010-01-13"), earlier=9, later=2)
        await pilot.pause()
        line = strip.render().plain.splitlines()[2]
    assert line.rstrip().endswith("01-13 per day · 9 earlier, 2 later")


async def test_the_current_group_is_named_by_its_week_or_year():
    line = await axis("week", buckets("2010-01-04", "2010-01-11"), current="2010-01-11")
    assert line.rstrip().endswith("▲ week of 2010-01-11")
    line = await axis("year", buckets("2008-01-01", "2009-01-01"), current="2009-01-01")
    assert line.rstrip().endswith("▲ 2009")


async def test_a_story_of_months_is_drawn_by_day_as_far_as_the_screen_allows():
    days = [f"2010-{m:02d}-{d:02d}" for m in (1, 2, 3) for d in range(1, 29)]  # 84 days
    wide = await axis("day", buckets(*days), width=160)
    assert wide.rstrip().endswith("03-28 per day")
    narrow = await axis("day", buckets(*days), width=80)
    per = int(re.search(r"03-28 per (\d+) days", narrow).group(1))
    assert 2 <= per <= 4


async def rows(width: int, reported_pending: int, reported_accepted: int = 0,
               days: int = 35) -> list[str]:
    keys = [(dt.date(2025, 5, 16) + dt.timedelta(days=i)).isoformat() for i in range(days)]
    app = StripApp()
    async with app.run_test(size=(width, 5)) as pilot:
        strip = app.query_one(TimelineStrip)
        strip.set_data("day", buckets(*keys), reported_pending=reported_pending,
                       reported_accepted=reported_accepted)
        await pilot.pause()
        return strip.render().plain.splitlines()


async def test_entries_a_report_dates_are_counted_beside_their_row():
    # the seeds at 80 columns: 35 days of May and June, 13 pending entries dated only by
    # their first report's day; the pending row says so after its bars, above the end
    # label (without "not drawn", as "off the strip" is left out), and the bars keep a
    # column a day
    pending, accepted, axis_line = await rows(80, 13, 1)
    assert pending.rstrip().endswith("█ · 13 dated by first report")
    assert accepted.rstrip().endswith(" · 1 dated by first report")
    assert pending.index("·") == axis_line.index("06-19")
    assert axis_line.rstrip().endswith("06-19 per day")
    # in full where there is room
    pending, accepted, _axis = await rows(120, 13)
    assert pending.rstrip().endswith("· 13 dated by first report, not drawn")
    assert accepted.rstrip() == "accepted"  # none accepted left out: nothing said


async def test_a_long_story_at_80_columns_keeps_its_bars_beside_the_count():
    # a year by day: the count, in words, takes a few columns from the bars, which still
    # fold the year evenly beside it
    without = await rows(80, 0, days=366)
    with_count = await rows(80, 1234, days=366)
    assert without[2].rstrip().endswith("per 8 days")
    assert with_count[2].rstrip().endswith("per 9 days")
    assert with_count[0].rstrip().endswith("▅ · 1234 dated by first report")


async def test_a_strip_with_no_stated_day_still_counts_the_reported_ones():
    app = StripApp()
    async with app.run_test(size=(80, 5)) as pilot:
        strip = app.query_one(TimelineStrip)
        strip.set_data("day", [], reported_pending=13)
        await pilot.pause()
        text = strip.render().plain
    assert text == "timeline  (no dated groups yet · 13 dated by first report, not drawn)"


async def test_the_current_entry_dated_by_its_first_report_is_named_as_the_queue_names_it(
        sample):
    """'▲ 2025-06-07' under an entry the queue shows as '~2025-06-07': only its first
    report's day dates it, and the strip's label says so the same way."""
    import sqlite3

    from .conftest import make_app, settle
    from .test_app import goto

    path, ids = sample
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE groups SET date_basis = 'published' WHERE id = ?", [ids["border"]])
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await goto(pilot, ids["border"])
        await settle(pilot)
        assert app.review_screen.queue.current.reported
        strip = app.review_screen.query_one(TimelineStrip)
        assert strip.render().plain.splitlines()[2].rstrip().endswith("▲ ~2025-06-07")
        await goto(pilot, ids["swap"])  # a day a source states: no tilde
        await settle(pilot)
        assert strip.render().plain.splitlines()[2].rstrip().endswith("▲ 2025-06-09")


@pytest.mark.parametrize("width", [78, 80])  # 78: the strip in the review at 80 columns
async def test_at_80_columns_the_current_day_and_the_counts_both_show(width):
    """Haiti at 80 columns: "02-28 per 2 days · 8 earlier, 3 later  ▲" — the current
    entry's day fell off the end, leaving a bare ▲; it is written under the bars beside
    its ▲, as the axis writes a day, and the counts stay whole."""
    days = [(dt.date(2010, 1, 12) + dt.timedelta(days=i)).isoformat() for i in range(48)]
    app = StripApp()
    async with app.run_test(size=(width, 5)) as pilot:
        strip = app.query_one(TimelineStrip)
        strip.set_data("day", buckets(*days), earlier=8, later=3)
        strip.current = "2010-01-12"
        await pilot.pause()
        line = strip.render().plain.splitlines()[2]
        strip.current_reported = strip.current = "2010-02-27"  # a day a report dates
        await pilot.pause()
        reported = strip.render().plain.splitlines()[2]
    for shown in (line, reported):
        assert len(shown.rstrip()) <= width, shown
        assert shown.rstrip().endswith("02-28 per 2 days · 8 earlier, 3 later"), shown
    assert "▲ 01-12" in line and "~02-27 ▲" in reported, (line, reported)


@pytest.mark.parametrize("bucket", ["week", "month"])
async def test_a_day_only_a_report_dates_reads_with_one_tilde_in_a_strip_by_week_or_month(
        bucket):
    """MJ at 80 columns (2009 to 2011, a strip by month): "~~2011-01-11 ▲" under the bars;
    the queue writes that day "~2011-01-11"."""
    days = [(dt.date(2009, 6, 25) + dt.timedelta(days=i)).isoformat() for i in range(880)]
    app = StripApp()
    async with app.run_test(size=(78, 5)) as pilot:  # the strip in the review at 80
        strip = app.query_one(TimelineStrip)
        strip.set_data(bucket, buckets(*days))
        strip.current_reported = strip.current = "2011-01-11"
        await pilot.pause()
        line = strip.render().plain.splitlines()[2]
    assert "~2011-01-11" in line and "~~" not in line, line


async def test_a_month_dated_entry_is_marked_by_its_month_even_where_the_strip_starts_inside_it():
    # the seeds: the strip starts on May 16; Trump's remark is dated "May": no day the
    # sources never gave ("2025-05-01"), and not left unmarked for starting before May 16
    line = await axis("day", buckets("2025-05-16", "2025-05-17", "2025-05-18"),
                      current="2025-05", width=120)
    assert line.rstrip().endswith("▲ 2025-05")
    assert line.index("▲") == len("05-16 →  ")  # under the strip's first column, in May
    assert "05-01" not in line
    line = await axis("day", buckets("2025-05-16", "2025-06-02"), current="2025-06",
                      width=120)
    assert line.rstrip().endswith("▲ 2025-06")
    line = await axis("day", buckets("2025-05-16", "2025-05-17"), current="2025-07",
                      width=120)
    assert "▲" not in line and "2025-07 is off the strip" in line


async def test_a_strip_too_narrow_for_bars_says_so_not_that_nothing_is_dated():
    """At 48 columns a tester read "no dated groups yet" over hundreds of dated entries."""
    app = StripApp()
    async with app.run_test(size=(34, 5)) as pilot:
        strip = app.query_one(TimelineStrip)
        strip.set_data("day", buckets("2025-06-01", "2025-06-02"), reported_pending=514)
        await pilot.pause()
        text = strip.render().plain
    assert text == "timeline  (too narrow to draw: widen the window)"
