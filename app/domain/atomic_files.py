"""Writing a file all at once or not at all: temporary name, fsync, rename, fsync folder.

The one implementation used by the vault (key file, audit head, backups,
restore) and by exports (packets, service lists). Plain Python, so both
app/storage and app/export can import it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from app.domain.errors import NotFound, UsageError, WaystationError
from app.i18n import _

Writer = Callable[[BinaryIO], None]


def write_atomic(path: Path | str, data: bytes | Writer, mode: int = 0o600) -> None:
    """Write `data` (bytes, or a function writing to a binary stream) to `path`.

    The temporary file sits beside the target (a rename within one folder is
    atomic) and is readable by the owner only until it gets `mode`; it is
    removed on any failure, leaving an existing target as it was. The file and
    then the folder are fsynced, so the new content survives a power cut.
    A failure is a WaystationError naming the path and the reason.
    """
    target = Path(path)
    folder = target.parent
    if not folder.is_dir():
        raise NotFound(_("folder not found: {path}").format(path=folder))
    if target.is_dir():
        raise UsageError(_("{path} is a folder, not a file name").format(path=target))
    try:
        handle, temporary = tempfile.mkstemp(
            dir=folder, prefix="." + target.name + ".", suffix=".tmp"
        )
    except OSError as error:
        raise _cannot_write(folder, error) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            if callable(data):
                data(stream)
            else:
                stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if mode != 0o600:
            os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise _cannot_write(target, error) from None
        raise
    fsync_folder(folder)


def fsync_folder(folder: Path | str) -> None:
    """Make a rename in `folder` durable (a no-op where folders cannot be opened)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _cannot_write(path: Path, error: OSError) -> WaystationError:
    return WaystationError(
        _("cannot write {path}: {reason}").format(path=path, reason=error.strerror or error)
    )
