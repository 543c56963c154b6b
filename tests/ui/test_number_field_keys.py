"""Answer shortcuts from a number field: digits type, P declines (the child's age question).

A spin box takes every printable key for itself, so without care the decline
key was swallowed there and a screener working by keyboard had to leave the
field first. Keys are sent as a user types them: QTest key events to the
focused widget of the real question page.
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from tests.ui.conftest import unlock
from tests.ui.test_screening_flow import current_id, give_consent, press, start_screening

Key = QtCore.Qt.Key


def _age_question(qtbot, window, vault_users):
    window.activateWindow()
    unlock(qtbot, window, "sol", vault_users["sol"][1])
    start_screening(qtbot, window, form_id="child-screening")
    give_consent(qtbot, window, given_by="child")
    assert current_id(window) == "age_years"
    field = window.flow.interview_page.answers.field
    assert isinstance(field, QtWidgets.QDoubleSpinBox)
    qtbot.waitUntil(lambda: field.hasFocus(), timeout=2000)
    return field


def test_p_in_the_age_field_declines(qtbot, window, vault_users):
    _age_question(qtbot, window, vault_users)
    screening_id = window.flow.screening.id
    press(qtbot, window, Key.Key_1)
    press(qtbot, window, Key.Key_P)
    assert current_id(window) != "age_years", "P was swallowed by the number field"
    stored = window.vault.screenings.answers(screening_id)["age_years"]
    assert stored.declined and stored.value is None


def test_digits_still_type_and_enter_answers(qtbot, window, vault_users):
    field = _age_question(qtbot, window, vault_users)
    screening_id = window.flow.screening.id
    for key in (Key.Key_1, Key.Key_4):
        press(qtbot, window, key)
    assert field.value() == 14
    press(qtbot, window, Key.Key_Return)
    assert current_id(window) != "age_years"
    stored = window.vault.screenings.answers(screening_id)["age_years"]
    assert stored.value == 14 and not stored.declined


def test_other_letters_do_nothing_in_the_number_field(qtbot, window, vault_users):
    field = _age_question(qtbot, window, vault_users)
    for key in (Key.Key_1, Key.Key_Y, Key.Key_2):
        press(qtbot, window, key)
    assert current_id(window) == "age_years" and field.value() == 12


def test_enter_on_an_empty_number_field_records_nothing(qtbot, window, vault_users):
    """A fresh age question is empty, not 0: Enter (or the confirm button) before any
    digit is typed must not record the child's age as 0."""
    field = _age_question(qtbot, window, vault_users)
    screening_id = window.flow.screening.id
    assert field.text().strip() == ""
    press(qtbot, window, Key.Key_Return)
    window.flow.interview_page.answers._confirm()
    assert current_id(window) == "age_years"
    assert "age_years" not in window.vault.screenings.answers(screening_id)
    press(qtbot, window, Key.Key_0)
    press(qtbot, window, Key.Key_Return)
    assert current_id(window) != "age_years"
    assert window.vault.screenings.answers(screening_id)["age_years"].value == 0
