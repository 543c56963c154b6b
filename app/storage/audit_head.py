"""The audit head: the last audit entry and the commit count, kept outside the database.

The MAC chain finds an entry edited or removed in the middle, but not entries
cut off the end: the shorter chain is still a valid chain. And a damaged or
deleted WAL loses committed transactions without any error from SQLite. So
after every commit the vault writes `audit-head.json` beside the database: the
number of transactions committed so far (vault_state.commits in the database
counts them too), and the id and MAC of the last audit entry, HMAC'd with a
key derived from the data key. At unlock and in `verify`:

- a head counting more commits than the database means committed changes were
  lost (the WAL deleted or damaged, or an older database put back);
- a head older than the last head the database knows was written durably
  (vault_state.head_synced) is an older copy put back;
- a head naming an audit entry the database does not hold (or holds with
  another MAC) means entries were cut off the end.

The file has four 512-byte slots, each one JSON record padded with spaces.
After a commit that added audit entries (and on close) the record goes to one
of the two "synced" slots, alternately, and is fsynced; after other commits
(answers) to one of the two other slots, without fsync, which keeps an answer
save as fast as before. A write torn by a power cut can only damage the slot
being written, never the last synced record, so the head may lag after a
crash (accepted), but is never ahead of the database. See docs/vault.md.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from app.domain.atomic_files import write_atomic
from app.i18n import _
from app.storage.database import Database
from app.storage.keyfile import subkey

HEAD_NAME = "audit-head.json"
FORMAT = "waystation-audit-head"
VERSION = 2
SLOT = 512
SLOTS = 4  # 0 and 1: synced records; 2 and 3: records written without fsync
FILE_SIZE = SLOT * SLOTS
MAX_READ = 64 * 1024


@dataclass(frozen=True)
class Head:
    """The last audit entry (id 0 for none) and, from version 2, the commit count."""

    last_id: int
    last_mac: str
    commits: int | None = None  # None in a head written before commits were counted


def current(conn: Database, commits: int | None = None) -> Head:
    """The head of the chain as the database holds it now."""
    row = conn.execute("SELECT id, mac FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    return Head(int(row[0]), str(row[1]), commits) if row else Head(0, "", commits)


def _body(head: Head) -> dict:
    body: dict = {"format": FORMAT, "last_id": head.last_id, "last_mac": head.last_mac}
    if head.commits is not None:
        body["version"] = VERSION
        body["commits"] = head.commits
    return body


def _head_key(data_key: bytes) -> bytes:
    return subkey(data_key, "audit-head")


def _mac_with(head_key: bytes, head: Head) -> str:
    content = json.dumps(_body(head), sort_keys=True, separators=(",", ":")).encode("utf-8")
    return hmac.new(head_key, content, hashlib.sha256).hexdigest()


def _mac(data_key: bytes, head: Head) -> str:
    return _mac_with(_head_key(data_key), head)


_PLAIN = re.compile(r"[0-9a-z:]{0,80}")


def _record(head: Head, head_key: bytes) -> bytes:
    if head.commits is not None and _PLAIN.fullmatch(head.last_mac):
        # After every commit: the same JSON as below, without json's cost.
        body = (
            f'{{"commits":{head.commits:d},"format":"{FORMAT}","last_id":{head.last_id:d},'
            f'"last_mac":"{head.last_mac}","version":{VERSION}}}'
        ).encode("ascii")
        mac = hmac.new(head_key, body, hashlib.sha256).hexdigest()
        return (
            f'{{"commits": {head.commits:d}, "format": "{FORMAT}", "last_id": {head.last_id:d}, '
            f'"last_mac": "{head.last_mac}", "mac": "{mac}", "version": {VERSION}}}\n'
        ).encode("ascii")
    data = {**_body(head), "mac": _mac_with(head_key, head)}
    return (json.dumps(data, sort_keys=True) + "\n").encode("utf-8")


def to_bytes(head: Head, data_key: bytes) -> bytes:
    """One record, authenticated under `data_key` (a slot, or the head in a backup)."""
    return _record(head, _head_key(data_key))


def _slot_bytes(head: Head, data_key: bytes) -> bytes:
    return _slot_with(head, _head_key(data_key))


def _slot_with(head: Head, head_key: bytes) -> bytes:
    return _record(head, head_key)[:-1].ljust(SLOT - 1, b" ") + b"\n"


def file_bytes(head: Head, data_key: bytes) -> bytes:
    """A whole head file holding `head` in the first synced slot."""
    return _slot_bytes(head, data_key) + b" " * (SLOT - 1) + b"\n" + b"\n" * (SLOT * 2)


def file_from_record(record: bytes) -> bytes:
    """A head file holding one record as a backup carries it (unchecked: no key here)."""
    head = parse(record.strip())
    if head is None or head.commits is None or len(record.strip()) >= SLOT:
        return record  # a version 1 head, kept as it was (or refused at unlock)
    return (
        record.strip().ljust(SLOT - 1, b" ")
        + b"\n"
        + b" " * (SLOT - 1)
        + b"\n"
        + b"\n" * (SLOT * 2)
    )


def parse(data: bytes) -> Head | None:
    """The head in one record, unauthenticated; None if it is not a head record."""
    try:
        body = json.loads(data.decode("utf-8"))
        if not isinstance(body, dict) or body.get("format") != FORMAT:
            return None
        last_id, last_mac = body["last_id"], body["last_mac"]
        commits = body.get("commits")
        if not isinstance(last_id, int) or not isinstance(last_mac, str) or len(last_mac) > 80:
            return None
        if "version" in body and (body["version"] != VERSION or not isinstance(commits, int)):
            return None
        return Head(last_id, last_mac, commits if "version" in body else None)
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, RecursionError):
        return None


def _authentic(data: bytes, head_key: bytes) -> Head | None:
    head = parse(data)
    if head is None:
        return None
    try:
        stored = str(json.loads(data.decode("utf-8"))["mac"])
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return None
    return head if hmac.compare_digest(stored, _mac_with(head_key, head)) else None


@dataclass(frozen=True)
class Reading:
    """What the head file held at one moment."""

    exists: bool
    head: Head | None  # the authentic record counting the most commits
    synced_slot: int | None  # the synced slot holding the newest synced record
    error: str | None = None  # the file could not be read


def read(path: Path, data_key: bytes) -> Reading:
    """Every authentic record of the head file; the newest one wins."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_READ)
    except FileNotFoundError:
        return Reading(False, None, None)
    except OSError as error:
        return Reading(True, None, None, str(error.strerror or error))
    head_key = _head_key(data_key)
    if len(data) != FILE_SIZE:  # a version 1 file: one record
        return Reading(True, _authentic(data.strip(), head_key), None)
    best: Head | None = None
    synced: tuple[int, int] | None = None
    for index in range(SLOTS):
        head = _authentic(data[index * SLOT : (index + 1) * SLOT].strip(), head_key)
        if head is None or head.commits is None:
            continue
        if best is None or head.commits > (best.commits or 0):
            best = head
        if index < 2 and (synced is None or head.commits > synced[1]):
            synced = (index, head.commits)
    return Reading(True, best, synced[0] if synced else None)


def _write_at(descriptor: int, data: bytes, offset: int) -> None:
    """Write all of `data` at `offset` (os.pwrite where there is one; Windows has not)."""
    if hasattr(os, "pwrite"):
        written = os.pwrite(descriptor, data, offset)
    else:
        os.lseek(descriptor, offset, os.SEEK_SET)
        written = os.write(descriptor, data)
    if written != len(data):
        raise OSError(f"short write of the audit head ({written} of {len(data)} bytes)")


class HeadFile:
    """The head file of an open vault: written in place after every commit.

    Keeps the file open and the HMAC key derived between writes, so that the
    write after an answer save is one pwrite. `reopen` after the file was
    replaced (a re-key puts a new one in place).
    """

    def __init__(self, path: Path, data_key: bytes) -> None:
        self.path = path
        self._key = data_key
        self._head_key = _head_key(data_key) if data_key else b""
        self._descriptor: int | None = None
        self._next_synced = 0
        self._next_plain = 2

    def use_key(self, data_key: bytes) -> None:
        """Write under `data_key` from now on (the file is replaced whole at the next write)."""
        self._key = data_key
        self._head_key = _head_key(data_key)
        self.reopen()

    def forget_key(self) -> None:
        self._key = b""
        self._head_key = b""
        self.reopen()

    def reopen(self) -> None:
        """Drop the open file: the next write opens the file now at the path."""
        descriptor, self._descriptor = self._descriptor, None
        if descriptor is not None:
            with contextlib.suppress(OSError):
                os.close(descriptor)

    def read(self) -> Reading:
        """Read the file; later synced writes go to the other synced slot."""
        reading = read(self.path, self._key)
        if reading.synced_slot is not None:
            self._next_synced = 1 - reading.synced_slot
        return reading

    def _open(self) -> int | None:
        """The open file, or None when it must be written whole (new, or an old format)."""
        if self._descriptor is None:
            try:
                descriptor = os.open(self.path, os.O_RDWR | getattr(os, "O_CLOEXEC", 0))
            except FileNotFoundError:
                return None
            if os.fstat(descriptor).st_size != FILE_SIZE:
                os.close(descriptor)
                return None
            self._descriptor = descriptor
        return self._descriptor

    def write(self, head: Head, *, synced: bool) -> None:
        """Write `head` to the next slot of its kind (fsynced if `synced`); OSError if refused."""
        if not self._head_key:
            return
        descriptor = self._open()
        if descriptor is None:
            self.write_fresh(head)
            return
        index = self._next_synced if synced else self._next_plain
        _write_at(descriptor, _slot_with(head, self._head_key), index * SLOT)
        if synced:
            os.fsync(descriptor)
            self._next_synced = 1 - index
        else:
            self._next_plain = 5 - index  # 2 <-> 3

    def write_fresh(self, head: Head) -> None:
        """Replace the file whole with one synced record (atomic)."""
        self.reopen()
        write_atomic(self.path, file_bytes(head, self._key))
        self._next_synced, self._next_plain = 1, 2


def problem(
    reading: Reading,
    path: Path,
    conn: Database,
    *,
    expected: bool,
    db_commits: int | None,
    head_synced: int,
) -> str | None:
    """What is wrong between the head file and the database, or None.

    `expected`: the key file says this vault keeps a head, so a missing file
    is a problem (someone deleted it), not a vault from before heads existed.
    Changes lost (the head counts more commits than the database) are found
    by `lost_commits` first; this names the other problems.
    """
    if not reading.exists:
        if not expected:
            return None
        return _(
            "the audit head file {path} is missing: audit entries cut off the end of "
            "the trail cannot be ruled out"
        ).format(path=path)
    if reading.error is not None:
        return _("cannot read the audit head file {path}: {reason}").format(
            path=path, reason=reading.error
        )
    head = reading.head
    if head is None:
        return _("the audit head file {path} is damaged or was altered outside Waystation").format(
            path=path
        )
    if head.commits is not None and db_commits is not None and head.commits < head_synced:
        return _(
            "the audit head file {path} is older than the database: an older copy was "
            "put back, which could hide audit entries cut off the end of the trail"
        ).format(path=path)
    if head.last_id == 0:
        return None
    row = conn.execute("SELECT mac FROM audit WHERE id = ?", (head.last_id,)).fetchone()
    if row is None:
        last = current(conn).last_id
        return _(
            "audit entries {first} to {last} are missing: they were cut off the end "
            "of the audit trail"
        ).format(first=last + 1, last=head.last_id)
    if not hmac.compare_digest(str(row[0]), head.last_mac):
        return _(
            "audit entry {id} is not the entry the vault recorded under that number: "
            "the end of the audit trail was cut off and written again"
        ).format(id=head.last_id)
    return None


def lost_commits(reading: Reading, db_commits: int | None) -> tuple[int, int] | None:
    """(first, last) commit numbers the head saw committed that the database lacks."""
    head = reading.head
    if head is None or head.commits is None or db_commits is None:
        return None
    if head.commits > db_commits:
        return db_commits + 1, head.commits
    return None
