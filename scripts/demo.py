"""`make demo`: the LifeCircle chain on the bundled sample district 示例区, run through qgis_process as batch
users run it. Writes every result layer into outputs/lifecircle_demo.gpkg and prints a short summary.

Steps that exist today: prepare the walking network, facility coverage (the 体检) by 居委 block. Later steps
(units, potential space, siting, project list, ledger) join this list as they are built. PNG maps rendered with the
plugin's styles go to outputs/maps/.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "sample" / "sample_district.gpkg"
QGIS_PROCESS = shutil.which("qgis_process.bin") or "/usr/bin/qgis_process.bin"


def qgis_env() -> dict:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.setdefault("PROJ_DATA", "/usr/share/proj")
    env["QGIS_CUSTOM_CONFIG_PATH"] = str(ROOT / "build" / "qgis-profile")
    env["QGIS_PLUGINPATH"] = str(ROOT / "build")
    return env


def ensure_plugin(env: dict) -> None:
    link = ROOT / "build" / "lifecircle"
    link.parent.mkdir(exist_ok=True)
    if not link.is_symlink():
        link.symlink_to(ROOT, target_is_directory=True)
    out = subprocess.run([QGIS_PROCESS, "plugins", "enable", "lifecircle"], env=env, capture_output=True, text=True)
    if out.returncode != 0 and "already enabled" not in out.stdout + out.stderr:
        sys.exit(f"demo: could not enable the plugin in qgis_process:\n{out.stdout}\n{out.stderr}")


def run(env: dict, algorithm: str, params: dict) -> dict:
    args = [QGIS_PROCESS, "--json", "run", algorithm, "--"] + [f"{k}={v}" for k, v in params.items()]
    t0 = time.time()
    out = subprocess.run(args, env=env, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"demo: {algorithm} failed:\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}")
    doc = json.loads(out.stdout[out.stdout.index("{"):])
    print(f"  {algorithm}: {time.time() - t0:.1f} s")
    for line in doc.get("log", {}).get("info", []):
        print(f"    {line}")
    return doc["results"]


def render_maps(env: dict, results: Path, maps_dir: Path) -> list:
    """PNG maps of the results, rendered by QGIS with the plugin's styles (scripts/render_map.py)."""
    specs = [
        ("coverage_units.png", "示例区 · 十全 coverage by 居委 block", [
            (results, "coverage_units", "coverage_units"), (SAMPLE, "streets", "sample_streets"),
            (results, "coverage_residents", "coverage_residents")]),
        ("network.png", "示例区 · walking network (components, dangles)", [
            (SAMPLE, "blocks", "sample_blocks"), (results, "network_edges", "network_edges"),
            (results, "network_nodes", "network_nodes")]),
    ]
    out = []
    for name, title, layers in specs:
        args = [sys.executable, str(ROOT / "scripts" / "render_map.py"), str(maps_dir / name), "--title", title]
        args += [f"{p}:{layer}:{style}" for p, layer, style in layers]
        done = subprocess.run(args, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"demo: rendering {name} failed:\n{done.stderr[-2000:]}")
        out.append(maps_dir / name)
    return out


def gpkg_table(path: Path, table: str) -> str:
    return f"ogr:dbname='{path}' table=\"{table}\" (geom)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "outputs")
    args = parser.parse_args()
    if not SAMPLE.exists():
        sys.exit(f"demo: the sample district is missing ({SAMPLE}); run `make sample`.")
    out_dir: Path = args.out
    out_dir.mkdir(parents=True, exist_ok=True)
    results = out_dir / "lifecircle_demo.gpkg"
    if results.exists():
        results.unlink()
    env = qgis_env()
    ensure_plugin(env)
    t0 = time.time()
    print(f"LifeCircle demo on the sample district 示例区 ({SAMPLE.relative_to(ROOT)})")
    net = run(
        env,
        "lifecircle:preparenetwork",
        {
            "INPUT": f"{SAMPLE}|layername=streets",
            "OUTPUT": gpkg_table(results, "network_edges"),
            "NODES": gpkg_table(results, "network_nodes"),
        },
    )
    cov = run(
        env,
        "lifecircle:facilitycoverage",
        {
            "FACILITIES": f"{SAMPLE}|layername=facilities", "CATEGORY_FIELD": "category",
            "ONE_STOP_FIELD": "is_one_stop", "AREA_FIELD": "area_m2",
            "RESIDENTS": f"{SAMPLE}|layername=residents", "POPULATION_FIELD": "population",
            "UNITS": f"{SAMPLE}|layername=blocks", "UNIT_ID_FIELD": "name",
            "NETWORK": f"{SAMPLE}|layername=streets",
            "RESIDENTS_OUTPUT": gpkg_table(results, "coverage_residents"),
            "UNITS_OUTPUT": gpkg_table(results, "coverage_units"),
            "FACILITIES_OUTPUT": gpkg_table(results, "coverage_facilities"),
            "SERVICE_AREAS": gpkg_table(results, "service_areas"),
        },
    )
    maps = render_maps(env, results, out_dir / "maps")
    print()
    print("Summary")
    print(f"  walking network: {net['EDGE_COUNT']} edges, {net['NODE_COUNT']} nodes, "
          f"{net['TOTAL_LENGTH'] / 1000:.1f} km; {net['COMPONENTS']} connected component(s), the largest holds "
          f"{net['LARGEST_COMPONENT_SHARE']:.1%} of the length; {net['EXCLUDED_FEATURES']} expressway/trunk lines "
          f"left out; {net['DANGLES']} dangles")
    shares = json.loads(cov["COVERAGE_BY_CATEGORY"])
    print(f"  facility coverage: {cov['UNITS_MEETING_TARGET']} of {cov['UNIT_COUNT']} 居委 blocks meet the 十全 "
          f"target; share of residents within walking distance:")
    for code, share in shares.items():
        flag = "" if share >= 0.85 else "  ← gap"
        print(f"    {code}: {share:6.1%}{flag}")
    print(f"  results: {results}")
    for m in maps:
        print(f"  map: {m}")
    print(f"  done in {time.time() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
