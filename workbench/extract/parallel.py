"""Extraction over many documents: spaCy reads the pieces of several documents in one batch,
on every core.

Documents are taken in *chunks* (``CHUNK`` documents, or fewer holding at most
``CHUNK_CHARS`` of text, whatever the number of jobs); the pieces of one chunk go through
one ``nlp.pipe`` and each document's claims are then found as
:meth:`DocumentExtractor.claims` always does. With ``jobs`` > 1 the chunks go to a pool of
worker processes, each holding one spaCy model, and come back in order: a chunk is parsed
the same way in any process, so the claims and their order are those of one process. At most
``2 * jobs`` chunks are in flight, so memory does not grow with the collection. Workers are
started fresh (``spawn``), never forked from a process that may run threads. With an
``engine`` (``workbench.distributed.RayEngine``) the same chunks go to Ray actors instead,
one model each, on every node of a cluster, and come back in order the same way.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..dates.expressions import Base
from .claims import Claim, DocumentExtractor, batch_size, pieces_of
from .language import NotEnglish, problem

CHUNK = 8  # documents parsed in one batch
# ... and at most this much text: a longer document (a book, a 2 MB paragraph, minutes to
# read) is parsed in a batch of its own, so that the documents before it are saved first
CHUNK_CHARS = 250_000
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


def extract_chunk(nlp, chunk: list[Work]) -> list[list[Claim] | Exception]:
    """The claims of each document of ``chunk``, its pieces parsed in one batch. A document
    that fails gives its exception in place of its claims (one bad document never stops
    the others): when the batch itself fails, each document is parsed alone to find it.
    A document not written in English is not parsed (``language``)."""
    pieces = [pieces_of(w.text, w.skipped) for w in chunk]
    # judged on what would be read: a table's rows, skipped, are no prose to judge by
    foreign: dict[int, Exception] = {i: NotEnglish(why) for i, ps in enumerate(pieces)
                                     if (why := problem(" ".join(ps)))}
    todo = [i for i in range(len(chunk)) if i not in foreign]
    read = iter(_parse(nlp, [chunk[i] for i in todo], [pieces[i] for i in todo]))
    return [foreign[i] if i in foreign else next(read) for i in range(len(chunk))]


def _parse(nlp, chunk: list[Work], pieces: list[list[str]]) -> list[list[Claim] | Exception]:
    """``extract_chunk`` for documents found English, ``pieces``: each one's pieces."""
    if len(chunk) <= 1:
        # one document (a large one has a chunk of its own): its pieces are parsed as its
        # claims are read, not all held at once (a 5 MB text took 1.3 GB)
        return [_alone(nlp, w) for w in chunk]
    try:
        flat = [p for ps in pieces for p in ps]
        parsed = list(nlp.pipe(flat, batch_size=batch_size(flat)))
    except Exception:  # noqa: BLE001 - which document it was is found alone
        return [_alone(nlp, w) for w in chunk]
    out: list[list[Claim] | Exception] = []
    at = 0
    for w, ps in zip(chunk, pieces, strict=True):
        docs, at = parsed[at:at + len(ps)], at + len(ps)
        try:
            out.append(DocumentExtractor(nlp, w.base).claims(w.text, w.skipped, docs))
        except Exception as exc:  # noqa: BLE001 - recorded as that document's problem
            out.append(_portable(exc))
    return out


def _alone(nlp, w: Work) -> list[Claim] | Exception:
    try:
        return DocumentExtractor(nlp, w.base).claims(w.text, w.skipped)
    except Exception as exc:  # noqa: BLE001 - recorded as that document's problem
        return _portable(exc)


def _portable(exc: Exception) -> Exception:
    """An exception that survives the trip back from a worker process (pickling)."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:  # noqa: BLE001
        return RuntimeError(f"{type(exc).__name__}: {exc}")


_NLP = None


def _start_worker() -> None:
    global _NLP
    from .nlp import load_nlp

    _NLP = load_nlp()


def _work(chunk: list[Work]) -> list[list[Claim] | Exception]:
    return extract_chunk(_NLP, chunk)


def _chunks(works: Iterable[Work]) -> Iterator[list[Work]]:
    """``CHUNK`` documents at a time, fewer when their text passes ``CHUNK_CHARS``."""
    chunk: list[Work] = []
    size = 0
    for w in works:
        if chunk and size + len(w.text) > CHUNK_CHARS:
            yield chunk
            chunk, size = [], 0
        chunk.append(w)
        size += len(w.text)
        if len(chunk) == CHUNK:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _load_model():
    from .nlp import load_nlp

    return load_nlp()


def extract_all(works: Iterable[Work], count: int, jobs: int = 1,
                nlp=None, engine=None) -> Iterator[tuple[Work, list[Claim] | Exception]]:
    """Each of ``works`` (``count`` of them) with its claims, in the order given (or the
    exception that document raised). ``engine``: a cluster to parse on instead (its
    ``map`` keeps the order), one spaCy model per worker."""
    if engine is not None:
        held: deque = deque()

        def sent() -> Iterator[list[Work]]:
            for chunk in _chunks(works):
                held.append(chunk)
                yield chunk

        for claims in engine.map(extract_chunk, sent(), setup=_load_model):
            yield from zip(held.popleft(), claims, strict=True)
        return
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
