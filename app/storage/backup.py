"""Backups: one file holding the key file, the audit head and an encrypted database copy.

Layout: a magic line, one JSON header line (sizes and SHA-256 of the key file
and the database, the audit head and its SHA-256), then the key file bytes,
then the database bytes. The database part is a SQLCipher file under the
vault's data key and the key file holds only wrapped keys, so the container
needs no encryption of its own; the hashes catch a truncated or damaged copy
(a flipped byte anywhere, the header included) before anything is restored.
Reading streams the database part, so a large vault is never held in memory.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import BinaryIO

from app.domain.atomic_files import write_atomic
from app.domain.errors import NotFound, UsageError, VaultError, WaystationError
from app.i18n import _
from app.storage import audit_head, database, vault_folder
from app.storage.keyfile import KeyFile
from app.storage.keyfile_checks import MAX_KEYFILE_BYTES

MAGIC = b"WAYSTATION-BACKUP\n"
VERSION = 2  # 2 adds audit_head_sha256; version 1 files are still read
MAX_HEADER_BYTES = 64 * 1024
BLOCK = 1 << 20


def _file_digest(path: Path) -> tuple[int, str]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(BLOCK), b""):
            digest.update(block)
            size += len(block)
    return size, digest.hexdigest()


def write_container(out: Path, keyfile: bytes, database: Path, *, audit_head: bytes = b"") -> None:
    """Write the container to `out` via a temporary name in the same folder, fsync, rename."""
    size, digest = _file_digest(database)
    header = {
        "version": VERSION,
        "keyfile_size": len(keyfile),
        "keyfile_sha256": hashlib.sha256(keyfile).hexdigest(),
        "database_size": size,
        "database_sha256": digest,
        "audit_head": audit_head.decode("utf-8"),
        "audit_head_sha256": hashlib.sha256(audit_head).hexdigest(),
    }

    def write(sink: BinaryIO) -> None:
        sink.write(MAGIC)
        sink.write(json.dumps(header, sort_keys=True).encode("ascii") + b"\n")
        sink.write(keyfile)
        with database.open("rb") as source:
            for block in iter(lambda: source.read(BLOCK), b""):
                sink.write(block)

    write_atomic(out, write)


def _header(handle: BinaryIO, damaged: VaultError) -> dict:
    if handle.read(len(MAGIC)) != MAGIC:
        raise damaged
    line = handle.readline(MAX_HEADER_BYTES)
    if not line.endswith(b"\n"):
        raise damaged
    try:
        header = json.loads(line)
    except (ValueError, RecursionError):
        raise damaged from None
    if not isinstance(header, dict) or header.get("version") not in (1, VERSION):
        raise damaged
    sizes = (header.get("keyfile_size"), header.get("database_size"))
    if not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in sizes):
        raise damaged
    if header["keyfile_size"] > MAX_KEYFILE_BYTES:
        raise damaged
    return header


def read_container(path: Path, database_out: Path) -> tuple[bytes, bytes]:
    """(key file, audit head) of a backup; its database part written to `database_out`.

    VaultError naming the backup if any part is damaged (then `database_out`
    may hold a partial copy: the caller deletes it).
    """
    damaged = VaultError(
        _("the backup {path} is not a Waystation backup or is damaged").format(path=path)
    )
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        raise NotFound(_("no backup file at {path}").format(path=path)) from None
    except OSError as error:
        raise VaultError(
            _("cannot read the backup {path}: {reason}").format(path=path, reason=error.strerror)
        ) from None
    with handle:
        header = _header(handle, damaged)
        try:
            keyfile = handle.read(header["keyfile_size"])
            head = str(header.get("audit_head", "")).encode("utf-8")
            if len(keyfile) != header["keyfile_size"]:
                raise ValueError("size")
            if hashlib.sha256(keyfile).hexdigest() != header.get("keyfile_sha256"):
                raise ValueError("keyfile hash")
            if header["version"] >= 2 and (
                hashlib.sha256(head).hexdigest() != header.get("audit_head_sha256")
            ):
                raise ValueError("audit head hash")
            digest, size = hashlib.sha256(), 0
            with database_out.open("xb") as sink:
                for block in iter(lambda: handle.read(BLOCK), b""):
                    digest.update(block)
                    size += len(block)
                    if size > header["database_size"]:
                        raise ValueError("size")
                    sink.write(block)
                sink.flush()
                os.fsync(sink.fileno())
            if size != header["database_size"]:
                raise ValueError("size")
            if digest.hexdigest() != header.get("database_sha256"):
                raise ValueError("database hash")
        except (ValueError, KeyError, TypeError, UnicodeEncodeError):
            raise damaged from None
        except OSError as error:
            raise VaultError(
                _("cannot write {path}: {reason}; nothing was restored").format(
                    path=database_out.parent, reason=error.strerror or error
                )
            ) from None
    return keyfile, head


def backup(vault, out: Path) -> Path:
    """Write one encrypted backup of `vault` to `out` (the caller checked the role).

    The backup is audited before it is written, so every backup file that
    exists shows in the trail (its own copy included); a failed attempt adds
    `vault.backup.failed`. Temporary files sit beside `out` and are removed on
    failure, and by the next backup to the same name after a crash.
    """
    if out.exists() and out.is_dir():
        raise UsageError(_("{path} is a folder; give a file name for the backup").format(path=out))
    if not out.parent.is_dir():
        raise NotFound(_("no folder {path} to write the backup into").format(path=out.parent))
    copy = out.with_name("." + out.name + ".db.tmp")
    for leftover in (copy, *out.parent.glob("." + out.name + ".*.tmp")):
        if leftover.exists():  # left by a backup to this name that was cut short
            with contextlib.suppress(OSError):
                leftover.unlink()
    vault.audit.record("vault.backup")
    db = vault.connection
    try:
        with db.write_lock:  # the key file and the head must describe the copy exactly
            database.export_copy(db, copy, vault.data_key, shown_as=out)
            head = vault.audit.head_bytes(vault.commit_count())
            keyfile = vault.keyfile.to_bytes()
        write_container(out, keyfile, copy, audit_head=head)
    except BaseException as error:
        with contextlib.suppress(WaystationError):
            vault.audit.record("vault.backup.failed")
        if isinstance(error, WaystationError):
            raise VaultError(_("no backup was written: {reason}").format(reason=error)) from None
        raise
    finally:
        with contextlib.suppress(OSError):
            copy.unlink()
    return out


def restore(source: Path, target: Path) -> Path:
    """Unpack a backup into `target` (missing or empty); open it with a password later."""
    occupied = _("{path} is not an empty folder; restore into a new folder")
    if not source.is_file():
        raise NotFound(_("no backup file at {path}").format(path=source))
    with vault_folder.built(target, occupied=occupied) as folder:
        keyfile, head = read_container(source, folder / vault_folder.DB_NAME)
        KeyFile.from_bytes(keyfile, file=source)
        try:
            if head:
                write_atomic(folder / audit_head.HEAD_NAME, audit_head.file_from_record(head))
            write_atomic(folder / vault_folder.KEYFILE_NAME, keyfile)
        except WaystationError as error:
            raise VaultError(_("nothing was restored: {reason}").format(reason=error)) from None
    return target
