"""Choosing a local projected CRS in metres for geographic input (pure arithmetic, no QGIS)."""

from __future__ import annotations

import math

# EPSG codes of geographic CRSs on the CGCS2000 datum (China's official frame).
CGCS2000_GEOGRAPHIC = {4490, 4479, 4480}


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


def local_projected_epsg(lon: float, lat: float, source_epsg: int | None = None) -> int:
    """A projected CRS in metres for an area centred at (lon, lat).

    CGCS2000 input gets the CGCS2000 3-degree Gauss–Krüger zone of its central meridian (what Chinese planning
    data uses); anything else gets the WGS 84 UTM zone.
    """
    if not (-180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0):
        raise ValueError(f"({lon}, {lat}) is not a longitude/latitude pair")
    if source_epsg in CGCS2000_GEOGRAPHIC:
        code = cgcs2000_gk3_epsg(lon)
        if code is not None:
            return code
    return utm_epsg(lon, lat)
