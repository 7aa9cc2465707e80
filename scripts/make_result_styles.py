"""Writes the bundled styles of LifeCircle's result layers (resources/styles/coverage_*.qml) with PyQGIS.

Run with Debian's Python (or the project's .venv): `.venv/bin/python scripts/make_result_styles.py`.
The .qml files are committed; this script is how they are made and changed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
STYLES = ROOT / "resources" / "styles"

from qgis.core import (  # noqa: E402
    QgsApplication,
    QgsCategorizedSymbolRenderer,
    QgsFillSymbol,
    QgsGraduatedSymbolRenderer,
    QgsLineSymbol,
    QgsMarkerSymbol,
    QgsPalLayerSettings,
    QgsRendererCategory,
    QgsRendererRange,
    QgsTextBufferSettings,
    QgsTextFormat,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtGui import QColor  # noqa: E402

from style_files import save_style  # noqa: E402

CODES = [f"Q{i:02d}" for i in range(1, 11)] + [f"M{i:02d}" for i in range(1, 11)]
#: 十全 completeness classes: (low, high, colour, label)
COMPLETENESS = [
    (0, 4.5, "#d7191c", "十全 0–4 / 10"),
    (4.5, 6.5, "#fdae61", "十全 5–6 / 10"),
    (6.5, 8.5, "#ffffbf", "十全 7–8 / 10"),
    (8.5, 9.5, "#a6d96a", "十全 9 / 10"),
    (9.5, 10.5, "#1a9641", "十全 10 / 10"),
]
# 20 distinguishable colours: blues/greens for 十全, warm tones for 十美
PALETTE = ["#1f78b4", "#33a02c", "#6a3d9a", "#0868ac", "#41ab5d", "#2b8cbe", "#238443", "#54278f", "#08589e",
           "#4eb3d3", "#e31a1c", "#ff7f00", "#b15928", "#fb9a99", "#fdbf6f", "#cab2d6", "#f781bf", "#d95f02",
           "#e7298a", "#a6761d"]


def layer(geom: str, fields: str) -> QgsVectorLayer:
    lyr = QgsVectorLayer(f"{geom}?crs=EPSG:4549&{fields}", "style", "memory")
    assert lyr.isValid()
    return lyr


def label(lyr: QgsVectorLayer, expression: str, size: float = 8.0) -> None:
    settings = QgsPalLayerSettings()
    settings.fieldName = expression
    settings.isExpression = True
    fmt = QgsTextFormat()
    fmt.setSize(size)
    fmt.setColor(QColor("#222222"))
    buf = QgsTextBufferSettings()
    buf.setEnabled(True)
    buf.setSize(0.8)
    buf.setColor(QColor("white"))
    fmt.setBuffer(buf)
    settings.setFormat(fmt)
    lyr.setLabeling(QgsVectorLayerSimpleLabeling(settings))
    lyr.setLabelsEnabled(True)


def completeness(lyr, field: str, make_symbol) -> None:
    ranges = [QgsRendererRange(lo, hi, make_symbol(colour), text) for lo, hi, colour, text in COMPLETENESS]
    lyr.setRenderer(QgsGraduatedSymbolRenderer(field, ranges))


def units_style() -> None:
    lyr = layer("Polygon", "field=unit_id:string&field=q_met:integer&field=m_met:integer&field=missing_q:string")
    completeness(lyr, "q_met", lambda c: QgsFillSymbol.createSimple(
        {"color": c, "outline_color": "#404040", "outline_width": "0.5", "color_alpha": "200"}))
    for rng in lyr.renderer().ranges():
        rng.symbol().setOpacity(0.85)
    label(lyr, "\"unit_id\" || '\\n十全 ' || \"q_met\" || '/10 · 十美 ' || \"m_met\" || '/10'", 8.5)
    lyr.setFieldAlias(lyr.fields().lookupField("q_met"), "十全达标项数")
    save_style(lyr, STYLES / "coverage_units.qml")


def residents_style() -> None:
    pts = layer("Point", "field=n_q_met:integer&field=unreachable:boolean")
    completeness(pts, "n_q_met", lambda c: QgsMarkerSymbol.createSimple(
        {"name": "circle", "color": c, "size": "2.2", "outline_color": "#333333", "outline_width": "0.2"}))
    save_style(pts, STYLES / "coverage_residents.qml")
    polys = layer("Polygon", "field=n_q_met:integer")
    completeness(polys, "n_q_met", lambda c: QgsFillSymbol.createSimple(
        {"color": c, "outline_color": "#606060", "outline_width": "0.2"}))
    save_style(polys, STYLES / "coverage_residents_polygon.qml")


def facilities_style() -> None:
    for geom, suffix, make in (
        ("Point", "", lambda c: QgsMarkerSymbol.createSimple(
            {"name": "square", "color": c, "size": "2.6", "outline_color": "white", "outline_width": "0.3"})),
        ("Polygon", "_polygon", lambda c: QgsFillSymbol.createSimple(
            {"color": c, "outline_color": "#303030", "outline_width": "0.3"})),
    ):
        lyr = layer(geom, "field=lc_code:string&field=lc_tier:string")
        cats = [QgsRendererCategory("十全", make("#2166ac"), "十全 must-have"),
                QgsRendererCategory("十美", make("#f4a582"), "十美 optional"),
                QgsRendererCategory(None, make("#bdbdbd"), "无清单类别 no checklist category")]
        lyr.setRenderer(QgsCategorizedSymbolRenderer("lc_tier", cats))
        label(lyr, "\"lc_code\"", 6.5)
        lyr.setLabelsEnabled(False)  # available, off by default: many facilities
        save_style(lyr, STYLES / f"coverage_facilities{suffix}.qml")


def service_areas_style() -> None:
    lyr = layer("MultiPolygon", "field=lc_code:string&field=lc_name:string")
    cats = []
    for code, colour in zip(CODES, PALETTE):
        sym = QgsFillSymbol.createSimple({"color": colour, "outline_color": colour, "outline_width": "0.4"})
        sym.setOpacity(0.35)
        cats.append(QgsRendererCategory(code, sym, code))
    lyr.setRenderer(QgsCategorizedSymbolRenderer("lc_code", cats))
    save_style(lyr, STYLES / "coverage_service_areas.qml")


def network_style() -> None:
    lyr = layer("LineString", "field=component:integer")
    main = QgsLineSymbol.createSimple({"color": "#4d4d4d", "width": "0.5"})
    other = QgsLineSymbol.createSimple({"color": "#e41a1c", "width": "0.8"})
    ranges = [QgsRendererRange(-0.5, 0.5, main, "最大连通片 largest connected piece"),
              QgsRendererRange(0.5, 1e9, other, "孤立片段 separate pieces (not connected to the largest)")]
    lyr.setRenderer(QgsGraduatedSymbolRenderer("component", ranges))
    save_style(lyr, STYLES / "network_edges.qml")
    nodes = layer("Point", "field=dangle:boolean")
    dangle = QgsMarkerSymbol.createSimple({"name": "circle", "color": "#ff7f00", "size": "1.6"})
    plain = QgsMarkerSymbol.createSimple({"name": "circle", "color": "#bdbdbd", "size": "0.8"})
    nodes.setRenderer(QgsCategorizedSymbolRenderer("dangle", [QgsRendererCategory(True, dangle, "尽端 dangle (dead end)"),
                                                               QgsRendererCategory(False, plain, "交叉口 junction")]))
    save_style(nodes, STYLES / "network_nodes.qml")


def impact_styles() -> None:
    from qgis.core import QgsRuleBasedRenderer

    units = layer("Polygon", "field=unit_id:string&field=q_met_a:integer&field=q_met_b:integer&field=new_pop:double")
    completeness(units, "q_met_a", lambda c: QgsFillSymbol.createSimple(
        {"color": c, "outline_color": "#404040", "outline_width": "0.5"}))
    label(units, "\"unit_id\" || '\\n十全 ' || \"q_met_b\" || ' → ' || \"q_met_a\" || '/10'", 8.5)
    save_style(units, STYLES / "impact_units.qml")

    for geom, suffix, make in (
        ("Point", "", lambda c: QgsMarkerSymbol.createSimple(
            {"name": "star", "color": c, "size": "4.2", "outline_color": "#202020", "outline_width": "0.3"})),
        ("Polygon", "_polygon", lambda c: QgsFillSymbol.createSimple(
            {"color": c, "outline_color": "#202020", "outline_width": "0.5"})),
    ):
        lyr = layer(geom, "field=counted:boolean&field=lc_reason:string&field=new_alone:double")
        root = QgsRuleBasedRenderer.Rule(None)
        for expr, colour, text in (
            ("\"counted\" AND \"lc_reason\" IS NULL", "#1a9641", "新增覆盖 covers new residents"),
            ("\"counted\" AND \"lc_reason\" IS NOT NULL", "#fdae61", "与现有服务重叠 duplicates existing service"),
            ("NOT \"counted\"", "#bababa", "未计入 not counted (no category / location)"),
        ):
            root.appendChild(QgsRuleBasedRenderer.Rule(make(colour), 0, 0, expr, text))
        lyr.setRenderer(QgsRuleBasedRenderer(root))
        label(lyr, "\"project_id\" || '  +' || coalesce(to_string(\"new_ordered\"), '–')", 7.5)
        save_style(lyr, STYLES / f"impact_projects{suffix}.qml")

    for geom, suffix, make in (
        ("Point", "", lambda c, size: QgsMarkerSymbol.createSimple(
            {"name": "circle", "color": c, "size": size, "outline_color": "#333333", "outline_width": "0.2"})),
        ("Polygon", "_polygon", lambda c, size: QgsFillSymbol.createSimple(
            {"color": c, "outline_color": "#606060", "outline_width": "0.2"})),
    ):
        lyr = layer(geom, "field=newly_covered:string")
        cats = QgsRuleBasedRenderer.Rule(None)
        cats.appendChild(QgsRuleBasedRenderer.Rule(make("#2c7bb6", "2.6"), 0, 0, "\"newly_covered\" IS NOT NULL",
                                                   "新覆盖 newly covered"))
        cats.appendChild(QgsRuleBasedRenderer.Rule(make("#d9d9d9", "1.6"), 0, 0, "\"newly_covered\" IS NULL",
                                                   "无变化 no change"))
        lyr.setRenderer(QgsRuleBasedRenderer(cats))
        save_style(lyr, STYLES / f"impact_residents{suffix}.qml")

    comp = layer("Polygon", "field=unit_id:string&field=dq_met:integer&field=change:string")
    make = lambda c: QgsFillSymbol.createSimple({"color": c, "outline_color": "#404040", "outline_width": "0.5"})  # noqa: E731
    ranges = [QgsRendererRange(-10.5, -0.5, make("#d7191c"), "十全达标项减少 fewer met"),
              QgsRendererRange(-0.5, 0.5, make("#e0e0e0"), "持平 same"),
              QgsRendererRange(0.5, 10.5, make("#1a9641"), "十全达标项增加 more met")]
    comp.setRenderer(QgsGraduatedSymbolRenderer("dq_met", ranges))
    label(comp, "\"unit_id\" || '\\n' || if(\"dq_met\" > 0, '+', '') || \"dq_met\"", 8.5)
    save_style(comp, STYLES / "compare_units.qml")


def people_styles() -> None:
    """distributepopulation's resident points (size by residents) and residentneeds' needs (mapped or not)."""
    pts = layer("Point", "field=population:integer")
    sizes = [(0, 100, 1.2, "< 100"), (100, 300, 2.0, "100–300"), (300, 600, 2.8, "300–600"),
             (600, 1e9, 3.6, "≥ 600")]
    ranges = [QgsRendererRange(lo, hi, QgsMarkerSymbol.createSimple(
        {"name": "circle", "color": "#6a51a3", "size": str(size), "outline_color": "white", "outline_width": "0.3"}),
        f"{text} 人 residents") for lo, hi, size, text in sizes]
    pts.setRenderer(QgsGraduatedSymbolRenderer("population", ranges))
    save_style(pts, STYLES / "population_points.qml")
    needs = layer("Point", "field=lc_mapped:boolean&field=lc_names:string")
    cats = [QgsRendererCategory(True, QgsMarkerSymbol.createSimple(
                {"name": "diamond", "color": "#e6550d", "size": "3.0", "outline_color": "#7f2704",
                 "outline_width": "0.3"}), "设施需求 facility need"),
            QgsRendererCategory(False, QgsMarkerSymbol.createSimple(
                {"name": "diamond", "color": "#bdbdbd", "size": "2.2", "outline_color": "#636363",
                 "outline_width": "0.2"}), "未识别 not a facility need")]
    needs.setRenderer(QgsCategorizedSymbolRenderer("lc_mapped", cats))
    save_style(needs, STYLES / "needs_points.qml")


def main() -> int:
    app = QgsApplication([], False)
    app.initQgis()
    STYLES.mkdir(parents=True, exist_ok=True)
    units_style()
    residents_style()
    facilities_style()
    service_areas_style()
    network_style()
    impact_styles()
    people_styles()
    app.exitQgis()
    print("styles written to", STYLES)
    return 0


if __name__ == "__main__":
    sys.exit(main())
