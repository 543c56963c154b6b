"""A read-only preview of a packet, block by block, in the packet's language and direction."""

from __future__ import annotations

import html

from PySide6 import QtCore, QtGui, QtWidgets

from app.i18n import is_rtl

# How each outline block kind (see app.export.packet.packet_outline) is shown.
_TAGS = {
    "title": ("<h2>", "</h2>"),
    "heading": ("<h3>", "</h3>"),
    "subheading": ("<h4>", "</h4>"),
    "field": ("<p>", "</p>"),
    "item": ("<p>• ", "</p>"),
    "text": ("<p>", "</p>"),
    "caution": ('<p style="background:#fff4d6">', "</p>"),
    "small": ('<p style="font-size:small">', "</p>"),
}


def outline_html(blocks: list[tuple[str, str]], rtl: bool) -> str:
    """The outline as escaped HTML (the worker's note is data, never markup)."""
    direction = "rtl" if rtl else "ltr"
    align = "right" if rtl else "left"
    parts = [f'<div dir="{direction}" align="{align}">']
    for kind, text in blocks:
        start, end = _TAGS.get(kind, _TAGS["text"])
        body = html.escape(text).replace("\n", "<br>")
        parts.append(f"{start}{body}{end}".replace("<p", f'<p dir="{direction}"', 1))
    parts.append("</div>")
    return "".join(parts)


class PacketPreview(QtWidgets.QTextBrowser):
    """Shows what a packet will say; laid out right to left for Arabic and Farsi packets."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("packetPreview")
        self.setReadOnly(True)
        self.setOpenLinks(False)
        self.setTabChangesFocus(True)
        self.setTextInteractionFlags(
            QtCore.Qt.TextInteractionFlag.TextBrowserInteraction
            | QtCore.Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.blocks: list[tuple[str, str]] = []
        self.lang = ""

    def show_outline(self, blocks: list[tuple[str, str]], lang: str) -> None:
        """Show a packet's outline (from `packet_outline`) in `lang`'s direction."""
        self.blocks, self.lang = list(blocks), lang
        rtl = is_rtl(lang)
        direction = (
            QtCore.Qt.LayoutDirection.RightToLeft if rtl else QtCore.Qt.LayoutDirection.LeftToRight
        )
        self.setLayoutDirection(direction)
        option = self.document().defaultTextOption()
        option.setTextDirection(direction)
        option.setAlignment(
            QtCore.Qt.AlignmentFlag.AlignRight if rtl else QtCore.Qt.AlignmentFlag.AlignLeft
        )
        self.document().setDefaultTextOption(option)
        self.setHtml(outline_html(self.blocks, rtl))
        self.moveCursor(QtGui.QTextCursor.MoveOperation.Start)

    def show_message(self, text: str) -> None:
        """Show why there is no preview (e.g. the core refused the choice)."""
        self.blocks, self.lang = [], ""
        self.setPlainText(text)
