"""lifecircle:exportledger / lifecircle:importledger through processing.run on a copy of the sample district,
the all-or-nothing apply through the edit buffer, and the dock's dialogs (rendered to PNG).

What the layer holds after an import is read back with sqlite3 (the GeoPackage file), not through QGIS.
"""

from __future__ import annotations

import datetime as dt
import gc
import shutil
import sqlite3
from pathlib import Path

import openpyxl
import pytest
from lifecircle.lifecircle_plugin.core import ledger as L
from lifecircle.lifecircle_plugin.core.errors import LifeCircleError
from qgis import processing
from qgis.core import QgsFeature, QgsProcessingException, QgsVectorLayer
from qgis.PyQt.QtCore import QDate, Qt
from qgis.PyQt.QtWidgets import QDialog

from planner_runs import ledger_cells as locate
from planner_runs import returned_ledger as edit

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "sample" / "sample_district.gpkg"
SCREENS = ROOT / "build" / "ledger-screens"


def uri(path: Path, layer: str = "projects") -> str:
    return f"{path}|layername={layer}"


def rows(gpkg: Path, query: str = "SELECT * FROM projects ORDER BY project_id") -> list[dict]:
    con = sqlite3.connect(gpkg)
    con.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in con.execute(query)]
    finally:
        con.close()


def by_id(gpkg: Path) -> dict:
    return {r["project_id"]: r for r in rows(gpkg)}


@pytest.fixture()
def gpkg(tmp_path) -> Path:
    out = tmp_path / "district.gpkg"
    shutil.copy(SAMPLE, out)
    return out


def export(gpkg: Path, out: Path, **params) -> dict:
    p = {"INPUT": uri(gpkg), "OUTPUT": str(out)}
    p.update(params)
    return processing.run("lifecircle:exportledger", p)


# ------------------------------------------------------------------------------------------------------------
# export


def test_export_the_sample(lc_provider, gpkg, tmp_path):
    out = tmp_path / "台账.xlsx"
    res = export(gpkg, out)
    (n, total), = sqlite3.connect(gpkg).execute("SELECT COUNT(*), SUM(investment) FROM projects").fetchall()
    assert res["PROJECTS"] == n == 21
    assert res["INVESTMENT"] == pytest.approx(total)
    assert res["OUTPUT"] == str(out) and out.exists()
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [L.LEDGER_SHEET, L.SUMMARY_SHEET, L.README_SHEET, L.META_SHEET]
    ids, cols = locate(out)
    assert set(ids) == set(by_id(gpkg))
    readme = " ".join(str(v) for row in wb[L.README_SHEET].iter_rows(values_only=True) for v in row if v)
    assert str(gpkg) in readme and "projects" in readme
    # nothing was changed in the layer by exporting
    assert rows(gpkg) == rows(SAMPLE)


def test_export_years_and_subdistricts(lc_provider, gpkg, tmp_path):
    res = export(gpkg, tmp_path / "w.xlsx", SUBDISTRICTS="西岸")
    (n,), = sqlite3.connect(gpkg).execute("SELECT COUNT(*) FROM projects WHERE subdistrict='西岸街道'").fetchall()
    assert res["PROJECTS"] == n
    ids, _ = locate(tmp_path / "w.xlsx")
    assert all(i.startswith("2026-西岸-") for i in ids) and len(ids) == n
    # a project of another year: the default exports the latest year only, 0 exports all
    layer = QgsVectorLayer(uri(gpkg), "projects", "ogr")
    f = next(layer.getFeatures())
    new = QgsFeature(f)
    new.setAttribute("fid", None)
    new.setAttribute("project_id", "2027-东湖-001")
    new.setAttribute("year", 2027)
    assert layer.startEditing() and layer.addFeature(new) and layer.commitChanges()
    del layer
    assert export(gpkg, tmp_path / "a.xlsx")["PROJECTS"] == 1
    assert export(gpkg, tmp_path / "b.xlsx", YEARS="0")["PROJECTS"] == 22
    assert export(gpkg, tmp_path / "c.xlsx", YEARS="2026")["PROJECTS"] == 21
    with pytest.raises(QgsProcessingException, match="matches year\\(s\\) 2025"):
        export(gpkg, tmp_path / "d.xlsx", YEARS="2025")
    assert not (tmp_path / "d.xlsx").exists()


def test_not_a_project_list(lc_provider, gpkg, tmp_path):
    with pytest.raises(QgsProcessingException, match="is not a project list"):
        export(gpkg, tmp_path / "x.xlsx", INPUT=uri(gpkg, "parcels"))


@pytest.fixture(scope="module")
def results(lc_provider_module):
    """Real results of the other algorithms on the sample: coverage units, project impact, potential space,
    siting."""
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
    return {"units": cov["UNITS_OUTPUT"], "impact_units": imp["UNITS_OUTPUT"],
            "impact_projects": imp["PROJECTS_OUTPUT"], "potential": pot["OUTPUT"], "sites": sit["SITES"]}


def _plain(v):
    from lifecircle.lifecircle_plugin.project_layer import to_python

    return to_python(v)


def test_export_with_result_layers(results, tmp_path):
    out = tmp_path / "full.xlsx"
    res = processing.run("lifecircle:exportledger", {
        "INPUT": uri(SAMPLE), "UNITS": results["units"], "SITES": results["sites"], "SITES_CATEGORY": "Q05",
        "POTENTIAL": results["potential"], "IMPACT_UNITS": results["impact_units"],
        "IMPACT_PROJECTS": results["impact_projects"], "OUTPUT": str(out)})
    assert res["PROJECTS"] == 21
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [L.LEDGER_SHEET, L.SUMMARY_SHEET, L.UNITS_SHEET, L.GAPS_SHEET, L.POTENTIAL_SHEET,
                             L.IMPACT_SHEET, L.README_SHEET, L.META_SHEET]
    codes = [f"Q{i:02d}" for i in range(1, 11)] + [f"M{i:02d}" for i in range(1, 11)]
    units = [{n: _plain(f[n]) for n in f.fields().names()} for f in results["units"].getFeatures()]

    # 单元体检: one row per unit, its shares as in the coverage layer
    ws = wb[L.UNITS_SHEET]
    header = [c.value for c in ws[4]]
    col = {(h or "").split("\n")[0]: i for i, h in enumerate(header)}
    sheet_units = {r[0]: r for r in ws.iter_rows(min_row=5, values_only=True) if r[0] and r[0] != "全部单元"}
    assert set(sheet_units) == {str(u["unit_id"]) for u in units}
    for u in units:
        r = sheet_units[str(u["unit_id"])]
        for c in codes:
            assert r[col[c]] == u[f"c_{c}"], (u["unit_id"], c)
        assert r[col["十全缺项"]] == (u["missing_q"] or "—")

    # 缺项与选址: gaps = (unit, category) below 85 %; the three chosen sites in rank order with new residents
    rows_ = list(wb[L.GAPS_SHEET].iter_rows(values_only=True))
    gaps = {(r[0], r[2]) for r in rows_ if r[2] in codes}
    assert gaps == {(str(u["unit_id"]), c) for u in units for c in codes if (u[f"c_{c}"] or 0) < 85}
    sites = sorted(({n: _plain(f[n]) for n in f.fields().names()} for f in results["sites"].getFeatures()),
                   key=lambda s: s["lc_rank"])
    start = next(i for i, r in enumerate(rows_) if r[0] and str(r[0]).startswith("推荐选址"))
    assert rows_[start][0] == "推荐选址：Q05 为老服务"
    head = rows_[start + 1]
    table = rows_[start + 2: start + 2 + len(sites)]
    at = {h: i for i, h in enumerate(head) if h}
    assert [r[at["排名"]] for r in table] == [1, 2, 3]
    assert [r[at["候选编号"]] for r in table] == [s["lc_site_id"] for s in sites]
    assert [r[at["新增覆盖人口"]] for r in table] == [round(s["new_pop"]) for s in sites]
    assert [r[at["街镇"]] for r in table] == [s["subdistrict"] for s in sites]

    # 潜力空间: the potential parcels (rank > 0) in rank order
    pot = [{n: _plain(f[n]) for n in f.fields().names()} for f in results["potential"].getFeatures()]
    ranked = sorted((p for p in pot if (p["rank"] or 0) > 0), key=lambda p: p["rank"])
    sheet = list(wb[L.POTENTIAL_SHEET].iter_rows(min_row=4, values_only=True))
    assert [r[0] for r in sheet] == [p["rank"] for p in ranked]
    assert [r[1] for r in sheet] == [p["parcel_id"] for p in ranked]
    assert sheet[0][-1] == ranked[0]["reason"]

    # 成效评估: per project credits, their total = the sum of new_ordered
    projects = [{n: _plain(f[n]) for n in f.fields().names()} for f in results["impact_projects"].getFeatures()]
    rows_ = list(wb[L.IMPACT_SHEET].iter_rows(values_only=True))
    head = next(r for r in rows_ if r[0] == "顺序")
    total = next(r for r in rows_ if r[0] == "合计")
    assert total[head.index("按顺序计新增覆盖")] == pytest.approx(sum(p["new_ordered"] or 0 for p in projects))
    listed = [r for r in rows_[rows_.index(head) + 1: rows_.index(total)]]
    assert [r[head.index("项目编号")] for r in listed] == [p["project_id"] for p in sorted(projects,
                                                                                         key=lambda p: p["lc_order"])]
    imp_units = [{n: _plain(f[n]) for n in f.fields().names()} for f in results["impact_units"].getFeatures()]
    changed = {(str(u["unit_id"]), c): (u[f"cb_{c}"], u[f"ca_{c}"]) for u in imp_units for c in codes
               if u.get(f"cb_{c}") != u.get(f"ca_{c}")}
    shown = {(r[0], r[1].split(" ")[0]): (r[3], r[4]) for r in rows_
             if r[0] and isinstance(r[1], str) and r[1][:1] in "QM" and r[1][1:3].isdigit()}
    assert shown == changed and changed
    met = {r[0]: r[2:6] for r in rows_ if r[0] in {str(u["unit_id"]) for u in imp_units} and isinstance(r[1], int)}
    assert met == {str(u["unit_id"]): (u["q_met_b"], u["q_met_a"], u["m_met_b"], u["m_met_a"]) for u in imp_units}


# ------------------------------------------------------------------------------------------------------------
# import


def test_preview_then_apply(lc_provider, gpkg, tmp_path):
    out = tmp_path / "ledger.xlsx"
    export(gpkg, out)
    ids, c = locate(out)
    r1, r2 = ids["2026-东湖-002"], ids["2026-西岸-005"]
    returned = edit(out, tmp_path / "returned.xlsx", {
        f"{c['status']}{r1}": "在建", f"{c['progress']}{r1}": 25, f"{c['start_date']}{r1}": dt.datetime(2026, 9, 10),
        f"{c['remarks']}{r2}": "已完成方案设计", f"{c['evaluation_date']}{r2}": dt.datetime(2026, 11, 3)})
    before = by_id(gpkg)
    res = processing.run("lifecircle:importledger", {"INPUT": uri(gpkg), "WORKBOOK": str(returned),
                                                     "OUTPUT": "memory:"})
    assert (res["CHANGES"], res["CONFLICTS"], res["ERRORS"], res["APPLIED"]) == (5, 0, 0, 0)
    table = [{f.name(): _plain(v) for f, v in zip(t.fields(), t.attributes())} for t in res["OUTPUT"].getFeatures()]
    assert {(t["project_id"], t["field"], t["old_value"], t["new_value"]) for t in table} == {
        ("2026-东湖-002", "status", "前期", "在建"), ("2026-东湖-002", "progress", "15", "25"),
        ("2026-东湖-002", "start_date", "2026-09-01", "2026-09-10"),
        ("2026-西岸-005", "remarks", "（空）", "已完成方案设计"),
        ("2026-西岸-005", "evaluation_date", "（空）", "2026-11-03")}
    assert all(t["action"] == "改动" and t["sheet"] == L.LEDGER_SHEET and t["row"] in (r1, r2) for t in table)
    assert by_id(gpkg) == before  # preview only

    res = processing.run("lifecircle:importledger", {"INPUT": uri(gpkg), "WORKBOOK": str(returned), "APPLY": True})
    assert res["APPLIED"] == 2
    after = by_id(gpkg)
    a, b = after["2026-东湖-002"], after["2026-西岸-005"]
    assert (a["status"], a["progress"], a["start_date"]) == ("在建", 25, "2026-09-10")
    assert (b["remarks"], b["evaluation_date"]) == ("已完成方案设计", "2026-11-03")
    assert a["updated_at"] > before["2026-东湖-002"]["updated_at"] and b["updated_at"] > before["2026-西岸-005"][
        "updated_at"]
    for pid in after:
        if pid not in ("2026-东湖-002", "2026-西岸-005"):
            assert after[pid] == before[pid], pid
    for key in set(a) - {"status", "progress", "start_date", "updated_at"}:
        assert a[key] == before["2026-东湖-002"][key], key
    # the same workbook again: already applied, no change and no conflict
    res = processing.run("lifecircle:importledger", {"INPUT": uri(gpkg), "WORKBOOK": str(returned), "APPLY": True})
    assert (res["CHANGES"], res["CONFLICTS"], res["APPLIED"]) == (0, 0, 0)


def test_errors_change_nothing(lc_provider, gpkg, tmp_path):
    out = tmp_path / "ledger.xlsx"
    export(gpkg, out)
    ids, c = locate(out)
    returned = edit(out, tmp_path / "bad.xlsx", {f"{c['progress']}{ids['2026-东湖-002']}": 30,
                                                 f"{c['progress']}{ids['2026-东湖-003']}": 130})
    before = rows(gpkg)
    res = processing.run("lifecircle:importledger", {"INPUT": uri(gpkg), "WORKBOOK": str(returned),
                                                     "OUTPUT": "memory:"})
    assert (res["CHANGES"], res["ERRORS"]) == (1, 1)
    (err,) = [t for t in res["OUTPUT"].getFeatures() if t["action"] == "错误"]
    assert (err["row"], err["column"]) == (ids["2026-东湖-003"], c["progress"])
    with pytest.raises(QgsProcessingException, match="1 error\\(s\\).*nothing was changed.*row {}, column {}".format(
            ids["2026-东湖-003"], c["progress"])):
        processing.run("lifecircle:importledger", {"INPUT": uri(gpkg), "WORKBOOK": str(returned), "APPLY": True})
    assert rows(gpkg) == before
    with pytest.raises(QgsProcessingException, match="no sheet '项目台账'"):
        wb = openpyxl.load_workbook(out)
        wb[L.LEDGER_SHEET].title = "项目"
        wb.save(tmp_path / "renamed.xlsx")
        processing.run("lifecircle:importledger", {"INPUT": uri(gpkg), "WORKBOOK": str(tmp_path / "renamed.xlsx"),
                                                   "APPLY": True})
    assert rows(gpkg) == before


def _hostile(kind: str, out: Path, target: Path, ids: dict, c: dict) -> Path:
    """A returned workbook with one kind of trouble (and a valid change elsewhere, which must not be applied)."""
    wb = openpyxl.load_workbook(out)
    ws = wb[L.LEDGER_SHEET]
    ws[f"{c['progress']}{ids['2026-东湖-002']}"] = 30  # a valid change
    r = ids["2026-东湖-004"]
    if kind == "formula without a saved result":
        ws[f"{c['progress']}{r}"] = "=50+1"
    elif kind == "merged cells":
        ws.merge_cells(f"{c['status']}{r}:{c['progress']}{r}")
    elif kind == "missing column":
        ws.delete_cols(openpyxl.utils.column_index_from_string(c["remarks"]))
    elif kind == "wrong type":
        ws[f"{c['end_date']}{r}"] = "下个月"
    elif kind == "unknown id":
        ws[f"{c['project_id']}{r}"] = "2026-东湖-404"
    wb.save(target)
    if kind == "huge sheet":
        import zipfile

        tmp = target.with_suffix(".tmp.xlsx")
        with zipfile.ZipFile(target) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
            for item in zin.infolist():
                data = zin.read(item.filename)
                if item.filename == "xl/worksheets/sheet1.xml":
                    start = max(ids.values()) + 10
                    rows_ = "".join(f'<row r="{start + i}"><c r="A{start + i}" t="inlineStr"><is><t>x{i}</t></is></c>'
                                    f'</row>' for i in range(200_000))
                    data = data.decode("utf-8").replace("</sheetData>", rows_ + "</sheetData>").encode("utf-8")
                zout.writestr(item, data)
        tmp.replace(target)
    return target


@pytest.mark.parametrize("kind,message", [
    ("formula without a saved result", "without a saved result"),
    ("merged cells", "merged cells"),
    ("missing column", "column\\(s\\) missing: 备注"),
    ("wrong type", "'下个月' is not a date"),
    ("unknown id", "2026-东湖-404 is not in the project list"),
    ("huge sheet", "more than 50,000 filled rows"),
])
def test_hostile_workbooks_change_nothing(lc_provider, gpkg, tmp_path, kind, message):
    out = tmp_path / "ledger.xlsx"
    export(gpkg, out)
    ids, c = locate(out)
    bad = _hostile(kind, out, tmp_path / "bad.xlsx", ids, c)
    before = rows(gpkg)
    with pytest.raises(QgsProcessingException, match=message):
        processing.run("lifecircle:importledger", {"INPUT": uri(gpkg), "WORKBOOK": str(bad), "APPLY": True})
    assert rows(gpkg) == before


def test_read_projects_equals_feature_project(lc_provider):
    """The fast layer reader of the algorithms gives what project_layer.feature_project gives."""
    from lifecircle.lifecircle_plugin.project_layer import feature_project
    from lifecircle.lifecircle_plugin.ledger_io import read_projects

    layer = QgsVectorLayer(uri(SAMPLE), "projects", "ogr")
    expected = [(f.id(), feature_project(f)) for f in layer.getFeatures()]
    assert read_projects(layer) == expected and len(expected) == 21
    del layer


def test_conflicts_are_not_applied_the_rest_is(lc_provider, gpkg, tmp_path):
    out = tmp_path / "ledger.xlsx"
    export(gpkg, out)
    ids, c = locate(out)
    # in QGIS after the export: 东湖-003's progress (the office edits 003 too)
    layer = QgsVectorLayer(uri(gpkg), "projects", "ogr")
    f = next(layer.getFeatures("\"project_id\" = '2026-东湖-003'"))
    assert layer.startEditing()
    layer.changeAttributeValue(f.id(), layer.fields().lookupField("progress"), 35)
    assert layer.commitChanges()
    del layer
    returned = edit(out, tmp_path / "r.xlsx", {f"{c['progress']}{ids['2026-东湖-003']}": 40,
                                               f"{c['progress']}{ids['2026-东湖-009']}": 5})
    res = processing.run("lifecircle:importledger", {"INPUT": uri(gpkg), "WORKBOOK": str(returned), "APPLY": True,
                                                     "OUTPUT": "memory:"})
    assert (res["CHANGES"], res["CONFLICTS"], res["APPLIED"]) == (1, 1, 1)
    (k,) = [t for t in res["OUTPUT"].getFeatures() if t["action"] == "冲突"]
    assert (k["project_id"], k["exported"], k["new_value"], k["old_value"]) == ("2026-东湖-003", "30", "40", "35")
    after = by_id(gpkg)
    assert after["2026-东湖-003"]["progress"] == 35 and after["2026-东湖-009"]["progress"] == 5


def _layer(gpkg: Path) -> QgsVectorLayer:
    layer = QgsVectorLayer(uri(gpkg), "projects", "ogr")
    assert layer.isValid()
    return layer


def _prepared(gpkg: Path, tmp_path: Path):
    from lifecircle.lifecircle_plugin.ledger_io import read_layer_ledger

    out = tmp_path / "ledger.xlsx"
    export(gpkg, out)
    ids, c = locate(out)
    returned = edit(out, tmp_path / "r.xlsx", {f"{c['progress']}{ids[i]}": 1 + k for k, i in enumerate(
        ("2026-东湖-002", "2026-东湖-003", "2026-西岸-001"))})
    layer = _layer(gpkg)
    result, fids = read_layer_ledger(layer, str(returned))
    assert result.ok and len(result.changes) == 3
    return layer, result, fids


def test_apply_rolls_back_when_a_change_fails(lc_provider, gpkg, tmp_path):
    from lifecircle.lifecircle_plugin.ledger_io import apply_ledger_changes

    layer, result, fids = _prepared(gpkg, tmp_path)
    before = rows(gpkg)
    real = layer.changeAttributeValue
    calls = []

    def flaky(*args):
        calls.append(args)
        return False if len(calls) == 3 else real(*args)

    layer.changeAttributeValue = flaky
    with pytest.raises(LifeCircleError, match="rolled back, nothing was changed"):
        apply_ledger_changes(layer, result, fids)
    assert len(calls) == 3
    assert not layer.isEditable() and not layer.isModified()
    assert rows(gpkg) == before
    values = {f["project_id"]: f["progress"] for f in layer.getFeatures()}
    assert values == {r["project_id"]: r["progress"] for r in before}  # the layer shows the saved values
    del layer.changeAttributeValue  # the patch refers to the layer: a cycle that would outlive QGIS
    del layer, flaky
    gc.collect()


def test_apply_rolls_back_when_saving_fails(lc_provider, gpkg, tmp_path):
    from lifecircle.lifecircle_plugin.ledger_io import apply_ledger_changes

    layer, result, fids = _prepared(gpkg, tmp_path)
    before = rows(gpkg)
    layer.commitChanges = lambda *a: False
    with pytest.raises(LifeCircleError, match="Saving the ledger's changes .* failed"):
        apply_ledger_changes(layer, result, fids)
    assert not layer.isEditable() and not layer.isModified()
    assert rows(gpkg) == before
    del layer.commitChanges
    del layer
    gc.collect()


def test_layer_with_unsaved_edits_is_refused(lc_provider, gpkg, tmp_path):
    from lifecircle.lifecircle_plugin.ledger_io import apply_ledger_changes

    layer, result, fids = _prepared(gpkg, tmp_path)
    assert layer.startEditing()
    fid = next(layer.getFeatures()).id()
    layer.changeAttributeValue(fid, layer.fields().lookupField("remarks"), "未保存的编辑")
    with pytest.raises(LifeCircleError, match="has unsaved edits"):
        apply_ledger_changes(layer, result, fids)
    assert layer.isModified()  # the user's own edit is still there
    layer.rollBack()
    # in edit mode without pending edits (the dock keeps it so): applied, saved, still in edit mode
    assert layer.startEditing()
    assert apply_ledger_changes(layer, result, fids) == 3
    assert layer.isEditable() and not layer.isModified()
    layer.rollBack()
    assert by_id(gpkg)["2026-西岸-001"]["progress"] == 3
    del layer


# ------------------------------------------------------------------------------------------------------------
# the dock's dialogs


def test_export_dialog(lc_provider, gpkg, tmp_path, qgis_iface, qtbot):
    from lifecircle.lifecircle_plugin.gui.ledger_dialogs import (
        LedgerExportDialog,
        export_ledger_dialog,
    )

    SCREENS.mkdir(parents=True, exist_ok=True)
    layer = _layer(gpkg)
    target = tmp_path / "dialog.xlsx"
    seen = []

    def run(dialog):
        assert isinstance(dialog, LedgerExportDialog)
        qtbot.addWidget(dialog)
        dialog.resize(560, 620)
        dialog.show()
        dialog.grab().save(str(SCREENS / "export_dialog.png"))
        assert dialog.chosen_years() == ["2026"]
        assert dialog.chosen_subdistricts() == []  # all checked = no filter
        dialog.subdistricts.item(0).setCheckState(Qt.CheckState.Unchecked)  # 东湖街道 off
        seen.append(dialog.chosen_subdistricts())
        return QDialog.DialogCode.Accepted

    path = export_ledger_dialog(qgis_iface, layer, str(target), run_dialog=run)
    assert path == str(target) and target.exists()
    assert seen == [["西岸街道"]]
    ids, _ = locate(target)
    assert ids and all(i.startswith("2026-西岸") for i in ids)
    assert export_ledger_dialog(qgis_iface, layer, str(tmp_path / "no.xlsx"),
                                run_dialog=lambda d: QDialog.DialogCode.Rejected) is None
    assert not (tmp_path / "no.xlsx").exists()
    del layer


def test_import_dialog_preview_and_apply(lc_provider, gpkg, tmp_path, qgis_iface, qtbot):
    from lifecircle.lifecircle_plugin.gui.ledger_dialogs import (
        LedgerPreviewDialog,
        import_ledger_dialog,
    )

    SCREENS.mkdir(parents=True, exist_ok=True)
    out = tmp_path / "ledger.xlsx"
    export(gpkg, out)
    ids, c = locate(out)
    # a conflict (changed in QGIS after the export), two changes, then the same with an error
    layer = _layer(gpkg)
    f = next(layer.getFeatures("\"project_id\" = '2026-东湖-010'"))
    assert layer.startEditing()
    layer.changeAttributeValue(f.id(), layer.fields().lookupField("remarks"), "区里：与就业中心合并")
    layer.changeAttributeValue(f.id(), layer.fields().lookupField("end_date"), QDate(2026, 9, 30))
    assert layer.commitChanges()
    edits = {f"{c['status']}{ids['2026-东湖-002']}": "在建", f"{c['progress']}{ids['2026-东湖-002']}": 20,
             f"{c['remarks']}{ids['2026-西岸-003']}": "已进场施工",
             f"{c['remarks']}{ids['2026-东湖-010']}": "街道：建议恢复"}
    returned = edit(out, tmp_path / "r.xlsx", edits)
    shown = {}

    def run(dialog):
        assert isinstance(dialog, LedgerPreviewDialog)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.grab().save(str(SCREENS / "import_preview.png"))
        dialog.tabs.setCurrentWidget(dialog.conflicts)
        dialog.grab().save(str(SCREENS / "import_conflicts.png"))
        shown["changes"] = dialog.changes.rowCount()
        shown["conflicts"] = [dialog.conflicts.item(0, j).text() for j in range(dialog.conflicts.columnCount())]
        shown["apply"] = dialog.apply_button.isEnabled()
        return QDialog.DialogCode.Accepted

    applied = import_ledger_dialog(qgis_iface, layer, str(returned), run_dialog=run)
    assert applied == 2
    assert shown["changes"] == 3 and shown["apply"]
    assert shown["conflicts"][:5] == ["2026-东湖-010", "备注", "与区就业服务中心功能重叠，调整至2027年统筹", "街道：建议恢复",
                                      "区里：与就业中心合并"]
    assert shown["conflicts"][6] == "计划完工、备注"
    after = by_id(gpkg)
    assert (after["2026-东湖-002"]["status"], after["2026-东湖-002"]["progress"]) == ("在建", 20)
    assert after["2026-西岸-003"]["remarks"] == "已进场施工"
    assert after["2026-东湖-010"]["remarks"] == "区里：与就业中心合并"

    # errors: Apply is disabled, nothing is written
    bad = edit(out, tmp_path / "bad.xlsx", {f"{c['status']}{ids['2026-东湖-004']}": "已完工",
                                            f"{c['progress']}{ids['2026-东湖-005']}": "=50+1"})
    before = rows(gpkg)

    def run_bad(dialog):
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.grab().save(str(SCREENS / "import_errors.png"))
        shown["errors"] = dialog.errors.rowCount()
        shown["apply_bad"] = dialog.apply_button.isEnabled()
        return QDialog.DialogCode.Accepted

    assert import_ledger_dialog(qgis_iface, layer, str(bad), run_dialog=run_bad) is None
    assert shown["errors"] == 2 and not shown["apply_bad"]
    assert rows(gpkg) == before
    del layer


def test_everything_the_office_did_is_told_and_only_its_own_fields_are_applied(lc_provider, gpkg, tmp_path,
                                                                               qgis_iface, qtbot):
    """An office edits its fields, changes a planner's column (投资估算), deletes a project's row, adds a 合计 row, a
    blank row and a note: the import applies its fields only, lists the rest — in the algorithm and in the dialog —
    and deletes nothing."""
    from lifecircle.lifecircle_plugin.gui.ledger_dialogs import LedgerPreviewDialog, import_ledger_dialog

    out = tmp_path / "ledger.xlsx"
    export(gpkg, out)
    ids, c = locate(out)
    wb = openpyxl.load_workbook(out)
    ws = wb[L.LEDGER_SHEET]
    ws[f"{c['progress']}{ids['2026-东湖-002']}"] = 30
    ws[f"{c['investment']}{ids['2026-东湖-003']}"] = 88.8
    ws.delete_rows(ids["2026-西岸-003"])
    last = ws.max_row
    ws[f"A{last + 2}"] = "合计"
    ws[f"A{last + 4}"] = "注：本表由街道办填报"
    returned = tmp_path / "returned.xlsx"
    wb.save(returned)
    before = by_id(gpkg)
    res = processing.run("lifecircle:importledger", {"INPUT": uri(gpkg), "WORKBOOK": str(returned),
                                                     "OUTPUT": "memory:"})
    assert (res["CHANGES"], res["ERRORS"], res["LOCKED_EDITS"], res["MISSING_ROWS"]) == (1, 0, 1, 1)
    assert res["SKIPPED_ROWS"] == 4  # blank, 合计, blank, the note
    table = [{f.name(): _plain(v) for f, v in zip(t.fields(), t.attributes())} for t in res["OUTPUT"].getFeatures()]
    assert [(t["action"], t["project_id"], t["field"]) for t in table if t["action"] != "跳过的行"] == [
        ("改动", "2026-东湖-002", "progress"), ("锁定列被改动（未采用）", "2026-东湖-003", "investment"),
        ("台账中缺少（未删除）", "2026-西岸-003", None)]
    locked = next(t for t in table if t["field"] == "investment")
    assert (locked["old_value"], locked["new_value"]) == (L.show(before["2026-东湖-003"]["investment"]), "88.8")

    shown = {}

    def run(dialog):
        assert isinstance(dialog, LedgerPreviewDialog)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.tabs.setCurrentWidget(dialog.not_taken)
        dialog.grab().save(str(SCREENS / "import_not_taken.png"))
        shown["not_taken"] = [[dialog.not_taken.item(i, j).text() for j in range(3)]
                              for i in range(dialog.not_taken.rowCount())]
        shown["summary"] = dialog.summary.text()
        return QDialog.DialogCode.Accepted

    layer = _layer(gpkg)
    assert import_ledger_dialog(qgis_iface, layer, str(returned), run_dialog=run) == 1
    assert shown["not_taken"][:2] == [["锁定列被改动", "2026-东湖-003", "投资估算（万元）"], ["台账中缺少", "2026-西岸-003", ""]]
    assert [r[0] for r in shown["not_taken"][2:]] == ["跳过的行：空行", "跳过的行：合计行", "跳过的行：空行", "跳过的行：备注"]
    assert "nothing is deleted" in shown["summary"]
    after = by_id(gpkg)
    assert after["2026-东湖-002"]["progress"] == 30
    assert after["2026-东湖-003"] == before["2026-东湖-003"] and after["2026-西岸-003"] == before["2026-西岸-003"]
    assert set(after) == set(before)
    del layer
