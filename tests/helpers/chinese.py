"""The zh_CN translation installed as a Chinese QGIS has it, and a detector of English left in what a planner reads."""

from __future__ import annotations

import contextlib
import re
import subprocess
from pathlib import Path

from qgis.PyQt.QtCore import QCoreApplication, QTranslator

ROOT = Path(__file__).resolve().parents[2]

# words a Chinese planner reads as they are: names of standards, data sources, software, models, units
ALLOWED = {"lifecircle", "osm", "amap", "openstreetmap", "highs", "mclp", "lscp", "qgis", "gcj", "wgs", "utm",
           "cgcs", "epsg", "excel", "wps", "xlsx", "gpkg", "geopackage", "postgis", "csv", "json", "pdf", "png",
           "qgz", "ledger", "teitz", "bart", "max", "min"}


def english_sentences(text: str) -> list[str]:
    """Runs of two or more English words left once names, codes, quoted values and paths are taken out."""
    t = re.sub(r"'[^']*'|\"[^\"]*\"|“[^”]*”|‘[^’]*’|「[^」]*」", " ", text)  # quoted: layer, field, value names
    t = re.sub(r"[A-Za-z]:?[\\/][^\s，。；,;)）]*|/[^\s，。；,;)）]+", " ", t)  # file paths
    t = re.sub(r"\b[\w.-]*[_\d][\w.-]*\b", " ", t)  # field names, codes, ids, numbers (snake_case, Q05, 4549)
    t = re.sub(r"\b[A-Z][A-Z]+\b", " ", t)  # PARAMETER names, acronyms
    t = re.sub(r"\([a-z_]+\)", " ", t)  # a field's name after its Chinese alias: 项目名称 (name)
    words = re.finditer(r"[A-Za-z]+(?:[ '-]+[A-Za-z]+)+", t)
    out = []
    for m in words:
        tokens = [w for w in re.split(r"[ '-]+", m.group(0)) if w]
        english = [w for w in tokens if len(w) > 1 and w.lower() not in ALLOWED]
        if len(english) >= 2:
            out.append(m.group(0))
    return out


def compiled_translation(folder: Path) -> Path:
    """i18n/lifecircle_zh_CN.ts compiled with lrelease (as `make translations` does) into ``folder``."""
    qm = Path(folder) / "lifecircle_zh_CN.qm"
    done = subprocess.run(["lrelease", str(ROOT / "i18n" / "lifecircle_zh_CN.ts"), "-qm", str(qm)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return qm


@contextlib.contextmanager
def chinese_ui(folder: Path):
    """The plugin's zh_CN translation installed for the duration (what a QGIS set to 简体中文 loads)."""
    translator = QTranslator()
    assert translator.load(str(compiled_translation(folder)))
    QCoreApplication.installTranslator(translator)
    try:
        yield translator
    finally:
        QCoreApplication.removeTranslator(translator)
