"""The sheet 缺项与选址: the categories below target per unit, and the recommended sites."""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Optional

from ... import projects as P
from ...errors import Msg
from ..model import ExportInfo, GAPS_SHEET
from ..page import _print_setup
from ..styles import _header_row, _letter, _put, _Styles
from ..values import _maybe_float, _maybe_int
from .layer_fields import (
    _cat_name, _category_label, _field_names, _filter_by_subdistrict, _first_field, _ID_CANDIDATES, _natural,
    _plain_cell, _SD_CANDIDATES, _tier, _unit_id, site_columns, unit_share_codes,
)


def _write_gaps_sheet(ws, units, sites, site_fields, sites_category, projects, info: ExportInfo) -> list[str]:
    st = _Styles()
    notes: list[str] = []
    r = 1
    if units:
        r = _write_gaps(ws, r, units, projects, info, st) + 1
    if sites:
        _write_sites(ws, r, sites, site_fields, sites_category, info, st, notes)
    _print_setup(ws)
    return notes


def _gaps(units, projects, info: ExportInfo) -> list[tuple]:
    """Each unit and category below the target: (tier order, −uncovered residents, unit, code, share, tier, 街镇,
    the list's projects for it), 十全 first, the most residents uncovered first."""
    names = _field_names(units)
    codes = unit_share_codes(names, "c_", info.profile)
    id_f = _first_field(names, _ID_CANDIDATES)
    sd_f = _first_field(names, _SD_CANDIDATES)
    target = 100.0 * info.target_share
    planned: dict[tuple[str, str], list[str]] = defaultdict(list)
    for p in projects:
        code = P.parse_category(p.get("category"), info.profile)
        if code and not P.is_empty(p.get("unit_id")):
            planned[(str(p.get("unit_id")).strip(), code)].append(str(p.get("project_id")))
    gaps = []
    for u in _filter_by_subdistrict(units, sd_f, info.subdistricts):
        pop = _maybe_float(u.get("population")) or 0.0
        uid = _unit_id(u, id_f)
        for c in codes:
            share = _maybe_float(u.get(f"c_{c}"))
            if share is not None and share >= target - 1e-9:
                continue
            tier = _tier(c, info.profile)
            uncovered = pop * (1.0 - (share or 0.0) / 100.0)
            gaps.append((0 if tier == "十全" else 1, -uncovered, uid, c, share, tier,
                         u.get(sd_f) if sd_f else None, "、".join(planned.get((uid, c), []))))
    gaps.sort(key=lambda g: (g[0], g[1], _natural(g[2]), g[3]))
    return gaps


def _write_gaps(ws, r: int, units, projects, info: ExportInfo, st: _Styles) -> int:
    """The gaps table from row ``r``; returns the row after it."""
    gaps = _gaps(units, projects, info)
    _put(ws, r, 1, f"缺项：未达标（步行覆盖 < {100.0 * info.target_share:g}%）的十全 / 十美类别", font=st.title)
    r += 1
    headers = ["基本单元", "街镇", "类别编码", "类别", "十全/十美", "覆盖率（%）", "未覆盖人口", "本清单中的项目"]
    _header_row(ws, r, headers, st, [14, 12, 10, 14, 10, 11, 12, 30])
    r += 1
    for g in gaps:
        vals = [g[2], g[6], g[3], _cat_name(g[3], info.profile), g[5], g[4], round(-g[1]), g[7] or "—"]
        for j, v in enumerate(vals, start=1):
            _put(ws, r, j, v, border=st.border,
                 number_format="0.0" if j == 6 else "#,##0" if j == 7 else None)
        r += 1
    if not gaps:
        _put(ws, r, 1, "（全部单元、全部类别均达标）", font=st.note)
        r += 1
    return r


def _write_sites(ws, r: int, sites, site_fields, sites_category: Optional[str], info: ExportInfo, st: _Styles,
                 notes: list) -> None:
    """The recommended sites from row ``r``, by category and rank."""
    cols = site_columns(_field_names(sites), site_fields)
    roles = {role: f for role, _, f in cols}
    code_given = P.parse_category(sites_category, info.profile) if sites_category else None
    if "category" not in roles and not code_given:
        notes.append(Msg("{}: the sites have no category field and none was given: the 类别 column is left "
                         "out.", GAPS_SHEET))
    if "category" not in roles and code_given:
        cols.insert(1, ("category", "类别", ""))
    title = "推荐选址"
    if code_given:
        title += f"：{_category_label(code_given, info.profile)}"
    _put(ws, r, 1, title, font=st.title)
    r += 1
    _header_row(ws, r, [h for _, h, _ in cols], st)
    r += 1

    def category_of(s):
        if "category" in roles:
            return P.parse_category(s.get(roles["category"]), info.profile)
        return code_given

    def key(s):
        rank = _maybe_float(s.get(roles["rank"])) if "rank" in roles else None
        return (category_of(s) or "~", rank if rank is not None else math.inf)

    for s in sorted(sites, key=key):
        for j, (role, _, f) in enumerate(cols, start=1):
            v, fmt = _site_value(role, s.get(f) if f else None, category_of(s), info.profile)
            _put(ws, r, j, _plain_cell(v), border=st.border, align=st.wrap if role == "reason" else None,
                 number_format=fmt)
        r += 1
    for j, (role, _, _) in enumerate(cols, start=1):
        ws.column_dimensions[_letter(j)].width = max(ws.column_dimensions[_letter(j)].width or 0,
                                                      40 if role == "reason" else 12)


def _site_value(role: str, v: object, code: Optional[str], profile: str) -> tuple[object, Optional[str]]:
    """(the value a site's cell shows, its number format) for the column of ``role``."""
    if role == "category":
        return _category_label(code, profile, v), None
    if role in ("newly_covered", "cumulative", "area"):
        v = _maybe_float(v)
        return (round(v) if v is not None else None), "#,##0"
    if role == "share":
        return _maybe_float(v), "0.0"
    if role == "rank":
        return _maybe_int(v), None
    return v, None
