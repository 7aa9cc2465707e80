"""`make demo`: the LifeCircle chain on the bundled sample district 示例区, run through qgis_process as batch
users run it. Writes every result layer into outputs/lifecircle_demo.gpkg and prints a short summary.

The chain: prepare the walking network → delineate life-circle units → facility coverage (体检) → potential space
→ siting for the worst 十全 gap → draft projects from the sites in the project list → project impact → Excel
ledger. Also writes PNG maps rendered by QGIS with the plugin's styles (outputs/maps/) and a .qgz project that
opens every result, styled.
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
    # the full log is in the result; show the gist (warnings always)
    info = [ln for ln in doc.get("log", {}).get("info", []) if not ln.startswith("Network '")]
    for line in info[:3]:
        print(f"    {line[:160]}")
    for line in doc.get("log", {}).get("warning", [])[:3]:
        print(f"    ! {line[:160]}")
    return doc["results"]


def render_maps(env: dict, results: Path, maps_dir: Path, worst: str) -> list:
    """PNG maps of the results, rendered by QGIS with the plugin's styles (scripts/render_map.py)."""
    specs = [
        ("coverage_units.png", "示例区 · 十全 completeness by life-circle unit 按单元十全达标", [
            (results, "coverage_units", "coverage_units"), (SAMPLE, "streets", "sample_streets"),
            (results, "coverage_residents", "coverage_residents")]),
        (f"distance_{worst}.png", f"示例区 · walking distance to {worst} 步行距离", [
            (results, "units", "units"), (SAMPLE, "streets", "sample_streets"),
            (results, "coverage_residents", f"distance:d_{worst}"),
            (results, "coverage_facilities", f"filter:lc_code='{worst}':coverage_facilities")]),
        (f"gap_{worst}_sites.png", f"示例区 · gap {worst} and recommended sites 缺项与推荐选址", [
            (results, "units", "units"), (SAMPLE, "streets", "sample_streets"),
            (results, "potential_space", "potential_space"),
            (results, "coverage_residents", f"distance:d_{worst}"),
            (results, "sites", "siting_sites")]),
        ("gates.png", "示例区 · walking out through the gates 封闭小区：经出入口步行", [
            (results, "units", "units"), (SAMPLE, "streets", "sample_streets"),
            (SAMPLE, "compounds", "sample_compounds"), (SAMPLE, "gates", "sample_gates"),
            (results, "gate_effect", "lost:lost_walls")]),
        ("needs.png", "示例区 · residents' needs 居民需求（问需求计）", [
            (results, "units", "units"), (SAMPLE, "streets", "sample_streets"),
            (results, "residents_census", "population_points"), (results, "needs", "needs_points")]),
        ("network.png", "示例区 · walking network (components, dangles)", [
            (SAMPLE, "blocks", "sample_blocks"), (results, "network_edges", "network_edges"),
            (results, "network_nodes", "network_nodes")]),
    ]
    out = []
    for name, title, layers in specs:
        args = [sys.executable, str(ROOT / "scripts" / "render_map.py"), str(maps_dir / name), "--title", title]
        args += [f"{p}|{layer}|{style}" for p, layer, style in layers]
        done = subprocess.run(args, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"demo: rendering {name} failed:\n{done.stderr[-2000:]}")
        out.append(maps_dir / name)
    return out


def mean_share(result: dict) -> float:
    shares = json.loads(result["COVERAGE_BY_CATEGORY"])
    return sum(shares.values()) / len(shares)


def gap_ranking(results: Path) -> list:
    """(unit id, gaps_ranked) of the coverage units, read from the results GeoPackage."""
    import sqlite3

    con = sqlite3.connect(str(results))
    try:
        return con.execute("SELECT unit_id, gaps_ranked FROM coverage_units ORDER BY unit_id").fetchall()
    finally:
        con.close()


def one_plus_n(results: Path) -> list:
    """(unit id, centre type, N points linked, not linked, missing functions) of the units with a flagged centre
    or N points, read from the results GeoPackage."""
    import sqlite3

    con = sqlite3.connect(str(results))
    try:
        return con.execute("SELECT unit_id, centre_type, n_linked, n_unlinked, missing_fn, centre_note FROM "
                           "coverage_units WHERE one_stop OR n_linked + n_unlinked > 0 OR centre_note LIKE '%缺%' "
                           "OR centre_note LIKE '%面积%' ORDER BY unit_id").fetchall()
    finally:
        con.close()


def gpkg_table(path: Path, table: str) -> str:
    return f"ogr:dbname='{path}' table=\"{table}\" (geom)"


def step_json(env: dict, *args) -> dict:
    """Runs a PyQGIS step of scripts/demo_steps.py (dock features) and returns its JSON answer."""
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "demo_steps.py"), *map(str, args)], env=env,
                         capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"demo: step {args[0]} failed:\n{out.stdout[-2000:]}\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "outputs")
    args = parser.parse_args()
    if not SAMPLE.exists():
        sys.exit(f"demo: the sample district is missing ({SAMPLE}); run `make sample`.")
    out_dir: Path = args.out
    out_dir.mkdir(parents=True, exist_ok=True)
    results = out_dir / "lifecircle_demo.gpkg"
    workbook = out_dir / "台账_示例区_2026.xlsx"
    qgz = out_dir / "lifecircle_demo.qgz"
    for old in (results, workbook, qgz):
        if old.exists():
            old.unlink()
    env = qgis_env()
    ensure_plugin(env)
    t0 = time.time()
    year = 2026
    print(f"LifeCircle demo on the sample district 示例区 ({SAMPLE.relative_to(ROOT)})")
    layer = lambda name: f"{SAMPLE}|layername={name}"  # noqa: E731
    result = lambda name: f"{results}|layername={name}"  # noqa: E731

    net = run(env, "lifecircle:preparenetwork", {
        "INPUT": layer("streets"),
        "OUTPUT": gpkg_table(results, "network_edges"), "NODES": gpkg_table(results, "network_nodes")})
    units = run(env, "lifecircle:delineateunits", {
        "BLOCKS": layer("blocks"), "POPULATION_FIELD": "population", "BLOCK_ID_FIELD": "name",
        "BLOCK_TYPE_FIELD": "block_type", "ADMIN": layer("subdistricts"), "ADMIN_NAME_FIELD": "name",
        "BARRIERS": layer("barriers"), "NETWORK": layer("streets"),
        "POP_MIN": 15000, "POP_MAX": 40000, "MAX_WALK": 1500,
        "UNITS": gpkg_table(results, "units"), "BLOCKS_OUTPUT": gpkg_table(results, "blocks_units"),
        "CENTRES": gpkg_table(results, "unit_centres")})
    # residents from the census: each 居委's population and age groups over its residential buildings
    people = run(env, "lifecircle:distributepopulation", {
        "CENSUS": layer("blocks"), "CENSUS_ID_FIELD": "block_id", "POPULATION_FIELD": "population",
        "AGE_0_3_FIELD": "pop_0_3", "AGE_3_6_FIELD": "pop_3_6", "AGE_6_12_FIELD": "pop_6_12",
        "AGE_60_FIELD": "pop_60p", "AGE_80_FIELD": "pop_80p", "BUILDINGS": layer("buildings"),
        "FLOORS_FIELD": "floors", "USE_FIELD": "use", "OUTPUT": gpkg_table(results, "residents_census")})
    # what residents asked for (问需求计): the survey's GCJ-02 points, counted per unit
    needs = run(env, "lifecircle:residentneeds", {
        "NEEDS": layer("needs"), "TEXT_FIELD": "text", "WEIGHT_FIELD": "votes", "SOURCE_COORDINATES": 1,
        "UNITS": result("units"), "UNIT_ID_FIELD": "unit_id", "UNIT_POPULATION_FIELD": "population",
        "OUTPUT": gpkg_table(results, "needs"), "SUMMARY": gpkg_table(results, "needs_by_unit")})
    # residents walk out of their compounds through the gates (封闭小区): the sample's walls and gates
    gated = {"COMPOUNDS": layer("compounds"), "COMPOUND_NAME_FIELD": "name", "COMPOUND_OPEN_FIELD": "is_open",
             "GATES": layer("gates"), "GATE_PEDESTRIAN_FIELD": "pedestrian", "GATE_HOURS_FIELD": "hours"}
    coverage_inputs = {
        "FACILITIES": layer("facilities"), "CATEGORY_FIELD": "category",
        "ONE_STOP_FIELD": "is_one_stop", "FUNCTIONS_FIELD": "functions", "AREA_FIELD": "area_m2",
        "RESIDENTS": result("residents_census"), "POPULATION_FIELD": "population", "NEEDS": result("needs"),
        "UNITS": result("units"), "UNIT_ID_FIELD": "unit_id", "NETWORK": layer("streets")}
    cov = run(env, "lifecircle:facilitycoverage", {
        **coverage_inputs, **gated,
        "RESIDENTS_OUTPUT": gpkg_table(results, "coverage_residents"),
        "UNITS_OUTPUT": gpkg_table(results, "coverage_units"),
        "FACILITIES_OUTPUT": gpkg_table(results, "coverage_facilities"),
        "SERVICE_AREAS": gpkg_table(results, "service_areas")})
    # the same without the walls (what a street-only analysis reports), and at 22:00 with night-closed gates shut
    walls = run(env, "lifecircle:facilitycoverage", {
        **coverage_inputs, "RESIDENTS_OUTPUT": gpkg_table(results, "coverage_residents_no_gates"),
        "UNITS_OUTPUT": gpkg_table(results, "coverage_units_no_gates")})
    night = run(env, "lifecircle:facilitycoverage", {
        **coverage_inputs, **gated, "AT_HOUR": "22:00",
        "RESIDENTS_OUTPUT": gpkg_table(results, "coverage_residents_night"),
        "UNITS_OUTPUT": gpkg_table(results, "coverage_units_night")})
    gates_effect = step_json(env, "gates", results)
    pot = run(env, "lifecircle:potentialspace", {
        "PARCELS": layer("parcels"), "LAND_USE_FIELD": "land_use", "STATUS_FIELD": "status", "FAR_FIELD": "far",
        "BUILDING_YEAR_FIELD": "building_year", "OWNERSHIP_FIELD": "ownership", "AREA_FIELD": "area_m2",
        "REMARK_FIELD": "remark", "ZONES": layer("blocks"), "ZONE_TYPE_FIELD": "block_type",
        "NETWORK": layer("streets"), "BARRIERS": layer("barriers"), "BARRIER_TYPE_FIELD": "type",
        "COVERAGE": result("coverage_residents"), "COVERAGE_POPULATION_FIELD": "population",
        "NEEDS": result("needs"), **gated, "OUTPUT": gpkg_table(results, "potential_space")})
    # siting for the worst 十全 gap among the categories that have potential space big enough for them
    shares = json.loads(cov["COVERAGE_BY_CATEGORY"])
    worst = min((c for c in shares if c.startswith("Q")), key=lambda c: shares[c])
    site = run(env, "lifecircle:siting", {
        "CANDIDATES": f"{result('potential_space')}|subset=\"fits\" LIKE '%{worst}%'",
        "CANDIDATE_ID_FIELD": "parcel_id", "DEMAND": result("residents_census"), "POPULATION_FIELD": "population",
        "EXISTING": layer("facilities"), "EXISTING_CATEGORY_FIELD": "category", "NETWORK": layer("streets"),
        "NEEDS": result("needs"), **gated,
        "MODEL": 0, "P": 3, "CATEGORY": worst, "SOLVER": 0,
        "SITES": gpkg_table(results, "sites"), "ALLOCATION": gpkg_table(results, "allocation")})
    drafts = step_json(env, "drafts", results, SAMPLE, year, worst)
    print(f"  project list: {len(drafts['drafts'])} draft project(s) from the sites: {', '.join(drafts['drafts'])}")
    impact = run(env, "lifecircle:projectimpact", {
        "FACILITIES": layer("facilities"), "CATEGORY_FIELD": "category", "RESIDENTS": result("residents_census"),
        "POPULATION_FIELD": "population", "UNITS": result("units"), "UNIT_ID_FIELD": "unit_id",
        "NETWORK": layer("streets"), "PROJECTS": result("projects"), "YEAR": year, **gated,
        "UNITS_OUTPUT": gpkg_table(results, "impact_units"),
        "PROJECTS_OUTPUT": gpkg_table(results, "impact_projects")})
    ledger = run(env, "lifecircle:exportledger", {
        "INPUT": result("projects"), "YEARS": str(year), "UNITS": result("coverage_units"),
        "SITES": result("sites"), "SITES_CATEGORY": worst, "POTENTIAL": result("potential_space"),
        "IMPACT_UNITS": result("impact_units"), "IMPACT_PROJECTS": result("impact_projects"),
        "NEEDS": result("needs"), "OUTPUT": str(workbook)})
    qgis_project = step_json(env, "project", results, qgz)
    maps = render_maps(env, results, out_dir / "maps", worst)

    print()
    print("Summary 摘要")
    print(f"  walking network: {net['EDGE_COUNT']} edges, {net['TOTAL_LENGTH'] / 1000:.1f} km, "
          f"{net['COMPONENTS']} connected component(s); {net['EXCLUDED_FEATURES']} expressway line(s) left out")
    print(f"  life-circle units: {units['UNIT_COUNT']} (each inside one 街镇); "
          f"{units['UNITS_MEETING_RULES']} meet the population band and 1,500 m walk")
    print(f"  residents from the census: {people['POPULATION']:,} residents on {people['RESIDENT_POINTS']} buildings "
          f"(every 居委's total and age groups kept)")
    print(f"  residents' needs 问需求计: {needs['NEEDS_MAPPED']} needs mapped to a category, "
          f"{needs['NEEDS_UNMAPPED']} not facility needs (listed in the log)")
    print(f"  facility coverage: {cov['UNITS_MEETING_TARGET']} of {cov['UNIT_COUNT']} units meet the 十全 target "
          f"(85 %); share of residents within walking distance:")
    served = {"Q05": "aged 60+ 老人", "Q06": "aged 0–6 婴幼儿", "M03": "aged 6–12 儿童"}
    for code, share in shares.items():
        flag = "" if share >= 0.85 else "  ← gap 缺项"
        print(f"    {code}: {share:6.1%}{flag}" + (f"  (of residents {served[code]})" if code in served else ""))
    print("  gaps ranked with the needs (unit: category index（needs asked）, index = % beyond reach × need factor):")
    for unit_id, ranked in gap_ranking(results)[:4]:
        print(f"    {unit_id}: {ranked}")
    print("  '1+N' (one-stop centre + small points linked by a walk along the network):")
    for unit_id, centre_type, linked, unlinked, missing, note in one_plus_n(results):
        print(f"    {unit_id}: " + (f"centre {centre_type}" if centre_type else f"no one-stop centre ({note})") +
              f", N points {linked} linked / {unlinked} not" + (f"; missing {missing}" if missing else ""))
    print(f"  gated compounds 封闭小区: walking out through the gates, {gates_effect['lost_points']} resident "
          f"point(s) ({gates_effect['lost_people']:,} residents) have fewer categories within reach than through "
          f"the walls; at 22:00 {gates_effect['night_points']} point(s) lose one more; mean share within walking "
          f"distance over the 20 categories {mean_share(walls):.1%} (walls ignored) → {mean_share(cov):.1%} (through "
          f"the gates) → {mean_share(night):.1%} (at 22:00)")
    print(f"  potential space: {pot['POTENTIAL_COUNT']} parcels ({', '.join(f'{k} {v}' for k, v in json.loads(pot['BY_KIND']).items())})")
    print(f"  siting for the worst gap {worst}: {site.get('SITE_COUNT', '?')} site(s), coverage "
          f"{float(site.get('COVERAGE_BEFORE', 0)):.1f} % → {float(site.get('COVERAGE_AFTER', 0)):.1f} % "
          f"({site.get('SOLVER_USED', '')}, gap {site.get('OPTIMALITY_GAP', '')})")
    print(f"  projects {year}: {impact['PROJECTS_COUNTED']} counted, {impact['NEWLY_COVERED']:,.0f} residents newly "
          f"covered; units meeting the target {impact['UNITS_MEETING_TARGET_BEFORE']} → "
          f"{impact['UNITS_MEETING_TARGET_AFTER']}")
    print(f"  annual programme {year}: projects by source " +
          "、".join(f"{k} {v}" for k, v in drafts["sources"].items()) + "; against the targets (started, completed, "
          "investment 万元):")
    for unit, started, goal_s, completed, goal_c, money, goal_m in drafts["progress"]:
        print(f"    {unit}: {started}/{goal_s}, {completed}/{goal_c}, {money:,.0f}/{goal_m:,.0f}")
    meetings = drafts["meetings"]
    print(f"  一图三会: {meetings['hearing_date']} hearing(s), {meetings['coordination_date']} coordination meeting(s) "
          f"with votes, {meetings['evaluation_date']} evaluation(s)" +
          (f", mean satisfaction {drafts['satisfaction']:.1f} %" if drafts["satisfaction"] is not None else ""))
    for warning in drafts["funding_warnings"]:
        print(f"    check: {warning}")
    print(f"  ledger 台账: {workbook} (汇总: target vs actual)")
    print(f"  results: {results} (open {qgz.name} in QGIS: {len(qgis_project['layers'])} styled layers)")
    for m in maps:
        print(f"  map: {m}")
    elapsed = time.time() - t0
    print(f"  done in {elapsed:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
