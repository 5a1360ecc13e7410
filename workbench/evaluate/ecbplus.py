"""ECB+ (cross-document event coreference) reader and the ``eval ecbplus`` run.

Reading rules (from the corpus authors, see the data README): an event mention is a
markable whose tag starts with ``ACTION_`` or ``NEG_ACTION_`` and that has token anchors;
only mentions in the sentences listed in ``ECBplus_coreference_sentences.csv`` count (if
there is no such list, or it names none of the documents read, every annotated sentence
counts and the run says so); a
mention's gold cluster is the ``instance_id`` of the target of the ``CROSS_DOC_COREF`` /
``INTRA_DOC_COREF`` relation it is a source of (intra-document targets carry no instance
id, so the document plus target id names the chain); a mention in no relation is alone.
"""

from __future__ import annotations

import csv
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..console import SILENT
from ..ingest.paths import hidden
from ..ingest.tokenized import detokenize

if TYPE_CHECKING:  # numpy and scipy load only when a run scores
    from .scoring import Scores


class EcbError(Exception):
    """A problem with the data directory; the message names the file."""


@dataclass
class Mention:
    doc: str  # file name, e.g. "36_1ecb.xml"
    m_id: str
    sentence: int
    token_ids: list[int]  # anchor token ids (t_id)
    gold: str  # gold cluster label
    trigger_text: str = ""


@dataclass
class EcbDocument:
    name: str
    # sentence number -> list of (t_id, word)
    sentences: dict[int, list[tuple[int, str]]]

    def sentence_words(self, number: int) -> list[str]:
        return [w for _, w in self.sentences.get(number, [])]

    def text_sentences(self) -> list[int]:
        """The sentence numbers :meth:`text` holds, one a line, in order (sentence 0 of
        ecbplus files is the source URL, left out)."""
        return [n for n in sorted(self.sentences)
                if not (n == 0 and self.name.endswith("ecbplus.xml"))]

    def text(self) -> str:
        """The document as plain text, one sentence a line."""
        return "\n".join(detokenize(self.sentence_words(n)) for n in self.text_sentences())


@dataclass
class EcbCorpus:
    documents: dict[str, EcbDocument]
    mentions: list[Mention]
    unreadable: list[str] = field(default_factory=list)  # "FILE: problem", skipped
    notes: list[str] = field(default_factory=list)  # how the corpus was read, if unusually


def parse_topics(spec: str | None) -> set[str] | None:
    """"1-35" / "1,3,5-7" -> {"1", "3", ...}; None means all topics."""
    if not spec:
        return None
    out: set[str] = set()
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        m = re.fullmatch(r"(\d+)\s*-\s*(\d+)|(\d+)", part)
        if not m:
            raise EcbError(f"--topics: cannot read {part!r} (use e.g. 1-35 or 1,3,5-7)")
        if m.group(3):
            out.add(str(int(m.group(3))))
        else:
            a, b = int(m.group(1)), int(m.group(2))
            out.update(str(t) for t in range(min(a, b), max(a, b) + 1))
    return out


def _find_sentence_file(root: Path) -> Path:
    name = "ECBplus_coreference_sentences.csv"
    for cand in (root / name, root.parent / name):
        if cand.is_file():
            return cand
    found = sorted(root.rglob(name))
    if found:
        return found[0]
    raise EcbError(f"{root}: no ECBplus_coreference_sentences.csv found")


def _read_sentence_filter(path: Path) -> dict[str, set[int]]:
    """file stem ("1_10ecbplus") -> the sentence numbers that count."""
    out: dict[str, set[int]] = defaultdict(set)
    try:
        with path.open(newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                topic = row["Topic"].strip()
                out[f"{topic}_{row['File'].strip()}"].add(int(row["Sentence Number"]))
    except (KeyError, ValueError) as exc:
        raise EcbError(f"{path}: not the ECB+ sentence list ({exc})") from None
    return out


def _xml_files(root: Path) -> list[Path]:
    base = root / "topics" if (root / "topics").is_dir() else root
    return sorted((p for p in base.rglob("*.xml") if not hidden(p.relative_to(base))),
                  key=lambda p: (_topic_of(p.name), p.name))


def _topic_of(name: str) -> int:
    m = re.match(r"(\d+)_", name)
    return int(m.group(1)) if m else 10**6


def read_corpus(root: Path, topics: set[str] | None = None) -> EcbCorpus:
    """Read every ECB+ document (of ``topics``) under ``root`` and its gold mentions."""
    root = Path(root)
    if not root.is_dir():
        raise EcbError(f"{root}: not a directory")
    files = [p for p in _xml_files(root) if re.match(r"\d+_\d+ecb(plus)?\.xml$", p.name)]
    if topics is not None:
        files = [p for p in files if str(_topic_of(p.name)) in topics]
    if not files:
        raise EcbError(f"{root}: no ECB+ documents (<topic>_<n>ecb[plus].xml) found")
    notes: list[str] = []
    everything = "every sentence with an annotated event mention counts"
    try:
        sentence_file = _find_sentence_file(root)
    except EcbError as exc:
        selected = None
        notes.append(f"{exc}: {everything}")
    else:
        selected = _read_sentence_filter(sentence_file)
        if not any(p.stem in selected for p in files):
            # a sentence list for other topics (say 1-35 beside a folder of 36-45) would
            # otherwise leave nothing to score
            notes.append(f"{sentence_file} lists none of these {len(files)} documents: "
                         f"{everything}")
            selected = None
    documents: dict[str, EcbDocument] = {}
    mentions: list[Mention] = []
    unreadable: list[str] = []
    for path in files:
        keep = None if selected is None else selected.get(path.stem, set())
        try:
            doc, doc_mentions = _read_document(path, keep)
        except EcbError as exc:  # one broken article must not stop the evaluation
            unreadable.append(str(exc))
            continue
        documents[doc.name] = doc
        mentions.extend(doc_mentions)
    if not documents:
        raise EcbError(f"{root}: no readable ECB+ document ({unreadable[0]})")
    return EcbCorpus(documents, mentions, unreadable, notes)


def _read_document(path: Path, keep: set[int] | None) -> tuple[EcbDocument, list[Mention]]:
    """A document's tokens and its event mentions in the sentences ``keep`` (None: all)."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise EcbError(f"{path}: not well-formed XML ({exc})") from None
    name = root.get("doc_name") or path.name
    sentences: dict[int, list[tuple[int, str]]] = defaultdict(list)
    sentence_of: dict[int, int] = {}
    words: dict[int, str] = {}
    for tok in root.iter("token"):
        try:
            t_id = int(tok.get("t_id", ""))
            sent = int(tok.get("sentence", ""))
        except ValueError:
            raise EcbError(f"{path}: token without numeric t_id/sentence") from None
        word = tok.text or ""
        sentences[sent].append((t_id, word))
        sentence_of[t_id] = sent
        words[t_id] = word

    gold: dict[str, str] = {}
    instance: dict[str, str] = {}
    markables = root.find("Markables")
    relations = root.find("Relations")
    events: list[tuple[str, list[int]]] = []
    if markables is not None:
        for m in markables:
            m_id = m.get("m_id", "")
            anchors = [int(a.get("t_id", "0")) for a in m.findall("token_anchor")]
            if anchors:
                if m.tag.startswith(("ACTION_", "NEG_ACTION_")):
                    events.append((m_id, anchors))
            elif m.get("instance_id"):
                instance[m_id] = m.get("instance_id", "")
    if relations is not None:
        for rel in relations:
            if rel.tag not in ("CROSS_DOC_COREF", "INTRA_DOC_COREF"):
                continue
            target = rel.find("target")
            if target is None:
                continue
            t = target.get("m_id", "")
            label = instance.get(t) or f"{name}#{t}"
            for src in rel.findall("source"):
                gold[src.get("m_id", "")] = label

    mentions = []
    for m_id, anchors in events:
        sentence = sentence_of.get(anchors[0])
        if sentence is None or (keep is not None and sentence not in keep):
            continue
        mentions.append(
            Mention(
                doc=name,
                m_id=m_id,
                sentence=sentence,
                token_ids=anchors,
                gold=gold.get(m_id, f"{name}#{m_id}#alone"),
                trigger_text=" ".join(words.get(t, "") for t in anchors),
            )
        )
    return EcbDocument(name, dict(sentences)), mentions


# ---------------------------------------------------------------------------------------
# From gold mentions to engine items


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


def annotate(corpus: EcbCorpus, nlp=None, reporter=None) -> list:
    """One engine ``Item`` per mention: the sentence, its trigger lemma, the sentence's
    named entities (normalised with the product's ``entity_key``) and numbers.

    The sentences are parsed from the corpus tokens (no re-tokenisation) so the anchors
    line up with spaCy's tokens. Dates are left out: ECB+ articles carry no publication
    date, and the product does not resolve relative expressions ("on Monday") against a
    date inferred from the text. Measured on topics 1-35: 2,746 of the 5,053 mentions have
    a DATE entity in their sentence, but with the product's normaliser and inferred
    document dates only 193 get a date, and adding them moved CoNLL F1 by -0.2.
    """
    from spacy.tokens import Doc

    from ..extract.names import entity_key
    from ..extract.nlp import load_nlp
    from ..group.engine import Item

    nlp = nlp or load_nlp()
    by_sentence: dict[tuple[str, int], list[int]] = defaultdict(list)
    for i, m in enumerate(corpus.mentions):
        by_sentence[(m.doc, m.sentence)].append(i)
    keys = list(by_sentence)
    docs = []
    for doc_name, sent in keys:
        pairs = corpus.documents[doc_name].sentences[sent]
        words = [w if w.strip() else "_" for _, w in pairs]
        docs.append(Doc(nlp.vocab, words=words))

    items: list = [None] * len(corpus.mentions)
    with (reporter or SILENT).progress("parse", len(keys)) as advance:
        for key, sdoc in zip(keys, nlp.pipe(docs, batch_size=64), strict=True):
            doc_name, sent = key
            pairs = corpus.documents[doc_name].sentences[sent]
            index = {t_id: k for k, (t_id, _) in enumerate(pairs)}
            text = sdoc.text
            entities = []
            for ent in sdoc.ents:
                norm = entity_key(ent.text, ent.label_)
                if norm:
                    entities.append((norm, ent.label_))
            numbers = []
            for tok in sdoc:
                if tok.like_num and tok.ent_type_ not in ("DATE", "TIME"):
                    value = _number(tok.text)
                    if value is not None:
                        unit = tok.head.lemma_.lower() if tok.head.pos_ == "NOUN" else ""
                        numbers.append((value, unit))
            for i in by_sentence[key]:
                m = corpus.mentions[i]
                pos = [index[t] for t in m.token_ids if t in index]
                span = set(pos)
                # the syntactic head of a multi-word trigger ("took place" -> "take")
                heads = [p for p in pos if sdoc[p].head.i not in span or sdoc[p].head.i == p]
                head = sdoc[heads[0]] if heads else sdoc[pos[0]]
                # a phrasal verb's particle is part of the event word: "made off with"
                # is a theft, "took over" a takeover, not the light "make" or "take"
                particles = [c.lower_ for c in head.children if c.dep_ == "prt" and c.i in span]
                items[i] = Item(
                    text=text,
                    doc=m.doc,
                    trigger=" ".join([head.lemma_.lower(), *particles]),
                    trigger_text=m.trigger_text,
                    entities=list(entities),
                    numbers=list(numbers),
                )
            advance(1)
    return items


# ---------------------------------------------------------------------------------------
# The evaluation run


@dataclass
class EcbResult:
    scores: Scores
    rows: list[dict]  # one {"doc", "m_id", "cluster"} per mention
    documents: int
    mentions: int
    gold_clusters: int
    response_clusters: int
    seconds: float
    phases: dict[str, float]  # seconds per step: read, load spaCy, parse, cluster, score
    unreadable: list[str] = field(default_factory=list)  # documents skipped, one line each
    notes: list[str] = field(default_factory=list)  # how the corpus was read, if unusually
    pools: list[float] = field(default_factory=list)  # CoNLL F1 of each random topic pool
    pool_size: int = 0  # topics in each of those pools


@dataclass
class Spread:
    """How a score varies over random pools of topics: what one held-out set may give."""

    values: list[float]

    def line(self, size: int) -> str:
        v = sorted(self.values)
        n = len(v)
        mean = sum(v) / n
        sd = (sum((x - mean) ** 2 for x in v) / (n - 1)) ** 0.5 if n > 1 else 0.0

        def q(p: float) -> float:
            return v[min(n - 1, int(p * n))]

        return (f"CoNLL over {n} random pools of {size} topics: mean {mean:.1f}, sd {sd:.1f}; "
                f"min {v[0]:.1f}, 10% {q(0.1):.1f}, median {q(0.5):.1f}, 90% {q(0.9):.1f}, "
                f"max {v[-1]:.1f}")


def topic_pools(topics: list[int], samples: int, size: int, seed: int) -> list[list[int]]:
    """``samples`` random sets of ``size`` topics (each set sorted; repeatable by ``seed``)."""
    import random

    if size > len(topics):
        raise EcbError(f"--pool-size {size} is more topics than the corpus has "
                       f"({len(topics)})")
    rng = random.Random(seed)
    return [sorted(rng.sample(topics, size)) for _ in range(samples)]


def run(root: Path, topics: set[str] | None = None, config=None, reporter=None,
        samples: int = 0, pool_size: int = 10, seed: int = 0) -> EcbResult:
    """Cluster every gold event mention of ``root`` with the product's engine, all
    documents in one pool (no gold topic or sub-topic is used), and score the result.

    With ``samples``, also cluster and score that many random pools of ``pool_size``
    topics each (the size of a held-out set): topics only choose which documents go into a
    pool, as ``topics`` does, and each pool is clustered with no topic information."""
    import time

    from ..extract.nlp import load_nlp
    from ..group.engine import cluster
    from . import scoring

    phases: dict[str, float] = {}
    started = mark = time.perf_counter()

    def done(phase: str) -> None:
        nonlocal mark
        now = time.perf_counter()
        phases[phase] = now - mark
        mark = now

    corpus = read_corpus(root, topics)
    if not corpus.mentions:
        raise EcbError(f"{root}: no event mentions in the selected sentences")
    present = sorted({_topic_of(m.doc) for m in corpus.mentions})
    chosen_pools = topic_pools(present, samples, pool_size, seed) if samples else []
    done("read XML")
    nlp = load_nlp()
    done("load spaCy")
    items = annotate(corpus, nlp=nlp, reporter=reporter)
    done("parse")
    doc_texts = {name: doc.text() for name, doc in corpus.documents.items()}
    clusters = cluster(items, config, doc_texts=doc_texts)
    done("cluster")
    label: dict[int, str] = {}
    for k, cl in enumerate(clusters):
        for i in cl.members:
            label[i] = f"c{k}"
    rows = [
        {"doc": m.doc, "m_id": m.m_id, "cluster": label[i]}
        for i, m in enumerate(corpus.mentions)
    ]
    key = scoring.clusters_from_labels({i: m.gold for i, m in enumerate(corpus.mentions)})
    response = scoring.clusters_from_labels(label)
    scores = scoring.score(key, response)
    done("score")
    pools: list[float] = []
    for pool in chosen_pools:
        chosen = set(pool)
        idx = [i for i, m in enumerate(corpus.mentions) if _topic_of(m.doc) in chosen]
        part = cluster([items[i] for i in idx], config, doc_texts={
            d: text for d, text in doc_texts.items() if _topic_of(d) in chosen})
        part_label = {idx[m]: k for k, cl in enumerate(part) for m in cl.members}
        pools.append(100 * scoring.score(
            scoring.clusters_from_labels({i: corpus.mentions[i].gold for i in idx}),
            scoring.clusters_from_labels(part_label)).conll)
    if samples:
        done("topic pools")
    return EcbResult(
        scores=scores,
        rows=rows,
        documents=len(corpus.documents),
        mentions=len(corpus.mentions),
        gold_clusters=len(key),
        response_clusters=len(response),
        seconds=time.perf_counter() - started,
        phases=phases,
        unreadable=corpus.unreadable,
        notes=corpus.notes,
        pools=pools,
        pool_size=pool_size,
    )
