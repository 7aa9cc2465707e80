"""Long work does not freeze QGIS: every LifeCircle algorithm runs in a background task; the ledger import reads and
compares the workbook in the task's thread (with progress and Cancel) and edits the project list in the main thread;
the dock's import reads the workbook in a worker thread behind a progress dialog with Cancel."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import openpyxl
import pytest
from qgis.core import (
    Qgis,
    QgsApplication,
    QgsProcessingAlgorithm,
    QgsProcessingAlgRunnerTask,
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProject,
    QgsVectorLayer,
)
from qgis.PyQt.QtWidgets import QApplication

from lifecircle.lifecircle_plugin.core import ledger as L

import bad_inputs_support as S

NO_THREADING = int(QgsProcessingAlgorithm.Flag.FlagNoThreading)


def test_every_algorithm_runs_in_a_background_task(lc_provider):
    for alg in lc_provider.algorithms():
        if alg.id() == "lifecircle:lifecircle_chain":
            continue
        assert not int(alg.flags()) & NO_THREADING, alg.id()


def test_the_chain_model_runs_in_the_background_where_qgis_can_run_models_there(lc_provider):
    """QGIS runs models off the main thread since 3.26 (QGIS pull request 47689; 3.22 runs every model in the main
    thread, QGIS issue 50616): the chain's own steps all allow it."""
    model = QgsApplication.processingRegistry().algorithmById("lifecircle:lifecircle_chain")
    for child in model.childAlgorithms().values():
        assert not int(child.algorithm().flags()) & NO_THREADING, child.algorithmId()
    qgis_can = Qgis.QGIS_VERSION_INT >= 32600
    assert bool(int(model.flags()) & NO_THREADING) is not qgis_can


@pytest.fixture()
def returned(tmp_path, lc_provider):
    """A copy of the sample and a returned ledger that sets 2026-东湖-002's progress to 45."""
    gpkg = S.copy_sample(tmp_path)
    workbook = tmp_path / "ledger.xlsx"
    S.run("lifecircle:exportledger", {"INPUT": S.sample_uri("projects", path=gpkg), "OUTPUT": str(workbook)})
    wb = openpyxl.load_workbook(workbook)
    ws = wb[L.LEDGER_SHEET]
    header = [c.value for c in ws[L.HEADER_ROW]]
    progress_col = header.index("进度（%）") + 1 if "进度（%）" in header else header.index("进度") + 1
    row = next(r for r in range(L.FIRST_DATA_ROW, ws.max_row + 1) if ws.cell(r, 1).value == "2026-东湖-002")
    ws.cell(row, progress_col).value = 45
    out = tmp_path / "returned.xlsx"
    wb.save(out)
    return gpkg, out


def progress_of(gpkg: Path, pid: str):
    layer = QgsVectorLayer(f"{gpkg}|layername=projects", "p", "ogr")
    value = next(layer.getFeatures(f"\"project_id\" = '{pid}'"))["progress"]
    del layer
    return value


def run_as_a_task(alg_id: str, params: dict, feedback=None, cancel_after_s=None) -> tuple[bool, dict]:
    """What the algorithm dialog does: a QgsProcessingAlgRunnerTask on QGIS's task manager, waited for here."""
    alg = QgsApplication.processingRegistry().createAlgorithmById(alg_id)
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    feedback = feedback or QgsProcessingFeedback()
    task = QgsProcessingAlgRunnerTask(alg, params, context, feedback)
    done = {}
    task.executed.connect(lambda ok, results: done.update(ok=ok, results=results))
    QgsApplication.taskManager().addTask(task)
    start = time.monotonic()
    while "ok" not in done and time.monotonic() - start < 120:
        if cancel_after_s is not None and time.monotonic() - start > cancel_after_s:
            feedback.cancel()
        QApplication.processEvents()
        time.sleep(0.01)
    return done.get("ok"), done.get("results") or {}


def test_the_import_reads_in_the_task_s_thread_and_edits_in_the_main_thread(returned, monkeypatch, qgis_app):
    gpkg, workbook = returned
    threads = {}
    read = L.read_ledger
    import lifecircle.processing.import_ledger as IL

    apply = IL.apply_ledger_changes

    def reading(*args, **kwargs):
        threads["read"] = threading.current_thread()
        return read(*args, **kwargs)

    def applying(*args, **kwargs):
        threads["apply"] = threading.current_thread()
        return apply(*args, **kwargs)

    monkeypatch.setattr(L, "read_ledger", reading)
    monkeypatch.setattr(IL, "apply_ledger_changes", applying)
    layer = QgsVectorLayer(f"{gpkg}|layername=projects", "projects", "ogr")
    QgsProject.instance().addMapLayer(layer)
    try:
        ok, results = run_as_a_task("lifecircle:importledger", {"INPUT": layer.id(), "WORKBOOK": str(workbook),
                                                                "APPLY": True})
    finally:
        QgsProject.instance().removeMapLayer(layer.id())
    assert ok and results["CHANGES"] == 1 and results["APPLIED"] == 1
    assert threads["read"] is not threading.main_thread()
    assert threads["apply"] is threading.main_thread()
    assert progress_of(gpkg, "2026-东湖-002") == 45


def test_cancelling_the_import_changes_nothing(returned, monkeypatch, qgis_app):
    gpkg, workbook = returned
    before = progress_of(gpkg, "2026-东湖-002")
    read = L.read_ledger

    def slow_reading(path, projects, progress=None, is_cancelled=None):
        for _ in range(400):  # a big workbook: the planner cancels while it is read
            time.sleep(0.01)
            if is_cancelled is not None and is_cancelled():
                from lifecircle.lifecircle_plugin.core.errors import CancelledError

                raise CancelledError()
        return read(path, projects, progress=progress, is_cancelled=is_cancelled)

    monkeypatch.setattr(L, "read_ledger", slow_reading)
    layer = QgsVectorLayer(f"{gpkg}|layername=projects", "projects", "ogr")
    QgsProject.instance().addMapLayer(layer)
    try:
        start = time.monotonic()
        ok, _ = run_as_a_task("lifecircle:importledger", {"INPUT": layer.id(), "WORKBOOK": str(workbook),
                                                          "APPLY": True}, cancel_after_s=0.3)
        assert time.monotonic() - start < 3.0  # the cancel is answered while reading
    finally:
        QgsProject.instance().removeMapLayer(layer.id())
    assert ok is False
    assert progress_of(gpkg, "2026-东湖-002") == before


def test_the_dock_s_import_reads_in_a_worker_thread_behind_a_progress_dialog(returned, monkeypatch, qgis_iface,
                                                                            qtbot):
    from lifecircle.lifecircle_plugin.gui.ledger_dialogs import import_ledger_dialog
    from qgis.PyQt.QtWidgets import QDialog

    gpkg, workbook = returned
    seen = {}
    read = L.read_ledger

    def reading(*args, **kwargs):
        seen["thread"] = threading.current_thread()
        time.sleep(0.6)  # (the main thread meanwhile keeps the progress dialog and QGIS answering)
        return read(*args, **kwargs)

    monkeypatch.setattr(L, "read_ledger", reading)
    layer = QgsVectorLayer(f"{gpkg}|layername=projects", "projects", "ogr")
    applied = import_ledger_dialog(qgis_iface, layer, str(workbook),
                                   run_dialog=lambda dialog: QDialog.DialogCode.Accepted)
    assert applied == 1 and seen["thread"] is not threading.main_thread()
    del layer
    assert progress_of(gpkg, "2026-东湖-002") == 45
