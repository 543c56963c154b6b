"""Small building blocks shared by the pages: titled labels, big buttons, error lines.

They set the style `role` property the style sheet keys on, and an accessible
name on every control, so no page can forget either.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6 import QtCore, QtWidgets


def set_role(widget: QtWidgets.QWidget, role: str) -> None:
    """Tag a widget for the style sheet (title, error, primary, answer...)."""
    widget.setProperty("role", role)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def label(role: str = "", wrap: bool = True) -> QtWidgets.QLabel:
    """A label with a style role; wraps long text by default."""
    widget = QtWidgets.QLabel()
    widget.setWordWrap(wrap)
    if role:
        widget.setProperty("role", role)
    widget.setTextFormat(QtCore.Qt.TextFormat.PlainText)  # user data is never rendered as HTML
    return widget


def button(role: str = "", name: str = "") -> QtWidgets.QPushButton:
    """A push button with a style role and an object name for tests and screenshots."""
    widget = QtWidgets.QPushButton()
    if role:
        widget.setProperty("role", role)
    if name:
        widget.setObjectName(name)
    widget.setCursor(QtCore.Qt.CursorShape.PointingHandCursor)
    # Enter presses the focused button on pages too, not only in dialogs.
    widget.setAutoDefault(True)
    return widget


def set_text(widget: QtWidgets.QWidget, text: str, accessible: str | None = None) -> None:
    """Set a control's text and the accessible name screen readers announce.

    A mnemonic ("&Search") shows as its script needs it ("بحث (S)" in Arabic).
    """
    if "&" in text:
        from app.ui.language import uses_brackets

        if uses_brackets():
            from app.ui.mnemonics import shown

            text = shown(text)
    if hasattr(widget, "setText"):
        widget.setText(text)
    widget.setAccessibleName((accessible or text).replace("&", ""))


def name_standard_buttons(box: QtWidgets.QDialogButtonBox) -> QtWidgets.QDialogButtonBox:
    """Give Qt's own OK/Cancel/Close buttons the accessible name they lack (their text)."""
    for standard in box.buttons():
        standard.setAccessibleName(standard.text().replace("&", ""))
    return box


def ok_cancel_buttons(
    dialog: QtWidgets.QDialog, on_ok: Callable[[], None]
) -> QtWidgets.QDialogButtonBox:
    """Qt's OK and Cancel, named for screen readers: OK calls `on_ok`, Cancel rejects."""
    standard = QtWidgets.QDialogButtonBox.StandardButton
    buttons = QtWidgets.QDialogButtonBox(standard.Ok | standard.Cancel)
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(dialog.reject)
    return name_standard_buttons(buttons)


def confirm(parent: QtWidgets.QWidget | None, title: str, text: str) -> bool:
    """Ask yes or no in Qt's message box, its buttons named; No is the default (safe) answer."""
    buttons = QtWidgets.QMessageBox.StandardButton
    box = QtWidgets.QMessageBox(
        QtWidgets.QMessageBox.Icon.Question, title, text, buttons.Yes | buttons.No, parent
    )
    box.setObjectName("confirmBox")
    box.setAccessibleName(title)
    box.setDefaultButton(buttons.No)
    for standard in box.buttons():
        standard.setAccessibleName(standard.text().replace("&", ""))
    return box.exec() == buttons.Yes


def line_edit(name: str, password: bool = False) -> QtWidgets.QLineEdit:
    """A text field; password fields hide input and never keep an undo history."""
    widget = QtWidgets.QLineEdit()
    widget.setObjectName(name)
    if password:
        widget.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
        widget.setInputMethodHints(
            QtCore.Qt.InputMethodHint.ImhHiddenText
            | QtCore.Qt.InputMethodHint.ImhNoPredictiveText
            | QtCore.Qt.InputMethodHint.ImhSensitiveData
        )
    return widget


def centered(inner: QtWidgets.QWidget, max_width: int = 560) -> QtWidgets.QWidget:
    """`inner` centred in a wider area, at most `max_width` pixels wide."""
    inner.setMaximumWidth(max_width)
    outer = QtWidgets.QWidget()
    layout = QtWidgets.QHBoxLayout(outer)
    layout.addStretch(1)
    layout.addWidget(inner, 3)
    layout.addStretch(1)
    return outer


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


def compact_combo(name: str = "", characters: int = 16) -> QtWidgets.QComboBox:
    """A drop-down list as wide as `characters`, not as its longest item (which may be a
    long sentence in another language): it never widens a page past a small screen."""
    box = QtWidgets.QComboBox()
    if name:
        box.setObjectName(name)
    box.setSizeAdjustPolicy(
        QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
    )
    box.setMinimumContentsLength(characters)
    return box
