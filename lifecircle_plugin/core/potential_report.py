"""What the potential-space run reads off its inputs and reports (no QGIS): the zone each parcel lies in, which
lines are elevated roads by their type, which distance field of a coverage output holds each category, and how
many parcels have potential of each kind.

(Kept beside core/potential.py, which does the analysis itself.)"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Optional

import numpy as np

from .geometry import points_in_polygons
from .potential import KINDS


def zones_of_parcels(parcels: Sequence, zones: Sequence, zone_ids: Sequence, zone_types: Optional[Sequence] = None):
    """(zone id, zone type) of each parcel (shapely geometries): the zone holding the parcel's point on surface;
    None for a parcel in no zone or without geometry. Zones that are not polygons hold nothing; the types are
    None without ``zone_types``."""
    polygons = [g if g is not None and g.geom_type in ("Polygon", "MultiPolygon") else None for g in zones]
    points = [g.representative_point() if g is not None and not g.is_empty else None for g in parcels]
    xy = np.array([(p.x, p.y) if p is not None else (np.nan, np.nan) for p in points], dtype=float).reshape(-1, 2)
    which = points_in_polygons(xy, polygons).tolist()
    zone = [str(zone_ids[k]) if k >= 0 else None for k in which]
    if zone_types is None:
        return zone, None
    return zone, [zone_types[k] if k >= 0 else None for k in which]


def distance_fields(field_names: Iterable[str], codes: Sequence[str]) -> dict:
    """{code: field} of the walking-distance fields d_<code> (any letter case) a coverage output carries for the
    profile's ``codes``, in the profile's order; codes without such a field are left out."""
    lower = {n.lower(): n for n in field_names}
    found = {}
    for code in codes:
        name = lower.get(f"d_{code}".lower())
        if name:
            found[code] = name
    return found


def parcels_by_kind(kinds: Sequence[Sequence[str]], potential: Sequence[bool]) -> dict:
    """{kind: number of parcels with potential of that kind} for every kind of potential (KINDS order, zeros kept);
    a parcel of two kinds counts for both, a parcel without potential for none."""
    return {k: int(sum(1 for i, ks in enumerate(kinds) if potential[i] and k in ks)) for k in KINDS}


def typed_values(values) -> set:
    """The values of a comma-separated list as typed ('expressway, 高架') or of a list of values, trimmed and lower
    case (empty ones left out)."""
    items = (values or "").split(",") if values is None or isinstance(values, str) else [str(v) for v in values]
    return {v.strip().lower() for v in items if v.strip()}


def of_types(types: Sequence, values) -> list:
    """Indices of the features whose type (trimmed, any letter case) is one of ``values`` (a comma-separated text
    or a list: see typed_values): the elevated roads among barriers by their type, or among the network's lines by
    their road class. A feature without a type is none of them."""
    wanted = typed_values(values)
    return [i for i, t in enumerate(types) if t is not None and str(t).strip().lower() in wanted]
