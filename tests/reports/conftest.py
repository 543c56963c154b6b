"""A demo vault of a few hundred cases, made through the engine, plus a screener's own work."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.demo import DEMO_USER, build_demo_vault
from app.reports.period import Period
from app.storage.keyfile import TEST_KDF
from app.storage.vault import Vault
from tests.reports.helpers import consented_screening

PASSWORD = "reports-demo-password"
CASES = 240
USERS = {"sue": ("supervisor", "sue-password-1"), "sol": ("screener", "sol-password-1")}
SOL_SCREENINGS = 7


@pytest.fixture(scope="session")
def report_vault(tmp_path_factory):
    """(folder, passwords by account) of a demo vault with `CASES` cases and sol's own work."""
    base = tmp_path_factory.mktemp("reports")
    folder = base / "vault"
    packets = base / "packets"
    packets.mkdir()
    # With packets the demo also records referrals, which the reports count.
    build_demo_vault(folder, cases=CASES, password=PASSWORD, kdf=TEST_KDF, packets_into=packets)
    with Vault.open(folder, DEMO_USER, PASSWORD) as vault:
        for name, (role, password) in USERS.items():
            vault.users.add(name, role, password, kdf=TEST_KDF)
    with Vault.open(folder, "sol", USERS["sol"][1]) as vault:
        for number in range(SOL_SCREENINGS):
            screening = consented_screening(vault)
            vault.screenings.save_answer(screening.id, "papers_held", "yes", False)
            declined = number % 2 == 0
            value = None if declined else "no"
            vault.screenings.save_answer(screening.id, "debt_for_travel", value, declined)
            if number < 2:
                vault.screenings.finish(screening.id, "stopped", stop_reason="distress")
    passwords = {DEMO_USER: PASSWORD, **{name: pw for name, (_role, pw) in USERS.items()}}
    return folder, passwords


@pytest.fixture
def open_report_vault(report_vault):
    """`open_report_vault(name)` unlocks the shared demo vault as that account."""
    folder, passwords = report_vault
    opened = []

    def opener(name: str):
        vault = Vault.open(folder, name, passwords[name])
        opened.append(vault)
        return vault

    yield opener
    for vault in opened:
        vault.close()


@pytest.fixture
def whole_period() -> Period:
    """A period holding every screening of the demo vault (all made today)."""
    today = datetime.now(UTC).date()
    return Period(today - timedelta(days=40), today + timedelta(days=1))
