"""Bounds and shapes for what the key file may hold, checked before anything is derived.

The key file is read before the vault is unlocked, so nothing in it is
authenticated yet: a changed cost could hang or exhaust the machine (or, once a
password is changed, weaken the new wrap), a deep or huge file could exhaust
the parser, and a wrong type could end in a traceback. Every value is checked
here against fixed bounds; the first problem is raised as `KeyFileProblem`,
which the key file turns into a message naming the file.
"""

from __future__ import annotations

import base64
import re
import unicodedata
from typing import Any

# Argon2id cost a key file may ask for. The minimum is the documented floor; the
# maximum keeps one unlock under a few seconds and half a gigabyte on a laptop.
MIN_MEMORY_KIB = 65536  # 64 MiB
MAX_MEMORY_KIB = 524288  # 512 MiB
MIN_ITERATIONS = 3
MAX_ITERATIONS = 8
MAX_LANES = 8
MAX_COST_KIB_PASSES = 2 * 1024 * 1024  # memory x passes: 512 MiB x 4, or 256 MiB x 8

MAX_KEYFILE_BYTES = 4 * 1024 * 1024
MAX_SLOTS = 1000
MAX_NAME_LENGTH = 64
MAX_GENERATION = 2**31
ROLES = ("admin", "supervisor", "screener")

# Byte lengths of a slot's binary fields (X25519 keys, AES-GCM nonces, tags).
FIELD_BYTES = {
    "public_key": 32,
    "salt": 16,
    "wrap_nonce": 12,
    "wrapped_private": 48,
    "ephemeral_public": 32,
    "seal_nonce": 12,
    "sealed_key": 48,
}
_VAULT_ID = re.compile(r"[0-9a-f]{32}")
_TIME = re.compile(r"[0-9T:.+\-Z ]{10,40}")

# Set by the test suite only (`allow_test_kdf`), never by the app: lets the
# template vaults use the cheap TEST_KDF parameters.
_test_kdf_allowed = False


class KeyFileProblem(ValueError):
    """What is wrong with a key file's content (the field, in English, for tests)."""


class KdfOutOfBounds(KeyFileProblem):
    """A slot asks for an Argon2id cost outside the bounds."""


def allow_test_kdf() -> None:
    """Accept the cheap test parameters from now on, in this process. Tests only."""
    global _test_kdf_allowed
    _test_kdf_allowed = True


def is_test_kdf_allowed() -> bool:
    """True once `allow_test_kdf` was called in this process."""
    return _test_kdf_allowed


def integer(value: Any, low: int, high: int, what: str) -> int:
    """`value` if it is a whole number (not a bool, not a float) in [low, high]."""
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise KeyFileProblem(what)
    return value


def kdf_in_bounds(memory_kib: int, iterations: int, lanes: int) -> bool:
    """True when an Argon2id cost lies within the bounds above."""
    return (
        MIN_MEMORY_KIB <= memory_kib <= MAX_MEMORY_KIB
        and MIN_ITERATIONS <= iterations <= MAX_ITERATIONS
        and 1 <= lanes <= MAX_LANES
        and memory_kib * iterations <= MAX_COST_KIB_PASSES
    )


def binary(data: dict, field: str) -> bytes:
    """A base64 field of a slot, decoded, with the length its use requires."""
    text = data.get(field)
    if not isinstance(text, str) or len(text) > 128:
        raise KeyFileProblem(field)
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError):
        raise KeyFileProblem(field) from None
    if len(raw) != FIELD_BYTES[field]:
        raise KeyFileProblem(field)
    return raw


def text(data: dict, field: str, limit: int) -> str:
    value = data.get(field)
    if not isinstance(value, str) or not value or len(value) > limit:
        raise KeyFileProblem(field)
    return value


def account_name(data: dict) -> str:
    """A slot's account name: what `users.check_name` would accept."""
    name = text(data, "name", MAX_NAME_LENGTH)
    if name != unicodedata.normalize("NFC", name.strip()):
        raise KeyFileProblem("name")
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        raise KeyFileProblem("name")
    return name


def role(data: dict) -> str:
    value = data.get("role")
    if value not in ROLES:
        raise KeyFileProblem("role")
    return str(value)


def created(data: dict) -> str:
    value = text(data, "created", 40)
    if not _TIME.fullmatch(value):
        raise KeyFileProblem("created")
    return value


def vault_id(body: dict) -> str:
    value = body.get("vault_id")
    if not isinstance(value, str) or not _VAULT_ID.fullmatch(value):
        raise KeyFileProblem("vault_id")
    return value


def mac(body: dict) -> bytes:
    value = body.get("mac")
    if not isinstance(value, str) or len(value) > 64:
        raise KeyFileProblem("mac")
    try:
        raw = base64.b64decode(value.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError):
        raise KeyFileProblem("mac") from None
    if len(raw) != 32:
        raise KeyFileProblem("mac")
    return raw


def slot_list(body: dict) -> list[dict]:
    slots = body.get("slots")
    if not isinstance(slots, list) or not 1 <= len(slots) <= MAX_SLOTS:
        raise KeyFileProblem("slots")
    if not all(isinstance(slot, dict) for slot in slots):
        raise KeyFileProblem("slots")
    return slots
