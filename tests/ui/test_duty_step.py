"""The duty step: for a child who said no to referral, Prepare a referral asks for the ground
and that the child was told, then opens the referral dialog for child protection only."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from app.ui.referral.dialog import ReferralDialog, open_referral_dialog
from app.ui.referral.duty_step import DutyStep
from tests.export.pdf_tools import pdftotext
from tests.export.vault_setup import add_child_protection, child_and_adult_who_said_no
from tests.ui.test_referral_ui import export_to, tick_service
from tests.ui.test_screening_flow import missing_accessible_names

Click = QtCore.Qt.MouseButton.LeftButton


def _world(open_vault):
    vault = open_vault("sol")
    services, child, adult = child_and_adult_who_said_no(open_vault("ada"), vault)
    return vault, services, child, adult


def test_the_duty_step_then_a_packet_for_child_protection_only(qtbot, open_vault, tmp_path):
    vault, services, child, _adult = _world(open_vault)
    parent = QtWidgets.QWidget()
    qtbot.addWidget(parent)
    step = open_referral_dialog(parent, vault, child)
    assert isinstance(step, DutyStep)
    qtbot.waitExposed(step)
    assert step.windowTitle() == "Referral under the child-protection duty"
    assert missing_accessible_names(step) == []
    assert "does not wait for the child's agreement" in step.intro.text()
    assert "Never the questions the child chose not to answer" in step.shares.text()

    qtbot.mouseClick(step.continue_button, Click)  # nothing chosen yet
    assert step.error.isVisible() and step.error.text() == "Choose the ground for the referral."
    step.ground_buttons["alone_or_separated"].setChecked(True)
    qtbot.mouseClick(step.continue_button, Click)  # the child was not told yet
    assert "tell the child" in step.error.text().lower()
    step.child_told.setChecked(True)
    step.note.setText("Met alone at the port.")
    qtbot.mouseClick(step.continue_button, Click)

    (dialog,) = parent.findChildren(ReferralDialog)
    qtbot.waitExposed(dialog)
    assert [s.type for s in dialog.services_model.services] == ["child_protection"]
    assert "under the child-protection duty" in dialog.intro.text()
    assert dialog.consent_group.title() == "What the child-protection duty allows to share"
    assert not dialog.consent_boxes["declined"].isEnabled()
    assert not dialog.consent_boxes["note"].isEnabled()  # the child did not agree to it
    tick_service(qtbot, dialog, services["child_protection"])
    dialog.unprotected_ok.setChecked(True)
    out = tmp_path / "duty.pdf"
    export_to(qtbot, dialog, [out])
    assert dialog.result.isVisible(), dialog.error.text()
    text = " ".join(pdftotext(out.read_bytes(), tmp_path).split())
    assert "Made under a child-protection duty, without the child's agreement" in text
    assert "the child, with no parent or guardian who could be asked" in text
    (referral,) = vault.referrals.list_for_screening(child)
    assert (referral.duty_ground, referral.duty_note) == (
        "alone_or_separated",
        "Met alone at the port.",
    )


def test_an_adult_who_said_no_gets_no_duty_step(qtbot, open_vault):
    vault, _services, _child, adult = _world(open_vault)
    parent = QtWidgets.QWidget()
    qtbot.addWidget(parent)
    box = open_referral_dialog(parent, vault, adult)
    assert isinstance(box, QtWidgets.QMessageBox)
    assert box.text().lower() == "the person has not agreed to be referred"
    box.close()


def test_the_summary_offers_the_duty_for_a_child_who_said_no(qtbot, window, open_vault):
    from tests.ui.conftest import unlock
    from tests.ui.test_screening_flow import give_consent, start_screening

    with open_vault("ada") as admin:
        add_child_protection(admin)
    unlock(qtbot, window, "sol", "sol-password")
    start_screening(qtbot, window, form_id="child-screening")
    give_consent(qtbot, window, refer=False, given_by="child")
    page = window.flow.interview_page
    while page.interview is not None and page.interview.current is not None:
        page.decline()  # "prefer not to say" to every question
    summary = window.flow.summary_page
    assert summary.referral_button.isEnabled()
    assert "under the child-protection duty" in summary.next_note.text()
    qtbot.mouseClick(summary.referral_button, Click)
    (step,) = summary.findChildren(DutyStep)
    qtbot.waitExposed(step)
    window.lock()
    assert not step.isVisible()
