"""Linearity by ratio: the time at two sizes, in the same run, never an absolute time.

The machine may be busy (other tests, other people), so a size is first grown until it
takes long enough to time, the two sizes are timed in turn (they share the same load),
and a ratio that looks too high is measured again at twice the factor, where linear and
quadratic costs lie far apart (8 against 64), before it counts.
"""

from __future__ import annotations

import time
from collections.abc import Callable

FLOOR = 0.02  # seconds: shorter times are mostly noise
GROW = 64  # a size is grown at most this many times to reach FLOOR


def best_time(fn: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def _ratio(make, run, size: int, factor: int, repeat: int) -> float:
    small, large = make(size), make(size * factor)
    t_small = t_large = float("inf")
    for _ in range(repeat):
        t_small = min(t_small, best_time(lambda: run(small), 1))
        t_large = min(t_large, best_time(lambda: run(large), 1))
    return t_large / max(t_small, 1e-4)


def assert_linear(make: Callable[[int], object], run: Callable[[object], object], size: int,
                  repeat: int = 3) -> None:
    """``run(make(n))`` costs about n: at 4 times the size at most 10 times the time, or
    (measured again) at 8 times the size at most 32 times (quadratic: 16 and 64)."""
    run(make(size))  # warm caches (spaCy's vocabulary, compiled regexes)
    limit = size * GROW
    while size < limit and best_time(lambda n=size: run(make(n)), 1) < FLOOR:
        size *= 4
    ratio = _ratio(make, run, size, 4, repeat)
    if ratio < 10:
        return
    again = _ratio(make, run, size, 8, repeat)
    assert again < 32, f"size {size}: 4 times the size took {ratio:.1f} times as long, " \
                       f"8 times the size {again:.1f} times"
