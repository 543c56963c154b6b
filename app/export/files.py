"""Protecting and saving packets: AES-256 passwords and atomic writes.

reportlab's own encryption is not read by every viewer (poppler rejects its
AES output), so the finished PDF is encrypted with pypdf: AES-256, PDF
revision 6. A packet is written through a temporary file in the destination
folder, flushed to disk and renamed over the target, so a failure leaves the
old file as it was and no partial copy anywhere.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import tempfile
from pathlib import Path

from pypdf import PdfReader, PdfWriter

from app.domain.errors import NotFound, UsageError, WaystationError
from app.i18n import _


def encrypt_pdf(data: bytes, password: str) -> bytes:
    """`data` (a PDF) encrypted with AES-256 (revision 6); opening needs `password`."""
    if not password:
        raise UsageError(_("the packet password is empty"))
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    # The owner password is random: nobody can lift the restrictions without
    # the user password, which opens the file for reading and printing.
    writer.encrypt(
        user_password=password,
        owner_password=os.urandom(24).hex(),
        algorithm="AES-256",
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def sha256(data: bytes) -> str:
    """Hex SHA-256 of the bytes as written, recorded with the referral."""
    return hashlib.sha256(data).hexdigest()


def write_atomic(path: Path | str, data: bytes) -> None:
    """Write `data` to `path` all at once, or not at all.

    The temporary file sits beside the target (a rename within one folder is
    atomic), readable by the user only, and is removed on any failure.
    """
    target = Path(path)
    folder = target.parent
    if not folder.is_dir():
        raise NotFound(_("folder not found: {path}").format(path=folder))
    if target.is_dir():
        raise UsageError(_("{path} is a folder, not a file name").format(path=target))
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".waystation-", suffix=".part")
    except OSError as error:
        raise WaystationError(
            _("cannot write in {path}: {reason}").format(path=folder, reason=error.strerror)
        ) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise WaystationError(
                _("cannot write {path}: {reason}").format(path=target, reason=error.strerror)
            ) from None
        raise
    _sync_folder(folder)


def _sync_folder(folder: Path) -> None:
    # Makes the rename itself durable; not possible on every platform.
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
