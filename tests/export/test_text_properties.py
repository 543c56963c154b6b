"""Property tests: any mix of scripts wraps without losing, repeating or reordering text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.export.text_layout import TextEngine, TextStyle

PIECES = [
    "سلام",
    "مرحبا",
    "می‌خواهم",
    "Hope",
    "Shelter",
    "0123",
    "17.",
    "(test)",
    "क्षेत्र",
    "सुरक्षित",
    "ภาษาไทยไม่มีช่องว่าง",
    "ผู้หญิง",
    "Київ",
    "Tiếng",
    "e-mail",
    "a/b",
    "\u202a+44 20\u202c",
    "—",
]
ENGINES = {lang: TextEngine(lang) for lang in ("en", "ar", "fa", "hi", "th", "uk")}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lang=st.sampled_from(sorted(ENGINES)),
    words=st.lists(st.sampled_from(PIECES), min_size=1, max_size=25),
    separators=st.lists(st.sampled_from([" ", "  ", ""]), min_size=25, max_size=25),
    width=st.floats(min_value=20, max_value=400),
)
def test_wrapping_keeps_every_character_in_order(lang, words, separators, width):
    text = "".join(word + separators[i] for i, word in enumerate(words))
    engine = ENGINES[lang]
    lines = engine.lines(text, TextStyle(size=10), width)
    visible = "".join(char for char in text if not char.isspace() and char not in "\u202a\u202c")
    joined = "".join(char for line in lines for char in line.text if not char.isspace())
    assert joined == visible
    for line in lines:
        # Only a single unbreakable cluster may be wider than the line.
        assert line.width <= width + 0.01 or len(line.text.strip()) <= 3
        assert all(run.width >= 0 for run in line.runs)
        assert sorted(run.x for run in line.runs) == [run.x for run in line.runs]
