"""How old the people screened were: the age band of each screening's person, by month.

The band is the one the referral packet and the case page show, by the
profile code's own rules: the case's "about the person" gives it (its age
band, or the band its age falls in: `PersonProfile.band`); where that records
neither, the questionnaire's own age question does (`person_hints.with_answers`,
as for a packet). Otherwise the age is not recorded. The unit is the
screening, like every other count of a report: a person screened twice counts
twice, in the band recorded now.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from app.domain.person import AGE_BANDS, PersonProfile
from app.i18n import N_
from app.reports.period import Period

NOT_RECORDED = "not_recorded"
BANDS: tuple[str, ...] = (*AGE_BANDS, NOT_RECORDED)
NOT_RECORDED_TITLE = N_("age not recorded")


def _forms() -> dict:
    from app.reports.titles import loaded_forms

    return loaded_forms()


def age_bands(vault: Any, period: Period) -> Counter[tuple[str, str]]:
    """(month, band) -> screenings started in `period` that the acting user may count.

    `band` is an `AGE_BANDS` id or `NOT_RECORDED`.
    """
    from app.screening.person_hints import age_questions, with_answers

    store = vault.statistics
    counts: Counter[tuple[str, str]] = Counter()
    for group in store.ages(period.start, period.end):
        stored = {"age": group.age, "age_band": group.age_band}
        profile = PersonProfile.from_data({k: v for k, v in stored.items() if v is not None})
        counts[(group.month, profile.band or NOT_RECORDED)] += group.count
    forms = _forms()
    wanted = [
        (form_id, question_id)
        for form_id, form in sorted(forms.items())
        for question_id in age_questions(form)
    ]
    answers: dict[tuple[int, str, str], dict[str, tuple[object, bool]]] = defaultdict(dict)
    for answer in store.age_answers(period.start, period.end, wanted):
        key = (answer.screening_id, answer.month, answer.form_id)
        answers[key][answer.question_id] = (answer.value, answer.declined)
    said: dict[tuple, str | None] = {}  # the same answers say the same band: asked once
    for (_screening, month, form_id), given in answers.items():
        key = (form_id, repr(sorted(given.items())))
        if key not in said:
            said[key] = with_answers(PersonProfile(), forms[form_id], given).band
        band = said[key]
        if band is not None:  # counted above as not recorded: the answers say more
            counts[(month, NOT_RECORDED)] -= 1
            counts[(month, band)] += 1
    return +counts
