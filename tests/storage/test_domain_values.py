"""Answer value encoding and role permissions (app/domain), as the vault relies on them."""

from __future__ import annotations

import pytest

from app.domain.answers import check_value, decode_value, encode_value
from app.domain.errors import AccessDenied, UsageError
from app.domain.roles import Permission, Role, can, parse_role, require


@pytest.mark.parametrize("value", ["yes", "opt_3", ["a", "b"], [], 7, 2.5, "2024-02-29", "Łódź ✓"])
def test_values_round_trip_through_json_text(value):
    assert decode_value(encode_value(value, False)) == value


def test_declined_is_null_and_distinct_from_no():
    assert encode_value(None, True) is None
    assert decode_value(None) is None
    assert encode_value("no", False) == '"no"'
    with pytest.raises(UsageError):
        encode_value("no", True)
    with pytest.raises(UsageError):
        encode_value(None, False)


@pytest.mark.parametrize("value", [True, float("nan"), {"a": 1}, [1, 2], object()])
def test_unstorable_values_are_refused(value):
    with pytest.raises(UsageError):
        encode_value(value, False)


@pytest.mark.parametrize(
    ("kind", "good", "bad"),
    [
        ("yes_no", "unsure", "maybe"),
        ("single", "opt", ""),
        ("multiple", ["a"], "a"),
        ("number", 3, True),
        ("date", "2025-01-31", "2025-02-30"),
        ("text", "short", 5),
    ],
)
def test_check_value_per_answer_type(kind, good, bad):
    check_value(kind, good)
    with pytest.raises(UsageError):
        check_value(kind, bad)


def test_role_grants():
    assert can(Role.ADMIN, Permission.MANAGE_USERS)
    assert not can(Role.ADMIN, Permission.VIEW_ALL_CASES)
    assert can(Role.SUPERVISOR, Permission.VIEW_ALL_CASES) and can("supervisor", Permission.EXPORT)
    assert not any(can(Role.SCREENER, p) for p in Permission)
    with pytest.raises(AccessDenied, match="screener"):
        require("screener", Permission.EXPORT)
    assert parse_role(" Supervisor ") is Role.SUPERVISOR
    with pytest.raises(UsageError, match="admin, supervisor, screener"):
        parse_role("root")
