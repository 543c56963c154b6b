"""Running slow work (key derivation, backup, purge) off the UI thread, and what the
edge says when something fails.

One helper, like Anki's CollectionOp: the work runs in a worker thread, the
window stays responsive and shows a busy indicator, and exactly one of the
success or failure callbacks runs afterwards on the UI thread.

The vault's errors say themselves whether anything was changed ("the disk is
full; the last change was not saved"). An unexpected error cannot say that,
so its message claims only what is always true (what was saved before is
kept), and its type, without its text, is recorded in the vault's audit trail
for an administrator (`set_failure_recorder`); never in a plain-text log.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from typing import Any, ClassVar

from PySide6 import QtCore, QtWidgets

from app.domain.errors import WaystationError
from app.i18n import _
from app.ui.bidi import ltr


class _Signals(QtCore.QObject):
    succeeded = QtCore.Signal(object)
    failed = QtCore.Signal(object)
    progressed = QtCore.Signal(int, int)


class _Job(QtCore.QRunnable):
    def __init__(self, work: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._work = work
        self._signals = signals

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as error:
            self._signals.failed.emit(error)
        else:
            self._signals.succeeded.emit(result)


def as_sentence(text: str) -> str:
    """A core message (written lower case, to follow a file name on the command line)
    as a sentence on screen: first letter capital (in scripts that have capitals)."""
    text = text.strip()
    return text[:1].upper() + text[1:] if text else text


_failure_recorder: Callable[[BaseException], None] | None = None
# A file path inside a message: /... or C:\... up to a space or punctuation that ends a clause.
_PATH = re.compile(r"(?<![\w/])(?:/|[A-Za-z]:\\)[^\s;,()]*[^\s;,():.]")


def isolate_paths(text: str) -> str:
    """`text` with each file path in a left-to-right isolate (invisible).

    In an Arabic or Farsi message a path's leading "/" would otherwise be laid
    out at its other end ("tmp/vault /" for "/tmp/vault").
    """
    return _PATH.sub(lambda match: ltr(match.group(0)), text)


def set_failure_recorder(recorder: Callable[[BaseException], None] | None) -> None:
    """Where unexpected errors are recorded (the open vault's audit trail), or None."""
    global _failure_recorder
    _failure_recorder = recorder


def error_message(error: BaseException) -> str:
    """What to tell the user about `error`: its own text for user errors, else a plain note.

    An unexpected error is also recorded (see `set_failure_recorder`).
    """
    if isinstance(error, WaystationError):
        return as_sentence(isolate_paths(str(error)))
    if _failure_recorder is not None:
        with contextlib.suppress(Exception):  # recording must never hide the message
            _failure_recorder(error)
    # Its text may hold internals (or case data), so keep it out of view. Whether the
    # action changed anything is unknown; what was committed before it is never lost.
    return _(
        "Something went wrong and the action may not have been completed. What was "
        "saved before is kept; check the record before you go on."
    )


class Operation(QtCore.QObject):
    """Slow work running off the UI thread; keep a reference until it finishes.

    `busy(parent, text)` shows a progress bar on the parent while it runs; the
    `finished` signal fires after the callbacks (tests wait on it). With
    `with_progress`, the work is called with `report(done, total)` and the bar
    shows how far it got.
    """

    finished = QtCore.Signal()
    _running: ClassVar[set[Operation]] = set()  # keeps operations alive until they finish

    def __init__(
        self,
        *,
        parent: QtWidgets.QWidget | None,
        work: Callable[[], Any],
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        progress_text: str = "",
        with_progress: bool = False,
    ) -> None:
        super().__init__(None)
        self._parent = parent
        self._work = work
        self._on_success = on_success
        self._on_failure = on_failure
        self._progress_text = progress_text
        self._signals = _Signals(self)
        self._signals.succeeded.connect(self._succeeded, QtCore.Qt.ConnectionType.QueuedConnection)
        self._signals.failed.connect(self._failed, QtCore.Qt.ConnectionType.QueuedConnection)
        self._signals.progressed.connect(
            self._progressed, QtCore.Qt.ConnectionType.QueuedConnection
        )
        if with_progress:
            self._work = lambda: work(self._report)
        self._dialog: QtWidgets.QProgressDialog | None = None
        self.done = False
        self._parent_gone = False
        if parent is not None:
            # A page closed meanwhile (e.g. by a lock) gets no callback on its dead widgets.
            parent.destroyed.connect(self._forget_parent)

    def start(self) -> Operation:
        """Start the work; returns self so callers can keep or wait on it."""
        Operation._running.add(self)
        if self._parent is not None and self._progress_text:
            dialog = QtWidgets.QProgressDialog(self._progress_text, "", 0, 0, self._parent)
            dialog.setCancelButton(None)
            dialog.setWindowTitle(_("Please wait"))
            dialog.setAccessibleName(self._progress_text)
            dialog.setMinimumDuration(300)  # quick work shows no flash of a dialog
            dialog.setWindowModality(QtCore.Qt.WindowModality.WindowModal)
            self._dialog = dialog
        QtCore.QThreadPool.globalInstance().start(_Job(self._work, self._signals))
        return self

    def _report(self, done: int, total: int) -> None:
        # Called in the worker thread; the queued connection brings it to the UI thread.
        self._signals.progressed.emit(int(done), int(total))

    def _progressed(self, done: int, total: int) -> None:
        if self._dialog is not None and total > 0:
            self._dialog.setMaximum(total)
            self._dialog.setValue(done)

    def _forget_parent(self) -> None:
        self._parent_gone = True
        self._parent = None
        self._dialog = None

    def _close(self) -> None:
        if self._dialog is not None:
            self._dialog.reset()
            self._dialog.deleteLater()
            self._dialog = None
        self.done = True
        # Released on the next event loop turn: dropping the last reference here would
        # delete this object while Qt is still delivering the signal to it.
        QtCore.QTimer.singleShot(0, self._release)

    def _release(self) -> None:
        Operation._running.discard(self)

    def _succeeded(self, result: object) -> None:
        self._close()
        if self._on_success is not None and not self._parent_gone:
            self._on_success(result)
        self.finished.emit()

    def _failed(self, error: BaseException) -> None:
        self._close()
        if self._on_failure is not None and not self._parent_gone:
            self._on_failure(error)
        elif self._parent is not None:
            QtWidgets.QMessageBox.warning(self._parent, _("Not completed"), error_message(error))
        self.finished.emit()


def run_in_background(
    *,
    parent: QtWidgets.QWidget | None,
    work: Callable[[], Any],
    on_success: Callable[[Any], None] | None = None,
    on_failure: Callable[[BaseException], None] | None = None,
    progress_text: str = "",
    with_progress: bool = False,
) -> Operation:
    """Run `work()` (or `work(report)`, with progress) in a worker thread, then one callback
    on the UI thread."""
    return Operation(
        parent=parent,
        work=work,
        on_success=on_success,
        on_failure=on_failure,
        progress_text=progress_text,
        with_progress=with_progress,
    ).start()
