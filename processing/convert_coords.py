"""lifecircle:convertcoords — GCJ-02 / BD-09 ⇄ WGS 84 for Chinese POI data (every vertex, any geometry)."""

from __future__ import annotations

from qgis.core import (
    QgsFeatureRequest,
    QgsFeatureSink,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingFeatureSource,
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
)

from .base import LifeCircleAlgorithm, tr

# datums on which GCJ-02/BD-09 input is meaningful (WGS 84 and CGCS2000 agree to a few centimetres)
_EXPECTED_CRS = {"EPSG:4326", "EPSG:4490", "OGC:CRS84"}
_LISTED_IDS = 20


class ConvertCoordinatesAlgorithm(LifeCircleAlgorithm):
    NAME = "convertcoords"
    DISPLAY = "Convert Chinese coordinates (GCJ-02 / BD-09 ⇄ WGS 84)"
    GROUP = "tools"
    REQUIRES = ("numpy",)
    HELP = (
        "Converts every vertex of a layer between WGS 84 and the shifted coordinates of Chinese web maps, so "
        "that POIs downloaded from them line up with survey, OpenStreetMap and planning data.\n\n"
        "GCJ-02 (国测局坐标, 'Mars coordinates') is the obfuscated datum every map published in China must use: "
        "AMap/高德, Tencent/腾讯 and Apple or Google maps inside China; it moves points by roughly 100–700 m. "
        "BD-09 (百度坐标) is Baidu's further shift of GCJ-02 (about another 1 km): Baidu Maps and its APIs. "
        "GPS receivers, OpenStreetMap and CGCS2000 planning data are in WGS 84 (CGCS2000 agrees with it to a "
        "few centimetres).\n\n"
        "The layer must be in a geographic longitude/latitude CRS (EPSG:4326, or EPSG:4490 for CGCS2000); the "
        "output keeps its CRS, attributes and geometry type (points, lines, polygons, multi-part, Z and M). "
        "The conversion back to WGS 84 is solved iteratively, so converting back and forth returns to the same "
        "place within millimetres.\n\n"
        "GCJ-02 and BD-09 are only defined inside China: points outside China's bounding box (longitude "
        "72.004–137.8347°E, latitude 0.8293–55.8271°N) are left unchanged, and the log counts and lists such "
        "features. "
        "Features without geometry pass through unchanged."
    )

    INPUT = "INPUT"
    SOURCE = "SOURCE"
    TARGET = "TARGET"
    OUTPUT = "OUTPUT"

    CONVERTED_FEATURES = "CONVERTED_FEATURES"
    OUTSIDE_CHINA = "OUTSIDE_CHINA"
    PARTLY_OUTSIDE_CHINA = "PARTLY_OUTSIDE_CHINA"
    WITHOUT_GEOMETRY = "WITHOUT_GEOMETRY"

    def initAlgorithm(self, config=None):  # noqa: N802
        from ..lifecircle_plugin.core.coord_systems import GCJ02, SYSTEM_LABELS, SYSTEMS, WGS84

        labels = [tr(SYSTEM_LABELS[s]) for s in SYSTEMS]
        p = QgsProcessingParameterFeatureSource(
            self.INPUT, tr("Input layer"), [QgsProcessing.SourceType.TypeVectorAnyGeometry]
        )
        p.setHelp(tr("Any vector layer in a geographic (longitude/latitude) CRS, e.g. POIs downloaded from AMap."))
        self.addParameter(p)
        p = QgsProcessingParameterEnum(
            self.SOURCE, tr("Coordinates of the input"), options=labels, defaultValue=SYSTEMS.index(GCJ02)
        )
        p.setHelp(tr("GCJ-02 for AMap/高德 and Tencent data, BD-09 for Baidu data, WGS 84 for GPS and OSM."))
        self.addParameter(p)
        p = QgsProcessingParameterEnum(
            self.TARGET, tr("Convert to"), options=labels, defaultValue=SYSTEMS.index(WGS84)
        )
        p.setHelp(tr("WGS 84 for analysis with survey, planning and OpenStreetMap data."))
        self.addParameter(p)
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT, tr("Converted layer"), QgsProcessing.SourceType.TypeVectorAnyGeometry
            )
        )
        for key, label in (
            (self.CONVERTED_FEATURES, "Features converted"),
            (self.OUTSIDE_CHINA, "Features outside China (left unchanged)"),
            (self.PARTLY_OUTSIDE_CHINA, "Features partly outside China"),
            (self.WITHOUT_GEOMETRY, "Features without geometry"),
        ):
            self.addOutput(QgsProcessingOutputNumber(key, tr(label)))

    # -- parameters ------------------------------------------------------------------------------------------
    def _systems(self, parameters, context):
        from ..lifecircle_plugin.core.coords import SYSTEMS

        source = self.parameterAsEnum(parameters, self.SOURCE, context)
        target = self.parameterAsEnum(parameters, self.TARGET, context)
        return SYSTEMS[source], SYSTEMS[target]

    @staticmethod
    def _same_system_message(system: str) -> str:
        from ..lifecircle_plugin.core.coords import SYSTEM_LABELS

        return tr("The input is already in {}: choose a different target coordinate system.").format(
            SYSTEM_LABELS[system]
        )

    def checkParameterValues(self, parameters, context):  # noqa: N802
        ok, message = super().checkParameterValues(parameters, context)
        if not ok:
            return ok, message
        source, target = self._systems(parameters, context)
        if source == target:
            return False, self._same_system_message(source)
        return True, ""

    # -- running ---------------------------------------------------------------------------------------------
    def process(self, parameters, context, feedback):
        import numpy as np

        from ..lifecircle_plugin.core.coords import SYSTEM_LABELS, convert_coordinates
        from ..lifecircle_plugin.core.errors import CancelledError

        source_system, target_system = self._systems(parameters, context)
        if source_system == target_system:
            raise QgsProcessingException(self._same_system_message(source_system))
        source, name = self.source_or_fail(parameters, self.INPUT, context, tr("input"))
        crs = source.sourceCrs()
        if not crs.isValid():
            raise QgsProcessingException(
                tr(
                    "Layer '{}' has no coordinate reference system. Set it to the geographic CRS its longitudes "
                    "and latitudes are in (usually EPSG:4326) in Layer Properties › Source, and run again."
                ).format(name)
            )
        if not crs.isGeographic():
            raise QgsProcessingException(
                tr(
                    "Layer '{}' is in {} ({}), a projected CRS. GCJ-02 and BD-09 are shifts of longitude and "
                    "latitude: use the layer as downloaded, in a geographic CRS such as EPSG:4326 (WGS 84) or "
                    "EPSG:4490 (CGCS2000)."
                ).format(name, crs.authid() or tr("a custom CRS"), crs.description())
            )
        if crs.authid().upper() not in _EXPECTED_CRS:
            feedback.pushInfo(
                tr(
                    "Layer '{}' is in {} ({}): its coordinates are taken as {} longitudes and latitudes as they are."
                ).format(name, crs.authid() or tr("a custom CRS"), crs.description(), SYSTEM_LABELS[source_system])
            )

        # 1. read every feature and its vertices (nothing is written until everything is converted)
        # Coordinate conversion needs no valid geometry: like QGIS's own "Reproject layer", it does not drop
        # invalid features.
        request = QgsFeatureRequest()
        features = source.getFeatures(request, QgsProcessingFeatureSource.Flag.FlagSkipGeometryValidityChecks)
        total = source.featureCount()
        step = 100.0 / total if total > 0 else 0.0
        read_share = 0.3
        records = []  # (feature, vertices or None)
        xs: list = []
        ys: list = []
        without_geometry = []
        for i, feat in enumerate(features):
            if feedback.isCanceled():
                raise CancelledError()
            geom = feat.geometry()
            if geom is None or geom.isNull() or geom.isEmpty():
                records.append((feat, None))
                without_geometry.append(feat.id())
            else:
                vertices = list(geom.vertices())
                records.append((feat, vertices))
                for v in vertices:
                    xs.append(v.x())
                    ys.append(v.y())
            feedback.setProgress(i * step * read_share)

        # 2. convert all coordinates at once
        converted = convert_coordinates(np.asarray(xs, dtype=float), np.asarray(ys, dtype=float),
                                        source_system, target_system)
        out_x = converted.lon.tolist()
        out_y = converted.lat.tolist()
        outside = converted.outside_china
        feedback.setProgress(100.0 * (read_share + 0.05))
        if feedback.isCanceled():
            raise CancelledError()

        # 3. move every vertex to its converted position (Z and M kept)
        rebuild_start = 100.0 * (read_share + 0.05)
        rebuild_share = 0.4
        output_geometries = []
        outside_ids, partly_outside_ids = [], []
        converted_count = 0
        k = 0
        for i, (feat, vertices) in enumerate(records):
            if feedback.isCanceled():
                raise CancelledError()
            if vertices is None:
                output_geometries.append(None)
                continue
            n = len(vertices)
            n_outside = int(np.count_nonzero(outside[k:k + n]))
            if n_outside == n:
                outside_ids.append(feat.id())
                output_geometries.append(None)  # unchanged
                k += n
                continue
            if n_outside:
                partly_outside_ids.append(feat.id())
            geom = QgsGeometry(feat.geometry())
            for j, v in enumerate(vertices):
                v.setX(out_x[k + j])
                v.setY(out_y[k + j])
                if not geom.moveVertex(v, j):
                    raise QgsProcessingException(
                        tr("Layer '{}', feature {}: could not move vertex {} of its geometry.").format(
                            name, feat.id(), j
                        )
                    )
            k += n
            output_geometries.append(geom)
            converted_count += 1
            feedback.setProgress(rebuild_start + i * step * rebuild_share)
        if feedback.isCanceled():
            raise CancelledError()

        # 4. write; a cancel while writing removes what was written (the base closes and removes the output)
        sink, dest = self.parameterAsSink(
            parameters, self.OUTPUT, context, source.fields(), source.wkbType(), crs
        )
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        write_start = rebuild_start + 100.0 * rebuild_share
        write_share = 100.0 - write_start
        for i in range(len(records)):
            if i % 500 == 0 and feedback.isCanceled():
                raise CancelledError()
            feat, geom = records[i][0], output_geometries[i]
            # (each feature is let go once written: freeing 200,000 of them at the end would be a stretch of
            # ~0.5 s that no cancel check can break)
            records[i] = output_geometries[i] = None
            if geom is not None:
                feat.setGeometry(geom)
            if not sink.addFeature(feat, QgsFeatureSink.Flag.FastInsert):
                raise QgsProcessingException(
                    tr("Could not write feature {} of layer '{}': {}").format(feat.id(), name, sink.lastError())
                )
            if total > 0 and i % 500 == 0:
                feedback.setProgress(write_start + write_share * (i + 1) / len(records))

        # 5. report
        feedback.pushInfo(
            tr("Layer '{}': {} feature(s) converted from {} to {}.").format(
                name, converted_count, SYSTEM_LABELS[source_system], SYSTEM_LABELS[target_system]
            )
        )
        if outside_ids:
            feedback.reportError(
                tr(
                    "{} feature(s) lie outside China, where GCJ-02 and BD-09 equal WGS 84, and were left "
                    "unchanged (feature ids {})."
                ).format(len(outside_ids), _id_list(outside_ids)),
                False,
            )
        if partly_outside_ids:
            feedback.reportError(
                tr(
                    "{} feature(s) cross the edge of China's bounding box: their vertices outside it were left "
                    "unchanged (feature ids {})."
                ).format(len(partly_outside_ids), _id_list(partly_outside_ids)),
                False,
            )
        if without_geometry:
            feedback.pushInfo(
                tr("{} feature(s) without geometry (null or empty) passed through unchanged (feature ids {}).").format(
                    len(without_geometry), _id_list(without_geometry)
                )
            )
        feedback.setProgress(100)
        return {
            self.OUTPUT: dest,
            self.CONVERTED_FEATURES: converted_count,
            self.OUTSIDE_CHINA: len(outside_ids),
            self.PARTLY_OUTSIDE_CHINA: len(partly_outside_ids),
            self.WITHOUT_GEOMETRY: len(without_geometry),
        }


def _id_list(ids: list) -> str:
    shown = ", ".join(str(i) for i in ids[:_LISTED_IDS])
    return shown + (" …" if len(ids) > _LISTED_IDS else "")
