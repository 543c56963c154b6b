"""The command line opens the desktop app without loading every command, and runs commands."""

from __future__ import annotations

import subprocess
import sys

import pytest

from app.cli.main import COMMAND_MODULES, command_name, wants_desktop


def test_every_command_module_is_named_for_its_subcommand() -> None:
    assert [command_name(m) for m in COMMAND_MODULES] == [
        "vault",
        "user",
        "forms",
        "demo",
        "services",
        "referral",
        "report",
        "odk",
        "case",
    ]


@pytest.mark.parametrize(
    ("argv", "desktop"),
    [
        ([], True),
        (["--vault", "somewhere", "--lang", "ar"], True),
        (["--demo"], True),
        (["vault", "info"], False),
        (["--vault", "x", "forms", "list"], False),
        (["--help"], False),
        (["--version"], False),
    ],
)
def test_desktop_or_command(argv: list[str], desktop: bool) -> None:
    assert wants_desktop(argv) is desktop


def test_desktop_start_imports_no_command_module(tmp_path) -> None:
    probe = (
        "import sys\n"
        "import app.ui.application as ui\n"
        "ui.run_desktop = lambda **kw: 0\n"
        "from app.cli.main import main\n"
        f"assert main(['--vault', {str(tmp_path)!r}]) == 0\n"
        "print(sorted(m for m in sys.modules if m.endswith('_commands')))\n"
    )
    env_run = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert env_run.stdout.strip() == "[]"
