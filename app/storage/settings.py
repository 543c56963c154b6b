"""Vault-wide settings, each declared once with its type, default and title.

Values live in the encrypted `settings` table as JSON; only admins change them,
and every change is audited (the key, not the value).
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass

from app.domain.errors import UsageError
from app.domain.roles import Permission, require
from app.i18n import N_, _
from app.storage.database import Connection, transaction

# What a receiving service may do with a packet beyond acting on the referral
# (the packet says so in its language; app/export/packet_terms.py).
SHARE_FURTHER: dict[str, str] = {
    "no": N_("not without the person's consent"),
    "team": N_("within its own team working with the person"),
    "partners": N_("with the services it refers the person on to, for their support"),
}


@dataclass(frozen=True)
class Setting:
    """A declared setting; `title` is marked N_ and translated when shown."""

    key: str
    type: type
    default: object
    title: str
    minimum: int | None = None
    maximum: int | None = None
    # For a text setting with a fixed set of values: value -> title (marked N_).
    choices: dict[str, str] | None = None


SETTINGS: tuple[Setting, ...] = (
    Setting("idle_lock_minutes", int, 5, N_("Lock after this many idle minutes"), 1, 240),
    Setting("break_reminder_minutes", int, 20, N_("Offer a break after this many minutes"), 5, 240),
    Setting("retention_days", int, 90, N_("Delete closed cases after this many days"), 1, 3650),
    Setting("organisation_name", str, "", N_("Organisation name")),
    Setting("organisation_contact", str, "", N_("Organisation contact")),
    Setting("names_enabled", bool, False, N_("Allow recording names on cases")),
    Setting("default_form", str, "", N_("Questionnaire used for new screenings")),
    Setting(
        "referral_followup_days",
        int,
        7,
        N_("Follow up referrals after this many days"),
        1,
        365,
    ),
    Setting(
        "packet_share_further",
        str,
        "no",
        N_("Services receiving a packet may share it"),
        choices=SHARE_FURTHER,
    ),
    Setting(
        "packet_keep_days",
        int,
        90,
        N_("Services receiving a packet delete it within days"),
        1,
        3650,
    ),
    Setting(
        "respondent_view_both_languages",
        bool,
        False,
        N_("Respondent view: show the interviewer's language under each answer too"),
    ),
    # The smallest count shared statistics may show (k-anonymity); app/reports/suppression.py.
    Setting("report_k", int, 11, N_("Smallest count shown in shared statistics (k)"), 5, 1000),
)
_BY_KEY = {setting.key: setting for setting in SETTINGS}


def declared(key: str) -> Setting:
    """The declaration of `key`; UsageError naming the known keys otherwise."""
    try:
        return _BY_KEY[key]
    except KeyError:
        raise UsageError(
            _("unknown setting '{key}'; known settings: {keys}").format(
                key=key, keys=", ".join(_BY_KEY)
            )
        ) from None


def coerce(setting: Setting, value: object) -> object:
    """`value` checked (and converted from text where the CLI passes text) for `setting`."""
    if isinstance(value, str) and setting.type is not str:
        text = value.strip().lower()
        if setting.type is bool and text in ("true", "yes", "on", "1", "false", "no", "off", "0"):
            value = text in ("true", "yes", "on", "1")
        elif setting.type is int:
            with contextlib.suppress(ValueError):
                value = int(text)
    if setting.type is int and (not isinstance(value, int) or isinstance(value, bool)):
        raise UsageError(_("setting {key} needs a whole number").format(key=setting.key))
    if setting.type is bool and not isinstance(value, bool):
        raise UsageError(_("setting {key} needs true or false").format(key=setting.key))
    if setting.type is str and not isinstance(value, str):
        raise UsageError(_("setting {key} needs text").format(key=setting.key))
    if setting.choices is not None and value not in setting.choices:
        raise UsageError(
            _("setting {key} must be one of {choices}").format(
                key=setting.key, choices=", ".join(setting.choices)
            )
        )
    if setting.type is int and (
        (setting.minimum is not None and value < setting.minimum)
        or (setting.maximum is not None and value > setting.maximum)
    ):
        raise UsageError(
            _("setting {key} must be between {low} and {high}").format(
                key=setting.key, low=setting.minimum, high=setting.maximum
            )
        )
    return value


class Settings:
    """`vault.settings`: get and set declared settings."""

    def __init__(self, conn: Connection, vault) -> None:
        self._conn = conn
        self._vault = vault

    def get(self, key: str) -> object:
        setting = declared(key)
        row = self._conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        if row is None:
            return setting.default
        try:
            return coerce(setting, json.loads(row[0]))
        except (ValueError, UsageError):
            return setting.default

    def all(self) -> dict[str, object]:
        return {setting.key: self.get(setting.key) for setting in SETTINGS}

    def set(self, key: str, value: object) -> None:
        """Change a setting (admins only); audited with the key, not the value."""
        require(self._vault.user.role, Permission.CHANGE_SETTINGS)
        setting = declared(key)
        value = coerce(setting, value)
        with transaction(self._conn):
            self._conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value)),
            )
            self._vault.audit.record("settings.change", key)
