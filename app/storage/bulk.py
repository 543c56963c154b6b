"""Batched inserts of synthetic rows, for the benchmark's year-of-work vault only.

The app never calls this: real records go through the repositories, one
audited, committed step at a time. Loading 500,000 answers that way would
take hours, so the benchmark fills its vault here, in one transaction per
batch, checking table and column names against the schema.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from app.domain.errors import AccessDenied, UsageError
from app.domain.roles import Role
from app.i18n import _
from app.storage.database import transaction

BULK_TABLES = ("cases", "screenings", "answers", "outcomes", "referrals", "person_profiles")


def insert_rows(vault, table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Insert `rows` into `table` in one transaction (admins only); how many."""
    if vault.user.role is not Role.ADMIN:
        raise AccessDenied(_("only an administrator may load synthetic data"))
    conn = vault.connection
    known = (
        {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        if (table in BULK_TABLES)
        else set()
    )
    unknown = [column for column in columns if column not in known]
    if not known or unknown:
        raise UsageError(
            _("cannot bulk-load {table} ({columns})").format(
                table=table, columns=", ".join(unknown) or "-"
            )
        )
    marks = ", ".join("?" * len(columns))
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608 - checked names
    with transaction(conn):
        cursor = conn.executemany(sql, rows)
        return cursor.rowcount


def first_free_id(vault) -> int:
    """An id above every case and screening id, so loaded rows can use it for both."""
    row = vault.connection.execute(
        "SELECT max(coalesce((SELECT max(id) FROM cases), 0), "
        "coalesce((SELECT max(id) FROM screenings), 0))"
    ).fetchone()
    return int(row[0]) + 1
