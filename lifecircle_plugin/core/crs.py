"""Choosing a local projected CRS in metres for geographic input (pure arithmetic, no QGIS)."""

from __future__ import annotations

import math


def utm_epsg(lon: float, lat: float) -> int:
    """EPSG code of the WGS 84 / UTM zone holding (lon, lat)."""
    zone = int(math.floor((lon + 180.0) / 6.0)) % 60 + 1
    return (32600 if lat >= 0 else 32700) + zone


def cgcs2000_gk3_epsg(lon: float) -> int | None:
    """EPSG code of CGCS2000 / 3-degree Gauss-Kruger CM zone (no zone prefix, EPSG:4534–4554, CM 75°E–135°E)."""
    cm = int(round(lon / 3.0)) * 3
    if 75 <= cm <= 135:
        return 4534 + (cm - 75) // 3
    return None


# China's territory as a longitude/latitude box: where the CGCS2000 3-degree Gauss-Krüger zones (75°E–135°E) apply
CHINA_LON_LAT = (73.0, 3.0, 136.0, 54.0)

# A projected CRS is used as it is only where its scale at the data is within 0.1 % of the truth (1 m in a 1 km walk):
# beyond that, lengths, areas and walking thresholds would be off by more than a planner's measuring tape.
# (LifeCircle's own tolerance, an interpretation: no standard sets it.)
SCALE_TOLERANCE = 0.001


def in_china(lon: float, lat: float) -> bool:
    w, s, e, n = CHINA_LON_LAT
    return w <= lon <= e and s <= lat <= n


def local_projected_epsg(lon: float, lat: float) -> int:
    """A projected CRS in metres that is true (scale within 0.03 %) for an area centred at (lon, lat).

    In China: the CGCS2000 3-degree Gauss–Krüger zone of its central meridian (what Chinese planning data uses),
    whatever the datum of the input (CGCS2000 and WGS 84 agree within centimetres), so that the same data gives the
    same numbers in any CRS it comes in; elsewhere: the WGS 84 UTM zone.
    """
    if not (-180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0):
        raise ValueError(f"({lon}, {lat}) is not a longitude/latitude pair")
    if in_china(lon, lat):
        code = cgcs2000_gk3_epsg(lon)
        if code is not None:
            return code
    return utm_epsg(lon, lat)


def scale_error(scales) -> float:
    """The largest relative error of lengths among point scale factors (planar length / true length)."""
    return max((abs(k - 1.0) for k in scales), default=0.0)
