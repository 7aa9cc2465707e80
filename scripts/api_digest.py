"""Runs every lifecircle.api function on the sample district and writes what they return (fields, values, geometry
bounds to the millimetre) as JSON — to compare the api between environments, e.g. geopandas 0.12 + shapely 1.8
(the test venv) and geopandas 1.x + shapely 2 (a notebook), which need no QGIS:

    .venv/bin/python scripts/api_digest.py --out a.json
    /other/venv/bin/python scripts/api_digest.py --out b.json
    .venv/bin/python scripts/api_digest.py --compare a.json b.json      # names what differs, exit 1 if anything
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "sample" / "sample_district.gpkg"


def _frame(frame) -> dict:
    table = frame.drop(columns=frame.geometry.name)
    rows = [[_plain(v) for v in row] for row in table.itertuples(index=False)]
    bounds = [None if g is None or g.is_empty else [round(c, 3) for c in g.bounds] for g in frame.geometry]
    return {"columns": [str(c) for c in table.columns], "rows": rows, "bounds": bounds, "crs": str(frame.crs)}


def _plain(v):
    if hasattr(v, "item"):
        v = v.item()
    return None if isinstance(v, float) and math.isnan(v) else v


def digest() -> dict:
    sys.path.insert(0, str(ROOT / "build"))  # (the link build/lifecircle → the repository, as the tests use it)
    import geopandas as gpd
    import shapely

    from lifecircle import api

    read = {n: gpd.read_file(SAMPLE, layer=n) for n in ("streets", "residents", "facilities", "blocks",
                                                       "subdistricts", "barriers", "parcels", "buildings")}
    net = api.walking_network(read["streets"])
    out = {"versions": {"geopandas": gpd.__version__, "shapely": shapely.__version__},
           "edges": _frame(api.network_edges(net))}
    cov = api.facility_coverage(read["residents"], read["facilities"], net, units=read["blocks"],
                                unit_id_field="block_id", one_stop_field="is_one_stop", area_field="area_m2",
                                service_areas=True)
    out.update({f"coverage_{k}": _frame(cov[k]) for k in ("residents", "units", "facilities", "service_areas")})
    units = api.delineate_units(read["blocks"], net, block_id_field="block_id", block_type_field="block_type",
                                subdistricts=read["subdistricts"], barriers=read["barriers"], preset="own",
                                pop_min=15000, pop_max=35000, max_walk=1500)
    out.update({f"units_{k}": _frame(v) for k, v in units.items()})
    out["potential"] = _frame(api.potential_space(read["parcels"], net, zones=read["blocks"],
                                                  zone_type_field="block_type", barriers=read["barriers"],
                                                  coverage=cov["residents"]))
    idle = read["parcels"][read["parcels"].status.isin(["idle", "vacant"])]
    sites = api.site_facilities(idle, read["residents"], net, category="Q05", candidate_id_field="parcel_id",
                                demand_id_field="resident_id", existing=read["facilities"],
                                existing_category_field="category")
    out["sites"], out["allocation"] = _frame(sites["sites"]), _frame(sites["allocation"])
    out["points"] = _frame(api.distribute_population(read["buildings"], read["blocks"], census_id_field="block_id",
                                                     floors_field="floors", use_field="use",
                                                     age_60_field="pop_60p"))
    lonlat = {k: read[k].to_crs("EPSG:4326") for k in ("streets", "residents", "facilities")}
    out["coverage_lonlat"] = _frame(api.facility_coverage(lonlat["residents"], lonlat["facilities"],
                                                          lonlat["streets"])["residents"])
    return out


def _same(a, b) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return abs(a - b) <= 1e-6 * max(1.0, abs(a))
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return a == b


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path)
    parser.add_argument("--compare", nargs=2, type=Path)
    args = parser.parse_args()
    if args.compare:
        a, b = (json.loads(p.read_text(encoding="utf-8")) for p in args.compare)
        differ = [k for k in a if k != "versions" and not _same(a.get(k), b.get(k))]
        print(f"{a['versions']} vs {b['versions']}: " + (f"differ in {', '.join(differ)}" if differ else
                                                         f"the same ({len(a) - 1} outputs)"))
        return 1 if differ else 0
    data = digest()
    text = json.dumps(data, ensure_ascii=False, default=str)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    print(f"{len(data) - 1} outputs, geopandas {data['versions']['geopandas']}, shapely {data['versions']['shapely']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
