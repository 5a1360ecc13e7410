"""Consensus dates and conflicts computed from claim rows (no database, no spaCy)."""

from __future__ import annotations

import pytest

from workbench.dates import entry as dates_entry
from workbench.extract.names import entity_key, person_key
from workbench.group import conflicts as cf
from workbench.text import conflict_subject


def claim(cid, doc, date=None, prov="explicit", numbers=(), entities=(), text="x",
          date_text=None, base=None):
    return {"id": cid, "document_id": doc, "date": date, "date_precision": None,
            "date_provenance": prov if date or prov == "relative" else "none",
            "date_text": date_text, "date_base": base, "numbers": list(numbers),
            "entities": list(entities), "text": text, "kind": "event"}


def test_consensus_prefers_the_day_most_sources_back():
    claims = [claim(1, 1, "2025-06-02"), claim(2, 2, "2025-06-02"), claim(3, 3, "2025-05-22"),
              claim(4, 4, "2025-06")]
    assert dates_entry.consensus_date(claims) == ("2025-06-02", "day")
    conflict = cf.date_conflict(claims, "2025-06-02")
    assert conflict["kind"] == "date"
    values = {v["value"]: v for v in conflict["values"]}
    assert values["2025-05-22"]["claim_ids"] == [3]
    assert values["2025-06-02"]["document_ids"] == [1, 2]
    # "June" holds June 2: it agrees with the entry and is no side of the disagreement
    assert "2025-06" not in values and 4 not in conflict["claim_ids"]


def test_one_source_giving_another_day_is_a_conflict_not_a_month():
    # a month backs every day inside it: one report of the 13th made the entry "January
    # 2010" over the 12th five others give, and a month disagrees with neither day
    claims = [claim(i, i, "2010-01-12") for i in range(1, 6)] + [
        claim(6, 6, "2010-01-13"), claim(7, 7, "2010-01")]
    assert dates_entry.consensus_date(claims) == ("2010-01-12", "day")
    values = {v["value"] for v in cf.date_conflict(claims, "2010-01-12")["values"]}
    assert values == {"2010-01-12", "2010-01-13"}


def test_a_readers_own_account_stands_against_no_date():
    # a reader's email in a live page, "I last spoke to her on Skype on January 12", in an
    # entry eight reports date to the 14th: testimony, not a report of the occasion
    claims = [claim(i, i, "2010-01-14") for i in range(1, 4)] + [
        claim(9, 9, "2010-01-12", text="I last spoke to her on Skype on January 12.")]
    assert cf.date_conflict(claims, "2010-01-14") is None
    # the same date in a report is a side
    claims[-1] = claim(9, 9, "2010-01-12", text="Her family last spoke to her on January 12.")
    assert cf.date_conflict(claims, "2010-01-14") is not None


def test_sources_split_evenly_between_days_keep_the_month():
    claims = [claim(1, 1, "2010-01-12"), claim(2, 2, "2010-01-13"), claim(3, 3, "2010-01")]
    assert dates_entry.consensus_date(claims) == ("2010-01", "month")


def test_document_dates_are_not_evidence_and_make_no_conflict():
    claims = [claim(1, 1, "2025-06-02"), claim(2, 2, "2025-06-09", prov="document")]
    assert dates_entry.consensus_date(claims) == ("2025-06-02", "day")
    assert cf.date_conflict(claims, "2025-06-02") is None


def test_a_date_disputes_the_occasion_only_for_the_same_event_or_kind_of_event():
    """Haiti's quake entry offered 1982 as the quake's date ("Since 1982, the city's
    population has grown ..."): one sentence on a thing of its own disputes nothing. Two
    sources on one sinking, November 18 against 19, still do, though the engine put their
    sentences in two fine events."""
    def told(cid, doc, date, event, trigger):
        return {**claim(cid, doc, date), "event": event, "trigger": trigger}

    quake = [told(1, 1, "2010-01-12", 1, "strike"), told(2, 2, "2010-01-12", 1, "strike"),
             told(3, 3, "1982", 3, "grow")]
    assert cf.date_conflict(quake, "2010-01-12") is None
    sinking = [told(4, 4, "2008-11-18", 4, "sink"), told(5, 5, "2008-11-19", 5, "sink"),
               told(6, 6, "2008-11-18", 4, "sink")]
    values = {v["value"] for v in cf.date_conflict(sinking, "2008-11-18")["values"]}
    assert values == {"2008-11-18", "2008-11-19"}


def test_sources_agreeing_on_a_thing_of_their_own_dispute_nothing():
    """Haiti's quake entry set 12 January (24 sources) against 14 January (2 sources):
    the two were Obama "speaking on Thursday", a thing of its own they agree on. A
    source that dates the quake itself otherwise is still a side, and against it stands
    every source that gives the entry's day."""
    def told(cid, doc, date, event, trigger):
        return {**claim(cid, doc, date), "event": event, "trigger": trigger}

    quake = [told(1, 1, "2010-01-12", 1, "strike"), told(2, 2, "2010-01-12", 1, "strike"),
             told(3, 3, "2010-01-12", 2, "say"),
             told(4, 4, "2010-01-14", 3, "speak"), told(5, 5, "2010-01-14", 3, "speak")]
    assert cf.date_conflict(quake, "2010-01-12") is None
    misdated = [*quake, told(6, 6, "2010-01-26", 1, "strike")]
    values = {v["value"]: v["document_ids"]
              for v in cf.date_conflict(misdated, "2010-01-12")["values"]}
    assert values == {"2010-01-12": [1, 2, 3], "2010-01-26": [6]}


def test_month_and_day_agree():
    claims = [claim(1, 1, "2025-06"), claim(2, 2, "2025-06-19")]
    assert cf.date_conflict(claims, dates_entry.consensus_date(claims)[0]) is None


def test_number_ranges_at_least_vs_hundreds_conflict():
    a = {"value": 1000.0, "text": "at least 1,000 prisoners", "unit": "prisoner",
         "qualifier": "at least"}
    b = {"value": 100.0, "text": "hundreds of captives", "unit": "captive",
         "qualifier": "hundreds"}
    found = cf.number_conflicts([claim(1, 1, numbers=[a]), claim(2, 2, numbers=[b])])
    assert [c["subject"] for c in found] == ["prisoner"]
    assert {v["value"] for v in found[0]["values"]} == {"at least 1,000 prisoners",
                                                        "hundreds of captives"}


def test_compatible_numbers_do_not_conflict():
    a = {"value": 1000.0, "text": "over 1,000 prisoners", "unit": "prisoner", "qualifier": "over"}
    b = {"value": 1200.0, "text": "1,200 prisoners", "unit": "prisoner", "qualifier": None}
    assert cf.number_conflicts([claim(1, 1, numbers=[a]), claim(2, 2, numbers=[b])]) == []


def test_a_rounded_figure_does_not_conflict_with_the_exact_one():
    def pct(value, text):
        return {"value": value, "text": text, "unit": "%", "qualifier": None}

    rounded, exact, other = pct(7.3, "7.3%"), pct(7.33, "7.33%"), pct(7.9, "7.9%")
    assert cf.number_conflicts([claim(1, 1, numbers=[rounded]),
                                claim(2, 2, numbers=[exact])]) == []
    assert [c["subject"] for c in cf.number_conflicts(
        [claim(1, 1, numbers=[rounded]), claim(2, 2, numbers=[other])])] == ["%"]
    # the rounding of "2.5 billion" is in billions
    lost = {"value": 2.5e9, "text": "2.5 billion dollars", "unit": "dollar", "qualifier": None}
    exact = {"value": 2.53e9, "text": "2,530,000,000 dollars", "unit": "dollar",
             "qualifier": None}
    assert cf.number_conflicts([claim(1, 1, numbers=[lost]), claim(2, 2, numbers=[exact])]) == []
    # whole numbers are taken at their word: 390 and 307 soldiers are two counts
    a = {"value": 390.0, "text": "390 soldiers", "unit": "soldier", "qualifier": None}
    b = {"value": 307.0, "text": "307 soldiers", "unit": "soldier", "qualifier": None}
    assert len(cf.number_conflicts([claim(1, 1, numbers=[a]), claim(2, 2, numbers=[b])])) == 1


def test_sums_of_money_conflict_only_for_the_same_thing_in_one_currency():
    def money(value, text, unit):
        return {"value": value, "text": text, "unit": unit, "qualifier": None}

    lost = money(30.9e9, "$30.9 billion", "loss ($)")
    rounded = money(31e9, "$31 billion", "loss ($)")  # the same loss, rounded
    other = money(2.5e9, "$2.5 billion", "loss ($)")
    revenue = money(30.8e9, "$30.8 billion", "revenue ($)")
    euros = money(2.5e9, "€2.5 billion", "loss (€)")
    found = cf.number_conflicts([claim(1, 1, numbers=[lost]), claim(2, 2, numbers=[rounded]),
                                 claim(3, 3, numbers=[revenue]), claim(4, 4, numbers=[euros])])
    assert found == []
    (clash,) = cf.number_conflicts([claim(1, 1, numbers=[lost]), claim(2, 2, numbers=[other])])
    assert clash["subject"] == "loss ($)"
    assert {v["value"] for v in clash["values"]} == {"$30.9 billion", "$2.5 billion"}


def test_a_figure_inside_a_range_or_among_a_claims_figures_agrees():
    def offer(value, text, qualifier=None, high=None):
        n = {"value": value, "text": text, "unit": "value ($)", "qualifier": qualifier}
        return {**n, "high": high} if high is not None else n

    between = offer(140e6, "between $140 million and $150 million", high=150e6)
    inside, outside = offer(145e6, "$145 million"), offer(184e6, "$184 million")
    assert cf.number_conflicts([claim(1, 1, numbers=[between]),
                                claim(2, 2, numbers=[inside])]) == []
    assert len(cf.number_conflicts([claim(1, 1, numbers=[between]),
                                    claim(2, 2, numbers=[outside])])) == 1
    # "at least $160 million and possibly as much as $180 million" agrees with $170 million
    hedged = [offer(160e6, "at least $160 million", "at least"),
              offer(180e6, "as much as $180 million", "up to")]
    assert cf.number_conflicts([claim(1, 1, numbers=hedged),
                                claim(2, 2, numbers=[offer(170e6, "$170 million")])]) == []
    # a claim naming two offers agrees with a source that gives one of them
    both = [offer(200e6, "$200 million"), offer(160e6, "$160 million")]
    assert cf.number_conflicts([claim(1, 1, numbers=both),
                                claim(2, 2, numbers=[offer(160e6, "$160 million")])]) == []


def test_counts_of_two_happenings_do_not_conflict():
    def people(value, text, event):
        return {"value": value, "text": text, "unit": "people", "qualifier": None,
                "event": event}

    killed, injured = people(10.0, "10 people", "kill"), people(612.0, "612 people", "injure")
    died = people(12.0, "12 people", "die")
    assert cf.number_conflicts([claim(1, 1, numbers=[killed]),
                                claim(2, 2, numbers=[injured])]) == []
    # killed and died are one happening, and a count whose event is unknown is compared
    (clash,) = cf.number_conflicts([claim(1, 1, numbers=[killed]), claim(2, 2, numbers=[died]),
                                    claim(3, 3, numbers=[injured])])
    assert {v["value"] for v in clash["values"]} == {"10 people", "12 people"}
    unknown = people(300.0, "300 people", None)
    assert len(cf.number_conflicts([claim(1, 1, numbers=[killed]),
                                    claim(2, 2, numbers=[unknown])])) == 1


def test_two_named_parties_counts_are_two_facts():
    def lost(value, by):
        return {"value": value, "text": f"{value:.0f} soldiers", "unit": "soldier",
                "qualifier": None, "event": "lose", "by": by}

    # "Russia lost 200 soldiers" / "Ukraine lost 150 soldiers": no disagreement
    assert cf.number_conflicts([claim(1, 1, numbers=[lost(200.0, "russia")]),
                                claim(2, 2, numbers=[lost(150.0, "ukraine")])]) == []
    # the same party's two figures, or one whose party is unknown, disagree
    assert len(cf.number_conflicts([claim(1, 1, numbers=[lost(200.0, "russia")]),
                                    claim(2, 2, numbers=[lost(150.0, "russia")])])) == 1
    assert len(cf.number_conflicts([claim(1, 1, numbers=[lost(200.0, "russia")]),
                                    claim(2, 2, numbers=[lost(150.0, None)])])) == 1


def test_counts_in_two_places_are_two_facts():
    def died(value, *places):
        figure = {"value": value, "text": f"{value:.0f} people", "unit": "people",
                  "qualifier": None, "event": "die"}
        where = [{"text": p, "label": "GPE", "norm": entity_key(p, "GPE")} for p in places]
        return claim(int(value), int(value), numbers=[figure], entities=where)

    # "26 have died in Egypt" (bird flu), "killed up to 159 people in Mexico"
    assert cf.number_conflicts([died(26.0, "Egypt"), died(159.0, "Mexico")]) == []
    # the same place, or a place only one of them names, and they disagree
    assert len(cf.number_conflicts([died(103.0, "Mexico", "United States"),
                                    died(149.0, "Mexico")])) == 1
    assert len(cf.number_conflicts([died(50000.0), died(100000.0, "Haiti")])) == 1
    # a count across the world is of another place than one country's
    world = died(4379.0)
    world["text"] = "The virus has infected a total of 4,379 people across the world."
    assert cf.number_conflicts([died(4008.0, "Mexico"), world]) == []


def test_a_writers_own_account_is_no_side_of_a_count():
    # readers' comments under a report: their counts are their own experience
    mine = claim(1, 1, numbers=[people(5.0, "five people", "rescue")],
                 text="I spoke to a friend who helped get five people out of a supermarket.")
    report = claim(2, 2, numbers=[people(25.0, "25 people", "rescue")],
                   text="Rescuers pulled 25 people from the rubble of the supermarket.")
    assert cf.number_conflicts([mine, report]) == []
    quoted = dict(mine, speaker_norm="byrs")  # "I ...," Ms Byrs said: a source quoted
    assert len(cf.number_conflicts([quoted, report])) == 1


def test_an_addition_is_no_reading_of_the_total():
    def rescued(cid, value, words, text):
        return claim(cid, cid, numbers=[people(value, words, "rescue")], text=text)

    total = rescued(1, 120.0, "More than 120 people",
                    "More than 120 people altogether have been rescued by international teams.")
    four = rescued(2, 4.0, "Four other people", "Four other people were rescued during the day.")
    another = rescued(3, 48.0, "48 people", "Another 48 people were rescued on Sunday.")
    assert cf.number_conflicts([total, four]) == []
    assert cf.number_conflicts([total, another]) == []
    # two additions, or two totals, still disagree
    assert len(cf.number_conflicts([four, another])) == 1
    assert len(cf.number_conflicts([total, rescued(4, 30.0, "30 people", "30 were rescued.")])) == 1
    # "New" in a name adds nothing: 17 New Zealanders rescued is a reading of the total
    kiwis = rescued(5, 17.0, "17 New Zealand people", "17 New Zealand people were rescued.")
    assert len(cf.number_conflicts([total, kiwis])) == 1


def test_neighbouring_rounded_figures_still_disagree():
    def pct(value, text):
        return {"value": value, "text": text, "unit": "%", "qualifier": None}

    assert len(cf.number_conflicts([claim(1, 1, numbers=[pct(7.3, "7.3%")]),
                                    claim(2, 2, numbers=[pct(7.4, "7.4%")])])) == 1
    two = {"value": 2e6, "text": "2 million people", "unit": "people", "qualifier": None}
    three = {"value": 3e6, "text": "3 million people", "unit": "people", "qualifier": None}
    assert len(cf.number_conflicts([claim(1, 1, numbers=[two]), claim(2, 2, numbers=[three])])) == 1


def people(value, text, event=None, qualifier=None, high=None, unit="people"):
    n = {"value": value, "text": text, "unit": unit, "qualifier": qualifier, "event": event}
    return {**n, "high": high} if high is not None else n


def test_the_dead_and_the_homeless_are_two_counts_the_dead_and_the_killed_one():
    # "200,000 people are dead" beside "1.5 million people are homeless" (the state the
    # count is in, read by extraction): no disagreement; beside "230,000 killed": one
    dead = people(200000.0, "200,000 people", "dead")
    homeless = people(1500000.0, "1.5 million people", "homeless")
    killed = people(230000.0, "230,000 people", "kill")
    assert cf.number_conflicts([claim(1, 1, numbers=[dead]),
                                claim(2, 2, numbers=[homeless])]) == []
    (clash,) = cf.number_conflicts([claim(1, 1, numbers=[dead]), claim(2, 2, numbers=[killed])])
    assert {v["value"] for v in clash["values"]} == {"200,000 people", "230,000 people"}


def test_a_count_a_later_days_report_gives_larger_is_the_count_grown_not_a_disagreement():
    # "Mexico has now confirmed 19 fatalities" on 3 May, 25 on 4 May: the toll told again
    # as it grew. The same two figures on one day, or the later one smaller, disagree.
    def toll(cid, doc, value):
        return claim(cid, doc, numbers=[people(value, f"{value:.0f} fatalities", "confirm",
                                               unit="fatality")])

    days = {1: "2009-05-03", 2: "2009-05-04", 3: "2009-05-04"}
    assert cf.number_conflicts([toll(1, 1, 19), toll(2, 2, 25)], days) == []
    (clash,) = cf.number_conflicts([toll(1, 1, 25), toll(2, 2, 19)], days)
    assert {v["value"] for v in clash["values"]} == {"19 fatalities", "25 fatalities"}
    assert len(cf.number_conflicts([toll(1, 2, 19), toll(2, 3, 25)], days)) == 1
    # a report of no known day, or no days given at all, is of no known time
    assert len(cf.number_conflicts([toll(1, 1, 19), toll(2, 2, 25)], {1: "2009-05"})) == 1
    assert len(cf.number_conflicts([toll(1, 1, 19), toll(2, 2, 25)])) == 1
    # a range: "45,000-50,000 people" dead on 15 January, "up to 200,000" on the 18th
    early = claim(1, 1, numbers=[people(45000.0, "45,000-50,000 people", "die", high=50000.0)])
    later = claim(2, 2, numbers=[people(200000.0, "up to 200,000 people", "die", "up to")])
    assert cf.number_conflicts([early, later], {1: "2010-01-15", 2: "2010-01-18"}) == []
    # shares and sums of money fall as readily as they rise: still a disagreement
    share = [claim(1, 1, numbers=[people(0.1, "0.1%", unit="%")]),
             claim(2, 2, numbers=[people(0.4, "0.4%", unit="%")])]
    assert len(cf.number_conflicts(share, days)) == 1
    cost = [claim(1, 1, numbers=[people(2e9, "$2 billion", unit="cost ($)")]),
            claim(2, 2, numbers=[people(5e9, "$5 billion", unit="cost ($)")])]
    assert len(cf.number_conflicts(cost, days)) == 1


def test_a_count_that_grew_and_fell_is_one_conflict_and_no_course():
    """Haiti's rescued: "two people" on the 18th, "Some 122 people" and "132 people" on
    the 23rd. The two reports of the 23rd disagree, so the count is disputed: one
    conflict of all three figures, and no course (a tester read "two people" as a step of
    a course and as a side of a conflict at once)."""
    def rescued(cid, doc, value, text):
        return claim(cid, doc, numbers=[people(value, text, "rescue")])

    days = {1: "2010-01-18", 2: "2010-01-23", 3: "2010-01-23"}
    claims = [rescued(1, 1, 2, "two people"), rescued(2, 2, 122, "Some 122 people"),
              rescued(3, 3, 132, "132 people")]
    (clash,) = cf.number_conflicts(claims, days)
    assert {v["value"] for v in clash["values"]} == {"two people", "Some 122 people",
                                                    "132 people"}
    assert cf.running_counts(claims, days) == []
    # told again on the 24th: a figure is given with every report of it, first told first
    days = {1: "2010-01-18", 2: "2010-01-23", 3: "2010-01-24"}
    claims = [rescued(1, 1, 2, "two people"), rescued(2, 2, 122, "Some 122 people"),
              rescued(3, 3, 122, "some 122 people")]
    (course,) = cf.running_counts(claims, days)
    assert [(s.text, s.days, s.claim_ids) for s in course.steps] == [
        ("two people", ("2010-01-18",), (1,)),
        ("Some 122 people", ("2010-01-23", "2010-01-24"), (2, 3))]
    assert [(s.value, s.high, s.qualifier) for s in course.steps] == [
        (2, None, None), (122, None, None)]
    # a recap of no known day that gives both figures adds its claim, never a day "None"
    claims.append(claim(4, 4, numbers=[people(2, "two people", "rescue"),
                                       people(122, "Some 122 people", "rescue")]))
    (course,) = cf.running_counts(claims, days)
    assert [(s.days, s.claim_ids) for s in course.steps] == [
        (("2010-01-18",), (1, 4)), (("2010-01-23", "2010-01-24"), (2, 3, 4))]


def test_counts_told_of_two_years_are_two_counts_neither_conflict_nor_course():
    """"Only nine people ... have died from this" (1 May 2009) and "Last year 34,000 people
    in the US died of common influenza" (told on 2 May, dated 2008): a count of another
    year is another count, compared with this one by the writer, not an update of it (it
    was shown as the toll's course "nine → 34,000"), nor a disagreement."""
    def died(cid, doc, value, text, date, prov="document"):
        return claim(cid, doc, date, prov, numbers=[people(value, text, "die")])

    days = {1: "2009-05-01", 2: "2009-05-02"}
    claims = [died(1, 1, 9, "Only nine people", "2009-05-01"),
              died(2, 2, 34000, "34,000 people", "2008", "relative")]
    assert cf.number_conflicts(claims, days) == []
    assert cf.running_counts(claims, days) == []
    # the same figures told of the same year still grew; an undated one is of any year
    claims[1] = died(2, 2, 34000, "34,000 people", "2009-05-02")
    assert [s.text for s in cf.running_counts(claims, days)[0].steps] == [
        "Only nine people", "34,000 people"]
    claims[1] = died(2, 2, 34000, "34,000 people", None, "none")
    assert [s.text for s in cf.running_counts(claims, days)[0].steps] == [
        "Only nine people", "34,000 people"]


def test_a_course_grows_from_day_to_day_and_a_figure_told_again_is_one_step():
    """"An estimated 200,000 people" (20 January) and "As many as 200,000 people" (28th)
    are the toll told again, one step, not "200,000 → 200,000" under "grew"; one
    article's "an estimated 1 million" and "2 million" (two pandemics' tolls, never
    compared as they are one source's) first told on one day make no course, though
    each is smaller than a later report's "40 million"."""
    def died(cid, doc, value, text, qualifier=None, high=None):
        return claim(cid, doc, numbers=[people(value, text, "die", qualifier, high)])

    days = {1: "2010-01-15", 2: "2010-01-20", 3: "2010-01-28"}
    claims = [died(1, 1, 50000, "as many as 50,000-100,000 people", high=100000),
              died(2, 2, 200000, "An estimated 200,000 people"),
              died(3, 3, 200000, "As many as 200,000 people", "up to")]
    (course,) = cf.running_counts(claims, days)
    assert [(s.text, s.days, s.claim_ids) for s in course.steps] == [
        ("as many as 50,000-100,000 people", ("2010-01-15",), (1,)),
        ("An estimated 200,000 people", ("2010-01-20", "2010-01-28"), (2, 3))]
    days = {1: "2009-04-25", 2: "2009-04-27"}
    claims = [died(1, 1, 1e6, "an estimated 1 million people"),
              died(2, 1, 2e6, "2 million people"),
              died(3, 2, 40e6, "between 40 million and 100 million people", high=100e6)]
    assert cf.running_counts(claims, days) == []


def test_the_quakes_magnitude_and_its_aftershocks_are_two_measures():
    def magnitude(value, event):
        return {"value": value, "text": f"{value} magnitude", "unit": "magnitude",
                "qualifier": None, "event": event}

    # "the 7.0-magnitude earthquake" / "two aftershocks of 5.9 and 5.5 magnitude"
    assert cf.number_conflicts([claim(1, 1, numbers=[magnitude(7.0, "earthquake")]),
                                claim(2, 2, numbers=[magnitude(5.9, "aftershock")])]) == []
    # "a 7.3 quake" beside them is a disagreement on the quake
    (clash,) = cf.number_conflicts([claim(1, 1, numbers=[magnitude(7.0, "earthquake")]),
                                    claim(2, 2, numbers=[magnitude(5.9, "aftershock")]),
                                    claim(3, 3, numbers=[magnitude(7.3, "quake")])])
    assert {v["value"] for v in clash["values"]} == {"7.0 magnitude", "7.3 magnitude"}


def test_a_count_whose_verb_is_left_out_counts_what_its_claim_counts():
    # "121 people had been rescued ... an extra 31 people on Tuesday": a rescue, no toll
    rescued = people(121.0, "121 people", "rescue")
    extra = people(31.0, "31 people")
    dead = people(50000.0, "50,000 people", "die")
    assert cf.number_conflicts([claim(1, 1, numbers=[rescued, extra]),
                                claim(2, 2, numbers=[dead])]) == []
    # alone in its claim, the same count is still compared (its happening is unknown)
    assert len(cf.number_conflicts([claim(1, 1, numbers=[extra]),
                                    claim(2, 2, numbers=[dead])])) == 1


def test_a_count_of_unknown_happening_never_joins_two_happenings_in_one_conflict():
    # "thousands of people" (what they did unknown) disagrees with a death toll and with a
    # count of the homeless; the dead and the homeless are still not one disagreement
    dead = people(200000.0, "200,000 people", "kill")
    homeless = people(1500000.0, "1.5 million people", "homeless")
    some = people(1000.0, "thousands of people", qualifier="thousands")
    found = cf.number_conflicts([claim(1, 1, numbers=[dead]), claim(2, 2, numbers=[homeless]),
                                 claim(3, 3, numbers=[some])])
    assert sorted(sorted(v["value"] for v in c["values"]) for c in found) == [
        ["1.5 million people", "thousands of people"],
        ["200,000 people", "thousands of people"]]


def test_one_range_written_two_ways_is_one_side_and_agrees():
    between = people(250e3, "between 250,000 and 500,000 people", high=500e3)
    to = people(250e3, "250,000 to 500,000 people", high=500e3)
    assert cf.number_conflicts([claim(1, 1, numbers=[between]), claim(2, 2, numbers=[to])]) == []
    # against a figure outside it the two writings are one side, not two
    (clash,) = cf.number_conflicts([claim(1, 1, numbers=[between]), claim(2, 2, numbers=[to]),
                                    claim(3, 3, numbers=[people(10e3, "10,000 people")])])
    assert len(clash["values"]) == 2
    assert {tuple(v["claim_ids"]) for v in clash["values"]} == {(1, 2), (3,)}


def test_a_figure_whose_noun_is_left_out_agrees_for_its_claim():
    # "about 36,000 people die in the United States, and 250,000 to 500,000 globally"
    us = claim(3, 3, numbers=[people(36e3, "about 36,000 people", "die", "about"),
                              {"value": 250e3, "high": 500e3, "text": "250,000 to 500,000",
                               "unit": None, "qualifier": None}])
    world = [claim(1, 1, numbers=[people(250e3, "between 250,000 and 500,000 people",
                                         high=500e3)]),
             claim(2, 2, numbers=[people(250e3, "250,000 to 500,000 people", high=500e3)])]
    assert cf.number_conflicts([*world, us]) == []
    # a sum of money with no measure ("$177") is never read as the count
    dollars = claim(3, 3, numbers=[people(36e3, "about 36,000 people", "die", "about"),
                                   {"value": 250e3, "text": "$250,000", "unit": None,
                                    "qualifier": None}])
    assert len(cf.number_conflicts([world[0], dollars])) == 1


def test_figures_of_one_claim_that_count_different_things_are_not_sides_of_one_conflict():
    # "Twenty six people have died in Egypt ... where most of the roughly 80 million
    # people live" beside "Swine flu has killed up to 159 people"
    egypt = claim(1, 1, numbers=[people(26.0, "Twenty six people", "die"),
                                 people(80e6, "roughly 80 million people", None, "about")])
    mexico = claim(2, 2, numbers=[people(159.0, "up to 159 people", "kill", "up to")])
    (clash,) = cf.number_conflicts([egypt, mexico])
    assert {v["value"] for v in clash["values"]} == {"Twenty six people", "up to 159 people"}
    # with no happening known, the nearest figure is the one compared
    two = claim(1, 1, numbers=[people(10.0, "10 people"), people(80e6, "80 million people")])
    (clash,) = cf.number_conflicts([two, claim(2, 2, numbers=[people(12.0, "12 people")])])
    assert {v["value"] for v in clash["values"]} == {"10 people", "12 people"}


def test_signs_months_and_clocks_are_not_counted_things():
    def figure(value, text, unit):
        return {"value": value, "text": text, "unit": unit, "qualifier": None, "event": None}

    # "$200m (# 133m)" / "$1bn (# 668m)": "#" is a pound sign, what it measures unknown
    for a, b in [(figure(133.0, "133", "#"), figure(668.0, "668", "#")),
                 (figure(2.0, "02 Jun", "jun"), figure(9.0, "09 Jun", "jun")),
                 (figure(10.0, "10 .00 pm", "pm"), figure(8.0, "8 .00 pm", "pm"))]:
        assert cf.number_conflicts([claim(1, 1, numbers=[a]), claim(2, 2, numbers=[b])]) == []
    # percentages are still compared
    assert len(cf.number_conflicts([claim(1, 1, numbers=[figure(57.0, "57%", "%")]),
                                    claim(2, 2, numbers=[figure(99.0, "99%", "%")])])) == 1


@pytest.mark.parametrize("unit,words", [
    ("people", "the number of people"), ("prisoner", "the number of prisoners"),
    ("%", "the percentage"), ("casualty", "the number of casualties"),
    # a unit that measures: "7.0 magnitude vs 5.9 magnitude" was "the number of magnitudes"
    ("magnitude", "the magnitude"), ("mile", "the distance"), ("tonne", "the weight"),
])
def test_what_a_number_conflict_is_about_reads_as_english(unit, words):
    assert conflict_subject("number", unit) == words


def test_name_variants_but_not_surname_alone():
    def person(text):
        return {"text": text, "label": "PERSON", "norm": entity_key(text, "PERSON")}

    claims = [claim(1, 1, entities=[person("Vladimir Medinsky")]),
              claim(2, 2, entities=[person("Volodymyr Medinsky")]),
              claim(3, 3, entities=[person("Medinsky")])]
    found = cf.name_conflicts(claims)
    assert len(found) == 1 and found[0]["subject"] == "medinsky"
    assert {v["value"] for v in found[0]["values"]} == {"Vladimir Medinsky", "Volodymyr Medinsky"}


@pytest.mark.parametrize("a,b,variant", [
    ("Vladimir Medinsky", "Volodymyr Medinsky", True),  # transliterations
    ("Sergei Lavrov", "Sergey Lavrov", True),
    ("Alexander Smith", "Aleksandr Smith", True),
    ("Zelensky", "Zelenskyy", True),
    ("W. Mark Felt", "Mark Felt", False),  # a part beside the whole
    ("W. Mark Felt Sr.", "W. Mark Felt", False),
    ("W. Mark Felt", "William Mark Felt", False),  # an initial beside the name
    ("Audrey Felt", "Mark Felt", False),  # his wife: two people of one family
    ("Mary Felt", "Mark Felt", False),
    ("A.J. Butler", "AJ Butler", False),  # punctuation only
    ("Yuri Gagarin", "Yury Gagarin", True),
    ("La Toya Jackson", "Tito Jackson", False),  # her brother: given names not alike
    ("Ali Khan", "Eli Khan", False),
    ("Herbert Davies", "Robert Davies", False),
    ("Andrea Phillips", "John Philipps", False),  # two people, one surname spelled two ways
    ("Andrea Phillips", "Andrea Philipps", True),
    ("Nicola Sturgeon", "Nicolas Sturgeon", True),
    ("Alain Le", "Alain Lee", False),  # a short surname a letter longer is another one
    ("Zelenskyy", "Volodymyr Zelensky", True),
])
def test_which_spellings_of_one_surname_are_a_name_conflict(a, b, variant):
    def person(text):
        return {"text": text, "label": "PERSON", "norm": entity_key(text, "PERSON")}

    found = cf.name_conflicts([claim(1, 1, entities=[person(a)]),
                               claim(2, 2, entities=[person(b)])])
    assert bool(found) == variant


def test_person_keys_fold_transliterations():
    assert person_key("Zelenskyy") == person_key("President Volodymyr Zelensky") == "zelensky"
    assert person_key("Zelenskiy") == "zelensky"
    assert entity_key("Kyiv’s", "GPE") == entity_key("Kyiv", "GPE")


@pytest.mark.parametrize("name, key", [
    # a birth or death written after the name ("b." born, "d." died) is no part of it
    ("Joseph Jackson b.", "jackson"),
    ("Michael Jackson (b. 1958)", "jackson"),
    ("James Owen b. 1858", "owen"),
    ("Laura Ellen Lewis b 14.04.1889", "lewis"),
    ("John Smith d. 1901", "smith"),
    ("Thomas Wynn d.o.b", "wyn"),
    ("Mary Jones DOB 12/3/1890", "jones"),
    # near misses: an initial is a name's part, in capitals or without a date after it
    ("Mark B", "b"),
    ("John D.", "d"),
    ("Malcolm X", "x"),
    ("Jackson b", "b"),
])
def test_a_birth_or_death_after_a_name_is_not_its_key(name, key):
    assert person_key(name) == key


def test_weekday_is_resolved_only_by_other_sources():
    claims = [claim(1, 1, "2025-06-02"), claim(2, 2, "2025-06-02"),
              claim(3, 3, None, prov="relative", date_text="on Monday")]
    got = dates_entry.weekday_resolutions(claims, "2025-06-02", "day", {3: "2025-05-16"})
    assert got == {3: "2025-06-02"}
    # once pinned, it is still the source's bare weekday to everything that weighs evidence
    pinned = dict(claims[2], date="2025-06-02", date_provenance="corroborated",
                  stated_date=None, stated_provenance="relative")
    assert not dates_entry.own_date(pinned)
    assert dates_entry.weekday_resolutions(claims[:2] + [pinned], "2025-06-02", "day", {}) == {}
    # the sources that gave the Monday are gone: unpinned
    assert dates_entry.weekday_resolutions([pinned], None, None, {}) == {3: None}
    tuesday = [claim(1, 1, "2025-06-03"), claim(3, 3, None, prov="relative",
                                                date_text="on Monday")]
    assert dates_entry.weekday_resolutions(tuesday, "2025-06-03", "day", {}) == {}
    alone = [claim(3, 3, None, prov="relative", date_text="on Monday"),
             claim(4, 3, "2025-06-02")]
    assert dates_entry.weekday_resolutions(alone, "2025-06-02", "day", {}) == {}


def test_a_claim_dated_only_by_publication_takes_an_earlier_day_its_group_gives():
    # "This was Jobs' third period of medical leave", published August 25, in a group
    # another source dates to January 17
    published = {1: "2011-01-18", 2: "2011-08-25", 3: "2011-01-20"}
    recall = claim(20, 2, "2011-08-25", prov="document", base="document date")
    group = [claim(10, 1, "2011-01-17"), recall]
    got = dates_entry.background_resolutions(group, "2011-01-17", "day", published)
    value, provenance, note = got[20]
    assert (value, provenance) == ("2011-01-17", "corroborated")
    assert "2011-08-25" in note and "1 other source" in note
    # recent news: a day within RECENT_DAYS of publication leaves the publication date
    near = [claim(10, 1, "2011-01-17"), claim(21, 3, "2011-01-20", prov="document")]
    assert dates_entry.background_resolutions(near, "2011-01-17", "day", published) == {}
    # only the article's own dates: no other source says so
    alone = [claim(11, 2, "2011-01-17"), recall]
    assert dates_entry.background_resolutions(alone, "2011-01-17", "day", published) == {}
    # a month is not a day
    assert dates_entry.background_resolutions(group, "2011-01", "month", published) == {}
    # once the group no longer gives that day, the claim goes back to its publication date
    moved = dict(recall, date=value, date_provenance=provenance, date_base=note)
    assert dates_entry.recalled(moved)
    back = dates_entry.background_resolutions([moved], None, None, published)
    assert back[20] == ("2011-08-25", "document", "document date")


def test_a_year_or_month_takes_the_day_another_source_states_and_stays_that_year():
    # "launched the iTunes Music Store in 2003" in a group where another source says
    # "on April 28, 2003"
    group = [claim(1, 1, "2003-04-28"), claim(2, 2, "2003"), claim(3, 3, "2003-04"),
             claim(4, 4, "2004"), claim(5, 1, "2003", prov="document")]
    got = dates_entry.refine_resolutions(group, "2003-04-28", "day")
    # the day's own article, another year, and a date the source does not state: untouched
    assert got == {2: ("2003-04-28", "corroborated", "2003", "explicit"),
                   3: ("2003-04-28", "corroborated", "2003-04", "explicit")}
    # once sharpened, the claim still gives only the evidence its source gives: a year
    sharp = [dict(group[1], date="2003-04-28", date_precision="day",
                  date_provenance="corroborated", stated_date="2003",
                  stated_provenance="explicit"), group[0]]
    assert dates_entry.own_date(sharp[0])
    assert [c["date"] for c in dates_entry.evidence_dates(sharp)] == ["2003", "2003-04-28"]
    assert dates_entry.refine_resolutions(sharp, "2003-04-28", "day") == {}
    # the day is stated only by the claim's own article: nothing to take
    assert dates_entry.refine_resolutions([claim(1, 1, "2003-04-28"), claim(2, 1, "2003")],
                                 "2003-04-28", "day") == {}
    # "late April" is not April 10
    late = [claim(1, 1, "2003-04-10"), claim(2, 2, "2003-04", date_text="late April")]
    assert dates_entry.refine_resolutions(late, "2003-04-10", "day") == {}
    day = [claim(1, 1, "2003-04-28"), late[1]]
    assert 2 in dates_entry.refine_resolutions(day, "2003-04-28", "day")
    # the source that stated the day has left the group: back to the source's own year
    assert dates_entry.refine_resolutions(sharp[:1], "2003", "year") == {
        2: ("2003", "explicit", None, None)}


def test_a_tie_between_two_dates_goes_to_the_one_another_source_names_the_weekday_of():
    # one source dates the talks June 2 (a Monday), another May 22nd; a third says only
    # "on Monday": June 2
    claims = [
        {"id": 1, "document_id": 1, "date": "2025-05-22", "date_precision": "day",
         "date_provenance": "explicit", "date_text": "May 22nd"},
        {"id": 2, "document_id": 2, "date": "2025-06-02", "date_precision": "day",
         "date_provenance": "explicit", "date_text": "June 2"},
        {"id": 3, "document_id": 3, "date": None, "date_precision": None,
         "date_provenance": "relative", "date_text": "on Monday"},
    ]
    from workbench.dates.entry import consensus_date

    assert consensus_date(claims) == ("2025-06-02", "day")
    claims[2]["date_text"] = "on Thursday"  # May 22, 2025 was a Thursday
    assert consensus_date(claims) == ("2025-05-22", "day")


def test_a_conversion_in_brackets_restates_its_figure_and_is_no_side():
    def away(cid, km, miles):
        figures = [{"value": km, "text": f"about {km:.0f}km", "unit": "km",
                    "qualifier": "about", "event": None},
                   {"value": miles, "text": f"{miles:.0f} miles", "unit": "mile",
                    "qualifier": None, "event": None}]
        text = (f"The UN says up to 90% of buildings in Leogane, about {km:.0f}km "
                f"({miles:.0f} miles) west of Port-au-Prince, have been destroyed.")
        return claim(cid, cid, numbers=figures, text=text)

    # two outlets agree on 19km; one converted it to 18 miles, the other to 12
    assert cf.number_conflicts([away(1, 19.0, 12.0), away(2, 19.0, 18.0)]) == []
    # the originals still disagree when the sources do
    found = cf.number_conflicts([away(1, 19.0, 12.0), away(2, 30.0, 18.6)])
    assert [c["subject"] for c in found] == ["km"]
    # a second figure of the same unit in brackets is a figure of its own
    same = claim(3, 3, text="killed 23 people (12 people in Kyiv)", numbers=[
        people(23.0, "23 people", "kill"), people(12.0, "12 people", "kill")])
    assert cf._originals(same) == same["numbers"]


def test_two_conflicts_over_one_subject_keep_their_own_resolutions():
    """A tester settled one count of people at 132 and another at "Some 122 people" in
    one entry; a merge gave the first the second's choice, and a split then cleared both:
    one resolution was kept a subject. Each goes to the disagreement whose claims it
    settled."""
    from workbench.group import _with_resolutions

    rescued = {"kind": "number", "subject": "people", "claim_ids": [1, 2],
               "values": [{"value": "132"}, {"value": "122"}]}
    homeless = {"kind": "number", "subject": "people", "claim_ids": [3, 4, 5],
                "values": [{"value": "Some 122 people"}, {"value": "1.5 million"}]}
    resolved = {("number", "people"): [("132", {1, 2}, set()),
                                       ("Some 122 people", {3, 4}, set())]}
    rows = _with_resolutions(7, [rescued, homeless], resolved)
    assert [r["resolution"] for r in rows] == ["132", "Some 122 people"]
    # a claim left the second (a split): it keeps its choice; a value no longer there is
    # no choice
    homeless = {**homeless, "claim_ids": [3, 5]}
    assert [r["resolution"] for r in _with_resolutions(7, [rescued, homeless], resolved)] == [
        "132", "Some 122 people"]
    gone = {**rescued, "values": [{"value": "122"}, {"value": "130"}]}
    assert _with_resolutions(7, [gone], resolved)[0]["resolution"] is None


def test_a_report_a_regroup_brings_against_a_choice_is_marked_and_stays_marked():
    """Of the claims a regroup brought (``gained``), those that give another value than
    the one chosen are marked; claims a reviewer moved (nothing gained) are not; a mark
    stays through later regroups until the reviewer chooses again."""
    import json

    from workbench.group import _with_resolutions

    found = {"kind": "date", "subject": "event date", "claim_ids": [1, 2, 3, 4],
             "values": [{"value": "2025-06-02", "claim_ids": [1, 2, 4]},
                        {"value": "2025-05-22", "claim_ids": [3]}]}
    resolved = {("date", "event date"): [("2025-06-02", {1, 2}, set())]}
    (row,) = _with_resolutions(7, [found], resolved, gained={3, 4})
    values = json.loads(row["values"])
    assert row["resolution"] == "2025-06-02"
    assert [v.get("since_resolved") for v in values] == [None, [3]]  # 4 backs the choice
    (row,) = _with_resolutions(7, [found], resolved)  # a reviewer's merge brought 3
    assert all("since_resolved" not in v for v in json.loads(row["values"]))
    kept = {("date", "event date"): [("2025-06-02", {1, 2, 3, 4}, {3})]}
    (row,) = _with_resolutions(7, [found], kept)  # the next regroup
    assert [v.get("since_resolved") for v in json.loads(row["values"])] == [None, [3]]
