"""QGIS layers <-> plain Python for the core: geometries as shapely objects in a metric working CRS.

Data flows one way: QGIS source -> bridge -> core -> bridge -> sink. The bridge owns CRS handling: geographic
input is read in a local projected CRS (UTM, or the CGCS2000 Gauss-Krüger zone for CGCS2000 data) and results
are written back in the input CRS.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Optional, Sequence

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCsException,
    QgsFeature,
    QgsFeatureRequest,
    QgsFeatureSink,
    QgsGeometry,
    QgsPointXY,
    QgsProcessingException,
    QgsWkbTypes,
)

from qgis.PyQt.QtCore import QDate, QDateTime, QTime, QVariant

from .core.crs import SCALE_TOLERANCE, local_projected_epsg, scale_error
from .core.errors import LifeCircleError
from .messages import plain_values
from .qgis_compat import metre_unit


@dataclass
class LayerData:
    """What the core needs of one input layer."""

    name: str
    geometries: list  # shapely geometries in the working CRS (None where the feature has none)
    attributes: dict  # field name -> list of values (None for NULL)
    fids: list
    skipped_invalid: int = 0
    extra: dict = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.fids)


def layer_label(source, fallback: str) -> str:
    try:
        name = source.sourceName()
    except AttributeError:
        name = ""
    return name or fallback


def working_crs(source, context, feedback, name: str) -> QgsCoordinateReferenceSystem:
    """A projected CRS in metres that is true at ``source``'s data, to measure it in: its own CRS when that is
    projected in metres with a scale error within 0.1 % over the layer's extent, otherwise the local working CRS
    (the CGCS2000 Gauss–Krüger zone of the data in China, UTM elsewhere) — with a log line saying which and why."""
    crs = source.sourceCrs()
    if not crs.isValid():
        raise QgsProcessingException(
            f"Layer '{name}' has no coordinate reference system. Set its CRS (Layer Properties › Source) "
            "and run again: distances need to be measured in metres."
        )
    extent = source.sourceExtent()
    if extent.isEmpty() and extent.width() == 0 and extent.height() == 0 and source.featureCount() == 0:
        raise QgsProcessingException(f"Layer '{name}' is empty.")
    if not all(math.isfinite(v) for v in (extent.xMinimum(), extent.yMinimum(), extent.xMaximum(),
                                          extent.yMaximum())):
        return crs  # no feature has a geometry (QGIS 3.40 gives a NaN extent): nothing to measure; said downstream
    why = None
    if crs.isGeographic():
        why = f"is in geographic coordinates ({crs.authid()})"
    elif crs.mapUnits() != metre_unit():
        why = f"is in {crs.authid() or crs.description()}, whose units are not metres"
    else:
        scales = _scales_over(crs, extent, context, name)
        if scale_error(scales) <= SCALE_TOLERANCE:
            return crs
        low, high = min(scales), max(scales)
        why = (f"is in {crs.authid() or crs.description()}, whose lengths at the data are off by up to "
               f"{scale_error(scales):.2%} (scale {low:.4f}–{high:.4f}; tolerance {SCALE_TOLERANCE:.1%})")
    target = QgsCoordinateReferenceSystem(f"EPSG:{_local_epsg(crs, extent, context, name)}")
    feedback.pushInfo(
        f"Layer '{name}' {why}; distances are measured in {target.authid()} ({target.description()}) and results "
        f"are written back in {crs.authid() or crs.description()}."
    )
    return target


def _local_epsg(crs, extent, context, name: str) -> int:
    """The local working CRS for data whose extent (in ``crs``) is ``extent``: from its centre's lon/lat."""
    to_wgs = QgsCoordinateTransform(crs, QgsCoordinateReferenceSystem("EPSG:4326"), context.transformContext())
    try:
        centre = to_wgs.transform(extent.center())
        return local_projected_epsg(centre.x(), centre.y())
    except (QgsCsException, ValueError):
        raise LifeCircleError(_not_in_its_crs(crs, extent, name)) from None


def _not_in_its_crs(crs, extent, name: str) -> str:
    kind = "a longitude/latitude CRS" if crs.isGeographic() else "a projected CRS"
    units = "longitudes and latitudes" if crs.isGeographic() else "coordinates of that projection"
    return (f"Layer '{name}' is in {crs.authid() or crs.description()}, {kind}, but its coordinates "
            f"({extent.center().x():.6g}, {extent.center().y():.6g} at the centre) are not {units}: the layer's CRS "
            "is wrong. Set the CRS its coordinates are in (Layer Properties › Source) and run again.")


def _scales_over(crs, extent, context, name: str) -> list:
    """Scale factors (planar length / length on the ellipsoid) of ``crs`` at the centre, corners and edge midpoints
    of ``extent``, along x and along y (both: a projection that is not conformal stretches them differently)."""
    from qgis.core import QgsDistanceArea

    da = QgsDistanceArea()
    da.setSourceCrs(crs, context.transformContext())
    da.setEllipsoid(crs.ellipsoidAcronym() or "EPSG:7019")
    step = min(1000.0, max(10.0, max(extent.width(), extent.height()) / 50.0))
    scales = []
    for fx in (0.0, 0.5, 1.0):
        for fy in (0.0, 0.5, 1.0):
            x = extent.xMinimum() + fx * extent.width()
            y = extent.yMinimum() + fy * extent.height()
            for dx, dy in ((step, 0.0), (0.0, step)):
                try:
                    true_length = da.measureLine(QgsPointXY(x, y), QgsPointXY(x + dx, y + dy))
                except QgsCsException:
                    raise LifeCircleError(_not_in_its_crs(crs, extent, name)) from None
                if not true_length > 0:  # (NaN or 0: outside the projection's domain)
                    raise LifeCircleError(_not_in_its_crs(crs, extent, name))
                scales.append(step / true_length)
    return scales


def qgs_to_shapely(geometry: QgsGeometry):
    """A QgsGeometry as a 2D shapely geometry (curves segmentised, Z/M dropped); None if null/empty."""
    from shapely import wkb

    if geometry is None or geometry.isNull() or geometry.isEmpty():
        return None
    g = straight(geometry) if QgsWkbTypes.isCurvedType(geometry.wkbType()) else QgsGeometry(geometry)
    abstract = g.get()
    abstract.dropZValue()
    abstract.dropMValue()
    return wkb.loads(bytes(g.asWkb()))


def qgs_to_wkb(geometry: QgsGeometry):
    """WKB bytes of a geometry (curves segmentised; Z/M kept, the reader drops them); None if null/empty."""
    if geometry is None or geometry.isNull() or geometry.isEmpty():
        return None
    if QgsWkbTypes.isCurvedType(geometry.wkbType()):
        geometry = straight(geometry)
    return bytes(geometry.asWkb())


def straight(geometry: QgsGeometry) -> QgsGeometry:
    """Curves as straight segments. (convertToStraightSegment leaves a CompoundCurve of straight parts as a
    curve type; segmentize always gives LineString/Polygon types.)"""
    return QgsGeometry(geometry.constGet().segmentize())


def shapely_to_qgs(geom) -> QgsGeometry:
    """A shapely geometry (or WKB bytes) as a QgsGeometry; a null geometry for None or empty."""
    if geom is None:
        return QgsGeometry()
    if not isinstance(geom, (bytes, bytearray)):
        if geom.is_empty:
            return QgsGeometry()
        geom = geom.wkb
    g = QgsGeometry()
    g.fromWkb(geom)
    return g


def read_source(
    source,
    name: str,
    target_crs: QgsCoordinateReferenceSystem,
    context,
    feedback=None,
    fields: Sequence[str] = (),
    as_wkb: bool = False,
    checked: bool = False,
) -> LayerData:
    """Reads ``source`` (a QgsProcessingFeatureSource) into shapely geometries in ``target_crs``.

    With ``as_wkb`` the geometries are WKB bytes (curves segmentised) instead: the network engine parses
    them itself, much faster than building shapely objects one by one.
    The context's invalid-geometry setting applies as in QGIS's own algorithms; skipped features are counted.
    ``checked``: the source's geometries were already checked under "stop on invalid features" (the
    algorithm's ``source_or_fail`` names every invalid one before reading), so the reading does not check them a
    second time.
    """
    _require_fields(source, name, fields)
    request = QgsFeatureRequest()
    request.setDestinationCrs(target_crs, context.transformContext())
    wanted = [f for f in fields if f]
    request.setSubsetOfAttributes(wanted, source.fields())
    index = [source.fields().lookupField(f) for f in wanted]  # (by index: a name lookup a feature costs)
    curved = QgsWkbTypes.isCurvedType(source.wkbType())
    to_geometry = (lambda g: qgs_to_wkb(g) if curved else _wkb_of(g)) if as_wkb else qgs_to_shapely
    geoms, fids = [], []
    columns: list[list] = [[] for _ in wanted]
    total = source.featureCount()
    cancelled = False
    for feat in features_of(source, request, checked and aborts_on_invalid(context)):
        if feedback is not None and feedback.isCanceled():
            cancelled = True
            break
        fids.append(feat.id())
        geoms.append(to_geometry(feat.geometry()) if feat.hasGeometry() else None)
        if index:
            values = feat.attributes()
            for column, i in zip(columns, index):
                column.append(plain_value(values[i]))
    skipped = _finish_reading(cancelled, total, len(fids), name, feedback)
    attrs = dict(zip(wanted, columns))
    return LayerData(name=name, geometries=geoms, attributes=attrs, fids=fids, skipped_invalid=skipped)


def _wkb_of(geometry: QgsGeometry):
    """WKB bytes of a geometry of a layer without curves; None if empty."""
    return None if geometry.isEmpty() else bytes(geometry.asWkb())


def aborts_on_invalid(context) -> bool:
    """The Processing setting "Invalid features filtering" is "stop the algorithm"."""
    return context.invalidGeometryCheck() == QgsFeatureRequest.InvalidGeometryCheck.GeometryAbortOnInvalid


def features_of(source, request, skip_checks: bool):
    """The source's features; without its own validity check when ``skip_checks``."""
    if not skip_checks:
        return source.getFeatures(request)
    from qgis.core import QgsProcessingFeatureSource

    return source.getFeatures(request, QgsProcessingFeatureSource.Flag.FlagSkipGeometryValidityChecks)


def _require_fields(source, name: str, fields: Sequence[str]) -> None:
    missing = [f for f in fields if f and source.fields().lookupField(f) < 0]
    if missing:
        raise QgsProcessingException(
            f"Layer '{name}' has no field {', '.join(repr(m) for m in missing)} "
            f"(fields: {', '.join(source.fields().names())})."
        )


def _finish_reading(cancelled: bool, total: int, read: int, name: str, feedback) -> int:
    """Raises on cancel; otherwise reports (and returns) how many features the invalid-geometry filter skipped."""
    if cancelled:
        from .core.errors import CancelledError

        raise CancelledError()
    skipped = max(0, total - read) if total >= 0 else 0
    if skipped and feedback is not None:
        feedback.reportError(
            f"Layer '{name}': {skipped} feature(s) with invalid geometry were skipped "
            "(Processing setting 'Invalid features filtering').",
            False,
        )
    return skipped


def plain_value(value: Any) -> Any:
    """A feature attribute as a plain Python value: NULL (a null QVariant) → None; QDateTime, QDate, QTime →
    datetime, date, time (None when invalid); everything else unchanged. The one converter of the plugin."""
    if value is None or isinstance(value, (int, float, str, bool)):
        return value
    if isinstance(value, QVariant):
        if value.isNull():
            return None
        value = value.value()
    if isinstance(value, QDateTime):
        return value.toPyDateTime() if value.isValid() else None
    if isinstance(value, QDate):
        return value.toPyDate() if value.isValid() else None
    if isinstance(value, QTime):
        return value.toPyTime() if value.isValid() else None
    return value


def back_transform(working: QgsCoordinateReferenceSystem, output: QgsCoordinateReferenceSystem, context):
    if working == output:
        return None
    return QgsCoordinateTransform(working, output, context.transformContext())


def write_features(sink, fields, rows, geometries, transform: Optional[QgsCoordinateTransform], feedback=None,
                   progress=None, batch: int = 2000):
    """Writes rows (lists of attribute values) with geometries (shapely, WKB bytes or None) to a sink, in order,
    in batches; ``progress`` gets the fraction written. A cancel (seen through the feedback, or by the guarded
    sink of the algorithm's base) stops the writing; the base then removes the partial output."""
    from .core.errors import CancelledError

    from .core.network import wkb_list

    n = len(rows)
    wkbs = wkb_list(geometries)
    pending = []
    first = 0
    for i, (row, wkb) in enumerate(zip(rows, wkbs)):
        f = QgsFeature(fields)
        if wkb:
            g = QgsGeometry()
            g.fromWkb(wkb)
            if transform is not None:
                g.transform(transform)
            f.setGeometry(g)
        f.setAttributes(plain_values(row))
        pending.append(f)
        if len(pending) >= batch or i == n - 1:
            if feedback is not None and feedback.isCanceled():
                raise CancelledError()
            if not sink.addFeatures(pending, QgsFeatureSink.Flag.FastInsert):
                raise QgsProcessingException(
                    f"Could not write features {first + 1}–{i + 1} of {n}: {sink.lastError()}")
            first = i + 1
            pending = []
            if progress is not None:
                progress((i + 1) / n)


@dataclass
class PointLayer:
    """A point or polygon layer read for snapping: one location per feature (a polygon's point on surface)
    in the working CRS, plus the original features (geometry in the layer's CRS, all attributes) for output."""

    name: str
    xy: Any  # numpy (n, 2), NaN rows for features without geometry
    features: list  # QgsFeature, as read
    fields: Any  # QgsFields
    crs: QgsCoordinateReferenceSystem
    wkb_type: int = 0
    skipped_invalid: int = 0
    #: ids of features with invalid geometry, when read ``checked`` under "stop on invalid features" (the caller
    #: refuses them); empty otherwise
    invalid: list = field(default_factory=list)

    def values(self, field_name: str) -> list:
        i = self.fields.lookupField(field_name)
        if i < 0:
            return [plain_value(f[field_name]) for f in self.features]  # (raises KeyError naming the field)
        return [plain_value(f.attribute(i)) for f in self.features]

    @property
    def fids(self) -> list:
        if getattr(self, "_fids", None) is None or len(self._fids) != len(self.features):
            self._fids = [f.id() for f in self.features]
        return self._fids


def whole_area_hull(layer: "PointLayer", check=None):
    """The convex hull of all of ``layer``'s features (in the layer's CRS): the whole-area unit when no units are
    given. Made 20,000 features at a time (``check`` — raising CancelledError on a cancel — between them) and
    then from the chunks' hull vertices: the same hull. An empty geometry when it is not a polygon (one resident,
    or all on one line)."""
    vertices = []
    feats = layer.features
    for k in range(0, len(feats), 20000):
        if check is not None:
            check()
        geoms = [f.geometry() for f in feats[k:k + 20000] if f.hasGeometry()]
        if geoms:
            part = QgsGeometry.collectGeometry(geoms).convexHull()  # (kept alive while its vertices are read)
            vertices += [QgsPointXY(v.x(), v.y()) for v in part.vertices()]
    hull = QgsGeometry.fromMultiPointXY(vertices).convexHull() if vertices else QgsGeometry()
    if hull.isNull() or QgsWkbTypes.geometryType(hull.wkbType()) != QgsWkbTypes.GeometryType.PolygonGeometry:
        return QgsGeometry()
    return hull


def read_points(source, name: str, target_crs, context, feedback=None, fields: Sequence[str] = (),
                checked: bool = False) -> PointLayer:
    """Reads every feature of ``source`` with all its attributes; the location of each (a point, or a
    polygon's/line's point on surface) is transformed to ``target_crs``. A layer of single 2D points (residents,
    facilities: the large ones) has its locations parsed in bulk (:mod:`point_wkb`).

    ``checked``: under "stop on invalid features" the layer is read without QGIS's own check (which unwinds
    through Python on 3.22) and each geometry is checked in the same pass, the invalid ones listed in
    ``invalid`` for the caller to refuse — one pass over the layer instead of a check and then a read."""
    import numpy as np

    _require_fields(source, name, fields)
    check = checked and aborts_on_invalid(context)
    read = None
    if source.wkbType() == QgsWkbTypes.Type.Point:
        from .point_wkb import single_points

        read = single_points(source, target_crs, context, feedback, check)
    feats, xy, cancelled, invalid = read if read is not None else _points_one_by_one(
        source, name, target_crs, context, feedback, check)
    skipped = _finish_reading(cancelled, source.featureCount(), len(feats), name, feedback)
    return PointLayer(name=name, xy=np.asarray(xy, dtype=float).reshape(-1, 2), features=feats,
                      fields=source.fields(), crs=source.sourceCrs(), wkb_type=source.wkbType(),
                      skipped_invalid=skipped, invalid=invalid)


def is_invalid(geometry) -> bool:
    """What "stop on invalid features" stops on: a geometry that is there and that GEOS finds invalid."""
    return geometry is not None and not geometry.isNull() and not geometry.isGeosValid()


def _points_one_by_one(source, name: str, target_crs, context, feedback, check: bool = False):
    """(features, locations, cancelled, invalid feature ids — with ``check``), feature by feature: a point, or a
    polygon's/line's point on surface in the working CRS; a location that cannot be transformed is named."""
    import numpy as np

    transform = QgsCoordinateTransform(source.sourceCrs(), target_crs, context.transformContext())
    bad_transform = None
    feats, xy, invalid = [], [], []
    cancelled = False
    for feat in features_of(source, QgsFeatureRequest(), check):
        if feedback is not None and feedback.isCanceled():
            cancelled = True
            break
        feats.append(QgsFeature(feat))
        g = feat.geometry()
        if check and is_invalid(g):
            invalid.append(feat.id())
        if g is None or g.isNull() or g.isEmpty():
            xy.append((np.nan, np.nan))
            continue
        try:
            if QgsWkbTypes.flatType(g.wkbType()) == QgsWkbTypes.Type.Point:
                p = transform.transform(g.asPoint())
            else:  # the point on surface in the working CRS: the same point whatever CRS the layer is in
                g = QgsGeometry(g)
                g.transform(transform)
                p = g.pointOnSurface().asPoint()
        except QgsCsException:
            p = feat.geometry().boundingBox().center()
            bad_transform = (feat.id(), p.x(), p.y())
            break
        xy.append((p.x(), p.y()))
    if bad_transform is not None:
        crs = source.sourceCrs()
        raise LifeCircleError(
            f"Layer '{name}', feature {bad_transform[0]}: ({bad_transform[1]:.6g}, {bad_transform[2]:.6g}) cannot be "
            f"transformed from {crs.authid() or crs.description()} to {target_crs.authid()}. Is the layer's CRS "
            "right? Set the CRS its coordinates are in (Layer Properties › Source) and run again.")
    return feats, xy, cancelled, invalid


def write_rows(sink, fields, features, extra_rows, feedback=None, geometries=None):
    """Writes each input feature (its geometry, or ``geometries[i]`` when given, and attributes) followed by
    the values of ``extra_rows[i]``."""
    for i, (feat, extra) in enumerate(zip(features, extra_rows)):
        f = QgsFeature(fields)
        f.setGeometry(geometries[i] if geometries is not None else feat.geometry())
        f.setAttributes(list(feat.attributes()) + plain_values(extra))
        if not sink.addFeature(f, QgsFeatureSink.Flag.FastInsert):
            raise QgsProcessingException(f"Could not write feature {feat.id()}: {sink.lastError()}")


def _output_path(destination: str) -> str:
    """The file behind a Processing destination ('x.gpkg', 'x.gpkg|layername=t', "ogr:dbname='x.gpkg' …")."""
    d = destination or ""
    if d.startswith("ogr:"):
        import re

        m = re.search(r"dbname='([^']*)'", d)
        return m.group(1) if m else ""
    return d.split("|", 1)[0]


def output_file(destination: str) -> str:
    """The file (absolute, in the system's case) an output destination writes; '' for a temporary layer or a
    database table."""
    import os

    from .output_staging import names_a_provider

    path = _output_path(destination)
    if not path or not os.path.splitext(path)[1] or names_a_provider(path):
        return ""
    return os.path.normcase(os.path.abspath(path))


def output_existed(destination: str) -> bool:
    """Whether the file of ``destination`` exists already (then a cancelled run must not delete it)."""
    import os

    path = _output_path(destination)
    return bool(path) and os.path.exists(path)


def discard_output(destination: str, context, existed: bool) -> None:
    """Removes what a cancelled run wrote to ``destination``: a file it created, or its temporary layer."""
    store = context.temporaryLayerStore()
    if store.mapLayer(destination) is not None:
        store.removeMapLayer(destination)
        return
    remove_output_file(destination, existed)


def remove_output_file(destination: str, existed: bool) -> None:
    """Removes the file a run created for ``destination`` (nothing when the file ``existed`` before the run),
    with SQLite's side files and, for a shapefile, its sidecars. Touches no QGIS object, so that it can run in
    the thread that closed the file."""
    import os

    path = _output_path(destination)
    if not path or existed:
        return
    side = [path + "-wal", path + "-shm", path + "-journal"]
    stem, ext = os.path.splitext(path)
    if ext.lower() == ".shp":
        side += [stem + e for e in (".shx", ".dbf", ".prj", ".cpg", ".qpj", ".qix", ".sbn", ".sbx")]
    for p in [path] + side:
        if os.path.exists(p):
            os.remove(p)
    from .output_staging import remove_staging_folder

    remove_staging_folder(path)  # (a staged GeoPackage's folder of its own)