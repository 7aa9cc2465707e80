"""Shared helpers of the bad-input corpus (tests/bad_inputs/): small layers built in memory or written to
GeoPackages in tmp_path, Processing contexts with a chosen invalid-geometry setting, a feedback that records
what the algorithm says, a feedback that cancels once the run has started (and times how long the run takes to
stop), and a deterministic district-scale generator (a street grid of ~20,000 lines, thousands of residents).

Only for tests: the plugin never imports this module.
"""

from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path
from typing import Iterable, Optional, Sequence

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "sample" / "sample_district.gpkg"
#: where measured cancel latencies are appended (one JSON object a line) for the report
LATENCY_LOG = ROOT / "build" / "bad-inputs" / "cancel_latencies.jsonl"

CODES = [f"Q{i:02d}" for i in range(1, 11)] + [f"M{i:02d}" for i in range(1, 11)]


# ------------------------------------------------------------------------------------------------------------
# inputs


def sample_uri(layer: str, subset: str = "", path: Path = SAMPLE) -> str:
    """A layer of the sample district (or of a copy of it) as an OGR URI string."""
    return f"{path}|layername={layer}" + (f"|subset={subset}" if subset else "")


def copy_sample(folder: Path, name: str = "district.gpkg") -> Path:
    out = Path(folder) / name
    shutil.copy(SAMPLE, out)
    return out


_MEMORY_TYPES = {"string": "string(0)", "str": "string(0)", "int": "integer", "integer": "integer",
                 "double": "double", "float": "double", "date": "date", "long": "int8"}


def memory_layer(geometry: str, fields: Sequence[tuple[str, str]] = (), rows: Iterable[Sequence] = (),
                 crs: Optional[str] = "EPSG:4549", name: str = "layer"):
    """A memory layer: ``geometry`` as the memory provider spells it (Point, LineStringZM, CompoundCurve,
    MultiPolygon, None …), ``fields`` as (name, string|int|double|date), ``rows`` as (geometry, *values) with
    the geometry a WKT string, a QgsGeometry or None. ``crs=None`` gives a layer without a CRS."""
    from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer

    parts = [f"crs={crs}"] if crs else []
    parts += [f"field={n}:{_MEMORY_TYPES[t]}" for n, t in fields]
    layer = QgsVectorLayer(geometry + "?" + "&".join(parts), name, "memory")
    assert layer.isValid(), (geometry, fields)
    feats = []
    for row in rows:
        f = QgsFeature(layer.fields())
        g = row[0]
        if isinstance(g, str):
            g = QgsGeometry.fromWkt(g)
            assert not g.isNull(), row[0]
        if g is not None:
            f.setGeometry(g)
        f.setAttributes(list(row[1:]))
        feats.append(f)
    ok, _ = layer.dataProvider().addFeatures(feats)
    assert ok
    layer.updateExtents()
    return layer


def write_gpkg(layer, path: Path, layer_name: str, crs: Optional[str] = None) -> str:
    """Writes ``layer`` into the GeoPackage ``path`` (a new table; reprojected to ``crs`` when given) and returns
    its URI string. Failing runs must get file-backed layers by URI (see the exit-segfault gotcha)."""
    from qgis.core import (QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsProject,
                           QgsVectorFileWriter)

    path = Path(path)
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = layer_name
    options.fileEncoding = "UTF-8"
    if path.exists():
        options.actionOnExistingFile = QgsVectorFileWriter.CreateOrOverwriteLayer
    if crs:
        options.ct = QgsCoordinateTransform(layer.crs(), QgsCoordinateReferenceSystem(crs), QgsProject.instance())
    err, message, _, _ = QgsVectorFileWriter.writeAsVectorFormatV3(
        layer, str(path), QgsProject.instance().transformContext(), options)
    assert err == QgsVectorFileWriter.NoError, message
    return f"{path}|layername={layer_name}"


def reproject(uri: str, crs: str, path: Path, layer_name: str) -> str:
    """The layer at ``uri`` written to a GeoPackage in another CRS (every vertex transformed)."""
    from qgis.core import QgsVectorLayer

    src = QgsVectorLayer(uri, "src", "ogr")
    assert src.isValid(), uri
    out = write_gpkg(src, path, layer_name, crs=crs)
    del src
    return out


def read_rows(uri_or_layer, key: str, fields: Sequence[str]) -> dict:
    """{key value: {field: value (None for NULL)}} of a layer (a URI string or a layer object)."""
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer(uri_or_layer, "r", "ogr") if isinstance(uri_or_layer, str) else uri_or_layer
    out = {}
    for f in layer.getFeatures():
        out[plain(f[key])] = {n: plain(f[n]) for n in fields}
    del layer
    return out


def plain(value):
    """QVariant NULL -> None (PyQGIS 3.22 returns NULL attributes as a null QVariant)."""
    from qgis.PyQt.QtCore import QVariant

    if isinstance(value, QVariant):
        return None if value.isNull() else value.value()
    return value


# ------------------------------------------------------------------------------------------------------------
# running


def context(check: Optional[int] = None):
    """A Processing context on the current project; ``check`` is a QgsFeatureRequest.InvalidGeometryCheck
    (GeometryNoCheck / GeometrySkipInvalid / GeometryAbortOnInvalid)."""
    from qgis.core import QgsProcessingContext, QgsProject

    ctx = QgsProcessingContext()
    ctx.setProject(QgsProject.instance())
    if check is not None:
        ctx.setInvalidGeometryCheck(check)
    return ctx


def recording_feedback():
    """A feedback that keeps every message: ``.infos``, ``.warnings``, ``.errors`` and ``.text()``."""
    from qgis.core import QgsProcessingFeedback

    class Recording(QgsProcessingFeedback):
        def __init__(self):
            super().__init__()
            self.infos, self.warnings, self.errors = [], [], []

        def pushInfo(self, info):  # noqa: N802
            self.infos.append(info)

        def pushWarning(self, warning):  # noqa: N802
            self.warnings.append(warning)

        def reportError(self, error, fatal=False):  # noqa: N802
            self.errors.append(error)

        def pushDebugInfo(self, info):  # noqa: N802
            pass

        def pushConsoleInfo(self, info):  # noqa: N802
            pass

        def text(self) -> str:
            return "\n".join(self.infos + self.warnings + self.errors)

    return Recording()


def run(alg: str, params: dict, ctx=None, feedback=None) -> dict:
    from qgis import processing

    return processing.run(alg, params, feedback=feedback or recording_feedback(), context=ctx)


def wait_for_closing(timeout: float = 120.0) -> bool:
    """Waits for outputs a cancelled run left closing in the background (processing/base.py)."""
    from lifecircle.processing.base import wait_for_closing as wait

    return wait(timeout)


def run_fails(alg: str, params: dict, pattern: str, outputs: Sequence = (), ctx=None, feedback=None) -> str:
    """Runs ``alg`` expecting a QgsProcessingException whose text matches ``pattern`` (re.search, DOTALL), and
    checks that none of the ``outputs`` (file paths) exists afterwards. Returns the message."""
    import pytest
    from qgis import processing
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException) as info:
        processing.run(alg, params, feedback=feedback or recording_feedback(), context=ctx)
    message = str(info.value)
    assert re.search(pattern, message, re.DOTALL), f"message does not match {pattern!r}:\n{message}"
    for out in outputs:
        assert not Path(out).exists(), f"a failed run left {out}"
    return message


def layer_count(uri: str) -> int:
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer(uri, "count", "ogr")
    assert layer.isValid(), uri
    n = layer.featureCount()
    del layer
    return n


# ------------------------------------------------------------------------------------------------------------
# cancelling


def cancelling_feedback(at: float = 5.0):
    """A feedback that cancels itself once the progress passes ``at`` %, and records when.

    It cancels from ``setProgress`` (the algorithm's own calls) and from ``progressChanged`` (progress that
    arrives through a QgsProcessingMultiStepFeedback, whose C++ calls do not reach a Python override).
    """
    from qgis.core import QgsProcessingFeedback

    class CancelOnProgress(QgsProcessingFeedback):
        def __init__(self):
            super().__init__()
            self.at = at
            self.cancelled_at: Optional[float] = None
            self.progress_at_cancel: Optional[float] = None
            self.max_progress = 0.0
            self.started = time.perf_counter()
            self.progressChanged.connect(self._seen)

        def setProgress(self, progress):  # noqa: N802
            super().setProgress(progress)
            self._seen(progress)

        def _seen(self, progress):
            self.max_progress = max(self.max_progress, float(progress))
            if self.cancelled_at is None and progress > self.at:
                self.progress_at_cancel = float(progress)
                self.cancelled_at = time.perf_counter()
                self.cancel()

        # quiet: the log of a large run is not interesting here
        def pushInfo(self, info):  # noqa: N802
            pass

        def pushDebugInfo(self, info):  # noqa: N802
            pass

        def pushConsoleInfo(self, info):  # noqa: N802
            pass

    return CancelOnProgress()


def run_cancelled(alg: str, params: dict, outputs: Sequence = (), at: float = 5.0, ctx=None,
                  after_s: Optional[float] = None) -> dict:
    """Runs ``alg`` with a feedback that cancels once the progress passes ``at`` % (or, with ``after_s``, from
    another thread that many seconds after the start, as a user's click would come in the middle of a stage that
    reports no progress). Checks that the run stops with a 'Cancelled' QgsProcessingException and that none of
    ``outputs`` exists; returns the measurement: seconds from the start to the cancel and from the cancel to the
    end of the run (the latency; for a timed cancel, from the moment it was due)."""
    import threading

    import pytest
    from qgis import processing
    from qgis.core import QgsProcessingException

    feedback = cancelling_feedback(101.0 if after_s is not None else at)
    start = time.perf_counter()
    timer = None
    if after_s is not None:
        def cancel_now():
            feedback.progress_at_cancel = feedback.max_progress
            feedback.cancelled_at = start + after_s  # when it was due: a late thread counts against the run
            feedback.cancel()

        timer = threading.Timer(after_s, cancel_now)
        timer.start()
    error = None
    try:
        processing.run(alg, params, feedback=feedback, context=ctx)
    except QgsProcessingException as exc:
        error = exc
    finally:
        end = time.perf_counter()
        if timer is not None:
            timer.cancel()
            timer.join()
    if error is None:
        pytest.fail(f"{alg} finished normally {end - start:.2f} s after the start (cancel "
                    + (f"{end - feedback.cancelled_at:.2f} s before the end)" if feedback.cancelled_at else
                       "never triggered)"))
    assert feedback.cancelled_at is not None, (
        f"{alg} never reported progress past {at} % (max {feedback.max_progress:.1f} %), so it was not cancelled; "
        f"it failed with: {error}")
    assert re.search(r"Cancelled", str(error)), str(error)
    # the run has answered the cancel; a file output GDAL was still closing (building a GeoPackage's spatial
    # index) is removed in the background once closed (processing/base.py, close_outputs): wait for that
    cleanup_start = time.perf_counter()
    assert wait_for_closing(timeout=120.0), "outputs were still being closed two minutes after a cancel"
    cleanup_s = time.perf_counter() - cleanup_start
    for out in outputs:
        assert not Path(out).exists(), f"a cancelled run left {out}"
    measured = {"algorithm": alg, "trigger": f"after {after_s} s" if after_s is not None else f"progress > {at} %",
                "before_cancel_s": round(feedback.cancelled_at - start, 3),
                "latency_s": round(end - feedback.cancelled_at, 3),
                "progress_at_cancel": round(feedback.progress_at_cancel, 1),
                "background_cleanup_s": round(cleanup_s, 3)}
    LATENCY_LOG.parent.mkdir(parents=True, exist_ok=True)
    with open(LATENCY_LOG, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(measured) + "\n")
    return measured


# ------------------------------------------------------------------------------------------------------------
# a district-scale case: a street grid of ~20,000 lines with thousands of residents, made with numpy


class GridDistrict:
    """A deterministic synthetic district in EPSG:4549 around the sample's place: an n × n street grid (jittered
    nodes, every line one segment between neighbouring nodes), residents, facilities of all 20 categories,
    blocks, parcels, a coverage-like residents layer with d_Q01… fields, projects and candidate sites.

    Every layer is a memory layer (file-backed layers must not be passed as objects to failing runs).
    """

    X0, Y0 = 620000.0, 3440000.0

    def __init__(self, n: int = 100, spacing: float = 50.0, residents: int = 6000, facilities: int = 400,
                 block_cells: int = 5, parcels: int = 3000, seed: int = 20260630,
                 units_max_walk: Optional[float] = None):
        rng = np.random.default_rng(seed)
        self.n, self.spacing = n, spacing
        self.units_max_walk = units_max_walk  # MAX_WALK of the units case (None: the preset's)
        size = (n - 1) * spacing
        self.size = size
        gx, gy = np.meshgrid(np.arange(n) * spacing, np.arange(n) * spacing, indexing="ij")
        jitter = rng.uniform(-0.12, 0.12, size=(n, n, 2)) * spacing
        jitter[0, :, 0] = jitter[-1, :, 0] = 0.0
        jitter[:, 0, 1] = jitter[:, -1, 1] = 0.0
        self.node_x = self.X0 + gx + jitter[..., 0]
        self.node_y = self.Y0 + gy + jitter[..., 1]
        self.rng = rng
        self.streets = self._streets()
        self.residents = self._points("residents", residents, [("resident_id", "string"), ("population", "int")],
                                      lambda i: [f"R{i:05d}", int(rng.integers(5, 120))])
        self.facilities = self._points("facilities", facilities, [("facility_id", "string"), ("category", "string")],
                                       lambda i: [f"F{i:04d}", CODES[i % len(CODES)]])
        self.blocks = self._blocks(block_cells)
        self.parcels = self._parcels(parcels)
        self.coverage = self._coverage()
        self.projects = self._points("projects", 60, [("project_id", "string"), ("category", "string"),
                                                      ("status", "string"), ("year", "int")],
                                     lambda i: [f"2026-网格-{i + 1:03d}", CODES[(3 * i) % len(CODES)], "在建", 2026])

    # -- layers
    def _streets(self):
        from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsVectorLayer

        layer = QgsVectorLayer("LineString?crs=EPSG:4549&field=street_id:integer&field=highway:string",
                               "grid streets", "memory")
        feats = []
        n = self.n
        k = 0
        for i in range(n):
            for j in range(n):
                for di, dj in ((1, 0), (0, 1)):
                    a, b = i + di, j + dj
                    if a >= n or b >= n:
                        continue
                    f = QgsFeature(layer.fields())
                    f.setGeometry(QgsGeometry.fromPolylineXY([QgsPointXY(self.node_x[i, j], self.node_y[i, j]),
                                                             QgsPointXY(self.node_x[a, b], self.node_y[a, b])]))
                    arterial = (i % 10 == 0) if di == 0 else (j % 10 == 0)
                    f.setAttributes([k, "primary" if arterial else "residential"])
                    feats.append(f)
                    k += 1
        layer.dataProvider().addFeatures(feats)
        layer.updateExtents()
        return layer

    def _points(self, name, count, fields, values):
        from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsVectorLayer

        spec = "&".join(f"field={n}:{_MEMORY_TYPES[t]}" for n, t in fields)
        layer = QgsVectorLayer(f"Point?crs=EPSG:4549&{spec}", f"grid {name}", "memory")
        xy = self.rng.uniform(20.0, self.size - 20.0, size=(count, 2))
        feats = []
        for i, (x, y) in enumerate(xy):
            f = QgsFeature(layer.fields())
            f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(self.X0 + x, self.Y0 + y)))
            f.setAttributes(values(i))
            feats.append(f)
        layer.dataProvider().addFeatures(feats)
        layer.updateExtents()
        return layer

    def _blocks(self, cells: int):
        """Square blocks of ``cells`` × ``cells`` grid cells (unjittered), with population and a 街镇 field."""
        from qgis.core import QgsFeature, QgsGeometry, QgsRectangle, QgsVectorLayer

        layer = QgsVectorLayer("Polygon?crs=EPSG:4549&field=block_id:string&field=population:integer"
                               "&field=subdistrict:string", "grid blocks", "memory")
        side = cells * self.spacing
        m = int(self.size // side)
        feats = []
        for i in range(m):
            for j in range(m):
                f = QgsFeature(layer.fields())
                x, y = self.X0 + i * side, self.Y0 + j * side
                f.setGeometry(QgsGeometry.fromRect(QgsRectangle(x, y, x + side, y + side)))
                f.setAttributes([f"B{i:02d}{j:02d}", int(self.rng.integers(2500, 5000)),
                                 "西格街道" if i < m // 2 else "东格街道"])
                feats.append(f)
        layer.dataProvider().addFeatures(feats)
        self.block_count = len(feats)
        return layer

    def _parcels(self, count: int):
        from qgis.core import QgsFeature, QgsGeometry, QgsRectangle, QgsVectorLayer

        layer = QgsVectorLayer("Polygon?crs=EPSG:4549&field=parcel_id:string&field=land_use:string"
                               "&field=status:string&field=far:double&field=building_year:integer"
                               "&field=ownership:string&field=area_m2:double&field=remark:string",
                               "grid parcels", "memory")
        uses = ["居住", "工业", "仓储", "空地", "绿地", "教育", "商业"]
        statuses = ["idle", "vacant", "in_use", "in_use"]
        cells = self.rng.integers(0, self.n - 1, size=(count, 2))
        feats = []
        for k, (i, j) in enumerate(cells):
            x = self.X0 + (i + 0.3) * self.spacing
            y = self.Y0 + (j + 0.3) * self.spacing
            w = self.spacing * 0.4
            f = QgsFeature(layer.fields())
            f.setGeometry(QgsGeometry.fromRect(QgsRectangle(x, y, x + w, y + w)))
            f.setAttributes([f"P{k:05d}", uses[k % len(uses)], statuses[k % len(statuses)], 0.3 + (k % 5) * 0.4,
                             1980 + k % 40, "国有", w * w, ""])
            feats.append(f)
        layer.dataProvider().addFeatures(feats)
        return layer

    def _coverage(self):
        """The residents with d_Q01…d_M10 fields, as the RESIDENTS_OUTPUT of facility coverage has them."""
        from qgis.core import QgsFeature, QgsVectorLayer

        spec = "&".join(f"field=d_{c}:double" for c in CODES)
        layer = QgsVectorLayer(f"Point?crs=EPSG:4549&field=resident_id:string&field=population:integer&{spec}",
                               "grid coverage", "memory")
        feats = []
        for src in self.residents.getFeatures():
            f = QgsFeature(layer.fields())
            f.setGeometry(src.geometry())
            d = self.rng.uniform(100, 2500, size=len(CODES))
            f.setAttributes([src["resident_id"], src["population"]] + [float(round(v, 1)) for v in d])
            feats.append(f)
        layer.dataProvider().addFeatures(feats)
        return layer

    def units_output(self, count: int, shift: float = 0.0, name: str = "units"):
        """A layer shaped like the units output of facility coverage (unit_id, c_Q01…, q_met, m_met), ``count``
        square units."""
        from qgis.core import QgsFeature, QgsGeometry, QgsRectangle, QgsVectorLayer

        spec = "&".join(f"field=c_{c}:double" for c in CODES)
        layer = QgsVectorLayer(f"Polygon?crs=EPSG:4549&field=unit_id:string&{spec}&field=q_met:integer"
                               "&field=m_met:integer", name, "memory")
        side = int(np.ceil(np.sqrt(count)))
        w = self.size / side
        rng = np.random.default_rng(count + int(shift))
        feats = []
        for k in range(count):
            i, j = divmod(k, side)
            f = QgsFeature(layer.fields())
            x, y = self.X0 + i * w, self.Y0 + j * w
            f.setGeometry(QgsGeometry.fromRect(QgsRectangle(x, y, x + w, y + w)))
            shares = np.clip(rng.uniform(40, 100, size=len(CODES)) + shift, 0, 100)
            f.setAttributes([f"U{k:05d}"] + [float(round(s, 1)) for s in shares]
                            + [int((shares[:10] >= 85).sum()), int((shares[10:] >= 85).sum())])
            feats.append(f)
        layer.dataProvider().addFeatures(feats)
        return layer

    def lonlat_points(self, count: int):
        """``count`` points with a name in EPSG:4326 around Shanghai (for the coordinate conversion)."""
        from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsVectorLayer

        layer = QgsVectorLayer("Point?crs=EPSG:4326&field=name:string", "poi", "memory")
        lon = self.rng.uniform(121.2, 121.6, size=count)
        lat = self.rng.uniform(31.0, 31.4, size=count)
        feats = []
        for k in range(count):
            f = QgsFeature(layer.fields())
            f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(lon[k], lat[k])))
            f.setAttributes([f"POI {k}"])
            feats.append(f)
        layer.dataProvider().addFeatures(feats)
        return layer


def big_project_list(folder: Path, count: int = 10000) -> Path:
    """A copy of the sample district whose project list holds ``count`` projects (copies of the sample's 21 with
    new ids), for the ledger at district scale."""
    from qgis.core import QgsFeature, QgsVectorLayer

    gpkg = copy_sample(folder, "big_projects.gpkg")
    layer = QgsVectorLayer(sample_uri("projects", path=gpkg), "projects", "ogr")
    templates = list(layer.getFeatures())
    id_idx = layer.fields().lookupField("project_id")
    fid_idx = layer.fields().lookupField("fid")
    feats = []
    for k in range(count - len(templates)):
        t = templates[k % len(templates)]
        f = QgsFeature(t)
        attrs = t.attributes()
        if fid_idx >= 0:
            attrs[fid_idx] = None
        attrs[id_idx] = f"{t['project_id']}-{k:05d}"
        f.setAttributes(attrs)
        feats.append(f)
    ok, _ = layer.dataProvider().addFeatures(feats)
    assert ok
    assert layer.featureCount() == count
    del layer
    return gpkg


def district_case(name: str, district: GridDistrict, folder: Path, ledger: Optional[tuple] = None):
    """(algorithm id, parameters, output files) of the district-scale run of ``name`` (an algorithm's short id;
    ``importledger_apply`` applies), every output a file in ``folder``; ``ledger`` is (project list GeoPackage,
    its exported workbook) from :func:`big_project_list`."""
    folder = Path(folder)

    def outs(*names):
        return [folder / n for n in names]

    streets, residents, facilities = district.streets, district.residents, district.facilities
    if name == "preparenetwork":
        o = outs("edges.gpkg", "nodes.gpkg")
        return "lifecircle:preparenetwork", {"INPUT": streets, "OUTPUT": str(o[0]), "NODES": str(o[1])}, o
    if name == "facilitycoverage":
        o = outs("residents.gpkg", "units.gpkg", "facilities.gpkg", "areas.gpkg")
        return "lifecircle:facilitycoverage", {
            "FACILITIES": facilities, "CATEGORY_FIELD": "category", "RESIDENTS": residents,
            "POPULATION_FIELD": "population", "UNITS": district.blocks, "UNIT_ID_FIELD": "block_id",
            "NETWORK": streets, "RESIDENTS_OUTPUT": str(o[0]), "UNITS_OUTPUT": str(o[1]),
            "FACILITIES_OUTPUT": str(o[2]), "SERVICE_AREAS": str(o[3])}, o
    if name == "delineateunits":
        o = outs("units.gpkg", "blocks.gpkg", "centres.gpkg")
        return "lifecircle:delineateunits", {
            "BLOCKS": district.blocks, "POPULATION_FIELD": "population", "BLOCK_ID_FIELD": "block_id",
            "ADMIN_FIELD": "subdistrict", "NETWORK": streets, "PRESET": 0, "UNITS": str(o[0]),
            "BLOCKS_OUTPUT": str(o[1]), "CENTRES": str(o[2]),
            **({"MAX_WALK": district.units_max_walk} if district.units_max_walk else {})}, o
    if name == "potentialspace":
        o = outs("potential.gpkg")
        return "lifecircle:potentialspace", {"PARCELS": district.parcels, "NETWORK": streets,
                                             "COVERAGE": district.coverage, "OUTPUT": str(o[0])}, o
    if name == "siting":
        o = outs("sites.gpkg", "allocation.gpkg")
        return "lifecircle:siting", {
            "CANDIDATES": district.parcels, "CANDIDATE_ID_FIELD": "parcel_id", "DEMAND": residents,
            "POPULATION_FIELD": "population", "NETWORK": streets, "CATEGORY": "Q05", "MODEL": 0, "P": 10,
            "SITES": str(o[0]), "ALLOCATION": str(o[1])}, o
    if name == "projectimpact":
        o = outs("impact_units.gpkg", "impact_projects.gpkg", "impact_residents.gpkg")
        return "lifecircle:projectimpact", {
            "FACILITIES": facilities, "CATEGORY_FIELD": "category", "RESIDENTS": residents,
            "POPULATION_FIELD": "population", "NETWORK": streets, "PROJECTS": district.projects,
            "UNITS_OUTPUT": str(o[0]), "PROJECTS_OUTPUT": str(o[1]), "RESIDENTS_OUTPUT": str(o[2])}, o
    if name == "convertcoords":
        o = outs("converted.gpkg")
        if not hasattr(district, "_pois"):
            district._pois = district.lonlat_points(200000)
        return "lifecircle:convertcoords", {"INPUT": district._pois, "OUTPUT": str(o[0])}, o
    if name == "comparecoverage":
        o = outs("change.gpkg", "table.gpkg")
        if not hasattr(district, "_units"):
            district._units = (district.units_output(3000), district.units_output(3000, shift=3.0))
        return "lifecircle:comparecoverage", {"BEFORE": district._units[0], "AFTER": district._units[1],
                                              "OUTPUT": str(o[0]), "TABLE": str(o[1])}, o
    gpkg, workbook = ledger
    if name == "exportledger":
        o = outs("ledger.xlsx")
        return "lifecircle:exportledger", {"INPUT": sample_uri("projects", path=gpkg), "YEARS": "0",
                                           "OUTPUT": str(o[0])}, o
    if name in ("importledger", "importledger_apply"):
        o = outs("preview.gpkg")
        return "lifecircle:importledger", {"INPUT": sample_uri("projects", path=gpkg), "WORKBOOK": str(workbook),
                                           "APPLY": name.endswith("apply"), "OUTPUT": str(o[0])}, o
    raise KeyError(name)


#: district sizes (test_cancellation.py and the measurement scripts measure_cancel.py, cancel_gaps.py, under
#: SCALE=…): the tests' own, and issue 9's district scale (a 317 × 317 grid: ~200,000 street lines, 100,000
#: residents, 10,000 facilities; its blocks are larger than the units preset expects, so the units walk 2,000 m)
DISTRICT_SCALES = {"test": {}, "district": dict(n=317, residents=100000, facilities=10000, block_cells=16,
                                                units_max_walk=2000.0)}


def standalone() -> None:
    """Environment and ``sys.path`` for a measurement script run outside pytest (what conftest.py does for the
    tests): offscreen Qt, PROJ's data, the built plugin and QGIS's own ``processing`` package first, and the
    repository root off the path (its ``processing/`` would shadow QGIS's)."""
    import os
    import sys

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("PROJ_DATA", "/usr/share/proj")
    here = ROOT / "tests" / "bad_inputs"
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() not in (ROOT, here)]
    sys.path.insert(0, str(ROOT / "build"))
    sys.path.insert(0, "/usr/share/qgis/python/plugins")


def start_qgis(before_provider=None):
    """A QGIS application with Processing and the LifeCircle provider, for a measurement script: (application,
    provider). ``before_provider`` runs before the provider (and so the algorithm modules) is loaded."""
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    from processing.core.Processing import Processing

    Processing.initialize()
    if before_provider is not None:
        before_provider()
    from lifecircle.processing.provider import LifeCircleProvider

    provider = LifeCircleProvider()
    QgsApplication.processingRegistry().addProvider(provider)
    return app, provider


def measurement_ledger(work: Path) -> tuple:
    """(project list GeoPackage of 20,000 projects, its exported workbook) for the ledger cases of the
    measurement scripts."""
    from qgis import processing

    gpkg = big_project_list(work, 20000)
    workbook = work / "ledger_in.xlsx"
    processing.run("lifecircle:exportledger", {"INPUT": sample_uri("projects", path=gpkg), "YEARS": "0",
                                               "OUTPUT": str(workbook)}, feedback=recording_feedback())
    return gpkg, workbook


DISTRICT_CASES = ("preparenetwork", "facilitycoverage", "delineateunits", "potentialspace", "siting",
                  "projectimpact", "convertcoords", "comparecoverage", "exportledger", "importledger",
                  "importledger_apply")


def coverage_base(**over) -> dict:
    """lifecircle:facilitycoverage's parameters on the sample district, with ``over``."""
    p = {"FACILITIES": sample_uri("facilities"), "CATEGORY_FIELD": "category", "RESIDENTS": sample_uri("residents"),
         "POPULATION_FIELD": "population", "NETWORK": sample_uri("streets")}
    p.update(over)
    return p


def fingerprint(folder) -> dict:
    """Every file of a folder and the hash of its bytes."""
    import hashlib

    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}
