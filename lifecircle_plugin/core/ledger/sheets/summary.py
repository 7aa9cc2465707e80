"""The sheet 汇总: counts and investment by 街镇 × status and by 十全/十美 category, with charts."""

from __future__ import annotations

from collections import Counter, defaultdict

from ... import projects as P
from ..page import _print_setup
from ..selection import _investment
from ..styles import _header_row, _letter, _put, _Styles


def _write_summary_sheet(ws, groups, profile: str) -> None:
    from openpyxl.chart import BarChart, Reference

    st = _Styles()
    statuses = list(P.STATUSES)
    extra_statuses = sorted({str(p.get("status") or "").strip() or "（未填）" for _, g in groups for p in g} - set(statuses))
    statuses += extra_statuses
    count = {sd: Counter() for sd, _ in groups}
    money = {sd: defaultdict(float) for sd, _ in groups}
    for sd, g in groups:
        for p in g:
            s = str(p.get("status") or "").strip() or "（未填）"
            count[sd][s] += 1
            money[sd][s] += _investment(p)

    _put(ws, 1, 1, "项目数量（个，按街镇 × 项目状态）", font=st.title)
    headers = ["街镇"] + statuses + ["合计"]
    _header_row(ws, 2, headers, st, [14] + [9] * len(statuses) + [10])
    r = 3
    for sd, _ in groups:
        _put(ws, r, 1, sd, border=st.border)
        for j, s in enumerate(statuses, start=2):
            _put(ws, r, j, count[sd][s], border=st.border, number_format="0")
        _put(ws, r, len(statuses) + 2, sum(count[sd].values()), border=st.border, font=st.bold, number_format="0")
        r += 1
    count_last = r - 1
    _put(ws, r, 1, "合计", font=st.bold, fill=st.total_fill, border=st.border)
    for j, s in enumerate(statuses, start=2):
        _put(ws, r, j, sum(count[sd][s] for sd, _ in groups), font=st.bold, fill=st.total_fill, border=st.border,
             number_format="0")
    _put(ws, r, len(statuses) + 2, sum(sum(c.values()) for c in count.values()), font=st.bold, fill=st.total_fill,
         border=st.border, number_format="0")

    r += 2
    _put(ws, r, 1, "投资估算（万元，按街镇 × 项目状态）", font=st.title)
    _header_row(ws, r + 1, headers, st)
    r += 2
    for sd, _ in groups:
        _put(ws, r, 1, sd, border=st.border)
        for j, s in enumerate(statuses, start=2):
            _put(ws, r, j, round(money[sd][s], 6), border=st.border, number_format="#,##0.00")
        _put(ws, r, len(statuses) + 2, round(sum(money[sd].values()), 6), border=st.border, font=st.bold,
             number_format="#,##0.00")
        r += 1
    _put(ws, r, 1, "合计", font=st.bold, fill=st.total_fill, border=st.border)
    for j, s in enumerate(statuses, start=2):
        _put(ws, r, j, round(sum(money[sd][s] for sd, _ in groups), 6), font=st.bold, fill=st.total_fill,
             border=st.border, number_format="#,##0.00")
    _put(ws, r, len(statuses) + 2, round(sum(sum(m.values()) for m in money.values()), 6), font=st.bold,
         fill=st.total_fill, border=st.border, number_format="#,##0.00")

    # by category
    r += 2
    _put(ws, r, 1, "按十全 / 十美类别", font=st.title)
    cat_headers = ["类别编码", "类别", "十全/十美", "项目数", "投资估算（万元）", "已完工（完工+运营）"]
    _header_row(ws, r + 1, cat_headers, st)
    r += 2
    cat_first = r
    by_cat: dict[str, list] = defaultdict(lambda: [0, 0.0, 0])
    for _, g in groups:
        for p in g:
            code = P.parse_category(p.get("category"), profile) or (str(p.get("category") or "").strip() or "（未填）")
            e = by_cat[code]
            e[0] += 1
            e[1] += _investment(p)
            e[2] += int(str(p.get("status") or "").strip() in P.FINISHED_STATUSES)
    codes = list(P.category_codes(profile))
    codes += sorted(c for c in by_cat if c not in codes)
    tier_totals: dict[str, list] = defaultdict(lambda: [0, 0.0, 0])
    for code in codes:
        choice = P.category_choice(code, profile)
        tier = ("十全" if choice.kind == P.KINDS[0] else "十美") if choice else "—"
        e = by_cat.get(code, [0, 0.0, 0])
        for k in range(3):
            tier_totals[tier][k] += e[k]
        vals = [code, choice.name_zh if choice else "（不在清单中）", tier, e[0], round(e[1], 6), e[2]]
        for j, v in enumerate(vals, start=1):
            _put(ws, r, j, v, border=st.border, number_format="#,##0.00" if j == 5 else None)
        r += 1
    cat_last = r - 1
    for tier in ("十全", "十美"):
        e = tier_totals.get(tier, [0, 0.0, 0])
        for j, v in enumerate([f"{tier}小计", "", tier, e[0], round(e[1], 6), e[2]], start=1):
            _put(ws, r, j, v, font=st.bold, fill=st.subtotal_fill, border=st.border,
                 number_format="#,##0.00" if j == 5 else None)
        r += 1
    e = [sum(v[k] for v in by_cat.values()) for k in range(3)]
    for j, v in enumerate(["合计", "", "", e[0], round(e[1], 6), e[2]], start=1):
        _put(ws, r, j, v, font=st.bold, fill=st.total_fill, border=st.border,
             number_format="#,##0.00" if j == 5 else None)
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 14
    ws.column_dimensions["E"].width = 16
    ws.column_dimensions["F"].width = 18

    # charts: projects by 街镇 stacked by status; investment by category
    anchor_col = _letter(len(statuses) + 4)
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = "各街镇项目数（按状态）"
    chart.y_axis.title = "项目数"
    data = Reference(ws, min_col=2, max_col=len(statuses) + 1, min_row=2, max_row=count_last)
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
    _print_setup(ws, landscape=True)
