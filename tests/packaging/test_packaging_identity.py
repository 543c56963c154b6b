"""One app id and one version, shared by the bundle, the Linux files and the Windows installer."""

from __future__ import annotations

import ast
import configparser
import re
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import app

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
sys.path.insert(0, str(PACKAGING))

import project_meta  # noqa: E402

DESKTOP = PACKAGING / "linux" / f"{app.APP_ID}.desktop"
METAINFO = PACKAGING / "linux" / f"{app.APP_ID}.metainfo.xml"
ISS = PACKAGING / "windows" / "waystation.iss"
SPEC = PACKAGING / "pyinstaller" / "waystation.spec"


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive in desktop files
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_build_scripts_read_the_app_id_and_version_from_the_app() -> None:
    assert project_meta.app_id() == app.APP_ID
    assert project_meta.version() == app.__version__


def test_app_id_is_reverse_dns() -> None:
    assert re.fullmatch(r"[a-z][a-z0-9]*(\.[a-z][a-z0-9]*)+\.[A-Za-z][A-Za-z0-9]*", app.APP_ID)


def test_linux_files_are_named_and_keyed_by_the_app_id() -> None:
    assert DESKTOP.is_file() and METAINFO.is_file()
    entry = desktop_entry()
    assert entry["Icon"] == app.APP_ID
    assert entry["Exec"].split()[0] == "waystation"
    component = ET.parse(METAINFO).getroot()
    assert component.findtext("id") == app.APP_ID
    assert component.findtext("launchable") == DESKTOP.name
    assert component.findtext("provides/binary") == entry["Exec"].split()[0]


def test_windows_installer_uses_the_app_id() -> None:
    text = ISS.read_text(encoding="utf-8")
    assert f'#define AppId "{app.APP_ID}"' in text
    assert "AppId={#AppId}" in text
    assert 'AppUserModelID: "{#AppId}"' in text


def test_spec_takes_the_id_and_version_from_the_app() -> None:
    text = SPEC.read_text(encoding="utf-8")
    assert "APP_ID = project_meta.app_id()" in text
    assert "VERSION = project_meta.version()" in text
    assert "bundle_identifier=APP_ID" in text
    assert app.APP_ID not in text and app.__version__ not in text


def test_ui_names_the_same_app_id() -> None:
    # The UI tells Wayland and the taskbar which desktop file it belongs to.
    source = (ROOT / "app" / "ui" / "application.py").read_text(encoding="utf-8")
    literals = {
        node.value.value
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "APP_ID" for t in node.targets)
        and isinstance(node.value, ast.Constant)
    }
    assert literals <= {app.APP_ID}


def test_version_is_defined_once() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" in project["project"]["dynamic"]
    assert "version" not in project["project"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "app.__version__"}
    iss = ISS.read_text(encoding="utf-8")
    assert "#define AppVersion" not in iss  # passed with /DAppVersion by build_installer.py
    assert app.__version__ not in iss
    assert "#error" in iss  # building without the version stops instead of guessing


def test_newest_appstream_release_is_the_app_version() -> None:
    releases = ET.parse(METAINFO).getroot().findall("releases/release")
    assert releases, "the metainfo lists no release"
    assert releases[0].get("version") == app.__version__
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", releases[0].get("date", ""))


def test_installer_build_script_passes_the_version() -> None:
    sys.path.insert(0, str(PACKAGING / "windows"))
    import build_installer

    assert build_installer.script_app_id(ISS.read_text(encoding="utf-8")) == app.APP_ID
    command = build_installer.installer_command("ISCC.exe", Path("dist") / "waystation")
    assert f"/DAppVersion={app.__version__}" in command
    assert command[-1] == str(ISS)


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstreamcli not installed")
def test_metainfo_passes_appstream_validation() -> None:
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(METAINFO)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(
    shutil.which("desktop-file-validate") is None, reason="desktop-file-validate not installed"
)
def test_desktop_file_passes_validation() -> None:
    result = subprocess.run(
        ["desktop-file-validate", str(DESKTOP)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr
