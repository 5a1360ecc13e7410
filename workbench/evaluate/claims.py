"""Claim grouping on ECB+: the product's whole path, scored where ECB+ can score it.

``eval ecbplus`` clusters gold event mentions; a user's database holds claims, whole
sentences whose main word (``claims.trigger``) is the event the claim tells. Here the
ECB+ articles go through ingest, extract and grouping as a user's would, in collections
of three kinds: a few articles on one occasion (the seeds' situation), one topic, and
everything pooled; and the entries again with every article published on one day
(``one_day``). A claim is scored when its main word is a gold event mention of its
sentence; two such claims from different articles belong together when those mentions
corefer. Reported per kind of collection: of the cross-article pairs grouped, the share
that belong together (precision), and of those that belong together, the share grouped
(recall). Gold topics only choose which articles make up a collection, as ``--topics``
does; grouping never sees them.
"""

from __future__ import annotations

import bisect
import itertools
import json
import random
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .ecbplus import EcbDocument, EcbError, Mention, _topic_of, read_corpus


@dataclass
class PairCounts:
    kind: str  # what a collection is
    collections: int
    grouped: int = 0  # cross-article pairs of scored claims put in one group
    right: int = 0  # ... whose main mentions corefer
    gold: int = 0  # cross-article pairs of scored claims whose main mentions corefer

    @property
    def precision(self) -> float:
        return self.right / self.grouped if self.grouped else 0.0

    @property
    def recall(self) -> float:
        return self.right / self.gold if self.gold else 0.0

    def line(self) -> str:
        return (f"{self.kind} ({self.collections} collections): precision "
                f"{100 * self.precision:.1f} % ({self.right}/{self.grouped}), recall "
                f"{100 * self.recall:.1f} % ({self.right}/{self.gold})")


@dataclass
class OccasionCounts:
    """The same collections grouped into chronology entries (``group.build_entries``), as
    the reviewer sees them. An ECB+ sub-topic is one occasion: two claims of different
    sub-topics in one entry are two occasions mixed (the topic's other earthquake, the
    same kind of event on another day); coreferent claims left in different entries are an
    occasion split."""

    kind: str
    grouped: int = 0  # cross-article pairs of scored claims in one entry
    same_occasion: int = 0  # ... whose articles report the same sub-topic
    gold: int = 0  # cross-article pairs whose main mentions corefer
    together: int = 0  # ... in one entry

    @property
    def precision(self) -> float:
        return self.same_occasion / self.grouped if self.grouped else 0.0

    @property
    def recall(self) -> float:
        return self.together / self.gold if self.gold else 0.0

    def line(self) -> str:
        return (f"{self.kind}: one occasion {100 * self.precision:.1f} % "
                f"({self.same_occasion}/{self.grouped}), coreferent together "
                f"{100 * self.recall:.1f} % ({self.together}/{self.gold})")


EXAMPLES = 25  # pairs of each sort kept per kind of collection for the report


@dataclass
class ClaimResult:
    documents: int
    claims: int
    scored: int  # claims whose main word is a gold mention
    counts: list[PairCounts]
    seconds: float
    occasions: list[OccasionCounts] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    examples: dict[str, dict[str, list[dict]]] = field(default_factory=dict)  # kind ->
    #   {"wrong_pair_examples": [...], "missed_pair_examples": [...]}, each pair as its two
    #   claims

    def as_dict(self) -> dict:
        return {
            "documents": self.documents, "claims": self.claims, "scored_claims": self.scored,
            "seconds": round(self.seconds, 1), "unreadable_documents": self.unreadable,
            "collections": [{"kind": c.kind, "collections": c.collections,
                             "grouped_pairs": c.grouped, "right_pairs": c.right,
                             "gold_pairs": c.gold, "precision": round(c.precision, 4),
                             "recall": round(c.recall, 4),
                             **self.examples.get(c.kind, {})} for c in self.counts],
            "entries": [{"kind": o.kind, "grouped_pairs": o.grouped,
                         "same_occasion_pairs": o.same_occasion,
                         "coreferent_pairs": o.gold, "coreferent_together": o.together,
                         "one_occasion": round(o.precision, 4),
                         "coreferent_recall": round(o.recall, 4)} for o in self.occasions],
        }


def count_pairs(group_of: dict[int, int], gold_of: dict[int, set[str]],
                doc_of: dict[int, str], wrong: list | None = None,
                missed: list | None = None) -> tuple[int, int, int]:
    """(grouped, right, gold) over the cross-article pairs of the scored claims
    (``gold_of``: claim -> gold clusters of its main mention; ``group_of``: claim -> group).
    ``wrong`` and ``missed``, when given, receive the pairs grouped wrongly and those that
    belong together but were left apart."""
    scored = sorted(c for c in gold_of if c in group_of)
    grouped = right = gold = 0
    for a, b in itertools.combinations(scored, 2):
        if doc_of[a] == doc_of[b]:
            continue
        together = group_of[a] == group_of[b]
        belong = bool(gold_of[a] & gold_of[b])
        grouped += together
        right += together and belong
        gold += belong
        if together and not belong and wrong is not None:
            wrong.append((a, b))
        elif belong and not together and missed is not None:
            missed.append((a, b))
    return grouped, right, gold


def count_occasions(entry_of: dict[int, int], gold_of: dict[int, set[str]],
                    doc_of: dict[int, str], counts: OccasionCounts) -> None:
    """Add one collection's entries (``entry_of``: claim -> entry) to ``counts``, over the
    cross-article pairs of the scored claims (``gold_of``)."""
    scored = sorted(c for c in gold_of if c in entry_of)
    for a, b in itertools.combinations(scored, 2):
        if doc_of[a] == doc_of[b]:
            continue
        together = entry_of[a] == entry_of[b]
        if together:
            counts.grouped += 1
            counts.same_occasion += _occasion_of(doc_of[a]) == _occasion_of(doc_of[b])
        if gold_of[a] & gold_of[b]:
            counts.gold += 1
            counts.together += together


def _occasion_of(name: str) -> tuple[int, bool]:
    """An ECB+ article's sub-topic: its topic, and which of its two occasions."""
    return _topic_of(name), name.endswith("ecbplus.xml")


def main_mentions(document: EcbDocument, mentions: Iterable[Mention], text: str,
                  claims: Iterable[dict]) -> dict[int, set[str]]:
    """Claim id -> gold clusters of the document's ``mentions`` in the claim's sentence(s)
    whose trigger words hold the claim's main word. ``text`` is the article as ingested
    (``EcbDocument.text``: one sentence a line)."""
    from ..group.engine import stem

    numbers = document.text_sentences()
    at: dict[int, list[tuple[str, set[str]]]] = defaultdict(list)
    for m in mentions:
        at[m.sentence].append((m.gold, {stem(w) for w in m.trigger_text.lower().split()}))
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    out: dict[int, set[str]] = {}
    for c in claims:
        if not c["trigger"]:
            continue
        word = stem(c["trigger"].split()[0])  # the verb of "take over"
        first = bisect.bisect_right(starts, c["char_start"]) - 1
        last = bisect.bisect_right(starts, max(c["char_start"], c["char_end"] - 1)) - 1
        found = {gold for line in range(first, min(last, len(numbers) - 1) + 1)
                 for gold, words in at.get(numbers[line], []) if word in words}
        if found:
            out[c["id"]] = found
    return out


def write_articles(corpus, path: Path, published: str | None = None) -> Path:
    """The corpus' articles as JSON Lines, each under its file name (as ingest reads it),
    with ``published`` as every article's publication date if given."""
    with path.open("w", encoding="utf-8") as fh:
        for name, doc in corpus.documents.items():
            row = {"id": name, "text": doc.text()}
            if published:
                row["published"] = published
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


@dataclass
class _Built:
    """The corpus as a user's database holds it, and how its claims map to the gold."""

    texts: dict[int, str]  # document id -> text
    published: dict[int, str | None]  # document id -> publication date as stored
    claims: list[dict]
    per_doc: dict[int, list[dict]]  # document id -> its claims
    gold_of: dict[int, set[str]]  # claim id -> gold clusters of its main mention
    doc_of: dict[int, str]  # claim id -> file name
    id_of: dict[str, int]  # file name -> document id


def _build(corpus, published: str | None, reporter) -> _Built:
    """Ingest and extract the corpus as a user's database would (``published``: every
    article's publication date, else none given)."""
    from ..db import connect
    from ..extract import extract_pending
    from ..group import load_claims
    from ..ingest import ingest_paths

    with tempfile.TemporaryDirectory(prefix="workbench-claims-") as tmp:
        jsonl = write_articles(corpus, Path(tmp) / "ecbplus.jsonl", published)
        db = connect(Path(tmp) / "claims.db")
        try:
            ingest_paths(db, [jsonl], reporter=reporter)
            extract_pending(db, reporter=reporter)
            rows = db.execute(
                "SELECT id, external_id, text, published FROM documents").fetchall()
            claims = load_claims(db)
        finally:
            db.conn.close()
    name_of = {r[0]: str(r[1]) for r in rows}
    texts = {r[0]: r[2] for r in rows}
    per_doc: dict[int, list[dict]] = defaultdict(list)
    for c in claims:
        per_doc[c["document_id"]].append(c)
    return _Built(
        texts=texts, published={r[0]: r[3] for r in rows}, claims=claims, per_doc=per_doc,
        gold_of=claim_gold(corpus, ((name_of[d], texts[d], cs) for d, cs in per_doc.items())),
        doc_of={c["id"]: name_of[c["document_id"]] for c in claims},
        id_of={name: doc_id for doc_id, name in name_of.items()})


# Every article published on this one day (a Wednesday; any day would do): weekdays and
# "yesterday" then name the same few days in every topic, as on a busy day of a big story.
ONE_DAY = "2015-03-11"


def one_day(corpus, config, reporter) -> list[OccasionCounts]:
    """Entries on a busy day: the corpus again, every article published on ``ONE_DAY``,
    in the topic and all-article collections. An ECB+ topic tells two occasions of one
    kind (two hosts announced for the Oscars; two earthquakes), and with one publication
    day time no longer tells them apart: what keeps them apart is what the reports say.
    The big stories' failing this measures: one entry per day, not per occasion."""
    from ..group.engine import GroupingConfig, story_index

    b = _build(corpus, ONE_DAY, reporter)
    out = []
    # the topic and all-article collections (the few-article draws are left out)
    for kind, pools in collections(list(b.id_of), 2, 0)[1:]:
        occasion = OccasionCounts(f"{kind}, published one day")
        for pool in pools:
            chosen = [c for d in pool for c in b.per_doc[b.id_of[d]]]
            pool_texts = {str(b.id_of[d]): b.texts[b.id_of[d]] for d in pool}
            index = story_index(pool_texts, config or GroupingConfig())
            _count_entries(chosen, b.published, pool_texts, index, config,
                           {c["id"]: b.gold_of[c["id"]] for c in chosen if c["id"] in b.gold_of},
                           b.doc_of, occasion)
        out.append(occasion)
    return out


def _count_entries(chosen: list[dict], published: dict[int, str | None],
                   texts: dict[str, str], index, config, gold_of: dict[int, set[str]],
                   doc_of: dict[int, str], counts: OccasionCounts) -> None:
    """Build ``chosen``'s entries as a user's database would and add them to ``counts``."""
    from ..group import build_entries

    found = build_entries(chosen, published, texts, index, config)
    entry_of = {chosen[m]["id"]: k for k, e in enumerate(found) for m in e.members}
    count_occasions(entry_of, gold_of, doc_of, counts)


def claim_gold(corpus, documents: Iterable[tuple[str, str, list[dict]]]) -> dict[int, set[str]]:
    """Claim id -> gold clusters of its main mention (``main_mentions``), for
    ``documents`` given as (file name, text as ingested, its claims)."""
    mentions_of: dict[str, list[Mention]] = defaultdict(list)
    for m in corpus.mentions:
        mentions_of[m.doc].append(m)
    out: dict[int, set[str]] = {}
    for name, text, claims in documents:
        if name in corpus.documents:
            out.update(main_mentions(corpus.documents[name], mentions_of[name], text, claims))
    return out


def collections(docs: list[str], size: int, seed: int) -> list[tuple[str, list[list[str]]]]:
    """(kind, collections of article names): ``size`` articles on one occasion (ECB+'s
    sub-topics, three draws each, a draw that repeats counted once), each topic, and all
    articles."""
    rng = random.Random(seed)
    by_topic: dict[int, list[str]] = defaultdict(list)
    by_occasion: dict[tuple[int, bool], list[str]] = defaultdict(list)
    for d in sorted(docs):
        by_topic[_topic_of(d)].append(d)
        by_occasion[_occasion_of(d)].append(d)
    few: list[list[str]] = []
    for _, ds in sorted(by_occasion.items()):
        if len(ds) >= size:
            drawn = {tuple(sorted(rng.sample(ds, size))) for _ in range(3)}
            few.extend(list(c) for c in sorted(drawn))
    return [(f"{size} articles on one occasion", few),
            ("one topic", [ds for _, ds in sorted(by_topic.items())]),
            ("all articles", [sorted(docs)])]


def run(root: Path, topics: set[str] | None = None, config=None, reporter=None,
        size: int = 5, seed: int = 0) -> ClaimResult:
    from ..group import grouping_hints, to_item
    from ..group.engine import GroupingConfig, cluster, story_index, units_of

    if size < 2:
        raise EcbError(f"--claims needs collections of at least 2 articles, not {size}")
    started = time.perf_counter()
    corpus = read_corpus(root, topics)
    built = _build(corpus, None, reporter)
    texts, published, claims = built.texts, built.published, built.claims
    per_doc, gold_of, doc_of, id_of = built.per_doc, built.gold_of, built.doc_of, built.id_of
    counts = []
    examples: dict[str, dict[str, list[dict]]] = {}
    by_id = {c["id"]: c for c in claims}

    def shown(pairs: list[tuple[int, int]]) -> list[dict]:
        return [{"claims": [{"document": doc_of[c], "main_word": by_id[c]["trigger"],
                             "gold": sorted(gold_of[c]), "text": by_id[c]["text"]}
                            for c in pair]} for pair in pairs[:EXAMPLES]]

    occasions = []
    for kind, pools in collections(list(id_of), size, seed):
        total = PairCounts(kind, len(pools))
        occasion = OccasionCounts(kind)
        wrong: list[tuple[int, int]] = []
        missed: list[tuple[int, int]] = []
        for pool in pools:
            chosen = [c for d in pool for c in per_doc[id_of[d]]]
            # dates the corpus suggests and occasions: from this collection alone, unit
            # by unit as the product reads them
            pool_texts = {str(id_of[d]): texts[id_of[d]] for d in pool}
            index = story_index(pool_texts, config or GroupingConfig())
            hints, context = grouping_hints(
                chosen, {}, units_of([str(c["document_id"]) for c in chosen], index))
            items = [to_item(c, None, hints.get(c["id"]), None, context.get(c["id"]))
                     for c in chosen]
            found = cluster(items, config, pool_texts, index)
            group_of = {chosen[m]["id"]: k for k, cl in enumerate(found) for m in cl.members}
            pool_gold = {c["id"]: gold_of[c["id"]] for c in chosen if c["id"] in gold_of}
            grouped, right, gold = count_pairs(group_of, pool_gold, doc_of, wrong, missed)
            total.grouped += grouped
            total.right += right
            total.gold += gold
            # the entries a user's database would hold (publication dates as guessed, so
            # clustered again: the fine events above are scored without them)
            _count_entries(chosen, published, pool_texts, index, config, pool_gold, doc_of,
                           occasion)
        counts.append(total)
        occasions.append(occasion)
        examples[kind] = {"wrong_pair_examples": shown(wrong),
                          "missed_pair_examples": shown(missed)}
    occasions.extend(one_day(corpus, config, reporter))
    return ClaimResult(
        documents=len(corpus.documents), claims=len(claims), scored=len(gold_of),
        counts=counts, occasions=occasions, seconds=time.perf_counter() - started,
        unreadable=corpus.unreadable, notes=corpus.notes, examples=examples)
