"""The audit trail in words: what each recorded action means, and its details as
"role: supervisor; count: 12" instead of JSON.

An action this table does not know yet (one a newer part of the app records)
shows as its id, so nothing recorded is ever hidden.
"""

from __future__ import annotations

from typing import Any

from app.i18n import N_, _
from app.ui.bidi import isolate

ACTION_TITLES: dict[str, str] = {
    "vault.create": N_("Vault created"),
    "unlock": N_("Unlocked the vault"),
    "unlock.failed": N_("Failed unlock attempts"),
    "vault.rekey": N_("Vault key changed"),
    "vault.backup": N_("Backup written"),
    "user.add": N_("Account added"),
    "user.passwd": N_("Password changed"),
    "user.role": N_("Role changed"),
    "user.remove": N_("Account removed"),
    "settings.change": N_("Setting changed"),
    "case.create": N_("Case created"),
    "case.view": N_("Case opened"),
    "case.edit": N_("Case changed"),
    "case.delete": N_("Case deleted"),
    "retention.purge": N_("Expired cases deleted"),
    "screening.start": N_("Screening started"),
    "screening.consent": N_("Consent recorded"),
    "screening.view": N_("Screening answers viewed"),
    "screening.status": N_("Screening status changed"),
    "screening.outcome": N_("Outcome recorded"),
    "referral.create": N_("Referral packet written"),
    "service.add": N_("Service added"),
    "service.update": N_("Service changed"),
    "service.remove": N_("Service removed"),
    "service.import": N_("Services imported"),
    "service.export": N_("Services exported"),
    "audit.export": N_("Audit trail exported"),
    "case.close": N_("Case closed"),
    "case.reopen": N_("Case reopened"),
    "person.view": N_("About the person viewed"),
    "person.edit": N_("About the person changed"),
    "screening.answers_deleted": N_("Answers deleted, as the person asked"),
    "referral.duty": N_("Referral packet written under the child-protection duty"),
    "referral.view": N_("Referral history viewed"),
    "referral.status": N_("Referral status changed"),
    "referral.due": N_("Follow-up date changed"),
    "report.summary": N_("Report figures viewed"),
    "report.pdf": N_("Report written as PDF"),
    "report.stats": N_("Statistics for sharing written"),
    "odk.connect": N_("Connected to the ODK Central server"),
    "odk.disconnect": N_("Disconnected from the ODK Central server"),
    "odk.policy": N_("Sending rules changed"),
    "odk.push": N_("Sent to the ODK Central server"),
    "odk.bundle": N_("Bundle for sending written"),
    "vault.backup.failed": N_("Backup failed"),
    "vault.changes_lost": N_("Saved changes found missing from the database"),
    "app.error": N_("Error in the app"),
}

DETAIL_TITLES: dict[str, str] = {
    "role": N_("role"),
    "count": N_("count"),
    "added": N_("added"),
    "updated": N_("updated"),
    "case": N_("case"),
    "form": N_("questionnaire"),
    "status": N_("status"),
    "reason": N_("reason"),
    "days": N_("days"),
    "generation": N_("key generation"),
    "fields": N_("fields"),
    "screen": N_("consent to screen"),
    "store": N_("consent to store"),
    "refer": N_("consent to refer"),
    "refer_sections": N_("may share"),
    "screening": N_("screening"),
    "service": N_("service"),
    "sections": N_("shared"),
    "sha256": N_("packet SHA-256"),
    "accounts": N_("accounts"),
    "first": N_("first"),
    "last": N_("last"),
    "given_by": N_("consent given by"),
    "decision": N_("decision"),
    "deletion_due": N_("to be deleted on"),
    "lang": N_("language"),
    "second_lang": N_("second language"),
    "forced_language": N_("language the service does not list"),
    "ground": N_("ground"),
    "child_told": N_("child told"),
    "from": N_("from"),
    "to": N_("to"),
    "outcome": N_("outcome"),
    "due": N_("follow-up date"),
    "rows": N_("rows"),
    "pages": N_("pages"),
    "k": N_("smallest count shown"),
    "answers": N_("answers"),
    "screenings": N_("screenings"),
    "referrals": N_("referrals"),
    "cases": N_("cases"),
    "trigger": N_("sent by"),
    "server": N_("server"),
    "project": N_("project"),
    "sent": N_("sent"),
    "duplicates": N_("already on the server"),
    "withdrawal_notices": N_("withdrawal notices"),
    "failed": N_("failed"),
    "interrupted": N_("interrupted"),
    "bundle": N_("bundle"),
    "error": N_("error"),
}


def action_title(action: str) -> str:
    """An action in words in the UI language (its id when unknown)."""
    title = ACTION_TITLES.get(action)
    return _(title) if title else action


def detail_text(detail: dict[str, Any] | None) -> str:
    """Details as "name: value" pairs in the UI language."""
    if not detail:
        return ""
    parts = []
    for key in sorted(detail):
        value = detail[key]
        if isinstance(value, bool):
            value = _("yes") if value else _("no")
        elif isinstance(value, list | tuple):
            value = ", ".join(str(v) for v in value)
        elif isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items())
        name = _(DETAIL_TITLES[key]) if key in DETAIL_TITLES else key
        parts.append(_("{name}: {value}").format(name=name, value=isolate(value)))
    return "; ".join(parts)
