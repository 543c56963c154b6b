"""`vault.users`: accounts, their key slots and roles.

Adding a user, changing one's own password or a role changes the key file and
one database row; removing a user, or an administrator resetting a password,
issues a new data key: a re-keyed copy of the database replaces the old file
and the key is resealed to the remaining users' public keys (no passwords
needed). The order of each step is in key_changes.py.
"""

from __future__ import annotations

import unicodedata

from app.domain.account_names import account_name_problem
from app.domain.errors import NotFound, UsageError
from app.domain.models import User
from app.domain.roles import Permission, Role, parse_role, require
from app.i18n import _
from app.storage.database import Connection, now_text, parse_time
from app.storage.key_changes import change_keyfile, rotate_data_key
from app.storage.keyfile import DEFAULT_KDF, KdfParams, KeyFile

MIN_PASSWORD_LENGTH = 8
MAX_NAME_LENGTH = 64


def check_name(name: str) -> str:
    """A valid account name (trimmed); UsageError saying what is wrong otherwise."""
    name = unicodedata.normalize("NFC", (name or "").strip())
    if not name:
        raise UsageError(_("an account name cannot be empty"))
    if len(name) > MAX_NAME_LENGTH:
        raise UsageError(_("an account name has at most {n} characters").format(n=MAX_NAME_LENGTH))
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        raise UsageError(_("an account name cannot contain control characters"))
    problem = account_name_problem(name)
    if problem:
        raise UsageError(problem)
    return name


def check_password(password: str) -> str:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise UsageError(
            _("a password needs at least {n} characters").format(n=MIN_PASSWORD_LENGTH)
        )
    return password


class Users:
    """add, get, list, passwd, set_role, remove."""

    def __init__(self, conn: Connection, vault) -> None:
        self._conn = conn
        self._vault = vault

    def list(self) -> list[User]:
        rows = self._conn.execute("SELECT name, role, created FROM users ORDER BY name")
        return [User(row[0], Role(row[1]), parse_time(row[2])) for row in rows]

    def get(self, name: str) -> User:
        row = self._conn.execute(
            "SELECT name, role, created FROM users WHERE name = ?", (name,)
        ).fetchone()
        if row is None:
            raise NotFound(_("no account named {name}").format(name=name))
        return User(row[0], Role(row[1]), parse_time(row[2]))

    def add(
        self, name: str, role: Role | str, password: str, *, kdf: KdfParams = DEFAULT_KDF
    ) -> User:
        """A new account (admins only); `kdf` is for tests that need cheap slots.

        The key file with the new slot is written first (as keyfile.json.next);
        the account exists from the commit of its row (key_changes.py).
        """
        require(self._vault.user.role, Permission.MANAGE_USERS)
        name = check_name(name)
        role = parse_role(role) if isinstance(role, str) else role
        check_password(password)
        if self._conn.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone():
            raise UsageError(_("an account named {name} already exists").format(name=name))
        created = now_text()
        vault = self._vault

        def make(keyfile: KeyFile) -> KeyFile:
            return keyfile.with_slot(
                name=name,
                role=role.value,
                created=created,
                password=password,
                data_key=vault.data_key,
                kdf=kdf,
            )

        def change() -> None:
            self._conn.execute(
                "INSERT INTO users (name, role, created) VALUES (?, ?, ?)",
                (name, role.value, created),
            )
            vault.audit.record("user.add", name, {"role": role.value})

        change_keyfile(
            vault, make, change, done=_("The account {name} was added").format(name=name)
        )
        return self.get(name)

    def passwd(self, name: str, new_password: str) -> None:
        """Change a password: one's own (same key pair), or any as admin.

        An administrator's reset gives the account a new key pair and the vault a
        new data key, so the old password opens nothing, not even with an older
        copy of the key file. One's own change rewraps the same key pair.
        """
        vault = self._vault
        target = self.get(name)
        check_password(new_password)
        if target.name == vault.user.name:
            change_keyfile(
                vault,
                lambda keyfile: keyfile.rewrapped(
                    name, vault.private_key, new_password, vault.data_key
                ),
                lambda: vault.audit.record("user.passwd", name),
                done=_("The password of {name} was changed").format(name=name),
            )
            return
        require(vault.user.role, Permission.MANAGE_USERS)

        def make(keyfile: KeyFile) -> KeyFile:
            slot = keyfile.slot(name)
            return keyfile.with_slot(
                name=name,
                role=target.role.value,
                created=slot.created if slot else now_text(),
                password=new_password,
                data_key=vault.data_key,
                kdf=slot.kdf if slot else DEFAULT_KDF,
            )

        rotate_data_key(
            vault,
            make,
            lambda copy, audit: audit.record("user.passwd", name, {"reset": True}),
            done=_("The password of {name} was reset").format(name=name),
        )

    def set_role(self, name: str, role: Role | str) -> User:
        """Change an account's role (admins only; the last admin stays admin)."""
        vault = self._vault
        require(vault.user.role, Permission.MANAGE_USERS)
        target = self.get(name)
        role = parse_role(role) if isinstance(role, str) else role
        if target.role is Role.ADMIN and role is not Role.ADMIN:
            self._keep_an_admin(name)

        def make(keyfile: KeyFile) -> KeyFile:
            return keyfile.resealed(vault.data_key, roles={name: role.value})

        def change() -> None:
            self._conn.execute("UPDATE users SET role = ? WHERE name = ?", (role.value, name))
            vault.audit.record("user.role", name, {"role": role.value})

        change_keyfile(
            vault, make, change, done=_("The role of {name} was changed").format(name=name)
        )
        return self.get(name)

    def remove(self, name: str) -> None:
        """Remove an account and re-key the vault so its old key opens nothing.

        Both happen in one step: a copy of the database under a new key, without
        the account, replaces the old file (key_changes.rotate_data_key).
        """
        vault = self._vault
        require(vault.user.role, Permission.MANAGE_USERS)
        target = self.get(name)
        if target.name == vault.user.name:
            raise UsageError(_("you cannot remove your own account"))
        if target.role is Role.ADMIN:
            self._keep_an_admin(name)

        def change(copy, audit) -> None:
            copy.execute("DELETE FROM users WHERE name = ?", (name,))
            audit.record("user.remove", name)

        rotate_data_key(
            vault,
            lambda keyfile: keyfile.without(name),
            change,
            done=_("The account {name} was removed").format(name=name),
        )

    def _keep_an_admin(self, name: str) -> None:
        admins = self._conn.execute(
            "SELECT count(*) FROM users WHERE role = 'admin' AND name != ?", (name,)
        ).fetchone()[0]
        if admins == 0:
            raise UsageError(_("the vault needs at least one administrator"))
