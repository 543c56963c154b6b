"""Quick hide: one key (F12, or Shift three times) or one button covers every window,
dialogs and file choosers included, with a neutral screen.

The order matters and is kept in `QuickHide.trigger`: first every window is
hidden and the neutral cover painted (nothing on screen any more), only then
the vault is locked, which may take longer. The cover shows nothing of the app:
no name, no title, no case content. Any key or click on it brings back the
(locked) unlock screen.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6 import QtCore, QtGui, QtWidgets

from app.i18n import N_, _

SHORTCUT = "F12"
SHORTCUT_HELP = N_("F12 hides every window at once and locks the vault.")


class NeutralCover(QtWidgets.QWidget):
    """A plain full-screen surface with nothing on it; a key or click dismisses it."""

    dismissed = QtCore.Signal()

    def __init__(self, screen: QtGui.QScreen | None = None) -> None:
        super().__init__(None, QtCore.Qt.WindowType.FramelessWindowHint)
        self.setObjectName("neutralCover")
        self.setWindowTitle(" ")  # never the app's name: a passer-by learns nothing
        self.setAccessibleName(_("Blank screen"))
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QtGui.QPalette.ColorRole.Window, QtGui.QColor("#d9d9d6"))
        self.setPalette(palette)
        self.setStyleSheet("QWidget#neutralCover { background: #d9d9d6; }")
        self.setFocusPolicy(QtCore.Qt.FocusPolicy.StrongFocus)
        if screen is not None:
            self.setGeometry(screen.geometry())

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() != QtCore.Qt.Key.Key_F12:  # F12 again must not undo the hiding
            self.dismissed.emit()

    def mousePressEvent(self, event: QtGui.QMouseEvent) -> None:  # noqa: N802 - Qt override
        self.dismissed.emit()


class QuickHide(QtCore.QObject):
    """Hides all windows, shows one neutral cover per screen, then calls `lock`.

    `events` records the order of the steps ("hidden", "locked") so a test can
    check that nothing slow happens before the screen is covered.
    """

    hidden = QtCore.Signal()
    restored = QtCore.Signal()

    def __init__(
        self,
        lock: Callable[[], None],
        restore: Callable[[], None],
        parent: QtCore.QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._lock = lock
        self._restore = restore
        self.covers: list[NeutralCover] = []
        self.events: list[str] = []
        # The windows this hide took off the screen (dialogs among them), until dismissed.
        self.hidden_windows: list[QtWidgets.QWidget] = []

    @property
    def active(self) -> bool:
        """True while the neutral cover is up."""
        return bool(self.covers)

    def trigger(self) -> None:
        """Hide everything at once, then lock the vault."""
        app = QtWidgets.QApplication.instance()
        if not isinstance(app, QtWidgets.QApplication) or self.active:
            return
        self.hidden_windows = [
            window
            for window in app.topLevelWidgets()
            if window.isVisible() and not isinstance(window, NeutralCover)
        ]
        for window in self.hidden_windows:
            window.hide()
        for screen in QtGui.QGuiApplication.screens() or [None]:
            cover = NeutralCover(screen)
            cover.dismissed.connect(self.dismiss)
            cover.showFullScreen()
            cover.repaint()  # painted now, not after the lock below
            self.covers.append(cover)
        self.covers[0].activateWindow()
        self.covers[0].setFocus()
        self.events.append("hidden")
        self.hidden.emit()
        self._lock()
        self.events.append("locked")

    def dismiss(self) -> None:
        """Take the cover down and show the (locked) app again."""
        covers, self.covers = self.covers, []
        self.hidden_windows = []
        for cover in covers:
            cover.hide()
            cover.deleteLater()
        self._restore()
        self.restored.emit()


def install_shortcut(window: QtWidgets.QWidget, quick_hide: QuickHide) -> QtGui.QShortcut:
    """F12 in the main window before the first paint; after it, `WindowGuard` sees every key
    first, modal dialogs and open lists included, where a shortcut would be blocked."""
    shortcut = QtGui.QShortcut(QtGui.QKeySequence(SHORTCUT), window)
    shortcut.setContext(QtCore.Qt.ShortcutContext.ApplicationShortcut)
    shortcut.activated.connect(quick_hide.trigger)
    return shortcut
