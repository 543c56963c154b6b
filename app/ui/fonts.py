"""Loading the app's own fonts into Qt, so Arabic or Devanagari never render as boxes.

The fonts come from the core (`app.fonts`: static Noto instances per script,
or the packaged variable Noto font they are made from) and are handed to Qt
from memory; no font is looked up on the system.
"""

from __future__ import annotations

from PySide6 import QtGui

from app.fonts import font_faces, generated_dir, source_font, static_file_name

_SCRIPTS = ("latin", "arabic", "devanagari", "thai")  # Cyrillic shares the Latin font
_loaded: list[str] = []


def _script_font_data(script: str) -> list[bytes]:
    """The static Regular and Bold fonts of `script` when built, else the variable source.

    Making static instances in memory takes seconds; Qt renders the packaged
    variable font just as well, so the UI never waits for that.
    """
    try:
        built = generated_dir() / static_file_name(script, "Regular")
        if built.is_file():
            return list(font_faces(script))
        source = source_font(script)
        return [source.read_bytes()] if source.is_file() else []
    except (ImportError, OSError, ValueError):  # a script without a packaged font
        return []


def load_fonts() -> list[str]:
    """Register the app's fonts with Qt once; returns the font families now available."""
    if _loaded:
        return list(_loaded)
    data = [blob for script in _SCRIPTS for blob in _script_font_data(script)]
    families: list[str] = []
    for blob in data:
        font_id = QtGui.QFontDatabase.addApplicationFontFromData(blob)
        if font_id >= 0:
            families.extend(QtGui.QFontDatabase.applicationFontFamilies(font_id))
    _loaded.extend(dict.fromkeys(families))
    return list(_loaded)


def ui_font(point_size: float) -> QtGui.QFont:
    """The UI font: Noto Sans first, then the script-specific Noto families as fallbacks."""
    families = load_fonts()
    ordered = sorted(families, key=lambda family: (family != "Noto Sans", family))
    font = QtGui.QFont()
    if ordered:
        font.setFamilies(ordered)
    font.setPointSizeF(point_size)
    return font
