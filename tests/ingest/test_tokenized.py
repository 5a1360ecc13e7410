"""Research corpora stored as tokens are read as the prose they were."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench.ingest import ingest_paths, pipeline
from workbench.ingest.tokenized import detokenize, looks_tokenized, untokenize

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

# a Guardian article as Timeline17 stores it (Stanford tokenizer, Penn Treebank codes)
TOKENIZED = (
    "Swine flu spreading faster in UK than anywhere else in European Union\n"
    "Photograph : Tim Ireland\\/PA Swine flu is spreading more rapidly in Britain than "
    "anywhere else , according to the latest figures -LRB- published today -RRB- .\n"
    "\n"
    "`` It 's a concern , '' said a spokesman , adding that 456 people had caught the virus .\n"
)


def test_a_tokenizers_output_is_told_from_prose():
    assert looks_tokenized(TOKENIZED)
    # no bracket code: the spacing alone says so
    assert looks_tokenized("He said , adding that it was over . Then he left . They wept .")
    for seed in sorted(SEEDS.glob("*.txt")):
        assert not looks_tokenized(seed.read_text(encoding="utf-8")), seed.name
    # prose that sets off a mark now and then
    assert not looks_tokenized("Wait ... what? He said: no. They met on Monday, then left. "
                               "It rained ; it stopped. Fine.")
    assert not looks_tokenized("")


def test_untokenize_reads_codes_escapes_and_spacing_as_prose():
    assert untokenize(TOKENIZED) == (
        "Swine flu spreading faster in UK than anywhere else in European Union\n"
        "Photograph: Tim Ireland/PA Swine flu is spreading more rapidly in Britain than "
        "anywhere else, according to the latest figures (published today).\n"
        "\n"
        "\"It's a concern,\" said a spokesman, adding that 456 people had caught the virus."
    )


def test_detokenize_pairs_quotes():
    assert detokenize(["He", "said", '"', "no", '"', "."]) == 'He said "no".'


def test_detokenize_glues_punctuation():
    assert detokenize(["He", "said", ",", "(", "again", ")", "it", "'s", "over", "."]) == (
        "He said, (again) it's over."
    )


@pytest.mark.parametrize("tokens,text", [
    ("a magnitude - 5 . 9 quake", "a magnitude-5.9 quake"),
    ("killed 120 , 000 people", "killed 120,000 people"),
    ("in 2005 , 900 people", "in 2005, 900 people"),  # a year is no thousands group
    ("at 5 p . m . local", "at 5 p.m. local"),
    ("passed Wal - Mart to", "passed Wal-Mart to"),
])
def test_detokenize_rejoins_words_the_corpus_split(tokens, text):
    words = tokens.split()
    assert detokenize(words) == text
    # spacing depends only on earlier tokens: every prefix's text is a prefix of the text
    for i in range(1, len(words)):
        assert text.startswith(detokenize(words[:i]))


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_tokenized_file_is_stored_cited_and_titled_as_prose(db, tmp_path):
    _write(tmp_path / "in", "129.htm.txt", TOKENIZED)
    report = ingest_paths(db, [tmp_path / "in"])
    assert (report.added, report.failed) == (1, 0)
    row = db.conn.execute("SELECT title, text, skipped FROM documents").fetchone()
    assert row[0] == "Swine flu spreading faster in UK than anywhere else in European Union"
    assert "-RRB-" not in row[1] and "``" not in row[1] and "\\/" not in row[1]
    assert "(published today)." in row[1]
    # the picture credit, its slash no longer escaped, is recognised as page furniture
    assert "Photograph: Tim Ireland/PA" in row[1]
    start = row[1].index("Photograph")
    assert any(s <= start < e for s, e, *_ in json.loads(row[2]))


def test_a_file_stored_as_tokens_by_an_earlier_version_is_not_added_again(db, tmp_path,
                                                                         monkeypatch):
    folder = tmp_path / "in"
    _write(folder, "129.htm.txt", TOKENIZED)
    with monkeypatch.context() as m:  # the earlier version stored the tokens as they were
        m.setattr(pipeline, "looks_tokenized", lambda text: False)
        assert ingest_paths(db, [folder]).added == 1
    before = db.conn.execute("SELECT text, skipped FROM documents").fetchone()
    again = ingest_paths(db, [folder])
    assert (again.added, again.duplicates, again.remarked) == (0, 1, 0)
    # the stored reading stays whole: its text, and the furniture marked in that text
    assert db.conn.execute("SELECT text, skipped FROM documents").fetchall() == [before]
