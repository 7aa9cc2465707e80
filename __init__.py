"""LifeCircle QGIS plugin entry point.

Only ``classFactory`` lives here; everything else is imported lazily so that QGIS start-up does not pay
for geopandas, networkx, scipy or openpyxl.
"""


def classFactory(iface):  # noqa: N802 (QGIS API name)
    from .lifecircle_plugin.plugin import LifeCirclePlugin

    return LifeCirclePlugin(iface)
