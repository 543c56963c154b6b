"""Process-wide protections applied before anything else runs.

A core dump of this process would hold the data key and decrypted answers in
plain text, so core dumps are switched off at start where the OS allows it.
"""

from __future__ import annotations

import contextlib
import os
import sys


def disable_core_dumps() -> bool:
    """Set the core-dump size limit to zero; True when it took effect."""
    try:
        import resource
    except ImportError:  # Windows: no core dumps to switch off this way.
        return False
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ValueError, OSError):
        return False
    return True


def disable_windows_error_reporting() -> bool:
    """Ask Windows not to collect a crash report (with a memory dump) for this process."""
    if sys.platform != "win32":
        return False
    import ctypes

    sem_failcriticalerrors, sem_nogpfaulterrorbox = 0x0001, 0x0002
    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    kernel32.SetErrorMode(sem_failcriticalerrors | sem_nogpfaulterrorbox)
    # WER_FAULT_REPORTING_FLAG_NOHEAP | ..._DISABLE_THREAD_SUSPENSION: no heap in any report.
    with contextlib.suppress(AttributeError):
        kernel32.WerSetFlags(0x1 | 0x4)
    return True


def harden_process() -> None:
    """Switch off core dumps, crash reports, bytecode cache writes, and loosen no permissions."""
    disable_core_dumps()
    disable_windows_error_reporting()
    sys.dont_write_bytecode = True
    os.umask(0o077)
