"""Dates, in one place: below every stage, used by all of them.

- ``expressions``: a date expression as written ("on Monday", "May 22nd", "last week") →
  ISO text at a precision, with how it was derived (explicit, relative, none) and the
  base it was read against. Extraction's way in: ``normalise``.
- ``published``: a document's publication date, from metadata (``normalise_published``),
  from its URL or file path (``address_date``), or guessed from its text (``infer``), and
  how it reads (``published_label``: a guess reads as one). Ingest's and extraction's way
  in.
- ``entry``: an entry's date: what its members' own words support (``consensus_date``)
  and the dates it gives back to members that state none (``settle``). Grouping's and the
  review core's way in.
- ``grouping``: sharper dates used only to group (``grouping_dates``, ``occasions``).
- ``provenance``: how a date is known, in a reviewer's words (``MEANINGS``).

The names below are the way in; the modules hold the rest. No module here imports a
stage: a date follows one route, from the text through ``expressions`` to the claim row,
and from the claim rows through ``entry`` to the entry.
"""

from .entry import consensus_date, event_date, settle
from .expressions import Base, DateValue, normalise
from .grouping import grouping_dates, occasions
from .provenance import MEANINGS
from .published import (
    ADDRESS_ORIGINS,
    DateError,
    address_date,
    infer,
    normalise_published,
    published_label,
)

__all__ = [
    "ADDRESS_ORIGINS", "MEANINGS", "Base", "DateError", "DateValue", "address_date",
    "consensus_date", "event_date", "grouping_dates", "infer",
    "normalise", "normalise_published", "occasions", "published_label", "settle",
]
