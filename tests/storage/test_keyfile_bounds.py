"""A tampered or malformed key file gives a clean error naming it, before any key derivation."""

from __future__ import annotations

import json

import pytest

from app.domain.errors import VaultError
from app.storage import keyfile as keyfile_module
from app.storage import keyfile_checks
from app.storage.keyfile import MINIMUM_KDF, TEST_KDF, KdfParams, KeyFile
from app.storage.keyfile_checks import KdfOutOfBounds
from app.storage.vault import Vault


@pytest.fixture
def no_derivation(monkeypatch):
    """Fail the test if a password key is derived (the file must be refused before)."""

    def refuse(*args, **kwargs):
        raise AssertionError("a key was derived from a refused key file")

    monkeypatch.setattr(keyfile_module, "_derive_password_key", refuse)


def _edit(folder, change) -> None:
    path = folder / "keyfile.json"
    body = json.loads(path.read_text())
    change(body)
    path.write_text(json.dumps(body))


def _set_kdf(**values):
    def change(body):
        for slot in body["slots"]:
            slot["kdf"].update(values)

    return change


@pytest.mark.parametrize(
    "values",
    [
        {"memory_kib": 8},  # 8 KiB: argon2 itself would fail, with a traceback
        {"memory_kib": 4 * 1024 * 1024, "iterations": 64},  # 4 GiB, 64 passes: 30 s per unlock
        {"memory_kib": 65536, "iterations": 2},  # under the documented minimum
        {"memory_kib": 512 * 1024, "iterations": 8},  # each within bounds, together too costly
        {"lanes": 0},
        {"lanes": 64},
    ],
    ids=["8KiB", "4GiB-64-passes", "2-passes", "cost-product", "no-lanes", "64-lanes"],
)
def test_an_out_of_bounds_cost_is_refused_before_deriving(vault_dir, no_derivation, values):
    _edit(vault_dir, _set_kdf(**values))
    with pytest.raises(VaultError, match=r"keyfile\.json asks for a key-derivation cost outside"):
        Vault.open(vault_dir, "ada", "ada-password")


@pytest.mark.parametrize(
    "change",
    [
        _set_kdf(memory_kib=65536.5),
        _set_kdf(iterations=True),
        _set_kdf(alg="scrypt"),
        _set_kdf(extra=1),
        lambda body: body.update(generation="1"),
        lambda body: body.update(generation=1.0),
        lambda body: body.update(epoch=-1),
        lambda body: body.update(audit_head="yes"),
        lambda body: body.update(vault_id="not-hex"),
        lambda body: body.update(slots={}),
        lambda body: body.update(slots=[]),
        lambda body: body.update(unknown="field"),
        lambda body: body["slots"].append(dict(body["slots"][0])),  # a duplicate name
        lambda body: body["slots"][0].update(name="ada\u0007"),
        lambda body: body["slots"][0].update(role="owner"),
        lambda body: body["slots"][0].update(salt="AAAA"),  # 3 bytes, not 16
        lambda body: body["slots"][0].update(sealed_key="!!not base64!!"),
        lambda body: body["slots"][0].pop("wrap_nonce"),
        lambda body: body.update(mac="AAAA"),
    ],
)
def test_a_malformed_field_gives_a_clean_error(vault_dir, no_derivation, change):
    _edit(vault_dir, change)
    with pytest.raises(VaultError, match=r"keyfile\.json is damaged or was altered"):
        Vault.open(vault_dir, "ada", "ada-password")


@pytest.mark.parametrize(
    "content",
    [
        b"[" * 200_000 + b"]" * 200_000,  # deep nesting: a RecursionError in the parser
        b'{"format": "waystation-keyfile", "x": ' + b"[" * 50_000 + b"]" * 50_000 + b"}",
        b"9" * 5000,  # a number too long to convert
        b" " * (keyfile_checks.MAX_KEYFILE_BYTES + 10),  # larger than any real key file
        b"\xff\xfe not utf-8",
    ],
    ids=["deep-list", "deep-field", "long-number", "huge", "not-utf8"],
)
def test_deep_huge_or_garbled_files_give_a_clean_error(vault_dir, no_derivation, content):
    (vault_dir / "keyfile.json").write_bytes(content)
    with pytest.raises(VaultError, match=r"keyfile\.json"):
        Vault.open(vault_dir, "ada", "ada-password")


def test_a_huge_file_is_not_read_whole(tmp_path):
    path = tmp_path / "keyfile.json"
    with path.open("wb") as handle:
        handle.truncate(512 * 1024 * 1024)  # sparse: 512 MB that take no disk
    with pytest.raises(VaultError, match=r"keyfile\.json is damaged"):
        KeyFile.load(path)


def test_the_test_cost_is_refused_unless_a_test_allows_it(vault_dir, monkeypatch, no_derivation):
    # The template vault uses TEST_KDF: the app itself must refuse such a key file.
    monkeypatch.setattr(keyfile_checks, "_test_kdf_allowed", False)
    with pytest.raises(VaultError, match="key-derivation cost outside the allowed range"):
        Vault.open(vault_dir, "ada", "ada-password")


def test_the_documented_bounds(vault):
    assert MINIMUM_KDF.memory_kib == 64 * 1024 and MINIMUM_KDF.iterations == 3
    MINIMUM_KDF.check()
    KdfParams().check()  # the default cost
    with pytest.raises(KdfOutOfBounds):
        KdfParams(memory_kib=32 * 1024, iterations=3, lanes=4).check()
    # Nothing in the app can create a slot under the minimum either.
    with pytest.raises(KdfOutOfBounds):
        vault.users.add("weak", "screener", "weak-password", kdf=KdfParams(1024, 1, 1))
    assert vault.keyfile.slot("weak") is None
    assert TEST_KDF.memory_kib < MINIMUM_KDF.memory_kib
