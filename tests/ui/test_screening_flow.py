"""The whole screening driven through the window: keyboard answers, decline, pause, resume,
back, finish and the outcome; and a refusal of consent that asks nothing."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from app.ui.bidi import plain
from tests.ui.conftest import unlock

Key = QtCore.Qt.Key


def missing_accessible_names(page: QtWidgets.QWidget) -> list[str]:
    """Visible controls on `page` without an accessible name."""
    kinds = (
        QtWidgets.QAbstractButton,
        QtWidgets.QLineEdit,
        QtWidgets.QComboBox,
        QtWidgets.QAbstractItemView,
        QtWidgets.QAbstractSpinBox,
    )
    return [
        f"{type(w).__name__}#{w.objectName()}"
        for w in page.findChildren(QtWidgets.QWidget)
        if isinstance(w, kinds)
        and w.isVisible()
        and not w.accessibleName()
        and not isinstance(w, QtWidgets.QHeaderView)  # part of its named table
        and not isinstance(w.parentWidget(), QtWidgets.QAbstractSpinBox)
        and w.objectName() not in ("qt_scrollarea_viewport",)
    ]


def start_screening(qtbot, window, form_id="border-triage", respondent="en"):
    """New screening with `form_id`, then the consent page."""
    qtbot.mouseClick(window.case_list_page.new_button, QtCore.Qt.MouseButton.LeftButton)
    page = window.flow.new_page
    assert window.stack.currentWidget() is page
    assert missing_accessible_names(page) == []
    page.form_box.setCurrentIndex(page.form_box.findData(form_id))
    page.respondent_box.setCurrentIndex(page.respondent_box.findData(respondent))
    page.start_button.setFocus()
    qtbot.keyClick(page.start_button, Key.Key_Return)
    assert window.stack.currentWidget() is window.flow.consent_page


def give_consent(qtbot, window, screen=True, store=True, refer=True, given_by="person"):
    page = window.flow.consent_page
    assert missing_accessible_names(page) == []
    giver = page.findChild(QtWidgets.QRadioButton, f"consent_by_{given_by}")
    assert giver.isVisible()
    giver.setFocus()
    qtbot.keyClick(giver, Key.Key_Space)
    assert giver.isChecked()
    for key, value in (("screen", screen), ("store", store), ("refer", refer)):
        radio = page.findChild(QtWidgets.QRadioButton, f"consent_{key}_{'yes' if value else 'no'}")
        if not screen and key != "screen":
            assert not radio.isEnabled()  # not asked once screening is refused
            continue
        radio.setFocus()
        qtbot.keyClick(radio, Key.Key_Space)
        assert radio.isChecked()
    page.continue_button.setFocus()
    qtbot.keyClick(page.continue_button, Key.Key_Return)


def first_question(
    qtbot, window, vault_users, *, user="sol", form_id="border-triage", respondent="en"
):
    """Unlock as `user`, start a screening and give every consent: the first question."""
    window.activateWindow()
    unlock(qtbot, window, user, vault_users[user][1])
    start_screening(qtbot, window, form_id=form_id, respondent=respondent)
    give_consent(qtbot, window)
    return window.flow.interview_page


def press(qtbot, window, key, modifier=QtCore.Qt.KeyboardModifier.NoModifier):
    """A key press as a user makes it: to the focused widget of the active window."""
    target = QtWidgets.QApplication.focusWidget() or window
    qtbot.keyClick(target, key, modifier)


def current_id(window) -> str:
    return window.flow.interview_page.interview.current.id


def test_whole_screening_by_keyboard(qtbot, window, open_vault, vault_users, confirmations):
    window.activateWindow()
    unlock(qtbot, window, "sol", vault_users["sol"][1])
    start_screening(qtbot, window)
    give_consent(qtbot, window)
    page = window.flow.interview_page
    assert window.stack.currentWidget() is page
    assert missing_accessible_names(page) == []
    assert current_id(window) == "safe_to_talk"
    assert "Prefer not to say" in page.answers.buttons["declined"].shown_text()

    press(qtbot, window, Key.Key_Y)  # safe to talk
    press(qtbot, window, Key.Key_N)  # not under 18
    press(qtbot, window, Key.Key_N)  # no doubt about the age
    assert current_id(window) == "papers_held"
    press(qtbot, window, Key.Key_P)  # prefer not to say
    assert current_id(window) == "debt_for_travel"
    press(qtbot, window, Key.Key_Y)  # yes
    assert current_id(window) == "promise_broken"
    assert page.progress_bar.value() == 5

    press(qtbot, window, Key.Key_P, QtCore.Qt.KeyboardModifier.ControlModifier)  # pause
    assert window.stack.currentWidget() is window.case_list_page
    rows = window.case_list_page.model.rows
    assert len(rows) == 1 and rows[0].status == "paused" and rows[0].resumable

    # Resume from the case list with the keyboard: the selected row, Enter.
    table = window.case_list_page.table
    table.setFocus()
    table.selectRow(0)
    qtbot.keyClick(table, Key.Key_Return)
    assert window.stack.currentWidget() is page
    assert current_id(window) == "promise_broken"

    # Back shows the earlier question again; change the answer to "no".
    press(qtbot, window, Key.Key_Left, QtCore.Qt.KeyboardModifier.AltModifier)
    assert current_id(window) == "debt_for_travel"
    assert page.answers.buttons["yes"].property("chosen") is True
    assert not page.answers.buttons["no"].property("chosen")
    press(qtbot, window, Key.Key_N)
    assert current_id(window) == "promise_broken"
    press(qtbot, window, Key.Key_U)  # not sure
    while page.interview is not None and page.interview.current is not None:
        question = current_id(window)
        press(qtbot, window, Key.Key_Y if question == "controlled" else Key.Key_N)

    summary = window.flow.summary_page
    assert window.stack.currentWidget() is summary
    assert missing_accessible_names(summary) == []
    assert (
        plain(summary.decision_line.text()) == "Decision: Refer for a full assessment and support"
    )
    assert plain(summary.outcome_title.text()) == "Outcome: Refer for full screening"
    assert "Scored with version 2 of this questionnaire." in summary.version_line.text()
    assert summary.caution.isVisibleTo(summary) and summary.caution.text()
    assert "Is someone else keeping your passport" in summary.declined.text()
    assert "Has the job or the journey turned out different" in summary.unsure.text()
    assert "Rule: " in summary.explanation.text()
    assert summary.answer_table.rowCount() == 11

    # What the core stored: each answer, the decline as its own value, and the outcome.
    vault = open_vault("sam")
    case = vault.cases.list()[0]
    screening = vault.screenings.list_for_case(case.id)[0]
    answers = vault.screenings.answers(screening.id)
    assert answers["papers_held"].declined and answers["papers_held"].value is None
    assert answers["debt_for_travel"].value == "no"
    assert answers["promise_broken"].value == "unsure"
    assert answers["controlled"].value == "yes"
    assert str(screening.status) in ("completed", "ScreeningStatus.COMPLETED")
    stored = vault.screenings.outcome(screening.id)
    assert stored.level == "refer_full_screening" and stored.decision == "refer"

    qtbot.mouseClick(summary.close_button, QtCore.Qt.MouseButton.LeftButton)
    # Closing asks first, and says when the case will be deleted under the retention setting.
    ((name, text, details),) = confirmations.asked
    assert name == "closeCaseConfirm" and case.reference in text
    assert "(90 days)" in details and "deleted for good on" in details
    assert window.stack.currentWidget() is window.case_list_page
    assert window.case_list_page.model.rows[0].outcome == "Refer: Refer for full screening"


def test_no_consent_to_screen_asks_nothing(qtbot, window, open_vault, vault_users):
    unlock(qtbot, window, "sol", vault_users["sol"][1])
    start_screening(qtbot, window)
    give_consent(qtbot, window, screen=False, store=True, refer=False)
    summary = window.flow.summary_page
    assert window.stack.currentWidget() is summary
    assert window.flow.interview_page.interview is None
    assert "did not consent" in summary.status_line.text()
    assert summary.answer_table.rowCount() == 0
    vault = open_vault("sam")
    screening = vault.screenings.list_for_case(vault.cases.list()[0].id)[0]
    assert vault.screenings.answers(screening.id) == {}
    assert screening.consent.screen is False and screening.stop_reason == "no_consent"
    assert screening.consent.store is False and screening.consent.refer is False


def test_stop_with_a_reason(qtbot, window, open_vault, vault_users):
    unlock(qtbot, window, "sol", vault_users["sol"][1])
    start_screening(qtbot, window)
    give_consent(qtbot, window)
    page = window.flow.interview_page
    press(qtbot, window, Key.Key_Y)
    named: list[str] = []

    def choose_second_reason() -> None:
        dialog = QtWidgets.QApplication.activeModalWidget()
        box = dialog.findChild(QtWidgets.QComboBox)
        named.append(box.accessibleName())
        box.setCurrentIndex(1)  # "The respondent is distressed"
        dialog.accept()

    QtCore.QTimer.singleShot(0, choose_second_reason)
    qtbot.mouseClick(page.stop_button, QtCore.Qt.MouseButton.LeftButton)
    assert named == ["Why does the interview stop?"]
    assert window.stack.currentWidget() is window.flow.summary_page
    assert "stopped" in window.flow.summary_page.status_line.text()
    vault = open_vault("sam")
    screening = vault.screenings.list_for_case(vault.cases.list()[0].id)[0]
    assert screening.stop_reason == "distress"
    assert list(vault.screenings.answers(screening.id)) == ["safe_to_talk"]


def test_emergency_pauses_and_shows_what_to_do(qtbot, window, open_vault, vault_users):
    unlock(qtbot, window, "sol", vault_users["sol"][1])
    start_screening(qtbot, window)
    give_consent(qtbot, window)
    page = window.flow.interview_page
    press(qtbot, window, Key.Key_Y)
    press(qtbot, window, Key.Key_E, QtCore.Qt.KeyboardModifier.ControlModifier)
    assert page.in_emergency
    assert "Immediate danger" in page.emergency_panel.danger_title.text()
    vault = open_vault("sam")
    screening = vault.screenings.list_for_case(vault.cases.list()[0].id)[0]
    assert str(screening.status.value) == "paused"
    qtbot.mouseClick(page.emergency_panel.resume_button, QtCore.Qt.MouseButton.LeftButton)
    assert not page.in_emergency and current_id(window) == "under_18"


def test_break_reminder_after_the_set_time(qtbot, window, clock, vault_users):
    unlock(qtbot, window, "sol", vault_users["sol"][1])
    start_screening(qtbot, window)
    give_consent(qtbot, window)
    page = window.flow.interview_page
    clock.advance(19 * 60)
    page.check_break()
    assert not page.break_banner.isVisible()
    clock.advance(61)
    page.check_break()
    assert page.break_banner.isVisible()
    assert "20 minutes" in page.break_text.text()
    qtbot.mouseClick(page.break_continue, QtCore.Qt.MouseButton.LeftButton)
    assert not page.break_banner.isVisible()


def test_choices_by_digit_and_review_status_shown(qtbot, window, open_vault, vault_users):
    window.activateWindow()
    unlock(qtbot, window, "sol", vault_users["sol"][1])
    qtbot.mouseClick(window.case_list_page.new_button, QtCore.Qt.MouseButton.LeftButton)
    new = window.flow.new_page
    new.respondent_box.setCurrentIndex(new.respondent_box.findData("ar"))
    assert new.interviewer_status.text() == "reviewed by a native speaker"  # English: the source
    assert new.respondent_status.text().startswith("draft translation")
    # An interpreter needs an identifier and a confirmed briefing before anything starts.
    new.interpreter_buttons[list(new.interpreter_buttons)[2]].setChecked(True)
    qtbot.mouseClick(new.start_button, QtCore.Qt.MouseButton.LeftButton)
    assert new.error.text() == "Enter the interpreter's identifier."
    new.interpreter_id.setText("PH-17")
    qtbot.mouseClick(new.start_button, QtCore.Qt.MouseButton.LeftButton)
    assert "Brief the interpreter" in new.error.text()
    new.briefed.setChecked(True)
    new.form_box.setCurrentIndex(new.form_box.findData("adult-screening"))
    qtbot.mouseClick(new.start_button, QtCore.Qt.MouseButton.LeftButton)
    give_consent(qtbot, window)
    page = window.flow.interview_page
    assert current_id(window) == "work_type"  # multiple choice, ten options
    press(qtbot, window, Key.Key_3)
    press(qtbot, window, Key.Key_0)
    press(qtbot, window, Key.Key_3)  # untick again
    press(qtbot, window, Key.Key_4)
    press(qtbot, window, Key.Key_Return)
    assert current_id(window) == "crossed_border"
    while page.interview.current.type != "single":
        press(qtbot, window, Key.Key_N)
    single = page.interview.current
    press(qtbot, window, Key.Key_2)
    vault = open_vault("sol")
    screening = vault.screenings.list_for_case(vault.cases.list()[0].id)[0]
    answers = vault.screenings.answers(screening.id)
    assert answers["work_type"].value == ["construction", "other"]
    assert answers[single.id].value == single.options[1].id
    assert screening.interpreter_mode.value == "phone" and screening.interpreter_id == "PH-17"


def test_referral_hook_gets_the_screening_when_consent_allows(qtbot, window, vault_users):
    from app.ui import summary_page

    calls: list[int] = []
    summary_page.set_referral_handler(
        lambda parent, vault, screening_id: calls.append(screening_id)
    )
    try:
        unlock(qtbot, window, "sol", vault_users["sol"][1])
        start_screening(qtbot, window)
        give_consent(qtbot, window, refer=True)
        page = window.flow.interview_page
        while page.interview is not None and page.interview.current is not None:
            press(qtbot, window, Key.Key_N)
        summary = window.flow.summary_page
        assert summary.referral_button.isVisibleTo(summary) and summary.referral_button.isEnabled()
        qtbot.mouseClick(summary.referral_button, QtCore.Qt.MouseButton.LeftButton)
        assert calls == [summary.screening.id]
    finally:
        summary_page.set_referral_handler(None)
