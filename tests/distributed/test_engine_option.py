"""`build --engine` and `--address` as a user meets them without a cluster: the extra
missing is one line before anything is written, and the core never imports Ray."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from workbench.cli import cli
from workbench.distributed import MISSING

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def test_without_the_extra_build_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` fails as if not installed
    db = tmp_path / "x.db"
    result = CliRunner().invoke(cli, ["--db", str(db), "build", "--engine", "ray",
                                      str(SEEDS)])
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {MISSING}"
    assert MISSING == ("workbench build --engine ray needs the ray extra: "
                       "pip install 'workbench[ray]'")
    assert "Traceback" not in result.output
    assert not (db.exists() and _documents(db))  # nothing ingested


def _documents(path: Path) -> int:
    from workbench.db import connect

    db = connect(path)
    try:
        return db["documents"].count if db["documents"].exists() else 0
    finally:
        db.conn.close()


def test_address_needs_the_ray_engine(tmp_path):
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "x.db"), "build", "--address",
                                      "auto", str(SEEDS)])
    assert result.exit_code == 2
    assert "--address needs --engine ray" in result.output


def test_the_core_and_the_cli_never_import_ray():
    code = ("import sys, workbench.cli, workbench.extract, workbench.group, "
            "workbench.distributed, workbench.group.partition, workbench.extract.parallel; "
            "print('ray' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"
