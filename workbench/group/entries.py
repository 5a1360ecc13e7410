"""Chronology entries: the occasions a reviewer decides on, built from the articles.

The engine (``engine.cluster``) finds *fine events*: claims that report the same thing
("the sides agreed to swap 6,000 bodies"; "the talks lasted over an hour"). A reviewer
builds a chronology of *occasions* ("2 June 2025: second round of talks in Istanbul"), so
the reviewer's unit, a group, is an **entry**: every claim that reports one occasion. Each
claim keeps its fine event (``group_members.event``), so conflicts still compare like with
like and ``eval ecbplus`` still scores the finer level.

Properties of English news decide it, none fitted to one example:

- **A happening is told in the past.** A claim told in the present or the future ("the
  stakes have never been higher", "Istanbul committees reach agreement", "peace remains
  elusive"), or a quotation so told ("'This is a big deal,' noted Haring"), is commentary,
  a headline or a plan: **background**, kept in groups of its own that the default queue
  hides, one key away (``Claim.aspect``).
- **An article tells its occasions in blocks** (``_blocks``): a sentence with no day of its
  own continues the sentence before it when it stands in the same paragraph, names the
  same kind of event or quotes a speaker the block already quotes (a reporter follows one
  speaker's account over several paragraphs: "Haring emphasized ..." then "'... pretty
  seamlessly,' noted Haring"), and otherwise belongs to the article's lead occasion (its first
  happening dated to a day), unless it opens another occasion ("Meanwhile, ...", which
  the next paragraphs continue until a dated sentence) or is told in the past perfect
  ("had accused": before the occasion). A **follow-up** (its lead more than ``LEAD_DAYS``
  older than the article, and told by other reports too: "the quake of 12 January", told
  on the 24th) is the exception: its undated sentences tell what happened since, one
  block of their own that joins no entry dated outside the ``LEAD_DAYS`` before it, and
  neither does an undated block of another article that joined it. A **collection**
  (a page of more than ``COLLECTION_CLAIMS`` claims: readers' comments, a blog with its
  comments, a family-history forum, radio listings, a live page, a column) is the
  other exception: its lead tells nothing of its later pieces, so an undated paragraph
  that continues nothing before it is a piece of its own, and pieces that join no entry
  are background (a page of 1,334 readers' sentences on idioms made one entry of 738
  claims, ninth in its story's queue).
- **Blocks of one day are one occasion across articles** when they report a fine event in
  common. A kind of event or a name they share is not enough: on a busy day many occasions
  of one kind are told, with the same names (ECB+ with every article published on one day,
  the "one day" collections of ``eval ecbplus --claims``). An undated block joins the
  entry its claims share most fine events with, if at least two links do (among articles
  with no date at all, given or guessed, two links into other articles' blocks count
  together, wherever they fall, when they reach at most one dated entry: time cannot tell
  their occasions apart, and the one copy that names a day dates the others; two reports
  that name the same weekday nothing places, "sentenced Saturday", are two links), or one
  whose day lies inside the month or year the block's own words give; never one whose day
  lies outside them (a history told beside the news: "killed 1,600 in 1918", in a report
  on a 2010 quake).
  ``group.regroup`` builds the entries unit by unit (``engine.cluster``): the subject is a
  unit's, and no entry crosses two units.

A block's day is its sources' day: its claims' own dates, the day a corpus gives a weekday
or a month (``grouping_dates``), the dated occasion a sentence refers back to
(``occasions``); but a claim whose fine event at least two other articles date to another
day takes theirs (001's "May 22nd" sits with the June 2 talks other sources date), and so
do the sentences of its article that refer back to it ("these talks"). A block dated on a
day no other article tells joins the block of a close day whose fine events two of its
claims report (one source's misdating of that occasion): of several, the one its claims
report most, never a chain of them. A day other articles tell too is an occasion of its
own, and so is the day an article reports as its news (read against a publication date
its source gave, that day or the one before: a trial's Thursday, told on Thursday).
Everything here is a pure function of the claims; ``group.regroup`` calls ``entries``.
"""

from __future__ import annotations

import bisect
import collections
import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ..dates.entry import days_news, own_date, stated
from ..dates.expressions import (
    LEAD_DAYS,
    RECENT_DAYS,
    compatible,
    opens_another_occasion,
    weekday_of,
)
from .engine import Cluster
from .frames import kind_of

# More claims than any one report holds: the longest news reports of the dev corpora run
# to about 140 (TimeML 74, the seeds 36, Timeline17's 141 and 102), and every Timeline17
# page of more than 200 is a collection: readers' comments (1,334, 544, 444, 391, 221
# claims), a family-history forum (2,042), radio listings (385-504), live pages (335, 303,
# 225), a page of several stories (247), a compilation (240), a column (259). Counted in
# claims, not happenings: a comments page tells opinions in the present (444 claims, 70
# happenings). Every dev measure is the same with a cut at 150 or 200 claims, or at 60,
# 100 or 150 happenings (docs/QUALITY.md, session 46).
COLLECTION_CLAIMS = 200


@dataclass
class Entry:
    """An occasion: indices into the claims, with each member's fine event."""

    members: list[int]
    similarity: list[float]
    fixed: int | None = None
    events: list[int] = field(default_factory=list)  # per member: its fine event's key
    background: bool = False
    joins: int | None = None  # new claims of the occasion a reviewer decided on: its group


def happening(claim: dict[str, Any]) -> bool:
    """Is the claim told as something that happened? (``aspect`` is null for claims
    extracted before aspects were kept: they count as happenings until re-extracted.)"""
    return claim.get("aspect") in (None, "past", "earlier")


class _Union:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _paragraphs(doc_texts: dict[str, str]) -> dict[str, list[int]]:
    """Where each document's lines start: a claim's paragraph is the line it starts on."""
    out = {}
    for doc, text in doc_texts.items():
        starts = [0]
        pos = text.find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = text.find("\n", pos + 1)
        out[doc] = starts
    return out


@dataclass
class _Block:
    claims: list[int]  # indices into the claims
    day: str | None = None
    speakers: set[str] = field(default_factory=set)  # whom its claims quote
    since: str | None = None  # a follow-up's publication day: it tells what happened since
    held: list[int] = field(default_factory=list)  # its claims in entries a reviewer decided
    piece: bool = False  # a collection's undated piece, which its lead does not tell


def _own_day(c: dict[str, Any], day_hint: dict[int, str]) -> str | None:
    """The day a claim's own words give (or the corpus gives its weekday or month, or the
    dated occasion it refers back to)."""
    if own_date(c):
        date = stated(c)["date"]
        if len(date) == 10:
            return date
    return day_hint.get(c["id"])


def _claim_days(told: list[int], claims: list[dict[str, Any]], fine: list[Cluster],
                fine_of: dict[int, int], day_hint: dict[int, str]) -> dict[int, str | None]:
    """Each happening's day: its own, unless the other articles that report its fine event
    agree on another day (at least two of them): then theirs, and the disagreement is the
    entry's date conflict. A sentence that refers back to that occasion ("these talks",
    after "the delegations convened ... on May 22nd", which other reports date June 2) is
    on the day the occasion is placed on, not the day its article gave it (the hint
    ``occasions`` read from that article). An undated claim gets its day from its article
    (``_blocks``), not from its fine event: one engine cluster may hold two occasions of
    one kind."""
    own = {i: _own_day(claims[i], day_hint) for i in fine_of}
    out: dict[int, str | None] = {}
    # (document, a day its own words give) -> the days the occasions told on it are
    # placed on: one only, another day, and the day an undated reference back moves to
    placed: dict[tuple[int, str], set[str]] = collections.defaultdict(set)
    for i in told:
        day = own[i]
        if day is not None:
            doc = claims[i]["document_id"]
            others: dict[str, set[int]] = collections.defaultdict(set)
            for j in fine[fine_of[i]].members:
                if (theirs := own[j]) is not None and claims[j]["document_id"] != doc:
                    others[theirs].add(claims[j]["document_id"])
            best = max(others.items(), key=lambda kv: (len(kv[1]), kv[0]), default=None)
            if best is not None and best[0] != day and len(best[1]) >= 2 and not (
                    day in others and len(others[day]) >= len(best[1])):
                if _in_own_words(claims[i]):
                    placed[(doc, day)].add(best[0])
                day = best[0]
            elif _in_own_words(claims[i]):
                placed[(doc, day)].add(day)
        out[i] = day
    for i in told:
        day = out[i]
        if day is not None and not _in_own_words(claims[i]):
            moved = placed.get((claims[i]["document_id"], day), set())
            if len(moved) == 1 and day not in moved:
                out[i] = next(iter(moved))
    return out


def _in_own_words(c: dict[str, Any]) -> bool:
    """Does the claim's own wording give it a day (not a hint from its context)?"""
    return own_date(c) and len(stated(c)["date"]) == 10


def _unplaced_weekday(c: dict[str, Any]) -> int | None:
    """The weekday a claim names but nothing places ("sentenced Saturday", in an article
    with no date): two reports of one event on the same weekday are two witnesses."""
    return weekday_of(c["date_text"]) if c["date"] is None and c.get("date_text") else None


def _close(a: str, b: str) -> bool:
    """Two days close enough for one occasion misdated by a source (news tells what
    happened within ``RECENT_DAYS``)."""
    return abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days) <= RECENT_DAYS


def _own_coarse(c: dict[str, Any]) -> str | None:
    if own_date(c):
        date = stated(c)["date"]
        if len(date) < 10:
            return date
    return None


def _another_time(day: str | None, coarse: set[str]) -> bool:
    """Does a block's own year or month (``coarse``) leave out an entry's ``day``? A history
    told beside the news ("quake and tsunami killed 1,600 in 1918", in an article on the
    January 2010 quake) is another occasion, however alike its words."""
    return bool(coarse) and day is not None and not any(compatible(day, d) for d in coarse)


def _before_since(day: str | None, since: str | None) -> bool:
    """Is an entry's ``day`` not what a follow-up published on ``since`` tells: more than
    ``LEAD_DAYS`` before it, or after it?"""
    if day is None or since is None or len(day) != 10:
        return False
    days = (dt.date.fromisoformat(since) - dt.date.fromisoformat(day)).days
    return not 0 <= days <= LEAD_DAYS


def _blocks(members: list[int], claims: list[dict[str, Any]], day_of: dict[int, str | None],
            starts: list[int], tellers: dict[str, set[int]],
            shifted: set[int], collection: bool = False) -> list[_Block]:
    """One article's happenings (in reading order) cut into its occasions. ``tellers``:
    the documents that tell a happening of each day. ``shifted``: the paragraphs that open
    another occasion ("Meanwhile, the battlefield remains active ...": background opens
    it as well as a happening does). ``collection``: the page is one (see the module doc),
    and its lead tells nothing of its pieces."""
    lead_day = next((day_of[i] for i in members if day_of[i] is not None), None)
    published = next((claims[i]["date"] for i in members
                      if claims[i]["date_provenance"] == "document"), None)
    # a lead more than LEAD_DAYS older than the article ("the quake struck on Tuesday",
    # told a week later) that other reports tell too is the background of a follow-up:
    # its undated sentences tell what happened since, one occasion of their own (as
    # extraction dates them). An old lead no other report gives may be the article's own
    # misdating of its news ("convened ... on May 22nd" for the June 2 talks): still its
    # lead.
    follow_up = bool(lead_day and published and len(published) == len(lead_day) == 10 and (
        dt.date.fromisoformat(published) - dt.date.fromisoformat(lead_day)).days > LEAD_DAYS
        and tellers.get(lead_day, set()) - {claims[members[0]]["document_id"]})
    recalled = lead_day if follow_up else None  # the old lead a follow-up recalls
    if follow_up:
        lead_day = None
    lead = _Block([], lead_day, since=published if follow_up else None)
    blocks = [lead]
    current: _Block | None = None
    previous: tuple[int, str | None] | None = None  # paragraph and kind of the last one
    aside = False  # "Meanwhile, ..." opened a side story: what follows stays with it
    for i in members:
        c = claims[i]
        line = bisect.bisect_right(starts, c["char_start"])
        kind = kind_of(c)
        day = day_of[i]
        coarse = _own_coarse(c)
        speaker = c.get("speaker_norm")
        if day is not None:
            aside = False
            if current is not None and current.day == day:
                current.claims.append(i)
            elif (day == lead_day and lead.claims and current is not lead
                  and not opens_another_occasion(c["text"])):
                lead.claims.append(i)
                current = lead
            elif day == lead_day and not lead.claims:
                lead.claims.append(i)
                current = lead
            else:
                current = _Block([i], day)
                blocks.append(current)
        elif coarse is not None and not (lead_day and lead_day.startswith(coarse)):
            current = _Block([i], None)  # "in May", told in an article about June
            blocks.append(current)
        elif opens_another_occasion(c["text"]):
            current = _Block([i], None)
            blocks.append(current)
            aside = True
        elif current is not None and previous is not None and (
                current.day is None or current.day != recalled) and (
                previous[0] == line or (kind is not None and previous[1] == kind)
                or (speaker is not None and speaker in current.speakers)):
            current.claims.append(i)
        elif line in shifted or c.get("aspect") == "earlier" or (
                lead_day is None and not follow_up):
            current = _Block([i], None)
            blocks.append(current)
            aside = line in shifted
        elif aside and current is not None:
            current.claims.append(i)
        elif collection:
            current = _Block([i], None, piece=True)
            blocks.append(current)
        else:
            lead.claims.append(i)
            current = lead
        if speaker:
            current.speakers.add(speaker)
        previous = (line, kind)
    return [b for b in blocks if b.claims]


def stable_keys(fine: list[list[int]], prior: dict[int, int]) -> list[int]:
    """Each fine event's key (``group_members.event``): the fine event its claims reported
    at the last grouping (``prior``, claim id -> key) goes on under its key, kept by the
    one that now holds most of those claims; any other is known by its first claim's id
    (one no fine event going on keeps). ``fine``: each fine event's claim ids."""
    own = [min(ids) for ids in fine]
    if not prior:
        return own
    votes: collections.Counter = collections.Counter(
        (k, f) for f, ids in enumerate(fine) for c in ids if (k := prior.get(c)) is not None)
    kept: dict[int, int] = {}  # fine event -> the key it goes on under
    for (k, f), _n in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0][1], kv[0][0])):
        if f not in kept and k not in kept.values():
            kept[f] = k
    used = set(kept.values())
    keys = []
    for f, ids in enumerate(fine):
        if f in kept:
            keys.append(kept[f])
            continue
        free = [c for c in ids if c not in used]
        keys.append(min(free) if free else -min(ids))  # (never one kept, never 0)
        used.add(keys[-1])
    return keys


def entries(clusters: list[Cluster], claims: list[dict[str, Any]],
            day_hint: dict[int, str], doc_texts: dict[str, str],
            dateless: frozenset[int] = frozenset(),
            prior: dict[int, int] | None = None) -> list[Entry]:
    """Occasions from the engine's fine events and the articles (see the module doc). A
    cluster the reviewer fixed stays as it is; background claims stay apart, in groups of
    the fine events they belong to. ``dateless``: the documents with no publication
    date, given or guessed. ``prior``: claim id -> its fine event at the last grouping
    (``stable_keys``; a decided entry's claims still report the fine events they shared
    with others, so that a decision never regroups the entries nobody decided on)."""
    prior = prior or {}
    out: list[Entry] = []
    fine: list[Cluster] = []
    decided: dict[int, int] = {}  # the claims of entries the reviewer fixed: their group
    for cl in clusters:
        if cl.fixed is not None:
            out.append(Entry(list(cl.members), list(cl.similarity), cl.fixed,
                             [claims[i]["id"] for i in cl.members]))
            decided.update(dict.fromkeys(cl.members, cl.fixed))
        else:
            fine.append(cl)
    key = stable_keys([[claims[i]["id"] for i in cl.members] for cl in fine], prior)
    fine_of = {i: f for f, cl in enumerate(fine) for i in cl.members}
    # the decided claims by the fine event they reported at the last grouping: the engine
    # keeps them out of the free fine events, but they report them still (seed 004's
    # accepted Kyiv attack shared one with two of 003's sentences; without it, those two
    # read as one article telling one happening twice, and 003's drone strike and airbase
    # strike became one entry at the next regrouping)
    decided_in: dict[int, list[int]] = collections.defaultdict(list)
    for i in decided:
        if (reported := prior.get(claims[i]["id"])) is not None:
            decided_in[reported].append(i)

    def partners(i: int) -> list[int]:
        f = fine_of[i]
        return [*fine[f].members, *decided_in.get(key[f], ())]
    sim_of = {i: s for cl in fine for i, s in zip(cl.members, cl.similarity, strict=True)}

    # background: the claims that tell no happening, by fine event
    quiet: dict[int, list[int]] = collections.defaultdict(list)
    told: list[int] = []
    for i in fine_of:
        (told if happening(claims[i]) else quiet[fine_of[i]]).append(i)
    for f, members in quiet.items():
        members.sort()
        out.append(Entry(members, [sim_of[i] for i in members], None,
                         [key[f]] * len(members), background=True))

    # each article's happenings in blocks
    day_of = _claim_days(told, claims, fine, fine_of, day_hint)
    # a decided entry's happenings still stand in their articles: cut with the rest (the
    # lead an article's undated sentences follow may be the accepted one), then taken out,
    # so that a decision never regroups the entries nobody decided on
    context = [i for i in decided if happening(claims[i])]
    # ... on the day they were placed on before the decision: the day the other articles
    # of its entry agree on (001's "convened on May 22nd", in the accepted June 2 talks,
    # is June 2; read as May 22, its article's "in May" no longer opened an occasion of
    # its own and joined the next paragraphs' drone strikes, an entry nobody decided on)
    fixed = [cl for cl in clusters if cl.fixed is not None]
    day_of.update(_claim_days(context, claims, fixed,
                              {i: k for k, cl in enumerate(fixed) for i in cl.members},
                              day_hint))
    lines = _paragraphs(doc_texts)
    by_doc: dict[int, list[int]] = collections.defaultdict(list)
    for i in (*told, *context):
        by_doc[claims[i]["document_id"]].append(i)
    shifted: dict[int, set[int]] = collections.defaultdict(set)
    for i in (*fine_of, *decided):
        c = claims[i]
        if opens_another_occasion(c["text"]):
            starts = lines.get(str(c["document_id"]), [0])
            shifted[c["document_id"]].add(bisect.bisect_right(starts, c["char_start"]))
    tellers: dict[str, set[int]] = collections.defaultdict(set)  # day -> documents
    for i in (*told, *context):
        if (day := day_of[i]) is not None:
            tellers[day].add(claims[i]["document_id"])
    blocks: list[_Block] = []
    size = collections.Counter(c["document_id"] for c in claims)
    for doc, members in by_doc.items():
        members.sort(key=lambda i: claims[i]["char_start"])
        for block in _blocks(members, claims, day_of, lines.get(str(doc), [0]), tellers,
                             shifted[doc], size[doc] > COLLECTION_CLAIMS):
            block.held = [i for i in block.claims if i in decided]
            block.claims = [i for i in block.claims if i not in decided]
            if block.claims or block.held:
                blocks.append(block)

    # blocks joined across articles: one day's blocks that report one fine event
    union = _Union(len(blocks))
    block_of = {i: b for b, block in enumerate(blocks) for i in block.claims}
    block_of.update({i: b for b, block in enumerate(blocks) for i in block.held})
    by_mark: dict[tuple[str, int], int] = {}
    for b, block in enumerate(blocks):
        if block.day is None:
            continue
        marks = {key[fine_of[i]] for i in block.claims}
        marks |= {event for i in block.held if (event := prior.get(claims[i]["id"])) is not None}
        for mark in marks:
            union.join(by_mark.setdefault((block.day, mark), b), b)
    # one occasion that two articles date differently ("convened ... on May 22nd" against
    # "talks in Istanbul on Monday", June 2): two of one block's claims report fine events
    # the other block reports, the days are close, and no article tells those two days as
    # two occasions (002 tells the May 16 round and the June 2 one apart): one entry, and
    # the date conflict shows the disagreement
    apart: set[tuple[str, str]] = set()
    doc_days: dict[int, set[str]] = collections.defaultdict(set)
    for block in blocks:
        if block.day is not None:
            doc_days[claims[(block.claims or block.held)[0]]["document_id"]].add(block.day)
    for days in doc_days.values():
        apart |= {(a, b) for a in days for b in days if a != b}
    days_of: dict[int, set[str]] = collections.defaultdict(set)
    for b, block in enumerate(blocks):
        if block.day is not None:
            days_of[union.find(b)].add(block.day)
    for b, block in enumerate(blocks):
        day = block.day
        # a misdating is one source's: a day other articles tell too is an occasion of
        # its own (Haiti's 13 and 21 January were joined as one, then 16 and 25 January)
        if day is None or tellers[day] - {claims[(block.claims or block.held)[0]]["document_id"]}:
            continue
        # nor is the day's news: a day read against the publication date its source gave,
        # that day or the one before (a trial's Thursday, told on Thursday, is not the
        # Tuesday the same names and testimony were told on)
        if any(days_news(claims[i]) and stated(claims[i])["date"] == day for i in block.claims):
            continue
        linked: dict[int, set[int]] = collections.defaultdict(set)
        for i in block.claims:
            for j in partners(i):
                other = block_of.get(j)
                if (other is not None and other != b
                        and (other_day := blocks[other].day) is not None and other_day != day
                        and claims[j]["document_id"] != claims[i]["document_id"]
                        and _close(day, other_day)):
                    linked[union.find(other)].add(i)
        # one occasion misdated: the one its claims report most, never a chain of them (a
        # deadline "until May 6" linked to 24 April, 4 May and 7 May joined all three)
        here = days_of[union.find(b)]
        misdated = [(len(mine), -root, root) for root, mine in linked.items()
                    if len(mine) >= 2 and not any((x, y) in apart for x in here
                                                  for y in days_of[union.find(root)])]
        if misdated:
            root = max(misdated)[2]
            joined_days = here | days_of[union.find(root)]
            union.join(root, b)
            days_of[union.find(b)] = joined_days
    root_day = {union.find(b): block.day for b, block in enumerate(blocks) if block.day}
    # the publication days of the follow-ups each union holds: an undated block that
    # joined a follow-up's block tells what happened since too, as the follow-up does
    since_of: dict[int, set[str]] = collections.defaultdict(set)
    for b, block in enumerate(blocks):
        if block.since:
            since_of[union.find(b)].add(block.since)

    day_now = dict(root_day)

    def join(a: int, b: int) -> None:
        # the union keeps the day and the follow-ups' days of both sides, whichever block
        # ends as its root (``day_now``; ``root_day`` stays as the dated blocks gave it:
        # read current by the other tests too, ECB+ kept 28.4 % of one topic's coreferent
        # pairs in one entry, not 30.6 %)
        ra, rb = union.find(a), union.find(b)
        if ra == rb:
            return
        day = day_now.get(ra) or day_now.get(rb)
        since = since_of.pop(ra, set()) | since_of.pop(rb, set())
        union.join(ra, rb)
        root = union.find(ra)
        if day:
            day_now[root] = day
        if since:
            since_of[root] = since

    unplaced = {i: wd for i in block_of if (wd := _unplaced_weekday(claims[i])) is not None}
    for b, block in enumerate(blocks):
        if block.day is not None:
            continue
        coarse = {d for i in block.claims if (d := _own_coarse(claims[i]))}
        # the weight of the block's links to each entry, the same article's apart
        shared: dict[int, Fraction] = collections.defaultdict(Fraction)
        own: dict[int, Fraction] = collections.defaultdict(Fraction)
        # every other report of its fine events in an article with no date, or in a dated
        # entry; how many links reach other articles' blocks, and which dated entries
        timeless = True
        witnesses = 0
        occasions: set[int] = set()
        for i in block.claims:
            # a link weighs two when both reports name the weekday nothing places
            weekday = unplaced.get(i)
            links = [(claims[j]["document_id"] == claims[i]["document_id"], root,
                      2 if weekday is not None and unplaced.get(j) == weekday else 1)
                     for j in partners(i)
                     if (other := block_of.get(j)) is not None and other != b
                     and not _another_time(root_day.get(root := union.find(other)), coarse)
                     and not any(_before_since(day_now.get(root), since)
                                 for since in since_of.get(union.find(b), ()))]
            # a fine event the entries split between several occasions ("negotiations"
            # told of two rounds of talks) says that much less which one this claim is of;
            # blocks no day places are no occasions yet (the paragraphs of an article that
            # gives no date at all), so links to them alone are not split
            dated = {root for _same, root, _weight in links if root in root_day}
            spread = len({root for _same, root, _weight in links}) if dated else 1
            witnesses += sum(weight for same, _root, weight in links if not same)
            occasions |= dated
            timeless = timeless and claims[i]["document_id"] in dateless and all(
                claims[j]["document_id"] in dateless or union.find(block_of[j]) in root_day
                for j in partners(i) if block_of.get(j, b) != b)
            for same, root, weight in links:
                (own if same else shared)[root] += Fraction(weight, spread)
        if own and not shared:
            # an article that tells one happening twice (its summary, then its body; a
            # lead, then the detail) tells one occasion: the engine's same-document links
            # are scaled down already (``same_doc_factor``), so one is enough
            join(max(own, key=own.__getitem__), b)
            continue
        if shared:
            other = max(shared, key=shared.__getitem__)
            if shared[other] >= 2:  # one stray engine link never glues
                join(other, b)
                continue
            if timeless and witnesses >= 2 and len(occasions) <= 1:
                # articles with no date at all (web copies without metadata, nothing
                # dated in the text) cannot be told apart by time: two links into other
                # articles' blocks are two witnesses, as two into one entry are (four
                # reports that each tell a check-in once link once to each other); the
                # one copy that names the day ("checked in on Tuesday, December 9") dates
                # them all, unless the links reach two dated entries
                for root in shared:
                    join(root, b)
                continue
            # "launched the store in 2003" beside another source's "on April 28, 2003":
            # a year or month of its own that holds the day is the link's second witness
            fits = [(count, root) for root, count in shared.items()
                    if any(root_day.get(root, "").startswith(d) for d in coarse)]
            if fits:
                join(max(fits)[1], b)

    joined: dict[int, list[int]] = collections.defaultdict(list)
    for b in range(len(blocks)):
        joined[union.find(b)].append(b)
    for parts in joined.values():
        members = sorted(i for b in parts for i in blocks[b].claims)
        if not members:
            continue
        # new reports of an occasion a reviewer decided on join it (and send it back to the
        # queue, ``group._requeue``), when the blocks they join hold that one decided entry
        held = {decided[i] for b in parts for i in blocks[b].held}
        if len(held) == 1:
            out.append(Entry(members, [sim_of[i] for i in members], None,
                             [key[fine_of[i]] for i in members], joins=held.pop()))
            continue
        out.append(Entry(members, [sim_of[i] for i in members], None,
                         [key[fine_of[i]] for i in members],
                         background=all(blocks[b].piece for b in parts)))
    return out
