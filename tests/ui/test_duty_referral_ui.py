"""A referral under the child-protection duty in the three-step dialog: for a child who said
no to referral, step 1 asks for the ground and that the child was told, only child-protection
services are offered, step 2 shares only what the duty allows, and the packet says so."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from app.domain.person import check_profile
from tests.export.pdf_tools import pdftotext
from tests.export.vault_setup import add_child_protection, child_and_adult_who_said_no
from tests.ui.test_referral_ui import export_to, next_step, open_dialog, panel, tick_service
from tests.ui.test_screening_flow import missing_accessible_names

Click = QtCore.Qt.MouseButton.LeftButton


def _world(open_vault):
    vault = open_vault("sol")
    services, child, adult = child_and_adult_who_said_no(open_vault("ada"), vault)
    return vault, services, child, adult


def test_the_duty_first_then_a_packet_for_child_protection_only(qtbot, open_vault, tmp_path):
    vault, services, child, _adult = _world(open_vault)
    case_id = vault.screenings.get(child).case_id
    vault.people.save(
        case_id,
        check_profile(
            {"age_band": "13-15", "languages": "ar", "place_kind": "reception",
             "contact_way": "through_worker", "address": "Pier 4, container 12"}
        ),
    )  # fmt: skip
    parent = QtWidgets.QWidget()
    qtbot.addWidget(parent)
    dialog = open_dialog(qtbot, parent, vault, child)
    assert dialog.draft.under_duty
    assert dialog.windowTitle() == "Referral under the child-protection duty"
    duty = dialog.services_step.duty_panel
    assert duty is not None and duty.isVisibleTo(dialog)
    assert missing_accessible_names(dialog) == []
    assert "does not wait for the child's agreement" in duty.intro.text()
    assert "Never the questions the child chose not to answer" in duty.shares.text()
    assert dialog.focusWidget() is duty.ground_buttons["risk_of_harm"], "the duty first"
    assert [s.type for s in dialog.services_model.services] == ["child_protection"]
    tick_service(qtbot, dialog, services["child_protection"])
    # Next says what is missing, and does not move on.
    qtbot.mouseClick(dialog.next_button, Click)
    assert dialog.draft.step == 0 and dialog.error.isVisible()
    assert "Choose the ground for the referral under the duty." in dialog.error.text()
    assert "tell the child" in dialog.error.text().lower()
    ground = duty.ground_buttons["alone_or_separated"]
    ground.setFocus()
    qtbot.keyClick(ground, QtCore.Qt.Key.Key_Space)
    qtbot.mouseClick(dialog.next_button, Click)
    assert dialog.draft.step == 0 and "tell the child" in dialog.error.text().lower()
    duty.child_told.setFocus()
    qtbot.keyClick(duty.child_told, QtCore.Qt.Key.Key_Space)
    qtbot.keyClicks(duty.note, "Met alone at the port.")
    next_step(qtbot, dialog)

    # Step 2: what the duty allows, the rest disabled and said so; no note from the worker.
    boxes = panel(dialog, services["child_protection"]).section_boxes
    assert not boxes["declined"].isEnabled() and not boxes["address"].isEnabled()
    assert (
        boxes["declined"].text()
        == "questions the person chose not to answer (not shared under the duty)"
    )
    assert boxes["person"].isChecked() and boxes["indicators"].isChecked()
    contents = dialog.contents_step
    assert not contents.note.isEnabled() and contents.note_reason.isVisibleTo(dialog)
    assert "The child did not agree that your note may be shared" in contents.note_reason.text()
    next_step(qtbot, dialog)
    preview = dialog.review_step.preview.toPlainText()
    assert "Made under a child-protection duty, without the child's agreement" in preview
    dialog.review_step.unprotected_ok.setChecked(True)
    export_to(qtbot, dialog, tmp_path)
    assert dialog.result.isVisible(), dialog.error.text()
    (written,) = [p for p in tmp_path.iterdir() if p.suffix == ".pdf"]
    text = " ".join(pdftotext(written.read_bytes(), tmp_path).split())
    assert "Made under a child-protection duty, without the child's agreement" in text
    assert "the child is alone or separated from their family" in text
    assert "the child, with no parent or guardian who could be asked" in text
    assert "13 to 15 years" in text and "a reception or transit centre" in text
    assert "Pier 4" not in text, "never the address under the duty"
    assert "Met alone at the port" not in text, "the note on the duty stays on the case"
    (referral,) = vault.referrals.list_for_screening(child)
    assert (referral.duty_ground, referral.duty_note) == (
        "alone_or_separated",
        "Met alone at the port.",
    )


def test_the_childs_agreement_opens_the_note(qtbot, open_vault):
    vault, services, child, _adult = _world(open_vault)
    parent = QtWidgets.QWidget()
    qtbot.addWidget(parent)
    dialog = open_dialog(qtbot, parent, vault, child)
    duty = dialog.services_step.duty_panel
    duty.ground_buttons["risk_of_harm"].setChecked(True)
    duty.child_told.setChecked(True)
    duty.note_agreed.setChecked(True)
    tick_service(qtbot, dialog, services["child_protection"])
    next_step(qtbot, dialog)
    assert dialog.contents_step.note.isEnabled()
    assert panel(dialog, services["child_protection"]).section_boxes["note"].isEnabled()


def test_an_adult_who_said_no_gets_no_referral(qtbot, open_vault):
    from app.ui.referral.dialog import open_referral_dialog

    vault, _services, _child, adult = _world(open_vault)
    parent = QtWidgets.QWidget()
    qtbot.addWidget(parent)
    box = open_referral_dialog(parent, vault, adult)
    assert isinstance(box, QtWidgets.QMessageBox)
    assert box.text().lower() == "the person has not agreed to be referred"
    box.close()


def test_the_summary_offers_the_duty_for_a_child_who_said_no(qtbot, window, open_vault):
    from app.ui.referral.dialog import ReferralDialog
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
    # Never "respect their choice" beside a referral the duty may make without it.
    assert "respect" not in summary.caution.text()
    assert "the duty comes before their agreement" in summary.caution.text()
    qtbot.mouseClick(summary.referral_button, Click)
    dialog = QtWidgets.QApplication.activeModalWidget()
    assert isinstance(dialog, ReferralDialog) and dialog.draft.under_duty
    qtbot.waitExposed(dialog)
    window.lock()
    assert not dialog.isVisible()
