"""The respondent view: a large-print window to turn toward the respondent or a second screen.

It shows only the current question in the respondent's language and the answer
buttons: no case reference, no earlier answers, no guidance. Its answers go to
the same interview page, so the engine saves them the same way.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from app.i18n import N_, form_text, translate
from app.ui.answer_panel import AnswerPanel
from app.ui.controls import label
from app.ui.interview_page import InterviewPage
from app.ui.language import set_text_direction

WAIT_TEXT = N_("Please wait a moment.")
TITLE = N_("Questions")


class RespondentView(QtWidgets.QWidget):
    """A separate window that mirrors the interview page's current question."""

    def __init__(self, page: InterviewPage) -> None:
        super().__init__(None, QtCore.Qt.WindowType.Window)
        self.setObjectName("respondentView")
        self.page = page
        self.question_text = label("respondent")
        self.question_text.setObjectName("respondentViewQuestion")
        self.question_text.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.answers = AnswerPanel(shortcut_host=self, show_keys=False)
        self.answers.answered.connect(page.answer)
        self.answers.declined.connect(page.decline)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(48, 48, 48, 48)
        layout.addStretch(1)
        layout.addWidget(self.question_text)
        layout.addSpacing(32)
        layout.addWidget(self.answers)
        layout.addStretch(2)
        page.question_changed.connect(self.refresh)
        self.resize(1000, 700)
        self.refresh()

    def _apply_size(self) -> None:
        # Larger than the app's text, and following Ctrl +/- like everything else.
        base = QtWidgets.QApplication.font().pointSizeF()
        self.setStyleSheet(
            f'QLabel[role="respondent"] {{ font-size: {base * 2.7:.1f}pt; }}'
            f' QPushButton[role="answer"] {{ font-size: {base * 1.8:.1f}pt; min-height: 64px; }}'
            f' QLabel[role="answerTheirs"] {{ font-size: {base * 1.8:.1f}pt; }}'
        )

    def refresh(self) -> None:
        """Show the page's current question (or a neutral wait note)."""
        self._apply_size()
        interview = self.page.interview
        lang = self.page.respondent_lang
        self.setWindowTitle(translate(TITLE, lang))
        set_text_direction(self, lang)
        set_text_direction(self.question_text, lang)
        self.question_text.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        question = interview.current if interview is not None else None
        if question is None or self.page.in_emergency:
            self.question_text.setText(translate(WAIT_TEXT, lang))
            self.answers.show_question(None, lang)
            return
        self.question_text.setText(form_text(lang, question.text))
        self.question_text.setAccessibleName(self.question_text.text())
        # The interviewer's words under each answer only when the settings ask for it.
        mine = self.page.interviewer_lang if self.page.respondent_view_both else None
        self.answers.show_question(question, lang, mine=mine)

    def show_on_best_screen(self) -> None:
        """Open on a second screen when there is one, else as a window beside the app."""
        screens = QtGui.QGuiApplication.screens()
        main_screen = self.page.window().screen()
        other = next((s for s in screens if s is not main_screen), None)
        if other is not None:
            self.setGeometry(other.availableGeometry())
            self.showFullScreen()
        else:
            self.show()
        self.raise_()
        self.activateWindow()

    def changeEvent(self, event: QtCore.QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QtCore.QEvent.Type.ApplicationFontChange:
            self._apply_size()
        elif event.type() == QtCore.QEvent.Type.LanguageChange:
            self.refresh()
        super().changeEvent(event)

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() == QtCore.Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)
