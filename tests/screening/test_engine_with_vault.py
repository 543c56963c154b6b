"""An interview saved through the real vault, paused, and resumed from what was stored."""

from __future__ import annotations

from app.screening.engine import COMPLETED
from app.screening.loader import find_form
from app.workflows import screening as lifecycle
from tests.screening_setup import AGREED

from .conftest import FakeClock, benign_value, positive_value


def test_pause_in_the_vault_and_resume_after_reopening(open_vault):
    form = find_form("adult-screening")
    clock = FakeClock()
    vault = open_vault("sol")
    session = lifecycle.begin(
        vault,
        form,
        consent=AGREED,
        interviewer_lang="en",
        respondent_lang="ar",
        clock=clock,
    )
    screening, interview = session.screening, session.interview
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

    resumed_session = lifecycle.resume(vault, screening.id, form, clock=clock)
    resumed = resumed_session.interview
    assert resumed.current.id == asked[-1]
    assert resumed.answer_for(asked[0]).value == positive_value(form.question(asked[0]))
    resumed.back()
    assert resumed.current.id == asked[-2]
    while resumed.current is not None:
        resumed.answer(benign_value(resumed.current))
    assert resumed.status == COMPLETED
    outcome = resumed.outcome()
    assert resumed_session.complete().status == COMPLETED
    assert vault.screenings.outcome(screening.id).level == outcome.level
    assert asked[2] in outcome.declined
    assert outcome.level in {o.id for o in form.outcomes}
