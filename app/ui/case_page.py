"""One case: its status, when it will be deleted, its screenings with their consent, its
referrals with their history (app/ui/referral/history.py), and the actions on the case:
open a screening, close or reopen the case, withdraw consent, record a referral's change.

What the page shows comes from the core (`app.workflows.case_details`); the
actions ask first and then call the core (`app.ui.case_actions`).
"""

from __future__ import annotations

from typing import Any

from PySide6 import QtCore, QtWidgets

from app.domain.consent import giver_title
from app.domain.models import CaseStatus
from app.i18n import N_, _, current_language, form_text, format_date
from app.storage.case_overview import STATUS_TITLES
from app.ui import case_actions
from app.ui.case_list_model import DECISION_WORDS
from app.ui.controls import button, label, quiet_scroll_area, set_text
from app.ui.forms_access import available_forms
from app.ui.language import Retranslating
from app.ui.operations import error_message
from app.ui.referral.history import ReferralHistory
from app.workflows.case_details import CaseDetails, case_details

COLUMNS = (
    N_("Questionnaire"),
    N_("Status"),
    N_("Decision"),
    N_("Begun"),
    N_("Consent given by"),
    N_("Answers"),
    N_("Referrals"),
)


class CasePage(Retranslating):
    """Shows one case; emits `back`, `resume_requested(id)`, `summary_requested(id)`."""

    back = QtCore.Signal()
    resume_requested = QtCore.Signal(int)  # screening id
    summary_requested = QtCore.Signal(int)  # screening id

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("casePage")
        self.vault: Any = None
        self.details: CaseDetails | None = None
        self.title = label("title")
        self.status_line = label()
        self.status_line.setObjectName("caseStatusLine")
        self.table = QtWidgets.QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("caseScreenings")
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.table.itemActivated.connect(lambda _item: self._open())
        self.table.currentCellChanged.connect(lambda *_args: self._update_buttons())
        self.open_button = button("primary", "caseOpenScreening")
        self.open_button.clicked.connect(self._open)
        self.close_button = button("", "caseCloseButton")
        self.close_button.clicked.connect(self._close_case)
        self.reopen_button = button("", "caseReopenButton")
        self.reopen_button.clicked.connect(self._reopen_case)
        self.withdraw_button = button("danger", "caseWithdrawButton")
        self.withdraw_button.clicked.connect(self._withdraw)
        self.back_button = button("", "caseBackButton")
        self.back_button.clicked.connect(self.back)
        self.error = label("error")
        self.error.hide()
        self.referrals = ReferralHistory()

        actions = QtWidgets.QHBoxLayout()
        actions.addWidget(self.back_button)
        actions.addStretch(1)
        actions.addWidget(self.withdraw_button)
        actions.addWidget(self.close_button)
        actions.addWidget(self.reopen_button)
        actions.addWidget(self.open_button)
        # The screenings (as tall as their rows, up to a few) and the referrals scroll
        # between the title and the actions, so the page fits a small screen.
        self.table.setSizeAdjustPolicy(
            QtWidgets.QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents
        )
        self.table.setMaximumHeight(240)
        body = QtWidgets.QWidget()
        inner = QtWidgets.QVBoxLayout(body)
        inner.setContentsMargins(0, 0, 0, 0)
        for widget in (self.status_line, self.error, self.table, self.referrals):
            inner.addWidget(widget)
        inner.addStretch(1)
        self.scroll = quiet_scroll_area("caseScroll")
        self.scroll.setWidget(body)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(self.title)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(actions)
        self.retranslate()

    # --- loading ------------------------------------------------------------------------
    def load(self, vault: Any, case_id: int) -> bool:
        """Show the case `case_id` as the core gives it; False (with the reason shown) if not."""
        self.vault = vault
        try:
            self.details = case_details(vault, case_id)
        except Exception as error:
            self.details = None
            self.error.setText(error_message(error))
            self.error.show()
            self.retranslate()
            return False
        self.error.hide()
        self.referrals.show_case(vault, case_id)
        self.retranslate()
        if self.table.rowCount():
            self.table.selectRow(self.table.rowCount() - 1)
        self.table.setFocus()
        return True

    def reload(self) -> None:
        if self.vault is not None and self.details is not None:
            self.load(self.vault, self.details.case.id)

    def clear(self) -> None:
        """Forget the case (on lock)."""
        self.vault = None
        self.details = None
        self.table.setRowCount(0)
        self.referrals.clear()
        self.title.clear()
        self.status_line.clear()

    # --- texts --------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.table.setAccessibleName(_("Screenings of this case"))
        set_text(self.open_button, _("&Open"), _("Open the selected screening"))
        set_text(self.close_button, _("&Close the case…"), _("Close the case"))
        set_text(self.reopen_button, _("R&eopen the case…"), _("Reopen the case"))
        set_text(self.withdraw_button, _("&Withdraw consent…"), _("Withdraw consent"))
        set_text(self.back_button, _("Back to cases"))
        self.withdraw_button.setToolTip(
            _("The person withdrew consent: delete the case and everything in it now.")
        )
        self._fill()

    def _fill(self) -> None:
        details = self.details
        if details is None:
            self.title.setText(_("Case"))
            self.status_line.setText("")
            self.table.setRowCount(0)
            self._update_buttons()
            return
        case = details.case
        self.title.setText(_("Case {ref}").format(ref=case.reference))
        if details.deletion_due is not None:
            status = _(
                "Closed on {closed}. Under the retention setting it will be deleted for good on "
                "{due}, unless it is reopened before then."
            ).format(closed=format_date(case.closed_at), due=format_date(details.deletion_due))
        else:
            status = _("Open since {date}; opened by {user}.").format(
                date=format_date(case.created), user=case.created_by
            )
        self.status_line.setText(status)
        self.status_line.setAccessibleName(status)
        forms = available_forms()
        self.table.setRowCount(len(details.screenings))
        for row, item in enumerate(details.screenings):
            screening = item.screening
            form = forms.get(screening.form_id)
            answers = (
                _("not kept, as the person asked") if item.answers_forgotten else str(item.answers)
            )
            duty = sum(1 for r in item.referrals if r.duty_ground)
            referrals = str(len(item.referrals))
            if duty:
                referrals += " " + _("({n} under the child-protection duty)").format(n=duty)
            cells = (
                form_text(current_language(), form.title) if form else screening.form_id,
                _(STATUS_TITLES[item.status]),
                _(DECISION_WORDS[item.decision]) if item.decision in DECISION_WORDS else "",
                format_date(screening.started) if screening.started else "",
                giver_title(screening.consent.given_by) if screening.consent.at else "",
                answers,
                referrals,
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QtWidgets.QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        self._update_buttons()

    def _selected(self) -> Any:
        if self.details is None:
            return None
        row = self.table.currentRow()
        if 0 <= row < len(self.details.screenings):
            return self.details.screenings[row]
        return None

    def _update_buttons(self) -> None:
        details = self.details
        is_open = details is not None and details.case.status is CaseStatus.OPEN
        item = self._selected()
        self.open_button.setEnabled(item is not None and (not item.resumable or is_open))
        if item is not None and item.resumable:
            set_text(self.open_button, _("&Resume interview"), _("Resume interview"))
        else:
            set_text(self.open_button, _("&Open summary"), _("Open summary"))
        self.close_button.setVisible(details is None or is_open)
        self.close_button.setEnabled(is_open)
        self.reopen_button.setVisible(details is not None and not is_open)
        self.withdraw_button.setEnabled(details is not None)

    # --- actions ------------------------------------------------------------------------
    def _open(self) -> None:
        item = self._selected()
        if item is None:
            return
        if item.resumable:
            self.resume_requested.emit(item.screening.id)
        else:
            self.summary_requested.emit(item.screening.id)

    def _close_case(self) -> None:
        if self.details and case_actions.close_case(self, self.vault, self.details.case.id):
            self.reload()

    def _reopen_case(self) -> None:
        if self.details and case_actions.reopen_case(self, self.vault, self.details.case.id):
            self.reload()

    def _withdraw(self) -> None:
        if self.details and case_actions.withdraw_consent(self, self.vault, self.details.case.id):
            self.clear()
            self.back.emit()
