"""The case list page on a vault with more cases than one page: paging, search, sort in SQL."""

from __future__ import annotations

import pytest
from PySide6 import QtCore

from app.demo.bulk_load import load_synthetic
from app.ui.case_list_model import ACTIVITY, PAGE, REFERENCE, STATUS
from app.ui.case_list_page import CaseListPage

CASES = 2 * PAGE + 50
ASC = QtCore.Qt.SortOrder.AscendingOrder
Key = QtCore.Qt.Key


@pytest.fixture
def busy_vault(vault):
    """The admin's vault with CASES synthetic cases of their own."""
    load_synthetic(vault, cases=CASES, answers=2 * CASES)
    return vault


@pytest.fixture
def page(qtbot, busy_vault):
    shown = CaseListPage()
    qtbot.addWidget(shown)
    shown.resize(900, 600)
    shown.show()
    shown.load(busy_vault)
    return shown


def _column(page, column):
    return [page.model.index(r, column).data() for r in range(page.model.rowCount())]


def _all_references(vault, **filters):
    return [row.reference for row in vault.cases.overview(limit=10 * CASES, **filters)]


def test_first_page_then_more_as_the_view_scrolls(qtbot, page, busy_vault):
    model = page.model
    assert model.rowCount() == PAGE and model.canFetchMore()
    assert _column(page, REFERENCE) == _all_references(busy_vault)[:PAGE]  # newest first
    assert (
        page.current_row() is not None
        and page.current_row().reference == _column(page, REFERENCE)[0]
    )
    for _turn in range(10):  # the view asks for more when its end comes into view
        page.table.scrollToBottom()
        qtbot.wait(10)
        if not model.canFetchMore():
            break
    assert model.rowCount() == CASES and not model.canFetchMore()
    assert _column(page, REFERENCE) == _all_references(busy_vault)


def test_sorting_a_column_orders_every_case_not_the_loaded_page(page, busy_vault):
    page.table.sortByColumn(REFERENCE, ASC)
    everything = sorted(_all_references(busy_vault))
    assert _column(page, REFERENCE) == everything[:PAGE]
    page.table.sortByColumn(ACTIVITY, QtCore.Qt.SortOrder.DescendingOrder)
    assert _column(page, REFERENCE) == _all_references(busy_vault)[:PAGE]


def test_typing_filters_through_the_core_after_a_pause(qtbot, page, busy_vault):
    wanted = _all_references(busy_vault)[-1]  # on no loaded page: the oldest case
    assert wanted not in _column(page, REFERENCE)
    qtbot.keyClicks(page.search, wanted[3:].lower())
    assert page.model.rowCount() == PAGE  # nothing asked yet while typing
    qtbot.waitUntil(lambda: _column(page, REFERENCE) == [wanted], timeout=2000)
    assert page.current_row().reference == wanted
    page.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == PAGE, timeout=2000)


def test_status_filter_and_a_status_word_search(qtbot, page, busy_vault):
    page.status_box.setCurrentIndex(page.status_box.findData("open"))
    statuses = set(_column(page, STATUS))
    assert statuses and statuses <= {"paused", "in progress", "not started"}
    assert page.model.rowCount() == min(PAGE, busy_vault.cases.count(status="open"))
    page.status_box.setCurrentIndex(page.status_box.findData(""))
    page.search.setText("paused")
    page.apply_search()  # what the typing pause timer calls
    assert set(_column(page, STATUS)) == {"paused"}


def test_enter_resumes_a_paused_case_and_opens_a_completed_ones_summary(qtbot, page):
    for status, signal in (
        ("paused", page.resume_requested),
        ("completed", page.summary_requested),
    ):
        page.search.setText(status)
        page.apply_search()
        row = page.current_row()
        assert row.status == status
        page.table.setFocus()
        with qtbot.waitSignal(signal) as emitted:
            qtbot.keyClick(page.table, Key.Key_Return)
        assert emitted.args == [row.screening_id]


def test_headers_follow_the_language_and_lock_forgets_everything(qtbot, page, monkeypatch):
    import app.ui.case_list_model as case_list_model

    monkeypatch.setattr(case_list_model, "_", lambda text: "«" + text + "»")
    with qtbot.waitSignal(page.model.headerDataChanged):
        page.model.retranslate()
    header = page.model.headerData(
        REFERENCE, QtCore.Qt.Orientation.Horizontal, QtCore.Qt.ItemDataRole.DisplayRole
    )
    assert header == "«Reference»"
    assert page.model.rowCount() == PAGE  # the titles were made again, rows still there
    qtbot.keyClicks(page.search, "WS")
    page.clear()
    assert page.model.rowCount() == 0 and page.model.state.vault is None
    assert page.search.text() == "" and not page.search_timer.isActive()
    assert not page.model.canFetchMore()


def test_a_screener_sees_only_their_own_cases(qtbot, busy_vault, open_vault):
    sol = open_vault("sol")
    mine = sol.cases.create()
    shown = CaseListPage()
    qtbot.addWidget(shown)
    shown.load(sol)
    assert _column(shown, REFERENCE) == [mine.reference]
    shown.search.setText("WS-")
    shown.apply_search()
    assert _column(shown, REFERENCE) == [mine.reference]


def test_a_failed_query_shows_a_message_not_a_traceback(qtbot, page, busy_vault):
    busy_vault.close()
    page.search.setText("WS")
    page.apply_search()
    assert not page.error.isHidden() and page.error.text()
