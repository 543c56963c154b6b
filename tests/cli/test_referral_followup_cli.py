"""`waystation referral export` picks and checks the language; `referral list [--due]` and
`referral status REF STATUS [--note]` follow referrals up."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from app.storage.vault import Vault
from tests.cli_runner import cli_runner
from tests.export.pdf_tools import pdftotext
from tests.export.vault_setup import add_services, completed_screening


@pytest.fixture
def world(vault_dir):
    with Vault.open(vault_dir, "ada", "ada-password") as admin:
        services = add_services(admin)
    with Vault.open(vault_dir, "sol", "sol-password") as vault:
        screening_id = completed_screening(vault)
        reference = vault.cases.check_access(vault.screenings.get(screening_id).case_id).reference
    return {"services": services, "screening": screening_id, "case": reference}


@pytest.fixture
def run(monkeypatch, capsys, vault_dir):
    runner = cli_runner(
        monkeypatch, capsys, ("app.cli.referral_commands",), default_stdin="sol-password\n"
    )

    def referral(command: str, *args: str, user: str = "sol", stdin: str | None = None):
        prefix = ["--vault", str(vault_dir), "referral", command, "--user", user]
        prefix.append("--password-stdin")
        if stdin is None:
            stdin = f"{user}-password\n"
        return runner([*prefix, *args], stdin)

    return referral


def _export(run, world, tmp_path, *extra: str):
    folder = tmp_path / "out"
    folder.mkdir(exist_ok=True)
    return run(
        "export",
        "--screening", world["case"], "--service", str(world["services"]["medical"]),
        "--out", str(folder), *extra,
    )  # fmt: skip


def test_lang_the_service_does_not_list_is_refused_without_force(run, world, tmp_path):
    code, _out, err = _export(run, world, tmp_path, "--lang", "ar")
    assert code == 2
    assert "Quay Street Clinic works in en, not in ar" in err and "--force-language" in err
    assert list((tmp_path / "out").iterdir()) == []
    code, _out, err = _export(run, world, tmp_path, "--lang", "ar", "--force-language")
    assert code == 0, err
    (written,) = (tmp_path / "out").iterdir()
    assert written.name.endswith(f"_quay-street-clinic_{date.today().isoformat()}.pdf")
    assert written.name.startswith(world["case"] + "-R1")


def test_a_packet_already_in_the_folder_is_not_replaced_without_overwrite(
    run, world, tmp_path, vault_dir
):
    folder = tmp_path / "out"
    folder.mkdir()
    name = f"{world['case']}-R1_quay-street-clinic_{date.today().isoformat()}.pdf"
    (folder / name).write_bytes(b"a packet from another laptop")
    code, _out, err = _export(run, world, tmp_path)
    assert code == 2 and f"{name} already exists" in err and "--overwrite" in err
    assert (folder / name).read_bytes() == b"a packet from another laptop"
    with Vault.open(vault_dir, "sol", "sol-password") as vault:
        assert vault.referrals.list_for_screening(world["screening"]) == [], "nothing recorded"
    code, _out, err = _export(run, world, tmp_path, "--overwrite")
    assert code == 0, err
    assert (folder / name).read_bytes().startswith(b"%PDF")


def test_without_lang_the_packet_is_in_the_services_first_language(run, world, tmp_path):
    code, out, err = _export(run, world, tmp_path)
    assert code == 0, err
    assert re.search(r"packet WS-\w{4}-\w\w-R1,", out) and "prepared, follow-up on" in out
    (written,) = (tmp_path / "out").iterdir()
    assert "Quay Street Clinic (medical)" in re.sub(r"\s+", " ", pdftotext(
        written.read_bytes(), tmp_path))  # fmt: skip


def test_list_due_and_status_changes(run, world, tmp_path, vault_dir):
    assert _export(run, world, tmp_path)[0] == 0
    code, out, _err = run("list", "--due")
    assert code == 0 and "0 referrals are due for follow-up." in out
    reference = f"{world['case']}-R1"
    with Vault.open(vault_dir, "sol", "sol-password") as vault:
        referral = vault.referrals.find(reference)
        vault.referrals.set_due(referral.id, date.today() - timedelta(days=1))
    code, out, _err = run("list", "--due")
    assert code == 0
    (line, total) = out.strip().splitlines()
    assert line.split("\t")[:4] == [reference, world["case"], "Quay Street Clinic", "prepared"]
    assert line.endswith("DUE") and total == "1 referral is due for follow-up."
    code, out, err = run("status", reference, "sent", "--note", "e-mailed the intake desk")
    assert code == 0, err
    assert f"Referral {reference} is now sent; next follow-up on" in out
    code, out, _err = run("list", "--due")
    assert "0 referrals are due" in out, "sending set the next follow-up date"
    code, _out, err = run("status", reference, "prepared")
    assert code == 2 and "cannot go back" in err
    code, _out, err = run("status", reference, "closed")
    assert code == 2 and "needs its outcome" in err
    code, out, err = run("status", reference, "closed", "--outcome", "support_given")
    assert code == 0 and "no follow-up needed" in out
    code, out, _err = run("list", "--status", "closed")
    assert reference in out
    with Vault.open(vault_dir, "sol", "sol-password") as vault:
        history = vault.referrals.events(vault.referrals.find(reference).id)
    assert [e.status for e in history] == ["prepared", "prepared", "sent", "closed"]
    assert history[2].note == "e-mailed the intake desk"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["WS-NONE-00-R1", "sent"], 1, "no referral WS-NONE-00-R1"),
        (["{ref}", "lost"], 2, "unknown referral status 'lost'"),
        (["{ref}", "closed", "--outcome", "vanished"], 2, "unknown referral outcome 'vanished'"),
        (["{ref}", "sent", "--due", "next week"], 2, "not a date written as YYYY-MM-DD"),
    ],
)
def test_bad_status_input_is_refused_clearly(run, world, tmp_path, args, code, message):
    assert _export(run, world, tmp_path)[0] == 0
    reference = f"{world['case']}-R1"
    got, _out, err = run("status", *[a.format(ref=reference) for a in args])
    assert got == code and message in err and "Traceback" not in err


def test_another_screener_neither_lists_nor_changes_the_referral(run, world, tmp_path):
    assert _export(run, world, tmp_path)[0] == 0
    code, out, _err = run("list", user="sky")
    assert code == 0 and "No referrals." in out
    code, _out, err = run("status", f"{world['case']}-R1", "sent", user="sky")
    assert code == 1 and "no referral" in err
