"""Name normalisation for matching: one key per person or place however a source spells it.

"Vladimir Medinsky" and "Volodymyr Medinsky" → "medinsky"; "Zelensky" and "Zelenskyy" →
"zelensky"; "Kyiv's" → "kyiv". The spelling each source used is kept on the entity; only
the key is shared. People are keyed by surname (transliterations of first names vary far
more than surnames), folded to ASCII with doubled letters collapsed.
"""

from __future__ import annotations

import re
import unicodedata

TITLES = {
    "president", "prime", "minister", "pm", "mr", "mrs", "ms", "dr", "sir", "gen", "general",
    "col", "lt", "sgt", "chancellor", "king", "queen", "prince", "pope", "secretary", "senator",
    "sen", "rep", "gov", "governor", "mayor", "judge", "justice", "ceo", "chief", "deputy",
    "foreign", "defense", "defence", "spokesperson", "spokesman", "spokeswoman", "envoy",
    "ambassador", "lead", "negotiator", "head", "aide", "commander", "the",
}
SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
# Genealogies, obituaries and captions write a person's birth and death after the name,
# abbreviated: "James Owen b. 1858", "Michael Jackson (b. 1958)", "Thomas Wynn d.o.b
# 12/3/1890"). The parser often takes the abbreviation into the name; it is no part of it.
# Only "b" and "d" in lower case, with their full stop or a date after them: "Mark B" and
# "John D." are names written with an initial.
LIFE_MARK = re.compile(
    r"[\s,;(]+(?:[bd](?:\.|(?=\s+\d))|(?i:d\.\s?o\.\s?b\b\.?|dob\b))[\s\d/.)\-\u2013]*$"
)


def fold(text: str) -> str:
    """ASCII, lower case, letters/digits/spaces only."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.lower().replace("\u2019", "'")
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return text.strip()


def collapse(word: str) -> str:
    """Transliteration noise: doubled letters and a final -iy/-yy/-ii ("Zelenskyy", "Zelenskiy")."""
    word = re.sub(r"(.)\1+", r"\1", word)
    word = re.sub(r"(?:iy|yi|ij|ii)$", "y", word)
    return word


def person_name(text: str) -> str:
    """A person's name without the birth or death written after it (``LIFE_MARK``)."""
    return LIFE_MARK.sub("", text) or text


def person_key(name: str) -> str:
    name = person_name(name)
    words = [w for w in fold(name).split() if w not in TITLES]
    while words and words[-1] in SUFFIXES:
        words.pop()
    if not words:
        return fold(name)
    return collapse(words[-1])


def entity_key(text: str, label: str) -> str:
    """The matching key for an entity of a spaCy label."""
    if label == "PERSON":
        return person_key(text)
    words = fold(text).split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(collapse(w) for w in words)
