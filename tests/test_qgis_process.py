"""Black-box: the provider as batch users meet it, through qgis_process (Debian's wrapper is broken in 3.22:
call qgis_process.bin)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
QGIS_PROCESS = shutil.which("qgis_process.bin") or "/usr/bin/qgis_process.bin"


@pytest.fixture(scope="module")
def qp_env(tmp_path_factory):
    profile = tmp_path_factory.mktemp("qgis-profile")
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        QGIS_CUSTOM_CONFIG_PATH=str(profile),
        QGIS_PLUGINPATH=str(ROOT / "build"),
        PROJ_DATA="/usr/share/proj",
    )
    out = subprocess.run([QGIS_PROCESS, "plugins", "enable", "lifecircle"], env=env, capture_output=True, text=True,
                         timeout=180)
    assert out.returncode == 0, out.stdout + out.stderr
    return env


def qgis_process(env, *args, timeout=300):
    return subprocess.run([QGIS_PROCESS, *args], env=env, capture_output=True, text=True, timeout=timeout)


def test_provider_lists_its_algorithms(qp_env):
    out = qgis_process(qp_env, "list")
    assert out.returncode == 0
    assert "lifecircle:preparenetwork" in out.stdout


def test_preparenetwork_runs_in_batch(qp_env, data_dir, tmp_path):
    edges = tmp_path / "edges.gpkg"
    nodes = tmp_path / "nodes.gpkg"
    out = qgis_process(
        qp_env, "--json", "run", "lifecircle:preparenetwork", "--",
        f"INPUT={data_dir / 'shanghai_central_streets.osm'}|layername=lines",
        f"OUTPUT={edges}", f"NODES={nodes}", "NODE_TOLERANCE=0",
    )
    assert out.returncode == 0, out.stderr[-2000:]
    res = json.loads(out.stdout[out.stdout.index("{"):])["results"]
    assert res["COMPONENTS"] == 76
    # what was written is what was reported
    from qgis.core import QgsVectorLayer

    lyr = QgsVectorLayer(str(edges), "edges", "ogr")
    assert lyr.isValid() and lyr.featureCount() == res["EDGE_COUNT"]
    # length_m is written with 2 decimals
    assert sum(f["length_m"] for f in lyr.getFeatures()) == pytest.approx(res["TOTAL_LENGTH"], abs=0.005 * lyr.featureCount())
    assert len({f["component"] for f in lyr.getFeatures()}) == 76
    del lyr


def test_bad_input_fails_with_a_named_message_and_no_output(qp_env, tmp_path):
    pts = tmp_path / "pois.geojson"
    pts.write_text(json.dumps({
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": {"name": "a"},
                      "geometry": {"type": "Point", "coordinates": [121.47, 31.23]}}],
    }))
    edges = tmp_path / "edges.gpkg"
    out = qgis_process(qp_env, "run", "lifecircle:preparenetwork", "--", f"INPUT={pts}", f"OUTPUT={edges}")
    assert out.returncode != 0
    assert "pois" in (out.stdout + out.stderr) and "line layer" in (out.stdout + out.stderr)
    assert not edges.exists()
