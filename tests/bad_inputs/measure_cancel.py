"""Measures, for the README and the report (not a test): how long each district-scale run of
test_cancellation.py takes uncancelled, and the cancel latency when a cancel comes at many moments of the run
(every STEP seconds from a timer thread, as a user's click), so that stages that report no progress are probed
too. Run from the repository root:

    QT_QPA_PLATFORM=offscreen PROJ_DATA=/usr/share/proj .venv/bin/python tests/bad_inputs/measure_cancel.py [name …]

    SCALE=district POINTS=6 .venv/bin/python tests/bad_inputs/measure_cancel.py   # issue 9's district scale
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "helpers"))
import bad_inputs_support as S  # noqa: E402

S.standalone()

STEP = float(os.environ.get("STEP", "0.5"))
#: POINTS=n cancels at n evenly spaced moments of each run instead of every STEP seconds
POINTS = int(os.environ.get("POINTS", "0"))
#: SCALE=district measures on the district-scale case of issue 9 (a 317 × 317 grid: ~200,000 street lines,
#: 100,000 residents, 10,000 facilities); the default is the test's smaller district
SCALE = os.environ.get("SCALE", "test")


def main(names):
    app, provider = S.start_qgis()
    import _pytest.outcomes
    from qgis import processing
    from qgis.core import QgsApplication

    work = Path(tempfile.mkdtemp(prefix="lc-cancel-"))
    t0 = time.perf_counter()
    district = S.GridDistrict(**S.DISTRICT_SCALES[SCALE])
    print(f"district ({SCALE}): {district.streets.featureCount():,} street lines, "
          f"{district.residents.featureCount():,} residents, {district.facilities.featureCount():,} facilities, "
          f"{district.blocks.featureCount():,} blocks (made in {time.perf_counter() - t0:.1f} s)", flush=True)
    ledger = None
    rows = []
    for name in names or S.DISTRICT_CASES:
        if "ledger" in name and ledger is None:
            ledger = S.measurement_ledger(work)
        folder = work / name
        folder.mkdir()
        alg, params, outs = S.district_case(name, district, folder, ledger)
        start = time.perf_counter()
        processing.run(alg, params, feedback=S.recording_feedback())
        full = time.perf_counter() - start
        for o in outs:
            if o.exists():
                o.unlink()
        worst, n, failures = 0.0, 0, []
        moments = ([full * k / (POINTS + 1) for k in range(1, POINTS + 1)] if POINTS else
                   list(np.arange(STEP, full - 0.3, STEP)))
        for t in moments:
            alg, params, outs = S.district_case(name, district, folder, ledger)
            try:
                m = S.run_cancelled(alg, params, outs, after_s=t)
                worst = max(worst, m["latency_s"])
                n += 1
            except (AssertionError, _pytest.outcomes.Failed) as exc:
                failures.append(f"at {t:.2f} s: {str(exc).splitlines()[0]}")
            for o in outs:
                if o.exists():
                    o.unlink()
        rows.append((name, full, n, worst, failures))
        print(f"{name}: full run {full:.2f} s; {n} timed cancels, worst latency {worst:.3f} s"
              + "".join(f"\n    {f}" for f in failures), flush=True)
    shutil.rmtree(work, ignore_errors=True)
    del district
    QgsApplication.processingRegistry().removeProvider(provider)


if __name__ == "__main__":
    main(sys.argv[1:])
