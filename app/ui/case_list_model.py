"""The case list as a Qt table model, with its rows kept in plain objects.

Columns (in order): reference, status, questionnaire, outcome, last activity,
interviewer, follow-up (the earliest follow-up date of the case's open
referrals; "due since …" once it has come). A row shows a case and its latest
screening; which cases appear is decided by the vault (a screener only ever
receives their own cases).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from PySide6 import QtCore

from app.domain import screening_states
from app.i18n import N_, _, current_language
from app.storage.case_overview import FOLLOWUP_DUE, STATUS_TITLES, CaseOverview
from app.ui.bidi import isolate
from app.ui.dates import format_moment
from app.ui.referral.history import followup_text

COLUMNS = (
    N_("Reference"),
    N_("Status"),
    N_("Questionnaire"),
    N_("Outcome"),
    N_("Last activity"),
    N_("Interviewer"),
    N_("Follow-up"),
)
REFERENCE, STATUS, FORM, OUTCOME, ACTIVITY, INTERVIEWER, FOLLOWUP = range(len(COLUMNS))

# The decision of a stored outcome, as the list shows it before the level's title.
DECISION_WORDS = {
    "refer": N_("Refer"),
    "no_referral": N_("No referral"),
    "undetermined": N_("Undetermined"),
}
RESUMABLE = screening_states.RESUMABLE  # the statuses whose interview can go on
PAGE = 200  # rows per query: a few screenfuls, one indexed query (about 30 ms at 20,000 cases)
# The core's sort key of each column, in column order.
SORT_KEYS = ("reference", "status", "form", "outcome", "last_activity", "interviewer", "followup")
SORT_ROLE = QtCore.Qt.ItemDataRole.UserRole + 1  # sorts times as times, not as shown text


@dataclass
class CaseListState:
    """What the list shows: the source, its filter and sort, and how far it is loaded."""

    vault: Any = None
    forms: dict[str, Any] = field(default_factory=dict)
    search: str = ""
    status: str = ""  # "" every status, "open" to continue, else a STATUS_TITLES key
    sort_column: int = ACTIVITY
    descending: bool = True
    exhausted: bool = True  # no more rows to fetch


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
    next_followup: date | None = None

    @property
    def resumable(self) -> bool:
        """True when the latest screening was paused (or left open) and can go on."""
        return self.screening_id is not None and self.status in RESUMABLE


def _titles(forms: dict[str, Any]) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """Questionnaire and outcome titles in the current UI language."""
    from app.i18n import current_language, form_text

    lang = current_language()
    form_titles = {form_id: form_text(lang, form.title) for form_id, form in forms.items()}
    outcome_titles = {
        (form_id, rule.id): form_text(lang, rule.title)
        for form_id, form in forms.items()
        for rule in form.outcomes
    }
    return form_titles, outcome_titles


def rows_from_overview(overview: list[CaseOverview], forms: dict[str, Any]) -> list[CaseRow]:
    """Case list rows for a page of `vault.cases.overview()`, titled in the UI language."""
    form_titles, outcome_titles = _titles(forms)
    rows = []
    for item in overview:
        form_title = form_titles.get(item.form_id, item.form_id) if item.form_id else ""
        outcome = ""
        if item.form_id and item.outcome_level:
            key = (item.form_id, item.outcome_level)
            title = outcome_titles.get(key, item.outcome_level)
            decision = DECISION_WORDS.get(item.outcome_decision or "")
            # The decision first: it is what a worker scans the list for.
            outcome = (
                _("{decision}: {outcome}").format(decision=_(decision), outcome=title)
                if decision
                else title
            )
        rows.append(
            CaseRow(
                case_id=item.case_id,
                reference=item.reference,
                screening_id=item.screening_id,
                status=item.status,
                form_title=form_title,
                outcome=outcome,
                last_activity=item.last_activity,
                interviewer=item.interviewer,
                next_followup=item.next_followup,
            )
        )
    return rows


class CaseListModel(QtCore.QAbstractTableModel):
    """A read-only table of `CaseRow`s; headers follow the UI language.

    Two ways to fill it. `set_source(vault, forms)`: rows come from
    `vault.cases.overview()` one page at a time, as the view scrolls
    (`canFetchMore`/`fetchMore`), and `set_filter` and `sort` re-ask the core,
    which filters and sorts in SQL; 20,000 cases never become 20,000 rows
    here. `set_rows(rows)`: a fixed list, sorted here and filtered by
    `CaseFilter`. What is loaded, filtered and sorted is kept in `state`.
    """

    failed = QtCore.Signal(object)  # the exception a page query raised

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[CaseRow] = []
        self.state = CaseListState()
        # Each row's cell texts, made when first shown and kept until the rows
        # or the language change: a repaint asks for them about 900 times, and
        # babel's date formatting alone took 8 ms of every keystroke.
        self._shown: list[tuple[str, ...] | None] = []
        self._sorted_by: tuple[int, bool] | None = None  # (column, descending)
        self._titled_in = ""  # the language the rows' titles were made in

    # -- filled from the vault, a page at a time --------------------------------

    def set_source(self, vault: Any, forms: dict[str, Any]) -> None:
        """Show the cases `vault` lets its user see; loads the first page (may raise)."""
        self.state.vault = vault
        self.state.forms = dict(forms)
        self.reload()

    def set_filter(self, search: str | None = None, status: str | None = None) -> None:
        """Ask the core again with this search text and/or status ("" all, "open" to continue)."""
        if search is not None:
            self.state.search = search
        if status is not None:
            self.state.status = status
        if self.state.vault is not None:
            self.reload()

    def reload(self, *, at_least: int = PAGE) -> None:
        """Re-run the query from the first row (at least `at_least` rows); may raise."""
        state = self.state
        rows: list[CaseRow] = []
        if state.vault is not None:
            rows = self._query(0, max(at_least, PAGE))
        self.beginResetModel()
        self.rows = rows
        self._shown = [None] * len(rows)
        self._titled_in = current_language()
        state.exhausted = state.vault is None or len(rows) < max(at_least, PAGE)
        self.endResetModel()

    def _query(self, offset: int, limit: int) -> list[CaseRow]:
        state = self.state
        overview = state.vault.cases.overview(
            state.search,
            state.status or None,
            sort=SORT_KEYS[state.sort_column],
            descending=state.descending,
            offset=offset,
            limit=limit,
            forms=state.forms,
        )
        return rows_from_overview(overview, state.forms)

    def canFetchMore(self, parent: QtCore.QModelIndex | None = None) -> bool:  # noqa: N802
        if parent is not None and parent.isValid():
            return False
        return self.state.vault is not None and not self.state.exhausted

    def fetchMore(self, parent: QtCore.QModelIndex | None = None) -> None:  # noqa: N802
        """The next page, asked for by the view when it scrolls near the end."""
        if not self.canFetchMore(parent):
            return
        try:
            more = self._query(len(self.rows), PAGE)
        except Exception as error:  # the view calls this: report, never raise into Qt
            self.state.exhausted = True
            self.failed.emit(error)
            return
        self.state.exhausted = len(more) < PAGE
        if not more:
            return
        first = len(self.rows)
        self.beginInsertRows(QtCore.QModelIndex(), first, first + len(more) - 1)
        self.rows.extend(more)
        self._shown.extend([None] * len(more))
        self.endInsertRows()

    # -- a fixed list -----------------------------------------------------------

    def set_rows(self, rows: list[CaseRow]) -> None:
        """Replace every row with a fixed list (kept in the last sort order asked for)."""
        self.state.vault = None
        self.beginResetModel()
        self.rows = list(rows)
        if self._sorted_by is not None:
            column, descending = self._sorted_by
            self.rows.sort(key=self._sort_key(column), reverse=descending)
        self._shown = [None] * len(self.rows)
        self.state.exhausted = True
        self.endResetModel()

    def _sort_key(self, column: int):
        if column == ACTIVITY:
            return lambda row: row.last_activity.timestamp() if row.last_activity else 0.0
        if column == FOLLOWUP:
            return lambda row: row.next_followup.toordinal() if row.next_followup else 10**7
        return lambda row: self.text(row, column).casefold()

    def sort(
        self, column: int, order: QtCore.Qt.SortOrder = QtCore.Qt.SortOrder.AscendingOrder
    ) -> None:
        """Sort by a column: through the core's ORDER BY, or one Python sort of a fixed list.

        Never a proxy calling data() per comparison: with 20,000 cases that
        made 360,000 calls into Python (5 s).
        """
        if not 0 <= column < len(COLUMNS):
            return
        descending = order == QtCore.Qt.SortOrder.DescendingOrder
        self._sorted_by = (column, descending)
        self.state.sort_column, self.state.descending = column, descending
        if self.state.vault is not None:
            try:
                self.reload()
            except Exception as error:  # the header click calls this: report, never raise
                self.failed.emit(error)
            return
        self.layoutAboutToBeChanged.emit()
        key = self._sort_key(column)
        order_of = sorted(
            range(len(self.rows)), key=lambda i: key(self.rows[i]), reverse=descending
        )
        moved_to = {old: new for new, old in enumerate(order_of)}
        self.rows = [self.rows[i] for i in order_of]
        self._shown = [self._shown[i] for i in order_of]
        for index in self.persistentIndexList():
            self.changePersistentIndex(index, self.index(moved_to[index.row()], index.column()))
        self.layoutChanged.emit()

    def shown(self, row: int) -> tuple[str, ...]:
        """The texts of a row's cells, as shown."""
        texts = self._shown[row]
        if texts is None:
            case = self.rows[row]
            texts = self._shown[row] = tuple(self.text(case, c) for c in range(len(COLUMNS)))
        return texts

    def search_text(self, row: int) -> str:
        """Every cell of a row as shown, casefolded, for the search filter."""
        return " ".join(self.shown(row)).casefold()

    def clear(self) -> None:
        """Drop every row and the vault (on lock): nothing of a case stays in memory here."""
        self.state = CaseListState(
            sort_column=self.state.sort_column, descending=self.state.descending
        )
        self.set_rows([])

    def row_at(self, row: int) -> CaseRow:
        """The row object at a position."""
        return self.rows[row]

    def retranslate(self) -> None:
        """Headers, status words and titles in the new language."""
        self._shown = [None] * len(self.rows)
        self.headerDataChanged.emit(QtCore.Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self.state.vault is not None:
            if self._titled_in == current_language():
                return  # one switch sends several LanguageChange events: one query is enough
            # Titles were made in the old language, and the search matches titles.
            try:
                self.reload(at_least=len(self.rows))
            except Exception as error:
                self.failed.emit(error)
            return
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
        if orientation != QtCore.Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == QtCore.Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section])
        if role == QtCore.Qt.ItemDataRole.AccessibleTextRole:
            if section != self.state.sort_column:
                return _(COLUMNS[section])
            order = _("sorted descending") if self.state.descending else _("sorted ascending")
            return _("{column}, {order}").format(column=_(COLUMNS[section]), order=order)
        return None

    def data(self, index: QtCore.QModelIndex, role: int = 0) -> object:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        if role in (QtCore.Qt.ItemDataRole.DisplayRole, QtCore.Qt.ItemDataRole.AccessibleTextRole):
            return self.shown(index.row())[index.column()]
        row = self.rows[index.row()]
        if role == QtCore.Qt.ItemDataRole.UserRole:
            return row
        if role == SORT_ROLE:
            if index.column() == ACTIVITY:
                return row.last_activity.timestamp() if row.last_activity else 0.0
            if index.column() == FOLLOWUP:
                return row.next_followup.toordinal() if row.next_followup else 10**7
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
            return isolate(format_moment(row.last_activity)) if row.last_activity else ""
        if column == INTERVIEWER:
            return row.interviewer
        if column == FOLLOWUP:
            return followup_text(row.next_followup) if row.next_followup else ""
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
        if self.status == FOLLOWUP_DUE:
            if row.next_followup is None or row.next_followup > date.today():
                return False
        elif self.status not in ("", "open") and row.status != self.status:
            return False
        if self.search:
            return self.search in model.search_text(source_row)
        return True
