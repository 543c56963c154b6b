"""Horizontal bars painted with QPainter, each with its label and its number beside it.

QtCharts is not in PySide6-Essentials. Bars grow from the start side: from
the left in left-to-right languages, from the right in right-to-left ones,
with the label before the bar and the number just past its end. The values
are also the widget's accessible description, for screen readers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6 import QtCore, QtGui, QtWidgets


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its stacked parts (value, colour) and the number shown past it."""

    label: str
    parts: tuple[tuple[float, str], ...]
    number: str


class BarChart(QtWidgets.QWidget):
    """A list of horizontal bars; `set_bars` replaces them."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars: list[Bar] = []
        self.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Expanding, QtWidgets.QSizePolicy.Policy.Fixed
        )

    def set_bars(self, bars: Sequence[Bar]) -> None:
        self.bars = list(bars)
        self.setAccessibleDescription("; ".join(f"{bar.label}: {bar.number}" for bar in self.bars))
        self.updateGeometry()
        self.update()

    def _row_height(self) -> int:
        return self.fontMetrics().height() + 8

    def sizeHint(self) -> QtCore.QSize:  # noqa: N802 - Qt override
        return QtCore.QSize(400, max(1, len(self.bars)) * self._row_height() + 4)

    def minimumSizeHint(self) -> QtCore.QSize:  # noqa: N802 - Qt override
        return QtCore.QSize(200, self.sizeHint().height())

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QtGui.QPainter(self)
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, False)
        metrics = self.fontMetrics()
        width = self.width()
        rtl = self.layoutDirection() == QtCore.Qt.LayoutDirection.RightToLeft
        # A few pixels over the widest label: shaped text (Arabic joins, Farsi digits) can
        # measure a pixel wider when drawn than its advance, and would be cut to "…".
        label_width = (
            min(
                int(width * 0.4),
                max((metrics.horizontalAdvance(b.label) for b in self.bars), default=0) + 4,
            )
            + 8
        )
        number_width = max((metrics.horizontalAdvance(b.number) for b in self.bars), default=0) + 8
        room = max(10, width - label_width - number_width - 4)
        largest = max((sum(v for v, _c in bar.parts) for bar in self.bars), default=0) or 1
        row = self._row_height()
        text_colour = self.palette().color(QtGui.QPalette.ColorRole.WindowText)
        for index, bar in enumerate(self.bars):
            top = 2 + index * row
            label = metrics.elidedText(
                bar.label, QtCore.Qt.TextElideMode.ElideRight, label_width - 8
            )
            painter.setPen(text_colour)
            label_rect = QtCore.QRect(
                width - label_width + 8 if rtl else 0, top, label_width - 8, row - 4
            )
            align = QtCore.Qt.AlignmentFlag.AlignVCenter | (
                QtCore.Qt.AlignmentFlag.AlignRight if rtl else QtCore.Qt.AlignmentFlag.AlignLeft
            )
            painter.drawText(label_rect, int(align), label)
            position = width - label_width if rtl else label_width
            for value, colour in bar.parts:
                length = round(room * value / largest)
                if length <= 0:
                    continue
                x = position - length if rtl else position
                painter.fillRect(QtCore.QRect(x, top + 2, length, row - 8), QtGui.QColor(colour))
                position = x if rtl else position + length
            painter.setPen(text_colour)
            number_rect = (
                QtCore.QRect(position - 4 - number_width, top, number_width, row - 4)
                if rtl
                else QtCore.QRect(position + 4, top, number_width, row - 4)
            )
            painter.drawText(number_rect, int(align), bar.number)
        painter.end()
