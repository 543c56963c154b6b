"""`waystation vault ...`: exit codes, messages, --vault before or after the subcommand."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest

from app.cli import main as cli_main
from app.storage import database, migrations
from app.storage.vault import Vault


@pytest.fixture
def run(monkeypatch, capsys):
    """run(args, stdin="") -> (exit code, stdout, stderr), with only the vault/user commands."""
    monkeypatch.setattr(
        cli_main, "COMMAND_MODULES", ("app.cli.vault_commands", "app.cli.user_commands")
    )

    def runner(args, stdin=""):
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        try:
            code = cli_main.main(args)
        except SystemExit as exit_:
            code = exit_.code
        out = capsys.readouterr()
        return code, out.out, out.err

    return runner


def test_init_creates_a_vault_that_unlocks(run, tmp_path):
    folder = tmp_path / "new"
    code, out, err = run(
        ["vault", "init", "--vault", str(folder), "--admin", "ada", "--password-stdin"],
        "a good password\n",
    )
    assert code == 0, err
    assert "ada" in out
    code, out, err = run(
        ["--vault", str(folder), "vault", "info", "--user", "ada", "--password-stdin"],
        "a good password\n",
    )
    assert code == 0, err
    assert f"schema version: {migrations.LATEST}" in out and "accounts: 1" in out


def test_info_accepts_vault_after_the_subcommand_too(run, vault_dir):
    code, out, _err = run(
        ["vault", "info", "--vault", str(vault_dir), "--user", "ada", "--password-stdin"],
        "ada-password\n",
    )
    assert code == 0 and "accounts: 4" in out


def test_wrong_password_exits_3_without_traceback(run, vault_dir):
    code, _out, err = run(
        ["--vault", str(vault_dir), "vault", "info", "--user", "ada", "--password-stdin"],
        "wrong password\n",
    )
    assert code == 3
    assert "wrong user name or password" in err and "Traceback" not in err


def test_missing_user_and_missing_stdin_password_are_usage_errors(run, vault_dir):
    code, _out, err = run(["--vault", str(vault_dir), "vault", "info", "--password-stdin"], "x\n")
    assert code == 2 and "--user" in err
    code, _out, err = run(
        ["--vault", str(vault_dir), "vault", "info", "--user", "ada", "--password-stdin"], ""
    )
    assert code == 2 and "line 1 of standard input" in err
    code, _out, _err = run(["vault", "nonsense"])
    assert code == 2


def test_not_a_vault_exits_1(run, tmp_path):
    code, _out, err = run(
        ["--vault", str(tmp_path), "vault", "info", "--user", "ada", "--password-stdin"], "pw\n"
    )
    assert code == 1 and "not a Waystation vault" in err


def test_verify_passes_then_names_the_edited_audit_entry(run, vault_dir, open_vault):
    args = ["--vault", str(vault_dir), "vault", "verify", "--user", "sam", "--password-stdin"]
    code, out, _err = run(args, "sam-password\n")
    assert code == 0 and "intact" in out
    vault = open_vault("ada")
    vault.connection.execute("UPDATE audit SET action = 'unlock.other' WHERE id = 3")
    vault.close()
    code, out, _err = run(args, "sam-password\n")
    assert code == 1
    assert "audit entry 3" in out and "restore it from a backup" in out


def test_verify_names_entries_cut_off_the_end(run, vault_dir, open_vault):
    vault = open_vault("ada")
    last, key = vault.audit.count(), vault.data_key
    vault.close()
    # What someone holding the data key can do in a SQLCipher shell.
    conn = database.connect(vault_dir / "waystation.db", key)
    conn.execute("DELETE FROM audit WHERE id > ?", (last - 2,))
    conn.close()
    args = ["--vault", str(vault_dir), "vault", "verify", "--user", "sam", "--password-stdin"]
    code, out, err = run(args, "sam-password\n")
    assert code == 1, err
    assert f"audit entries {last - 1} to {last} are missing" in out
    assert "Traceback" not in err


def test_flipped_byte_in_database_exits_1_naming_the_file(run, vault_dir):
    path = vault_dir / "waystation.db"
    data = bytearray(path.read_bytes())
    data[5000] ^= 0x10
    path.write_bytes(bytes(data))
    code, _out, err = run(
        ["--vault", str(vault_dir), "vault", "verify", "--user", "ada", "--password-stdin"],
        "ada-password\n",
    )
    assert code == 1 and "waystation.db" in err and "backup" in err


def test_backup_and_restore_round_trip(run, vault_dir, tmp_path):
    out_file = tmp_path / "vault.wsbackup"
    code, _out, err = run(
        [
            "--vault",
            str(vault_dir),
            "vault",
            "backup",
            "--out",
            str(out_file),
            "--user",
            "sam",
            "--password-stdin",
        ],
        "sam-password\n",
    )
    assert code == 0, err
    target = tmp_path / "restored"
    code, _out, err = run(["vault", "restore", str(out_file), "--vault", str(target)])
    assert code == 0, err
    with Vault.open(target, "sol", "sol-password") as vault:
        assert vault.verify().ok


def test_screener_may_not_back_up_or_purge(run, vault_dir, tmp_path):
    for extra in (["backup", "--out", str(tmp_path / "b")], ["purge"]):
        code, _out, err = run(
            ["--vault", str(vault_dir), "vault", *extra, "--user", "sol", "--password-stdin"],
            "sol-password\n",
        )
        assert code == 3, err
    assert not (tmp_path / "b").exists()


def test_purge_reports_the_count(run, vault_dir, open_vault):
    sol = open_vault("sol")
    case = sol.cases.create()
    old = (datetime.now(UTC) - timedelta(days=120)).isoformat()
    sol.connection.execute(
        "UPDATE cases SET status = 'closed', closed_at = ? WHERE id = ?", (old, case.id)
    )
    sol.close()
    # purge=False at unlock so the CLI purge is the one that finds the case.
    code, out, err = run(
        ["--vault", str(vault_dir), "vault", "purge", "--user", "ada", "--password-stdin"],
        "ada-password\n",
    )
    assert code == 0, err
    assert "Deleted 1 expired case." in out


def test_interactive_init_with_differing_passwords_changes_nothing(run, tmp_path, monkeypatch):
    answers = iter(["first password", "second password"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    folder = tmp_path / "new"
    code, _out, err = run(["vault", "init", "--vault", str(folder), "--admin", "ada"])
    assert code == 2 and "differ" in err
    assert not folder.exists()


def test_interactive_prompt_unlocks(run, vault_dir, monkeypatch):
    prompts = []
    monkeypatch.setattr(
        "getpass.getpass", lambda prompt="": prompts.append(prompt) or "sam-password"
    )
    code, out, _err = run(["--vault", str(vault_dir), "vault", "info", "--user", "sam"])
    assert code == 0 and "accounts: 4" in out
    assert prompts == ["Password for sam: "]
