"""Every page and dialog fits a 1024x600 laptop (and 1366x768) with a taskbar and a title
bar, at normal and at 150 % text: the window takes the room there is, and every button
outside a scrolling area (the action bars, a dialog's OK and Cancel) lies inside it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6 import QtCore, QtWidgets

from app.domain.service_csv import ServiceFields
from app.ui.language import apply_language
from app.ui.screen_area import frame_extra
from app.ui.screen_fit import fit_window
from tests.ui.conftest import unlock
from tests.ui.test_screening_flow import give_consent, press
from tests.ui.tour import completed_screening, dialogs, prepare_vault

Key = QtCore.Qt.Key
TASKBAR = 40
TITLE_BAR = 30
SCREENS = {"1024x600": (1024, 600), "1366x768": (1366, 768)}
SCALES = (1.0, 1.5)


def free_area(name: str) -> QtCore.QRect:
    width, height = SCREENS[name]
    return QtCore.QRect(0, 0, width, height - TASKBAR)


def outside_scrolling(widget: QtWidgets.QWidget, top: QtWidgets.QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        if isinstance(parent, QtWidgets.QAbstractScrollArea):
            return False
        parent = parent.parentWidget()
    return True


def misplaced_buttons(top: QtWidgets.QWidget) -> list[str]:
    """Visible push buttons (not in a scrolling area) that stick out of `top` or are cut."""
    QtWidgets.QApplication.processEvents()
    bad = []
    for button in top.findChildren(QtWidgets.QPushButton):
        if not button.isVisibleTo(top) or not outside_scrolling(button, top):
            continue
        where = QtCore.QRect(button.mapTo(top, QtCore.QPoint(0, 0)), button.size())
        name = button.accessibleName() or button.objectName()
        if not top.rect().contains(where):
            bad.append(f"{name}: {where.getRect()} outside {top.rect().getRect()}")
        elif button.width() < button.minimumSizeHint().width():
            bad.append(
                f"{name}: {button.width()} px wide, needs {button.minimumSizeHint().width()}"
            )
    return bad


# Each screen at each text size in English; the smallest with the largest text also in
# Russian (labels up to three times longer) and Arabic (mirrored, taller lines).
CASES = [(s, f, "en") for s in SCREENS for f in SCALES] + [
    ("1024x600", 1.5, "ru"),
    ("1024x600", 1.5, "ar"),
]


@pytest.fixture(params=CASES, ids=lambda p: f"{p[0]}@{p[1]}-{p[2]}")
def screen(request, window) -> Iterator[tuple[str, float]]:
    name, scale, lang = request.param
    apply_language(lang)
    window.text_scale.set_scale(scale)
    yield name, scale
    window.text_scale.set_scale(1.0)


def fit_main(window, name: str, label: str = "") -> None:
    area = free_area(name)
    window.resize(area.width(), area.height() - TITLE_BAR)
    QtWidgets.QApplication.processEvents()
    size = window.size()
    assert (size.width(), size.height()) == (area.width(), area.height() - TITLE_BAR), (
        f"{label}: the window needs {window.minimumSizeHint()}"
    )


def check_page(window, name: str, label: str) -> None:
    fit_main(window, name, label)
    assert misplaced_buttons(window) == [], label


def test_every_page_fits(qtbot, window, screen, open_vault, vault_users):
    name, _scale = screen
    admin = open_vault("ada")
    admin.services.add(ServiceFields("Quay Street Clinic", "medical", ("en",), phone="+00 555"))
    admin.close()
    window.activateWindow()
    check_page(window, name, "unlock")
    unlock(qtbot, window, "sol", vault_users["sol"][1])
    check_page(window, name, "case list")
    qtbot.mouseClick(window.case_list_page.new_button, QtCore.Qt.MouseButton.LeftButton)
    check_page(window, name, "new screening")
    new = window.flow.new_page
    new.form_box.setCurrentIndex(new.form_box.findData("adult-screening"))
    new.respondent_box.setCurrentIndex(new.respondent_box.findData("ar"))
    qtbot.mouseClick(new.start_button, QtCore.Qt.MouseButton.LeftButton)
    check_page(window, name, "consent")
    consent = window.flow.consent_page
    consent.choose(screen=True, store=True, refer=True)
    check_page(window, name, "consent with sections")
    give_consent(qtbot, window)
    check_page(window, name, "multiple choice")
    press(qtbot, window, Key.Key_1)
    press(qtbot, window, Key.Key_Return)
    check_page(window, name, "yes/no question")
    press(qtbot, window, Key.Key_E, QtCore.Qt.KeyboardModifier.ControlModifier)
    check_page(window, name, "emergency")
    window.flow.interview_page.resume_after_emergency()
    page = window.flow.interview_page
    while page.interview is not None and page.interview.current is not None:
        press(qtbot, window, Key.Key_P)
    assert window.stack.currentWidget() is window.flow.summary_page
    check_page(window, name, "summary")
    window.lock()
    unlock(qtbot, window, "ada", vault_users["ada"][1])
    window.show_admin()
    for tab in range(window.admin_page.tabs.count()):
        window.admin_page.tabs.setCurrentIndex(tab)
        check_page(window, name, window.admin_page.tabs.tabText(tab))
    window.show_reports()
    qtbot.waitUntil(lambda: window.reports_page.summary is not None, timeout=10_000)
    check_page(window, name, "reports")


def check_dialog(qtbot, dialog: QtWidgets.QWidget, name: str, label: str) -> None:
    area = free_area(name).adjusted(0, 0, 0, -TITLE_BAR)  # the dialog's own title bar
    qtbot.waitExposed(dialog)
    fit_window(dialog, area)
    QtWidgets.QApplication.processEvents()
    frame = dialog.size() + frame_extra(dialog)
    assert frame.width() <= area.width() and frame.height() <= area.height(), label
    assert misplaced_buttons(dialog) == [], label


def test_every_dialog_fits(qtbot, window, screen, open_vault, vault_users):
    name, _scale = screen
    prepare_vault(open_vault)
    unlock(qtbot, window, "ada", vault_users["ada"][1])
    screening_id = completed_screening(window.vault)
    seen = []
    for label, dialog in dialogs(window, screening_id):
        seen.append(label)
        check_dialog(qtbot, dialog, name, label)
    assert {"referral", "file chooser", "stop", "message box", "service"} <= set(seen)
