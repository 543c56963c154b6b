"""A vault with a completed adult screening and a service directory, for referral tests."""

from __future__ import annotations

import dataclasses

from app.domain import referral_rules as rules
from app.domain.service_csv import ServiceFields
from app.screening.loader import find_form
from app.screening.scoring import score

# Answers with indicators in three dimensions, and one question declined.
ANSWERS = {
    "crossed_border": ("yes", False),
    "job_different": ("yes", False),
    "pay_lower_than_promised": ("yes", False),
    "paid_for_job": (None, True),
    "go_out_freely": ("no", False),
    "papers_kept": ("yes", False),
    "hours_per_day": ("over_12", False),
    "day_off": ("no", False),
}
RECRUITMENT_QUESTION = "job_different"
DECLINED_QUESTION = "paid_for_job"


def add_services(vault) -> dict[str, int]:
    """Add a shelter and a clinic as the administrator; their ids by type."""
    shelter = vault.services.add(
        ServiceFields(
            "Hope Shelter",
            "shelter",
            ("en", "ar"),
            phone="+44 20 7946 0999",
            intake="phone the duty worker",
        )
    )
    clinic = vault.services.add(ServiceFields("Quay Street Clinic", "medical", ("en",)))
    return {"shelter": shelter.id, "medical": clinic.id}


def _json_data(value):
    """An outcome as the JSON data the vault stores (like dataclasses.asdict)."""
    if dataclasses.is_dataclass(value):
        return {f.name: _json_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [_json_data(item) for item in value]
    if isinstance(value, str):
        return str(value)  # form texts are str subclasses carrying their context
    return value


def _screened(
    vault, form_id: str, answers: dict, *, refer: bool, refer_sections, complete: bool, **start
) -> int:
    """A screening of a new case by the acting user with `answers`, scored and saved; its id."""
    form = find_form(form_id)
    case = vault.cases.create()
    screening = vault.screenings.start(
        case.id, form_id=form.id, form_version=str(form.version), interviewer_lang="en", **start
    )
    vault.screenings.record_consent(
        screening.id, screen=True, store=True, refer=refer, refer_sections=refer_sections
    )
    for question_id, (value, declined) in answers.items():
        vault.screenings.save_answer(screening.id, question_id, value, declined)
    outcome = score(form, vault.screenings.answers(screening.id), "en")
    vault.screenings.save_outcome(
        screening.id, outcome.level, _json_data(outcome), decision=outcome.decision
    )
    if complete:
        vault.screenings.set_status(screening.id, "completed")
    return screening.id


def completed_screening(
    vault,
    *,
    refer: bool = True,
    complete: bool = True,
    refer_sections: tuple[str, ...] | None = tuple(rules.SECTIONS),
) -> int:
    """A screening of a new case by the acting user, scored and saved; its id.

    The person agreed to be referred sharing `refer_sections` (default: every
    section, so tests choose freely within it; None: what a plain yes covers).
    """
    return _screened(
        vault,
        "adult-screening",
        ANSWERS,
        refer=refer,
        refer_sections=refer_sections,
        complete=complete,
        respondent_lang="ar",
        interpreter_mode="phone",
        interpreter_id="INT-204",
        interpreter_briefed=True,
    )


# A child who left home with a stranger, works on the street for long hours, has no
# one caring for them and no safe place tonight.
CHILD_ANSWERS = {
    "who_cares_for_you": ("no_one", False),
    "contact_family": ("no", False),
    "left_home": ("yes", False),
    "arranged_by": (["stranger"], False),
    "works": ("yes", False),
    "work_kind": (["street", "illegal"], False),
    "long_hours": ("yes", False),
    "food_and_sleep": ("no", False),
    "kept_inside": (None, True),
    "safe_tonight": ("no", False),
}


def child_screening(vault, *, profile=None, refer_sections=tuple(rules.SECTIONS)) -> int:
    """A completed child screening of a new case, with consent to refer; its id."""
    from app.domain.person import check_profile

    screening_id = _screened(
        vault,
        "child-screening",
        CHILD_ANSWERS,
        refer=True,
        refer_sections=refer_sections,
        complete=True,
        respondent_lang="es",
    )
    case_id = vault.screenings.get(screening_id).case_id
    vault.people.save(
        case_id,
        profile
        or check_profile(
            {
                "age_band": "13-15",
                "age_uncertain": True,
                "languages": "es",
                "preferred_language": "es",
                "interpreter_language": "es",
                "place_kind": "reception",
                "contact_way": "through_worker",
                "written_lang": "en",
            }
        ),
    )
    return screening_id
