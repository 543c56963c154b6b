"""A table header that shows the sort order the way workers read it: ▼ newest or largest
first (descending), ▲ oldest or smallest first (ascending).

Qt's own indicator draws an upward arrow for a descending sort (it maps
descending to "SortUp"), and the bundled fonts have no arrow characters to
put in the header text, so the triangle is drawn here, at the end of the
sorted column's header (its start in a right-to-left layout). A click on a
header sorts by that column; a second click reverses the order. Screen
readers hear the order through the header's accessible text.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

ARROW = 5  # half the triangle's width, in pixels


class SortHeader(QtWidgets.QHeaderView):
    """Horizontal header; emits `sort_requested(column, descending)` on a click."""

    sort_requested = QtCore.Signal(int, bool)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(QtCore.Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(True)
        self.setSortIndicatorShown(False)
        self.setHighlightSections(False)
        self.sorted_column = -1
        self.descending = False
        self.sectionClicked.connect(self._clicked)

    def show_order(self, column: int, descending: bool) -> None:
        """Draw the arrow on `column` (the model sorts; this only shows it)."""
        self.sorted_column, self.descending = column, descending
        self.viewport().update()

    def _clicked(self, column: int) -> None:
        descending = not self.descending if column == self.sorted_column else False
        self.show_order(column, descending)
        self.sort_requested.emit(column, descending)

    def sectionSizeFromContents(self, logical_index: int) -> QtCore.QSize:  # noqa: N802
        size = super().sectionSizeFromContents(logical_index)
        return QtCore.QSize(size.width() + 4 * ARROW, size.height())

    def paintSection(  # noqa: N802 - Qt override
        self, painter: QtGui.QPainter, rect: QtCore.QRect, logical_index: int
    ) -> None:
        painter.save()
        super().paintSection(painter, rect, logical_index)
        painter.restore()
        if logical_index != self.sorted_column or rect.width() < 6 * ARROW:
            return
        rtl = self.layoutDirection() == QtCore.Qt.LayoutDirection.RightToLeft
        x = rect.left() + 3 * ARROW if rtl else rect.right() - 3 * ARROW
        y = rect.center().y()
        if self.descending:
            points = [(x - ARROW, y - ARROW // 2), (x + ARROW, y - ARROW // 2), (x, y + ARROW)]
        else:
            points = [(x - ARROW, y + ARROW // 2), (x + ARROW, y + ARROW // 2), (x, y - ARROW)]
        painter.save()
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        painter.setPen(QtCore.Qt.PenStyle.NoPen)
        painter.setBrush(QtGui.QColor("#1f4e79"))
        painter.drawPolygon(QtGui.QPolygonF([QtCore.QPointF(px, py) for px, py in points]))
        painter.restore()
