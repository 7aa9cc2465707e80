"""The sheet 说明 (what was exported and how to return it) and the very hidden _lifecircle sheet."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ... import projects as P
from ..model import (
    EXPORTED_IDS_KEY, ExportInfo, ExportSummary, FORMAT_NAME, FORMAT_VERSION, GAPS_SHEET, HEADER_ROW, IMPACT_SHEET,
    LEDGER_SHEET, LedgerColumn, OFFICE_FIELDS, POTENTIAL_SHEET, README_SHEET, SUMMARY_SHEET, UNITS_SHEET,
)
from ..page import _print_setup, _set_widths
from ..styles import _header_row, _put, _Styles


def _write_readme_sheet(ws, summary: ExportSummary, columns: Sequence[LedgerColumn], info: ExportInfo,
                        exported_at: dt.datetime, version: str) -> None:
    st = _Styles()
    _put(ws, 1, 1, "说明", font=st.title)
    r = 3
    for k, v in _facts(summary, info, exported_at, version):
        _put(ws, r, 1, k, font=st.bold, border=st.border, align=st.top)
        _put(ws, r, 2, v, border=st.border, align=st.wrap)
        r += 1
    r += 1
    _put(ws, r, 1, "如何填写与发回", font=st.title)
    r += 1
    for s in _how_to_return():
        _put(ws, r, 1, s, align=st.wrap)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=4)
        ws.row_dimensions[r].height = 32
        r += 1
    r += 1
    _put(ws, r, 1, f"“{LEDGER_SHEET}”各列", font=st.title)
    r += 1
    _header_row(ws, r, ["列名", "字段", "由谁填写", "说明 / 取值"], st)
    r += 1
    for c in columns:
        who, what = _column_guide(c)
        for j, v in enumerate([c.header, c.key if not c.hidden else "", who, what], start=1):
            _put(ws, r, j, v, border=st.border, align=st.wrap,
                 fill=st.office_fill if c.office and j == 3 else None)
        r += 1
    _set_widths(ws, {"A": 18, "B": 60, "C": 16, "D": 40})
    _print_setup(ws, landscape=False)


def _facts(summary: ExportSummary, info: ExportInfo, exported_at: dt.datetime, version: str) -> list[tuple[str, str]]:
    """What was exported, from which layer, when and by which plugin version."""
    years = "、".join(map(str, info.years)) if info.years else "全部年度"
    sds = "、".join(info.subdistricts) if info.subdistricts else "全部街镇"
    return [
        ("内容", "15分钟社区生活圈 年度项目实施清单台账（一张蓝图）"),
        ("年度", years),
        ("街镇", sds),
        ("项目数", f"{summary.projects} 个（{len(summary.subdistricts)} 个街镇）"),
        ("投资估算合计", f"{summary.investment:,.2f} 万元"),
        ("来源图层", f"{info.layer_name}" + (f"（{info.layer_source}）" if info.layer_source else "")),
        ("导出时间", f"{exported_at:%Y-%m-%d %H:%M:%S}"),
        ("导出工具", f"LifeCircle 15分钟生活圈 QGIS 插件 {version}（lifecircle:exportledger）"),
        ("工作表", "；".join(_sheet_description(s) for s in summary.sheets)),
    ]


def _how_to_return() -> list[str]:
    """How an office fills the ledger in and sends it back, step by step."""
    office = "、".join(P.FIELDS_BY_NAME[n].alias_zh for n in OFFICE_FIELDS)
    return [
        f"1. 只填写“{LEDGER_SHEET}”中的黄色单元格（{office}）；其余列已锁定（工作表保护，无密码），请勿取消保护后修改。",
        f"2. 项目状态从下拉列表选择（{'、'.join(P.STATUSES)}）；进度填 0–100 的整数（百分比）；日期写成 2026-03-01。",
        "3. 开工、完工日期：未开工 / 未完工时是计划日期，开工 / 完工后请改为实际日期；听证会、协调会、评议会填写召开日期。",
        "4. 不要增删行或列，不要改动工作表名、列名、项目编号，不要合并单元格，不要填写公式；隐藏的“校验码”“导出值”两列请勿改动。",
        "5. 新增项目不要加在表中：请另行报送，由区里在 QGIS 项目清单中新增后重新导出。",
        "6. 用 Excel、WPS 或 LibreOffice 保存为 .xlsx（不要另存为 .xls / .et / .csv），原文件发回。",
        "7. 区里在 QGIS 中用 LifeCircle“导入台账”（lifecircle:importledger）读回：先预览每一处改动，确认后才写入；导出后在 QGIS 中被改动过的项目列为冲突，不会被覆盖。",
    ]


def _column_guide(c: LedgerColumn) -> tuple[str, str]:
    """(who fills the column, what it holds) for the column guide."""
    if c.hidden:
        return "—", "隐藏列：导出时的数值校验，请勿改动"
    spec = P.FIELDS_BY_NAME[c.key]
    who = "街镇填写" if c.office else "区里维护（锁定）"
    allowed = P.allowed_values(c.key)
    if c.key == "category":
        return who, "十全 Q01–Q10 / 十美 M01–M10"
    if allowed:
        return who, " / ".join(allowed)
    if spec.type == P.DATE:
        return who, "日期，如 2026-03-01"
    if c.key == "progress":
        return who, "0–100 的整数"
    if c.key == "investment":
        return who, "万元"
    return who, spec.alias_en


def _sheet_description(name: str) -> str:
    return {
        LEDGER_SHEET: f"{LEDGER_SHEET}（按街镇分组的项目，街镇填写黄色列）",
        SUMMARY_SHEET: f"{SUMMARY_SHEET}（按街镇 × 状态、按十全/十美类别统计）",
        UNITS_SHEET: f"{UNITS_SHEET}（各单元十全/十美覆盖）",
        GAPS_SHEET: f"{GAPS_SHEET}（缺项与推荐选址）",
        POTENTIAL_SHEET: f"{POTENTIAL_SHEET}（潜力地块排名及理由）",
        IMPACT_SHEET: f"{IMPACT_SHEET}（项目实施前后覆盖对比）",
        README_SHEET: f"{README_SHEET}（本页）",
    }.get(name, name)


def _write_meta_sheet(ws, summary: ExportSummary, info: ExportInfo, exported_at: dt.datetime, version: str,
                      exported_ids: Sequence[str] = ()) -> None:
    facts = [
        ("format", FORMAT_NAME), ("format_version", FORMAT_VERSION), ("exported_at", exported_at.isoformat()),
        ("layer_name", info.layer_name), ("layer_source", info.layer_source), ("plugin_version", version),
        ("years", ",".join(map(str, info.years))), ("subdistricts", ",".join(info.subdistricts)),
        ("projects", summary.projects), ("header_row", HEADER_ROW), ("fingerprint_fields", ",".join(P.FIELD_NAMES)),
        ("office_fields", ",".join(OFFICE_FIELDS)), ("profile", info.profile),
    ]
    # the projects exported, one a row: an import lists those whose row the office deleted
    facts += [(EXPORTED_IDS_KEY, pid) for pid in exported_ids]
    for i, (k, v) in enumerate(facts, start=1):
        _put(ws, i, 1, k)
        _put(ws, i, 2, str(v) if v is not None else "")
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True
