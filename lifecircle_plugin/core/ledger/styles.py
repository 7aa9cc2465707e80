"""Cells of the sheets openpyxl writes: the shared styles and colours, text a cell can hold, headers."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Optional


# colours (ARGB without alpha)
C_HEADER = "D9E1F2"
C_OFFICE_HEADER = "FFD966"
C_OFFICE = "FFF2CC"
C_SUBTOTAL = "EDEDED"
C_TOTAL = "D0D0D0"
C_MET = "C6EFCE"
C_MET_TEXT = "006100"
C_NOT_MET = "FFC7CE"
C_NOT_MET_TEXT = "9C0006"
C_BETTER = "C6EFCE"

_INJECTION_START = ("=", "+", "-", "@")


def _letter(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(i)


class _Styles:
    """Shared openpyxl style objects (small sheets) — created once per export."""

    def __init__(self):
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        thin = Side(style="thin", color="A6A6A6")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.bold = Font(bold=True)
        self.title = Font(bold=True, size=14)
        self.note = Font(italic=True, color="595959")
        self.header_fill = PatternFill("solid", fgColor=C_HEADER)
        self.office_header_fill = PatternFill("solid", fgColor=C_OFFICE_HEADER)
        self.office_fill = PatternFill("solid", fgColor=C_OFFICE)
        self.subtotal_fill = PatternFill("solid", fgColor=C_SUBTOTAL)
        self.total_fill = PatternFill("solid", fgColor=C_TOTAL)
        self.center = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.wrap = Alignment(vertical="top", wrap_text=True)
        self.top = Alignment(vertical="top")


def _put(ws, row: int, col: int, value: object, *, font=None, fill=None, border=None, align=None,
         number_format: Optional[str] = None):
    """One cell of a small sheet; text beginning with = + - @ stays text (formula injection)."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        value = _clean_text(value)
    elif isinstance(value, float) and not math.isfinite(value):
        value = None
    cell.value = value
    if isinstance(value, str) and value.startswith(_INJECTION_START):
        cell.data_type = "s"
        cell.quotePrefix = True
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    if border is not None:
        cell.border = border
    if align is not None:
        cell.alignment = align
    elif border is not None:  # table cells: on top, like the wrapped text beside them
        cell.alignment = _top_alignment()
    if number_format:
        cell.number_format = number_format
    return cell


_TOP = None


def _top_alignment():
    global _TOP
    if _TOP is None:
        from openpyxl.styles import Alignment

        _TOP = Alignment(vertical="top")
    return _TOP


_ILLEGAL = {i: None for i in list(range(0, 9)) + [11, 12] + list(range(14, 32))}
_MAX_CELL_CHARS = 32767


_NEEDS_CLEANING = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\r]")


def _clean_text(text: str) -> str:
    """Text a cell can hold: no control characters, \\n line ends, at most Excel's 32,767 characters."""
    if _NEEDS_CLEANING.search(text) is None and len(text) <= _MAX_CELL_CHARS:
        return text
    s = text.replace("\r\n", "\n").replace("\r", "\n").translate(_ILLEGAL)
    if len(s) > _MAX_CELL_CHARS:
        s = s[: _MAX_CELL_CHARS - 1] + "…"
    return s


def _header_row(ws, row: int, headers: Sequence[str], st: _Styles, widths: Optional[Sequence[float]] = None,
                fill=None) -> None:
    for j, h in enumerate(headers, start=1):
        _put(ws, row, j, h, font=st.bold, fill=fill or st.header_fill, border=st.border, align=st.center)
    if widths:
        for j, w in enumerate(widths, start=1):
            ws.column_dimensions[_letter(j)].width = w


def _colour_rule(formula: str, colour: str, text_colour: Optional[str] = None):
    """A conditional format: cells where ``formula`` holds get the fill ``colour`` (and the text colour)."""
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Font, PatternFill

    return FormulaRule(formula=[formula], fill=PatternFill("solid", fgColor=colour, bgColor=colour),
                       font=Font(color=text_colour) if text_colour else None)
