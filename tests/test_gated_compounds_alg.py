"""Gated compounds through the algorithms (processing.run): the hand-worked block of tests/core/test_compounds.py
placed near Shanghai (EPSG:4549), with the COMPOUNDS/GATES inputs every network algorithm shares, night mode, an
AMap export in GCJ-02 with its type codes, and the bad inputs a planner's layers have."""

from __future__ import annotations

import math

import pytest
from qgis import processing
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsGeometry,
    QgsPointXY,
    QgsProcessingException,
    QgsProject,
)

X0, Y0 = 633000.0, 3454000.0  # the block's south-west corner (EPSG:4549, central Shanghai)
R = (200.0, 180.0)  # a resident 20 m from the north street; the compound's gates: S (200,20), N (250,190)
F = (200.0, 200.0)  # a clinic (Q03… any category) on the north street
WALL = [(100, 20), (300, 20), (300, 190), (100, 190), (100, 20)]


def layer(kind, fields, rows, crs="EPSG:4549", name="layer"):
    """A memory layer (bad_inputs_support.memory_layer) from "name:type" fields and (geometry, values) rows."""
    import bad_inputs_support as S

    return S.memory_layer(kind, [tuple(f.split(":")) for f in fields], [(g, *values) for g, values in rows], crs=crs,
                          name=name)


def pt(x, y):
    return QgsGeometry.fromPointXY(QgsPointXY(X0 + x, Y0 + y))


def streets():
    lines = [[(0, 0), (400, 0)], [(0, 200), (400, 200)], [(0, 0), (0, 200)], [(400, 0), (400, 200)]]
    return layer("LineString", ["highway:string"], [
        (QgsGeometry.fromPolylineXY([QgsPointXY(X0 + x, Y0 + y) for x, y in ln]), ["residential"]) for ln in lines],
        name="streets")


def compounds(is_open=0, crs="EPSG:4549", shift=None):
    ring = [QgsPointXY(X0 + x, Y0 + y) for x, y in WALL]
    g = QgsGeometry.fromPolygonXY([ring])
    if shift:
        g = shift(g)
    return layer("Polygon", ["name:string", "is_open:integer", "type:string"],
                 [(g, ["翠杉园", is_open, "120302"]), (shift(square(2000)) if shift else square(2000),
                                                      ["商场", 0, "060100"])], crs=crs, name="compounds")


def square(off):
    return QgsGeometry.fromPolygonXY([[QgsPointXY(X0 + off + x, Y0 + y) for x, y in
                                       [(0, 0), (50, 0), (50, 50), (0, 50), (0, 0)]]])


def gates(rows, crs="EPSG:4549", shift=None):
    """rows: (x, y, hours, pedestrian, type)."""
    out = []
    for x, y, hours, ped, kind in rows:
        g = pt(x, y)
        out.append((shift(g) if shift else g, [hours, ped, kind]))
    return layer("Point", ["hours:string", "pedestrian:string", "type:string"], out, crs=crs, name="gates")


def run(extra, residents=(R,)):
    res = layer("Point", ["population:integer"], [(pt(*p), [100]) for p in residents], name="residents")
    fac = layer("Point", ["category:string"], [(pt(*F), ["Q03"])], name="facilities")
    params = {"FACILITIES": fac, "CATEGORY_FIELD": "category", "RESIDENTS": res, "POPULATION_FIELD": "population",
              "NETWORK": streets(), "SNAP_TOLERANCE": 50, "RESIDENTS_OUTPUT": "memory:", "UNITS_OUTPUT": "memory:",
              "FACILITIES_OUTPUT": "memory:"}
    params.update(extra)
    from feedback_log import RecordingFeedback

    fb = RecordingFeedback()
    out = processing.run("lifecircle:facilitycoverage", params, feedback=fb)
    d = [f["d_Q03"] for f in out["RESIDENTS_OUTPUT"].getFeatures()]
    return [None if v is None or v != v else float(v) for v in d], fb


BOTH = [(200, 20, "", "1", "991400"), (250, 190, "06:00-22:00", "1", "991401")]


def test_the_walk_goes_round_through_the_only_gate(lc_provider):
    assert run({})[0][0] == pytest.approx(20.0, abs=0.01)
    d, fb = run({"COMPOUNDS": compounds(), "GATES": gates([(200, 20, "", "1", "991400")])})
    assert d[0] == pytest.approx(780.0, abs=0.01)
    assert any("walk out through their gates" in m for m in fb.infos)


def test_best_gate_by_day_and_night_mode(lc_provider):
    day, _ = run({"COMPOUNDS": compounds(), "GATES": gates(BOTH), "GATE_HOURS_FIELD": "hours", "AT_HOUR": "21:59"})
    assert day[0] == pytest.approx(math.hypot(50, 10) + 60, abs=0.01)
    night, fb = run({"COMPOUNDS": compounds(), "GATES": gates(BOTH), "GATE_HOURS_FIELD": "hours",
                     "AT_HOUR": "22:00"})
    assert night[0] == pytest.approx(780.0, abs=0.01)
    assert any("closed at 22:00" in m and "1 gate(s)" in m for m in fb.infos)
    no_hour, _ = run({"COMPOUNDS": compounds(), "GATES": gates(BOTH), "GATE_HOURS_FIELD": "hours"})
    assert no_hour[0] == pytest.approx(day[0], abs=0.01)


def test_vehicle_only_gate_and_open_compound(lc_provider):
    car = [(200, 20, "", "1", "991400"), (250, 190, "", "车行", "991400")]
    d, fb = run({"COMPOUNDS": compounds(), "GATES": gates(car), "GATE_PEDESTRIAN_FIELD": "pedestrian"})
    assert d[0] == pytest.approx(780.0, abs=0.01)
    assert any("not for pedestrians" in m for m in fb.infos)
    d, _ = run({"COMPOUNDS": compounds(is_open=1), "GATES": gates(car), "COMPOUND_OPEN_FIELD": "is_open"})
    assert d[0] == pytest.approx(20.0, abs=0.01)


def test_amap_export_in_gcj02_with_type_codes(lc_provider):
    """Compounds and gates in lon/lat GCJ-02 as AMap gives them, with AOIs and POIs of other types mixed in: the
    same walk as from the projected layers (to a few centimetres: the offset is converted, not ignored)."""
    from lifecircle.lifecircle_plugin.core.coords import wgs84_to_gcj02

    to_wgs = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4549"),
                                    QgsCoordinateReferenceSystem("EPSG:4326"), QgsProject.instance())

    def to_gcj(g):
        g = QgsGeometry(g)
        g.transform(to_wgs)

        def gcj(p):
            lon, lat = wgs84_to_gcj02(p.x(), p.y())
            return QgsPointXY(float(lon), float(lat))

        if g.type() == 0:  # a point
            return QgsGeometry.fromPointXY(gcj(g.asPoint()))
        return QgsGeometry.fromPolygonXY([[gcj(p) for p in ring] for ring in g.asPolygon()])

    mixed = [(200, 20, "", "1", "991400"), (250, 190, "", "1", "050000")]  # a restaurant POI at the north gate
    params = {"COMPOUNDS": compounds(crs="EPSG:4326", shift=to_gcj), "COMPOUND_TYPE_FIELD": "type",
              "GATES": gates(mixed, crs="EPSG:4326", shift=to_gcj), "GATE_TYPE_FIELD": "type",
              "COMPOUND_NAME_FIELD": "name", "COMPOUND_COORDINATES": 1}
    d, fb = run(params)
    assert d[0] == pytest.approx(780.0, abs=0.5)
    assert any("1 of 2 feature(s) are gates" in m for m in fb.infos)
    assert any("1 of 2 feature(s) are compounds" in m for m in fb.infos)
    # unconverted, the GCJ-02 offset (hundreds of metres) puts the compound elsewhere: the resident is outside it
    params["COMPOUND_COORDINATES"] = 0
    assert run(params)[0][0] == pytest.approx(20.0, abs=0.01)


def test_no_gate_is_listed_or_refused_by_compound_name(lc_provider):
    d, fb = run({"COMPOUNDS": compounds(), "COMPOUND_NAME_FIELD": "name",
                 "GATES": gates([(900, 900, "", "1", "991400")])})
    assert d[0] == pytest.approx(20.0, abs=0.01)
    said = " | ".join(fb.errors + fb.infos)
    assert "翠杉园 (id 1) (1)" in said and "through the wall" in said
    assert "more than 20 m from every compound" in said
    with pytest.raises(QgsProcessingException, match="翠杉园"):
        run({"COMPOUNDS": compounds(), "COMPOUND_NAME_FIELD": "name", "NO_GATE": 1,
             "GATES": gates([(900, 900, "", "1", "991400")])})


@pytest.mark.parametrize("extra, message", [
    ({"GATE_HOURS_FIELD": "hours", "AT_HOUR": "22:00",
      "GATES": gates([(200, 20, "when the guard is in", "1", "991400")])}, "opening hours that cannot be read"),
    ({"AT_HOUR": "midnight", "GATES": gates(BOTH)}, "hour of the day like 22:00"),
    ({"GATE_DETOUR": 0.8, "GATES": gates(BOTH)}, "GATE_DETOUR|Detour"),
])
def test_bad_inputs_name_the_problem(lc_provider, extra, message):
    with pytest.raises(QgsProcessingException, match=message):
        run({"COMPOUNDS": compounds(), **extra})


def test_every_network_algorithm_takes_the_compound_inputs(lc_provider):
    from qgis.core import QgsApplication

    names = ("COMPOUNDS", "GATES", "COMPOUND_OPEN_FIELD", "GATE_PEDESTRIAN_FIELD", "GATE_HOURS_FIELD", "AT_HOUR",
             "GATE_DETOUR", "NO_GATE")
    for alg_id in ("facilitycoverage", "projectimpact", "potentialspace", "siting", "delineateunits"):
        alg = QgsApplication.processingRegistry().algorithmById(f"lifecircle:{alg_id}")
        assert all(alg.parameterDefinition(n) is not None for n in names), alg_id
    prep = QgsApplication.processingRegistry().algorithmById("lifecircle:preparenetwork")
    assert prep.parameterDefinition("COMPOUNDS") is None  # (no points are joined there)


# ---------------------------------------------------------------------------------------------------------
# the other algorithms on the same block: a site or project at S' (200,-10), 10 m south of the south street, reaches
# R through the south gate in 160 + 20 + 10 = 190 m; one at F reaches it in 20 m through the wall, 780 m round


def test_siting_counts_the_walk_through_the_gate(lc_provider):
    demand = layer("Point", ["population:integer", "rid:string"], [(pt(*R), [100, "R"])], name="demand")
    cand = layer("Point", ["cid:string"], [(pt(*F), ["north"]), (pt(200, -10), ["south"])], name="candidates")
    params = {"CANDIDATES": cand, "CANDIDATE_ID_FIELD": "cid", "DEMAND": demand, "POPULATION_FIELD": "population",
              "DEMAND_ID_FIELD": "rid", "NETWORK": streets(), "SNAP_TOLERANCE": 50, "MODEL": 0, "P": 1,
              "THRESHOLD": 300, "SITES": "memory:", "ALLOCATION": "memory:"}

    def chosen(extra):
        out = processing.run("lifecircle:siting", {**params, **extra})
        lines = list(out["ALLOCATION"].getFeatures())
        return [f["site_id"] for f in lines], [round(f["distance_m"], 1) for f in lines]

    assert chosen({}) == (["north"], [20.0])
    assert chosen({"COMPOUNDS": compounds(), "GATES": gates([(200, 20, "", "1", "991400")])}) == (["south"], [190.0])


def test_project_impact_before_and_after_through_the_gate(lc_provider):
    projects = layer("Point", ["pid:string", "category:string", "status:string", "year:integer"],
                     [(pt(200, -10), ["P1", "Q03", "完工", 2026])], name="projects")
    res = layer("Point", ["population:integer"], [(pt(*R), [100])], name="residents")
    fac = layer("Point", ["category:string"], [(pt(*F), ["Q03"])], name="facilities")
    out = processing.run("lifecircle:projectimpact", {
        "FACILITIES": fac, "CATEGORY_FIELD": "category", "RESIDENTS": res, "POPULATION_FIELD": "population",
        "NETWORK": streets(), "SNAP_TOLERANCE": 50, "PROJECTS": projects, "PROJECT_ID_FIELD": "pid",
        "PROJECT_CATEGORY_FIELD": "category", "PROJECT_STATUS_FIELD": "status", "PROJECT_YEAR_FIELD": "year",
        "YEAR": 2026, "COMPOUNDS": compounds(), "GATES": gates([(200, 20, "", "1", "991400")]),
        "UNITS_OUTPUT": "memory:", "PROJECTS_OUTPUT": "memory:", "RESIDENTS_OUTPUT": "memory:"})
    f = next(out["RESIDENTS_OUTPUT"].getFeatures())
    assert f["db_Q03"] == pytest.approx(780.0, abs=0.1) and f["da_Q03"] == pytest.approx(190.0, abs=0.1)


def test_service_areas_start_at_the_gates(lc_provider):
    """A facility inside the compound: its service area (SERVICE_AREAS) runs from the south gate, not from the
    north street 20 m from it through the wall."""
    res = layer("Point", ["population:integer"], [(pt(50, 100), [100])], name="residents")
    fac = layer("Point", ["category:string"], [(pt(*R), ["Q10"])], name="facilities")  # Q10: 300 m
    base = {"FACILITIES": fac, "CATEGORY_FIELD": "category", "RESIDENTS": res, "POPULATION_FIELD": "population",
            "NETWORK": streets(), "SNAP_TOLERANCE": 50, "RESIDENTS_OUTPUT": "memory:", "UNITS_OUTPUT": "memory:",
            "SERVICE_AREAS": "memory:"}

    def area(extra):
        out = processing.run("lifecircle:facilitycoverage", {**base, **extra})
        g = next(f for f in out["SERVICE_AREAS"].getFeatures() if f["lc_code"] == "Q10").geometry()
        return g

    plain = area({})
    gated = area({"COMPOUNDS": compounds(), "GATES": gates([(200, 20, "", "1", "991400")])})
    north, south = pt(200, 200), pt(200, 0)
    assert plain.distance(north) < 1 and plain.distance(south) > 50
    assert gated.distance(south) < 1 and gated.distance(north) > 50


def test_compounds_without_a_network_are_said_to_be_unused(lc_provider, tmp_path):
    from feedback_log import RecordingFeedback

    demand = layer("Point", ["population:integer", "rid:string"], [(pt(*R), [100, "R"])], name="demand")
    cand = layer("Point", ["cid:string"], [(pt(*F), ["north"])], name="candidates")
    matrix = tmp_path / "costs.csv"
    matrix.write_text("origin,destination,cost\nR,north,20\n", encoding="utf-8")
    fb = RecordingFeedback()
    processing.run("lifecircle:siting", {
        "CANDIDATES": cand, "CANDIDATE_ID_FIELD": "cid", "DEMAND": demand, "POPULATION_FIELD": "population",
        "DEMAND_ID_FIELD": "rid", "COST_MATRIX": str(matrix), "ORIGIN_FIELD": "origin",
        "DESTINATION_FIELD": "destination", "COST_FIELD": "cost", "MODEL": 0, "P": 1, "THRESHOLD": 300,
        "COMPOUNDS": compounds(), "SITES": "memory:", "ALLOCATION": "memory:"}, feedback=fb)
    assert any("COMPOUNDS is not used" in m and "cost matrix" in m for m in fb.errors)


def test_the_gate_reports_speak_chinese(lc_provider, tmp_path):
    """A Chinese planner reads the compounds' and gates' report in Chinese, compound names and all."""
    from chinese import chinese_ui, english_sentences

    with chinese_ui(tmp_path):
        _, fb = run({"COMPOUNDS": compounds(), "COMPOUND_NAME_FIELD": "name", "GATE_HOURS_FIELD": "hours",
                     "AT_HOUR": "22:00", "GATES": gates(BOTH + [(900, 900, "", "1", "991400")])})
        said = fb.infos + fb.errors
        with pytest.raises(QgsProcessingException) as refused:
            run({"COMPOUNDS": compounds(), "COMPOUND_NAME_FIELD": "name", "NO_GATE": 1,
                 "GATES": gates([(900, 900, "", "1", "991400")])})
    gate_lines = [m for m in said if "出入口" in m]
    assert any("在 22:00 关闭" in m for m in gate_lines) and any("超过 20 米" in m for m in gate_lines)
    assert any("经小区出入口走出" in m for m in gate_lines)
    assert "翠杉园" in str(refused.value) and "没有可用出入口" in str(refused.value)
    english = [m for m in gate_lines + [str(refused.value)] if english_sentences(m)]
    assert not english, english


def test_the_residents_output_says_which_compound_they_are_behind(lc_provider):
    res = layer("Point", ["population:integer"], [(pt(*R), [100]), (pt(50, 100), [100])], name="residents")
    fac = layer("Point", ["category:string"], [(pt(*F), ["Q03"])], name="facilities")
    base = {"FACILITIES": fac, "CATEGORY_FIELD": "category", "RESIDENTS": res, "POPULATION_FIELD": "population",
            "NETWORK": streets(), "SNAP_TOLERANCE": 50, "RESIDENTS_OUTPUT": "memory:", "UNITS_OUTPUT": "memory:"}
    out = processing.run("lifecircle:facilitycoverage", {**base, "COMPOUNDS": compounds(), "COMPOUND_NAME_FIELD": "name",
                                                         "GATES": gates([(200, 20, "", "1", "991400")])})
    assert [f["compound"] for f in out["RESIDENTS_OUTPUT"].getFeatures()] == ["翠杉园 (id 1)", None]
    plain = processing.run("lifecircle:facilitycoverage", base)
    assert plain["RESIDENTS_OUTPUT"].fields().lookupField("compound") < 0  # (no compounds: no column)
