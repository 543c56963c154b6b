"""Opening the desktop app loads only what the unlock screen needs: the referral dialog,
the packet code, the demo data and the About box load when first used."""

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
)


def test_the_desktop_start_leaves_rarely_used_modules_unloaded():
    script = (
        "import sys\n"
        "from app.ui import application\n"
        "from app.ui.main_window import MainWindow\n"
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
