"""Long reading work of the dock run off the main thread, with a progress dialog and Cancel: QGIS stays responsive
(the work is plain Python in core; layers are read before, and edited after, in the main thread)."""

from __future__ import annotations

import threading
import time
from typing import Callable

from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import QApplication, QProgressDialog

from ..core.errors import CancelledError
from ..messages import tr




def run_with_progress(parent, label: str, work: Callable, poll_s: float = 0.05):
    """Runs ``work(progress, is_cancelled)`` in a worker thread while a progress dialog with Cancel shows its
    progress (``progress`` takes a fraction 0–1); returns what ``work`` returns, or raises what it raised
    (CancelledError when the planner cancelled)."""
    state = {"fraction": 0.0, "cancelled": False, "result": None, "error": None}

    def progress(fraction: float) -> None:
        state["fraction"] = max(0.0, min(1.0, float(fraction)))

    def run() -> None:
        try:
            state["result"] = work(progress, lambda: state["cancelled"])
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread
            state["error"] = exc

    dialog = QProgressDialog(label, tr("Cancel"), 0, 1000, parent)
    dialog.setWindowTitle(tr("LifeCircle"))
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(400)
    dialog.canceled.connect(lambda: state.__setitem__("cancelled", True))
    worker = threading.Thread(target=run, name="LifeCircle: " + label)
    worker.start()
    try:
        while worker.is_alive():
            dialog.setValue(int(1000 * state["fraction"]))
            QApplication.processEvents()
            time.sleep(poll_s)
    finally:
        worker.join()
        dialog.reset()
        dialog.deleteLater()
    if state["error"] is not None:
        raise state["error"]
    if state["cancelled"]:
        raise CancelledError()
    return state["result"]
