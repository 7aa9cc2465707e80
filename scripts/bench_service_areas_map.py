"""Service areas on the sample district beside QGIS's native "Service area (from layer)" lines, drawn to PNG.

One category (default Q05, 500 m): LifeCircle's reached street pieces and their 50 m service-area polygon, and the
native algorithm's service-area lines from the same facilities on the same streets; both saved to
build/service-areas/ (GeoPackage) and drawn (each alone, and on top of each other) to PNG there. Prints the lengths
and how much of the native lines lies inside LifeCircle's polygon.

    .venv/bin/python scripts/bench_service_areas_map.py [--code Q05] [--out build/service-areas]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import numpy as np

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "build"))
SAMPLE = ROOT / "resources" / "sample" / "sample_district.gpkg"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--code", default="Q05")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "service-areas")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    import shutil

    sample = args.out / "sample_district.gpkg"  # a copy: QGIS opens a GeoPackage for writing (WAL mode)
    shutil.copyfile(SAMPLE, sample)
    from qgis.analysis import QgsNativeAlgorithms
    from qgis.core import (QgsApplication, QgsFeature, QgsFillSymbol, QgsGeometry, QgsLineSymbol, QgsMapSettings,
                           QgsMapRendererParallelJob, QgsProcessingContext, QgsProcessingFeedback, QgsProject,
                           QgsRectangle, QgsSingleSymbolRenderer, QgsVectorFileWriter, QgsVectorLayer)
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtGui import QColor
    from shapely import wkb

    app = QgsApplication([], False)
    app.initQgis()
    QgsApplication.processingRegistry().addProvider(QgsNativeAlgorithms())
    from lifecircle.lifecircle_plugin.core.checklist import load_profile
    from lifecircle.lifecircle_plugin.core.network import NetworkOptions, build_network
    from lifecircle.lifecircle_plugin.core.service_areas import reachable_pieces, service_area_polygon

    streets = QgsVectorLayer(f"{sample}|layername=streets", "streets", "ogr")
    facilities = QgsVectorLayer(f"{sample}|layername=facilities", "facilities", "ogr")
    facilities.setSubsetString(f"\"category\" = '{args.code}'")
    threshold = load_profile("shanghai").threshold(args.code)
    lines = [bytes(f.geometry().asWkb()) for f in streets.getFeatures()]
    classes = [f["highway"] for f in streets.getFeatures()]
    net = build_network(lines, NetworkOptions(), classes=classes)
    xy = np.array([[f.geometry().asPoint().x(), f.geometry().asPoint().y()] for f in facilities.getFeatures()])
    router = net.router({"fac": net.snap(xy, 150.0)})
    pieces = reachable_pieces(net, router, "fac", np.ones(len(xy), bool), threshold)
    area = service_area_polygon(pieces, 50.0)

    def save(name, geoms, kind):
        layer = QgsVectorLayer(f"{kind}?crs={streets.crs().authid()}", name, "memory")
        feats = []
        for g in geoms:
            f = QgsFeature()
            qg = QgsGeometry()
            qg.fromWkb(g.wkb)
            f.setGeometry(qg)
            feats.append(f)
        layer.dataProvider().addFeatures(feats)
        path = args.out / f"{name}.gpkg"
        options = QgsVectorFileWriter.SaveVectorOptions()
        options.driverName = "GPKG"
        QgsVectorFileWriter.writeAsVectorFormatV2(layer, str(path), QgsProject.instance().transformContext(), options)
        return QgsVectorLayer(str(path), name, "ogr")

    ours = save(f"lifecircle_{args.code}_area", [area], "MultiPolygon")
    our_lines = save(f"lifecircle_{args.code}_pieces", list(pieces), "LineString")
    native_path = args.out / f"native_{args.code}_lines.gpkg"
    alg = QgsApplication.processingRegistry().createAlgorithmById("native:serviceareafromlayer")
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    res, ok = alg.run({"INPUT": streets, "STRATEGY": 0, "START_POINTS": facilities, "TRAVEL_COST2": threshold,
                       "TOLERANCE": 1.0, "OUTPUT_LINES": str(native_path)}, context, QgsProcessingFeedback())
    assert ok, "native service area failed"
    native = QgsVectorLayer(str(native_path), "native", "ogr")
    nat = [wkb.loads(bytes(f.geometry().asWkb())) for f in native.getFeatures() if not f.geometry().isEmpty()]
    from shapely.ops import unary_union

    nat_u = unary_union(nat)
    inside = nat_u.intersection(area).length / nat_u.length if nat_u.length else float("nan")
    ours_u = unary_union(list(pieces))
    print(f"{args.code} ({threshold:.0f} m, {len(xy)} facilities): LifeCircle {pieces.total_length / 1000:.2f} km of "
          f"street pieces, polygon {area.area / 1e6:.3f} km²; QGIS native {nat_u.length / 1000:.2f} km of lines, "
          f"{inside:.1%} of them inside LifeCircle's polygon; LifeCircle pieces farther than 50 m from a native line: "
          f"{ours_u.difference(nat_u.buffer(50.0)).length / 1000:.2f} km")

    # the same with each facility moved onto its street (no access leg), as QGIS's native algorithm starts
    snap = net.snap(xy, 150.0)
    on = np.column_stack([snap.x, snap.y])
    router0 = net.router({"fac": net.snap(on, 150.0)})
    area0 = service_area_polygon(reachable_pieces(net, router0, "fac", np.ones(len(on), bool), threshold), 50.0)
    print(f"  with the facilities moved onto their streets (mean access leg {snap.access.mean():.1f} m): "
          f"{nat_u.intersection(area0).length / nat_u.length:.1%} of the native lines inside LifeCircle's polygon")

    def draw(png, layers, extent):
        settings = QgsMapSettings()
        settings.setLayers(layers)
        settings.setDestinationCrs(streets.crs())
        settings.setBackgroundColor(QColor("white"))
        settings.setOutputSize(QSize(1400, int(1400 * extent.height() / extent.width())))
        settings.setExtent(extent)
        job = QgsMapRendererParallelJob(settings)
        job.start()
        job.waitForFinished()
        job.renderedImage().save(str(png))
        print("  wrote", png)

    streets.setRenderer(QgsSingleSymbolRenderer(QgsLineSymbol.createSimple({"color": "#bbbbbb", "width": "0.2"})))
    ours.setRenderer(QgsSingleSymbolRenderer(QgsFillSymbol.createSimple(
        {"color": "120,170,230,110", "outline_color": "#2b6cb0", "outline_width": "0.3"})))
    our_lines.setRenderer(QgsSingleSymbolRenderer(QgsLineSymbol.createSimple({"color": "#2b6cb0", "width": "0.5"})))
    native.setRenderer(QgsSingleSymbolRenderer(QgsLineSymbol.createSimple({"color": "#d7191c", "width": "0.35"})))
    facilities.setRenderer(QgsSingleSymbolRenderer(__import__("qgis.core", fromlist=["QgsMarkerSymbol"])
                                                   .QgsMarkerSymbol.createSimple({"color": "black", "size": "2"})))
    ext = QgsRectangle(streets.extent())
    draw(args.out / f"{args.code}_lifecircle.png", [facilities, our_lines, ours, streets], ext)
    draw(args.out / f"{args.code}_native.png", [facilities, native, streets], ext)
    draw(args.out / f"{args.code}_both.png", [facilities, native, ours, streets], ext)
    c = ext.center()
    zoom = QgsRectangle(c.x() - ext.width() / 6, c.y() - ext.height() / 6, c.x() + ext.width() / 6,
                        c.y() + ext.height() / 6)
    draw(args.out / f"{args.code}_both_zoom.png", [facilities, native, our_lines, ours, streets], zoom)
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
