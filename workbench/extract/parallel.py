"""Extraction over many documents: spaCy reads the pieces of several documents in one
batch, on every core.

Documents are taken in fixed *chunks* (``CHUNK`` documents, whatever the number of
jobs); the pieces of one chunk go through one ``nlp.pipe`` and each document's claims are
then found as :meth:`DocumentExtractor.claims` always does. With ``jobs`` > 1 the chunks
go to a pool of worker processes, each holding one spaCy model, and come back in order:
a chunk is parsed the same way in any process, so the claims and their order are those
of one process. At most ``2 * jobs`` chunks are in flight, so memory does not grow with
the collection. Workers are started fresh (``spawn``), never forked from a process that
may run threads.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .claims import Claim, DocumentExtractor, pieces_of
from .dates import Base

CHUNK = 8  # documents parsed in one batch
MIN_PER_JOB = 2  # chunks per extra job below which starting workers is not worth it


@dataclass
class Work:
    """One document to extract: its id, text, boilerplate ranges and date base."""

    doc_id: int
    text: str
    skipped: list[list[Any]]
    base: Base


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def extract_chunk(nlp, chunk: list[Work]) -> list[list[Claim]]:
    """The claims of each document of ``chunk``, its pieces parsed in one batch."""
    pieces = [pieces_of(w.text, w.skipped) for w in chunk]
    flat = [p for ps in pieces for p in ps]
    parsed = iter(nlp.pipe(flat, batch_size=64))
    out = []
    for w, ps in zip(chunk, pieces, strict=True):
        docs = [next(parsed) for _ in ps]
        out.append(DocumentExtractor(nlp, w.base).claims(w.text, w.skipped, docs))
    return out


_NLP = None


def _start_worker() -> None:
    global _NLP
    from .nlp import load_nlp

    _NLP = load_nlp()


def _work(chunk: list[Work]) -> list[list[Claim]]:
    return extract_chunk(_NLP, chunk)


def _chunks(works: Iterable[Work]) -> Iterator[list[Work]]:
    chunk: list[Work] = []
    for w in works:
        chunk.append(w)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def extract_all(works: Iterable[Work], count: int, jobs: int = 1,
                nlp=None) -> Iterator[tuple[Work, list[Claim]]]:
    """Each of ``works`` (``count`` of them) with its claims, in the order given."""
    jobs = max(1, min(jobs, -(-count // (CHUNK * MIN_PER_JOB)) or 1))
    if jobs == 1:
        if nlp is None:
            from .nlp import load_nlp

            nlp = load_nlp()
        for chunk in _chunks(works):
            yield from zip(chunk, extract_chunk(nlp, chunk), strict=True)
        return
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(jobs, initializer=_start_worker) as pool:
        flight: deque = deque()
        chunks = _chunks(works)
        for chunk in chunks:
            flight.append((chunk, pool.apply_async(_work, (chunk,))))
            if len(flight) >= 2 * jobs:
                break
        while flight:
            chunk, result = flight.popleft()
            claims = result.get()
            nxt = next(chunks, None)
            if nxt is not None:
                flight.append((nxt, pool.apply_async(_work, (nxt,))))
            yield from zip(chunk, claims, strict=True)
