"""The case list's outcome column leads with the stored decision, in the UI language."""

from __future__ import annotations

from app.i18n import set_language
from app.screening.loader import load_forms
from app.storage.case_overview import CaseOverview
from app.ui.case_list_model import rows_from_overview


def _item(level: str | None, decision: str | None) -> CaseOverview:
    return CaseOverview(
        case_id=1,
        reference="WS-1",
        screening_id=1,
        status="completed",
        form_id="adult-screening",
        outcome_level=level,
        last_activity=None,
        interviewer="ada",
        outcome_decision=decision,
    )


def test_outcome_column_shows_decision_then_title():
    set_language("en")
    forms = {form.id: form for form in load_forms()}
    (refer, old, unknown) = rows_from_overview(
        [
            _item("forced_labour", "refer"),
            # A version 1 outcome keeps the decision it had when it was scored.
            _item("indicators_present", "no_referral"),
            _item("made_up", None),
        ],
        forms,
    )
    assert refer.outcome == "Refer: Referral recommended: signs of forced labour or forced marriage"
    assert old.outcome.startswith("No referral: Some indicators present")
    assert unknown.outcome == "made_up"
