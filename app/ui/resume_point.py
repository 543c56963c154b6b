"""Where a worker was when the vault locked, so the same worker's unlock goes back there.

Only ids and the page's name, in memory: no answer, name or text of a case.
Another account's unlock ignores it (that account may not even see the case).
A dialog open at the lock was closed by it (its work cancelled, nothing
saved); the worker is told so after the unlock.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

CASES = "cases"
ADMIN = "admin"
NEW = "new"
CONSENT = "consent"
INTERVIEW = "interview"
SUMMARY = "summary"


@dataclass(frozen=True)
class ResumePoint:
    """One screen to return to: `page` and what it showed."""

    user: str
    page: str
    screening_id: int | None = None
    emergency: bool = False
    admin_tab: int = 0
    choice: Any = None  # the new screening's choices (questionnaire, languages) before consent
    window_closed: bool = False
