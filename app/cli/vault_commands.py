"""`waystation vault init|info|verify|backup|restore|purge|rekey`.

Exit codes: 0 ok, 1 a check failed or the vault is damaged, 2 usage error,
3 wrong password or not allowed.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.common import (
    PasswordReader,
    add_output_file,
    add_vault_options,
    open_vault,
    refuse_existing,
    say,
    vault_dir,
)
from app.i18n import _, ngettext
from app.storage.vault import Vault

EXIT_FAILED = 1


def register(subparsers) -> None:
    """Add the `vault` command group."""
    parser = subparsers.add_parser("vault", help=_("create, check, back up and restore a vault"))
    commands = parser.add_subparsers(dest="vault_command", metavar="ACTION", required=True)

    init = commands.add_parser("init", help=_("create a new vault with a first administrator"))
    add_vault_options(init, user=False)
    init.add_argument("--admin", metavar="NAME", required=True, help=_("the first administrator"))
    init.set_defaults(func=_init)

    info = commands.add_parser("info", help=_("show facts about the vault"))
    add_vault_options(info)
    info.set_defaults(func=_info)

    verify = commands.add_parser(
        "verify", help=_("check the database pages, the schema and the audit chain")
    )
    add_vault_options(verify)
    verify.set_defaults(func=_verify)

    backup = commands.add_parser("backup", help=_("write one encrypted backup file"))
    add_vault_options(backup)
    add_output_file(backup, _("the backup file to write"))
    backup.set_defaults(func=_backup)

    restore = commands.add_parser(
        "restore", help=_("unpack a backup file into a new vault folder (--vault)")
    )
    add_vault_options(restore, user=False, password=False)
    restore.add_argument("file", metavar="FILE", help=_("the backup file"))
    restore.set_defaults(func=_restore)

    purge = commands.add_parser(
        "purge", help=_("delete closed cases older than the retention period now")
    )
    add_vault_options(purge)
    purge.set_defaults(func=_purge)

    rekey = commands.add_parser(
        "rekey",
        help=_("give the vault a new data key, so older copies of the key file open nothing"),
    )
    add_vault_options(rekey)
    rekey.set_defaults(func=_rekey)


def _init(args: argparse.Namespace) -> int:
    folder = vault_dir(args)
    reader = PasswordReader(args)
    password = reader.new_password(
        _("New password for {name}: ").format(name=args.admin),
        _("the new password of {name}").format(name=args.admin),
    )
    with Vault.create(folder, args.admin, password) as vault:
        say(
            _("Created a vault in {path} with the administrator {name}.").format(
                path=folder, name=vault.user.name
            )
        )
    return 0


def _info(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        facts = vault.info()
        labels = {
            "folder": _("folder"),
            "schema_version": _("schema version"),
            "key_generation": _("key generation"),
            "users": _("accounts"),
            "cases": _("cases"),
            "screenings": _("screenings"),
            "audit_entries": _("audit entries"),
            "cipher_version": _("SQLCipher version"),
        }
        for key, value in facts.items():
            say(f"{labels.get(key, key)}: {value}")
    return 0


def _verify(args: argparse.Namespace) -> int:
    with open_vault(args, purge=False) as vault:
        report = vault.verify()
    for problem in report.problems:
        say(_("database problem: {problem}").format(problem=problem))
    bad = report.bad_audit_entry
    if bad is not None:
        say(
            _(
                "audit entry {id} ({action} by {actor} at {at}) does not match the chain: "
                "it or an entry before it was changed or removed"
            ).format(id=bad.id, action=bad.action, actor=bad.actor, at=bad.at.isoformat())
        )
    if not report.ok:
        say(_("The vault failed the check; restore it from a backup."))
        return EXIT_FAILED
    say(_("The vault is intact: database pages, schema and audit chain check out."))
    return 0


def _backup(args: argparse.Namespace) -> int:
    out = refuse_existing(args.out, args.overwrite)
    with open_vault(args) as vault:
        out = vault.backup(out)
    say(_("Wrote the encrypted backup {path}.").format(path=out))
    return 0


def _restore(args: argparse.Namespace) -> int:
    folder = Vault.restore(Path(args.file).expanduser(), vault_dir(args))
    say(
        _("Restored the backup into {path}; unlock it with the passwords at backup time.").format(
            path=folder
        )
    )
    return 0


def _rekey(args: argparse.Namespace) -> int:
    with open_vault(args, purge=False) as vault:
        vault.rekey()
        generation = vault.keyfile.generation
    say(
        _("The vault has a new data key (generation {n}); older key files open nothing.").format(
            n=generation
        )
    )
    return 0


def _purge(args: argparse.Namespace) -> int:
    with open_vault(args, purge=False) as vault:
        count = vault.purge()
    say(ngettext("Deleted {n} expired case.", "Deleted {n} expired cases.", count).format(n=count))
    return 0
