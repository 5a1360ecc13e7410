"""Average-linkage clustering over scored pairs (steps 5 and 6 of ``engine``) and the
pass that brings misdated reports back to their event."""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from ..dates.expressions import compatible
from .config import GroupingConfig
from .features import Item


class ScoredPairs(Protocol):
    """Scores of item pairs (i, j), i < j: a dict, or the :class:`Edges` that read like one."""

    def items(self) -> Iterable[tuple[tuple[int, int], float]]: ...

    def get(self, pair: tuple[int, int], default: float, /) -> float: ...


class Edges:
    """Scored pairs (i < j) of ``n`` items as two arrays sorted by pair (codes
    ``i * n + j`` and scores): 16 bytes an edge, where a dict entry with its tuple and
    float takes about 170. Reads like the dict it replaces (``items``, ``get``)."""

    def __init__(self, n: int, codes: np.ndarray, scores: np.ndarray):
        order = np.argsort(codes, kind="stable")
        self.n = n
        self.codes = codes[order]
        self.scores = scores[order]

    def __len__(self) -> int:
        return len(self.codes)

    def items(self) -> Iterator[tuple[tuple[int, int], float]]:
        n, step = self.n, 65536
        for k in range(0, len(self.codes), step):
            for c, s in zip(self.codes[k:k + step].tolist(), self.scores[k:k + step].tolist(),
                            strict=True):
                yield divmod(c, n), s

    def get(self, pair: tuple[int, int], default: float, /) -> float:
        code = pair[0] * self.n + pair[1]
        k = int(np.searchsorted(self.codes, code))
        if k < len(self.codes) and self.codes[k] == code:
            return float(self.scores[k])
        return default


@dataclass
class Cluster:
    members: list[int]
    similarity: list[float]
    fixed: int | None


def _reunite_misdated(
    items: list[Item],
    frames: list[str | None],
    clusters: list[Cluster],
    edges: ScoredPairs,
    cfg: GroupingConfig,
) -> list[Cluster]:
    """Bring a misdated report back to the event it misdates.

    A source that puts a well-corroborated event on the wrong day ("the talks on May
    22nd" where four sources say June 2) scores low against the event's other reports:
    its date conflicts and its words differ. It is moved to that event when all of this
    holds, and only then:
    - its day for its kind of event (``frames``) is given by no other document;
    - the event's day for that kind is given by at least ``misdating_min_support``
      documents, none of them the claim's own document, and the claim's document never
      gives that day for that kind of event (it is not telling two events apart);
    - it links to the event by at least ``misdating_min_link`` (its best pair score);
    - exactly one event (kind and day) qualifies; of the clusters holding its reports, the
      one the claim links to best receives it.
    The move keeps the conflicting date, so the group shows a date conflict to review.
    ``frames``: each item's kind of event (``_Feat.frame``), all this pass reads of the
    features.
    """
    day = [it.date if it.date and len(it.date) == 10 else None for it in items]
    support: dict[tuple[str, str], set[str]] = defaultdict(set)  # (frame, day) -> docs
    holders: dict[tuple[str, str], list[int]] = defaultdict(list)  # (frame, day) -> items
    per_doc: dict[tuple[str, str], set[str]] = defaultdict(set)  # (doc, frame) -> days
    for i, frame in enumerate(frames):
        when = day[i]
        if frame and when:
            support[(frame, when)].add(items[i].doc)
            holders[(frame, when)].append(i)
            per_doc[(items[i].doc, frame)].add(when)
    owner = {i: k for k, c in enumerate(clusters) for i in c.members}
    # frame -> [(a day enough documents give it, the clusters holding its reports)]
    targets: dict[str, list[tuple[str, set[int]]]] = defaultdict(list)
    for (frame, d), docs in support.items():
        if len(docs) >= cfg.misdating_min_support:
            targets[frame].append((d, {owner[i] for i in holders[(frame, d)]}))
    # each pair's score, kept only for the items that can move (a day for a kind of
    # event): a dict of every pair both ways would be the largest thing grouping holds
    movable = {i for i, frame in enumerate(frames) if frame and day[i] and items[i].fixed is None}
    neighbours: dict[int, dict[int, float]] = defaultdict(dict)
    for (i, j), s in edges.items():
        if i in movable:
            neighbours[i][j] = s
        if j in movable:
            neighbours[j][i] = s
    moves: dict[int, int] = {}
    for i, frame in enumerate(frames):
        when = day[i]
        if not frame or not when or items[i].fixed is not None:
            continue
        if support[(frame, when)] != {items[i].doc}:
            continue  # another source gives this day too: not an isolated misdating
        mine = per_doc[(items[i].doc, frame)]
        candidates: dict[str, tuple[float, int]] = {}  # event day -> (best link, cluster)
        for d, ks in targets[frame]:
            if d in mine or d == when:
                continue
            for k in ks:
                if k == owner[i]:
                    continue
                best = max((neighbours[i].get(m, 0.0) for m in clusters[k].members), default=0.0)
                if best >= cfg.misdating_min_link and best > candidates.get(d, (0.0, -1))[0]:
                    candidates[d] = (best, k)
        if len(candidates) == 1:
            moves[i] = next(iter(candidates.values()))[1]
    # The other way round: a report whose day is corroborated by another source belongs
    # with the other reports of that day, not in an event most of whose sources give
    # another day (average linkage can pull it there through undated members).
    for i, frame in enumerate(frames):
        when = day[i]
        if i in moves or not frame or not when or items[i].fixed is not None:
            continue
        if len(support[(frame, when)]) < cfg.misdating_min_support:
            continue
        here = clusters[owner[i]].members
        days_here: dict[str, set[str]] = defaultdict(set)
        for m in here:
            if (other := day[m]):
                days_here[other].add(items[m].doc)
        top = max(days_here, key=lambda d: (len(days_here[d]), d))
        if top == when or len(days_here[top]) <= len(days_here[when]):
            continue
        same: dict[int, float] = defaultdict(float)
        for j in holders[(frame, when)]:
            if j != i and owner[j] != owner[i]:
                same[owner[j]] = max(same[owner[j]], neighbours[i].get(j, 0.0))
        if same:
            k, best = max(same.items(), key=lambda kv: kv[1])
            if best >= cfg.misdating_min_link:
                moves[i] = k
    if not moves:
        return clusters
    out: list[Cluster] = []
    for k, c in enumerate(clusters):
        keep = [(m, s) for m, s in zip(c.members, c.similarity, strict=True) if m not in moves]
        extra = [(m, max(neighbours[m].get(x, 0.0) for x in c.members)) for m, t in moves.items()
                 if t == k]
        members = sorted(keep + extra)
        if members:
            out.append(Cluster([m for m, _ in members], [round(s, 4) for _, s in members],
                               c.fixed))
    return out


def _agglomerate(
    n: int,
    edges: ScoredPairs,
    threshold: float,
    labels: list[int | None],
    dates: list[str | None] | None = None,
    conflict_margin: float = 0.0,
    docs: list[str] | None = None,
    merges: list[tuple[float, int, int]] | None = None,
    parts: list[int | None] | None = None,
    grouped: list[bool] | None = None,
) -> list[tuple[list[int], int | None]]:
    """Average-linkage clustering of ``n`` nodes over sparse ``edges`` (i < j -> score;
    missing pairs count as 0). Nodes sharing a label start together; clusters with
    different labels never merge. Two clusters whose dates all disagree (none of A's
    dates is compatible with any of B's) need ``threshold + conflict_margin``: undated
    members must not bridge the June 7 and the June 19 exchange into one event.
    With ``docs``, two clusters that would put two incompatible dates from one document
    into one event never merge: an article that dates two events differently is telling
    two events apart (the May 16 talks and the later round; a model who began in 1950 and
    posed again in 2003), whatever their words share. A year and a day within it agree.
    With ``merges``, each merge is appended to it as (mean score, a member of one side, a
    member of the other), in the order made (mean scores never increase along it).
    Returns (members, label) per cluster."""
    members: dict[int, list[int]] = {}
    when: dict[int, frozenset[str]] = {}
    fixed: dict[int, int | None] = {}
    owner: list[int] = [0] * n
    # a label's nodes start together, one cluster for each of its ``parts`` (the fine
    # events of an entry a reviewer decided on): new evidence joins the entry by being
    # like one of the things it reports, not like the mean of all of them
    by_label: dict[tuple[int, int | None], int] = {}
    for i in range(n):
        lab = labels[i]
        key = (lab, parts[i] if parts is not None else None) if lab is not None else None
        if key is not None and key in by_label:
            c = by_label[key]
            members[c].append(i)
        else:
            c = i
            members[c] = [i]
            fixed[c] = lab
            if key is not None:
                by_label[key] = c
        owner[i] = c
    # a cluster holding a node that sits in a group already (``grouped``) never joins a
    # labelled one: only new evidence joins what a reviewer decided, as ``group`` keeps it
    elsewhere = grouped or [False] * n
    held_elsewhere: dict[int, bool] = {
        c: any(elsewhere[i] for i in mem) for c, mem in members.items()}
    for c, mem in members.items():
        when[c] = frozenset(d for d in (dates[i] for i in mem) if d) if dates else frozenset()
    # per cluster: document -> the dates (any precision) its members from it state
    dated: dict[int, dict[str, frozenset[str]]] = {}
    for c, mem in members.items():
        per: dict[str, set[str]] = defaultdict(set)
        if docs and dates:
            for i in mem:
                if (stated := dates[i]):
                    per[docs[i]].add(stated)
        dated[c] = {k: frozenset(v) for k, v in per.items()}

    def same_doc_other_day(c: int, d: int) -> bool:
        """One document gives the two clusters incompatible dates (June 2 / June 7, 1950 /
        2003): it is telling two events apart."""
        dc, dd = dated[c], dated[d]
        if len(dc) > len(dd):
            dc, dd = dd, dc
        return any(doc in dd and any(compatible(x, y) is False for x in v for y in dd[doc])
                   for doc, v in dc.items())

    def corroborated(c: int) -> frozenset[str]:
        """Days two or more of the cluster's documents give (kept per cluster: asked on
        every candidate merge)."""
        count: dict[str, int] = defaultdict(int)
        for v in dated[c].values():
            for day_ in v:
                if len(day_) == 10:  # days only
                    count[day_] += 1
        return frozenset(day_ for day_, n in count.items() if n >= 2)

    corr = {c: corroborated(c) for c in members}

    def two_corroborated_days(c: int, d: int) -> bool:
        """Two sources on one day and two on another: two events, not a misdating."""
        cc, cd = corr[c], corr[d]
        return bool(cc) and bool(cd) and not (cc & cd)

    def disagree(c: int, d: int) -> bool:
        wc, wd = when[c], when[d]
        if not wc or not wd or len(wc) * len(wd) > 64:
            return False
        return all(compatible(x, y) is False for x in wc for y in wd)

    # links[c][d] = sum of pair scores between clusters c and d
    links: dict[int, dict[int, float]] = defaultdict(dict)
    for (i, j), s in edges.items():
        ci, cj = owner[i], owner[j]
        if ci == cj:
            continue
        links[ci][cj] = links[ci].get(cj, 0.0) + s
        links[cj][ci] = links[cj].get(ci, 0.0) + s

    version: dict[int, int] = {c: 0 for c in members}
    heap: list[tuple[float, int, int, int, int]] = []

    def push(c: int, d: int) -> None:
        fc, fd = fixed[c], fixed[d]
        if fc is not None and fd is not None and fc != fd:
            return
        if (fc is not None and held_elsewhere[d]) or (fd is not None and held_elsewhere[c]):
            return
        if fc is None and fd is None and (same_doc_other_day(c, d)
                                           or two_corroborated_days(c, d)):
            return
        avg = links[c][d] / (len(members[c]) * len(members[d]))
        need = threshold + conflict_margin if conflict_margin and disagree(c, d) else threshold
        if avg >= need:
            a, b = (c, d) if c < d else (d, c)
            heapq.heappush(heap, (-avg, a, b, version[a], version[b]))

    for c, linked in links.items():
        for d in linked:
            if c < d:
                push(c, d)

    next_id = n
    while heap:
        neg, a, b, va, vb = heapq.heappop(heap)
        if a not in members or b not in members or version[a] != va or version[b] != vb:
            continue
        if merges is not None:
            merges.append((-neg, members[a][0], members[b][0]))
        new = next_id
        next_id += 1
        members[new] = members.pop(a) + members.pop(b)
        fa, fb = fixed.pop(a), fixed.pop(b)
        fixed[new] = fa if fa is not None else fb
        ha, hb = held_elsewhere.pop(a), held_elsewhere.pop(b)
        held_elsewhere[new] = ha or hb
        when[new] = when.pop(a) | when.pop(b)
        merged = {k: set(v) for k, v in dated.pop(a).items()}
        for k, v in dated.pop(b).items():
            merged.setdefault(k, set()).update(v)
        dated[new] = {k: frozenset(v) for k, v in merged.items()}
        corr.pop(a)
        corr.pop(b)
        corr[new] = corroborated(new)
        version[new] = 0
        row: dict[int, float] = {}
        for old in (a, b):
            for d, s in links.pop(old, {}).items():
                if d in (a, b):
                    continue
                row[d] = row.get(d, 0.0) + s
                del links[d][old]
        links[new] = row
        for d, s in row.items():
            links[d][new] = s
            push(new, d)
    return [(sorted(mem), fixed[c]) for c, mem in members.items()]


def _average_linkage(
    items: list[Item], edges: ScoredPairs, cfg: GroupingConfig
) -> list[Cluster]:
    found = _agglomerate(
        len(items),
        edges,
        cfg.merge_threshold,
        [it.fixed for it in items],
        [it.date for it in items],
        cfg.date_conflict_margin,
        [it.doc for it in items],
        parts=[it.part for it in items],
        grouped=[it.grouped for it in items],
    )
    # one cluster a label, whatever parts it was grown from
    groups: list[tuple[list[int], int | None]] = []
    labelled: dict[int, list[int]] = {}
    for mem, label in found:
        if label is None:
            groups.append((mem, None))
        elif label in labelled:
            labelled[label].extend(mem)
        else:
            labelled[label] = list(mem)
            groups.append((labelled[label], label))
    groups = [(sorted(mem), label) for mem, label in groups]
    # Each member's similarity: mean score to the rest of its cluster (unscored pairs = 0).
    out: list[Cluster] = []
    for mem, label in groups:
        if len(mem) == 1:
            sims = [1.0]
        else:
            sims = []
            for i in mem:
                tot = 0.0
                for j in mem:
                    if i != j:
                        tot += edges.get((min(i, j), max(i, j)), 0.0)
                sims.append(round(tot / (len(mem) - 1), 4))
        out.append(Cluster(members=mem, similarity=sims, fixed=label))
    out.sort(key=lambda cl: cl.members[0])
    return out
