"""One vault, one program: a second program is refused with a clear message."""

from __future__ import annotations

import os
import signal

import pytest

from app.domain.errors import VaultError
from app.storage.keyfile import TEST_KDF
from app.storage.vault import Vault
from app.storage.vault_lock import VaultInUse
from tests.cli_runner import cli_runner

from .other_program import hold_open


@pytest.fixture
def holder(vault_dir):
    """Another program (standing in for the desktop) with the vault open."""
    child = hold_open(vault_dir)
    yield child
    if child.poll() is None:
        child.kill()
    child.wait(10)


IN_ANOTHER = "is open in another Waystation window or program"


def test_a_second_program_is_refused_while_the_first_has_it_open(vault_dir, holder):
    with pytest.raises(VaultInUse, match=IN_ANOTHER):
        Vault.open(vault_dir, "ada", "ada-password")
    with pytest.raises(VaultInUse, match=IN_ANOTHER):
        Vault.open(vault_dir, "sol", "wrong password")  # refused before any password check
    holder.stdin.close()
    holder.wait(10)
    with Vault.open(vault_dir, "ada", "ada-password") as vault:
        assert vault.verify().ok


def test_the_command_line_cannot_rekey_under_the_desktop(vault_dir, holder, monkeypatch, capsys):
    run = cli_runner(monkeypatch, capsys, ["app.cli.user_commands"])
    code, _out, err = run(
        ["user", "remove", "sky", "--vault", str(vault_dir), "--user", "ada", "--password-stdin"],
        "ada-password\n",
    )
    assert code == 1 and IN_ANOTHER in err and "Traceback" not in err
    holder.stdin.write("save\n")
    holder.stdin.flush()
    assert holder.stdout.readline().strip() == "saved"  # the desktop writes on, unharmed
    holder.stdin.close()
    assert holder.wait(10) == 0
    with Vault.open(vault_dir, "sky", "sky-password") as sky:  # nothing was removed
        assert sky.verify().ok


def test_a_killed_program_leaves_no_lock_behind(vault_dir, holder):
    holder.send_signal(signal.SIGKILL)
    holder.wait(10)
    with Vault.open(vault_dir, "ada", "ada-password") as vault:
        assert vault.verify().ok


def test_one_program_may_open_a_vault_twice_but_not_rekey_it_then(vault_dir, open_vault):
    ada, sol = open_vault("ada"), open_vault("sol")
    with pytest.raises(VaultInUse, match="open more than once in this program"):
        ada.users.remove("sky")
    ada.users.add("zoe", "screener", "zoe-password", kdf=TEST_KDF)
    sol.close()
    second = open_vault("ada")
    second.users.add("max", "screener", "max-password", kdf=TEST_KDF)  # sees zoe's key file
    ada.close()
    second.users.remove("sky")
    assert {slot.name for slot in second.keyfile.slots} == {"ada", "sam", "sol", "zoe", "max"}
    second.close()
    for name in ("zoe", "max"):
        with Vault.open(vault_dir, name, f"{name}-password") as vault:
            assert vault.verify().ok


def test_a_read_only_folder_without_a_lock_file_says_so(vault_dir):
    if os.geteuid() == 0:
        pytest.skip("root writes into read-only folders")
    os.chmod(vault_dir, 0o500)
    try:
        with pytest.raises(VaultError, match="cannot lock the vault"):
            Vault.open(vault_dir, "ada", "ada-password")
    finally:
        os.chmod(vault_dir, 0o700)
