"""Shaping, font fallback, wrapping and right-to-left order of PDF text.

The Arabic, Farsi, Hindi and Thai sentences here are test data written for
these tests, not translations of the app.
"""

from __future__ import annotations

import io
import unicodedata

import pytest
from reportlab.pdfgen.canvas import Canvas

from app.export.bidi_levels import paragraph_levels, visual_order
from app.export.text_layout import TextEngine, TextStyle, left_to_right
from tests.export.pdf_tools import joined_words, logical, pdftotext, pypdf_text, words

ARABIC = (
    "يحتاج الشخص إلى سكن آمن ومساعدة قانونية. تستقبل خدمة Hope Shelter الإحالات "
    "عبر الهاتف 0123 456 789 من الساعة 9 إلى 17. هذا الفحص ليس تحديدا للهوية."
)
FARSI = "این شخص به مسکن امن و کمک حقوقی نیاز دارد و می‌تواند با Legal Aid تماس بگیرد."
HINDI = "व्यक्ति को सुरक्षित आवास और कानूनी सहायता की आवश्यकता है। क्षेत्र में संपर्क करें।"
THAI = "บุคคลนี้ต้องการที่พักที่ปลอดภัยและความช่วยเหลือทางกฎหมายโปรดติดต่อหน่วยงานในพื้นที่"


def _is_arabic(word: str) -> bool:
    return any("\u0600" <= char <= "\u06ff" for char in word)


def render(lang: str, text: str, width: float = 240, size: float = 12) -> bytes:
    engine = TextEngine(lang)
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    y = 780.0
    for line in engine.lines(text, TextStyle(size=size), width):
        engine.draw(canvas, line, 50, 50 + width, y)
        y -= size * 1.6
    canvas.save()
    return buffer.getvalue()


def test_paragraph_levels_put_latin_and_numbers_inside_arabic_at_an_even_level():
    text = "خدمة Hope 24 ساعة"
    levels = paragraph_levels(text, rtl=True)
    assert levels[0] == 1
    assert levels[text.index("Hope")] == 2
    assert levels[text.index("24")] == 2
    assert levels[-1] == 1


def test_farsi_zero_width_non_joiner_keeps_its_place_and_level():
    text = "می‌تواند"
    levels = paragraph_levels(text, rtl=True)
    assert len(levels) == len(text)
    assert set(levels) == {1}


def test_visual_order_reverses_right_to_left_runs_but_not_the_latin_inside():
    # runs: Arabic (1), Latin (2), Arabic (1) -> shown: third, Latin, first
    assert visual_order([1, 2, 1]) == [2, 1, 0]
    assert visual_order([0, 1, 1, 0]) == [0, 2, 1, 3]
    assert visual_order([0, 0]) == [0, 1]


def test_arabic_lines_are_wrapped_in_logical_order_then_each_reordered(tmp_path):
    engine = TextEngine("ar")
    lines = engine.lines(ARABIC, TextStyle(size=12), 240)
    assert len(lines) >= 3
    # Wrapping never reorders the paragraph: the lines read on from each other.
    assert " ".join(line.text for line in lines).split() == ARABIC.split()
    assert all(line.width <= 240 + 0.01 for line in lines)

    found = joined_words(words(render("ar", ARABIC), tmp_path))
    assert len(found) == len(lines)
    for line, shown in zip(lines, found, strict=True):
        # Read from the right, the Arabic words come in the line's logical order,
        # starting with the rightmost word.
        arabic = [w.strip(".") for w in line.text.split() if _is_arabic(w)]
        read = [logical(w.text).strip(".") for w in reversed(shown) if _is_arabic(w.text)]
        assert read == arabic, line.text
        if _is_arabic(line.text.split()[0]):
            assert logical(shown[-1].text).strip(".") == arabic[0]
        # right-aligned: every line ends at the right margin
        assert shown[-1].x_max == pytest.approx(290, abs=2)


def test_latin_words_and_numbers_inside_arabic_read_left_to_right(tmp_path):
    (line,) = joined_words(words(render("ar", ARABIC[:90], width=480, size=8), tmp_path))
    position = {logical(w.text) if w.text[0] > "z" else w.text: w.x_min for w in line}
    assert position["Hope"] < position["Shelter"]
    # ...while the Arabic around them reads right to left
    assert position["يحتاج"] > position["الشخص"] > position["Shelter"]
    # Unicode alone would show spaced number groups in an Arabic line in
    # reverse order; phone numbers are kept left to right as a whole.
    for phone in ("الهاتف 0123 456 789 من", "الهاتف " + left_to_right("0123 456 789") + " من"):
        (line,) = joined_words(words(render("ar", phone, width=480), tmp_path))
        assert [w.text for w in line][1:4] == ["0123", "456", "789"]
        assert logical(line[-1].text) == "الهاتف"
    # Numbers apart stay in the sentence's order: "from 9 to 17" reads right to left.
    (line,) = joined_words(words(render("ar", "من 9 إلى 17", width=480), tmp_path))
    assert [w.text for w in line][::2] == ["17", "9"]


def test_arabic_and_farsi_text_extracts_as_the_letters_written(tmp_path):
    for lang, text in (("ar", ARABIC), ("fa", FARSI)):
        data = render(lang, text, width=480, size=9)
        extracted = pdftotext(data, tmp_path)
        for word in ("الشخص", "قانونية", "الإحالات", "مسکن", "حقوقی", "Legal"):
            if word in text:
                assert word in extracted or word in pypdf_text(data), (lang, word)


def test_devanagari_is_shaped_into_conjuncts_and_extracts_back():
    engine = TextEngine("hi")
    font = engine.chain[0].regular
    text = "क्ष"
    shaped = [glyph.gid for glyph in engine._shape(font, text, 0, len(text), False)]
    unshaped = [font.face.charToGlyph[ord(char)] for char in text]
    assert shaped != unshaped
    assert len(shaped) < len(unshaped), "the conjunct is one glyph, not three"


def test_devanagari_round_trips_through_pdftotext(tmp_path):
    extracted = pdftotext(render("hi", HINDI, width=480, size=9), tmp_path)
    assert extracted.split() == HINDI.split()


def test_thai_without_spaces_wraps_at_syllable_boundaries_within_the_width(tmp_path):
    engine = TextEngine("th")
    lines = engine.lines(THAI, TextStyle(size=12), 150)
    assert len(lines) >= 3
    assert "".join(line.text for line in lines) == THAI
    for line in lines:
        assert line.width <= 150 + 0.01
        assert unicodedata.category(line.text[0])[0] != "M", "a mark never starts a line"
        assert line.text[0] not in "ะาำ"
        assert line.text[-1] not in "เแโใไ", "a leading vowel stays with its consonant"
    extracted = pdftotext(render("th", THAI, width=150), tmp_path).replace("\n", "")
    assert extracted.strip() == THAI


def test_a_word_longer_than_the_line_is_broken_not_overflowing():
    engine = TextEngine("en")
    lines = engine.lines("x" * 200, TextStyle(size=10), 100)
    assert len(lines) > 1
    assert all(line.width <= 100 + 0.01 for line in lines)
    assert "".join(line.text for line in lines) == "x" * 200


def test_newlines_start_new_lines_and_blank_lines_are_kept():
    engine = TextEngine("en")
    lines = engine.lines("one\n\ntwo", TextStyle(), 500)
    assert [line.text for line in lines] == ["one", "", "two"]


def test_other_scripts_inside_an_arabic_line_are_drawn_with_their_own_fonts():
    """A Hindi or Thai word in an Arabic packet gets its script's font, not empty boxes."""
    from app.export.text_layout import TextEngine, TextStyle

    line = TextEngine("ar").lines("ملاحظة क्षेत्र ไทย", TextStyle(size=10), 400)[0]
    fonts = {id(run.font) for run in line.runs}
    assert len(fonts) == 3
