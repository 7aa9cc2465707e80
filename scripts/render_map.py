"""Render LifeCircle result layers to PNG with the plugin's styles (used by `make demo` and to look at results).

    .venv/bin/python scripts/render_map.py OUT.png "GPKG|LAYER|STYLE" ["GPKG|LAYER|STYLE" ...] [--title TEXT]

Layers are drawn bottom first as listed. STYLE is a name in resources/styles (without .qml; its _polygon variant
is used for polygon layers when there is one), a .qml path, "distance:FIELD" (walking distance classes in metres
on FIELD), "lost:FIELD" (a count of categories lost: 0, 1, 2+) or "filter:EXPRESSION:STYLE" (only the features matching EXPRESSION, drawn with STYLE).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
STYLES = ROOT / "resources" / "styles"


def distance_style(layer, field: str) -> None:
    """Walking distance classes (the 5/10/15-minute tiers) on ``field``; empty = beyond the search limit."""
    from qgis.core import QgsGraduatedSymbolRenderer, QgsMarkerSymbol, QgsRendererRange

    classes = [(0, 300, "#1a9641", "≤ 300 m (5 min)"), (300, 500, "#a6d96a", "300–500 m (10 min)"),
               (500, 1000, "#fdae61", "500–1,000 m (15 min)"), (1000, 1e9, "#d7191c", "> 1,000 m")]
    ranges = [QgsRendererRange(lo, hi, QgsMarkerSymbol.createSimple(
        {"name": "circle", "color": c, "size": "2.4", "outline_color": "#333333", "outline_width": "0.2"}), text)
        for lo, hi, c, text in classes]
    renderer = QgsGraduatedSymbolRenderer(f'coalesce("{field}", 1e8)', ranges)
    layer.setRenderer(renderer)
    layer.setName(f"{field[2:]} walking distance 步行距离")


def lost_style(layer, field: str) -> None:
    """Residents by how many checklist categories the walls and gates take out of reach (``field``: a count)."""
    from qgis.core import QgsGraduatedSymbolRenderer, QgsMarkerSymbol, QgsRendererRange

    classes = [(-1e9, 0.5, "#bdbdbd", "1.2", "none lost 未受影响"), (0.5, 1.5, "#fdae61", "2.6", "1 category 1 类"),
               (1.5, 1e9, "#d7191c", "3.2", "2 or more 2 类及以上")]
    ranges = [QgsRendererRange(lo, hi, QgsMarkerSymbol.createSimple(
        {"name": "circle", "color": c, "size": size, "outline_color": "#333333", "outline_width": "0.2"}), text)
        for lo, hi, c, size, text in classes]
    layer.setRenderer(QgsGraduatedSymbolRenderer(f'coalesce("{field}", 0)', ranges))
    layer.setName("lost behind walls 围墙所失类别")


def render(out_png: Path, specs: list, title: str = "", width: int = 1800, legend: bool = True) -> Path:
    from qgis.core import (
        QgsLayoutExporter,
        QgsLayoutItemLabel,
        QgsLayoutItemLegend,
        QgsLayoutItemMap,
        QgsLayoutItemScaleBar,
        QgsLayoutPoint,
        QgsLayoutSize,
        QgsPrintLayout,
        QgsProject,
        QgsRectangle,
        QgsUnitTypes,
        QgsVectorLayer,
    )
    from qgis.PyQt.QtGui import QFont

    project = QgsProject.instance()
    project.clear()
    layers = []
    for path, layer_name, style in specs:
        lyr = QgsVectorLayer(f"{path}|layername={layer_name}", layer_name, "ogr")
        if not lyr.isValid():
            raise SystemExit(f"render_map: cannot open {path} layer {layer_name}")
        if style.startswith("filter:"):
            _, expression, style = style.split(":", 2)
            lyr.setSubsetString(expression)
        if style.startswith("distance:"):
            distance_style(lyr, style.split(":", 1)[1])
        elif style.startswith("lost:"):
            lost_style(lyr, style.split(":", 1)[1])
        elif style:
            qml = Path(style) if style.endswith(".qml") else STYLES / f"{style}.qml"
            if lyr.geometryType() == 2 and (STYLES / f"{style}_polygon.qml").exists():
                qml = STYLES / f"{style}_polygon.qml"
            lyr.loadNamedStyle(str(qml))
        project.addMapLayer(lyr)
        layers.append(lyr)
    from qgis.core import QgsCoordinateTransform

    project.setCrs(layers[0].crs())
    extent = QgsRectangle()
    for lyr in layers:  # (in the map's CRS: a layer in another CRS is drawn reprojected)
        to_map = QgsCoordinateTransform(lyr.crs(), project.crs(), project)
        extent.combineExtentWith(to_map.transformBoundingBox(lyr.extent()) if lyr.crs() != project.crs()
                                 else lyr.extent())
    extent.scale(1.04)

    layout = QgsPrintLayout(project)
    layout.initializeDefaults()
    page = layout.pageCollection().page(0)
    ratio = extent.height() / max(extent.width(), 1e-9)
    map_w = 260.0
    map_h = map_w * ratio
    page_h = map_h + 30
    page.setPageSize(QgsLayoutSize(map_w + 115 if legend else map_w + 20, page_h, QgsUnitTypes.LayoutMillimeters))
    item = QgsLayoutItemMap(layout)
    item.attemptMove(QgsLayoutPoint(10, 20, QgsUnitTypes.LayoutMillimeters))
    item.attemptResize(QgsLayoutSize(map_w, map_h, QgsUnitTypes.LayoutMillimeters))
    item.setLayers(list(reversed(layers)))
    item.setExtent(extent)
    item.setFrameEnabled(True)
    layout.addLayoutItem(item)
    if title:
        label = QgsLayoutItemLabel(layout)
        label.setText(title)
        label.setFont(QFont("WenQuanYi Micro Hei", 16))
        label.attemptMove(QgsLayoutPoint(10, 5, QgsUnitTypes.LayoutMillimeters))
        label.attemptResize(QgsLayoutSize(map_w, 12, QgsUnitTypes.LayoutMillimeters))
        layout.addLayoutItem(label)
    if legend:
        leg = QgsLayoutItemLegend(layout)
        leg.setLinkedMap(item)
        leg.setTitle("")
        leg.attemptMove(QgsLayoutPoint(map_w + 14, 20, QgsUnitTypes.LayoutMillimeters))
        layout.addLayoutItem(leg)
    bar = QgsLayoutItemScaleBar(layout)
    bar.setStyle("Single Box")
    bar.setLinkedMap(item)
    bar.applyDefaultSize()
    bar.setUnits(QgsUnitTypes.DistanceKilometers)
    bar.setNumberOfSegments(2)
    bar.setUnitsPerSegment(0.5)
    bar.setUnitLabel("km")
    bar.attemptMove(QgsLayoutPoint(12, 20 + map_h - 12, QgsUnitTypes.LayoutMillimeters))
    layout.addLayoutItem(bar)
    exporter = QgsLayoutExporter(layout)
    settings = QgsLayoutExporter.ImageExportSettings()
    settings.dpi = width / ((map_w + 115) / 25.4)
    out_png.parent.mkdir(parents=True, exist_ok=True)
    result = exporter.exportToImage(str(out_png), settings)
    if result != QgsLayoutExporter.Success:
        raise SystemExit(f"render_map: export failed ({result})")
    del exporter, layout, item
    project.clear()
    return out_png


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("layers", nargs="+", help="GPKG|LAYER|STYLE")
    parser.add_argument("--title", default="")
    parser.add_argument("--width", type=int, default=1800)
    args = parser.parse_args()
    specs = []
    for spec in args.layers:
        parts = spec.split("|")
        specs.append((parts[0], parts[1], parts[2] if len(parts) > 2 else ""))
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    render(args.out, specs, args.title, args.width)
    app.exitQgis()
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
