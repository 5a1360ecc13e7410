"""Which texts the extractor reads as English."""

from workbench.extract.language import MIN_WORDS, problem

ENGLISH = ("Delegations from Russia and Ukraine met in Istanbul on Monday for a second round "
           "of talks. The two sides agreed to exchange prisoners of war and the bodies of "
           "soldiers, officials said, but there was no sign of a ceasefire. ") * 2
# English with few of the short words: the shortest results of ECB+ have one in twelve
RESULTS = ("Philadelphia 76ers fired Jim O'Brien as coach and named Maurice Cheeks coach. "
           "Boston Celtics signed Paul Pierce, forward, and waived John Smith, guard. ") * 3
SPANISH = ("ltima actualizaci n jueves de junio de GMT. La Organizaci n Mundial de la Salud "
           "declar la pandemia de gripe tras una reuni n de emergencia en Ginebra. ") * 3


def test_english_news_is_english():
    assert problem(ENGLISH) is None


def test_a_list_of_names_and_results_is_still_english():
    assert problem(RESULTS) is None
    # without a single short word in 50, it is no prose the extractor can read
    bare = RESULTS.replace(" and ", " ").replace(" as ", ", ")
    assert problem(bare) is not None and problem(bare).startswith("not English prose")


def test_another_language_is_named_with_the_share_it_was_judged_on():
    said = problem(SPANISH)
    assert said is not None and said.startswith("not English prose: ")
    assert "0 % of its 84 words are common English words" in said


def test_a_few_words_are_not_judged():
    short = " ".join(SPANISH.split()[:MIN_WORDS - 1])
    assert problem(short) is None
