"""`waystation odk ...`: sending screenings to an ODK Central server (docs/sync.md).

publish and purge-withdrawn act as a Central web user (email and password,
never stored) and need no vault; connect, policy, status, push and bundle act
on the vault; push-bundle needs only a bundle and the App User link. The App
User link is a credential: give `-` instead of it to read it from standard
input (after the passwords, with --password-stdin).
"""

from __future__ import annotations

import argparse
import base64
from pathlib import Path

from app.cli.common import (
    PasswordReader,
    add_output_file,
    add_vault_options,
    open_vault,
    refuse_existing,
    say,
)
from app.domain.errors import SyncError, UsageError
from app.i18n import _, format_datetime, ngettext
from app.screening.loader import load_forms

EXIT_FAILED = 1
_ON_OFF = {"on": True, "yes": True, "true": True, "off": False, "no": False, "false": False}


def register(subparsers) -> None:
    """Add the `odk` command group."""
    parser = subparsers.add_parser("odk", help=_("send screenings to an ODK Central server"))
    commands = parser.add_subparsers(dest="odk_command", metavar="ACTION", required=True)

    publish = commands.add_parser(
        "publish", help=_("publish the questionnaires to a Central project (web user)")
    )
    _web_user_options(publish)
    publish.add_argument(
        "--public-key",
        metavar="FILE.pem",
        help=_("the organisation's own RSA public key, for forms Central cannot decrypt"),
    )
    publish.add_argument(
        "--grant-app-users",
        action="store_true",
        help=_("let every App User of the project submit to these forms"),
    )
    publish.set_defaults(func=_publish)

    connect = commands.add_parser(
        "connect", help=_("connect this laptop with an App User link (administrators)")
    )
    add_vault_options(connect)
    connect.add_argument("link", metavar="URL", help=_("the App User link, or - to read it"))
    connect.set_defaults(func=_connect)

    disconnect = commands.add_parser(
        "disconnect", help=_("forget the server link (administrators)")
    )
    add_vault_options(disconnect)
    disconnect.set_defaults(func=_disconnect)

    policy = commands.add_parser(
        "policy", help=_("what is sent and when (administrators); without options, show it")
    )
    add_vault_options(policy)
    policy.add_argument("--send", choices=("outcome", "answers"), help=_("what is sent"))
    policy.add_argument("--auto-send", choices=tuple(_ON_OFF), help=_("send without being asked"))
    policy.add_argument(
        "--allow-unencrypted",
        choices=tuple(_ON_OFF),
        help=_("allow sending to forms that are not encrypted (not recommended)"),
    )
    policy.set_defaults(func=_policy)

    status = commands.add_parser("status", help=_("the server, and what waits, was sent or failed"))
    add_vault_options(status)
    status.set_defaults(func=_status)

    push = commands.add_parser("push", help=_("send what waits, encrypted"))
    add_vault_options(push)
    push.set_defaults(func=_push)

    bundle = commands.add_parser("bundle", help=_("write what waits into a bundle file"))
    add_vault_options(bundle)
    add_output_file(bundle, _("the bundle to write"))
    bundle.set_defaults(func=_bundle)

    push_bundle = commands.add_parser(
        "push-bundle", help=_("send a bundle from any machine (no vault needed)")
    )
    push_bundle.add_argument("file", metavar="FILE", help=_("the bundle to send"))
    push_bundle.add_argument(
        "--server", metavar="URL", default="-", help=_("the App User link, or - to read it")
    )
    push_bundle.set_defaults(func=_push_bundle)

    purge = commands.add_parser(
        "purge-withdrawn", help=_("delete withdrawn submissions from Central (web user)")
    )
    _web_user_options(purge)
    purge.set_defaults(func=_purge)


def _web_user_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--url", required=True, help=_("the Central server, e.g. https://HOST"))
    parser.add_argument("--project", required=True, type=int, help=_("the project number"))
    parser.add_argument("--email", required=True, help=_("the web user's email"))
    parser.add_argument(
        "--password-stdin", action="store_true", help=_("read the password from standard input")
    )


def _session(args: argparse.Namespace):
    from app.sync.central import CentralSession

    password = PasswordReader(args).password(
        _("Central password for {email}: ").format(email=args.email),
        _("the Central password of {email}").format(email=args.email),
    )
    return CentralSession(args.url, args.email, password)


def _link(text: str, reader: PasswordReader) -> str:
    if text != "-":
        return text
    return reader.password(_("App User link: "), _("the App User link"))


def _forms() -> dict:
    return {form.id: form for form in load_forms()}


def _progress(done: int, total: int) -> None:
    if total and (done == total or done % 50 == 0):
        say(_("{done} of {total}").format(done=done, total=total))


def _publish(args: argparse.Namespace) -> int:
    from cryptography.hazmat.primitives import serialization

    from app.sync.publish import publish

    public_key = None
    if args.public_key:
        try:
            key = serialization.load_pem_public_key(Path(args.public_key).read_bytes())
        except (OSError, ValueError) as error:
            raise UsageError(
                _("{path} is not a readable PEM public key: {reason}").format(
                    path=args.public_key, reason=error
                )
            ) from None
        der = key.public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        public_key = base64.b64encode(der).decode("ascii")
    forms = list(_forms().values())
    with _session(args) as session:
        done = publish(
            session,
            args.project,
            forms,
            public_key=public_key,
            grant_app_users=args.grant_app_users,
        )
    titles = {"created": _("created"), "updated": _("new version"), "unchanged": _("unchanged")}
    for item in done:
        say(f"{item.form_id}\t{item.version}\t{titles[item.action]}")
    return 0


def _connect(args: argparse.Namespace) -> int:
    from app.sync.push import connect

    reader = PasswordReader(args)
    with open_vault(args, reader) as vault:
        forms = connect(vault, _link(args.link, reader))
        laptop = vault.sync_config.laptop_id()
    for form in forms:
        state = _("encrypted") if form.public_key else _("NOT encrypted")
        say(f"{form.form_id}\t{form.version}\t{state}")
    say(_("Connected. This laptop's id on the server: {laptop}").format(laptop=laptop))
    return 0


def _disconnect(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        vault.sync_config.disconnect()
    say(_("The server link was removed from this vault."))
    return 0


def _policy(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        config = vault.sync_config
        config.set_policy(
            policy=args.send,
            auto_send=_ON_OFF[args.auto_send] if args.auto_send else None,
            allow_unencrypted=_ON_OFF[args.allow_unencrypted] if args.allow_unencrypted else None,
        )
        _show_policy(config.policy.value, config.auto_send, config.allow_unencrypted)
    return 0


def _show_policy(policy: str, auto_send: bool, allow_unencrypted: bool) -> None:
    sent = {
        "outcome": _("outcome and decision only"),
        "answers": _("outcome, decision and answers"),
    }[policy]
    say(_("Sent: {what}").format(what=sent))
    say(_("Automatic sending: {state}").format(state=_("on") if auto_send else _("off")))
    say(
        _("Unencrypted forms: {state}").format(
            state=_("allowed") if allow_unencrypted else _("refused")
        )
    )


def _status(args: argparse.Namespace) -> int:
    from app.sync.push import status

    with open_vault(args) as vault:
        info = status(vault)
    say(_("Server: {server}").format(server=info.server or _("not connected")))
    say(_("This laptop: {laptop}").format(laptop=info.laptop_id))
    _show_policy(info.policy, info.auto_send, info.allow_unencrypted)
    counts = info.counts
    say(
        _("Waiting: {waiting}  In a bundle: {bundled}  Sent: {sent}  Failed: {failed}").format(
            waiting=counts.waiting, bundled=counts.bundled, sent=counts.sent, failed=counts.failed
        )
    )
    say(_("Withdrawal notices to send: {count}").format(count=counts.withdrawals))
    if counts.last_attempt:
        say(_("Last attempt: {time}").format(time=format_datetime(counts.last_attempt)))
    if counts.last_sent:
        say(_("Last sent: {time}").format(time=format_datetime(counts.last_sent)))
    for instance_id, error in info.errors:
        say(f"{instance_id}\t{error}")
    return 0


def _push(args: argparse.Namespace) -> int:
    from app.sync.push import push

    with open_vault(args) as vault:
        report = push(vault, _forms(), progress=_progress)
    say(
        _(
            "Delivered: {sent}  Already on the server: {duplicates}  Withdrawal notices: {notices}"
        ).format(sent=report.sent, duplicates=report.duplicates, notices=report.withdrawals)
    )
    if report.failed:
        say(
            ngettext("{count} not sent:", "{count} not sent:", report.failed).format(
                count=report.failed
            )
        )
        for reason in report.reasons:
            say("  " + reason)
        return EXIT_FAILED
    return 0


def _bundle(args: argparse.Namespace) -> int:
    from app.sync.bundle import write_bundle

    out = refuse_existing(args.out, args.overwrite)
    with open_vault(args) as vault:
        report = write_bundle(vault, _forms(), out)
    say(
        _("Bundle {path}: {screenings} screenings, {notices} withdrawal notices").format(
            path=args.out, screenings=report.screenings, notices=report.withdrawals
        )
    )
    for reason in report.refused:
        say(_("Left out: {reason}").format(reason=reason))
    return 0


def _push_bundle(args: argparse.Namespace) -> int:
    from app.sync.bundle import push_bundle

    link = _link(args.server, PasswordReader(argparse.Namespace(password_stdin=True)))
    report = push_bundle(args.file, link, progress=_progress)
    say(
        _(
            "Delivered: {sent}  Already on the server: {duplicates}  Withdrawal notices: {notices}"
        ).format(sent=report.sent, duplicates=report.duplicates, notices=report.withdrawals)
    )
    if report.failed:
        for reason in report.refused:
            say("  " + reason)
        raise SyncError(
            ngettext(
                "{count} submission was not delivered; send the bundle again later",
                "{count} submissions were not delivered; send the bundle again later",
                report.failed,
            ).format(count=report.failed)
        )
    return 0


def _purge(args: argparse.Namespace) -> int:
    from app.sync.purge import purge_withdrawn

    with _session(args) as session:
        report = purge_withdrawn(session, args.project)
    say(
        _(
            "Withdrawal notices: {notices}  Submissions deleted: {deleted}  Waiting: {waiting}"
        ).format(notices=report.notices, deleted=report.deleted, waiting=report.waiting)
    )
    return 0
