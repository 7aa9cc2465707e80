"""The sheet 单元体检: each unit's 十全/十美 covered shares, met or not by colour, missing categories."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from ...errors import LifeCircleError, Msg
from ...groups import basis_of_rows, serves_label
from ..model import ExportInfo, UNITS_SHEET
from ..page import _print_setup
from ..styles import _header_row, _letter, _put, _Styles, C_MET, C_MET_TEXT, C_NOT_MET, C_NOT_MET_TEXT
from ..values import _maybe_float, _maybe_int
from .layer_fields import (
    _cat_name, _field_names, _filter_by_subdistrict, _first_field, _ID_CANDIDATES, _name_set, _natural, _SD_CANDIDATES,
    _tier, unit_share_codes,
)


def _write_units_sheet(ws, units: Sequence[Mapping[str, object]], info: ExportInfo) -> list[str]:
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Font, PatternFill

    st = _Styles()
    notes: list[str] = []
    names = _field_names(units)
    codes = unit_share_codes(names, "c_", info.profile)
    if not codes:
        raise LifeCircleError("The units layer is not a result of 'Facility coverage' (体检): it has no c_Q01… "
                              "covered-share fields.")
    id_f = _first_field(names, _ID_CANDIDATES)
    sd_f = _first_field(names, _SD_CANDIDATES)
    target = 100.0 * float(info.target_share)
    rows = _filter_by_subdistrict(units, sd_f, info.subdistricts)
    if not rows:
        notes.append(Msg("{}: no unit in the chosen 街镇.", UNITS_SHEET))
    rows = sorted(rows, key=lambda u: (str(u.get(sd_f) or "") if sd_f else "", _natural(u.get(id_f) if id_f else "")))

    _put(ws, 1, 1, "生活圈基本单元体检：十全 / 十美 步行覆盖", font=st.title)
    groups = basis_of_rows(rows)
    by_group = ("按服务人群计：" + "；".join(f"{_cat_name(c, info.profile)}为{serves_label(g)}" for c, g in groups.items())
                + "中步行范围内的占比（全体居民占比见图层 call_ 字段）。") if groups else ""
    _put(ws, 2, 1, f"单元格为步行范围内居民占比（%）；绿色 = 达标（≥ {target:g}%），红色 = 未达标。"
                   f"“缺项”列出未达标的类别。{by_group}", font=st.note)
    fixed = ["基本单元"] + (["街镇"] if sd_f else []) + ["常住人口", "十全达标数", "十美达标数", "十全全部达标"]
    n_fixed = len(fixed)
    q_codes = [c for c in codes if _tier(c, info.profile) == "十全"]
    m_codes = [c for c in codes if _tier(c, info.profile) == "十美"]
    ordered = q_codes + m_codes
    headers = fixed + [f"{c}\n{_cat_name(c, info.profile)}" + (f"\n（{serves_label(groups[c])}）" if c in groups else "")
                       for c in ordered] + ["十全缺项", "十美缺项"]
    # band over the category columns
    if q_codes:
        a, b = n_fixed + 1, n_fixed + len(q_codes)
        _put(ws, 3, a, "十全（基础保障，必配）", font=st.bold, fill=st.header_fill, align=st.center, border=st.border)
        if b > a:
            ws.merge_cells(start_row=3, start_column=a, end_row=3, end_column=b)
    if m_codes:
        a, b = n_fixed + len(q_codes) + 1, n_fixed + len(ordered)
        _put(ws, 3, a, "十美（品质提升，选配）", font=st.bold, fill=st.office_header_fill, align=st.center,
             border=st.border)
        if b > a:
            ws.merge_cells(start_row=3, start_column=a, end_row=3, end_column=b)
    _header_row(ws, 4, headers, st, [14] + ([12] if sd_f else []) + [10, 10, 10, 10] + [8.5] * len(ordered) + [30, 30])
    ws.row_dimensions[4].height = 30
    r = 5
    disagree = 0
    pop_total = 0.0
    covered = defaultdict(float)
    served_total = defaultdict(float)  # residents each category serves (its group's, or everyone)
    for u in rows:
        pop = _maybe_float(u.get("population")) or 0.0
        shares = {c: _maybe_float(u.get(f"c_{c}")) for c in ordered}
        met = {c: shares[c] is not None and shares[c] >= target - 1e-9 for c in ordered}
        miss_q = u.get("missing_q") if "missing_q" in u else None
        miss_m = u.get("missing_m") if "missing_m" in u else None
        computed_q = "、".join(_cat_name(c, info.profile) for c in q_codes if not met[c])
        computed_m = "、".join(_cat_name(c, info.profile) for c in m_codes if not met[c])
        if miss_q is not None and _name_set(miss_q) != _name_set(computed_q):
            disagree += 1
        q_met = u.get("q_met") if u.get("q_met") is not None else sum(met[c] for c in q_codes)
        m_met = u.get("m_met") if u.get("m_met") is not None else sum(met[c] for c in m_codes)
        all_q = u.get("meets_target")
        all_q = bool(all_q) if all_q is not None else all(met[c] for c in q_codes)
        vals = [str(u.get(id_f)) if id_f and u.get(id_f) is not None else f"#{r - 4}"]
        if sd_f:
            vals.append(u.get(sd_f))
        vals += [round(pop), _maybe_int(q_met), _maybe_int(m_met), "是" if all_q else "否"]
        for j, v in enumerate(vals, start=1):
            _put(ws, r, j, v, border=st.border, number_format="#,##0" if j == n_fixed - 3 else None)
        for k, c in enumerate(ordered):
            _put(ws, r, n_fixed + 1 + k, shares[c], border=st.border, number_format="0.0")
            served = (_maybe_float(u.get(f"sv_{c}")) or 0.0) if c in groups else pop
            served_total[c] += served
            if shares[c] is not None:
                covered[c] += served * shares[c] / 100.0
        _put(ws, r, n_fixed + len(ordered) + 1, (miss_q if miss_q is not None else computed_q) or "—",
             border=st.border, align=st.wrap)
        _put(ws, r, n_fixed + len(ordered) + 2, (miss_m if miss_m is not None else computed_m) or "—",
             border=st.border, align=st.wrap)
        pop_total += pop
        r += 1
    last = r - 1
    # the whole area: population-weighted covered shares
    _put(ws, r, 1, "全部单元", font=st.bold, fill=st.total_fill, border=st.border)
    for j in range(2, n_fixed + 1):
        _put(ws, r, j, None, fill=st.total_fill, border=st.border)
    _put(ws, r, n_fixed - 3, round(pop_total), font=st.bold, fill=st.total_fill, border=st.border, number_format="#,##0")
    for k, c in enumerate(ordered):
        share = 100.0 * covered[c] / served_total[c] if served_total[c] > 0 else None
        _put(ws, r, n_fixed + 1 + k, round(share, 1) if share is not None else None, font=st.bold, border=st.border,
             number_format="0.0")
    if rows:
        first_col, last_col = _letter(n_fixed + 1), _letter(n_fixed + len(ordered))
        rng = f"{first_col}5:{last_col}{r}"
        tl = f"{first_col}5"
        ws.conditional_formatting.add(rng, FormulaRule(formula=[f"AND(ISNUMBER({tl}),{tl}>={target:g})"],
                                                       fill=PatternFill("solid", fgColor=C_MET, bgColor=C_MET),
                                                       font=Font(color=C_MET_TEXT)))
        ws.conditional_formatting.add(rng, FormulaRule(formula=[f"AND(ISNUMBER({tl}),{tl}<{target:g})"],
                                                       fill=PatternFill("solid", fgColor=C_NOT_MET,
                                                                        bgColor=C_NOT_MET),
                                                       font=Font(color=C_NOT_MET_TEXT)))
    ws.freeze_panes = ws.cell(row=5, column=2 if not sd_f else 3)
    ws.auto_filter.ref = f"A4:{_letter(len(headers))}{max(last, 4)}"
    _print_setup(ws, title_rows="3:4", a3=True)
    if disagree:
        notes.append(
            Msg(
                "{}: for {} unit(s) the layer's missing categories differ from the shares at the target {:g} %: the "
                "coverage was computed with another target. The colours follow {:g} %; the 缺项 columns are the "
                "layer's.",
                UNITS_SHEET,
                disagree,
                target,
                target,
            )
        )
    return notes
