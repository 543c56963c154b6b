"""The referral dialog: from a completed screening to one packet per chosen service, in three steps.

1. Choose services (and say what the person needs, how urgently).
2. What each service receives, in which language.
3. Review each packet and export.

The steps draw a `ReferralDraft` (app/export/referral_draft.py), which holds
the state and asks the core for every rule; `export_referral` builds,
encrypts, writes and records each packet off the UI thread. Each step
scrolls inside the dialog while Back, Next, Export and Close stay on screen,
so it fits a 1024x600 screen. The window title never names the case or the
person; file names carry the packet reference, never a name. For a child who
did not agree to be referred, step 1 starts with the child-protection duty
(duty_panel.py) and the steps offer what the duty allows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6 import QtCore, QtGui, QtWidgets

from app.export.referral_draft import STEPS, ReferralDraft
from app.i18n import N_, _, current_language, language
from app.ui.bidi import isolate, ltr
from app.ui.controls import button, confirm, label, quiet_scroll_area, set_text
from app.ui.file_dialogs import choose_folder
from app.ui.operations import error_message, run_in_background
from app.ui.referral.step_contents import ContentsStep
from app.ui.referral.step_review import UNPROTECTED_WARNING, ReviewStep
from app.ui.referral.step_services import ServicesStep

STEP_TITLES = {
    "services": N_("Choose services"),
    "contents": N_("What each service receives"),
    "review": N_("Review and export"),
}


class _Steps(QtWidgets.QStackedWidget):
    """The steps, asking for little height: each scrolls inside, so on a small screen the
    dialog is not wrapped in a second scroll area and its title and buttons stay put."""

    def sizeHint(self) -> QtCore.QSize:  # noqa: N802 - Qt override
        hint = super().sizeHint()
        return QtCore.QSize(hint.width(), max(self.minimumSizeHint().height(), 240))


class ReferralDialog(QtWidgets.QDialog):
    """Prepare and export referral packets for one screening; `exported` carries the records."""

    exported = QtCore.Signal(list)  # [(service, path, Referral)]

    def __init__(
        self,
        vault: Any,
        screening: Any,
        parent: QtWidgets.QWidget | None = None,
        *,
        draft: ReferralDraft | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("referralDialog")
        self.setModal(True)
        # The app's style draws a disabled box like an enabled one; here it must look off.
        self.setStyleSheet(
            "QCheckBox:disabled { color: #6b6b6b; }"
            "QCheckBox::indicator:disabled { border-color: #b9b9b9; background: #e4e2dc; }"
        )
        self.vault = vault
        self.screening = screening
        self.draft = draft or ReferralDraft(vault, screening.id, text_lang=current_language())
        self.operation: Any = None
        # Tests (and nothing else) replace these to skip Qt's own dialogs.
        self.folder_chooser = self.choose_folder
        self.language_confirmer = self.confirm_language
        self.replace_confirmer = self.confirm_replace
        self.step_label = label("title")
        self.step_label.setObjectName("referralStepTitle")
        self.steps_line = label("note")
        self.services_step = ServicesStep(self.draft, vault.services.list())
        self.contents_step = ContentsStep(self.draft, lambda s, c: self.language_confirmer(s, c))
        self.review_step = ReviewStep(self.draft)
        self.stack = _Steps()
        self.stack.setObjectName("referralSteps")
        for widget, name in (
            (self.services_step, "referralStep1"),
            (self.contents_step, "referralStep2"),
        ):
            scroll = quiet_scroll_area(name)
            scroll.setWidget(widget)
            self.stack.addWidget(scroll)
        self.stack.addWidget(self.review_step)
        self.error = label("error")
        self.error.setObjectName("referralError")
        self.error.hide()
        # What was written: a few lines that scroll, so Close stays on a small screen.
        self.result = QtWidgets.QPlainTextEdit()
        self.result.setObjectName("referralResult")
        self.result.setReadOnly(True)
        self.result.setTabChangesFocus(True)
        self.result.setMaximumHeight(110)
        self.result.hide()
        self.close_button = button("", "closeReferralButton")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        self.back_button = button("", "referralBackButton")
        self.back_button.setAutoDefault(False)
        self.back_button.clicked.connect(self.go_back)
        self.next_button = button("primary", "referralNextButton")
        self.next_button.clicked.connect(self.go_next)
        self.export_button = button("primary", "exportReferralButton")
        self.export_button.clicked.connect(self.export)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.close_button)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.export_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.step_label)
        layout.addWidget(self.steps_line)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.result)
        layout.addLayout(buttons)
        self.services_step.changed.connect(self._changed)
        self.contents_step.changed.connect(self._changed)
        QtGui.QShortcut(QtGui.QKeySequence("Alt+Right"), self, activated=self.go_next)
        QtGui.QShortcut(QtGui.QKeySequence("Alt+Left"), self, activated=self.go_back)
        self._fit_to_screen()
        self.retranslate()
        self.show_step(0)

    # Short names for what tests and the screenshots reach into.
    @property
    def services_model(self) -> Any:
        return self.services_step.services_model

    @property
    def services_view(self) -> QtWidgets.QTableView:
        return self.services_step.services_view

    def _fit_to_screen(self) -> None:
        screen = (self.parentWidget() or self).screen() or QtGui.QGuiApplication.primaryScreen()
        available = (
            screen.availableGeometry() if screen is not None else QtCore.QRect(0, 0, 1280, 800)
        )
        width = min(1100, available.width() - 24)
        height = min(760, available.height() - 48)
        self.resize(max(width, 600), max(height, 420))

    # --- texts --------------------------------------------------------------------------
    def retranslate(self) -> None:
        """Every text in the current UI language (the preview stays in the packet's)."""
        if self.draft.under_duty:
            self.setWindowTitle(_("Referral under the child-protection duty"))
            self.setAccessibleName(_("Referral under the child-protection duty"))
        else:
            self.setWindowTitle(_("Referral"))
            self.setAccessibleName(_("Prepare a referral"))
        set_text(self.close_button, _("&Close"), _("Close"))
        set_text(self.back_button, _("&Back"), _("Back (Alt+Left)"))
        set_text(self.next_button, _("&Next"), _("Next (Alt+Right)"))
        set_text(self.export_button, _("&Export packets…"), _("Export packets…"))
        self._show_step_title()

    def changeEvent(self, event: QtCore.QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QtCore.QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _show_step_title(self) -> None:
        step = self.draft.step
        self.step_label.setText(
            _("Step {number} of {count}: {title}").format(
                number=step + 1, count=len(STEPS), title=_(STEP_TITLES[STEPS[step]])
            )
        )
        self.step_label.setAccessibleName(self.step_label.text())
        # "›" is mirrored in right-to-left text, so it points onwards in Arabic too.
        self.steps_line.setText(
            " › ".join(
                (f"[{_(STEP_TITLES[key])}]" if index == step else _(STEP_TITLES[key]))
                for index, key in enumerate(STEPS)
            )
        )

    # --- moving between steps ------------------------------------------------------------
    def show_step(self, step: int) -> None:
        self.draft.step = step
        self.stack.setCurrentIndex(step)
        self._show_error("")
        if STEPS[step] == "contents":
            self.contents_step.rebuild()
        if STEPS[step] == "review":
            self.review_step.show_packets()
        self.back_button.setEnabled(step > 0)
        self.next_button.setVisible(step < len(STEPS) - 1)
        self.export_button.setVisible(step == len(STEPS) - 1)
        (self.export_button if step == len(STEPS) - 1 else self.next_button).setDefault(True)
        self._show_step_title()
        duty = self.services_step.duty_panel
        first = {
            0: self.services_view if duty is None else next(iter(duty.ground_buttons.values())),
            1: self.contents_step,
            2: self.review_step.packets,
        }[step]
        first.setFocus()
        if step == 1:
            self.contents_step.focusNextChild()
        scroll = self.stack.currentWidget()
        if isinstance(scroll, QtWidgets.QScrollArea):
            # From the top (the step's explanation), scrolled only as far as the focus needs.
            scroll.verticalScrollBar().setValue(0)
            focused = QtWidgets.QApplication.focusWidget()
            if focused is not None and scroll.isAncestorOf(focused):
                scroll.ensureWidgetVisible(focused, 0, 0)

    def go_next(self) -> None:
        """To the next step, or say what is missing."""
        if self.draft.step >= len(STEPS) - 1:
            return
        try:
            step = self.draft.advance()
        except Exception as error:
            self._show_error(error_message(error))
            return
        self.show_step(step)

    def go_back(self) -> None:
        if self.draft.step > 0:
            self.show_step(self.draft.back())

    def _changed(self) -> None:
        self.error.hide()

    # --- asking the worker ---------------------------------------------------------------
    def confirm_language(self, service: Any, code: str) -> bool:
        """Ask before a packet goes out in a language the service does not list."""
        return confirm(
            self,
            _("Packet language"),
            _(
                "{service} does not list {language} among the languages it works in. "
                "Make its packet in {language} anyway?"
            ).format(service=service.name, language=language(code).native_name),
        )

    def choose_folder(self) -> str | None:
        """Ask where to write the packets (Qt's dialog, no recent-folder list)."""
        return choose_folder(self, _("Save the packets in this folder"))

    def confirm_replace(self, names: list[str]) -> bool:
        return confirm(
            self,
            _("Replace files"),
            _("These files are there already: {files}. Replace them?").format(
                files=", ".join(names)
            ),
        )

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setAccessibleName(text)
        self.error.setVisible(bool(text))

    # --- export -------------------------------------------------------------------------
    def export(self) -> None:
        """Check, ask for the folder, then write and record the packets off the UI thread."""
        self._show_error("")
        problems = self.draft.problems(2) + self.review_step.problems()
        if problems:
            self._show_error("\n".join(problems))
            return
        folder = self.folder_chooser()
        if not folder:
            return
        folder = Path(folder)
        taken = [
            self.draft.file_name(service_id)
            for service_id in self.draft.plans
            if (folder / self.draft.file_name(service_id)).exists()
        ]
        if taken and not self.replace_confirmer(taken):
            return
        password = self.review_step.password.text() or None
        draft = self.draft
        plans = [(service_id, plan.service) for service_id, plan in draft.plans.items()]

        def work() -> list[tuple[Any, Path, Any]]:
            done = []
            for service_id, service in plans:
                path = folder / draft.file_name(service_id)
                try:
                    done.append(
                        (service, path, draft.export(service_id, folder, password=password))
                    )
                except Exception as error:
                    done.append((service, path, error))
                    break
            return done

        self.stack.setEnabled(False)
        for widget in (self.export_button, self.back_button):
            widget.setEnabled(False)
        self.operation = run_in_background(
            parent=self,
            work=work,
            on_success=self._exported,
            on_failure=self._export_failed,
            progress_text=_("Writing the packets…"),
        )

    def done(self, result: int) -> None:
        # Closed (by the worker, or by a lock): drop the case data it shows. While packets
        # are still being written, the dialog goes once the work reports back.
        super().done(result)
        self.review_step.clear_passwords()
        self.review_step.preview.clear()
        if self.operation is None or self.operation.done:
            self.deleteLater()

    def _closed_meanwhile(self) -> bool:
        if self.isVisible():
            return False
        self.deleteLater()
        return True

    def _export_failed(self, error: BaseException) -> None:
        if self._closed_meanwhile():
            return
        self.stack.setEnabled(True)
        self.export_button.setEnabled(True)
        self.back_button.setEnabled(True)
        self._show_error(error_message(error))

    def _exported(self, done: list[tuple[Any, Path, Any]]) -> None:
        if self._closed_meanwhile():
            return
        lines, written = [], []
        for service, path, outcome in done:
            if isinstance(outcome, BaseException):
                self._show_error(
                    _("The packet for {service} was not written: {problem}").format(
                        service=service.name, problem=error_message(outcome)
                    )
                )
                continue
            written.append((service, str(path), outcome))
            lines.append(
                _("Packet {reference} for {service} written to {path}\nSHA-256: {sha}").format(
                    reference=ltr(outcome.reference),
                    service=isolate(service.name),
                    path=ltr(str(path)),
                    sha=outcome.packet_sha256,
                )
            )
        if written:
            lines.append(
                _(
                    "The referrals are recorded on the case as prepared. When you have sent "
                    "a packet, mark it as sent on the case's summary."
                )
            )
            if not self.review_step.password.text():
                lines.append(_(UNPROTECTED_WARNING))
        self.result.setPlainText("\n\n".join(lines))
        self.result.setAccessibleName(_("Packets written"))
        self.result.setVisible(bool(lines))
        self.review_step.clear_passwords()
        self.draft.after_export()
        self.services_step.refresh_earlier()
        failed = len(written) < len(done)
        self.stack.setEnabled(failed)
        self.export_button.setEnabled(failed)
        self.back_button.setEnabled(failed)
        self.close_button.setFocus()
        self.exported.emit(written)


def open_referral_dialog(
    parent: QtWidgets.QWidget, vault: Any, screening_id: int
) -> QtWidgets.QDialog:
    """The summary page's referral handler: the dialog, or the core's reason why not.

    A child who did not agree to be referred gets the dialog under the
    child-protection duty (the duty first, child-protection services only).
    """
    try:
        draft = ReferralDraft(vault, screening_id, text_lang=current_language())
        reason = draft.refusal()
    except Exception as error:
        draft, reason = None, error_message(error)
    if draft is None or reason is not None:
        box = QtWidgets.QMessageBox(
            QtWidgets.QMessageBox.Icon.Warning,
            _("No referral"),
            reason,
            QtWidgets.QMessageBox.StandardButton.Ok,
            parent,
        )
        box.setObjectName("referralRefused")
        box.setAccessibleName(_("No referral"))
        box.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box
    dialog = ReferralDialog(vault, draft.source.screening, parent, draft=draft)
    dialog.open()
    return dialog
