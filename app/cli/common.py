"""What every CLI command shares: the --vault/--user/--password-stdin options,
reading passwords, opening the vault named on the command line, and refusing
to replace a file the user named unless --overwrite was given.

Passwords never come from an argument (they would show in the process list and
the shell history). Interactively they are read with getpass; with
--password-stdin each password is one line of standard input, in the order the
command documents (e.g. `user add`: the acting user's password, then the new
account's password).
"""

from __future__ import annotations

import argparse
import getpass
import sys
import warnings
from pathlib import Path

from app.domain.errors import UsageError
from app.i18n import _
from app.resources import default_vault_dir
from app.storage.vault import Vault


def add_vault_options(
    parser: argparse.ArgumentParser, *, user: bool = True, password: bool = True
) -> None:
    """--vault (also accepted before the subcommand), --user and --password-stdin."""
    parser.add_argument(
        "--vault",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help=_("vault folder (default: the user data folder)"),
    )
    if user:
        parser.add_argument("--user", metavar="NAME", help=_("the account acting"))
    if password:
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help=_("read passwords from standard input, one per line, instead of prompting"),
        )


def vault_dir(args: argparse.Namespace) -> Path:
    """The vault folder given with --vault, or the default one."""
    given = getattr(args, "vault", None)
    return Path(given).expanduser() if given else default_vault_dir()


def acting_user(args: argparse.Namespace) -> str:
    name = getattr(args, "user", None)
    if not name or not name.strip():
        raise UsageError(_("say which account is acting with --user NAME"))
    return name.strip()


class PasswordReader:
    """Reads passwords from a prompt, or one per line from standard input."""

    def __init__(self, args: argparse.Namespace, stdin=None) -> None:
        self._from_stdin = bool(getattr(args, "password_stdin", False))
        self._stdin = stdin
        self._line = 0

    def _next_line(self, what: str) -> str:
        self._line += 1
        line = (self._stdin or sys.stdin).readline()
        if not line:
            raise UsageError(
                _("expected {what} on line {n} of standard input").format(what=what, n=self._line)
            )
        return line.rstrip("\r\n")

    def password(self, prompt: str, what: str) -> str:
        """One password (for unlocking)."""
        if self._from_stdin:
            return self._next_line(what)
        return _prompt(prompt)

    def new_password(self, prompt: str, what: str) -> str:
        """A new password; asked twice when interactive."""
        if self._from_stdin:
            return self._next_line(what)
        first = _prompt(prompt)
        second = _prompt(_("Repeat the new password: "))
        if first != second:
            raise UsageError(_("the two passwords differ; nothing was changed"))
        return first


def stdin_is_terminal() -> bool:
    """True when standard input is a terminal a password can be typed into."""
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError):  # replaced or closed stream
        return False


def _prompt(prompt: str) -> str:
    """Ask for a password without echo; refuse where that is not possible."""
    if not stdin_is_terminal():
        raise UsageError(
            _(
                "no terminal to type a password into; give it on standard input "
                "with --password-stdin"
            )
        )
    with warnings.catch_warnings():
        # getpass falls back to an echoing prompt (with only a warning) when it
        # cannot switch echo off: a password on screen is worse than no prompt.
        warnings.simplefilter("error", getpass.GetPassWarning)
        try:
            return getpass.getpass(prompt)
        except getpass.GetPassWarning:
            raise UsageError(
                _(
                    "cannot hide the password as it is typed here; give it on standard "
                    "input with --password-stdin"
                )
            ) from None
        except (EOFError, KeyboardInterrupt):
            # Ctrl-D or Ctrl-C at the prompt: the user gave up; nothing was done.
            print(file=sys.stderr)
            raise UsageError(_("no password was given; nothing was done")) from None


def open_vault(
    args: argparse.Namespace, reader: PasswordReader | None = None, *, purge: bool = True
) -> Vault:
    """Unlock the vault of the command line as --user, reading the password."""
    name = acting_user(args)
    reader = reader or PasswordReader(args)
    password = reader.password(
        _("Password for {name}: ").format(name=name), _("the password of {name}").format(name=name)
    )
    vault = Vault.open(vault_dir(args), name, password, purge=purge)
    for problem in vault.unlock_problems:
        # Found while unlocking (audit head, lost changes): said on every command, not
        # only by `vault verify`, so nobody works on for weeks without knowing.
        print(_("warning: {problem}").format(problem=problem), file=sys.stderr)
    return vault


def add_output_file(
    parser: argparse.ArgumentParser,
    help_text: str,
    *,
    metavar: str = "FILE",
    positional: bool = False,
) -> None:
    """The file a command writes (`--out FILE`, or a positional FILE read as `args.file`),
    with --overwrite, the one way to let the command replace a file that exists already;
    check both with `refuse_existing` before unlocking."""
    if positional:
        parser.add_argument("file", metavar=metavar, help=help_text)
        replaces = _("replace {file} if it exists").format(file=metavar)
    else:
        parser.add_argument("--out", metavar=metavar, required=True, help=help_text)
        replaces = _("replace the file --out names if it exists")
    parser.add_argument("--overwrite", action="store_true", help=replaces)


def refuse_existing(path: Path | str, overwrite: bool) -> Path:
    """`path` as a Path; UsageError naming it when it is an existing file and
    --overwrite was not given. Call it before unlocking, so that a refusal
    records and changes nothing. A folder passes: the command decides about it."""
    target = Path(path).expanduser()
    if (target.exists() or target.is_symlink()) and not target.is_dir() and not overwrite:
        raise UsageError(
            _(
                "{path} already exists; choose another file name, or add --overwrite to replace it"
            ).format(path=path)
        )
    return target


def say(text: str) -> None:
    """Print a line of output for the user."""
    print(text)
