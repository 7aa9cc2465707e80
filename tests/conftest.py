"""Test harness: reach the plugin as the package ``lifecircle`` (as QGIS installs it), never with the
repository root on sys.path (our ``processing/`` would shadow QGIS's own ``processing`` package)."""

from __future__ import annotations

import gc
import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
DATA = Path(__file__).resolve().parent / "data"
SAMPLE_GPKG = ROOT / "resources" / "sample" / "sample_district.gpkg"

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PROJ_DATA", "/usr/share/proj")

BUILD.mkdir(exist_ok=True)
_link = BUILD / "lifecircle"
if not _link.is_symlink():
    _link.symlink_to(ROOT, target_is_directory=True)
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT]
if str(BUILD) not in sys.path:
    sys.path.insert(0, str(BUILD))
# independent reference implementations used by the tests (never by the plugin)
sys.path.insert(0, str(Path(__file__).resolve().parent / "helpers"))

from pg_server import postgis, table  # noqa: E402,F401 - fixtures: the test PostGIS server, a fresh table


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA


@pytest.fixture(scope="session")
def root_dir() -> Path:
    return ROOT


def ensure_provider():
    """The LifeCircle provider, registered (as the plugin's initProcessing does) if it is not already."""
    from qgis.core import QgsApplication

    from lifecircle.processing.provider import LifeCircleProvider

    registry = QgsApplication.processingRegistry()
    if registry.providerById("lifecircle") is None:
        provider = LifeCircleProvider()
        assert registry.addProvider(provider)
        _KEEP_ALIVE.append(provider)  # PyQGIS does not keep the Python object alive (plugins hold it too)
    return registry.providerById("lifecircle")


_KEEP_ALIVE: list = []


@pytest.fixture()
def lc_provider(qgis_processing):
    return ensure_provider()


@pytest.fixture(scope="module")
def lc_provider_module(qgis_processing):
    return ensure_provider()


@pytest.fixture()
def release_layers():
    """After the test, the project's layers removed and freed: layers kept alive by reference cycles (exception
    tracebacks hold frames) must go before QGIS exits — a GeoPackage layer deleted after QGIS shut down crashes the
    interpreter (exit 139). Test modules that open layers use it for every test:
    ``pytestmark = pytest.mark.usefixtures("release_layers")``."""
    yield
    from qgis.core import QgsProject

    QgsProject.instance().removeAllMapLayers()
    gc.collect()


@pytest.fixture()
def sample_gpkg(tmp_path) -> Path:
    """A fresh copy of the bundled sample district's GeoPackage (a test never writes to the bundled file)."""
    path = tmp_path / "sample.gpkg"
    shutil.copy(SAMPLE_GPKG, path)
    return path
