"""The import-linter contracts of pyproject.toml hold on the tree, and a broken one fails
naming the import (runs `lint-imports`, a few seconds); no module is over 600 lines. No
database."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo"],
        cwd=cwd,
        env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin", "COLUMNS": "200"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def copy_of_the_tree(tmp_path: Path) -> Path:
    """pyproject.toml and fellowship/'s Python files: all that lint-imports reads."""
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(
        ROOT / "fellowship",
        tmp_path / "fellowship",
        ignore=lambda folder, names: (
            [n for n in names if not n.endswith(".py") and not (Path(folder) / n).is_dir()]
            + [n for n in names if n in ("__pycache__", "templates", "static", "migrations")]
        ),
    )
    return tmp_path


def test_the_contracts_hold():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken." in result.stdout


def test_core_importing_an_app_breaks_two_contracts_and_names_the_import(tmp_path):
    tree = copy_of_the_tree(tmp_path)
    markdown = tree / "fellowship" / "core" / "markdown.py"
    markdown.write_text(markdown.read_text() + "\nfrom fellowship.news import models  # noqa\n")
    result = lint_imports(tree)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "core imports no other fellowship app BROKEN" in result.stdout
    assert "> core BROKEN" in result.stdout  # the layers contract
    assert "fellowship.core.markdown -> fellowship.news.models" in result.stdout


def test_a_pure_module_importing_django_breaks_its_contract(tmp_path):
    tree = copy_of_the_tree(tmp_path)
    engine = tree / "fellowship" / "placement" / "engine.py"
    engine.write_text("from django.db import models  # noqa\n" + engine.read_text())
    result = lint_imports(tree)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Pure modules import no Django BROKEN" in result.stdout
    assert "fellowship.placement.engine -> django (l.1)" in result.stdout


MAX_LINES = 600


def is_demo_or_migration(path: Path) -> bool:
    """Migrations and the demo (its loaders and data) may run long; nothing else may."""
    parts = path.relative_to(ROOT / "fellowship").parts
    return "migrations" in parts or parts[0] == "demo" or path.name in ("demo.py", "demo_data.py")


def test_no_module_is_over_600_lines():
    """A module that grows past 600 lines has two subjects: split it along its seam."""
    too_long = {}
    for path in sorted((ROOT / "fellowship").rglob("*.py")):
        if is_demo_or_migration(path):
            continue
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            too_long[str(path.relative_to(ROOT))] = lines
    assert not too_long, f"over {MAX_LINES} lines: " + ", ".join(
        f"{name} ({lines} lines)" for name, lines in too_long.items()
    )
