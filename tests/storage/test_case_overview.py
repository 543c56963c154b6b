"""`screenings.latest_by_case()`: the case list's one query, filtered by role like the rest."""

from __future__ import annotations

from tests.screening_setup import AGREED, REFUSED, begin


def _start(vault, case_id, form_id="adult-screening", consent=AGREED):
    return begin(vault, case_id, form_id=form_id, respondent_lang="ar", consent=consent)


def test_latest_screening_of_each_case_with_its_outcome_level(open_vault):
    sol = open_vault("sol")
    first_case, second_case = sol.cases.create(), sol.cases.create()
    old = _start(sol, first_case.id)
    sol.screenings.save_outcome(old.id, "no_indicators", {}, decision="no_referral")
    new = _start(sol, first_case.id, "border-triage")
    sol.screenings.save_answer(new.id, "papers_held", "yes", False)  # makes it the latest
    sol.screenings.save_outcome(new.id, "refer_full_screening", {}, decision="refer")
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


# -- cases.overview / cases.count: the paged, filtered case list ---------------

from types import SimpleNamespace  # noqa: E402

import pytest  # noqa: E402

from app.domain.errors import UsageError  # noqa: E402
from app.storage import case_overview  # noqa: E402

# Questionnaires as the UI passes them: titles are what the user reads and searches.
FORMS = {
    "adult-screening": SimpleNamespace(
        title="Adult screening",
        outcomes=(
            SimpleNamespace(id="refer", title="Referral recommended"),
            SimpleNamespace(id="none", title="No indicators present"),
        ),
    ),
    "border-triage": SimpleNamespace(
        title="Quick border triage",
        outcomes=(SimpleNamespace(id="refer", title="Send on for full screening"),),
    ),
}


def _refs(rows):
    return [row.reference for row in rows]


@pytest.fixture
def sol_cases(open_vault):
    """Four cases of the screener sol, oldest activity first:
    a paused adult screening, a completed triage (refer), a refusal, none yet."""
    sol = open_vault("sol")
    paused_case, triage_case, refused_case, empty_case = (sol.cases.create() for _ in range(4))
    paused = _start(sol, paused_case.id)
    sol.screenings.pause(paused.id)
    triage = _start(sol, triage_case.id, "border-triage")
    sol.screenings.finish(triage.id, "completed", level="refer", result={}, decision="refer")
    _start(sol, refused_case.id, consent=REFUSED)
    sol.cases.update(empty_case.id, status="open")  # the newest activity
    return sol, (paused_case, triage_case, refused_case, empty_case)


def test_overview_shows_each_case_with_its_latest_screening_newest_first(sol_cases):
    sol, (paused_case, triage_case, refused_case, empty_case) = sol_cases
    rows = sol.cases.overview(forms=FORMS)
    assert [row.case_id for row in rows] == [
        empty_case.id,
        refused_case.id,
        triage_case.id,
        paused_case.id,
    ]
    empty, refused, triage, paused = rows
    assert (empty.status, empty.screening_id, empty.form_id, empty.interviewer) == (
        "none",
        None,
        None,
        "sol",
    )
    assert refused.status == "refused" and refused.outcome_level is None
    assert (triage.status, triage.form_id, triage.outcome_level) == (
        "completed",
        "border-triage",
        "refer",
    )
    assert paused.status == "paused" and paused.last_activity.tzinfo is not None
    # A second screening in a case takes its place in the list.
    again = _start(sol, paused_case.id, "border-triage")
    first = sol.cases.overview(forms=FORMS)[0]
    assert (first.case_id, first.screening_id, first.status) == (paused_case.id, again.id, "draft")


def test_pages_and_count_cover_every_case_once(sol_cases):
    sol, cases = sol_cases
    pages = [sol.cases.overview(offset=start, limit=3) for start in (0, 3)]
    assert [len(page) for page in pages] == [3, 1]
    assert sorted(row.case_id for page in pages for row in page) == sorted(c.id for c in cases)
    assert sol.cases.count() == 4
    assert sol.cases.count(status="open", forms=FORMS) == 2


def test_a_screener_sees_only_their_own_cases_in_the_overview(sol_cases, open_vault):
    _sol, cases = sol_cases
    sky = open_vault("sky")
    theirs = sky.cases.create()
    assert _refs(sky.cases.overview()) == [theirs.reference]
    assert sky.cases.count(search=cases[0].reference) == 0
    assert sky.cases.overview(search=cases[0].reference) == []
    sam = open_vault("sam")
    assert sam.cases.count() == 5


def test_search_matches_reference_interviewer_and_shown_titles(sol_cases):
    sol, (paused_case, triage_case, refused_case, empty_case) = sol_cases

    def found(text):
        return {row.case_id for row in sol.cases.overview(search=text, forms=FORMS)}

    assert found(triage_case.reference.lower()[3:7]) >= {triage_case.id}
    assert found("  " + refused_case.reference + " ") == {refused_case.id}
    assert found("SOL") == {c.id for c in sol_cases[1]}  # the interviewer
    assert found("quick border") == {triage_case.id}  # questionnaire title, not its id
    assert found("triage") == {triage_case.id}
    assert found("border-") == set()  # ids are not shown, so not searched
    assert found("full screening") == {triage_case.id}  # that form's outcome title
    assert found("recommended") == set()  # the adult title of "refer": not this form's
    assert found("paused") == {paused_case.id}  # status as shown
    assert found("consent refused") == {refused_case.id}
    assert found("not started") == {empty_case.id}
    assert found("%") == set() and found("_") == set()  # LIKE wildcards are plain text
    assert sol.cases.count(search="Quick", status="completed", forms=FORMS) == 1
    assert sol.cases.count(search="quick", status="paused", forms=FORMS) == 0


def test_unknown_questionnaires_are_searched_by_the_id_they_show(sol_cases):
    sol, (_paused, triage_case, *_rest) = sol_cases
    # Without the forms, the list shows ids, so the ids are what a search matches.
    assert {row.case_id for row in sol.cases.overview(search="border-tri")} == {triage_case.id}
    assert {row.case_id for row in sol.cases.overview(search="refer")} == {triage_case.id}


def test_sorting_by_each_column_in_sql(sol_cases):
    sol, (paused_case, triage_case, refused_case, empty_case) = sol_cases

    def order(sort, descending=False):
        rows = sol.cases.overview(sort=sort, descending=descending, forms=FORMS)
        return [row.case_id for row in rows]

    by_reference = sorted(sol_cases[1], key=lambda case: case.reference)
    assert order("reference") == [case.id for case in by_reference]
    assert order("reference", True) == [case.id for case in reversed(by_reference)]
    assert order("last_activity", False) == [c.id for c in sol_cases[1]]
    # Shown titles: completed, consent refused, not started, paused.
    assert order("status") == [triage_case.id, refused_case.id, empty_case.id, paused_case.id]
    # No questionnaire first, then "Adult screening" (newest first), "Quick border triage".
    assert order("form") == [empty_case.id, refused_case.id, paused_case.id, triage_case.id]
    assert order("outcome", True)[0] == triage_case.id


def test_bad_sort_key_or_status_is_a_clear_error(vault):
    with pytest.raises(UsageError, match="sort key nope"):
        vault.cases.overview(sort="nope")
    with pytest.raises(UsageError, match="status nope"):
        vault.cases.count(status="nope")


def _plan(vault, search, by_activity=True):
    sql, params, titles = case_overview._overview_sql(
        vault.connection, vault.cases._owner(), search, None, FORMS, by_activity=by_activity
    )
    order, more = titles.order("last_activity", True)
    query = f"EXPLAIN QUERY PLAN {sql} ORDER BY {order} LIMIT 200"
    return " | ".join(row[3] for row in vault.connection.execute(query, params + more))


def test_a_page_by_activity_walks_an_index_and_reads_no_screenings_table(sol_cases):
    sol, _cases = sol_cases
    plan = _plan(sol, "")
    assert "INDEX cases_owner_activity (created_by=?)" in plan
    assert "COVERING INDEX screenings_case_latest_cover" in plan
    assert "COVERING INDEX outcomes_level" in plan
    assert "TEMP B-TREE" not in plan  # no sort of every case for one page
    assert "TEMP B-TREE" not in _plan(sol, "paused")  # a title matched: many rows may match


def test_a_search_few_cases_match_reads_cases_in_storage_order_with_the_same_rows(sol_cases):
    sol, cases = sol_cases
    reference = cases[1].reference
    plan = _plan(sol, reference)
    assert "cases_owner_activity" not in plan and "TEMP B-TREE" in plan
    assert "cases_owner_activity" in _plan(sol, "sol")  # an account name: many may match
    for search in ("", "ws-", reference, "sol", "paused"):
        walked = sol.cases.overview(search, forms=FORMS)
        in_storage_order = sol.cases.overview(search, sort="reference", forms=FORMS)
        assert {row.case_id for row in walked} == {row.case_id for row in in_storage_order}


def test_last_activity_follows_answers_new_screenings_and_case_edits(sol_cases):
    sol, (paused_case, triage_case, refused_case, empty_case) = sol_cases

    def newest_first():
        return [row.case_id for row in sol.cases.overview()]

    assert newest_first()[0] == empty_case.id
    sol.screenings.save_answer(sol.cases.overview(status="paused")[0].screening_id, "q", 1, False)
    assert newest_first()[0] == paused_case.id  # an answer is activity
    again = _start(sol, triage_case.id)
    assert newest_first()[0] == triage_case.id  # so is a new screening
    row = sol.cases.overview(limit=1)[0]
    assert row.last_activity == sol.screenings.get(again.id).updated
    sol.cases.update(refused_case.id, status="closed")  # its screening's time is shown
    assert newest_first()[0] == triage_case.id
    sol.cases.update(empty_case.id, status="closed")  # no screening: the case's own time
    assert newest_first()[0] == empty_case.id
    assert sol.cases.overview(descending=False, limit=1)[0].case_id == newest_first()[-1]
