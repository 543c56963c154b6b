"""What a person agrees to before a screening, and who gave the agreement.

Three separate answers, each asked before any question: to answer questions
now (screen), to have the answers kept (store), and to be referred (refer,
with the packet sections a referral may share). Without consent to screen no
question is asked. Without consent to keep the answers, they serve the
conversation only: their values are deleted when the screening ends.

Who gave the answers is recorded: the person, or for a child (under 18) the
child alone when no parent or guardian can be asked, or a parent or guardian
together with the child's own agreement. A child questionnaire is for
children only, so "the person, an adult" does not fit it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app.domain import referral_rules
from app.domain.errors import UsageError
from app.domain.models import ConsentGiver
from app.i18n import N_, _

# How each consent giver is named to the interviewer, in the summary and in packets.
GIVER_TITLES: dict[ConsentGiver, str] = {
    ConsentGiver.PERSON: N_("the person themselves"),
    ConsentGiver.CHILD: N_("the child, with no parent or guardian who could be asked"),
    ConsentGiver.GUARDIAN_AND_CHILD: N_(
        "a parent or guardian, together with the child's own agreement"
    ),
}
CHILD_GIVERS = frozenset({ConsentGiver.CHILD, ConsentGiver.GUARDIAN_AND_CHILD})


@dataclass(frozen=True)
class ConsentAnswers:
    """The answers to the consent questions, as the interviewer records them.

    `refer_sections`: the packet sections a referral may share (None with
    `refer`: the least a plain yes covers, referral_rules.CONSENT_DEFAULT_SECTIONS;
    ignored without `refer`). A refusal to screen is the whole answer: keeping
    and referring then count as no.
    """

    screen: bool
    store: bool
    refer: bool
    given_by: ConsentGiver | str
    refer_sections: frozenset[str] | None = None

    def sections(self) -> frozenset[str]:
        """The sections to store with this consent (nothing without consent to refer)."""
        if not self.screen:
            return frozenset()
        return referral_rules.consent_sections(
            refer=self.refer,
            sections=None if self.refer_sections is None else sorted(self.refer_sections),
        )


def giver_title(given_by: ConsentGiver | str | None) -> str:
    """Who consented, in the current UI language ("not recorded" for older screenings)."""
    if given_by is None:
        return _("not recorded")
    return _(GIVER_TITLES[ConsentGiver(given_by)])


def check_giver(value: ConsentGiver | str | None, *, audience: str | None = None) -> ConsentGiver:
    """Who gave the consent, checked against the questionnaire's audience; UsageError if wrong."""
    if value is None or str(value) not in {g.value for g in ConsentGiver}:
        raise UsageError(
            _("say who gave the consent: one of {known}").format(
                known=", ".join(g.value for g in ConsentGiver)
            )
        )
    giver = ConsentGiver(value)
    if audience == "child" and giver not in CHILD_GIVERS:
        raise UsageError(
            _(
                "the child questionnaire is for children: record whether the child agreed "
                "alone or with a parent or guardian"
            )
        )
    return giver


def ordered_sections(sections: Iterable[str]) -> list[str]:
    """Section ids in packet order (how they are stored and audited)."""
    chosen = set(sections)
    return [s for s in referral_rules.SECTIONS if s in chosen]
