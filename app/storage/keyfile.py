"""The key file: one slot per user, each able to unseal the vault's data key.

A slot holds an X25519 key pair. The private key is wrapped with AES-256-GCM
under a key derived from the user's password (Argon2id); the data key is sealed
to the public key (ephemeral X25519, HKDF-SHA256, AES-256-GCM). The user's name
is bound into both as associated data, and the role into the seal. After
unlocking, an HMAC over the whole file (keyed from the data key) proves that no
slot, name or role was changed by someone without the data key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass, replace
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.domain.atomic_files import write_atomic
from app.domain.errors import VaultError, WrongPassword
from app.i18n import _
from app.storage import keyfile_checks as checks
from app.storage.keyfile_checks import KdfOutOfBounds, KeyFileProblem

FORMAT = "waystation-keyfile"
FORMAT_VERSION = 1
DATA_KEY_BYTES = 32


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost, stored in each slot so it can be raised later."""

    memory_kib: int = 131072  # 128 MiB, about 0.5 s on a 2-core laptop
    iterations: int = 4
    lanes: int = 4

    def to_json(self) -> dict:
        return {
            "alg": "argon2id",
            "memory_kib": self.memory_kib,
            "iterations": self.iterations,
            "lanes": self.lanes,
        }

    @classmethod
    def from_json(cls, data: object) -> KdfParams:
        """The parameters in a slot; KeyFileProblem if malformed, KdfOutOfBounds if absurd."""
        if not isinstance(data, dict) or data.get("alg") != "argon2id" or len(data) != 4:
            raise KeyFileProblem("kdf")
        params = cls(
            checks.integer(data.get("memory_kib"), 0, 2**40, "kdf"),
            checks.integer(data.get("iterations"), 0, 2**40, "kdf"),
            checks.integer(data.get("lanes"), 0, 2**40, "kdf"),
        )
        params.check()
        return params

    def check(self) -> None:
        """KdfOutOfBounds unless the cost lies within the documented bounds."""
        if self == TEST_KDF and checks.is_test_kdf_allowed():
            return
        if not checks.kdf_in_bounds(self.memory_kib, self.iterations, self.lanes):
            raise KdfOutOfBounds("kdf")


DEFAULT_KDF = KdfParams()
MIN_MEMORY_KIB = checks.MIN_MEMORY_KIB
MIN_ITERATIONS = checks.MIN_ITERATIONS
# The documented minimum: what the fault-injection tests use, as cheap as the app allows.
MINIMUM_KDF = KdfParams(memory_kib=MIN_MEMORY_KIB, iterations=MIN_ITERATIONS, lanes=4)
# Cheap parameters for tests ONLY: refused unless the test suite called
# `keyfile_checks.allow_test_kdf()` in its own process, and passed explicitly
# (Vault.create(..., kdf=TEST_KDF)) so nothing in the app can fall back to them.
TEST_KDF = KdfParams(memory_kib=64, iterations=1, lanes=1)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _derive_password_key(password: str, salt: bytes, params: KdfParams) -> bytes:
    kdf = Argon2id(
        salt=salt,
        length=32,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    )
    return kdf.derive(password.encode("utf-8"))


def _hkdf(secret: bytes, salt: bytes | None, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(secret)


def subkey(data_key: bytes, purpose: str) -> bytes:
    """A key derived from the data key for one purpose (key-file MAC, audit chain)."""
    return _hkdf(data_key, None, b"waystation/" + purpose.encode("ascii"))


def _raw_public(public: X25519PublicKey) -> bytes:
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _raw_private(private: X25519PrivateKey) -> bytes:
    return private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )


@dataclass(frozen=True)
class Slot:
    """One user's way into the vault; every field is stored in the key file."""

    name: str
    role: str
    created: str
    public_key: bytes
    kdf: KdfParams
    salt: bytes
    wrap_nonce: bytes
    wrapped_private: bytes
    ephemeral_public: bytes
    seal_nonce: bytes
    sealed_key: bytes

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "role": self.role,
            "created": self.created,
            "public_key": _b64(self.public_key),
            "kdf": self.kdf.to_json(),
            "salt": _b64(self.salt),
            "wrap_nonce": _b64(self.wrap_nonce),
            "wrapped_private": _b64(self.wrapped_private),
            "ephemeral_public": _b64(self.ephemeral_public),
            "seal_nonce": _b64(self.seal_nonce),
            "sealed_key": _b64(self.sealed_key),
        }

    @classmethod
    def from_json(cls, data: dict) -> Slot:
        """A slot from the key file; KeyFileProblem naming the first bad field."""
        if set(data) != _SLOT_FIELDS:
            raise KeyFileProblem("slot fields")
        return cls(
            name=checks.account_name(data),
            role=checks.role(data),
            created=checks.created(data),
            public_key=checks.binary(data, "public_key"),
            kdf=KdfParams.from_json(data["kdf"]),
            salt=checks.binary(data, "salt"),
            wrap_nonce=checks.binary(data, "wrap_nonce"),
            wrapped_private=checks.binary(data, "wrapped_private"),
            ephemeral_public=checks.binary(data, "ephemeral_public"),
            seal_nonce=checks.binary(data, "seal_nonce"),
            sealed_key=checks.binary(data, "sealed_key"),
        )


_SLOT_FIELDS = {"name", "role", "created", "kdf", *checks.FIELD_BYTES}


def _wrap_aad(vault_id: str, name: str) -> bytes:
    return json.dumps(["wrap", vault_id, name]).encode("utf-8")


def _seal_aad(vault_id: str, name: str, role: str, generation: int) -> bytes:
    return json.dumps(["seal", vault_id, name, role, generation]).encode("utf-8")


def _seal(data_key: bytes, public_key: bytes, aad: bytes) -> tuple[bytes, bytes, bytes]:
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = _raw_public(ephemeral.public_key())
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(public_key))
    key = _hkdf(shared, ephemeral_public + public_key, b"waystation/seal")
    nonce = os.urandom(12)
    return ephemeral_public, nonce, AESGCM(key).encrypt(nonce, data_key, aad)


def _unseal(slot: Slot, private: X25519PrivateKey, aad: bytes) -> bytes:
    shared = private.exchange(X25519PublicKey.from_public_bytes(slot.ephemeral_public))
    key = _hkdf(shared, slot.ephemeral_public + slot.public_key, b"waystation/seal")
    return AESGCM(key).decrypt(slot.seal_nonce, slot.sealed_key, aad)


@dataclass(frozen=True)
class KeyFile:
    """The parsed key file; methods return new KeyFile values (write with `save`)."""

    vault_id: str
    generation: int
    slots: tuple[Slot, ...]
    mac: bytes = b""
    # True once the vault keeps an audit head file (see audit_head.py). Inside the
    # MAC'd body, so deleting the head file cannot pass for a vault without one.
    audit_head: bool = False
    # Raised by every change of the key file and stored in the database in the
    # same step (vault_state.epoch), so an older key file put back is refused.
    epoch: int = 0

    # -- building -------------------------------------------------------------

    @classmethod
    def new(cls) -> KeyFile:
        return cls(vault_id=secrets.token_hex(16), generation=1, slots=())

    def slot(self, name: str) -> Slot | None:
        return next((s for s in self.slots if s.name == name), None)

    def with_slot(
        self,
        *,
        name: str,
        role: str,
        created: str,
        password: str,
        data_key: bytes,
        kdf: KdfParams,
        private: X25519PrivateKey | None = None,
    ) -> KeyFile:
        """Add (or replace) `name`'s slot, wrapping `private` (new if None)."""
        kdf.check()
        private = private or X25519PrivateKey.generate()
        public = _raw_public(private.public_key())
        salt = os.urandom(16)
        wrap_key = _derive_password_key(password, salt, kdf)
        wrap_nonce = os.urandom(12)
        wrapped = AESGCM(wrap_key).encrypt(
            wrap_nonce, _raw_private(private), _wrap_aad(self.vault_id, name)
        )
        eph, seal_nonce, sealed = _seal(
            data_key, public, _seal_aad(self.vault_id, name, role, self.generation)
        )
        slot = Slot(
            name, role, created, public, kdf, salt, wrap_nonce, wrapped, eph, seal_nonce, sealed
        )
        others = tuple(s for s in self.slots if s.name != name)
        return replace(self, slots=(*others, slot)).signed(data_key)

    def rewrapped(
        self, name: str, private: X25519PrivateKey, password: str, data_key: bytes
    ) -> KeyFile:
        """`name`'s slot with the same key pair wrapped under a new password."""
        slot = self.slot(name)
        assert slot is not None
        salt = os.urandom(16)
        wrap_key = _derive_password_key(password, salt, slot.kdf)
        nonce = os.urandom(12)
        wrapped = AESGCM(wrap_key).encrypt(
            nonce, _raw_private(private), _wrap_aad(self.vault_id, name)
        )
        new_slot = replace(slot, salt=salt, wrap_nonce=nonce, wrapped_private=wrapped)
        slots = tuple(new_slot if s.name == name else s for s in self.slots)
        return replace(self, slots=slots).signed(data_key)

    def without(self, name: str) -> KeyFile:
        return replace(self, slots=tuple(s for s in self.slots if s.name != name))

    def next_epoch(self) -> KeyFile:
        """The same content one epoch on (sign it again with `signed`)."""
        return replace(self, epoch=self.epoch + 1)

    def authentic(self, data_key: bytes) -> bool:
        """True when the file's MAC matches under `data_key`."""
        return hmac.compare_digest(self.mac, self._compute_mac(data_key))

    def resealed(
        self, data_key: bytes, *, roles: dict[str, str] | None = None, bump: bool = False
    ) -> KeyFile:
        """Seal `data_key` to every slot's public key (no passwords needed)."""
        roles = roles or {}
        generation = self.generation + 1 if bump else self.generation
        slots = []
        for slot in self.slots:
            role = roles.get(slot.name, slot.role)
            eph, nonce, sealed = _seal(
                data_key, slot.public_key, _seal_aad(self.vault_id, slot.name, role, generation)
            )
            slots.append(
                replace(slot, role=role, ephemeral_public=eph, seal_nonce=nonce, sealed_key=sealed)
            )
        return replace(self, generation=generation, slots=tuple(slots)).signed(data_key)

    # -- unlocking ------------------------------------------------------------

    def unlock(
        self, name: str, password: str, *, file: Path
    ) -> tuple[bytes, X25519PrivateKey, Slot]:
        """(data key, private key, slot) for `name`; WrongPassword or VaultError."""
        slot = self.slot(name)
        if slot is None:
            # Derive anyway so a wrong name takes as long as a wrong password.
            _derive_password_key(
                password, os.urandom(16), self.slots[0].kdf if self.slots else DEFAULT_KDF
            )
            raise WrongPassword(_("wrong user name or password"))
        wrap_key = _derive_password_key(password, slot.salt, slot.kdf)
        try:
            raw = AESGCM(wrap_key).decrypt(
                slot.wrap_nonce, slot.wrapped_private, _wrap_aad(self.vault_id, name)
            )
        except InvalidTag:
            raise WrongPassword(_("wrong user name or password")) from None
        private = X25519PrivateKey.from_private_bytes(raw)
        try:
            if _raw_public(private.public_key()) != slot.public_key:
                raise InvalidTag
            data_key = _unseal(
                slot, private, _seal_aad(self.vault_id, name, slot.role, self.generation)
            )
        except InvalidTag:
            raise altered(file) from None
        if not self.authentic(data_key):
            raise altered(file)
        return data_key, private, slot

    # -- integrity and storage ------------------------------------------------

    def _content(self) -> bytes:
        body = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "vault_id": self.vault_id,
            "generation": self.generation,
            "slots": [s.to_json() for s in self.slots],
        }
        if self.audit_head:  # absent in key files written before the head existed
            body["audit_head"] = True
        if self.epoch:  # absent in key files written before epochs existed
            body["epoch"] = self.epoch
        return json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8")

    def _compute_mac(self, data_key: bytes) -> bytes:
        return hmac.new(subkey(data_key, "keyfile-mac"), self._content(), hashlib.sha256).digest()

    def signed(self, data_key: bytes) -> KeyFile:
        return replace(self, mac=self._compute_mac(data_key))

    def to_bytes(self) -> bytes:
        body = json.loads(self._content())
        body["mac"] = _b64(self.mac)
        return (json.dumps(body, indent=1, sort_keys=True) + "\n").encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes, *, file: Path) -> KeyFile:
        """Parse and check a key file's bytes; VaultError naming `file` if anything is off."""
        try:
            if len(data) > checks.MAX_KEYFILE_BYTES:
                raise KeyFileProblem("size")
            body = json.loads(data.decode("utf-8"))
            if not isinstance(body, dict) or body.get("format") != FORMAT:
                raise KeyFileProblem("format")
            if body.get("version") != FORMAT_VERSION:
                raise KeyFileProblem("version")
            if not set(body) <= _BODY_FIELDS:
                raise KeyFileProblem("fields")
            slots = tuple(Slot.from_json(s) for s in checks.slot_list(body))
            if len({slot.name for slot in slots}) != len(slots):
                raise KeyFileProblem("duplicate name")
            audit_head = body.get("audit_head", False)
            if not isinstance(audit_head, bool):
                raise KeyFileProblem("audit_head")
            return cls(
                vault_id=checks.vault_id(body),
                generation=checks.integer(
                    body.get("generation"), 1, checks.MAX_GENERATION, "generation"
                ),
                slots=slots,
                mac=checks.mac(body),
                audit_head=audit_head,
                epoch=checks.integer(body.get("epoch", 0), 0, checks.MAX_GENERATION, "epoch"),
            )
        except KdfOutOfBounds:
            raise VaultError(
                _(
                    "the key file {path} asks for a key-derivation cost outside the allowed "
                    "range ({low} to {high} MiB of memory, {fewest} to {most} passes): it was "
                    "altered outside Waystation; restore the vault from a backup"
                ).format(
                    path=file,
                    low=checks.MIN_MEMORY_KIB // 1024,
                    high=checks.MAX_MEMORY_KIB // 1024,
                    fewest=checks.MIN_ITERATIONS,
                    most=checks.MAX_ITERATIONS,
                )
            ) from None
        except (ValueError, UnicodeDecodeError, RecursionError, MemoryError):
            # KeyFileProblem is a ValueError, and so is any JSON syntax error.
            raise altered(file) from None

    @classmethod
    def load(cls, path: Path) -> KeyFile:
        """Read and check the key file at `path` (bounded in size); VaultError naming it."""
        try:
            with path.open("rb") as handle:
                data = handle.read(checks.MAX_KEYFILE_BYTES + 1)
        except FileNotFoundError:
            raise VaultError(
                _("no key file at {path}: this folder is not a Waystation vault").format(path=path)
            ) from None
        except OSError as error:
            raise VaultError(
                _("cannot read the key file {path}: {reason}").format(
                    path=path, reason=error.strerror
                )
            ) from None
        return cls.from_bytes(data, file=path)

    def save(self, path: Path) -> None:
        write_atomic(path, self.to_bytes())


_BODY_FIELDS = {
    "format",
    "version",
    "vault_id",
    "generation",
    "slots",
    "mac",
    "audit_head",
    "epoch",
}


def altered(file: Path) -> VaultError:
    """The error for a file that is damaged or was changed outside the app."""
    return VaultError(
        _(
            "the vault file {path} is damaged or was altered outside Waystation; "
            "restore the vault from a backup"
        ).format(path=file)
    )
