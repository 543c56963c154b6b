"""Placing a packet's text down A4 pages, or recording it as an outline for the preview.

`PageFlow` wraps paragraphs, rows (label and value side by side) and bulleted
items to the page width and breaks pages where the next line does not fit;
`Outline` records the same calls as (kind, text) blocks for the desktop's
preview. Both lay out from the start side of the packet's language: in an
Arabic or Farsi packet labels, bullets and indents are on the right, and every
line is aligned right, whatever script it starts with.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.export.text_layout import Line, TextEngine, TextStyle

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 20 * mm
TOP = PAGE_HEIGHT - MARGIN - 10 * mm
BOTTOM = MARGIN + 10 * mm
LABEL_SHARE = 0.34
BULLET_INDENT = 4 * mm
BULLET_TEXT = 4 * mm  # from the bullet to its text (the hanging indent)

BODY = TextStyle(size=10)
SMALL = TextStyle(size=8, color=(0.3, 0.3, 0.3))
LABEL = TextStyle(size=10, bold=True)
TITLE = TextStyle(size=18, bold=True, leading=1.4)
HEADING = TextStyle(size=13, bold=True, leading=1.6, color=(0.1, 0.2, 0.4))
SUBHEADING = TextStyle(size=10.5, bold=True)
CONFIDENTIAL = TextStyle(size=9, bold=True, color=(0.65, 0.0, 0.0))
CAUTION_STYLE = TextStyle(size=9.5, bold=True, color=(0.45, 0.2, 0.0))
URGENT_STYLE = TextStyle(size=11, bold=True, color=(0.7, 0.0, 0.0))
NOTICE_STYLE = TextStyle(size=9, bold=True, color=(0.35, 0.25, 0.0))

_OUTLINE_KINDS = {
    TITLE: "title",
    HEADING: "heading",
    SUBHEADING: "subheading",
    CAUTION_STYLE: "caution",
    URGENT_STYLE: "caution",
    NOTICE_STYLE: "caution",
    SMALL: "small",
}


@dataclass
class _Op:
    page: int
    draw: Callable[[Canvas], None]


class PageFlow:
    """Places lines down the pages; breaks pages where the next line does not fit."""

    def __init__(self, engine: TextEngine, first_page: int = 0) -> None:
        self.engine = engine
        self.left = MARGIN
        self.right = PAGE_WIDTH - MARGIN
        self.first_page = first_page
        self.page = first_page
        self.y = TOP
        self.ops: list[_Op] = []

    @property
    def width(self) -> float:
        return self.right - self.left

    def new_page(self) -> None:
        self.page += 1
        self.y = TOP

    def need(self, height: float) -> None:
        if self.y - height < BOTTOM:
            self.new_page()

    def space(self, height: float) -> None:
        self.y -= height

    def _place(self, line: Line, left: float, right: float, y: float) -> None:
        engine = self.engine
        self.ops.append(_Op(self.page, lambda c: engine.draw(c, line, left, right, y)))

    def _box(self, indent: float) -> tuple[float, float]:
        """The text box `indent` points in from the start side."""
        if self.engine.rtl:
            return self.left, self.right - indent
        return self.left + indent, self.right

    def paragraph(self, text: str, style: TextStyle = BODY, indent: float = 0.0) -> None:
        """Wrapped text; indented from the start side (the right in Arabic)."""
        left, right = self._box(indent)
        for line in self.engine.lines(text, style, right - left):
            self.need(style.line_height)
            self.y -= style.line_height
            self._place(line, left, right, self.y + style.line_height * 0.3)

    def heading(self, text: str, style: TextStyle = HEADING) -> None:
        """A heading kept on the page with at least three lines after it."""
        self.need(style.line_height + 3 * BODY.line_height + 4)
        self.space(4)
        self.paragraph(text, style)

    def bullets(self, items: list[str], style: TextStyle = BODY) -> None:
        """Items with a bullet on the start side and a hanging indent.

        The bullet is drawn on its own at the start edge, so an item that
        begins with a Latin name in an Arabic packet keeps its bullet on the
        right like every other item.
        """
        bullet = self.engine.lines("•", style, 100)[0]
        for item in items:
            left, right = self._box(BULLET_INDENT + BULLET_TEXT)
            lines = self.engine.lines(item, style, right - left)
            self.need(style.line_height)
            bullet_box = self._box(BULLET_INDENT)
            for index, line in enumerate(lines):
                self.need(style.line_height)
                self.y -= style.line_height
                baseline = self.y + style.line_height * 0.3
                if index == 0:
                    self._place(bullet, *bullet_box, baseline)
                self._place(line, left, right, baseline)

    def row(self, label: str, value: str) -> None:
        """A label and its value side by side; the label on the start side."""
        label_width = self.width * LABEL_SHARE
        gap = 4 * mm
        label_lines = self.engine.lines(label, LABEL, label_width - gap)
        value_lines = self.engine.lines(value or "—", BODY, self.width - label_width)
        if self.engine.rtl:
            label_box = (self.right - label_width + gap, self.right)
            value_box = (self.left, self.right - label_width)
        else:
            label_box = (self.left, self.left + label_width - gap)
            value_box = (self.left + label_width, self.right)
        height = max(len(label_lines), len(value_lines)) * BODY.line_height
        if height <= self.y - BOTTOM or self.y == TOP:
            self.need(height)
            top = self.y
            for lines, box in ((label_lines, label_box), (value_lines, value_box)):
                y = top
                for line in lines:
                    y -= BODY.line_height
                    self._place(line, *box, y + BODY.line_height * 0.3)
            self.y = top - height - 2
        else:
            self.new_page()
            self.row(label, value)


class Outline:
    """Records what the packet says, block by block, instead of placing it on pages."""

    def __init__(self) -> None:
        self.blocks: list[tuple[str, str]] = []

    def paragraph(self, text: str, style: TextStyle = BODY, indent: float = 0.0) -> None:
        self.blocks.append((_OUTLINE_KINDS.get(style, "text"), text))

    def heading(self, text: str, style: TextStyle = HEADING) -> None:
        self.paragraph(text, style)

    def bullets(self, items: list[str], style: TextStyle = BODY) -> None:
        self.blocks += [("item", item) for item in items]

    def row(self, label: str, value: str) -> None:
        self.blocks.append(("field", f"{label}: {value}"))

    def space(self, height: float) -> None:
        pass

    def new_page(self) -> None:
        pass
