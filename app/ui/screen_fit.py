"""Fitting any window (a dialog written today or later) on a small screen: it is bounded
by the screen's free area when it shows, tall enough for its wrapped text; one whose
content cannot shrink that far gets its content in a scroll area, its row of buttons
kept below it, always visible. The main window's own size: `app.ui.screen_area`.
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from app.ui.controls import quiet_scroll_area
from app.ui.screen_area import available_area, frame_extra, room_for

SCROLLED_PROPERTY = "waystationScrolled"


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
