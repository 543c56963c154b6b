"""The case list sorts its own rows (the proxy only filters) and keeps the order on reload."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6 import QtCore

from app.ui.case_list_model import ACTIVITY, REFERENCE, CaseFilter, CaseListModel, CaseRow

ASC = QtCore.Qt.SortOrder.AscendingOrder
DESC = QtCore.Qt.SortOrder.DescendingOrder


def _row(case_id: int, reference: str, minutes: int) -> CaseRow:
    when = datetime(2026, 1, 1, 12, minutes, tzinfo=UTC)
    return CaseRow(case_id, reference, case_id, "completed", "Border quick triage", "", when, "sol")


def _shown(proxy) -> list[str]:
    return [proxy.index(r, REFERENCE).data() for r in range(proxy.rowCount())]


def test_sorting_keeps_selection_and_survives_new_rows(qtbot):
    model = CaseListModel()
    model.set_rows([_row(1, "WS-CCC", 5), _row(2, "WS-AAA", 30), _row(3, "WS-BBB", 1)])
    proxy = CaseFilter()
    proxy.setSourceModel(model)
    proxy.sort(ACTIVITY, DESC)
    assert _shown(proxy) == ["WS-AAA", "WS-CCC", "WS-BBB"]
    selected = QtCore.QPersistentModelIndex(proxy.index(0, REFERENCE))  # WS-AAA
    proxy.sort(REFERENCE, DESC)
    assert _shown(proxy) == ["WS-CCC", "WS-BBB", "WS-AAA"]
    assert selected.data() == "WS-AAA" and selected.row() == 2
    proxy.set_search("bbb")
    assert _shown(proxy) == ["WS-BBB"]
    proxy.set_search("")
    model.set_rows([_row(4, "WS-DDD", 2), *model.rows])
    assert _shown(proxy) == ["WS-DDD", "WS-CCC", "WS-BBB", "WS-AAA"]
    proxy.sort(REFERENCE, ASC)
    assert _shown(proxy) == ["WS-AAA", "WS-BBB", "WS-CCC", "WS-DDD"]
