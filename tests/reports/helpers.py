"""Making a screening in a test vault through the core, as a worker would."""

from __future__ import annotations


def consented_screening(vault, form_id: str = "border-triage"):
    """A new case of the acting account with a draft screening the person agreed to."""
    case = vault.cases.create()
    screening = vault.screenings.start(
        case.id,
        form_id=form_id,
        form_version="1",
        interviewer_lang="en",
        respondent_lang="en",
    )
    vault.screenings.record_consent(screening.id, screen=True, store=True, refer=False)
    return screening
