"""The Markdown footnotes number the same way on GitHub, in pandoc and in our other formats."""

from __future__ import annotations

import io
import json
import re
import subprocess

import pytest

from workbench.export import ExportError, export_chronology
from workbench.export.reader import load_chronology


def _md(db) -> str:
    out = io.BytesIO()
    export_chronology(db, "md", out)
    return out.getvalue().decode("utf-8")


def test_each_footnote_is_referenced_once_in_ascending_order(review_db):
    # Renderers number notes by first reference (GitHub) or make one per reference
    # (pandoc); one reference each, in order, keeps their numbers equal to ours.
    text = _md(review_db)
    body, _, notes = text.partition("\n[^1]: ")
    references = [int(n) for n in re.findall(r"\[\^(\d+)\](?!:)", body)]
    total = len(load_chronology(review_db).citations)
    assert references == list(range(1, total + 1))
    definitions = [int(n) for n in re.findall(r"^\[\^(\d+)\]: ", "[^1]: " + notes, re.M)]
    assert definitions == list(range(1, total + 1))


@pytest.mark.parametrize("reader", ["markdown", "gfm"])
def test_pandoc_renders_every_footnote_and_no_markup_from_the_data(pandoc, review_db, reader):
    done = subprocess.run(
        [pandoc, "-f", reader, "-t", "html"],
        input=_md(review_db), capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    html = done.stdout
    assert done.stderr == ""  # e.g. no "citeproc: citation StratcomCentre not found"
    total = len(load_chronology(review_db).citations)
    assert len(re.findall(r'<li id="fn\d+"', html)) == total
    # the reviewer's note is shown as written, not as HTML, maths or a citation
    assert "&lt;b&gt;not&lt;/b&gt; June 2 &amp; calls them *direct*; ask\n@StratcomCentre" in html
    assert "$100_000 `quote`." in html


def _big_entry(path, conflicts=None):
    """One accepted entry told by two sources, one of them in four sentences, the one
    that tells the entry's occasion (its title's words, a date) not the first."""
    from builders import Builder

    from workbench.db import connect

    db = connect(path)
    b = Builder(db)
    wire = b.document(
        "Officials briefed reporters overnight.\n\nAid flights were delayed.\n\n"
        "The earthquake struck the capital on Tuesday, officials said.\n\n"
        "Phone lines failed shortly afterwards.\n", title="Wire", source="Wire",
        published="2010-01-13")
    daily = b.document("A powerful earthquake struck the capital on 12 January.\n",
                       title="Daily", source="Daily", published="2010-01-13")
    ids = [b.claim(wire, s) for s in ("Officials briefed reporters overnight.",
                                      "Aid flights were delayed.")]
    ids.append(b.claim(wire, "The earthquake struck the capital on Tuesday, officials said.",
                       date="2010-01-12", date_text="Tuesday"))
    ids.append(b.claim(wire, "Phone lines failed shortly afterwards."))
    ids.append(b.claim(daily, "A powerful earthquake struck the capital on 12 January.",
                       date="2010-01-12", date_text="12 January"))
    b.group(ids, title="A powerful earthquake struck the capital on 12 January.",
            event_date="2010-01-12", status="accepted", conflicts=conflicts and conflicts(ids))
    b.commit()
    return db


def _counts(ids):
    """A count conflict of the big entry: the daily's 100 people against the wire's 200."""
    return [{"kind": "number", "subject": "people", "values": [
        {"value": "100 people", "claim_ids": [ids[4]]},
        {"value": "200 people", "claim_ids": [ids[1]]}]}]


def test_a_source_is_quoted_once_by_its_most_telling_claim_and_nothing_is_lost(tmp_path):
    """Haiti's quake entry exported 259 quotes, one a claim, 40 of them from one
    article: a source a line, quoting the claim that tells the occasion; its others are
    footnotes that quote them, still numbered in the order they are referenced."""
    db = _big_entry(tmp_path / "big.db")
    text = _md(db)
    body, _, notes = text.partition("\n[^1]: ")
    sources = [line for line in body.splitlines() if line.startswith("- “")]
    assert len(sources) == 2
    assert sources[0].startswith("- “The earthquake struck the capital on Tuesday")
    assert "· 3 more claims from this source[^2][^3][^4]" in sources[0]
    assert sources[1].startswith("- “A powerful earthquake struck")
    references = [int(n) for n in re.findall(r"\[\^(\d+)\](?!:)", body)]
    assert references == [1, 2, 3, 4, 5]
    # the claims not quoted above are quoted in their footnotes, in the text's order
    for number, words in ((2, "Officials briefed"), (3, "Aid flights"), (4, "Phone lines")):
        assert re.search(rf"^\[\^{number}\]: “{words}", "[^1]: " + notes, re.M)
    assert not re.search(r"^\[\^1\]: “", "[^1]: " + notes, re.M)  # quoted above already
    # the HTML: the same source a line; the rest folded, each still a citation to link to
    out = io.BytesIO()
    export_chronology(db, "html", out)
    html = out.getvalue().decode()
    # (all three of one source, said so: "from these sources" read as several)
    shown, _, folded = html.partition("<details><summary>3 more claims from this source"
                                      "</summary>")
    assert folded and shown.count('<li id="cite-') == 2
    assert all(f'id="cite-{n}"' in folded for n in (2, 3, 4))
    # a TimelineJS slide: a source a quote, numbered as everywhere, the rest counted
    out = io.BytesIO()
    export_chronology(db, "timelinejs", out)
    slide = json.loads(out.getvalue())["events"][0]["text"]["text"]
    assert re.findall(r'<li value="(\d+)">', slide) == ["1", "5"]
    assert "3 more claims from this source" in slide
    # the slide is what the timeline's readers see: nothing of the tool's exports
    assert "Markdown" not in slide and "--claims" not in slide
    db.conn.close()


def test_a_source_is_quoted_for_what_the_title_says_on_the_day():
    """Of a 25-source quake entry, one source was quoted for "President Obama asked his
    national security team to work out a plan overnight Tuesday": on the day, and sharing
    with the title only its weekday."""
    from workbench.export.model import telling

    title = "The 7.0-magnitude quake, Haiti's worst in two centuries, struck on Tuesday."
    plan = "President Obama asked his team to work out a plan overnight Tuesday."
    quake = "The quake struck near Port-au-Prince on Tuesday afternoon."
    collapse = "Buildings collapsed across the capital when the quake struck."
    assert telling(quake, True, title) > telling(plan, True, title)
    # of one source's claims none on the day but one: what the title says comes first
    assert telling(collapse, False, title) > telling(plan, True, title)


def test_the_claim_an_entry_is_titled_by_is_its_sources_quote(tmp_path):
    """A title leaves out a connective its claim keeps ("Meanwhile, ..."): the claim is
    still known as the title's, by its id, and its source is quoted by it."""
    from builders import Builder

    from workbench.db import connect

    db = connect(tmp_path / "titled.db")
    b = Builder(db)
    led = "Meanwhile, Ukraine stepped up its drone strikes on Russian air bases."
    other = "The strikes hit four bases on Sunday, officials said."
    doc = b.document(f"{led}\n\n{other}\n", title="Wire", source="Wire",
                     published="2025-06-02")
    ids = [b.claim(doc, led), b.claim(doc, other, date="2025-06-01", date_text="Sunday")]
    gid = b.group(ids, title="Ukraine stepped up its drone strikes on Russian air bases.",
                  event_date="2025-06-01", status="accepted")
    b.commit()
    db.conn.execute("UPDATE groups SET title_claim_id = ? WHERE id = ?", [ids[0], gid])
    db.conn.commit()
    quoted = [line for line in _md(db).splitlines() if line.startswith("- “")]
    assert quoted[0].startswith("- “Meanwhile, Ukraine stepped up")
    db.conn.close()


def test_a_note_keeps_its_lines(tmp_path, pandoc):
    """A reviewer's note of two lines came out as one in the Markdown (HTML, CSV and
    JSON kept them)."""
    db = _big_entry(tmp_path / "note.db")
    db.conn.execute("UPDATE groups SET note = ?", ["check with Reuters,\nthen *publish*\n"])
    db.conn.commit()
    text = _md(db)
    assert "**Note:** check with Reuters,\\\nthen \\*publish\\*\n" in text
    html = subprocess.run([pandoc, "-f", "gfm", "-t", "html"], input=text,
                          capture_output=True, text=True, timeout=60, check=True).stdout
    assert "check with Reuters,<br />\nthen *publish*" in html
    db.conn.close()


def test_a_slide_quotes_every_claim_its_conflicts_cite(tmp_path):
    """A TimelineJS slide cited [222] for "as many as 50,000-100,000 people", a claim the
    slide, quoting one a source, left out: that side stood with no words."""
    db = _big_entry(tmp_path / "cited.db", conflicts=_counts)
    out = io.BytesIO()
    export_chronology(db, "timelinejs", out)
    slide = json.loads(out.getvalue())["events"][0]["text"]["text"]
    # 1: the wire's quote, 5: the daily's; 3 ("Aid flights were delayed") is cited above
    assert re.findall(r'<li value="(\d+)">', slide) == ["1", "3", "5"]
    assert "2 more claims from this source" in slide
    db.conn.close()


def test_the_source_an_entry_is_titled_from_is_quoted_by_that_claim(tmp_path):
    """The seeds' June 2 talks are titled by 002's lead; 002 was quoted by another of its
    claims, one whose date read as the entry's ("...during Monday's discussions")."""
    db = _big_entry(tmp_path / "titled.db")
    db.conn.execute("UPDATE groups SET title = text, title_claim_id = c.id FROM claims c "
                    "WHERE c.text = 'Aid flights were delayed.'")
    db.conn.commit()
    sources = [line for line in _md(db).splitlines() if line.startswith("- “")]
    assert sources[0].startswith("- “Aid flights were delayed.”")
    db.conn.close()


def test_a_brief_chronology_quotes_each_source_once_and_names_who_disagrees(tmp_path):
    """A 16-event chronology of a 286-article story held 1,368 footnotes (407 KB) that a
    tester, reading it as an editor, could not publish. ``--brief``: a footnote for each
    source's quote only, its other claims counted, a conflict's reports named by their
    sources; every footnote referenced and every reference defined."""
    db = _big_entry(tmp_path / "brief.db", conflicts=_counts)
    out = io.BytesIO()
    export_chronology(db, "md", out, brief=True)
    text = out.getvalue().decode("utf-8")
    body, _, notes = text.partition("\n[^1]: ")
    sources = [line for line in body.splitlines() if line.startswith("- “")]
    assert len(sources) == 2
    assert sources[0].endswith("[^1] · 3 more claims from this source")
    referenced = re.findall(r"\[\^(\d+)\](?!:)", body)
    defined = re.findall(r"^\[\^(\d+)\]:", "[^1]: " + notes, re.M)
    assert referenced == defined == ["1", "5"]
    # the header counts what the reader gets: 2 of the 5 citations quoted
    assert "2 of 5 citations quoted" in body.splitlines()[2]
    full = io.BytesIO()
    export_chronology(db, "md", full)
    assert " · 5 citations" in full.getvalue().decode("utf-8").splitlines()[2]
    # the claim cited by the conflict has no footnote: its report is named by its source
    assert "200 people \\[Wire, 13 January 2010\\]" in body
    assert "Each source is quoted once" in body
    with pytest.raises(ExportError, match="--brief only applies to --format md"):
        export_chronology(db, "html", io.BytesIO(), brief=True)
    db.conn.close()


def test_a_quote_leaves_out_the_page_stamp_its_claim_opens_with(tmp_path):
    """An exported quote read "7 November 2011 Last updated at 21:40 GMT Help Michael
    Jackson's former personal doctor has been found guilty ..." (a tester on a BBC story):
    the claim keeps the page's stamp (its day is the page's), the quote starts where the
    sentence does, shown as cut, and cites the characters it quotes."""
    from builders import Builder

    from workbench.db import connect
    from workbench.export.reader import load_chronology

    db = connect(tmp_path / "stamped.db")
    b = Builder(db)
    sentence = ("7 November 2011 Last updated at 21:40 GMT Help Michael Jackson's former "
                "personal doctor has been found guilty of involuntary manslaughter.")
    doc = b.document(f"Jackson doctor guilty\n\n{sentence}\n", title="BBC", source="BBC",
                     published="2011-11-07")
    cid = b.claim(doc, sentence, date="2011-11-07", date_text="7 November 2011")
    b.group([cid], title="Michael Jackson's former personal doctor has been found guilty.",
            event_date="2011-11-07", status="accepted")
    b.commit()
    (event,) = load_chronology(db).events
    (cite,) = event.citations
    assert cite.quote.startswith("Michael Jackson's former personal doctor")
    assert cite.quoted.startswith("…Michael Jackson's")
    text = db.conn.execute("SELECT text FROM documents").fetchone()[0]
    assert text[cite.char_start:cite.char_end] == cite.quote and cite.span_ok
    markdown = _md(db)
    assert "Last updated" not in markdown and "“…Michael Jackson's former" in markdown
    db.conn.close()


def test_a_brief_chronology_leaves_out_what_the_reviewer_found_no_disagreement(tmp_path):
    """A tester's brief of Haiti's quake opened with three "Resolved — the number of
    people: not a disagreement": the reviewer found the reports count different things,
    so the readers have nothing to weigh. The full chronology keeps the decision."""
    db = _big_entry(tmp_path / "agreed.db", conflicts=_counts)
    db.conn.execute("UPDATE conflicts SET resolution = 'not a disagreement'")
    db.conn.commit()
    brief, full = io.BytesIO(), io.BytesIO()
    export_chronology(db, "md", brief, brief=True)
    export_chronology(db, "md", full)
    assert "not a disagreement" not in brief.getvalue().decode("utf-8")
    assert "Conflicts:" not in brief.getvalue().decode("utf-8")
    assert ("Resolved — the number of people: **not a disagreement**"
            in full.getvalue().decode("utf-8"))
    db.conn.execute("UPDATE conflicts SET resolution = '200 people'")
    db.conn.commit()
    chosen = io.BytesIO()
    export_chronology(db, "md", chosen, brief=True)
    assert "Resolved — the number of people: **200 people**" in chosen.getvalue().decode()
    db.conn.close()
