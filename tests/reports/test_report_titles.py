"""What the new charts say, in every language: statuses, age bands, countries, overdue, notes."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from app.domain.person import AGE_BANDS
from app.domain.referral_status import STATUS_TITLES
from app.export.report_pdf import render_report
from app.i18n import translate
from app.reports import titles as report_titles
from app.reports.age_bands import BANDS, NOT_RECORDED_TITLE
from app.reports.figures import summarise
from app.reports.titles import Titles
from app.ui.reports.reports_page import SECTIONS
from tests.export.pdf_tools import pdftotext
from tests.reports.helpers import FOLLOW_UP_OVERDUE

LANGUAGES = ("ar", "fa", "uk", "ru", "es", "fr", "vi", "hi", "th")
NEW = (
    SECTIONS["ages"],
    SECTIONS["referral_status"],
    SECTIONS["countries"],
    NOT_RECORDED_TITLE,
    report_titles.NO_COUNTRY_TITLE,
    report_titles.OVERDUE,
    report_titles.AGES_NOTE,
    report_titles.STATUS_NOTE,
)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_new_string_is_translated_with_its_fields(lang):
    for message in NEW:
        text = translate(message, lang)
        assert text != message, (lang, message)
        assert ("{day}" in text) == ("{day}" in message)
    titles = Titles(lang)
    for key in BANDS:
        assert titles.age_band(key) != translate(AGE_BANDS.get(key, NOT_RECORDED_TITLE), "en")
    for key, title in STATUS_TITLES.items():
        assert titles.referral_status(key) != title


@pytest.mark.parametrize(
    ("lang", "greece", "unknown"),
    [
        ("en", "Greece", "country not recorded"),
        ("ar", "اليونان", "البلد غير مسجّل"),
        ("fa", "یونان", "کشور ثبت نشده"),
        ("uk", "Греція", "країну не записано"),
        ("th", "กรีซ", "ไม่ได้บันทึกประเทศ"),
    ],
)
def test_countries_are_named_in_the_language(lang, greece, unknown):
    titles = Titles(lang)
    assert titles.country("GR") == greece
    assert titles.country("not_recorded") == unknown
    assert titles.country("QQ") == "QQ"  # no such country: the code as stored


def _letters(text: str) -> str:
    """Text without marks and format characters: poppler may move a Farsi mark (the hamza
    of "پایهٔ", the kasra of "ارجاعِ") behind the next letter, and adds isolates."""
    return " ".join("".join(c for c in text if unicodedata.category(c) not in ("Mn", "Cf")).split())


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_the_pdf_shows_statuses_overdue_countries_and_ages(
    lang, open_report_vault, whole_period, tmp_path
):
    summary = summarise(open_report_vault("ria"), whole_period)
    text = _letters(pdftotext(render_report(summary, lang, ""), tmp_path))
    titles = Titles(lang)
    for title in (
        titles.t(SECTIONS["referral_status"]),
        titles.t(SECTIONS["countries"]),
        titles.t(SECTIONS["ages"]),
        titles.referral_status("declined"),
        titles.age_band("65+"),
        titles.country("TR"),
        titles.country("not_recorded"),
    ):
        # Poppler gives right-to-left text in reading order, word by word.
        assert all(word in text for word in _letters(title).split()), title
    overdue = titles.t(report_titles.OVERDUE).format(day=titles.day(date.today()))
    assert all(word in text for word in _letters(overdue).split())


def test_the_overdue_count_stands_beside_its_label_twice(open_report_vault, whole_period, tmp_path):
    """Among the key figures, and under the status bars."""
    summary = summarise(open_report_vault("ria"), whole_period)
    text = pdftotext(render_report(summary, "en", ""), tmp_path, "-layout")
    rows = [line.split() for line in text.splitlines() if "Referral follow-ups overdue" in line]
    assert len(rows) == 2 and all(row[-1] == str(FOLLOW_UP_OVERDUE) for row in rows), rows
