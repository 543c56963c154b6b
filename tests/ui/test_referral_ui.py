"""The referral dialog: choosing services and what each gets, preview, export with a password."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6 import QtCore, QtWidgets

from app.domain import referral_rules as rules
from app.ui.file_dialogs import file_dialog, no_dialog_history
from app.ui.language import apply_language
from app.ui.referral.dialog import ReferralDialog, open_referral_dialog
from tests.export.pdf_tools import pdftotext
from tests.export.vault_setup import add_services, completed_screening
from tests.ui.test_screening_flow import missing_accessible_names

RTL = QtCore.Qt.LayoutDirection.RightToLeft
PACKET_PASSWORD = "quay-street-17"


@pytest.fixture
def referral_setup(open_vault):
    """A screener's vault with a completed screening (consent to refer) and two services."""
    with open_vault("ada") as admin:
        services = add_services(admin)
    vault = open_vault("sol")
    return vault, services, completed_screening(vault)


@pytest.fixture
def parent(qtbot):
    widget = QtWidgets.QWidget()
    qtbot.addWidget(widget)
    return widget


def open_dialog(qtbot, parent, vault, screening_id) -> ReferralDialog:
    dialog = open_referral_dialog(parent, vault, screening_id)
    assert isinstance(dialog, ReferralDialog)
    qtbot.waitExposed(dialog)
    return dialog


def tick_service(qtbot, dialog: ReferralDialog, service_id: int) -> None:
    """Tick a service in the table with the keyboard (to its row, then Space)."""
    view = dialog.services_view
    row = next(i for i, s in enumerate(dialog.services_model.services) if s.id == service_id)
    view.setFocus()
    view.setCurrentIndex(dialog.services_model.index(row, 0))
    qtbot.keyClick(view, QtCore.Qt.Key.Key_Space)
    assert service_id in dialog.draft.choices


def toggle(qtbot, box: QtWidgets.QCheckBox) -> None:
    """Tick or untick a check box with the keyboard."""
    box.setFocus()
    qtbot.keyClick(box, QtCore.Qt.Key.Key_Space)


def preview_text(dialog: ReferralDialog) -> str:
    dialog.refresh_preview()
    return dialog.preview.toPlainText()


def export_to(qtbot, dialog: ReferralDialog, paths: list[Path]) -> None:
    """Press Export with the file dialog answered by `paths`, and wait for the packets."""
    chosen = iter(paths)
    dialog.path_chooser = lambda service, number: str(next(chosen))
    qtbot.mouseClick(dialog.export_button, QtCore.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result.isVisible() or dialog.error.isVisible(), timeout=20_000)


def test_export_one_packet_with_a_password(qtbot, parent, referral_setup, tmp_path):
    vault, services, screening_id = referral_setup
    dialog = open_dialog(qtbot, parent, vault, screening_id)
    assert dialog.windowTitle() == "Referral"
    tick_service(qtbot, dialog, services["shelter"])
    # A shelter's defaults are pre-ticked: needs, result and note, not the indicators.
    boxes = dialog.section_boxes
    expected = {o.section for o in rules.section_options("shelter", None) if o.default}
    assert {s for s, box in boxes.items() if box.isChecked()} == expected
    assert not boxes[rules.INDICATORS_SECTION].isChecked()
    # The worker leaves the result out.
    toggle(qtbot, boxes[rules.OUTCOME_SECTION])
    assert not boxes[rules.OUTCOME_SECTION].isChecked()
    toggle(qtbot, dialog.need_boxes["safe_housing"])
    assert dialog.service_need_boxes["safe_housing"].isChecked()
    dialog.urgency_box.setCurrentIndex(dialog.urgency_box.findData("urgent"))
    qtbot.keyClicks(dialog.worker_phone, "+44 20 7946 0123")
    qtbot.keyClicks(dialog.note, "Needs a quiet room tonight.")
    text = preview_text(dialog)
    assert "Hope Shelter" in text and "safe housing" in text and "quiet room" in text
    assert "Screening result" not in text
    qtbot.keyClicks(dialog.password, PACKET_PASSWORD)
    qtbot.keyClicks(dialog.repeat, PACKET_PASSWORD)
    assert not dialog.unprotected_warning.isVisible()
    out = tmp_path / "out" / "packet.pdf"
    out.parent.mkdir()
    export_to(qtbot, dialog, [out])

    assert not dialog.error.isVisible(), dialog.error.text()
    data = out.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    assert sha in dialog.result.text() and str(out) in dialog.result.text()
    assert sorted(p.name for p in out.parent.iterdir()) == ["packet.pdf"]  # no temp file left
    reader = PdfReader(out)
    assert reader.is_encrypted and reader.decrypt("wrong") == 0
    assert reader.decrypt(PACKET_PASSWORD) != 0
    assert "Hope Shelter" in "".join(page.extract_text() for page in reader.pages)
    (referral,) = vault.referrals.list_for_screening(screening_id)
    assert referral.service_id == services["shelter"]
    assert referral.packet_sha256 == sha
    assert referral.urgency == "urgent" and referral.needs == ("safe_housing",)
    assert rules.OUTCOME_SECTION not in referral.sections
    assert set(referral.sections) == expected - {rules.OUTCOME_SECTION}
    assert not dialog.password.text() and not dialog.repeat.text()


def test_without_consent_to_refer_the_core_refuses(qtbot, parent, open_vault):
    vault = open_vault("sol")
    screening_id = completed_screening(vault, refer=False)
    shown = open_referral_dialog(parent, vault, screening_id)
    assert isinstance(shown, QtWidgets.QMessageBox)
    assert "not agreed to be referred" in shown.text()
    assert parent.findChildren(ReferralDialog) == []
    shown.close()
    unfinished = completed_screening(vault, complete=False)
    shown = open_referral_dialog(parent, vault, unfinished)
    assert "completed screening" in shown.text()
    shown.close()


def test_sections_beyond_the_consent_are_disabled_with_a_reason(
    qtbot, parent, referral_setup, tmp_path
):
    vault, services, screening_id = referral_setup
    dialog = open_dialog(qtbot, parent, vault, screening_id)
    tick_service(qtbot, dialog, services["medical"])
    note = dialog.section_boxes[rules.NOTE_SECTION]
    assert note.isChecked() and note.isEnabled()
    qtbot.keyClicks(dialog.note, "Prefers a female doctor.")
    dialog.consent_boxes[rules.NOTE_SECTION].setChecked(False)
    assert not note.isChecked() and not note.isEnabled()
    reason = dialog.section_reasons[rules.NOTE_SECTION]
    assert reason.isVisibleTo(dialog) and "did not agree" in reason.text()
    assert "female doctor" not in preview_text(dialog)
    # Consent given back: the type's default returns; taken away again for the export.
    toggle(qtbot, dialog.consent_boxes[rules.NOTE_SECTION])
    assert note.isEnabled() and note.isChecked()
    assert "female doctor" in preview_text(dialog)
    toggle(qtbot, dialog.consent_boxes[rules.NOTE_SECTION])
    assert not note.isChecked()
    dialog.unprotected_ok.setChecked(True)
    out = tmp_path / "clinic.pdf"
    export_to(qtbot, dialog, [out])
    assert "female doctor" not in pdftotext(out.read_bytes(), tmp_path)
    (referral,) = vault.referrals.list_for_screening(screening_id)
    assert rules.NOTE_SECTION not in referral.sections


def test_no_password_needs_a_deliberate_confirmation(qtbot, parent, referral_setup, tmp_path):
    vault, services, screening_id = referral_setup
    dialog = open_dialog(qtbot, parent, vault, screening_id)
    out = tmp_path / "open.pdf"
    dialog.path_chooser = lambda service, number: str(out)
    dialog.export()
    assert "at least one service" in dialog.error.text()
    tick_service(qtbot, dialog, services["shelter"])
    assert dialog.unprotected_warning.isVisible()
    assert "not protected" in dialog.unprotected_warning.text()
    dialog.export()
    assert "confirm" in dialog.error.text() and not out.exists()
    qtbot.keyClicks(dialog.password, "one")
    qtbot.keyClicks(dialog.repeat, "two")
    assert not dialog.unprotected_warning.isVisible()
    dialog.export()
    assert "differ" in dialog.error.text() and not out.exists()
    dialog.password.clear()
    dialog.repeat.clear()
    toggle(qtbot, dialog.unprotected_ok)
    export_to(qtbot, dialog, [out])
    assert not PdfReader(out).is_encrypted
    assert "not protected" in dialog.result.text()


def test_two_services_get_two_packets_in_their_languages(qtbot, parent, referral_setup, tmp_path):
    vault, services, screening_id = referral_setup
    dialog = open_dialog(qtbot, parent, vault, screening_id)
    tick_service(qtbot, dialog, services["shelter"])
    dialog.lang_box.setCurrentIndex(dialog.lang_box.findData("ar"))
    assert "draft" in dialog.lang_box.currentText() or "reviewed" in dialog.lang_box.currentText()
    preview_text(dialog)
    assert dialog.preview.layoutDirection() == RTL
    assert any("\u0600" <= c <= "\u06ff" for c in dialog.preview.toPlainText())
    tick_service(qtbot, dialog, services["medical"])
    assert dialog.draft.choices[services["medical"]].lang == "en"
    preview_text(dialog)
    assert dialog.preview.layoutDirection() != RTL
    dialog.unprotected_ok.setChecked(True)
    paths = [tmp_path / "shelter.pdf", tmp_path / "clinic.pdf"]
    export_to(qtbot, dialog, paths)
    assert all(path.exists() for path in paths)
    referrals = vault.referrals.list_for_screening(screening_id)
    assert [(r.service_id, r.lang) for r in referrals] == [
        (services["shelter"], "ar"),
        (services["medical"], "en"),
    ]


def test_every_control_is_named_and_the_dialog_follows_the_language(
    qtbot, parent, referral_setup, monkeypatch
):
    vault, services, screening_id = referral_setup
    dialog = open_dialog(qtbot, parent, vault, screening_id)
    tick_service(qtbot, dialog, services["shelter"])
    assert missing_accessible_names(dialog) == []
    import app.ui.admin.services_page as services_page
    import app.ui.referral.dialog as dialog_module

    # A stand-in translation shows that every text is set again on LanguageChange.
    monkeypatch.setattr(dialog_module, "_", lambda text: "«" + text + "»")
    monkeypatch.setattr(services_page, "_", lambda text: "«" + text + "»")
    apply_language("ar")
    assert dialog.layoutDirection() == RTL
    assert dialog.export_button.text() == "«Export packets…»"
    assert dialog.export_button.accessibleName() == "«Export packets…»"
    header = dialog.services_model.headerData(
        0, QtCore.Qt.Orientation.Horizontal, QtCore.Qt.ItemDataRole.DisplayRole
    )
    assert header == "«Name»"
    assert dialog.windowTitle() == "«Referral»"
    reference = vault.cases.get(vault.screenings.get(screening_id).case_id).reference
    assert reference not in dialog.windowTitle()


def test_the_file_dialog_leaves_no_folder_history(qtbot, tmp_path):
    settings_dir = tmp_path / "settings"
    fmt, scope = QtCore.QSettings.Format.NativeFormat, QtCore.QSettings.Scope.UserScope
    default = QtCore.QStandardPaths.writableLocation(
        QtCore.QStandardPaths.StandardLocation.GenericConfigLocation
    )
    QtCore.QSettings.setPath(fmt, scope, str(settings_dir))
    try:
        secret = tmp_path / "case-folder"
        secret.mkdir()
        with no_dialog_history():
            dialog = file_dialog(None, "Save", save=True, name_filter="PDF (*.pdf)", suffix="pdf")
            dialog.setDirectory(str(secret))
            dialog.open()
            qtbot.waitExposed(dialog)
            dialog.reject()
            import shiboken6

            shiboken6.delete(dialog)
            during = QtCore.QSettings(scope, "QtProject")
            assert "case-folder" in str(during.value("FileDialog/lastVisited"))  # Qt wrote it
        after = QtCore.QSettings(scope, "QtProject")
        assert "case-folder" not in str(after.value("FileDialog/history"))
        assert "case-folder" not in str(after.value("FileDialog/lastVisited"))
    finally:
        QtCore.QSettings.setPath(fmt, scope, default)


def test_summary_button_opens_the_dialog_and_locking_closes_it(qtbot, window, open_vault):
    from tests.ui.conftest import unlock
    from tests.ui.test_screening_flow import give_consent, press, start_screening

    with open_vault("ada") as admin:
        add_services(admin)
    unlock(qtbot, window, "sol", "sol-password")
    start_screening(qtbot, window)
    give_consent(qtbot, window, refer=True)
    page = window.flow.interview_page
    while page.interview is not None and page.interview.current is not None:
        press(qtbot, window, QtCore.Qt.Key.Key_N)
    summary = window.flow.summary_page
    qtbot.mouseClick(summary.referral_button, QtCore.Qt.MouseButton.LeftButton)
    (dialog,) = summary.findChildren(ReferralDialog)
    qtbot.waitExposed(dialog)
    assert [s.name for s in dialog.services_model.services] == [
        "Hope Shelter",
        "Quay Street Clinic",
    ]
    assert window.windowTitle() == "Waystation"
    window.lock()
    assert not dialog.isVisible()


def test_each_service_is_told_the_needs_its_type_gets(qtbot, parent, referral_setup):
    vault, services, screening_id = referral_setup
    dialog = open_dialog(qtbot, parent, vault, screening_id)
    tick_service(qtbot, dialog, services["shelter"])
    tick_service(qtbot, dialog, services["medical"])
    for need in ("legal", "medical"):
        toggle(qtbot, dialog.need_boxes[need])
    clinic, shelter = (dialog.draft.request(services[k]) for k in ("medical", "shelter"))
    assert clinic.needs == rules.default_needs("medical", ("medical", "legal")) == ("medical",)
    assert set(shelter.needs) == {"medical", "legal"}
    # The worker may still tell the clinic about legal advice, but not about a need not ticked.
    assert dialog.current_id == services["medical"]
    toggle(qtbot, dialog.service_need_boxes["legal"])
    assert not dialog.service_need_boxes["safe_housing"].isEnabled()
    assert set(dialog.draft.request(services["medical"]).needs) == {"medical", "legal"}
    # Unticking the person's need takes it from every packet.
    toggle(qtbot, dialog.need_boxes["legal"])
    assert all("legal" not in r.needs for r in dialog.draft.requests())


def test_the_dialog_shows_the_recorded_scope_and_never_widens_it(
    qtbot, parent, open_vault, tmp_path
):
    with open_vault("ada") as admin:
        services = add_services(admin)
    vault = open_vault("sol")
    recorded = (rules.NEEDS_SECTION, rules.OUTCOME_SECTION)
    screening_id = completed_screening(vault, refer_sections=recorded)
    dialog = open_dialog(qtbot, parent, vault, screening_id)
    for section, box in dialog.consent_boxes.items():
        agreed = section in recorded
        assert box.isChecked() is agreed and box.isEnabled() is agreed
        assert ("not agreed at consent" in box.text()) is not agreed
    assert missing_accessible_names(dialog) == []
    # A key press on a section the person did not agree to changes nothing.
    toggle(qtbot, dialog.consent_boxes[rules.NOTE_SECTION])
    assert not dialog.consent_boxes[rules.NOTE_SECTION].isChecked()
    dialog.draft.set_consented(rules.NOTE_SECTION, True)
    assert rules.NOTE_SECTION not in dialog.draft.consented
    # A medical service would get the note by default; the consent keeps it out.
    tick_service(qtbot, dialog, services["medical"])
    note = dialog.section_boxes[rules.NOTE_SECTION]
    assert not note.isChecked() and not note.isEnabled()
    assert "did not agree" in dialog.section_reasons[rules.NOTE_SECTION].text()
    qtbot.keyClicks(dialog.note, "Prefers a female doctor.")
    # Narrowing still works: the result is taken out too.
    toggle(qtbot, dialog.consent_boxes[rules.OUTCOME_SECTION])
    assert dialog.draft.consented == {rules.NEEDS_SECTION}
    dialog.unprotected_ok.setChecked(True)
    out = tmp_path / "clinic.pdf"
    export_to(qtbot, dialog, [out])
    assert not dialog.error.isVisible(), dialog.error.text()
    assert "female doctor" not in pdftotext(out.read_bytes(), tmp_path)
    (referral,) = vault.referrals.list_for_screening(screening_id)
    assert set(referral.sections) <= {rules.NEEDS_SECTION}
