"""Excel ledgers (台账), core: the workbook read back with openpyxl, and returned workbooks read by the import.

No QGIS here. The bundled sample's project list is read straight from the GeoPackage with sqlite3; sums and
counts the workbook must show are computed from it with SQL, independently of the module under test.
"""

from __future__ import annotations

import configparser
import datetime as dt

import numpy as np
import hashlib
import json
import re
import shutil
import sqlite3
import tracemalloc
import zipfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Optional
from xml.sax.saxutils import escape

import pytest

openpyxl = pytest.importorskip("openpyxl")

from lifecircle.lifecircle_plugin.core import ledger as L  # noqa: E402
from lifecircle.lifecircle_plugin.core import projects as P  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
GPKG = ROOT / "resources/sample/sample_district.gpkg"
NOW = dt.datetime(2026, 7, 1, 9, 30)


# ------------------------------------------------------------------------------------------------------------
# the sample's projects, read without the plugin


def _date(text):
    return dt.date.fromisoformat(text) if text else None


def _datetime(text):
    if not text:
        return None
    return dt.datetime.fromisoformat(text.replace("Z", "")).replace(microsecond=0)


def sample_projects() -> list[dict]:
    con = sqlite3.connect(GPKG)
    con.row_factory = sqlite3.Row
    rows = [dict(r) for r in con.execute("SELECT * FROM projects ORDER BY fid")]
    con.close()
    out = []
    for r in rows:
        r.pop("fid", None)
        r.pop("geom", None)
        for name in P.DATE_FIELDS:
            r[name] = _date(r.get(name))
        r["updated_at"] = _datetime(r.get("updated_at"))
        out.append(r)
    return out


def sql(query: str) -> list[tuple]:
    con = sqlite3.connect(GPKG)
    try:
        return con.execute(query).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def projects():
    return sample_projects()


@pytest.fixture(scope="module")
def exported(tmp_path_factory, projects):
    path = tmp_path_factory.mktemp("ledger") / "ledger.xlsx"
    info = L.ExportInfo(layer_name="projects", layer_source="sample_district.gpkg|layername=projects",
                        exported_at=NOW, years=(2026,))
    summary = L.export_ledger(path, projects, info)
    return path, summary


def copy(path: Path, tmp_path: Path, name: str = "returned.xlsx") -> Path:
    out = tmp_path / name
    shutil.copy(path, out)
    return out


def edit(path: Path, out: Path, edits: dict, sheet: str = L.LEDGER_SHEET) -> Path:
    """Edits cells with openpyxl (an office tool other than ours writes the file)."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    for ref, value in edits.items():
        ws[ref] = value
    wb.save(out)
    return out


# ------------------------------------------------------------------------------------------------------------
# export: read back with openpyxl


def test_sheets_header_and_values(exported, projects):
    path, summary = exported
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [L.LEDGER_SHEET, L.SUMMARY_SHEET, L.README_SHEET, L.META_SHEET]
    assert wb[L.META_SHEET].sheet_state == "veryHidden"
    ws = wb[L.LEDGER_SHEET]
    header = [c.value for c in ws[L.HEADER_ROW]]
    cols = {h: i + 1 for i, h in enumerate(header)}
    # Chinese headers: the schema's aliases, the office's fields together, the two hidden columns last
    for name in ("project_id", "name", "investment", "status", "progress", "start_date", "remarks"):
        assert P.FIELDS_BY_NAME[name].alias_zh in cols
    assert header[-2:] == [L.FINGERPRINT_HEADER, L.EXPORTED_HEADER]
    office_cols = [cols[P.FIELDS_BY_NAME[n].alias_zh] for n in L.OFFICE_FIELDS]
    assert office_cols == list(range(office_cols[0], office_cols[0] + len(office_cols)))
    assert "previous_id" not in summary.columns  # no project of the sample was rolled over

    for p in projects:
        r = summary.project_rows[p["project_id"]]
        get = lambda name: ws.cell(row=r, column=cols[P.FIELDS_BY_NAME[name].alias_zh]).value  # noqa: E731
        assert get("project_id") == p["project_id"]
        assert get("name") == p["name"]
        assert get("subdistrict") == p["subdistrict"]
        assert get("year") == p["year"]
        assert get("investment") == pytest.approx(p["investment"])
        assert get("status") == p["status"]
        assert get("progress") == p["progress"]
        assert get("remarks") == p["remarks"]
        code = p["category"]
        assert get("category").startswith(code + " ")  # 'Q06 保育托幼'
        for name in P.DATE_FIELDS:
            v = get(name)
            assert (v.date() if v is not None else None) == p[name], (p["project_id"], name)
        assert get("updated_at") == p["updated_at"]


def test_number_and_date_formats_widths_freeze_filter_print(exported):
    path, summary = exported
    ws = openpyxl.load_workbook(path)[L.LEDGER_SHEET]
    c = summary.columns
    r = summary.project_rows["2026-东湖-001"]
    assert ws[f"{c['investment']}{r}"].number_format == "#,##0.00"
    assert ws[f"{c['progress']}{r}"].number_format == "0"
    assert ws[f"{c['year']}{r}"].number_format == "0"
    for name in P.DATE_FIELDS:
        assert ws[f"{c[name]}{r}"].number_format == "yyyy-mm-dd"
    assert ws[f"{c['updated_at']}{r}"].number_format == "yyyy-mm-dd hh:mm"
    assert ws[f"{c['remarks']}{r}"].alignment.wrap_text
    # widths: every visible column has one in a sensible range; the two round-trip columns are hidden
    for key, letter in c.items():
        dim = ws.column_dimensions[letter]
        assert 6 <= dim.width <= 40, (key, dim.width)
        assert dim.hidden == (key in (L.FINGERPRINT_KEY, L.EXPORTED_KEY)), key
    assert ws.column_dimensions[c["content"]].width > ws.column_dimensions[c["year"]].width
    assert ws.freeze_panes == f"D{L.FIRST_DATA_ROW}"
    last_group = max(summary.subtotal_rows.values())
    assert ws.auto_filter.ref == f"A{L.HEADER_ROW}:{c[L.EXPORTED_KEY]}{last_group}"
    ps = ws.page_setup
    assert int(ps.paperSize) == 8 and ps.orientation == "landscape"  # A3 landscape
    assert int(ps.fitToWidth) == 1 and int(ps.fitToHeight) == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == f"{L.HEADER_ROW}:{L.HEADER_ROW}"


def test_rows_tall_enough_for_wrapped_text_and_exact_times(exported, projects):
    path, summary = exported
    ws = openpyxl.load_workbook(path)[L.LEDGER_SHEET]
    c = summary.columns
    width = ws.column_dimensions[c["content"]].width
    for p in projects:
        r = summary.project_rows[p["project_id"]]
        wrapped = [k for k in c if ws[f"{c[k]}{r}"].alignment.wrap_text]
        assert {"name", "content", "remarks"} <= set(wrapped)
        longest = max(sum(1.8 if ord(ch) > 0x2E80 else 1 for ch in str(p.get(k) or ""))
                      / (ws.column_dimensions[c[k]].width - 0.8)
                      for k in wrapped)  # CJK characters: 1.8 widths each
        height = ws.row_dimensions[r].height
        if longest > 1.01:
            assert height and height >= 2 * 15, (p["project_id"], height)
        elif longest < 0.99:
            assert not height, (p["project_id"], height)
    assert any(ws.row_dimensions[r].height for r in summary.project_rows.values())
    assert width <= 36
    # date-times are written at full precision: 09:28 must not show as 09:27 (spreadsheets truncate minutes)
    with zipfile.ZipFile(path) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
    for p in projects:
        ref = f"{c['updated_at']}{summary.project_rows[p['project_id']]}"
        v = float(re.search(rf'<c r="{ref}"[^>]*><v>([^<]+)</v>', xml).group(1))
        minutes = (v - int(v)) * 1440
        assert abs(minutes - round(minutes)) < 1e-6
        assert int(v) == (p["updated_at"].date() - dt.date(1899, 12, 30)).days
        assert round(minutes) == p["updated_at"].hour * 60 + p["updated_at"].minute


def test_groups_subtotals_and_total_equal_sums(exported):
    path, summary = exported
    ws = openpyxl.load_workbook(path)[L.LEDGER_SHEET]
    c = summary.columns
    sums = dict(sql("SELECT subdistrict, SUM(investment) FROM projects GROUP BY subdistrict"))
    ids = defaultdict(set)
    for pid, sd in sql("SELECT project_id, subdistrict FROM projects"):
        ids[sd].add(pid)
    assert list(summary.subtotal_rows) == sorted(sums)
    start = L.FIRST_DATA_ROW
    for sd, sub_row in summary.subtotal_rows.items():
        # the rows of the group are exactly that 街镇's projects, then its subtotal
        group = {ws[f"{c['project_id']}{r}"].value for r in range(start, sub_row)}
        assert group == ids[sd]
        assert ws[f"{c['project_id']}{sub_row}"].value is None
        assert ws[f"{c['subdistrict']}{sub_row}"].value == sd
        assert ws[f"{c['investment']}{sub_row}"].value == pytest.approx(sums[sd])
        assert f"{len(ids[sd])} 个项目" in ws[f"{c['name']}{sub_row}"].value
        start = sub_row + 1
    assert summary.total_row == start
    (total,) = sql("SELECT SUM(investment) FROM projects")[0]
    assert ws[f"{c['investment']}{summary.total_row}"].value == pytest.approx(total)
    assert ws[f"{c['investment']}{summary.total_row}"].font.b


def test_validation_lists_and_ranges(exported):
    path, summary = exported
    ws = openpyxl.load_workbook(path)[L.LEDGER_SHEET]
    c = summary.columns
    rows = sorted(summary.project_rows.values())
    # consecutive runs of project rows (subtotal rows excluded)
    runs, a = [], rows[0]
    for prev, cur in zip(rows, rows[1:] + [None]):
        if cur != prev + 1:
            runs.append((a, prev))
            a = cur

    def covered(letter):
        cells = set()
        kinds = []
        for dv in ws.data_validations.dataValidation:
            for rng in dv.sqref.ranges:
                if rng.min_col == openpyxl.utils.column_index_from_string(letter) == rng.max_col:
                    cells.update(range(rng.min_row, rng.max_row + 1))
                    if not any(k is dv for k in kinds):
                        kinds.append(dv)
        return cells, kinds

    expected_rows = {r for a, b in runs for r in range(a, b + 1)}
    assert expected_rows == set(rows)
    cells, (dv,) = covered(c["status"])
    assert cells == expected_rows
    assert dv.type == "list" and dv.formula1 == '"谋划,前期,在建,完工,运营,取消"' and not dv.showDropDown
    assert dv.showErrorMessage
    cells, (dv,) = covered(c["progress"])
    assert cells == expected_rows
    assert (dv.type, dv.operator, dv.formula1, dv.formula2) == ("whole", "between", "0", "100")
    serial = lambda d: (d - dt.date(1899, 12, 30)).days  # noqa: E731
    for name in P.DATE_FIELDS:
        cells, (dv,) = covered(c[name])
        assert cells == expected_rows
        assert dv.type == "date" and dv.formula1 == str(serial(dt.date(2000, 1, 1)))
        assert dv.formula2 == str(serial(dt.date(2100, 12, 31)))
    cells, (dv,) = covered(c["remarks"])
    assert cells == expected_rows and dv.type == "textLength"
    for name in ("hearing_attendance", "voters", "votes_for", "votes_against", "votes_abstain"):
        cells, (dv,) = covered(c[name])
        assert cells == expected_rows and (dv.type, dv.operator, dv.formula1) == ("whole", "greaterThanOrEqual", "0")
    cells, (dv,) = covered(c["satisfaction"])
    assert (dv.type, dv.formula1, dv.formula2) == ("decimal", "0", "100")
    # no validation on the planner's columns
    for key in ("project_id", "name", "investment", "category"):
        assert covered(c[key])[0] == set()


def test_protection_without_password(exported):
    path, summary = exported
    ws = openpyxl.load_workbook(path)[L.LEDGER_SHEET]
    prot = ws.protection
    assert prot.sheet and not prot.password
    assert prot.autoFilter is False and prot.sort is False  # filtering and sorting stay allowed
    c = summary.columns
    for r in summary.project_rows.values():
        for key, letter in c.items():
            locked = ws[f"{letter}{r}"].protection.locked
            assert locked == (key not in L.OFFICE_FIELDS), (key, r)
        assert ws[f"{c['status']}{r}"].fill.fgColor.rgb.endswith(L.C_OFFICE)
    for r in list(summary.subtotal_rows.values()) + [summary.total_row]:
        for letter in c.values():
            assert ws[f"{letter}{r}"].protection.locked
    for cell in ws[L.HEADER_ROW]:
        assert cell.protection.locked


def _independent_fingerprint(p: dict) -> str:
    """The documented recipe, written again: blake2b-64 of 'field\\x1fcanonical' joined by \\x1e."""
    def canon(name, v):
        if v is None or (isinstance(v, str) and not v.strip()):
            return ""
        if isinstance(v, dt.datetime):
            return v.isoformat(sep=" ")
        if isinstance(v, dt.date):
            return v.isoformat()
        if isinstance(v, float):
            return "%.10g" % v
        return str(v).strip()
    text = "\x1e".join(f"{n}\x1f{canon(n, p.get(n))}" for n in P.FIELD_NAMES)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def test_hidden_fingerprint_per_row(exported, projects):
    path, summary = exported
    ws = openpyxl.load_workbook(path)[L.LEDGER_SHEET]
    c = summary.columns
    seen = set()
    for p in projects:
        r = summary.project_rows[p["project_id"]]
        fp = ws[f"{c[L.FINGERPRINT_KEY]}{r}"].value
        assert re.fullmatch(r"[0-9a-f]{16}", fp)
        assert fp == _independent_fingerprint(p) == L.fingerprint(p)
        seen.add(fp)
        stored = json.loads(ws[f"{c[L.EXPORTED_KEY]}{r}"].value)
        assert stored["status"] == p["status"] and stored["progress"] == str(p["progress"])
        assert stored["start_date"] == (p["start_date"].isoformat() if p["start_date"] else "")
    assert len(seen) == len(projects)
    for r in summary.subtotal_rows.values():
        assert ws[f"{c[L.FINGERPRINT_KEY]}{r}"].value is None


def test_fingerprint_follows_values_not_types():
    p = {"project_id": "2026-东湖-001", "investment": 420, "start_date": dt.date(2026, 3, 1), "name": "托育点",
         "progress": 45}
    same = {"project_id": " 2026-东湖-001 ", "investment": 420.0, "start_date": dt.datetime(2026, 3, 1),
            "name": "托育点 ", "progress": 45.0, "remarks": "  "}
    assert L.fingerprint(p) == L.fingerprint(same)
    for name, value in (("investment", 421.0), ("start_date", dt.date(2026, 3, 2)), ("name", "托育站"),
                        ("progress", 46), ("remarks", "x"), ("previous_id", "2025-东湖-001")):
        assert L.fingerprint({**p, name: value}) != L.fingerprint(p), name


def test_summary_sheet_counts_investment_and_chart(exported):
    path, summary = exported
    wb = openpyxl.load_workbook(path)
    ws = wb[L.SUMMARY_SHEET]
    rows = list(ws.iter_rows(values_only=True))
    header = rows[1]
    assert header[0] == "街镇" and list(header[1:7]) == list(P.STATUSES) and header[7] == "合计"
    counts = Counter({(sd, st): n for sd, st, n in sql(
        "SELECT subdistrict, status, COUNT(*) FROM projects GROUP BY subdistrict, status")})
    money = {(sd, st): v for sd, st, v in sql(
        "SELECT subdistrict, status, SUM(investment) FROM projects GROUP BY subdistrict, status")}
    sds = sorted({sd for sd, _ in counts})
    for i, sd in enumerate(sds):
        row = rows[2 + i]
        assert row[0] == sd
        assert list(row[1:7]) == [counts[(sd, s)] for s in P.STATUSES]
        assert row[7] == sum(counts[(sd, s)] for s in P.STATUSES)
    money_header = next(i for i, r in enumerate(rows) if r[0] and str(r[0]).startswith("投资估算"))
    for i, sd in enumerate(sds):
        row = rows[money_header + 2 + i]
        assert row[0] == sd
        for j, s in enumerate(P.STATUSES):
            assert row[1 + j] == pytest.approx(money.get((sd, s), 0.0))
    # by category: every code of the checklist, with the counts and investment of its projects
    cat = {code: (n, v) for code, n, v in sql("SELECT category, COUNT(*), SUM(investment) FROM projects GROUP BY "
                                              "category")}
    cat_rows = {r[0]: r for r in rows if r[0] and re.fullmatch(r"[QM]\d\d", str(r[0]))}
    assert set(cat_rows) == set(P.category_codes())
    for code, r in cat_rows.items():
        n, v = cat.get(code, (0, 0.0))
        assert r[3] == n and r[4] == pytest.approx(v)
        assert r[2] == ("十全" if code.startswith("Q") else "十美")
    with zipfile.ZipFile(path) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 2


def test_readme_says_what_when_from_where_and_version(exported):
    path, summary = exported
    wb = openpyxl.load_workbook(path)
    text = "\n".join(str(v) for row in wb[L.README_SHEET].iter_rows(values_only=True) for v in row if v)
    meta = configparser.ConfigParser(interpolation=None, strict=False)
    meta.read(ROOT / "metadata.txt", encoding="utf-8")
    assert meta.get("general", "version") in text
    assert "sample_district.gpkg" in text and "projects" in text
    assert "2026-07-01 09:30:00" in text
    assert "发回" in text and "导入台账" in text
    facts = {r[0]: r[1] for r in wb[L.META_SHEET].iter_rows(values_only=True)}
    assert facts["format"] == L.FORMAT_NAME and facts["exported_at"] == NOW.isoformat()
    assert facts["office_fields"].split(",") == list(L.OFFICE_FIELDS)


def test_formula_injection_is_written_as_text(tmp_path, projects):
    hostile = [dict(p) for p in projects[:3]]
    hostile[0].update(name="=HYPERLINK(\"http://evil\",\"x\")", remarks="+SUM(1,2)", content="-2+3",
                      implementer="@cmd|' /C calc'!A0", funding="=1+1")
    hostile[1].update(subdistrict="=东湖")  # a whole 街镇 name beginning with '='
    units = [{"unit_id": "=U1", "population": 100.0, "c_Q01": 90.0, "missing_q": "=evil()", "missing_m": None}]
    potential = [{"parcel_id": "=P1", "rank": 1, "score": 50.0, "reason": "=cmd()"}]
    path = tmp_path / "hostile.xlsx"
    summary = L.export_ledger(path, hostile, L.ExportInfo(exported_at=NOW),
                              L.ExportExtras(units=units, potential=potential))
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert "<f>" not in z.read(name).decode("utf-8") and "<f " not in z.read(name).decode("utf-8"), name
    wb = openpyxl.load_workbook(path)  # not data_only: a formula would come back as a formula
    ws = wb[L.LEDGER_SHEET]
    r = summary.project_rows[hostile[0]["project_id"]]
    c = summary.columns
    for key in ("name", "remarks", "content", "implementer", "funding"):
        cell = ws[f"{c[key]}{r}"]
        assert cell.data_type == "s" and cell.value == hostile[0][key], key
        assert cell.quotePrefix, key  # typing into the cell keeps it text
    values = [v for row in wb[L.UNITS_SHEET].iter_rows(values_only=True) for v in row]
    assert "=U1" in values and "=evil()" in values
    assert "=cmd()" in [v for row in wb[L.POTENTIAL_SHEET].iter_rows(values_only=True) for v in row]
    # and the round trip reads the '=' texts back as text, without a formula
    result = L.read_ledger(path, hostile)
    assert result.ok and not result.changes, [str(e) for e in result.errors]


def test_control_characters_and_long_text(tmp_path, projects):
    p = dict(projects[0], remarks="第一行\r\n第二行\x07\x1b", content="长" * 40000)
    path = tmp_path / "ctl.xlsx"
    summary = L.export_ledger(path, [p], L.ExportInfo(exported_at=NOW))
    ws = openpyxl.load_workbook(path)[L.LEDGER_SHEET]
    r = summary.project_rows[p["project_id"]]
    assert ws[f"{summary.columns['remarks']}{r}"].value == "第一行\n第二行"
    assert len(ws[f"{summary.columns['content']}{r}"].value) == 32767


def test_export_refuses_duplicate_or_missing_ids_and_leaves_no_file(tmp_path, projects):
    path = tmp_path / "dup.xlsx"
    with pytest.raises(L.LifeCircleError, match="Duplicate project ids: 2026-东湖-001"):
        L.export_ledger(path, [projects[0], dict(projects[1], project_id=projects[0]["project_id"])])
    with pytest.raises(L.LifeCircleError, match="no 项目编号"):
        L.export_ledger(path, [dict(projects[0], project_id=None)])
    with pytest.raises(L.LifeCircleError, match="must end in .xlsx"):
        L.export_ledger(tmp_path / "x.xls", projects)
    assert list(tmp_path.iterdir()) == []


def test_cancel_leaves_no_file(tmp_path, projects):
    path = tmp_path / "c.xlsx"
    calls = []

    def cancelled():
        calls.append(1)
        return len(calls) > 2

    with pytest.raises(L.LifeCircleError, match="Cancelled"):
        L.export_ledger(path, projects, is_cancelled=cancelled)
    assert list(tmp_path.iterdir()) == []


def test_the_workbook_is_readable_like_any_file_the_planner_saves(tmp_path, projects):
    """Not only by its owner (a temporary file's 0600): the umask's permissions, or the replaced file's."""
    import os
    import stat

    old = os.umask(0o022)
    try:
        path = tmp_path / "台账.xlsx"
        L.export_ledger(path, projects)
        assert stat.S_IMODE(path.stat().st_mode) == 0o644
        path.chmod(0o664)  # a shared folder's group-writable file: a re-export keeps that
        L.export_ledger(path, projects)
        assert stat.S_IMODE(path.stat().st_mode) == 0o664
    finally:
        os.umask(old)


@pytest.mark.parametrize("when", ["early", "last check"])  # while the sheets are filled / while the file is saved
def test_a_cancelled_rerun_keeps_the_earlier_workbook(tmp_path, projects, when):
    path = tmp_path / "台账.xlsx"
    checks = []
    L.export_ledger(path, projects, is_cancelled=lambda: checks.append(1) and False)
    before = path.read_bytes()
    stop_after = 1 if when == "early" else len(checks) - 1
    calls = []

    def cancelled():
        calls.append(1)
        return len(calls) > stop_after

    with pytest.raises(L.LifeCircleError, match="Cancelled"):
        L.export_ledger(path, projects, is_cancelled=cancelled)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["台账.xlsx"]


def test_select_projects_years_and_subdistricts(projects):
    extra = dict(projects[0], project_id="2025-东湖-001", year=2025)
    every = projects + [extra]
    assert len(L.select_projects(every, L.parse_years("2026"))) == len(projects)
    assert L.select_projects(every, L.parse_years("2025")) == [extra]
    assert len(L.select_projects(every, L.parse_years("2024-2026"))) == len(every)
    assert len(L.select_projects(every, L.parse_years(""))) == len(every)
    dong = L.select_projects(projects, (), L.parse_names("东湖"))
    assert {p["subdistrict"] for p in dong} == {"东湖街道"}
    assert len(dong) == sql("SELECT COUNT(*) FROM projects WHERE subdistrict = '东湖街道'")[0][0]
    with pytest.raises(L.LifeCircleError, match="not a year"):
        L.parse_years("明年")


# ------------------------------------------------------------------------------------------------------------
# extra sheets


def _units():
    codes = P.category_codes()
    units = []
    for k in range(3):
        u = {"unit_id": f"U{k + 1}", "subdistrict": "东湖街道" if k < 2 else "西岸街道", "population": 1000.0 * (k + 1),
             "residents": 10, "score": 50.0}
        for j, c in enumerate(codes):
            u[f"c_{c}"] = float((37 * (j + 1) + 53 * k) % 101)  # spread over 0–100
        met = [c for c in codes if u[f"c_{c}"] >= 85]
        u["q_met"] = sum(c.startswith("Q") for c in met)
        u["m_met"] = sum(c.startswith("M") for c in met)
        u["missing_q"] = "、".join(P.category_choice(c).name_zh for c in codes if c.startswith("Q") and c not in met)
        u["missing_m"] = "、".join(P.category_choice(c).name_zh for c in codes if c.startswith("M") and c not in met)
        u["meets_target"] = u["q_met"] == 10
        units.append(u)
    return units


def test_units_gaps_potential_impact_sheets(tmp_path, projects):
    units = _units()
    sites = [{"site_id": "P7", "category": "Q05", "rank": 2, "newly_covered": 812.4, "reason": "空置厂房"},
             {"site_id": "P3", "category": "Q05", "rank": 1, "newly_covered": 1500.0, "reason": "闲置用房"}]
    potential = [{"parcel_id": "A", "rank": 2, "score": 60.0, "reason": "闲置", "main_kind": "闲置", "area_used": 500.0},
                 {"parcel_id": "B", "rank": 0, "score": None, "reason": "", "main_kind": None, "area_used": 80.0},
                 {"parcel_id": "C", "rank": 1, "score": 75.5, "reason": "低效工业", "main_kind": "低效",
                  "area_used": 900.0}]
    impact_units = [{"unit_id": "U1", "population": 1000.0, "cb_Q05": 40.0, "ca_Q05": 90.0, "cb_Q06": 70.0,
                     "ca_Q06": 70.0, "q_met_b": 6, "q_met_a": 7, "m_met_b": 3, "m_met_a": 3, "new_pop": 500.0,
                     "improved": "为老服务"}]
    impact_projects = [{"project_id": "2026-东湖-003", "name": "长者照护之家", "lc_order": 1, "lc_code": "Q05",
                        "counted": True, "new_alone": 500.0, "new_ordered": 500.0, "lc_reason": None},
                       {"project_id": "2026-东湖-004", "name": "助餐点", "lc_order": 2, "lc_code": "Q05",
                        "counted": True, "new_alone": 120.0, "new_ordered": 0.0, "lc_reason": "与现有服务重叠"}]
    path = tmp_path / "all.xlsx"
    summary = L.export_ledger(path, projects, L.ExportInfo(exported_at=NOW, target_share=0.85),
                              L.ExportExtras(units=units, sites=sites, potential=potential, impact_units=impact_units,
                                             impact_projects=impact_projects))
    assert summary.sheets == [L.LEDGER_SHEET, L.SUMMARY_SHEET, L.UNITS_SHEET, L.GAPS_SHEET, L.POTENTIAL_SHEET,
                              L.IMPACT_SHEET, L.README_SHEET]
    assert not summary.notes
    wb = openpyxl.load_workbook(path)

    # 单元体检: the share matrix, met/not met by conditional colours at the target, missing categories
    ws = wb[L.UNITS_SHEET]
    header = [c.value for c in ws[4]]
    codes = P.category_codes()
    col = {h.split("\n")[0]: i + 1 for i, h in enumerate(header) if h}
    for k, u in enumerate(units):
        r = 5 + k
        assert ws.cell(row=r, column=1).value == u["unit_id"]
        for c in codes:
            assert ws.cell(row=r, column=col[c]).value == u[f"c_{c}"]
        assert ws.cell(row=r, column=col["十全缺项"]).value == (u["missing_q"] or "—")
    assert ws.row_dimensions[5].height and ws.row_dimensions[5].height >= 30  # long 缺项 lists wrap
    # the whole-area row: population-weighted shares
    total_row = 5 + len(units)
    for c in codes:
        expected = sum(u["population"] * u[f"c_{c}"] for u in units) / sum(u["population"] for u in units)
        assert ws.cell(row=total_row, column=col[c]).value == pytest.approx(round(expected, 1))
    rules = {str(rng.sqref): [r.formula[0] for r in rng.rules] for rng in ws.conditional_formatting}
    (rng, formulas), = rules.items()
    first, last = openpyxl.utils.get_column_letter(col["Q01"]), openpyxl.utils.get_column_letter(col["M10"])
    assert rng == f"{first}5:{last}{total_row}"
    assert formulas == [f"AND(ISNUMBER({first}5),{first}5>=85)", f"AND(ISNUMBER({first}5),{first}5<85)"]

    # 缺项与选址: one gap per unit and category below the target; the sites by category and rank
    ws = wb[L.GAPS_SHEET]
    rows = list(ws.iter_rows(values_only=True))
    gap_rows = [r for r in rows if r[0] in {u["unit_id"] for u in units} and r[2] in codes]
    expected = {(u["unit_id"], c) for u in units for c in codes if u[f"c_{c}"] < 85}
    assert {(r[0], r[2]) for r in gap_rows} == expected
    for r in gap_rows:
        u = next(x for x in units if x["unit_id"] == r[0])
        assert r[6] == round(u["population"] * (1 - u[f"c_{r[2]}"] / 100))
    site_rows = [r[:5] for r in rows if r[0] in (1, 2)]
    assert site_rows == [(1, "Q05 为老服务", "P3", 1500, "闲置用房"), (2, "Q05 为老服务", "P7", 812, "空置厂房")]

    # 潜力空间: potential parcels only, by rank, with the reasons
    ws = wb[L.POTENTIAL_SHEET]
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    assert [r[1] for r in rows] == ["C", "A"]
    assert rows[0][-1] == "低效工业"

    # 成效评估: met counts before/after per unit; the shares that changed, per unit and category; credits per project
    ws = wb[L.IMPACT_SHEET]
    rows = list(ws.iter_rows(values_only=True))
    u1 = next(r for r in rows if r[0] == "U1" and r[1] == 1000)
    assert u1[:8] == ("U1", 1000, 6, 7, 3, 3, 500, "为老服务")
    share_rows = [r[:6] for r in rows if r[0] == "U1" and isinstance(r[1], str)]
    assert share_rows == [("U1", "Q05 为老服务", "十全", 40.0, 90.0, 50.0)]  # Q06 did not change: not listed
    head = next(r for r in rows if r[0] == "顺序")
    listed = [r for r in rows if isinstance(r[0], int) and r[1] and str(r[1]).startswith("2026-")]
    assert [r[1] for r in listed] == ["2026-东湖-003", "2026-东湖-004"]
    total = next(r for r in rows if r[0] == "合计")
    assert total[head.index("按顺序计新增覆盖")] == 500
    assert listed[1][head.index("说明")] == "与现有服务重叠"


def test_impact_from_compare_coverage(tmp_path, projects):
    """comparecoverage's OUTPUT: the later shares (c_), their change (dc_), met counts before/after, 'change'."""
    units = [{"unit_id": "U1", "population": 2000.0, "c_Q01": 90.0, "dc_Q01": 30.0, "c_Q02": 50.0, "dc_Q02": 0.0,
              "q_met_b": 5, "q_met_a": 6, "dq_met": 1, "m_met_b": 2, "m_met_a": 2, "change": "新增达标 gained"},
             {"unit_id": "U2", "population": 500.0, "c_Q01": 40.0, "dc_Q01": -10.0, "c_Q02": 80.0, "dc_Q02": 0.0,
              "q_met_b": 4, "q_met_a": 4, "dq_met": 0, "m_met_b": 1, "m_met_a": 1, "change": "持平 same"}]
    path = tmp_path / "cmp.xlsx"
    L.export_ledger(path, projects, L.ExportInfo(exported_at=NOW), L.ExportExtras(impact_units=units))
    rows = list(openpyxl.load_workbook(path)[L.IMPACT_SHEET].iter_rows(values_only=True))
    assert rows[0][0] == "成效评估：两期体检对比"
    assert next(r for r in rows if r[0] == "U1" and r[1] == 2000)[:7] == ("U1", 2000, 5, 6, 2, 2, "新增达标 gained")
    shares = [r[:6] for r in rows if r[0] in ("U1", "U2") and isinstance(r[1], str)]
    assert shares == [("U1", "Q01 党群服务", "十全", 60.0, 90.0, 30.0), ("U2", "Q01 党群服务", "十全", 50.0, 40.0, -10.0)]
    with pytest.raises(L.LifeCircleError, match="neither a units output"):
        L.export_ledger(tmp_path / "x.xlsx", projects, extras=L.ExportExtras(impact_units=[{"unit_id": "U1"}]))


def test_sites_as_lifecircle_siting_writes_them(tmp_path, projects):
    """Siting's SITES output: the candidates' own fields (here potential-space parcels with their own rank and
    reason) plus lc_rank, lc_site_id, new_pop, cum_pop, cum_share; the category is the run's, given apart."""
    sites = [{"parcel_id": "P9", "rank": 7, "reason": "闲置", "lc_rank": 2, "lc_site_id": "P9", "new_pop": 300.0,
              "cum_pop": 1300.0, "cum_share": 52.0},
             {"parcel_id": "P4", "rank": 1, "reason": "低效", "lc_rank": 1, "lc_site_id": "P4", "new_pop": 1000.0,
              "cum_pop": 1000.0, "cum_share": 40.0}]
    path = tmp_path / "s.xlsx"
    summary = L.export_ledger(path, projects, L.ExportInfo(exported_at=NOW),
                              L.ExportExtras(sites=sites, sites_category="Q05"))
    assert not summary.notes
    rows = list(openpyxl.load_workbook(path)[L.GAPS_SHEET].iter_rows(values_only=True))
    assert rows[0][0] == "推荐选址：Q05 为老服务"
    assert rows[1][:6] == ("排名", "类别", "候选编号", "新增覆盖人口", "累计覆盖人口", "累计覆盖率（%）")
    assert [r[:6] for r in rows[2:]] == [(1, "Q05 为老服务", "P4", 1000, 1000, 40.0),
                                         (2, "Q05 为老服务", "P9", 300, 1300, 52.0)]


def test_units_sheet_notes_another_target(tmp_path, projects):
    units = _units()
    path = tmp_path / "t.xlsx"
    summary = L.export_ledger(path, projects, L.ExportInfo(exported_at=NOW, target_share=0.5),
                              L.ExportExtras(units=units))
    assert any("another target" in n for n in summary.notes)


def test_needs_sheet_lists_what_was_asked_and_the_projects_answering(tmp_path, projects):
    """The needs output of residentneeds, with the projects answering each need (found by the adapter)."""
    a, b = projects[0], projects[3]
    needs = [{"need_id": "N2", "lc_text": "希望有这个设施", "lc_codes": "Q06", "lc_names": "保育托幼", "unit_id": "U2",
              "lc_weight": 3.0, "source": "12345热线", "date": dt.date(2026, 3, 1)},
             {"need_id": "N1", "lc_text": "别处也要", "lc_codes": "Q05", "lc_names": "为老服务", "unit_id": "U1",
              "lc_weight": 1.0, "source": "问卷"},
             {"need_id": "N3", "lc_text": "路灯坏了", "lc_codes": None, "unit_id": "U1", "lc_weight": 1.0}]
    answers = [[a["project_id"], b["project_id"], "2099-不存在-001"], [], []]
    path = tmp_path / "n.xlsx"
    summary = L.export_ledger(path, projects, L.ExportInfo(exported_at=NOW),
                              L.ExportExtras(needs=needs, need_answers=answers))
    assert L.NEEDS_SHEET in summary.sheets
    rows = list(openpyxl.load_workbook(path)[L.NEEDS_SHEET].iter_rows(values_only=True))
    assert rows[0][0].startswith("居民需求") and "共 2 条" in rows[1][0] and "另有 1 条" in rows[1][0]
    assert "已有项目回应 1 条，1 条尚无项目回应" in rows[1][0]
    body = {r[0]: r for r in rows[3:]}
    assert [r[0] for r in rows[3:]] == ["N1", "N2"]  # by unit
    assert body["N2"][1:7] == ("U2", "保育托幼", "希望有这个设施", "12345热线", dt.datetime(2026, 3, 1), 3)
    assert body["N2"][7] == "；".join(f"{p['project_id']} {p['name']}（{p['status']}）" for p in (a, b))
    assert body["N1"][7] == "—" and "N3" not in body
    assert L.read_ledger(path, projects).ok  # (the 需求 sheet is for reading: the workbook imports as before)


def test_answering_projects_by_category_and_threshold():
    from lifecircle.lifecircle_plugin.core.needs import answering_projects

    need_xy = np.array([[0, 0], [1000, 0]], float)
    got = answering_projects(need_xy, [("Q05", "Q03"), ("Q05",)], np.array([[400, 0], [100, 0], [900, 0], [0, 10]]),
                             ["Q05", "Q05", "Q03", "Q08"], {"Q05": 500, "Q03": 500, "Q08": 500})
    # need 0 asks Q05 and Q03: Q05 projects 1 (100 m) and 0 (400 m); the Q03 project is 900 m away; need 1 asks Q05
    # only, and both Q05 projects are over 500 m from it (the Q03 project 100 m away does not answer it)
    assert got == [[1, 0], []]


def test_units_sheet_names_the_groups_and_weighs_totals_by_them(tmp_path, projects):
    units = _units()
    for k, u in enumerate(units):
        u["group_basis"] = "Q05:60+;M03:6-12"
        u["sv_Q05"] = 100.0 * (k + 1) ** 2  # 100, 400, 900 older residents
        u["sv_M03"] = 50.0
    path = tmp_path / "g.xlsx"
    L.export_ledger(path, projects, L.ExportInfo(exported_at=NOW), L.ExportExtras(units=units))
    rows = list(openpyxl.load_workbook(path)[L.UNITS_SHEET].iter_rows(values_only=True))
    assert "为老服务为60岁及以上老人" in rows[1][0] and "儿童托管为6–12岁儿童" in rows[1][0]
    head = rows[3]
    q05 = next(i for i, h in enumerate(head) if h and h.startswith("Q05"))
    assert head[q05] == "Q05\n为老服务\n（60岁及以上老人）"
    total = next(r for r in rows if r[0] == "全部单元")
    shares = [u["c_Q05"] for u in units]
    assert total[q05] == pytest.approx(round(sum(s * w for s, w in zip(shares, (100, 400, 900))) / 1400, 1))


# ------------------------------------------------------------------------------------------------------------
# import: round trips


def test_unchanged_round_trip(exported, projects):
    path, _ = exported
    result = L.read_ledger(path, projects)
    assert result.ok and result.rows == len(projects) and not result.changes and not result.conflicts
    assert result.unchanged == len(projects)
    assert result.exported["layer_name"] == "projects"


def test_office_edits_become_changes(exported, projects, tmp_path):
    path, summary = exported
    c = summary.columns
    r1, r2 = summary.project_rows["2026-东湖-002"], summary.project_rows["2026-西岸-004"]
    out = edit(path, tmp_path / "r.xlsx", {
        f"{c['status']}{r1}": "在建", f"{c['progress']}{r1}": 20, f"{c['start_date']}{r1}": dt.datetime(2026, 9, 15),
        f"{c['remarks']}{r1}": "已进场", f"{c['hearing_date']}{r1}": "2026/5/20",
        f"{c['progress']}{r2}": "40%", f"{c['name']}{r2}": "改了名字（锁定列，不取）",
    })
    result = L.read_ledger(out, projects)
    assert result.ok, [str(e) for e in result.errors]
    got = {(ch.project_id, ch.field): (ch.old, ch.new, ch.row, ch.column) for ch in result.changes}
    by_id = {p["project_id"]: p for p in projects}
    assert got == {
        ("2026-东湖-002", "status"): ("前期", "在建", r1, c["status"]),
        ("2026-东湖-002", "progress"): (15, 20, r1, c["progress"]),
        ("2026-东湖-002", "start_date"): (dt.date(2026, 9, 1), dt.date(2026, 9, 15), r1, c["start_date"]),
        ("2026-东湖-002", "remarks"): (None, "已进场", r1, c["remarks"]),
        ("2026-东湖-002", "hearing_date"): (None, dt.date(2026, 5, 20), r1, c["hearing_date"]),
        ("2026-西岸-004", "progress"): (by_id["2026-西岸-004"]["progress"], 40, r2, c["progress"]),
    }
    assert result.updates()["2026-东湖-002"]["status"] == "在建"
    assert result.unchanged == len(projects) - 2
    table = result.table()
    assert [row["action"] for row in table] == ["change"] * 6 + ["locked"]
    # the planner's column the office changed is listed, never applied
    assert [(e.project_id, e.field, e.office, e.row, e.column) for e in result.locked] == [
        ("2026-西岸-004", "name", "改了名字（锁定列，不取）", r2, c["name"])]
    assert result.locked[0].exported == by_id["2026-西岸-004"]["name"]
    assert "name" not in result.updates()["2026-西岸-004"]


def test_clearing_a_value_is_a_change(exported, projects, tmp_path):
    path, summary = exported
    c = summary.columns
    r = summary.project_rows["2026-东湖-001"]
    out = edit(path, tmp_path / "r.xlsx", {f"{c['coordination_date']}{r}": None})
    (ch,) = L.read_ledger(out, projects).changes
    assert (ch.field, ch.old, ch.new) == ("coordination_date", dt.date(2026, 2, 19), None)


def test_conflict_when_changed_in_qgis_since_export(exported, projects, tmp_path):
    path, summary = exported
    c = summary.columns
    ra, rb, rc = (summary.project_rows[i] for i in ("2026-东湖-003", "2026-东湖-005", "2026-西岸-002"))
    out = edit(path, tmp_path / "r.xlsx", {f"{c['progress']}{ra}": 60, f"{c['remarks']}{ra}": "主体完工",
                                           f"{c['hearing_date']}{rb}": dt.datetime(2026, 1, 25),
                                           f"{c['progress']}{rc}": 70})
    now = [dict(p) for p in projects]
    by_id = {p["project_id"]: p for p in now}
    # in QGIS since the export: 003's progress and investment (the office edited 003 too: conflict);
    # 005's remarks (the office edited another field of 005: still a conflict, project-level);
    # 西岸-002's progress already set to what the office says (no conflict, nothing to do)
    by_id["2026-东湖-003"].update(progress=50, investment=1400.0, updated_at=dt.datetime(2026, 7, 2, 8, 0))
    by_id["2026-东湖-005"].update(remarks="区里备注")
    by_id["2026-西岸-002"].update(progress=70)
    result = L.read_ledger(out, now)
    assert result.ok
    conflicts = {k.project_id: k for k in result.conflicts}
    assert set(conflicts) == {"2026-东湖-003", "2026-东湖-005"}
    k = conflicts["2026-东湖-003"]
    sides = {f.field: (f.exported, f.office, f.current) for f in k.fields}
    old = next(p for p in projects if p["project_id"] == "2026-东湖-003")
    assert sides == {"progress": (old["progress"], 60, 50), "remarks": (None, "主体完工", None)}
    assert k.changed_in_qgis == ["investment", "progress"]
    assert conflicts["2026-东湖-005"].changed_in_qgis == ["remarks"]
    assert [(f.field, f.office) for f in conflicts["2026-东湖-005"].fields] == [("hearing_date", dt.date(2026, 1, 25))]
    assert not result.changes  # nothing else to apply
    assert "2026-东湖-003" not in result.updates()
    text = str(k)
    assert "进度（%）: at export 30 | office 60 | QGIS now 50" in text


def test_qgis_change_without_office_change_is_no_conflict(exported, projects):
    path, _ = exported
    now = [dict(p) for p in projects]
    now[0]["name"] = "改名"
    now[1]["status"] = "完工"
    result = L.read_ledger(path, now)
    assert result.ok and not result.changes and not result.conflicts


# ------------------------------------------------------------------------------------------------------------
# import: errors with sheet, row, column


def _errors(result):
    return [(e.row, e.column, e.message) for e in result.errors]


def test_value_errors_name_sheet_row_column(exported, projects, tmp_path):
    path, summary = exported
    c = summary.columns
    rows = summary.project_rows
    r = [rows[i] for i in ("2026-东湖-001", "2026-东湖-002", "2026-东湖-003", "2026-东湖-004", "2026-东湖-006",
                           "2026-东湖-007", "2026-西岸-001")]
    out = edit(path, tmp_path / "r.xlsx", {
        f"{c['status']}{r[0]}": "已完成",  # not in the dropdown list
        f"{c['progress']}{r[1]}": 150,  # outside 0–100
        f"{c['progress']}{r[2]}": "一半",  # not a number
        f"{c['end_date']}{r[3]}": dt.datetime(2026, 1, 1),  # before the start (2026-03-01)
        f"{c['start_date']}{r[4]}": "明年春天",  # not a date
        f"{c['progress']}{r[5]}": True,  # a boolean
        f"{c['progress']}{r[6]}": 12.5,  # not whole
    })
    result = L.read_ledger(out, projects)
    assert not result.ok
    errs = {(e.row, e.column): e for e in result.errors}
    assert set(errs) == {(r[0], c["status"]), (r[1], c["progress"]), (r[2], c["progress"]), (r[3], c["end_date"]),
                         (r[4], c["start_date"]), (r[5], c["progress"]), (r[6], c["progress"])}
    assert "已完成" in errs[(r[0], c["status"])].message and "谋划" in errs[(r[0], c["status"])].message
    assert "between 0 and 100" in errs[(r[1], c["progress"])].message
    assert "not a number" in errs[(r[2], c["progress"])].message
    assert "before the start" in errs[(r[3], c["end_date"])].message
    assert "not a date" in errs[(r[4], c["start_date"])].message
    assert "not a whole number" in errs[(r[6], c["progress"])].message
    e = errs[(r[0], c["status"])]
    assert e.sheet == L.LEDGER_SHEET and e.header == "项目状态" and e.project_id == "2026-东湖-001"
    assert str(e).startswith(f"sheet '项目台账', row {r[0]}, column {c['status']} (项目状态): ")
    assert not result.changes


def test_unknown_and_duplicate_ids(exported, projects, tmp_path):
    path, summary = exported
    c = summary.columns
    wb = openpyxl.load_workbook(path)
    ws = wb[L.LEDGER_SHEET]
    r1, r2 = summary.project_rows["2026-东湖-001"], summary.project_rows["2026-东湖-002"]
    ws[f"{c['project_id']}{r1}"] = "2026-东湖-999"
    for col in range(1, ws.max_column + 1):  # row 2 becomes a copy of project 003's row
        ws.cell(row=r2, column=col).value = ws.cell(row=summary.project_rows["2026-东湖-003"], column=col).value
    out = tmp_path / "ids.xlsx"
    wb.save(out)
    result = L.read_ledger(out, projects)
    errs = _errors(result)
    assert (r1, c["project_id"], "project 2026-东湖-999 is not in the project list (unknown id; was the id changed, "
                                 "or the project deleted in QGIS?)") in errs
    dup = [e for e in result.errors if "appears twice" in e.message]
    assert len(dup) == 1 and dup[0].row == summary.project_rows["2026-东湖-003"]
    assert f"rows {r2} and {summary.project_rows['2026-东湖-003']}" in dup[0].message
    # duplicated ids in the layer are refused for the rows concerned
    twice = projects + [dict(projects[4])]
    result = L.read_ledger(path, twice)
    (e,) = result.errors
    assert e.project_id == projects[4]["project_id"] and "2 times" in e.message


def test_formulas_cached_values_taken_uncached_refused(exported, projects, tmp_path):
    path, summary = exported
    c = summary.columns
    ra, rb = summary.project_rows["2026-东湖-001"], summary.project_rows["2026-东湖-002"]
    # openpyxl writes formulas without a cached value
    out = edit(path, tmp_path / "f.xlsx", {f"{c['progress']}{ra}": "=40+5", f"{c['status']}{rb}": "=\"在\"&\"建\""})
    result = L.read_ledger(out, projects)
    errs = {(e.row, e.column): e.message for e in result.errors}
    assert set(errs) == {(ra, c["progress"]), (rb, c["status"])}
    assert "formula (=40+5) without a saved result" in errs[(ra, c["progress"])]
    assert "never evaluated" in errs[(ra, c["progress"])]
    # the same formulas with cached values (as Excel, WPS and LibreOffice save them) count with those values
    cached = tmp_path / "fc.xlsx"
    _rewrite_cells(out, cached, {f"{c['progress']}{ra}": '<f>40+5</f><v>45</v>',
                                 f"{c['status']}{rb}": '<f>"在"&amp;"建"</f><v>在建</v>'},
                   types={f"{c['status']}{rb}": "str"})
    result = L.read_ledger(cached, projects)
    assert result.ok, _errors(result)
    got = {(ch.project_id, ch.field): (ch.new, ch.from_formula) for ch in result.changes}
    assert got == {("2026-东湖-002", "status"): ("在建", True)}  # 001's progress already is 45: no change
    # an error value is refused
    err = tmp_path / "fe.xlsx"
    _rewrite_cells(out, err, {f"{c['progress']}{ra}": '<f>1/0</f><v>#DIV/0!</v>'}, types={f"{c['progress']}{ra}": "e"})
    result = L.read_ledger(err, projects)
    assert any(e.row == ra and e.column == c["progress"] and "#DIV/0!" in e.message for e in result.errors)


def _rewrite_cells(path: Path, out: Path, inner: dict, types: Optional[dict] = None) -> None:
    """Replaces cells of the ledger sheet by raw XML (what other writers produce)."""
    types = types or {}
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode("utf-8")
                for ref, xml in inner.items():
                    m = re.search(rf'<c r="{ref}"([^>]*?)(/>|>.*?</c>)', text)
                    assert m, ref
                    style = re.search(r's="(\d+)"', m.group(1))
                    t = f' t="{types[ref]}"' if ref in types else ""
                    text = text[: m.start()] + f'<c r="{ref}"{" s=" + chr(34) + style.group(1) + chr(34) if style else ""}{t}>{xml}</c>' + text[m.end():]
                data = text.encode("utf-8")
            zout.writestr(item, data)


def test_merged_cells_refused(exported, projects, tmp_path):
    path, summary = exported
    c = summary.columns
    r = summary.project_rows["2026-东湖-004"]
    wb = openpyxl.load_workbook(path)
    ws = wb[L.LEDGER_SHEET]
    ws.merge_cells(f"{c['status']}{r}:{c['progress']}{r}")
    ws.merge_cells("A1:C1")  # a merged title above the header is harmless
    out = tmp_path / "m.xlsx"
    wb.save(out)
    result = L.read_ledger(out, projects)
    (e,) = [e for e in result.errors if "merged" in e.message]
    assert e.row == r and e.column == c["status"] and f"{c['status']}{r}:{c['progress']}{r}" in e.message


def test_missing_sheet_and_columns(exported, projects, tmp_path):
    path, summary = exported
    wb = openpyxl.load_workbook(path)
    wb[L.LEDGER_SHEET].title = "Sheet1"
    out = tmp_path / "renamed.xlsx"
    wb.save(out)
    with pytest.raises(L.LedgerError, match="no sheet '项目台账' \\(its sheets: Sheet1, 汇总, 说明, _lifecircle\\)"):
        L.read_ledger(out, projects)
    wb = openpyxl.load_workbook(path)
    ws = wb[L.LEDGER_SHEET]
    ws.delete_cols(openpyxl.utils.column_index_from_string(summary.columns["progress"]))
    out = tmp_path / "nocol.xlsx"
    wb.save(out)
    with pytest.raises(L.LedgerError) as info:
        L.read_ledger(out, projects)
    assert "header row 3: column(s) missing: 进度（%） (progress)" in str(info.value)
    assert info.value.sheet == L.LEDGER_SHEET and info.value.row == L.HEADER_ROW
    wb = openpyxl.load_workbook(path)
    wb[L.LEDGER_SHEET].delete_rows(L.HEADER_ROW)
    out = tmp_path / "nohead.xlsx"
    wb.save(out)
    with pytest.raises(L.LedgerError, match="no header row with the column 项目编号"):
        L.read_ledger(out, projects)


def test_extra_sheets_ignored_with_a_note(exported, projects, tmp_path):
    path, summary = exported
    wb = openpyxl.load_workbook(path)
    extra = wb.create_sheet("街道备注")
    extra["A1"] = "=SUM(1,2)"
    extra["A2"] = "2026-东湖-001"
    out = tmp_path / "extra.xlsx"
    wb.save(out)
    result = L.read_ledger(out, projects)
    assert result.ok and not result.changes
    assert any("街道备注" in n for n in result.notes)


def test_hidden_columns_tampered(exported, projects, tmp_path):
    path, summary = exported
    c = summary.columns
    r1, r2 = summary.project_rows["2026-东湖-001"], summary.project_rows["2026-东湖-002"]
    out = edit(path, tmp_path / "t.xlsx", {f"{c[L.FINGERPRINT_KEY]}{r1}": None, f"{c['progress']}{r1}": 50,
                                           f"{c[L.EXPORTED_KEY]}{r2}": '{"progress":"99"}', f"{c['progress']}{r2}": 50})
    result = L.read_ledger(out, projects)
    errs = {(e.row, e.column): e.message for e in result.errors}
    assert "no 校验码" in errs[(r1, c[L.FINGERPRINT_KEY])]
    assert "导出值 cell was altered" in errs[(r2, c[L.EXPORTED_KEY])]


def test_new_rows_without_id_are_refused(exported, projects, tmp_path):
    path, summary = exported
    c = summary.columns
    r = summary.total_row + 2
    out = edit(path, tmp_path / "n.xlsx", {f"{c['name']}{r}": "新项目", f"{c['status']}{r}": "谋划"})
    result = L.read_ledger(out, projects)
    (e,) = result.errors
    assert e.row == r and e.column == c["status"] and "new projects cannot be added" in e.message


@pytest.mark.parametrize("content,match", [
    (b"project_id,status\n2026-\xe4\xb8\x9c-001,x\n", "not an .xlsx workbook"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "old-format workbook"),
])
def test_not_an_xlsx(tmp_path, projects, content, match):
    p = tmp_path / "x.xlsx"
    p.write_bytes(content)
    with pytest.raises(L.LedgerError, match=match):
        L.read_ledger(p, projects)


def test_damaged_xml(exported, projects, tmp_path):
    path, _ = exported
    out = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            zout.writestr(item, data)
    with pytest.raises(L.LedgerError, match="damaged: sheet '项目台账' is not valid XML"):
        L.read_ledger(out, projects)


def test_huge_sheet_refused_in_bounded_memory(exported, projects, tmp_path):
    """200,000 rows: refused with a clear message after MAX_LEDGER_ROWS rows, reading the file as a stream."""
    path, summary = exported
    c = summary.columns
    out = tmp_path / "huge.xlsx"
    cols = [c["project_id"], c["name"], c["status"], c["progress"], c["remarks"]]
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode("utf-8")
                start = summary.total_row + 1
                rows = []
                for i in range(200_000):
                    r = start + i
                    rows.append(f'<row r="{r}">' + "".join(
                        f'<c r="{col}{r}" t="inlineStr"><is><t>x{i}</t></is></c>' for col in cols) + "</row>")
                text = text.replace("</sheetData>", "".join(rows) + "</sheetData>")
                data = text.encode("utf-8")
            zout.writestr(item, data)
    assert out.stat().st_size < 30e6
    tracemalloc.start()
    try:
        with pytest.raises(L.LedgerError) as info:
            L.read_ledger(out, projects)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert f"more than {L.MAX_LEDGER_ROWS:,} filled rows" in str(info.value)
    assert info.value.sheet == L.LEDGER_SHEET and info.value.row is not None
    assert peak < 120e6, f"peak {peak / 1e6:.0f} MB"


# ------------------------------------------------------------------------------------------------------------
# workbooks as other programs write them (shared strings, built-in East Asian date formats, percent, 1904,
# prefixed namespaces, cells without references)


def _as_other_writer(path: Path, out: Path, *, prefix: str = "", date_fmt: int = 14, date1904: bool = False,
                     percent_progress: bool = False, refs: bool = True, progress_col: str = "") -> None:
    """Re-writes the ledger (values read with openpyxl) as a minimal workbook the way Excel/WPS do: shared
    strings, dates as serial numbers with a built-in date format id, no inline strings."""
    wb = openpyxl.load_workbook(path)
    sheets = [(ws.title, ws.sheet_state, [list(r) for r in ws.iter_rows(values_only=True)]) for ws in wb]
    strings: list[str] = []
    index: dict[str, int] = {}
    epoch = dt.datetime(1904, 1, 1) if date1904 else dt.datetime(1899, 12, 30)
    x = f"{prefix}:" if prefix else ""
    ns = 'xmlns{}="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'.format(f":{prefix}" if prefix else "")
    parts = {}
    for k, (title, state, rows) in enumerate(sheets, start=1):
        out_rows = []
        for i, row in enumerate(rows, start=1):
            cells = []
            for j, v in enumerate(row, start=1):
                if v is None:
                    continue
                ref = f' r="{openpyxl.utils.get_column_letter(j)}{i}"' if refs else ""
                letter = openpyxl.utils.get_column_letter(j)
                if isinstance(v, dt.datetime):
                    serial = (v - epoch).total_seconds() / 86400
                    cells.append(f'<{x}c{ref} s="1"><{x}v>{serial:g}</{x}v></{x}c>')
                elif isinstance(v, bool):
                    cells.append(f'<{x}c{ref} t="b"><{x}v>{int(v)}</{x}v></{x}c>')
                elif isinstance(v, (int, float)):
                    if percent_progress and letter == progress_col and i > L.HEADER_ROW:
                        cells.append(f'<{x}c{ref} s="2"><{x}v>{v / 100:g}</{x}v></{x}c>')
                    else:
                        cells.append(f'<{x}c{ref}><{x}v>{v!r}</{x}v></{x}c>')
                else:
                    s = str(v)
                    if s not in index:
                        index[s] = len(strings)
                        strings.append(s)
                    cells.append(f'<{x}c{ref} t="s"><{x}v>{index[s]}</{x}v></{x}c>')
            if cells:
                if refs:
                    out_rows.append(f'<{x}row r="{i}">{"".join(cells)}</{x}row>')
                else:
                    # without references every row must be written (cells are positional)
                    out_rows.append(f'<{x}row r="{i}">{"".join(cells)}</{x}row>')
        if not refs:
            # positional cells: write empty cells for the gaps instead of skipping them
            out_rows = []
            for i, row in enumerate(rows, start=1):
                cells = []
                for j, v in enumerate(row, start=1):
                    if v is None:
                        cells.append(f"<{x}c/>")
                    elif isinstance(v, dt.datetime):
                        cells.append(f'<{x}c s="1"><{x}v>{(v - epoch).total_seconds() / 86400:g}</{x}v></{x}c>')
                    elif isinstance(v, (int, float)) and not isinstance(v, bool):
                        cells.append(f"<{x}c><{x}v>{v!r}</{x}v></{x}c>")
                    else:
                        s = str(v)
                        if s not in index:
                            index[s] = len(strings)
                            strings.append(s)
                        cells.append(f'<{x}c t="s"><{x}v>{index[s]}</{x}v></{x}c>')
                out_rows.append(f"<{x}row>{''.join(cells)}</{x}row>")
        parts[f"xl/worksheets/sheet{k}.xml"] = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                                                f'<{x}worksheet {ns}><{x}sheetData>{"".join(out_rows)}'
                                                f'</{x}sheetData></{x}worksheet>')
    rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    sheet_elems = "".join(
        f'<{x}sheet name="{escape(t)}" sheetId="{k}"{" state=" + chr(34) + s + chr(34) if s != "visible" else ""} '
        f'r:id="rId{k}"/>' for k, (t, s, _) in enumerate(sheets, start=1))
    parts["xl/workbook.xml"] = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><{x}workbook {ns} {rel}>'
                                f'<{x}workbookPr date1904="{1 if date1904 else 0}"/><{x}sheets>{sheet_elems}</{x}sheets>'
                                f'</{x}workbook>')
    parts["xl/sharedStrings.xml"] = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><{x}sst {ns} '
                                     f'count="{len(strings)}">' + "".join(
                                         f"<{x}si><{x}r><{x}t>{escape(s[:1])}</{x}t></{x}r><{x}r><{x}t xml:space=\"preserve\">"
                                         f"{escape(s[1:])}</{x}t></{x}r><{x}rPh sb=\"0\" eb=\"1\"><{x}t>ピン</{x}t></{x}rPh></{x}si>"
                                         for s in strings) + f"</{x}sst>")
    parts["xl/styles.xml"] = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><{x}styleSheet {ns}>'
                              f'<{x}cellXfs count="3"><{x}xf numFmtId="0"/><{x}xf numFmtId="{date_fmt}" applyNumberFormat="1"/>'
                              f'<{x}xf numFmtId="9" applyNumberFormat="1"/></{x}cellXfs></{x}styleSheet>')
    rels = "".join(f'<Relationship Id="rId{k}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                   f'worksheet" Target="/xl/worksheets/sheet{k}.xml"/>' for k in range(1, len(sheets) + 1))
    rels += ('<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
             'sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rIdT" Type="http://schemas.openxmlformats'
             '.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>')
    parts["xl/_rels/workbook.xml.rels"] = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://'
                                           'schemas.openxmlformats.org/package/2006/relationships">' + rels +
                                           "</Relationships>")
    parts["_rels/.rels"] = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
                            '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxml'
                            'formats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
                            '</Relationships>')
    over = "".join(f'<Override PartName="/xl/worksheets/sheet{k}.xml" ContentType="application/vnd.openxmlformats-'
                   f'officedocument.spreadsheetml.worksheet+xml"/>' for k in range(1, len(sheets) + 1))
    parts["[Content_Types].xml"] = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships'
        '+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' + over +
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>')
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text.encode("utf-8"))


@pytest.mark.filterwarnings("ignore:Workbook contains no default style")
@pytest.mark.parametrize("variant", [
    dict(),  # shared strings with rich-text runs and phonetic guides, date format 14
    dict(date_fmt=31),  # WPS / Chinese Excel: built-in 'yyyy年m月d日' (id 31) without a numFmt definition
    dict(date_fmt=57, date1904=True),  # the 1904 date system, another East Asian built-in
    dict(prefix="x"),  # elements with a namespace prefix (<x:c>)
    dict(refs=False),  # cells and rows without references
    dict(percent_progress=True),  # progress typed as a percentage (0.45 shown as 45 %)
])
def test_workbooks_written_by_other_programs(exported, projects, tmp_path, variant):
    path, summary = exported
    c = summary.columns
    r = summary.project_rows["2026-东湖-002"]
    edited = edit(path, tmp_path / "e.xlsx", {f"{c['progress']}{r}": 35, f"{c['status']}{r}": "在建",
                                              f"{c['end_date']}{r}": dt.datetime(2027, 6, 30)})
    out = tmp_path / "other.xlsx"
    _as_other_writer(edited, out, progress_col=c["progress"], **variant)
    assert openpyxl.load_workbook(out)[L.LEDGER_SHEET].max_row >= summary.total_row  # a valid workbook
    result = L.read_ledger(out, projects)
    assert result.ok, _errors(result)
    got = {(ch.field): (ch.old, ch.new) for ch in result.changes}
    assert got == {"progress": (15, 35), "status": ("前期", "在建"),
                   "end_date": (dt.date(2027, 8, 31), dt.date(2027, 6, 30))}
    assert all(ch.project_id == "2026-东湖-002" for ch in result.changes)
    assert result.unchanged == len(projects) - 1


def test_core_module_imports_without_qgis():
    import subprocess
    import sys

    code = ("import sys; sys.path.insert(0, %r); import lifecircle.lifecircle_plugin.core.ledger as L; "
            "assert 'qgis' not in sys.modules and 'openpyxl' not in sys.modules; print('ok')") % str(ROOT / "build")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "ok", out.stderr


def test_preview_table_rows(exported, projects, tmp_path):
    path, summary = exported
    c = summary.columns
    r = summary.project_rows["2026-东湖-002"]
    out = edit(path, tmp_path / "r.xlsx", {f"{c['progress']}{r}": 16, f"{c['status']}{summary.project_rows['2026-东湖-001']}": "?"})
    rows = L.read_ledger(out, projects).table()
    assert [(x["action"], x["project_id"], x["field"], x["old"], x["new"]) for x in rows] == [
        ("change", "2026-东湖-002", "progress", "15", "16"), ("error", "2026-东湖-001", None, None, None)]
    assert rows[1]["column"] == c["status"] and rows[1]["label"] == "项目状态"


# ------------------------------------------------------------------------------------------------------------
# the import tells the planner everything the office did


def test_an_untouched_ledger_reads_back_with_nothing_to_tell(exported, projects):
    path, _summary = exported
    result = L.read_ledger(path, projects)
    assert result.ok and not result.changes and not result.locked and not result.missing and not result.skipped
    assert result.unchanged == result.rows == sum(1 for p in projects if p.get("year") == 2026)


def test_edits_to_the_planner_s_columns_are_listed_not_applied(exported, projects, tmp_path):
    path, summary = exported
    c = summary.columns
    r1, r2 = summary.project_rows["2026-东湖-001"], summary.project_rows["2026-西岸-004"]
    by_id = {p["project_id"]: p for p in projects}
    out = edit(path, tmp_path / "r.xlsx", {
        f"{c['investment']}{r1}": 999.5, f"{c['category']}{r1}": "Q05 为老服务", f"{c['implementer']}{r2}": None,
        f"{c['progress']}{r2}": 55})
    result = L.read_ledger(out, projects)
    assert result.ok, [str(e) for e in result.errors]
    got = {(e.project_id, e.field): (e.exported, e.office, e.row, e.column) for e in result.locked}
    assert got == {
        ("2026-东湖-001", "investment"): (by_id["2026-东湖-001"]["investment"], 999.5, r1, c["investment"]),
        ("2026-东湖-001", "category"): (by_id["2026-东湖-001"]["category"], "Q05 为老服务", r1, c["category"]),
        ("2026-西岸-004", "implementer"): (by_id["2026-西岸-004"]["implementer"], None, r2, c["implementer"]),
    }
    assert result.updates() == {"2026-西岸-004": {"progress": 55}}  # only the office's own field is taken
    text = str(next(e for e in result.locked if e.field == "investment"))
    assert text == (f"2026-东湖-001 投资估算（万元） (row {r1}, column {c['investment']}): "
                    f"{L.show(by_id['2026-东湖-001']['investment'])} → 999.5 — changed by the office, not applied")
    assert "3 edit(s) to planner columns not applied" in result.summary()
    rows = [r for r in result.table() if r["action"] == "locked"]
    assert len(rows) == 3 and all(r["message"].endswith("not applied") for r in rows)


def test_rows_the_office_deleted_are_listed_and_nothing_is_deleted(exported, projects, tmp_path):
    path, summary = exported
    wb = openpyxl.load_workbook(path)
    ws = wb[L.LEDGER_SHEET]
    gone = ["2026-东湖-002", "2026-西岸-004"]
    for pid in sorted(gone, key=lambda p: -summary.project_rows[p]):
        ws.delete_rows(summary.project_rows[pid])
    wb.save(tmp_path / "r.xlsx")
    result = L.read_ledger(tmp_path / "r.xlsx", projects)
    assert result.ok, [str(e) for e in result.errors]
    assert result.missing == gone
    assert result.updates() == {}
    assert "2 exported project(s) not in the returned workbook (nothing deleted)" in result.summary()
    assert [(r["action"], r["project_id"]) for r in result.table()] == [("missing", pid) for pid in gone]


def test_rows_an_office_adds_are_skipped_and_listed(exported, projects, tmp_path):
    """A blank separator, a 合计 row with a sum, and a note under the table: recognised and listed; the update in
    the same workbook is still taken."""
    path, summary = exported
    c = summary.columns
    wb = openpyxl.load_workbook(path)
    ws = wb[L.LEDGER_SHEET]
    r = summary.project_rows["2026-东湖-002"]
    ws[f"{c['progress']}{r}"] = 35
    ws.insert_rows(r + 1)  # a blank separator under 2026-东湖-002
    last = ws.max_row
    ws[f"{c['project_id']}{last + 1}"] = "合计"
    ws[f"{c['investment']}{last + 1}"] = 1234.5
    ws[f"A{last + 3}"] = "注：进度按月填报，完工项目请填写实际完工日期。"
    ws[f"{L._letter(ws.max_column + 2)}{last + 4}"] = "填表人：王某 电话 12345678"  # beside the table, no header
    wb.save(tmp_path / "r.xlsx")
    result = L.read_ledger(tmp_path / "r.xlsx", projects)
    assert result.ok, [str(e) for e in result.errors]
    assert result.updates() == {"2026-东湖-002": {"progress": 35}}
    assert [(k.row, k.kind) for k in result.skipped] == [
        (r + 1, "blank"), (last + 1, "total"), (last + 2, "blank"), (last + 3, "note"), (last + 4, "note")]
    assert result.skipped[1].text == "合计 1234.5" and result.skipped[3].text.startswith("注：进度按月填报")
    assert str(result.skipped[0]) == f"row {r + 1}: a blank row, skipped"
    assert not result.missing  # (the rows moved down, none is gone)


def test_a_row_that_looks_like_a_new_project_is_still_refused(exported, projects, tmp_path):
    path, summary = exported
    c = summary.columns
    wb = openpyxl.load_workbook(path)
    ws = wb[L.LEDGER_SHEET]
    row = ws.max_row + 1
    ws[f"{c['name']}{row}"] = "新增口袋公园"
    ws[f"{c['status']}{row}"] = "谋划"
    wb.save(tmp_path / "r.xlsx")
    result = L.read_ledger(tmp_path / "r.xlsx", projects)
    assert not result.ok
    assert [(e.row, e.message) for e in result.errors] == [
        (row, "a value without a 项目编号 (project id): new projects cannot be added through the ledger; add them in "
              "QGIS and export again")]


def test_an_earlier_export_without_the_list_of_ids_says_it_cannot_tell(exported, projects, tmp_path):
    path, _summary = exported
    wb = openpyxl.load_workbook(path)
    meta = wb[L.META_SHEET]
    for row in range(meta.max_row, 0, -1):
        if meta.cell(row, 1).value == L.EXPORTED_IDS_KEY:
            meta.delete_rows(row)
    wb.save(tmp_path / "r.xlsx")
    result = L.read_ledger(tmp_path / "r.xlsx", projects)
    assert result.ok and result.missing == []
    assert any("rows the office deleted cannot be listed" in n for n in result.notes)


def test_typed_statuses_and_years_in_a_returned_ledger(exported, projects, tmp_path):
    path, summary = exported
    c = summary.columns
    r = summary.project_rows["2026-东湖-002"]
    out = edit(path, tmp_path / "r.xlsx", {f"{c['status']}{r}": " 在建 "})
    result = L.read_ledger(out, projects)
    assert result.ok and result.updates() == {"2026-东湖-002": {"status": "在建"}}


# ------------------------------------------------------------------------------------------------------------
# the programme (issue 19): targets in 汇总, the office's outcome columns


def sample_targets():
    from lifecircle.lifecircle_plugin.core import programme as G

    rows = sql("SELECT year, unit, started, completed, investment FROM projects_targets ORDER BY fid")
    return [G.Target(*r) for r in rows]


def test_summary_compares_targets_with_the_list(projects, tmp_path):
    targets = sample_targets()
    path = tmp_path / "t.xlsx"
    L.export_ledger(path, projects, L.ExportInfo(exported_at=NOW), L.ExportExtras(targets=targets))
    ws = openpyxl.load_workbook(path)[L.SUMMARY_SHEET]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    head = next(i for i, r in enumerate(rows) if r[0] == "2026 年：目标与实际（按街镇）")
    assert rows[head + 1][:10] == ["街镇/区", "目标开工（个）", "实际开工（个）", "开工完成率", "目标完工（个）",
                                   "实际完工（个）", "完工完成率", "目标投资（万元）", "实际投资（万元）", "投资完成率"]
    # independently, with SQL on the sample: started = 在建/完工/运营 or an actual start, not 取消
    for r in rows[head + 2:head + 2 + len(targets)]:
        unit = r[0]
        where = "1 = 1" if unit == "示例区" else f"subdistrict = '{unit}'"
        started, completed, money = sql(
            "SELECT sum(status IN ('在建','完工','运营') OR (actual_start IS NOT NULL AND status <> '取消')), "
            f"sum(status IN ('完工','运营')), sum(CASE WHEN status <> '取消' THEN investment END) FROM projects "
            f"WHERE year = 2026 AND {where}")[0]
        (t,) = [t for t in targets if t.unit == unit]
        assert r[1:10] == [t.started, started, pytest.approx(started / t.started), t.completed, completed,
                           pytest.approx(completed / t.completed), t.investment, pytest.approx(money),
                           pytest.approx(money / t.investment)], unit
    assert len(ws._charts) == 3  # status and category charts, and target vs actual
    plain = tmp_path / "plain.xlsx"
    L.export_ledger(plain, projects, L.ExportInfo(exported_at=NOW), L.ExportExtras(targets=[]))
    texts = [c.value for r in openpyxl.load_workbook(plain)[L.SUMMARY_SHEET].iter_rows() for c in r]
    assert any(isinstance(t, str) and t.startswith("未设定年度目标") for t in texts)


def test_office_outcome_columns_round_trip_and_are_checked(exported, projects, tmp_path):
    path, summary = exported
    c = summary.columns
    assert {"actual_start", "actual_end", "voters", "satisfaction", "feedback", "project_source"} <= set(c)
    r1, r2, r3 = (summary.project_rows[i] for i in ("2026-东湖-002", "2026-西岸-004", "2026-东湖-001"))
    out = edit(path, tmp_path / "r.xlsx", {
        # 东湖-002 (前期): the office reports the start and the coordination meeting's votes
        f"{c['status']}{r1}": "在建", f"{c['actual_start']}{r1}": dt.datetime(2026, 7, 3),
        f"{c['voters']}{r1}": 30, f"{c['votes_for']}{r1}": 26, f"{c['votes_against']}{r1}": 3,
        f"{c['votes_abstain']}{r1}": 2,
        # 西岸-004: 完工 without the actual end date
        f"{c['status']}{r2}": "完工", f"{c['progress']}{r2}": 100,
        # 东湖-001: the evaluation's score and feedback
        f"{c['satisfaction']}{r3}": "93.5", f"{c['feedback']}{r3}": "家长满意",
    })
    result = L.read_ledger(out, projects)
    errors = {(e.row, e.column): e.message for e in result.errors}
    assert errors[(r1, c["voters"])].endswith("26 for + 3 against + 2 abstaining = 31, not the 30 voters")
    assert "needs its actual end date" in errors[(r2, c["actual_end"])]
    assert len(errors) == 2
    got = {(ch.project_id, ch.field): ch.new for ch in result.changes}
    assert got == {("2026-东湖-001", "satisfaction"): 93.5, ("2026-东湖-001", "feedback"): "家长满意"}


def test_office_fields_of_an_older_workbook_are_its_own(exported, projects, tmp_path):
    """A workbook exported before the outcome columns existed names its own office columns: they are read."""
    path, summary = exported
    wb = openpyxl.load_workbook(path)
    meta = wb[L.META_SHEET]
    for row in meta.iter_rows():
        if row[0].value == "office_fields":
            assert "satisfaction" in row[1].value
            row[1].value = "status,progress,start_date,end_date,hearing_date,coordination_date,evaluation_date,remarks"
    ws = wb[L.LEDGER_SHEET]
    r = summary.project_rows["2026-东湖-001"]
    ws[f"{summary.columns['satisfaction']}{r}"] = 50  # not an office column of that workbook: not taken
    ws[f"{summary.columns['remarks']}{r}"] = "旧台账"
    out = tmp_path / "old.xlsx"
    wb.save(out)
    result = L.read_ledger(out, projects)
    assert {(ch.field, ch.new) for ch in result.changes} == {("remarks", "旧台账")}
