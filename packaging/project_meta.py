"""The app id and version, read from `app/__init__.py` without importing the app.

The spec, the installer build script and the tests take both from here, so the
version lives in one place (`app.__version__`) and the id in another (`app.APP_ID`).
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_NAME = "Waystation"
# The folder name platformdirs gives the user data folder (the vault lives in it).
DATA_DIR_NAME = "Waystation"


def _constants(root: Path) -> dict[str, str]:
    source = (root / "app" / "__init__.py").read_text(encoding="utf-8")
    found: dict[str, str] = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            for target in node.targets:
                if isinstance(target, ast.Name) and isinstance(node.value.value, str):
                    found[target.id] = node.value.value
    return found


def version(root: Path = ROOT) -> str:
    """`app.__version__`, e.g. ``0.1.0``."""
    return _constants(root)["__version__"]


def app_id(root: Path = ROOT) -> str:
    """`app.APP_ID`, the reverse-DNS application id, e.g. ``org.waystation.Waystation``."""
    return _constants(root)["APP_ID"]
