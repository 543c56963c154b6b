"""Another program holding a vault open (as the desktop would), for the lock tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .disk_scan import ROOT

# Unlocks as ada, says "open", then creates a case per line read ("saved"); closes at EOF.
HOLDER = r"""
import sys
from app.storage.keyfile_checks import allow_test_kdf
from app.storage.vault import Vault
allow_test_kdf()  # the template vault's cheap key derivation, in this test child only
vault = Vault.open(sys.argv[1], "ada", "ada-password", purge=False)
print("open", flush=True)
for line in sys.stdin:
    vault.cases.create()
    print("saved", flush=True)
vault.close()
"""


def hold_open(vault_dir: Path) -> subprocess.Popen:
    """A child process with the vault at `vault_dir` open; close its stdin to let go."""
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(vault_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert child.stdout.readline().strip() == "open"
    return child
