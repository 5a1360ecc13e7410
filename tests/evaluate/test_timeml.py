"""TimeML (TimeBank / AQUAINT) dating measure: reading the links, leaving out misdated
wire stories, scoring claims against the dates events are linked to."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.cli import cli
from workbench.evaluate.timeml import TimeMLDocument, TimeMLError, _score, read_timeml

# Written for these tests in the TempEval-3 layout: inline EVENT and TIMEX3 tags, then
# MAKEINSTANCE and TLINK elements after the text.
DOC = (
    '<?xml version="1.0" ?>\n<TimeML>\n<DOCID>{docid}</DOCID>\n'
    '<DCT><TIMEX3 tid="t0" type="DATE" value="{dct}">{dct}</TIMEX3></DCT>\n<TEXT>\n'
    'Negotiators <EVENT eid="e1">met</EVENT> in Istanbul on '
    '<TIMEX3 tid="t1" type="DATE" value="2025-06-02">Monday</TIMEX3>.\n'
    'The first round of talks was <EVENT eid="e2">held</EVENT> on '
    '<TIMEX3 tid="t2" type="DATE" value="2025-05-16">May 16</TIMEX3>.\n'
    'A third meeting is expected to take <EVENT eid="e3">place</EVENT> in '
    '<TIMEX3 tid="t3" type="DATE" value="2025-07">July</TIMEX3>.\n'
    'Officials <EVENT eid="e4">hoped</EVENT> for progress.\n</TEXT>\n'
    '<MAKEINSTANCE eventID="e1" eiid="ei1" />\n<MAKEINSTANCE eventID="e2" eiid="ei2" />\n'
    '<MAKEINSTANCE eventID="e3" eiid="ei3" />\n<MAKEINSTANCE eventID="e4" eiid="ei4" />\n'
    '<TLINK lid="l1" relType="IS_INCLUDED" eventInstanceID="ei1" relatedToTime="t1" />\n'
    '<TLINK lid="l2" relType="INCLUDES" timeID="t2" relatedToEventInstance="ei2" />\n'
    '<TLINK lid="l3" relType="IS_INCLUDED" eventInstanceID="ei3" relatedToTime="t3" />\n'
    '<TLINK lid="l4" relType="BEFORE" eventInstanceID="ei4" relatedToTime="t0" />\n'
    '</TimeML>\n'
)


def _write(folder: Path, docid: str, dct: str = "2025-06-03") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{docid}.tml"
    path.write_text(DOC.format(docid=docid, dct=dct), encoding="utf-8")
    return path


def test_events_linked_inside_a_date_get_it_and_others_none(tmp_path):
    doc = read_timeml(_write(tmp_path, "APW20250603.0001"))
    assert doc.dct == "2025-06-03" and not doc.misdated
    assert doc.text.startswith("Negotiators met in Istanbul on Monday.")
    dates = {word: date for _, word, date in doc.events.values()}
    # IS_INCLUDED from the event, INCLUDES from the time; "BEFORE" dates nothing
    assert dates == {"met": "2025-06-02", "held": "2025-05-16", "place": "2025-07"}
    for at, word, _ in doc.events.values():
        assert doc.text[at:at + len(word)] == word


def test_a_wire_story_whose_creation_time_is_another_day_is_misdated(tmp_path):
    assert read_timeml(_write(tmp_path, "APW20250601.0002", dct="2025-06-03")).misdated
    assert not read_timeml(_write(tmp_path, "wsj_0001", dct="2025-06-03")).misdated


def test_a_story_filed_again_under_a_new_id_is_misdated_by_its_header(tmp_path):
    # AQUAINT's APW20000115.0209 is APW20000107.0088 again, header and all: its
    # "Thursday" was annotated as the 6th, the day before the header's day, not the 13th
    path = _write(tmp_path, "APW20250603.0009")
    path.write_text(path.read_text().replace(
        "<TEXT>", "<EXTRAINFO>\nAPW20250601.0002  NEWS STORY  2025-06-01 03:03\n"
        "</EXTRAINFO>\n<TEXT>"), encoding="utf-8")
    doc = read_timeml(path)
    assert doc.header.startswith("APW20250601.0002") and doc.misdated
    path.write_text(path.read_text().replace("APW20250601.0002", "APW20250603.0009"))
    assert not read_timeml(path).misdated
    # an id mistyped in the file (a digit too many) is not read as another day when the
    # header gives it right
    path.write_text(path.read_text().replace("<DOCID>APW20250603.0009",
                                             "<DOCID>APW202250603.0009"))
    assert not read_timeml(path).misdated


def test_a_broken_file_is_named(tmp_path):
    bad = tmp_path / "broken.tml"
    bad.write_text("<TimeML><DOCID>x", encoding="utf-8")
    with pytest.raises(TimeMLError, match="broken.tml: not well-formed XML"):
        read_timeml(bad)


def test_scoring_takes_the_narrowest_claim_and_the_gold_precision():
    doc = TimeMLDocument("d", "2025-06-03", "x" * 100,
                         {"e1": (5, "met", "2025-06"), "e2": (50, "held", "2025-05-16"),
                          "e3": (90, "gone", "2025")})
    claims = {"d": [
        {"id": 1, "char_start": 0, "char_end": 40, "date": "2025-06-02",
         "date_provenance": "explicit", "date_text": "Monday", "text": "met"},
        {"id": 2, "char_start": 0, "char_end": 80, "date": "2025-06-03",
         "date_provenance": "document", "date_text": None, "text": "long"},
        {"id": 3, "char_start": 45, "char_end": 60, "date": "2025-05-17",
         "date_provenance": "relative", "date_text": "Saturday", "text": "held"},
    ]}
    result = _score({"d": doc}, claims, [], [], 0.0)
    # e1: the 40-character claim, a day inside the gold month; e2: one day off; e3: no claim
    assert (result.correct, result.events, result.uncovered) == (1, 3, 1)
    assert result.by_provenance == {"explicit": (1, 1), "relative": (0, 1)}
    assert result.failures["wrong month/day (relative)"] == 1


def test_an_event_inside_a_dated_part_of_its_claim_takes_the_parts_date():
    # "charged him Monday in the 1995 shooting": the charge is Monday, the shooting 1995
    text = "The warrant issued Monday charged Kopp in the 1995 shooting of Dr. Short."
    at = {w: text.index(w) for w in ("charged", "shooting", "Short")}
    doc = TimeMLDocument("d", "2000-01-25", text, {
        "e1": (at["charged"], "charged", "2000-01-24"), "e2": (at["shooting"], "shooting", "1995"),
        "e3": (at["Short"], "Short", "1995")})
    part = {"start": text.index("1995"), "end": len(text) - 1, "date": "1995",
            "precision": "year", "provenance": "explicit", "text": "1995"}
    claims = {"d": [{"id": 1, "char_start": 0, "char_end": len(text), "date": "2000-01-24",
                     "date_provenance": "relative", "date_text": "Monday", "text": text,
                     "dated_parts": [part]}]}
    result = _score({"d": doc}, claims, [], [], 0.0)
    assert (result.correct, result.events) == (3, 3)
    assert result.by_provenance == {"relative": (1, 1), "explicit": (2, 2)}


@pytest.mark.slow
def test_cli_builds_scores_and_names_what_it_left_out(tmp_path):
    corpus = tmp_path / "tbaq"
    _write(corpus / "TimeBank", "APW20250603.0001")
    _write(corpus / "AQUAINT", "APW20250601.0002", dct="2025-06-03")  # misdated: left out
    _write(corpus / "AQUAINT", "APW20250603.0001")  # the same article again: read once
    (corpus / "AQUAINT" / "broken.tml").write_text("<TimeML>", encoding="utf-8")
    # a macOS resource fork beside a file copied from a Mac: not a document, not a problem
    (corpus / "AQUAINT" / "._APW20250603.0001.tml").write_bytes(b"\x00\x05\x16\x07")
    out = tmp_path / "report.json"
    result = CliRunner().invoke(cli, ["eval", "timeml", str(corpus), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert "skipped" in result.output and "broken.tml: not well-formed XML" in result.output
    assert "._APW" not in result.output
    assert "APW20250603.0001 read already, from another file" in result.output
    report = json.loads(out.read_text())
    assert report["documents"] == 1 and report["left_out_misdated"] == ["APW20250601.0002"]
    # "met ... on Monday" read against June 3 (a Tuesday), "held on May 16", and a
    # meeting "expected to take place in July": each sentence's claim carries its event's day
    assert report["date"]["events"] == 3
    assert report["date"]["correct"] == 3, report["date_failure_examples"]
    assert "3/3" in result.output


def test_cli_says_when_there_is_nothing_to_read(tmp_path):
    result = CliRunner().invoke(cli, ["eval", "timeml", str(tmp_path)])
    assert result.exit_code == 1 and "no .tml files" in result.output
    assert "Traceback" not in result.output
    (tmp_path / "a.tml").write_text(
        DOC.format(docid="d", dct="2025-06-03").replace('value="2025-06-03"', 'value="soon"'),
        encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", "timeml", str(tmp_path)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    # the one file's own problem, not only that nothing could be read
    assert "a.tml: creation time 'soon' is not a day" in result.output


@pytest.mark.slow
def test_eval_all_prints_the_timeml_row_beside_what_it_lacks(tmp_path):
    _write(tmp_path / "tbaq", "APW20250603.0001")
    result = CliRunner().invoke(cli, [
        "eval", "all", str(tmp_path / "data"), "--seeds", str(tmp_path / "none"),
        "--timeml", str(tmp_path / "tbaq")])
    assert result.exit_code == 0, result.output
    assert "no " + str(tmp_path / "data" / "ecbplus") in result.output
    row = next(line for line in result.output.splitlines() if line.startswith("TimeML"))
    assert "100.0 % (3/3;" in row
