"""Claim-level grouping on ECB+ (``eval ecbplus --claims``): pair counting, the mapping
from claims to the gold mentions of their main word, and the command end to end."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.cli import cli
from workbench.evaluate.claims import collections, count_pairs, main_mentions
from workbench.evaluate.ecbplus import read_corpus


def test_count_pairs_counts_only_cross_article_pairs_of_scored_claims():
    doc_of = {1: "a", 2: "b", 3: "b", 4: "c", 5: "c"}
    gold_of = {1: {"X"}, 2: {"X"}, 3: {"Y"}, 4: {"X", "Z"}}  # claim 5 is not scored
    group_of = {1: 0, 2: 0, 3: 0, 4: 1, 5: 0}
    # grouped across articles: 1-2 (right), 1-3 (wrong); 2-3 share an article
    # gold pairs across articles: 1-2, 1-4, 2-4; only 1-2 is grouped
    assert count_pairs(group_of, gold_of, doc_of) == (2, 1, 3)
    wrong, missed = [], []
    count_pairs(group_of, gold_of, doc_of, wrong, missed)
    assert wrong == [(1, 3)] and missed == [(1, 4), (2, 4)]


def test_collections_are_small_same_occasion_sets_topics_and_everything():
    docs = [f"1_{i}ecb.xml" for i in range(1, 7)] + [f"1_{i}ecbplus.xml" for i in range(1, 4)]
    docs += [f"2_{i}ecb.xml" for i in range(1, 3)]
    kinds = dict(collections(docs, 5, seed=0))
    few = kinds["5 articles on one occasion"]
    # only topic 1's ECB half has five articles; three draws, never mixing halves
    assert 1 <= len(few) <= 3 and all(len(c) == 5 and all(
        d.endswith("ecb.xml") and d.startswith("1_") for d in c) for c in few)
    assert len({tuple(c) for c in few}) == len(few)  # a repeated draw counts once
    assert sorted(map(len, kinds["one topic"])) == [2, 9]
    assert kinds["all articles"] == [sorted(docs)]
    assert collections(docs, 5, seed=0) == collections(docs, 5, seed=0)


def _doc(name: str, sentences: list[list[str]], mentions: list[tuple[int, int, str]]) -> str:
    """ECB+ XML: sentences of words; mentions (sentence, word index, gold instance)."""
    tokens, t_id, ids = [], 0, {}
    for s, words in enumerate(sentences):
        for n, w in enumerate(words):
            t_id += 1
            ids[(s, n)] = t_id
            tokens.append(f'<token t_id="{t_id}" sentence="{s}" number="{n}">{w}</token>')
    marks, rels = [], []
    for k, (s, n, gold) in enumerate(mentions, start=1):
        marks.append(f'<ACTION_OCCURRENCE m_id="{k}"><token_anchor t_id="{ids[(s, n)]}"/>'
                     f"</ACTION_OCCURRENCE>")
        marks.append(f'<ACTION_OCCURRENCE m_id="{100 + k}" instance_id="{gold}"/>')
        rels.append(f'<CROSS_DOC_COREF r_id="{k}"><source m_id="{k}"/>'
                    f'<target m_id="{100 + k}"/></CROSS_DOC_COREF>')
    return textwrap.dedent(f"""\
        <?xml version="1.0" encoding="UTF-8"?>
        <Document doc_name="{name}" doc_id="{name}">
        {''.join(tokens)}
        <Markables>{''.join(marks)}</Markables>
        <Relations>{''.join(rels)}</Relations>
        </Document>
        """)


ARREST_A = [["Police", "arrested", "the", "bank", "robber", "in", "Boston", "on", "Monday", "."],
            ["The", "mayor", "praised", "the", "officers", "for", "their", "work", "."]]
ARREST_B = [["Boston", "police", "arrested", "a", "suspected", "bank", "robber", "."],
            ["Residents", "celebrated", "in", "the", "streets", "of", "the", "city", "."]]


@pytest.fixture()
def two_articles(tmp_path: Path) -> Path:
    topic = tmp_path / "topics" / "1"
    topic.mkdir(parents=True)
    (topic / "1_1ecb.xml").write_text(
        _doc("1_1ecb.xml", ARREST_A, [(0, 1, "ARREST"), (1, 2, "PRAISE")]), encoding="utf-8")
    (topic / "1_2ecb.xml").write_text(
        _doc("1_2ecb.xml", ARREST_B, [(0, 2, "ARREST"), (1, 1, "CELEBRATE")]), encoding="utf-8")
    return tmp_path


def test_a_claim_is_scored_by_the_gold_mention_of_its_main_word(two_articles):
    corpus = read_corpus(two_articles)
    text = corpus.documents["1_1ecb.xml"].text()
    first, second = text.split("\n")
    claims = [
        {"id": 1, "trigger": "arrest", "char_start": 0, "char_end": len(first)},
        {"id": 2, "trigger": "praise", "char_start": len(first) + 1, "char_end": len(text)},
        # a main word no gold mention of its sentence holds: not scored
        {"id": 3, "trigger": "officer", "char_start": len(first) + 1, "char_end": len(text)},
        {"id": 4, "trigger": None, "char_start": 0, "char_end": len(first)},
        # a phrasal verb's main word is its verb ("arrest up" stands for "took over")
        {"id": 5, "trigger": "arrest up", "char_start": 0, "char_end": len(first)},
    ]
    mentions = [m for m in corpus.mentions if m.doc == "1_1ecb.xml"]
    assert main_mentions(corpus.documents["1_1ecb.xml"], mentions, text, claims) == {
        1: {"ARREST"}, 2: {"PRAISE"}, 5: {"ARREST"}}


def test_claims_and_samples_do_not_go_together(two_articles):
    result = CliRunner().invoke(
        cli, ["eval", "ecbplus", str(two_articles), "--claims", "--samples", "3"])
    assert result.exit_code == 2
    assert "--samples scores gold mentions; it does not go with --claims" in result.output
    assert "Traceback" not in result.output


@pytest.mark.slow
def test_claims_command_groups_the_same_arrest_across_articles(two_articles, tmp_path):
    report = tmp_path / "report.json"
    result = CliRunner().invoke(cli, ["eval", "ecbplus", str(two_articles), "--claims",
                                      "--articles", "2", "--out", str(report)])
    assert result.exit_code == 0, result.output
    assert "2 documents" in result.output
    # one arrest reported by both articles: grouped, and nothing else grouped with it
    assert ("2 articles on one occasion (1 collections): precision 100.0 % (1/1), "
            "recall 100.0 % (1/1)") in result.output
    assert "all articles (1 collections): precision 100.0 % (1/1)" in result.output
    written = json.loads(report.read_text(encoding="utf-8"))
    assert [c["kind"] for c in written["collections"]] == [
        "2 articles on one occasion", "one topic", "all articles"]
    assert all(c["wrong_pair_examples"] == [] and c["missed_pair_examples"] == []
               for c in written["collections"])
    assert written["scored_claims"] == 4
    # the entries, then the same articles all published on one day; the undated report
    # has one link to the dated one, and one stray link never glues an entry
    assert [e["kind"] for e in written["entries"]] == [
        "2 articles on one occasion", "one topic", "all articles",
        "one topic, published one day", "all articles, published one day"]
    assert [(e["coreferent_pairs"], e["coreferent_together"])
            for e in written["entries"]] == [(1, 0)] * 5
    assert "all articles, published one day: one occasion" in result.output


def test_the_one_day_build_publishes_every_article_that_day(two_articles):
    from workbench.evaluate.claims import ONE_DAY, _build

    built = _build(read_corpus(two_articles), ONE_DAY, None)
    assert sorted(built.id_of) == ["1_1ecb.xml", "1_2ecb.xml"]
    assert set(built.published.values()) == {ONE_DAY}
    # "on Monday" is read against that day: the Monday before the Wednesday
    monday = [c for c in built.claims if "Monday" in c["text"]]
    assert monday and monday[0]["date"] == "2015-03-09"
