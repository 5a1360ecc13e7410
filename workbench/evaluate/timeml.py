"""Dating on TimeML news (TimeBank, AQUAINT: TempEval-3's ``TBAQ-cleaned``), a second
measure of how claims are dated beside the SemEval trial.

In TimeML the annotators link events to times (``TLINK``). An event the link puts inside
a calendar date ("IS_INCLUDED", "DURING", "SIMULTANEOUS" a ``TIMEX3`` of type DATE whose
value is a year, month or day; or the date "INCLUDES" the event) happened on that date,
at that precision. The document creation time is such a date too ("said" IS_INCLUDED the
DCT). Each document goes through the product's own ingest, extract and group stages with
its creation time as the published date; then, as in ``timeline``, the narrowest claim
covering each dated event (or the narrowest of its dated parts that holds the event,
``timeline.date_at``) must carry its date at the gold's precision ("1998-08" matches a
claim dated 1998-08 or 1998-08-07, not 1998 or 1998-09).

A wire story's id often names the day it was filed ("APW19980807.0261"), and so does the
header the wire printed above the story (``EXTRAINFO``: "APW20000107.0088  NEWS STORY
2000-01-07", kept in a copy filed again as APW20000115.0209); the header's id is read
first, the file's when the header names none. Where the creation time says another day,
the relative dates in the text were annotated against the real day, not the one the file
gives, and the document is left out and counted.

The data is public (TempEval-3 training data); it is not in ``../shared/data``: give its
folder. Documents are split in two halves by a hash of their id (``half``), so that a rule
found on one half can be checked on the other.
"""

from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ET
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..ingest.paths import hidden
from .published import GuessScore, score_guesses
from .timeline import build_claims, date_at, date_failure, narrowest_claim


class TimeMLError(Exception):
    """A problem with the data directory; the message names the file."""


_DATE_VALUE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_WIRE_DAY = re.compile(r"(?:19|20)\d{6}")
# event inside the time, or the time holding the event
_EVENT_IN_TIME = frozenset({"IS_INCLUDED", "DURING", "SIMULTANEOUS"})
_TIME_HOLDS_EVENT = frozenset({"INCLUDES", "SIMULTANEOUS", "DURING_INV"})


@dataclass
class TimeMLDocument:
    docid: str
    dct: str  # ISO day of the creation time
    text: str
    # event id -> (character offset in ``text``, the event's words, gold date)
    events: dict[str, tuple[int, str, str]]
    header: str = ""  # the wire's header above the story (EXTRAINFO), if any

    @property
    def half(self) -> int:
        """0 or 1, fixed by the id: the two halves of a corpus."""
        return zlib.crc32(self.docid.encode()) % 2

    @property
    def misdated(self) -> bool:
        """The creation time names another day than the wire id does: the id the wire's
        header gives (its first word), else the document's (AQUAINT's APW199980817.1193
        has a digit too many; its header says APW19980817.1193)."""
        wire = (self.header.split() or [self.docid])[0]
        m = _WIRE_DAY.search(wire) or _WIRE_DAY.search(self.docid)
        return m is not None and m.group(0) != self.dct.replace("-", "")


def read_timeml(path: Path) -> TimeMLDocument:
    """One TimeML file: its text with the markup taken out, and each event's gold date."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise TimeMLError(f"{path}: not well-formed XML ({exc})") from None
    dct_el = root.find("DCT/TIMEX3")
    body = root.find("TEXT")
    if dct_el is None or body is None:
        raise TimeMLError(f"{path}: no <DCT><TIMEX3> or no <TEXT>")
    dct = (dct_el.get("value") or "")[:10]
    if not _DATE_VALUE.match(dct) or len(dct) != 10:
        raise TimeMLError(f"{path}: creation time {dct_el.get('value')!r} is not a day")
    dates = {dct_el.get("tid"): dct}
    words: dict[str, tuple[int, str]] = {}
    parts: list[str] = []
    size = 0

    def walk(el: ET.Element) -> None:
        nonlocal size
        if el.tag == "EVENT" and el.get("eid"):
            words[el.get("eid", "")] = (size, "".join(el.itertext()))
        elif el.tag == "TIMEX3" and el.get("type") == "DATE":
            dates[el.get("tid")] = el.get("value") or ""
        if el.text:
            parts.append(el.text)
            size += len(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
                size += len(child.tail)

    walk(body)
    text = "".join(parts)
    lead = len(text) - len(text.lstrip())
    instance = {m.get("eiid"): m.get("eventID") for m in root.iter("MAKEINSTANCE")}
    gold: dict[str, set[str]] = defaultdict(set)
    for link in root.iter("TLINK"):
        rel = link.get("relType")
        if link.get("eventInstanceID") and link.get("relatedToTime") and rel in _EVENT_IN_TIME:
            event, time_id = link.get("eventInstanceID"), link.get("relatedToTime")
        elif (link.get("timeID") and link.get("relatedToEventInstance")
              and rel in _TIME_HOLDS_EVENT):
            event, time_id = link.get("relatedToEventInstance"), link.get("timeID")
        else:
            continue
        value = dates.get(time_id)
        eid = instance.get(event)
        if value and _DATE_VALUE.match(value) and eid in words:
            gold[eid].add(value)
    events = {}
    for eid, values in gold.items():
        finest = max(values, key=len)
        if all(finest.startswith(v) for v in values):  # nested dates agree; else left out
            at, word = words[eid]
            events[eid] = (at - lead, word, finest)
    docid = (root.findtext("DOCID") or path.stem).strip()
    header = (root.findtext("EXTRAINFO") or "").strip()
    return TimeMLDocument(docid, dct, text[lead:], events, header)


@dataclass
class TimeMLResult:
    documents: int
    misdated: list[str]  # documents left out: creation time and wire id disagree
    unreadable: list[str]
    events: int
    correct: int
    uncovered: int
    by_half: dict[int, tuple[int, int]]  # half -> (correct, events)
    by_provenance: dict[str, tuple[int, int]]  # how the event's date was read -> (correct, n)
    failures: Counter
    seconds: float
    examples: list[dict] = field(default_factory=list)
    guesses: GuessScore = field(default_factory=GuessScore)

    @property
    def accuracy(self) -> float:
        return self.correct / self.events if self.events else 0.0

    def as_dict(self) -> dict:
        return {
            "documents": self.documents,
            "left_out_misdated": self.misdated,
            "unreadable_documents": self.unreadable,
            "date": {"events": self.events, "correct": self.correct,
                     "accuracy": round(self.accuracy, 4), "no_covering_claim": self.uncovered,
                     "halves": {str(h): {"correct": c, "events": n}
                                for h, (c, n) in sorted(self.by_half.items())},
                     "by_provenance": {p: {"correct": c, "events": n}
                                       for p, (c, n) in sorted(self.by_provenance.items())},
                     "failures_by_kind": dict(self.failures)},
            "seconds": round(self.seconds, 1),
            "date_failure_examples": self.examples,
            "published_guesses": self.guesses.as_dict(),
        }

    def summary(self) -> str:
        halves = ", ".join(f"half {h}: {c}/{n}" for h, (c, n) in sorted(self.by_half.items()))
        lines = [f"skipped {line}" for line in self.unreadable] + [
            f"{self.documents} documents ({len(self.misdated)} left out: creation time is "
            f"not the day their id names), {self.seconds:.1f} s",
            f"date accuracy  {100 * self.accuracy:5.1f} %  ({self.correct}/{self.events} "
            f"events linked to a date; {self.uncovered} not covered by any claim; {halves})",
        ]
        for prov, (c, n) in sorted(self.by_provenance.items(), key=lambda kv: -kv[1][1]):
            lines.append(f"  dated by {prov:<12} {c:5d}/{n:<5d} right")
        lines.append(self.guesses.summary())
        return "\n".join(lines)


def run(root: Path, reporter=None, db_path: Path | None = None, config=None) -> TimeMLResult:
    """Read every ``.tml`` file under ``root``, build them with the product, score."""
    started = time.perf_counter()
    root = Path(root)
    if not root.is_dir():
        raise TimeMLError(f"{root}: not a directory")
    # hidden files are not documents, as ``ingest`` walks folders (macOS copies hold a
    # "._name.tml" resource fork beside every file)
    paths = sorted(p for p in root.rglob("*.tml") if not hidden(p.relative_to(root)))
    if not paths:
        raise TimeMLError(f"{root}: no .tml files")
    docs: dict[str, TimeMLDocument] = {}
    unreadable: list[str] = []
    misdated: list[str] = []
    for path in paths:
        try:
            doc = read_timeml(path)
        except TimeMLError as exc:  # one broken file must not stop the evaluation
            unreadable.append(str(exc))
            continue
        if doc.misdated:
            misdated.append(doc.docid)
        elif doc.docid in docs:  # one article under two file names: read once
            unreadable.append(f"{path}: {doc.docid} read already, from another file")
        else:
            docs[doc.docid] = doc
    if not docs:
        why = unreadable[0] if unreadable else f"all {len(misdated)} left out as misdated"
        raise TimeMLError(f"{root}: no readable TimeML documents ({why})")
    claims = build_claims([{"id": d.docid, "text": d.text, "published": d.dct}
                           for d in docs.values()], reporter, db_path, config)
    result = _score(docs, claims, misdated, unreadable, time.perf_counter() - started)
    result.guesses = score_guesses(((d.text, d.dct) for d in docs.values()), own_year=True)
    return result


def _score(docs: dict[str, TimeMLDocument], claims: dict[str, list[dict]],
           misdated: list[str], unreadable: list[str], seconds: float) -> TimeMLResult:
    correct = uncovered = total = 0
    halves: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    provenance: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    failures: Counter = Counter()
    examples: list[dict] = []
    for doc in docs.values():
        for at, word, want in doc.events.values():
            total += 1
            halves[doc.half][1] += 1
            claim = narrowest_claim(claims.get(doc.docid, []), at)
            if claim is None:
                uncovered += 1
                failures["no claim covers the event"] += 1
                continue
            got, prov, words = date_at(claim, at)
            prov = prov or "none"
            provenance[prov][1] += 1
            kind = date_failure(got, want, prov)
            if kind is None:
                correct += 1
                halves[doc.half][0] += 1
                provenance[prov][0] += 1
                continue
            failures[kind] += 1
            if len(examples) < 60:
                examples.append({"document": doc.docid, "event": word, "gold": want,
                                 "claim_date": got, "provenance": prov,
                                 "date_text": words, "published": doc.dct,
                                 "claim": claim["text"][:200]})
    return TimeMLResult(
        documents=len(docs), misdated=misdated, unreadable=unreadable, events=total,
        correct=correct, uncovered=uncovered,
        by_half={h: (c, n) for h, (c, n) in halves.items()},
        by_provenance={p: (c, n) for p, (c, n) in provenance.items()},
        failures=failures, seconds=seconds, examples=examples)
