"""Referral packets: what they say, what they leave out, and how they read in RTL scripts."""

from __future__ import annotations

import re
import subprocess

import pytest

from app import __version__
from app.domain import referral_rules as rules
from app.export.packet import render_packet
from tests.export.pdf_tools import joined_words, logical, pdftotext, pypdf_text, words
from tests.export.sample_translations import sample_translations
from tests.export.samples import (
    ARABIC_NOTE,
    DECLINED_MARK,
    FARSI_NOTE,
    HINDI_NOTE,
    INDICATOR_MARK,
    NOTE_MARK,
    THAI_NOTE,
    packet,
)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def english() -> bytes:
    return render_packet(packet("en"))


def test_english_packet_carries_cover_needs_findings_and_contacts(english, tmp_path):
    for text in (_flat(pdftotext(english, tmp_path)), _flat(pypdf_text(english))):
        for expected in (
            "Referral packet",
            "Harbour Outreach Network",
            "Amina Rahman",
            "Hope Shelter (shelter)",
            "March 3, 2026",
            "urgent: within 24 hours",
            "WS-2026-0042-R1",
            "The person agreed to this referral on",
            "an interpreter by phone",
            "safe housing",
            "other: warm clothing",
            "Indicators present: referral recommended",
            "Deceptive recruitment: positive",
            INDICATOR_MARK,
            "(strong)",
            "Coercion at destination: not positive",
            "A screen is not an identification",
            DECLINED_MARK,
            NOTE_MARK,
            "+44 20 7946 0000",
            "Hope Shelter, +44 20 7946 0999, intake@hope.example, 12 Quay Street",
            "Clinic visit on Thursday.",
        ):
            assert expected in text, expected
        assert "victim" not in text.lower()


def test_every_page_is_marked_confidential_and_numbered(english, tmp_path):
    pages = pdftotext(english, tmp_path).split("\f")
    pages = [page for page in pages if page.strip()]
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert page.count("Confidential") >= 2, "header and footer"
        assert f"Page {number} of {len(pages)}" in page
        assert f"Waystation {__version__}" in page


def test_fonts_are_embedded(english, tmp_path):
    path = tmp_path / "fonts.pdf"
    path.write_bytes(render_packet(packet("ar", note=ARABIC_NOTE)))
    rows = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert rows
    for row in rows:
        assert row.split()[-5:-2] == ["yes", "yes", "yes"], row  # emb, sub, uni


def test_sections_not_shared_are_absent(tmp_path):
    data = render_packet(packet("en", sections=frozenset({rules.NEEDS_SECTION})))
    text = _flat(pdftotext(data, tmp_path)) + _flat(pypdf_text(data))
    assert "safe housing" in text
    assert "Hope Shelter" in text and "WS-2026-0042-R1" in text, "the cover is always there"
    for absent in (
        INDICATOR_MARK,
        "Deceptive recruitment",
        "Indicators present",
        DECLINED_MARK,
        NOTE_MARK,
        "chose not to answer",
    ):
        assert absent not in text, absent


def test_a_clinic_gets_health_needs_not_the_recruitment_story(tmp_path):
    sections = rules.allowed_sections(
        consent_to_refer=True,
        screening_completed=True,
        consented_sections=rules.SECTIONS,
        requested=None,
        service_type="medical",
    )
    needs = rules.default_needs("medical", packet().needs)
    data = render_packet(packet("en", sections=sections, needs=needs))
    text = _flat(pdftotext(data, tmp_path))
    assert "medical care" in text and "an interpreter" in text
    assert "safe housing" not in text
    assert INDICATOR_MARK not in text and "Deceptive recruitment" not in text


def test_declined_section_is_absent_when_the_person_did_not_agree(tmp_path):
    sections = frozenset(rules.SECTIONS) - {rules.DECLINED_SECTION}
    data = render_packet(packet("en", sections=sections))
    text = _flat(pdftotext(data, tmp_path))
    assert DECLINED_MARK not in text
    assert INDICATOR_MARK in text


def test_dates_follow_the_recipient_language(tmp_path):
    text = _flat(pdftotext(render_packet(packet("fr")), tmp_path))
    assert "3 mars 2026" in text
    text = _flat(pdftotext(render_packet(packet("ru")), tmp_path))
    assert "3 марта 2026" in text


def test_arabic_packet_lines_read_right_to_left_in_order(tmp_path):
    with sample_translations():
        data = render_packet(packet("ar", note=ARABIC_NOTE))
    note_words = [w for w in ARABIC_NOTE.split() if any("\u0600" <= c <= "\u06ff" for c in w)]
    found = []
    for line in joined_words(words(data, tmp_path)):
        arabic = [logical(w.text) for w in reversed(line) if logical(w.text) != w.text]
        if arabic and all(word in note_words for word in arabic):
            found.append(arabic)
    assert len(found) >= 2, "the note wraps onto several lines"
    # Reading each line from the right, top to bottom, gives the note in order.
    assert [word for line in found for word in line] == note_words
    # The Latin name inside the Arabic note still reads left to right.
    for line in joined_words(words(data, tmp_path)):
        texts = [w.text for w in line]
        if "Hope" in texts and "Shelter" in texts:
            assert texts.index("Hope") + 1 == texts.index("Shelter")
            break
    else:
        pytest.fail("Hope Shelter not found on one line")
    # The labels are right-aligned: the title sits at the right margin.
    title = next(w for w in words(data, tmp_path) if logical(w.text) == "ملف")
    assert title.x_max == pytest.approx(595.3 - 56.7, abs=1)


@pytest.mark.parametrize(("lang", "note"), [("hi", HINDI_NOTE), ("th", THAI_NOTE)])
def test_hindi_and_thai_notes_extract_as_written(lang, note, tmp_path):
    text = pdftotext(render_packet(packet(lang, note=note)), tmp_path)
    # Line breaks fall where the layout put them; the characters must all be there.
    assert re.sub(r"\s+", "", note) in re.sub(r"\s+", "", text)


def test_farsi_note_extracts_word_for_word(tmp_path):
    data = render_packet(packet("fa", note=FARSI_NOTE))
    # pdftotext orders mixed Farsi and Latin runs its own way; every word must be there.
    text = pdftotext(data, tmp_path).replace("\u202b", " ").replace("\u202c", " ")
    extracted = set(_flat(text).split())
    extracted |= set(_flat(pypdf_text(data)).split())
    for word in FARSI_NOTE.replace(".", " ").split():
        if word != "لطفاً":  # the mark order of this word is normalised by extractors
            assert {word, word + ".", "." + word} & extracted, word


def test_outline_for_the_preview_says_what_the_packet_says(tmp_path):
    from app.export.packet import packet_outline

    content = packet("en", sections=frozenset({rules.NEEDS_SECTION, rules.NOTE_SECTION}))
    blocks = packet_outline(content)
    kinds = [kind for kind, _text in blocks]
    texts = [text for _kind, text in blocks]
    assert blocks[0] == ("title", "Referral packet")
    assert ("caution", "Urgency: urgent: within 24 hours") in blocks
    assert ("item", "safe housing") in blocks
    assert ("text", NOTE_MARK) in blocks
    assert "caution" in kinds
    assert not any(INDICATOR_MARK in text or DECLINED_MARK in text for text in texts)
    # Every block's text is in the PDF too.
    pdf = _flat(pdftotext(render_packet(content), tmp_path))
    for kind, text in blocks:
        text = _flat(text.replace("\u202a", "").replace("\u202c", ""))
        if kind == "field":
            # label and value sit in two columns; lines of a wrapped pair interleave
            text = text.split(": ", 1)[0]
        assert text in pdf, (kind, text)


def test_the_list_of_shared_sections_uses_the_languages_separator(monkeypatch):
    from app.export import packet as packet_module

    sections = frozenset({rules.NEEDS_SECTION, rules.NOTE_SECTION})

    def fields(lang):
        outline = packet_module.packet_outline(packet(lang, sections=sections))
        return [text for kind, text in outline if kind == "field"]

    assert any(
        t.startswith("Shared with") and t.endswith("needs; note from the referring worker")
        for t in fields("en")
    )
    real = packet_module.pgettext_in

    def arabic_separator(lang, context, message):
        """The real catalog, with the separator an Arabic catalog gives."""
        if (context, message) == ("list separator", "; "):
            return "\u061b "
        return real(lang, context, message)

    monkeypatch.setattr(packet_module, "pgettext_in", arabic_separator)
    shared = [text for text in fields("ar") if "\u061b " in text]
    assert len(shared) == 2, "what was shared, and what the person did not agree to share"
    assert not any("; " in text for text in shared)
