"""`waystation demo --out DIR`: the vault it makes opens as `demo`, with packets beside it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.cli_runner import cli_runner


@pytest.fixture
def run(monkeypatch, capsys):
    """run(args, stdin="") -> (exit code, stdout, stderr), with the vault and demo commands."""
    return cli_runner(
        monkeypatch,
        capsys,
        ("app.cli.vault_commands", "app.cli.demo_commands"),
        prefix=(),
        default_stdin="",
    )


def test_demo_command_makes_a_vault_that_opens_with_the_printed_password(run, tmp_path):
    folder = tmp_path / "demo"
    code, out, err = run(["demo", "--out", str(folder), "--cases", "21"])
    assert code == 0, err
    password = re.search(r"Password of demo \(shown only now\): (\S+)", out).group(1)
    assert "21 synthetic cases" in out
    code, info, err = run(
        ["vault", "info", "--vault", str(folder), "--user", "demo", "--password-stdin"],
        password + "\n",
    )
    assert code == 0, err
    assert "cases: 21" in info and "screenings: 21" in info

    printed = re.findall(r"Referral packet (\S+\.pdf) \((\w+), for ([^)]*)\)", out)
    by_lang = {lang: Path(path) for path, lang, _service in printed}
    assert sorted(by_lang) == ["ar", "en", "fr"], printed
    assert {service for _path, _lang, service in printed} >= {
        "Demo Harbour Shelter",
        "Demo Listening Space",
        "Demo Legal Aid Clinic",
    }
    for path, _lang, _service in printed:
        # The case reference and packet number, the service's short name and the date.
        assert re.fullmatch(r"WS-\w{4}-\w{2}-R\d+_[a-z-]+_\d{4}-\d\d-\d\d\.pdf", Path(path).name)
    arabic = PdfReader(by_lang["ar"])
    assert not arabic.is_encrypted and len(arabic.pages) >= 1
    fonts = arabic.pages[0]["/Resources"]["/Font"]
    assert any("Arabic" in str(fonts[name].get_object()["/BaseFont"]) for name in fonts)
    protected = PdfReader(by_lang["fr"])
    assert protected.is_encrypted
    packet_password = re.search(r"\.pdf \(fr, [^)]*\), password: (\S+)", out).group(1)
    assert protected.decrypt("wrong") == 0
    assert protected.decrypt(packet_password) != 0
    assert "Demo Legal Aid Clinic" in protected.pages[0].extract_text()


def test_demo_command_refuses_a_used_folder_with_exit_2(run, tmp_path):
    (tmp_path / "notes.txt").write_text("mine", "utf-8")
    code, _out, err = run(["demo", "--out", str(tmp_path), "--cases", "1"])
    assert code == 2
    assert str(tmp_path) in err and "Traceback" not in err
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_demo_command_refuses_a_short_password_from_stdin(run, tmp_path):
    folder = tmp_path / "demo"
    code, _out, err = run(["demo", "--out", str(folder), "--password-stdin"], "short\n")
    assert code == 2 and "at least" in err
    assert not folder.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--cases", "0"], "between 1 and"), (["--lang", "xx"], "not offered: xx")],
)
def test_demo_command_names_a_bad_option(run, tmp_path, args, message):
    code, _out, err = run(["demo", "--out", str(tmp_path / "demo"), *args])
    assert code == 2 and message in err
    assert not (tmp_path / "demo").exists()
