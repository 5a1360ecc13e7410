"""The queue: order, filters, search, paging, positions and resume."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from builders import log_new_evidence

from workbench.review import actions
from workbench.review.queue import (
    STATUS_ONLY,
    Filter,
    bucket_of,
    count,
    finder_index,
    finder_match,
    finder_nearest,
    fts_query,
    next_matching,
    out_of_view,
    page,
    position,
    progress,
    resume_group,
    timeline,
)


def ids_of(rows):
    return [r.id for r in rows]


def test_default_order_is_pending_first_then_by_date(conn, ids):
    rows = page(conn, Filter(), 0, 100)
    statuses = [r.status for r in rows]
    assert statuses == sorted(statuses, key=lambda s: s != "pending")
    pending_dates = [r.event_date for r in rows if r.status == "pending" and r.event_date]
    assert pending_dates == sorted(pending_dates, key=lambda d: d + "~")  # month after days
    # undated pending groups come after the dated ones, decided groups last
    assert rows[-1].id == ids["drones"]
    assert rows[-2].id == ids["planned"]
    # of the decided, what the chronology keeps before what it leaves out: an entry just
    # accepted had gone to the very bottom, under the rejected ones
    conn.execute("UPDATE groups SET status = 'rejected' WHERE id = ?", [ids["drones"]])
    conn.execute("UPDATE groups SET status = 'accepted' WHERE id = ?", [ids["border"]])
    for sort in ("queue", "importance"):
        rows = page(conn, Filter(sort=sort), 0, 100)
        assert [(r.id, r.status) for r in rows][-2:] == [
            (ids["border"], "accepted"), (ids["drones"], "rejected")], sort


@pytest.mark.parametrize(
    "flt, expected",
    [
        (Filter(conflicts_only=True), {"talks", "prisoners"}),
        (Filter(multi_source=True), {"talks", "prisoners"}),
        (Filter(status="accepted"), {"drones"}),
        (Filter(search="istanbul"), {"talks"}),
        (Filter(search="medinsk"), {"prisoners"}),  # prefix match on a claim
        (Filter(source="Evening Post"), {"talks", "swap", "border", "drones", "planned"}),
        # a month-precision date overlaps any range inside its month
        (Filter(date_from="2025-06-07", date_to="2025-06-09"), {"swap", "border", "ceasefire"}),
        (Filter(date_to="2025-06-01"), {"drones", "ceasefire"}),
        (Filter(date_from="2025-06-03", date_to="2025-06-06"), {"ceasefire"}),
        (Filter(conflicts_only=True, search="prisoners"), {"prisoners"}),
    ],
)
def test_filters(conn, ids, flt, expected):
    got = set(ids_of(page(conn, flt, 0, 100)))
    assert got == {ids[name] for name in expected}
    assert count(conn, flt) == len(expected)


def test_changed_since_review_filter(conn, ids):
    conn.execute("UPDATE groups SET changed_since_review = 1 WHERE id = ?", [ids["drones"]])
    conn.commit()
    assert ids_of(page(conn, Filter(changed_only=True), 0, 10)) == [ids["drones"]]
    assert page(conn, Filter(), 0, 100)[-1].changed  # shown as "*" in the queue


def test_filter_round_trips_through_settings_json():
    flt = Filter(status="pending", conflicts_only=True, search="x", sort="date", date_to="2025")
    assert Filter.from_json(flt.to_json()) == flt
    assert Filter.from_json({"sort": "nonsense", "status": "maybe", "bogus": 1}) == Filter()
    assert Filter.from_json(None) == Filter()


def test_date_range_prefix_includes_whole_month(conn, ids):
    got = set(ids_of(page(conn, Filter(date_from="2025-06", date_to="2025-06"), 0, 100)))
    assert ids["ceasefire"] in got and ids["swap"] in got


@pytest.mark.parametrize("typed", ['"unbalanced', "AND OR NOT", "*", "near(", "-x", ""])
def test_search_never_raises_on_what_people_type(conn, typed):
    page(conn, Filter(search=typed), 0, 10)  # must not raise an FTS syntax error
    assert fts_query("Istanbul, June") == '"Istanbul"* AND "June"*'
    assert fts_query("1,000 troops") == '"1 000"* AND "troops"*'  # a number is one term


def test_a_number_with_separators_is_searched_whole():
    """`/1,000` listed 65 entries, the first about "9-10,000 troops": the index splits
    "1,000" into "1" and "000", and each was searched alone."""
    from workbench.review.queue import first_match, match_spans

    texts = ["Up to 9-10,000 troops will arrive.", "At least 1,000 people were rescued."]
    assert first_match(texts, "1,000") == 1
    assert first_match(texts, "10,000") == 0
    assert match_spans(texts[1], "1,000") == [(9, 14)]
    assert match_spans(texts[1], "people 1") == [(9, 14), (15, 21)]  # "1" marked with its number


def test_an_abbreviation_with_dots_and_a_number_without_separators_find_what_they_say(conn):
    """A tester's `/U.N.` on a quake story listed 150 entries, the first about "The US is
    sending troops": it searched a word starting "u" and one starting "n". `/200000` found
    nothing where reports write "200,000"."""
    from workbench.review.queue import first_match, match_spans

    texts = ["The US is sending 3,500 troops.", "The U.N. says 200,000 died."]
    assert first_match(texts, "U.N.") == 1 and first_match(texts, "u.n") == 1
    assert first_match(texts, "200000") == 1 and first_match(texts, "3500 troops") == 0
    assert match_spans(texts[1], "U.N. 200000") == [(4, 8), (14, 21)]
    # and the index is asked the same, combined with other words
    conn.execute("UPDATE claims SET text = 'The U.N. counted 6,000 bodies.' WHERE id = "
                 "(SELECT min(claim_id) FROM group_members)")
    found = ids_of(page(conn, Filter(search="6000 bodies"), 0, 100))
    assert ids_of(page(conn, Filter(search="U.N."), 0, 100)) == found and len(found) == 1
    assert ids_of(page(conn, Filter(search="U.S."), 0, 100)) == []
    # its letters are whole words: "U need" is no U.N. (a tester's second try found two)
    conn.execute("UPDATE claims SET text = 'If U need to get in touch, call.' WHERE id = "
                 "(SELECT min(claim_id) FROM group_members)")
    assert ids_of(page(conn, Filter(search="U.N."), 0, 100)) == []
    assert first_match(["If U need to get in touch"], "U.N.") is None


def test_paging_covers_the_queue_exactly_once(conn):
    whole = ids_of(page(conn, Filter(), 0, 100))
    pieces = (
        ids_of(page(conn, Filter(), 0, 4))
        + ids_of(page(conn, Filter(), 4, 4))
        + ids_of(page(conn, Filter(), 8, 4))
    )
    assert pieces == whole


@pytest.mark.parametrize("sort", ["queue", "date", "sources"])
def test_position_matches_the_page_order(conn, sort):
    flt = Filter(sort=sort)
    for index, row in enumerate(page(conn, flt, 0, 100)):
        assert position(conn, flt, row.id) == index


def test_by_date_is_the_chronology_order_and_the_queue_puts_reported_days_after(conn):
    """Sorted "by date", ~2025-05-22 (a day only a report's publication gives) came after
    2025-06-19; the queue's own order keeps the days the sources state first."""
    first, *_rest, last = [r for r in page(conn, Filter(sort="date"), 0, 100) if r.event_date]
    assert first.event_date + "~" < last.event_date + "~"  # (a month after its days)
    conn.execute("UPDATE groups SET date_basis = 'published' WHERE id = ?", [first.id])
    by_date = [r.id for r in page(conn, Filter(sort="date"), 0, 100)]
    assert by_date.index(first.id) < by_date.index(last.id)
    conn.execute("UPDATE groups SET status = 'pending' WHERE id IN (?, ?)", [first.id, last.id])
    queue = [r.id for r in page(conn, Filter(sort="queue"), 0, 100)]
    assert queue.index(first.id) > queue.index(last.id)


def test_position_of_a_group_outside_the_filter_is_none(conn, ids):
    assert position(conn, Filter(status="pending"), ids["drones"]) is None


def test_next_pending_and_next_conflict(conn, ids):
    order = ids_of(page(conn, Filter(), 0, 100))
    assert next_matching(conn, Filter(), order[0], pending=True) == order[1]
    first_conflict = next_matching(conn, Filter(), None, conflict=True)
    assert first_conflict == ids["talks"]
    assert next_matching(conn, Filter(), ids["talks"], conflict=True) == ids["prisoners"]
    # wraps around
    assert next_matching(conn, Filter(), ids["prisoners"], conflict=True) == ids["talks"]


def test_progress_counts(conn, ids):
    p = progress(conn)
    assert (p.total, p.pending, p.accepted, p.rejected, p.reviewed) == (9, 8, 1, 0, 1)


def test_resume_lands_on_first_pending_after_last_decision(conn, ids):
    assert resume_group(conn, Filter()) == page(conn, Filter(), 0, 1)[0].id
    actions.decide(conn, ids["fidan"], "accept", version=1, reviewer="t")
    # fidan is 2025-06-02 (id 3): next pending by date is umerov (2025-06-02, id 7)
    assert resume_group(conn, Filter()) == ids["umerov"]
    actions.decide(conn, ids["swap"], "reject", version=1, reviewer="t")
    # June 9 is the last day: June as a whole (dated by "no ceasefire" alone) comes after
    # its days, as in the chronology
    assert resume_group(conn, Filter()) == ids["ceasefire"]
    actions.decide(conn, ids["ceasefire"], "reject", version=1, reviewer="t")
    # after the last dated group: the undated pending one
    assert resume_group(conn, Filter()) == ids["planned"]


def test_resume_ignores_what_other_stages_logged(conn, ids):
    actions.decide(conn, ids["fidan"], "accept", version=1, reviewer="t")
    log_new_evidence(conn, ids["swap"])
    assert resume_group(conn, Filter()) == ids["umerov"]


def test_timeline_buckets_by_day_with_gaps(conn, ids):
    bucket, buckets = (strip := timeline(conn)).bucket, strip.buckets
    assert (strip.earlier, strip.later) == (0, 0)
    assert (strip.reported_pending, strip.reported_accepted) == (0, 0)
    assert bucket == "day"
    assert [b.key for b in buckets][:2] == ["2025-06-01", "2025-06-02"]
    assert len(buckets) == 9  # June 1..9, gaps included
    first = buckets[0]
    assert (first.accepted, first.pending) == (1, 0)
    assert sum(b.total for b in buckets) == 7  # month-precision and undated have no day
    # ... but the month-dated one ("No ceasefire was agreed", June) is over all of June
    assert all((b.month_pending, b.month_accepted) == (1, 0) for b in buckets)


def test_a_story_spanning_decades_keeps_every_event_on_the_strip(conn, ids):
    # A profile: born 1955, died 2011. Weekly buckets over 56 years used to be cut off at
    # 2,000 weeks (1993), so every recent event fell off the strip.
    conn.execute("UPDATE groups SET event_date = '1955-02-24', date_precision = 'day' "
                 "WHERE id = ?", [ids["swap"]])
    conn.execute("UPDATE groups SET event_date = '2011-10-05', date_precision = 'day' "
                 "WHERE id = ?", [ids["border"]])
    bucket, buckets = (strip := timeline(conn)).bucket, strip.buckets
    assert bucket == "month"
    assert (strip.earlier, strip.later) == (0, 0)  # two of seven: the story's own span
    assert (buckets[0].key, buckets[-1].key) == ("1955-02-01", "2025-06-01")
    assert len(buckets) == (2025 - 1955) * 12 + 5  # every month, gaps included
    assert sum(b.total for b in buckets) == 7  # no event lost
    assert bucket_of("2011-10-05", bucket) == "2011-10-01"
    assert any(b.key == "2011-10-01" and b.total == 1 for b in buckets)


def test_a_history_recalled_in_a_big_story_is_counted_off_the_strip_not_drawn():
    # 60 entries over six weeks of 2010 and one "1918 quake" recalled beside them: drawn
    # over 92 years the story's weeks would be one column; it stays a strip of days, and
    # the reviewer is told how many entries lie off it.
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE groups (event_date TEXT, status TEXT, background INTEGER, "
                 "date_basis TEXT)")
    days = [dt.date(2010, 1, 12) + dt.timedelta(days=i % 42) for i in range(60)]
    rows = [(d.isoformat(), "pending", 0, None) for d in days]
    rows += [("1918-10-11", "pending", 0, None), ("1918-10", "accepted", 0, None),
             # dated by their year alone: off the strip as well, and counted so
             ("1918", "pending", 0, None), ("2011", "pending", 0, None),
             ("2010", "pending", 0, None)]
    conn.executemany("INSERT INTO groups VALUES (?, ?, ?, ?)", rows)
    strip = timeline(conn)
    assert strip.bucket == "day"  # (days up to a year: the strip folds them to its width)
    assert (strip.buckets[0].key, strip.buckets[-1].key) == ("2010-01-12", "2010-02-22")
    assert (strip.earlier, strip.later) == (3, 1)
    assert sum(b.total for b in strip.buckets) == 60
    # as many far-off entries as the story's own: they are the story, and drawn
    conn.executemany("INSERT INTO groups VALUES (?, ?, ?, ?)",
                     [(f"19{y}-05-01", "pending", 0, None) for y in range(10, 70)])
    strip = timeline(conn)
    assert strip.buckets[0].key.startswith("1910") and strip.earlier == 0


def test_a_month_the_strip_begins_inside_is_drawn_not_counted_off_it():
    # the story runs from January 25; "January" (its 1st is before the strip) is over the
    # strip's January days, and only the 1918 quake is off the strip
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE groups (event_date TEXT, status TEXT, background INTEGER, "
                 "date_basis TEXT)")
    days = [(dt.date(2010, 1, 25) + dt.timedelta(days=i % 12)).isoformat() for i in range(60)]
    conn.executemany("INSERT INTO groups VALUES (?, 'pending', 0, NULL)",
                     [(d,) for d in days] + [("2010-01",), ("1918-10-11",)])
    strip = timeline(conn)
    assert strip.buckets[0].key == "2010-01-25"
    assert (strip.earlier, strip.later) == (1, 0)
    assert strip.buckets[0].month_pending == 1


def test_a_story_of_months_is_counted_by_day_and_two_years_by_week():
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE groups (event_date TEXT, status TEXT, background INTEGER, "
                 "date_basis TEXT)")
    start = dt.date(2010, 1, 12)
    conn.executemany("INSERT INTO groups VALUES (?, ?, 0, NULL)",
                     [((start + dt.timedelta(days=i)).isoformat(), "pending")
                      for i in range(0, 300, 3)])
    assert timeline(conn).bucket == "day"
    conn.executemany("INSERT INTO groups VALUES (?, ?, 0, NULL)",
                     [((start + dt.timedelta(days=i)).isoformat(), "pending")
                      for i in range(300, 600, 3)])
    assert timeline(conn).bucket == "week"


def test_dates_at_the_calendars_ends_do_not_break_the_strip():
    # a reviewer may type any date the calendar has: the strip still draws
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE groups (event_date TEXT, status TEXT, background INTEGER, "
                 "date_basis TEXT)")
    conn.executemany("INSERT INTO groups VALUES (?, 'pending', 0, NULL)",
                     [("0001-01-01",), ("2025-06-02",), ("9999-12-31",)])
    strip = timeline(conn)
    assert strip.bucket == "year" and sum(b.total for b in strip.buckets) == 3
    conn.executemany("INSERT INTO groups VALUES (?, 'pending', 0, NULL)",
                     [("2025-06-02",)] * 40)
    strip = timeline(conn)
    assert (strip.bucket, strip.earlier, strip.later) == ("day", 1, 1)


def test_a_story_of_one_day_keeps_the_days_around_it():
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE groups (event_date TEXT, status TEXT, background INTEGER, "
                 "date_basis TEXT)")
    rows = [("2025-06-02", "pending", 0, None)] * 40 + [("2025-06-09", "pending", 0, None)]
    conn.executemany("INSERT INTO groups VALUES (?, ?, ?, ?)", rows)
    strip = timeline(conn)
    assert (strip.buckets[0].key, strip.buckets[-1].key) == ("2025-06-02", "2025-06-09")
    assert (strip.earlier, strip.later) == (0, 0)


def test_entries_a_report_dates_are_counted_by_status_not_drawn():
    # the seeds: most entries are dated only by the day their first report came out
    # ("~2025-06-08" in the queue); the strip does not draw them, it counts them, so an
    # empty pending row can say why it is empty
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE groups (event_date TEXT, status TEXT, background INTEGER, "
                 "date_basis TEXT)")
    rows = [("2025-06-02", "accepted", 0, "sources"), ("2025-06-07", "accepted", 0, None)]
    rows += [("2025-06-08", "pending", 0, "published")] * 3
    rows += [("2025-05-22", "skipped", 0, "published"), ("2025-06-08", "accepted", 0,
             "published"), ("2025-06-08", "rejected", 0, "published")]
    rows += [("2025-06-08", "pending", 1, "published")]  # background: never on the strip
    conn.executemany("INSERT INTO groups VALUES (?, ?, ?, ?)", rows)
    strip = timeline(conn)
    assert (strip.buckets[0].key, strip.buckets[-1].key) == ("2025-06-02", "2025-06-07")
    assert sum(b.total for b in strip.buckets) == 2  # the stated days only
    assert (strip.reported_pending, strip.reported_accepted) == (4, 1)
    # with no stated day at all the strip is empty, and still counts them
    conn.execute("DELETE FROM groups WHERE coalesce(date_basis, '') != 'published'")
    strip = timeline(conn)
    assert strip.buckets == [] and (strip.reported_pending, strip.reported_accepted) == (4, 1)


@pytest.mark.parametrize("bucket,expected", [
    ("day", "2025-06-05"), ("week", "2025-06-02"), ("month", "2025-06-01"),
    ("year", "2025-01-01")])
def test_a_groups_place_on_the_strip_is_the_first_day_of_its_bucket(bucket, expected):
    assert bucket_of("2025-06-05", bucket) == expected
    assert bucket_of("2025", bucket) is None  # a year has no place of its own


def test_a_month_dated_group_is_on_the_strip_over_its_month(conn, ids):
    # only the month-dated group left dated: the strip spans its month instead of nothing
    conn.execute("UPDATE groups SET event_date = NULL WHERE length(event_date) = 10")
    buckets = timeline(conn).buckets
    assert (buckets[0].key, buckets[-1].key) == ("2025-06-01", "2025-06-30")
    assert all(b.month_pending == 1 and b.total == 0 for b in buckets)
    assert bucket_of("2025-06", "day") == "2025-06-01"


def test_finder_fuzzy_and_nearest(conn, ids):
    index = finder_index(conn)
    assert finder_match(index, "prisoner exchange")[0].id == ids["swap"]
    found = finder_match(index, "prisoner exchange", exclude={ids["swap"]})
    assert ids["swap"] not in [f.id for f in found]
    assert found[0].id == ids["prisoners"]
    assert finder_match(index, "istambul talks")[0].id == ids["talks"]  # a typo is forgiven
    near = finder_nearest(conn, "2025-06-08", limit=2)
    assert {f.id for f in near} == {ids["swap"], ids["border"]}
    # commentary dated the same day comes after every entry, however near its date
    conn.execute("UPDATE groups SET background = 1 WHERE id = ?", [ids["swap"]])
    near = finder_nearest(conn, "2025-06-08")
    assert near[-1].id == ids["swap"] and not any(f.background for f in near[:-1])


def test_a_typed_finder_search_lists_entries_before_background_that_matches_better(conn, ids):
    # a one-line background fragment matches "talks istanbul" better than the occasion does
    background = conn.execute(
        "INSERT INTO groups(title, sources, background, status, created_at, updated_at) "
        "VALUES ('Talks in Istanbul.', 1, 1, 'pending', '', '') RETURNING id"
    ).fetchone()[0]
    found = [f.id for f in finder_match(finder_index(conn), "talks istanbul")]
    assert found.index(ids["talks"]) < found.index(background)
    # background is still found: first when no entry matches nearly as well
    others = {ids["talks"], ids["prisoners"], ids["fidan"]}
    assert finder_match(finder_index(conn), "talks in istanbul", exclude=others)[0].id == background


def test_a_title_that_begins_with_what_was_typed_comes_first_in_the_finder(conn, ids):
    """A tester typed the start of an accepted title word for word ("UN headquarters")
    and found it second or lower, below titles that merely hold the same words."""
    def made(title: str) -> int:
        return conn.execute(
            "INSERT INTO groups(title, sources, background, status, created_at, updated_at) "
            "VALUES (?, 1, 0, 'pending', '', '') RETURNING id", [title]).fetchone()[0]

    others = [made("Staff trapped at the UN headquarters in the capital"),
              made("Rescuers search UN headquarters rubble")]
    wanted = made("UN headquarters collapses, killing its chief")
    found = [f.id for f in finder_match(finder_index(conn), "UN headquarters")]
    assert found[0] == wanted and set(others) <= set(found)


def test_a_search_for_a_group_merged_away_says_where_it_went(conn, ids):
    """After a merge, "/#28" said only "no group matches the filter"."""
    from workbench.review.queue import what_became_of

    actions.merge(conn, {ids["swap"]: 1}, ids["border"], target_version=1, reviewer="a")
    assert what_became_of(conn, f"#{ids['swap']} #{ids['talks']} #9999") == [
        f"#{ids['swap']} was merged into #{ids['border']}", "there is no group #9999 now"]
    actions.undo(conn)  # an undone merge is no answer: the group is back
    assert what_became_of(conn, f"#{ids['swap']}") == []


def test_the_finder_puts_the_group_a_number_names_first(conn, ids):
    """A tester typed "#26" in the merge finder and Enter merged into #28, the top row."""
    index = finder_index(conn)
    assert [f.id for f in finder_match(index, f"#{ids['swap']}")] == [ids["swap"]]
    found = [f.id for f in finder_match(index, f"#{ids['swap']} talks")]
    assert found[0] == ids["swap"] and ids["talks"] in found
    assert finder_match(index, f"#{ids['swap']}", exclude={ids["swap"]}) == []


def test_first_match_finds_the_claim_a_search_found():
    from workbench.review.queue import first_match

    texts = ["The quake struck at dusk.", "Rescuers dug through the rubble overnight.",
             "More rubble was cleared."]
    assert first_match(texts, "rubble") == 1
    assert first_match(texts, "RUBB clear") == 2  # every word, as a prefix, any case
    assert first_match(texts, "tsunami") is None
    assert first_match(texts, "  ,, ") is None


def test_a_search_for_a_group_number_finds_that_group(conn, ids):
    """A split said "moved 3 claims from #1786 to new group #3694", and `/#3694` found
    nothing: a tester could not get to the group the message named."""
    talks = ids["talks"]
    assert ids_of(page(conn, Filter(search=f"#{talks}"), 0, 100)) == [talks]
    assert set(ids_of(page(conn, Filter(search=f"#{talks} #{ids['swap']}"), 0, 100))) == {
        talks, ids["swap"]}
    # with words too, both must hold; the number is no word to find in the text
    assert count(conn, Filter(search=f"#{talks} tsunami")) == 0
    assert fts_query(f"#{talks} rubble") == '"rubble"*'
    from workbench.review.queue import first_match
    assert first_match([f"A report of {talks} people."], f"#{talks}") is None


def test_a_search_for_a_date_finds_the_groups_of_that_date(conn, ids):
    """A tester typed `/2010-01-12` to find the day of the quake and got nothing, with no
    word why, while the merge finder takes dates: a day or a month as the queue shows
    them finds the groups it overlaps, as the filter's dates do."""
    on_day = ids_of(page(conn, Filter(search="2025-06-02"), 0, 100))
    assert ids["talks"] in on_day and ids["swap"] not in on_day
    dates = {conn.execute("SELECT event_date FROM groups WHERE id = ?", [g]).fetchone()[0]
             for g in on_day}
    assert dates <= {"2025-06-02", "2025-06"}  # the day, and June, which holds it
    assert count(conn, Filter(search="2025-06")) == count(conn, Filter(
        date_from="2025-06", date_to="2025-06"))
    # with words, both hold; the date is no word to find in the text
    assert count(conn, Filter(search="2025-06-02 tsunami")) == 0
    assert fts_query("2025-06-02 talks") == '"talks"*'


def test_a_search_of_punctuation_alone_says_it_finds_nothing_to_narrow_by(conn):
    """`/"` and `/*` showed every entry under a header naming a search."""
    everything = count(conn, Filter())
    flt = Filter(search='"')
    assert count(conn, flt) == everything
    assert flt.describe() == '/" (no word to find: all shown)'
    assert Filter(search="talks").describe() == "/talks"


def test_by_date_puts_a_month_after_its_days_as_the_export_does(conn):
    """A tester sorted by date: "2025-05" (Trump, "in May") came before "2025-05-16"; the
    exported chronology lists 16 May first, then May 2025. The order the seeds open with
    (pending first, by date) did the same."""
    import sqlite_utils

    from workbench.export.reader import load_chronology

    day, month = [r.id for r in page(conn, Filter(sort="date"), 0, 100) if r.event_date][:2]
    conn.execute("UPDATE groups SET event_date = '2025-05-16', date_precision = 'day', "
                 "date_basis = NULL, status = 'pending', sources = 2 WHERE id = ?", [day])
    conn.execute("UPDATE groups SET event_date = '2025-05', date_precision = 'month', "
                 "date_basis = NULL, status = 'pending', sources = 2 WHERE id = ?", [month])
    for sort in ("date", "queue", "sources"):
        shown = [r.id for r in page(conn, Filter(sort=sort), 0, 100)]
        assert shown.index(day) < shown.index(month), sort
    conn.execute("UPDATE groups SET status = 'accepted' WHERE id IN (?, ?)", [day, month])
    exported = [e.group_id for e in load_chronology(sqlite_utils.Database(conn)).events]
    assert exported.index(day) < exported.index(month)


def test_a_search_finds_entries_whose_words_start_as_typed_not_their_stems(conn, ids):
    """Stemmed, "elections" became the prefix "elect" and found an entry about electricity,
    in which the detail pane found no claim to show: a search finds what it marks."""
    doc = conn.execute("SELECT id FROM documents LIMIT 1").fetchone()[0]

    def add(*claims: tuple[str, str]) -> None:  # (the entry's key, the claim's words)
        for key, text in claims:
            claim = conn.execute(
                "INSERT INTO claims(document_id, char_start, char_end, text, created_at) "
                "VALUES (?, 0, ?, ?, '') RETURNING id", [doc, len(text), text]).fetchone()[0]
            conn.execute("INSERT INTO group_members(claim_id, group_id) VALUES (?, ?)",
                         [claim, ids[key]])

    add(("border", "There is no electricity at the border post."),
        ("drones", "Parliamentary elections were postponed."))
    assert ids_of(page(conn, Filter(search="elections"), 0, 100)) == [ids["drones"]]
    assert set(ids_of(page(conn, Filter(search="elect"), 0, 100))) == {
        ids["border"], ids["drones"]}  # a prefix while typing finds both
    # a number with separators is one term: "1,000" is no "9-10,000"
    add(("border", "Up to 9-10,000 troops will arrive."),
        ("drones", "At least 1,000 people were rescued."))
    found = ids_of(page(conn, Filter(search="1,000"), 0, 100))
    assert ids["drones"] in found and ids["border"] not in found


def test_out_of_view_says_why_and_how_to_find_the_entry_again(conn, ids):
    """An action took the entry out of the filtered queue: each condition that leaves it
    out, in words, and the keys that show it again (as many esc as the filter takes)."""
    talks = ids["talks"]  # pending, 2025-06-02, with a conflict
    assert out_of_view(conn, Filter(), talks) == ""
    assert out_of_view(conn, Filter(date_from="2025-06-05"), talks) == (
        f"its date 2025-06-02 is not in 2025-06-05..…; esc clears the filter, then /#{talks} "
        "finds it")
    assert out_of_view(conn, Filter(status="accepted", date_to="2025-06-01"), talks) == (
        f"it is pending now; its date 2025-06-02 is not in …..2025-06-01; esc clears the "
        f"filter, then /#{talks} finds it")
    # a search goes with the first esc, the rest of the filter with the second
    assert out_of_view(conn, Filter(status="accepted", search="talks"), talks).endswith(
        f"esc twice clears the filter, then /#{talks} finds it")
    # out of the background list: "b" shows the entries, the filter kept
    assert out_of_view(conn, Filter(background=True), talks) == (
        f"it is an entry now, not background; b shows the entries, then /#{talks} finds it")
    assert out_of_view(conn, Filter(), 99999) == ""  # no such group: nothing to say
    # a decision under a status filter: its status alone, said as such when asked
    assert out_of_view(conn, Filter(status="accepted"), talks, status_only=True) == STATUS_ONLY
    assert out_of_view(conn, Filter(status="accepted", date_to="2025-06-01"), talks,
                       status_only=True).startswith("it is pending now; its date")
