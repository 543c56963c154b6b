"""A screening with an interpreter records who interpreted and that they were briefed."""

from __future__ import annotations

import pytest

from app.domain.errors import UsageError
from tests.screening_setup import begin


def _start(vault, **interpreter):
    case = vault.cases.create()
    return begin(vault, case.id, respondent_lang="ar", **interpreter)


@pytest.mark.parametrize(
    ("interpreter", "complaint"),
    [
        ({"interpreter_mode": "phone", "interpreter_briefed": True}, "identifier"),
        ({"interpreter_mode": "in_person", "interpreter_id": "  "}, "identifier"),
        ({"interpreter_mode": "in_person", "interpreter_id": "INT-7"}, "briefed"),
    ],
)
def test_an_interpreter_needs_an_identifier_and_a_briefing(open_vault, interpreter, complaint):
    vault = open_vault("sol")
    with pytest.raises(UsageError, match=complaint):
        _start(vault, **interpreter)
    assert vault.cases.list() != []  # the case itself is kept; only the screening is refused
    assert all(vault.screenings.list_for_case(c.id) == [] for c in vault.cases.list())


def test_briefed_interpreter_and_no_interpreter_are_recorded(open_vault):
    vault = open_vault("sol")
    with_interpreter = _start(
        vault, interpreter_mode="phone", interpreter_id="INT-7", interpreter_briefed=True
    )
    without = _start(vault)
    stored = vault.screenings.get(with_interpreter.id)
    assert (stored.interpreter_mode.value, stored.interpreter_id, stored.interpreter_briefed) == (
        "phone",
        "INT-7",
        True,
    )
    assert vault.screenings.get(without.id).interpreter_mode.value == "none"
