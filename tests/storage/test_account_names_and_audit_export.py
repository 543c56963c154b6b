"""Account names the command line can take, and the audit trail exported as CSV through
the core (who may, what is in it, and that the copy is itself audited)."""

from __future__ import annotations

import csv
import io

import pytest

from app.domain.account_names import account_name_problem
from app.domain.errors import AccessDenied, UsageError
from app.storage.keyfile import TEST_KDF


@pytest.mark.parametrize(
    "name", ["lee", "amira.h", "j_doe-2", "case@clinic", "مريم", "अनीता", "ณัฐ", "Łukasz"]
)
def test_names_of_any_script_with_safe_marks_are_accepted(name):
    assert account_name_problem(name) is None


@pytest.mark.parametrize("name", ["two words", "a<b", 'say"hi"', "x;rm", "a/b", "-lee", ".lee"])
def test_names_the_command_line_would_split_or_misread_are_refused(name):
    assert account_name_problem(name)


def test_the_vault_refuses_such_a_name_and_keeps_working(vault):
    with pytest.raises(UsageError, match="letters, digits"):
        vault.users.add("lee smith", "screener", "lee-password", kdf=TEST_KDF)
    assert "lee smith" not in [user.name for user in vault.users.list()]
    vault.users.add("lee.smith", "screener", "lee-password", kdf=TEST_KDF)
    assert "lee.smith" in [user.name for user in vault.users.list()]


def test_audit_export_is_filtered_and_audited(open_vault):
    admin = open_vault("ada")
    admin.users.add("sol2", "screener", "sol2-password", kdf=TEST_KDF)
    text = admin.audit.export_csv(action="user.add")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["id", "at_utc", "actor", "action", "record", "detail"]
    assert {row[3] for row in rows[1:]} == {"user.add"}
    assert any(row[4] == "sol2" and '"role": "screener"' in row[5] for row in rows[1:])
    # Only entries matching the text, as the desktop's filter shows them.
    only_sol2 = list(csv.reader(io.StringIO(admin.audit.export_csv(text="SOL2"))))
    assert {row[4] for row in only_sol2[1:]} == {"sol2"}
    # The copy is in the trail itself, with how many entries left the vault.
    last = admin.audit.entries(limit=1)[0]
    assert last.action == "audit.export" and last.detail == {"count": len(only_sol2) - 1}


def test_a_screener_may_not_export_the_audit_trail(open_vault):
    with pytest.raises(AccessDenied):
        open_vault("sol").audit.export_csv()


def test_a_cell_a_spreadsheet_would_run_is_written_as_text():
    from datetime import UTC, datetime

    from app.domain.audit_csv import write_audit_csv
    from app.domain.models import AuditEntry

    entry = AuditEntry(
        7, datetime(2026, 7, 12, tzinfo=UTC), "=cmd|' /C calc'!A0", "x", "+1", {}, ""
    )
    row = list(csv.reader(io.StringIO(write_audit_csv([entry]))))[1]
    assert row[2].startswith("'=") and row[4] == "'+1"
