"""Step 2 of the referral dialog: what each chosen service receives, and in which language.

One list per service, pre-set from what the person agreed at consent and the
service's type. A part the person did not agree to share is shown, disabled,
as "not agreed at consent". The packet language starts at the service's
first working language; choosing one it does not list asks for confirmation
first. A second language repeats the packet for the person's own copy. The
worker's note is disabled, with the reason, when the person did not agree to
share one. Under the child-protection duty the lists start from what the duty
allows, and a part it does not allow is shown as "not shared under the duty".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6 import QtCore, QtWidgets

from app.domain import referral_rules as rules
from app.i18n import N_, _, current_language, language_name, offered_languages, pgettext
from app.ui.controls import compact_combo, label, line_edit, set_text
from app.ui.language import Retranslating, review_title
from app.ui.referral.step_services import checkbox, group

NOTE_REMINDER = N_(
    "Write only what the service needs to act: facts and needs in a few words. "
    "Never write down the person's account in their own words; notes can be used "
    "against them if their story changes."
)


class ServiceContents(QtWidgets.QGroupBox):
    """What one service receives: language(s), the parts of the packet, the needs it is told."""

    changed = QtCore.Signal()

    def __init__(
        self,
        draft: Any,
        service_id: int,
        confirm_language: Callable[[Any, str], bool],
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.draft = draft
        self.service_id = service_id
        self.confirm_language = confirm_language
        self._loading = False
        self.setObjectName(f"serviceContents_{service_id}")
        self.languages_note = label("note")
        self.lang_label = label()
        self.lang_box = compact_combo("packetLanguage")
        self.lang_label.setBuddy(self.lang_box)
        self.lang_box.currentIndexChanged.connect(self._lang_chosen)
        self.copy_box = checkbox("personCopy")
        self.copy_box.toggled.connect(self._copy_toggled)
        self.copy_lang = compact_combo("personCopyLanguage")
        self.copy_lang.currentIndexChanged.connect(self._copy_lang_chosen)
        self.sections_label = label()
        self.section_boxes: dict[str, QtWidgets.QCheckBox] = {}
        self.needs_label = label()
        self.need_boxes: dict[str, QtWidgets.QCheckBox] = {}
        lang_row = QtWidgets.QHBoxLayout()
        lang_row.addWidget(self.lang_label)
        lang_row.addWidget(self.lang_box, 1)
        copy_row = QtWidgets.QHBoxLayout()
        copy_row.addWidget(self.copy_box)
        copy_row.addWidget(self.copy_lang, 1)
        sections = QtWidgets.QVBoxLayout()
        for section in rules.SECTIONS:
            box = checkbox(f"share_{section}")
            box.toggled.connect(lambda on, s=section: self._section_toggled(s, on))
            self.section_boxes[section] = box
            sections.addWidget(box)
        needs = self.needs_grid = QtWidgets.QGridLayout()
        for need in rules.NEEDS:
            box = checkbox(f"serviceNeed_{need}")
            box.toggled.connect(lambda on, n=need: self._need_toggled(n, on))
            self.need_boxes[need] = box
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.languages_note)
        layout.addLayout(lang_row)
        layout.addLayout(copy_row)
        layout.addWidget(self.sections_label)
        layout.addLayout(sections)
        layout.addWidget(self.needs_label)
        layout.addLayout(needs)
        self.retranslate()

    @property
    def plan(self) -> Any:
        return self.draft.plans[self.service_id]

    def changeEvent(self, event: QtCore.QEvent) -> None:  # noqa: N802 - Qt override
        if (
            event.type() == QtCore.QEvent.Type.LanguageChange
            and self.service_id in self.draft.plans
        ):
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        plan, service = self.plan, self.plan.service
        self.setTitle(
            _("For {service} ({type})").format(
                service=service.name,
                type=_(rules.SERVICE_TYPES.get(service.type, service.type)),
            )
        )
        if service.languages:
            # TRANSLATORS: between the items of a list on one line; Arabic and Farsi use "؛ ".
            spoken = pgettext("list separator", "; ").join(
                language_name(code, current_language()) for code in service.languages
            )
            self.languages_note.setText(_("Works in: {languages}").format(languages=spoken))
        else:
            self.languages_note.setText(_("This service lists no working languages."))
        self.lang_label.setText(_("Packet &language"))
        self.lang_box.setAccessibleName(
            _("Language of the packet for {service}").format(service=service.name)
        )
        self._loading = True
        self.lang_box.clear()
        listed = [lang for lang in offered_languages() if lang.code in service.languages]
        others = [lang for lang in offered_languages() if lang.code not in service.languages]
        for lang in listed:
            self.lang_box.addItem(
                _("{language} (works in it; {status})").format(
                    language=lang.native_name, status=review_title(lang.code)
                ),
                lang.code,
            )
        if listed and others:
            self.lang_box.insertSeparator(self.lang_box.count())
        for lang in others:
            text = lang.native_name
            if service.languages:
                text = _("{language} (not listed by the service)").format(language=text)
            self.lang_box.addItem(text, lang.code)
        self.lang_box.setCurrentIndex(max(0, self.lang_box.findData(plan.lang)))
        self.copy_lang.clear()
        for lang in offered_languages():
            self.copy_lang.addItem(lang.native_name, lang.code)
        wanted = plan.second_lang or self.draft.person_language
        self.copy_lang.setCurrentIndex(max(0, self.copy_lang.findData(wanted)))
        self._loading = False
        set_text(
            self.copy_box,
            _("Also in the person's language, for their own copy:"),
            _("Repeat the packet for {service} in the person's language").format(
                service=service.name
            ),
        )
        self.copy_lang.setAccessibleName(_("Language of the person's copy"))
        self.sections_label.setText(_("What {service} receives:").format(service=service.name))
        self.needs_label.setText(_("Needs it is told about:"))
        self.show_plan()

    def show_plan(self) -> None:
        """Tick and enable everything as the draft says."""
        plan = self.plan
        self._loading = True
        options = {o.section: o for o in self.draft.options(plan.service.type)}
        for section, box in self.section_boxes.items():
            name = _(rules.SECTIONS[section])
            allowed = options[section].allowed
            box.setEnabled(allowed)
            box.setChecked(allowed and section in plan.sections)
            if allowed:
                set_text(box, name, _("{service} receives: {section}").format(
                    service=plan.service.name, section=name))  # fmt: skip
                box.setToolTip("")
            elif self.draft.under_duty:
                text = _("{section} (not shared under the duty)").format(section=name)
                set_text(box, text, text)
                box.setToolTip(_("Not shared: the child-protection duty does not allow it."))
            else:
                text = _("{section} (not agreed at consent)").format(section=name)
                set_text(box, text, text)
                box.setToolTip(_("The person did not agree to share this when asked."))
        told = rules.NEEDS_SECTION in plan.sections
        # Only the person's needs, two to a row, with no gaps for the others.
        for box in self.need_boxes.values():
            self.needs_grid.removeWidget(box)
        shown = [need for need in rules.NEEDS if need in self.draft.person_needs]
        for index, need in enumerate(shown):
            self.needs_grid.addWidget(self.need_boxes[need], index // 2, index % 2)
        for need, box in self.need_boxes.items():
            present = need in self.draft.person_needs
            box.setVisible(present)
            box.setEnabled(told)
            box.setChecked(need in plan.needs)
            set_text(
                box,
                _(rules.NEEDS[need]),
                _("Tell {service} about: {need}").format(
                    service=plan.service.name, need=_(rules.NEEDS[need])
                ),
            )
        self.needs_label.setVisible(bool(self.draft.person_needs))
        self.copy_box.setChecked(bool(plan.second_lang))
        self.copy_lang.setEnabled(bool(plan.second_lang))
        self._loading = False

    # --- changes -------------------------------------------------------------------------
    def _section_toggled(self, section: str, on: bool) -> None:
        if self._loading:
            return
        self.draft.set_section(self.service_id, section, on)
        self.show_plan()
        self.changed.emit()

    def _need_toggled(self, need: str, on: bool) -> None:
        if not self._loading:
            self.draft.set_service_need(self.service_id, need, on)
            self.changed.emit()

    def _lang_chosen(self, _index: int) -> None:
        code = self.lang_box.currentData()
        if self._loading or not code or code == self.plan.lang:
            return
        confirmed = False
        if self.draft.language_needs_confirmation(self.service_id, code):
            confirmed = self.confirm_language(self.plan.service, code)
            if not confirmed:
                self._loading = True
                self.lang_box.setCurrentIndex(max(0, self.lang_box.findData(self.plan.lang)))
                self._loading = False
                return
        self.draft.set_language(self.service_id, code, confirmed=confirmed)
        self.show_plan()
        self.changed.emit()

    def _copy_toggled(self, on: bool) -> None:
        if self._loading:
            return
        self._set_copy(self.copy_lang.currentData() if on else "")

    def _copy_lang_chosen(self, _index: int) -> None:
        if not self._loading and self.copy_box.isChecked():
            self._set_copy(self.copy_lang.currentData())

    def _set_copy(self, code: str) -> None:
        if code == self.plan.lang:
            code = ""  # the packet is in that language already
        self.draft.set_second_language(self.service_id, code or "")
        self.show_plan()
        self.changed.emit()


class ContentsStep(Retranslating):
    """One `ServiceContents` per chosen service, then the worker's contact and note."""

    changed = QtCore.Signal()

    def __init__(
        self,
        draft: Any,
        confirm_language: Callable[[Any, str], bool],
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("referralStepContents")
        self.draft = draft
        self.confirm_language = confirm_language
        self.panels: dict[int, ServiceContents] = {}
        self.intro = label("note")
        self.panels_layout = QtWidgets.QVBoxLayout()
        self.contact_group, contact = group("referralContact")
        form = QtWidgets.QFormLayout()
        self.phone_label, self.email_label = label(), label()
        self.worker_phone = line_edit("workerPhone")
        self.worker_email = line_edit("workerEmail")
        for field_ in (self.worker_phone, self.worker_email):
            field_.setMaxLength(200)
            field_.textChanged.connect(self._text_changed)
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
        self.note.setMaximumHeight(90)
        self.note.textChanged.connect(self._text_changed)
        self.note_label.setBuddy(self.note)
        self.note_reason = label("note")
        self.note_reason.setObjectName("noteNotAgreed")
        contact.addWidget(self.note_label)
        contact.addWidget(self.note_reminder)
        contact.addWidget(self.note)
        contact.addWidget(self.note_reason)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.intro)
        layout.addLayout(self.panels_layout)
        layout.addWidget(self.contact_group)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        if self.draft.under_duty:
            self.intro.setText(
                _(
                    "What the packet carries. Ticked parts are what the child-protection duty "
                    "allows and what this kind of service needs; untick what it does not need."
                )
            )
        else:
            self.intro.setText(
                _(
                    "For each service, what its packet carries. Ticked parts are what the "
                    "person agreed to share and what this kind of service needs; untick what "
                    "it does not need."
                )
            )
        self.contact_group.setTitle(_("Your contact and note (for every packet)"))
        self.phone_label.setText(_("Your &phone"))
        self.email_label.setText(_("Your &e-mail"))
        self.worker_phone.setAccessibleName(_("Your phone"))
        self.worker_email.setAccessibleName(_("Your e-mail"))
        self.note_label.setText(_("&Note for the services"))
        self.note.setAccessibleName(_("Note for the services"))
        self.note_reminder.setText(_(NOTE_REMINDER))
        self._show_note_state()

    def _show_note_state(self) -> None:
        """The note is open only when the person (under the duty: the child) agreed to it."""
        allowed = self.draft.note_allowed
        self.note.setEnabled(allowed)
        self.note_reason.setVisible(not allowed)
        if self.draft.under_duty:
            reason = _(
                "The child did not agree that your note may be shared, so no note can be "
                "added. If they do, tick that in the first step."
            )
        else:
            reason = _(
                "Not agreed at consent: the person did not agree to share a note from you, "
                "so no note can be added."
            )
        self.note_reason.setText(reason)
        self.note.setAccessibleDescription("" if allowed else reason)

    def rebuild(self) -> None:
        """One panel per chosen service, in the order chosen."""
        self._show_note_state()
        for service_id in list(self.panels):
            if service_id not in self.draft.plans:
                self.panels.pop(service_id).deleteLater()
        for service_id in self.draft.plans:
            if service_id not in self.panels:
                panel = ServiceContents(self.draft, service_id, self.confirm_language)
                panel.changed.connect(self.changed)
                self.panels[service_id] = panel
        for panel in self.panels.values():
            self.panels_layout.removeWidget(panel)
        for service_id in self.draft.plans:
            self.panels_layout.addWidget(self.panels[service_id])
            self.panels[service_id].show_plan()

    def _text_changed(self, *_args: Any) -> None:
        self.draft.worker_phone = self.worker_phone.text()
        self.draft.worker_email = self.worker_email.text()
        self.draft.note = self.note.toPlainText()
        self.changed.emit()
