"""Where a worker was when the vault locked, so the same worker's unlock goes back there.

One rule for every page: after an unlock by the same worker the app shows the
page they were on (a case, a question, a summary, the consent step, an
administration tab, the reports), with the same case or screening, unless that
case or screening is gone meanwhile (withdrawn, purged) or no longer visible to
them; then the case list, and a notice says why. Only ids and the page's name
are kept, in memory: no answer, name or text of a case. Another account's
unlock ignores it (that account may not even see the case). A dialog open at
the lock was closed by it (its work cancelled, nothing saved); the worker is
told so after the unlock.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6 import QtWidgets

from app.domain.errors import WaystationError
from app.i18n import _

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

CASES = "cases"
CASE = "case"
ADMIN = "admin"
REPORTS = "reports"
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
    case_id: int | None = None
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
    if window.reports_page is not None and page is window.reports_page:
        return ResumePoint(user, REPORTS, window_closed=closed)
    if window.session_pages_built():
        if page is window.case_page and window.case_page.details is not None:
            case_id = window.case_page.details.case.id
            return ResumePoint(user, CASE, case_id=case_id, window_closed=closed)
        if page in window.flow.pages():
            return window.flow.resume_point(user, window_closed=closed)
    return ResumePoint(user, CASES, window_closed=closed)


def still_visible(vault: Any, point: ResumePoint) -> bool:
    """The case or screening of `point` still exists and the worker may still see it."""
    try:
        if point.screening_id is not None:
            vault.screenings.get(point.screening_id)  # checks the case's access too
        if point.case_id is not None:
            vault.cases.check_access(point.case_id)
    except WaystationError:
        return False
    return True


def return_to(window: MainWindow, point: ResumePoint) -> bool:
    """Show the screen of `point` again; False when that is not possible any more
    (the caller shows the case list)."""
    if not still_visible(window.vault, point):
        return False
    if point.page == ADMIN:
        window.show_admin()
        if window.admin_page is not None:
            window.admin_page.tabs.setCurrentIndex(point.admin_tab)
        return window.admin_page is not None
    if point.page == REPORTS:
        window.show_reports()
        return window.stack.currentWidget() is window.reports_page
    if point.page == CASE and point.case_id is not None:
        window.show_case(point.case_id)
        return window.case_page.details is not None
    if point.page == CASES:
        return False
    return window.flow.return_to(point)


def go_back(window: MainWindow, point: ResumePoint | None) -> None:
    """After an unlock: the screen of `point` (None: another account, or none kept), or
    the case list with a notice of what could not be shown again."""
    notices = []
    if point is None or not return_to(window, point):
        window.show_cases()
        if point is not None and (point.case_id is not None or point.screening_id is not None):
            notices.append(
                _(
                    "The case you were on is no longer there, or no longer one you may "
                    "see: it was deleted or changed while the vault was locked."
                )
            )
    if point is not None and point.window_closed:
        notices.append(
            _(
                "The window that was open when the vault locked was closed, and "
                "nothing in it was saved. Open it again to go on."
            )
        )
    if notices:
        window.notice_bar.show_notice(" ".join(notices))
