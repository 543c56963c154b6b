"""`odk purge-withdrawn`: delete from Central the submissions whose consent was withdrawn.

Laptops send a withdrawal notice for each submission whose person withdrew
consent; the notice's own instanceID is the withdrawn submission's, so this
needs no passphrase: it reads the notices' ids, deletes each submission it
finds in the project's forms (Central keeps deleted submissions in its trash
for 30 days, encrypted, then purges them), and marks the notice approved so
the next run skips it. A notice whose submission has not arrived yet (it may
still be in a bundle on its way) is left for the next run.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.sync.central import CentralSession
from app.sync.submission import NOTICE_FORM_ID

DONE = "approved"


@dataclass
class PurgeReport:
    """Notices read, submissions deleted, notices still waiting for their submission."""

    notices: int = 0
    deleted: int = 0
    waiting: int = 0


def purge_withdrawn(session: CentralSession, project_id: int) -> PurgeReport:
    """Delete every withdrawn submission the project holds; what was done."""
    report = PurgeReport()
    form_ids = [f for f in session.form_ids(project_id) if f != NOTICE_FORM_ID]
    for notice in session.submissions(project_id, NOTICE_FORM_ID):
        if notice.get("reviewState") == DONE:
            continue
        report.notices += 1
        instance_id = str(notice.get("instanceId", ""))
        found = False
        for form_id in form_ids:
            if session.has_submission(project_id, form_id, instance_id):
                session.delete_submission(project_id, form_id, instance_id)
                report.deleted += 1
                found = True
        if found:
            session.set_review_state(project_id, NOTICE_FORM_ID, instance_id, DONE)
        else:
            report.waiting += 1
    return report
