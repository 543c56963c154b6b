"""Layering: only app/ui imports Qt, only app/storage SQLCipher, only app/export reportlab."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parent.parent / "app"

# top-level module -> the only package under app/ allowed to import it
OWNERS = {
    "PySide6": "ui",
    "shiboken6": "ui",
    "sqlcipher3": "storage",
    "reportlab": "export",
}


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """Every (line, top-level module) imported by a Python file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name.split(".")[0]) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module.split(".")[0]))
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", "") == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            found.append((node.lineno, str(node.args[0].value).split(".")[0]))
    return found


def layering_violations(root: Path) -> list[str]:
    """`file:line imports X` for each import of a guarded module outside its owner."""
    problems = []
    for path in sorted(root.rglob("*.py")):
        package = path.relative_to(root).parts[0]
        for line, module in imported_modules(path):
            owner = OWNERS.get(module)
            if owner and package != owner:
                problems.append(f"{path.relative_to(root.parent)}:{line} imports {module}")
    return problems


def test_only_owners_import_guarded_libraries() -> None:
    assert layering_violations(APP) == []


def test_a_violation_is_reported(tmp_path: Path) -> None:
    (tmp_path / "domain").mkdir()
    (tmp_path / "domain" / "model.py").write_text("from PySide6 import QtCore\n")
    (tmp_path / "storage").mkdir()
    (tmp_path / "storage" / "db.py").write_text("import sqlcipher3\nimport reportlab.pdfgen\n")
    problems = layering_violations(tmp_path)
    assert any("model.py:1 imports PySide6" in p for p in problems)
    assert any("db.py:2 imports reportlab" in p for p in problems)
    assert not any("sqlcipher3" in p for p in problems)


@pytest.mark.parametrize(
    "package", ["domain", "screening", "storage", "i18n", "export", "workflows"]
)
def test_core_packages_exist(package: str) -> None:
    assert (APP / package / "__init__.py").exists()
