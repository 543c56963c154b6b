"""The case list: search, a status filter, and the actions new screening / resume / summary."""

from __future__ import annotations

from typing import Any

from PySide6 import QtCore, QtWidgets

from app.i18n import _
from app.ui.case_list_model import (
    ACTIVITY,
    SORT_ROLE,
    STATUS_TITLES,
    CaseFilter,
    CaseListModel,
    CaseRow,
    load_rows,
)
from app.ui.controls import button, label, set_text
from app.ui.forms_access import available_forms
from app.ui.language import Retranslating
from app.ui.operations import error_message

_FILTERS = ("", "open", "completed", "stopped", "refused")


class CaseListPage(Retranslating):
    """Lists the cases the vault shows this user; Enter resumes or opens the summary."""

    new_screening_requested = QtCore.Signal()
    resume_requested = QtCore.Signal(int)  # screening id
    summary_requested = QtCore.Signal(int)  # screening id

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseListPage")
        self.model = CaseListModel(self)
        self.proxy = CaseFilter(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.title = label("title")
        self.new_button = button("primary", "newScreeningButton")
        self.new_button.clicked.connect(self.new_screening_requested)
        self.search_label = label(wrap=False)
        self.search = QtWidgets.QLineEdit()
        self.search.setObjectName("caseSearch")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_search)
        self.search_label.setBuddy(self.search)
        self.status_label = label(wrap=False)
        self.status_box = QtWidgets.QComboBox()
        self.status_box.setObjectName("statusFilter")
        self.status_box.currentIndexChanged.connect(
            lambda index: self.proxy.set_status(self.status_box.itemData(index) or "")
        )
        self.status_label.setBuddy(self.status_box)
        self.table = QtWidgets.QTableView()
        self.table.setObjectName("caseTable")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(ACTIVITY, QtCore.Qt.SortOrder.DescendingOrder)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        # Column widths from the rows in view, not the first 1,000 (a second with 20,000 cases).
        self.table.horizontalHeader().setResizeContentsPrecision(0)
        self.table.setAlternatingRowColors(True)
        self.table.activated.connect(self._open_index)
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.open_button = button("", "openCaseButton")
        self.open_button.clicked.connect(self._open_current)
        self.empty = label("note")
        self.error = label("error")
        self.error.hide()

        top = QtWidgets.QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.new_button)
        filters = QtWidgets.QHBoxLayout()
        filters.addWidget(self.search_label)
        filters.addWidget(self.search, 2)
        filters.addWidget(self.status_label)
        filters.addWidget(self.status_box, 1)
        actions = QtWidgets.QHBoxLayout()
        actions.addWidget(self.empty, 1)
        actions.addWidget(self.open_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(_("Cases"))
        set_text(self.new_button, _("&New screening"), _("New screening"))
        self.search_label.setText(_("&Search"))
        self.search.setAccessibleName(_("Search cases"))
        self.search.setPlaceholderText(_("Reference, questionnaire, outcome, interviewer"))
        self.status_label.setText(_("S&how"))
        self.status_box.setAccessibleName(_("Show cases with this status"))
        current = self.status_box.currentIndex()
        self.status_box.blockSignals(True)
        self.status_box.clear()
        for status in _FILTERS:
            if status == "":
                text = _("all cases")
            elif status == "open":
                text = _("to continue (paused or in progress)")
            else:
                text = _(STATUS_TITLES[status])
            self.status_box.addItem(text, status)
        self.status_box.setCurrentIndex(max(current, 0))
        self.status_box.blockSignals(False)
        self.table.setAccessibleName(_("Cases"))
        self.model.retranslate()
        self._update_buttons()

    def load(self, vault: Any) -> None:
        """Fill the list from the vault (only the cases it shows this user)."""
        try:
            rows = load_rows(vault, available_forms())
        except Exception as error:
            self.error.setText(error_message(error))
            self.error.show()
            rows = []
        else:
            self.error.hide()
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        if rows:
            self.table.selectRow(0)
        self._update_buttons()
        self.table.setFocus()

    def clear(self) -> None:
        """Forget every row (on lock)."""
        self.model.clear()
        self.search.clear()

    def current_row(self) -> CaseRow | None:
        """The selected row, if any."""
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.proxy.data(index, QtCore.Qt.ItemDataRole.UserRole)

    def _update_buttons(self, *_args: object) -> None:
        row = self.current_row()
        self.open_button.setEnabled(row is not None and row.screening_id is not None)
        if row is not None and row.resumable:
            set_text(self.open_button, _("&Resume interview"), _("Resume interview"))
        else:
            set_text(self.open_button, _("&Open summary"), _("Open summary"))
        if self.model.rowCount() == 0:
            self.empty.setText(_("No cases yet. Start with New screening."))
        else:
            self.empty.setText(_("Enter opens the selected case."))

    def _open_index(self, index: QtCore.QModelIndex) -> None:
        row = self.proxy.data(index, QtCore.Qt.ItemDataRole.UserRole)
        self._open(row)

    def _open_current(self) -> None:
        self._open(self.current_row())

    def _open(self, row: CaseRow | None) -> None:
        if row is None or row.screening_id is None:
            return
        if row.resumable:
            self.resume_requested.emit(row.screening_id)
        else:
            self.summary_requested.emit(row.screening_id)
