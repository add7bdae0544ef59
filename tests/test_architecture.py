"""Dependencies point one way: flows -> warehouse, normalize, extract.

extract and normalize are plain libraries (no DuckDB, no Prefect); warehouse knows DuckDB but not
Prefect; nothing imports flows. Checked by importing every module and reading its imports.
"""

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest

PACKAGES = ["extract", "normalize", "warehouse", "flows"]
FORBIDDEN = {
    "extract": {
        "duckdb",
        "prefect",
        "credfloor.normalize",
        "credfloor.warehouse",
        "credfloor.flows",
    },
    "normalize": {"duckdb", "prefect", "credfloor.warehouse", "credfloor.flows"},
    "warehouse": {"prefect", "credfloor.flows"},
    "flows": set(),
}


def _modules(package: str):
    pkg = importlib.import_module(f"credfloor.{package}")
    yield pkg.__name__, Path(pkg.__file__)
    for info in pkgutil.walk_packages(pkg.__path__, prefix=f"credfloor.{package}."):
        mod = importlib.import_module(info.name)  # every module must import cleanly
        yield info.name, Path(mod.__file__)


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _violates(name: str, forbidden: set[str]) -> bool:
    return any(name == f or name.startswith(f + ".") for f in forbidden)


@pytest.mark.parametrize("package", PACKAGES)
def test_import_direction(package):
    checked = 0
    for module, path in _modules(package):
        bad = sorted(n for n in _imports(path) if _violates(n, FORBIDDEN[package]))
        assert not bad, f"{module} imports {bad}, against the layer rule"
        checked += 1
    assert checked >= 2


def test_plain_libraries_do_not_pull_duckdb_or_prefect_in():
    import subprocess
    import sys

    code = (
        "import sys, credfloor.extract.sources.files, credfloor.normalize.extractor, "
        "credfloor.normalize.resolve; "
        "bad = [m for m in ('duckdb', 'prefect') if m in sys.modules]; print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_no_generic_top_level_names_installed(tmp_path):
    """Outside the checkout, only credfloor.* is importable: no top-level `extract`, `flows`..."""
    import subprocess
    import sys

    code = (
        "import importlib.util as u; "
        "print([n for n in ('extract', 'normalize', 'warehouse', 'flows') if u.find_spec(n)]); "
        "print(all(u.find_spec('credfloor.' + n) for n in ('extract', 'normalize', 'warehouse', 'flows')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert out.stdout.split() == ["[]", "True"]
