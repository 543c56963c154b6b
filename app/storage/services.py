"""`vault.services`: the service directory (everyone reads it, administrators edit it).

A CSV import is stored in one transaction: every row or none. The audit trail
records counts and ids, never the directory's contents.
"""

from __future__ import annotations

import json

from app.domain.errors import NotFound
from app.domain.models import Service
from app.domain.roles import Permission, can, require
from app.domain.service_csv import ImportRow, ServiceFields, write_csv
from app.i18n import _
from app.storage.database import Connection, transaction

_COLUMNS = (
    "id, name, type, languages, area, phone, email, address, intake, notes, country, short_name"
)


def _service(row) -> Service:
    try:
        languages = json.loads(row[3] or "[]")
    except ValueError:
        languages = []
    return Service(
        id=row[0],
        name=row[1],
        type=row[2],
        languages=tuple(str(code) for code in languages if isinstance(code, str)),
        area=row[4] or "",
        phone=row[5] or "",
        email=row[6] or "",
        address=row[7] or "",
        intake=row[8] or "",
        notes=row[9] or "",
        country=row[10] or "",
        short_name=row[11] or "",
    )


def _values(fields: ServiceFields) -> tuple:
    return (
        fields.name,
        fields.type,
        json.dumps(list(fields.languages)),
        fields.area,
        fields.phone,
        fields.email,
        fields.address,
        fields.intake,
        fields.notes,
        fields.country,
        fields.short_name,
    )


class Services:
    """list, get, ids, add, update, remove, import_rows, export_csv."""

    def __init__(self, conn: Connection, vault) -> None:
        self._conn = conn
        self._vault = vault

    def list(self) -> list[Service]:
        """Every service, by name."""
        rows = self._conn.execute(
            f"SELECT {_COLUMNS} FROM services ORDER BY name COLLATE NOCASE, id"  # noqa: S608
        )
        return [_service(row) for row in rows]

    def get(self, service_id: int) -> Service:
        """The service with this id; NotFound naming the id otherwise."""
        row = self._conn.execute(
            f"SELECT {_COLUMNS} FROM services WHERE id = ?",  # noqa: S608
            (int(service_id),),
        ).fetchone()
        if row is None:
            raise NotFound(_("no service with id {id}").format(id=service_id))
        return _service(row)

    def ids(self) -> set[int]:
        """The ids of every service (to check a CSV import against)."""
        return {row[0] for row in self._conn.execute("SELECT id FROM services")}

    def _require(self) -> None:
        require(self._vault.user.role, Permission.MANAGE_SERVICES)

    def _insert(self, fields: ServiceFields) -> int:
        cursor = self._conn.execute(
            "INSERT INTO services (name, type, languages, area, phone, email, address, intake, "
            "notes, country, short_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            _values(fields),
        )
        return int(cursor.lastrowid)

    def _update(self, service_id: int, fields: ServiceFields) -> None:
        self._conn.execute(
            "UPDATE services SET name = ?, type = ?, languages = ?, area = ?, phone = ?, "
            "email = ?, address = ?, intake = ?, notes = ?, country = ?, short_name = ? "
            "WHERE id = ?",
            (*_values(fields), int(service_id)),
        )

    def add(self, fields: ServiceFields) -> Service:
        """Add a service (administrators only); audited."""
        self._require()
        with transaction(self._conn):
            service_id = self._insert(fields)
            self._vault.audit.record("service.add", service_id)
        return self.get(service_id)

    def update(self, service_id: int, fields: ServiceFields) -> Service:
        """Replace a service's fields (administrators only); audited."""
        self._require()
        self.get(service_id)
        with transaction(self._conn):
            self._update(service_id, fields)
            self._vault.audit.record("service.update", service_id)
        return self.get(service_id)

    def remove(self, service_id: int) -> None:
        """Remove a service (administrators only). Referrals made to it keep their record."""
        self._require()
        self.get(service_id)
        with transaction(self._conn):
            self._conn.execute("DELETE FROM services WHERE id = ?", (int(service_id),))
            self._vault.audit.record("service.remove", service_id)

    def import_rows(self, rows: list[ImportRow]) -> tuple[int, int]:
        """Store checked CSV rows all at once (administrators only): (added, updated)."""
        self._require()
        added = updated = 0
        with transaction(self._conn):
            for row in rows:
                if row.service_id is None:
                    self._insert(row.fields)
                    added += 1
                else:
                    self.get(row.service_id)
                    self._update(row.service_id, row.fields)
                    updated += 1
            self._vault.audit.record("service.import", None, {"added": added, "updated": updated})
        return added, updated

    def export_csv(self) -> str:
        """The whole directory as CSV text (those who export or manage it only); audited.

        Reading one service to refer someone is everyone's job; a copy of the
        whole directory (shelter addresses among it) is a bulk export.
        """
        role = self._vault.user.role
        if not can(role, Permission.MANAGE_SERVICES):
            require(role, Permission.EXPORT)
        services = self.list()
        self._vault.audit.record("service.export", None, {"count": len(services)})
        return write_csv(services)
