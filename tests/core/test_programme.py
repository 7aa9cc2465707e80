"""The annual programme (issue 19, part 1), core: project sources, office rules, targets and the progress against
them, the old dates' split — each against a small list worked out by hand in the comments."""

from __future__ import annotations

import datetime as dt

import pytest

from lifecircle.lifecircle_plugin.core import programme as G
from lifecircle.lifecircle_plugin.core import projects as P


def project(pid, subdistrict, status, investment=None, year=2026, **over):
    p = P.new_project(year=year, now=dt.datetime(2026, 7, 1), project_id=pid, district="示例区",
                      subdistrict=subdistrict, name=pid, category="Q05", status=status, investment=investment)
    p.update(over)
    return p


# A hand-worked list. 东湖街道: A 在建 100, B 完工 200, C 取消 50 (with an actual start: still not started,
# its money not counted), D 前期 40 with an actual start (started). 西岸街道: E 运营 30, F 谋划 10.
# 北站镇: G 在建 5 (no target of its own). H: 2025, another year.
LIST = [
    project("2026-东湖-001", "东湖街道", "在建", 100.0),
    project("2026-东湖-002", "东湖街道", "完工", 200.0, actual_end=dt.date(2026, 5, 1)),
    project("2026-东湖-003", "东湖街道", "取消", 50.0, actual_start=dt.date(2026, 3, 1)),
    project("2026-东湖-004", "东湖街道", "前期", 40.0, actual_start=dt.date(2026, 6, 1)),
    project("2026-西岸-001", "西岸街道", "运营", 30.0, actual_end=dt.date(2026, 4, 1)),
    project("2026-西岸-002", "西岸街道", "谋划", 10.0),
    project("2026-北站-001", "北站镇", "在建", 5.0),
    project("2025-东湖-001", "东湖街道", "完工", 999.0, year=2025, actual_end=dt.date(2025, 9, 1)),
]
TARGETS = [G.Target(2026, "东湖", 4, 2, 500.0), G.Target(2026, "示例区", 10, 4, 1000.0),
           G.Target(2026, "西岸街道", 2, 1, None), G.Target(2025, "东湖街道", 1, 1, 900.0)]


def test_progress_by_unit_against_hand_worked_numbers():
    rows = {r.unit: r for r in G.progress_by_unit(LIST, TARGETS, 2026)}
    assert list(rows) == ["东湖", "示例区", "西岸街道", "北站镇"]  # targets first, then 街镇 without one
    east = rows["东湖"]  # the short name matches 东湖街道
    assert (east.projects, east.started, east.completed, east.investment) == (4, 3, 1, 340.0)
    assert east.share("started") == pytest.approx(0.75) and east.share("completed") == pytest.approx(0.5)
    assert east.share("investment") == pytest.approx(0.68)
    district = rows["示例区"]  # a district-wide target counts every 街镇
    assert (district.projects, district.started, district.completed, district.investment) == (7, 5, 2, 385.0)
    west = rows["西岸街道"]
    assert (west.started, west.completed, west.investment) == (1, 1, 40.0)
    assert west.share("investment") is None  # no investment target
    other = rows["北站镇"]
    assert other.target is None and (other.projects, other.started) == (1, 1)
    (old,) = [r for r in G.progress_by_unit(LIST, TARGETS, 2025) if r.target]
    assert (old.unit, old.completed, old.investment) == ("东湖街道", 1, 999.0)


def test_progress_by_category_and_started_rules():
    for_q05 = G.progress_by_category(LIST, 2026)
    assert [(r.unit, r.projects, r.started, r.completed) for r in for_q05] == [("Q05", 7, 5, 2)]
    assert G.has_started({"status": "前期", "actual_start": dt.date(2026, 1, 1)})
    assert not G.has_started({"status": " 取消 ", "actual_start": dt.date(2026, 1, 1)})
    assert G.has_started({"status": "在建 "}) and not G.has_started({"status": "谋划"})
    assert G.has_completed({"status": "运营"}) and not G.has_completed({"status": "在建"})


def test_targets_are_read_with_every_problem_named():
    targets, problems = G.read_targets([
        {"year": "2026年", "unit": "东湖街道", "started": "８", "completed": 4, "investment": "1,200"},
        {"year": "明年", "unit": "西岸街道", "started": 3},
        {"year": 2026, "unit": "", "started": 1},
        {"year": 2026, "unit": "北站镇", "started": -2, "completed": 1.5},
        {"year": 2026, "unit": "东湖街道", "started": 1},
        {"year": None, "unit": " ", "started": None},  # an empty row: skipped
    ])
    assert targets == [G.Target(2026, "东湖街道", 8, 4, 1200.0)]
    where = [(p.row, p.column) for p in problems]
    assert where == [(2, "year"), (3, "unit"), (4, "started"), (4, "completed"), (5, "unit")]
    assert "already has a target (row 1)" in str(problems[-1])
    assert str(problems[0]).startswith("row 2, column 年度: '明年' is not a year")


def test_project_sources_from_the_editable_vocabulary():
    assert [s.value for s in G.project_sources()] == ["民心工程", "为民办实事", "部门项目", "社区自治", "其他"]
    assert G.parse_project_source(" 民心 ") == "民心工程"
    assert G.parse_project_source("区各部门项目") == "部门项目"
    assert G.parse_project_source("Other") == "其他"
    assert G.parse_project_source("上级补助") is None
    assert P.coerce_value("project_source", "实事项目") == "为民办实事"
    problems = P.validate_project(project("2026-东湖-001", "东湖街道", "在建", project_source="上级补助"))
    assert [p.field for p in problems] == ["project_source"]
    assert "民心工程 / 为民办实事 / 部门项目 / 社区自治 / 其他" in problems[0].message


def test_office_rules_refuse_what_offices_would():
    done = project("2026-东湖-002", "东湖街道", "完工", 200.0)
    (problem,) = P.validate_project(done)
    assert problem.field == "actual_end" and problem.also == ("status",)
    assert "needs its actual end date" in problem.message
    assert P.validate_project({**done, "actual_end": "2026-05-01"}) == []
    votes = project("2026-东湖-001", "东湖街道", "在建", voters=40, votes_for=30, votes_against=6, votes_abstain=3)
    (problem,) = P.validate_project(votes)
    assert problem.field == "voters" and "30 for + 6 against + 3 abstaining = 39, not the 40 voters" in problem.message
    assert P.validate_project({**votes, "votes_abstain": 4}) == []
    assert P.validate_project({**votes, "voters": None}) == []  # nothing to add up to
    dates = project("2026-东湖-001", "东湖街道", "在建", actual_start="2026-05-01", actual_end="2026-04-30",
                    notice_start="2026-03-08", notice_end="2026-03-01", satisfaction=120, hearing_attendance=-1)
    assert {p.field for p in P.validate_project(dates)} == {"actual_end", "notice_end", "satisfaction",
                                                            "hearing_attendance"}


def test_funding_that_does_not_add_up_is_a_warning_not_a_refusal():
    p = project("2026-东湖-001", "东湖街道", "在建", 540.0, fund_fiscal=150.0, fund_social="350")
    assert P.validate_project(p) == []
    (warning,) = P.project_warnings(p)
    assert warning.field == "investment" and "adds up to 500 万元, not 540" in warning.message
    assert P.project_warnings({**p, "fund_other": 40.0}) == []
    assert P.project_warnings({**p, "fund_other": 39.996}) == []  # (within half a hundred yuan)
    assert P.project_warnings(project("2026-东湖-001", "东湖街道", "在建", 540.0)) == []  # no split given


def test_old_dates_give_actual_ones_only_where_the_status_says_they_happened():
    start, end = dt.date(2026, 3, 1), dt.date(2026, 5, 31)
    assert G.actual_dates_from_legacy({"status": "完工", "start_date": start, "end_date": end}) == {
        "actual_start": start, "actual_end": end}
    assert G.actual_dates_from_legacy({"status": "在建", "start_date": start, "end_date": end}) == {
        "actual_start": start}
    assert G.actual_dates_from_legacy({"status": "前期", "start_date": start, "end_date": end}) == {}
    assert G.actual_dates_from_legacy({"status": "运营", "start_date": start, "end_date": end,
                                       "actual_end": dt.date(2026, 6, 5)}) == {"actual_start": start}


def test_rollover_carries_the_history_of_unfinished_projects():
    building = project("2026-东湖-001", "东湖街道", "在建", 100.0, actual_start=dt.date(2026, 4, 2),
                       hearing_date=dt.date(2026, 2, 1), hearing_attendance=41, voters=30, votes_for=28,
                       votes_against=1, votes_abstain=1, project_source="民心工程", budget_year=2026,
                       fund_fiscal=100.0)
    plan = P.plan_rollover([building, LIST[1]], 2026)
    (new,) = plan.new_projects
    assert new["previous_id"] == "2026-东湖-001" and new["year"] == 2027
    for name in ("actual_start", "hearing_date", "hearing_attendance", "voters", "votes_for", "project_source",
                 "budget_year", "fund_fiscal"):
        assert new[name] == building[name], name
