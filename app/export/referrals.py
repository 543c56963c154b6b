"""Making a referral: from a completed screening to a packet on disk and a record on the case.

`build_packet` applies the referral rules (consent to refer, a completed
screening, per-service defaults, never more than the sections the person
agreed to share as recorded with their consent; for a child who did not
agree, the child-protection duty's rules instead, see
app/domain/child_protection.py) and
gathers the packet's content from the vault; `export_referral` renders it,
optionally encrypts it, writes it atomically and records the referral
(service, time, sections, packet SHA-256) on the case and in the audit trail.
The desktop UI and `waystation referral export` both call these.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from app.domain import child_protection
from app.domain import referral_rules as rules
from app.domain.child_protection import Duty
from app.domain.errors import NotFound, UsageError
from app.domain.models import Referral, ScreeningStatus
from app.export.content import (
    ContactInfo,
    DeclinedQuestion,
    Finding,
    Indicator,
    PacketContent,
    Recipient,
)
from app.i18n import _, is_offered


@dataclass(frozen=True)
class ReferralRequest:
    """What the worker chose for one referral to one service.

    `sections` None means the service type's defaults (and, with them, only
    the needs that type of service is told about). What the person agreed to
    share is read from the screening's recorded consent; `consented_sections`
    may only narrow it (the person has since said less), never widen it.
    """

    screening_id: int
    service_id: int
    lang: str
    urgency: str = "routine"
    needs: tuple[str, ...] = ()
    other_need: str = ""
    sections: frozenset[str] | None = None
    consented_sections: frozenset[str] | None = None
    note: str = ""
    worker_phone: str = ""
    worker_email: str = ""
    next_steps: tuple[str, ...] = ()
    duty: Duty | None = None


def _form(form_id: str):
    # A form removed since the screening still leaves the stored result usable.
    from app.screening.loader import find_form

    try:
        return find_form(form_id)
    except NotFound:
        return None


def _question_text(form, question_id: str) -> str:
    if form is not None and form.has_question(question_id):
        return form.question(question_id).text
    return question_id


def _question_ref(form, question_id: str) -> str:
    if form is not None and form.has_question(question_id):
        return form.question(question_id).ref
    return ""


def _dimension_title(form, dimension: dict) -> str:
    # The form's own text carries its translation context; the stored one does not.
    dimension_id = dimension.get("dimension_id", "")
    if form is not None and any(d.id == dimension_id for d in form.dimensions):
        return form.dimension(dimension_id).title
    return dimension.get("title", "")


def _outcome_title(form, level: str, result: dict) -> str:
    if form is not None:
        for rule in form.outcomes:
            if rule.id == level:
                return rule.title
    return result.get("title", "")


def build_packet(vault, request: ReferralRequest, *, now: datetime | None = None) -> PacketContent:
    """The packet content for `request`, or a UsageError/NotFound saying why not."""
    if not is_offered(request.lang):
        raise UsageError(_("language not offered: {code}").format(code=request.lang))
    rules.check_urgency(request.urgency)
    unknown_needs = [need for need in request.needs if need not in rules.NEEDS]
    if unknown_needs:
        rules.parse_needs(",".join(unknown_needs))
    screening = vault.screenings.get(request.screening_id)
    case = vault.cases.check_access(screening.case_id)
    service = vault.services.get(request.service_id)
    completed = screening.status is ScreeningStatus.COMPLETED
    form = _form(screening.form_id)
    if request.duty is not None:
        sections = child_protection.duty_sections(
            child=child_protection.is_child(
                audience=form.audience if form is not None else None,
                given_by=screening.consent.given_by,
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
    needs = request.needs
    if request.sections is None:
        needs = rules.default_needs(service.type, needs)
    stored = vault.screenings.outcome(screening.id)
    result = stored.result if stored is not None else {}
    findings = []
    for dimension in result.get("dimensions", []):
        indicators = tuple(
            Indicator(
                item.get("question_ref") or _question_ref(form, item.get("question_id", "")),
                _question_text(form, item.get("question_id", "")),
                item.get("strength", ""),
            )
            for item in dimension.get("evidence", [])
        )
        findings.append(
            Finding(
                _dimension_title(form, dimension),
                bool(dimension.get("positive")),
                indicators,
            )
        )
    declined = tuple(
        DeclinedQuestion(_question_ref(form, qid), _question_text(form, qid))
        for qid in result.get("declined", [])
    )
    earlier = len(vault.referrals.list_for_screening(screening.id))
    organisation = vault.settings.get("organisation_name") or ""
    organisation_contact = vault.settings.get("organisation_contact") or ""
    contacts = (ContactInfo(organisation, organisation_contact),) if organisation_contact else ()
    return PacketContent(
        lang=request.lang,
        reference=f"{case.reference}-{screening.id}-R{earlier + 1}",
        created=now or datetime.now(UTC),
        urgency=request.urgency,
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
        consent_at=screening.consent.at,
        consent_by=screening.consent.given_by.value if screening.consent.given_by else None,
        duty_ground=request.duty.ground if request.duty is not None else None,
        interpreter=screening.interpreter_mode.value,
        sections=sections,
        needs=needs,
        other_need=request.other_need if "other" in needs else "",
        outcome_title=_outcome_title(form, stored.level, result) if stored is not None else "",
        outcome_decision=stored.decision.value if stored and stored.decision else "",
        outcome_version=str(result.get("form_version") or screening.form_version),
        findings=tuple(findings),
        declined=declined,
        note=request.note,
        contacts=contacts,
        next_steps=request.next_steps,
    )


def export_referral(
    vault, request: ReferralRequest, out: Path | str, *, password: str | None = None
) -> Referral:
    """Write the packet to `out` (encrypted when `password` is given) and record it.

    The referral is recorded only once the file is safely written; if the
    record cannot be stored, the new file is removed again.
    """
    # Imported here: reportlab is loaded only when a packet is really made.
    from app.export.files import encrypt_pdf, sha256, write_atomic
    from app.export.packet import render_packet

    content = build_packet(vault, request)
    data = render_packet(content)
    if password is not None:
        data = encrypt_pdf(data, password)
    target = Path(out)
    write_atomic(target, data)
    try:
        return vault.referrals.record(
            request.screening_id,
            service_id=request.service_id,
            sections=tuple(s for s in rules.SECTIONS if s in content.sections),
            urgency=request.urgency,
            needs=content.needs,
            packet_sha256=sha256(data),
            lang=request.lang,
            duty=child_protection.check_duty(request.duty) if request.duty is not None else None,
        )
    except BaseException:
        with contextlib.suppress(OSError):
            target.unlink()
        raise
