"""The core never imports textual: checked in a fresh interpreter, module by module."""

from __future__ import annotations

import subprocess
import sys

import pytest

CORE = [
    "workbench.db",
    "workbench.review",
    "workbench.review.actions",
    "workbench.review.queue",
    "workbench.review.detail",
    "workbench.review.command",
    "workbench.ingest",
    "workbench.extract",
    "workbench.extract.claims",
    "workbench.group",
    "workbench.group.engine",
    "workbench.export",
    "workbench.evaluate.command",
    "workbench.db.check",
    "workbench.cli",
]


@pytest.mark.parametrize("module", CORE)
def test_core_module_does_not_import_textual(module):
    # a listed module that does not exist fails here (ModuleNotFoundError), not skipped
    code = f"import sys, {module}; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "False", f"{module} pulls in textual"
