"""Automatic sending, when an administrator switched it on: a push now and then while unlocked.

Only when the vault's policy says so (`odk policy --auto-send on`, or the
Server page); the push itself is the core's, audited as automatic. It runs
through the one helper for slow work, quietly: its result is in the outbox
(the Server page and `odk status` show it), never in a dialog.
"""

from __future__ import annotations

from typing import Any

from PySide6 import QtCore

from app.ui.operations import run_in_background

FIRST_DELAY_MS = 60_000
INTERVAL_MS = 15 * 60_000


class AutoSender(QtCore.QObject):
    """Starts on the window's `unlocked`, stops on `locked`; pushes when something waits."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self._window = window
        self._timer = QtCore.QTimer(self)
        self._timer.timeout.connect(self.send)
        self.operation = None
        window.unlocked.connect(self._start)
        window.locked.connect(self._timer.stop)

    def _start(self) -> None:
        self._timer.start(FIRST_DELAY_MS)

    def send(self) -> None:
        """Push once if the vault is open, automatic sending is on and nothing else runs."""
        self._timer.setInterval(INTERVAL_MS)
        vault = getattr(self._window, "vault", None)
        if vault is None or not vault.is_open or self.operation is not None:
            return
        try:
            config = vault.sync_config
            if not config.auto_send or not config.link:
                return
        except Exception:  # the vault closed meanwhile
            return
        from app.screening.loader import load_forms
        from app.sync.push import push

        forms = {form.id: form for form in load_forms()}
        self.operation = run_in_background(
            parent=None,
            work=lambda: push(vault, forms, automatic=True),
            on_success=self._finished,
            on_failure=self._finished,
        )

    def _finished(self, _result: object) -> None:
        self.operation = None
