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
