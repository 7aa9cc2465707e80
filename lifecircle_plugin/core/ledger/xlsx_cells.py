"""Cells of a returned workbook: references, values, and one worksheet streamed row by row."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import TYPE_CHECKING, Callable, Optional

from .model import _EXCEL_EPOCH, _EXCEL_EPOCH_1904

if TYPE_CHECKING:  # (the workbook reads its sheets with this module's reader)
    from .xlsx_stream import _Workbook


_REF_RE = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


def column_index(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ord(ch) - 64)
    return n


class CellValue:
    """A cell of a returned workbook: its value (cached for formulas), and what kind of cell it was.

    (A slotted class, not a dataclass: an import creates one per cell.)"""

    __slots__ = ("value", "formula", "cached", "error", "percent")

    def __init__(self, value: object, formula: Optional[str] = None, cached: bool = True, error: bool = False,
                 percent: bool = False):
        self.value = value
        self.formula = formula  # the formula text, when the cell has one
        self.cached = cached  # False: a formula without a cached value
        self.error = error  # an error value (#REF!, #DIV/0! …)
        self.percent = percent  # shown as a percentage (0.45 = 45 %)

    def __repr__(self) -> str:
        extra = "".join(f", {k}={getattr(self, k)!r}" for k in ("formula", "cached", "error", "percent")
                        if getattr(self, k) != CellValue.__init__.__defaults__[("formula", "cached", "error",
                                                                                  "percent").index(k)])
        return f"CellValue({self.value!r}{extra})"


class _StopReading(Exception):
    pass


_NAMESPACES = ("http://schemas.openxmlformats.org/spreadsheetml/2006/main",  # transitional (Excel, WPS, LibreOffice)
               "http://purl.oclc.org/ooxml/spreadsheetml/main",  # strict
               "")  # no namespace


def _qualified(local: str) -> list[str]:
    return [f"{ns} {local}" if ns else local for ns in _NAMESPACES]


_C_NAME, _V_NAME, _T_NAME = (f"{_NAMESPACES[0]} {x}" for x in ("c", "v", "t"))


class _SheetReader:
    """Cells of one worksheet, row by row, as :class:`CellValue`; merged ranges at the end.

    Element names are dispatched through dicts keyed by the expanded name (namespace + local name): most of the
    time of an import is spent in these callbacks.
    """

    def __init__(self, wb: _Workbook, on_row: Callable[[int, dict], None]):
        self.wb = wb
        self.on_row = on_row
        self.merges: list[str] = []
        self.row = 0
        self.cells: dict[int, CellValue] = {}
        self.col = 0
        self._cell: Optional[list] = None  # [col, type, style, value text, formula text, has f, inline parts]
        self._capture: Optional[str] = None
        self._buf: list[str] = []
        self._in_is = False
        self._skip = 0
        self._epoch = _EXCEL_EPOCH_1904 if wb.date1904 else _EXCEL_EPOCH
        self._letters: dict[str, int] = {}
        #: columns to read (None: all); ``on_row`` may return a set to narrow it (the ledger, once the header is
        #: known, reads only the columns the import uses)
        self.wanted: Optional[set] = None
        self._starts: dict[str, Callable] = {}
        self._ends: dict[str, Callable] = {}
        for local, on_start, on_end in (("c", self._start_c, self._end_c), ("row", self._start_row, self._end_row),
                                        ("v",
                                         self._start_v, self._end_capture), ("f", self._start_f, self._end_capture),
                                        ("is", self._start_is, self._end_is), ("t", self._start_t, self._end_capture),
                                        ("rPh", self._start_rph, self._end_rph),
                                        ("mergeCell", self._start_merge, None)):
            for name in _qualified(local):
                self._starts[name] = on_start
                if on_end is not None:
                    self._ends[name] = on_end

    # expat callbacks (the cell and value elements first: they are nearly all of them)
    def start(self, name, attrs):
        if name == _C_NAME:
            self._start_c(attrs)
        elif name == _V_NAME:
            if self._cell is not None:
                self._capture, self._buf = "v", []
        else:
            handler = self._starts.get(name)
            if handler is not None:
                handler(attrs)

    def end(self, name):
        if name == _V_NAME or name == _T_NAME:
            if self._capture is not None:
                self._end_capture()
        elif name == _C_NAME:
            self._end_c()
        else:
            handler = self._ends.get(name)
            if handler is not None:
                handler()

    def chars(self, data):
        if self._capture is not None:
            self._buf.append(data)

    # elements
    def _start_row(self, attrs):
        r = attrs.get("r")
        try:
            self.row = int(r) if r else self.row + 1
        except ValueError:
            self.row += 1
        self.cells = {}
        self.col = 0

    def _end_row(self):
        if self.cells:
            wanted = self.on_row(self.row, self.cells)
            if wanted is not None:
                self.wanted = wanted
        self.cells = {}

    def _start_c(self, attrs):
        ref = attrs.get("r")
        col = None
        if ref:
            letters = ref.rstrip("0123456789$")
            col = self._letters.get(letters)
            if col is None:
                m = _REF_RE.match(ref)
                if m:
                    col = self._letters[letters] = column_index(m.group(1))
        if col is None:
            col = self.col + 1
        self.col = col
        if self.wanted is not None and col not in self.wanted:
            self._cell = None
            return
        s = attrs.get("s")
        try:
            style = int(s) if s else 0
        except ValueError:
            style = 0
        self._cell = [col, attrs.get("t", "n"), style, None, None, False, None]

    def _end_c(self):
        cell = self._cell
        if cell is not None:
            value = self._value(cell)
            if value is not None:
                self.cells[cell[0]] = value
        self._cell = None

    def _start_v(self, attrs):
        if self._cell is not None:
            self._capture, self._buf = "v", []

    def _start_f(self, attrs):
        if self._cell is not None:
            self._cell[5] = True
            self._capture, self._buf = "f", []

    def _start_is(self, attrs):
        if self._cell is not None:
            self._in_is = True
            self._cell[6] = []

    def _start_t(self, attrs):
        if self._cell is not None and self._in_is and not self._skip:
            self._capture, self._buf = "t", []

    def _end_capture(self):
        what = self._capture
        if what is None or self._cell is None:
            return
        text = "".join(self._buf)
        if what == "v":
            self._cell[3] = text
        elif what == "f":
            self._cell[4] = text
        else:
            self._cell[6].append(text)
        self._capture = None

    def _end_is(self):
        self._in_is = False

    def _start_rph(self, attrs):
        self._skip += 1

    def _end_rph(self):
        self._skip -= 1

    def _start_merge(self, attrs):
        ref = attrs.get("ref")
        if ref:
            self.merges.append(ref)

    def _value(self, cell: list) -> Optional[CellValue]:
        _col, t, style, v, ftext, has_f, inline = cell
        formula = ("=" + ftext) if has_f and ftext else ("=(shared formula)" if has_f else None)
        if t == "n" and v:
            try:
                number = float(v)
            except ValueError:
                return CellValue(v, formula)
            if style and style in self.wb.date_styles and math.isfinite(number):
                try:
                    return CellValue(self._epoch + dt.timedelta(days=number), formula)
                except OverflowError:
                    return CellValue(number, formula)
            if number.is_integer() and abs(number) < 2**53:
                number = int(number)
            return CellValue(number, formula, percent=bool(style) and style in self.wb.percent_styles)
        if t == "inlineStr":
            text = "".join(inline or [])
            return CellValue(text, formula) if (text or formula) else None
        if v is None or (v == "" and t != "str"):
            if has_f:
                return CellValue(None, formula, cached=False)
            return None
        if t == "s":
            try:
                return CellValue(self.wb.shared[int(v)], formula)
            except (ValueError, IndexError):
                return CellValue(f"#SHARED-STRING-{v}?", formula, error=True)
        if t == "str":
            return CellValue(v, formula)
        if t == "b":
            return CellValue(v.strip() in ("1", "true"), formula)
        if t == "e":
            return CellValue(v, formula, error=True)
        if t == "d":
            try:
                return CellValue(dt.datetime.fromisoformat(v.replace("Z", "")), formula)
            except ValueError:
                return CellValue(v, formula)
        return CellValue(v, formula)


def _range_bounds(ref: str) -> Optional[tuple[int, int, int, int]]:
    """(min col, min row, max col, max row) of ``A1:C3``."""
    parts = ref.split(":")
    coords = []
    for p in parts:
        m = _REF_RE.match(p.strip())
        if not m:
            return None
        coords.append((column_index(m.group(1)), int(m.group(2))))
    if len(coords) == 1:
        coords.append(coords[0])
    (c1, r1), (c2, r2) = coords
    return min(c1, c2), min(r1, r2), max(c1, c2), max(r1, r2)
