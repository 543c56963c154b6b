"""What one case holds, for the desktop's case page and `waystation case show`.

Read through the vault's repositories, so the acting user's role applies
(a screener sees their own cases only) and the view is audited. Counts and
statuses only: no answer is read here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.domain.models import Case, CaseStatus, Referral, Screening
from app.domain.screening_states import RESUMABLE, answers_forgotten, shown_status
from app.i18n import N_

CASE_STATUS_TITLES = {CaseStatus.OPEN: N_("open"), CaseStatus.CLOSED: N_("closed")}


@dataclass(frozen=True)
class ScreeningDetails:
    """One screening of a case: its record, what shows for it, and what it holds."""

    screening: Screening
    status: str  # screening_states.shown_status: "refused" for a refusal of consent
    outcome_level: str | None
    decision: str | None  # models.Decision value of the stored outcome
    answers: int
    answers_forgotten: bool
    referrals: tuple[Referral, ...]

    @property
    def resumable(self) -> bool:
        """True when the interview can go on (paused, or left in progress)."""
        return self.screening.status in RESUMABLE


@dataclass(frozen=True)
class CaseDetails:
    """A case, when it will be deleted (closed cases), and its screenings, oldest first."""

    case: Case
    deletion_due: datetime | None
    screenings: tuple[ScreeningDetails, ...]

    @property
    def answers(self) -> int:
        return sum(item.answers for item in self.screenings)

    @property
    def referrals(self) -> int:
        return sum(len(item.referrals) for item in self.screenings)

    @property
    def latest(self) -> ScreeningDetails | None:
        """The screening begun last, if any."""
        return self.screenings[-1] if self.screenings else None


def case_details(vault: Any, case_id: int) -> CaseDetails:
    """The case `case_id` as the acting user may see it (NotFound otherwise); audited as a view."""
    return _details(vault, vault.cases.get(case_id))


def case_by_reference(vault: Any, reference: str) -> CaseDetails:
    """`case_details` for a reference code such as WS-7K3M-9Q."""
    return _details(vault, vault.cases.by_reference(reference))


def _details(vault: Any, case: Case) -> CaseDetails:
    items = []
    for screening in vault.screenings.list_for_case(case.id):
        stored = vault.screenings.outcome(screening.id)
        items.append(
            ScreeningDetails(
                screening=screening,
                status=shown_status(screening),
                outcome_level=stored.level if stored is not None else None,
                decision=stored.decision.value if stored and stored.decision else None,
                answers=vault.screenings.count_answers(screening.id),
                answers_forgotten=answers_forgotten(screening),
                referrals=tuple(vault.referrals.list_for_screening(screening.id)),
            )
        )
    return CaseDetails(case, vault.cases.deletion_due(case), tuple(items))
