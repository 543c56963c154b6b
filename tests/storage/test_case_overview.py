"""`screenings.latest_by_case()`: the case list's one query, filtered by role like the rest."""

from __future__ import annotations


def _start(vault, case_id, form_id="adult-screening"):
    return vault.screenings.start(
        case_id, form_id=form_id, form_version="1", interviewer_lang="en", respondent_lang="ar"
    )


def test_latest_screening_of_each_case_with_its_outcome_level(open_vault):
    sol = open_vault("sol")
    first_case, second_case = sol.cases.create(), sol.cases.create()
    old = _start(sol, first_case.id)
    sol.screenings.save_outcome(old.id, "no_indicators", {})
    new = _start(sol, first_case.id, "border-triage")
    sol.screenings.save_answer(new.id, "papers_held", "yes", False)  # makes it the latest
    sol.screenings.save_outcome(new.id, "refer_full_screening", {})
    only = _start(sol, second_case.id)
    sol.cases.create()  # no screening: not in the overview

    overview = sol.screenings.latest_by_case()
    assert set(overview) == {first_case.id, second_case.id}
    screening, level = overview[first_case.id]
    assert (screening.id, screening.form_id, level) == (
        new.id,
        "border-triage",
        "refer_full_screening",
    )
    assert overview[second_case.id][0].id == only.id and overview[second_case.id][1] is None


def test_a_screener_sees_only_their_own_cases_and_a_supervisor_all(open_vault):
    sol = open_vault("sol")
    mine = _start(sol, sol.cases.create().id)
    sky = open_vault("sky")
    theirs = _start(sky, sky.cases.create().id)
    assert [s.id for s, _level in sky.screenings.latest_by_case().values()] == [theirs.id]
    sam = open_vault("sam")
    assert {s.id for s, _level in sam.screenings.latest_by_case().values()} == {mine.id, theirs.id}
