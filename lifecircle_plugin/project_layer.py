"""The annual project list as a QGIS layer: GeoPackage or PostGIS, with the schema of ``core/projects.py``.

* :func:`create_geopackage_layer` makes a new list (point or polygon) with provider constraints (NOT NULL,
  UNIQUE project_id) and :func:`configure_layer` gives it Chinese aliases, value maps, date widgets, range
  widgets, layer constraints, default values (year, status 谋划, progress 0, updated_at = now()), a tabbed
  attribute form and a status symbology — so QGIS's own attribute form and table already behave. The form
  configuration is saved into the data source as its default style (GeoPackage and PostGIS ``layer_styles``),
  so it comes back when the layer is added again, also on a colleague's machine.
* :func:`check_layer` tells whether a layer is a project list and what is missing.
* :func:`export_to_postgis` / :func:`open_postgis_layer`: the same schema in a shared PostGIS database.
* :class:`ProjectEditor`: every edit through the layer's edit buffer, one edit command per user action, so
  undo/redo, commit and rollback work as everywhere in QGIS.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional, Sequence

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsAttributeEditorContainer,
    QgsAttributeEditorField,
    QgsCategorizedSymbolRenderer,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsDataSourceUri,
    QgsDefaultValue,
    QgsEditFormConfig,
    QgsEditorWidgetSetup,
    QgsFeature,
    QgsFeatureRequest,
    QgsField,
    QgsFieldConstraints,
    QgsFields,
    QgsFillSymbol,
    QgsGeometry,
    QgsMarkerSymbol,
    QgsMemoryProviderUtils,
    QgsPalLayerSettings,
    QgsProject,
    QgsProviderRegistry,
    QgsRendererCategory,
    QgsTextFormat,
    QgsVectorDataProvider,
    QgsVectorLayer,
    QgsVectorLayerExporter,
    QgsVectorLayerSimpleLabeling,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QDate, QDateTime, QTime, QVariant
from qgis.PyQt.QtGui import QColor

from .core import projects as P
from .core.errors import LifeCircleError
from .list_schema import EDITOR, VERSION, storage_of, upgrade_layer, upgrade_table
from .qgis_bridge import plain_value
from .qgis_compat import can_store_styles, make_field, make_tab
from .qgis_compat import DATE, DATETIME, DOUBLE, INT, INT64, STRING, UINT, UINT64
from .messages import tr_msg
from .messages import tr

LAYER_NAME = "projects"
STYLE_NAME = "lifecircle_projects"
DATE_FORMAT = "yyyy-MM-dd"
DATETIME_FORMAT = "yyyy-MM-dd HH:mm:ss"

_QTYPE = {P.TEXT: STRING, P.INTEGER: INT, P.REAL: DOUBLE, P.DATE: DATE,
          P.DATETIME: DATETIME}
_QTYPE_NAME = {P.TEXT: "string", P.INTEGER: "integer", P.REAL: "double", P.DATE: "date", P.DATETIME: "datetime"}
#: field types an existing layer may have for each schema type (dates stored as text are read, with a warning)
_COMPATIBLE = {
    P.TEXT: {STRING},
    P.INTEGER: {INT, INT64, UINT, UINT64},
    P.REAL: {DOUBLE, INT, INT64},
    P.DATE: {DATE, DATETIME, STRING},
    P.DATETIME: {DATETIME, STRING},
}
#: tabs of the attribute form (QGIS's own form and the plugin's dialog use the same grouping)
FORM_TABS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("基本信息", ("project_id", "year", "district", "subdistrict", "unit_id", "name", "category", "kind", "path",
              "content")),
    ("实施安排", ("implementer", "project_source", "budget_year", "funding", "investment", "fund_fiscal",
              "fund_social", "fund_other", "start_date", "end_date", "actual_start", "actual_end", "status",
              "progress", "design_team", "community_planner")),
    ("一图三会", ("hearing_date", "hearing_attendance", "coordination_date", "notice_start", "notice_end", "voters",
              "votes_for", "votes_against", "votes_abstain", "evaluation_date", "satisfaction", "feedback",
              "remarks", "previous_id", "updated_at", "updated_by")),
)
STATUS_COLOURS = {"谋划": "#9e9e9e", "前期": "#42a5f5", "在建": "#fb8c00", "完工": "#43a047", "运营": "#1b5e20",
                  "取消": "#424242"}

POINT, POLYGON = "point", "polygon"




# ------------------------------------------------------------------------------------------------------------
# the schema as QGIS fields


def schema_fields(include_optional: bool = True) -> QgsFields:
    fields = QgsFields()
    for spec in P.FIELDS:
        if spec.optional_in_layer and not include_optional:
            continue
        fields.append(qgs_field(spec.name))
    return fields


def qgs_field(name: str) -> QgsField:
    spec = P.field_spec(name)
    f = make_field(spec.name, _QTYPE[spec.type], _QTYPE_NAME[spec.type])
    f.setAlias(spec.alias_zh)
    return f


@dataclass
class SchemaCheck:
    """Whether a layer is a project list."""

    layer_name: str
    missing: list[str] = field(default_factory=list)  # required by the schema, absent
    missing_optional: list[str] = field(default_factory=list)  # e.g. previous_id (added when needed)
    wrong_type: list[tuple[str, str, str]] = field(default_factory=list)  # (field, has, should be)
    text_dates: list[str] = field(default_factory=list)  # date fields stored as text (read, but not ideal)
    not_vector: bool = False

    @property
    def ok(self) -> bool:
        return not self.not_vector and not self.missing and not self.wrong_type

    def message(self) -> str:
        if self.not_vector:
            return tr("'{}' is not a vector layer, so it cannot be a project list.").format(self.layer_name)
        parts = []
        if self.missing:
            names = ", ".join(P.FIELDS_BY_NAME[n].label() for n in self.missing)
            parts.append(tr("'{}' is not a project list: {} field(s) missing: {}.").format(
                self.layer_name, len(self.missing), names))
        if self.wrong_type:
            names = ", ".join(tr("{} is {}, should be {}").format(P.FIELDS_BY_NAME[n].label(), has, want)
                              for n, has, want in self.wrong_type)
            parts.append(tr("Fields of the wrong type: {}.").format(names))
        if parts:
            parts.append(tr("Create a new list (New…) or pick a layer with the project-list schema."))
        return " ".join(parts)


def check_layer(layer) -> SchemaCheck:
    """Compare a layer's fields with the schema (names are matched case-insensitively, as PostGIS folds them)."""
    name = layer.name() if layer is not None else "?"
    check = SchemaCheck(name)
    if not isinstance(layer, QgsVectorLayer) or not layer.isValid():
        check.not_vector = True
        return check
    have = {f.name().lower(): f for f in layer.fields()}
    for spec in P.FIELDS:
        f = have.get(spec.name)
        if f is None:
            (check.missing_optional if spec.optional_in_layer else check.missing).append(spec.name)
            continue
        if f.type() not in _COMPATIBLE[spec.type]:
            check.wrong_type.append((spec.name, _type_word(f.type()), spec.type))
        elif spec.type in (P.DATE, P.DATETIME) and f.type() == STRING:
            check.text_dates.append(spec.name)
    return check


def _type_word(qtype) -> str:
    """A field type in the schema's words (text, integer, real, date, datetime)."""
    for word, types in ((P.TEXT, {STRING}), (P.INTEGER, {INT, INT64, UINT,
                                                                  UINT64}),
                        (P.REAL, {DOUBLE}), (P.DATE, {DATE}), (P.DATETIME, {DATETIME})):
        if qtype in types:
            return word
    return QVariant.typeToName(qtype) or str(qtype)


def require_project_layer(layer) -> None:
    check = check_layer(layer)
    if not check.ok:
        raise LifeCircleError(check.message())


def why_not_editable(layer: QgsVectorLayer) -> Optional[str]:
    """None when the list can be edited, else a message saying why not."""
    if layer.readOnly():
        return tr("'{}' is read-only (Project › Properties › Data Sources, or the data source itself): you can "
                  "browse and filter the projects, but not change them.").format(layer.name())
    caps = layer.dataProvider().capabilities()
    needed = [(QgsVectorDataProvider.Capability.AddFeatures, tr("add")),
              (QgsVectorDataProvider.Capability.ChangeAttributeValues, tr("change")),
              (QgsVectorDataProvider.Capability.DeleteFeatures, tr("delete"))]
    lacking = [word for cap, word in needed if not caps & cap]
    if lacking:
        return tr("'{}' is read-only: its data source does not allow to {} features (no write access to the "
                  "file or database table?). You can browse and filter the projects, but not change them.").format(
            layer.name(), "/".join(lacking))
    return None


# ------------------------------------------------------------------------------------------------------------
# configuring a layer: aliases, widgets, constraints, defaults, form, symbology


def configure_layer(layer: QgsVectorLayer, language: str = "zh", symbology: bool = True) -> None:
    """Aliases, editor widgets, constraints, defaults and the tabbed form for every schema field the layer has."""
    for spec in P.FIELDS:
        idx = layer.fields().lookupField(spec.name)
        if idx < 0:
            continue
        layer.setFieldAlias(idx, spec.alias(language))
        layer.setEditorWidgetSetup(idx, _widget_setup(spec, language))
        if spec.required:
            layer.setFieldConstraint(idx, QgsFieldConstraints.Constraint.ConstraintNotNull,
                                     QgsFieldConstraints.ConstraintStrength.ConstraintStrengthHard)
        if spec.unique:
            layer.setFieldConstraint(idx, QgsFieldConstraints.Constraint.ConstraintUnique,
                                     QgsFieldConstraints.ConstraintStrength.ConstraintStrengthHard)
        expression = _constraint_expression(spec, layer)
        if expression:
            layer.setConstraintExpression(idx, expression[0], expression[1])
            layer.setFieldConstraint(idx, QgsFieldConstraints.Constraint.ConstraintExpression,
                                     QgsFieldConstraints.ConstraintStrength.ConstraintStrengthHard)
        default = _default_expression(spec)
        if default:
            layer.setDefaultValueDefinition(idx, QgsDefaultValue(default, spec.on_update))
    _configure_form(layer)
    layer.setDisplayExpression('"project_id" || \' \' || coalesce("name", \'\')')
    layer.setMapTipTemplate("<b>[% \"project_id\" %] [% \"name\" %]</b><br>[% \"subdistrict\" %] · "
                            "[% \"category\" %] · [% \"status\" %] [% \"progress\" %]%<br>[% \"content\" %]")
    if symbology:
        apply_symbology(layer)


def _widget_setup(spec: P.FieldSpec, language: str) -> QgsEditorWidgetSetup:
    if spec.values is not None:
        choices = P.value_choices(spec.name, language)
        # a list of one-entry maps keeps the order (Q01…M10, 谋划…取消)
        return QgsEditorWidgetSetup("ValueMap", {"map": [{label: value} for label, value in choices]})
    if spec.type in (P.DATE, P.DATETIME):
        fmt = DATE_FORMAT if spec.type == P.DATE else DATETIME_FORMAT
        return QgsEditorWidgetSetup("DateTime", {"display_format": fmt, "field_format": fmt,
                                                 "calendar_popup": True, "allow_null": True,
                                                 "field_iso_format": False})
    if spec.name == "progress":
        return QgsEditorWidgetSetup("Range", {"Min": 0, "Max": 100, "Step": 5, "Style": "SpinBox",
                                              "AllowNull": True, "Suffix": " %"})
    if spec.name == "year":
        return QgsEditorWidgetSetup("Range", {"Min": P.MIN_YEAR, "Max": P.MAX_YEAR, "Step": 1, "Style": "SpinBox",
                                              "AllowNull": False})
    if spec.name == "investment":
        return QgsEditorWidgetSetup("Range", {"Min": 0.0, "Max": 1.0e9, "Step": 10.0, "Precision": 1,
                                              "Style": "SpinBox", "AllowNull": True})
    if spec.multiline:
        return QgsEditorWidgetSetup("TextEdit", {"IsMultiline": True, "UseHtml": False})
    return QgsEditorWidgetSetup("TextEdit", {"IsMultiline": False, "UseHtml": False})


def _constraint_expression(spec: P.FieldSpec, layer: QgsVectorLayer) -> Optional[tuple[str, str]]:
    n = f'"{spec.name}"'
    if spec.name == "end_date" and layer.fields().lookupField("start_date") >= 0:
        return ('"end_date" IS NULL OR "start_date" IS NULL OR "end_date" >= "start_date"',
                tr("计划完工 must not be before 计划开工 (end date ≥ start date)"))
    if spec.values is not None:
        allowed = ", ".join("'{}'".format(v.replace("'", "''")) for v in P.allowed_values(spec.name))
        return (f"{n} IS NULL OR {n} IN ({allowed})", tr("{}: one of the list").format(spec.alias_zh))
    if spec.minimum is not None and spec.maximum is not None:
        return (f"{n} IS NULL OR ({n} >= {spec.minimum:g} AND {n} <= {spec.maximum:g})",
                tr("{}: between {} and {}").format(spec.alias_zh, f"{spec.minimum:g}", f"{spec.maximum:g}"))
    if spec.minimum is not None:
        return (f"{n} IS NULL OR {n} >= {spec.minimum:g}", tr("{}: {} or more").format(spec.alias_zh,
                                                                                        f"{spec.minimum:g}"))
    return None


def _default_expression(spec: P.FieldSpec) -> Optional[str]:
    if spec.default == "current_year":
        return "year(now())"
    if spec.default == "now":
        return "now()"
    if isinstance(spec.default, str):
        return "'{}'".format(spec.default.replace("'", "''"))
    if isinstance(spec.default, (int, float)):
        return f"{spec.default}"
    return None


def _configure_form(layer: QgsVectorLayer) -> None:
    config = layer.editFormConfig()
    config.clearTabs()
    root = config.invisibleRootContainer()
    placed = set()
    for title, names in FORM_TABS:
        tab = QgsAttributeEditorContainer(title, root)
        make_tab(tab)
        tab.setColumnCount(1)
        for name in names:
            idx = layer.fields().lookupField(name)
            if idx >= 0:
                tab.addChildElement(QgsAttributeEditorField(name, idx, tab))
                placed.add(name)
        config.addTab(tab)
    others = [f.name() for f in layer.fields() if f.name() not in placed and f.name().lower() not in ("fid", VERSION)]
    if others:
        tab = QgsAttributeEditorContainer(tr("其他"), root)
        for name in others:
            tab.addChildElement(QgsAttributeEditorField(name, layer.fields().lookupField(name), tab))
        config.addTab(tab)
    config.setLayout(QgsEditFormConfig.EditorLayout.TabLayout)
    for name in ("updated_at", "previous_id", EDITOR, VERSION):
        idx = layer.fields().lookupField(name)
        if idx >= 0:
            config.setReadOnly(idx, True)
    layer.setEditFormConfig(config)
    _configure_system_columns(layer)


def _configure_system_columns(layer: QgsVectorLayer) -> None:
    """The version is the database's (hidden); who saved last is shown, read-only."""
    idx = layer.fields().lookupField(VERSION)
    if idx >= 0:
        layer.setEditorWidgetSetup(idx, QgsEditorWidgetSetup("Hidden", {}))
    idx = layer.fields().lookupField(EDITOR)
    if idx >= 0:
        layer.setFieldAlias(idx, "最后保存人")


def apply_symbology(layer: QgsVectorLayer) -> None:
    """Projects coloured by status (the sample district's colours), labelled with their names."""
    polygon = layer.geometryType() == QgsWkbTypes.GeometryType.PolygonGeometry
    categories = []
    for status in P.STATUSES:
        colour = STATUS_COLOURS[status]
        if polygon:
            symbol = QgsFillSymbol.createSimple({"color": colour + "66", "outline_color": colour,
                                                 "outline_width": "0.6", "style": "solid"})
            c = QColor(colour)
            c.setAlpha(90)
            symbol.setColor(c)
        else:
            symbol = QgsMarkerSymbol.createSimple({"name": "star" if status != P.CANCELLED_STATUS else "cross2",
                                                   "color": colour, "size": "5", "outline_color": "#202020",
                                                   "outline_width": "0.3"})
        categories.append(QgsRendererCategory(status, symbol, status))
    layer.setRenderer(QgsCategorizedSymbolRenderer("status", categories))
    pal = QgsPalLayerSettings()
    pal.fieldName = "name"
    fmt = QgsTextFormat()
    fmt.setSize(7.0)
    fmt.setColor(QColor("#3b1f00"))
    pal.setFormat(fmt)
    placement = QgsPalLayerSettings.Placement
    pal.placement = placement.AroundPoint if not polygon else placement.OverPoint
    layer.setLabeling(QgsVectorLayerSimpleLabeling(pal))
    layer.setLabelsEnabled(True)


def save_default_style(layer: QgsVectorLayer) -> Optional[str]:
    """Save the form configuration and symbology into the data source as its default style (GeoPackage and
    PostGIS ``layer_styles``). Returns an error message, or None."""
    if not can_store_styles(layer.dataProvider()):
        return tr("{} cannot store styles").format(layer.providerType())
    # an existing style of the same name makes some providers ask "overwrite?" in a modal message box (postgres
    # in QGIS 3.22): remove it first
    try:
        count, ids, names, _descriptions, _error = layer.listStylesInDatabase()
        for style_id, style_name in zip(ids[: max(count, 0)], names[: max(count, 0)]):
            if style_name == STYLE_NAME:
                layer.deleteStyleFromDatabase(style_id)
    except Exception:  # noqa: BLE001 - listing is best effort; saving reports its own errors
        pass
    result = layer.saveStyleToDatabase(STYLE_NAME, tr("LifeCircle project list: form, aliases, constraints"),
                                       True, "")
    error = result[1] if isinstance(result, tuple) else result
    return error or None


# ------------------------------------------------------------------------------------------------------------
# creating lists


def _wkb(geometry: str):
    g = geometry.lower()
    if g in (POINT, "points"):
        return QgsWkbTypes.Type.Point
    if g in (POLYGON, "polygons"):
        return QgsWkbTypes.Type.MultiPolygon
    raise LifeCircleError(tr("Geometry must be 'point' or 'polygon', not '{}'.").format(geometry))


def create_geopackage_layer(
    path: str | os.PathLike,
    crs: QgsCoordinateReferenceSystem,
    geometry: str = POINT,
    layer_name: str = LAYER_NAME,
    overwrite: bool = False,
    language: str = "zh",
) -> QgsVectorLayer:
    """A new, empty project list in a GeoPackage (a new file, or a new table in an existing one).

    The table gets NOT NULL on the required fields and a UNIQUE project_id in the database itself, and the
    layer is configured (:func:`configure_layer`) with that configuration stored as the table's default style.
    """
    path = str(path)
    if not crs.isValid():
        raise LifeCircleError(tr("Choose a coordinate reference system for the new project list."))
    wkb = _wkb(geometry)
    error = _ogr_create_table(path, crs, wkb == QgsWkbTypes.Type.Point, layer_name, overwrite)
    if error:
        raise LifeCircleError(error)
    uri = f"{path}|layername={layer_name}"
    layer = QgsVectorLayer(uri, layer_name, "ogr")
    if not layer.isValid():
        raise LifeCircleError(tr("The new project list {} could not be opened.").format(path))
    storage = storage_of(layer)
    configure_layer(layer, language)
    save_default_style(layer)
    del layer
    upgraded = upgrade_table(storage)  # the version column and the database's guard (list_schema)
    if upgraded.problem:
        raise LifeCircleError(upgraded.problem)
    # a fresh layer: GDAL handles opened before the style was written into the file can fail afterwards
    # ("unable to open database file" on the first read, seen with GDAL 3.6 / QGIS 3.22)
    layer = QgsVectorLayer(uri, layer_name, "ogr")
    configure_layer(layer, language)
    return layer


def _ogr_create_table(path: str, crs: QgsCoordinateReferenceSystem, points: bool, layer_name: str,
                      overwrite: bool) -> Optional[str]:
    """Create the table with GDAL (NOT NULL and UNIQUE in the database); returns an error message or None.
    Every GDAL object is released before returning, so the file is closed whatever happens."""
    from osgeo import ogr, osr

    ds = ogr.Open(path, 1) if Path(path).exists() else ogr.GetDriverByName("GPKG").CreateDataSource(path)
    if ds is None:
        return tr("Cannot write the GeoPackage {} (is it open elsewhere, or read-only?).").format(path)
    try:
        names = [ds.GetLayer(i).GetName() for i in range(ds.GetLayerCount())]
        if layer_name in names:
            if not overwrite:
                return tr("{} already has a layer '{}'. Choose another name, or overwrite it.").format(
                    path, layer_name)
            ds.DeleteLayer(names.index(layer_name))
        srs = osr.SpatialReference()
        srs.ImportFromWkt(crs.toWkt(QgsCoordinateReferenceSystem.WktVariant.WKT_PREFERRED_GDAL))
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        lyr = ds.CreateLayer(layer_name, srs, ogr.wkbPoint if points else ogr.wkbMultiPolygon,
                             options=["GEOMETRY_NAME=geom", "FID=fid", "SPATIAL_INDEX=YES"])
        if lyr is None:
            return tr("GDAL could not create the layer '{}' in {}.").format(layer_name, path)
        ogr_types = {P.TEXT: ogr.OFTString, P.INTEGER: ogr.OFTInteger, P.REAL: ogr.OFTReal, P.DATE: ogr.OFTDate,
                     P.DATETIME: ogr.OFTDateTime}
        for spec in P.FIELDS:
            fd = ogr.FieldDefn(spec.name, ogr_types[spec.type])
            fd.SetNullable(not spec.required)
            if spec.unique:
                fd.SetUnique(True)
            if lyr.CreateField(fd) != 0:
                return tr("GDAL could not create the field {} in {}.").format(spec.name, path)
        lyr = None
        return None
    finally:
        ds = None  # noqa: F841 - closes the file


def memory_layer(crs: QgsCoordinateReferenceSystem, geometry: str = POINT, name: str = LAYER_NAME,
                 configure: bool = True) -> QgsVectorLayer:
    """An empty in-memory project list (a scratch list, and the template for PostGIS export)."""
    layer = QgsMemoryProviderUtils.createMemoryLayer(name, schema_fields(), _wkb(geometry), crs)
    if configure:
        configure_layer(layer)
    return layer


# ------------------------------------------------------------------------------------------------------------
# PostGIS


def postgis_uri(connection: str, table: str = LAYER_NAME, schema: str = "public", geometry_column: str = "geom",
                key: str = "fid") -> str:
    """A postgres layer URI from a connection string (``dbname='lc' host=… user=… password=…`` or the
    ``uri()`` of a saved QGIS connection) and a table."""
    uri = QgsDataSourceUri(connection)
    uri.setDataSource(schema, table, geometry_column, "", key)
    return uri.uri(False)


def postgis_connections() -> dict[str, str]:
    """Saved QGIS PostgreSQL connections: name -> connection URI."""
    md = QgsProviderRegistry.instance().providerMetadata("postgres")
    if md is None:
        return {}
    return {name: conn.uri() for name, conn in md.connections().items()}


def _sql_connection(connection: str):
    md = QgsProviderRegistry.instance().providerMetadata("postgres")
    if md is None:
        raise LifeCircleError(tr("QGIS's PostgreSQL provider is not available (install qgis-providers)."))
    uri = QgsDataSourceUri(connection)
    uri.setDataSource("", "", "")
    return md.createConnection(uri.uri(False), {})


def export_to_postgis(
    connection: str,
    table: str = LAYER_NAME,
    schema: str = "public",
    source: Optional[QgsVectorLayer] = None,
    geometry: str = POINT,
    crs: Optional[QgsCoordinateReferenceSystem] = None,
    overwrite: bool = False,
    language: str = "zh",
) -> QgsVectorLayer:
    """Create the project list as a PostGIS table (empty, or with the projects of ``source``) and open it.

    The table gets the schema's types, NOT NULL on the required fields, a UNIQUE project_id and CHECK
    constraints (progress 0–100, investment ≥ 0, end ≥ start); the layer gets the same form configuration as a
    GeoPackage list, saved as the table's default style in ``layer_styles`` for everyone who opens it.
    """
    if source is not None:
        require_project_layer(source)
        dups = P.duplicate_ids(f["project_id"] for f in source.getFeatures())
        if dups:
            raise LifeCircleError(tr("'{}' has duplicate project ids ({}): fix them before sharing the list.").format(
                source.name(), ", ".join(dups)))
        # the database enforces NOT NULL and CHECK constraints: name what would break them before creating anything
        bad = []
        for f in source.getFeatures():
            problems = P.validate_project(feature_project(f, source.fields()))
            if problems:
                bad.append(f"{to_python(f['project_id']) or '#' + str(f.id())}: {tr_msg(problems[0].message)}")
        if bad:
            raise LifeCircleError(tr("{} project(s) of '{}' break the list's rules, fix them before sharing it: "
                                     "{}").format(len(bad), source.name(), "; ".join(bad[:5])
                                                  + (" …" if len(bad) > 5 else "")))
        crs = crs or source.crs()
        polygons = source.geometryType() == QgsWkbTypes.GeometryType.PolygonGeometry
        template = memory_layer(crs, POLYGON if polygons else POINT, configure=False)
        feats = []
        for f in source.getFeatures():
            out = QgsFeature(template.fields())
            out.setGeometry(f.geometry())
            for i, fld in enumerate(template.fields()):
                j = source.fields().lookupField(fld.name())
                out.setAttribute(i, f.attribute(j) if j >= 0 else None)
            feats.append(out)
        template.dataProvider().addFeatures(feats)
    else:
        if crs is None or not crs.isValid():
            raise LifeCircleError(tr("Choose a coordinate reference system for the new project list."))
        template = memory_layer(crs, geometry, configure=False)
    target = postgis_uri(connection, table, schema)
    qualified = f'"{schema}"."{table}"'
    exists = _table_exists(connection, schema, table)
    if exists and not overwrite:
        raise LifeCircleError(tr("The table {} already exists. Choose another name, or overwrite it.").format(
            qualified))
    options = {"overwrite": bool(overwrite), "lowercaseFieldNames": False}
    result = QgsVectorLayerExporter.exportLayer(template, target, "postgres", template.crs(), False, options)
    code, message = (result[0], result[1]) if isinstance(result, tuple) else (result, "")
    if code != Qgis.VectorExportResult.Success:
        raise LifeCircleError(tr("Exporting the project list to PostGIS failed: {}").format(message or code))
    statements = [f'ALTER TABLE {qualified} ALTER COLUMN "{name}" SET NOT NULL' for name in P.REQUIRED_FIELDS]
    statements.append(f'ALTER TABLE {qualified} ADD CONSTRAINT "{table}_project_id_unique" UNIQUE ("project_id")')
    statements.append(f'ALTER TABLE {qualified} ADD CONSTRAINT "{table}_progress_range" '
                      'CHECK ("progress" IS NULL OR "progress" BETWEEN 0 AND 100)')
    statements.append(f'ALTER TABLE {qualified} ADD CONSTRAINT "{table}_investment_positive" '
                      'CHECK ("investment" IS NULL OR "investment" >= 0)')
    statements.append(f'ALTER TABLE {qualified} ADD CONSTRAINT "{table}_dates_order" CHECK ("end_date" IS NULL '
                      'OR "start_date" IS NULL OR "end_date" >= "start_date")')
    statements.append(f'ALTER TABLE {qualified} ALTER COLUMN "status" SET DEFAULT \'{P.DEFAULT_STATUS}\'')
    statements.append(f'ALTER TABLE {qualified} ALTER COLUMN "updated_at" SET DEFAULT now()')
    for spec in P.FIELDS:
        comment = f"{spec.alias_zh} {spec.alias_en}".replace("'", "''")
        statements.append(f'COMMENT ON COLUMN {qualified}."{spec.name}" IS \'{comment}\'')
    error = _execute(connection, statements)
    if error:
        raise LifeCircleError(tr("The table {} was created but its constraints could not be set: {}").format(
            qualified, error))
    from .list_schema import Storage

    upgraded = upgrade_table(Storage("postgres", table, schema=schema, connection=target))
    if upgraded.problem:
        raise LifeCircleError(upgraded.problem)
    return open_postgis_layer(target, name=table, language=language, save_style=True)


def open_postgis_layer(uri: str, name: Optional[str] = None, language: str = "zh",
                       save_style: bool = False) -> QgsVectorLayer:
    """Open a shared project list from PostGIS (a full layer URI, see :func:`postgis_uri`) and configure it."""
    parsed = QgsDataSourceUri(uri)
    # the provider says why it failed only in the message log (and QgsError.summary() of an empty error
    # crashes QGIS 3.22): listen to the log while the layer opens
    said: list[str] = []

    def listen(message, tag, _level):
        if tag == "PostGIS":
            said.append(" ".join(str(message).split()))

    log = QgsApplication.messageLog()
    log.messageReceived.connect(listen)
    try:
        layer = QgsVectorLayer(uri, name or parsed.table() or LAYER_NAME, "postgres")
    finally:
        log.messageReceived.disconnect(listen)
    problem = None
    if not layer.isValid():
        problem = tr("Cannot open the PostGIS table {}.{} on {}: {}").format(
            parsed.schema(), parsed.table(), parsed.host() or "localhost",
            "; ".join(said[-2:]) or tr("not reachable, or no such table"))
    else:
        check = check_layer(layer)
        problem = None if check.ok else check.message()
    if problem:
        # no provider object may outlive QGIS in a traceback's frames (a crash at exit): release it first
        del layer
        raise LifeCircleError(problem)
    configure_layer(layer, language)
    if save_style:
        save_default_style(layer)
    return layer


def _table_exists(connection: str, schema: str, table: str) -> bool:
    conn = _sql_connection(connection)
    try:
        return table in [t.tableName() for t in conn.tables(schema)]
    except Exception as exc:  # QgsProviderConnectionException: server not reachable, bad password …
        message = tr("Cannot connect to the PostGIS database: {}").format(_exc_text(exc))
    finally:
        del conn  # released before any exception travels on (see open_postgis_layer)
    raise LifeCircleError(message)


def _execute(connection: str, statements: Sequence[str]) -> Optional[str]:
    """Run SQL statements; returns the first error, or None."""
    conn = _sql_connection(connection)
    try:
        for sql in statements:
            conn.executeSql(sql)
        return None
    except Exception as exc:  # noqa: BLE001 - reported to the caller
        return _exc_text(exc)
    finally:
        del conn


def _exc_text(exc: Exception) -> str:
    """The message of a QGIS exception, without any password of the connection string in it."""
    text = str(exc)
    what = getattr(exc, "what", None)
    if callable(what):
        try:
            text = str(what())
        except Exception:  # noqa: BLE001 pragma: no cover
            pass
    return hide_password(text)


def hide_password(text: str) -> str:
    return re.sub(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)", r"\1'***'", text)


# ------------------------------------------------------------------------------------------------------------
# values between QGIS and core


def to_python(value: Any) -> Any:
    """A project's attribute as the list keeps it: the plugin's plain value (qgis_bridge.plain_value), times to the
    whole second (the list's updated_at)."""
    value = plain_value(value)
    return value.replace(microsecond=0) if isinstance(value, dt.datetime) else value


def to_qgis(value: Any, qfield: QgsField) -> Any:
    """A Python value for a field of the layer (dates as QDate/QDateTime, or ISO text in a text field)."""
    if value is None:
        return None
    t = qfield.type()
    if isinstance(value, dt.datetime):
        if t == DATETIME:
            return QDateTime(value)
        if t == DATE:
            return QDate(value.year, value.month, value.day)
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        if t == DATE:
            return QDate(value.year, value.month, value.day)
        if t == DATETIME:
            return QDateTime(QDate(value.year, value.month, value.day), QTime(0, 0))
        return value.isoformat()
    if t in (INT, INT64) and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def feature_project(feature: QgsFeature, fields: Optional[QgsFields] = None) -> dict:
    """The schema attributes of a feature as a project dict (absent fields → None)."""
    fields = fields or feature.fields()
    out = {}
    for name in P.FIELD_NAMES:
        idx = fields.lookupField(name)
        out[name] = to_python(feature.attribute(idx)) if idx >= 0 else None
    if isinstance(out.get("start_date"), str) or isinstance(out.get("end_date"), str):
        for name in P.DATE_FIELDS:  # dates kept as text in some sources
            try:
                out[name] = P.to_date(out[name])
            except ValueError:
                pass
    return out


# ------------------------------------------------------------------------------------------------------------
# editing through the edit buffer


@dataclass
class EditResult:
    ok: bool
    message: str = ""
    fids: list[int] = field(default_factory=list)
    conflicts: list = field(default_factory=list)  # core.conflicts.Conflict: nothing was saved


class ProjectEditor:
    """All edits to a project list, through the layer's edit buffer with one edit command per action."""

    def __init__(self, layer: QgsVectorLayer, upgrade: bool = True):
        """``upgrade``: a GeoPackage/PostGIS list that lacks the version column (or previous_id) is upgraded
        once, here, before any edit (list_schema) — never by a save."""
        self.layer = layer
        self.upgrade = upgrade_layer(layer) if upgrade and why_not_editable(layer) is None else None
        self.guard = None
        if storage_of(layer) is not None:
            from .list_save import SaveGuard

            self.guard = SaveGuard.of(layer)

    @property
    def shared(self) -> bool:
        """Saved in one transaction with a version check (a versioned GeoPackage or PostGIS table)."""
        return self.guard is not None and self.guard.versioned

    def remember(self, fid: int) -> None:
        """The project as stored now is what the planner's edit of it starts from (the form opening)."""
        if self.guard is not None:
            self.guard.remember(fid)

    def starting_values(self, fid: int) -> Optional[dict]:
        """What a form for ``fid`` starts from on a shared list: the project as stored now (remembered as the
        base of the edit), unless the planner has unsaved edits of it (then None: the layer's values)."""
        if not self.shared or fid < 0:
            return None
        buf = self.layer.editBuffer()
        if buf is not None and (fid in buf.changedAttributeValues() or fid in buf.changedGeometries()):
            return None
        self.guard.remember(fid)
        base = self.guard.bases.get(fid)
        return dict(base.values) if base is not None else None

    # -- reading --
    def projects(self, request: Optional[QgsFeatureRequest] = None) -> list[tuple[int, dict]]:
        req = request or QgsFeatureRequest()
        req.setFlags(req.flags() | QgsFeatureRequest.Flag.NoGeometry)
        fields = self.layer.fields()
        return [(f.id(), feature_project(f, fields)) for f in self.layer.getFeatures(req)]

    def ids(self, exclude_fid: Optional[int] = None) -> list[str]:
        idx = self.layer.fields().lookupField("project_id")
        if idx < 0:
            return []
        req = QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry).setSubsetOfAttributes([idx])
        return [str(f.attribute(idx)) for f in self.layer.getFeatures(req)
                if f.id() != exclude_fid and not _null(f.attribute(idx))]

    def duplicate_ids(self) -> dict[str, int]:
        return P.duplicate_ids(self.ids())

    # -- checks --
    def problems(self, project: Mapping[str, Any], fid: Optional[int] = None) -> list[P.Problem]:
        """Validation problems of a project about to be saved as feature ``fid`` (None: a new one).

        An id that is already taken is refused, except that an existing feature may keep an id it already had
        (a duplicate in the data is reported by the dock; editing does not create more).
        """
        others = self.ids(exclude_fid=fid)
        if fid is not None:
            own = self.layer.getFeature(fid)
            idx = self.layer.fields().lookupField("project_id")
            current = str(own.attribute(idx)).strip() if own.isValid() and not _null(own.attribute(idx)) else None
            if current is not None and str(project.get("project_id") or "").strip() == current:
                others = [o for o in others if o.strip() != current]
        return P.validate_project(project, other_ids=others)

    def _ensure_editable(self) -> None:
        reason = why_not_editable(self.layer)
        if reason:
            raise LifeCircleError(reason)
        if not self.layer.isEditable() and not self.layer.startEditing():
            raise LifeCircleError(tr("Editing '{}' could not start.").format(self.layer.name()))

    def _ensure_fields(self, names: Iterable[str]) -> None:
        """Add schema fields the layer lacks (e.g. previous_id): a scratch layer through the edit buffer; a shared
        table only by its upgrade (list_schema), never as part of a save."""
        for name in names:
            if self.layer.fields().lookupField(name) < 0:
                if storage_of(self.layer) is not None:
                    raise LifeCircleError(tr("'{}' has no field {}: the list needs its upgrade, which could not be "
                                             "made ({}).").format(self.layer.name(), P.FIELDS_BY_NAME[name].label(),
                                                                  (self.upgrade.problem if self.upgrade else None)
                                                                  or tr("it has unsaved edits")))
                if not self.layer.addAttribute(qgs_field(name)):
                    raise LifeCircleError(tr("The field {} could not be added to '{}'.").format(
                        P.FIELDS_BY_NAME[name].label(), self.layer.name()))
                configure_layer(self.layer, symbology=False)

    def _attributes(self, project: Mapping[str, Any], now: dt.datetime) -> dict[int, Any]:
        values, problems = P.coerce_project(project)
        if problems:
            raise P.ProjectValidationError(problems)
        values["updated_at"] = now
        if values.get("category") and not values.get("kind"):
            values["kind"] = P.kind_for_category(values["category"])
        out = {}
        fields = self.layer.fields()
        for name, value in values.items():
            idx = fields.lookupField(name)
            if idx >= 0:
                out[idx] = to_qgis(value, fields.at(idx))
        return out

    # -- edits --
    def add(self, projects: Sequence[Mapping[str, Any]], geometries: Optional[Sequence[Optional[QgsGeometry]]] = None,
            command: Optional[str] = None, validate: bool = True) -> list[int]:
        """Add projects in one edit command; returns the new (temporary) feature ids. Raises on problems."""
        self._ensure_editable()
        taken = set(self.ids())
        if validate:
            for p in projects:
                problems = P.validate_project(p, other_ids=taken)
                if problems:
                    raise P.ProjectValidationError(problems, tr("Project {}").format(p.get("project_id") or ""))
                taken.add(str(p.get("project_id")).strip())
        needs = [n for n in P.FIELD_NAMES if any(not P.is_empty(p.get(n)) for p in projects)
                 and P.FIELDS_BY_NAME[n].optional_in_layer]
        now = dt.datetime.now().replace(microsecond=0)
        self.layer.beginEditCommand(command or tr("Add project"))
        try:
            self._ensure_fields(needs)
            fids_before = set(self.layer.editBuffer().addedFeatures().keys()) if self.layer.editBuffer() else set()
            feats = []
            for i, p in enumerate(projects):
                f = QgsFeature(self.layer.fields())
                for idx, value in self._attributes(p, now).items():
                    f.setAttribute(idx, value)
                geom = geometries[i] if geometries is not None and i < len(geometries) else None
                if geom is not None and not geom.isNull():
                    f.setGeometry(self._fit_geometry(geom))
                feats.append(f)
            if not self.layer.addFeatures(feats):
                raise LifeCircleError(tr("The projects could not be added to '{}'.").format(self.layer.name()))
        except Exception:
            self.layer.destroyEditCommand()
            raise
        self.layer.endEditCommand()
        added = self.layer.editBuffer().addedFeatures().keys()
        return sorted(set(added) - fids_before, reverse=True)

    def update(self, fid: int, project: Mapping[str, Any], geometry: Optional[QgsGeometry] = None,
               command: Optional[str] = None, validate: bool = True, base: Optional[Mapping[str, Any]] = None) -> None:
        """Change a project's attributes and optionally its geometry, in one command.

        ``project`` may hold only the fields to change; they are validated together with the project's other
        values. Only values that differ are written (and updated_at) — differ from ``base``, the values the
        planner's form started from, when given (so a field a colleague changed meanwhile, left alone in the form,
        is not written back with the form's older value)."""
        self._ensure_editable()
        self.remember(fid)
        feature = self.layer.getFeature(fid)
        if not feature.isValid():
            raise LifeCircleError(tr("Feature {} is not in '{}' any more.").format(fid, self.layer.name()))
        current = feature_project(feature, self.layer.fields())
        if base is not None:
            project = {n: v for n, v in project.items() if n not in P.FIELDS_BY_NAME or n == "updated_at"
                       or _differs(v, base.get(n), n)}
        if validate:
            merged = {**current, **dict(project)}
            problems = self.problems(merged, fid)
            if problems:
                raise P.ProjectValidationError(problems, tr("Project {}").format(merged.get("project_id") or ""))
        now = dt.datetime.now().replace(microsecond=0)
        changed_names = {n for n in project if n in P.FIELDS_BY_NAME and n != "updated_at"
                         and _differs(project.get(n), current.get(n), n)}
        needs = [n for n in changed_names if P.FIELDS_BY_NAME[n].optional_in_layer]
        self.layer.beginEditCommand(command or tr("Edit project {}").format(current.get("project_id") or fid))
        try:
            self._ensure_fields(needs)
            attrs = self._attributes({n: project.get(n) for n in changed_names}, now) if changed_names else {}
            if changed_names or geometry is not None:
                idx = self.layer.fields().lookupField("updated_at")
                if idx >= 0:
                    attrs[idx] = to_qgis(now, self.layer.fields().at(idx))
            old = {i: feature.attribute(i) if i < len(feature.attributes()) else None for i in attrs}
            if attrs and not self.layer.changeAttributeValues(fid, attrs, old):
                raise LifeCircleError(tr("Project {} could not be changed.").format(current.get("project_id")))
            if geometry is not None and not geometry.isNull():
                if not self.layer.changeGeometry(fid, self._fit_geometry(geometry)):
                    raise LifeCircleError(tr("The location of project {} could not be changed.").format(
                        current.get("project_id")))
        except Exception:
            self.layer.destroyEditCommand()
            raise
        self.layer.endEditCommand()

    def set_values(self, changes: Sequence[tuple[str, int, Mapping[str, Any]]], command: str) -> Optional[str]:
        """Writes each project's values as they are (no validation, no comparison: the caller checked them), with
        updated_at, in one edit command — all or nothing. ``changes``: (project id, feature id, {field: value}).
        Returns None, or what failed (the edit command undone; the caller rolls the layer back)."""
        layer = self.layer
        fields = layer.fields()
        now = dt.datetime.now().replace(microsecond=0)
        stamp = fields.lookupField("updated_at")
        failure = None
        layer.beginEditCommand(command)
        try:
            for pid, fid, values in changes:
                for name, value in values.items():
                    idx = fields.lookupField(name)
                    if idx < 0:
                        failure = tr("'{}' has no field {}").format(layer.name(), name)
                        break
                    if not layer.changeAttributeValue(fid, idx, to_qgis(value, fields.at(idx))):
                        failure = tr("project {}: {} could not be changed").format(pid, name)
                        break
                if failure:
                    break
                if stamp >= 0 and not layer.changeAttributeValue(fid, stamp, to_qgis(now, fields.at(stamp))):
                    failure = tr("project {}: updated_at could not be set").format(pid)
                    break
        except Exception as exc:  # anything at all: nothing may stay half-applied
            failure = str(exc) or type(exc).__name__
        if failure:
            layer.destroyEditCommand()
        else:
            layer.endEditCommand()
        return failure

    def delete(self, fids: Sequence[int], command: Optional[str] = None) -> None:
        self._ensure_editable()
        self.layer.beginEditCommand(command or tr("Delete {} project(s)").format(len(fids)))
        if not self.layer.deleteFeatures(list(fids)):
            self.layer.destroyEditCommand()
            raise LifeCircleError(tr("The projects could not be deleted from '{}'.").format(self.layer.name()))
        self.layer.endEditCommand()

    def commit(self, on_step=None) -> EditResult:
        """Save the edit buffer to the data source. A shared list (GeoPackage, PostGIS) is saved in one
        transaction, each project only if nobody saved it since the planner started (list_save); a conflict
        saves nothing and comes back in ``conflicts``. On failure nothing is lost: the layer stays in edit mode
        with its changes, and the message says what the data source answered."""
        layer = self.layer
        if not layer.isEditable():
            return EditResult(True, tr("Nothing to save."))
        if not layer.isModified():
            layer.commitChanges()
            return EditResult(True, tr("Nothing to save."))
        if self.shared:
            return self._save_shared(on_step)
        if layer.commitChanges(False):  # keep editing: the dock stays in edit mode
            return EditResult(True, tr("Changes to '{}' saved.").format(layer.name()))
        errors = [e.strip().rstrip(".") for e in layer.commitErrors() if e and not e.startswith("SUCCESS")]
        provider = layer.dataProvider()
        if provider is not None and provider.hasErrors():
            errors += [e.strip().rstrip(".") for e in provider.errors()[-2:]]  # what the server said
            provider.clearErrors()
        return self._failed("; ".join(errors[:6]) or tr("the data source refused the changes"))

    def _failed(self, text: str) -> EditResult:
        return EditResult(False, tr("Saving '{}' failed: {}. Nothing is lost: {} change(s) are still in the edit "
                                    "buffer; fix the cause (e.g. reconnect to the database) and save again, or "
                                    "roll back.").format(self.layer.name(), text.rstrip("."),
                                                         _pending_count(self.layer)))

    def _save_shared(self, on_step=None) -> EditResult:
        from .list_save import save_edits

        outcome = save_edits(self.layer, on_step)
        if outcome.ok:
            return EditResult(True, tr("Changes to '{}' saved.").format(self.layer.name()))
        if outcome.conflicts:
            said = " ".join(tr_msg(c.message()) for c in outcome.conflicts[:3])
            more = tr(" … and {} more.").format(len(outcome.conflicts) - 3) if len(outcome.conflicts) > 3 else ""
            return EditResult(False, tr("Nothing was saved: {} project(s) were changed by another user since you "
                                        "started. {}{} Choose for each (keep mine, take theirs, or field by "
                                        "field), then save again.").format(len(outcome.conflicts), said, more),
                              conflicts=outcome.conflicts)
        return self._failed(outcome.problem or tr("the data source refused the changes"))

    def resolve(self, conflict, resolution) -> None:
        """The planner's choice for a conflict of the last save (the next save follows it)."""
        self.guard.resolve(conflict, resolution)

    def rollback(self) -> None:
        """Discard the edit buffer and stop editing (the next edit starts editing again)."""
        if self.layer.isEditable():
            self.layer.rollBack()

    # -- rollover and drafts --
    def roll_over(self, from_year: int) -> tuple[P.RolloverPlan, list[int]]:
        """Copy the unfinished projects of ``from_year`` into the next year (one edit command)."""
        self._ensure_editable()
        with_geom = {}
        req = QgsFeatureRequest()
        projects, fids = [], []
        for f in self.layer.getFeatures(req):
            projects.append(feature_project(f, self.layer.fields()))
            fids.append(f.id())
            with_geom[f.id()] = QgsGeometry(f.geometry()) if f.hasGeometry() else None
        plan = P.plan_rollover(projects, from_year)
        if not plan.new_projects:
            return plan, []
        geoms = [with_geom[fids[i]] for i in plan.sources]
        new = self.add(plan.new_projects, geoms, tr("Roll over {} → {}").format(plan.from_year, plan.to_year),
                       validate=True)
        return plan, new

    def _fit_geometry(self, geometry: QgsGeometry) -> QgsGeometry:
        """A geometry of the layer's type: a polygon's point on surface for a point list; multi for multi."""
        g = QgsGeometry(geometry)
        layer_type = self.layer.geometryType()
        if layer_type == QgsWkbTypes.GeometryType.PointGeometry and g.type() != QgsWkbTypes.GeometryType.PointGeometry:
            g = g.pointOnSurface()
        elif layer_type == QgsWkbTypes.GeometryType.PolygonGeometry and g.type() != QgsWkbTypes.GeometryType.PolygonGeometry:
            raise LifeCircleError(tr("'{}' holds polygons: take the polygon of a parcel or a site, not a "
                                     "point.").format(self.layer.name()))
        if QgsWkbTypes.isMultiType(self.layer.wkbType()) and not g.isMultipart():
            g.convertToMultiType()
        elif not QgsWkbTypes.isMultiType(self.layer.wkbType()) and g.isMultipart():
            parts = g.asGeometryCollection()
            if len(parts) == 1:
                g = parts[0]
        return g


def _null(v: Any) -> bool:
    return v is None or (isinstance(v, QVariant) and v.isNull())


def _differs(new: Any, old: Any, name: str) -> bool:
    try:
        a = P.coerce_value(name, new)
    except ValueError:
        return True
    return a != old


def _pending_count(layer: QgsVectorLayer) -> int:
    buf = layer.editBuffer()
    if buf is None:
        return 0
    return (len(buf.addedFeatures()) + len(buf.changedAttributeValues()) + len(buf.deletedFeatureIds())
            + len(buf.changedGeometries()) + len(buf.addedAttributes()))


def transform_geometry(geometry: QgsGeometry, source_crs: QgsCoordinateReferenceSystem,
                       target_crs: QgsCoordinateReferenceSystem) -> QgsGeometry:
    g = QgsGeometry(geometry)
    if source_crs.isValid() and target_crs.isValid() and source_crs != target_crs:
        g.transform(QgsCoordinateTransform(source_crs, target_crs, QgsProject.instance()))
    return g


def locate_in_units(geometries: Sequence[Optional[QgsGeometry]], crs: QgsCoordinateReferenceSystem,
                    units: QgsVectorLayer, unit_field: Optional[str], subdistrict_field: Optional[str]
                    ) -> list[tuple[Optional[str], Optional[str]]]:
    """For each geometry (in ``crs``), the (unit id, 街镇) of the unit polygon that contains its point on surface
    (None, None where no unit does)."""
    out: list[tuple[Optional[str], Optional[str]]] = []
    ui = units.fields().lookupField(unit_field) if unit_field else -1
    si = units.fields().lookupField(subdistrict_field) if subdistrict_field else -1
    to_units = QgsCoordinateTransform(crs, units.crs(), QgsProject.instance()) if crs != units.crs() else None
    for g in geometries:
        if g is None or g.isNull():
            out.append((None, None))
            continue
        pt = QgsGeometry(g).pointOnSurface() if g.type() != QgsWkbTypes.GeometryType.PointGeometry else QgsGeometry(g)
        if to_units is not None:
            pt.transform(to_units)
        hit = (None, None)
        req = QgsFeatureRequest().setFilterRect(pt.boundingBox().buffered(1e-6))
        for f in units.getFeatures(req):
            if f.hasGeometry() and f.geometry().intersects(pt):
                unit = to_python(f.attribute(ui)) if ui >= 0 else None
                sd = to_python(f.attribute(si)) if si >= 0 else None
                hit = (None if unit is None else str(unit), None if sd is None else str(sd))
                break
        out.append(hit)
    return out


def guess_unit_fields(units: QgsVectorLayer) -> tuple[Optional[str], Optional[str]]:
    """(unit id field, 街镇 field) of a units layer: unit_id / subdistrict as ``lifecircle:delineateunits`` writes
    them, else the nearest look-alikes (a 街镇 layer: its ``name``)."""
    names = [f.name() for f in units.fields()]
    lower = {n.lower(): n for n in names}
    unit = next((lower[c] for c in ("unit_id", "unit", "block_id", "id") if c in lower), None)
    sd = next((lower[c] for c in ("subdistrict", "街镇", "jiezhen", "street") if c in lower), None)
    if sd is None and unit is None and "name" in lower:
        sd = lower["name"]
    return unit, sd
