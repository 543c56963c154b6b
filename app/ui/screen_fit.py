"""Fitting windows on small screens: 1024x600 laptops with a taskbar and a title bar.

The main window asks for no more than such a screen offers and opens
maximised when its preferred size does not fit. Any other window (a dialog
written today or later) is bounded by the screen's free area when it shows;
one whose content cannot shrink that far gets its content in a scroll area,
its row of buttons kept below it, always visible.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

PREFERRED_SIZE = QtCore.QSize(1180, 760)
# What a window manager adds around a window before it is mapped (borders, title bar).
FRAME_ALLOWANCE = QtCore.QSize(8, 36)
SCROLLED_PROPERTY = "waystationScrolled"


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


def needed_height(window: QtWidgets.QWidget, width: int) -> int:
    """The height `window`'s content needs at `width` (wrapped labels included)."""
    layout = window.layout()
    if layout is not None and layout.hasHeightForWidth():
        return max(layout.totalHeightForWidth(width), layout.totalMinimumSize().height())
    return window.minimumSizeHint().height()


def fit_window(window: QtWidgets.QWidget, area: QtCore.QRect | None = None) -> None:
    """Size and move `window` so that it and its frame lie inside the free area, tall
    enough for its wrapped text; a dialog that cannot fit gets its content scrolled."""
    area = area or available_area(window)
    room = room_for(window, area)
    width = min(max(window.width(), window.minimumSizeHint().width()), room.width())
    if isinstance(window, QtWidgets.QDialog) and not window.property(SCROLLED_PROPERTY):
        too_wide = window.minimumSizeHint().width() > room.width()
        if too_wide or needed_height(window, width) > room.height():
            scroll_content(window)
    if window.minimumWidth() > room.width() or window.minimumHeight() > room.height():
        window.setMinimumSize(window.minimumSize().boundedTo(room))
    height = min(max(window.height(), needed_height(window, width)), room.height())
    size = QtCore.QSize(min(window.width(), room.width()), height)
    if size != window.size():
        window.resize(size)
    extra = frame_extra(window)
    frame = QtCore.QRect(window.pos(), window.size() + extra)
    left = min(max(frame.left(), area.left()), area.right() + 1 - frame.width())
    top = min(max(frame.top(), area.top()), area.bottom() + 1 - frame.height())
    if (left, top) != (frame.left(), frame.top()):
        window.move(left, top)


def _is_button_row(item: QtWidgets.QLayoutItem) -> bool:
    widget = item.widget()
    if isinstance(widget, QtWidgets.QDialogButtonBox):
        return True
    layout = item.layout()
    if layout is None:
        return False
    widgets = [layout.itemAt(i).widget() for i in range(layout.count())]
    shown = [w for w in widgets if w is not None]
    return bool(shown) and all(isinstance(w, QtWidgets.QAbstractButton) for w in shown)


def quiet_scroll_area(name: str = "") -> QtWidgets.QScrollArea:
    """A frameless, resizable scroll area that is no Tab stop (its content's controls are)."""
    scroll = QtWidgets.QScrollArea()
    if name:
        scroll.setObjectName(name)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
    scroll.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
    scroll.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return scroll


def scroll_content(dialog: QtWidgets.QDialog) -> bool:
    """Move a dialog's content (not its trailing row of buttons) into a scroll area.

    Works for dialogs laid out with a box layout (ours); others keep their layout
    and are only bounded in size. Returns True when the content now scrolls.
    """
    layout = dialog.layout()
    if not isinstance(layout, QtWidgets.QBoxLayout) or layout.count() == 0:
        return False
    items = [layout.takeAt(0) for _ in range(layout.count())]
    trailing = items.pop() if _is_button_row(items[-1]) else None
    content = QtWidgets.QWidget()
    inner = QtWidgets.QVBoxLayout(content)
    inner.setContentsMargins(0, 0, 0, 0)
    for item in items:
        if item.widget() is not None:
            inner.addWidget(item.widget())
        elif item.layout() is not None:
            inner.addLayout(item.layout())
        else:
            inner.addItem(item)
    scroll = quiet_scroll_area("dialogScroll")
    scroll.setWidget(content)
    layout.addWidget(scroll, 1)
    if trailing is not None:
        if trailing.widget() is not None:
            layout.addWidget(trailing.widget())
        else:
            layout.addLayout(trailing.layout())
    dialog.setProperty(SCROLLED_PROPERTY, True)
    return True
