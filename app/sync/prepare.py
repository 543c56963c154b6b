"""Turning what the outbox owes into submissions ready to send, kept in the vault.

A submission is built once for a given server form version, key and policy,
stored encrypted in the vault and sent as those very bytes, however often it is
sent again (a lost answer, a bundle and then a push): the server then sees the
same submission, not a new one. Before building, the rules are checked: the
server must offer the form, at the version this laptop has, encrypted unless an
administrator allowed otherwise.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from app.domain.errors import SyncError
from app.domain.sync_records import Pending, SendPolicy
from app.i18n import _
from app.screening.model import Form
from app.storage.sync_config import ServerForm
from app.sync.crypto import EncryptedFile, EncryptedSubmission, encrypt_submission, load_public_key
from app.sync.submission import NOTICE_FORM_ID, instance_xml, interviewer_pseudonym, notice_xml
from app.sync.xform import base_version, build_xform


def pack(submission: EncryptedSubmission) -> bytes:
    """A submission as stored in the vault and written into bundles."""
    return json.dumps(
        {
            "instance": submission.instance_id,
            "manifest": base64.b64encode(submission.manifest).decode("ascii"),
            "files": [
                [f.name, base64.b64encode(f.content).decode("ascii")] for f in submission.files
            ],
        }
    ).encode("utf-8")


def unpack(data: bytes) -> EncryptedSubmission:
    """The submission `pack` wrote; SyncError when it is not one."""
    try:
        item = json.loads(data.decode("utf-8"))
        return EncryptedSubmission(
            str(item["instance"]),
            base64.b64decode(item["manifest"], validate=True),
            tuple(
                EncryptedFile(str(n), base64.b64decode(c, validate=True)) for n, c in item["files"]
            ),
        )
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise SyncError(_("a stored submission is damaged and cannot be sent")) from None


@dataclass
class Preparer:
    """Builds (or reuses) the submission of each pending item for the server's forms."""

    vault: object
    forms: Mapping[str, Form]
    server_forms: Mapping[str, ServerForm]
    policy: SendPolicy
    allow_unencrypted: bool
    _versions: dict[str, str] = field(default_factory=dict)

    @classmethod
    def for_vault(cls, vault, forms: Mapping[str, Form]) -> Preparer:
        config = vault.sync_config
        return cls(vault, forms, config.server_forms(), config.policy, config.allow_unencrypted)

    def _local_version(self, form: Form) -> str:
        if form.id not in self._versions:
            self._versions[form.id] = build_xform(form).version
        return self._versions[form.id]

    def server_form(self, form_id: str) -> ServerForm:
        """The server's form, checked against the rules; SyncError naming what is wrong."""
        server = self.server_forms.get(form_id)
        if server is None:
            raise SyncError(
                _(
                    "the server offers no form {id} to this laptop: an administrator publishes "
                    "the questionnaires and gives the App User access to them"
                ).format(id=form_id)
            )
        if not server.public_key and not self.allow_unencrypted:
            raise SyncError(
                _(
                    "form {id} on the server is not encrypted, so nothing is sent to it: switch "
                    "on encryption in Central (an administrator may allow unencrypted sending)"
                ).format(id=form_id)
            )
        return server

    def _wanted(self, item: Pending) -> tuple[ServerForm, str]:
        if item.kind == "withdrawal":
            server = self.server_form(NOTICE_FORM_ID)
            built_for = server.version + "|" + (server.public_key or "")
        else:
            server = self.server_form(item.form_id)
            form = self.forms.get(item.form_id)
            if form is None:
                raise SyncError(
                    _("questionnaire {id} is not on this laptop any more").format(id=item.form_id)
                )
            local = self._local_version(form)
            if base_version(server.version) != local:
                raise SyncError(
                    _(
                        "the server has another version of {id} ({server}) than this laptop "
                        "({local}): an administrator publishes this laptop's questionnaires, "
                        "or the laptop is updated"
                    ).format(id=item.form_id, server=server.version, local=local)
                )
            built_for = "|".join((server.version, server.public_key or "", self.policy.value))
        return server, hashlib.sha256(built_for.encode("utf-8")).hexdigest()[:32]

    def submission(self, item: Pending) -> EncryptedSubmission:
        """The submission of `item`: the stored one if still right, else built and stored."""
        server, built_for = self._wanted(item)
        if item.payload is not None and item.built_for == built_for:
            return unpack(item.payload)
        config = self.vault.sync_config
        if item.kind == "withdrawal":
            xml = notice_xml(
                item.instance_id,
                item.form_id,
                version=server.version,
                laptop=config.laptop_id(),
                at="",
            )
            form_id = server.form_id
        else:
            form = self.forms[item.form_id]
            record = self.vault.outbox.record(int(item.key))
            xml = instance_xml(
                form,
                record,
                version=server.version,
                policy=self.policy,
                interviewer=interviewer_pseudonym(config.pseudonym_key(), record.interviewer),
                laptop=config.laptop_id(),
            )
            form_id = form.id
        if server.public_key:
            built = encrypt_submission(
                form_id=form_id,
                version=server.version,
                instance_id=item.instance_id,
                xml=xml,
                public_key=load_public_key(server.public_key),
            )
        else:
            built = EncryptedSubmission(item.instance_id, xml, ())
        self.vault.outbox.store_built(item, built_for, pack(built))
        return built
