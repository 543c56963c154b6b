"""Opening the desktop app loads only what the unlock screen needs: the referral dialog,
the packet code, the demo data, the About box, the storage code and the session pages
load later (after the first paint, or when first used)."""

from __future__ import annotations

import os
import subprocess
import sys

DEFERRED = (
    "app.ui.referral.dialog",
    "app.export.referrals",
    "app.demo",
    "app.ui.about_dialog",
    "reportlab",
    # Built after the first paint (see test_deferred_start.py).
    "app.storage",
    "app.ui.case_list_page",
    "app.ui.screening_flow",
    "app.ui.summary_page",
    # Loaded when a date is formatted or a language listed, not for the unlock screen.
    "babel",
    # Pulled in by ctypes.util (subprocess, tempfile): not needed to start.
    "ctypes.util",
)


def test_the_desktop_start_leaves_rarely_used_modules_unloaded(vault_dir):
    # The steps of `waystation --vault DIR` up to showing the window, on an existing vault.
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from app.platform_safety import harden_process\n"
        "harden_process()\n"
        "from app.ui import application\n"
        "app = application.make_application()\n"
        "application.TextScale(app).apply()\n"
        "application.apply_language('en')\n"
        f"window = application.MainWindow(Path({str(vault_dir)!r}))\n"
        # Without --vault the default folder is named too, still without the storage code.
        "application.default_vault_path()\n"
        f"print(','.join(m for m in {DEFERRED!r} if m in sys.modules))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""


def test_the_referral_button_loads_the_dialog_when_used(qtbot, monkeypatch):
    from app.ui import main_window
    from app.ui.referral import dialog

    calls = []
    monkeypatch.setattr(dialog, "open_referral_dialog", lambda *args: calls.append(args))
    main_window.open_referral(None, "vault", 7)
    assert calls == [(None, "vault", 7)]
