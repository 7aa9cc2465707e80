"""QGIS-free domain logic of LifeCircle.

Nothing in this package may import ``qgis``: a test imports every module here in a process without QGIS.
Functions take plain inputs plus ``progress(fraction)`` / ``is_cancelled()`` callbacks and return plain results.
"""
