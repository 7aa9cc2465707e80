"""Reading a walking network's lines straight out of its GeoPackage, a column at a time (issue 21 §1).

Through a Processing feature source every one of a district's 200,000 street lines becomes a QgsFeature, its
geometry and class value copied one by one: about 1.7 s, where GDAL's columnar reader (``GetArrowStreamAsNumPy``,
GDAL ≥ 3.6) hands the same WKB, ids and values over in about 0.3 s. It is used only when it reads exactly what
the feature source would:

- the parameter is a GeoPackage layer read whole through QGIS's OGR provider: no selection, feature limit,
  filter expression, subset string or per-input geometry check, and not in edit mode (the edit buffer is QGIS's);
- no coordinate transform (the layer is in the working CRS), no curves (QGIS segmentises those);
- the invalid-geometry setting does not skip features (under "stop on invalid features" the network's lines are
  checked on the WKB read, as on the other path);
- the fields asked for are text, integer or real (GeoPackage text is UTF-8: no layer encoding to honour; booleans
  are left to QGIS: GDAL 3.6 unpacks a column of them wrongly).

Anything else — or any surprise from GDAL — returns None, and the caller reads the feature source as before.
"""

from __future__ import annotations

from typing import Optional, Sequence

from .qgis_bridge import LayerData

#: OGR field types read here (others: the feature source)
_PLAIN_TYPES = ("OFTString", "OFTInteger", "OFTInteger64", "OFTReal")


def read_lines_from_gpkg(layer, parameter_value, name: str, target_crs, context,
                         fields: Sequence[str]) -> Optional[LayerData]:
    """The layer's features as :class:`LayerData` named ``name`` (WKB geometries, ids, the ``fields``' values),
    read with GDAL's columnar reader when that gives what the Processing feature source would (see the module's
    docstring), else None."""
    try:
        where = _plain_gpkg_layer(layer, parameter_value, target_crs, context)
        return None if where is None else _read_columns(name, where, [f for f in fields if f])
    except Exception:  # (an older GDAL or QGIS API, a locked file, a type it converts differently: the other path)
        return None


def _plain_gpkg_layer(layer, parameter_value, target_crs, context) -> Optional[tuple]:
    """(path, layer name or index) of a whole GeoPackage layer read without transform, or None."""
    from qgis.core import (
        QgsFeatureRequest,
        QgsProcessingFeatureSourceDefinition,
        QgsProviderRegistry,
        QgsVectorLayer,
        QgsWkbTypes,
    )

    if not isinstance(layer, QgsVectorLayer) or layer.providerType() != "ogr":
        return None
    if layer.isEditable() or layer.subsetString() or layer.crs() != target_crs:
        return None
    if QgsWkbTypes.isCurvedType(layer.wkbType()):
        return None
    if isinstance(parameter_value, QgsProcessingFeatureSourceDefinition):
        # (any flag — an own geometry check, one output per feature — is the feature source's to honour)
        if (parameter_value.selectedFeaturesOnly or parameter_value.featureLimit >= 0
                or getattr(parameter_value, "filterExpression", "") or int(parameter_value.flags)):
            return None
    check = context.invalidGeometryCheck()
    if check == QgsFeatureRequest.InvalidGeometryCheck.GeometrySkipInvalid:
        return None
    parts = QgsProviderRegistry.instance().decodeUri("ogr", layer.source())
    path = parts.get("path") or ""
    if not path.lower().endswith(".gpkg"):
        return None
    return path, parts.get("layerName") or parts.get("layerId") or 0


def _read_columns(name: str, where: tuple, wanted: list) -> Optional[LayerData]:
    from osgeo import ogr

    path, which = where
    ds = ogr.Open(path, 0)
    if ds is None or ds.GetDriver().GetName() != "GPKG":
        return None
    lyr = ds.GetLayerByName(which) if isinstance(which, str) else ds.GetLayer(int(which))
    reader = _columnar_reader(lyr) if lyr is not None else None
    if reader is None:
        return None
    defn = lyr.GetLayerDefn()
    field_defs = [defn.GetFieldDefn(i) for i in range(defn.GetFieldCount())]
    types = {d.GetName(): (d.GetType(), d.GetSubType()) for d in field_defs}
    plain = {(getattr(ogr, t), ogr.OFSTNone) for t in _PLAIN_TYPES}
    if any(types.get(f) not in plain for f in wanted):
        return None
    lyr.SetIgnoredFields([f for f in types if f not in wanted])
    fid_column, geom_column = lyr.GetFIDColumn() or "OGC_FID", lyr.GetGeometryColumn() or "wkb_geometry"
    fids: list = []
    geometries: list = []
    columns: dict = {f: [] for f in wanted}
    for batch in reader(options=["INCLUDE_FID=YES", "MAX_FEATURES_IN_BATCH=65536"]):
        fids += [int(v) for v in _python_values(batch[fid_column])]
        geometries += [_line_wkb(g) for g in _python_values(batch[geom_column])]
        for f in wanted:
            columns[f] += _python_values(batch[f], text=types[f][0] == ogr.OFTString)
    if len(fids) != lyr.GetFeatureCount():
        return None
    return LayerData(name=name, geometries=geometries, attributes=columns, fids=fids)


def _columnar_reader(lyr):
    """GDAL's columnar reader of an OGR layer (GDAL ≥ 3.6), or None."""
    return getattr(lyr, "GetArrowStreamAsNumPy", None)


def _python_values(column, text: bool = False) -> list:
    """A column of a record batch as plain Python values, None where masked (NULL); text decoded from UTF-8."""
    import numpy as np

    data = np.ma.getdata(column)
    if data.dtype.kind == "V":  # (binary values all of one length come as a fixed-width void array)
        values = [bytes(v) for v in data]
    elif data.dtype.kind in "biufSUO":
        values = data.tolist()
    else:
        raise TypeError(f"unexpected column type {data.dtype}")
    if text:
        values = [v.decode("utf-8") if isinstance(v, bytes) else v for v in values]
    null = np.ma.getmaskarray(column)  # (all False for a plain array)
    if null.any():
        values = [None if m else v for v, m in zip(values, null.tolist())]
    return values


def _line_wkb(wkb) -> Optional[bytes]:
    """WKB bytes, None for an empty geometry (as the feature source's reading gives: no parts or no points)."""
    if wkb is None:
        return None
    wkb = bytes(wkb)
    if len(wkb) >= 9 and int.from_bytes(wkb[5:9], "little" if wkb[0] == 1 else "big") == 0:
        return None  # (a LineString without points or a MultiLineString without parts)
    return wkb
