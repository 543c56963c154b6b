"""`vault.referrals`: referrals recorded on a screening's case, with the packet's SHA-256.

Only the facts of the referral are kept (service, time, sections shared,
urgency, needs, packet hash, language): never the packet itself. Access goes
through the screening, so a screener sees only referrals of their own cases.
"""

from __future__ import annotations

import json

from app.domain.child_protection import Duty
from app.domain.models import Referral
from app.storage.database import Connection, now_text, parse_time, transaction

_COLUMNS = (
    "id, screening_id, service_id, created_at, created_by, sections, urgency, needs, "
    "packet_sha256, lang, duty_ground, duty_child_told, duty_note"
)


def _referral(row) -> Referral:
    return Referral(
        id=row[0],
        screening_id=row[1],
        service_id=row[2],
        created_at=parse_time(row[3]),
        created_by=row[4],
        sections=tuple(json.loads(row[5] or "[]")),
        urgency=row[6] or "",
        needs=tuple(json.loads(row[7] or "[]")),
        packet_sha256=row[8] or "",
        lang=row[9] or "",
        duty_ground=row[10],
        duty_child_told=bool(row[11]),
        duty_note=row[12] or "",
    )


class Referrals:
    """record, list_for_screening."""

    def __init__(self, conn: Connection, vault) -> None:
        self._conn = conn
        self._vault = vault

    def record(
        self,
        screening_id: int,
        *,
        service_id: int,
        sections: tuple[str, ...],
        urgency: str,
        needs: tuple[str, ...],
        packet_sha256: str,
        lang: str,
        duty: Duty | None = None,
    ) -> Referral:
        """Record a referral made from a screening the acting user may see; audited.

        `duty`: made under the child-protection duty without the child's
        agreement (checked by the caller with child_protection.duty_sections);
        marked so on the case and audited as `referral.duty` with its ground.
        """
        screening = self._vault.screenings.get(screening_id)
        with transaction(self._conn):
            cursor = self._conn.execute(
                "INSERT INTO referrals (screening_id, service_id, created_at, created_by, "
                "sections, urgency, needs, packet_sha256, lang, duty_ground, duty_child_told, "
                "duty_note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    int(screening_id),
                    int(service_id),
                    now_text(),
                    self._vault.user.name,
                    json.dumps(list(sections)),
                    urgency,
                    json.dumps(list(needs)),
                    packet_sha256,
                    lang,
                    duty.ground if duty else None,
                    int(bool(duty and duty.child_told)),
                    (duty.note or None) if duty else None,
                ),
            )
            referral_id = int(cursor.lastrowid)
            self._vault.audit.record(
                "referral.duty" if duty else "referral.create",
                referral_id,
                {
                    "case": screening.case_id,
                    "screening": int(screening_id),
                    "service": int(service_id),
                    "sections": sorted(sections),
                    "sha256": packet_sha256,
                    **({"ground": duty.ground, "child_told": duty.child_told} if duty else {}),
                },
            )
        return self._get(referral_id)

    def _get(self, referral_id: int) -> Referral:
        row = self._conn.execute(
            f"SELECT {_COLUMNS} FROM referrals WHERE id = ?",  # noqa: S608
            (referral_id,),
        ).fetchone()
        return _referral(row)

    def list_for_screening(self, screening_id: int) -> list[Referral]:
        """Referrals made from a screening the acting user may see, oldest first."""
        self._vault.screenings.get(screening_id)
        rows = self._conn.execute(
            f"SELECT {_COLUMNS} FROM referrals WHERE screening_id = ? ORDER BY id",  # noqa: S608
            (int(screening_id),),
        )
        return [_referral(row) for row in rows]
