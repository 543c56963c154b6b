"""Take the reports page's screenshots (and with --pdf the monthly PDF): run under Xvfb.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python tools/report_screenshots.py \
        [--pdf] [OUT_DIR]

It builds a throwaway vault (cheap key derivation: pictures only) with a year
of synthetic work (app/demo/bulk_load.py: screenings, outcomes, ages, and
referrals in every state to services in three countries and one with none),
opens the real window on the reports page and saves QWidget.grab() images as
ui-reports-*.png (default OUT_DIR: docs/screenshots): in the room a 1024x600
laptop gives (1024x530), English and Arabic at the top, English and Farsi at
the referral charts, Arabic at the age bands. With --pdf the monthly report
is written in English and Farsi as report-*.pdf too; turn its pages into
pictures with pdftoppm.
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
# (language, chart scrolled to or None for the top): the pictures docs/ shows.
SHOTS = (("en", None), ("ar", None), ("en", "referral_status"), ("fa", "referral_status"))
SHOTS += (("ar", "ages"),)
NAMES = {None: "", "referral_status": "-referrals", "ages": "-ages"}
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
    args = [arg for arg in sys.argv[1:] if arg != "--pdf"]
    out = Path(args[0]) if args else ROOT / "docs" / "screenshots"
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
        for lang, chart in SHOTS:
            window.set_language(lang)
            settle(app, page)
            page.scroll.verticalScrollBar().setValue(0)
            if chart is not None:
                scroll_to(window, chart)
            shoot(window, out, f"{lang}{NAMES[chart]}")
        window.set_language("en")
        for lang in ("en", "fa") if "--pdf" in sys.argv else ():
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
