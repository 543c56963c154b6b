"""Packet files: AES-256 (R6) passwords, and writes that are all or nothing."""

from __future__ import annotations

import io
import os
import subprocess

import pypdf
import pytest

import app.export.files as files
from app.domain.errors import NotFound, UsageError, WaystationError
from app.export.files import encrypt_pdf, sha256, write_atomic
from app.export.packet import render_packet
from tests.export.pdf_tools import pypdf_text
from tests.export.samples import NOTE_MARK, packet

PASSWORD = "tide-harbour-lantern-42"


@pytest.fixture(scope="module")
def plain() -> bytes:
    return render_packet(packet("en"))


@pytest.fixture(scope="module")
def encrypted(plain) -> bytes:
    return encrypt_pdf(plain, PASSWORD)


def _qpdf_encryption(path, password: str | None) -> subprocess.CompletedProcess:
    args = ["qpdf", "--show-encryption", str(path)]
    if password is not None:
        args.insert(1, f"--password={password}")
    return subprocess.run(args, capture_output=True, text=True)


def test_encrypted_packet_is_aes_256_revision_6(encrypted, tmp_path):
    path = tmp_path / "packet.pdf"
    path.write_bytes(encrypted)
    shown = _qpdf_encryption(path, PASSWORD)
    assert shown.returncode == 0, shown.stderr
    assert "R = 6" in shown.stdout
    assert "Supplied password is user password" in shown.stdout
    assert "file encryption method: AESv3" in shown.stdout  # AESv3 is AES-256
    assert (
        "Incorrect password"
        in _qpdf_encryption(path, "wrong").stderr + _qpdf_encryption(path, "wrong").stdout
    )


def test_encrypted_packet_opens_with_the_password_only(encrypted, tmp_path):
    assert NOTE_MARK.encode() not in encrypted
    reader = pypdf.PdfReader(io.BytesIO(encrypted))
    assert reader.is_encrypted
    assert not reader.decrypt("not the password")
    assert NOTE_MARK in pypdf_text(encrypted, PASSWORD)
    path = tmp_path / "packet.pdf"
    path.write_bytes(encrypted)
    refused = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True)
    assert refused.returncode != 0
    opened = subprocess.run(
        ["pdftotext", "-upw", PASSWORD, str(path), "-"], capture_output=True, text=True
    )
    assert opened.returncode == 0 and NOTE_MARK in " ".join(opened.stdout.split())


def test_empty_password_is_refused(plain):
    with pytest.raises(UsageError):
        encrypt_pdf(plain, "")


def test_atomic_write_replaces_the_file_and_leaves_nothing_else(plain, tmp_path):
    target = tmp_path / "packet.pdf"
    target.write_bytes(b"old packet")
    write_atomic(target, plain)
    assert target.read_bytes() == plain
    assert sorted(os.listdir(tmp_path)) == ["packet.pdf"]
    assert sha256(target.read_bytes()) == sha256(plain)


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_failed_write_keeps_the_old_file_and_no_temporary(plain, tmp_path, monkeypatch, failing):
    target = tmp_path / "packet.pdf"
    target.write_bytes(b"old packet")

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, failing, fail)
    with pytest.raises(WaystationError, match="No space left"):
        write_atomic(target, plain)
    monkeypatch.undo()
    assert target.read_bytes() == b"old packet"
    assert sorted(os.listdir(tmp_path)) == ["packet.pdf"]


def test_missing_folder_is_named(plain, tmp_path):
    with pytest.raises(NotFound, match="nowhere"):
        write_atomic(tmp_path / "nowhere" / "packet.pdf", plain)
    assert list(tmp_path.iterdir()) == []
