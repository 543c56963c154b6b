"""`waystation referral export`: passwords on stdin, the rules, exit codes, the record."""

from __future__ import annotations

import io
import re
import subprocess

import pytest

from app.cli import main as cli_main
from app.storage.vault import Vault
from tests.cli_runner import cli_runner
from tests.export.pdf_tools import pdftotext
from tests.export.vault_setup import add_services, completed_screening


@pytest.fixture
def world(vault_dir):
    """Services added by the administrator, a completed screening by the screener sol."""
    with Vault.open(vault_dir, "ada", "ada-password") as admin:
        services = add_services(admin)
    with Vault.open(vault_dir, "sol", "sol-password") as vault:
        screening_id = completed_screening(vault)
        unconsented = completed_screening(vault, refer=False)
        reference = vault.cases.check_access(vault.screenings.get(screening_id).case_id).reference
    return {
        "services": services,
        "screening": screening_id,
        "unconsented": unconsented,
        "reference": reference,
    }


@pytest.fixture
def run(monkeypatch, capsys, vault_dir):
    return cli_runner(
        monkeypatch,
        capsys,
        ("app.cli.referral_commands",),
        prefix=(
            "--vault",
            str(vault_dir),
            "referral",
            "export",
            "--user",
            "sol",
            "--password-stdin",
        ),
        default_stdin="sol-password\n",
    )


def test_export_with_packet_password_from_the_second_stdin_line(run, world, tmp_path, vault_dir):
    out = tmp_path / "packet.pdf"
    code, stdout, err = run(
        ["--screening", str(world["screening"]), "--service", str(world["services"]["shelter"]),
         "--lang", "en", "--out", str(out), "--packet-password", "--needs", "safe_housing,medical",
         "--urgency", "urgent", "--note", "Call before visiting."],
        "sol-password\npacket-pass-1\n",
    )  # fmt: skip
    assert code == 0, err
    assert "SHA-256" in stdout and "not protected" not in err
    shown = subprocess.run(
        ["qpdf", "--show-encryption", "--password=packet-pass-1", str(out)],
        capture_output=True,
        text=True,
    ).stdout
    assert "R = 6" in shown and "AESv3" in shown
    text = re.sub(r"\s+", " ", pdftotext(out.read_bytes(), tmp_path, "-upw", "packet-pass-1"))
    assert "Hope Shelter (shelter)" in text
    assert "urgent: within 24 hours" in text
    assert "Call before visiting." in text
    assert "victim" not in text.lower()
    with Vault.open(vault_dir, "sol", "sol-password") as vault:
        (referral,) = vault.referrals.list_for_screening(world["screening"])
    assert referral.needs == ("safe_housing", "medical")
    assert referral.urgency == "urgent"


def test_unprotected_packet_is_warned_about(run, world, tmp_path):
    out = tmp_path / "packet.pdf"
    code, _stdout, err = run(
        ["--screening", world["reference"], "--service", str(world["services"]["medical"]),
         "--lang", "ar", "--out", str(out)]
    )  # fmt: skip
    assert code == 0, err
    assert "not protected by a password" in err
    assert out.read_bytes().startswith(b"%PDF")


def test_no_consent_to_refer_is_refused_with_no_file(run, world, tmp_path):
    out = tmp_path / "packet.pdf"
    code, _stdout, err = run(
        ["--screening", str(world["unconsented"]), "--service", str(world["services"]["shelter"]),
         "--lang", "en", "--out", str(out)]
    )  # fmt: skip
    assert code == 2 and "not agreed to be referred" in err
    assert not out.exists()


def test_more_than_consented_is_refused(run, world, tmp_path):
    code, _stdout, err = run(
        ["--screening", str(world["screening"]), "--service", str(world["services"]["shelter"]),
         "--lang", "en", "--out", str(tmp_path / "p.pdf"), "--sections", "needs,indicators",
         "--consented", "needs,note"]
    )  # fmt: skip
    assert code == 2 and "did not agree to share" in err


def test_consented_cannot_widen_what_was_recorded(run, world, tmp_path, vault_dir):
    with Vault.open(vault_dir, "sol", "sol-password") as vault:
        plain_yes = completed_screening(vault, refer_sections=None)
    out = tmp_path / "p.pdf"
    code, _stdout, err = run(
        ["--screening", str(plain_yes), "--service", str(world["services"]["shelter"]),
         "--lang", "en", "--out", str(out), "--consented", "needs,outcome,indicators"]
    )  # fmt: skip
    assert code == 2 and "recorded consent to refer does not cover: indicators" in err
    assert not out.exists()
    # Without --consented, a plain yes shares the needs and the result, not the indicators.
    code, _stdout, err = run(
        ["--screening", str(plain_yes), "--service", str(world["services"]["shelter"]),
         "--lang", "en", "--out", str(out), "--needs", "safe_housing"]
    )  # fmt: skip
    assert code == 0, err
    with Vault.open(vault_dir, "sol", "sol-password") as vault:
        (referral,) = vault.referrals.list_for_screening(plain_yes)
    assert referral.sections == ("needs", "outcome")
    text = re.sub(r"\s+", " ", pdftotext(out.read_bytes(), tmp_path))
    assert "safe housing" in text and "Indicators" not in text


@pytest.mark.parametrize(
    ("args", "expected_code", "message"),
    [
        (["--lang", "xx"], 2, "language not offered: xx"),
        (["--needs", "pizza"], 2, "unknown need 'pizza'"),
        (["--sections", "everything"], 2, "unknown packet section 'everything'"),
        (["--service", "999"], 1, "no service with id 999"),
        (["--screening", "NOPE-REF"], 1, "NOPE-REF"),
    ],
)
def test_bad_input_gets_a_clear_message(run, world, tmp_path, args, expected_code, message):
    base = {
        "--screening": str(world["screening"]),
        "--service": str(world["services"]["shelter"]),
        "--lang": "en",
        "--out": str(tmp_path / "p.pdf"),
    }
    merged = dict(base)
    extra = []
    for index in range(0, len(args), 2):
        if args[index] in merged:
            merged[args[index]] = args[index + 1]
        else:
            extra += args[index : index + 2]
    code, _stdout, err = run([item for pair in merged.items() for item in pair] + extra)
    assert code == expected_code, err
    assert message in err
    assert "Traceback" not in err


def test_another_screener_cannot_refer_this_screening(
    world, tmp_path, monkeypatch, capsys, vault_dir
):
    monkeypatch.setattr(cli_main, "COMMAND_MODULES", ("app.cli.referral_commands",))
    monkeypatch.setattr("sys.stdin", io.StringIO("sky-password\n"))
    code = cli_main.main(
        ["--vault", str(vault_dir), "referral", "export", "--user", "sky", "--password-stdin",
         "--screening", str(world["screening"]), "--service", str(world["services"]["shelter"]),
         "--lang", "en", "--out", str(tmp_path / "p.pdf")]
    )  # fmt: skip
    assert code == 1
    assert "no screening" in capsys.readouterr().err
    assert not (tmp_path / "p.pdf").exists()


def test_an_existing_file_is_not_replaced_without_overwrite(run, world, tmp_path):
    out = tmp_path / "packet.pdf"
    out.write_bytes(b"an earlier packet")
    args = ["--screening", str(world["screening"]), "--service", str(world["services"]["shelter"]),
            "--lang", "en", "--out", str(out)]  # fmt: skip
    code, _stdout, err = run(args)
    assert code == 2 and "already exists" in err and "--overwrite" in err
    assert out.read_bytes() == b"an earlier packet"
    code, _stdout, err = run([*args, "--overwrite"])
    assert code == 0, err
    assert out.read_bytes().startswith(b"%PDF")
