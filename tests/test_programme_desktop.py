"""The annual programme (issue 19, part 1) in QGIS: a list of the previous schema upgraded without loss (its old
dates giving the actual ones), the yearly targets kept beside the list and refused whole when a row is wrong, the
dock's progress panel and targets dialog, the form's new fields, and the ledger export's 汇总 targets. What the
files hold is read back with sqlite3, independently of QGIS. Screenshots go to build/screenshots/."""

from __future__ import annotations

import re
import sqlite3
import subprocess
from pathlib import Path

import openpyxl
import pytest
from qgis import processing
from qgis.core import QgsFeatureRequest, QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import QApplication, QDialogButtonBox

from lifecircle.lifecircle_plugin import list_targets as T
from lifecircle.lifecircle_plugin import project_layer as PL
from lifecircle.lifecircle_plugin.core import ledger as L
from lifecircle.lifecircle_plugin.core import programme as G
from lifecircle.lifecircle_plugin.core import projects as P
from lifecircle.lifecircle_plugin.core.errors import LifeCircleError

from dock_support import close_dock, open_dock

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "resources" / "sample" / "sample_district.gpkg"
SHOTS = ROOT / "build" / "screenshots"
PROGRAMME = list(P.FIELD_NAMES[P.FIELD_NAMES.index("project_source"):])
OLD_FIELDS = [n for n in P.FIELD_NAMES if n not in PROGRAMME and n != "previous_id"]


pytestmark = pytest.mark.usefixtures("release_layers")


def rows(path: Path, table: str = "projects") -> list[dict]:
    con = sqlite3.connect(path)
    con.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in con.execute(f'SELECT * FROM "{table}" ORDER BY fid')]
    finally:
        con.close()


def old_schema_list(tmp_path: Path) -> Path:
    """The sample list as the previous schema wrote it: the design fields only (GDAL, not the plugin)."""
    out = tmp_path / "old.gpkg"
    subprocess.run(["ogr2ogr", "-f", "GPKG", str(out), str(SAMPLE), "projects", "-select", ",".join(OLD_FIELDS)],
                   check=True)
    return out


def layer_of(path: Path, name: str = "projects") -> QgsVectorLayer:
    layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
    assert layer.isValid()
    return layer


# ------------------------------------------------------------------------------------------------------------
# migration


def test_an_old_list_is_upgraded_without_loss(qgis_app, tmp_path):
    path = old_schema_list(tmp_path)
    before = rows(path)
    assert not set(PROGRAMME) & set(before[0])
    layer = layer_of(path)
    editor = PL.ProjectEditor(layer)
    assert editor.upgrade is not None and editor.upgrade.problem is None
    assert set(PROGRAMME) <= set(editor.upgrade.added)
    after = rows(path)
    assert len(after) == len(before) == 21
    for old, new in zip(before, after):
        assert {k: new[k] for k in old} == old, old["project_id"]  # nothing lost, nothing changed
        started = old["status"] in ("在建", "完工", "运营")
        finished = old["status"] in ("完工", "运营")
        assert new["actual_start"] == (old["start_date"] if started else None), old["project_id"]
        assert new["actual_end"] == (old["end_date"] if finished else None), old["project_id"]
        assert all(new[n] is None for n in PROGRAMME if n not in ("actual_start", "actual_end"))
    assert sum(r["actual_end"] is not None for r in after) == sum(r["status"] in ("完工", "运营") for r in before) > 0
    # the upgraded list is valid as it stands: every finished project has its actual end
    ids = [r["project_id"] for r in after]
    for fid, project in editor.projects():
        others = [i for i in ids if i != project["project_id"]]
        assert P.validate_project(project, other_ids=others) == [], project["project_id"]
    # a second opening changes nothing
    again = PL.ProjectEditor(layer_of(path))
    assert not (again.upgrade and again.upgrade.changed)
    assert rows(path) == after
    del layer, editor, again


# ------------------------------------------------------------------------------------------------------------
# targets beside the list


def test_targets_in_the_geopackage_are_replaced_whole_or_not_at_all(qgis_app, sample_gpkg):
    layer = layer_of(sample_gpkg)
    sample = T.read_layer_targets(layer)
    assert sample == [G.Target(2026, "示例区", 14, 8, 13000.0), G.Target(2026, "东湖街道", 8, 4, 8000.0),
                      G.Target(2026, "西岸街道", 7, 4, 5200.0)]
    with pytest.raises(LifeCircleError) as caught:
        T.save_layer_targets(layer, [{"year": 2027, "unit": "东湖街道", "started": 5},
                                     {"year": 2027, "unit": "西岸街道", "started": "五个"}])
    assert "row 2, column 目标开工（个）: '五个' is not a number" in str(caught.value)
    assert T.read_layer_targets(layer) == sample  # nothing written
    T.save_layer_targets(layer, [{"year": "2027", "unit": "东湖街道", "started": "5", "investment": "1,500.5"}])
    assert rows(sample_gpkg, "projects_targets") == [{"fid": rows(sample_gpkg, "projects_targets")[0]["fid"], "year": 2027,
                                               "unit": "东湖街道", "started": 5, "completed": None,
                                               "investment": 1500.5}]
    assert T.read_layer_targets(layer) == [G.Target(2027, "东湖街道", 5, None, 1500.5)]
    del layer


def test_targets_of_a_memory_list_live_in_the_qgis_project(qgis_app, qgis_new_project, sample_gpkg):
    source = layer_of(sample_gpkg)
    memory = source.materialize(QgsFeatureRequest())
    QgsProject.instance().addMapLayer(memory)
    assert T.read_layer_targets(memory) == []
    T.save_layer_targets(memory, [{"year": 2026, "unit": "东湖街道", "started": 3, "completed": 1}])
    assert T.read_layer_targets(memory) == [G.Target(2026, "东湖街道", 3, 1, None)]
    assert "QGIS project" in T.targets_where(memory)
    del source, memory


# ------------------------------------------------------------------------------------------------------------
# the dock


@pytest.fixture()
def dock(qgis_iface, qgis_new_project, qtbot, sample_gpkg):
    layer = layer_of(sample_gpkg)
    QgsProject.instance().addMapLayer(layer)
    d = open_dock(qgis_iface, qtbot, (560, 820))
    d.layerCombo.setLayer(layer)
    yield d
    close_dock(qgis_iface, d)


def expected_line(sample_gpkg: Path, unit: str, where: str, target: G.Target) -> str:
    con = sqlite3.connect(sample_gpkg)
    try:
        started, completed, money = con.execute(
            "SELECT sum(status IN ('在建','完工','运营') OR (actual_start IS NOT NULL AND status <> '取消')), "
            "sum(status IN ('完工','运营')), sum(CASE WHEN status <> '取消' THEN investment ELSE 0 END) FROM projects "
            f"WHERE year = 2026 AND {where}").fetchone()
    finally:
        con.close()
    return (f"2026 {unit}: started {started}/{target.started}, completed {completed}/{target.completed}, "
            f"investment {money:,.0f}/{target.investment:,.0f} 万元")


def test_dock_shows_progress_against_the_targets_with_its_filters(dock, sample_gpkg, qtbot):
    targets = {t.unit: t for t in T.read_gpkg_targets(str(sample_gpkg), "projects_targets")}
    assert dock.targetsLabel.isVisible()
    assert dock.progress_text().splitlines() == [
        expected_line(sample_gpkg, "示例区", "1 = 1", targets["示例区"]),
        expected_line(sample_gpkg, "东湖街道", "subdistrict = '东湖街道'", targets["东湖街道"]),
        expected_line(sample_gpkg, "西岸街道", "subdistrict = '西岸街道'", targets["西岸街道"])]
    dock.set_filter("category", "Q05")  # the same filters as the table
    assert dock.progress_text().splitlines()[1] == expected_line(
        sample_gpkg, "东湖街道", "subdistrict = '东湖街道' AND category = 'Q05'", targets["东湖街道"])
    SHOTS.mkdir(parents=True, exist_ok=True)
    dock.set_filter("category", None)
    QApplication.processEvents()
    dock.grab().save(str(SHOTS / "dock_targets.png"))


def test_targets_dialog_refuses_a_bad_row_then_saves(dock, sample_gpkg, qtbot):
    before = rows(sample_gpkg, "projects_targets")
    dialog = dock.edit_targets(show=False)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.table.rowCount() == 3
    dialog.table.item(1, 2).setText("八个")  # 东湖街道's started
    qtbot.mouseClick(dialog.buttonBox.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert dialog.problemLabel.isVisible() and "row 2" in dialog.problemLabel.text()
    assert dialog.isVisible() and rows(sample_gpkg, "projects_targets") == before  # nothing written
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SHOTS / "dialog_targets.png"))
    dialog.table.item(1, 2).setText("2")
    qtbot.mouseClick(dialog.buttonBox.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    dock.targets_saved(dialog)
    assert [r["started"] for r in rows(sample_gpkg, "projects_targets")] == [14, 2, 7]
    assert dock.progress_text().splitlines()[1] == expected_line(sample_gpkg, "东湖街道", "subdistrict = '东湖街道'",
                                                                  G.Target(2026, "东湖街道", 2, 4, 8000.0))


def test_form_has_the_programme_fields_and_refuses_a_finished_project_without_its_end(dock, sample_gpkg, qtbot,
                                                                                     monkeypatch):
    done = next(r for r in rows(sample_gpkg) if r["status"] == "完工")
    fid = done["fid"]
    seen = {}

    def run(dialog):
        dialog.show()
        qtbot.waitExposed(dialog)
        for name in P.FIELD_NAMES:
            assert dialog.widget(name) is not None, name
        assert dialog.projectSourceEdit.currentData() == done["project_source"]
        assert dialog.votesForEdit.text() == (str(done["votes_for"]) if done["votes_for"] is not None else "")
        dialog.actualEndEdit.clear()
        qtbot.mouseClick(dialog.buttonBox.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
        seen["problems"] = [p.field for p in dialog.problems]
        # outlined: the actual end, and the status that needs it
        seen["outlined"] = [n for n in P.FIELD_NAMES if dialog.widget(n).styleSheet()]
        dialog.tabs.setCurrentIndex(1)
        SHOTS.mkdir(parents=True, exist_ok=True)
        dialog.grab().save(str(SHOTS / "form_programme.png"))
        dialog.tabs.setCurrentIndex(2)  # 一图三会: the outcomes under each meeting
        assert dialog.votesAgainstEdit.isVisible() and dialog.feedbackEdit.isVisible()
        dialog.grab().save(str(SHOTS / "form_meetings.png"))
        dialog.reject()
        return False

    monkeypatch.setattr(dock, "_exec", run)
    assert dock.edit_project(fid) is False
    assert seen["problems"] == ["actual_end"]
    assert seen["outlined"] == ["status", "actual_end"]


# ------------------------------------------------------------------------------------------------------------
# the ledger export


def test_exportledger_writes_the_targets_into_the_summary(lc_provider, sample_gpkg, tmp_path):
    out = tmp_path / "台账.xlsx"
    processing.run("lifecircle:exportledger", {"INPUT": f"{sample_gpkg}|layername=projects", "OUTPUT": str(out)})
    ws = openpyxl.load_workbook(out)[L.SUMMARY_SHEET]
    values = [[c.value for c in r] for r in ws.iter_rows()]
    head = next(i for i, r in enumerate(values) if r[0] == "2026 年：目标与实际（按街镇）")
    assert [r[0] for r in values[head + 2:head + 5]] == ["示例区", "东湖街道", "西岸街道"]
    assert [r[1] for r in values[head + 2:head + 5]] == [14, 8, 7]
    out2 = tmp_path / "东湖.xlsx"
    processing.run("lifecircle:exportledger", {"INPUT": f"{sample_gpkg}|layername=projects", "OUTPUT": str(out2),
                                               "SUBDISTRICTS": "东湖"})
    values = [[c.value for c in r] for r in openpyxl.load_workbook(out2)[L.SUMMARY_SHEET].iter_rows()]
    head = next(i for i, r in enumerate(values) if r[0] == "2026 年：目标与实际（按街镇）")
    # only 东湖's own target: the district-wide one would compare the district's goal with one 街镇
    assert values[head + 2][0] == "东湖街道" and values[head + 2][1] == 8 and values[head + 3][0] is None


def test_programme_in_a_chinese_desktop(qgis_iface, qgis_new_project, qtbot, sample_gpkg, tmp_path, monkeypatch):
    """zh_CN: the progress panel, the targets dialog and its refusal, and the form's new rows read in Chinese."""
    from chinese import chinese_ui, english_sentences

    layer = layer_of(sample_gpkg)
    QgsProject.instance().addMapLayer(layer)
    with chinese_ui(tmp_path):
        d = open_dock(qgis_iface, qtbot, (560, 820))
        try:
            d.layerCombo.setLayer(layer)
            panel = d.targetsLabel.text()
            assert "年目标" in panel and "开工" in panel and "按类别" in panel
            assert not english_sentences(re.sub("<[^>]+>", " ", panel)), panel
            dialog = d.edit_targets(show=False)
            dialog.show()
            dialog.table.item(0, 0).setText("明年")
            qtbot.mouseClick(dialog.buttonBox.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
            shown = dialog.problemLabel.text()
            assert shown.startswith("目标未保存：第 1 行，年度 列：") and "不是" in shown, shown
            texts = [dialog.windowTitle(), shown] + [dialog.table.horizontalHeaderItem(j).text() for j in range(5)]
            assert not [t for t in texts if english_sentences(t)], texts
            SHOTS.mkdir(parents=True, exist_ok=True)
            dialog.grab().save(str(SHOTS / "dialog_targets_zh.png"))
            dialog.reject()
            d.grab().save(str(SHOTS / "dock_targets_zh.png"))
        finally:
            close_dock(qgis_iface, d)
