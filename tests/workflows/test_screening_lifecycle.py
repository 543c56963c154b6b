"""The screening lifecycle through the core, with no UI: consent first, in one transaction;
no answer without it; ending writes outcome and status together; resume and legacy drafts."""

from __future__ import annotations

import pytest

from app.domain.consent import ConsentAnswers
from app.domain.errors import ConsentRequired, UsageError
from app.domain.models import Decision
from app.screening.loader import find_form
from app.workflows import screening as lifecycle
from tests.screening_setup import AGREED, REFUSED, begin

FORM = "border-triage"
FIRST, SECOND = "safe_to_talk", "under_18"  # the triage's first questions


def _form():
    return find_form(FORM)


def _begin(vault, consent=AGREED):
    return lifecycle.begin(
        vault, _form(), consent=consent, interviewer_lang="en", respondent_lang="ar"
    )


def _audit_count(vault) -> int:
    return vault.connection.execute("SELECT count(*) FROM audit").fetchone()[0]


def _answers_in_vault(vault) -> int:
    return vault.connection.execute("SELECT count(*) FROM answers").fetchone()[0]


def test_begin_writes_case_screening_and_consent_together(open_vault):
    sol = open_vault("sol")
    session = _begin(sol)
    screening = session.screening
    assert screening.consent.screen and screening.consent.at is not None
    assert screening.consent.given_by.value == "person"
    assert screening.status.value == "draft"
    assert session.interview.current.id == FIRST
    (case,) = sol.cases.list()
    assert case.id == screening.case_id
    entries = sorted(open_vault("sam").audit.entries(), key=lambda e: e.id)
    actions = [e.action for e in entries if e.action != "unlock"][-3:]
    assert actions == ["case.create", "screening.start", "screening.consent"]


def test_a_refusal_asks_nothing_and_takes_no_answer(open_vault):
    sol = open_vault("sol")
    session = _begin(sol, REFUSED)
    assert session.refused and session.interview is None
    assert session.screening.stop_reason == "no_consent"
    before = _audit_count(sol)
    with pytest.raises(ConsentRequired):
        sol.screenings.save_answer(session.screening.id, FIRST, "no", False)
    with pytest.raises(ConsentRequired):
        lifecycle.resume(sol, session.screening.id, _form())
    assert _answers_in_vault(sol) == 0 and _audit_count(sol) == before


def _legacy_draft(vault) -> int:
    """A screening as the version before this one left it after `start`: no consent yet."""
    case = vault.cases.create()
    cursor = vault.connection.execute(
        "INSERT INTO screenings (case_id, form_id, form_version, interviewer, interviewer_lang, "
        "respondent_lang, status, started, updated) "
        "VALUES (?, ?, '1', ?, 'en', 'ar', 'draft', '2026-01-01T00:00:00+00:00', "
        "'2026-01-01T00:00:00+00:00')",
        (case.id, FORM, vault.user.name),
    )
    return int(cursor.lastrowid)


def test_an_answer_without_consent_is_refused_and_nothing_is_written(open_vault):
    sol = open_vault("sol")
    screening_id = _legacy_draft(sol)
    before = _audit_count(sol)
    for attempt in (
        lambda: sol.screenings.save_answer(screening_id, FIRST, "yes", False),
        lambda: sol.screenings.answer_sink(screening_id),
        lambda: sol.screenings.save_progress(
            screening_id, current_question=SECOND, status="draft", section_seconds={}
        ),
        lambda: sol.screenings.pause(screening_id),
        lambda: sol.screenings.finish(screening_id, "stopped", stop_reason="other"),
    ):
        with pytest.raises(ConsentRequired, match="no consent to the screening recorded"):
            attempt()
    assert _answers_in_vault(sol) == 0 and _audit_count(sol) == before
    stored = sol.screenings.get(screening_id)
    assert stored.current_question is None and stored.status.value == "draft"


def test_a_half_made_screening_resumes_at_the_consent_never_at_a_question(open_vault):
    sol = open_vault("sol")
    screening_id = _legacy_draft(sol)
    with pytest.raises(ConsentRequired):
        lifecycle.resume(sol, screening_id, _form())
    consent = ConsentAnswers(screen=True, store=True, refer=False, given_by="person")
    session = lifecycle.give_consent(sol, screening_id, _form(), consent)
    assert session.interview.current.id == FIRST
    session.interview.answer("no")
    assert sol.screenings.answers(screening_id)[FIRST].value == "no"
    # A "no" recorded for a half-made one stops it: nothing can be asked afterwards.
    refused_id = _legacy_draft(sol)
    session = lifecycle.give_consent(sol, refused_id, _form(), REFUSED)
    assert session.refused and sol.screenings.get(refused_id).stop_reason == "no_consent"


def test_pause_resume_and_complete_save_outcome_and_status_together(open_vault):
    sol = open_vault("sol")
    session = _begin(sol)
    session.interview.answer("yes")  # safe to talk here
    session.pause()
    assert sol.screenings.get(session.screening.id).status.value == "paused"
    again = lifecycle.resume(sol, session.screening.id, _form())
    assert again.interview.current.id == SECOND
    with pytest.raises(UsageError, match="still open"):
        again.complete()
    while again.interview.current is not None:
        again.interview.answer("yes")
    # The engine's last answer does not end the screening: completing does, with the outcome.
    assert sol.screenings.get(session.screening.id).status.value == "draft"
    completed = again.complete()
    assert completed.status.value == "completed"
    stored = sol.screenings.outcome(completed.id)
    assert stored.level == "refer_full_screening" and stored.decision is Decision.REFER
    with pytest.raises(UsageError, match="has ended"):
        sol.screenings.save_answer(completed.id, FIRST, "no", False)


def test_stop_needs_a_known_reason_and_ends_without_outcome(open_vault):
    sol = open_vault("sol")
    session = _begin(sol)
    session.interview.answer("no")
    with pytest.raises(UsageError, match="unknown stop reason"):
        session.stop("bored")
    stopped = session.stop("distress")
    assert (stopped.status.value, stopped.stop_reason) == ("stopped", "distress")
    assert sol.screenings.outcome(stopped.id) is None
    assert sol.screenings.answers(stopped.id)[FIRST].value == "no"  # kept, as agreed


def test_a_closed_case_takes_no_answer_until_reopened(open_vault):
    sol = open_vault("sol")
    session = _begin(sol)
    sol.cases.close(session.screening.case_id)
    with pytest.raises(UsageError, match="is closed; reopen it"):
        session.interview.answer("no")
    assert session.interview.current.id == FIRST  # the engine did not move on
    sol.cases.reopen(session.screening.case_id)
    session.interview.answer("yes")
    assert session.interview.current.id == SECOND


def test_consent_to_screen_cannot_be_taken_back_once_answered(open_vault):
    sol = open_vault("sol")
    session = _begin(sol)
    session.interview.answer("no")
    with pytest.raises(UsageError, match="withdraw consent for the case"):
        sol.screenings.record_consent(session.screening.id, screen=False, store=False, refer=False)
    assert sol.screenings.get(session.screening.id).consent.screen is True


def test_a_child_questionnaire_needs_a_child_consent_giver(open_vault):
    sol = open_vault("sol")
    with pytest.raises(UsageError, match="child questionnaire is for children"):
        lifecycle.begin(
            sol,
            find_form("child-screening"),
            consent=AGREED,
            interviewer_lang="en",
            respondent_lang="en",
        )
    assert sol.cases.list() == []  # refused before anything was written
    guardian = ConsentAnswers(True, True, False, given_by="guardian_and_child")
    session = lifecycle.begin(
        sol, find_form("child-screening"), consent=guardian, interviewer_lang="en",
        respondent_lang="en",
    )  # fmt: skip
    assert session.screening.consent.given_by.value == "guardian_and_child"
    entry = open_vault("sam").audit.entries(action="screening.consent")[-1]
    assert entry.detail["given_by"] == "guardian_and_child"


def test_the_test_helper_begins_through_the_same_transaction(open_vault):
    sol = open_vault("sol")
    screening = begin(sol, form_id=FORM)
    assert screening.consent.at is not None and sol.screenings.count_answers(screening.id) == 0
