"""Errors worded for a planner, and the callback helpers every core function shares."""

from __future__ import annotations

from typing import Callable, Optional

ProgressCallback = Callable[[float], None]
CancelCallback = Callable[[], bool]


class Msg(str):
    """A message for a planner: its English text (the string itself) and what another language needs to say it —
    the template and the values that fill it in. The core has no Qt: the adapters translate the template
    (``tr_msg`` in processing/base.py) and format the translation with the same values.

    >>> m = Msg("Layer '{}' is empty.", "streets"); m, m.template, m.values
    ("Layer 'streets' is empty.", "Layer '{}' is empty.", ('streets',))
    """

    template: str
    values: tuple

    def __new__(cls, template: str, *values):
        text = template.format(*values)
        obj = super().__new__(cls, text)
        obj.template = template
        obj.values = values
        return obj

    def __reduce__(self):  # (pickled like any message: template and values)
        return (Msg, (self.template, *self.values))

    @staticmethod
    def join(separator: str, items) -> "Msg":
        """Several messages as one (each still translated on its own)."""
        items = list(items)
        return Msg(separator.replace("{", "{{").replace("}", "}}").join(["{}"] * len(items)), *items)


def listed(ids, n: int = 15) -> str:
    """The first ``n`` ids (or values) for a message, and how many there are in all."""
    ids = list(ids)
    shown = ", ".join(map(str, ids[:n]))
    return Msg("{} … ({} in all)", shown, len(ids)) if len(ids) > n else shown


def reason_of(exc: BaseException) -> str:
    """What an exception says, as a message the adapters can translate: its Msg when it carries one."""
    first = exc.args[0] if exc.args else None
    return first if isinstance(first, Msg) else str(exc)


class LifeCircleError(Exception):
    """Bad input or an impossible request: the message says which layer/field/feature and what to do (a
    :class:`Msg`, or plain English text that the adapters look up as a whole)."""


class CancelledError(LifeCircleError):
    """The user cancelled the run; nothing was written."""

    def __init__(self, message: str = "Cancelled by the user; nothing was written."):
        super().__init__(message)


def no_progress(_fraction: float) -> None:
    return None


def never_cancelled() -> bool:
    return False


def watched(fn, is_cancelled: Optional[CancelCallback], poll_s: float = 0.05):
    """``fn()``'s result, computed in a worker thread while this thread looks at ``is_cancelled`` every
    ``poll_s`` seconds; CancelledError as soon as it is set. For one long call into a library that releases the
    GIL (GEOS through shapely 2's ufuncs or shapely 1.8's ctypes) and takes no callback. A cancelled call is
    abandoned: its thread (a daemon) finishes in the background and its result is dropped."""
    if is_cancelled is None:
        return fn()
    import threading

    box: dict = {}

    def work():
        try:
            box["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - handed to the caller
            box["error"] = exc

    worker = threading.Thread(target=work, name="LifeCircle: watched call", daemon=True)
    worker.start()
    while True:
        worker.join(poll_s)
        if not worker.is_alive():
            break
        if is_cancelled():
            raise CancelledError()
    if "error" in box:
        raise box.pop("error")
    return box["value"]


class Steps:
    """Maps the stages of a core run onto one progress bar and checks cancellation between them.

    >>> steps = Steps(progress, is_cancelled, weights=[1, 3])
    >>> steps.next()   # enter stage 0 (checks cancellation)
    >>> steps.sub(0.5) # half-way through stage 0 -> overall 0.125
    """

    def __init__(
        self,
        progress: Optional[ProgressCallback],
        is_cancelled: Optional[CancelCallback],
        weights: list[float],
    ):
        self._progress = progress or no_progress
        self._is_cancelled = is_cancelled or never_cancelled
        total = float(sum(weights)) or 1.0
        self._starts = []
        acc = 0.0
        for w in weights:
            self._starts.append(acc / total)
            acc += w
        self._sizes = [w / total for w in weights]
        self._stage = -1

    def check(self) -> None:
        if self._is_cancelled():
            raise CancelledError()

    def next(self) -> None:
        self.check()
        self._stage += 1
        if self._stage < len(self._starts):
            self._progress(self._starts[self._stage])

    def sub(self, fraction: float) -> None:
        """Reports progress inside the current stage and checks cancellation."""
        self.check()
        if 0 <= self._stage < len(self._starts):
            f = min(max(fraction, 0.0), 1.0)
            self._progress(self._starts[self._stage] + f * self._sizes[self._stage])

    def done(self) -> None:
        self._progress(1.0)
