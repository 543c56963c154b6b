"""`waystation referral export --duty`: a child who said no is referred to child protection
under the duty, the packet says so; the same for an adult is refused with a clear message."""

from __future__ import annotations

import pytest

from app.storage.vault import Vault
from tests.cli_runner import cli_runner
from tests.export.pdf_tools import pdftotext
from tests.export.vault_setup import add_child_protection, completed_screening


@pytest.fixture
def world(vault_dir):
    with Vault.open(vault_dir, "ada", "ada-password") as admin:
        team = add_child_protection(admin)
    with Vault.open(vault_dir, "sol", "sol-password") as vault:
        child = completed_screening(
            vault, form_id="child-screening", given_by="child", refer=False, refer_sections=None
        )
        adult = completed_screening(vault, refer=False, refer_sections=None)
        reference = vault.cases.check_access(vault.screenings.get(child).case_id).reference
    return {"team": team, "child": child, "adult": adult, "reference": reference}


@pytest.fixture
def run(monkeypatch, capsys, vault_dir):
    return cli_runner(
        monkeypatch,
        capsys,
        ("app.cli.referral_commands",),
        prefix=("--vault", str(vault_dir), "referral", "export", "--user", "sol"),
        default_stdin="sol-password\n",
    )


def _args(world, screening, out, *more):
    return [
        "--password-stdin", "--screening", str(screening), "--service", str(world["team"]),
        "--lang", "en", "--out", str(out), *more,
    ]  # fmt: skip


def test_a_child_who_said_no_is_referred_under_the_duty(run, world, tmp_path, vault_dir):
    out = tmp_path / "duty.pdf"
    code, stdout, err = run(_args(world, world["reference"], out, "--duty", "risk_of_harm",
                                  "--child-told", "--duty-note", "Seen with bruises."))  # fmt: skip
    assert code == 0, err
    assert "the referral is recorded on the case" in stdout
    text = " ".join(pdftotext(out.read_bytes(), tmp_path).split())
    assert "Made under a child-protection duty, without the child's agreement" in text
    assert "the child is at risk of harm" in text and "bruises" not in text
    with Vault.open(vault_dir, "sol", "sol-password") as vault:
        (referral,) = vault.referrals.list_for_screening(world["child"])
    assert (referral.duty_ground, referral.duty_note) == ("risk_of_harm", "Seen with bruises.")


def test_without_the_duty_the_child_is_not_referred(run, world, tmp_path):
    out = tmp_path / "none.pdf"
    code, _stdout, err = run(_args(world, world["child"], out))
    assert code == 2 and "has not agreed to be referred" in err
    assert not out.exists()


def test_the_same_for_an_adult_is_refused_with_a_clear_message(run, world, tmp_path):
    out = tmp_path / "adult.pdf"
    code, _stdout, err = run(
        _args(world, world["adult"], out, "--duty", "risk_of_harm", "--child-told")
    )
    assert code == 2
    assert "only for a child; an adult decides for themselves whether to be referred" in err
    assert "Traceback" not in err and not out.exists()


@pytest.mark.parametrize(
    ("more", "message"),
    [
        (["--duty", "legal_duty"], "tell the child that child protection will be told"),
        (["--child-told"], "need --duty"),
    ],
)
def test_the_duty_needs_the_child_told_and_its_options_need_the_duty(
    run, world, tmp_path, more, message
):
    out = tmp_path / "x.pdf"
    code, _stdout, err = run(_args(world, world["child"], out, *more))
    assert code == 2 and message in err and not out.exists()
