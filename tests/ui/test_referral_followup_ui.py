"""Following referrals up on the desktop: the count due after unlock, the case list's
follow-up column and filter, a case's referrals with their history, and about the person."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6 import QtCore, QtWidgets

from app.domain.person import check_profile
from app.storage.vault import Vault
from app.ui.case_list_model import FOLLOWUP
from app.ui.person_profile import PersonDialog
from app.ui.referral.status_dialog import KEEP, StatusDialog
from app.ui.summary_page import SummaryPage
from tests.export.vault_setup import add_services, completed_screening
from tests.ui.conftest import unlock
from tests.ui.test_screening_flow import missing_accessible_names

Key = QtCore.Qt.Key


def _referral(vault, screening_id, service_id, *, days_ago=0):
    return vault.referrals.record(
        screening_id,
        service_id=service_id,
        sections=("needs",),
        urgency="urgent",
        needs=("safe_housing",),
        packet_sha256="cd" * 32,
        lang="en",
        reference=vault.referrals.next_references(screening_id)[0],
        today=date.today() - timedelta(days=days_ago),
    )


@pytest.fixture
def overdue(vault_dir):
    """sol's screening with one referral past its follow-up date, and one of sky's."""
    with Vault.open(vault_dir, "ada", "ada-password") as admin:
        services = add_services(admin)
    with Vault.open(vault_dir, "sol", "sol-password") as vault:
        due_screening = completed_screening(vault)
        fresh_screening = completed_screening(vault)
        late = _referral(vault, due_screening, services["shelter"], days_ago=9)
        _referral(vault, fresh_screening, services["medical"])
        due_case = vault.screenings.get(due_screening).case_id
        due_reference = vault.cases.check_access(due_case).reference
    with Vault.open(vault_dir, "sky", "sky-password") as vault:
        _referral(vault, completed_screening(vault), services["shelter"], days_ago=20)
    return {"case": due_reference, "referral": late.reference, "screening": due_screening}


def test_after_unlock_a_screener_sees_their_follow_ups_due_and_can_list_them(
    qtbot, window, overdue
):
    unlock(qtbot, window, "sol", "sol-password")
    page = window.case_list_page
    assert page.due_count == 1, "sol's own overdue referral, not sky's"
    assert page.due_note.isVisible()
    assert page.due_note.text().startswith("1 of your referrals is due for follow-up")
    assert missing_accessible_names(page) == []
    rows = {row.reference: row for row in page.model.rows}
    late_row = rows[overdue["case"]]
    shown = page.model.index(page.model.rows.index(late_row), FOLLOWUP).data()
    assert shown.startswith("due since")
    assert all(
        page.model.index(r, FOLLOWUP).data() and not page.model.index(r, FOLLOWUP).data()
        .startswith("due")
        for r, row in enumerate(page.model.rows)
        if row.reference != overdue["case"]
    )  # fmt: skip
    page.due_button.setFocus()
    qtbot.keyClick(page.due_button, Key.Key_Space)
    assert [row.reference for row in page.model.rows] == [overdue["case"]]
    assert page.status_box.currentData() == "followup_due"
    assert not page.due_button.isVisible(), "already showing them"


def test_no_reminder_when_nothing_is_due(qtbot, window, overdue):
    unlock(qtbot, window, "sam", "sam-password")
    page = window.case_list_page
    assert page.due_count == 0 and not page.due_note.isVisible()
    # A supervisor sees every case's follow-up in the list, though none is theirs.
    page.status_box.setCurrentIndex(page.status_box.findData("followup_due"))
    assert len(page.model.rows) == 2


@pytest.fixture
def summary(qtbot, open_vault, overdue):
    vault = open_vault("sol")
    page = SummaryPage()
    qtbot.addWidget(page)
    page.resize(1000, 560)
    page.show()
    screening = vault.screenings.get(overdue["screening"])
    from app.screening.loader import find_form

    page.show_screening(vault, screening, find_form(screening.form_id), "completed")
    return vault, page


def test_the_case_page_lists_its_referrals_with_their_history(qtbot, summary, overdue):
    vault, page = summary
    history = page.referrals
    assert history.isVisibleTo(page)
    assert history.model.rowCount() == 1
    cells = [history.model.index(0, c).data() for c in range(5)]
    assert cells[0] == overdue["referral"] and cells[1] == "Hope Shelter"
    assert cells[2] == "prepared, not yet sent" and cells[4].startswith("due since")
    assert "prepared, not yet sent · by sol" in history.history.toPlainText()
    assert missing_accessible_names(page) == []
    history.change_button.setFocus()
    qtbot.keyClick(history.change_button, Key.Key_Space)
    dialog = history.status_dialog
    assert isinstance(dialog, StatusDialog)
    qtbot.waitExposed(dialog)
    assert missing_accessible_names(dialog) == []
    offered = [dialog.status_box.itemData(i) for i in range(dialog.status_box.count())]
    assert offered == ["sent", "received", "accepted", "declined", "closed", KEEP]
    dialog.status_box.setCurrentIndex(offered.index("sent"))
    assert not dialog.outcome_box.isVisible() and dialog.due.isVisible()
    qtbot.keyClicks(dialog.note, "e-mailed the duty worker")
    dialog.save()
    assert history.model.index(0, 2).data() == "sent"
    assert not history.model.index(0, 4).data().startswith("due"), "a new follow-up date"
    assert "sent · by sol" in history.history.toPlainText()
    assert "“e-mailed the duty worker”" in history.history.toPlainText()
    # Closing asks for the outcome; the core's refusal is shown, nothing is lost.
    history.change_status()
    dialog = history.status_dialog
    dialog.status_box.setCurrentIndex(dialog.status_box.findData("closed"))
    assert dialog.outcome_box.isVisibleTo(dialog) and not dialog.due.isVisibleTo(dialog)
    dialog.outcome_box.setCurrentIndex(dialog.outcome_box.findData("support_given"))
    dialog.save()
    assert history.model.index(0, 2).data() == "closed: the service supported the person"
    assert history.model.index(0, 4).data() == "—"
    assert not history.change_button.isEnabled(), "a closed referral moves no further"
    (referral,) = vault.referrals.list_for_screening(overdue["screening"])
    assert (referral.status, referral.outcome) == ("closed", "support_given")


def test_a_refused_change_is_explained_in_the_dialog(qtbot, summary, overdue):
    vault, page = summary
    history = page.referrals
    history.change_status()
    dialog = history.status_dialog
    dialog.status_box.setCurrentIndex(dialog.status_box.findData(KEEP))
    dialog.due.setDate(QtCore.QDate(2030, 1, 31))
    dialog.note.setText("x" * 500)
    vault.referrals.set_status(vault.referrals.find(overdue["referral"]).id, "declined")
    dialog.save()
    assert dialog.error.isVisible() and "needs no follow-up" in dialog.error.text()
    assert dialog.note.text() == "x" * 500


def test_about_the_person_is_edited_on_the_summary_and_checked_by_field(qtbot, summary):
    vault, page = summary
    person = page.person
    assert "Nothing recorded yet" in person.text.text()
    person.edit_button.setFocus()
    qtbot.keyClick(person.edit_button, Key.Key_Space)
    dialog = person.dialog
    assert isinstance(dialog, PersonDialog)
    qtbot.waitExposed(dialog)
    assert missing_accessible_names(dialog) == []
    # Pre-filled from the screening: the respondent's language, and the interpreter's.
    assert dialog.fields["languages"].text() == "ar"
    assert dialog.fields["interpreter_language"].text() == "ar"
    dialog.fields["age"].setValue(16)
    dialog.fields["age_band"].setCurrentIndex(dialog.fields["age_band"].findData("25-34"))
    dialog.save()
    assert dialog.isVisible() and "age_band" in dialog.error.text()
    dialog.fields["age_band"].setCurrentIndex(0)
    dialog.fields["place_kind"].setCurrentIndex(dialog.fields["place_kind"].findData("shelter"))
    dialog.fields["contact_way"].setCurrentIndex(
        dialog.fields["contact_way"].findData("do_not_contact")
    )
    dialog.save()
    assert not dialog.isVisible()
    stored = vault.people.get(vault.screenings.get(page.screening.id).case_id)
    assert stored == check_profile(
        {
            "age": 16,
            "languages": "ar",
            "preferred_language": "ar",
            "interpreter_language": "ar",
            "place_kind": "shelter",
            "contact_way": "do_not_contact",
            "written_lang": "en",
        }
    )
    assert person.text.text().startswith("a child · 16 years · speaks Arabic")


def test_the_dialogs_fit_a_small_screen(qtbot, summary):
    _vault, page = summary
    page.person.edit()
    dialog = page.person.dialog
    qtbot.waitExposed(dialog)
    screen = QtWidgets.QApplication.primaryScreen().availableGeometry()
    assert dialog.height() <= max(600, screen.height())
    buttons = dialog.findChild(QtWidgets.QDialogButtonBox)
    corner = buttons.mapTo(dialog, buttons.rect().bottomRight())
    assert dialog.rect().contains(corner)


def test_right_to_left_the_first_row_is_current_so_open_and_history_work(qtbot, window, overdue):
    from app.ui.language import apply_language

    apply_language("ar")
    unlock(qtbot, window, "sol", "sol-password")
    page = window.case_list_page
    assert page.table.currentIndex().row() == 0, "selectRow() alone left none in Arabic"
    assert page.current_row() is not None and page.open_button.isEnabled()
    due = next(row for row in page.model.rows if row.reference == overdue["case"])
    window.flow.show_summary_for(due.screening_id)
    history = window.flow.summary_page.referrals
    assert history.selected() is not None and history.change_button.isEnabled()
    assert "by sol" not in history.history.toPlainText()  # in Arabic now
    assert history.history.toPlainText()
