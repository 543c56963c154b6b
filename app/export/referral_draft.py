"""A referral being prepared, step by step: the state behind the referral dialog, without Qt.

Three steps. **Services**: the worker chooses the services and says what the
person needs and how urgently (pre-set from the screening's own needs
questions). **Contents**: what each service receives, one list per service,
pre-set from what the person agreed at consent and the service's type; the
packet language (the service's first working language; another one only
once the worker confirmed it) and, for the person's copy, a second language;
the worker's note (only when the person agreed to share one) and contact.
**Review**: each packet as the core builds it, under the reference it will
carry, then export. Every rule is the core's: `build_packet` checks them
all again at export. The screening's answers and the person's profile are
read once, when the draft is made (an audited view).

A child who did not agree to be referred may still be referred to a
child-protection service under the duty to protect the child
(app/domain/child_protection.py): then the draft is `under_duty`, step 1
also records the duty (its ground, that the child was told, a note on it,
whether the child agrees to the worker's note going to the service), only
child-protection services can be chosen, and what a packet may carry is
what the duty allows instead of what the person agreed to.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from app.domain import child_protection
from app.domain import referral_rules as rules
from app.domain.child_protection import Duty
from app.domain.errors import UsageError
from app.domain.models import Referral
from app.export.content import PacketContent
from app.export.referrals import (
    PacketSource,
    ReferralRequest,
    build_packet,
    default_language,
    export_referral,
)
from app.i18n import _, is_offered

STEPS = ("services", "contents", "review")


@dataclass
class ServicePlan:
    """What one chosen service receives, and in which language(s)."""

    service: Any
    sections: set[str]
    needs: set[str]
    lang: str
    forced_language: bool = False
    second_lang: str = ""

    @property
    def lang_listed(self) -> bool:
        """True when the packet language is one the service works in (or it lists none)."""
        return not self.service.languages or self.lang in self.service.languages


class ReferralDraft:
    """One referral being prepared from a screening, for one or more services."""

    def __init__(self, vault: Any, screening_id: int, *, text_lang: str) -> None:
        self.vault = vault
        self.screening_id = screening_id
        self.text_lang = text_lang
        self.source = PacketSource.read(vault, screening_id)
        screening = self.source.screening
        self.consented = frozenset(screening.consent.refer_sections)
        # A child who did not agree to be referred: only a referral under the duty.
        form = self.source.form
        self.under_duty = child_protection.duty_possible(
            screening,
            audience=form.audience if form is not None else None,
            profile=self.source.profile,
        )
        self.duty = Duty("", child_told=False)
        self.person_needs: set[str] = set(self.source.found_needs)
        self.found_needs = tuple(self.source.found_needs)
        self.urgency = self.source.found_urgency
        self.found_urgency = self.source.found_urgency
        self.other_need = ""
        self.note = ""
        self.worker_phone = ""
        self.worker_email = ""
        self.plans: dict[int, ServicePlan] = {}  # by service id, in the order chosen
        self.step = 0
        self.earlier: list[Referral] = vault.referrals.list_for_case(screening.case_id)
        self._references: list[str] = []

    # --- the refusal, and the child-protection duty --------------------------------------
    def refusal(self) -> str | None:
        """Why no referral at all can be made from this screening (the core's words), or
        None: with the person's agreement, or for a child under the duty."""
        if self.under_duty:
            return None
        screening = self.source.screening
        try:
            rules.check_may_refer(
                consent_to_refer=bool(screening.consent.refer),
                screening_completed=screening.status.value == "completed",
            )
        except UsageError as error:
            return str(error)
        return None

    def set_duty(self, duty: Duty) -> None:
        """The duty as the worker records it so far (checked when leaving step 1)."""
        self.duty = duty
        if not duty.note_agreed:
            for plan in self.plans.values():
                plan.sections.discard(rules.NOTE_SECTION)

    @property
    def recorded(self) -> frozenset[str]:
        """What a packet may carry at most: what the person agreed to share, or under the
        duty what the duty allows (the note only if the child agreed)."""
        if self.under_duty:
            return child_protection.allowed_sections(self.duty)
        return self.consented

    def offered(self, services: list[Any]) -> list[Any]:
        """The services a referral from this screening can go to (under the duty: only the
        child-protection services)."""
        if self.under_duty:
            return [s for s in services if s.type == child_protection.DUTY_SERVICE_TYPE]
        return list(services)

    # --- the person's language ---------------------------------------------------------
    @property
    def person_language(self) -> str:
        """The language of the person's own copy: their preferred one we offer, else theirs."""
        profile = self.source.profile
        for code in (profile.preferred_language, *profile.languages):
            if code and is_offered(code):
                return code
        return self.source.screening.respondent_lang

    # --- step 1: services, needs, urgency ----------------------------------------------
    def choose(self, service: Any) -> ServicePlan:
        """Add a service with its type's defaults, within what the person agreed to."""
        if service.id not in self.plans:
            if not self.offered([service]):
                raise UsageError(
                    _(
                        "a referral under the child-protection duty goes only to a service of "
                        "the type {type}"
                    ).format(type=_(rules.SERVICE_TYPES[child_protection.DUTY_SERVICE_TYPE]))
                )
            defaults = {o.section for o in self.options(service.type) if o.default}
            self.plans[service.id] = ServicePlan(
                service,
                defaults,
                set(rules.default_needs(service.type, self.ordered_needs())),
                default_language(service, self.source.screening),
            )
            self._references = []
        return self.plans[service.id]

    def drop(self, service_id: int) -> None:
        self.plans.pop(service_id, None)
        self._references = []

    def set_person_need(self, need: str, present: bool) -> None:
        """The person's needs; each service is told about those its type gets by default."""
        if present:
            self.person_needs.add(need)
            for plan in self.plans.values():
                plan.needs.update(rules.default_needs(plan.service.type, (need,)))
        else:
            self.person_needs.discard(need)
            for plan in self.plans.values():
                plan.needs.discard(need)

    def ordered_needs(self) -> tuple[str, ...]:
        return tuple(need for need in rules.NEEDS if need in self.person_needs)

    def set_urgency(self, urgency: str) -> None:
        self.urgency = rules.check_urgency(urgency)

    # --- step 2: what each service receives --------------------------------------------
    def options(self, service_type: str) -> list[rules.SectionOption]:
        """The sections for a service type, with defaults and what the consent allows."""
        return rules.section_options(service_type, self.recorded)

    def set_section(self, service_id: int, section: str, shared: bool) -> None:
        """Share a section with a service or not; never one the person did not agree to."""
        plan = self.plans[service_id]
        if shared and section not in self.recorded:
            template = (
                _("a referral under the child-protection duty may not share: {sections}")
                if self.under_duty
                else _("the person did not agree to share: {sections}")
            )
            raise UsageError(template.format(sections=_(rules.SECTIONS[section])))
        if shared:
            plan.sections.add(section)
        else:
            plan.sections.discard(section)

    def set_service_need(self, service_id: int, need: str, told: bool) -> None:
        plan = self.plans[service_id]
        if told and need in self.person_needs:
            plan.needs.add(need)
        else:
            plan.needs.discard(need)

    def language_needs_confirmation(self, service_id: int, lang: str) -> bool:
        """True when `lang` is not a working language of the service (the worker must confirm)."""
        languages = self.plans[service_id].service.languages
        return bool(languages) and lang not in languages

    def set_language(self, service_id: int, lang: str, *, confirmed: bool = False) -> None:
        """The packet language for a service; one it does not list needs `confirmed`."""
        plan = self.plans[service_id]
        service = plan.service
        rules.check_packet_language(service.name, service.languages, lang, force=confirmed)
        plan.lang = lang
        plan.forced_language = self.language_needs_confirmation(service_id, lang)
        if plan.second_lang == lang:
            plan.second_lang = ""

    def set_second_language(self, service_id: int, lang: str) -> None:
        """Repeat the packet in `lang` for the person's copy ("" for none)."""
        plan = self.plans[service_id]
        if lang and (not is_offered(lang) or lang == plan.lang):
            raise UsageError(
                _(
                    "the second language of a packet must be another offered language, not {code}"
                ).format(code=lang)
            )
        plan.second_lang = lang

    @property
    def note_allowed(self) -> bool:
        """A note may be written only when the person (under the duty: the child) agreed to
        share one."""
        return rules.NOTE_SECTION in self.recorded

    # --- step 3: the packets -------------------------------------------------------------
    def references(self) -> dict[int, str]:
        """The packet reference each chosen service's packet will carry, in order."""
        if len(self._references) != len(self.plans):
            self._references = self.vault.referrals.next_references(
                self.screening_id, len(self.plans)
            )
        return dict(zip(self.plans, self._references, strict=True))

    def request(self, service_id: int) -> ReferralRequest:
        """What the core gets for one service; it checks every rule again."""
        plan = self.plans[service_id]
        needs = tuple(need for need in rules.NEEDS if need in plan.needs)
        return ReferralRequest(
            screening_id=self.screening_id,
            service_id=service_id,
            lang=plan.lang,
            force_language=plan.forced_language,
            second_lang=plan.second_lang,
            urgency=self.urgency,
            needs=needs,
            other_need=self.other_need.strip() if "other" in needs else "",
            sections=frozenset(plan.sections),
            note=self.note.strip() if self.note_allowed else "",
            worker_phone=self.worker_phone.strip(),
            worker_email=self.worker_email.strip(),
            reference=self.references()[service_id],
            text_lang=self.text_lang,
            duty=self.duty if self.under_duty else None,
        )

    def content(self, service_id: int) -> PacketContent:
        """The packet exactly as it will be written (reference included)."""
        return build_packet(self.vault, self.request(service_id), source=self.source)

    def file_name(self, service_id: int, day: date | None = None) -> str:
        """The packet's file name: reference, service short name, date (never a name)."""
        service = self.plans[service_id].service
        short = rules.service_short_name(service.name, service.short_name, service.id)
        return rules.packet_file_name(self.references()[service_id], short, day or date.today())

    def export(self, service_id: int, folder: Path, *, password: str | None) -> Referral:
        """Write one packet into `folder` under its file name and record the referral."""
        path = Path(folder) / self.file_name(service_id)
        return export_referral(
            self.vault, self.request(service_id), path, password=password, source=self.source
        )

    def after_export(self) -> None:
        """References move on; earlier referrals include the new ones."""
        self._references = []
        self.earlier = self.vault.referrals.list_for_case(self.source.screening.case_id)

    # --- the steps -----------------------------------------------------------------------
    def problems(self, step: int | None = None) -> list[str]:
        """What keeps the worker from leaving a step, in words (empty: may go on)."""
        step = self.step if step is None else step
        found = []
        if step >= 0 and self.under_duty:
            duty = self.duty
            if duty.ground not in child_protection.GROUNDS:
                found.append(_("Choose the ground for the referral under the duty."))
                # The rest of the duty is checked as if the ground were chosen.
                duty = replace(duty, ground=next(iter(child_protection.GROUNDS)))
            try:
                child_protection.check_duty(duty)
            except UsageError as error:
                found.append(str(error))
        if step >= 0 and not self.plans:
            found.append(_("Choose at least one service."))
        if step >= 0 and "other" in self.person_needs and not self.other_need.strip():
            found.append(_("Say in a few words what the other need is."))
        if step >= 1:
            for plan in self.plans.values():
                try:
                    self.content(plan.service.id)
                except UsageError as error:
                    found.append(
                        _("{service}: {problem}").format(service=plan.service.name, problem=error)
                    )
        return found

    def advance(self) -> int:
        """Go to the next step; UsageError listing what is missing."""
        problems = self.problems()
        if problems:
            raise UsageError("\n".join(problems))
        self.step = min(self.step + 1, len(STEPS) - 1)
        return self.step

    def back(self) -> int:
        self.step = max(self.step - 1, 0)
        return self.step
