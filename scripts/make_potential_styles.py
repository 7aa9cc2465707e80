"""Writes the bundled style of lifecircle:potentialspace's output (resources/styles/potential_space.qml) with
PyQGIS: parcels coloured by their main kind of potential, the best-ranked ones labelled with their rank.

Run with Debian's Python (or the project's .venv): `.venv/bin/python scripts/make_potential_styles.py`.
The .qml file is committed; this script is how it is made and changed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
STYLES = ROOT / "resources" / "styles"

from qgis.core import (  # noqa: E402
    QgsApplication,
    QgsCategorizedSymbolRenderer,
    QgsFillSymbol,
    QgsPalLayerSettings,
    QgsRendererCategory,
    QgsTextBufferSettings,
    QgsTextFormat,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtGui import QColor  # noqa: E402

from style_files import save_style  # noqa: E402

#: main kind -> (fill colour, legend text); the kinds are lifecircle_plugin.core.potential.KINDS
KIND_STYLES = [
    ("闲置", "#d7301f", "闲置 idle / vacant"),
    ("低效", "#fc8d59", "低效 low-efficiency"),
    ("金角银边", "#1a9850", "金角银边 leftover corners and strips"),
    ("附属空间", "#4575b4", "附属空间 open / time-shared"),
]
#: the rank label is shown for the best this many parcels
LABEL_TOP = 15


def potential_style() -> Path:
    lyr = QgsVectorLayer("MultiPolygon?crs=EPSG:4549&field=main_kind:string&field=rank:integer&field=score:double",
                         "style", "memory")
    assert lyr.isValid()
    cats = []
    for value, colour, text in KIND_STYLES:
        sym = QgsFillSymbol.createSimple({"color": colour, "outline_color": "#252525", "outline_width": "0.35"})
        sym.setOpacity(0.85)
        cats.append(QgsRendererCategory(value, sym, text))
    none = QgsFillSymbol.createSimple({"color": "#f0f0f0", "outline_color": "#bdbdbd", "outline_width": "0.2"})
    cats.append(QgsRendererCategory(None, none, "无潜力 no potential (KEEP_ALL)"))
    lyr.setRenderer(QgsCategorizedSymbolRenderer("main_kind", cats))

    settings = QgsPalLayerSettings()
    settings.fieldName = f"CASE WHEN \"rank\" > 0 AND \"rank\" <= {LABEL_TOP} THEN '#' || \"rank\" END"
    settings.isExpression = True
    fmt = QgsTextFormat()
    fmt.setSize(9.0)
    fmt.setColor(QColor("#111111"))
    buf = QgsTextBufferSettings()
    buf.setEnabled(True)
    buf.setSize(1.0)
    buf.setColor(QColor("white"))
    fmt.setBuffer(buf)
    settings.setFormat(fmt)
    settings.placement = QgsPalLayerSettings.OverPoint
    lyr.setLabeling(QgsVectorLayerSimpleLabeling(settings))
    lyr.setLabelsEnabled(True)
    out = STYLES / "potential_space.qml"
    save_style(lyr, out)
    return out


def main() -> int:
    app = QgsApplication([], False)
    app.initQgis()
    STYLES.mkdir(parents=True, exist_ok=True)
    print("written", potential_style())
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
