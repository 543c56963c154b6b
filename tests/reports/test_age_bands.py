"""Age bands of the people screened: from the profile, else from the questionnaire's answers."""

from __future__ import annotations

from datetime import UTC, datetime

from app.domain.person import check_profile
from app.reports.age_bands import age_bands
from app.reports.period import Period
from tests.reports.helpers import completed_screening


def _this_month() -> tuple[Period, str]:
    today = datetime.now(UTC).date()
    return Period(today.replace(day=1), today), today.strftime("%Y-%m")


def test_the_profile_comes_first_then_the_age_answer_and_a_damaged_profile_is_not_recorded(
    open_vault,
):
    sol = open_vault("sol")
    completed_screening(sol, "child-screening", age=16, given_by="guardian_and_child")  # 16-17
    # The worker recorded a band: it stands over the child's own answer (16).
    recorded = completed_screening(sol, "child-screening", age=16, given_by="guardian_and_child")
    sol.people.save(recorded.case_id, check_profile({"age_band": "13-15"}))
    adult = completed_screening(sol, "adult-screening")
    sol.people.save(adult.case_id, check_profile({"age": 30}))
    damaged = completed_screening(sol, "adult-screening")
    sol.people.save(damaged.case_id, check_profile({"age": 45}))
    sol.connection.execute(
        "UPDATE person_profiles SET data = '{\"age\": 45' WHERE case_id = ?", (damaged.case_id,)
    )
    completed_screening(open_vault("sky"), "adult-screening")  # not sol's: not counted
    period, month = _this_month()
    assert dict(age_bands(sol, period)) == {
        (month, "16-17"): 1,
        (month, "13-15"): 1,
        (month, "25-34"): 1,
        (month, "not_recorded"): 1,
    }
