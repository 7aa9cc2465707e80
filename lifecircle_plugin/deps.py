"""Optional Python dependencies: found without importing them (QGIS start-up stays light).

What each part imports: every algorithm numpy, scipy and shapely (QGIS's Windows and macOS installers and Debian
ship them); the Excel ledgers openpyxl, which is pure Python: ``make package`` bundles it (with its et_xmlfile)
under ``ext_libs/`` for QGIS installs that lack it, appended to ``sys.path`` only when the system lacks it. The
notebook front door ``lifecircle.api`` (never loaded by QGIS) adds geopandas and pandas.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

PLUGIN_ROOT = Path(__file__).resolve().parent.parent
EXT_LIBS = PLUGIN_ROOT / "ext_libs"

#: module -> what to tell a user who lacks it
INSTALL_HINTS = {
    "numpy": "numpy",
    "scipy": "scipy",
    "pandas": "pandas",
    "shapely": "shapely",
    "geopandas": "geopandas",
    "openpyxl": "openpyxl",
}

_ext_checked = False


def _use_ext_libs() -> None:
    global _ext_checked
    if _ext_checked:
        return
    _ext_checked = True
    if EXT_LIBS.is_dir():
        needed = [m for m in ("openpyxl", "et_xmlfile") if importlib.util.find_spec(m) is None]
        if needed and str(EXT_LIBS) not in sys.path:
            sys.path.append(str(EXT_LIBS))
            importlib.invalidate_caches()


def missing(modules) -> list[str]:
    """The modules of ``modules`` that cannot be imported here."""
    _use_ext_libs()
    out = []
    for m in modules:
        try:
            if importlib.util.find_spec(m) is None:
                out.append(m)
        except (ImportError, ValueError):
            out.append(m)
    return out


def install_message(modules) -> str:
    names = " ".join(INSTALL_HINTS.get(m, m) for m in modules)
    return (
        f"LifeCircle needs the Python package(s) {', '.join(modules)}, which this QGIS cannot import. "
        f"Install them into QGIS's Python: on Windows open the OSGeo4W Shell and run "
        f"'python -m pip install {names}'; on macOS run '/Applications/QGIS.app/Contents/MacOS/bin/pip3 install "
        f"{names}'; on Debian/Ubuntu run 'sudo apt install "
        + " ".join(f"python3-{m}" for m in modules)
        + "'. Then restart QGIS."
    )
