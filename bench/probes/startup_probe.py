"""Child process for the start-up figure: open a window, print when it is first painted.

    python startup_probe.py bare          # a bare PySide6 window
    python startup_probe.py app VAULT     # Waystation as `waystation --vault VAULT` starts

Prints one JSON line ({"painted": true, "rss_kib": ...}) right after the first
paint, then quits. The parent times from spawning this process to that line.
"""

from __future__ import annotations

import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def peak_rss_kib() -> int:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited over exec)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def _watch(app) -> object:
    from PySide6 import QtCore

    class FirstPaint(QtCore.QObject):
        done = False

        def eventFilter(self, obj, event):  # noqa: N802 - Qt override
            if not self.done and event.type() == QtCore.QEvent.Type.Paint:
                self.done = True
                # After the paint being delivered now has finished.
                QtCore.QTimer.singleShot(0, self.report)
            return False

        def report(self) -> None:
            rss = peak_rss_kib()
            print(json.dumps({"painted": True, "rss_kib": rss}), flush=True)
            app.quit()

    watcher = FirstPaint()
    app.installEventFilter(watcher)
    return watcher


def bare() -> int:
    from PySide6 import QtWidgets

    app = QtWidgets.QApplication(sys.argv[:1])
    watcher = _watch(app)
    window = QtWidgets.QMainWindow()
    window.setWindowTitle("bare")
    window.setCentralWidget(QtWidgets.QLabel("bare window"))
    window.resize(1024, 700)
    window.show()
    code = app.exec()
    del watcher
    return code


def waystation(vault: str) -> int:
    # The same steps as the `waystation` entry point, with a paint watcher added.
    from app.platform_safety import harden_process

    harden_process()
    from app.ui.application import make_application, run_desktop

    app = make_application()
    watcher = _watch(app)
    code = run_desktop(vault=vault, demo=False, lang=None)
    del watcher
    return code


if __name__ == "__main__":
    sys.exit(bare() if sys.argv[1] == "bare" else waystation(sys.argv[2]))
