"""The child-protection duty: a child who said no to referral can be referred to child
protection under a recorded duty; an adult cannot; the packet says so and shares little."""

from __future__ import annotations

import pytest

from app.domain import child_protection
from app.domain.child_protection import CAUTION_UNDER_DUTY, Duty
from app.domain.consent import ConsentAnswers
from app.domain.errors import UsageError
from app.export.packet import packet_outline
from app.export.referrals import ReferralRequest, build_packet, export_referral
from app.i18n import translate
from app.screening.loader import find_form
from app.screening.scoring import CAUTION
from app.workflows import screening as lifecycle
from tests.export.pdf_tools import pdftotext
from tests.export.vault_setup import (
    CHILD_DECLINED_QUESTION,
    child_and_adult_who_said_no,
    completed_screening,
)

DUTY = Duty("alone_or_separated", child_told=True, note="Alone at the port since Monday.")


@pytest.fixture
def world(open_vault):
    sol = open_vault("sol")
    services, child, adult = child_and_adult_who_said_no(open_vault("ada"), sol)
    return sol, services, child, adult


def test_a_child_who_said_no_is_referred_under_the_duty_and_the_packet_says_so(
    world, tmp_path, open_vault
):
    sol, services, child, _adult = world
    # The ordinary way is closed: the child did not agree.
    with pytest.raises(UsageError, match="has not agreed to be referred"):
        build_packet(sol, ReferralRequest(child, services["child_protection"], "en"))
    request = ReferralRequest(
        child, services["child_protection"], "en", note="Sleeps at the bus station.", duty=DUTY
    )
    content = build_packet(sol, request)
    assert content.sections == child_protection.DUTY_SECTIONS  # no declined, no note
    assert content.consent.duty_ground == "alone_or_separated"
    assert content.consent.given_by == "child" and content.child is True
    out = tmp_path / "duty.pdf"
    referral = export_referral(sol, request, out)
    text = " ".join(pdftotext(out.read_bytes(), tmp_path).split())
    assert "Made under a child-protection duty, without the child's agreement" in text
    assert "The child was told of this referral." in text
    assert "the child is alone or separated from their family" in text
    assert "the child, with no parent or guardian who could be asked" in text
    assert "Shared under the child" in text  # (pdftotext joins "child-" and "protection")
    question = find_form("child-screening").question(CHILD_DECLINED_QUESTION).text
    assert str(question) not in text  # the question the child declined is not shared
    assert "Sleeps at the bus station" not in text  # nor the note: the child did not agree
    assert "Alone at the port" not in text  # the note on the duty stays on the case
    assert "victim" not in text.lower()
    assert "respect their choice" not in text and "take their views into account" in text
    # Marked so on the case and audited as such (ids and the ground, no note).
    (stored,) = sol.referrals.list_for_screening(child)
    assert (stored.id, stored.duty_ground, stored.duty_child_told) == (
        referral.id,
        "alone_or_separated",
        True,
    )
    assert stored.duty_note == "Alone at the port since Monday."
    (entry,) = open_vault("sam").audit.entries(action="referral.duty")
    assert entry.detail["ground"] == "alone_or_separated" and "Monday" not in str(entry.detail)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_duty_packet_never_says_to_respect_the_childs_choice(world, lang):
    """The screening's caution ends "respect their choice": under the duty the child's no
    is not the last word, and no sentence of the packet may say or imply otherwise."""
    sol, services, child, _adult = world
    request = ReferralRequest(
        child, services["child_protection"], lang, force_language=True, duty=DUTY
    )
    blocks = packet_outline(build_packet(sol, request))
    text = " ".join(text for _kind, text in blocks)
    assert translate(CAUTION, lang) not in text
    assert "respect" not in text and "احترم" not in text
    assert ("caution", translate(CAUTION_UNDER_DUTY, lang)) in blocks
    assert translate(CAUTION_UNDER_DUTY, lang) != CAUTION_UNDER_DUTY or lang == "en"


def test_the_note_goes_only_with_the_childs_agreement(world):
    sol, services, child, _adult = world
    agreed = Duty("risk_of_harm", child_told=True, note_agreed=True)
    request = ReferralRequest(
        child, services["child_protection"], "en", note="Needs a quiet room.", duty=agreed
    )
    assert "note" in build_packet(sol, request).sections
    widened = ReferralRequest(
        child, services["child_protection"], "en", sections=frozenset({"declined"}), duty=DUTY
    )
    with pytest.raises(UsageError, match="may not share: questions the person chose not"):
        build_packet(sol, widened)


def test_the_same_for_an_adult_is_refused_with_a_clear_message(world):
    sol, services, _child, adult = world
    request = ReferralRequest(adult, services["child_protection"], "en", duty=DUTY)
    with pytest.raises(UsageError, match="only for a child; an adult decides for themselves"):
        build_packet(sol, request)


@pytest.mark.parametrize(
    ("duty", "service", "message"),
    [
        (DUTY, "shelter", "goes only to a service of the type child protection"),
        (Duty("alone_or_separated", child_told=False), "child_protection", "tell the child"),
        (Duty("because", child_told=True), "child_protection", "unknown child-protection ground"),
        (Duty("legal_duty", True, "x" * 301), "child_protection", "too long"),
    ],
)
def test_a_duty_referral_needs_its_service_type_ground_and_the_child_told(
    world, duty, service, message
):
    sol, services, child, _adult = world
    with pytest.raises(UsageError, match=message):
        build_packet(sol, ReferralRequest(child, services[service], "en", duty=duty))


def test_a_child_who_agreed_is_referred_with_their_agreement_not_the_duty(world, open_vault):
    sol, services, _child, _adult = world
    agreed = completed_screening(sol, form_id="child-screening", given_by="guardian_and_child")
    with pytest.raises(UsageError, match="the child agreed to be referred"):
        build_packet(sol, ReferralRequest(agreed, services["child_protection"], "en", duty=DUTY))
    assert build_packet(sol, ReferralRequest(agreed, services["child_protection"], "en"))


def test_a_child_who_refused_the_screening_can_still_be_referred(world):
    sol, services, _child, _adult = world
    refused = lifecycle.begin(
        sol,
        find_form("child-screening"),
        consent=ConsentAnswers(False, False, False, given_by="child"),
        interviewer_lang="en",
        respondent_lang="en",
    )
    content = build_packet(
        sol, ReferralRequest(refused.screening.id, services["child_protection"], "en", duty=DUTY)
    )
    assert content.findings == () and content.outcome_title == ""


def test_who_counts_as_a_child():
    assert child_protection.is_child(audience="child", given_by=None)
    assert child_protection.is_child(audience="adult", given_by="guardian_and_child")
    assert child_protection.is_child(audience="adult", given_by="child")
    assert child_protection.is_child(audience="adult", given_by="person", age=16)
    assert not child_protection.is_child(audience="adult", given_by="person", age=18)
    assert not child_protection.is_child(audience="adult", given_by=None)
