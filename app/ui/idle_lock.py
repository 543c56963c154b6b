"""Locking the vault after a set idle time, with a warning before it locks.

The clock is injectable so tests move time forward instead of waiting. Locking
when the OS locks the screen or sleeps is in `app.ui.os_lock`.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6 import QtCore

_INPUT_EVENTS = {
    QtCore.QEvent.Type.KeyPress,
    QtCore.QEvent.Type.MouseButtonPress,
    QtCore.QEvent.Type.MouseMove,
    QtCore.QEvent.Type.Wheel,
    QtCore.QEvent.Type.TouchBegin,
}

DEFAULT_IDLE_MINUTES = 5


WARN_SECONDS = 30  # a warning shows this long before the lock


class IdleLock(QtCore.QObject):
    """Emits `expired` once after `timeout_seconds` without keyboard, mouse or touch input.

    Counting runs only while `armed` (an open vault); `check()` is what the
    timer calls every second, and what tests call after moving the fake clock.
    In the last `WARN_SECONDS` it emits `warning(seconds_left)` at every check;
    input after a warning emits `resumed` and the count starts again.
    """

    expired = QtCore.Signal()
    warning = QtCore.Signal(int)
    resumed = QtCore.Signal()

    def __init__(
        self,
        timeout_seconds: float = DEFAULT_IDLE_MINUTES * 60,
        clock: Callable[[], float] = time.monotonic,
        parent: QtCore.QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self.timeout_seconds = timeout_seconds
        self._last_input = clock()
        self.armed = False
        self.warned = False
        self._timer = QtCore.QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.check)

    def arm(self) -> None:
        """Start counting from now (after an unlock)."""
        self._last_input = self._clock()
        if not self.armed:
            # Input is watched only while armed: an application filter written in Python
            # sees every event, which the unlock screen need not pay for.
            app = QtCore.QCoreApplication.instance()
            if app is not None:
                app.installEventFilter(self)
        self.armed = True
        self._timer.start()

    def disarm(self) -> None:
        """Stop counting (the vault is locked already)."""
        if self.armed:
            app = QtCore.QCoreApplication.instance()
            if app is not None:
                app.removeEventFilter(self)
        self.armed = False
        self.warned = False
        self._timer.stop()

    def set_timeout_minutes(self, minutes: float) -> None:
        """Change the idle time; zero or less falls back to the default."""
        self.timeout_seconds = (minutes if minutes > 0 else DEFAULT_IDLE_MINUTES) * 60

    def poke(self) -> None:
        """Count as user activity."""
        self._last_input = self._clock()
        if self.warned:
            self.warned = False
            self.resumed.emit()

    def idle_seconds(self) -> float:
        """Seconds since the last input."""
        return self._clock() - self._last_input

    def check(self) -> None:
        """Emit `expired` (and disarm) when the idle time is up; `warning` just before."""
        if not self.armed:
            return
        left = self.timeout_seconds - self.idle_seconds()
        if left <= 0:
            self.disarm()
            self.warned = False
            self.expired.emit()
        elif left <= min(WARN_SECONDS, self.timeout_seconds / 2):
            self.warned = True
            self.warning.emit(max(1, round(left)))

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:  # noqa: N802
        if event.type() in _INPUT_EVENTS:
            self._last_input = self._clock()
            if self.warned:
                self.warned = False
                self.resumed.emit()
        return False
