"""Checklist profiles and facility-type mapping tables (no QGIS)."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest

from lifecircle.lifecircle_plugin.core import checklist
from lifecircle.lifecircle_plugin.core.checklist import (
    CategoryMapper,
    MappingRule,
    bundled_profiles,
    load_mapping,
    load_profile,
    parse_thresholds,
)
from lifecircle.lifecircle_plugin.core.errors import LifeCircleError

# transcribed from the 十全/十美 table of the project's DESIGN.md (code, name_zh, default walking metres)
DESIGN_TABLE = [
    ("Q01", "党群服务", 1000), ("Q02", "社区议事", 500), ("Q03", "便民商业", 500), ("Q04", "医疗卫生", 1000),
    ("Q05", "为老服务", 500), ("Q06", "保育托幼", 500), ("Q07", "文化活动", 1000), ("Q08", "体育健身", 500),
    ("Q09", "急救防灾", 1000), ("Q10", "公共空间", 300),
    ("M01", "自然生态", 1000), ("M02", "全民学习", 1000), ("M03", "儿童托管", 500), ("M04", "康体服务", 1000),
    ("M05", "生活服务", 500), ("M06", "文化传播", 1000), ("M07", "就业关怀", 1000), ("M08", "双创场所", 1000),
    ("M09", "智慧场景", 1000), ("M10", "市政环保", 500),
]
DESIGN_EN = {"Q01": "Party & public service", "Q05": "Elderly care", "Q10": "Public space",
             "M03": "After-school childcare", "M10": "Municipal & environmental"}

MAPPINGS = Path(checklist.MAPPINGS_DIR)


# ------------------------------------------------------------------------------------------------------------
# profiles


def test_shanghai_profile_is_the_design_table():
    p = load_profile("shanghai")
    assert [(c.code, c.name_zh, c.threshold_m) for c in p.categories] == [
        (code, name, float(m)) for code, name, m in DESIGN_TABLE
    ]
    assert p.must_have == tuple(c for c, _, _ in DESIGN_TABLE[:10])
    assert p.optional == tuple(c for c, _, _ in DESIGN_TABLE[10:])
    for code, en in DESIGN_EN.items():
        assert p.category(code).name_en == en
        assert p.category(code).name("en") == en and p.category(code).name("zh_CN") == p.category(code).name_zh
    assert {p.category(c).kind for c in p.must_have} == {"基础保障"}
    assert {p.category(c).kind for c in p.optional} == {"品质提升"}
    assert all(c.note for c in p.categories)


def test_shanghai_settings():
    p = load_profile("shanghai")
    assert p.id == "shanghai" and p.label == "上海 十全十美 (Shanghai 2023)"
    assert p.target_share == pytest.approx(0.85)
    assert p.target("2025") == pytest.approx(0.85) and p.target("2035") == pytest.approx(0.99)
    assert p.target() == p.target_share
    with pytest.raises(LifeCircleError, match="2030"):
        p.target("2030")
    assert (p.one_stop_min_area_m2, p.small_point_min_m2, p.small_point_max_m2) == (800, 50, 200)
    assert Path(p.source_path).name == "shanghai.csv"
    assert p.category("Q05").min_area_m2 == 300
    assert p.category("M09").min_area_m2 is None
    assert p.category("Q01").one_stop and not p.category("Q03").one_stop


def test_national_profile_uses_the_national_tiers():
    n, s = load_profile("national"), load_profile("shanghai")
    assert n.codes == s.codes and len(n.codes) == 20
    assert {c.threshold_m for c in n.categories} <= {300.0, 500.0, 800.0, 1000.0}
    for c in n.categories:
        assert c.name_zh == s.category(c.code).name_zh
        assert "GB 50180-2018" in c.note or "TD/T 1062-2021" in c.note
        assert "tier" in c.note or "layer" in c.note
    # GB 50180-2018: day care, nurseries and kindergartens in the 5-min tier, health centre in the 15-min one
    assert n.threshold("Q05") == 300 and n.threshold("Q06") == 300 and n.threshold("Q04") == 1000
    assert n.target_share == pytest.approx(0.85) and n.one_stop_min_area_m2 == 800


def test_bundled_profiles_list():
    profiles = bundled_profiles()
    assert profiles[0] == ("shanghai", "上海 十全十美 (Shanghai 2023)")
    assert [pid for pid, _ in profiles][:2] == ["shanghai", "national"]
    assert load_profile("Shanghai").id == "shanghai"  # ids are case-insensitive


def test_category_lookup_and_errors():
    p = load_profile("shanghai")
    assert p.category("q05").code == "Q05" and p.threshold(" m03 ") == 500
    with pytest.raises(LifeCircleError) as err:
        p.category("Q11")
    assert "Q11" in str(err.value) and "Q01" in str(err.value) and "M10" in str(err.value)


def test_with_thresholds():
    p = load_profile("shanghai")
    q = p.with_thresholds({"q05": 300, "M03": "800"})
    assert q.threshold("Q05") == 300 and q.threshold("M03") == 800
    assert p.threshold("Q05") == 500  # the original is unchanged
    assert q.codes == p.codes and q.category("Q05").name_zh == "为老服务"
    with pytest.raises(LifeCircleError, match="Q99"):
        p.with_thresholds({"Q99": 300})
    for bad in (0, -5, "abc", math.nan, math.inf, None):
        with pytest.raises(LifeCircleError, match="Q05") as err:
            p.with_thresholds({"Q05": bad})
        assert repr(bad) in str(err.value)


def _write_profile(path: Path, rows, encoding="utf-8-sig", header=checklist.PROFILE_COLUMNS):
    with open(path, "w", encoding=encoding, newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


#: a profile made before the ``serves`` column: still read, every category then serves everyone
OLD_COLUMNS = tuple(c for c in checklist.PROFILE_COLUMNS if c != "serves")


def test_who_categories_serve():
    s = load_profile("shanghai")
    assert {c.code: c.serves for c in s.categories if c.serves} == {"Q05": ("60+",), "Q06": ("0-3", "3-6"),
                                                                    "M03": ("6-12",)}
    n = load_profile("national")
    assert {c.code: c.serves for c in n.categories} == {c.code: c.serves for c in s.categories}


def test_unknown_group_names_row_and_column(tmp_path):
    path = tmp_path / "mine.csv"
    _write_profile(path, [["Q05", "为老服务", "", "十全", "", "300", "", "1", "老人", ""]])
    with pytest.raises(LifeCircleError, match=r"mine.csv, row 2, column 'serves': unknown population group '老人'"):
        load_profile(path)


def _rows_of(profile):
    return [[c.code, c.name_zh, c.name_en, c.tier, c.kind, c.threshold_m,
             "" if c.min_area_m2 is None else c.min_area_m2, int(c.one_stop), ";".join(c.serves), c.note]
            for c in profile.categories]


def test_user_profile_round_trip(tmp_path):
    s = load_profile("shanghai")
    rows = _rows_of(s)
    rows[4][5] = 350  # Q05
    rows = rows[10:] + rows[:10]  # order in the file does not matter: 十全 first, then by code
    path = tmp_path / "徐汇体检.csv"
    _write_profile(path, rows)  # with the BOM Excel writes
    (tmp_path / "徐汇体检.settings.csv").write_text(
        "key,value,note\nid,xuhui\nname_zh,徐汇\nname_en,Xuhui\ntarget_year,2035\n"
        "target_share_2025,0.85\ntarget_share_2035,0.99\none_stop_min_area_m2,1000\n", encoding="utf-8")
    u = load_profile(str(path))
    assert u.codes == s.codes
    assert u.threshold("Q05") == 350
    assert [c for c in u.categories if c.code != "Q05"] == [c for c in s.categories if c.code != "Q05"]
    assert (u.id, u.label, u.target_share, u.one_stop_min_area_m2) == ("xuhui", "徐汇 (Xuhui)", 0.99, 1000)
    assert u.small_point_min_m2 == 50 and u.source_path == str(path.resolve())


def test_user_profile_without_settings_and_in_gb18030(tmp_path):
    path = tmp_path / "mine.csv"
    _write_profile(path, [["q05", "为老服务", "", "十全", "", "300", "", "", ""],
                          ["", "", "", "", "", "", "", "", ""],
                          ["X1", "社区食堂", "Canteen", "十美", "品质提升", "1,000", "80", "是", "our own"]],
                   encoding="gb18030", header=OLD_COLUMNS)
    p = load_profile(path)
    assert p.id == "mine" and p.codes == ("Q05", "X1")
    assert p.category("Q05").name_en == "为老服务" and p.category("Q05").kind == "基础保障"
    assert p.threshold("X1") == 1000 and p.category("X1").one_stop and p.category("X1").min_area_m2 == 80
    assert (p.target_share, p.one_stop_min_area_m2, p.small_point_min_m2, p.small_point_max_m2) == (0.85, 800, 50, 200)


@pytest.mark.parametrize(
    "header, rows, expected",
    [
        (("code", "name_zh", "tier", "note"), [["Q01", "党群服务", "十全", ""]], ["row 1", "'threshold_m'"]),
        (checklist.PROFILE_COLUMNS, [["Q01", "党群服务", "", "十全", "", "1000", "", "0", ""],
                                     ["Q02", "社区议事", "", "十全", "", "五百", "", "0", ""]],
         ["row 3", "'threshold_m'", "五百"]),
        (checklist.PROFILE_COLUMNS, [["Q01", "党群服务", "", "十全", "", "1000", "", "0", ""],
                                     ["Q02", "社区议事", "", "十全", "", "500", "", "0", ""],
                                     ["q01", "again", "", "十全", "", "500", "", "0", ""]],
         ["row 4", "'code'", "Q01", "row 2"]),
        (checklist.PROFILE_COLUMNS, [["Q01", "党群服务", "", "十二", "", "1000", "", "0", ""]],
         ["row 2", "'tier'", "十二"]),
        (checklist.PROFILE_COLUMNS, [["Q01", "党群服务", "", "十全", "", "-3", "", "0", ""]],
         ["row 2", "'threshold_m'"]),
        (checklist.PROFILE_COLUMNS, [["Q01", "党群服务", "", "十全", "", "300", "big", "0", ""]],
         ["row 2", "'min_area_m2'"]),
        (checklist.PROFILE_COLUMNS, [["Q01", "党群服务", "", "十全", "", "300", "", "maybe", ""]],
         ["row 2", "'one_stop'"]),
    ],
    ids=["missing column", "bad number", "duplicate code", "unknown tier", "negative", "bad area", "bad flag"],
)
def test_bad_profile_csv_names_file_row_column(tmp_path, header, rows, expected):
    path = tmp_path / "bad.csv"
    _write_profile(path, rows, header=header)
    with pytest.raises(LifeCircleError) as err:
        load_profile(str(path))
    message = str(err.value)
    assert str(path) in message
    for part in expected:
        assert part in message


def test_bad_settings_and_unknown_profile(tmp_path):
    path = tmp_path / "p.csv"
    _write_profile(path, [["Q01", "党群服务", "", "十全", "", "1000", "", "0", ""]])
    settings = tmp_path / "p.settings.csv"
    settings.write_text("key,value\ntarget_share,1.5\n", encoding="utf-8")
    with pytest.raises(LifeCircleError, match=r"row 2, column 'value'"):
        load_profile(path)
    settings.write_text("key,value\ntarget_shar,0.9\n", encoding="utf-8")
    with pytest.raises(LifeCircleError, match="unknown setting 'target_shar'"):
        load_profile(path)
    settings.write_text("key,value\nsmall_point_min_m2,300\n", encoding="utf-8")
    with pytest.raises(LifeCircleError, match="small_point_min_m2"):
        load_profile(path)
    with pytest.raises(LifeCircleError) as err:
        load_profile("beijing")
    assert "shanghai" in str(err.value) and "national" in str(err.value)
    with pytest.raises(LifeCircleError, match="no categories"):
        _write_profile(tmp_path / "empty.csv", [])
        load_profile(tmp_path / "empty.csv")


# ------------------------------------------------------------------------------------------------------------
# THRESHOLDS parameter


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Q05=300, M03=800", {"Q05": 300.0, "M03": 800.0}),
        ("q05 = 300; m03=800", {"Q05": 300.0, "M03": 800.0}),
        ("Q05＝300，M03＝800", {"Q05": 300.0, "M03": 800.0}),
        ("Q05：300；M03:800米\nQ10=250m", {"Q05": 300.0, "M03": 800.0, "Q10": 250.0}),
        ("Q05=312.5", {"Q05": 312.5}),
        ("", {}),
        ("  ", {}),
        (None, {}),
    ],
)
def test_parse_thresholds(text, expected):
    assert parse_thresholds(text) == expected


@pytest.mark.parametrize(
    "text, item",
    [("Q05=300, M03", "M03"), ("Q05=abc", "Q05=abc"), ("Q05=-10", "Q05=-10"), ("Q05=0", "Q05=0"),
     ("300", "300"), ("Q05=300, q05=400", "Q05")],
)
def test_parse_thresholds_errors_name_the_item(text, item):
    with pytest.raises(LifeCircleError) as err:
        parse_thresholds(text)
    assert item in str(err.value)


def test_parsed_thresholds_apply_to_a_profile():
    p = load_profile("shanghai").with_thresholds(parse_thresholds("Q05=300，M03＝800"))
    assert (p.threshold("Q05"), p.threshold("M03")) == (300, 800)
    with pytest.raises(LifeCircleError, match="Q99"):
        load_profile("shanghai").with_thresholds(parse_thresholds("Q99=300"))


SOURCE_WORDS = ("GB 50180-2018", "TD/T 1062-2021", "上海", "MOFCOM", "Shanghai profile", "[interpretation")


def test_every_bundled_default_names_a_public_source():
    """No note cites a file a planner does not have (DESIGN.md, 'the brief', 'the issue'); every category note
    names a standard, a plan or says it is an interpretation; every value-carrying setting has a note."""
    for path in sorted(Path(checklist.STANDARDS_DIR).glob("*.csv")):
        text = path.read_text(encoding="utf-8-sig")
        for word in ("DESIGN.md", "brief", "the issue"):
            assert word not in text, (path.name, word)
        rows = list(csv.DictReader(text.splitlines()))
        for row in rows:
            if path.name.endswith(".settings.csv"):
                if row["key"] not in ("id", "name_zh", "name_en", "small_point_max_m2"):
                    assert row["note"].strip(), (path.name, row["key"])
            else:
                assert any(w in row["note"] for w in SOURCE_WORDS), (path.name, row)


def test_childcare_and_health_rows_measure_one_facility():
    for pid in ("shanghai", "national"):
        p = load_profile(pid)
        # a 托育点 of the '1+N' small points (50–200 m²) is enough for 保育托幼; a kindergarten's 3,150 m² is not asked
        assert p.category("Q06").min_area_m2 == 50 == p.small_point_min_m2
        # 医疗卫生 is the community health centre: its 15-min distance and its area
        q04 = p.category("Q04")
        assert (q04.threshold_m, q04.min_area_m2) == (1000, 1700) and "社区卫生服务中心" in q04.note
    assert "2024" in load_profile("shanghai").category("Q01").note


def test_centre_types_of_the_bundled_profiles():
    for pid in ("shanghai", "national"):
        p = load_profile(pid)
        assert [(t.type_zh, t.label_zh) for t in p.centre_types] == [("理想型", "全龄共享"), ("基本型", "服务老幼"),
                                                                     ("特色型", "特色功能")]
        assert all("[interpretation" in t.note for t in p.centre_types)
        assert p.one_stop_codes == ("Q01", "Q02", "Q04", "Q05", "Q07")
        one_stop = set(p.one_stop_codes)
        assert p.centre_type(one_stop, 900).type_zh == "特色型"
        assert p.centre_type(one_stop | {"M03"}, 900).type_zh == "基本型"
        assert p.centre_type(one_stop | {"Q06", "M04", "M06"}, float("nan")).type_zh == "理想型"
        assert p.centre_type(one_stop - {"Q05"} | {"Q06"}, 900) is None


def test_centre_rules_of_a_user_profile_and_their_errors(tmp_path):
    path = tmp_path / "mine.csv"
    _write_profile(path, _rows_of(load_profile("shanghai")))
    centres = tmp_path / "mine.centres.csv"
    centres.write_text("\ufefftype,label_zh,name_en,requires,min_area_m2,note\n"
                       "大型,,Large,one_stop;保育托幼|m03,1500,ours\n小型,,,Q01,,\n", encoding="utf-8")
    p = load_profile(path)
    large, small = p.centre_types
    assert large.requires == (("Q01",), ("Q02",), ("Q04",), ("Q05",), ("Q07",), ("M03", "Q06"))
    assert large.min_area_m2 == 1500 and small.name_en == "小型" and small.min_area_m2 is None
    assert p.centre_type(set(p.one_stop_codes) | {"Q06"}, 1000).type_zh == "小型"  # below 1,500 m²
    for rows, expected in [("大型,,,Q01;X9,,", ["row 2", "'requires'", "X9"]),
                           ("大型,,,,,", ["row 2", "'requires'"]),
                           ("大型,,,Q01,big,", ["row 2", "'min_area_m2'", "big"]),
                           (",,,Q01,,", ["row 2", "'type'"])]:
        centres.write_text("type,label_zh,name_en,requires,min_area_m2,note\n" + rows + "\n", encoding="utf-8")
        with pytest.raises(LifeCircleError) as err:
            load_profile(path)
        assert str(centres) in str(err.value)
        for part in expected:
            assert part in str(err.value)


def test_parse_functions():
    p = load_profile("shanghai")
    assert checklist.parse_functions("Q01;q02, Q05、为老服务 文化活动；Ｍ０３", p) == ({"Q01", "Q02", "Q05", "Q07", "M03"}, [])
    assert checklist.parse_functions("Q01;食堂;X9", p) == ({"Q01"}, ["食堂", "X9"])
    assert checklist.parse_functions(None, p) == (set(), [])


def test_parse_unit_type_profiles():
    assert checklist.parse_unit_type_profiles("乡村=national； 产业＝D:/体检/industrial.csv\n") == {
        "乡村": "national", "产业": "D:/体检/industrial.csv"}
    assert checklist.parse_unit_type_profiles("") == {} and checklist.parse_unit_type_profiles(None) == {}
    with pytest.raises(LifeCircleError, match="乡村national"):
        checklist.parse_unit_type_profiles("乡村national")
    with pytest.raises(LifeCircleError, match="twice"):
        checklist.parse_unit_type_profiles("乡村=national; 乡村=shanghai")


def test_link_walk_and_target_label_settings(tmp_path):
    s = load_profile("shanghai")
    assert s.small_point_link_m == 1000 and s.target_label == "2025"
    n = load_profile("national")
    assert n.small_point_link_m == 1000 and n.target_label == ""
    path = tmp_path / "p.csv"
    _write_profile(path, [["Q01", "党群服务", "", "十全", "", "1000", "", "1", ""]])
    (tmp_path / "p.settings.csv").write_text("key,value\nsmall_point_link_m,500\ntarget_share_2030,0.9\n",
                                             encoding="utf-8")
    p = load_profile(path)
    assert (p.small_point_link_m, p.target_label, p.target_share, p.centre_types) == (500, "2030", 0.9, ())
    (tmp_path / "p.settings.csv").write_text("key,value\nsmall_point_link_m,far\n", encoding="utf-8")
    with pytest.raises(LifeCircleError, match=r"row 2, column 'value'.*small_point_link_m"):
        load_profile(path)


# ------------------------------------------------------------------------------------------------------------
# mapping tables


def _table(name):
    with open(MAPPINGS / name, encoding="utf-8-sig", newline="") as f:
        return {(r["source"], r["pattern"]): r for r in csv.DictReader(f)}


@pytest.fixture(scope="module")
def mapper():
    return load_mapping()


# (value, expected code, the table row that decides it: (file, source, pattern) or None for pass-through)
TABLE_CASES = [
    ("090100", "Q04", ("amap.csv", "amap_code", "0901")),
    ("141204", "Q06", ("amap.csv", "amap_code", "141204")),
    ("060705", "Q03", ("amap.csv", "amap_code", "060705")),
    ("080111", "M04", ("amap.csv", "amap_code", "080111")),
    ("090201", None, ("amap.csv", "amap_code", "090201")),
    ("200400", "Q09", ("amap.csv", "amap_code", "200400")),
    ("医疗保健服务;综合医院;三级甲等医院", "Q04", ("amap.csv", "amap_name", "医疗保健服务;综合医院")),
    ("科教文化服务;图书馆;图书馆", "M02", ("amap.csv", "amap_name", "科教文化服务;图书馆;图书馆")),
    ("生活服务;养老服务", "Q05", ("amap.csv", "amap_name", "养老")),
    ("amenity=clinic", "Q04", ("osm.csv", "osm", "amenity=clinic")),
    ("amenity=kindergarten", "Q06", ("osm.csv", "osm", "amenity=kindergarten")),
    ("social_facility=nursing_home", "Q05", ("osm.csv", "osm", "social_facility=nursing_home")),
    ("amenity=social_facility;social_facility:for=senior", "Q05",
     ("osm.csv", "osm", "amenity=social_facility;social_facility:for=senior")),
    ("leisure=park", "Q10", ("osm.csv", "osm", "leisure=park")),
    ("leisure=garden", "M01", ("osm.csv", "osm", "leisure=garden")),
    ("leisure=fitness_station", "Q08", ("osm.csv", "osm", "leisure=fitness_station")),
    ("shop=greengrocer", "Q03", ("osm.csv", "osm", "shop=greengrocer")),
    ("amenity=marketplace", "Q03", ("osm.csv", "osm", "amenity=marketplace")),
    ("amenity=library", "M02", ("osm.csv", "osm", "amenity=library")),
    ("amenity=community_centre", "Q01", ("osm.csv", "osm", "amenity=community_centre")),
    ("emergency=defibrillator", "Q09", ("osm.csv", "osm", "emergency=defibrillator")),
    ("amenity=waste_transfer_station", "M10", ("osm.csv", "osm", "amenity=waste_transfer_station")),
]


@pytest.mark.parametrize("value, code, row", TABLE_CASES, ids=[c[0] for c in TABLE_CASES])
def test_values_map_as_the_tables_say(mapper, value, code, row):
    file, source, pattern = row
    entry = _table(file)[(source, pattern)]
    assert entry["code"] == (code or "-")
    assert mapper.code_for(value) == code
    rule = mapper.rule_for(value)
    assert (rule.source, rule.pattern) == (source, pattern)


def test_bundled_tables_are_large_enough_and_valid(mapper):
    amap, osm = _table("amap.csv"), _table("osm.csv")
    assert len(amap) >= 60 and len(osm) >= 50
    assert sum(1 for s, _ in amap if s == "amap_code") >= 50
    codes = set(load_profile("shanghai").codes) | {"-"}
    assert {r["code"] for r in amap.values()} <= codes and {r["code"] for r in osm.values()} <= codes
    assert all(r["note"] for r in list(amap.values()) + list(osm.values()))
    assert len(mapper.rules) == len(amap) + len(osm)
    for path in [*MAPPINGS.glob("*.csv"), *Path(checklist.STANDARDS_DIR).glob("*.csv")]:
        assert path.read_bytes().startswith(b"\xef\xbb\xbf"), f"{path.name}: keep the BOM so Excel shows Chinese"


def test_value_forms(mapper):
    assert mapper.code_for("q05") == "Q05" and mapper.code_for(" M10 ") == "M10"  # codes pass through
    assert mapper.code_for(None) is None and mapper.code_for("") is None and mapper.code_for("  ") is None
    assert mapper.code_for(math.nan) is None and mapper.code_for(True) is None
    assert mapper.code_for(90100) == "Q04" and mapper.code_for(90100.0) == "Q04"  # lost leading zero
    assert mapper.code_for("070000|060200") == "Q03"  # first alternative that maps
    assert mapper.code_for("090201|090300") == "Q04"  # an excluded alternative does not stop the others
    assert mapper.code_for("生活服务;生活服务场所;生活服务场所|购物服务;超级市场;超市") == "Q03"
    assert mapper.code_for('"name"=>"某诊所","amenity"=>"clinic"') == "Q04"  # GDAL other_tags
    assert mapper.code_for("shop=bakery;convenience") == "Q03"  # OSM value list
    assert mapper.code_for({"amenity": "library", "name": "x"}) == "M02"
    assert mapper.code_for("AMENITY = Clinic") == "Q04"


def test_precedence(mapper):
    # exact beats prefix
    assert mapper.code_for("080111") == "M04" and mapper.code_for("080101") == "Q08"
    assert mapper.code_for("医疗保健服务;专科医院;整形美容") is None
    assert mapper.code_for("医疗保健服务;专科医院;口腔医院") == "Q04"
    # prefix beats keyword: the 运动场馆 prefix (Q08) although the keyword 健身中心 says M04 …
    assert mapper.code_for("健身中心连锁") == "M04"
    assert mapper.code_for("体育休闲服务;运动场馆;健身中心连锁") == "Q08"
    # … and the longest keyword wins
    assert mapper.code_for("老年大学") == "M02" and mapper.code_for("老年活动室") == "Q05"
    assert mapper.code_for("宠物医院") is None and mapper.code_for("社区医院") == "Q04"
    assert mapper.code_for("湿地公园") == "M01" and mapper.code_for("口袋公园") == "Q10"
    # OSM: the rule needing more tags wins, then the tag that comes first
    assert mapper.code_for("amenity=kindergarten;after_school=yes") == "M03"
    assert mapper.code_for("amenity=community_centre;community_centre:for=senior") == "Q05"
    assert mapper.code_for("leisure=park;access=private") is None
    assert mapper.code_for("amenity=clinic;amenity=pharmacy") == "Q04"
    assert mapper.code_for("amenity=pharmacy;amenity=clinic") == "Q03"


def test_longest_prefix_and_keyword_ties():
    rules = [
        MappingRule("amap_code", "09", "prefix", "Q04"),
        MappingRule("amap_code", "0906", "prefix", "Q03"),
        MappingRule("amap_name", "养老", "keyword", "Q05"),
        MappingRule("amap_name", "社区", "keyword", "Q01"),
        MappingRule("code", "社区", "keyword", "Q02", user=True),  # same keyword from a user: replaces
        MappingRule("amap_name", "服务", "keyword", "M05"),
    ]
    m = CategoryMapper(rules, {"Q01", "Q02", "Q03", "Q04", "Q05", "M05"})
    assert m.code_for("090601") == "Q03" and m.code_for("090300") == "Q04" and m.code_for("100000") is None
    assert m.code_for("社区养老") == "Q02"  # equal length: the user rule first
    assert m.code_for("养老服务") == "Q05"  # equal length: the earlier row first


def test_profile_without_some_categories():
    ten = {f"Q{i:02d}" for i in range(1, 11)}
    m = load_mapping(valid_codes=ten)
    assert m.code_for("080101") == "Q08"
    assert m.code_for("080111") is None  # M04 is not in the profile: unmapped, not the 0801 prefix's Q08
    assert m.code_for("M04") is None and m.code_for("amenity=library") is None
    with pytest.raises(LifeCircleError, match="M04"):
        CategoryMapper([MappingRule("code", "gym", "exact", "M04", user=True)], ten)


def test_unknown_values_are_counted(mapper):
    codes, unmapped = mapper.map_values(
        ["Q01", "餐饮服务;中餐厅;川菜", "餐饮服务;中餐厅;川菜", None, "", "amenity=restaurant", "090201", "141204"]
    )
    assert codes == ["Q01", None, None, None, None, None, None, "Q06"]
    assert unmapped == {"餐饮服务;中餐厅;川菜": 2, "": 2, "amenity=restaurant": 1, "090201": 1}


def test_user_table_overrides(tmp_path):
    user = tmp_path / "ours.csv"
    user.write_text(
        "\ufeffsource,pattern,match,code,note\n"
        "osm,amenity=community_centre,exact,Q02,our community centres are 居委 rooms\n"
        "code,日间照料中心,exact,q05,our own labels\n"
        "amap_code,0801,prefix,-,we count sports grounds by hand\n"
        "amap_name,医院,keyword,-,no hospitals please\n"
        "amap_code,90300,exact,Q05,Excel dropped the zero\n",
        encoding="utf-8",
    )
    m = load_mapping(user_table=str(user))
    assert m.code_for("amenity=community_centre") == "Q02"
    assert m.rule_for("amenity=community_centre").user
    assert m.code_for("日间照料中心") == "Q05"
    assert m.code_for("080101") is None and m.code_for("080111") == "M04"  # the exact bundled row still wins
    assert m.code_for("社区医院") is None
    assert m.code_for("090300") == "Q05"
    assert load_mapping().code_for("amenity=community_centre") == "Q01"  # bundled tables untouched


def test_sources_option(tmp_path):
    osm_only = load_mapping("osm")
    assert osm_only.code_for("amenity=clinic") == "Q04"
    assert osm_only.code_for("090100") is None and osm_only.code_for("Q05") is None
    amap_codes = load_mapping("codes, amap")
    assert amap_codes.code_for("Q05") == "Q05" and amap_codes.code_for("amenity=clinic") is None
    user = tmp_path / "u.csv"
    user.write_text("source,pattern,match,code,note\ncode,卫生站,exact,Q04,\n", encoding="utf-8")
    only_user = load_mapping("none", user_table=user)
    assert only_user.code_for("卫生站") == "Q04" and only_user.code_for("amenity=clinic") is None
    with pytest.raises(LifeCircleError, match="baidu"):
        load_mapping("amap,baidu")
    with pytest.raises(LifeCircleError, match="does not exist"):
        load_mapping(user_table=tmp_path / "missing.csv")


@pytest.mark.parametrize(
    "row, expected",
    [
        ("amap_code,0903,prefix,Q44,", ["row 2", "Q44"]),
        ("baidu,0903,prefix,Q04,", ["row 2", "'source'", "baidu"]),
        ("amap_code,0903,keyword,Q04,", ["row 2", "'match'", "keyword"]),
        ("osm,amenity,exact,Q04,", ["row 2", "'pattern'", "amenity"]),
        ("amap_code,09A3,exact,Q04,", ["row 2", "'pattern'", "09A3"]),
        ("osm,amenity=clinic,exact,,", ["row 2", "'code'", "'-'"]),
    ],
    ids=["unknown code", "unknown source", "keyword on codes", "osm without value", "letters in code", "empty code"],
)
def test_bad_mapping_table_names_file_and_row(tmp_path, row, expected):
    path = tmp_path / "bad_mapping.csv"
    path.write_text("source,pattern,match,code,note\n" + row + "\n", encoding="utf-8")
    with pytest.raises(LifeCircleError) as err:
        load_mapping(user_table=path)
    message = str(err.value)
    assert str(path) in message
    for part in expected:
        assert part in message


def test_duplicate_and_missing_columns_in_mapping_tables(tmp_path):
    dup = tmp_path / "dup.csv"
    dup.write_text("source,pattern,match,code,note\nosm,amenity=clinic,exact,Q04,\nosm,amenity = clinic,exact,Q03,\n",
                   encoding="utf-8")
    with pytest.raises(LifeCircleError, match=r"row 3.*already mapped on row 2"):
        load_mapping(user_table=dup)
    nocol = tmp_path / "nocol.csv"
    nocol.write_text("source,pattern,code\nosm,amenity=clinic,Q04\n", encoding="utf-8")
    with pytest.raises(LifeCircleError, match=r"row 1: missing column 'match'"):
        load_mapping(user_table=nocol)
