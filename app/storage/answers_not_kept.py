"""Deleting the answer values of a person who did not agree to their answers being kept.

When the person agrees to the screening but not to keeping their answers,
the answers serve the conversation only: when the screening ends, every
answer row is deleted and the outcome keeps only its level and decision
(with the questionnaire's own words for them), never the dimensions, the
evidence or the questions declined, which would tell the answers again. The
caller then wipes them from the files (`wipe_deleted`). The audit trail
records ids and counts only.
"""

# SQL text is fixed here, never built from input.

from __future__ import annotations

import contextlib
import json

from app.domain.errors import VaultError
from app.storage.database import Connection, checkpoint, transaction

# What an outcome keeps when the answers are not kept.
KEPT_OUTCOME_KEYS = ("level", "decision", "title", "description", "caution", "rule", "form_version")


def kept_outcome(result: dict | None) -> dict:
    """The part of a scored result kept when the answers are not kept."""
    return {key: value for key, value in (result or {}).items() if key in KEPT_OUTCOME_KEYS}


def forget_values(conn: Connection, audit, row, *, reason: str) -> int:
    """Delete a screening's answers and strip its outcome, inside the caller's transaction.

    `row` starts with the screening's id and case id. Returns how many
    answers were deleted; audited as `screening.answers_deleted` with the
    case id, that count and `reason` ("not_kept" at the end of a screening,
    "consent_changed" when the person says no to keeping them afterwards).
    """
    screening_id = int(row[0])
    count = int(
        conn.execute(
            "SELECT count(*) FROM answers WHERE screening_id = ?", (screening_id,)
        ).fetchone()[0]
    )
    conn.execute("DELETE FROM answers WHERE screening_id = ?", (screening_id,))
    stored = conn.execute(
        "SELECT result FROM outcomes WHERE screening_id = ?", (screening_id,)
    ).fetchone()
    if stored is not None:
        conn.execute(
            "UPDATE outcomes SET result = ? WHERE screening_id = ?",
            (json.dumps(kept_outcome(json.loads(stored[0])), ensure_ascii=False), screening_id),
        )
    audit.record(
        "screening.answers_deleted",
        screening_id,
        {"case": row[1], "answers": count, "reason": reason},
    )
    return count


def wipe_deleted(conn: Connection) -> None:
    """Leave no copy of the deleted answers in the vault's files, after the commit.

    The connection deletes with secure_delete on, so the deleted cells and the
    freed pages are overwritten with zeros in the new page versions; moving the
    WAL into the database and truncating it removes the old versions. A purge
    also rebuilds the whole file (VACUUM): 3.3 s for a year of work (137 MB),
    where this takes milliseconds (docs/benchmarks.md), and the page scan test
    (tests/workflows/test_answers_not_kept.py) finds no value either way. When
    the checkpoint cannot finish (another thread still reads an older
    snapshot, or the disk is full), the vault is marked for the compaction a
    deleted case gets, run at the next unlock; and the next unlock's page check
    moves the WAL into the file first anyway. It never raises: the deletion is
    committed before it runs, and saying otherwise would not be true.
    """
    with conn.write_lock:
        if checkpoint(conn):
            return
        with contextlib.suppress(VaultError), transaction(conn):
            conn.execute("UPDATE vault_state SET compact_due = 1 WHERE id = 1")
