"""The sheet 项目台账: title, header and the projects grouped by 街镇 with subtotals and a total."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

from ... import projects as P
from ...errors import Steps
from ..fast_rows import _FastRows
from ..model import (
    _EXCEL_EPOCH, DATE_MAX, DATE_MIN, EXPORTED_KEY, ExportInfo, FINGERPRINT_KEY, FIRST_DATA_ROW, HEADER_ROW,
    LedgerColumn, NOTE_ROW, OFFICE_FIELDS, README_SHEET, REMARKS_MAX_CHARS, TITLE_ROW,
)
from ..page import _lines, _row_height, _text_width
from ..selection import _investment
from ..styles import _clean_text, _INJECTION_START, _letter, _put, _Styles
from ..values import _canon_typed, _hash_canon, _maybe_int, typed_value


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
    from openpyxl.styles import Alignment, Font, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    st = _Styles()
    fast = _FastRows(ws)
    letters = [_letter(i + 1) for i in range(len(columns))]
    fast.last_col = len(columns)
    col_of = {c.key: letters[i] for i, c in enumerate(columns)}
    n_projects = sum(len(g) for _, g in groups)
    total_inv = sum(_investment(p) for _, g in groups for p in g)

    # title, note, header (openpyxl cells)
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

    # style ids for the streamed rows
    locked, unlocked = Protection(locked=True), Protection(locked=False)
    wrap, top = Alignment(vertical="top", wrap_text=True), Alignment(vertical="top")
    sids: list[tuple[int, int]] = []  # (normal, text beginning with = + - @)
    sub_sids: list[int] = []
    tot_sids: list[int] = []
    for c in columns:
        base = dict(border=st.border, number_format=_number_format(c.kind, c.key), alignment=wrap if c.wrap else top,
                    protection=unlocked if c.office else locked)
        if c.office:
            base["fill"] = st.office_fill
        sids.append((fast.style_id(**base), fast.style_id(quotePrefix=True, **base)))
        sub_sids.append(fast.style_id(border=st.border, font=Font(bold=True), fill=st.subtotal_fill,
                                      number_format=_number_format(c.kind, c.key), protection=locked))
        tot_sids.append(fast.style_id(border=st.border, font=Font(bold=True), fill=st.total_fill,
                                      number_format=_number_format(c.kind, c.key), protection=locked))

    widths = [max(c.min_width, _text_width(c.header) * 0.8 + 2) for c in columns]
    row = FIRST_DATA_ROW
    runs: list[tuple[int, int]] = []  # project-row runs (first, last) for validation ranges
    done = 0
    inv_col = next((i for i, c in enumerate(columns) if c.key == "investment"), None)
    name_col = next((i for i, c in enumerate(columns) if c.key == "name"), None)
    sd_col = next((i for i, c in enumerate(columns) if c.key == "subdistrict"), None)
    profile = info.profile
    labels: dict[str, str] = {}
    keys = [c.key for c in columns]
    wrapped = [i for i, c in enumerate(columns) if c.wrap]

    # pass 1: the cells' values, and the column widths from a sample of them (widths are capped anyway)
    values_by_group: list[list[tuple[str, list]]] = []
    for sd, group in groups:
        rows_of_group = []
        for p in group:
            typed = {n: typed_value(n, p.get(n)) for n in P.FIELD_NAMES}
            canon = {n: _canon_typed(v) for n, v in typed.items()}
            measure = done < 2000 or done % 25 == 0
            values = []
            for i, key in enumerate(keys):
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
                    if measure and value is not None and not columns[i].hidden:
                        w = _text_width(value) + 2
                        if w > widths[i]:
                            widths[i] = w
                values.append(value)
            rows_of_group.append((typed["project_id"] or str(p.get("project_id")).strip(), values))
            done += 1
            if done % 1000 == 0:
                steps.sub(0.5 * done / max(n_projects, 1))
        values_by_group.append(rows_of_group)
    final_widths = [round(min(max(widths[i], c.min_width), c.max_width), 1) for i, c in enumerate(columns)]

    # pass 2: the rows, tall enough for their wrapped text
    done = 0
    for (sd, group), rows_of_group in zip(groups, values_by_group):
        first = row
        for pid, values in rows_of_group:
            cells = []
            for i, value in enumerate(values):
                normal, quoted = sids[i]
                sid = quoted if type(value) is str and value.startswith(_INJECTION_START) else normal
                cells.append((letters[i], sid, value))
            lines = max((_lines(values[i], final_widths[i]) for i in wrapped if type(values[i]) is str), default=1)
            fast.add_row(row, cells, _row_height(lines))
            fast.project_rows[pid] = row
            row += 1
            done += 1
            if done % 1000 == 0:
                steps.sub(0.5 + 0.5 * done / max(n_projects, 1))
        runs.append((first, row - 1))
        sub = [None] * len(columns)
        if sd_col is not None:
            sub[sd_col] = sd
        if name_col is not None:
            sub[name_col] = f"小计：{len(group)} 个项目"
        if inv_col is not None:
            sub[inv_col] = round(sum(_investment(p) for p in group), 6)
        fast.add_row(row, [(letters[i], sub_sids[i], v) for i, v in enumerate(sub)])
        fast.subtotal_rows[sd] = row
        row += 1
    last_group_row = row - 1
    tot = [None] * len(columns)
    if name_col is not None:
        tot[name_col] = f"合计：{n_projects} 个项目"
    if sd_col is not None:
        tot[sd_col] = "全部街镇" if len(groups) > 1 else groups[0][0]
    if inv_col is not None:
        tot[inv_col] = round(total_inv, 6)
    fast.add_row(row, [(letters[i], tot_sids[i], v) for i, v in enumerate(tot)])
    fast.total_row = row

    for i, c in enumerate(columns):
        dim = ws.column_dimensions[letters[i]]
        dim.width = final_widths[i]
        if c.hidden:
            dim.hidden = True

    # frozen header (and the id / 街镇 / name columns), autofilter over the projects and subtotals
    ws.freeze_panes = f"D{FIRST_DATA_ROW}"
    ws.auto_filter.ref = f"A{HEADER_ROW}:{letters[-1]}{last_group_row}"

    # data validation on the office's cells (project rows only)
    def ranges(key: str) -> str:
        col = col_of[key]
        return " ".join(f"{col}{a}:{col}{b}" for a, b in runs)

    statuses = ",".join(P.STATUSES)
    dvs = [
        (DataValidation(type="list", formula1=f'"{statuses}"', allow_blank=True, showErrorMessage=True,
                        errorTitle="项目状态", error=f"请从下拉列表选择：{'、'.join(P.STATUSES)}",
                        promptTitle="项目状态", prompt="从下拉列表选择", showInputMessage=True), ["status"]),
        (DataValidation(type="whole", operator="between", formula1="0", formula2="100", allow_blank=True,
                        showErrorMessage=True, errorTitle="进度", error="进度填写 0–100 的整数（百分比）",
                        promptTitle="进度（%）", prompt="0–100 的整数", showInputMessage=True), ["progress"]),
        (DataValidation(type="date", operator="between", formula1=str(_serial(DATE_MIN)),
                        formula2=str(_serial(DATE_MAX)), allow_blank=True, showErrorMessage=True, errorTitle="日期",
                        error="请填写日期，例如 2026-03-01", promptTitle="日期", prompt="例如 2026-03-01",
                        showInputMessage=True),
         [n for n in OFFICE_FIELDS if P.FIELDS_BY_NAME[n].type == P.DATE]),
        (DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                        showErrorMessage=True, errorTitle="人数、票数", error="填写 0 或正整数",
                        promptTitle="人数、票数", prompt="0 或正整数；赞成+反对+弃权 = 投票人数", showInputMessage=True),
         ["hearing_attendance", "voters", *P.VOTE_FIELDS]),
        (DataValidation(type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True,
                        showErrorMessage=True, errorTitle="满意度", error="满意度填写 0–100（百分比）",
                        promptTitle="满意度（%）", prompt="0–100", showInputMessage=True), ["satisfaction"]),
        (DataValidation(type="textLength", operator="lessThanOrEqual", formula1=str(REMARKS_MAX_CHARS),
                        allow_blank=True, showErrorMessage=True, errorTitle="备注",
                        error=f"备注最多 {REMARKS_MAX_CHARS} 字", promptTitle="备注", prompt="进展、问题、需要协调的事项",
                        showInputMessage=True), ["remarks"]),
    ]
    for dv, keys in dvs:
        dv.sqref = _multi_range(" ".join(ranges(k) for k in keys if k in col_of))
        ws.add_data_validation(dv)

    # protection without a password: the office's cells are unlocked; filtering, sorting, widths allowed
    prot = ws.protection
    prot.sheet = True
    prot.autoFilter = False
    prot.sort = False
    prot.formatColumns = False
    prot.formatRows = False
    prot.selectLockedCells = False
    prot.selectUnlockedCells = False

    # print: A3 landscape, fit to width, header row on every page
    ws.page_setup.paperSize = ws.PAPERSIZE_A3
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddHeader.left.text = _clean_text(title.strip()).replace("&", "&&")[:200]  # from page 2 on
    ws.HeaderFooter.differentFirst = True
    ws.firstFooter.center.text = "第 &P 页，共 &N 页"
    return fast


def _multi_range(text: str):
    from openpyxl.worksheet.cell_range import MultiCellRange

    return MultiCellRange(text)


def _serial(d: dt.date) -> int:
    return (d - _EXCEL_EPOCH.date()).days


def _years_text(years: Sequence[int]) -> str:
    if not years:
        return ""
    if len(years) == 1:
        return str(years[0])
    if years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}–{years[-1]}"
    return "、".join(map(str, years))
