"""Unit presets by Shanghai area type (resources/rules/unit_presets.csv) and the block types planners type
(resources/rules/unit_types.csv), checked against hand-worked cases."""

from __future__ import annotations

import math

import numpy as np
import pytest
from shapely.geometry import box

from lifecircle.lifecircle_plugin.core import units as U
from lifecircle.lifecircle_plugin.core.errors import LifeCircleError


# ---------------------------------------------------------------------------------------------------------
# presets


def test_new_town_gives_its_floor_no_ceiling_and_its_radius():
    rules, notes = U.unit_rules_from_preset("shanghai_new_town")
    assert (rules.pop_min, rules.pop_max, rules.max_walk) == (20000, math.inf, 1500)
    assert rules.walk_by_type == {"乡村": 3000}  # village blocks keep the village radius
    log = "\n".join(notes)
    assert "Preset 上海新城 (shanghai_new_town): 800–1,500 m walk, 20,000 residents or more — source: 《上海15分钟" in log
    assert "征求意见稿" in log and "[draft]" in log and "MAX_WALK 1,500 m: the preset's radius" in log


@pytest.mark.parametrize("preset, pop_min, pop_max, walk", [
    ("shanghai_central", 30000, 50000, 1000),
    ("gb50180_15min", 50000, 100000, 1000),
    ("shanghai_new_market_town", 20000, math.inf, 5000),
])
def test_each_area_type_has_the_values_of_its_source(preset, pop_min, pop_max, walk):
    rules, _ = U.unit_rules_from_preset(preset)
    assert (rules.pop_min, rules.pop_max, rules.max_walk) == (pop_min, pop_max, walk)


def test_the_planners_values_win_and_max_walk_then_holds_for_every_block():
    rules, notes = U.unit_rules_from_preset("shanghai_new_town", pop_min=25000, pop_max=40000, max_walk=1200)
    assert (rules.pop_min, rules.pop_max, rules.max_walk, rules.walk_by_type) == (25000, 40000, 1200, {})
    assert any("your value, for every block" in n for n in notes)


def test_village_preset_has_no_floor_and_says_so():
    rules, notes = U.unit_rules_from_preset("shanghai_village")
    assert (rules.pop_min, rules.pop_max, rules.max_walk) == (1, math.inf, 3000)
    assert rules.walk_by_type == {}  # every block has the village radius already
    assert any("names no population floor" in n for n in notes)
    assert any("[interpretation]" in n for n in notes)


def test_own_values_need_pop_min_and_fall_back_on_gb50180s_walk():
    with pytest.raises(LifeCircleError, match="needs POP_MIN"):
        U.unit_rules_from_preset("own")
    rules, notes = U.unit_rules_from_preset("own", pop_min=15000)
    assert (rules.pop_min, rules.pop_max, rules.max_walk) == (15000, math.inf, 1000)
    assert "Your own values: 15,000 residents or more." in notes
    assert any(n.startswith("MAX_WALK 1,000 m: the radius of 十五分钟生活圈 — source: GB 50180-2018") for n in notes)


def test_every_bundled_preset_names_a_source_and_how_firm_it_is():
    presets = U.unit_presets()
    assert {"shanghai_central", "shanghai_new_town", "shanghai_new_market_town", "shanghai_village",
            "gb50180_15min"} <= set(presets)
    for p in presets.values():
        assert p.source and p.status in U.PRESET_STATUSES and p.walk_min <= p.walk_max
        if p.status != "published":
            assert p.note  # a draft or an interpretation says why
    assert presets["shanghai_village"].status in ("interpretation", "unverified")


def test_a_planners_table_in_gb18030_is_read_and_errors_name_file_row_and_column(tmp_path):
    good = tmp_path / "presets.csv"
    good.write_bytes("id,walk_max_m,pop_min,pop_max,source,status\n"
                     "town,1200,\"20,000\",,某镇规划 2025,unverified\n".encode("gb18030"))
    p = U.unit_presets(good)["town"]
    assert (p.walk_min, p.walk_max, p.pop_min, p.pop_max) == (1200, 1200, 20000, math.inf)
    bad = tmp_path / "bad.csv"
    bad.write_text("id,walk_max_m,pop_min,pop_max,source,status\ntown,1200,20000,,x,final\n", encoding="utf-8")
    with pytest.raises(LifeCircleError, match=r"bad.csv, row 2, column 'status': use published"):
        U.unit_presets(bad)
    bad.write_text("id,walk_max_m,pop_min,pop_max,source,status\ntown,far,20000,,x,draft\n", encoding="utf-8")
    with pytest.raises(LifeCircleError, match=r"row 2, column 'walk_max_m': needs a number above 0, got 'far'"):
        U.unit_presets(bad)


# ---------------------------------------------------------------------------------------------------------
# block types


def test_block_types_read_the_words_planners_type():
    values = ["住宅", " R ", "居住用地", "办公", "B", "工业", "m", "Village", "村庄", None, ""]
    types, unknown = U.block_types(values, list(range(len(values))), "blocks", "kind")
    assert types == ["居住", "居住", "居住", "商务", "商务", "产业", "产业", "乡村", "乡村", None, None]
    assert unknown is None


def test_an_unknown_type_is_named_with_its_feature_ids():
    types, unknown = U.block_types(["居住", "xyz", "住宅", "xyz", "混合"], ["a", "b", "c", "d", "e"], "blocks",
                                   "kind")
    assert types == ["居住", None, "居住", None, None]
    assert "Layer 'blocks', field 'kind': 3 block(s)" in unknown
    assert "'xyz' (b, d)" in unknown and "'混合' (e)" in unknown and "unit_types.csv" in unknown


def test_a_type_table_that_gives_one_word_two_types_is_refused(tmp_path):
    table = tmp_path / "types.csv"
    table.write_text("word,type\n住宅,居住\n住宅,商务\n", encoding="utf-8-sig")
    with pytest.raises(LifeCircleError, match=r"row 3, column 'word': '住宅' already means 居住"):
        U.unit_type_words(table)


def test_village_preset_says_when_blocks_lack_a_type():
    assert "no type field" in U.untyped_village_blocks("shanghai_village", None, ["a"])
    assert "1 block(s) have no type (feature ids b)" in U.untyped_village_blocks(
        "shanghai_village", ["乡村", None], ["a", "b"])
    assert U.untyped_village_blocks("shanghai_village", ["乡村"], ["a"]) is None
    assert U.untyped_village_blocks("shanghai_central", None, ["a"]) is None


# ---------------------------------------------------------------------------------------------------------
# units: their type and the village radius


def _row(n: int, size: float = 1000.0):
    polys = [box(i * size, 0, (i + 1) * size, size) for i in range(n)]
    xy = np.array([[p.centroid.x, p.centroid.y] for p in polys])
    return polys, U.WalkDistances(xy)


def test_a_units_type_is_the_type_of_most_of_its_residents_whatever_the_spelling():
    # 住宅 100 + 居住 250 = 350 residents of 居住 against 300 of 商务: the unit is 居住 (spelled apart: 商务 would win)
    polys, dist = _row(3, 100.0)
    types, _ = U.block_types(["住宅", "商务", "居住"], [0, 1, 2], "blocks", "kind")
    result = U.delineate_units(polys, np.array([100.0, 300.0, 250.0]), ["A"] * 3,
                               U.UnitRules(pop_min=650, max_walk=1000), dist, block_type=types)
    assert [u.unit_type for u in result.units] == ["居住"]


@pytest.mark.parametrize("types, meets", [
    (["乡村"] * 5, True),  # the far blocks are 2,000 m from the middle one: within the village's 3,000 m
    (["居住"] * 5, False),  # 2,000 m > MAX_WALK 1,000 m
    (["乡村", "居住", "居住", "居住", "乡村"], True),  # the middle three within 1,000 m, the ends within 3,000 m
])
def test_blocks_typed_village_keep_the_village_radius(types, meets):
    # five 1 km squares in a row, 1,000 residents each, POP_MIN 3,000: room for one unit only (5,000 < 2 × 3,000),
    # centred on the middle block
    polys, dist = _row(5)
    rules = U.UnitRules(pop_min=3000, max_walk=1000, walk_by_type={"乡村": 3000})
    result = U.delineate_units(polys, np.full(5, 1000.0), ["A"] * 5, rules, dist, block_type=types)
    (unit,) = result.units
    assert unit.max_walk == pytest.approx(2000)
    assert unit.meets_rules is meets
    if not meets:
        assert "beyond MAX_WALK: 2,000 m > 1,000 m" in unit.flag_text
