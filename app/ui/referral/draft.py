"""What the worker has chosen so far in the referral dialog, without any widget.

The dialog only draws this state. Which sections are pre-ticked, which the
consent forbids and which needs a type of service is told about come from
the core (`app.domain.referral_rules`); the core checks everything again when
the packet is built.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.domain import referral_rules as rules
from app.domain.child_protection import Duty
from app.export.referrals import ReferralRequest
from app.i18n import is_offered


@dataclass
class ServiceChoice:
    """One chosen service: what is shared with it, which needs, in which language."""

    service: Any
    sections: set[str]
    needs: set[str]
    lang: str
    # Sections the worker ticked or unticked by hand: kept when the consent changes.
    touched: set[str] = field(default_factory=set)


def packet_language(service: Any, fallback: str) -> str:
    """The first language the service speaks that the app offers, else `fallback`."""
    for code in service.languages:
        if is_offered(code):
            return code
    return fallback


class ReferralDraft:
    """The referral being prepared: shared choices and one `ServiceChoice` per service."""

    def __init__(
        self,
        screening_id: int,
        fallback_lang: str,
        recorded: frozenset[str] = frozenset(),
        *,
        duty: Duty | None = None,
    ) -> None:
        self.screening_id = screening_id
        self.fallback_lang = fallback_lang
        # A referral under the child-protection duty: `recorded` is what the duty allows.
        self.duty = duty
        # What the person agreed to at consent; the worker may only narrow it.
        self.recorded = frozenset(recorded)
        self.consented: set[str] = set(self.recorded)
        self.person_needs: set[str] = set()
        self.other_need = ""
        self.urgency = "routine"
        self.note = ""
        self.worker_phone = ""
        self.worker_email = ""
        self.choices: dict[int, ServiceChoice] = {}  # by service id, in the order chosen

    # --- services -----------------------------------------------------------------------
    def choose(self, service: Any) -> ServiceChoice:
        """Add a service with its type's defaults (within the consent)."""
        if service.id not in self.choices:
            defaults = {o.section for o in self.options(service.type) if o.default}
            self.choices[service.id] = ServiceChoice(
                service,
                defaults,
                set(rules.default_needs(service.type, self.ordered_needs())),
                packet_language(service, self.fallback_lang),
            )
        return self.choices[service.id]

    def drop(self, service_id: int) -> None:
        self.choices.pop(service_id, None)

    def options(self, service_type: str) -> list[rules.SectionOption]:
        """The sections for a service type, with defaults and what the consent allows."""
        return rules.section_options(service_type, self.consented)

    def set_section(self, service_id: int, section: str, shared: bool) -> None:
        choice = self.choices[service_id]
        choice.touched.add(section)
        if shared:
            choice.sections.add(section)
        else:
            choice.sections.discard(section)

    # --- consent and needs ---------------------------------------------------------------
    def set_consented(self, section: str, agreed: bool) -> None:
        """What the person agreed to share; each service follows within its defaults.

        Only narrowing: a section outside the recorded consent stays out.
        """
        if agreed and section not in self.recorded:
            return
        if agreed:
            self.consented.add(section)
        else:
            self.consented.discard(section)
        for choice in self.choices.values():
            option = {o.section: o for o in self.options(choice.service.type)}[section]
            if not option.allowed:
                choice.sections.discard(section)
            elif option.default and section not in choice.touched:
                choice.sections.add(section)

    def ordered_needs(self) -> tuple[str, ...]:
        return tuple(need for need in rules.NEEDS if need in self.person_needs)

    def set_person_need(self, need: str, present: bool) -> None:
        """The person's needs; each service is told about those its type gets by default."""
        if present:
            self.person_needs.add(need)
            for choice in self.choices.values():
                choice.needs.update(rules.default_needs(choice.service.type, (need,)))
        else:
            self.person_needs.discard(need)
            for choice in self.choices.values():
                choice.needs.discard(need)

    def set_service_need(self, service_id: int, need: str, told: bool) -> None:
        choice = self.choices[service_id]
        if told and need in self.person_needs:
            choice.needs.add(need)
        else:
            choice.needs.discard(need)

    # --- the requests -------------------------------------------------------------------
    def request(self, service_id: int) -> ReferralRequest:
        """What the core gets for one service; it checks every rule again."""
        choice = self.choices[service_id]
        needs = tuple(need for need in rules.NEEDS if need in choice.needs)
        return ReferralRequest(
            screening_id=self.screening_id,
            service_id=service_id,
            lang=choice.lang,
            urgency=self.urgency,
            needs=needs,
            other_need=self.other_need.strip() if "other" in needs else "",
            sections=frozenset(choice.sections),
            consented_sections=None if self.duty is not None else frozenset(self.consented),
            note=self.note.strip(),
            worker_phone=self.worker_phone.strip(),
            worker_email=self.worker_email.strip(),
            duty=self.duty,
        )

    def requests(self) -> list[ReferralRequest]:
        return [self.request(service_id) for service_id in self.choices]
