"""Bad input to the people-and-needs algorithms (distributepopulation, residentneeds) and to the NEEDS inputs:
each failing run names the layer / field / feature and leaves no output; each odd-but-valid input works with its
numbers checked."""

from __future__ import annotations

from pathlib import Path

from bad_inputs_support import memory_layer, recording_feedback, run, run_fails, sample_uri


def box(x0, y0, x1, y1, dx=633000, dy=3453000) -> str:
    return (f"Polygon(({x0 + dx} {y0 + dy}, {x1 + dx} {y0 + dy}, {x1 + dx} {y1 + dy}, {x0 + dx} {y1 + dy}, "
            f"{x0 + dx} {y0 + dy}))")


def census(rows, name="居委"):
    return memory_layer("Polygon", [("code", "string"), ("pop", "string"), ("old", "string")], rows, name=name)


def buildings(rows=None):
    rows = rows or [(box(10, 10, 20, 20), 3), (box(120, 10, 130, 20), 5)]
    return memory_layer("Polygon", [("floors", "int")], rows, name="楼")


def test_overlapping_census_polygons_are_named(lc_provider, tmp_path: Path):
    out = tmp_path / "pts.gpkg"
    layer = census([(box(0, 0, 100, 100), "A", "10", "1"), (box(50, 0, 150, 100), "B", "10", "1")])
    run_fails("lifecircle:distributepopulation", {"CENSUS": layer, "CENSUS_ID_FIELD": "code", "POPULATION_FIELD": "pop",
                                                  "BUILDINGS": buildings(), "FLOORS_FIELD": "floors",
                                                  "OUTPUT": str(out)},
              r"'居委': census polygons overlap.*A / B \(5,000 m²\)", outputs=[out])


def test_text_in_an_age_group_field_is_named(lc_provider, tmp_path: Path):
    out = tmp_path / "pts.gpkg"
    layer = census([(box(0, 0, 100, 100), "A", "10", "三"), (box(100, 0, 200, 100), "B", "１０", "2")])
    run_fails("lifecircle:distributepopulation", {"CENSUS": layer, "POPULATION_FIELD": "pop", "AGE_60_FIELD": "old",
                                                  "BUILDINGS": buildings(), "FLOORS_FIELD": "floors",
                                                  "OUTPUT": str(out)},
              r"'居委'.*'old'.*not a number in feature ids 1", outputs=[out])


def test_full_width_and_multipart_buildings_work(lc_provider):
    """'１０' (full-width) is 10; a two-part building counts both parts' floor area; a building without geometry is
    simply not a home."""
    layer = census([(box(0, 0, 200, 100), "A", "１０", "0")])
    multi = ("MultiPolygon(((633010 3453010, 633020 3453010, 633020 3453020, 633010 3453020, 633010 3453010)),"
             "((633050 3453010, 633060 3453010, 633060 3453020, 633050 3453020, 633050 3453010)))")
    homes = memory_layer("MultiPolygon", [("floors", "int")], [(multi, 1), (box(150, 10, 160, 20).replace(
        "Polygon((", "MultiPolygon(((") + ")", 2), (None, 4)], name="楼")
    fb = recording_feedback()
    out = run("lifecircle:distributepopulation", {"CENSUS": layer, "POPULATION_FIELD": "pop", "BUILDINGS": homes,
                                                  "FLOORS_FIELD": "floors", "OUTPUT": "TEMPORARY_OUTPUT"}, feedback=fb)
    # floor areas 200 (two parts of 100 m², 1 floor) and 200 (100 m² × 2): 5 and 5
    assert sorted(f["population"] for f in out["OUTPUT"].getFeatures()) == [5, 5]
    assert "'楼': 1 residential building(s) have no polygon and are left out (feature ids 3)" in fb.text()


def test_needs_without_text_are_listed(lc_provider):
    layer = memory_layer("Point", [("text", "string")], [("Point(633100 3453100)", None),
                                                         ("Point(633200 3453100)", "缺菜场"),
                                                         ("Point(633300 3453100)", "  ")], name="问需")
    fb = recording_feedback()
    out = run("lifecircle:residentneeds", {"NEEDS": layer, "TEXT_FIELD": "text", "OUTPUT": "TEMPORARY_OUTPUT"},
              feedback=fb)
    assert out["NEEDS_MAPPED"] == 1 and out["NEEDS_UNMAPPED"] == 2
    assert "'问需': 2 need(s) have no text in field 'text' (feature ids 1, 3)" in fb.text()


def test_a_layer_that_is_not_a_needs_output_is_refused(lc_provider, tmp_path: Path):
    out = tmp_path / "res.gpkg"
    not_needs = memory_layer("Point", [("text", "string")], [("Point(633100 3453100)", "缺菜场")], name="原始问卷")
    run_fails("lifecircle:facilitycoverage", {
        "FACILITIES": sample_uri("facilities"), "CATEGORY_FIELD": "category", "RESIDENTS": sample_uri("residents"),
        "POPULATION_FIELD": "population", "NETWORK": sample_uri("streets"), "NEEDS": not_needs,
        "RESIDENTS_OUTPUT": str(out), "UNITS_OUTPUT": "TEMPORARY_OUTPUT"},
        r"'原始问卷' has no field lc_codes.*lifecircle:residentneeds", outputs=[out])
    run_fails("lifecircle:siting", {"CANDIDATES": sample_uri("parcels"), "DEMAND": sample_uri("residents"),
                                    "POPULATION_FIELD": "population", "P": 1, "THRESHOLD": 500,
                                    "NETWORK": sample_uri("streets"), "NEEDS": not_needs,
                                    "SITES": "TEMPORARY_OUTPUT"}, r"'原始问卷' has no field lc_codes")


def test_building_fields_named_like_the_output_are_left_out(lc_provider):
    """Buildings that already carry population / pop_60p (an earlier run, or a group not chosen here): the output's
    own values stand alone, the building's are left out (and said so) — never a stale pop_60p read as ours."""
    layer = census([(box(0, 0, 200, 100), "A", "10", "4")])
    homes = memory_layer("Polygon", [("floors", "int"), ("population", "int"), ("pop_60p", "int"), ("name", "string")],
                         [(box(10, 10, 20, 20), 1, 999, 5, "一号楼"), (box(120, 10, 130, 20), 1, 999, 5, "二号楼")],
                         name="楼")
    fb = recording_feedback()
    out = run("lifecircle:distributepopulation", {"CENSUS": layer, "POPULATION_FIELD": "pop", "BUILDINGS": homes,
                                                  "FLOORS_FIELD": "floors", "OUTPUT": "TEMPORARY_OUTPUT"},
              feedback=fb)["OUTPUT"]
    names = out.fields().names()
    assert names.count("population") == 1 and "pop_60p" not in names and "name" in names
    assert sorted(f["population"] for f in out.getFeatures()) == [5, 5]
    assert "its fields population, pop_60p are left out of the output" in fb.text()


def test_a_group_field_with_nulls_is_set_aside_not_fatal(lc_provider):
    """pop_60p found by its name, with NULLs: the run goes on, 为老服务 measured over all residents, and the log says
    why — a field the planner did not choose must not stop the whole coverage."""
    from qgis.core import QgsVectorLayer

    src = QgsVectorLayer(sample_uri("residents"), "r", "ogr")
    rows = [(f.geometry(), f["resident_id"], f["population"], None if k % 7 == 0 else f["pop_60p"])
            for k, f in enumerate(src.getFeatures())]
    residents = memory_layer("Point", [("resident_id", "string"), ("population", "int"), ("pop_60p", "int")], rows,
                             name="居民")
    fb = recording_feedback()
    out = run("lifecircle:facilitycoverage", {
        "FACILITIES": sample_uri("facilities"), "CATEGORY_FIELD": "category", "RESIDENTS": residents,
        "POPULATION_FIELD": "population", "NETWORK": sample_uri("streets"), "RESIDENTS_OUTPUT": "TEMPORARY_OUTPUT",
        "UNITS_OUTPUT": "TEMPORARY_OUTPUT"}, feedback=fb)
    unit = next(out["UNITS_OUTPUT"].getFeatures())
    pops, within = [], []
    for f in out["RESIDENTS_OUTPUT"].getFeatures():
        pops.append(f["population"])
        d = f["d_Q05"]
        within.append(d is not None and not (hasattr(d, "isNull") and d.isNull()) and d <= 500)
    share = 100 * sum(p for p, w in zip(pops, within) if w) / sum(pops)
    assert abs(unit["c_Q05"] - share) < 0.051
    text = fb.text()
    assert "The age-group field is not used" in text and "'pop_60p'" in text and "feature ids 1, 8, 15" in text
