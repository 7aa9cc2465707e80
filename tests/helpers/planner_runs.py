"""The inputs a planner gives each LifeCircle algorithm on the sample district (every output left at the dialog's
default), shared by the tests that run every algorithm as a planner does."""

from __future__ import annotations

from pathlib import Path

import bad_inputs_support as S

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "sample" / "sample_district.gpkg"


def layer(name: str) -> str:
    return f"{SAMPLE}|layername={name}"


NET = {"NETWORK": layer("streets")}
COVERAGE = {"FACILITIES": layer("facilities"), "CATEGORY_FIELD": "category", "RESIDENTS": layer("residents"),
            "POPULATION_FIELD": "population", **NET}

# the sample's 封闭小区 and their gates, at 22:00 (night-closed gates shut): every algorithm that joins points to the
# network is run through them too
GATED = {"COMPOUNDS": layer("compounds"), "COMPOUND_NAME_FIELD": "name", "COMPOUND_OPEN_FIELD": "is_open",
         "GATES": layer("gates"), "GATE_PEDESTRIAN_FIELD": "pedestrian", "GATE_HOURS_FIELD": "hours",
         "AT_HOUR": "22:00"}

INPUTS = {  # the inputs a planner fills in; every output is left at the dialog's default
    "lifecircle:preparenetwork": {"INPUT": layer("streets")},
    "lifecircle:delineateunits": {"BLOCKS": layer("blocks"), "POPULATION_FIELD": "population",
                                  "BLOCK_ID_FIELD": "name", "ADMIN": layer("subdistricts"),
                                  "ADMIN_NAME_FIELD": "name", **NET, **GATED},
    "lifecircle:facilitycoverage": {**COVERAGE, **GATED},
    "lifecircle:distributepopulation": {"CENSUS": layer("blocks"), "CENSUS_ID_FIELD": "block_id",
                                        "POPULATION_FIELD": "population", "AGE_60_FIELD": "pop_60p",
                                        "BUILDINGS": layer("buildings"), "FLOORS_FIELD": "floors", "USE_FIELD": "use"},
    "lifecircle:residentneeds": {"NEEDS": layer("needs"), "TEXT_FIELD": "text", "WEIGHT_FIELD": "votes",
                                 "SOURCE_COORDINATES": 1},
    "lifecircle:potentialspace": {"PARCELS": layer("parcels"), "LAND_USE_FIELD": "land_use",
                                  "STATUS_FIELD": "status", **NET, **GATED},
    "lifecircle:siting": {"CANDIDATES": layer("parcels"), "DEMAND": layer("residents"),
                          "POPULATION_FIELD": "population", "CATEGORY": "Q05", "P": 2, **NET, **GATED},
    "lifecircle:projectimpact": {**COVERAGE, **GATED, "PROJECTS": layer("projects"), "YEAR": 2026},
    "lifecircle:comparecoverage": {"BEFORE": None, "AFTER": None, "UNIT_ID_FIELD": "unit_id"},
    "lifecircle:convertcoords": {"INPUT": None},
    "lifecircle:exportledger": {"INPUT": layer("projects")},
    "lifecircle:importledger": {"INPUT": None, "WORKBOOK": None},
    "lifecircle:lifecircle_chain": {
        "streets": layer("streets"), "blocks": layer("blocks"), "block_population": "population",
        "block_name": "name", "subdistricts": layer("subdistricts"), "subdistrict_name": "name",
        "barriers": layer("barriers"), "facilities": layer("facilities"), "facility_category": "category",
        "residents": layer("residents"), "resident_population": "population", "parcels": layer("parcels"),
        "land_use": "land_use", "parcel_status": "status", "category": "Q05", "sites": 2,
        "preset": 3, "pop_min": 15000, "pop_max": 40000, "max_walk": 1500},  # (the small sample's own band)
}


def made_inputs(folder: Path) -> dict:
    """Inputs that other runs make: two coverage results, a GCJ-02 point layer, a project list and its ledger."""
    units = {}
    for key, snap in (("before", 150), ("after", 40)):
        out = folder / f"{key}.gpkg"
        S.run("lifecircle:facilitycoverage", {**COVERAGE, "SNAP_TOLERANCE": snap, "UNITS_OUTPUT": str(out),
                                              "RESIDENTS_OUTPUT": "memory:"})
        units[key] = str(out)
    gcj = S.memory_layer("Point", [("name", "string")], [("Point (121.45 31.22)", "店")], crs="EPSG:4326")
    gcj_path = S.write_gpkg(gcj, folder / "pois.gpkg", "pois")
    gpkg = S.copy_sample(folder)
    workbook = folder / "ledger.xlsx"
    S.run("lifecircle:exportledger", {"INPUT": S.sample_uri("projects", path=gpkg), "OUTPUT": str(workbook)})
    return {"folder": str(folder), "lifecircle:comparecoverage": {"BEFORE": units["before"], "AFTER": units["after"]},
            "lifecircle:convertcoords": {"INPUT": gcj_path},
            "lifecircle:importledger": {"INPUT": S.sample_uri("projects", path=gpkg), "WORKBOOK": str(workbook)}}


def ledger_cells(path: Path) -> tuple[dict, dict]:
    """(project id -> row, field -> column letter) of an exported ledger, read from the sheet."""
    import openpyxl

    from lifecircle.lifecircle_plugin.core import ledger as L
    from lifecircle.lifecircle_plugin.core import projects as P

    ws = openpyxl.load_workbook(path, read_only=True)[L.LEDGER_SHEET]
    header = None
    ids = {}
    for r, row in enumerate(ws.iter_rows(values_only=True), start=1):
        if r == L.HEADER_ROW:
            header = row
        elif r > L.HEADER_ROW and row[0]:
            ids[row[0]] = r
    names = {P.FIELDS_BY_NAME[n].alias_zh: n for n in P.FIELD_NAMES}
    cols = {names[h]: openpyxl.utils.get_column_letter(i + 1) for i, h in enumerate(header) if h in names}
    return ids, cols


def returned_ledger(path: Path, out: Path, edits: dict) -> Path:
    """An office's returned workbook: the exported ledger with cells changed ({"N12": value}), saved as ``out``."""
    import openpyxl

    from lifecircle.lifecircle_plugin.core import ledger as L

    wb = openpyxl.load_workbook(path)
    ws = wb[L.LEDGER_SHEET]
    for ref, value in edits.items():
        ws[ref] = value
    wb.save(out)
    return out
