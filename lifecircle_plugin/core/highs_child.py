"""HiGHS solves that a cancel can stop: large models are solved in a child Python process.

scipy's HiGHS wrappers (``scipy.optimize.milp`` and ``linprog``) hold the GIL for a whole solve and take no
callback, so inside one process a cancel waits for the solve to end — 7.6 s for a district's LP relaxation.
A child process can be killed: the model is pickled to a temporary file, a Python interpreter of the same
version with the same ``sys.path`` solves it, and the parent polls the child and the cancel check every 50 ms,
killing the child on a cancel. Small models (below :data:`IN_PROCESS_BELOW` nonzeros + variables) are solved in
process: starting a child costs ~0.3 s. When no suitable interpreter can be found (QGIS bundles vary), the solve
runs in process as before — correct, only not interruptible — and the run's notes say so.

QGIS-free: used by the siting package only (:mod:`.siting.milp`, :mod:`.siting.cover_exact`).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from typing import Callable, Optional

from .errors import LifeCircleError, Msg

#: models with fewer nonzeros + variables than this are solved in process (a child costs ~0.3 s to start)
IN_PROCESS_BELOW = 20_000
#: how often the parent looks at the child and at the cancel check (seconds)
POLL_S = 0.05

_WRONG_PYTHON = 3  # the child's exit code when it cannot import scipy or is another Python version

_CHILD = r"""
import os, pickle, sys
want = tuple(int(v) for v in sys.argv[3].split("."))
try:
    if tuple(sys.version_info[:2]) != want:
        raise ImportError("Python %d.%d, not %d.%d" % (sys.version_info[:2] + want))
    import scipy.optimize as so
except Exception as exc:
    sys.stderr.write("%s: %s" % (type(exc).__name__, exc))
    sys.exit(3)
with open(sys.argv[1], "rb") as fh:
    kind, kwargs = pickle.load(fh)
res = getattr(so, kind)(**kwargs)
with open(sys.argv[2] + ".part", "wb") as fh:
    pickle.dump(res, fh, protocol=4)
os.replace(sys.argv[2] + ".part", sys.argv[2])
"""

_python: Optional[str] = None  # the interpreter that worked; "" once none did
_last_note: str = ""


def candidates() -> list:
    """Interpreters that may be this Python: sys.executable when it is one (not the QGIS binary), then the
    installation's own ``python3.X``/``python3``/``python.exe``, then the first on PATH."""
    import shutil

    ver = f"{sys.version_info[0]}.{sys.version_info[1]}"
    out = []
    exe = sys.executable or ""
    if os.path.basename(exe).lower().startswith("python"):
        out.append(exe)
    for prefix in dict.fromkeys([sys.exec_prefix, sys.base_exec_prefix, os.path.dirname(exe)]):
        if not prefix:
            continue
        for sub in ("bin", ""):
            for name in (f"python{ver}", "python3", "python", "python.exe", "python3.exe"):
                out.append(os.path.join(prefix, sub, name) if sub else os.path.join(prefix, name))
    for name in (f"python{ver}", "python3"):
        found = shutil.which(name)
        if found:
            out.append(found)
    seen, usable = set(), []
    for path in out:
        real = os.path.realpath(path)
        if real in seen or not os.path.isfile(path) or not os.access(path, os.X_OK):
            continue
        seen.add(real)
        usable.append(path)
    return usable


_NO_CHILD = ("HiGHS ran inside QGIS, where a cancel waits for the current solve to end: no Python interpreter "
             "able to run scipy was found beside this one.")


def take_note() -> str:
    """Why a large solve since the last call ran in process, not in a child ("" when none did); clears it."""
    global _last_note
    out, _last_note = _last_note, ""
    return out


def call(kind: str, kwargs: dict, check: Optional[Callable[[], None]] = None, size: int = 0):
    """``scipy.optimize.<kind>(**kwargs)`` (``kind``: "milp" or "linprog"), its OptimizeResult.

    With a cancel ``check`` (raises CancelledError) and a model of ``size`` ≥ :data:`IN_PROCESS_BELOW`, the
    solve runs in a child process that a cancel kills within :data:`POLL_S` seconds; otherwise in process."""
    global _python, _last_note
    import scipy.optimize as so

    if check is None or size < IN_PROCESS_BELOW:
        return getattr(so, kind)(**kwargs)
    if _python == "":
        _last_note = _NO_CHILD
        return getattr(so, kind)(**kwargs)
    pythons = [_python] if _python else candidates()
    reasons = []
    with tempfile.TemporaryDirectory(prefix="lifecircle-highs-") as folder:
        model = os.path.join(folder, "model.pickle")
        result = os.path.join(folder, "result.pickle")
        import pickle

        with open(model, "wb") as fh:
            pickle.dump((kind, kwargs), fh, protocol=4)
        check()
        for python in pythons:
            outcome = _run_child(python, model, result, check)
            if outcome is None:  # this interpreter cannot do it: the next one
                reasons.append(f"{python}: {_run_child.reason}")
                continue
            _python = python
            _last_note = ""
            return outcome
    _python = ""
    _last_note = _NO_CHILD[:-1] + (f" ({'; '.join(reasons)})." if reasons else ".")
    return getattr(so, kind)(**kwargs)


def _run_child(python: str, model: str, result: str, check: Callable[[], None]):
    """The child's OptimizeResult; None when ``python`` cannot run it (reason in ``_run_child.reason``).
    A cancel (``check`` raising) kills the child and is passed on."""
    import pickle

    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p and os.path.isdir(p))
    env.pop("PYTHONSTARTUP", None)
    version = f"{sys.version_info[0]}.{sys.version_info[1]}"
    log = os.path.join(os.path.dirname(model), "stderr.txt")
    with open(log, "wb") as err_fh:  # (a file, not a pipe: a chatty child cannot fill it and block)
        try:
            proc = subprocess.Popen([python, "-c", _CHILD, model, result, version], stdin=subprocess.DEVNULL,
                                    stdout=subprocess.DEVNULL, stderr=err_fh, env=env,
                                    creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0))
        except OSError as exc:
            _run_child.reason = str(exc)
            return None
        try:
            while True:
                try:
                    proc.wait(timeout=POLL_S)
                    break
                except subprocess.TimeoutExpired:
                    check()
        except BaseException:
            proc.kill()
            proc.wait()
            raise
    with open(log, "rb") as fh:
        err = fh.read().decode("utf-8", "replace").strip()
    if proc.returncode == _WRONG_PYTHON:
        _run_child.reason = err or f"exit code {proc.returncode}"
        return None
    if proc.returncode != 0 or not os.path.exists(result):
        tail = err.splitlines()[-1] if err else f"exit code {proc.returncode}"
        raise LifeCircleError(
            Msg(
                "The exact solver (HiGHS, run in a separate process) failed: {}. Choose the greedy solver, or a "
                "smaller problem.",
                tail,
            )
        )
    with open(result, "rb") as fh:
        return pickle.load(fh)


_run_child.reason = ""
