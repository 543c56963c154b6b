"""What the desktop says when storage fails: true about what changed, and recorded."""

from __future__ import annotations

from PySide6 import QtCore

from app.storage.database import Database, DiskFull
from app.storage.vault import Vault
from app.ui.operations import error_message, set_failure_recorder
from app.ui.vault_access import record_failure
from tests.storage.other_program import hold_open
from tests.ui.conftest import attempt_unlock, unlock
from tests.ui.test_screening_flow import give_consent, press, start_screening

Key = QtCore.Qt.Key


def test_an_unexpected_error_claims_nothing_false_and_is_recorded_without_its_text(open_vault):
    vault = open_vault("ada")
    set_failure_recorder(lambda error: record_failure(vault, error))
    try:
        message = error_message(KeyError("case content that must not be shown"))
    finally:
        set_failure_recorder(None)
    assert "not changed" not in message and "may not have been completed" in message
    assert "case content" not in message
    (entry,) = vault.audit.entries(action="app.error")
    assert entry.detail == {"error": "KeyError"}


def test_a_full_disk_during_an_answer_says_it_was_not_saved(qtbot, window, vault_dir, monkeypatch):
    unlock(qtbot, window, "sol", "sol-password")
    start_screening(qtbot, window)
    give_consent(qtbot, window)
    page = window.flow.interview_page
    first = page.interview.current.id
    real_execute = Database.execute

    def full(self, sql, params=()):
        if sql.startswith("INSERT INTO answers"):
            raise DiskFull(self.path.parent)
        return real_execute(self, sql, params)

    monkeypatch.setattr(Database, "execute", full)
    press(qtbot, window, Key.Key_Y)
    assert page.interview.current.id == first  # it did not move on
    assert page.error.isVisible()
    assert "is full; the last change was not saved" in page.error.text()
    monkeypatch.undo()
    screening = window.flow.screening.id
    assert first not in window.vault.screenings.answers(screening)
    press(qtbot, window, Key.Key_Y)  # space again: the same answer is saved
    assert first in window.vault.screenings.answers(screening)


def test_unlocking_a_vault_open_in_another_program_says_so(qtbot, window, vault_dir):
    holder = hold_open(vault_dir)
    try:
        attempt_unlock(qtbot, window, "sol", "sol-password")
        assert "open in another Waystation window or program" in window.unlock_page.error.text()
        assert window.vault is None
    finally:
        holder.stdin.close()
        holder.wait(10)
    unlock(qtbot, window, "sol", "sol-password")  # once the other program let go
    assert isinstance(window.vault, Vault)


def test_a_problem_found_at_unlock_is_shown(qtbot, window, vault_dir):
    from PySide6 import QtWidgets

    with Vault.open(vault_dir, "ada", "ada-password") as vault:
        older = (vault_dir / "audit-head.json").read_bytes()
        vault.cases.create()
        vault.cases.create()
    (vault_dir / "audit-head.json").write_bytes(older)
    unlock(qtbot, window, "sol", "sol-password")
    box = window.findChild(QtWidgets.QMessageBox, "unlock_problems")
    assert box is not None and box.isVisible()
    assert "older than the database" in box.informativeText()
    box.close()


def test_paths_in_messages_keep_their_direction_in_right_to_left_text():
    from app.domain.errors import VaultError

    text = "الخزنة /tmp/a b/vault مفتوحة؛ cannot write C:\\x\\y.db: ..."
    message = error_message(VaultError(text))
    assert "\u2066/tmp/a\u2069" in message  # a path with a space is isolated up to it
    assert "\u2066C:\\x\\y.db\u2069:" in message
    assert message.replace("\u2066", "").replace("\u2069", "") == text
