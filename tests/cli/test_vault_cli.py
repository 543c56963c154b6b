"""`waystation vault ...`: exit codes, messages, --vault before or after the subcommand."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.cli import main as cli_main
from app.storage import database, migrations
from app.storage.vault import Vault
from tests.cli_runner import cli_runner

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def run(monkeypatch, capsys):
    """run(args, stdin="") -> (exit code, stdout, stderr), with only the vault/user commands."""
    return cli_runner(
        monkeypatch,
        capsys,
        ("app.cli.vault_commands", "app.cli.user_commands"),
        prefix=(),
        default_stdin="",
    )


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
    monkeypatch.setattr("app.cli.common.stdin_is_terminal", lambda: True)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    folder = tmp_path / "new"
    code, _out, err = run(["vault", "init", "--vault", str(folder), "--admin", "ada"])
    assert code == 2 and "differ" in err
    assert not folder.exists()


def test_interactive_prompt_unlocks(run, vault_dir, monkeypatch):
    prompts = []
    monkeypatch.setattr("app.cli.common.stdin_is_terminal", lambda: True)
    monkeypatch.setattr(
        "getpass.getpass", lambda prompt="": prompts.append(prompt) or "sam-password"
    )
    code, out, _err = run(["--vault", str(vault_dir), "vault", "info", "--user", "sam"])
    assert code == 0 and "accounts: 4" in out
    assert prompts == ["Password for sam: "]


# -- targets the system refuses, and prompts that cannot be shown ---------------


@pytest.fixture
def unwritable(tmp_path):
    """A folder nothing can be created in: read-only (0500), or under /proc as root."""
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        (folder / "probe").mkdir()
    except OSError:
        yield folder
    else:  # root ignores the mode bits; /proc refuses even root
        if not Path("/proc/self").is_dir():
            pytest.skip("running as root without /proc: no unwritable folder to test with")
        yield Path("/proc")
    finally:
        folder.chmod(0o700)


BACKUP_AS_ADA = ("vault", "backup", "--user", "ada", "--password-stdin", "--vault")


def _clean_failure(code, err, expected_code, *words):
    assert code == expected_code, err
    assert "Traceback" not in err
    assert err.lstrip("\n").startswith("error: ")
    for word in words:
        assert word in err, err


def test_init_into_an_unwritable_place_names_the_folder(run, unwritable):
    target = unwritable / "vault"
    code, _out, err = run(
        ["vault", "init", "--vault", str(target), "--admin", "ada", "--password-stdin"],
        "a good password\n",
    )
    _clean_failure(code, err, 1, str(target), "choose a folder you can write to")


def test_restore_into_an_unwritable_place_names_the_folder(run, vault_dir, tmp_path, unwritable):
    backup = tmp_path / "b.wsbackup"
    code, _out, err = run(
        [*BACKUP_AS_ADA, str(vault_dir), "--out", str(backup)],
        "ada-password\n",
    )
    assert code == 0, err
    target = unwritable / "restored"
    code, _out, err = run(["vault", "restore", str(backup), "--vault", str(target)])
    _clean_failure(code, err, 1, str(target))


def test_backup_into_an_unwritable_folder_names_the_file(run, vault_dir, unwritable):
    out = unwritable / "vault.wsbackup"
    code, _out, err = run(
        [*BACKUP_AS_ADA, str(vault_dir), "--out", str(out)],
        "ada-password\n",
    )
    _clean_failure(code, err, 1, f"cannot write {out}:", "choose a folder you can write to")
    assert ".tmp" not in err


def test_demo_into_an_unwritable_place_names_the_folder(monkeypatch, capsys, unwritable):
    monkeypatch.setattr(cli_main, "COMMAND_MODULES", ("app.cli.demo_commands",))
    monkeypatch.setattr("sys.stdin", io.StringIO("a good password\n"))
    target = unwritable / "demo"
    code = cli_main.main(["demo", "--out", str(target), "--cases", "1", "--password-stdin"])
    _clean_failure(code, capsys.readouterr().err, 1, str(target))


def test_no_terminal_means_no_prompt_but_a_pointer_to_password_stdin(run, vault_dir, monkeypatch):
    def must_not_prompt(prompt=""):
        raise AssertionError("prompted without a terminal")

    monkeypatch.setattr("getpass.getpass", must_not_prompt)
    code, _out, err = run(["--vault", str(vault_dir), "vault", "info", "--user", "sam"])
    _clean_failure(code, err, 2, "--password-stdin")


@pytest.mark.parametrize("stop", [EOFError, KeyboardInterrupt])
def test_ctrl_d_or_ctrl_c_at_the_prompt_is_a_clean_refusal(run, tmp_path, monkeypatch, stop):
    def give_up(prompt=""):
        raise stop

    monkeypatch.setattr("app.cli.common.stdin_is_terminal", lambda: True)
    monkeypatch.setattr("getpass.getpass", give_up)
    folder = tmp_path / "new"
    code, _out, err = run(["vault", "init", "--vault", str(folder), "--admin", "ada"])
    _clean_failure(code, err, 2, "no password was given")
    assert not folder.exists()


def test_a_prompt_that_would_echo_the_password_is_refused(run, vault_dir, monkeypatch):
    import getpass
    import warnings

    def echoing(prompt=""):
        warnings.warn("Can not control echo on the terminal.", getpass.GetPassWarning, 2)
        return "sam-password"  # what the fallback would read, visibly

    monkeypatch.setattr("app.cli.common.stdin_is_terminal", lambda: True)
    monkeypatch.setattr("getpass.getpass", echoing)
    code, out, err = run(["--vault", str(vault_dir), "vault", "info", "--user", "sam"])
    _clean_failure(code, err, 2, "--password-stdin")
    assert "accounts" not in out


def test_a_real_process_without_terminal_or_stdin_exits_cleanly(vault_dir):
    # A new session has no controlling terminal; standard input is closed.
    done = subprocess.run(
        [sys.executable, "-m", "app", "--vault", str(vault_dir), "vault", "info", "--user", "sam"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        start_new_session=True,
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "--password-stdin" in done.stderr


def test_an_unexpected_file_error_is_a_message_naming_the_file(run, vault_dir, monkeypatch):
    def refused(args):
        raise PermissionError(13, "Permission denied", "/somewhere/file")

    monkeypatch.setattr("app.cli.vault_commands._info", refused)
    code, _out, err = run(["--vault", str(vault_dir), "vault", "info", "--user", "sam"])
    _clean_failure(code, err, 1, "/somewhere/file", "Permission denied")
