"""The look of the app: a calm, high-contrast style sheet, and text scaling (Ctrl +/-).

Every font size in the style sheet is derived from one scale factor, so
Ctrl + and Ctrl - grow and shrink all text together, and the focused control
always carries a thick, visible frame.
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from app.ui.fonts import ui_font

BASE_POINTS = 11.0
MIN_SCALE = 0.8
MAX_SCALE = 2.4
STEP = 0.1

_TEMPLATE = """
QWidget {{ color: #111; background: #f6f5f1; font-size: {base}pt; }}
QLabel, QCheckBox, QRadioButton {{ background: transparent; }}
QToolBar QWidget {{ background: transparent; }}
QLineEdit, QComboBox, QSpinBox, QPlainTextEdit, QTableView, QListWidget, QTextBrowser {{
  background: #ffffff; border: 1px solid #6b6b6b; border-radius: 4px; padding: 6px;
  selection-background-color: #1f4e79; selection-color: #ffffff;
}}
QHeaderView::section {{ background: #e4e2dc; padding: 6px; border: 0; font-weight: bold; }}
QPushButton {{
  background: #ffffff; border: 2px solid #44505c; border-radius: 6px;
  padding: 8px 16px; min-height: 30px;
}}
QPushButton:hover {{ background: #eef2f6; }}
QPushButton:disabled {{
  color: #6b6b6b; border: 2px dashed #b9b9b9; background: #e9e7e1;
}}
QPushButton[role="primary"] {{
  background: #1f4e79; color: #ffffff; border-color: #1f4e79;
}}
QPushButton[role="danger"] {{ background: #8a1c1c; color: #ffffff; border-color: #8a1c1c; }}
QPushButton[role="answer"] {{ font-size: {large}pt; min-height: 48px; min-width: 140px; }}
QPushButton[chosen="true"], QCheckBox[chosen="true"] {{
  background: #dfeaf5; border: 3px solid #1f4e79;
}}
QPushButton:focus, QLineEdit:focus, QComboBox:focus, QSpinBox:focus, QTableView:focus,
QCheckBox:focus, QRadioButton:focus, QPlainTextEdit:focus, QListWidget:focus,
QTextBrowser:focus {{
  border: 3px solid #d08700;
}}
QCheckBox, QRadioButton {{
  spacing: 10px; padding: 4px; border: 3px solid transparent; border-radius: 4px;
}}
QCheckBox::indicator, QRadioButton::indicator {{
  width: 18px; height: 18px; border: 2px solid #44505c; background: #ffffff;
}}
QRadioButton::indicator {{ border-radius: 11px; }}
QCheckBox::indicator {{ border-radius: 3px; }}
QCheckBox::indicator:checked {{ background: #1f4e79; border-color: #1f4e79; }}
QRadioButton::indicator:checked {{
  background: qradialgradient(cx: 0.5, cy: 0.5, radius: 0.5, fx: 0.5, fy: 0.5,
    stop: 0 #1f4e79, stop: 0.55 #1f4e79, stop: 0.65 #ffffff, stop: 1 #ffffff);
}}
QCheckBox:focus, QRadioButton:focus {{ border: 3px solid #d08700; border-radius: 4px; }}
QLineEdit:disabled, QComboBox:disabled, QSpinBox:disabled, QDoubleSpinBox:disabled,
QDateEdit:disabled, QPlainTextEdit:disabled {{
  color: #6b6b6b; background: #e9e7e1; border: 1px dashed #9a9a9a;
}}
QLabel:disabled, QCheckBox:disabled, QRadioButton:disabled, QGroupBox:disabled {{
  color: #6b6b6b;
}}
QCheckBox::indicator:disabled, QRadioButton::indicator:disabled {{
  border-color: #b9b9b9; background: #e4e2dc;
}}
QFrame#noticeBar {{ border-bottom: 2px solid #1f4e79; background: #e3eef8; }}
QFrame#noticeBar[kind="warning"] {{ border-bottom: 2px solid #b07800; background: #fff4d6; }}
QLabel#noticeText {{ font-weight: bold; }}
QGroupBox#answerPanel {{ border: 0; margin: 0; padding: 0; }}
QPushButton#dialogHideButton {{ padding: 3px 12px; min-height: 20px; }}
QLabel[role="chosen"] {{ color: #1f4e79; font-weight: bold; }}
QLabel[role="answerTheirs"] {{ font-size: {large}pt; }}
QLabel[role="answerMine"] {{ color: #333; }}
QLabel[role="title"] {{ font-size: {title}pt; font-weight: bold; }}
QLabel[role="error"] {{ color: #8a1c1c; font-weight: bold; }}
QLabel[role="note"] {{ color: #333; }}
QLabel[role="caution"] {{ background: #fff4d6; border-left: 6px solid #b07800; padding: 10px;
  font-weight: bold; }}
QLabel[role="respondent"] {{ font-size: {huge}pt; }}
QLabel[role="interviewer"] {{ font-size: {large}pt; color: #333; }}
QFrame[role="panel"] {{ background: #ebe9e3; border-radius: 6px; }}
QFrame[role="emergency"] {{ background: #fbe9e7; border: 2px solid #8a1c1c; border-radius: 6px; }}
QToolBar, QFrame#mainToolbar {{ spacing: 8px; padding: 4px; border: 0; background: #e4e2dc; }}
QFrame#mainToolbar QLabel {{ background: transparent; }}
QProgressBar {{ border: 1px solid #6b6b6b; border-radius: 4px; text-align: center;
  background: #ffffff; min-height: 18px; }}
QProgressBar::chunk {{ background: #2e6b3a; }}
"""


def style_sheet(scale: float) -> str:
    """The app's style sheet with every font size multiplied by `scale`."""
    return _TEMPLATE.format(
        base=round(BASE_POINTS * scale, 1),
        large=round(BASE_POINTS * 1.45 * scale, 1),
        title=round(BASE_POINTS * 1.6 * scale, 1),
        huge=round(BASE_POINTS * 2.2 * scale, 1),
    )


class TextScale(QtCore.QObject):
    """The current text scale of the whole app; `changed(scale)` fires on every change."""

    changed = QtCore.Signal(float)

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.scale = 1.0

    def apply(self) -> None:
        """Apply the current scale to the running application."""
        app = QtWidgets.QApplication.instance()
        if isinstance(app, QtWidgets.QApplication):
            app.setFont(ui_font(BASE_POINTS * self.scale))
            app.setStyleSheet(style_sheet(self.scale))
        self.changed.emit(self.scale)

    def set_scale(self, scale: float) -> None:
        """Set the scale, kept between MIN_SCALE and MAX_SCALE."""
        self.scale = round(min(MAX_SCALE, max(MIN_SCALE, scale)), 2)
        self.apply()

    def bigger(self) -> None:
        """Ctrl +: one step larger."""
        self.set_scale(self.scale + STEP)

    def smaller(self) -> None:
        """Ctrl -: one step smaller."""
        self.set_scale(self.scale - STEP)

    def reset(self) -> None:
        """Ctrl 0: back to normal size."""
        self.set_scale(1.0)
