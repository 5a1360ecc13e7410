"""Every knob of the grouping engine (see ``engine``), with the defaults used by the
product and by ``workbench eval``."""

from __future__ import annotations

from dataclasses import dataclass

from ..dates.expressions import RECENT_DAYS


@dataclass
class GroupingConfig:
    """Every knob of the engine, with the defaults used by the product and by ``eval``."""

    # -- pair score: weights of the weighted mean (only features both items have count)
    w_text: float = 0.20  # rapidfuzz similarity of the two sentences' content words
    w_trigger: float = 0.30  # same event word (lemma, stem or close spelling)
    w_entities: float = 0.20  # named entities shared: IDF-weighted cosine of their norms
    w_date: float = 0.10  # date compatibility (same day 1, month/day 0.8, same year 0.5)
    w_numbers: float = 0.05  # agreement of numbers with the same unit
    w_doc: float = 0.30  # TF-IDF cosine of the two whole documents
    # -- stories: documents clustered by TF-IDF (average linkage); mentions in documents
    #    of different stories are rarely the same event
    story_threshold: float = 0.08  # mean document cosine to be one story
    event_word_story_threshold: float = 0.12  # ... and to be one story for the event-word
    #   limit (``event_word_story_df``), drawn tighter
    unit_threshold: float = 0.02  # ... and to be one *unit*, drawn looser: grouping
    #   reads one unit at a time (its claims, documents and their statistics), no pair
    #   crosses two units, so an incremental build regroups only the units it changes
    story_split_ratio: float = 0.6  # a story splits in two where the mean cosine across
    #   is below this share of the mean within each side, IDF taken inside the story (0 = off)
    story_split_min_docs: int = 3  # ... each side holding at least this many documents
    other_story_factor: float = 0.5  # pair from documents of different stories
    other_story_date: float = 0.5  # ... unless their dates agree at least this much,
    recent_days: int = RECENT_DAYS  # ... or one is undated in an article published at
    #   most this many days after the other's day (0 = off; the lead-date rule's window)
    story_trigger_match: float = 0.6  # least score of two mentions of one story whose
    #   triggers match (0 = off)
    min_docs_for_stories: int = 20  # fewer documents: no document similarity at all
    story_neighbours: int = 40  # a document links to its this many most similar
    #   documents for stories (other pairs count as 0 in the mean): linear, not n²
    # -- multiplicative adjustments
    trigger_mismatch_factor: float = 0.6  # both have triggers and they differ
    corroboration_forgives: float = 1.0  # share of that penalty a same-day + shared-name
    #   pair is let off (0 = never, 1 = fully)
    shared_event_word: float = 0.75  # both sentences name one event word (0 = off)
    event_word_max_df: float = 0.05  # ... unless it is in more than this share of them
    event_word_story_df: float = 0.1  # ... or in more than this share (and more than
    #   two) of the documents of its story: the story's subject, not one event (0 = off)
    light_trigger_match: float = 0.5  # two equal light verbs ("say"/"say") count this much
    # -- misdated reports (see _reunite_misdated); 0 switches the pass off
    misdating_min_link: float = 0.3  # best pair score to the event it would join
    misdating_min_support: int = 2  # documents that must give the event's day
    same_frame_match: float = 0.8  # two triggers of one event class (``frames``)
    trigger_match_min: float = 0.75  # trigger similarity from which triggers "match"
    date_conflict_factor: float = 0.45  # two incompatible dates ...
    date_conflict_agreeing_factor: float = 0.85  # ... when trigger and text/names agree
    date_conflict_rescue: float = 0.6  # text or entity similarity that counts as agreeing
    context_conflict_factor: float = 0.45  # dates that differ where one is only a
    #   context date (see ``Item.context_date``; 1 = off)
    number_conflict_factor: float = 0.9  # same unit, different value
    same_doc_factor: float = 0.85  # favour corroboration across documents
    same_sentence_veto: bool = True  # one sentence, two different triggers = two events
    # -- clustering
    merge_threshold: float = 0.4  # average-linkage: merge while mean pair score >= this
    date_conflict_margin: float = 0.05  # extra mean score two clusters whose dates all
    #   disagree need to merge
    min_pair_score: float = 0.15  # pairs below this are dropped before clustering
    # -- blocking
    max_block: int = 60  # a block larger than this is split (see module doc)
    doc_neighbours: int = 8  # similar documents an item may pair with in large blocks
    window: int = 25  # sorted-neighbourhood window when no document texts are given
    rare_token_max_df: float = 0.01  # share of items a word may appear in to be a key
    rare_token_max_count: int = 40  # ... and never more items than this
    min_token_len: int = 4  # shorter words are not blocking keys

    def claim_limits(self, claims: int) -> tuple[int, int]:
        """The limits that are shares of a collection of ``claims`` claims: the most
        sentences an event word may be in (``event_word_max_df``), and the most items a
        rare word may be in (``rare_token_max_df``, ``rare_token_max_count``)."""
        return (max(2, int(self.event_word_max_df * claims)),
                max(2, min(self.rare_token_max_count, int(self.rare_token_max_df * claims))))
