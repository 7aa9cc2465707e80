"""Writes the bundled styles of lifecircle:siting's result layers (resources/styles/siting_*.qml) with PyQGIS.

Run with Debian's Python (or the project's .venv): `.venv/bin/python scripts/make_siting_styles.py`.
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

#: residents newly covered by a site: (low, high, marker size mm, label)
NEW_POP = [(0, 500, 3.2, "新增覆盖 < 500 newly covered"), (500, 2000, 4.4, "500–2,000"), (2000, 5000, 5.6, "2,000–5,000"),
           (5000, 1e12, 7.0, "≥ 5,000")]
SITE_LABEL = "'#' || \"lc_rank\" || ' ' || \"lc_site_id\" || '\\n+' || format_number(\"new_pop\", 0)"


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
    fmt.setColor(QColor("#7f0000"))
    buf = QgsTextBufferSettings()
    buf.setEnabled(True)
    buf.setSize(0.8)
    buf.setColor(QColor("white"))
    fmt.setBuffer(buf)
    settings.setFormat(fmt)
    settings.dist = 1.5
    lyr.setLabeling(QgsVectorLayerSimpleLabeling(settings))
    lyr.setLabelsEnabled(True)


def sites_style() -> None:
    fields = "field=lc_rank:integer&field=lc_site_id:string&field=new_pop:double"
    pts = layer("Point", fields)
    ranges = []
    for lo, hi, size, text in NEW_POP:
        sym = QgsMarkerSymbol.createSimple({"name": "star", "color": "#d7301f", "size": str(size),
                                            "outline_color": "#ffffff", "outline_width": "0.4"})
        ranges.append(QgsRendererRange(lo, hi, sym, text))
    pts.setRenderer(QgsGraduatedSymbolRenderer("new_pop", ranges))
    label(pts, SITE_LABEL)
    pts.setFieldAlias(pts.fields().lookupField("new_pop"), "新增覆盖人口")
    pts.setFieldAlias(pts.fields().lookupField("lc_rank"), "推荐顺位")
    save_style(pts, STYLES / "siting_sites.qml")
    polys = layer("Polygon", fields)
    ranges = []
    for (lo, hi, _, text), colour in zip(NEW_POP, ["#fdcc8a", "#fc8d59", "#e34a33", "#b30000"]):
        sym = QgsFillSymbol.createSimple({"color": colour, "outline_color": "#7f0000", "outline_width": "0.6"})
        ranges.append(QgsRendererRange(lo, hi, sym, text))
    polys.setRenderer(QgsGraduatedSymbolRenderer("new_pop", ranges))
    label(polys, SITE_LABEL)
    save_style(polys, STYLES / "siting_sites_polygon.qml")


def allocation_style() -> None:
    lyr = layer("LineString", "field=site_kind:string&field=newly_cov:boolean&field=distance_m:double")
    new = QgsLineSymbol.createSimple({"color": "#e6550d", "width": "0.35", "line_style": "solid"})
    new.setOpacity(0.8)
    existing = QgsLineSymbol.createSimple({"color": "#969696", "width": "0.25", "line_style": "dash"})
    existing.setOpacity(0.7)
    cats = [QgsRendererCategory("new", new, "至推荐选址 to a recommended site"),
            QgsRendererCategory("existing", existing, "至现有设施 to an existing facility")]
    lyr.setRenderer(QgsCategorizedSymbolRenderer("site_kind", cats))
    save_style(lyr, STYLES / "siting_allocation.qml")


def main() -> None:
    app = QgsApplication([], False)
    app.initQgis()
    sites_style()
    allocation_style()
    for name in ("siting_sites", "siting_sites_polygon", "siting_allocation"):
        print(STYLES / f"{name}.qml")


if __name__ == "__main__":
    main()
