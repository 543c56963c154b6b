"""UI test helpers: a fake clock, a main window on a copy of the template vault, unlocking."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6 import QtCore, QtWidgets

from app.i18n import current_language
from app.ui.language import apply_language
from app.ui.main_window import MainWindow


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(autouse=True)
def _english_ui() -> Iterator[None]:
    """Every UI test starts and ends in English, left to right."""
    yield
    if QtWidgets.QApplication.instance() is not None and current_language() != "en":
        apply_language("en")


@pytest.fixture
def window(qtbot, vault_dir: Path, clock: FakeClock) -> Iterator[MainWindow]:
    """The main window on the test's vault copy, shown, locked."""
    main = MainWindow(vault_dir, clock=clock)
    qtbot.addWidget(main)
    main.show()
    yield main
    main.lock()


def unlock(qtbot, main: MainWindow, name: str, password: str) -> None:
    """Type user and password on the unlock page and wait until the vault is open."""
    page = main.unlock_page
    assert main.stack.currentWidget() is page
    page.name.setText(name)
    page.password.setText(password)
    qtbot.mouseClick(page.unlock_button, QtCore.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: main.vault is not None, timeout=10_000)


def attempt_unlock(qtbot, main: MainWindow, name: str, password: str) -> None:
    """Type user and password, click Unlock, and wait for the error it shows."""
    page = main.unlock_page
    page.name.setText(name)
    page.password.setText(password)
    qtbot.mouseClick(page.unlock_button, QtCore.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.error.isVisible(), timeout=10_000)


class Confirmations:
    """Answers the case actions' confirmations instead of a user, and keeps what they said."""

    def __init__(self) -> None:
        self.answer = True
        self.asked: list[tuple[str, str, str]] = []  # (object name, text, informative text)

    def __call__(self, box: QtWidgets.QMessageBox) -> bool:
        self.asked.append((box.objectName(), box.text(), box.informativeText()))
        return self.answer


@pytest.fixture(autouse=True)
def confirmations(monkeypatch) -> Confirmations:
    """Every confirmation of a case action is answered here (yes, unless told otherwise):
    a modal box left to a user would hang the test."""
    from app.ui import case_actions

    answers = Confirmations()
    monkeypatch.setattr(case_actions, "ask", answers)
    return answers
