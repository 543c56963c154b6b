"""Bundles: the waiting submissions in one file, carried to a machine that can reach the server.

Each submission inside is already an ODK encrypted submission: only the
holder of the form's private key (Central with the passphrase, or the
organisation's own key) can read its content. The bundle wraps them in
AES-256-GCM under a key derived (HKDF-SHA-256) from the App User link, so
without the link a courier sees neither the instance ids nor the form ids,
and any change to the file is found: a changed bundle is refused whole, and
nothing of it is sent. `push_bundle` needs no vault: it sends each
submission and reports what the server said; the laptop marks nothing sent
until a push confirms it (the server then recognises each as already there).

Layout: `WAYSTATION-BUNDLE 1\\n`, one line of JSON header (bundle id, time,
laptop, salt, nonce, link check), then the ciphertext. The header is
authenticated with the content.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.domain.atomic_files import write_atomic
from app.domain.errors import SyncError, UsageError
from app.domain.sync_records import SendState
from app.i18n import _
from app.screening.model import Form
from app.storage.database import now_text
from app.sync import http, openrosa
from app.sync.openrosa import AppUserLink, Delivery
from app.sync.prepare import Preparer, pack, unpack
from app.sync.push import Progress, _ignore_progress, configured_link

MAGIC = b"WAYSTATION-BUNDLE 1\n"
MAX_BUNDLE_BYTES = 512 * 1024 * 1024
BATCH = 100


def _key(link: AppUserLink, salt: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=purpose).derive(
        link.text.encode("utf-8")
    )


def _link_check(link: AppUserLink, salt: bytes) -> str:
    return hmac.new(
        _key(link, salt, b"waystation/bundle-link"), b"link", hashlib.sha256
    ).hexdigest()[:16]


@dataclass
class BundleReport:
    """What a bundle holds, or what pushing it did."""

    bundle_id: str = ""
    screenings: int = 0
    withdrawals: int = 0
    sent: int = 0
    duplicates: int = 0
    failed: int = 0
    refused: list[str] = field(default_factory=list)


def write_bundle(vault, forms: Mapping[str, Form], out: Path | str) -> BundleReport:
    """Write every submission still owed to the server into `out`; audited.

    Uses the server's forms as seen at the last connect or push, so it works
    with no network. Submissions already in an earlier bundle go in again:
    sending one twice is safe.
    """
    out = Path(out)
    if out.is_dir():
        raise UsageError(_("{path} is a folder; give a file name for the bundle").format(path=out))
    link = configured_link(vault)
    vault.outbox.refresh()
    preparer = Preparer.for_vault(vault, forms)
    report = BundleReport(bundle_id=str(uuid.uuid4()))
    entries: list[tuple[object, dict]] = []
    pending = vault.outbox.pending()
    for start in range(0, len(pending), BATCH):
        # A hundred at a time: one disk sync each, and the vault free for answers in between.
        with vault.outbox.batch():
            for item in pending[start : start + BATCH]:
                _add(preparer, item, entries, report)
    if not entries:
        raise SyncError(
            _("nothing to put in a bundle: {reasons}").format(
                reasons="; ".join(report.refused) or _("the outbox is empty")
            )
        )
    salt, nonce = os.urandom(16), os.urandom(12)
    header = json.dumps(
        {
            "bundle": report.bundle_id,
            "created": now_text(),
            "laptop": vault.sync_config.laptop_id(),
            "salt": base64.b64encode(salt).decode("ascii"),
            "nonce": base64.b64encode(nonce).decode("ascii"),
            "link": _link_check(link, salt),
        },
        sort_keys=True,
    ).encode("utf-8")
    body = json.dumps([entry for _item, entry in entries]).encode("utf-8")
    sealed = AESGCM(_key(link, salt, b"waystation/bundle")).encrypt(nonce, body, MAGIC + header)
    write_atomic(out, MAGIC + header + b"\n" + sealed)
    with vault.outbox.batch():
        for item, _entry in entries:
            vault.outbox.mark(item, SendState.BUNDLED, bundle_id=report.bundle_id)
    vault.audit.record(
        "odk.bundle",
        None,
        {
            "bundle": report.bundle_id,
            "screenings": report.screenings,
            "withdrawal_notices": report.withdrawals,
        },
    )
    return report


def _add(preparer: Preparer, item, entries: list, report: BundleReport) -> None:
    try:
        submission = preparer.submission(item)
    except SyncError as error:
        if str(error) not in report.refused:
            report.refused.append(str(error))
        return
    entry = {"kind": item.kind, "form": item.form_id, "submission": pack(submission).decode()}
    entries.append((item, entry))
    if item.kind == "withdrawal":
        report.withdrawals += 1
    else:
        report.screenings += 1


def read_bundle(path: Path | str, link: AppUserLink) -> tuple[dict, list[dict]]:
    """The header and entries of a bundle; SyncError if it is not one, was changed, or
    was written for another App User link."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BUNDLE_BYTES:
            raise SyncError(_("{path} is too large to be a bundle").format(path=path))
        data = path.read_bytes()
    except OSError as error:
        raise SyncError(
            _("cannot read {path}: {reason}").format(path=path, reason=error.strerror or error)
        ) from None
    if not data.startswith(MAGIC):
        raise SyncError(_("{path} is not a Waystation bundle").format(path=path))
    header_bytes, _newline, sealed = data[len(MAGIC) :].partition(b"\n")
    try:
        header = json.loads(header_bytes.decode("utf-8"))
        salt = base64.b64decode(header["salt"], validate=True)
        nonce = base64.b64decode(header["nonce"], validate=True)
        check = str(header["link"])
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise SyncError(
            _("{path} was changed after it was written; nothing was sent").format(path=path)
        ) from None
    if not hmac.compare_digest(check, _link_check(link, salt)):
        raise SyncError(
            _(
                "{path} was written for another server link (or was changed); use the App User "
                "link of the laptop that wrote it; nothing was sent"
            ).format(path=path)
        )
    try:
        body = AESGCM(_key(link, salt, b"waystation/bundle")).decrypt(
            nonce, sealed, MAGIC + header_bytes
        )
        entries = json.loads(body.decode("utf-8"))
    except (InvalidTag, ValueError, UnicodeDecodeError):
        raise SyncError(
            _("{path} was changed after it was written; nothing was sent").format(path=path)
        ) from None
    return header, entries


def push_bundle(
    path: Path | str, link_text: str, *, progress: Progress = _ignore_progress
) -> BundleReport:
    """Send a bundle's submissions from any machine; no vault needed, nothing marked."""
    link = openrosa.parse_link(link_text)
    header, entries = read_bundle(path, link)
    report = BundleReport(bundle_id=str(header.get("bundle", "")))
    progress(0, len(entries))
    for done, entry in enumerate(entries, start=1):
        try:
            submission = unpack(str(entry["submission"]).encode("utf-8"))
            delivery = openrosa.submit(link, submission)
        except http.Unreachable as error:
            report.failed += len(entries) - done + 1  # the network is gone: stop here
            report.refused.append(str(error))
            break
        except (SyncError, KeyError, TypeError) as error:
            report.failed += 1
            if str(error) not in report.refused:
                report.refused.append(str(error))
            progress(done, len(entries))
            continue
        if entry.get("kind") == "withdrawal":
            report.withdrawals += 1
        elif delivery is Delivery.CREATED:
            report.sent += 1
        else:
            report.duplicates += 1
        progress(done, len(entries))
    return report
