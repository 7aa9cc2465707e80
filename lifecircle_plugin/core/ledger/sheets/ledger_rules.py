"""The office's cells of 项目台账 and its page: data validation, protection without a password, A3 printing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from ... import projects as P
from ..model import _EXCEL_EPOCH, DATE_MAX, DATE_MIN, HEADER_ROW, OFFICE_FIELDS, REMARKS_MAX_CHARS
from ..styles import _clean_text


def _add_validations(ws, col_of: Mapping[str, str], runs: Sequence[tuple[int, int]]) -> None:
    """Data validation on the office's cells (project rows only: ``runs`` of rows (first, last))."""
    def ranges(key: str) -> str:
        col = col_of[key]
        return " ".join(f"{col}{a}:{col}{b}" for a, b in runs)

    for dv, keys in _office_validations():
        dv.sqref = _multi_range(" ".join(ranges(k) for k in keys if k in col_of))
        ws.add_data_validation(dv)


def _office_validations() -> list:
    """(validation, the fields it checks): a dropdown for the status, 0–100 for the progress and the satisfaction,
    dates between 2000 and 2100, whole numbers for attendance and votes, a length limit for remarks."""
    from openpyxl.worksheet.datavalidation import DataValidation

    statuses = ",".join(P.STATUSES)
    return [
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


def _protect(ws) -> None:
    """Protection without a password: the office's cells are unlocked; filtering, sorting, widths allowed."""
    prot = ws.protection
    prot.sheet = True
    prot.autoFilter = False
    prot.sort = False
    prot.formatColumns = False
    prot.formatRows = False
    prot.selectLockedCells = False
    prot.selectUnlockedCells = False


def _print_ledger(ws, title: str) -> None:
    """A3 landscape, fit to width, the header row on every page, the title in the header from page 2 on."""
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


def _multi_range(text: str):
    from openpyxl.worksheet.cell_range import MultiCellRange

    return MultiCellRange(text)


def _serial(d: dt.date) -> int:
    return (d - _EXCEL_EPOCH.date()).days
