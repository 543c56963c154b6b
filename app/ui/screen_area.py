"""The room a window has on its screen: 1024x600 laptops with a taskbar and a title bar.

The main window asks for no more than such a screen offers and opens
maximised when its preferred size does not fit (loaded before the first
paint, so kept small; fitting dialogs is in `app.ui.screen_fit`).
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

PREFERRED_SIZE = QtCore.QSize(1180, 760)
# What a window manager adds around a window before it is mapped (borders, title bar).
FRAME_ALLOWANCE = QtCore.QSize(8, 36)


def available_area(widget: QtWidgets.QWidget | None = None) -> QtCore.QRect:
    """The free area (without taskbars) of the screen `widget` is on, or the primary screen."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QtGui.QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QtCore.QRect(0, 0, 1024, 600)


def frame_extra(window: QtWidgets.QWidget) -> QtCore.QSize:
    """What the frame adds to the window's size (an allowance before the frame is known)."""
    if window.windowFlags() & QtCore.Qt.WindowType.FramelessWindowHint:
        return QtCore.QSize(0, 0)
    frame, inner = window.frameGeometry(), window.geometry()
    if frame.size() != inner.size():
        return frame.size() - inner.size()
    return QtCore.QSize(FRAME_ALLOWANCE)


def room_for(window: QtWidgets.QWidget, area: QtCore.QRect | None = None) -> QtCore.QSize:
    """The largest size `window` may take so that it and its frame fit in `area`."""
    area = area or available_area(window)
    extra = frame_extra(window)
    return QtCore.QSize(area.width() - extra.width(), area.height() - extra.height())


def place_main_window(window: QtWidgets.QWidget, area: QtCore.QRect | None = None) -> bool:
    """Size the main window for its screen; True when it should open maximised."""
    room = room_for(window, area)
    if PREFERRED_SIZE.width() <= room.width() and PREFERRED_SIZE.height() <= room.height():
        window.resize(PREFERRED_SIZE)
        return False
    window.resize(PREFERRED_SIZE.boundedTo(room))
    return True
