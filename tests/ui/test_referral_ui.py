"""The referral dialog in three steps: services, what each receives, review and export."""

from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6 import QtCore, QtWidgets

from app.domain import referral_rules as rules
from app.domain.errors import UsageError
from app.ui.appearance import TextScale
from app.ui.bidi import plain
from app.ui.file_dialogs import file_dialog, no_dialog_history
from app.ui.language import apply_language
from app.ui.mnemonics import without_mnemonic
from app.ui.referral.dialog import ReferralDialog, open_referral_dialog
from app.ui.screen_fit import SCROLLED_PROPERTY, fit_window
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
    widget.resize(1024, 600)
    qtbot.addWidget(widget)
    widget.show()
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
    assert service_id in dialog.draft.plans


def toggle(qtbot, box: QtWidgets.QCheckBox) -> None:
    """Tick or untick a check box with the keyboard."""
    box.setFocus()
    qtbot.keyClick(box, QtCore.Qt.Key.Key_Space)


def next_step(qtbot, dialog: ReferralDialog) -> None:
    """Next, pressed with the keyboard."""
    before = dialog.draft.step
    dialog.next_button.setFocus()
    qtbot.keyClick(dialog.next_button, QtCore.Qt.Key.Key_Space)
    assert dialog.draft.step == before + 1, dialog.error.text()


def panel(dialog: ReferralDialog, service_id: int):
    return dialog.contents_step.panels[service_id]


def export_to(qtbot, dialog: ReferralDialog, folder: Path) -> None:
    """Press Export with the folder dialog answered by `folder`, and wait for the packets."""
    dialog.folder_chooser = lambda: str(folder)
    qtbot.mouseClick(dialog.export_button, QtCore.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result.isVisible() or dialog.error.isVisible(), timeout=20_000)


def test_three_steps_to_one_packet_with_a_password(qtbot, parent, referral_setup, tmp_path):
    vault, services, screening_id = referral_setup
    dialog = open_dialog(qtbot, parent, vault, screening_id)
    assert dialog.windowTitle() == "Referral"
    assert "Step 1 of 3" in dialog.step_label.text()
    assert not dialog.back_button.isEnabled() and not dialog.export_button.isVisible()
    # Nothing chosen: the dialog says why it does not move on.
    qtbot.mouseClick(dialog.next_button, QtCore.Qt.MouseButton.LeftButton)
    assert dialog.draft.step == 0 and "at least one service" in dialog.error.text()
    tick_service(qtbot, dialog, services["shelter"])
    toggle(qtbot, dialog.services_step.need_boxes["safe_housing"])
    step = dialog.services_step
    step.urgency_box.setCurrentIndex(step.urgency_box.findData("urgent"))
    next_step(qtbot, dialog)
    assert "Step 2 of 3" in dialog.step_label.text()
    boxes = panel(dialog, services["shelter"]).section_boxes
    # A shelter's defaults are pre-ticked; the indicators are not.
    expected = {o.section for o in rules.section_options("shelter", None) if o.default}
    assert {s for s, box in boxes.items() if box.isChecked()} == expected
    assert not boxes[rules.INDICATORS_SECTION].isChecked()
    toggle(qtbot, boxes[rules.OUTCOME_SECTION])
    assert not boxes[rules.OUTCOME_SECTION].isChecked()
    assert panel(dialog, services["shelter"]).need_boxes["safe_housing"].isChecked()
    contents = dialog.contents_step
    qtbot.keyClicks(contents.worker_phone, "+44 20 7946 0123")
    qtbot.keyClicks(contents.note, "Needs a quiet room tonight.")
    next_step(qtbot, dialog)
    review = dialog.review_step
    reference = dialog.draft.references()[services["shelter"]]
    assert reference in review.packets.item(0).text()
    file_name = dialog.draft.file_name(services["shelter"])
    assert file_name == f"{reference}_hope-shelter_{date.today().isoformat()}.pdf"
    assert file_name in review.file_label.text(), "the selected packet's file name"
    assert file_name in review.packets.item(0).data(QtCore.Qt.ItemDataRole.AccessibleTextRole)
    assert reference in review.preview_title.text()
    text = review.preview.toPlainText()
    assert f"Packet reference: {reference}" in text
    assert "Hope Shelter" in text and "safe housing" in text and "quiet room" in text
    assert "Screening result" not in text
    qtbot.keyClicks(review.password, PACKET_PASSWORD)
    qtbot.keyClicks(review.repeat, PACKET_PASSWORD)
    assert not review.unprotected_warning.isVisible()
    folder = tmp_path / "out"
    folder.mkdir()
    export_to(qtbot, dialog, folder)

    assert not dialog.error.isVisible(), dialog.error.text()
    out = folder / file_name
    data = out.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    assert sha in dialog.result.toPlainText() and str(out) in dialog.result.toPlainText()
    assert [p.name for p in folder.iterdir()] == [file_name]  # no temporary file left
    reader = PdfReader(out)
    assert reader.is_encrypted and reader.decrypt("wrong") == 0
    assert reader.decrypt(PACKET_PASSWORD) != 0
    (referral,) = vault.referrals.list_for_screening(screening_id)
    assert referral.reference == reference, "the reference previewed is the one saved"
    assert referral.service_id == services["shelter"] and referral.packet_sha256 == sha
    assert referral.urgency == "urgent" and "safe_housing" in referral.needs
    assert set(referral.sections) == expected - {rules.OUTCOME_SECTION}
    assert not review.password.text() and not review.repeat.text()


def test_alt_arrows_move_between_steps(qtbot, parent, referral_setup):
    vault, services, screening_id = referral_setup
    dialog = open_dialog(qtbot, parent, vault, screening_id)
    tick_service(qtbot, dialog, services["shelter"])
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    # To whichever widget has the focus, as a key press goes.
    qtbot.keyClick(None, QtCore.Qt.Key.Key_Right, QtCore.Qt.KeyboardModifier.AltModifier)
    assert dialog.draft.step == 1
    qtbot.keyClick(None, QtCore.Qt.Key.Key_Left, QtCore.Qt.KeyboardModifier.AltModifier)
    assert dialog.draft.step == 0


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


def test_parts_not_agreed_at_consent_are_shown_off_with_the_reason(
    qtbot, parent, open_vault, tmp_path
):
    with open_vault("ada") as admin:
        services = add_services(admin)
    vault = open_vault("sol")
    recorded = (rules.NEEDS_SECTION, rules.OUTCOME_SECTION)
    screening_id = completed_screening(vault, refer_sections=recorded)
    dialog = open_dialog(qtbot, parent, vault, screening_id)
    tick_service(qtbot, dialog, services["medical"])
    next_step(qtbot, dialog)
    boxes = panel(dialog, services["medical"]).section_boxes
    for section, box in boxes.items():
        agreed = section in recorded
        assert box.isEnabled() is agreed
        assert ("not agreed at consent" in box.text()) is not agreed
        assert ("not agreed at consent" in box.accessibleName()) is not agreed
    assert missing_accessible_names(dialog) == []
    # A key press on a part the person did not agree to share changes nothing.
    toggle(qtbot, boxes[rules.INDICATORS_SECTION])
    assert not boxes[rules.INDICATORS_SECTION].isChecked()
    with pytest.raises(UsageError, match="did not agree to share"):
        dialog.draft.set_section(services["medical"], rules.INDICATORS_SECTION, True)
    # The note: disabled with the reason, never typed and then dropped.
    contents = dialog.contents_step
    assert not contents.note.isEnabled()
    assert contents.note_reason.isVisibleTo(dialog)
    assert "not agreed at consent" in contents.note_reason.text().lower()
    next_step(qtbot, dialog)
    dialog.review_step.unprotected_ok.setChecked(True)
    export_to(qtbot, dialog, tmp_path)
    (referral,) = vault.referrals.list_for_screening(screening_id)
    assert set(referral.sections) <= set(recorded)


def test_no_password_needs_a_deliberate_confirmation(qtbot, parent, referral_setup, tmp_path):
    vault, services, screening_id = referral_setup
    dialog = open_dialog(qtbot, parent, vault, screening_id)
    tick_service(qtbot, dialog, services["shelter"])
    next_step(qtbot, dialog)
    next_step(qtbot, dialog)
    review = dialog.review_step
    dialog.folder_chooser = lambda: pytest.fail("no folder is asked for before the checks")
    assert review.unprotected_warning.isVisible()
    assert "not protected" in review.unprotected_warning.text()
    dialog.export()
    assert "confirm" in dialog.error.text()
    qtbot.keyClicks(review.password, "one")
    qtbot.keyClicks(review.repeat, "two")
    assert not review.unprotected_warning.isVisible()
    dialog.export()
    assert "differ" in dialog.error.text()
    review.password.clear()
    review.repeat.clear()
    toggle(qtbot, review.unprotected_ok)
    export_to(qtbot, dialog, tmp_path)
    (written,) = [p for p in tmp_path.iterdir() if p.suffix == ".pdf"]
    assert not PdfReader(written).is_encrypted
    assert "not protected" in dialog.result.toPlainText()


def test_a_packet_already_in_the_folder_is_replaced_only_when_the_worker_says_so(
    qtbot, parent, referral_setup, tmp_path
):
    vault, services, screening_id = referral_setup
    dialog = open_dialog(qtbot, parent, vault, screening_id)
    tick_service(qtbot, dialog, services["shelter"])
    next_step(qtbot, dialog)
    next_step(qtbot, dialog)
    qtbot.keyClicks(dialog.review_step.password, PACKET_PASSWORD)
    qtbot.keyClicks(dialog.review_step.repeat, PACKET_PASSWORD)
    name = dialog.draft.file_name(services["shelter"])
    (tmp_path / name).write_bytes(b"a packet from another laptop")
    asked: list[list[str]] = []
    dialog.folder_chooser = lambda: str(tmp_path)
    dialog.replace_confirmer = lambda names: asked.append(names) or False
    dialog.export()
    assert asked == [[name]] and dialog.operation is None
    assert (tmp_path / name).read_bytes() == b"a packet from another laptop"
    assert vault.referrals.list_for_screening(screening_id) == [], "nothing recorded"
    dialog.replace_confirmer = lambda names: asked.append(names) or True
    export_to(qtbot, dialog, tmp_path)
    assert asked == [[name], [name]] and not dialog.error.isVisible(), dialog.error.text()
    assert PdfReader(tmp_path / name).is_encrypted
    assert len(vault.referrals.list_for_screening(screening_id)) == 1


def test_the_language_fits_the_service_and_another_one_asks_first(
    qtbot, parent, referral_setup, tmp_path
):
    vault, services, screening_id = referral_setup
    dialog = open_dialog(qtbot, parent, vault, screening_id)
    asked = []
    answers = iter([False, True])

    def confirmer(service, code):
        asked.append((service.name, code))
        return next(answers)

    dialog.language_confirmer = confirmer
    tick_service(qtbot, dialog, services["shelter"])
    tick_service(qtbot, dialog, services["medical"])
    next_step(qtbot, dialog)
    shelter, clinic = panel(dialog, services["shelter"]), panel(dialog, services["medical"])
    # Each starts in the service's first working language, not the person's.
    assert dialog.draft.plans[services["shelter"]].lang == "en"
    assert "works in it" in shelter.lang_box.currentText()
    # Arabic is a language the shelter works in: no question asked.
    shelter.lang_box.setCurrentIndex(shelter.lang_box.findData("ar"))
    assert dialog.draft.plans[services["shelter"]].lang == "ar" and asked == []
    # French is not one the clinic lists: asked; "no" keeps English.
    clinic.lang_box.setCurrentIndex(clinic.lang_box.findData("fr"))
    assert asked == [("Quay Street Clinic", "fr")]
    assert (
        clinic.lang_box.currentData() == "en"
        and dialog.draft.plans[services["medical"]].lang == "en"
    )
    clinic.lang_box.setCurrentIndex(clinic.lang_box.findData("fr"))
    assert dialog.draft.plans[services["medical"]].forced_language
    next_step(qtbot, dialog)
    review = dialog.review_step
    review.packets.setCurrentRow(0)
    assert review.preview.layoutDirection() == RTL
    assert any("\u0600" <= c <= "\u06ff" for c in review.preview.toPlainText())
    review.packets.setCurrentRow(1)
    assert review.preview.layoutDirection() != RTL
    review.unprotected_ok.setChecked(True)
    export_to(qtbot, dialog, tmp_path)
    referrals = vault.referrals.list_for_screening(screening_id)
    assert [(r.service_id, r.lang, r.forced_language) for r in referrals] == [
        (services["shelter"], "ar", False),
        (services["medical"], "fr", True),
    ]
    # Each packet's reference is the one the review listed for it.
    texts = [review.packets.item(i).text() for i in range(2)]
    assert all(r.reference in text for r, text in zip(referrals, texts, strict=True))


def test_a_copy_in_the_persons_language_repeats_the_packet(qtbot, parent, referral_setup, tmp_path):
    vault, services, screening_id = referral_setup
    dialog = open_dialog(qtbot, parent, vault, screening_id)
    tick_service(qtbot, dialog, services["shelter"])
    next_step(qtbot, dialog)
    shelter = panel(dialog, services["shelter"])
    assert shelter.copy_lang.currentData() == "ar", "the person's language"
    toggle(qtbot, shelter.copy_box)
    assert dialog.draft.plans[services["shelter"]].second_lang == "ar"
    next_step(qtbot, dialog)
    assert "English and Arabic" in plain(dialog.review_step.packets.item(0).text())
    dialog.review_step.unprotected_ok.setChecked(True)
    export_to(qtbot, dialog, tmp_path)
    (referral,) = vault.referrals.list_for_screening(screening_id)
    assert referral.second_lang == "ar"
    (written,) = [p for p in tmp_path.iterdir() if p.suffix == ".pdf"]
    text = pdftotext(written.read_bytes(), tmp_path)
    assert "Referral packet" in text and any("\u0600" <= c <= "\u06ff" for c in text)


def test_needs_and_urgency_start_from_the_screening(qtbot, parent, referral_setup):
    vault, services, _screening_id = referral_setup
    screening_id = completed_screening(
        vault, more_answers={"needs_medical": ("yes", False), "safe_tonight": ("no", False)}
    )
    dialog = open_dialog(qtbot, parent, vault, screening_id)
    step = dialog.services_step
    assert step.need_boxes["medical"].isChecked() and step.need_boxes["safe_housing"].isChecked()
    assert step.urgency_box.currentData() == "emergency"
    assert "From the screening's answers" in step.found_note.text()
    tick_service(qtbot, dialog, services["shelter"])
    tick_service(qtbot, dialog, services["medical"])
    toggle(qtbot, step.need_boxes["legal"])
    clinic, shelter = (dialog.draft.request(services[k]) for k in ("medical", "shelter"))
    assert clinic.needs == ("medical",), "a clinic is told the health needs only"
    assert set(shelter.needs) == {"safe_housing", "medical", "legal"}
    next_step(qtbot, dialog)
    legal = panel(dialog, services["medical"]).need_boxes["legal"]
    toggle(qtbot, legal)
    assert "legal" in dialog.draft.request(services["medical"]).needs
    assert not panel(dialog, services["medical"]).need_boxes["other"].isVisibleTo(dialog)


def test_earlier_referrals_are_listed_when_the_dialog_opens_again(
    qtbot, parent, referral_setup, tmp_path
):
    vault, services, screening_id = referral_setup
    dialog = open_dialog(qtbot, parent, vault, screening_id)
    assert not dialog.services_step.earlier_group.isVisibleTo(dialog)
    tick_service(qtbot, dialog, services["shelter"])
    next_step(qtbot, dialog)
    next_step(qtbot, dialog)
    dialog.review_step.unprotected_ok.setChecked(True)
    export_to(qtbot, dialog, tmp_path)
    dialog.close()
    again = open_dialog(qtbot, parent, vault, screening_id)
    earlier = again.services_step.earlier_list.text()
    assert again.services_step.earlier_group.isVisibleTo(again)
    assert re.search(r"WS-\w{4}-\w\w-R1: Hope Shelter, prepared, not yet sent since", earlier)
    assert again.draft.references() == {}


@pytest.mark.parametrize("scale", [1.0, 1.5])
@pytest.mark.parametrize("step", [0, 1, 2])
def test_every_step_fits_a_small_screen_with_its_buttons_and_names(
    qtbot, parent, referral_setup, step, scale, request
):
    vault, services, screening_id = referral_setup
    text = TextScale()
    text.set_scale(scale)
    request.addfinalizer(text.reset)
    dialog = open_dialog(qtbot, parent, vault, screening_id)
    tick_service(qtbot, dialog, services["shelter"])
    tick_service(qtbot, dialog, services["medical"])
    for _ in range(step):
        next_step(qtbot, dialog)
    # What is left of 1024x600 under a taskbar, a title bar and the Hide strip: the steps
    # scroll inside, so the dialog is not wrapped in a second scroll area.
    fit_window(dialog, QtCore.QRect(0, 0, 1024, 485))
    assert not dialog.property(SCROLLED_PROPERTY)
    dialog.resize(1000, 485)
    qtbot.wait(10)
    assert dialog.step_label.mapTo(dialog, QtCore.QPoint(0, 0)).y() >= 0
    for button in (dialog.close_button, dialog.back_button, dialog.next_button):
        if button.isVisible():
            corner = button.mapTo(dialog, button.rect().bottomRight())
            assert dialog.rect().contains(corner), button.objectName()
    assert missing_accessible_names(dialog) == []


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
    assert without_mnemonic(dialog.next_button.text()) == "«Next»"
    assert dialog.next_button.accessibleName() == "«Next (Alt+Right)»"
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
