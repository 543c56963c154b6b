"""The main window: a toolbar (hide, language, text size, lock) over a stack of pages.

It owns the session: the open vault, the idle lock, the OS-lock watcher and
quick hide. Its title never changes and never names a case. A screening in
progress is handled by `ScreeningFlow`; the admin pages sit in one tab page.
"""

from __future__ import annotations

import contextlib
import importlib
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore, QtGui, QtWidgets

from app.domain.errors import WrongPassword
from app.domain.roles import Permission, Role, can
from app.i18n import _, current_language, format_date, language, offered_languages
from app.ui.appearance import TextScale
from app.ui.auto_send import AutoSender
from app.ui.controls import button, set_text
from app.ui.first_run_page import FirstRunPage
from app.ui.idle_lock import IdleLock, OsLockWatcher
from app.ui.language import apply_language
from app.ui.operations import error_message, run_in_background
from app.ui.quick_hide import QuickHide, install_shortcut
from app.ui.unlock_page import UnlockPage
from app.ui.vault_access import create_vault, idle_minutes, open_vault, vault_exists

if TYPE_CHECKING:
    from app.ui.case_list_page import CaseListPage
    from app.ui.privacy import ClipboardGuard
    from app.ui.screening_flow import ScreeningFlow

WINDOW_TITLE = "Waystation"  # fixed: a title never carries case content

_clipboard_guard: tuple[QtWidgets.QApplication, ClipboardGuard] | None = None


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


class MainWindow(QtWidgets.QMainWindow):
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
        self.last_user = ""
        self.clock = clock or time.monotonic
        self.text_scale = text_scale or TextScale(self)
        self.idle_lock = IdleLock(clock=self.clock, parent=self)
        self.idle_lock.expired.connect(self.lock)
        self.auto_sender = AutoSender(self)  # pushes only if an administrator switched it on
        self.os_lock = OsLockWatcher(self)
        self.os_lock.lock_requested.connect(self.lock)
        self.quick_hide = QuickHide(lock=self.lock, restore=self._after_hide, parent=self)
        install_shortcut(self, self.quick_hide)
        self._build_toolbar()
        self.demo_banner: QtWidgets.QLabel | None = self._build_demo_banner() if demo else None
        self._build_pages()
        self._build_shortcuts()
        self.resize(1180, 760)
        self.retranslate()
        self._show_start_page()

    # --- construction -------------------------------------------------------------------
    def _build_demo_banner(self) -> QtWidgets.QLabel:
        """A strip under the toolbar saying the data is synthetic: no real case goes in here."""
        self.addToolBarBreak(QtCore.Qt.ToolBarArea.TopToolBarArea)
        strip = QtWidgets.QToolBar()
        strip.setObjectName("demoBanner")
        strip.setMovable(False)
        strip.setFloatable(False)
        strip.toggleViewAction().setVisible(False)
        banner = QtWidgets.QLabel()
        banner.setObjectName("demoBannerText")
        banner.setWordWrap(True)
        banner.setStyleSheet(
            "background: #fff3c4; color: #3d2e00; padding: 6px; font-weight: bold;"
        )
        banner.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Expanding, QtWidgets.QSizePolicy.Policy.Preferred
        )
        strip.addWidget(banner)
        self.addToolBar(QtCore.Qt.ToolBarArea.TopToolBarArea, strip)
        return banner

    def _build_toolbar(self) -> None:
        bar = QtWidgets.QToolBar()
        bar.setObjectName("mainToolbar")
        bar.setMovable(False)
        bar.setFloatable(False)
        bar.toggleViewAction().setVisible(False)
        self.addToolBar(QtCore.Qt.ToolBarArea.TopToolBarArea, bar)
        self.hide_button = button("danger", "quickHideButton")
        self.hide_button.setFocusPolicy(QtCore.Qt.FocusPolicy.TabFocus)
        self.hide_button.clicked.connect(self.quick_hide.trigger)
        self.cases_button = button("", "casesButton")
        self.cases_button.clicked.connect(self.show_cases)
        self.admin_button = button("", "adminButton")
        self.admin_button.clicked.connect(self.show_admin)
        self.reports_button = button("", "reportsButton")
        self.reports_button.clicked.connect(self.show_reports)
        self.lock_button = button("", "lockButton")
        self.lock_button.clicked.connect(self.lock)
        self.about_button = button("", "aboutButton")
        self.about_button.clicked.connect(self.show_about)
        self.user_label = QtWidgets.QLabel()
        self.user_label.setObjectName("userLabel")
        self.language_label = QtWidgets.QLabel()
        self.language_box = QtWidgets.QComboBox()
        self.language_box.setObjectName("uiLanguage")
        # Only the language in use at first: each language's own name comes from its
        # locale data, which takes long to load; the others follow after the first paint.
        self._languages_listed = False
        self._list_current_language()
        self.language_label.setBuddy(self.language_box)
        self.language_box.currentIndexChanged.connect(self._language_chosen)
        spacer = QtWidgets.QWidget()
        spacer.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Expanding, QtWidgets.QSizePolicy.Policy.Preferred
        )
        # A toolbar shows or hides its widgets through their actions.
        self.actions_of: dict[QtWidgets.QWidget, QtGui.QAction] = {}
        for widget in (
            self.hide_button,
            self.cases_button,
            self.reports_button,
            self.admin_button,
            spacer,
            self.user_label,
            self.language_label,
            self.language_box,
            self.about_button,
            self.lock_button,
        ):
            self.actions_of[widget] = bar.addWidget(widget)
        self.toolbar = bar

    def _build_pages(self) -> None:
        self.stack = QtWidgets.QStackedWidget()
        self.setCentralWidget(self.stack)
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
        self._case_list_page, self._flow = case_list_page, flow
        for page in (case_list_page, *flow.pages()):
            self.stack.addWidget(page)  # the page shown stays as it is

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:  # noqa: N802 - Qt override
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            # Once the first paint is on screen, while the user types a password.
            QtCore.QTimer.singleShot(0, self._after_first_paint)

    def _after_first_paint(self) -> None:
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
        """Set the toolbar texts in the current language."""
        set_text(
            self.hide_button,
            _("Hide (F12)"),
            _("Hide every window and lock the vault (F12)"),
        )
        self.hide_button.setToolTip(_("F12 hides every window at once and locks the vault."))
        set_text(self.cases_button, _("Cases"))
        set_text(self.admin_button, _("Administration"))
        set_text(
            self.reports_button, _("Reports"), _("Figures of a period, the PDF and statistics")
        )
        set_text(self.lock_button, _("Lock"), _("Lock the vault (Ctrl+L)"))
        set_text(self.about_button, _("About"), _("About Waystation"))
        if self.demo_banner is not None:
            set_text(
                self.demo_banner,
                _(
                    "Demo data: every case here is synthetic and is deleted when the app "
                    "closes. Do not enter a real person's answers."
                ),
            )
        self.language_label.setText(_("Language"))
        self.language_box.setAccessibleName(_("User interface language"))
        if not self._languages_listed:
            self._list_current_language()  # the language was switched by other means
        self._update_user_label()

    def changeEvent(self, event: QtCore.QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QtCore.QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- language -----------------------------------------------------------------------
    def _language_chosen(self, index: int) -> None:
        code = self.language_box.itemData(index)
        if code and code != current_language():
            apply_language(code)

    def _list_current_language(self) -> None:
        box = self.language_box
        box.blockSignals(True)
        box.clear()
        code = current_language()
        box.addItem(language(code).native_name, code)
        box.blockSignals(False)

    def list_languages(self) -> None:
        """Fill the language box with every offered language (done once, after the first paint)."""
        if self._languages_listed:
            return
        self._languages_listed = True
        box = self.language_box
        box.blockSignals(True)
        box.clear()
        for lang in offered_languages():
            box.addItem(lang.native_name, lang.code)
        # Started with --lang: the box shows the language in use.
        box.setCurrentIndex(max(0, box.findData(current_language())))
        box.blockSignals(False)

    def set_language(self, code: str) -> None:
        """Switch the UI language (as the toolbar box does)."""
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
        self._update_chrome()

    def _create_vault(self, name: str, password: str) -> None:
        path = self.vault_path
        run_in_background(
            parent=self,
            work=lambda: create_vault(path, name, password),
            on_success=self._opened,
            on_failure=lambda error: self.first_run_page.show_error(error_message(error)),
        )

    def _unlock(self, name: str, password: str) -> None:
        path = self.vault_path
        self.last_user = name
        run_in_background(
            parent=self,
            work=lambda: open_vault(path, name, password),
            on_success=self._opened,
            on_failure=self._unlock_failed,
        )

    def _unlock_failed(self, error: BaseException) -> None:
        if isinstance(error, WrongPassword):
            message = _(
                "The user name or password is not right. Check the keyboard language "
                "and Caps Lock, then try again."
            )
        else:
            message = error_message(error)
        self.unlock_page.show_error(message)

    def _opened(self, vault: Any) -> None:
        if self.quick_hide.active:  # hidden while the key was derived: stay locked
            vault.close()
            return
        self.vault = vault
        self.last_user = vault.user.name
        self.idle_lock.set_timeout_minutes(idle_minutes(vault))
        self.idle_lock.arm()
        self.unlocked.emit()
        self.show_cases()
        run_in_background(
            parent=self,
            work=vault.check_pages,
            on_success=lambda _result: None,
            on_failure=lambda error: self._pages_altered(vault, error),
        )

    def _pages_altered(self, vault: Any, error: BaseException) -> None:
        """The database failed its page check: lock and say so; nothing more is read."""
        if self.vault is not vault:  # locked, or another vault, since the check began
            return
        self.lock()
        self.unlock_page.show_error(error_message(error))

    def lock(self) -> None:
        """Pause any interview, close the vault and show the unlock screen."""
        self.idle_lock.disarm()
        if self._flow is not None:
            self._flow.close_session()
        if self.admin_page is not None:
            self.stack.removeWidget(self.admin_page)
            self.admin_page.deleteLater()
            self.admin_page = None
        if self.reports_page is not None:
            self.stack.removeWidget(self.reports_page)
            self.reports_page.deleteLater()
            self.reports_page = None
        if self._case_list_page is not None:
            self._case_list_page.clear()
        vault, self.vault = self.vault, None
        if vault is not None:
            # A backup or account change still running finishes before the vault closes.
            QtCore.QThreadPool.globalInstance().waitForDone(10_000)
            # Closing is best effort: the key goes with the object either way.
            with contextlib.suppress(Exception):
                vault.close()
        for widget in QtWidgets.QApplication.topLevelWidgets():
            if isinstance(widget, QtWidgets.QDialog):  # quick hide left them hidden, still open
                widget.reject()
        clipboard = QtGui.QGuiApplication.clipboard()
        # Empty the clipboard if it holds something copied here (a password field's text,
        # say); what the user copied in other programs is theirs to keep.
        if clipboard.ownsClipboard():
            clipboard.clear()
        self._show_start_page()
        self.locked.emit()

    def _after_hide(self) -> None:
        self.show()
        self.raise_()
        self.activateWindow()
        self._show_start_page()

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
        self.stack.setCurrentWidget(self.case_list_page)
        self._update_chrome()

    def show_admin(self) -> None:
        """The administration tabs (admins and supervisors see what their role allows)."""
        if self.vault is None:
            return
        from app.ui.admin.admin_page import AdminPage

        if self.admin_page is None:
            self.admin_page = AdminPage(self.vault, self)
            self.admin_page.settings_saved.connect(self._settings_saved)
            self.stack.addWidget(self.admin_page)
        self.stack.setCurrentWidget(self.admin_page)
        self._update_chrome()

    def show_reports(self) -> None:
        """The reports page (everyone's work for admins and supervisors, else one's own)."""
        if self.vault is None:
            return
        from app.ui.reports.reports_page import ReportsPage

        if self.reports_page is None:
            self.reports_page = ReportsPage(self.vault, self)
            self.stack.addWidget(self.reports_page)
        self.stack.setCurrentWidget(self.reports_page)
        self._update_chrome()

    def show_page(self, page: QtWidgets.QWidget) -> None:
        """Make one page current (used by the screening flow)."""
        self.stack.setCurrentWidget(page)
        self._update_chrome()

    def _settings_saved(self) -> None:
        if self.vault is not None:
            self.idle_lock.set_timeout_minutes(idle_minutes(self.vault))

    def _update_user_label(self) -> None:
        if self.vault is None:
            self.user_label.setText("")
            return
        user = self.vault.user
        self.user_label.setText(
            _("{name} ({role})").format(name=user.name, role=Role(user.role).title)
        )

    def _update_chrome(self) -> None:
        open_ = self.vault is not None
        in_flow = self._flow is not None and self.stack.currentWidget() in self._flow.pages()
        self.actions_of[self.cases_button].setVisible(open_ and not in_flow)
        self.actions_of[self.reports_button].setVisible(open_ and not in_flow)
        admin_rights = (Permission.MANAGE_USERS, Permission.CHANGE_SETTINGS, Permission.VIEW_AUDIT)
        may_admin = open_ and any(can(self.vault.user.role, right) for right in admin_rights)
        self.actions_of[self.admin_button].setVisible(may_admin and not in_flow)
        self.actions_of[self.lock_button].setVisible(open_)
        self._update_user_label()
