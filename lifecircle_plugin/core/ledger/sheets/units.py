"""The sheet 单元体检: each unit's 十全/十美 covered shares, met or not by colour, missing categories."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Optional

from ...errors import LifeCircleError, Msg
from ...groups import basis_of_rows, serves_label
from ...typed import yes_no
from ..model import ExportInfo, UNITS_SHEET
from ..page import _print_setup
from ..styles import _colour_rule, _header_row, _letter, _put, _Styles, C_MET, C_MET_TEXT, C_NOT_MET, C_NOT_MET_TEXT
from ..values import _maybe_float, _maybe_int, yes_no_word
from .layer_fields import (
    _cat_name, _field_names, _filter_by_subdistrict, _first_field, _ID_CANDIDATES, _name_set, _natural, _SD_CANDIDATES,
    _tier, _unit_id, unit_share_codes,
)

FIRST_ROW = 5  # the first unit's row (title, note, the 十全/十美 band and the header above)


@dataclass
class _Layout:
    """Which fields of the units layer hold what, and the columns of the sheet."""

    id_f: Optional[str]
    sd_f: Optional[str]
    q_codes: list[str]
    m_codes: list[str]
    groups: dict  # category code -> the group of residents it serves (when the run weighed by groups)
    target: float  # percent
    profile: str

    @property
    def ordered(self) -> list[str]:
        return self.q_codes + self.m_codes

    @property
    def n_fixed(self) -> int:
        """基本单元, (街镇), 常住人口, 十全达标数, 十美达标数, 十全全部达标."""
        return 5 + bool(self.sd_f)


@dataclass
class _AreaTotals:
    """The whole area's residents, and per category the residents it serves and of them the covered."""

    population: float = 0.0
    covered: dict = field(default_factory=lambda: defaultdict(float))
    served: dict = field(default_factory=lambda: defaultdict(float))


def _write_units_sheet(ws, units: Sequence[Mapping[str, object]], info: ExportInfo) -> list[str]:
    st = _Styles()
    notes: list[str] = []
    names = _field_names(units)
    codes = unit_share_codes(names, "c_", info.profile)
    if not codes:
        raise LifeCircleError("The units layer is not a result of 'Facility coverage' (体检): it has no c_Q01… "
                              "covered-share fields.")
    id_f = _first_field(names, _ID_CANDIDATES)
    sd_f = _first_field(names, _SD_CANDIDATES)
    rows = _filter_by_subdistrict(units, sd_f, info.subdistricts)
    if not rows:
        notes.append(Msg("{}: no unit in the chosen 街镇.", UNITS_SHEET))
    rows = sorted(rows, key=lambda u: (str(u.get(sd_f) or "") if sd_f else "", _natural(u.get(id_f) if id_f else "")))
    lay = _Layout(id_f, sd_f, [c for c in codes if _tier(c, info.profile) == "十全"],
                  [c for c in codes if _tier(c, info.profile) == "十美"], basis_of_rows(rows),
                  100.0 * float(info.target_share), info.profile)
    headers = _write_units_head(ws, lay, st)
    totals = _AreaTotals()
    disagree = sum(_write_unit_row(ws, FIRST_ROW + k, u, lay, st, totals) for k, u in enumerate(rows))
    r = FIRST_ROW + len(rows)
    _write_area_row(ws, r, lay, st, totals)
    if rows:
        _add_met_colours(ws, lay, r)
    ws.freeze_panes = ws.cell(row=FIRST_ROW, column=2 if not sd_f else 3)
    ws.auto_filter.ref = f"A4:{_letter(len(headers))}{max(r - 1, 4)}"
    _print_setup(ws, title_rows="3:4", a3=True)
    if disagree:
        notes.append(
            Msg(
                "{}: for {} unit(s) the layer's missing categories differ from the shares at the target {:g} %: the "
                "coverage was computed with another target. The colours follow {:g} %; the 缺项 columns are the "
                "layer's.",
                UNITS_SHEET,
                disagree,
                lay.target,
                lay.target,
            )
        )
    return notes


def _write_units_head(ws, lay: _Layout, st: _Styles) -> list[str]:
    """Title and note (rows 1–2), the 十全 / 十美 bands over the category columns (row 3), the header (row 4);
    returns the header."""
    _put(ws, 1, 1, "生活圈基本单元体检：十全 / 十美 步行覆盖", font=st.title)
    by_group = ("按服务人群计：" + "；".join(f"{_cat_name(c, lay.profile)}为{serves_label(g)}"
                                      for c, g in lay.groups.items())
                + "中步行范围内的占比（全体居民占比见图层 call_ 字段）。") if lay.groups else ""
    _put(ws, 2, 1, f"单元格为步行范围内居民占比（%）；绿色 = 达标（≥ {lay.target:g}%），红色 = 未达标。"
                   f"“缺项”列出未达标的类别。{by_group}", font=st.note)
    fixed = ["基本单元"] + (["街镇"] if lay.sd_f else []) + ["常住人口", "十全达标数", "十美达标数", "十全全部达标"]
    headers = fixed + [f"{c}\n{_cat_name(c, lay.profile)}" + (f"\n（{serves_label(lay.groups[c])}）"
                                                              if c in lay.groups else "")
                       for c in lay.ordered] + ["十全缺项", "十美缺项"]
    n_fixed = lay.n_fixed
    if lay.q_codes:
        _band(ws, n_fixed + 1, n_fixed + len(lay.q_codes), "十全（基础保障，必配）", st.header_fill, st)
    if lay.m_codes:
        _band(ws, n_fixed + len(lay.q_codes) + 1, n_fixed + len(lay.ordered), "十美（品质提升，选配）",
              st.office_header_fill, st)
    _header_row(ws, 4, headers, st, [14] + ([12] if lay.sd_f else []) + [10, 10, 10, 10] + [8.5] * len(lay.ordered)
                + [30, 30])
    ws.row_dimensions[4].height = 30
    return headers


def _band(ws, first: int, last: int, text: str, fill, st: _Styles) -> None:
    """A title over the columns ``first``–``last`` of row 3 (merged)."""
    _put(ws, 3, first, text, font=st.bold, fill=fill, align=st.center, border=st.border)
    if last > first:
        ws.merge_cells(start_row=3, start_column=first, end_row=3, end_column=last)


def _write_unit_row(ws, r: int, u: Mapping[str, object], lay: _Layout, st: _Styles, totals: _AreaTotals) -> bool:
    """One unit's row; adds it to ``totals``. True when the layer's 十全 缺项 disagree with the shares at the
    target (the coverage was computed with another target)."""
    pop = _maybe_float(u.get("population")) or 0.0
    shares = {c: _maybe_float(u.get(f"c_{c}")) for c in lay.ordered}
    met = {c: shares[c] is not None and shares[c] >= lay.target - 1e-9 for c in lay.ordered}
    miss_q = u.get("missing_q") if "missing_q" in u else None
    miss_m = u.get("missing_m") if "missing_m" in u else None
    computed_q = "、".join(_cat_name(c, lay.profile) for c in lay.q_codes if not met[c])
    computed_m = "、".join(_cat_name(c, lay.profile) for c in lay.m_codes if not met[c])
    q_met = u.get("q_met") if u.get("q_met") is not None else sum(met[c] for c in lay.q_codes)
    m_met = u.get("m_met") if u.get("m_met") is not None else sum(met[c] for c in lay.m_codes)
    all_q = yes_no(u.get("meets_target"))
    if all_q is None:
        all_q = all(met[c] for c in lay.q_codes)
    vals = [_unit_id(u, lay.id_f, f"#{r - 4}")]
    if lay.sd_f:
        vals.append(u.get(lay.sd_f))
    vals += [round(pop), _maybe_int(q_met), _maybe_int(m_met), yes_no_word(all_q)]
    n_fixed = lay.n_fixed
    for j, v in enumerate(vals, start=1):
        _put(ws, r, j, v, border=st.border, number_format="#,##0" if j == n_fixed - 3 else None)
    for k, c in enumerate(lay.ordered):
        _put(ws, r, n_fixed + 1 + k, shares[c], border=st.border, number_format="0.0")
        served = (_maybe_float(u.get(f"sv_{c}")) or 0.0) if c in lay.groups else pop
        totals.served[c] += served
        if shares[c] is not None:
            totals.covered[c] += served * shares[c] / 100.0
    _put(ws, r, n_fixed + len(lay.ordered) + 1, (miss_q if miss_q is not None else computed_q) or "—",
         border=st.border, align=st.wrap)
    _put(ws, r, n_fixed + len(lay.ordered) + 2, (miss_m if miss_m is not None else computed_m) or "—",
         border=st.border, align=st.wrap)
    totals.population += pop
    return miss_q is not None and _name_set(miss_q) != _name_set(computed_q)


def _write_area_row(ws, r: int, lay: _Layout, st: _Styles, totals: _AreaTotals) -> None:
    """The whole area: its residents, and the covered shares weighted by the residents each category serves."""
    n_fixed = lay.n_fixed
    _put(ws, r, 1, "全部单元", font=st.bold, fill=st.total_fill, border=st.border)
    for j in range(2, n_fixed + 1):
        _put(ws, r, j, None, fill=st.total_fill, border=st.border)
    _put(ws, r, n_fixed - 3, round(totals.population), font=st.bold, fill=st.total_fill, border=st.border,
         number_format="#,##0")
    for k, c in enumerate(lay.ordered):
        served = totals.served[c]
        share = 100.0 * totals.covered[c] / served if served > 0 else None
        _put(ws, r, n_fixed + 1 + k, round(share, 1) if share is not None else None, font=st.bold, border=st.border,
             number_format="0.0")


def _add_met_colours(ws, lay: _Layout, last_row: int) -> None:
    """Green where a category's share meets the target, red where it does not (conditional formats: an office
    that edits a share sees the colour follow)."""
    first_col, last_col = _letter(lay.n_fixed + 1), _letter(lay.n_fixed + len(lay.ordered))
    rng = f"{first_col}{FIRST_ROW}:{last_col}{last_row}"
    tl = f"{first_col}{FIRST_ROW}"
    ws.conditional_formatting.add(rng, _colour_rule(f"AND(ISNUMBER({tl}),{tl}>={lay.target:g})", C_MET, C_MET_TEXT))
    ws.conditional_formatting.add(rng, _colour_rule(f"AND(ISNUMBER({tl}),{tl}<{lay.target:g})", C_NOT_MET,
                                                    C_NOT_MET_TEXT))
