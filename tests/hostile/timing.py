"""Linearity by ratio: the time at two sizes, in the same run, never an absolute time."""

from __future__ import annotations

import time
from collections.abc import Callable


def best_time(fn: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def growth(make: Callable[[int], object], run: Callable[[object], object], size: int,
           factor: int = 4, repeat: int = 3) -> float:
    """time(run(make(size * factor))) / time(run(make(size))): about ``factor`` when the
    cost is linear, ``factor ** 2`` when quadratic."""
    small, large = make(size), make(size * factor)
    run(small)  # warm caches (spaCy's vocabulary, compiled regexes)
    return best_time(lambda: run(large), repeat) / max(best_time(lambda: run(small), repeat),
                                                       1e-4)
