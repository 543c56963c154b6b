"""One vault, one program: an OS lock held for as long as a vault is open.

Two programs on one vault would break each other: a `user remove` in a terminal
replaces the database under a new key while the desktop still writes to the
old one. So `Vault.open` and `Vault.create` take an exclusive, non-blocking OS
lock on `vault.lock` in the vault folder (flock on Linux and macOS, msvcrt on
Windows) and release it on close. The OS drops the lock when the process ends,
however it ends, so a crash never leaves a vault locked. Another program gets
a message saying the vault is open elsewhere.

Within one program the lock is shared: tests open one vault as two accounts
at once. Such openings share one write lock, and a change that replaces the
database under a new key is refused while the vault is open more than once.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from pathlib import Path

from app.domain.errors import VaultError
from app.i18n import _

LOCK_NAME = "vault.lock"


class VaultInUse(VaultError):
    """The vault is open in another Waystation window or program."""


def _lock(descriptor: int) -> bool:
    """Take the lock without waiting; False when someone else holds it."""
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(descriptor: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        with contextlib.suppress(OSError):
            os.lseek(descriptor, 0, os.SEEK_SET)
            msvcrt.locking(descriptor, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    with contextlib.suppress(OSError):
        fcntl.flock(descriptor, fcntl.LOCK_UN)


class _Held:
    """The OS lock on one vault folder, shared by this process's openings of it."""

    def __init__(self, descriptor: int) -> None:
        self.descriptor = descriptor
        self.count = 1
        self.write_lock = threading.RLock()


_held: dict[str, _Held] = {}
_registry = threading.Lock()


def _open_lock_file(folder: Path) -> int:
    path = folder / LOCK_NAME
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)
    try:
        return os.open(path, flags, 0o600)
    except OSError:
        try:  # a read-only folder: the lock file may still exist to be locked
            return os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        except OSError as error:
            raise VaultError(
                _("cannot lock the vault {path}: {reason}").format(
                    path=folder, reason=error.strerror or error
                )
            ) from None


class VaultLock:
    """One opening's hold on the vault lock; `release()` once (closing does)."""

    def __init__(self, key: str, held: _Held) -> None:
        self._key = key
        self._held: _Held | None = held

    @classmethod
    def acquire(cls, folder: Path) -> VaultLock:
        """Lock the vault in `folder`; VaultInUse if another program has it open."""
        key = os.path.realpath(folder)
        with _registry:
            held = _held.get(key)
            if held is not None:
                held.count += 1
                return cls(key, held)
            descriptor = _open_lock_file(folder)
            if not _lock(descriptor):
                os.close(descriptor)
                raise VaultInUse(
                    _(
                        "the vault {path} is open in another Waystation window or program; "
                        "lock it or close it there, then try again"
                    ).format(path=folder)
                )
            held = _held[key] = _Held(descriptor)
            return cls(key, held)

    def release(self) -> None:
        """Give this opening's hold up; the OS lock goes with the last one."""
        with _registry:
            held, self._held = self._held, None
            if held is None:
                return
            held.count -= 1
            if held.count > 0:
                return
            _held.pop(self._key, None)
            _unlock(held.descriptor)
            with contextlib.suppress(OSError):
                os.close(held.descriptor)

    @property
    def held(self) -> bool:
        return self._held is not None

    @property
    def write_lock(self) -> threading.RLock:
        """The write lock every opening of this vault in this program shares."""
        if self._held is None:
            return threading.RLock()
        return self._held.write_lock

    def require_sole(self) -> None:
        """VaultInUse if this program has the vault open more than once."""
        if self._held is not None and self._held.count > 1:
            raise VaultInUse(
                _(
                    "the vault is open more than once in this program; close the other "
                    "opening first. Nothing was changed"
                )
            )
