"""The case page: close, reopen and withdraw consent behind confirmations that say what
happens and when; a half-made screening resumes at the consent; answers not kept."""

from __future__ import annotations

from PySide6 import QtCore

from app.domain.models import ConsentGiver
from tests.screening_setup import begin
from tests.ui.conftest import unlock
from tests.ui.test_screening_flow import (
    give_consent,
    missing_accessible_names,
    press,
    start_screening,
)

Click = QtCore.Qt.MouseButton.LeftButton


def _open_case_page(qtbot, window):
    """The first case of the list, through Case… on the case list."""
    page = window.case_list_page
    page.table.selectRow(0)
    assert page.case_button.isEnabled()
    qtbot.mouseClick(page.case_button, Click)
    assert window.stack.currentWidget() is window.case_page
    return window.case_page


def test_close_and_reopen_ask_first_and_say_when_the_case_is_deleted(
    qtbot, window, open_vault, vault_users, confirmations
):
    sol = open_vault("sol")
    screening = begin(sol, form_id="border-triage")
    reference = sol.cases.check_access(screening.case_id).reference
    sol.close()
    unlock(qtbot, window, "sol", vault_users["sol"][1])
    case_page = _open_case_page(qtbot, window)
    assert case_page.title.text() == f"Case {reference}"
    assert case_page.status_line.text().startswith("Open since ")
    assert case_page.table.rowCount() == 1
    assert case_page.table.item(0, 4).text() == "the person themselves"
    assert case_page.table.item(0, 2).text() == ""  # no decision before the screen ends
    assert missing_accessible_names(case_page) == []
    assert case_page.open_button.text() == "&Resume interview"

    confirmations.answer = False  # Cancel: nothing changes
    qtbot.mouseClick(case_page.close_button, Click)
    assert case_page.details.case.status.value == "open"
    confirmations.answer = True
    qtbot.mouseClick(case_page.close_button, Click)
    (_no, (name, text, details)) = confirmations.asked
    assert name == "closeCaseConfirm" and text == f"Close case {reference}?"
    assert "(90 days)" in details and "deleted for good on" in details
    assert "unless it is reopened before then" in details
    assert case_page.status_line.text().startswith("Closed on ")
    assert "will be deleted for good on" in case_page.status_line.text()
    assert case_page.reopen_button.isVisible() and not case_page.close_button.isVisible()
    assert not case_page.open_button.isEnabled()  # a closed case's interview does not go on

    qtbot.mouseClick(case_page.reopen_button, Click)
    name, text, details = confirmations.asked[-1]
    assert name == "reopenCaseConfirm" and "no longer be deleted on" in details
    assert case_page.details.case.status.value == "open"
    actions = [e.action for e in open_vault("sam").audit.entries()]
    assert "case.close" in actions and "case.reopen" in actions


def test_withdraw_asks_with_what_is_deleted_then_deletes_at_once(
    qtbot, window, open_vault, vault_users, confirmations
):
    sol = open_vault("sol")
    screening = begin(sol, form_id="border-triage")
    sol.screenings.save_answer(screening.id, "safe_to_talk", "yes", False)
    reference = sol.cases.check_access(screening.case_id).reference
    sol.close()
    unlock(qtbot, window, "sol", vault_users["sol"][1])
    case_page = _open_case_page(qtbot, window)

    confirmations.answer = False
    qtbot.mouseClick(case_page.withdraw_button, Click)
    ((name, text, details),) = confirmations.asked
    assert name == "withdrawConfirm"
    assert text == (
        f"The person withdraws their consent. Delete case {reference} and everything in it now?"
    )
    assert "Deleted now, for good; this cannot be undone:" in details
    assert "• 1 screening with its outcome" in details and "• 1 answer" in details
    assert window.stack.currentWidget() is case_page  # cancelled: still there
    assert len(open_vault("sam").cases.list()) == 1

    confirmations.answer = True
    qtbot.mouseClick(case_page.withdraw_button, Click)
    assert window.stack.currentWidget() is window.case_list_page
    assert window.case_list_page.model.rowCount() == 0
    assert open_vault("sam").cases.list() == []
    (entry,) = open_vault("sam").audit.entries(action="case.delete")
    assert entry.detail["reason"] == "consent_withdrawn" and entry.detail["answers"] == 1


def test_the_withdraw_box_defaults_to_cancel_and_names_no_case_in_its_title(
    qtbot, window, open_vault, vault_users
):
    from app.ui.case_actions import withdraw_box

    sol = open_vault("sol")
    screening = begin(sol, form_id="border-triage")
    box = withdraw_box(None, sol, screening.case_id)
    qtbot.addWidget(box)
    assert box.windowTitle() == "Withdraw consent"
    assert box.defaultButton() is box.escapeButton()
    assert box.defaultButton().text().replace("&", "") == "Cancel"
    accept = box.property("acceptButton")
    assert accept.text() == "Delete the case now" and accept.accessibleName()


def test_a_half_made_screening_resumes_at_the_consent_page(qtbot, window, open_vault, vault_users):
    sol = open_vault("sol")
    case = sol.cases.create()
    sol.connection.execute(
        "INSERT INTO screenings (case_id, form_id, form_version, interviewer, interviewer_lang, "
        "respondent_lang, status, started, updated) VALUES (?, 'border-triage', '1', 'sol', "
        "'en', 'en', 'draft', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00')",
        (case.id,),
    )
    sol.close()
    unlock(qtbot, window, "sol", vault_users["sol"][1])
    table = window.case_list_page.table
    table.setFocus()
    table.selectRow(0)
    qtbot.keyClick(table, QtCore.Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.flow.consent_page  # never a question first
    give_consent(qtbot, window)
    assert window.stack.currentWidget() is window.flow.interview_page
    assert window.flow.interview_page.interview.current.id == "safe_to_talk"
    stored = open_vault("sam").screenings.list_for_case(case.id)[0]
    assert stored.consent.screen and stored.consent.given_by.value == "person"


def test_answers_not_kept_show_until_the_summary_is_left(qtbot, window, open_vault, vault_users):
    unlock(qtbot, window, "sol", vault_users["sol"][1])
    start_screening(qtbot, window)
    consent = window.flow.consent_page
    give_consent(qtbot, window, store=False, refer=False)
    assert consent.not_kept_note.text().startswith("The answers will be deleted")
    page = window.flow.interview_page
    while page.interview is not None and page.interview.current is not None:
        press(qtbot, window, QtCore.Qt.Key.Key_Y)
    summary = window.flow.summary_page
    assert window.stack.currentWidget() is summary
    assert summary.not_kept.isVisibleTo(summary)
    assert "shown here only until you leave this page" in summary.not_kept.text()
    assert summary.answer_table.rowCount() > 0
    screening_id = summary.screening.id
    assert open_vault("sam").screenings.count_answers(screening_id) == 0  # gone already
    assert missing_accessible_names(summary) == []

    qtbot.mouseClick(summary.back_button, Click)
    assert window.stack.currentWidget() is window.case_list_page
    window.flow.show_summary_for(screening_id)
    assert summary.answer_table.rowCount() == 0
    assert summary.not_kept.text().startswith("The answers were not kept, as the person asked")
    assert summary.outcome_title.text().startswith("Outcome: ")


def test_the_consent_page_asks_who_consents_and_offers_no_adult_for_a_child(
    qtbot, window, vault_users
):
    unlock(qtbot, window, "sol", vault_users["sol"][1])
    start_screening(qtbot, window, form_id="child-screening")
    page = window.flow.consent_page
    visible = {g.value for g, radio in page.giver_buttons.items() if radio.isVisible()}
    assert visible == {"child", "guardian_and_child"}
    page.choose(screen=True, store=True, refer=True)  # no one chosen as giver yet
    qtbot.mouseClick(page.continue_button, Click)
    assert page.error.isVisible() and "who gives the consent" in page.error.text()
    assert window.stack.currentWidget() is page
    page.giver_buttons[ConsentGiver.CHILD].setChecked(True)
    qtbot.mouseClick(page.continue_button, Click)
    assert window.stack.currentWidget() is window.flow.interview_page


def test_the_case_page_shows_each_screenings_decision(qtbot, window, open_vault, vault_users):
    """A worker opening a case sees at once whether its screen decided to refer."""
    from tests.ui.tour import completed_screening

    sol = open_vault("sol")
    completed_screening(sol)
    sol.close()
    unlock(qtbot, window, "sol", vault_users["sol"][1])
    case_page = _open_case_page(qtbot, window)
    decision = case_page.details.screenings[0].decision
    words = {"refer": "Refer", "no_referral": "No referral", "undetermined": "Undetermined"}
    assert case_page.table.item(0, 2).text() == words[decision]
    assert case_page.table.horizontalHeaderItem(2).text() == "Decision"
