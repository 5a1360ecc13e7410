"""Unit tests for the chronology model: dates, numbers, order, locations, what is included."""

from __future__ import annotations

import pytest

from workbench.export.model import (
    _DocumentText,
    format_number,
    format_timestamp,
    parse_date,
)
from workbench.export.reader import load_chronology

from .fixture import CLAIMS


@pytest.mark.parametrize(
    ("value", "precision", "iso", "display"),
    [
        ("2025-06-02", "day", "2025-06-02", "2 June 2025"),
        ("2025-06-02", None, "2025-06-02", "2 June 2025"),
        ("2025-06", "month", "2025-06", "June 2025"),
        ("2025", "year", "2025", "2025"),
        # a coarser precision than the text cuts the text
        ("2025-06-02", "month", "2025-06", "June 2025"),
        ("2025-06-02", "year", "2025", "2025"),
        # a finer precision than the text cannot be honoured
        ("2025-06", "day", "2025-06", "June 2025"),
        (" 2025-12-31 ", "day", "2025-12-31", "31 December 2025"),
    ],
)
def test_parse_date_at_its_precision(value, precision, iso, display):
    date = parse_date(value, precision)
    assert (date.iso, date.display) == (iso, display)


@pytest.mark.parametrize("value", [None, "", "June 2", "2025-13", "2025-02-30", "25-06-02", 2025])
def test_parse_date_rejects_what_is_not_an_iso_date(value):
    assert parse_date(value) is None


@pytest.mark.parametrize(
    ("value", "text"),
    [(1000.0, "1,000"), ("1000", "1,000"), (390, "390"), (2.5, "2.5"), ("many", "many"),
     (None, "None"), (float("nan"), "nan")],
)  # fmt: skip
def test_format_number(value, text):
    assert format_number(value) == text


def test_format_timestamp():
    assert format_timestamp("2025-06-21T12:30:00.000+02:00") == "21 June 2025, 10:30 UTC"
    assert format_timestamp("yesterday") == "yesterday"
    assert format_timestamp(None) is None


@pytest.mark.parametrize(
    ("text", "offset", "line", "paragraph"),
    [
        ("One.\nTwo.\nThree.", 0, 1, 1),
        ("One.\nTwo.\nThree.", 10, 3, 3),  # no blank line: each line is a paragraph
        ("\nOne.\nTwo.", 6, 3, 2),  # a leading newline is not a paragraph
        ("A a.\nA b.\n\nB a.\n \nC a.", 5, 2, 1),  # blank lines separate paragraphs
        ("A a.\nA b.\n\nB a.\n \nC a.", 11, 4, 2),
        ("A a.\nA b.\n\nB a.\n \nC a.", 18, 6, 3),  # a line of spaces is blank
    ],
)
def test_line_and_paragraph(text, offset, line, paragraph):
    doc = _DocumentText(text)
    assert (doc.line(offset), doc.paragraph(offset)) == (line, paragraph)


def test_only_accepted_groups_in_date_order_undated_last(review_db):
    chronology = load_chronology(review_db)
    assert [e.group_id for e in chronology.events] == [1, 5, 2, 3, 4, 6]
    assert [e.display_date for e in chronology.events] == [
        "16 May 2025", "May 2025", "2 June 2025", "7 June 2025", "19 June 2025", "Date unknown",
    ]  # fmt: skip


def test_a_month_sorts_after_its_days_and_a_year_after_its_months(own_db):
    with own_db.conn:
        own_db.execute("UPDATE groups SET event_date = '2025', date_precision = 'year' "
                       "WHERE id = 6")  # fmt: skip
        own_db.execute("UPDATE groups SET event_date = '2025-06', date_precision = 'month' "
                       "WHERE id = 4")  # fmt: skip
    order = [e.date.iso for e in load_chronology(own_db).events]
    assert order == ["2025-05-16", "2025-05", "2025-06-02", "2025-06-07", "2025-06", "2025"]


def test_same_date_orders_by_precision_then_id(own_db):
    with own_db.conn:
        own_db.execute("UPDATE groups SET event_date = '2025-06-02', date_precision = 'day' "
                       "WHERE id = 6")  # fmt: skip
        own_db.execute("UPDATE groups SET event_date = '2025-06', date_precision = 'month' "
                       "WHERE id = 4")  # fmt: skip
    order = [(e.group_id, e.date.iso) for e in load_chronology(own_db).events]
    assert order == [(1, "2025-05-16"), (5, "2025-05"), (2, "2025-06-02"), (6, "2025-06-02"),
                     (3, "2025-06-07"), (4, "2025-06")]  # fmt: skip


def test_citations_are_numbered_once_across_the_chronology(review_db):
    chronology = load_chronology(review_db)
    numbers = [c.number for c in chronology.citations]
    assert numbers == list(range(1, len(numbers) + 1))
    # every member claim of every accepted group is cited, and only those
    cited = sorted(c.claim_id for c in chronology.citations)
    assert cited == sorted([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15])


def test_quotes_are_exact_spans_of_their_documents(review_db):
    sentences = {c[0]: c[2] for c in CLAIMS}
    for citation in load_chronology(review_db).citations:
        assert citation.span_ok
        assert citation.quote == sentences[citation.claim_id]
        text = review_db.execute(
            "SELECT text FROM documents WHERE id = ?", [citation.document.id]
        ).fetchone()[0]
        assert text[citation.char_start : citation.char_end] == citation.quote


def test_conflict_values_point_at_their_citations(review_db):
    event = next(e for e in load_chronology(review_db).events if e.group_id == 2)
    (conflict,) = event.conflicts
    assert not conflict.resolved
    by_number = {c.number: c.claim_id for c in event.citations}
    june, may = conflict.values
    assert sorted(by_number[n] for n in june.citations) == [3, 5, 6, 7]
    assert [by_number[n] for n in may.citations] == [4]
    assert conflict.describe() == "the event date: 2 June 2025 vs 22 May 2025"


def test_resolved_date_conflict_decides_the_event_date(own_db):
    with own_db.conn:
        own_db.execute("UPDATE groups SET event_date = '2025-06-08' WHERE id = 3")
    event = next(e for e in load_chronology(own_db).events if e.group_id == 3)
    assert event.date.iso == "2025-06-07"


def test_a_date_the_reviewer_typed_wins_over_a_resolution(own_db):
    with own_db.conn:
        own_db.execute("UPDATE groups SET event_date = '2025-06-08', edited = '[\"event_date\"]' "
                       "WHERE id = 3")
    event = next(e for e in load_chronology(own_db).events if e.group_id == 3)
    assert event.date.iso == "2025-06-08"


def test_sources_are_recounted_from_the_cited_documents(own_db):
    with own_db.conn:
        own_db.execute("UPDATE groups SET sources = 99 WHERE id = 4")
    event = next(e for e in load_chronology(own_db).events if e.group_id == 4)
    assert event.sources == 1 and event.single_source


def test_unsafe_urls_are_never_links(review_db):
    documents = {d.id: d for d in load_chronology(review_db).documents}
    assert documents[5].url == "javascript:alert(1)" and documents[5].web_url is None
    assert documents[1].web_url == "https://example.org/seeds/000"
    assert documents[4].label == "seeds/003_d2fe5184c3e43d4c.txt"  # untitled


def test_last_decision_ignores_undone_decisions(review_db):
    assert load_chronology(review_db).last_decision_at == "2025-06-21T10:30:00.000+00:00"


def test_blank_title_falls_back_to_the_first_quote(own_db):
    with own_db.conn:
        own_db.execute("UPDATE groups SET title = '  ' WHERE id = 4")
    event = next(e for e in load_chronology(own_db).events if e.group_id == 4)
    assert event.title == CLAIMS[10][2]


def test_a_quote_names_its_outlet_and_an_untitled_document_its_file_and_date():
    from workbench.export.model import Document, parse_date

    untitled = Document(1, "seeds/000_x.txt", None, None, None, parse_date("2025-06-07"))
    assert untitled.outlet == "000_x.txt, 7 June 2025"
    # a guessed date is never shown as a fact, not even in the short name beside a quote
    guessed = Document(1, "seeds/000_x.txt", None, None, None, parse_date("2025-06-07"),
                       "inferred", "the latest date the text mentions")
    assert guessed.outlet == "000_x.txt, 7 June 2025 (inferred)"
    assert Document(2, "a/b.txt", "A title", "Kyiv Post", None, None).outlet == "Kyiv Post"
    assert Document(3, "a/b.txt", "A title", None, None, None).outlet == "A title"


def test_markdown_names_the_outlet_beside_each_quote(review_db):
    from workbench.export import render

    text, _omitted = render(load_chronology(review_db), "md")
    quotes = [line for line in text.splitlines() if line.startswith("- “")]
    assert quotes and all("” — " in line for line in quotes), quotes


def test_a_quote_within_a_quotation_turns_single_and_the_citation_stays_verbatim():
    from workbench.export.model import nested_quotes

    # wrapped in quotation marks, a claim that opens with its own would read ““The start
    assert nested_quotes("“The swap is next week,” stated Budanov.") == (
        "‘The swap is next week,’ stated Budanov.")
    assert nested_quotes('labelling him "absolutely crazy" in May') == (
        "labelling him ‘absolutely crazy’ in May")
    assert nested_quotes("no quotation here") == "no quotation here"
    # a mark that ends a quotation a sentence before opened closes, even after a space
    # (a walk read “…today I found her. ‘” on a Haiti live page)
    assert nested_quotes('and today I found her. "') == "and today I found her. ’"
    assert nested_quotes('as you know, " he said.') == "as you know, ’ he said."
    assert nested_quotes('"We just got married.') == "‘We just got married."


@pytest.mark.parametrize(("piece", "cut"), [
    ("Mr Bertolaso, who arrived in Haiti on Friday", 2),   # the sentence goes on: ", described"
    ("described it as “a terrible situation”.", 1),        # it began before: "Friday, "
    ("Haiti is the poorest country in the western hemisphere.", 0),
    ("The luckier survivors have been treated by medics", 0),  # a caption run into the text
    ("- A list item", 0),
    ("Second stage next week", 0),                          # a headline: its line ends
])
def test_a_quote_cut_from_its_sentence_says_so(piece, cut):
    """An export quoted a piece of a sentence ("Mr Bertolaso, who arrived in Haiti on
    Friday") as if it were all the source said; an ellipsis now marks where the sentence
    goes on."""
    from workbench.export.model import Citation, Document, cut_of

    text = ("Second stage next week\n"
            "Mr Bertolaso, who arrived in Haiti on Friday, described it as “a terrible "
            "situation”. The luckier survivors have been treated by medics Haiti is the "
            "poorest country in the western hemisphere.\n- A list item\n")
    start = text.index(piece)
    assert cut_of(text, start, start + len(piece)) == cut
    citation = Citation(number=1, claim_id=1, quote=piece, document=Document(
        id=1, path="a.txt", title=None, source=None, url=None, published=None),
        char_start=start, char_end=start + len(piece), line=1, paragraph=1, date_text=None,
        speaker=None, span_ok=True, cut_before=bool(cut & 1), cut_after=bool(cut & 2))
    assert citation.quoted == "…" * (cut & 1) + piece.replace("“", "‘").replace(
        "”", "’") + "…" * (cut >> 1)
