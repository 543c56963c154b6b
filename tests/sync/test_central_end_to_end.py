"""End to end against a real ODK Central: publish, connect, push, read the decrypted export back.

Central accepts a wrongly encrypted submission with 201 and fails only when
the export decrypts it, so these tests compare every value of the decrypted
CSV export with the vault.
"""

from __future__ import annotations

import re
import shutil

import pytest

from app.demo import build_demo_vault
from app.interchange.xpath import DECLINED_CHOICE
from app.screening.loader import load_forms
from app.storage.keyfile import TEST_KDF
from app.storage.vault import Vault
from app.sync.submission import NOTICE_FORM_ID
from tests.cli_runner import cli_runner
from tests.sync.central import EMAIL, PASSWORD, URL, needs_central, new_project

pytestmark = needs_central
DEMO_PASSWORD = "demo-password-e2e"
FORMS = {form.id: form for form in load_forms()}


@pytest.fixture(scope="module")
def project():
    made = new_project("waystation e2e")
    yield made
    made.session.close()


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo") / "vault"
    build_demo_vault(folder, cases=14, password=DEMO_PASSWORD, kdf=TEST_KDF)
    return folder


@pytest.fixture
def demo(demo_template, tmp_path):
    folder = tmp_path / "vault"
    shutil.copytree(demo_template, folder)
    return folder


@pytest.fixture
def run(monkeypatch, capsys):
    return cli_runner(monkeypatch, capsys, ["app.cli.odk_commands"])


def _web_user(project) -> list[str]:
    return ["--url", URL, "--project", str(project.id), "--email", EMAIL, "--password-stdin"]


def _publish(run, project) -> str:
    code, out, err = run(
        ["odk", "publish", *_web_user(project), "--grant-app-users"],
        stdin=PASSWORD + "\n",
    )
    assert code == 0, err
    return out


def _connect(run, demo, link) -> None:
    code, out, err = run(
        ["odk", "connect", "-", "--vault", str(demo), "--user", "demo", "--password-stdin"],
        stdin=f"{DEMO_PASSWORD}\n{link}\n",
    )
    assert code == 0, err
    assert "NOT encrypted" not in out


def _vault_args(demo) -> list[str]:
    return ["--vault", str(demo), "--user", "demo", "--password-stdin"]


def _expected_value(question, record) -> str:
    if record is None:
        return ""
    if record.declined:
        return DECLINED_CHOICE if question.type in ("yes_no", "single", "multiple") else ""
    if isinstance(record.value, list):
        return " ".join(record.value)
    return str(record.value)


def test_publish_connect_push_and_read_every_value_back(run, project, demo):
    out = _publish(run, project)
    assert out.count("\t") >= 8 and NOTICE_FORM_ID in out
    # Publishing again changes nothing: every form is unchanged.
    again = _publish(run, project)
    assert "unchanged" in again and "created" not in again
    link = project.app_user_link("laptop one")
    _connect(run, demo, link)
    code, _out, err = run(
        ["odk", "policy", "--send", "answers", *_vault_args(demo)], DEMO_PASSWORD + "\n"
    )
    assert code == 0, err

    code, out, err = run(["odk", "push", *_vault_args(demo)], DEMO_PASSWORD + "\n")
    assert code == 0, out + err

    with Vault.open(demo, "demo", DEMO_PASSWORD) as vault:
        sent = {}
        for case in vault.cases.list():
            for screening in vault.screenings.list_for_case(case.id):
                if screening.status == "completed" and screening.consent.store:
                    sent[screening.id] = (case, screening)
        instance_of = vault.outbox.instance_ids(sent)
        laptop = vault.sync_config.laptop_id()
        assert len(instance_of) == len(sent) >= 5
        compared = 0
        declined_seen = 0
        for form_id in {s.form_id for _c, s in sent.values()}:
            rows = {row["meta-instanceID"]: row for row in project.export(form_id)}
            form = FORMS[form_id]
            for screening_id, (case, screening) in sent.items():
                if screening.form_id != form_id:
                    continue
                row = rows[instance_of[screening_id]]
                answers = vault.screenings.answers(screening_id)
                outcome = vault.screenings.outcome(screening_id)
                for section in form.sections:
                    for question in section.questions:
                        if question.type == "text":
                            continue
                        column = f"{section.id}-{question.id}"
                        assert row[column] == _expected_value(question, answers.get(question.id)), (
                            column
                        )
                        compared += 1
                declined = sorted(q for q, a in answers.items() if a.declined)
                declined_seen += len(declined)
                assert sorted(row["waystation-declined"].split()) == declined
                assert row["waystation-case_ref"] == case.reference
                assert row["waystation-form_version"] == screening.form_version
                assert row["waystation-policy"] == "answers"
                assert row["waystation-consent_screen"] == "yes"
                assert row["waystation-consent_store"] == "yes"
                assert row["waystation-consent_refer"] == (
                    "yes" if screening.consent.refer else "no"
                )
                assert row["waystation-outcome_level"] == (outcome.level if outcome else "")
                assert row["waystation-decision"] == (outcome.decision if outcome else "")
                assert row["waystation-decision"] in ("refer", "no_referral", "undetermined")
                assert re.fullmatch(r"I-[0-9A-F]{10}", row["waystation-interviewer"])
                assert row["waystation-laptop"] == laptop
                assert row["waystation-started"].startswith(
                    screening.started.strftime("%Y-%m-%dT%H:%M")
                )
                assert "demo" not in " ".join(row.values()).lower().split()
        assert compared > 100 and declined_seen > 0

        entry = vault.audit.entries(action="odk.push")[0]
        assert entry.detail["sent"] == len(sent) and entry.detail["failed"] == 0
        assert sorted(entry.detail["screenings"]) == sorted(sent)

    # A changed questionnaire gets a new version; the others stay as they were.
    import dataclasses

    from app.i18n import FormText
    from app.sync.publish import publish

    changed = dataclasses.replace(
        FORMS["border-triage"], title=FormText("Border triage (revised)", "border-triage")
    )
    done = {p.form_id: p.action for p in publish(project.session, project.id, [changed])}
    assert done == {"border-triage": "updated", NOTICE_FORM_ID: "unchanged"}
    _publish(run, project)  # and back to this laptop's questionnaires

    # A second push sends nothing new; a forced resend is recognised as already there.
    before = {f: project.instance_ids(f) for f in FORMS}
    code, out, _err = run(["odk", "push", *_vault_args(demo)], DEMO_PASSWORD + "\n")
    assert code == 0 and "Delivered: 0" in out
    with Vault.open(demo, "demo", DEMO_PASSWORD) as vault:
        vault.connection.execute("UPDATE sync_outbox SET state = 'waiting', payload = NULL")
    code, out, _err = run(["odk", "push", *_vault_args(demo)], DEMO_PASSWORD + "\n")
    assert code == 0 and "Delivered: 0" in out and f"Already on the server: {len(sent)}" in out
    assert {f: project.instance_ids(f) for f in FORMS} == before


def test_a_bundle_is_pushed_from_a_machine_without_the_vault(run, project, demo, tmp_path):
    _publish(run, project)
    link = project.app_user_link("laptop two")
    _connect(run, demo, link)
    bundle = tmp_path / "usb" / "outbox.wsbundle"
    bundle.parent.mkdir()
    code, _out, err = run(
        ["odk", "bundle", "--out", str(bundle), *_vault_args(demo)], DEMO_PASSWORD + "\n"
    )
    assert code == 0, err
    with Vault.open(demo, "demo", DEMO_PASSWORD) as vault:
        counts = vault.outbox.counts()
        ids = set(vault.outbox.instance_ids(range(1, 100)).values())
    assert counts.bundled > 0 and counts.sent == 0
    data = bundle.read_bytes()
    assert not any(i.encode() in data for i in ids)  # not even the ids are readable

    shutil.rmtree(demo)  # the other machine has no vault at all
    tampered = tmp_path / "tampered.wsbundle"
    tampered.write_bytes(data[:-40] + bytes([data[-40] ^ 1]) + data[-39:])
    code, _out, err = run(["odk", "push-bundle", str(tampered)], stdin=link + "\n")
    assert code == 1 and "changed after it was written" in err
    assert all(not project.instance_ids(f) & ids for f in FORMS)

    code, _out, err = run(["odk", "push-bundle", str(bundle), "--server", link])
    assert code == 0, err
    on_server = set().union(*(project.instance_ids(f) for f in FORMS))
    assert ids <= on_server
    # Sending the bundle again adds nothing: the same bytes are the same submissions.
    code, _out, err = run(["odk", "push-bundle", str(bundle), "--server", link])
    assert code == 0, err
    assert set().union(*(project.instance_ids(f) for f in FORMS)) == on_server
    assert sum(len(project.session.submissions(project.id, f)) for f in FORMS) == len(on_server)


def test_withdrawal_after_sending_is_purged_from_the_server(run, project, demo):
    _publish(run, project)
    link = project.app_user_link("laptop three")
    _connect(run, demo, link)
    code, _out, err = run(["odk", "push", *_vault_args(demo)], DEMO_PASSWORD + "\n")
    assert code == 0, err
    with Vault.open(demo, "demo", DEMO_PASSWORD) as vault:
        sent = vault.outbox.instance_ids(range(1, 100))
        screening_id, instance_id = next(iter(sent.items()))
        case_id = vault.connection.execute(
            "SELECT case_id FROM screenings WHERE id = ?", (screening_id,)
        ).fetchone()[0]
        form_id = vault.connection.execute(
            "SELECT form_id FROM screenings WHERE id = ?", (screening_id,)
        ).fetchone()[0]
        vault.cases.withdraw_consent(case_id)
        assert vault.outbox.counts().withdrawals == 1
    assert instance_id in project.instance_ids(form_id)
    code, out, err = run(["odk", "push", *_vault_args(demo)], DEMO_PASSWORD + "\n")
    assert code == 0 and "Withdrawal notices: 1" in out, out + err
    assert instance_id in project.instance_ids(NOTICE_FORM_ID)

    purge = ["odk", "purge-withdrawn", *_web_user(project)]
    code, out, err = run(purge, stdin=PASSWORD + "\n")
    assert code == 0 and "Submissions deleted: 1" in out, out + err
    assert instance_id not in project.instance_ids(form_id)
    code, out, err = run(purge, stdin=PASSWORD + "\n")
    assert code == 0 and "Submissions deleted: 0" in out
