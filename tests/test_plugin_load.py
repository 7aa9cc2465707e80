"""The plugin loaded the way QGIS loads it: metadata.txt, classFactory(iface), initGui, unload — twice."""

from __future__ import annotations

import configparser
import os
import subprocess
import sys
from pathlib import Path

import pytest
from qgis.core import QgsApplication

ROOT = Path(__file__).resolve().parent.parent
MENU = "LifeCircle 15分钟生活圈"
HEAVY = ("geopandas", "networkx", "scipy", "openpyxl", "pandas", "shapely", "numpy")


def read_metadata() -> configparser.ConfigParser:
    cp = configparser.ConfigParser(interpolation=None)
    cp.read(ROOT / "metadata.txt", encoding="utf-8")
    return cp


def test_metadata_is_complete_for_the_plugin_repository():
    g = read_metadata()["general"]
    for key in ("name", "qgisMinimumVersion", "description", "about", "version", "author", "email", "repository",
                "tracker", "homepage", "tags", "icon", "hasProcessingProvider", "supportsQt6", "changelog"):
        assert g.get(key, "").strip(), key
    assert g["qgisMinimumVersion"] == "3.22"
    assert g["hasProcessingProvider"] == "yes"
    assert g["supportsQt6"] == "True"
    assert (ROOT / g["icon"]).exists()
    # about: English and Chinese, and it names the Python dependencies
    assert "life circle" in g["about"] and "生活圈" in g["about"]
    for dep in ("numpy", "scipy", "shapely", "openpyxl", "geopandas"):
        assert dep in g["about"]
    assert "networkx" not in g["about"]  # a test oracle only: neither imported by the plugin nor shipped
    major, minor, patch = (int(x) for x in g["version"].split("."))
    assert g["version"] in g["changelog"]


def _menu_titles(main_window):
    return [a.text() for a in main_window.menuBar().actions()]


def test_load_unload_twice_leaves_qgis_clean(qgis_iface, qgis_processing):
    import lifecircle

    registry = QgsApplication.processingRegistry()
    left = registry.providerById("lifecircle")
    if left is not None:  # registered by another test's fixture: start from a QGIS without it
        registry.removeProvider(left)
    main = qgis_iface.mainWindow()
    menus_before = _menu_titles(main)
    for _ in range(2):
        plugin = lifecircle.classFactory(qgis_iface)
        plugin.initGui()
        assert registry.providerById("lifecircle") is not None
        assert "lifecircle:preparenetwork" in [a.id() for a in registry.providerById("lifecircle").algorithms()]
        assert MENU in _menu_titles(main)
        menu = [a.menu() for a in main.menuBar().actions() if a.text() == MENU][0]
        texts = [a.text() for a in menu.actions()]
        # one entry per algorithm of the planner's year that the provider has, in order
        from lifecircle.lifecircle_plugin.plugin import PLANNER_STEPS

        provided = {a.id() for a in registry.providerById("lifecircle").algorithms()}
        expected = [text for alg, text, _ in PLANNER_STEPS if alg in provided]
        assert [t for t in texts if t in expected] == expected
        assert "5 Facility coverage (体检)… 十全/十美" in texts and "About LifeCircle" in texts
        assert plugin.toolbar is not None and len(plugin.toolbar.actions()) >= 1
        # the project list dock opens from its action and goes with unload
        [a for a in menu.actions() if a.text().startswith("Annual project list")][0].trigger()
        assert plugin.project_dock is not None and plugin.project_dock.objectName()
        plugin.unload()
        assert plugin.project_dock is None
        assert registry.providerById("lifecircle") is None
        assert _menu_titles(main) == menus_before
        assert plugin.actions == [] and plugin.toolbar is None and plugin.menu is None


# Records which heavy libraries the plugin's own code imports, directly or through what it imports, whether or
# not QGIS imported them first (QGIS 3.40's qgis.core itself imports numpy and shapely): every import statement
# run while plugin code (module "lifecircle…") is importing counts, at any depth.
IMPORT_WATCH = """
import builtins, sys
_real_import = builtins.__import__
_depth = [0]
plugin_imports = set()
def _watching_import(name, globals=None, locals=None, fromlist=(), level=0):
    importer = (globals or {}).get("__name__") or ""
    from_plugin = importer == "lifecircle" or importer.startswith("lifecircle.")
    if (from_plugin or _depth[0]) and level == 0:
        plugin_imports.add(name.split(".")[0])
    if from_plugin:
        _depth[0] += 1
    try:
        return _real_import(name, globals, locals, fromlist, level)
    finally:
        if from_plugin:
            _depth[0] -= 1
builtins.__import__ = _watching_import
"""


def test_loading_does_not_import_heavy_libraries(tmp_path):
    """In a fresh process: classFactory + initGui + initProcessing must not import the analysis stack."""
    code = f"""
import sys
sys.path.insert(0, {str(ROOT / 'build')!r})
from qgis.core import QgsApplication
from qgis.PyQt.QtWidgets import QMainWindow
app = QgsApplication([], True)
app.initQgis()
main = QMainWindow()
class Iface:  # the few iface methods the plugin calls at load time
    def mainWindow(self): return main
    def addToolBar(self, name): return main.addToolBar(name)
    def firstRightStandardMenu(self): return None
iface = Iface()
{IMPORT_WATCH}
import lifecircle
plugin = lifecircle.classFactory(iface)
plugin.initGui()
heavy = sorted(m for m in {HEAVY!r} if m in plugin_imports)
plugin.unload()
print("HEAVY=" + ",".join(heavy))
"""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QGIS_CUSTOM_CONFIG_PATH=str(tmp_path))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    line = [ln for ln in out.stdout.splitlines() if ln.startswith("HEAVY=")]
    assert line, out.stdout + out.stderr
    assert line[0] == "HEAVY=", f"imported at load time: {line[0][6:]}"


def test_the_load_guard_sees_heavy_imports_that_qgis_made_first(tmp_path):
    """The guard measures the plugin's own imports: a plugin module importing numpy is caught even when numpy is
    already loaded (as QGIS 3.40 does), and so is one imported through a light module of the plugin."""
    package = tmp_path / "lifecircle"
    package.mkdir()
    (package / "__init__.py").write_text("from . import light\n")
    (package / "light.py").write_text("import json\nfrom . import heavy\n")
    (package / "heavy.py").write_text("import numpy\nfrom scipy import sparse\n")
    code = f"""
import sys
sys.path.insert(0, {str(tmp_path)!r})
import numpy, json  # loaded before the plugin, as QGIS may do
{IMPORT_WATCH}
import lifecircle
print("HEAVY=" + ",".join(sorted(m for m in {HEAVY!r} if m in plugin_imports)))
print("LIGHT=" + ",".join(sorted(m for m in ("json",) if m in plugin_imports)))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert "HEAVY=numpy,scipy" in out.stdout.splitlines(), out.stdout + out.stderr
    assert "LIGHT=json" in out.stdout.splitlines()


def test_missing_dependency_disables_algorithms_with_install_hint(lc_provider, monkeypatch):
    from qgis import processing
    from qgis.core import QgsProcessingException

    from lifecircle.lifecircle_plugin import deps

    real = deps.missing
    monkeypatch.setattr(deps, "missing", lambda mods: [m for m in mods if m == "scipy"] or real(mods))
    alg = QgsApplication.processingRegistry().createAlgorithmById("lifecircle:preparenetwork")
    ok, message = alg.canExecute()
    assert not ok
    assert "scipy" in message and "pip install scipy" in message and "python3-scipy" in message
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer("LineString?crs=EPSG:4549", "streets", "memory")
    with pytest.raises(QgsProcessingException, match="pip install scipy"):
        processing.run("lifecircle:preparenetwork", {"INPUT": layer, "OUTPUT": "memory:"})


def test_deps_detects_real_and_missing_modules():
    from lifecircle.lifecircle_plugin import deps

    assert deps.missing(["json", "numpy"]) == []
    assert deps.missing(["no_such_module_xyz"]) == ["no_such_module_xyz"]
