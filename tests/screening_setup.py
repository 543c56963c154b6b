"""Beginning screenings in tests the way the core does: with their consent answers."""

from __future__ import annotations

from app.domain.consent import ConsentAnswers

# The person agreed to everything (a referral may share the needs and the result).
AGREED = ConsentAnswers(screen=True, store=True, refer=True, given_by="person")
# The person agreed to the screening but not to keeping the answers, nor to a referral.
NOT_KEPT = ConsentAnswers(screen=True, store=False, refer=False, given_by="person")
REFUSED = ConsentAnswers(screen=False, store=False, refer=False, given_by="person")


def begin(vault, case_id=None, *, form_id="adult-screening", consent=AGREED, **choices):
    """A screening begun with `consent` in case `case_id` (None: a new case); the record."""
    choices.setdefault("interviewer_lang", "en")
    choices.setdefault("respondent_lang", "en")
    return vault.screenings.begin(
        case_id, form_id=form_id, form_version="1", consent=consent, **choices
    )
