"""Style and project files as LifeCircle ships them: no font family named in their text formats.

A family named in a .qml or .qgs that a planner's machine lacks ("WenQuanYi Micro Hei" on Windows, "DejaVu LGC
Sans" on macOS) makes QGIS warn "Font … not available on system" for every label. Without the attribute QGIS uses
the application's font, and Qt falls back to a font that has the glyphs (Chinese included) on every platform."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

_FAMILY = re.compile(r'(<text-style\b[^>]*?)\s+fontFamily="[^"]*"')


def without_font_families(text: str) -> str:
    """The XML of a style or project with the fontFamily attribute of every <text-style> removed."""
    return _FAMILY.sub(r"\1", text)


def strip_font_families(path: Path) -> None:
    """Rewrites a .qml or .qgs in place, or the .qgs inside a .qgz, without font families."""
    path = Path(path)
    if path.suffix.lower() == ".qgz":
        with zipfile.ZipFile(path) as z:
            items = [(info, z.read(info.filename)) for info in z.infolist()]
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for info, data in items:
                if info.filename.endswith(".qgs"):
                    data = without_font_families(data.decode("utf-8")).encode("utf-8")
                z.writestr(info, data)
        return
    path.write_text(without_font_families(path.read_text(encoding="utf-8")), encoding="utf-8")


def save_style(layer, path: Path) -> None:
    """Saves ``layer``'s style as ``path`` (.qml), without font families."""
    message, ok = layer.saveNamedStyle(str(path))
    if not ok:
        raise RuntimeError(f"cannot save {path}: {message}")
    strip_font_families(path)


if __name__ == "__main__":  # strip the committed files: python scripts/style_files.py resources/styles/*.qml …
    import sys

    for name in sys.argv[1:]:
        strip_font_families(Path(name))
