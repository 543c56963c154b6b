"""Child process for the reports figures, on the benchmark vault (offscreen).

    python reports_probe.py VAULT USER OUT_DIR   (the password is the first line of stdin)

Times, over the last 12 months (the whole synthetic year): the reports page
from its creation until the figures are counted in its worker thread and its
bars are painted; `report stats` (export_statistics: tables, suppression,
CSV, atomic write, audit); the monthly PDF in English; and, as the same-run
baseline, the core query of every case (`vault.cases.list()`). Medians of
three runs. Prints one JSON line.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6 import QtCore

from app.export.report_pdf import export_report
from app.reports.figures import summarise
from app.reports.period import Period
from app.reports.shared import export_statistics
from app.storage.vault import Vault
from app.ui.application import make_application
from app.ui.reports.reports_page import ReportsPage, preset_period

RUNS = 3
TIMEOUT = 30.0


def page_seconds(app, vault) -> float:
    """From creating the page to its figures painted."""
    started = time.perf_counter()
    page = ReportsPage(vault)
    page.resize(1366, 768)
    page.show()
    # Wait in an event loop, as the app does: a loop spinning processEvents()
    # would hold the GIL against the worker thread that counts.
    loop = QtCore.QEventLoop()
    timer = QtCore.QTimer()
    timer.setInterval(2)
    deadline = started + TIMEOUT

    def check() -> None:
        if page.summary is not None or time.perf_counter() > deadline:
            loop.quit()

    timer.timeout.connect(check)
    timer.start()
    loop.exec()
    timer.stop()
    page.repaint()
    app.processEvents()
    elapsed = time.perf_counter() - started
    page.close()
    page.deleteLater()
    app.processEvents()
    return elapsed


def timed(work) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def main() -> int:
    path, user, out = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    password = sys.stdin.readline().rstrip("\n")
    app = make_application()
    vault = Vault.open(path, user, password)
    period = Period(*preset_period("last_12_months"))
    figures: dict[str, list[float]] = {"baseline": [], "page": [], "stats": [], "pdf": []}
    rows = pages = 0
    for _run in range(RUNS):
        figures["baseline"].append(timed(vault.cases.list))
        figures["page"].append(page_seconds(app, vault))
        started = time.perf_counter()
        rows = export_statistics(vault, period, out / "stats.csv")
        figures["stats"].append(time.perf_counter() - started)
        started = time.perf_counter()
        pages = export_report(vault, summarise(vault, period), "en", out / "report.pdf")
        figures["pdf"].append(time.perf_counter() - started)
    vault.close()
    result = {f"{key}_s": statistics.median(values) for key, values in figures.items()}
    print(json.dumps({**result, "rows": rows, "pages": pages, "runs": RUNS}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
