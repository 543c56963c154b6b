"""The backup container: one file holding the key file and an encrypted database copy.

Layout: a magic line, one JSON header line (sizes and SHA-256 of both parts),
then the key file bytes, then the database bytes. The database part is a
SQLCipher file under the vault's data key and the key file holds only wrapped
keys, so the container needs no encryption of its own; the hashes catch a
truncated or damaged copy before anything is restored.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import BinaryIO

from app.domain.atomic_files import write_atomic
from app.domain.errors import NotFound, VaultError
from app.i18n import _

MAGIC = b"WAYSTATION-BACKUP\n"
VERSION = 1


def write_container(out: Path, keyfile: bytes, database: Path, *, audit_head: bytes = b"") -> None:
    """Write the container to `out` via a temporary name in the same folder, fsync, rename."""
    digest = hashlib.sha256()
    size = 0
    with database.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
            size += len(block)
    header = {
        "version": VERSION,
        "keyfile_size": len(keyfile),
        "keyfile_sha256": hashlib.sha256(keyfile).hexdigest(),
        "database_size": size,
        "database_sha256": digest.hexdigest(),
        # Small and authenticated by its own MAC; absent in backups made before it existed.
        "audit_head": audit_head.decode("utf-8"),
    }

    def write(sink: BinaryIO) -> None:
        sink.write(MAGIC)
        sink.write(json.dumps(header, sort_keys=True).encode("ascii") + b"\n")
        sink.write(keyfile)
        with database.open("rb") as source:
            for block in iter(lambda: source.read(1 << 20), b""):
                sink.write(block)

    write_atomic(out, write)


def read_container(path: Path) -> tuple[bytes, bytes, bytes]:
    """(key file, database, audit head) bytes from a backup; VaultError naming it if damaged."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise NotFound(_("no backup file at {path}").format(path=path)) from None
    except OSError as error:
        raise VaultError(
            _("cannot read the backup {path}: {reason}").format(path=path, reason=error.strerror)
        ) from None
    damaged = VaultError(
        _("the backup {path} is not a Waystation backup or is damaged").format(path=path)
    )
    if not data.startswith(MAGIC):
        raise damaged
    try:
        end = data.index(b"\n", len(MAGIC))
        header = json.loads(data[len(MAGIC) : end])
        if header["version"] != VERSION:
            raise ValueError("version")
        start = end + 1
        keyfile = data[start : start + int(header["keyfile_size"])]
        database = data[start + len(keyfile) :]
        if len(keyfile) != header["keyfile_size"] or len(database) != header["database_size"]:
            raise ValueError("size")
        if hashlib.sha256(keyfile).hexdigest() != header["keyfile_sha256"]:
            raise ValueError("keyfile hash")
        if hashlib.sha256(database).hexdigest() != header["database_sha256"]:
            raise ValueError("database hash")
        head = str(header.get("audit_head", "")).encode("utf-8")
    except (ValueError, KeyError, TypeError):
        raise damaged from None
    return keyfile, database, head
