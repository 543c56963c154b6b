"""The full page check can run after unlocking, and still refuses an altered database."""

from __future__ import annotations

import pytest

from app.domain.errors import VaultError
from app.storage.vault import Vault
from tests.screening_setup import begin


def _flip_last_page(vault_dir) -> None:
    # Answers written last fill the last pages: a page nothing reads at unlock.
    with Vault.open(vault_dir, "sol", "sol-password") as vault:
        case = vault.cases.create()
        screening = begin(vault, case.id, form_id="adult")
        for number in range(40):
            vault.screenings.save_answer(screening.id, f"q{number}", "x" * 400, False)
    path = vault_dir / "waystation.db"
    data = bytearray(path.read_bytes())
    data[len(data) - 4096 + 200] ^= 0x01  # a data page, not the first
    path.write_bytes(bytes(data))


def test_deferred_check_names_the_altered_database(vault_dir) -> None:
    _flip_last_page(vault_dir)
    with pytest.raises(VaultError, match=r"waystation\.db"):
        Vault.open(vault_dir, "ada", "ada-password")  # the CLI's way: checked at once
    vault = Vault.open(vault_dir, "ada", "ada-password", check_pages=False)
    try:
        with pytest.raises(VaultError, match=r"waystation\.db.*restore the vault from a backup"):
            vault.check_pages()
    finally:
        vault.close()


def test_deferred_check_passes_an_intact_vault_and_refuses_after_lock(vault_dir) -> None:
    vault = Vault.open(vault_dir, "ada", "ada-password", check_pages=False)
    vault.check_pages()
    vault.close()
    with pytest.raises(VaultError, match="locked"):
        vault.check_pages()
