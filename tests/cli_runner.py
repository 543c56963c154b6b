"""Running `waystation` in-process for tests: exit code, stdout and stderr, given stdin."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

from app.cli import main as cli_main

Runner = Callable[..., tuple[int, str, str]]


def cli_runner(
    monkeypatch,
    capsys,
    modules: Sequence[str],
    *,
    prefix: Sequence[str] = (),
    default_stdin: str = "",
) -> Runner:
    """`run(args, stdin=default_stdin)` with only `modules` registered and `prefix` before args."""
    monkeypatch.setattr(cli_main, "COMMAND_MODULES", tuple(modules))

    def run(args: Sequence[str], stdin: str = default_stdin) -> tuple[int, str, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        try:
            code = cli_main.main([*prefix, *args])
        except SystemExit as exit_:
            code = exit_.code
        out = capsys.readouterr()
        return code, out.out, out.err

    return run
