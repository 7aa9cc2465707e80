"""Outputs that never destroy what was there.

A run writes each file output beside its target under a temporary name and moves it into place only when the
whole run succeeded: a run that fails or is cancelled — on its first output or its last — leaves every earlier
file as it was. A new table written into an existing GeoPackage is copied into it in one transaction, so the
GeoPackage's other layers (and a reader that has it open) are never touched. An output that would overwrite an
input of the same run (its file, or its table) is refused before anything is written.
"""

from __future__ import annotations

import glob
import os
import re
import uuid
from dataclasses import dataclass, field
from typing import Optional

#: file formats whose outputs are staged (anything else — memory layers, databases — is written as QGIS does)
STAGED_EXTENSIONS = {".gpkg", ".shp", ".geojson", ".json", ".geojsonl", ".csv", ".sqlite", ".fgb", ".gml",
                     ".kml", ".tab", ".mif", ".xlsx", ".ods", ".dxf"}
#: the folder a plain GeoPackage output is written in beside its target (then moved up into place)
STAGING_FOLDER = "_lifecircle_"
#: a shapefile's data files (its .qml/.qmd styles and metadata are the planner's, and stay)
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg", ".qix", ".sbn", ".sbx", ".shp.xml")


@dataclass
class Destination:
    """A file output: the file, and the table inside it (GeoPackage ``ogr:dbname='…' table="…"``) or None."""

    path: str
    table: Optional[str] = None

    @staticmethod
    def parse(destination: str) -> Optional["Destination"]:
        d = destination or ""
        if d.startswith("ogr:"):
            path = re.search(r"dbname='([^']*)'", d)
            table = re.search(r'table="([^"]*)"', d)
            if not path:
                return None
            return Destination(path.group(1), table.group(1) if table else None)
        if "|" in d or names_a_provider(d):
            return None
        if os.path.splitext(d)[1].lower() not in STAGED_EXTENSIONS:
            return None
        return Destination(d, None)


def names_a_provider(destination: str) -> bool:
    """Whether ``destination`` starts with a provider's name: 'memory:…', 'postgres:…' (a drive letter is one
    letter)."""
    return re.match(r"^[A-Za-z][\w+.-]+:", destination or "") is not None


@dataclass
class DatabaseTable:
    """A database output (``postgis:dbname='…' … table="schema"."name" (geom)``): its connection and table."""

    uri: str  # the data source URI (without the postgis: prefix)
    schema: str
    table: str

    @staticmethod
    def parse(destination: str) -> Optional["DatabaseTable"]:
        d = destination or ""
        if not d.startswith(("postgis:", "postgres:")):
            return None
        uri = d.split(":", 1)[1]
        m = re.search(r'table="([^"]*)"\."([^"]*)"', uri) or re.search(r'table="?([^"\s.]*)"?', uri)
        if not m:
            return None
        schema, table = (m.group(1), m.group(2)) if m.lastindex == 2 else ("public", m.group(1))
        return DatabaseTable(uri, schema, table)


@dataclass
class StagedTable:
    target: DatabaseTable
    staged: str  # the table this run writes, in the target's schema


@dataclass
class StagedFile:
    target: str
    staged: str
    into_existing: bool  # tables copied into the existing target GeoPackage at commit (its other layers kept)
    tables: list = field(default_factory=list)


class OutputStaging:
    """The file outputs of one run: where each is written, and how they are moved into place."""

    def __init__(self):
        self.files: dict[str, StagedFile] = {}
        self.tables: list[StagedTable] = []
        self.plain: set[str] = set()  # staged GeoPackages asked for by a plain path (results name the plain path)

    # -- while the run writes ----------------------------------------------------------------------------------
    def stage(self, destination: str) -> Optional[str]:
        """The destination this run writes instead of ``destination`` (None: not staged, write it as it is)."""
        table = DatabaseTable.parse(destination)
        if table is not None:  # a PostGIS table: written as a new table, renamed over the target at the end
            staged = f"{table.table[:40]}_lifecircle_{uuid.uuid4().hex[:10]}"
            self.tables.append(StagedTable(table, staged))
            return destination.replace(f'"{table.table}"', f'"{staged}"', 1) if f'"{table.table}"' in destination \
                else destination.replace(f"table={table.table}", f'table="{staged}"', 1)
        dest = Destination.parse(destination)
        if dest is None:
            return None
        target = os.path.abspath(dest.path)
        folder, name = os.path.split(target)
        stem, ext = _split_ext(name)
        # a plain 'x.gpkg' names its table 'x': it is staged under its own name, in a folder of its own beside the
        # target (written by QGIS's file writer, as the target would be: an "ogr:…" destination would go through
        # the slower layer exporter)
        plain = dest.table is None and not destination.startswith("ogr:") and ext.lower() in (".gpkg", ".sqlite")
        staged = self.files.get(target)
        if staged is None:
            if plain:
                inside = os.path.join(folder, f"{STAGING_FOLDER}{uuid.uuid4().hex[:10]}")
                os.makedirs(inside)
                path = os.path.join(inside, name)
            else:
                # (no leading dot and no dot but the extension's: QGIS parses "ogr:dbname='…'" names by their dots)
                path = os.path.join(folder, f"_{stem.replace('.', '_')}_lifecircle_{uuid.uuid4().hex[:10]}{ext}")
            into = dest.table is not None and ext.lower() == ".gpkg" and os.path.exists(target)
            staged = self.files[target] = StagedFile(target, path, into)
        if dest.table is not None:
            staged.tables.append(dest.table)
        if destination.startswith("ogr:"):
            return destination.replace(dest.path, staged.staged)
        if plain:
            self.plain.add(staged.staged)
        return staged.staged

    def final(self, written: str) -> str:
        """The destination a result names (the target) for what a sink reports it wrote (the staged file)."""
        for staged in self.files.values():
            if staged.staged in written:
                if staged.staged in self.plain:
                    return staged.target
                return written.replace(staged.staged, staged.target)
        for staged in self.tables:
            if staged.staged in written:
                return written.replace(staged.staged, staged.target.table)
        return written

    # -- at the end ------------------------------------------------------------------------------------------------
    def commit(self) -> list[str]:
        """Moves every staged output into place; returns the problems (file: reason) of those that could not be."""
        problems = []
        for staged in self.files.values():
            try:
                if staged.into_existing:
                    _copy_tables_into(staged.staged, staged.target, staged.tables)
                    remove_staged(staged.staged)
                else:
                    _move_into_place(staged.staged, staged.target)
            except (OSError, RuntimeError) as exc:
                problems.append(f"{staged.target}: {exc}")
                remove_staged(staged.staged)
        for staged in self.tables:
            t = staged.target
            try:
                _execute(t.uri, f'BEGIN; DROP TABLE IF EXISTS {_quoted(t.schema, t.table)}; '
                                f'ALTER TABLE {_quoted(t.schema, staged.staged)} RENAME TO "{t.table}"; COMMIT;')
            except RuntimeError as exc:
                problems.append(f"{t.schema}.{t.table}: {exc}")
                self._drop(staged)
        self.files.clear()
        self.tables.clear()
        self.plain.clear()
        return problems

    def discard(self) -> None:
        for staged in self.files.values():
            remove_staged(staged.staged)
        for staged in self.tables:
            self._drop(staged)
        self.files.clear()
        self.tables.clear()
        self.plain.clear()

    @staticmethod
    def _drop(staged: StagedTable) -> None:
        try:
            _execute(staged.target.uri, f"DROP TABLE IF EXISTS {_quoted(staged.target.schema, staged.staged)}")
        except RuntimeError:
            pass


def _quoted(schema: str, table: str) -> str:
    return '"{}"."{}"'.format(schema.replace('"', '""'), table.replace('"', '""'))


def _execute(uri: str, sql: str) -> None:
    """Runs ``sql`` on the PostgreSQL database of a data source URI (QGIS's own connection, its credentials)."""
    from qgis.core import QgsProviderConnectionException, QgsProviderRegistry

    try:
        connection = QgsProviderRegistry.instance().providerMetadata("postgres").createConnection(uri, {})
    except QgsProviderConnectionException as exc:
        raise RuntimeError(str(exc)) from None
    try:
        connection.executeSql(sql)
    except QgsProviderConnectionException as exc:
        try:  # (a failed statement leaves the pooled connection in an aborted transaction)
            connection.executeSql("ROLLBACK")
        except QgsProviderConnectionException:
            pass
        raise RuntimeError(str(exc)) from None


def _split_ext(name: str) -> tuple[str, str]:
    if name.lower().endswith(".shp.xml"):
        return name[:-8], name[-8:]
    stem, ext = os.path.splitext(name)
    return stem, ext


def _parts(path: str) -> list[str]:
    """A file and its side files: a shapefile's parts, SQLite's journal files."""
    stem, ext = _split_ext(path)
    if ext.lower() == ".shp":
        return [p for p in (stem + e for e in SHAPEFILE_PARTS) if os.path.exists(p)]
    return [p for p in (path, path + "-wal", path + "-shm", path + "-journal") if os.path.exists(p)]


def remove_staged(path: str) -> None:
    stem, _ = _split_ext(path)
    for p in set(_parts(path)) | set(glob.glob(glob.escape(stem) + ".*")):
        try:
            os.remove(p)
        except OSError:
            pass
    remove_staging_folder(path)


def remove_staging_folder(path: str) -> None:
    """Removes the folder a staged file was written in, when it is one of ours (and empty)."""
    folder = os.path.dirname(path)
    if os.path.basename(folder).startswith(STAGING_FOLDER):
        try:
            os.rmdir(folder)
        except OSError:
            pass


def _move_into_place(staged: str, target: str) -> None:
    """Replaces ``target`` with ``staged`` (each part of a shapefile; parts the new file lacks are removed)."""
    s_stem, ext = _split_ext(staged)
    t_stem, _ = _split_ext(target)
    if ext.lower() == ".shp":
        new = {p[len(s_stem):] for p in _parts(staged)}
        for old in _parts(target):
            if old[len(t_stem):] not in new:
                os.remove(old)
        for part in sorted(new, key=lambda e: e != ".shp"):  # (the .shp last: a reader sees a whole file or none)
            os.replace(s_stem + part, t_stem + part)
        return
    for side in ("-wal", "-shm", "-journal"):
        if os.path.exists(target + side) and not os.path.exists(staged + side):
            os.remove(target + side)  # (a journal of the old file must not be replayed into the new one)
    os.replace(staged, target)
    remove_staging_folder(staged)


def _copy_tables_into(staged: str, target: str, tables: list) -> None:
    """Copies ``tables`` of the GeoPackage ``staged`` into ``target`` in one transaction, replacing tables of the
    same names; every other table of ``target`` stays as it is."""
    from osgeo import ogr

    with _Exceptions():
        src = ogr.Open(staged)
        dst = ogr.Open(target, update=1)
        if src is None or dst is None:
            raise RuntimeError("could not be opened to copy the result into it")
        dst.StartTransaction(force=True)
        try:
            for table in dict.fromkeys(tables):
                _replace_table(src.GetLayerByName(table), dst, table)
            dst.CommitTransaction()
        except Exception:
            dst.RollbackTransaction()
            raise
        finally:
            src = dst = None  # noqa: F841 (closes both)


def _replace_table(layer, dst, name: str) -> None:
    from osgeo import ogr

    for i in range(dst.GetLayerCount()):
        if dst.GetLayer(i).GetName() == name:
            dst.DeleteLayer(i)
            break
    options = [f"GEOMETRY_NAME={layer.GetGeometryColumn() or 'geom'}", f"FID={layer.GetFIDColumn() or 'fid'}"]
    out = dst.CreateLayer(name, layer.GetSpatialRef(), layer.GetGeomType(), options)
    definition = layer.GetLayerDefn()
    for i in range(definition.GetFieldCount()):
        out.CreateField(definition.GetFieldDefn(i))
    layer.ResetReading()
    out_definition = out.GetLayerDefn()
    for feature in layer:
        copy = ogr.Feature(out_definition)
        copy.SetFrom(feature)
        copy.SetFID(feature.GetFID())
        out.CreateFeature(copy)


class _Exceptions:
    """GDAL exceptions on while copying (and as they were afterwards)."""

    def __enter__(self):
        from osgeo import gdal

        self.before = gdal.GetUseExceptions()
        gdal.UseExceptions()

    def __exit__(self, *exc):
        from osgeo import gdal

        if not self.before:
            gdal.DontUseExceptions()
        return False


# -- outputs over inputs ---------------------------------------------------------------------------------------


def overwrites_input(output: Destination, inputs: dict):
    """The input that ``output`` would overwrite (its value in ``inputs``), or None. ``inputs``: {(real path, table
    or None): what names the input}. An output over an input's whole file, or over its table, would destroy it; a
    new table in an input's GeoPackage does not."""
    path = os.path.realpath(output.path)
    for (in_path, in_table), label in inputs.items():
        if in_path != path:
            continue
        if output.table is None or in_table is None or output.table == in_table:
            return label
    return None
