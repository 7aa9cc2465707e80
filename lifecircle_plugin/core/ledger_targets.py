"""The ledger's 汇总 sheet, part "年度目标完成情况": each year's targets per 街镇 / district against the list's actual
started and completed projects and investment (core.programme counts them), with a chart of target vs actual.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from . import programme as G
from .typed import year_of

_HEADERS = ("街镇/区", "目标开工（个）", "实际开工（个）", "开工完成率", "目标完工（个）", "实际完工（个）", "完工完成率",
            "目标投资（万元）", "实际投资（万元）", "投资完成率")
_CATEGORY_HEADERS = ("类别", "项目数", "实际开工（个）", "实际完工（个）", "投资估算（万元）")
NO_TARGETS = "未设定年度目标（在项目清单面板的“年度目标…”中填写后重新导出）"


def write_targets_section(ws, first_row: int, projects: Sequence[Mapping[str, object]],
                          targets: Sequence[G.Target], profile: str) -> int:
    """Writes the section from ``first_row`` down; returns the row after it."""
    from .ledger import _header_row, _put, _Styles

    st = _Styles()
    years = sorted({y for y in (year_of(p.get("year")) for p in projects) if y is not None})
    r = first_row
    _put(ws, r, 1, "年度目标完成情况（开工 = 在建、完工、运营或已填实际开工；完工 = 完工、运营；投资不含取消项目）",
         font=st.title)
    r += 1
    if not any(t.year in years for t in targets):
        _put(ws, r, 1, NO_TARGETS, font=st.note)
        return r + 2
    for year in years:
        rows = G.progress_by_unit(projects, targets, year)
        if not any(row.target for row in rows):
            continue
        r = _write_year(ws, r, year, rows, st, _put, _header_row)
        r = _write_categories(ws, r, year, G.progress_by_category(projects, year, profile), st, _put, _header_row)
    return r


def _write_year(ws, r: int, year: int, rows: list, st, put, header_row) -> int:
    put(ws, r, 1, f"{year} 年：目标与实际（按街镇）", font=st.bold)
    header_row(ws, r + 1, _HEADERS, st)
    first = r + 2
    r = first
    for row in rows:
        t = row.target
        values = [row.unit, _goal(t, "started"), row.started, row.share("started"), _goal(t, "completed"),
                  row.completed, row.share("completed"), _goal(t, "investment"), round(row.investment, 6),
                  row.share("investment")]
        for j, v in enumerate(values, start=1):
            put(ws, r, j, "—" if v is None and j > 1 else v, border=st.border, number_format=_format(j))
        r += 1
    _chart(ws, year, first, r - 1)
    return max(r + 1, first + 16)  # (room for the chart beside the table)


def _write_categories(ws, r: int, year: int, rows: list, st, put, header_row) -> int:
    from .projects import category_choice

    put(ws, r, 1, f"{year} 年：按十全 / 十美类别（实际）", font=st.bold)
    header_row(ws, r + 1, _CATEGORY_HEADERS, st)
    r += 2
    for row in rows:
        choice = category_choice(row.unit)
        name = f"{row.unit} {choice.name_zh}" if choice else row.unit
        for j, v in enumerate([name, row.projects, row.started, row.completed, round(row.investment, 6)], start=1):
            put(ws, r, j, v, border=st.border, number_format="#,##0.00" if j == 5 else "0" if j > 1 else None)
        r += 1
    return r + 1


def _goal(target, what: str):
    return getattr(target, what, None) if target else None


def _format(column: int):
    if column in (4, 7, 10):
        return "0%"
    if column in (8, 9):
        return "#,##0.00"
    return "0" if column > 1 else None


def _chart(ws, year: int, first: int, last: int) -> None:
    from openpyxl.chart import BarChart, Reference

    chart = BarChart()
    chart.type = "col"
    chart.grouping = "clustered"
    chart.title = f"{year} 年目标与实际（项目数）"
    chart.y_axis.title = "项目数"
    for column in (2, 3, 5, 6):  # target / actual started, target / actual completed
        chart.add_data(Reference(ws, min_col=column, max_col=column, min_row=first - 1, max_row=last),
                       titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=first, max_row=last))
    chart.height, chart.width = 7.5, 16
    chart.y_axis.scaling.min = 0
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    ws.add_chart(chart, f"L{first - 1}")
