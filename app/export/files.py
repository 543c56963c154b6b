"""Protecting and saving packets: AES-256 passwords and atomic writes.

reportlab's own encryption is not read by every viewer (poppler rejects its
AES output), so the finished PDF is encrypted with pypdf: AES-256, PDF
revision 6. A packet is written through a temporary file in the destination
folder, flushed to disk and renamed over the target, so a failure leaves the
old file as it was and no partial copy anywhere (app.domain.atomic_files).
"""

from __future__ import annotations

import hashlib
import io
import os

from pypdf import PdfReader, PdfWriter

from app.domain.atomic_files import write_atomic
from app.domain.errors import UsageError
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


__all__ = ["encrypt_pdf", "sha256", "write_atomic"]
