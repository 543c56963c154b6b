"""The command line on a vault in trouble: open elsewhere, re-keyed, problems found at unlock."""

from __future__ import annotations

import pytest

from app.storage.keyfile import KeyFile
from app.storage.vault import Vault
from tests.cli_runner import cli_runner


@pytest.fixture
def run(monkeypatch, capsys):
    return cli_runner(monkeypatch, capsys, ("app.cli.vault_commands", "app.cli.user_commands"))


def test_rekey_gives_a_new_generation_and_only_admins_may(run, vault_dir):
    code, out, err = run(
        ["vault", "rekey", "--vault", str(vault_dir), "--user", "ada", "--password-stdin"],
        "ada-password\n",
    )
    assert code == 0, err
    assert "generation 2" in out
    assert KeyFile.load(vault_dir / "keyfile.json").generation == 2
    code, _out, err = run(
        ["vault", "rekey", "--vault", str(vault_dir), "--user", "sol", "--password-stdin"],
        "sol-password\n",
    )
    assert code == 3 and "Traceback" not in err


def test_a_problem_found_at_unlock_is_said_by_every_command(run, vault_dir):
    with Vault.open(vault_dir, "ada", "ada-password") as vault:
        older = (vault_dir / "audit-head.json").read_bytes()
        for _ in range(3):
            vault.cases.create()
    (vault_dir / "audit-head.json").write_bytes(older)
    code, out, err = run(
        ["user", "list", "--vault", str(vault_dir), "--user", "sol", "--password-stdin"],
        "sol-password\n",
    )
    assert code == 0 and "sol" in out
    assert "warning: " in err and "audit-head.json is older than the database" in err
    code, out, _err = run(
        ["vault", "verify", "--vault", str(vault_dir), "--user", "ada", "--password-stdin"],
        "ada-password\n",
    )
    assert code == 1 and "older than the database" in out


def test_a_mismatched_key_file_names_both_files(run, vault_dir, tmp_path):
    old = (vault_dir / "keyfile.json").read_bytes()
    code, _out, err = run(
        ["user", "remove", "sky", "--vault", str(vault_dir), "--user", "ada", "--password-stdin"],
        "ada-password\n",
    )
    assert code == 0, err
    (vault_dir / "keyfile.json").write_bytes(old)
    code, _out, err = run(
        ["vault", "info", "--vault", str(vault_dir), "--user", "sky", "--password-stdin"],
        "sky-password\n",
    )
    assert code == 1 and "Traceback" not in err
    assert "keyfile.json does not open the database" in err and "waystation.db" in err
