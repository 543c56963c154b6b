"""Failed unlocks, noted in a plain file until the next successful unlock audits them.

There is no key before unlocking, so this file cannot be authenticated: someone
with the laptop can delete or rewrite it, but cannot use it to read or change
anything. Because it is not authenticated, what it says is checked before it
goes into the audit trail: the file is read only up to a fixed size, only
entries of the right shape count, and only names of accounts that exist are
recorded (a password typed into the name field, or a name someone wrote into
the file, is never signed into the trail).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from app.domain.atomic_files import write_atomic
from app.domain.errors import WaystationError

FAILURES_NAME = "unlock-failures.json"
MAX_RECORDED_FAILURES = 1000
MAX_FILE_BYTES = 256 * 1024


def _read(path: Path) -> tuple[list, bool]:
    """(entries, readable): the file's list, or ([], False) if it is too big or not a list."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        return [], True
    except OSError:
        return [], False
    if len(data) > MAX_FILE_BYTES:
        return [], False
    try:
        entries = json.loads(data.decode("utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError):
        return [], False
    return (entries, True) if isinstance(entries, list) else ([], False)


def _time(value: object) -> str | None:
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        return datetime.fromisoformat(value).astimezone(UTC).isoformat(timespec="seconds")
    except ValueError:
        return None


def note(folder: Path, known_name: str | None) -> None:
    """Remember one failed unlock (`known_name`: the account tried, if it exists)."""
    path = folder / FAILURES_NAME
    entries, readable = _read(path)
    if not readable:
        entries = []
    at = datetime.now(UTC).isoformat(timespec="seconds")
    entries = [*entries, {"account": known_name, "at": at}][-MAX_RECORDED_FAILURES:]
    # A read-only or full vault must still report the wrong password, not this.
    with contextlib.suppress(WaystationError, OSError):
        write_atomic(path, json.dumps(entries).encode("utf-8"))


def summary(folder: Path, accounts: Callable[[], set[str]]) -> dict | None:
    """The audit detail for the failures noted since the last unlock, or None for none.

    Entries of the wrong shape are not counted; names not among `accounts()`
    (the vault's account names, read only when there is a file) are left out.
    `unreadable` says the file was too big or not a list.
    """
    path = folder / FAILURES_NAME
    if not path.exists():
        return None
    entries, readable = _read(path)
    known = accounts()
    times, names = [], set()
    for entry in entries[-MAX_RECORDED_FAILURES:]:
        if not isinstance(entry, dict):
            continue
        at = _time(entry.get("at"))
        if at is None:
            continue
        times.append(at)
        account = entry.get("account")
        if isinstance(account, str) and account in known:
            names.add(account)
    if readable and not times:
        return None
    detail: dict = {
        "count": len(times),
        "accounts": sorted(names),
        "first": min(times, default=None),
        "last": max(times, default=None),
    }
    if not readable:
        detail["unreadable"] = True
    return detail


def clear(folder: Path) -> None:
    path = folder / FAILURES_NAME
    if path.exists():
        with contextlib.suppress(OSError):
            path.unlink()
