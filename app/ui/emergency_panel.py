"""What to do in an emergency: immediate danger or a medical need overrides the interview.

The interview is paused before this panel shows; it can be resumed or stopped.
"""

from __future__ import annotations

from typing import Any

from PySide6 import QtCore, QtWidgets

from app.domain import referral_rules as rules
from app.i18n import _
from app.ui.bidi import in_direction, isolate, ltr
from app.ui.controls import button, label, quiet_scroll_area, set_text
from app.ui.flow_layout import flow_bar

# Services whose numbers help most in an emergency come first; at most this many are listed.
EMERGENCY_ORDER = (
    "medical",
    "child_protection",
    "shelter",
    "psychosocial",
    "consular",
    "legal_aid",
    "labour_inspection",
    "other",
)
MAX_NUMBERS = 8


def emergency_numbers(services: list[Any]) -> list[Any]:
    """The directory's services that have a phone number, most urgent kinds first."""
    rank = {kind: index for index, kind in enumerate(EMERGENCY_ORDER)}
    with_phone = [s for s in services if str(getattr(s, "phone", "") or "").strip()]
    with_phone.sort(key=lambda s: (rank.get(s.type, len(rank)), s.name.casefold()))
    return with_phone[:MAX_NUMBERS]


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
        self.numbers_title = label("interviewer")
        self.numbers = label()
        self.numbers.setObjectName("emergencyNumbers")
        self.resume_button = button("", "emergencyResume")
        self.resume_button.clicked.connect(self.resume_requested)
        self.stop_button = button("danger", "emergencyStop")
        self.stop_button.clicked.connect(self.stop_requested)
        content = QtWidgets.QWidget()
        column = QtWidgets.QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        for widget in (
            self.title,
            self.paused_note,
            self.danger_title,
            self.danger,
            self.medical_title,
            self.medical,
            self.contact,
            self.numbers_title,
            self.numbers,
        ):
            column.addWidget(widget)
        column.addStretch(1)
        scroll = quiet_scroll_area("emergencyScroll")
        scroll.setWidget(content)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 12)
        layout.addWidget(scroll, 1)
        layout.addWidget(flow_bar(None, self.resume_button, self.stop_button))
        self._contact = ""
        self._services: list[Any] = []
        self.retranslate()

    def show_for(self, org_contact: str, services: list[Any] | None = None) -> None:
        """Fill in the organisation's contact (from the settings) and the directory's
        emergency numbers, and focus the panel."""
        self._contact = org_contact
        self._services = emergency_numbers(list(services or []))
        self.retranslate()
        self.resume_button.setFocus()

    def forget(self) -> None:
        """Drop the contact and numbers shown (on lock, or when the interview ends)."""
        self._contact = ""
        self._services = []
        self.retranslate()

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
                in_direction(
                    _("Your organisation's contact: {contact}").format(
                        contact=isolate(self._contact)
                    )
                )
            )
            self.contact.show()
        else:
            self.contact.hide()
        self.numbers_title.setText(_("Numbers from your service directory"))
        self.numbers.setText(
            "\n".join(
                in_direction(
                    _("{service} ({type}): {phone}").format(
                        service=isolate(service.name),
                        type=_(rules.SERVICE_TYPES.get(service.type, service.type)),
                        phone=ltr(service.phone),
                    )
                )
                for service in self._services
            )
        )
        for widget in (self.numbers_title, self.numbers):
            widget.setVisible(bool(self._services))
        set_text(self.resume_button, _("Resume the interview"))
        set_text(self.stop_button, _("End the interview"))
