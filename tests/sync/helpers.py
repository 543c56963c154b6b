"""Completed screenings and a connected outbox without a server, for the offline sync tests."""

from __future__ import annotations

import base64

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from app.domain.consent import ConsentAnswers
from app.screening.loader import load_forms
from app.storage.sync_config import ServerForm
from app.sync.submission import NOTICE_FORM_ID
from app.sync.xform import build_xform

FORMS = {form.id: form for form in load_forms()}
LINK = "http://127.0.0.1:9/v1/key/AbCdEf0123456789/projects/4"
PRIVATE_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
PUBLIC_KEY = base64.b64encode(
    PRIVATE_KEY.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
).decode()


def complete_screening(vault, *, store=True, form_id="border-triage", declined=()):
    """A completed screening with every question answered yes (or declined), and an outcome."""
    form = FORMS[form_id]
    case = vault.cases.create()
    screening = vault.screenings.begin(
        case.id,
        form_id=form.id,
        form_version=str(form.version),
        interviewer_lang="en",
        respondent_lang="ar",
        consent=ConsentAnswers(screen=True, store=store, refer=False, given_by="person"),
    )
    for question in form.questions:
        if question.id in declined:
            vault.screenings.save_answer(screening.id, question.id, None, True)
        elif question.type == "yes_no":
            vault.screenings.save_answer(screening.id, question.id, "yes", False)
        elif question.type in ("single", "multiple"):
            first = question.options[0].id
            value = [first] if question.type == "multiple" else first
            vault.screenings.save_answer(screening.id, question.id, value, False)
    rule = form.outcomes[0]
    vault.screenings.finish(
        screening.id, "completed", level=rule.id, result={}, decision=rule.decision
    )
    return case, vault.screenings.get(screening.id)


def connect_offline(vault, *, encrypted=True):
    """Store a link and the server's forms as a connect would, with our own test key."""
    key = PUBLIC_KEY if encrypted else None
    forms = [
        ServerForm(f.id, build_xform(f).version + "[encrypted:T]", key) for f in FORMS.values()
    ]
    forms.append(ServerForm(NOTICE_FORM_ID, "1[encrypted:T]", key))
    vault.sync_config.connect(LINK, forms)
