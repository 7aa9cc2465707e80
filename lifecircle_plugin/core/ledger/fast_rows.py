"""The project rows of 项目台账 written as sheet XML of our own and spliced into openpyxl's file."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from typing import Optional

from ..errors import LifeCircleError
from .model import _EXCEL_EPOCH, _EXCEL_EPOCH_DATE, HEADER_ROW
from .styles import _clean_text, _letter


class _FastRows:
    """The project rows of 项目台账 as sheet XML, spliced into the sheet openpyxl wrote (see module doc).

    Cells are written as inline strings (never formulas), numbers, dates as serial numbers with a date style;
    style ids come from openpyxl's own stylesheet (registered through scratch cells before saving).
    """

    def __init__(self, ws):
        self.ws = ws
        self.parts: list[str] = []
        self.last_row = HEADER_ROW
        self.last_col = 1
        self.project_rows: dict[str, int] = {}
        self.subtotal_rows: dict[str, int] = {}
        self.total_row = 0
        self._sid_cache: dict[tuple, int] = {}

    def style_id(self, **attrs) -> int:
        """The stylesheet index of a cell style (font, fill, border, alignment, protection, number_format,
        quotePrefix)."""
        from openpyxl.cell.cell import Cell

        key = tuple(sorted((k, repr(v)) for k, v in attrs.items()))
        sid = self._sid_cache.get(key)
        if sid is None:
            cell = Cell(self.ws)
            for k, v in attrs.items():
                setattr(cell, k, v)
            sid = cell.style_id  # registers the style in the workbook's stylesheet
            self._sid_cache[key] = sid
        return sid

    def add_row(self, row: int, cells: Sequence[tuple[str, int, object]], height: Optional[float] = None) -> None:
        """``cells``: (column letter, style id, value) in column order; ``height`` in points (None: default).

        The common value types are written inline here (this runs once per cell of the ledger)."""
        out = [f'<row r="{row}" ht="{height:g}" customHeight="1">' if height else f'<row r="{row}">']
        append = out.append
        for letter, sid, value in cells:
            cls = type(value)
            if value is None:
                append(f'<c r="{letter}{row}" s="{sid}"/>')
            elif cls is str:
                text = _clean_text(value)
                if "&" in text or "<" in text or ">" in text:
                    text = _xml_escape(text)
                if text[:1].isspace() or text[-1:].isspace():
                    append(f'<c r="{letter}{row}" s="{sid}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>')
                else:
                    append(f'<c r="{letter}{row}" s="{sid}" t="inlineStr"><is><t>{text}</t></is></c>')
            elif cls is int:
                append(f'<c r="{letter}{row}" s="{sid}"><v>{value}</v></c>')
            elif cls is dt.date:
                append(f'<c r="{letter}{row}" s="{sid}"><v>{(value - _EXCEL_EPOCH_DATE).days}</v></c>')
            else:
                append(_cell_xml(f"{letter}{row}", sid, value))
        append("</row>")
        self.parts.append("".join(out))
        self.last_row = max(self.last_row, row)

    def splice(self, sheet_xml: bytes) -> bytes:
        text = sheet_xml.decode("utf-8")
        rows = "".join(self.parts)
        if "</sheetData>" in text:
            text = text.replace("</sheetData>", rows + "</sheetData>", 1)
        elif "<sheetData/>" in text:
            text = text.replace("<sheetData/>", f"<sheetData>{rows}</sheetData>", 1)
        else:  # pragma: no cover - openpyxl always writes sheetData
            raise LifeCircleError("Internal error: the ledger sheet has no sheetData element.")
        text = re.sub(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="A1:{_letter(self.last_col)}{self.last_row}"/>',
                      text, count=1)
        return text.encode("utf-8")


def _xml_escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cell_xml(ref: str, sid: int, value: object) -> str:
    if value is None:
        return f'<c r="{ref}" s="{sid}"/>'
    cls = type(value)
    if cls is str:
        s = _clean_text(value)
        if "&" in s or "<" in s or ">" in s:
            s = _xml_escape(s)
        space = ' xml:space="preserve"' if s[:1].isspace() or s[-1:].isspace() else ""
        return f'<c r="{ref}" s="{sid}" t="inlineStr"><is><t{space}>{s}</t></is></c>'
    if cls is int:
        return f'<c r="{ref}" s="{sid}"><v>{value}</v></c>'
    if cls is float:
        if not math.isfinite(value):
            return f'<c r="{ref}" s="{sid}"/>'
        return f'<c r="{ref}" s="{sid}"><v>{value!r}</v></c>'
    if cls is dt.date:
        return f'<c r="{ref}" s="{sid}"><v>{(value - _EXCEL_EPOCH_DATE).days}</v></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}" s="{sid}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, dt.datetime):
        # full precision: a serial rounded to 8 decimals shows 09:28 as 09:27 (LibreOffice truncates minutes)
        delta = value.replace(tzinfo=None) - _EXCEL_EPOCH
        serial = delta.days + (delta.seconds + delta.microseconds / 1e6) / 86400.0
        return f'<c r="{ref}" s="{sid}"><v>{serial!r}</v></c>'
    if isinstance(value, dt.date):
        return f'<c r="{ref}" s="{sid}"><v>{(value - _EXCEL_EPOCH_DATE).days}</v></c>'
    if isinstance(value, (int, float)):
        return _cell_xml(ref, sid, float(value) if isinstance(value, float) else int(value))
    return _cell_xml(ref, sid, str(value))
