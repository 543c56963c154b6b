"""The expression language: parsing, evaluation, errors with positions, and fuzzing."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.screening import expressions
from app.screening.expressions import ExpressionError, evaluate, holds, parse


class Answers:
    """A minimal Context: answers by id, declined ids, and dimension results."""

    def __init__(self, values=None, declined=(), positive=(), groups=(), strong=0):
        self.values = values or {}
        self.declined = set(declined)
        self.positives = set(positive)
        self.groups = set(groups)
        self.strong = strong

    def value(self, question_id):
        return None if question_id in self.declined else self.values.get(question_id)

    def is_answered(self, question_id):
        return question_id in self.values and question_id not in self.declined

    def is_declined(self, question_id):
        return question_id in self.declined

    def positive(self, dimension_id):
        return dimension_id in self.positives

    def positive_group(self, group):
        return group in self.groups

    def count_positive(self):
        return len(self.positives)

    def count_indicators(self, strength):
        return self.strong if strength == "strong" else 0


@pytest.mark.parametrize(
    ("text", "answers", "expected"),
    [
        ("abroad == 'yes'", {"abroad": "yes"}, True),
        ('abroad == "yes"', {"abroad": "no"}, False),
        ("abroad != 'yes'", {}, True),
        ("age >= 18", {"age": 18}, True),
        ("age < 18", {"age": 17.5}, True),
        ("age < 18", {}, False),  # unanswered is null, never less than a number
        ("age > 'x'", {"age": 3}, False),  # mixed kinds compare false, never raise
        ("who in ['agent', 'stranger']", {"who": "agent"}, True),
        ("who not in ['agent', 'stranger']", {"who": "family"}, True),
        ("'no_pay' in conditions", {"conditions": ["no_pay", "danger"]}, True),
        ("'no_pay' in conditions", {}, False),
        ("not (a == 'yes' or b == 'yes')", {"a": "no", "b": "no"}, True),
        ("a == 'yes' and not b == 'yes'", {"a": "yes", "b": "no"}, True),
        ("answered(a) and not answered(b)", {"a": "no"}, True),
        ("selected(c, 'danger')", {"c": ["danger"]}, True),
        ("selected(c, 'danger')", {"c": "danger"}, True),
        ("count_yes(a, b, c) >= 2", {"a": "yes", "b": "unsure", "c": "yes"}, True),
        ("count_yes(a, b, c) >= 2", {"a": "yes", "b": "no"}, False),
        ("a == null", {}, True),
        ("true", {}, True),
        ("1 == true", {}, False),
    ],
)
def test_evaluates(text, answers, expected):
    assert holds(parse(text), Answers(answers)) is expected


def test_declined_reads_as_null_and_is_told_apart():
    context = Answers({"a": "no"}, declined={"a"})
    assert holds(parse("a == null and declined(a) and not answered(a)"), context)
    assert not holds(parse("a == 'no'"), context)


def test_dimension_functions():
    context = Answers(positive={"coercion"}, groups={"coercion"}, strong=2)
    assert holds(parse("positive('coercion') and not positive('deception')"), context)
    assert holds(parse("positive_group('coercion') and count_positive() == 1"), context)
    assert evaluate(parse("count_indicators('strong')"), context) == 2


@pytest.mark.parametrize(
    ("text", "offset", "words"),
    [
        ("a == 'yes", 5, "never closed"),
        ("a = 'yes'", 2, "unexpected character"),
        ("a == ", 5, "expected a value"),
        ("(a == 'yes'", 11, "expected ')'"),
        ("a == 'yes' b", 11, "unexpected b"),
        ("1 < a < 3", 6, "cannot be chained"),
        ("eval('x')", 0, "unknown function eval()"),
        ("answered('a')", 9, "expects a question id"),
        ("positive(coercion)", 9, "expects a quoted id"),
        ("count_yes()", 0, "argument"),
        ("count_positive(a)", 0, "argument"),
        ("", 0, "empty"),
        ("[a]", 1, "fixed values"),
        ("a == 'x' and", 12, "expected a value"),
    ],
)
def test_errors_point_at_the_problem(text, offset, words):
    with pytest.raises(ExpressionError) as caught:
        parse(text)
    assert caught.value.offset == offset
    assert words in caught.value.message


def test_deep_nesting_is_a_clean_error():
    with pytest.raises(ExpressionError, match="nests too deeply"):
        parse("(" * 200 + "true" + ")" * 200)
    with pytest.raises(ExpressionError, match="nests too deeply"):
        parse("not " * 300 + "true")


def test_references_are_listed_in_order():
    names = expressions.referenced_questions(parse("a == 'x' and selected(b, 'y') or count_yes(c)"))
    assert [n.name for n in names] == ["a", "b", "c"]


_ALPHABET = st.sampled_from(
    [
        *"abcxyz_019 '\"()[],.=!<>-\\",
        *["and ", "or ", "not ", "in ", "true", "null", "selected(", "count_yes(", "positive("],
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_ALPHABET, max_size=30).map("".join))
def test_random_expressions_parse_or_fail_cleanly(text):
    try:
        tree = parse(text)
    except ExpressionError as error:
        assert 0 <= error.offset <= len(text)
        return
    # Whatever parses also evaluates without raising, whatever the answers.
    evaluate(tree, Answers({"a": "yes", "b": ["x"], "c": 3}))
    evaluate(tree, Answers())


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_arbitrary_text_parses_or_fails_cleanly(text):
    try:
        parse(text)
    except ExpressionError as error:
        assert error.message
