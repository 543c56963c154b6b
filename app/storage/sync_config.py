"""`vault.sync_config`: the ODK Central connection and the organisation's sending policy.

Kept in the encrypted vault like everything else: the App User link (a
credential: whoever holds it may submit to the project), the laptop's
pseudonymous id and the key of the interviewers' pseudonyms, the policy, and
the server's forms as last seen. Only administrators change them; each change
is audited with its name, never its value.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass

from app.domain.errors import UsageError
from app.domain.roles import Permission, require
from app.domain.sync_records import SendPolicy
from app.i18n import _
from app.storage.cases import REFERENCE_ALPHABET
from app.storage.database import Connection, now_text, parse_time, transaction


@dataclass(frozen=True)
class ServerForm:
    """A form as the server offered it: id, version and public key (None: not encrypted)."""

    form_id: str
    version: str
    public_key: str | None


class SyncConfig:
    """link, policy, auto_send, allow_unencrypted, laptop_id, pseudonym_key, server_forms."""

    def __init__(self, conn: Connection, vault) -> None:
        self._conn = conn
        self._vault = vault

    def _get(self, key: str, default: object = None) -> object:
        row = self._conn.execute("SELECT value FROM sync_config WHERE key = ?", (key,)).fetchone()
        return default if row is None else json.loads(row[0])

    def _put(self, key: str, value: object) -> None:
        self._conn.execute(
            "INSERT INTO sync_config (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, json.dumps(value)),
        )

    # -- reading ------------------------------------------------------------------

    @property
    def link(self) -> str | None:
        """The App User link, or None before an administrator connected the laptop."""
        value = self._get("link")
        return str(value) if value else None

    @property
    def policy(self) -> SendPolicy:
        return SendPolicy(self._get("policy", SendPolicy.OUTCOME.value))

    @property
    def auto_send(self) -> bool:
        return bool(self._get("auto_send", False))

    @property
    def allow_unencrypted(self) -> bool:
        return bool(self._get("allow_unencrypted", False))

    @property
    def connected_at(self):
        return parse_time(self._get("connected_at"))

    def laptop_id(self) -> str:
        """This vault's pseudonymous laptop id (made on first use), e.g. `L-7K3M9Q2A`."""
        value = self._get("laptop_id")
        if not value:
            value = "L-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
            with transaction(self._conn):
                self._put("laptop_id", value)
        return str(value)

    def pseudonym_key(self) -> bytes:
        """The key of the interviewers' pseudonyms on this laptop (made on first use)."""
        value = self._get("pseudonym_key")
        if not value:
            value = secrets.token_hex(32)
            with transaction(self._conn):
                self._put("pseudonym_key", value)
        return bytes.fromhex(str(value))

    def server_forms(self) -> dict[str, ServerForm]:
        """The forms the server offered at the last connect or push, by form id."""
        return {
            row[0]: ServerForm(row[0], row[1], row[2])
            for row in self._conn.execute(
                "SELECT form_id, version, public_key FROM sync_server_forms"
            )
        }

    # -- changing (administrators) ------------------------------------------------

    def connect(self, link: str, forms: list[ServerForm]) -> None:
        """Keep a checked App User link and the forms it offers; audited without the link."""
        require(self._vault.user.role, Permission.CHANGE_SETTINGS)
        now = now_text()
        with transaction(self._conn):
            self._put("link", link)
            self._put("connected_at", now)
            self._store_forms(forms, now)
            self._vault.audit.record("odk.connect", None, {"forms": len(forms)})

    def disconnect(self) -> None:
        """Forget the link and the server's forms (administrators); audited."""
        require(self._vault.user.role, Permission.CHANGE_SETTINGS)
        with transaction(self._conn):
            self._conn.execute("DELETE FROM sync_config WHERE key IN ('link', 'connected_at')")
            self._conn.execute("DELETE FROM sync_server_forms")
            self._vault.audit.record("odk.disconnect")

    def remember_forms(self, forms: list[ServerForm]) -> None:
        """The forms the server offers now (after a push looked)."""
        with transaction(self._conn):
            self._store_forms(forms, now_text())

    def _store_forms(self, forms: list[ServerForm], now: str) -> None:
        self._conn.execute("DELETE FROM sync_server_forms")
        for form in forms:
            self._conn.execute(
                "INSERT INTO sync_server_forms (form_id, version, public_key, fetched_at) "
                "VALUES (?, ?, ?, ?)",
                (form.form_id, form.version, form.public_key, now),
            )

    def set_policy(
        self,
        *,
        policy: SendPolicy | str | None = None,
        auto_send: bool | None = None,
        allow_unencrypted: bool | None = None,
    ) -> None:
        """Change what is sent and when (administrators); audited with the new values."""
        require(self._vault.user.role, Permission.CHANGE_SETTINGS)
        changes: dict[str, object] = {}
        if policy is not None:
            try:
                changes["policy"] = SendPolicy(policy).value
            except ValueError:
                raise UsageError(
                    _("unknown sending policy '{policy}'; use one of: {known}").format(
                        policy=policy, known=", ".join(p.value for p in SendPolicy)
                    )
                ) from None
        if auto_send is not None:
            changes["auto_send"] = bool(auto_send)
        if allow_unencrypted is not None:
            changes["allow_unencrypted"] = bool(allow_unencrypted)
        if not changes:
            return
        with transaction(self._conn):
            for key, value in changes.items():
                self._put(key, value)
            self._vault.audit.record("odk.policy", None, changes)
