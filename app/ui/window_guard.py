"""What every window of the app gets, including dialogs written later: the hide keys and
a Hide button, a size that fits the screen, and controls a screen reader can name.

One application event filter, installed after the first paint (before it only
the main window exists, and its own F12 shortcut serves). It sees every key
press first, so F12, or Shift pressed three times in a row (one hand, either
side of the keyboard, the gesture GOV.UK's "Exit this page" uses), hides the
app over a modal dialog, a file chooser or an open list, where a window's
shortcut would be blocked. Every dialog that shows gets a red Hide button in
a strip along its top (a modal dialog covers the main window's), is bounded
by the free screen area, and has its tables, scroll areas and Qt's own
buttons set up for the keyboard and screen readers.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import shiboken6
from PySide6 import QtCore, QtGui, QtWidgets

from app.i18n import _
from app.ui.controls import button, set_text
from app.ui.mnemonics import fix_mnemonics, without_mnemonic
from app.ui.screen_fit import fit_window

HIDE_KEY = QtCore.Qt.Key.Key_F12
SHIFT_PRESSES = 3
SHIFT_SECONDS = 2.0  # the presses must come within this time, with no other key between
STRIP_NAME = "hideStrip"
_NOT_WINDOWS = (
    QtCore.Qt.WindowType.Popup,
    QtCore.Qt.WindowType.ToolTip,
    QtCore.Qt.WindowType.SplashScreen,
)


class HideStrip(QtWidgets.QWidget):
    """A strip along a dialog's top edge with the red Hide button at its end."""

    def __init__(self, dialog: QtWidgets.QDialog, hide: Callable[[], None]) -> None:
        super().__init__(dialog)
        self.setObjectName(STRIP_NAME)
        self.button = button("danger", "dialogHideButton")
        self.button.setAutoDefault(False)
        self.button.setDefault(False)
        self.button.setFocusPolicy(QtCore.Qt.FocusPolicy.TabFocus)
        self.button.clicked.connect(hide)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 0)
        layout.addStretch(1)
        layout.addWidget(self.button)
        self.retranslate()
        dialog.installEventFilter(self)
        self._place(dialog)
        self.show()  # made while its dialog is being shown: Qt shows only the children it had

    def retranslate(self) -> None:
        set_text(self.button, _("Hide (F12)"), _("Hide every window and lock the vault (F12)"))
        self.button.setToolTip(_("F12 hides every window at once and locks the vault."))

    def _place(self, dialog: QtWidgets.QWidget) -> None:
        height = self.sizeHint().height()
        margins = dialog.contentsMargins()
        if margins.top() != height:
            dialog.setContentsMargins(margins.left(), height, margins.right(), margins.bottom())
        self.setGeometry(0, 0, dialog.width(), height)
        self.raise_()

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind in (QtCore.QEvent.Type.Resize, QtCore.QEvent.Type.Show):
            self._place(watched)
        elif kind == QtCore.QEvent.Type.LanguageChange:
            self.retranslate()
        return False


def name_controls(window: QtWidgets.QWidget) -> None:
    """Tab leaves tables; scroll areas are no Tab stops; Qt's own buttons carry names."""
    for view in window.findChildren(QtWidgets.QAbstractItemView):
        view.setTabKeyNavigation(False)
    for scroll in window.findChildren(QtWidgets.QAbstractScrollArea):
        if isinstance(scroll, QtWidgets.QScrollArea):
            scroll.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
    for widget in window.findChildren(QtWidgets.QAbstractButton):
        if not widget.accessibleName() and widget.text():
            widget.setAccessibleName(without_mnemonic(widget.text()))


def prepare_window(window: QtWidgets.QWidget, hide: Callable[[], None]) -> None:
    """Make a window that is being shown safe: Hide button (dialogs), fit, names, mnemonics."""
    if isinstance(window, QtWidgets.QDialog) and window.findChild(HideStrip, STRIP_NAME) is None:
        HideStrip(window, hide)
    fit_window(window)
    name_controls(window)
    fix_mnemonics(window)


class WindowGuard(QtCore.QObject):
    """The application event filter: hide keys everywhere, and every new window prepared."""

    def __init__(
        self,
        hide: Callable[[], None],
        *,
        main_window: QtWidgets.QWidget | None = None,
        clock: Callable[[], float] = time.monotonic,
        parent: QtCore.QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._hide = hide
        self._main = main_window
        self._clock = clock
        self._shift_times: list[float] = []
        self._last_event: tuple[tuple[int, int], QtCore.QObject | None] = ((0, 0), None)

    def install(self) -> None:
        """Watch the running application's events and focus changes."""
        app = QtWidgets.QApplication.instance()
        if isinstance(app, QtWidgets.QApplication):
            app.installEventFilter(self)
            app.focusChanged.connect(self._focus_changed)

    @QtCore.Slot(QtWidgets.QWidget, QtWidgets.QWidget)
    def _focus_changed(self, _old: QtWidgets.QWidget | None, new: QtWidgets.QWidget | None) -> None:
        """A control that gets the focus (by Alt+letter too) scrolls into view."""
        parent = new.parentWidget() if new is not None else None
        while parent is not None:
            if isinstance(parent, QtWidgets.QScrollArea) and parent.widget() is not None:
                if parent.widget().isAncestorOf(new):
                    parent.ensureWidgetVisible(new, 8, 8)
                return
            parent = parent.parentWidget()

    def remove(self) -> None:
        """Stop watching (tests, or a window going away)."""
        app = QtWidgets.QApplication.instance()
        if isinstance(app, QtWidgets.QApplication):
            app.removeEventFilter(self)
            app.focusChanged.disconnect(self._focus_changed)

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind == QtCore.QEvent.Type.KeyPress:
            if self._passed_on(watched, event):
                return False
            return self._key(event)
        if kind == QtCore.QEvent.Type.Show and watched.isWidgetType() and watched.isWindow():
            self._shown(watched)
        return False

    def _passed_on(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        """True when this is a key press seen already, now passed on to a parent.

        Qt delivers a press to the window, then to the focused widget, then to each
        parent when the one before did not take it: one press, counted once.
        """
        key = (shiboken6.getCppPointer(event)[0], int(event.timestamp()))
        last_key, last_watched = self._last_event
        self._last_event = (key, watched)
        if key != last_key or last_watched is None or not shiboken6.isValid(last_watched):
            return False
        if not last_watched.isWidgetType():
            return watched.isWidgetType()  # from the window to its focused widget
        return watched.isWidgetType() and watched.isAncestorOf(last_watched)

    def _key(self, event: QtGui.QKeyEvent) -> bool:
        key = event.key()
        if key == HIDE_KEY:
            self._shift_times.clear()
            self._hide()
            return True
        if key != QtCore.Qt.Key.Key_Shift or event.isAutoRepeat():
            self._shift_times.clear()
            return False
        now = self._clock()
        self._shift_times = [t for t in self._shift_times if now - t <= SHIFT_SECONDS]
        self._shift_times.append(now)
        if len(self._shift_times) >= SHIFT_PRESSES:
            self._shift_times.clear()
            self._hide()
        return False

    def _shown(self, window: QtWidgets.QWidget) -> None:
        from app.ui.quick_hide import NeutralCover

        if window is self._main or isinstance(window, NeutralCover):
            return
        if window.windowType() in _NOT_WINDOWS:
            return
        prepare_window(window, self._hide)
