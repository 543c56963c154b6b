"""What a receiving service reads: who the person is, each indicator with its answer, the
needs and urgency the screening found, consent, terms, times with their zone, the language
the service works in, and the right bullet side in right-to-left packets."""

from __future__ import annotations

import re
from datetime import date

import pytest

from app.domain import referral_rules as rules
from app.domain.consent import ConsentAnswers
from app.domain.errors import UsageError
from app.domain.person import check_profile
from app.domain.service_csv import ServiceFields
from app.export.packet import packet_outline, render_packet
from app.export.referrals import (
    PacketSource,
    ReferralRequest,
    build_packet,
    export_referral,
    packet_file_name,
)
from tests.export.pdf_tools import pdftotext, words
from tests.export.samples import packet
from tests.export.vault_setup import add_services, child_screening, completed_screening


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def world(open_vault):
    with open_vault("ada") as admin:
        services = add_services(admin)
        services["child_protection"] = admin.services.add(
            ServiceFields(
                "Northside Child Protection",
                "child_protection",
                ("en", "es"),
                country="GR",
                short_name="northside-cp",
            )
        ).id
        services["legal_aid"] = admin.services.add(
            ServiceFields("Quayside Legal Clinic", "legal_aid", ("en", "fr"))
        ).id
    return open_vault("sol"), services


def test_a_childs_packet_says_child_age_band_languages_and_each_answer(world, tmp_path):
    vault, services = world
    screening_id = child_screening(vault)
    request = ReferralRequest(screening_id, services["child_protection"])
    content = build_packet(vault, request)
    assert content.lang == "en", "the service's first working language"
    assert content.child is True
    data = render_packet(content)
    text = _flat(pdftotext(data, tmp_path))
    assert "A child (under 18)" in text
    assert "13 to 15 years (uncertain)" in text
    assert "treated as a child until it is known" in text
    assert "Spanish (preferred)" in text and "yes, in Spanish" in text
    # Each indicator with the answer given, in the packet's language.
    assert (
        "Who decided or arranged that you would go? Answer: Someone I did not know before" in text
    )
    assert "Do you get enough food and a safe place to sleep? Answer: No (medium)" in text
    assert "Answer: Selling things or begging on the street; Carrying or selling drugs" in text
    # A question with two indicators of one dimension is listed once, at its strongest.
    assert text.count("What kind of work do you do?") == 1
    # Needs and urgency from the screening's own needs questions.
    assert content.needs == ("safe_housing", "child_protection")
    assert content.urgency == "emergency"
    assert "Urgency: emergency: now" in text
    # The decision (from the outcome level) and its plain explanation.
    assert content.outcome_decision == "refer"
    assert "Decision: Refer for a full assessment and support" in text
    assert "victim" not in text.lower()


def test_a_border_triage_answer_under_18_makes_the_packet_say_child(world, tmp_path):
    from app.screening.loader import find_form

    vault, services = world
    form = find_form("border-triage")
    every = frozenset(rules.SECTIONS)
    agreed = ConsentAnswers(True, True, True, given_by="person", refer_sections=every)
    screening = vault.screenings.begin(
        None, form_id=form.id, form_version=str(form.version),
        interviewer_lang="en", respondent_lang="es", consent=agreed,
    )  # fmt: skip
    for question_id, value in (
        ("safe_to_talk", "yes"), ("under_18", "yes"), ("travels_with_guardian", "no")
    ):  # fmt: skip
        vault.screenings.save_answer(screening.id, question_id, value, False)
    vault.screenings.finish(
        screening.id, "completed", level="refer_full_screening", result={}, decision="refer"
    )
    content = build_packet(vault, ReferralRequest(screening.id, services["child_protection"]))
    assert content.child is True
    assert content.needs == ("child_protection",) and content.urgency == "urgent"
    text = _flat(pdftotext(render_packet(content), tmp_path))
    assert "A child (under 18)" in text


def test_needs_and_urgency_come_from_the_answers_and_the_worker_may_change_them(world):
    vault, services = world
    screening_id = completed_screening(
        vault, more_answers={"needs_medical": ("yes", False), "safe_tonight": ("no", False)}
    )
    found = build_packet(vault, ReferralRequest(screening_id, services["shelter"]))
    assert found.needs == ("safe_housing", "medical") and found.urgency == "emergency"
    changed = build_packet(
        vault,
        ReferralRequest(screening_id, services["shelter"], needs=("legal",), urgency="soon"),
    )
    assert changed.needs == ("legal",) and changed.urgency == "soon"
    blocks = packet_outline(found)
    assert ("item", "medical care") in blocks and ("item", "safe housing") in blocks


def test_a_language_the_service_does_not_list_is_refused_unless_confirmed(world):
    vault, services = world
    screening_id = completed_screening(vault)
    with pytest.raises(UsageError, match=r"Quay Street Clinic works in en, not in ar"):
        build_packet(vault, ReferralRequest(screening_id, services["medical"], "ar"))
    forced = ReferralRequest(screening_id, services["medical"], "ar", force_language=True)
    assert build_packet(vault, forced).lang == "ar"
    with pytest.raises(UsageError, match="language not offered: xx"):
        build_packet(vault, ReferralRequest(screening_id, services["medical"], "xx"))


def test_consent_time_and_packet_time_carry_their_time_zone(world, tmp_path):
    vault, services = world
    screening_id = completed_screening(vault)
    text = _flat(pdftotext(render_packet(build_packet(vault, ReferralRequest(
        screening_id, services["shelter"]))), tmp_path))  # fmt: skip
    assert re.search(r"Made on \w+ \d+, \d{4}, \d+:\d\d [AP]M \(GMT[+-]\d\d:\d\d\)", text), text
    assert re.search(r"The person agreed to this referral on .+\(GMT[+-]\d\d:\d\d\)\.", text)


@pytest.mark.parametrize(
    ("given_by", "ground", "said"),
    [
        ("person", None, "The person agreed to this referral on"),
        ("child", None, "The child agreed to this referral on"),
        ("guardian_and_child", None, "A parent or guardian agreed to this referral on"),
        (None, None, "Consent to this referral was recorded on"),
        ("child", "legal_duty", "Made under a child-protection duty, without the child's"),
    ],
)
def test_the_packet_says_who_consented_or_under_which_duty(given_by, ground, said, tmp_path):
    from app.export.content import Consent

    at = packet().consent.at
    content = packet(consent=Consent(at, given_by, ground))
    text = _flat(pdftotext(render_packet(content), tmp_path))
    assert said in text
    assert ("Ground for the duty a legal duty to report" in text) == (ground is not None)
    assert ("Consent to the screening given by the child" in text) == (ground is not None)
    assert ("Shared under the child" in text) == (ground is not None)
    duty_terms = "as your child-protection procedure requires"
    assert (duty_terms in text) == (ground is not None), "no consent to share further with"


def test_what_the_receiver_may_do_follows_the_organisation_setting(world, open_vault, tmp_path):
    vault, services = world
    screening_id = completed_screening(vault)
    request = ReferralRequest(screening_id, services["shelter"])
    default = _flat(pdftotext(render_packet(build_packet(vault, request)), tmp_path))
    assert "Do not share it with anyone else without the person's consent." in default
    assert "at the latest 90 days after you received it" in default
    with open_vault("ada") as admin:
        admin.settings.set("packet_share_further", "team")
        admin.settings.set("packet_keep_days", 30)
        with pytest.raises(UsageError, match="must be one of no, team, partners"):
            admin.settings.set("packet_share_further", "everyone")
    text = _flat(pdftotext(render_packet(build_packet(vault, request)), tmp_path))
    assert "Share it only within your own team working with the person" in text
    assert "at the latest 30 days" in text


def test_what_the_person_did_not_agree_to_share_is_said_to_be_withheld(world, tmp_path):
    vault, services = world
    screening_id = child_screening(vault, refer_sections=("needs", "outcome"))
    content = build_packet(vault, ReferralRequest(screening_id, services["child_protection"]))
    assert content.person.languages == () and content.person.place_kind == ""
    text = _flat(pdftotext(render_packet(content), tmp_path))
    assert "A child (under 18)" in text, "child or adult is always said"
    assert "Spanish" not in text and "reception" not in text
    assert "The person did not agree to share: about the person" in text


def test_the_address_goes_only_where_consent_and_choice_allow(world):
    vault, services = world
    profile = check_profile({"age": 15, "address": "Flat 2, 9 Harbour Rd", "place_kind": "shelter"})
    screening_id = child_screening(vault, profile=profile)
    to_legal_aid = build_packet(vault, ReferralRequest(screening_id, services["legal_aid"]))
    assert to_legal_aid.person.address == "" and to_legal_aid.person.place_kind == "shelter"
    to_cp = build_packet(vault, ReferralRequest(screening_id, services["child_protection"]))
    assert to_cp.person.address == "Flat 2, 9 Harbour Rd"
    no_address = child_screening(
        vault, profile=profile, refer_sections=("person", "contact", "needs")
    )
    content = build_packet(vault, ReferralRequest(no_address, services["child_protection"]))
    assert content.person.address == ""


def test_free_text_in_another_language_is_marked(tmp_path):
    content = packet("fr", note="Call before visiting.", text_lang="en")
    text = _flat(pdftotext(render_packet(content), tmp_path))
    assert re.search(r"Call before visiting\. \[.+anglais\]", text), text
    same = _flat(
        pdftotext(render_packet(packet("en", note="Call first.", text_lang="en")), tmp_path)
    )
    assert "Call first." in same and "[written in" not in same


def test_a_draft_translation_carries_a_notice_and_english_does_not(tmp_path):
    english = _flat(pdftotext(render_packet(packet("en")), tmp_path))
    assert "draft translation" not in english
    for lang in ("fr", "ar"):
        text = _flat(pdftotext(render_packet(packet(lang)), tmp_path))
        # The notice in English too, in case the draft translation is what is unclear.
        assert "This packet is in a draft translation" in text, lang


@pytest.mark.parametrize("lang", ["ar", "fa"])
def test_bullets_sit_on_the_start_side_whatever_the_item_starts_with(lang, tmp_path):
    data = render_packet(packet(lang, next_steps=("Hope Shelter confirms a bed by phone.",)))
    found = words(data, tmp_path)
    bullets = [w for w in found if w.text == "•"]
    assert len(bullets) >= 5
    # A4 is 595 points wide; the right margin at 538.6, bullets 4 mm in from it.
    assert all(520 < w.x_max < 539 for w in bullets), [w.x_max for w in bullets]
    # An item that starts with Latin text keeps its bullet on the right, after the text.
    confirms = next(w for w in found if w.text == "confirms")
    bullet = next(b for b in bullets if abs(b.y_max - confirms.y_max) < 2)
    assert bullet.x_min > confirms.x_max
    english = [w for w in words(render_packet(packet("en")), tmp_path) if w.text == "•"]
    assert english and all(56 < w.x_min < 75 for w in english)


def test_a_bilingual_packet_repeats_everything_in_the_persons_language(world, tmp_path):
    vault, services = world
    screening_id = child_screening(vault)
    request = ReferralRequest(screening_id, services["child_protection"], "en", second_lang="es")
    content = build_packet(vault, request)
    data = render_packet(content)
    pages = [p for p in pdftotext(data, tmp_path).split("\f") if p.strip()]
    english = len(
        [p for p in pdftotext(render_packet(build_packet(vault, ReferralRequest(
            screening_id, services["child_protection"], "en"))), tmp_path).split("\f")
         if p.strip()]
    )  # fmt: skip
    assert len(pages) > english
    copy = _flat(" ".join(pages[english:]))
    assert "The same packet in español" in copy or "español" in copy
    assert f"{len(pages)}" in pages[0]
    with pytest.raises(UsageError, match="second language"):
        build_packet(vault, ReferralRequest(screening_id, services["child_protection"], "en",
                                            second_lang="en"))  # fmt: skip


def test_the_saved_reference_is_the_one_previewed_and_the_file_name_carries_it(world, tmp_path):
    vault, services = world
    screening_id = child_screening(vault)
    source = PacketSource.read(vault, screening_id)
    request = ReferralRequest(screening_id, services["child_protection"])
    previewed = build_packet(vault, request, source=source)
    name = packet_file_name(vault, previewed, services["child_protection"], date(2026, 3, 4))
    case = vault.cases.check_access(vault.screenings.get(screening_id).case_id)
    assert name == f"{case.reference}-R1_northside-cp_2026-03-04.pdf"
    referral = export_referral(vault, request, tmp_path / name, source=source)
    assert referral.reference == previewed.reference
    assert referral.reference in _flat(pdftotext((tmp_path / name).read_bytes(), tmp_path))
    # The next preview gets the next number.
    assert build_packet(vault, request, source=source).reference == f"{case.reference}-R2"


def test_a_short_name_is_made_from_a_name_in_any_script():
    assert rules.service_short_name("Café Ñandú Shelter", "", 3) == "cafe-nandu-shelter"
    assert rules.service_short_name("مأوى الميناء", "", 7) == "service-7"
    assert rules.service_short_name("Anything", "own-name", 7) == "own-name"
