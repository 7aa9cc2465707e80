"""The sheet 项目台账: title, header and the projects grouped by 街镇 with subtotals and a total.

The project rows are streamed (:class:`~..fast_rows._FastRows`); the office's cells, the sheet protection and
the printed page are set up by :mod:`.ledger_rules`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass

from ... import projects as P
from ...errors import Steps
from ..fast_rows import _FastRows
from ..model import (
    EXPORTED_KEY, ExportInfo, FINGERPRINT_KEY, FIRST_DATA_ROW, HEADER_ROW, LedgerColumn, NOTE_ROW, OFFICE_FIELDS,
    README_SHEET, TITLE_ROW,
)
from ..page import _lines, _row_height, _text_width
from ..selection import _investment
from ..styles import _INJECTION_START, _letter, _put, _Styles
from ..values import _canon_typed, _hash_canon, _maybe_int, typed_value
from .ledger_rules import _add_validations, _print_ledger, _protect


def _number_format(kind: str, key: str) -> str:
    if kind == P.DATE:
        return "yyyy-mm-dd"
    if kind == P.DATETIME:
        return "yyyy-mm-dd hh:mm"
    if key == "investment":
        return "#,##0.00"
    if kind == P.INTEGER:
        return "0"
    if kind == P.REAL:
        return "#,##0.00"
    return "General"


def _write_ledger_sheet(ws, groups, columns: Sequence[LedgerColumn], info: ExportInfo, exported_at: dt.datetime,
                        steps: Steps) -> _FastRows:
    st = _Styles()
    fast = _FastRows(ws)
    letters = [_letter(i + 1) for i in range(len(columns))]
    fast.last_col = len(columns)
    title = _write_title_and_header(ws, groups, columns, info, exported_at, st)
    sids = _row_styles(fast, columns, st)
    values_by_group, widths = _project_values(groups, columns, info.profile, steps)
    runs = _write_rows(fast, groups, values_by_group, columns, letters, sids, widths, steps)
    for i, c in enumerate(columns):
        dim = ws.column_dimensions[letters[i]]
        dim.width = widths[i]
        if c.hidden:
            dim.hidden = True
    # frozen header (and the id / 街镇 / name columns), autofilter over the projects and subtotals
    ws.freeze_panes = f"D{FIRST_DATA_ROW}"
    ws.auto_filter.ref = f"A{HEADER_ROW}:{letters[-1]}{fast.total_row - 1}"
    _add_validations(ws, {c.key: letters[i] for i, c in enumerate(columns)}, runs)
    _protect(ws)
    _print_ledger(ws, title)
    return fast


def _write_title_and_header(ws, groups, columns: Sequence[LedgerColumn], info: ExportInfo, exported_at: dt.datetime,
                            st: _Styles) -> str:
    """The title (district, years, 街镇), the note on how to fill the sheet in, and the header row; returns the
    title."""
    n_projects = sum(len(g) for _, g in groups)
    total_inv = sum(_investment(p) for _, g in groups for p in g)
    district = next((str(p.get("district")).strip() for _, g in groups for p in g if not P.is_empty(p.get("district"))),
                    "")
    years = sorted({int(y) for _, g in groups for p in g if (y := _maybe_int(p.get("year"))) is not None})
    year_text = _years_text(years)
    sd_text = "、".join(info.subdistricts) if info.subdistricts else ""
    title = f"{district} {year_text}年度 15分钟社区生活圈项目实施台账" + (f"（{sd_text}）" if sd_text else "")
    _put(ws, TITLE_ROW, 1, title.strip(), font=st.title)
    office_names = "、".join(P.FIELDS_BY_NAME[n].alias_zh for n in OFFICE_FIELDS)
    note = (f"导出时间 {exported_at:%Y-%m-%d %H:%M}，共 {n_projects} 个项目，投资估算合计 {total_inv:,.2f} 万元。"
            f"黄色列（{office_names}）由街镇填写，其余列已锁定；开工、完工日期在开工、完工后改为实际日期。"
            f"填好后保存为 .xlsx 原文件发回，请勿增删行列、改动工作表名、列名和项目编号（详见“{README_SHEET}”）。")
    _put(ws, NOTE_ROW, 1, note, font=st.note)
    for j, c in enumerate(columns, start=1):
        _put(ws, HEADER_ROW, j, c.header, font=st.bold,
             fill=st.office_header_fill if c.office else st.header_fill, border=st.border, align=st.center)
    ws.row_dimensions[HEADER_ROW].height = 32
    return title


@dataclass
class _RowStyles:
    """Style ids of the streamed rows, one per column: project cells (normal, and text beginning with = + - @),
    subtotal and total cells."""

    project: list[tuple[int, int]]
    subtotal: list[int]
    total: list[int]


def _row_styles(fast: _FastRows, columns: Sequence[LedgerColumn], st: _Styles) -> _RowStyles:
    from openpyxl.styles import Alignment, Font, Protection

    locked, unlocked = Protection(locked=True), Protection(locked=False)
    wrap, top = Alignment(vertical="top", wrap_text=True), Alignment(vertical="top")
    out = _RowStyles([], [], [])
    for c in columns:
        base = dict(border=st.border, number_format=_number_format(c.kind, c.key), alignment=wrap if c.wrap else top,
                    protection=unlocked if c.office else locked)
        if c.office:
            base["fill"] = st.office_fill
        out.project.append((fast.style_id(**base), fast.style_id(quotePrefix=True, **base)))
        for ids, fill in ((out.subtotal, st.subtotal_fill), (out.total, st.total_fill)):
            ids.append(fast.style_id(border=st.border, font=Font(bold=True), fill=fill,
                                     number_format=_number_format(c.kind, c.key), protection=locked))
    return out


def _project_values(groups, columns: Sequence[LedgerColumn], profile: str, steps: Steps):
    """The cells' values of each project, by group — ([[(project id, values)]], column widths): the widths are
    measured on a sample of the values (they are capped anyway)."""
    n_projects = sum(len(g) for _, g in groups)
    widths = [max(c.min_width, _text_width(c.header) * 0.8 + 2) for c in columns]
    labels: dict[str, str] = {}  # category code -> its label
    keys = [c.key for c in columns]
    done = 0
    values_by_group: list[list[tuple[str, list]]] = []
    for _sd, group in groups:
        rows_of_group = []
        for p in group:
            pid, values = _values_of(p, keys, profile, labels)
            if done < 2000 or done % 25 == 0:
                _widen(widths, values, columns)
            rows_of_group.append((pid, values))
            done += 1
            if done % 1000 == 0:
                steps.sub(0.5 * done / max(n_projects, 1))
        values_by_group.append(rows_of_group)
    return values_by_group, [round(min(max(widths[i], c.min_width), c.max_width), 1) for i, c in enumerate(columns)]


def _values_of(p, keys: Sequence[str], profile: str, labels: dict) -> tuple[str, list]:
    """(project id, the values of its row): typed as the schema's, the category by its label, the fingerprint and
    the exported values (canonical text, JSON) in the two hidden columns."""
    typed = {n: typed_value(n, p.get(n)) for n in P.FIELD_NAMES}
    canon = {n: _canon_typed(v) for n, v in typed.items()}
    values = []
    for key in keys:
        if key == FINGERPRINT_KEY:
            value = _hash_canon(canon, P.FIELD_NAMES)
        elif key == EXPORTED_KEY:
            value = json.dumps(canon, ensure_ascii=False, separators=(",", ":"))
        else:
            value = typed.get(key)
            if key == "category" and value is not None:
                code = str(value)
                label = labels.get(code)
                if label is None:
                    choice = P.category_choice(code, profile)
                    label = labels[code] = choice.label("zh") if choice else code
                value = label
        values.append(value)
    return typed["project_id"] or str(p.get("project_id")).strip(), values


def _widen(widths: list, values: Sequence, columns: Sequence[LedgerColumn]) -> None:
    for i, value in enumerate(values):
        if value is not None and not columns[i].hidden:
            w = _text_width(value) + 2
            if w > widths[i]:
                widths[i] = w


def _write_rows(fast: _FastRows, groups, values_by_group, columns: Sequence[LedgerColumn], letters: Sequence[str],
                sids: _RowStyles, widths: Sequence[float], steps: Steps) -> list[tuple[int, int]]:
    """The project rows (tall enough for their wrapped text), a subtotal after each group and the total; returns
    the runs of project rows (first, last) the office's validation covers."""
    n_projects = sum(len(g) for _, g in groups)
    wrapped = [i for i, c in enumerate(columns) if c.wrap]
    row = FIRST_DATA_ROW
    runs: list[tuple[int, int]] = []
    done = 0
    for (sd, group), rows_of_group in zip(groups, values_by_group):
        first = row
        for pid, values in rows_of_group:
            cells = []
            for i, value in enumerate(values):
                normal, quoted = sids.project[i]
                sid = quoted if type(value) is str and value.startswith(_INJECTION_START) else normal
                cells.append((letters[i], sid, value))
            lines = max((_lines(values[i], widths[i]) for i in wrapped if type(values[i]) is str), default=1)
            fast.add_row(row, cells, _row_height(lines))
            fast.project_rows[pid] = row
            row += 1
            done += 1
            if done % 1000 == 0:
                steps.sub(0.5 + 0.5 * done / max(n_projects, 1))
        runs.append((first, row - 1))
        sub = _total_values(columns, sd, f"小计：{len(group)} 个项目", sum(_investment(p) for p in group))
        fast.add_row(row, [(letters[i], sids.subtotal[i], v) for i, v in enumerate(sub)])
        fast.subtotal_rows[sd] = row
        row += 1
    total_inv = sum(_investment(p) for _, g in groups for p in g)
    tot = _total_values(columns, "全部街镇" if len(groups) > 1 else groups[0][0], f"合计：{n_projects} 个项目",
                        total_inv)
    fast.add_row(row, [(letters[i], sids.total[i], v) for i, v in enumerate(tot)])
    fast.total_row = row
    return runs


def _total_values(columns: Sequence[LedgerColumn], subdistrict: str, label: str, investment: float) -> list:
    """A subtotal or total row: the 街镇, the count in the name column, the investment summed."""
    out = [None] * len(columns)
    for i, c in enumerate(columns):
        if c.key == "subdistrict":
            out[i] = subdistrict
        elif c.key == "name":
            out[i] = label
        elif c.key == "investment":
            out[i] = round(investment, 6)
    return out


def _years_text(years: Sequence[int]) -> str:
    if not years:
        return ""
    if len(years) == 1:
        return str(years[0])
    if years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}–{years[-1]}"
    return "、".join(map(str, years))
