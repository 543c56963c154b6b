"""The administration tabs; each tab appears when the user's role allows it (core rule)."""

from __future__ import annotations

from typing import Any

from PySide6 import QtCore, QtWidgets

from app.domain.roles import Permission, can
from app.i18n import _
from app.ui.admin.audit_page import AuditPage
from app.ui.admin.services_page import ServicesPage
from app.ui.admin.settings_page import SettingsPage
from app.ui.admin.sync_page import SyncPage
from app.ui.admin.users_page import UsersPage
from app.ui.language import Retranslating


class AdminPage(Retranslating):
    """Tabs: users (admins), settings (admins), audit trail (admins and supervisors)."""

    settings_saved = QtCore.Signal()

    def __init__(self, vault: Any, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("adminPage")
        self.tabs = QtWidgets.QTabWidget()
        self.tabs.setObjectName("adminTabs")
        role = vault.user.role
        self.users_page = UsersPage(vault) if can(role, Permission.MANAGE_USERS) else None
        self.settings_page = SettingsPage(vault) if can(role, Permission.CHANGE_SETTINGS) else None
        self.audit_page = AuditPage(vault) if can(role, Permission.VIEW_AUDIT) else None
        self.services_page = ServicesPage(vault)  # everyone reads; admins edit
        self.sync_page = SyncPage(vault)  # everyone sends; admins connect
        if self.settings_page is not None:
            self.settings_page.saved.connect(self.settings_saved)
        pages = (
            self.users_page,
            self.settings_page,
            self.services_page,
            self.sync_page,
            self.audit_page,
        )
        for page in pages:
            if page is not None:
                self.tabs.addTab(page, "")
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 12)
        layout.addWidget(self.tabs)
        self.retranslate()

    def retranslate(self) -> None:
        titles = {
            self.users_page: _("Accounts"),
            self.settings_page: _("Settings"),
            self.audit_page: _("Audit trail"),
            self.services_page: _("Services"),
            self.sync_page: _("Server"),
        }
        for index in range(self.tabs.count()):
            self.tabs.setTabText(index, titles.get(self.tabs.widget(index), ""))
        self.tabs.setAccessibleName(_("Administration"))

    def show_tab(self, name: str) -> None:
        """Open the tab "users", "settings", "sync" or "audit"."""
        page = {
            "users": self.users_page,
            "settings": self.settings_page,
            "sync": self.sync_page,
            "audit": self.audit_page,
        }[name]
        if page is not None:
            self.tabs.setCurrentWidget(page)
