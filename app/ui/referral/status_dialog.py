"""Recording where a referral stands: the next status, its outcome, a note, the follow-up date.

Only the moves the core allows are offered (a referral moves forward only);
closing asks for the outcome; the next follow-up date starts at the
follow-up setting's days from today and can be changed, or the date alone can
be moved. The core checks everything again and names what is wrong.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6 import QtCore, QtWidgets

from app.domain import referral_status as flow
from app.i18n import _
from app.ui.controls import label, line_edit, ok_cancel_buttons
from app.ui.operations import error_message

KEEP = "keep"  # the status box's entry for "only move the follow-up date"


class StatusDialog(QtWidgets.QDialog):
    """Change one referral's status (or only its follow-up date); `changed` carries the result."""

    changed = QtCore.Signal(object)

    def __init__(self, vault: Any, referral: Any, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("referralStatusDialog")
        # The title never names a case: window titles show in task lists and screenshots.
        self.setWindowTitle(_("Referral status"))
        self.setAccessibleName(self.windowTitle())
        self.setMinimumWidth(480)
        self.vault = vault
        self.referral = referral
        current = flow.ReferralStatus(referral.status)
        self.current = label()
        self.current.setText(
            _("Packet {reference}, now: {status}").format(
                reference=referral.reference, status=_(flow.STATUS_TITLES[current])
            )
        )
        self.status_box = QtWidgets.QComboBox()
        self.status_box.setObjectName("referralNewStatus")
        self.status_box.setAccessibleName(_("New status"))
        for status in flow.next_moves(current):
            self.status_box.addItem(_(flow.STATUS_TITLES[status]), status.value)
        if current in flow.OPEN_STATUSES:
            self.status_box.addItem(_("no change, only the follow-up date"), KEEP)
        self.outcome_box = QtWidgets.QComboBox()
        self.outcome_box.setObjectName("referralOutcome")
        self.outcome_box.setAccessibleName(_("How the referral ended"))
        for key, title in flow.CLOSE_OUTCOMES.items():
            self.outcome_box.addItem(_(title), key)
        self.note = line_edit("referralStatusNote")
        self.note.setMaxLength(500)
        self.note.setAccessibleName(_("Note for the referral's history"))
        self.note.setPlaceholderText(_("Short and factual; never the person's account"))
        self.due = QtWidgets.QDateEdit()
        self.due.setObjectName("referralFollowUp")
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("yyyy-MM-dd")  # unambiguous in every language
        self.due.setAccessibleName(_("Next follow-up date"))
        days = int(vault.settings.get("referral_followup_days"))
        start = date.today() + timedelta(days=days)
        self.due.setDate(QtCore.QDate(start.year, start.month, start.day))
        self.error = label("error")
        self.error.setObjectName("referralStatusError")
        self.error.hide()
        form = QtWidgets.QFormLayout()
        self.labels = {}
        for key, text, widget in (
            ("status", _("&New status"), self.status_box),
            ("outcome", _("&Outcome"), self.outcome_box),
            ("note", _("N&ote"), self.note),
            ("due", _("Next &follow-up"), self.due),
        ):
            name = label()
            name.setText(text)
            name.setBuddy(widget)
            self.labels[key] = name
            form.addRow(name, widget)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.current)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(ok_cancel_buttons(self, self.save))
        self.status_box.currentIndexChanged.connect(self._status_chosen)
        self._status_chosen()
        self.status_box.setFocus()

    def _status_chosen(self, *_args: Any) -> None:
        chosen = self.status_box.currentData()
        closing = chosen == flow.ReferralStatus.CLOSED.value
        for widget in (self.outcome_box, self.labels["outcome"]):
            widget.setVisible(closing)
        final = chosen in {status.value for status in flow.FINAL_STATUSES}
        for widget in (self.due, self.labels["due"]):
            widget.setVisible(not final)

    def due_date(self) -> date:
        value = self.due.date()
        return date(value.year(), value.month(), value.day())

    def save(self) -> None:
        """Store the change through the core; stay open and say why if it refuses."""
        chosen = self.status_box.currentData()
        try:
            if chosen == KEEP:
                updated = self.vault.referrals.set_due(
                    self.referral.id, self.due_date(), note=self.note.text()
                )
            else:
                closing = chosen == flow.ReferralStatus.CLOSED.value
                updated = self.vault.referrals.set_status(
                    self.referral.id,
                    chosen,
                    note=self.note.text(),
                    outcome=self.outcome_box.currentData() if closing else None,
                    due_on=self.due_date(),
                )
        except Exception as error:
            self.error.setText(error_message(error))
            self.error.show()
            return
        self.changed.emit(updated)
        self.accept()
