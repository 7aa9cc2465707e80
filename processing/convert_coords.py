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
    # progress: reading 0–30 %, converting to 35 %, moving vertices 35–75 %, writing 75–100 %
    READ_SHARE = 0.3
    REBUILD_SHARE = 0.4

    def process(self, parameters, context, feedback):
        import numpy as np

        from ..lifecircle_plugin.core.coords import OUTSIDE, PARTLY_OUTSIDE, convert_coordinates, feature_outcomes
        from ..lifecircle_plugin.core.errors import CancelledError

        source_system, target_system = self._systems(parameters, context)
        if source_system == target_system:
            raise QgsProcessingException(self._same_system_message(source_system))
        source, name = self.source_or_fail(parameters, self.INPUT, context, tr("input"))
        crs = self._geographic_crs(source, name, source_system, feedback)
        # 1. read every feature and its vertices (nothing is written until everything is converted)
        records, xs, ys = self._read_vertices(source, feedback)
        # 2. convert all coordinates at once
        converted = convert_coordinates(np.asarray(xs, dtype=float), np.asarray(ys, dtype=float),
                                        source_system, target_system)
        feedback.setProgress(100.0 * (self.READ_SHARE + 0.05))
        if feedback.isCanceled():
            raise CancelledError()
        with_vertices = [(feat, vertices) for feat, vertices in records if vertices is not None]
        outcomes = feature_outcomes([len(v) for _, v in with_vertices], converted.outside_china)
        # 3. move every vertex to its converted position (Z and M kept)
        geometries = self._moved_geometries(records, outcomes, converted, name, feedback, source.featureCount())
        ids = {k: [f.id() for (f, _), o in zip(with_vertices, outcomes) if o == k] for k in (OUTSIDE, PARTLY_OUTSIDE)}
        without_geometry = [f.id() for f, vertices in records if vertices is None]
        del with_vertices  # (the writer lets each feature go once written)
        # 4. write; a cancel while writing removes what was written (the base closes and removes the output)
        dest = self._write(parameters, context, source, crs, records, geometries, name, feedback)
        # 5. report
        converted_count = len(outcomes) - len(ids[OUTSIDE])
        self._report(name, source_system, target_system, converted_count, ids, without_geometry, feedback)
        feedback.setProgress(100)
        return {
            self.OUTPUT: dest,
            self.CONVERTED_FEATURES: converted_count,
            self.OUTSIDE_CHINA: len(ids[OUTSIDE]),
            self.PARTLY_OUTSIDE_CHINA: len(ids[PARTLY_OUTSIDE]),
            self.WITHOUT_GEOMETRY: len(without_geometry),
        }

    def _geographic_crs(self, source, name: str, source_system: str, feedback):
        """The layer's CRS, refused when missing or projected; a geographic CRS other than WGS 84 / CGCS2000 is
        noted (its coordinates are taken as they are)."""
        from ..lifecircle_plugin.core.coords import SYSTEM_LABELS

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
        return crs

    def _read_vertices(self, source, feedback):
        """([(feature, its vertices, or None without geometry)], all x, all y), the vertices in feature order.

        Coordinate conversion needs no valid geometry: like QGIS's own "Reproject layer", it does not drop invalid
        features."""
        from ..lifecircle_plugin.core.errors import CancelledError

        features = source.getFeatures(QgsFeatureRequest(),
                                      QgsProcessingFeatureSource.Flag.FlagSkipGeometryValidityChecks)
        total = source.featureCount()
        step = 100.0 / total if total > 0 else 0.0
        records = []
        xs: list = []
        ys: list = []
        for i, feat in enumerate(features):
            if feedback.isCanceled():
                raise CancelledError()
            geom = feat.geometry()
            if geom is None or geom.isNull() or geom.isEmpty():
                records.append((feat, None))
            else:
                vertices = list(geom.vertices())
                records.append((feat, vertices))
                for v in vertices:
                    xs.append(v.x())
                    ys.append(v.y())
            feedback.setProgress(i * step * self.READ_SHARE)
        return records, xs, ys

    def _moved_geometries(self, records, outcomes, converted, name: str, feedback, total: int) -> list:
        """Per record, its geometry with every vertex moved to the converted position (Z and M kept); None for a
        feature left as it is (no geometry, or wholly outside China)."""
        from ..lifecircle_plugin.core.coords import OUTSIDE
        from ..lifecircle_plugin.core.errors import CancelledError

        out_x, out_y = converted.lon.tolist(), converted.lat.tolist()
        start = 100.0 * (self.READ_SHARE + 0.05)
        step = 100.0 / total if total > 0 else 0.0
        geometries = []
        outcome = iter(outcomes)
        k = 0
        for i, (feat, vertices) in enumerate(records):
            if feedback.isCanceled():
                raise CancelledError()
            if vertices is None:
                geometries.append(None)
                continue
            n = len(vertices)
            if next(outcome) == OUTSIDE:
                geometries.append(None)  # unchanged
                k += n
                continue
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
            geometries.append(geom)
            feedback.setProgress(start + i * step * self.REBUILD_SHARE)
        if feedback.isCanceled():
            raise CancelledError()
        return geometries

    def _write(self, parameters, context, source, crs, records, geometries, name: str, feedback) -> str:
        """Writes every feature, converted or as it was, to OUTPUT; returns its destination."""
        from ..lifecircle_plugin.core.errors import CancelledError

        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, source.fields(), source.wkbType(), crs)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        write_start = 100.0 * (self.READ_SHARE + 0.05 + self.REBUILD_SHARE)
        write_share = 100.0 - write_start
        total = source.featureCount()
        for i in range(len(records)):
            if i % 500 == 0 and feedback.isCanceled():
                raise CancelledError()
            feat, geom = records[i][0], geometries[i]
            # (each feature is let go once written: freeing 200,000 of them at the end would be a stretch of
            # ~0.5 s that no cancel check can break)
            records[i] = geometries[i] = None
            if geom is not None:
                feat.setGeometry(geom)
            if not sink.addFeature(feat, QgsFeatureSink.Flag.FastInsert):
                raise QgsProcessingException(
                    tr("Could not write feature {} of layer '{}': {}").format(feat.id(), name, sink.lastError())
                )
            if total > 0 and i % 500 == 0:
                feedback.setProgress(write_start + write_share * (i + 1) / len(records))
        return dest

    @staticmethod
    def _report(name: str, source_system: str, target_system: str, converted_count: int, ids: dict,
                without_geometry: list, feedback) -> None:
        """Logs what was converted, and lists the features left (partly) unchanged or without geometry."""
        from ..lifecircle_plugin.core.coords import OUTSIDE, PARTLY_OUTSIDE, SYSTEM_LABELS

        feedback.pushInfo(
            tr("Layer '{}': {} feature(s) converted from {} to {}.").format(
                name, converted_count, SYSTEM_LABELS[source_system], SYSTEM_LABELS[target_system]
            )
        )
        if ids[OUTSIDE]:
            feedback.reportError(
                tr(
                    "{} feature(s) lie outside China, where GCJ-02 and BD-09 equal WGS 84, and were left "
                    "unchanged (feature ids {})."
                ).format(len(ids[OUTSIDE]), _id_list(ids[OUTSIDE])),
                False,
            )
        if ids[PARTLY_OUTSIDE]:
            feedback.reportError(
                tr(
                    "{} feature(s) cross the edge of China's bounding box: their vertices outside it were left "
                    "unchanged (feature ids {})."
                ).format(len(ids[PARTLY_OUTSIDE]), _id_list(ids[PARTLY_OUTSIDE])),
                False,
            )
        if without_geometry:
            feedback.pushInfo(
                tr("{} feature(s) without geometry (null or empty) passed through unchanged (feature ids {}).").format(
                    len(without_geometry), _id_list(without_geometry)
                )
            )


def _id_list(ids: list) -> str:
    shown = ", ".join(str(i) for i in ids[:_LISTED_IDS])
    return shown + (" …" if len(ids) > _LISTED_IDS else "")
