"""A strip under the toolbar for what the app has to say about itself, not about a case:
the idle lock coming, an interview paused and saved, a window closed by a lock.

Its text is announced to screen readers; it never takes the keyboard focus.
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from app.i18n import _
from app.ui.accessibility import announce
from app.ui.controls import button, label, set_text
from app.ui.flow_layout import FlowLayout


class NoticeBar(QtWidgets.QFrame):
    """One notice at a time; `kind` "info" or "warning" sets its colour."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noticeBar")
        self.kind = ""
        self.text = label()
        self.text.setObjectName("noticeText")
        self.text.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Expanding, QtWidgets.QSizePolicy.Policy.Preferred
        )
        self.dismiss_button = button("", "noticeDismiss")
        self.dismiss_button.setFocusPolicy(QtCore.Qt.FocusPolicy.TabFocus)
        self.dismiss_button.clicked.connect(self.clear)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.addWidget(self.text, 1)
        actions = QtWidgets.QWidget()
        FlowLayout(actions).addWidget(self.dismiss_button)
        layout.addWidget(actions)
        self.retranslate()
        self.hide()

    def retranslate(self) -> None:
        set_text(self.dismiss_button, _("Dismiss"), _("Dismiss this notice"))

    def changeEvent(self, event: QtCore.QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QtCore.QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def show_notice(self, text: str, kind: str = "info", *, speak: bool = True) -> None:
        """Show `text` (already translated); screen readers hear it once."""
        self.kind = kind
        self.setProperty("kind", kind)
        self.style().unpolish(self)
        self.style().polish(self)
        self.text.setText(text)
        self.text.setAccessibleName(text)
        self.show()
        if speak:
            announce(self, text, urgent=kind == "warning")

    def clear(self) -> None:
        """Take the notice away."""
        self.kind = ""
        self.text.clear()
        self.hide()
