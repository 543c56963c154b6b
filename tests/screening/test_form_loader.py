"""Loading and validating questionnaires: good forms load, bad ones get placed messages."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.errors import FormError
from app.screening.loader import check_file, load_form, parse_form_text, translation_problems
from app.screening.validation import Problem

from .conftest import FIXTURES, REAL_FORMS

BROKEN = FIXTURES / "broken"


def messages(name: str) -> list[str]:
    form, problems = check_file(BROKEN / name, translations=False)
    assert form is None
    return [f"{p.line}:{p.column}: {p.message}" for p in problems]


def test_fixture_form_loads_with_every_part(mini_form):
    assert mini_form.id == "mini-screening"
    assert [s.id for s in mini_form.sections] == ["travel", "work", "control"]
    job = mini_form.question("job_different")
    assert job.ref == "Q2" and job.show_if == "recruited_abroad == 'yes'"
    assert job.indicators[0].dimension == "deceptive_recruitment"
    assert job.indicators[0].on == ("yes",)  # `yes` stays the text "yes", not a boolean
    assert mini_form.question("days_off").indicators[0].on == ("never",)
    assert mini_form.question("hours").max == 24
    assert mini_form.consent_script.startswith("We ask a few questions")
    assert not mini_form.consent_script.endswith("\n")
    assert mini_form.outcomes[-1].when == "true"


@pytest.mark.parametrize("path", REAL_FORMS, ids=lambda p: p.name)
def test_shipped_forms_load_without_problems(path):
    form, problems = check_file(path, translations=False)
    assert problems == []
    assert form is not None and form.questions


def test_shipped_forms_have_unique_ids():
    ids = [load_form(path).id for path in REAL_FORMS]
    assert len(ids) == len(set(ids))


def test_structure_mistakes_are_placed():
    found = messages("structure.yaml")
    expected = [
        "2:5: id 'Structure Test' in the questionnaire is not a valid id",
        "3:10: version in the questionnaire must be a whole number",
        "5:11: audience must be one of adult, child, not adults",
        "7:1: unknown key colour in the questionnaire",
        "14:9: duplicate dimension id coercion",
        "19:19: strength must be one of strong, medium, weak, not heavy",
        "21:7: outcome refer has no decision",
        "24:7: outcome refer has no decision",
        "24:11: duplicate outcome id refer",
        '26:14: the last outcome must have when: "true"',
        "35:63: 'maybe' is not a yes_no answer (use yes, no, unsure)",
        "36:25: unknown dimension deception (declare it under dimensions)",
        "37:45: strength must be one of strong, medium, weak, not huge",
        "38:13: duplicate question id papers (first used on line 31)",
        "46:18: duplicate option id employer in question who",
        "48:56: unknown option id 'landlord' in on (options: employer)",
        "49:9: question hours has no text",
        "51:14: min is larger than max in question hours",
        "55:15: type feelings in question mood is not one of",
    ]
    for start in expected:
        assert any(line.startswith(start) for line in found), (start, found)
    assert len(found) == len(expected)


def test_expression_mistakes_are_placed_inside_the_expression():
    found = messages("expressions.yaml")
    expected = [
        "15:7: outcome refer has no decision",
        "18:7: outcome maybe has no decision",
        "21:7: outcome rest has no decision",
        "17:23: unknown dimension deception",
        "17:54: no dimension has group nowhere",
        "20:31: strength must be one of strong, medium, weak, not huge",
        "20:48: unknown question id ghost",
        '23:14: the last outcome must have when: "true"',
        "31:19: show_if refers to second, which comes later in the form",
        "35:19: show_if of second refers to itself (a cycle)",
        "39:46: malformed expression in show_if: unexpected character '='",
        "45:28: selected() needs a choice question; first is yes_no",
        "45:43: count_positive() can only be used in an outcome's when, not in show_if",
        "49:36: unknown option id b of question fourth",
        "49:45: unknown question id nobody",
        "53:28: malformed expression in show_if: text started here is never closed",
    ]
    for start in expected:
        assert any(line.startswith(start) for line in found), (start, found)
    assert len(found) == len(expected)


def test_a_decision_outside_the_three_is_placed():
    text = (
        (FIXTURES / "good" / "mini-screening.yaml")
        .read_text()
        .replace("decision: no_referral", "decision: maybe_later", 1)
    )
    form, problems = parse_form_text(text, "mini.yaml")
    assert form is None
    assert [f"{p.line}:{p.column}: {p.message}" for p in problems] == [
        f"{_line_of(text, 'maybe_later')}:17: decision must be one of refer, no_referral, "
        "undetermined, not maybe_later"
    ]


def _line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_yaml_syntax_error_is_placed():
    assert messages("syntax.yaml") == ["3:8: YAML syntax error: expected ',' or ']', but got ':'"]


def test_a_list_is_not_a_questionnaire():
    assert messages("not-a-mapping.yaml") == [
        "1:1: the questionnaire must be a mapping of keys and values"
    ]


def test_load_form_raises_form_error_with_every_problem():
    with pytest.raises(FormError) as caught:
        load_form(BROKEN / "structure.yaml")
    assert len(caught.value.problems) == 19
    assert "structure.yaml:7:1: unknown key colour" in str(caught.value)


def test_a_form_is_parsed_again_only_when_its_file_changed(tmp_path):
    path = tmp_path / "mini.yaml"
    text = (FIXTURES / "good" / "mini-screening.yaml").read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    first = load_form(path)
    assert load_form(path) is first  # unchanged: the Form parsed before
    path.write_text(text.replace("id: mini-screening", "id: mini-edited", 1), encoding="utf-8")
    assert load_form(path).id == "mini-edited"  # edited: read again
    path.write_text("id: [", encoding="utf-8")
    with pytest.raises(FormError):
        load_form(path)


def test_unreadable_files_are_problems_not_tracebacks(tmp_path):
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"id: x\n\xff\xfe")
    assert "not UTF-8" in check_file(binary)[1][0].message
    assert "cannot read" in check_file(tmp_path / "missing.yaml")[1][0].message


def test_duplicated_key_is_reported():
    text = (BROKEN.parent / "good" / "mini-screening.yaml").read_text(encoding="utf-8")
    text = text.replace("version: 1\n", "version: 1\nversion: 2\n", 1)
    form, problems = parse_form_text(text, "dup.yaml")
    assert form is None
    assert str(problems[0]) == "dup.yaml:4:1: key version is written twice in the same place"


def test_alias_bomb_ends_cleanly():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for level in range(1, 8):
        bomb += (
            f"b{level}: &b{level} ["
            + ", ".join(["*" + ("a" if level == 1 else f"b{level - 1}")] * 10)
            + "]\n"
        )
    form, problems = parse_form_text(bomb, "bomb.yaml")
    assert form is None
    assert "too large" in problems[0].message


def test_missing_translations_are_problems_per_text(tmp_path, mini_form):
    text = (FIXTURES / "good" / "mini-screening.yaml").read_text(encoding="utf-8")
    problems = translation_problems(text, "mini.yaml", root=tmp_path)
    # No catalogs at all: one problem per offered language other than English.
    assert all(p.line == 1 for p in problems) and len(problems) >= 9
    assert any("no forms catalog for Arabic (ar)" in p.message for p in problems)

    po = tmp_path / "fr" / "LC_MESSAGES" / "forms.po"
    po.parent.mkdir(parents=True)
    entries = {t: "FR " + t for t in mini_form.texts() if t != "Your work"}
    entries["Mini screening"] = "Mini {oops}"
    body = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    for source, target in entries.items():
        body += f"msgctxt {_quote(CONTEXT)}\nmsgid {_quote(source)}\nmsgstr {_quote(target)}\n\n"
    body += f'msgctxt {_quote(CONTEXT)}\nmsgid {_quote("Your work")}\nmsgstr ""\n'
    # A translation without the form's context belongs to no form: it does not count.
    body += f'\nmsgid {_quote("Your work")}\nmsgstr "Votre travail"\n'
    po.write_text(body, encoding="utf-8")
    french = [
        p for p in translation_problems(text, "mini.yaml", root=tmp_path) if "(fr)" in p.message
    ]
    assert [str(p) for p in french] == [
        'mini.yaml:4:8: the French (fr) translation of "Mini screening" has different {fields}',
        'mini.yaml:72:12: no French (fr) translation of "Your work"',
    ]


CONTEXT = "mini-screening"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


# --- property tests: random YAML never gives anything but problems ---------------------

_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 200),
    st.sampled_from(["yes", "no", "yes_no", "single", "strong", "q1", "a == 'yes'", "true", ""]),
    st.text(max_size=12),
)
_keys = st.sampled_from(
    [
        "id",
        "version",
        "title",
        "audience",
        "sections",
        "questions",
        "type",
        "options",
        "indicators",
        "dimension",
        "strength",
        "on",
        "show_if",
        "scoring",
        "outcomes",
        "when",
        "dimensions",
        "group",
        "dimension_rule",
        "text",
        "min",
        "max",
        "consent_script",
        "x",
    ]
)
_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys, inner, max_size=6),
    max_leaves=30,
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(_keys, _values, max_size=10))
def test_random_structures_give_only_problems(document):
    text = yaml.safe_dump(document, allow_unicode=True)
    form, problems = parse_form_text(text, "random.yaml")
    assert (form is None) == bool(problems)
    assert all(isinstance(p, Problem) and p.line >= 1 and p.column >= 1 for p in problems)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!|>'\"#\n %@`,?\t")), max_size=60))
def test_random_text_gives_only_problems(text):
    form, problems = parse_form_text(text, "random.yaml")
    assert form is None and problems


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_mutated_real_form_gives_only_problems(data):
    source = (FIXTURES / "good" / "mini-screening.yaml").read_text(encoding="utf-8")
    lines = source.splitlines()
    index = data.draw(st.integers(0, len(lines) - 1))
    lines[index] = data.draw(st.text(max_size=30))
    form, problems = parse_form_text("\n".join(lines), "mutated.yaml")
    assert (form is None) == bool(problems)


def test_fixture_folder_path_is_shared(tmp_path):
    assert Path(BROKEN).is_dir()


@pytest.mark.parametrize("text", ["[" * 5000, "a:\n" + "  - [" * 3000, "\x00id: x", "id: x\n\x07"])
def test_hostile_yaml_ends_in_a_problem(text):
    form, problems = parse_form_text(text, "hostile.yaml")
    assert form is None and problems[0].line >= 1


@pytest.mark.parametrize("path", REAL_FORMS, ids=lambda p: p.name)
def test_no_form_text_calls_a_person_a_victim(path):
    # A screen never identifies anyone: "indicators present", "referral recommended".
    assert "victim" not in " ".join(load_form(path).texts()).lower()
