"""File outputs written and closed in the background (processing/base.GuardedSink, processing/sink_rows.py): the same
rows as when written in order, a plain GeoPackage's table named after its file, and a failure or a cancel in the
worker failing the run with every earlier output kept; the worker's queue itself, with a sink of our own."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

import bad_inputs_support as S

from lifecircle.processing import base as base_module
from lifecircle.processing import sink_rows

FC = "lifecircle:facilitycoverage"
OUTPUTS = ("RESIDENTS_OUTPUT", "UNITS_OUTPUT", "FACILITIES_OUTPUT")
base, fingerprint = S.coverage_base, S.fingerprint


def rows(path: Path, table: str) -> list:
    """The rows of a GeoPackage table without its fid, in order (read with sqlite3, not through QGIS)."""
    with sqlite3.connect(path) as db:
        names = [r[1] for r in db.execute(f'PRAGMA table_info("{table}")') if r[1] != "fid"]
        return db.execute(f'SELECT {", ".join(f"{chr(34)}{n}{chr(34)}" for n in names)} FROM "{table}" '
                          "ORDER BY fid").fetchall()


def contents(path: Path) -> list:
    with sqlite3.connect(path) as db:
        return [r[0] for r in db.execute("SELECT table_name FROM gpkg_contents ORDER BY table_name")]


@pytest.fixture
def handed_over(monkeypatch):
    """How many batches each run handed to a background writer."""
    counts = []
    original = base_module.GuardedSink.write_in_background

    def counting(self, write):
        if write is not None:
            counts.append(1)
        return original(self, write)

    monkeypatch.setattr(base_module.GuardedSink, "write_in_background", counting)
    return counts


def test_outputs_of_their_own_are_written_in_the_background_with_the_same_rows(lc_provider, tmp_path, handed_over):
    apart = tmp_path / "apart"
    apart.mkdir()
    units = {"UNITS": S.sample_uri("blocks"), "UNIT_ID_FIELD": "block_id"}
    S.run(FC, base(**units, **{name: str(apart / f"{name.split('_')[0].lower()}.gpkg") for name in OUTPUTS}))
    assert len(handed_over) >= 3  # (each output at least one batch)
    assert contents(apart / "residents.gpkg") == ["residents"]  # named after its file, as QGIS names it
    assert not [p for p in apart.iterdir() if "_lifecircle_" in p.name]
    # the same outputs as three tables of one GeoPackage: written in order (a file shared), the same rows
    handed_over.clear()
    shared = tmp_path / "shared.gpkg"
    S.run(FC, base(**units, **{name: f"ogr:dbname='{shared}' table=\"{name.split('_')[0].lower()}\" (geom)"
                               for name in OUTPUTS}))
    assert handed_over == []
    for table in ("residents", "units", "facilities"):
        written = rows(apart / f"{table}.gpkg", table)
        assert written == rows(shared, table) and len(written) >= 10, table


def _fail_in_the_worker(monkeypatch, fail):
    """``fail(feedback)`` runs where the background writer hands its first batch to the sink."""
    written = sink_rows._written

    def failing(sink, out, start, stop, n):
        if threading.current_thread().name.startswith("LifeCircle: writing") and start == 0:
            fail()
        return written(sink, out, start, stop, n)

    monkeypatch.setattr(sink_rows, "_written", failing)


def test_a_failure_in_the_background_fails_the_run_and_keeps_the_earlier_outputs(lc_provider, tmp_path,
                                                                                 monkeypatch):
    from qgis.core import QgsProcessingException

    folder = tmp_path / "results"
    folder.mkdir()
    params = base(**{name: str(folder / f"{name.split('_')[0].lower()}.gpkg") for name in OUTPUTS})
    S.run(FC, params)
    before = fingerprint(folder)

    def disk_full():
        raise QgsProcessingException("Could not write features 1–5000 of 454: the disk is full (simulated)")

    _fail_in_the_worker(monkeypatch, disk_full)
    S.run_fails(FC, {**params, "SNAP_TOLERANCE": 40}, "the disk is full")
    assert S.wait_for_closing()
    assert fingerprint(folder) == before
    assert sorted(p.name for p in folder.iterdir()) == sorted(before)  # (no staging folder left)


def test_a_cancel_while_the_worker_writes_keeps_the_earlier_outputs(lc_provider, tmp_path, monkeypatch):
    folder = tmp_path / "results"
    folder.mkdir()
    params = base(**{name: str(folder / f"{name.split('_')[0].lower()}.gpkg") for name in OUTPUTS})
    S.run(FC, params)
    before = fingerprint(folder)
    feedback = S.recording_feedback()
    _fail_in_the_worker(monkeypatch, feedback.cancel)  # (the planner clicks Cancel as the first batch is written)
    S.run_fails(FC, {**params, "SNAP_TOLERANCE": 40}, "Cancelled", feedback=feedback)
    assert S.wait_for_closing()
    assert fingerprint(folder) == before
    assert sorted(p.name for p in folder.iterdir()) == sorted(before)


class FakeSink:
    """A sink that records the batches it is given and when it is closed (its last reference dropped)."""

    def __init__(self, log: list, refuse_at: int = -1):
        self.log, self.refuse_at = log, refuse_at

    def addFeatures(self, features, *args):  # noqa: N802
        self.log.append(("add", list(features), threading.current_thread().name))
        return features[0] != self.refuse_at

    def lastError(self):  # noqa: N802
        return "refused"

    def __del__(self):
        self.log.append(("closed",))


def test_the_worker_writes_in_order_stops_at_a_failure_and_always_ends(qgis_app):
    log = []
    guarded = base_module.GuardedSink(FakeSink(log, refuse_at=2), None)
    for k in range(4):
        guarded.write_in_background(lambda sink, k=k: sink_rows._written(sink, [k], k, k + 1, 4))
    guarded.finish_in_background()
    guarded.wait_closed()
    assert [e[1] for e in log if e[0] == "add"] == [[0], [1], [2]]  # (nothing after the refused batch)
    assert all(e[2].startswith("LifeCircle: writing") for e in log if e[0] == "add")
    assert log[-1] == ("closed",) and guarded.failure == "Could not write features 3–3 of 4: refused"
    # a run that stopped before finishing: waiting ends the worker and closes the file all the same
    log.clear()
    guarded = base_module.GuardedSink(FakeSink(log), None)
    guarded.write_in_background(lambda sink: sink_rows._written(sink, [7], 0, 1, 1))
    guarded.wait_closed()
    assert log[0][1] == [7] and log[-1] == ("closed",) and guarded.failure is None


def test_removing_a_staged_geopackage_removes_its_folder_too(tmp_path):
    """A cancel removes what the run wrote once the worker has closed it (qgis_bridge.remove_output_file): a plain
    GeoPackage staged in a folder of its own takes its folder with it, and nothing else goes."""
    from lifecircle.lifecircle_plugin.output_staging import OutputStaging
    from lifecircle.lifecircle_plugin.qgis_bridge import remove_output_file

    staging = OutputStaging()
    staged = Path(staging.stage(str(tmp_path / "residents.gpkg")))
    assert staged.name == "residents.gpkg" and staged.parent.parent == tmp_path
    staged.write_bytes(b"written")
    Path(str(staged) + "-journal").write_bytes(b"")
    (tmp_path / "kept.gpkg").write_bytes(b"the planner's")
    remove_output_file(str(staged), existed=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.gpkg"]
