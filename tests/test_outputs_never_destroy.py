"""Outputs never destroy what was there (lifecircle_plugin/output_staging.py): a rerun that fails or is cancelled
leaves every earlier output as it was, byte for byte, in every file format; an output over an input is refused
before anything is written; a new table in an existing GeoPackage keeps its other layers."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from qgis.core import QgsProcessingOutputLayerDefinition, QgsProject, QgsVectorLayer

import bad_inputs_support as S

FC = "lifecircle:facilitycoverage"


base = S.coverage_base
fingerprint = S.fingerprint


def tables(path: Path) -> dict:
    """{table: rows} of a GeoPackage, read with sqlite3 (independently of QGIS and GDAL)."""
    with sqlite3.connect(path) as db:
        names = [r[0] for r in db.execute("SELECT table_name FROM gpkg_contents ORDER BY table_name")]
        return {n: sorted(db.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr) for n in names}


OUTPUTS = {  # first output's file name -> the format QGIS writes for it
    "gpkg": "residents.gpkg", "shapefile": "residents.shp", "geojson": "residents.geojson", "csv": "residents.csv"}


def outputs(folder: Path, first: str) -> dict:
    return {"RESIDENTS_OUTPUT": str(folder / first), "UNITS_OUTPUT": str(folder / "units.gpkg"),
            "FACILITIES_OUTPUT": str(folder / "facilities.gpkg")}


@pytest.mark.parametrize("fmt", list(OUTPUTS))
def test_a_rerun_that_fails_after_its_first_output_keeps_the_earlier_results(lc_provider, tmp_path, monkeypatch,
                                                                              fmt):
    folder = tmp_path / "results"
    folder.mkdir()
    S.run(FC, base(**outputs(folder, OUTPUTS[fmt])))
    before = fingerprint(folder)
    assert len(before) >= 3
    # the rerun writes the residents, then fails while writing the units
    from lifecircle.lifecircle_plugin.core.errors import LifeCircleError
    from lifecircle.processing.facility_coverage import FacilityCoverageAlgorithm

    def broken(*args, **kwargs):
        raise LifeCircleError("the disk is full (simulated)")

    monkeypatch.setattr(FacilityCoverageAlgorithm, "_write_units", broken)
    S.run_fails(FC, base(**outputs(folder, OUTPUTS[fmt]), SNAP_TOLERANCE=40), "the disk is full")
    assert fingerprint(folder) == before


def test_a_rerun_cancelled_while_writing_keeps_the_earlier_results(lc_provider, tmp_path, monkeypatch):
    folder = tmp_path / "results"
    folder.mkdir()
    S.run(FC, base(**outputs(folder, "residents.gpkg")))
    before = fingerprint(folder)
    from lifecircle.processing.facility_coverage import FacilityCoverageAlgorithm

    write_units = FacilityCoverageAlgorithm._write_units

    def cancel_then_write(self, *args, **kwargs):  # the planner clicks Cancel once the residents are written
        self._feedback.cancel()
        return write_units(self, *args, **kwargs)

    monkeypatch.setattr(FacilityCoverageAlgorithm, "_write_units", cancel_then_write)
    S.run_fails(FC, base(**outputs(folder, "residents.gpkg"), SNAP_TOLERANCE=40), "Cancelled")
    assert S.wait_for_closing()
    assert fingerprint(folder) == before


def test_a_successful_rerun_replaces_every_output_and_leaves_nothing_else(lc_provider, tmp_path):
    folder = tmp_path / "results"
    folder.mkdir()
    S.run(FC, base(**outputs(folder, "residents.shp")))
    first = fingerprint(folder)
    S.run(FC, base(**outputs(folder, "residents.shp"), SNAP_TOLERANCE=40))
    second = fingerprint(folder)
    assert sorted(second) == sorted(first)  # the same files: no staged copy left beside them
    assert second["residents.dbf"] != first["residents.dbf"] and second["units.gpkg"] != first["units.gpkg"]
    snapped = [S.plain(f["snapped"]) for f in QgsVectorLayer(str(folder / "residents.shp"), "r", "ogr").getFeatures()]
    assert snapped.count(True) < len(snapped)  # the second run's snap tolerance (40 m) is what the file holds


def test_the_dialog_loads_the_results_from_where_the_planner_asked(lc_provider, tmp_path):
    out = tmp_path / "residents.gpkg"
    ctx = S.context()
    definition = QgsProcessingOutputLayerDefinition(str(out), QgsProject.instance())
    res = S.run(FC, base(RESIDENTS_OUTPUT=definition, UNITS_OUTPUT="memory:"), ctx=ctx)
    assert res["RESIDENTS_OUTPUT"] == str(out)
    assert str(out) in ctx.layersToLoadOnCompletion()
    assert not [p for p in tmp_path.iterdir() if "_lifecircle_" in p.name]


# -- outputs over inputs ---------------------------------------------------------------------------------------


def test_an_output_over_an_input_geopackage_is_refused_and_the_input_keeps_everything(lc_provider, tmp_path):
    gpkg = S.copy_sample(tmp_path)
    before = hashlib.sha256(gpkg.read_bytes()).hexdigest()
    layers = {name: S.sample_uri(name, path=gpkg) for name in ("facilities", "residents", "streets")}
    params = base(FACILITIES=layers["facilities"], RESIDENTS=layers["residents"], NETWORK=layers["streets"])
    S.run_fails(FC, {**params, "RESIDENTS_OUTPUT": str(gpkg), "UNITS_OUTPUT": "memory:"},
                r"The output 'Residents with walking distances' \(.*district\.gpkg\) would overwrite the input "
                r"'(Facilities|Residents|Walking network)' \(.*district\.gpkg › (facilities|residents|streets)\) of "
                r"this run.*nothing was written")
    table = f"ogr:dbname='{gpkg}' table=\"residents\" (geom)"
    S.run_fails(FC, {**params, "RESIDENTS_OUTPUT": table, "UNITS_OUTPUT": "memory:"},
                r"district\.gpkg › residents\) would overwrite the input 'Residents' \(.*district\.gpkg › residents\)")
    assert hashlib.sha256(gpkg.read_bytes()).hexdigest() == before


def test_a_new_table_in_an_input_geopackage_keeps_its_other_layers(lc_provider, tmp_path):
    gpkg = S.copy_sample(tmp_path)
    before = tables(gpkg)
    table = f"ogr:dbname='{gpkg}' table=\"coverage_residents\" (geom)"
    S.run(FC, base(RESIDENTS=S.sample_uri("residents", path=gpkg), RESIDENTS_OUTPUT=table, UNITS_OUTPUT="memory:"))
    after = tables(gpkg)
    assert set(after) == set(before) | {"coverage_residents"}
    assert {k: after[k] for k in before} == before  # every other layer, row for row
    assert len(after["coverage_residents"]) == len(before["residents"]) == 454
    layer = QgsVectorLayer(f"{gpkg}|layername=coverage_residents", "c", "ogr")
    assert layer.isValid() and layer.featureCount() == 454 and "d_Q05" in layer.fields().names()
    assert not [p for p in tmp_path.iterdir() if "_lifecircle_" in p.name]


def test_a_rerun_into_an_existing_table_of_a_shared_geopackage(lc_provider, tmp_path):
    """A table replaced in a GeoPackage that holds other results: the others stay, the table is the new one; a
    failing rerun changes nothing at all."""
    results = tmp_path / "results.gpkg"
    shutil.copy(S.SAMPLE, results)  # a GeoPackage with nine other layers
    table = f"ogr:dbname='{results}' table=\"coverage_residents\" (geom)"
    S.run(FC, base(RESIDENTS_OUTPUT=table, UNITS_OUTPUT="memory:"))
    first = tables(results)
    S.run(FC, base(RESIDENTS_OUTPUT=table, UNITS_OUTPUT="memory:", SNAP_TOLERANCE=40))
    second = tables(results)
    assert {k: v for k, v in second.items() if k != "coverage_residents"} == \
        {k: v for k, v in first.items() if k != "coverage_residents"}
    assert second["coverage_residents"] != first["coverage_residents"]
    bytes_before = hashlib.sha256(results.read_bytes()).hexdigest()
    S.run_fails(FC, base(RESIDENTS_OUTPUT=table, UNITS_OUTPUT="memory:", POPULATION_FIELD="no_such_field"),
                "no_such_field")
    assert hashlib.sha256(results.read_bytes()).hexdigest() == bytes_before


def test_a_plain_geopackage_output_names_its_table_after_the_file(lc_provider, tmp_path):
    """'units.gpkg' holds the table 'units' (as QGIS's own algorithms write it), not the staged file's name, so that
    'units.gpkg|layername=units' works in the next step of a model, the same on every run."""
    import sqlite3

    for _ in range(2):
        res = S.run(FC, base(RESIDENTS_OUTPUT=str(tmp_path / "residents.gpkg"), UNITS_OUTPUT=str(tmp_path / "单元.gpkg")))
        assert res["UNITS_OUTPUT"] == str(tmp_path / "单元.gpkg")
    for name in ("residents", "单元"):
        con = sqlite3.connect(tmp_path / f"{name}.gpkg")
        tables = [r[0] for r in con.execute("SELECT table_name FROM gpkg_contents")]
        con.close()
        assert tables == [name]
    assert QgsVectorLayer(f"{tmp_path / '单元.gpkg'}|layername=单元", "u", "ogr").featureCount() > 0
