"""Claims found by spaCy in small, realistic texts: spans, dates, speakers, numbers."""

from __future__ import annotations

import datetime as dt

import pytest

from workbench.dates.entry import NEARBY_NOTE
from workbench.dates.expressions import Base
from workbench.extract import apply_document_date
from workbench.extract.claims import CARRIED, NAMED_BEFORE, DocumentExtractor, base_for
from workbench.extract.nlp import load_nlp

pytestmark = pytest.mark.slow

GIVEN = base_for("2010-07-17", "day", "given", None)  # a Saturday


def claims(text, base=GIVEN, skipped=()):
    return DocumentExtractor(load_nlp(), base).claims(text, [list(s) for s in skipped])


def test_spans_are_exact_and_headlines_are_not_claims():
    text = ("Apple To Give Free Cases To iPhone Owners\n"
            "Apple Inc. announced Friday that it will give owners of its new phone a free case.\n")
    found = claims(text)
    assert [c.text for c in found] == [
        "Apple Inc. announced Friday that it will give owners of its new phone a free case."]
    c = found[0]
    assert text[c.char_start:c.char_end] == c.text


def test_a_list_dash_is_dropped_but_a_minus_sign_is_the_claims():
    text = ("- Officials closed three schools on Friday because of the cold weather.\n"
            "-5 degrees was recorded on Friday in the capital, the weather office said.\n")
    found = claims(text)
    assert [c.text[:12] for c in found] == ["Officials cl", "-5 degrees w"]
    for c in found:
        assert text[c.char_start:c.char_end] == c.text


def test_date_takes_the_tense_of_its_own_verb():
    c = claims("Apple Inc. announced Friday that it will give owners of its new phone a "
               "free case.")[0]
    assert (c.date.value, c.date.provenance, c.date.text) == ("2010-07-16", "relative", "Friday")


def test_undated_past_sentences_take_the_lead_event_date():
    text = ("Apple Inc. announced Friday that it will give owners of its new phone a free case.\n"
            "The phone has a metal antenna that wraps around its side.\n"
            "Jobs also said that owners who bought a bumper will receive a full refund.\n")
    lead, state, said = claims(text)
    assert state.date is None  # a present-tense state is not part of the lead event
    assert said.date.value == "2010-07-16" and said.date.provenance == "carried"
    assert said.date.base.startswith(CARRIED)


def test_an_undated_sentence_continues_the_day_its_paragraph_just_named():
    base = base_for("1989-11-02", "day", "given", None)  # a Thursday
    text = ("A.L. Williams Corp. was merged into Primerica Corp. on Monday after a special "
            "meeting of shareholders.\n"
            "Williams shares closed yesterday at $27.75 in composite trading.\n"
            "Primerica closed at $28.25, down 50 cents.\n"
            "Williams is an insurance and financial-services holding company.\n"
            "Primerica, as expected, also acquired certain assets of the agency.\n")
    merged, williams, primerica, _state, acquired = claims(text, base)
    assert merged.date.value == "1989-10-30"  # the lead: Monday
    assert williams.date.value == "1989-11-01"  # yesterday
    # the sentence right after "yesterday" continues it, not the lead
    assert primerica.date.value == "1989-11-01" and primerica.date.provenance == "carried"
    assert primerica.date.base.startswith(NEARBY_NOTE)
    # two claims on, the paragraph's day is out of reach: the lead's again
    assert acquired.date.value == "1989-10-30" and acquired.date.base.startswith(CARRIED)


def test_what_a_saying_reports_as_done_is_dated_by_its_own_day_not_the_sayings():
    # a tester's "The bridge was closed on May 27, police said on Sunday." was dated
    # Sunday, the statement's day, and its chronology entry said 8 June
    base = base_for("2025-06-09", "day", "given", None)  # a Monday
    text = ("The bridge was closed on May 27, police said on Sunday.\n"
            "Officials said the repairs would take a month.\n"
            "Yesterday the council announced that the school would be closed until "
            "Thursday.\n")
    closed, repairs, school = claims(text, base)
    assert (closed.date.value, closed.date.text) == ("2025-05-27", "May 27")
    said = text.index("said on Sunday")
    # the saying keeps its day, and the next sentence goes on from it, not from May 27
    assert [(p["start"], p["date"]) for p in closed.dated_parts] == [(said, "2025-06-08")]
    assert repairs.date.value == "2025-06-08"
    # a plan is not a happening, and "until" marks the end of a span: the day of the
    # announcing stays the claim's
    assert school.date.value == "2025-06-08"
    # nor does a day in a clause under what is reported date it: there, the span's start
    (landings,) = claims("The head of the US operation at the airport, Col Buck Elton, said "
                         "on Sunday there had been 600 take-offs and landings since the US "
                         "took control on Wednesday, and 50 flights had been diverted.", base)
    assert landings.date.value == "2025-06-08"


def test_a_lead_days_old_is_a_follow_ups_background_and_carries_nothing():
    # published Saturday, July 17: a lead of July 7 is ten days old, one of July 14 three
    text = ("Apple unveiled its new phone on July {day}.\n"
            "Jobs also said that owners who bought a bumper will receive a full refund.\n")
    _, said = claims(text.format(day=7))
    assert said.date is None  # what the follow-up tells without a date happened since
    _, said = claims(text.format(day=14))
    assert said.date.value == "2010-07-14" and said.date.provenance == "carried"


def test_the_lead_date_is_not_carried_past_a_turn_to_another_occasion():
    base = base_for("2025-06-20", "day", "given", None)
    text = ("The swap, which took place on June 19, involved hundreds of soldiers.\n"
            "Zelenskyy shared images of the returning troops.\n"
            "Meanwhile, the battlefield remains active and deadly.\n"
            "Russia launched one of the most intense drone attacks on Kyiv, killing 23.\n"
            "The assault involved more than 400 drones.\n"
            "On Friday, Ukraine said it shot down 30 of the drones.\n"
            "Officials also reported damage to a power station.\n")
    swap, shared, _state, attack, assault, friday, damage = claims(text, base)
    assert shared.date.value == "2025-06-19" and shared.date.provenance == "carried"
    # after "Meanwhile", what the story tells is no longer the swap of June 19
    assert attack.date is None and assault.date is None
    # a sentence that dates itself ends the aside: the next one continues its day
    assert friday.date.value == "2025-06-20"
    assert damage.date.value == "2025-06-20" and damage.date.base.startswith(NEARBY_NOTE)


def test_a_turn_that_dates_itself_is_followed_on_its_day():
    base = base_for("2025-06-21", "day", "given", None)  # a Saturday
    text = ("The swap took place on Friday at the Belarus border.\n"
            "Zelenskyy shared images of the returning troops.\n"
            "Meanwhile, on Friday, Russian drones struck the port of Odesa.\n"
            "Firefighters battled the blaze for hours.\n")
    swap, _shared, strike, blaze = claims(text, base)
    assert swap.date.value == strike.date.value == "2025-06-20"
    # "Meanwhile" turned to another occasion, but it dated itself: its day goes on
    assert blaze.date is not None and blaze.date.value == "2025-06-20"


def test_a_meanwhile_inside_a_sentence_tells_the_same_occasion_from_another_side():
    base = base_for("2010-01-23", "day", "given", None)
    text = ("George Clooney hosted a benefit concert for Haiti on Friday.\n"
            "Bono sang a new song with Jay Z.\n"
            "Rihanna, meanwhile, performed a cover of Redemption Song.\n"
            "Madonna gave $250,000 to the appeal.\n")
    concert, bono, rihanna, madonna = claims(text, base)
    assert concert.date.value == "2010-01-22"
    # the concert's other acts are the concert, told on its day
    assert {c.date.value for c in (bono, rihanna, madonna)} == {"2010-01-22"}
    assert madonna.date.provenance == "carried"


def test_a_possessive_weekday_is_read_in_the_tense_the_sentence_is_told_in():
    saturday = base_for("2010-01-16", "day", "given", None)

    def day(sentence):
        (claim,) = claims(sentence + "\n", saturday)
        return claim.date.value if claim.date else None

    # told in the present perfect: the damage is done, the Tuesday before
    assert day("The UN has sent experts to survey Tuesday's damage.") == "2010-01-12"
    # told in the future: the Tuesday ahead
    assert day("Ministers will meet to prepare Tuesday's donor conference.") == "2010-01-19"
    # told in the present: no tense to go by, the nearest Tuesday (three days ahead)
    assert day("The president is expected to attend Tuesday's summit.") == "2010-01-19"


def test_lead_date_is_not_carried_from_a_guessed_base():
    text = ("Apple Inc. announced Friday that it will give owners of its new phone a free case.\n"
            "Jobs also said that owners who bought a bumper will receive a full refund.\n")
    guessed = Base(dt.date(2010, 7, 17), "day", "inferred")
    _, said = claims(text, guessed)
    assert said.date is None


def test_second_dated_event_becomes_its_own_clause():
    text = ("On June 7, Russian forces arrived at a border location to facilitate the exchange "
            "of prisoners, a move that had been negotiated during talks in Istanbul on June 2.")
    first, second = claims(text, Base(None, None, "unknown", 2025))
    assert first.date.value == "2025-06-07" and second.date.value == "2025-06-02"
    assert second.text.startswith("a move that had been negotiated")
    assert second.trigger == "talk"
    assert text[second.char_start:second.char_end] == second.text


@pytest.mark.parametrize("text,trigger", [
    # the event is what a light verb launches or holds, also when a quantifier picks it
    ("Russia has launched one of the most intense drone and missile attacks on Kyiv.",
     "attack"),
    ("The delegations held some of the talks behind closed doors.", "talk"),
    ("Russia launched a fierce attack on the city.", "attack"),
    # what someone receives is the event: a refund and a free case are two
    ("Jobs said that buyers of a bumper will receive a full refund for it.", "refund"),
    ("The returned soldiers are now receiving medical care in Belarus.", "care"),
    # a phrasal verb is no light verb: its particle is part of the event word
    ("Fiat took over Chrysler after months of talks, officials said.", "take over"),
    ("Fighting broke out in the city, officials said.", "break out"),
    # a verb that is no light verb keeps its own event
    ("Zelenskyy presented a list of nearly 400 abducted children.", "present"),
    # a title the parser made the root: the event is the clause hung on it
    ("Russia-Ukraine Dialogue: No truce, but prison swap negotiations yield at least 1,000 "
     "detainees exchange agreement.", "yield"),
])
def test_the_event_a_sentence_tells(text, trigger):
    (claim,) = claims(text)
    assert claim.trigger == trigger


def test_a_short_sentence_of_figures_is_a_claim_but_a_dateline_is_not():
    base = base_for("2009-01-22", "day", "given", None)
    text = ("Sales in December fell 31%.\n"
            "The Dow lost 34% in 2008.\n"
            "Published June 3, 2025 12:01 PM EDT.\n")
    found = claims(text, base)
    assert [(c.text, c.date.value) for c in found] == [
        ("Sales in December fell 31%.", "2008-12"), ("The Dow lost 34% in 2008.", "2008")]


@pytest.mark.parametrize("dateline", [
    "MEXICO CITY | Sun May 3, 2009 7:36 pm EDT MEXICO CITY (Reuters) - ",
    "MEXICO CITY, May 3 (Reuters) - ",
    "MEXICO CITY (AP) -- ",
    # a wire story's summary run in ahead of the byline and the dateline
    "* Mexico reopens its schools and offices next week * U.S. officials say outbreak on "
    "the upswing * Asian countries pledge common fight "
    "against flu * First genetic analysis shows virus mutations * U.S. pork industry "
    "promised relief By Maggie Fox, Health and Science Editor MEXICO CITY, May 3 (Reuters) - ",
])
def test_a_wire_dateline_is_no_part_of_the_lead(dateline):
    # run into the lead, the dateline became its subject and "announced" a modifier of
    # the date: the lead lost its tense and its event and went to the background
    base = base_for("2009-05-03", "day", "given", None)
    lead = ("Mexico announced on Sunday that its swine flu epidemic had passed the worst and "
            "experts said the new H1N1 virus might be no more severe than normal flu.")
    text = ("Mexico says flu has passed its peak By Jane Doe " + dateline + lead
            + "\nThe health minister said the flu was easing.\n")
    first = claims(text, base)[0]
    assert first.text == lead
    assert text[first.char_start:first.char_end] == lead
    assert (first.aspect, first.date.value) == ("past", "2009-05-03")


def test_a_live_pages_entry_stamps_are_no_part_of_its_entries():
    # run into the sentence, "2244" became a figure of "Canada's Governor General" and
    # opened the claim, and the titles of the entries it joined
    base = base_for("2010-01-13", "day", "given", None)
    text = ("2358 UN Ban Ki-Moon has given an update on UN casualties in Haiti.\n"
            "2244 Canada's Governor General, Michaelle Jean, urged calm on Wednesday.\n"
            "21:55 The World Bank said it would provide an additional $100m.\n")
    found = claims(text, base)
    assert [c.text[:10] for c in found] == ["UN Ban Ki-", "Canada's G", "The World "]
    assert all(text[c.char_start:c.char_end] == c.text for c in found)
    assert not any(n["value"] == 2244 for c in found for n in c.numbers)
    # one paragraph that opens with a year is no live page
    alone = "1998 Bombings at U.S. embassies in Kenya and Tanzania killed 224 people.\n"
    assert claims(alone, base)[0].text == alone.strip()


def test_a_capitalised_name_in_brackets_inside_a_sentence_is_no_dateline():
    for text in ("Officials of the WHO (World Health Organization) - Geneva staff - met on "
                 "Friday.\n",
                 "Officials of the WHO (Geneva office) - Swiss staff - met on Friday.\n",
                 "The UN said on Friday that officials of the WHO (Geneva) - Swiss staff - met.\n"):
        assert [c.text for c in claims(text)] == [text.strip()]


def test_an_infinitive_describing_a_noun_is_not_a_second_claim():
    # "to hit" has no tense: the ordinal's noun is described, no second event is told
    text = "Monday's earthquake was the second one to hit Qeshm in the past 24 hours."
    (quake,) = claims(text)
    assert quake.text == text
    assert quake.date.value == "2010-07-12"  # Monday, told on Saturday July 17


@pytest.mark.parametrize("text, value", [
    # "a 2003 murder case" says which case; Wednesday says when the conference is
    ("District Attorney Sam Sutter is expected to discuss the case at a news conference "
     "already planned Wednesday afternoon to discuss developments in a 2003 murder case.",
     "2010-07-14"),
    ("Russia and Ukraine met on Monday for the 2025 round of talks.", "2010-07-12"),
    ("The 2007 Oscars hosted by DeGeneres drew 40 million viewers on Sunday.", "2010-07-11"),
    # with no other date, a day naming the thing still dates the claim
    ("The June 2 talks ended without a ceasefire.", "2010-06-02"),
])
def test_a_date_that_says_when_beats_one_that_says_which(text, value):
    (c,) = claims(text)
    assert c.date.value == value


@pytest.mark.parametrize("text, words", [
    ("That 1978 resolution calls for Israel's withdrawal from the zone it occupies.",
     "1978 resolution"),
    ("Pro-republicans hope to have a president by the opening of the 2000 Olympics.",
     "2000 Olympics"),
])
def test_a_year_that_says_which_thing_never_dates_the_claim(text, words):
    # the resolution calls for it now: the year dates the resolution, not the calling
    (c,) = claims(text)
    year = words.split()[0]
    assert c.date is None or c.date.value != year
    parts = {text[p["start"]:p["end"]]: p["date"] for p in c.dated_parts}
    assert any(words in part and date == year for part, date in parts.items()), parts


def test_speaker_reporting_verb_and_pronoun():
    text = ("Vladimir Medinsky, head of the Russian delegation, confirmed that an agreement on a "
            "new exchange of prisoners of war was reached.\n"
            "He indicated that Russia and Ukraine would establish a regular medical commission.\n")
    first, second = claims(text)
    assert (first.speaker, first.speaker_norm, first.reporting_verb) == (
        "Vladimir Medinsky", "medinsky", "confirm")
    assert second.speaker == "Vladimir Medinsky" and first.kind == "statement"


@pytest.mark.parametrize("text, speaker", [
    # a person named by who they are to someone: not the body that employs them
    ("Her house collapsed on Tuesday, said her mother, a cleaner for the UN.", "her mother"),
    # a spokesman speaks for the body
    ("A spokesman for the UN said on Tuesday that 200 people had died.", "UN"),
    # a name that says whose speaks with its noun (a tester read "Ukrainian (say)" and
    # "Russia (say)")
    ("Ukrainian officials said on June 20 that 84 civilians were released.",
     "Ukrainian officials"),
    ("Russia's defence ministry said on June 20 that the servicemen had been returned.",
     "Russia's defence ministry"),
    ("Officials in Kyiv said the swap took place on June 19.", "Officials in Kyiv"),
    # a person in the possessive says whose, not who (a tester read "Michael Jackson's
    # (say)" for his father, "Ms Fleming's (say)" for her partner)
    ("Michael Jackson's father, Joe Jackson, said he doubted that stress was a factor.",
     "Joe Jackson"),
    ("Dr Conrad Murray's lawyer, Edward Chernoff, said officials were looking for records.",
     "Edward Chernoff"),
    ("A statement issued on behalf of Ms Fleming's partner William McCann said the baby "
     "was born early.", "William McCann"),
    ("Michael Jackson's mother said on Friday that she would fight for custody.",
     "Michael Jackson's mother"),
    ("The Pentagon said the troops arrived on Monday.", "Pentagon"),
])
def test_who_speaks_when_a_description_names_a_body(text, speaker):
    (c,) = claims(text)
    assert c.speaker == speaker


@pytest.mark.parametrize("text", [
    # a verb of saying in a clause that describes a thing tells what the thing is (a
    # tester read "speaker Russia (claim)")
    "Russian forces have advanced into the Dnipropetrovsk region, which was not part of "
    "the regions Russia claimed after the 2022 referendums.",
    "The situation was complicated by Ukraine's response on Monday, a move that Kyiv had "
    "characterized as a provocation.",
])
def test_a_saying_that_describes_a_thing_names_no_speaker(text):
    (c,) = claims(text)
    assert c.speaker is None


def test_numbers_with_units_and_qualifiers():
    c = claims("Ukrainian negotiator Rustem Umerov revealed that the swap would involve at least "
               "1,000 prisoners, while officials said 6,000 bodies were returned.")[0]
    got = {(n["value"], n["unit"], n["qualifier"]) for n in c.numbers}
    assert (1000.0, "prisoner", "at least") in got
    assert (6000.0, "body", None) in got


@pytest.mark.parametrize("text, figure", [
    # a guessed range is one figure, its happening the counted noun's
    ("About 45,000-50,000 people have died since Tuesday, the UN estimates.",
     ("About 45,000-50,000 people", 45000.0, 50000.0, "about", "die")),
    ("The earthquake has left as many as 50,000-100,000 people dead.",
     ("as many as 50,000-100,000 people", 50000.0, 100000.0, "up to", "dead")),
    ("Officials said 300-400 soldiers were killed in the attack.",
     ("300-400 soldiers", 300.0, 400.0, None, "kill")),
    # a vague number of vague numbers is their product, not two figures
    ("Tens of thousands of people were killed in the earthquake.",
     ("Tens of thousands of people", 10000.0, None, "tens", "kill")),
    ("Hundreds of thousands of people were made homeless by the floods.",
     ("Hundreds of thousands of people", 100000.0, None, "hundreds", None)),
])
def test_a_range_or_a_vague_product_is_one_figure(text, figure):
    (c,) = claims(text)
    (n,) = c.numbers
    words, low, high, qualifier, event = figure
    assert (n["text"], n["value"], n.get("high"), n["qualifier"]) == (words, low, high,
                                                                    qualifier)
    if event:
        assert n["event"] == event


def test_two_figures_a_qualifier_opens_stay_two():
    # "at least 100 and possibly 200": two guesses, not a range; "from 120 to 90": a fall
    (c,) = claims("At least 100 and possibly 200 people died in the fire.")
    assert len(c.numbers) == 2
    (c,) = claims("The index fell from 120 to 90 points on Monday.")
    assert "high" not in c.numbers[-1]


def test_skipped_ranges_never_become_claims():
    first = "Russia and Ukraine agreed to exchange prisoners of war in Istanbul.\n"
    teaser = "Read also: Ukraine says drones hit an airfield deep inside Russia overnight.\n"
    last = "The exchange took place on the Belarusian border on June 19.\n"
    text = first + teaser + last
    kept = claims(text, skipped=[])
    assert len(kept) == 3  # all three are claims when nothing is skipped
    found = claims(text, skipped=[(len(first), len(first) + len(teaser), "related")])
    assert [c.text for c in found] == [first.strip(), last.strip()]
    # offsets still point into the full text
    assert text[found[1].char_start:found[1].char_end] == last.strip()


def test_readers_comments_under_a_report_never_become_claims():
    from workbench.ingest import find_boilerplate
    report = "Rescuers pulled a girl from the rubble of a school in Port-au-Prince on Monday.\n"
    thread = ("At 11:35 am on 18 Jan 2010, Nikolas wrote: The army arrived far too late.\n"
              "At 12:00 pm on 18 Jan 2010, art600 wrote: My brother donated 50 dollars.\n")
    text = report + thread
    assert [c.text for c in claims(text, skipped=find_boilerplate(text))] == [report.strip()]


def test_a_picture_credit_run_into_a_sentence_is_no_part_of_its_claim():
    from workbench.ingest import find_boilerplate
    sentence = ("Pageant officials are calling the post by the beauty queen, Dayana Mendoza "
                "from Venezuela, a misunderstanding.")
    text = f"Photograph: Susana Gonzalez/Reuters {sentence}\n"
    (claim,) = claims(text, skipped=find_boilerplate(text))
    assert claim.text == sentence
    assert text[claim.char_start:claim.char_end] == sentence
    names = " ".join(e["text"] for e in claim.entities)
    assert "Gonzalez" not in names and "Reuters" not in names


@pytest.mark.parametrize("run_in, sentence", [
    # headlines a flattened page ran into the first sentence (Timeline17's BBC pages)
    ("Many feared dead in Haiti quake",
     "A major loss of life is feared in Haiti after the strongest earthquake in 200 years."),
    ("UN staff still missing in Haiti after quake",
     "The UN could not confirm that its top officials in Haiti were dead."),
    ("Swine flu: pandemic threat alert raised",
     "The British couple being treated for swine flu have been released from hospital."),
    # ... or ending in a place's name
    ("Powerful quake hits Haiti",
     "Large areas of Haiti in the Caribbean have been devastated by the strongest earthquake."),
])
def test_a_headline_run_into_a_sentence_is_no_part_of_its_claim(run_in, sentence):
    text = f"{run_in} {sentence}\n"
    found = claims(text)
    # the headline is a claim only where it reads as one ("UN staff still missing ...")
    assert [c.text for c in found] in ([sentence], [run_in, sentence])
    assert text[found[-1].char_start:found[-1].char_end] == sentence


def test_a_caption_run_into_a_sentence_is_a_claim_of_its_own():
    caption = "Aid agency sets up field hospital in a school"
    sentence = "A French team pulled a girl from the rubble of her home on Wednesday."
    found = claims(f"{caption} {sentence}\n")
    assert [c.text for c in found] == [caption, sentence]
    assert found[1].date.value == "2010-07-14"  # its own date, not the caption's


@pytest.mark.parametrize("text", [
    # a capitalised word inside a sentence that is a name, or continues the phrase
    "Wyclef Jean, who was a member of the hip-hop trio The Fugees, was born in Haiti.",
    "The album sold well, while his Close Encounters tour sold a record 1.6 million seats.",
    "The company said in a statement on Monday that its profits rose by 12 percent.",
    "Officials said two Labradors who will go in first were flown to the capital.",
])
def test_a_name_inside_a_sentence_does_not_cut_it(text):
    assert [c.text for c in claims(text + "\n")] == [text]


# Which date a claim carries, read the way a careful reader of one article would.
JOBS_DIED = base_for("2011-10-06", "day", "given", None)  # a Thursday


def test_years_later_counts_from_the_date_named_before():
    text = ("He started Apple in 1976, and in 1984 the first Macintosh was released to the "
            "public.\nOne year later he was fired from the company and he founded NeXT.\n")
    later = claims(text, JOBS_DIED)[-1]
    assert later.text.startswith("One year later")
    assert (later.date.value, later.date.precision, later.date.provenance) == (
        "1985", "year", "relative")
    assert "1984" in later.date.base


def test_a_date_counted_from_another_event_is_not_the_publication_date():
    # "three months later" than a year cannot be placed; the report is not dated by its
    # publication then, but left undated with the reason.
    text = ("Two years ago, the company posted a profit of $1.2 billion.\n"
            "GM filed for bankruptcy three months later.\n")
    later = claims(text, base_for("2009-02-26", "day", "given", None))[-1]
    apply_document_date(later, "2009-02-26", "day")
    assert later.text.startswith("GM filed")
    assert (later.date.value, later.date.provenance) == (None, "none")
    assert later.date.base.startswith("relative to 'Two years ago'")


def test_birth_date_in_an_appositive_does_not_date_the_main_verb():
    text = ("Jobs, born in San Francisco on February 24, 1955, has built the most valuable "
            "technology company in the world.")
    born, built = claims(text, JOBS_DIED)
    assert born.text == "Jobs, born in San Francisco on February 24, 1955"
    assert born.date.value == "1955-02-24"
    assert built.text.startswith("has built") and built.date is None
    assert text[built.char_start:built.char_end] == built.text


@pytest.mark.parametrize("published,text,kept,value", [
    # the lawsuit's claim is made now; 1991 is when the agreement it invokes was reached
    ("2006-03-28", "Apple Corps claims that the iTunes Music Store violates an agreement "
                   "reached between the two companies in 1991.", False, "1991"),
    # the same date on the event itself still dates it
    ("2006-03-28", "The two companies reached an agreement in 1991.", True, "1991"),
    # a described subject is usually the event: "talks held on June 2 ended"
    ("2025-06-05", "Talks held in Istanbul on June 2 ended without a ceasefire.", True,
     "2025-06-02"),
    # May is the earlier swap's date, not the exchange's ...
    ("2025-06-08", "This exchange follows a previous swap in May that involved 390 soldiers "
                   "and civilians from both sides.", False, "2025-05"),
    # ... unless the earlier swap is what the claim tells
    ("2025-06-08", "The previous swap in May involved 390 soldiers and civilians.", True,
     "2025-05"),
    ("2025-06-08", "The swap took place in May, officials said.", True, "2025-05"),
    # May is when the earlier exchange was agreed; the parser makes "agreed" a clause of
    # its own (with "surpassing" as its subject), but it is a participle on "exchange"
    ("2025-06-08", "Umerov revealed that the swap would involve at least 1,000 on each side, "
                   "surpassing the 1,000 for 1,000 POW exchange agreed at talks in May.", False,
     "2025-05"),
    ("2025-06-08", "Kyiv returned prisoners captured in 2022.", False, "2022"),
    # a half or quarter of a game or a trading day is no part of the year: the day wins
    ("2009-03-10", "Brees threw two touchdowns in the first half on Sunday.", True,
     "2009-03-08"),
    ("2009-03-10", "Stocks rallied in the first half of the session on Wednesday.", True,
     "2009-03-04"),
    # ... while a quarter alone is the year's: told in March, last year's fourth quarter
    ("2009-03-10", "GM lost $9.6 billion in the fourth quarter, the company said.", True,
     "2008"),
])
def test_a_date_dates_the_claim_only_when_it_belongs_to_the_told_event(published, text, kept,
                                                                       value):
    (c,) = claims(text, base_for(published, "day", "given", None))
    assert (c.date is not None and c.date.value == value) is kept


def test_a_number_counts_the_plural_noun_it_modifies():
    # "3 pirate ships" counts ships: read as 3 pirates, it conflicted with "26 pirates"
    (c,) = claims("Navy commandos seized 3 pirate ships and arrested 26 Somali pirates.")
    assert {(n["value"], n["unit"]) for n in c.numbers} == {(3.0, "ship"), (26.0, "pirate")}
    # a singular head is an event the count belongs to: "1,000 POW exchange" counts POWs
    (d,) = claims("The 1,000 POW exchange went ahead on Friday.")
    assert [(n["value"], n["unit"]) for n in d.numbers] == [(1000.0, "pow")]


def figures(text):
    """(value, unit) of every figure of every claim of ``text``."""
    return [(n["value"], n["unit"]) for c in claims(text) for n in c.numbers]


@pytest.mark.parametrize("text, expected", [
    # tens and units are one number, with a hyphen or a space ("Twenty six" was 20)
    ("Twenty six people were killed in the blast on Monday.", [(26.0, "people")]),
    ("The quake killed twenty-six people on Monday.", [(26.0, "people")]),
    ("Thirty three people died after the storm hit the coast.", [(33.0, "people")]),
    ("Forty-five thousand people fled the city on Monday.", [(45000.0, "people")]),
    # hundreds and the rest, with or without the British "and"
    ("About two hundred fifty people were evacuated on Monday.", [(250.0, "people")]),
    ("Officials said two hundred and twenty-five children were evacuated.",
     [(225.0, "child")]),
    # a larger number is groups of those, each closed by its multiplier
    ("Officials said two thousand five hundred people were evacuated.", [(2500.0, "people")]),
    # near misses: two numbers side by side, a range and digits stay apart
    ("Two three-year-olds were hurt when the wall fell on Monday.", [(2.0, "old")]),
    ("Police said 100 and 6 more were hurt in the clashes on Monday.",
     [(100.0, None), (6.0, None)]),
])
def test_a_spelled_number_is_read_whole(text, expected):
    assert figures(text) == expected


def test_the_and_of_a_range_joins_no_spelled_number():
    (c,) = claims("Between three hundred and four hundred people were evacuated on Monday.")
    assert [(n["value"], n.get("high")) for n in c.numbers] == [(300.0, 400.0)]


@pytest.mark.parametrize("text, expected", [
    # a number right after a capitalised word says which one of a name: no count
    ("He listened to Radio 1 every morning and to BBC Two at night.", []),
    ("Channel 4 reported that the bomb killed 20 people on Monday.", [(20.0, "people")]),
    ("Lewis Hamilton won the Formula 1 title as Apollo 11 landed.", []),
    ("He boarded Flight 93 before Chapter 11 was filed under Article 50.", []),
    ("The Boeing 747 carried 400 passengers to Terminal 5 on Monday.",
     [(400.0, "passenger")]),
    # near misses: a count after a place, a count the parser put in a name, a count
    # after a caption glued to the sentence
    ("In Haiti 200,000 people died in the quake on Tuesday.", [(200000.0, "people")]),
    ("Three Britons were killed in the attack on Monday.", [(3.0, "britons")]),
    ("Photograph: PA Two Britons have now contracted swine flu within the UK, it was "
     "confirmed yesterday.", [(2.0, "britons")]),
    ("Photograph: AP Nine new cases of swine flu were confirmed in the UK today.",
     [(9.0, "case")]),
])
def test_a_number_in_a_name_counts_nothing(text, expected):
    assert figures(text) == expected


def test_a_birth_after_a_name_is_no_part_of_the_person():
    text = "My great-grandfather James Owen b. 1858 moved to Llanidloes with his wife in 1880."
    (c,) = claims(text)
    (owen,) = [e for e in c.entities if e["label"] == "PERSON"]
    assert (owen["text"], owen["norm"], text[owen["start"]:owen["end"]]) == (
        "James Owen", "owen", "James Owen")


@pytest.mark.parametrize("text, figure, value, unit", [
    # the thing a sum measures, read from the verb, the noun or the subject
    ("General Motors lost $30.9 billion in 2008, the company said.", "$30.9 billion",
     30.9e9, "loss ($)"),
    ("GM reported a loss of $31 billion for the year.", "$31 billion", 31e9, "loss ($)"),
    ("The company posted a $9.6 billion fourth-quarter loss.", "$9.6 billion", 9.6e9,
     "loss ($)"),
    ("Revenue fell to $30.8 billion in the fourth quarter.", "$30.8 billion", 30.8e9,
     "revenue ($)"),
    # financial prose abbreviates the multiplier, and a currency may follow the figure
    ("Thieves stole gems valued at more than £40m from the store.", "more than £40m",
     40e6, "value (£)"),
    ("The thieves stole jewels worth 85 million euros.", "85 million euros", 85e6,
     "value (€)"),
    ("Bail was set at $1 million by the judge on Monday.", "$1 million", 1e6, "bail ($)"),
    # a rate is its own measure: never compared with a whole sum
    ("The Red Sox offer is worth roughly $22 million per season, reports said.",
     "roughly $22 million", 22e6, "value ($ per season)"),
])
def test_a_sum_of_money_is_measured_in_its_currency(text, figure, value, unit):
    (c,) = claims(text)
    money = [n for n in c.numbers if n["text"] == figure]
    assert [(n["value"], n["unit"]) for n in money] == [(value, unit)]


def test_a_sum_whose_measured_thing_is_unclear_is_never_compared():
    # "$2000" is no year here, and "300 pounds" is a weight, not sterling
    (c,) = claims("He paid $2000 for the car, which weighed 300 pounds, in the morning.")
    assert {(n["text"], n["unit"]) for n in c.numbers} == {("$2000", "payment ($)"),
                                                           ("300 pounds", "pound")}
    # "agreed on $5 million": a sum of what, the parse does not say
    (d,) = claims("The two sides finally agreed on $5 million after the talks, officials said.")
    assert [n["unit"] for n in d.numbers if n["text"] == "$5 million"] == [None]
    # "m" and "k" multiply only in a sum: "a 10m fall" is ten metres, "a 5k race" no count
    (e,) = claims("The climber survived a 10m fall on the north face, rescuers said.")
    assert [n["value"] for n in e.numbers] == [10.0]
    (f,) = claims("The whole town ran a 5k race on Sunday, officials said.")
    assert f.numbers == []


def test_a_count_keeps_what_happened_to_what_it_counts():
    (c,) = claims("The quake killed 10 people and injured 612 others, officials said.")
    assert [(n["value"], n["event"]) for n in c.numbers] == [(10.0, "kill"), (612.0, "injure")]
    (d,) = claims("At least 10 people were killed and dozens of people were injured.")
    assert [(n["value"], n["event"]) for n in d.numbers] == [(10.0, "kill"), (12.0, "injure")]
    # a measure written onto a noun measures that thing; after a light verb the subject
    # tells the happening, and a level ("rose to") is the subject's, not a rise
    (e,) = claims("Brees threw a 35-yard touchdown pass on Sunday.")
    assert [(n["unit"], n["event"]) for n in e.numbers] == [("yard", "pass")]
    (f,) = claims("The swap would involve at least 1,000 prisoners, officials said.")
    assert [(n["unit"], n["event"]) for n in f.numbers] == [("prisoner", "swap")]
    (g,) = claims("Unemployment rose to 7.3 percent in March, officials said.")
    assert [(n["unit"], n["event"]) for n in g.numbers] == [("percent", "unemployment")]
    (h,) = claims("It would involve at least 1,000 prisoners, officials said.")
    assert [(n["unit"], n["event"]) for n in h.numbers] == [("prisoner", None)]


@pytest.mark.parametrize("text, event", [
    # the state a count is in says what happened to it: dead is a death, homeless is not,
    # so "200,000 are dead" and "1.5 million homeless" are no disagreement
    ("At least 200,000 people are dead, the government said on Monday.", "dead"),
    ("The quake left 1.5 million people homeless, the government said.", "homeless"),
    ("The disaster also left as many as 200,000 people dead, officials said.", "dead"),
    # "an estimated" says how sure the count is, not what happened
    ("An estimated 1.5 million people have been left homeless, the UN said.", "homeless"),
    # a count that left or reached somewhere did so: it is no count of the homeless (a
    # tester met "1.5 million homeless" against "200,000 have left" as one conflict)
    ("Aid officials say about 200,000 people have already left the city.", "leave"),
    ("More than 1,000 people reached the border on Sunday, officials said.", "reach"),
    # a copula says nothing of what happened, but where it puts a count is what the
    # count is of: "3 million in need of aid" is no disagreement with "50,000 dead"
    ("About 300 people were in the building on Monday, police said.", "building"),
    ("Three million people are in need of aid, the Red Cross said on Monday.", "need"),
    ("Nine people remain in hospital after the crash on Monday, police said.", "hospital"),
    # a count believed, thought or reported to have done something did that: two
    # estimates of the affected and of the homeless are no disagreement either
    ("Some 3 million people are believed to have been badly affected, officials said.",
     "affect"),
    ("Up to 700,000 people are believed to have been left homeless, officials said.",
     "homeless"),
    ("About 200 people are thought to be trapped under the rubble, police said.", "trap"),
    ("At least 20 people are reported to have died on Monday, police said.", "die"),
])
def test_a_count_is_of_the_state_it_is_in(text, event):
    (c,) = claims(text)
    assert [(n["unit"], n["event"]) for n in c.numbers] == [("people", event)]


def test_a_count_keeps_whose_it_is_when_a_name_says_so():
    (c,) = claims("Jamaal Charles rushed for 226 yards and Garrard threw for 329 yards.")
    assert [(n["value"], n["by"]) for n in c.numbers] == [(226.0, "charles"),
                                                          (329.0, "garrard")]
    (d,) = claims("The Chiefs rallied behind Jamaal Charles' 226 yards rushing on Sunday.")
    assert [n["by"] for n in d.numbers] == ["charles"]
    # no name, no owner: "the quake" and "officials" are not whose the count is
    (e,) = claims("The quake killed 10 people on Sunday, officials said.")
    assert [n["by"] for n in e.numbers] == [None]


def test_two_figures_that_write_one_range_are_one_figure():
    (c,) = claims("The Angels offered between $140 and $150 million to the player on Friday.")
    assert [(n["value"], n.get("high"), n["text"], n["unit"]) for n in c.numbers] == [
        (140e6, 150e6, "between $140 and $150 million", "offer ($)")]
    (d,) = claims("Officials said 300-400 soldiers and 6,000 bodies were returned on Friday.")
    assert [(n["value"], n.get("high"), n["unit"]) for n in d.numbers] == [
        (300.0, 400.0, "soldier"), (6000.0, None, "body")]
    # a change from one level to another is two figures, not a range
    (e,) = claims("Sales rose from 300 units to 400 units in the year, officials said.")
    assert [(n["value"], n.get("high")) for n in e.numbers] == [(300.0, None), (400.0, None)]


def test_a_live_pages_time_and_a_phone_number_are_not_years():
    """Haiti's live page: "19 JANUARY, 1130 GMT, BANI" dated its entry to January 1130,
    and an appeal's "Freepay number: 1449" dated one to the year 1449; both stood first
    in the background list and counted as entries "earlier" than the story."""
    base = base_for("2010-01-19", "day", "given", None)
    (stop,) = claims("19 JANUARY, 1130 GMT, BANI At a service station in Bani, there are "
                     "vehicles loaded with supplies.", base)
    assert stop.date is None or stop.date.value.startswith("2010-01")
    (appeal,) = claims("You can also call the Freepay number: 1449 and give by card.", base)
    assert appeal.date is None or not appeal.date.value.startswith("1449")
    (built,) = claims("The church was built in 1449 by monks from the abbey.", base)
    assert built.date.value == "1449"


def test_a_clock_time_is_not_a_year():
    # spaCy tags "1300" in "(1300 GMT)" as a DATE; read as a year, a 2008 election was put
    # in the year 1300 and flagged as conflicting with the year 1100 of "(1100 GMT)".
    base = base_for("2008-12-15", "day", "given", None)
    (closed,) = claims("More than 2,000 booths in the country were closed at 6:00 p.m. local "
                       "time (1300 GMT).", base)
    assert closed.date is None or closed.date.value != "1300"
    (voted,) = claims("Some 2.44 million people had cast their ballots by 4:00 p.m. local "
                      "time (1100 GMT) on Sunday.", base)
    assert voted.date.value == "2008-12-14"
    (built,) = claims("The castle was built in 1300 by the Teutonic Knights.", base)
    assert built.date.value == "1300"
    (struck,) = claims("The quake, which struck at 1353 (1023 GMT), was felt in Oman.", base)
    assert struck.date is None or struck.date.value != "1353"
    (stacked,) = claims("The director said that by 1100 (1600 GMT) at least 1,500 bodies were "
                        "stacked inside the morgue.", base)
    assert stacked.date is None or stacked.date.value != "1100"
    # British style writes the time without a zone: a year is never "on" a day
    death = base_for("2009-06-26", "day", "given", None)
    (last,) = claims("The last time Dr Murray administered the medication was 1040 on 25 June, "
                     "just hours before the singer's heart stopped.", death)
    assert last.date.value == "2009-06-25"
    (called,) = claims("An ambulance was not called until 1221 on Thursday.", death)
    assert called.date.value == "2009-06-25"
    (hill,) = claims("The church was built in 1215 on a hill above the town.", death)
    assert hill.date.value == "1215"


def test_a_live_blogs_entry_times_are_not_years_and_a_timeline_keeps_its_years():
    # a live blog opens each entry with the time: read as years, a 2010 earthquake page
    # dated its entries 2358, 2349 and 1651 and flagged them as conflicting with January
    base = base_for("2010-01-14", "day", "given", 2010)
    blog = ("(All times GMT.)\n"
            "0000 The BBC is discontinuing this live update page for the night.\n"
            "2358 UN chief Ban Ki-moon has given an update on the number of UN casualties.\n"
            "1651 The UN says the main prison in Port-au-Prince has collapsed.\n"
            "Pictures of the palace 1623 Haiti's First Lady says the palace is destroyed.\n"
            "Wyclef Jean, who was born in 1972, has appealed for help for his country.\n")
    found = claims(blog, base)
    entries = [c for c in found if "1972" not in c.text][:4]
    assert all(c.date is None or c.date.precision != "year" for c in entries), [
        c.date for c in entries]
    (born,) = [c for c in found if "1972" in c.text]
    assert born.date.value == "1972"
    timeline = ("1976 Steve Jobs founds Apple with Steve Wozniak in a garage.\n"
                "1985 Jobs is ousted from Apple after a boardroom struggle.\n"
                "1997 Jobs returns to Apple as interim chief executive.\n")
    assert [c.date.value for c in claims(timeline, base_for("2011-10-06", "day", "given",
                                                             2011))] == ["1976", "1985", "1997"]


def test_a_live_blog_entry_run_into_the_one_before_is_a_claim_of_its_own():
    # the page flattened to text ran one entry on into the next with its time between
    base = base_for("2010-01-13", "day", "given", 2010)
    blog = ("2130 The quake struck at dusk on Tuesday.\n"
            "2245 Rescuers worked through the night.\n"
            "2350 Aid began to arrive in the capital.\n"
            "Haiti's Prime Minister says more than 100,000 people may have been killed 2050 "
            "Haiti's President, Rene Preval, tells CNN he has heard that 30,000 people died.\n")
    texts = [c.text for c in claims(blog, base)]
    assert "Haiti's Prime Minister says more than 100,000 people may have been killed" in texts
    assert ("Haiti's President, Rene Preval, tells CNN he has heard that 30,000 people died."
            in texts)
    assert not any("2050" in t for t in texts)


def test_second_verb_phrase_with_its_own_date_is_its_own_claim():
    text = ("He fought pancreatic cancer in 2004 and took six months off in early 2009, later "
            "revealing he had undergone a liver transplant.")
    fought, took = claims(text, JOBS_DIED)
    assert (fought.text, fought.date.value) == ("He fought pancreatic cancer in 2004", "2004")
    assert took.text.startswith("took six months off") and took.date.value == "2009"


def test_forecast_in_reported_speech_does_not_date_the_statement():
    text = ("Steve Jobs unveiled the new MacBook on Monday.\n"
            "He announced that Mac OS X Leopard would be released in 2007, the same year as "
            "Windows Vista.\n"
            "This switch, he said, would happen beginning next year.\n")
    base = base_for("2005-06-06", "day", "given", None)  # a Monday
    _, announced, switch = claims(text, base)
    assert announced.date.value == "2005-06-06"  # the keynote, not 2007
    assert announced.date.provenance == "carried" and announced.date.base.startswith(CARRIED)
    assert switch.date is None  # the document date applies, not 2006


def test_date_in_a_statement_made_before_it_still_counts():
    # a past date in what was said dates the told event, as before
    c = claims("Jobs said that his company sold 13.7 million Macs last year.", JOBS_DIED)[0]
    assert c.date.value == "2010"


def test_present_perfect_news_sentence_takes_the_lead_event_date():
    text = ("Apple co-founder Steve Jobs died yesterday at the age of 56.\n"
            "Those who knew him have lost a dear friend and an inspiring mentor.\n"
            "His company has been the most valuable in the world.\n")
    _, lost, state = claims(text, JOBS_DIED)
    assert lost.date.value == "2011-10-05" and lost.date.provenance == "carried"
    assert state.date is None  # "has been": a state, not the story's event


def test_comparison_period_does_not_date_the_claim():
    c = claims("Apple's revenue rose 28 percent to 7.1 billion dollars compared to the "
               "previous year.", JOBS_DIED)[0]
    assert c.date is None


LEHMAN = base_for("2008-09-16", "day", "given", None)  # a Tuesday


@pytest.mark.parametrize("sentence", [
    "The Dow Jones Industrial Average dropped 504 points on Monday, its worst fall since the "
    "attacks of September 11, 2001.",
    "Unemployment rose to 6.1 percent on Monday, the highest level since 2003.",
    # the parser hangs this "since" on the verb, but the superlative makes it a baseline
    "Shares of GM dropped to their lowest level since 1950 on Monday.",
])
def test_a_since_baseline_does_not_date_the_claim(sentence):
    c = claims(sentence, LEHMAN)[0]
    assert (c.date.value, c.date.text) == ("2008-09-15", "Monday")
    assert c.trigger in ("drop", "rise")


def test_the_first_of_its_kind_since_a_year_is_not_dated_by_that_year():
    # parsed as a clause ("since 1968 is under way"), the superlative still makes it one:
    # the WHO's 2009 pandemic alert was four entries dated 1968 in a Timeline17 story
    (c,) = claims("The United Nations agency raised its pandemic flu alert to phase 6 on a "
                  "six-point scale, indicating the first influenza pandemic since 1968 is "
                  "under way.", base_for("2009-06-12", "day", "given", None))
    assert c.trigger == "raise" and c.date is None


def test_over_the_weekend_says_when_but_over_last_year_is_a_baseline():
    weekend, baseline = claims("Fighting continued over the weekend, officials said.\n"
                               "Sales rose 5 percent over last year, the company said.\n",
                               JOBS_DIED)  # Thursday 2011-10-06: the weekend of Oct 1-2
    assert (weekend.date.value, weekend.date.precision) == ("2011-10", "month")
    assert baseline.date is None


def test_a_day_of_the_month_alone_is_a_date_only_after_a_time_preposition():
    began, fought, _, swapped = claims(
        "The ceasefire began on the 26th and held for two days.\n"
        "Klitschko knocked out Thompson in the 11th of their first fight in 2008.\n"
        "In May, talks in Istanbul stalled. On the 26th, negotiators swapped prisoners.\n",
        GIVEN)  # 2010-07-17
    assert (began.date.value, began.date.text) == ("2010-06-26", "the 26th")  # spaCy: ORDINAL
    assert fought.date.value == "2008"  # a round, not a day
    assert swapped.date.value == "2010-05-26"  # the month named before


def test_which_one_of_a_series_is_kept_apart_from_counts():
    sixth, talks, details = claims(
        "Klitschko knocked Rahman down in the sixth round after 11 rounds of sparring.\n"
        "The deal was negotiated during the second round of talks in Istanbul.\n"
        "The fire started on the second floor, said the fifth head coach.\n")
    assert {(n["unit"], n["value"]) for n in sixth.numbers} == {("nth round", 6.0),
                                                               ("round", 11.0)}
    assert [(n["text"], n["unit"]) for n in talks.numbers] == [("second round", "nth round")]
    assert not [n for n in details.numbers if n["unit"].startswith("nth")]  # not the event


def test_since_on_the_verb_says_when_a_state_began():
    c = claims("Steve Jobs has been fighting pancreatic cancer since 2004.", JOBS_DIED)[0]
    assert c.date.value == "2004"


def test_time_expressions_name_a_day_too():
    c = claims("Apple announced this morning that it will lower its prices for songs in the "
               "United Kingdom.", JOBS_DIED)[0]
    assert (c.date.value, c.date.text) == ("2011-10-06", "this morning")


def test_a_date_describing_a_period_says_when_it_was():
    c = claims("Apple reported a 78 percent increase in profits during the last quarter, which "
               "ended September 24, 2011.", JOBS_DIED)
    assert len(c) == 1 and c[0].date.value == "2011-09-24"


def test_ellipsis_after_a_complete_sentence_keeps_the_claim():
    text = ('Bill Gates responded to the news with a statement on his blog: "The world rarely '
            'sees someone who has had the impact Steve has had. ...\n'
            "Microsoft said the talks with the regulators would resume ...\n")
    found = claims(text, JOBS_DIED)
    assert [c.text[:10] for c in found] == ["Bill Gates"]


@pytest.mark.parametrize("text,proposed", [
    ("Umerov said the talks went well and proposed a third meeting in late June.", True),
    ("The opposition called for new elections in March 2011.", True),
    ("The two leaders met in Geneva in late June.", False),
])
def test_a_date_on_a_proposed_event_does_not_date_the_claim(text, proposed):
    c = claims(text, base=base_for("2010-06-03", "day", "given", None))[0]
    if proposed:
        assert c.date is None or c.date.provenance == "none", c.date
    else:
        assert c.date is not None and c.date.value.startswith("2010-06")


@pytest.mark.parametrize("text", [
    "President Rene Preval has said parliamentary elections due to be held on 28 June will "
    "be postponed.",
    "The vote scheduled for 28 June was delayed.",
    "The talks planned for late July were cancelled.",
    "Elections due on 28 June have been postponed.",
])
def test_a_date_on_a_planned_occasion_dates_it_not_what_happened_to_it(text):
    # Haiti's election day, 28 February, dated the report of 28 January that put it off
    c = claims(text, base=base_for("2010-06-03", "day", "given", None))[0]
    assert c.date is None or c.date.provenance == "none", c.date
    # the plan's date stays with the words it describes
    assert [p["date"][:4] for p in c.dated_parts] == ["2010"], c.dated_parts


@pytest.mark.parametrize("text,aspect", [
    ("Russia launched a record 479 drones at Ukraine on Monday.", "past"),
    ("Ukrainian forces have attacked a Russian airbase in the Nizhny Novgorod region.", "past"),
    ("Russia had previously accused Ukraine of delaying the exchange of prisoners.", "earlier"),
    ("Peace remains elusive as the war in Ukraine enters its third year.", "present"),
    ("The next phase will focus on consolidating the two memoranda into one.", "future"),
    ("That round of negotiations did not lead to a wider ceasefire agreement.", "past"),
    ("Budanov said the exchange of prisoners will begin next week.", "past"),
    # a quotation told in the present or the future, its speaker after it: commentary
    ("\u201cThe process is quite complicated, negotiations continue virtually every day,"
     "\u201d said Volodymyr Zelensky.", "present"),
    ("\"We will keep going out until there is no chance of finding anyone,\" he told the BBC.",
     "future"),
    # ... but one that tells what happened is a happening
    ("\"We found 40 bodies in the rubble of the school,\" the officer said.", "past"),
    ("\"We have found 40 bodies in the rubble,\" the officer said.", "past"),
])
def test_a_claim_keeps_how_it_tells_its_event(text, aspect):
    assert claims(text)[0].aspect == aspect


@pytest.mark.parametrize("text, value, planned", [
    # expected, scheduled or planned: ahead of the day it is said on (a Saturday, July 17)
    ("The three countries are expected to join the alliance in April.", "2011-04", None),
    ("The sale of the unit is scheduled to close on Monday.", "2010-07-19", None),
    # told in the simple present, the planning holds now: the date is the planned phrase's
    ("The board plans to meet on Thursday to discuss the offer.", "2010-07-22",
     "meet on Thursday"),
    # expected in the present passive: ahead too (the participle read as past took the
    # Saturday before, on a Haiti page told on a Friday)
    ("Officials said more food supplies are expected in Haiti on Tuesday.", "2010-07-20",
     "expected in Haiti on Tuesday"),
    ("The hearing is scheduled for Monday, the court said.", "2010-07-19",
     "scheduled for Monday"),
    # in the present perfect passive too: what has been planned is planned still (told on
    # 14 June, "has been scheduled for 23 August" was read as the August before)
    ("A preliminary hearing has been scheduled for 30 September.", "2010-09-30", None),
    # what would have happened lies on either side: the nearest such day (told on a
    # Saturday, the Sunday after, not the one six days before)
    ("The team said it would have arrived in the capital on Sunday.", "2010-07-18",
     "arrived in the capital on Sunday"),
    # under a past verb, either side: the nearest reading stays
    ("The board agreed to sell the unit in April.", "2010-04", None),
    ("The company was expected to report results on Thursday.", "2010-07-15", None),
    # expected as a noun's clause, told in the present: ahead too ("the hurricane season
    # expected to start in June" on a January Haiti page read as the June before)
    ("Tents are no solution, officials say, with the rainy season expected to start "
     "in April.", "2011-04", "to start in April"),
])
def test_a_date_on_what_someone_expects_or_plans_lies_ahead(text, value, planned):
    (c,) = claims(text)
    if planned is None:
        assert c.date is not None and c.date.value == value
    else:
        assert c.date is None
        parts = {text[p["start"]:p["end"]]: p["date"] for p in c.dated_parts}
        assert any(planned in part and date == value for part, date in parts.items()), parts


def test_a_plan_told_in_the_past_perfect_keeps_the_past_reading():
    """"had been scheduled for" tells a plan of the past, which may lie on either side:
    the rule of a past event stays (more than two months ahead: the year before)."""
    (c,) = claims("A preliminary hearing had been scheduled for 30 September.")
    assert c.date is not None and c.date.value == "2009-09-30"


@pytest.mark.parametrize("text,words,value", [
    # a date on a noun dates that noun's event and what hangs on it, not the sentence
    ("The Canadian warrant issued Monday charged Kopp with attempted murder in the 1995 "
     "shooting of Dr. Hugh Short.", "1995 shooting of Dr. Hugh Short", "1995"),
    # a date in a reported clause dates that clause, the saying keeps its own
    ("Adams said Sunday that they were pushed out of the talks in February.",
     "pushed out of the talks in February", "2010-02"),
    # a date in a relative clause dates the clause
    ("Hurt, the county prosecutor who created the task force on Tuesday, spoke on Friday.",
     "created the task force on Tuesday", "2010-07-13"),
])
def test_a_date_of_its_own_dates_its_part_of_the_claim(text, words, value):
    (c,) = claims(text)
    parts = {text[p["start"]:p["end"]]: p["date"] for p in c.dated_parts}
    assert any(words in part and date == value for part, date in parts.items()), parts
    # the claim keeps the date of the event it tells
    assert c.date.value != value


@pytest.mark.parametrize("pub,text,words,value", [
    # the date hangs on a participle or an adjective: the part is the noun they describe,
    # whose event it is (TimeML's "summit", "election" took the publication day)
    ("1999-03-12", "The issue is expected to dominate a NATO summit set for Washington in "
     "April.", "a NATO summit set for Washington in April", "1999-04"),
    ("1998-02-05", "With the general election due this September, record figures could not "
     "have come at a worse time for Chancellor Kohl.",
     "the general election due this September", "1998-09"),
])
def test_a_date_on_the_words_describing_a_noun_dates_the_noun(pub, text, words, value):
    (c,) = claims(text, base=base_for(pub, "day", "given", None))
    parts = {text[p["start"]:p["end"]]: p["date"] for p in c.dated_parts}
    assert parts.get(words) == value, parts


@pytest.mark.parametrize("text, words, value", [
    ("Analysts expect the trend to continue into the fourth quarter of 2010.",
     "continue into the fourth quarter of 2010", "2010-Q4"),
    ("He thinks steelmakers will report losses through the third quarter of 2011.",
     "report losses through the third quarter of 2011", "2011-Q3"),
])
def test_a_claim_told_in_the_present_holds_now_not_when_its_clause_happens(
        text, words, value):
    (c,) = claims(text)
    assert c.date is None or not c.date.value.startswith(value[:4])
    parts = {text[p["start"]:p["end"]]: p["date"] for p in c.dated_parts}
    assert any(words in part for part in parts), parts


def test_a_report_in_the_present_still_takes_the_date_of_what_it_reports():
    (c,) = claims("Officials say the attack came on Monday.")
    assert c.date.value == "2010-07-12"


def test_the_claims_own_date_is_no_part_of_it():
    (c,) = claims("Russia and Ukraine exchanged 390 prisoners on Friday in Belarus.")
    assert c.date.value == "2010-07-16" and c.dated_parts == []


def test_a_date_where_a_span_starts_or_ends_dates_no_part():
    # "since 1900" is where a span starts, not when the quake happened
    (c,) = claims("The quake on Tuesday was the third biggest quake since 1900 in the region.")
    assert c.date.value == "2010-07-13" and c.dated_parts == []


def test_an_event_the_story_dated_before_keeps_its_date_when_named_again():
    # "its launch", "the killing": the launch and the killing the story dated; the
    # sentences themselves are not dated by them (they tell the sales, the comment)
    text = ("Apple launched the iTunes Music Store on April 28, 2003.\n"
            "Since its launch the store has sold more than 3 billion songs.\n"
            "A sniper killed Dr. Barnett Slepian at his home on Oct. 23, 1998.\n"
            "His aides would not comment about the political ramifications of the killing.\n")
    found = claims(text, base_for("2008-01-09", "day", "given", None))
    by_text = {c.text.split()[0]: c for c in found}
    for first, words, date in (("Since", "its launch", "2003-04-28"),
                               ("His", "the killing", "1998-10-23")):
        c = by_text[first]
        parts = {text[p["start"]:p["end"]]: (p["date"], p["provenance"]) for p in c.dated_parts}
        assert parts.get(words) == (date, NAMED_BEFORE), parts
        assert c.date is None or c.date.value != date


def test_a_sentence_with_its_own_date_reads_its_nouns_in_it():
    # the Madrid summit of July 1997 is not the Washington summit dated just before
    text = ("Leaders will sign the documents at the summit on April 24.\n"
            "The alliance invited the three to join in July 1997 at the Madrid summit.\n"
            "The talks went on into the night.\n")
    found = claims(text, base_for("1999-02-10", "day", "given", None))
    assert all(p["provenance"] != NAMED_BEFORE for c in found for p in c.dated_parts)
    assert found[1].date.value == "1997-07"


def test_an_earlier_occasion_of_the_kind_is_not_the_one_named_later():
    text = ("Previous negotiations, held on May 16, resulted in a commitment to a swap.\n"
            "The negotiations made little progress on a truce.\n")
    found = claims(text, base_for("2025-06-03", "day", "given", None))
    assert all(p["provenance"] != NAMED_BEFORE for c in found for p in c.dated_parts)


def test_an_event_a_dated_part_places_is_dated_when_named_again():
    text = ("The warrant issued Monday charged Kopp in the 1995 shooting of Dr. Short.\n"
            "Police never solved the shooting.\n")
    found = claims(text, base_for("1998-11-02", "day", "given", None))
    parts = {text[p["start"]:p["end"]]: (p["date"], p["provenance"])
             for p in found[-1].dated_parts}
    assert parts == {"the shooting": ("1995", NAMED_BEFORE)}


def test_a_date_on_what_the_event_acts_on_dates_that_thing_not_the_claim():
    saturday = base_for("2010-01-16", "day", "given", None)
    text = ("The UN has launched an appeal for $562m to help victims of Tuesday's "
            "devastating earthquake.\n")
    (appeal,) = claims(text, saturday)
    # the appeal was not launched on the Tuesday of the quake (it was the 12th, read in
    # the tense of "has launched"; the nearest Tuesday would be the 19th)
    assert appeal.date is None or appeal.date.value != "2010-01-12"
    (part,) = appeal.dated_parts
    assert part["date"] == "2010-01-12"
    assert text[part["start"]:part["end"]] == "Tuesday's devastating earthquake"
    # a date hung by a preposition may be the event's own: left as it was
    (manhunt,) = claims("Kopp became the subject of an international manhunt in November.\n",
                        saturday)
    assert manhunt.date is not None and manhunt.date.value == "2009-11"


def test_a_weekday_with_its_date_is_one_date_not_the_weekday_before_the_page():
    """"Added: Tuesday, 19 January, 2010, 18:32 GMT" on a page published 18 January read
    "Tuesday" alone, the Tuesday before the page (12 January): a week early, and it won
    over the date it names."""
    base = base_for("2010-01-18", "day", "given", None)  # a Monday
    c = claims("The governor said on Tuesday, 19 January, 2010, that he had launched a "
               "$1 million appeal.", base)[0]
    assert (c.date.value, c.date.provenance) == ("2010-01-19", "explicit")
    assert c.date.text == "Tuesday, 19 January, 2010"
    c = claims("He arrived on Monday, June 2, and left a day later.",
               base_for("2025-06-10", "day", "given", None))[0]
    assert (c.date.value, c.date.text) == ("2025-06-02", "Monday, June 2")
    # spaCy can read "Friday" and "March 2024" and leave the day's number to neither:
    # still the day the text names, not the Friday before the page or the month
    page = base_for("2024-03-12", "day", "given", None)
    for text, day in [("The council voted on Friday, 8 March 2024.", "2024-03-08"),
                      ("The council voted on Monday, 4 March 2024.", "2024-03-04"),
                      ("The council voted on Sunday, 10 March 2024.", "2024-03-10")]:
        c = claims(text, page)[0]
        assert (c.date.value, c.date.precision, c.date.provenance) == (day, "day", "explicit")
    # a number that counts something is no day of the date after it
    c = claims("On Friday, 8 of the 12 members voted in March 2024.", page)[0]
    assert c.date.value != "2024-03-08" or c.date.provenance != "explicit"
    # a weekday and a date that is not a day of a month stay apart
    c = claims("He arrived on Monday, and in June 2025 he left again.",
               base_for("2025-06-10", "day", "given", None))[0]
    assert c.date.text == "Monday"


def test_a_day_left_out_of_its_date_is_the_dates():
    """A timeline's line, "7 November 2011 Dr Conrad Murray is found guilty ...": spaCy
    read the date as "November 2011" and left the 7 to nothing, and the verdict was dated
    to the month (a tester on a 138-article story). The end of a range is no day."""
    page = base_for("2011-11-30", "day", "given", None)
    c = claims("7 November 2011 Dr Conrad Murray is found guilty of involuntary "
               "manslaughter after nine hours of jury deliberations.", page)[0]
    assert (c.date.value, c.date.precision, c.date.provenance) == (
        "2011-11-07", "day", "explicit")
    assert c.date.text == "7 November 2011"
    c = claims("Network Radio BBC Week 42: 17-23 October 2009 Transmission details were "
               "published in the programme guide.", page)[0]
    assert c.date.value != "2009-10-23"
    c = claims("The firm cut 7 jobs in November 2011, the union said.", page)[0]
    assert (c.date.value, c.date.precision) == ("2011-11", "month")


def test_a_weekday_under_a_past_verb_that_says_it_was_done_is_the_one_before():
    """A Thursday page: "managed to pull Maxine Fallon from the remains ... on Sunday"
    was read as the Sunday after it, and "died after suffering a cardiac arrest ... on
    Thursday" (a Monday page) as the Thursday after: dated after their own publication.
    A past verb that looks ahead leaves its infinitive's weekday the nearest one."""
    thursday = base_for("2010-01-28", "day", "given", None)
    c = claims("A Peruvian team managed to pull Maxine Fallon from the remains of a "
               "flattened school on Sunday.", thursday)[0]
    assert c.date.value == "2010-01-24"
    c = claims("The star died after suffering a cardiac arrest at his home on Thursday.",
               base_for("2009-06-29", "day", "given", None))[0]
    assert c.date.value == "2009-06-25"
    c = claims("The minister agreed to visit the camp on Sunday.", thursday)[0]
    assert c.date.value == "2010-01-31"
    # a gerund under a plan of the past ("were to mark") may lie ahead: the nearest
    c = claims("Prisoners were to mark the anniversary by staging a version of Thriller "
               "on Saturday.", base_for("2010-06-25", "day", "given", None))[0]
    assert c.date.value == "2010-06-26"


def test_what_comes_after_an_occasion_named_in_the_possessive_is_not_dated_by_it():
    """"The scenes which have followed Tuesday's earthquake have led to people giving
    12m" was dated the day of the quake, and twenty sentences of the article after it; so
    was "45,000 people have died since Tuesday's earthquake", a toll of three days on. The
    quake's day dates the quake (a dated part); what is told in it keeps its day."""
    friday = base_for("2010-01-15", "day", "given", None)
    for text in ("The scenes of devastation which have followed Tuesday's earthquake in "
                 "Haiti have led to people in the UK giving 12m pounds to the relief fund.",
                 "About 45,000 people have died since Tuesday's earthquake, the UN estimates.",
                 "Aid began to arrive after Tuesday's earthquake."):
        c = claims(text, friday)[0]
        assert c.date is None or c.date.value != "2010-01-12", text
        assert [p["date"] for p in c.dated_parts] == ["2010-01-12"], text
    # in the occasion, or the occasion itself, it still dates what is told
    for text in ("Thousands were killed in Tuesday's earthquake.",
                 "Tuesday's earthquake destroyed the presidential palace."):
        assert claims(text, friday)[0].date.value == "2010-01-12", text


def test_what_someone_announced_stays_with_the_statement():
    """"The minister said on 4 March 2024 that the port would reopen in May" was cut in
    two: an entry titled "The minister said on 4 March 2024", and what was said, told in
    the future, in the background. The announcement is the occasion, its content whole."""
    page = base_for("2024-03-06", "day", "given", None)
    (c,) = claims("The minister said on 4 March 2024 that the port would reopen in May.", page)
    assert c.text.endswith("that the port would reopen in May.")
    assert (c.date.value, c.aspect) == ("2024-03-04", "past")
    assert [p["date"] for p in c.dated_parts] == ["2024-05"]
    # a past event told with its own date is still an occasion of its own
    said, arrested = claims("Police said on Tuesday, 5 March 2024, that two men were arrested "
                            "on Monday.", page)
    assert said.date.value == "2024-03-05" and arrested.date.value == "2024-03-04"


def _saying(c, text):
    return {text[p["start"]:p["end"]]: (p["date"], p["provenance"]) for p in c.dated_parts
            if text[p["start"]:p["end"]] in ("said", "say", "says", "told")}


def test_a_saying_the_claims_date_does_not_date_is_dated_apart():
    # the date is what was reported: the claim keeps it, the saying is published news
    text = "Jobs said that his company sold 13.7 million Macs last year."
    (c,) = claims(text)
    assert c.date.value == "2009"
    assert _saying(c, text) == {"said": ("2010-07-17", "document")}
    text = "Kopp's car was discovered last month at the airport, the FBI said."
    (c,) = claims(text)
    assert c.date.value == "2010-06" and _saying(c, text) == {"said": ("2010-07-17", "document")}


def test_a_saying_in_a_story_takes_its_lead_day():
    text = ("Apple unveiled the new iPhone at its conference on Thursday.\n"
            "Jobs said that his company sold 13.7 million Macs last year.")
    found = claims(text)
    assert _saying(found[-1], text) == {"said": ("2010-07-15", "carried")}
    # never before what it tells: said of Friday, it was said by the day of publication
    text = ("Apple unveiled the new iPhone at its conference on Thursday.\n"
            "A spokeswoman said he had been interviewed by the police on Friday.")
    found = claims(text)
    assert found[-1].date.value == "2010-07-16"
    assert _saying(found[-1], text) == {"said": ("2010-07-17", "document")}


@pytest.mark.parametrize("text", [
    # the date is the saying's own
    "The FBI said on Friday that the rifle was found near the house.",
    "Gonzalez said in the letter, dated Monday, that he objects to the legal moves.",
    # a saying inside what the claim tells is not the claim's
    "On Friday police carried out what they said was an extensive interview.",
    # no saying: a passive call, a statement's participle
    "Kopp became the subject of a manhunt in November when he was called a witness.",
])
def test_no_saying_part_where_the_date_is_the_sayings_or_nobody_says(text):
    (c,) = claims(text)
    assert _saying(c, text) == {}


def test_a_saying_without_a_given_publication_date_is_not_dated():
    text = "Jobs said that his company sold 13.7 million Macs last year."
    (c,) = claims(text, base=base_for(None, None, "unknown", 2010))
    assert _saying(c, text) == {}


def test_an_earlier_occasion_keeps_its_date_when_the_parse_hangs_it_on_the_verb():
    # spaCy hangs "in May" on "follows"; the date is the previous swap's, not the
    # exchange's, and the detail pane must still show it dating the swap
    text = "This exchange follows a previous swap in May that involved 390 soldiers.\n"
    (c,) = claims(text)
    assert c.date is None or c.date.value is None
    parts = {text[p["start"]:p["end"]]: p["date"] for p in c.dated_parts}
    assert any("previous swap" in part and date == "2010-05" for part, date in parts.items()), \
        parts
