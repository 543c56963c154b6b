"""Build the Windows installer from dist\\waystation (run on Windows, after the bundle).

The version comes from app/__init__.py and is passed to Inno Setup with /D, so
the installer script never holds a copy of it. Needs Inno Setup 6.3 or newer
(ISCC.exe on PATH, in its default folder, or named by the ISCC variable).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from project_meta import ROOT, app_id, version  # noqa: E402

SCRIPT = HERE / "waystation.iss"


def script_app_id(text: str) -> str | None:
    """The AppId the installer script defines."""
    match = re.search(r'^#define AppId "([^"]+)"', text, re.MULTILINE)
    return match.group(1) if match else None


def find_iscc() -> str | None:
    """The Inno Setup compiler, if installed."""
    named = os.environ.get("ISCC")
    if named:
        return named
    found = shutil.which("ISCC") or shutil.which("iscc")
    if found:
        return found
    for base in (os.environ.get("PROGRAMFILES(X86)"), os.environ.get("PROGRAMFILES")):
        candidate = Path(base or "") / "Inno Setup 6" / "ISCC.exe"
        if base and candidate.is_file():
            return str(candidate)
    return None


def installer_command(iscc: str, bundle: Path) -> list[str]:
    """The ISCC command line: the version and folders go in as /D defines."""
    return [
        iscc,
        f"/DAppVersion={version()}",
        f"/DSourceDir={bundle}",
        f"/DOutputDir={bundle.parent}",
        str(SCRIPT),
    ]


def main() -> int:
    """Compile the installer; exit code 1 with a message when something is missing."""
    bundle = ROOT / "dist" / "waystation"
    if not (bundle / "Waystation.exe").is_file():
        print(f"no Windows bundle in {bundle}: build it first (see docs/packaging.md)")
        return 1
    if script_app_id(SCRIPT.read_text(encoding="utf-8")) != app_id():
        print(f"{SCRIPT.name}: AppId differs from app.APP_ID ({app_id()})")
        return 1
    iscc = find_iscc()
    if iscc is None:
        print("Inno Setup 6 (ISCC.exe) not found; install it or set ISCC")
        return 1
    return subprocess.run(installer_command(iscc, bundle), check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
