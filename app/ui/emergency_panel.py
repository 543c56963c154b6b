"""What to do in an emergency: immediate danger or a medical need overrides the interview.

The interview is paused before this panel shows; it can be resumed or stopped.
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from app.i18n import _
from app.ui.controls import button, label, set_text


class EmergencyPanel(QtWidgets.QFrame):
    """Steps for danger and for a medical need, the organisation's contact, and two ways on."""

    resume_requested = QtCore.Signal()
    stop_requested = QtCore.Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emergencyPanel")
        self.setProperty("role", "emergency")
        self.title = label("title")
        self.paused_note = label("note")
        self.danger_title = label("interviewer")
        self.danger = label()
        self.medical_title = label("interviewer")
        self.medical = label()
        self.contact = label()
        self.contact.setObjectName("emergencyContact")
        self.resume_button = button("", "emergencyResume")
        self.resume_button.clicked.connect(self.resume_requested)
        self.stop_button = button("danger", "emergencyStop")
        self.stop_button.clicked.connect(self.stop_requested)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.resume_button)
        buttons.addWidget(self.stop_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        for widget in (
            self.title,
            self.paused_note,
            self.danger_title,
            self.danger,
            self.medical_title,
            self.medical,
            self.contact,
        ):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self._contact = ""
        self.retranslate()

    def show_for(self, org_contact: str) -> None:
        """Fill in the organisation's contact (from the settings) and focus the panel."""
        self._contact = org_contact
        self.retranslate()
        self.resume_button.setFocus()

    def retranslate(self) -> None:
        """Set the texts in the current language."""
        self.title.setText(_("Emergency: the person's safety comes first"))
        self.paused_note.setText(_("The interview is paused and every answer so far is saved."))
        self.danger_title.setText(_("Immediate danger"))
        self.danger.setText(
            _(
                "1. Move the person and yourself to a safe, private place if you can.\n"
                "2. Call the local emergency number or your security staff.\n"
                "3. Do not confront anyone who may be controlling the person, and do not "
                "let them overhear.\n"
                "4. Stay with the person until help arrives."
            )
        )
        self.medical_title.setText(_("Medical need"))
        self.medical.setText(
            _(
                "1. Get medical help now: the clinic's staff or the emergency number.\n"
                "2. Tell the person that the interview can wait and nothing is lost.\n"
                "3. Offer water, rest and privacy."
            )
        )
        if self._contact:
            self.contact.setText(
                _("Your organisation's contact: {contact}").format(contact=self._contact)
            )
            self.contact.show()
        else:
            self.contact.hide()
        set_text(self.resume_button, _("Resume the interview"))
        set_text(self.stop_button, _("End the interview"))
