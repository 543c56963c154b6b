"""A process killed while a screening is begun leaves nothing that resumes into questions.

The child process is killed for real (SIGKILL) at the worst moment: after the
screening row is written and before the transaction commits (the kill comes
from inside the audit entry for the consent, which is written after the row).
"""

from __future__ import annotations

import os
import subprocess
import sys

from app.domain.screening_states import RESUMABLE
from app.storage.vault import Vault
from tests.storage.disk_scan import ROOT

CHILD = r"""
import os, signal, sys
from app.domain.consent import ConsentAnswers
from app.screening.loader import find_form
from app.storage.audit import AuditLog
from app.storage.keyfile_checks import allow_test_kdf
from app.storage.vault import Vault
from app.workflows import screening as lifecycle

allow_test_kdf()  # the template vault's cheap key derivation, in this test child only
vault = Vault.open(sys.argv[1], "sol", "sol-password", purge=False)
record = AuditLog.record
def dying_record(self, action, *args, **kwargs):
    if action == sys.argv[2]:
        # The screening row is in the open transaction now: die before it commits.
        written = vault.connection.execute("SELECT count(*) FROM screenings").fetchone()[0]
        print(f"written {written}", flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
    return record(self, action, *args, **kwargs)
AuditLog.record = dying_record
lifecycle.begin(
    vault,
    find_form("border-triage"),
    consent=ConsentAnswers(screen=True, store=True, refer=False, given_by="person"),
    interviewer_lang="en",
    respondent_lang="ar",
)
print("begun", flush=True)
"""


def _run_child(vault_dir, die_at: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(vault_dir), die_at],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=60,
    )
    assert done.returncode == -9, done.stderr  # killed, not finished
    return done.stdout


def test_a_kill_inside_begin_leaves_no_screening_and_no_case(vault_dir):
    for die_at in ("screening.start", "screening.consent"):
        out = _run_child(vault_dir, die_at)
        assert "written 1" in out  # the row existed inside the transaction when it died
        assert "begun" not in out
    with Vault.open(vault_dir, "sol", "sol-password") as vault:
        assert vault.connection.execute("SELECT count(*) FROM screenings").fetchone()[0] == 0
        assert vault.cases.list() == []  # the new case went with it
        assert vault.cases.overview() == []
        assert vault.verify().ok


def test_every_screening_that_can_go_on_has_its_consent(vault_dir):
    # Killed after a first begin committed, inside a second: the first is whole.
    with Vault.open(vault_dir, "sol", "sol-password") as vault:
        from app.screening.loader import find_form
        from app.workflows import screening as lifecycle
        from tests.screening_setup import AGREED

        lifecycle.begin(
            vault, find_form("border-triage"), consent=AGREED, interviewer_lang="en",
            respondent_lang="en",
        )  # fmt: skip
    _run_child(vault_dir, "screening.consent")
    with Vault.open(vault_dir, "sol", "sol-password") as vault:
        screenings = [
            s for case in vault.cases.list() for s in vault.screenings.list_for_case(case.id)
        ]
        assert len(screenings) == 1
        resumable = [s for s in screenings if s.status in RESUMABLE]
        assert resumable and all(s.consent.screen and s.consent.at for s in resumable)
