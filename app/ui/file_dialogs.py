"""Choosing a file to read or write without leaving a trace of it.

The desktop's own file dialogs add what they save to recent-file lists (GTK's
recently-used file, Windows' dialog history), so Qt's own dialog is used. Qt's
dialog in turn remembers the folders it visited in its settings file
("history", "lastVisited"), and no option turns that off; those two entries
are put back as they were once the dialog is gone.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

import shiboken6
from PySide6 import QtCore, QtWidgets

_QT_GROUP = "FileDialog"
_REMEMBERED = ("history", "lastVisited")


def _qt_settings() -> QtCore.QSettings:
    # Where Qt's file dialog keeps its memory (see QFileDialogPrivate::saveSettings).
    return QtCore.QSettings(QtCore.QSettings.Scope.UserScope, "QtProject")


@contextlib.contextmanager
def no_dialog_history() -> Iterator[None]:
    """Restore Qt's file-dialog history and last folder after the block."""
    settings = _qt_settings()
    before = {
        key: settings.value(f"{_QT_GROUP}/{key}")
        for key in _REMEMBERED
        if settings.contains(f"{_QT_GROUP}/{key}")
    }
    try:
        yield
    finally:
        settings = _qt_settings()
        for key in _REMEMBERED:
            if key in before:
                settings.setValue(f"{_QT_GROUP}/{key}", before[key])
            else:
                settings.remove(f"{_QT_GROUP}/{key}")
        settings.sync()


def file_dialog(
    parent: QtWidgets.QWidget | None, title: str, *, save: bool, name_filter: str, suffix: str
) -> QtWidgets.QFileDialog:
    """Qt's own file dialog (never the desktop's), with an empty history."""
    dialog = QtWidgets.QFileDialog(parent, title)
    dialog.setOption(QtWidgets.QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setAcceptMode(
        QtWidgets.QFileDialog.AcceptMode.AcceptSave
        if save
        else QtWidgets.QFileDialog.AcceptMode.AcceptOpen
    )
    dialog.setFileMode(
        QtWidgets.QFileDialog.FileMode.AnyFile
        if save
        else QtWidgets.QFileDialog.FileMode.ExistingFile
    )
    dialog.setNameFilter(name_filter)
    dialog.setDefaultSuffix(suffix)
    dialog.setHistory([])
    return dialog


def choose_file(
    parent: QtWidgets.QWidget | None,
    title: str,
    *,
    save: bool,
    suggested: str = "",
    name_filter: str,
    suffix: str,
) -> str | None:
    """Ask for a file to write (`save`) or read; None when the user cancels."""
    with no_dialog_history():
        dialog = file_dialog(parent, title, save=save, name_filter=name_filter, suffix=suffix)
        if suggested:
            dialog.selectFile(suggested)
        chosen = None
        if dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted and dialog.selectedFiles():
            chosen = dialog.selectedFiles()[0]
        # Qt writes its history when the dialog object is destroyed: do it inside the block.
        shiboken6.delete(dialog)
    return chosen


def export_csv_file(
    parent: QtWidgets.QWidget | None,
    path: str | None,
    *,
    title: str,
    suggested: str,
    produce: Callable[[], str],
) -> str | None:
    """Ask where to write a CSV export (unless `path` is given), get its text from
    `produce` (the core, which checks the right and audits the copy) and write it
    atomically. The path written, or None when the worker cancels; errors pass on."""
    from app.export.files import write_atomic

    if not path:
        path = choose_file(
            parent, title, save=True, suggested=suggested, name_filter="CSV (*.csv)", suffix="csv"
        )
        if not path:
            return None
    write_atomic(Path(path), produce().encode("utf-8"))
    return path
