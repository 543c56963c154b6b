"""Where the app's read-only data lives: questionnaires, catalogs and fonts.

From a source checkout they sit beside the `app` package; in a PyInstaller
bundle they sit under the bundle's data folder (``sys._MEIPASS``).
"""

from __future__ import annotations

import sys
from pathlib import Path


def data_root() -> Path:
    """The folder that holds `forms/` and `locales/`."""
    bundled = getattr(sys, "_MEIPASS", None)
    if bundled:
        return Path(bundled)
    return Path(__file__).resolve().parent.parent


def forms_dir() -> Path:
    """The folder of the questionnaire definitions (YAML)."""
    return data_root() / "forms"


def locales_dir() -> Path:
    """The folder of the gettext catalogs, `<lang>/LC_MESSAGES/<domain>.po`."""
    return data_root() / "locales"
