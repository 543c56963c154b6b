"""Step 1 of the referral dialog for a child who did not agree to be referred: the duty.

Shown above the services when the core says the screening allows only a
referral under the child-protection duty (`ReferralDraft.under_duty`): the
ground, that the child was told, whether the child agrees to the worker's note
going to the service, and a short note on the duty kept on the case. It only
draws and collects: whether the duty applies, what it may share and how it is
recorded are the core's (`app.domain.child_protection`), which checks the
duty when the worker leaves the step and again when each packet is made.
"""

from __future__ import annotations

from typing import Any

from PySide6 import QtCore, QtWidgets

from app.domain import child_protection
from app.domain import referral_rules as rules
from app.domain.child_protection import Duty
from app.i18n import _, pgettext
from app.ui.controls import label, line_edit, set_text


class DutyPanel(QtWidgets.QGroupBox):
    """Collects the draft's `child_protection.Duty`; emits `changed` on every change."""

    changed = QtCore.Signal()

    def __init__(self, draft: Any, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("referralDuty")
        self.draft = draft
        self.intro = label("caution")
        self.intro.setObjectName("dutyIntro")
        self.ground_label = label()
        self.ground_buttons: dict[str, QtWidgets.QRadioButton] = {}
        self.grounds = QtWidgets.QButtonGroup(self)
        grounds = QtWidgets.QVBoxLayout()
        for ground in child_protection.GROUNDS:
            radio = QtWidgets.QRadioButton()
            radio.setObjectName(f"duty_{ground}")
            radio.toggled.connect(self._changed)
            self.grounds.addButton(radio)
            grounds.addWidget(radio)
            self.ground_buttons[ground] = radio
        self.child_told = QtWidgets.QCheckBox()
        self.child_told.setObjectName("dutyChildTold")
        self.child_told.toggled.connect(self._changed)
        self.shares = label("note")
        self.shares.setObjectName("dutyShares")
        self.note_agreed = QtWidgets.QCheckBox()
        self.note_agreed.setObjectName("dutyNoteAgreed")
        self.note_agreed.toggled.connect(self._changed)
        self.note_label = label()
        self.note = line_edit("dutyNote")
        self.note.setMaxLength(child_protection.MAX_NOTE_LENGTH)
        self.note.textChanged.connect(self._changed)
        self.note_label.setBuddy(self.note)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.ground_label)
        layout.addLayout(grounds)
        for widget in (self.child_told, self.shares, self.note_agreed, self.note_label, self.note):
            layout.addWidget(widget)
        self.retranslate()

    def retranslate(self) -> None:
        """Every text in the current UI language."""
        self.setTitle(_("Referral under the child-protection duty"))
        self.intro.setText(
            _(
                "The child did not agree to be referred. The duty to protect a child does not "
                "wait for the child's agreement: you may refer the child to a child-protection "
                "service. Tell the child first, and listen to what they say."
            )
        )
        self.intro.setAccessibleName(self.intro.text())
        shared = [
            _(rules.SECTIONS[s]) for s in rules.SECTIONS if s in child_protection.DUTY_SECTIONS
        ]
        # TRANSLATORS: between the items of a list on one line; Arabic and Farsi use "؛ ".
        separator = pgettext("list separator", "; ")
        self.shares.setText(
            _(
                "The packet says that it was made under a child-protection duty without the "
                "child's agreement, and shares only: {sections}. Never the questions the child "
                "chose not to answer; your note for the service only if the child agrees."
            ).format(sections=separator.join(shared))
        )
        self.ground_label.setText(_("Ground for the referral"))
        for ground, radio in self.ground_buttons.items():
            title = _(child_protection.GROUNDS[ground])
            set_text(radio, title, _("Ground: {ground}").format(ground=title))
        set_text(self.child_told, _("I have told the child that child protection will be told"))
        set_text(self.note_agreed, _("The child agrees that my note for the service may be shared"))
        self.note_label.setText(_("N&ote on the duty (kept on the case, not in the packet)"))
        self.note.setPlaceholderText(_("A few words on why; never the child's own account"))
        self.note.setAccessibleName(_("Note on the duty"))

    def changeEvent(self, event: QtCore.QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QtCore.QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def duty(self) -> Duty:
        """The duty as ticked so far (the core says what is missing)."""
        ground = next((g for g, radio in self.ground_buttons.items() if radio.isChecked()), "")
        return Duty(
            ground, self.child_told.isChecked(), self.note.text(), self.note_agreed.isChecked()
        )

    def _changed(self, *_args: Any) -> None:
        self.draft.set_duty(self.duty())
        self.changed.emit()
