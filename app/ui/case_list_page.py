"""The case list: search, a status filter, and the actions new screening / resume / summary.

The model asks the core for one page of rows at a time; search, status filter
and sorting re-ask it (filtered and sorted in SQL). A page is one indexed query
of some 30 ms with 20,000 cases, so it runs on the UI thread: a worker thread
would cost more in hand-over than it saves and could show stale rows.
"""

from __future__ import annotations

from typing import Any

from PySide6 import QtCore, QtWidgets

from app.domain.roles import Permission, can
from app.i18n import _, ngettext
from app.storage.case_overview import FOLLOWUP_DUE
from app.ui.case_list_model import (
    ACTIVITY,
    COLUMNS,
    OUTCOME,
    STATUS_TITLES,
    CaseListModel,
    CaseRow,
)
from app.ui.controls import button, compact_combo, label, set_text
from app.ui.forms_access import available_forms
from app.ui.language import Retranslating
from app.ui.operations import error_message
from app.ui.sort_header import SortHeader

_FILTERS = ("", "open", FOLLOWUP_DUE, "completed", "stopped", "refused")
# Wait for a pause in typing before asking the core: one query per word, not per letter.
SEARCH_DELAY_MS = 120


class CaseListPage(Retranslating):
    """Lists the cases the vault shows this user; Enter resumes or opens the summary."""

    new_screening_requested = QtCore.Signal()
    resume_requested = QtCore.Signal(int)  # screening id
    summary_requested = QtCore.Signal(int)  # screening id
    case_requested = QtCore.Signal(int)  # case id: the case page (close, reopen, withdraw)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseListPage")
        self.model = CaseListModel(self)
        self.model.failed.connect(self._show_error)
        self.search_timer = QtCore.QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.apply_search)
        self.title = label("title")
        self.new_button = button("primary", "newScreeningButton")
        self.new_button.clicked.connect(self.new_screening_requested)
        self.search_label = label(wrap=False)
        self.search = QtWidgets.QLineEdit()
        self.search.setObjectName("caseSearch")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.search_timer.start)
        self.search_label.setBuddy(self.search)
        self.status_label = label(wrap=False)
        self.status_box = compact_combo("statusFilter", 14)
        self.search.setMinimumWidth(120)
        self.status_box.currentIndexChanged.connect(self._status_changed)
        self.status_label.setBuddy(self.status_box)
        self.table = QtWidgets.QTableView()
        self.table.setObjectName("caseTable")
        self.header = SortHeader(self.table)
        self.table.setHorizontalHeader(self.header)
        self.table.setModel(self.model)
        # After the view's own reset handling: select the first row of the new rows.
        self.model.modelReset.connect(self._after_reload)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.header.sort_requested.connect(self._sort)
        self.model.sort(ACTIVITY, QtCore.Qt.SortOrder.DescendingOrder)
        self.header.show_order(ACTIVITY, True)
        self.table.verticalHeader().hide()
        # Spare width goes to the outcome, not to the interviewer's name at the end.
        self.header.setStretchLastSection(False)
        # Column widths from the rows in view, not the first 1,000 (a second with 20,000 cases).
        self.header.setResizeContentsPrecision(0)
        self.table.setAlternatingRowColors(True)
        self.table.activated.connect(self._open_index)
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.open_button = button("", "openCaseButton")
        self.open_button.clicked.connect(self._open_current)
        self.case_button = button("", "caseDetailsButton")
        self.case_button.clicked.connect(self._case_current)
        self.empty = label("note")
        self.empty.setObjectName("caseListNote")
        self.role = ""
        self.error = label("error")
        self.error.hide()
        # After unlock: how many of the user's own referral follow-ups are due.
        self.due_note = label("caution")
        self.due_note.setObjectName("followUpDue")
        self.due_button = button("", "showFollowUpDue")
        self.due_button.clicked.connect(self.show_due)
        self.due_count = 0
        due_row = QtWidgets.QHBoxLayout()
        due_row.addWidget(self.due_note, 1)
        due_row.addWidget(self.due_button)

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
        actions.addWidget(self.case_button)
        actions.addWidget(self.open_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addLayout(due_row)
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
            elif status == FOLLOWUP_DUE:
                text = _("referral follow-up due")
            else:
                text = _(STATUS_TITLES[status])
            self.status_box.addItem(text, status)
        self.status_box.setCurrentIndex(max(current, 0))
        self.status_box.blockSignals(False)
        self.table.setAccessibleName(_("Cases"))
        set_text(self.due_button, _("Show &them"), _("Show the cases with a follow-up due"))
        self._show_due()
        self.model.retranslate()
        if self.model.rowCount():
            self.fit_columns()  # the texts in the new language have other widths
        self._update_buttons()

    def load(self, vault: Any) -> None:
        """Show the cases the vault shows this user: the first page now, the rest on scroll."""
        self.search_timer.stop()
        self.model.state.search = self.search.text()
        self.model.state.status = self.status_box.currentData() or ""
        self.role = str(getattr(vault.user.role, "value", vault.user.role))
        if self._ask(lambda: self.model.set_source(vault, available_forms())):
            self.fit_columns()
        self.count_due(vault)
        self.table.setFocus()

    def count_due(self, vault: Any) -> None:
        """Ask the core how many of the user's own referrals are due, and say so."""
        try:
            self.due_count = vault.referrals.due_count()
        except Exception as error:  # the list still shows; the count is a reminder
            self.due_count = 0
            self._show_error(error)
        self._show_due()

    def _show_due(self) -> None:
        count = self.due_count
        self.due_note.setText(
            ngettext(
                "{count} of your referrals is due for follow-up: ask the service what happened.",
                "{count} of your referrals are due for follow-up: ask the services what happened.",
                count,
            ).format(count=count)
        )
        self.due_note.setAccessibleName(self.due_note.text())
        showing = self.status_box.currentData() == FOLLOWUP_DUE
        self.due_note.setVisible(count > 0)
        self.due_button.setVisible(count > 0 and not showing)

    def show_due(self) -> None:
        """Show only the cases with a referral follow-up due."""
        self.status_box.setCurrentIndex(max(0, self.status_box.findData(FOLLOWUP_DUE)))
        self.table.setFocus()

    def fit_columns(self) -> None:
        """Columns as wide as their texts in view; the outcome column takes what is left."""
        self.header.setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.Interactive)
        self.table.resizeColumnsToContents()
        self.header.setSectionResizeMode(OUTCOME, QtWidgets.QHeaderView.ResizeMode.Stretch)

    def _sort(self, column: int, descending: bool) -> None:
        order = (
            QtCore.Qt.SortOrder.DescendingOrder
            if descending
            else QtCore.Qt.SortOrder.AscendingOrder
        )
        self.model.sort(column, order)
        self.model.headerDataChanged.emit(QtCore.Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)

    def initial_focus(self) -> QtWidgets.QWidget:
        """The list itself: arrows choose a case, Enter opens it."""
        return self.table

    def apply_search(self) -> None:
        """Filter by what the search box holds now (the typing pause timer calls this)."""
        self.search_timer.stop()
        self._ask(lambda: self.model.set_filter(search=self.search.text()))

    def _status_changed(self, index: int) -> None:
        status = self.status_box.itemData(index) or ""
        self._ask(lambda: self.model.set_filter(status=status))
        self._show_due()

    def _ask(self, query) -> bool:
        try:
            query()
        except Exception as error:
            self._show_error(error)
            return False
        self.error.hide()
        return True

    def _show_error(self, error: BaseException) -> None:
        self.error.setText(error_message(error))
        self.error.show()

    def _after_reload(self) -> None:
        self._select_first()
        # The selection model resets itself on the same signal, sometimes after this.
        QtCore.QTimer.singleShot(0, self, self._select_first)

    def _select_first(self) -> None:
        if self.model.rowCount() > 0 and not self.table.currentIndex().isValid():
            # The current row too, not only the selection: Open and Enter act on it. (Not
            # QTableView.selectRow: right to left it can pick no column and clear the row.)
            flags = QtCore.QItemSelectionModel.SelectionFlag
            self.table.selectionModel().setCurrentIndex(
                self.model.index(0, 0), flags.ClearAndSelect | flags.Rows
            )
        self._update_buttons()

    def clear(self) -> None:
        """Forget every row and the vault (on lock)."""
        self.search_timer.stop()
        self.role = ""
        self.model.clear()
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.due_count = 0
        self._show_due()

    def current_row(self) -> CaseRow | None:
        """The selected row, if any."""
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.data(index, QtCore.Qt.ItemDataRole.UserRole)

    def _update_buttons(self, *_args: object) -> None:
        row = self.current_row()
        set_text(
            self.case_button,
            _("&Case…"),
            _("The case: close, reopen or withdraw consent"),
        )
        self.case_button.setEnabled(row is not None)
        self.open_button.setEnabled(row is not None and row.screening_id is not None)
        if row is not None and row.resumable:
            set_text(self.open_button, _("&Resume interview"), _("Resume interview"))
        else:
            set_text(self.open_button, _("&Open summary"), _("Open summary"))
        if self.model.rowCount() > 0:
            self.empty.setText(_("Enter opens the selected case."))
        elif self.search.text().strip() or self.status_box.currentData():
            self.empty.setText(_("No case matches this search and filter."))
        elif self.role and not can(self.role, Permission.VIEW_ALL_CASES):
            if can(self.role, Permission.MANAGE_USERS):
                self.empty.setText(
                    _(
                        "You have no cases of your own. An administrator sees only the cases "
                        "they screened; a supervisor account sees every case."
                    )
                )
            else:
                self.empty.setText(_("You have no cases yet. Start with New screening."))
        else:
            self.empty.setText(_("No cases yet. Start with New screening."))

    def _open_index(self, index: QtCore.QModelIndex) -> None:
        row = self.model.data(index, QtCore.Qt.ItemDataRole.UserRole)
        self._open(row)

    def _open_current(self) -> None:
        self._open(self.current_row())

    def _case_current(self) -> None:
        row = self.current_row()
        if row is not None:
            self.case_requested.emit(row.case_id)

    def _open(self, row: CaseRow | None) -> None:
        if row is None or row.screening_id is None:
            return
        if row.resumable:
            self.resume_requested.emit(row.screening_id)
        else:
            self.summary_requested.emit(row.screening_id)
