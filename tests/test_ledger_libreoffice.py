"""The ledger as an office sees it: opened by LibreOffice (headless), rendered to PDF/PNG, converted to CSV, edited
in LibreOffice (a Basic macro changes cells and LibreOffice's own xlsx writer saves the file) and imported back.

Needs LibreOffice Calc and poppler (``apt-get install -y --no-install-recommends libreoffice-calc-nogui
poppler-utils``; ``make test`` installs them). Without them these tests FAIL, they are not skipped: the round
trip through a real office program is the point of the ledger.

The pages are written to ``build/ledger-screens/lo-*.png`` for a person to look at.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl
import pytest
from lifecircle.lifecircle_plugin.core import ledger as L
from lifecircle.lifecircle_plugin.core import projects as P
from qgis import processing
from qgis.core import QgsVectorLayer
from qgis.PyQt.QtGui import QImage

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "sample" / "sample_district.gpkg"
SCREENS = ROOT / "build" / "ledger-screens"
INSTALL = "apt-get install -y --no-install-recommends libreoffice-calc-nogui poppler-utils"


class LibreOffice:
    """soffice --headless with a private profile; Basic macros written into that profile's Standard library."""

    def __init__(self, folder: Path):
        self.exe = shutil.which("soffice") or shutil.which("libreoffice")
        if not self.exe:
            pytest.fail(f"LibreOffice (soffice) is not installed: the ledger tests open, render and edit workbooks "
                        f"with it. Install it: {INSTALL}", pytrace=False)
        for tool in ("pdftoppm", "pdftotext", "pdfinfo"):
            if not shutil.which(tool):
                pytest.fail(f"{tool} (poppler-utils) is not installed. Install it: {INSTALL}", pytrace=False)
        self.profile = folder / "profile"
        self.folder = folder
        seed = folder / "seed.xlsx"
        wb = openpyxl.Workbook()
        wb.active["A1"] = 1
        wb.save(seed)
        self.convert(seed, "csv", folder / "seed")  # creates the profile
        self.module = self.profile / "user" / "basic" / "Standard" / "Module1.xba"
        assert self.module.parent.is_dir(), f"LibreOffice did not create its profile in {self.profile}"

    def run(self, *args: str, timeout: int = 180) -> subprocess.CompletedProcess:
        """Runs soffice in a process group of its own: on a timeout the whole group is killed (soffice.bin
        outlives the soffice script, and a Basic error in a macro waits on a dialog nobody can see)."""
        cmd = [self.exe, "--headless", "--norestore", "--nologo", f"-env:UserInstallation={self.profile.as_uri()}",
               *args]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                start_new_session=True)
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            pytest.fail(f"LibreOffice did not finish within {timeout} s: {' '.join(args)} (a Basic error in a macro "
                        "waits on an invisible dialog)", pytrace=False)
        return subprocess.CompletedProcess(cmd, proc.returncode, out, err)

    def convert(self, src: Path, target: str, outdir: Path) -> subprocess.CompletedProcess:
        outdir.mkdir(parents=True, exist_ok=True)
        res = self.run("--convert-to", target, "--outdir", str(outdir), str(src))
        assert res.returncode == 0, f"soffice --convert-to {target} failed: {res.stdout} {res.stderr}"
        return res

    def edit(self, src: Path, out: Path, statements: list[str], sheet: str = L.LEDGER_SHEET) -> Path:
        """Opens ``src`` in LibreOffice, runs ``statements`` (Basic; ``oDoc`` and ``oSheet`` are set) and saves
        ``out`` with LibreOffice's xlsx filter."""
        body = "\n".join("  " + s for s in statements)
        basic = f'''Sub EditLedger(sIn As String, sOut As String)
  Dim args(0) As New com.sun.star.beans.PropertyValue
  args(0).Name = "Hidden"
  args(0).Value = True
  oDoc = StarDesktop.loadComponentFromURL(ConvertToURL(sIn), "_blank", 0, args())
  oSheet = oDoc.Sheets.getByName("{sheet}")
{body}
  Dim sargs(0) As New com.sun.star.beans.PropertyValue
  sargs(0).Name = "FilterName"
  sargs(0).Value = "Calc MS Excel 2007 XML"
  oDoc.storeToURL(ConvertToURL(sOut), sargs())
  oDoc.close(True)
End Sub
'''
        self.module.write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD '
            'OfficeDocument 1.0//EN" "module.dtd">\n<script:module xmlns:script="http://openoffice.org/2000/script" '
            'script:name="Module1" script:language="StarBasic">' + escape(basic, {'"': "&quot;"}) + "</script:module>",
            encoding="utf-8")
        if out.exists():
            out.unlink()
        res = self.run(f'macro:///Standard.Module1.EditLedger("{src}","{out}")')
        assert out.exists(), f"the LibreOffice macro wrote nothing: {res.stdout} {res.stderr}"
        return out


def basic_text(s: str) -> str:
    """A Basic string expression (line breaks as Chr(10): a Basic literal cannot hold one)."""
    return " & Chr(10) & ".join('"' + part.replace('"', '""') + '"' for part in s.split("\n"))


def set_string(ref: str, text: str) -> str:
    return f"oSheet.getCellRangeByName({basic_text(ref)}).setString({basic_text(text)})"


def set_value(ref: str, value: float) -> str:
    return f"oSheet.getCellRangeByName({basic_text(ref)}).setValue({value!r})"


def set_formula(ref: str, formula: str) -> str:
    return f"oSheet.getCellRangeByName({basic_text(ref)}).setFormula({basic_text(formula)})"


def serial(d: dt.date) -> int:
    return (d - dt.date(1899, 12, 30)).days


@pytest.fixture(scope="module")
def office(tmp_path_factory) -> LibreOffice:
    return LibreOffice(tmp_path_factory.mktemp("libreoffice"))


def sample_projects() -> list[dict]:
    con = sqlite3.connect(SAMPLE)
    con.row_factory = sqlite3.Row
    out = []
    for r in con.execute("SELECT * FROM projects ORDER BY fid"):
        p = dict(r)
        p.pop("geom", None)
        p.pop("fid", None)
        for name in P.DATE_FIELDS:
            p[name] = dt.date.fromisoformat(p[name]) if p[name] else None
        p["updated_at"] = dt.datetime.fromisoformat(p["updated_at"].replace("Z", "")).replace(microsecond=0)
        out.append(p)
    con.close()
    return out


@pytest.fixture(scope="module")
def projects():
    return sample_projects()


def _plain(v):
    from lifecircle.lifecircle_plugin.project_layer import to_python

    return to_python(v)


@pytest.fixture(scope="module")
def full_ledger(lc_provider_module, tmp_path_factory):
    """The sample's ledger with every extra sheet, from real results of the other algorithms."""
    def s(layer, subset=""):
        return f"{SAMPLE}|layername={layer}" + (f"|subset={subset}" if subset else "")

    cov = processing.run("lifecircle:facilitycoverage", {
        "FACILITIES": s("facilities"), "CATEGORY_FIELD": "category", "RESIDENTS": s("residents"),
        "POPULATION_FIELD": "population", "UNITS": s("blocks"), "UNIT_ID_FIELD": "block_id",
        "NETWORK": s("streets"), "UNITS_OUTPUT": "memory:", "RESIDENTS_OUTPUT": "memory:"})
    imp = processing.run("lifecircle:projectimpact", {
        "FACILITIES": s("facilities"), "CATEGORY_FIELD": "category", "RESIDENTS": s("residents"),
        "POPULATION_FIELD": "population", "UNITS": s("blocks"), "UNIT_ID_FIELD": "block_id",
        "NETWORK": s("streets"), "PROJECTS": s("projects"), "YEAR": 2026, "UNITS_OUTPUT": "memory:",
        "PROJECTS_OUTPUT": "memory:", "RESIDENTS_OUTPUT": "memory:"})
    pot = processing.run("lifecircle:potentialspace", {
        "PARCELS": s("parcels"), "ZONES": s("blocks"), "ZONE_TYPE_FIELD": "block_type", "NETWORK": s("streets"),
        "BARRIERS": s("barriers"), "OUTPUT": "memory:"})
    sit = processing.run("lifecircle:siting", {
        "CANDIDATES": s("parcels", "\"status\" IN ('idle','vacant')"), "CANDIDATE_ID_FIELD": "parcel_id",
        "DEMAND": s("residents"), "POPULATION_FIELD": "population", "DEMAND_ID_FIELD": "resident_id",
        "EXISTING": s("facilities"), "EXISTING_CATEGORY_FIELD": "category", "CATEGORY": "Q05",
        "NETWORK": s("streets"), "MODEL": 0, "P": 3, "SITES": "memory:"})
    out = tmp_path_factory.mktemp("full") / "示例区台账.xlsx"
    processing.run("lifecircle:exportledger", {
        "INPUT": s("projects"), "UNITS": cov["UNITS_OUTPUT"], "SITES": sit["SITES"], "SITES_CATEGORY": "Q05",
        "POTENTIAL": pot["OUTPUT"], "IMPACT_UNITS": imp["UNITS_OUTPUT"], "IMPACT_PROJECTS": imp["PROJECTS_OUTPUT"],
        "OUTPUT": str(out)})
    return out


@pytest.fixture(scope="module")
def ledger(tmp_path_factory, projects):
    path = tmp_path_factory.mktemp("ledger") / "ledger.xlsx"
    summary = L.export_ledger(path, projects, L.ExportInfo(layer_name="projects", exported_at=dt.datetime(2026, 7, 1)))
    return path, summary


# ------------------------------------------------------------------------------------------------------------
# opened by LibreOffice: PDF → PNG, and CSV


def _ink(png: Path) -> float:
    """Share of non-white pixels of a page image."""
    img = QImage(str(png))
    assert not img.isNull(), png
    step = 4
    dark = total = 0
    for y in range(0, img.height(), step):
        for x in range(0, img.width(), step):
            c = img.pixelColor(x, y)
            total += 1
            dark += (c.red() + c.green() + c.blue()) < 600
    return dark / total


def test_rendered_by_libreoffice(office, full_ledger, tmp_path):
    office.convert(full_ledger, "pdf", tmp_path)
    pdf = tmp_path / (full_ledger.stem + ".pdf")
    assert pdf.exists()
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    sheets = [s for s in openpyxl.load_workbook(full_ledger).sheetnames if s != L.META_SHEET]
    assert pages >= len(sheets)
    # page size of the ledger: A3 landscape (1190.55 x 841.89 pt)
    first = subprocess.run(["pdfinfo", "-f", "1", "-l", "1", str(pdf)], capture_output=True, text=True).stdout
    w, h = map(float, re.search(r"Page\s+1 size:\s+([\d.]+) x ([\d.]+)", first).groups())
    assert (round(w), round(h)) == (1191, 842)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    # every sheet printed; the ledger's projects, subtotals and total are on paper; hidden things are not
    for needle in ("15分钟社区生活圈项目实施台账", "东湖嵌入式托育点", "小计：11 个项目", "11,250.00", "项目数量",
                   "生活圈基本单元体检", "推荐选址：Q05 为老服务", "潜力空间", "成效评估", "如何填写与发回"):
        assert needle in text, needle
    assert "fingerprint_fields" not in text  # the very hidden sheet
    fingerprints = [r[-2] for r in openpyxl.load_workbook(full_ledger)[L.LEDGER_SHEET].iter_rows(
        min_row=L.FIRST_DATA_ROW, values_only=True) if r[0]]
    assert len(fingerprints) == 21 and not any(fp in text for fp in fingerprints)  # the hidden columns
    SCREENS.mkdir(parents=True, exist_ok=True)
    for old in SCREENS.glob("lo-page-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(SCREENS / "lo-page")], check=True)
    pngs = sorted(SCREENS.glob("lo-page-*.png"))
    assert len(pngs) == pages
    for png in pngs:
        assert _ink(png) > 0.002, f"{png} is blank"


def _csv_sheets(office: LibreOffice, path: Path, outdir: Path) -> dict[str, list[list[str]]]:
    # UTF-8 (76), every sheet (-1: LibreOffice ≥ 7.2 writes one file per sheet), values as shown
    office.convert(path, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1", outdir)
    out = {}
    for f in outdir.glob(f"{path.stem}-*.csv"):
        sheet = f.stem[len(path.stem) + 1:]
        with open(f, encoding="utf-8", newline="") as fh:
            out[sheet] = list(csv.reader(fh))
    return out


def test_csv_from_libreoffice_matches_the_export(office, ledger, projects, tmp_path):
    path, summary = ledger
    sheets = _csv_sheets(office, path, tmp_path)
    assert L.LEDGER_SHEET in sheets and L.SUMMARY_SHEET in sheets, list(sheets)
    rows = sheets[L.LEDGER_SHEET]
    header = rows[L.HEADER_ROW - 1]
    col = {key: header.index(P.FIELDS_BY_NAME[key].alias_zh) for key in P.FIELD_NAMES
           if P.FIELDS_BY_NAME[key].alias_zh in header}
    fp_col = header.index(L.FINGERPRINT_HEADER)
    for p in projects:
        row = rows[summary.project_rows[p["project_id"]] - 1]
        assert row[col["project_id"]] == p["project_id"]
        assert row[col["name"]] == p["name"]
        assert row[col["investment"]] == f"{p['investment']:,.2f}"  # the number format, as displayed
        assert row[col["progress"]] == str(p["progress"])
        assert row[col["status"]] == p["status"]
        for name in P.DATE_FIELDS:
            assert row[col[name]] == (p[name].isoformat() if p[name] else ""), name
        assert row[col["updated_at"]] == p["updated_at"].strftime("%Y-%m-%d %H:%M")
        assert row[col["category"]] == P.category_choice(p["category"]).label("zh")
        assert row[fp_col] == L.fingerprint(p)
    sums = {}
    for p in projects:
        sums[p["subdistrict"]] = sums.get(p["subdistrict"], 0.0) + p["investment"]
    for sd, r in summary.subtotal_rows.items():
        assert rows[r - 1][col["investment"]] == f"{sums[sd]:,.2f}"
    assert rows[summary.total_row - 1][col["investment"]] == f"{sum(sums.values()):,.2f}"
    # 汇总: the 街镇 × status counts
    srows = sheets[L.SUMMARY_SHEET]
    statuses = srows[1][1:7]
    assert statuses == list(P.STATUSES)
    for r in srows[2:2 + len(sums)]:
        sd = r[0]
        for j, st in enumerate(statuses, start=1):
            assert int(r[j]) == sum(1 for p in projects if p["subdistrict"] == sd and p["status"] == st)


# ------------------------------------------------------------------------------------------------------------
# round trips with edits made in LibreOffice


def _is_libreoffice_file(path: Path) -> bool:
    with zipfile.ZipFile(path) as z:
        return "LibreOffice" in z.read("docProps/app.xml").decode("utf-8")


def test_round_trip_edited_in_libreoffice(office, ledger, projects, tmp_path):
    path, summary = ledger
    c, rows = summary.columns, summary.project_rows
    r2, r3, r9 = rows["2026-东湖-002"], rows["2026-东湖-003"], rows["2026-西岸-009"]
    out = office.edit(path, tmp_path / "lo.xlsx", [
        set_string(f"{c['status']}{r2}", "在建"),
        set_value(f"{c['progress']}{r2}", 20),
        set_value(f"{c['start_date']}{r2}", serial(dt.date(2026, 9, 8))),
        set_string(f"{c['remarks']}{r2}", "=已进场（不是公式）"),
        set_formula(f"{c['progress']}{r3}", "=40+5"),  # a formula: LibreOffice saves its result
        set_string(f"{c['remarks']}{r9}", "第一行\n第二行"),
        set_value(f"{c['evaluation_date']}{r9}", serial(dt.date(2026, 12, 1))),
        set_string(f"{c['name']}{r9}", "名字（锁定列：导入不取）"),
    ])
    assert _is_libreoffice_file(out)
    # LibreOffice keeps what the office needs: protection, the dropdowns, the hidden round-trip columns
    ws = openpyxl.load_workbook(out)[L.LEDGER_SHEET]
    assert ws.protection.sheet
    assert any(dv.type == "list" and "谋划" in dv.formula1 for dv in ws.data_validations.dataValidation)
    assert ws.column_dimensions[c[L.FINGERPRINT_KEY]].hidden
    result = L.read_ledger(out, projects)
    assert result.ok, [str(e) for e in result.errors]
    got = {(ch.project_id, ch.field): (ch.new, ch.from_formula) for ch in result.changes}
    assert got == {
        ("2026-东湖-002", "status"): ("在建", False), ("2026-东湖-002", "progress"): (20, False),
        ("2026-东湖-002", "start_date"): (dt.date(2026, 9, 8), False),
        ("2026-东湖-002", "remarks"): ("=已进场（不是公式）", False),
        ("2026-东湖-003", "progress"): (45, True),
        ("2026-西岸-009", "remarks"): ("第一行\n第二行", False),
        ("2026-西岸-009", "evaluation_date"): (dt.date(2026, 12, 1), False),
    }
    assert result.exported["layer_name"] == "projects"


def test_libreoffice_edits_applied_to_the_layer_with_a_conflict(office, lc_provider, tmp_path):
    gpkg = tmp_path / "d.gpkg"
    shutil.copy(SAMPLE, gpkg)
    src = f"{gpkg}|layername=projects"
    exported = tmp_path / "ledger.xlsx"
    processing.run("lifecircle:exportledger", {"INPUT": src, "OUTPUT": str(exported)})
    summary_rows, cols = {}, {}
    aliases = {P.FIELDS_BY_NAME[n].alias_zh: n for n in P.FIELD_NAMES}
    ws = openpyxl.load_workbook(exported, read_only=True)[L.LEDGER_SHEET]
    for r, row in enumerate(ws.iter_rows(values_only=True), start=1):
        if r == L.HEADER_ROW:
            cols = {aliases[h]: openpyxl.utils.get_column_letter(i + 1) for i, h in enumerate(row) if h in aliases}
        elif r > L.HEADER_ROW and row[0]:
            summary_rows[row[0]] = r
    # the planner changes 东湖-006 in QGIS after the export
    layer = QgsVectorLayer(src, "projects", "ogr")
    f = next(layer.getFeatures("\"project_id\" = '2026-东湖-006'"))
    assert layer.startEditing()
    layer.changeAttributeValue(f.id(), layer.fields().lookupField("investment"), 60.0)
    assert layer.commitChanges()
    del layer
    r6, r7 = summary_rows["2026-东湖-006"], summary_rows["2026-西岸-007"]
    returned = office.edit(exported, tmp_path / "returned.xlsx", [
        set_string(f"{cols['remarks']}{r6}", "场地已开放"), set_value(f"{cols['progress']}{r7}", 20),
        set_string(f"{cols['status']}{r7}", "在建")])
    res = processing.run("lifecircle:importledger", {"INPUT": src, "WORKBOOK": str(returned), "APPLY": True,
                                                     "OUTPUT": "memory:"})
    assert (res["CHANGES"], res["CONFLICTS"], res["ERRORS"], res["APPLIED"]) == (2, 1, 0, 1)
    con = sqlite3.connect(gpkg)
    got = dict(((pid, (st, pr, rem)) for pid, st, pr, rem in con.execute(
        "SELECT project_id, status, progress, remarks FROM projects")))
    con.close()
    assert got["2026-西岸-007"][:2] == ("在建", 20)
    assert got["2026-东湖-006"][2] is None  # the conflict was not applied


def test_openpyxl_edits_resaved_by_libreoffice(office, ledger, projects, tmp_path):
    """Edits made by another tool, then the file opened and saved by LibreOffice (its xlsx writer: shared strings,
    its own styles and number formats)."""
    path, summary = ledger
    c, rows = summary.columns, summary.project_rows
    wb = openpyxl.load_workbook(path)
    ws = wb[L.LEDGER_SHEET]
    ws[f"{c['progress']}{rows['2026-西岸-001']}"] = 35
    ws[f"{c['end_date']}{rows['2026-西岸-001']}"] = dt.datetime(2026, 8, 15)
    ws[f"{c['status']}{rows['2026-东湖-009']}"] = "前期"
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    outdir = tmp_path / "resaved"
    office.convert(edited, "xlsx:Calc MS Excel 2007 XML", outdir)
    resaved = outdir / "edited.xlsx"
    assert _is_libreoffice_file(resaved)
    now = [dict(p) for p in projects]
    for p in now:
        if p["project_id"] == "2026-东湖-009":
            p["remarks"] = "区里补充的备注"  # changed in QGIS since the export: a conflict
    result = L.read_ledger(resaved, now)
    assert result.ok, [str(e) for e in result.errors]
    assert {(ch.project_id, ch.field, ch.new) for ch in result.changes} == {
        ("2026-西岸-001", "progress", 35), ("2026-西岸-001", "end_date", dt.date(2026, 8, 15))}
    (k,) = result.conflicts
    assert k.project_id == "2026-东湖-009" and k.changed_in_qgis == ["remarks"]
    assert [(f.field, f.exported, f.office, f.current) for f in k.fields] == [("status", "谋划", "前期", "谋划")]


def test_hostile_edits_in_libreoffice(office, ledger, projects, tmp_path):
    path, summary = ledger
    c, rows = summary.columns, summary.project_rows
    r1, r4, r5, r8 = rows["2026-东湖-001"], rows["2026-东湖-004"], rows["2026-东湖-005"], rows["2026-东湖-008"]
    merged = f"{c['hearing_date']}{r5}:{c['coordination_date']}{r5}"
    out = office.edit(path, tmp_path / "hostile.xlsx", [
        set_formula(f"{c['progress']}{r1}", "=1/0"),  # an error value
        set_string(f"{c['status']}{r4}", "已完工"),  # not in the list
        'oSheet.unprotect("")',  # merging needs the protection off, as for a person in Calc
        f"oSheet.getCellRangeByName({basic_text(merged)}).merge(True)",
        set_string(f"{c['end_date']}{r8}", "明年"),  # not a date
        'oDoc.Sheets.insertNewByName("街道备注", 1)',
    ])
    result = L.read_ledger(out, projects)
    errs = {(e.row, e.column): e.message for e in result.errors}
    assert "#DIV/0!" in errs[(r1, c["progress"])]
    assert "'已完工' is not in the dropdown list" in errs[(r4, c["status"])]
    assert "merged cells" in errs[(r5, c["hearing_date"])]
    assert "'明年' is not a date" in errs[(r8, c["end_date"])]
    # (the merge spans the hearing's attendance too: Calc shows its number as a date now, and that is said)
    assert "听证会参会人数" in errs[(r5, c["hearing_attendance"])] and "is a date, not a number" in errs[
        (r5, c["hearing_attendance"])]
    assert len(errs) == 5
    assert any("街道备注" in n for n in result.notes)
    assert not result.changes
