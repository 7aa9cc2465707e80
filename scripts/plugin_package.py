"""The plugin as the package ``lifecircle`` for the scripts (as QGIS installs it, and as the tests reach it): a
link build/lifecircle → the checkout, with build/ on the path. Never the checkout itself on the path: its
``processing`` folder would hide QGIS's own Processing plugin."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def use_plugin_package() -> None:
    link = ROOT / "build" / "lifecircle"
    link.parent.mkdir(exist_ok=True)
    if not link.is_symlink() and not link.exists():
        link.symlink_to(ROOT, target_is_directory=True)
    if str(link.parent) not in sys.path:
        sys.path.insert(0, str(link.parent))
