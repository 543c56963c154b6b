"""What a screen reader finds, walked through Qt's accessibility interface (what Orca and
NVDA read through AT-SPI and UI Automation): every control Tab reaches has a name on
every page and dialog, Tab leaves every table, each new question is announced and
described by its answer group, and the focus never passes through the Hide button."""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from app.ui import accessibility
from app.ui.accessibility import accessible_description, accessible_name
from app.ui.bidi import plain
from tests.ui.test_screening_flow import (
    current_id,
    first_question,
    press,
)
from tests.ui.tour import tour

Key = QtCore.Qt.Key


def tab_stops(root: QtWidgets.QWidget) -> list[QtWidgets.QWidget]:
    """The controls under `root` that Tab can reach now."""
    found = []
    for widget in [root, *root.findChildren(QtWidgets.QWidget)]:
        if widget is not root and not widget.isVisibleTo(root):
            continue
        if not widget.isVisible() or not widget.isEnabled() or widget.focusProxy() is not None:
            continue
        if widget.focusPolicy() & QtCore.Qt.FocusPolicy.TabFocus:
            found.append(widget)
    return found


def unnamed(root: QtWidgets.QWidget) -> list[str]:
    return [
        f"{type(w).__name__}#{w.objectName()}"
        for w in tab_stops(root)
        if not plain(accessible_name(w)).strip()
    ]


def tables_that_trap_tab(qtbot, root: QtWidgets.QWidget) -> list[str]:
    trapped = []
    for view in tab_stops(root):
        if not isinstance(view, QtWidgets.QAbstractItemView):
            continue
        view.setFocus()
        QtWidgets.QApplication.processEvents()
        if QtWidgets.QApplication.focusWidget() is not view:
            continue  # not focusable here (offscreen window not active)
        qtbot.keyClick(view, Key.Key_Tab)
        focused = QtWidgets.QApplication.focusWidget()
        if focused is view or (focused is not None and view.isAncestorOf(focused)):
            trapped.append(view.objectName() or type(view).__name__)
    return trapped


class StrayWindows(QtCore.QObject):
    """Records widgets shown as windows of their own that are no window of the app (a
    control made visible before it had a parent): they flash up and take the focus."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def eventFilter(self, watched, event) -> bool:
        if (
            event.type() == QtCore.QEvent.Type.Show
            and watched.isWidgetType()
            and watched.isWindow()
            and watched.windowType() in (QtCore.Qt.WindowType.Widget, QtCore.Qt.WindowType.Window)
            and not isinstance(watched, QtWidgets.QMainWindow)
        ):
            self.found.append(f"{type(watched).__name__}#{watched.objectName()}")
        return False


def test_every_tab_stop_is_named_and_tab_leaves_every_table(qtbot, window, open_vault, vault_users):
    visited = []
    stray = StrayWindows()
    QtWidgets.QApplication.instance().installEventFilter(stray)
    try:
        for label, root in tour(qtbot, window, open_vault, vault_users):
            visited.append(label)
            assert unnamed(root) == [], label
            assert tables_that_trap_tab(qtbot, root) == [], label
    finally:
        QtWidgets.QApplication.instance().removeEventFilter(stray)
    assert {"consent", "summary", "referral", "file chooser", "stop"} <= set(visited)
    assert stray.found == []


def test_each_question_is_announced_and_described_never_through_hide(qtbot, window, vault_users):
    first_question(qtbot, window, vault_users, respondent="ar")
    page = window.flow.interview_page
    focused: list[QtWidgets.QWidget] = []
    QtWidgets.QApplication.instance().focusChanged.connect(lambda _old, new: focused.append(new))
    for key in (Key.Key_Y, Key.Key_N, Key.Key_P):  # safe to talk here, then two more
        focused.clear()
        press(qtbot, window, key)
        question = page.interview.current
        english = plain(page.interviewer_text.text())
        # The group the answers are in is described by the question...
        assert accessible_description(page.answers) == english
        assert accessible_name(page.answers)
        # ...the question (with its place in the interview) is announced...
        assert english in accessibility.announcements[-1]
        assert "question" in accessibility.announcements[-1]
        # ...and the focus goes from the old answers to the new ones, never to Hide.
        assert window.hide_button not in focused
        assert page.answers.isAncestorOf(QtWidgets.QApplication.focusWidget())
        assert question is not None


def test_going_back_focuses_and_names_the_answer_given(qtbot, window, vault_users):
    first_question(qtbot, window, vault_users, respondent="ar")
    page = window.flow.interview_page
    press(qtbot, window, Key.Key_Y)  # first question: safe to talk here
    press(qtbot, window, Key.Key_N)  # second question: no
    press(qtbot, window, Key.Key_Left, QtCore.Qt.KeyboardModifier.AltModifier)
    chosen = page.answers.buttons["no"]
    assert QtWidgets.QApplication.focusWidget() is chosen  # not "Yes": Enter keeps "no"
    assert chosen.property("chosen") is True
    assert "Answer given before" in accessible_description(chosen)
    assert plain(page.answers.previous_note.text()) == "Answer given before: No"
    first = current_id(window)
    press(qtbot, window, Key.Key_Return)
    assert current_id(window) != first
    assert window.vault.screenings.answers(window.flow.screening.id)[first].value == "no"


def test_multiple_choice_boxes_say_their_key(qtbot, window, vault_users):
    first_question(qtbot, window, vault_users, form_id="adult-screening", respondent="ar")
    checks = list(window.flow.interview_page.answers.checks.values())
    assert checks and all("Shortcut: " in accessible_description(c) for c in checks)
    assert "Shortcut: 1" in accessible_description(checks[0])
    # The interviewer hears their own language; the respondent's words are described.
    arabic = [c for c in checks if any("\u0600" <= ch <= "\u06ff" for ch in accessible_name(c))]
    assert arabic == [] and all(accessible_name(c) for c in checks)


def test_about_text_is_readable(qtbot, window):
    from app.ui.about_dialog import AboutDialog

    dialog = AboutDialog(window)
    dialog.show()
    qtbot.waitExposed(dialog)
    text = dialog.text
    assert text.focusPolicy() & QtCore.Qt.FocusPolicy.TabFocus
    reader = QtGui.QAccessible.queryAccessibleInterface(text).textInterface()
    assert reader is not None
    assert "Trauma-informed screening" in reader.text(0, reader.characterCount())
    dialog.close()
