"""Telling a screen reader what changed without moving the keyboard focus.

Qt 6.8 added accessible announcements (AT-SPI's announcement signal, UIA's
notification event): Orca or NVDA speaks the text once, politely after what
it is saying or at once for what cannot wait. Every announcement the app
makes goes through `announce`, so tests can see them (`announcements`).
"""

from __future__ import annotations

from PySide6 import QtGui, QtWidgets

from app.ui.bidi import plain

# The most recent announcements, newest last (kept short; for tests and debugging only,
# never written anywhere).
announcements: list[str] = []
_KEEP = 20


def announce(widget: QtWidgets.QWidget, text: str, *, urgent: bool = False) -> None:
    """Have a screen reader speak `text` (from `widget`'s window); nothing is shown."""
    spoken = plain(text).strip()
    if not spoken:
        return
    announcements.append(spoken)
    del announcements[:-_KEEP]
    event_class = getattr(QtGui, "QAccessibleAnnouncementEvent", None)
    if event_class is None or not QtGui.QAccessible.isActive():
        return
    event = event_class(widget, spoken)
    if urgent:
        event.setPoliteness(QtGui.QAccessible.AnnouncementPoliteness.Assertive)
    QtGui.QAccessible.updateAccessibility(event)


def accessible_name(widget: QtWidgets.QWidget) -> str:
    """The name a screen reader announces for `widget` (through Qt's accessibility bridge)."""
    interface = QtGui.QAccessible.queryAccessibleInterface(widget)
    if interface is None:
        return ""
    return interface.text(QtGui.QAccessible.Text.Name) or ""


def accessible_description(widget: QtWidgets.QWidget) -> str:
    """The description a screen reader reads after the name."""
    interface = QtGui.QAccessible.queryAccessibleInterface(widget)
    if interface is None:
        return ""
    return interface.text(QtGui.QAccessible.Text.Description) or ""
