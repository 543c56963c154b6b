"""The one atomic write used by the key file, backups, restore and exports."""

from __future__ import annotations

import os
import stat

import pytest

from app.domain import atomic_files
from app.domain.atomic_files import write_atomic
from app.domain.errors import NotFound, WaystationError
from app.storage.keyfile import KeyFile


def test_bytes_or_a_writer_replace_the_target_with_its_mode(tmp_path):
    target = tmp_path / "file"
    target.write_bytes(b"old")
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    write_atomic(target, lambda stream: stream.write(b"streamed"), mode=0o644)
    assert target.read_bytes() == b"streamed"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert os.listdir(tmp_path) == ["file"]


def test_a_failing_writer_keeps_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "file"
    target.write_bytes(b"old")

    def half_then_fail(stream):
        stream.write(b"half")
        raise OSError(28, "No space left on device")

    with pytest.raises(WaystationError, match=r"cannot write .*file: No space left"):
        write_atomic(target, half_then_fail)
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["file"]


def test_missing_folder_is_named(tmp_path):
    with pytest.raises(NotFound, match="nowhere"):
        write_atomic(tmp_path / "nowhere" / "file", b"x")


def test_key_file_save_failure_is_a_message_not_an_oserror(vault_dir, monkeypatch):
    keyfile = KeyFile.load(vault_dir / "keyfile.json")
    before = (vault_dir / "keyfile.json").read_bytes()

    def fail(*args, **kwargs):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(atomic_files.os, "replace", fail)
    with pytest.raises(WaystationError, match=r"keyfile\.json: Input/output error"):
        keyfile.save(vault_dir / "keyfile.json")
    monkeypatch.undo()
    assert (vault_dir / "keyfile.json").read_bytes() == before
    assert not [name for name in os.listdir(vault_dir) if name.endswith(".tmp")]
