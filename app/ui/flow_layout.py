"""A row of buttons that wraps onto more rows when the window is narrow or the text large.

Qt has no wrapping layout of its own (its flow layout is an example program);
this one also follows the layout direction (right to left for Arabic and
Farsi) and gives spare room on a row to its stretch items, so "Back ...
Pause Stop Emergency" keeps Back at the start and the rest at the end.
Nothing in a row it lays out is ever cut off or pushed off screen.
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

Policy = QtWidgets.QSizePolicy.Policy


class FlowLayout(QtWidgets.QLayout):
    """Items left to right (or right to left), wrapping; height follows the width."""

    def __init__(
        self, parent: QtWidgets.QWidget | None = None, spacing: int = 8, margin: int = 0
    ) -> None:
        super().__init__(parent)
        self._items: list[QtWidgets.QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(margin, margin, margin, margin)

    # --- QLayout interface --------------------------------------------------------------
    def addItem(self, item: QtWidgets.QLayoutItem) -> None:  # noqa: N802 - Qt override
        self._items.append(item)

    def addStretch(self) -> None:  # noqa: N802 - like QBoxLayout.addStretch
        """Spare room on a row goes here (shared between the stretches of that row)."""
        self.addItem(QtWidgets.QSpacerItem(0, 0, Policy.Expanding, Policy.Minimum))

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QtWidgets.QLayoutItem | None:  # noqa: N802 - Qt override
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QtWidgets.QLayoutItem | None:  # noqa: N802 - Qt override
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> QtCore.Qt.Orientation:  # noqa: N802 - Qt override
        return QtCore.Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return self._arrange(QtCore.QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QtCore.QRect) -> None:  # noqa: N802 - Qt override
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QtCore.QSize:  # noqa: N802 - Qt override
        items = self._shown()
        width = sum(i.sizeHint().width() for i in items) + self._spacing * max(0, len(items) - 1)
        height = max((i.sizeHint().height() for i in items), default=0)
        margins = self.contentsMargins()
        return QtCore.QSize(
            width + margins.left() + margins.right(), height + margins.top() + margins.bottom()
        )

    def minimumSize(self) -> QtCore.QSize:  # noqa: N802 - Qt override
        size = QtCore.QSize()
        for item in self._shown():
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QtCore.QSize(
            margins.left() + margins.right(), margins.top() + margins.bottom()
        )

    # --- arranging ----------------------------------------------------------------------
    def _shown(self) -> list[QtWidgets.QLayoutItem]:
        return [item for item in self._items if not item.isEmpty() or _is_stretch(item)]

    def _rows(self, width: int) -> list[list[QtWidgets.QLayoutItem]]:
        rows: list[list[QtWidgets.QLayoutItem]] = [[]]
        used = 0
        for item in self._shown():
            item_width = min(item.sizeHint().width(), width)
            needed = item_width if not rows[-1] else used + self._spacing + item_width
            if rows[-1] and needed > width and not _is_stretch(item):
                rows.append([])
                needed = item_width
            rows[-1].append(item)
            used = needed
        # A stretch that starts or ends a row only pushes nothing.
        return [row for row in rows if any(not _is_stretch(i) for i in row)]

    def _arrange(self, rect: QtCore.QRect, *, apply: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        width = max(1, area.width())
        rtl = self._right_to_left()
        y = area.top()
        for row in self._rows(width):
            real = [i for i in row if not _is_stretch(i)]
            stretches = [i for i in row if _is_stretch(i)]
            sizes = {id(i): QtCore.QSize(min(i.sizeHint().width(), width), 0) for i in real}
            for item in real:
                hint = item.sizeHint()
                height = (
                    item.heightForWidth(sizes[id(item)].width()) if item.hasHeightForWidth() else -1
                )
                sizes[id(item)].setHeight(height if height > 0 else hint.height())
            used = sum(s.width() for s in sizes.values()) + self._spacing * max(0, len(real) - 1)
            spare = max(0, width - used)
            share = spare // len(stretches) if stretches else 0
            row_height = max((s.height() for s in sizes.values()), default=0)
            x = 0
            for item in row:
                if _is_stretch(item):
                    x += share
                    continue
                size = sizes[id(item)]
                if apply:
                    left = area.left() + (width - x - size.width() if rtl else x)
                    top = y + (row_height - size.height()) // 2
                    item.setGeometry(QtCore.QRect(QtCore.QPoint(left, top), size))
                x += size.width() + self._spacing
            y += row_height + self._spacing
        return max(0, y - self._spacing - area.top()) + margins.top() + margins.bottom()

    def _right_to_left(self) -> bool:
        widget = self.parentWidget()
        direction = (
            widget.layoutDirection()
            if widget is not None
            else QtCore.Qt.LayoutDirection.LeftToRight
        )
        return direction == QtCore.Qt.LayoutDirection.RightToLeft


def _is_stretch(item: QtWidgets.QLayoutItem) -> bool:
    spacer = item.spacerItem()
    return spacer is not None and bool(
        spacer.expandingDirections() & QtCore.Qt.Orientation.Horizontal
    )


def flow_bar(*widgets: QtWidgets.QWidget | None, spacing: int = 8) -> QtWidgets.QWidget:
    """A widget holding `widgets` in a wrapping row; None marks where spare room goes."""
    bar = QtWidgets.QWidget()
    layout = FlowLayout(bar, spacing=spacing)
    for widget in widgets:
        if widget is None:
            layout.addStretch()
        else:
            layout.addWidget(widget)
    return bar
