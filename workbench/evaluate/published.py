"""How well a page's publication date is guessed from its text alone, on corpora that give it.

A user's articles often come without metadata, and ingest then guesses the date from the
text (``dates.published.infer``): a dateline, a date in the first lines, else the latest
date the text tells. Timeline17 (each folder's day) and TimeML (each document's creation
time) know the day; the guess is made as if they did not, with the collection's year as
ingest finds it (``dominant_year`` of the texts' full dates), and counted:

- **on the day**, **within a day** (one before or after: a page written late, a time zone);
- **late**: two days or more after the page was published, a plan read as its day ("will
  begin returning to school on 7 May"): the page's undated news is then put on a day that
  had not come;
- **early**: two days or more before (a page that names only older days);
- **none**: no guess (no date, or only dates told ahead).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from ..dates.published import dominant_year, full_dates, infer


@dataclass
class GuessScore:
    documents: int = 0
    right: int = 0
    near: int = 0
    late: int = 0
    early: int = 0
    none: int = 0

    def summary(self) -> str:
        return (f"publication dates guessed from the text alone: {self.right} of "
                f"{self.documents} on the day, {self.near} within a day, {self.late} two "
                f"days or more late, {self.early} early, {self.none} not guessed")

    def as_dict(self) -> dict[str, int]:
        return dataclasses.asdict(self)

    def __add__(self, other: GuessScore) -> GuessScore:
        return GuessScore(**{k: v + getattr(other, k) for k, v in self.as_dict().items()})


def score_guesses(pages: Iterable[tuple[str, str]], own_year: bool = False) -> GuessScore:
    """``pages``: (text, the day it was published, ISO) of one collection; ``own_year``:
    each page is read in the year it was published, as in a collection of its own story
    (TimeML's pages span 1989-2000: as one collection, most year-less dates would be
    read in its commonest year)."""
    pages = list(pages)
    year = dominant_year(full_dates(text) for text, _ in pages)
    score = GuessScore()
    for text, published in pages:
        score.documents += 1
        guess = infer(text, int(published[:4]) if own_year else year)
        if guess is None:
            score.none += 1
            continue
        off = (dt.date.fromisoformat(published[:10])
               - dt.date.fromisoformat(guess.value[:10])).days
        if off == 0:
            score.right += 1
        elif abs(off) == 1:
            score.near += 1
        elif off < 0:
            score.late += 1
        else:
            score.early += 1
    return score
