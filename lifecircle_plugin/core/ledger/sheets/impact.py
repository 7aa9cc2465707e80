"""The sheet 成效评估: per unit before/after and per project the residents newly covered."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Callable, Optional

from ... import projects as P
from ...errors import LifeCircleError
from ...typed import is_yes
from ..model import ExportInfo
from ..page import _print_setup
from ..selection import _id_key
from ..styles import _colour_rule, _header_row, _letter, _put, _Styles, C_BETTER, C_NOT_MET
from ..values import _maybe_float, _maybe_int, yes_no_word
from .layer_fields import (
    _category_label, _field_names, _filter_by_subdistrict, _first_field, _ID_CANDIDATES, _natural, _plain_cell,
    _SD_CANDIDATES, _tier, _unit_id, unit_share_codes,
)

PROJECT_IMPACT, COMPARE_COVERAGE = "projectimpact", "comparecoverage"
#: the columns of the projects table: (field of the projects output, header)
_PROJECT_COLUMNS = (("lc_order", "顺序"), ("project_id", "项目编号"), ("subdistrict", "街镇"), ("lc_code", "类别"),
                    ("status", "项目状态"), ("counted", "计入"), ("new_alone", "单独计新增覆盖"),
                    ("new_ordered", "按顺序计新增覆盖"), ("name", "项目名称"), ("lc_reason", "说明"))


def _write_impact_sheet(ws, units, projects, info: ExportInfo) -> list[str]:
    st = _Styles()
    r = 1
    if units:
        r = _write_impact_units(ws, r, units, info, st) + 1
    if projects:
        _write_impact_projects(ws, r, projects, info, st)
    # one set of widths for the three tables (unit / category / project columns share positions)
    for j, w in enumerate((14, 16, 12, 16, 12, 14, 16, 26, 26, 30), start=1):
        ws.column_dimensions[_letter(j)].width = w
    _print_setup(ws)
    return []


def _before_after_impact(u: Mapping[str, object], c: str) -> tuple[Optional[float], Optional[float]]:
    return _maybe_float(u.get(f"cb_{c}")), _maybe_float(u.get(f"ca_{c}"))


def _before_after_compare(u: Mapping[str, object], c: str) -> tuple[Optional[float], Optional[float]]:
    after, change = _maybe_float(u.get(f"c_{c}")), _maybe_float(u.get(f"dc_{c}"))
    if after is None or change is None:
        return None, after
    return round(after - change, 1), after


def _impact_source(names: Sequence[str], profile: str) -> tuple[str, list[str], Callable]:
    """(which algorithm wrote the units layer, its categories, the share before and after of a unit and
    category): projectimpact's cb_/ca_ fields, or comparecoverage's c_ and dc_ (the change)."""
    impact = unit_share_codes(names, "cb_", profile)
    if impact:
        return PROJECT_IMPACT, [c for c in impact if f"ca_{c}" in names], _before_after_impact
    compare = unit_share_codes(names, "dc_", profile)
    if compare:
        return COMPARE_COVERAGE, [c for c in compare if f"c_{c}" in names], _before_after_compare
    raise LifeCircleError("The impact units layer is neither a units output of 'Project impact' (cb_/ca_ "
                          "fields) nor of 'Compare coverage' (dc_ fields).")


def _write_impact_units(ws, r: int, units, info: ExportInfo, st: _Styles) -> int:
    """Met counts before/after per unit, then the shares that changed, from row ``r``; returns the row after."""
    names = _field_names(units)
    source, codes, before_after = _impact_source(names, info.profile)
    id_f = _first_field(names, _ID_CANDIDATES)
    sd_f = _first_field(names, _SD_CANDIDATES)
    rows = _filter_by_subdistrict(units, sd_f, info.subdistricts)
    rows = sorted(rows, key=lambda u: _natural(u.get(id_f) if id_f else ""))
    title = "成效评估：各单元项目实施前后的步行覆盖" if source == PROJECT_IMPACT else "成效评估：两期体检对比"
    _put(ws, r, 1, title, font=st.title)
    _put(ws, r + 1, 1, "达标数 = 覆盖率达到目标的十全 / 十美类别数；下表列出覆盖率有变化的单元和类别。", font=st.note)
    r += 2
    extra = ["新增覆盖人口", "改善类别"] if source == PROJECT_IMPACT else ["变化"]
    headers = ["基本单元", "常住人口", "十全达标（前）", "十全达标（后）", "十美达标（前）", "十美达标（后）"] + extra
    _header_row(ws, r, headers, st)
    r += 1
    for u in rows:
        vals = [_unit_id(u, id_f), _maybe_float(u.get("population")), _maybe_int(u.get("q_met_b")),
                _maybe_int(u.get("q_met_a")), _maybe_int(u.get("m_met_b")), _maybe_int(u.get("m_met_a"))]
        if source == PROJECT_IMPACT:
            new_pop = _maybe_float(u.get("new_pop"))
            vals += [round(new_pop) if new_pop is not None else None, _plain_cell(u.get("improved"))]
        else:
            vals += [_plain_cell(u.get("change"))]
        for j, v in enumerate(vals, start=1):
            _put(ws, r, j, round(v) if j == 2 and isinstance(v, float) else v, border=st.border,
                 number_format="#,##0" if j in (2, 7) else None, align=st.wrap if j == len(vals) else None)
        r += 1
    return _write_share_changes(ws, r + 1, rows, codes, before_after, id_f, info, st)


def _write_share_changes(ws, r: int, rows, codes: Sequence[str], before_after: Callable, id_f: Optional[str],
                         info: ExportInfo, st: _Styles) -> int:
    """The covered shares that changed, one row per unit and category, from row ``r``; returns the row after."""
    _put(ws, r, 1, "覆盖率变化（步行范围内居民占比，%）", font=st.title)
    r += 1
    _header_row(ws, r, ["基本单元", "类别", "十全/十美", "覆盖率（前）", "覆盖率（后）", "变化（百分点）"], st)
    head = r
    r += 1
    for u in rows:
        uid = _unit_id(u, id_f)
        for c in codes:
            before, after = before_after(u, c)
            if before is None or after is None or abs(after - before) < 1e-9:
                continue
            vals = [uid, _category_label(c, info.profile, c), _tier(c, info.profile), before, after,
                    round(after - before, 1)]
            for j, v in enumerate(vals, start=1):
                _put(ws, r, j, v, border=st.border, number_format="0.0" if j >= 4 else None)
            r += 1
    if r == head + 1:
        _put(ws, r, 1, "（没有单元的覆盖率发生变化）", font=st.note)
        r += 1
    else:
        rng, first = f"F{head + 1}:F{r - 1}", f"F{head + 1}"
        ws.conditional_formatting.add(rng, _colour_rule(f"AND(ISNUMBER({first}),{first}>0)", C_BETTER))
        ws.conditional_formatting.add(rng, _colour_rule(f"AND(ISNUMBER({first}),{first}<0)", C_NOT_MET))
    return r


def _write_impact_projects(ws, r: int, projects, info: ExportInfo, st: _Styles) -> None:
    """The residents each project newly covers, alone and in the list's order, from row ``r``; the total."""
    names = _field_names(projects)
    if "new_alone" not in names and "new_ordered" not in names:
        raise LifeCircleError("The impact projects layer is not a projects output of 'Project impact' (it has no "
                              "new_alone / new_ordered fields).")
    _put(ws, r, 1, "各项目新增覆盖居民", font=st.title)
    _put(ws, r + 1, 1, "单独计 = 只建这一个项目时新增覆盖的居民；按顺序计 = 按清单顺序逐个计入（合计等于总增量）。", font=st.note)
    r += 2
    cols = [(f, h) for f, h in _PROJECT_COLUMNS if f in names]
    _header_row(ws, r, [h for _, h in cols], st)
    r += 1
    order_f = "lc_order" if "lc_order" in names else None
    rows = sorted(projects, key=lambda p: (_maybe_float(p.get(order_f)) or 0) if order_f else _id_key(
        p.get("project_id")))
    total_ordered = 0.0
    for p in rows:
        for j, (f, _) in enumerate(cols, start=1):
            _put(ws, r, j, _plain_cell(_project_value(f, p.get(f), info.profile)), border=st.border,
                 number_format="#,##0" if f in ("new_alone", "new_ordered") else None,
                 align=st.wrap if f in ("lc_reason", "name") else None)
        total_ordered += _maybe_float(p.get("new_ordered")) or 0.0
        r += 1
    _put(ws, r, 1, "合计", font=st.bold, fill=st.total_fill, border=st.border)
    for j, (f, _) in enumerate(cols, start=1):
        if f == "new_ordered":
            _put(ws, r, j, round(total_ordered, 6), font=st.bold, fill=st.total_fill, border=st.border,
                 number_format="#,##0")
        elif j > 1:
            _put(ws, r, j, None, fill=st.total_fill, border=st.border)


def _project_value(f: str, v: object, profile: str) -> object:
    """A project's value as its column shows it: 计入 as 是/否, the category by its label, counts as numbers."""
    if f == "counted":
        return yes_no_word(is_yes(v))
    if f == "lc_code":
        return _category_label(P.parse_category(v, profile), profile, v)
    if f in ("new_alone", "new_ordered"):
        return _maybe_float(v)
    return v
