"""Text a tokenizer has split, read back as prose.

Research corpora of news (Timeline17, ECB+, the Penn Treebank's own) store their articles
as tokens: every comma and full stop set off by spaces ("said , adding ."), contractions
split ("does n't"), brackets and quotes written as the tokenizer's codes ("-LRB-",
"``", "''") and slashes escaped ("Reuters\\/Getty"). Read as they are, the codes end up
in titles and quotes ("Relenza -RRB-"), a picture credit with an escaped slash is not
recognised as one, and every citation reads like a parse. A user who builds such a corpus
means its prose.

:func:`looks_tokenized` tells such a text by what prose never has: a tokenizer's bracket
code, or punctuation set off by spaces far more often than attached to its word.
:func:`untokenize` joins each line's tokens as prose; :func:`detokenize` joins one list
of tokens (the evaluation readers use it on the corpora's token lists).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# the tokenizer's codes for brackets and quotes
CODES = {"``": '"', "''": '"', "-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]",
         "-LCB-": "{", "-RCB-": "}"}
# the Penn Treebank escapes a tokenizer writes inside tokens: "Europe\/Asia", "\* UN agency"
_ESCAPED = re.compile(r"\\([/*])")
_BRACKET_CODE = re.compile(r"(?<!\S)-[LR][RSC]B-(?!\S)")
# a comma, full stop, colon ... after a word: set off by a space, or attached to it
_SPACED = re.compile(r"(?<=\w) [,.;:?!](?= |$)", re.MULTILINE)
_ATTACHED = re.compile(r"(?<=\w)[,.;:?!](?= |$)", re.MULTILINE)
# fewer set-off marks than this say too little to call a text tokenized
_MIN_SPACED = 3

# tokens set against the word before them (compared in lower case), and after which the
# next one follows with no space: sets, not patterns, a token is read in constant time
_NO_SPACE_BEFORE = frozenset(".,;:!?%)]}'") | {"'s", "'re", "'ve", "'ll", "'d", "n't", "'m",
                                                 "’s"}
_NO_SPACE_AFTER = frozenset("([{$")
_FIGURE_TAIL = re.compile(r"^[,.]\d+$")


def looks_tokenized(text: str) -> bool:
    """Is ``text`` a tokenizer's output rather than prose? A bracket code ("-LRB-") says
    so at once; otherwise at least three marks of punctuation set off by a space, and at
    least four times as many as those attached to their word (prose sets off almost none:
    a quoted " ..." or a list's " ;" now and then)."""
    if _BRACKET_CODE.search(text):
        return True
    # counted match by match: a list of them was 150 MB for 10 MB of " ,"
    spaced = sum(1 for _ in _SPACED.finditer(text))
    return spaced >= _MIN_SPACED and spaced >= 4 * sum(1 for _ in _ATTACHED.finditer(text))


def _joined(before: str, sep: str, w: str) -> bool:
    """Tokens the corpus split inside one word: "5 . 9", "120 , 000", "p . m", "Wal - Mart"."""
    if sep == "." and before.isdigit() and w.isdigit():
        return True
    if sep == "," and before.isdigit() and len(before) <= 3 and len(w) == 3 and w.isdigit():
        return True
    if sep == "." and len(before) == 1 and before.isalpha() and len(w) == 1 and w.isalpha():
        return True
    return sep == "-" and before[-1:].isalnum() and w[:1].isalnum()


def detokenize(words: Iterable[str]) -> str:
    """Join tokens into readable text ("a , b ( c )" -> "a, b (c)"; "magnitude - 5 . 9" ->
    "magnitude-5.9"). Each token's spacing depends only on the tokens before it, so the
    text of a prefix of the tokens is a prefix of the text (``evaluate.timeline`` relies
    on it)."""
    out: list[str] = []
    glue = True
    quote_open = False
    prev2 = prev = ""
    for w in words:
        closing = w == '"' and quote_open
        hyphen = w == "-" and prev[-1:].isalnum()
        # a figure split before its separator ("50 ,000", "magnitude-4 .5")
        figure = prev[-1:].isdigit() and _FIGURE_TAIL.match(w) is not None
        if (not out or glue or closing or hyphen or figure or w.lower() in _NO_SPACE_BEFORE
                or _joined(prev2, prev, w)):
            out.append(w)
        else:
            out.append(" " + w)
        glue = w in _NO_SPACE_AFTER
        if w == '"':
            quote_open = not quote_open
            glue = quote_open  # no space after an opening quote
        prev2, prev = prev, w
    return "".join(out)


def untokenize(text: str) -> str:
    """A tokenized text as prose, line by line (a line is a paragraph, or a sentence in
    corpora that keep one a line); the codes and escapes read as the characters they
    stand for. Blank lines stay, so paragraphs stay apart."""
    return "\n".join(detokenize([_prose(w) for w in line.split()]) for line in text.splitlines())


def _prose(token: str) -> str:
    """A token as the characters it stands for ("-LRB-" "(", "Reuters\\/AP" "Reuters/AP")."""
    if "\\" in token:
        return _ESCAPED.sub(r"\1", token)
    return CODES.get(token, token)
