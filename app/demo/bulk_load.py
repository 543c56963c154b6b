"""A year of synthetic work for the benchmark: 20,000 cases and 500,000 answers, fast.

Rows are generated from the real questionnaires (real question ids, answer
values their types allow, stored outcomes scored by the engine) with a fixed
seed, then inserted in batches through `app.storage.bulk`. The same rows can
be written into a plain sqlite3 database for the benchmark's baseline.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from app.demo.scripts import (
    DEFAULT_SEED,
    RESPONDENT_LANGUAGES,
    benign_answer,
    positive_answer,
)
from app.domain.answers import encode_value
from app.screening.loader import load_forms
from app.screening.model import Form
from app.screening.scoring import score
from app.storage.cases import REFERENCE_ALPHABET
from app.workflows.screening import outcome_record

# Share of screenings per form: the long adult screen dominates a year of work.
FORM_SHARES = (("adult-screening", 0.7), ("child-screening", 0.2), ("border-triage", 0.1))
STATUS_SHARES = (("completed", 0.8), ("paused", 0.1), ("stopped", 0.07), ("draft", 0.03))
BATCH = 50_000

CASE_COLUMNS = ("id", "reference", "created_by", "created", "updated", "status", "closed_at")
SCREENING_COLUMNS = (
    "id",
    "case_id",
    "form_id",
    "form_version",
    "interviewer",
    "interviewer_lang",
    "respondent_lang",
    "consent_screen",
    "consent_store",
    "consent_refer",
    "consent_at",
    "consent_by",
    "status",
    "current_question",
    "section_seconds",
    "started",
    "updated",
)
ANSWER_COLUMNS = ("screening_id", "question_id", "value", "declined", "answered_at")
OUTCOME_COLUMNS = ("screening_id", "level", "result", "saved_at", "decision")
REFERRAL_COLUMNS = (
    "screening_id",
    "created_at",
    "created_by",
    "sections",
    "urgency",
    "needs",
    "packet_sha256",
    "lang",
    "reference",
    "status",
    "status_at",
    "due_on",
    "service_id",
)
PROFILE_COLUMNS = ("case_id", "data", "updated_at", "updated_by")
# Where the referrals of a year stand (prepared, sent, received, accepted, declined, closed).
REFERRAL_STATUS_SHARES = (
    ("prepared", 0.05),
    ("sent", 0.1),
    ("received", 0.1),
    ("accepted", 0.15),
    ("declined", 0.1),
    ("closed", 0.5),
)
REFERRAL_SHARE = 0.4  # of the completed screenings that decided "refer"
PROFILE_SHARE = 0.7  # of the cases: "about the person" records an age or an age band


@dataclass(frozen=True)
class Batch:
    """Rows for one table."""

    table: str
    columns: tuple[str, ...]
    rows: list[tuple]


def _time(moment: datetime) -> str:
    return moment.isoformat(timespec="microseconds")


def _outcome_templates(form: Form, rng: random.Random) -> list[tuple[str, str, str]]:
    """A few (level, result JSON, decision) per form, scored by the engine."""
    templates = []
    for share in (1.0, 0.3, 0.1, 0.0):
        answers = {
            q.id: (positive_answer(q) if rng.random() < share else benign_answer(q), False)
            for q in form.questions
        }
        outcome = score(form, answers)
        record = json.dumps(outcome_record(outcome), ensure_ascii=False)
        templates.append((outcome.level, record, outcome.decision.value))
    return templates


def _answer_text(question, rng: random.Random) -> tuple[str, int]:
    if rng.random() < 0.03:
        return encode_value(None, True), 1
    value = positive_answer(question) if rng.random() < 0.2 else benign_answer(question)
    if question.person is not None and question.person.age:
        value = rng.randint(12, 17)  # a child's age, which the reports' age bands read
    if question.type == "text":
        return encode_value(None, True), 1
    return encode_value(value, False), 0


def synthetic_batches(
    *,
    cases: int = 20_000,
    answers: int = 500_000,
    first_id: int = 1,
    owner: str = "demo",
    seed: int = DEFAULT_SEED,
    end: datetime | None = None,
    service_ids: Sequence[int] = (),
) -> Iterator[Batch]:
    """Batches of rows for `cases` cases (one screening each) holding `answers` answers.

    Each case and its screening share one id, counting from `first_id`; every
    case is `owner`'s (the one interviewer), so the owner's case list shows all.
    Referrals go to the services `service_ids` (none: to no service); most
    cases get an age or an age band in "about the person".

    Times spread over the year before `end`. Raises ValueError if the forms
    cannot hold that many answers.
    """
    rng = random.Random(seed)  # noqa: S311 - repeatable synthetic data, not secrets
    forms = {form.id: form for form in load_forms()}
    shares = [(forms[form_id], share) for form_id, share in FORM_SHARES if form_id in forms]
    templates = {form.id: _outcome_templates(form, rng) for form, _share in shares}
    end = end or datetime.now(UTC)
    start = end - timedelta(days=365)
    chosen = rng.choices([f for f, _s in shares], weights=[s for _f, s in shares], k=cases)
    capacity_after = sum(len(form.questions) for form in chosen)
    if capacity_after < answers:
        raise ValueError("the questionnaires cannot hold that many answers")
    references: set[str] = set()
    # Referrals from their own generator, so the other rows stay as they were.
    referral_rng = random.Random(seed + 1)  # noqa: S311 - synthetic data, not secrets
    profile_rng = random.Random(seed + 2)  # noqa: S311 - synthetic data, not secrets
    case_rows, screening_rows, outcome_rows, answer_rows = [], [], [], []
    referral_rows: list[tuple] = []
    profile_rows: list[tuple] = []
    remaining = answers
    statuses = [s for s, _w in STATUS_SHARES]
    weights = [w for _s, w in STATUS_SHARES]
    for offset, form in enumerate(chosen):
        case_id = first_id + offset
        while True:
            chars = "".join(rng.choice(REFERENCE_ALPHABET) for _ in range(6))
            reference = f"WS-{chars[:4]}-{chars[4:]}"
            if reference not in references:
                references.add(reference)
                break
        created = start + timedelta(seconds=rng.uniform(0, 365 * 86400))
        updated = created + timedelta(minutes=rng.uniform(5, 60))
        interviewer = owner
        status = rng.choices(statuses, weights=weights)[0]
        # Cases closed longer ago than the retention period would have been purged.
        recent = (end - updated).days < 80
        closed = status == "completed" and recent and rng.random() < 0.5
        # Spread what is left evenly over the cases still to come, within the form's
        # size, and never leave more than the later cases can hold.
        capacity_after -= len(form.questions)
        count = max(1, -(-remaining // (cases - offset)), remaining - capacity_after)
        count = min(len(form.questions), count)
        remaining -= count
        questions = form.questions[:count]
        current = None
        if status != "completed" and count < len(form.questions):
            current = form.questions[count].id
        case_rows.append(
            (
                case_id,
                reference,
                interviewer,
                _time(created),
                _time(updated),
                "closed" if closed else "open",
                _time(updated) if closed else None,
            )
        )
        screening_rows.append(
            (
                case_id,
                case_id,
                form.id,
                str(form.version),
                interviewer,
                "en",
                rng.choice(RESPONDENT_LANGUAGES),
                1,
                1,
                1,
                _time(created),
                "guardian_and_child" if form.audience == "child" else "person",
                status,
                current,
                json.dumps({form.sections[0].id: round(rng.uniform(60, 900), 1)}),
                _time(created),
                _time(updated),
            )
        )
        for number, question in enumerate(questions):
            value, declined = _answer_text(question, rng)
            at = created + timedelta(seconds=20 * (number + 1))
            answer_rows.append((case_id, question.id, value, declined, _time(at)))
        if status == "completed":
            level, result, decision = rng.choice(templates[form.id])
            outcome_rows.append((case_id, level, result, _time(updated), decision))
            if decision == "refer" and referral_rng.random() < REFERRAL_SHARE:
                referral_rows.append(
                    _referral_row(
                        case_id, reference, owner, updated, end, referral_rng, service_ids
                    )
                )
        if profile_rng.random() < PROFILE_SHARE:
            profile_rows.append((case_id, _profile(form, profile_rng), _time(updated), owner))
        if len(answer_rows) >= BATCH:
            yield from _flush(
                case_rows, screening_rows, answer_rows, outcome_rows, referral_rows, profile_rows
            )
            case_rows, screening_rows, outcome_rows, answer_rows = [], [], [], []
            referral_rows, profile_rows = [], []
    yield from _flush(
        case_rows, screening_rows, answer_rows, outcome_rows, referral_rows, profile_rows
    )


def _profile(form: Form, rng: random.Random) -> str:
    """About the person: an age or an age band, as a worker records it (JSON)."""
    child = form.audience == "child"
    if rng.random() < 0.5:
        return json.dumps({"age": rng.randint(12, 17) if child else rng.randint(18, 70)})
    bands = ("13-15", "16-17") if child else ("18-24", "25-34", "35-49", "50-64")
    return json.dumps({"age_band": rng.choice(bands), "age_uncertain": child})


def _referral_row(case_id, reference, owner, made, end, rng: random.Random, services) -> tuple:
    """One referral made when the screening ended, followed up as far as its status says."""
    status = rng.choices(
        [s for s, _w in REFERRAL_STATUS_SHARES], weights=[w for _s, w in REFERRAL_STATUS_SHARES]
    )[0]
    changed = min(made + timedelta(days=rng.uniform(0, 20)), end)
    due = None
    if status not in ("declined", "closed"):
        due = (changed + timedelta(days=7)).date().isoformat()
    return (
        case_id,
        _time(made),
        owner,
        json.dumps(["needs", "outcome"]),
        "routine",
        json.dumps(["safe_housing"]),
        "0" * 64,
        "en",
        f"{reference}-R1",
        status,
        _time(changed),
        due,
        rng.choice(services) if services else None,
    )


def _flush(cases, screenings, answers, outcomes, referrals, profiles) -> Iterator[Batch]:
    # Parents first: the foreign keys are checked row by row.
    yield Batch("cases", CASE_COLUMNS, cases)
    yield Batch("person_profiles", PROFILE_COLUMNS, profiles)
    yield Batch("screenings", SCREENING_COLUMNS, screenings)
    yield Batch("answers", ANSWER_COLUMNS, answers)
    yield Batch("outcomes", OUTCOME_COLUMNS, outcomes)
    yield Batch("referrals", REFERRAL_COLUMNS, referrals)


def load_synthetic(vault, *, cases: int = 20_000, answers: int = 500_000, seed: int = DEFAULT_SEED):
    """Fill an open vault (admin) with synthetic work owned by its user; counts per table.

    Referrals go to the services of the vault's directory, if it has any.
    """
    from app.storage.bulk import first_free_id, insert_rows

    counts: dict[str, int] = {}
    first = first_free_id(vault)
    services = [service.id for service in vault.services.list()]
    for batch in synthetic_batches(
        cases=cases,
        answers=answers,
        first_id=first,
        owner=vault.user.name,
        seed=seed,
        service_ids=services,
    ):
        if batch.rows:
            insert_rows(vault, batch.table, batch.columns, batch.rows)
            counts[batch.table] = counts.get(batch.table, 0) + len(batch.rows)
    return counts
