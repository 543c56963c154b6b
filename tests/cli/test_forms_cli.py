"""`waystation forms list` and `forms validate`: placed messages, exit codes, no tracebacks."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main as cli_main

BROKEN = Path(__file__).resolve().parent.parent / "fixtures" / "forms" / "broken"
GOOD = Path(__file__).resolve().parent.parent / "fixtures" / "forms" / "good"


@pytest.fixture
def run(capsys):
    def runner(*args: str) -> tuple[int, str, str]:
        try:
            code = cli_main.main(list(args))
        except SystemExit as exit_:
            code = exit_.code
        out = capsys.readouterr()
        return code, out.out, out.err

    return runner


def test_list_shows_the_shipped_questionnaires(run):
    code, out, err = run("forms", "list")
    assert code == 0, err
    lines = out.splitlines()
    assert any(line.startswith("adult-screening v") for line in lines)
    assert any(line.startswith("border-triage v2") and "12 questions" in line for line in lines)
    assert any(line.startswith("child-screening v") and "(child," in line for line in lines)


def test_validate_broken_fixtures_gives_one_placed_line_per_problem(run):
    code, out, err = run("forms", "validate", "--no-translations", str(BROKEN))
    assert code == 1
    lines = out.splitlines()
    expected = [
        f"{BROKEN / 'syntax.yaml'}:3:8: YAML syntax error: expected ',' or ']', but got ':'",
        f"{BROKEN / 'not-a-mapping.yaml'}:1:1: the questionnaire must be a mapping",
        f"{BROKEN / 'structure.yaml'}:7:1: unknown key colour in the questionnaire",
        f"{BROKEN / 'structure.yaml'}:38:13: duplicate question id papers",
        f"{BROKEN / 'structure.yaml'}:36:25: unknown dimension deception",
        f"{BROKEN / 'expressions.yaml'}:31:19: show_if refers to second, which comes later",
        f"{BROKEN / 'expressions.yaml'}:35:19: show_if of second refers to itself (a cycle)",
        f"{BROKEN / 'expressions.yaml'}:39:46: malformed expression in show_if",
        f"{BROKEN / 'expressions.yaml'}:20:48: unknown question id ghost",
    ]
    for start in expected:
        assert any(line.startswith(start) for line in lines), start
    assert len(lines) == 19 + 16 + 1 + 1
    assert "Traceback" not in out + err
    assert "37 problems in 4 files" in err


def test_validate_good_fixture_passes_without_translations(run):
    code, out, err = run("forms", "validate", "--no-translations", str(GOOD))
    assert (code, out) == (0, "")
    assert "1 questionnaire OK" in err


def test_validate_counts_use_singular_and_plural(run, tmp_path):
    code, _out, err = run("forms", "validate", "--no-translations", str(BROKEN / "syntax.yaml"))
    assert code == 1
    assert "1 problem in 1 file" in err and "(s)" not in err
    code, _out, err = run("forms", "validate", "--no-translations")
    assert code == 0
    assert "questionnaires OK" in err and "(s)" not in err


def test_validate_reports_missing_translations(run):
    # The fixture form's texts are in no catalog: each language lacks each text.
    code, out, _err = run("forms", "validate", str(GOOD / "mini-screening.yaml"))
    assert code == 1
    assert (
        f'{GOOD / "mini-screening.yaml"}:4:8: no Arabic (ar) translation of "Mini screening"' in out
    )


def test_validate_shipped_forms_without_translations(run):
    code, out, err = run("forms", "validate", "--no-translations")
    assert code == 0, out + err


def test_validate_duplicate_form_ids(run, tmp_path):
    for name in ("one.yaml", "two.yaml"):
        (tmp_path / name).write_text(
            (GOOD / "mini-screening.yaml").read_text(encoding="utf-8"), encoding="utf-8"
        )
    code, out, _err = run("forms", "validate", "--no-translations", str(tmp_path))
    assert code == 1
    first, second = tmp_path / "one.yaml", tmp_path / "two.yaml"
    assert out.strip() == f"{second}:1:1: form id mini-screening is also used by {first}"


def test_validate_missing_path_is_a_message(run, tmp_path):
    code, out, err = run("forms", "validate", str(tmp_path / "nope.yaml"))
    assert code == 1
    assert out.strip() == f"{tmp_path / 'nope.yaml'}:1:1: no such file"
    assert "Traceback" not in err
