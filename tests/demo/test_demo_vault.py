"""The demo vault: synthetic cases across forms, languages and outcomes, made through the engine."""

from __future__ import annotations

import os
import stat
from collections import Counter

import pytest

from app.demo import DEMO_USER, build_demo_vault, throwaway_vault
from app.demo.scripts import FORM_IDS, STORIES, plan_cases
from app.domain.errors import UsageError
from app.screening.engine import COMPLETED
from app.screening.loader import find_form
from app.storage.keyfile import TEST_KDF
from app.storage.vault import Vault
from app.workflows import screening as lifecycle

PASSWORD = "demo-test-password"
CASES = 21  # every form meets every story once


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo") / "vault"
    return build_demo_vault(folder, cases=CASES, password=PASSWORD, kdf=TEST_KDF)


@pytest.fixture
def vault(demo):
    with Vault.open(demo.path, DEMO_USER, demo.password) as opened:
        yield opened


def _screenings(vault):
    return [s for case in vault.cases.list() for s in vault.screenings.list_for_case(case.id)]


def test_demo_vault_opens_as_demo_admin_with_every_case(demo, vault):
    assert demo.user == "demo" and os.fspath(demo) == str(demo.path)
    assert vault.user.name == "demo" and vault.user.role.value == "admin"
    cases = vault.cases.list()
    assert len(cases) == CASES
    assert all(case.name is None for case in cases)
    assert len({case.reference for case in cases}) == CASES


def test_cases_spread_over_forms_languages_and_statuses(vault):
    screenings = _screenings(vault)
    assert Counter(s.form_id for s in screenings) == {form: CASES // 3 for form in FORM_IDS}
    languages = {s.respondent_lang for s in screenings}
    assert {"ar", "fa"} & languages and len(languages) >= 6
    statuses = Counter(str(s.status) for s in screenings)
    assert set(statuses) == {"completed", "paused", "stopped"}
    refused = [s for s in screenings if s.stop_reason == "no_consent"]
    assert len(refused) == CASES // len(STORIES)
    assert all(not s.consent.screen and not vault.screenings.answers(s.id) for s in refused)
    assert any(s.interpreter_mode.value != "none" for s in screenings)


def test_every_decision_of_every_form_is_shown(vault):
    levels: dict[str, set[str]] = {}
    decisions: dict[str, set[str]] = {}
    for screening in _screenings(vault):
        stored = vault.screenings.outcome(screening.id)
        if screening.status.value == "completed":
            assert stored is not None
            levels.setdefault(screening.form_id, set()).add(stored.level)
            decisions.setdefault(screening.form_id, set()).add(stored.decision.value)
        else:
            assert stored is None
    for form_id in FORM_IDS:
        form = find_form(form_id)
        assert levels[form_id] <= {rule.id for rule in form.outcomes}
        assert decisions[form_id] == {"refer", "no_referral", "undetermined"}, form_id


def test_stored_outcomes_match_a_fresh_score_of_the_stored_answers(vault):
    from app.screening.scoring import score

    checked = 0
    for screening in _screenings(vault):
        stored = vault.screenings.outcome(screening.id)
        if stored is None:
            continue
        answers = vault.screenings.answers(screening.id)
        assert score(find_form(screening.form_id), answers).level == stored.level
        checked += 1
    assert checked >= CASES // 2


def test_declined_answers_are_stored_as_declined_not_as_no(vault):
    declined = [
        record
        for screening in _screenings(vault)
        for record in vault.screenings.answers(screening.id).values()
        if record.declined
    ]
    assert declined and all(record.value is None for record in declined)


def test_a_paused_demo_screening_resumes_and_finishes_through_the_lifecycle(vault):
    # (A border triage paused after "not safe to talk here" has no question left.)
    paused = next(
        s for s in _screenings(vault) if s.status.value == "paused" and s.current_question
    )
    form = find_form(paused.form_id)
    answers = vault.screenings.answers(paused.id)
    assert answers and paused.current_question not in (None, *answers)
    session = lifecycle.resume(vault, paused.id, form)
    interview = session.interview
    assert interview.current.id == paused.current_question
    while interview.current is not None:
        interview.decline()
    assert interview.status == COMPLETED
    # The engine's last answer does not end the screening: the lifecycle does, with its outcome.
    assert vault.screenings.get(paused.id).status.value == "draft"
    assert session.complete().status.value == COMPLETED
    assert vault.screenings.outcome(paused.id).level == interview.outcome().level


def test_demo_services_are_fictional_and_of_several_types(vault):
    services = vault.services.list()
    assert {s.type for s in services} >= {"shelter", "legal_aid", "medical", "child_protection"}
    assert all(s.name.startswith("Demo ") and s.email.endswith("@example.org") for s in services)


def test_the_same_seed_plans_the_same_cases_and_another_seed_does_not():
    assert plan_cases(30, seed=7) == plan_cases(30, seed=7)
    assert plan_cases(30, seed=7) != plan_cases(30, seed=8)


def test_bad_case_count_and_language_are_refused_before_anything_is_made(tmp_path):
    with pytest.raises(UsageError, match="between 1 and"):
        build_demo_vault(tmp_path / "a", cases=0, kdf=TEST_KDF)
    with pytest.raises(UsageError, match="not offered: xx"):
        build_demo_vault(tmp_path / "b", interviewer_lang="xx", kdf=TEST_KDF)
    assert list(tmp_path.iterdir()) == []


def test_throwaway_vault_is_private_opens_and_leaves_nothing(tmp_path):
    with throwaway_vault(cases=3, kdf=TEST_KDF, parent=tmp_path) as demo:
        holder = demo.path.parent
        assert holder.parent == tmp_path
        assert stat.S_IMODE(holder.stat().st_mode) == 0o700
        with Vault.open(demo.path, demo.user, demo.password) as vault:
            assert len(vault.cases.list()) == 3
    assert list(tmp_path.iterdir()) == []


def test_throwaway_vault_is_removed_after_an_error_too(tmp_path):
    with pytest.raises(RuntimeError), throwaway_vault(cases=1, kdf=TEST_KDF, parent=tmp_path):
        raise RuntimeError("the window crashed")
    assert list(tmp_path.iterdir()) == []


def test_two_throwaway_vaults_get_different_passwords(tmp_path):
    with (
        throwaway_vault(cases=1, kdf=TEST_KDF, parent=tmp_path) as first,
        throwaway_vault(cases=1, kdf=TEST_KDF, parent=tmp_path) as second,
    ):
        assert first.password != second.password
        assert first.path != second.path
