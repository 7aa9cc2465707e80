"""Where can a run not be cancelled? For each algorithm's district-scale run (not a test; a measurement for
docs/benchmarks.md): the longest stretches between two looks at the cancel flag, with the progress where each
begins. A cancel that arrives inside a stretch waits for its end, so the longest stretch bounds the latency.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/bad_inputs/cancel_gaps.py [name …]
    SCALE=district .venv/bin/python tests/bad_inputs/cancel_gaps.py       # issue 9's district scale
    NOAREAS=1 …                                                            # coverage without the service areas

The feedback records every call of ``isCanceled`` the algorithm makes, also on the multi-step feedbacks it
creates (checks QGIS makes in C++ are not seen, so the figures are upper bounds). The last stretch runs to the end
of the run (closing the output files).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "helpers"))
import bad_inputs_support as S  # noqa: E402

S.standalone()

SCALE = os.environ.get("SCALE", "test")


def _where() -> str:
    """The first three frames of LifeCircle code below the check (file:line function)."""
    f = sys._getframe(2)
    out = []
    while f is not None and len(out) < 3:
        if "lifecircle" in f.f_code.co_filename:
            out.append(f"{Path(f.f_code.co_filename).name}:{f.f_lineno} {f.f_code.co_name}")
        f = f.f_back
    return " < ".join(out)


def watch_multi_step_feedbacks() -> None:
    """Checks made on a QgsProcessingMultiStepFeedback the algorithms create are recorded on the top feedback
    (before the algorithm modules import the class)."""
    import qgis.core

    Multi = qgis.core.QgsProcessingMultiStepFeedback

    class WatchedMulti(Multi):
        def __init__(self, steps, parent):
            super().__init__(steps, parent)
            self.watch = getattr(parent, "watch", parent)

        def isCanceled(self):  # noqa: N802
            if hasattr(self.watch, "checks"):
                self.watch.checks.append((time.perf_counter(), self.watch.progress_now, _where()))
            return super().isCanceled()

    qgis.core.QgsProcessingMultiStepFeedback = WatchedMulti


def main(names):
    app, provider = S.start_qgis(before_provider=watch_multi_step_feedbacks)
    from qgis import processing
    from qgis.core import QgsApplication

    class Watching(type(S.recording_feedback())):  # keeps the run's messages out of the console
        def __init__(self):
            super().__init__()
            self.start = time.perf_counter()
            self.checks = [(self.start, 0.0, "start")]
            self.progress_now = 0.0
            self.progressChanged.connect(self._progress)

        def _progress(self, value):
            self.progress_now = float(value)

        def setProgress(self, value):  # noqa: N802
            super().setProgress(value)
            self.progress_now = float(value)

        def isCanceled(self):  # noqa: N802
            self.checks.append((time.perf_counter(), self.progress_now, _where()))
            return super().isCanceled()

    work = Path(tempfile.mkdtemp(prefix="lc-gaps-"))
    district = S.GridDistrict(**S.DISTRICT_SCALES[SCALE])
    print(f"district ({SCALE}): {district.streets.featureCount():,} street lines, "
          f"{district.residents.featureCount():,} residents, {district.facilities.featureCount():,} facilities",
          flush=True)
    ledger = None
    for name in names or S.DISTRICT_CASES:
        if "ledger" in name and ledger is None:
            ledger = S.measurement_ledger(work)
        folder = work / name
        folder.mkdir()
        alg, params, outs = S.district_case(name, district, folder, ledger)
        if os.environ.get("NOAREAS") and "SERVICE_AREAS" in params:  # the optional service areas take minutes
            params.pop("SERVICE_AREAS")
        fb = Watching()
        try:
            processing.run(alg, params, feedback=fb)
        except Exception as exc:  # noqa: BLE001 - a measurement: report and go on
            print(f"{name}: failed: {str(exc).splitlines()[0]}", flush=True)
            continue
        end = time.perf_counter()
        marks = fb.checks + [(end, 100.0, "end of the run")]
        gaps = sorted(((b[0] - a[0], a[1], a[0] - fb.start, a[2], b[2]) for a, b in zip(marks, marks[1:])),
                      reverse=True)
        print(f"{name}: {end - fb.start:.2f} s, {len(fb.checks) - 1:,} checks; longest stretches without one: "
              + ", ".join(f"{g:.2f} s from {p:.0f} % (t={t:.1f} s)" for g, p, t, _, _ in gaps[:4]), flush=True)
        if os.environ.get("WHERE"):
            for g, _p, _t, a, b in gaps[:3]:
                print(f"    {g:.2f} s: after {a}\n              until {b}", flush=True)
        shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(work, ignore_errors=True)
    del district
    QgsApplication.processingRegistry().removeProvider(provider)


if __name__ == "__main__":
    main(sys.argv[1:])
