"""Finding claims in one document with spaCy.

A claim is a sentence (or, when a sentence reports two differently dated events, the
trailing clause or verb phrase that carries the second date, or the leading description of
a named subject with a date of its own: "Jobs, born on February 24, 1955, | has built ...")
that reports something that happened or an attributed statement about it. For each we
keep the exact character span, the date of its event, its entities and numbers, who said it
and the event trigger.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..dates.entry import NEARBY_NOTE
from ..dates.expressions import (
    LEAD_DAYS,
    WEEKDAYS,
    Base,
    DateValue,
    iso,
    month_number,
    no_calendar_day,
    normalise,
    opens_another_occasion,
    precision_of,
    to_date,
)
from ..dates.published import article_year
from ..ingest.boilerplate import ellipsis_marks_omission
from . import money
from .names import TITLES, entity_key, person_name
from .stems import stem

# spaCy tags "this morning", "Monday night" as TIME: they name a day too
DATE_LABELS = {"DATE", "TIME"}
ENTITY_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT"}
REPORTING_VERBS = {
    "say", "state", "confirm", "deny", "claim", "report", "announce", "add", "note", "tell",
    "mention", "emphasize", "emphasise", "reveal", "accuse", "insist", "warn", "argue",
    "propose", "suggest", "indicate", "remark", "declare", "assert", "describe", "reiterate",
    "dismiss", "maintain", "inform", "allege", "admit", "acknowledge", "stress", "explain",
    "write", "tweet", "post", "disclose", "challenge", "characterize", "characterise",
    "label", "call", "vow", "pledge", "promise", "predict", "estimate", "caution", "verify",
    "reject", "contend", "concede", "observe", "comment", "respond", "reply",
}
# Verbs that carry little event meaning of their own: the event is their subject or object.
SUBJECT_LIGHT = {"be", "take", "occur", "happen", "mark", "begin", "start", "follow", "come",
                 "continue", "end", "last", "unfold", "proceed"}
OBJECT_LIGHT = {"hold", "have", "conduct", "complete", "reach", "carry", "make", "launch",
                "stage", "give", "get", "do", "see", "receive"}
# Words that pick some of a set: "launched one of the most intense attacks" is an attack.
QUANTIFIERS = {"one", "some", "many", "several", "most", "all", "each", "any", "few",
               "dozens", "hundreds", "thousands", "both"}
# Nouns that count or divide something else: the event is what they are "of".
PARTITIVES = {"round", "series", "wave", "stage", "part", "phase", "batch", "set", "number",
              "group", "kind", "type", "string", "spate", "day", "week", "start", "beginning",
              "end", "resumption", "outcome", "result"}
QUALIFIERS = [
    ("at least", "at least"), ("more than", "over"), ("over", "over"), ("upwards of", "over"),
    ("nearly", "nearly"), ("almost", "nearly"), ("up to", "up to"), ("fewer than", "under"),
    ("less than", "under"), ("under", "under"), ("about", "about"), ("around", "about"),
    ("approximately", "about"), ("roughly", "about"), ("some", "about"), ("an estimated", "about"),
    ("as much as", "up to"), ("as many as", "up to"),
    ("only", None), ("just", None),
]
VAGUE = {"hundreds": 100.0, "thousands": 1000.0, "dozens": 12.0, "millions": 1e6,
         "billions": 1e9, "tens": 10.0, "scores": 20.0}
MULTIPLIERS = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "hundred": 100,
               "dozen": 12}
WORD_NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}
WORD_NUMBERS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
                     "eighty": 80, "ninety": 90, "a": 1, "an": 1})
PRONOUNS = {"he", "she", "him", "her", "his"}
LEADING_JUNK = re.compile(r"^[\s\-\u2022\u2013\u2014*>#\u25aa\u25b6\u27a1"
                          r"\U0001F000-\U0001FFFF\u2600-\u27BF\uFE0F]+")
MIN_WORDS = 5


@dataclass
class Claim:
    char_start: int
    char_end: int
    text: str
    kind: str = "event"
    date: DateValue | None = None
    speaker: str | None = None
    speaker_norm: str | None = None
    reporting_verb: str | None = None
    trigger: str | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)
    numbers: list[dict[str, Any]] = field(default_factory=list)
    narrative: bool = False  # simple past or present perfect: told as the story's event
    # how the claim tells its event: "past" (it happened: simple past, present perfect, a
    # past report), "earlier" (past perfect: it happened before the story's occasion),
    # "future" (will, would, may, could: it has not happened), "present" (a state, a
    # commentary, a headline's present tense; a quotation so told, though its saying is
    # past: ``_quoted_aspect``). Background is told in the present or the future.
    aspect: str = "present"
    # phrases a date of their own places, other than the claim's date: {start, end (in
    # the document), date, precision, provenance, text} (``_dated_parts``)
    dated_parts: list[dict[str, Any]] = field(default_factory=list)
    # the day the claim was told on, when that is not its date ("The bridge was closed on
    # May 27, police said on Sunday": Sunday): what the sentences after it go on from
    told_on: DateValue | None = None


# What spaCy is never given (each stays in the document, and is never part of a claim):
# a run of 16 or more punctuation marks or symbols ("#####", "(((((", "!?!?!?"), which its
# tokenizer splits off one character at a time (quadratic: 8,000 "#" take 10 s), and a
# stretch of 1,000 characters without a space, which no language writes.
UNREADABLE = re.compile(r"[^\w\s]{16,}|\S{1000,}")
# A paragraph is given to spaCy in pieces of at most this many characters, cut after a
# sentence where there is one: its parse costs grow with the square of a piece's length
# (a 32 KB paragraph took 8 s, a 64 KB one 30 s) and spaCy refuses 1,000,000 (E088). No
# paragraph of the evaluation corpora is longer than 1,800 characters.
MAX_PIECE_CHARS = 3000
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+")
# A wire dateline near the start of a paragraph: a place in capitals, perhaps a date or a
# time stamp, the agency in brackets and a dash ("KYIV, June 3 (Reuters) -", "HAVANA (AP)
# --", "WASHINGTON | Tue Apr 21, 2009 10:19 pm EDT WASHINGTON (Reuters) -"), after a
# headline or a byline run into the line or none. spaCy reads from the lead on: run into
# the sentence, the place became the lead's subject and its verb a modifier of the date,
# and what comes before the lead is never a claim (a headline, a byline, a time stamp).
_DATELINE_WORD = r"(?:[A-Z0-9][\w.:'&/-]*,?|[|,:]|[ap]\.?m\.?)"
# the wire services whose datelines news reprints
_AGENCIES = ("Reuters", "Reuters Health", "AP", "AFP", "UPI", "Xinhua", "CNN", "Bloomberg",
             "dpa", "DPA", "PTI", "IANS", "ANI", "Kyodo", "Yonhap", "TASS", "ITAR-TASS",
             "Interfax", "RIA Novosti", "Ukrinform", "EFE", "ANSA", "AAP", "CP", "Anadolu",
             "IRNA", "KUNA", "WAM", "BBC", "NYT", "dpa-AFX")
_WIRE_DATELINE = re.compile(
    rf"\b[A-Z]{{3,}}\b,?(?:[ \t]+{_DATELINE_WORD}){{0,16}}[ \t]*\((?:{'|'.join(_AGENCIES)})\)"
    r"[ \t]*(?:-{1,2}|[\u2014\u2013_])[ \t]*(?=[\"'\u201c\u2018]?[A-Z0-9])"
)
# how far into a paragraph its dateline may end (and so its cost): past a wire story's
# summary run in ahead of it ("* WHO drawing up guidelines to protect workers handling
# pigs HONG KONG (Reuters) - ", five bullets and a byline: 420 characters)
_DATELINE_REACH = 500
# A live page's entry stamp: a paragraph that opens with a 24-hour time ("2358 UN Ban
# Ki-Moon has given an update", "13:19 Troylivesay tweets: ..."), on a page where several
# paragraphs do (a live blog posts its entries one under the other, each with its time).
# Read into the sentence, the time became a figure ("2244 Canada's Governor General") and
# opened the claim and the titles it gives; one such paragraph alone may be a year ("1998
# Bombings ...").
_LIVE_STAMP = re.compile(r"^[ \t]*(?:[01]\d|2[0-3]):?[0-5]\d(?:[ \t]+(?:GMT|BST|UTC|local))?"
                         r"[ \t]+(?=[\"'\u201c\u2018]?[A-Z])", re.M)
_LIVE_STAMPS = 3  # paragraphs a page's stamps open before they are read as stamps


# characters parsed in one batch: the parser's memory grows with a batch's text, and a
# text with no full stops is cut into pieces ten times a paragraph's length (64 of them
# took 490 MB for 190,000 characters; 8 took 70 MB)
BATCH_CHARS = 20_000


def batch_size(texts: list[str]) -> int:
    """How many of ``texts`` spaCy parses at once: 64 paragraphs of news, fewer long
    pieces, so that a batch holds about ``BATCH_CHARS`` characters."""
    if not texts:
        return 64
    mean = sum(map(len, texts)) / len(texts)
    return max(1, min(64, int(BATCH_CHARS // max(mean, 1.0))))


def pieces_of(text: str, skipped: list[list[Any]]) -> list[str]:
    """The texts spaCy reads for one document, in order (see ``segments``)."""
    return [text[s:e] for s, e in segments(text, skipped)]


def segments(text: str, skipped: list[list[Any]]) -> Iterator[tuple[int, int]]:
    """Paragraph-sized pieces of ``text`` outside the skipped (boilerplate) ranges, the
    :data:`UNREADABLE` runs, a live page's entry stamps (``_LIVE_STAMP``) and what a
    paragraph holds before its wire dateline's lead (``_WIRE_DATELINE``), none longer than
    :data:`MAX_PIECE_CHARS`. Linear in the size of the text and the number of ranges."""
    cuts = [(int(s), int(e)) for s, e, *_ in skipped] + [
        m.span() for m in UNREADABLE.finditer(text)]
    stamps = [m.span() for m in _LIVE_STAMP.finditer(text)]
    if len(stamps) >= _LIVE_STAMPS:
        cuts += stamps
    cuts.sort()
    first = 0  # the first cut that may still reach the line being cut
    for m in re.finditer(r"[^\n]+", text):
        start, end = m.start(), m.end()
        while first < len(cuts) and cuts[first][1] <= start:
            first += 1
        position = start
        index = first
        while index < len(cuts) and cuts[index][0] < end:
            cs, ce = cuts[index]
            if cs > position:
                yield from _pieces(text, position, cs)
            position = max(position, ce)
            index += 1
        if position < end:
            if (position - start < _DATELINE_REACH and (dateline := _WIRE_DATELINE.search(
                    text, position, min(end, start + _DATELINE_REACH)))):
                position = dateline.end()
            yield from _pieces(text, position, end)


def _pieces(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while end - start > MAX_PIECE_CHARS:
        limit = start + MAX_PIECE_CHARS
        cut = None
        for m in _SENTENCE_END.finditer(text, start + MAX_PIECE_CHARS // 2, limit):
            cut = m.end()
        if cut is None:
            space = text.rfind(" ", start + MAX_PIECE_CHARS // 2, limit)
            cut = space + 1 if space > 0 else limit
        if text[start:cut].strip():
            yield start, cut
        start = cut
    if text[start:end].strip():
        yield start, end


def _is_headline(sent) -> bool:
    words = [t for t in sent if t.is_alpha]
    if not words:
        return True
    if sent.text.rstrip()[-1:] in ".!\"'\u201d\u2019)":
        return False
    capitalised = sum(1 for t in words if t.text[0].isupper())
    return capitalised / len(words) > 0.6 or len(words) < 8


# a web address, a picture link or a handle: a post's or a page's sentence, not a report
LINKED = re.compile(r"https?://|pic\.twitter\.com|@\w{3,}")


def is_claim_sentence(sent) -> bool:
    text = sent.text.strip()
    if not text or text.endswith("?"):
        return False
    # "..." cuts a sentence short, unless it marks words left out after a complete one
    # ('said: "It was a great day." ...'): the same rule ingest uses for whole lines
    if text.endswith(("...", "\u2026")) and not ellipsis_marks_omission(text):
        return False
    if LINKED.search(text):
        return False
    # Numbers are words of a claim too ("The Dow lost 34% in 2008."), when something is
    # said of a subject: "Published June 3, 2025 12:01 PM" is a page's furniture.
    words = [t for t in sent if t.is_alpha]
    if any(t.dep_ in ("nsubj", "nsubjpass") for t in sent):
        words += [t for t in sent if t.like_num and not t.is_alpha]
    if len(words) < MIN_WORDS:
        return False
    if not any(t.pos_ in ("VERB", "AUX") for t in sent):
        return False
    return not _is_headline(sent)


def _tense(verb) -> str | None:
    if verb is None:
        return None
    for child in verb.children:
        if child.dep_ == "aux" and child.lower_ in ("will", "shall", "'ll", "wo"):
            return "future"
    if verb.lemma_ == "go" and any(c.dep_ == "xcomp" for c in verb.children) and verb.tag_ == "VBG":
        return "future"
    if "Past" in verb.morph.get("Tense") or verb.tag_ in ("VBD", "VBN"):
        return "past"
    for child in verb.children:
        if child.dep_ in ("aux", "auxpass") and "Past" in child.morph.get("Tense"):
            return "past"
    return None


def _date_tense(verb, date) -> str | None:
    """The tense ``date`` (a token) on ``verb`` is read in: the verb's own, and "future"
    for a date that says when an infinitive under a verb that is not past happens ("are
    expected to join in April", "is scheduled to close Monday", "plans to visit on
    Friday"): what someone expects, plans or is due to do lies ahead of the time they
    speak in. Under a past verb ("agreed last year to buy ... in February") it may lie on
    either side, and a date describing a noun ("to sell itself under a June agreement")
    says when that thing was; both keep no tense. A weekday in the possessive names an
    occasion ("to help victims of Tuesday's earthquake"): with no tense on its verb, it is
    read in the tense the sentence is told in (``_occasion_tense``)."""
    tense = _tense(verb)
    if tense == "past" and _present_passive(verb) and verb.lemma_.lower() in PLANNED:
        # "more food supplies are expected in Haiti on Saturday", "the hearing is
        # scheduled for Monday", told on a Friday: what is expected or planned now lies
        # ahead (the participle read it as past: the Saturday before)
        tense = "future"
    if tense == "past" and _modal_perfect(verb):
        # "we'd have arrived in Port-au-Prince on Saturday", told on a Friday: what would
        # have happened lies on either side, the nearest such day (the participle read it
        # as past: the Saturday before the quake)
        tense = None
    if tense is None and _possessive_weekday(date):
        return _occasion_tense(verb)
    if (tense is None and verb is not None and verb.tag_ == "VBG" and verb.dep_ == "pcomp"
            and _past_above(verb)):
        # a gerund told under a past verb happened then too ("died after suffering a
        # cardiac arrest at his home on Thursday": the Thursday before, not after)
        return "past"
    if tense is not None or verb is None or verb.tag_ != "VB" or verb.dep_ != "xcomp":
        return tense
    on_verb = date.head.i == verb.i or (date.head.dep_ == "prep" and date.head.head.i == verb.i)
    if not on_verb:
        return None
    if not any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children):
        return None
    head = verb.head
    if head.pos_ == "ADJ" and head.head.i != head.i:  # "ready to leave", "due to testify"
        head = head.head
    if not _past_form(head):
        return "future"
    if (head.dep_ == "acl" and head.lemma_.lower() in PLANNED and head.tag_ == "VBN"
            and not any(c.dep_ in ("aux", "auxpass") for c in head.children)
            and _tense(_clause_verb(head)) != "past"):
        # "with the hurricane season expected to start in June", told in the present: a
        # thing expected or planned now, its date ahead (read as past: the June before)
        return "future"
    # under a past verb that looks ahead ("agreed last year to buy ... in February", "was
    # to leave on Sunday") the date may lie on either side; under one that says the thing
    # was done, or tried ("managed to pull her out on Sunday", "failed to appear on
    # Friday"), it lies behind, as the verb does
    return "past" if head.lemma_.lower() in DONE_OR_TRIED else None


def _clause_verb(token):
    """The verb of the clause ``token`` describes a noun of: the verb above that noun."""
    node = token.head
    for _ in range(8):
        if node.pos_ in ("VERB", "AUX") or node.head.i == node.i:
            return node
        node = node.head
    return node


def _modal_perfect(verb) -> bool:
    """Is ``verb`` told with a modal and "have" ("would have arrived", "'d have been")?"""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    return (any(c.tag_ == "MD" for c in auxes)
            and any(c.lemma_.lower() == "have" for c in auxes))


# verbs whose present passive says what lies ahead: "is expected", "is scheduled" (not
# "set": a play "is set in Glasgow in 1984")
PLANNED = frozenset({"expect", "schedule", "plan", "slate", "book", "arrange"})


def _present_passive(verb) -> bool:
    """Is ``verb`` a participle told in the present passive ("are expected", "is set"), or
    in the present perfect passive ("has been scheduled": what has been planned is planned
    still)? Not with any other auxiliary ("had been", "will be", "was")."""
    if verb.tag_ != "VBN":
        return False
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if [(c.dep_, c.lower_) for c in auxes[-1:]] == [("auxpass", "been")]:
        # "has been", "have been": the perfect's own auxiliary in the present
        auxes = [c for c in auxes[:-1] if not (c.dep_ == "aux" and c.tag_ in ("VBZ", "VBP")
                                               and c.lemma_ == "have")]
        return not auxes
    return bool(auxes) and all(c.dep_ == "auxpass" and c.tag_ in ("VBZ", "VBP")
                               for c in auxes)


# verbs whose infinitive happened (or was tried, or failed) when they did: "managed to
# pull", "failed to appear", "began to fall", "tried to flee"
DONE_OR_TRIED = frozenset({"manage", "fail", "try", "attempt", "begin", "start", "continue",
                           "stop", "cease", "help", "refuse", "decline", "rush", "hurry",
                           "struggle", "happen", "dare", "bother", "neglect", "forget"})


def _past_above(verb) -> bool:
    """Is the nearest verb above ``verb`` told in the past? Not when it is an infinitive
    ("were to mark the anniversary by staging a show on Saturday": the plan of a past
    verb, which may lie ahead)."""
    node = verb
    for _ in range(8):
        if node.head.i == node.i:
            return False
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            return _tense(node) == "past"
    return False


def _possessive_weekday(date) -> bool:
    """"Tuesday's earthquake", "Sunday's vote": a weekday naming an occasion."""
    return date.dep_ == "poss" and date.lower_ in WEEKDAYS


def _occasion_tense(verb) -> str | None:
    """The tense a possessive weekday is read in when the verb it hangs on has none: that
    of the first verb above told in a tense. News told in the past or the present perfect
    names an occasion that has happened ("The UN has launched an appeal to help victims of
    Tuesday's earthquake", told on a Saturday: the Tuesday before, not the one ahead); told
    in the future, one ahead; told in the present ("is expected to attend Tuesday's
    summit"), no tense: the nearest such day."""
    node = verb
    for _ in range(6):  # a chain of infinitives and nouns up to a tensed verb
        if node is None:
            return None
        if _tense(node) == "future":
            return "future"
        if _past_form(node) or _present_perfect(node):
            return "past"
        if node.tag_ in ("VBZ", "VBP") or any(
                c.dep_ in ("aux", "auxpass") and c.tag_ != "TO" for c in node.children):
            return None
        if node.head.i == node.i:
            return None
        node = _governing_verb(node.head)
    return None


def _past_form(verb) -> bool:
    """A verb told in the past: a past tense, or a participle whose auxiliaries are past
    ("was expected"; "is expected" and "has agreed" are not)."""
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if aux:
        return any("Past" in a.morph.get("Tense") or a.tag_ == "VBD" for a in aux)
    return verb.tag_ in ("VBD", "VBN")


def _simple_past(verb) -> bool:
    """"Jobs unveiled", "the phone was praised": told as a past event, not a state."""
    if verb is None:
        return False
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if aux & {"has", "have", "had", "will", "would", "'s", "'ve", "'d"}:
        return False
    return verb.tag_ == "VBD" or (verb.tag_ == "VBN" and bool(aux & {"was", "were"}))


def _present_perfect(verb) -> bool:
    """"Apple has lost a visionary", "the board has granted me leave": news told in the
    present perfect is the story's event, not a state ("has been", "has had")."""
    if verb is None or verb.tag_ != "VBN" or verb.lemma_.lower() in ("be", "have"):
        return False
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    return bool(aux & {"has", "have", "'s", "'ve"}) and not aux & {"will", "would", "had"}


MODALS = frozenset({"would", "could", "may", "might", "should", "must", "can", "ca"})
_PERFECT_OR_PAST = frozenset({"has", "have", "'s", "'ve", "had", "did", "was", "were"})


def _told_in_present(root) -> bool:
    """Is the claim told in the simple present ("the resolution calls for", "he thinks
    steelmakers will report losses through 1990", "the board plans to meet on Thursday")?
    Such a claim holds when the piece is written, so a date in a clause under its verb
    dates that clause, not the claim. A reporting verb is different: "officials say the
    attack came on Monday" tells the attack. (A passive, "are expected to join in April",
    reads as past (``_tense``): the date stays the claim's.)"""
    if (root.pos_ not in ("VERB", "AUX") or root.lemma_.lower() in REPORTING_VERBS
            or _tense(root) is not None):
        return False
    aux = [c for c in root.children if c.dep_ in ("aux", "auxpass")]
    if {a.lower_ for a in aux} & (MODALS | _PERFECT_OR_PAST):
        return False
    return root.tag_ in ("VBZ", "VBP") or any(a.tag_ in ("VBZ", "VBP") for a in aux)


def _aspect(verb, root, narrative: bool) -> str:
    """"past", "earlier", "future" or "present" (see ``Claim.aspect``). A past report of
    a future event ("Budanov said the swap will begin next week") is past: the saying
    happened. A state in the past ("the stakes have never been higher") is no happening."""
    def aux(token) -> set[str]:
        return {c.lower_ for c in token.children if c.dep_ in ("aux", "auxpass")}

    if root.tag_ == "VBN" and "had" in aux(root):
        return "earlier"  # "Russia had previously accused Ukraine": before the occasion
    if narrative:
        return "past"
    for token in (root, verb):
        if token is None:
            continue
        if _tense(token) == "future" or aux(token) & MODALS:
            return "future"
        # "did not lead", "were suffering": a past told with an auxiliary
        if aux(token) & {"did", "was", "were"}:
            return "past"
    return "present"


def _quoted_aspect(span) -> str | None:
    """"present" or "future" for a quotation told so, its speaker after it ("'The process
    is quite complicated, negotiations continue virtually every day,' said Zelensky";
    "'This is a big deal,' noted Haring"; "'We will keep going out,' he told the BBC"):
    what someone thinks, sees or means to do, commentary, not the report of a happening,
    though the saying is told in the past. None for any other claim."""
    root = span.root
    first = next((t for t in span if not t.is_space), None)
    if root.lemma_.lower() not in REPORTING_VERBS or first is None or not first.is_quote:
        return None
    said = [c for c in root.children if c.dep_ in ("ccomp", "parataxis") and c.i < root.i]
    if not said:
        return None
    head = said[0]
    tense = _tense(head)
    if tense == "past" or _simple_past(head) or _present_perfect(head):
        return None
    if tense == "future" or any(c.dep_ == "aux" and c.tag_ == "MD" for c in head.children):
        return "future"
    if head.tag_ in ("VBZ", "VBP") or any(c.dep_ == "aux" and c.tag_ in ("VBZ", "VBP")
                                          for c in head.children):
        return "present"
    return None


def _governing_verb(token):
    node = token
    for _ in range(12):
        if node.pos_ in ("VERB", "AUX") and node.dep_ != "aux":
            return node
        if node.head.i == node.i:
            return node if node.pos_ in ("VERB", "AUX") else None
        node = node.head
    return None


def _event_token(verb):
    """The token naming the event a verb reports (see SUBJECT_LIGHT / OBJECT_LIGHT)."""
    if verb is None:
        return None
    lemma = verb.lemma_.lower()
    if lemma in SUBJECT_LIGHT or (
            lemma == "take" and any(c.lower_ == "place" for c in verb.children)):
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.pos_ in ("NOUN", "PROPN"):
                return _partitive(child)
            if (child.dep_ in ("nsubj", "nsubjpass") and child.tag_ in ("WDT", "WP")
                    and verb.dep_ == "relcl"):
                return verb.head
    if lemma in OBJECT_LIGHT and not any(c.dep_ == "prt" for c in verb.children):
        # ("made off with the jewels", "took over the firm": a phrasal verb is no light verb)
        for child in verb.children:
            # "held talks" / "talks were held": the event is the object, active or passive
            if child.dep_ in ("dobj", "nsubjpass") and (
                    child.pos_ == "NOUN" or child.lower_ in QUANTIFIERS):
                event = _partitive(child)
                if event.pos_ == "NOUN":
                    return event
    return verb


def _event_word(token) -> str:
    """The lemma naming the event, with a phrasal verb's particle: "made off with the
    jewels" is a theft and "took over the company" a takeover, not "make" or "take"."""
    particles = [c.lower_ for c in token.children if c.dep_ == "prt"]
    return " ".join([token.lemma_.lower(), *particles])


def _partitive(noun):
    """"a second round of talks" is about the talks, and so is "one of the talks"."""
    if noun.lemma_.lower() in PARTITIVES or noun.lower_ in QUANTIFIERS:
        for prep in noun.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for pobj in prep.children:
                    if pobj.dep_ == "pobj" and pobj.pos_ == "NOUN":
                        return pobj
    return noun


def _trigger(span, date_token=None):
    """(event token, its verb). A date that modifies a noun ("the June 2 peace talks",
    "talks in Istanbul on June 2") dates that noun's event, not the sentence's main verb."""
    root = span.root
    if date_token is not None:
        node = date_token.head
        for _ in range(4):
            if node.pos_ in ("VERB", "AUX") or node.i == node.head.i:
                break
            if node.pos_ == "NOUN" and node.dep_ != "npadvmod":
                return _partitive(node), _governing_verb(node)
            node = node.head
    verb = _governing_verb(date_token) if date_token is not None else root
    if verb is root and root.pos_ not in ("VERB", "AUX"):
        # "Russia-Ukraine Dialogue: No truce, but swap negotiations yield an agreement":
        # the parser made the title the root; the event is the clause hung on it
        verb = next((c for c in root.children if c.pos_ == "VERB" and any(
            g.dep_ in ("nsubj", "nsubjpass") for g in c.children)), root)
    if verb is not None and verb.lemma_.lower() in REPORTING_VERBS:
        for child in verb.children:
            if child.dep_ in ("ccomp", "xcomp") and child.pos_ in ("VERB", "AUX"):
                verb = child
                break
    token = _event_token(verb if verb is not None else root)
    if (token is verb and verb is not None and verb.dep_ in ("acl", "relcl")
            and verb.lemma_.lower() in SUBJECT_LIGHT | OBJECT_LIGHT and verb.head.pos_ == "NOUN"):
        token = verb.head  # "negotiations, held on May 16th"
    return token, verb


def _entity_text(span) -> str:
    """An entity's words, without a leading "the" and, for a person, without a birth or
    death the parser took into the name ("James Owen b. 1858")."""
    text = re.sub(r"^(?:the|The)\s+", "", span.text.strip())
    return person_name(text) if span.label_ == "PERSON" else text


def _speaker(span, last_person: str | None) -> tuple[str | None, str | None]:
    """(speaker, reporting verb) of an attributed claim."""
    for token in span:
        if token.lower_ == "according":
            for to in token.children:
                for pobj in to.children:
                    if pobj.dep_ == "pobj" and (pobj.pos_ == "PROPN" or pobj.ent_type_):
                        return _name_in(pobj, span), "according to"
    # a verb of saying in a clause that describes a thing says what the thing is, not who
    # tells the claim: "the regions Russia claimed after the 2022 referendums", "the
    # figures the ministry reported" (a person's clause, "Zelensky, who said ...", still
    # names a speaker)
    candidates = [t for t in span if t.pos_ == "VERB" and t.lemma_.lower() in REPORTING_VERBS
                  and not (t.dep_ in ("relcl", "acl") and t.head.pos_ == "NOUN")]
    candidates.sort(key=lambda t: (t != span.root, len(list(t.ancestors))))
    for verb in candidates:
        for child in verb.children:
            if child.dep_ in ("nsubj",):
                if child.lower_ in PRONOUNS:
                    return last_person, verb.lemma_.lower()
                if child.pos_ == "PRON":
                    continue
                return _name_in(child, span), verb.lemma_.lower()
    return None, None


def _name_in(token, span) -> str:
    """The most name-like part of a subject: a person, else a proper-noun chain, else an
    organisation/place, else the phrase itself."""
    subtree = list(token.subtree)
    lo, hi = subtree[0].i, subtree[-1].i + 1
    doc_ents, starts = _doc_ents(span.doc)
    ents = [e for e in doc_ents[bisect.bisect_left(starts, lo):] if e.end <= hi]
    for ent in ents:
        # a person in the possessive says whose the speaker is, not who ("Michael
        # Jackson's father, Joe Jackson, said": Joe Jackson; "Ms Fleming's partner
        # William McCann": McCann)
        if ent.label_ == "PERSON" and ent.root.dep_ != "poss":
            return _entity_text(ent)
    for head in [token, *[c for c in token.children if c.dep_ in ("conj", "appos")]]:
        if head.pos_ == "PROPN":
            chain = [c for c in head.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
            start = chain[0].i if chain else head.i
            while start < head.i and span.doc[start].lower_ in TITLES:
                start += 1  # "Minister Rustem Umerov" -> "Rustem Umerov"
            if not any(e.start <= head.i < e.end and e.label_ in ("ORG", "GPE", "NORP")
                       for e in ents):
                return span.doc[start: head.i + 1].text
    if token.pos_ == "NOUN" and any(c.dep_ == "poss" and c.pos_ in ("PRON", "PROPN")
                                    for c in token.children):
        # "said her mother, a cleaner for the UN": a person named by who they are to
        # someone, whose description names where they work, not who speaks
        return _entity_text(span.doc[token.left_edge.i: token.i + 1])
    named = [e for e in ents if e.label_ in ("ORG", "GPE", "NORP")]
    if named:
        # a name that only says whose (a modifier of the subject's head) speaks with that
        # head: "Ukrainian officials said", "Russia's defence ministry said" (their
        # speaker read "Ukrainian", "Russia")
        first = named[0]
        if (token.pos_ in ("NOUN", "PROPN") and first.end <= token.i
                and token.i - first.start < 6
                and all(t.dep_ in ("amod", "compound", "poss", "case", "nmod", "det")
                        or t.i >= first.start and t.i < first.end
                        for t in span.doc[first.start: token.i])):
            return _entity_text(span.doc[first.start: token.i + 1])
        if token.tag_ == "NNS" and first.start > token.i and hi - lo <= 5:
            # "officials in Kyiv said" (but "a spokesman for the UN" speaks for the UN)
            return _entity_text(span.doc[lo:hi])
        return _entity_text(first)
    phrase = span.doc[lo:hi]
    if len(phrase) > 8:
        phrase = span.doc[token.left_edge.i: token.i + 1]
    return _entity_text(phrase)


def _number_value(tokens) -> tuple[float | None, str | None]:
    """(value, qualifier) of a run of number words; vague counts ("hundreds") qualify
    themselves. English spells a number below a hundred as its tens and its units
    ("twenty-six", "Thirty three"), one below a thousand as hundreds and the rest ("two
    hundred fifty"), and a larger one as groups of those, each with its multiplier ("two
    thousand five hundred"): words that continue a group add up (``_adds_to``), a
    multiplier of a thousand or more closes one. Any other word after a number is left
    out ("two three-year-olds" is two)."""
    total: float | None = None  # the closed groups ("two thousand")
    group: float | None = None  # the group being read ("five hundred")
    for tok in tokens:
        low = tok.lower_.replace(",", "")
        if low in VAGUE:
            return VAGUE[low], low
        if re.fullmatch(r"\d+(?:\.\d+)?", low):
            group = float(low) if group is None else group * float(low)
        elif low in WORD_NUMBERS:
            if group is None:
                group = float(WORD_NUMBERS[low])
            elif _adds_to(group, WORD_NUMBERS[low]):
                group += WORD_NUMBERS[low]
        elif low == "hundred":
            group = (group or 1.0) * 100
        elif low in MULTIPLIERS:
            if group is None and total is not None:
                total *= MULTIPLIERS[low]  # "a thousand million"
            else:
                total = (total or 0.0) + (group or 1.0) * MULTIPLIERS[low]
                group = None
    if total is None:
        return group, None
    return total + (group or 0.0), None


TENS = frozenset({20, 30, 40, 50, 60, 70, 80, 90})


def _adds_to(group: float, word: int) -> bool:
    """Does a number word ``word`` continue the group ``group`` ("twenty" + "six", "two
    hundred" + "fifty")? Units after tens, and tens, teens or units after whole hundreds;
    not a units word after units or teens ("six seven", "eleven two")."""
    if group != int(group) or not 0 < word < 100:
        return False
    below_hundred = int(group) % 100
    if 0 < word < 10 and below_hundred in TENS:
        return True
    return below_hundred == 0 and 100 <= group < 1000


def _hyphenated_units(doc, i: int) -> bool:
    """Is ``doc[i]`` the hyphen of a spelled number ("twenty-six", "forty-five"), which
    the tokenizer splits in three?"""
    return (doc[i].text == "-" and 0 < i < len(doc) - 1 and not doc[i - 1].whitespace_
            and not doc[i].whitespace_ and WORD_NUMBERS.get(doc[i - 1].lower_) in TENS
            and 0 < WORD_NUMBERS.get(doc[i + 1].lower_, 0) < 10)


def _hundreds_and(doc, i: int, first) -> bool:
    """Is ``doc[i]`` the "and" of "one hundred and six", as British English spells a
    number? Not where the "and" joins two ends of a range: after "between" or "from"
    ("between three hundred and four hundred"), or before hundreds of its own ("three
    hundred and four hundred"). "Two hundred and fifty thousand" is read whole."""
    if doc[i].lower_ != "and" or i + 1 >= len(doc) or doc[i - 1].lower_ != "hundred":
        return False
    if not 0 < WORD_NUMBERS.get(doc[i + 1].lower_, 0) < 100 or doc[i + 1].lower_ in ("a", "an"):
        return False
    after = i + 4 if i + 2 < len(doc) and _hyphenated_units(doc, i + 2) else i + 2
    if after < len(doc) and doc[after].lower_ == "hundred":
        return False
    return not _RANGE_OPEN.search(doc_text(doc)[max(0, first.idx - 20):first.idx])


def ents_in(span) -> list:
    """``span.ents``, from the doc's entities read once: spaCy rebuilds the whole doc's
    entities on each ``span.ents`` (a fifth of a claim's time). Entities that start in
    the span and end in it, stopping at the first that ends past it, as spaCy does.
    ``_ordinal_days`` sets the doc's entities before any is read."""
    ents, starts = _doc_ents(span.doc)
    out = []
    for ent in ents[bisect.bisect_left(starts, span.start):]:
        if ent.end > span.end:
            break
        out.append(ent)
    return out


def _doc_ents(doc) -> tuple[tuple[Any, ...], list[int]]:
    """The doc's entities and where each starts, read once (see ``ents_in``)."""
    cached = doc.user_data.get("workbench.ents")
    if cached is None:
        ents = tuple(doc.ents)
        cached = doc.user_data["workbench.ents"] = (ents, [e.start for e in ents])
    return cached


def _set_ents(doc, ents: list) -> None:
    """The doc's entities made ``ents``; ``ents_in`` reads them anew."""
    doc.ents = ents
    doc.user_data.pop("workbench.ents", None)


def forget_reads(doc) -> None:
    """Drop what ``ents_in`` and ``doc_text`` keep on ``doc``."""
    for key in ("workbench.ents", "workbench.text"):
        doc.user_data.pop(key, None)


def doc_text(doc) -> str:
    """``doc.text``, built once per spaCy doc: spaCy joins every token's text on each
    access, and reading figures asked for it several times a claim (a third of the time
    spent on a claim)."""
    text = doc.user_data.get("workbench.text")
    if text is None:
        text = doc.user_data["workbench.text"] = doc.text
    return text


ORDINAL_WORDS = {w: i for i, w in enumerate(
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth"
    .split()) if i}


def _ordinal(tok, span, trigger: str | None) -> dict[str, Any] | None:
    """"the second round of talks", "stopped him in the 6th round": which one of a series
    the event is, kept apart from counts ("nth round", not "round") so that "11 rounds"
    never clashes with it. Only for the event itself (the claim's trigger) or a part of a
    series (``PARTITIVES``): "the second floor" or "the fifth head coach" are details."""
    head = tok.head
    if (tok.dep_ != "amod" or head.pos_ != "NOUN" or not tok.i < head.i < span.end
            or head.lemma_.lower() not in PARTITIVES | {trigger}
            or any(t.like_num for t in tok.doc[tok.i + 1:head.i])):  # "first 17 points"
        return None
    low = tok.lower_
    value = ORDINAL_WORDS.get(low)
    if value is None and re.fullmatch(r"\d+(?:st|nd|rd|th)", low):
        value = int(low[:-2])
    if not value:
        return None
    return {"value": float(value), "text": doc_text(tok.doc)[tok.idx:head.idx + len(head.text)],
            "unit": f"nth {head.lemma_.lower()}", "qualifier": None}


def _numbers(span, trigger: str | None = None) -> list[dict[str, Any]]:
    doc = span.doc
    out = []
    used: set[int] = set()
    for tok in span:
        if tok.ent_type_ == "ORDINAL" and tok.i not in used:
            found = _ordinal(tok, span, trigger)
            if found:
                end = tok.idx + len(found["text"])
                out.append({**found, "_at": (tok.idx, end, end)})
            continue
        if tok.i in used or tok.ent_type_ in ("DATE", "TIME", "ORDINAL"):
            continue
        low = tok.lower_
        suffixed = money.SUFFIXED.fullmatch(low)  # "$2bn"
        if not (tok.like_num or low in VAGUE or suffixed) or low in ("a", "an", "one"):
            continue
        # The run of number words ("6,000", "nearly 400", "1.5 million"); not a date
        # after it ("a $9.6 billion fourth-quarter loss")
        run = [tok]
        j = tok.i + 1
        while j < span.end and not suffixed:
            if (_hyphenated_units(doc, j) or _hundreds_and(doc, j, tok)) and j + 1 < span.end:
                j += 1  # "twenty-six", "a hundred and six": one number, read whole
            elif not (doc[j].like_num or doc[j].lower_ in MULTIPLIERS) \
                    or doc[j].ent_type_ in ("DATE", "TIME", "ORDINAL"):
                break
            run.append(doc[j])
            j += 1
        used.update(t.i for t in run)
        value: float | None
        if suffixed:
            value, qualifier = (float(suffixed.group(1).replace(",", ""))
                                * money.SUFFIXES[suffixed.group(2).lower()]), None
        else:
            value, qualifier = _number_value(run)
        if value is None or _part_of_a_name(tok, run[-1], value):
            continue
        sum_of_money = _money(span, run, value, qualifier)
        if sum_of_money is not None:
            number, tokens = sum_of_money
            used.update(t.i for t in tokens)  # its suffix or currency word too
            out.append(number)
            continue
        if suffixed:
            continue  # "a 10m fall" is ten metres: "m" means a million only in a sum
        if value >= 1900 and value <= 2100 and len(run) == 1 and "," not in tok.text:
            continue
        last = run[-1]
        unit = None
        of_unit = None  # "hundreds of soldiers"
        counted = last  # the token standing for what is counted
        after = doc[last.i + 1] if last.i + 1 < span.end else None
        head = last.head if last.dep_ == "nummod" and last.head.pos_ in ("NOUN", "PROPN") else None
        if head is not None and head.i > last.i and head.tag_ in ("NNS", "NNPS"):
            # "3 pirate ships": the plural noun counted, not the word before it; but
            # "1,000 POW exchange" counts POWs, so only a plural head takes over
            unit, counted = head.lemma_.lower(), head
        elif after is not None and after.pos_ in ("NOUN", "PROPN") and not after.is_stop:
            unit, counted = after.lemma_.lower(), after
        elif head is not None:
            unit, counted = head.lemma_.lower(), head
        else:
            for child in last.children:
                if child.dep_ == "prep" and child.lower_ == "of":
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            unit = pobj.lemma_.lower()
                            of_unit = pobj  # what happened is told of "hundreds"
        start = tok.idx
        if qualifier is None:
            qualifier, start = _qualifier(span, tok)  # "at least 1,000 ..."
        end = figure_end = last.idx + len(last.text)
        if unit and last.dep_ == "nummod" and last.head.i > last.i:
            end = last.head.idx + len(last.head.text)  # "1,000 prisoners"
        elif of_unit is not None and of_unit.i < span.end:
            end = of_unit.idx + len(of_unit.text)
        out.append({"value": value, "text": doc_text(doc)[start:end], "unit": unit,
                    "qualifier": qualifier, "event": _count_event(counted) if unit else None,
                    "by": _count_owner(counted) if unit else None,
                    "_at": (start, figure_end, end)})
    text = doc_text(doc)
    return [{k: v for k, v in n.items() if k != "_at"}
            for n in _ranges(text, _vague_products(text, out))]


# labels of spaCy's entities that are figures, not names
FIGURE_LABELS = frozenset({"CARDINAL", "QUANTITY", "MONEY", "PERCENT", "ORDINAL", "DATE",
                           "TIME"})
# a place, a people or a person before a number ends its phrase, and a count may begin
# where a comma was left out: "In Haiti 200,000 people died"
_ENDS_A_PHRASE = frozenset({"GPE", "LOC", "NORP", "PERSON"}) | FIGURE_LABELS


def _part_of_a_name(first, last, value: float) -> bool:
    """Is the number ``first`` .. ``last`` part of a name: "Radio 1", "Channel 4",
    "Apollo 11", "Flight 93", "BBC Two", "the Formula 1 title"? English puts a count
    before what it counts ("20 people"); a number right after a capitalised word says
    which one of that name, and counts nothing. It is one when the parser's entity holds
    the word and the number (a name's entity: not a figure, place, people or person), or
    when the word is a proper noun, not a place, people or person, tied to the number by
    the parse (one modifies the other, or both the same noun).

    A number of two or more before a plural noun it counts is a count all the same: a
    scraped caption glued to a sentence ("Photograph: PA Two Britons have ...", read as
    one ORG) must not cost the sentence its count. So does a number that opens an entity
    ("Three Britons", mislabelled ORG) or follows a place ("In Haiti 200,000 died")."""
    if first.i == 0:
        return False
    word = first.doc[first.i - 1]
    if not word.is_alpha or word.is_lower or word.pos_ not in ("PROPN", "NOUN"):
        return False  # "Between 115 and 200 ..." after a live blog's time: no name
    counted = last.head
    if (value >= 2 and last.dep_ == "nummod" and counted.i > last.i
            and counted.tag_ in ("NNS", "NNPS")):
        return False
    if first.ent_iob_ == "I" and first.ent_type_ not in _ENDS_A_PHRASE:
        return True  # the entity began with the word before: "Radio 1" (ORG)
    if word.pos_ != "PROPN" or word.ent_type_ in _ENDS_A_PHRASE:
        return False
    return (first.head.i == word.i or word.head.i == first.i
            or (word.head.i == first.head.i and word.dep_ in ("compound", "nmod")))


def _qualifier(span, first) -> tuple[str | None, int]:
    """(qualifier, where the figure's text starts) from the words before its first token:
    "at least" 1,000, "more than" $400 million; (None, the token's start) without one."""
    doc = span.doc
    before = doc[max(span.start, first.i - 3): first.i].text.lower()
    for phrase, name in QUALIFIERS:
        if before.endswith(phrase):
            return name, doc[first.i - len(phrase.split())].idx
    return None, first.idx


# verbs that only relate a count to its event ("the swap would involve 1,000 prisoners")
COUNT_LIGHT = {"be", "have", "include", "involve", "number", "total", "reach", "comprise",
               "contain", "see", "get", "bring", "leave"}
# of those, the verbs that say nothing of what a count that is their subject did ("200
# people were ...", "20 families have ..."); "200,000 people have left", "1,000 people
# reached the border" tell a happening
_SUBJECT_LIGHT = frozenset({"be", "have", "number", "total", "comprise", "contain"})


# participles that say how sure a count is, not what happened to it
_HEDGES = frozenset({"estimate", "report", "expect", "believe", "fear", "suspect", "claim"})
# verbs whose subject's happening is told in their complement: "3 million people are
# believed to have been badly affected" were affected, "200 are thought to be trapped"
# are trapped, "20 appear to have died" died
_RAISING = _HEDGES | {"think", "say", "know", "presume", "confirm", "understand", "seem",
                      "appear"}
# verbs that put their subject where it is: "12 people were in hospital", "nine remain in
# hospital", "three million are in need of aid" count the hospitalised and the needy
_PLACING = frozenset({"be", "remain", "stay"})


def _count_event(counted) -> str | None:
    """What happened to the things a number counts: "killed 10 people" and "injured 612
    others" count two things, though both are people; "a 35-yard pass" measures a pass.
    The verb or noun the count belongs to, or None when the parse does not say (then the
    count is compared with any count of the same unit)."""
    node = counted
    while node.dep_ == "conj" and node.head.i != node.i:  # "killed 10 and injured 612"
        node = node.head
    if node.dep_ in ("compound", "amod", "nmod") and node.head.pos_ == "NOUN" and (
            node.head.i > node.i):
        while node.dep_ in ("compound", "amod", "nmod") and node.head.i > node.i:
            node = node.head
        return node.lemma_.lower()  # "a 35-yard touchdown pass"
    for child in counted.children:  # "10 people killed", "355 damaged shops"
        if child.lemma_.lower() in _HEDGES:
            continue  # "an estimated 1.5 million people": how sure, not what happened
        if (child.dep_ == "acl" and child.pos_ == "VERB"
                or child.dep_ == "amod" and child.tag_ == "VBN" and child.i < counted.i
                # "left 1.5 million people homeless": an adjective after the noun is the
                # state the count is in
                or child.dep_ == "amod" and child.pos_ == "ADJ" and child.i > counted.i):
            return child.lemma_.lower()
    verb = None
    if node.dep_ == "nsubj" and node.head.pos_ == "ADJ" and node.head.i > node.i:
        return node.head.lemma_.lower()  # "left as many as 200,000 people dead"
    if node.dep_ in ("nsubj", "nsubjpass", "dobj", "npadvmod", "attr") and (
            node.head.pos_ in ("VERB", "AUX")):
        verb = node.head  # "killed 10 people", "10 people died", "fell 2.5 percent"
    elif node.dep_ == "pobj":
        owner = node.head.head
        if owner.pos_ == "NOUN":
            return owner.lemma_.lower()  # "the deaths of 10 people", "home to 120,000"
        if owner.pos_ in ("VERB", "AUX"):
            verb = owner  # "rushed for 404 yards"
            if node.head.lower_ in ("to", "at"):
                # "unemployment rose to 7.3 percent": a level of the subject, not a rise
                return money.common_subject(verb)
    if verb is None:
        return None
    if node.dep_ in ("nsubj", "nsubjpass"):
        while verb.lemma_.lower() in _RAISING and (comp := next(
                (c for c in verb.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")),
                None)) is not None:
            verb = comp
    if node.dep_ in ("nsubj", "nsubjpass", "dobj"):
        # "200,000 people are dead", "left 1.5 million people homeless": the state the
        # count is in is what happened to them (dead is a death; homeless is not)
        state = next((c for c in verb.children if c.dep_ in ("acomp", "oprd")
                      and c.pos_ == "ADJ"), None)
        if state is not None:
            return state.lemma_.lower()
    if node.dep_ == "nsubj" and verb.lemma_.lower() in _PLACING:
        place = next((c for c in verb.children if c.dep_ == "prep"), None)
        where = next((c for c in place.children if c.dep_ == "pobj" and c.pos_ in (
            "NOUN", "ADJ")), None) if place is not None else None
        if where is not None:
            return where.lemma_.lower()
    light = verb.lemma_.lower() in (_SUBJECT_LIGHT if node.dep_ == "nsubj" else COUNT_LIGHT)
    if light or node.dep_ == "attr":
        # "turnout was 52 percent", "the swap would involve 1,000 prisoners"
        return money.common_subject(verb) if node.dep_ != "nsubj" else None
    # "about 200,000 people have left the city": the count did what the verb says (left
    # as a state, "left 1.5 million people homeless", is read above)
    return verb.lemma_.lower()


def _count_owner(counted) -> str | None:
    """Whose count it is, when a name says so: "Charles' 226 yards", "Garrard completed 28
    passes", "Russia returned 390 soldiers" (the name's last word, lower case). Two
    players' yards or two sides' returned soldiers are two facts, not a disagreement."""
    for child in counted.children:
        if child.dep_ == "poss" and child.pos_ == "PROPN":
            return child.lower_
    node = counted
    while node.dep_ == "conj" and node.head.i != node.i:
        node = node.head
    verb = node.head if node.dep_ in ("dobj", "npadvmod") else (
        node.head.head if node.dep_ == "pobj" else None)
    while verb is not None and verb.dep_ == "conj" and verb.head.pos_ == "VERB" and not any(
            c.dep_ == "nsubj" for c in verb.children):
        verb = verb.head  # "Garrard completed 28 passes and ran for two yards"
    if verb is None or verb.pos_ != "VERB":
        return None
    for child in verb.children:
        if child.dep_ == "nsubj":
            if child.pos_ == "PROPN":
                return child.lower_
            if child.tag_ in ("WP", "WDT") and verb.dep_ == "relcl" and verb.head.pos_ == "PROPN":
                return verb.head.lower_  # "Garrard, who completed 28 passes"
            return None
    return None


_RANGE_JOIN = re.compile(r"\s*(?:to|-|\u2013|\u2014)\s*", re.I)
_RANGE_AND = re.compile(r"\s*and\s*", re.I)
_RANGE_OPEN = re.compile(r"\b(between|from)\s+$", re.I)


def _ranges(text: str, numbers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Two figures that write one range ("between $140 million and $150 million",
    "$145 million to $175 million", "300-400 soldiers") become one figure with a ``high``
    end. Read apart, each end clashed with any figure inside the range. The first end may
    leave its multiplier to the second ("between $140 and $150 million")."""
    out: list[dict[str, Any]] = []
    for n in numbers:
        prev = out[-1] if out else None
        if prev is None or "high" in prev or n["qualifier"]:
            out.append(n)
            continue
        gap = text[prev["_at"][1]:n["_at"][0]]  # from the end of the first figure
        opener = _RANGE_OPEN.search(text[:prev["_at"][0]])
        # "about 45,000-50,000 people", "as many as 50,000-100,000": the words before the
        # first end say the range is a guess; they never open a range "and" joins
        joined = _RANGE_JOIN.fullmatch(gap) or (
            _RANGE_AND.fullmatch(gap) and opener and not prev["qualifier"])
        if not joined or prev["unit"] not in (None, n["unit"]) or (
                prev["qualifier"] in VAGUE):
            out.append(n)
            continue
        low = prev["value"]
        scale = written_figure(n)[0]
        if written_figure(prev)[0] == 1.0 and scale > 1.0 and low * scale <= n["value"]:
            low *= scale  # "between $140 and $150 million"
        if low > n["value"]:
            out.append(n)
            continue
        start = opener.start() if opener else prev["_at"][0]
        end = max(prev["_at"][2], n["_at"][2])
        # the happening and the party are the second end's, which holds the counted noun
        out[-1] = {**n, "value": low, "high": n["value"], "text": text[start:end],
                   "qualifier": prev["qualifier"], "_at": (start, n["_at"][1], end)}
    return out


def _vague_products(text: str, numbers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """"Tens of thousands of people", "hundreds of thousands": one figure, the product
    (10,000, read as tens of thousands are), not "tens" and "thousands of people" apart."""
    out: list[dict[str, Any]] = []
    for n in numbers:
        prev = out[-1] if out else None
        if (prev is not None and prev["qualifier"] in VAGUE and prev["unit"] is None
                and "high" not in prev and n["qualifier"] in VAGUE
                and text[prev["_at"][1]:n["_at"][0]].lower() == " of "):
            out[-1] = {**n, "value": prev["value"] * n["value"], "qualifier": prev["qualifier"],
                       "text": text[prev["_at"][0]:n["_at"][2]],
                       "_at": (prev["_at"][0], n["_at"][1], n["_at"][2])}
            continue
        out.append(n)
    return out


def written_figure(number: dict[str, Any]) -> tuple[float, int]:
    """(scale, decimals) of a figure as its text writes it: how much the written digits
    are multiplied by and how many decimals they give ("$2.5 billion": a billion, 1)."""
    m = re.search(r"(\d[\d,]*)(?:\.(\d+))?", number.get("text") or "")
    if not m:
        return 1.0, 0
    decimals = m.group(2) or ""
    written = float(m.group(1).replace(",", "") + (f".{decimals}" if decimals else ""))
    return (number["value"] / written if written else 1.0), len(decimals)


def _money(span, run, value: float, qualifier: str | None) -> tuple[dict[str, Any], list] | None:
    """A sum of money ("$30.9 billion", "£40m", "85 million euros") with the thing it
    measures as its unit ("loss ($)", see ``money``), and the tokens that write it; None
    for a figure that is no sum."""
    doc = span.doc
    symbol = money.symbol_before(doc, run[0], span.start)
    tokens = ([symbol] if symbol is not None else []) + list(run)
    last = run[-1]
    suffix, factor = money.suffix_after(doc, last, span.end)
    if suffix is not None and (symbol is not None or last.ent_type_ == "MONEY"):
        tokens.append(suffix)
        value *= factor
        last = suffix
    word = money.word_after(doc, last, span.end) if symbol is None else None
    if word is not None:
        tokens.append(word)
    if symbol is not None:
        currency = money.SYMBOLS[symbol.lower_]
    elif word is not None:
        currency = money.WORDS[word.lemma_.lower()]
    else:
        return None
    start = tokens[0].idx
    if qualifier is None:
        qualifier, start = _qualifier(span, tokens[0])  # "more than $400 million"
    end = tokens[-1].idx + len(tokens[-1].text.rstrip("."))
    return {"value": value, "text": doc_text(doc)[start:end], "unit": money.unit(currency, tokens),
            "qualifier": qualifier, "_at": (start, end, end)}, tokens


CLAUSE_DEPS = {"relcl", "acl", "advcl", "ccomp", "xcomp", "csubj", "pcomp"}


def _clause_depth(token, span) -> int:
    """How many clause boundaries lie between a token and the root of its span."""
    return sum(1 for node, _ in _climb(token, span) if node.dep_ in CLAUSE_DEPS)


def _climb(token, span):
    """(node, its head) from ``token`` up the parse, stopping at the span's root (or the
    sentence's, when the span's lies elsewhere)."""
    node = token
    while node.head.i != node.i and node.i != span.root.i:
        yield node, node.head
        node = node.head


def _finite(verb) -> bool:
    """A verb that can carry a claim of its own: tensed, or with a tensed auxiliary."""
    if verb.tag_ in ("VBD", "VBZ", "VBP", "MD"):
        return True
    # the parser calls the "to" of an infinitive an auxiliary: "the second one to hit
    # Qeshm in the past 24 hours" has no claim of its own
    return any(c.dep_ in ("aux", "auxpass") and c.tag_ != "TO" for c in verb.children)


def _named_subject(verb) -> bool:
    """A coordinated clause stands alone only with a subject of its own that names
    something ("and Kyiv denied it"), not a pronoun ("and some held captive")."""
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.pos_ in ("NOUN", "PROPN")
               for c in verb.children)


def _shares_subject(verb) -> bool:
    """"He fought cancer in 2004 and took leave in 2009": a second verb phrase with no
    subject of its own tells a second event of the same subject."""
    if any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in verb.children):
        return False
    return verb.head.pos_ in ("VERB", "AUX") and any(
        c.dep_ in ("nsubj", "nsubjpass") for c in verb.head.children)


ENTITY_HEAD_TYPES = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT", "WORK_OF_ART"}


def _entity_modifier(token, span):
    """The clause describing a named entity that ``token`` lies in ("Jobs, born in San
    Francisco on February 24, 1955, ...", "the A380, which first flew in 2005, ..."), or
    None. A date there is the entity's history, not the date of the event the claim tells."""
    for node, head in _climb(token, span):
        if (node.dep_ in ("acl", "relcl", "appos") and node.pos_ in ("VERB", "AUX")
                and head.i != span.root.i
                and (head.pos_ == "PROPN" or head.ent_type_ in ENTITY_HEAD_TYPES)):
            return node
    return None


def _object_history(token, span):
    """The clause describing a thing the event acts on that ``token`` lies in ("claims
    that the store violates an agreement reached in 1991", "returned prisoners captured in
    2022"), or None. A date there is the history of that thing, not the date of the event
    the claim tells. Only the date's own clause counts, and only when it describes an
    object: a described subject is usually the event itself ("talks held on June 2
    ended")."""
    for node, head in _climb(token, span):
        if node.dep_ in CLAUSE_DEPS:
            if (node.dep_ in ("acl", "relcl") and node.pos_ in ("VERB", "AUX")
                    and _describes_object(head, span)):
                return node
            # "surpassing the exchange agreed at talks in May": a participle right after
            # an object noun describes it, whatever clause the parser hung it on
            before = node.doc[node.i - 1] if node.i > span.start else None
            if (_reduced_relative(node) and before is not None
                    and _describes_object(before, span) and before.head.i != node.i):
                return node
            return None
    return None


def _of_what_the_event_acts_on(token, span) -> bool:
    """A date written on a noun hung by "of" on the thing the event acts on ("to help
    victims of Tuesday's earthquake", "to release details of yesterday's call volume
    soon"): it says when that noun's occasion was, not when the claim's event was (the
    appeal was not launched on the Tuesday of the quake). A date hung by a preposition
    ("the subject of a manhunt in November") may be the event's, wherever the parser put
    it, and is left alone."""
    noun = token.head
    of = noun.head
    return (token.dep_ in ("poss", "compound", "amod", "nmod") and noun.dep_ == "pobj"
            and of.lower_ == "of" and of.head.i != of.i
            and of.head.dep_ in ("dobj", "dative") and _describes_object(of.head, span))


# words that place what is told after an occasion ("after Tuesday's quake", "the scenes
# which have followed Tuesday's earthquake"), as prepositions or as the verb
_AFTER = frozenset({"after", "since", "following", "follow"})


def _after_an_occasion(token, span) -> bool:
    """A date in the possessive on an occasion what is told comes after ("the scenes which
    have followed Tuesday's earthquake have led to people giving 12m", "in the days after
    Saturday's vote"): the occasion's date, not the date of what is told, which was the
    quake's for twenty sentences of an article written three days on."""
    if token.dep_ != "poss":
        return False
    noun = token.head
    return noun.i != span.root.i and noun.dep_ in ("pobj", "dobj") and (
        noun.head.lemma_.lower() in _AFTER or noun.head.lower_ in _AFTER)


def _describes_object(noun, span) -> bool:
    """A noun the event acts on (its object or predicate), not a date and not the root."""
    return (noun.pos_ == "NOUN" and noun.dep_ in ("dobj", "attr", "dative")
            and noun.ent_type_ not in ("DATE", "TIME") and noun.i != span.root.i)


def _reduced_relative(verb) -> bool:
    """A past participle with no auxiliary and no subject of its own ("the exchange
    agreed at talks", "prisoners captured in 2022"); the tagger often calls it a past
    tense, but a past tense with no subject is no clause of its own."""
    return verb.tag_ in ("VBN", "VBD") and verb.pos_ == "VERB" and not any(
        c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for c in verb.children)


_BARE_YEAR = re.compile(r"^(?:1[5-9]|20)\d\d$")


def _names_a_thing(ent) -> bool:
    """A bare year inside a noun phrase, telling which thing it is: "a 2003 murder case",
    "the 2007 Oscars", "That 1978 resolution calls for ...". It dates that noun phrase (a
    dated part), never the claim: the resolution calls for it now. A day is different:
    "the June 2 talks", "a Friday evening service" say when."""
    head = ent.root.head
    before = ent.doc[ent.start - 1] if ent.start > ent.sent.start else None
    return (_BARE_YEAR.match(ent.text.strip()) is not None
            and ent.root.dep_ in ("nummod", "compound", "amod", "poss") and head.i != ent.root.i
            and head.pos_ in ("NOUN", "PROPN") and head.ent_type_ not in ("DATE", "TIME")
            and not ent.start <= head.i < ent.end
            # a year that opens a sentence, as on each line of a timeline ("1976 Steve
            # Jobs founds Apple"), says when
            and before is not None and not before.is_space)


# words that make a noun an earlier event than the one told ("follows a previous swap");
# not "last" ("played on its last championship team in 1983" is the told event)
_EARLIER_WORDS = frozenset({"previous", "earlier", "prior", "preceding", "former"})
_NOUN_TO_DATE = frozenset({"in", "on", "at", "during", "of"})  # "a swap in May"


def _earlier_event(ent, span):
    """The noun an earlier event is named by, when the date ``ent`` right after it belongs
    to it ("This exchange follows a previous swap in May", "after an earlier round on May
    16"), or None. The parse often hangs such a date on the main verb, so this reads the
    words: preposition, then a noun with "previous"/"earlier"/... before it. Not when that
    noun is what the claim is about (its subject: "The previous swap in May involved 390
    soldiers")."""
    doc = ent.doc
    prep = ent.start - 1
    if prep <= span.start or doc[prep].lower_ not in _NOUN_TO_DATE:
        return None
    noun = doc[prep - 1]
    if noun.pos_ != "NOUN" or noun.dep_ in ("nsubj", "nsubjpass") or noun.i == span.root.i:
        return None
    before = {t.lower_ for t in doc[max(span.start, noun.i - 3):noun.i]}
    return noun if before & _EARLIER_WORDS else None


def _after_report(value: str | None, base: Base) -> bool:
    """Does the date ``value`` lie after the day the text was published, at its own
    precision (a month after the report's month)?"""
    if not value or base.date is None:
        return False
    return value > iso(base.date, precision_of(value) or "day")


def _reported_future(token, span, value: str | None, base: Base) -> bool:
    """A date after the publication day in what someone said or promised ("Jobs announced
    that Leopard would be released in 2007", "this switch, he said, would happen next
    year"): the date of a forecast, not of the statement the claim reports."""
    if base.provenance != "given" or not _after_report(value, base):
        return False
    top = token
    for node, head in _climb(token, span):
        if (node.dep_ in ("ccomp", "xcomp") and head.lemma_.lower() in REPORTING_VERBS
                and _tense(head) != "future"):
            return True
        top = head
    # "..., he said, would happen": the saying hangs off the reported clause
    return any(c.dep_ == "parataxis" and c.lemma_.lower() in REPORTING_VERBS
               and _tense(c) != "future" for c in top.children)


# verbs whose object is an event that has not happened: "proposed a third meeting in late
# June", "called for talks on Friday", "scheduled a vote for March 3"
PROPOSING = frozenset({"propose", "suggest", "plan", "schedule", "call", "seek", "offer",
                       "invite", "request", "demand", "urge", "want", "set"})


def _proposed_event(token, span) -> bool:
    """Is the date on an event someone proposed, planned or asked for (the noun the date
    hangs on is the object of such a verb)? It dates that plan's event, not the claim."""
    node = token
    for _ in range(4):
        head = node.head
        if head.i == node.i or not (span.start <= head.i < span.end):
            return False
        if head.pos_ == "VERB" and head.lemma_.lower() in PROPOSING and node.dep_ in (
                "prep", "npadvmod"):
            # "proposed a third meeting in late June": after the object, the date is the
            # object's, wherever the parser hung it
            objects = [c for c in head.children if c.dep_ == "dobj"]
            objects += [o for c in head.children if c.dep_ == "prep" and c.lower_ == "for"
                        for o in c.children if o.dep_ == "pobj"]  # "called for elections"
            return any(o.pos_ == "NOUN" and o.i < node.i for o in objects)
        if head.pos_ == "NOUN" and node.dep_ in ("pobj", "prep", "npadvmod", "compound",
                                                 "nmod", "amod"):
            verb = head.head
            if head.dep_ == "pobj" and verb.lower_ == "for":  # "called for talks on Friday"
                verb = verb.head
            return (head.dep_ in ("dobj", "pobj") and verb.pos_ == "VERB"
                    and verb.lemma_.lower() in PROPOSING)
        node = head
    return False


def _planned_occasion(token, span, value: str | None, base: Base) -> bool:
    """Is the date that of an occasion still ahead of the report, which a participle or
    "due" describes as planned ("elections due to be held on 28 February will be
    postponed", "the vote scheduled for 28 February was delayed", told on 28 January)?
    What the claim tells of it (put off, called off, moved) happened by the day it was
    reported, so the planned day dates the occasion (a dated part), not the claim. A
    planned day before the report may be the day it was called off ("a memorial service
    planned for Saturday was canceled", told on Sunday): that one stays the claim's."""
    if not _after_report(value, base):
        return False
    for _node, head in _climb(token, span):
        if head.lower_ == "due" or (head.dep_ == "acl" and head.tag_ == "VBN"
                                    and head.lemma_.lower() in PLANNED | PROPOSING):
            return True
    return False


def _finer_description(date_ent, dates, value_of):
    """"during the last quarter, which ended December 30, 2006": a date that describes
    another date ("the last quarter") says more precisely when it was."""
    rank = {"year": 0, "month": 1, "day": 2}
    best = date_ent
    for other in dates:
        if other is date_ent or not value_of(other).value:
            continue
        node = other.root
        for _ in range(8):
            if node.head.i == node.i:
                break
            describes = date_ent.start <= node.head.i < date_ent.end
            if node.dep_ in ("relcl", "acl", "appos") and describes:
                if rank.get(value_of(other).precision or "", -1) > rank.get(
                        value_of(best).precision or "", -1):
                    best = other
                break
            node = node.head
    return best


def _comparison_baseline(ent, provenance: str) -> bool:
    """"up 28% compared to the previous year", "from $900 million a year earlier", "over last
    year", "its worst fall since the attacks of September 11, 2001": the period a figure is
    measured against, not when the event happened. ("Fighting cancer since 2004", where
    "since" hangs on the verb, says when a state began: that stays a date.)"""
    before = ent.doc[ent.start - 1] if ent.start > ent.sent.start else None
    if before is not None and before.lower_ == "since" and _superlative_before(before):
        # "the first influenza pandemic since 1968 is under way": however it is parsed
        return True
    node = ent.root
    for _ in range(6):
        if node.head.i == node.i:
            return False
        node = node.head
        if node.lemma_.lower() == "compare" or node.lower_ in ("than", "versus", "vs", "vs."):
            return True
        if node.lower_ == "since" and node.head.pos_ in ("NOUN", "PROPN", "ADJ", "NUM"):
            return True  # "the highest level since 1983", "the first time since 1990"
        if node.lower_ == "since" and any(
                _superlative(t) for t in ent.doc[min(node.head.i, node.i):node.i]):
            return True  # "fell to their lowest level since 1950", "since" hung on the verb
        if node.pos_ in ("VERB", "AUX"):
            return False
        if node.dep_ == "prep" and node.lower_ in ("from", "over", "against"):
            # "over the weekend", "over the past week": when it went on, not a baseline
            during = node.lower_ == "over" and ent.text.lower().startswith("the ")
            return provenance == "relative" and not during
    return False


def _superlative(token) -> bool:
    return token.tag_ in ("JJS", "RBS") or token.lower_ == "first"


def _superlative_before(since, reach: int = 6) -> bool:
    """A superlative or "first" among the few words before ``since``, in its sentence."""
    start = max(since.sent.start, since.i - reach)
    return any(_superlative(t) for t in since.doc[start:since.i])


# What follows a 24-hour clock time: "1300 GMT", "0900 local time", "2100 hours".
CLOCK_FOLLOWERS = frozenset(
    "gmt utc z est edt cst cdt mst mdt pst pdt bst cet cest eet eest msk ist jst aest hours "
    "hrs h".split())


_BARE_PART = re.compile(r"(?:the\s+)?(?:first|second|third|fourth|1st|2nd|3rd|4th|final)\s+"
                        r"(?:quarter|half)", re.I)


def _part_of_another_period(ent, dates, value_of) -> bool:
    """"the first half of the session", "in the first half on Sunday": a quarter or half
    that is no part of a year but of a game or a trading day. Read alone it is a part of
    the year ("GM lost $9.6 billion in the fourth quarter") and keeps that reading; with
    "of" and no year after it, or beside a day or month the sentence gives, it is not the
    claim's date."""
    if not _BARE_PART.fullmatch(ent.text.strip()):
        return False
    doc = ent.doc
    if ent.end < len(doc) and doc[ent.end].lower_ == "of":
        after = doc[ent.end + 1:ent.end + 4]
        return not any(t.lower_ in ("year", "fiscal", "financial", "calendar")
                       or _BARE_YEAR.match(t.text) for t in after)
    return any(other is not ent and value_of(other).precision in ("day", "month")
               for other in dates)


def _clock_time(ent) -> bool:
    """"closed at 6 p.m. local time (1300 GMT)": spaCy takes "1300" for a DATE, and a bare
    four-digit number reads as a year; followed by a time zone or "hours" or by "on" and a
    day, or after "at", it is a time."""
    text = ent.text.strip("() ")
    if not re.fullmatch(r"[0-2]\d[0-5]\d", text) or int(text[:2]) > 23:
        return False
    following = [t.lower_ for t in ent.doc[ent.end:ent.end + 4]]
    if following and (following[0] in CLOCK_FOLLOWERS or following[:2] == ["local", "time"]):
        return True
    # "by 1100 (1600 GMT)": the same time in another zone, in brackets
    if following[:1] == ["("] and any(w in CLOCK_FOLLOWERS for w in following[2:4]):
        return True
    # "was 1040 on 25 June", "until 1221 on Thursday": a year is never on a day
    if following[:1] == ["on"] and len(following) > 1 and _names_a_day(following[1:3]):
        return True
    # "the quake struck at 1353 (1023 GMT)": events happen at a time, in a year
    return ent.start > 0 and ent.doc[ent.start - 1].lower_ == "at"


def _without_clock_time(ent) -> str:
    """The entity's words, less a 24-hour time spaCy read as its year ("19 JANUARY, 1130
    GMT, BANI", a live page's dateline: "JANUARY, 1130" is January, not the year 1130)."""
    last = ent.doc[ent.end - 1]
    following = [t.lower_ for t in ent.doc[ent.end:ent.end + 2]]
    if (ent.end - ent.start > 1 and re.fullmatch(r"[0-2]\d[0-5]\d", last.text)
            and int(last.text[:2]) <= 23 and following[:1]
            and (following[0] in CLOCK_FOLLOWERS or following == ["local", "time"])):
        return ent.doc[ent.start:ent.end - 1].text.rstrip(" ,")
    return ent.text


# words before a number that is a phone or reference number, never a year ("Freepay
# number: 1449", "tel. 0800"); not "call" or "code" ("they call 1999 ...", "the tax code
# of 1986")
_NUMBER_NAMES = frozenset({"number", "no", "no.", "tel", "tel.", "phone", "telephone",
                           "freephone", "freepay", "ref"})


def _a_numbers_name(ent) -> bool:
    """Is this bare four-digit "year" a number named as such ("Freepay number: 1449")?"""
    if not re.fullmatch(r"\d{4}", ent.text.strip()):
        return False
    before = [t for t in ent.doc[max(0, ent.start - 2):ent.start] if not t.is_punct]
    return bool(before) and before[-1].lower_ in _NUMBER_NAMES


def _names_a_day(words: list[str]) -> bool:
    """"Thursday", "25 June", "June 25": the words after "on" name a day."""
    if words[0] in WEEKDAYS:
        return True
    return len(words) == 2 and (
        (words[0].isdigit() and month_number(words[1]) is not None)
        or (month_number(words[0]) is not None and words[1].isdigit()))


# a line that opens with a 24-hour time, then the entry: "2358 UN Ban Ki-Moon has given
# an update", "0000 The BBC is discontinuing this live update page"
_TIMESTAMP_LINE = re.compile(r"^[ \t]*(([01]\d|2[0-3])[0-5]\d)[ \t]+(?=[A-Z\"“‘'(])", re.M)
LIVE_BLOG_LINES = 3


def live_blog_times(text: str, year: int | None) -> set[int]:
    """Where the times of a live blog's entries stand (character offsets). A text that
    opens at least three lines with a four-digit number, one of which cannot be a year of
    its time (later than ``year`` + 1, or before 1000: 2358, 0000), is a live blog, and
    those numbers are times of day, not years; a timeline of years ("1976 Jobs founds
    Apple", "2003 Apple launches iTunes") keeps its years."""
    found = [(m.start(1), int(m[1])) for m in _TIMESTAMP_LINE.finditer(text)]
    if len(found) < LIVE_BLOG_LINES:
        return set()
    latest = (year or dt.date.today().year) + 1
    if all(1000 <= value <= latest for _, value in found):
        return set()
    # a page flattened to text runs entries on after a caption ("... may have been killed
    # 2050 Haiti's President, Rene Preval, tells CNN"): in a live blog, such a number is a
    # time too, unless a word that takes a year stands before it ("born in 1972")
    inline = {m.start(2) for m in _TIMESTAMP_INLINE.finditer(text)
              if m[1] is None or m[1].lower() not in _YEAR_WORDS}
    return {start for start, _ in found} | inline


_TIMESTAMP_INLINE = re.compile(
    r"(?:\b(\w+)[ \t]+)?\b(?<![$£€,.])(([01]\d|2[0-3])[0-5]\d)[ \t]+(?=[A-Z\"“‘'(])")
_YEAR_WORDS = frozenset(
    "in since of from until till by before after around circa during year early late mid "
    "spring summer autumn fall winter".split())


_SUBJECTS = frozenset({"nsubj", "nsubjpass", "expl", "csubj"})
# words that end no clause: a capitalised word after them goes on the same phrase
_OPENS_A_PHRASE = frozenset({"DET", "CCONJ", "SCONJ", "ADP", "AUX", "PART", "NUM"})
_OPENS_A_NAME = frozenset({"WDT", "WP", "WP$", "PRP$"})  # "which The Horrors tell", "his Close"


def _cut_at_times(span, offset: int, times: set[int]) -> list:
    """``span`` cut where a live blog's entry time stands inside it (``live_blog_times``):
    a page flattened to text runs one entry on into the next ("... may have been killed
    2050 Haiti's President, Rene Preval, tells CNN ..."), and each is a sentence of its
    own; the time itself belongs to neither."""
    doc, start, pieces = span.doc, span.start, []
    for t in span[1:]:
        if offset + t.idx in times:
            pieces.append(doc[start:t.i])
            start = t.i + 1
    if not pieces:
        return [span]
    pieces.append(doc[start:span.end])
    return [p for p in pieces if len(p)]


def run_in_parts(sent) -> list:
    """``sent`` cut where a page flattened to text ran a headline or a caption into the
    sentence after it, having no full stop to end it ("Many feared dead in Haiti quake | A
    major loss of life is feared ...", "The little girl was covered in dust, but otherwise
    healthy | Nurses at Port-au-Prince's main hospital greeted ..."). English capitalises a
    word inside a sentence only when it is a name; a capitalised determiner, pronoun, noun
    or adjective that is no name's, after a lower-case word that can end a phrase or a
    place's name, and that opens the subject of a verb after it, begins a sentence. Clean
    wire copy has none."""
    doc = sent.doc
    cuts: list[int] = []
    for t in sent[2:]:
        if (not t.text[:1].isupper() or t.text == "I" or t.ent_type_
                or (len(t.text) > 1 and t.text.isupper())
                or t.pos_ not in ("DET", "PRON", "NOUN", "ADJ")):
            continue
        before = doc[t.i - 1]
        if before.is_quote and t.i - 2 >= sent.start:
            before = doc[t.i - 2]  # "... not afford Haiti mission' The IRC are ..."
        # a place ends a headline as often as a lower-case word: "Powerful quake hits
        # Haiti | Large areas of Haiti ...", "... infected with swine flu in Spain | A
        # 20-year-old ..." (not a person's or a work's name: "Scott Mills | The Musical")
        place = before.is_alpha and before.ent_type_ in ("GPE", "LOC")
        if not place and (not (before.is_alpha and before.is_lower)
                          or before.tag_ in _OPENS_A_NAME
                          or (before.pos_ in _OPENS_A_PHRASE and before.dep_ != "prt")):
            continue
        head = t  # up from "The" or "Massive" to the noun they describe
        while (head.dep_ not in _SUBJECTS and head.dep_ in ("det", "amod", "poss", "compound")
               and head.head.i > head.i):
            head = head.head
        if head.dep_ in _SUBJECTS and head.head.i > t.i and t.i - (cuts or [sent.start])[-1] > 1:
            cuts.append(t.i)
    if not cuts:
        return [sent]
    edges = [sent.start, *cuts, sent.end]
    return [doc[a:b] for a, b in itertools.pairwise(edges)]


def _front_split(span, dates) -> int | None:
    """Token index after a leading subject whose describing clause carries its own date
    ("Jobs, born in San Francisco on February 24, 1955, | has built the most valuable
    technology company"): the description is a claim of its own, dated; the rest is not
    dated by it."""
    root = span.root
    for subj in root.children:
        if subj.dep_ not in ("nsubj", "nsubjpass") or subj.left_edge.i > span.start + 3:
            continue
        for mod in subj.children:
            if mod.dep_ not in ("acl", "relcl", "appos") or mod.i < subj.i:
                continue
            if not any(mod.left_edge.i <= d.start and d.end - 1 <= mod.right_edge.i for d in dates):
                continue
            cut = mod.right_edge.i + 1
            while cut < root.i and span.doc[cut].is_punct:
                cut += 1
            if cut != root.left_edge.i and cut > root.i:
                return None
            before = [t for t in span.doc[span.start:cut] if t.is_alpha]
            after = [t for t in span.doc[cut:span.end] if t.is_alpha]
            if len(before) >= MIN_WORDS - 1 and len(after) >= MIN_WORDS - 1:
                return cut
    return None


def _split_point(sent, dates) -> int | None:
    """Token index where a trailing clause with its own, different date begins, if any."""
    if len(dates) < 2:
        return None
    last = dates[-1]
    first = dates[0]
    node = last.root
    clause = None
    for _ in range(12):
        if node.dep_ in ("relcl", "acl") and node.head.ent_type_ == "DATE":
            return None  # "the last quarter, which ended December 30": says which date
        if node.head.i != node.i and (node.dep_ in ("relcl", "advcl", "ccomp", "acl") or (
                node.dep_ == "conj" and node.pos_ in ("VERB", "AUX"))):
            if not _finite(node) or (node.dep_ == "conj" and not (
                    _named_subject(node) or _shares_subject(node))):
                return None  # "..., and some held captive since 2022": not a claim alone
            clause = node
            if node.dep_ == "relcl" and node.head.dep_ in ("appos", "npadvmod"):
                clause = node.head
            break
        if node.head.i == node.i:
            break
        node = node.head
    if clause is None:
        return None
    if (clause.dep_ == "ccomp" and clause.head.lemma_.lower() in REPORTING_VERBS
            and (_tense(clause) == "future" or {c.lower_ for c in clause.children
                                                if c.dep_ in ("aux", "auxpass")} & MODALS)):
        # "The minister said on 4 March that the port would reopen in May": what was
        # announced is the statement's content, not an occasion of its own; cut off, the
        # statement read "The minister said on 4 March 2024"
        return None
    lo = clause.left_edge.i
    hi = clause.right_edge.i
    if lo <= first.start or lo <= sent.start + 3:
        return None
    if any(not t.is_punct for t in sent.doc[hi + 1: sent.end]):
        return None
    return lo


_ORDINAL_DAY = re.compile(r"^(?:[12]?\d|3[01])(?:st|nd|rd|th)$", re.IGNORECASE)
_TIME_PREPOSITIONS = frozenset(
    {"on", "by", "for", "until", "till", "since", "from", "before", "after"})


def _where_a_day_goes(ent) -> bool:
    """"began on the 26th": after a time preposition, and not "in the 11th of their first
    fight", where "of" follows."""
    after = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    return (ent.root.dep_ == "pobj" and ent.root.head.lower_ in _TIME_PREPOSITIONS
            and (after is None or after.lower_ != "of"))


def _ordinal_days(doc) -> None:
    """Relabel "the 26th" where a day goes as a date: spaCy often calls it an ORDINAL
    ("began on the 26th"), though nothing follows that it could count."""
    ents = list(doc.ents)
    changed = False
    for k, ent in enumerate(ents):
        if (ent.label_ != "ORDINAL" or len(ent) != 1 or not _ORDINAL_DAY.match(ent.text)
                or ent.start == 0 or doc[ent.start - 1].lower_ != "the"
                or not _where_a_day_goes(ent)):
            continue
        span = doc.char_span(doc[ent.start - 1].idx, ent.end_char, label="DATE")
        if span is not None and (k == 0 or ents[k - 1].end <= span.start):
            ents[k] = span
            changed = True
    if changed:
        _set_ents(doc, ents)


_A_DAY_OF_A_MONTH = re.compile(r"(?<![\d,])\b\d{1,2}(?:st|nd|rd|th)?\b(?![\d,])")


def _weekday_dates(doc) -> None:
    """One date where spaCy reads two: "Tuesday, 19 January, 2010" names a day by its
    weekday and its date, the same day; read apart, "Tuesday" was the Tuesday before the
    page's publication (a week early) and won over the date it names. spaCy can also leave
    the day's number out of both ("Friday" and "March 2024" in "Friday, 8 March 2024"):
    the number between them is the date's day."""
    ents = list(doc.ents)
    out: list = []
    changed = False
    for ent in ents:
        before = out[-1] if out else None
        both = None
        if (before is not None and ent.label_ == "DATE" and before.label_ == "DATE"
                and len(before) == 1 and before.text.lower() in WEEKDAYS):
            between = doc[before.end:ent.start]
            if (all(t.text == "," for t in between)
                    and _A_DAY_OF_A_MONTH.search(ent.text)
                    and normalise(ent.text).provenance == "explicit") or (
                    0 < len(between) <= 2 and sum(t.text != "," for t in between) == 1
                    and _A_DAY_OF_A_MONTH.fullmatch(between[-1].text)
                    and (read := normalise(doc[before.start:ent.end].text)).provenance
                    == "explicit" and read.precision == "day"):
                both = doc.char_span(before.start_char, ent.end_char, label="DATE")
        if both is not None:
            out[-1] = both
            changed = True
        else:
            out.append(ent)
    if changed:
        _set_ents(doc, out)


_RANGE_WORDS = frozenset({"-", "\u2013", "\u2014", "to", "and", "through", "or"})


def _day_left_out(doc) -> None:
    """The day's number spaCy leaves out of a date ("7 November 2011 Dr Conrad Murray is
    found guilty", a timeline's line, read as "November 2011"): a bare number of a day
    just before a month's date that names its year is that date's day, when the whole
    reads as one day."""
    ents = list(doc.ents)
    changed = False
    for k, ent in enumerate(ents):
        if ent.label_ != "DATE" or ent.start == 0:
            continue
        day = doc[ent.start - 1]
        if (day.ent_type_ or not _A_DAY_OF_A_MONTH.fullmatch(day.text)
                or (k and ents[k - 1].end > day.i)
                or (day.i and doc[day.i - 1].lower_ in _RANGE_WORDS)):
            continue  # (the end of a range, "17-23 October 2009", is no day of its own)
        month = normalise(ent.text)
        if month.provenance != "explicit" or month.precision != "month":
            continue
        whole = normalise(doc[day.i:ent.end].text)
        if whole.provenance == "explicit" and whole.precision == "day":
            span = doc.char_span(day.idx, ent.end_char, label="DATE")
            if span is not None:
                ents[k] = span
                changed = True
    if changed:
        _set_ents(doc, ents)


def _ordinal_not_day(ent) -> bool:
    """A DATE that is only "the 11th" but stands where no day goes ("knocked him out in the
    11th of their first fight"): a round, not a day of the month."""
    words = ent.text.lower().split()
    bare = words[-1:] and _ORDINAL_DAY.match(words[-1]) and words[:-1] in ([], ["the"])
    return bool(bare) and not _where_a_day_goes(ent)


class DocumentExtractor:
    """Turns one document's text into claims, sentence by sentence."""

    def __init__(self, nlp, base: Base):
        self.nlp = nlp
        self.base = base
        self.anchor: DateValue | None = None  # the date the text named last
        self._dates: dict[int, DateValue] = {}  # this sentence's DATE entities, by start token
        self._times: set[int] = set()  # a live blog's entry times (``live_blog_times``)
        self._offset = 0  # where the piece being read starts in the text
        # the events the text dated so far, by the stem of their verb or noun ("bomb" for
        # "bombed" and "the bombing"), each with the date its words gave it last: "the
        # bombing" later in the story is that bombing
        self._dated_events: dict[str, DateValue] = {}

    def _read_dates(self, sent) -> None:
        """Normalise the sentence's dates in reading order, each with the tense of its own
        verb and the date named before it (for "one year later")."""
        self._dates = {}
        for ent in ents_in(sent):
            if ent.label_ not in DATE_LABELS:
                continue
            if (_clock_time(ent) or _ordinal_not_day(ent) or _a_numbers_name(ent)
                    or self._offset + ent.start_char in self._times):
                self._dates[ent.start] = DateValue(None, None, "none", ent.text)
                continue
            value = normalise(_without_clock_time(ent), self.base,
                              _date_tense(_governing_verb(ent.root), ent.root), self.anchor)
            self._dates[ent.start] = value
            if value.value:
                self.anchor = value

    def _date(self, ent) -> DateValue:
        return self._dates[ent.start]  # every date entity of the sentence, read in order

    def claims(self, text: str, skipped: list[list[Any]], docs=None) -> list[Claim]:
        """``docs``: the spaCy docs of ``pieces_of(text, skipped)`` when the caller parsed
        them already (in one batch with other documents' pieces, see ``parallel``)."""
        pieces = list(segments(text, skipped))
        out: list[Claim] = []
        last_person: str | None = None  # for "he"/"she": the last speaker, else the last person
        if docs is None:
            texts = [text[s:e] for s, e in pieces]
            docs = self.nlp.pipe(texts, batch_size=batch_size(texts))
        self._times = live_blog_times(text, self.base.year)
        self._dated_events = {}
        for (offset, _), doc in zip(pieces, docs, strict=True):
            self._offset = offset
            _ordinal_days(doc)
            _day_left_out(doc)
            _weekday_dates(doc)
            for sent in doc.sents:
                self._read_dates(sent)
                found = (self._from_sentence(sent, offset, last_person)
                         if is_claim_sentence(sent) else [])
                out.extend(found)
                persons = [_entity_text(e) for e in ents_in(sent) if e.label_ == "PERSON"]
                speakers = [c.speaker for c in found if c.speaker and c.speaker[:1].isupper()]
                if speakers:
                    last_person = speakers[-1]
                elif persons:
                    last_person = persons[-1]
            # the cached entities refer to their doc: dropped now, the doc is freed when
            # its piece is read (not at the next cycle collection: 30 MB more on a story)
            forget_reads(doc)
        carry_lead_date(out, self.base)
        return out

    def _from_sentence(self, sent, offset: int, last_person: str | None) -> list[Claim]:
        parts = [piece for part in run_in_parts(sent)
                 for piece in _cut_at_times(part, offset, self._times)]
        if len(parts) == 1:
            return self._from_part(sent, offset, last_person)
        claims = []
        for part in parts:  # a caption or headline the page ran in is a claim only as one
            if is_claim_sentence(part):
                claims += self._from_part(part, offset, last_person)
        return claims

    def _from_part(self, sent, offset: int, last_person: str | None) -> list[Claim]:
        dates = [e for e in ents_in(sent) if e.label_ in DATE_LABELS
                 and self._date(e).provenance != "none"]
        spans = [sent]
        front = _front_split(sent, [d for d in dates if _entity_modifier(d.root, sent)])
        if front is not None:
            spans = [sent.doc[sent.start:front], sent.doc[front:sent.end]]
        rest = spans[-1]
        split = _split_point(rest, [d for d in dates if d.start >= rest.start])
        if split is not None:
            spans[-1:] = [sent.doc[rest.start:split], sent.doc[split:rest.end]]
        claims = []
        for span in spans:
            claim = self._claim(span, offset, last_person)
            if claim is not None:
                claims.append(claim)
        return claims

    def _claim(self, span, offset: int, last_person: str | None) -> Claim | None:
        raw = span.text
        lead = LEADING_JUNK.match(raw)
        skip = lead.end() if lead else 0
        if 0 < skip < len(raw) and raw[skip - 1] in "-\u2013" and raw[skip].isdigit():
            skip -= 1  # "-5 degrees was recorded": a minus sign, not a list's dash
        stripped = raw[skip:].rstrip(" ,;:\u2014\u2013-")
        if span.end < span.sent.end:  # the first part of a split: "He started Apple in 1976, and"
            stripped = re.sub(r"[\s,;]+(?:and|but|or|while|whereas)$", "", stripped)
        if len([w for w in stripped.split() if w[:1].isalpha()]) < MIN_WORDS - 1:
            return None
        start = offset + span.start_char + skip
        claim = Claim(start, start + len(stripped), stripped)
        span_dates = [e for e in ents_in(span) if e.label_ in DATE_LABELS
                      and self._date(e).provenance != "none"]
        span_dates = [e for e in span_dates if not _part_of_another_period(e, span_dates,
                                                                            self._date)]
        trigger_tok, verb = _trigger(span)
        date_ent = None
        # A date buried three clauses down ("..., marking a development as this territory
        # was not part of the regions Russia claimed after the 2022 referendums") dates
        # something else, not the event the claim reports; so does a date describing a
        # named entity ("Jobs, born ... 1955, has built"), the history of what the event
        # acts on ("violates an agreement reached in 1991"; "to help victims of Tuesday's
        # earthquake"), a date someone forecast or a year that says which thing ("the 1978
        # resolution").
        set_aside = [e for e in span_dates if _clause_depth(e.root, span) > 2
                     or _names_a_thing(e)
                     or _entity_modifier(e.root, span) is not None
                     or _object_history(e.root, span) is not None
                     or _of_what_the_event_acts_on(e.root, span)
                     or _after_an_occasion(e.root, span)
                     or _earlier_event(e, span) is not None
                     or _reported_future(e.root, span, self._date(e).value, self.base)
                     or _proposed_event(e.root, span)
                     or _planned_occasion(e.root, span, self._date(e).value, self.base)
                     or _comparison_baseline(e, self._date(e).provenance)]
        span_dates = [e for e in span_dates if e not in set_aside]
        if _told_in_present(span.root):
            # "analysts expect the trend to continue into the fourth quarter", "plans to
            # meet on Thursday": the expecting and the planning are now; the quarter and
            # Thursday date the continuing and the meeting (dated parts)
            deep = [e for e in span_dates if _clause_depth(e.root, span) > 0]
            set_aside += deep
            span_dates = [e for e in span_dates if e not in deep]
        said_on = None  # a saying's own date, when the claim takes what it reports
        if span_dates:
            # The date that belongs to the main event: the one closest to the root
            date_ent = min(span_dates, key=lambda e: len(list(e.root.ancestors)))
            date_ent = _finer_description(date_ent, span_dates, self._date)
            reported = _reported_day(date_ent, span_dates, self._date)
            if reported is not None:
                said_on, date_ent = date_ent, reported
            trigger_tok, verb = _trigger(span, date_ent.root)
        if trigger_tok is not None and trigger_tok.pos_ == "PROPN":
            # a name is an argument of the event, not the event ("Ukraine", "iPhone")
            trigger_tok = verb if verb is not None and verb.pos_ in ("VERB", "AUX") else None
        claim.trigger = _event_word(trigger_tok) if trigger_tok is not None else None
        # "Jobs said that ... will ...": the saying is the told event
        claim.narrative = (_simple_past(verb) or _simple_past(span.root)
                           or _present_perfect(verb) or _present_perfect(span.root))
        claim.aspect = _aspect(verb if verb is not None else span.root, span.root,
                               claim.narrative)
        if claim.aspect == "past" and (quoted := _quoted_aspect(span)):
            claim.aspect = quoted  # commentary: background, like a claim told in the present
        if date_ent is not None:
            # the tense of the verb the date belongs to: "announced Friday that it will give"
            claim.date = self._date(date_ent)
        elif not set_aside:
            anchored = [e for e in ents_in(span) if e.label_ == "DATE" and ANCHORED.search(e.text)]
            if anchored:  # "a day after the talks": dated from another event we cannot place
                found = self._date(anchored[0])
                claim.date = found if found.base else DateValue(
                    None, None, "none", found.text, "relative to another event")
            elif unplaced := [e for e in ents_in(span) if e.label_ == "DATE"
                              and no_calendar_day(self._date(e).base)]:
                # "founded 7,000 years ago": a time the calendar does not hold, never the
                # day the page was published
                claim.date = self._date(unplaced[0])
        heads: list = []
        claim.dated_parts = _dated_parts(span, date_ent, offset, self._date, heads)
        saying = _governing_verb(said_on.root) if said_on is not None else None
        if said_on is not None and saying is not None:  # the saying keeps its own day
            found = claim.told_on = self._date(said_on)
            claim.dated_parts.append({
                "start": offset + saying.idx, "end": offset + saying.idx + len(saying),
                "date": found.value, "precision": found.precision,
                "provenance": found.provenance, "text": found.text})
        if date_ent is not None:
            claim.dated_parts += [_saying_part(v, offset) for v in _sayings(span, date_ent)
                                  if saying is None or v.i != saying.i]
        if date_ent is None:  # (a claim's own date is the one its nouns are read in)
            claim.dated_parts += self._named_before(span, offset, claim.dated_parts)
        elif claim.date is not None and claim.date.value:
            # its event word and its verbs ("killed Dr. Slepian at his home on Oct. 23":
            # the date hangs on "home", the event word; the killing is the root's)
            for word in {t for t in (trigger_tok, verb, span.root)
                         if t is not None and t.pos_ in ("NOUN", "VERB")}:
                if not _another_occasion(word):
                    self._dated_events[stem(word.lemma_)] = claim.date
        for head, found in heads:  # "in the 1995 shooting of Dr. Short": the shooting
            if head.pos_ in ("NOUN", "VERB") and not _another_occasion(head):
                self._dated_events[stem(head.lemma_)] = found
        claim.speaker, claim.reporting_verb = _speaker(span, last_person)
        for ent in ents_in(span):
            if ent.label_ in ENTITY_LABELS:
                text = _entity_text(ent)
                cut = len(ent.text.rstrip()) - ent.text.rstrip().rfind(text) - len(text)
                claim.entities.append({
                    "text": text, "label": ent.label_, "norm": entity_key(text, ent.label_),
                    "start": offset + ent.start_char + (len(ent.text) - len(ent.text.lstrip())),
                    "end": offset + ent.end_char - cut,  # where its name ends
                })
        claim.numbers = _numbers(span, claim.trigger)
        if claim.speaker:
            looks_personal = all(w[:1].isupper() for w in claim.speaker.split()) and len(
                claim.speaker.split()) <= 4
            label = next((e["label"] for e in claim.entities if e["text"] == claim.speaker),
                         "PERSON" if looks_personal or claim.speaker == last_person else "ORG")
            claim.speaker_norm = entity_key(claim.speaker, label)
            claim.kind = "statement"
        return claim

    def _named_before(self, span, offset: int,
                      parts: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Phrases of a sentence with no date of its own that name, with "the", "this" or
        a possessive, an event the story dated before, by its verb or noun ("charged Kopp
        in the 1995 shooting of Dr. Short ... never solved the shooting"; "launched the
        store on April 28, 2003 ... since its launch"): the phrase is that event, dated as
        it was last. (In a sentence with a date of its own a noun may be another occasion
        of the kind: "invited them to join in July 1997 at the Madrid summit", after a
        summit dated April 24.)"""
        out = []
        for tok in span:
            if tok.pos_ != "NOUN" or _another_occasion(tok) or not any(
                    c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in _DEFINITE_DET)
                    for c in tok.children):
                continue
            found = self._dated_events.get(stem(tok.lemma_))
            at = offset + tok.idx
            if found is None or any(p["start"] <= at < p["end"] for p in parts):
                continue
            inside = [t for t in tok.subtree if span.start <= t.i < span.end]
            out.append({"start": offset + inside[0].idx,
                        "end": offset + inside[-1].idx + len(inside[-1]),
                        "date": found.value, "precision": found.precision,
                        "provenance": NAMED_BEFORE, "text": found.text})
        return out


NAMED_BEFORE = "named before"  # a dated part's provenance: the event dated earlier on
_DEFINITE_DET = frozenset({"the", "this", "that", "these", "those"})
# "Previous negotiations, held on May 16th": an earlier occasion of the story's kind, which
# "the talks" later on does not mean
_EARLIER = frozenset({"previous", "initial", "earlier", "prior", "former"})


def _another_occasion(token) -> bool:
    return any(c.dep_ in ("amod", "advmod") and c.lower_ in _EARLIER for c in token.children)


# a date after these words is where a span starts or ends, not when its phrase happened:
# "the biggest quake since 1900", "talks stalled until June", "days before the vote"
_SPAN_EDGES = frozenset({"since", "until", "till", "before", "after"})


def _dated_parts(span, main, offset: int, value_of,
                 heads: list | None = None) -> list[dict[str, Any]]:
    """The phrases of ``span`` that a date other than the claim's own (``main``) places
    (each phrase's head word and its date appended to ``heads``, when given):
    a date dates the word it modifies and everything hung on that word ("charged Kopp
    Monday in the 1995 shooting of Dr. Short": "the 1995 shooting of Dr. Short" is 1995;
    "Adams said Sunday they were pushed out of the talks in February"). A date on the
    claim's root, or on a phrase that holds the claim's date, is the claim's to weigh."""
    parts = []
    for ent in ents_in(span):
        if ent.label_ not in DATE_LABELS or (main is not None and ent.start == main.start):
            continue
        found = value_of(ent)
        if not found.value:
            continue
        head = ent.root.head
        if head.dep_ == "prep" or head.pos_ == "ADP":  # "in April": the word "in" hangs on
            if head.lower_ in _SPAN_EDGES:
                continue
            head = head.head
        if (earlier := _earlier_event(ent, span)) is not None:
            # "This exchange follows a previous swap in May": the parse hangs May on
            # "follows", the claim's root, and the date of the earlier swap was lost
            head = earlier
        if (head.i == ent.root.i or head.i == span.root.i or not span.start <= head.i < span.end
                or head.ent_type_ in DATE_LABELS
                or (main is not None and head.is_ancestor(main.root))):
            continue
        # a participle or an adjective the date hangs on describes a noun: the phrase is
        # the noun's ("a NATO summit set for Washington in April", "the election due this
        # September", "shootings of doctors dating to 1994"), not the describing words'
        described = head.head
        if (head.dep_ in ("acl", "amod") and described.pos_ == "NOUN"
                and described.i != span.root.i and span.start <= described.i < span.end
                and not (main is not None and described.is_ancestor(main.root))):
            head = described
        inside = [t for t in head.subtree if span.start <= t.i < span.end]
        parts.append({"start": offset + inside[0].idx,
                      "end": offset + inside[-1].idx + len(inside[-1]),
                      "date": found.value, "precision": found.precision,
                      "provenance": found.provenance, "text": found.text})
        if heads is not None:
            heads.append((head, found))
    return parts


SAYING = "saying"  # a reporting verb's part, dated by ``date_sayings``


def _reported_day(date_ent, dates, value_of):
    """The day of what a saying reports, when the claim's date (``date_ent``) is the
    saying's own: "The bridge was closed on May 27, police said on Sunday" reports a
    closing on May 27; Sunday dates only the saying. News tells what happened and then who
    says so: the happening is the claim's occasion, dated by the day its own clause gives,
    when it is told as done before the saying (a day after it is a forecast, one after
    "until" or "since" the edge of a span). A coarser date in the reported clause ("said
    Monday that it sold 13.7 million Macs last year") is the period a figure covers, and
    the saying stays the occasion. (Rare in the dev corpora, one claim in TimeML's 3,863;
    the shape of a wire story's attribution.)"""
    saying = _governing_verb(date_ent.root)
    if saying is None or saying.lemma_.lower() not in REPORTING_VERBS:
        return None
    said = value_of(date_ent)
    # told as done: "was closed", not "would be closed until Thursday" (a plan)
    reported = [c for c in saying.children if c.dep_ in ("ccomp", "parataxis")
                and c.pos_ in ("VERB", "AUX") and _tense(c) == "past"
                and not any(a.tag_ == "MD" for a in c.children)]
    for e in dates:
        found = value_of(e)
        if (e is date_ent or found.precision != "day" or not found.value
                or not said.value or found.value >= said.value
                or e.root.head.lower_ in _SPAN_EDGES):  # "closed until Thursday"
            continue
        # on the reported verb itself: not in a clause under it ("there had been 600
        # landings since the US took control on Wednesday": the span's start)
        if (verb := _governing_verb(e.root)) is not None and any(verb.i == c.i for c in reported):
            return e
    return None


def _sayings(span, date_ent) -> list:
    """The reporting verbs of ``span`` whose saying the claim's date (``date_ent``) does
    not date, because it hangs on what they report ("Jobs said that his company sold 13.7
    million Macs last year", "Kopp's car was discovered last month, the FBI said"): none
    when the date is the saying's own ("said Monday that ...", "told reporters on
    Friday")."""
    out = []
    for verb in span:
        if (verb.pos_ != "VERB" or verb.lemma_.lower() not in REPORTING_VERBS
                or _tense(verb) == "future" or verb.dep_ == "acl"
                or any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)):
            continue  # ("a statement Friday saying ...", "was called a witness": no saying)
        node, direct = date_ent.root, True
        while node.i != verb.i and node.head.i != node.i:
            # a clause describing a noun is the noun's ("said in the letter, dated Monday")
            direct = direct and (node.dep_ not in CLAUSE_DEPS | {"parataxis"}
                                 or (node.dep_ == "acl" and node.head.pos_ in ("NOUN", "PROPN")))
            node = node.head
        if node.i == verb.i and direct:
            return []
        if node.i == verb.i or verb.i == span.root.i or verb.dep_ == "parataxis":
            out.append(verb)  # (not "police carried out what they said was an interview")
    return out


def _saying_part(verb, offset: int) -> dict[str, Any]:
    return {"start": offset + verb.idx, "end": offset + verb.idx + len(verb), "date": None,
            "precision": None, "provenance": SAYING, "text": None,
            "past": _tense(verb) == "past"}


def date_sayings(claims: list[Claim], lead: DateValue | None,
                 recent: dict[int, DateValue], aside: list[bool], base: Base) -> None:
    """A saying whose claim is dated by what it reports (``_sayings``) happened when an
    undated sentence in its place did: a past one on the day its paragraph has just named
    or on the lead's day (``carry_lead_date``), else, as a present one, on the day of
    publication. Its part keeps that day, so the statement and what it tells are dated
    apart ("Jobs said [on the lead's day] that his company sold 13.7 million Macs last
    year [2009]"); without a given publication date the part is dropped."""
    for i, claim in enumerate(claims):
        kept = []
        for part in claim.dated_parts:
            if part["provenance"] != SAYING:
                kept.append(part)
                continue
            past = part.pop("past")
            if not base.confident or base.date is None:
                continue
            published = base.date.isoformat()
            carried = _carried(i, recent, lead, aside[i]) if past else None
            day, how = (carried.value, "carried") if carried and carried.value else (
                published, "document")
            told = claim.date.value if claim.date is not None else None
            if told and len(told) == 10 and day < told <= published:
                day, how = published, "document"  # never before what it tells
            if day == told:
                continue
            kept.append({**part, "date": day, "precision": "day", "provenance": how})
        claim.dated_parts = kept


ANCHORED = re.compile(r"\b(later|after|before|earlier|previous|following|prior)\b", re.I)
CARRIED = "the date of the story's lead event"
LEAD_CLAIMS = 3  # the lead: where a news story says what happened and when
# how far back an undated sentence looks for a day of its paragraph: chosen on TimeML
# half 0 (1, 2, 3 claims back: 703, 706, 702 of 872), checked on half 1 and the trial
NEAR_CLAIMS = 2


def carry_lead_date(claims: list[Claim], base: Base) -> None:
    """A news story is told around its lead event ("Jobs unveiled iPhone 4 on Monday"):
    an undated simple-past sentence in it ("He demoed its gyroscope") happened then, not
    on the publication date. Only with a given publication date (a guessed one could not
    place the lead); provenance ``carried``, never evidence for grouping or conflicts.
    A present-perfect sentence ("Apple has lost a visionary") is news of the same kind.
    A lead more than ``LEAD_DAYS`` old ("the quake struck on Tuesday", told a week later)
    is the background of a follow-up, whose undated sentences tell what happened since.
    Nor is the lead carried past a sentence that opens by turning the story to another
    occasion ("Meanwhile, the battlefield remains active and deadly.": the attack told next
    is not the lead's prisoner swap), until a sentence dates itself.

    A sentence continues the day its paragraph has just named ("Williams shares ...
    closed yesterday at $27.75." then "Primerica closed at $28.25."): an undated one
    takes the day one of the ``NEAR_CLAIMS`` claims before it states (at most
    ``LEAD_DAYS`` old), with the note ``NEARBY_NOTE``. That day is shown, never used to
    group (``dates.entry.from_nearby``): used as the lead's is, it joined one occasion's
    entry to another's on Timeline17."""
    if not base.confident or base.date is None:
        date_sayings(claims, None, {}, [False] * len(claims), base)
        return
    recent: dict[int, DateValue] = {}  # claims' own days at most LEAD_DAYS old
    for i, claim in enumerate(claims):
        # (a sentence goes on from the day the one before was told on: "..., police said
        # on Sunday." then "Officials said ...")
        d = claim.told_on or claim.date
        if (d and d.value and d.precision == "day"
                and d.provenance in ("explicit", "relative")
                and 0 <= (base.date - dt.date.fromisoformat(d.value)).days <= LEAD_DAYS):
            recent[i] = d
    lead = next((recent[i] for i in range(LEAD_CLAIMS) if i in recent), None)
    aside = False  # "Meanwhile, ..." turned to another occasion, until a sentence dates itself
    asides = []
    for i, claim in enumerate(claims):
        if opens_another_occasion(claim.text, anywhere=False):
            aside = True
        if i in recent:  # ("Meanwhile, on Friday, ..." dates itself: what follows is Friday)
            aside = False
        asides.append(aside)
        if claim.narrative and claim.date is None:
            claim.date = _carried(i, recent, lead, aside)
    date_sayings(claims, lead, recent, asides, base)


def _carried(i: int, recent: dict[int, DateValue], lead: DateValue | None,
             aside: bool) -> DateValue | None:
    """The day an undated past sentence ``i`` of a story is told on (``carry_lead_date``):
    the day one of the ``NEAR_CLAIMS`` claims before it names, else the lead's, unless the
    story has turned to another occasion (``aside``); None when neither places it."""
    near = next((recent[j] for j in range(i - 1, i - 1 - NEAR_CLAIMS, -1) if j in recent),
                None)
    if near is not None and (lead is None or near.value != lead.value):
        return DateValue(near.value, near.precision, "carried", None,
                         f"{NEARBY_NOTE}: {near.text!r} = {near.value}")
    if lead is not None and not aside:
        return DateValue(lead.value, lead.precision, "carried", None,
                         f"{CARRIED}: {lead.text!r} = {lead.value}")
    return None


def base_for(published: str | None, precision: str | None, provenance: str,
             corpus_year: int | None, text: str | None = None,
             dated_years: Iterable[int] = ()) -> Base:
    """What a document's relative and year-less dates are read against: its publication
    date, else (``text`` given) the year ``docdate.article_year`` finds for it."""
    when = to_date(published)
    if when is None:
        if text is not None:
            year, origin = article_year(text, corpus_year, dated_years)
            return Base(None, None, "unknown", year, origin)
        return Base(None, None, "unknown", corpus_year)
    return Base(when, precision or "day", provenance, corpus_year)
