"""Take the UI screenshots for the README: run under Xvfb or offscreen.

    xvfb-run -a -s "-screen 0 1024x600x24" .venv/bin/python tools/screenshots.py [OUT_DIR]

It builds a throwaway vault with synthetic cases in a temporary folder (cheap
key derivation: screenshots only), drives the real window and saves
QWidget.grab() images as docs/screenshots/ui-*.png. The window has the room a
1024x600 laptop gives with a taskbar and a title bar (1024x530); one question
is taken again at 150 % text. The whole-screen pictures (a dialog over the
window) show title bars only with a window manager on that display, e.g.
`Xvfb :58 -screen 0 1024x600x24 & DISPLAY=:58 openbox &` and then
`DISPLAY=:58 .venv/bin/python tools/screenshots.py`. The packet pages are
taken by `python -m tests.export.make_screenshots docs/screenshots`.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6 import QtCore, QtWidgets  # noqa: E402

from app.domain import referral_rules as rules  # noqa: E402
from app.domain.service_csv import ServiceFields  # noqa: E402
from app.storage.keyfile import TEST_KDF  # noqa: E402
from app.storage.keyfile_checks import allow_test_kdf  # noqa: E402
from app.storage.vault import Vault  # noqa: E402
from app.ui.appearance import TextScale  # noqa: E402
from app.ui.application import make_application  # noqa: E402
from app.ui.language import apply_language  # noqa: E402
from app.ui.main_window import MainWindow  # noqa: E402

SIZE = QtCore.QSize(1024, 530)  # 1024x600 less a 40-pixel taskbar and a 30-pixel title bar
PASSWORD = "screenshot-password"  # noqa: S105 - a throwaway demo vault
SERVICES = (
    ServiceFields("Hope Shelter", "shelter", ("en", "ar"), area="Port district", country="GR"),
    ServiceFields("North Legal Aid", "legal_aid", ("en", "fr"), area="City centre", country="GR"),
    ServiceFields("Quay Street Clinic", "medical", ("en", "fa"), area="Old town", country="GR"),
    ServiceFields(
        "Harbour Child Protection Team",
        "child_protection",
        ("en", "fr"),
        area="Port district",
        country="GR",
    ),
)
# What the person in the screenshots agrees a referral may share: all but the declined questions.
AGREED = frozenset(rules.SECTIONS) - {rules.DECLINED_SECTION}


def settle(app: QtWidgets.QApplication) -> None:
    for _ in range(5):
        app.processEvents()
        QtCore.QThread.msleep(20)


def save(widget: QtWidgets.QWidget, out: Path, name: str) -> None:
    app = QtWidgets.QApplication.instance()
    settle(app)
    widget.grab().save(str(out / f"ui-{name}.png"))
    print("saved", out / f"ui-{name}.png")


def build_vault(folder: Path) -> Path:
    """A vault with a few synthetic screenings in different states."""
    allow_test_kdf()  # a throwaway vault for pictures: the cheap cost, in this process only
    from app.domain.consent import ConsentAnswers
    from app.ui.forms_access import available_forms
    from app.workflows import screening as lifecycle

    path = folder / "vault"
    forms = available_forms()
    with Vault.create(path, "ada", PASSWORD, kdf=TEST_KDF) as vault:
        vault.users.add("sol", "screener", PASSWORD, kdf=TEST_KDF)
        vault.settings.set("organisation_name", "Harbour Clinic")
        vault.settings.set("organisation_contact", "+00 555 0100 (duty social worker)")
        for fields in SERVICES:
            vault.services.add(fields)
    with Vault.open(path, "sol", PASSWORD) as vault:
        plans = [
            ("border-triage", "uk", ["no", "yes", None, "no", "yes"], "completed"),
            ("adult-screening", "es", ["no", "no", "yes"], "paused"),
            ("border-triage", "fa", ["no"], "paused"),
            ("child-screening", "fr", [], "stopped"),
        ]
        for form_id, lang, answers, status in plans:
            form = forms[form_id]
            # The child agrees to the screening, not to a referral: the duty step applies.
            child = form.audience == "child"
            giver = "guardian_and_child" if child else "person"
            session = lifecycle.begin(
                vault,
                form,
                consent=ConsentAnswers(screen=True, store=True, refer=not child, given_by=giver),
                interviewer_lang="en",
                respondent_lang=lang,
            )
            interview = session.interview
            for value in answers:
                if interview.current is None:
                    break
                if value is None:
                    interview.decline()
                elif interview.current.type == "yes_no":
                    interview.answer(value)
                else:
                    interview.decline()
            if status == "completed":
                while interview.current is not None:
                    interview.answer("no")
                session.complete()
            elif status == "stopped":
                session.stop("respondent_request")
            else:
                session.pause()
    return path


def referral_shots(window: MainWindow, out: Path, screening_id: int, suffix: str = "") -> None:
    """The referral dialog's three steps on a 1024x600 screen; in English (no `suffix`) also
    the packets written, a case's referral history and the case list's follow-up column."""
    from app.domain.person import check_profile
    from app.ui.referral.dialog import open_referral_dialog
    from app.ui.screen_fit import fit_window

    vault = window.vault
    case_id = vault.screenings.get(screening_id).case_id
    if vault.people.get(case_id).is_empty:
        vault.people.save(
            case_id,
            check_profile(
                {
                    "age_band": "25-34",
                    "languages": "ar en",
                    "preferred_language": "ar",
                    "interpreter_language": "ar",
                    "dependant_children": 1,
                    "place_kind": "reception",
                    "contact_way": "through_worker",
                    "written_lang": "en",
                }
            ),
        )
    dialog = open_referral_dialog(window, vault, screening_id)
    fit_window(dialog, QtCore.QRect(QtCore.QPoint(0, 0), SIZE))
    services = {s.name: s.id for s in dialog.services_model.services}
    for name in ("Hope Shelter", "Quay Street Clinic"):
        dialog.services_model.set_checked(services[name], True)
    for need in ("safe_housing", "medical", "interpreter"):
        dialog.services_step.need_boxes[need].setChecked(True)
    save(dialog, out, f"referral-1-services{suffix}")
    dialog.go_next()
    dialog.contents_step.worker_phone.setText("+00 555 0123")
    dialog.contents_step.note.setPlainText("Needs a quiet room tonight; prefers a female worker.")
    save(dialog, out, f"referral-2-contents{suffix}")
    dialog.go_next()
    save(dialog, out, f"referral-3-review{suffix}")
    if suffix:
        dialog.reject()
        return
    dialog.review_step.unprotected_ok.setChecked(True)
    with tempfile.TemporaryDirectory(prefix="waystation-packets-") as folder:
        dialog.folder_chooser = lambda: folder
        dialog.export()
        while not dialog.result.isVisible() and not dialog.error.isVisible():
            settle(QtWidgets.QApplication.instance())
    dialog.reject()
    first = vault.referrals.list_for_screening(screening_id)[0]
    vault.referrals.set_status(first.id, "sent", note="E-mailed to the duty worker.")
    vault.referrals.set_status(first.id, "received", note="Confirmed by phone.")
    summary = window.flow.summary_page
    summary.referrals.refresh()
    settle(QtWidgets.QApplication.instance())
    summary.scroll.ensureWidgetVisible(summary.referrals)
    save(window, out, "referral-history")
    vault.referrals.set_due(first.id, date.today() - timedelta(days=2))
    window.show_cases()
    save(window, out, "case-list-followup")
    window.set_language("ar")
    save(window, out, "case-list-followup-ar")
    window.set_language("en")
    window.flow.show_summary_for(screening_id)


def answer_all(page, yes_to: str = "made_to_work") -> None:
    """Finish the interview: "yes" to one question, "no" (or prefer not to say) to the rest."""
    while page.interview is not None and page.interview.current is not None:
        question = page.interview.current
        if question.type == "yes_no":
            page.answer("yes" if question.id == yes_to else "no")
        else:
            page.decline()


def screening(window: MainWindow, respondent: str, form_id: str = "adult-screening") -> None:
    """A new screening up to its consent page."""
    flow = window.flow
    flow.start_new()
    page = flow.new_page
    page.form_box.setCurrentIndex(page.form_box.findData(form_id))
    page.respondent_box.setCurrentIndex(page.respondent_box.findData(respondent))
    page.interpreter_buttons[list(page.interpreter_buttons)[1]].setChecked(True)
    page.interpreter_id.setText("INT-2231")
    page.briefed.setChecked(True)
    page.start_button.click()


def save_screen(out: Path, name: str) -> None:
    """The whole screen as the user sees it: a dialog over the window, with the title bars."""
    app = QtWidgets.QApplication.instance()
    settle(app)
    app.primaryScreen().grabWindow(0).save(str(out / f"ui-{name}.png"))
    print("saved", out / f"ui-{name}.png")


def case_shots(window: MainWindow, out: Path) -> None:
    """The case page, the withdraw confirmation over it, and a referral under the duty for a
    child who did not agree to be referred."""
    from app.ui.case_actions import withdraw_box
    from app.ui.referral.dialog import open_referral_dialog
    from app.ui.screen_fit import fit_window

    vault = window.vault
    cases = {c.id: vault.screenings.list_for_case(c.id) for c in vault.cases.list()}
    # The case with the most referrals, so the page shows them with their history.
    completed = max(
        (i for i, s in cases.items() if s and s[0].status.value == "completed"),
        key=lambda case_id: len(vault.referrals.list_for_case(case_id)),
    )
    window.show_case(completed)
    save(window, out, "case-page")
    box = withdraw_box(window, vault, completed)
    box.open()
    save(box, out, "withdraw-confirm")
    save_screen(out, "withdraw-confirm-screen")
    box.reject()
    child = next(s[0].id for s in cases.values() if s and s[0].form_id == "child-screening")
    # The child agreed to the screening, not to a referral: the dialog opens under the duty.
    dialog = open_referral_dialog(window, vault, child)
    fit_window(dialog, QtCore.QRect(QtCore.QPoint(0, 0), SIZE))
    duty = dialog.services_step.duty_panel
    duty.ground_buttons["alone_or_separated"].setChecked(True)
    duty.child_told.setChecked(True)
    duty.note.setText("Met alone at the port; no adult with them.")
    dialog.services_model.set_checked(dialog.services_model.services[0].id, True)
    save(dialog, out, "referral-duty")
    save_screen(out, "duty-step-screen")
    dialog.go_next()
    save(dialog, out, "referral-duty-2-contents")
    dialog.reject()


def sync_shots(window: MainWindow, out: Path) -> None:
    """The Server tab of a laptop connected to an ODK Central project, in English and
    Arabic. The link is stored as a connect would store it; nothing is sent anywhere."""
    from app.storage.sync_config import ServerForm

    link = "https://central.example.org/v1/key/" + "x" * 64 + "/projects/3"
    forms = [ServerForm(form_id, "2", None) for form_id in ("adult-screening", "border-triage")]
    window.vault.sync_config.connect(link, forms)
    window.admin_page.show_tab("sync")
    window.admin_page.sync_page.load()
    save(window, out, "sync-server")
    window.set_language("ar")
    save(window, out, "sync-server-ar")
    window.set_language("en")


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    app = make_application([sys.argv[0]])
    scale = TextScale(app)
    scale.apply()
    apply_language("en")
    with tempfile.TemporaryDirectory(prefix="waystation-shots-") as tmp:
        window = MainWindow(build_vault(Path(tmp)), text_scale=scale)
        window.resize(SIZE)
        window.show()
        window.unlock_page.name.setText("sol")
        save(window, out, "unlock")

        window._opened(Vault.open(window.vault_path, "sol", PASSWORD))
        save(window, out, "case-list")
        for lang in ("ar", "hi"):
            window.set_language(lang)
            save(window, out, f"case-list-{lang}")
        window.set_language("en")

        # English interface, Arabic-speaking respondent: both languages on every answer.
        flow = window.flow
        screening(window, "ar")
        window.show_page(flow.new_page)
        save(window, out, "new-screening")
        flow.new_page.start_button.click()
        flow.consent_page.choose(
            screen=True, store=True, refer=True, sections=AGREED, given_by="person"
        )
        settle(app)
        flow.consent_page.scroll.verticalScrollBar().setValue(0)  # the script and questions
        save(window, out, "consent")
        flow.consent_page.continue_button.click()
        interview_page = flow.interview_page
        save(window, out, "question-en-ar")  # multiple choice, ten options
        interview_page.answer(["construction"])
        save(window, out, "question")  # yes / no / not sure
        scale.set_scale(1.5)
        save(window, out, "question-150")
        scale.set_scale(1.0)

        flow.open_respondent_view()
        view = flow.respondent_view
        view.showNormal()
        view.resize(SIZE)
        save(view, out, "respondent-view")
        view.close()

        answer_all(interview_page)
        save(window, out, "summary")
        referral_shots(window, out, flow.summary_page.screening.id)

        # Arabic interface, English-speaking respondent: mirrored, with isolates.
        window.show_cases()
        window.set_language("ar")
        screening(window, "en")
        flow.consent_page.choose(
            screen=True, store=True, refer=True, sections=AGREED, given_by="person"
        )
        settle(app)
        flow.consent_page.scroll.verticalScrollBar().setValue(0)
        save(window, out, "consent-ar")
        flow.consent_page.continue_button.click()
        save(window, out, "question-ar")
        answer_all(interview_page)
        save(window, out, "summary-ar")
        referral_shots(window, out, flow.summary_page.screening.id, "-ar")
        window.set_language("en")
        case_shots(window, out)

        window.lock()
        window._opened(Vault.open(window.vault_path, "ada", PASSWORD))
        window.show_admin()
        window.admin_page.show_tab("audit")
        audit = window.admin_page.audit_page
        audit.verify()
        while not audit.operation.done:
            settle(app)
        save(window, out, "audit")
        sync_shots(window, out)
        window.lock()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
