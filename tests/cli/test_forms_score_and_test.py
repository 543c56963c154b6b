"""`waystation forms score` and `forms test`: what questionnaire authors run on their rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.resources import forms_dir
from tests.cli_runner import cli_runner

GOOD = Path(__file__).resolve().parent.parent / "fixtures" / "forms" / "good"


@pytest.fixture
def run(monkeypatch, capsys):
    runner = cli_runner(monkeypatch, capsys, ["app.cli.forms_commands"])
    return lambda *args: runner(args)


def _answers(tmp_path: Path, data: object) -> str:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_score_json_gives_level_decision_explanation_declined_and_unsure(run, tmp_path):
    file = _answers(
        tmp_path,
        {"safe_to_talk": "yes", "papers_held": None, "controlled": "unsure", "no_such": "yes"},
    )
    code, out, err = run("forms", "score", "border-triage", "--answers", file, "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["decision"] in ("no_referral", "undetermined")
    assert result["level"] in ("no_referral", "undetermined")
    assert result["declined"] == ["papers_held"] and result["unsure"] == ["controlled"]
    assert isinstance(result["explanation"], list) and result["explanation"]
    # An unknown id is a warning on stderr, not an error.
    assert "no_such" in err and "warning" in err


def test_score_refers_on_one_sign_and_ignores_answers_to_hidden_questions(run, tmp_path):
    # safe_to_talk "no" hides the rest: the "yes" to a hidden question counts for nothing,
    # but not being safe to talk is itself a sign.
    file = _answers(tmp_path, {"safe_to_talk": "no", "papers_held": "yes"})
    code, out, _err = run("forms", "score", "border-triage", "--answers", file, "--json")
    result = json.loads(out)
    assert code == 0 and result["decision"] == "refer"
    assert not any("Q5" in line and "strong" in line for line in result["explanation"][3:4])


def test_score_takes_a_form_file_and_prints_words(run, tmp_path):
    file = _answers(tmp_path, {"recruited_abroad": "no", "documents_taken": "yes"})
    form = str(GOOD / "mini-screening.yaml")
    code, out, err = run("forms", "score", form, "--answers", file)
    assert code == 0, err
    assert out.startswith("Decision: No referral from this screen")
    assert "Coercion at destination: not positive — 1 strong (Q8)" in out
    assert "not an identification" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [("[1, 2]", "must hold one JSON object"), ("{oops", "is not JSON")],
)
def test_score_with_a_bad_answers_file_says_what_is_wrong(run, tmp_path, content, message):
    path = tmp_path / "answers.json"
    path.write_text(content, encoding="utf-8")
    code, _out, err = run("forms", "score", "border-triage", "--answers", str(path))
    assert code == 2 and message in err and "Traceback" not in err


def test_score_with_a_value_the_question_cannot_take_names_the_question(run, tmp_path):
    file = _answers(tmp_path, {"papers_held": "perhaps"})
    code, _out, err = run("forms", "score", "border-triage", "--answers", file)
    assert code == 1 and "papers_held" in err and "Traceback" not in err


def test_score_of_an_unknown_form_is_not_found(run, tmp_path):
    code, _out, err = run("forms", "score", "no-such-form", "--answers", _answers(tmp_path, {}))
    assert code == 1 and "no-such-form" in err


def test_the_shipped_vignettes_pass(run):
    code, out, err = run("forms", "test")
    assert code == 0, out
    assert len(list(forms_dir().joinpath("tests").glob("*.yaml"))) == 3
    assert "0 failed" in err
    assert int(err.split()[0]) >= 40


WRONG = """\
- name: Right expectation
  form: border-triage
  rationale: ILO forced labour indicators - retention of identity documents
  decision: refer
  answers: {safe_to_talk: "yes", papers_held: "yes"}
- name: Wrong expectation
  form: border-triage
  rationale: a deliberate mistake, to see the failure placed
  decision: no_referral
  answers: {safe_to_talk: "yes", papers_held: "yes"}
- name: Unknown question
  form: border-triage
  rationale: an answer to a question the form does not have
  decision: no_referral
  answers: {safe_to_talk: "yes", pasport_held: "yes"}
- name: Missing rationale
  form: border-triage
  decision: refer
  level: nowhere
  answers: {}
"""


def test_a_wrong_expectation_fails_with_file_and_line(run, tmp_path):
    path = tmp_path / "wrong.yaml"
    path.write_text(WRONG, encoding="utf-8")
    code, out, err = run("forms", "test", str(path))
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith(
        f"{path}:6: Wrong expectation: expected decision no_referral, got refer"
    )
    assert lines[1].startswith(f"{path}:11: Unknown question: unknown question id pasport_held")
    assert lines[2].startswith(f"{path}:16: Missing rationale: rationale is missing")
    assert "form border-triage has no outcome level nowhere" in lines[2]
    assert len(lines) == 3
    assert "4 vignettes, 3 failed" in err


def test_forms_test_on_a_missing_path_or_bad_yaml_fails_placed(run, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("- name: x\n  answers: [\n", encoding="utf-8")
    code, out, _err = run("forms", "test", str(bad), str(tmp_path / "nothing.yaml"))
    assert code == 1
    assert any(line.startswith(f"{bad}:") for line in out.splitlines())
    assert f"{tmp_path / 'nothing.yaml'}:1: no such file" in out
