"""A language counts as reviewed only when its questionnaire catalog is reviewed too."""

from __future__ import annotations

import pytest

from app.i18n import languages


def _catalog(path, status: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        f'"X-Review-Status: {status}\\n"\n',
        encoding="utf-8",
    )


@pytest.mark.parametrize(
    ("ui", "forms", "shown"),
    [
        ("reviewed", "reviewed", "reviewed"),
        ("reviewed", "draft", "draft"),  # the questions read to the person are still a draft
        ("draft", "reviewed", "draft"),
    ],
)
def test_review_status_covers_both_catalogs(tmp_path, monkeypatch, ui, forms, shown):
    folder = tmp_path / "fr" / "LC_MESSAGES"
    _catalog(folder / "waystation.po", ui)
    _catalog(folder / "forms.po", forms)
    monkeypatch.setattr(languages, "locales_dir", lambda: tmp_path)
    languages.review_status.cache_clear()
    try:
        assert languages.review_status("fr") == shown
    finally:
        languages.review_status.cache_clear()


def test_a_missing_questionnaire_catalog_is_a_draft(tmp_path, monkeypatch):
    _catalog(tmp_path / "fr" / "LC_MESSAGES" / "waystation.po", "reviewed")
    monkeypatch.setattr(languages, "locales_dir", lambda: tmp_path)
    languages.review_status.cache_clear()
    try:
        assert languages.review_status("fr") == "draft"
    finally:
        languages.review_status.cache_clear()


def test_every_shipped_catalog_states_its_review_status():
    from app.resources import locales_dir

    for po in sorted(locales_dir().glob("*/LC_MESSAGES/*.po")):
        head = po.read_text(encoding="utf-8")[:4000]
        assert '"X-Review-Status: ' in head, po
