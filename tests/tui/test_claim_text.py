"""How one claim's date reads in the detail pane (rendered as plain text, no app)."""

from __future__ import annotations

from dataclasses import replace

from rich.console import Console

from workbench.review.detail import ClaimView, DatedPart
from workbench.tui.widgets.detail import claim_text


def view(text: str = "The quake struck on Tuesday.", **fields) -> ClaimView:
    """A claim as the detail pane gets it: ``fields`` over plain defaults."""
    plain = dict(id=1, document_id=1, doc_title="", doc_path="a.txt", doc_source=None,
                 doc_published="2010-01-14", text=text, date=None, date_precision=None,
                 date_provenance="document", date_text=None, date_base=None, speaker=None,
                 reporting_verb=None, similarity=1.0, pinned=False, char_start=0,
                 char_end=len(text), context=text, context_start=0, context_end=len(text))
    return ClaimView(**{**plain, **fields})


def shown(**date) -> str:
    claim = view(
        "The store was launched in 2003.", doc_title="Store turns five",
        doc_published="2008-04-09", date_precision=date.get("date_precision"),
        date=date.get("date"), date_provenance=date.get("date_provenance", "explicit"),
        date_text=date.get("date_text", "in 2003"), stated_date=date.get("stated_date"),
        stated_provenance=date.get("stated_provenance"), stated_by=date.get("stated_by", 0),
        dated_parts=date.get("dated_parts", ()))
    console = Console(width=200, record=True, color_system=None)
    console.print(claim_text(claim, 1, 1, True, ""))
    return console.export_text()


def test_a_date_the_group_sharpened_says_what_the_source_itself_says():
    text = shown(date="2003-04-28", date_precision="day", date_provenance="corroborated",
                 stated_date="2003", stated_provenance="explicit", stated_by=2)
    assert "date 2003-04-28 (day)" in text
    assert ('corroborated: "in 2003" is 2003 (explicit) in the source, the day is the one '
            "2 other sources in this group state") in text
    monday = shown(date="2003-04-28", date_precision="day", date_provenance="corroborated",
                   date_text="on Monday", stated_provenance="relative")
    assert 'corroborated: "on Monday" is no day in the source, the day is the one' in monday
    plain = shown(date="2003", date_precision="year")
    assert '2003 (year) · "in 2003", explicit' in plain and "in the source" not in plain


def test_a_phrase_dated_by_a_date_of_its_own_is_shown_under_the_claims_date():
    part = DatedPart("1995", "explicit", "1995", "1995 shooting of Dr. \x1b[31mShort")
    text = shown(date="2000-01-24", date_precision="day", date_provenance="relative",
                 date_text="Monday", dated_parts=(part,))
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if "date 2000-01-24 (day)" in line)
    # on its own line below the claim's date, its words quoted, escape codes made visible
    assert 'also dates “1995 shooting of Dr. ␛[31mShort” 1995 ("1995", explicit)' in lines[at + 1]
    assert "\x1b" not in text
    # a phrase on the claim's own date is not repeated under it
    same = DatedPart("2000-01-24", "named before", None, "the shooting")
    again = shown(date="2000-01-24", date_precision="day", date_provenance="relative",
                  date_text="Monday", dated_parts=(part, same))
    assert "also dates “1995 shooting" in again and "the shooting" not in again


def test_a_saying_dated_apart_reads_as_the_day_it_was_said():
    # "said" in "Jobs said that his company sold 13.7 million Macs last year"
    said = DatedPart("2010-10-20", "document", None, "said")
    text = shown(date="2009", date_precision="year", date_provenance="relative",
                 date_text="last year", dated_parts=(said,))
    assert "“said” on 2010-10-20 (the day of publication)" in text
    assert "also dates “said”" not in text
    lead = DatedPart("2010-10-18", "carried", None, "told")
    text = shown(date="2009", date_precision="year", date_provenance="relative",
                 date_text="last year", dated_parts=(lead,))
    assert "“told” on 2010-10-18 (the day its paragraph or the story's lead names)" in text


def test_a_guessed_publication_date_reads_as_a_guess_in_the_detail_pane(seed_db):
    """Seeds carry no metadata: the detail pane says seed 001's date is inferred and from
    what, as ``load_detail`` gives it (its text names May 22nd, the day it misdates the
    June 2 talks; the other sources' day for those talks raised it)."""
    from workbench.review.detail import load_detail

    (gid,) = seed_db.execute(
        "SELECT m.group_id FROM group_members m JOIN claims c ON c.id = m.claim_id "
        "WHERE c.text LIKE '%Ciragan Palace on May 22nd%'").fetchone()
    claim = next(c for c in load_detail(seed_db.conn, gid).claims if "May 22nd" in c.text)
    console = Console(width=300, record=True, color_system=None)
    console.print(claim_text(claim, 1, 1, True, ""))
    assert ("published 2025-06-02 (inferred from the day other sources give an occasion it "
            "reports)") in console.export_text()


def test_a_conflict_of_many_values_reads_one_row_per_value_with_its_first_quotes():
    from workbench.review.detail import ConflictValue, ConflictView
    from workbench.tui.widgets.detail import _conflict_text

    def claim(cid: int, text: str) -> ClaimView:
        return view(text, id=cid, document_id=cid, doc_title=f"Report {cid}",
                    doc_path=f"{cid}.txt", doc_source=f"outlet{cid}")

    tolls = ["45,000", "50,000", "100,000", "200,000", "230,000"]
    claims = {i: claim(i, f"As many as {toll} people were killed by the quake.")
              for i, toll in enumerate(tolls, 1)}
    claims[6] = claim(6, "The Red Cross said 200,000 people were killed.")
    claims[7] = claim(7, "Officials now say 200,000 people died.")
    claims[8] = claim(8, "At least 200,000 people died, the minister said.")
    values = tuple(ConflictValue(toll, (i,) + ((6, 7, 8) if toll == "200,000" else ()),
                                 (f"Report {i}",)) for i, toll in enumerate(tolls, 1))
    conflict = ConflictView(1, "number", "people", values, None)
    console = Console(width=100, record=True, color_system=None)
    console.print(_conflict_text(conflict, claims))
    text = console.export_text()
    # every value with its whole first quote on one line, not cut into 20-character columns
    for i, toll in enumerate(tolls, 1):
        assert f"outlet{i}: “As many as {toll} people were killed by the quake.”" in text
    assert "… 1 more" in text  # four claims give 200,000: three quoted
    assert "Officials now say" in text and "At least 200,000" not in text


def test_a_resolved_conflict_says_when_reports_since_say_otherwise():
    # it read "✓ resolved" with a new source against the choice
    from workbench.review.detail import ConflictValue, ConflictView
    from workbench.tui.widgets.detail import _conflict_text

    claims = {i: view(f"The talks were held on {d}.", id=i, document_id=i, doc_path=f"{i}.txt")
              for i, d in ((1, "June 3"), (2, "June 2"), (3, "June 2"))}
    values = (ConflictValue("2025-06-03", (1,), ("1.txt",)),
              ConflictValue("2025-06-02", (2, 3), ("2.txt", "3.txt"), since=(3,)))
    console = Console(width=100, record=True, color_system=None)
    console.print(_conflict_text(ConflictView(1, "date", "event date", values, "2025-06-03"),
                                 claims))
    text = console.export_text()
    assert "✓ resolved the event date: 2025-06-03 ⚠ 1 report since says otherwise, r looks " \
           "again" in " ".join(text.split())
    assert "2 sources (1 new)" in text


def test_a_settled_conflict_is_one_line_in_a_short_pane():
    """At 80x24 a tester paged eight times past four settled conflicts, each its sides in
    full, to reach the claims of Haiti's rescue entry. In a short pane a settled conflict
    no report has come in against since is its line; an open one, or one reports contradict
    since, keeps its sides."""
    from workbench.review.detail import ConflictValue, ConflictView
    from workbench.tui.widgets.detail import _conflict_text

    claims = {i: view(f"The talks were held on {d}.", id=i, document_id=i, doc_path=f"{i}.txt")
              for i, d in ((1, "June 3"), (2, "June 2"), (3, "June 2"))}
    values = (ConflictValue("2025-06-03", (1,), ("1.txt",)),
              ConflictValue("2025-06-02", (2, 3), ("2.txt", "3.txt")))

    def shown(resolution, since=(), compact=True):
        sides = (values[0], ConflictValue("2025-06-02", (2, 3), ("2.txt", "3.txt"), since=since))
        console = Console(width=76, record=True, color_system=None)
        console.print(_conflict_text(ConflictView(1, "date", "event date", sides, resolution),
                                     claims, compact=compact))
        return [line for line in console.export_text().splitlines() if line.strip()]

    assert shown("2025-06-03") == [
        "✓ resolved the event date: 2025-06-03  (z: the sides)"]
    assert len(shown("2025-06-03", compact=False)) > 2  # zoomed, or a tall pane: the sides
    assert len(shown(None)) > 2  # open: the sides
    assert len(shown("2025-06-03", since=(3,))) > 2  # contradicted since: the sides


def test_a_source_named_longer_than_its_column_is_folded_not_cut():
    """At 160 columns the detail pane's conflict columns are 20 wide: "haiti_bbc.jsonl:205:"
    showed as "haiti_bbc.jsonl:20…", and the article it names was lost."""
    from workbench.review.detail import ConflictValue, ConflictView
    from workbench.tui.widgets.detail import _conflict_text

    def claim(cid: int, line: int) -> ClaimView:
        return view(id=cid, document_id=cid, doc_path=f"haiti_bbc.jsonl:{line}")

    claims = {1: claim(1, 2), 2: claim(2, 12345), 3: claim(3, 205)}
    values = tuple(ConflictValue(day, (i,), (claims[i].doc_path,))
                   for i, day in enumerate(("2010-01-12", "2010-01-14", "2010-01-21"), 1))
    console = Console(width=62, record=True, color_system=None)
    console.print(_conflict_text(ConflictView(1, "date", "event date", values, None), claims))
    lines = console.export_text().splitlines()
    assert not any("…" in line for line in lines)
    # each column read down (a folded name goes on in its column on the next line)
    first = next(i for i, line in enumerate(lines) if "haiti_bbc" in line)
    starts = [lines[first].index("haiti_bbc", k) for k in (0, 20, 40)]
    ends = [*starts[1:], len(lines[first]) + 10]
    for line_no, a, b in zip((2, 12345, 205), starts, ends, strict=True):
        column = "".join(line[a:b].strip() for line in lines[first:first + 2])
        assert column.startswith(f"haiti_bbc.jsonl:{line_no}:")


def test_a_value_many_claims_back_quotes_its_first_few_side_by_side_too():
    """Haiti's 12 January, backed by 33 claims against two others: its column quoted all 33
    and pushed the suggestions and the claims a dozen pages down."""
    from workbench.review.detail import ConflictValue, ConflictView
    from workbench.tui.widgets.detail import QUOTES_PER_VALUE, _conflict_text

    def claim(cid: int) -> ClaimView:
        return view(f"Report {cid}: the quake struck on Tuesday.", id=cid, document_id=cid,
                    doc_path=f"{cid}.txt")

    claims = {i: claim(i) for i in range(1, 36)}
    values = (ConflictValue("2010-01-12", tuple(range(1, 34)), ()),
              ConflictValue("2010-01-14", (34,), ()), ConflictValue("2010-01-21", (35,), ()))
    console = Console(width=120, record=True, color_system=None)
    console.print(_conflict_text(ConflictView(1, "date", "event date", values, None), claims))
    text = console.export_text()
    assert "Report 1:" in text and f"Report {QUOTES_PER_VALUE + 1}:" not in text
    assert f"… {33 - QUOTES_PER_VALUE} more" in text
    assert "Report 34:" in text and "Report 35:" in text


def test_a_fine_event_inside_an_entry_is_headed_by_who_reports_it():
    claim = view("The quake struck at 4:53 pm.", doc_title="Quake",
                 doc_published="2010-01-13", date_provenance="none")

    def text(c: ClaimView) -> str:
        console = Console(width=200, record=True, color_system=None)
        console.print(claim_text(c, 1, 40, False, ""))
        return console.export_text()

    assert "──" not in text(claim)
    many = text(replace(claim, report_claims=31, report_sources=12))
    assert many.splitlines()[0] == "── 31 claims from 12 sources report this"
    one = text(replace(claim, report_claims=3, report_sources=1))
    assert one.splitlines()[0] == "── 3 claims from one source report this"
    rest = text(replace(claim, report_claims=1, report_sources=1))
    assert rest.splitlines()[0] == "── the rest, each told by one claim"


def test_a_window_that_begins_inside_a_section_repeats_its_heading():
    from workbench.tui.widgets.detail import section_heading

    base = view("The quake struck.", doc_title="Quake", doc_published="2010-01-13",
                date_provenance="none")
    # claims 0-2 one fine event (3 claims, 2 sources), 3-4 another, then two told once
    claims = [replace(base, id=1, event=7, report_claims=3, report_sources=2),
              replace(base, id=2, event=7), replace(base, id=3, event=7),
              replace(base, id=4, event=8, report_claims=2, report_sources=1),
              replace(base, id=5, event=8),
              replace(base, id=6, event=9, report_claims=1, report_sources=1),
              replace(base, id=7, event=10)]
    assert section_heading(claims, 0, 0) == "── 3 claims from 2 sources report this"
    assert section_heading(claims, 1, 0) is None  # inside its section, under its heading
    assert section_heading(claims, 2, 2) == "── 3 claims from 2 sources report this (continued)"
    assert section_heading(claims, 4, 4) == "── 2 claims from one source report this (continued)"
    assert section_heading(claims, 6, 6) == "── the rest, each told by one claim (continued)"
    assert section_heading(claims, 3, 2) == "── 2 claims from one source report this"


def test_a_conflict_quotes_each_source_where_its_value_stands():
    """A name's two spellings, deep in long sentences: the quotes were cut at 140
    characters, before the name the conflict is about."""
    from workbench.review.detail import ConflictValue, ConflictView
    from workbench.tui.widgets.detail import QUOTE_CHARS, _conflict_text

    opening = ("According to Reuters, which analyzed the document, Kyiv's proposals included a "
               "30-day ceasefire, a complete exchange of prisoners, the return of children and ")
    claims = {1: view(opening + "a meeting between Putin and Zelensky.", id=1, doc_path="a.txt"),
              2: view(opening + "a meeting between Putin and Zelenskyy.", id=2, doc_path="b.txt"),
              3: view("Zelensky spoke.", id=3, doc_path="c.txt")}
    assert len(opening) > QUOTE_CHARS
    values = (ConflictValue("Zelensky", (1, 3), ("a.txt", "c.txt")),
              ConflictValue("Zelenskyy", (2,), ("b.txt",)))
    console = Console(width=400, record=True, color_system=None)
    console.print(_conflict_text(ConflictView(1, "name", "zelensky", values, None), claims))
    text = console.export_text()
    assert "between Putin and Zelensky.”" in text and "between Putin and Zelenskyy.”" in text
    assert "“…" in text  # the start left out says so
    assert "“Zelensky spoke.”" in text  # a short quote whole, as before


def test_a_conflicts_quotes_are_the_ones_that_tell_the_entry_best():
    """The quake's 25 sources were quoted by "…a plan overnight Tuesday" first, before
    "The 7.0-magnitude quake … struck … on Tuesday": the claims saying most of the title's
    words are quoted first, as the export quotes a source."""
    from workbench.review.detail import ConflictValue, ConflictView
    from workbench.tui.widgets.detail import QUOTES_PER_VALUE, _conflict_text

    side = [view("Obama asked his team to work out a plan overnight Tuesday.", id=1,
                 document_id=1, doc_path="1.txt", date_text="overnight Tuesday")]
    side += [view(f"Aid agency {i} met on Tuesday.", id=i, document_id=i,
                  doc_path=f"{i}.txt", date_text="Tuesday")
             for i in range(2, 2 + QUOTES_PER_VALUE)]
    side.append(view("The magnitude quake struck Haiti on Tuesday.", id=9, document_id=9,
                     doc_path="9.txt", date_text="Tuesday"))
    claims = {c.id: c for c in side}
    values = (ConflictValue("2010-01-12", tuple(claims), ()),)
    console = Console(width=120, record=True, color_system=None)
    console.print(_conflict_text(ConflictView(1, "date", "event date", values, None), claims,
                                 "The magnitude quake struck Haiti on Tuesday, 12 January."))
    text = console.export_text()
    quotes = [line for line in text.splitlines() if ".txt: “" in line]
    assert quotes[0].startswith("9.txt: “The magnitude quake struck Haiti")


def test_a_weekday_that_contradicts_the_date_is_a_warning_beside_it():
    claim = view("Talks were held on Monday, June 3.", date="2025-06-03",
                 date_precision="day", date_provenance="explicit", date_text="Monday, June 3",
                 date_base="year from 2025-06-10 (given)",
                 date_slip="says Monday, but 2025-06-03 is a Tuesday")
    console = Console(width=200, record=True, color_system=None)
    console.print(claim_text(claim, 1, 1, True, ""))
    text = console.export_text()
    assert ('"Monday, June 3", explicit (base: year from 2025-06-10 (given)) · ⚠ says Monday, '
            "but 2025-06-03 is a Tuesday") in text


def test_the_words_a_search_found_stand_out_in_the_claim_and_its_paragraph():
    """A tester searched /biscuits and saw the claim found, but not why: the word was
    lost in a long paragraph. Each word a search found (as a prefix, as the search finds
    it) is reversed in the paragraph and not reversed inside the claim, which is."""
    paragraph = "Rescuers dug for days. He had survived on biscuits and cola. Aid arrived."
    claim = "He had survived on biscuits and cola."
    start = paragraph.index(claim)
    found = view(claim, context=paragraph, context_start=start,
                 context_end=start + len(claim))
    text = claim_text(found, 1, 1, True, "", search="biscuit ARRIV")
    context = text.renderables[-1].renderable  # the paragraph, under the claim's lines
    styled = {str(context)[s.start:s.end]: s.style for s in context.spans}
    assert styled["biscuits"].reverse is False and styled["biscuits"].bold
    assert styled["arrived"].reverse is True
    plain = claim_text(found, 1, 1, True, "")
    assert [s for s in plain.renderables[-1].renderable.spans
            if paragraph[s.start:s.end] == "biscuits"] == []


def test_how_a_publication_date_was_guessed_is_said_once_a_document():
    """Every claim of a guessed page said "published 2025-05-16 (inferred from the latest
    date the text mentions, its year from the collection)": two of a claim's few rows at
    80x24, again and again in an entry that quotes one page several times."""
    label = ("published 2025-05-16 (inferred from the latest date the text mentions, its "
             "year from the collection)")

    def text(told: int | None) -> str:
        claim = view("The talks began.", doc_published="2025-05-16",
                     doc_published_label=label)
        console = Console(width=300, record=True, color_system=None)
        console.print(claim_text(claim, 2, 2, True, "", document_told=told))
        return console.export_text()

    assert label in text(None)
    again = text(1)  # the claim that said it is named (a tester read "as above" 36 below)
    assert "published 2025-05-16, guessed: see claim 1" in again and "inferred" not in again
    given = view("The talks began.", doc_published="2025-05-16",
                 doc_published_label="published 2025-05-16")
    console = Console(width=300, record=True, color_system=None)
    console.print(claim_text(given, 2, 2, True, "", document_told=1))
    assert "published 2025-05-16)" in console.export_text()  # a date given is just said


def test_a_guessed_publication_date_before_what_its_article_tells_is_flagged_once():
    """Seed 002 was guessed published on 16 May (the latest date it names) and reports
    the talks of June 2 as past: the pane says the guess is too early, once a document."""
    from workbench.tui.widgets.detail import _too_early

    label = "published 2025-05-16 (inferred from the latest date the text mentions)"
    told = view("After the talks, Umerov informed reporters.", doc_published="2025-05-16",
                doc_published_label=label, date="2025-06-02", date_precision="day",
                date_provenance="carried")
    again = replace(told, id=2)
    given = replace(told, id=3, document_id=2, doc_published_label="published 2025-05-16")
    plan = replace(told, id=4, document_id=3, date_provenance="explicit")  # a plan ahead
    month = replace(told, id=5, document_id=4, doc_published="2025-06",
                    doc_published_label="published 2025-06 (inferred from ...)")
    assert month.published_too_early is None  # June 2 lies inside a guessed June
    claims = [told, again, given, plan]
    assert "published later?" in (_too_early(claims, 0, 0) or "")
    assert _too_early(claims, 1, 0) is None  # said once for its document
    assert _too_early(claims, 1, 1) == _too_early(claims, 0, 0)  # unless that is not shown
    assert _too_early(claims, 2, 0) is None  # a date the source gave is no guess
    assert _too_early(claims, 3, 0) is None  # a date it names may lie ahead
    console = Console(width=100, record=True)
    console.print(claim_text(told, 1, 2, True, "", too_early=_too_early(claims, 0, 0)))
    assert "⚠ told as past, yet after its guessed publication date 2025-05-16" in " ".join(
        console.export_text().split())


def test_a_paragraph_cut_around_the_claim_opens_and_ends_with_an_ellipsis():
    # a tester read "receiving psychological and medical" as the end of the paragraph
    context = "were reunited with families and began receiving psychological and medical"
    claim = view("began receiving psychological", context=context,
                 context_start=context.index("began"),
                 context_end=context.index("began") + len("began receiving psychological"),
                 context_cut=(True, True))
    console = Console(width=200, record=True, color_system=None)
    console.print(claim_text(claim, 1, 1, True, "medical"))
    text = console.export_text()
    assert "…were reunited with families" in text and "psychological and medical…" in text
    whole = replace(claim, context_cut=(False, False))
    console = Console(width=200, record=True, color_system=None)
    console.print(claim_text(whole, 1, 1, True, ""))
    assert "…" not in console.export_text()


def test_the_source_view_says_an_article_has_no_publication_date_and_how_to_give_one():
    # a tester's three articles named no year: every entry undated, and the source view
    # showed no publication line at all to say why
    from workbench.review.detail import DocumentView
    from workbench.tui.screens.document import _meta

    undated = DocumentView(id=1, title="t", path="day1/000.txt", source=None, url=None,
                           published=None, published_label=None, text="On June 7, ...")
    assert _meta(undated) == "day1/000.txt · publication date unknown: d gives one"
    dated = replace(undated, published="2025-06-08", published_label="published 2025-06-08")
    assert _meta(dated) == "day1/000.txt · published 2025-06-08"


def test_a_source_of_one_huge_line_is_shown_as_a_window_around_the_claim():
    # a pasted 2.4 MB page of one line took 3-10 s a key in the source view
    from workbench.tui.screens.document import LONG_LINE, WINDOW, window

    words = " ".join(f"word{i}" for i in range(60_000))
    start = words.index("word30000 ")
    end = start + len("word30000")
    lo, hi = window(words, start, end)
    assert lo < start and end < hi and hi - lo <= 2 * WINDOW + len("word30000")
    assert words[lo - 1] == " " and words[hi] == " "  # cut between words
    # a text of ordinary lines is shown whole
    lines = "\n".join(words[k:k + 500] for k in range(0, 30_000, 500))
    assert max(map(len, lines.split("\n"))) <= LONG_LINE and window(lines, 10, 20) is None
