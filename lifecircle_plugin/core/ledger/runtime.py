"""What an export or an import needs from the running plugin: its version, a quiet garbage collector."""

from __future__ import annotations

import configparser
import functools
from pathlib import Path


class _GcPaused:
    """Pauses the cyclic garbage collector while a workbook is built or read: hundreds of thousands of small
    objects (cells) otherwise trigger collections that find nothing to free (~25 % of an import's time)."""

    def __enter__(self):
        import gc

        self._was = gc.isenabled()
        gc.disable()
        return self

    def __exit__(self, *exc):
        import gc

        if self._was:
            gc.enable()
        return False


def _gc_paused(fn):
    """``fn`` run with the garbage collector paused (see :class:`_GcPaused`)."""
    @functools.wraps(fn)
    def paused(*args, **kwargs):
        with _GcPaused():
            return fn(*args, **kwargs)

    return paused


def plugin_version() -> str:
    """The plugin version from metadata.txt (the single source of version)."""
    meta = Path(__file__).resolve().parents[3] / "metadata.txt"
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read(meta, encoding="utf-8")
        return parser.get("general", "version", fallback="?")
    except (OSError, configparser.Error):
        return "?"
