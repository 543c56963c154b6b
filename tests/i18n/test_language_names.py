"""The offered languages' own names and directions, kept as a table for a fast start,
are the ones babel's CLDR data gives."""

from __future__ import annotations

from babel import Locale

from app.i18n import is_rtl, offered_languages


def test_native_names_and_directions_match_cldr():
    for lang in offered_languages():
        locale = Locale.parse(lang.code)
        assert lang.native_name == locale.get_display_name(lang.code), lang.code
        assert is_rtl(lang.code) == (locale.character_order == "right-to-left"), lang.code
        assert lang.rtl == is_rtl(lang.code)
    assert is_rtl("he") and not is_rtl("de")  # beyond the offered ones: from CLDR
