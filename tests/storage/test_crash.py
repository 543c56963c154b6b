"""A process killed mid-interview loses no answer it reported saved."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from app.storage.vault import Vault
from tests.screening_setup import begin

from .disk_scan import ROOT

CHILD = r"""
import sys
from app.storage.keyfile_checks import allow_test_kdf
from app.storage.vault import Vault
allow_test_kdf()  # the template vault's cheap key derivation, in this test child only
vault = Vault.open(sys.argv[1], "sol", "sol-password", purge=False)
screening = int(sys.argv[2])
sink = vault.screenings.answer_sink(screening)
number = 0
while True:
    number += 1
    sink.save_answer(f"{sys.argv[3]}-{number}", "yes", False)
    print(f"{sys.argv[3]}-{number}", flush=True)
"""


def test_sigkill_during_answer_writes_loses_nothing_reported_saved(vault_dir):
    with Vault.open(vault_dir, "sol", "sol-password") as vault:
        case = vault.cases.create()
        screening = begin(vault, case.id, form_id="adult")
    reported: list[str] = []
    for round_number, wanted in enumerate((5, 23, 61)):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(vault_dir), str(screening.id), f"r{round_number}"],
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        lines = []
        deadline = time.monotonic() + 30
        while len(lines) < wanted and time.monotonic() < deadline:
            line = child.stdout.readline()
            if not line:
                break
            lines.append(line.strip())
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        child.stdout.close()
        assert len(lines) == wanted, "the child stopped before writing enough answers"
        reported += lines
    with Vault.open(vault_dir, "sol", "sol-password") as vault:
        stored = vault.screenings.answers(screening.id)
        assert vault.verify().ok
    missing = [qid for qid in reported if qid not in stored]
    assert missing == []
