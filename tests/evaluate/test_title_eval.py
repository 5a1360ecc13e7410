"""Title quality: word overlap with an editor's sentence, and the fit of title weights."""

from __future__ import annotations

from workbench.evaluate.fit_titles import Example, fit, picked
from workbench.evaluate.titles import first_sentences, overlap


def test_overlap_counts_content_words_not_stop_words():
    assert overlap("Haiti quake kills thousands", "Haiti quake kills thousands") == 1.0
    assert overlap("The quake", "Talks in Istanbul") == 0.0
    # "the", "of", "in" say nothing; "killed"/"kills" are one word
    assert overlap("The quake killed many in the capital", "Quake kills many") > 0.6
    assert overlap("", "Quake kills many") == 0.0


def test_a_timelines_first_sentence_of_each_day_is_the_reference(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("2010-01-13\nAid began to arrive .\nRescuers dug .\n"
                    "--------------------------------\n2010-01-12\nA quake hit Haiti .\n")
    assert first_sentences(path) == {"2010-01-13": "Aid began to arrive .",
                                     "2010-01-12": "A quake hit Haiti ."}


def _member(cid, names, start):
    return {"id": cid, "document_id": cid, "text": f"member {cid}", "char_start": start,
            "date": None, "date_precision": None, "date_provenance": "none",
            "date_text": None, "date_base": None, "numbers": [], "kind": "event",
            "entities": [{"norm": n, "label": "PERSON"} for n in names]}


def test_the_fit_learns_what_the_editors_sentences_reward():
    # in every example the member that names people is the one the editor's words match
    examples = []
    for i in range(12):
        named = _member(3 * i + 1, ["Obama", "Sebelius"], 5000)
        plain = [_member(3 * i + 2, [], 5000), _member(3 * i + 3, [], 5000)]
        members = [*plain, named] if i % 2 else [named, *plain]
        examples.append(Example("2009-04-28", members,
                                [1.0 if m is named else 0.0 for m in members], plain[0]["id"]))
    w = fit(examples, lead_chars=1000, steps=200)
    assert w["names"] > 0
    assert picked(examples, w) == [1.0] * 12
