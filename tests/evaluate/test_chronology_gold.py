"""An editor's chronology file: read, or refused in one line that says what is wrong."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from workbench.cli import cli
from workbench.evaluate.chronology import read_gold

GOOD_ENTRY = {"what": "Second round of talks in Istanbul", "date": "2025-06-02",
              "mentions": [["001", "talks in Istanbul"]]}


def _write(tmp_path, data) -> str:
    path = tmp_path / "gold.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def test_a_well_formed_chronology_is_read(tmp_path):
    undated = {"what": "An attack on Kyiv", "date": None, "mentions": [["004", "Kyiv"]]}
    entries = read_gold(_write(tmp_path, {"entries": [GOOD_ENTRY, undated]}))
    assert [e["date"] for e in entries] == ["2025-06-02", None]


@pytest.mark.parametrize(("data", "said"), [
    ("not json", "Expecting value"),
    ({"entries": 3}, 'non-empty list "entries"'),
    ([GOOD_ENTRY], 'non-empty list "entries"'),
    ({"entries": [GOOD_ENTRY, {**GOOD_ENTRY, "mentions": []}]}, "entry 2 has no mentions"),
    ({"entries": [{**GOOD_ENTRY, "mentions": [["001"]]}]}, "entry 1: a mention is not"),
    ({"entries": [{**GOOD_ENTRY, "mentions": "001 talks"}]}, "entry 1 has no mentions"),
    ({"entries": [{**GOOD_ENTRY, "date": "June 2"}]}, 'date "June 2" is not YYYY'),
    ({"entries": [{"date": None, "mentions": [["001", "talks"]]}]}, '"what"'),
])
def test_a_broken_chronology_is_named_in_one_line_without_a_traceback(tmp_path, data, said):
    # before, an entry with no mentions or a bare list raised IndexError/TypeError
    gold = _write(tmp_path, data)
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "w.db"), "eval", "chronology",
                                      gold])
    assert result.exit_code == 1
    assert f"{gold}: not a chronology" in result.output and said in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_eval_all_refuses_a_broken_chronology_before_its_long_runs(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    gold = _write(tmp_path, {"entries": [{**GOOD_ENTRY, "mentions": []}]})
    data = tmp_path / "data"
    data.mkdir()
    result = CliRunner().invoke(cli, ["eval", "all", str(data), "--seeds", str(seeds),
                                      "--gold", gold])
    assert result.exit_code == 1
    assert "entry 1 has no mentions" in result.output
    assert "ECB+" not in result.output  # nothing was run or printed first
