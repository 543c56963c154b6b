"""XLSForm in and out: the round trip keeps ids, texts and translations; every error is placed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook

from app.domain.errors import FormError
from app.i18n import form_text
from app.interchange.catalog_entries import add_translations
from app.interchange.xlsform_import import import_xlsform
from app.interchange.xlsform_rows import workbook
from app.interchange.xlsx import write_workbook
from app.interchange.xpath import XPathError, constraint_bounds, from_xpath, to_xpath
from app.resources import locales_dir
from app.screening import expressions
from app.screening.loader import load_forms
from tests.cli_runner import cli_runner

FORMS = {form.id: form for form in load_forms()}


def _xlsx(path: Path, sheets: dict[str, list[list[str]]]) -> Path:
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


SETTINGS = [["form_id", "form_title", "version"], ["partner-form", "Partner form", "3"]]


@pytest.mark.parametrize("form_id", sorted(FORMS))
def test_round_trip_keeps_ids_texts_and_translations(form_id, tmp_path):
    form = FORMS[form_id]
    path = tmp_path / "form.xlsx"
    write_workbook(workbook(form), path)
    result = import_xlsform(path)
    data = yaml.safe_load(result.yaml_text)
    assert data["id"] == form.id and data["version"] == form.version
    assert data["title"] == form.title
    assert [s["id"] for s in data["sections"]] == [s.id for s in form.sections]
    for section, original in zip(data["sections"], form.sections, strict=True):
        assert section["title"] == original.title
        assert section.get("guidance", "") == original.guidance
        assert [q["id"] for q in section["questions"]] == [q.id for q in original.questions]
        for question, source in zip(section["questions"], original.questions, strict=True):
            assert question["text"] == source.text and question["type"] == source.type
            assert question.get("help", "") == source.help
            assert [(o["id"], o["text"]) for o in question.get("options", [])] == [
                (o.id, o.text) for o in source.options
            ]
            if source.show_if:
                assert expressions.parse(question["show_if"]) is not None
                assert to_xpath(expressions.parse(question["show_if"])) == to_xpath(
                    source.show_if_expr
                )
    for code, entries in result.translations.items():
        for msgid, msgstr in entries.items():
            assert form_text(code, next(t for t in form.texts() if t == msgid)) == msgstr
    translated = {t for entries in result.translations.values() for t in entries}
    assert form.sections[0].questions[0].text in translated
    assert any("scoring is not part of XLSForm" in n for n in result.notices)


def test_import_command_writes_the_form_and_catalogs_and_lists_what_is_missing(
    tmp_path, monkeypatch, capsys
):
    locales = tmp_path / "locales"
    shutil.copytree(locales_dir(), locales)
    path = _xlsx(
        tmp_path / "partner.xlsx",
        {
            "survey": [
                [
                    "type",
                    "name",
                    "label::English (en)",
                    "label::French (fr)",
                    "relevant",
                    "constraint",
                    "required",
                ],
                ["begin_group", "work", "Work", "Travail"],
                ["select_one yn", "paid", "Are you paid?", "Êtes-vous payé ?", "", "", "yes"],
                [
                    "integer",
                    "hours",
                    "Hours a day",
                    "Heures par jour",
                    "${paid} = 'yes'",
                    ". >= 0 and . <= 24",
                ],
                ["end_group"],
            ],
            "choices": [
                ["list_name", "name", "label::English (en)", "label::French (fr)"],
                ["yn", "yes", "Yes", "Oui"],
                ["yn", "no", "No", "Non"],
            ],
            "settings": SETTINGS,
        },
    )
    out = tmp_path / "partner-form.yaml"
    run = cli_runner(monkeypatch, capsys, ["app.cli.forms_commands"])
    code, _stdout, err = run(
        ["forms", "import", str(path), "--out", str(out), "--locales", str(locales)]
    )
    assert code == 0, err
    data = yaml.safe_load(out.read_text())
    paid, hours = data["sections"][0]["questions"]
    assert paid["type"] == "yes_no" and "options" not in paid
    assert hours == {
        "id": "hours",
        "text": "Hours a day",
        "type": "number",
        "show_if": "paid == 'yes'",
        "min": 0,
        "max": 24,
    }
    assert "scoring is not part of XLSForm" in err and "required" in err
    assert "no scoring" in err and "no consent_script" in err
    po = (locales / "fr" / "LC_MESSAGES" / "forms.po").read_text()
    assert 'msgctxt "partner-form"\nmsgid "Hours a day"\nmsgstr "Heures par jour"' in po
    assert "X-Review-Status: draft" in po
    assert 'msgstr "Oui"' not in po.split('msgctxt "partner-form"', 1)[1]  # the app's own yes/no


def test_everything_outside_the_subset_is_an_error_naming_sheet_row_and_column(tmp_path):
    path = _xlsx(
        tmp_path / "bad.xlsx",
        {
            "survey": [
                ["type", "name", "label::English (en)", "relevant", "choice_filter"],
                ["begin_repeat", "people", "People"],
                ["select_one places", "place", "Where?", "", "${district} = 'a'"],
                ["text", "district", "District", "pulldata('x', 'y')"],
                ["integer", "Age", "Age"],
                ["select_one nowhere", "q2", "Q2"],
                ["geopoint", "where", "Where exactly"],
            ],
            "choices": [["list_name", "name", "label::English (en)"], ["places", "a", "A"]],
            "settings": SETTINGS,
        },
    )
    with pytest.raises(FormError) as raised:
        import_xlsform(path)
    lines = [str(p) for p in raised.value.problems]
    expected = [
        ("row 2, column A (type)", "begin_repeat"),
        ("row 3, column E (choice_filter)", "choice_filter"),
        ("row 4, column D (relevant)", "pulldata"),
        ("row 5, column B (name)", "Age"),
        ("row 6, column A (type)", "select_one nowhere"),
        ("row 7, column A (type)", "geopoint"),
    ]
    for where, what in expected:
        assert any(f"bad.xlsx: sheet survey, {where}" in line and what in line for line in lines), (
            where,
            lines,
        )
    assert len(lines) == len(expected)


def test_a_form_without_english_or_settings_is_refused_with_its_place(tmp_path):
    path = _xlsx(
        tmp_path / "fr.xlsx",
        {
            "survey": [["type", "name", "label::French (fr)"], ["text", "q", "Question"]],
            "settings": [["form_id"], ["Bad Id"]],
        },
    )
    with pytest.raises(FormError) as raised:
        import_xlsform(path)
    text = "\n".join(str(p) for p in raised.value.problems)
    assert "sheet survey, row 2, column B (name): no English label" in text
    assert "sheet settings, row 2, column A (form_id)" in text


def test_expressions_translate_both_ways():
    for show_if in (
        "crossed_border == 'yes'",
        "selected(work_type, 'bars') or who in ['a', 'b']",
        "not answered(q) and declined(p)",
        "age >= 18",
    ):
        xpath = to_xpath(expressions.parse(show_if))
        back = from_xpath(xpath)
        assert to_xpath(expressions.parse(back)) == xpath
    assert from_xpath("${q} != ''") == "answered(q)"
    assert from_xpath("selected(${q}, 'prefer_not_to_say')") == "declined(q)"
    with pytest.raises(XPathError) as raised:
        from_xpath("${a} = 'x' and today() > ${b}")
    assert raised.value.offset == 15
    assert constraint_bounds(". > 0 and . < 121") == (1, 120)
    assert constraint_bounds("18 <= .") == (18, None)
    with pytest.raises(XPathError):
        constraint_bounds("regex(., '[0-9]+')")
    with pytest.raises(XPathError):
        constraint_bounds(". > 0.5", whole=False)


def test_translations_join_existing_catalogs(tmp_path):
    locales = tmp_path / "locales"
    shutil.copytree(locales_dir(), locales)
    add_translations(locales, "adult-screening", {"ar": {"Adult screening": "فحص"}}, "x.xlsx")
    text = (locales / "ar" / "LC_MESSAGES" / "forms.po").read_text()
    assert text.count('msgid "Adult screening"') == 1 and 'msgstr "فحص"' in text
