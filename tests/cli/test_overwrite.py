"""Every command that writes a file the user names refuses to replace one without --overwrite.

The refusal comes before the vault is unlocked (no password is read, so nothing
is recorded or changed) and names the file; exit code 2 as for other usage
errors. With --overwrite the file is replaced, atomically, and no temporary
file is left beside it.
"""

from __future__ import annotations

import pytest

from app.storage.vault import Vault
from tests.cli_runner import cli_runner

EARLIER = b"an earlier file the user keeps"
MODULES = (
    "app.cli.vault_commands",
    "app.cli.services_commands",
    "app.cli.report_commands",
    "app.cli.forms_commands",
    "app.cli.referral_commands",
    "app.cli.odk_commands",
)
AS_ADA = ["--user", "ada", "--password-stdin"]

# name: (arguments with {out} the file written, whether the vault is unlocked)
COMMANDS = {
    "vault backup": (["vault", "backup", "--out", "{out}", *AS_ADA], True),
    "services export": (["services", "export", "{out}", *AS_ADA], True),
    "report pdf": (["report", "pdf", "--lang", "ar", "--out", "{out}", *AS_ADA], True),
    "report stats": (["report", "stats", "--out", "{out}", *AS_ADA], True),
    "forms export-xlsform": (["forms", "export-xlsform", "border-triage", "--out", "{out}"], False),
    "forms import": (
        ["forms", "import", "{xlsx}", "--out", "{out}", "--locales", "{locales}"],
        False,
    ),
    "odk bundle": (["odk", "bundle", "--out", "{out}", *AS_ADA], True),
    "referral export": (
        ["referral", "export", "--screening", "1", "--service", "1", "--out", "{out}", *AS_ADA],
        True,
    ),
}
# Those whose success needs more than the template vault (a completed screening, a
# server) are shown replacing a file elsewhere: tests/cli/test_referral_cli.py and
# tests/sync/test_central_end_to_end.py.
REFUSAL_ONLY = {"odk bundle", "referral export"}


@pytest.fixture
def run(monkeypatch, capsys, vault_dir):
    return cli_runner(monkeypatch, capsys, MODULES, prefix=("--vault", str(vault_dir)))


def _audit_actions(vault_dir, after: int = 0) -> list[tuple[int, str]]:
    with Vault.open(vault_dir, "ada", "ada-password") as vault:
        return vault.connection.execute(
            "SELECT id, action FROM audit WHERE id > ? ORDER BY id", (after,)
        ).fetchall()


def _arguments(name: str, tmp_path, run) -> tuple[list[str], bool]:
    args, unlocks = COMMANDS[name]
    values = {"out": str(tmp_path / "chosen" / "file.out")}
    if name == "forms import":
        xlsx = tmp_path / "triage.xlsx"
        code, _out, err = run(["forms", "export-xlsform", "border-triage", "--out", str(xlsx)])
        assert code == 0, err
        values.update(xlsx=str(xlsx), locales=str(tmp_path / "locales"))
    return [part.format(**values) for part in args], unlocks


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_an_existing_file_is_kept_and_named_unless_overwrite(name, run, tmp_path, vault_dir):
    args, unlocks = _arguments(name, tmp_path, run)
    out = tmp_path / "chosen" / "file.out"
    out.parent.mkdir()
    out.write_bytes(EARLIER)
    last_entry = _audit_actions(vault_dir)[-1][0]

    # No password on stdin: the refusal comes before anything would read one.
    code, stdout, err = run(args, "")
    assert code == 2, (stdout, err)
    assert str(out) in err and "already exists" in err and "--overwrite" in err
    assert "password" not in err
    assert out.read_bytes() == EARLIER
    assert sorted(p.name for p in out.parent.iterdir()) == ["file.out"]
    # Nothing recorded: the only entry since is the unlock made to look.
    assert [action for _id, action in _audit_actions(vault_dir, last_entry)] == ["unlock"]
    if name in REFUSAL_ONLY:
        return

    code, stdout, err = run([*args, "--overwrite"], "ada-password\n" if unlocks else "")
    assert code == 0, err
    assert out.read_bytes() != EARLIER and out.stat().st_size > 0
    assert sorted(p.name for p in out.parent.iterdir()) == ["file.out"], "a temporary file left"
