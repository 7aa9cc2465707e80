"""Service-area polygons at district scale (issue 21, part 2): all 20 categories' SERVICE_AREAS polygons.

The district city of scripts/bench_city.py; the whole facility-coverage core is run once (without the per-facility
reach, which the service areas do not need), then every category's reached street pieces are made and their
buffered union (50 m, the SERVICE_AREA_BUFFER default) built — timed apart. The previous implementation (one shapely
line per piece, one buffer per piece, a tiled cascade of unions: kept below as the peer) is timed side by side on
``--old`` categories, and its polygons are compared with the new ones: what the new one adds (the round outer side
of bends at joined junctions, core/street_joins.py) and what it leaves out (nothing but float noise).

    .venv/bin/python scripts/bench_service_areas.py [--size district] [--old Q01,Q10]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "build"))
sys.path.insert(0, str(ROOT / "scripts"))

WIDTH = 50.0


def old_pieces(network, router, source_set, mask, threshold):
    """The previous reachable_pieces (commit e00a368): one shapely line per reached piece."""
    from shapely.geometry import LineString
    from shapely.ops import substring

    field_ = router.distance_field(source_set, limit=threshold, source_mask=mask)
    L = network.edge_length
    du, dv = field_[network.edge_u], field_[network.edge_v]
    reach_u = np.where(np.isfinite(du), np.clip(threshold - du, 0, None), 0.0)
    reach_v = np.where(np.isfinite(dv), np.clip(threshold - dv, 0, None), 0.0)
    intervals: dict = {}
    for e in np.flatnonzero((reach_u > 0) | (reach_v > 0)).tolist():
        iv = intervals.setdefault(e, [])
        if reach_u[e] > 0:
            iv.append((0.0, min(L[e], reach_u[e])))
        if reach_v[e] > 0:
            iv.append((max(0.0, L[e] - reach_v[e]), L[e]))
    s = router.point_sets[source_set]
    _, j_edge, j_offset, j_access = s.joins(np.flatnonzero((s.edge >= 0) & np.asarray(mask, bool)))
    for e, offset, r in zip(j_edge.tolist(), j_offset.tolist(), (threshold - j_access).tolist()):
        if r > 0:
            intervals.setdefault(e, []).append((max(0.0, offset - r), min(L[e], offset + r)))
    pieces = []
    for e, iv in intervals.items():
        merged = []
        for a, b in sorted(iv):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        line = LineString(network.edge_coords(e))
        for a, b in merged:
            if b - a <= 0:
                continue
            if a <= 0 and b >= L[e]:
                pieces.append(line)
                continue
            piece = substring(line, a, b)
            if piece.geom_type == "LineString" and not piece.is_empty and piece.length > 0:
                pieces.append(piece)
    return pieces


def old_polygon(pieces, width, tile=2000.0):
    """The previous service_area_polygon (commit e00a368): each piece buffered alone, unions per tile, then of
    the tiles."""
    from shapely.ops import unary_union

    first = np.array([p.coords[0][:2] for p in pieces])
    key = np.floor(first / tile).astype(np.int64)
    order = np.lexsort((key[:, 1], key[:, 0]))
    ks = key[order]
    bounds = np.flatnonzero(np.any(ks[1:] != ks[:-1], axis=1)) + 1
    parts = [unary_union([pieces[i].buffer(width, resolution=4, cap_style=2) for i in g])
             for g in np.split(order, bounds)]
    return unary_union(parts)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="district")
    parser.add_argument("--old", default="Q10,Q01", help="categories the previous implementation is timed on")
    args = parser.parse_args(argv)
    import shapely

    from bench_city import make_city
    from lifecircle.lifecircle_plugin.core.checklist import load_profile
    from lifecircle.lifecircle_plugin.core.coverage import facility_coverage
    from lifecircle.lifecircle_plugin.core.network import NetworkOptions, build_network
    from lifecircle.lifecircle_plugin.core.service_areas import service_area_polygons, tile_workers

    city = make_city(args.size)
    profile = load_profile("shanghai")
    t = time.perf_counter()
    net = build_network(city.street_wkb, NetworkOptions(), classes=city.street_class)
    r = facility_coverage(net, profile, city.facility_xy, city.facility_code, city.residents_xy, city.population,
                          unit_polygons=city.unit_polygons, facility_reach=False, service_areas=True)
    print(f"service areas: {city.summary()}; shapely {shapely.__version__}; network + coverage core "
          f"{time.perf_counter() - t:.1f} s (not counted below)", flush=True)
    # as the algorithm does: all categories through service_area_polygons (the next category's pieces made and its
    # tiles buffered while this one's are united); the time of a category is from the previous one's hand-over
    new = {}
    codes = [c for c in r.codes if c in r.service_areas]
    t0 = t = time.perf_counter()
    for c, street_m, poly in service_area_polygons(codes, r.service_areas.pieces, WIDTH):
        new[c] = poly
        now = time.perf_counter()
        print(f"  {c} {r.thresholds[c]:5.0f} m  {street_m / 1000:8,.0f} km of street   {now - t:6.2f} s   "
              f"{poly.area / 1e6:7.2f} km²", flush=True)
        t = now
    total = time.perf_counter() - t0
    print(f"  LifeCircle, {len(new)} categories (pieces and polygons, {tile_workers()} tile threads): {total:.1f} s",
          flush=True)
    fac = np.array(r.facility_code, dtype=object)
    router = net.router({"fac": net.snap(city.facility_xy, 150.0)})
    for c in [c for c in args.old.split(",") if c in new]:
        t = time.perf_counter()
        pieces = old_pieces(net, router, "fac", fac == c, r.thresholds[c])
        t1 = time.perf_counter() - t
        t = time.perf_counter()
        old = old_polygon(pieces, WIDTH)
        t2 = time.perf_counter() - t
        gained = new[c].difference(old).area / old.area
        lost = old.difference(new[c]).area / old.area
        print(f"  previous, {c}: pieces {t1:.2f} s + polygon {t2:.2f} s = {t1 + t2:.1f} s; the new polygon adds "
              f"{gained:.2e} of the area (the joins through junctions) and leaves out {lost:.1e}", flush=True)
    print(f"  goal: ≤ 30 s for the {len(new)} categories — {'met' if total <= 30 else 'missed'} "
          f"({total:.1f} s; the previous implementation took 519 s in the district cancel-gaps run)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
