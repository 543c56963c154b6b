"""The step before a referral under the child-protection duty: the ground, that the child
was told, whether the child agrees to the note being shared, and a short note on the duty.

Shown instead of "no referral" when a child did not agree to be referred. It
only draws and collects: whether the duty applies, what it may share and how
it is recorded are the core's (`app.domain.child_protection`), and the core
checks the recorded duty again when the packet is made.
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from app.domain import child_protection
from app.domain import referral_rules as rules
from app.i18n import _
from app.ui.controls import label, line_edit, name_standard_buttons, set_text
from app.ui.operations import error_message


class DutyStep(QtWidgets.QDialog):
    """Collects a `child_protection.Duty`; emits `duty_chosen(duty)` when it is complete."""

    duty_chosen = QtCore.Signal(object)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dutyStep")
        self.setModal(True)
        self.intro = label("caution")
        self.intro.setObjectName("dutyIntro")
        self.shares = label("note")
        self.shares.setObjectName("dutyShares")
        self.ground_group = QtWidgets.QGroupBox()
        self.ground_group.setObjectName("dutyGround")
        grounds = QtWidgets.QVBoxLayout(self.ground_group)
        self.ground_buttons: dict[str, QtWidgets.QRadioButton] = {}
        for ground in child_protection.GROUNDS:
            radio = QtWidgets.QRadioButton()
            radio.setObjectName(f"duty_{ground}")
            grounds.addWidget(radio)
            self.ground_buttons[ground] = radio
        self.child_told = QtWidgets.QCheckBox()
        self.child_told.setObjectName("dutyChildTold")
        self.note_agreed = QtWidgets.QCheckBox()
        self.note_agreed.setObjectName("dutyNoteAgreed")
        self.note_label = label()
        self.note = line_edit("dutyNote")
        self.note.setMaxLength(child_protection.MAX_NOTE_LENGTH)
        self.note_label.setBuddy(self.note)
        self.error = label("error")
        self.error.setObjectName("dutyError")
        self.error.hide()
        self.buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        self.continue_button = self.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok)
        self.continue_button.setObjectName("dutyContinue")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        for widget in (
            self.intro,
            self.ground_group,
            self.child_told,
            self.shares,
            self.note_agreed,
            self.note_label,
            self.note,
            self.error,
        ):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.retranslate()
        self.resize(720, 520)

    def retranslate(self) -> None:
        """Every text in the current UI language."""
        self.setWindowTitle(_("Referral under the child-protection duty"))
        self.setAccessibleName(_("Referral under the child-protection duty"))
        self.intro.setText(
            _(
                "The child did not agree to be referred. The duty to protect a child does not "
                "wait for the child's agreement: you may refer the child to a child-protection "
                "service. Tell the child first, and listen to what they say."
            )
        )
        shared = [
            _(rules.SECTIONS[s]) for s in rules.SECTIONS if s in child_protection.DUTY_SECTIONS
        ]
        self.shares.setText(
            _(
                "The packet says that it was made under a child-protection duty without the "
                "child's agreement, and shares only: {sections}. Never the questions the child "
                "chose not to answer; your note for the service only if the child agrees."
            ).format(sections=", ".join(shared))
        )
        self.ground_group.setTitle(_("Ground for the referral"))
        for ground, radio in self.ground_buttons.items():
            title = _(child_protection.GROUNDS[ground])
            set_text(radio, title, _("Ground: {ground}").format(ground=title))
        set_text(
            self.child_told,
            _("I have told the child that child protection will be told"),
        )
        set_text(self.note_agreed, _("The child agrees that my note for the service may be shared"))
        self.note_label.setText(_("&Note on the duty (kept on the case, not in the packet)"))
        self.note.setPlaceholderText(_("A few words on why; never the child's own account"))
        self.note.setAccessibleName(_("Note on the duty"))
        set_text(self.continue_button, _("Continue to the referral"))
        name_standard_buttons(self.buttons)

    def changeEvent(self, event: QtCore.QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QtCore.QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def duty(self) -> child_protection.Duty:
        """The duty as ticked so far (the core says what is missing)."""
        ground = next((g for g, radio in self.ground_buttons.items() if radio.isChecked()), "")
        return child_protection.Duty(
            ground,
            self.child_told.isChecked(),
            self.note.text(),
            self.note_agreed.isChecked(),
        )

    def submit(self) -> None:
        """Check with the core; emit the duty and close, or say what is missing."""
        try:
            duty = child_protection.check_duty(self.duty())
        except Exception as error:
            if not next((r for r in self.ground_buttons.values() if r.isChecked()), None):
                message = _("Choose the ground for the referral.")
            else:
                message = error_message(error)
            self.error.setText(message)
            self.error.setAccessibleName(message)
            self.error.show()
            return
        self.error.hide()
        self.accept()
        self.duty_chosen.emit(duty)
