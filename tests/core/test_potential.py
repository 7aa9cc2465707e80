"""Potential space core, without QGIS: the rules table and each bundled rule firing and not firing at its
thresholds on hand-built parcels, constraints (exclude and clip), uncovered residents against an independent
networkx computation on a tiny network, the score formula and the Chinese reasons, and bad input."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest
from shapely.geometry import LineString, MultiLineString, Point, Polygon, box
from shapely.ops import nearest_points

from lifecircle.lifecircle_plugin.core import potential as pot
from lifecircle.lifecircle_plugin.core.checklist import load_profile
from lifecircle.lifecircle_plugin.core.errors import LifeCircleError
from lifecircle.lifecircle_plugin.core.network import build_network

import netref

PROFILE = load_profile("shanghai")
BUNDLED = pot.load_rules()
RULES = {r.rule_id: r for r in BUNDLED.rules}

# a crossing of two streets at (0, 0) and, apart from the walking network, an elevated road along x = 300
STREETS = [[(-500, 0), (0, 0)], [(0, 0), (500, 0)], [(0, -500), (0, 0)], [(0, 0), (0, 500)]]
ELEVATED = LineString([(300, -500), (300, 500)])


@pytest.fixture(scope="module")
def crossing():
    return build_network([LineString(c) for c in STREETS])


def only(rule_id: str) -> pot.RuleSet:
    """The bundled settings with one bundled rule."""
    return pot.RuleSet(rules=(RULES[rule_id],), settings=BUNDLED.settings, source="test")


def run(parcels: list[dict], rules: pot.RuleSet, network=None, **kw) -> pot.PotentialResult:
    """Parcels as dicts of geometry + attributes; missing attributes are None."""
    keys = ("land_use", "status", "far", "year", "ownership", "area", "remark", "zone", "zone_type")
    table = pot.ParcelTable(
        ids=list(range(1, len(parcels) + 1)), geometries=[p["geom"] for p in parcels],
        **{k: [p.get(k) for p in parcels] for k in keys})
    return pot.potential_space(table, rules, PROFILE, network=network, elevated_lines=kw.pop("elevated", [ELEVATED]),
                               **kw)


def fired(result, rule_id: str) -> list[bool]:
    return [rule_id in r for r in result.rules]


FAR = box(1000, 1000, 1100, 1100)  # far from every street: attribute rules only


# ------------------------------------------------------------------------------------------------------------
# the rules table


def test_bundled_rules_cover_the_four_kinds_and_documented_settings():
    kinds = {r.kind for r in BUNDLED.rules}
    assert kinds == set(pot.KINDS)
    assert BUNDLED.weights == {"kind": 30.0, "need": 40.0, "area": 15.0, "ownership": 15.0}
    assert RULES["under_elevated"].area_min_m2 == 50 and RULES["under_elevated"].area_max_m2 == 2000
    assert RULES["industry_in_residential"].residential_zone is True
    assert RULES["vacant_other"].land_use.negate
    assert BUNDLED.ownership_ease("国有") == 1.0 and BUNDLED.ownership_ease("其他") == 0.5
    # every rule row and setting is documented in the README
    from lifecircle.lifecircle_plugin.core.potential import RULES_DIR

    readme = (RULES_DIR / "README.md").read_text(encoding="utf-8")
    for r in BUNDLED.rules:
        assert f"`{r.rule_id}`" in readme, r.rule_id
    for col in pot.RULE_COLUMNS:
        assert f"`{col}`" in readme, col
    for key in pot.DEFAULT_SETTINGS:
        assert f"`{key}`" in readme, key


def write_rules(tmp_path, body: str, name="my_rules.csv"):
    path = tmp_path / name
    path.write_text(",".join(pot.RULE_COLUMNS) + "\n" + body, encoding="utf-8")
    return path


def test_a_user_rules_file_replaces_the_rules_and_keeps_unset_settings(tmp_path):
    cols = {c: "" for c in pot.RULE_COLUMNS}

    def row(**kw):
        return ",".join(str({**cols, **kw}[c]) for c in pot.RULE_COLUMNS) + "\n"

    path = write_rules(tmp_path, row(rule_id="big_idle", kind="idle", label_zh="大片闲置", status="闲置",
                                     area_min_m2="5000")
                       + row(rule_id="off", enabled="0", kind="闲置", label_zh="x")
                       + row(rule_id="weight_need", kind="设置", value="60"))
    rules = pot.load_rules(path)
    assert [r.rule_id for r in rules.rules] == ["big_idle"]
    assert rules.rules[0].kind == pot.IDLE and rules.rules[0].status.values == frozenset({"idle"})
    assert rules.weights == {"kind": 30.0, "need": 60.0, "area": 15.0, "ownership": 15.0}


@pytest.mark.parametrize("body, message", [
    ("r1,1,荒地,x,,,,,,,,,,,,,,,,,\n", r"row 2, column 'kind': unknown kind '荒地'"),
    ("r1,1,闲置,x,,,,,,abc,,,,,,,,,,,\n", r"row 2, column 'area_min_m2': needs a number of 0 or more, got 'abc'"),
    ("r1,1,闲置,x,,,,,,,,,,,,,,1.5,,,\n", r"row 2, column 'strength': needs a number between 0 and 1"),
    ("r1,1,闲置,闲置{floors}层,,,,,,,,,,,,,,,,,\n", r"row 2, column 'label_zh': cannot use"),
    ("r1,1,闲置,x,,,,,,,,,,,,,,,,,\nr1,1,低效,y,,,,,,,,,,,,,,,,,\n", r"row 3, column 'rule_id': 'r1' is already on row 2"),
    ("weight_nede,,设置,,,,,,,,,,,,,,,,,,5\n", r"unknown setting 'weight_nede'"),
    ("r1,1,闲置,x,,busy,,,,,,,,,,,,,,,\n", r"column 'status': unknown status 'busy'"),
    ("r1,1,闲置,x,,,,,,3000,2000,,,,,,,,,,\n", r"area_min_m2 \(3000\) is larger than area_max_m2 \(2000\)"),
])
def test_rules_file_errors_name_the_row_and_column(tmp_path, body, message):
    path = write_rules(tmp_path, body)
    with pytest.raises(LifeCircleError, match=message):
        pot.load_rules(path)


def test_weights_parameter():
    assert pot.parse_weights("need=50, area=10；kind：20") == {"weight_need": 50, "weight_area": 10, "weight_kind": 20}
    assert pot.parse_weights("need_full=8000") == {"need_full": 8000}
    assert pot.parse_weights("") == {}
    with pytest.raises(LifeCircleError, match="cannot read 'height=3'"):
        pot.parse_weights("height=3")
    with pytest.raises(LifeCircleError, match="cannot read 'need=much'"):
        pot.parse_weights("need=much")


def test_land_use_classes_and_status_spellings():
    m = pot.load_land_use()
    cases = {"居住": "居住", "R2": "居住", "r21": "居住", "M1": "工业", "W2": "仓储", "A33": "教育", "A1": "机关",
             "A35": "公共服务", "B1": "商业", "G1": "绿地", "G3": "广场", "E9": "空地", "0701": "居住",
             "080403": "教育", "0801": "机关", "1001": "工业", "1101": "仓储", "1403": "广场", "2301": "空地",
             "二类工业用地": "工业", "城镇住宅用地": "居住", "中小学用地": "教育", "industrial": "工业",
             "Mixed": "Mixed", "果园": "果园", None: None, " ": None}
    for value, expected in cases.items():
        assert m.classify(value) == expected, value
    assert [pot.canonical_status(v) for v in ("idle", "闲置", "IN_USE", "使用中", "空置", "？", None)] == \
        ["idle", "idle", "in_use", "in_use", "vacant", None, None]


def test_user_land_use_table_takes_precedence(tmp_path):
    path = tmp_path / "lu.csv"
    path.write_text("pattern,match,class,note\nM,prefix,仓储,our codes\n", encoding="utf-8")
    m = pot.load_land_use(path)
    assert m.classify("M1") == "仓储" and m.classify("R2") == "居住"


# ------------------------------------------------------------------------------------------------------------
# each bundled rule at its thresholds


def test_leftover_under_elevated_road_at_its_distance_and_areas(crossing):
    rule = RULES["under_elevated"]
    d = rule.elevated_max_m
    parcels = [
        {"geom": box(300 + d, 100, 320 + d, 140), "land_use": "空地"},  # exactly at the distance
        {"geom": box(300 + d + 0.5, 200, 320 + d + 0.5, 240), "land_use": "空地"},  # 0.5 m beyond
        {"geom": box(290, -300, 310, -260), "land_use": "交通", "status": "in_use"},  # under it, in use
        {"geom": box(290, -200, 310, -160), "land_use": "居住"},  # not leftover land
        {"geom": box(290, 300, 310, 340), "land_use": "空地", "area": rule.area_max_m2},
        {"geom": box(290, 360, 310, 400), "land_use": "空地", "area": rule.area_max_m2 + 1},
        {"geom": box(290, -400, 310, -360), "land_use": "空地", "area": rule.area_min_m2},
        {"geom": box(290, -460, 310, -420), "land_use": "空地", "area": rule.area_min_m2 - 0.1},
    ]
    r = run(parcels, only("under_elevated"), crossing)
    assert fired(r, "under_elevated") == [True, False, True, False, True, False, True, False]
    assert r.main_kind[0] == pot.LEFTOVER and r.kinds[0] == (pot.LEFTOVER,)


def test_leftover_corner_needs_two_street_frontages(crossing):
    frontage = BUNDLED.setting("corner_frontage_m")
    parcels = [
        {"geom": box(5, 5, 35, 35), "land_use": "空地"},  # at the crossing: fronts both streets
        {"geom": box(-35, -40, -5, -5), "land_use": "绿地"},  # the opposite corner
        {"geom": box(5, 5, 5 + frontage, 40), "land_use": "空地"},  # fronts the x-axis street for exactly 15 m
        {"geom": box(5, 5, 5 + frontage - 0.1, 40), "land_use": "空地"},  # 14.9 m: not a corner
        {"geom": box(5, 5, 65, 15), "land_use": "空地"},  # a strip along one street, its 10 m end at the other
        {"geom": box(100, 5, 130, 35), "land_use": "空地"},  # along one street only
    ]
    r = run(parcels, only("corner_piece"), crossing)
    assert fired(r, "corner_piece") == [True, True, True, False, False, False]
    assert pot.is_corner_piece(box(5, 5, 35, 35), [LineString(c) for c in STREETS], 20, 15, 45)
    # two streets meeting at 30° are not a corner at the default 45°, but are at 25°
    skew = [LineString([(0, 0), (500, 0)]), LineString([(0, 0), (500 * math.cos(math.radians(30)), 250)])]
    wedge = Polygon([(40, 3), (90, 3), (75, 38)])
    assert not pot.is_corner_piece(wedge, skew, 20, 15, 45)
    assert pot.is_corner_piece(wedge, skew, 20, 15, 25)


def test_leftover_roadside_strip_at_its_distance(crossing):
    d = RULES["roadside_strip"].road_max_m
    parcels = [
        {"geom": box(100, d, 160, d + 10), "land_use": "空地"},
        {"geom": box(100, -d - 10.5, 160, -d - 0.5), "land_use": "空地"},
        {"geom": box(-d - 8, 200, -d, 260), "land_use": "广场"},
        {"geom": box(100, d, 160, d + 10), "land_use": "商业"},
    ]
    r = run(parcels, only("roadside_strip"), crossing)
    assert fired(r, "roadside_strip") == [True, False, True, False]


def test_school_grounds_by_far_and_by_keyword():
    far_max = RULES["school_ground"].far_max
    parcels = [
        {"geom": FAR, "land_use": "教育", "far": far_max},
        {"geom": FAR, "land_use": "教育", "far": far_max + 0.01},
        {"geom": FAR, "land_use": "教育"},  # FAR unknown
        {"geom": FAR, "land_use": "A33", "far": 0.0},  # a GB 50137 code
        {"geom": FAR, "land_use": "机关", "far": 0.0},
    ]
    r = run(parcels, only("school_ground"))
    assert fired(r, "school_ground") == [True, False, False, True, False]
    named = [{"geom": FAR, "land_use": "教育", "far": 1.1, "remark": "实验小学操场"},
             {"geom": FAR, "land_use": "教育", "far": 1.1, "remark": "教学楼"},
             {"geom": FAR, "land_use": "教育", "far": 1.1}]
    r = run(named, only("school_ground_named"))
    assert fired(r, "school_ground_named") == [True, False, False]
    assert r.main_kind[0] == pot.AFFILIATED
    assert r.fits[0] == ("Q08", "Q10", "M04")  # what a sports ground can be shared for, all large enough


def test_institution_green_space():
    rule = RULES["institution_green"]
    base = {"geom": FAR, "land_use": "机关", "status": "in_use", "far": rule.far_max, "area": rule.area_min_m2}
    parcels = [base, {**base, "far": rule.far_max + 0.01}, {**base, "area": rule.area_min_m2 - 1},
               {**base, "status": "idle"}, {**base, "land_use": "A1"}]
    r = run(parcels, only("institution_green"))
    assert fired(r, "institution_green") == [True, False, False, False, True]


def test_idle_and_vacant():
    parcels = [
        {"geom": FAR, "land_use": "工业", "status": "闲置", "area": 50},
        {"geom": FAR, "land_use": "工业", "status": "idle", "area": 49.9},
        {"geom": FAR, "land_use": "工业", "status": "in_use", "area": 5000},
        {"geom": FAR, "land_use": "空地", "status": None, "area": 3000},
        {"geom": FAR, "land_use": "绿地", "status": "vacant", "area": 3000},
        {"geom": FAR, "land_use": "空地", "status": "vacant", "area": 3000},
    ]
    r = run(parcels, pot.RuleSet(rules=(RULES["idle"], RULES["vacant_land"], RULES["vacant_other"]),
                                 settings=BUNDLED.settings, source="t"))
    assert fired(r, "idle") == [True, False, False, False, False, False]
    assert fired(r, "vacant_land") == [False, False, False, True, False, True]
    assert fired(r, "vacant_other") == [False, False, False, False, True, False]  # '!空地': other land only
    assert r.labels[0] == ("闲置工业用地",) and r.labels[4] == ("空置绿地地块",)


def test_industry_inside_residential_zones_typed_inferred_and_by_neighbourhood():
    need = RULES["industry_in_residential"].area_min_m2
    typed = [
        {"geom": FAR, "land_use": "工业", "area": need, "zone": "A", "zone_type": "居住"},
        {"geom": FAR, "land_use": "仓储", "area": need - 1, "zone": "A", "zone_type": "居住"},
        {"geom": FAR, "land_use": "M2", "area": 5000, "zone": "B", "zone_type": "产业"},
        {"geom": FAR, "land_use": "商业", "area": 5000, "zone": "A", "zone_type": "居住"},
    ]
    r = run(typed, only("industry_in_residential"))
    assert fired(r, "industry_in_residential") == [True, False, False, False]
    # zones without a type: residential when housing is at least half of the zone's area
    inferred = [
        {"geom": FAR, "land_use": "居住", "area": 6000, "zone": "A"},
        {"geom": FAR, "land_use": "工业", "area": 4000, "zone": "A"},  # 60 % housing
        {"geom": FAR, "land_use": "居住", "area": 4000, "zone": "B"},
        {"geom": FAR, "land_use": "工业", "area": 6000, "zone": "B"},  # 40 % housing
    ]
    r = run(inferred, only("industry_in_residential"))
    assert fired(r, "industry_in_residential") == [False, True, False, False]
    # no zones: the parcels within zone_radius_m (300 m) of each other
    hood = [
        {"geom": box(0, 0, 100, 100), "land_use": "居住", "area": 6000},
        {"geom": box(150, 0, 250, 100), "land_use": "工业", "area": 4000},
        {"geom": box(2000, 0, 2100, 100), "land_use": "工业", "area": 4000},  # alone: 0 % housing
        {"geom": box(2450, 0, 2550, 100), "land_use": "居住", "area": 9000},  # 450 m away
    ]
    r = run(hood, only("industry_in_residential"))
    assert fired(r, "industry_in_residential") == [False, True, False, False]
    assert r.residential_zone.tolist() == [True, True, False, True]


def test_far_below_zone_median():
    ratio = RULES["far_below_zone"].far_ratio_max
    zone = [{"geom": FAR, "land_use": "居住", "status": "in_use", "area": 2000, "far": 2.0, "zone": "A"}] * 3
    low = {"geom": FAR, "land_use": "居住", "status": "in_use", "area": 2000, "zone": "A"}
    # median of the zone's 居住 FARs (2, 2, 2 and the parcel's own) is 2.0
    r = run(zone + [{**low, "far": ratio * 2.0}], only("far_below_zone"))
    assert fired(r, "far_below_zone") == [False, False, False, True]
    assert r.ref_far[3] == pytest.approx(2.0)
    assert r.labels[3] == ("容积率 1.00，远低于同类用地的 2.00",)
    r = run(zone + [{**low, "far": ratio * 2.0 + 0.01}], only("far_below_zone"))
    assert not any(fired(r, "far_below_zone"))
    # a zone with fewer than far_reference_min parcels of the use is compared with the whole layer
    other = [{"geom": FAR, "land_use": "居住", "status": "in_use", "area": 2000, "far": 3.0, "zone": "B"}] * 2
    r = run(zone + other + [{**low, "far": 1.0, "zone": "C"}], only("far_below_zone"))
    assert r.ref_far[-1] == pytest.approx(2.0)  # median of 2, 2, 2, 3, 3, 1
    assert fired(r, "far_below_zone")[-1]


def test_old_low_rise():
    rule = RULES["old_low_rise"]
    base = {"geom": FAR, "land_use": "工业", "status": "in_use", "area": 3000, "far": rule.far_max,
            "year": rule.year_max}
    parcels = [base, {**base, "year": rule.year_max + 1}, {**base, "far": rule.far_max + 0.01},
               {**base, "year": None}, {**base, "year": "1985年"}, {**base, "land_use": "教育"}]
    r = run(parcels, only("old_low_rise"))
    assert fired(r, "old_low_rise") == [True, False, False, False, True, False]
    assert r.labels[0] == ("1990 年建成的低层建筑（容积率 1.00）",)


def test_reason_lists_one_label_per_place_kind_and_every_idle_or_low_efficiency_rule(crossing):
    r = run([{"geom": box(5, 5, 35, 35), "land_use": "空地", "status": "vacant"},
             {"geom": box(5000, 5000, 5120, 5100), "land_use": "仓储", "status": "idle", "zone": "A",
              "zone_type": "居住", "far": 0.5, "year": 1980}], BUNDLED, crossing)
    # the corner is also along a road: the reason names the first 金角银边 rule only
    assert r.rules[0] == ("corner_piece", "roadside_strip", "vacant_land")
    assert r.labels[0] == ("街角空地（金角）", "空闲地")
    assert r.kinds[0] == (pot.IDLE, pot.LEFTOVER) and r.main_kind[0] == pot.LEFTOVER
    assert r.labels[1] == ("闲置仓储用地", "居住社区内的仓储用地")
    assert r.kinds[1] == (pot.IDLE, pot.LOW_EFFICIENCY)
    # vacant land may take anything, but a corner piece is for small points: what corner_piece serves, by size
    assert r.fits[0] == ("Q02", "Q08", "Q09", "Q10", "M05", "M09", "M10")
    assert r.reasons[0] == "街角空地（金角）、空闲地，900 m²，面积可容纳 社区议事、体育健身、急救防灾、公共空间 等 7 类设施"
    assert r.fits[1] == tuple(c for c in PROFILE.codes if PROFILE.category(c).min_area_m2 is None
                              or PROFILE.category(c).min_area_m2 <= 12000)


# ------------------------------------------------------------------------------------------------------------
# constraints


def test_constraints_exclude_and_clip():
    parcels = [{"geom": box(0, 0, 100, 100), "land_use": "空地"},  # overlapped by the heritage area
               {"geom": box(100, 0, 200, 100), "land_use": "空地"},  # only touches it: kept whole
               {"geom": box(300, 0, 400, 100), "land_use": "空地", "area": 9000.0},  # road red line cuts 20 %
               {"geom": box(500, 0, 600, 100), "land_use": "空地"},  # clipped to 40 m²: dropped
               {"geom": box(700, 0, 800, 100), "land_use": "空地"}]
    cons = [pot.Constraint(box(-50, -50, 100, 50), "exclude", "历史风貌保护区"),
            pot.Constraint(box(300, 80, 450, 120), "clip", "道路红线"),
            pot.Constraint(box(499, -1, 601, 99.6), "clip", "生态保护红线")]
    r = run(parcels, only("vacant_land"), constraints=cons, elevated=[])
    assert r.excluded.tolist() == [True, False, False, True, False]
    assert r.potential.tolist() == [False, True, True, False, True]
    assert r.constraints[0] == ("历史风貌保护区",) and r.constraints[1] == ()
    # the area field (9,000) scales with the share of the polygon left (80 %)
    assert r.area[2] == pytest.approx(7200.0) and r.clipped_m2[2] == pytest.approx(1800.0)
    assert r.geometry[2].equals(box(300, 0, 400, 80)) and r.geometry[1] is None
    assert r.area[1] == pytest.approx(10000.0)
    assert "已扣除道路红线 1,800 m²" in r.reasons[2]
    assert r.reasons[0] == "受约束排除（历史风貌保护区）" and r.rank[0] == 0
    # kept with keep_all, still without kind or score
    r = run(parcels, only("vacant_land"), constraints=cons, elevated=[], keep_all=True)
    assert r.kept.all() and np.isnan(r.score[0]) and r.kinds[0] == ()


def test_constraint_mode_values():
    assert pot.constraint_mode("裁剪", "exclude", 1, "c", "mode") == "clip"
    assert pot.constraint_mode(None, "clip", 1, "c", "mode") == "clip"
    with pytest.raises(LifeCircleError, match=r"'c', field 'mode', feature id 7: unknown constraint mode 'maybe'"):
        pot.constraint_mode("maybe", "exclude", 7, "c", "mode")


# ------------------------------------------------------------------------------------------------------------
# uncovered residents, score and reasons against an independent computation

GRID = ([[(x, y), (x + 200, y)] for y in (0, 200, 400) for x in (0, 200)]
        + [[(x, y), (x, y + 200)] for x in (0, 200, 400) for y in (0, 200)])
GRID_PARCELS = [box(20, 30, 80, 130), box(230, 215, 370, 330), box(250, 420, 320, 470), box(410, 40, 470, 90)]


def grid_case(seed: int):
    rng = np.random.default_rng(seed)
    n = 60
    xy = rng.uniform(-20, 420, size=(n, 2))
    pop = rng.integers(5, 200, size=n).astype(float)
    d05 = np.where(rng.random(n) < 0.25, np.nan, rng.uniform(50, 900, n))
    d10 = np.where(rng.random(n) < 0.25, np.nan, rng.uniform(50, 600, n))
    d08 = rng.uniform(10, 400, n)  # Q08 within its 500 m threshold everywhere: nobody lacks it
    demand = pot.CoverageDemand(xy=xy, population=pop, distances={"Q05": d05, "Q10": d10, "Q08": d08})
    return demand


def reference_uncovered(demand, parcels, thresholds, tolerance=150.0):
    """networkx on a vertex-level graph; entrances by shapely's nearest point to the point on surface."""
    lines = MultiLineString(GRID)
    entrances, access = [], []
    for p in parcels:
        e = nearest_points(lines, p.representative_point())[0]
        entrances.append((e.x, e.y))
        access.append(p.distance(e))
    g = netref.vertex_graph([np.asarray(c, dtype=float) for c in GRID])
    nodes = netref.add_point_sets(g, {"p": entrances, "r": [tuple(x) for x in demand.xy]}, tolerance)
    out = np.zeros((len(parcels), len(thresholds)))
    for i in range(len(parcels)):
        dist = nx.single_source_dijkstra_path_length(g, nodes["p"][i], weight="weight")
        for j, (code, thr) in enumerate(thresholds.items()):
            d = demand.distances[code]
            lack = ~np.isfinite(d) | (d > thr)
            for k, node in enumerate(nodes["r"]):
                walk = dist.get(node, math.inf) + access[i] if node is not None else math.inf
                if lack[k] and walk <= thr:
                    out[i, j] += demand.weight(code)[k]
    return out, np.array(access)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_uncovered_residents_match_networkx(seed):
    demand = grid_case(seed)
    net = build_network([LineString(c) for c in GRID])
    parcels = [{"geom": g, "land_use": "工业", "status": "idle"} for g in GRID_PARCELS]
    r = run(parcels, only("idle"), net, demand=demand, elevated=[])
    assert r.codes == ["Q05", "Q10"]  # Q08 is covered everywhere; other categories are not in the demand
    thresholds = {"Q05": PROFILE.threshold("Q05"), "Q10": PROFILE.threshold("Q10")}
    ref, access = reference_uncovered(demand, GRID_PARCELS, thresholds)
    np.testing.assert_allclose(r.uncovered, ref, atol=1e-6)
    np.testing.assert_allclose(r.access_m, access, atol=1e-6)
    assert ref.sum() > 0 and (ref > 0).sum() >= 3  # not a vacuous comparison


def test_uncovered_residents_of_a_group_match_networkx():
    """Q05 measured over older residents (a quarter to a half of each point): the need counts them only."""
    demand = grid_case(5)
    rng = np.random.default_rng(55)
    demand.weights = {"Q05": np.floor(demand.population * rng.uniform(0.25, 0.5, len(demand.population)))}
    net = build_network([LineString(c) for c in GRID])
    parcels = [{"geom": g, "land_use": "工业", "status": "idle"} for g in GRID_PARCELS]
    r = run(parcels, only("idle"), net, demand=demand, elevated=[])
    thresholds = {"Q05": PROFILE.threshold("Q05"), "Q10": PROFILE.threshold("Q10")}
    ref, _ = reference_uncovered(demand, GRID_PARCELS, thresholds)
    np.testing.assert_allclose(r.uncovered, ref, atol=1e-6)
    everyone = reference_uncovered(grid_case(5), GRID_PARCELS, thresholds)[0]
    assert (ref[:, 0] < everyone[:, 0]).any() and np.allclose(ref[:, 1], everyone[:, 1])


def test_score_formula_rank_and_reason_numbers():
    demand = grid_case(4)
    net = build_network([LineString(c) for c in GRID])
    owners = ["国有", "企业", "集体", "业主共有"]
    areas = [900.0, 12000.0, 400.0, 2600.0]
    parcels = [{"geom": g, "land_use": "工业", "status": "idle", "ownership": o, "area": a}
               for g, o, a in zip(GRID_PARCELS, owners, areas)]
    rules = BUNDLED.with_settings(pot.parse_weights("kind=20, need=50, area=20, ownership=10, need_full=3000"))
    r = run(parcels, pot.RuleSet(rules=(RULES["idle"],), settings=rules.settings, source="t"), net, demand=demand,
            elevated=[])
    thresholds = {"Q05": 500.0, "Q10": 300.0}
    ref, _ = reference_uncovered(demand, GRID_PARCELS, thresholds)
    ease = {"国有": 1.0, "企业": 0.6, "集体": 0.7, "业主共有": 0.4}
    for i in range(4):
        fits = [c for c in ("Q05", "Q10") if areas[i] >= PROFILE.category(c).min_area_m2]  # 300 and 400 m²
        need = sum(ref[i, ["Q05", "Q10"].index(c)] for c in fits)  # both 十全: tier weight 1
        expected = 20 * 1.0 + 50 * min(1, need / 3000) + 20 * min(1, areas[i] / 5000) + 10 * ease[owners[i]]
        assert r.need[i] == pytest.approx(need)
        assert r.score[i] == pytest.approx(expected)
        assert sum(r.components[k][i] for k in ("kind", "need", "area", "ownership")) == pytest.approx(r.score[i])
        gaps = [c for c in fits if ref[i, ["Q05", "Q10"].index(c)] > 0]
        if gaps:
            top = max(gaps, key=lambda c: ref[i, ["Q05", "Q10"].index(c)])
            walk = {"Q05": "10 分钟", "Q10": "5 分钟"}[top]
            name = PROFILE.category(top).name_zh
            text = f"{walk}内 {ref[i, ['Q05', 'Q10'].index(top)]:,.0f} 名居民缺少 {name}"
            assert text in r.reasons[i], (r.reasons[i], text)
    assert sorted(r.rank.tolist()) == [1, 2, 3, 4]
    order = np.argsort(r.rank)
    assert all(r.score[order[k]] >= r.score[order[k + 1]] for k in range(3))
    # need_full 0 (the bundled default): the parcel with the most need gets the full need points
    r0 = run(parcels, only("idle"), net, demand=demand, elevated=[])
    best = int(np.argmax(r0.need))
    assert r0.components["need"][best] == pytest.approx(BUNDLED.weights["need"])


def test_reason_text_reads_like_the_issue():
    text = pot.reason_text(("闲置工业用地",), 12000.0, ("Q05",), np.array([8300.0]), ["Q05"], {"Q05": 1000.0},
                           {"Q05": "为老服务"}, ("Q05",), True)
    assert text == "闲置工业用地，1.2 万 m²，15 分钟内 8,300 名居民缺少 为老服务"
    assert pot.area_text(850.4) == "850 m²" and pot.area_text(10000) == "1.0 万 m²"
    assert pot.walk_text(500) == "10 分钟" and pot.walk_text(300) == "5 分钟" and pot.walk_text(600) == "步行 600 米"
    text = pot.reason_text(("空闲地",), 3000.0, ("Q05", "Q10", "M05", "M10"), np.array([50.0, 1200.0, 3.0, 7.0]),
                           ["Q05", "Q10", "M05", "M10"], {"Q05": 500.0, "Q10": 300.0, "M05": 500.0, "M10": 500.0},
                           {"Q05": "为老服务", "Q10": "公共空间", "M05": "生活服务", "M10": "市政环保"}, (), True)
    assert text == ("空闲地，3,000 m²，10 分钟内 50 名居民缺少 为老服务；另可兼顾 公共空间（1,200 人）、生活服务（3 人） "
                    "等 3 类")
    assert pot.reason_text(("空闲地",), 60.0, (), np.array([0.0]), ["Q05"], {"Q05": 500.0}, {}, ("Q09",), True) == \
        "空闲地，60 m²，步行范围内没有本地块可补足的设施缺口"


def test_gaps_put_must_have_before_optional_and_respect_size_and_kind():
    demand = grid_case(5)
    demand.distances["M08"] = np.full(len(demand.population), np.nan)  # nobody has 双创场所
    net = build_network([LineString(c) for c in GRID])
    parcels = [{"geom": GRID_PARCELS[1], "land_use": "工业", "status": "idle", "area": 5000.0},
               {"geom": GRID_PARCELS[1], "land_use": "教育", "far": 0.0, "area": 5000.0},
               {"geom": GRID_PARCELS[1], "land_use": "工业", "status": "idle", "area": 250.0}]
    r = run(parcels, BUNDLED, net, demand=demand, elevated=[])
    col = {c: j for j, c in enumerate(r.codes)}
    assert r.uncovered[0, col["M08"]] > r.uncovered[0, col["Q05"]] > 0
    assert set(r.gaps[0][:2]) == {"Q05", "Q10"} and r.gaps[0][-1] == "M08"  # 十全 first, although fewer lack them
    assert r.need[0] == pytest.approx(r.uncovered[0, col["Q05"]] + r.uncovered[0, col["Q10"]]
                                      + 0.5 * r.uncovered[0, col["M08"]])
    assert r.gaps[1] == ("Q10",)  # a school ground serves Q08/Q10/M04 only
    assert "Q05" not in r.fits[2] and "Q10" not in r.fits[2] and "M08" in r.fits[2]  # 250 m² < 300 / 400 m²
    assert r.gaps[2] == ("M08",)


# ------------------------------------------------------------------------------------------------------------
# bad input


def test_non_numeric_far_and_years_are_named_by_feature_id():
    table = pot.ParcelTable(ids=[11, 12, 13, 14, 15], geometries=[FAR] * 5, far=[1.2, "高", None, -1, "2.5"],
                            year=["1990", "约1990", 1995, 0, None], layer="地块",
                            field_names={"FAR": "rjl", "building year": "jcnf"})
    with pytest.raises(LifeCircleError) as exc:
        pot.potential_space(table, BUNDLED, PROFILE)
    msg = str(exc.value)
    assert "Layer '地块'" in msg
    assert "field 'rjl' (FAR) is not a number in feature ids 12" in msg
    assert "field 'rjl' (FAR) is negative in feature ids 14" in msg
    assert "field 'jcnf' (building year) is not a number in feature ids 12" in msg
    assert "field 'jcnf' (building year) is not a year in feature ids 14" in msg


def test_geometries_that_are_not_polygons_are_named_and_invalid_ones_repaired():
    bowtie = Polygon([(0, 0), (100, 100), (100, 0), (0, 100)])
    table = pot.ParcelTable(ids=[1, 2, 3], geometries=[FAR, Point(0, 0), None], status=["idle"] * 3)
    with pytest.raises(LifeCircleError, match=r"2 feature\(s\) without a polygon geometry \(feature ids 2, 3\)"):
        pot.potential_space(table, BUNDLED, PROFILE)
    table = pot.ParcelTable(ids=[7, 8], geometries=[bowtie, FAR], status=["idle", "idle"])
    r = pot.potential_space(table, only("idle"), PROFILE)
    assert r.diagnostics["repaired_geometries"] == [7]
    assert r.area[0] == pytest.approx(5000.0) and r.potential.all()


def test_coverage_distances_must_be_numbers():
    with pytest.raises(LifeCircleError, match=r"'res', field 'd_Q05': .* feature ids 2, 3"):
        pot.clean_distances([120.5, "far", -3, None], [1, 2, 3, 4], "res", "d_Q05")
    assert np.isnan(pot.clean_distances([None], [1], "res", "d_Q05")[0])


def test_unknown_status_values_are_reported_not_guessed():
    table = pot.ParcelTable(ids=[1, 2], geometries=[FAR, FAR], status=["闲置", "半闲置"])
    r = pot.potential_space(table, only("idle"), PROFILE)
    assert r.potential.tolist() == [True, False]
    assert r.diagnostics["unknown_status"] == {"半闲置": 1}


def test_what_a_parcel_can_take_is_what_its_restrictive_rules_share():
    school, green, idle = RULES["school_ground"], RULES["institution_green"], RULES["idle"]
    assert pot._served_codes([idle], PROFILE) == PROFILE.codes
    assert pot._served_codes([idle, school], PROFILE) == ("Q08", "Q10", "M04")
    assert pot._served_codes([school, green], PROFILE) == ("Q08", "Q10")
    only_m01 = pot.Rule(rule_id="x", kind=pot.AFFILIATED, label_zh="x", serves=("M01",))
    assert pot._served_codes([school, only_m01], PROFILE) == ("Q08", "Q10", "M01", "M04")  # nothing shared: union
    bad = pot.Rule(rule_id="y", kind=pot.IDLE, label_zh="y", serves=("Q99",))
    with pytest.raises(LifeCircleError, match=r"rule 'y', column 'serves': Q99 is not a category of profile"):
        pot.potential_space(pot.ParcelTable(ids=[1], geometries=[FAR]),
                            pot.RuleSet(rules=(bad,), settings=BUNDLED.settings, source="mine.csv"), PROFILE)


def test_rule_flags_and_enabled_read_through_the_one_yes_no_vocabulary(tmp_path):
    cols = {c: "" for c in pot.RULE_COLUMNS}

    def row(**kw):
        return ",".join(str({**cols, **kw}[c]) for c in pot.RULE_COLUMNS) + "\n"

    path = write_rules(tmp_path, row(rule_id="a", kind="低效", label_zh="a", residential_zone="√", corner="ＹＥＳ")
                       + row(rule_id="b", kind="低效", label_zh="b", residential_zone="×", corner="f")
                       + row(rule_id="c", kind="低效", label_zh="c", residential_zone="是")
                       + row(rule_id="d", enabled="off", kind="低效", label_zh="d")
                       + row(rule_id="e", enabled="✗", kind="低效", label_zh="e")
                       + row(rule_id="f", enabled="是", kind="低效", label_zh="f"))
    rules = {r.rule_id: r for r in pot.load_rules(path).rules}
    assert sorted(rules) == ["a", "b", "c", "f"]
    assert (rules["a"].residential_zone, rules["a"].corner) == (True, True)
    assert (rules["b"].residential_zone, rules["b"].corner) == (False, False)
    assert (rules["c"].residential_zone, rules["c"].corner, rules["f"].residential_zone) == (True, False, None)
    bad = write_rules(tmp_path, row(rule_id="g", kind="低效", label_zh="g", residential_zone="maybe"), "bad.csv")
    with pytest.raises(LifeCircleError, match=r"column 'residential_zone': use 1 \(yes\), 0 \(no\)"):
        pot.load_rules(bad)


# ------------------------------------------------------------------------------------------------------------
# the one list of residential words (resources/rules/unit_types.csv, 居住 rows)


def test_the_residential_words_are_the_unit_type_table_s_rows():
    from lifecircle.lifecircle_plugin.core import residential, units

    assert residential.UNIT_TYPES_FILE == units.BUNDLED_UNIT_TYPES  # one file, read by both
    assert residential.residential_words() == (
        "居住", "居住用地", "住宅", "住宅用地", "居住区", "居民区", "小区", "住区", "residential", "housing", "R",
        "住宅楼", "公寓", "宿舍", "house", "apartments", "detached", "dormitory", "terrace")
    # the bundled rules file no longer carries its own list: the setting is read from the table
    assert "residential_zone_values" not in BUNDLED.settings
    assert BUNDLED.setting("residential_zone_values") == residential.residential_words()
    # every word the old bundled setting (居住;住宅;居住区;residential) and the unit types accepted still is one
    block = {w for w, t in units.unit_type_words().items() if t == "居住"}
    assert {pot.word_key(w) for w in residential.residential_words()} == block
    assert {"居住", "住宅", "居住区", "residential"} <= set(residential.residential_words())


def _zone_is_residential(zone_type: str, rules=BUNDLED) -> bool:
    out, _ = pot.residential_zones(["工业"], np.array([1000.0]), ["Z"], [zone_type], np.array([[0.0, 0.0]]), rules)
    return bool(out[0])


def test_a_word_added_once_takes_effect_in_every_reader(tmp_path, monkeypatch):
    from lifecircle.lifecircle_plugin.core import residential, units

    word = "公租房"
    assert not _zone_is_residential(word) and pot.load_land_use().classify(word) == word
    assert units.block_types([word], ["a"], "blocks", "kind")[0] == [None]
    table = tmp_path / "unit_types.csv"
    table.write_text(units.BUNDLED_UNIT_TYPES.read_text(encoding="utf-8-sig") + f"{word},居住,added\n",
                     encoding="utf-8-sig")
    monkeypatch.setattr(residential, "UNIT_TYPES_FILE", table)
    import sys

    reader = sys.modules[units.unit_type_words.__module__]  # (the module that reads the table, wherever it lives)
    monkeypatch.setattr(reader, "BUNDLED_UNIT_TYPES", table)
    assert units.block_types([word], ["a"], "blocks", "kind")[0] == ["居住"]  # the block type
    assert _zone_is_residential(word) and _zone_is_residential("ＧＯＮＧ") is False  # the zone type
    assert pot.load_land_use().classify(word) == "居住"  # the land use
    # a planner's rules file that names its own list keeps it
    own = pot.RuleSet(rules=(), settings={"residential_zone_values": ("居住",)}, source="own")
    assert not _zone_is_residential(word, own) and _zone_is_residential("居住", own)


def test_the_land_use_table_s_own_rows_win_over_the_residential_words(tmp_path):
    lu = tmp_path / "lu.csv"
    lu.write_text("pattern,match,class\n小区,exact,其他\n", encoding="utf-8")
    assert pot.load_land_use().classify("小区") == "居住" and pot.load_land_use().classify("Housing") == "居住"
    assert pot.load_land_use(lu).classify("小区") == "其他"
    assert pot.load_land_use().classify("R2") == "居住" and pot.load_land_use().classify("residential") == "居住"
