"""Catalogs: every offered language has both catalogs, complete and with the source's fields.

The first test reads the real catalogs and fails until every translation is in;
the others run catalog_tools on a small project in a temporary folder.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from babel.messages.pofile import read_po

from app.i18n import catalog_tools
from app.i18n.catalog_tools import check, compile_all, po_path, review_status_of, update
from app.resources import data_root

FIXTURE_FORM = Path(__file__).resolve().parent.parent / "fixtures" / "forms" / "good"


def test_every_language_has_complete_consistent_catalogs():
    problems = check(data_root())
    assert problems == [], f"{len(problems)} catalog problems, first: {problems[:20]}"


def _project(tmp_path: Path) -> Path:
    (tmp_path / "app" / "sub").mkdir(parents=True)
    (tmp_path / "app" / "sub" / "strings.py").write_text(
        "from app.i18n import N_, _, ngettext\n"
        "# TRANSLATORS: shown on the unlock page\n"
        "_('Unlock the vault for {name}')\n"
        "N_('Cases')\n"
        "ngettext('{n} case', '{n} cases', 2)\n",
        encoding="utf-8",
    )
    shutil.copytree(FIXTURE_FORM, tmp_path / "forms")
    return tmp_path


def _read(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


def test_update_creates_draft_catalogs_for_every_language(tmp_path):
    root = _project(tmp_path)
    update(root)
    ui_template = _read(root / "locales" / "waystation.pot")
    unlock = ui_template.get("Unlock the vault for {name}")
    assert unlock.auto_comments == ["shown on the unlock page"]
    assert unlock.locations == [("app/sub/strings.py", 3)]
    assert ui_template.get(("{n} case", "{n} cases")) is not None
    forms_template = _read(root / "locales" / "forms.pot")
    assert forms_template.get("Mini screening", context="mini-screening").locations == [
        ("forms/mini-screening.yaml", 4)
    ]
    for lang in catalog_tools.translated_languages():
        for domain in catalog_tools.DOMAINS:
            path = po_path(root, lang, domain)
            assert review_status_of(path) == "draft"
            assert _read(path).locale.language == lang


def test_update_keeps_translations_and_review_status(tmp_path):
    root = _project(tmp_path)
    update(root)
    path = po_path(root, "fr", "waystation")
    text = path.read_text(encoding="utf-8")
    text = text.replace("X-Review-Status: draft", "X-Review-Status: reviewed")
    text = text.replace('msgid "Cases"\nmsgstr ""', 'msgid "Cases"\nmsgstr "Dossiers"')
    path.write_text(text, encoding="utf-8")
    (root / "app" / "sub" / "more.py").write_text("_('Quick hide')\n", encoding="utf-8")
    update(root)
    catalog = _read(path)
    assert catalog.get("Cases").string == "Dossiers"
    assert catalog.get("Quick hide") is not None
    assert review_status_of(path) == "reviewed"
    assert path.read_text(encoding="utf-8").count("X-Review-Status") == 1


def test_check_reports_missing_untranslated_and_mismatched_fields(tmp_path):
    root = _project(tmp_path)
    assert any("missing catalog" in p for p in check(root))
    update(root)
    path = po_path(root, "es", "waystation")
    text = path.read_text(encoding="utf-8").replace(
        'msgid "Unlock the vault for {name}"\nmsgstr ""',
        'msgid "Unlock the vault for {name}"\nmsgstr "Desbloquear para {nombre}"',
    )
    path.write_text(text, encoding="utf-8")
    problems = [p for p in check(root) if p.startswith("locales/es/LC_MESSAGES/waystation.po")]
    assert any("{fields} differ" in p and "Unlock the vault" in p for p in problems)
    assert any("untranslated" in p and '"Cases"' in p for p in problems)


def test_compile_builds_mo_files(tmp_path):
    root = _project(tmp_path)
    update(root)
    written = compile_all(root)
    assert "locales/ar/LC_MESSAGES/forms.mo" in written
    assert (root / "locales" / "ar" / "LC_MESSAGES" / "forms.mo").stat().st_size > 0
