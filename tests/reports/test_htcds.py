"""Every indicator question of the shipped questionnaires has an HTCDS value or a stated reason."""

from __future__ import annotations

from app.reports import htcds
from app.screening.loader import load_forms


def test_every_indicator_question_is_mapped_or_deliberately_left_out():
    missing = []
    for form in load_forms():
        for question in form.questions:
            if not question.indicators:
                continue
            key = (form.id, question.id)
            mapped = any(k[:2] == key for k in htcds.MEANS_OF_CONTROL)
            if not mapped and key not in htcds.UNMAPPED:
                missing.append(key)
    assert missing == [], "add these to app/reports/htcds.py and docs/reports.md"


def test_mappings_name_real_questions_options_and_values():
    forms = {form.id: form for form in load_forms()}

    def known(form_id: str, question_id: str) -> bool:
        # Retired questions stay mapped: old screenings' outcomes still name them.
        form = forms[form_id]
        return form.has_question(question_id) or form.retired_question(question_id) is not None

    for form_id, question_id, _dimension in htcds.MEANS_OF_CONTROL:
        assert known(form_id, question_id)
    for form_id, question_id in [*htcds.UNMAPPED, *htcds.EXPLOITATION_INDICATORS]:
        assert known(form_id, question_id), (form_id, question_id)
    assert set(htcds.MEANS_OF_CONTROL.values()) <= set(htcds.MEANS_OF_CONTROL_VALUES)
    for (form_id, question_id), options in htcds.TYPE_OF_WORK.items():
        known = {option.id for option in forms[form_id].question(question_id).options}
        assert set(options) == known
        assert set(options.values()) <= set(htcds.TYPE_OF_WORK_VALUES)
    for form_id, dimension_id in [*htcds.RECRUITMENT, *htcds.FORCED_LABOUR]:
        assert dimension_id in {d.id for d in forms[form_id].dimensions}
    assert set(htcds.EXPLOITATION_INDICATORS.values()) <= set(htcds.TYPE_OF_WORK_VALUES)
