"""How a claim's date is known, in a reviewer's words: the word the detail pane prints
after a date ("2010-01-13 (day) · "Wednesday", relative"), explained once, for the help
screen. The words themselves are the ``date_provenance`` values (``db/README.md``)."""

from __future__ import annotations

MEANINGS: dict[str, str] = {
    "explicit": 'the sentence names the date ("June 7", "in 2006")',
    "relative": 'the sentence names it from the day of publication ("on Monday", '
                '"last week"), which must be known',
    "carried": "the sentence names none; it is told as part of an occasion whose day its "
               "story's lead or paragraph names, or, in its entry, other sources (shown, "
               "never used to group)",
    "document": "the sentence names none; the day its article was published",
    "corroborated": "other sources in the entry give the day the source's own words leave "
                    "open (a weekday, a month); its own words stay beside it",
    "named before": "the phrase names an event its article dated earlier (\"the killing\")",
}
