"""Claims found by spaCy in small, realistic texts: spans, dates, speakers, numbers."""

from __future__ import annotations

import datetime as dt

import pytest

from workbench.extract.claims import CARRIED, DocumentExtractor, base_for
from workbench.extract.dates import Base
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


def test_date_takes_the_tense_of_its_own_verb():
    c = claims("Apple Inc. announced Friday that it will give owners of its new phone a free case.")[0]
    assert (c.date.value, c.date.provenance, c.date.text) == ("2010-07-16", "relative", "Friday")


def test_undated_past_sentences_take_the_lead_event_date():
    text = ("Apple Inc. announced Friday that it will give owners of its new phone a free case.\n"
            "The phone has a metal antenna that wraps around its side.\n"
            "Jobs also said that owners who bought a bumper will receive a full refund.\n")
    lead, state, said = claims(text)
    assert state.date is None  # a present-tense state is not part of the lead event
    assert said.date.value == "2010-07-16" and said.date.base.startswith(CARRIED)


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


def test_speaker_reporting_verb_and_pronoun():
    text = ("Vladimir Medinsky, head of the Russian delegation, confirmed that an agreement on a "
            "new exchange of prisoners of war was reached.\n"
            "He indicated that Russia and Ukraine would establish a regular medical commission.\n")
    first, second = claims(text)
    assert (first.speaker, first.speaker_norm, first.reporting_verb) == (
        "Vladimir Medinsky", "medinsky", "confirm")
    assert second.speaker == "Vladimir Medinsky" and first.kind == "statement"


def test_numbers_with_units_and_qualifiers():
    c = claims("Ukrainian negotiator Rustem Umerov revealed that the swap would involve at least "
               "1,000 prisoners, while officials said 6,000 bodies were returned.")[0]
    got = {(n["value"], n["unit"], n["qualifier"]) for n in c.numbers}
    assert (1000.0, "prisoner", "at least") in got
    assert (6000.0, "body", None) in got


def test_skipped_ranges_never_become_claims():
    text = "Skip to content\nRussia and Ukraine agreed to exchange prisoners of war in Istanbul.\n"
    found = claims(text, skipped=[(0, 15, "widget")])
    assert all(c.char_start >= 16 for c in found) and len(found) == 1
