"""The layers of workbench/: no module imports from a layer above its own.

From the ground up: console, db, distributed, stats, text, dates; ingest; extract; group and
export; review; evaluate and tui; cli. The core never sees the screen
(tests/review/test_headless.py checks that textual is not loaded); this checks every
import statement, lazy ones included, and that none reaches into tests/.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "workbench"
LAYER = {"console": 0, "db": 0, "distributed": 0, "stats": 0, "text": 0, "dates": 0,
         "ingest": 1, "extract": 2, "group": 3, "export": 3, "review": 4, "evaluate": 5,
         "tui": 5, "cli": 6, "__main__": 7, "__init__": 0}


def _imports(path: Path) -> set[str]:
    """The top-level workbench packages ``path`` imports from."""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            here = list(parts[:-1])
            base = here[:len(here) - (node.level - 1)]
            target = base + (node.module.split(".") if node.module else [])
            if target:
                out.add(target[0])
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("workbench."):
            out.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            out |= {a.name.split(".")[1] for a in node.names if a.name.startswith("workbench.")}
    return out


def test_every_package_has_a_layer():
    packages = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    modules = {p.stem for p in PACKAGE.glob("*.py")}
    assert packages | modules <= set(LAYER), (packages | modules) - set(LAYER)


def test_no_module_imports_from_a_layer_above_its_own():
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        own = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
        for target in _imports(path):
            if target != own and LAYER.get(target, 99) > LAYER[own]:
                wrong.append(f"{path.relative_to(PACKAGE)} imports {target}")
    assert not wrong, wrong


def test_the_product_imports_nothing_from_tests():
    """Test code (the fixture builders in tests/builders.py and the rest) is on sys.path
    while the tests run: an import of it from workbench/ would pass here and fail for every
    user."""
    tests = Path(__file__).resolve().parent
    theirs = {p.stem for p in tests.glob("*.py")} | {
        p.name for p in tests.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))
    } | {"tests"}
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                names = [node.module]
            else:
                continue
            wrong += [f"{path.relative_to(PACKAGE)} imports {n}" for n in names
                      if n.split(".")[0] in theirs]
    assert not wrong, wrong
