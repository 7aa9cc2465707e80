"""Where a project list's yearly targets are kept: a small table beside the list — ``<list>_targets`` in the same
GeoPackage (an attribute table QGIS shows too) or PostGIS schema — or, for a list in any other format (a
shapefile, a memory layer), in the QGIS project. Reading never fails silently; saving checks every row first
(core.programme.read_targets) and replaces the table's rows in one transaction, so a refused save leaves the
targets as they were.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Optional

from .core import programme as G
from .core.errors import LifeCircleError
from .messages import tr

SUFFIX = "_targets"
_PROJECT_KEY = "targets/"  # QGIS project entries: targets/<layer id>, JSON rows
_SCOPE = "LifeCircle"
_OGR_TYPES = {"year": "int", "unit": "str", "started": "int", "completed": "int", "investment": "float"}
_PG_TYPES = {"year": "integer NOT NULL", "unit": "text NOT NULL", "started": "integer", "completed": "integer",
             "investment": "double precision"}




def checked_targets(rows: Sequence[Mapping[str, object]]) -> list[G.Target]:
    """The targets of table rows, or a LifeCircleError naming every row and column that cannot be read."""
    targets, problems = G.read_targets(rows)
    if problems:
        raise LifeCircleError(tr("The targets were not saved: {}").format(_listed(problems)))
    return targets


def _listed(problems: Sequence[G.TargetProblem]) -> str:
    from .messages import tr_msg

    return "; ".join(tr_msg(p.msg()) for p in problems)


def as_rows(targets: Sequence[G.Target]) -> list[dict]:
    return [{c: getattr(t, c) for c in G.TARGET_COLUMNS} for t in targets]


# ------------------------------------------------------------------------------------------------------------
# the list's layer -> its targets


def read_layer_targets(layer) -> list[G.Target]:
    from .list_schema import storage_of

    storage = storage_of(layer)
    if storage is None:
        return _read_project_entry(layer)
    if storage.kind == "gpkg":
        return read_gpkg_targets(storage.path, storage.table + SUFFIX)
    return _read_postgres(storage)


def save_layer_targets(layer, rows: Sequence[Mapping[str, object]]) -> list[G.Target]:
    from .list_schema import storage_of

    targets = checked_targets(rows)
    storage = storage_of(layer)
    if storage is None:
        _write_project_entry(layer, targets)
    elif storage.kind == "gpkg":
        write_gpkg_targets(storage.path, storage.table + SUFFIX, targets)
    else:
        _write_postgres(storage, targets)
    return targets


# ------------------------------------------------------------------------------------------------------------
# GeoPackage (GDAL only: the sample district's generator writes its targets with it too)


def read_gpkg_targets(path: str, table: str) -> list[G.Target]:
    from osgeo import ogr

    ds = ogr.Open(str(path), 0)
    if ds is None:
        raise LifeCircleError(tr("Cannot open the GeoPackage {}.").format(path))
    layer = ds.GetLayerByName(table)
    if layer is None:
        return []
    rows = [{c: f.GetField(c) if f.GetFieldIndex(c) >= 0 else None for c in G.TARGET_COLUMNS} for f in layer]
    targets, problems = G.read_targets(rows)
    if problems:
        raise LifeCircleError(tr("The targets table {} in {} has values that cannot be read: {}").format(
            table, path, _listed(problems)))
    return targets


def write_gpkg_targets(path: str, table: str, targets: Sequence[G.Target]) -> None:
    """Creates the table when missing, then replaces its rows in one transaction."""
    from osgeo import ogr

    ds = ogr.Open(str(path), 1)
    if ds is None:
        raise LifeCircleError(tr("Cannot open the GeoPackage {} for writing (read-only, or missing?).").format(path))
    layer = ds.GetLayerByName(table)
    if layer is None:
        layer = ds.CreateLayer(table, geom_type=ogr.wkbNone)
        for column in G.TARGET_COLUMNS:
            kind = {"int": ogr.OFTInteger, "str": ogr.OFTString, "float": ogr.OFTReal}[_OGR_TYPES[column]]
            layer.CreateField(ogr.FieldDefn(column, kind))
    if ds.StartTransaction() != 0:
        raise LifeCircleError(tr("The GeoPackage {} is busy (another program writes to it); try again.").format(path))
    try:
        for feature in list(layer):
            layer.DeleteFeature(feature.GetFID())
        for target in targets:
            feature = ogr.Feature(layer.GetLayerDefn())
            for column, value in as_rows([target])[0].items():
                if value is not None:
                    feature.SetField(column, value)
            if layer.CreateFeature(feature) != 0:
                raise LifeCircleError(tr("The target {} {} could not be written to {}.").format(
                    target.year, target.unit, path))
    except Exception:
        ds.RollbackTransaction()
        raise
    if ds.CommitTransaction() != 0:
        raise LifeCircleError(tr("The targets could not be saved in {}.").format(path))
    ds = None


# ------------------------------------------------------------------------------------------------------------
# PostGIS


def _pg_table(storage) -> str:
    return f'"{storage.schema}"."{storage.table}{SUFFIX}"'


def _read_postgres(storage) -> list[G.Target]:
    from .list_schema import literal, run_sql

    exists = run_sql(storage, f"SELECT to_regclass({literal(_pg_table(storage))}) IS NOT NULL")
    if not exists or not exists[0][0] or str(exists[0][0]).lower() in ("false", "f", "0"):
        return []
    rows = run_sql(storage, f"SELECT {', '.join(G.TARGET_COLUMNS)} FROM {_pg_table(storage)} ORDER BY year, unit")
    targets, problems = G.read_targets([dict(zip(G.TARGET_COLUMNS, r)) for r in rows])
    if problems:
        raise LifeCircleError(tr("The targets table {} has values that cannot be read: {}").format(
            _pg_table(storage), _listed(problems)))
    return targets


def _write_postgres(storage, targets: Sequence[G.Target]) -> None:
    from .list_schema import literal, run_sql

    table = _pg_table(storage)
    columns = ", ".join(f"{c} {_PG_TYPES[c]}" for c in G.TARGET_COLUMNS)
    statements = [f"CREATE TABLE IF NOT EXISTS {table} ({columns}, PRIMARY KEY (year, unit))",
                  f"DELETE FROM {table}"]
    for row in as_rows(targets):
        values = ", ".join(literal(row[c]) for c in G.TARGET_COLUMNS)
        statements.append(f"INSERT INTO {table} ({', '.join(G.TARGET_COLUMNS)}) VALUES ({values})")
    run_sql(storage, "; ".join(statements))


# ------------------------------------------------------------------------------------------------------------
# other formats: the QGIS project


def _read_project_entry(layer) -> list[G.Target]:
    import json

    from qgis.core import QgsProject

    text, _ = QgsProject.instance().readEntry(_SCOPE, _PROJECT_KEY + layer.id(), "")
    if not text:
        return []
    targets, _problems = G.read_targets(json.loads(text))  # (written by this module: checked already)
    return targets


def _write_project_entry(layer, targets: Sequence[G.Target]) -> None:
    import json

    from qgis.core import QgsProject

    QgsProject.instance().writeEntry(_SCOPE, _PROJECT_KEY + layer.id(), json.dumps(as_rows(targets),
                                                                                 ensure_ascii=False))


def targets_where(layer) -> Optional[str]:
    """Where the targets of ``layer`` are kept, in words for the dialog."""
    from .list_schema import storage_of

    storage = storage_of(layer)
    if storage is None:
        return tr("in the QGIS project (save the project to keep them)")
    if storage.kind == "gpkg":
        return tr("table {} in {}").format(storage.table + SUFFIX, storage.path)
    return tr("table {}").format(_pg_table(storage))
