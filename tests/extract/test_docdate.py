"""Inferring a document's date from its text when metadata gives none."""

from __future__ import annotations

from workbench.extract.docdate import infer

OBITUARY = ("Bettie Page, the pin-up queen of the 1950s, has died. She was born Betty Mae Page "
            "on April 22, 1923 in Nashville. Page came out of hiding in 2003. She suffered a "
            "heart attack on December 2 and never regained consciousness.")


def test_a_dateline_dates_the_piece():
    found = infer("NASHVILLE, December 12, 2008 (AP) - Bettie Page has died.", 2008)
    assert (found.value, found.evidence) == ("2008-12-12", "dateline: 2008-12-12")


def test_the_latest_full_date_dates_a_piece_of_its_time():
    text = ("The talks opened on Monday in Istanbul, with both delegations present and a long "
            "list of humanitarian questions on the table for the mediators to work through. "
            "Officials said a first round ended on June 2, 2025 and the deal runs until 2030.")
    found = infer(text, 2025)
    assert (found.value, found.evidence) == ("2025-06-02", "latest full date in the text")


def test_a_birth_date_in_an_obituary_is_history_not_the_date_of_the_piece():
    # 1923 is decades before the corpus (2008) and the text names 2003: the piece was written
    # later, so its year-less "December 2" is read in the corpus year instead.
    found = infer(OBITUARY, 2008)
    assert found.value == "2008-12-02"
    assert "corpus" in found.evidence
    # without a corpus year to compare with, the full date is all there is
    assert infer(OBITUARY, None).value == "1923-04-22"
