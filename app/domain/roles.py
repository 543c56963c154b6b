"""Roles and what each may do; the storage repositories enforce these checks.

admin: accounts, settings, retention and the service directory (and own cases).
supervisor: every case, exports and the audit trail.
screener: own cases only.

Every role may make a referral packet for a case it may see: referring the
person is the screener's job, and the packet holds one case within the
person's consent. EXPORT guards bulk exports, which copy many records out of
the vault at once (the service directory as CSV; any export of many cases).
Administrators may also export the service directory they manage.

Reports hold counts, never case content: administrators and supervisors see
figures over everyone's work (VIEW_ALL_REPORTS) and may export k-anonymised
statistics for sharing (SHARE_STATISTICS); a screener's figures cover their
own cases only.
"""

from __future__ import annotations

from enum import StrEnum

from app.domain.errors import AccessDenied, UsageError
from app.i18n import N_, _


class Role(StrEnum):
    """An account's role; the value is what is stored."""

    ADMIN = "admin"
    SUPERVISOR = "supervisor"
    SCREENER = "screener"

    @property
    def title(self) -> str:
        """The role's name in the current UI language."""
        return _(_ROLE_TITLES[self])


_ROLE_TITLES = {
    Role.ADMIN: N_("administrator"),
    Role.SUPERVISOR: N_("supervisor"),
    Role.SCREENER: N_("screener"),
}


class Permission(StrEnum):
    """Something a role may be allowed to do."""

    MANAGE_USERS = "manage_users"
    CHANGE_SETTINGS = "change_settings"
    PURGE = "purge"
    MANAGE_SERVICES = "manage_services"
    VIEW_ALL_CASES = "view_all_cases"
    EXPORT = "export"
    VIEW_AUDIT = "view_audit"
    BACKUP = "backup"
    VIEW_ALL_REPORTS = "view_all_reports"
    SHARE_STATISTICS = "share_statistics"


_GRANTS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(
        {
            Permission.MANAGE_USERS,
            Permission.CHANGE_SETTINGS,
            Permission.PURGE,
            Permission.MANAGE_SERVICES,
            Permission.VIEW_AUDIT,
            Permission.BACKUP,
            Permission.VIEW_ALL_REPORTS,
            Permission.SHARE_STATISTICS,
        }
    ),
    Role.SUPERVISOR: frozenset(
        {
            Permission.VIEW_ALL_CASES,
            Permission.EXPORT,
            Permission.VIEW_AUDIT,
            Permission.BACKUP,
            Permission.VIEW_ALL_REPORTS,
            Permission.SHARE_STATISTICS,
        }
    ),
    Role.SCREENER: frozenset(),
}

_PERMISSION_TITLES = {
    Permission.MANAGE_USERS: N_("manage accounts"),
    Permission.CHANGE_SETTINGS: N_("change settings"),
    Permission.PURGE: N_("purge expired cases"),
    Permission.MANAGE_SERVICES: N_("edit the service directory"),
    Permission.VIEW_ALL_CASES: N_("see every case"),
    Permission.EXPORT: N_("export data"),
    Permission.VIEW_AUDIT: N_("read the audit trail"),
    Permission.BACKUP: N_("back up the vault"),
    Permission.VIEW_ALL_REPORTS: N_("see figures over everyone's work"),
    Permission.SHARE_STATISTICS: N_("export statistics for sharing"),
}


def parse_role(text: str) -> Role:
    """The role named `text`; UsageError naming the valid roles otherwise."""
    try:
        return Role(text.strip().lower())
    except ValueError:
        raise UsageError(
            _("unknown role '{role}': use one of {roles}").format(
                role=text, roles=", ".join(r.value for r in Role)
            )
        ) from None


def can(role: Role | str, permission: Permission) -> bool:
    """Whether `role` holds `permission`."""
    return permission in _GRANTS[Role(role)]


def require(role: Role | str, permission: Permission) -> None:
    """Raise AccessDenied unless `role` holds `permission`."""
    if not can(role, permission):
        raise AccessDenied(
            _("a {role} account may not {action}").format(
                role=Role(role).title, action=_(_PERMISSION_TITLES[permission])
            )
        )
