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
_CALL = re.compile(r"^(?:\[pid\s+\d+\]\s+|\d+\s+)?([a-z0-9_]+)\(")


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

    def record(self, request: dict) -> tuple[Outcome, list[str]]:
        """Run the job without a fault; its outcome and the syscalls that change files."""
        log = self.work / "record.log"
        options = ("-e", "trace=" + ",".join(MUTATING), "-o", str(log))
        outcome = self.run(request, options)
        calls = []
        for line in log.read_text(errors="replace").splitlines():
            match = _CALL.match(line)
            if match and "resumed>" not in line:
                calls.append(match.group(1))
        log.unlink()
        return outcome, calls


def faults(calls: list[str], *, stride: int = 1) -> Iterator[Fault]:
    """A crash at every position of `calls`, and a full disk at every write (every `stride`)."""
    trace = ("-e", "trace=" + ",".join(MUTATING), "-o", os.devnull)
    seen: dict[str, int] = {}
    for position, name in enumerate(calls):
        seen[name] = seen.get(name, 0) + 1
        if position % stride:
            continue
        kill = f"inject={name}:signal=SIGKILL:when={seen[name]}"
        yield Fault("crash", position, name, (*trace, "-e", kill))
        if name in WRITES:
            full = []
            for write in WRITES:
                first = sum(1 for earlier in calls[:position] if earlier == write) + 1
                full += ["-e", f"inject={write}:error=ENOSPC:when={first}+"]
            yield Fault("disk full", position, name, (*trace, *full))
