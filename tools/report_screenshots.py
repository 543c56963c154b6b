"""Take the reports page's screenshots and the monthly PDF's pages: run under Xvfb.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python tools/report_screenshots.py [OUT_DIR]

It builds a throwaway vault (cheap key derivation: pictures only) with a year
of synthetic work (app/demo/bulk_load.py: screenings, outcomes, ages, and
referrals in every state to services in three countries and one with none),
opens the real window on the reports page and saves QWidget.grab() images as
ui-reports-*.png: English, Arabic and Farsi in the room a 1024x600 laptop
gives (1024x530), scrolled to the referral charts too, and English at
1366x768. The monthly report is written in English and Farsi as
report-*.pdf; turn its pages into pictures with pdftoppm.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6 import QtCore, QtWidgets  # noqa: E402

from app.domain.service_csv import ServiceFields  # noqa: E402
from app.storage.keyfile import TEST_KDF  # noqa: E402
from app.storage.keyfile_checks import allow_test_kdf  # noqa: E402
from app.storage.vault import Vault  # noqa: E402
from app.ui.application import make_application  # noqa: E402
from app.ui.language import apply_language  # noqa: E402
from app.ui.main_window import MainWindow  # noqa: E402

SMALL = QtCore.QSize(1024, 530)  # 1024x600 less a taskbar and a title bar
LARGE = QtCore.QSize(1366, 700)
PASSWORD = "screenshot-password"  # noqa: S105 - a throwaway demo vault
SERVICES = (
    ServiceFields("Hope Shelter", "shelter", ("en", "ar"), country="GR"),
    ServiceFields("North Legal Aid", "legal_aid", ("en", "fr"), country="GR"),
    ServiceFields("Bosphorus Health", "medical", ("en", "fa"), country="TR"),
    ServiceFields("Sicily Child Protection", "child_protection", ("en", "it"), country="IT"),
    ServiceFields("Listening Line", "psychosocial", ("en", "ar")),
)


def settle(app: QtWidgets.QApplication, page=None) -> None:
    """Let the worker thread count and the page paint."""
    for _ in range(400):
        app.processEvents()
        QtCore.QThread.msleep(20)
        if page is None or page.summary is not None:
            break
    for _ in range(5):
        app.processEvents()
        QtCore.QThread.msleep(20)


def build_vault(folder: Path) -> Path:
    allow_test_kdf()  # a throwaway vault for pictures: the cheap cost, in this process only
    from app.demo.bulk_load import load_synthetic

    path = folder / "vault"
    with Vault.create(path, "ada", PASSWORD, kdf=TEST_KDF) as vault:
        vault.settings.set("organisation_name", "Harbour Clinic")
        for fields in SERVICES:
            vault.services.add(fields)
        load_synthetic(vault, cases=1400, answers=28_000)
    return path


def shoot(window: MainWindow, out: Path, name: str) -> None:
    page = window.reports_page
    settle(QtWidgets.QApplication.instance(), page)
    window.grab().save(str(out / f"ui-reports-{name}.png"))
    print("saved", out / f"ui-reports-{name}.png")


def scroll_to(window: MainWindow, key: str) -> None:
    page = window.reports_page
    heading = page.sections[key][0]
    page.scroll.verticalScrollBar().setValue(
        heading.mapTo(page.scroll.widget(), QtCore.QPoint()).y()
    )


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    app = make_application([sys.argv[0]])
    apply_language("en")
    with tempfile.TemporaryDirectory(prefix="waystation-report-shots-") as tmp:
        window = MainWindow(build_vault(Path(tmp)), text_scale=None)
        window.resize(SMALL)
        window.show()
        window._opened(Vault.open(window.vault_path, "ada", PASSWORD))
        window.show_reports()
        page = window.reports_page
        for lang in ("en", "ar", "fa"):
            window.set_language(lang)
            settle(app, page)
            shoot(window, out, lang)
            scroll_to(window, "ages")
            shoot(window, out, f"{lang}-ages")
            scroll_to(window, "referral_status")
            shoot(window, out, f"{lang}-referrals")
            page.scroll.verticalScrollBar().setValue(0)
        window.set_language("en")
        window.resize(LARGE)
        settle(app, page)
        shoot(window, out, "en-1366")
        for lang in ("en", "fa"):
            target = out / f"report-{lang}.pdf"
            page.write_pdf(str(target), lang)
            for _ in range(1000):
                app.processEvents()
                QtCore.QThread.msleep(20)
                if target.exists():
                    break
            print("saved", target)
        window.lock()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
