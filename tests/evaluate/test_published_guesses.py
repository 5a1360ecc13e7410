"""The publication-date guesses measured where the corpus knows the day."""

from __future__ import annotations

from workbench.evaluate.published import score_guesses


def test_guesses_are_counted_right_near_late_early_or_missing():
    pages = [
        ("KYIV, June 3, 2025 (Reuters) - Talks resumed on Tuesday.", "2025-06-03"),  # right
        ("KYIV, June 3, 2025 (Reuters) - Talks resumed on Tuesday.\\n", "2025-06-04"),  # near
        # a plan is never the guess; an older day is, early
        ("Parents queued outside clinics through the night as officials across the "
         "capital tested hundreds of pupils for the new virus and the outbreak spread. "
         "The ministry closed the schools on June 1, 2025 after the outbreak. Pupils "
         "will return on June 9, 2025, officials said.", "2025-06-05"),
        ("Officials said a deal was near, and talks went on through the night.", "2025-06-05"),
    ]
    score = score_guesses(pages)
    assert (score.documents, score.right, score.near, score.early, score.none) == (4, 1, 1, 1, 1)
    assert score.late == 0
    assert "1 of 4 on the day" in score.summary()
    # a page read in its own year (a collection of one story) and the same as one
    # collection, whose commonest year reads a year-less date
    old = [("Troops crossed the border on August 2 and the capital fell within hours of "
            "the first reports, witnesses said.", "1990-08-03"),
           ("It happened on June 3, 2025, they said.", "2025-06-03"),
           ("It was on June 4, 2025, they said.", "2025-06-04")]
    assert score_guesses(old, own_year=True).as_dict() == {
        "documents": 3, "right": 2, "near": 1, "late": 0, "early": 0, "none": 0}
    # read in 2025, the collection's commonest year, 1990's "August 2" is decades late
    assert score_guesses(old).as_dict() == {
        "documents": 3, "right": 2, "near": 0, "late": 1, "early": 0, "none": 0}
