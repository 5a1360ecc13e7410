"""Sums of money: their currency, and the thing each sum measures.

"GM lost $30.9 billion" and "a loss of $31 billion" are two figures for one thing, a loss
in dollars; "revenue fell to $30.8 billion" is a figure for another thing, though in
dollars too. So a sum's unit is the thing it measures with its currency ("loss ($)"), and
two sources' sums are compared only when both match. A sum whose measured thing cannot be
read from the parse gets no unit and is never compared: a wrong conflict costs the
reviewer more than a missed one.

Only the parse and general English are used: currency symbols and names, the multiplier
suffixes of financial prose ("£40m", "$2bn") and a handful of verbs whose noun is the
thing measured ("lost" is a loss).
"""

from __future__ import annotations

import re

# symbol or code before the figure -> currency shown in the unit
SYMBOLS = {
    "$": "$", "us$": "$", "usd": "$", "c$": "C$", "ca$": "C$", "cad": "C$", "a$": "A$",
    "au$": "A$", "aud": "A$", "hk$": "HK$", "nz$": "NZ$", "£": "£", "gbp": "£", "€": "€",
    "eur": "€", "¥": "¥", "jpy": "¥", "cny": "yuan", "rmb": "yuan", "rs": "rupee",
    "rs.": "rupee", "inr": "rupee", "₹": "rupee", "rub": "rouble", "₽": "rouble",
    "uah": "hryvnia", "₴": "hryvnia", "chf": "franc",
}
# name after the figure ("pounds" only inside a MONEY entity: "5 pounds" may be a weight)
WORDS = {
    "dollar": "$", "euro": "€", "pound": "£", "sterling": "£", "yen": "¥", "yuan": "yuan",
    "renminbi": "yuan", "rupee": "rupee", "rouble": "rouble", "ruble": "rouble",
    "hryvnia": "hryvnia", "franc": "franc", "peso": "peso",
}
# "£40m", "$2bn", "$3.5 bn": financial prose abbreviates the multiplier
SUFFIXES = {"k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "b": 1e9, "bn": 1e9, "tn": 1e12,
            "trn": 1e12}
SUFFIXED = re.compile(r"(\d[\d,]*(?:\.\d+)?)(k|m|mn|mln|bn|b|tn|trn)\.?", re.I)
# a verb that measures a sum names the thing measured by its noun: "lost $X" is a loss
VERB_NOUNS = {"lose": "loss", "pay": "payment", "spend": "spending", "earn": "earnings",
              "worth": "value", "value": "value", "steal": "theft", "cost": "cost",
              "sell": "price", "buy": "price"}
# a sum a verb's subject rises or falls to is the subject's level ("revenue fell to $X")
LEVEL_PREPOSITIONS = {"to", "at", "of"}
# a preposition that only hedges the sum: "offered between $140 and $150 million" offers it
HEDGES = {"between", "about", "around", "over", "under", "nearly", "almost"}
# nouns that hold a sum without saying what it measures ("in the range of $X", "a total
# of $X", "in excess of $X"): such a sum is not compared
HOLDERS = {"range", "excess", "tune", "neighborhood", "neighbourhood", "region", "vicinity",
           "order", "sum", "amount", "total", "figure", "level", "mark", "estimate"}


def symbol_before(doc, first, span_start: int):
    """The currency symbol token right before the figure's first token, or None."""
    if first.i > span_start:
        prev = doc[first.i - 1]
        if prev.lower_ in SYMBOLS:
            return prev
    return None


def suffix_after(doc, last, span_end: int):
    """(token, multiplier) of an abbreviated multiplier written onto the figure ("40m")."""
    if last.i + 1 < span_end and not last.whitespace_:
        nxt = doc[last.i + 1]
        factor = SUFFIXES.get(nxt.lower_.rstrip("."))
        if factor:
            return nxt, factor
    return None, None


def word_after(doc, last, span_end: int):
    """The currency word right after the figure, or None; "pounds" only inside a MONEY
    entity."""
    if last.i + 1 < span_end:
        nxt = doc[last.i + 1]
        lemma = nxt.lemma_.lower()
        if lemma in WORDS and (lemma != "pound" or nxt.ent_type_ == "MONEY"):
            return nxt
    return None


def unit(currency: str, tokens) -> str | None:
    """The unit of a sum written by ``tokens`` (its symbol, figure and currency word):
    "<measured thing> (<currency>)", or None when the parse does not say what it measures.
    A rate keeps its period: "$22 million per season" is "value ($ per season)", never
    compared with the whole "$184 million"."""
    inside = {t.i for t in tokens}
    heads = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
    if not heads:
        return None
    thing = _measured(heads[0])
    if not thing:
        return None
    per = rate(tokens[-1])
    return f"{thing} ({currency} {per})" if per else f"{thing} ({currency})"


def rate(last) -> str | None:
    """"per season", "a year", "each", "apiece" right after a sum, or None."""
    doc = last.doc
    nxt = doc[last.i + 1] if last.i + 1 < len(doc) else None
    if nxt is None:
        return None
    if nxt.lower_ in ("each", "apiece"):
        return "each"
    after = doc[nxt.i + 1] if nxt.i + 1 < len(doc) else None
    if nxt.lower_ in ("per", "a", "an") and after is not None and after.pos_ == "NOUN":
        return f"per {after.lemma_.lower()}"
    return None


def _measured(head) -> str | None:
    while head.dep_ == "conj" and head.head.i != head.i:  # "cost $2bn and €300,000"
        head = head.head
    up = head.head
    if head.dep_ in ("nummod", "compound", "amod", "nmod", "quantmod") and up.i > head.i:
        # "a $9.6 billion fourth-quarter loss"
        return _noun(up)
    if head.dep_ == "pobj":
        prep, owner = up, up.head
        if owner.pos_ == "NOUN":  # "a loss of $31 billion", "bail of $1 million"
            return _noun(owner)
        if owner.lemma_.lower() == "worth":
            return "value"
        if owner.pos_ in ("VERB", "AUX"):
            if prep.lower_ in HEDGES and owner.pos_ == "VERB":
                return _verb(owner)  # "offered between $140 and $150 million"
            if prep.lower_ in LEVEL_PREPOSITIONS:
                subject = common_subject(owner)
                if subject is not None:  # "revenue fell to $30.8 billion"
                    return subject
            if owner.dep_ in ("acl", "relcl") or prep.lower_ == "for":
                # "gems valued at £40m", "sold for $2 million"
                return _verb(owner)
        return None
    if head.dep_ in ("dobj", "npadvmod", "attr", "oprd") and up.pos_ in ("VERB", "AUX", "ADJ"):
        if up.lemma_.lower() in ("be", "total", "reach", "amount", "stand"):
            return common_subject(up)  # "sales totalled $2 billion"
        return _verb(up)  # "GM lost $30.9 billion", "jewels worth 85 million euros"
    return None


def _noun(token) -> str | None:
    lemma = token.lemma_.lower()
    if token.pos_ != "NOUN" or token.ent_type_ in ("DATE", "TIME", "MONEY") or lemma in HOLDERS:
        return None
    return VERB_NOUNS.get(lemma, lemma)


def _verb(token) -> str | None:
    lemma = token.lemma_.lower()
    if lemma in VERB_NOUNS:
        return VERB_NOUNS[lemma]
    return lemma if token.pos_ == "VERB" else None


def common_subject(verb) -> str | None:
    """The verb's subject when it is a common noun (revenue, sales, damage), not a name
    or a pronoun: "GM lost", "it lost" say who, not what was measured."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.pos_ == "NOUN":
            return _noun(child)
    return None
