"""Is a document written in English? The extractor reads English only.

A text in another language run through an English model gives claims made of fragments
("i tu cents n tr c, no a lan sang Canada"): a collection scraped from an outlet's site
holds its pages in other languages too (Timeline17's H1N1 story has six Vietnamese and one
Spanish BBC page among 122). Such a document is not extracted; its problem is recorded
and reported like any other document's (``extract._record_problem``), so the reviewer
knows it is there and why it gives no claims.

English prose is held together by a few short words: in every English article of the dev
corpora (Timeline17, ECB+, TimeML news, the SemEval trial, the seeds; 1,900 articles) at
least 7 % of the words are among ``COMMON``, 15 % or more in all but a few lists of names
and results ("Fired Jim O'Brien, coach. Named Maurice Cheeks coach"); in the pages in
other languages, at most 3.4 %. A text shorter than ``MIN_WORDS`` words is not judged:
a headline or a list says too little; a longer one without a single one of them (a list
of names or links) is no prose the extractor can read either, and is reported the same way.
"""

from __future__ import annotations

import re

COMMON = frozenset(
    "the of and to in a is that for on was with as by at from it he she they said has have "
    "be are were an this which his her their not but or had will who".split())
SHARE = 0.05  # below this share of COMMON words a text is not English
MIN_WORDS = 50
_WORD = re.compile(r"[A-Za-z]+")


class NotEnglish(ValueError):
    """The document is not written in English (``problem`` says why)."""


def problem(text: str) -> str | None:
    """Why the text is not English ("not English prose: 2 % of its 1,241 words are common
    English words, ..."), or None when it is, or is too short to tell."""
    words = _WORD.findall(text)
    if len(words) < MIN_WORDS:
        return None
    common = sum(w.lower() in COMMON for w in words)
    share = common / len(words)
    if share >= SHARE:
        return None
    return (f"not English prose: {100 * share:.0f} % of its {len(words):,} words are common "
            f"English words (the, of, and ...), against {100 * SHARE:.0f} % or more in English "
            "text")
