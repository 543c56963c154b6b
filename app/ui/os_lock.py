"""Locking the vault when the OS locks the screen or sleeps.

The OS signals come from Qt (application suspended) and, on Linux desktops,
from D-Bus through QtDBus (part of PySide6, no extra dependency): the session
bus's screen saver `ActiveChanged` and logind's `PrepareForSleep`. The window
starts watching after its first paint: the unlock screen need not wait for
D-Bus, and locking a locked vault changes nothing.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui


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
