"""Quick hide over every kind of window: a message box, the stop dialog, the referral
dialog and a file chooser. F12 (or Shift three times) leaves no window of the app on
screen and the vault locked; the same worker's unlock returns to the same screen."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6 import QtCore, QtWidgets

from app.ui.quick_hide import NeutralCover
from app.ui.window_guard import HideStrip
from tests.ui.conftest import unlock
from tests.ui.test_screening_flow import current_id, give_consent, press, start_screening

Key = QtCore.Qt.Key


def visible_windows() -> list[QtWidgets.QWidget]:
    """Every top-level window of the app on screen, the neutral cover excepted."""
    return [
        w
        for w in QtWidgets.QApplication.topLevelWidgets()
        if w.isVisible() and not isinstance(w, NeutralCover)
    ]


def at_question_two(qtbot, window, vault_users) -> str:
    window.activateWindow()
    unlock(qtbot, window, "sol", vault_users["sol"][1])
    start_screening(qtbot, window, respondent="ar")
    give_consent(qtbot, window)
    press(qtbot, window, Key.Key_Y)  # safe to talk here
    return current_id(window)


def hide_from_inside(
    qtbot, window, expected: type, hide: Callable[[QtWidgets.QWidget], None], seen: dict
) -> Callable[[], None]:
    """What a timer runs while a dialog is up: check it, hide, record what was left."""

    def act() -> None:
        dialog = QtWidgets.QApplication.activeModalWidget() or QtWidgets.QApplication.activeWindow()
        seen["dialog"] = type(dialog)
        seen["strip"] = dialog.findChild(HideStrip) is not None
        hide(dialog)
        seen["visible"] = visible_windows()
        seen["vault"] = window.vault
        seen["covered"] = window.quick_hide.active

    return act


def f12(qtbot, dialog: QtWidgets.QWidget) -> None:
    qtbot.keyClick(QtWidgets.QApplication.focusWidget() or dialog, Key.Key_F12)


def unlock_again(qtbot, window, vault_users) -> None:
    qtbot.keyClick(window.quick_hide.covers[0], Key.Key_Space)
    unlock(qtbot, window, "sol", vault_users["sol"][1])


def test_f12_over_a_message_box(qtbot, window, vault_users):
    question = at_question_two(qtbot, window, vault_users)
    seen: dict = {}
    QtCore.QTimer.singleShot(
        0, hide_from_inside(qtbot, window, QtWidgets.QMessageBox, lambda d: f12(qtbot, d), seen)
    )
    QtWidgets.QMessageBox.information(window, "Note", "A message box over the question.")
    assert seen["dialog"] is QtWidgets.QMessageBox and seen["strip"]
    assert seen["visible"] == [] and seen["vault"] is None and seen["covered"]
    unlock_again(qtbot, window, vault_users)
    assert window.stack.currentWidget() is window.flow.interview_page
    assert current_id(window) == question


@pytest.mark.parametrize("how", ["f12", "shift", "button"])
def test_hiding_over_the_stop_dialog_keeps_the_question(qtbot, window, clock, vault_users, how):
    question = at_question_two(qtbot, window, vault_users)
    page = window.flow.interview_page

    def hide(dialog: QtWidgets.QWidget) -> None:
        if how == "f12":
            f12(qtbot, dialog)
        elif how == "shift":
            target = QtWidgets.QApplication.focusWidget() or dialog
            for _ in range(3):  # one hand, three presses, nothing between
                clock.advance(0.3)
                qtbot.keyClick(target, Key.Key_Shift)
        else:
            qtbot.mouseClick(dialog.findChild(HideStrip).button, QtCore.Qt.MouseButton.LeftButton)

    seen: dict = {}
    QtCore.QTimer.singleShot(0, hide_from_inside(qtbot, window, QtWidgets.QDialog, hide, seen))
    qtbot.mouseClick(page.stop_button, QtCore.Qt.MouseButton.LeftButton)
    assert seen["dialog"] is QtWidgets.QInputDialog
    assert seen["visible"] == [] and seen["vault"] is None and seen["covered"]
    unlock_again(qtbot, window, vault_users)
    # Stopping was cancelled, not done: the interview goes on at the same question.
    assert window.stack.currentWidget() is page and current_id(window) == question
    assert page.interview.status != "stopped"
    assert "closed" in window.notice_bar.text.text()


def test_shift_pressed_while_typing_does_not_hide(qtbot, window, clock, vault_users):
    at_question_two(qtbot, window, vault_users)
    target = QtWidgets.QApplication.focusWidget() or window
    for key in (Key.Key_Shift, Key.Key_Shift, Key.Key_A, Key.Key_Shift):
        clock.advance(0.3)
        qtbot.keyClick(target, key)
    clock.advance(3)  # too slow: the first two no longer count
    qtbot.keyClick(target, Key.Key_Shift)
    qtbot.keyClick(target, Key.Key_Shift)
    assert window.vault is not None and not window.quick_hide.active


def completed_screening(qtbot, window, vault_users) -> None:
    window.activateWindow()
    unlock(qtbot, window, "sol", vault_users["sol"][1])
    start_screening(qtbot, window)
    give_consent(qtbot, window)
    page = window.flow.interview_page
    while page.interview is not None and page.interview.current is not None:
        press(qtbot, window, Key.Key_N)
    assert window.stack.currentWidget() is window.flow.summary_page


def test_f12_over_the_referral_dialog(qtbot, window, vault_users):
    completed_screening(qtbot, window, vault_users)
    summary = window.flow.summary_page
    screening_id = summary.screening.id
    qtbot.mouseClick(summary.referral_button, QtCore.Qt.MouseButton.LeftButton)
    dialog = QtWidgets.QApplication.activeModalWidget()
    assert dialog is not None and dialog.objectName() == "referralDialog"
    qtbot.waitExposed(dialog)
    assert dialog.findChild(HideStrip).isVisible()
    dialog.note.setPlainText("Needs a quiet room")  # work in the dialog, not yet exported
    f12(qtbot, dialog)
    assert visible_windows() == [] and window.vault is None
    unlock_again(qtbot, window, vault_users)
    assert window.stack.currentWidget() is summary and summary.screening.id == screening_id
    # Cleanly cancelled: the dialog is gone with its note, and the worker is told.
    open_dialogs = [
        w
        for w in QtWidgets.QApplication.topLevelWidgets()
        if w.objectName() == "referralDialog" and w.isVisible()
    ]
    assert open_dialogs == []
    assert window.notice_bar.isVisible()


def test_f12_over_a_file_chooser_inside_the_referral_dialog(qtbot, window, open_vault, vault_users):
    from app.domain.service_csv import ServiceFields

    admin = open_vault("ada")
    admin.services.add(ServiceFields("Hope Shelter", "shelter", ("en",)))
    admin.close()
    completed_screening(qtbot, window, vault_users)
    summary = window.flow.summary_page
    qtbot.mouseClick(summary.referral_button, QtCore.Qt.MouseButton.LeftButton)
    dialog = QtWidgets.QApplication.activeModalWidget()
    qtbot.waitExposed(dialog)
    dialog.services_model.set_checked(dialog.services_model.services[0].id, True)
    dialog.password.setText("packet-password")
    dialog.repeat.setText("packet-password")
    seen: dict = {}
    QtCore.QTimer.singleShot(
        0, hide_from_inside(qtbot, window, QtWidgets.QFileDialog, lambda d: f12(qtbot, d), seen)
    )
    dialog.export()  # asks where to write: Qt's own file chooser, modal
    assert seen["dialog"] is QtWidgets.QFileDialog and seen["strip"]
    assert seen["visible"] == [] and seen["vault"] is None
    unlock_again(qtbot, window, vault_users)
    assert window.stack.currentWidget() is summary
    assert window.vault.referrals.list_for_screening(summary.screening.id) == []


def test_f12_over_an_open_list(qtbot, window, vault_users):
    at_question_two(qtbot, window, vault_users)
    box = window.language_box
    box.showPopup()
    popup = box.view()
    qtbot.waitUntil(popup.isVisible, timeout=2000)
    qtbot.keyClick(popup, Key.Key_F12)
    assert visible_windows() == [] and window.vault is None and window.quick_hide.active
