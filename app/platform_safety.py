"""Process-wide protections applied before anything else runs.

A core dump of this process would hold the data key and decrypted answers in
plain text, so core dumps are switched off at start where the OS allows it
(resource limit, and on Linux the process is also marked not dumpable).
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


PR_GET_DUMPABLE = 3
PR_SET_DUMPABLE = 4


def disable_dumpable() -> bool:
    """Linux: mark the process not dumpable; True when it took effect.

    RLIMIT_CORE does not stop a core dump piped to a handler (systemd-coredump,
    apport: a `|` in core_pattern); a process that is not dumpable gets no dump
    at all, and other processes of the same user cannot ptrace it either.
    """
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        # The process's own symbols include libc's prctl: no library search (ctypes.util
        # imports subprocess and tempfile, a cost paid before the first window).
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0:
            return False
        return libc.prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


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
    disable_dumpable()
    disable_windows_error_reporting()
    sys.dont_write_bytecode = True
    os.umask(0o077)
