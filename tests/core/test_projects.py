"""The annual project list's core (no QGIS): schema, ids, validation, rollover, drafts from siting, totals."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from lifecircle.lifecircle_plugin.core import projects as P
from lifecircle.lifecircle_plugin.core.errors import LifeCircleError

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "sample" / "sample_district.gpkg"
NOW = dt.datetime(2026, 12, 20, 9, 30)

# the field list of DESIGN.md ("The annual project list"), in its order
DESIGN_FIELDS = ["project_id", "year", "district", "subdistrict", "unit_id", "name", "category", "kind", "content",
                 "path", "implementer", "funding", "investment", "start_date", "end_date", "design_team",
                 "community_planner", "status", "progress", "hearing_date", "coordination_date", "evaluation_date",
                 "remarks", "updated_at"]
#: issue 19: the programme office's fields, in the order of the schema
PROGRAMME_FIELDS = ["project_source", "budget_year", "fund_fiscal", "fund_social", "fund_other", "actual_start",
                    "actual_end", "hearing_attendance", "notice_start", "notice_end", "voters", "votes_for",
                    "votes_against", "votes_abstain", "satisfaction", "feedback"]


def sample_projects() -> list[dict]:
    """The sample district's 2026 list, read with sqlite3 (independent of the plugin's readers)."""
    con = sqlite3.connect(f"file:{SAMPLE}?mode=ro", uri=True)  # never touch the bundled file
    con.row_factory = sqlite3.Row
    rows = [dict(r) for r in con.execute("SELECT * FROM projects ORDER BY fid")]
    con.close()
    for r in rows:
        r.pop("geom", None)
        r.pop("fid", None)
    return rows


def valid_project(**over) -> dict:
    p = P.new_project(year=2026, now=NOW, project_id="2026-东湖-001", district="示例区", subdistrict="东湖街道",
                      name="东湖嵌入式托育点", category="Q06", path="功能置换", investment=420.0,
                      start_date=dt.date(2026, 3, 1), end_date=dt.date(2026, 10, 31), status="在建", progress=45)
    p.update(over)
    return p


# ------------------------------------------------------------------------------------------------------------
# schema


def test_schema_has_the_design_fields_in_order_plus_previous_id():
    assert list(P.FIELD_NAMES) == DESIGN_FIELDS + ["previous_id"] + PROGRAMME_FIELDS
    assert P.LAYER_FIELDS == tuple(DESIGN_FIELDS)  # previous_id and the programme are optional in existing layers
    assert all(P.field_spec(n).optional_in_layer for n in ["previous_id"] + PROGRAMME_FIELDS)
    # every field has a Chinese and an English alias, and the Chinese ones are distinct
    assert all(f.alias_zh and f.alias_en for f in P.FIELDS)
    assert len({f.alias_zh for f in P.FIELDS}) == len(P.FIELDS)
    assert P.field_spec("investment").alias_zh == "投资估算（万元）"
    assert P.field_spec("hearing_date").alias_zh == "听证会"
    assert P.REQUIRED_FIELDS == ("project_id", "year", "subdistrict", "name", "category", "status")
    assert [f.name for f in P.FIELDS if f.unique] == ["project_id"]
    with pytest.raises(LifeCircleError, match="not a field"):
        P.field_spec("budget")


def test_value_lists_match_design():
    assert P.PATHS == ("新建", "改扩建", "更新改造", "功能置换", "开放共享", "分时利用")
    assert P.STATUSES == ("谋划", "前期", "在建", "完工", "运营", "取消")
    assert P.KINDS == ("基础保障", "品质提升")
    codes = P.category_codes()
    assert codes == tuple(f"Q{i:02d}" for i in range(1, 11)) + tuple(f"M{i:02d}" for i in range(1, 11))
    choices = P.value_choices("category")
    assert choices[4] == ("Q05 为老服务", "Q05") and choices[-1] == ("M10 市政环保", "M10")
    assert P.value_choices("category", "en")[0] == ("Q01 Party & public service", "Q01")
    assert P.value_choices("status")[0] == ("谋划", "谋划")
    assert P.value_choices("status", "en")[2] == ("在建 Under construction", "在建")
    assert P.value_choices("name") == []
    assert P.kind_for_category("Q10") == "基础保障" and P.kind_for_category("M01") == "品质提升"
    assert P.kind_for_category("X99") is None


def test_sample_layer_has_the_schema_and_valid_values():
    rows = sample_projects()
    assert len(rows) == 21
    assert set(rows[0]) == set(DESIGN_FIELDS) | set(PROGRAMME_FIELDS)
    ids = [r["project_id"] for r in rows]
    assert P.duplicate_ids(ids) == {}
    for r in rows:
        others = [i for i in ids if i != r["project_id"]]
        assert P.validate_project(r, other_ids=others) == [], r["project_id"]


@pytest.mark.parametrize("raw, code", [
    ("Q05", "Q05"), ("q5", "Q05"), (" M09 ", "M09"), ("Q05 为老服务", "Q05"), ("为老服务", "Q05"),
    ("Q05;Q06", "Q05"), ("lc_Q08", "Q08"), ("Nature & ecology", "M01"), ("Q11", None), ("", None), (None, None),
    ("养老院", None),
])
def test_parse_category(raw, code):
    assert P.parse_category(raw) == code


# ------------------------------------------------------------------------------------------------------------
# ids


@pytest.mark.parametrize("name, short", [("东湖街道", "东湖"), ("朱家角镇", "朱家角"), ("东湖", "东湖"),
                                         ("石湖荡镇", "石湖荡"), ("新虹街道办事处", "新虹"), ("镇", "镇"), (" 西岸 街道", "西岸")])
def test_subdistrict_short_name(name, short):
    assert P.subdistrict_short_name(name) == short


def test_next_project_id_continues_the_sequence_per_year_and_subdistrict():
    existing = ["2026-东湖-001", "2026-东湖-011", "2026-西岸-020", "2027-东湖-002", "custom-id", None]
    assert P.next_project_id(2026, "东湖街道", existing) == "2026-东湖-012"
    assert P.next_project_id(2026, "西岸街道", existing) == "2026-西岸-021"
    assert P.next_project_id(2027, "东湖", existing) == "2027-东湖-003"
    assert P.next_project_id(2028, "东湖街道", existing) == "2028-东湖-001"
    assert P.parse_project_id("2026-东湖-012") == (2026, "东湖", 12)
    assert P.parse_project_id("2026-东湖") is None
    with pytest.raises(LifeCircleError, match="街镇"):
        P.next_project_id(2026, "", existing)


def test_ids_on_the_sample_follow_the_scheme():
    rows = sample_projects()
    for r in rows:
        year, short, seq = P.parse_project_id(r["project_id"])
        assert year == r["year"] and short == P.subdistrict_short_name(r["subdistrict"]) and seq >= 1
    ids = [r["project_id"] for r in rows]
    # 11 projects in 东湖, 10 in 西岸
    assert P.next_project_id(2026, "东湖街道", ids) == "2026-东湖-012"
    assert P.next_project_id(2026, "西岸街道", ids) == "2026-西岸-011"


def test_duplicate_ids():
    assert P.duplicate_ids(["a", "b", "a ", None, "", " ", "c", "b", "a"]) == {"a": 3, "b": 2}


# ------------------------------------------------------------------------------------------------------------
# validation


def fields_of(problems):
    return [p.field for p in problems]


def test_a_valid_project_has_no_problems():
    assert P.validate_project(valid_project()) == []
    # raw values as a form or a spreadsheet holds them are read
    raw = valid_project(year="2026", investment="1,200.5", progress="45%", start_date="2026/3/1",
                        end_date="2026年10月31日", category="Q06 保育托幼")
    assert P.validate_project(raw) == []


def test_required_fields_are_named():
    problems = P.validate_project({"project_id": " ", "year": None, "status": "", "progress": "x"})
    assert fields_of(problems) == ["project_id", "year", "subdistrict", "name", "category", "status", "progress"]
    assert problems[3].message == "项目名称 (name): required, please fill it in"


@pytest.mark.parametrize("over, field, text", [
    ({"investment": -5}, "investment", "投资估算（万元） (investment): must be 0 or more, not -5"),
    ({"investment": "abc"}, "investment", "'abc' is not a number"),
    ({"progress": 101}, "progress", "进度（%） (progress): must be between 0 and 100, not 101"),
    ({"progress": -1}, "progress", "between 0 and 100"),
    ({"progress": 45.5}, "progress", "not a whole number"),
    ({"year": 1999}, "year", "between 2000 and 2100"),
    ({"end_date": dt.date(2026, 2, 28)}, "end_date",
     "计划完工 (end_date): 2026-02-28 is before the start 计划开工 (start_date) 2026-03-01"),
    ({"start_date": "2026-02-30"}, "start_date", "'2026-02-30' is not a date"),
    ({"category": "Q11"}, "category", "设施类别 (category): 'Q11' is not one of Q01 / Q02"),
    ({"status": "已完成"}, "status", "'已完成' is not one of 谋划 / 前期 / 在建 / 完工 / 运营 / 取消"),
    ({"path": "拆除"}, "path", "实施路径 (path): '拆除' is not one of"),
    ({"kind": "品质提升"}, "kind", "Q06 is a 十全 category, so the kind is 基础保障"),
])
def test_bad_values_are_named(over, field, text):
    problems = P.validate_project(valid_project(**over))
    assert fields_of(problems) == [field], problems
    assert text in problems[0].message


def test_end_equal_to_start_is_fine_and_missing_dates_are_not_compared():
    assert P.validate_project(valid_project(end_date=dt.date(2026, 3, 1))) == []
    assert P.validate_project(valid_project(start_date=None)) == []


def test_taken_id_is_refused():
    problems = P.validate_project(valid_project(), other_ids=["2026-东湖-002", "2026-东湖-001 "])
    assert fields_of(problems) == ["project_id"]
    assert "already used" in problems[0].message
    assert P.validate_project(valid_project(), other_ids=["2026-东湖-002"]) == []


def test_coerce_values():
    values, problems = P.coerce_project({"year": 2026.0, "investment": "1,234.5万元", "unit_id": 12.0,
                                         "start_date": 46082, "updated_at": "2026-06-30T17:30:00",
                                         "not_a_field": 1, "category": "为老服务"})
    assert problems == []
    assert values == {"year": 2026, "investment": 1234.5, "unit_id": "12", "start_date": dt.date(2026, 3, 1),
                      "updated_at": dt.datetime(2026, 6, 30, 17, 30), "category": "Q05"}


def test_new_project_defaults():
    p = P.new_project(now=NOW)
    assert p["year"] == 2026 and p["status"] == "谋划" and p["progress"] == 0 and p["updated_at"] == NOW
    assert set(p) == set(P.FIELD_NAMES)
    assert P.new_project(year=2027, category="M03", now=NOW)["kind"] == "品质提升"


# ------------------------------------------------------------------------------------------------------------
# rollover


def test_rollover_on_the_sample_district():
    rows = sample_projects()
    plan = P.plan_rollover(rows, 2026, now=NOW)
    unfinished = [r for r in rows if r["status"] in ("谋划", "前期", "在建")]
    assert len(unfinished) == 14  # 2 谋划 + 5 前期 + 7 在建 in the sample
    assert sorted(plan.finished) == sorted(r["project_id"] for r in rows if r["status"] in ("完工", "运营"))
    assert plan.cancelled == ["2026-东湖-010"]
    assert len(plan.new_projects) == 14 and plan.to_year == 2027
    by_old = {n["previous_id"]: n for n in plan.new_projects}
    assert set(by_old) == {r["project_id"] for r in unfinished}
    # new ids: per 街镇, numbered from 001 in the order of the old ids
    for sd in ("东湖", "西岸"):
        olds = sorted(r["project_id"] for r in unfinished if r["project_id"].split("-")[1] == sd)
        assert [by_old[o]["project_id"] for o in olds] == [f"2027-{sd}-{i:03d}" for i in range(1, len(olds) + 1)]
    for r in unfinished:
        new = by_old[r["project_id"]]
        assert new["year"] == 2027 and new["updated_at"] == NOW
        for name in DESIGN_FIELDS:
            if name not in ("project_id", "year", "updated_at"):
                assert new[name] == r.get(name), name
    # the plan's sources point back at the input rows
    assert [rows[i]["project_id"] for i in plan.sources] == [n["previous_id"] for n in plan.new_projects]
    assert "14 unfinished project(s) of 2026 roll into 2027" in plan.summary()


def test_rollover_twice_changes_nothing_and_continues_numbering():
    rows = sample_projects()
    plan = P.plan_rollover(rows, 2026, now=NOW)
    after = rows + plan.new_projects
    again = P.plan_rollover(after, 2026, now=NOW)
    assert again.new_projects == [] and len(again.already_rolled) == 14
    # a project planned for 2027 already takes 2027-东湖-001: rolled ones come after it
    planned = valid_project(project_id="2027-东湖-001", year=2027, status="谋划")
    plan2 = P.plan_rollover(rows + [planned], 2026, now=NOW)
    dong = sorted(n["project_id"] for n in plan2.new_projects if "东湖" in n["project_id"])
    assert dong[0] == "2027-东湖-002"
    # the 2027 projects roll on into 2028 in turn
    plan3 = P.plan_rollover(after, 2027, now=NOW)
    assert len(plan3.new_projects) == 14 and all(n["previous_id"].startswith("2027-") for n in plan3.new_projects)


def test_rollover_refuses_duplicate_ids_and_missing_subdistrict():
    rows = sample_projects()
    rows[3]["project_id"] = rows[2]["project_id"]
    with pytest.raises(LifeCircleError, match=r"duplicate project ids: 2026-东湖-003 \(×2\)"):
        P.plan_rollover(rows, 2026)
    rows = sample_projects()
    rows[0]["subdistrict"] = None
    with pytest.raises(LifeCircleError, match="街镇 \\(subdistrict\\) is empty for 2026-东湖-001"):
        P.plan_rollover(rows, 2026)


def test_rollover_leaves_unknown_status_alone():
    rows = [valid_project(status=None), valid_project(project_id="2026-东湖-002", status="暂停")]
    plan = P.plan_rollover(rows, 2026, now=NOW)
    assert plan.new_projects == [] and plan.unknown_status == ["2026-东湖-001", "2026-东湖-002"]


# ------------------------------------------------------------------------------------------------------------
# drafts from siting


# what lifecircle:siting writes when its candidates are lifecircle:potentialspace output (parcel fields, the
# potential-space fields, then the siting fields), as in processing/siting.py and processing/potential_space.py
SITING_ON_POTENTIAL = (["fid", "parcel_id", "block_id", "subdistrict", "land_use", "status", "far", "building_year",
                        "ownership", "area_m2", "remark", "kinds", "main_kind", "rules", "area_used", "clipped_m2",
                        "constraint", "in_res_zone", "ref_far", "access_m"]
                       + [f"u_{c}" for c in ("Q01", "Q05", "M03")]
                       + ["need", "fits", "gaps", "gaps_zh", "s_kind", "s_need", "s_area", "s_owner", "score", "rank",
                          "reason", "lc_rank", "lc_site_id", "lc_code", "new_pop", "cum_pop", "cum_share",
                          "reach_pop", "assign_pop", "mean_dist", "saving_m", "lc_reason", "model", "solver"])


def test_guess_site_fields_on_siting_output():
    g = P.guess_site_fields(SITING_ON_POTENTIAL)
    assert g == {"category": "lc_code", "rank": "lc_rank", "newly_covered": "new_pop", "reason": "lc_reason",
                 "subdistrict": "subdistrict", "unit_id": None, "site_id": "lc_site_id", "name": None, "path": None,
                 "needs": None, "asks": None}
    # potential-space parcels drafted directly: the gaps they can fill, their rank and reason, the need
    potential = SITING_ON_POTENTIAL[:SITING_ON_POTENTIAL.index("lc_rank")]
    g = P.guess_site_fields(potential)
    assert (g["category"], g["rank"], g["reason"], g["newly_covered"], g["site_id"]) == (
        "gaps", "rank", "reason", "need", "parcel_id")
    # short candidates only match whole names or prefixes ("cat" does not match "location")
    assert P.guess_site_fields(["location", "postcode"])["category"] is None


def test_guess_site_fields():
    g = P.guess_site_fields(["fid", "site_id", "rank", "lc_code", "newly_covered_pop", "cum_covered", "reason"])
    assert g["category"] == "lc_code" and g["rank"] == "rank" and g["newly_covered"] == "newly_covered_pop"
    assert g["reason"] == "reason" and g["site_id"] == "site_id" and g["name"] is None
    g = P.guess_site_fields(["parcel_id", "category", "marginal", "理由", "subdistrict", "name"])
    assert g == {"category": "category", "rank": None, "newly_covered": "marginal", "reason": "理由",
                 "subdistrict": "subdistrict", "unit_id": None, "site_id": "parcel_id", "name": "name", "path": None,
                 "needs": None, "asks": None}
    g = P.guess_site_fields(["RANK", "Category_Code", "Reasons"])
    assert g["rank"] == "RANK" and g["category"] == "Category_Code" and g["reason"] == "Reasons"


def test_drafts_from_sites():
    sites = [
        {"site_id": "P0102", "rank": 2, "lc_code": "Q05", "newly_covered": 1830.0, "reason": "闲置仓库"},
        {"site_id": "P0007", "rank": 1, "lc_code": "Q05 为老服务", "newly_covered": 2650.4, "reason": None},
        {"site_id": "P0200", "rank": 3, "lc_code": None, "newly_covered": 90},
        {"site_id": "P0300", "rank": 4, "lc_code": "Q05", "newly_covered": 50},
    ]
    mapping = P.guess_site_fields(list(sites[0]))
    result = P.drafts_from_sites(sites, mapping, year=2027, existing_ids=["2027-东湖-001"],
                                 subdistricts=["东湖街道", "东湖街道", "西岸街道", None], unit_ids=["U1", None, None, None],
                                 district="示例区", now=NOW)
    # by rank; the site without a category and the one without a 街镇 are skipped and named
    assert result.sources == [1, 0]
    assert result.skipped == ["site P0200: no category",
                              "site P0300: no 街镇 (choose a units layer, or a 街镇 field on the sites)"]
    first, second = result.projects
    assert first["project_id"] == "2027-东湖-002" and second["project_id"] == "2027-东湖-003"
    assert first["category"] == "Q05" and first["kind"] == "基础保障" and first["status"] == "谋划"
    assert first["progress"] == 0 and first["year"] == 2027 and first["district"] == "示例区"
    assert first["name"] == "为老服务设施（选址第 1 位）"
    assert first["remarks"] == "选址推荐第 1 位；新增覆盖 2,650 人；来源：P0007"
    assert second["remarks"] == "选址推荐第 2 位；新增覆盖 1,830 人；理由：闲置仓库；来源：P0102"
    assert second["unit_id"] == "U1" and first["unit_id"] is None
    for p in result.projects:
        assert P.validate_project(p) == []
    # a run for one category: sites without a category field take the default
    result = P.drafts_from_sites([{"name": "东湖幸福里"}, {"name": "无街镇"}], {"name": "name"}, year=2027,
                                 existing_ids=[], subdistricts=["东湖街道"], default_category="Q05", now=NOW)
    assert result.projects[0]["name"] == "东湖幸福里" and result.projects[0]["category"] == "Q05"
    assert result.skipped == ["site #2: no 街镇 (choose a units layer, or a 街镇 field on the sites)"]


def test_drafts_carry_the_needs_they_answer():
    sites = [{"lc_rank": 1, "lc_code": "Q05", "new_pop": 900, "lc_needs": 12.0, "lc_asks": "没有养老院；希望有长者食堂"},
             {"lc_rank": 2, "lc_code": "Q05", "new_pop": 300, "lc_needs": 0.0, "lc_asks": None}]
    mapping = P.guess_site_fields(list(sites[0]))
    assert (mapping["needs"], mapping["asks"]) == ("lc_needs", "lc_asks")
    result = P.drafts_from_sites(sites, mapping, year=2027, existing_ids=[], subdistricts=["东湖街道"] * 2, now=NOW)
    assert result.projects[0]["remarks"] == "选址推荐第 1 位；新增覆盖 900 人；回应居民诉求 12 票：没有养老院；希望有长者食堂"
    assert result.projects[1]["remarks"] == "选址推荐第 2 位；新增覆盖 300 人"


# ------------------------------------------------------------------------------------------------------------
# totals


def test_totals_on_the_sample():
    rows = sample_projects()
    t = P.totals(rows)
    assert t.count == 21
    assert t.investment == pytest.approx(sum(r["investment"] for r in rows))
    assert t.active_investment == pytest.approx(sum(r["investment"] for r in rows if r["status"] != "取消"))
    assert list(t.by_status) == ["谋划", "前期", "在建", "完工", "运营", "取消"]
    for status, (n, inv) in t.by_status.items():
        mine = [r for r in rows if r["status"] == status]
        assert n == len(mine) and inv == pytest.approx(sum(r["investment"] for r in mine))
    t = P.totals([{"status": None, "investment": "x"}, {"status": "在建", "investment": None}])
    assert t.by_status == {"在建": (1, 0.0), "—": (1, 0.0)}


def test_module_imports_without_qgis():
    code = ("import sys; import lifecircle.lifecircle_plugin.core.projects as p; p.categories(); "
            "bad = [m for m in sys.modules if m.startswith(('qgis', 'PyQt'))]; assert not bad, bad")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "build"))
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=str(ROOT / "build"))
