"""The sheet 汇总: counts and investment by 街镇 × status and by 十全/十美 category, with charts."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Callable, Optional

from ... import projects as P
from ..page import _print_setup, _set_widths
from ..selection import _investment
from ..styles import _header_row, _letter, _put, _Styles

NOT_FILLED = "（未填）"


def _write_summary_sheet(ws, groups, profile: str) -> None:
    st = _Styles()
    statuses, count, money = _by_status(groups)
    count_total = _status_table(ws, 1, "项目数量（个，按街镇 × 项目状态）", statuses, count, st, "0", lambda v: v,
                                [14] + [9] * len(statuses) + [10])
    money_total = _status_table(ws, count_total + 2, "投资估算（万元，按街镇 × 项目状态）", statuses, money, st,
                                "#,##0.00", lambda v: round(v, 6))
    cat_first, cat_last = _category_table(ws, money_total + 2, groups, profile, st)
    _set_widths(ws, {"A": 14, "B": 14, "E": 16, "F": 18})
    _add_charts(ws, len(statuses), count_total - 1, cat_first, cat_last)
    _print_setup(ws, landscape=True)


def _status_of(p) -> str:
    return str(p.get("status") or "").strip() or NOT_FILLED


def _by_status(groups):
    """(statuses: the list's own, then any other typed, projects by 街镇 and status, investment by 街镇 and
    status)."""
    statuses = list(P.STATUSES)
    statuses += sorted({_status_of(p) for _, g in groups for p in g} - set(statuses))
    count = {sd: Counter() for sd, _ in groups}
    money = {sd: defaultdict(float) for sd, _ in groups}
    for sd, g in groups:
        for p in g:
            s = _status_of(p)
            count[sd][s] += 1
            money[sd][s] += _investment(p)
    return statuses, count, money


def _status_table(ws, top: int, title: str, statuses: Sequence[str], by_sd: dict, st: _Styles, number_format: str,
                  shown: Callable, widths: Optional[Sequence[float]] = None) -> int:
    """A 街镇 × status table at row ``top`` (title, header, a row per 街镇 with its total, the total row); returns
    the total row."""
    _put(ws, top, 1, title, font=st.title)
    _header_row(ws, top + 1, ["街镇"] + list(statuses) + ["合计"], st, widths)
    r = top + 2
    last = len(statuses) + 2
    for sd, values in by_sd.items():
        _put(ws, r, 1, sd, border=st.border)
        for j, s in enumerate(statuses, start=2):
            _put(ws, r, j, shown(values[s]), border=st.border, number_format=number_format)
        _put(ws, r, last, shown(sum(values.values())), border=st.border, font=st.bold, number_format=number_format)
        r += 1
    total = {"font": st.bold, "fill": st.total_fill, "border": st.border}
    _put(ws, r, 1, "合计", **total)
    for j, s in enumerate(statuses, start=2):
        _put(ws, r, j, shown(sum(values[s] for values in by_sd.values())), number_format=number_format, **total)
    _put(ws, r, last, shown(sum(sum(values.values()) for values in by_sd.values())), number_format=number_format,
         **total)
    return r


def _by_category(groups, profile: str) -> dict[str, list]:
    """Checklist code (or the value typed) -> [projects, investment, finished]."""
    by_cat: dict[str, list] = defaultdict(lambda: [0, 0.0, 0])
    for _, g in groups:
        for p in g:
            code = P.parse_category(p.get("category"), profile) or (str(p.get("category") or "").strip() or NOT_FILLED)
            e = by_cat[code]
            e[0] += 1
            e[1] += _investment(p)
            e[2] += int(str(p.get("status") or "").strip() in P.FINISHED_STATUSES)
    return by_cat


def _category_table(ws, top: int, groups, profile: str, st: _Styles) -> tuple[int, int]:
    """The 十全 / 十美 table at row ``top``: a row per category, a subtotal per tier, the total; returns the first
    and last category rows."""
    _put(ws, top, 1, "按十全 / 十美类别", font=st.title)
    _header_row(ws, top + 1, ["类别编码", "类别", "十全/十美", "项目数", "投资估算（万元）", "已完工（完工+运营）"], st)
    r = cat_first = top + 2
    by_cat = _by_category(groups, profile)
    codes = list(P.category_codes(profile))
    codes += sorted(c for c in by_cat if c not in codes)
    tier_totals: dict[str, list] = defaultdict(lambda: [0, 0.0, 0])
    for code in codes:
        choice = P.category_choice(code, profile)
        tier = ("十全" if choice.kind == P.KINDS[0] else "十美") if choice else "—"
        e = by_cat.get(code, [0, 0.0, 0])
        for k in range(3):
            tier_totals[tier][k] += e[k]
        _category_row(ws, r, [code, choice.name_zh if choice else "（不在清单中）", tier, e[0], round(e[1], 6), e[2]],
                      {"border": st.border})
        r += 1
    cat_last = r - 1
    for tier in ("十全", "十美"):
        e = tier_totals.get(tier, [0, 0.0, 0])
        _category_row(ws, r, [f"{tier}小计", "", tier, e[0], round(e[1], 6), e[2]],
                      {"font": st.bold, "fill": st.subtotal_fill, "border": st.border})
        r += 1
    e = [sum(v[k] for v in by_cat.values()) for k in range(3)]
    _category_row(ws, r, ["合计", "", "", e[0], round(e[1], 6), e[2]],
                  {"font": st.bold, "fill": st.total_fill, "border": st.border})
    return cat_first, cat_last


def _category_row(ws, r: int, values: Sequence, style: dict) -> None:
    for j, v in enumerate(values, start=1):
        _put(ws, r, j, v, number_format="#,##0.00" if j == 5 else None, **style)


def _add_charts(ws, n_statuses: int, count_last: int, cat_first: int, cat_last: int) -> None:
    """Projects by 街镇 stacked by status; investment by category (beside the tables)."""
    from openpyxl.chart import BarChart, Reference

    anchor_col = _letter(n_statuses + 4)
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = "各街镇项目数（按状态）"
    chart.y_axis.title = "项目数"
    data = Reference(ws, min_col=2, max_col=n_statuses + 1, min_row=2, max_row=count_last)
    cats = Reference(ws, min_col=1, min_row=3, max_row=count_last)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(cats)
    chart.height, chart.width = 7.5, 16
    chart.y_axis.scaling.min = 0
    chart.y_axis.majorGridlines = chart.y_axis.majorGridlines  # keep the default gridlines
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    ws.add_chart(chart, f"{anchor_col}2")
    chart2 = BarChart()
    chart2.type = "bar"
    chart2.title = "各类别投资估算（万元）"
    data2 = Reference(ws, min_col=5, min_row=cat_first - 1, max_row=cat_last)
    cats2 = Reference(ws, min_col=2, min_row=cat_first, max_row=cat_last)
    chart2.add_data(data2, titles_from_data=True)
    chart2.set_categories(cats2)
    chart2.legend = None
    chart2.height, chart2.width = 12, 16
    chart2.x_axis.scaling.min = 0
    chart2.y_axis.scaling.min = 0
    chart2.x_axis.delete = False
    chart2.y_axis.delete = False
    ws.add_chart(chart2, f"{anchor_col}19")  # below the first chart (7.5 cm ≈ 15 rows)
