"""lifecircle:delineateunits through processing.run on the sample district, checked independently: contiguity
against the neighbour pairs read off the sample's map (README: the river has two bridges, the expressway
underpasses), 街镇 membership from the blocks' own 'subdistrict' field, population sums, and walking distances
from each centre by an independent networkx reference (tests/helpers/netref.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from qgis import processing
from qgis.core import QgsFeature, QgsGeometry, QgsProcessingException, QgsVectorLayer
from qgis.PyQt.QtCore import QVariant

import netref

from lifecircle.lifecircle_plugin.qgis_compat import STRING, make_field

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "sample" / "sample_district.gpkg"

# Neighbouring 居委 of the sample, read off its map: blocks sharing a street centre line, plus the pairs across
# the river corridor joined by 中山路桥 (XA04–XA06, DH04–DH07) and 西岸人行桥 (XA03–XA05), and the pairs across
# the expressway corridor joined by the streets and footpaths passing under it. DH05–DH08 and DH06–DH09 face
# each other across the river with no bridge: not neighbours. Corner-only contacts are not neighbours.
SAMPLE_NEIGHBOURS = {
    ("XA01", "XA02"), ("XA01", "XA03"), ("XA02", "XA04"), ("XA03", "XA04"), ("XA02", "DH01"), ("XA04", "DH04"),
    ("XA03", "XA05"), ("XA04", "XA06"), ("XA05", "XA06"), ("XA05", "XA07"), ("XA06", "XA08"), ("XA07", "XA08"),
    ("XA06", "DH07"), ("XA08", "DH10"), ("DH01", "DH02"), ("DH01", "DH04"), ("DH02", "DH05"), ("DH04", "DH05"),
    ("DH02", "DH03"), ("DH05", "DH06"), ("DH03", "DH06"), ("DH04", "DH07"), ("DH07", "DH08"), ("DH07", "DH10"),
    ("DH08", "DH11"), ("DH10", "DH11"), ("DH08", "DH09"), ("DH11", "DH12"), ("DH09", "DH12"),
}


def uri(layer: str) -> str:
    return f"{SAMPLE}|layername={layer}"


def value(feature, name):
    v = feature[name]
    return None if v is None or (isinstance(v, QVariant) and v.isNull()) else v


def params(**kw) -> dict:
    p = {"BLOCKS": uri("blocks"), "POPULATION_FIELD": "population", "BLOCK_ID_FIELD": "block_id",
         "BLOCK_TYPE_FIELD": "block_type", "ADMIN": uri("subdistricts"), "ADMIN_NAME_FIELD": "name",
         "BARRIERS": uri("barriers"), "NETWORK": uri("streets"), "PRESET": 3, "POP_MIN": 15000, "POP_MAX": 35000,
         "MAX_WALK": 1500, "UNITS": "memory:", "BLOCKS_OUTPUT": "memory:", "CENTRES": "memory:"}
    p.update(kw)
    return p


@pytest.fixture(scope="module")
def sample():
    import geopandas as gpd

    blocks = gpd.read_file(SAMPLE, layer="blocks")
    streets = gpd.read_file(SAMPLE, layer="streets")
    lines = [np.asarray(g.coords) for g, h in zip(streets.geometry, streets.highway) if h != "trunk"]
    rep = {b: (p.x, p.y) for b, p in zip(blocks.block_id, blocks.geometry.representative_point())}
    return {"blocks": blocks.set_index("block_id"), "lines": lines, "rep": rep}


def walking(sample, source_xy, block_ids) -> dict:
    """Network distance from a point to each block's representative point, by networkx (snap 150 m)."""
    g = netref.vertex_graph(sample["lines"])
    nodes = netref.add_point_sets(g, {"s": [source_xy], "b": [sample["rep"][b] for b in block_ids]}, 150)
    d = netref.nearest_source_distances(g, nodes["s"], nodes["b"], limit=1e9)
    return dict(zip(block_ids, d))


def units_and_blocks(result):
    units = {value(f, "unit_id"): f for f in result["UNITS"].getFeatures()}
    blocks = {value(f, "block_id"): f for f in result["BLOCKS_OUTPUT"].getFeatures()}
    return units, blocks


def contiguous(members: set) -> bool:
    start = next(iter(members))
    seen, todo = set(), [start]
    while todo:
        x = todo.pop()
        if x in seen:
            continue
        seen.add(x)
        todo.extend(b for a, b in SAMPLE_NEIGHBOURS if a == x and b in members)
        todo.extend(a for a, b in SAMPLE_NEIGHBOURS if b == x and a in members)
    return seen == members


@pytest.fixture(scope="module")
def run(lc_provider_module):
    return processing.run("lifecircle:delineateunits", params())


def test_adjacency_matches_the_map(sample):
    from lifecircle.lifecircle_plugin.core import units as U
    from lifecircle.lifecircle_plugin.core.network import NetworkOptions, build_network
    import geopandas as gpd

    net = build_network([__import__("shapely.geometry", fromlist=["LineString"]).LineString(c)
                         for c in sample["lines"]], NetworkOptions())
    barriers = [np.asarray(g.coords) for g in gpd.read_file(SAMPLE, layer="barriers").geometry]
    blocks = sample["blocks"]
    adj = U.block_adjacency(list(blocks.geometry), 80, 20, barriers, U.barrier_crossings(net, barriers))
    ids = list(blocks.index)
    found = {tuple(sorted((ids[i], ids[j]), key=lambda b: (b[:2] != "XA", b))) for i, j in adj.pairs}
    expected = {tuple(sorted(p, key=lambda b: (b[:2] != "XA", b))) for p in SAMPLE_NEIGHBOURS}
    assert found == expected


def test_every_rule_holds_on_the_sample(run, sample):
    units, blocks = units_and_blocks(run)
    table = sample["blocks"]
    assert run["UNIT_COUNT"] == len(units) and run["UNITS_MEETING_RULES"] == len(units)
    assert sorted(blocks) == sorted(table.index)  # a partition: every block once
    members = {u: {b for b, f in blocks.items() if value(f, "unit_id") == u} for u in units}
    assert sum(len(m) for m in members.values()) == len(table)
    for uid, f in units.items():
        m = members[uid]
        assert contiguous(m), uid
        subs = set(table.loc[sorted(m), "subdistrict"])  # the sample's own field, not the 街镇 polygons
        assert subs == {value(f, "subdistrict")}
        assert uid.startswith(value(f, "subdistrict") + "-") and len(uid.split("-")[-1]) == 2
        pop = table.loc[sorted(m), "population"].sum()
        assert value(f, "population") == pytest.approx(pop)
        assert 15000 <= pop <= 35000
        assert value(f, "n_blocks") == len(m)
        assert value(f, "area_km2") == pytest.approx(table.loc[sorted(m), "geometry"].area.sum() / 1e6, abs=1e-4)
        assert value(f, "meets_rules") is True and value(f, "flags") is None
    # every 街镇 holds about 62,000 residents: the band allows 2–4 units each; the most is taken where it works
    assert 4 <= len(units) <= 8


def test_walking_distances_and_centres_match_networkx(run, sample):
    units, blocks = units_and_blocks(run)
    table = sample["blocks"]
    for uid, f in units.items():
        m = sorted(b for b, g in blocks.items() if value(g, "unit_id") == uid)
        centre = [b for b in m if value(blocks[b], "is_centre")]
        assert len(centre) == 1 and value(f, "centre") == centre[0]
        d = walking(sample, sample["rep"][centre[0]], m)
        d[centre[0]] = 0.0  # the centre block's own residents are at the centre
        for b in m:
            assert value(blocks[b], "walk_m") == pytest.approx(d[b], abs=0.2)
        assert value(f, "max_walk_m") == pytest.approx(max(d.values()), abs=0.2)
        assert max(d.values()) <= 1500
        pops = table.loc[m, "population"].to_numpy(dtype=float)
        assert value(f, "mean_walk_m") == pytest.approx(pops @ [d[b] for b in m] / pops.sum(), abs=0.2)
        # the centre minimises the population-weighted walk among the unit's blocks
        weighted = {c: sum(table.loc[b, "population"] * w for b, w in walking(sample, sample["rep"][c], m).items()
                           if b != c) for c in m}
        assert weighted[centre[0]] == pytest.approx(min(weighted.values()), rel=1e-6)


def test_tight_band_flags_what_the_blocks_cannot_meet(lc_provider, sample):
    # 30,000–50,000 and 1,000 m: every flag must be true, and every unit that misses a rule says why
    out = processing.run("lifecircle:delineateunits", params(PRESET=0, POP_MIN=None, POP_MAX=None, MAX_WALK=1000))
    units, blocks = units_and_blocks(out)
    table = sample["blocks"]
    for uid, f in units.items():
        m = sorted(b for b, g in blocks.items() if value(g, "unit_id") == uid)
        pop = table.loc[m, "population"].sum()
        assert value(f, "below_min") == (pop < 30000)
        assert value(f, "above_max") == (pop > 50000)
        assert value(f, "beyond_walk") == (value(f, "max_walk_m") > 1000)
        flags = value(f, "flags") or ""
        assert ("below POP_MIN" in flags) == (pop < 30000)
        assert ("beyond MAX_WALK" in flags) == value(f, "beyond_walk")
        assert contiguous(set(m))
    # a 街镇 gets a population flag only when no split of its blocks into contiguous groups keeps the band
    for sub in ("西岸街道", "东湖街道"):
        ids = sorted(table.index[table.subdistrict == sub])
        flagged = any((value(f, "below_min") or value(f, "above_max")) for f in units.values()
                      if value(f, "subdistrict") == sub)
        assert flagged == (not band_split_exists(set(ids), table.population.to_dict(), 30000, 50000)), sub
    assert any(value(f, "below_min") or value(f, "above_max") for f in units.values())  # 西岸 cannot


def band_split_exists(blocks: set, pop: dict, low: float, high: float) -> bool:
    """Can ``blocks`` be split into contiguous groups (by SAMPLE_NEIGHBOURS) each within [low, high]?"""
    if not blocks:
        return True
    first, others = min(blocks), sorted(blocks - {min(blocks)})
    for k in range(1 << len(others)):
        group = {first} | {o for i, o in enumerate(others) if k >> i & 1}
        total = sum(pop[b] for b in group)
        if low <= total <= high and contiguous(group) and band_split_exists(blocks - group, pop, low, high):
            return True
    return False


def test_subdistrict_field_gives_the_same_units(run, lc_provider):
    out = processing.run("lifecircle:delineateunits", params(ADMIN=None, ADMIN_FIELD="subdistrict"))
    a = {b: value(f, "unit_id") for b, f in units_and_blocks(run)[1].items()}
    b = {k: value(f, "unit_id") for k, f in units_and_blocks(out)[1].items()}
    assert a == b  # also: deterministic from run to run


def test_seed_anchors_its_unit_and_is_the_centre(lc_provider, sample):
    seed = QgsVectorLayer("Point?crs=EPSG:4549&field=name:string", "seeds", "memory")
    x, y = sample["blocks"].loc["DH09", "geometry"].representative_point().coords[0]
    x, y = x + 40.0, y - 30.0
    f = QgsFeature(seed.fields())
    f.setGeometry(QgsGeometry.fromWkt(f"POINT ({x} {y})"))
    f.setAttributes(["华东党群服务中心"])
    seed.dataProvider().addFeatures([f])
    out = processing.run("lifecircle:delineateunits", params(SEEDS=seed, SEED_NAME_FIELD="name"))
    units, blocks = units_and_blocks(out)
    uid = value(blocks["DH09"], "unit_id")
    unit = units[uid]
    assert value(unit, "centre") == "seed 华东党群服务中心"
    assert (value(unit, "centre_x"), value(unit, "centre_y")) == pytest.approx((x, y), abs=1e-6)
    m = sorted(b for b, g in blocks.items() if value(g, "unit_id") == uid)
    d = walking(sample, (x, y), m)
    for b in m:
        assert value(blocks[b], "walk_m") == pytest.approx(d[b], abs=0.2)
        assert not value(blocks[b], "is_centre")
    centres = {value(c, "unit_id"): c for c in out["CENTRES"].getFeatures()}
    assert value(centres[uid], "is_seed") is True


def test_locked_blocks_keep_their_unit(lc_provider):
    src = QgsVectorLayer(uri("blocks"), "blocks", "ogr")
    mem = src.materialize(__import__("qgis.core", fromlist=["QgsFeatureRequest"]).QgsFeatureRequest())
    mem.dataProvider().addAttributes([make_field("lock", STRING)])
    mem.updateFields()
    idx = mem.fields().lookupField("lock")
    changes = {f.id(): {idx: "西岸-规划一"} for f in mem.getFeatures() if f["block_id"] in ("XA05", "XA07")}
    mem.dataProvider().changeAttributeValues(changes)
    del src
    out = processing.run("lifecircle:delineateunits", params(BLOCKS=mem, LOCKED_FIELD="lock"))
    units, blocks = units_and_blocks(out)
    assert {b for b, f in blocks.items() if value(f, "unit_id") == "西岸-规划一"} == {"XA05", "XA07"}
    assert value(units["西岸-规划一"], "locked") == "西岸-规划一"
    assert value(units["西岸-规划一"], "population") == pytest.approx(9831 + 8063)


def _memory_blocks(rows):
    lyr = QgsVectorLayer("Polygon?crs=EPSG:4549&field=block_id:string&field=population:double&"
                         "field=subdistrict:string", "blocks", "memory")
    feats = []
    for wkt, attrs in rows:
        f = QgsFeature(lyr.fields())
        f.setGeometry(QgsGeometry.fromWkt(wkt))
        f.setAttributes(attrs)
        feats.append(f)
    lyr.dataProvider().addFeatures(feats)
    return lyr


SQ = "POLYGON(({0} 0, {1} 0, {1} 300, {0} 300, {0} 0))"


@pytest.mark.parametrize("rows, extra, message", [
    ([(SQ.format(0, 300), ["A", 20000, "甲"]), (SQ.format(200, 500), ["B", 20000, "甲"])], {},
     "blocks overlap.*A and B"),
    ([(SQ.format(0, 300), ["A", None, "甲"]), (SQ.format(300, 600), ["B", 20000, "甲"])], {},
     "population field 'population': no value \\(NULL\\) in feature ids 1"),
    ([(SQ.format(0, 300), ["A", 20000, "甲"]), (SQ.format(300, 600), ["B", 20000, None])], {},
     "no 街镇 in field 'subdistrict' \\(feature ids B\\)"),
    ([(SQ.format(0, 300), ["A", 20000, "甲"]), (SQ.format(300, 600), ["B", 20000, "甲"])], {"MAX_WALK": 50},
     "MAX_WALK = 50 m is too short for POP_MIN = 30,000"),
    ([(SQ.format(0, 300), ["A", 20000, "甲"])], {"ADMIN_FIELD": None}, "Give the 街镇"),
])
def test_bad_input_is_refused_with_a_clear_message(lc_provider, rows, extra, message):
    p = {"BLOCKS": _memory_blocks(rows), "POPULATION_FIELD": "population", "BLOCK_ID_FIELD": "block_id",
         "ADMIN_FIELD": "subdistrict", "PRESET": 0, "UNITS": "memory:", "BLOCKS_OUTPUT": "memory:"}
    p.update(extra)
    with pytest.raises(QgsProcessingException, match=message):
        processing.run("lifecircle:delineateunits", p)


def test_blocks_outside_every_subdistrict_polygon(lc_provider):
    admin = QgsVectorLayer("Polygon?crs=EPSG:4549&field=name:string", "街镇", "memory")
    f = QgsFeature(admin.fields())
    f.setGeometry(QgsGeometry.fromWkt(SQ.format(-10, 310)))
    f.setAttributes(["甲"])
    admin.dataProvider().addFeatures([f])
    blocks = _memory_blocks([(SQ.format(0, 300), ["A", 20000, "甲"]), (SQ.format(900, 1200), ["Far", 20000, "甲"])])
    with pytest.raises(QgsProcessingException, match="1 block\\(s\\) lie outside every 街镇 .*feature ids Far"):
        processing.run("lifecircle:delineateunits", {
            "BLOCKS": blocks, "POPULATION_FIELD": "population", "BLOCK_ID_FIELD": "block_id", "ADMIN": admin,
            "PRESET": 0, "UNITS": "memory:", "BLOCKS_OUTPUT": "memory:"})


def test_styles_load_and_colour_neighbours_apart(run):
    from qgis.core import QgsRuleBasedRenderer

    for name, layer in (("units", run["UNITS"]), ("units_blocks", run["BLOCKS_OUTPUT"]),
                        ("units_centres", run["CENTRES"])):
        message, ok = layer.loadNamedStyle(str(ROOT / "resources" / "styles" / f"{name}.qml"))
        assert ok, message
        assert isinstance(layer.renderer(), QgsRuleBasedRenderer)
    units = list(run["UNITS"].getFeatures())
    for a in units:
        for b in units:
            if a.id() < b.id() and a.geometry().distance(b.geometry()) < 81:
                assert a["map_colour"] != b["map_colour"]


# ---------------------------------------------------------------------------------------------------------
# presets by Shanghai area type (resources/rules/unit_presets.csv) and block types (unit_types.csv)


def test_preset_choices_match_the_presets_table():
    """The enum keeps its old indexes (saved models store them), every preset is a row of the table, and the
    labels' numbers are the table's."""
    from lifecircle.lifecircle_plugin.core.units import OWN_VALUES, unit_presets
    from lifecircle.processing.delineate_units import PRESET_CHOICES

    ids = [pid for pid, _ in PRESET_CHOICES]
    assert ids[:4] == ["shanghai_central", "shanghai_new_town", "gb50180_15min", OWN_VALUES]
    presets = unit_presets()
    assert set(ids) - {OWN_VALUES} == set(presets)
    for pid, label in PRESET_CHOICES:
        if pid == OWN_VALUES:
            continue
        p = presets[pid]
        assert p.name_zh in label and f"{p.walk_max:,.0f} m" in label
        if p.pop_min is not None:
            assert f"{p.pop_min:,.0f}" in label
        if np.isfinite(p.pop_max):
            assert f"{p.pop_max:,.0f}" in label


ROW = "POLYGON(({0} 0, {1} 0, {1} 600, {0} 600, {0} 0))"


def _typed_row(types):
    """Five 600 m squares in a row, 5,000 residents each, one 街镇; block ids A–E and a type field."""
    lyr = QgsVectorLayer("Polygon?crs=EPSG:4549&field=block_id:string&field=population:double&"
                         "field=subdistrict:string&field=block_type:string", "blocks", "memory")
    feats = []
    for i, kind in enumerate(types):
        f = QgsFeature(lyr.fields())
        f.setGeometry(QgsGeometry.fromWkt(ROW.format(600 * i, 600 * (i + 1))))
        f.setAttributes(["ABCDE"[i], 5000.0, "甲", kind])
        feats.append(f)
    lyr.dataProvider().addFeatures(feats)
    return lyr


def _run_row(types, feedback=None, **extra):
    p = {"BLOCKS": _typed_row(types), "POPULATION_FIELD": "population", "BLOCK_ID_FIELD": "block_id",
         "BLOCK_TYPE_FIELD": "block_type", "ADMIN_FIELD": "subdistrict", "PRESET": 1, "UNITS": "memory:",
         "BLOCKS_OUTPUT": "memory:"}
    p.update(extra)
    return processing.run("lifecircle:delineateunits", p, feedback=feedback)


def test_new_town_preset_sets_max_walk_unless_the_planner_does(lc_provider):
    # 25,000 residents, POP_MIN 20,000 (新城): one unit centred on C; A and E are about 1,200 m from it (straight
    # lines between the blocks' representative points, a few metres off their centres)
    from feedback_log import RecordingFeedback

    fb = RecordingFeedback()
    out = _run_row(["居住"] * 5, fb)
    (unit,) = list(out["UNITS"].getFeatures())
    assert unit["max_walk_m"] == pytest.approx(1200, abs=10) and unit["meets_rules"]  # within the preset's 1,500 m
    log = "\n".join(fb.infos)
    assert "Preset 上海新城 (shanghai_new_town): 800–1,500 m walk, 20,000 residents or more — source: 《上海15分钟社区" \
        "生活圈规划技术标准（征求意见稿）》" in log and "MAX_WALK 1,500 m: the preset's radius." in log
    assert "[draft]" in log and "20,000–∞ residents per unit, every block within 1,500 m" in log
    # the planner's 1,000 m wins: only B–D (15,000) lie within it of any centre
    with pytest.raises(QgsProcessingException, match="MAX_WALK = 1,000 m is too short for POP_MIN = 20,000"):
        _run_row(["居住"] * 5, MAX_WALK=1000)


def test_block_types_are_read_through_the_synonyms_and_unknown_ones_named(lc_provider):
    from feedback_log import RecordingFeedback

    fb = RecordingFeedback()
    out = _run_row(["住宅", "住宅", "xyz", "商业", "R"], fb)
    (unit,) = list(out["UNITS"].getFeatures())
    assert unit["unit_type"] == "居住"  # 住宅 + 住宅 + R: 15,000 residents against 商业's 5,000
    warnings = "\n".join(fb.errors)
    assert "Layer 'blocks', field 'block_type': 1 block(s)" in warnings and "'xyz' (C)" in warnings


def test_village_preset_makes_each_village_a_unit_and_says_blocks_lack_a_type(lc_provider):
    from feedback_log import RecordingFeedback

    fb = RecordingFeedback()
    out = _run_row(["乡村"] * 5, fb, PRESET=5, BLOCK_TYPE_FIELD=None)
    assert out["UNIT_COUNT"] == 5 == out["UNITS_MEETING_RULES"]  # no population floor: one unit per block
    assert "preset is chosen but the blocks have no type field" in "\n".join(fb.errors)
    assert "names no population floor" in "\n".join(fb.infos)
