"""Locking the vault after a set idle time, and when the OS locks the screen or sleeps.

The clock is injectable so tests move time forward instead of waiting. The OS
signals come from Qt (application suspended) and, on Linux desktops, from
D-Bus through QtDBus (part of PySide6, no extra dependency): the session
bus's screen saver `ActiveChanged` and logind's `PrepareForSleep`.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6 import QtCore, QtGui

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


class OsLockWatcher(QtCore.QObject):
    """Emits `lock_requested` when the OS locks the screen, suspends, or Qt suspends the app.

    `sources` lists what is being watched, so the UI (and a report) can say
    which signals this machine delivers.
    """

    lock_requested = QtCore.Signal()

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.sources: list[str] = []
        app = QtGui.QGuiApplication.instance()
        if isinstance(app, QtGui.QGuiApplication):
            app.applicationStateChanged.connect(self._state_changed)
            self.sources.append("qt-application-state")
        self._connect_dbus()

    def _state_changed(self, state: QtCore.Qt.ApplicationState) -> None:
        # Inactive only means another window has focus; Suspended means the OS parked us.
        if state == QtCore.Qt.ApplicationState.ApplicationSuspended:
            self.lock_requested.emit()

    @QtCore.Slot(bool)
    def screen_saver_changed(self, active: bool) -> None:
        """D-Bus: the screen saver (or lock screen) became active or inactive."""
        if active:
            self.lock_requested.emit()

    @QtCore.Slot(bool)
    def prepare_for_sleep(self, sleeping: bool) -> None:
        """D-Bus: logind announces a suspend (True) or a wake-up (False)."""
        if sleeping:
            self.lock_requested.emit()

    def _connect_dbus(self) -> None:
        try:
            from PySide6 import QtDBus
        except ImportError:  # Not on every platform build; Qt's own signal still applies.
            return
        session = QtDBus.QDBusConnection.sessionBus()
        if session.isConnected():
            for service, path in (
                ("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver"),
                ("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver"),
            ):
                if session.connect(
                    "",
                    path,
                    service,
                    "ActiveChanged",
                    self,
                    QtCore.SLOT("screen_saver_changed(bool)"),
                ):
                    self.sources.append(service)
        system = QtDBus.QDBusConnection.systemBus()
        if system.isConnected() and system.connect(
            "",
            "/org/freedesktop/login1",
            "org.freedesktop.login1.Manager",
            "PrepareForSleep",
            self,
            QtCore.SLOT("prepare_for_sleep(bool)"),
        ):
            self.sources.append("org.freedesktop.login1")
