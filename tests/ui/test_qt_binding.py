"""The Qt binding itself: calls into Qt must not drop references to None.

PySide6 6.12.0 on Python 3.11 lost one reference to None per call of a void
method; a long session (or filtering 20,000 cases) then freed None and the app
aborted with "Fatal Python error: none_dealloc". pyproject.toml excludes it.
"""

from __future__ import annotations

import sys

from PySide6 import QtCore, QtWidgets


def test_void_qt_calls_keep_their_references_to_none(qapp):
    label = QtWidgets.QLabel()
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("x")
        QtCore.QCoreApplication.sendPostedEvents()
    # Other code may hold or drop a few references meanwhile; 4000 lost ones is the bug.
    assert sys.getrefcount(None) > before - 100
