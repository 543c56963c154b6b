"""A vault with a completed adult screening and a service directory, for referral tests."""

from __future__ import annotations

from app.domain import referral_rules as rules
from app.domain.consent import ConsentAnswers
from app.domain.service_csv import ServiceFields
from app.screening.loader import find_form
from app.screening.scoring import score
from app.workflows.screening import outcome_record

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


# A child, alone, moved by an agent and made to work long hours; one question declined.
CHILD_ANSWERS = {
    "who_cares_for_you": ("no_one", False),
    "left_home": ("yes", False),
    "who_arranged": ("agent", False),
    "works": ("yes", False),
    "long_hours": ("yes", False),
    "kept_inside": (None, True),
}
CHILD_DECLINED_QUESTION = "kept_inside"


def add_child_protection(vault) -> int:
    """Add a child-protection service as the administrator; its id."""
    team = vault.services.add(
        ServiceFields("Harbour Child Protection Team", "child_protection", ("en", "ar"))
    )
    return team.id


def child_and_adult_who_said_no(admin, vault) -> tuple[dict[str, int], int, int]:
    """Services (shelter, clinic, child protection) added by `admin`, and two completed
    screenings by `vault`'s user without consent to refer: a child's (the child agreed
    alone to the screening), an adult's. Returns (services by type, child id, adult id)."""
    services = add_services(admin)
    services["child_protection"] = add_child_protection(admin)
    child = completed_screening(
        vault, form_id="child-screening", given_by="child", refer=False, refer_sections=None
    )
    adult = completed_screening(vault, refer=False, refer_sections=None)
    return services, child, adult


def completed_screening(
    vault,
    *,
    refer: bool = True,
    complete: bool = True,
    refer_sections: tuple[str, ...] | None = tuple(rules.SECTIONS),
    form_id: str = "adult-screening",
    given_by: str = "person",
    store: bool = True,
) -> int:
    """A screening of a new case by the acting user, scored and saved; its id.

    The person agreed to be referred sharing `refer_sections` (default: every
    section, so tests choose freely within it; None: what a plain yes covers).
    `form_id` "child-screening" answers CHILD_ANSWERS instead of ANSWERS.
    """
    form = find_form(form_id)
    consent = ConsentAnswers(
        screen=True,
        store=store,
        refer=refer,
        given_by=given_by,
        refer_sections=None if refer_sections is None else frozenset(refer_sections),
    )
    screening = vault.screenings.begin(
        None,
        form_id=form.id,
        form_version=str(form.version),
        interviewer_lang="en",
        respondent_lang="ar",
        consent=consent,
        interpreter_mode="phone",
        interpreter_id="INT-204",
        interpreter_briefed=True,
    )
    answers = CHILD_ANSWERS if form.audience == "child" else ANSWERS
    for question_id, (value, declined) in answers.items():
        vault.screenings.save_answer(screening.id, question_id, value, declined)
    if complete:
        outcome = score(form, vault.screenings.answers(screening.id), "en")
        vault.screenings.finish(
            screening.id,
            "completed",
            level=outcome.level,
            result=outcome_record(outcome),
            decision=outcome.decision,
        )
    return screening.id
