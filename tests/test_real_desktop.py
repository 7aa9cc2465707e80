"""The real QGIS desktop (the `qgis` program, under Xvfb), with LifeCircle installed in a fresh profile and used
through its menu, in English and in 简体中文 (tests/helpers/desktop_probe.py does the clicking): the sample opens
framed on the district with no warning in the message bar, the toolbox shows LifeCircle, the project-list dock
opens without marking the project modified. Screenshots go to build/screenshots/desktop_<language>/."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "build" / "screenshots"
PROBE = Path(__file__).resolve().parent / "helpers" / "desktop_probe.py"


def qgis_program():
    return shutil.which("qgis") or "/usr/bin/qgis"


def profile_with_lifecircle(folder: Path, locale: str) -> Path:
    """A fresh QGIS profile with LifeCircle installed (a link to this tree, as an unpacked zip) and enabled."""
    config = folder / "config"
    profile = config / "profiles" / "default"
    plugins = profile / "python" / "plugins"
    plugins.mkdir(parents=True)
    (plugins / "lifecircle").symlink_to(ROOT, target_is_directory=True)
    ini = profile / "QGIS" / "QGIS3.ini"
    ini.parent.mkdir(parents=True)
    lines = ["[PythonPlugins]", "lifecircle=true", "processing=true", "",
             "[lifecircle]", f"sample_folder={folder / 'sample'}", "",
             "[qgis]", "checkVersion=false", "showTips=false", "", "[core]", "NewsFeed\\enabled=false", ""]
    if locale:
        lines += ["[locale]", "overrideFlag=true", f"userLocale={locale}", "globalLocale=" + locale, ""]
    ini.write_text("\n".join(lines), encoding="utf-8")
    return config


def run_desktop(tmp_path: Path, locale: str) -> dict:
    out = SHOTS / f"desktop_{locale or 'en'}"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    config = profile_with_lifecircle(tmp_path, locale)
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "QGIS_PLUGINPATH")}
    env.update(QGIS_CUSTOM_CONFIG_PATH=str(config), LC_PROBE_OUT=str(out), PROJ_DATA="/usr/share/proj")
    cmd = ["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", qgis_program(), "--nologo", "--noversioncheck",
           "--code", str(PROBE)]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    report = out / "probe.json"
    assert report.exists(), f"QGIS exited {done.returncode} without a report:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    seen = json.loads(report.read_text(encoding="utf-8"))
    assert not seen["errors"], "\n".join(seen["errors"])
    return seen


@pytest.fixture(scope="module", params=["", "zh_CN"], ids=["English", "简体中文"])
def desktop(request, tmp_path_factory):
    return run_desktop(tmp_path_factory.mktemp("desktop"), request.param), request.param


def test_the_plugin_loads_in_the_real_desktop(desktop):
    seen, locale = desktop
    assert seen["plugin_loaded"]
    menu = seen["menu"]
    assert len(menu) >= 13
    if locale:
        assert any("示例区" in t for t in menu)


def test_the_sample_opens_framed_without_warnings(desktop):
    seen, _ = desktop
    assert seen["layers"] == 13 and seen["project"].endswith("sample/sample_district.qgz")
    cx0, cy0, cx1, cy1 = seen["canvas_extent"]
    dx0, dy0, dx1, dy1 = seen["district_extent"]
    assert cx0 <= dx0 and cy0 <= dy0 and cx1 >= dx1 and cy1 >= dy1  # the whole district on screen
    assert (cx1 - cx0) < 2 * (dx1 - dx0) or (cy1 - cy0) < 2 * (dy1 - dy0)  # and framed on it
    warnings = [m for m in seen["messages_after_sample"] if m["level"] >= 1]  # Warning, Critical
    assert not warnings, warnings
    assert not seen["dirty_after_sample"]


def test_the_toolbox_entry_shows_lifecircle(desktop):
    seen, _ = desktop
    assert seen["toolbox_visible"] and seen["toolbox_filter"] == "LifeCircle"


def test_opening_the_dock_leaves_the_project_unmodified(desktop):
    seen, _ = desktop
    assert seen["dock_visible"]
    assert not seen["dirty_after_dock"]
    assert not [m for m in seen["messages_at_end"] if m["level"] >= 2]


def test_every_algorithm_dialog_opens_large_enough_to_show_its_parameters(desktop):
    seen, _ = desktop
    dialogs = seen["dialogs"]
    assert len(dialogs) == 12, sorted(dialogs)
    for text, d in dialogs.items():
        assert d["width"] >= 900 and d["height"] >= 720, (text, d)
        assert not d["clipped"], (text, d)
    # the gated-compound inputs (封闭小区) in every dialog that joins points to the network, in the planner's language
    with_compounds = sorted(t.split(" ")[0] for t, d in dialogs.items() if "compounds_label" in d)
    assert with_compounds == ["2", "5", "6", "7", "8"], with_compounds
    _, language = desktop
    for d in dialogs.values():
        if "compounds_label" in d:
            assert ("Gated compounds" in d["compounds_label"]) == (language == ""), d["compounds_label"]
