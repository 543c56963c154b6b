"""The fault-injection sweep's zygote: imports the app once, then forks one child per run.

Protocol: one JSON request per line on standard input; for each, the zygote
forks, prints {"pid": N} for the test to attach strace to, waits for the
child and prints {"status": S} (the wait status: a negative signal number if
killed). The child waits until strace is attached (TracerPid in
/proc/self/status), runs the job in-process and writes its outcome into the
result file through mmap, so that reporting it makes no write syscall that a
fault could land on. Then it leaves with os._exit.

Jobs:
- {"job": "cli", "argv": [...], "stdin": "..."}: `waystation ARGV`, exactly as
  the command line runs it (app.__main__ hardens the process the same way),
  minus the interpreter's start-up;
- {"job": "answers", "vault": DIR, "screening": ID, "count": N}: unlock as
  `sol` and save N answers one by one, noting each as acknowledged only after
  save_answer returned;
- {"job": "lifecycle", "vault": DIR, "step": "begin" | "stop", "screening": ID}:
  unlock as `sol` and begin a screening with its consent in a new case, or
  stop the screening ID (whose answers the person did not agree to keep).

Key derivation writes nothing, so the sweep uses the cheap TEST_KDF cost
(allowed in this process only) for speed; the writes swept are the same. So do
LANGUAGE=C and a fixed terminal size: argparse otherwise looks for its own
message catalogs and asks the terminal's size for every subcommand it builds,
some 900 syscalls that write nothing but each stop the traced child (about
half the time of a run).
"""

from __future__ import annotations

import ctypes
import io
import json
import mmap
import os
import sys
import time
import traceback

RESULT_BYTES = 64 * 1024
PR_SET_PTRACER = 0x59616D61
PR_SET_PTRACER_ANY = -1


def _tracer_attached() -> bool:
    with open("/proc/self/status", "rb") as status:
        for line in status:
            if line.startswith(b"TracerPid:"):
                return int(line.split()[1]) != 0
    return False


class _Result:
    """The child's outcome, written through mmap (no write syscall)."""

    def __init__(self, path: str) -> None:
        descriptor = os.open(path, os.O_RDWR)
        self._map = mmap.mmap(descriptor, RESULT_BYTES)
        os.close(descriptor)
        self.data: dict = {"acknowledged": []}

    def save(self) -> None:
        text = json.dumps(self.data).encode("utf-8")[: RESULT_BYTES - 1]
        self._map[: len(text) + 1] = text + b"\0"


def _cli(request: dict, result: _Result) -> int:
    from app.cli import main as cli_main
    from app.platform_safety import harden_process

    harden_process()
    sys.stdin = io.StringIO(request.get("stdin", ""))
    out, err = io.StringIO(), io.StringIO()
    sys.stdout, sys.stderr = out, err
    try:
        code = cli_main.main(request["argv"])
    except SystemExit as leaving:
        code = leaving.code if isinstance(leaving.code, int) else 2
    except BaseException:  # a traceback is what the sweep looks for
        code = 70
        result.data["traceback"] = traceback.format_exc()
    result.data.update(code=code, stdout=out.getvalue(), stderr=err.getvalue())
    return code


def _reported(result: _Result, body) -> int:
    """Run `body`; a user-facing error is code 1 as the CLI says it, anything else 70."""
    from app.domain.errors import WaystationError

    try:
        body()
    except WaystationError as error:
        result.data.update(code=1, stderr="error: " + str(error))
        return 1
    except BaseException:
        result.data.update(code=70, traceback=traceback.format_exc())
        return 70
    result.data["code"] = 0
    return 0


def _answers(request: dict, result: _Result) -> int:
    from app.storage.vault import Vault

    def body() -> None:
        with Vault.open(request["vault"], "sol", "sol-password", purge=False) as vault:
            sink = vault.screenings.answer_sink(request["screening"])
            for number in range(request["count"]):
                question = f"q{number}"
                sink.save_answer(question, "yes", False)
                result.data["acknowledged"].append(question)
                result.save()

    return _reported(result, body)


def _lifecycle(request: dict, result: _Result) -> int:
    from app.domain.consent import ConsentAnswers
    from app.screening.loader import find_form
    from app.storage.vault import Vault
    from app.workflows import screening as lifecycle

    def body() -> None:
        with Vault.open(request["vault"], "sol", "sol-password", purge=False) as vault:
            if request["step"] == "begin":
                consent = ConsentAnswers(True, True, False, given_by="person")
                form = find_form("border-triage")
                lifecycle.begin(
                    vault, form, consent=consent, interviewer_lang="en", respondent_lang="ar"
                )
            else:
                vault.screenings.finish(request["screening"], "stopped", stop_reason="distress")

    return _reported(result, body)


def _child(request: dict) -> None:
    code = 71
    try:
        result = _Result(request["result"])
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PTRACER, PR_SET_PTRACER_ANY, 0, 0, 0)  # Yama: let strace attach
        deadline = time.monotonic() + 10
        while not _tracer_attached():
            if time.monotonic() > deadline:
                os._exit(72)
            time.sleep(0.001)
        job = {"cli": _cli, "answers": _answers, "lifecycle": _lifecycle}[request["job"]]
        code = job(request, result)
        result.save()
    finally:
        os._exit(code)


def main() -> None:
    from app.storage.keyfile import TEST_KDF
    from app.storage.keyfile_checks import allow_test_kdf
    from app.storage.users import Users

    allow_test_kdf()
    os.environ.update(LANGUAGE="C", COLUMNS="80", LINES="24")
    Users.add.__kwdefaults__["kdf"] = TEST_KDF  # `user add` in the sweep: cheap new slots
    import importlib

    from app.cli import main as cli_main

    for module in cli_main.COMMAND_MODULES:  # imported once here, not in every child
        importlib.import_module(module)
    cli_main.build_parser()
    importlib.import_module("app.workflows.screening")  # the lifecycle job's code

    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _child(request)
        print(json.dumps({"pid": pid}), flush=True)
        _, status = os.waitpid(pid, 0)
        code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
        print(json.dumps({"status": code}), flush=True)


if __name__ == "__main__":
    main()
