"""A walk through every page and dialog of the desktop, for checks that must hold on all
of them (names for screen readers, Tab leaving tables, mnemonics in every script).

`tour` is a generator: at each stop the page or dialog is on screen and laid out,
and the generator yields (label, top-level widget to check). Dialogs are shown
without blocking and closed after their stop.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6 import QtCore, QtWidgets

from app.domain.consent import ConsentAnswers
from app.domain.service_csv import ServiceFields
from tests.screening_setup import AGREED
from tests.ui.conftest import unlock
from tests.ui.test_screening_flow import give_consent, press

Key = QtCore.Qt.Key


def completed_screening(
    vault,
    form_id: str = "border-triage",
    respondent: str = "ar",
    consent: ConsentAnswers = AGREED,
) -> int:
    """A screening finished through the core lifecycle (all "no"), consent to refer; its id."""
    from app.ui.forms_access import available_forms
    from app.workflows import screening as lifecycle

    session = lifecycle.begin(
        vault,
        available_forms()[form_id],
        consent=consent,
        interviewer_lang="en",
        respondent_lang=respondent,
    )
    interview = session.interview
    interview.decline()
    while interview.current is not None:
        kind = interview.current.type
        if kind in ("yes_no", "multiple"):
            interview.answer("no" if kind == "yes_no" else [])
        else:
            interview.decline()
    return session.complete().id


def prepare_vault(open_vault) -> None:
    """A service with a phone number (for the referral and the emergency numbers)."""
    admin = open_vault("ada")
    admin.services.add(
        ServiceFields("Quay Street Clinic", "medical", ("en", "ar"), phone="+00 555 0199")
    )
    admin.services.add(ServiceFields("Harbour Child Protection Team", "child_protection", ("en",)))
    admin.close()


def settle() -> None:
    for _ in range(3):
        QtWidgets.QApplication.processEvents()


def child_who_said_no(vault) -> int:
    """A child's completed screening: the child agreed (with a guardian), not to a referral."""
    guardian = ConsentAnswers(True, True, False, given_by="guardian_and_child")
    return completed_screening(vault, "child-screening", consent=guardian)


def dialogs(
    window, screening_id: int, child_id: int | None = None
) -> Iterator[tuple[str, QtWidgets.QWidget]]:
    from app.domain.child_protection import Duty
    from app.ui.about_dialog import AboutDialog
    from app.ui.admin.services_page import ServiceDialog
    from app.ui.admin.users_page import PasswordDialog, RoleDialog
    from app.ui.case_actions import close_box, withdraw_box
    from app.ui.file_dialogs import file_dialog
    from app.ui.referral.dialog import ReferralDialog
    from app.ui.referral.duty_step import DutyStep

    if child_id is None:
        child_id = child_who_said_no(window.vault)
    buttons = QtWidgets.QMessageBox.StandardButton
    stop = QtWidgets.QInputDialog(window)
    stop.setWindowTitle("Stop the interview")
    stop.setLabelText("Why does the interview stop?")
    stop.setComboBoxItems(["The respondent asked to stop", "An emergency"])
    made = {
        "about": lambda: AboutDialog(window),
        "add account": lambda: PasswordDialog(window, title="Add account", ask_name=True),
        "new password": lambda: PasswordDialog(window, title="New password", ask_name=False),
        "role": lambda: RoleDialog(window, "sol"),
        "service": lambda: ServiceDialog(window, title="Add service"),
        "stop": lambda: stop,
        "message box": lambda: QtWidgets.QMessageBox(
            QtWidgets.QMessageBox.Icon.Question,
            "Remove account",
            "Remove the account sol?",
            buttons.Yes | buttons.No,
            window,
        ),
        "file chooser": lambda: file_dialog(
            window, "Save", save=True, name_filter="PDF files (*.pdf)", suffix="pdf"
        ),
        "referral": lambda: ReferralDialog(
            window.vault, window.vault.screenings.get(screening_id), window
        ),
        "close case": lambda: close_box(window, window.vault, case_of(window, screening_id)),
        "withdraw consent": lambda: withdraw_box(
            window, window.vault, case_of(window, screening_id)
        ),
        "duty step": lambda: DutyStep(window),
        "referral under the duty": lambda: ReferralDialog(
            window.vault,
            window.vault.screenings.get(child_id),
            window,
            duty=Duty("risk_of_harm", child_told=True),
        ),
    }
    for label, make in made.items():
        dialog = make()
        dialog.show()
        dialog.activateWindow()
        settle()
        yield label, dialog
        dialog.close()
        settle()


def case_of(window, screening_id: int) -> int:
    return window.vault.screenings.get(screening_id).case_id


def tour(qtbot, window, open_vault, vault_users) -> Iterator[tuple[str, QtWidgets.QWidget]]:
    """Every page (as the administrator ada, who may do everything) and every dialog."""
    prepare_vault(open_vault)
    window.activateWindow()
    settle()
    yield "unlock", window
    unlock(qtbot, window, "ada", vault_users["ada"][1])
    screening_id = completed_screening(window.vault)
    child_id = child_who_said_no(window.vault)
    window.show_cases()
    settle()
    yield "case list", window
    qtbot.mouseClick(window.case_list_page.new_button, QtCore.Qt.MouseButton.LeftButton)
    settle()
    yield "new screening", window
    new = window.flow.new_page
    new.form_box.setCurrentIndex(new.form_box.findData("adult-screening"))
    new.respondent_box.setCurrentIndex(new.respondent_box.findData("ar"))
    qtbot.mouseClick(new.start_button, QtCore.Qt.MouseButton.LeftButton)
    window.flow.consent_page.choose(screen=True, store=True, refer=True)
    settle()
    yield "consent", window
    give_consent(qtbot, window)
    settle()
    yield "multiple choice", window
    press(qtbot, window, Key.Key_1)
    press(qtbot, window, Key.Key_Return)
    settle()
    yield "yes/no question", window
    press(qtbot, window, Key.Key_E, QtCore.Qt.KeyboardModifier.ControlModifier)
    settle()
    yield "emergency", window
    window.flow.interview_page.resume_after_emergency()
    press(qtbot, window, Key.Key_P, QtCore.Qt.KeyboardModifier.ControlModifier)  # pause
    settle()
    assert window.case_list_page.current_row().resumable
    yield "case list with a paused case", window
    window.flow.show_summary_for(screening_id)
    settle()
    yield "summary", window
    window.show_case(case_of(window, screening_id))
    settle()
    yield "case page", window
    window.show_admin()
    tabs = window.admin_page.tabs
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        settle()
        yield f"administration: {tabs.tabText(index)}", window
    window.show_cases()
    yield from dialogs(window, screening_id, child_id)
