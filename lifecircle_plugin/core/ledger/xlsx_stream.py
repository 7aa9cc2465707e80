"""A returned xlsx read with bounded memory: its parts (sheets, shared strings, date styles) through expat over the zip."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Callable, Optional

from ..errors import Msg
from .model import LedgerError, MAX_PART_BYTES
from .xlsx_cells import _SheetReader


#: built-in number formats that are dates: 14–17, 22 and the East Asian ones (27–36, 50–58) Excel and WPS write
#: without defining them
_BUILTIN_DATE_IDS = set(range(14, 18)) | {22} | set(range(27, 37)) | set(range(50, 59))
_BUILTIN_PERCENT_IDS = {9, 10}


class _Workbook:
    """The parts of an xlsx an import needs: sheets (name, state, part), shared strings, date styles."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        try:
            with open(self.path, "rb") as fh:
                head = fh.read(8)
        except OSError as exc:
            raise LedgerError(Msg("Cannot open '{}': {}.", self.path, exc.strerror or exc)) from None
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            raise LedgerError(Msg("'{}' is an old-format workbook (.xls / .et) or is protected by a password: open it "
                                  "in Excel, WPS or LibreOffice, remove any password to open, and save it as .xlsx "
                                  "(Excel 2007–365 "
                                  "workbook).", self.path.name))
        try:
            self.zip = zipfile.ZipFile(self.path)
        except (zipfile.BadZipFile, OSError):
            raise LedgerError(Msg("'{}' is not an .xlsx workbook (or it is damaged): save it as .xlsx from Excel, WPS "
                                  "or LibreOffice.", self.path.name)) from None
        self.names = {i.filename: i for i in self.zip.infolist()}
        workbook = self._office_document()
        self.sheets: list[tuple[str, str, str]] = []  # (name, state, part)
        self.date1904 = False
        self._read_workbook(workbook)
        self.shared: list[str] = []
        self.date_styles: set[int] = set()
        self.percent_styles: set[int] = set()
        self._read_shared_strings(workbook)
        self._read_styles(workbook)

    def close(self) -> None:
        self.zip.close()

    # -- parts
    def _check_part(self, name: str) -> None:
        """LedgerError for a part that is missing or larger than :data:`MAX_PART_BYTES` uncompressed."""
        info = self.names.get(name)
        if info is None:
            raise LedgerError(Msg("'{}' is damaged: the part {} is missing.", self.path.name, name))
        if info.file_size > MAX_PART_BYTES:
            raise LedgerError(Msg("'{}': the part {} is {:,.0f} MB uncompressed; a ledger is far smaller. Refused (is "
                                  "this the right "
                                  "file?).", self.path.name, name, info.file_size / 1e6))

    def _part(self, name: str) -> bytes:
        self._check_part(name)
        try:
            return self.zip.read(name)
        except (zipfile.BadZipFile, OSError, RuntimeError) as exc:  # RuntimeError: encrypted member
            raise LedgerError(Msg("'{}' is damaged: {} cannot be read ({}).", self.path.name, name, exc)) from None

    def _open_part(self, name: str):
        self._check_part(name)
        return self.zip.open(name)

    def _rels(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationship id -> (type, target part) of ``part``."""
        folder, base = part.rsplit("/", 1) if "/" in part else ("", part)
        rels_name = f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"
        if rels_name not in self.names:
            return {}
        out = {}
        for attrs in _elements(self._part(rels_name), "Relationship", self.path.name, rels_name):
            target = attrs.get("Target", "")
            if attrs.get("TargetMode") == "External":
                continue
            if target.startswith("/"):
                resolved = target.lstrip("/")
            else:
                parts = (folder.split("/") if folder else []) + target.split("/")
                stack: list[str] = []
                for p in parts:
                    if p == "..":
                        if stack:
                            stack.pop()
                    elif p and p != ".":
                        stack.append(p)
                resolved = "/".join(stack)
            out[attrs.get("Id", "")] = (attrs.get("Type", ""), resolved)
        return out

    def _office_document(self) -> str:
        for _id, (kind, target) in self._rels("").items() if "_rels/.rels" in self.names else []:
            if kind.endswith("/officeDocument"):
                return target
        if "xl/workbook.xml" in self.names:
            return "xl/workbook.xml"
        raise LedgerError(Msg("'{}' is not an Excel workbook (no workbook part): save it as .xlsx.", self.path.name))

    def _read_workbook(self, workbook: str) -> None:
        rels = self._rels(workbook)
        for local, attrs in _elements_any(self._part(workbook), ("sheet", "workbookPr"), self.path.name, workbook):
            if local == "workbookPr":
                self.date1904 = str(attrs.get("date1904", "0")).lower() in ("1", "true")
                continue
            rid = next((v for k, v in attrs.items() if k.rsplit(" ", 1)[-1] == "id" and k != "sheetId"), None)
            kind, target = rels.get(rid or "", ("", ""))
            if kind and not kind.endswith("/worksheet"):
                target = ""  # a chart sheet or dialog sheet: no cells
            self.sheets.append((attrs.get("name", ""), attrs.get("state", "visible"), target))

    def _read_shared_strings(self, workbook: str) -> None:
        target = next((t for k, t in self._rels(workbook).values() if k.endswith("/sharedStrings")), None)
        if not target or target not in self.names:
            return
        reader = _SharedStrings()
        _parse_stream(self._open_part(target), reader, self.path.name, target)
        self.shared = reader.strings

    def _read_styles(self, workbook: str) -> None:
        from openpyxl.styles.numbers import is_date_format

        target = next((t for k, t in self._rels(workbook).values() if k.endswith("/styles")), None)
        if not target or target not in self.names:
            return
        custom: dict[int, str] = {}
        xfs: list[int] = []
        in_cellxfs = False

        class H:
            def start(self, name, attrs):
                nonlocal in_cellxfs
                local = name.rsplit(" ", 1)[-1]
                if local == "numFmt":
                    try:
                        custom[int(attrs.get("numFmtId", "-1"))] = attrs.get("formatCode", "")
                    except ValueError:
                        pass
                elif local == "cellXfs":
                    in_cellxfs = True
                elif local == "xf" and in_cellxfs:
                    try:
                        xfs.append(int(attrs.get("numFmtId", "0")))
                    except ValueError:
                        xfs.append(0)

            def end(self, name):
                nonlocal in_cellxfs
                if name.rsplit(" ", 1)[-1] == "cellXfs":
                    in_cellxfs = False

            def chars(self, data):
                pass

        _parse_stream(self._open_part(target), H(), self.path.name, target)
        for i, fmt_id in enumerate(xfs):
            code = custom.get(fmt_id)
            if code is not None:
                if is_date_format(code):
                    self.date_styles.add(i)
                elif "%" in code:
                    self.percent_styles.add(i)
            elif fmt_id in _BUILTIN_DATE_IDS:
                self.date_styles.add(i)
            elif fmt_id in _BUILTIN_PERCENT_IDS:
                self.percent_styles.add(i)

    # -- cells
    def read_rows(self, part: str, sheet: str, on_row: Callable[[int, dict], None]) -> list[str]:
        """Streams the rows of a sheet to ``on_row(row number, {column index: CellValue})``; returns the merged
        ranges."""
        reader = _SheetReader(self, on_row)
        _parse_stream(self._open_part(part), reader, self.path.name, part, sheet=sheet)
        return reader.merges


def _parse_stream(stream, handler, file_name: str, part: str, sheet: Optional[str] = None) -> None:
    import xml.parsers.expat as expat

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = handler.start
    parser.EndElementHandler = handler.end
    parser.CharacterDataHandler = handler.chars
    parser.buffer_text = True
    try:
        with stream:
            while True:
                chunk = stream.read(1 << 20)
                if not chunk:
                    break
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except expat.ExpatError as exc:
        where = f"sheet '{sheet}'" if sheet else part
        raise LedgerError(Msg("'{}' is damaged: {} is not valid XML (line {}: "
                              "{}).", file_name, where, exc.lineno, expat.ErrorString(exc.code)), sheet=sheet) from None
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError) as exc:
        raise LedgerError(Msg("'{}' is damaged: {} cannot be read ({}).", file_name, part, exc), sheet=sheet) from None


def _elements(data: bytes, local_name: str, file_name: str, part: str) -> list[dict]:
    return [attrs for _, attrs in _elements_any(data, (local_name,), file_name, part)]


def _elements_any(data: bytes, local_names: Sequence[str], file_name: str, part: str) -> list[tuple[str, dict]]:
    import io

    out: list[tuple[str, dict]] = []

    class H:
        def start(self, name, attrs):
            local = name.rsplit(" ", 1)[-1]
            if local in local_names:
                out.append((local, {k.rsplit(" ", 1)[-1] if k.rsplit(" ", 1)[-1] != "id" else k: v
                                    for k, v in attrs.items()}))

        def end(self, name):
            pass

        def chars(self, data):
            pass

    _parse_stream(io.BytesIO(data), H(), file_name, part)
    return out


class _SharedStrings:
    """sharedStrings.xml: the text of each <si> (runs joined; phonetic guides <rPh> left out)."""

    def __init__(self):
        self.strings: list[str] = []
        self._buf: list[str] = []
        self._in_t = False
        self._skip = 0

    def start(self, name, attrs):
        local = name.rsplit(" ", 1)[-1]
        if local == "si":
            self._buf = []
        elif local == "t" and not self._skip:
            self._in_t = True
        elif local == "rPh":
            self._skip += 1

    def end(self, name):
        local = name.rsplit(" ", 1)[-1]
        if local == "t":
            self._in_t = False
        elif local == "rPh":
            self._skip -= 1
        elif local == "si":
            self.strings.append("".join(self._buf))

    def chars(self, data):
        if self._in_t:
            self._buf.append(data)
