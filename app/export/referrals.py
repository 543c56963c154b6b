"""Making a referral: from a completed screening to a packet on disk and a record on the case.

`build_packet` applies the referral rules (consent to refer, a completed
screening, per-service defaults, never more than the sections the person
agreed to share as recorded with their consent, or for a child who did not
agree what the child-protection duty allows (app/domain/child_protection.py),
a language the service works in unless the worker confirmed another) and
gathers the packet's content from the vault: the person's profile as far as
it may be shared, each indicator with its answer, the needs and urgency the
screening's own needs questions found (unless the worker chose), the decision
and its explanation, who consented (or the duty's ground), and what the
receiver may do with the packet. `export_referral` renders it, optionally
encrypts it, writes it atomically and records the referral (service, time,
sections, packet reference and SHA-256, status "prepared" with a follow-up
date, the duty if any) on the case and in the audit trail. The desktop UI,
`waystation referral export` and the demo all call these.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from app.domain import child_protection
from app.domain import referral_rules as rules
from app.domain.child_protection import Duty
from app.domain.errors import NotFound, UsageError
from app.domain.models import Referral, ScreeningStatus, Service
from app.domain.person import shared_profile
from app.export.content import (
    Consent,
    ContactInfo,
    DeclinedQuestion,
    Finding,
    Indicator,
    PacketContent,
    ReceiverTerms,
    Recipient,
    Words,
)
from app.i18n import _, current_language, is_offered

_STRENGTH_ORDER = ("strong", "medium", "weak")


@dataclass(frozen=True)
class ReferralRequest:
    """What the worker chose for one referral to one service.

    `sections` None means the service type's defaults (and, with them, only
    the needs that type of service is told about). What the person agreed to
    share is read from the screening's recorded consent; `consented_sections`
    may only narrow it (the person has since said less), never widen it.
    `needs` and `urgency` None: what the screening's needs questions found.
    `lang` None: the service's first working language. A language the service
    does not list is refused unless `force_language` (the worker confirmed
    it). `second_lang`: also in this language, for the person's own copy.
    `reference` None: the next free packet reference of the case.
    `text_lang`: the language the note and next steps are written in.
    """

    screening_id: int
    service_id: int
    lang: str | None = None
    urgency: str | None = None
    needs: tuple[str, ...] | None = None
    other_need: str = ""
    sections: frozenset[str] | None = None
    consented_sections: frozenset[str] | None = None
    note: str = ""
    worker_phone: str = ""
    worker_email: str = ""
    next_steps: tuple[str, ...] = ()
    force_language: bool = False
    second_lang: str = ""
    reference: str | None = None
    text_lang: str = ""
    duty: Duty | None = None


def _form(form_id: str):
    # A form removed since the screening still leaves the stored result usable.
    from app.screening.loader import find_form

    try:
        return find_form(form_id)
    except NotFound:
        return None


def _question(form, question_id: str):
    if form is not None and form.has_question(question_id):
        return form.question(question_id)
    return None


def _dimension_title(form, dimension: dict) -> str:
    # The form's own text carries its translation context; the stored one does not.
    dimension_id = dimension.get("dimension_id", "")
    if form is not None and any(d.id == dimension_id for d in form.dimensions):
        return form.dimension(dimension_id).title
    return dimension.get("title", "")


def _outcome_texts(form, level: str, result: dict) -> tuple[str, str]:
    if form is not None:
        for rule in form.outcomes:
            if rule.id == level:
                return rule.title, rule.description
    return result.get("title", ""), result.get("description", "")


def _answer(question, record) -> tuple[Words, ...]:
    from app.screening.answer_words import answer_source

    return tuple(Words(text, kind) for kind, text in answer_source(question, record))


def _findings(form, result: dict, answers: dict) -> tuple[Finding, ...]:
    """Each dimension with its indicators, each question once (its strongest), with its answer."""
    findings = []
    for dimension in result.get("dimensions", []):
        strongest: dict[str, dict] = {}
        for item in dimension.get("evidence", []):
            question_id = item.get("question_id", "")
            known = strongest.get(question_id)
            rank = _STRENGTH_ORDER.index(item.get("strength", "weak"))
            if known is None or rank < _STRENGTH_ORDER.index(known.get("strength", "weak")):
                strongest[question_id] = item
        indicators = []
        for question_id, item in strongest.items():
            question = _question(form, question_id)
            indicators.append(
                Indicator(
                    item.get("question_ref") or (question.ref if question else ""),
                    question.text if question else question_id,
                    item.get("strength", ""),
                    _answer(question, answers.get(question_id)),
                )
            )
        findings.append(
            Finding(
                _dimension_title(form, dimension),
                bool(dimension.get("positive")),
                tuple(indicators),
            )
        )
    return tuple(findings)


@dataclass(frozen=True)
class PacketSource:
    """What a screening's packets are made from, read from the vault once.

    Reading answers and the person's profile is viewing case content and is
    audited; the referral dialog reads them once for every preview and export.
    """

    screening: object
    case: object
    form: object
    outcome: object
    answers: dict
    profile: object
    found_needs: tuple[str, ...]
    found_urgency: str

    @classmethod
    def read(cls, vault, screening_id: int) -> PacketSource:
        """Read a screening, its case, outcome, answers and profile (access checked)."""
        from app.screening.needs import needs_from_answers
        from app.screening.person_hints import with_answers

        screening = vault.screenings.get(screening_id)
        case = vault.cases.check_access(screening.case_id)
        form = _form(screening.form_id)
        answers = vault.screenings.answers(screening.id)
        found = needs_from_answers(form, answers) if form is not None else None
        return cls(
            screening=screening,
            case=case,
            form=form,
            outcome=vault.screenings.outcome(screening.id),
            answers=answers,
            # What the worker recorded, its gaps filled from what the answers say (an age,
            # "under 18"): a border triage's "yes, under 18" makes the packet say "child".
            profile=with_answers(vault.people.get(case.id), form, answers),
            found_needs=found.needs if found else (),
            found_urgency=found.urgency if found else "routine",
        )


def default_language(service: Service, screening) -> str:
    """The packet language a service gets by default: its first working language we offer.

    A service that lists none of them gets the interviewer's language.
    """
    return rules.packet_language(service.languages, screening.interviewer_lang)


def _consent(screening, duty: Duty | None) -> Consent:
    consent = screening.consent
    return Consent(
        at=consent.at,
        given_by=consent.given_by.value if consent.given_by is not None else None,
        duty_ground=duty.ground if duty is not None else None,
    )


def build_packet(
    vault,
    request: ReferralRequest,
    *,
    now: datetime | None = None,
    source: PacketSource | None = None,
) -> PacketContent:
    """The packet content for `request`, or a UsageError/NotFound saying why not.

    `source`: the screening's data read before (PacketSource.read); read now if None.
    """
    if request.urgency is not None:
        rules.check_urgency(request.urgency)
    unknown_needs = [need for need in request.needs or () if need not in rules.NEEDS]
    if unknown_needs:
        rules.parse_needs(",".join(unknown_needs))
    if source is None or source.screening.id != request.screening_id:
        screening = vault.screenings.get(request.screening_id)
        vault.cases.check_access(screening.case_id)
    else:
        screening = source.screening
    service = vault.services.get(request.service_id)
    lang = request.lang or default_language(service, screening)
    rules.check_packet_language(service.name, service.languages, lang, force=request.force_language)
    if request.second_lang and (not is_offered(request.second_lang) or request.second_lang == lang):
        raise UsageError(
            _(
                "the second language of a packet must be another offered language, not {code}"
            ).format(code=request.second_lang)
        )
    completed = screening.status is ScreeningStatus.COMPLETED
    if source is None or source.screening.id != request.screening_id:
        source = PacketSource.read(vault, request.screening_id)
    form, stored = source.form, source.outcome
    audience = form.audience if form is not None else None
    if request.duty is not None:
        sections = child_protection.duty_sections(
            child=child_protection.counts_as_child(
                source.profile, audience=audience, given_by=screening.consent.given_by
            ),
            consent_to_refer=screening.consent.refer,
            status=screening.status,
            service_type=service.type,
            duty=request.duty,
            requested=request.sections,
        )
    else:
        # Why there is no referral at all comes before what it may carry.
        rules.check_may_refer(
            consent_to_refer=screening.consent.refer, screening_completed=completed
        )
        sections = rules.allowed_sections(
            consent_to_refer=screening.consent.refer,
            screening_completed=completed,
            consented_sections=rules.narrow_consent(
                screening.consent.refer_sections, request.consented_sections
            ),
            requested=request.sections,
            service_type=service.type,
        )
    needs = source.found_needs if request.needs is None else request.needs
    if request.sections is None:
        needs = rules.default_needs(service.type, needs)
    result = stored.result if stored is not None else {}
    declined = tuple(
        DeclinedQuestion(q.ref if (q := _question(form, qid)) else "", q.text if q else qid)
        for qid in result.get("declined", [])
    )
    title, description = _outcome_texts(form, stored.level, result) if stored else ("", "")
    organisation = vault.settings.get("organisation_name") or ""
    organisation_contact = vault.settings.get("organisation_contact") or ""
    contacts = (ContactInfo(organisation, organisation_contact),) if organisation_contact else ()
    return PacketContent(
        lang=lang,
        reference=request.reference or vault.referrals.next_references(screening.id)[0],
        created=now or datetime.now(UTC),
        urgency=request.urgency or source.found_urgency,
        organisation=organisation,
        worker=ContactInfo(vault.user.name, phone=request.worker_phone, email=request.worker_email),
        recipient=Recipient(
            service.name,
            service.type,
            phone=service.phone,
            email=service.email,
            address=service.address,
            intake=service.intake,
        ),
        consent=_consent(screening, request.duty),
        interpreter=screening.interpreter_mode.value,
        sections=sections,
        child=child_protection.person_is_child(
            source.profile, audience=audience, given_by=screening.consent.given_by
        ),
        person=shared_profile(source.profile, sections),
        needs=tuple(needs),
        other_need=request.other_need if "other" in needs else "",
        outcome_title=title,
        outcome_description=description,
        outcome_decision=stored.decision.value if stored and stored.decision else "",
        outcome_version=str(result.get("form_version") or screening.form_version),
        findings=_findings(form, result, source.answers),
        declined=declined,
        note=request.note,
        contacts=contacts,
        next_steps=request.next_steps,
        terms=ReceiverTerms(
            share_further=str(vault.settings.get("packet_share_further")),
            keep_days=int(vault.settings.get("packet_keep_days")),
        ),
        text_lang=request.text_lang or current_language(),
        second_lang=request.second_lang,
    )


def packet_file_name(
    vault, content: PacketContent, service_id: int, day: date | None = None
) -> str:
    """The file name a packet is saved under: reference, service short name and date."""
    service = vault.services.get(service_id)
    short = rules.service_short_name(service.name, service.short_name, service.id)
    return rules.packet_file_name(content.reference, short, day or date.today())


def export_referral(
    vault,
    request: ReferralRequest,
    out: Path | str,
    *,
    password: str | None = None,
    source: PacketSource | None = None,
) -> Referral:
    """Write the packet to `out` (encrypted when `password` is given) and record it.

    The referral is recorded only once the file is safely written; if the
    record cannot be stored (the reference was taken meanwhile, say), the new
    file is removed again.
    """
    # Imported here: reportlab is loaded only when a packet is really made.
    from app.export.files import encrypt_pdf, sha256, write_atomic
    from app.export.packet import render_packet

    content = build_packet(vault, request, source=source)
    data = render_packet(content)
    if password is not None:
        data = encrypt_pdf(data, password)
    target = Path(out)
    write_atomic(target, data)
    service = vault.services.get(request.service_id)
    try:
        return vault.referrals.record(
            request.screening_id,
            service_id=request.service_id,
            sections=tuple(s for s in rules.SECTIONS if s in content.sections),
            urgency=content.urgency,
            needs=content.needs,
            packet_sha256=sha256(data),
            lang=content.lang,
            reference=content.reference,
            second_lang=content.second_lang,
            forced_language=bool(service.languages) and content.lang not in service.languages,
            duty=child_protection.check_duty(request.duty) if request.duty is not None else None,
        )
    except BaseException:
        with contextlib.suppress(OSError):
            target.unlink()
        raise
