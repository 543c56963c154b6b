"""The admin's backup dialog leaves no folder history in Qt's settings and writes no backup
when cancelled; the same shared chooser serves the referral and service dialogs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6 import QtCore, QtWidgets

from app.ui.admin.settings_page import SettingsPage


@pytest.fixture
def qt_settings_dir(tmp_path: Path) -> Iterator[Path]:
    """Qt's user settings (where its file dialog keeps history) redirected to tmp_path."""
    fmt, scope = QtCore.QSettings.Format.NativeFormat, QtCore.QSettings.Scope.UserScope
    default = QtCore.QStandardPaths.writableLocation(
        QtCore.QStandardPaths.StandardLocation.GenericConfigLocation
    )
    folder = tmp_path / "settings"
    QtCore.QSettings.setPath(fmt, scope, str(folder))
    try:
        yield folder
    finally:
        QtCore.QSettings.setPath(fmt, scope, default)


def test_backup_dialog_leaves_no_folder_history(qtbot, open_vault, tmp_path, qt_settings_dir):
    vault = open_vault("ada")
    page = SettingsPage(vault)
    qtbot.addWidget(page)
    secret = tmp_path / "case-folder"
    secret.mkdir()
    seen: list[bool] = []

    def visit_and_cancel() -> None:
        dialogs = [d for d in page.findChildren(QtWidgets.QFileDialog) if d.isVisible()]
        if not dialogs:
            QtCore.QTimer.singleShot(20, visit_and_cancel)
            return
        dialog = dialogs[0]
        # Checked here, asserted after: an exception in this slot would leave the dialog open.
        seen.append(dialog.testOption(QtWidgets.QFileDialog.Option.DontUseNativeDialog))
        dialog.setDirectory(str(secret))
        dialog.reject()

    QtCore.QTimer.singleShot(20, visit_and_cancel)
    page.backup()
    assert seen == [True], "the backup did not ask with Qt's own file dialog"
    assert getattr(page, "operation", None) is None  # cancelled: no backup started
    after = QtCore.QSettings(QtCore.QSettings.Scope.UserScope, "QtProject")
    assert "case-folder" not in str(after.value("FileDialog/history"))
    assert "case-folder" not in str(after.value("FileDialog/lastVisited"))
    assert list(secret.iterdir()) == []


@pytest.mark.parametrize("replace", [False, True])
def test_saving_over_an_existing_file_asks_first(
    replace, qtbot, open_vault, tmp_path, qt_settings_dir
):
    """Every save goes through choose_file: Qt's dialog asks before replacing a file."""
    vault = open_vault("ada")
    page = SettingsPage(vault)
    qtbot.addWidget(page)
    existing = tmp_path / "earlier.wsbackup"
    existing.write_bytes(b"an earlier backup")
    asked: list[str] = []

    def answer_the_question(tries: int = 50) -> None:
        boxes = [b for b in QtWidgets.QApplication.topLevelWidgets() if b.isVisible()]
        boxes = [b for b in boxes if isinstance(b, QtWidgets.QMessageBox)]
        if not boxes:
            if tries:  # never asked: the assertion below says so
                QtCore.QTimer.singleShot(20, lambda: answer_the_question(tries - 1))
            return
        asked.append(boxes[0].text())
        button = (
            QtWidgets.QMessageBox.StandardButton.Yes
            if replace
            else QtWidgets.QMessageBox.StandardButton.No
        )
        boxes[0].button(button).click()

    def choose_the_existing_file() -> None:
        dialogs = [d for d in page.findChildren(QtWidgets.QFileDialog) if d.isVisible()]
        if not dialogs:
            QtCore.QTimer.singleShot(20, choose_the_existing_file)
            return
        dialog = dialogs[0]
        # Typed into the name field, as the worker would (selectFile leaves a focused field).
        dialog.findChild(QtWidgets.QLineEdit, "fileNameEdit").setText(str(existing))
        QtCore.QTimer.singleShot(20, answer_the_question)
        dialog.accept()  # asks; answered No, the dialog stays open
        if dialog.isVisible():
            dialog.reject()

    QtCore.QTimer.singleShot(20, choose_the_existing_file)
    page.backup()
    assert len(asked) == 1 and "earlier.wsbackup" in asked[0], asked
    if replace:
        qtbot.waitUntil(lambda: page.operation.done, timeout=20000)
        assert existing.read_bytes().startswith(b"WAYSTATION-BACKUP")
    else:
        assert getattr(page, "operation", None) is None
        assert existing.read_bytes() == b"an earlier backup"
