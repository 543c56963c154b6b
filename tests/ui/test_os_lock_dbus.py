"""The screen-lock signal really arrives over a D-Bus session bus (when one can be started)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
from PySide6 import QtCore, QtDBus, QtWidgets
from app.ui.os_lock import OsLockWatcher

app = QtWidgets.QApplication([])
watcher = OsLockWatcher()
locked = []
watcher.lock_requested.connect(lambda: locked.append(1))
message = QtDBus.QDBusMessage.createSignal(
    "/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver", "ActiveChanged"
)
message.setArguments([True])
QtDBus.QDBusConnection.sessionBus().send(message)
for _ in range(100):
    app.processEvents()
    if locked:
        break
    QtCore.QThread.msleep(10)
print("sources", watcher.sources)
print("locked" if locked else "not locked")
"""


@pytest.mark.skipif(shutil.which("dbus-run-session") is None, reason="no D-Bus session tool")
def test_screen_saver_signal_on_the_session_bus_locks():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        ["dbus-run-session", "--", sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=ROOT,
        check=False,
    )
    if "org.freedesktop.ScreenSaver" not in result.stdout:
        pytest.skip("no session bus could be started here")
    assert "\nlocked" in result.stdout, result.stdout + result.stderr
