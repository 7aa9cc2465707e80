"""Run inside the real QGIS desktop (``qgis --code desktop_probe.py``, under Xvfb) by tests/test_real_desktop.py.

It uses LifeCircle as a planner does, through its menu, and writes what it saw to $LC_PROBE_OUT/probe.json with
screenshots beside it, then quits QGIS. Each step runs from the event loop (QTimer), so QGIS draws in between."""

import json
import os
import traceback
from pathlib import Path

from qgis.core import Qgis, QgsApplication, QgsProject, QgsRectangle
from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtWidgets import QApplication, QDialog, QMessageBox
from qgis.utils import iface, plugins

OUT = Path(os.environ["LC_PROBE_OUT"])
MENU = "LifeCircle 15分钟生活圈"
seen = {"steps": [], "errors": []}


def message_bar_texts():
    out = []
    for item in iface.messageBar().items():
        out.append({"level": int(item.level()), "title": item.title(), "text": item.text()})
    return out


def menu_actions():
    menu = next(a.menu() for a in iface.mainWindow().menuBar().actions() if a.text() == MENU)
    return [a for a in menu.actions() if not a.isSeparator()]


def close_modal():
    """A modal box (first-run dialogs of a fresh profile, an unexpected question) is answered No / closed."""
    widget = QApplication.activeModalWidget()
    while widget is not None:
        seen.setdefault("modal", []).append(widget.windowTitle())
        if isinstance(widget, QMessageBox):
            widget.done(QMessageBox.StandardButton.No)
        elif isinstance(widget, QDialog):
            widget.reject()
        else:
            widget.close()
        QApplication.processEvents()
        nxt = QApplication.activeModalWidget()
        widget = None if nxt is widget else nxt


def step_start():
    close_modal()
    seen["qgis"] = Qgis.version()
    seen["plugin_loaded"] = "lifecircle" in plugins
    seen["menu"] = [a.text() for a in menu_actions()]
    iface.messageBar().clearWidgets()


def step_open_sample():
    action = next(a for a in menu_actions() if a.text().startswith("Open the sample") or "示例区" in a.text()
                  and "打开" in a.text())
    action.trigger()


def step_after_sample():
    close_modal()
    project = QgsProject.instance()
    seen["project"] = project.fileName()
    layers = list(project.mapLayers().values())
    seen["layers"] = len(layers)
    district = None
    for lyr in layers:
        if lyr.crs() != project.crs():
            continue  # (the survey's needs are GCJ-02 lon/lat, as AMap exports them: not the district's frame)
        district = QgsRectangle(lyr.extent()) if district is None else district
        district.combineExtentWith(lyr.extent())
    extent = iface.mapCanvas().extent()
    seen["canvas_extent"] = [extent.xMinimum(), extent.yMinimum(), extent.xMaximum(), extent.yMaximum()]
    seen["district_extent"] = [district.xMinimum(), district.yMinimum(), district.xMaximum(), district.yMaximum()]
    seen["scale"] = iface.mapCanvas().scale()
    seen["messages_after_sample"] = message_bar_texts()
    seen["dirty_after_sample"] = project.isDirty()


def step_toolbox():
    action = next(a for a in menu_actions() if "Processing" in a.text() or "处理工具箱" in a.text())
    action.trigger()


def step_after_toolbox():
    toolbox = getattr(plugins.get("processing"), "toolbox", None)
    seen["toolbox_visible"] = bool(toolbox is not None and toolbox.isVisible())
    seen["toolbox_filter"] = toolbox.searchBox.text() if toolbox is not None else None


def step_dock():
    action = next(a for a in menu_actions() if "年度项目实施清单" in a.text())
    action.trigger()


def step_after_dock():
    dock = plugins["lifecircle"].project_dock
    seen["dock_visible"] = bool(dock is not None and dock.isVisible())
    seen["dock_width"] = dock.width() if dock is not None else None
    seen["dirty_after_dock"] = QgsProject.instance().isDirty()
    iface.mainWindow().grab().save(str(OUT / "main_window.png"))
    if dock is not None:
        dock.grab().save(str(OUT / "dock.png"))
    seen["messages_at_end"] = message_bar_texts()


def step_dialogs():
    """Each algorithm's dialog, opened from the menu as a planner does: its size, whether its parameters fit
    across (no horizontal scroll bar), a screenshot; then closed."""
    from qgis.PyQt.QtWidgets import QScrollArea

    seen["dialogs"] = {}
    algorithm_actions = [a for a in menu_actions() if a.text()[:1].isdigit() or "台账" in a.text()
                         or "ledger" in a.text().lower() or "GCJ" in a.text()]
    for k, action in enumerate(algorithm_actions):
        def inspect(k=k, text=action.text()):
            # (QGIS's algorithm dialog runs its own event loop without being application-modal)
            dialog = next((w for w in QApplication.topLevelWidgets() if w.isVisible()
                           and type(w).__name__ == "AlgorithmDialog"), None)
            if dialog is None:
                seen["errors"].append(f"no dialog for {text}")
                return
            QApplication.processEvents()
            areas = [a for a in dialog.findChildren(QScrollArea) if a.isVisible() and a.widget() is not None]
            clipped = [a.objectName() for a in areas if a.horizontalScrollBar().isVisible()]
            seen["dialogs"][text] = {"width": dialog.width(), "height": dialog.height(), "clipped": clipped,
                                     "title": dialog.windowTitle()}
            dialog.grab().save(str(OUT / f"dialog_{k}.png"))
            compounds_section(dialog, areas, seen["dialogs"][text], OUT / f"dialog_{k}_compounds.png")
            dialog.reject()
        QTimer.singleShot(1200, inspect)
        action.trigger()  # (modal: returns when inspect has closed it)


def compounds_section(dialog, areas, record: dict, png) -> None:
    """Where the dialog takes gated compounds (封闭小区): the label of its COMPOUNDS input, scrolled into view and
    grabbed — for the algorithms that join points to the network."""
    from qgis.PyQt.QtWidgets import QLabel

    labels = [w for w in dialog.findChildren(QLabel) if "封闭小区" in w.text() or "Gated compounds" in w.text()]
    if not labels:
        return
    record["compounds_label"] = labels[0].text()
    for area in areas:
        if area.widget().isAncestorOf(labels[0]):
            area.ensureWidgetVisible(labels[0], 0, 0)
            area.verticalScrollBar().setValue(area.verticalScrollBar().value() + area.viewport().height() // 3)
    QApplication.processEvents()
    dialog.grab().save(str(png))


def step_quit():
    (OUT / "probe.json").write_text(json.dumps(seen, ensure_ascii=False, indent=1), encoding="utf-8")
    QgsProject.instance().setDirty(False)
    QgsApplication.instance().exit(0)


STEPS = [step_start, step_open_sample, step_after_sample, step_toolbox, step_after_toolbox, step_dock,
         step_after_dock, step_dialogs, step_quit]


def run(i=0):
    if i >= len(STEPS):
        return
    try:
        STEPS[i]()
        seen["steps"].append(STEPS[i].__name__)
    except Exception:  # noqa: BLE001 - recorded for the test, and QGIS still quits
        seen["errors"].append(f"{STEPS[i].__name__}: {traceback.format_exc()}")
        if STEPS[i] is not step_quit:
            STEPS[-1]()
            return
    QTimer.singleShot(1500, lambda: run(i + 1))


QTimer.singleShot(2000, run)
