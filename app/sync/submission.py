"""A screening as an XForm instance (the submission's XML), following the policy.

"Prefer not to say" is the `prefer_not_to_say` choice of a choice question and,
for every question, its id in the `declined` field; "not asked" is an empty
value not listed there; "no" is "no". Free-text answers, names and notes are
never written. With the outcome-only policy no answer is written at all.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime
from xml.sax.saxutils import escape

from app.domain.sync_records import ScreeningRecord, SendPolicy
from app.interchange.xpath import DECLINED_CHOICE
from app.screening.model import Form, Question
from app.sync.xform import GROUP, ROOT

NOTICE_FORM_ID = "waystation-withdrawal"
NOTICE_VERSION = "1"


def interviewer_pseudonym(key: bytes, account: str) -> str:
    """The account's pseudonym on this laptop: stable, and meaningless without the laptop."""
    digest = hmac.new(key, account.encode("utf-8"), hashlib.sha256).hexdigest()
    return "I-" + digest[:10].upper()


def _time(moment: datetime | None) -> str:
    # To the minute: enough for the organisation's figures, less to single a person out.
    if moment is None:
        return ""
    return moment.replace(second=0, microsecond=0).isoformat()


def _yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def _value(question: Question, record: ScreeningRecord) -> str:
    answer = record.answers.get(question.id)
    if answer is None:
        return ""
    if answer.declined:
        return DECLINED_CHOICE if question.type in ("yes_no", "single", "multiple") else ""
    value = answer.value
    if question.type == "multiple" and isinstance(value, list):
        return " ".join(str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _element(name: str, text: str) -> str:
    return f"<{name}>{escape(text)}</{name}>" if text else f"<{name}/>"


def instance_xml(
    form: Form,
    record: ScreeningRecord,
    *,
    version: str,
    policy: SendPolicy,
    interviewer: str,
    laptop: str,
) -> bytes:
    """The submission XML of `record` for the XForm of `form` at `version`."""
    with_answers = policy is SendPolicy.ANSWERS
    parts = [f'<{ROOT} id="{escape(form.id)}" version="{escape(version)}">']
    declined: list[str] = []
    for section in form.sections:
        parts.append(f"<{section.id}>")
        for question in section.questions:
            if question.type == "text":
                continue  # never sent, and not in the published form
            value = _value(question, record) if with_answers else ""
            answer = record.answers.get(question.id)
            if with_answers and answer is not None and answer.declined:
                declined.append(question.id)
            parts.append(_element(question.id, value))
        parts.append(f"</{section.id}>")
    fields = {
        "case_ref": record.case_reference,
        "form_version": str(record.form_version),
        "policy": policy.value,
        "consent_screen": _yes_no(record.consent.screen),
        "consent_store": _yes_no(record.consent.store),
        "consent_refer": _yes_no(record.consent.refer),
        "outcome_level": record.outcome_level or "",
        "decision": record.decision or "",
        "interviewer": interviewer,
        "laptop": laptop,
        "started": _time(record.started),
        "ended": _time(record.ended),
        "declined": " ".join(declined),
    }
    parts.append(f"<{GROUP}>")
    parts += [_element(name, value) for name, value in fields.items()]
    parts.append(f"</{GROUP}>")
    parts.append(f"<meta><instanceID>{escape(record.instance_id)}</instanceID></meta>")
    parts.append(f"</{ROOT}>")
    return "".join(parts).encode("utf-8")


def notice_xml(withdrawn: str, form_id: str, *, version: str, laptop: str, at: str) -> bytes:
    """A withdrawal notice: no content, the withdrawn instance id (also its own instanceID)."""
    return (
        f'<{ROOT} id="{NOTICE_FORM_ID}" version="{escape(version)}">'
        f"{_element('withdrawn', withdrawn)}{_element('form', form_id)}"
        f"{_element('laptop', laptop)}{_element('queued', at)}"
        f"<meta><instanceID>{escape(withdrawn)}</instanceID></meta></{ROOT}>"
    ).encode()
