"""The locations of a layer of single 2D points, fast: the features as the iterator yields them, their WKB parsed
in one numpy call and transformed only when the layer is not in the working CRS (the fast path of
:func:`qgis_bridge.read_points`, which reads every other layer feature by feature)."""

from __future__ import annotations

import numpy as np
from qgis.core import QgsCoordinateTransform, QgsCsException, QgsGeometry

#: little-endian WKB of a 2D point: byte order, type, x, y (21 bytes)
_POINT_WKB = np.dtype([("order", "u1"), ("type", "<u4"), ("x", "<f8"), ("y", "<f8")])
_CHUNK = 5000


def single_points(source, target_crs, context, feedback=None, check: bool = False):
    """(features, (n, 2) locations in ``target_crs``, cancelled, invalid feature ids) of a layer whose type is
    Point; None when a location cannot be transformed (the feature-by-feature reader names that feature).

    ``check`` (under "stop on invalid features"): read without QGIS's own check, and the invalid points listed —
    a point with finite coordinates is always valid, so GEOS is asked only about the others."""
    from qgis.core import QgsFeatureRequest

    from .qgis_bridge import features_of, is_invalid

    feats, wkbs, cancelled = [], [], False
    for i, feat in enumerate(features_of(source, QgsFeatureRequest(), check)):
        if feedback is not None and i % _CHUNK == 0 and feedback.isCanceled():
            cancelled = True
            break
        feats.append(feat)
        wkbs.append(feat.geometry().asWkb())
    xy = _point_locations(wkbs)
    invalid = []
    if check:
        doubtful = np.flatnonzero(~np.isfinite(xy).all(axis=1)).tolist()  # (no geometry, empty, NaN or infinite)
        invalid = [feats[i].id() for i in doubtful if is_invalid(feats[i].geometry())]
    transform = QgsCoordinateTransform(source.sourceCrs(), target_crs, context.transformContext())
    if not transform.isShortCircuited():
        try:
            xy = _transformed(xy, transform)
        except QgsCsException:
            return None
    return feats, xy, cancelled, invalid


def _point_locations(wkbs: list) -> np.ndarray:
    """(n, 2) coordinates of WKB points; NaN rows where a feature has no geometry (or an empty one)."""
    xy = np.full((len(wkbs), 2), np.nan)
    sizes = np.fromiter((len(w) for w in wkbs), dtype=np.int64, count=len(wkbs))
    whole = np.flatnonzero(sizes == _POINT_WKB.itemsize)
    if len(whole):
        parsed = np.frombuffer(b"".join(bytes(wkbs[i]) for i in whole.tolist()), dtype=_POINT_WKB)
        ok = (parsed["order"] == 1) & (parsed["type"] == 1)
        xy[whole[ok], 0] = parsed["x"][ok]
        xy[whole[ok], 1] = parsed["y"][ok]
        for k in np.flatnonzero(~ok).tolist():  # (big-endian WKB, never QGIS's own: read one by one)
            g = QgsGeometry()
            g.fromWkb(wkbs[whole[k]])
            p = g.asPoint()
            xy[whole[k]] = (p.x(), p.y())
    # an empty point is written as NaN coordinates: NaN here too
    return xy


def _transformed(xy: np.ndarray, transform) -> np.ndarray:
    """Each finite row of ``xy`` through ``transform`` (raises QgsCsException when one cannot be)."""
    out = np.full_like(xy, np.nan)
    for i in np.flatnonzero(np.isfinite(xy).all(axis=1)).tolist():
        p = transform.transform(float(xy[i, 0]), float(xy[i, 1]))
        out[i] = (p.x(), p.y())
    return out
