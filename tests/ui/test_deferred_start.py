"""The unlock screen comes first: the case list, the screening pages and the storage code
behind them are built after the first paint or on first use, and the language box lists
every language once the window is on screen. The session works whichever comes first."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6 import QtCore, QtWidgets

from app.i18n import current_language, offered_languages
from app.ui.main_window import MainWindow
from tests.ui.conftest import unlock

# Not needed to draw the unlock screen; loaded after the first paint.
AFTER_FIRST_PAINT = (
    "app.storage.vault",
    "app.storage.cases",
    "app.storage.case_overview",
    "app.ui.case_list_page",
    "app.ui.case_list_model",
    "app.ui.screening_flow",
    "app.ui.interview_page",
    "sqlcipher3",
    "babel.dates",
)


def test_the_unlock_screen_is_built_without_the_session_code(vault_dir: Path):
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from PySide6 import QtCore\n"
        "from app.ui.application import make_application\n"
        "from app.ui.main_window import MainWindow\n"
        "app = make_application()\n"
        f"window = MainWindow(Path({str(vault_dir)!r}))\n"
        f"names = {AFTER_FIRST_PAINT!r}\n"
        "print(','.join(m for m in names if m in sys.modules))\n"
        "print(window.stack.currentWidget() is window.unlock_page)\n"
        "window.show()\n"
        "for _ in range(5):\n"
        "    app.processEvents()\n"
        "print(','.join(m for m in names if m not in sys.modules))\n"
        "print(window.session_pages_built(), window.language_box.count())\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    before, on_unlock_page, missing_after, built = done.stdout.splitlines()
    assert before == ""
    assert on_unlock_page == "True"
    # Once painted, everything is there before the user can finish typing a password.
    assert missing_after == ""
    assert built == f"True {len(offered_languages())}"


def test_pages_are_built_on_first_use_when_never_painted(qtbot, vault_dir, vault_users):
    window = MainWindow(vault_dir)
    qtbot.addWidget(window)
    assert not window.session_pages_built()
    unlock(qtbot, window, "sol", vault_users["sol"][1])
    assert window.session_pages_built()
    assert window.stack.currentWidget() is window.case_list_page
    window.flow.start_new()
    assert window.stack.currentWidget() is window.flow.new_page
    window.lock()
    assert window.stack.currentWidget() is window.unlock_page


def test_lock_and_language_switch_work_before_the_pages_exist(qtbot, vault_dir):
    window = MainWindow(vault_dir)
    qtbot.addWidget(window)
    window.lock()  # idle lock or quick hide before the first paint
    assert window.stack.currentWidget() is window.unlock_page
    assert not window.session_pages_built()
    window.set_language("fa")
    assert current_language() == "fa"
    assert window.language_box.currentData() == "fa"
    assert window.layoutDirection() == QtCore.Qt.LayoutDirection.RightToLeft
    codes = [window.language_box.itemData(i) for i in range(window.language_box.count())]
    assert codes == [lang.code for lang in offered_languages()]


def test_the_box_follows_a_language_set_before_it_lists_them(qtbot, vault_dir):
    from app.ui.language import apply_language

    window = MainWindow(vault_dir)
    qtbot.addWidget(window)
    apply_language("ar")  # as --lang does, or a respondent-language change elsewhere
    assert window.language_box.count() == 1
    assert window.language_box.currentData() == "ar"
    window.list_languages()
    assert window.language_box.currentData() == "ar"
    assert window.language_box.count() == len(offered_languages())
    # Listing the languages is not choosing one.
    assert current_language() == "ar"


def test_the_window_builds_the_rest_after_its_first_paint(qtbot, vault_dir):
    window = MainWindow(vault_dir)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(window.session_pages_built, timeout=5_000)
    assert window.language_box.count() == len(offered_languages())
    assert window.stack.currentWidget() is window.unlock_page


def test_copy_from_case_views_is_blocked_once_the_session_pages_exist(qtbot, vault_dir):
    from PySide6 import QtGui

    window = MainWindow(vault_dir)
    qtbot.addWidget(window)
    assert window.case_list_page is not None  # built on first use, with the copy guard
    table = QtWidgets.QTableWidget(1, 1)
    table.setItem(0, 0, QtWidgets.QTableWidgetItem("WS-SECRET-REF"))
    qtbot.addWidget(table)
    table.show()
    table.setCurrentCell(0, 0)
    QtGui.QGuiApplication.clipboard().setText("before")
    qtbot.keyClick(table, QtCore.Qt.Key.Key_C, QtCore.Qt.KeyboardModifier.ControlModifier)
    assert QtGui.QGuiApplication.clipboard().text() == "before"


def test_first_run_page_is_built_only_without_a_vault(qtbot, vault_dir, tmp_path):
    from app.ui.first_run_page import FirstRunPage

    def first_run_pages(window: MainWindow) -> list:
        pages = (window.stack.widget(i) for i in range(window.stack.count()))
        return [page for page in pages if isinstance(page, FirstRunPage)]

    with_vault = MainWindow(vault_dir)
    qtbot.addWidget(with_vault)
    assert with_vault.stack.currentWidget() is with_vault.unlock_page
    assert first_run_pages(with_vault) == []
    empty = tmp_path / "new-vault"
    without = MainWindow(empty)
    qtbot.addWidget(without)
    assert without.stack.currentWidget() is without.first_run_page
    assert first_run_pages(without) == [without.first_run_page]
