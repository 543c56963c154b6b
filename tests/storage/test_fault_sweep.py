"""The fault-injection sweep: a crash and a full disk at every write of each command.

For `user add`, `user remove`, `user passwd` (an administrator's reset),
`user role`, `vault backup`, `vault restore`, `vault purge`, `case withdraw`,
a run of answer saves, beginning a screening with its consent, and stopping
one whose answers the person did not agree to keep,
strace kills the process (SIGKILL) before the k-th syscall that changes a
file, and separately fails the k-th write and every later one with ENOSPC,
for every k the command makes (fault_injection.py). After each fault:

- no traceback, and a command that said it succeeded did it;
- the vault opens and verifies (audit chain, head, pages, integrity);
- it is in the state before the command or the state after it, never between;
- no answer reported saved is missing;
- a removed account's password opens nothing, not even through a copy of the
  key file taken before the command.

The counts of faults and violations are printed (run `make faults` to see
them); docs/vault.md quotes the latest. Inside a long run of writes to one file
only its ends and middle are swept (fault_injection.py says why), unless
WAYSTATION_FAULT_EVERY_WRITE=1, which `make faults` sets. WAYSTATION_FAULT_STRIDE=N
sweeps every N-th position only (default 1: every position).
"""

from __future__ import annotations

import os
import shutil
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.domain.errors import WaystationError, WrongPassword
from app.storage.vault import Vault
from tests.screening_setup import NOT_KEPT, begin

from .disk_scan import decrypt_database, old_key_opens
from .fault_injection import Outcome, Zygote, faults, strace_available, swept

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not strace_available(),
    reason="the sweep needs Linux and strace",
)

STRIDE = int(os.environ.get("WAYSTATION_FAULT_STRIDE", "1"))
EVERY_WRITE = os.environ.get("WAYSTATION_FAULT_EVERY_WRITE", "") == "1"
ANSWERS = 6
WORKERS = 2  # runs wait on strace and fsync more than on the CPU
MARKER = "PURGE-MARKER-5f2c"


@dataclass
class Sweep:
    """Counts for the report, and what went wrong (shared by the worker threads)."""

    faults: int = 0
    crashes: int = 0
    full_disks: int = 0
    states: dict | None = None
    violations: list[str] | None = None

    def __post_init__(self) -> None:
        self.states = {"before": 0, "after": 0}
        self.violations = []
        self._lock = threading.Lock()

    def add(self, fault, state: str | None, violation: str | None) -> None:
        with self._lock:
            self.faults += 1
            if fault.kind == "crash":
                self.crashes += 1
            else:
                self.full_disks += 1
            if violation is not None:
                self.violations.append(violation)
            else:
                self.states[state] += 1


def _open_as(folder: Path, name: str, password: str, **kwargs) -> Vault:
    return Vault.open(folder, name, password, **kwargs)


def _opens(folder: Path, name: str, password: str) -> bool:
    try:
        _open_as(folder, name, password, purge=False).close()
    except WrongPassword:
        return False
    return True


# -- the state before or after, per command ------------------------------------


def _state_user_add(folder: Path, setup: dict) -> str:
    with _open_as(folder, "ada", "ada-password", purge=False) as vault:
        present = "zoe" in {user.name for user in vault.users.list()}
        assert present == (vault.keyfile.slot("zoe") is not None), "row and slot disagree"
    assert _opens(folder, "zoe", "zoe-password") == present, "zoe's password and the rows disagree"
    return "after" if present else "before"


def _state_user_remove(folder: Path, setup: dict) -> str:
    with _open_as(folder, "ada", "ada-password", purge=False) as vault:
        present = "sky" in {user.name for user in vault.users.list()}
        assert present == (vault.keyfile.slot("sky") is not None), "row and slot disagree"
    assert _opens(folder, "sky", "sky-password") == present, "sky's password and the rows disagree"
    if not present:
        assert not old_key_opens(folder, setup["keyfile"], "sky", "sky-password"), (
            "the removed account's old key still opens the database"
        )
    return "before" if present else "after"


def _state_user_passwd(folder: Path, setup: dict) -> str:
    old = _opens(folder, "sky", "sky-password")
    new = _opens(folder, "sky", "sky-new-password")
    assert old != new, f"old password opens: {old}, new password opens: {new}"
    if new:
        assert not old_key_opens(folder, setup["keyfile"], "sky", "sky-password"), (
            "the old key file still opens the database after the reset"
        )
    return "after" if new else "before"


def _state_user_role(folder: Path, setup: dict) -> str:
    with _open_as(folder, "sol", "sol-password", purge=False) as vault:
        role = vault.user.role.value  # the row and the sealed slot agree, or it would not open
    assert role in ("screener", "supervisor"), role
    return "after" if role == "supervisor" else "before"


def _state_vault_backup(folder: Path, setup: dict) -> str:
    out: Path = setup["out"]
    leftovers = [p.name for p in out.parent.iterdir() if p != out]
    assert all(name.startswith("." + out.name + ".") for name in leftovers), leftovers
    if not out.exists():
        return "before"
    restored = Vault.restore(out, out.parent / "check-restore")
    try:
        with _open_as(restored, "ada", "ada-password", purge=False) as vault:
            assert vault.verify().ok, "the backup does not verify"
    finally:
        shutil.rmtree(restored)
    return "after"


def _state_vault_restore(folder: Path, setup: dict) -> str:
    target: Path = setup["target"]
    if not target.exists() or not any(target.iterdir()):
        Vault.restore(setup["backup"], target)  # a retry after the fault succeeds
        shutil.rmtree(target)
        return "before"
    with _open_as(target, "ada", "ada-password", purge=False) as vault:
        assert vault.verify().ok, "the restored vault does not verify"
    return "after"


def _state_vault_purge(folder: Path, setup: dict) -> str:
    with _open_as(folder, "ada", "ada-password", purge=False) as vault:
        remaining = vault.connection.execute("SELECT count(*) FROM cases").fetchone()[0]
        due = vault.connection.execute("SELECT compact_due FROM vault_state").fetchone()[0]
        key = vault.data_key
        assert not due, "the compaction was not finished at unlock"
        if remaining == setup["cases_after"]:
            pages = decrypt_database(folder, key)
            assert MARKER.encode() not in pages, "purged answers are still in the file"
    assert remaining in (setup["cases_before"], setup["cases_after"]), remaining
    return "before" if remaining == setup["cases_before"] else "after"


def _state_case_withdraw(folder: Path, setup: dict) -> str:
    with _open_as(folder, "ada", "ada-password", purge=False) as vault:
        present = vault.connection.execute(
            "SELECT count(*) FROM cases WHERE reference = ?", (setup["reference"],)
        ).fetchone()[0]
        due = vault.connection.execute("SELECT compact_due FROM vault_state").fetchone()[0]
        key = vault.data_key
    assert not due, "the compaction was not finished at unlock"
    if not present:
        assert MARKER.encode() not in decrypt_database(folder, key), "withdrawn answers remain"
    return "before" if present else "after"


def _state_begin(folder: Path, setup: dict) -> str:
    with _open_as(folder, "sol", "sol-password", purge=False) as vault:
        rows = vault.connection.execute(
            "SELECT consent_screen, consent_at, consent_by FROM screenings"
        ).fetchall()
        cases = vault.connection.execute("SELECT count(*) FROM cases").fetchone()[0]
    # Never a screening without its consent, nor a case left without its screening.
    assert all(row[0] == 1 and row[1] and row[2] == "person" for row in rows), rows
    assert cases == len(rows), f"{cases} cases for {len(rows)} screenings"
    return "after" if rows else "before"


def _state_not_kept(folder: Path, setup: dict) -> str:
    with _open_as(folder, "sol", "sol-password", purge=False) as vault:
        status = vault.screenings.get(setup["screening"]).status.value
        kept = vault.screenings.count_answers(setup["screening"])
        key = vault.data_key
    if status == "stopped":
        assert kept == 0, f"{kept} answers kept after the end"
        assert MARKER.encode() not in decrypt_database(folder, key), "answer values remain"
        return "after"
    assert status == "draft" and kept == ANSWERS, (status, kept)
    return "before"


def _state_answers(folder: Path, setup: dict, outcome: Outcome) -> str:
    with _open_as(folder, "sol", "sol-password", purge=False) as vault:
        stored = vault.screenings.answers(setup["screening"])
    missing = [q for q in outcome.result.get("acknowledged", []) if q not in stored]
    assert not missing, f"answers reported saved are missing: {missing}"
    return "after" if len(stored) == ANSWERS else "before"


# -- the sweep ---------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    name: str
    request: Callable[[Path, dict], dict]
    state: Callable


def _cli(args: list[str], stdin: str, *, user: str | None = "ada"):
    def request(folder: Path, setup: dict) -> dict:
        argv = [part.format(**setup) for part in args]
        if user:
            argv += ["--vault", str(folder), "--user", user, "--password-stdin"]
        else:  # `vault restore`: --vault names the new folder
            argv += ["--vault", str(setup["target"])]
        return {"job": "cli", "argv": argv, "stdin": stdin}

    return request


SCENARIOS = [
    Scenario(
        "user add",
        _cli(["user", "add", "zoe", "--role", "screener"], "ada-password\nzoe-password\n"),
        _state_user_add,
    ),
    Scenario("user remove", _cli(["user", "remove", "sky"], "ada-password\n"), _state_user_remove),
    Scenario(
        "user passwd",
        _cli(["user", "passwd", "sky"], "ada-password\nsky-new-password\n"),
        _state_user_passwd,
    ),
    Scenario(
        "user role",
        _cli(["user", "role", "sol", "supervisor"], "ada-password\n"),
        lambda folder, setup: _state_user_role(folder, setup),
    ),
    Scenario(
        "vault backup",
        _cli(["vault", "backup", "--out", "{out}"], "ada-password\n"),
        _state_vault_backup,
    ),
    Scenario(
        "vault restore",
        _cli(["vault", "restore", "{backup}"], "", user=None),
        _state_vault_restore,
    ),
    Scenario("vault purge", _cli(["vault", "purge"], "ada-password\n"), _state_vault_purge),
    Scenario(
        "case withdraw",
        _cli(["case", "withdraw", "{reference}", "--yes"], "sol-password\n", user="sol"),
        _state_case_withdraw,
    ),
    Scenario(
        "screening begin",
        lambda folder, setup: {"job": "lifecycle", "vault": str(folder), "step": "begin"},
        _state_begin,
    ),
    Scenario(
        "end of answers not kept",
        lambda folder, setup: {
            "job": "lifecycle",
            "vault": str(folder),
            "step": "stop",
            "screening": setup["screening"],
        },
        _state_not_kept,
    ),
    Scenario(
        "answer saves",
        lambda folder, setup: {
            "job": "answers",
            "vault": str(folder),
            "screening": setup["screening"],
            "count": ANSWERS,
        },
        _state_answers,
    ),
]


def _new_screening(vault):
    case = vault.cases.create()
    return begin(vault, case.id, form_id="adult")


def _prepare(name: str, template: Path, work: Path) -> tuple[Path, dict]:
    """The starting vault for one scenario, and what its checks need to know."""
    base = work / "base"
    shutil.copytree(template, base)
    setup: dict = {"keyfile": (base / "keyfile.json").read_bytes()}
    if name == "vault purge":
        with _open_as(base, "sol", "sol-password", purge=False) as vault:
            for _ in range(3):
                screening = _new_screening(vault)
                vault.screenings.save_answer(screening.id, "q1", MARKER, False)
                vault.cases.close(screening.case_id)
            vault.connection.execute("UPDATE cases SET closed_at = '2000-01-01T00:00:00+00:00'")
            vault.cases.create()
            setup["cases_before"] = 4
            setup["cases_after"] = 1
    if name == "answer saves":
        with _open_as(base, "sol", "sol-password", purge=False) as vault:
            setup["screening"] = _new_screening(vault).id
    if name == "case withdraw":
        with _open_as(base, "sol", "sol-password", purge=False) as vault:
            screening = _new_screening(vault)
            vault.screenings.save_answer(screening.id, "q1", MARKER, False)
            setup["reference"] = vault.cases.check_access(screening.case_id).reference
    if name == "end of answers not kept":
        with _open_as(base, "sol", "sol-password", purge=False) as vault:
            screening = begin(vault, form_id="border-triage", consent=NOT_KEPT)
            for number in range(ANSWERS):
                vault.screenings.save_answer(screening.id, f"q{number}", MARKER, False)
            setup["screening"] = screening.id
    if name == "vault restore":
        with _open_as(base, "ada", "ada-password", purge=False) as vault:
            setup["backup"] = vault.backup(work / "source.wsbackup")
    return base, setup


def _worker_setup(setup: dict, work: Path) -> dict:
    """A worker's own paths: its vault copy, backup folder and restore target."""
    work.mkdir()
    return {**setup, "out": work / "out" / "vault.wsbackup", "target": work / "restored"}


def _reset(base: Path, folder: Path, setup: dict) -> None:
    for path in (folder, setup["target"], setup["out"].parent):
        shutil.rmtree(path, ignore_errors=True)
    for leftover in setup["target"].parent.glob(".restored.incomplete-*"):
        shutil.rmtree(leftover)
    shutil.copytree(base, folder)
    setup["out"].parent.mkdir()


def _judge(scenario: Scenario, outcome: Outcome, folder: Path, setup: dict) -> str:
    """The state after one fault ('before' or 'after'); AssertionError names a violation."""
    assert outcome.status != 72, "strace did not attach"
    assert "Traceback" not in outcome.text, outcome.text
    if not outcome.killed:
        code = outcome.result.get("code", outcome.status)
        assert code in (0, 1), f"exit code {code}: {outcome.text}"
        if code == 1 and scenario.name != "answer saves":
            assert outcome.result.get("stderr", "").startswith("error: "), outcome.text
    if scenario.name != "vault restore":
        with _open_as(folder, "ada", "ada-password", purge=False) as vault:
            report = vault.verify()
            assert report.ok, f"verify: {report.problems} {report.bad_audit_entry}"
    if scenario.name == "answer saves":
        state = _state_answers(folder, setup, outcome)
    else:
        state = scenario.state(folder, setup)
    if not outcome.killed and outcome.result.get("code") == 0:
        assert state == "after", "the command said it succeeded, but the vault is as before"
    return state


def _sweep(scenario: Scenario, base: Path, setup: dict, work: Path, planned: list, sweep: Sweep):
    """Run `planned` faults one by one in a zygote of its own, counting into `sweep`."""
    folder = work / "vault"
    zygote = Zygote(work)
    try:
        for fault in planned:
            _reset(base, folder, setup)
            outcome = zygote.run(scenario.request(folder, setup), fault.options)
            try:
                state = _judge(scenario, outcome, folder, setup)
            except (AssertionError, WaystationError) as problem:
                sweep.add(
                    fault, None, f"{fault.kind} at {fault.syscall} #{fault.position}: {problem}"
                )
                continue
            sweep.add(fault, state, None)
    finally:
        zygote.close()


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_a_crash_or_a_full_disk_at_every_write_leaves_before_or_after(
    scenario, vault_template, tmp_path
):
    base, setup = _prepare(scenario.name, vault_template, tmp_path)
    first = _worker_setup(setup, tmp_path / "w0")
    zygote = Zygote(tmp_path / "w0")
    try:
        _reset(base, tmp_path / "w0" / "vault", first)
        clean, calls = zygote.record(scenario.request(tmp_path / "w0" / "vault", first))
    finally:
        zygote.close()
    assert clean.status == 0 and not clean.killed, clean.text
    assert _judge(scenario, clean, tmp_path / "w0" / "vault", first) == "after"
    assert calls, "strace saw no write"
    planned = list(faults(calls, stride=STRIDE, every_write=EVERY_WRITE))
    positions = sum(swept(calls, every_write=EVERY_WRITE)[::STRIDE])
    sweep = Sweep()
    workers = [
        threading.Thread(
            target=_sweep,
            args=(
                scenario,
                base,
                _worker_setup(setup, tmp_path / f"w{n + 1}"),
                tmp_path / f"w{n + 1}",
                planned[n::WORKERS],
                sweep,
            ),
        )
        for n in range(WORKERS)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    print(
        f"\n{scenario.name}: {len(calls)} writing syscalls, {positions} swept; "
        f"{sweep.faults} faults "
        f"({sweep.crashes} crashes, {sweep.full_disks} full disks); "
        f"before {sweep.states['before']}, after {sweep.states['after']}; "
        f"violations {len(sweep.violations)}"
    )
    assert sweep.faults == len(planned), "a worker stopped early"
    assert not sweep.violations, "\n".join(sweep.violations[:20])
