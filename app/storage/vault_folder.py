"""The vault folder: what makes a folder a vault, and building a new one all at once.

A new vault (`create`, `restore`) is built in a private folder beside the
target, named `.<target>.incomplete-<random>`, fsynced, and renamed into place
only when it is complete. A crash or a full disk therefore never leaves a
half-made vault that blocks the next attempt: the next `create` or `restore`
for the same target deletes such leftovers first.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path

from app.domain.atomic_files import fsync_folder
from app.domain.errors import UsageError, VaultError
from app.i18n import _

DB_NAME = "waystation.db"
KEYFILE_NAME = "keyfile.json"
INCOMPLETE = ".incomplete-"
# Our own temporary files (app.domain.atomic_files names them ".<name>.<random>.tmp").
OWN_FILES = (
    KEYFILE_NAME,
    KEYFILE_NAME + ".next",
    "audit-head.json",
    "audit-head.json.next",
    "unlock-failures.json",
)


def is_vault(folder: Path) -> bool:
    """True when `folder` holds a key file and a database."""
    return (folder / KEYFILE_NAME).is_file() and (folder / DB_NAME).is_file()


def missing_or_empty(folder: Path) -> bool:
    """True when `folder` can become a new vault: missing, or an empty folder."""
    try:
        return not folder.exists() or (folder.is_dir() and not any(folder.iterdir()))
    except OSError as error:
        raise VaultError(
            _("cannot look into the folder {path}: {reason}").format(
                path=folder, reason=error.strerror or error
            )
        ) from None


def secure(folder: Path) -> None:
    """The folder 0700 and every file in it 0600."""
    os.chmod(folder, 0o700)
    for path in folder.iterdir():
        if path.is_file():
            os.chmod(path, 0o600)


def remove_temporaries(folder: Path) -> None:
    """Delete temporary files an interrupted write of ours left in the vault folder."""
    prefixes = tuple("." + name + "." for name in OWN_FILES)
    with os.scandir(folder) as entries:
        leftovers = [
            entry.path
            for entry in entries
            if entry.name.startswith(prefixes) and entry.name.endswith(".tmp")
        ]
    for leftover in leftovers:
        with contextlib.suppress(OSError):
            os.unlink(leftover)


def _cannot_create(folder: Path, error: OSError) -> VaultError:
    return VaultError(
        _("cannot create the folder {path}: {reason}; choose a folder you can write to").format(
            path=folder, reason=error.strerror or error
        )
    )


def _remove_leftovers(target: Path) -> None:
    for leftover in target.parent.glob("." + target.name + INCOMPLETE + "*"):
        shutil.rmtree(leftover, ignore_errors=True)


@contextlib.contextmanager
def built(target: Path, *, occupied: str) -> Iterator[Path]:
    """A private folder to build a vault in; renamed to `target` when the block succeeds.

    `target` must be missing or empty (else UsageError with `occupied`). The
    folder is deleted if the block raises, and by the next call for the same
    target if the process dies first.
    """
    if not missing_or_empty(target):
        raise UsageError(occupied.format(path=target))
    try:
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise _cannot_create(target.parent, error) from None
    _remove_leftovers(target)
    temporary = target.parent / ("." + target.name + INCOMPLETE + secrets.token_hex(4))
    try:
        temporary.mkdir(mode=0o700)
    except OSError as error:
        raise _cannot_create(target, error) from None
    try:
        yield temporary
        secure(temporary)
        fsync_folder(temporary)
        if target.exists():
            target.rmdir()  # empty (checked above); a rename cannot replace a folder everywhere
        os.rename(temporary, target)
        fsync_folder(target.parent)
    except BaseException as error:
        shutil.rmtree(temporary, ignore_errors=True)
        if isinstance(error, OSError):
            raise _cannot_create(target, error) from None
        raise
