"""Filling a vault with synthetic demo cases, played through the interview engine.

Each screening goes through the core lifecycle (app/workflows/screening.py):
begun with its consent, answered through the engine into the vault, then
paused, stopped or completed, exactly as the desktop app does it. Names are
never recorded: cases are known by the vault's own reference codes.
"""

from __future__ import annotations

import os
import random
import secrets
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from app.demo.scripts import (
    DEFAULT_SEED,
    FORM_IDS,
    PAUSED,
    REFUSED,
    RESPONDENT_LANGUAGES,
    STOP_REASONS,
    STOPPED,
    CasePlan,
    next_move,
    plan_cases,
    stop_after,
)
from app.domain.consent import ConsentAnswers
from app.domain.errors import NotFound, UsageError
from app.domain.models import ConsentGiver
from app.i18n import _, is_offered
from app.screening.loader import load_forms
from app.screening.model import Form
from app.storage.keyfile import DEFAULT_KDF, KdfParams
from app.storage.vault import Vault
from app.workflows import screening as lifecycle

DEMO_USER = "demo"
DEFAULT_CASES = 24
MAX_CASES = 5000
ORGANISATION = "Waystation demo (synthetic data)"
# What synthetic people agree a referral may share (section ids of referral_rules).
CONSENT_SCOPES: tuple[tuple[str, ...], ...] = (
    ("needs", "outcome"),
    ("needs", "outcome", "indicators", "note"),
    ("needs", "outcome", "indicators", "declined", "note"),
)


class _Clock:
    """A clock the script moves by hand, so section times look like a real interview."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@dataclass
class DemoSummary:
    """What a demo run made: counts by form, respondent language, status and outcome."""

    cases: int = 0
    answers: int = 0
    services: int = 0
    forms: Counter = field(default_factory=Counter)
    languages: Counter = field(default_factory=Counter)
    statuses: Counter = field(default_factory=Counter)
    outcomes: Counter = field(default_factory=Counter)
    screening_ids: list[int] = field(default_factory=list)


@dataclass
class DemoVault:
    """A demo vault on disk: where it is, the account and password that open it.

    It is path-like, so `Path(demo_vault)` gives the folder.
    """

    path: Path
    user: str
    password: str
    summary: DemoSummary
    packets: list = field(default_factory=list)  # DemoPacket (app/demo/packets.py)

    def __fspath__(self) -> str:
        return os.fspath(self.path)


def demo_password() -> str:
    """A fresh random demo password (printed once by the command that makes it)."""
    return "demo-" + secrets.token_urlsafe(12)


def check_case_count(count: int) -> int:
    """`count` if it is a sensible number of demo cases; UsageError otherwise."""
    if not 1 <= int(count) <= MAX_CASES:
        raise UsageError(
            _("the number of demo cases must be between 1 and {most}, not {count}").format(
                most=MAX_CASES, count=count
            )
        )
    return int(count)


def check_language(code: str) -> str:
    """`code` if the app offers it; UsageError naming it otherwise."""
    if not is_offered(code):
        raise UsageError(_("language not offered: {code}").format(code=code))
    return code


def build_demo_vault(
    folder: Path | str,
    *,
    cases: int = DEFAULT_CASES,
    interviewer_lang: str = "en",
    password: str | None = None,
    seed: int = DEFAULT_SEED,
    kdf: KdfParams = DEFAULT_KDF,
    packets_into: Path | None = None,
) -> DemoVault:
    """Create a vault in `folder` (missing or empty) with the admin `demo`, and fill it.

    With `packets_into`, demo referral packets are exported into that folder
    (see app/demo/packets.py). `kdf` exists for tests only (cheap key
    derivation); the app uses the default.
    """
    cases = check_case_count(cases)
    check_language(interviewer_lang)
    password = password if password is not None else demo_password()
    with Vault.create(folder, DEMO_USER, password, kdf=kdf) as vault:
        summary = fill_vault(vault, cases=cases, interviewer_lang=interviewer_lang, seed=seed)
        packets = []
        if packets_into is not None:
            from app.demo.packets import export_demo_packets

            packets = export_demo_packets(vault, summary.screening_ids, Path(packets_into))
    return DemoVault(Path(folder), DEMO_USER, password, summary, packets)


def fill_vault(
    vault: Vault, *, cases: int, interviewer_lang: str = "en", seed: int = DEFAULT_SEED
) -> DemoSummary:
    """Add demo settings, services and `cases` scripted screenings to an open vault."""
    vault.settings.set("organisation_name", ORGANISATION)
    summary = DemoSummary()
    summary.services = add_demo_services(vault)
    langs = tuple(dict.fromkeys((*RESPONDENT_LANGUAGES, interviewer_lang)))
    # Every form is read once (reading a questionnaire is slow: positions are kept).
    forms: dict[str, Form] = {form.id: form for form in load_forms()}
    form_ids = tuple(form_id for form_id in FORM_IDS if form_id in forms)
    if not form_ids:
        raise NotFound(
            _("none of the demo questionnaires is installed: {forms}").format(
                forms=", ".join(FORM_IDS)
            )
        )
    plans = plan_cases(
        cases,
        interviewer_lang=interviewer_lang,
        respondent_langs=langs,
        form_ids=form_ids,
        seed=seed,
    )
    for plan in plans:
        _play(vault, forms[plan.form_id], plan, summary)
    return summary


def _play(vault: Vault, form: Form, plan: CasePlan, summary: DemoSummary) -> None:
    """One case and its screening, played through the core lifecycle as the app would."""
    rng = random.Random(plan.seed)  # noqa: S311 - repeatable synthetic data, not secrets
    refused = plan.story == REFUSED
    # Synthetic people agree to share different parts of a referral, as real ones do;
    # a child agrees together with a parent or guardian, or alone when none can be asked.
    consent = ConsentAnswers(
        screen=not refused,
        store=not refused,
        refer=not refused,
        given_by=_giver(form, rng),
        refer_sections=frozenset(CONSENT_SCOPES[plan.seed % len(CONSENT_SCOPES)]),
    )
    clock = _Clock()
    session = lifecycle.begin(
        vault,
        form,
        consent=consent,
        interviewer_lang=plan.interviewer_lang,
        respondent_lang=plan.respondent_lang,
        interpreter_mode=plan.interpreter_mode,
        interpreter_id="demo interpreter" if plan.interpreter_mode != "none" else None,
        interpreter_briefed=plan.interpreter_mode != "none",
        clock=clock,
    )
    screening = session.screening
    summary.cases += 1
    summary.forms[form.id] += 1
    summary.languages[plan.respondent_lang] += 1
    summary.screening_ids.append(screening.id)
    if session.interview is None:
        summary.statuses["refused"] += 1
        if plan.close_case:
            vault.cases.close(screening.case_id)
        return
    interview = session.interview
    breaks_at = stop_after(plan.story, len(interview.visible_questions()), rng)
    given = 0
    while interview.current is not None and given != breaks_at:
        clock.now += rng.uniform(8.0, 40.0)
        move = next_move(plan.story, interview.current, rng)
        if move.declined:
            interview.decline()
        else:
            interview.answer(move.value)
        given += 1
    summary.answers += given
    if plan.story == PAUSED:
        session.pause()
        summary.statuses["paused"] += 1
        return
    if plan.story == STOPPED:
        session.stop(rng.choice(STOP_REASONS))
        summary.statuses["stopped"] += 1
        return
    level = session.outcome().level
    session.complete()
    summary.statuses["completed"] += 1
    summary.outcomes[f"{form.id}: {level}"] += 1
    if plan.close_case:
        vault.cases.close(screening.case_id)


def _giver(form: Form, rng: random.Random) -> ConsentGiver:
    if form.audience != "child":
        return ConsentGiver.PERSON
    return rng.choice((ConsentGiver.GUARDIAN_AND_CHILD, ConsentGiver.CHILD))


# Clearly fictional services: reserved example.org addresses and a made-up town.
DEMO_SERVICES = (
    ("Demo Harbour Shelter", "shelter", ("en", "ar", "fa"), "intake: ring the duty worker"),
    ("Demo Legal Aid Clinic", "legal_aid", ("en", "fr", "es"), "intake: by email"),
    ("Demo Riverside Health Centre", "medical", ("en", "uk", "ru"), "intake: walk in, 8-18"),
    ("Demo Listening Space", "psychosocial", ("en", "ar", "vi"), "intake: by phone"),
    ("Demo Child Protection Team", "child_protection", ("en", "hi", "th"), "intake: 24 hours"),
)


def add_demo_services(vault: Vault) -> int:
    """Add the fictional demo service directory; how many (0 while the vault has none)."""
    services = getattr(vault, "services", None)
    if services is None:
        return 0
    from app.domain.service_csv import ServiceFields

    for number, (name, kind, languages, intake) in enumerate(DEMO_SERVICES, start=1):
        services.add(
            ServiceFields(
                name=name,
                type=kind,
                languages=languages,
                area="Demo Town",
                phone=f"+00 000 000 00{number}",
                email=f"service{number}@example.org",
                address=f"{number} Example Street, Demo Town",
                intake=intake,
                notes="synthetic demo entry",
            )
        )
    return len(DEMO_SERVICES)
