"""The off-thread helper, the clipboard guard, the idle clock, and the case list filters."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from PySide6 import QtCore, QtGui, QtWidgets

from app.domain.errors import AccessDenied
from app.ui.case_list_model import ACTIVITY, CaseFilter, CaseListModel, CaseRow
from app.ui.idle_lock import IdleLock
from app.ui.operations import error_message, run_in_background
from app.ui.privacy import install_clipboard_guard
from tests.ui.conftest import FakeClock, unlock
from tests.ui.test_screening_flow import missing_accessible_names


def test_work_runs_off_the_ui_thread_then_one_callback_on_it(qtbot):
    seen: dict[str, object] = {}
    ui_thread = threading.current_thread()

    def work() -> int:
        seen["worker"] = threading.current_thread()
        return 42

    def done(result: object) -> None:
        seen["result"] = result
        seen["callback"] = threading.current_thread()

    operation = run_in_background(parent=None, work=work, on_success=done)
    qtbot.waitUntil(lambda: operation.done, timeout=5000)
    assert seen["result"] == 42
    assert seen["worker"] is not ui_thread and seen["callback"] is ui_thread


def test_a_failure_reaches_the_failure_callback_with_a_user_message(qtbot):
    errors: list[BaseException] = []

    def work() -> None:
        raise AccessDenied("a screener account may not export data")

    operation = run_in_background(parent=None, work=work, on_failure=errors.append)
    qtbot.waitUntil(lambda: operation.done, timeout=5000)
    # The core's lower-case message, as a sentence on screen.
    assert error_message(errors[0]) == "A screener account may not export data"
    # An unexpected error never shows its internals (they may hold case data).
    assert "secret" not in error_message(RuntimeError("secret answer text"))


def test_clipboard_guard_blocks_copy_from_tables(qtbot):
    app = QtWidgets.QApplication.instance()
    guard = install_clipboard_guard(app)
    try:
        table = QtWidgets.QTableWidget(1, 1)
        table.setItem(0, 0, QtWidgets.QTableWidgetItem("WS-SECRET-REF"))
        qtbot.addWidget(table)
        table.show()
        table.setCurrentCell(0, 0)
        QtGui.QGuiApplication.clipboard().setText("before")
        qtbot.keyClick(table, QtCore.Qt.Key.Key_C, QtCore.Qt.KeyboardModifier.ControlModifier)
        assert QtGui.QGuiApplication.clipboard().text() == "before"
    finally:
        app.removeEventFilter(guard)


def test_idle_lock_fires_once_and_only_when_armed(qtbot):
    clock = FakeClock()
    lock = IdleLock(timeout_seconds=60, clock=clock)
    fired: list[int] = []
    lock.expired.connect(lambda: fired.append(1))
    clock.advance(120)
    lock.check()
    assert fired == []  # not armed: nothing is open
    lock.arm()
    clock.advance(59)
    lock.check()
    assert fired == []
    clock.advance(1)
    lock.check()
    lock.check()
    assert fired == [1]
    lock.set_timeout_minutes(0)
    assert lock.timeout_seconds == 300  # nonsense falls back to the default


def _row(reference: str, status: str, minutes: int, screening: int | None = 1) -> CaseRow:
    when = datetime(2026, 1, 1, 12, minutes, tzinfo=UTC)
    return CaseRow(1, reference, screening, status, "Border quick triage", "", when, "sol")


def test_case_list_search_status_filter_and_sorting(qtbot):
    model = CaseListModel()
    rows = [
        _row("WS-AAA", "paused", 5),
        _row("WS-BBB", "completed", 30),
        _row("WS-CCC", "none", 1, None),
    ]
    model.set_rows(rows)
    proxy = CaseFilter()
    proxy.setSourceModel(model)
    from app.ui.case_list_model import SORT_ROLE

    proxy.setSortRole(SORT_ROLE)
    proxy.sort(ACTIVITY, QtCore.Qt.SortOrder.DescendingOrder)
    shown = [proxy.index(r, 0).data() for r in range(proxy.rowCount())]
    assert shown == ["WS-BBB", "WS-AAA", "WS-CCC"]
    proxy.set_search("bbb")
    assert proxy.rowCount() == 1
    proxy.set_search("")
    proxy.set_status("open")  # things to continue: paused and not started
    assert sorted(proxy.index(r, 0).data() for r in range(proxy.rowCount())) == ["WS-AAA", "WS-CCC"]
    proxy.set_status("completed")
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == ["WS-BBB"]
    assert (
        model.headerData(0, QtCore.Qt.Orientation.Horizontal, QtCore.Qt.ItemDataRole.DisplayRole)
        == "Reference"
    )


def test_every_control_has_an_accessible_name(qtbot, window, vault_users):
    assert missing_accessible_names(window.unlock_page) == []
    unlock(qtbot, window, "ada", vault_users["ada"][1])
    assert missing_accessible_names(window.case_list_page) == []
    window.show_admin()
    for tab in ("users", "settings", "audit"):
        window.admin_page.show_tab(tab)
        assert missing_accessible_names(window.admin_page.tabs.currentWidget()) == [], tab
    toolbar = [w for w in window.toolbar.findChildren(QtWidgets.QPushButton) if w.isVisible()]
    assert toolbar and all(w.accessibleName() for w in toolbar)


def test_a_closed_page_gets_no_callback(qtbot):
    page = QtWidgets.QWidget()
    called: list[object] = []
    release = threading.Event()
    operation = run_in_background(
        parent=page, work=lambda: release.wait(5), on_success=called.append
    )
    page.deleteLater()  # e.g. the admin page, removed by a lock while a backup runs
    qtbot.wait(10)
    release.set()
    qtbot.waitUntil(lambda: operation.done, timeout=5000)
    assert called == []
