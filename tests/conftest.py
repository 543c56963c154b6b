"""Shared test setup: headless Qt, and no test writes outside its temporary folders.

Vault fixtures: key derivation is slow on purpose, so one template vault is built
per session (with the cheap TEST_KDF parameters, passed explicitly) and each
test copies its folder. Accounts of the template: see VAULT_USERS.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pytest_configure(config) -> None:
    """Let this test process (never the app) use the cheap TEST_KDF key-derivation cost."""
    from app.storage.keyfile_checks import allow_test_kdf

    allow_test_kdf()


# name: (role, password) of every account in the template vault.
VAULT_USERS: dict[str, tuple[str, str]] = {
    "ada": ("admin", "ada-password"),
    "sam": ("supervisor", "sam-password"),
    "sol": ("screener", "sol-password"),
    "sky": ("screener", "sky-password"),
}


@pytest.fixture(scope="session")
def vault_users() -> dict[str, tuple[str, str]]:
    """Accounts of the template vault: name -> (role, password)."""
    return dict(VAULT_USERS)


@pytest.fixture(scope="session")
def vault_template(tmp_path_factory) -> Path:
    """A vault folder built once per session; copy it (use `vault_dir`), never open it."""
    from app.storage.keyfile import TEST_KDF
    from app.storage.vault import Vault

    folder = tmp_path_factory.mktemp("template") / "vault"
    role, password = VAULT_USERS["ada"]
    with Vault.create(folder, "ada", password, kdf=TEST_KDF) as vault:
        for name, (role, password) in VAULT_USERS.items():
            if name != "ada":
                vault.users.add(name, role, password, kdf=TEST_KDF)
    return folder


@pytest.fixture
def vault_dir(vault_template: Path, tmp_path: Path) -> Path:
    """A private copy of the template vault for this test."""
    folder = tmp_path / "vault"
    shutil.copytree(vault_template, folder)
    return folder


@pytest.fixture
def open_vault(vault_dir: Path) -> Iterator[Callable]:
    """`open_vault(name="ada")` unlocks the test's vault copy as a template account."""
    opened = []

    def opener(name: str = "ada", **kwargs):
        from app.storage.vault import Vault

        vault = Vault.open(vault_dir, name, VAULT_USERS[name][1], **kwargs)
        opened.append(vault)
        return vault

    yield opener
    for vault in opened:
        vault.close()


@pytest.fixture
def vault(open_vault):
    """The test's vault copy, unlocked as the administrator `ada`."""
    return open_vault("ada")
