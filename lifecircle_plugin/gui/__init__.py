"""Dock widgets and dialogs (the annual project list; ledgers). Imported only when the plugin's GUI needs them."""


def create_project_dock(iface):
    """The annual project list dock (年度项目实施清单), added to QGIS's main window on the right.

    The caller (plugin.py) keeps the returned ``QDockWidget``; on unload it calls ``dock.unload()``,
    ``iface.removeDockWidget(dock)`` and ``dock.deleteLater()``.
    """
    from .project_dock import create_project_dock as _create

    return _create(iface)
