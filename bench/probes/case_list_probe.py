"""Child process for the case-list and memory figures, on the benchmark vault (offscreen).

    python case_list_probe.py VAULT USER   (the password is the first line of stdin)

Opens the vault, shows the app's case list page, and times: the first screenful
(loading the first page of rows through the UI's table model until the table
is painted), the core queries alone (every case, and one page), and each
keystroke of filter-as-you-type until the filtered table is painted. The page
waits for a 120 ms pause in typing before it filters; that wait is by design
and not counted: the probe runs the filter the pause timer would run right
after each keystroke. Prints one JSON line with the figures and peak RSS.
"""

from __future__ import annotations

import json
import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def peak_rss_kib() -> int:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited over exec)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


from PySide6 import QtCore  # noqa: E402

from app.storage.vault import Vault  # noqa: E402
from app.ui.application import make_application  # noqa: E402
from app.ui.case_list_page import CaseListPage  # noqa: E402
from app.ui.forms_access import available_forms  # noqa: E402

TIMEOUT = 5.0


class PaintFlag(QtCore.QObject):
    """Set when the watched widget is painted."""

    painted = False

    def eventFilter(self, obj, event):  # noqa: N802 - Qt override
        if event.type() == QtCore.QEvent.Type.Paint:
            self.painted = True
        return False


def until_painted(app, flag: PaintFlag) -> None:
    deadline = time.perf_counter() + TIMEOUT
    while not flag.painted and time.perf_counter() < deadline:
        app.processEvents()


def typed(words: list[str]) -> list[str]:
    """What the search box holds after each keystroke typing then erasing each word."""
    texts = []
    for word in words:
        texts += [word[:n] for n in range(1, len(word) + 1)]
        texts += [word[:n] for n in range(len(word) - 1, -1, -1)]
    return texts


def main() -> int:
    path, user = sys.argv[1], sys.argv[2]
    password = sys.stdin.readline().rstrip("\n")
    app = make_application()
    vault = Vault.open(path, user, password)
    started = time.perf_counter()
    cases = vault.cases.list()
    core_query = time.perf_counter() - started
    forms = available_forms()
    started = time.perf_counter()
    vault.cases.overview(forms=forms)
    page_query = time.perf_counter() - started

    page = CaseListPage()
    page.resize(1280, 800)
    page.show()
    until_painted(app, PaintFlag())
    flag = PaintFlag()
    page.table.viewport().installEventFilter(flag)
    app.processEvents()
    flag.painted = False
    started = time.perf_counter()
    page.load(vault)
    until_painted(app, flag)
    first_screen = time.perf_counter() - started
    rows = page.model.rowCount()

    references = [case.reference for case in cases[:3]]
    words = [*references, "refer", "paused", "child"]
    timings = []
    for text in typed(words):
        app.processEvents()
        flag.painted = False
        started = time.perf_counter()
        page.search.setText(text)
        page.apply_search()  # what the typing pause timer runs
        until_painted(app, flag)
        timings.append(time.perf_counter() - started)
    vault.close()
    print(
        json.dumps(
            {
                "rows": rows,
                "core_query_s": core_query,
                "page_query_s": page_query,
                "first_screen_s": first_screen,
                "filter_s": timings,
                "rss_kib": peak_rss_kib(),
            }
        ),
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
