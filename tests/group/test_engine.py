"""The grouping engine on hand-built items: scoring, blocking, clustering, fixed labels."""

from __future__ import annotations

import random

import pytest

from workbench.group.engine import (
    DocSimilarity,
    GroupingConfig,
    Item,
    acronyms,
    candidate_pairs,
    cluster,
    date_compatibility,
    entity_cosine,
    features,
    pair_score,
    stem,
    trigger_similarity,
)


def talks(doc: str, text: str, date: str | None = "2025-06-02", **kw) -> Item:
    kw.setdefault("trigger", "talk")
    kw.setdefault("entities", [("istanbul", "GPE"), ("russia", "GPE"), ("ukraine", "GPE")])
    return Item(text=text, doc=doc, date=date, **kw)


def swap(doc: str, text: str, date: str = "2025-06-19", **kw) -> Item:
    kw.setdefault("trigger", "exchange")
    kw.setdefault("entities", [("russia", "GPE"), ("ukraine", "GPE")])
    kw.setdefault("numbers", [(1000.0, "prisoner")])
    return Item(text=text, doc=doc, date=date, **kw)


def groups(items, **cfg):
    return [sorted(c.members) for c in cluster(items, GroupingConfig(**cfg) if cfg else None)]


def together(result, *idx):
    return any(set(idx) <= set(g) for g in result)


def fillers(n: int, docs: int | None = None, prefix: str = "f") -> list[Item]:
    """``n`` claims about nothing the test is about, each in its own document or spread
    over ``docs`` documents: a corpus for the frequency rules to count in."""
    return [Item(text=f"Filler claim {i} about something else entirely.",
                 doc=f"{prefix}{i if docs is None else i % docs}", trigger=f"verb{i}")
            for i in range(n)]


# -- pair features -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "a,b,expected",
    [
        ("2025-06-02", "2025-06-02", 1.0),
        ("2025-06", "2025-06-02", 0.8),
        ("2025", "2025-06-02", 0.5),
        ("2025-06-02", "2025-05-22", 0.0),
        ("2025-05", "2025-06-02", 0.0),
        (None, "2025-06-02", None),
    ],
)
def test_date_compatibility(a, b, expected):
    assert date_compatibility(a, b) == expected


@pytest.mark.parametrize(
    "a,b,match",
    [("negotiations", "negotiate", True), ("exchanged", "exchange", True),
     ("stopped", "stop", True), ("talk", "exchange", False)],
)
def test_trigger_similarity_matches_inflections_only(a, b, match):
    assert (trigger_similarity(stem(a), stem(b)) >= 0.75) is match


def test_misdated_report_of_the_same_event_still_scores_high():
    cfg = GroupingConfig()
    a = talks("a", "Russia and Ukraine held peace talks in Istanbul on June 2.")
    b = talks("b", "Russia and Ukraine held direct peace talks in Istanbul on May 22.",
              date="2025-05-22")
    c = swap("c", "Russia and Ukraine exchanged 1,000 prisoners on June 19.")
    fa, fb, fc = features([a, b, c])
    misdated = pair_score(a, b, fa, fb, cfg)
    other_event = pair_score(a, c, fa, fc, cfg)
    # the wrong date costs something but is no veto ...
    assert misdated >= cfg.merge_threshold
    assert misdated < pair_score(a, a.__class__(**{**a.__dict__, "doc": "z"}), fa, fa, cfg)
    # ... and stays far above a different event of the same actors
    assert other_event < cfg.merge_threshold < misdated


def test_two_triggers_in_one_sentence_are_two_events():
    text = "After the talks in Istanbul the two sides exchanged prisoners."
    a = talks("d", text)
    b = swap("d", text, date="2025-06-02")
    assert pair_score(a, b, *features([a, b]), GroupingConfig()) == 0.0


# -- blocking ----------------------------------------------------------------------------


def test_blocking_keeps_pairs_that_share_evidence_and_skips_the_rest():
    items = [
        talks("a", "Talks in Istanbul."),
        talks("b", "The Istanbul talks went on.", trigger="negotiation",
              entities=[("istanbul", "GPE")]),
        Item(text="A storm hit Florida.", doc="c", trigger="hit",
             entities=[("florida", "GPE")]),
    ]
    pairs = candidate_pairs(items, features(items), GroupingConfig(), None)
    assert (0, 1) in pairs  # shared entity, date
    assert (0, 2) not in pairs and (1, 2) not in pairs


def test_blocking_cost_grows_linearly_with_large_blocks():
    # 2,000 items sharing one trigger and one date: all pairs would be ~2 million
    items = [
        Item(text=f"Item {i} said something.", doc=f"d{i % 400}", trigger="say",
             date="2025-06-02")
        for i in range(2000)
    ]
    cfg = GroupingConfig()
    pairs = candidate_pairs(items, features(items), cfg, None)
    assert len(pairs) <= 2 * cfg.window * len(items)


# -- clustering --------------------------------------------------------------------------


def test_same_event_across_sources_is_one_group_and_other_events_stay_out():
    items = [
        talks("a", "Russia and Ukraine held a second round of peace talks in Istanbul."),
        talks("b", "The second round of Russia-Ukraine talks took place in Istanbul."),
        talks("c", "Delegations from Russia and Ukraine met for talks in Istanbul.",
              date="2025-05-22"),
        swap("a", "Russia and Ukraine exchanged 1,000 prisoners of war on June 19."),
        swap("b", "On June 19 the two countries swapped 1,000 prisoners.", trigger="swap"),
        Item(text="Drones hit Kyiv overnight.", doc="c", trigger="hit",
             entities=[("kyiv", "GPE")], date="2025-06-10"),
    ]
    result = groups(items)
    assert together(result, 0, 1, 2)
    assert not together(result, 0, 3) and not together(result, 0, 5)
    assert [5] in result


def test_one_weak_link_does_not_chain_two_events():
    # 0-2 are one event, 3-5 another; item 6 resembles one member of each.
    a = [Item(text=f"Flood in Vale {i} swept the bridge.", doc=f"a{i}", trigger="flood",
              entities=[("vale", "GPE"), ("bridge", "FAC")], date="2025-03-01") for i in range(3)]
    b = [Item(text=f"Fire in Brook {i} burned the mill.", doc=f"b{i}", trigger="fire",
              entities=[("brook", "GPE"), ("mill", "FAC")], date="2025-03-09") for i in range(3)]
    bridge = Item(text="Flood swept the Vale bridge, fire burned the Brook mill.", doc="x",
                  entities=[("vale", "GPE"), ("brook", "GPE"), ("bridge", "FAC"),
                            ("mill", "FAC")])
    cfg = GroupingConfig()
    fx, fa, fb = features([bridge, a[0], b[0]])
    # the bridge is a strong enough link to each side: connected components would chain
    assert pair_score(bridge, a[0], fx, fa, cfg) >= cfg.merge_threshold
    assert pair_score(bridge, b[0], fx, fb, cfg) >= cfg.merge_threshold
    result = groups(a + b + [bridge])
    assert together(result, 0, 1, 2) and together(result, 3, 4, 5)
    assert not together(result, 0, 3)


def test_fixed_labels_are_respected():
    items = [
        talks("a", "Talks in Istanbul on June 2.", fixed=7),
        swap("b", "Prisoners were exchanged on June 19.", fixed=7),  # reviewer merged these
        talks("c", "Russia and Ukraine held talks in Istanbul.", fixed=9),  # reviewer split
        talks("d", "Peace talks were held in Istanbul on Monday."),  # new evidence
    ]
    out = cluster(items)
    by_member = {m: c for c in out for m in c.members}
    assert by_member[0] is by_member[1] and by_member[0].fixed == 7
    assert by_member[2] is not by_member[0] and by_member[2].fixed == 9
    # a free item may join a fixed cluster
    assert by_member[3].fixed in (7, 9)


def test_every_item_in_exactly_one_cluster_with_similarities():
    items = [talks(str(i % 3), f"Talks number {i} in Istanbul.") for i in range(12)]
    out = cluster(items)
    members = sorted(m for c in out for m in c.members)
    assert members == list(range(12))
    for c in out:
        assert len(c.similarity) == len(c.members)
        assert all(0.0 <= s <= 1.0 for s in c.similarity)


def test_cross_document_grouping_is_favoured():
    same_doc = [talks("a", "Talks in Istanbul began."), talks("a", "Talks in Istanbul ended.")]
    cross = [talks("a", "Talks in Istanbul began."), talks("b", "Talks in Istanbul ended.")]
    cfg = GroupingConfig()
    fs = features(same_doc)
    fc = features(cross)
    assert pair_score(*same_doc, *fs, cfg) < pair_score(*cross, *fc, cfg)


def test_document_texts_separate_two_stories_with_the_same_trigger():
    earthquake = "earthquake magnitude epicentre tremor aftershock buildings collapsed rescue"
    election = "election ballots voters candidate polling turnout campaign parliament"
    items = [
        Item(text="The quake hit the region.", doc="q1", trigger="hit"),
        Item(text="It hit hard.", doc="q2", trigger="hit"),
        Item(text="The result hit the party.", doc="e1", trigger="hit"),
        Item(text="The defeat hit them.", doc="e2", trigger="hit"),
    ]
    texts = {"q1": earthquake + " one", "q2": earthquake + " two",
             "e1": election + " one", "e2": election + " two"}
    # document similarity needs a corpus to weigh words against
    texts.update({f"other{i}": f"unrelated filler text number{i} topic{i}" for i in range(20)})
    result = [sorted(c.members) for c in cluster(items, doc_texts=texts)]
    assert together(result, 0, 1) and together(result, 2, 3)
    assert not together(result, 0, 2)


def test_one_event_word_within_one_story_is_a_match_despite_different_wording():
    # Three articles on one earthquake word it differently and name different places: only
    # the event word and the story they belong to link the sentences.
    quake = "earthquake magnitude tremor"
    election = "election ballots voters candidate polling turnout campaign parliament"
    items = [
        Item(text="Rescuers searched the rubble after it struck Izmir.", doc="q1",
             trigger="strike", entities=[("izmir", "GPE")]),
        Item(text="Officials in Ankara said the tremor struck before dawn.", doc="q2",
             trigger="strike", entities=[("ankara", "GPE")]),
        Item(text="When the shaking struck Bursa, residents fled outside.", doc="q3",
             trigger="strike", entities=[("bursa", "GPE")]),
        Item(text="The scandal struck the governing party.", doc="e1", trigger="strike",
             entities=[("labour", "ORG")]),
    ]
    texts = {
        "q1": quake + " izmir coast ferry harbour fishermen tourists hotels beaches promenade",
        "q2": quake + " ankara ministry officials statement cabinet budget funds minister",
        "q3": quake + " bursa factories workers night shift plant textile automobile union",
        "e1": election + " one", "e2": election + " two",
    }
    texts.update({f"other{i}": f"unrelated filler text number{i} topic{i}" for i in range(20)})
    result = [sorted(c.members) for c in cluster(items, doc_texts=texts)]
    assert together(result, 0, 1, 2)
    assert not together(result, 0, 3)  # the same verb in another story

    def score(cfg, a, b):
        docsim = DocSimilarity(texts)
        stories = docsim.stories(cfg.story_threshold)
        assert stories["q1"] == stories["q2"] != stories["e1"]
        fa, fb = features([items[a], items[b]])
        return pair_score(items[a], items[b], fa, fb, cfg, docsim, stories)

    on, off = GroupingConfig(), GroupingConfig(story_trigger_match=0.0)
    assert score(on, 0, 1) >= on.story_trigger_match > score(off, 0, 1)
    assert score(on, 0, 3) == score(off, 0, 3) < on.merge_threshold


def two_stories(texts: dict[str, str], apart: tuple[str, str]):
    """A pair scorer over ``texts`` plus filler documents (document similarity needs a
    corpus to weigh words against); checks the two named documents are different stories."""
    texts = {**texts, **{f"other{i}": f"unrelated filler text number{i} topic{i}"
                         for i in range(20)}}
    docsim = DocSimilarity(texts)
    stories = docsim.stories(GroupingConfig().story_threshold)
    assert stories[apart[0]] != stories[apart[1]]

    def score(a: Item, b: Item, cfg: GroupingConfig | None = None) -> float:
        return pair_score(a, b, *features([a, b]), cfg or GroupingConfig(), docsim, stories)

    return score


def test_a_carried_date_tells_two_occasions_of_one_story_apart():
    # Two keynotes a year apart, in articles of one story: the same event word, and no date
    # in either sentence, but each article is dated by its lead (a carried date).
    keynote = "keynote conference developers unveiled"
    items = [
        Item(text="During the keynote, Jobs demoed the gyroscope.", doc="k1", trigger="demo",
             entities=[("jobs", "PERSON")], context_date="2010-06-07"),
        Item(text="Jobs demoed the new cloud service at the keynote.", doc="k2",
             trigger="demo", entities=[("jobs", "PERSON")], context_date="2011-06-06"),
        Item(text="On stage Jobs demoed the phone's gyroscope.", doc="k3", trigger="demo",
             entities=[("jobs", "PERSON")], context_date="2010-06-07"),
    ]
    texts = {"k1": keynote + " iphone gyroscope antenna glass camera",
             "k2": keynote + " icloud lion music sync storage",
             "k3": keynote + " iphone gyroscope retina display video"}
    texts.update({f"other{i}": f"unrelated filler text number{i} topic{i}" for i in range(20)})
    result = [sorted(c.members) for c in cluster(items, doc_texts=texts)]
    assert together(result, 0, 2)
    assert not together(result, 0, 1)
    # without the context dates all three are one event
    for it in items:
        it.context_date = None
    assert together([sorted(c.members) for c in cluster(items, doc_texts=texts)], 0, 1, 2)


def test_a_background_sentence_dated_by_its_lead_still_joins_the_event_days_before():
    # The exchange article (lead: June 7) recalls "the delegations met in Istanbul": the
    # sentence is carried to June 7, but it is the June 2 meeting another source dates.
    cfg = GroupingConfig()
    names = [("istanbul", "GPE"), ("medinsky", "PERSON"), ("umerov", "PERSON")]
    dated = Item(text="The delegations met in Istanbul on Monday, led by Medinsky and Umerov.",
                 doc="a", trigger="meet", entities=names, date="2025-06-02")
    recalled = Item(text="The delegations led by Medinsky and Umerov met in Istanbul.", doc="b",
                    trigger="meet", entities=names, context_date="2025-06-07")
    months_later = Item(text="The delegations led by Medinsky and Umerov met in Istanbul.",
                        doc="b", trigger="meet", entities=names, context_date="2025-09-07")
    near = pair_score(dated, recalled, *features([dated, recalled]), cfg)
    far = pair_score(dated, months_later, *features([dated, months_later]), cfg)
    assert near >= cfg.merge_threshold
    # months apart, the full penalty: another occasion, however alike the words
    ratio = cfg.context_conflict_factor / cfg.date_conflict_agreeing_factor
    assert far == pytest.approx(near * ratio, rel=0.05)


def test_a_context_date_is_never_evidence_that_two_items_agree():
    cfg = GroupingConfig()
    a = Item(text="Jobs demoed the phone.", doc="a", trigger="demo", context_date="2010-06-07")
    b = Item(text="Jobs demoed the phone.", doc="b", trigger="demo", context_date="2010-06-07")
    c = Item(text="Jobs demoed the phone.", doc="c", trigger="demo")
    assert pair_score(a, b, *features([a, b]), cfg) == pair_score(a, c, *features([a, c]), cfg)


def test_agreeing_dates_let_a_background_mention_in_another_story_join():
    # An article on the store's sales recalls its launch in 2003; the launch article dates
    # it to the day. Their stories differ, but the dates agree, which is evidence of its own.
    cfg = GroupingConfig()
    def launched(doc: str, text: str, date: str) -> Item:
        return Item(text=text, doc=doc, trigger="launch", entities=[("itunes music store", "ORG")],
                    date=date)

    launch = launched("l", "Apple launched the iTunes Music Store on April 28, 2003.", "2003-04-28")
    recall = launched("s", "The lawsuit said Apple launched the store in 2003.", "2003")
    other_year = launched("s", "The lawsuit said Apple launched the store in 2005.", "2005")
    score = two_stories({"l": "launch store music songs download price",
                         "s": "court lawsuit judge trial"}, ("l", "s"))
    assert score(launch, recall) >= cfg.merge_threshold
    assert score(launch, recall, GroupingConfig(other_story_date=1.0)) < cfg.merge_threshold
    assert score(launch, other_year) < cfg.merge_threshold


def test_an_undated_report_meets_another_story_on_the_days_before_it_was_published():
    # A resignation article (published August 25) says "Jobs resigned" without a date; an
    # obituary in another story dates the resignation August 24.
    cfg = GroupingConfig()
    def resigned(doc: str, text: str, **when) -> Item:
        return Item(text=text, doc=doc, trigger="resign", entities=[("jobs", "PERSON")], **when)

    told = resigned("r", "Jobs resigned in a letter to the board.", published="2011-08-25")
    dated = resigned("o", "On August 24, Jobs resigned as chief executive.", date="2011-08-24")
    long_before = resigned("o", "On June 1, Jobs resigned as chief executive.",
                           date="2011-06-01")
    score = two_stories({"r": "resignation letter board chairman successor",
                         "o": "death obituary funeral tributes cancer"}, ("r", "o"))
    assert score(told, dated) >= cfg.merge_threshold
    assert score(dated, told) == score(told, dated)
    assert score(told, dated, GroupingConfig(recent_days=0)) < cfg.merge_threshold
    assert score(told, long_before) < cfg.merge_threshold


def test_within_a_story_only_the_same_event_word_earns_the_story_floor():
    # Obituaries of one mobster: "seeking" in a long sentence about his family's fortune is
    # the trigger of another article's "he first sought psychiatric help". That is weak
    # evidence of one event, not the same event word: no floor for it.
    cfg = GroupingConfig()
    fortune = Item(text="The fortune flowed from extortions of companies seeking labor peace.",
                   doc="o1", trigger="flow", entities=[("fulton fish market", "FAC")])
    sought = Item(text="He first sought psychiatric help while under investigation.",
                  doc="o2", trigger="seek", entities=[("bellevue", "ORG")])
    again = Item(text="Doctors say he sought treatment for years.", doc="o3",
                 trigger="seek", entities=[("st vincent", "ORG")])
    texts = {f"o{i}": f"gigante mob boss crime family obituary {extra}"
             for i, extra in ((1, "fortune unions extortion waterfront market bids"),
                              (2, "psychiatric bathrobe investigation police bribes court"),
                              (3, "doctors hospital treatment mother village street"))}
    texts.update({f"other{i}": f"unrelated filler text number{i} topic{i}" for i in range(20)})
    docsim = DocSimilarity(texts)
    stories = docsim.stories(cfg.story_threshold)
    assert stories["o1"] == stories["o2"] == stories["o3"]

    def score(a, b):
        return pair_score(a, b, *features([a, b]), cfg, docsim, stories)

    assert score(sought, again) >= cfg.story_trigger_match
    assert score(fortune, sought) < cfg.story_trigger_match


def test_empty_input():
    assert cluster([]) == []


def test_same_day_and_place_bridge_different_trigger_words():
    cfg = GroupingConfig()
    # "round" is in no event class (see frames), so only date and place can link them
    a = talks("a", "The Istanbul round on June 2 was tense.", trigger="round",
              entities=[("istanbul", "GPE")])
    b = talks("b", "Peace talks were held in Istanbul on June 2.", entities=[("istanbul", "GPE")])
    undated = talks("c", "Peace talks were held in Istanbul.", date=None,
                    entities=[("istanbul", "GPE")])
    fa, fb, fc = features([a, b, undated])
    # the date and the place corroborate what the words do not
    assert pair_score(a, b, fa, fb, cfg) >= cfg.merge_threshold
    assert pair_score(a, undated, fa, fc, cfg) < cfg.merge_threshold


def agreement_and_talks(second_trigger: str) -> list[Item]:
    """Two reports that both name the Istanbul talks, neither as the first one's verb."""
    return [
        Item(text="Russia and Ukraine reached an agreement after the talks in Istanbul.",
             doc="a", trigger="agreement", entities=[("istanbul", "GPE")]),
        Item(text="The talks in Istanbul made little progress.", doc="b",
             trigger=second_trigger, entities=[("istanbul", "GPE")]),
    ]


def test_an_event_word_shared_by_two_claims_counts_as_trigger_evidence():
    # neither claim's main verb is "talks", but both sentences are about the talks
    items = agreement_and_talks("progress") + [
        Item(text="Talks resumed in Istanbul.", doc="c", trigger="talk",
             entities=[("istanbul", "GPE")]),
    ] + fillers(60)
    # "talk" is in 3 of 63 sentences: rare enough to name one event (at most 5 %)
    result = groups(items)
    assert together(result, 0, 1, 2)
    # switched off, the two claims with other main verbs stay apart
    assert not together(groups(items, shared_event_word=0.0), 0, 1)
    # in a corpus where talks are everywhere, the word says nothing about which talks:
    # not even when it is the other claim's own trigger ("Talks resumed")
    common = groups(items[:43])  # 3 of 43 sentences: more than 5 %
    assert not together(common, 0, 1) and not together(common, 0, 2)


def test_a_word_inside_a_name_is_not_a_shared_event_word():
    # "city" is some claim's trigger, but in "New York City" it is part of a name
    city = [("new york city", "GPE")]
    items = [
        Item(text="Gigante earned his spurs as an enforcer in New York City.", doc="a",
             trigger="enforcer", entities=city),
        Item(text="He sought psychiatric help while under investigation in New York City.",
             doc="b", trigger="seek", entities=city),
        Item(text="The city council voted on the budget.", doc="c", trigger="city"),
    ] + fillers(40)
    feats = features(items)
    assert "cit" not in feats[0].events and "cit" not in feats[1].events
    assert "cit" in feats[2].events  # its own trigger still is


def test_a_word_the_whole_story_uses_is_no_shared_event_word_inside_it():
    # Four reports of one election: every one of them says "the parliamentary election",
    # so sharing that word does not make "it ended", "the law was adopted" and "observers
    # praised it" one event, though "election" is another claim's trigger and rare in the
    # corpus as a whole (4 of 104 sentences).
    base = "turkmenistan parliamentary election ballots voters candidates polling turnout"
    extras = ["ashgabat sunday evening commission", "law adopted deputies mejlis",
              "observers osce mission peaceful", "december schedule decree president"]
    texts = {f"e{i}": f"{base} {x}" for i, x in enumerate(extras, 1)}
    texts.update({f"other{i}": f"unrelated filler text number{i} topic{i}" for i in range(20)})
    place = [("turkmenistan", "GPE")]
    items = [
        Item(text="The parliamentary election in Turkmenistan ended on Sunday.", doc="e1",
             trigger="end", entities=place),
        Item(text="The law on the parliamentary election in Turkmenistan was adopted.",
             doc="e2", trigger="adopt", entities=place),
        Item(text="Observers praised the parliamentary election in Turkmenistan.", doc="e3",
             trigger="praise", entities=place),
        Item(text="The parliamentary election in Turkmenistan was scheduled.", doc="e4",
             trigger="election", entities=place),
    ] + fillers(100, 20, prefix="other")
    stories = DocSimilarity(texts).stories(GroupingConfig().story_threshold)
    assert len({stories[f"e{i}"] for i in range(1, 5)}) == 1  # one story

    def election_groups(cfg, doc_texts=texts):
        return [g for g in (sorted(c.members) for c in cluster(items, cfg, doc_texts))
                if set(g) & {0, 1, 2, 3}]

    assert election_groups(GroupingConfig()) == [[0], [1], [2], [3]]
    # without the story rule the shared word alone pulls all four into one group
    assert election_groups(GroupingConfig(event_word_story_df=0.0)) == [[0, 1, 2, 3]]
    # too few texts for stories (a user following one story): the collection is the story
    assert election_groups(GroupingConfig(), None) == [[0], [1], [2], [3]]
    assert election_groups(GroupingConfig(event_word_story_df=0.0), None) == [[0, 1, 2, 3]]


def test_in_a_handful_of_articles_a_word_two_of_them_share_is_the_occasions():
    # Five-article collections have no stories: the collection is one, and among a handful
    # of reports of one occasion a word two of them use names the occasion, not one event.
    items = agreement_and_talks("talk") + fillers(60, 3)
    assert not together(groups(items), 0, 1)
    assert together(groups(items, event_word_story_df=0.0), 0, 1)  # the rule off


def test_a_short_name_one_article_spells_out_matches_the_long_name_everywhere():
    gm = [("general motors", "ORG"), ("gm", "ORG")]
    items = [
        Item(text="General Motors (GM) filed for bankruptcy.", doc="a", entities=gm),
        Item(text="GM filed for bankruptcy on Monday.", doc="b", entities=[("gm", "ORG")]),
        Item(text="General Motors sought protection from creditors.", doc="c",
             entities=[("general motors", "ORG")]),
        Item(text="U.S. officials backed the plan.", doc="a", entities=[("u s", "GPE")]),
        Item(text="The United States backed the plan.", doc="a",
             entities=[("united states", "GPE")]),
        Item(text="The US Treasury will lend more.", doc="d", entities=[("us", "GPE")]),
    ]
    assert acronyms(items) == {"gm": "general motors", "u s": "united states",
                               "us": "united states"}
    f = features(items)
    assert entity_cosine(f[1], f[2]) == pytest.approx(1.0)
    assert f[5].ents == {"united states"}
    # initials that two long names share in this collection stand for neither
    two = [Item(text="x", doc="p", entities=[("bc", "ORG"), ("boston celtics", "ORG")]),
           Item(text="y", doc="q", entities=[("bc", "ORG"), ("bergen county", "GPE")])]
    assert acronyms(two) == {}
    # nor do initials no article spells out
    assert acronyms([Item(text="z", doc="r", entities=[("cbs", "ORG")]),
                     Item(text="w", doc="s", entities=[("county board of supervisors",
                                                        "ORG")])]) == {}


def test_an_event_word_written_as_initials_matches_the_words_one_article_spells_out():
    def mention(doc, text, trigger, written):
        return Item(text=text, doc=doc, trigger=trigger, trigger_text=written)

    items = [
        mention("a", "The Saints placed Bush on injured reserve (IR).", "reserve",
                "injured reserve"),
        mention("a", "The Saints placed Bush on injured reserve (IR).", "ir", "IR"),
        mention("b", "Bush went on IR with a knee sprain.", "ir", "IR"),
        mention("c", "He was arrested for DUI on Sunday.", "dui", "DUI"),  # spelled out nowhere
    ]
    f = features(items)
    assert f[1].trig == f[2].trig == f[0].trig
    assert trigger_similarity(f[2].trig, f[0].trig) == 1.0
    assert f[3].trig == stem("dui")


def test_mentions_sharing_a_sentence_do_not_use_event_words():
    # ECB+-style input: two gold mentions in one sentence, each with its exact trigger
    text = "Police arrested the man who killed two people."
    items = [
        Item(text=text, doc="a", trigger="arrest"),
        Item(text=text, doc="a", trigger="kill"),
        Item(text="The man was arrested on Friday.", doc="b", trigger="arrest"),
    ]
    result = groups(items)
    assert not together(result, 0, 1)
    assert not together(result, 1, 2)


def test_few_documents_switch_document_similarity_off():
    # five articles on one story: per-corpus IDF would make them look unrelated
    texts = {f"d{i}": f"istanbul talks prisoners exchange words{i}" for i in range(5)}
    items = [talks(f"d{i}", "Talks in Istanbul.", date=None) for i in range(5)]
    result = [sorted(c.members) for c in cluster(items, doc_texts=texts)]
    assert result == [[0, 1, 2, 3, 4]]
    # with document similarity forced on, the same five reports fall apart
    forced = GroupingConfig(min_docs_for_stories=0)
    assert len(cluster(items, forced, doc_texts=texts)) == 5


def test_light_verbs_do_not_make_two_claims_one_event():
    cfg = GroupingConfig()
    a = Item(text="Despite the prisoner exchange, peace remains elusive.", doc="a",
             trigger="remain")
    b = Item(text="Meanwhile, the battlefield remains active and deadly.", doc="b",
             trigger="remain")
    c = Item(text="The battlefield talks remain stalled.", doc="c", trigger="stall")
    fa, fb = features([a, b])
    assert fa.light and fb.light
    assert pair_score(a, b, fa, fb, cfg) < cfg.merge_threshold
    assert [sorted(x.members) for x in cluster([a, b, c])] == [[0], [1], [2]]


def test_clusters_whose_dates_all_disagree_need_a_stronger_link():
    from workbench.group.engine import _agglomerate

    # 0 (June 7) and 1 (June 19) linked at 0.5, just above the threshold
    edges = {(0, 1): 0.5}
    dates = ["2025-06-07", "2025-06-19"]
    loose = _agglomerate(2, edges, 0.45, [None, None], dates, conflict_margin=0.0)
    strict = _agglomerate(2, edges, 0.45, [None, None], dates, conflict_margin=0.1)
    assert [m for m, _ in loose] == [[0, 1]]
    assert sorted(m for m, _ in strict) == [[0], [1]]
    # a month containing the day is no disagreement
    same = _agglomerate(2, edges, 0.45, [None, None], ["2025-06", "2025-06-19"], 0.1)
    assert [m for m, _ in same] == [[0, 1]]


def test_triggers_of_one_event_class_match():
    cfg = GroupingConfig()
    a = Item(text="The Istanbul negotiations were tense.", doc="a", trigger="negotiation",
             entities=[("istanbul", "GPE")])
    b = Item(text="Peace talks were held in Istanbul.", doc="b", trigger="talk",
             entities=[("istanbul", "GPE")])
    c = Item(text="A car bomb exploded in Istanbul.", doc="c", trigger="explode",
             entities=[("istanbul", "GPE")])
    fa, fb, fc = features([a, b, c])
    assert pair_score(a, b, fa, fb, cfg) >= cfg.merge_threshold
    assert pair_score(a, c, fa, fc, cfg) < cfg.merge_threshold


@pytest.mark.parametrize("first, second", [("2025-05-16", "2025-06-02"),  # two days
                                           ("1950", "2003"),  # two years (a biography)
                                           ("2025-05", "2025-06-02")])  # a month, a day
def test_one_article_dating_two_events_differently_keeps_them_apart(first, second):
    same = dict(trigger="talk", entities=[("istanbul", "GPE")])
    items = [
        Item(text="Talks were held in Istanbul then.", doc="a", date=first, **same),
        Item(text="Talks were held in Istanbul again.", doc="a", date=second, **same),
        Item(text="Peace talks took place in Istanbul.", doc="b", **same),
    ]
    result = cluster(items)
    assert not any(0 in c.members and 1 in c.members for c in result)


def test_one_article_giving_a_year_and_a_day_in_it_does_not_split_an_event():
    same = dict(trigger="talk", entities=[("istanbul", "GPE")])
    items = [
        Item(text="Talks were held in Istanbul in 2025.", doc="a", date="2025", **same),
        Item(text="Talks were held in Istanbul on June 2.", doc="a", date="2025-06-02", **same),
        Item(text="Peace talks took place in Istanbul on June 2.", doc="b", date="2025-06-02",
             **same),
    ]
    assert any({0, 1, 2} <= set(c.members) for c in cluster(items))


def _talks(doc, text, date=None):
    return Item(text=text, doc=doc, trigger="talk", date=date, entities=[("istanbul", "GPE")])


def test_a_misdated_report_joins_the_event_it_misdates():
    items = [
        _talks("a", "Peace talks took place in Istanbul on June 2.", "2025-06-02"),
        _talks("b", "The June 2 peace talks in Istanbul ended without a truce.", "2025-06-02"),
        _talks("c", "Delegations met for talks in Istanbul and agreed a swap.", None),
        Item(text="The delegations convened for discussions at the palace on May 22.", doc="c",
             trigger="convene", date="2025-05-22"),
    ]
    result = cluster(items)
    home = next(c for c in result if 0 in c.members)
    assert 3 in home.members  # kept with its conflicting date, for the reviewer to see
    off = cluster(items, GroupingConfig(misdating_min_link=0))
    assert not any(0 in c.members and 3 in c.members for c in off)


def test_a_day_two_sources_give_is_not_treated_as_a_misdating():
    items = [
        _talks("a", "Peace talks took place in Istanbul on June 2.", "2025-06-02"),
        _talks("b", "The June 2 peace talks in Istanbul ended without a truce.", "2025-06-02"),
        _talks("c", "Earlier talks were held in Istanbul on May 16.", "2025-05-16"),
        _talks("d", "The previous meeting in Istanbul was on May 16.", "2025-05-16"),
    ]
    result = cluster(items)
    assert not any(0 in c.members and 2 in c.members for c in result)
    assert any(2 in c.members and 3 in c.members for c in result)


def two_occasions(occasions: dict[str, str], per: int = 6) -> dict[str, str]:
    """Articles of one kind of event (shared words, shuffled) on the given occasions (each
    with its own names and places), plus unrelated filler to weigh words against."""
    kind = ("earthquake magnitude tremor rubble rescuers aftershock collapsed buildings "
            "epicentre struck injured killed").split()
    rng = random.Random(1)
    texts = {}
    for key, words in occasions.items():
        for i in range(per):
            rng.shuffle(kind)
            texts[f"{key}{i}"] = f"{' '.join(kind[:9])} {words} reporter{key}{i} detail{key}{i}"
    texts.update({f"other{i}": f"unrelated filler text number{i} topic{i}" for i in range(20)})
    return texts


IZMIR = "Izmir Aegean coast ferry harbour Governor Kosger fishermen"
PALU = "Sulawesi Palu tsunami Indonesian Governor Lasamba mosque"


def test_a_story_of_two_occasions_is_split_in_two():
    # Twelve earthquake reports: the kind of event makes them one story corpus-wide, but
    # six are about Izmir and six about Palu. Inside the story, the quake words are
    # everywhere and weigh nothing; the places and names split it.
    texts = two_occasions({"a": IZMIR, "b": PALU})
    docsim = DocSimilarity(texts)
    cfg = GroupingConfig()
    unsplit = docsim.stories(cfg.story_threshold)
    assert len({unsplit[f"{k}{i}"] for k in "ab" for i in range(6)}) == 1
    split = docsim.stories(cfg.story_threshold, cfg.story_split_ratio, cfg.story_split_min_docs)
    assert len({split[f"a{i}"] for i in range(6)}) == 1
    assert len({split[f"b{i}"] for i in range(6)}) == 1
    assert split["a0"] != split["b0"]
    assert split["other0"] != split["other1"]  # unrelated documents stay apart


def test_a_story_of_one_occasion_is_not_split():
    texts = two_occasions({"a": IZMIR, "b": IZMIR})
    cfg = GroupingConfig()
    stories = DocSimilarity(texts).stories(cfg.story_threshold, cfg.story_split_ratio,
                                           cfg.story_split_min_docs)
    assert len({stories[f"{k}{i}"] for k in "ab" for i in range(6)}) == 1


def test_the_same_event_word_on_two_occasions_is_two_events():
    # "struck" in every report: within one story that alone would join them (the one-story
    # floor); split into its two occasions, each quake is its own event.
    texts = two_occasions({"a": IZMIR, "b": PALU})
    items = [Item(text=f"The earthquake struck at dawn, report {k}{i}.", doc=f"{k}{i}",
                  trigger="strike") for k in "ab" for i in range(6)]
    result = [sorted(c.members) for c in cluster(items, doc_texts=texts)]
    assert together(result, *range(6)) and together(result, *range(6, 12))
    assert not together(result, 0, 6)
    merged = cluster(items, GroupingConfig(story_split_ratio=0.0), doc_texts=texts)
    assert together([sorted(c.members) for c in merged], 0, 6)


def test_new_evidence_joins_a_decided_entry_by_one_of_its_fine_events_and_only_it_does():
    """A decided entry entered the engine as one cluster: a new report joined it only if
    like the mean of everything it reports (two fine events here), so never. It starts as
    one cluster a fine event (``parts``); a claim that sits in another group already
    (``grouped``) never joins it, as ``group`` keeps a decision to new evidence."""
    from workbench.group.engine import _agglomerate

    # 0, 1: the decided entry's talks; 2, 3: its ceasefire; 4: a new report of the talks;
    # 5: an old claim as like the talks as the new one
    edges = {(0, 1): 0.9, (2, 3): 0.9, (0, 4): 0.8, (1, 4): 0.8, (0, 5): 0.8, (1, 5): 0.8}
    labels = [7, 7, 7, 7, None, None]
    whole = _agglomerate(6, edges, 0.45, labels)
    assert sorted(m for m, label in whole if label == 7) == [[0, 1, 2, 3]]
    parted = _agglomerate(6, edges, 0.45, labels, parts=[1, 1, 2, 2, None, None],
                          grouped=[False, False, False, False, False, True])
    decided = sorted(i for m, label in parted if label == 7 for i in m)
    assert 4 in decided and 5 not in decided
