"""The interview: one question at a time, the respondent's language large beside yours.

The page only draws the engine's state (`app.screening.engine.Interview`) and
passes the interviewer's choices to it; the engine validates and saves every
answer through the vault before moving on. Side panel: section guidance and
progress by section. Also: Back, Pause, Stop with a reason, a break reminder
and the emergency path.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6 import QtCore, QtGui, QtWidgets

from app.domain.errors import WaystationError
from app.domain.screening_states import STOP_REASONS as STOP_REASON_TITLES
from app.i18n import _, current_language, form_text
from app.ui.accessibility import announce
from app.ui.answer_panel import AnswerPanel
from app.ui.bidi import in_direction, isolate
from app.ui.controls import button, label, quiet_scroll_area, set_text
from app.ui.emergency_panel import EmergencyPanel
from app.ui.flow_layout import flow_bar
from app.ui.language import Retranslating, set_text_direction
from app.ui.operations import error_message

# (reason id, title) in the order offered; the reasons are the core's (screening_states).
STOP_REASONS = tuple(STOP_REASON_TITLES.items())


class InterviewPage(Retranslating):
    """Draws the current question and sends answers to the engine.

    Signals: `completed` (every visible question done), `paused`, `stopped(reason)`;
    `question_changed` lets the respondent view follow.
    """

    completed = QtCore.Signal()
    paused = QtCore.Signal()
    stopped = QtCore.Signal(str)
    question_changed = QtCore.Signal()
    respondent_view_requested = QtCore.Signal()

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("interviewPage")
        self.clock = clock
        self.interview: Any = None
        self.interviewer_lang = "en"
        self.respondent_lang = "en"
        self.break_after_seconds = 20 * 60.0
        self._break_from = clock()
        self.org_contact = ""
        self.emergency_services: list[Any] = []
        self.respondent_view_both = False  # the respondent view shows one language
        self.ask_stop_reason: Callable[[], str | None] = self._ask_stop_reason

        # Question area
        self.section_title = label("note")
        self.section_title.setObjectName("sectionTitle")
        self.respondent_text = label("respondent")
        self.respondent_text.setObjectName("respondentQuestion")
        self.interviewer_text = label("interviewer")
        self.interviewer_text.setObjectName("interviewerQuestion")
        for text in (self.respondent_text, self.interviewer_text):
            text.setAlignment(QtCore.Qt.AlignmentFlag.AlignTop)
        self.help_text = label("note")
        self.help_text.setObjectName("questionHelp")
        self.answers = AnswerPanel(shortcut_host=self)
        self.answers.answered.connect(self.answer)
        self.answers.declined.connect(self.decline)
        self.error = label("error")
        self.error.setObjectName("answerError")
        self.error.hide()
        self.break_banner = QtWidgets.QFrame()
        self.break_banner.setProperty("role", "panel")
        self.break_banner.setObjectName("breakReminder")
        self.break_text = label()
        self.break_pause = button("", "breakPauseButton")
        self.break_pause.clicked.connect(self.pause)
        self.break_continue = button("", "breakContinueButton")
        self.break_continue.clicked.connect(self.dismiss_break)
        banner = QtWidgets.QHBoxLayout(self.break_banner)
        banner.addWidget(self.break_text, 1)
        banner.addWidget(self.break_pause)
        banner.addWidget(self.break_continue)
        self.break_banner.hide()

        texts = QtWidgets.QHBoxLayout()
        texts.setSpacing(24)
        texts.addWidget(self.interviewer_text, 2)
        texts.addWidget(self.respondent_text, 3)
        question_box = QtWidgets.QVBoxLayout()
        question_box.addWidget(self.break_banner)
        question_box.addWidget(self.section_title)
        question_box.addLayout(texts)
        question_box.addWidget(self.help_text)
        question_box.addSpacing(12)
        question_box.addWidget(self.answers)
        question_box.addWidget(self.error)
        question_box.addStretch(1)

        # Side panel: progress by section and guidance
        self.side = QtWidgets.QFrame()
        self.side.setProperty("role", "panel")
        self.side.setObjectName("interviewSide")
        self.side.setMinimumWidth(200)
        self.side.setMaximumWidth(320)
        self.progress_title = label("note")
        self.progress_bar = QtWidgets.QProgressBar()
        self.progress_bar.setObjectName("overallProgress")
        self.progress_list = QtWidgets.QListWidget()
        self.progress_list.setObjectName("sectionProgress")
        self.progress_list.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        self.progress_list.setMaximumHeight(120)
        self.progress_list.setWordWrap(True)
        self.guidance_title = label("note")
        self.guidance = QtWidgets.QTextBrowser()
        self.guidance.setObjectName("sectionGuidance")
        self.guidance.setOpenLinks(False)
        self.guidance.setTabChangesFocus(True)
        self.progress_list.setMinimumHeight(48)
        self.guidance.setMinimumHeight(120)
        side_content = QtWidgets.QWidget()
        side = QtWidgets.QVBoxLayout(side_content)
        side.addWidget(self.progress_title)
        side.addWidget(self.progress_bar)
        side.addWidget(self.progress_list)
        side.addWidget(self.guidance_title)
        side.addWidget(self.guidance, 1)
        # On a short screen the side panel scrolls rather than making the window taller.
        side_scroll = quiet_scroll_area("interviewSideScroll")
        side_scroll.setWidget(side_content)
        side_scroll.setStyleSheet(
            "QScrollArea, QScrollArea > QWidget > QWidget { background: transparent; }"
        )
        QtWidgets.QVBoxLayout(self.side).addWidget(side_scroll)
        self.side.layout().setContentsMargins(0, 0, 0, 0)

        # Bottom bar: always on screen, wrapping onto a second row when the text is large.
        self.back_button = button("", "backButton")
        self.back_button.clicked.connect(self.back)
        self.pause_button = button("", "pauseButton")
        self.pause_button.clicked.connect(self.pause)
        self.stop_button = button("", "stopButton")
        self.stop_button.clicked.connect(self.stop)
        self.respondent_button = button("", "respondentViewButton")
        self.respondent_button.clicked.connect(self.respondent_view_requested)
        self.emergency_button = button("danger", "emergencyButton")
        self.emergency_button.clicked.connect(self.emergency)
        for action in (self.back_button, self.pause_button, self.stop_button):
            action.setAutoDefault(False)  # Enter answers the question, never pauses
        self.action_bar = flow_bar(
            self.back_button,
            None,
            self.respondent_button,
            self.pause_button,
            self.stop_button,
            self.emergency_button,
        )
        self.action_bar.setObjectName("interviewActions")

        self.question_widget = QtWidgets.QWidget()
        self.question_widget.setLayout(question_box)
        # The question scrolls above the action bar on a small screen or with large text.
        self.question_scroll = quiet_scroll_area("questionScroll")
        self.question_scroll.setWidget(self.question_widget)
        self.emergency_panel = EmergencyPanel()
        self.emergency_panel.resume_requested.connect(self.resume_after_emergency)
        self.emergency_panel.stop_requested.connect(lambda: self.stop_with("emergency"))
        self.main_stack = QtWidgets.QStackedWidget()
        self.main_stack.addWidget(self.question_scroll)
        self.main_stack.addWidget(self.emergency_panel)
        middle = QtWidgets.QHBoxLayout()
        middle.addWidget(self.main_stack, 1)
        middle.addWidget(self.side)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        layout.addLayout(middle, 1)
        layout.addWidget(self.action_bar)

        for keys, slot in (
            ("Alt+Left", self.back),
            ("Ctrl+P", self.pause),
            ("Ctrl+E", self.emergency),
            ("Ctrl+R", self.respondent_view_requested.emit),
        ):
            shortcut = QtGui.QShortcut(QtGui.QKeySequence(keys), self)
            shortcut.setContext(QtCore.Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self._break_timer = QtCore.QTimer(self)
        self._break_timer.setInterval(15_000)
        self._break_timer.timeout.connect(self.check_break)
        self.retranslate()

    # --- set up -------------------------------------------------------------------------
    def start(
        self,
        interview: Any,
        *,
        interviewer_lang: str,
        respondent_lang: str,
        break_minutes: float,
        org_contact: str = "",
        emergency_services: list[Any] | None = None,
        respondent_view_both: bool = False,
    ) -> None:
        """Show `interview` (new or resumed) from its current question."""
        self.respondent_view_both = respondent_view_both
        self.interview = interview
        self.interviewer_lang = interviewer_lang
        self.respondent_lang = respondent_lang
        self.break_after_seconds = max(1.0, break_minutes) * 60
        self.org_contact = org_contact
        self.emergency_services = list(emergency_services or [])
        self._break_from = self.clock()
        self.break_banner.hide()
        self.main_stack.setCurrentWidget(self.question_scroll)
        self._break_timer.start()
        self.refresh()

    def clear(self) -> None:
        """Forget the interview (on lock or when it ends): nothing of it stays on screen."""
        self._break_timer.stop()
        self.interview = None
        for widget in (
            self.respondent_text,
            self.interviewer_text,
            self.help_text,
            self.section_title,
        ):
            widget.clear()
        self.guidance.clear()
        self.progress_list.clear()
        self.emergency_services = []
        self.emergency_panel.forget()
        self.main_stack.setCurrentWidget(self.question_scroll)
        self.answers.show_question(None, self.respondent_lang)

    def changeEvent(self, event: QtCore.QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QtCore.QEvent.Type.LanguageChange and self.interview is not None:
            # The interviewer switched the language in mid-interview: their side follows
            # (nothing stays in the old language); the respondent's side stays theirs.
            self.interviewer_lang = current_language()
        super().changeEvent(event)

    def retranslate(self) -> None:
        set_text(self.back_button, _("Back"), _("Back to the previous question (Alt+Left)"))
        set_text(self.pause_button, _("Pause"), _("Pause the interview (Ctrl+P)"))
        set_text(self.stop_button, _("Stop…"), _("Stop the interview"))
        set_text(
            self.respondent_button,
            _("Respondent view"),
            _("Open the respondent view (Ctrl+R)"),
        )
        set_text(
            self.emergency_button, _("Emergency"), _("Emergency: danger or medical need (Ctrl+E)")
        )
        set_text(self.break_pause, _("Pause now"))
        set_text(self.break_continue, _("Continue"))
        self.progress_title.setText(_("Progress"))
        self.progress_bar.setAccessibleName(_("Questions answered"))
        self.progress_list.setAccessibleName(_("Progress by section"))
        self.guidance_title.setText(_("Guidance for you"))
        self.guidance.setAccessibleName(_("Guidance for this section"))
        self.emergency_panel.retranslate()
        if self.interview is not None:
            self.refresh()

    # --- drawing ------------------------------------------------------------------------
    def refresh(self) -> None:
        """Draw the current question, progress and guidance from the engine's state."""
        interview = self.interview
        if interview is None:
            return
        question = interview.current
        self.error.hide()
        self._draw_progress()
        if question is None:
            self.answers.show_question(None, self.respondent_lang)
            self.question_changed.emit()
            return
        form = interview.form
        section = form.section(question.section_id)
        mine, theirs = self.interviewer_lang, self.respondent_lang
        visible = [q.id for q in interview.visible_questions()]
        position = visible.index(question.id) + 1 if question.id in visible else len(visible)
        # The same count as the progress bar ("17 of 32 answered"): questions shown now.
        heading = _("{section} · question {number} of {total}").format(
            section=isolate(form_text(mine, section.title)),
            number=position,
            total=len(visible),
        )
        self.section_title.setText(in_direction(heading))
        self.interviewer_text.setText(form_text(mine, question.text))
        set_text_direction(self.interviewer_text, mine)
        self.respondent_text.setText(form_text(theirs, question.text))
        set_text_direction(self.respondent_text, theirs)
        self.interviewer_text.setVisible(mine != theirs)
        self.help_text.setText(form_text(mine, question.help))
        set_text_direction(self.help_text, mine)
        self.help_text.setVisible(bool(question.help))
        self.guidance.setPlainText(form_text(mine, section.guidance))
        self.guidance.setLayoutDirection(self.layoutDirection())
        previous = interview.answer_for(question.id)
        self.answers.show_question(
            question,
            theirs,
            previous.value if previous else None,
            declined=bool(previous and previous.declined),
            mine=mine,
        )
        self.back_button.setEnabled(interview.can_go_back)
        self.question_scroll.verticalScrollBar().setValue(0)
        self.answers.focus_first()
        announce(self, f"{heading}. {form_text(mine, question.text)}")
        self.question_changed.emit()

    def _draw_progress(self) -> None:
        progress = self.interview.progress()
        form = self.interview.form
        self.progress_list.clear()
        done = total = 0
        current = self.interview.current
        for item in progress:
            done += item.answered
            total += item.total
            if item.total == 0:
                continue
            title = form_text(self.interviewer_lang, form.section(item.section_id).title)
            line = QtWidgets.QListWidgetItem(
                in_direction(
                    _("{section}: {answered} of {total}").format(
                        section=isolate(title), answered=item.answered, total=item.total
                    )
                )
            )
            if current is not None and current.section_id == item.section_id:
                font = line.font()
                font.setBold(True)
                line.setFont(font)
            self.progress_list.addItem(line)
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(done)
        self.progress_bar.setFormat(
            _("{answered} of {total} answered").format(answered=done, total=total)
        )

    # --- actions ------------------------------------------------------------------------
    def _run(self, action: Callable[[], None]) -> bool:
        try:
            action()
        except WaystationError as error:
            message = error_message(error)
            self.error.setText(message)
            self.error.setAccessibleName(message)
            self.error.show()
            announce(self, message, urgent=True)
            return False
        return True

    def answer(self, value: object) -> None:
        """Give the current question this answer (saved by the engine before moving on)."""
        if self.interview is None or self.interview.current is None:
            return
        if self._run(lambda: self.interview.answer(value)):
            self._after_move()

    def decline(self) -> None:
        """ "Prefer not to say" for the current question."""
        if self.interview is None or self.interview.current is None:
            return
        if self._run(self.interview.decline):
            self._after_move()

    def _after_move(self) -> None:
        if self.interview.current is None:
            self._break_timer.stop()
            self.completed.emit()
        else:
            self.refresh()

    def back(self) -> None:
        """The previous question, with its answer shown."""
        if (
            self.interview is not None
            and self.interview.can_go_back
            and self._run(self.interview.back)
        ):
            self.refresh()

    def pause(self) -> None:
        """Save progress and leave; the case list offers Resume."""
        if self.interview is None:
            return
        if self._run(self.interview.pause):
            self._break_timer.stop()
            self.paused.emit()

    def stop(self) -> None:
        """Ask why, then end the interview early."""
        if self.interview is None:
            return
        reason = self.ask_stop_reason()
        if reason:
            self.stop_with(reason)

    def stop_with(self, reason: str) -> None:
        """End the interview early with a reason id."""
        if self.interview is not None and self._run(lambda: self.interview.stop(reason)):
            self._break_timer.stop()
            self.stopped.emit(reason)

    def _ask_stop_reason(self) -> str | None:
        titles = [_(title) for _key, title in STOP_REASONS]
        dialog = QtWidgets.QInputDialog(self)
        dialog.setWindowTitle(_("Stop the interview"))
        dialog.setLabelText(_("Why does the interview stop?"))
        dialog.setComboBoxItems(titles)
        dialog.setComboBoxEditable(False)
        for box in dialog.findChildren(QtWidgets.QComboBox):
            box.setAccessibleName(_("Why does the interview stop?"))
        if dialog.exec() != QtWidgets.QDialog.DialogCode.Accepted:
            return None
        choice = dialog.textValue()
        return STOP_REASONS[titles.index(choice)][0] if choice in titles else None

    # --- breaks and emergencies ---------------------------------------------------------
    def check_break(self) -> None:
        """Show the break reminder once the set time has passed (the timer calls this)."""
        if self.interview is None or self.break_banner.isVisible():
            return
        minutes = (self.clock() - self._break_from) / 60
        if minutes * 60 >= self.break_after_seconds:
            self.break_text.setText(
                _(
                    "You have been talking for {minutes} minutes. Offer the respondent a break, "
                    "water, or the chance to stop."
                ).format(minutes=int(minutes))
            )
            self.break_banner.show()
            self.break_pause.setFocus()

    def dismiss_break(self) -> None:
        """Carry on; the next reminder comes after the set time again."""
        self.break_banner.hide()
        self._break_from = self.clock()
        self.answers.focus_first()

    def emergency(self) -> None:
        """Immediate danger or medical need: pause at once and show what to do."""
        if self.interview is None:
            return
        self._run(self.interview.pause)
        self._break_timer.stop()
        self.emergency_panel.show_for(self.org_contact, self.emergency_services)
        self.main_stack.setCurrentWidget(self.emergency_panel)
        self.question_changed.emit()

    def resume_after_emergency(self) -> None:
        """Back to the question after the emergency was handled."""
        if self.interview is None:
            return
        self.interview.proceed()
        self.main_stack.setCurrentWidget(self.question_scroll)
        self._break_from = self.clock()
        self._break_timer.start()
        self.refresh()

    @property
    def in_emergency(self) -> bool:
        """True while the emergency instructions are shown."""
        return self.main_stack.currentWidget() is self.emergency_panel
