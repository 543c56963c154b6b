"""The process protections applied at start: no core dumps, private file modes."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX resource limits")
def test_started_process_cannot_dump_core_and_creates_private_files(tmp_path) -> None:
    probe = (
        "import os, resource\n"
        "from app.platform_safety import harden_process\n"
        "harden_process()\n"
        "print(resource.getrlimit(resource.RLIMIT_CORE))\n"
        f"open({str(tmp_path / 'made')!r}, 'w').close()\n"
        f"print(oct(os.stat({str(tmp_path / 'made')!r}).st_mode & 0o777))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["(0,", "0)", "0o600"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux prctl")
def test_started_process_is_not_dumpable_so_no_core_handler_gets_it() -> None:
    probe = (
        "import ctypes, ctypes.util\n"
        "libc = ctypes.CDLL(ctypes.util.find_library('c'))\n"
        "print(libc.prctl(3, 0, 0, 0, 0))\n"  # PR_GET_DUMPABLE before
        "from app.platform_safety import harden_process\n"
        "harden_process()\n"
        "print(libc.prctl(3, 0, 0, 0, 0))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["1", "0"]
