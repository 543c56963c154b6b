"""Fixtures for screening tests: the fixture forms, a fake sink, a fake clock, answer sets."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.screening.loader import form_paths, load_form
from app.screening.model import YES_NO_VALUES, Form, Question

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "forms"
REAL_FORMS = form_paths()


class FakeSink:
    """An in-memory AnswerSink that can be told to fail like a full disk."""

    def __init__(self) -> None:
        self.answers: dict[str, tuple[object, bool]] = {}
        self.progress: list[dict] = []
        self.fail = False

    def save_answer(self, question_id: str, value: object, declined: bool) -> None:
        if self.fail:
            raise OSError("disk full")
        self.answers[question_id] = (value, declined)

    def save_progress(self, *, current_question, status, section_seconds) -> None:
        if self.fail:
            raise OSError("disk full")
        self.progress.append(
            {"current_question": current_question, "status": status, "seconds": section_seconds}
        )


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def positive_value(question: Question) -> object:
    """An answer that sets off every indicator of the question (or a plain one)."""
    values = [v for indicator in question.indicators for v in indicator.on]
    if question.type == "yes_no":
        return values[0] if values else "yes"
    if question.type == "single":
        return values[0] if values else question.options[0].id
    if question.type == "multiple":
        return list(dict.fromkeys(values)) or [question.options[0].id]
    return benign_value(question)


def benign_value(question: Question) -> object:
    """An answer that sets off no indicator of the question."""
    flagged = {v for indicator in question.indicators for v in indicator.on}
    if question.type == "yes_no":
        return next(v for v in YES_NO_VALUES if v not in flagged)
    if question.type == "single":
        return next(o.id for o in question.options if o.id not in flagged)
    if question.type == "multiple":
        return [next(o.id for o in question.options if o.id not in flagged)]
    if question.type == "number":
        return question.min if question.min is not None else 1
    if question.type == "date":
        return "2024-02-29"
    return "a few words"


@pytest.fixture
def mini_form() -> Form:
    return load_form(FIXTURES / "good" / "mini-screening.yaml")


@pytest.fixture
def sink() -> FakeSink:
    return FakeSink()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def answer_values():
    """The helpers positive_value and benign_value, for tests over any form."""
    return positive_value, benign_value
