"""`make package` builds a zip that installs like "Install from ZIP" and runs from the installed copy."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
QGIS_PROCESS = shutil.which("qgis_process.bin") or "/usr/bin/qgis_process.bin"


@pytest.fixture(scope="module")
def package_zip():
    out = subprocess.run(["bash", "scripts/package.sh"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stdout + out.stderr
    path = Path(out.stdout.strip().splitlines()[-1].split()[1])
    assert path.exists()
    return path


def test_zip_holds_the_plugin_and_nothing_else(package_zip):
    with zipfile.ZipFile(package_zip) as z:
        names = z.namelist()
    assert all(n.startswith("lifecircle/") for n in names)
    for must in ("lifecircle/metadata.txt", "lifecircle/__init__.py", "lifecircle/LICENSE",
                 "lifecircle/processing/provider.py", "lifecircle/lifecircle_plugin/core/network.py",
                 "lifecircle/lifecircle_plugin/core/ledger/__init__.py",
                 "lifecircle/lifecircle_plugin/core/ledger/sheets/__init__.py",
                 "lifecircle/lifecircle_plugin/core/siting/__init__.py", "lifecircle/api.py",
                 "lifecircle/resources/help/help_text.json",
                 "lifecircle/ext_libs/openpyxl/__init__.py", "lifecircle/ext_libs/et_xmlfile/__init__.py"):
        assert must in names, must
    # only libraries the plugin imports: networkx is a test oracle, geopandas/pandas are for lifecircle.api
    bundled = {n.split("/")[2] for n in names if n.startswith("lifecircle/ext_libs/") and n.count("/") > 2}
    assert {b for b in bundled if not b.endswith(".dist-info")} == {"openpyxl", "et_xmlfile"}, bundled
    for bad in ("/tests/", "/build/", "/.ci/", "__pycache__", ".pyc", "/.venv/", "/.git/"):
        assert not any(bad in n for n in names), bad


def test_installed_zip_runs_in_a_fresh_profile(package_zip, tmp_path, data_dir):
    profile = tmp_path / "profile"
    plugins = profile / "profiles" / "default" / "python" / "plugins"
    plugins.mkdir(parents=True)
    with zipfile.ZipFile(package_zip) as z:
        z.extractall(plugins)
    env = {k: v for k, v in os.environ.items() if k != "QGIS_PLUGINPATH"}
    env.update(QT_QPA_PLATFORM="offscreen", QGIS_CUSTOM_CONFIG_PATH=str(profile), PROJ_DATA="/usr/share/proj")
    out = subprocess.run([QGIS_PROCESS, "plugins", "enable", "lifecircle"], env=env, capture_output=True, text=True,
                         timeout=180)
    assert out.returncode == 0, out.stdout + out.stderr
    edges = tmp_path / "edges.gpkg"
    out = subprocess.run(
        [QGIS_PROCESS, "--json", "run", "lifecircle:preparenetwork", "--",
         f"INPUT={data_dir / 'shanghai_central_streets.osm'}|layername=lines", f"OUTPUT={edges}"],
        env=env, capture_output=True, text=True, timeout=300,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    doc = json.loads(out.stdout[out.stdout.index("{"):])
    assert doc["results"]["COMPONENTS"] == 76
    assert edges.exists()
