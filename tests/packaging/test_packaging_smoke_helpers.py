"""The smoke test's own judgement: subcommand detection, glibc floor, failed runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))

import smoke_test  # noqa: E402

HELP = """usage: waystation [-h] [--version] [--vault DIR] COMMAND ...

positional arguments:
  COMMAND
    vault      create, check, back up and restore a vault
    forms      list and check questionnaires
    demo       create a demo vault with synthetic cases in a new folder
"""


def test_subcommands_are_found_in_help_output() -> None:
    assert smoke_test.offers_command(HELP, "demo")
    assert smoke_test.offers_command(HELP, "forms")
    assert not smoke_test.offers_command(HELP, "services")
    # "--demo" as an option, or "demo" inside a help sentence, is not the command.
    assert not smoke_test.offers_command("usage: waystation [--demo]\n  a demo vault\n", "demo")
    assert smoke_test.offers_command("usage: waystation {vault,demo} ...\n", "demo")


def test_glibc_floor_is_the_newest_version_an_elf_file_asks_for(tmp_path: Path) -> None:
    (tmp_path / "libone.so.1").write_bytes(b"\x7fELF" + b"\0GLIBC_2.17\0GLIBC_2.34\0")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "two.so").write_bytes(b"\x7fELF" + b"\0GLIBC_2.28\0GLIBC_2.3.4\0")
    (tmp_path / "notes.txt").write_bytes(b"GLIBC_2.99")  # not a program
    (tmp_path / "fake.so").write_bytes(b"GLIBC_2.98")  # no ELF header
    assert smoke_test.glibc_floor(tmp_path) == (2, 34)


def _done(code: int, stderr: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.CompletedProcess(["waystation"], code, stdout="out\n", stderr=stderr)


def test_a_run_fails_on_a_wrong_exit_code_or_a_traceback() -> None:
    assert smoke_test.expect(_done(0)) == "out\n"
    assert smoke_test.expect(_done(3), code=3) == "out\n"
    with pytest.raises(smoke_test.CheckFailed, match="exit code 1, expected 0"):
        smoke_test.expect(_done(1, "error: no vault"))
    with pytest.raises(smoke_test.CheckFailed, match="traceback"):
        smoke_test.expect(_done(0, "Traceback (most recent call last):\n  boom"))


def test_runs_cannot_reach_the_real_home_or_temp_folder(tmp_path: Path) -> None:
    (tmp_path / "sandbox").mkdir()
    bundle = smoke_test.Bundle(tmp_path / "dist", tmp_path / "sandbox")
    env = bundle.env()
    for key in ("HOME", "USERPROFILE", "APPDATA", "LOCALAPPDATA", "XDG_DATA_HOME", "TMPDIR"):
        assert Path(env[key]).is_relative_to(tmp_path / "sandbox"), key
    assert env["QT_QPA_PLATFORM"] == "offscreen"
