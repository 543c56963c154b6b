"""Helpers for storage tests: read what is really on disk.

Scanning encrypted files for a marker proves nothing if the scan could never
find it, so `plaintext_pages` decrypts every SQLCipher page (main file and WAL)
with the data key: a purged marker must be gone from the decrypted pages too.
"""

from __future__ import annotations

import struct
from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PAGE = 4096
RESERVE = 80  # SQLCipher 4: 16-byte IV + 64-byte HMAC-SHA512 per page
SALT = 16


def _decrypt_page(page: bytes, number: int, key: bytes) -> bytes:
    start = SALT if number == 1 else 0
    iv = page[PAGE - RESERVE : PAGE - RESERVE + 16]
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return decryptor.update(page[start : PAGE - RESERVE]) + decryptor.finalize()


def decrypt_database(folder: Path, key: bytes) -> bytes:
    """The plaintext of every page in waystation.db and its WAL, concatenated."""
    out = []
    db = (folder / "waystation.db").read_bytes()
    for index in range(len(db) // PAGE):
        out.append(_decrypt_page(db[index * PAGE : (index + 1) * PAGE], index + 1, key))
    wal_path = folder / "waystation.db-wal"
    if wal_path.exists():
        wal = wal_path.read_bytes()
        offset = 32
        while offset + 24 + PAGE <= len(wal):
            number = struct.unpack(">I", wal[offset : offset + 4])[0]
            out.append(_decrypt_page(wal[offset + 24 : offset + 24 + PAGE], number, key))
            offset += 24 + PAGE
    return b"".join(out)


def all_file_bytes(folder: Path) -> dict[str, bytes]:
    """Every file of a folder tree by relative name."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def old_key_opens(folder: Path, old_keyfile: bytes, name: str, password: str) -> bool:
    """Does the data key `name` unseals from an older copy of the key file open the database?

    Tried with SQLCipher directly, as someone holding that copy would, not through the app.
    """
    from app.domain.errors import VaultError
    from app.storage import database
    from app.storage.keyfile import KeyFile

    keyfile = KeyFile.from_bytes(old_keyfile, file=folder / "old-keyfile.json")
    data_key, _private, _slot = keyfile.unlock(name, password, file=folder / "old-keyfile.json")
    try:
        database.connect(folder / "waystation.db", data_key, check=False).close()
    except VaultError:
        return False
    return True


def encodings(marker: str) -> list[bytes]:
    return [marker.encode(e) for e in ("utf-8", "utf-16-le", "utf-16-be")]


ROOT = Path(__file__).resolve().parents[2]  # the project root, for child processes
