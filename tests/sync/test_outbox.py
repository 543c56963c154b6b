"""The outbox without a server: what qualifies, what is sent, bundles, withdrawal notices."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.padding import MGF1, OAEP
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms
from defusedxml import ElementTree

from app.domain.errors import AccessDenied, SyncError
from app.domain.sync_records import SendPolicy
from app.sync.bundle import read_bundle, write_bundle
from app.sync.crypto import CFB, initial_vector
from app.sync.openrosa import parse_link
from app.sync.prepare import Preparer, unpack
from tests.screening_setup import begin
from tests.sync.helpers import FORMS, LINK, PRIVATE_KEY, complete_screening, connect_offline

NS = "{http://opendatakit.org/submissions}"


def _open(submission) -> ElementTree:
    root = ElementTree.fromstring(submission.manifest)
    wrapped = base64.b64decode(root.find(f"{NS}base64EncryptedKey").text)
    key = PRIVATE_KEY.decrypt(
        wrapped, OAEP(mgf=MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None)
    )
    iv = initial_vector(submission.instance_id, key, 0)
    data = Cipher(algorithms.AES(key), CFB(iv)).decryptor().update(submission.files[-1].content)
    return ElementTree.fromstring(data[: -data[-1]])


def test_only_completed_screenings_with_consent_to_keep_wait(vault):
    complete_screening(vault)
    complete_screening(vault, store=False)
    case = vault.cases.create()
    begin(vault, case.id, form_id="border-triage")
    vault.outbox.refresh()
    assert vault.outbox.counts().waiting == 1
    assert [p.kind for p in vault.outbox.pending()] == ["screening"]


def test_policy_decides_what_is_sent_and_declined_stays_distinct(vault):
    _case, _screening = complete_screening(vault, declined=("papers_held",))
    connect_offline(vault)
    vault.outbox.refresh()
    (item,) = vault.outbox.pending()
    outcome_only = _open(Preparer.for_vault(vault, FORMS).submission(item))
    assert outcome_only.findtext("waystation/policy") == "outcome"
    assert (
        outcome_only.findtext("waystation/outcome_level") == FORMS["border-triage"].outcomes[0].id
    )
    assert (
        outcome_only.findtext("waystation/decision") == FORMS["border-triage"].outcomes[0].decision
    )
    answers = [e.text for s in outcome_only if s.tag not in ("waystation", "meta") for e in s]
    assert not any(answers)
    vault.sync_config.set_policy(policy=SendPolicy.ANSWERS)
    item = vault.outbox.pending()[0]
    full = _open(Preparer.for_vault(vault, FORMS).submission(item))
    assert full.findtext("waystation/declined") == "papers_held"
    found = {e.tag: e.text for s in full if s.tag not in ("waystation", "meta") for e in s}
    assert found["papers_held"] == "prefer_not_to_say"
    assert "yes" in found.values()
    assert full.findtext("meta/instanceID") == item.instance_id
    assert full.findtext("waystation/interviewer").startswith("I-")
    assert vault.user.name not in full.findtext("waystation/interviewer")


def test_the_same_bytes_are_sent_again_until_form_key_or_policy_change(vault):
    complete_screening(vault)
    connect_offline(vault)
    vault.outbox.refresh()
    first = Preparer.for_vault(vault, FORMS).submission(vault.outbox.pending()[0])
    again = Preparer.for_vault(vault, FORMS).submission(vault.outbox.pending()[0])
    assert again == first
    vault.sync_config.set_policy(policy="answers")
    rebuilt = Preparer.for_vault(vault, FORMS).submission(vault.outbox.pending()[0])
    assert rebuilt.manifest != first.manifest
    assert rebuilt.instance_id == first.instance_id


def test_unencrypted_forms_are_refused_unless_an_administrator_allowed_them(open_vault):
    vault = open_vault("ada")
    complete_screening(vault)
    connect_offline(vault, encrypted=False)
    vault.outbox.refresh()
    item = vault.outbox.pending()[0]
    with pytest.raises(SyncError, match="not encrypted"):
        Preparer.for_vault(vault, FORMS).submission(item)
    screener = open_vault("sol")
    with pytest.raises(AccessDenied):
        screener.sync_config.set_policy(allow_unencrypted=True)
    vault.sync_config.set_policy(allow_unencrypted=True)
    plain = Preparer.for_vault(vault, FORMS).submission(vault.outbox.pending()[0])
    assert plain.files == () and b"<waystation>" in plain.manifest
    entry = vault.audit.entries(action="odk.policy")[0]
    assert entry.detail == {"allow_unencrypted": True}


def test_a_form_of_another_version_on_the_server_is_refused(vault):
    complete_screening(vault)
    connect_offline(vault)
    vault.connection.execute("UPDATE sync_server_forms SET version = '1.00000000'")
    vault.outbox.refresh()
    with pytest.raises(SyncError, match="another version"):
        Preparer.for_vault(vault, FORMS).submission(vault.outbox.pending()[0])


def test_withdrawal_queues_a_notice_in_the_deletion_and_drops_the_rest(vault):
    case, _screening = complete_screening(vault)
    other_case, _other = complete_screening(vault)
    connect_offline(vault)
    vault.outbox.refresh()
    sent = vault.outbox.pending()[0]
    from app.domain.sync_records import SendState

    vault.outbox.mark(sent, SendState.SENT)
    vault.cases.withdraw_consent(case.id)
    vault.cases.withdraw_consent(other_case.id)  # never sent: nothing is owed
    pending = vault.outbox.pending()
    assert [(p.kind, p.instance_id) for p in pending] == [("withdrawal", sent.instance_id)]
    assert vault.connection.execute("SELECT count(*) FROM sync_outbox").fetchone()[0] == 0
    detail = vault.audit.entries(action="case.delete")[1].detail
    assert detail["withdrawal_notices"] == 1 and detail["reason"] == "consent_withdrawn"
    notice = _open(Preparer.for_vault(vault, FORMS).submission(pending[0]))
    assert notice.findtext("withdrawn") == sent.instance_id
    assert notice.findtext("meta/instanceID") == sent.instance_id


def test_a_failed_withdrawal_rolls_the_notice_back_with_the_deletion(vault, monkeypatch):
    case, _screening = complete_screening(vault)
    vault.outbox.refresh()
    from app.domain.sync_records import SendState
    from app.storage import cases

    vault.outbox.mark(vault.outbox.pending()[0], SendState.SENT)

    def fail(*_args):
        raise RuntimeError("disk full")

    monkeypatch.setattr(cases, "_delete_cases", fail)
    with pytest.raises(RuntimeError):
        vault.cases.withdraw_consent(case.id)
    assert vault.connection.execute("SELECT count(*) FROM sync_withdrawals").fetchone()[0] == 0
    assert vault.cases.check_access(case.id)


def test_a_bundle_hides_everything_and_refuses_any_change(vault, tmp_path):
    complete_screening(vault)
    complete_screening(vault)
    connect_offline(vault)
    out = tmp_path / "outbox.wsbundle"
    report = write_bundle(vault, FORMS, out)
    assert report.screenings == 2
    counts = vault.outbox.counts()
    assert (counts.bundled, counts.sent) == (2, 0)
    data = out.read_bytes()
    ids = [p.instance_id for p in vault.outbox.pending()]
    assert not any(i.encode() in data for i in ids) and b"border-triage" not in data
    link = parse_link(LINK)
    _header, entries = read_bundle(out, link)
    assert {unpack(e["submission"].encode()).instance_id for e in entries} == set(ids)
    for offset in (25, len(data) // 2, len(data) - 1):
        changed = tmp_path / f"changed-{offset}"
        changed.write_bytes(data[:offset] + bytes([data[offset] ^ 0x01]) + data[offset + 1 :])
        with pytest.raises(SyncError):
            read_bundle(changed, link)
    with pytest.raises(SyncError, match="another server link"):
        read_bundle(out, parse_link(LINK.replace("AbCdEf", "ZZZZZZ")))
    entry = vault.audit.entries(action="odk.bundle")[0]
    assert entry.detail["screenings"] == 2


def test_links_must_be_app_user_links_over_https():
    assert parse_link(LINK + "/").project == 4
    assert parse_link("https://central.example.org/v1/key/T0k3n/projects/12").host == (
        "central.example.org"
    )
    for bad in (
        "https://central.example.org/v1/projects/12",
        "http://central.example.org/v1/key/T0k3n/projects/12",
        "ftp://central.example.org/v1/key/T0k3n/projects/12",
    ):
        with pytest.raises(SyncError):
            parse_link(bad)


def test_nothing_waits_to_be_sent_without_a_connection(vault):
    from app.sync.push import push

    complete_screening(vault)
    with pytest.raises(SyncError, match="not connected"):
        push(vault, FORMS)
    connect_offline(vault)
    from app.domain.errors import UsageError

    with pytest.raises(UsageError, match="automatic sending is switched off"):
        push(vault, FORMS, automatic=True)


def test_building_an_xform_writes_no_file(monkeypatch, tmp_path):
    import tempfile

    from app.sync.xform import build_notice_xform, build_xform

    def refuse(*_args, **_kwargs):
        raise AssertionError("a temporary file was made")

    monkeypatch.setattr(tempfile, "NamedTemporaryFile", refuse)
    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    monkeypatch.chdir(tmp_path)
    built = build_xform(FORMS["adult-screening"])
    assert (
        built.version.startswith(f"{FORMS['adult-screening'].version}.")
        and b"<waystation>" in built.xml
    )
    assert build_notice_xform().xml
    assert list(tmp_path.iterdir()) == []
