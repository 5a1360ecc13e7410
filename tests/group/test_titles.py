"""An entry's title: the member that reads like a news lead (``group/titles``)."""

from __future__ import annotations

import pytest

from workbench.group.titles import FEATURES, best_title_claim, sharing, title_text, weights


def claim(cid, doc, text, date=None, start=2000, entities=(), numbers=()):
    return {"id": cid, "document_id": doc, "text": text, "char_start": start,
            "date": date, "date_precision": "day" if date and len(date) == 10 else None,
            "date_provenance": "explicit" if date else "none", "date_text": None,
            "date_base": None, "entities": [{"norm": n, "label": "GPE"} for n in entities],
            "numbers": list(numbers), "kind": "event"}


def test_the_lead_that_says_who_and_when_titles_the_entry_not_a_later_quote():
    quote = claim(1, 1, '"It is a big deal," said one analyst.', start=4000)
    lead = claim(2, 2, "Russia and Ukraine agreed on June 2 in Istanbul to swap 6,000 bodies.",
                 date="2025-06-02", start=120, entities=("Russia", "Ukraine", "Istanbul"),
                 numbers=[{"value": 6000}])
    assert best_title_claim([quote, lead], "2025-06-02")["id"] == 2
    assert best_title_claim([lead, quote], "2025-06-02")["id"] == 2


def test_a_member_dated_another_time_titles_an_entry_only_when_all_are():
    news = claim(1, 1, "A magnitude 7 earthquake hit Haiti on 12 January.", date="2010-01-12")
    history = claim(2, 2, "Quake and tsunami killed 1,600 in Haiti and Jamaica in 1918.",
                    date="1918", start=10, entities=("Haiti", "Jamaica"),
                    numbers=[{"value": 1600}])
    year = claim(3, 3, "The 2010 earthquake in Haiti was the worst in two centuries.",
                 date="2010", start=10, entities=("Haiti",))
    # the history names more and stands higher in its article, but says another year
    assert best_title_claim([news, history], "2010-01-12")["id"] == 1
    # a coarser date that holds the entry's day agrees with it: the year titles, though the
    # history scores higher; alone, the history titles
    assert best_title_claim([history, year], "2010-01-12")["id"] == 3
    assert best_title_claim([history], "2010-01-12")["id"] == 2


def test_among_equal_members_the_one_told_earliest_in_its_article_titles():
    later = claim(1, 1, "Officials met again.", start=900)
    earlier = claim(2, 2, "Officials met.", start=300)
    assert best_title_claim([later, earlier])["id"] == 2


def test_a_piece_cut_from_its_sentence_titles_only_when_nothing_whole_does():
    """A background fragment merged into the June 2 talks titled them "…a move that had
    been negotiated during a second round": dated, early and sharing the occasion's words,
    it outscored every sentence of the entry, but it cannot be read alone."""
    piece = claim(1, 1, "a move that had been negotiated during a second round of talks in "
                  "Istanbul on June 2, Russia and Ukraine said.", date="2025-06-02", start=100,
                  entities=("Istanbul", "Russia", "Ukraine"))
    whole = claim(2, 2, "The sides met in Istanbul.", start=3000)
    assert best_title_claim([piece, whole], "2025-06-02")["id"] == 2
    assert best_title_claim([piece], "2025-06-02")["id"] == 1  # alone, it titles
    # a name that begins with a small letter is no piece
    ebay = claim(3, 3, "eBay agreed on June 2 to buy the site.", date="2025-06-02", start=50)
    assert best_title_claim([ebay, whole], "2025-06-02")["id"] == 3


def test_the_sentence_in_the_words_other_sources_use_titles_not_one_sources_aside():
    # a box the page printed into the text, run into a sentence: as much a lead as the
    # reports by every other property (and told earlier in its article, which would break
    # a tie), but no other source uses its words
    promo = claim(1, 1, "Broadcasting on FM radio daily in Haitian Creole at 0910 local time, "
                  "also on satellite: the UN says rescue teams from Spain, France and Britain "
                  "reached Port-au-Prince.", start=1500, entities=("UN",))
    reports = [claim(cid, cid, f"Rescue teams reached Port-au-Prince as aftershocks shook "
                     f"the ruined capital{'.' * cid}", entities=("Port-au-Prince",))
               for cid in (2, 3, 4)]
    shared = sharing([promo, *reports])
    assert shared[2] == shared[3] == shared[4] > 2 * shared[1] > 0
    assert best_title_claim([promo, *reports])["id"] == 2
    # an entry told by one article has nothing to share
    assert set(sharing([claim(5, 9, "One."), claim(6, 9, "Two.")]).values()) == {0.0}


def test_the_weights_come_fitted_with_their_provenance():
    import json
    from importlib import resources

    data = json.loads(resources.files("workbench.group").joinpath("titles.json").read_text())
    assert len(data["fitted_on"]) >= 2 and data["title_overlap_leave_one_story_out"] > 0
    w = weights()
    assert set(w) == {*FEATURES, "lead_chars"} and w["lead_chars"] > 0
    # what makes a news lead: its day, the names and figures it gives
    assert w["entry_day"] > 0 and w["names"] > 0 and w["numbers"] > 0 and w["shared"] > 0


@pytest.mark.parametrize(("sentence", "title"), [
    ("Meanwhile, Ukraine stepped up its military efforts beyond the front lines.",
     "Ukraine stepped up its military efforts beyond the front lines."),
    ("But the talks in Istanbul made little progress on a truce.",
     "The talks in Istanbul made little progress on a truce."),
    ("Meanwhile the Red Cross said it had run out of body bags.",
     "The Red Cross said it had run out of body bags."),
    ("But, as for those who believe the quake was a punishment, they are wrong.",
     "As for those who believe the quake was a punishment, they are wrong."),
    ("However, iPhone sales fell sharply in the second quarter.",
     "iPhone sales fell sharply in the second quarter."),
    # a name that begins like a connective, and a word that is not one here
    ("Andrew Cuomo said the inquiry would go on.", "Andrew Cuomo said the inquiry would go on."),
    ("Still photographs show the damage across the city.",
     "Still photographs show the damage across the city."),
    # a piece of a sentence says so, as a quote of one does in the export
    ("helped out until the next day.", "…helped out until the next day."),
    ("Mr Bertolaso, who arrived in Haiti on Friday", "Mr Bertolaso, who arrived in Haiti on "
     "Friday…"),
    ("iPhone sales fell sharply in the second quarter.",
     "iPhone sales fell sharply in the second quarter."),
])
def test_a_title_does_not_lean_on_the_sentence_before_it(sentence, title):
    """A title is read alone, in the queue and in the chronology: "Meanwhile," and "But"
    refer to a sentence that is not there."""
    assert title_text({"text": sentence}) == title


@pytest.mark.parametrize(("sentence", "title"), [
    # a page's heading and day, run into its first sentence by the flattening of the page
    ("Haiti earthquake: Your stories Thursday 14 January Up to 10,000 US troops will be on "
     "the ground by Monday.", "Up to 10,000 US troops will be on the ground by Monday."),
    # an update stamp the page prints as "Added:"
    ("Added: Tuesday, 19 January, 2010, 16:55 GMT 16:55 UK Africa already has a role to "
     "play.", "Africa already has a role to play."),
    # a sentence that names a day is not a heading
    ("Officials said on Friday 15 January that aid was arriving.",
     "Officials said on Friday 15 January that aid was arriving."),
    ("The quake struck on Tuesday 12 January The capital was hit hardest.",
     "The quake struck on Tuesday 12 January The capital was hit hardest."),
    # a timeline page's line opens with its day: the export printed "8 October 2011 — 8
    # October 2011 Dr Murray reveals ..."
    ("8 October 2011 Dr Murray reveals in a recorded interview that he gave Jackson "
     "propofol.", "Dr Murray reveals in a recorded interview that he gave Jackson propofol."),
    ("June 2, 2025: Russia and Ukraine met in Istanbul for a second round of talks.",
     "Russia and Ukraine met in Istanbul for a second round of talks."),
    # the day as the sentence's subject, or after a preposition, is the sentence's
    ("2 June 2025 was the day the talks resumed in Istanbul after a pause.",
     "2 June 2025 was the day the talks resumed in Istanbul after a pause."),
])
def test_a_title_leaves_out_the_pages_heading_and_day(sentence, title):
    assert title_text({"text": sentence}) == title
