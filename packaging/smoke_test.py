"""Run the built bundle headless and check that it works: `python packaging/smoke_test.py DIST`.

Every run happens with HOME, the temp folder and the user data folders pointed
into one throwaway folder, so the check also proves that the bundle writes
nothing but what it was asked to write. Exit code 0 when every check passed.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from bundle_contents import data_kept, offered_language_codes  # noqa: E402
from project_meta import version  # noqa: E402

TIMEOUT = 120  # seconds for one command; a cold start on a slow laptop takes a few
PASSWORD = "smoke-test-password"  # noqa: S105 - a throwaway vault
QUIT_AFTER_START_ENV = "WAYSTATION_QUIT_AFTER_START"
# Qt modules the app does not use: their presence means the excludes stopped working.
UNWANTED_LIBRARIES = re.compile(r"Qt6?(WebEngine|Qml|Quick|Network|Pdf|Multimedia|3D)", re.I)


class CheckFailed(Exception):
    """One check did not pass; the message says what was seen."""


class Bundle:
    """The built one-folder bundle and the throwaway environment its programs run in."""

    def __init__(self, folder: Path, sandbox: Path) -> None:
        self.folder = folder
        self.sandbox = sandbox
        self.home = sandbox / "home"
        self.tmp = sandbox / "tmp"
        self.work = sandbox / "work"
        for path in (self.home, self.tmp, self.work):
            path.mkdir()
        if sys.platform == "win32":
            self.cli = folder / "waystation-cli.exe"
            self.gui = folder / "Waystation.exe"
        else:
            self.cli = self.gui = folder / "waystation"
        self.internal = folder / "_internal"

    def env(self, **extra: str) -> dict[str, str]:
        """The environment of every run: no way to reach the real home or temp folder."""
        keep = ("PATH", "LANG", "LC_ALL", "SYSTEMROOT", "WINDIR", "DISPLAY", "XAUTHORITY")
        env = {key: os.environ[key] for key in keep if key in os.environ}
        home = str(self.home)
        env.update(
            HOME=home,
            USERPROFILE=home,
            APPDATA=str(self.home / "AppData" / "Roaming"),
            LOCALAPPDATA=str(self.home / "AppData" / "Local"),
            XDG_DATA_HOME=str(self.home / ".local" / "share"),
            XDG_CONFIG_HOME=str(self.home / ".config"),
            XDG_CACHE_HOME=str(self.home / ".cache"),
            XDG_STATE_HOME=str(self.home / ".local" / "state"),
            XDG_RUNTIME_DIR=str(self.tmp),
            TMPDIR=str(self.tmp),
            TEMP=str(self.tmp),
            TMP=str(self.tmp),
            QT_QPA_PLATFORM="offscreen",
        )
        env.update(extra)
        return env

    def run(
        self, *args: str, stdin: str = "", program: Path | None = None, **env: str
    ) -> subprocess.CompletedProcess[str]:
        """Run the bundle's program with `args`; returns the finished process."""
        return subprocess.run(
            [str(program or self.cli), *args],
            input=stdin,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            env=self.env(**env),
            cwd=self.work,
            timeout=TIMEOUT,
            check=False,
        )


def expect(process: subprocess.CompletedProcess[str], code: int = 0) -> str:
    """The output of `process`, or CheckFailed when its exit code is not `code`."""
    if process.returncode != code:
        detail = (process.stderr or process.stdout).strip().splitlines()[-8:]
        raise CheckFailed(f"exit code {process.returncode}, expected {code}: " + " | ".join(detail))
    if "Traceback (most recent call last)" in process.stderr:
        raise CheckFailed("a traceback was printed: " + process.stderr.strip()[-600:])
    return process.stdout


def files_under(folder: Path) -> set[str]:
    """Every file below `folder`, relative to it."""
    if not folder.exists():
        return set()
    return {str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file()}


def folder_size(folder: Path) -> int:
    """Bytes in the files below `folder`."""
    return sum(
        path.stat().st_size
        for path in folder.rglob("*")
        if path.is_file() and not path.is_symlink()
    )


# --- checks -----------------------------------------------------------------------------


def check_layout(bundle: Bundle) -> str:
    """The bundle carries questionnaires, compiled catalogs, fonts and Qt's own catalogs."""
    inside = bundle.internal
    if not bundle.cli.is_file():
        raise CheckFailed(f"no program at {bundle.cli}")
    forms = sorted((inside / "forms").glob("*.yaml"))
    if not forms:
        raise CheckFailed("no questionnaires in forms/")
    catalogs = sorted((inside / "locales").rglob("*.po"))
    missing_mo = [str(po) for po in catalogs if not po.with_suffix(".mo").is_file()]
    if not catalogs or missing_mo:
        raise CheckFailed(f"catalogs: {len(catalogs)} .po, missing .mo: {missing_mo}")
    fonts = sorted((inside / "app" / "fonts" / "generated").glob("*.ttf"))
    if len(fonts) < 2:
        raise CheckFailed("the static fonts are missing from app/fonts/generated")
    codes = offered_language_codes(ROOT)
    qms = sorted(inside.rglob("*.qm"))
    stray = [p.name for p in qms if not data_kept(str(p.relative_to(inside)), codes)]
    if stray or not qms:
        raise CheckFailed(f"Qt catalogs: {len(qms)} found, not for an offered language: {stray}")
    unwanted = sorted({p.name for p in inside.rglob("*") if UNWANTED_LIBRARIES.search(p.name)})
    if unwanted:
        raise CheckFailed(f"unused Qt modules were bundled: {unwanted[:8]}")
    size = folder_size(bundle.folder) / 1e6
    return (
        f"{len(forms)} forms, {len(catalogs)} catalogs, {len(fonts)} fonts, "
        f"{len(qms)} Qt catalogs, {size:.0f} MB"
    )


def glibc_floor(folder: Path) -> tuple[int, int]:
    """The newest glibc symbol version any program or library in `folder` asks for."""
    newest = (2, 0)
    pattern = re.compile(rb"GLIBC_(\d+)\.(\d+)")
    for path in folder.rglob("*"):
        if path.is_symlink() or not path.is_file():
            continue
        if not (path.suffix == ".so" or ".so." in path.name or os.access(path, os.X_OK)):
            continue
        with path.open("rb") as handle:
            if handle.read(4) != b"\x7fELF":
                continue
            data = handle.read()
        for major, minor in pattern.findall(data):
            newest = max(newest, (int(major), int(minor)))
    return newest


def check_glibc(bundle: Bundle) -> str:
    """Which Linux systems can run the bundle: glibc at least as new as the build needs."""
    if not sys.platform.startswith("linux"):
        return "skipped: Linux only"
    major, minor = glibc_floor(bundle.folder)
    return f"runs on glibc {major}.{minor} or newer"


def check_version(bundle: Bundle) -> str:
    """`--version` prints the one version number of app/__init__.py."""
    out = expect(bundle.run("--version")).strip()
    if out != f"waystation {version()}":
        raise CheckFailed(f"printed {out!r}, expected version {version()}")
    return out


def check_forms(bundle: Bundle) -> str:
    """The questionnaires load and pass the structural checks."""
    listed = expect(bundle.run("forms", "list")).strip().splitlines()
    expect(bundle.run("forms", "validate", "--no-translations"))
    return f"{len(listed)} forms listed and valid"


def check_translations_agree(bundle: Bundle) -> str:
    """Full `forms validate` finds what the source checkout finds (catalogs were bundled)."""
    bundled = bundle.run("forms", "validate")
    source = subprocess.run(
        [sys.executable, "-m", "app", "forms", "validate"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=TIMEOUT,
        check=False,
    )
    if "No module named" in source.stderr:
        return "skipped: the source checkout cannot run here"
    counts = [len(p.stdout.strip().splitlines()) for p in (bundled, source)]
    if bundled.returncode != source.returncode or counts[0] != counts[1]:
        raise CheckFailed(
            f"bundle: exit {bundled.returncode}, {counts[0]} problems; "
            f"source: exit {source.returncode}, {counts[1]} problems "
            "(if a catalog changed since the build: make package)"
        )
    return f"exit {bundled.returncode}, {counts[0]} translation problems, as in the source"


def check_vault(bundle: Bundle) -> str:
    """A vault is created encrypted, opens with its password, and refuses a wrong one."""
    folder = bundle.work / "vault"
    expect(
        bundle.run(
            "vault",
            "init",
            "--admin",
            "smoke",
            "--password-stdin",
            "--vault",
            str(folder),
            stdin=PASSWORD + "\n",
        )
    )
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    if not files:
        raise CheckFailed("vault init wrote no files")
    plain = [p.name for p in files if p.read_bytes()[:16] == b"SQLite format 3\x00"]
    if plain:
        raise CheckFailed(f"unencrypted SQLite database in the vault: {plain}")
    opened = ("--vault", str(folder), "--user", "smoke", "--password-stdin")
    expect(bundle.run("vault", "info", *opened, stdin=PASSWORD + "\n"))
    expect(bundle.run("vault", "verify", *opened, stdin=PASSWORD + "\n"))
    expect(bundle.run("vault", "info", *opened, stdin="not-the-password\n"), code=3)
    return f"{len(files)} files, none readable without the key"


def offers_command(help_text: str, command: str) -> bool:
    """True when argparse's `--help` output lists `command` as a subcommand."""
    name = re.escape(command)
    pattern = rf"\{{[^}}]*\b{name}\b[^}}]*\}}|^\s+{name}\s"
    return re.search(pattern, help_text, re.MULTILINE) is not None


def check_demo(bundle: Bundle) -> str:
    """`demo --out DIR` builds the synthetic demo, when this build has the command."""
    if not offers_command(expect(bundle.run("--help")), "demo"):
        return "skipped: no `demo` command in this build yet"
    out = bundle.work / "demo"
    expect(bundle.run("demo", "--out", str(out)))
    made = sorted(p for p in out.rglob("*") if p.is_file())
    if not made:
        raise CheckFailed("demo --out wrote nothing")
    broken = [p.name for p in made if p.suffix == ".pdf" and p.read_bytes()[:5] != b"%PDF-"]
    if broken:
        raise CheckFailed(f"not PDF files: {broken}")
    return f"{len(made)} files written"


def check_desktop(bundle: Bundle) -> str:
    """The desktop app opens offscreen, paints, and quits cleanly: unlock and first-run pages."""
    quit_now = {QUIT_AFTER_START_ENV: "1"}
    started = time.monotonic()
    expect(bundle.run("--vault", str(bundle.work / "vault"), program=bundle.gui, **quit_now))
    took = time.monotonic() - started
    fresh = bundle.work / "no-vault-yet"
    expect(bundle.run("--lang", "ar", "--vault", str(fresh), program=bundle.gui, **quit_now))
    if fresh.exists() and any(fresh.iterdir()):
        raise CheckFailed("opening the first-run page wrote into the vault folder")
    # The throwaway demo vault lives in the temp folder; the final check sees it removed.
    expect(bundle.run("--demo", program=bundle.gui, **quit_now))
    return f"opened and quit in {took:.1f} s; Arabic first-run page and --demo too"


def check_core_dumps_off(bundle: Bundle) -> str:
    """The running app has switched core dumps off (Linux: read from /proc)."""
    if not sys.platform.startswith("linux"):
        return "skipped: checked through /proc on Linux only"
    import resource

    _soft, hard = resource.getrlimit(resource.RLIMIT_CORE)
    if hard == 0:
        return "skipped: core dumps are already off for this user"

    def allow_core_dumps() -> None:  # so a zero limit can only come from the app
        resource.setrlimit(resource.RLIMIT_CORE, (hard, hard))

    process = subprocess.Popen(
        [str(bundle.gui), "--vault", str(bundle.work / "vault")],
        env=bundle.env(),
        cwd=bundle.work,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=allow_core_dumps,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and process.poll() is None:
            limits = Path(f"/proc/{process.pid}/limits").read_text()
            line = next(x for x in limits.splitlines() if x.startswith("Max core file size"))
            if line.split()[4:6] == ["0", "0"]:
                return "core file size limit is 0"
            time.sleep(0.2)
        raise CheckFailed("the app did not switch core dumps off within 30 s")
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


CHECKS: list[tuple[str, Callable[[Bundle], str]]] = [
    ("bundle layout", check_layout),
    ("glibc needed", check_glibc),
    ("version", check_version),
    ("forms validate", check_forms),
    ("bundled catalogs", check_translations_agree),
    ("vault init/open", check_vault),
    ("demo", check_demo),
    ("desktop app offscreen", check_desktop),
    ("core dumps off", check_core_dumps_off),
]


def main(argv: list[str] | None = None) -> int:
    """Run every check on the bundle; exit code 1 when one failed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path, nargs="?", default=ROOT / "dist" / "waystation")
    args = parser.parse_args(argv)
    folder = args.bundle.resolve()
    if not folder.is_dir():
        print(f"no bundle at {folder}: build it first (make package)", file=sys.stderr)
        return 2
    before = {name: (folder / name).stat().st_mtime for name in files_under(folder)}
    failures = 0
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="waystation-smoke-") as sandbox:
        bundle = Bundle(folder, Path(sandbox))
        for name, check in CHECKS:
            began = time.monotonic()
            try:
                note = check(bundle)
            except (CheckFailed, subprocess.TimeoutExpired, OSError) as error:
                failures += 1
                print(f"FAIL  {name}: {error}")
                continue
            print(f"ok    {name} ({time.monotonic() - began:.1f} s): {note}")
        # What the bundle may leave behind: only the vault and demo it was asked for.
        stray = sorted(files_under(bundle.home) | {f"tmp/{n}" for n in files_under(bundle.tmp)})
        if stray:
            failures += 1
            print(f"FAIL  nothing written outside the vault: {stray[:10]}")
        else:
            print("ok    nothing written to HOME, the user data folders or the temp folder")
    after = {name: (folder / name).stat().st_mtime for name in files_under(folder)}
    if after != before:
        failures += 1
        changed = sorted(set(after) ^ set(before)) or sorted(
            n for n in after if after[n] != before.get(n)
        )
        print(f"FAIL  the bundle folder changed while running: {changed[:10]}")
    total = time.monotonic() - started
    print(f"{'FAILED' if failures else 'passed'}: {failures} failure(s) in {total:.0f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
