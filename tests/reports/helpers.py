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
