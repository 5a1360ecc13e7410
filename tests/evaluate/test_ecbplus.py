"""ECB+ reader and the pooled evaluation run (data read from ../shared/data)."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.cli import cli
from workbench.evaluate.ecbplus import (
    EcbError,
    Spread,
    parse_topics,
    read_corpus,
    topic_pools,
)

ECB = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "ecbplus"
needs_data = pytest.mark.skipif(not ECB.is_dir(), reason="../shared/data/ecbplus not present")

TINY = textwrap.dedent(
    """\
    <?xml version="1.0" encoding="UTF-8"?>
    <Document doc_name="1_1ecb.xml" doc_id="D1">
    <token t_id="1" sentence="0" number="0">Police</token>
    <token t_id="2" sentence="0" number="1">arrested</token>
    <token t_id="3" sentence="0" number="2">him</token>
    <token t_id="4" sentence="1" number="0">He</token>
    <token t_id="5" sentence="1" number="1">was</token>
    <token t_id="6" sentence="1" number="2">detained</token>
    <token t_id="7" sentence="2" number="0">Nobody</token>
    <token t_id="8" sentence="2" number="1">cared</token>
    <Markables>
    <ACTION_OCCURRENCE m_id="1"><token_anchor t_id="2"/></ACTION_OCCURRENCE>
    <ACTION_OCCURRENCE m_id="2"><token_anchor t_id="6"/></ACTION_OCCURRENCE>
    <ACTION_STATE m_id="3"><token_anchor t_id="8"/></ACTION_STATE>
    <HUMAN_PART_PER m_id="4"><token_anchor t_id="1"/></HUMAN_PART_PER>
    <ACTION_OCCURRENCE m_id="9" instance_id="ACT42" TAG_DESCRIPTOR="arrest"/>
    </Markables>
    <Relations>
    <CROSS_DOC_COREF r_id="1" note="ACT42"><source m_id="1"/><source m_id="2"/>
    <target m_id="9"/></CROSS_DOC_COREF>
    </Relations>
    </Document>
    """
)


def _tiny_corpus(tmp_path: Path, sentences: str = "1,1ecb,0\n1,1ecb,1\n") -> Path:
    (tmp_path / "topics" / "1").mkdir(parents=True)
    (tmp_path / "topics" / "1" / "1_1ecb.xml").write_text(TINY, encoding="utf-8")
    (tmp_path / "ECBplus_coreference_sentences.csv").write_text(
        "Topic,File,Sentence Number\n" + sentences, encoding="utf-8"
    )
    return tmp_path


def test_reader_applies_sentence_filter_and_instance_ids(tmp_path):
    corpus = read_corpus(_tiny_corpus(tmp_path))
    by_id = {m.m_id: m for m in corpus.mentions}
    assert set(by_id) == {"1", "2"}  # sentence 2 is not selected; HUMAN_ is no event
    assert by_id["1"].gold == by_id["2"].gold == "ACT42"
    assert by_id["1"].trigger_text == "arrested"


def test_reader_makes_unlinked_mentions_singletons(tmp_path):
    corpus = read_corpus(_tiny_corpus(tmp_path, "1,1ecb,0\n1,1ecb,1\n1,1ecb,2\n"))
    golds = {m.m_id: m.gold for m in corpus.mentions}
    assert golds["3"] not in (golds["1"], golds["2"])


@pytest.mark.parametrize(
    "spec,expected",
    [("1-3", {"1", "2", "3"}), ("36-38,40", {"36", "37", "38", "40"}), ("5", {"5"}), (None, None)],
)
def test_parse_topics(spec, expected):
    assert parse_topics(spec) == expected


def test_parse_topics_rejects_garbage():
    with pytest.raises(EcbError, match="--topics"):
        parse_topics("one-two")


def test_cli_names_the_problem_in_one_line(tmp_path):
    result = CliRunner().invoke(cli, ["eval", "ecbplus", str(tmp_path / "missing")])
    assert result.exit_code == 1
    assert "missing: not a directory" in result.output
    assert "Traceback" not in result.output


def test_a_broken_article_is_named_and_the_rest_is_read(tmp_path):
    root = _tiny_corpus(tmp_path)
    (root / "topics" / "1" / "1_2ecb.xml").write_text("<Document><token", encoding="utf-8")
    corpus = read_corpus(root)
    assert list(corpus.documents) == ["1_1ecb.xml"] and len(corpus.mentions) == 2
    (line,) = corpus.unreadable
    assert "1_2ecb.xml: not well-formed XML" in line
    # only nothing readable at all is an error
    (root / "topics" / "1" / "1_1ecb.xml").write_text("<Document>", encoding="utf-8")
    with pytest.raises(EcbError, match="no readable ECB"):
        read_corpus(root)


def test_without_a_usable_sentence_list_every_annotated_sentence_counts(tmp_path):
    # a sentence list for other topics only (the dev list beside held-out topics)
    root = _tiny_corpus(tmp_path, "2,1ecb,0\n")
    corpus = read_corpus(root)
    assert {m.m_id for m in corpus.mentions} == {"1", "2", "3"}
    (note,) = corpus.notes
    assert "lists none of these 1 documents" in note
    # no sentence list at all: said once on the command line, then scored
    (root / "ECBplus_coreference_sentences.csv").unlink()
    result = CliRunner().invoke(cli, ["eval", "ecbplus", str(root)])
    assert result.exit_code == 0, result.output
    assert result.output.count("no ECBplus_coreference_sentences.csv found") == 1
    assert "1 documents, 3 mentions" in result.output


def test_topic_pools_are_repeatable_and_of_the_asked_size():
    topics = list(range(1, 36))
    pools = topic_pools(topics, 20, 10, seed=3)
    assert pools == topic_pools(topics, 20, 10, seed=3)
    assert pools != topic_pools(topics, 20, 10, seed=4)
    assert all(len(set(p)) == 10 and p == sorted(p) and set(p) <= set(topics) for p in pools)
    assert len({tuple(p) for p in pools}) > 1
    with pytest.raises(EcbError, match="more topics than the corpus has"):
        topic_pools(topics, 1, 36, seed=0)


def test_spread_line_names_mean_spread_and_quantiles():
    line = Spread([70.0, 80.0, 75.0, 75.0]).line(10)
    assert line.startswith("CoNLL over 4 random pools of 10 topics: mean 75.0, sd 4.1")
    assert "min 70.0" in line and "max 80.0" in line and "median 75.0" in line


def test_samples_score_random_topic_pools(tmp_path):
    root = _tiny_corpus(tmp_path, "1,1ecb,0\n1,1ecb,1\n2,1ecb,0\n2,1ecb,1\n")
    (root / "topics" / "2").mkdir()
    (root / "topics" / "2" / "2_1ecb.xml").write_text(
        TINY.replace("1_1ecb.xml", "2_1ecb.xml").replace("ACT42", "ACT43"), encoding="utf-8")
    # pools as large as the corpus are the whole pool: each must score what the pool does
    result = CliRunner().invoke(
        cli, ["eval", "ecbplus", str(root), "--samples", "3", "--pool-size", "2"])
    assert result.exit_code == 0, result.output
    conll = next(line.split()[-1] for line in result.output.splitlines()
                 if line.startswith("CoNLL "))
    spread = result.output.strip().splitlines()[-1]
    assert spread.startswith(f"CoNLL over 3 random pools of 2 topics: mean {conll}, sd 0.0")
    # a pool larger than the corpus is one line, no traceback
    result = CliRunner().invoke(
        cli, ["eval", "ecbplus", str(root), "--samples", "3", "--pool-size", "3"])
    assert result.exit_code == 1
    assert "--pool-size 3 is more topics than the corpus has (2)" in result.output
    assert "Traceback" not in result.output


def test_cli_without_documents(tmp_path):
    (tmp_path / "topics").mkdir()
    result = CliRunner().invoke(cli, ["eval", "ecbplus", str(tmp_path)])
    assert result.exit_code == 1
    assert "no ECB+ documents" in result.output and "Traceback" not in result.output


@pytest.mark.slow
@needs_data
def test_reader_counts_dev_topics():
    corpus = read_corpus(ECB, parse_topics("1-35"))
    assert len(corpus.documents) == 772
    assert len(corpus.mentions) == 5053


@pytest.mark.slow
@needs_data
def test_end_to_end_beats_singletons_by_far(tmp_path):
    out = tmp_path / "resp.jsonl"
    result = CliRunner().invoke(
        cli, ["eval", "ecbplus", str(ECB), "--topics", "1-4", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert rows and set(rows[0]) == {"doc", "m_id", "cluster"}
    conll = float(result.output.strip().splitlines()[-1].split()[-1])
    # every mention alone scores about 33 on these topics; the engine must be far above
    assert conll >= 65.0, result.output


@pytest.mark.slow
def test_a_phrasal_verb_keeps_its_particle_as_the_event_word(tmp_path):
    # "made off with" is a theft: read as the light verb "make" it matched nothing
    from workbench.evaluate.ecbplus import annotate

    words = "The thieves made off with the jewels .".split()
    tokens = "".join(f'<token t_id="{k}" sentence="0" number="{k - 1}">{w}</token>'
                     for k, w in enumerate(words, start=1))
    mention = ('<ACTION_OCCURRENCE m_id="1"><token_anchor t_id="3"/><token_anchor t_id="4"/>'
               "</ACTION_OCCURRENCE>")  # "made off"
    (tmp_path / "topics" / "2").mkdir(parents=True)
    (tmp_path / "topics" / "2" / "2_1ecb.xml").write_text(
        f'<Document doc_name="2_1ecb.xml" doc_id="D2">{tokens}<Markables>{mention}'
        "</Markables><Relations></Relations></Document>", encoding="utf-8")
    (tmp_path / "ECBplus_coreference_sentences.csv").write_text(
        "Topic,File,Sentence Number\n2,1ecb,0\n", encoding="utf-8")
    (item,) = annotate(read_corpus(tmp_path, None))
    assert item.trigger == "make off"
