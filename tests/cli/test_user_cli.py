"""`waystation user ...`: two passwords on stdin, roles enforced, exit codes."""

from __future__ import annotations

import pytest

from app.storage.vault import Vault
from tests.cli_runner import cli_runner


@pytest.fixture
def run(monkeypatch, capsys, vault_dir):
    """run(args, stdin) on the test's vault copy (new accounts pay the real key derivation)."""
    return cli_runner(
        monkeypatch,
        capsys,
        ("app.cli.vault_commands", "app.cli.user_commands"),
        prefix=("--vault", str(vault_dir)),
        default_stdin="",
    )


def test_add_reads_actor_then_new_password(run, vault_dir):
    code, out, err = run(
        ["user", "add", "zoe", "--role", "screener", "--user", "ada", "--password-stdin"],
        "ada-password\nzoe-password\n",
    )
    assert code == 0, err
    assert "zoe" in out
    with Vault.open(vault_dir, "zoe", "zoe-password") as vault:
        assert vault.user.role == "screener"


def test_add_with_bad_role_or_missing_second_password_is_usage(run):
    code, _out, err = run(
        ["user", "add", "zoe", "--role", "boss", "--user", "ada", "--password-stdin"], "x\n"
    )
    assert code == 2 and "boss" in err
    code, _out, err = run(
        ["user", "add", "zoe", "--role", "screener", "--user", "ada", "--password-stdin"],
        "ada-password\n",
    )
    assert code == 2 and "line 2" in err


def test_screener_cannot_add_users(run):
    code, _out, err = run(
        ["user", "add", "eve", "--role", "admin", "--user", "sol", "--password-stdin"],
        "sol-password\neve-password\n",
    )
    assert code == 3 and "may not" in err


def test_list_shows_accounts_and_roles(run):
    code, out, _err = run(["user", "list", "--user", "sol", "--password-stdin"], "sol-password\n")
    assert code == 0
    lines = [line.split("\t")[:2] for line in out.splitlines()]
    assert lines == [
        ["ada", "admin"],
        ["sam", "supervisor"],
        ["sky", "screener"],
        ["sol", "screener"],
    ]


def test_passwd_changes_own_password(run, vault_dir):
    code, _out, err = run(
        ["user", "passwd", "--user", "sol", "--password-stdin"], "sol-password\nfresh-password\n"
    )
    assert code == 0, err
    with Vault.open(vault_dir, "sol", "fresh-password") as vault:
        assert vault.user.name == "sol"


def test_remove_rekeys_and_locks_the_account_out(run, vault_dir):
    code, out, err = run(
        ["user", "remove", "sky", "--user", "ada", "--password-stdin"], "ada-password\n"
    )
    assert code == 0, err
    assert "new key" in out
    code, _out, err = run(["user", "list", "--user", "sky", "--password-stdin"], "sky-password\n")
    assert code == 3


def test_role_change_by_admin_only(run, vault_dir):
    code, _out, err = run(
        ["user", "role", "sky", "supervisor", "--user", "sol", "--password-stdin"], "sol-password\n"
    )
    assert code == 3, err
    code, _out, err = run(
        ["user", "role", "sky", "supervisor", "--user", "ada", "--password-stdin"], "ada-password\n"
    )
    assert code == 0, err
    with Vault.open(vault_dir, "sky", "sky-password") as vault:
        assert vault.user.role == "supervisor"
