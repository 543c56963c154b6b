"""Where the app's files live: its read-only data, and the default vault folder.

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


def default_vault_dir() -> Path:
    """The vault used when no --vault is given: `vault` in the user data folder.

    Here, not in the storage package, so the desktop can name it before the
    unlock screen without loading the storage code.
    """
    import platformdirs

    return Path(platformdirs.user_data_dir("Waystation", appauthor=False)) / "vault"
