"""An interview saved through the real vault, paused, and resumed from what was stored."""

from __future__ import annotations

from app.screening.engine import COMPLETED, Interview
from app.screening.loader import find_form

from .conftest import FakeClock, benign_value, positive_value


def test_pause_in_the_vault_and_resume_after_reopening(open_vault):
    form = find_form("adult-screening")
    clock = FakeClock()
    vault = open_vault("sol")
    case = vault.cases.create()
    screening = vault.screenings.start(
        case.id,
        form_id=form.id,
        form_version=str(form.version),
        interviewer_lang="en",
        respondent_lang="ar",
    )
    vault.screenings.record_consent(screening.id, screen=True, store=True, refer=True)
    interview = Interview(form, sink=vault.screenings.answer_sink(screening.id), clock=clock)
    asked = []
    for _ in range(6):
        question = interview.current
        asked.append(question.id)
        clock.advance(10)
        if len(asked) == 3:
            interview.decline()
        else:
            interview.answer(positive_value(question))
    interview.back()
    clock.advance(5)
    interview.pause()
    vault.close()

    vault = open_vault("sol")
    stored = vault.screenings.get(screening.id)
    answers = vault.screenings.answers(screening.id)
    assert set(answers) == set(asked)
    assert answers[asked[2]].declined and answers[asked[2]].value is None
    assert stored.current_question == asked[-1]
    assert sum(stored.section_seconds.values()) == 65

    resumed = Interview.resume(
        form,
        answers=answers,
        current_question=stored.current_question,
        section_seconds=stored.section_seconds,
        sink=vault.screenings.answer_sink(screening.id),
        clock=clock,
    )
    assert resumed.current.id == asked[-1]
    assert resumed.answer_for(asked[0]).value == positive_value(form.question(asked[0]))
    resumed.back()
    assert resumed.current.id == asked[-2]
    while resumed.current is not None:
        resumed.answer(benign_value(resumed.current))
    assert resumed.status == COMPLETED
    assert vault.screenings.get(screening.id).status == COMPLETED
    outcome = resumed.outcome()
    assert asked[2] in outcome.declined
    assert outcome.level in {o.id for o in form.outcomes}
