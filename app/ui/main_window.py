"""The main window: a top bar (hide, language, lock), a notice strip and a stack of pages.

It owns the session: the open vault, the idle lock (with a warning before it
locks), the OS-lock watcher and quick hide, and where the worker was when the
vault locked (`ResumePoint`): the same worker's unlock returns to that very
screen (unlocking and locking are in app/ui/window_session.py). Its title never
changes and never names a case. A screening in progress is handled by
`ScreeningFlow`; the admin pages sit in one tab page. It asks for no more room
than a 1024x600 laptop with a taskbar gives.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore, QtGui, QtWidgets

from app.domain.roles import Permission, Role, can
from app.i18n import _, format_date
from app.ui.appearance import TextScale
from app.ui.auto_send import AutoSender
from app.ui.controls import label, set_text
from app.ui.first_run_page import FirstRunPage
from app.ui.idle_lock import IdleLock
from app.ui.language import apply_language, uses_brackets
from app.ui.quick_hide import QuickHide, install_shortcut
from app.ui.screen_area import place_main_window
from app.ui.top_bar import TopBar
from app.ui.unlock_page import UnlockPage
from app.ui.vault_access import (
    vault_exists,
)
from app.ui.window_session import WindowSession

if TYPE_CHECKING:
    from app.ui.case_list_page import CaseListPage
    from app.ui.case_page import CasePage
    from app.ui.notice_bar import NoticeBar
    from app.ui.os_lock import OsLockWatcher
    from app.ui.privacy import ClipboardGuard
    from app.ui.resume_point import ResumePoint
    from app.ui.screening_flow import ScreeningFlow

WINDOW_TITLE = "Waystation"  # fixed: a title never carries case content

_clipboard_guard: tuple[QtWidgets.QApplication, ClipboardGuard] | None = None


def fix_mnemonics_in(widget: QtWidgets.QWidget) -> None:
    """Mnemonics as the interface language's script needs them (loaded only for those)."""
    if uses_brackets():
        from app.ui.mnemonics import fix_mnemonics

        fix_mnemonics(widget)


def guard_clipboard() -> None:
    """Install the app-wide copy guard once, before any view shows case data.

    Not at start: an application event filter written in Python sees every event,
    and the first events of each kind cost PySide time the unlock screen need not wait for.
    """
    global _clipboard_guard
    from app.ui.privacy import install_clipboard_guard

    app = QtWidgets.QApplication.instance()
    if not isinstance(app, QtWidgets.QApplication):
        return
    if _clipboard_guard is None or _clipboard_guard[0] is not app:
        _clipboard_guard = (app, install_clipboard_guard(app))


def open_referral(parent: QtWidgets.QWidget, vault: Any, screening_id: int) -> Any:
    """The summary's referral button: the dialog (and the packet code) load on first use."""
    # Imported here, not at the top: the unlock screen should not wait for it.
    from app.ui.referral.dialog import open_referral_dialog

    return open_referral_dialog(parent, vault, screening_id)


class MainWindow(WindowSession, QtWidgets.QMainWindow):
    """The app's one main window; `vault` is the open vault or None while locked."""

    locked = QtCore.Signal()
    unlocked = QtCore.Signal()

    def __init__(
        self,
        vault_path: Path,
        *,
        clock: Callable[[], float] | None = None,
        text_scale: TextScale | None = None,
        demo: bool = False,
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle(WINDOW_TITLE)
        self.setAccessibleName(WINDOW_TITLE)
        self.vault_path = vault_path
        self.vault: Any = None
        self.demo_banner = None
        self.last_user = ""
        self.clock = clock or time.monotonic
        self.text_scale = text_scale or TextScale(self)
        self.idle_lock = IdleLock(clock=self.clock, parent=self)
        self.idle_lock.expired.connect(self.lock)
        self.auto_sender = AutoSender(self)  # pushes only if an administrator switched it on
        # Watched from the first paint on (D-Bus set-up need not delay the unlock screen):
        # locking a locked vault changes nothing.
        self.os_lock: OsLockWatcher | None = None
        self.quick_hide = QuickHide(lock=self.lock, restore=self._after_hide, parent=self)
        install_shortcut(self, self.quick_hide)
        self.window_guard: Any = None  # installed after the first paint (see _after_first_paint)
        self._resume: ResumePoint | None = None
        self.idle_lock.warning.connect(self._idle_warning)
        self.idle_lock.resumed.connect(self._idle_resumed)
        self._build_toolbar()
        self._build_pages()
        self.demo_banner: QtWidgets.QLabel | None = self._build_demo_banner() if demo else None
        self._build_shortcuts()
        self.start_maximised = place_main_window(self)
        self.retranslate()
        self._show_start_page()

    # --- construction -------------------------------------------------------------------
    def _build_demo_banner(self) -> QtWidgets.QLabel:
        """A strip under the top bar saying the data is synthetic: no real case goes in here."""
        banner = label()
        banner.setObjectName("demoBannerText")
        banner.setStyleSheet(
            "background: #fff3c4; color: #3d2e00; padding: 6px; font-weight: bold;"
        )
        self._column.insertWidget(1, banner)
        return banner

    def _build_toolbar(self) -> None:
        bar = TopBar()
        bar.hide_button.clicked.connect(self.quick_hide.trigger)
        bar.cases_button.clicked.connect(self.show_cases)
        bar.admin_button.clicked.connect(self.show_admin)
        bar.reports_button.clicked.connect(self.show_reports)
        bar.lock_button.clicked.connect(self.lock)
        bar.about_button.clicked.connect(self.show_about)
        bar.on_language = apply_language
        self.toolbar = bar
        # Short names that tests, screenshots and the pages reach for.
        self.hide_button = bar.hide_button
        self.cases_button = bar.cases_button
        self.admin_button = bar.admin_button
        self.reports_button = bar.reports_button
        self.lock_button = bar.lock_button
        self.about_button = bar.about_button
        self.user_label = bar.user_label
        self.language_box = bar.language_box

    def _build_pages(self) -> None:
        self.stack = QtWidgets.QStackedWidget()
        self._notice_bar: NoticeBar | None = None  # made for the first notice
        central = QtWidgets.QWidget()
        self._column = QtWidgets.QVBoxLayout(central)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(0)
        self._column.addWidget(self.toolbar)
        self._column.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        # The first-run page is built only when there is no vault yet.
        self._first_run_page: FirstRunPage | None = None
        self.unlock_page = UnlockPage()
        self.unlock_page.unlock_requested.connect(self._unlock)
        self.admin_page: QtWidgets.QWidget | None = None
        self.reports_page: QtWidgets.QWidget | None = None
        # The case list and the screening pages (and the storage and screening code
        # behind them) are built after the first paint or on first use, whichever
        # comes first: the unlock screen should not wait for them.
        self._case_list_page: CaseListPage | None = None
        self._case_page: CasePage | None = None
        self._flow: ScreeningFlow | None = None
        self._painted = False
        self.stack.addWidget(self.unlock_page)

    @property
    def first_run_page(self) -> FirstRunPage:
        """The first-run page (create the vault and its first admin), built on first use."""
        if self._first_run_page is None:
            self._first_run_page = FirstRunPage()
            self._first_run_page.create_requested.connect(self._create_vault)
            self.stack.addWidget(self._first_run_page)  # the page shown stays as it is
        return self._first_run_page

    @property
    def case_list_page(self) -> CaseListPage:
        """The case list page, built on first use."""
        if self._case_list_page is None:
            self._build_session_pages()
        assert self._case_list_page is not None
        return self._case_list_page

    @property
    def case_page(self) -> CasePage:
        """The page of one case (close, reopen, withdraw consent), built with the session pages."""
        if self._case_page is None:
            self._build_session_pages()
        assert self._case_page is not None
        return self._case_page

    @property
    def flow(self) -> ScreeningFlow:
        """The screening flow and its pages, built on first use."""
        if self._flow is None:
            self._build_session_pages()
        assert self._flow is not None
        return self._flow

    def session_pages_built(self) -> bool:
        """True once the case list and screening pages exist (after first paint or use)."""
        return self._flow is not None

    def _build_session_pages(self) -> None:
        if self._flow is not None:
            return
        guard_clipboard()  # the case list and the screening pages show case data
        # Imported here, not at the top: see _build_pages.
        from app.ui.case_list_page import CaseListPage
        from app.ui.case_page import CasePage
        from app.ui.screening_flow import ScreeningFlow
        from app.ui.summary_page import referral_handler, set_referral_handler

        if referral_handler() is None:  # one plugged in already (a test's, say) stays
            set_referral_handler(open_referral)  # the summary's referral button

        case_list_page = CaseListPage()
        flow = ScreeningFlow(self)
        case_list_page.new_screening_requested.connect(flow.start_new)
        case_list_page.resume_requested.connect(flow.resume)
        case_list_page.summary_requested.connect(flow.show_summary_for)
        flow.finished.connect(self.show_cases)
        flow.notice.connect(lambda text: self.notice_bar.show_notice(text))
        case_page = CasePage()
        case_list_page.case_requested.connect(self.show_case)
        case_page.back.connect(self.show_cases)
        case_page.resume_requested.connect(flow.resume)
        case_page.summary_requested.connect(flow.show_summary_for)
        self._case_list_page, self._case_page, self._flow = case_list_page, case_page, flow
        for page in (case_list_page, case_page, *flow.pages()):
            self.stack.addWidget(page)  # the page shown stays as it is
        self.toolbar.wrap()
        self.guard_windows()

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:  # noqa: N802 - Qt override
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            # Once the first paint is on screen, while the user types a password.
            QtCore.QTimer.singleShot(0, self, self._after_first_paint)

    def showEvent(self, event: QtGui.QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        # Once shown, the page's own first field has the focus (never the Hide button).
        QtCore.QTimer.singleShot(0, self, self._focus_page)

    def show_on_screen(self) -> None:
        """Show the window: maximised on a screen smaller than its preferred size."""
        if self.start_maximised:
            self.showMaximized()
        else:
            self.show()

    @property
    def notice_bar(self) -> NoticeBar:
        """The strip under the top bar for notices, made when the first one comes."""
        if self._notice_bar is None:
            from app.ui.notice_bar import NoticeBar

            self._notice_bar = NoticeBar()
            self._column.insertWidget(self._column.indexOf(self.stack), self._notice_bar)
        return self._notice_bar

    def watch_os_lock(self) -> None:
        """Lock when the desktop locks the screen or the laptop sleeps (once)."""
        if self.os_lock is None:
            from app.ui.os_lock import OsLockWatcher

            self.os_lock = OsLockWatcher(self)
            self.os_lock.lock_requested.connect(self.lock)

    def guard_windows(self) -> None:
        """Install the hide keys and dialog preparation for every window (once)."""
        if self.window_guard is None:
            from app.ui.window_guard import WindowGuard

            self.window_guard = WindowGuard(
                self.quick_hide.trigger, main_window=self, clock=self.clock, parent=self
            )
            self.window_guard.install()

    def _after_first_paint(self) -> None:
        self.toolbar.wrap()
        self.guard_windows()
        self.watch_os_lock()
        self.list_languages()
        self._build_session_pages()
        # The unlock imports the vault code in its worker anyway; loading it now, while
        # the password is typed, takes it off the time between Enter and the case list.
        importlib.import_module("app.storage.vault")
        # Likewise babel's date formats, which the case list's first dates need.
        format_date(datetime.now(UTC))

    def _build_shortcuts(self) -> None:
        for keys, slot in (
            (QtGui.QKeySequence.StandardKey.ZoomIn, self.text_scale.bigger),
            (QtGui.QKeySequence.StandardKey.ZoomOut, self.text_scale.smaller),
            ("Ctrl+=", self.text_scale.bigger),
            ("Ctrl+0", self.text_scale.reset),
            ("Ctrl+L", self.lock),
        ):
            shortcut = QtGui.QShortcut(QtGui.QKeySequence(keys), self)
            shortcut.setContext(QtCore.Qt.ShortcutContext.ApplicationShortcut)
            shortcut.activated.connect(slot)

    def retranslate(self) -> None:
        """Set the top bar's texts in the current language."""
        self.toolbar.retranslate()
        if self.demo_banner is not None:
            set_text(
                self.demo_banner,
                _(
                    "Demo data: every case here is synthetic and is deleted when the app "
                    "closes. Do not enter a real person's answers."
                ),
            )
        self._update_user_label()

    def changeEvent(self, event: QtCore.QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QtCore.QEvent.Type.LanguageChange:
            self.retranslate()
            # After every page has re-set its texts: mnemonics as the new script needs them.
            QtCore.QTimer.singleShot(0, self, lambda: fix_mnemonics_in(self))
        super().changeEvent(event)

    # --- language -----------------------------------------------------------------------
    def list_languages(self) -> None:
        """Fill the language box with every offered language (done once, after the first paint)."""
        self.toolbar.list_languages()

    def set_language(self, code: str) -> None:
        """Switch the UI language (as the top bar's box does)."""
        self.list_languages()
        index = self.language_box.findData(code)
        if index >= 0:
            self.language_box.setCurrentIndex(index)

    # --- session ------------------------------------------------------------------------
    def _show_start_page(self) -> None:
        if vault_exists(self.vault_path):
            self.unlock_page.reset(self.last_user)
            self.stack.setCurrentWidget(self.unlock_page)
        else:
            self.stack.setCurrentWidget(self.first_run_page)
        fix_mnemonics_in(self.stack.currentWidget())
        self._update_chrome()
        self._focus_page()

    def _focus_page(self) -> None:
        """Give the keyboard focus to the current page's first field, if it names one."""
        page = self.stack.currentWidget()
        first = getattr(page, "initial_focus", None)
        target = first() if callable(first) else None
        if target is not None and self.isVisible():
            focused = QtWidgets.QApplication.focusWidget()
            if focused is None or focused is self.hide_button or not page.isAncestorOf(focused):
                target.setFocus(QtCore.Qt.FocusReason.OtherFocusReason)

    def show_about(self) -> None:
        """The About box with the version, licence and translation status."""
        from app.ui.about_dialog import AboutDialog

        AboutDialog(self).exec()

    # --- navigation ---------------------------------------------------------------------
    def show_cases(self) -> None:
        """The case list (after unlock, and when a screening ends)."""
        if self.vault is None:
            return
        self.case_list_page.load(self.vault)
        self.show_page(self.case_list_page)

    def show_case(self, case_id: int) -> None:
        """The page of one case, with its actions."""
        if self.vault is None:
            return
        self.case_page.load(self.vault, case_id)
        self.show_page(self.case_page)

    def show_admin(self) -> None:
        """The administration tabs (admins and supervisors see what their role allows)."""
        if self.vault is None:
            return
        from app.ui.admin.admin_page import AdminPage

        if self.admin_page is None:
            self.admin_page = AdminPage(self.vault, self)
            self.admin_page.settings_saved.connect(self._settings_saved)
            self.stack.addWidget(self.admin_page)
        self.show_page(self.admin_page)

    def show_reports(self) -> None:
        """The reports page (everyone's work for admins and supervisors, else one's own)."""
        if self.vault is None:
            return
        from app.ui.reports.reports_page import ReportsPage

        if self.reports_page is None:
            self.reports_page = ReportsPage(self.vault, self)
            self.stack.addWidget(self.reports_page)
        self.show_page(self.reports_page)

    def show_page(self, page: QtWidgets.QWidget) -> None:
        """Make one page current (used by the screening flow)."""
        if page is not self.stack.currentWidget() and self._notice_bar is not None:
            self._notice_bar.clear()  # a notice belongs to the screen it was shown on
        self.stack.setCurrentWidget(page)
        fix_mnemonics_in(page)
        self._update_chrome()
        self._focus_page()

    def _update_user_label(self) -> None:
        if self.vault is None:
            self.toolbar.set_user("")
            return
        from app.ui.bidi import isolate  # with an open vault only

        user = self.vault.user
        self.toolbar.set_user(
            _("{name} ({role})").format(name=isolate(user.name), role=Role(user.role).title)
        )

    def _update_chrome(self) -> None:
        open_ = self.vault is not None
        in_flow = self._flow is not None and self.stack.currentWidget() in self._flow.pages()
        self.cases_button.setVisible(open_ and not in_flow)
        self.reports_button.setVisible(open_ and not in_flow)
        admin_rights = (Permission.MANAGE_USERS, Permission.CHANGE_SETTINGS, Permission.VIEW_AUDIT)
        may_admin = open_ and any(can(self.vault.user.role, right) for right in admin_rights)
        self.admin_button.setVisible(may_admin and not in_flow)
        self.lock_button.setVisible(open_)
        self._update_user_label()
