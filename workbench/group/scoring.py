"""How likely two items report the same event (step 4 of ``engine``)."""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

import numpy as np
from rapidfuzz import fuzz

from ..dates.expressions import compatible, to_date
from .config import GroupingConfig
from .features import Item, _Feat, entity_cosine

if TYPE_CHECKING:
    from .clustering import Edges
    from .neighbours import DocSimilarity


# ---------------------------------------------------------------------------------------
# Pairwise features


def trigger_similarity(a: str | None, b: str | None) -> float | None:
    """1 for the same stem, a graded spelling similarity otherwise; None if one is missing."""
    if not a or not b:
        return None
    if a == b:
        return 1.0
    # "negotiat" vs "negotiation": one stem a prefix of the other
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 4 and long_.startswith(short):
        return 0.9
    # "quake" vs "earthquake", "fire" vs "wildfire": a compound and its head
    if len(short) >= 4 and long_.endswith(short) and " " not in long_:
        return 0.8
    r = fuzz.ratio(a, b) / 100.0
    return r if r >= 0.8 else 0.0


def date_compatibility(a: str | None, b: str | None) -> float | None:
    """1 same day; 0.8 month-level vs a day in that month; 0.5 year-level compatible;
    0 conflicting. None when either side has no date."""
    if not a or not b:
        return None
    n = min(len(a), len(b))
    if a[:n] != b[:n]:
        return 0.0
    if len(a) == len(b):
        return 1.0
    return 0.8 if n >= 7 else 0.5


def date_conflict(a: str | None, b: str | None) -> bool:
    """Two dates that cannot both be right (different at their common precision)."""
    return compatible(a, b) is False


def number_agreement(fa: _Feat, fb: _Feat) -> tuple[float | None, bool]:
    """(share of shared units whose values agree or None, whether some unit conflicts)."""
    shared = set(fa.nums) & set(fb.nums)
    agree = conflict = 0
    for unit in shared:
        if fa.nums[unit] & fb.nums[unit]:
            agree += 1
        else:
            conflict += 1
    if not shared:
        if fa.values and fb.values and fa.values & fb.values:
            return 1.0, False
        return None, False
    return agree / (agree + conflict), conflict > 0 and agree == 0


# ---------------------------------------------------------------------------------------
# Scoring


def pair_score(
    a: Item,
    b: Item,
    fa: _Feat,
    fb: _Feat,
    cfg: GroupingConfig,
    docsim: DocSimilarity | None = None,
    stories: dict[str, int] | None = None,
    doc_similarity: float | None = None,
) -> float:
    """How likely ``a`` and ``b`` report the same event (0..1). ``doc_similarity``: the
    two documents' similarity when the caller knows it already (else asked of ``docsim``)."""
    trig = trigger_similarity(fa.trig, fb.trig)
    if trig is not None and trig < cfg.same_frame_match and fa.frame and fa.frame == fb.frame:
        trig = cfg.same_frame_match  # "talks" / "negotiations": one kind of event
    if trig is not None and trig >= cfg.trigger_match_min and fa.light and fb.light:
        # "remains elusive" / "remains active", "said" / "said": the verb names no event
        trig = min(trig, cfg.light_trigger_match)
    same_doc = a.doc == b.doc
    # the event words themselves match (same stem or event class), before the weaker
    # evidence below: only this is "the same event word" for the one-story rule
    same_word = trig is not None and trig >= cfg.trigger_match_min
    if (
        cfg.same_sentence_veto
        and same_doc
        and trig is not None
        and trig < cfg.trigger_match_min
        and a.text == b.text
    ):
        return 0.0
    if (
        trig is not None
        and trig < cfg.trigger_match_min
        and cfg.shared_event_word > 0
        and fa.solo
        and fb.solo
        and fa.events & fb.events
    ):
        # Both sentences name the same event word, though neither as its main verb
        # ("reached an agreement ... following talks" / "the talks made little progress").
        trig = max(trig, cfg.shared_event_word)

    total = weight = 0.0

    def add(w: float, value: float | None) -> None:
        nonlocal total, weight
        if value is not None and w > 0:
            total += w * value
            weight += w

    text = None
    if fa.text_key and fb.text_key:
        text = (fuzz.token_set_ratio(fa.text_key, fb.text_key) / 100.0
                if not same_doc or a.text != b.text else 1.0)
        add(cfg.w_text, text)
    ents = entity_cosine(fa, fb)
    date = date_compatibility(fa.date, fb.date)
    dates_conflict = date == 0.0
    # Undated in its sentence, but its article places it on another occasion: the June
    # keynote and the October keynote are two events, however alike the words.
    context_conflict = date is None and bool(a.context_date or b.context_date) and (
        date_conflict(a.date or a.context_date, b.date or b.context_date))
    # Same day and a shared name: corroboration the words cannot give ("the Istanbul
    # round" on June 2 / "talks" on June 2 in Istanbul); with it, different trigger words
    # count as a weak match rather than a mismatch.
    corroborated = 0.0
    if date is not None and ents:
        corroborated = 1.0 if date == 1.0 else 0.5 if date >= 0.8 else 0.0
    if trig is not None and trig < cfg.trigger_match_min and corroborated:
        trig = max(trig, cfg.corroboration_forgives * corroborated * cfg.trigger_match_min)
    add(cfg.w_trigger, trig)
    add(cfg.w_entities, ents)
    add(cfg.w_date, date)
    nums, num_conflict = number_agreement(fa, fb)
    add(cfg.w_numbers, nums)
    if docsim is not None:
        add(cfg.w_doc, doc_similarity if doc_similarity is not None
            else docsim.similarity(a.doc, b.doc))
    if weight == 0:
        return 0.0
    score = total / weight

    if trig is not None and trig < cfg.trigger_match_min:
        # different words for the event: forgiven as far as the pair is corroborated
        mismatch = cfg.trigger_mismatch_factor
        score *= mismatch + (1.0 - mismatch) * cfg.corroboration_forgives * corroborated
    if dates_conflict or context_conflict:
        # Two different dates: usually two events (the May 16 round and the June 2 round),
        # but one source may have misdated the event, so a pair whose words, names and
        # trigger agree strongly is let off most of the penalty. A context date is the
        # date of the article's lead, which a background sentence ("the delegations met
        # in Istanbul") shares without being about it: it is let off the same way, but
        # only days from the other date, not months (the June and the October keynote).
        agree = (trig or 0.0) >= cfg.trigger_match_min and max(text or 0.0, ents or 0.0) >= (
            cfg.date_conflict_rescue
        ) and (dates_conflict or _days_apart(a.date or a.context_date,
                                             b.date or b.context_date) <= cfg.recent_days)
        score *= cfg.date_conflict_agreeing_factor if agree else (
            cfg.date_conflict_factor if dates_conflict else cfg.context_conflict_factor)
    if num_conflict:
        score *= cfg.number_conflict_factor
    sa = sb = None
    if stories is not None:
        sa, sb = stories.get(a.doc), stories.get(b.doc)
    if (cfg.story_trigger_match > 0 and sa is not None and sa == sb
            and not (dates_conflict or context_conflict)
            and not (fa.light or fb.light) and same_word):
        score = max(score, cfg.story_trigger_match)
    if same_doc:
        score *= cfg.same_doc_factor
    elif (sa is not None and sb is not None and sa != sb and (date or 0.0) < cfg.other_story_date
          and not _reported_soon_after(a, b, cfg) and not _reported_soon_after(b, a, cfg)):
        # Agreeing dates (the same day; a day and its month; a day and its year) are
        # evidence of their own that the two documents' stories meet at this event.
        score *= cfg.other_story_factor
    return max(0.0, min(1.0, score))


def _days_apart(a: str | None, b: str | None) -> float:
    """Days between two dates' first days (infinite when either cannot be read)."""
    da, db = to_date(a), to_date(b)
    return abs((da - db).days) if da and db else math.inf


def _reported_soon_after(a: Item, b: Item, cfg: GroupingConfig) -> bool:
    """``a`` gives no date, and its article was published within ``recent_days`` after
    the day ``b`` gives ("Jobs resigned in a letter ...", published August 25 / "On August
    24, Jobs resigned"): as good a sign that the two stories meet as an agreeing date."""
    if not cfg.recent_days or a.date or a.context_date or not b.date or len(b.date) != 10:
        return False
    published, day = to_date(a.published), to_date(b.date)
    if published is None or day is None:
        return False
    return 0 <= (published - day).days <= cfg.recent_days


def score_pairs(
    items: list[Item],
    feats: list[_Feat],
    pairs: Iterable[tuple[int, int]] | np.ndarray,
    cfg: GroupingConfig,
    docsim: DocSimilarity | None = None,
    stories: dict[str, int] | None = None,
) -> Edges:
    """The candidate ``pairs`` (i < j, or their codes) scoring at least
    ``min_pair_score``, with their scores (as :class:`clustering.Edges`)."""
    from .clustering import Edges

    codes, scores = array("q"), array("d")
    least = cfg.min_pair_score
    n = len(items)
    if isinstance(pairs, np.ndarray):  # codes i * n + j (``neighbours.candidate_codes``)
        pairs = _decoded(pairs, n)
    first = None  # pairs come sorted: all of one item's, then the next item's, ...
    known: dict[str, float | None] = {}  # ... so document similarities are kept for the
    between = None  # document of the first item only (memory bounded by its neighbours)
    for i, j in pairs:
        a, b = items[i], items[j]
        if docsim is not None:
            if a.doc != first:
                first, known = a.doc, {}
            between = known.get(b.doc)
            if between is None:
                between = known[b.doc] = docsim.similarity(a.doc, b.doc)
        s = pair_score(a, b, feats[i], feats[j], cfg, docsim, stories, between)
        if s >= least:
            codes.append(i * n + j)
            scores.append(s)
    return Edges(n, np.frombuffer(codes, dtype=np.int64), np.frombuffer(scores))


def _decoded(codes: np.ndarray, n: int, step: int = 65536) -> Iterator[tuple[int, int]]:
    """Pair codes back to pairs, a slice at a time (Python ints for all of them at once
    would be the peak of the whole run)."""
    for k in range(0, len(codes), step):
        for c in codes[k:k + step].tolist():
            yield divmod(c, n)
