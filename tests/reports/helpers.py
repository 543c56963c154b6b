"""Making a screening in a test vault through the core, as a worker would."""

from __future__ import annotations

from app.domain.consent import ConsentAnswers
from app.domain.models import ConsentGiver


def consented_screening(vault, form_id: str = "border-triage", *, store: bool = True):
    """A new case of the acting account with a draft screening the person agreed to."""
    return vault.screenings.begin(
        None,
        form_id=form_id,
        form_version="1",
        interviewer_lang="en",
        respondent_lang="en",
        consent=ConsentAnswers(screen=True, store=store, refer=False, given_by=ConsentGiver.PERSON),
    )


def completed_screening(vault, form_id: str, *, age=None, given_by: str = "person"):
    """A screening of a new case played to its end through the core lifecycle.

    Every question gets an answer that sets off no indicator; the question
    giving the age (a number question with `person: {age: true}`) gets `age`,
    or is declined when `age` is None.
    """
    from app.demo.scripts import benign_answer
    from app.screening.loader import load_forms
    from app.workflows import screening as lifecycle

    form = {form.id: form for form in load_forms()}[form_id]
    session = lifecycle.begin(
        vault,
        form,
        consent=ConsentAnswers(screen=True, store=True, refer=True, given_by=given_by),
        interviewer_lang="en",
        respondent_lang="en",
    )
    interview = session.interview
    while interview.current is not None:
        question = interview.current
        if question.person is not None and question.person.age:
            if age is None:
                interview.decline()
            else:
                interview.answer(age)
        else:
            interview.answer(benign_answer(question))
    return session.complete()


# What `seed_follow_up` records for its screener: the figures a report of theirs must show.
FOLLOW_UP_BANDS = {"18-24": 1, "35-49": 1, "13-15": 1, "65+": 1, "not_recorded": 1}
FOLLOW_UP_STATUSES = {
    "prepared": 1,
    "sent": 1,
    "received": 0,
    "accepted": 1,
    "declined": 1,
    "closed": 1,
}
FOLLOW_UP_OVERDUE = 2  # the sent one past its date, and the prepared one made ten days ago
FOLLOW_UP_COUNTRIES = {"GR": 2, "TR": 2, "not_recorded": 1}


def add_follow_up_services(vault) -> dict[str, int]:
    """Three services (administrators): in Greece, in Türkiye, and one with no country."""
    from app.domain.service_csv import ServiceFields

    added = {}
    for key, fields in {
        "GR": ServiceFields("Test Legal Aid", "legal_aid", ("en", "el"), country="GR"),
        "TR": ServiceFields("Test Shelter", "shelter", ("en", "tr"), country="TR"),
        "": ServiceFields("Test Clinic", "medical", ("en",)),
    }.items():
        added[key] = vault.services.add(fields).id
    return added


def seed_follow_up(vault, services: dict[str, int]) -> None:
    """A screener's five people of every age kind and five referrals in every state.

    - an adult aged 19 (the profile's age: band 18-24), referred to Greece, sent, overdue;
    - an adult in the band 35-49, referred to Türkiye (accepted, due later) and to the
      clinic with no country (declined);
    - a child whose profile records no age, who said she is 14 (band 13-15 from the
      questionnaire's own age question), referred to Greece ten days ago, still prepared
      (overdue);
    - a child whose age is recorded nowhere (the age question declined);
    - a border triage of a person aged 70 (band 65+), referred to Türkiye and closed.
    """
    from datetime import date, timedelta

    from app.domain.person import check_profile

    today = date.today()

    def refer(screening, service: str, *, made: date = today):
        reference = vault.referrals.next_references(screening.id)[0]
        return vault.referrals.record(
            screening.id,
            service_id=services[service],
            sections=("needs",),
            urgency="routine",
            needs=(),
            packet_sha256="0" * 64,
            lang="en",
            reference=reference,
            today=made,
        )

    adult = completed_screening(vault, "adult-screening")
    vault.people.save(adult.case_id, check_profile({"age": 19}))
    sent = vault.referrals.set_status(refer(adult, "GR").id, "sent")
    vault.referrals.set_due(sent.id, today - timedelta(days=1))

    older = completed_screening(vault, "adult-screening")
    vault.people.save(older.case_id, check_profile({"age_band": "35-49", "gender": "woman"}))
    vault.referrals.set_status(refer(older, "TR").id, "accepted")
    vault.referrals.set_status(refer(older, "").id, "declined")

    child = completed_screening(vault, "child-screening", age=14, given_by="guardian_and_child")
    refer(child, "GR", made=today - timedelta(days=10))

    completed_screening(vault, "child-screening", age=None, given_by="guardian_and_child")

    triage = completed_screening(vault, "border-triage")
    vault.people.save(triage.case_id, check_profile({"age": 70}))
    closed = refer(triage, "TR")
    vault.referrals.set_status(closed.id, "closed", outcome="support_given")
