"""The referral dialog's state, walked without a widget: steps, consent, languages, references."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain import referral_rules as rules
from app.domain.errors import UsageError
from app.export.referral_draft import ReferralDraft
from tests.export.vault_setup import add_services, completed_screening


@pytest.fixture
def made(open_vault):
    with open_vault("ada") as admin:
        services = add_services(admin)
    vault = open_vault("sol")
    return vault, services


def _service(vault, service_id):
    return vault.services.get(service_id)


def test_a_whole_referral_in_three_steps(made, tmp_path, open_vault):
    vault, services = made
    screening_id = completed_screening(vault, more_answers={"safe_tonight": ("no", False)})
    views_before = len(open_vault("sam").audit.entries(action="screening.view"))
    draft = ReferralDraft(vault, screening_id, text_lang="en")
    assert draft.person_needs == {"safe_housing"} and draft.urgency == "emergency"
    with pytest.raises(UsageError, match="Choose at least one service"):
        draft.advance()
    draft.choose(_service(vault, services["shelter"]))
    draft.choose(_service(vault, services["medical"]))
    assert draft.advance() == 1
    assert draft.plans[services["medical"]].lang == "en"
    assert draft.language_needs_confirmation(services["medical"], "ar")
    with pytest.raises(UsageError, match="works in en, not in ar"):
        draft.set_language(services["medical"], "ar")
    draft.set_language(services["medical"], "ar", confirmed=True)
    assert draft.plans[services["medical"]].forced_language
    draft.set_second_language(services["shelter"], draft.person_language)
    assert draft.advance() == 2
    references = draft.references()
    case = vault.cases.check_access(vault.screenings.get(screening_id).case_id)
    assert list(references.values()) == [f"{case.reference}-R1", f"{case.reference}-R2"]
    previews = {sid: draft.content(sid) for sid in draft.plans}
    assert [c.reference for c in previews.values()] == list(references.values())
    for service_id in draft.plans:
        referral = draft.export(service_id, tmp_path, password=None)
        assert referral.reference == references[service_id]
        assert (tmp_path / draft.file_name(service_id)).exists()
    draft.after_export()
    assert [r.reference for r in draft.earlier] == list(references.values())
    # The answers and the profile were read once for every preview and export.
    views = open_vault("sam").audit.entries(action="screening.view")
    assert len(views) == views_before + 1


def test_the_draft_keeps_within_the_recorded_consent(made):
    vault, services = made
    screening_id = completed_screening(vault, refer_sections=(rules.NEEDS_SECTION,))
    draft = ReferralDraft(vault, screening_id, text_lang="en")
    plan = draft.choose(_service(vault, services["shelter"]))
    assert plan.sections == {rules.NEEDS_SECTION}
    with pytest.raises(UsageError, match="did not agree to share"):
        draft.set_section(services["shelter"], rules.NOTE_SECTION, True)
    assert not draft.note_allowed
    draft.note = "typed anyway"
    assert draft.request(services["shelter"]).note == "", "a note never rides without consent"


def test_a_second_language_must_differ_from_the_first(made):
    vault, services = made
    draft = ReferralDraft(vault, completed_screening(vault), text_lang="en")
    draft.choose(_service(vault, services["shelter"]))
    with pytest.raises(UsageError, match="second language"):
        draft.set_second_language(services["shelter"], "en")
    draft.set_second_language(services["shelter"], "ar")
    draft.set_language(services["shelter"], "ar")
    assert draft.plans[services["shelter"]].second_lang == "", "no copy in the same language"
    assert draft.file_name(services["shelter"], date(2026, 1, 2)).endswith(
        "_hope-shelter_2026-01-02.pdf"
    )


def test_the_other_need_must_be_said(made):
    vault, services = made
    draft = ReferralDraft(vault, completed_screening(vault), text_lang="en")
    draft.choose(_service(vault, services["shelter"]))
    draft.set_person_need("other", True)
    assert "what the other need is" in " ".join(draft.problems(0))
    draft.other_need = "warm clothes"
    assert draft.problems(0) == []


def test_under_the_duty_the_draft_asks_for_it_and_keeps_within_it(open_vault, tmp_path):
    from app.domain.child_protection import Duty
    from app.domain.person import check_profile
    from tests.export.vault_setup import child_and_adult_who_said_no

    vault = open_vault("sol")
    services, child, adult = child_and_adult_who_said_no(open_vault("ada"), vault)
    vault.people.save(
        vault.screenings.get(child).case_id,
        check_profile({"age_band": "13-15", "place_kind": "reception", "address": "Pier 4"}),
    )
    draft = ReferralDraft(vault, child, text_lang="en")
    assert draft.under_duty and draft.refusal() is None
    every = [vault.services.get(i) for i in services.values()]
    assert [s.type for s in draft.offered(every)] == ["child_protection"]
    with pytest.raises(UsageError, match="goes only to a service of the type child protection"):
        draft.choose(vault.services.get(services["shelter"]))
    draft.choose(vault.services.get(services["child_protection"]))
    problems = draft.problems()
    assert "Choose the ground for the referral under the duty." in problems
    assert any("tell the child" in p for p in problems)
    draft.set_duty(Duty("risk_of_harm", child_told=True, note="Seen alone at night."))
    assert draft.problems() == []
    assert not draft.note_allowed, "the child did not agree to the note"
    with pytest.raises(UsageError, match="may not share: the address"):
        draft.set_section(services["child_protection"], rules.ADDRESS_SECTION, True)
    content = draft.content(services["child_protection"])
    assert content.consent.duty_ground == "risk_of_harm" and content.child is True
    assert content.person.age_band == "13-15" and content.person.address == ""
    assert rules.DECLINED_SECTION not in content.sections
    referral = draft.export(services["child_protection"], tmp_path, password=None)
    assert (referral.duty_ground, referral.duty_note) == ("risk_of_harm", "Seen alone at night.")
    # An adult who said no: no referral at all, under no duty.
    refused = ReferralDraft(vault, adult, text_lang="en")
    assert not refused.under_duty
    assert refused.refusal() == "the person has not agreed to be referred"
