"""Coreference metrics: MUC, B³, CEAF-e and their mean, the CoNLL F1.

Same definitions as the ``scorch`` package (checked against it in the tests), but CEAF-e
solves the cluster alignment per connected component of the key/response overlap graph
instead of on one dense key×response matrix: with thousands of mostly-singleton clusters
the dense matrix is what makes scorch take minutes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
from scipy.optimize import linear_sum_assignment


@dataclass(frozen=True)
class PRF:
    recall: float
    precision: float
    f1: float

    @classmethod
    def of(cls, num_r: float, den_r: float, num_p: float, den_p: float) -> PRF:
        r = num_r / den_r if den_r else 0.0
        p = num_p / den_p if den_p else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return cls(r, p, f)


@dataclass(frozen=True)
class Scores:
    muc: PRF
    b3: PRF
    ceafe: PRF

    @property
    def conll(self) -> float:
        return (self.muc.f1 + self.b3.f1 + self.ceafe.f1) / 3

    def table(self) -> str:
        rows = [("MUC", self.muc), ("B3", self.b3), ("CEAF-e", self.ceafe)]
        lines = [f"{'metric':<8}{'R':>7}{'P':>7}{'F1':>7}"]
        for name, s in rows:
            lines.append(
                f"{name:<8}{100 * s.recall:7.1f}{100 * s.precision:7.1f}{100 * s.f1:7.1f}"
            )
        lines.append(f"{'CoNLL':<8}{'':>14}{100 * self.conll:7.1f}")
        return "\n".join(lines)


Clusters = list[set[Hashable]]


Mention = TypeVar("Mention", bound=Hashable)


def clusters_from_labels(labels: Mapping[Mention, Hashable]) -> Clusters:
    """{mention: cluster label} -> list of mention sets."""
    out: dict[Hashable, set[Hashable]] = defaultdict(set)
    for mention, label in labels.items():
        out[label].add(mention)
    return list(out.values())


def muc(key: Clusters, response: Clusters) -> PRF:
    def side(a: Clusters, b: Clusters) -> tuple[int, int]:
        where = {m: i for i, c in enumerate(b) for m in c}
        num = den = 0
        for c in a:
            parts = {where.get(m, ("alone", m)) for m in c}
            num += len(c) - len(parts)
            den += len(c) - 1
        return num, den

    nr, dr = side(key, response)
    np_, dp = side(response, key)
    return PRF.of(nr, dr, np_, dp)


def b_cubed(key: Clusters, response: Clusters) -> PRF:
    def side(a: Clusters, b: Clusters) -> tuple[float, int]:
        where = {m: i for i, c in enumerate(b) for m in c}
        total = 0.0
        count = 0
        for c in a:
            overlap: dict[int, int] = defaultdict(int)
            for m in c:
                if m in where:
                    overlap[where[m]] += 1
            total += sum(n * n for n in overlap.values()) / len(c)
            count += len(c)
        return total, count

    nr, dr = side(key, response)
    np_, dp = side(response, key)
    return PRF.of(nr, dr, np_, dp)


def ceaf_e(key: Clusters, response: Clusters) -> PRF:
    """CEAF with φ4 (Dice) similarity, as in Luo (2005) and scorch."""
    key = [c for c in key if c]
    response = [c for c in response if c]
    if not key or not response:
        return PRF(0.0, 0.0, 0.0)
    where = {m: j for j, c in enumerate(response) for m in c}
    overlap: dict[tuple[int, int], int] = defaultdict(int)
    for i, c in enumerate(key):
        for m in c:
            if m in where:
                overlap[(i, where[m])] += 1

    # Union-find over key (i) and response (n_k + j) nodes joined by an overlap.
    parent = list(range(len(key) + len(response)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in overlap:
        a, b = find(i), find(len(key) + j)
        if a != b:
            parent[a] = b
    comps: dict[int, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for i, j in overlap:
        ks, rs = comps[find(i)]
        ks.append(i)
        rs.append(j)
    total = 0.0
    for ks, rs in comps.values():
        ks = sorted(set(ks))
        rs = sorted(set(rs))
        if len(ks) == 1 and len(rs) == 1:
            i, j = ks[0], rs[0]
            total += 2 * overlap[(i, j)] / (len(key[i]) + len(response[j]))
            continue
        dice = np.zeros((len(ks), len(rs)))
        for a, i in enumerate(ks):
            for b, j in enumerate(rs):
                n = overlap.get((i, j), 0)
                if n:
                    dice[a, b] = 2 * n / (len(key[i]) + len(response[j]))
        rows, cols = linear_sum_assignment(-dice)
        total += float(dice[rows, cols].sum())
    # φ4(c, c) = 1, so the denominators are the numbers of clusters.
    return PRF.of(total, len(key), total, len(response))


def score(key: Clusters, response: Clusters) -> Scores:
    return Scores(muc(key, response), b_cubed(key, response), ceaf_e(key, response))
