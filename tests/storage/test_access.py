"""Roles are enforced in the core: a screener never reaches another's case."""

from __future__ import annotations

import pytest

from app.domain.errors import AccessDenied, NotFound, UsageError
from tests.screening_setup import begin


def _case_with_screening(vault):
    case = vault.cases.create()
    screening = begin(vault, case.id, form_id="adult")
    vault.screenings.save_answer(screening.id, "q1", "yes", False)
    return case, screening


def test_screener_cannot_reach_another_screeners_case_through_any_api(open_vault):
    case, screening = _case_with_screening(open_vault("sol"))
    sky = open_vault("sky")
    assert sky.cases.list() == []
    with pytest.raises(NotFound) as missing:
        sky.cases.get(case.id)
    with pytest.raises(NotFound) as absent:
        sky.cases.get(999_999)
    # Same message shape for "not yours" and "does not exist": existence is not leaked.
    assert str(missing.value).replace(str(case.id), "N") == str(absent.value).replace("999999", "N")
    with pytest.raises(NotFound):
        sky.cases.by_reference(case.reference)
    attempts = [
        lambda: sky.cases.update(case.id, status="closed"),
        lambda: sky.cases.delete(case.id),
        lambda: sky.cases.withdraw_consent(case.id),
        lambda: sky.screenings.get(screening.id),
        lambda: sky.screenings.list_for_case(case.id),
        lambda: sky.screenings.answers(screening.id),
        lambda: sky.screenings.answer_sink(screening.id),
        lambda: sky.screenings.save_answer(screening.id, "q1", "no", False),
        lambda: sky.screenings.record_consent(screening.id, screen=True, store=True, refer=True),
        lambda: sky.screenings.pause(screening.id),
        lambda: sky.screenings.finish(screening.id, "stopped", stop_reason="other"),
        lambda: sky.screenings.count_answers(screening.id),
        lambda: sky.cases.close(case.id),
        lambda: sky.cases.reopen(case.id),
        lambda: sky.screenings.save_outcome(screening.id, "refer", {}, decision="refer"),
        lambda: sky.screenings.outcome(screening.id),
        lambda: begin(sky, case.id, form_id="adult"),
    ]
    for attempt in attempts:
        with pytest.raises(NotFound):
            attempt()
    with pytest.raises(AccessDenied):
        sky.audit.entries()
    sol = open_vault("sol")
    assert sol.screenings.answers(screening.id)["q1"].value == "yes"


def test_supervisor_sees_all_cases_admin_and_screener_only_their_own(open_vault):
    sol_case, _ = _case_with_screening(open_vault("sol"))
    sky_case, _ = _case_with_screening(open_vault("sky"))
    sam = open_vault("sam")
    assert {c.id for c in sam.cases.list()} == {sol_case.id, sky_case.id}
    assert sam.cases.get(sky_case.id).reference == sky_case.reference
    ada = open_vault("ada")
    assert ada.cases.list() == []
    with pytest.raises(NotFound):
        ada.cases.get(sol_case.id)


def test_only_admins_manage_users_settings_and_purge(open_vault):
    for name in ("sam", "sol"):
        vault = open_vault(name)
        with pytest.raises(AccessDenied):
            vault.users.add("eve", "admin", "eve-password")
        with pytest.raises(AccessDenied):
            vault.users.remove("sky")
        with pytest.raises(AccessDenied):
            vault.users.set_role(name, "admin")
        with pytest.raises(AccessDenied):
            vault.settings.set("retention_days", 1)
        with pytest.raises(AccessDenied):
            vault.purge()
    with pytest.raises(AccessDenied):
        open_vault("sol").backup("unused.bak")


def test_reference_codes_are_unambiguous_and_names_off_by_default(open_vault):
    from app.storage.cases import REFERENCE_ALPHABET

    vault = open_vault("sol")
    codes = {vault.cases.create().reference for _ in range(30)}
    assert len(codes) == 30
    for code in codes:
        assert code.startswith("WS-") and len(code) == 10 and code[7] == "-"
        assert set(code[3:7] + code[8:]) <= set(REFERENCE_ALPHABET)
        assert not set(code[3:]) & set("01OIL")
    with pytest.raises(UsageError, match="names are switched off"):
        vault.cases.create(name="Real Name")
    open_vault("ada").settings.set("names_enabled", True)
    assert open_vault("sol").cases.create(name="Amira").name == "Amira"


def test_case_views_and_edits_are_audited_without_content(open_vault):
    sol = open_vault("sol")
    case, screening = _case_with_screening(sol)
    sol.cases.get(case.id)
    sol.cases.close(case.id)
    entries = open_vault("sam").audit.entries()
    actions = [(e.actor, e.action, e.record) for e in entries]
    assert ("sol", "case.create", str(case.id)) in actions
    assert ("sol", "case.view", str(case.id)) in actions
    assert ("sol", "case.close", str(case.id)) in actions
    assert ("sol", "screening.start", str(screening.id)) in actions
    assert all("yes" not in str(e.detail.values()) for e in entries)


def test_reading_answers_is_audited_as_a_view(open_vault):
    sol = open_vault("sol")
    case, screening = _case_with_screening(sol)
    open_vault("sam").screenings.answers(screening.id)
    views = open_vault("ada").audit.entries(action="screening.view")
    assert [(e.actor, e.record, e.detail) for e in views] == [
        ("sam", str(screening.id), {"case": case.id})
    ]
