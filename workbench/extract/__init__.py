"""Stage 2: claims are extracted from documents (spaCy ``en_core_web_sm``).

``extract_pending(db)`` infers missing document dates, then finds the claims of every
document not yet extracted (see ``claims``), each document in its own transaction so an
interrupted run resumes where it stopped.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

import sqlite_utils

from ..console import SILENT, Reporter
from ..dates import published as docdate
from ..db import dumps, insert_row, loads, now, set_setting, transaction
from ..ingest.boilerplate import all_skipped
from ..text import count_of
from . import remap
from .claims import (
    LINKED,
    Claim,
    DocumentExtractor,  # noqa: F401 - stays importable here: tests patch it
    base_for,
)

EXTRACTOR_VERSION = "74"  # 2: date rules (forecasts, anaphora, appositives, split verb phrases)
#                          3: provenance "carried" for a date carried from the story's lead
#                          4: a date describing an object's history does not date the claim
#                          5: a 24-hour clock time ("1300 GMT") is not a year
#                          6: "3 pirate ships" counts ships
#                          7: "struck at 1353" is a time too
#                          8: "three months later" is not the publication date; "since
#                             2001" on a noun is a baseline; halves of a year; Feb 29;
#                             "the next morning", "that week"
#                          9: "on the 26th" (a day with no month), weekends at month
#                             precision; "over the weekend" is not a comparison baseline;
#                             "the 1950's" is a decade, not 1950; "less than two weeks
#                             ago" is the span up to the base; "the sixth round" is a
#                             number ("nth round")
#                         10: "follows a previous swap in May" does not date the claim;
#                             "beginning of June 2025" without "the" is a date
#                         11: "surpassing the exchange agreed at talks in May": a date in a
#                             participle describing an object does not date the claim,
#                             whatever clause the parser hung the participle on; "the past
#                             week" is the span up to the base, not last calendar week; an
#                             infinitive ("the second one to hit ...") is no clause of its
#                             own; "on Wednesday" beats "a 2003 murder case"
#                         12: "launched one of the most intense attacks": the event is
#                             the attacks (a quantifier's "of" noun), not the launch; a
#                             title the parser made the root ("Dialogue: ... negotiations
#                             yield an agreement") gives way to the clause hung on it;
#                             numbers count as words of a sentence with a subject ("The
#                             Dow lost 34% in 2008."); "the first three months of 2008";
#                             "fell to their lowest level since 1950" is a baseline
#                         13: sums of money carry their currency and what they measure
#                             ("lost $30.9 billion" is "loss ($)"); "£40m", "$2bn";
#                             "a $9.6 billion fourth-quarter loss" is not "9.6 billion fourth"
#                         14: "receive" is a light verb: "will receive a full refund" is a
#                             refund, "receiving medical care" is care (two events)
#                         15: a count keeps what happened to what it counts ("killed 10
#                             people" / "injured 612 others": event "kill" / "injure")
#                         16: a percentage keeps its verb, a level ("rose to 7.3
#                             percent") its subject; a rate of money keeps its period
#                             ("$22 million per season")
#                         17: "the first half of the session", "in the first half on
#                             Sunday": a half or quarter of a game or a day is not a date
#                         18: a phrasal verb keeps its particle ("took over" is "take
#                             over") and is no light verb
#                         19: "a 5k race" is no count of 5,000 races ("k", "m", "bn"
#                             multiply only in a sum of money)
#                         20: a count keeps whose it is when a name says so ("Russia
#                             lost 200 soldiers": by "russia")
#                         21: every claim keeps its aspect (past, present, future): a
#                             claim told in the present reports no happening (background)
#                         22: "proposed a third meeting in late June": a date on an event
#                             someone proposed, planned or called for does not date the claim
#                         23: a year-less date in an article with no date of its own
#                             is read in the year it names of itself when the collection
#                             spans years, not the corpus year (docdate.article_year)
#                         24: a live blog's entry times ("2358 UN Ban Ki-Moon has given an
#                             update") and "by 1100 (1600 GMT)" are times, not years
#                         25: "Earlier Friday", "late yesterday", "the early hours of
#                             Thursday", "Monday, Oct. 26"; a date on an infinitive under
#                             a verb that is not past is ahead ("are expected to join in
#                             April"); a story's lead date is carried only when the lead
#                             is at most LEAD_DAYS (4) old: an older one is a follow-up's
#                             background
#                         26: every claim keeps the phrases a date of their own places
#                             (``dated_parts``: "charged him Monday in the 1995 shooting")
#                         27: a bare year that says which thing ("That 1978 resolution
#                             calls for ...", "the 2000 Olympics") dates its noun phrase,
#                             never the claim, even when no other date does
#                         28: a claim told in the simple present ("analysts expect the
#                             trend to continue into the fourth quarter") holds now: a date
#                             in a clause under its verb dates that clause, not the claim
#                         29: an undated sentence takes the day one of the two claims
#                             before it states (carried, "the day a sentence just before
#                             names"; shown, never used to group)
#                         30: in a sentence with no date of its own, "the bombing", "its
#                             launch", "Slepian's slaying" name the event the story dated
#                             before by that verb or noun: a dated part, "named before"
#                         31: "the first pandemic since 1968 is under way": a year just
#                             after "since" with a superlative or "first" before it is a
#                             baseline however the sentence is parsed; "was 1040 on 25
#                             June": a four-digit number "on" a day is a time, not a year
#                         32: a spelled number is read whole: "Twenty six" and "twenty-six"
#                             are 26 (not 20, or 20 and 6), "one hundred and ten" is 110,
#                             "two thousand five hundred" 2,500
#                         33: a number in a name counts nothing: "Radio 1", "Channel 4",
#                             "Apollo 11", "BBC Two", "the Formula 1 title"
#                         34: a birth or death after a name ("James Owen b. 1858",
#                             "Michael Jackson (b. 1958)", "d.o.b") is no part of its key
#                         35: ... nor of the person's text and span
#                         36: a wire dateline ("KYIV, June 3 (Reuters) -") is read apart
#                             from the lead it opens
#                         37: a live page's entry stamps ("2358 UN Ban Ki-Moon ...") too
#                         38: "the Aug. 7, 1998, bombings": a date naming a thing is
#                             read with its article (it was no date at all); a month
#                             with no year and no tense is the coming one up to four
#                             months ahead ("payable Jan. 2", told in November); "the
#                             quarter ended Sept. 30" is the day the period ends
#                         39: a weekday told in the future on that weekday is that day
#                             ("will land later on Thursday", told on a Thursday)
#                         40: a document not written in English is not extracted
#                             (``language``): its problem is recorded and reported
#                         41: "last Oct. 23", "next March 12": the latest such day
#                             before the publication date, or the first after
#                         42: what a count is of, from the state it is in ("200,000
#                             people are dead", "left 1.5 million people homeless")
#                         43: a headline or caption a page ran into the next sentence is
#                             cut off before it, after a lower-case word or a place ("Many
#                             feared dead in Haiti quake A major loss ..."); a guessed
#                             range ("about 45,000-50,000 people") and a vague number of
#                             vague numbers ("tens of thousands of people") are one
#                             figure, a range keeping its happening
#                         44/45: the lead's date is not carried past "Meanwhile, ..." (another
#                             occasion) until a sentence dates itself; a possessive weekday
#                             ("Tuesday's earthquake") is read in the sentence's tense;
#                             a date on a noun hung by "of" on the event's object ("to help
#                             victims of Tuesday's earthquake") dates that noun only
#                         46: a quotation told in the present or the future, its speaker
#                             after it, is commentary (aspect "present"/"future": background)
#                         47: a claim opening with a minus sign keeps it ("-5 degrees ...")
#                         48: a 24-hour time read as a year ("19 JANUARY, 1130 GMT") is a time; a
#                             number named as one ("Freepay number: 1449") is no year
#                         49: "Tuesday, 19 January, 2010" is one date, not "Tuesday" (the
#                             Tuesday before the page) beside the date it names
#                         50: "managed to pull her out on Sunday", "died after suffering
#                             a cardiac arrest on Thursday": a weekday under a past verb
#                             that says it was done, or in a gerund under a past verb, is
#                             the one before, not the nearest
#                         51: "about 45,000 people have died since Tuesday's earthquake",
#                             "the scenes which have followed Tuesday's earthquake": a
#                             possessive date after "after", "since", "following" or
#                             "follow" is the occasion's (a dated part), not the claim's
#                         52: "Friday, 8 March 2024", which spaCy reads as "Friday" and
#                             "March 2024" with the 8 in neither, is the day it names
#                         53: "said on 4 March that the port would reopen in May" stays
#                             one claim: what was announced is the statement's content
#                         54: "Monday, June 3" when June 3 is a Tuesday: the date's base
#                             says so (the reviewer and the export check are told)
#                         55: "Jobs said that his company sold 13.7 million Macs last year":
#                             the saying, which the date does not date, is a dated part on
#                             the day an undated sentence there gets (lead, else published)
#                         56: a live blog's entry time inside a sentence ("... may have been
#                             killed 2050 Haiti's President ... tells CNN") ends one claim
#                             and starts the next
#                         57: "said her mother, a cleaner for the UN": a speaker named by
#                             who they are to someone is that person, not the body their
#                             description names
#                         58: "about 200,000 people have left the city": a count that is
#                             the subject of "leave", "reach", "see", "get" or "bring" did
#                             what the verb says (only "be", "have" and the like say nothing)
#                         59: "3 million are believed to have been affected" counts the
#                             affected (a verb of belief hands on to its complement); "12
#                             were in hospital", "3 million are in need of aid" count the
#                             hospitalised and the needy (where a copula puts a count)
#                         60: "are expected in Haiti on Saturday", told on a Friday, is the
#                             Saturday ahead (a participle told in the present passive of a
#                             verb of expecting or planning is no past time)
#                         61: "we'd have arrived on Saturday": a weekday on a modal perfect
#                             is the nearest such day, not the one before
#                         62: a hedge before a date is read past ("sometime next year",
#                             "born around 1650"); "the season expected to start in June",
#                             told in the present, is the June ahead
#                         63: a speaker named by whose it is speaks with its noun
#                             ("Ukrainian officials", "Russia's defence ministry", not
#                             "Ukrainian", "Russia")
#                         64: a day's number spaCy leaves out of its date ("7 November
#                             2011 Dr Murray is found guilty" read "November 2011") is
#                             the date's (not a range's end: "17-23 October 2009")
#                         65: a wire dateline after a summary run into the lead, up to
#                             500 characters in (was 300); a story code "(ID: nBKK234536)"
#                             is page furniture
#                         66: a date after the report on what a participle or "due"
#                             describes as planned ("elections due to be held on 28
#                             February will be postponed", told 28 January) dates that
#                             occasion (a dated part), not the claim; a dated part on a
#                             participle or adjective describing a noun is the noun's
#                             ("a NATO summit set for Washington in April")
#                         67: the date of an earlier occasion a claim names dates that
#                             occasion even when the parse hangs it on the claim's verb
#                             ("This exchange follows a previous swap in May": the swap
#                             is May; the date was set aside and lost)
#                         68: a date on a planning verb told in the present perfect
#                             passive lies ahead, as in the present passive ("a
#                             preliminary hearing has been scheduled for 23 August",
#                             told on 14 June, was read as the August before)
#                         69: a person in the possessive says whose the speaker is, not
#                             who ("Michael Jackson's father, Joe Jackson, said" was
#                             Jackson's; "Michael Jackson's mother said" is his mother)
#                         71: what a saying reports as done on a day before the saying
#                             is dated by that day ("The bridge was closed on May 27,
#                             police said on Sunday" was dated Sunday); the saying keeps
#                             its own day as a dated part (70 was withdrawn)
#                         72: "last Tuesday" told on a Wednesday is the Tuesday of the
#                             week before, not yesterday
#                         73: a verb of saying in a clause that describes a thing names
#                             no speaker ("the regions Russia claimed")
#                         74: a count of ten years or more told about or as a bound ("more
#                             than 500 years ago") is no year, nor the page's day


@dataclass
class ExtractReport:
    documents: int = 0
    claims: int = 0
    dates_inferred: int = 0
    remapped: int = 0
    # decided groups marked changed since review: a member's own words now read another
    # date ("on Monday" after its document's publication date was corrected, or a new
    # extractor), so what was decided on has changed; the decision stands
    redated: list[int] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # "path: reason", one per document
    without_claims: int = 0  # read, but no sentence in them reads as a claim
    # read with no publication date, given or found in the text (none names a year)
    undated: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = (f"extract: {count_of(self.claims, 'claim')} from "
                f"{count_of(self.documents, 'document')}"
                f" ({count_of(self.dates_inferred, 'document date')} inferred)")
        if self.remapped or self.problems:
            text += (f"; {self.remapped} grouped claims carried over to the new extraction, "
                     f"{len(self.problems)} could not be")
        if self.redated:
            # (the group stage then counts every decided entry its regroup dates anew: a
            # tester read "1 decided group changed" beside "3 ... dated again" as a slip)
            text += (f"; {count_of(len(self.redated), 'decided group')} with a claim whose "
                     "own words now read another date (changed since review)")
        if self.without_claims:
            text += f"; {self.without_claims} with no claim in them"
        if self.failed:
            text += (f"; {len(self.failed)} document{'s' if len(self.failed) != 1 else ''} "
                     "could not be extracted (see `workbench status`)")
        return text

    def undated_message(self) -> str | None:
        """One line for the documents read with no publication date: without one, what
        they date by a weekday or a day without its year stays undated, and a user saw
        28 undated entries with no word why."""
        if not self.undated:
            return None
        n = len(self.undated)
        named = ", ".join(self.undated[:3]) + (f" and {n - 3} more" if n > 3 else "")
        return (f"{count_of(n, 'document')} {'has' if n == 1 else 'have'} no publication "
                f"date, given or found in the text ({named}): what they date by a weekday or "
                "without a year (\"on Monday\", \"June 7\") stays undated. Give one with "
                "`workbench doc set PATH --published YYYY-MM-DD` (in the review: o, then d); "
                "articles that name a year, added later, date the others too")


def infer_document_dates(db: sqlite_utils.Database) -> tuple[int, int | None, list[int],
                                                          set[int]]:
    """Fill ``published`` (provenance ``inferred``) where metadata gave none. Returns how
    many documents have an inferred date, the corpus' dominant year (also stored as the
    ``corpus_year`` setting), the documents whose inferred date changed (a date given
    since moved the corpus year) and the years documents are dated in by metadata or by
    what they state (``docdate.article_year``). Each text is scanned for dates once."""
    rows = list(db.query("SELECT id, text, published, published_precision, "
                         "published_provenance, published_evidence FROM documents"))
    dates = {r["id"]: docdate.full_dates(r["text"]) for r in rows}
    year = docdate.dominant_year(
        dates.values(), (r["published"] for r in rows if r["published_provenance"] == "given"))
    if year is not None:
        set_setting(db, "corpus_year", year)
    stated = {r["id"]: docdate.stated(r["text"], year, dates[r["id"]]) for r in rows
              if r["published_provenance"] != "given"}
    dated_years = {int(r["published"][:4]) for r in rows
                   if r["published_provenance"] == "given" and r["published"]}
    dated_years |= {int(found.value[:4]) for found in stated.values() if found}
    inferred = 0
    changed = []
    with transaction(db):
        for row in rows:
            if row["published_provenance"] == "given":
                continue
            found = stated[row["id"]] or docdate.infer(row["text"], year, dates[row["id"]],
                                                       dated_years)
            new = (found.value, found.precision, "inferred", found.evidence) if found else (
                None, None, "unknown", None)
            inferred += found is not None
            old = (row["published"], row["published_precision"], row["published_provenance"],
                   row["published_evidence"])
            if docdate.text_guess(old[0], old[3]) == (new[0], new[3]) and old[0] != new[0]:
                continue  # the guess grouping raised (``group``), from the same text guess
            if new != old:
                changed.append(row["id"])
                db.execute(
                    "UPDATE documents SET published = ?, published_precision = ?, "
                    "published_provenance = ?, published_evidence = ? WHERE id = ?",
                    [*new, row["id"]],
                )
    return inferred, year, changed, dated_years


def claim_row(document_id: int, claim: Claim, created: str) -> dict:
    d = claim.date
    return {
        "document_id": document_id,
        "char_start": claim.char_start,
        "char_end": claim.char_end,
        "text": claim.text,
        "kind": claim.kind,
        "date": d.value if d else None,
        "date_precision": d.precision if d else None,
        "date_provenance": d.provenance if d else "none",
        "date_text": d.text if d else None,
        "date_base": d.base if d else None,
        "speaker": claim.speaker,
        "speaker_norm": claim.speaker_norm,
        "reporting_verb": claim.reporting_verb,
        "trigger": claim.trigger,
        "aspect": claim.aspect,
        "entities": dumps(claim.entities),
        "numbers": dumps(claim.numbers),
        "dated_parts": dumps(claim.dated_parts),
        "created_at": created,
    }


def apply_document_date(claim: Claim, published: str | None, precision: str | None) -> None:
    """A claim with no date expression of its own falls back on its document's date."""
    from ..dates.expressions import DOCUMENT_DATE_NOTE, DateValue, unplaceable

    if claim.date is not None and claim.date.provenance != "none":
        return
    if claim.date is not None and unplaceable(claim.date.base):
        return  # "filed for bankruptcy three months later": not the day it was reported
    if published:
        claim.date = DateValue(published, precision or "day", "document", None,
                               DOCUMENT_DATE_NOTE)
    elif claim.date is None:
        claim.date = DateValue(None, None, "none", None)


def _replace_claims(db, document: dict, claims: list[Claim], created: str,
                    report: ExtractReport) -> None:
    """Swap a document's claims for new ones, carrying group places over (see ``remap``)."""
    old = list(db.query(
        "SELECT c.id, c.char_start, c.char_end, c.text, m.group_id, m.pinned, m.similarity, "
        "m.event, g.status, c.date, c.date_provenance, c.stated_date, c.stated_provenance "
        "FROM claims c LEFT JOIN group_members m ON m.claim_id = c.id "
        "LEFT JOIN groups g ON g.id = m.group_id "
        "WHERE c.document_id = ?", [document["id"]]))
    # ids that name these claims from an earlier extraction: deleting the claims empties
    # them (ON DELETE SET NULL), so they are pointed again at the new claims below, and a
    # decision made two extractions ago still finds its claims
    earlier = db.execute(
        "SELECT a.old_id, a.new_id FROM claim_aliases a JOIN claims c ON c.id = a.new_id "
        "WHERE c.document_id = ?", [document["id"]]).fetchall()
    # the groups these claims title: the title's claim follows its claim to its new id
    # (emptied, an undo of an edit before a re-dating found the group "changed since")
    titled = db.execute(
        "SELECT g.id, g.title_claim_id FROM groups g JOIN claims c ON c.id = g.title_claim_id "
        "WHERE c.document_id = ?", [document["id"]]).fetchall()
    db.execute("DELETE FROM claims WHERE document_id = ?", [document["id"]])
    new = []
    for c in claims:
        row = claim_row(document["id"], c, created)
        row["id"] = insert_row(db, "claims", row)
        new.append(row)
    placed = [o for o in old if o["group_id"] is not None]
    if not placed and not earlier:
        return
    mapping = remap.match(placed, new)
    for gid, claim_id in titled:
        if (nid := mapping.get(claim_id)) is not None:
            db.execute("UPDATE groups SET title_claim_id = ? WHERE id = ?", [nid, gid])
    new_date = {row["id"]: remap.own_date(row) for row in new}
    redated: dict[int, list[int]] = {}  # decided group → its members that read another date
    for old_id, was in earlier:
        db.execute("UPDATE claim_aliases SET new_id = ? WHERE old_id = ?",
                   [mapping.get(was), old_id])
    for o in placed:
        nid = mapping.get(o["id"])
        db.execute("INSERT OR REPLACE INTO claim_aliases(old_id, new_id, at) VALUES (?, ?, ?)",
                   [o["id"], nid, created])
        if nid is None:
            gone = remap.Unmapped(o["id"], o["group_id"], o["text"])
            report.problems.append(gone.describe(document["path"]))
            continue
        # and the fine event it reported: its key is a label, not a claim id to remap
        # (without it the claim left its fine event, and a regroup after an undone
        # re-dating put it with other claims)
        db.execute(
            "INSERT INTO group_members(claim_id, group_id, similarity, pinned, event) "
            "VALUES (?, ?, ?, ?, ?)",
            [nid, o["group_id"], o["similarity"], o["pinned"], o["event"]],
        )
        report.remapped += 1
        if o["status"] in ("accepted", "rejected") and remap.own_date(o) != new_date[nid]:
            redated.setdefault(o["group_id"], []).append(nid)
    # their members changed: an undo recorded before must not restore the old claim ids
    for gid in {o["group_id"] for o in placed}:
        db.execute("UPDATE groups SET version = version + 1, updated_at = ? WHERE id = ?",
                   [created, gid])
        # a settled conflict names the claims it was settled on ("not a disagreement" is
        # kept by them through a regroup): they follow their claims to the new ids
        for conflict_id, claim_ids in db.execute(
                "SELECT id, claim_ids FROM conflicts WHERE group_id = ? "
                "AND resolution IS NOT NULL", [gid]).fetchall():
            ids = loads(claim_ids, [])
            now = [mapping.get(i, i) for i in ids]
            if now != ids:
                db.execute("UPDATE conflicts SET claim_ids = ? WHERE id = ?",
                           [dumps(now), conflict_id])
    for gid, claim_ids in sorted(redated.items()):
        # what the flag was, so that undoing the correction behind it can set it back
        (was,) = db.execute("SELECT changed_since_review FROM groups WHERE id = ?",
                            [gid]).fetchone()
        db.execute("UPDATE groups SET changed_since_review = 1 WHERE id = ?", [gid])
        insert_row(db, "decisions", {
            "at": created, "reviewer": "workbench", "action": "new-evidence", "group_id": gid,
            "before": dumps({"changed_since_review": was}),
            "after": dumps({"changed_since_review": 1, "redated_claims": claim_ids})})
        report.redated.append(gid)


def _record_problem(db, row: dict, exc: Exception, version: str, reporter: Reporter,
                    report: ExtractReport) -> None:
    """Keep why a document failed; it keeps any claims it had and is not tried again with
    this extractor, so every later build goes past it."""
    from ..text import one_line
    from .language import NotEnglish

    # a known problem is told in words; another exception by its name and message
    told = str(exc) if isinstance(exc, NotEnglish) else f"{type(exc).__name__}: {exc}"
    reason = one_line(told, limit=300)
    with transaction(db):
        db.execute("UPDATE documents SET extract_problem = ?, extract_problem_version = ? "
                   "WHERE id = ?", [reason, version, row["id"]])
    message = (f"{row['path']}: could not be extracted ({reason}); "
               "skipped until the extractor changes")
    report.failed.append(f"{row['path']}: {reason}")
    reporter.error(message)


def current_version() -> str:
    from .nlp import model_version

    return f"{EXTRACTOR_VERSION}+{model_version()}"


def extract_pending(db: sqlite_utils.Database, reporter: Reporter | None = None,
                    nlp=None, again: bool = False, jobs: int = 1,
                    engine=None) -> ExtractReport:
    """Extract claims from every document not yet extracted, or extracted by another
    extractor version (``again``: every document). Groups keep their claims: see ``remap``.
    ``jobs``: processes parsing at once (see ``parallel``; the claims are the same);
    ``engine``: a Ray cluster parsing instead (``workbench.distributed``, the same). A
    document that fails is recorded with its reason and skipped (``_record_problem``)."""
    from .nlp import ModelNotInstalled
    from .parallel import CHUNK_CHARS, Work, extract_all

    reporter = reporter or SILENT
    report = ExtractReport()
    version = current_version()
    # a document that failed with this extractor waits for the next one (or --again)
    where = "1" if again else ("(extracted_at IS NULL OR extractor_version IS NOT ?) "
                               "AND extract_problem_version IS NOT ?")
    params = [] if again else [version, version]
    pending = [r[0] for r in db.execute(
        f"SELECT id FROM documents WHERE {where} ORDER BY id", params)]
    if not pending:
        return report
    _all_inferred, year, redated, dated_years = infer_document_dates(db)
    # claims dated against a publication date that has since changed are dated again;
    # a document too long for one batch is read after the others, which are saved first
    long_texts = {doc_id: (path, size) for doc_id, path, size in db.execute(
        "SELECT id, path, length(text) FROM documents WHERE length(text) > ?", [CHUNK_CHARS])}
    pending = sorted({*pending, *redated}, key=lambda i: (i in long_texts, i))
    # of the documents read now (not the whole database): whose date is a guess
    guessed = {doc_id for (doc_id,) in db.execute(
        "SELECT id FROM documents WHERE published_provenance = 'inferred'")}
    report.dates_inferred = len(guessed.intersection(pending))
    for doc_id in pending:
        if doc_id in long_texts:
            path, size = long_texts[doc_id]
            reporter.warning(f"{path}: {size / 1e6:.1f} million characters in one document; "
                             "read after the others, it may take minutes")
    rows: dict[int, dict] = {}

    def works():
        for doc_id in pending:
            row = next(db.query("SELECT * FROM documents WHERE id = ?", [doc_id]))
            rows[doc_id] = row
            base = base_for(row["published"], row["published_precision"],
                            row["published_provenance"], year, row["text"], dated_years)
            yield Work(doc_id, row["text"], loads(row["skipped"], []), base)

    with reporter.progress("extract", len(pending)) as advance:
        for work, claims in extract_all(works(), len(pending), jobs, nlp,
                                                engine):
            row = rows.pop(work.doc_id)
            if isinstance(claims, Exception):
                if isinstance(claims, (sqlite3.Error, ModelNotInstalled)):
                    raise claims  # the database or the set-up, not this document: say so
                _record_problem(db, row, claims, version, reporter, report)
                advance(1)
                continue
            for claim in claims:
                if row["published_provenance"] == "given":
                    apply_document_date(claim, row["published"], row["published_precision"])
            created = now()
            with transaction(db):
                _replace_claims(db, row, claims, created, report)
                db.execute(
                    "UPDATE documents SET extracted_at = ?, extractor_version = ?, "
                    "extract_problem = NULL, extract_problem_version = NULL WHERE id = ?",
                    [created, version, work.doc_id],
                )
            report.documents += 1
            report.claims += len(claims)
            if not claims:
                # a file that gave nothing to review was a silence: said, by its name
                # (but once: of a page all furniture, ingest has said it)
                report.without_claims += 1
                if not all_skipped(row["text"], loads(row["skipped"], [])):
                    # a sentence with a link or a handle is a post's or a page's, never read
                    # as a claim: said, when the text has one (a tester's one sentence with
                    # a web address gave "no sentence ... reads as a report")
                    links = (" (a sentence with a web address or an @handle is not read as "
                             "a report)" if LINKED.search(row["text"]) else "")
                    reporter.warning(f"{row['path']}: no claim found: no sentence in it reads "
                                     f"as a report of something that happened{links} (the "
                                     "document is kept)")
            advance(1)
    # of those read now, the ones with claims to date and no date to read them against
    reading = set(pending)
    report.undated = [path for doc_id, path in db.execute(
        "SELECT id, path FROM documents d WHERE published IS NULL "
        "AND EXISTS (SELECT 1 FROM claims c WHERE c.document_id = d.id) ORDER BY id")
        if doc_id in reading]
    return report
