"""A demo vault of a few hundred cases, made through the engine, plus two screeners' own work.

sol's screenings are drafts and stops with declined answers; ria's are
completed, of people of every age kind, with referrals in every state
(tests/reports/helpers.py: seed_follow_up).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.demo import DEMO_USER, build_demo_vault
from app.reports.period import Period
from app.storage.keyfile import TEST_KDF
from app.storage.vault import Vault
from tests.reports.helpers import add_follow_up_services, consented_screening, seed_follow_up

PASSWORD = "reports-demo-password"
CASES = 240
USERS = {
    "sue": ("supervisor", "sue-password-1"),
    "sol": ("screener", "sol-password-1"),
    "ria": ("screener", "ria-password-1"),  # referral follow-up and ages: helpers.seed_follow_up
}
SOL_SCREENINGS = 7


@pytest.fixture(scope="session")
def report_vault(tmp_path_factory):
    """(folder, passwords by account) of a demo vault with `CASES` cases, sol's and ria's work."""
    base = tmp_path_factory.mktemp("reports")
    folder = base / "vault"
    packets = base / "packets"
    packets.mkdir()
    # With packets the demo also records referrals, which the reports count.
    build_demo_vault(folder, cases=CASES, password=PASSWORD, kdf=TEST_KDF, packets_into=packets)
    with Vault.open(folder, DEMO_USER, PASSWORD) as vault:
        for name, (role, password) in USERS.items():
            vault.users.add(name, role, password, kdf=TEST_KDF)
        services = add_follow_up_services(vault)
    with Vault.open(folder, "sol", USERS["sol"][1]) as vault:
        for number in range(SOL_SCREENINGS):
            screening = consented_screening(vault)
            vault.screenings.save_answer(screening.id, "papers_held", "yes", False)
            declined = number % 2 == 0
            value = None if declined else "no"
            vault.screenings.save_answer(screening.id, "debt_for_travel", value, declined)
            if number < 2:
                vault.screenings.finish(screening.id, "stopped", stop_reason="distress")
    with Vault.open(folder, "ria", USERS["ria"][1]) as vault:
        seed_follow_up(vault, services)
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
