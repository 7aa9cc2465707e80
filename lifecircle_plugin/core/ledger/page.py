"""The size of rows and columns and the printed page: wrapped text measured, rows made tall enough."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Optional

from .styles import _letter


def _text_width(value: object) -> float:
    if value is None:
        return 0.0
    if isinstance(value, float):
        s = f"{value:,.2f}"
    elif isinstance(value, dt.datetime):
        return 16.0
    elif isinstance(value, dt.date):
        return 10.0
    else:
        s = str(value)
    if "\n" in s:
        s = max(s.split("\n"), key=len)
    n = len(s)
    return (len(s.encode("utf-8")) + n) / 2.0  # CJK characters (3 bytes in UTF-8) count twice


def _print_setup(ws, landscape: bool = True, title_rows: Optional[str] = None, a3: bool = False) -> None:
    """Fit to the page width (A3 for the wide sheets), rows of wrapped text tall enough to show it."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A3 if a3 else ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE if landscape else ws.ORIENTATION_PORTRAIT
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        ws.print_title_rows = title_rows
    _fit_row_heights(ws)


LINE_HEIGHT_PT = 15.0


def _lines(text: str, width: float) -> int:
    """How many lines ``text`` takes in a wrapped cell ``width`` characters wide (a CJK character is ~1.8 widths of
    a digit in the fonts Excel, WPS and LibreOffice use for Chinese)."""
    usable = max(width - 0.8, 1.0)
    out = 0
    for part in text.split("\n"):
        n = len(part)
        wide = (len(part.encode("utf-8")) - n) / 2.0  # characters of 3 bytes in UTF-8: CJK
        out += max(1, math.ceil((n - wide + 1.8 * wide) / usable))
    return out


def _row_height(lines: int) -> Optional[float]:
    return min(409.0, LINE_HEIGHT_PT * lines + 2.0) if lines > 1 else None


def _fit_row_heights(ws) -> None:
    """Spreadsheet programs do not re-measure rows when they open a file (LibreOffice does not, Excel not
    always): rows with wrapped text get a height for the lines they need."""
    widths = {}
    for letter, dim in ws.column_dimensions.items():
        widths[letter] = dim.width or 8.43
    merged = {}
    for rng in ws.merged_cells.ranges:
        merged[(rng.min_row, rng.min_col)] = sum(widths.get(_letter(c), 8.43)
                                                 for c in range(rng.min_col, rng.max_col + 1))
    for row in ws.iter_rows():
        need = 1
        for cell in row:
            if not isinstance(cell.value, str) or not cell.alignment.wrap_text:
                continue
            width = merged.get((cell.row, cell.column), widths.get(cell.column_letter, 8.43))
            need = max(need, _lines(cell.value, width))
        height = _row_height(need)
        if height and (ws.row_dimensions[row[0].row].height or 0) < height:
            ws.row_dimensions[row[0].row].height = height


def _set_widths(ws, widths: Mapping[str, float]) -> None:
    """Column letter -> width."""
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width


def _listing_page(ws, freeze: str, n_cols: int, last_row: int) -> None:
    """A listing with its header in row 3 and its rows from row 4 to ``last_row``: frozen at ``freeze``, an
    autofilter when it has rows, A3 with the header on every page."""
    ws.freeze_panes = freeze
    if last_row >= 4:
        ws.auto_filter.ref = f"A3:{_letter(n_cols)}{last_row}"
    _print_setup(ws, title_rows="3:3", a3=True)
