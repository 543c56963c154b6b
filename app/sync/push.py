"""The laptop's side of sending: connect with an App User link, push the outbox, status.

One core function per action; the command line and the desktop both call
these. Nothing here runs unless a person asked for it, or an administrator
switched automatic sending on (then `push(..., automatic=True)`). Every push is
audited with ids and counts, never content.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from app.domain.errors import SyncError, UsageError
from app.domain.sync_records import OutboxCounts, Pending, SendState
from app.i18n import _
from app.screening.model import Form
from app.storage.sync_config import ServerForm
from app.sync import http, openrosa
from app.sync.openrosa import AppUserLink, Delivery
from app.sync.prepare import Preparer

Progress = Callable[[int, int], None]


def _ignore_progress(_done: int, _total: int) -> None:
    return None


def configured_link(vault) -> AppUserLink:
    """The link an administrator connected this laptop with; SyncError before that."""
    text = vault.sync_config.link
    if not text:
        raise SyncError(
            _(
                "this laptop is not connected to a server: an administrator pastes the App "
                "User link in Administration, or runs waystation odk connect"
            )
        )
    return openrosa.parse_link(text)


def _server_forms(link: AppUserLink) -> list[ServerForm]:
    return [ServerForm(f.form_id, f.version, f.public_key) for f in openrosa.offered_forms(link)]


def connect(vault, link_text: str) -> list[ServerForm]:
    """Check an App User link against the server's form list and keep it (administrators)."""
    vault.sync_config.link  # noqa: B018 - fails early on a locked vault
    link = openrosa.parse_link(link_text)
    forms = _server_forms(link)
    if not forms:
        raise SyncError(
            _(
                "the link works, but this App User may submit to no form: in Central, give it "
                "access to the published questionnaires"
            )
        )
    vault.sync_config.connect(link.text, forms)
    return forms


@dataclass
class PushReport:
    """What a push did: counts, and the reason of each failure (no content)."""

    sent: int = 0
    duplicates: int = 0
    withdrawals: int = 0
    failed: int = 0
    reasons: list[str] = field(default_factory=list)
    screening_ids: list[int] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.sent + self.duplicates + self.withdrawals + self.failed


def push(
    vault,
    forms: Mapping[str, Form],
    *,
    progress: Progress = _ignore_progress,
    automatic: bool = False,
) -> PushReport:
    """Send everything the outbox owes to the connected server, encrypted; audited."""
    config = vault.sync_config
    if automatic and not config.auto_send:
        raise UsageError(_("automatic sending is switched off"))
    link = configured_link(vault)
    report = PushReport()
    interrupted = True
    try:
        config.remember_forms(_server_forms(link))
        vault.outbox.refresh()
        items = vault.outbox.pending()
        preparer = Preparer.for_vault(vault, forms)
        progress(0, len(items))
        for done, item in enumerate(items, start=1):
            _send_one(vault, link, preparer, item, report)
            progress(done, len(items))
        interrupted = False
    finally:
        vault.audit.record(
            "odk.push",
            None,
            {
                "trigger": "automatic" if automatic else "person",
                "server": link.host,
                "project": link.project,
                "sent": report.sent,
                "duplicates": report.duplicates,
                "withdrawal_notices": report.withdrawals,
                "failed": report.failed,
                "screenings": report.screening_ids,
                # True when the push stopped early (no network, server refused the link).
                "interrupted": interrupted,
            },
        )
    return report


def _send_one(vault, link: AppUserLink, preparer: Preparer, item: Pending, report: PushReport):
    try:
        submission = preparer.submission(item)
        delivery = openrosa.submit(link, submission)
    except SyncError as error:
        vault.outbox.mark(item, SendState.FAILED, error=str(error))
        report.failed += 1
        if str(error) not in report.reasons:
            report.reasons.append(str(error))
        if isinstance(error, http.Unreachable):
            raise  # the network is gone: the rest would fail the same way
        return
    vault.outbox.mark(item, SendState.SENT)
    if item.kind == "withdrawal":
        report.withdrawals += 1
        return
    report.screening_ids.append(int(item.key))
    if delivery is Delivery.CREATED:
        report.sent += 1
    else:
        report.duplicates += 1


@dataclass(frozen=True)
class SyncStatus:
    """What `odk status` and the administration page show."""

    server: str | None
    connected_at: object
    laptop_id: str
    policy: str
    auto_send: bool
    allow_unencrypted: bool
    counts: OutboxCounts
    forms: dict[str, ServerForm]
    errors: list[tuple[str, str]]


def status(vault) -> SyncStatus:
    """The connection, the policy and what waits, was sent or failed (no network)."""
    config = vault.sync_config
    vault.outbox.refresh()
    link = config.link
    return SyncStatus(
        server=openrosa.parse_link(link).shown if link else None,
        connected_at=config.connected_at,
        laptop_id=config.laptop_id(),
        policy=config.policy.value,
        auto_send=config.auto_send,
        allow_unencrypted=config.allow_unencrypted,
        counts=vault.outbox.counts(),
        forms=config.server_forms(),
        errors=vault.outbox.errors(),
    )
