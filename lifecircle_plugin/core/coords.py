"""GCJ-02 / BD-09 ⇄ WGS 84 for Chinese map data (numpy only, vectorised; no QGIS).

Chinese web maps do not publish WGS 84 coordinates:

* **GCJ-02** ("Mars coordinates", 国测局坐标) is the obfuscated datum every map published in China must use:
  AMap/高德, Tencent/腾讯, Apple Maps and Google Maps inside China. It shifts WGS 84 positions by a smooth,
  non-linear offset of roughly 100–700 m.
* **BD-09** (百度坐标) is Baidu's further shift of GCJ-02 (about another 1 km).

The forward formulas (WGS 84 → GCJ-02 and GCJ-02 → BD-09) are the ones every open implementation publishes
(Krasovsky 1940 parameters a = 6378245 m, e² = 0.00669342162296594323; BD-09's x_pi = π·3000/180 with the
0.00002 / 0.000003 terms and the +0.0065 / +0.006 offsets). There is no closed-form inverse, so the inverses
here refine the usual first guess by fixed-point iteration until the forward transform of the answer
reproduces the input to 1e-11° (well under a millimetre): converting back and forth returns to the start.

GCJ-02 and BD-09 are only defined inside the published bounding box of China (:func:`out_of_china`); outside
it every function returns the coordinates unchanged, as the published algorithm does. The box is decided on
the unshifted side of a conversion (the WGS 84 point going forward, the solution coming back), so a round
trip is exact for every point in the box. NaN in gives NaN out.

Longitude first everywhere (x, y), like QGIS geometries.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Union

import numpy as np

from .errors import LifeCircleError, Msg

from .coord_systems import BD09, GCJ02, SYSTEM_LABELS, SYSTEMS, WGS84  # noqa: F401 (re-exported)

# Krasovsky 1940 ellipsoid, as used by the published GCJ-02 algorithm
KRASOVSKY_A = 6378245.0
KRASOVSKY_EE = 0.00669342162296594323
# BD-09
X_PI = math.pi * 3000.0 / 180.0
BD_DLON = 0.0065
BD_DLAT = 0.006

# the published "is it in China" bounding box (lon min, lat min, lon max, lat max)
CHINA_BOX = (72.004, 0.8293, 137.8347, 55.8271)

#: inverses stop when the forward transform of the answer is within this many degrees of the input
INVERSE_TOLERANCE = 1e-11
MAX_ITERATIONS = 40
# GCJ-02 + BD-09 shift a point by well under 0.05°: inputs farther than this outside the box cannot be the
# image of a point inside it, and are not iterated on (the polynomials misbehave far from China).
_INVERSE_MARGIN = 0.1

Number = Union[float, int]
ArrayLike = Union[Number, np.ndarray, list, tuple]
Arrays = tuple[np.ndarray, np.ndarray]  # (lon, lat)
_Transform = Callable[[np.ndarray, np.ndarray], Arrays]

_ALIASES = {
    "WGS84": WGS84,
    "EPSG4326": WGS84,
    "CGCS2000": WGS84,
    "GPS": WGS84,
    "GCJ02": GCJ02,
    "GCJ": GCJ02,
    "AMAP": GCJ02,
    "GAODE": GCJ02,
    "TENCENT": GCJ02,
    "MARS": GCJ02,
    "BD09": BD09,
    "BD09LL": BD09,
    "BD": BD09,
    "BAIDU": BD09,
    "高德": GCJ02,
    "腾讯": GCJ02,
    "火星坐标": GCJ02,
    "国测局坐标": GCJ02,
    "百度": BD09,
    "百度坐标": BD09,
}


class UnknownCoordinateSystemError(LifeCircleError, ValueError):
    """A coordinate system name that is none of WGS 84, GCJ-02, BD-09."""


@dataclass(frozen=True)
class ConvertedCoordinates:
    """Result of :func:`convert_coordinates`.

    ``outside_china`` is True where a point lay outside China and was returned unchanged (False for NaN).
    For a conversion to the same system it just flags the points outside China.
    """

    lon: np.ndarray
    lat: np.ndarray
    outside_china: np.ndarray

    @property
    def n_outside_china(self) -> int:
        return int(np.count_nonzero(self.outside_china))


# ---------------------------------------------------------------------------------------------------------
# public API


def system_name(name: str) -> str:
    """The canonical name ("WGS84", "GCJ02" or "BD09") of a coordinate system written any common way.

    Accepts e.g. "WGS 84", "wgs-84", "GCJ-02", "amap", "gaode", "高德", "BD-09", "bd09ll", "baidu", "百度".
    """
    key = "".join(ch for ch in str(name).upper() if ch.isalnum())
    try:
        return _ALIASES[key]
    except KeyError:
        raise UnknownCoordinateSystemError(
            Msg("Unknown coordinate system '{}': use one of WGS 84, GCJ-02 (AMap/Tencent) or BD-09 (Baidu).", name)
        ) from None


def out_of_china(lon: ArrayLike, lat: ArrayLike) -> bool | np.ndarray:
    """True where (lon, lat) lies outside the published bounding box of China, where GCJ-02/BD-09 equal WGS 84.

    lon < 72.004 or lon > 137.8347 or lat < 0.8293 or lat > 55.8271. NaN is not outside (it stays NaN).
    """
    x, y, scalar = _arrays(lon, lat)
    out = _outside_box(x, y)
    return bool(out) if scalar else out


def wgs84_to_gcj02(lon: ArrayLike, lat: ArrayLike):
    """WGS 84 → GCJ-02 (the published forward formula). Returns (lon, lat) like the input (floats or arrays)."""
    return _public(lon, lat, WGS84, GCJ02)


def gcj02_to_wgs84(lon: ArrayLike, lat: ArrayLike):
    """GCJ-02 → WGS 84, iterated until :func:`wgs84_to_gcj02` of the result reproduces the input to 1e-11°."""
    return _public(lon, lat, GCJ02, WGS84)


def gcj02_to_bd09(lon: ArrayLike, lat: ArrayLike):
    """GCJ-02 → BD-09 (the published forward formula)."""
    return _public(lon, lat, GCJ02, BD09)


def bd09_to_gcj02(lon: ArrayLike, lat: ArrayLike):
    """BD-09 → GCJ-02, iterated until :func:`gcj02_to_bd09` of the result reproduces the input to 1e-11°."""
    return _public(lon, lat, BD09, GCJ02)


def wgs84_to_bd09(lon: ArrayLike, lat: ArrayLike):
    """WGS 84 → BD-09 (through GCJ-02)."""
    return _public(lon, lat, WGS84, BD09)


def bd09_to_wgs84(lon: ArrayLike, lat: ArrayLike):
    """BD-09 → WGS 84, iterated until :func:`wgs84_to_bd09` of the result reproduces the input to 1e-11°."""
    return _public(lon, lat, BD09, WGS84)


def convert(lon: ArrayLike, lat: ArrayLike, source: str, target: str):
    """Converts (lon, lat) from ``source`` to ``target``, each one of "WGS84", "GCJ02", "BD09" (see
    :func:`system_name` for the spellings accepted). Returns (lon, lat): floats for scalar input, arrays of the
    input's shape otherwise. ``source == target`` returns a copy."""
    return _public(lon, lat, system_name(source), system_name(target))


def convert_coordinates(
    lon: ArrayLike, lat: ArrayLike, source: str, target: str = WGS84
) -> ConvertedCoordinates:
    """Like :func:`convert` on arrays, also telling which points lay outside China and were left unchanged.

    This is the helper other algorithms call on the coordinates of their input (e.g. a facility layer
    downloaded from AMap in GCJ-02) before any analysis.
    """
    x, y, _ = _arrays(lon, lat)
    source, target = system_name(source), system_name(target)
    out_x, out_y, converted = _convert_arrays(x, y, source, target)
    if source == target:
        outside = _outside_box(x, y)
    else:
        outside = ~converted & ~(np.isnan(x) | np.isnan(y))
    return ConvertedCoordinates(out_x, out_y, outside)


#: what a conversion did to a feature, from its vertices (:func:`feature_outcomes`)
CONVERTED, PARTLY_OUTSIDE, OUTSIDE = "converted", "partly_outside", "outside"


def feature_outcomes(vertex_counts, outside_china) -> list:
    """What a conversion did to each feature whose vertices lie one after another in ``outside_china`` (one flag
    per vertex, as :class:`ConvertedCoordinates` has them; ``vertex_counts`` vertices per feature): OUTSIDE when
    every vertex lay outside China (the feature is left unchanged), PARTLY_OUTSIDE when some did (those stay where
    they were, the others move), CONVERTED when none did."""
    counts = np.asarray(vertex_counts, dtype=np.int64).reshape(-1)
    flags = np.asarray(outside_china, dtype=bool).reshape(-1)
    if counts.sum() != len(flags):
        raise ValueError(f"{int(counts.sum())} vertices counted, {len(flags)} flags given")
    ends = np.cumsum(counts)
    running = np.concatenate(([0], np.cumsum(flags, dtype=np.int64)))
    n_outside = running[ends] - running[ends - counts]
    return [OUTSIDE if k == n else PARTLY_OUTSIDE if k else CONVERTED
            for k, n in zip(n_outside.tolist(), counts.tolist())]


def to_wgs84(lon: ArrayLike, lat: ArrayLike, source: str):
    """Converts (lon, lat) given in ``source`` ("WGS84", "GCJ02" or "BD09") to WGS 84."""
    return convert(lon, lat, source, WGS84)


# ---------------------------------------------------------------------------------------------------------
# the published forward formulas, without the China test


def _shift_lat_m(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """GCJ-02's northward offset (metres on the Krasovsky ellipsoid) at x = lon − 105, y = lat − 35."""
    s = np.sin
    pi = math.pi
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
    ret += (20.0 * s(6.0 * x * pi) + 20.0 * s(2.0 * x * pi)) * 2.0 / 3.0
    ret += (20.0 * s(y * pi) + 40.0 * s(y / 3.0 * pi)) * 2.0 / 3.0
    ret += (160.0 * s(y / 12.0 * pi) + 320.0 * s(y * pi / 30.0)) * 2.0 / 3.0
    return ret


def _shift_lon_m(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """GCJ-02's eastward offset (metres on the Krasovsky ellipsoid) at x = lon − 105, y = lat − 35."""
    s = np.sin
    pi = math.pi
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
    ret += (20.0 * s(6.0 * x * pi) + 20.0 * s(2.0 * x * pi)) * 2.0 / 3.0
    ret += (20.0 * s(x * pi) + 40.0 * s(x / 3.0 * pi)) * 2.0 / 3.0
    ret += (150.0 * s(x / 12.0 * pi) + 300.0 * s(x / 30.0 * pi)) * 2.0 / 3.0
    return ret


def _wgs_to_gcj(lon: np.ndarray, lat: np.ndarray) -> Arrays:
    d_lat_m = _shift_lat_m(lon - 105.0, lat - 35.0)
    d_lon_m = _shift_lon_m(lon - 105.0, lat - 35.0)
    rad_lat = lat / 180.0 * math.pi
    magic = 1.0 - KRASOVSKY_EE * np.sin(rad_lat) ** 2
    sqrt_magic = np.sqrt(magic)
    d_lat = (d_lat_m * 180.0) / ((KRASOVSKY_A * (1.0 - KRASOVSKY_EE)) / (magic * sqrt_magic) * math.pi)
    d_lon = (d_lon_m * 180.0) / (KRASOVSKY_A / sqrt_magic * np.cos(rad_lat) * math.pi)
    return lon + d_lon, lat + d_lat


def _gcj_to_wgs_guess(lon: np.ndarray, lat: np.ndarray) -> Arrays:
    """The usual one-step inverse (metre-level), the iteration's starting point."""
    g_lon, g_lat = _wgs_to_gcj(lon, lat)
    return 2.0 * lon - g_lon, 2.0 * lat - g_lat


def _gcj_to_bd(lon: np.ndarray, lat: np.ndarray) -> Arrays:
    z = np.hypot(lon, lat) + 0.00002 * np.sin(lat * X_PI)
    theta = np.arctan2(lat, lon) + 0.000003 * np.cos(lon * X_PI)
    return z * np.cos(theta) + BD_DLON, z * np.sin(theta) + BD_DLAT


def _bd_to_gcj_guess(lon: np.ndarray, lat: np.ndarray) -> Arrays:
    """The published closed-form inverse of BD-09 (decimetre-level), the iteration's starting point."""
    x = lon - BD_DLON
    y = lat - BD_DLAT
    z = np.hypot(x, y) - 0.00002 * np.sin(y * X_PI)
    theta = np.arctan2(y, x) - 0.000003 * np.cos(x * X_PI)
    return z * np.cos(theta), z * np.sin(theta)


def _wgs_to_bd(lon: np.ndarray, lat: np.ndarray) -> Arrays:
    return _gcj_to_bd(*_wgs_to_gcj(lon, lat))


def _bd_to_wgs_guess(lon: np.ndarray, lat: np.ndarray) -> Arrays:
    return _gcj_to_wgs_guess(*_bd_to_gcj_guess(lon, lat))


def _invert(forward: _Transform, guess: _Transform, lon: np.ndarray, lat: np.ndarray) -> Arrays:
    """Solves forward(x, y) = (lon, lat) by fixed-point iteration x ← x − (forward(x) − lon).

    The shifts vary slowly (their derivatives are ~1e-3 to 2e-2), so each step gains two to three digits.
    """
    x, y = guess(lon, lat)
    for _ in range(MAX_ITERATIONS):
        f_lon, f_lat = forward(x, y)
        e_lon = f_lon - lon
        e_lat = f_lat - lat
        x = x - e_lon
        y = y - e_lat
        if x.size == 0 or max(np.max(np.abs(e_lon)), np.max(np.abs(e_lat))) < INVERSE_TOLERANCE:
            break
    return x, y


_FORWARD = {
    (WGS84, GCJ02): _wgs_to_gcj,
    (GCJ02, BD09): _gcj_to_bd,
    (WGS84, BD09): _wgs_to_bd,
}
_INVERSE = {
    (GCJ02, WGS84): (_wgs_to_gcj, _gcj_to_wgs_guess),
    (BD09, GCJ02): (_gcj_to_bd, _bd_to_gcj_guess),
    (BD09, WGS84): (_wgs_to_bd, _bd_to_wgs_guess),
}


# ---------------------------------------------------------------------------------------------------------
# plumbing


def _arrays(lon: ArrayLike, lat: ArrayLike) -> tuple[np.ndarray, np.ndarray, bool]:
    x = np.asarray(lon, dtype=float)
    y = np.asarray(lat, dtype=float)
    if x.shape != y.shape:
        raise ValueError(f"lon and lat have different shapes: {x.shape} and {y.shape}")
    return x, y, x.ndim == 0


def _outside_box(x: np.ndarray, y: np.ndarray, margin: float = 0.0) -> np.ndarray:
    lon_min, lat_min, lon_max, lat_max = CHINA_BOX
    # comparisons with NaN are False: NaN is never "outside"
    return (x < lon_min - margin) | (x > lon_max + margin) | (y < lat_min - margin) | (y > lat_max + margin)


def _convert_arrays(
    x: np.ndarray, y: np.ndarray, source: str, target: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(lon, lat, converted) on float arrays; ``converted`` is False where the point was left unchanged."""
    out_x = np.array(x, dtype=float, copy=True)
    out_y = np.array(y, dtype=float, copy=True)
    if source == target:
        return out_x, out_y, np.zeros(x.shape, dtype=bool)
    finite = np.isfinite(x) & np.isfinite(y)
    if (source, target) in _FORWARD:
        # decided on the unshifted (input) side
        inside = finite & ~_outside_box(x, y)
        if np.any(inside):
            cx, cy = _FORWARD[(source, target)](x[inside], y[inside])
            out_x[inside] = cx
            out_y[inside] = cy
    else:
        forward, guess = _INVERSE[(source, target)]
        candidate = finite & ~_outside_box(x, y, _INVERSE_MARGIN)
        inside = np.zeros(x.shape, dtype=bool)
        if np.any(candidate):
            cx, cy = _invert(forward, guess, x[candidate], y[candidate])
            # decided on the unshifted (solution) side, so that inverse(forward(p)) == p for every p in the box
            ok = ~_outside_box(cx, cy)
            idx = np.flatnonzero(candidate)[ok]
            out_x.flat[idx] = cx[ok]
            out_y.flat[idx] = cy[ok]
            inside.flat[idx] = True
    # NaN in, NaN out: a point with either coordinate NaN has no position
    missing = np.isnan(x) | np.isnan(y)
    out_x[missing] = np.nan
    out_y[missing] = np.nan
    return out_x, out_y, inside


def _public(lon: ArrayLike, lat: ArrayLike, source: str, target: str):
    x, y, scalar = _arrays(lon, lat)
    out_x, out_y, _ = _convert_arrays(x, y, source, target)
    if scalar:
        return float(out_x), float(out_y)
    return out_x, out_y
