"""Answers to questions that later become hidden are kept, never quietly deleted."""

from __future__ import annotations

from tests.screening_setup import begin


def test_the_screenings_repository_has_no_unaudited_answer_delete(open_vault):
    vault = open_vault("sol")
    case = vault.cases.create()
    screening = begin(vault, case.id, form_id="adult")
    vault.screenings.save_answer(screening.id, "q1", "yes", False)
    vault.screenings.save_answer(screening.id, "q2", None, True)
    # The only ways answers leave the vault are audited case deletions (purge,
    # withdrawn consent); a per-answer delete would contradict "hidden answers are kept".
    assert not hasattr(vault.screenings, "forget_answer")
    assert sorted(vault.screenings.answers(screening.id)) == ["q1", "q2"]
