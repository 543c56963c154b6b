"""Referral packets for the demo, made through the core's referral export.

Three packets from completed demo screenings that recommend a referral: one
in English, one in Arabic, and one protected by a password.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

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


def _referable(vault: Vault, screening_ids: list[int]) -> list[int]:
    """Completed screenings with consent to refer and a referral outcome, in order."""
    found = []
    for screening_id in screening_ids:
        screening = vault.screenings.get(screening_id)
        if screening.status is not ScreeningStatus.COMPLETED or not screening.consent.refer:
            continue
        outcome = vault.screenings.outcome(screening_id)
        if outcome is not None and outcome.level in REFERRAL_LEVELS:
            found.append(screening_id)
    return found


def export_demo_packets(vault: Vault, screening_ids: list[int], out_dir: Path) -> list[DemoPacket]:
    """Write the demo packets into `out_dir`; fewer when too few screenings qualify."""
    from app.export.referrals import ReferralRequest, export_referral

    services = {service.type: service for service in vault.services.list()}
    referable = _referable(vault, screening_ids)
    plan = [
        ("en", "shelter", ("safe_housing", "medical"), False),
        ("ar", "legal_aid", ("legal", "interpreter"), False),
        ("fr", "medical", ("medical",), True),
    ]
    packets = []
    for screening_id, (lang, kind, needs, protect) in zip(referable, plan, strict=False):
        service = services.get(kind)
        if service is None:
            continue
        password = "packet-" + secrets.token_urlsafe(9) if protect else None
        reference = vault.cases.check_access(vault.screenings.get(screening_id).case_id).reference
        path = out_dir / f"referral-{reference}-{lang}.pdf"
        export_referral(
            vault,
            ReferralRequest(
                screening_id=screening_id,
                service_id=service.id,
                lang=lang,
                urgency="urgent" if kind == "shelter" else "routine",
                needs=needs,
                note="Synthetic demo referral: no real person.",
                worker_email="demo@example.org",
                next_steps=("The service confirms receipt by phone.",),
            ),
            path,
            password=password,
        )
        packets.append(DemoPacket(path, lang, service.name, password))
    return packets
