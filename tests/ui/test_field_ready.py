"""What a border officer or social worker relies on between questions: consent by Y and
N, a warning before the idle lock, word that a pause was saved, the screen they were on
after unlocking, emergency numbers from the directory, and lists that say what they
show (why a list is empty, which way it is sorted, what an audit entry means)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from PySide6 import QtCore, QtWidgets

from app.domain.models import ConsentGiver
from app.domain.service_csv import ServiceFields
from app.ui.bidi import plain
from app.ui.dates import format_moment
from app.ui.flow_layout import flow_bar
from tests.ui.conftest import unlock
from tests.ui.test_screening_flow import (
    current_id,
    first_question,
    give_consent,
    press,
    start_screening,
)
from tests.ui.tour import completed_screening

Key = QtCore.Qt.Key


def add_cases(open_vault, count: int) -> list:
    """`count` new cases of the screener sol (the vault closed again before the window)."""
    sol = open_vault("sol")
    cases = [sol.cases.create() for _ in range(count)]
    sol.close()
    return cases


def test_consent_by_y_and_n_and_the_error_goes_once_fixed(qtbot, window, vault_users):
    window.activateWindow()
    unlock(qtbot, window, "sol", vault_users["sol"][1])
    start_screening(qtbot, window)
    page = window.flow.consent_page
    assert QtWidgets.QApplication.focusWidget() is page.items["screen"][2]
    qtbot.mouseClick(page.continue_button, QtCore.Qt.MouseButton.LeftButton)
    assert page.error.isVisible()
    # Nobody said who gives the consent yet: Continue took the focus to that question.
    giver = QtWidgets.QApplication.focusWidget()
    assert giver is page.giver_buttons[ConsentGiver.PERSON]
    qtbot.keyClick(giver, Key.Key_Space)
    press(qtbot, window, Key.Key_Y)  # screen: yes, then on to "store"
    press(qtbot, window, Key.Key_N)  # store: no
    assert page.error.isVisible()  # "refer" is still open
    press(qtbot, window, Key.Key_Y)  # refer: yes
    assert not page.error.isVisible()
    assert QtWidgets.QApplication.focusWidget() is page.continue_button
    answers = page.answers()
    assert (answers.screen, answers.store, answers.refer) == (True, False, True)


def test_no_referral_offered_when_it_cannot_be_made(qtbot, window, vault_users):
    from app.ui import summary_page

    summary_page.set_referral_handler(lambda *args: None)
    try:
        unlock(qtbot, window, "sol", vault_users["sol"][1])
        start_screening(qtbot, window)
        give_consent(qtbot, window, screen=False)
        summary = window.flow.summary_page
        assert not summary.referral_button.isVisibleTo(summary)
        assert "did not agree" in summary.next_note.text()
    finally:
        summary_page.set_referral_handler(None)


def test_a_warning_comes_before_the_idle_lock(qtbot, window, clock, vault_users):
    unlock(qtbot, window, "sol", vault_users["sol"][1])
    bar = window.notice_bar
    clock.advance(4 * 60 + 20)
    window.idle_lock.check()
    assert not bar.isVisibleTo(window)  # 40 seconds left: not yet
    clock.advance(20)
    window.idle_lock.check()
    assert bar.isVisibleTo(window) and bar.kind == "warning"
    assert "20 seconds" in bar.text.text()
    clock.advance(5)
    window.idle_lock.check()
    assert "15 seconds" in bar.text.text()  # counting down
    qtbot.keyClick(window.case_list_page.search, Key.Key_A)  # someone is there
    assert not bar.isVisibleTo(window) and window.vault is not None
    clock.advance(5 * 60)
    window.idle_lock.check()
    assert window.vault is None and not bar.isVisibleTo(window)


def test_pausing_says_everything_is_saved(qtbot, window, vault_users):
    first_question(qtbot, window, vault_users)
    press(qtbot, window, Key.Key_Y)  # safe to talk here
    press(qtbot, window, Key.Key_P, QtCore.Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.case_list_page
    assert "paused and every answer is saved" in window.notice_bar.text.text()
    assert window.case_list_page.current_row().resumable  # the paused case, selected


def test_unlock_returns_to_the_summary_admin_tab_consent_or_emergency(qtbot, window, vault_users):
    window.activateWindow()
    unlock(qtbot, window, "ada", vault_users["ada"][1])
    screening_id = completed_screening(window.vault)
    window.flow.show_summary_for(screening_id)
    window.lock()
    unlock(qtbot, window, "ada", vault_users["ada"][1])
    assert window.stack.currentWidget() is window.flow.summary_page
    assert window.flow.summary_page.screening.id == screening_id
    window.show_admin()
    window.admin_page.show_tab("audit")
    window.lock()
    unlock(qtbot, window, "ada", vault_users["ada"][1])
    assert window.admin_page.tabs.currentWidget() is window.admin_page.audit_page
    # Consent: nothing is saved before Continue; what was ticked is still ticked.
    window.show_cases()
    start_screening(qtbot, window)
    consent = window.flow.consent_page
    press(qtbot, window, Key.Key_Y)
    assert consent.items["screen"][2].isChecked()
    window.lock()
    unlock(qtbot, window, "ada", vault_users["ada"][1])
    assert window.stack.currentWidget() is consent and consent.items["screen"][2].isChecked()
    give_consent(qtbot, window)
    question = current_id(window)
    press(qtbot, window, Key.Key_E, QtCore.Qt.KeyboardModifier.ControlModifier)
    window.lock()
    unlock(qtbot, window, "ada", vault_users["ada"][1])
    page = window.flow.interview_page
    assert page.in_emergency and page.interview.current.id == question


def test_another_account_unlocking_gets_its_case_list(qtbot, window, vault_users):
    first_question(qtbot, window, vault_users)
    window.lock()
    unlock(qtbot, window, "sky", vault_users["sky"][1])
    assert window.stack.currentWidget() is window.case_list_page
    assert window.case_list_page.model.rowCount() == 0


def test_the_emergency_panel_lists_the_directory_numbers(qtbot, window, open_vault, vault_users):
    admin = open_vault("ada")
    admin.services.add(ServiceFields("Hope Shelter", "shelter", ("en",), phone="+00 555 0101"))
    admin.services.add(ServiceFields("Quay Clinic", "medical", ("en",), phone="+00 555 0199"))
    admin.services.add(ServiceFields("Legal Desk", "legal_aid", ("en",)))  # no phone
    admin.close()
    first_question(qtbot, window, vault_users, respondent="ar")
    press(qtbot, window, Key.Key_E, QtCore.Qt.KeyboardModifier.ControlModifier)
    lines = plain(window.flow.interview_page.emergency_panel.numbers.text()).splitlines()
    assert lines == ["Quay Clinic (medical): +00 555 0199", "Hope Shelter (shelter): +00 555 0101"]


def test_an_administrators_empty_list_says_why(qtbot, window, open_vault, vault_users):
    add_cases(open_vault, 1)
    unlock(qtbot, window, "ada", vault_users["ada"][1])
    page = window.case_list_page
    assert page.model.rowCount() == 0
    assert "supervisor account sees every case" in page.empty.text()
    page.search.setText("WS-NOTHING")
    page.apply_search()
    assert page.empty.text() == "No case matches this search and filter."


def test_the_sort_arrow_follows_the_order_and_is_spoken(qtbot, window, open_vault, vault_users):
    first, second = add_cases(open_vault, 2)
    unlock(qtbot, window, "sol", vault_users["sol"][1])
    page = window.case_list_page
    header = page.header
    assert (header.sorted_column, header.descending) == (4, True)  # newest first: ▼
    model = page.model
    role = QtCore.Qt.ItemDataRole.AccessibleTextRole
    assert model.headerData(4, QtCore.Qt.Orientation.Horizontal, role).endswith("descending")
    header.sectionClicked.emit(0)  # a click on "Reference": A to Z
    assert (header.sorted_column, header.descending) == (0, False)
    shown = [row.reference for row in model.rows]
    assert shown == sorted([first.reference, second.reference])
    assert model.headerData(0, QtCore.Qt.Orientation.Horizontal, role).endswith("ascending")
    header.sectionClicked.emit(0)
    assert header.descending and [row.reference for row in model.rows] == shown[::-1]


def test_dates_name_the_month():
    moment = datetime(2026, 7, 12, 10, 17, tzinfo=UTC)
    assert "Jul" in format_moment(moment, "en") and "12" in format_moment(moment, "en")
    assert "juil." in format_moment(moment, "fr")
    assert "يوليو" in format_moment(moment, "ar")


def test_audit_page_in_words_filtered_and_exported(qtbot, window, tmp_path, vault_users):
    unlock(qtbot, window, "ada", vault_users["ada"][1])
    window.show_admin()
    audit = window.admin_page.audit_page
    actions = [audit.model.data(audit.model.index(r, 2)) for r in range(audit.model.rowCount())]
    assert "Unlocked the vault" in actions and "unlock" not in actions
    audit.kind_box.setCurrentIndex(audit.kind_box.findData("unlock"))
    assert {e.action for e in audit.model.entries} == {"unlock"}
    shown = audit.model.rowCount()
    assert plain(audit.count.text()) == f"{shown} {'entry' if shown == 1 else 'entries'} shown"
    target = tmp_path / "audit.csv"
    assert audit.export_csv(str(target))
    lines = Path(target).read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("id,at_utc,actor,action") and len(lines) >= 2
    assert all(",unlock," in line for line in lines[1:])


def test_settings_offer_the_installed_questionnaires_only(qtbot, window, vault_users):
    unlock(qtbot, window, "ada", vault_users["ada"][1])
    window.show_admin()
    settings = window.admin_page.settings_page
    box = settings.fields["default_form"]
    assert isinstance(box, QtWidgets.QComboBox) and box.currentData() == ""
    box.setCurrentIndex(box.findData("child-screening"))
    settings.save()
    assert window.vault.settings.get("default_form") == "child-screening"
    window.show_cases()
    window.flow.start_new()
    assert window.flow.new_page.form_box.currentData() == "child-screening"


def test_the_respondent_view_shows_both_languages_when_set(qtbot, window, open_vault, vault_users):
    admin = open_vault("ada")
    admin.settings.set("respondent_view_both_languages", True)
    admin.close()
    unlock(qtbot, window, "sol", vault_users["sol"][1])
    start_screening(qtbot, window, respondent="ar")
    give_consent(qtbot, window)
    window.flow.open_respondent_view()
    view = window.flow.respondent_view
    yes = view.answers.buttons["yes"]
    assert yes.theirs.text() == "نعم" and yes.mine.text() == "Yes"  # no key letters there


def test_a_bar_of_buttons_wraps_instead_of_cutting(qtbot):
    buttons = [QtWidgets.QPushButton(f"A rather long button {n}") for n in range(4)]
    bar = flow_bar(buttons[0], None, *buttons[1:])
    qtbot.addWidget(bar)
    wide = bar.layout().heightForWidth(2000)
    narrow = bar.layout().heightForWidth(buttons[0].sizeHint().width() + 20)
    assert narrow >= 3 * wide  # one button a row
    bar.resize(buttons[0].sizeHint().width() + 20, narrow)
    bar.show()
    qtbot.waitExposed(bar)
    for button in buttons:
        assert bar.rect().contains(button.geometry())


def test_the_case_list_keeps_a_chosen_row_right_to_left(qtbot, window, open_vault, vault_users):
    add_cases(open_vault, 1)
    unlock(qtbot, window, "sol", vault_users["sol"][1])
    page = window.case_list_page
    window.set_language("ar")
    qtbot.wait(10)
    # Enter and the Open button act on the current row: it must survive the mirrored reload.
    assert page.current_row() is not None
    assert page.table.selectionModel().isRowSelected(0)


def test_typing_starts_in_the_user_name_not_on_hide(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(
        lambda: QtWidgets.QApplication.focusWidget() is window.unlock_page.name, timeout=2000
    )


def test_a_number_field_is_number_wide(qtbot):
    from types import SimpleNamespace

    from app.ui.answer_panel import AnswerPanel

    panel = AnswerPanel()
    qtbot.addWidget(panel)
    panel.resize(1200, 300)
    question = SimpleNamespace(type="number", min=0, max=24, text="Hours a day?", options=[])
    panel.show_question(question, "en")
    assert panel.field.maximumWidth() < 400  # not the panel's whole width


def test_the_summary_shows_every_answer_without_a_box_of_its_own(qtbot, window, vault_users):
    unlock(qtbot, window, "sol", vault_users["sol"][1])
    window.flow.show_summary_for(completed_screening(window.vault))
    table = window.flow.summary_page.answer_table
    qtbot.waitUntil(lambda: table.rowCount() > 0 and table.height() > 100, timeout=2000)
    rows = sum(table.rowHeight(r) for r in range(table.rowCount()))
    assert table.height() >= rows + table.horizontalHeader().height()
    assert table.verticalScrollBarPolicy() == QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    assert not table.tabKeyNavigation()


def test_the_outcome_column_takes_the_spare_width(qtbot, window, vault_users):
    from app.ui.case_list_model import INTERVIEWER, OUTCOME

    unlock(qtbot, window, "sol", vault_users["sol"][1])
    header = window.case_list_page.header
    assert header.sectionResizeMode(OUTCOME) == QtWidgets.QHeaderView.ResizeMode.Stretch
    assert not header.stretchLastSection()
    assert header.sectionResizeMode(INTERVIEWER) != QtWidgets.QHeaderView.ResizeMode.Stretch


def test_unlock_returns_to_the_case_page_of_the_same_case(qtbot, window, open_vault, vault_users):
    _first, second = add_cases(open_vault, 2)
    window.activateWindow()
    unlock(qtbot, window, "sol", vault_users["sol"][1])
    window.show_case(second.id)
    window.lock()  # Ctrl+L, the idle lock and quick hide all lock this way
    assert window.case_page.details is None, "nothing of the case stays while locked"
    unlock(qtbot, window, "sol", vault_users["sol"][1])
    assert window.stack.currentWidget() is window.case_page
    assert window.case_page.details.case.id == second.id
    assert not window.notice_bar.isVisible()
    window.lock()
    unlock(qtbot, window, "sky", vault_users["sky"][1])  # another screener: her own list
    assert window.stack.currentWidget() is window.case_list_page


def _withdrawn_while_locked(open_vault, case_id: int) -> None:
    with open_vault("sol") as vault:  # as `waystation case withdraw` would, from a terminal
        vault.cases.withdraw_consent(case_id)


def test_a_case_gone_while_locked_gives_the_case_list_and_says_why(
    qtbot, window, open_vault, vault_users
):
    (case,) = add_cases(open_vault, 1)
    window.activateWindow()
    unlock(qtbot, window, "sol", vault_users["sol"][1])
    window.show_case(case.id)
    window.lock()
    _withdrawn_while_locked(open_vault, case.id)
    unlock(qtbot, window, "sol", vault_users["sol"][1])
    assert window.stack.currentWidget() is window.case_list_page
    assert "no longer there" in window.notice_bar.text.text()


def test_the_same_rule_for_a_summary_whose_case_is_gone(qtbot, window, open_vault, vault_users):
    window.activateWindow()
    unlock(qtbot, window, "sol", vault_users["sol"][1])
    screening_id = completed_screening(window.vault)
    case_id = window.vault.screenings.get(screening_id).case_id
    window.flow.show_summary_for(screening_id)
    window.lock()
    _withdrawn_while_locked(open_vault, case_id)
    unlock(qtbot, window, "sol", vault_users["sol"][1])
    assert window.stack.currentWidget() is window.case_list_page
    assert "no longer there" in window.notice_bar.text.text()
    # No error box about a screening the worker did not ask for.
    assert not [w for w in QtWidgets.QApplication.topLevelWidgets()
                if isinstance(w, QtWidgets.QMessageBox) and w.isVisible()]  # fmt: skip


def test_unlock_returns_to_the_reports(qtbot, window, vault_users):
    window.activateWindow()
    unlock(qtbot, window, "ada", vault_users["ada"][1])
    window.show_reports()
    window.lock()
    assert window.reports_page is None
    unlock(qtbot, window, "ada", vault_users["ada"][1])
    assert window.reports_page is not None
    assert window.stack.currentWidget() is window.reports_page
