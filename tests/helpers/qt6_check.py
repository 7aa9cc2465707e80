"""What keeps PyQt5-era code from running under Qt 6 (PyQt6 builds of QGIS), found in the source by the rules
QGIS's own migration guide and PyQt6 impose, checked against the live PyQt/PyQGIS of the running QGIS:

1. every enum member is reached through its enum (``Qt.AlignmentFlag.AlignLeft``, not ``Qt.AlignLeft``;
   ``QgsWkbTypes.Type.Point``, not ``QgsWkbTypes.Point``): PyQt6 has only scoped enums;
2. no ``QVariant`` type enum (``QVariant.Int``, ``QVariant.Type.Int``): PyQt6 has none, use ``QMetaType.Type``;
3. no ``exec_()`` (gone in PyQt6: ``exec()``), and no class or member that Qt 6 removed (QRegExp, QDesktopWidget,
   ``Qt.MidButton`` …).

Names are resolved in the running QGIS, so the same check run on QGIS 3.22 and 3.40 also proves that every
spelling exists in both."""

from __future__ import annotations

import ast
import enum
import importlib
from dataclasses import dataclass
from pathlib import Path

QT_MODULES = ("qgis.PyQt", "qgis.core", "qgis.gui")
REMOVED_IN_QT6 = {
    "QRegExp": "QRegularExpression", "QRegExpValidator": "QRegularExpressionValidator",
    "QDesktopWidget": "QScreen (QGuiApplication.primaryScreen())", "QStringRef": "str", "QGLWidget": "QOpenGLWidget",
    "QMatrix": "QTransform", "QSound": "QSoundEffect", "QTextCodec": "str.encode/decode",
}
REMOVED_MEMBERS = {"MidButton": "MiddleButton", "exec_": "exec", "desktop": "QGuiApplication.screens()"}


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    code: str
    problem: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.code} — {self.problem}"


def is_enum_member(value) -> bool:
    """A member of a Python enum (PyQt6, newer sip) or of a sip enum type (PyQt5)."""
    return isinstance(value, enum.Enum) or type(type(value)).__name__ == "enumtype"


def _imported_names(tree: ast.AST) -> dict:
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(QT_MODULES):
            module = importlib.import_module(node.module)
            for alias in node.names:
                names[alias.asname or alias.name] = getattr(module, alias.name, None)
    return names


def _chain(node: ast.Attribute):
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    return (node.id if isinstance(node, ast.Name) else None), parts[::-1]


def check_source(source: str, path: str = "<code>") -> list[Finding]:
    tree = ast.parse(source)
    names = _imported_names(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(QT_MODULES):
            for alias in node.names:
                if alias.name in REMOVED_IN_QT6:
                    found.append(Finding(path, node.lineno, alias.name,
                                         f"removed in Qt 6: use {REMOVED_IN_QT6[alias.name]}"))
        if not isinstance(node, ast.Attribute):
            continue
        if node.attr in REMOVED_MEMBERS and (node.attr != "desktop" or _chain(node)[0] in names):
            found.append(Finding(path, node.lineno, node.attr, f"removed in Qt 6: use {REMOVED_MEMBERS[node.attr]}"))
            continue
        root, parts = _chain(node)
        if root not in names or names[root] is None:
            continue
        owner, value = None, names[root]
        try:
            for part in parts:
                owner, value = value, getattr(value, part)
        except AttributeError:
            continue  # not in this QGIS (feature-detected elsewhere); Python would fail first
        if not is_enum_member(value):
            continue
        code = ".".join([root, *parts])
        if root == "QVariant":
            found.append(Finding(path, node.lineno, code, "QVariant has no type enum in Qt 6: use QMetaType.Type"))
        elif not (isinstance(owner, type) and isinstance(value, owner)):
            found.append(Finding(path, node.lineno, code,
                                 f"unscoped enum: write {'.'.join([root, *parts[:-1]])}.{type(value).__name__}"
                                 f".{parts[-1]}"))
    return sorted(set(found), key=lambda f: (f.path, f.line, f.code))


def check_files(paths, root: Path) -> list[Finding]:
    found = []
    for p in paths:
        found += check_source(Path(p).read_text(encoding="utf-8"), str(Path(p).relative_to(root)))
    return found
