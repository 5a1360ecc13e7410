"""The export core is usable without the TUI: importing it never imports textual."""

from __future__ import annotations

import subprocess
import sys


def test_export_core_does_not_import_textual():
    code = (
        "import sys\n"
        "import workbench.export, workbench.export.command\n"
        "from workbench.export import to_md, to_html, to_json, to_csv, to_timelinejs, checks\n"
        "sys.exit(1 if 'textual' in sys.modules else 0)\n"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
