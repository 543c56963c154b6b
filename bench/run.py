"""`make bench`: how Waystation behaves with a year of work on one laptop.

Builds a vault of 20,000 cases and 500,000 answers (synthetic, fixed seed,
real key-derivation cost) and a stdlib sqlite3 copy of the same rows in a
private temporary folder, measures each figure against a baseline taken in
the same run, prints a table and writes JSON to bench/results/. The folder
is deleted at the end. Nothing here is a test: speed is never asserted.

    python bench/run.py [--cases N] [--answers N] [--runs N]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import measures  # noqa: E402
import scoring as scoring_bench  # noqa: E402

from app.demo.builder import add_demo_services  # noqa: E402
from app.demo.bulk_load import load_synthetic  # noqa: E402
from app.storage.vault import Vault  # noqa: E402

USER = "demo"
PASSWORD = "bench-password-not-secret"
PROBES = HERE / "probes"


def machine() -> dict:
    """nproc, CPU model and RAM of this machine."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor()
    ram = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = int(line.split()[1]) // 1024
    except OSError:
        pass
    from PySide6 import __version__ as pyside

    return {
        "nproc": os.cpu_count(),
        "cpu": model,
        "ram_mib": ram,
        "python": platform.python_version(),
        "pyside6": pyside,
        "platform": platform.platform(),
    }


def _env() -> dict:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def startup(vault: Path, runs: int) -> dict:
    """Spawn to first painted window: the app (unlock screen) vs a bare PySide6 window."""
    result: dict = {}
    for mode, args in (("bare", ["bare"]), ("app", ["app", str(vault)])):
        times, rss = [], []
        for _ in range(runs):
            started = time.perf_counter()
            child = subprocess.Popen(
                [sys.executable, str(PROBES / "startup_probe.py"), *args],
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=_env(),
                text=True,
            )
            line = child.stdout.readline()
            times.append(time.perf_counter() - started)
            child.wait(timeout=60)
            rss.append(json.loads(line)["rss_kib"])
        result[f"{mode}_s"] = statistics.median(times)
        result[f"{mode}_rss_mib"] = max(rss) / 1024
    return result


def _probe(script: str, *args: str) -> dict:
    """Run a probe with the password on stdin; its last JSON line, or {"error": ...}."""
    child = subprocess.run(
        [sys.executable, str(PROBES / script), *args],
        input=PASSWORD + "\n",
        capture_output=True,
        env=_env(),
        text=True,
        timeout=3600,
        check=False,
    )
    lines = [line for line in child.stdout.splitlines() if line.startswith("{")]
    if child.returncode != 0 or not lines:
        return {"error": (child.stderr or "no output").strip().splitlines()[-1:]}
    return json.loads(lines[-1])


def case_list(vault: Path) -> dict:
    """First screenful and filter-as-you-type through the UI's case list, and peak memory."""
    data = _probe("case_list_probe.py", str(vault), USER)
    if "error" in data:
        return data
    return {
        "rows": data["rows"],
        "core_query_s": data["core_query_s"],
        "first_screen_s": data["first_screen_s"],
        "filter_p50_s": measures.percentile(data["filter_s"], 0.5),
        "filter_p95_s": measures.percentile(data["filter_s"], 0.95),
        "keystrokes": len(data["filter_s"]),
        "peak_rss_mib": data["rss_kib"] / 1024,
    }


def reports(vault: Path, folder: Path) -> dict:
    """The reports page and `report stats` over the year, against the core query of all cases."""
    out = folder / "reports"
    out.mkdir(mode=0o700)
    return _probe("reports_probe.py", str(vault), USER, str(out))


def build(folder: Path, cases: int, answers: int) -> tuple[Path, object, float]:
    started = time.perf_counter()
    vault_dir = folder / "vault"
    with Vault.create(vault_dir, USER, PASSWORD) as vault:
        add_demo_services(vault)  # the referrals go to them (type, country)
        load_synthetic(vault, cases=cases, answers=answers)
    plain = measures.plain_sqlite_copy(folder / "plain.db", cases, answers)
    return vault_dir, plain, time.perf_counter() - started


def rows(figures: dict) -> list[tuple[str, str, str, str, str]]:
    """(figure, value, baseline, goal, verdict) lines of the table."""
    ms = lambda s: f"{s * 1000:.1f} ms"  # noqa: E731
    table = []

    def line(name, value, baseline, goal, ok):
        table.append((name, value, baseline, goal, "ok" if ok else "MISSED"))

    s = figures["startup"]
    line(
        "start-up to first paint",
        ms(s["app_s"]),
        f"bare window {ms(s['bare_s'])}",
        "<= 1.5x bare",
        s["app_s"] <= 1.5 * s["bare_s"],
    )
    u = figures["unlock"]
    kdf = u["kdf_params"]
    line(
        "unlock: key derivation",
        ms(u["kdf_s"]),
        f"argon2id {kdf['memory_kib'] // 1024} MiB, t={kdf['iterations']}, p={kdf['lanes']}",
        "slow on purpose",
        True,
    )
    line(
        "unlock: after key derivation",
        ms(u["after_kdf_s"]),
        f"then the page check in the background {ms(u['full_page_check_s'])}",
        "< 150 ms",
        u["after_kdf_s"] < 0.150,
    )
    a = figures["answer_save"]
    line(
        "answer save p50",
        ms(a["vault_p50_s"]),
        f"sqlite3 {ms(a['sqlite3_p50_s'])}",
        "-",
        True,
    )
    line(
        "answer save p99",
        ms(a["vault_p99_s"]),
        f"sqlite3 {ms(a['sqlite3_p99_s'])}",
        "< 10 ms and <= 3x sqlite3",
        a["vault_p99_s"] < 0.010 and a["vault_p99_s"] <= 3 * a["sqlite3_p99_s"],
    )
    e = figures["screening_end"]
    line(
        "completing a screening whose answers are not kept (p50)",
        ms(e["not_kept_p50_s"]),
        f"answers kept {ms(e['kept_p50_s'])}; a VACUUM at this size {ms(e['vacuum_s'])}",
        "< 150 ms",
        e["not_kept_max_s"] < 0.150,
    )
    c = figures["case_list"]
    if "error" in c:
        line("case list", "failed", " ".join(c["error"]), "-", False)
    else:
        line(
            f"case list: first screenful ({c['rows']} rows)",
            ms(c["first_screen_s"]),
            f"core query {ms(c['core_query_s'])}",
            "< 100 ms",
            c["first_screen_s"] < 0.100,
        )
        line(
            "case list: filter-as-you-type p95",
            ms(c["filter_p95_s"]),
            f"p50 {ms(c['filter_p50_s'])}, {c['keystrokes']} keystrokes",
            "< 50 ms",
            c["filter_p95_s"] < 0.050,
        )
        line(
            "peak memory with that vault",
            f"{c['peak_rss_mib']:.0f} MiB",
            f"bare window {s['bare_rss_mib']:.0f} MiB",
            "< 300 MB",
            c["peak_rss_mib"] * 1.048576 < 300,
        )
    f = figures["followups"]
    line(
        f"case list: follow-up due filter ({f['due_cases']} cases, {f['referrals']} referrals)",
        ms(f["due_filter_s"]),
        f"first page, default order {ms(f['first_page_s'])}",
        "< 50 ms",
        f["due_filter_s"] < 0.050,
    )
    line(
        "follow-ups due count (after unlock)",
        ms(f["due_count_s"]),
        f"first page, default order {ms(f['first_page_s'])}",
        "< 50 ms",
        f["due_count_s"] < 0.050,
    )
    r = figures["reports"]
    if "error" in r:
        line("reports", "failed", " ".join(r["error"]), "-", False)
    else:
        baseline = f"core query of all cases {ms(r['baseline_s'])}"
        line("reports page, last 12 months", ms(r["page_s"]), baseline, "< 2 s", r["page_s"] < 2)
        line(
            f"report stats, last 12 months ({r['rows']} rows)",
            ms(r["stats_s"]),
            baseline,
            "< 2 s",
            r["stats_s"] < 2,
        )
        line(f"report PDF, {r['pages']} pages, en", ms(r["pdf_s"]), baseline, "-", True)
    p = figures["packets"]
    for lang in ("en", "ar"):
        line(
            f"referral packet, {p[lang + '_pages']} pages, {lang}",
            ms(p[lang + "_s"]),
            f"plain reportlab 4 pages {ms(p['plain_reportlab_s'])}",
            "< 0.5 s",
            p[lang + "_s"] < 0.5,
        )
    for key, name in (("forty", "scoring a 40-question form"), ("adult", "scoring the adult form")):
        f = figures["scoring"][key]
        line(
            f"{name} p95",
            ms(f["score_p95_s"]),
            f"counting indicators {ms(f['count_baseline_p50_s'])} (p50 {f['ratio_p50']:.0f}x)",
            "< 5 ms",
            f["score_p95_s"] < 0.005,
        )
    return table


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--answers", type=int, default=500_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="waystation-bench-"))
    folder.chmod(0o700)
    try:
        print(f"building {args.cases} cases / {args.answers} answers ...", flush=True)
        vault_dir, plain, built = build(folder, args.cases, args.answers)
        figures: dict = {"machine": machine(), "build_s": built}
        print("start-up ...", flush=True)
        figures["startup"] = startup(vault_dir, args.runs)
        print("unlock ...", flush=True)
        figures["unlock"] = measures.unlock(vault_dir, USER, PASSWORD, args.runs)
        print("answer save ...", flush=True)
        figures["answer_save"] = measures.answer_save(vault_dir, USER, PASSWORD, plain)
        plain.close()
        print("end of a screening whose answers are not kept ...", flush=True)
        figures["screening_end"] = measures.screening_end(vault_dir, USER, PASSWORD, args.runs)
        print("case list ...", flush=True)
        figures["case_list"] = case_list(vault_dir)
        print("referral follow-up ...", flush=True)
        figures["followups"] = measures.followups(vault_dir, USER, PASSWORD, args.runs)
        print("reports ...", flush=True)
        figures["reports"] = reports(vault_dir, folder)
        print("referral packets ...", flush=True)
        figures["packets"] = measures.packets(args.runs)
        print("scoring ...", flush=True)
        figures["scoring"] = scoring_bench.scoring()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    table = rows(figures)
    widths = [max(len(row[i]) for row in table) for i in range(5)]
    for row in table:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    figures["table"] = table
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    (out / f"bench-{stamp}.json").write_text(json.dumps(figures, indent=2) + "\n", "utf-8")
    print(f"wrote bench/results/bench-{stamp}.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
