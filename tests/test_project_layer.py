"""The project list as a QGIS layer (GeoPackage): schema, form configuration, constraints, defaults, edits
through the edit buffer, rollover — checked by reading the files back independently (sqlite3)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFieldConstraints,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsVectorLayer,
    QgsVectorLayerUtils,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QDate, QDateTime, QVariant

from lifecircle.lifecircle_plugin import project_layer as PL
from lifecircle.lifecircle_plugin.core import projects as P
from lifecircle.lifecircle_plugin.core.errors import LifeCircleError

ROOT = Path(__file__).resolve().parents[1]
CRS = QgsCoordinateReferenceSystem("EPSG:4549")


pytestmark = pytest.mark.usefixtures("release_layers")


def open_layer(path: Path, name: str = "projects") -> QgsVectorLayer:
    layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
    assert layer.isValid(), path
    return layer


def rows(path: Path, table: str = "projects", where: str = "1=1") -> list[dict]:
    con = sqlite3.connect(path)
    con.row_factory = sqlite3.Row
    out = [dict(r) for r in con.execute(f'SELECT * FROM "{table}" WHERE {where} ORDER BY fid')]
    con.close()
    return out


def table_sql(path: Path, table: str) -> str:
    con = sqlite3.connect(path)
    sql = con.execute("SELECT sql FROM sqlite_master WHERE type='table' AND name=?", (table,)).fetchone()[0]
    con.close()
    return sql


def project(pid="2026-东湖-012", **over) -> dict:
    p = P.new_project(year=2026, project_id=pid, district="示例区", subdistrict="东湖街道", name="东湖社区食堂",
                      category="Q05", path="新建", investment=300.0, start_date=dt.date(2026, 8, 1),
                      end_date=dt.date(2027, 1, 31), status="前期", progress=10)
    p.update(over)
    return p


def make_duplicate(path: Path, pid: str, as_pid: str) -> None:
    """Give project ``pid`` the id ``as_pid`` behind QGIS's back (GDAL: the GeoPackage's triggers need it)."""
    from osgeo import ogr

    ds = ogr.Open(str(path), 1)
    ds.ExecuteSQL(f"UPDATE projects SET project_id='{as_pid}' WHERE project_id='{pid}'")
    ds = None


def value_map(layer: QgsVectorLayer, name: str) -> list[tuple[str, str]]:
    setup = layer.editorWidgetSetup(layer.fields().lookupField(name))
    assert setup.type() == "ValueMap"
    return [next(iter(d.items())) for d in setup.config()["map"]]


# ------------------------------------------------------------------------------------------------------------
# creating a list


@pytest.mark.parametrize("geometry, wkb", [("point", QgsWkbTypes.Type.Point), ("polygon", QgsWkbTypes.Type.MultiPolygon)])
def test_new_geopackage_list_has_the_schema(qgis_app, tmp_path, geometry, wkb):
    path = tmp_path / "list.gpkg"
    layer = PL.create_geopackage_layer(path, CRS, geometry)
    assert layer.wkbType() == wkb and layer.crs().authid() == "EPSG:4549"
    assert [f.name() for f in layer.fields()] == ["fid"] + list(P.FIELD_NAMES) + ["lc_version", "updated_by"]
    types = {f.name(): f.type() for f in layer.fields()}
    assert types["year"] == QVariant.Int and types["investment"] == QVariant.Double
    assert types["start_date"] == QVariant.Date and types["updated_at"] == QVariant.DateTime
    assert PL.check_layer(layer).ok and not PL.check_layer(layer).missing_optional
    # the database itself: NOT NULL on required fields, UNIQUE project_id (read with sqlite3)
    sql = table_sql(path, "projects")
    for name in P.REQUIRED_FIELDS:
        assert f'"{name}" ' in sql and sql.split(f'"{name}"')[1].split(",")[0].find("NOT NULL") >= 0, name
    assert "UNIQUE" in sql.split('"project_id"')[1].split(",")[0]
    assert "NOT NULL" not in sql.split('"remarks"')[1].split(",")[0]
    del layer


def test_form_configuration_survives_reopening(qgis_app, tmp_path):
    path = tmp_path / "list.gpkg"
    PL.create_geopackage_layer(path, CRS, "point")
    layer = open_layer(path)  # a fresh layer: the configuration comes from the GeoPackage's default style
    fields = layer.fields()
    assert fields.field("category").alias() == "设施类别" and fields.field("status").alias() == "项目状态"
    assert fields.field("investment").alias() == "投资估算（万元）"
    assert value_map(layer, "category")[:2] == [("Q01 党群服务", "Q01"), ("Q02 社区议事", "Q02")]
    assert len(value_map(layer, "category")) == 20
    assert value_map(layer, "status") == [(s, s) for s in P.STATUSES]
    assert value_map(layer, "path") == [(s, s) for s in P.PATHS]
    assert value_map(layer, "kind") == [("基础保障", "基础保障"), ("品质提升", "品质提升")]
    assert layer.editorWidgetSetup(fields.lookupField("start_date")).type() == "DateTime"
    assert layer.editorWidgetSetup(fields.lookupField("progress")).config()["Max"] == 100
    c = fields.field("project_id").constraints()
    assert c.constraints() & QgsFieldConstraints.Constraint.ConstraintUnique
    assert c.constraints() & QgsFieldConstraints.Constraint.ConstraintNotNull
    assert layer.defaultValueDefinition(fields.lookupField("status")).expression() == "'谋划'"
    assert layer.defaultValueDefinition(fields.lookupField("updated_at")).applyOnUpdate()
    tabs = [t.name() for t in layer.editFormConfig().tabs()]
    assert tabs == ["基本信息", "实施安排", "一图三会"]
    assert layer.editFormConfig().readOnly(fields.lookupField("updated_at"))


def test_qgis_own_form_defaults_and_constraints(qgis_app, tmp_path):
    """What QGIS's attribute form does with the layer: defaults for a new feature, constraint checks."""
    layer = PL.create_geopackage_layer(tmp_path / "list.gpkg", CRS, "point")
    before = dt.datetime.now().replace(microsecond=0)
    f = QgsVectorLayerUtils.createFeature(layer)
    assert f["year"] == dt.date.today().year
    assert f["status"] == "谋划" and f["progress"] == 0
    stamp = f["updated_at"].toPyDateTime()
    assert before - dt.timedelta(seconds=1) <= stamp <= dt.datetime.now() + dt.timedelta(seconds=1)

    def errors(name, value, **others):
        g = QgsFeature(f)
        for k, v in others.items():
            g[k] = v
        g[name] = value
        ok, errs = QgsVectorLayerUtils.validateAttribute(layer, g, layer.fields().lookupField(name))
        return ok, errs

    assert not errors("progress", 120)[0] and errors("progress", 100)[0]
    assert not errors("investment", -1)[0] and errors("investment", 0)[0]
    assert not errors("status", "做梦")[0] and errors("status", "在建")[0]
    assert not errors("category", "Q11")[0] and errors("category", "M10")[0]
    assert not errors("name", None)[0]
    assert not errors("end_date", QDate(2026, 1, 1), start_date=QDate(2026, 3, 1))[0]
    assert errors("end_date", QDate(2026, 3, 1), start_date=QDate(2026, 3, 1))[0]


def test_existing_table_is_not_overwritten_unless_asked(qgis_app, sample_gpkg):
    with pytest.raises(LifeCircleError, match="already has a layer 'projects'"):
        PL.create_geopackage_layer(sample_gpkg, CRS, "point")
    assert len(rows(sample_gpkg)) == 21  # untouched
    extra = PL.create_geopackage_layer(sample_gpkg, CRS, "polygon", layer_name="projects_2027")
    assert extra.featureCount() == 0 and len(rows(sample_gpkg)) == 21
    del extra
    fresh = PL.create_geopackage_layer(sample_gpkg, CRS, "point", overwrite=True)
    assert fresh.featureCount() == 0 and rows(sample_gpkg) == []
    assert len(rows(sample_gpkg, "blocks")) == 20  # other layers of the GeoPackage stay
    del fresh


# ------------------------------------------------------------------------------------------------------------
# checking a layer


def test_check_layer(qgis_app, sample_gpkg):
    check = PL.check_layer(open_layer(sample_gpkg))
    assert check.ok and check.missing_optional == ["previous_id"] and not check.text_dates
    blocks = PL.check_layer(open_layer(sample_gpkg, "blocks"))
    assert not blocks.ok
    expected = [n for n in P.LAYER_FIELDS if n not in ("subdistrict", "name")]
    assert blocks.missing == expected
    msg = blocks.message()
    assert msg.startswith("'blocks' is not a project list: 22 field(s) missing: 项目编号 (project_id), 年度 (year),")
    assert "设施类别 (category)" in msg and "(subdistrict)" not in msg
    # wrong types and dates kept as text
    mem = QgsVectorLayer("Point?crs=EPSG:4549", "typed", "memory")
    fields = PL.schema_fields(include_optional=False)
    fields.remove(fields.lookupField("year"))
    fields.remove(fields.lookupField("start_date"))
    from lifecircle.lifecircle_plugin.qgis_compat import STRING, make_field

    fields.append(make_field("year", STRING))
    fields.append(make_field("start_date", STRING))
    mem.dataProvider().addAttributes(list(fields))
    mem.updateFields()
    check = PL.check_layer(mem)
    assert not check.ok and check.wrong_type == [("year", "text", "integer")]
    assert check.text_dates == ["start_date"]
    assert "年度 (year) is text, should be integer" in check.message()
    assert PL.check_layer(None).not_vector


# ------------------------------------------------------------------------------------------------------------
# edits through the edit buffer


def test_add_edit_delete_with_undo_redo_commit(qgis_app, sample_gpkg):
    layer = open_layer(sample_gpkg)
    ed = PL.ProjectEditor(layer)
    geom = QgsGeometry.fromPointXY(QgsPointXY(633500.0, 3454000.0))
    [fid] = ed.add([project()], [geom], "Add")
    assert layer.isEditable() and layer.featureCount() == 22
    stack = layer.undoStack()
    assert stack.undoText() == "Add"
    f = layer.getFeature(fid)
    assert f["project_id"] == "2026-东湖-012" and f["kind"] == "基础保障"
    assert f["start_date"] == QDate(2026, 8, 1) and f.geometry().asPoint() == QgsPointXY(633500.0, 3454000.0)
    # edit: one command for the whole change, updated_at refreshed
    target = next(x for x in layer.getFeatures() if x["project_id"] == "2026-东湖-001")
    old_stamp = target["updated_at"]
    ed.update(target.id(), dict(PL.feature_project(target), progress=60, status="在建"))
    g = layer.getFeature(target.id())
    assert g["progress"] == 60 and g["updated_at"] != old_stamp
    n_commands = stack.count()
    stack.undo()
    assert layer.getFeature(target.id())["progress"] == 45
    assert layer.getFeature(target.id())["updated_at"] == old_stamp
    stack.redo()
    assert layer.getFeature(target.id())["progress"] == 60
    ed.delete([fid])
    assert layer.featureCount() == 21
    stack.undo()
    assert layer.featureCount() == 22
    assert stack.count() == n_commands + 1
    result = ed.commit()
    assert result.ok, result.message
    saved = {r["project_id"]: r for r in rows(sample_gpkg)}
    assert len(saved) == 22
    assert saved["2026-东湖-001"]["progress"] == 60 and saved["2026-东湖-012"]["start_date"] == "2026-08-01"
    assert saved["2026-东湖-012"]["investment"] == 300.0


def test_validation_refuses_and_nothing_changes(qgis_app, sample_gpkg):
    layer = open_layer(sample_gpkg)
    ed = PL.ProjectEditor(layer)
    with pytest.raises(P.ProjectValidationError) as err:
        ed.add([project(investment=-3, progress=140)])
    assert [p.field for p in err.value.problems] == ["investment", "progress"]
    with pytest.raises(P.ProjectValidationError, match="2026-东湖-003 is already used"):
        ed.add([project("2026-东湖-003")])
    assert layer.featureCount() == 21 and not layer.isModified()
    target = next(x for x in layer.getFeatures() if x["project_id"] == "2026-东湖-001")
    with pytest.raises(P.ProjectValidationError, match="before the start"):
        ed.update(target.id(), dict(PL.feature_project(target), end_date=dt.date(2026, 1, 1)))
    assert not layer.isModified()


def test_duplicate_ids_in_the_data(qgis_app, sample_gpkg):
    make_duplicate(sample_gpkg, "2026-东湖-004", "2026-东湖-003")
    layer = open_layer(sample_gpkg)
    ed = PL.ProjectEditor(layer)
    assert ed.duplicate_ids() == {"2026-东湖-003": 2}
    dup = [f for f in layer.getFeatures() if f["project_id"] == "2026-东湖-003"]
    # a duplicate may keep its id while other fields change (that creates no new duplicate) …
    ed.update(dup[1].id(), dict(PL.feature_project(dup[1]), progress=100))
    # … but no project may take the duplicated id, nor another taken one
    other = next(f for f in layer.getFeatures() if f["project_id"] == "2026-东湖-005")
    with pytest.raises(P.ProjectValidationError, match="2026-东湖-003 is already used"):
        ed.update(other.id(), dict(PL.feature_project(other), project_id="2026-东湖-003"))
    with pytest.raises(P.ProjectValidationError, match="already used"):
        ed.add([project("2026-东湖-003")])
    # renaming one of them fixes it
    ed.update(dup[1].id(), dict(PL.feature_project(dup[1]), project_id=P.next_project_id(2026, "东湖", ed.ids())))
    assert ed.duplicate_ids() == {}
    # rollover refuses while duplicates exist
    ed.rollback()
    with pytest.raises(LifeCircleError, match="duplicate project ids"):
        ed.roll_over(2026)
    assert open_layer(sample_gpkg).featureCount() == 21


def test_read_only_layer(qgis_app, sample_gpkg):
    layer = open_layer(sample_gpkg)
    layer.setReadOnly(True)
    reason = PL.why_not_editable(layer)
    assert reason and "'projects' is read-only" in reason
    with pytest.raises(LifeCircleError, match="read-only"):
        PL.ProjectEditor(layer).add([project()])
    assert not layer.isEditable()
    # a provider without write capabilities (a list loaded from a CSV export) is read-only too
    csv = sample_gpkg.with_suffix(".csv")
    csv.write_text("project_id,name\n2026-东湖-001,东湖嵌入式托育点\n", encoding="utf-8")
    text_layer = QgsVectorLayer(f"file://{csv}?type=csv&geomType=none", "csv", "delimitedtext")
    assert text_layer.isValid()
    assert "does not allow to add/change/delete" in PL.why_not_editable(text_layer)


def test_rollover_adds_previous_id_and_writes_the_next_year(qgis_app, sample_gpkg):
    layer = open_layer(sample_gpkg)
    assert layer.fields().lookupField("previous_id") < 0
    ed = PL.ProjectEditor(layer)  # the list's upgrade: once, before any edit, not part of a save
    assert ed.upgrade.added == ["previous_id", "lc_version", "updated_by"] and not layer.isModified()
    assert layer.fields().lookupField("previous_id") >= 0
    plan, fids = ed.roll_over(2026)
    assert len(fids) == 14 and len(plan.new_projects) == 14
    # all of it is one undoable command
    layer.undoStack().undo()
    assert layer.featureCount() == 21 and not layer.isModified()
    layer.undoStack().redo()
    assert layer.featureCount() == 35
    assert ed.commit().ok
    new = rows(sample_gpkg, where="year = 2027")
    old = {r["project_id"]: r for r in rows(sample_gpkg, where="year = 2026")}
    assert len(new) == 14
    for r in new:
        prev = old[r["previous_id"]]
        assert prev["status"] in ("谋划", "前期", "在建")
        for name in ("name", "category", "subdistrict", "investment", "start_date", "end_date", "progress",
                     "hearing_date", "status"):
            assert r[name] == prev[name], name
        assert r["geom"] == prev["geom"]  # the same location (GeoPackage geometry blob)
        assert r["project_id"].startswith("2027-" + P.subdistrict_short_name(prev["subdistrict"]) + "-")
    assert PL.check_layer(open_layer(sample_gpkg)).missing_optional == []
    # rolling again adds nothing
    plan2, fids2 = PL.ProjectEditor(layer).roll_over(2026)
    assert fids2 == [] and len(plan2.already_rolled) == 14


def test_feature_values_round_trip(qgis_app, tmp_path):
    layer = PL.create_geopackage_layer(tmp_path / "l.gpkg", CRS, "polygon")
    ed = PL.ProjectEditor(layer)
    square = QgsGeometry.fromWkt("POLYGON((633000 3454000, 633050 3454000, 633050 3454050, 633000 3454000))")
    [fid] = ed.add([project(hearing_date="2026-07-10", remarks="含 '引号'")], [square])
    assert ed.commit().ok
    f = next(open_layer(tmp_path / "l.gpkg").getFeatures())
    p = PL.feature_project(f)
    assert p["hearing_date"] == dt.date(2026, 7, 10) and p["coordination_date"] is None
    assert p["remarks"] == "含 '引号'" and isinstance(p["updated_at"], dt.datetime)
    assert f.geometry().isMultipart() and f.geometry().area() == pytest.approx(1250.0)
    # a point list takes a polygon's point on surface
    pts = PL.create_geopackage_layer(tmp_path / "p.gpkg", CRS, "point")
    ped = PL.ProjectEditor(pts)
    [pfid] = ped.add([project()], [square])
    assert pts.getFeature(pfid).geometry().within(square)
    assert PL.to_qgis(dt.date(2026, 1, 2), pts.fields().field("start_date")) == QDate(2026, 1, 2)
    assert isinstance(PL.to_qgis(dt.datetime(2026, 1, 2, 3, 4), pts.fields().field("updated_at")), QDateTime)
    assert PL.to_qgis(dt.date(2026, 1, 2), pts.fields().field("remarks")) == "2026-01-02"
    pts.rollBack()
    QgsProject.instance().removeAllMapLayers()
