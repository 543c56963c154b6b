"""The app's fonts registered with reportlab, able to draw HarfBuzz-shaped glyphs.

reportlab embeds a subset of each TrueType font and addresses glyphs through
characters. Shaped text uses glyphs that no character maps to (Arabic joining
forms, Devanagari conjuncts, Thai stacked marks): each such glyph gets a
private-use code in the embedded subset, and the ToUnicode map sends that
code back to the text the glyph stands for, so copying or extracting the
text from the PDF gives real Arabic or Hindi, not private-use characters.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache

import uharfbuzz
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import SUBSETN, TTFont

from app import fonts as app_fonts

_PRIVATE_FIRST = 0xE000
_PRIVATE_LAST = 0xF8FF


class ShapingFont(TTFont):
    """A TrueType font whose embedded subsets can hold any glyph of the font.

    Also carries the HarfBuzz font used to shape text for it, built from the
    same bytes so glyph ids agree.
    """

    def __init__(self, name: str, data: bytes) -> None:
        super().__init__(name, io.BytesIO(data))
        self.hb_font = uharfbuzz.Font(uharfbuzz.Face(uharfbuzz.Blob(data)))
        self.cmap = frozenset(self.face.charToGlyph)
        self.units_per_em = self.face.unitsPerEm
        self._actual_text: dict[int, str] = {}
        self._private: dict[tuple[int, str], int] = {}
        self._next_private = _PRIVATE_FIRST

    def covers(self, code: int) -> bool:
        """True when the font has a glyph for the character `code`."""
        return code in self.cmap

    def char_for_glyph(self, glyph: int, text: str) -> str:
        """The character code that draws `glyph` and extracts as `text`.

        A glyph that the font maps from exactly `text` uses that character.
        Any other (a joining form, a conjunct, a dotless base with its dots
        as marks, or a second glyph of one cluster, whose `text` is empty)
        gets a private-use code of its own for this glyph and text, whose
        ToUnicode entry is `text`.
        """
        for code in self.face.glyphToChar.get(glyph, ()):
            if chr(code) == text:
                return text
        key = (glyph, text)
        code = self._private.get(key)
        if code is None:
            while self._next_private in self.face.charToGlyph:
                self._next_private += 1
            if self._next_private > _PRIVATE_LAST:
                return "\ufffd"
            code = self._private[key] = self._next_private
            self._next_private += 1
            face = self.face
            face.charToGlyph[code] = glyph
            advance = face.hmetrics[glyph][0] if glyph < len(face.hmetrics) else 0
            face.charWidths[code] = advance * 1000 / self.units_per_em
            self._actual_text[code] = text
        return chr(code)

    def to_unicode(self, code: int) -> str:
        """The text a character code of the embedded subset stands for."""
        return self._actual_text.get(code, chr(code))

    def addObjects(self, doc) -> None:  # noqa: N802 - reportlab's name
        """Add the font to `doc`, then give the private-use codes their real text."""
        state = self.state.get(doc)
        subsets = [list(subset) for subset in state.subsets] if state else []
        super().addObjects(doc)
        for number, subset in enumerate(subsets):
            base_name = b"".join(
                (SUBSETN(number), b"+", self.face.name, self.face.subfontNameX)
            ).decode("pdfdoc")
            stream = doc.idToObject.get("toUnicodeCMap:" + base_name)
            if stream is not None:
                stream.content = _to_unicode_cmap(base_name, [self.to_unicode(c) for c in subset])


def _utf16_hex(text: str) -> str:
    # Empty for a glyph that only completes its cluster (a mark, a dot):
    # extraction then gives nothing for it instead of a stray character.
    return text.encode("utf-16-be").hex().upper()


def _to_unicode_cmap(font_name: str, texts: list[str]) -> str:
    """A ToUnicode CMap mapping each one-byte code to (possibly several) characters."""
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        f"/CIDSystemInfo << /Registry ({font_name}) /Ordering ({font_name}) /Supplement 0 >> def",
        f"/CMapName /{font_name} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(texts) - 1:02X}>",
        "endcodespacerange",
    ]
    entries = list(enumerate(texts))
    # A bfchar block holds at most 100 entries.
    for first in range(0, len(entries), 100):
        block = entries[first : first + 100]
        lines.append(f"{len(block)} beginbfchar")
        lines += [f"<{code:02X}> <{_utf16_hex(text)}>" for code, text in block]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines)


@dataclass(frozen=True)
class FontPair:
    """The Regular and Bold fonts of one script, registered with reportlab."""

    regular: ShapingFont
    bold: ShapingFont

    def style(self, bold: bool) -> ShapingFont:
        """The bold or the regular font."""
        return self.bold if bold else self.regular


@cache
def script_fonts(script: str) -> FontPair:
    """The registered fonts of a script (registered once per process)."""
    faces = app_fonts.font_faces(script)
    # Latin and Cyrillic share one font file, so they share one registration.
    stem = app_fonts.static_file_name(script, "Regular").removesuffix("-Regular.ttf")
    pair = []
    for style, data in (("Regular", faces.regular), ("Bold", faces.bold)):
        name = f"Waystation-{stem}-{style}"
        if name in pdfmetrics.getRegisteredFontNames():
            font = pdfmetrics.getFont(name)
        else:
            font = ShapingFont(name, data)
            pdfmetrics.registerFont(font)
        pair.append(font)
    return FontPair(regular=pair[0], bold=pair[1])


def fonts_for_language(lang: str) -> list[FontPair]:
    """The fonts to try, in order, for text in `lang` (its script, then Latin)."""
    script = app_fonts.script_for(lang)
    return [_shared(name) for name in app_fonts.fallback_scripts(script)]


def _shared(script: str) -> FontPair:
    return script_fonts("latin" if script == "cyrillic" else script)
