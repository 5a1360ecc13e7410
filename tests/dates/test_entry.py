"""An entry's date and how it is known (``dates.entry.event_date``, ``settle``)."""

from __future__ import annotations

from workbench.dates.entry import PUBLISHED, SOURCES, days_news, event_date, settle


def _claim(cid, doc, date=None, provenance="none", text="The talks ended."):
    return {"id": cid, "document_id": doc, "date": date, "date_precision": date and "day",
            "date_provenance": provenance, "date_text": None, "date_base": None,
            "stated_date": None, "stated_provenance": None, "event": 1, "text": text}


def test_a_stated_date_comes_from_the_sources():
    claims = [_claim(1, 1, "2025-06-02", "explicit"), _claim(2, 2, "2025-06-04", "document")]
    assert event_date(claims, None, {1: "2025-06-03", 2: "2025-06-04"}) == (
        "2025-06-02", "day", SOURCES)


def test_no_stated_date_gives_the_day_it_was_first_reported():
    """"Russia launched a record 479 drones", published June 8 and June 9: no source says
    when; the entry shows the earliest publication day, marked as such."""
    claims = [_claim(1, 1, "2025-06-09", "document"), _claim(2, 2, "2025-06-08", "document")]
    published = {1: "2025-06-09", 2: "2025-06-08"}
    assert event_date(claims, None, published) == ("2025-06-08", "day", PUBLISHED)
    settled = settle(claims, published)
    assert (settled.date, settled.basis) == ("2025-06-08", PUBLISHED)
    # a day known only from the publication is never given to the members as evidence
    assert all(c.get("date_provenance") != "carried" for c in settled.changes.values())


def test_a_month_only_publication_or_none_leaves_the_entry_undated():
    claims = [_claim(1, 1), _claim(2, 2)]
    assert event_date(claims, None, {1: "2025-06", 2: None}) == (None, None, None)


def test_a_reviewers_choice_is_the_sources_value():
    claims = [_claim(1, 1, "2025-06-09", "document")]
    assert event_date(claims, "2025-06-02", {1: "2025-06-09"}) == ("2025-06-02", "day", SOURCES)



def test_the_days_news_is_a_day_read_against_a_given_publication_date():
    """"told the court on Thursday", published on Thursday or on Friday: the day's news;
    read against a date guessed from the text, or a week back, it is not known so."""
    def told(day, base, provenance="relative"):
        return {**_claim(1, 1, day, provenance), "date_base": base}

    assert days_news(told("2011-10-27", "2011-10-27 (given)"))
    assert days_news(told("2011-10-27", "2011-10-28 (given)"))
    assert days_news(told("2011-10-27", "year from 2011-10-27 (given)", "explicit"))
    assert not days_news(told("2011-10-27", "2011-10-27 (inferred)"))
    assert not days_news(told("2011-10-20", "2011-10-27 (given)"))
    assert not days_news(told("2011-10-28", "2011-10-27 (given)"))  # a day ahead: a plan
    assert not days_news(told("2011-10-27", "document date", "document"))
    assert not days_news(told("2011-10", "2011-10-27 (given)"))
