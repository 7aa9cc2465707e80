"""Malformed and hostile workbooks through lifecircle:importledger, and bad project lists through
lifecircle:exportledger, on a copy of the sample district.

For each: the message names the file/sheet/row/column (or layer and project ids), the project list is left
exactly as it was (read back with sqlite3, not through QGIS), and a failed run leaves no output file.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import struct
import zipfile
from pathlib import Path

import openpyxl
import pytest
from qgis.core import QgsFeature, QgsVectorLayer

import bad_inputs_support as S
from planner_runs import ledger_cells
from lifecircle.lifecircle_plugin.core import ledger as L
from lifecircle.lifecircle_plugin.core import projects as P

IMP = "lifecircle:importledger"
EXP = "lifecircle:exportledger"


def rows(gpkg: Path) -> list:
    con = sqlite3.connect(gpkg)
    try:
        return con.execute("SELECT * FROM projects ORDER BY fid").fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def exported(lc_provider_module, tmp_path_factory):
    """The sample project list exported once: (workbook, {project id: row}, {field: column letter})."""
    folder = tmp_path_factory.mktemp("ledger")
    gpkg = S.copy_sample(folder)
    out = folder / "台账.xlsx"
    S.run(EXP, {"INPUT": S.sample_uri("projects", path=gpkg), "OUTPUT": str(out)})
    ids, cols = ledger_cells(out)
    return out, ids, cols


@pytest.fixture()
def gpkg(lc_provider, tmp_path):
    return S.copy_sample(tmp_path)


def edited(src: Path, out: Path, change) -> Path:
    wb = openpyxl.load_workbook(src)
    change(wb)
    wb.save(out)
    return out


def import_fails(gpkg, workbook, pattern, tmp_path, preview_file=True):
    """APPLY on, expecting a failure that names ``pattern`` and changes nothing. ``preview_file``: the preview
    table is asked for as a file, which must not be left behind either."""
    before = rows(gpkg)
    out = str(tmp_path / "preview.gpkg")
    message = S.run_fails(IMP, {"INPUT": S.sample_uri("projects", path=gpkg), "WORKBOOK": str(workbook),
                                "APPLY": True, "OUTPUT": out if preview_file else None}, pattern, [out])
    assert rows(gpkg) == before
    return message


def preview(gpkg, workbook):
    res = S.run(IMP, {"INPUT": S.sample_uri("projects", path=gpkg), "WORKBOOK": str(workbook), "OUTPUT": "memory:"})
    table = [{n: S.plain(f[n]) for n in ("action", "project_id", "row", "column", "message")}
             for f in res["OUTPUT"].getFeatures()]
    return res, table


# -- not a workbook ---------------------------------------------------------------------------------------------


def test_not_a_zip(gpkg, tmp_path):
    bad = tmp_path / "进度表.xlsx"
    bad.write_text("project_id,status\n2026-东湖-001,完工\n", encoding="utf-8")
    import_fails(gpkg, bad, r"'进度表\.xlsx' is not an \.xlsx workbook \(or it is damaged\)", tmp_path)


def test_old_excel_format(gpkg, tmp_path):
    bad = tmp_path / "旧格式.xlsx"
    bad.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024)
    import_fails(gpkg, bad, r"'旧格式\.xlsx' is an old-format workbook \(\.xls / \.et\)", tmp_path)


def test_a_zip_that_is_not_a_workbook(gpkg, tmp_path):
    bad = tmp_path / "照片.xlsx"
    with zipfile.ZipFile(bad, "w") as z:
        z.writestr("photos/现场.jpg", b"\xff\xd8\xff\xe0" + b"0" * 100)
        z.writestr("readme.txt", "not a workbook")
    import_fails(gpkg, bad, r"'照片\.xlsx' is not an Excel workbook \(no workbook part\)", tmp_path)


def test_empty_file(gpkg, tmp_path):
    bad = tmp_path / "空.xlsx"
    bad.write_bytes(b"")
    import_fails(gpkg, bad, r"'空\.xlsx' is not an \.xlsx workbook", tmp_path)


def test_truncated_workbook(exported, gpkg, tmp_path):
    data = exported[0].read_bytes()
    bad = tmp_path / "截断.xlsx"
    bad.write_bytes(data[: len(data) // 2])
    import_fails(gpkg, bad, r"'截断\.xlsx' is not an \.xlsx workbook \(or it is damaged\)", tmp_path)


# -- sheets and cells ------------------------------------------------------------------------------------------


def test_missing_sheet(exported, gpkg, tmp_path):
    def rename(wb):
        wb[L.LEDGER_SHEET].title = "Sheet1"

    bad = edited(exported[0], tmp_path / "改名.xlsx", rename)
    import_fails(gpkg, bad, r"'改名\.xlsx' has no sheet '项目台账' \(its sheets: Sheet1, .*\)\. Was the sheet renamed "
                            r"or deleted\?", tmp_path)


def test_missing_column(exported, gpkg, tmp_path):
    _, ids, cols = exported

    def drop(wb):
        wb[L.LEDGER_SHEET][f"{cols['status']}{L.HEADER_ROW}"] = "状态（已删除）"

    bad = edited(exported[0], tmp_path / "缺列.xlsx", drop)
    import_fails(gpkg, bad, rf"Sheet '项目台账', header row {L.HEADER_ROW}: column\(s\) missing: 项目状态 \(status\)",
                 tmp_path)


def test_formulas_with_and_without_saved_results(exported, gpkg, tmp_path):
    """openpyxl saves formulas without a cached result: refused with row and column; the preview lists it."""
    _, ids, cols = exported
    r = ids["2026-东湖-002"]

    def formula(wb):
        wb[L.LEDGER_SHEET][f"{cols['progress']}{r}"] = "=40+20"

    bad = edited(exported[0], tmp_path / "公式.xlsx", formula)
    res, table = preview(gpkg, bad)
    assert res["ERRORS"] == 1
    (err,) = [t for t in table if t["action"] == "错误"]
    assert (err["project_id"], err["row"], err["column"]) == ("2026-东湖-002", r, cols["progress"])
    assert "formula (=40+20) without a saved result" in err["message"]
    import_fails(gpkg, bad, rf"1 error\(s\) in .*公式\.xlsx.*nothing was changed.*row {r}, column {cols['progress']}",
                 tmp_path, preview_file=False)


def test_formula_with_a_saved_result_counts_as_its_value(exported, gpkg, tmp_path):
    """A formula whose result Excel saved: the saved result is the value (never evaluated here)."""
    _, ids, cols = exported
    r = ids["2026-东湖-002"]
    src = tmp_path / "cached.xlsx"
    shutil.copy(exported[0], src)
    sheet_part = _sheet_part(src)
    cell = f"{cols['progress']}{r}"
    _rewrite_part(src, sheet_part, lambda xml: _set_cell_xml(xml, cell, '<f>SUM(40,20)</f><v>60</v>'))
    res, table = preview(gpkg, src)
    assert (res["CHANGES"], res["ERRORS"]) == (1, 0)
    (change,) = [t for t in table if t["action"] == "改动"]
    assert (change["project_id"], change["row"], change["column"]) == ("2026-东湖-002", r, cols["progress"])


def test_merged_cells(exported, gpkg, tmp_path):
    _, ids, cols = exported
    r = ids["2026-东湖-003"]

    def merge(wb):
        wb[L.LEDGER_SHEET].merge_cells(f"{cols['status']}{r}:{cols['progress']}{r}")

    bad = edited(exported[0], tmp_path / "合并.xlsx", merge)
    res, table = preview(gpkg, bad)
    assert any(t["action"] == "错误" and "merged cells" in t["message"] and t["row"] == r for t in table)
    import_fails(gpkg, bad, r"error\(s\).*merged cells", tmp_path, preview_file=False)


def test_duplicate_and_unknown_ids(exported, gpkg, tmp_path):
    _, ids, cols = exported
    r1, r2 = ids["2026-东湖-001"], ids["2026-东湖-002"]

    def dup(wb):
        ws = wb[L.LEDGER_SHEET]
        ws[f"A{r2}"] = "2026-东湖-001"
        ws[f"A{ids['2026-东湖-003']}"] = "2099-不存在-999"

    bad = edited(exported[0], tmp_path / "重复.xlsx", dup)
    res, table = preview(gpkg, bad)
    messages = " ".join(t["message"] for t in table if t["action"] == "错误")
    assert f"project 2026-东湖-001 appears twice (rows {r1} and {r2})" in messages
    assert "project 2099-不存在-999 is not in the project list" in messages
    import_fails(gpkg, bad, r"2 error\(s\)", tmp_path, preview_file=False)


@pytest.mark.parametrize("field, value, pattern", [
    ("progress", "一半", r"进度.*一半"),
    ("progress", 150, r"进度|progress"),
    ("status", "差不多完了", r"'差不多完了' is not in the dropdown list"),
    ("end_date", "1899-01-01", r"1899-01-01 is not a plausible date"),
])
def test_bad_office_values_are_located(exported, gpkg, tmp_path, field, value, pattern):
    _, ids, cols = exported
    r = ids["2026-西岸-001"]

    def put(wb):
        wb[L.LEDGER_SHEET][f"{cols[field]}{r}"] = value

    bad = edited(exported[0], tmp_path / "值.xlsx", put)
    res, table = preview(gpkg, bad)
    (err,) = [t for t in table if t["action"] == "错误"]
    assert (err["project_id"], err["row"], err["column"]) == ("2026-西岸-001", r, cols[field])
    assert re.search(pattern, err["message"]), err["message"]


# -- hostile parts ---------------------------------------------------------------------------------------------


def _sheet_part(path: Path) -> str:
    """The zip part of the sheet 项目台账 (from workbook.xml and its relationships)."""
    with zipfile.ZipFile(path) as z:
        wb = z.read("xl/workbook.xml").decode("utf-8")
        rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    rid = re.search(r'<sheet [^>]*name="项目台账"[^>]*r:id="([^"]+)"', wb) or \
        re.search(r'<sheet [^>]*r:id="([^"]+)"[^>]*name="项目台账"', wb)
    target = re.search(rf'<Relationship [^>]*Id="{rid.group(1)}"[^>]*Target="([^"]+)"', rels) or \
        re.search(rf'<Relationship [^>]*Target="([^"]+)"[^>]*Id="{rid.group(1)}"', rels)
    t = target.group(1).lstrip("/")
    return t if t.startswith("xl/") else "xl/" + t


def _rewrite_part(path: Path, part: str, change) -> None:
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == part:
                data = change(data.decode("utf-8")).encode("utf-8")
            zout.writestr(item, data)
    tmp.replace(path)


def _set_cell_xml(xml: str, ref: str, inner: str) -> str:
    """Replaces the content of cell ``ref`` (keeping its style) with ``inner`` (e.g. <f>…</f><v>…</v>)."""
    m = re.search(rf'<c r="{ref}"([^>]*?)(/>|>.*?</c>)', xml)
    assert m, ref
    attrs = re.sub(r'\s+t="[^"]*"', "", m.group(1))
    return xml[:m.start()] + f'<c r="{ref}"{attrs}>{inner}</c>' + xml[m.end():]


def _with_doctype(xml: str, doctype: str) -> str:
    if xml.startswith("<?xml"):
        head, rest = xml.split("?>", 1)
        return head + "?>" + doctype + rest
    return doctype + xml


def _inline_text(xml: str, ref: str, text_xml: str) -> str:
    xml = _set_cell_xml(xml, ref, f"<is><t>{text_xml}</t></is>")
    return xml.replace(f'<c r="{ref}"', f'<c r="{ref}" t="inlineStr"', 1)


def test_billion_laughs_entities_are_refused(exported, gpkg, tmp_path):
    """An XML entity bomb in the ledger sheet: refused as damaged XML, in bounded memory and time."""
    _, ids, cols = exported
    bad = tmp_path / "炸弹.xlsx"
    shutil.copy(exported[0], bad)
    entities = ['<!ENTITY a0 "ha">'] + [f'<!ENTITY a{i} "' + f"&a{i - 1};" * 10 + '">' for i in range(1, 30)]
    doctype = "<!DOCTYPE worksheet [" + "".join(entities) + "]>"
    cell = f"{cols['remarks']}{ids['2026-东湖-001']}"
    _rewrite_part(bad, _sheet_part(bad), lambda xml: _inline_text(_with_doctype(xml, doctype), cell, "&a29;"))
    import_fails(gpkg, bad, r"'炸弹\.xlsx' is damaged: sheet '项目台账' is not valid XML", tmp_path)


def test_external_entities_are_not_read(exported, gpkg, tmp_path):
    """An external entity pointing at a local file: nothing of the file gets into the import."""
    _, ids, cols = exported
    secret = tmp_path / "secret.txt"
    secret.write_text("完工", encoding="utf-8")
    bad = tmp_path / "外部实体.xlsx"
    shutil.copy(exported[0], bad)
    doctype = f'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file://{secret}">]>'
    cell = f"{cols['status']}{ids['2026-东湖-004']}"
    _rewrite_part(bad, _sheet_part(bad), lambda xml: _inline_text(_with_doctype(xml, doctype), cell, "&xxe;"))
    before = rows(gpkg)
    res, table = preview(gpkg, bad)
    # the entity is not resolved: the cell reads as empty, never as the file's '完工'
    assert not any(t["action"] == "改动" and "完工" in str(t) for t in table), table
    assert rows(gpkg) == before


def test_zip_bomb_part_is_refused_before_reading(exported, gpkg, tmp_path):
    """The sheet part claims 4 GB uncompressed (as a zip bomb does): refused from the zip's directory."""
    bad = tmp_path / "巨大.xlsx"
    shutil.copy(exported[0], bad)
    part = _sheet_part(bad).encode()
    data = bytearray(bad.read_bytes())
    pos = 0
    patched = 0
    while True:
        pos = data.find(b"PK\x01\x02", pos)
        if pos < 0:
            break
        name_len = struct.unpack_from("<H", data, pos + 28)[0]
        if bytes(data[pos + 46:pos + 46 + name_len]) == part:
            struct.pack_into("<I", data, pos + 24, 0xFFFFFFF0)  # uncompressed size
            patched += 1
        pos += 4
    assert patched == 1
    bad.write_bytes(bytes(data))
    import_fails(gpkg, bad, rf"'巨大\.xlsx': the part {part.decode()} is [\d,]+ MB uncompressed; a ledger is far "
                            r"smaller\. Refused", tmp_path)


def test_apply_with_errors_leaves_no_preview_file(exported, gpkg, tmp_path):
    """A failed APPLY (errors in the workbook) changes nothing and leaves no output file behind."""
    _, ids, cols = exported

    def bad_value(wb):
        wb[L.LEDGER_SHEET][f"{cols['progress']}{ids['2026-东湖-002']}"] = 250

    bad = edited(exported[0], tmp_path / "错误.xlsx", bad_value)
    import_fails(gpkg, bad, r"1 error\(s\)", tmp_path)


# -- export -----------------------------------------------------------------------------------------------------


def _column(workbook: Path, field: str) -> str:
    ws = openpyxl.load_workbook(workbook, read_only=True)[L.LEDGER_SHEET]
    header = next(ws.iter_rows(min_row=L.HEADER_ROW, max_row=L.HEADER_ROW, values_only=True))
    return openpyxl.utils.get_column_letter(header.index(P.FIELDS_BY_NAME[field].alias_zh) + 1)


def test_long_non_ascii_values_round_trip(gpkg, tmp_path):
    """Names and remarks of 2,000 characters, control characters and formula-like text: exported as text, and
    the unchanged workbook imports with no change and no error."""
    layer = QgsVectorLayer(S.sample_uri("projects", path=gpkg), "projects", "ogr")
    f = next(layer.getFeatures())
    assert layer.startEditing()
    layer.changeAttributeValue(f.id(), layer.fields().lookupField("name"), "社区嵌入式服务设施" * 220)
    layer.changeAttributeValue(f.id(), layer.fields().lookupField("remarks"), "=HYPERLINK(\"http://x\")\t换行\n第二行")
    assert layer.commitChanges()
    del layer
    out = tmp_path / "长名.xlsx"
    res = S.run(EXP, {"INPUT": S.sample_uri("projects", path=gpkg), "OUTPUT": str(out)})
    assert res["PROJECTS"] == 21
    ws = openpyxl.load_workbook(out)[L.LEDGER_SHEET]
    names = [c.value for c in ws[_column(out, "name")]]
    assert any(isinstance(v, str) and v.startswith("社区嵌入式服务设施" * 10) for v in names)
    res, table = preview(gpkg, out)
    assert (res["CHANGES"], res["ERRORS"], res["CONFLICTS"]) == (0, 0, 0), table


def test_export_of_an_empty_list(lc_provider, tmp_path):
    gpkg = S.copy_sample(tmp_path, "empty.gpkg")
    con = sqlite3.connect(gpkg)
    try:
        con.execute("DELETE FROM projects")
        con.commit()
    except sqlite3.OperationalError:  # rtree triggers need spatialite functions: delete through QGIS instead
        con.close()
        layer = QgsVectorLayer(S.sample_uri("projects", path=gpkg), "projects", "ogr")
        assert layer.dataProvider().deleteFeatures([f.id() for f in layer.getFeatures()])
        del layer
    else:
        con.close()
    out = tmp_path / "空.xlsx"
    S.run_fails(EXP, {"INPUT": S.sample_uri("projects", path=gpkg), "OUTPUT": str(out)},
                r"'empty' holds no project: nothing to export", [out])


def test_export_with_duplicate_project_ids(lc_provider, tmp_path):
    gpkg = S.copy_sample(tmp_path, "dup.gpkg")
    layer = QgsVectorLayer(S.sample_uri("projects", path=gpkg), "projects", "ogr")
    f = QgsFeature(next(layer.getFeatures()))
    f.setAttribute("fid", None)
    f.setAttribute("name", "复制的项目")
    ok = layer.dataProvider().addFeatures([f])[0]
    del layer
    out = tmp_path / "重复.xlsx"
    assert ok  # the sample's table has no UNIQUE constraint on project_id (lists made elsewhere may not either)
    S.run_fails(EXP, {"INPUT": S.sample_uri("projects", path=gpkg), "OUTPUT": str(out)},
                r"Duplicate project ids: 2026-东湖-001", [out])


def test_not_a_project_list(lc_provider, gpkg, tmp_path):
    out = tmp_path / "x.xlsx"
    S.run_fails(EXP, {"INPUT": S.sample_uri("parcels", path=gpkg), "OUTPUT": str(out)},
                r"is not a project list|parcels", [out])


def test_export_into_a_missing_folder(lc_provider, gpkg, tmp_path):
    """A destination folder that does not exist yet is made (as QGIS makes it for any file output)."""
    out = tmp_path / "不存在的文件夹" / "台账.xlsx"
    res = S.run(EXP, {"INPUT": S.sample_uri("projects", path=gpkg), "OUTPUT": str(out)})
    assert res["PROJECTS"] == 21 and out.exists()
    assert [p.name for p in out.parent.iterdir()] == ["台账.xlsx"]  # no temporary file left beside it
