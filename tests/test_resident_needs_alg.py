"""lifecircle:residentneeds through processing.run: need texts mapped, weights counted per unit, the gaps that are
both measured (a coverage units layer) and asked for ranked by hand, GCJ-02 points converted, a table with
longitude/latitude fields, and bad input named by layer/field/feature."""

from __future__ import annotations


from bad_inputs_support import memory_layer, plain, recording_feedback, run, run_fails
from lifecircle.lifecircle_plugin.core.coords import convert

ALG = "lifecircle:residentneeds"


def box(x0, y0, x1, y1) -> str:
    return f"Polygon(({x0} {y0}, {x1} {y0}, {x1} {y1}, {x0} {y1}, {x0} {y0}))"


def units_layer():
    # a coverage units output: A (1,000 residents, 为老服务 Q05 50 % covered, 便民商业 Q03 90 %), B (4,000: 20 %, 80 %)
    x0, y0 = 633000, 3453000
    return memory_layer("Polygon", [("unit_id", "string"), ("population", "double"), ("c_Q05", "double"),
                                    ("c_Q03", "double")],
                        [(box(x0, y0, x0 + 1000, y0 + 1000), "A", 1000, 50.0, 90.0),
                         (box(x0 + 1000, y0, x0 + 2000, y0 + 1000), "B", 4000, 20.0, 80.0)], name="units")


def needs_layer():
    x0, y0 = 633000, 3453000
    rows = [(f"Point({x0 + 100} {y0 + 100})", "没有养老院", 1), (f"Point({x0 + 200} {y0 + 100})", "希望有长者食堂", None),
            (f"Point({x0 + 300} {y0 + 100})", "老人吃饭难，需要助餐点", 4), (f"Point({x0 + 400} {y0 + 100})", "缺菜场", 1),
            (f"Point({x0 + 1500} {y0 + 500})", "Q05", 10), (f"Point({x0 + 1600} {y0 + 500})", "养老保险报销太麻烦", 3),
            (f"Point({x0 + 1700} {y0 + 500})", "路灯坏了", 1), (f"Point({x0 + 5000} {y0 + 500})", "没有养老院", 5)]
    return memory_layer("Point", [("text", "string"), ("votes", "int")], rows, name="问需")


def test_hand_worked_counts_and_gap_ranking(lc_provider):
    fb = recording_feedback()
    out = run(ALG, {"NEEDS": needs_layer(), "TEXT_FIELD": "text", "WEIGHT_FIELD": "votes", "UNITS": units_layer(),
                    "OUTPUT": "TEMPORARY_OUTPUT", "SUMMARY": "TEMPORARY_OUTPUT"}, feedback=fb)
    needs = {f["text"]: f for f in out["OUTPUT"].getFeatures()}
    assert needs["老人吃饭难，需要助餐点"]["lc_codes"] == "Q05" and needs["老人吃饭难，需要助餐点"]["lc_phrase"] == "老人吃饭、助餐"
    assert needs["缺菜场"]["lc_names"] == "便民商业" and needs["缺菜场"]["unit_id"] == "A"
    assert plain(needs["养老保险报销太麻烦"]["lc_codes"]) is None and not needs["路灯坏了"]["lc_mapped"]
    assert needs["希望有长者食堂"]["lc_weight"] == 1.0  # no vote: counts once
    assert out["NEEDS_MAPPED"] == 6 and out["NEEDS_UNMAPPED"] == 2
    table = {(f["unit_id"], f["code"]): f for f in out["SUMMARY"].getFeatures()}
    # A: Q05 asked by 3 needs weighing 1 + 1 + 4 = 6 (6 per 1,000), Q03 once (met at 90 %); B: Q05 10 votes (2.5
    # per 1,000). The need outside every unit counts in no unit.
    assert (table["A", "Q05"]["needs"], table["A", "Q05"]["weighted"], table["A", "Q05"]["per_1000"]) == (3, 6.0, 6.0)
    assert table["B", "Q05"]["per_1000"] == 2.5 and table["A", "Q03"]["below_target"] is False
    assert table["A", "Q05"]["gap_rank"] == 1 and table["B", "Q05"]["gap_rank"] == 2
    assert plain(table["A", "Q03"]["gap_rank"]) is None and len(table) == 3
    text = fb.text()
    assert "路灯坏了 (1)" in text and "养老保险报销太麻烦 (1)" in text
    assert "A Q05 为老服务 — 50.0 % covered, 6 asked" in text


def test_gcj02_points_and_a_table_of_coordinates(lc_provider):
    wgs = (121.40, 31.20)
    gcj = convert(*wgs, "WGS84", "GCJ02")
    layer = memory_layer("Point", [("text", "string")], [(f"Point({gcj[0]} {gcj[1]})", "缺菜场")], crs="EPSG:4326")
    out = run(ALG, {"NEEDS": layer, "TEXT_FIELD": "text", "SOURCE_COORDINATES": 1, "OUTPUT": "TEMPORARY_OUTPUT"})
    p = next(out["OUTPUT"].getFeatures()).geometry().asPoint()
    assert abs(p.x() - wgs[0]) < 1e-5 and abs(p.y() - wgs[1]) < 1e-5  # (≈ 1 m)
    table = memory_layer("None", [("text", "string"), ("lng", "string"), ("lat", "double")],
                         [(None, "没有养老院", str(gcj[0]), gcj[1]), (None, "缺菜场", "n/a", 31.2),
                          (None, "缺菜场", "31.2", 121.4)], crs=None)  # (the last one: longitude and latitude swapped)
    fb = recording_feedback()
    out = run(ALG, {"NEEDS": table, "TEXT_FIELD": "text", "LON_FIELD": "lng", "LAT_FIELD": "lat",
                    "SOURCE_COORDINATES": 1, "OUTPUT": "TEMPORARY_OUTPUT"}, feedback=fb)
    feats = list(out["OUTPUT"].getFeatures())
    assert out["OUTPUT"].crs().authid() == "EPSG:4326"
    assert abs(feats[0].geometry().asPoint().x() - wgs[0]) < 1e-5 and feats[1].geometry().isNull()
    assert feats[2].geometry().isNull()
    assert "without a usable longitude/latitude (feature ids 2, 3)" in fb.text()


def test_bad_input_is_named(lc_provider):
    bad_votes = memory_layer("Point", [("text", "string"), ("votes", "string")],
                             [("Point(633100 3453100)", "缺菜场", "很多")], name="问需")
    run_fails(ALG, {"NEEDS": bad_votes, "TEXT_FIELD": "text", "WEIGHT_FIELD": "votes", "OUTPUT": "TEMPORARY_OUTPUT"},
              r"'问需', field 'votes'.*feature ids 1")
    projected = memory_layer("Point", [("text", "string")], [("Point(633100 3453100)", "缺菜场")], name="问需")
    run_fails(ALG, {"NEEDS": projected, "TEXT_FIELD": "text", "SOURCE_COORDINATES": 1, "OUTPUT": "TEMPORARY_OUTPUT"},
              r"'问需' is in EPSG:4549, a projected CRS")


def test_a_rerun_on_its_own_output_replaces_the_categories(lc_provider, tmp_path):
    """Run again on an earlier needs output with a corrected vocabulary: lc_codes holds the new categories (never an
    old value beside a new lc_codes_2 that nothing reads)."""
    first = run(ALG, {"NEEDS": needs_layer(), "TEXT_FIELD": "text", "WEIGHT_FIELD": "votes",
                      "OUTPUT": "TEMPORARY_OUTPUT"})["OUTPUT"]
    vocabulary = tmp_path / "mine.csv"
    vocabulary.write_text("pattern,code\n路灯,Q09\n养老院,-\n", encoding="utf-8")
    fb = recording_feedback()
    again = run(ALG, {"NEEDS": first, "TEXT_FIELD": "lc_text", "WEIGHT_FIELD": "lc_weight", "VOCABULARY": str(vocabulary),
                      "OUTPUT": "TEMPORARY_OUTPUT"}, feedback=fb)["OUTPUT"]
    names = again.fields().names()
    assert names.count("lc_codes") == 1 and not [n for n in names if n.endswith("_2")]
    got = {f["text"]: plain(f["lc_codes"]) for f in again.getFeatures()}
    assert got["路灯坏了"] == "Q09" and got["没有养老院"] is None and got["缺菜场"] == "Q03"
    assert "is an earlier needs output" in fb.text()
