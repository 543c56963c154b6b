"""Consent to refer, per packet section: shown in both languages only after a yes to
referring, pre-ticked with the minimal default, chosen by keyboard and stored as ticked."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from app.domain import referral_rules as rules
from tests.ui.conftest import unlock
from tests.ui.test_screening_flow import missing_accessible_names, start_screening

Key = QtCore.Qt.Key
RTL = QtCore.Qt.LayoutDirection.RightToLeft


def answer(qtbot, page, key: str, yes: bool) -> None:
    radio = page.findChild(QtWidgets.QRadioButton, f"consent_{key}_{'yes' if yes else 'no'}")
    radio.setFocus()
    qtbot.keyClick(radio, Key.Key_Space)
    assert radio.isChecked()


def choose_giver(qtbot, page, giver: str = "person") -> None:
    radio = page.findChild(QtWidgets.QRadioButton, f"consent_by_{giver}")
    radio.setFocus()
    qtbot.keyClick(radio, Key.Key_Space)
    assert radio.isChecked()


def stored_screening(open_vault):
    vault = open_vault("sam")
    return vault.screenings.list_for_case(vault.cases.list()[0].id)[0]


def test_sections_chosen_by_keyboard_are_stored(qtbot, window, open_vault, vault_users):
    unlock(qtbot, window, "sol", vault_users["sol"][1])
    start_screening(qtbot, window, respondent="ar")
    page = window.flow.consent_page
    choose_giver(qtbot, page)
    answer(qtbot, page, "screen", True)
    answer(qtbot, page, "store", True)
    assert not page.sections_panel.isVisible()
    answer(qtbot, page, "refer", True)
    assert page.sections_panel.isVisible()
    assert missing_accessible_names(page) == []
    ticked = {k for k, box in page.section_boxes.items() if box.isChecked()}
    assert ticked == set(rules.CONSENT_DEFAULT_SECTIONS)
    # The respondent reads each section in Arabic, right to left, beside the English box.
    indicators = page.section_labels[rules.INDICATORS_SECTION]
    assert indicators.isVisible() and indicators.layoutDirection() == RTL
    assert indicators.text() != page.section_boxes[rules.INDICATORS_SECTION].text()

    # Tab from the refer answer into the list; space ticks and unticks.
    for key, want in ((rules.OUTCOME_SECTION, False), (rules.INDICATORS_SECTION, True)):
        box = page.section_boxes[key]
        box.setFocus()
        qtbot.keyClick(box, Key.Key_Space)
        assert box.isChecked() is want
    page.continue_button.setFocus()
    qtbot.keyClick(page.continue_button, Key.Key_Return)
    assert window.stack.currentWidget() is window.flow.interview_page

    consent = stored_screening(open_vault).consent
    assert consent.refer is True
    assert consent.refer_sections == {rules.NEEDS_SECTION, rules.INDICATORS_SECTION}


def test_no_section_ticked_stores_none_not_the_default(qtbot, window, open_vault, vault_users):
    unlock(qtbot, window, "sol", vault_users["sol"][1])
    start_screening(qtbot, window)
    page = window.flow.consent_page
    choose_giver(qtbot, page)
    answer(qtbot, page, "screen", True)
    answer(qtbot, page, "store", True)
    answer(qtbot, page, "refer", True)
    for box in page.section_boxes.values():
        box.setChecked(False)
    # Same language on both sides: no second copy of each section.
    assert not page.section_labels[rules.NEEDS_SECTION].isVisible()
    qtbot.keyClick(page.continue_button, Key.Key_Return)
    consent = stored_screening(open_vault).consent
    assert consent.refer is True and consent.refer_sections == frozenset()


def test_refer_no_hides_the_list_and_records_nothing(qtbot, window, open_vault, vault_users):
    unlock(qtbot, window, "sol", vault_users["sol"][1])
    start_screening(qtbot, window)
    page = window.flow.consent_page
    choose_giver(qtbot, page)
    answer(qtbot, page, "screen", True)
    answer(qtbot, page, "store", True)
    answer(qtbot, page, "refer", True)
    page.section_boxes[rules.NOTE_SECTION].setChecked(True)
    answer(qtbot, page, "refer", False)
    assert not page.sections_panel.isVisible()
    qtbot.keyClick(page.continue_button, Key.Key_Return)
    consent = stored_screening(open_vault).consent
    assert consent.refer is False and consent.refer_sections == frozenset()
