"""Which positions the fault sweep puts faults at (fault_injection.swept and faults)."""

from __future__ import annotations

from .fault_injection import Call, faults, swept

WAL = "/v/waystation.db-wal"


def test_a_long_run_of_writes_to_one_file_is_swept_at_its_ends_and_middle():
    calls = [Call("pwrite64", WAL) for _ in range(11)]
    calls += [Call("fsync"), Call("pwrite64", "/v/waystation.db"), Call("rename")]
    keep = swept(calls)
    assert [i for i, kept in enumerate(keep) if kept] == [0, 1, 5, 9, 10, 11, 12, 13]
    assert all(swept(calls, every_write=True))


def test_short_runs_and_other_syscalls_are_swept_whole():
    calls = [Call("pwrite64", WAL)] * 4 + [Call("write", "/v/keyfile.json.tmp"), Call("unlink")]
    assert all(swept(calls))
    # Writes to different files never form one run.
    alternating = [Call("pwrite64", WAL if i % 2 else "/v/waystation.db") for i in range(9)]
    assert all(swept(alternating))


def test_a_skipped_position_still_counts_for_the_later_ones():
    calls = [Call("pwrite64", WAL) for _ in range(8)] + [Call("pwrite64", "/v/waystation.db")]
    planned = list(faults(calls))
    last = [f for f in planned if f.position == 8 and f.kind == "crash"]
    assert last and "inject=pwrite64:signal=SIGKILL:when=9" in last[0].options
    full = [f for f in planned if f.position == 8 and f.kind == "disk full"]
    assert "inject=pwrite64:error=ENOSPC:when=9+" in full[0].options
