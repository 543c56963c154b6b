"""A case's referrals on its summary: each with its status and follow-up date, and its history.

The table lists every referral of the case (all its screenings); the text
under it is the selected referral's history, oldest first. "Record a change…"
opens the status dialog; everything goes through `vault.referrals`, which
checks access and audits.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6 import QtCore, QtWidgets

from app.domain import referral_status as flow
from app.i18n import N_, _, format_datetime, format_day
from app.ui.bidi import isolate
from app.ui.controls import button, label, set_text
from app.ui.operations import error_message

COLUMNS = (
    N_("Packet"),
    N_("Service"),
    N_("Status"),
    N_("Since"),
    N_("Follow-up"),
)


def followup_text(due: date | None, today: date | None = None) -> str:
    """A follow-up date in words: "due since …" once it has come, "—" when none is needed."""
    if due is None:
        return "—"
    if due <= (today or date.today()):
        return _("due since {date}").format(date=isolate(format_day(due)))
    return isolate(format_day(due))


class ReferralsModel(QtCore.QAbstractTableModel):
    """Referrals of one case. Columns: packet reference, service, status, since, follow-up."""

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.referrals: list[Any] = []
        self.names: dict[int, str] = {}

    def set_referrals(self, referrals: list[Any], names: dict[int, str]) -> None:
        self.beginResetModel()
        self.referrals, self.names = list(referrals), dict(names)
        self.endResetModel()

    def retranslate(self) -> None:
        self.headerDataChanged.emit(QtCore.Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self.referrals:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self.referrals) - 1, len(COLUMNS) - 1)
            )

    def rowCount(self, parent: QtCore.QModelIndex | None = None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(self.referrals)

    def columnCount(self, parent: QtCore.QModelIndex | None = None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(COLUMNS)

    def headerData(  # noqa: N802
        self, section: int, orientation: QtCore.Qt.Orientation, role: int = 0
    ) -> Any:
        if (
            role == QtCore.Qt.ItemDataRole.DisplayRole
            and orientation == QtCore.Qt.Orientation.Horizontal
            and 0 <= section < len(COLUMNS)
        ):
            return _(COLUMNS[section])
        return None

    def text(self, referral: Any, column: int) -> str:
        if column == 0:
            return referral.reference
        if column == 1:
            name = self.names.get(referral.service_id, _("a service no longer listed"))
            if referral.duty_ground:
                return _("{service} (under the child-protection duty)").format(service=name)
            return name
        if column == 2:
            status = _(flow.STATUS_TITLES[flow.ReferralStatus(referral.status)])
            if referral.outcome:
                status = _("{status}: {outcome}").format(
                    status=status, outcome=_(flow.CLOSE_OUTCOMES[referral.outcome])
                )
            return status
        if column == 3:
            moment = referral.status_at or referral.created_at
            return isolate(format_datetime(moment, fmt="short"))
        return followup_text(referral.due_on)

    def data(self, index: QtCore.QModelIndex, role: int = 0) -> Any:
        if not index.isValid() or index.row() >= len(self.referrals):
            return None
        referral = self.referrals[index.row()]
        if role in (QtCore.Qt.ItemDataRole.DisplayRole, QtCore.Qt.ItemDataRole.AccessibleTextRole):
            return self.text(referral, index.column())
        if role == QtCore.Qt.ItemDataRole.UserRole:
            return referral
        return None


class ReferralHistory(QtWidgets.QGroupBox):
    """The referrals of one case, the selected one's history, and "Record a change…"."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("referralHistory")
        self.vault: Any = None
        self.case_id: int | None = None
        self.model = ReferralsModel(self)
        self.table = QtWidgets.QTableView()
        self.table.setObjectName("referralTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside it
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMinimumHeight(90)
        self.table.setMaximumHeight(160)
        self.table.selectionModel().currentRowChanged.connect(self._selected)
        self.table.activated.connect(lambda _index: self.change_status())
        self.empty = label("note")
        self.history_label = label()
        self.history = QtWidgets.QPlainTextEdit()
        self.history.setObjectName("referralEvents")
        self.history.setReadOnly(True)
        self.history.setTabChangesFocus(True)
        self.history.setMaximumHeight(110)
        self.history_label.setBuddy(self.history)
        self.change_button = button("", "referralStatusButton")
        self.change_button.clicked.connect(self.change_status)
        self.message = label("error")
        self.message.hide()
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.empty, 1)
        row.addStretch(0)  # the button keeps its size when the note is hidden
        row.addWidget(self.change_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(row)
        layout.addWidget(self.history_label)
        layout.addWidget(self.history)
        layout.addWidget(self.message)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(_("Referrals of this case"))
        self.table.setAccessibleName(_("Referrals of this case"))
        self.history_label.setText(_("&History of the selected referral"))
        self.history.setAccessibleName(_("History of the selected referral"))
        set_text(self.change_button, _("Record a chan&ge…"), _("Record a change of status"))
        self.empty.setText(_("No referral has been made for this case yet."))
        self.model.retranslate()
        if self.vault is not None:
            self._selected()

    def changeEvent(self, event: QtCore.QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QtCore.QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def show_case(self, vault: Any, case_id: int) -> None:
        """List the case's referrals (not audited: references, services and statuses)."""
        self.vault, self.case_id = vault, case_id
        self.refresh()

    def refresh(self) -> None:
        if self.vault is None or self.case_id is None:
            return
        try:
            referrals = self.vault.referrals.list_for_case(self.case_id)
            names = {s.id: s.name for s in self.vault.services.list()}
        except Exception as error:
            self._fail(error)
            return
        current = self.table.currentIndex().row()
        self.model.set_referrals(referrals, names)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        has = bool(referrals)
        self.table.setVisible(has)
        self.empty.setVisible(not has)
        for widget in (self.change_button, self.history_label, self.history):
            widget.setVisible(has)
        if has:
            row = min(max(current, 0), len(referrals) - 1)
            self.table.setCurrentIndex(self.model.index(row, 0))  # selectRow() fails in RTL
        self._selected()

    def clear(self) -> None:
        """Forget the case (on lock)."""
        self.vault = self.case_id = None
        self.model.set_referrals([], {})
        self.history.clear()

    def selected(self) -> Any:
        index = self.table.currentIndex()
        return self.model.data(index, QtCore.Qt.ItemDataRole.UserRole) if index.isValid() else None

    def _selected(self, *_args: Any) -> None:
        referral = self.selected()
        self.message.hide()
        if referral is None or self.vault is None:
            self.history.clear()
            self.change_button.setEnabled(False)
            return
        self.change_button.setEnabled(bool(flow.next_moves(flow.ReferralStatus(referral.status))))
        try:
            events = self.vault.referrals.events(referral.id)
        except Exception as error:
            self._fail(error)
            return
        self.history.setPlainText("\n".join(self._event_line(event) for event in events))

    @staticmethod
    def _event_line(event: Any) -> str:
        parts = [
            format_datetime(event.at, fmt="short"),
            _(flow.STATUS_TITLES[flow.ReferralStatus(event.status)]),
            _("by {name}").format(name=event.actor),
        ]
        if event.outcome:
            parts.append(_(flow.CLOSE_OUTCOMES[event.outcome]))
        if event.due_on:
            parts.append(_("follow-up {date}").format(date=format_day(event.due_on)))
        if event.note:
            parts.append(_("“{note}”").format(note=event.note))
        return " · ".join(parts)

    def _fail(self, error: BaseException) -> None:
        self.message.setText(error_message(error))
        self.message.show()

    def change_status(self) -> None:
        """Open the status dialog for the selected referral."""
        from app.ui.referral.status_dialog import StatusDialog

        referral = self.selected()
        if referral is None or self.vault is None:
            return
        dialog = StatusDialog(self.vault, referral, self)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.changed.connect(lambda _updated: self.refresh())
        dialog.open()
        self.status_dialog = dialog
