"""The few calls the UI makes to open, create and read settings of a vault.

Kept in one place so the pages never reach into storage internals; each call
is plain and may run in a worker thread (the vault keeps one database
connection per thread).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.domain.errors import WaystationError
from app.resources import default_vault_dir


def default_vault_path() -> Path:
    """The vault folder in the user's data folder, unless `--vault` names another."""
    return default_vault_dir()


def vault_exists(path: Path) -> bool:
    """True when `path` holds a vault (so the unlock screen, not first run, is shown).

    Looks at the folder only: the storage code is not loaded before the unlock screen.
    """
    return path.is_dir() and any(path.iterdir())


def create_vault(path: Path, admin_name: str, password: str) -> Any:
    """Create a vault with its first admin and return it open (slow: key derivation)."""
    from app.storage.vault import Vault

    return Vault.create(path, admin_name, password)


def open_vault(path: Path, user_name: str, password: str) -> Any:
    """Open the vault as `user_name` (slow: key derivation); WrongPassword when it does not fit.

    The full page check runs after the window shows the cases (`check_pages`), so a
    large vault unlocks as fast as a small one.
    """
    from app.storage.vault import Vault

    return Vault.open(path, user_name, password, check_pages=False)


def record_failure(vault: Any, error: BaseException) -> None:
    """Record an unexpected error in the vault's audit trail: its type only, no text."""
    if vault is not None and vault.is_open:
        vault.audit.record("app.error", None, {"error": type(error).__name__})


def setting(vault: Any, key: str, default: object) -> object:
    """A vault setting, or `default` when it cannot be read."""
    try:
        return vault.settings.get(key)
    except (WaystationError, KeyError):
        return default


def idle_minutes(vault: Any) -> float:
    """The idle-lock time set by the admin (default 5 minutes)."""
    value = setting(vault, "idle_lock_minutes", 5)
    return float(value) if isinstance(value, int | float) else 5.0


def break_minutes(vault: Any) -> float:
    """Minutes of interview after which a break is offered (default 20)."""
    value = setting(vault, "break_reminder_minutes", 20)
    return float(value) if isinstance(value, int | float) else 20.0
