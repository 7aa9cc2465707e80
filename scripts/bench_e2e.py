"""`make bench` case e2e: facility coverage end to end through qgis_process, against the floor and a bare start.

The district case of scripts/bench_city.py (~190,000 street lines, 100,000 resident points, 10,000 facilities in
20 categories, units) is written once into GeoPackages under build/bench-e2e/<size>/ (moved into a CGCS2000
Gauss-Krüger zone, EPSG:4549, around Shanghai). One run then measures, each ``--runs`` times (median):

  bare start — ``qgis_process.bin run native:centroids`` on a one-point layer, with the same profile and plugin
               path as the coverage run (the application, its providers and the plugin started; ``--version``
               does not start the Processing application, so it is not used);
  floor      — in one Python process: reading the same GeoPackages with OGR (only the needed attributes), building
               the walking network, snapping residents and facilities, and 20 compiled multi-source
               scipy.sparse.csgraph.dijkstra runs (3 km, the search limit) — what no coverage run can avoid;
  e2e        — ``qgis_process.bin run lifecircle:facilitycoverage`` with GeoPackage outputs (residents, units,
               facilities), LIFECIRCLE_PHASES=1 so that the algorithm prints its phase timings;

and prints the ratio e2e / (floor + bare start) (the goal: ≤ 2). ``--profile FILE`` instead runs the algorithm
once in this process under cProfile (processing.run in a standalone QgsApplication) and saves the statistics.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from plugin_package import use_plugin_package  # noqa: E402

use_plugin_package()
QGIS_PROCESS = shutil.which("qgis_process.bin") or "/usr/bin/qgis_process.bin"
EPSG = 4549
OFFSET = (620_000.0, 3_440_000.0)  # the synthetic city's (0, 0), in EPSG:4549: west of central Shanghai
NOT_WALKABLE = ("motorway", "motorway_link")


# -- data ---------------------------------------------------------------------------------------------------
def data_dir(size: str) -> Path:
    return ROOT / "build" / "bench-e2e" / size


def make_data(size: str) -> Path:
    """The GeoPackages of the ``size`` case (made once; a stamp file says they are complete)."""
    folder = data_dir(size)
    if (folder / "done").exists():
        return folder
    from osgeo import osr
    from shapely import affinity, wkb

    from bench_city import make_city

    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    t = time.perf_counter()
    city = make_city(size)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(EPSG)
    moved = [affinity.translate(wkb.loads(bytes(w)), *OFFSET).wkb for w in city.street_wkb]
    _write(folder / "streets.gpkg", "LineString", srs, [("highway", "String")], moved,
           [[c] for c in city.street_class])
    rng = np.random.default_rng(11)
    _write(folder / "residents.gpkg", "Point", srs, [("res_id", "Integer"), ("name", "String"), ("population", "Real")],
           _point_wkbs(city.residents_xy), [[i, f"楼 {i}", float(p)] for i, p in enumerate(city.population)])
    area = np.round(rng.gamma(2.0, 150.0, len(city.facility_xy)), 1)
    _write(folder / "facilities.gpkg", "Point", srs,
           [("fac_id", "Integer"), ("name", "String"), ("category", "String"), ("area_m2", "Real")],
           _point_wkbs(city.facility_xy),
           [[i, f"设施 {i}", c, float(a)] for i, (c, a) in enumerate(zip(city.facility_code, area))])
    _write(folder / "units.gpkg", "Polygon", srs, [("unit_id", "String")],
           [affinity.translate(u, *OFFSET).wkb for u in city.unit_polygons],
           [[f"U{i:03d}"] for i in range(len(city.unit_polygons))])
    _write(folder / "one_point.gpkg", "Point", srs, [("id", "Integer")], _point_wkbs(np.zeros((1, 2))), [[1]])
    (folder / "summary.txt").write_text(city.summary() + "\n", encoding="utf-8")
    (folder / "done").write_text("ok\n")
    print(f"  data: {city.summary()} — written to {folder} in {time.perf_counter() - t:.1f} s", flush=True)
    return folder


def _point_wkbs(xy: np.ndarray) -> list:
    """Little-endian WKB points at ``xy`` + OFFSET."""
    import struct

    return [struct.pack("<BIdd", 1, 1, x + OFFSET[0], y + OFFSET[1]) for x, y in np.asarray(xy).tolist()]


def _write(path: Path, geom_type: str, srs, fields, wkbs, rows) -> None:
    from osgeo import ogr

    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    layer = ds.CreateLayer(path.stem, srs, getattr(ogr, f"wkb{geom_type}"))
    for name, kind in fields:
        layer.CreateField(ogr.FieldDefn(name, getattr(ogr, f"OFT{kind}")))
    defn = layer.GetLayerDefn()
    layer.StartTransaction()
    for wkb, row in zip(wkbs, rows):
        f = ogr.Feature(defn)
        f.SetGeometry(ogr.CreateGeometryFromWkb(bytes(wkb)))
        for k, v in enumerate(row):
            f.SetField(k, v)
        layer.CreateFeature(f)
    layer.CommitTransaction()
    ds = None


def children_cpu() -> float:
    """CPU seconds (user + system) of the finished child processes so far."""
    import resource

    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


# -- bare start -----------------------------------------------------------------------------------------------
def qgis_env(folder: Path, plugins: Path = ROOT / "build") -> dict:
    """The environment of the qgis_process runs: its own profile with the plugin enabled, the plugin from
    ``plugins`` (a folder holding ``lifecircle``)."""
    profile = folder.parent / "qgis-profile"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QGIS_CUSTOM_CONFIG_PATH=str(profile),
               QGIS_PLUGINPATH=str(plugins), PROJ_DATA="/usr/share/proj")
    if not (profile / "enabled").exists():
        profile.mkdir(parents=True, exist_ok=True)
        out = subprocess.run([QGIS_PROCESS, "plugins", "enable", "lifecircle"], env=env, capture_output=True,
                             text=True)
        if out.returncode != 0:
            raise SystemExit(out.stdout + out.stderr)
        (profile / "enabled").write_text("ok\n")
    return env


def bare_start(folder: Path, env: dict) -> tuple:
    """(wall, CPU) seconds of a qgis_process run of native:centroids on one point."""
    out = folder.parent / "out-bare"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    cpu = children_cpu()
    t = time.perf_counter()
    res = subprocess.run([QGIS_PROCESS, "run", "native:centroids", "--", f"INPUT={folder / 'one_point.gpkg'}",
                          f"OUTPUT={out / 'c.gpkg'}"], env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t
    if res.returncode != 0:
        raise SystemExit(res.stdout + res.stderr)
    return wall, children_cpu() - cpu


# -- floor ----------------------------------------------------------------------------------------------------
def floor(folder: Path, categories: int = 20, limit: float = 3000.0) -> dict:
    """Seconds of each unavoidable step, in this process."""
    from scipy.sparse.csgraph import dijkstra

    from lifecircle.lifecircle_plugin.core.network import NetworkOptions, build_network

    times = {}
    cpu = time.process_time()
    t = time.perf_counter()
    wkbs, classes = _read(folder / "streets.gpkg", ["highway"])
    res_xy, (pop,) = _read_points(folder / "residents.gpkg", ["population"])
    fac_xy, (cat,) = _read_points(folder / "facilities.gpkg", ["category"])
    times["read"] = time.perf_counter() - t
    t = time.perf_counter()
    net = build_network(wkbs, NetworkOptions(), classes=classes[0])
    times["network"] = time.perf_counter() - t
    t = time.perf_counter()
    res = net.snap(res_xy, 150)
    fac = net.snap(fac_xy, 150)
    times["snap"] = time.perf_counter() - t
    csr = net.adjacency()
    ef, er = np.maximum(fac.edge, 0), np.maximum(res.edge, 0)
    near_f = np.where(fac.offset < net.edge_length[ef] / 2, net.edge_u[ef], net.edge_v[ef])
    near_r = np.where(res.offset < net.edge_length[er] / 2, net.edge_u[er], net.edge_v[er])
    codes = np.array(cat, dtype=object)
    t = time.perf_counter()
    for c in sorted(set(cat))[:categories]:
        d = dijkstra(csr, directed=True, indices=np.unique(near_f[(codes == c) & (fac.edge >= 0)]), min_only=True,
                     limit=limit)
        _ = d[near_r]
    times["searches"] = time.perf_counter() - t
    times["total"] = sum(times.values())
    times["cpu"] = time.process_time() - cpu
    return times


def _read(path: Path, fields: list) -> tuple:
    """WKB of every geometry and the values of ``fields`` (only those read), by OGR feature iteration."""
    from osgeo import ogr

    ds = ogr.Open(str(path))
    layer = ds.GetLayer(0)
    names = [layer.GetLayerDefn().GetFieldDefn(i).GetName() for i in range(layer.GetLayerDefn().GetFieldCount())]
    layer.SetIgnoredFields([n for n in names if n not in fields])
    wkbs, values = [], [[] for _ in fields]
    idx = [names.index(f) for f in fields]
    for f in layer:
        wkbs.append(f.GetGeometryRef().ExportToIsoWkb())
        for k, i in enumerate(idx):
            values[k].append(f.GetField(i))
    return wkbs, values


def _read_points(path: Path, fields: list) -> tuple:
    """(n, 2) coordinates of a point layer (from its WKB) and the values of ``fields``."""
    wkbs, values = _read(path, fields)
    xy = np.frombuffer(b"".join(wkbs), dtype=np.dtype([("o", "u1"), ("t", "<u4"), ("x", "<f8"), ("y", "<f8")]))
    return np.column_stack([xy["x"], xy["y"]]), values


# -- end to end -----------------------------------------------------------------------------------------------
def coverage_parameters(folder: Path, out: Path, facilities_output: bool = True) -> dict:
    params = {"FACILITIES": str(folder / "facilities.gpkg"), "CATEGORY_FIELD": "category",
              "AREA_FIELD": "area_m2", "RESIDENTS": str(folder / "residents.gpkg"), "POPULATION_FIELD": "population",
              "UNITS": str(folder / "units.gpkg"), "UNIT_ID_FIELD": "unit_id", "NETWORK": str(folder / "streets.gpkg"),
              "RESIDENTS_OUTPUT": str(out / "residents.gpkg"), "UNITS_OUTPUT": str(out / "units.gpkg")}
    if facilities_output:
        params["FACILITIES_OUTPUT"] = str(out / "facilities.gpkg")
    return params


def end_to_end(folder: Path, env: dict, facilities_output: bool = True) -> tuple:
    """(wall seconds, CPU seconds, [(phase, seconds)]) of one qgis_process run of lifecircle:facilitycoverage."""
    out = folder.parent / "out-e2e"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    args = [f"{k}={v}" for k, v in coverage_parameters(folder, out, facilities_output).items()]
    cpu = children_cpu()
    t = time.perf_counter()
    res = subprocess.run([QGIS_PROCESS, "run", "lifecircle:facilitycoverage", "--", *args],
                         env=dict(env, LIFECIRCLE_PHASES="1"), capture_output=True, text=True)
    wall, cpu = time.perf_counter() - t, children_cpu() - cpu
    if res.returncode != 0:
        raise SystemExit(res.stdout[-3000:] + res.stderr[-3000:])
    phases = []
    for line in (res.stdout + "\n" + res.stderr).splitlines():
        if "LIFECIRCLE_PHASE " in line:
            name, seconds = line.split("LIFECIRCLE_PHASE ", 1)[1].rsplit(" ", 1)
            phases.append((name, float(seconds)))
    return wall, cpu, phases


def profile_in_process(folder: Path, path: str, facilities_output: bool = True) -> None:
    """One run of the algorithm in this process (processing.run, standalone QgsApplication) under cProfile."""
    import cProfile

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("PROJ_DATA", "/usr/share/proj")
    os.environ["LIFECIRCLE_PHASES"] = "1"
    sys.path.insert(0, "/usr/share/qgis/python/plugins")
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    import processing
    from processing.core.Processing import Processing

    Processing.initialize()
    from lifecircle.processing.provider import LifeCircleProvider

    provider = LifeCircleProvider()  # (kept alive: PyQGIS does not)
    QgsApplication.processingRegistry().addProvider(provider)
    out = folder.parent / "out-profile"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    params = coverage_parameters(folder, out, facilities_output)
    t = time.perf_counter()
    cProfile.runctx("processing.run('lifecircle:facilitycoverage', params)", globals(),
                    {"processing": processing, "params": params}, path)
    print(f"  in-process run under cProfile: {time.perf_counter() - t:.2f} s; statistics in {path}")


# -- report ---------------------------------------------------------------------------------------------------
def version_start(env: dict) -> float:
    """``qgis_process.bin --version``: for comparison only (it prints the versions without loading the providers
    and plugins a run loads)."""
    t = time.perf_counter()
    subprocess.run([QGIS_PROCESS, "--version"], env=env, capture_output=True, text=True)
    return time.perf_counter() - t


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", choices=["small", "district", "city"], default="district")
    parser.add_argument("--runs", type=int, default=3, help="timings repeated this often (median reported)")
    parser.add_argument("--outputs", choices=["both", "all", "lean"], default="both",
                        help="all: residents, units and facilities outputs; lean: residents and units (no "
                             "per-facility reach); both (default): each")
    parser.add_argument("--profile", metavar="FILE", help="profile one in-process run into FILE instead")
    parser.add_argument("--plugins", metavar="DIR", type=Path, default=ROOT / "build",
                        help="the folder holding the plugin 'lifecircle' that qgis_process runs (e.g. an earlier "
                             "commit extracted with git archive, to time it in the same conditions)")
    args = parser.parse_args(argv)
    folder = make_data(args.size)
    if args.profile:
        profile_in_process(folder, args.profile, args.outputs != "lean")
        return 0
    env = qgis_env(folder, args.plugins)
    print(f"e2e: {(folder / 'summary.txt').read_text(encoding='utf-8').strip()}")
    print(f"  load average before: {open('/proc/loadavg').read().strip()}", flush=True)
    variants = {"both": [True, False], "all": [True], "lean": [False]}[args.outputs]
    bare, floors, runs = [], [], {v: [] for v in variants}
    for _ in range(args.runs):
        bare.append(bare_start(folder, env))
        floors.append(floor(folder))
        for v in variants:
            runs[v].append(end_to_end(folder, env, v))
    b, b_cpu = statistics.median(w for w, _ in bare), statistics.median(c for _, c in bare)
    fl, fl_cpu = statistics.median(f["total"] for f in floors), statistics.median(f["cpu"] for f in floors)
    print(f"  bare start (qgis_process run native:centroids, one point): {b:.2f} s, CPU {b_cpu:.2f} s  (runs: "
          f"{', '.join(f'{w:.2f}' for w, _ in bare)}; qgis_process --version: {version_start(env):.2f} s)")
    parts = {k: statistics.median(f[k] for f in floors) for k in floors[0]}
    print(f"  floor: {fl:.2f} s, CPU {fl_cpu:.2f} s  (read {parts['read']:.2f}, network {parts['network']:.2f}, snap "
          f"{parts['snap']:.2f}, 20 csgraph runs {parts['searches']:.2f}; runs: "
          f"{', '.join('%.2f' % f['total'] for f in floors)})")
    for v in variants:
        report_variant(v, runs[v], fl + b, fl_cpu + b_cpu)
        # (on a shared machine every run is the true cost plus what others took: the fastest runs are the least
        # disturbed — the ratio of the fastest of each, beside the medians')
        fastest = min(f["total"] for f in floors) + min(w for w, _ in bare)
        print(f"  ratio of the fastest runs: {min(w for w, _, _ in runs[v]) / fastest:.2f}x wall", flush=True)
    print(f"  load average after: {open('/proc/loadavg').read().strip()}", flush=True)
    return 0


def report_variant(facilities_output: bool, runs: list, reference: float, reference_cpu: float) -> None:
    """The median run of one variant (wall and CPU), its phases, and the ratios to floor + bare start."""
    walls = [w for w, _, _ in runs]
    e, e_cpu = statistics.median(walls), statistics.median(c for _, c, _ in runs)
    label = "residents, units, facilities" if facilities_output else "residents, units (no facilities output)"
    print(f"  e2e qgis_process facilitycoverage, outputs {label}: {e:.2f} s, CPU {e_cpu:.2f} s  (runs: "
          f"{', '.join(f'{x:.2f}' for x in walls)})")
    phases = runs[walls.index(sorted(walls)[len(walls) // 2])][2]
    for name, seconds in phases:
        print(f"    {name:<44} {seconds:6.2f} s")
    inside = sum(s for n, s in phases if "/" not in n)
    if phases:
        print(f"    {'(qgis_process start, closing the outputs, exit)':<44} {e - inside:6.2f} s")
    print(f"  ratio: e2e / (floor + bare start) = {e / reference:.2f}x wall, {e_cpu / reference_cpu:.2f}x CPU "
          f"(goal ≤ 2x)", flush=True)


if __name__ == "__main__":
    sys.exit(main())
