"""Keeping case content out of the clipboard.

Qt's item views copy the current cell on Ctrl+C, and text browsers copy a
selection; an app-wide filter swallows copy and cut there, so a reference or
an answer never lands on the system clipboard (which other programs read and
clipboard managers keep). Typing fields keep working as usual.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

_GUARDED = (QtWidgets.QAbstractItemView, QtWidgets.QTextBrowser, QtWidgets.QLabel)


class ClipboardGuard(QtCore.QObject):
    """An application event filter that blocks copy/cut from views that show case data."""

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:  # noqa: N802
        if (
            event.type() in (QtCore.QEvent.Type.KeyPress, QtCore.QEvent.Type.ShortcutOverride)
            and isinstance(watched, _GUARDED)
            and isinstance(event, QtGui.QKeyEvent)
            and (
                event.matches(QtGui.QKeySequence.StandardKey.Copy)
                or event.matches(QtGui.QKeySequence.StandardKey.Cut)
            )
        ):
            event.accept()
            return True
        return False


def install_clipboard_guard(app: QtWidgets.QApplication) -> ClipboardGuard:
    """Install the guard on the application; keep the returned object alive."""
    guard = ClipboardGuard(app)
    app.installEventFilter(guard)
    return guard
