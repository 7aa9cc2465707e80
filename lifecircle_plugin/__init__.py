"""LifeCircle plugin package (QGIS side). The QGIS-free domain logic lives in ``core``."""
