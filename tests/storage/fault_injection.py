"""Crash and full-disk injection at every write of a command, with strace.

A run of a job is first recorded: strace attached to the forked child lists
every syscall that changes a file (write, pwrite64, fsync, rename, unlink,
ftruncate, ...), in order. Then, for each position k of that list, the job
runs again from the same starting vault with one fault:

- crash: SIGKILL delivered when the child enters the k-th such syscall (it
  never runs), `-e inject=NAME:signal=SIGKILL:when=N`;
- full disk: ENOSPC returned by the write or pwrite64 at position k and by
  every later one, `-e inject=write:error=ENOSPC:when=A+ -e
  inject=pwrite64:error=ENOSPC:when=B+`.

strace counts injections per syscall and per tracee, so position k becomes
the N-th call of its own syscall. See fault_zygote.py for how the child runs.

A run of writes to one file with no other change between them (the frames of
one SQLite transaction appended to the WAL, a checkpoint copying pages back, a
backup's bytes into its temporary file) leaves that file with a longer or
shorter prefix of the same bytes wherever the fault lands inside it. Within
such a run `make test` puts faults at the first two and the last two writes
and one in the middle; every position of a run is swept with
WAYSTATION_FAULT_EVERY_WRITE=1 (`make faults`). Every other syscall (fsync,
rename, unlink, ftruncate, a write to another file) is a fault position always.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .disk_scan import ROOT

ZYGOTE = Path(__file__).with_name("fault_zygote.py")
MUTATING = (
    "write",
    "pwrite64",
    "writev",
    "pwritev",
    "fsync",
    "fdatasync",
    "ftruncate",
    "fallocate",
    "rename",
    "renameat",
    "renameat2",
    "unlink",
    "unlinkat",
    "mkdir",
    "mkdirat",
    "rmdir",
)
WRITES = ("write", "pwrite64", "writev", "pwritev")
_CALL = re.compile(r"^(?:\[pid\s+\d+\]\s+|\d+\s+)?([a-z0-9_]+)\((?:-?\d+<([^>]*)>)?")
RUN_EDGE = 2  # writes kept at each end of a run of writes to one file (and its middle one)


@dataclass(frozen=True)
class Call:
    """One syscall that changes a file: its name, and the file a write went to (else "")."""

    name: str
    target: str = ""


def strace_available() -> bool:
    return shutil.which("strace") is not None


@dataclass(frozen=True)
class Fault:
    """One fault: what, where (position in the recorded list), and strace's options."""

    kind: str  # "crash" or "disk full"
    position: int
    syscall: str
    options: tuple[str, ...]


@dataclass
class Outcome:
    """What a child did: its exit status (negative: killed by that signal) and report."""

    status: int
    result: dict = field(default_factory=dict)

    @property
    def killed(self) -> bool:
        return self.status < 0

    @property
    def text(self) -> str:
        return "\n".join(str(self.result.get(key, "")) for key in ("stdout", "stderr", "traceback"))


class Zygote:
    """A process that has imported the app, forking one child per run."""

    def __init__(self, work: Path) -> None:
        self.work = work
        self._process = subprocess.Popen(
            [sys.executable, str(ZYGOTE)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        self._runs = 0

    def close(self) -> None:
        if self._process.stdin:
            self._process.stdin.close()
        self._process.wait(timeout=30)

    def _line(self) -> dict:
        line = self._process.stdout.readline()
        if not line:
            raise RuntimeError("the fault-injection zygote ended")
        return json.loads(line)

    def run(self, request: dict, strace_options: tuple[str, ...]) -> Outcome:
        """Run one job under strace with `strace_options`; its outcome."""
        self._runs += 1
        result = self.work / f"result-{self._runs}.bin"
        result.write_bytes(b"\0" * 65536)
        self._process.stdin.write(json.dumps({**request, "result": str(result)}) + "\n")
        self._process.stdin.flush()
        pid = self._line()["pid"]
        tracer = subprocess.Popen(
            ["strace", "-qq", "-f", "-p", str(pid), *strace_options],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        status = self._line()["status"]
        tracer.wait(timeout=60)
        data = result.read_bytes().split(b"\0", 1)[0]
        result.unlink()
        return Outcome(status, json.loads(data) if data else {})

    def record(self, request: dict) -> tuple[Outcome, list[Call]]:
        """Run the job without a fault; its outcome and the syscalls that change files."""
        log = self.work / "record.log"
        # -y: a descriptor is shown with its file, to tell runs of writes to one file.
        options = ("-y", "-e", "trace=" + ",".join(MUTATING), "-o", str(log))
        outcome = self.run(request, options)
        calls = []
        for line in log.read_text(errors="replace").splitlines():
            match = _CALL.match(line)
            if match and "resumed>" not in line:
                name = match.group(1)
                calls.append(Call(name, (match.group(2) or "") if name in WRITES else ""))
        log.unlink()
        return outcome, calls


def swept(calls: list[Call], *, every_write: bool = False) -> list[bool]:
    """Which positions get faults: all of them, except the inner writes of a long run of
    writes to one file (see the module's docstring) unless `every_write`."""
    keep = [True] * len(calls)
    if every_write:
        return keep
    start = 0
    while start < len(calls):
        end = start + 1
        if calls[start].name in WRITES and calls[start].target:
            while (
                end < len(calls)
                and calls[end].name in WRITES
                and calls[end].target == calls[start].target
            ):
                end += 1
        inner = range(start + RUN_EDGE, end - RUN_EDGE)
        for position in inner:
            keep[position] = position == (start + end) // 2
        start = end
    return keep


def faults(calls: list[Call], *, stride: int = 1, every_write: bool = False) -> Iterator[Fault]:
    """A crash at every swept position of `calls`, and a full disk at every swept write
    (every `stride`-th position)."""
    names = [call.name for call in calls]
    keep = swept(calls, every_write=every_write)
    trace = ("-e", "trace=" + ",".join(MUTATING), "-o", os.devnull)
    seen: dict[str, int] = {}
    for position, name in enumerate(names):
        seen[name] = seen.get(name, 0) + 1
        if position % stride or not keep[position]:
            continue
        kill = f"inject={name}:signal=SIGKILL:when={seen[name]}"
        yield Fault("crash", position, name, (*trace, "-e", kill))
        if name in WRITES:
            full = []
            for write in WRITES:
                first = sum(1 for earlier in names[:position] if earlier == write) + 1
                full += ["-e", f"inject={write}:error=ENOSPC:when={first}+"]
            yield Fault("disk full", position, name, (*trace, *full))
