"""How likely two items report the same event (step 4 of ``engine``)."""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

import numpy as np
from rapidfuzz import fuzz, process

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

    text = None
    if fa.text_key and fb.text_key:
        text = (fuzz.token_set_ratio(fa.text_key, fb.text_key) / 100.0
                if not same_doc or a.text != b.text else 1.0)
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
    nums, num_conflict = number_agreement(fa, fb)
    if docsim is not None and doc_similarity is None:
        doc_similarity = docsim.similarity(a.doc, b.doc)
    # the weighted mean of the features both have, in this order (a loop, not a helper
    # called six times: this runs for millions of pairs)
    total = weight = 0.0
    for w, value in ((cfg.w_text, text), (cfg.w_trigger, trig), (cfg.w_entities, ents),
                     (cfg.w_date, date), (cfg.w_numbers, nums),
                     (cfg.w_doc, doc_similarity if docsim is not None else None)):
        if value is not None and w > 0:
            total += w * value
            weight += w
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
    first_pass: bool = True,
    vectorised: bool = True,
) -> Edges:
    """The candidate ``pairs`` (i < j, or their codes) scoring at least
    ``min_pair_score``, with their scores (as :class:`clustering.Edges`).

    Codes go through a first pass (``first_pass``, :class:`UpperBound`) that drops, a
    slice at a time in numpy, the pairs that cannot reach ``min_pair_score`` (about half
    of them); :class:`PairScorer` scores the rest in numpy too (``vectorised``; else
    :func:`pair_score` one pair at a time), so the scores are the same either way."""
    from .clustering import Edges

    least = cfg.min_pair_score
    n = len(items)
    if isinstance(pairs, np.ndarray) and vectorised:
        return _score_codes(items, feats, pairs, cfg, docsim, stories, first_pass)
    codes, scores = array("q"), array("d")
    if isinstance(pairs, np.ndarray):  # codes i * n + j (``neighbours.candidate_codes``)
        bound = (UpperBound(items, feats, cfg, docsim, stories)
                 if first_pass and least > 0 and len(pairs) else None)
        pairs = _decoded(pairs, n, bound, least)
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


def _score_codes(items: list[Item], feats: list[_Feat], codes: np.ndarray,
                 cfg: GroupingConfig, docsim: DocSimilarity | None,
                 stories: dict[str, int] | None, first_pass: bool,
                 step: int = 65536) -> Edges:
    """:func:`score_pairs` of pair codes, a slice at a time in numpy: the first pass,
    then :class:`PairScorer` on the pairs it leaves."""
    from .clustering import Edges

    n = len(items)
    least = cfg.min_pair_score
    if not len(codes):
        return Edges(n, np.zeros(0, dtype=np.int64), np.zeros(0))
    scorer = PairScorer(items, feats, cfg, docsim, stories)
    kept_codes, kept_scores = [], []
    for k in range(0, len(codes), step):
        part = codes[k:k + step]
        i, j = np.divmod(part, n)
        if first_pass and least > 0:
            keep = scorer.upper(i, j) >= least
            part, i, j = part[keep], i[keep], j[keep]
        s = scorer.scores(i, j)
        keep = s >= least
        kept_codes.append(part[keep])
        kept_scores.append(s[keep])
    return Edges(n, np.concatenate(kept_codes), np.concatenate(kept_scores))


def _decoded(codes: np.ndarray, n: int, bound: UpperBound | None = None, least: float = 0.0,
             step: int = 65536) -> Iterator[tuple[int, int]]:
    """Pair codes back to pairs, a slice at a time (Python ints for all of them at once
    would be the peak of the whole run); with ``bound``, only the pairs it lets reach
    ``least``."""
    for k in range(0, len(codes), step):
        part = codes[k:k + step]
        if bound is not None:
            part = part[bound.upper(*np.divmod(part, n)) >= least]
        for c in part.tolist():
            yield divmod(c, n)


# ---------------------------------------------------------------------------------------
# First pass: a bound for many pairs at once

# Added to every bound: numpy may sum in another order than :func:`pair_score` and differ
# in the last digits; a bound this much too high only lets a few more pairs through.
_MARGIN = 1e-9


class UpperBound:
    """An upper bound of :func:`pair_score` for many pairs at once, in numpy.

    It follows :func:`pair_score` step by step with each feature either exact or replaced
    by the most it could be: the text similarity counts as 1, the entity cosine and the
    shared event words come from sparse products (exact up to rounding), a document
    pair that is not among either document's nearest (``DocSimilarity``) counts as the
    least similarity of those nearest, numbers as agreeing, and the context-date and
    number penalties as absent. Every step of the score is monotone in what it reads, so
    the result is never below the score; a pair whose bound is below ``min_pair_score``
    cannot reach it. Any change to :func:`pair_score` must keep this true
    (``tests/group/test_first_pass.py`` checks it on every pair of a corpus)."""

    def __init__(self, items: list[Item], feats: list[_Feat], cfg: GroupingConfig,
                 docsim: DocSimilarity | None, stories: dict[str, int] | None):
        from scipy import sparse

        n = len(items)
        self.cfg = cfg
        self.trig, self._trig_labels = _ids([f.trig for f in feats])
        self.frame, _ = _ids([f.frame for f in feats])
        self.date, self._date_labels = _ids([f.date for f in feats])
        self.doc, self._doc_labels = _ids([it.doc for it in items])
        self.light = _flags((f.light for f in feats), n)
        self.solo = _flags((f.solo for f in feats), n)
        self.text = _flags((bool(f.text_key) for f in feats), n)
        self.nums = _flags((bool(f.nums) for f in feats), n)
        # undated in every way, or dated to a day: the two sides of ``_reported_soon_after``
        self.bare = _flags((not it.date and not it.context_date for it in items), n)
        self.day = _flags((it.date is not None and len(it.date) == 10 for it in items), n)
        story_of = stories or {}
        self.story = np.fromiter((-1 if (s := story_of.get(it.doc)) is None else s
                                  for it in items), dtype=np.int64, count=n)
        self.ents = _rows((f.evec for f in feats), n, sparse)
        self.has_ents = np.diff(self.ents.indptr) > 0
        self.events = _rows(({w: 1.0 for w in f.events} for f in feats), n, sparse)
        self.docsim = docsim
        if docsim is not None:
            self.doc_index = np.fromiter((docsim.index.get(it.doc, -1) for it in items),
                                         dtype=np.int64, count=n)
            # documents of two units (``neighbours.UnitSimilarity``) have no similarity:
            # ``pair_score`` leaves the feature out, and so does the bound
            units = getattr(docsim, "unit", None) or {}
            self.doc_unit = np.fromiter((units.get(it.doc, -1) for it in items),
                                        dtype=np.int64, count=n)
            # a document not among another's k nearest is at most as similar as the
            # least of them (all of them, when it has fewer than k: the others share no word)
            self.kth = np.array([min(near.values()) if len(near) >= docsim.k else 0.0
                                 for near in docsim._near])
        self._trig_cache: dict[int, float] = {}
        self._date_cache: dict[int, float] = {}

    def _doc_similarity(self, da: np.ndarray, db: np.ndarray) -> np.ndarray:
        assert self.docsim is not None
        near = self.docsim._near
        m = len(near)
        keys, inverse = np.unique(da * m + db, return_inverse=True)
        out = np.empty(len(keys))
        for x, key in enumerate(keys.tolist()):
            a, b = divmod(key, m)
            s = 1.0 if a == b else near[a].get(b)
            if s is None:
                s = near[b].get(a)
            if s is None:
                s = max(self.kth[a], self.kth[b])
            out[x] = min(1.0, s)
        return out[inverse]

    def _trigger(self, i: np.ndarray, j: np.ndarray,
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The trigger similarity as :func:`pair_score` has it before the weaker evidence
        (frames, light verbs): whether there is one, its value (0 for none), and whether
        the event words themselves match."""
        cfg = self.cfg
        match = cfg.trigger_match_min
        trig = _pairwise(self.trig[i], self.trig[j], trigger_similarity, self._trig_cache,
                         self._trig_labels)
        has_trig = ~np.isnan(trig)
        t = np.where(has_trig, trig, 0.0)
        frame = self.frame[i]
        t = np.where(has_trig & (t < cfg.same_frame_match) & (frame > 0)
                     & (frame == self.frame[j]), cfg.same_frame_match, t)
        t = np.where(has_trig & (t >= match) & self.light[i] & self.light[j],
                     np.minimum(t, cfg.light_trigger_match), t)
        return has_trig, t, has_trig & (t >= match)

    def _shared_event_word(self, i: np.ndarray, j: np.ndarray, has_trig: np.ndarray,
                           t: np.ndarray) -> np.ndarray:
        """``t`` raised to ``shared_event_word`` where both claims name an event word."""
        cfg = self.cfg
        if cfg.shared_event_word <= 0:
            return t
        shared = _row_dots(self.events, i, j) > 0
        return np.where(has_trig & (t < cfg.trigger_match_min) & self.solo[i] & self.solo[j]
                        & shared, np.maximum(t, cfg.shared_event_word), t)

    def upper(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Bounds of ``pair_score`` for the pairs (``i[k]``, ``j[k]``)."""
        cfg = self.cfg
        match = cfg.trigger_match_min
        has_trig, t, same_word = self._trigger(i, j)
        t = self._shared_event_word(i, j, has_trig, t)
        date = _pairwise(self.date[i], self.date[j], date_compatibility, self._date_cache,
                         self._date_labels)
        has_date = ~np.isnan(date)
        d = np.where(has_date, date, 0.0)
        has_ents = self.has_ents[i] & self.has_ents[j]
        ents = np.where(has_ents, _row_dots(self.ents, i, j), 0.0)
        corroborated = np.where(has_date & (ents > 0),
                                np.where(d == 1.0, 1.0, np.where(d >= 0.8, 0.5, 0.0)), 0.0)
        t = np.where(has_trig & (t < match) & (corroborated > 0),
                     np.maximum(t, cfg.corroboration_forgives * corroborated * match), t)
        ents = ents + _MARGIN
        parts: list[tuple[float, np.ndarray, np.ndarray | float]] = [
            (cfg.w_text, self.text[i] & self.text[j], 1.0),
            (cfg.w_trigger, has_trig, t),
            (cfg.w_entities, has_ents, ents),
            (cfg.w_date, has_date, d),
            (cfg.w_numbers, self.nums[i] & self.nums[j], 1.0)]
        if self.docsim is not None:
            da, db = self.doc_index[i], self.doc_index[j]
            has_doc = (da >= 0) & (db >= 0) & (self.doc_unit[i] == self.doc_unit[j])
            sim = self._doc_similarity(np.maximum(da, 0), np.maximum(db, 0))
            parts.append((cfg.w_doc, has_doc, sim + _MARGIN))
        total = np.zeros(len(i))
        weight = np.zeros(len(i))
        for w, present, value in parts:
            if w > 0:
                total += np.where(present, w * value, 0.0)
                weight += np.where(present, w, 0.0)
        score = total / np.where(weight > 0, weight, 1.0)
        mismatch = cfg.trigger_mismatch_factor
        score = np.where(has_trig & (t < match), score * (
            mismatch + (1.0 - mismatch) * cfg.corroboration_forgives * corroborated), score)
        conflict = has_date & (d == 0.0)
        agree = (t >= match) & ((self.text[i] & self.text[j])
                                | (ents >= cfg.date_conflict_rescue))
        score = np.where(conflict, score * np.where(
            agree, cfg.date_conflict_agreeing_factor, cfg.date_conflict_factor), score)
        si, sj = self.story[i], self.story[j]
        if cfg.story_trigger_match > 0:
            floor = ((si >= 0) & (si == sj) & ~conflict & ~self.light[i] & ~self.light[j]
                     & same_word)
            score = np.where(floor, np.maximum(score, cfg.story_trigger_match), score)
        same_doc = self.doc[i] == self.doc[j]
        soon = ((self.bare[i] & self.day[j]) | (self.bare[j] & self.day[i])
                if cfg.recent_days else np.zeros(len(i), dtype=bool))
        other = (~same_doc & (si >= 0) & (sj >= 0) & (si != sj)
                 & (d < cfg.other_story_date) & ~soon)
        score = np.where(same_doc, score * cfg.same_doc_factor,
                         np.where(other, score * cfg.other_story_factor, score))
        return np.clip(score, 0.0, 1.0) + _MARGIN


class PairScorer(UpperBound):
    """:func:`pair_score` for many pairs at once, in numpy, to the same floats.

    Each feature is a per-pair array computed as :func:`pair_score` computes it: what
    depends on two labels only (trigger stems, dates, documents) once per distinct pair
    of labels with the very functions :func:`pair_score` calls, the text similarity by
    rapidfuzz's ``cpdist`` (its C++ ``token_set_ratio``, the function :func:`pair_score`
    calls, pair by pair without Python between), and every sum and product taken in
    :func:`pair_score`'s order, so that each rounds alike. Two features stay in Python,
    for the few pairs that need them: the entity cosine of items sharing three names or
    more (a sum whose order is the dict's; two terms add up the same either way) and the
    agreement of numbers where both items state some. ``tests/group/test_vectorised.py``
    checks the scores against :func:`pair_score` on every candidate pair of a corpus."""

    def __init__(self, items: list[Item], feats: list[_Feat], cfg: GroupingConfig,
                 docsim: DocSimilarity | None, stories: dict[str, int] | None):
        super().__init__(items, feats, cfg, docsim, stories)
        n = len(items)
        self.feats = feats
        self.has_stories = stories is not None
        sentences: dict[tuple[str, str], int] = {}
        self.sentence = np.fromiter((sentences.setdefault((it.doc, it.text), len(sentences))
                                     for it in items), dtype=np.int64, count=n)
        self.text_keys = np.array([f.text_key for f in feats], dtype=object)
        self.ent_count = self.ents.copy()  # 1 a name: how many names two items share
        self.ent_count.data[:] = 1.0
        self.has_context = _flags((bool(it.context_date) for it in items), n)
        # the date an item gives or its article places it at, for the context-date rule
        self.when, self._when_labels = _ids([it.date or it.context_date for it in items])
        self.when_day = _days([it.date or it.context_date for it in items])
        self.published_day = _days([it.published if not it.date and not it.context_date
                                    else None for it in items])
        self.day_of = _days([it.date if it.date and len(it.date) == 10 else None
                             for it in items])
        self._conflict_cache: dict[int, float] = {}

    def scores(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """``pair_score`` of the pairs (``i[k]``, ``j[k]``)."""
        cfg = self.cfg
        match = cfg.trigger_match_min
        n = len(i)
        feats = self.feats
        has_trig, t, same_word = self._trigger(i, j)
        same_doc = self.doc[i] == self.doc[j]
        same_sentence = self.sentence[i] == self.sentence[j]  # of one document, then
        zero = (same_doc & has_trig & (t < match) & same_sentence if cfg.same_sentence_veto
                else np.zeros(n, dtype=bool))
        t = self._shared_event_word(i, j, has_trig, t)

        has_text = self.text[i] & self.text[j]
        text = np.ones(n)  # one sentence twice
        ask = np.flatnonzero(has_text & ~same_sentence)
        if len(ask):
            text[ask] = process.cpdist(
                self.text_keys[i[ask]].tolist(), self.text_keys[j[ask]].tolist(),
                scorer=fuzz.token_set_ratio, dtype=np.float64, workers=1) / 100.0
        has_ents = self.has_ents[i] & self.has_ents[j]
        ents = np.where(has_ents, _row_dots(self.ents, i, j), 0.0)
        for k in np.flatnonzero(has_ents & (_row_dots(self.ent_count, i, j) > 2)).tolist():
            ents[k] = entity_cosine(feats[i[k]], feats[j[k]])
        date = _pairwise(self.date[i], self.date[j], date_compatibility, self._date_cache,
                         self._date_labels)
        has_date = ~np.isnan(date)
        d = np.where(has_date, date, 0.0)
        dates_conflict = has_date & (d == 0.0)
        context_conflict = np.zeros(n, dtype=bool)
        ask = np.flatnonzero(~has_date & (self.has_context[i] | self.has_context[j]))
        if len(ask):
            context_conflict[ask] = _pairwise(
                self.when[i[ask]], self.when[j[ask]], _conflicting, self._conflict_cache,
                self._when_labels) == 1.0
        corroborated = np.where(has_date & has_ents & (ents != 0.0),
                                np.where(d == 1.0, 1.0, np.where(d >= 0.8, 0.5, 0.0)), 0.0)
        t = np.where(has_trig & (t < match) & (corroborated != 0.0),
                     np.maximum(t, cfg.corroboration_forgives * corroborated * match), t)
        has_nums = np.zeros(n, dtype=bool)
        nums = np.zeros(n)
        num_conflict = np.zeros(n, dtype=bool)
        for k in np.flatnonzero(self.nums[i] & self.nums[j]).tolist():
            agreement, num_conflict[k] = number_agreement(feats[i[k]], feats[j[k]])
            if agreement is not None:
                has_nums[k], nums[k] = True, agreement

        parts = [(cfg.w_text, has_text, text), (cfg.w_trigger, has_trig, t),
                 (cfg.w_entities, has_ents, ents), (cfg.w_date, has_date, d),
                 (cfg.w_numbers, has_nums, nums)]
        if self.docsim is not None:
            parts.append((cfg.w_doc, *self._doc_exact(i, j)))
        total = np.zeros(n)
        weight = np.zeros(n)
        for w, present, value in parts:  # in pair_score's order: the sums round alike
            if w > 0:
                total = np.where(present, total + w * value, total)
                weight = np.where(present, weight + w, weight)
        zero |= weight == 0
        score = total / np.where(weight > 0, weight, 1.0)

        mismatch = cfg.trigger_mismatch_factor
        score = np.where(has_trig & (t < match), score * (
            mismatch + (1.0 - mismatch) * cfg.corroboration_forgives * corroborated), score)
        conflict = dates_conflict | context_conflict
        ask = np.flatnonzero(conflict)
        if len(ask):
            recent = dates_conflict[ask] | (self._days_apart(i[ask], j[ask]) <= cfg.recent_days)
            agree = ((t[ask] >= match) & (np.maximum(np.where(has_text[ask], text[ask], 0.0),
                                                     ents[ask]) >= cfg.date_conflict_rescue)
                     & recent)
            score[ask] *= np.where(agree, cfg.date_conflict_agreeing_factor, np.where(
                dates_conflict[ask], cfg.date_conflict_factor, cfg.context_conflict_factor))
        score = np.where(num_conflict, score * cfg.number_conflict_factor, score)
        other = np.zeros(n, dtype=bool)
        if self.has_stories:
            si, sj = self.story[i], self.story[j]
            if cfg.story_trigger_match > 0:
                floor = ((si >= 0) & (si == sj) & ~conflict & ~self.light[i] & ~self.light[j]
                         & same_word)
                score = np.where(floor, np.maximum(score, cfg.story_trigger_match), score)
            other = (~same_doc & (si >= 0) & (sj >= 0) & (si != sj)
                     & (d < cfg.other_story_date))
            if cfg.recent_days:
                other &= ~self._soon_after(i, j) & ~self._soon_after(j, i)
        score = np.where(same_doc, score * cfg.same_doc_factor,
                         np.where(other, score * cfg.other_story_factor, score))
        return np.where(zero, 0.0, np.minimum(1.0, np.maximum(0.0, score)))

    def _doc_exact(self, i: np.ndarray, j: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The documents' similarity (``DocSimilarity.similarity``, asked once per distinct
        pair of documents, in the pair's order) and whether there is one."""
        assert self.docsim is not None
        width = len(self._doc_labels)
        keys, inverse = np.unique(self.doc[i] * width + self.doc[j], return_inverse=True)
        out = np.empty(len(keys))
        labels = self._doc_labels
        for x, key in enumerate(keys.tolist()):
            a, b = divmod(key, width)
            s = self.docsim.similarity(labels[a], labels[b])
            out[x] = math.nan if s is None else s
        sim = out[inverse]
        present = ~np.isnan(sim)
        return present, np.where(present, sim, 0.0)

    def _days_apart(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """:func:`_days_apart` of the items' dates or context dates."""
        a, b = self.when_day[i], self.when_day[j]
        known = (a != _NO_DAY) & (b != _NO_DAY)
        return np.where(known, np.abs(a - b), math.inf)

    def _soon_after(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """:func:`_reported_soon_after` of the pairs (``a[k]``, ``b[k]``)."""
        published, day = self.published_day[a], self.day_of[b]
        gap = published - day
        return ((published != _NO_DAY) & (day != _NO_DAY) & (gap >= 0)
                & (gap <= self.cfg.recent_days))


_NO_DAY = np.iinfo(np.int64).min // 2  # a date that cannot be read


def _days(values: list[str | None]) -> np.ndarray:
    """Each ISO value's first day (``to_date``) as a day number, ``_NO_DAY`` for none."""
    out = np.full(len(values), _NO_DAY, dtype=np.int64)
    for k, v in enumerate(values):
        day = to_date(v)
        if day is not None:
            out[k] = day.toordinal()
    return out


def _conflicting(a: str | None, b: str | None) -> float | None:
    """:func:`date_conflict` as a number for :func:`_pairwise` (None: not both dated)."""
    if not a or not b:
        return None
    return 1.0 if date_conflict(a, b) else 0.0


def _ids(values: list[str | None]) -> tuple[np.ndarray, list[str | None]]:
    """Each value's number (0 for none) and the values by number."""
    table: dict[str, int] = {}
    ids = np.fromiter((table.setdefault(v, len(table) + 1) if v else 0 for v in values),
                      dtype=np.int64, count=len(values))
    return ids, [None, *table]


def _flags(values: Iterable[bool], n: int) -> np.ndarray:
    return np.fromiter(values, dtype=bool, count=n)


def _rows(rows: Iterable[dict[str, float]], n: int, sparse):
    """One sparse row per item over the keys its dicts hold."""
    vocab: dict[str, int] = {}
    indptr, cols, vals = [0], array("q"), array("d")
    for row in rows:
        for key, value in row.items():
            cols.append(vocab.setdefault(key, len(vocab)))
            vals.append(value)
        indptr.append(len(cols))
    return sparse.csr_matrix((np.frombuffer(vals), np.frombuffer(cols, dtype=np.int64),
                              np.asarray(indptr, dtype=np.int64)),
                             shape=(n, max(1, len(vocab))))


def _row_dots(matrix, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Dot products of rows ``i[k]`` and ``j[k]`` of a sparse matrix."""
    return np.asarray(matrix[i].multiply(matrix[j]).sum(axis=1)).ravel()


def _pairwise(a: np.ndarray, b: np.ndarray, fn, cache: dict[int, float],
              labels: list[str | None]) -> np.ndarray:
    """``fn`` of the labels numbered ``a[k]`` and ``b[k]`` (NaN for None), each pair of
    labels computed once (``cache`` keeps them from one slice to the next)."""
    width = len(labels)
    keys, inverse = np.unique(a * width + b, return_inverse=True)
    out = np.empty(len(keys))
    for x, key in enumerate(keys.tolist()):
        value = cache.get(key)
        if value is None:
            la, lb = divmod(key, width)
            r = fn(labels[la], labels[lb])
            value = cache[key] = math.nan if r is None else r
        out[x] = value
    return out[inverse]
