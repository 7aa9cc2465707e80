"""LifeCircle's Processing provider and algorithms (thin adapters over ``lifecircle_plugin.core``).

Import QGIS's own module as ``from qgis import processing``; this package is only ever imported as part of
the plugin package (``lifecircle.processing``), never with the plugin folder on sys.path.
"""
