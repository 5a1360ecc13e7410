"""Everything the reviewer needs to judge one group, read in one go."""

from __future__ import annotations

import collections
import re
import sqlite3
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ..dates.entry import EVIDENCE, OCCASION_NOTE, PUBLISHED
from ..dates.expressions import base_as_now, weekday_slip
from ..dates.published import guessed_from, published_label, text_guess
from ..db import current_claim_ids, loads
from ..group.conflicts import COURSE
from ..group.rank import Ranking, ranking
from ..text import SINCE_RESOLVED, count_of
from .actions import DECISIONS

if TYPE_CHECKING:  # imported when first needed (load_extras): the detail shows first
    from ..group.conflicts import RunningCount
    from .spellings import NameVariants
    from .suggest import Suggestion

# A paragraph longer than this is shown as a window around the claim instead.
MAX_CONTEXT = 700


def document_name(title: str | None, path: str) -> str:
    """What a document is called on screen: its title, or else its file name. (The queries
    give an untitled document's external id as its title: a JSON Lines record's "id",
    "2010-01-23/1042.htm.txt", says which article "haiti_bbc.jsonl:214" is.)"""
    return title or path.rsplit("/", 1)[-1]


# a saying dated apart from what it reports (``extract.claims.date_sayings``): the day
# it was said, in words, by the part's provenance
SAYING_DAYS = {"document": "the day of publication",
               "carried": "the day its paragraph or the story's lead names"}


@dataclass(frozen=True)
class DatedPart:
    """A phrase of a claim that a date of its own places ("the 1995 shooting"), not the
    claim's date: the date and the words of the claim it dates."""
    date: str
    provenance: str
    date_text: str | None
    words: str

    @property
    def saying(self) -> str | None:
        """For a saying ("said" in "said that his company sold ... last year"), which day
        it was said, in words; None for a phrase a date expression places."""
        return SAYING_DAYS.get(self.provenance) if self.date_text is None else None


@dataclass(frozen=True)
class ClaimView:
    id: int
    document_id: int
    doc_title: str
    doc_path: str
    doc_source: str | None
    doc_published: str | None
    text: str
    date: str | None
    date_precision: str | None
    date_provenance: str
    date_text: str | None
    date_base: str | None
    speaker: str | None
    reporting_verb: str | None
    similarity: float
    pinned: bool
    char_start: int
    char_end: int
    context: str  # the paragraph around the claim
    context_start: int  # where the claim starts inside ``context``
    context_end: int
    context_cut: tuple[bool, bool] = (False, False)  # the paragraph goes on before, after
    # the source's own date when the group made ``date`` sharper (a "2003" dated to the
    # day other sources give), else None
    stated_date: str | None = None
    stated_provenance: str | None = None
    stated_by: int = 0  # for such a claim: other documents in the group that state the day
    # "published 2025-05-22 (inferred from ...)": a guessed date reads as one
    doc_published_label: str | None = None
    dated_parts: tuple[DatedPart, ...] = ()
    # the fine event the claim reports inside its entry (``group_members.event``: claims
    # that report the same thing share it)
    event: int | None = None
    # for the first claim of a fine event that more than one claim reports, when the entry
    # holds other fine events too: how many claims report it, and from how many documents
    # (``by_report``); 1 for the first of the claims that report what no other claim does,
    # after such events; 0 elsewhere
    report_claims: int = 0
    report_sources: int = 0
    # the source names a weekday its date does not fall on ("says Monday, but 2025-06-03
    # is a Tuesday"): taken out of ``date_base``, shown apart as a warning
    date_slip: str | None = None
    # came into the group with new evidence after the reviewer decided on it
    new_since_decided: bool = False

    @property
    def doc_name(self) -> str:
        return document_name(self.doc_title, self.doc_path)

    @property
    def doc_published_guessed(self) -> bool:
        """Is the article's publication date a guess (its label says what from)?"""
        return self.doc_published_label not in (None, f"published {self.doc_published}")

    @property
    def published_too_early(self) -> str | None:
        """When the article's publication date is a guess and this claim, told as part
        of an occasion (``carried``), is dated after it, a warning in words: an article
        reports what has happened, so it was published later than guessed (seed 002,
        guessed 16 May from the latest date it names, reports the talks of June 2)."""
        if (self.doc_published_guessed and self.doc_published and len(self.doc_published) == 10
                and self.date and len(self.date) == 10
                and self.date_provenance == "carried" and self.date > self.doc_published):
            return (f"told as past, yet after its guessed publication date "
                    f"{self.doc_published}: published later? (o, then d corrects it)")
        return None


@dataclass(frozen=True)
class ConflictValue:
    value: str
    claim_ids: tuple[int, ...]
    sources: tuple[str, ...]  # document titles that give this value
    since: tuple[int, ...] = ()  # its claims that came after the reviewer chose another


@dataclass(frozen=True)
class ConflictView:
    id: int
    kind: str
    subject: str
    values: tuple[ConflictValue, ...]
    resolution: str | None
    # a count's course the reviewer settled as counting different things (its figures
    # are no values to choose between: ``group.conflicts.course_conflict``)
    course: bool = False

    @property
    def since(self) -> int:
        """Reports that came after the reviewer's choice and give another value."""
        return sum(len(v.since) for v in self.values)


@dataclass(frozen=True)
class GroupDetail:
    id: int
    title: str
    status: str
    event_date: str | None
    date_precision: str | None
    sources: int
    note: str | None
    edited: tuple[str, ...]
    changed_since_review: bool
    version: int
    conflicts: tuple[ConflictView, ...]
    claims: tuple[ClaimView, ...]
    # read after the rest (see load_extras): the groups suggested for a merge, and the
    # names of people this group spells differently from other groups
    suggestions: tuple[Suggestion, ...] = ()
    name_variants: tuple[NameVariants, ...] = ()
    # counts its reports give larger day by day: told again as they grew, no conflict
    running: tuple[RunningCount, ...] = ()
    reported: bool = False  # dated only by the day its first report was published
    # ... and that day is itself a guess: no report published on it states its date
    reported_guess: bool = False
    # ... while its claims' own stories (their article's lead, or a sentence just before)
    # place them on other days: the days a reviewer may date it by (``d``), most told first
    story_days: tuple[str, ...] = ()
    ranking: Ranking | None = None  # why it ranks where it does (read after the rest)
    # what changed a decided group since its decision: claims came in, or only the
    # dates its claims read (a corrected publication date; "new evidence" said more)
    only_redated: bool = False
    # ... and the date the entry had when it was decided, if that moved with them
    date_was: str | None = None
    # what the reviewer had decided, for a decided group new evidence sent back to the
    # queue ("accepted"), else None
    was_status: str | None = None


@dataclass(frozen=True)
class DetailExtras:
    group_id: int
    suggestions: tuple[Suggestion, ...]
    name_variants: tuple[NameVariants, ...]
    ranking: Ranking | None = None
    running: tuple[RunningCount, ...] = ()


def load_extras(conn: sqlite3.Connection, group_id: int) -> DetailExtras:
    """What the detail shows beside the group that looks at other groups or reads its
    claims' figures: suggested merges, names spelled otherwise elsewhere and counts told
    again as they grew (a second read, so the group shows first)."""
    from ..group import counts_as_they_grew
    from .spellings import name_variants
    from .suggest import suggest_merges

    return DetailExtras(
        group_id, tuple(suggest_merges(conn, group_id)), tuple(name_variants(conn, group_id)),
        ranked(conn, group_id), tuple(counts_as_they_grew(conn, group_id)),
    )


def ranking_words(r: Ranking) -> str:
    """Why an entry ranks where it does, in words: "importance 0.97: 2009-06-25 is named by
    28 articles in their own words; 0 articles were published that day, 2 the day after"."""
    head = f"importance {r.importance:.2f}: "
    if r.day is None:  # undated, or dated to a month or a year: no day's counts
        return head + f"no day, ranked by its {count_of(r.sources, 'source')} alone"
    were = "was" if r.published_on == 1 else "were"
    # every count says what it counts: "19 were published on it" after "named by 21
    # articles" read to a tester as 19 of those 21
    published = f"{count_of(r.published_on, 'article')} {were} published that day"
    if r.published_on and not r.given:
        published += " (a day guessed from their text)"
    after = f"{r.published_after} the day after"
    if r.only_published:
        why = (f"no report names {r.day} in its own words; it is the day "
               f"{count_of(r.published_on, 'article')} {were} published (a lead tells what "
               f"happened then), {after}")
    elif not r.mentions:
        why = f"no report names {r.day} in its own words; {published}, {after}"
    else:
        own = "its" if r.mentions == 1 else "their"  # ("named by 1 article in their own")
        why = (f"{r.day} is named by {count_of(r.mentions, 'article')} in {own} own words; "
               f"{published}, {after}")
    place = f" · the day's entry no. {r.place + 1}" if r.place else ""
    return head + why + place


def ranked(conn: sqlite3.Connection, group_id: int) -> Ranking | None:
    """Why an entry stands where it does in the queue sorted by importance: the counts
    behind its importance (``group.rank.ranking``), with the importance it has and its
    place among its day's entries as the queue orders them now."""
    found = ranking(conn, group_id)
    row = conn.execute("SELECT importance, event_date, date_precision FROM groups "
                       "WHERE id = ?", [group_id]).fetchone()
    if found is None or row is None:
        return found
    importance, day, precision = row
    place = conn.execute(
        "SELECT count(*) FROM groups WHERE background = 0 AND event_date = ? "
        "AND date_precision = 'day' AND status != 'rejected' "
        "AND (importance > ? OR (importance = ? AND id < ?))",
        [day, importance, importance, group_id]).fetchone()[0] if precision == "day" else 0
    return replace(found, importance=importance or 0.0, place=place)


def _dated_parts(text: str, start: int, parts: list[dict[str, Any]]) -> tuple[DatedPart, ...]:
    """The claim's dated parts, each with the words of the claim it covers."""
    out = []
    for p in parts:
        words = " ".join(text[max(0, p["start"] - start): max(0, p["end"] - start)].split())
        if words:
            out.append(DatedPart(p["date"], p["provenance"], p.get("text"), words))
    return tuple(out)


def paragraph(text: str, start: int, end: int) -> tuple[str, int, int]:
    """The paragraph of ``text`` holding ``[start, end)``, and the span inside it.

    Paragraphs are separated by blank lines; a corpus that puts one sentence per line and
    no blank lines would make the "paragraph" the whole article, so a too-long paragraph
    falls back to a window of whole lines around the claim.
    """
    ctx, s, e, _cut = paragraph_cut(text, start, end)
    return ctx, s, e


def paragraph_cut(text: str, start: int, end: int) -> tuple[str, int, int, tuple[bool, bool]]:
    """:func:`paragraph`, and whether the window cut its paragraph before and after the
    text shown (the reader is told: "receiving psychological and medical" read as the
    paragraph's end)."""
    # the paragraph's ends are looked for no further than a window needs (a paragraph of
    # megabytes is searched, and copied, once a claim otherwise)
    reach = max(MAX_CONTEXT, end - start) + 2
    lo = text.rfind("\n\n", max(0, start - reach), start)
    lo = (0 if start <= reach else max(0, start - reach)) if lo < 0 else lo + 2
    hi = text.find("\n\n", end, end + reach)
    hi = (len(text) if end + reach >= len(text) else end + reach) if hi < 0 else hi
    whole = (lo, hi)
    if hi - lo > MAX_CONTEXT:
        budget = max(80, (MAX_CONTEXT - (end - start)) // 2)
        wlo, whi = max(lo, start - budget), min(hi, end + budget)
        # Trim the partial lines at both ends of the window so it shows whole sentences.
        cut = text.find("\n", wlo, start)
        lo = cut + 1 if cut >= 0 else _word_start(text, wlo, start)
        cut = text.rfind("\n", end, whi)
        hi = cut if cut >= 0 else _word_end(text, whi, end)
    shown = text[lo:hi]
    # cut where only blank space is left out is no cut (a paragraph going on past the
    # ends looked for is cut)
    before = whole[0] > 0 and text[whole[0] - 2:whole[0]] != "\n\n" or bool(
        _NOT_SPACE.search(text, whole[0], lo))
    after = whole[1] < len(text) and text[whole[1]:whole[1] + 2] != "\n\n" or bool(
        _NOT_SPACE.search(text, hi, whole[1]))
    return shown, start - lo, end - lo, (before, after)


_NOT_SPACE = re.compile(r"\S")


def _word_start(text: str, at: int, limit: int) -> int:
    """``at``, moved forward to the start of a word (never past ``limit``, the claim)."""
    if at <= 0 or text[at - 1].isspace():
        return at
    space = next((i for i in range(at, limit) if text[i].isspace()), None)
    return space + 1 if space is not None else at


def _word_end(text: str, at: int, limit: int) -> int:
    """``at``, moved back to the end of a word (never before ``limit``, the claim's end)."""
    if at >= len(text) or text[at].isspace():
        return at
    space = next((i for i in range(at - 1, limit - 1, -1) if text[i].isspace()), None)
    return space if space is not None else at


_SENTENCE_END = tuple('.!?:;"\'\u201d\u2019)]')
_LIST_ITEM = re.compile(r"\s*(?:[-*\u2022\u2013\u2014]\s|\d+[.)]\s)")
SHORT_LINE = 60  # a line this short that ends without punctuation is a heading or a byline


def readable_context(text: str) -> str:
    """``text`` with soft line wraps turned into spaces and real line breaks kept: after a
    sentence end, around a heading, after a short line (a tweet's signature) and around
    list items. The result has the same length, so spans into ``text`` still fit."""
    lines = text.split("\n")
    out = [lines[0]]
    for prev, line in zip(lines, lines[1:], strict=False):
        tail = prev.rstrip()
        head = line.strip()
        hard = (not tail or not head or tail.endswith(_SENTENCE_END) or len(tail) < SHORT_LINE
                or bool(_LIST_ITEM.match(line))
                # a heading after a line, or a new line after a list item
                or (head[0].isupper() and (_LIST_ITEM.match(prev) or (
                    len(head) < SHORT_LINE and not head.endswith(_SENTENCE_END)))))
        out.append(("\n" if hard else " ") + line)
    return "".join(out)


def load_detail(conn: sqlite3.Connection, group_id: int) -> GroupDetail | None:
    g = conn.execute(
        "SELECT id, title, status, event_date, date_precision, sources, note, edited, "
        "changed_since_review, version, date_basis FROM groups WHERE id = ?",
        [group_id],
    ).fetchone()
    if g is None:
        return None
    rows = conn.execute(
        """
        SELECT c.id, c.document_id, coalesce(d.title, d.external_id, ''), d.path, d.source,
               d.published,
               c.text, c.date, c.date_precision, c.date_provenance, c.date_text, c.date_base,
               c.speaker, c.reporting_verb, m.similarity, m.pinned, c.char_start, c.char_end,
               c.stated_date, c.stated_provenance, d.published_provenance,
               d.published_evidence, c.dated_parts, m.event
        FROM group_members m JOIN claims c ON c.id = m.claim_id
        JOIN documents d ON d.id = c.document_id
        WHERE m.group_id = ?
        ORDER BY c.date IS NULL, c.date, d.published IS NULL, d.published,
                 c.document_id, c.char_start
        """,
        [group_id],
    ).fetchall()
    claims = []
    titles: dict[int, str] = {}
    # each article's text read once, not once a claim: 914 claims of one 2.4 MB paragraph
    # held 2.2 GB and took 18 s before the entry showed
    texts = dict(conn.execute(
        "SELECT id, text FROM documents WHERE id IN (SELECT c.document_id FROM group_members m "
        "JOIN claims c ON c.id = m.claim_id WHERE m.group_id = ?)", [group_id]).fetchall())
    for r in rows:
        ctx, cs, ce, cut = paragraph_cut(texts[r[1]], r[16], r[17])
        base, slip = weekday_slip(r[11])
        base = base_as_now(base, r[5])
        titles[r[1]] = document_name(r[2], r[3])
        claims.append(
            ClaimView(
                id=r[0],
                document_id=r[1],
                doc_title=r[2],
                doc_path=r[3],
                doc_source=r[4],
                doc_published=r[5],
                text=r[6],
                date=r[7],
                date_precision=r[8],
                date_provenance=r[9],
                date_text=r[10],
                date_base=base,
                date_slip=slip,
                speaker=r[12],
                reporting_verb=r[13],
                similarity=r[14],
                pinned=bool(r[15]),
                char_start=r[16],
                char_end=r[17],
                context=ctx,
                context_start=cs,
                context_end=ce,
                context_cut=cut,
                stated_date=r[18],
                stated_provenance=r[19],
                doc_published_label=published_label(r[5], r[20], r[21]),
                dated_parts=_dated_parts(r[6], r[16], loads(r[22], [])),
                event=r[23],
            )
        )
    # who states the day a group gave a claim (its sources' own dates, never a given one)
    stating: dict[str, set[int]] = {}
    for c in claims:
        if c.date and not c.stated_provenance and c.date_provenance in EVIDENCE:
            stating.setdefault(c.date, set()).add(c.document_id)
    claims = [replace(c, stated_by=len(stating.get(c.date or "", set()) - {c.document_id}))
              if c.stated_provenance else c for c in claims]
    redating = _redating(conn, group_id, bool(g[8]))
    came_in = redating.pop("added")
    if came_in:
        claims = [replace(c, new_since_decided=True) if c.id in came_in else c
                  for c in claims]
    claims = by_report(claims)
    doc_of_claim = {c.id: c.document_id for c in claims}
    conflicts = []
    for cid, kind, subject, values_json, resolution in conn.execute(
        'SELECT id, kind, subject, "values", resolution FROM conflicts '
        "WHERE group_id = ? ORDER BY id",
        [group_id],
    ):
        values = []
        course = False
        for v in loads(values_json, []):
            course = course or bool(v.get(COURSE))
            docs = v.get("document_ids") or [
                doc_of_claim[c] for c in v.get("claim_ids", []) if c in doc_of_claim
            ]
            names = tuple(dict.fromkeys(titles.get(d) or _doc_name(conn, d) for d in docs))
            values.append(ConflictValue(str(v.get("value")), tuple(v.get("claim_ids", [])),
                                        names, tuple(v.get(SINCE_RESOLVED, []))))
        conflicts.append(ConflictView(cid, kind, subject, tuple(values), resolution, course))
    return GroupDetail(
        id=g[0],
        title=g[1],
        status=g[2],
        event_date=g[3],
        date_precision=g[4],
        sources=g[5],
        note=g[6],
        edited=tuple(loads(g[7], [])),
        changed_since_review=bool(g[8]),
        version=g[9],
        conflicts=tuple(conflicts),
        claims=tuple(claims),
        reported=g[10] == PUBLISHED,
        reported_guess=g[10] == PUBLISHED and not any(
            r[5] == g[3] and r[20] == "given" for r in rows),
        story_days=_story_days(claims, g[3]) if g[10] == PUBLISHED else (),
        **redating,
    )


def _story_days(claims: list[ClaimView], date: str | None) -> tuple[str, ...]:
    """The days other than ``date`` that the claims' own articles place them on (a date
    ``carried`` from the story's lead or a sentence just before, not from this entry),
    most claims first: a split-off claim "carried ... 'Saturday' = 2010-01-16" in an entry
    dated "2010-01-17, reported: no source states it" read as a contradiction."""
    told = collections.Counter(
        c.date for c in claims
        if c.date and c.date != date and c.date_provenance == "carried"
        and not (c.date_base or "").startswith(OCCASION_NOTE))
    return tuple(day for day, _ in told.most_common())


# the reviewer's actions that decide on an entry (and answer "new evidence arrived"), one
# at a time or many at once (``actions.decide_many`` logs "accept-many", "skip-many", ...)
_DECIDING = (*DECISIONS, *(f"{d}-many" for d in DECISIONS))


def _redating(conn: sqlite3.Connection, group_id: int, changed: bool) -> dict[str, Any]:
    """``only_redated``, ``date_was`` and ``was_status`` of a group changed since review,
    and the claims that came in since (``added``): did only the dates its claims read
    change it since its decision (no claim came in), what was its date then, and what had
    the reviewer decided? From the workbench's notes since the reviewer last decided on
    it (a claim dropped or a conflict resolved since is no decision: the claims that came
    in stay marked, as a tester dropping one of five found the other four unmarked)."""
    if not changed:
        return {"only_redated": False, "date_was": None, "was_status": None,
                "added": set()}
    last = conn.execute(
        "SELECT max(id) FROM decisions WHERE group_id = ? AND reviewer != 'workbench' "
        f"AND undone = 0 AND action IN ({', '.join('?' * len(_DECIDING))})",
        [group_id, *_DECIDING]).fetchone()[0] or 0
    logged = [(loads(b, {}), loads(a, {})) for b, a in conn.execute(
        "SELECT before, after FROM decisions WHERE group_id = ? AND reviewer = 'workbench' "
        "AND action = 'new-evidence' AND id > ? ORDER BY id", [group_id, last])]
    notes = [a for _, a in logged]
    was = next((n["date_was"] for n in notes if n.get("date_was")), None)
    status = next((b["status"] for b, a in logged if "added_claims" in a
                   and b.get("status") in ("accepted", "rejected")), None)
    now = current_claim_ids(conn)
    return {"only_redated": bool(notes) and not any("added_claims" in n for n in notes),
            "date_was": _shown_date(*was) if was else None, "was_status": status,
            "added": {now(c) for n in notes for c in n.get("added_claims", [])}}


def _shown_date(value: str | None, precision: str | None) -> str:
    return f"{value} ({precision})" if value else "undated"


def by_report(claims: list[ClaimView]) -> list[ClaimView]:
    """An entry's claims with those that report the same fine event together: the fine
    event most sources report first (then the one with most claims, then the earliest), each
    in the order given (by date, then publication). A 330-claim day of a big story then
    reads as what its sources report, not as 330 sentences in date order. The first claim
    of each fine event reported more than once carries its counts (``report_claims``,
    ``report_sources``) when the entry holds more than one fine event, and so does the first
    of the claims told once after them (1, 1)."""
    runs: dict[object, list[ClaimView]] = {}
    for i, c in enumerate(claims):
        runs.setdefault(c.event if c.event is not None else ("alone", i), []).append(c)
    if len(runs) < 2:
        return claims
    order = sorted(runs.values(), key=lambda run: (
        -len({c.document_id for c in run}), -len(run)))  # stable: the earliest first
    if len(order[0]) == 1:
        return claims  # every claim tells its own: no sections
    out: list[ClaimView] = []
    told_once = False  # the claims told once come last, under one heading
    for run in order:
        if len(run) > 1 or not told_once:
            told_once = len(run) == 1
            run = [replace(run[0], report_claims=len(run),
                           report_sources=len({c.document_id for c in run})), *run[1:]]
        out += run
    return out


def _doc_name(conn: sqlite3.Connection, document_id: int) -> str:
    row = conn.execute("SELECT coalesce(title, external_id), path FROM documents WHERE id = ?",
                       [document_id]).fetchone()
    return document_name(*row) if row else f"document {document_id}"


@dataclass(frozen=True)
class DocumentView:
    id: int
    title: str
    path: str
    source: str | None
    url: str | None
    published: str | None
    text: str
    published_label: str | None = None  # "published ... (inferred from ...)", see dates.published
    published_provenance: str | None = None
    published_guess: str | None = None  # what a guessed date was inferred from (guessed_from)
    # a guess raised to an occasion's day (dates.published.reporting_floors): what its text
    # alone gave ("2025-05-22"; "" for nothing); None for any other date
    text_guess: str | None = None

    @property
    def name(self) -> str:
        return document_name(self.title, self.path)


def load_document(conn: sqlite3.Connection, document_id: int) -> DocumentView | None:
    r = conn.execute(
        "SELECT id, coalesce(title, external_id, ''), path, source, url, published, text, "
        "published_provenance, published_evidence FROM documents WHERE id = ?",
        [document_id],
    ).fetchone()
    if r is None:
        return None
    doc_id, title, path, source, url, published, text, provenance, evidence = r
    guess = guessed_from(provenance, evidence)
    alone = text_guess(published, evidence)
    return DocumentView(doc_id, title, path, source, url, published, text,
                        published_label=published_label(published, provenance, evidence,
                                                        guessed=guess),
                        published_provenance=provenance, published_guess=guess,
                        text_guess=(alone[0] or "") if alone[1] != evidence else None)
