"""Multilingual lines for PDF pages: font fallback, HarfBuzz shaping, wrapping, bidi.

A paragraph is laid out in four steps:

1. each character gets a font: the language's own font, else the next one in
   the fallback chain that has the character (Latin names inside Arabic text);
2. runs of one font and one bidi level are shaped with HarfBuzz, which joins
   Arabic letters and forms Devanagari conjuncts and Thai stacked marks;
3. the paragraph is broken into lines in logical order, measured with the
   shaped advances;
4. each line on its own is put in visual order (UAX #9 rule L2 on its runs),
   so every wrapped line of an Arabic paragraph reads right to left from its
   first word, with Latin words and numbers left to right inside it.

Line breaks fall after spaces and hyphens. Thai is written without spaces
between words and no dictionary is shipped, so Thai text may also break
between character clusters: never after a leading vowel (เ แ โ ใ ไ), never
before a combining mark or a following vowel (ะ า ำ). A word too long for a
whole line breaks between grapheme clusters.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from itertools import accumulate, pairwise
from unicodedata import bidirectional

import uharfbuzz
from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr

from app.export.bidi_levels import line_levels, paragraph_levels, visual_order
from app.export.pdf_fonts import FontPair, ShapingFont, fonts_for_language
from app.i18n import is_rtl

_THAI_LEADING_VOWELS = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44")
_THAI_FOLLOWING = frozenset("\u0e30\u0e32\u0e33\u0e45\u0e46")
# The bidi implementation knows embeddings but not isolates (Unicode 6.3);
# an embedding does the same job for the short values isolated here.
_ISOLATES_AS_EMBEDDINGS = str.maketrans(
    {"\u2066": "\u202a", "\u2067": "\u202b", "\u2068": "\u202a", "\u2069": "\u202c"}
)
_LRE, _PDF = "\u202a", "\u202c"
_EMBEDDING_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e")
# Digit groups separated by spaces or dashes, as phone numbers are written:
# kept left to right as a whole in right-to-left text (see left_to_right).
_NUMBER_GROUPS = re.compile(r"(?<![\w+])\+?[0-9][0-9()./-]*(?:[ -][0-9()./-]*[0-9])+(?!\w)")


def left_to_right(value: str) -> str:
    """`value` kept left to right as a whole inside right-to-left text.

    For phone numbers, e-mail addresses and references: without it the
    groups of "0123 456 789" are shown in reverse order in an Arabic line.
    """
    return f"{_LRE}{value}{_PDF}"


@dataclass(frozen=True)
class TextStyle:
    """Size (points), weight, line height (multiple of size) and RGB colour of text."""

    size: float = 10.0
    bold: bool = False
    leading: float = 1.5
    color: tuple[float, float, float] = (0.0, 0.0, 0.0)

    @property
    def line_height(self) -> float:
        """Distance between baselines, in points."""
        return self.size * self.leading


@dataclass
class PlacedRun:
    """Shaped glyphs of one font and direction, `x` points from the line's left end."""

    font: ShapingFont
    text: ShapedStr
    x: float
    width: float
    logical_start: int
    cluster_text: dict[int, str] = field(default_factory=dict)


@dataclass
class Line:
    """One wrapped line (`width` in points), its runs in left-to-right display order.

    `align_right` follows the document's language; `rtl` is the paragraph's
    own base direction.
    """

    runs: list[PlacedRun]
    width: float
    style: TextStyle
    align_right: bool
    text: str = field(default="")
    rtl: bool = False


@dataclass
class _Glyph:
    gid: int
    cluster: int
    x_advance: int
    y_advance: int
    x_offset: int
    y_offset: int


def _is_mark(char: str) -> bool:
    return unicodedata.category(char)[0] == "M"


def _is_thai(char: str) -> bool:
    return "\u0e00" <= char <= "\u0e7f"


def _cluster_start(text: str, index: int) -> bool:
    """True when a grapheme cluster may start at `index` (an emergency break)."""
    char = text[index]
    if _is_mark(char) or char in _THAI_FOLLOWING or char in "\u200c\u200d":
        return False
    return text[index - 1] not in _THAI_LEADING_VOWELS and text[index - 1] not in "\u200d"


def _thai_syllable_start(text: str, index: int) -> bool:
    """A dictionary-free guess that a Thai syllable starts at `index`.

    Before a leading vowel; or before a consonant that follows a vowel or
    mark and carries a vowel or mark of its own. Final consonants are never
    split from their syllable, at the cost of missing some word breaks.
    """
    char, before = text[index], text[index - 1]
    if not (_is_thai(char) and _is_thai(before)):
        return False
    if char in _THAI_LEADING_VOWELS:
        return before not in _THAI_LEADING_VOWELS
    if not "\u0e01" <= char <= "\u0e2e":
        return False
    after = text[index + 1] if index + 1 < len(text) else ""
    vowel_before = _is_mark(before) or before in _THAI_FOLLOWING
    return vowel_before and bool(after) and (_is_mark(after) or after in _THAI_FOLLOWING)


def _break_points(text: str) -> list[int]:
    """Indices where a new line may start: after spaces and hyphens, inside Thai."""
    points = []
    for index in range(1, len(text)):
        before, char = text[index - 1], text[index]
        if char.isspace():
            continue
        if (
            before.isspace()
            or (before in "-/" and index > 1 and text[index - 2].isalnum())
            or _thai_syllable_start(text, index)
        ):
            points.append(index)
    return points


class TextEngine:
    """Lays out and draws text in one language (the packet's), with its fonts."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.rtl = is_rtl(lang)
        self.chain: list[FontPair] = fonts_for_language(lang)

    # -- fonts and shaping -------------------------------------------------

    def _font_indices(self, text: str, bold: bool) -> list[int]:
        fonts = [pair.style(bold) for pair in self.chain]
        chosen: list[int] = []
        for char in text:
            code = ord(char)
            previous = chosen[-1] if chosen else None
            neutral = unicodedata.category(char)[0] in "MZPNSC"
            if previous is not None and neutral and fonts[previous].covers(code):
                chosen.append(previous)
                continue
            index = next((i for i, font in enumerate(fonts) if font.covers(code)), None)
            if index is None:
                index = previous if previous is not None else 0
            chosen.append(index)
        return chosen

    def _shape(self, font: ShapingFont, text: str, start: int, end: int, rtl: bool) -> list[_Glyph]:
        buffer = uharfbuzz.Buffer()
        # The whole paragraph is passed as context, so joining at run edges is right.
        buffer.add_str(text, item_offset=start, item_length=end - start)
        buffer.direction = "rtl" if rtl else "ltr"
        buffer.language = self.lang
        buffer.guess_segment_properties()
        uharfbuzz.shape(font.hb_font, buffer, {"kern": True, "liga": True})
        return [
            _Glyph(info.codepoint, info.cluster, pos.x_advance, pos.y_advance,
                   pos.x_offset, pos.y_offset)
            for info, pos in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True)
        ]  # fmt: skip

    @staticmethod
    def _runs(keys: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
        """[start, end) split where the (font, level) key changes."""
        runs = []
        run_start = start
        for index in range(start + 1, end + 1):
            if index == end or keys[index - start] != keys[run_start - start]:
                runs.append((run_start, index))
                run_start = index
        return runs

    def _base_rtl(self, text: str) -> bool:
        """The paragraph's base direction: the language's, by default.

        Text with no right-to-left letter at all (an untranslated label, a
        Latin-only name) keeps left-to-right order, so its punctuation stays
        where it belongs; it is still aligned with the document.
        """
        if not self.rtl:
            return False
        return any(bidirectional(char) in ("R", "AL") for char in text)

    # -- layout ------------------------------------------------------------

    def lines(self, text: str, style: TextStyle, width: float) -> list[Line]:
        """`text` wrapped to `width` points; each newline starts a new paragraph."""
        result: list[Line] = []
        text = text.translate(_ISOLATES_AS_EMBEDDINGS)
        if self.rtl:
            text = _NUMBER_GROUPS.sub(lambda m: left_to_right(m.group(0)), text)
        for paragraph in text.split("\n"):
            result += self._paragraph(paragraph.replace("\t", " "), style, width)
        return result

    def _paragraph(self, text: str, style: TextStyle, width: float) -> list[Line]:
        if not text.strip():
            return [Line([], 0.0, style, self.rtl, "")]
        rtl = self._base_rtl(text)
        levels = paragraph_levels(text, rtl)
        # The embedding controls have done their work; they are not drawn.
        kept = [i for i, char in enumerate(text) if char not in _EMBEDDING_CONTROLS]
        if len(kept) < len(text):
            text, levels = "".join(text[i] for i in kept), [levels[i] for i in kept]
            if not text.strip():
                return [Line([], 0.0, style, self.rtl, "")]
        font_index = self._font_indices(text, style.bold)
        fonts = [pair.style(style.bold) for pair in self.chain]
        keys = list(zip(font_index, levels, strict=True))
        advances = [0.0] * len(text)
        for start, end in self._runs(keys, 0, len(text)):
            font = fonts[font_index[start]]
            scale = style.size / font.units_per_em
            for glyph in self._shape(font, text, start, end, levels[start] % 2 == 1):
                advances[glyph.cluster] += glyph.x_advance * scale
        cumulative = [0.0, *accumulate(advances)]
        lines: list[Line] = []
        spans = self._wrap(text, cumulative, width)
        while spans:
            start, end = spans.pop(0)
            line = self._line(text, levels, font_index, start, end, style, rtl)
            if line.width > width + 0.01:
                # Shaped on its own, a line can come out wider than its characters measured
                # in the paragraph (glyphs no font has, shaped in another context): cut it
                # where it really fits and wrap the rest again. Rare, so never paid for.
                cut = self._fitting_cut(text, levels, font_index, start, end, style, rtl, width)
                if start < cut < end:
                    line = self._line(
                        text, levels, font_index, start, self._trim(text, start, cut), style, rtl
                    )
                    spans = self._wrap(text, cumulative, width, start=cut)
            lines.append(line)
        return lines

    def _fitting_cut(self, text, levels, font_index, start, end, style, rtl, width) -> int:
        """The furthest place in [start, end) to end a line so its shaped width fits.

        Break points first, then grapheme clusters; at least one cluster stays on the line.
        """
        points = [p for p in _break_points(text) if start < p < end]
        clusters = [i for i in range(start + 1, end) if _cluster_start(text, i)]
        for candidates in (points, clusters):
            for cut in reversed(candidates):
                trimmed = self._trim(text, start, cut)
                if trimmed > start:
                    line = self._line(text, levels, font_index, start, trimmed, style, rtl)
                    if line.width <= width + 0.01:
                        return cut
        return clusters[0] if clusters else end

    @staticmethod
    def _trim(text: str, start: int, end: int) -> int:
        while end > start and text[end - 1].isspace():
            end -= 1
        return end

    def _wrap(
        self, text: str, cumulative: list[float], width: float, start: int = 0
    ) -> list[tuple[int, int]]:
        """Greedy line breaking in logical order from `start`: [start, end) of each line."""
        points = [*_break_points(text), len(text)]
        spans = []
        position = start
        length = len(text)
        while position < length and text[position].isspace():
            position += 1
        while position < length:
            best = None
            for point in points:
                if point <= position:
                    continue
                end = self._trim(text, position, point)
                if cumulative[end] - cumulative[position] <= width:
                    best = point
                else:
                    break
            if best is None:
                best = self._emergency_break(text, cumulative, position, width)
            spans.append((position, self._trim(text, position, best)))
            position = best
            while position < length and text[position].isspace():
                position += 1
        return spans

    @staticmethod
    def _emergency_break(text: str, cumulative: list[float], position: int, width: float) -> int:
        """Where to break a word wider than the line: the last cluster that fits."""
        best = None
        for index in range(position + 1, len(text) + 1):
            if index < len(text) and (text[index].isspace() or not _cluster_start(text, index)):
                continue
            if cumulative[index] - cumulative[position] <= width or best is None:
                best = index
            if cumulative[index] - cumulative[position] > width:
                break
        return best if best is not None else len(text)

    def _line(
        self,
        text: str,
        levels: list[int],
        font_index: list[int],
        start: int,
        end: int,
        style: TextStyle,
        rtl: bool,
    ) -> Line:
        fonts = [pair.style(style.bold) for pair in self.chain]
        local_levels = line_levels(text, levels, start, end, rtl)
        keys = list(zip(font_index[start:end], local_levels, strict=True))
        logical = []
        for run_start, run_end in self._runs(keys, start, end):
            level = local_levels[run_start - start]
            font = fonts[font_index[run_start]]
            shaped, width, clusters = self._shaped_string(
                font, text, run_start, run_end, level % 2 == 1
            )
            run = PlacedRun(font, shaped, 0.0, width * style.size, run_start, clusters)
            logical.append((level, run))
        placed = []
        x = 0.0
        for index in visual_order([level for level, _ in logical]):
            run = logical[index][1]
            run.x = x
            x += run.width
            placed.append(run)
        return Line(placed, x, style, self.rtl, text[start:end], rtl)

    def _shaped_string(
        self, font: ShapingFont, text: str, start: int, end: int, rtl: bool
    ) -> tuple[ShapedStr, float, dict[int, str]]:
        """The run as reportlab's shaped string, its width (em) and each cluster's text."""
        glyphs = self._shape(font, text, start, end, rtl)
        style_scale = 1000 / font.units_per_em
        bounds = sorted({glyph.cluster for glyph in glyphs} | {end})
        next_cluster = dict(pairwise(bounds))
        # Each cluster's text goes to its glyphs that have a width, in reading
        # order: one character each, the last taking the rest; its dots and
        # marks (no width) carry none. Extractors then see no empty box inside
        # a word, and read the cluster's characters in order even where a
        # vowel sign is drawn before its consonant. Only a cluster of glyphs
        # side by side that are its characters in order keeps them as they
        # are: a Thai tone mark with text of its own, drawn over its letter
        # with no width, is read by poppler as a line of its own.
        actual: dict[int, str] = {}
        clusters: dict[int, str] = {}
        for cluster, members in self._members(glyphs).items():
            source = text[cluster : next_cluster[cluster]]
            clusters[cluster] = source
            own = [self._own_char(font, glyphs[index].gid) for index in members]
            reading = members[::-1] if rtl else members
            on_line = all(glyphs[i].x_advance and not glyphs[i].y_offset for i in members)
            if all(own) and on_line and "".join(own[::-1] if rtl else own) == source:
                actual.update(zip(members, own, strict=True))
                continue
            wide = [index for index in reading if glyphs[index].x_advance > 0] or reading[:1]
            rest = source
            for position, index in enumerate(wide):
                last = position == len(wide) - 1
                actual[index] = rest if last else rest[:1]
                rest = "" if last else rest[1:]
        chars = []
        data = []
        total = 0
        for index, glyph in enumerate(glyphs):
            char = font.char_for_glyph(glyph.gid, actual.get(index, ""))
            chars.append(char)
            data.append(
                ShapeData(
                    glyph.cluster,
                    glyph.x_advance * style_scale,
                    glyph.y_advance * style_scale,
                    glyph.x_offset * style_scale,
                    glyph.y_offset * style_scale,
                    font.face.charWidths.get(ord(char), 0),
                )
            )
            total += glyph.x_advance * style_scale
        return ShapedStr("".join(chars), shapeData=data), total / 1000, clusters

    @staticmethod
    def _members(glyphs: list[_Glyph]) -> dict[int, list[int]]:
        members: dict[int, list[int]] = {}
        for index, glyph in enumerate(glyphs):
            members.setdefault(glyph.cluster, []).append(index)
        return members

    @staticmethod
    def _own_char(font: ShapingFont, gid: int) -> str:
        codes = font.face.glyphToChar.get(gid)
        return chr(codes[0]) if codes and len(codes) == 1 else ""

    # -- drawing -----------------------------------------------------------

    def draw(self, canvas, line: Line, left: float, right: float, y: float) -> None:
        """Draw `line` with its baseline at `y`, between `left` and `right`.

        Right-to-left lines are right-aligned, others left-aligned.
        """
        size = line.style.size
        origin = right - line.width if line.align_right else left
        canvas.setFillColorRGB(*line.style.color)
        for run in line.runs:
            canvas.setFont(run.font.fontName, size)
            canvas.drawString(origin + run.x, y, run.text)

    def measure(self, text: str, style: TextStyle) -> float:
        """Width in points of `text` on one line (the widest of its paragraphs)."""
        return max((line.width for line in self.lines(text, style, 1e9)), default=0.0)
