"""The referral dialog: from a completed screening to one packet per chosen service.

The worker picks services from the directory and, per service, what is shared
and in which language; then urgency, needs, contact, a short note and an
optional password. A preview shows what the selected service's packet will
say before anything is written. Every rule is the core's: the dialog asks
`referral_rules` what to pre-tick and what the consent forbids, and
`export_referral` builds, encrypts, writes and records each packet off the UI
thread. The window title never names the case or the person.
"""

from __future__ import annotations

from typing import Any

from PySide6 import QtCore, QtWidgets

from app.domain import child_protection
from app.domain import referral_rules as rules
from app.domain.models import ScreeningStatus
from app.export.referrals import build_packet, export_referral
from app.i18n import N_, _, current_language, language
from app.ui.admin.services_page import ServicesModel, service_table
from app.ui.bidi import isolate
from app.ui.controls import button, label, line_edit, set_text
from app.ui.file_dialogs import choose_file
from app.ui.operations import error_message, run_in_background
from app.ui.referral.consent_scope import ConsentScope
from app.ui.referral.draft import ReferralDraft
from app.ui.referral.preview import PacketPreview
from app.ui.referral.service_panel import ServiceChoicePanel, checkbox

NOTE_REMINDER = N_(
    "Write only what the service needs to act: facts and needs in a few words. "
    "Never write down the person's account in their own words; notes can be used "
    "against them if their story changes."
)
UNPROTECTED_WARNING = N_(
    "Without a password the packet is not protected: anyone who gets the file can "
    "read it. Send it only by a safe way."
)


def refusal(vault: Any, screening_id: int) -> str | None:
    """Why no referral can be made from this screening (the core's words), or None."""
    try:
        screening = vault.screenings.get(screening_id)
        rules.check_may_refer(
            consent_to_refer=bool(screening.consent.refer),
            screening_completed=screening.status is ScreeningStatus.COMPLETED,
        )
    except Exception as error:
        return error_message(error)
    return None


def _group(name: str) -> tuple[QtWidgets.QGroupBox, QtWidgets.QVBoxLayout]:
    group = QtWidgets.QGroupBox()
    group.setObjectName(name)
    return group, QtWidgets.QVBoxLayout(group)


class ReferralDialog(QtWidgets.QDialog):
    """Prepare and export referral packets for one screening; `exported` carries the records.

    With `duty` (a child who did not agree to be referred, see duty_step.py)
    only child-protection services are offered, and what the packet may share
    is what the duty allows instead of what the person agreed to.
    """

    exported = QtCore.Signal(list)  # [(service, path, Referral)]

    def __init__(
        self,
        vault: Any,
        screening: Any,
        parent: QtWidgets.QWidget | None = None,
        *,
        duty: child_protection.Duty | None = None,
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
        self.duty = duty
        scope = (
            child_protection.allowed_sections(duty)
            if duty is not None
            else frozenset(screening.consent.refer_sections)
        )
        self.draft = ReferralDraft(screening.id, current_language(), scope, duty=duty)
        self.current_id: int | None = None
        self.operation: Any = None
        # Tests (and nothing else) replace this to skip the file dialog.
        self.path_chooser = self.choose_path
        self._loading = False
        self._preview_timer = QtCore.QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(120)
        self._preview_timer.timeout.connect(self.refresh_preview)
        self._build()
        services = vault.services.list()
        if duty is not None:
            services = [s for s in services if s.type == child_protection.DUTY_SERVICE_TYPE]
        self.services_model.set_services(services)
        self.services_view.resizeColumnsToContents()
        self.resize(1240, 780)
        self.retranslate()
        self._load_service_panel()
        self.refresh_preview()
        self.services_view.setFocus()

    # --- construction -------------------------------------------------------------------
    def _build(self) -> None:
        self.intro = label("note")
        # Services
        self.services_group, services = _group("referralServices")
        self.services_model = ServicesModel(checkable=True, parent=self)
        self.services_model.checked_changed.connect(self._services_checked)
        self.services_view = service_table(self.services_model, "referralServiceTable")
        self.services_view.setMinimumHeight(150)
        for column in (4, 5):  # phone and e-mail: in the packet, not needed to choose
            self.services_view.hideColumn(column)
        self.services_view.selectionModel().currentRowChanged.connect(self._service_selected)
        self.services_empty = label("note")
        services.addWidget(self.services_view)
        services.addWidget(self.services_empty)
        # Per service: language, sections, needs
        self.service_panel = ServiceChoicePanel()
        self.service_panel.under_duty = self.duty is not None
        self.service_panel.section_toggled.connect(self._section_toggled)
        self.service_panel.need_toggled.connect(self._service_need_toggled)
        self.service_panel.language_chosen.connect(self._lang_chosen)
        # Short names for what tests and the screenshots reach into.
        self.lang_box = self.service_panel.lang_box
        self.section_boxes = self.service_panel.section_boxes
        self.section_reasons = self.service_panel.section_reasons
        self.service_need_boxes = self.service_panel.need_boxes
        # Consent
        self.consent_group = ConsentScope(
            self.draft.recorded, self.screening.consent.at, duty=self.duty
        )
        self.consent_group.section_toggled.connect(self._consent_toggled)
        self.consent_boxes = self.consent_group.boxes
        # Urgency and needs
        self.needs_group, needs = _group("referralNeeds")
        self.urgency_label = label()
        self.urgency_box = QtWidgets.QComboBox()
        self.urgency_box.setObjectName("referralUrgency")
        self.urgency_label.setBuddy(self.urgency_box)
        self.urgency_box.currentIndexChanged.connect(self._urgency_chosen)
        urgency_row = QtWidgets.QHBoxLayout()
        urgency_row.addWidget(self.urgency_label)
        urgency_row.addWidget(self.urgency_box, 1)
        needs.addLayout(urgency_row)
        self.needs_label = label()
        needs.addWidget(self.needs_label)
        self.need_boxes: dict[str, QtWidgets.QCheckBox] = {}
        person_grid = QtWidgets.QGridLayout()
        for index, need in enumerate(rules.NEEDS):
            box = checkbox(f"need_{need}")
            box.toggled.connect(lambda on, n=need: self._need_toggled(n, on))
            self.need_boxes[need] = box
            person_grid.addWidget(box, index // 2, index % 2)
        needs.addLayout(person_grid)
        self.other_need = line_edit("otherNeed")
        self.other_need.setMaxLength(200)
        self.other_need.setEnabled(False)
        self.other_need.textChanged.connect(self._text_changed)
        needs.addWidget(self.other_need)
        # Worker's contact and note
        self.contact_group, contact = _group("referralContact")
        form = QtWidgets.QFormLayout()
        self.phone_label, self.email_label = label(), label()
        self.worker_phone = line_edit("workerPhone")
        self.worker_email = line_edit("workerEmail")
        for field in (self.worker_phone, self.worker_email):
            field.setMaxLength(200)
            field.textChanged.connect(self._text_changed)
        self.phone_label.setBuddy(self.worker_phone)
        self.email_label.setBuddy(self.worker_email)
        form.addRow(self.phone_label, self.worker_phone)
        form.addRow(self.email_label, self.worker_email)
        contact.addLayout(form)
        self.note_label = label()
        self.note_reminder = label("caution")
        self.note_reminder.setObjectName("noteReminder")
        self.note = QtWidgets.QPlainTextEdit()
        self.note.setObjectName("referralNote")
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(110)
        self.note.textChanged.connect(self._text_changed)
        self.note_label.setBuddy(self.note)
        contact.addWidget(self.note_label)
        contact.addWidget(self.note_reminder)
        contact.addWidget(self.note)
        # Password
        self.password_group, protect = _group("referralPassword")
        form = QtWidgets.QFormLayout()
        self.password_label, self.repeat_label = label(), label()
        self.password = line_edit("packetPassword", password=True)
        self.repeat = line_edit("packetPasswordRepeat", password=True)
        self.password_label.setBuddy(self.password)
        self.repeat_label.setBuddy(self.repeat)
        form.addRow(self.password_label, self.password)
        form.addRow(self.repeat_label, self.repeat)
        protect.addLayout(form)
        self.unprotected_warning = label("caution")
        self.unprotected_warning.setObjectName("unprotectedWarning")
        self.unprotected_ok = checkbox("confirmUnprotected")
        protect.addWidget(self.unprotected_warning)
        protect.addWidget(self.unprotected_ok)
        for field in (self.password, self.repeat):
            field.textChanged.connect(self._password_changed)
        # Left column: every choice, scrolling
        choices = QtWidgets.QWidget()
        column = QtWidgets.QVBoxLayout(choices)
        column.setContentsMargins(0, 0, 8, 0)
        for widget in (
            self.intro,
            self.services_group,
            self.service_panel,
            self.consent_group,
            self.needs_group,
            self.contact_group,
            self.password_group,
        ):
            column.addWidget(widget)
        column.addStretch(1)
        scroll = QtWidgets.QScrollArea()
        scroll.setObjectName("referralChoices")
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        scroll.setWidget(choices)
        # Right column: preview, then what was written
        self.preview_title = label("interviewer")
        self.preview = PacketPreview()
        self.preview_title.setBuddy(self.preview)
        self.error = label("error")
        self.error.setObjectName("referralError")
        self.error.hide()
        self.result = label()
        self.result.setObjectName("referralResult")
        self.result.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.hide()
        right = QtWidgets.QWidget()
        side = QtWidgets.QVBoxLayout(right)
        side.setContentsMargins(8, 0, 0, 0)
        side.addWidget(self.preview_title)
        side.addWidget(self.preview, 1)
        side.addWidget(self.error)
        side.addWidget(self.result)
        splitter = QtWidgets.QSplitter()
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(scroll)
        splitter.addWidget(right)
        splitter.setSizes([660, 580])
        # Buttons
        self.export_button = button("primary", "exportReferralButton")
        self.export_button.clicked.connect(self.export)
        self.close_button = button("", "closeReferralButton")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.export_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self.choices_area = choices

    # --- texts --------------------------------------------------------------------------
    def retranslate(self) -> None:
        """Every text in the current UI language (the preview stays in the packet's)."""
        self.setWindowTitle(_("Referral"))
        self.setAccessibleName(_("Prepare a referral"))
        if self.duty is not None:
            self.intro.setText(
                _(
                    "Referral under the child-protection duty, without the child's agreement "
                    "({ground}): choose the child-protection service. The packet says so."
                ).format(ground=_(child_protection.GROUNDS[self.duty.ground]))
            )
        else:
            self.intro.setText(
                _(
                    "Choose the services to refer the person to. Each service gets its own "
                    "packet with only what you tick for it."
                )
            )
        self.services_group.setTitle(_("Services"))
        self.services_view.setAccessibleName(_("Service directory: tick the services to refer to"))
        if self.duty is not None:
            self.services_empty.setText(
                _(
                    "The service directory has no child-protection service. An administrator "
                    "adds services under Administration."
                )
            )
        else:
            self.services_empty.setText(
                _(
                    "The service directory is empty. An administrator adds services under "
                    "Administration."
                )
            )
        self.services_empty.setVisible(not self.services_model.services)
        self.services_model.retranslate()
        self.service_panel.retranslate()
        self.consent_group.retranslate()
        self.needs_group.setTitle(_("Urgency and needs"))
        self.urgency_label.setText(_("&Urgency"))
        self.urgency_box.setAccessibleName(_("Urgency"))
        current = self.draft.urgency
        self._loading = True
        self.urgency_box.clear()
        for key, title in rules.URGENCIES.items():
            self.urgency_box.addItem(_(title), key)
        self.urgency_box.setCurrentIndex(max(0, self.urgency_box.findData(current)))
        self._loading = False
        self.needs_label.setText(_("The person's needs:"))
        for need, box in self.need_boxes.items():
            set_text(
                box,
                _(rules.NEEDS[need]),
                _("The person needs: {need}").format(need=_(rules.NEEDS[need])),
            )
        self.other_need.setPlaceholderText(_("The other need, in a few words"))
        self.other_need.setAccessibleName(_("The other need"))
        self.contact_group.setTitle(_("Your contact and note"))
        self.phone_label.setText(_("Your &phone"))
        self.email_label.setText(_("Your &e-mail"))
        self.worker_phone.setAccessibleName(_("Your phone"))
        self.worker_email.setAccessibleName(_("Your e-mail"))
        self.note_label.setText(_("&Note for the service"))
        self.note_reminder.setText(_(NOTE_REMINDER))
        self.note.setAccessibleName(_("Note for the service"))
        self.note.setAccessibleDescription(_(NOTE_REMINDER))
        self.password_group.setTitle(_("Protect the packet"))
        self.password_label.setText(_("Packet pass&word"))
        self.repeat_label.setText(_("&Repeat the password"))
        self.password.setAccessibleName(_("Packet password"))
        self.repeat.setAccessibleName(_("Repeat the packet password"))
        self.unprotected_warning.setText(_(UNPROTECTED_WARNING))
        set_text(self.unprotected_ok, _("I understand: write the packet without a password"))
        self.preview.setAccessibleName(_("Preview of the packet"))
        set_text(self.export_button, _("Export packets…"))
        set_text(self.close_button, _("Close"))
        self._password_changed()
        self._load_service_panel()
        self._schedule_preview()

    def changeEvent(self, event: QtCore.QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QtCore.QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- reacting to choices ------------------------------------------------------------
    def _services_checked(self) -> None:
        checked = self.services_model.checked_ids()
        for service_id in list(self.draft.choices):
            if service_id not in checked:
                self.draft.drop(service_id)
        for service in self.services_model.services:
            if service.id in checked and service.id not in self.draft.choices:
                self.draft.choose(service)
                self.current_id = service.id
                self._select_row_of(service.id)
        self._load_service_panel()
        self._schedule_preview()

    def _select_row_of(self, service_id: int) -> None:
        for row, service in enumerate(self.services_model.services):
            if service.id == service_id:
                self.services_view.selectRow(row)

    def _service_selected(self, current: QtCore.QModelIndex, _previous: Any = None) -> None:
        if current.isValid():
            self.current_id = self.services_model.service(current.row()).id
        self._load_service_panel()
        self._schedule_preview()

    def _load_service_panel(self) -> None:
        """Show the selected service's choices (disabled until the service is ticked)."""
        choice = self.draft.choices.get(self.current_id) if self.current_id is not None else None
        options = self.draft.options(choice.service.type) if choice is not None else []
        self.service_panel.show_choice(choice, options, self.draft.person_needs)

    def _section_toggled(self, section: str, on: bool) -> None:
        if self.current_id in self.draft.choices:
            self.draft.set_section(self.current_id, section, on)
            self._schedule_preview()

    def _service_need_toggled(self, need: str, on: bool) -> None:
        if self.current_id in self.draft.choices:
            self.draft.set_service_need(self.current_id, need, on)
            self._schedule_preview()

    def _lang_chosen(self, code: str) -> None:
        if self.current_id in self.draft.choices:
            self.draft.choices[self.current_id].lang = code
            self._schedule_preview()

    def _consent_toggled(self, section: str, on: bool) -> None:
        self.draft.set_consented(section, on)
        self._load_service_panel()
        self._schedule_preview()

    def _need_toggled(self, need: str, on: bool) -> None:
        self.draft.set_person_need(need, on)
        if need == "other":
            self.other_need.setEnabled(on)
        self._load_service_panel()
        self._schedule_preview()

    def _urgency_chosen(self, _index: int) -> None:
        if not self._loading and self.urgency_box.currentData():
            self.draft.urgency = self.urgency_box.currentData()
            self._schedule_preview()

    def _text_changed(self, *_args: Any) -> None:
        self.draft.other_need = self.other_need.text()
        self.draft.worker_phone = self.worker_phone.text()
        self.draft.worker_email = self.worker_email.text()
        self.draft.note = self.note.toPlainText()
        self._schedule_preview()

    def _password_changed(self, *_args: Any) -> None:
        unprotected = not self.password.text() and not self.repeat.text()
        self.unprotected_warning.setVisible(unprotected)
        self.unprotected_ok.setVisible(unprotected)

    # --- preview ------------------------------------------------------------------------
    def _schedule_preview(self) -> None:
        self._preview_timer.start()

    def refresh_preview(self) -> None:
        """Show what the selected service's packet will say, as the core builds it."""
        from app.export.packet import packet_outline

        self._preview_timer.stop()
        choice = self.draft.choices.get(self.current_id) if self.current_id is not None else None
        if choice is None:
            self.preview_title.setText(_("Preview"))
            self.preview.show_message(_("Tick a service to see its packet here before export."))
            return
        self.preview_title.setText(
            _("Preview of the packet for {service}, in {language}").format(
                service=isolate(choice.service.name),
                language=isolate(language(choice.lang).native_name),
            )
        )
        try:
            content = build_packet(self.vault, self.draft.request(choice.service.id))
        except Exception as error:
            self.preview.show_message(error_message(error))
            return
        self.preview.show_outline(packet_outline(content), choice.lang)

    # --- export -------------------------------------------------------------------------
    def problems(self) -> list[str]:
        """What stops the export now, in words (the core checks the rules again)."""
        found = []
        if not self.draft.choices:
            found.append(_("Tick at least one service."))
        if self.password.text() != self.repeat.text():
            found.append(_("The two packet passwords differ. Type the same password twice."))
        elif not self.password.text() and not self.unprotected_ok.isChecked():
            found.append(
                _("Enter a packet password, or confirm that the packet may be unprotected.")
            )
        if "other" in self.draft.person_needs and not self.other_need.text().strip():
            found.append(_("Say in a few words what the other need is."))
        return found

    def choose_path(self, service: Any, index: int) -> str | None:
        """Ask where to write one service's packet (Qt's dialog, no recent-file list)."""
        return choose_file(
            self,
            _("Save the packet for {service}").format(service=service.name),
            save=True,
            suggested=_("referral-packet-{number}.pdf").format(number=index),
            name_filter=_("PDF files (*.pdf)"),
            suffix="pdf",
        )

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def export(self) -> None:
        """Check, ask for each file, then build, write and record the packets off the UI thread."""
        self._show_error("")
        problems = self.problems()
        if problems:
            self._show_error("\n".join(problems))
            return
        jobs = []
        for number, request in enumerate(self.draft.requests(), start=1):
            service = self.draft.choices[request.service_id].service
            try:
                build_packet(self.vault, request)  # the core's rules, before any file is asked for
            except Exception as error:
                self._show_error(
                    _("{service}: {problem}").format(
                        service=service.name, problem=error_message(error)
                    )
                )
                return
            path = self.path_chooser(service, number)
            if not path:
                return
            jobs.append((service, path, request))
        password = self.password.text() or None
        vault = self.vault

        def work() -> list[tuple[Any, str, Any]]:
            done = []
            for service, path, request in jobs:
                try:
                    done.append(
                        (service, path, export_referral(vault, request, path, password=password))
                    )
                except Exception as error:
                    done.append((service, path, error))
                    break
            return done

        self.choices_area.setEnabled(False)
        self.export_button.setEnabled(False)
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
        self.password.clear()
        self.repeat.clear()
        self.preview.clear()
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
        self.choices_area.setEnabled(True)
        self.export_button.setEnabled(True)
        self._show_error(error_message(error))

    def _exported(self, done: list[tuple[Any, str, Any]]) -> None:
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
            written.append((service, path, outcome))
            lines.append(
                _("Packet for {service} written to {path}\nSHA-256: {sha}").format(
                    service=service.name, path=path, sha=outcome.packet_sha256
                )
            )
        if written:
            lines.append(_("The referral is recorded on the case."))
            if not self.password.text():
                lines.append(_(UNPROTECTED_WARNING))
        self.result.setText("\n\n".join(lines))
        self.result.setVisible(bool(lines))
        self.password.clear()
        self.repeat.clear()
        failed = len(written) < len(done)
        self.choices_area.setEnabled(failed)
        self.export_button.setEnabled(failed)
        self.close_button.setFocus()
        self.exported.emit(written)


def _duty_possible(vault: Any, screening_id: int) -> bool:
    """True when the core allows a referral of this child under the child-protection duty."""
    from app.screening.loader import find_form

    try:
        screening = vault.screenings.get(screening_id)
        audience = find_form(screening.form_id).audience
    except Exception:
        return False
    return child_protection.duty_possible(screening, audience=audience)


def open_referral_dialog(
    parent: QtWidgets.QWidget, vault: Any, screening_id: int
) -> QtWidgets.QDialog:
    """The summary page's referral handler: the dialog, or the core's reason why not.

    A child who did not agree to be referred gets the duty step first, then
    the dialog for child-protection services only.
    """
    reason = refusal(vault, screening_id)
    if reason is not None and _duty_possible(vault, screening_id):
        from app.ui.referral.duty_step import DutyStep

        step = DutyStep(parent)
        step.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        step.duty_chosen.connect(
            lambda duty: ReferralDialog(
                vault, vault.screenings.get(screening_id), parent, duty=duty
            ).open()
        )
        step.open()
        return step
    if reason is not None:
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
    dialog = ReferralDialog(vault, vault.screenings.get(screening_id), parent)
    dialog.open()
    return dialog
