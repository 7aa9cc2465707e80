"""LifeCircle for notebooks: the analyses over GeoDataFrames, without QGIS (``import lifecircle.api``).

Each function takes GeoDataFrames, runs the same core as the Processing algorithm of the same name, and returns
GeoDataFrames with the same fields the algorithm writes. The one rule for coordinates: every frame must have a
CRS; distances are measured in a metric CRS that is true at the data (the frame's own when it is projected in
metres with a scale error within 0.1 %, else the local CGCS2000 Gauss–Krüger zone in China, UTM elsewhere) and
results come back in the CRS of the frame they describe. Feature ids in messages are the frames' index values.

geopandas (0.12 or later, shapely 1.8 or 2) is imported here only: the plugin never loads this module.
"""

from __future__ import annotations

import math
from typing import Optional, Sequence

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely import wkb as shapely_wkb

from .lifecircle_plugin.core import checklist
from .lifecircle_plugin.core.crs import SCALE_TOLERANCE, local_projected_epsg, scale_error
from .lifecircle_plugin.core.errors import LifeCircleError, Msg
from .lifecircle_plugin.core.feature_ids import ids_or_fids
from .lifecircle_plugin.core.one_plus_n import ONE_STOP_WORDS
from .lifecircle_plugin.core.residential import residential_words
from .lifecircle_plugin.core.siting.run import MODELS
from .lifecircle_plugin.core.written_values import centre_note
from .lifecircle_plugin.core.written_values import number_or_null as _num

__all__ = [
    "walking_network", "network_edges", "facility_coverage", "delineate_units", "potential_space",
    "site_facilities", "distribute_population", "working_crs", "LifeCircleError",
]

#: the Processing algorithms' defaults (processing/base.py and the algorithms), repeated for the notebook user
DEFAULT_EXCLUDED = ("motorway", "motorway_link", "trunk", "trunk_link")
DEFAULT_ELEVATED = ("expressway", "elevated", "viaduct", "高架", "高架路", "快速路")
RESIDENTIAL_WORDS = ", ".join(residential_words())  # the one list (resources/rules/unit_types.csv's 居住 rows)


# ------------------------------------------------------------------------------------------------------------
# coordinates: the metric working CRS, and frames read into it


def working_crs(frame: gpd.GeoDataFrame, name: str = "layer"):
    """The pyproj CRS to measure ``frame`` in: its own when projected in metres and true within 0.1 % over the
    frame's extent, otherwise the local working CRS (as the plugin's bridge chooses it)."""
    from pyproj import CRS

    crs = _crs_of(frame, name)
    xmin, ymin, xmax, ymax = (float(v) for v in frame.total_bounds)
    if not all(math.isfinite(v) for v in (xmin, ymin, xmax, ymax)):
        return crs  # no geometry at all: nothing to measure
    if crs.is_projected and _in_metres(crs) and scale_error(_scales_over(crs, xmin, ymin, xmax, ymax)) \
            <= SCALE_TOLERANCE:
        return crs
    lon, lat = _to_lon_lat(crs, (xmin + xmax) / 2.0, (ymin + ymax) / 2.0)
    try:
        return CRS.from_epsg(local_projected_epsg(lon, lat))
    except ValueError:
        raise LifeCircleError(Msg("Layer '{}' is in {}, but its coordinates are not of that CRS: set the CRS its "
                                  "coordinates are in (GeoDataFrame.set_crs(..., allow_override=True)).", name,
                                  crs.to_string())) from None


def _crs_of(frame, name: str):
    if not isinstance(frame, gpd.GeoDataFrame):
        raise LifeCircleError(Msg("'{}' is not a GeoDataFrame (got {}).", name, type(frame).__name__))
    if frame.crs is None:
        raise LifeCircleError(Msg("Layer '{}' has no coordinate reference system. Set it (e.g. "
                                  "frame.set_crs('EPSG:4326')) and run again: distances need to be measured in "
                                  "metres.", name))
    return frame.crs


def _require(frame, name: str) -> None:
    """A GeoDataFrame with a CRS and at least one feature, or a LifeCircleError saying which is missing."""
    _crs_of(frame, name)
    if len(frame) == 0:
        raise LifeCircleError(Msg("Layer '{}' is empty.", name))


def _in_metres(crs) -> bool:
    units = [a.unit_name for a in crs.axis_info]
    return bool(units) and all(u in ("metre", "meter", "m") for u in units)


def _to_lon_lat(crs, x: float, y: float) -> tuple:
    from pyproj import Transformer

    lon, lat = Transformer.from_crs(crs, "EPSG:4326", always_xy=True).transform(x, y)
    return float(lon), float(lat)


def _scales_over(crs, xmin, ymin, xmax, ymax) -> list:
    """Planar length ÷ length on the ellipsoid at the centre, corners and edge midpoints of the extent, along x
    and along y (the bridge's check, with pyproj)."""
    from pyproj import Transformer

    geod = crs.get_geod()
    to_geo = Transformer.from_crs(crs, crs.geodetic_crs, always_xy=True)
    width, height = xmax - xmin, ymax - ymin
    step = min(1000.0, max(10.0, max(width, height) / 50.0))
    scales = []
    for fx in (0.0, 0.5, 1.0):
        for fy in (0.0, 0.5, 1.0):
            x, y = xmin + fx * width, ymin + fy * height
            for dx, dy in ((step, 0.0), (0.0, step)):
                (lon1, lon2), (lat1, lat2) = to_geo.transform([x, x + dx], [y, y + dy])
                true_length = geod.inv(lon1, lat1, lon2, lat2)[2]
                if not true_length > 0:
                    return [float("inf")]
                scales.append(step / true_length)
    return scales


def _in(frame: gpd.GeoDataFrame, crs) -> gpd.GeoDataFrame:
    return frame if frame.crs == crs else frame.to_crs(crs)


def _flat(geom):
    """A 2D shapely geometry (Z/M dropped), None for null or empty."""
    if geom is None or geom.is_empty:
        return None
    if geom.has_z:
        return shapely_wkb.loads(shapely_wkb.dumps(geom, output_dimension=2))
    return geom


def _geometries(frame: gpd.GeoDataFrame, crs) -> list:
    """The frame's geometries in ``crs``, 2D, None where null or empty."""
    return [_flat(g) for g in _in(frame, crs).geometry]


def _locations(frame: gpd.GeoDataFrame, crs) -> np.ndarray:
    """One point per feature in ``crs`` (a polygon's or line's point on surface, taken after reprojection, as the
    bridge's read_points); NaN rows for features without geometry."""
    out = []
    for g in _in(frame, crs).geometry:
        if g is None or g.is_empty:
            out.append((np.nan, np.nan))
        else:
            p = g if g.geom_type == "Point" else g.representative_point()
            out.append((p.x, p.y))
    return np.asarray(out, dtype=float).reshape(-1, 2)


def _values(frame, field: str, name: str) -> list:
    """A column as plain Python values (None for missing), or an error naming the frame's columns."""
    if field not in frame.columns:
        raise LifeCircleError(Msg("Layer '{}' has no field '{}' (fields: {}).", name, field,
                                  ", ".join(str(c) for c in frame.columns if c != frame.geometry.name)))
    return [_plain(v) for v in frame[field].tolist()]


def _plain(v):
    if v is None:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if v is pd.NaT or (not isinstance(v, (str, bytes)) and pd.api.types.is_scalar(v) and pd.isna(v)):
        return None
    return v.item() if isinstance(v, np.generic) else v


def _ids(frame) -> list:
    return [_plain(v) for v in frame.index.tolist()]


def _geoseries(geoms: list, crs, index=None) -> gpd.GeoSeries:
    """A GeoSeries of shapely geometries (None kept), built element by element: a plain list of multi-part
    geometries would be iterated part by part by pandas with shapely 1.8."""
    arr = np.empty(len(geoms), dtype=object)
    for i, g in enumerate(geoms):
        arr[i] = g
    return gpd.GeoSeries(arr, index=index, crs=crs)


def _with_columns(frame: gpd.GeoDataFrame, columns: dict) -> gpd.GeoDataFrame:
    """A copy of ``frame`` with ``columns`` ({name: values}) added after its own; a name the frame has already
    gets _2, _3 … (as QGIS names the fields of the Processing outputs, e.g. population_2)."""
    out = frame.copy()
    taken = {str(c).lower() for c in out.columns}
    for name, values in columns.items():
        new, k = name, 2
        while new.lower() in taken:
            new, k = f"{name}_{k}", k + 1
        taken.add(new.lower())
        out[new] = pd.Series(list(values), index=out.index)
    return out


def _profile(profile, thresholds=None):
    """A bundled profile by id ("shanghai", "national"), a profile CSV by path, or a Profile; with threshold
    overrides ("Q05=300, M03=800" or {"Q05": 300}) applied."""
    p = profile if isinstance(profile, checklist.Profile) else checklist.load_profile(profile)
    overrides = _overrides(thresholds)
    return p.with_thresholds(overrides) if overrides else p


def _overrides(thresholds) -> dict:
    if isinstance(thresholds, str) or thresholds is None:
        return checklist.parse_thresholds(thresholds)
    return {str(k).upper(): float(v) for k, v in dict(thresholds).items()}


# ------------------------------------------------------------------------------------------------------------
# 1 · the walking network


def walking_network(streets: gpd.GeoDataFrame, class_field: Optional[str] = "highway",
                    excluded_classes: Sequence[str] = DEFAULT_EXCLUDED, walkable_field: Optional[str] = None,
                    split_at_crossings: bool = False, node_tolerance: float = 1.0, name: str = "streets"):
    """The routable walking network of ``streets`` (lines), as lifecircle:preparenetwork builds it.

    Lines whose ``class_field`` value is in ``excluded_classes`` are left out (a missing default 'highway' field:
    every line is used); ``walkable_field`` 0/false/no/否 leaves a line out. Returns the core's WalkingNetwork,
    measured in :func:`working_crs` of the streets, with ``crs`` (that CRS) and ``streets_crs`` set on it.
    """
    from .lifecircle_plugin.core.network import NetworkOptions, build_network, wkb_list

    _crs_of(streets, name)
    if len(streets) == 0:
        raise LifeCircleError(Msg("Layer '{}' (walking network) is empty.", name))
    crs = working_crs(streets, name)
    if class_field and class_field not in streets.columns:
        if class_field != "highway":
            _values(streets, class_field, name)  # (raises, naming the fields)
        class_field = None
    net = build_network(
        wkb_list(_in(streets, crs).geometry.tolist()),
        NetworkOptions(excluded_classes=[c.strip() for c in excluded_classes if c and c.strip()],
                       split_at_crossings=bool(split_at_crossings), node_tolerance=float(node_tolerance)),
        classes=_values(streets, class_field, name) if class_field else None,
        walkable=_values(streets, walkable_field, name) if walkable_field else None,
        feature_ids=_ids(streets), layer_name=name)
    net.crs, net.streets_crs = crs, streets.crs
    net.excluded_classes = list(excluded_classes)
    net.road_classes = _values(streets, class_field, name) if class_field else None
    net.streets = streets  # (potential_space takes the excluded classes' lines as elevated roads)
    return net


def network_edges(net) -> gpd.GeoDataFrame:
    """The network's edges (the edges output of lifecircle:preparenetwork): edge_id, from_node, to_node,
    length_m, component (0: the largest connected part), source (the streets' index value of the street each edge
    comes from: ``streets.loc[edges.source]``) and road_class, in the streets' CRS."""
    src = net.edge_source.tolist()
    street_ids = _ids(net.streets)
    columns = {"edge_id": list(range(net.n_edges)), "from_node": net.edge_u.tolist(),
               "to_node": net.edge_v.tolist(), "length_m": net.edge_length.tolist(),
               "component": net.edge_component.tolist(), "source": [street_ids[i] for i in src]}
    if getattr(net, "road_classes", None) is not None:
        columns["road_class"] = [net.road_classes[i] for i in src]
    geoms = _geoseries([shapely_wkb.loads(b) for b in net.edge_wkb()], net.crs)
    out = gpd.GeoDataFrame(columns, geometry=geoms, crs=net.crs)
    return out.to_crs(net.streets_crs) if net.streets_crs != net.crs else out


def _network(streets, name: str = "streets", **options):
    """A network given, or built from a streets frame."""
    if isinstance(streets, gpd.GeoDataFrame):
        return walking_network(streets, name=name, **options)
    if not hasattr(streets, "crs") or not hasattr(streets, "snap"):
        raise LifeCircleError(Msg("'{}' is neither a GeoDataFrame of streets nor a network from walking_network.",
                                  name))
    if options:
        raise LifeCircleError(Msg("Network options ({}) apply when the streets are a frame: give them to "
                                  "walking_network instead.", ", ".join(sorted(options))))
    return streets


# ------------------------------------------------------------------------------------------------------------
# 3 · facility coverage


def facility_coverage(residents: gpd.GeoDataFrame, facilities: gpd.GeoDataFrame, streets,
                      units: Optional[gpd.GeoDataFrame] = None, profile="shanghai",
                      population_field: str = "population", category_field: str = "category",
                      thresholds=None, target: Optional[float] = None, unit_id_field: Optional[str] = None,
                      mapping: str = "auto", mapping_table: Optional[str] = None,
                      one_stop_field: Optional[str] = None, area_field: Optional[str] = None,
                      functions_field: Optional[str] = None, centre_radius: float = 30.0,
                      link_distance: Optional[float] = None, snap_tolerance: float = 150.0,
                      search_limit: float = 3000.0, service_areas: bool = False,
                      service_area_buffer: float = 50.0, source_coordinates: str = "WGS84",
                      unit_type_field: Optional[str] = None, unit_type_profiles=None, **network_options) -> dict:
    """The 十全/十美 check (lifecircle:facilitycoverage): which categories each resident reaches on foot, the
    covered share per unit, and the residents each facility serves.

    ``streets``: the streets frame (network options as in :func:`walking_network`) or a network it built.
    ``thresholds``: overrides, "Q05=300, M03=800" or {"Q05": 300}; ``target``: the share in % (None: the
    profile's). ``source_coordinates`` "GCJ02" (AMap, Tencent) or "BD09" (Baidu): the facilities' lon/lat are
    converted to WGS 84 first (the frame must be in a lon/lat CRS). ``unit_type_profiles`` ("乡村=national" or
    {"乡村": "national"}) judges the units of a type (their ``unit_type_field``) by another profile.
    Returns {"residents", "units", "facilities": GeoDataFrames with the algorithm's fields,
    "coverage_by_category": {code: share}, "units_meeting_target": int}; with ``service_areas`` also
    "service_areas": the streets each category reaches within its threshold, ``service_area_buffer`` m either side.
    """
    from .lifecircle_plugin.core.coverage import clean_population, facility_coverage as run, search_limit_for

    prof = _profile(profile, thresholds)
    type_profiles = _unit_type_profiles(unit_type_profiles, thresholds)
    if type_profiles and (units is None or not unit_type_field):
        raise LifeCircleError(Msg("Profiles by unit type need the units and their unit type field: give units and "
                                  "unit_type_field (e.g. unit_type), or no unit_type_profiles."))
    limit, _ = search_limit_for(search_limit, {c: max(float(p.category(c).threshold_m) for p in
                                                      [prof, *type_profiles.values()]) for c in prof.codes})
    net = _network(streets, **network_options)
    crs = net.crs
    _require(facilities, "facilities")
    _require(residents, "residents")
    population = clean_population(_values(residents, population_field, "residents"), _ids(residents),
                                  "residents", population_field)
    groups = _resident_groups(residents, population, prof)
    codes = checklist.load_mapping(mapping, mapping_table, valid_codes=set(prof.codes)).map_values(
        _values(facilities, category_field, "facilities"))[0]
    one_stop, area, functions = _one_plus_n_inputs(facilities, one_stop_field, area_field, functions_field, prof)
    unit_ids, unit_polys = _units_input(units, unit_id_field, crs)
    if str(source_coordinates).upper() not in ("WGS84", "WGS 84"):
        facilities = _to_wgs84(facilities, source_coordinates)
    r = run(net, prof, _locations(facilities, crs), codes, _locations(residents, crs), population,
            unit_polygons=unit_polys, facility_area=area, facility_one_stop=one_stop, facility_functions=functions,
            unit_profiles=_profiles_by_type(units, unit_type_field, type_profiles, prof),
            centre_radius=centre_radius, link_distance=link_distance, snap_tolerance=snap_tolerance,
            target=None if target is None else target / 100.0, search_limit=limit, group_counts=groups,
            service_areas=service_areas)
    areas = {"service_areas": _service_areas(r, service_area_buffer, crs, residents.crs)} if service_areas else {}
    return {**areas,
        "residents": _coverage_residents(r, residents, unit_ids),
        "units": _coverage_units(r, units, residents, unit_ids),
        "facilities": _coverage_facilities(r, facilities),
        "coverage_by_category": {c: round(s, 4) for c, s in r.overall_share().items()},
        "units_meeting_target": int(r.unit_meets_target.sum()),
    }


def _unit_type_profiles(named, thresholds) -> dict:
    """{unit type: profile (threshold overrides applied)} from "乡村=national; 产业=x.csv" or a dict; {} for None."""
    if not named:
        return {}
    pairs = checklist.parse_unit_type_profiles(named) if isinstance(named, str) else dict(named)
    return {unit_type: _profile(name, thresholds) for unit_type, name in pairs.items()}


def _profiles_by_type(units, type_field, type_profiles: dict, prof) -> Optional[list]:
    """The profile of each unit: its type's (types compared as typed, case-insensitive), else ``prof``."""
    from .lifecircle_plugin.core.typed import word_key

    if units is None or not type_field:
        return None
    by_key = {word_key(t): p for t, p in type_profiles.items()}
    return [by_key.get(word_key(v)) or prof for v in _values(units, type_field, "units")]


def _to_wgs84(facilities, source: str) -> gpd.GeoDataFrame:
    """The facilities moved from GCJ-02 / BD-09 to WGS 84: each feature shifted by its point's offset (its point on
    surface for polygons, in the frame's lon/lat); points outside China are left as they are."""
    from shapely.affinity import translate

    from .lifecircle_plugin.core.coords import convert_coordinates

    if not facilities.crs.is_geographic:
        raise LifeCircleError(Msg("Layer '{}' is in {}, a projected CRS, but its coordinates are said to be {}: "
                                  "GCJ-02/BD-09 offsets apply to longitude/latitude. Give the frame in its original "
                                  "lon/lat CRS (EPSG:4326).", "facilities", facilities.crs.to_string(), source))
    lon_lat = _locations(facilities, facilities.crs)
    conv = convert_coordinates(lon_lat[:, 0], lon_lat[:, 1], source, "WGS84")
    dx, dy = np.asarray(conv.lon) - lon_lat[:, 0], np.asarray(conv.lat) - lon_lat[:, 1]
    moved = [g if g is None or g.is_empty or not np.isfinite(dx[i]) else translate(g, float(dx[i]), float(dy[i]))
             for i, g in enumerate(facilities.geometry)]
    return facilities.set_geometry(_geoseries(moved, facilities.crs, facilities.index))


def _one_plus_n_inputs(facilities, one_stop_field, area_field, functions_field, prof) -> tuple:
    """(one-stop flags, floor areas, hosted checklist codes) of the facilities for the '1+N' check; None where the
    field is not given."""
    from .lifecircle_plugin.core.typed import is_yes

    one_stop = None if not one_stop_field else np.array(
        [is_yes(v, ONE_STOP_WORDS) for v in _values(facilities, one_stop_field, "facilities")], dtype=bool)
    area = None if not area_field else np.array(
        [_number_or_nan(v) for v in _values(facilities, area_field, "facilities")], dtype=float)
    functions = None if not functions_field else [
        checklist.parse_functions(v, prof)[0] for v in _values(facilities, functions_field, "facilities")]
    return one_stop, area, functions


def _units_input(units, id_field, crs) -> tuple:
    """(unit ids, unit polygons in ``crs``), (None, None) without units; overlapping units are refused."""
    from .lifecircle_plugin.core.geometry import check_polygons, overlapping_pairs

    if units is None:
        return None, None
    _crs_of(units, "units")
    polygons = check_polygons(_geometries(units, crs), _ids(units), "units")
    ids = [str(v) if v is not None else str(fid) for v, fid in
           zip(_values(units, id_field, "units") if id_field else _ids(units), _ids(units))]
    overlaps = overlapping_pairs(polygons, min_area=1.0)
    if overlaps:
        raise LifeCircleError(Msg("Layer '{}': units overlap, so residents would count twice: {}.", "units",
                                  "; ".join(f"{ids[i]} and {ids[j]} ({a:,.0f} m²)" for i, j, a in overlaps[:10])))
    return ids, polygons


def _resident_groups(residents, population, prof) -> dict:
    """The age-group counts the residents carry in the standard fields (pop_0_3 … pop_60p), for the categories
    that serve a group (processing/base.py resident_groups, without the log)."""
    import warnings

    from .lifecircle_plugin.core import groups as G
    from .lifecircle_plugin.core.coverage import clean_population

    wanted = {k for c in prof.codes for k in G.serves_of(prof, c)}
    counts = {}
    for key in sorted(wanted):
        field = G.field_name_in([str(c) for c in residents.columns], key)
        if field:
            try:
                counts[key] = clean_population(_values(residents, field, "residents"), _ids(residents),
                                               "residents", field, allow_all_zero=True)
            except LifeCircleError as exc:
                warnings.warn(f"The age-group field is not used: {exc}")
    for message in G.check_group_counts(population, counts, _ids(residents), "residents"):
        warnings.warn(str(message))
    return counts


def _service_areas(r, buffer_m: float, crs, out_crs) -> gpd.GeoDataFrame:
    """One polygon per category a facility reaches: lc_code, lc_name, lc_tier, threshold_m, street_km, area_km2."""
    from .lifecircle_plugin.core.service_areas import service_area_polygon

    rows, geoms = [], []
    for c in r.codes:
        pieces = r.service_areas.pieces(c) if c in r.service_areas else None
        if not pieces:
            continue
        poly = service_area_polygon(pieces, buffer_m)
        rows.append({"lc_code": c, "lc_name": r.names_zh[c], "lc_tier": r.tiers[c], "threshold_m": r.thresholds[c],
                     "street_km": round(pieces.total_length / 1000, 3), "area_km2": round(poly.area / 1e6, 4)})
        geoms.append(_multi(poly))
    columns = ["lc_code", "lc_name", "lc_tier", "threshold_m", "street_km", "area_km2"]
    return gpd.GeoDataFrame(pd.DataFrame(rows, columns=columns),
                            geometry=_geoseries(geoms, crs).to_crs(out_crs).values, crs=out_crs)


def _metres(values) -> np.ndarray:
    """Distances to 0.1 m as the outputs write them, NaN where there is none (beyond the search limit, unreached):
    a float column even when no resident reaches a category."""
    a = np.asarray(values, dtype=float)
    return np.where(np.isfinite(a), np.round(a, 1), np.nan)


def _coverage_residents(r, residents, unit_ids) -> gpd.GeoDataFrame:
    snapped = r.resident_snapped.astype(bool)
    cols = {"unit_id": [unit_ids[u] if (u >= 0 and unit_ids) else None for u in r.resident_unit.tolist()],
            "snapped": snapped.tolist(), "access_m": _metres(r.resident_access)}
    for j, c in enumerate(r.codes):
        cols[f"d_{c}"] = _metres(r.resident_distance[:, j])
    cols.update(n_q_met=r.resident_met_must.astype(int).tolist(), n_m_met=r.resident_met_optional.astype(int).tolist(),
                unreachable=(~snapped).tolist())
    return _with_columns(residents, cols)


def _coverage_units(r, units, residents, unit_ids) -> gpd.GeoDataFrame:
    grouped = [j for j, c in enumerate(r.codes) if c in r.serves]
    rows = []
    for u in range(len(r.unit_population)):
        ones = r.one_plus_n
        row = {"unit_id": unit_ids[u] if unit_ids else "whole area", "population": float(r.unit_population[u]),
               "residents": int(r.unit_residents[u])}
        row.update({f"c_{c}": _num(100.0 * r.unit_share[u, j], 1) for j, c in enumerate(r.codes)})
        row.update({f"n_{c}": int(r.unit_presence[u, j]) for j, c in enumerate(r.codes)})
        for j in grouped:
            row[f"sv_{r.codes[j]}"] = float(r.unit_served[u, j])
            row[f"call_{r.codes[j]}"] = _num(100.0 * r.unit_share_all[u, j], 1)
        row.update(q_met=int(r.unit_met_must[u]), m_met=int(r.unit_met_optional[u]),
                   missing_q=r.unit_missing(u, "十全"), missing_m=r.unit_missing(u, "十美"),
                   meets_target=bool(r.unit_meets_target[u]), one_stop=bool(r.unit_one_stop[u]),
                   small_points=int(r.unit_small_points[u]), centre_type=ones.centre_type[u] or None,
                   n_linked=int(ones.n_linked[u]), n_unlinked=int(ones.n_unlinked[u]),
                   missing_fn=r.missing_functions(u) or None, centre_note=centre_note(r, u),
                   profile=r.unit_profile[u] if r.unit_profile else None,
                   target_pct=round(100.0 * float(r.unit_target[u]), 2), score=float(r.unit_score[u]),
                   group_basis=r.group_basis() or None)
        rows.append(row)
    table = pd.DataFrame(rows)
    if units is not None:
        return _with_columns(units, {k: table[k].tolist() for k in table.columns})
    hull = _union(residents.geometry).convex_hull if len(residents) else None
    hull = hull if hull is not None and hull.geom_type == "Polygon" else None  # (one resident, or all on a line)
    return gpd.GeoDataFrame(table, geometry=_geoseries([hull], residents.crs), crs=residents.crs)


def _union(geoms: gpd.GeoSeries):
    """All geometries as one (geopandas 1.x: union_all; 0.12: unary_union)."""
    return geoms.union_all() if hasattr(geoms, "union_all") else geoms.unary_union


def _coverage_facilities(r, facilities) -> gpd.GeoDataFrame:
    ones = r.one_plus_n
    rows = []
    for i, code in enumerate(r.facility_code):
        hosts = ones.hosted.get(i)
        rows.append({"lc_code": code, "lc_name": r.names_zh.get(code) if code else None,
                     "lc_tier": r.tiers.get(code) if code else None, "snapped": bool(r.facility_snapped[i]),
                     "access_m": _num(r.facility_access[i], 1), "pop_within": _num(r.facility_pop_within[i], 0),
                     "pop_nearest": _num(r.facility_pop_nearest[i], 0), "role": ones.role[i] or None,
                     "link_m": _num(ones.link_m[i], 1),
                     "hosts": ";".join(c for c in r.codes if c in hosts) if hosts is not None else None})
    table = pd.DataFrame(rows)
    return _with_columns(facilities, {k: table[k].tolist() for k in table.columns})


def _number_or_nan(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("nan")


# ------------------------------------------------------------------------------------------------------------
# 2 · basic units


def delineate_units(blocks: gpd.GeoDataFrame, streets=None, population_field: str = "population",
                    block_id_field: Optional[str] = None, block_type_field: Optional[str] = None,
                    subdistricts: Optional[gpd.GeoDataFrame] = None, subdistrict_name_field: Optional[str] = None,
                    subdistrict_field: Optional[str] = None, barriers: Optional[gpd.GeoDataFrame] = None,
                    seeds: Optional[gpd.GeoDataFrame] = None, seed_name_field: Optional[str] = None,
                    locked_field: Optional[str] = None, preset: str = "shanghai_central",
                    pop_min: Optional[float] = None, pop_max: Optional[float] = None,
                    max_walk: Optional[float] = None, adjacency_gap: float = 80.0, min_contact: float = 20.0,
                    locked_can_grow: bool = False, random_seed: int = 1, snap_tolerance: float = 150.0,
                    **network_options) -> dict:
    """Blocks grouped into life-circle units (lifecircle:delineateunits).

    The 街镇 come from ``subdistricts`` polygons (named by ``subdistrict_name_field``, default 'name') or a
    ``subdistrict_field`` on the blocks. ``preset``: shanghai_central, shanghai_new_town, gb50180_15min, own,
    shanghai_new_market_town, shanghai_village; pop_min / pop_max / max_walk override it. Without ``streets``
    distances are straight lines. Returns {"units", "blocks", "centres": GeoDataFrames}.
    """
    from .lifecircle_plugin.core import units as U
    from .lifecircle_plugin.core.coverage import clean_population
    from .lifecircle_plugin.core.geometry import check_polygons
    from .lifecircle_plugin.core.network import points_xy

    rules, _ = U.unit_rules_from_preset(preset, pop_min, pop_max, max_walk, adjacency_gap=adjacency_gap,
                                        min_contact=min_contact, locked_can_grow=locked_can_grow, seed=random_seed)
    rules.validate()
    _require(blocks, "blocks")
    net = None if streets is None else _network(streets, **network_options)
    crs = net.crs if net is not None else working_crs(blocks, "blocks")
    fids = _ids(blocks)
    polygons = check_polygons(_geometries(blocks, crs), fids, "blocks")
    ids = ids_or_fids(_values(blocks, block_id_field, "blocks") if block_id_field else None, fids)
    population = clean_population(_values(blocks, population_field, "blocks"), fids, "blocks", population_field)
    U.check_overlaps(polygons, ids, "blocks")
    types = None
    if block_type_field:
        types, _ = U.block_types(_values(blocks, block_type_field, "blocks"), ids, "blocks", block_type_field)
    subdistrict = _subdistricts(blocks, polygons, ids, subdistricts, subdistrict_name_field, subdistrict_field, crs)
    barrier_lines = [] if barriers is None else [c for g in _geometries(barriers, crs) for c in _line_coords(g)]
    seed_xy, seed_ids, seed_block = _seeds(seeds, seed_name_field, polygons, crs)
    block_xy = points_xy(polygons)
    crossings = None
    if net is not None:
        distances = U.NetworkDistances(net, block_xy, seed_xy, snap_tolerance)
        if barrier_lines:
            crossings = U.barrier_crossings(net, barrier_lines)
    else:
        distances = U.WalkDistances(block_xy, seed_xy)
    result = U.delineate_units(
        polygons, population, subdistrict, rules, distances, block_ids=ids, layer_name="blocks",
        barrier_lines=barrier_lines, crossings=crossings, block_type=types,
        locked=_values(blocks, locked_field, "blocks") if locked_field else None,
        seed_block=seed_block, seed_ids=seed_ids)
    return {"units": _units_frame(result, ids, seed_ids, crs, blocks.crs),
            "blocks": _with_columns(blocks, _block_columns(result)),
            "centres": _centres_frame(result, ids, seed_ids, crs, blocks.crs)}


def _subdistricts(blocks, polygons, ids, subdistricts, name_field, field, crs) -> list:
    """The 街镇 of each block: the polygon it overlaps most, or its value in ``field``."""
    from .lifecircle_plugin.core import units as U
    from .lifecircle_plugin.core.geometry import check_polygons

    if subdistricts is not None:
        _crs_of(subdistricts, "subdistricts")
        name_field = name_field or ("name" if "name" in subdistricts.columns else None)
        names = (_values(subdistricts, name_field, "subdistricts") if name_field
                 else [str(fid) for fid in _ids(subdistricts)])
        admin = check_polygons(_geometries(subdistricts, crs), _ids(subdistricts), "subdistricts")
        return U.subdistricts_from_polygons(polygons, admin, names, ids, "blocks", "subdistricts")
    if field:
        return U.subdistricts_from_field(_values(blocks, field, "blocks"), ids, "blocks", field)
    raise LifeCircleError(Msg("Give the 街镇: either subdistricts polygons or a subdistrict_field on the blocks. A "
                              "unit never crosses a 街镇 boundary."))


def _seeds(seeds, name_field, polygons, crs) -> tuple:
    """(seed points in ``crs``, their names, the block holding each or -1)."""
    from .lifecircle_plugin.core.geometry import points_in_polygons

    if seeds is None:
        return np.zeros((0, 2)), [], np.zeros(0, dtype=np.int64)
    xy = _locations(seeds, crs)
    names = ids_or_fids(_values(seeds, name_field, "seeds") if name_field else None, _ids(seeds))
    return xy, names, points_in_polygons(xy, polygons)


def _centre_label(u, ids, seed_ids) -> str:
    return f"seed {seed_ids[u.centre_seed]}" if u.centre_seed >= 0 else ids[u.centre_block]


def _units_frame(result, ids, seed_ids, crs, out_crs) -> gpd.GeoDataFrame:
    centres = gpd.GeoSeries(gpd.points_from_xy([u.centre_xy[0] for u in result.units],
                                               [u.centre_xy[1] for u in result.units]), crs=crs).to_crs(out_crs)
    rows = [{"unit_id": u.unit_id, "subdistrict": u.subdistrict, "population": float(u.population),
             "area_km2": round(u.area_km2, 4), "n_blocks": len(u.blocks), "unit_type": u.unit_type,
             "centre": _centre_label(u, ids, seed_ids), "centre_x": c.x, "centre_y": c.y,
             "max_walk_m": _num(u.max_walk, 1), "mean_walk_m": _num(u.mean_walk, 1),
             "compactness": round(u.compactness, 3), "below_min": bool(u.below_min),
             "above_max": bool(u.above_max), "beyond_walk": bool(u.beyond_walk), "meets_rules": bool(u.meets_rules),
             "flags": str(u.flag_text) or None, "locked": u.locked_label, "map_colour": int(u.map_colour)}
            for u, c in zip(result.units, centres)]
    geoms = _geoseries([_multi(u.geometry) for u in result.units], crs).to_crs(out_crs)
    return gpd.GeoDataFrame(pd.DataFrame(rows), geometry=geoms.values, crs=out_crs)


def _multi(geom):
    from shapely.geometry import MultiPolygon

    return MultiPolygon([geom]) if geom is not None and geom.geom_type == "Polygon" else geom


def _block_columns(result) -> dict:
    units = [result.units[k] for k in result.block_unit]
    return {"unit_id": [u.unit_id for u in units], "walk_m": [_num(w, 1) for w in result.block_walk],
            "is_centre": [bool(c) for c in result.block_is_centre], "map_colour": [int(u.map_colour) for u in units]}


def _centres_frame(result, ids, seed_ids, crs, out_crs) -> gpd.GeoDataFrame:
    rows = [{"unit_id": u.unit_id, "centre": _centre_label(u, ids, seed_ids), "is_seed": u.centre_seed >= 0,
             "population": float(u.population), "max_walk_m": _num(u.max_walk, 1),
             "meets_rules": bool(u.meets_rules)} for u in result.units]
    geoms = gpd.GeoSeries(gpd.points_from_xy([u.centre_xy[0] for u in result.units],
                                             [u.centre_xy[1] for u in result.units]), crs=crs).to_crs(out_crs)
    return gpd.GeoDataFrame(pd.DataFrame(rows), geometry=geoms.values, crs=out_crs)


def _line_coords(geom) -> list:
    """Coordinate arrays (k × 2) of the line parts of a geometry."""
    if geom is None or geom.is_empty:
        return []
    if geom.geom_type == "LineString":
        return [np.asarray(geom.coords, dtype=float)[:, :2]]
    return [c for g in getattr(geom, "geoms", []) for c in _line_coords(g)]


# ------------------------------------------------------------------------------------------------------------
# 4 · potential space


PARCEL_FIELDS = {"land_use": "land_use", "status": "status", "far": "far", "year": "building_year",
                 "ownership": "ownership", "area": "area_m2", "remark": "remark"}


def potential_space(parcels: gpd.GeoDataFrame, streets, zones: Optional[gpd.GeoDataFrame] = None,
                    zone_type_field: Optional[str] = None, zone_field: Optional[str] = None,
                    barriers: Optional[gpd.GeoDataFrame] = None, barrier_type_field: Optional[str] = "type",
                    elevated_values: Sequence[str] = DEFAULT_ELEVATED,
                    constraints: Optional[gpd.GeoDataFrame] = None, constraint_mode: str = "exclude",
                    constraint_mode_field: Optional[str] = None, constraint_name_field: Optional[str] = None,
                    coverage: Optional[gpd.GeoDataFrame] = None, coverage_population_field: str = "population",
                    profile="shanghai", thresholds=None, rules: Optional[str] = None,
                    land_use_table: Optional[str] = None, weights: Optional[str] = None, keep_all: bool = False,
                    snap_tolerance: float = 150.0, parcel_fields: Optional[dict] = None,
                    **network_options) -> gpd.GeoDataFrame:
    """Parcels that could take the missing facilities (lifecircle:potentialspace), scored, ranked and explained.

    ``parcel_fields`` maps land_use, status, far, year, ownership, area, remark to the parcels' field names
    (defaults: land_use, status, far, building_year, ownership, area_m2, remark; a default the frame lacks is
    skipped). ``coverage``: the "residents" frame of :func:`facility_coverage` (its d_Q01… fields say who lacks
    what). Returns the parcels with potential (every parcel with ``keep_all``), best first, with the algorithm's
    fields (kinds, main_kind, rules, area_used, …, score, rank, reason).
    """
    from .lifecircle_plugin.core import potential as pot

    prof = _profile(profile, thresholds)
    rule_set = pot.load_rules(rules)
    score_weights = pot.parse_weights(weights)
    if score_weights:
        rule_set = rule_set.with_settings(score_weights)
    land_use = pot.load_land_use(land_use_table)
    net = _network(streets, **network_options)
    crs = net.crs
    _require(parcels, "parcels")
    chosen = _parcel_fields(parcels, parcel_fields)
    geoms = _geometries(parcels, crs)
    values = {k: (_values(parcels, f, "parcels") if f else None) for k, f in chosen.items()}
    zone, zone_type = _parcel_zones(parcels, geoms, zones, zone_type_field, zone_field, crs)
    table = pot.ParcelTable(
        ids=_ids(parcels), geometries=geoms, zone=zone, zone_type=zone_type, layer="parcels",
        field_names={"FAR": chosen["far"] or "", "building year": chosen["year"] or "", "area": chosen["area"] or ""},
        **values)
    r = pot.potential_space(
        table, rule_set, prof, network=net,
        elevated_lines=_elevated_lines(barriers, barrier_type_field, elevated_values, net, crs),
        constraints=_constraints(constraints, constraint_mode, constraint_mode_field, constraint_name_field, crs),
        demand=_coverage_demand(coverage, coverage_population_field, prof, crs), land_use=land_use,
        snap_tolerance=snap_tolerance, keep_all=keep_all)
    return _potential_frame(r, parcels, crs)


def _parcel_zones(parcels, geoms, zones, type_field, zone_field, crs) -> tuple:
    """(zone of each parcel, its zone's type): the zone holding the parcel's point on surface
    (core potential_report), or the parcels' ``zone_field``; (None, None) without either."""
    from .lifecircle_plugin.core.potential_report import zones_of_parcels

    if zones is None:
        return (_values(parcels, zone_field, "parcels") if zone_field else None), None
    _crs_of(zones, "zones")
    return zones_of_parcels(geoms, _geometries(zones, crs), _ids(zones),
                            _values(zones, type_field, "zones") if type_field else None)


def _parcel_fields(parcels, given: Optional[dict]) -> dict:
    chosen = {}
    for key, default in PARCEL_FIELDS.items():
        name = (given or {}).get(key, default)
        if name and name not in parcels.columns:
            if given and key in given:
                _values(parcels, name, "parcels")  # (raises, naming the fields)
            name = None
        chosen[key] = name or None
    return chosen


def _elevated_lines(barriers, type_field, wanted_values, net, crs) -> list:
    """The elevated roads: the barriers of the elevated types (all of them without a type field), else the
    network's lines of the excluded classes."""
    from .lifecircle_plugin.core.potential_report import of_types

    if barriers is not None:
        _crs_of(barriers, "barriers")
        lines = _geometries(barriers, crs)
        if type_field and type_field in barriers.columns:
            return [lines[i] for i in of_types(_values(barriers, type_field, "barriers"), list(wanted_values))
                    if lines[i] is not None]
        if type_field and type_field != "type":
            _values(barriers, type_field, "barriers")  # (raises, naming the fields)
        return [g for g in lines if g is not None]
    classes = getattr(net, "road_classes", None)
    excluded = list(getattr(net, "excluded_classes", DEFAULT_EXCLUDED))
    if not classes or not [c for c in excluded if str(c).strip()]:
        return []
    lines = _geometries(net.streets, crs)
    return [lines[i] for i in of_types(classes, excluded) if lines[i] is not None]


def _constraints(frame, default_mode, mode_field, name_field, crs) -> list:
    from .lifecircle_plugin.core.potential import Constraint, constraint_mode

    if frame is None:
        return []
    _crs_of(frame, "constraints")
    fids = _ids(frame)
    modes = _values(frame, mode_field, "constraints") if mode_field else None
    names = _values(frame, name_field, "constraints") if name_field else None
    out = []
    for i, g in enumerate(_geometries(frame, crs)):
        if g is None or g.geom_type not in ("Polygon", "MultiPolygon"):
            continue
        mode = constraint_mode(modes[i] if modes else None, default_mode, fids[i], "constraints", mode_field)
        label = names[i] if names else None
        out.append(Constraint(geometry=g, mode=mode, name=str(label) if label is not None else "constraints"))
    return out


def _coverage_demand(coverage, pop_field, prof, crs):
    from .lifecircle_plugin.core import potential as pot
    from .lifecircle_plugin.core.coverage import category_weights, clean_population
    from .lifecircle_plugin.core.potential_report import distance_fields

    if coverage is None:
        return None
    _crs_of(coverage, "coverage")
    d_fields = distance_fields([str(c) for c in coverage.columns], prof.codes)
    if not d_fields:
        raise LifeCircleError(Msg("Layer '{}' has no distance fields d_Q01…d_M10: give the \"residents\" frame of "
                                  "facility_coverage as coverage.", "coverage"))
    fids = _ids(coverage)
    population = clean_population(_values(coverage, pop_field, "coverage"), fids, "coverage", pop_field)
    distances = {c: pot.clean_distances(_values(coverage, f, "coverage"), fids, "coverage", f)
                 for c, f in d_fields.items()}
    groups = _resident_groups(coverage, population, prof)
    weights, _ = category_weights(prof, list(d_fields), population, groups)
    return pot.CoverageDemand(xy=_locations(coverage, crs), population=population, distances=distances,
                              layer="coverage", weights=weights)


def _potential_frame(r, parcels, crs) -> gpd.GeoDataFrame:
    order = sorted(np.flatnonzero(r.kept).tolist(), key=lambda i: (r.rank[i] == 0, r.rank[i], i))
    comp = r.components
    rows, geoms = [], []
    clipped = _geoseries([r.geometry[i] for i in order], crs).to_crs(parcels.crs) if order else []
    for k, i in enumerate(order):
        pot_ = bool(r.potential[i])
        row = {"kinds": ";".join(r.kinds[i]) or None, "main_kind": r.main_kind[i],
               "rules": ";".join(r.rules[i]) or None, "area_used": _num(r.area[i], 1),
               "clipped_m2": _num(r.clipped_m2[i], 1), "constraint": "、".join(r.constraints[i]) or None,
               "in_res_zone": bool(r.residential_zone[i]), "ref_far": _num(r.ref_far[i], 2),
               "access_m": _num(r.access_m[i], 1)}
        row.update({f"u_{c}": _num(r.uncovered[i, j], 0) for j, c in enumerate(r.codes)})
        row.update(need=_num(r.need[i], 1) if pot_ else None, fits=";".join(r.fits[i]) or None,
                   gaps=";".join(r.gaps[i]) or None, gaps_zh="、".join(r.names_zh[c] for c in r.gaps[i]) or None)
        row.update({f"s_{k_}" if k_ != "ownership" else "s_owner": _num(comp[k_][i], 2) if pot_ else None
                    for k_ in ("kind", "need", "area", "ownership")})
        row.update(score=_num(r.score[i], 2), rank=int(r.rank[i]) if pot_ else None, reason=r.reasons[i] or None)
        rows.append(row)
        geoms.append(_multi(clipped.iloc[k] if r.geometry[i] is not None else parcels.geometry.iloc[i]))
    base = parcels.iloc[order]
    table = pd.DataFrame(rows, columns=None if rows else [])
    out = _with_columns(base, {c: table[c].tolist() for c in table.columns})
    return out.set_geometry(_geoseries(geoms, parcels.crs, out.index))


# ------------------------------------------------------------------------------------------------------------
# 4 · siting




def site_facilities(candidates: gpd.GeoDataFrame, demand: gpd.GeoDataFrame, streets=None, model: str = "mclp",
                    p: int = 3, target: float = 85.0, max_distance: float = 0.0, category: Optional[str] = None,
                    profile="shanghai", threshold: float = 0.0, population_field: str = "population",
                    candidate_id_field: Optional[str] = None, demand_id_field: Optional[str] = None,
                    existing: Optional[gpd.GeoDataFrame] = None, existing_category_field: Optional[str] = None,
                    existing_id_field: Optional[str] = None, solver: str = "auto", time_limit: float = 60.0,
                    snap_tolerance: float = 150.0, cost_matrix: Optional[pd.DataFrame] = None,
                    origin_field: str = "origin_id", destination_field: str = "destination_id",
                    cost_field: str = "cost", **network_options) -> dict:
    """Sites chosen among ``candidates`` (lifecircle:siting): MCLP (``p`` sites covering the most residents),
    LSCP (fewest sites to reach ``target`` %) or p-median (least population-weighted walk).

    ``threshold`` 0 takes the ``category``'s (e.g. "Q05": 500 m) from the profile; with a category the demand is
    the residents it serves (e.g. pop_60p) when the frame carries them. Distances come from ``streets`` (a frame
    or a network) or from ``cost_matrix`` (a table: one row per resident → candidate or existing facility, ids as
    the id fields give them — the index without them —, cost in metres). Returns {"sites", "allocation":
    GeoDataFrames with the algorithm's fields, "summary": dict (objective, coverage before/after in %, gap, …)}.
    """
    from .lifecircle_plugin.core.coverage import category_weights, clean_population
    from .lifecircle_plugin.core.siting import candidate_names
    from .lifecircle_plugin.core.siting.run import distance_limit, solve_siting

    threshold, category, prof = _siting_threshold(model, threshold, category, profile)
    if (streets is None) == (cost_matrix is None):
        raise LifeCircleError(Msg("Give either streets (a walking network) or a cost_matrix (one of the two): "
                                  "distances come from one of them."))
    net = None if streets is None else _network(streets, **network_options)
    crs = net.crs if net is not None else _crs_of(demand, "residents")
    _require(candidates, "candidates")
    _require(demand, "residents")
    cand_xy, dem_xy = _locations(candidates, crs), _locations(demand, crs)
    ex_rows = _existing_rows(existing, existing_category_field, category, prof)
    ex_xy = None if existing is None else (_locations(existing, crs)[ex_rows] if ex_rows else np.zeros((0, 2)))
    population = clean_population(_values(demand, population_field, "residents"), _ids(demand), "residents",
                                  population_field)
    if category:  # the category's own residents (e.g. 60+ for elderly care) when the frame carries the group
        weights, _ = category_weights(prof, [category], population, _resident_groups(demand, population, prof))
        population = weights.get(category, population)
    dem_ids = _site_ids(demand, demand_id_field, "residents")
    cand_ids = (_site_ids(candidates, candidate_id_field, "candidates") if candidate_id_field or net is None
                else candidate_names(
        {c: _values(candidates, c, "candidates") for c in candidates.columns if c != candidates.geometry.name},
        _ids(candidates), "candidates"))
    ex_ids = [_site_ids(existing, existing_id_field, "existing facilities")[i] for i in ex_rows]
    limit = distance_limit(model, threshold, max_distance or None)
    if net is not None:
        cost, ex_cost = _network_costs(net, cand_xy, dem_xy, ex_xy, limit, snap_tolerance, _ids(candidates))
    else:
        cost, ex_cost = _table_costs(cost_matrix, (origin_field, destination_field, cost_field),
                                     (demand, demand_id_field, dem_ids), (candidates, candidate_id_field, cand_ids),
                                     (existing, existing_id_field, ex_ids, ex_rows))
    r = solve_siting(model, cost, population, threshold=threshold, p=p, target=float(target) / 100.0,
                     max_distance=max_distance or None, existing_cost=ex_cost, solver=solver, time_limit=time_limit)
    cat_name = prof.category(category).name_zh if category else ""
    return {"sites": _sites_frame(r, candidates, cand_ids, category, cat_name, population),
            "allocation": _allocation_frame(r, demand, cand_xy, dem_xy, ex_xy, cand_ids, dem_ids, ex_ids, crs,
                                            population),
            "summary": _siting_summary(r, cand_ids, category)}


def _siting_threshold(model: str, threshold: float, category: Optional[str], profile) -> tuple:
    """(threshold in metres or None, the category's code or "", the profile or None): a threshold of 0 is the
    category's; the covering models need one."""
    if model not in MODELS:
        raise LifeCircleError(Msg("Unknown model '{}': use one of {}.", model, ", ".join(MODELS)))
    threshold = float(threshold) or None
    category = (category or "").strip().upper()
    prof = None
    if category:
        prof = _profile(profile)
        cat = prof.category(category)
        category = cat.code
        if threshold is None:
            threshold = float(cat.threshold_m)
    if threshold is None and model != "pmedian":
        raise LifeCircleError(Msg("Give a threshold in metres or a category (e.g. Q05) whose threshold the profile "
                                  "holds: the covering models need to know what distance counts as covered."))
    return threshold, category, prof


def _existing_rows(existing, category_field, category, prof) -> list:
    """The rows of ``existing`` that count: those of the category when its category field is given, else all."""
    if existing is None:
        return []
    _crs_of(existing, "existing facilities")
    if not (category_field and category):
        return list(range(len(existing)))
    codes, _ = checklist.load_mapping("auto", valid_codes=set(prof.codes)).map_values(
        _values(existing, category_field, "existing facilities"))
    return [i for i, c in enumerate(codes) if c == category]


def _siting_summary(r, cand_ids, category) -> dict:
    """The solver's summary with the algorithm's output values (objective, shares and gap in %, solver used)."""
    from .lifecircle_plugin.core.siting.report import headline

    h = headline(r, cand_ids, category)
    return {**h["summary"], "objective": h["OBJECTIVE"], "coverage_before": h["COVERAGE_BEFORE"],
            "coverage_after": h["COVERAGE_AFTER"], "optimality_gap": h["OPTIMALITY_GAP"],
            "solver_used": h["SOLVER_USED"]}


def _site_ids(frame, field, name) -> list:
    from .lifecircle_plugin.core.siting import normalise_id

    if field:
        return [normalise_id(v) if normalise_id(v) is not None else f"#{fid}"
                for v, fid in zip(_values(frame, field, name), _ids(frame))]
    return [str(fid) for fid in _ids(frame)]


def _network_costs(net, cand_xy, dem_xy, ex_xy, limit, tol, cand_fids):
    from .lifecircle_plugin.core.errors import listed

    cand_snap = net.snap(cand_xy, tol)
    if len(cand_snap.beyond):
        raise LifeCircleError(Msg("Layer '{}': {} candidate site(s) lie farther than the snap tolerance ({:g} m) from "
                                  "any walkable street, or have no geometry (ids {}).", "candidates",
                                  len(cand_snap.beyond), tol, listed([cand_fids[i] for i in cand_snap.beyond])))
    sets = {"cand": cand_snap, "dem": net.snap(dem_xy, tol)}
    if ex_xy is not None and len(ex_xy):
        sets["ex"] = net.snap(ex_xy, tol)
    router = net.router(sets)
    cost = router.distance_matrix("cand", "dem", limit=limit).T.tocsr()
    ex_cost = router.distance_matrix("ex", "dem", limit=limit).T.tocsr() if "ex" in sets else None
    return cost, ex_cost


def _table_costs(table, fields, demand, candidates, existing) -> tuple:
    """(candidate costs, existing costs) from a long cost table; ids must be present and unique to be matched."""
    from .lifecircle_plugin.core.siting import cost_matrix_from_table, unique_ids

    missing = [f for f in fields if f not in table.columns]
    if missing:
        raise LifeCircleError(Msg("Cost matrix has no column {} (columns: {}).", ", ".join(repr(m) for m in missing),
                                  ", ".join(str(c) for c in table.columns)))
    for (frame, field, _), name in ((demand, "residents"), (candidates, "candidates")):
        unique_ids(_values(frame, field, name) if field else _ids(frame), _ids(frame), name, field or "feature id")
    frame, field, ex_ids, rows = existing
    if frame is not None:
        raw = _values(frame, field, "existing facilities") if field else _ids(frame)
        unique_ids([raw[i] for i in rows], [_ids(frame)[i] for i in rows], "existing facilities",
                   field or "feature id")
    o, d, c = ([_plain(v) for v in table[f].tolist()] for f in fields)
    out = cost_matrix_from_table(o, d, c, demand[2], candidates[2], ex_ids if frame is not None else None,
                                 table="cost matrix", fields=tuple(fields))
    return out.candidates, out.existing


def _sites_frame(r, candidates, cand_ids, category, cat_name, population) -> gpd.GeoDataFrame:
    """The chosen candidates in rank order with the algorithm's site fields (core siting.report)."""
    from .lifecircle_plugin.core.siting.report import SITE_FIELDS, site_rows

    table = pd.DataFrame(site_rows(r, population, cand_ids, category, cat_name), columns=list(SITE_FIELDS))
    table["solver"] = table["solver"].map(str)
    return _with_columns(candidates.iloc[list(r.sites)], {c: table[c].tolist() for c in table.columns})


def _allocation_frame(r, demand, cand_xy, dem_xy, ex_xy, cand_ids, dem_ids, ex_ids, crs, population):
    from shapely.geometry import LineString

    rank_of = {int(j): k + 1 for k, j in enumerate(r.sites)}
    rows, geoms = [], []
    for i, site, ex, dist, newly in zip(r.alloc_demand, r.alloc_site, r.alloc_existing, r.alloc_distance,
                                        r.alloc_newly_covered):
        a = dem_xy[i]
        if site >= 0:
            b, sid, kind, rank = cand_xy[site], cand_ids[site], "new", rank_of.get(int(site))
        else:
            b = ex_xy[ex] if (ex_xy is not None and ex >= 0) else None
            sid = ex_ids[ex] if (ex_xy is not None and ex >= 0) else None
            kind, rank = "existing", None
        ok = b is not None and np.isfinite(a).all() and np.isfinite(b).all()
        geoms.append(LineString([tuple(a), tuple(b)]) if ok else None)
        rows.append({"demand_id": dem_ids[i], "site_id": sid, "site_kind": kind, "site_rank": rank,
                     "distance_m": _num(dist, 1), "population": float(population[i]), "newly_cov": bool(newly)})
    columns = ["demand_id", "site_id", "site_kind", "site_rank", "distance_m", "population", "newly_cov"]
    table = pd.DataFrame(rows, columns=columns)
    return gpd.GeoDataFrame(table, geometry=_geoseries(geoms, crs).to_crs(demand.crs).values,
                            crs=demand.crs)


# ------------------------------------------------------------------------------------------------------------
# residents: population on buildings


METHODS = ("floor_area", "footprint", "count")
GROUP_FIELDS = (("age_0_3_field", "0-3"), ("age_3_6_field", "3-6"), ("age_6_12_field", "6-12"),
                ("age_60_field", "60+"), ("age_80_field", "80+"))


def distribute_population(buildings: gpd.GeoDataFrame, census_areas: gpd.GeoDataFrame,
                          population_field: str = "population", census_id_field: Optional[str] = None,
                          floors_field: Optional[str] = None, height_field: Optional[str] = None,
                          storey_height: Optional[float] = None, use_field: Optional[str] = None,
                          residential_values: str = RESIDENTIAL_WORDS, method: str = "floor_area",
                          age_0_3_field: Optional[str] = None, age_3_6_field: Optional[str] = None,
                          age_6_12_field: Optional[str] = None, age_60_field: Optional[str] = None,
                          age_80_field: Optional[str] = None) -> gpd.GeoDataFrame:
    """Census population shared over residential buildings (lifecircle:distributepopulation): one resident point
    per building, whole numbers, by floor area (footprint × floors; floors from ``floors_field`` or the height ÷
    ``storey_height``), footprint or count; age groups shared alike. Returns the points in the buildings' CRS with
    the buildings' fields, census_id, population, pop_0_3 … (the groups given), basis, split and note."""
    from .lifecircle_plugin.core.population import distribute_population as run

    if method not in METHODS:
        raise LifeCircleError(Msg("Unknown method '{}': use one of {}.", method, ", ".join(METHODS)))
    if method == "floor_area" and not (floors_field or height_field):
        raise LifeCircleError(Msg("Sharing by floor area needs the buildings' floors or height: give floors_field or "
                                  "height_field, or method='footprint'."))
    _require(census_areas, "census")
    _require(buildings, "buildings")
    crs = working_crs(buildings, "buildings")  # (the output is in the buildings' CRS)
    group_fields = dict(zip([k for _, k in GROUP_FIELDS], (age_0_3_field, age_3_6_field, age_6_12_field,
                                                           age_60_field, age_80_field)))
    polygons, ids, population, groups = _census(census_areas, crs, census_id_field, population_field, group_fields)
    shapes = [g if g is not None and g.geom_type in ("Polygon", "MultiPolygon") else None
              for g in _geometries(buildings, crs)]
    floors = (_building_floors(buildings, floors_field, height_field, storey_height) if method == "floor_area"
              else None)
    r = run(polygons, population, shapes, census_groups=groups, floors=floors,
            residential=_residential(buildings, use_field, residential_values), method=method, census_ids=ids,
            census_layer="census")
    return _population_points(r, buildings, ids, crs)


def _census(census_areas, crs, id_field, pop_field, group_fields: dict) -> tuple:
    """(polygons in ``crs``, ids, population, {group key: counts}) of the census polygons, checked."""
    from .lifecircle_plugin.core.coverage import clean_population
    from .lifecircle_plugin.core.geometry import check_polygons

    fids = _ids(census_areas)
    polygons = check_polygons(_geometries(census_areas, crs), fids, "census")
    ids = ids_or_fids(_values(census_areas, id_field, "census") if id_field else None, fids)
    population = clean_population(_values(census_areas, pop_field, "census"), fids, "census", pop_field)
    groups = {k: clean_population(_values(census_areas, f, "census"), fids, "census", f, allow_all_zero=True)
              for k, f in group_fields.items() if f}
    return polygons, ids, population, groups


def _residential(buildings, use_field, residential_values) -> np.ndarray:
    """Whether people live in each building: its use is one of ``residential_values`` (all without a use field)."""
    from .lifecircle_plugin.core.typed import split_list, word_key

    if not use_field:
        return np.ones(len(buildings), bool)
    words = {word_key(w) for w in split_list(residential_values)}
    homes = np.array([word_key(v) in words for v in _values(buildings, use_field, "buildings")], bool)
    if not homes.any():
        raise LifeCircleError(Msg("Layer '{}': no building has a residential use in field '{}'.", "buildings",
                                  use_field))
    return homes


def _building_floors(buildings, floors_field, height_field, storey_height) -> np.ndarray:
    from .lifecircle_plugin.core.people_defaults import DEFAULT_STOREY_M
    from .lifecircle_plugin.core.population import floors_from

    n = len(buildings)
    floors, _ = floors_from(_values(buildings, floors_field, "buildings") if floors_field else [None] * n,
                            _values(buildings, height_field, "buildings") if height_field else None,
                            DEFAULT_STOREY_M if storey_height is None else storey_height)
    return floors


def _population_points(r, buildings, ids, crs) -> gpd.GeoDataFrame:
    """One point per resident building (or empty census polygon) with the building's fields and the shares; the
    building fields the output writes itself (census_id, population, pop_0_3 …) are left out, as in QGIS."""
    from .lifecircle_plugin.core.groups import group, group_fields

    reserved = {"census_id", "population", "basis", "split", "note"} | set(group_fields())
    kept = [c for c in buildings.columns if c != buildings.geometry.name and str(c).lower() not in reserved]
    note = "no residential building in the census polygon: its residents on a point inside it"
    rows = []
    for i in range(len(r.population)):
        b = int(r.building[i])
        row = {c: (_plain(buildings[c].iloc[b]) if b >= 0 else None) for c in kept}
        row.update(census_id=ids[int(r.census[i])], population=int(r.population[i]))
        row.update({group(k).field: int(r.groups[k][i]) for k in r.groups})
        row.update(basis=round(float(r.basis[i]), 1) if b >= 0 else None, split=bool(r.split[i]),
                   note=None if b >= 0 else note)
        rows.append(row)
    xy = np.asarray(r.xy, dtype=float).reshape(-1, 2)
    points = gpd.GeoSeries(gpd.points_from_xy(xy[:, 0], xy[:, 1]), crs=crs).to_crs(buildings.crs)
    columns = kept + ["census_id", "population", *(group(k).field for k in r.groups), "basis", "split", "note"]
    return gpd.GeoDataFrame(pd.DataFrame(rows, columns=columns), geometry=points.values,
                            crs=buildings.crs)
