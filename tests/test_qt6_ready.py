"""metadata.txt says supportsQt6=True: the shipped code keeps the rules Qt 6 (PyQt6 builds of QGIS) imposes,
checked on every QGIS the suite runs on (tests/helpers/qt6_check.py says which rules and why)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from qt6_check import check_files, check_source

ROOT = Path(__file__).resolve().parent.parent


def shipped_python_files() -> list[Path]:
    """The Python files `make package` puts in the zip: the committed tree minus what package.sh leaves out."""
    listed = subprocess.run(["git", "ls-files", "*.py"], cwd=ROOT, capture_output=True, text=True, check=True)
    left_out = ("tests/", "scripts/", ".ci/", "docs/")
    files = [ROOT / p for p in listed.stdout.split() if not p.startswith(left_out)]
    # files added since the last commit are shipped next time: look at them too
    files += [p for p in (ROOT / "lifecircle_plugin").rglob("*.py") if p not in files]
    files += [p for p in (ROOT / "processing").rglob("*.py") if p not in files]
    return sorted(set(files))


def test_the_shipped_code_keeps_the_qt6_rules():
    files = shipped_python_files()
    assert len(files) > 30 and ROOT / "processing" / "siting.py" in files
    findings = check_files(files, ROOT)
    assert not findings, "\n".join(str(f) for f in findings)


@pytest.mark.parametrize("code, problem", [
    ("from qgis.PyQt.QtCore import Qt\nx = Qt.AlignLeft", "write Qt.AlignmentFlag.AlignLeft"),
    ("from qgis.PyQt.QtWidgets import QDialogButtonBox\nb = QDialogButtonBox.Ok",
     "write QDialogButtonBox.StandardButton.Ok"),
    # (QgsWkbTypes.Type on 3.22, WkbType on 3.40)
    ("from qgis.core import QgsWkbTypes\nt = QgsWkbTypes.Point", "unscoped enum: write QgsWkbTypes."),
    ("from qgis.core import QgsFeatureRequest\nf = QgsFeatureRequest.NoGeometry", "unscoped enum"),
    ("from qgis.PyQt.QtCore import QVariant\nt = QVariant.Int", "use QMetaType.Type"),
    ("from qgis.PyQt.QtCore import QVariant\nt = QVariant.Type.Double", "use QMetaType.Type"),
    ("from qgis.PyQt.QtWidgets import QDialog\nQDialog().exec_()", "use exec"),
    ("from qgis.PyQt.QtCore import QRegExp", "use QRegularExpression"),
    ("from qgis.PyQt.QtCore import Qt\nb = Qt.MouseButton.MidButton", "use MiddleButton"),
])
def test_the_check_finds_what_qt6_refuses(code, problem):
    findings = check_source(code)
    assert findings and problem in findings[0].problem, findings


@pytest.mark.parametrize("code", [
    "from qgis.PyQt.QtCore import Qt\nx = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop",
    "from qgis.PyQt.QtCore import QMetaType\nt = QMetaType.Type.Int",
    "from qgis.core import QgsWkbTypes\nt = QgsWkbTypes.Type.Point\nn = QgsWkbTypes.geometryType(t)",
    "from qgis.core import QgsProcessing\nt = QgsProcessing.SourceType.TypeVectorPoint",
    "from qgis.PyQt.QtWidgets import QDialog\nQDialog().exec()",
    "from qgis.PyQt.QtCore import QVariant\nnull = QVariant()",
])
def test_the_check_accepts_scoped_qt6_code(code):
    assert check_source(code) == []
