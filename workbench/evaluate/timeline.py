"""SemEval-2015 Task 4 (TimeLine) as a test of the whole product: dating and grouping.

The ``.tml`` articles are ingested as plain text (tags stripped, tokens joined back into
prose) with their document creation time as the published date, then the product's own
ingest, extract and group stages run on them in a throw-away database. The gold timelines
say, for some event mentions (``docid-sentence-token``), on which date the event happened
and which mentions in other documents are the same event (one timeline line). From that:

- **date accuracy**: for every gold mention whose date has at least a year, does the claim
  whose text covers that token carry the same date at the gold's precision ("2006-03"
  matches a claim dated 2006-03 or 2006-03-28, not one dated 2006 or 2006-04)? Where one
  of the claim's dated parts holds the token ("charged him Monday in the 1995 shooting"),
  the part's date counts (``date_at``);
- **cross-document grouping recall**: of the pairs of mentions on one gold line that come
  from different documents, the share whose covering claims ended in one group;
- **cross-document grouping precision**: of the pairs of claims grouped together across
  documents that both cover a gold mention, the share that share a gold line.
"""

from __future__ import annotations

import json
import re
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from ..ingest.tokenized import detokenize


class TimelineError(Exception):
    """A problem with the data directory; the message names the file."""


@dataclass
class TmlDocument:
    docid: str
    title: str | None
    dct: str | None
    text: str
    # sentence id -> list of (token, char_start, char_end) in ``text``
    tokens: dict[int, list[tuple[str, int, int]]]


@dataclass(frozen=True)
class GoldMention:
    docid: str
    sentence: int
    token: str  # as in the timeline file, "court_case" for two tokens
    date: str | None  # ISO prefix with the gold precision, None when the year is unknown
    # (timeline name, line number in its file). Mentions on one line of the file are one
    # event; rows that share an order number are simultaneous but distinct events (every
    # undated event sits at order 0), so the order does not identify the event.
    line: tuple[str, int]


_QUOTE_TOKENS = {"``": '"', "''": '"'}


def _join(words: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """Detokenise and say where each token ended up."""
    spans: list[tuple[int, int]] = []
    text = ""
    for i, w in enumerate(words):
        piece = detokenize(words[: i + 1])
        # detokenize is incremental: the new text ends with the token (maybe after a space)
        start = len(piece) - len(w)
        spans.append((start, len(piece)))
        text = piece
    return text, spans


def read_tml(path: Path) -> TmlDocument:
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise TimelineError(f"{path}: not well-formed XML ({exc})") from None
    # Gold timelines cite documents by number ("16844-5-introducing"): take the number
    # from <DOCID> or, failing that, from the file name ("16844-Apple_unveils.tml").
    given = (root.findtext("DOCID") or "").strip()
    number = re.match(r"\d+", given) or re.match(r"\d+", path.name)
    docid = number.group(0) if number else given or re.split(r"[-_.]", path.name)[0]
    dct_el = root.find("DCT/TIMEX3")
    dct = dct_el.get("value") if dct_el is not None else None
    title = (root.findtext("EXTRAINFO") or "").strip() or None
    body = root.find("TEXT")
    if body is None:
        raise TimelineError(f"{path}: no <TEXT> element")
    parts: list[str] = []
    tokens: dict[int, list[tuple[str, int, int]]] = {}
    offset = 0
    for s in body.iter("s"):
        try:
            sid = int(s.get("id", ""))
        except ValueError:
            raise TimelineError(f"{path}: <s> without a numeric id") from None
        words = [_QUOTE_TOKENS.get(w, w) for w in "".join(s.itertext()).split()]
        if not words:
            continue
        sentence, spans = _join(words)
        if parts:
            offset += 1  # the newline between sentences
        tokens[sid] = [(w, offset + a, offset + b) for w, (a, b) in zip(words, spans, strict=True)]
        parts.append(sentence)
        offset += len(sentence)
    return TmlDocument(docid, title, dct, "\n".join(parts), tokens)


def _gold_date(value: str) -> str | None:
    """"2006-03-XX" -> "2006-03"; "XXXX-XX-XX" -> None."""
    out = []
    for part in value.strip().split("-"):
        if not part or "X" in part.upper():
            break
        out.append(part)
    if not out or len(out[0]) != 4:
        return None
    return "-".join(out)


def read_timelines(folder: Path) -> list[GoldMention]:
    mentions = []
    files = sorted(folder.glob("*.txt"))
    if not files:
        raise TimelineError(f"{folder}: no gold timelines (*.txt)")
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 3:
                continue  # the title line
            if not cols[0].strip().isdigit():
                raise TimelineError(f"{path}:{number}: line order is not a number")
            date = _gold_date(cols[1])
            for ref in cols[2:]:
                m = re.fullmatch(r"(\d+)-(\d+)-(.+)", ref.strip())
                if not m:
                    raise TimelineError(f"{path}:{number}: cannot read mention {ref!r}")
                mentions.append(
                    GoldMention(m.group(1), int(m.group(2)), m.group(3), date, (path.stem, number))
                )
    return mentions


def _locate(doc: TmlDocument, mention: GoldMention) -> int | None:
    """Character offset of the mention's first token, or None if it is not there."""
    toks = doc.tokens.get(mention.sentence)
    if not toks:
        return None
    want = [w.lower() for w in mention.token.split("_")]
    words = [t[0].lower() for t in toks]
    for i in range(len(words) - len(want) + 1):
        if words[i : i + len(want)] == want:
            return toks[i][1]
    # A phrasal verb split by its object ("took six months off" is gold "took_off"): the
    # first word, followed later in the sentence by the others in order.
    for i, word in enumerate(words):
        if word != want[0]:
            continue
        j = i + 1
        for part in want[1:]:
            while j < len(words) and words[j] != part:
                j += 1
            if j == len(words):
                break
            j += 1
        else:
            return toks[i][1]
    return None


@dataclass
class TimelineResult:
    documents: int
    gold_mentions: int
    dated_mentions: int
    date_correct: int
    uncovered: int  # mentions no claim covers
    pairs_gold: int
    pairs_found: int
    pairs_predicted: int
    pairs_correct: int
    seconds: float
    outside: int = 0  # gold mentions in documents the folder does not hold (left out)
    unreadable: list[str] = field(default_factory=list)  # one line per document skipped
    date_failures: Counter = field(default_factory=Counter)
    examples: list[dict] = field(default_factory=list)
    missed_pairs: list[dict] = field(default_factory=list)  # gold pairs in two groups
    wrong_pairs: list[dict] = field(default_factory=list)  # grouped pairs on no one line
    corpora: dict[str, TimelineResult] = field(default_factory=dict)  # when several

    @classmethod
    def pooled(cls, parts: dict[str, TimelineResult]) -> TimelineResult:
        """Several corpora, each run on its own, counted together (micro-averages)."""
        total = cls(**{name: sum(getattr(r, name) for r in parts.values()) for name in (
            "documents", "gold_mentions", "dated_mentions", "date_correct", "uncovered",
            "pairs_gold", "pairs_found", "pairs_predicted", "pairs_correct", "seconds",
            "outside")})
        for name, r in parts.items():
            total.date_failures.update(r.date_failures)
            total.unreadable.extend(r.unreadable)
            for attr in ("examples", "missed_pairs", "wrong_pairs"):
                getattr(total, attr).extend({"corpus": name, **row} for row in getattr(r, attr))
        total.corpora = dict(parts)
        return total

    @property
    def date_accuracy(self) -> float:
        return self.date_correct / self.dated_mentions if self.dated_mentions else 0.0

    @property
    def recall(self) -> float:
        return self.pairs_found / self.pairs_gold if self.pairs_gold else 0.0

    @property
    def precision(self) -> float:
        return self.pairs_correct / self.pairs_predicted if self.pairs_predicted else 0.0

    def as_dict(self) -> dict:
        return {
            "documents": self.documents,
            "gold_mentions": self.gold_mentions,
            "gold_mentions_outside_documents": self.outside,
            "unreadable_documents": self.unreadable,
            "date": {
                "mentions_with_year": self.dated_mentions,
                "correct": self.date_correct,
                "accuracy": round(self.date_accuracy, 4),
                "no_covering_claim": self.uncovered,
                "failures_by_kind": dict(self.date_failures),
            },
            "cross_document_grouping": {
                "gold_pairs": self.pairs_gold,
                "gold_pairs_grouped": self.pairs_found,
                "recall": round(self.recall, 4),
                "predicted_pairs": self.pairs_predicted,
                "predicted_pairs_correct": self.pairs_correct,
                "precision": round(self.precision, 4),
            },
            "seconds": round(self.seconds, 1),
            "date_failure_examples": self.examples,
            "missed_pair_examples": self.missed_pairs,
            "wrong_pair_examples": self.wrong_pairs,
            **({"corpora": {name: {k: v for k, v in r.as_dict().items() if "examples" not in k}
                            for name, r in self.corpora.items()}} if self.corpora else {}),
        }

    def summary(self) -> str:
        head = []
        for name, r in self.corpora.items():
            head += [f"{name}:", *("  " + line for line in r.summary().splitlines()), ""]
        if self.corpora:
            head.append(f"all {len(self.corpora)} corpora, each grouped on its own:")
        return "\n".join(
            head + [f"skipped {line}" for line in self.unreadable if not self.corpora] + [
                f"{self.documents} documents, {self.gold_mentions} gold mentions, "
                f"{self.seconds:.1f} s"
                + (f" ({self.outside} gold mentions in documents not in the folder left out)"
                   if self.outside else ""),
                f"date accuracy      {100 * self.date_accuracy:5.1f} %  "
                f"({self.date_correct}/{self.dated_mentions} mentions with a year; "
                f"{self.uncovered} not covered by any claim)",
                f"cross-doc recall   {100 * self.recall:5.1f} %  "
                f"({self.pairs_found}/{self.pairs_gold} gold pairs in one group)",
                f"cross-doc precision{100 * self.precision:6.1f} %  "
                f"({self.pairs_correct}/{self.pairs_predicted} grouped claim pairs on one line)",
            ]
        )


_TIMELINE_LINE = re.compile(r"^\d+\t")


def _looks_like_timelines(folder: Path) -> bool:
    """A folder of gold timelines: .txt files whose lines after the title start with an
    order number and a tab."""
    for path in sorted(folder.glob("*.txt"))[:3]:
        try:
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()[1:6]
        except OSError:
            continue
        if any(_TIMELINE_LINE.match(line) for line in lines):
            return True
    return False


def corpus_parts(folder: Path) -> tuple[Path, Path] | None:
    """(articles folder, timelines folder) of a corpus, or None if ``folder`` is none.

    The trial layout is ``documents/`` and ``timelines/``. The SemEval release names them
    otherwise (``corpus_trackA_TimeML/``, ``TimeLines_Gold_Standard/``), so any sub-folder
    holding ``.tml`` files and any holding timeline files will do; of several article
    folders the first by name is taken (track A, the raw text, before track B)."""
    if not folder.is_dir():
        return None
    if (folder / "documents").is_dir() and (folder / "timelines").is_dir():
        return folder / "documents", folder / "timelines"
    subs = sorted((p for p in folder.iterdir() if p.is_dir()), key=lambda p: p.name.lower())
    articles = [p for p in subs if next(p.glob("*.tml"), None) is not None]
    lines = [p for p in subs if _looks_like_timelines(p)]
    if articles and lines:
        return articles[0], lines[0]
    return None


def find_corpora(root: Path, depth: int = 2) -> list[Path]:
    """``root`` itself when it is a corpus (see :func:`corpus_parts`), else the corpora
    among its sub-folders, up to ``depth`` levels down (the evaluation data comes as
    several corpora side by side)."""
    if corpus_parts(root):
        return [root]
    found: list[Path] = []
    level = [root]
    for _ in range(depth):
        level = sorted(p for d in level for p in d.iterdir() if p.is_dir())
        is_corpus = {p: corpus_parts(p) is not None for p in level}  # reads a few files
        found = [p for p in level if is_corpus[p]]
        if found:
            break
        level = [p for p in level if not is_corpus[p]]
    if not found:
        raise TimelineError(
            f"{root}: expected documents/ and timelines/ folders (or sub-folders that hold them)")
    return found


def run(
    root: Path, reporter=None, db_path: Path | None = None, config=None
) -> TimelineResult:
    """Ingest, extract and group the corpus with the product, then score it. A folder of
    several corpora runs each in a database of its own (``db_path`` then gets the
    corpus name added) and pools the counts."""
    root = Path(root)
    if not root.is_dir():
        raise TimelineError(f"{root}: not a directory")
    corpora = find_corpora(root)
    if corpora == [root]:
        return _run_one(root, reporter, db_path, config)
    return TimelineResult.pooled({
        c.name: _run_one(c, reporter, db_path and db_path.with_name(
            f"{db_path.stem}-{c.name}{db_path.suffix}"), config) for c in corpora})


def _run_one(root: Path, reporter, db_path: Path | None, config) -> TimelineResult:
    started = time.perf_counter()
    parts = corpus_parts(root)
    if parts is None:
        raise TimelineError(f"{root}: expected documents/ and timelines/ folders")
    doc_dir, line_dir = parts
    paths = sorted(doc_dir.glob("*.tml"))
    if not paths:
        raise TimelineError(f"{doc_dir}: no .tml documents")
    docs: dict[str, TmlDocument] = {}
    unreadable: list[str] = []
    for p in paths:
        try:
            d = read_tml(p)
        except TimelineError as exc:  # one broken article must not stop the evaluation
            unreadable.append(str(exc))
            continue
        docs[d.docid] = d
    if not docs:
        raise TimelineError(f"{doc_dir}: no readable .tml documents ({unreadable[0]})")
    gold = read_timelines(line_dir)
    # A timeline may cite a document the folder does not hold (the trial data cites one):
    # nothing could cover its mentions, so they are left out and counted, not failed.
    outside = len({(g.docid, g.sentence, g.token) for g in gold if g.docid not in docs})
    gold = [g for g in gold if g.docid in docs]

    articles = [{"id": d.docid, "text": d.text, "title": d.title,
                 **({"published": d.dct} if d.dct else {})} for d in docs.values()]
    claims = build_claims(articles, reporter, db_path, config)
    result = _score(docs, gold, claims, time.perf_counter() - started)
    result.outside = outside
    result.unreadable = unreadable
    return result


def build_claims(articles: list[dict], reporter, db_path: Path | None,
                 config) -> dict[str, list[dict]]:
    """Run ``articles`` (JSON Lines rows: id, text, published, ...) through the product's
    ingest, extract and group stages, in ``db_path`` (kept, the articles written beside it
    as .jsonl, which its claims cite) or a temporary database; their claims by article id
    (``_claims_by_docid``)."""
    from ..db import connect
    from ..extract import extract_pending
    from ..group import regroup
    from ..ingest import ingest_paths

    with tempfile.TemporaryDirectory(prefix="workbench-eval-") as tmp:
        jsonl = db_path.with_suffix(".jsonl") if db_path else Path(tmp) / "articles.jsonl"
        with jsonl.open("w", encoding="utf-8") as fh:
            for row in articles:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        db = connect(db_path or Path(tmp) / "eval.db")
        try:
            ingest_paths(db, [jsonl], reporter=reporter)
            extract_pending(db, reporter=reporter)
            regroup(db, reporter=reporter, config=config)
            return _claims_by_docid(db)
        finally:
            db.conn.close()


def _claims_by_docid(db) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    rows = db.query(
        """
        SELECT d.external_id AS docid, c.id, c.char_start, c.char_end, c.text, c.date,
               c.date_precision, c.date_provenance, c.date_text, c.dated_parts,
               -- the fine event a claim reports (an entry holds several), else its group
               coalesce(m.event, -m.group_id) AS group_id
        FROM claims c JOIN documents d ON d.id = c.document_id
        LEFT JOIN group_members m ON m.claim_id = c.id
        """
    )
    for row in rows:
        row["dated_parts"] = json.loads(row["dated_parts"] or "[]")  # read once, not per mention
        out[str(row["docid"])].append(row)
    return out


def _where(line: tuple[str, int]) -> str:
    """A gold line as a reader finds it: "steve_jobs.txt:84"."""
    return f"{line[0]}.txt:{line[1]}"


def narrowest_claim(claims: list[dict], at: int) -> dict | None:
    """The narrowest of ``claims`` whose text covers document offset ``at``: a clause that
    is its own claim inside a longer one says more about the word than the sentence."""
    covering = [c for c in claims if c["char_start"] <= at < c["char_end"]]
    return min(covering, key=lambda c: (c["char_end"] - c["char_start"], c["id"]), default=None)


def date_at(claim: dict, at: int) -> tuple[str | None, str | None, str | None]:
    """(date, provenance, words) the claim gives the word at document offset ``at``: the
    narrowest of its dated parts that holds it, else the claim's own date."""
    parts = [p for p in claim.get("dated_parts") or [] if p["start"] <= at < p["end"]]
    if parts:
        p = min(parts, key=lambda p: p["end"] - p["start"])
        return p["date"], p["provenance"], p["text"]
    return claim["date"], claim["date_provenance"], claim["date_text"]


def date_failure(got: str | None, want: str, provenance: str | None) -> str | None:
    """None when a claim dated ``got`` carries the gold date ``want`` at its precision
    ("2006-03" is carried by 2006-03 and 2006-03-28, not by 2006 or 2006-04); else what
    went wrong, in words, with the claim's date provenance."""
    if got and len(got) >= len(want) and got.startswith(want):
        return None
    if not got:
        return "claim has no date"
    if got[:4] != want[:4]:
        return f"wrong year ({provenance})"
    if len(got) < len(want):
        return f"too coarse ({provenance})"
    return f"wrong month/day ({provenance})"


def _score(docs, gold: list[GoldMention], claims, seconds: float) -> TimelineResult:
    covering: dict[GoldMention, dict | None] = {}
    where: dict[GoldMention, int] = {}  # the mention's offset in its document
    for g in gold:
        doc = docs.get(g.docid)
        at = _locate(doc, g) if doc else None
        claim = None
        if at is not None:
            claim = narrowest_claim(claims.get(g.docid, []), at)
            where[g] = at
        covering[g] = claim

    # Dates: each distinct (mention, date) once, even if several timelines list it.
    dated = {(g.docid, g.sentence, g.token, d): (g, d) for g in gold if (d := g.date)}
    correct = uncovered = 0
    failures: Counter = Counter()
    examples: list[dict] = []
    for g, want in dated.values():
        c = covering[g]
        if c is None:
            uncovered += 1
            failures["no claim covers the mention"] += 1
            continue
        got, provenance, words = date_at(c, where[g])
        kind = date_failure(got, want, provenance)
        if kind is None:
            correct += 1
            continue
        failures[kind] += 1
        if len(examples) < 40:
            examples.append(
                {
                    "mention": f"{g.docid}-{g.sentence}-{g.token}",
                    "gold": g.date,
                    "claim_date": got,
                    "provenance": provenance,
                    "date_text": words,
                    "claim": c["text"][:200],
                    "published": docs[g.docid].dct,
                }
            )

    # Cross-document pairs of gold mentions on one line.
    by_line: dict[tuple[str, int], set[tuple[str, int, str]]] = defaultdict(set)
    lines_of_claim: dict[int, set[tuple[str, int]]] = defaultdict(set)
    by_key: dict[tuple[str, int, str], GoldMention] = {}
    for g in gold:
        key = (g.docid, g.sentence, g.token)
        by_line[g.line].add(key)
        by_key.setdefault(key, g)
        c = covering[g]
        if c is not None:
            lines_of_claim[c["id"]].add(g.line)
    gold_pairs: set[frozenset] = set()
    for keys in by_line.values():
        for a, b in combinations(sorted(keys), 2):
            if a[0] != b[0]:
                gold_pairs.add(frozenset((a, b)))

    def side(key, c) -> dict:
        return {"mention": "-".join(map(str, key)), "group": c["group_id"] if c else None,
                "claim_date": c["date"] if c else None, "claim": c["text"][:200] if c else None}

    found = 0
    missed: list[dict] = []
    for pair in sorted(gold_pairs, key=sorted):
        a, b = sorted(pair)
        ca, cb = covering[by_key[a]], covering[by_key[b]]
        if ca is not None and cb is not None and ca["group_id"] is not None:
            if ca["group_id"] == cb["group_id"]:
                found += 1
                continue
        if len(missed) < 40:
            missed.append({"line": _where(by_key[a].line), "gold": by_key[a].date,
                           "a": side(a, ca), "b": side(b, cb)})

    claim_rows = {c["id"]: (docid, c) for docid, cs in claims.items() for c in cs}
    by_group: dict[int, list[int]] = defaultdict(list)
    for cid in lines_of_claim:
        group = claim_rows[cid][1]["group_id"]
        if group is not None:
            by_group[group].append(cid)
    predicted = correct_pairs = 0
    wrong: list[dict] = []
    for members in by_group.values():
        for x, y in combinations(sorted(members), 2):
            if claim_rows[x][0] == claim_rows[y][0]:
                continue
            predicted += 1
            if lines_of_claim[x] & lines_of_claim[y]:
                correct_pairs += 1
            elif len(wrong) < 40:
                wrong.append({"group": claim_rows[x][1]["group_id"], "claims": [
                    {"document": claim_rows[z][0],
                     "lines": sorted(_where(line) for line in lines_of_claim[z]),
                     "claim_date": claim_rows[z][1]["date"],
                     "claim": claim_rows[z][1]["text"][:200]} for z in (x, y)]})

    return TimelineResult(
        documents=len(docs),
        gold_mentions=len({(g.docid, g.sentence, g.token) for g in gold}),
        dated_mentions=len(dated),
        date_correct=correct,
        uncovered=uncovered,
        pairs_gold=len(gold_pairs),
        pairs_found=found,
        pairs_predicted=predicted,
        pairs_correct=correct_pairs,
        seconds=seconds,
        date_failures=failures,
        examples=examples,
        missed_pairs=missed,
        wrong_pairs=wrong,
    )
