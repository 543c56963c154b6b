"""The audit trail as CSV text, and the filter the desktop and the export share.

Columns: id, when (UTC, ISO 8601), who, action, record, details (JSON).
A cell a spreadsheet would read as a formula is written with a leading
apostrophe, as for the service directory.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from app.domain.models import AuditEntry

COLUMNS = ("id", "at_utc", "actor", "action", "record", "detail")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def matches(entry: AuditEntry, text: str) -> bool:
    """True when `text` (any case) is part of the entry's account, action or record."""
    needle = text.strip().casefold()
    if not needle:
        return True
    return any(
        needle in str(part or "").casefold() for part in (entry.actor, entry.action, entry.record)
    )


def write_audit_csv(entries: Iterable[AuditEntry]) -> str:
    """The entries as CSV text with a header row, oldest first."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for entry in sorted(entries, key=lambda e: e.id):
        detail = (
            json.dumps(entry.detail, ensure_ascii=False, sort_keys=True) if entry.detail else ""
        )
        at = entry.at.isoformat() if entry.at else ""
        writer.writerow(
            [
                str(entry.id),
                at,
                _cell(entry.actor),
                _cell(entry.action),
                _cell(entry.record),
                _cell(detail),
            ]
        )
    return out.getvalue()
