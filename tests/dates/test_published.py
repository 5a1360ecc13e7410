"""Publication dates: read from metadata at the precision given, or inferred from the text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.dates.published import (
    DateError,
    address_date,
    guessed_from,
    infer,
    normalise_published,
)
from workbench.extract.claims import base_for

OBITUARY = ("Bettie Page, the pin-up queen of the 1950s, has died. She was born Betty Mae Page "
            "on April 22, 1923 in Nashville. Page came out of hiding in 2003. She suffered a "
            "heart attack on December 2 and never regained consciousness.")


def test_a_dateline_dates_the_piece():
    found = infer("NASHVILLE, December 12, 2008 (AP) - Bettie Page has died.", 2008)
    assert (found.value, found.evidence) == ("2008-12-12", "dateline: 2008-12-12")


@pytest.mark.parametrize(("text", "called"), [
    ("GENEVA | Thu Apr 30, 2009 11:39 am\nThe WHO raised its alert.", "its dateline"),
    ("Page last updated at 23:19 GMT, Tuesday, 19 January 2010\nBorn amid the ruins",
     "its dateline"),
    # the date a lead sentence tells: the weakest guess, which read as the strongest
    ("The bridge reopened on June 5, 2012, officials said.", "a date in its first lines"),
    ("On March 4, 2024, 45 people were found alive.", "a date in its first lines"),
])
def test_a_date_in_the_first_lines_is_called_a_dateline_only_when_it_is_one(text, called):
    from workbench.dates.published import guessed_from

    found = infer(text, 2010)
    assert guessed_from("inferred", found.evidence) == called


def test_a_photo_caption_before_the_dateline_does_not_date_the_piece():
    text = ("A Mexican transit policewoman wears a surgical face mask in Mexico City April 27, "
            "2009.\nGENEVA | Thu Apr 30, 2009 11:39 am\nThe World Health Organization raised "
            "its pandemic alert level.")
    assert infer(text, 2009).value == "2009-04-30"
    lead = ("Flood hits town\n\nOn March 3, 2024, three bridges collapsed in the flood.\n\n"
            "On March 4, 2024, 45 people were found alive by rescue teams.")
    assert infer(lead, 2024).value == "2024-03-04"


def test_the_latest_full_date_dates_a_piece_of_its_time():
    text = ("The talks opened on Monday in Istanbul, with both delegations present and a long "
            "list of humanitarian questions on the table for the mediators to work through. "
            "Officials said a first round ended on June 2, 2025 and the deal runs until 2030.")
    found = infer(text, 2025)
    assert (found.value, found.evidence) == ("2025-06-02", "latest full date in the text")


def test_a_date_told_as_a_plan_is_ahead_of_the_page_and_never_its_date():
    # Timeline17's pages guessed by a date they tell ahead ("will begin returning to school
    # on 7 May", published on the 5th; a concert "takes place ... on 8 October", published
    # in August): 78 of 826 were guessed two days or more after they came out
    text = ("Officials across the capital tested hundreds of pupils for the new virus as "
            "the outbreak spread, and parents queued outside clinics through the night. "
            "Schools in Mexico City were closed on May 4, 2009 by the health ministry. "
            "Pupils without symptoms will begin returning to school on May 7, 2009, the "
            "president said.")
    found = infer(text, 2009)
    assert (found.value, found.evidence) == ("2009-05-04", "latest full date in the text")
    # year-less dates alike; a page that tells only what lies ahead is not dated by it
    assert infer("The telethon will be screened live from 0100 GMT on Saturday 23 January, "
                 "the organisers said, and stars from both countries have signed up.",
                 2010) is None
    assert infer("The gig takes place at Cardiff's Millennium Stadium on 8 October, when "
                 "fans from around the world are expected.", 2011) is None
    assert infer("The stadium hosted a memorial gig on 8 October, and fans from around the "
                 "world came.", 2011).value == "2011-10-08"
    # the end of a span lies ahead as often: "closed until 6 May", told on 26 April
    assert infer("Schools in and around Mexico City have been closed until 6 May, and some "
                 "70% of bars in the capital shut their doors on 24 April.", 2009
                 ).value == "2009-04-24"


def test_a_birth_date_in_an_obituary_is_history_not_the_date_of_the_piece():
    # 1923 is decades before the corpus (2008) and the text names 2003: the piece was written
    # later, so its year-less "December 2" is read in the corpus year instead.
    found = infer(OBITUARY, 2008)
    assert found.value == "2008-12-02"
    assert "corpus" in found.evidence
    # without a corpus year to compare with, the full date is all there is
    assert infer(OBITUARY, None).value == "1923-04-22"


def test_a_date_no_piece_could_be_published_on_dates_nothing():
    # "June 2, 0001" (a typo, a test page) is no publication date, nor a collection's year
    from workbench.dates.published import dominant_year, full_dates

    text = "The talks ended on June 2, 0001, officials said, and resume in the year 99999."
    assert full_dates(text) == []
    assert infer(text, None) is None
    seeds = ["Officials met on June 2.", text]
    assert dominant_year([full_dates(t) for t in seeds], ["2025-06-03"]) == 2025


# A 2008 report among a collection mostly of 2013: it names 2009 (a year other documents
# are dated in) but never 2013, and has no full date of its own.
JACKMAN = ("Oscar organizers on Friday unveiled Hugh Jackman as the host of their gala. "
           "The ceremony on February 22 will honour the films of 2008, and the show's "
           "producers promised changes for 2009.")


def test_a_year_less_date_takes_its_own_articles_year_before_the_corpus_year():
    found = infer(JACKMAN, 2013, dated_years={2008, 2009, 2013})
    assert found.value == "2009-02-22"
    assert found.evidence == "latest date in the text, year 2009 from the years its text names"
    assert "its year the latest the text names" in guessed_from("inferred", found.evidence)


def test_the_corpus_year_applies_only_when_the_article_gives_none():
    # names the corpus year itself: of the corpus' time
    assert infer(JACKMAN + " It returns in 2013.", 2013, dated_years={2009, 2013}).value == (
        "2013-02-22")
    # names no year any document is dated in: nothing of its own to go by
    assert infer(JACKMAN, 2013, dated_years={2013}).value == "2013-02-22"
    # a year just before the corpus' may be the year the piece looks back on ("the films of
    # 2008" at the ceremony of February 2009): the corpus year stands
    films = "The ceremony on February 22 will honour the films of 2008."
    assert infer(films, 2009, dated_years={2008, 2009}).value == "2009-02-22"
    # a collection of one year: a 2008 obituary naming 2003 is still of 2008
    assert infer(OBITUARY, 2008, dated_years={2008}).value == "2008-12-02"


def test_a_document_without_a_date_reads_year_less_dates_in_its_own_year():
    base = base_for(None, None, "unknown", 2013, JACKMAN, {2009, 2013})
    assert (base.year, base.describe()) == (2009, "year 2009 (text)")
    assert base_for(None, None, "unknown", 2013, JACKMAN, {2013}).year == 2013


def test_a_collection_spanning_years_dates_each_article_in_its_own(tmp_path):
    from workbench.db import connect
    from workbench.extract import infer_document_dates
    from workbench.ingest import ingest_paths

    texts = {
        "a.txt": "LOS ANGELES, December 12, 2008 (Reuters) - Hugh Jackman will host the Oscars.",
        "b.txt": "NEW YORK, August 2, 2013 - Ellen DeGeneres will host the Oscars again.",
        "c.txt": "LOS ANGELES, August 3, 2013 - The Academy confirmed DeGeneres on Friday.",
        "d.txt": "Jackman's show on February 22 will honour the films of 2008.",
    }
    for name, text in texts.items():
        (tmp_path / name).write_text(text)
    db = connect(tmp_path / "w.db")
    ingest_paths(db, [tmp_path])
    _, year, _, dated = infer_document_dates(db)
    assert (year, dated) == (2013, {2008, 2013})
    published = dict(db.execute("SELECT path, published FROM documents").fetchall())
    assert published[str(tmp_path / "d.txt")] == "2008-02-22"  # not 2013-02-22
    db.conn.close()


@pytest.mark.parametrize(
    ("raw", "value", "precision"),
    [
        ("2025-06-02", "2025-06-02", "day"),
        (" 2025-06-02 ", "2025-06-02", "day"),
        ("2025-06-02T23:30:00+03:00", "2025-06-02", "day"),  # the date as written, not UTC
        ("2025-06-02T10:00:00Z", "2025-06-02", "day"),
        ("2025-06", "2025-06", "month"),
        ("2025", "2025", "year"),
        ("June 2, 2025", "2025-06-02", "day"),
        ("2 June 2025", "2025-06-02", "day"),
        ("Jun 2, 2025", "2025-06-02", "day"),
        ("June 2025", "2025-06", "month"),
        ("Mon, 02 Jun 2025 10:00:00 GMT", "2025-06-02", "day"),
        ("20250602", "2025-06-02", "day"),  # ISO 8601 basic form (some TimeML DCTs)
        ("20250602T1000", "2025-06-02", "day"),
    ],
)
def test_published_is_normalised_at_the_precision_given(raw, value, precision):
    published = normalise_published(raw)
    assert (published.value, published.precision) == (value, precision)


@pytest.mark.parametrize(
    "raw",
    [
        "yesterday",
        "2025-13-01",
        "2025-02-30",
        "0999",
        "2025-06-02T25:00",
        "02/06/2025",
        "",
        "2025-6",
        "20251302",
        "202506",
    ],
)
def test_malformed_published_is_refused(raw):
    with pytest.raises(DateError):
        normalise_published(raw)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_normalise_published_raises_only_date_error(raw):
    try:
        published = normalise_published(raw)
    except DateError:
        return
    assert published.precision in ("day", "month", "year")
    assert published.value[:4].isdigit()


@pytest.mark.parametrize(("url", "path", "found"), [
    # publishers' URLs: the day in the path, or a month, or a day in the slug
    ("https://www.nytimes.com/2010/01/13/world/americas/13haiti.html", None,
     ("2010-01-13", "url")),
    ("https://www.theguardian.com/world/2010/jan/13/haiti-earthquake", None,
     ("2010-01-13", "url")),
    ("https://example.org/2010/01/quake-relief/", None, ("2010-01", "url")),
    ("https://example.org/news/quake-20100113.html?seen=2011-01-01", None,
     ("2010-01-13", "url")),
    # archives: a folder named by the day, three folders of it, a file named with it
    (None, "timeline17/haiti_bbc/InputDocs/2010-01-15/1452.htm.txt",
     ("2010-01-15", "folder name")),
    (None, "archive/2010/01/15/story.txt", ("2010-01-15", "folder names")),
    (None, "clips/2010-01-15/haiti_2010-01-16.html", ("2010-01-16", "file name")),
    # the URL is the publisher's: it wins over how the file was filed
    ("https://example.org/2010/01/13/quake", "clips/2010-01-15/a.txt", ("2010-01-13", "url")),
])
def test_a_date_in_the_address_is_the_publication_date(url, path, found):
    assert address_date(url, path) == found


@pytest.mark.parametrize(("url", "path"), [
    ("https://www.reuters.com/article/us-haiti-quake-idUSTRE60C0ZN20100113", None),  # an id
    ("https://www.bbc.co.uk/news/world-latin-america-8455629", None),
    ("https://example.org/2010/13/45/x", None),  # no such day
    (None, "seeds/000_081432cf3a4d361b.txt"),  # a hash
    (None, "backup-2023-01-01/news/story.txt"),  # when the folder was made, not the article
    (None, "2009/old/news/clips/story.txt"),  # above the last three folders
    (None, "x/20100230/a.txt"),  # February 30th
])
def test_numbers_in_an_address_that_are_not_its_day_are_not_read(url, path):
    assert address_date(url, path) is None


# --- a guess raised by the occasions an article reports ---------------------------------

def _claim(doc: int, text: str, date: str | None = None, provenance: str = "none",
           words: str | None = None, aspect: str = "past") -> dict:
    return {"document_id": doc, "text": text, "date": date, "aspect": aspect,
            "date_precision": "day" if date and len(date) == 10 else None,
            "date_provenance": provenance, "date_text": words, "stated_date": None,
            "stated_provenance": None}


TALKS = [_claim(1, "The Istanbul negotiations took place on June 2.", "2025-06-02",
                "explicit", "June 2"),
         _claim(2, "The talks lasted just over an hour.")]
BEFORE = [_claim(2, "The previous meeting was held on May 16.", "2025-05-16", "explicit",
                 "May 16"),
          _claim(3, "The first round was on May 16.", "2025-05-16", "explicit", "May 16")]


def test_an_article_guessed_before_the_occasion_it_reports_is_raised_to_its_day():
    """Seed 002 names only "May 16", the talks before, and tells the talks of June 2
    without their date: its guess (May 16) read as published before what it reports."""
    from workbench.dates.published import reporting_floors

    assert reporting_floors([BEFORE, TALKS], {2: "2025-05-16"}) == {2: ("2025-06-02", 1)}
    # a guess already on or after the day stays; a date given is not a guess at all
    assert reporting_floors([TALKS], {2: "2025-06-03"}) == {}
    assert reporting_floors([TALKS], {}) == {}


def test_only_what_an_article_tells_as_done_and_another_source_dates_raises_it():
    from workbench.dates.published import reporting_floors

    ahead = [_claim(1, "The talks took place on June 2.", "2025-06-02", "explicit", "June 2"),
             _claim(2, "The delegations will meet in Istanbul.", aspect="future")]
    assert reporting_floors([ahead], {2: "2025-05-28"}) == {}  # a plan told before it
    alone = [_claim(2, "The talks took place on June 2.", "2025-06-02", "explicit", "June 2"),
             _claim(2, "They lasted an hour.")]
    assert reporting_floors([alone], {2: "2025-05-16"}) == {}  # its own word only
    until = [_claim(1, "Schools were closed until May 6.", "2009-05-06", "explicit", "May 6"),
             _claim(2, "Schools in the capital were closed.")]
    assert reporting_floors([until], {2: "2009-04-26"}) == {}  # a span's end is no day done


def test_a_raised_guess_keeps_the_guess_from_its_text_and_says_what_it_came_from():
    from workbench.dates.published import (
        lower_bound,
        raised_evidence,
        text_guess,
    )

    text = "latest date in the text, year 2025 from the corpus"
    evidence = raised_evidence("2025-06-02", 1, "2025-05-16", text)
    assert text_guess("2025-06-02", evidence) == ("2025-05-16", text)
    assert text_guess("2025-05-16", text) == ("2025-05-16", text)
    assert guessed_from("inferred", evidence) == (
        "the day other sources give an occasion it reports")
    assert lower_bound(text) and lower_bound("latest full date in the text")
    assert not lower_bound("dateline: 2025-06-02") and not lower_bound(None)
