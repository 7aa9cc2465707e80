"""The project list dock with pytest-qt: typing in the form, clicking the table and the toolbar, filters, totals,
validation messages, undo/redo, save/roll back, map clicks, rollover and drafts from siting on the sample
district (a copy), and bad input. Numbers are checked against the GeoPackage read independently (sqlite3 / GDAL).
Screenshots of the dock and its dialogs go to build/screenshots/."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsRectangle,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QDate, QPoint, Qt, QTimer
from qgis.PyQt.QtGui import QInputMethodEvent
from qgis.PyQt.QtWidgets import QApplication, QDialog, QDialogButtonBox

from lifecircle.lifecircle_plugin import project_layer as PL
from lifecircle.lifecircle_plugin.core import projects as P
from lifecircle.lifecircle_plugin.gui import create_project_dock
from lifecircle.lifecircle_plugin.gui.project_dock import ProjectDock

from chinese import chinese_ui, english_sentences
from dock_support import close_dock, open_dock

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "build" / "screenshots"
CRS = QgsCoordinateReferenceSystem("EPSG:4549")
LEFT = Qt.MouseButton.LeftButton


# ------------------------------------------------------------------------------------------------------------
# fixtures and helpers


pytestmark = pytest.mark.usefixtures("release_layers")


def add_layer(path: Path, name: str) -> QgsVectorLayer:
    layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
    assert layer.isValid()
    QgsProject.instance().addMapLayer(layer)
    return layer


@pytest.fixture()
def dock(qgis_iface, qgis_new_project, qtbot, sample_gpkg):
    blocks = add_layer(sample_gpkg, "blocks")
    add_layer(sample_gpkg, "parcels")
    add_layer(sample_gpkg, "projects")
    canvas = qgis_iface.mapCanvas()
    canvas.setDestinationCrs(CRS)
    canvas.resize(600, 500)
    canvas.setExtent(blocks.extent())
    d = open_dock(qgis_iface, qtbot)
    qtbot.waitExposed(d)
    d.unitsCombo.setLayer(blocks)
    yield d
    close_dock(qgis_iface, d)


def sqlite_rows(path: Path, where: str = "1=1") -> list[dict]:
    con = sqlite3.connect(path)
    con.row_factory = sqlite3.Row
    out = [dict(r) for r in con.execute(f"SELECT * FROM projects WHERE {where} ORDER BY fid")]
    con.close()
    return out


def shown_ids(d: ProjectDock) -> list[str]:
    return [d.proxy.index(r, 0).data() for r in range(d.proxy.rowCount())]


def row_of(d: ProjectDock, pid: str) -> int:
    return shown_ids(d).index(pid)


def click_row(qtbot, d: ProjectDock, row: int, modifier=Qt.KeyboardModifier.NoModifier, double=False):
    view = d.tableView
    view.scrollTo(d.proxy.index(row, 1))
    rect = view.visualRect(d.proxy.index(row, 1))
    if double:
        qtbot.mouseDClick(view.viewport(), LEFT, modifier, rect.center())
    else:
        qtbot.mouseClick(view.viewport(), LEFT, modifier, rect.center())


def click_action(qtbot, d: ProjectDock, action):
    button = d.tool_button(action)
    assert button is not None and button.isEnabled(), action.text()
    qtbot.mouseClick(button, LEFT)


def answer(d: ProjectDock, monkeypatch, yes: bool = True) -> list[str]:
    """Answer the dock's yes/no questions; returns what was asked."""
    asked = []

    def ask(title, text):
        asked.append(text)
        return yes

    monkeypatch.setattr(d, "_ask", ask)
    return asked


def fill_form(d: ProjectDock, monkeypatch, interact) -> list:
    """Run ``interact(form, qtbot-like)`` on the form when the dock opens it (shown, not modal)."""
    seen = []

    def run(dialog):
        dialog.show()
        seen.append(dialog)
        interact(dialog)
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(d, "_exec", run)
    return seen


def type_text(qtbot, widget, text: str) -> None:
    """Type like a user: key presses for ASCII, and what a Chinese input method (拼音) does for the rest — it
    commits the characters with an input-method event (QTest's key clicks only know ASCII)."""
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
        else:
            event = QInputMethodEvent()
            event.setCommitString(ch)
            QApplication.sendEvent(widget, event)


def save_button(form):
    return form.buttonBox.button(QDialogButtonBox.StandardButton.Save)


def message_text(d: ProjectDock) -> str:
    return d.last_message[0] if hasattr(d, "last_message") else ""


def shot(widget, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / name
    assert widget.grab().save(str(path))
    return path


# ------------------------------------------------------------------------------------------------------------
# showing the list


def test_dock_shows_the_sample_list_with_totals(dock, sample_gpkg):
    rows = sqlite_rows(sample_gpkg)
    assert dock.layer.name() == "projects" and dock.problems() == []
    assert dock.proxy.rowCount() == 21
    assert shown_ids(dock) == sorted(r["project_id"] for r in rows)
    headers = [dock.proxy.headerData(i, Qt.Orientation.Horizontal) for i in range(5)]
    assert headers == ["项目编号", "项目名称", "项目状态", "进度（%）", "投资估算（万元）"]
    cat_col = dock.model.columnCount() and list(dock.model.headerData(i, Qt.Orientation.Horizontal)
                                                for i in range(dock.model.columnCount())).index("设施类别")
    first = dock.proxy.index(0, cat_col).data()
    assert first == "Q06 保育托幼"  # 2026-东湖-001 in the sample
    total = sum(r["investment"] for r in rows if r["status"] != "取消")
    text = dock.totals_text()
    assert text.startswith(f"21 of 21 project(s) shown · investment {total:,.1f} 万元 (excl. 取消)")
    building = [r for r in rows if r["status"] == "在建"]
    assert f"在建: {len(building)} · {sum(r['investment'] for r in building):,.1f} 万元" in text
    shot(dock, "project_dock.png")


def test_filters_by_clicking_and_typing(dock, sample_gpkg, qtbot):
    rows = sqlite_rows(sample_gpkg)
    dock.subdistrictFilter.setCurrentIndex(dock.subdistrictFilter.findText("西岸街道"))
    xian = [r for r in rows if r["subdistrict"] == "西岸街道"]
    assert dock.proxy.rowCount() == len(xian) == 10
    dock.statusFilter.setCurrentIndex(dock.statusFilter.findData("在建"))
    want = [r for r in xian if r["status"] == "在建"]
    assert sorted(shown_ids(dock)) == sorted(r["project_id"] for r in want)
    inv = sum(r["investment"] for r in want)
    assert dock.totals_text().startswith(f"{len(want)} of 21 project(s) shown · investment {inv:,.1f} 万元")
    dock.statusFilter.setCurrentIndex(0)
    dock.subdistrictFilter.setCurrentIndex(0)
    # categories offered are the ones in the list, labelled with their names
    labels = [dock.categoryFilter.itemText(i) for i in range(dock.categoryFilter.count())]
    assert labels[0] == "All categories" and "Q05 为老服务" in labels and "Q02 社区议事" not in labels
    dock.categoryFilter.setCurrentIndex(dock.categoryFilter.findData("Q05"))
    assert sorted(shown_ids(dock)) == sorted(r["project_id"] for r in rows if r["category"] == "Q05")
    dock.categoryFilter.setCurrentIndex(0)
    # free text: in name, content, implementer, …; several words must all match
    type_text(qtbot, dock.searchEdit, "助餐")
    assert sorted(shown_ids(dock)) == sorted(r["project_id"] for r in rows
                                             if "助餐" in (r["name"] + r["content"] + (r["remarks"] or "")))
    dock.searchEdit.clear()
    type_text(qtbot, dock.searchEdit, "教育局 幼儿园")
    assert shown_ids(dock) == ["2026-东湖-002"]
    dock.searchEdit.clear()
    type_text(qtbot, dock.searchEdit, "为老服务")  # the category's name finds its projects too
    assert len(shown_ids(dock)) == len([r for r in rows if r["category"] == "Q05"])
    dock.searchEdit.clear()
    assert dock.proxy.rowCount() == 21
    # sorting by investment (a number, not text)
    inv_col = [dock.model.headerData(i, Qt.Orientation.Horizontal)
               for i in range(dock.model.columnCount())].index("投资估算（万元）")
    dock.tableView.sortByColumn(inv_col, Qt.SortOrder.DescendingOrder)
    top = max(rows, key=lambda r: r["investment"])
    assert shown_ids(dock)[0] == top["project_id"]


# ------------------------------------------------------------------------------------------------------------
# the form: typing, validation, saving into the edit buffer


def test_add_a_project_by_typing_in_the_form(dock, sample_gpkg, qtbot):
    """The real modal form (exec), driven by typing and clicking."""
    done = {}

    def interact():
        form = dock.form
        try:
            assert form is not None and form.isModal()
            type_text(qtbot, form.subdistrictEdit.lineEdit(), "东湖街道")
            done["auto_id"] = form.projectIdEdit.text()
            type_text(qtbot, form.nameEdit, "东湖社区食堂")
            form.categoryEdit.setCurrentIndex(form.categoryEdit.findData("Q05"))
            done["kind"] = form.kindEdit.currentData()
            form.pathEdit.setCurrentIndex(form.pathEdit.findData("新建"))
            qtbot.keyClicks(form.investmentEdit, "-5")
            form.startDateEdit.setDate(QDate(2026, 9, 1))
            form.endDateEdit.setDate(QDate(2026, 8, 1))
            qtbot.mouseClick(save_button(form), LEFT)
            done["problems"] = form.problemsLabel.text()
            done["still_open"] = form.isVisible()
            shot(form, "project_form_problems.png")
            form.investmentEdit.clear()
            qtbot.keyClicks(form.investmentEdit, "280.5")
            form.endDateEdit.setDate(QDate(2027, 1, 31))
            qtbot.keyClicks(form.progressEdit, "10")
            qtbot.mouseClick(save_button(form), LEFT)
        finally:
            if form is not None and form.isVisible():
                form.reject()

    QTimer.singleShot(0, interact)
    click_action(qtbot, dock, dock.actAdd)
    assert done["auto_id"] == "2026-东湖-012"  # year-街镇-sequence after the sample's 11 东湖 projects
    assert done["kind"] == "基础保障"
    assert done["problems"].splitlines() == [
        "• 投资估算（万元） (investment): must be 0 or more, not -5",
        "• 计划完工 (end_date): 2026-08-01 is before the start 计划开工 (start_date) 2026-09-01",
    ]
    assert done["still_open"]
    layer = dock.layer
    assert layer.isEditable() and layer.featureCount() == 22
    assert "2026-东湖-012" in shown_ids(dock)
    assert dock.selected_fids() and layer.selectedFeatureIds() == dock.selected_fids()
    f = layer.getFeature(dock.selected_fids()[0])
    assert f["name"] == "东湖社区食堂" and f["investment"] == 280.5 and f["status"] == "谋划"
    assert f["end_date"] == QDate(2027, 1, 31) and f["progress"] == 10 and f["category"] == "Q05"
    assert dock.totals_text().startswith("22 of 22")
    # undo / redo with the toolbar
    click_action(qtbot, dock, dock.actUndo)
    assert "2026-东湖-012" not in shown_ids(dock) and layer.featureCount() == 21
    click_action(qtbot, dock, dock.actRedo)
    assert "2026-东湖-012" in shown_ids(dock)
    # save: in the file
    click_action(qtbot, dock, dock.actSave)
    assert "saved" in message_text(dock)
    saved = {r["project_id"]: r for r in sqlite_rows(sample_gpkg)}
    assert saved["2026-东湖-012"]["investment"] == 280.5 and saved["2026-东湖-012"]["kind"] == "基础保障"
    assert "2026-东湖-012" in shown_ids(dock) and dock.model.rowCount() == 22  # fids after commit re-read


def test_validation_messages_name_fields_and_cancel_changes_nothing(dock, monkeypatch, qtbot):
    def interact(form):
        qtbot.keyClicks(form.progressEdit, "120")
        qtbot.keyClicks(form.investmentEdit, "abc")
        form.statusEdit.setCurrentIndex(form.statusEdit.findData("在建"))
        qtbot.mouseClick(save_button(form), LEFT)
        assert form.isVisible()
        lines = form.problemsLabel.text().splitlines()
        assert lines == ["• 项目编号 (project_id): required, please fill it in",
                         "• 街镇 (subdistrict): required, please fill it in",
                         "• 项目名称 (name): required, please fill it in",
                         "• 设施类别 (category): required, please fill it in",
                         "• 投资估算（万元） (investment): 'abc' is not a number",
                         "• 进度（%） (progress): must be between 0 and 100, not 120"]
        assert "d32f2f" in form.progressEdit.styleSheet() and form.nameEdit.styleSheet()
        assert form.statusEdit.styleSheet() == ""
        assert form.tabs.currentIndex() == 0  # the tab of the first problem
        # the id needs the 街镇: generating without it says so
        qtbot.mouseClick(form.generateIdButton, LEFT)
        assert "choose the 街镇 first" in form.problemsLabel.text()
        qtbot.mouseClick(form.buttonBox.button(QDialogButtonBox.StandardButton.Cancel), LEFT)

    forms = fill_form(dock, monkeypatch, interact)
    assert dock.add_project() == []
    assert forms and dock.layer.featureCount() == 21 and not dock.layer.isModified()


def test_validation_speaks_chinese_in_a_chinese_qgis(dock, monkeypatch, qtbot, tmp_path):
    """The same form problems in 简体中文: the core's reasons translated, field labels as the list names them."""
    def interact(form):
        qtbot.keyClicks(form.progressEdit, "120")
        qtbot.keyClicks(form.investmentEdit, "abc")
        qtbot.mouseClick(save_button(form), LEFT)
        lines = form.problemsLabel.text().splitlines()
        assert lines[0] == "• 项目编号 (project_id)：必填，请填写"
        assert "• 投资估算（万元） (investment)：“abc”不是数字" in lines
        assert "• 进度（%） (progress)：必须在 0 到 100 之间，而不是 120" in lines
        assert not [line for line in lines if english_sentences(line)], lines
        qtbot.mouseClick(form.buttonBox.button(QDialogButtonBox.StandardButton.Cancel), LEFT)

    with chinese_ui(tmp_path):
        forms = fill_form(dock, monkeypatch, interact)
        assert dock.add_project() == []
    assert forms and not dock.layer.isModified()


def test_typed_id_that_is_taken_is_refused(dock, monkeypatch, qtbot):
    def interact(form):
        type_text(qtbot, form.subdistrictEdit.lineEdit(), "西岸街道")
        form.projectIdEdit.clear()
        type_text(qtbot, form.projectIdEdit, "2026-西岸-003")
        type_text(qtbot, form.nameEdit, "重复编号")
        form.categoryEdit.setCurrentIndex(form.categoryEdit.findData("M03"))
        qtbot.mouseClick(save_button(form), LEFT)
        assert form.problemsLabel.text() == ("• 项目编号 (project_id): 2026-西岸-003 is already used by another "
                                             "project; ids must be unique")
        qtbot.mouseClick(form.generateIdButton, LEFT)
        assert form.projectIdEdit.text() == "2026-西岸-011"
        qtbot.mouseClick(save_button(form), LEFT)

    fill_form(dock, monkeypatch, interact)
    [fid] = dock.add_project()
    assert dock.layer.getFeature(fid)["project_id"] == "2026-西岸-011"
    assert dock.layer.getFeature(fid)["kind"] == "品质提升"


def test_edit_select_zoom_undo_rollback(dock, sample_gpkg, monkeypatch, qtbot, qgis_iface):
    layer = dock.layer
    row = row_of(dock, "2026-东湖-003")
    click_row(qtbot, dock, row)
    fid = dock.selected_fids()[0]
    assert layer.selectedFeatureIds() == [fid]  # table → map
    # double-click zooms the map to the project
    canvas = qgis_iface.mapCanvas()
    canvas.setExtent(QgsRectangle(0, 0, 10, 10))
    click_row(qtbot, dock, row, double=True)
    point = layer.getFeature(fid).geometry().asPoint()
    extent = canvas.extent()
    assert extent.contains(point) and min(extent.width(), extent.height()) <= 310

    def interact(form):
        assert form.projectIdEdit.text() == "2026-东湖-003" and form.progressEdit.text() == "30"
        assert form.categoryEdit.currentData() == "Q05" and form.statusEdit.currentData() == "在建"
        assert form.hearingDateEdit.date() == QDate.fromString(
            sqlite_rows(sample_gpkg, "project_id='2026-东湖-003'")[0]["hearing_date"], "yyyy-MM-dd")
        form.progressEdit.clear()
        qtbot.keyClicks(form.progressEdit, "80")
        form.tabs.setCurrentIndex(1)
        shot(form, "project_form_edit.png")
        qtbot.mouseClick(save_button(form), LEFT)

    fill_form(dock, monkeypatch, interact)
    click_action(qtbot, dock, dock.actEdit)
    prog_col = list(dock.model.headerData(i, Qt.Orientation.Horizontal)
                    for i in range(dock.model.columnCount())).index("进度（%）")
    assert dock.proxy.index(row_of(dock, "2026-东湖-003"), prog_col).data() == "80%"
    assert layer.getFeature(fid)["progress"] == 80
    click_action(qtbot, dock, dock.actUndo)
    assert dock.proxy.index(row_of(dock, "2026-东湖-003"), prog_col).data() == "30%"
    click_action(qtbot, dock, dock.actRedo)
    assert layer.getFeature(fid)["progress"] == 80
    # roll back (after the question) → nothing reaches the file
    asked = answer(dock, monkeypatch, yes=True)
    click_action(qtbot, dock, dock.actRollback)
    assert asked and "Discard 1 unsaved change(s)" in asked[0]
    assert layer.getFeature(fid)["progress"] == 30 and not layer.isEditable()
    assert dock.proxy.index(row_of(dock, "2026-东湖-003"), prog_col).data() == "30%"
    assert sqlite_rows(sample_gpkg, "project_id='2026-东湖-003'")[0]["progress"] == 30
    assert not dock.actSave.isEnabled() and not dock.actUndo.isEnabled()


def test_map_selection_selects_rows_and_delete_with_undo(dock, monkeypatch, qtbot):
    layer = dock.layer
    ids = ["2026-西岸-002", "2026-东湖-007"]
    fids = [f.id() for f in layer.getFeatures() if f["project_id"] in ids]
    layer.selectByIds(fids)  # map → table
    assert sorted(dock.selected_fids()) == sorted(fids)
    selected_rows = sorted(i.row() for i in dock.tableView.selectionModel().selectedRows())
    assert sorted(shown_ids(dock)[r] for r in selected_rows) == sorted(ids)
    asked = answer(dock, monkeypatch, yes=False)
    click_action(qtbot, dock, dock.actDelete)
    assert "Delete 2 project(s)" in asked[0] and layer.featureCount() == 21
    answer(dock, monkeypatch, yes=True)
    click_action(qtbot, dock, dock.actDelete)
    assert layer.featureCount() == 19 and not set(ids) & set(shown_ids(dock))
    click_action(qtbot, dock, dock.actUndo)
    assert set(ids) <= set(shown_ids(dock)) and layer.featureCount() == 21
    # ctrl-click adds rows to the selection, and the map follows
    layer.removeSelection()
    click_row(qtbot, dock, 0)
    click_row(qtbot, dock, 2, Qt.KeyboardModifier.ControlModifier)
    assert len(layer.selectedFeatureIds()) == 2 and sorted(layer.selectedFeatureIds()) == sorted(dock.selected_fids())


# ------------------------------------------------------------------------------------------------------------
# locations: map click, selected feature, units


def blocks_containing(sample_gpkg: Path, x: float, y: float) -> tuple[str, str]:
    """The 居委 block around a point, with GDAL (independent of the plugin's QGIS lookup)."""
    from osgeo import ogr

    ds = ogr.Open(str(sample_gpkg))
    lyr = ds.GetLayerByName("blocks")
    pt = ogr.CreateGeometryFromWkt(f"POINT ({x} {y})")
    hits = [(f.GetField("block_id"), f.GetField("subdistrict")) for f in lyr if f.GetGeometryRef().Contains(pt)]
    ds = None
    assert len(hits) == 1
    return hits[0]


def test_map_click_moves_the_selected_project_and_fills_its_unit(dock, sample_gpkg, qtbot, qgis_iface):
    layer = dock.layer
    click_row(qtbot, dock, row_of(dock, "2026-西岸-001"))
    fid = dock.selected_fids()[0]
    canvas = qgis_iface.mapCanvas()
    click_action(qtbot, dock, dock.actPick)
    assert canvas.mapTool() is dock.pick_tool
    # a real click on the canvas, in the middle of a block of 东湖 (east)
    from osgeo import ogr

    ds = ogr.Open(str(sample_gpkg))
    blk = next(f for f in ds.GetLayerByName("blocks") if f.GetField("block_id").startswith("DH"))
    c = blk.GetGeometryRef().PointOnSurface()
    x, y = c.GetX(), c.GetY()
    ds = None
    pixel = canvas.getCoordinateTransform().transform(QgsPointXY(x, y))
    qtbot.mouseClick(canvas.viewport(), LEFT, Qt.KeyboardModifier.NoModifier,
                     QPoint(round(pixel.x()), round(pixel.y())))
    assert canvas.mapTool() is not dock.pick_tool  # one click, then the tool is released
    moved = layer.getFeature(fid)
    assert moved.geometry().asPoint().distance(QgsPointXY(x, y)) < 2 * canvas.mapUnitsPerPixel()
    block_id, subdistrict = blocks_containing(sample_gpkg, moved.geometry().asPoint().x(), moved.geometry().asPoint().y())
    assert moved["unit_id"] == block_id and moved["subdistrict"] == subdistrict == "东湖街道"
    assert moved["project_id"] == "2026-西岸-001"  # the id stays
    layer.undoStack().undo()
    assert layer.getFeature(fid)["unit_id"] is None or layer.getFeature(fid)["unit_id"].isNull()


def test_map_click_without_selection_starts_a_new_project(dock, sample_gpkg, monkeypatch, qtbot):
    def interact(form):
        assert form.subdistrictEdit.currentText() == "西岸街道" and form.unitIdEdit.currentText() == "XA03"
        assert form.projectIdEdit.text() == "2026-西岸-011"
        type_text(qtbot, form.nameEdit, "西岸口袋公园")
        shot(form, "project_form_new.png")
        form.categoryEdit.setCurrentIndex(form.categoryEdit.findData("Q10"))
        qtbot.mouseClick(save_button(form), LEFT)

    fill_form(dock, monkeypatch, interact)
    from osgeo import ogr

    ds = ogr.Open(str(sample_gpkg))
    blk = next(f for f in ds.GetLayerByName("blocks") if f.GetField("block_id") == "XA03")
    c = blk.GetGeometryRef().PointOnSurface()
    x, y = c.GetX(), c.GetY()
    ds = None
    dock.tableView.clearSelection()
    dock.actPick.trigger()
    dock.pick_tool.canvasClicked.emit(QgsPointXY(x, y), LEFT)
    [fid] = dock.selected_fids()
    f = dock.layer.getFeature(fid)
    assert f["name"] == "西岸口袋公园" and f["unit_id"] == "XA03"
    assert f.geometry().asPoint() == QgsPointXY(x, y)


def test_polygon_list_takes_the_selected_parcel(dock, sample_gpkg, tmp_path, monkeypatch, qtbot):
    layer = dock.new_geopackage(PL.POLYGON, str(tmp_path / "list2027.gpkg"))
    assert dock.layer is layer and dock.layerCombo.currentLayer() is layer and dock.proxy.rowCount() == 0
    parcels = QgsProject.instance().mapLayersByName("parcels")[0]
    dock.sourceCombo.setLayer(parcels)
    dock.message("")
    # nothing selected in the parcels → a clear message
    dock.take_selected_feature()
    assert "Select exactly one feature of 'parcels' (0 selected)" in message_text(dock)
    parcel = next(f for f in parcels.getFeatures() if f["status"] == "idle" and f["block_id"])
    parcels.selectByIds([parcel.id()])

    def interact(form):
        assert form.unitIdEdit.currentText() == parcel["block_id"]
        assert form.subdistrictEdit.currentText() == parcel["subdistrict"]
        form.yearEdit.setValue(2027)
        type_text(qtbot, form.nameEdit, "闲置厂房改建长者照护之家")
        form.categoryEdit.setCurrentIndex(form.categoryEdit.findData("Q05"))
        qtbot.mouseClick(save_button(form), LEFT)

    fill_form(dock, monkeypatch, interact)
    dock.take_selected_feature()
    [fid] = dock.selected_fids()
    f = layer.getFeature(fid)
    short = P.subdistrict_short_name(parcel["subdistrict"])
    assert f["project_id"] == f"2027-{short}-001"
    assert f.geometry().area() == pytest.approx(parcel["area_m2"], abs=1.0)
    assert f.geometry().equals(parcel.geometry()) or f.geometry().isGeosEqual(
        QgsGeometry.collectGeometry([parcel.geometry()]))
    # a map click inside another parcel gives that polygon to the selected project
    other = next(g for g in parcels.getFeatures() if g["status"] == "vacant" and g["area_m2"] > 500)
    dock.actPick.trigger()
    dock.pick_tool.canvasClicked.emit(other.geometry().pointOnSurface().asPoint(), LEFT)
    assert layer.getFeature(fid).geometry().area() == pytest.approx(other["area_m2"], abs=1.0)
    assert dock.commit()


def test_fill_units_for_selected_projects(dock, sample_gpkg, qtbot):
    layer = dock.layer
    click_row(qtbot, dock, 0)
    for r in range(1, 4):
        click_row(qtbot, dock, r, Qt.KeyboardModifier.ControlModifier)
    fids = dock.selected_fids()
    assert dock.fill_units_for_selected() == 4
    for fid in fids:
        f = layer.getFeature(fid)
        pt = f.geometry().asPoint()
        assert (f["unit_id"], f["subdistrict"]) == blocks_containing(sample_gpkg, pt.x(), pt.y())
    layer.undoStack().undo()  # one command for all four
    assert all(PL.to_python(layer.getFeature(fid)["unit_id"]) is None for fid in fids)


# ------------------------------------------------------------------------------------------------------------
# rollover and drafts from siting


def test_rollover_on_the_sample(dock, sample_gpkg, monkeypatch, qtbot):
    asked = answer(dock, monkeypatch, yes=True)
    qtbot.mouseClick(dock.rolloverButton, LEFT)
    assert "14 unfinished project(s) of 2026 (谋划/前期/在建) roll into 2027" in asked[0]
    assert "6 finished and 1 cancelled stay" in asked[0]
    assert dock.yearFilter.currentData() == 2027 and dock.proxy.rowCount() == 14
    assert len(dock.selected_fids()) == 14
    shot(dock, "project_dock_rollover.png")
    click_action(qtbot, dock, dock.actSave)
    rows = sqlite_rows(sample_gpkg)
    assert len(rows) == 35
    old = {r["project_id"]: r for r in rows if r["year"] == 2026}
    new = [r for r in rows if r["year"] == 2027]
    assert {r["previous_id"] for r in new} == {pid for pid, r in old.items() if r["status"] in ("谋划", "前期", "在建")}
    assert all(r["name"] == old[r["previous_id"]]["name"] for r in new)
    # again from 2026: nothing more to roll, nothing asked
    asked.clear()
    dock.set_filter("year", 2026)
    qtbot.mouseClick(dock.rolloverButton, LEFT)
    assert asked == [] and "0 unfinished project(s) of 2026" in message_text(dock)
    assert "14 already rolled over" in message_text(dock)
    assert dock.layer.featureCount() == 35 and not dock.layer.isModified()


def siting_layer(sample_gpkg: Path) -> QgsVectorLayer:
    """A siting result as lifecircle:siting writes it over potential-space candidates: the candidates' own
    fields (parcel_id, a potential-space rank and reason) and lc_rank, lc_site_id, lc_code, new_pop, lc_reason."""
    layer = QgsVectorLayer("Point?crs=EPSG:4549&field=parcel_id:string&field=rank:integer&field=reason:string"
                           "&field=lc_rank:integer&field=lc_site_id:string&field=lc_code:string"
                           "&field=new_pop:double&field=cum_share:double&field=lc_reason:string",
                           "siting Q05", "memory")
    parcels = QgsVectorLayer(f"{sample_gpkg}|layername=parcels", "parcels", "ogr")
    chosen = [f for f in parcels.getFeatures() if f["status"] == "idle" and f["block_id"]][:3]
    feats = []
    for i, (p, covered) in enumerate(zip(chosen, (3120.0, 1875.5, 640.0)), 1):
        f = QgsFeature(layer.fields())
        f.setGeometry(p.geometry().pointOnSurface())
        f.setAttributes([p["parcel_id"], 10 - i, "潜力空间理由", i, p["parcel_id"], "Q05" if i < 3 else None,
                         covered, 0.5, f"第{i}位：闲置{p['land_use']}用地"])
        feats.append(f)
    layer.dataProvider().addFeatures(feats)
    QgsProject.instance().addMapLayer(layer)
    return layer


def test_draft_projects_from_siting_results(dock, sample_gpkg, monkeypatch, qtbot):
    sites = siting_layer(sample_gpkg)
    sites.selectAll()
    seen = {}

    def interact(dialog):
        seen["preselected"] = dialog.layer()  # (not 'parcels' of the dock's 'Geometry from': the siting result)
        seen["mapping"] = dialog.mapping()
        seen["preview"] = dialog.previewLabel.text()
        dialog.yearSpin.setValue(2027)
        shot(dialog, "siting_drafts_dialog.png")
        qtbot.mouseClick(dialog.buttonBox.button(QDialogButtonBox.StandardButton.Ok), LEFT)

    monkeypatch.setattr(dock, "_exec", lambda d: (d.show(), interact(d), d.result() == QDialog.DialogCode.Accepted)[2])
    qtbot.mouseClick(dock.sitingButton, LEFT)
    assert seen["preselected"] is sites
    assert seen["mapping"]["category"] == "lc_code" and seen["mapping"]["rank"] == "lc_rank"
    assert seen["mapping"]["newly_covered"] == "new_pop" and seen["mapping"]["reason"] == "lc_reason"
    assert seen["mapping"]["site_id"] == "lc_site_id"
    assert seen["preview"] == "3 site(s) of 'siting Q05' will become draft projects."
    fids = dock.selected_fids()
    assert len(fids) == 2  # the third site has no category
    no_category = next(f for f in sites.getFeatures() if not f["lc_code"])
    assert f"Skipped: site {no_category['lc_site_id']}: no category" in message_text(dock)
    drafts = {dock.layer.getFeature(fid)["project_id"]: dock.layer.getFeature(fid) for fid in fids}
    for site in [f for f in sites.getFeatures() if f["lc_code"]]:
        [f] = [d for d in drafts.values() if site["lc_site_id"] in d["remarks"]]
        pt = site.geometry().asPoint()
        unit, sd = blocks_containing(sample_gpkg, pt.x(), pt.y())
        assert f["category"] == "Q05" and f["kind"] == "基础保障" and f["status"] == "谋划" and f["year"] == 2027
        assert f["unit_id"] == unit and f["subdistrict"] == sd
        assert f["project_id"].startswith(f"2027-{P.subdistrict_short_name(sd)}-")
        assert f["remarks"] == (f"选址推荐第 {site['lc_rank']} 位；新增覆盖 {site['new_pop']:,.0f} 人；"
                                f"理由：{site['lc_reason']}；来源：{site['lc_site_id']}")
        assert f["name"] == f"为老服务设施（选址第 {site['lc_rank']} 位）"
        assert f.geometry().asPoint() == pt
    assert dock.yearFilter.currentData() == 2027
    # all drafts are one undo step
    dock.layer.undoStack().undo()
    assert dock.layer.featureCount() == 21


# ------------------------------------------------------------------------------------------------------------
# bad input


def test_layer_without_the_schema(dock, qtbot):
    blocks = QgsProject.instance().mapLayersByName("blocks")[0]
    dock.layerCombo.setLayer(blocks)
    assert dock.layer is blocks and dock.proxy.rowCount() == 0
    [text] = dock.problems()
    assert text.startswith("'blocks' is not a project list: 22 field(s) missing: 项目编号 (project_id), 年度 (year)")
    assert dock.problemLabel.isVisible() and "设施类别 (category)" in dock.problemLabel.text()
    for action in (dock.actAdd, dock.actEdit, dock.actDelete, dock.actSave, dock.actPick):
        assert not action.isEnabled()
    assert not dock.rolloverButton.isEnabled() and not dock.sitingButton.isEnabled()
    assert dock.add_project() == []
    shot(dock, "project_dock_not_a_list.png")
    dock.layerCombo.setLayer(QgsProject.instance().mapLayersByName("projects")[0])
    assert dock.problems() == [] and dock.proxy.rowCount() == 21 and dock.actAdd.isEnabled()


def test_duplicate_ids_already_in_the_data(qgis_iface, qgis_new_project, qtbot, sample_gpkg, monkeypatch):
    from osgeo import ogr

    ds = ogr.Open(str(sample_gpkg), 1)
    ds.ExecuteSQL("UPDATE projects SET project_id='2026-西岸-004' WHERE project_id='2026-西岸-005'")
    ds = None
    add_layer(sample_gpkg, "projects")
    d = ProjectDock(qgis_iface, qgis_iface.mainWindow())
    qgis_iface.mainWindow().addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, d)
    d.setFloating(True)
    d.resize(560, 760)
    d.show()
    qtbot.waitExposed(d)
    try:
        assert any("Duplicate project ids in the data: 2026-西岸-004 (×2)" in p for p in d.problems())
        assert d.actAdd.isEnabled()  # adding with a new id is fine
        # the rollover refuses, and says why
        answer(d, monkeypatch, yes=True)
        qtbot.mouseClick(d.rolloverButton, LEFT)
        assert "duplicate project ids: 2026-西岸-004 (×2)" in message_text(d)
        assert d.layer.featureCount() == 21
        # a new project cannot take the duplicated id; editing one of the pair can give it a new one
        dups = [f.id() for f in d.layer.getFeatures() if f["project_id"] == "2026-西岸-004"]

        def interact(form):
            assert "is used by 2 projects" in form.headerLabel.text()
            qtbot.mouseClick(form.generateIdButton, LEFT)
            qtbot.mouseClick(save_button(form), LEFT)

        fill_form(d, monkeypatch, interact)
        assert d.edit_project(dups[1])
        assert d.layer.getFeature(dups[1])["project_id"] == "2026-西岸-011"
        assert not any("Duplicate" in p for p in d.problems())
        shot(d, "project_dock_fixed_duplicates.png")
    finally:
        d.unload()
        d.deleteLater()


def test_read_only_layer(qgis_iface, qgis_new_project, qtbot, sample_gpkg):
    layer = add_layer(sample_gpkg, "projects")
    layer.setReadOnly(True)
    d = ProjectDock(qgis_iface, qgis_iface.mainWindow())
    qgis_iface.mainWindow().addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, d)
    d.setFloating(True)
    d.resize(560, 760)
    d.show()
    qtbot.waitExposed(d)
    try:
        assert d.proxy.rowCount() == 21  # browsing and filtering still work
        assert any("'projects' is read-only" in p for p in d.problems())
        for action in (d.actAdd, d.actDelete, d.actUndo, d.actSave, d.actRollback, d.actPick, d.actFromSelected):
            assert not action.isEnabled(), action.text()
        assert not d.rolloverButton.isEnabled() and not d.sitingButton.isEnabled()
        assert d.roll_over(2026) == [] and "read-only" in message_text(d)
        assert not layer.isEditable() and layer.featureCount() == 21
        d.set_filter("status", "在建")
        assert d.proxy.rowCount() == 7
        shot(d, "project_dock_read_only.png")
    finally:
        d.unload()
        d.deleteLater()


def test_external_edits_show_up_in_the_table(dock):
    """The model reads the layer: an edit made elsewhere in QGIS (attribute table, field calculator) shows."""
    layer = dock.layer
    fid = next(f.id() for f in layer.getFeatures() if f["project_id"] == "2026-东湖-009")
    layer.startEditing()
    layer.changeAttributeValue(fid, layer.fields().lookupField("name"), "东湖智慧健康驿站（二期）")
    name_col = [dock.model.headerData(i, Qt.Orientation.Horizontal)
                for i in range(dock.model.columnCount())].index("项目名称")
    assert dock.proxy.index(row_of(dock, "2026-东湖-009"), name_col).data() == "东湖智慧健康驿站（二期）"
    assert dock.actSave.isEnabled() and dock.actUndo.isEnabled()
    layer.rollBack()
    assert dock.proxy.index(row_of(dock, "2026-东湖-009"), name_col).data() == "东湖智慧健康驿站"


def test_list_layer_removed_from_the_project(dock, qtbot):
    layer = dock.layer
    layer.startEditing()
    QgsProject.instance().removeMapLayer(layer.id())
    QApplication.processEvents()
    assert dock.layer is None and dock.model.rowCount() == 0 and dock.proxy.rowCount() == 0
    assert not dock.actAdd.isEnabled() and dock.problems() == ["Choose a project list above, or make one with New…"]
    assert dock.add_project() == []


def test_links_are_kept_in_the_qgis_project(dock):
    project = QgsProject.instance()
    blocks = QgsProject.instance().mapLayersByName("blocks")[0]
    assert project.readEntry("LifeCircle", "projects/units_layer", "")[0] == blocks.id()
    assert project.readEntry("LifeCircle", "projects/unit_field", "")[0] == "block_id"
    assert project.readEntry("LifeCircle", "projects/subdistrict_field", "")[0] == "subdistrict"
    project.setDirty(False)
    dock._store_links()  # nothing changed: the project stays unmodified
    assert not project.isDirty()


def test_create_project_dock_for_the_plugin(qgis_iface, qgis_new_project, sample_gpkg):
    add_layer(sample_gpkg, "projects")
    d = create_project_dock(qgis_iface)
    try:
        assert isinstance(d, ProjectDock) and d.objectName() == "LifeCircleProjectDock"
        assert d.parent() is qgis_iface.mainWindow() and d.model.rowCount() == 21
    finally:
        d.unload()
        d.deleteLater()


def test_ledger_export_and_import_from_the_dock(dock, tmp_path):
    """The dock's list menu opens the ledger dialogs on its current list: export, then the same workbook back
    (no office edits) previews no change."""
    from qgis.PyQt.QtWidgets import QDialog

    assert dock.actExportLedger.isEnabled() and dock.actImportLedger.isEnabled()
    target = tmp_path / "台账.xlsx"
    path = dock.export_ledger(str(target), run_dialog=lambda d: QDialog.DialogCode.Accepted)
    assert path == str(target) and target.exists()
    import openpyxl

    assert "项目台账" in openpyxl.load_workbook(target, read_only=True).sheetnames
    seen = []

    def preview(dialog):
        seen.append(dialog)
        return QDialog.DialogCode.Rejected  # look, do not apply

    dock.import_ledger(str(target), run_dialog=preview)
    assert len(seen) == 1


# ------------------------------------------------------------------------------------------------------------
# the dock at QGIS's default dock width, in both languages


@pytest.fixture(params=["en", "zh"])
def narrow_dock(request, qgis_iface, qgis_new_project, qtbot, sample_gpkg, tmp_path):
    """The dock docked at the width QGIS gives a new right-hand dock (about 340 px), in English or 简体中文."""
    with contextlib.ExitStack() as language:
        if request.param == "zh":
            language.enter_context(chinese_ui(tmp_path))
        add_layer(sample_gpkg, "blocks")
        add_layer(sample_gpkg, "projects")
        d = ProjectDock(qgis_iface, qgis_iface.mainWindow())
        d.setFloating(True)
        d.resize(340, 720)
        d.show()
        qtbot.waitExposed(d)
        QApplication.processEvents()
        yield d, request.param
        d.unload()
        d.close()
        d.deleteLater()
        QApplication.processEvents()


def _fits(widget, text: str) -> bool:
    return widget.fontMetrics().horizontalAdvance(text) <= widget.width()


def test_the_dock_fits_its_default_width(narrow_dock, qtbot):
    d, language = narrow_dock
    # every filter shows its whole choice (no "All categorie…")
    for combo in (d.yearFilter, d.subdistrictFilter, d.unitFilter, d.categoryFilter, d.statusFilter):
        style_room = 30  # the arrow and frame
        assert combo.fontMetrics().horizontalAdvance(combo.currentText()) <= combo.width() - style_room, \
            (combo.currentText(), combo.width())
    # every tool is on screen (the tool bars wrap; nothing hides behind "»")
    for bar in d.toolBars:
        assert bar.geometry().right() <= d.toolsHolder.width()
        for action in bar.actions():
            button = bar.widgetForAction(action)
            assert button is not None and button.isVisible(), action.toolTip()
    # the totals: each status with its numbers on one line
    from qgis.PyQt.QtGui import QTextDocument

    doc = QTextDocument()
    doc.setDefaultFont(d.totalsLabel.font())
    doc.setHtml(d.totalsLabel.text())
    doc.setTextWidth(d.totalsLabel.width())
    doc.size()  # (lays it out)
    block = doc.begin()
    lines = []
    while block.isValid():
        if block.text():
            lines.append((block.text(), block.layout().lineCount()))
        block = block.next()
    assert len(lines) == 7  # the head and the six statuses of the sample
    for text, count in lines[1:]:
        assert count == 1, text
    assert d.totals_text().count("·") >= 7
    # a long message is shown whole, wrapped at words
    long = ("'2026年度项目' has unsaved edits: save or roll them back first, then import the ledger; the edits are "
            "kept in the edit buffer until then.")
    d.message(long)
    QApplication.processEvents()
    assert d.messageArea.isVisible() and d.messageArea.label.text() == long
    assert d.messageArea.label.height() >= 2 * d.messageArea.label.fontMetrics().height()
    shot(d, f"project_dock_340px_{language}.png")
