"""Upgrading a shared project list's table, once and explicitly: the schema fields added since it was made
(``previous_id``), a version per project and the database's own guard.

* ``lc_version`` (integer): every change of a row raises it by one — the database does it (a trigger), whoever
  writes: LifeCircle, QGIS's own attribute table, another tool. A save by LifeCircle claims the next version of
  the version it started from; the database refuses the claim when someone else saved in between.
* ``updated_by``: who saved the project last (set by LifeCircle's saves), for the message a colleague sees.

The upgrade is safe when two planners open the list at the same moment (PostGIS: one transaction under an
advisory lock, ``ADD COLUMN IF NOT EXISTS``; GeoPackage: a column someone else added in between is taken as
added). A save never changes the table's columns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from qgis.core import QgsDataSourceUri, QgsProviderRegistry, QgsVectorLayer

from .core import projects as P
from .core.programme import STARTED_STATUSES
from .core.errors import LifeCircleError
from .messages import tr

VERSION = "lc_version"
EDITOR = "updated_by"
CONFLICT_MARK = "lifecircle-conflict"
_GUARD_FUNCTION = "lifecircle_version_guard"
_PG_TRIGGER = "lifecircle_version_guard"
_SQL_TYPES = {P.TEXT: "TEXT", P.INTEGER: "INTEGER", P.REAL: "REAL", P.DATE: "DATE", P.DATETIME: "DATETIME"}
_PG_TYPES = {P.TEXT: "text", P.INTEGER: "integer", P.REAL: "double precision", P.DATE: "date",
             P.DATETIME: "timestamp"}




@dataclass
class Storage:
    """Where a project list's rows are: a GeoPackage table or a PostGIS table."""

    kind: str  # "gpkg" | "postgres"
    table: str
    path: str = ""  # GeoPackage file
    schema: str = ""
    key: str = "fid"
    geometry: str = "geom"
    connection: str = ""  # PostGIS: the layer's data source (the password never shown)

    @property
    def qualified(self) -> str:
        return f'"{self.schema}"."{self.table}"' if self.kind == "postgres" else _quote(self.table)


def storage_of(layer: QgsVectorLayer) -> Optional[Storage]:
    """The table behind ``layer`` when it is a GeoPackage or PostGIS table, else None (memory, shapefile …)."""
    provider = layer.providerType()
    if provider == "ogr":
        parts = QgsProviderRegistry.instance().decodeUri("ogr", layer.source())
        path = parts.get("path") or ""
        if not path.lower().endswith(".gpkg") or parts.get("subset"):
            return None
        table = parts.get("layerName") or _only_layer(path)
        keys = layer.dataProvider().pkAttributeIndexes()
        key = layer.fields().at(keys[0]).name() if keys else "fid"
        return Storage("gpkg", table, path=path, key=key) if table else None
    if provider == "postgres":
        uri = QgsDataSourceUri(layer.source())
        if uri.sql():
            return None
        return Storage("postgres", uri.table(), schema=uri.schema() or "public", key=uri.keyColumn() or "fid",
                       geometry=uri.geometryColumn() or "geom", connection=layer.source())
    return None


@dataclass
class Upgrade:
    added: list[str] = field(default_factory=list)  # columns added by this run
    guard_added: bool = False
    problem: Optional[str] = None  # why it could not be upgraded (read-only file, no rights …)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.guard_added)


def lacks_columns(layer: QgsVectorLayer) -> bool:
    """Whether the layer lacks a column the upgrade adds."""
    names = {f.name().lower() for f in layer.fields()}
    return any(name not in names for name, _, _ in _wanted_columns(_SQL_TYPES))


def upgrade_table(storage: Storage) -> Upgrade:
    """Add what the table lacks (idempotent; safe when two planners run it at once)."""
    return _upgrade_gpkg(storage) if storage.kind == "gpkg" else _upgrade_postgres(storage)


# ------------------------------------------------------------------------------------------------------------
# GeoPackage


class gpkg_dataset:  # noqa: N801 - used as a context manager
    """A GDAL dataset on a GeoPackage, closed on leaving (waits up to 15 s for another writer's lock)."""

    def __init__(self, path: str, update: bool = True):
        self.path, self.update, self.ds = path, update, None

    def __enter__(self):
        from osgeo import gdal, ogr

        old = gdal.GetConfigOption("OGR_SQLITE_PRAGMA")
        gdal.SetConfigOption("OGR_SQLITE_PRAGMA", "busy_timeout=15000")
        try:
            self.ds = ogr.Open(self.path, 1 if self.update else 0)
        finally:
            gdal.SetConfigOption("OGR_SQLITE_PRAGMA", old)
        if self.ds is None:
            raise LifeCircleError(tr("Cannot open the GeoPackage {} for writing (read-only, or missing?).").format(
                self.path) if self.update else tr("Cannot open the GeoPackage {}.").format(self.path))
        return self.ds

    def __exit__(self, *exc):
        self.ds = None
        return False


def _only_layer(path: str) -> str:
    with gpkg_dataset(path, update=False) as ds:
        return ds.GetLayer(0).GetName() if ds.GetLayerCount() == 1 else ""


def _gpkg_columns(ds, table: str) -> dict[str, str]:
    sql = ds.ExecuteSQL(f"PRAGMA table_info({_quote(table)})")
    try:
        return {f.GetField(1).lower(): f.GetField(2) for f in sql}
    finally:
        ds.ReleaseResultSet(sql)


def _gpkg_triggers(ds, storage: Storage) -> list[str]:
    sql = ds.ExecuteSQL("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = "
                        f"{literal(storage.table)} AND name LIKE '%lc_version%'")
    try:
        return [f.GetField(0) for f in sql]
    finally:
        ds.ReleaseResultSet(sql)


def _upgrade_gpkg(storage: Storage) -> Upgrade:
    from osgeo import gdal

    out = Upgrade()
    try:
        with gpkg_dataset(storage.path) as ds:
            have = _gpkg_columns(ds, storage.table)
            for name, sql_type, default in _wanted_columns(_SQL_TYPES):
                if name in have:
                    continue
                gdal.ErrorReset()
                ds.ExecuteSQL(f"ALTER TABLE {_quote(storage.table)} ADD COLUMN {_quote(name)} {sql_type}{default}")
                error = gdal.GetLastErrorMsg()
                if error and "duplicate column" not in error:  # added by a colleague in between: fine
                    raise LifeCircleError(tr("The column {} could not be added to {}: {}").format(
                        name, storage.path, error))
                out.added.append(name)
            for sql in legacy_date_sql(storage, out.added):
                ds.ExecuteSQL(sql)
            if len(_gpkg_triggers(ds, storage)) < 3:
                for sql in _gpkg_guard_sql(storage):
                    ds.ExecuteSQL(sql)
                out.guard_added = True
    except LifeCircleError as exc:
        out.problem = str(exc)
    return out


def _gpkg_guard_sql(storage: Storage) -> list[str]:
    """Claims are negative: a save that starts from version n writes -(n+1); the database checks it is the next
    version and stores n+1. A write without a claim (another tool) just raises the version."""
    t, key, v, e = _quote(storage.table), _quote(storage.key), _quote(VERSION), _quote(EDITOR)
    name = storage.table.replace('"', "")
    return [
        f'CREATE TRIGGER IF NOT EXISTS "{name}_lc_version_claim" BEFORE UPDATE ON {t} '
        f"WHEN NEW.{v} < 0 AND -NEW.{v} IS NOT coalesce(OLD.{v}, 0) + 1 "
        f"BEGIN SELECT RAISE(ABORT, '{CONFLICT_MARK}: the project was changed by another user'); END",
        f'CREATE TRIGGER IF NOT EXISTS "{name}_lc_version_set" AFTER UPDATE ON {t} WHEN NEW.{v} < 0 '
        f"BEGIN UPDATE {t} SET {v} = -NEW.{v} WHERE {key} = NEW.{key}; END",
        f'CREATE TRIGGER IF NOT EXISTS "{name}_lc_version_bump" AFTER UPDATE ON {t} WHEN NEW.{v} IS OLD.{v} '
        f"BEGIN UPDATE {t} SET {v} = coalesce(OLD.{v}, 0) + 1, {e} = CASE WHEN NEW.{e} IS OLD.{e} THEN NULL "
        f"ELSE NEW.{e} END WHERE {key} = NEW.{key}; END",
    ]


# ------------------------------------------------------------------------------------------------------------
# PostGIS


def _upgrade_postgres(storage: Storage) -> Upgrade:
    out = Upgrade()
    rows = run_sql(storage, "SELECT column_name FROM information_schema.columns WHERE table_schema = "
                            f"{literal(storage.schema)} AND table_name = {literal(storage.table)}")
    have = {r[0].lower() for r in rows}
    missing = [(n, t, d) for n, t, d in _wanted_columns(_PG_TYPES) if n not in have]
    if not missing and _pg_has_guard(storage):
        return out
    q = storage.qualified
    statements = [f"SELECT pg_advisory_xact_lock(hashtext({literal('lifecircle:' + q)}))"]
    statements += [f'ALTER TABLE {q} ADD COLUMN IF NOT EXISTS "{n}" {t}{d}' for n, t, d in missing]
    statements += legacy_date_sql(storage, [n for n, _, _ in missing])
    function = f'"{storage.schema}"."{_GUARD_FUNCTION}"'
    statements.append(
        f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $lcguard$ BEGIN "
        f"IF NEW.{VERSION} < 0 THEN IF -NEW.{VERSION} <> coalesce(OLD.{VERSION}, 0) + 1 THEN RAISE EXCEPTION "
        f"'{CONFLICT_MARK}: project % was changed by another user', OLD.project_id USING ERRCODE = '40001'; "
        f"END IF; NEW.{VERSION} := -NEW.{VERSION}; "
        f"ELSIF NEW.{VERSION} IS NOT DISTINCT FROM OLD.{VERSION} THEN NEW.{VERSION} := coalesce(OLD.{VERSION}, 0) + 1; "
        f"IF NEW.{EDITOR} IS NOT DISTINCT FROM OLD.{EDITOR} THEN NEW.{EDITOR} := NULL; END IF; "
        "END IF; RETURN NEW; END $lcguard$")
    statements.append(f'DROP TRIGGER IF EXISTS "{_PG_TRIGGER}" ON {q}')
    statements.append(f'CREATE TRIGGER "{_PG_TRIGGER}" BEFORE UPDATE ON {q} FOR EACH ROW EXECUTE PROCEDURE '
                      f"{function}()")
    try:
        run_sql(storage, "; ".join(statements))
    except LifeCircleError as exc:
        out.problem = str(exc)
        return out
    out.added = [n for n, _, _ in missing]
    out.guard_added = True
    return out


def _pg_has_guard(storage: Storage) -> bool:
    """Whether the table has the database's guard (its function is replaced by every upgrade)."""
    rows = run_sql(storage, "SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN "
                            "pg_namespace n ON n.oid = c.relnamespace WHERE t.tgname = "
                            f"'{_PG_TRIGGER}' AND c.relname = {literal(storage.table)} "
                            f"AND n.nspname = {literal(storage.schema)}")
    return bool(rows and int(rows[0][0]))


def legacy_date_sql(storage: Storage, added: list[str]) -> list[str]:
    """When the actual dates are added to a list made before them: the old pair of dates, kept current by the
    offices ("planned until the work starts / ends, then actual"), gives started projects their actual start and
    finished ones their actual end (core.programme.actual_dates_from_legacy says the same for one project)."""
    out = []
    for actual, old, statuses in (("actual_start", "start_date", STARTED_STATUSES),
                                  ("actual_end", "end_date", P.FINISHED_STATUSES)):
        if actual in added:
            listed = ", ".join(literal(s) for s in statuses)
            out.append(f"UPDATE {storage.qualified} SET {_quote(actual)} = {_quote(old)} WHERE {_quote(actual)} IS "
                       f"NULL AND {_quote(old)} IS NOT NULL AND trim(status) IN ({listed})")
    return out


def _wanted_columns(types: dict) -> list[tuple[str, str, str]]:
    """(name, SQL type, default clause) of the columns the upgrade adds: the schema's later fields and the
    system columns the planner never types in."""
    cols = [(s.name, types[s.type], "") for s in P.FIELDS if s.optional_in_layer]
    return cols + [(VERSION, types[P.INTEGER], " DEFAULT 1"), (EDITOR, types[P.TEXT], "")]


def run_sql(storage: Storage, sql: str) -> list[list]:
    """Runs SQL on the list's PostGIS database (several statements: one transaction); the rows of the last.
    Errors become a LifeCircleError in the planner's words (server unreachable, refused, conflict)."""
    from .project_layer import _exc_text, _sql_connection

    try:
        conn = _sql_connection(storage.connection)
    except Exception as exc:  # noqa: BLE001 - QgsProviderConnectionException
        raise LifeCircleError(server_problem(_exc_text(exc)))
    try:
        return conn.executeSql(sql) or []
    except Exception as exc:  # noqa: BLE001
        message = server_problem(_exc_text(exc))
    finally:
        del conn  # (no provider object in a traceback's frames)
    raise LifeCircleError(message)


_UNREACHABLE = ("could not connect", "connection refused", "server closed the connection", "no connection to the "
                "server", "terminating connection", "connection to server", "timeout expired", "could not translate "
                "host name", "the database system is shutting down", "the database system is starting up")


def server_problem(text: str) -> str:
    """What the database said, in a planner's words when it is the usual trouble."""
    low = text.lower()
    if any(s in low for s in _UNREACHABLE):
        return tr("The database server cannot be reached (is it running, and is the network up?). Nothing was "
                  "saved.") + f" [{text.strip().splitlines()[0] if text.strip() else ''}]"
    if "permission denied" in low or "must be owner" in low:
        return tr("The database refused: your database role may not change this table (ask its owner).") + \
            f" [{text.strip().splitlines()[0]}]"
    return text.strip()


# ------------------------------------------------------------------------------------------------------------
# SQL text


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def literal(value) -> str:
    """A Python value as an SQL literal (both SQLite and PostgreSQL with standard strings)."""
    import datetime as dt
    import math

    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else "NULL"
    if isinstance(value, dt.datetime):
        return "'" + value.replace(microsecond=0, tzinfo=None).isoformat(sep=" ") + "'"
    if isinstance(value, dt.date):
        return "'" + value.isoformat() + "'"
    text = str(value).replace("\x00", "")
    return "'" + text.replace("'", "''") + "'"


def upgrade_layer(layer: QgsVectorLayer) -> Upgrade:
    """Upgrade the table behind ``layer`` when it needs it, then let the layer see the new columns (refused while
    the layer has unsaved edits: they are kept, and the upgrade waits)."""
    if not lacks_columns(layer):
        return Upgrade()
    storage = storage_of(layer)
    if storage is None:
        return Upgrade()
    if layer.isEditable() and layer.isModified():
        return Upgrade(problem=tr("'{}' has unsaved edits: save or roll them back, then open the list again to "
                                  "upgrade it.").format(layer.name()))
    out = upgrade_table(storage)
    if out.problem is None and lacks_columns(layer):
        from qgis.core import QgsDataProvider

        editing = layer.isEditable()
        if editing:
            layer.rollBack()
        layer.setDataSource(layer.source(), layer.name(), layer.providerType(), QgsDataProvider.ProviderOptions())
        if editing:
            layer.startEditing()
    return out
