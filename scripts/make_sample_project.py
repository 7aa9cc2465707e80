#!/usr/bin/env python3
"""Layer styles and the QGIS project of the sample district 示例区 (PyQGIS, runs headless).

Three steps, all on ``resources/sample/sample_district.gpkg`` (made by ``scripts/make_sample_district.py``):

1. styles: builds the renderers and labels in code and saves them as ``resources/styles/sample_*.qml``
   (streets, blocks, facilities, parcels, barriers, projects, subdistricts, buildings, needs, compounds, gates),
   with Chinese field aliases;
2. project: ``resources/sample/sample_district.qgz`` opens every layer of the GeoPackage by a relative path,
   styled with those files (the river and resident points are styled inside the project), CRS EPSG:4549 (the
   needs layer stays in EPSG:4326 with its GCJ-02 coordinates, as a survey exports them: it shows offset by a
   few hundred metres until converted);
   it is read back with ``QgsProject.read`` and every layer must be valid;
3. ``--png PATH``: renders the project's map offscreen (a quick look at the data).

Usage (PyQGIS imports with Debian's /usr/bin/python3 or the repository's .venv)::

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/make_sample_project.py [--png /tmp/sample_map.png]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "resources" / "sample"
STYLES = ROOT / "resources" / "styles"
GPKG = SAMPLE / "sample_district.gpkg"
PROJECT = SAMPLE / "sample_district.qgz"
CRS = "EPSG:4549"

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PROJ_DATA", "/usr/share/proj")
os.environ.setdefault("QGIS_CUSTOM_CONFIG_PATH", str(ROOT / "build" / "qgis-profile"))

from qgis.core import (  # noqa: E402  (after the environment is set)
    QgsApplication,
    QgsCategorizedSymbolRenderer,
    QgsCoordinateReferenceSystem,
    QgsFillSymbol,
    QgsLinePatternFillSymbolLayer,
    QgsLineSymbol,
    QgsMapRendererParallelJob,
    QgsMapSettings,
    QgsMarkerSymbol,
    QgsPalLayerSettings,
    QgsProject,
    QgsRectangle,
    QgsReferencedRectangle,
    QgsProperty,
    QgsRendererCategory,
    QgsRuleBasedLabeling,
    QgsRuleBasedRenderer,
    QgsSimpleFillSymbolLayer,
    QgsSimpleLineSymbolLayer,
    QgsSimpleMarkerSymbolLayer,
    QgsSimpleMarkerSymbolLayerBase,
    QgsSingleSymbolRenderer,
    QgsSymbolLayer,
    QgsTextBufferSettings,
    QgsTextFormat,
    QgsUnitTypes,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtCore import QSize, Qt  # noqa: E402
from qgis.PyQt.QtGui import QColor  # noqa: E402

from style_files import save_style, strip_font_families  # noqa: E402

# drawing order in the project, top first
LAYER_ORDER = ["needs", "projects", "facilities", "gates", "residents", "buildings", "compounds", "subdistricts",
               "blocks", "barriers", "streets", "river", "parcels"]
LAYER_TITLES = {"needs": "居民需求（问需求计，GCJ-02坐标）", "projects": "2026年度项目",
                "facilities": "设施（十全十美）", "residents": "人口点", "buildings": "建筑", "subdistricts": "街镇",
                "blocks": "居委", "barriers": "阻隔（河流、高架）", "streets": "道路", "river": "河流", "parcels": "地块",
                "compounds": "封闭小区", "gates": "小区出入口"}
STYLED = ["streets", "blocks", "facilities", "parcels", "barriers", "projects", "subdistricts", "buildings", "needs",
          "compounds", "gates"]

CHECKLIST = {
    "Q01": "党群服务", "Q02": "社区议事", "Q03": "便民商业", "Q04": "医疗卫生", "Q05": "为老服务",
    "Q06": "保育托幼", "Q07": "文化活动", "Q08": "体育健身", "Q09": "急救防灾", "Q10": "公共空间",
    "M01": "自然生态", "M02": "全民学习", "M03": "儿童托管", "M04": "康体服务", "M05": "生活服务",
    "M06": "文化传播", "M07": "就业关怀", "M08": "双创场所", "M09": "智慧场景", "M10": "市政环保",
}
# 十全 in warm reds/oranges, 十美 in cool greens/blues/violets
CHECKLIST_COLOURS = {
    "Q01": "#7f0000", "Q02": "#b30000", "Q03": "#d7301f", "Q04": "#ef6548", "Q05": "#fc8d59",
    "Q06": "#f59e0b", "Q07": "#c2410c", "Q08": "#e11d48", "Q09": "#9d174d", "Q10": "#ca8a04",
    "M01": "#166534", "M02": "#16a34a", "M03": "#0d9488", "M04": "#0891b2", "M05": "#0284c7",
    "M06": "#1d4ed8", "M07": "#4338ca", "M08": "#7c3aed", "M09": "#4c1d95", "M10": "#4d7c0f",
}
AGE_ALIASES = {"pop_0_3": "0–3岁", "pop_3_6": "3–6岁", "pop_6_12": "6–12岁", "pop_60p": "60岁及以上",
               "pop_80p": "80岁及以上"}


def _schema_fields():
    from plugin_package import use_plugin_package

    use_plugin_package()
    from lifecircle.lifecircle_plugin.core.projects import FIELDS

    return FIELDS


ALIASES = {
    "subdistricts": {"subdistrict_id": "街镇代码", "name": "街镇", "district": "区"},
    "blocks": {"block_id": "居委编号", "name": "居委", "subdistrict": "街镇", "population": "人口",
               "households": "户数", "block_type": "类型", "area_m2": "面积(㎡)", **AGE_ALIASES},
    "residents": {"resident_id": "编号", "block_id": "居委编号", "population": "人口", **AGE_ALIASES},
    "buildings": {"building_id": "建筑编号", "block_id": "居委编号", "use": "用途", "floors": "层数",
                  "height_m": "高度(m)", "area_m2": "基底面积(㎡)"},
    "needs": {"need_id": "编号", "source": "来源", "text": "需求内容", "votes": "附议人数", "date": "日期",
              "block_id": "居委编号"},
    "compounds": {"compound_id": "小区编号", "name": "小区名称", "block_id": "居委编号", "is_open": "开放式小区",
                  "type_code": "类型编码"},
    "gates": {"gate_id": "出入口编号", "compound_id": "小区编号", "name": "出入口名称", "pedestrian": "可步行",
              "hours": "开放时间", "type_code": "类型编码"},
    "streets": {"street_id": "编号", "name": "道路名称", "highway": "道路等级"},
    "barriers": {"barrier_id": "编号", "name": "名称", "type": "类型"},
    "river": {"name": "名称"},
    "facilities": {"facility_id": "编号", "name": "设施名称", "category": "十全十美类别", "source_type": "来源类型",
                   "area_m2": "建筑面积(㎡)", "is_one_stop": "一站式综合服务中心", "functions": "一站式功能"},
    "parcels": {"parcel_id": "地块编号", "block_id": "居委编号", "subdistrict": "街镇", "land_use": "用地性质",
                "status": "使用状态", "far": "容积率", "building_year": "建成年代", "ownership": "权属",
                "area_m2": "面积(㎡)", "remark": "备注"},
    # the project list's aliases are the schema's own (core/projects.py), as the project dock sets them
    "projects": {f.name: f.alias_zh for f in _schema_fields()},
}


# ---------------------------------------------------------------------------------------------------------
# small symbol builders
def _line(colour: str, width: float, style=Qt.SolidLine, rendering_pass: int = 0) -> QgsSimpleLineSymbolLayer:
    sl = QgsSimpleLineSymbolLayer(QColor(colour), width, style)
    sl.setPenCapStyle(Qt.RoundCap)
    sl.setPenJoinStyle(Qt.RoundJoin)
    sl.setRenderingPass(rendering_pass)
    return sl


def _symbol(cls, layers):
    """A symbol made of the given symbol layers (appended one by one, so that the symbol owns them)."""
    symbol = cls()
    symbol.deleteSymbolLayer(0)
    for sl in layers:
        symbol.appendSymbolLayer(sl)
    return symbol


def _fill(colour: str, outline: str, width: float = 0.26, style=Qt.SolidLine, alpha: int = 255):
    c = QColor(colour)
    c.setAlpha(alpha)
    sl = QgsSimpleFillSymbolLayer(c, Qt.SolidPattern if alpha > 0 else Qt.NoBrush, QColor(outline), style, width)
    return _symbol(QgsFillSymbol, [sl])


def _marker(colour: str, shape, size: float, outline: str = "#ffffff", outline_width: float = 0.3):
    sl = QgsSimpleMarkerSymbolLayer(shape, size)
    sl.setColor(QColor(colour))
    sl.setStrokeColor(QColor(outline))
    sl.setStrokeWidth(outline_width)
    return _symbol(QgsMarkerSymbol, [sl])


def _text(size: float, colour: str = "#202020", bold: bool = False, buffer: float = 0.8) -> QgsTextFormat:
    fmt = QgsTextFormat()
    font = fmt.font()
    font.setBold(bold)
    fmt.setFont(font)
    fmt.setSize(size)
    fmt.setSizeUnit(QgsUnitTypes.RenderPoints)
    fmt.setColor(QColor(colour))
    buf = QgsTextBufferSettings()
    buf.setEnabled(buffer > 0)
    buf.setSize(buffer)
    buf.setColor(QColor("#ffffff"))
    fmt.setBuffer(buf)
    return fmt


def _labels(field: str, fmt: QgsTextFormat, placement, expression: bool = False) -> QgsPalLayerSettings:
    pal = QgsPalLayerSettings()
    pal.fieldName = field
    pal.isExpression = expression
    pal.setFormat(fmt)
    pal.placement = placement
    return pal


def _categorized(field: str, items) -> QgsCategorizedSymbolRenderer:
    return QgsCategorizedSymbolRenderer(field, [QgsRendererCategory(v, sym, label) for v, sym, label in items])


# ---------------------------------------------------------------------------------------------------------
# one function per styled layer: sets renderer and labels on the layer
def style_streets(layer: QgsVectorLayer) -> None:
    # (class, label, casing colour, casing width, fill colour, fill width, pen style); drawn bottom to top
    classes = [
        ("footway", "步行道 footway", None, 0, "#2e7d32", 0.35, Qt.DashLine),
        ("service", "内部道路 service", None, 0, "#9e9e9e", 0.35, Qt.SolidLine),
        ("residential", "支路 residential", "#9a9a9a", 0.75, "#ffffff", 0.5, Qt.SolidLine),
        ("tertiary", "次干路 tertiary", "#8a8a8a", 1.05, "#ffffff", 0.8, Qt.SolidLine),
        ("secondary", "次干路 secondary", "#8c8a4f", 1.35, "#f2ee8a", 1.05, Qt.SolidLine),
        ("primary", "主干路 primary", "#8a6a3a", 1.65, "#f6c27a", 1.3, Qt.SolidLine),
        ("trunk", "高架快速路 trunk（不可步行）", "#4a4a4a", 2.3, "#d9776f", 1.8, Qt.SolidLine),
    ]
    items = []
    for n, (value, label, casing, cw, colour, width, style) in enumerate(classes):
        layers = []
        if casing:
            layers.append(_line(casing, cw, Qt.SolidLine, rendering_pass=2 * n))
        layers.append(_line(colour, width, style, rendering_pass=2 * n + 1))
        items.append((value, _symbol(QgsLineSymbol, layers), label))
    renderer = _categorized("highway", items[::-1])
    renderer.setUsingSymbolLevels(True)
    layer.setRenderer(renderer)

    pal = _labels("name", _text(7.0), QgsPalLayerSettings.Curved)
    pal.lineSettings().setMergeLines(True)
    root = QgsRuleBasedLabeling.Rule(None)
    rule = QgsRuleBasedLabeling.Rule(pal)
    rule.setFilterExpression("\"highway\" IN ('trunk', 'primary', 'secondary') OR \"name\" LIKE '%桥'")
    rule.setDescription("主要道路和桥")
    root.appendChild(rule)
    layer.setLabeling(QgsRuleBasedLabeling(root))
    layer.setLabelsEnabled(True)


def style_blocks(layer: QgsVectorLayer) -> None:
    kinds = [("居住", "#6a1b9a"), ("商务", "#1565c0"), ("产业", "#5d4037")]
    items = [(v, _fill(c, c, 0.45, Qt.DotLine, alpha=0), f"{v} 居委") for v, c in kinds]
    layer.setRenderer(_categorized("block_type", items))
    pal = _labels("\"name\" || '\\n' || format_number(\"population\", 0) || '人'", _text(8.0, "#7a1f16", bold=True),
                  QgsPalLayerSettings.OverPoint, expression=True)
    layer.setLabeling(QgsVectorLayerSimpleLabeling(pal))
    layer.setLabelsEnabled(True)


def style_subdistricts(layer: QgsVectorLayer) -> None:
    symbol = _fill("#000000", "#222222", 1.0, Qt.DashDotLine, alpha=0)
    symbol.setOpacity(0.75)
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))
    pal = _labels("name", _text(14.0, "#111111", bold=True, buffer=1.2), QgsPalLayerSettings.OverPoint)
    pal.yOffset = -18.0  # clear of the 居委 labels at the centre
    layer.setLabeling(QgsVectorLayerSimpleLabeling(pal))
    layer.setLabelsEnabled(True)


def style_facilities(layer: QgsVectorLayer) -> None:
    circle, square = QgsSimpleMarkerSymbolLayerBase.Circle, QgsSimpleMarkerSymbolLayerBase.Square
    # one-stop service centres (一站式综合服务中心) get a larger symbol
    one_stop = QgsProperty.fromExpression("CASE WHEN \"is_one_stop\" = 1 THEN 4.2 ELSE 2.4 END")
    items = []
    for code, name in CHECKLIST.items():
        shape = circle if code.startswith("Q") else square
        family = "十全" if code.startswith("Q") else "十美"
        symbol = _marker(CHECKLIST_COLOURS[code], shape, 2.4)
        symbol.setDataDefinedSize(one_stop)
        items.append((code, symbol, f"{code} {name}（{family}）"))
    layer.setRenderer(_categorized("category", items))
    layer.setLabelsEnabled(False)


def style_parcels(layer: QgsVectorLayer) -> None:
    uses = [("居住", "#fff1a8"), ("商业", "#f4a3a3"), ("工业", "#c9a27e"), ("仓储", "#c6a5da"), ("教育", "#f7b6d2"),
            ("机关", "#e391d4"), ("绿地", "#9fd89a"), ("交通", "#cfcfcf"), ("空地", "#f2f2f2")]
    idle = "\"status\" IN ('idle', 'vacant')"
    items = []
    for value, colour in uses:
        sym = _fill(colour, "#8c8c8c", 0.15)
        sl = sym.symbolLayer(0)
        sl.setDataDefinedProperty(QgsSymbolLayer.PropertyStrokeColor,
                                  QgsProperty.fromExpression(f"CASE WHEN {idle} THEN '#d7191c' ELSE '#8c8c8c' END"))
        sl.setDataDefinedProperty(QgsSymbolLayer.PropertyStrokeWidth,
                                  QgsProperty.fromExpression(f"CASE WHEN {idle} THEN 0.5 ELSE 0.15 END"))
        sl.setDataDefinedProperty(QgsSymbolLayer.PropertyStrokeStyle,
                                  QgsProperty.fromExpression(f"CASE WHEN {idle} THEN 'dash' ELSE 'solid' END"))
        items.append((value, sym, value))
    layer.setRenderer(_categorized("land_use", items))
    layer.setLabelsEnabled(False)


def style_barriers(layer: QgsVectorLayer) -> None:
    items = [("river", _symbol(QgsLineSymbol, [_line("#1f5fa8", 0.6, Qt.DashLine)]), "河流 river"),
             ("expressway", _symbol(QgsLineSymbol, [_line("#8b0000", 0.6, Qt.DashLine)]), "高架/快速路 expressway"),
             ("railway", _symbol(QgsLineSymbol, [_line("#000000", 0.6, Qt.DashLine)]), "铁路 railway")]
    layer.setRenderer(_categorized("type", items))
    layer.setLabelsEnabled(False)


def style_projects(layer: QgsVectorLayer) -> None:
    star, cross = QgsSimpleMarkerSymbolLayerBase.Star, QgsSimpleMarkerSymbolLayerBase.Cross2
    statuses = [("谋划", "#9e9e9e", star), ("前期", "#42a5f5", star), ("在建", "#fb8c00", star),
                ("完工", "#43a047", star), ("运营", "#1b5e20", star), ("取消", "#424242", cross)]
    items = [(v, _marker(c, shape, 5.0, "#202020", 0.3), v) for v, c, shape in statuses]
    layer.setRenderer(_categorized("status", items))
    pal = _labels("name", _text(7.0, "#3b1f00"), QgsPalLayerSettings.AroundPoint)
    layer.setLabeling(QgsVectorLayerSimpleLabeling(pal))
    layer.setLabelsEnabled(True)


def style_river(layer: QgsVectorLayer) -> None:
    layer.setRenderer(QgsSingleSymbolRenderer(_fill("#a6cee3", "#1f78b4", 0.3)))
    pal = _labels("name", _text(9.0, "#1f5fa8", bold=True), QgsPalLayerSettings.Horizontal)
    layer.setLabeling(QgsVectorLayerSimpleLabeling(pal))
    layer.setLabelsEnabled(True)


def style_residents(layer: QgsVectorLayer) -> None:
    symbol = _marker("#3949ab", QgsSimpleMarkerSymbolLayerBase.Circle, 1.2, "#ffffff", 0.15)
    symbol.setOpacity(0.8)
    symbol.setDataDefinedSize(QgsProperty.fromExpression("scale_linear(\"population\", 0, 1500, 0.8, 3.0)"))
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))


def style_buildings(layer: QgsVectorLayer) -> None:
    # darker than the parcel colours of the same land use, so that a building stands out on its parcel
    uses = [("住宅", "#b08b62", "住宅"), ("商业", "#c62828", "商业"), ("办公", "#3949ab", "办公"),
            ("工业", "#5d4037", "工业"), ("学校", "#ad1457", "学校"), ("公共服务", "#6a1b9a", "公共服务")]
    layer.setRenderer(_categorized("use", [(v, _fill(c, "#3a3a3a", 0.15), label) for v, c, label in uses]))
    layer.setLabelsEnabled(False)


def style_needs(layer: QgsVectorLayer) -> None:
    # one symbol, larger with more votes (联名 petitions stand out)
    symbol = _marker("#ff6f00", QgsSimpleMarkerSymbolLayerBase.Diamond, 2.2, "#3b1f00", 0.3)
    symbol.setDataDefinedSize(QgsProperty.fromExpression("scale_linear(\"votes\", 1, 80, 2.2, 5.5)"))
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))
    layer.setLabelsEnabled(False)


COMPOUND_COLOUR = "#8d4a2b"
GATE_COLOURS = {"open": "#d84315", "night": "#283593", "vehicle": "#757575"}


def style_compounds(layer: QgsVectorLayer) -> None:
    # gated: a solid wall and a light hatch; open (is_open = 1): a dashed outline only
    hatch = QgsLinePatternFillSymbolLayer()
    hatch.setLineAngle(45.0)
    hatch.setDistance(2.4)
    hatch_colour = QColor(COMPOUND_COLOUR)
    hatch_colour.setAlpha(110)
    hatch.setSubSymbol(_symbol(QgsLineSymbol, [_line(hatch_colour.name(QColor.HexArgb), 0.15)]))
    wall = QgsSimpleFillSymbolLayer(QColor(0, 0, 0, 0), Qt.NoBrush, QColor(COMPOUND_COLOUR), Qt.SolidLine, 0.45)
    gated = _symbol(QgsFillSymbol, [hatch, wall])
    opened = _fill("#000000", COMPOUND_COLOUR, 0.45, Qt.DashLine, alpha=0)
    layer.setRenderer(_categorized("is_open", [(0, gated, "封闭小区（仅经出入口进出）"),
                                               (1, opened, "开放式小区")]))
    pal = _labels("name", _text(6.5, "#5d2e16"), QgsPalLayerSettings.OverPoint)
    pal.scaleVisibility = True
    pal.minimumScale = 12000.0  # names only when zoomed in (1:12,000 and closer)
    pal.maximumScale = 0.0
    layer.setLabeling(QgsVectorLayerSimpleLabeling(pal))
    layer.setLabelsEnabled(True)


def style_gates(layer: QgsVectorLayer) -> None:
    # pedestrian gates as triangles (always open / closed at night in another colour), vehicle-only gates grey
    root = QgsRuleBasedRenderer.Rule(None)
    rules = [
        ("\"pedestrian\" = 0", "车行出入口（不可步行）",
         _marker(GATE_COLOURS["vehicle"], QgsSimpleMarkerSymbolLayerBase.Square, 1.6, "#ffffff", 0.2)),
        ("\"pedestrian\" = 1 AND coalesce(\"hours\", '') <> ''", "夜间关闭的出入口（见开放时间）",
         _marker(GATE_COLOURS["night"], QgsSimpleMarkerSymbolLayerBase.Triangle, 2.4, "#ffffff", 0.25)),
        ("ELSE", "全天开放的出入口",
         _marker(GATE_COLOURS["open"], QgsSimpleMarkerSymbolLayerBase.Triangle, 2.4, "#ffffff", 0.25)),
    ]
    for expression, label, symbol in rules:
        rule = QgsRuleBasedRenderer.Rule(symbol, 0, 0, "" if expression == "ELSE" else expression, label)
        if expression == "ELSE":
            rule.setIsElse(True)
        root.appendChild(rule)
    layer.setRenderer(QgsRuleBasedRenderer(root))
    layer.setLabelsEnabled(False)


STYLE_FUNCTIONS = {"streets": style_streets, "blocks": style_blocks, "subdistricts": style_subdistricts,
                   "facilities": style_facilities, "parcels": style_parcels, "barriers": style_barriers,
                   "projects": style_projects, "river": style_river, "residents": style_residents,
                   "buildings": style_buildings, "needs": style_needs, "compounds": style_compounds,
                   "gates": style_gates}


def _set_aliases(layer: QgsVectorLayer, name: str) -> None:
    for field, alias in ALIASES.get(name, {}).items():
        idx = layer.fields().indexOf(field)
        if idx >= 0:
            layer.setFieldAlias(idx, alias)


def open_layer(gpkg: Path, name: str) -> QgsVectorLayer:
    layer = QgsVectorLayer(f"{gpkg}|layername={name}", LAYER_TITLES.get(name, name), "ogr")
    if not layer.isValid():
        raise RuntimeError(f"cannot open layer {name} of {gpkg}")
    return layer


# ---------------------------------------------------------------------------------------------------------
def build_styles(gpkg: Path = GPKG, styles: Path = STYLES) -> list:
    """Writes resources/styles/sample_<layer>.qml for the styled layers; returns the paths."""
    styles.mkdir(parents=True, exist_ok=True)
    written = []
    for name in STYLED:
        layer = open_layer(gpkg, name)
        STYLE_FUNCTIONS[name](layer)
        _set_aliases(layer, name)
        path = styles / f"sample_{name}.qml"
        save_style(layer, path)
        written.append(path)
        del layer
    return written


def build_project(gpkg: Path = GPKG, project_path: Path = PROJECT, styles: Path = STYLES) -> Path:
    """Writes the .qgz: every layer from the GeoPackage by a relative path, styled, in LAYER_ORDER."""
    project = QgsProject.instance()
    project.clear()
    project.setTitle("示例区 15分钟社区生活圈（虚构示例数据）")
    project.setCrs(QgsCoordinateReferenceSystem(CRS))
    project.writeEntryBool("Paths", "/Absolute", False)
    root = project.layerTreeRoot()
    for name in LAYER_ORDER:
        layer = open_layer(gpkg, name)
        qml = styles / f"sample_{name}.qml"
        if qml.exists():
            message, ok = layer.loadNamedStyle(str(qml))
            if not ok:
                raise RuntimeError(f"cannot load {qml}: {message}")
            _set_aliases(layer, name)  # also for fields added after the .qml was saved
        else:
            STYLE_FUNCTIONS[name](layer)
            _set_aliases(layer, name)
        project.addMapLayer(layer, False)
        root.addLayer(layer)
    # the view QGIS opens the project on (no canvas saves one here): the whole district with a margin (layers in
    # the project CRS; the needs layer's GCJ-02 points lie a few hundred metres off)
    extent = None
    for layer in project.mapLayers().values():
        if layer.crs() != project.crs():
            continue
        extent = QgsRectangle(layer.extent()) if extent is None else extent
        extent.combineExtentWith(layer.extent())
    extent.scale(1.05)
    project.viewSettings().setDefaultViewExtent(QgsReferencedRectangle(extent, project.crs()))
    if not project.write(str(project_path)):
        raise RuntimeError(f"cannot write {project_path}: {project.error()}")
    project.clear()
    strip_font_families(project_path)
    return project_path


def check_project(project_path: Path = PROJECT) -> dict:
    """Reads the project back: every layer valid, relative sources; returns {layer name: feature count}."""
    import zipfile

    with zipfile.ZipFile(project_path) as z:
        qgs = next(n for n in z.namelist() if n.endswith(".qgs"))
        text = z.read(qgs).decode("utf-8")
    if str(project_path.parent) in text or "<datasource>./sample_district.gpkg" not in text:
        raise RuntimeError("the project does not open the GeoPackage by a relative path")
    project = QgsProject.instance()
    project.clear()
    if not project.read(str(project_path)):
        raise RuntimeError(f"cannot read {project_path}: {project.error()}")
    counts = {}
    for layer in project.mapLayers().values():
        if not layer.isValid():
            raise RuntimeError(f"layer {layer.name()} is not valid in {project_path}")
        counts[layer.name()] = layer.featureCount()
    if project.crs().authid() != CRS:
        raise RuntimeError(f"project CRS is {project.crs().authid()}")
    if len(counts) != len(LAYER_ORDER):
        raise RuntimeError(f"expected {len(LAYER_ORDER)} layers, found {sorted(counts)}")
    project.clear()
    return counts


def render_png(project_path: Path, png: Path, width: int = 2400, extent_of: str = None, margin: float = 0.03):
    """Renders the project's visible layers to a PNG (offscreen), optionally zoomed to a rectangle."""
    project = QgsProject.instance()
    project.clear()
    project.read(str(project_path))
    layers = [n.layer() for n in project.layerTreeRoot().findLayers() if n.isVisible()]
    extent = None
    for layer in layers:
        if layer.crs() != project.crs():
            continue
        if extent is None:
            extent = layer.extent()
        else:
            extent.combineExtentWith(layer.extent())
    if extent_of:
        from qgis.core import QgsRectangle

        x0, y0, x1, y1 = (float(v) for v in extent_of.split(","))
        extent = QgsRectangle(x0, y0, x1, y1)
    else:
        extent.scale(1.0 + margin)
    settings = QgsMapSettings()
    settings.setLayers(layers)
    settings.setDestinationCrs(project.crs())
    settings.setBackgroundColor(QColor("#ffffff"))
    settings.setOutputSize(QSize(width, int(width * extent.height() / extent.width())))
    settings.setOutputDpi(150)
    settings.setExtent(extent)
    settings.setTransformContext(project.transformContext())
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    if not image.save(str(png), "PNG"):
        raise RuntimeError(f"cannot write {png}")
    del layers, job
    project.clear()
    return png


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gpkg", default=str(GPKG), help="sample GeoPackage (default: %(default)s)")
    parser.add_argument("--no-styles", action="store_true", help="keep the existing .qml files")
    parser.add_argument("--png", help="also render the map to this PNG file")
    parser.add_argument("--png-extent", help="xmin,ymin,xmax,ymax in EPSG:4549 for the PNG (default: all)")
    args = parser.parse_args(argv)
    gpkg = Path(args.gpkg).resolve()

    qgs = QgsApplication([], False)
    qgs.initQgis()
    try:
        if not args.no_styles:
            for path in build_styles(gpkg):
                print(f"wrote {path.relative_to(ROOT)}")
        project_path = gpkg.parent / PROJECT.name
        build_project(gpkg, project_path)
        counts = check_project(project_path)
        print(f"wrote {project_path}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
        if args.png:
            print(f"rendered {render_png(project_path, Path(args.png), extent_of=args.png_extent)}")
    finally:
        QgsProject.instance().clear()
        qgs.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
