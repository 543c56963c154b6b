"""An answer button that shows both languages: the respondent's words, large, and under
them the interviewer's, with the key that chooses it.

Qt's push button draws one line of one size and cuts long text off; this one
wraps both lines (a button grows taller rather than clipping "8 hours or
less" at 150 % text), lays each line out in its own language's direction,
and keeps the key hint in a left-to-right isolate so it stays at the end.
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from app.ui.bidi import key_hint
from app.ui.controls import button
from app.ui.language import set_text_direction


def _line(role: str, name: str) -> QtWidgets.QLabel:
    line = QtWidgets.QLabel()
    line.setObjectName(name)
    line.setProperty("role", role)
    line.setWordWrap(True)
    line.setTextFormat(QtCore.Qt.TextFormat.PlainText)
    line.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
    line.setAttribute(QtCore.Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    return line


class AnswerButton(QtWidgets.QPushButton):
    """A push button with the respondent's text and, beneath it, the interviewer's."""

    def __init__(self, name: str, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setProperty("role", "answer")
        self.setCursor(QtCore.Qt.CursorShape.PointingHandCursor)
        self.setAutoDefault(True)
        self.theirs = _line("answerTheirs", f"{name}_theirs")
        self.mine = _line("answerMine", f"{name}_mine")
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(14, 8, 14, 8)
        layout.setSpacing(2)
        layout.addWidget(self.theirs)
        layout.addWidget(self.mine)
        policy = self.sizePolicy()
        policy.setHeightForWidth(True)
        policy.setHorizontalPolicy(QtWidgets.QSizePolicy.Policy.Expanding)
        self.setSizePolicy(policy)

    def set_texts(
        self, theirs: str, their_lang: str, mine: str, my_lang: str, key: str = ""
    ) -> None:
        """The respondent's text, and the interviewer's beneath it ("" when it would repeat)."""
        self.theirs.setText(theirs)
        set_text_direction(self.theirs, their_lang)
        self.theirs.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        hint = key_hint(key)
        shown_mine = mine if mine and mine != theirs else ""
        self.mine.setText("  ".join(part for part in (shown_mine, hint) if part))
        set_text_direction(self.mine, my_lang)
        self.mine.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.mine.setVisible(bool(self.mine.text()))
        self.updateGeometry()

    def shown_text(self) -> str:
        """Everything the button shows, line by line (tests, screenshots)."""
        return "\n".join(t for t in (self.theirs.text(), self.mine.text()) if t)

    # --- size from the two lines, not from the (empty) button text ----------------------
    def sizeHint(self) -> QtCore.QSize:  # noqa: N802 - Qt override
        return self.layout().totalSizeHint().expandedTo(QtCore.QSize(140, 48))

    def minimumSizeHint(self) -> QtCore.QSize:  # noqa: N802 - Qt override
        hint = self.layout().totalMinimumSize()
        return QtCore.QSize(min(hint.width(), 160), hint.height()).expandedTo(QtCore.QSize(120, 48))

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return max(48, self.layout().totalHeightForWidth(width))


def plain_answer_button(name: str) -> QtWidgets.QPushButton:
    """A one-line answer button (Confirm) in the same style."""
    return button("answer", name)
