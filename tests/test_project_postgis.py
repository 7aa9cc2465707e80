"""The project list in a real PostgreSQL + PostGIS server that these tests start themselves
(scripts/start_test_postgis.sh: cluster 15/main on 127.0.0.1:5432, role lc/lc, database lc_test).

Without PostgreSQL 15 + PostGIS installed the tests FAIL with the install command (they are not skipped):
`bash scripts/bootstrap.sh --with-postgis`. What the database holds is read back with psql, independently of QGIS.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from qgis.core import QgsCoordinateReferenceSystem, QgsFeature, QgsFieldConstraints, QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import QDate, Qt
from qgis.PyQt.QtWidgets import QDialog, QDialogButtonBox

from lifecircle.lifecircle_plugin import project_layer as PL
from lifecircle.lifecircle_plugin.core import projects as P
from lifecircle.lifecircle_plugin.core.errors import LifeCircleError
from lifecircle.lifecircle_plugin.gui.project_dock import ProjectDock
from dock_support import close_dock, open_dock
from pg_server import CONN, psql, run_script  # (its fixtures postgis and table come through conftest.py)

pytestmark = [pytest.mark.postgis, pytest.mark.usefixtures("release_layers")]

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "start_test_postgis.sh"
SAMPLE = ROOT / "resources" / "sample" / "sample_district.gpkg"
SHOTS = ROOT / "build" / "screenshots"
CRS = QgsCoordinateReferenceSystem("EPSG:4549")
LEFT = Qt.MouseButton.LeftButton


def sample_layer(tmp_path: Path) -> QgsVectorLayer:
    path = tmp_path / "sample.gpkg"
    shutil.copy(SAMPLE, path)
    layer = QgsVectorLayer(f"{path}|layername=projects", "projects", "ogr")
    assert layer.isValid()
    return layer


def sample_rows() -> list[dict]:
    con = sqlite3.connect(f"file:{SAMPLE}?mode=ro", uri=True)  # never touch the bundled file
    con.row_factory = sqlite3.Row
    rows = [dict(r) for r in con.execute("SELECT * FROM projects ORDER BY project_id")]
    con.close()
    return rows


def make_dock(iface, layer) -> ProjectDock:
    QgsProject.instance().addMapLayer(layer)
    dock = open_dock(iface)
    dock.layerCombo.setLayer(layer)
    return dock


def fill_form(dock, monkeypatch, interact):
    def run(dialog):
        dialog.show()
        interact(dialog)
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(dock, "_exec", run)


def answer_yes(dock, monkeypatch):
    monkeypatch.setattr(dock, "_ask", lambda title, text: True)


def click_action(qtbot, dock, action):
    button = dock.tool_button(action)
    assert button.isEnabled(), action.text()
    qtbot.mouseClick(button, LEFT)


def save_button(form):
    return form.buttonBox.button(QDialogButtonBox.StandardButton.Save)


# ------------------------------------------------------------------------------------------------------------
# schema


def test_new_postgis_list_has_the_schema(qgis_app, table):
    layer = PL.export_to_postgis(CONN, table, crs=CRS, geometry=PL.POINT)
    assert layer.isValid() and layer.providerType() == "postgres" and layer.featureCount() == 0
    assert PL.check_layer(layer).ok and PL.check_layer(layer).missing_optional == []
    columns = {r[0]: (r[1], r[2]) for r in psql(
        "SELECT column_name, data_type, is_nullable FROM information_schema.columns "
        f"WHERE table_schema='public' AND table_name='{table}'")}
    types = {"text": "character varying", "integer": "integer", "real": "double precision", "date": "date",
             "datetime": "timestamp without time zone"}
    for spec in P.FIELDS:
        assert columns[spec.name] == (types[spec.type], "NO" if spec.required else "YES"), spec.name
    assert psql(f"SELECT type FROM geometry_columns WHERE f_table_name='{table}'") == [["POINT"]]
    assert psql(f"SELECT srid FROM geometry_columns WHERE f_table_name='{table}'") == [["4549"]]
    constraints = dict(psql(f"SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                            f"WHERE conrelid = 'public.\"{table}\"'::regclass"))
    assert constraints[f"{table}_project_id_unique"] == "UNIQUE (project_id)"
    assert "progress >= 0" in constraints[f"{table}_progress_range"]
    assert psql(f"SELECT column_default FROM information_schema.columns WHERE table_name='{table}' "
                "AND column_name='status'")[0][0].startswith("'谋划'")
    assert psql(f"SELECT col_description(attrelid, attnum) FROM pg_attribute WHERE attname = 'project_id' "
                f"AND attrelid = 'public.\"{table}\"'::regclass") == [["项目编号 Project id"]]
    # the database enforces the rules even for other clients
    with pytest.raises(RuntimeError, match="progress_range"):
        psql(f"INSERT INTO public.\"{table}\" (project_id, year, subdistrict, name, category, status, progress) "
             "VALUES ('2026-东湖-001', 2026, '东湖街道', 'x', 'Q05', '谋划', 150)")
    with pytest.raises(RuntimeError, match="not-null"):
        psql(f"INSERT INTO public.\"{table}\" (project_id, year) VALUES ('2026-东湖-001', 2026)")
    # a colleague opening the table gets the form configuration from layer_styles
    uri = PL.postgis_uri(CONN, table)
    fresh = QgsVectorLayer(uri, table, "postgres")
    assert fresh.isValid()
    assert fresh.fields().field("category").alias() == "设施类别"
    assert fresh.editorWidgetSetup(fresh.fields().lookupField("status")).type() == "ValueMap"
    assert fresh.defaultValueDefinition(fresh.fields().lookupField("status")).expression() == "'谋划'"
    c = fresh.fields().field("project_id").constraints()
    assert c.constraints() & QgsFieldConstraints.Constraint.ConstraintUnique
    assert c.constraintOrigin(QgsFieldConstraints.Constraint.ConstraintNotNull) == QgsFieldConstraints.ConstraintOrigin.ConstraintOriginProvider
    assert psql(f"SELECT stylename, useasdefault FROM layer_styles WHERE f_table_name='{table}'") == [
        ["lifecircle_projects", "t"]]
    # exporting again without overwrite is refused; with it, the table is made anew (one stored style)
    with pytest.raises(LifeCircleError, match="already exists"):
        PL.export_to_postgis(CONN, table, crs=CRS)
    again = PL.export_to_postgis(CONN, table, crs=CRS, geometry=PL.POLYGON, overwrite=True)
    assert again.isValid() and psql(f"SELECT type FROM geometry_columns WHERE f_table_name='{table}'") == [
        ["MULTIPOLYGON"]]
    assert len(psql(f"SELECT 1 FROM layer_styles WHERE f_table_name='{table}'")) == 1


def test_share_the_sample_list(qgis_app, table, tmp_path):
    layer = PL.export_to_postgis(CONN, table, source=sample_layer(tmp_path))
    assert layer.featureCount() == 21
    got = psql(f"SELECT project_id, year, subdistrict, category, status, progress, investment, start_date, "
               f"hearing_date, to_char(updated_at, 'YYYY-MM-DD HH24:MI:SS'), ST_AsText(geom) "
               f'FROM public."{table}" ORDER BY project_id')
    want = sample_rows()
    assert [g[0] for g in got] == [w["project_id"] for w in want]
    for g, w in zip(got, want):
        assert g[1:7] == [str(w["year"]), w["subdistrict"], w["category"], w["status"], str(w["progress"]),
                          f"{w['investment']:g}"]
        assert g[7] == w["start_date"] and g[8] == (w["hearing_date"] or "")
        assert g[9] == w["updated_at"].replace("T", " ").rstrip("Z").removesuffix(".000")
        assert g[10].startswith("POINT(")


def test_a_list_that_breaks_the_rules_is_not_shared(qgis_app, table, tmp_path):
    layer = sample_layer(tmp_path)
    layer.startEditing()
    for f in layer.getFeatures():
        if f["project_id"] in ("2026-东湖-002", "2026-西岸-005"):
            layer.changeAttributeValue(f.id(), layer.fields().lookupField("name"), None)
    assert layer.commitChanges()
    with pytest.raises(LifeCircleError) as err:
        PL.export_to_postgis(CONN, table, source=layer)
    assert str(err.value) == ("2 project(s) of 'projects' break the list's rules, fix them before sharing it: "
                              "2026-东湖-002: 项目名称 (name): required, please fill it in; "
                              "2026-西岸-005: 项目名称 (name): required, please fill it in")
    assert psql(f"SELECT count(*) FROM pg_tables WHERE tablename = '{table}'") == [["0"]]  # nothing created


# ------------------------------------------------------------------------------------------------------------
# the dock on PostGIS


def test_dock_edits_rolls_over_and_saves_in_postgis(qgis_app, qgis_iface, qgis_new_project, qtbot, monkeypatch,
                                                    table, tmp_path):
    layer = PL.export_to_postgis(CONN, table, source=sample_layer(tmp_path))
    dock = make_dock(qgis_iface, layer)
    try:
        assert dock.problems() == [] and dock.proxy.rowCount() == 21
        dock.set_filter("subdistrict", "西岸街道")
        assert dock.proxy.rowCount() == 10

        def interact(form):
            assert form.subdistrictEdit.currentText() == "西岸街道"
            assert form.projectIdEdit.text() == "2026-西岸-011"
            form.nameEdit.setText("西岸社区食堂二期")
            form.categoryEdit.setCurrentIndex(form.categoryEdit.findData("Q05"))
            form.investmentEdit.setText("95")
            form.startDateEdit.setDate(QDate(2026, 10, 1))
            qtbot.mouseClick(save_button(form), LEFT)

        fill_form(dock, monkeypatch, interact)
        click_action(qtbot, dock, dock.actAdd)
        assert dock.proxy.rowCount() == 11
        answer_yes(dock, monkeypatch)
        dock.set_filter("subdistrict", None)
        qtbot.mouseClick(dock.rolloverButton, LEFT)
        assert dock.yearFilter.currentData() == 2027 and dock.proxy.rowCount() == 15  # 14 + the new 谋划 one
        assert layer.fields().lookupField("previous_id") >= 0
        click_action(qtbot, dock, dock.actSave)
        assert "saved" in dock.last_message[0], dock.last_message
        assert psql(f"SELECT investment, start_date, status, kind FROM public.\"{table}\" "
                    "WHERE project_id='2026-西岸-011'") == [["95", "2026-10-01", "谋划", "基础保障"]]
        rolled = psql(f"SELECT n.project_id, n.previous_id, n.name = o.name FROM public.\"{table}\" n "
                      f"JOIN public.\"{table}\" o ON o.project_id = n.previous_id WHERE n.year = 2027")
        assert len(rolled) == 15 and all(r[2] == "t" for r in rolled)
        assert {r[1] for r in rolled} >= {"2026-西岸-011"}
        assert psql(f"SELECT count(*) FROM public.\"{table}\"") == [["37"]]
        # the dock shows committed rows with their real ids
        assert dock.model.rowCount() == 37 and all(fid > 0 for fid in dock.model._fids)
        shot = SHOTS / "project_dock_postgis.png"
        SHOTS.mkdir(parents=True, exist_ok=True)
        dock.grab().save(str(shot))
    finally:
        close_dock(qgis_iface, dock)


def test_connection_drops_mid_edit(qgis_app, qgis_iface, qgis_new_project, qtbot, monkeypatch, table, tmp_path):
    """Edit, then the server goes away before saving: saving fails with a clear message and nothing is lost;
    once the server is back, saving succeeds."""
    layer = PL.export_to_postgis(CONN, table, source=sample_layer(tmp_path))
    dock = make_dock(qgis_iface, layer)
    try:
        row = [dock.proxy.index(r, 0).data() for r in range(dock.proxy.rowCount())].index("2026-东湖-003")
        dock.tableView.selectRow(row)

        def interact(form):
            form.progressEdit.setText("85")
            qtbot.mouseClick(save_button(form), LEFT)

        fill_form(dock, monkeypatch, interact)
        click_action(qtbot, dock, dock.actEdit)
        added = dock.editor.add([P.new_project(year=2026, project_id="2026-东湖-012", subdistrict="东湖街道",
                                               name="东湖睦邻点", category="Q02")])
        assert layer.isModified()
        stopped = run_script("--stop")
        assert stopped.returncode == 0 and stopped.stdout.strip() == "stopped"
        try:
            click_action(qtbot, dock, dock.actSave)
            text, level = dock.last_message
            assert text.startswith(f"Saving '{table}' failed:") and "Nothing is lost" in text, text
            assert "The database server cannot be reached" in text, text
            assert "change(s) are still in the edit buffer" in text
            # the edit buffer still holds both edits, and the table shows them
            assert layer.isEditable() and layer.isModified()
            buf = layer.editBuffer()
            assert len(buf.addedFeatures()) == 1 and buf.changedAttributeValues()
            assert added[0] in buf.addedFeatures()
            ids = [dock.proxy.index(r, 0).data() for r in range(dock.proxy.rowCount())]
            assert "2026-东湖-012" in ids
            fid = dock.selected_fids()[0]
            assert dock.model.project_by_fid(fid)["progress"] == 85
            assert 85 in buf.changedAttributeValues()[fid].values()
            assert dock.actSave.isEnabled()
        finally:
            restarted = run_script()
            assert restarted.returncode == 0, restarted.stderr
        click_action(qtbot, dock, dock.actSave)
        assert dock.last_message[0] == f"Changes to '{table}' saved.", dock.last_message
        assert psql(f"SELECT progress FROM public.\"{table}\" WHERE project_id='2026-东湖-003'") == [["85"]]
        assert psql(f"SELECT name FROM public.\"{table}\" WHERE project_id='2026-东湖-012'") == [["东湖睦邻点"]]
        assert not layer.isModified()
    finally:
        close_dock(qgis_iface, dock)


def test_database_refuses_a_duplicate_that_bypasses_the_dock(qgis_app, table, tmp_path):
    """QGIS's own attribute table could add a row with a taken id: the UNIQUE constraint refuses it at saving,
    the message says so, and the edit stays in the buffer to be fixed."""
    layer = PL.export_to_postgis(CONN, table, source=sample_layer(tmp_path))
    layer.startEditing()
    f = QgsFeature(layer.fields())
    for name, value in dict(project_id="2026-东湖-001", year=2026, subdistrict="东湖街道", name="重复",
                            category="Q05", status="谋划").items():
        f[name] = value
    assert layer.addFeature(f)
    result = PL.ProjectEditor(layer).commit()
    assert not result.ok and "failed" in result.message and "Nothing is lost" in result.message
    assert "2026-东湖-001 are already in the list" in result.message, result.message
    assert layer.isModified() and len(layer.editBuffer().addedFeatures()) == 1
    assert psql(f"SELECT count(*) FROM public.\"{table}\"") == [["21"]]
    layer.rollBack()


def test_read_only_role(qgis_app, qgis_iface, qgis_new_project, table, tmp_path):
    PL.export_to_postgis(CONN, table, source=sample_layer(tmp_path))
    psql("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname='lc_reader') THEN "
         "CREATE ROLE lc_reader LOGIN PASSWORD 'reader'; END IF; END $$")
    psql(f'GRANT SELECT ON public."{table}" TO lc_reader')
    psql("GRANT SELECT ON public.layer_styles TO lc_reader")
    reader = CONN.replace("user='lc' password='lc'", "user='lc_reader' password='reader'")
    layer = PL.open_postgis_layer(PL.postgis_uri(reader, table))
    assert layer.featureCount() == 21
    dock = make_dock(qgis_iface, layer)
    try:
        assert any("is read-only" in p and "no write access" in p for p in dock.problems()), dock.problems()
        assert not dock.actAdd.isEnabled() and not dock.rolloverButton.isEnabled()
        assert dock.proxy.rowCount() == 21
    finally:
        close_dock(qgis_iface, dock)


def test_table_without_the_schema_and_unreachable_server(qgis_app, table):
    psql(f'CREATE TABLE public."{table}" (fid serial PRIMARY KEY, project_id varchar, name varchar, '
         "geom geometry(Point, 4549))")
    with pytest.raises(LifeCircleError) as err:
        PL.open_postgis_layer(PL.postgis_uri(CONN, table))
    assert f"'{table}' is not a project list: 22 field(s) missing: 年度 (year), 区 (district)" in str(err.value)
    wrong_port = CONN.replace("port=5432", "port=5439")
    with pytest.raises(LifeCircleError, match="Cannot open the PostGIS table public.projects on 127.0.0.1"):
        PL.open_postgis_layer(PL.postgis_uri(wrong_port, "projects"))
    with pytest.raises(LifeCircleError, match="Cannot connect to the PostGIS database"):
        PL.export_to_postgis(wrong_port, "projects", crs=CRS)


def test_start_script_fails_clearly_without_postgresql(tmp_path):
    """On a machine without PostgreSQL the script says how to install it (exit 2): the tests then fail with it."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("id", "awk", "seq", "sleep"):
        (bin_dir / tool).symlink_to(shutil.which(tool))
    out = subprocess.run(["/bin/bash", str(SCRIPT)], capture_output=True, text=True, env={"PATH": str(bin_dir)})
    assert out.returncode == 2
    assert "PostgreSQL 15 is not installed; install it with: bash scripts/bootstrap.sh --with-postgis" in out.stderr


# ------------------------------------------------------------------------------------------------------------
# algorithm outputs into PostGIS never destroy what was there


def test_a_failed_rerun_into_a_postgis_table_keeps_the_table(qgis_app, lc_provider, table, monkeypatch):
    """A result table in PostGIS: a successful rerun replaces it, a failing rerun leaves it as it was and leaves no
    table of its own behind; an output over the run's own input table is refused."""
    from qgis import processing

    from lifecircle.lifecircle_plugin.core.errors import LifeCircleError
    from lifecircle.processing.facility_coverage import FacilityCoverageAlgorithm

    import bad_inputs_support as S

    dest = f"postgis:{CONN} table=\"public\".\"{table}\" (geom)"
    params = {"FACILITIES": S.sample_uri("facilities"), "CATEGORY_FIELD": "category",
              "RESIDENTS": S.sample_uri("residents"), "POPULATION_FIELD": "population",
              "NETWORK": S.sample_uri("streets"), "UNITS_OUTPUT": "memory:"}
    processing.run("lifecircle:facilitycoverage", {**params, "RESIDENTS_OUTPUT": dest})
    snapped = f'SELECT count(*) FROM public."{table}" WHERE snapped'
    assert psql(f'SELECT count(*) FROM public."{table}"')[0][0] == "454"
    processing.run("lifecircle:facilitycoverage", {**params, "RESIDENTS_OUTPUT": dest, "SNAP_TOLERANCE": 40})
    second = psql(snapped)[0][0]
    assert psql(f'SELECT count(*) FROM public."{table}"')[0][0] == "454" and int(second) < 454

    def broken(*args, **kwargs):
        raise LifeCircleError("the units could not be written (simulated)")

    monkeypatch.setattr(FacilityCoverageAlgorithm, "_write_units", broken)
    with pytest.raises(Exception, match="simulated"):
        processing.run("lifecircle:facilitycoverage", {**params, "RESIDENTS_OUTPUT": dest, "SNAP_TOLERANCE": 150})
    assert psql(snapped)[0][0] == second  # still the second run's table
    assert not psql(f"SELECT tablename FROM pg_tables WHERE tablename LIKE '{table}%lifecircle%'")
    monkeypatch.undo()
    layer_uri = f"{CONN} table=\"public\".\"{table}\" (geom)"
    res_layer = QgsVectorLayer(layer_uri, "coverage residents", "postgres")
    assert res_layer.isValid()
    with pytest.raises(Exception, match=rf"would overwrite the input 'Residents' \(lc_test › public\.{table}\)"):
        processing.run("lifecircle:facilitycoverage", {**params, "RESIDENTS": res_layer, "RESIDENTS_OUTPUT": dest})
    assert psql(snapped)[0][0] == second
    del res_layer


# ------------------------------------------------------------------------------------------------------------
# the programme (issue 19): an old shared list upgraded without loss; targets beside it


def test_an_old_postgis_list_is_upgraded_without_loss(qgis_app, table, tmp_path):
    from lifecircle.lifecircle_plugin.core import programme as G
    from lifecircle.lifecircle_plugin import list_targets as T

    PL.export_to_postgis(CONN, table, source=sample_layer(tmp_path))
    programme = list(P.FIELD_NAMES[P.FIELD_NAMES.index("project_source"):])
    old = [n for n in P.FIELD_NAMES if n not in programme]
    # the list as the previous schema made it: without the programme's columns
    psql(f'ALTER TABLE public."{table}" ' + ", ".join(f'DROP COLUMN "{n}"' for n in programme))
    select = ", ".join(f'"{n}"::text' for n in old)
    before = psql(f'SELECT {select} FROM public."{table}" ORDER BY project_id')
    editor = PL.ProjectEditor(QgsVectorLayer(PL.postgis_uri(CONN, table), table, "postgres"))
    assert editor.upgrade.problem is None and set(programme) <= set(editor.upgrade.added)
    assert psql(f'SELECT {select} FROM public."{table}" ORDER BY project_id') == before  # nothing lost
    got = psql(f'SELECT status, start_date::text, end_date::text, coalesce(actual_start::text, \'\'), '
               f'coalesce(actual_end::text, \'\') FROM public."{table}" ORDER BY project_id')
    for status, start, end, actual_start, actual_end in got:
        assert actual_start == (start if status in ("在建", "完工", "运营") else ""), status
        assert actual_end == (end if status in ("完工", "运营") else ""), status
    assert sum(1 for r in got if r[4]) == sum(1 for r in got if r[0] in ("完工", "运营")) > 0
    # targets beside the shared list: a bad row writes nothing; a good save replaces them
    layer = editor.layer
    assert T.read_layer_targets(layer) == []
    T.save_layer_targets(layer, [{"year": 2026, "unit": "东湖街道", "started": 8, "completed": 4,
                                  "investment": 8000}])
    with pytest.raises(LifeCircleError, match="row 1, column 年度"):
        T.save_layer_targets(layer, [{"year": "明年", "unit": "东湖街道"}])
    assert psql(f'SELECT year, unit, started, completed, investment FROM public."{table}_targets"') == [
        ["2026", "东湖街道", "8", "4", "8000"]]
    assert T.read_layer_targets(layer) == [G.Target(2026, "东湖街道", 8, 4, 8000.0)]
    del editor, layer
