"""Text that renders right in every script: no mnemonic underline in Arabic, Farsi, Hindi
or Thai (the "(S)" form instead), no two mnemonics alike in one window in any language,
isolated key hints and numbers, names of languages readable to everyone, and nothing
left in the old language after a switch in mid-case."""

from __future__ import annotations

import pytest
from PySide6 import QtCore, QtWidgets

from app.i18n import offered_languages
from app.ui.bidi import FSI, LRI, PDI, RLM, plain
from app.ui.language import apply_language, language_title
from app.ui.mnemonics import mnemonic_char, mnemonic_widgets, shown, uses_brackets
from tests.ui.conftest import unlock
from tests.ui.test_screening_flow import first_question, give_consent, press, start_screening
from tests.ui.tour import completed_screening, tour

Key = QtCore.Qt.Key
LANGUAGES = [lang.code for lang in offered_languages()]


def mnemonic_texts(root: QtWidgets.QWidget) -> list[str]:
    texts = []
    for widget in [root, *root.findChildren(QtWidgets.QWidget)]:
        if widget is not root and not widget.isVisibleTo(root):
            continue
        if (isinstance(widget, QtWidgets.QLabel) and widget.buddy() is not None) or isinstance(
            widget, QtWidgets.QAbstractButton
        ):
            texts.append(widget.text())
    return [t for t in texts if mnemonic_char(t)]


def test_the_bracket_form_for_scripts_an_underline_breaks():
    assert uses_brackets("ar") and uses_brackets("fa") and uses_brackets("hi")
    assert uses_brackets("th") and not uses_brackets("ru") and not uses_brackets("en")
    # The letter of the English source, after the word, in a left-to-right isolate.
    assert shown("&بحث", "ar") == f"بحث {LRI}(&S){PDI}"
    assert shown("&खोजें", "hi") == f"खोजें {LRI}(&S){PDI}"
    assert shown("ค้นหา (&S)", "th") == f"ค้นหา {LRI}(&S){PDI}"  # Thai catalogs: isolated only
    assert shown(shown("&بحث", "ar"), "ar") == shown("&بحث", "ar")  # idempotent
    assert shown("&Buscar", "es") == "&Buscar"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_broken_or_doubled_mnemonic_on_any_page_or_dialog(
    qtbot, window, open_vault, vault_users, lang
):
    apply_language(lang)
    for label, root in tour(qtbot, window, open_vault, vault_users):
        if uses_brackets(lang):
            broken = [t for t in mnemonic_texts(root) if not mnemonic_char(t).isascii()]
            assert broken == [], f"{lang} {label}"
        doubled = {
            key: [w.objectName() or type(w).__name__ for w in widgets]
            for key, widgets in mnemonic_widgets(root).items()
            if len(widgets) > 1
        }
        assert doubled == {}, f"{lang} {label}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_first_run_page_in_every_language(qtbot, tmp_path, clock, lang):
    from app.ui.main_window import MainWindow

    apply_language(lang)
    window = MainWindow(tmp_path / "new-vault", clock=clock)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    page = window.first_run_page
    assert window.stack.currentWidget() is page
    # Typing starts in the first field, not on the Hide button.
    qtbot.waitUntil(lambda: QtWidgets.QApplication.focusWidget() is page.name, timeout=2000)
    if uses_brackets(lang):
        assert all(mnemonic_char(t).isascii() for t in mnemonic_texts(page))
    assert all(len(w) == 1 for w in mnemonic_widgets(window).values())


def test_arabic_option_keeps_its_key_hint_at_the_end(qtbot, window, vault_users):
    first_question(qtbot, window, vault_users, form_id="adult-screening", respondent="ar")
    answers = window.flow.interview_page.answers
    option_id, check = next(iter(answers.checks.items()))
    # The key hint, isolated, in a right-to-left paragraph: it stays beside the box.
    assert check.text() == f"{RLM}{LRI}[1]{PDI}"
    theirs = answers.findChild(QtWidgets.QLabel, f"answer_{option_id}_theirs")
    mine = answers.findChild(QtWidgets.QLabel, f"answer_{option_id}_mine")
    assert theirs.layoutDirection() == QtCore.Qt.LayoutDirection.RightToLeft
    assert theirs.wordWrap() and mine.wordWrap()
    assert mine.text() == answers.question.options[0].text  # the interviewer's English
    qtbot.mouseClick(mine, QtCore.Qt.MouseButton.LeftButton)  # the words tick the box too
    assert check.isChecked()
    qtbot.mouseClick(mine, QtCore.Qt.MouseButton.LeftButton)
    assert not check.isChecked()
    press(qtbot, window, Key.Key_1)
    press(qtbot, window, Key.Key_Return)
    page = window.flow.interview_page
    heading = page.section_title.text()
    assert f"{FSI}" in heading and "question 2 of" in plain(heading)
    # The same count as the progress bar: questions shown now.
    total = plain(heading).rsplit(" ", 1)[-1]
    assert page.progress_bar.format().endswith(f"of {total} answered")


def test_both_languages_on_every_answer_and_nothing_doubled_in_one(qtbot, window, vault_users):
    first_question(qtbot, window, vault_users, respondent="ar")
    buttons = window.flow.interview_page.answers.buttons
    assert buttons["yes"].theirs.text() == "نعم"
    assert plain(buttons["yes"].mine.text()) == "Yes  [Y]"
    assert plain(buttons["declined"].mine.text()) == "Prefer not to say  [P]"
    window.flow.interview_page.pause()
    start_screening(qtbot, window, respondent="en")
    consent = window.flow.consent_page
    yes = consent.findChild(QtWidgets.QRadioButton, "consent_screen_yes")
    assert yes.text() == "Yes"  # not "Yes · Yes"
    mine, theirs = consent.items["screen"][0], consent.items["screen"][1]
    assert theirs.isVisibleTo(consent) and not mine.isVisibleTo(consent)  # the question once
    give_consent(qtbot, window)
    buttons = window.flow.interview_page.answers.buttons
    assert buttons["yes"].theirs.text() == "Yes"
    assert plain(buttons["yes"].mine.text()) == "[Y]"


def test_language_lists_name_each_language_for_everyone(qtbot, window):
    assert plain(language_title("th")) == "ไทย (Thai)"
    assert plain(language_title("hi")) == "हिन्दी (Hindi)"
    assert language_title("en") == "English"  # the interface language: its own name
    window.list_languages()
    items = [plain(window.language_box.itemText(i)) for i in range(window.language_box.count())]
    assert "العربية (Arabic)" in items
    apply_language("fr")
    items = [plain(window.language_box.itemText(i)) for i in range(window.language_box.count())]
    assert "English (anglais)" in items and "français" in items


def test_a_language_switch_in_mid_case_leaves_nothing_in_the_old_language(
    qtbot, window, vault_users
):
    from app.i18n import form_text

    window.activateWindow()
    unlock(qtbot, window, "sol", vault_users["sol"][1])
    screening_id = completed_screening(window.vault)
    window.flow.show_summary_for(screening_id)
    summary = window.flow.summary_page
    english_title = plain(summary.outcome_title.text())
    english_lines = summary.explanation.text()
    window.set_language("ar")
    assert plain(summary.outcome_title.text()) != english_title
    form = summary.form
    for dimension in form.dimensions:
        arabic = form_text("ar", dimension.title)
        assert arabic in summary.explanation.text()
        assert form_text("en", dimension.title) not in summary.explanation.text()
    assert summary.explanation.text() != english_lines
    # The interview page follows too: the interviewer's side in the new language.
    window.set_language("en")
    start_screening(qtbot, window, respondent="fa")
    give_consent(qtbot, window)
    page = window.flow.interview_page
    window.set_language("ru")
    assert page.interviewer_lang == "ru"
    assert page.interviewer_text.text() == form_text("ru", page.interview.current.text)


@pytest.mark.parametrize(("lang", "separator"), [("en", ", "), ("ar", "، "), ("fa", "، ")])
def test_chosen_answers_are_listed_with_the_languages_own_comma(lang, separator):
    """A multiple-choice answer read back in Arabic or Farsi joins its choices with the
    Arabic comma, not a Latin one inside right-to-left text."""
    from app.resources import forms_dir
    from app.screening.loader import load_form
    from app.ui.answer_panel import answer_words

    question = load_form(forms_dir() / "child-screening.yaml").question("work_kind")
    words = plain(answer_words(question, ["street", "other"], lang))
    assert words.count(separator) == 1
    if lang != "en":
        assert ", " not in words
