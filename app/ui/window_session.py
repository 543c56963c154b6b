"""The main window's session: unlocking (or creating) the vault, locking it again, and
what is said around both (a wrong password, problems found at unlock, the idle warning).

A mix-in of MainWindow (app/ui/main_window.py), which holds the pages and the
navigation. Locking forgets every page's case data, closes any dialog and
remembers where the worker was (`app.ui.resume_point`), ids only; the same
worker's unlock goes back there.
"""

from __future__ import annotations

import contextlib
import sys
from typing import Any

from PySide6 import QtCore, QtGui, QtWidgets

from app.domain.errors import WrongPassword
from app.i18n import _, ngettext
from app.ui.operations import (
    error_message,
    isolate_paths,
    run_in_background,
    set_failure_recorder,
)
from app.ui.vault_access import create_vault, idle_minutes, open_vault, record_failure


class WindowSession:
    """Unlock, lock and the idle warning, for MainWindow (which gives every attribute used)."""

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
        set_failure_recorder(lambda error: record_failure(vault, error))
        self.idle_lock.set_timeout_minutes(idle_minutes(vault))
        self.idle_lock.arm()
        self.watch_os_lock()
        self.unlocked.emit()
        from app.ui.resume_point import go_back

        point, self._resume = self._resume, None
        if point is not None and point.user != vault.user.name:
            point = None  # another account: its own case list, nothing of the last one's
        go_back(self, point)
        if vault.unlock_problems:
            self._tell_unlock_problems(vault.unlock_problems)
        run_in_background(
            parent=self,
            work=vault.check_pages,
            on_success=lambda _result: None,
            on_failure=lambda error: self._pages_altered(vault, error),
        )

    def _tell_unlock_problems(self, problems: list[str]) -> None:
        """Say what the vault found wrong while unlocking (it stays open: the data is usable)."""
        box = QtWidgets.QMessageBox(
            QtWidgets.QMessageBox.Icon.Warning,
            _("The vault found a problem"),
            _(
                "The vault found a problem while it was unlocked. Tell an administrator; "
                "the audit trail and `waystation vault verify` show it too."
            ),
            QtWidgets.QMessageBox.StandardButton.Ok,
            self,
        )
        box.setObjectName("unlock_problems")
        box.setInformativeText("\n\n".join(isolate_paths(problem) for problem in problems))
        box.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()  # not modal to the app: the case list stays usable behind it

    def _pages_altered(self, vault: Any, error: BaseException) -> None:
        """The database failed its page check: lock and say so; nothing more is read."""
        if self.vault is not vault:  # locked, or another vault, since the check began
            return
        self.lock()
        self._resume = None  # nothing of this vault is shown again
        self.unlock_page.show_error(error_message(error))

    def lock(self) -> None:
        """Pause any interview, close the vault and show the unlock screen.

        Where the worker was is remembered (ids only) for their next unlock; any
        dialog still open is closed, its work cancelled.
        """
        self.idle_lock.disarm()
        if self.vault is not None:
            from app.ui.resume_point import capture

            self._resume = capture(self)
        if self._notice_bar is not None:
            self._notice_bar.clear()
        if "app.ui.accessibility" in sys.modules:
            sys.modules["app.ui.accessibility"].announcements.clear()
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
        if self._case_page is not None:
            self._case_page.clear()
        vault, self.vault = self.vault, None
        set_failure_recorder(None)
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

    def _settings_saved(self) -> None:
        if self.vault is not None:
            self.idle_lock.set_timeout_minutes(idle_minutes(self.vault))

    # --- idle warning -------------------------------------------------------------------
    def _idle_warning(self, seconds: int) -> None:
        text = ngettext(
            "Nobody has used Waystation for a while: the vault locks in {seconds} second. "
            "Press a key or move the mouse to keep working.",
            "Nobody has used Waystation for a while: the vault locks in {seconds} seconds. "
            "Press a key or move the mouse to keep working.",
            seconds,
        ).format(seconds=seconds)
        # Spoken once, when the warning appears; the countdown then updates silently.
        self.notice_bar.show_notice(text, "warning", speak=self.notice_bar.kind != "warning")

    def _idle_resumed(self) -> None:
        if self._notice_bar is not None and self._notice_bar.kind == "warning":
            self._notice_bar.clear()
