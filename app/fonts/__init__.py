"""The app's own fonts: static Noto Regular and Bold for every offered script.

Both the desktop UI and the PDF packets use these, so Arabic, Devanagari or
Thai never render as boxes on a bare laptop. The packaged Noto fonts are
variable fonts, which reportlab cannot embed; static instances are made at
build time (``python -m app.fonts build``, run by the Makefile) into
``app/fonts/generated/``. When they are missing, the instances are made in
memory (a few seconds) and never written anywhere at run time.

Plain Python and fontTools only: no Qt, no reportlab.
"""

from __future__ import annotations

import importlib
from functools import cache
from pathlib import Path
from typing import NamedTuple

from app.fonts.instancing import STYLES, instantiate

__all__ = [
    "SCRIPTS",
    "FontFaces",
    "fallback_scripts",
    "family_name",
    "font_faces",
    "generated_dir",
    "script_for",
    "source_font",
    "static_file_name",
]

GENERATED = Path(__file__).resolve().parent / "generated"


class _Source(NamedTuple):
    package: str
    file_name: str
    family: str
    stem: str


# Noto Sans covers Latin (with Vietnamese) and Cyrillic in one file.
_SOURCES: dict[str, _Source] = {
    "latin": _Source("fontpkg_noto_sans", "NotoSans[wdth,wght].ttf", "Noto Sans", "NotoSans"),
    "arabic": _Source(
        "fontpkg_noto_sans_arabic",
        "NotoSansArabic[wdth,wght].ttf",
        "Noto Sans Arabic",
        "NotoSansArabic",
    ),
    "devanagari": _Source(
        "fontpkg_noto_sans_devanagari",
        "NotoSansDevanagari[wdth,wght].ttf",
        "Noto Sans Devanagari",
        "NotoSansDevanagari",
    ),
    "thai": _Source(
        "fontpkg_noto_sans_thai", "NotoSansThai[wdth,wght].ttf", "Noto Sans Thai", "NotoSansThai"
    ),
}
_SOURCES["cyrillic"] = _SOURCES["latin"]

SCRIPTS: tuple[str, ...] = ("latin", "cyrillic", "arabic", "devanagari", "thai")


class FontFaces(NamedTuple):
    """The static Regular and Bold font files of one script, as bytes (TrueType)."""

    regular: bytes
    bold: bytes


def _check(script: str) -> _Source:
    try:
        return _SOURCES[script]
    except KeyError:
        raise ValueError(f"no font for script: {script}") from None


def script_for(lang: str) -> str:
    """The script an offered language is written in ("arabic" for "fa")."""
    from app.i18n import language

    return language(lang).script


def family_name(script: str) -> str:
    """The font family name of a script's fonts, as the font's name table gives it."""
    return _check(script).family


def fallback_scripts(script: str) -> tuple[str, ...]:
    """The scripts whose fonts to try, in order, for text in `script`.

    Non-Latin Noto fonts carry few or no Latin letters, so names, e-mail
    addresses and numbers inside Arabic or Thai text fall back to Noto Sans.
    After those come the other scripts' fonts, so a name or a note in another
    script (Hindi inside an Arabic packet) is drawn in its own letters, never as
    empty boxes.
    """
    _check(script)
    order: list[str] = []
    for name in (script, "latin", *SCRIPTS):
        if all(_SOURCES[name] is not _SOURCES[known] for known in order):
            order.append(name)
    return tuple(order)


def source_font(script: str) -> Path:
    """The packaged variable font file a script's static fonts are made from."""
    source = _check(script)
    package = importlib.import_module(source.package)
    return Path(package.__file__).resolve().parent / "files" / source.file_name


def static_file_name(script: str, style: str) -> str:
    """File name of a generated static instance, e.g. ``NotoSansArabic-Bold.ttf``."""
    if style not in STYLES:
        raise ValueError(f"unknown font style: {style}")
    return f"{_check(script).stem}-{style}.ttf"


def generated_dir() -> Path:
    """Where ``python -m app.fonts build`` writes the static instances."""
    return GENERATED


@cache
def _face(stem_script: str, style: str) -> bytes:
    built = GENERATED / static_file_name(stem_script, style)
    try:
        return built.read_bytes()
    except OSError:
        # No build step ran (e.g. a bare source checkout): instance in memory.
        return instantiate(source_font(stem_script), style)


def font_faces(script: str) -> FontFaces:
    """Regular and Bold TrueType data for `script` (cached for the process)."""
    _check(script)
    # Latin and Cyrillic share one font: load it once.
    key = "latin" if _SOURCES[script] is _SOURCES["latin"] else script
    return FontFaces(regular=_face(key, "Regular"), bold=_face(key, "Bold"))
