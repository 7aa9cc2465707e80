"""The project dock as the tests open it: floating at a given size, shown, and closed cleanly afterwards."""

from __future__ import annotations

from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import QApplication


def open_dock(iface, qtbot=None, size=(560, 760)):
    from lifecircle.lifecircle_plugin.gui.project_dock import ProjectDock

    d = ProjectDock(iface, iface.mainWindow())
    iface.mainWindow().addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, d)
    d.setFloating(True)
    d.resize(*size)
    d.show()
    if qtbot is not None:
        qtbot.waitExposed(d)
    return d


def close_dock(iface, d) -> None:
    d.unload()
    iface.mainWindow().removeDockWidget(d)
    d.close()
    d.deleteLater()
    QApplication.processEvents()
