"""Process-wide protections applied before anything else runs.

A core dump of this process would hold the data key and decrypted answers in
plain text, so core dumps are switched off at start where the OS allows it.
"""

from __future__ import annotations

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


def harden_process() -> None:
    """Switch off core dumps, Python's bytecode cache writes and fault dumps to files."""
    disable_core_dumps()
    sys.dont_write_bytecode = True
    os.umask(0o077)
