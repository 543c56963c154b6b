"""The app's own fonts cover every offered language, as static Regular and Bold."""

from __future__ import annotations

import io
import unicodedata

import pytest
from fontTools.ttLib import TTFont

import app.fonts
from app.fonts import (
    SCRIPTS,
    fallback_scripts,
    family_name,
    font_faces,
    script_for,
    source_font,
)
from app.fonts.instancing import instantiate
from app.i18n import offered_languages


def _font(data: bytes) -> TTFont:
    return TTFont(io.BytesIO(data))


@pytest.mark.parametrize("script", SCRIPTS)
def test_faces_are_static_regular_and_bold_of_the_named_family(script):
    faces = font_faces(script)
    regular, bold = _font(faces.regular), _font(faces.bold)
    for face in (regular, bold):
        assert "fvar" not in face, "reportlab cannot embed variable fonts"
        assert face["name"].getDebugName(1) == family_name(script)
    assert regular["OS/2"].usWeightClass == 400
    assert bold["OS/2"].usWeightClass == 700
    # Bold must really be bolder, not the same outlines renamed.
    assert regular["hmtx"]["H"][0] < bold["hmtx"]["H"][0]


@pytest.mark.parametrize("lang", [lang.code for lang in offered_languages()])
def test_every_offered_language_name_renders_without_missing_glyphs(lang):
    """The language's own name (e.g. العربية, हिन्दी, ไทย) is covered by its fonts."""
    text = next(item for item in offered_languages() if item.code == lang).native_name
    cmaps = [_font(font_faces(s).regular).getBestCmap() for s in fallback_scripts(script_for(lang))]
    missing = [
        char
        for char in text
        if not unicodedata.category(char).startswith("Z")
        and not any(ord(char) in cmap for cmap in cmaps)
    ]
    assert not missing, f"{lang}: no glyph for {missing}"


def test_latin_words_inside_other_scripts_fall_back_to_noto_sans():
    assert fallback_scripts("arabic")[:2] == ("arabic", "latin")
    assert fallback_scripts("cyrillic")[0] == "cyrillic"
    assert script_for("fa") == "arabic"
    assert script_for("uk") == "cyrillic"
    with pytest.raises(ValueError, match="klingon"):
        family_name("klingon")


def test_missing_generated_fonts_are_instanced_in_memory(tmp_path, monkeypatch):
    monkeypatch.setattr(app.fonts, "GENERATED", tmp_path)
    app.fonts._face.cache_clear()
    try:
        faces = font_faces("thai")  # the smallest font: keeps the test fast
    finally:
        app.fonts._face.cache_clear()
    assert "fvar" not in _font(faces.bold)
    assert _font(faces.bold)["OS/2"].usWeightClass == 700
    assert list(tmp_path.iterdir()) == [], "nothing may be written at run time"


def test_instancing_keeps_shaping_tables():
    static = _font(instantiate(source_font("thai"), "Regular"))
    assert "GSUB" in static and "GPOS" in static


@pytest.mark.parametrize("script", ["latin", "arabic", "devanagari", "thai"])
def test_every_script_falls_back_to_every_other_scripts_font(script):
    """A Hindi note in an Arabic packet, a Thai name in an English one: their own letters."""
    chain = fallback_scripts(script)
    assert chain[0] == script
    assert {"latin", "arabic", "devanagari", "thai"} <= set(chain)
    assert len(chain) == len(set(chain))
