"""lifecircle:potentialspace through processing.run on the sample district: the kinds of potential space found,
counted independently from the data (geopandas/shapely); uncovered residents checked against networkx;
score, rank and reasons; constraints; bad input with nothing written."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from qgis import processing
from qgis.core import QgsFeature, QgsGeometry, QgsProcessingException, QgsVectorLayer
from qgis.PyQt.QtCore import QVariant

import netref
from served_ref import served

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "sample" / "sample_district.gpkg"
LEFTOVER_USES = {"空地", "绿地", "广场", "交通", "其他"}
BUILT_USES = {"居住", "商业", "工业", "仓储", "机关"}


def uri(layer: str) -> str:
    return f"{SAMPLE}|layername={layer}"


def value(feature, name):
    v = feature[name]
    return None if v is None or (isinstance(v, QVariant) and v.isNull()) else v


def base(**over) -> dict:
    p = {"PARCELS": uri("parcels"), "ZONES": uri("blocks"), "ZONE_TYPE_FIELD": "block_type",
         "NETWORK": uri("streets"), "BARRIERS": uri("barriers"), "OUTPUT": "memory:"}
    p.update(over)
    return p


def by_id(layer) -> dict:
    return {f["parcel_id"]: f for f in layer.getFeatures()}


def rules_of(f) -> set:
    return set((value(f, "rules") or "").split(";")) - {""}


def kinds_of(f) -> set:
    return set((value(f, "kinds") or "").split(";")) - {""}


@pytest.fixture(scope="module")
def coverage_gpkg(lc_provider_module, tmp_path_factory):
    out = tmp_path_factory.mktemp("cov") / "residents.gpkg"
    processing.run("lifecircle:facilitycoverage", {
        "FACILITIES": uri("facilities"), "CATEGORY_FIELD": "category", "RESIDENTS": uri("residents"),
        "POPULATION_FIELD": "population", "NETWORK": uri("streets"), "RESIDENTS_OUTPUT": str(out),
        "UNITS_OUTPUT": "memory:"})
    return out


@pytest.fixture(scope="module")
def run(lc_provider_module, coverage_gpkg):
    return processing.run("lifecircle:potentialspace", base(COVERAGE=str(coverage_gpkg)))


@pytest.fixture(scope="module")
def sample(coverage_gpkg):
    import fiona  # noqa: F401
    import geopandas as gpd
    from shapely.ops import unary_union

    d = {k: gpd.read_file(SAMPLE, layer=k) for k in ("parcels", "blocks", "streets", "barriers")}
    d["coverage"] = gpd.read_file(coverage_gpkg)
    p = d["parcels"]
    walk = [g for g, h in zip(d["streets"].geometry, d["streets"].highway) if h != "trunk"]
    d["walk_lines"] = walk
    expressway = unary_union(list(d["barriers"][d["barriers"]["type"] == "expressway"].geometry))
    p["d_street"] = [g.distance(unary_union([w for w in walk if w.distance(g) < 100] or walk)) for g in p.geometry]
    p["d_expressway"] = p.geometry.distance(expressway)
    block_type = dict(zip(d["blocks"].block_id, d["blocks"].block_type))
    p["block_type"] = [block_type.get(b) for b in p.block_id]
    return d


def ids(frame) -> set:
    return set(frame.parcel_id)


# ------------------------------------------------------------------------------------------------------------
# the kinds found on the sample, counted independently


def test_idle_and_vacant_parcels_are_found(run, sample):
    p = sample["parcels"]
    expected = ids(p[p.status.isin(["idle", "vacant"]) | (p.land_use == "空地")])
    out = by_id(run["OUTPUT"])
    found = {pid for pid, f in out.items() if "闲置" in kinds_of(f)}
    assert found == expected
    assert len(ids(p[p.status == "idle"])) >= 10 and len(ids(p[p.status == "vacant"])) >= 30


def test_industry_and_warehouses_inside_residential_blocks(run, sample):
    p = sample["parcels"]
    expected = ids(p[p.land_use.isin(["工业", "仓储"]) & (p.block_type == "居住") & (p.area_m2 >= 1000)])
    out = by_id(run["OUTPUT"])
    found = {pid for pid, f in out.items() if "industry_in_residential" in rules_of(f)}
    assert found == expected and len(expected) >= 5
    assert all(value(out[pid], "in_res_zone") for pid in found)


def test_leftover_pieces_along_roads_under_the_expressway_and_at_corners(run, sample):
    p = sample["parcels"]
    small = p[(p.area_m2 >= 50) & (p.area_m2 <= 2000) & p.land_use.isin(LEFTOVER_USES)]
    expected = ids(small[(small.d_street <= 20) | (small.d_expressway <= 15)])
    out = by_id(run["OUTPUT"])
    found = {pid for pid, f in out.items() if "金角银边" in kinds_of(f)}
    assert found == expected
    marked = ids(p[p.remark.isin(["街角空地（金角）", "路边带状空地（银边）", "高架下空间（桥下）"])])
    assert marked <= found and len(marked) == 25
    under = {pid for pid, f in out.items() if "under_elevated" in rules_of(f)}
    assert under == ids(small[small.d_expressway <= 15]) == ids(p[p.remark == "高架下空间（桥下）"])
    assert len(under) == 9
    corners = {pid for pid, f in out.items() if "corner_piece" in rules_of(f)}
    assert ids(p[p.remark == "街角空地（金角）"]) <= corners
    assert not corners & ids(p[p.remark == "路边带状空地（银边）"])  # strips along one street are not corners
    for pid in under:
        assert value(out[pid], "main_kind") == "金角银边"
        assert value(out[pid], "reason").startswith("高架下空间（桥下）")


def test_school_grounds_and_institutions_green_space(run, sample):
    p = sample["parcels"]
    out = by_id(run["OUTPUT"])
    grounds = ids(p[(p.land_use == "教育") & (p.far <= 0.3)])
    assert grounds == ids(p[p.remark == "学校运动场"]) and len(grounds) == 7
    found = {pid for pid, f in out.items() if rules_of(f) & {"school_ground", "school_ground_named"}}
    assert found == grounds
    assert not ids(p[p.remark == "中小学"]) & set(out)  # the school buildings are not potential space
    for pid in grounds:
        assert value(out[pid], "fits") == "Q08;Q10;M04" and value(out[pid], "main_kind") == "附属空间"
    green = ids(p[(p.land_use == "机关") & (p.status == "in_use") & (p.far <= 1.0) & (p.area_m2 >= 1000)])
    assert {pid for pid, f in out.items() if "institution_green" in rules_of(f)} == green


def test_low_efficiency_old_low_rise_and_far_below_the_zone(run, sample):
    p = sample["parcels"]
    out = by_id(run["OUTPUT"])
    cand = p[p.land_use.isin(BUILT_USES) & (p.status == "in_use") & (p.area_m2 >= 1000)]
    old = ids(cand[(cand.building_year <= 1990) & (cand.far <= 1.0)])
    assert {pid for pid, f in out.items() if "old_low_rise" in rules_of(f)} == old and old
    # reference FAR: the median (> 0) of the same use in the block, else in the whole layer (fewer than 3)
    positive = p[p.far > 0]
    low = set()
    for _, row in cand.iterrows():
        local = positive[(positive.block_id == row.block_id) & (positive.land_use == row.land_use)].far
        ref = local.median() if len(local) >= 3 else positive[positive.land_use == row.land_use].far.median()
        if row.far <= 0.5 * ref:
            low.add(row.parcel_id)
    assert {pid for pid, f in out.items() if "far_below_zone" in rules_of(f)} == low


def test_everything_found_is_written_and_counted(run, sample):
    out = by_id(run["OUTPUT"])
    assert run["POTENTIAL_COUNT"] == len(out)
    import json

    by_kind = json.loads(run["BY_KIND"])
    for kind in ("闲置", "低效", "金角银边", "附属空间"):
        assert by_kind[kind] == sum(1 for f in out.values() if kind in kinds_of(f)) > 0


# ------------------------------------------------------------------------------------------------------------
# uncovered residents, score, rank, reasons


def test_uncovered_residents_match_networkx(run, sample):
    from shapely.geometry import MultiLineString
    from shapely.ops import nearest_points

    from lifecircle.lifecircle_plugin.core.checklist import load_profile

    profile = load_profile("shanghai")
    out = by_id(run["OUTPUT"])
    cov = sample["coverage"]
    parcels = sample["parcels"].set_index("parcel_id")
    chosen = sorted(out, key=lambda pid: out[pid]["rank"])[:4] + ["P0280", "P0089", "P0088"]
    lines = MultiLineString([list(g.coords) for g in sample["walk_lines"]])
    entrances, access = [], []
    for pid in chosen:
        geom = parcels.loc[pid].geometry
        e = nearest_points(lines, geom.representative_point())[0]
        entrances.append((e.x, e.y))
        access.append(geom.distance(e))
    g = netref.vertex_graph([np.asarray(w.coords) for w in sample["walk_lines"]])
    nodes = netref.add_point_sets(g, {"p": entrances, "r": [(q.x, q.y) for q in cov.geometry]}, 150)
    import networkx as nx

    checked = 0
    for i, pid in enumerate(chosen):
        dist = nx.single_source_dijkstra_path_length(g, nodes["p"][i], cutoff=1000, weight="weight")
        walk = np.array([dist.get(n, math.inf) + access[i] if n is not None else math.inf for n in nodes["r"]])
        assert value(out[pid], "access_m") == pytest.approx(access[i], abs=0.06)
        for code in profile.codes:
            thr = profile.threshold(code)
            d = cov[f"d_{code}"].to_numpy(dtype=float)
            lack = np.isnan(d) | (d > thr)
            # the residents the category serves: its age group where the coverage residents carry it (为老服务: 60+)
            expected = float(served(cov, code)[lack & (walk <= thr)].sum())
            assert value(out[pid], f"u_{code}") == pytest.approx(expected, abs=0.5), (pid, code)
            checked += expected > 0
    assert checked > 20


def test_score_rank_and_reasons(run):
    feats = list(run["OUTPUT"].getFeatures())
    ranks = [f["rank"] for f in feats]
    assert ranks == list(range(1, len(feats) + 1))  # written best first
    scores = [f["score"] for f in feats]
    assert all(a >= b - 1e-9 for a, b in zip(scores, scores[1:]))
    assert scores[0] <= 100.0
    names = {"Q01": "党群服务", "Q05": "为老服务", "Q06": "保育托幼", "Q10": "公共空间", "M08": "双创场所"}
    for f in feats:
        parts = sum(f[k] for k in ("s_kind", "s_need", "s_area", "s_owner"))
        assert f["score"] == pytest.approx(parts, abs=0.02)
        gaps = (value(f, "gaps") or "").split(";")
        if gaps[0]:
            top = gaps[0]
            u = f[f"u_{top}"]
            assert f"{u:,.0f} 名居民缺少 " in f["reason"]
            if top in names:
                assert names[top] in f["reason"]
            # 十全 before 十美
            tiers = [c[0] for c in gaps]
            assert tiers == sorted(tiers, key=lambda t: t != "Q")
    # need_full 0 (bundled): the parcel with the most need earns the full 40 need points, the others less
    assert max(f["s_need"] for f in feats) == pytest.approx(40.0)
    assert sorted(f["s_need"] for f in feats)[len(feats) // 2] < 40.0


def test_without_coverage_the_same_parcels_rank_by_kind_area_and_ownership(lc_provider_module, run):
    res = processing.run("lifecircle:potentialspace", base())
    a, b = by_id(res["OUTPUT"]), by_id(run["OUTPUT"])
    assert set(a) == set(b)
    f = next(iter(a.values()))
    assert "u_Q05" not in f.fields().names()
    assert all(value(x, "s_need") == 0 for x in a.values())
    assert any("面积可容纳" in value(x, "reason") for x in a.values())


def test_zone_field_instead_of_zones_infers_residential_blocks(lc_provider_module, sample):
    p = sample["parcels"]
    housing = p[p.land_use == "居住"].groupby("block_id").area_m2.sum()
    total = p.groupby("block_id").area_m2.sum()
    residential = {b for b in total.index if housing.get(b, 0.0) / total[b] >= 0.5}
    expected = ids(p[p.land_use.isin(["工业", "仓储"]) & p.block_id.isin(residential) & (p.area_m2 >= 1000)])
    res = processing.run("lifecircle:potentialspace", base(ZONES=None, ZONE_TYPE_FIELD=None, ZONE_FIELD="block_id"))
    found = {pid for pid, f in by_id(res["OUTPUT"]).items() if "industry_in_residential" in rules_of(f)}
    assert found == expected and expected


def test_weights_parameter_and_keep_all(lc_provider_module, run):
    res = processing.run("lifecircle:potentialspace", base(WEIGHTS="kind=100, need=0, area=0, ownership=0",
                                                          KEEP_ALL=True))
    feats = list(res["OUTPUT"].getFeatures())
    assert len(feats) == 287
    pot = [f for f in feats if value(f, "rank") is not None]
    assert len(pot) == run["POTENTIAL_COUNT"]
    for f in pot:
        assert f["score"] == pytest.approx(f["s_kind"], abs=0.01)
    assert all(value(f, "score") is None and value(f, "kinds") is None for f in feats if value(f, "rank") is None)


def polygons(rows, fields="name:string&field=mode:string", crs="EPSG:4549"):
    lyr = QgsVectorLayer(f"Polygon?crs={crs}&field={fields}", "constraints", "memory")
    feats = []
    for wkt, attrs in rows:
        f = QgsFeature(lyr.fields())
        f.setGeometry(QgsGeometry.fromWkt(wkt))
        f.setAttributes(list(attrs))
        feats.append(f)
    lyr.dataProvider().addFeatures(feats)
    return lyr


def test_constraints_exclude_and_clip(lc_provider_module, sample):
    p = sample["parcels"].set_index("parcel_id")
    gone = p.loc["P0009"].geometry  # vacant land, the heritage area covers its centre
    cut = p.loc["P0011"].geometry  # vacant land, a road red line across its southern part
    x0, y0, x1, y1 = cut.bounds
    red_line = f"POLYGON(({x0 - 10} {y0 - 10}, {x1 + 10} {y0 - 10}, {x1 + 10} {y0 + 40}, {x0 - 10} {y0 + 40}, " \
               f"{x0 - 10} {y0 - 10}))"
    c = gone.centroid
    heritage = f"POLYGON(({c.x - 20} {c.y - 20}, {c.x + 20} {c.y - 20}, {c.x + 20} {c.y + 20}, {c.x - 20} " \
               f"{c.y + 20}, {c.x - 20} {c.y - 20}))"
    from shapely import wkt as shapely_wkt

    lyr = polygons([(heritage, ["历史风貌保护区", "排除"]), (red_line, ["道路红线", "裁剪"])])
    res = processing.run("lifecircle:potentialspace", base(CONSTRAINTS=lyr, CONSTRAINT_MODE_FIELD="mode",
                                                          CONSTRAINT_NAME_FIELD="name", CONSTRAINT_MODE=0))
    out = by_id(res["OUTPUT"])
    assert "P0009" not in out
    f = out["P0011"]
    left = cut.difference(shapely_wkt.loads(red_line))
    share = left.area / cut.area
    assert f["area_used"] == pytest.approx(p.loc["P0011"].area_m2 * share, abs=0.2)
    assert f["clipped_m2"] == pytest.approx(p.loc["P0011"].area_m2 * (1 - share), abs=0.2)
    assert f.geometry().area() == pytest.approx(left.area, rel=1e-6)
    assert f["constraint"] == "道路红线" and "已扣除道路红线" in f["reason"]
    # the same red line as 'exclude' for every feature (no mode field)
    res = processing.run("lifecircle:potentialspace", base(CONSTRAINTS=lyr, CONSTRAINT_MODE=0))
    assert "P0011" not in by_id(res["OUTPUT"])


def test_result_layer_loads_with_the_bundled_style(lc_provider_module):
    from qgis.core import QgsCategorizedSymbolRenderer, QgsProject

    project = QgsProject.instance()
    before = set(project.mapLayers())
    res = processing.runAndLoadResults("lifecircle:potentialspace", base(OUTPUT="TEMPORARY_OUTPUT"))
    new = [project.mapLayer(i) for i in set(project.mapLayers()) - before]
    try:
        layer = [lyr for lyr in new if lyr.id() == res["OUTPUT"]][0]
        renderer = layer.renderer()
        assert isinstance(renderer, QgsCategorizedSymbolRenderer) and renderer.classAttribute() == "main_kind"
        assert {c.value() for c in renderer.categories()} >= {"闲置", "低效", "金角银边", "附属空间"}
        assert layer.labelsEnabled()
    finally:
        project.removeMapLayers([lyr.id() for lyr in new])


# ------------------------------------------------------------------------------------------------------------
# bad input: clear messages, nothing written


def memory_parcels(rows, fields="far:string&field=building_year:string&field=status:string"):
    lyr = QgsVectorLayer(f"Polygon?crs=EPSG:4549&field={fields}", "地块", "memory")
    feats = []
    for wkt, attrs in rows:
        f = QgsFeature(lyr.fields())
        f.setGeometry(QgsGeometry.fromWkt(wkt))
        f.setAttributes(list(attrs))
        feats.append(f)
    lyr.dataProvider().addFeatures(feats)
    return lyr


SQUARE = "POLYGON((633400 3454000, 633450 3454000, 633450 3454050, 633400 3454050, 633400 3454000))"
BOWTIE = "POLYGON((633400 3454000, 633450 3454050, 633450 3454000, 633400 3454050, 633400 3454000))"


@pytest.mark.parametrize("make, message", [
    (lambda cov: base(FAR_FIELD="floor_ratio"), r"no field 'floor_ratio' \(FAR\)"),
    (lambda cov: base(PARCELS=memory_parcels([(SQUARE, ["1.2", "1990", "idle"]), (SQUARE, ["高", "1990", "idle"]),
                                              (SQUARE, ["0.8", "约1990年", "idle"]), (SQUARE, ["1", "0", "idle"])]),
                      ZONES=None),
     r"Layer '地块': field 'far' \(FAR\) is not a number in feature ids 2; field 'building_year' \(building year\) "
     r"is not a number in feature ids 3; field 'building_year' \(building year\) is not a year in feature ids 4"),
    (lambda cov: base(PARCELS=memory_parcels([(SQUARE, ["1.2", "1990", "idle"]), (BOWTIE, ["1.2", "1990", "idle"])]),
                      ZONES=None),
     r"Layer '地块': 1 feature\(s\) with invalid geometry \(feature ids 2\).*Fix Geometries"),
    (lambda cov: base(COVERAGE=uri("residents")), r"has no distance fields d_Q01…d_M10 .*RESIDENTS_OUTPUT"),
    (lambda cov: base(COVERAGE=str(cov), COVERAGE_POPULATION_FIELD="pop"), r"no population field 'pop'"),
    (lambda cov: base(WEIGHTS="need=lots"), r"Score weights: cannot read 'need=lots'"),
    (lambda cov: base(CONSTRAINTS=polygons([(SQUARE, ["x", "maybe"])]), CONSTRAINT_MODE_FIELD="mode"),
     r"field 'mode', feature id 1: unknown constraint mode 'maybe'"),
])
def test_bad_input_is_named_and_nothing_is_written(lc_provider, coverage_gpkg, tmp_path, make, message):
    params = make(coverage_gpkg)
    params["OUTPUT"] = str(tmp_path / "potential.gpkg")
    with pytest.raises(QgsProcessingException, match=message):
        processing.run("lifecircle:potentialspace", params)
    assert not list(tmp_path.iterdir())


def test_a_bad_rules_file_names_its_row(lc_provider, tmp_path):
    from lifecircle.lifecircle_plugin.core.potential import BUNDLED_RULES

    text = BUNDLED_RULES.read_text(encoding="utf-8-sig").replace("under_elevated,1,金角银边", "under_elevated,1,桥下")
    rules = tmp_path / "rules" / "my_rules.csv"
    rules.parent.mkdir()
    rules.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(QgsProcessingException, match=r"my_rules.csv, row 2, column 'kind': unknown kind '桥下'"):
        processing.run("lifecircle:potentialspace", base(RULES=str(rules), OUTPUT=str(out / "p.gpkg")))
    assert not list(out.iterdir())


def test_after_an_invalid_geometry_the_session_goes_on(lc_provider):
    """QGIS's own invalid-geometry error, thrown inside the feature iterator, corrupts the interpreter (the
    next run crashes); the algorithm checks first and stops cleanly, so the next runs work."""
    for _ in range(2):
        with pytest.raises(QgsProcessingException, match="invalid geometry"):
            processing.run("lifecircle:potentialspace", base(PARCELS=memory_parcels([(BOWTIE, ["1", "1990", "idle"])]),
                                                             ZONES=None))
    res = processing.run("native:buffer", {"INPUT": uri("blocks"), "DISTANCE": 1, "OUTPUT": "memory:"})
    assert res["OUTPUT"].featureCount() == 20
    res = processing.run("lifecircle:potentialspace", base(PARCELS=memory_parcels([(SQUARE, ["1", "1990", "idle"])]),
                                                          ZONES=None))
    assert res["OUTPUT"].featureCount() == 1


def test_invalid_geometries_are_repaired_when_the_setting_says_ignore(lc_provider):
    from qgis.core import QgsFeatureRequest, QgsProcessingContext, QgsProcessingFeedback, QgsProject

    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    context.setInvalidGeometryCheck(QgsFeatureRequest.GeometryNoCheck)

    class Feedback(QgsProcessingFeedback):
        def __init__(self):
            super().__init__()
            self.errors = []

        def reportError(self, error, fatalError=False):  # noqa: N802, N803
            self.errors.append(error)

    feedback = Feedback()
    lyr = memory_parcels([(BOWTIE, ["1.2", "1990", "idle"]), (SQUARE, ["1.2", "1990", "idle"])])
    res = processing.run("lifecircle:potentialspace", base(PARCELS=lyr, ZONES=None), context=context,
                         feedback=feedback)
    feats = {f.id(): f for f in res["OUTPUT"].getFeatures()}
    assert set(feats) == {1, 2} or len(feats) == 2
    assert any("invalid polygons were repaired" in e and "feature ids 1" in e for e in feedback.errors)
    areas = sorted(f["area_used"] for f in res["OUTPUT"].getFeatures())
    assert areas == pytest.approx([1250.0, 2500.0])


@pytest.mark.parametrize("at", [0.0, 45.0])
def test_cancel_writes_nothing(lc_provider, coverage_gpkg, tmp_path, at):
    from qgis.core import QgsProcessingFeedback

    feedback = QgsProcessingFeedback()
    seen = []

    def maybe_cancel(progress):
        seen.append(progress)
        if progress >= at:
            feedback.cancel()

    feedback.progressChanged.connect(maybe_cancel)
    if at == 0.0:
        feedback.cancel()
    out = tmp_path / "potential.gpkg"
    with pytest.raises(QgsProcessingException, match="[Cc]ancel"):
        processing.run("lifecircle:potentialspace", base(COVERAGE=str(coverage_gpkg), OUTPUT=str(out)),
                       feedback=feedback)
    assert not out.exists()
    if at:
        assert max(seen) >= at  # cancelled during the analysis, not before it
