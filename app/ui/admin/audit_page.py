"""The audit trail: who did what to which record, when; and a button to verify the chain."""

from __future__ import annotations

import json
from typing import Any

from PySide6 import QtCore, QtWidgets

from app.i18n import N_, _, format_datetime
from app.ui.controls import button, label, set_text
from app.ui.language import Retranslating
from app.ui.operations import error_message, run_in_background

AUDIT_COLUMNS = (N_("When"), N_("Who"), N_("Action"), N_("Record"), N_("Details"))
SHOWN_ENTRIES = 2000


class AuditModel(QtCore.QAbstractTableModel):
    """Audit entries, newest first. Columns: when, who, action, record, details."""

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.entries: list[Any] = []

    def set_entries(self, entries: list[Any]) -> None:
        """Replace every entry."""
        self.beginResetModel()
        self.entries = list(entries)
        self.endResetModel()

    def rowCount(self, parent: QtCore.QModelIndex | None = None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(self.entries)

    def columnCount(self, parent: QtCore.QModelIndex | None = None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(AUDIT_COLUMNS)

    def headerData(self, section: int, orientation: QtCore.Qt.Orientation, role: int = 0) -> object:  # noqa: N802
        if (
            orientation == QtCore.Qt.Orientation.Horizontal
            and role == QtCore.Qt.ItemDataRole.DisplayRole
        ):
            return _(AUDIT_COLUMNS[section])
        return None

    def data(self, index: QtCore.QModelIndex, role: int = 0) -> object:
        if not index.isValid() or role not in (
            QtCore.Qt.ItemDataRole.DisplayRole,
            QtCore.Qt.ItemDataRole.AccessibleTextRole,
        ):
            return None
        entry = self.entries[index.row()]
        column = index.column()
        if column == 0:
            return format_datetime(entry.at, fmt="short") if entry.at else ""
        if column == 1:
            return entry.actor
        if column == 2:
            return entry.action
        if column == 3:
            return entry.record or ""
        return json.dumps(entry.detail, ensure_ascii=False, sort_keys=True) if entry.detail else ""


class AuditPage(Retranslating):
    """The newest audit entries and the Verify button."""

    def __init__(self, vault: Any, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("auditPage")
        self.vault = vault
        self.model = AuditModel(self)
        self.title = label("title")
        self.note = label("note")
        self.table = QtWidgets.QTableView()
        self.table.setObjectName("auditTable")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.verify_button = button("primary", "verifyAuditButton")
        self.verify_button.clicked.connect(self.verify)
        self.refresh_button = button("", "refreshAuditButton")
        self.refresh_button.clicked.connect(self.refresh)
        self.result = label()
        self.result.setObjectName("verifyResult")
        top = QtWidgets.QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.refresh_button)
        top.addWidget(self.verify_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.note)
        layout.addWidget(self.result)
        layout.addWidget(self.table, 1)
        self.operation = None
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.title.setText(_("Audit trail"))
        self.note.setText(
            _("Every unlock, view, change and export, with who and when. Never answer content.")
        )
        set_text(self.verify_button, _("Verify"), _("Verify the vault and the audit chain"))
        set_text(self.refresh_button, _("Refresh"))
        self.table.setAccessibleName(_("Audit trail"))
        self.model.headerDataChanged.emit(
            QtCore.Qt.Orientation.Horizontal, 0, len(AUDIT_COLUMNS) - 1
        )

    def refresh(self) -> None:
        """Reload the newest entries."""
        try:
            entries = self.vault.audit.entries(limit=SHOWN_ENTRIES)
        except Exception as error:
            self.result.setText(error_message(error))
            return
        self.model.set_entries(entries)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)

    def verify(self) -> None:
        """Check the database and the audit chain off the UI thread, then say what was found."""
        self.verify_button.setEnabled(False)
        self.result.setText(_("Checking the vault…"))
        vault = self.vault
        self.operation = run_in_background(
            parent=self,
            work=vault.verify,
            on_success=self._verified,
            on_failure=self._failed,
            progress_text=_("Checking the vault…"),
        )

    def _verified(self, report: Any) -> None:
        self.verify_button.setEnabled(True)
        if report.ok:
            text = _("The vault and its audit trail are intact.")
        else:
            lines = list(report.problems)
            bad = report.bad_audit_entry
            if bad is not None:
                lines.append(
                    _("Audit entry {id} ({action}) was altered or is out of order.").format(
                        id=bad.id, action=bad.action
                    )
                )
            text = _("Problems found: {problems}. Restore the vault from a backup.").format(
                problems="; ".join(lines)
            )
        self.result.setText(text)
        self.result.setAccessibleName(text)

    def _failed(self, error: BaseException) -> None:
        self.verify_button.setEnabled(True)
        self.result.setText(error_message(error))
