"""The audit trail: who did what to which record, when, in words; a filter by kind of
action and by account or record, an export of what is shown (CSV), and a button to
verify the chain."""

from __future__ import annotations

from typing import Any

from PySide6 import QtCore, QtWidgets

from app.domain.audit_csv import matches
from app.i18n import N_, _, ngettext
from app.ui.admin.audit_titles import ACTION_TITLES, action_title, detail_text
from app.ui.bidi import isolate
from app.ui.controls import button, compact_combo, label, set_text
from app.ui.dates import format_moment
from app.ui.file_dialogs import export_csv_file
from app.ui.flow_layout import flow_bar
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
            return isolate(format_moment(entry.at)) if entry.at else ""
        if column == 1:
            return isolate(entry.actor)
        if column == 2:
            return action_title(entry.action)
        if column == 3:
            return isolate(entry.record or "")
        return detail_text(entry.detail)


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
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.verify_button = button("primary", "verifyAuditButton")
        self.verify_button.clicked.connect(self.verify)
        self.refresh_button = button("", "refreshAuditButton")
        self.refresh_button.clicked.connect(self.refresh)
        self.export_button = button("", "exportAuditButton")
        self.export_button.clicked.connect(lambda: self.export_csv())
        self.result = label()
        self.result.setObjectName("verifyResult")
        # Filters: the kind of action (asked of the core) and a text in account or record.
        self.kind_label = label(wrap=False)
        self.kind_box = compact_combo("auditKind")
        self.kind_label.setBuddy(self.kind_box)
        self.kind_box.currentIndexChanged.connect(lambda _index: self.refresh())
        self.search_label = label(wrap=False)
        self.search = QtWidgets.QLineEdit()
        self.search.setObjectName("auditSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(120)
        self.search_label.setBuddy(self.search)
        self.search.textChanged.connect(lambda _text: self.refresh())
        self.count = label("note")
        self.count.setObjectName("auditCount")
        top = QtWidgets.QHBoxLayout()
        top.addWidget(self.title, 1)
        filters = QtWidgets.QHBoxLayout()
        filters.addWidget(self.kind_label)
        filters.addWidget(self.kind_box, 1)
        filters.addWidget(self.search_label)
        filters.addWidget(self.search, 2)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.note)
        layout.addLayout(filters)
        layout.addWidget(self.result)
        layout.addWidget(self.table, 1)
        layout.addWidget(
            flow_bar(self.count, None, self.refresh_button, self.export_button, self.verify_button)
        )
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
        set_text(self.export_button, _("Export CSV…"), _("Export the entries shown as CSV"))
        self.table.setAccessibleName(_("Audit trail"))
        self.kind_label.setText(_("&Kind"))
        self.kind_box.setAccessibleName(_("Kind of action shown"))
        self.search_label.setText(_("Account or &record"))
        self.search.setAccessibleName(_("Show entries of this account or record"))
        current = self.kind_box.currentData()
        self.kind_box.blockSignals(True)
        self.kind_box.clear()
        self.kind_box.addItem(_("every action"), "")
        titled = sorted(ACTION_TITLES, key=lambda action: action_title(action).casefold())
        for action in titled:
            self.kind_box.addItem(action_title(action), action)
        self.kind_box.setCurrentIndex(max(0, self.kind_box.findData(current)))
        self.kind_box.blockSignals(False)
        self.model.set_entries(list(self.model.entries))  # titles in the new language
        self.model.headerDataChanged.emit(
            QtCore.Qt.Orientation.Horizontal, 0, len(AUDIT_COLUMNS) - 1
        )

    def refresh(self) -> None:
        """Reload the newest entries of the chosen kind that match the search text."""
        action = self.kind_box.currentData() or None
        try:
            entries = self.vault.audit.entries(limit=SHOWN_ENTRIES, action=action)
        except Exception as error:
            self.result.setText(error_message(error))
            return
        text = self.search.text()
        self.model.set_entries([e for e in entries if matches(e, text)])
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        shown = self.model.rowCount()
        self.count.setText(
            ngettext("{count} entry shown", "{count} entries shown", shown).format(count=shown)
        )

    def export_csv(self, path: str | None = None) -> bool:
        """Write the entries of the chosen kind and search as CSV (the core audits the copy)."""
        action, text = self.kind_box.currentData() or None, self.search.text()
        try:
            written = export_csv_file(
                self,
                path,
                title=_("Export the audit trail"),
                suggested="audit-trail.csv",
                produce=lambda: self.vault.audit.export_csv(action=action, text=text),
            )
        except Exception as error:
            self.result.setText(error_message(error))
            return False
        if written is None:
            return False
        self.result.setText(
            _("The audit entries shown were written to {path}.").format(path=written)
        )
        self.refresh()
        return True

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
