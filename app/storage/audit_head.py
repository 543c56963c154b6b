"""The audit head: the id and MAC of the last audit entry, kept outside the database.

The MAC chain finds an entry edited or removed in the middle, but not entries
cut off the end: the shorter chain is still a valid chain. So after every
committed audit write the vault writes `audit-head.json` beside the database
(atomically, HMAC'd with a key derived from the data key), and `verify` checks
that the database still holds that entry with that MAC. The head may lag the
database after a crash (entries newer than the head are fine); it may never be
ahead of it. See docs/vault.md for what this does and does not detect.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from pathlib import Path

from app.domain.atomic_files import write_atomic
from app.i18n import _
from app.storage.database import Connection
from app.storage.keyfile import subkey

HEAD_NAME = "audit-head.json"
FORMAT = "waystation-audit-head"


@dataclass(frozen=True)
class Head:
    """The last audit entry the vault wrote: its id (0 for none) and MAC."""

    last_id: int
    last_mac: str


def current(conn: Connection) -> Head:
    """The head of the chain as the database holds it now."""
    row = conn.execute("SELECT id, mac FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    return Head(int(row[0]), str(row[1])) if row else Head(0, "")


def _body(head: Head) -> bytes:
    data = {"format": FORMAT, "last_id": head.last_id, "last_mac": head.last_mac}
    return json.dumps(data, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _mac(data_key: bytes, head: Head) -> str:
    return hmac.new(subkey(data_key, "audit-head"), _body(head), hashlib.sha256).hexdigest()


def to_bytes(head: Head, data_key: bytes) -> bytes:
    """The head file's content, authenticated under `data_key`."""
    data = {"format": FORMAT, "last_id": head.last_id, "last_mac": head.last_mac}
    data["mac"] = _mac(data_key, head)
    return (json.dumps(data, sort_keys=True) + "\n").encode("utf-8")


def write(path: Path, head: Head, data_key: bytes) -> None:
    """Replace the head file atomically."""
    write_atomic(path, to_bytes(head, data_key))


def parse(data: bytes) -> Head | None:
    """The head in `data`, unauthenticated; None if it is not a head file."""
    try:
        body = json.loads(data.decode("utf-8"))
        if body.get("format") != FORMAT:
            return None
        return Head(int(body["last_id"]), str(body["last_mac"]))
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, AttributeError):
        return None


def problem(path: Path, conn: Connection, data_key: bytes, *, expected: bool) -> str | None:
    """What is wrong between the head file and the database, or None.

    `expected`: the key file says this vault keeps a head, so a missing file
    is a problem (someone deleted it), not a vault from before heads existed.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        if not expected:
            return None
        return _(
            "the audit head file {path} is missing: audit entries cut off the end of "
            "the trail cannot be ruled out"
        ).format(path=path)
    except OSError as error:
        return _("cannot read the audit head file {path}: {reason}").format(
            path=path, reason=error.strerror
        )
    head = parse(data)
    try:
        stored_mac = str(json.loads(data.decode("utf-8"))["mac"])
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        stored_mac = ""
    if head is None or not hmac.compare_digest(stored_mac, _mac(data_key, head)):
        return _("the audit head file {path} is damaged or was altered outside Waystation").format(
            path=path
        )
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
