"""The case list as a Qt table model, with its rows kept in plain objects.

Columns (in order): reference, status, questionnaire, outcome, last activity,
interviewer. A row shows a case and its latest screening; which cases appear
is decided by the vault (a screener only ever receives their own cases).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6 import QtCore

from app.domain.errors import WaystationError
from app.i18n import N_, _, format_datetime

COLUMNS = (
    N_("Reference"),
    N_("Status"),
    N_("Questionnaire"),
    N_("Outcome"),
    N_("Last activity"),
    N_("Interviewer"),
)
REFERENCE, STATUS, FORM, OUTCOME, ACTIVITY, INTERVIEWER = range(len(COLUMNS))

STATUS_TITLES = {
    "none": N_("not started"),
    "draft": N_("in progress"),
    "paused": N_("paused"),
    "completed": N_("completed"),
    "stopped": N_("stopped"),
    "refused": N_("consent refused"),
}
RESUMABLE = ("draft", "paused")
SORT_ROLE = QtCore.Qt.ItemDataRole.UserRole + 1  # sorts times as times, not as shown text


@dataclass(frozen=True)
class CaseRow:
    """One line of the list: a case and its latest screening (if any)."""

    case_id: int
    reference: str
    screening_id: int | None
    status: str
    form_title: str
    outcome: str
    last_activity: datetime | None
    interviewer: str

    @property
    def resumable(self) -> bool:
        """True when the latest screening was paused (or left open) and can go on."""
        return self.screening_id is not None and self.status in RESUMABLE


def _outcome_title(vault: Any, screening_id: int, forms: dict[str, Any], form_id: str) -> str:
    stored = None
    getter = getattr(vault.screenings, "outcome", None) or getattr(
        vault.screenings, "get_outcome", None
    )
    if getter is not None:
        try:
            stored = getter(screening_id)
        except WaystationError:
            stored = None
    if stored is None:
        return ""
    form = forms.get(form_id)
    if form is not None:
        for rule in form.outcomes:
            if rule.id == stored.level:
                return _form_title(rule.title)
    return stored.level


def _level_title(level: str | None, forms: dict[str, Any], form_id: str) -> str:
    if not level:
        return ""
    form = forms.get(form_id)
    if form is not None:
        for rule in form.outcomes:
            if rule.id == level:
                return _form_title(rule.title)
    return level


def _form_title(text: str) -> str:
    from app.i18n import current_language, form_text

    return form_text(current_language(), text)


def load_rows(vault: Any, forms: dict[str, Any]) -> list[CaseRow]:
    """Rows for every case the vault lets the current user see, newest activity first."""
    rows: list[CaseRow] = []
    # One query for every case's latest screening when the vault offers it.
    overview = getattr(vault.screenings, "latest_by_case", None)
    latest_by_case = overview() if overview is not None else None
    for case in vault.cases.list():
        level: str | None = None
        if latest_by_case is not None:
            latest, level = latest_by_case.get(case.id, (None, None))
        else:
            screenings = vault.screenings.list_for_case(case.id)
            latest = max(
                screenings, key=lambda s: s.updated or s.started or case.updated, default=None
            )
        if latest is None:
            rows.append(
                CaseRow(
                    case.id, case.reference, None, "none", "", "", case.updated, case.created_by
                )
            )
            continue
        status = str(latest.status)
        if status == "stopped" and not latest.consent.screen and latest.consent.at is not None:
            status = "refused"
        form = forms.get(latest.form_id)
        rows.append(
            CaseRow(
                case_id=case.id,
                reference=case.reference,
                screening_id=latest.id,
                status=status,
                form_title=_form_title(form.title) if form else latest.form_id,
                # Only a completed screening has an outcome: no query for the others.
                outcome=(
                    ""
                    if status != "completed"
                    else _level_title(level, forms, latest.form_id)
                    if latest_by_case is not None
                    else _outcome_title(vault, latest.id, forms, latest.form_id)
                ),
                last_activity=latest.updated or case.updated,
                interviewer=latest.interviewer,
            )
        )
    rows.sort(key=lambda row: row.last_activity or datetime.min, reverse=True)
    return rows


class CaseListModel(QtCore.QAbstractTableModel):
    """A read-only table of `CaseRow`s; headers follow the UI language."""

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[CaseRow] = []
        # Each row's shown texts, casefolded, made on the first search: building
        # them on every keystroke took seconds with 20,000 cases.
        self._search_texts: list[str | None] = []
        self._sorted_by: tuple[int, bool] | None = None  # (column, descending)

    def set_rows(self, rows: list[CaseRow]) -> None:
        """Replace every row (kept in the last sort order asked for)."""
        self.beginResetModel()
        self.rows = list(rows)
        if self._sorted_by is not None:
            column, descending = self._sorted_by
            self.rows.sort(key=self._sort_key(column), reverse=descending)
        self._search_texts = [None] * len(self.rows)
        self.endResetModel()

    def _sort_key(self, column: int):
        if column == ACTIVITY:
            return lambda row: row.last_activity.timestamp() if row.last_activity else 0.0
        return lambda row: self.text(row, column).casefold()

    def sort(
        self, column: int, order: QtCore.Qt.SortOrder = QtCore.Qt.SortOrder.AscendingOrder
    ) -> None:
        """Sort the rows themselves: one Python sort, not a proxy calling data() per comparison.

        With 20,000 cases the proxy's own sort made 360,000 calls into Python (5 s).
        """
        if not 0 <= column < len(COLUMNS):
            return
        descending = order == QtCore.Qt.SortOrder.DescendingOrder
        self._sorted_by = (column, descending)
        self.layoutAboutToBeChanged.emit()
        key = self._sort_key(column)
        order_of = sorted(
            range(len(self.rows)), key=lambda i: key(self.rows[i]), reverse=descending
        )
        moved_to = {old: new for new, old in enumerate(order_of)}
        self.rows = [self.rows[i] for i in order_of]
        self._search_texts = [self._search_texts[i] for i in order_of]
        for index in self.persistentIndexList():
            self.changePersistentIndex(index, self.index(moved_to[index.row()], index.column()))
        self.layoutChanged.emit()

    def search_text(self, row: int) -> str:
        """Every cell of a row as shown, casefolded, for the search filter."""
        text = self._search_texts[row]
        if text is None:
            shown = (self.text(self.rows[row], column) for column in range(len(COLUMNS)))
            text = self._search_texts[row] = " ".join(shown).casefold()
        return text

    def clear(self) -> None:
        """Drop every row (on lock): nothing of a case stays in memory here."""
        self.set_rows([])

    def row_at(self, row: int) -> CaseRow:
        """The row object at a position."""
        return self.rows[row]

    def retranslate(self) -> None:
        """Headers and status words in the new language."""
        self._search_texts = [None] * len(self.rows)
        self.headerDataChanged.emit(QtCore.Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self.rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self.rows) - 1, len(COLUMNS) - 1)
            )

    def rowCount(self, parent: QtCore.QModelIndex | None = None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent: QtCore.QModelIndex | None = None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(COLUMNS)

    def headerData(  # noqa: N802 - Qt override
        self, section: int, orientation: QtCore.Qt.Orientation, role: int = 0
    ) -> object:
        if (
            orientation == QtCore.Qt.Orientation.Horizontal
            and role == QtCore.Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return _(COLUMNS[section])
        return None

    def data(self, index: QtCore.QModelIndex, role: int = 0) -> object:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        if role in (QtCore.Qt.ItemDataRole.DisplayRole, QtCore.Qt.ItemDataRole.AccessibleTextRole):
            return self.text(row, index.column())
        if role == QtCore.Qt.ItemDataRole.UserRole:
            return row
        if role == SORT_ROLE:
            if index.column() == ACTIVITY:
                return row.last_activity.timestamp() if row.last_activity else 0.0
            return self.text(row, index.column()).casefold()
        return None

    @staticmethod
    def text(row: CaseRow, column: int) -> str:
        """What a cell shows."""
        if column == REFERENCE:
            return row.reference
        if column == STATUS:
            return _(STATUS_TITLES.get(row.status, row.status))
        if column == FORM:
            return row.form_title
        if column == OUTCOME:
            return row.outcome
        if column == ACTIVITY:
            return format_datetime(row.last_activity, fmt="short") if row.last_activity else ""
        if column == INTERVIEWER:
            return row.interviewer
        return ""


class CaseFilter(QtCore.QSortFilterProxyModel):
    """Search (reference, interviewer, questionnaire, outcome) and a status filter."""

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.search = ""
        self.status = ""  # "" shows every status

    def sort(
        self, column: int, order: QtCore.Qt.SortOrder = QtCore.Qt.SortOrder.AscendingOrder
    ) -> None:
        """Sorting is done by the source model; this proxy keeps its order and only filters."""
        model = self.sourceModel()
        if isinstance(model, CaseListModel):
            model.sort(column, order)
        else:
            super().sort(column, order)

    def set_search(self, text: str) -> None:
        """Show only rows containing `text` (case-insensitive)."""
        self._refilter(search=text.strip().casefold())

    def set_status(self, status: str) -> None:
        """Show only rows in this status ("" for all; "open" for resumable ones)."""
        self._refilter(status=status)

    def _refilter(self, **changes: str) -> None:
        # Qt 6.10 replaced invalidateFilter() with begin/endFilterChange().
        modern = hasattr(self, "beginFilterChange")
        if modern:
            self.beginFilterChange()
        for name, value in changes.items():
            setattr(self, name, value)
        if modern:
            self.endFilterChange()
        else:
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: QtCore.QModelIndex) -> bool:  # noqa: N802
        model = self.sourceModel()
        if not isinstance(model, CaseListModel):
            return True
        row = model.row_at(source_row)
        if self.status == "open" and not (row.resumable or row.status == "none"):
            return False
        if self.status not in ("", "open") and row.status != self.status:
            return False
        if self.search:
            return self.search in model.search_text(source_row)
        return True
