"""Where a worker was when the vault locked, so the same worker's unlock goes back there.

Only ids and the page's name, in memory: no answer, name or text of a case.
Another account's unlock ignores it (that account may not even see the case).
A dialog open at the lock was closed by it (its work cancelled, nothing
saved); the worker is told so after the unlock.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6 import QtWidgets

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

CASES = "cases"
ADMIN = "admin"
NEW = "new"
CONSENT = "consent"
INTERVIEW = "interview"
SUMMARY = "summary"


@dataclass(frozen=True)
class ResumePoint:
    """One screen to return to: `page` and what it showed."""

    user: str
    page: str
    screening_id: int | None = None
    emergency: bool = False
    admin_tab: int = 0
    choice: Any = None  # the new screening's choices (questionnaire, languages) before consent
    window_closed: bool = False


def open_dialogs(window: MainWindow) -> list[QtWidgets.QWidget]:
    """Dialogs on screen, or taken off it by quick hide, as the lock begins."""
    hidden = set(map(id, window.quick_hide.hidden_windows))
    return [
        w
        for w in QtWidgets.QApplication.topLevelWidgets()
        if isinstance(w, QtWidgets.QDialog) and (w.isVisible() or id(w) in hidden)
    ]


def capture(window: MainWindow) -> ResumePoint:
    """Where the worker is now (called while the vault is still open)."""
    user = window.vault.user.name
    closed = bool(open_dialogs(window))
    page = window.stack.currentWidget()
    if window.admin_page is not None and page is window.admin_page:
        tab = window.admin_page.tabs.currentIndex()
        return ResumePoint(user, ADMIN, admin_tab=tab, window_closed=closed)
    if window.session_pages_built() and page in window.flow.pages():
        return window.flow.resume_point(user, window_closed=closed)
    return ResumePoint(user, CASES, window_closed=closed)


def return_to(window: MainWindow, point: ResumePoint) -> bool:
    """Show the screen of `point` again; False when that is not possible any more."""
    if point.page == ADMIN:
        window.show_admin()
        if window.admin_page is not None:
            window.admin_page.tabs.setCurrentIndex(point.admin_tab)
        return window.admin_page is not None
    if point.page == CASES:
        return False
    return window.flow.return_to(point)
