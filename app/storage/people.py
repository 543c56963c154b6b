"""`vault.people`: about the person, one profile per case, as encrypted as everything else.

Access goes through the case, so a screener reads and writes only the
profiles of their own cases. Reading a profile is viewing case content and is
audited; so is every change, with the names of the fields that changed,
never their values. The profile goes when its case goes.
"""

from __future__ import annotations

import dataclasses
import json

from app.domain.person import PersonProfile
from app.storage.database import Connection, now_text, transaction


class People:
    """get, save."""

    def __init__(self, conn: Connection, vault) -> None:
        self._conn = conn
        self._vault = vault

    def _stored(self, case_id: int) -> PersonProfile:
        row = self._conn.execute(
            "SELECT data FROM person_profiles WHERE case_id = ?", (int(case_id),)
        ).fetchone()
        if row is None:
            return PersonProfile()
        try:
            data = json.loads(row[0] or "{}")
        except ValueError:
            data = {}
        return PersonProfile.from_data(data if isinstance(data, dict) else {})

    def get(self, case_id: int) -> PersonProfile:
        """The profile of a case the acting user may see (empty when none is recorded)."""
        case = self._vault.cases.check_access(case_id)
        self._vault.audit.record("person.view", case.id)
        return self._stored(case.id)

    def save(self, case_id: int, profile: PersonProfile) -> PersonProfile:
        """Replace a case's profile; audited with the names of the fields that changed."""
        case = self._vault.cases.check_access(case_id)
        before = self._stored(case.id)
        changed = sorted(
            item.name
            for item in dataclasses.fields(PersonProfile)
            if getattr(before, item.name) != getattr(profile, item.name)
        )
        if not changed:
            return before
        now = now_text()
        with transaction(self._conn):
            self._conn.execute(
                "INSERT INTO person_profiles (case_id, data, updated_at, updated_by) "
                "VALUES (?, ?, ?, ?) ON CONFLICT(case_id) DO UPDATE SET "
                "data = excluded.data, updated_at = excluded.updated_at, "
                "updated_by = excluded.updated_by",
                (
                    case.id,
                    json.dumps(profile.to_data(), ensure_ascii=False),
                    now,
                    self._vault.user.name,
                ),
            )
            self._conn.execute("UPDATE cases SET updated = ? WHERE id = ?", (now, case.id))
            self._vault.audit.record("person.edit", case.id, {"fields": changed})
        return self._stored(case.id)
