"""The audit trail in words: every action the app records has a title, so the audit page
never shows a bare id like "person.view" to an administrator."""

from __future__ import annotations

import ast
from pathlib import Path

from app.ui.admin.audit_titles import ACTION_TITLES, action_title, detail_text

APP = Path(__file__).resolve().parents[2] / "app"


def _strings(node: ast.AST) -> set[str]:
    """The string constants an argument can be (both sides of `a if c else b`)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _strings(node.body) | _strings(node.orelse)
    return set()


def _recorded_actions() -> set[str]:
    """Actions passed to `<...>.audit.record(...)` or `audit.record(...)`, and the case
    statuses' actions (passed on by `_set_status`)."""
    found: set[str] = set()
    for path in APP.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            receiver = node.func.value
            name = receiver.attr if isinstance(receiver, ast.Attribute) else None
            name = name or (receiver.id if isinstance(receiver, ast.Name) else None)
            if node.func.attr == "record" and name == "audit" and node.args:
                found |= _strings(node.args[0])
            if node.func.attr == "_set_status" and len(node.args) == 3:
                found |= _strings(node.args[2])
    return found


def test_every_recorded_action_has_a_title():
    actions = _recorded_actions()
    assert {"unlock", "person.view", "referral.duty", "case.close", "odk.push"} <= actions
    assert sorted(actions - set(ACTION_TITLES)) == []
    assert action_title("person.view") == "About the person viewed"


def test_details_are_in_words():
    text = detail_text({"given_by": "child", "deletion_due": "2027-03-01", "k": 11})
    for words in ("consent given by: ", "to be deleted on: ", "smallest count shown: "):
        assert words in text
