"""`waystation case list|show|close|reopen|withdraw` on a demo vault: clear messages, exit
codes, a deletion that asks first, and a screener who cannot act on another's case."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.demo import build_demo_vault
from app.i18n import format_date
from app.storage.keyfile import TEST_KDF
from app.storage.vault import Vault
from tests.cli_runner import cli_runner
from tests.screening_setup import begin

PASSWORD = "demo-password-for-tests"


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory):
    """A demo vault with packets (referrals recorded) and two screeners, built once."""
    folder = tmp_path_factory.mktemp("demo") / "vault"
    packets = folder.parent / "packets"
    packets.mkdir()
    build_demo_vault(folder, cases=21, password=PASSWORD, kdf=TEST_KDF, packets_into=packets)
    with Vault.open(folder, "demo", PASSWORD) as admin:
        for name in ("sol", "sky"):
            admin.users.add(name, "screener", PASSWORD, kdf=TEST_KDF)
    with Vault.open(folder, "sol", PASSWORD) as sol:
        begin(sol)
    return folder


@pytest.fixture
def demo(demo_template, tmp_path):
    import shutil

    folder = tmp_path / "vault"
    shutil.copytree(demo_template, folder)
    return folder


@pytest.fixture
def run(monkeypatch, capsys, demo):
    """run(args, user="demo", stdin=password) -> (exit code, stdout, stderr)."""
    runner = cli_runner(monkeypatch, capsys, ("app.cli.case_commands",))

    def call(args, user="demo", stdin=PASSWORD + "\n"):
        return runner(
            ["--vault", str(demo), "case", *args, "--user", user, "--password-stdin"], stdin
        )

    return call


def _cases(folder, user="demo"):
    with Vault.open(folder, user, PASSWORD) as vault:
        return {case.reference: case for case in vault.cases.list()}


def _referred(folder) -> str:
    """The reference of a demo case with a referral recorded."""
    with Vault.open(folder, "demo", PASSWORD) as vault:
        for case in vault.cases.list():
            for screening in vault.screenings.list_for_case(case.id):
                if vault.referrals.list_for_screening(screening.id):
                    return case.reference
    raise AssertionError("the demo recorded no referral")


def _open_case(folder) -> str:
    return next(ref for ref, case in _cases(folder).items() if case.status.value == "open")


def test_list_and_show(run, demo):
    code, out, err = run(["list"])
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 21 and all(line.startswith("WS-") for line in lines)
    reference = _referred(demo)
    code, out, err = run(["show", reference])
    assert code == 0, err
    assert out.startswith(f"Case {reference} (open), opened on ")
    assert "to the screening yes, to keeping the answers yes, to a referral yes" in out
    assert "; given by " in out and "; decision: " in out and " kept\n" in out
    assert " to Demo " in out  # the referral, with the service's name
    # The outcome by its questionnaire title, never the level's internal id.
    outcome = next(line for line in out.splitlines() if line.strip().startswith("outcome: "))
    level = outcome.split("outcome: ", 1)[1].split("; decision: ")[0]
    assert level and "_" not in level and level[0].isupper(), outcome
    # The consent time says its time zone.
    assert "(GMT" in next(line for line in out.splitlines() if "consent on " in line)


def test_close_says_when_the_case_will_be_deleted_then_reopen(run, demo):
    reference = _open_case(demo)
    code, out, err = run(["close", reference])
    assert code == 0, err
    due = format_date(datetime.now(UTC) + timedelta(days=90))
    assert out.strip() == (
        f"Closed case {reference}. Under the retention setting (90 days) it will be deleted "
        f"for good on {due}, unless it is reopened before then."
    )
    assert _cases(demo)[reference].status.value == "closed"
    code, _out, err = run(["close", reference])
    assert code == 2 and f"case {reference} is closed already" in err
    code, out, err = run(["reopen", reference])
    assert code == 0 and "no longer due for deletion" in out, err
    code, _out, err = run(["reopen", reference])
    assert code == 2 and "is open already" in err
    assert _cases(demo)[reference].status.value == "open"


def test_withdraw_asks_unless_yes_then_deletes_at_once(run, demo):
    reference = _referred(demo)
    code, out, err = run(["withdraw", reference])
    assert code == 2
    assert "confirm with --yes" in err and "Traceback" not in err
    assert reference in _cases(demo)  # nothing deleted
    code, out, err = run(["withdraw", reference, "--yes"])
    assert code == 0, err
    assert f"Case {reference} and everything in it were deleted." in out
    assert "does not recall" in out  # a packet was sent before: tell the service
    assert reference not in _cases(demo)
    with Vault.open(demo, "demo", PASSWORD) as vault:
        (entry,) = vault.audit.entries(action="case.delete")
    assert entry.detail["reason"] == "consent_withdrawn" and entry.detail["referrals"] >= 1


def test_withdraw_asks_for_the_reference_on_a_terminal(run, demo, monkeypatch):
    from app.cli import case_commands

    monkeypatch.setattr(case_commands, "stdin_is_terminal", lambda: True)
    reference = _open_case(demo)
    code, _out, err = run(["withdraw", reference], stdin=PASSWORD + "\nWS-NOT-THIS\n")
    assert code == 1 and "Nothing was deleted." in err
    assert reference in _cases(demo)
    code, _out, err = run(["withdraw", reference], stdin=PASSWORD + "\n" + reference.lower() + "\n")
    assert code == 0, err
    assert reference not in _cases(demo)


def test_a_screener_cannot_act_on_another_screeners_case(run, demo):
    (reference,) = _cases(demo, "sol")
    for action in (["show", reference], ["close", reference], ["withdraw", reference, "--yes"]):
        code, _out, err = run(action, user="sky")
        assert code == 1, action
        assert f"no case with reference {reference}" in err
    code, out, _err = run(["list"], user="sky")
    assert code == 0 and out.strip() == "No cases."
    assert _cases(demo, "sol")[reference].status.value == "open"  # untouched
    code, out, err = run(["close", reference], user="sol")
    assert code == 0, err


def test_wrong_password_and_unknown_reference(run):
    code, _out, err = run(["list"], stdin="wrong\n")
    assert code == 3
    code, _out, err = run(["close", "WS-XXXX-XX"])
    assert code == 1 and "no case with reference WS-XXXX-XX" in err
