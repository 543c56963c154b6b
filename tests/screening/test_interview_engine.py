"""Whole interviews walked through the engine, with a fake sink and a fake clock."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.screening.engine import (
    COMPLETED,
    PAUSED,
    STOPPED,
    Interview,
    InterviewClosed,
    InvalidAnswer,
    SectionProgress,
)
from app.screening.loader import load_form
from app.screening.model import AnswerRecord

from .conftest import FIXTURES, REAL_FORMS, FakeClock, FakeSink, benign_value, positive_value


def walk(interview: Interview, values: dict[str, object]) -> list[str]:
    """Answer from `values` (default: a benign answer) until the end; the ids asked."""
    asked = []
    while interview.current is not None:
        question = interview.current
        asked.append(question.id)
        value = values.get(question.id, benign_value(question))
        if value == "DECLINE":
            interview.decline()
        else:
            interview.answer(value)
    return asked


def test_skip_logic_hides_follow_up_questions(mini_form, sink):
    interview = Interview(mini_form, sink=sink)
    asked = walk(interview, {"recruited_abroad": "no", "threats": "no"})
    assert "job_different" not in asked and "pay_different" not in asked
    assert "threat_details" not in asked
    assert interview.status == COMPLETED
    assert sink.progress[-1]["status"] == COMPLETED
    assert sink.progress[-1]["current_question"] is None


def test_skip_logic_shows_follow_ups(mini_form, sink):
    interview = Interview(mini_form, sink=sink)
    asked = walk(interview, {"recruited_abroad": "yes", "threats": "yes"})
    assert asked[:3] == ["recruited_abroad", "job_different", "pay_different"]
    assert asked[-1] == "threat_details"


def test_every_answer_reaches_the_sink_as_given(mini_form, sink):
    interview = Interview(mini_form, sink=sink)
    walk(interview, {"recruited_abroad": "yes", "conditions": ["danger", "danger"], "hours": 9.5})
    assert sink.answers["recruited_abroad"] == ("yes", False)
    assert sink.answers["conditions"] == (["danger"], False)
    assert sink.answers["hours"] == (9.5, False)
    assert set(sink.answers) == {q.id for q in interview.visible_questions()}


def test_back_returns_to_the_previous_visible_question_and_keeps_answers(mini_form, sink):
    interview = Interview(mini_form, sink=sink)
    interview.answer("yes")
    interview.answer("no")
    assert interview.current.id == "pay_different"
    interview.back()
    assert interview.current.id == "job_different"
    assert interview.answer_for("job_different") == AnswerRecord("no", False)
    interview.back()
    assert interview.current.id == "recruited_abroad"
    assert not interview.can_go_back
    with pytest.raises(InterviewClosed, match="first question"):
        interview.back()
    # Changing the first answer hides the follow-ups: back from the next skips them.
    interview.answer("no")
    assert interview.current.id == "arrival_date"
    interview.back()
    assert interview.current.id == "recruited_abroad"


def test_hidden_answers_are_kept_but_not_scored(mini_form, sink):
    interview = Interview(mini_form, sink=sink)
    interview.answer("yes")
    interview.answer("yes")  # job_different: strong deceptive recruitment
    interview.back()
    interview.back()
    interview.answer("no")  # hides job_different
    assert interview.answers["job_different"] == AnswerRecord("yes", False)
    walk(interview, {})
    outcome = interview.outcome()
    deceptive = outcome.dimensions[0]
    assert deceptive.dimension_id == "deceptive_recruitment" and not deceptive.evidence
    assert "job_different" not in outcome.skipped


def test_declined_answers_are_their_own_answer(mini_form, sink):
    interview = Interview(mini_form, sink=sink)
    walk(
        interview,
        {
            "recruited_abroad": "yes",
            "job_different": "DECLINE",
            "threats": "yes",
            "documents_taken": "DECLINE",
        },
    )
    assert sink.answers["job_different"] == (None, True)
    outcome = interview.outcome()
    assert outcome.declined == ("job_different", "documents_taken")
    # threat_details is hidden when documents_taken was declined.
    assert "threat_details" not in [q.id for q in interview.visible_questions()]
    assert [p.answered == p.total for p in interview.progress()] == [True, True, True]


def test_invalid_answers_name_the_question_and_change_nothing(mini_form, sink):
    interview = Interview(mini_form, sink=sink)
    with pytest.raises(InvalidAnswer, match=r"Q1 \(recruited_abroad\): expected one of yes, no"):
        interview.answer(True)
    walk_to = {"recruited_abroad": "no", "arrival_date": "2024-01-01"}
    interview.answer(walk_to["recruited_abroad"])
    for bad, words in [("2024-02-30", "not a real date"), ("1/2/2024", "YYYY-MM-DD")]:
        with pytest.raises(InvalidAnswer, match=words):
            interview.answer(bad)
    interview.answer("2024-01-01")
    with pytest.raises(InvalidAnswer, match=r"Q5 \(hours\): 25 is above the maximum 24"):
        interview.answer(25)
    with pytest.raises(InvalidAnswer, match="expected a number"):
        interview.answer("8")
    interview.answer(8)
    with pytest.raises(InvalidAnswer, match="unknown option id 'monthly'"):
        interview.answer("monthly")
    interview.answer("sometimes")
    with pytest.raises(InvalidAnswer, match="unknown option id 'other'"):
        interview.answer(["no_pay", "other"])
    assert interview.current.id == "conditions"
    assert "conditions" not in sink.answers


def test_a_failing_sink_leaves_the_engine_where_it_was(mini_form, sink):
    interview = Interview(mini_form, sink=sink)
    sink.fail = True
    with pytest.raises(OSError):
        interview.answer("yes")
    assert interview.current.id == "recruited_abroad"
    assert interview.answers == {}
    with pytest.raises(OSError):
        interview.stop("fire alarm")
    assert interview.status != STOPPED
    sink.fail = False
    interview.answer("yes")
    assert interview.current.id == "job_different"


def test_pause_and_resume_from_stored_answers(mini_form, sink, clock):
    interview = Interview(mini_form, sink=sink, clock=clock)
    clock.advance(30)
    interview.answer("yes")
    clock.advance(12)
    interview.answer("yes")
    clock.advance(5)
    interview.pause()
    assert interview.status == PAUSED
    saved = sink.progress[-1]
    assert saved == {
        "current_question": "pay_different",
        "status": PAUSED,
        "seconds": {"travel": 47.0},
    }
    clock.advance(3600)  # a paused interview accrues no time

    resumed_sink = FakeSink()
    resumed = Interview.resume(
        mini_form,
        answers={qid: AnswerRecord(v, d) for qid, (v, d) in sink.answers.items()},
        current_question=saved["current_question"],
        section_seconds=saved["seconds"],
        sink=resumed_sink,
        clock=clock,
    )
    assert resumed.current.id == "pay_different"
    clock.advance(10)
    resumed.answer("no")
    assert resumed_sink.progress[-1]["seconds"] == {"travel": 57.0}
    resumed.back()
    assert resumed.current.id == "pay_different"
    resumed.back()
    assert resumed.current.id == "job_different"


def test_resume_with_a_vanished_question_starts_at_the_first_unanswered(mini_form, sink):
    resumed = Interview.resume(
        mini_form,
        answers={"recruited_abroad": AnswerRecord("no"), "gone_question": AnswerRecord("yes")},
        current_question="gone_question",
        section_seconds={"travel": 4},
        sink=sink,
    )
    assert resumed.current.id == "arrival_date"
    assert "gone_question" not in resumed.answers


def test_time_is_counted_per_section(mini_form, sink, clock):
    interview = Interview(mini_form, sink=sink, clock=clock)
    clock.advance(20)
    walk(interview, {"recruited_abroad": "no", "arrival_date": "2024-01-01"})
    # Only the first answer took time; all of it was spent in the first section.
    assert sink.progress[-1]["seconds"] == {"travel": 20.0, "work": 0.0, "control": 0.0}


def test_stop_keeps_the_reason_and_refuses_more_answers(mini_form, sink):
    interview = Interview(mini_form, sink=sink)
    interview.answer("no")
    interview.stop("the person asked to stop")
    assert interview.status == STOPPED and interview.stop_reason == "the person asked to stop"
    assert sink.progress[-1]["status"] == STOPPED
    assert sink.progress[-1]["current_question"] == "arrival_date"
    with pytest.raises(InterviewClosed, match="stopped"):
        interview.answer("2024-01-01")
    outcome = interview.outcome()
    assert "arrival_date" in outcome.skipped and outcome.level == "no_indicators"


def test_progress_by_section(mini_form, sink):
    interview = Interview(mini_form, sink=sink)
    assert interview.progress()[0] == SectionProgress("travel", 0, 2)
    interview.answer("yes")
    assert interview.progress()[0] == SectionProgress("travel", 1, 4)


def test_answering_after_the_end_is_refused(mini_form, sink):
    interview = Interview(mini_form, sink=sink)
    walk(interview, {})
    with pytest.raises(InterviewClosed, match="every question"):
        interview.decline()


@pytest.mark.parametrize("path", REAL_FORMS, ids=lambda p: p.name)
def test_whole_interview_on_each_shipped_form(path):
    form = load_form(path)
    sink, clock = FakeSink(), FakeClock()
    interview = Interview(form, sink=sink, clock=clock)
    asked = []
    while interview.current is not None:
        question = interview.current
        asked.append(question.id)
        clock.advance(7)
        interview.answer(positive_value(question))
    assert interview.status == COMPLETED
    assert all(p.answered == p.total for p in interview.progress())
    assert set(sink.answers) == set(asked)
    assert sum(sink.progress[-1]["seconds"].values()) == 7 * len(asked)
    # Every indicator set off: the strongest outcome of the form.
    assert interview.outcome().level == form.outcomes[0].id

    # Back through the whole interview, then forward again with benign answers.
    for _ in range(len(asked)):
        interview.back() if interview.current else interview.go_to(asked[-1])
    assert interview.current.id == asked[0]
    while interview.current is not None:
        interview.answer(benign_value(interview.current))
    assert interview.outcome().level == form.outcomes[-1].id


@pytest.mark.parametrize("path", REAL_FORMS, ids=lambda p: p.name)
def test_declining_everything_on_each_shipped_form(path):
    form = load_form(path)
    interview = Interview(form, sink=FakeSink())
    while interview.current is not None:
        interview.decline()
    outcome = interview.outcome()
    # Too little answered is not "nothing found".
    assert outcome.decision == "undetermined"
    assert set(outcome.declined) == {q.id for q in interview.visible_questions()}
    assert outcome.skipped == ()


_ACTIONS = st.lists(
    st.sampled_from(["positive", "benign", "decline", "back", "pause", "bad"]), max_size=40
)


_MINI = load_form(FIXTURES / "good" / "mini-screening.yaml")


@settings(max_examples=200, deadline=None)
@given(_ACTIONS)
def test_random_walks_keep_the_engine_consistent(actions):
    form = _MINI
    sink = FakeSink()
    interview = Interview(form, sink=sink, clock=FakeClock())
    for action in actions:
        question = interview.current
        try:
            if action == "positive" and question:
                interview.answer(positive_value(question))
            elif action == "benign" and question:
                interview.answer(benign_value(question))
            elif action == "decline" and question:
                interview.decline()
            elif action == "back":
                interview.back()
            elif action == "pause":
                interview.pause()
            elif action == "bad" and question:
                interview.answer({"not": "an answer"})
        except (InvalidAnswer, InterviewClosed):
            pass
        visible = [q.id for q in interview.visible_questions()]
        # The current question is always one that is shown now.
        assert interview.current is None or interview.current.id in visible
        # The sink holds exactly what the engine holds.
        assert {k: (r.value, r.declined) for k, r in interview.answers.items()} == sink.answers
        for progress in interview.progress():
            assert 0 <= progress.answered <= progress.total
    outcome = interview.outcome()
    assert outcome.level in {o.id for o in form.outcomes}
    shown = {q.id for q in interview.visible_questions()}
    assert set(outcome.declined) | set(outcome.skipped) <= shown
