"""Placing a packet's text down A4 pages, or recording it as an outline for the preview.

`PageFlow` wraps paragraphs, rows (label and value side by side) and bulleted
items to the page width and breaks pages where the next line does not fit;
`Outline` records the same calls as (kind, text) blocks for the desktop's
preview. Both lay out from the start side of the packet's language: in an
Arabic or Farsi packet labels, bullets and indents are on the right, and every
line is aligned right, whatever script it starts with. `paginate` draws the
pages with their running header and footer; the monthly report
(report_pdf.py) uses the same flow and pages.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app import __version__
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
class PageDrawing:
    """Something drawn on one page of a flow when the pages are made (text, a bar, a square)."""

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
        self.ops: list[PageDrawing] = []

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

    def add_drawing(self, draw: Callable[[Canvas], None]) -> None:
        """Draw on the current page with the canvas (the caller places it at `self.y`)."""
        self.ops.append(PageDrawing(self.page, draw))

    def _place(self, line: Line, left: float, right: float, y: float) -> None:
        engine = self.engine
        self.add_drawing(lambda c: engine.draw(c, line, left, right, y))

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


@dataclass(frozen=True)
class FlowPart:
    """Pages of one flow with their running texts: `confidential` over the red rule on top,
    `footer(page, pages)` at the bottom (page numbers count over all parts)."""

    flow: PageFlow
    confidential: str
    footer: Callable[[int, int], str]


def paginate(
    flow: PageFlow, *, title: str, confidential: str, footer: Callable[[int, int], str]
) -> bytes:
    """The flow's pages as PDF bytes: "confidential" over a red rule on top, a footer below.

    Shared by the referral packet and the monthly report.
    """
    return paginate_parts([FlowPart(flow, confidential, footer)], title=title)


def paginate_parts(parts: list[FlowPart], *, title: str) -> bytes:
    """Several flows, one after the other (a bilingual packet: one per language), as PDF
    bytes; each page with its own part's running texts. Nothing is written to disk."""
    pages = parts[-1].flow.page + 1
    buffer = io.BytesIO()
    # The document's own font as the canvas's initial font: otherwise reportlab
    # names Helvetica on every page, a font that is not embedded.
    canvas = Canvas(
        buffer,
        pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
        pageCompression=1,
        initialFontName=parts[0].flow.engine.chain[0].regular.fontName,
        initialFontSize=10,
    )
    canvas.setTitle(title)
    canvas.setCreator(f"Waystation {__version__}")
    canvas.setAuthor("")
    canvas.setSubject("")
    left, right = MARGIN, PAGE_WIDTH - MARGIN
    for part in parts:
        flow, engine = part.flow, part.flow.engine
        for page in range(flow.first_page, flow.page + 1):
            header = engine.lines(part.confidential, CONFIDENTIAL, right - left)[0]
            engine.draw(canvas, header, left, right, PAGE_HEIGHT - MARGIN)
            canvas.setStrokeColorRGB(0.65, 0.0, 0.0)
            canvas.line(left, PAGE_HEIGHT - MARGIN - 3, right, PAGE_HEIGHT - MARGIN - 3)
            for op in flow.ops:
                if op.page == page:
                    op.draw(canvas)
            for line in engine.lines(part.footer(page + 1, pages), SMALL, right - left):
                engine.draw(canvas, line, left, right, MARGIN)
            canvas.showPage()
    canvas.save()
    return buffer.getvalue()
