"""Writes the bundled styles of `lifecircle:delineateunits`' outputs (resources/styles/units*.qml) with PyQGIS.

    .venv/bin/python scripts/make_units_styles.py

- units.qml: units filled by ``map_colour`` (neighbouring units differ), units that miss a rule drawn with a red
  dashed outline and hatching, labelled with unit_id, population and the longest walk to the centre;
- units_blocks.qml: blocks in their unit's colour, the centre block outlined;
- units_centres.qml: the centres as stars (red where the unit misses a rule).
The .qml files are committed; this script is how they are made and changed.
"""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
STYLES = ROOT / "resources" / "styles"

from qgis.core import (  # noqa: E402
    QgsApplication,
    QgsFillSymbol,
    QgsLinePatternFillSymbolLayer,
    QgsMarkerSymbol,
    QgsPalLayerSettings,
    QgsProperty,
    QgsRuleBasedRenderer,
    QgsSymbolLayer,
    QgsTextBufferSettings,
    QgsTextFormat,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtGui import QColor  # noqa: E402

from style_files import save_style  # noqa: E402

#: six colours for ``map_colour`` 0..5 (and again, lighter, beyond)
PALETTE = ["#8dd3c7", "#fdb462", "#bebada", "#80b1d3", "#b3de69", "#fccde5"]


def colour_expression(alpha: int) -> str:
    # QGIS expressions know only the searched CASE (CASE WHEN condition THEN …)
    n = len(PALETTE)
    cases = " ".join(f"WHEN \"map_colour\" % {n} = {k} THEN color_rgba({int(c[1:3], 16)}, {int(c[3:5], 16)}, "
                     f"{int(c[5:7], 16)}, {alpha})" for k, c in enumerate(PALETTE))
    return f"CASE {cases} ELSE color_rgba(220, 220, 220, {alpha}) END"


def layer(geom: str, fields: str) -> QgsVectorLayer:
    lyr = QgsVectorLayer(f"{geom}?crs=EPSG:4549&{fields}", "style", "memory")
    assert lyr.isValid()
    return lyr


def label(lyr: QgsVectorLayer, expression: str, size: float) -> None:
    settings = QgsPalLayerSettings()
    settings.fieldName = expression
    settings.isExpression = True
    fmt = QgsTextFormat()
    fmt.setSize(size)
    fmt.setColor(QColor("#1a1a1a"))
    buf = QgsTextBufferSettings()
    buf.setEnabled(True)
    buf.setSize(0.8)
    buf.setColor(QColor("white"))
    fmt.setBuffer(buf)
    settings.setFormat(fmt)
    settings.placement = QgsPalLayerSettings.OverPoint
    lyr.setLabeling(QgsVectorLayerSimpleLabeling(settings))
    lyr.setLabelsEnabled(True)


def filled(outline: str, width: str, style: str = "solid", alpha: int = 190) -> QgsFillSymbol:
    sym = QgsFillSymbol.createSimple({"color": "200,200,200,190", "outline_color": outline,
                                     "outline_width": width, "outline_style": style})
    sym.symbolLayer(0).setDataDefinedProperty(QgsSymbolLayer.PropertyFillColor,
                                              QgsProperty.fromExpression(colour_expression(alpha)))
    return sym


def units_style() -> None:
    lyr = layer("MultiPolygon", "field=unit_id:string&field=population:double&field=max_walk_m:double&"
                "field=meets_rules:boolean&field=flags:string&field=map_colour:integer")
    root = QgsRuleBasedRenderer.Rule(None)
    ok = QgsRuleBasedRenderer.Rule(filled("#2b2b2b", "0.8"), 0, 0, "\"meets_rules\"",
                                   "符合全部规则 meets every rule")
    flagged_symbol = filled("#d7191c", "1.1", "dash")
    hatch = QgsLinePatternFillSymbolLayer()
    hatch.setLineAngle(45)
    hatch.setDistance(2.5)
    hatch.setColor(QColor(215, 25, 28, 150))
    hatch.setLineWidth(0.25)
    flagged_symbol.appendSymbolLayer(hatch)
    flagged = QgsRuleBasedRenderer.Rule(flagged_symbol, 0, 0, "NOT \"meets_rules\"",
                                        "未达规则（见 flags）misses a rule (see flags)")
    root.appendChild(ok)
    root.appendChild(flagged)
    lyr.setRenderer(QgsRuleBasedRenderer(root))
    label(lyr, "\"unit_id\" || '\\n' || format_number(\"population\", 0) || ' 人 · ≤' || "
               "format_number(\"max_walk_m\", 0) || ' m' || if(\"meets_rules\", '', ' ⚠')", 8.5)
    save_style(lyr, STYLES / "units.qml")


def blocks_style() -> None:
    lyr = layer("MultiPolygon", "field=unit_id:string&field=walk_m:double&field=is_centre:boolean&"
                "field=map_colour:integer")
    root = QgsRuleBasedRenderer.Rule(None)
    centre = QgsRuleBasedRenderer.Rule(filled("#111111", "0.9", alpha=230), 0, 0, "\"is_centre\"",
                                       "单元中心街坊 centre block")
    other = QgsRuleBasedRenderer.Rule(filled("#7a7a7a", "0.25", alpha=170), 0, 0, "ELSE", "街坊 block")
    root.appendChild(centre)
    root.appendChild(other)
    lyr.setRenderer(QgsRuleBasedRenderer(root))
    label(lyr, "\"unit_id\"", 6.5)
    lyr.setLabelsEnabled(False)
    save_style(lyr, STYLES / "units_blocks.qml")


def centres_style() -> None:
    lyr = layer("Point", "field=unit_id:string&field=meets_rules:boolean&field=is_seed:boolean")
    root = QgsRuleBasedRenderer.Rule(None)
    for expression, colour, text in (("\"meets_rules\"", "#1a1a1a", "单元中心 centre"),
                                     ("NOT \"meets_rules\"", "#d7191c", "单元中心（未达规则）centre, unit misses a rule")):
        sym = QgsMarkerSymbol.createSimple({"name": "star", "color": colour, "size": "4.2",
                                            "outline_color": "white", "outline_width": "0.4"})
        root.appendChild(QgsRuleBasedRenderer.Rule(sym, 0, 0, expression, text))
    lyr.setRenderer(QgsRuleBasedRenderer(root))
    save_style(lyr, STYLES / "units_centres.qml")


def main() -> int:
    app = QgsApplication([], False)
    app.initQgis()
    STYLES.mkdir(parents=True, exist_ok=True)
    units_style()
    blocks_style()
    centres_style()
    for name in ("units", "units_blocks", "units_centres"):
        print(STYLES / f"{name}.qml")
    app.exitQgis()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
