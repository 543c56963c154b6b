"""`waystation user add|list|passwd|remove|role`.

With --password-stdin the passwords are read one per line: first the acting
user's password, then (for `add` and `passwd`) the new password.
"""

from __future__ import annotations

import argparse

from app.cli.common import PasswordReader, add_vault_options, open_vault, say
from app.domain.errors import UsageError
from app.domain.roles import Role, parse_role
from app.i18n import _, format_datetime


def _role_argument(text: str) -> Role:
    # argparse reports ArgumentTypeError as a usage error (exit 2) with our message.
    try:
        return parse_role(text)
    except UsageError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def register(subparsers) -> None:
    """Add the `user` command group."""
    parser = subparsers.add_parser("user", help=_("manage the vault's accounts"))
    commands = parser.add_subparsers(dest="user_command", metavar="ACTION", required=True)

    add = commands.add_parser("add", help=_("add an account (administrators only)"))
    add_vault_options(add)
    add.add_argument("name", metavar="NAME", help=_("the new account's name"))
    add.add_argument(
        "--role",
        required=True,
        type=_role_argument,
        metavar="ROLE",
        help=_("one of: {roles}").format(roles=", ".join(r.value for r in Role)),
    )
    add.set_defaults(func=_add)

    listing = commands.add_parser("list", help=_("list the accounts"))
    add_vault_options(listing)
    listing.set_defaults(func=_list)

    passwd = commands.add_parser(
        "passwd", help=_("change your password, or reset another's (administrators)")
    )
    add_vault_options(passwd)
    passwd.add_argument("name", metavar="NAME", nargs="?", help=_("the account (default: --user)"))
    passwd.set_defaults(func=_passwd)

    remove = commands.add_parser(
        "remove", help=_("remove an account and re-key the vault (administrators only)")
    )
    add_vault_options(remove)
    remove.add_argument("name", metavar="NAME", help=_("the account to remove"))
    remove.set_defaults(func=_remove)

    role = commands.add_parser("role", help=_("change an account's role (administrators only)"))
    add_vault_options(role)
    role.add_argument("name", metavar="NAME", help=_("the account"))
    role.add_argument("role", metavar="ROLE", type=_role_argument, help=_("the new role"))
    role.set_defaults(func=_role)


def _add(args: argparse.Namespace) -> int:
    reader = PasswordReader(args)
    with open_vault(args, reader) as vault:
        password = reader.new_password(
            _("New password for {name}: ").format(name=args.name),
            _("the new password of {name}").format(name=args.name),
        )
        user = vault.users.add(args.name, args.role, password)
    say(_("Added the account {name} ({role}).").format(name=user.name, role=user.role.title))
    return 0


def _list(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        for user in vault.users.list():
            say(f"{user.name}\t{user.role.value}\t{format_datetime(user.created)}")
    return 0


def _passwd(args: argparse.Namespace) -> int:
    reader = PasswordReader(args)
    with open_vault(args, reader) as vault:
        name = args.name or vault.user.name
        password = reader.new_password(
            _("New password for {name}: ").format(name=name),
            _("the new password of {name}").format(name=name),
        )
        vault.users.passwd(name, password)
    say(_("Changed the password of {name}.").format(name=name))
    return 0


def _remove(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        vault.users.remove(args.name)
    say(_("Removed the account {name}; the vault has a new key.").format(name=args.name))
    return 0


def _role(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        user = vault.users.set_role(args.name, args.role)
    say(_("{name} is now a {role}.").format(name=user.name, role=user.role.title))
    return 0
