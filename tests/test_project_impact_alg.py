"""lifecircle:projectimpact and lifecircle:comparecoverage on the sample district, checked against an
independent networkx computation."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from qgis import processing
from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsProcessingException, QgsVectorLayer
from qgis.PyQt.QtCore import QVariant

import netref
from served_ref import SERVES, served

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "sample" / "sample_district.gpkg"
THRESHOLDS = {"Q01": 1000, "Q02": 500, "Q03": 500, "Q04": 1000, "Q05": 500, "Q06": 500, "Q07": 1000, "Q08": 500,
              "Q09": 1000, "Q10": 300, "M01": 1000, "M02": 1000, "M03": 500, "M04": 1000, "M05": 500,
              "M06": 1000, "M07": 1000, "M08": 1000, "M09": 1000, "M10": 500}
COUNTED = ("在建", "完工", "运营")


def uri(layer):
    return f"{SAMPLE}|layername={layer}"


def value(f, name):
    v = f[name]
    return None if v is None or (isinstance(v, QVariant) and v.isNull()) else v


def params(**over):
    p = {"FACILITIES": uri("facilities"), "CATEGORY_FIELD": "category", "RESIDENTS": uri("residents"),
         "POPULATION_FIELD": "population", "UNITS": uri("blocks"), "UNIT_ID_FIELD": "block_id",
         "NETWORK": uri("streets"), "PROJECTS": uri("projects"), "YEAR": 2026,
         "UNITS_OUTPUT": "memory:", "PROJECTS_OUTPUT": "memory:", "RESIDENTS_OUTPUT": "memory:"}
    p.update(over)
    return p


@pytest.fixture(scope="module")
def data():
    import fiona  # noqa: F401  (geopandas reads the GeoPackage through it on Debian)
    import geopandas as gpd

    d = {k: gpd.read_file(SAMPLE, layer=k) for k in ("streets", "facilities", "residents", "projects")}
    d["lines"] = [np.asarray(g.coords) for g, h in zip(d["streets"].geometry, d["streets"].highway) if h != "trunk"]
    return d


def reference_distances(data, points, code):
    g = netref.vertex_graph(data["lines"])
    nodes = netref.add_point_sets(g, {"f": points, "r": [(p.x, p.y) for p in data["residents"].geometry]}, 150)
    return netref.nearest_source_distances(g, nodes["f"], nodes["r"], limit=3000)


@pytest.fixture(scope="module")
def run(lc_provider_module):
    return processing.run("lifecircle:projectimpact", params())


def test_before_after_and_new_coverage_match_networkx(run, data):
    fac, res, proj = data["facilities"], data["residents"], data["projects"]
    sel = proj[(proj.year == 2026) & proj.status.isin(COUNTED)]
    assert len(sel) > 0
    pop = res.population.to_numpy().astype(float)
    units = {f["block_id"]: f for f in run["UNITS_OUTPUT"].getFeatures()}
    new_any = np.zeros(len(res), dtype=bool)
    for code in sorted(set(sel.category)):
        t = THRESHOLDS[code]
        before_pts = [(p.x, p.y) for p in fac[fac.category == code].geometry]
        after_pts = before_pts + [(p.x, p.y) for p in sel[sel.category == code].geometry]
        db = reference_distances(data, before_pts, code) if before_pts else np.full(len(res), np.inf)
        da = reference_distances(data, after_pts, code)
        new_any |= (da <= t) & ~(db <= t)
        w = served(res, code)  # (为老服务 over older residents …)
        for block_id, unit in units.items():
            m = (res.block_id == block_id).to_numpy()
            if w[m].sum() == 0:
                assert value(unit, f"cb_{code}") is None and value(unit, f"ca_{code}") is None
                continue
            assert value(unit, f"cb_{code}") == pytest.approx(100 * w[m & (db <= t)].sum() / w[m].sum(), abs=0.051)
            assert value(unit, f"ca_{code}") == pytest.approx(100 * w[m & (da <= t)].sum() / w[m].sum(), abs=0.051)
            if code in SERVES:  # and everyone's, beside
                assert value(unit, f"cbe_{code}") == pytest.approx(100 * pop[m & (db <= t)].sum() / pop[m].sum(),
                                                                   abs=0.051)
                assert value(unit, f"cae_{code}") == pytest.approx(100 * pop[m & (da <= t)].sum() / pop[m].sum(),
                                                                   abs=0.051)
        # residents output: distances before/after for the categories that changed
        got = sorted(run["RESIDENTS_OUTPUT"].getFeatures(), key=lambda f: f.id())
        ours_a = np.array([value(f, f"da_{code}") if value(f, f"da_{code}") is not None else np.inf for f in got])
        fin = np.isfinite(da)
        np.testing.assert_allclose(ours_a[fin], da[fin], atol=0.051)
    assert run["NEWLY_COVERED"] == pytest.approx(pop[new_any].sum())
    for block_id, unit in units.items():
        m = (res.block_id == block_id).to_numpy()
        assert unit["new_pop"] == pytest.approx(pop[m & new_any].sum())


def test_credits_in_list_order_add_up_and_alone_matches(run, data):
    res, fac = data["residents"], data["facilities"]
    pop = res.population.to_numpy().astype(float)
    rows = sorted(run["PROJECTS_OUTPUT"].getFeatures(), key=lambda f: f["lc_order"])
    ids = [f["project_id"] for f in rows]
    assert ids == sorted(ids)  # the list order is the project-id order
    by_code = {}
    for f in rows:
        by_code.setdefault(f["lc_code"], []).append(f)
    for code, fs in by_code.items():
        t = THRESHOLDS[code]
        pop = served(res, code)  # a project for older residents counts the older residents it newly covers
        db = reference_distances(data, [(p.x, p.y) for p in fac[fac.category == code].geometry], code) \
            if (fac.category == code).any() else np.full(len(res), np.inf)
        credited = np.zeros(len(res), dtype=bool)
        for f in fs:
            p = f.geometry().asPoint()
            d = reference_distances(data, [(p.x(), p.y())], code)
            new = (d <= t) & ~(db <= t)
            assert value(f, "new_alone") == pytest.approx(pop[new].sum())
            assert value(f, "new_ordered") == pytest.approx(pop[new & ~credited].sum())
            credited |= new
        # credits add up to the category's whole gain
        assert sum(value(f, "new_ordered") for f in fs) == pytest.approx(pop[credited].sum())


def _projects_copy(tmp_path) -> str:
    dst = tmp_path / "sample.gpkg"
    shutil.copy(SAMPLE, dst)
    return str(dst)


def test_duplicate_project_flagged_and_unlocated_or_uncategorised_reported(lc_provider, tmp_path, data):
    path = _projects_copy(tmp_path)
    lyr = QgsVectorLayer(f"{path}|layername=projects", "projects", "ogr")
    fac = data["facilities"]
    q05 = fac[fac.category == "Q05"].geometry.iloc[0]
    template = next(lyr.getFeatures())
    lyr.startEditing()
    for pid, cat, geom in (("2026-测试-901", "Q05", QgsGeometry.fromPointXY(QgsPointXY(q05.x, q05.y))),
                           ("2026-测试-902", None, QgsGeometry.fromPointXY(QgsPointXY(q05.x + 300, q05.y))),
                           ("2026-测试-903", "Q05", QgsGeometry())):
        f = QgsFeature(template)
        f.setId(-1)
        f["fid"] = None
        f["project_id"] = pid
        f["category"] = cat
        f["status"] = "在建"
        f["year"] = 2026
        f.setGeometry(geom)
        assert lyr.addFeature(f)
    assert lyr.commitChanges(), lyr.commitErrors()
    del lyr
    out = processing.run("lifecircle:projectimpact", params(PROJECTS=f"{path}|layername=projects"))
    rows = {f["project_id"]: f for f in out["PROJECTS_OUTPUT"].getFeatures()}
    assert value(rows["2026-测试-901"], "new_alone") == 0
    assert value(rows["2026-测试-901"], "lc_reason").startswith("与现有服务重叠")
    assert not rows["2026-测试-902"]["counted"] and "类别" in value(rows["2026-测试-902"], "lc_reason")
    assert not rows["2026-测试-903"]["counted"] and "位置" in value(rows["2026-测试-903"], "lc_reason")
    assert out["PROJECTS_OVERLAPPING"] >= 1


def test_status_selection_and_nothing_selected(lc_provider, tmp_path):
    draft = processing.run("lifecircle:projectimpact", params(STATUSES="谋划,前期,在建,完工,运营"))
    counted = processing.run("lifecircle:projectimpact", params())
    assert draft["PROJECTS_COUNTED"] > counted["PROJECTS_COUNTED"]
    assert draft["NEWLY_COVERED"] >= counted["NEWLY_COVERED"]
    out = tmp_path / "u.gpkg"
    with pytest.raises(QgsProcessingException, match="no project of year 2031"):
        processing.run("lifecircle:projectimpact", params(YEAR=2031, UNITS_OUTPUT=str(out)))
    assert not out.exists()


def test_comparing_a_result_with_itself_is_zero_everywhere(lc_provider):
    cov = processing.run("lifecircle:facilitycoverage", {
        "FACILITIES": uri("facilities"), "CATEGORY_FIELD": "category", "RESIDENTS": uri("residents"),
        "POPULATION_FIELD": "population", "UNITS": uri("blocks"), "UNIT_ID_FIELD": "block_id",
        "NETWORK": uri("streets"), "RESIDENTS_OUTPUT": "memory:", "UNITS_OUTPUT": "memory:"})
    units = cov["UNITS_OUTPUT"]
    same = processing.run("lifecircle:comparecoverage", {"BEFORE": units, "AFTER": units, "OUTPUT": "memory:",
                                                         "TABLE": "memory:"})
    feats = list(same["OUTPUT"].getFeatures())
    assert len(feats) == 20 and same["UNITS_GAINED"] == 0 and same["UNITS_LOST"] == 0
    for f in feats:
        assert f["dq_met"] == 0 and f["change"] == "持平 same"
        for code in THRESHOLDS:
            assert value(f, f"dc_{code}") in (0, None)
    table = list(same["TABLE"].getFeatures())
    assert len(table) == 20 * 20 and all(value(r, "change") in (0, None) for r in table)


def test_compare_before_and_after_projects(lc_provider):
    """A year's change: coverage without and with the 2026 projects as facilities."""
    impact = processing.run("lifecircle:projectimpact", params())
    before, after = QgsVectorLayer("Polygon?crs=EPSG:4549&field=unit_id:string&field=q_met:integer&field=m_met:integer"
                                   + "".join(f"&field=c_{c}:double" for c in THRESHOLDS), "before", "memory"), None
    after = QgsVectorLayer(before.source(), "after", "memory")
    feats_b, feats_a = [], []
    for f in impact["UNITS_OUTPUT"].getFeatures():
        for lyr, suffix, feats in ((before, "b", feats_b), (after, "a", feats_a)):
            g = QgsFeature(lyr.fields())
            g.setGeometry(f.geometry())
            g["unit_id"] = f["unit_id"]
            g["q_met"] = f[f"q_met_{suffix}"]
            g["m_met"] = f[f"m_met_{suffix}"]
            for c in THRESHOLDS:
                g[f"c_{c}"] = f[f"c{suffix}_{c}"]
            feats.append(g)
    before.dataProvider().addFeatures(feats_b)
    after.dataProvider().addFeatures(feats_a)
    comp = processing.run("lifecircle:comparecoverage", {"BEFORE": before, "AFTER": after, "OUTPUT": "memory:"})
    for f, src in zip(comp["OUTPUT"].getFeatures(), impact["UNITS_OUTPUT"].getFeatures()):
        assert f["unit_id"] == src["unit_id"]
        assert f["dq_met"] == src["q_met_a"] - src["q_met_b"]
        for c in ("Q05", "Q06"):
            b, a = value(src, f"cb_{c}"), value(src, f"ca_{c}")
            assert value(f, f"dc_{c}") == pytest.approx(a - b, abs=0.051)


def test_compare_refuses_layers_that_are_not_coverage_results(lc_provider):
    with pytest.raises(QgsProcessingException, match="not a units output"):
        processing.run("lifecircle:comparecoverage", {"BEFORE": uri("blocks"), "AFTER": uri("blocks"),
                                                      "UNIT_ID_FIELD": "block_id", "OUTPUT": "memory:"})
