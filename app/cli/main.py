"""Argument parsing and dispatch for `waystation` and its subcommands."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from app import __version__
from app.domain.errors import WaystationError
from app.i18n import _

# Each module has `register(subparsers)`, adding its commands with `func` set.
COMMAND_MODULES = (
    "app.cli.vault_commands",
    "app.cli.user_commands",
    "app.cli.forms_commands",
    "app.cli.demo_commands",
    "app.cli.services_commands",
    "app.cli.referral_commands",
    "app.cli.report_commands",
    "app.cli.odk_commands",
    "app.cli.case_commands",
)

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_DENIED = 3


def command_name(module: str) -> str:
    """The subcommand a command module adds: app.cli.vault_commands -> vault."""
    return module.rsplit(".", 1)[1].removesuffix("_commands")


def wants_desktop(argv: Sequence[str]) -> bool:
    """True when no subcommand (and no help or version) is asked for: open the app.

    The desktop path then skips importing every command module, which would load
    the storage, engine and export packages before the first window shows.
    """
    names = {command_name(module) for module in COMMAND_MODULES}
    return not any(arg in names or arg in ("-h", "--help", "--version") for arg in argv)


def build_parser(*, with_commands: bool = True) -> argparse.ArgumentParser:
    """The parser for the whole command line (global options only for the desktop)."""
    parser = argparse.ArgumentParser(
        prog="waystation",
        description=_("Trauma-informed screening and referral, offline and encrypted."),
    )
    parser.add_argument("--version", action="version", version=f"waystation {__version__}")
    parser.add_argument(
        "--vault", metavar="DIR", help=_("vault folder (default: the user data folder)")
    )
    parser.add_argument("--demo", action="store_true", help=_("open a throwaway demo vault"))
    parser.add_argument("--lang", metavar="LANG", help=_("user interface language code"))
    if not with_commands:
        parser.set_defaults(command=None)
        return parser
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; without a subcommand, open the desktop app."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(with_commands=not wants_desktop(argv))
    args = parser.parse_args(argv)
    if args.lang:
        from app.i18n import is_offered, set_language

        if not is_offered(args.lang):
            parser.error(_("language not offered: {code}").format(code=args.lang))
        set_language(args.lang)
    if args.command is None:
        from app.ui.application import run_desktop

        return run_desktop(vault=args.vault, demo=args.demo, lang=args.lang)
    try:
        return int(args.func(args) or EXIT_OK)
    except WaystationError as error:
        print(_("error: {message}").format(message=error), file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print(_("interrupted"), file=sys.stderr)
        return EXIT_FAILED
    except OSError as error:
        # Last resort for a file the system refused that no command turned into a
        # message: name the file, never show a traceback.
        reason = error.strerror or str(error)
        if error.filename:
            message = _("cannot use {path}: {reason}").format(path=error.filename, reason=reason)
        else:
            message = reason
        print(_("error: {message}").format(message=message), file=sys.stderr)
        return EXIT_FAILED
