"""Closing a run's outputs (processing/base.py, close_outputs): a close that takes long — GDAL building a
GeoPackage's spatial index — happens in a worker thread while the run keeps answering its cancel flag; after a
cancel the files are removed once closed."""

from __future__ import annotations

import threading
import time

import pytest


class SlowSink:
    """Stands in for a file sink whose destructor (the close) takes ``seconds`` and writes the file's last
    bytes, as GDAL does when it finishes a GeoPackage."""

    def __init__(self, path, seconds):
        self.path = path
        self.seconds = seconds
        path.write_bytes(b"partial")

    def __del__(self):
        time.sleep(self.seconds)  # (releases the GIL, as the C++ destructor does)
        self.path.write_bytes(b"partial, closed")


def outputs(tmp_path, seconds, n=2):
    from lifecircle.processing.base import GuardedSink

    out = []
    for i in range(n):
        path = tmp_path / f"out{i}.gpkg"
        out.append((GuardedSink(SlowSink(path, seconds), None), str(path), False))
    return out


@pytest.fixture()
def base(qgis_processing):
    from lifecircle.processing import base

    yield base
    assert base.wait_for_closing(30.0)


def test_a_cancel_while_closing_is_answered_at_once_and_the_files_go_once_closed(base, tmp_path):
    from qgis.core import QgsProcessingFeedback

    feedback = QgsProcessingFeedback()
    sinks = outputs(tmp_path, 0.8)  # 1.6 s of closing
    threading.Timer(0.3, feedback.cancel).start()
    start = time.perf_counter()
    kept = base.close_outputs(sinks, None, feedback, keep=True)
    answered = time.perf_counter() - start
    assert kept is False
    assert 0.3 <= answered < 0.3 + 0.25, answered  # polled every 50 ms
    assert (tmp_path / "out0.gpkg").exists()  # GDAL is still on it
    assert base.wait_for_closing(10.0)
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_without_a_cancel_the_outputs_are_closed_before_the_run_returns(base, tmp_path):
    from qgis.core import QgsProcessingFeedback

    sinks = outputs(tmp_path, 0.3)
    start = time.perf_counter()
    assert base.close_outputs(sinks, None, QgsProcessingFeedback(), keep=True) is True
    assert time.perf_counter() - start >= 0.6
    assert [p.read_bytes() for p in sorted(tmp_path.iterdir())] == [b"partial, closed"] * 2
    assert base._closing == []


def test_a_failed_run_removes_its_outputs_before_it_returns(base, tmp_path):
    sinks = outputs(tmp_path, 0.3)
    assert base.close_outputs(sinks, None, None, keep=False, wait=True) is False
    assert list(tmp_path.iterdir()) == []


def test_a_cancelled_run_returns_before_its_outputs_are_closed(base, tmp_path):
    existing = tmp_path / "out1.gpkg"
    sinks = outputs(tmp_path, 0.5)
    sinks[1] = (sinks[1][0], sinks[1][1], True)  # this file was there before the run: kept
    start = time.perf_counter()
    assert base.close_outputs(sinks, None, None, keep=False, wait=False) is False
    assert time.perf_counter() - start < 0.2
    assert base.wait_for_closing(10.0)
    assert [p.name for p in tmp_path.iterdir()] == [existing.name]


def test_a_real_geopackage_cancelled_while_closing(lc_provider, tmp_path):
    """The algorithm's own path: convert 120,000 points to a GeoPackage and cancel when the last feature is
    written (progress 100 %), i.e. while GDAL closes the file and builds its spatial index."""
    import numpy as np
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsVectorFileWriter, QgsVectorLayer

    import bad_inputs_support as S

    n = 120_000
    src = tmp_path / "pois.gpkg"
    layer = QgsVectorLayer("Point?crs=EPSG:4326&field=name:string", "pois", "memory")
    rng = np.random.default_rng(4)
    feats = []
    for x, y in zip(rng.uniform(121.3, 121.6, n), rng.uniform(31.1, 31.3, n)):
        f = QgsFeature(layer.fields())
        f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(float(x), float(y))))
        f.setAttributes(["p"])
        feats.append(f)
    layer.dataProvider().addFeatures(feats)
    opts = QgsVectorFileWriter.SaveVectorOptions()
    opts.driverName = "GPKG"
    QgsVectorFileWriter.writeAsVectorFormatV3(layer, str(src), layer.transformContext(), opts)
    out = tmp_path / "out" / "converted.gpkg"
    out.parent.mkdir()
    measured = S.run_cancelled("lifecircle:convertcoords", {"INPUT": str(src), "SOURCE": 1, "TARGET": 0,
                                                            "OUTPUT": str(out)}, [out], at=99.9)
    assert measured["progress_at_cancel"] == 100.0
    assert measured["latency_s"] < 1.0, measured  # (the close alone takes ~1.5 s here: background_cleanup_s)
    assert list(out.parent.iterdir()) == []
