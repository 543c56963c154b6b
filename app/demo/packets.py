"""Referral packets for the demo, made through the core's referral export, then followed up.

Four packets from completed demo screenings that recommend a referral, each
in a working language of its service: an English one to the shelter, an
Arabic one to the listening space, a French one to legal aid protected by a
password, and one for a child to the child-protection team, in the team's
language and again in the child's for their own copy. Their statuses then
move on as a worker would record them (sent, received), and one is left past
its follow-up date so the demo shows a follow-up due.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from app.domain import referral_rules as rules
from app.domain.models import ScreeningStatus
from app.storage.vault import Vault

# Outcome levels of the shipped forms that lead to a referral.
REFERRAL_LEVELS = ("referral_recommended", "child_protection_referral", "refer_full_screening")


@dataclass(frozen=True)
class DemoPacket:
    """One packet written: the file, its language, and its password (None: unprotected)."""

    path: Path
    lang: str
    service: str
    password: str | None
    reference: str = ""


def _referable(vault: Vault, screening_ids: list[int]) -> tuple[list[int], list[int]]:
    """Completed screenings with consent to refer and a referral outcome: (adults, children).

    A child counts only when the child agreed to share about themselves, so
    the child's packet can say who the child is.
    """
    adults, children = [], []
    for screening_id in screening_ids:
        screening = vault.screenings.get(screening_id)
        if screening.status is not ScreeningStatus.COMPLETED or not screening.consent.refer:
            continue
        outcome = vault.screenings.outcome(screening_id)
        if outcome is None or outcome.level not in REFERRAL_LEVELS:
            continue
        if screening.form_id != "child-screening":
            adults.append(screening_id)
        elif rules.PERSON_SECTION in screening.consent.refer_sections:
            children.append(screening_id)
    return adults, children


def export_demo_packets(vault: Vault, screening_ids: list[int], out_dir: Path) -> list[DemoPacket]:
    """Write the demo packets into `out_dir` and follow them up; fewer when few qualify."""
    from app.export.referrals import PacketSource, ReferralRequest, build_packet, export_referral

    services = {service.type: service for service in vault.services.list()}
    adults, children = _referable(vault, screening_ids)
    plan = [(s, kind, lang, protect) for s, (kind, lang, protect) in zip(
        adults,
        (("shelter", "en", False), ("psychosocial", "ar", False), ("legal_aid", "fr", True)),
        strict=False,
    )]  # fmt: skip
    plan += [(s, "child_protection", "en", False) for s in children[:1]]
    packets = []
    for screening_id, kind, lang, protect in plan:
        service = services.get(kind)
        if service is None:
            continue
        source = PacketSource.read(vault, screening_id)
        person_lang = source.profile.preferred_language
        request = ReferralRequest(
            screening_id=screening_id,
            service_id=service.id,
            lang=lang,
            second_lang=person_lang
            if kind == "child_protection" and person_lang not in ("", lang)
            else "",
            note="Synthetic demo referral: no real person.",
            worker_email="demo@example.org",
            next_steps=("The service confirms receipt by phone.",),
            text_lang="en",
        )
        password = "packet-" + secrets.token_urlsafe(9) if protect else None
        content = build_packet(vault, request, source=source)
        path = out_dir / rules.packet_file_name(
            content.reference,
            rules.service_short_name(service.name, service.short_name, service.id),
            date.today(),
        )
        referral = export_referral(vault, request, path, password=password, source=source)
        packets.append(DemoPacket(path, lang, service.name, password, referral.reference))
    _follow_up(vault, packets)
    return packets


def _follow_up(vault: Vault, packets: list[DemoPacket]) -> None:
    """Move the demo referrals on as a worker would, leaving the first one due."""
    referrals = [vault.referrals.find(packet.reference) for packet in packets]
    if referrals:
        first = vault.referrals.set_status(referrals[0].id, "sent", note="Sent by e-mail.")
        vault.referrals.set_due(
            first.id, date.today() - timedelta(days=2), note="Demo: no reply yet."
        )
    if len(referrals) > 1:
        vault.referrals.set_status(referrals[1].id, "sent")
        vault.referrals.set_status(referrals[1].id, "received", note="Confirmed by phone.")
